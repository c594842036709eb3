"""The ``batch`` command on Ray, run as users run it (``python -m sceneorchestra_addon batch ...`` in a
subprocess): a local Ray started by the command, and a 2-node cluster on this machine (``ray start
--head`` plus a second ``ray start --address``) with a worker killed in the middle of the batch.

Both are small (10 and 8 scenes, 2 workers) so the whole suite stays within CI's budget; the
200-scene run of the README was made by hand.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import ROOT

pytest.importorskip("ray", reason='the batch extra is not installed: pip install -e ".[batch]"')

PROMPTS = ("Design me a bedroom", "A small office with two desks")


def batch(prompts_file: Path, out: Path, *args: str, timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sceneorchestra_addon", "batch", str(prompts_file), "--out", str(out), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=timeout, env=env)


def manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def prompts_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("prompts") / "prompts.txt"
    path.write_text("# two rooms\n" + "\n".join(PROMPTS) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- a local Ray


@pytest.fixture(scope="module")
def local_batch(prompts_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "batch"
    run = batch(prompts_file, out, "--seeds", "0-4", "--backend", "rules", "--export", "urdf", "--workers", "2")
    return out, run


@pytest.mark.slow
def test_local_batch_makes_every_scene_with_a_manifest_summary_and_sheet(local_batch):
    out, run = local_batch
    assert run.returncode == 0, run.stderr[-3000:]
    rows = manifest(out)
    assert len(rows) == 10 and {(r["prompt"], r["seed"]) for r in rows} == {(p, s) for p in PROMPTS for s in range(5)}
    assert all(r["status"] == "ok" and r["error"] == "" and r["backend"] == "rules" for r in rows)
    assert sum(r["metrics"]["n_oob"] for r in rows) == 0 and sum(r["metrics"]["n_collision_pairs"] for r in rows) == 0
    assert len({r["worker"]["pid"] for r in rows}) == 2  # two workers, each made several scenes (one backend each)
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["scenes"], summary["ok"], summary["failed"], summary["ran"], summary["workers"]) == (10, 10, 0, 10, 2)
    assert "scenes/s" in run.stderr and "ETA" in run.stderr and "10 scenes: 10 ok, 0 failed" in run.stdout
    assert (out / "contact_sheet.png").stat().st_size > 10_000
    assert not [p for p in (out / "scenes").iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_ten_batch_exports_load_in_pybullet(local_batch):
    p = pytest.importorskip("pybullet")
    out, run = local_batch
    rows = manifest(out)
    assert len(rows) == 10
    for row in rows:
        scene = out / row["paths"]["exports"]["urdf"]
        models = json.loads((scene.parent / "manifest.json").read_text())["models"]
        client = p.connect(p.DIRECT)
        try:
            body = p.loadURDF(str(scene), useFixedBase=True, physicsClientId=client)
            assert body >= 0
            moving = [j for j in range(p.getNumJoints(body, physicsClientId=client))
                      if p.getJointInfo(body, j, physicsClientId=client)[2] in (p.JOINT_REVOLUTE, p.JOINT_PRISMATIC)]
            assert len(moving) == sum(len(m["joints"]) for m in models), row["key"]
            for _ in range(60):
                p.stepSimulation(physicsClientId=client)
        finally:
            p.disconnect(client)


@pytest.mark.slow
def test_a_rerun_skips_every_verified_scene_without_starting_ray(local_batch, prompts_file):
    out, _ = local_batch
    before = {r["key"]: r for r in manifest(out)}
    started = time.monotonic()
    again = batch(prompts_file, out, "--seeds", "0-4", "--backend", "rules", "--export", "urdf", "--workers", "2")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "10 already complete, 0 to make" in again.stderr and "Ray instance" not in again.stderr
    assert time.monotonic() - started < 60
    assert {r["key"]: r for r in manifest(out)} == before


# ---------------------------------------------------------------- a 2-node cluster on this machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(path: Path, text: str, proc: subprocess.Popen, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if path.exists() and text in path.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            break
        time.sleep(0.5)
    raise AssertionError(f"ray start did not come up: {path.read_text(errors='replace')[-3000:] if path.exists() else 'no log'}")


def _stop(proc: subprocess.Popen) -> None:
    """End a `ray start --block` and every process it started (its own process group), by id."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # what draining left behind (raylet, workers)
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


@pytest.fixture
def cluster():
    """A head node and a second node, one CPU each, in processes of their own; a fresh token (so the
    machine's ~/.ray token, or another user's cluster, plays no part). Yields (address, env)."""
    ray_bin = Path(sys.executable).with_name("ray")
    temp = Path(tempfile.mkdtemp(prefix="soray"))  # short: Ray's socket paths must stay under 108 bytes
    env = dict(os.environ, RAY_AUTH_MODE="token", RAY_AUTH_TOKEN=secrets.token_hex(32))
    env.pop("RAY_ADDRESS", None)
    port = _free_port()
    common = ["--block", "--num-cpus=1", "--disable-usage-stats"]
    procs = []
    try:
        with (temp / "head.log").open("w") as log:
            procs.append(subprocess.Popen([str(ray_bin), "start", "--head", f"--port={port}", "--include-dashboard=false",
                                           f"--temp-dir={temp}", *common], stdout=log, stderr=subprocess.STDOUT, env=env,
                                          start_new_session=True, cwd=ROOT))
        _wait_for(temp / "head.log", "Ray runtime started", procs[0], 120)
        with (temp / "node.log").open("w") as log:
            procs.append(subprocess.Popen([str(ray_bin), "start", f"--address=127.0.0.1:{port}", *common], stdout=log,
                                          stderr=subprocess.STDOUT, env=env, start_new_session=True, cwd=ROOT))
        _wait_for(temp / "node.log", "Ray runtime started", procs[1], 120)
        yield f"127.0.0.1:{port}", env
    finally:
        for proc in reversed(procs):
            _stop(proc)
        shutil.rmtree(temp, ignore_errors=True)


@pytest.mark.slow
def test_two_node_cluster_uses_both_nodes_and_a_killed_worker_loses_nothing(cluster, prompts_file, tmp_path):
    address, env = cluster
    out = tmp_path / "batch"
    args = ("--seeds", "0-3", "--backend", "rules", "--render", "--resolution", "120", "--address", address)
    proc = subprocess.Popen([sys.executable, "-m", "sceneorchestra_addon", "batch", str(prompts_file), "--out", str(out), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        killed = None
        end = time.monotonic() + 240
        while killed is None and time.monotonic() < end and proc.poll() is None:  # the first finished scene names a worker: kill it
            rows = manifest(out) if (out / "manifest.jsonl").exists() else []
            if rows:
                killed = rows[0]["worker"]["pid"]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.1)
        stdout, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert killed is not None, stderr[-3000:]
    assert proc.returncode in (0, 1), stderr[-3000:]
    first = manifest(out)
    assert "a worker died while running a task" in stderr, stderr[-3000:]
    assert len({r["worker"]["node"] for r in first if r["status"] == "ok"}) == 2  # tasks ran on both nodes

    again = batch(prompts_file, out, *args, env=env)  # the rerun completes whatever the kill left
    assert again.returncode == 0, again.stderr[-3000:]
    rows = manifest(out)
    assert len(rows) == 8 and all(r["status"] == "ok" for r in rows)
    assert {(r["prompt"], r["seed"]) for r in rows} == {(p, s) for p in PROMPTS for s in range(4)}
    kept = {r["key"]: r for r in first if r["status"] == "ok"}
    assert all(r == kept[r["key"]] for r in rows if r["key"] in kept)  # nothing complete was made again
    for r in rows:
        folder = out / r["paths"]["folder"]
        assert (folder / "preview.png").is_file() and (folder / "scene.blend").is_file() and (folder / "scene.json").is_file()
    assert not [p for p in (out / "scenes").iterdir() if p.name.startswith(".")]  # the killed worker's half-made folder is gone
