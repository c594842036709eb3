"""The headless `run` command, as a user meets it: files written, bad input, unwritable output."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PIL import Image

from conftest import DATA, ROOT
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.ground.state import SceneState


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sceneorchestra_addon", "run", *args], cwd=ROOT, capture_output=True, text=True)


def test_run_writes_scene_blend_trajectory_and_preview(tmp_path):
    out = tmp_path / "bedroom"
    result = run(str(DATA / "bedroom.txt"), "--out", str(out), "--resolution", "200")
    assert result.returncode == 0, result.stderr
    state = SceneState.from_json((out / "scene.json").read_text())
    assert any(o.category == "double_bed" for o in state.objects)
    annotated = (out / "trajectory.txt").read_text()
    assert "# ok: created double_bed_0" in annotated
    assert [(c.tool, c.args) for c in T.load(annotated).calls] == [(c.tool, c.args) for c in T.load((DATA / "bedroom.txt").read_text()).calls]
    image = Image.open(out / "preview.png")
    assert image.size == (400, 200) and len(image.convert("L").getcolors(maxcolors=1 << 16) or []) > 20
    assert (out / "scene.blend").stat().st_size > 10_000
    # the .blend holds the state and the trajectory, and reopens
    check = (
        "import bpy, sys; bpy.ops.wm.open_mainfile(filepath=sys.argv[1]);"
        "from sceneorchestra_addon.blender.sync import load_stored; s, t = load_stored();"
        "print(len(s.objects), t.splitlines()[0])"
    )
    reopened = subprocess.run([sys.executable, "-c", check, str(out / "scene.blend")], cwd=ROOT, capture_output=True, text=True)
    assert f"{len(state.objects)} 1. init_room" in reopened.stdout, reopened.stderr


def test_run_is_deterministic(tmp_path):
    for name in ("a", "b"):
        assert run(str(DATA / "kitchen.txt"), "--out", str(tmp_path / name), "--seed", "4", "--no-blender").returncode == 0
    assert (tmp_path / "a" / "scene.json").read_bytes() == (tmp_path / "b" / "scene.json").read_bytes()


def test_run_rejects_a_bad_trajectory_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text('1. init_room(room_type="bedroom", width_m=4.0, depth_m=3.0)\n2. add_objct(category="sofa")\n3. terminate(status="success")\n')
    out = tmp_path / "out"
    result = run(str(bad), "--out", str(out))
    assert result.returncode == 2
    assert "line 2: add_objct: unknown tool 'add_objct'; did you mean 'add_object'?" in result.stderr
    assert not out.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_run_into_read_only_folder_fails_clearly(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run(str(DATA / "bedroom.txt"), "--out", str(locked / "room"))
    finally:
        locked.chmod(0o700)
    assert result.returncode == 3 and "cannot write to" in result.stderr


def test_run_into_a_file_path_fails_clearly(tmp_path):
    target = tmp_path / "a_file"
    target.write_text("keep me")
    result = run(str(DATA / "bedroom.txt"), "--out", str(target))
    assert result.returncode == 3 and "cannot write to" in result.stderr
    assert target.read_text() == "keep me"


def test_catalog_command_lists_every_category():
    result = subprocess.run([sys.executable, "-m", "sceneorchestra_addon", "catalog"], cwd=ROOT, capture_output=True, text=True)
    entries = json.loads(result.stdout)
    assert len(entries) >= 80
    bed = next(e for e in entries if e["name"] == "double_bed")
    assert "bedroom" in bed["rooms"] and bed["placement"] == "floor"
    assert any(e["articulated"] for e in entries)
