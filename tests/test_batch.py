"""The ``batch`` command's parts without a Ray cluster: seeds and prompt files, one scene made the way a
worker makes it (the same files as ``generate``, atomically, verified by size and SHA-256), the
manifest, the summary and contact sheet, the runner's in-process and process-pool engines, the
message without Ray, and that the add-on never imports any of it. The runs on Ray are in
tests/test_batch_ray.py."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from sceneorchestra_addon import batch_runner as R
from sceneorchestra_addon import batch_scenes as B
from sceneorchestra_addon.agent.pipeline import BackendSettings, Pipeline
from sceneorchestra_addon.batch_report import contact_sheet, format_summary, summarize
from sceneorchestra_addon.cli_batch import parse_seeds, read_prompts

RULES = BackendSettings("rules")


# ---------------------------------------------------------------- input


@pytest.mark.parametrize("text, seeds", [("0-3", [0, 1, 2, 3]), ("7", [7]), ("0,2,5-7", [0, 2, 5, 6, 7]), ("1,1,0-1", [1, 0]),
                                         (" 3 , 4 ", [3, 4])])
def test_seeds(text, seeds):
    assert parse_seeds(text) == seeds


@pytest.mark.parametrize("text", ["", "a", "5-2", "-3", "1-x", ","])
def test_bad_seeds_say_what_to_write(text):
    with pytest.raises(ValueError, match="seed"):
        parse_seeds(text)


def test_prompt_files(tmp_path):
    text = tmp_path / "p.txt"
    text.write_text("Design me a bedroom\n\n# a comment\n  Design me a   kitchen \nDesign me a bedroom\n", encoding="utf-8")
    assert read_prompts(text) == ["Design me a bedroom", "Design me a kitchen"]
    tsv = tmp_path / "p.tsv"
    tsv.write_text("instruction\tspecs\nA bedroom with two nightstands\teq,2,nightstand\nA small gym\t\n", encoding="utf-8")
    assert read_prompts(tsv) == ["A bedroom with two nightstands", "A small gym"]


def test_scene_keys_are_stable_readable_and_distinct():
    a = B.SceneSpec("Design me a bedroom", 3, "teacher")
    assert a.key == B.SceneSpec("Design me a bedroom", 3, "teacher").key
    assert a.key.startswith("design-me-a-bedroom-") and a.key.endswith("-teacher-s3")
    others = {B.SceneSpec("Design me a bedroom!", 3, "teacher").key, B.SceneSpec("Design me a bedroom", 4, "teacher").key,
              B.SceneSpec("Design me a bedroom", 3, "rules").key}
    assert a.key not in others and len(others) == 3


# ---------------------------------------------------------------- one scene, as a worker makes it


@pytest.fixture
def worker(tmp_path):
    out = tmp_path / "batch"
    out.mkdir()
    (out / B.TOKEN).write_text("t\n")
    cfg = B.BatchConfig(str(out), RULES, exports=("urdf",), token="t")
    return B.setup_worker(cfg)


def test_a_scene_is_the_run_folder_of_generate_plus_its_record(worker, tmp_path):
    spec = B.SceneSpec("Design me a bedroom", 2, "rules")
    row = B.make_scene(worker, spec)
    out = Path(worker.config.out)
    folder = out / spec.folder
    assert row["status"] == "ok" and row["error"] == "" and row["key"] == spec.key
    assert sorted(p.name for p in folder.iterdir()) == ["batch.json", "export", "metrics.json", "review.png", "scene.json", "trajectory.txt"]
    assert row["paths"]["exports"] == {"urdf": f"{spec.folder}/export/urdf/scene.urdf"} and (out / row["paths"]["exports"]["urdf"]).is_file()
    assert row["metrics"]["n_oob"] == 0 and row["metrics"]["n_collision_pairs"] == 0 and row["metrics"]["n_obj"] > 20
    assert set(row["timings"]) >= {"generation_s", "execution_s", "write_s", "export_s", "scene_s"}
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no temporary folder left
    # the same scene generate writes (same prompt, seed and backend): byte for byte
    generated = Pipeline(RULES).run(spec.prompt, seed=spec.seed)
    assert (folder / "scene.json").read_text() == generated.execution.state.to_json()
    ref = tmp_path / "ref"
    subprocess.run([sys.executable, "-m", "sceneorchestra_addon", "generate", spec.prompt, "--backend", "rules", "--seed", "2", "--out",
                    str(ref), "--no-blender"], check=True, capture_output=True, cwd=ROOT)
    for name in ("scene.json", "trajectory.txt"):
        assert (folder / name).read_bytes() == (ref / name).read_bytes(), name
    # the stored record verifies; this batch's options decide what a complete scene must hold
    record = json.loads((folder / "batch.json").read_text())
    assert B.verify_scene(out, spec, worker.config) == {k: v for k, v in record.items() if k != "files"} == row
    assert set(record["files"]) >= {"scene.json", "metrics.json", "review.png", "trajectory.txt", "export/urdf/scene.urdf"}
    from dataclasses import replace

    assert B.verify_scene(out, spec, replace(worker.config, exports=("urdf", "mjcf"))) is None  # an export it lacks
    assert B.verify_scene(out, spec, replace(worker.config, render=True)) is None  # no preview
    assert B.verify_scene(out, spec, replace(worker.config, samples=2)) is None  # made otherwise
    assert B.verify_scene(out, spec, replace(worker.config, exports=())) is not None  # more than asked is fine


def test_a_damaged_scene_does_not_verify_and_is_made_again_in_place(worker):
    spec = B.SceneSpec("Design me a kitchen", 0, "rules")
    B.make_scene(worker, spec)
    out = Path(worker.config.out)
    folder = out / spec.folder
    before = (folder / "scene.json").read_bytes()
    with (folder / "review.png").open("ab") as fh:
        fh.write(b"x")
    assert B.verify_scene(out, spec, worker.config) is None
    (folder / "review.png").unlink()
    assert B.verify_scene(out, spec, worker.config) is None
    assert B.make_scene(worker, spec)["status"] == "ok"
    assert B.verify_scene(out, spec, worker.config) is not None and (folder / "scene.json").read_bytes() == before
    assert sorted(p.name for p in folder.parent.iterdir()) == [spec.key]


def test_a_failed_scene_is_a_row_with_its_error_and_leaves_no_folder(worker):
    spec = B.SceneSpec("Design me a spaceship", 0, "rules")
    row = B.make_scene(worker, spec)
    assert row["status"] == "failed" and row["stage"] == "generate" and row["error"].startswith("PromptError: no room type found")
    assert "(at " not in row["error"]  # a user's error names no source line
    assert row["metrics"] == {} and row["paths"] == {}
    assert not (Path(worker.config.out) / B.SCENES_DIR).exists() or not list((Path(worker.config.out) / B.SCENES_DIR).iterdir())


def test_a_worker_that_does_not_see_the_drivers_folder_says_so(tmp_path):
    cfg = B.BatchConfig(str(tmp_path), RULES, token="the-drivers-mark")
    with pytest.raises(RuntimeError, match="shared file system"):
        B.setup_worker(cfg)


def test_leftover_temporary_folders_are_cleaned(tmp_path):
    scenes = tmp_path / B.SCENES_DIR
    for name in (".tmp-a-1", ".old-b-2", "kept"):
        (scenes / name).mkdir(parents=True)
    assert B.clean_leftovers(tmp_path) == 2 and [p.name for p in scenes.iterdir()] == ["kept"]


# ---------------------------------------------------------------- manifest, summary, contact sheet


def test_the_manifest_survives_a_line_cut_short(tmp_path):
    path = tmp_path / "manifest.jsonl"
    B.write_manifest(path, [{"key": "a", "status": "ok"}])
    B.append_row(path, {"key": "b", "status": "failed"})
    with path.open("a") as fh:
        fh.write('{"key": "c", "sta')  # a crash in the middle of a row
    assert [r["key"] for r in B.read_manifest(path)] == ["a", "b"]


def _row(i: int, ok: bool = True, oob: int = 0) -> dict:
    spec = B.SceneSpec(f"Design me room {i}", i, "rules")
    metrics = {"n_obj": 40 + i, "n_oob": oob, "n_collision_pairs": 0, "quality": 13.0, "composition": 12.0,
               "grades": {"realism": 9, "functionality": 8, "layout": 9, "completion": 10}}
    return {"key": spec.key, "prompt": spec.prompt, "seed": i, "status": "ok" if ok else "failed", "stage": "" if ok else "generate",
            "error": "" if ok else "PromptError: no room", "metrics": metrics if ok else {}, "paths": {}, "timings": {"scene_s": 2.0},
            "worker": {"node": f"n{i % 2}"}}


def test_summary_counts_failures_and_means():
    rows = [_row(0), _row(1, oob=1), _row(2, ok=False)]
    s = summarize(rows, 4, skipped=1, this_run=rows[1:], wall_s=10.0, start={"engine": "ray", "workers": 2, "startup_s": 4.0})
    assert (s["scenes"], s["ok"], s["failed"], s["not_run"], s["skipped"], s["ran"]) == (4, 2, 1, 1, 1, 2)
    assert s["means"]["n_obj"] == 40.5 and s["means"]["realism"] == 9 and s["oob_total"] == 1 and s["scenes_with_oob"] == 1
    assert s["scenes_per_min"] == 12.0 and s["scenes_per_min_after_startup"] == 20.0 and s["nodes"] == 2
    text = format_summary(s)
    assert "4 scenes: 2 ok, 1 failed, 1 not run" in text and "failed: 'Design me room 2' seed 2: generate: PromptError" in text


def test_contact_sheet_has_a_tile_per_scene(tmp_path):
    from PIL import Image

    review = tmp_path / "scenes" / "x" / "review.png"
    review.parent.mkdir(parents=True)
    Image.new("RGB", (400, 300), "blue").save(review)
    rows = [_row(i) | {"paths": {"review": "scenes/x/review.png"}} for i in range(5)] + [_row(5, ok=False)]
    assert contact_sheet(tmp_path, rows, tmp_path / "sheet.png", tile=100) == 6
    with Image.open(tmp_path / "sheet.png") as sheet:
        assert sheet.size == (3 * 100, 2 * (100 + 34))
        assert sheet.getpixel((50, 50))[2] > 200  # the thumbnail
        assert sheet.getpixel((250, 134 + 90)) == (200, 200, 200)  # the failed scene's grey tile


# ---------------------------------------------------------------- the runner without Ray


def _square(state, task):
    if task == 3:
        raise ValueError("three is not allowed")
    return state + task * task


def _setup_ten():
    return 10


def _setup_fails():
    raise OSError("no model here")


def test_runner_in_this_process_and_in_a_process_pool():
    for engine, workers in (("serial", 1), ("processes", 2)):
        done = list(R.run_tasks(range(5), _setup_ten, _square, workers=workers, engine=engine))
        by_task = {d.task: d for d in done}
        assert sorted(by_task) == [0, 1, 2, 3, 4]
        assert [by_task[t].result for t in (0, 1, 2, 4)] == [10, 11, 14, 26]
        assert not by_task[3].ok and by_task[3].error.startswith("ValueError: three is not allowed (at test_batch.py:")
        assert all(d.worker["pid"] and d.attempts == 1 for d in done)


def test_runner_engine_choice_and_setup_failure():
    assert R.choose_engine("auto", 1, None) == "serial"
    assert R.choose_engine("auto", 4, "auto") == "ray"
    assert R.choose_engine("auto", 4, None) == ("ray" if R.ray_available() else "processes")
    with pytest.raises(R.RunnerError, match="unknown engine"):
        R.choose_engine("threads", 2, None)
    with pytest.raises(R.RunnerError, match="worker set-up failed on .*OSError: no model here"):
        list(R.run_tasks([1], _setup_fails, _square, workers=1, engine="serial"))


def test_without_ray_batch_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    from sceneorchestra_addon import cli

    prompts = tmp_path / "p.txt"
    prompts.write_text("Design me a bedroom\n")
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    code = cli.main(["batch", str(prompts), "--seeds", "0-1", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 4 and "batch needs Ray" in err and 'pip install -e ".[batch]"' in err
    assert not (tmp_path / "out").exists()  # nothing written


def test_batch_rejects_bad_input_before_starting(tmp_path, capsys):
    from sceneorchestra_addon import cli

    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n")
    assert cli.main(["batch", str(empty), "--out", str(tmp_path / "o")]) == 2
    assert cli.main(["batch", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o")]) == 2
    assert cli.main(["batch", str(empty), "--out", str(tmp_path / "o"), "--export", "usd"]) == 2
    err = capsys.readouterr().err
    assert "holds no prompt" in err and "cannot read the prompts file" in err and "unknown export format(s) usd" in err
    with pytest.raises(SystemExit):
        cli.main(["batch", str(empty), "--out", str(tmp_path / "o"), "--seeds", "9-1"])


# ---------------------------------------------------------------- the add-on never imports it


BATCH_MODULES = ("batch_runner", "batch_scenes", "batch_report", "cli_batch")


def test_the_add_on_never_imports_the_batch_code_or_ray():
    wrong = []
    for folder in ("ui", "blender", "core", "agent", "ground", "assets", "export"):
        for path in (ROOT / "sceneorchestra_addon" / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([node.module or ""] + [f"{node.module or ''}.{a.name}" for a in node.names] if isinstance(node, ast.ImportFrom)
                         else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
                if any(n.split(".")[0] == "ray" or any(m in n.split(".") for m in BATCH_MODULES) for n in names):
                    wrong.append(f"{path.relative_to(ROOT)}: {names}")
    assert wrong == []
    # building the command line (every subcommand, batch included) imports no Ray
    code = "import sys; from sceneorchestra_addon import cli; cli.build_parser(); print('ray' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip() == "False"


def test_a_model_backend_is_loaded_once_per_worker_not_once_per_scene(tmp_path, tiny_gguf, monkeypatch):
    pytest.importorskip("llama_cpp")
    from sceneorchestra_addon.agent import pipeline

    loads = []
    real = pipeline._new_backend
    monkeypatch.setattr(pipeline, "_new_backend", lambda settings: loads.append(settings.name) or real(settings))
    pipeline.forget_backends()
    (tmp_path / B.TOKEN).write_text("t\n")
    cfg = B.BatchConfig(str(tmp_path), BackendSettings("local", str(tiny_gguf), n_threads=1), token="t")
    try:
        worker = B.setup_worker(cfg)  # what each Ray actor runs once: the GGUF loads here
        assert loads == ["local"]
        rows = [B.make_scene(worker, B.SceneSpec("Design me a bedroom", seed, "local")) for seed in (0, 1)]
        assert loads == ["local"]  # two scenes, still one load
        assert all(r["status"] in ("ok", "failed") and r["settings"]["model"] == str(tiny_gguf) for r in rows)
    finally:
        pipeline.forget_backends()


def test_a_cluster_address_where_nothing_answers_fails_at_once(tmp_path, capsys):
    pytest.importorskip("ray")
    import socket
    import time

    from sceneorchestra_addon import cli

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    prompts = tmp_path / "p.txt"
    prompts.write_text("Design me a bedroom\n")
    started = time.monotonic()
    code = cli.main(["batch", str(prompts), "--out", str(tmp_path / "out"), "--backend", "rules", "--address", f"127.0.0.1:{port}"])
    assert code == 4 and time.monotonic() - started < 30
    assert f"nothing answers at 127.0.0.1:{port}" in capsys.readouterr().err
