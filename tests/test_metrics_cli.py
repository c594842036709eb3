"""The ``evaluate`` subcommand: JSON on stdout, review.png beside the scene, clear errors."""

from __future__ import annotations

import argparse
import json

import pytest
from test_metrics_util import reference_room

from sceneorchestra_addon import cli_metrics

KEYS = {"n_obj", "n_oob", "n_collision_pairs", "col", "oob", "nav", "acc", "sup", "opc", "cnt", "oor", "oar", "grades", "grade_reasons",
        "q_phy", "q_vis", "quality", "composition", "runtime_s"}


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    cli_metrics.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["evaluate", *argv])
    return args.func(args)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("run")
    (folder / "scene.json").write_text(reference_room("living_room").to_json())
    return folder


def test_evaluate_a_run_folder_prints_every_key_and_writes_the_review(run_dir, capsys):
    assert run([str(run_dir), "--instruction", "A living room with a sofa facing the TV and a rug.", "--runtime-s", "30"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert KEYS <= set(result)
    assert set(result["grades"]) == {"realism", "functionality", "layout", "completion"}
    assert result["runtime_s"] == 30.0 and result["cnt"] == 1.0 and result["oor"] == 1.0
    review = run_dir / "review.png"
    assert review.exists() and review.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_evaluate_a_scene_file_with_a_specs_file(run_dir, tmp_path, capsys):
    specs = tmp_path / "specs.txt"
    specs.write_text("# what the user asked for\neq,1,sofa\neq,3,armchair\nge,1,against,sofa,wall\n")
    out = tmp_path / "mine.png"
    assert run([str(run_dir / "scene.json"), "--specs", str(specs), "--review", str(out)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["cnt"] == 0.5 and result["oar"] == 1.0 and result["oor"] is None
    assert out.exists()
    specs.write_text(json.dumps(["eq,1,sofa"]))
    assert run([str(run_dir / "scene.json"), "--specs", str(specs), "--review", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["cnt"] == 1.0


def test_bad_input_exits_2_with_the_reason(run_dir, tmp_path, capsys):
    assert run([str(tmp_path / "missing")]) == 2
    assert "cannot read" in capsys.readouterr().err
    bad = tmp_path / "bad.txt"
    bad.write_text("eq,1,sofa\neq,1,dragon\n")
    assert run([str(run_dir), "--specs", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "dragon" in err
    broken = tmp_path / "scene.json"
    broken.write_text('{"schema_version": 99}')
    assert run([str(broken)]) == 2
    assert "schema_version" in capsys.readouterr().err


def test_unwritable_review_exits_3(run_dir, tmp_path, capsys):
    assert run([str(run_dir), "--review", str(tmp_path / "no" / "such" / "dir" / "review.png")]) == 3
    captured = capsys.readouterr()
    assert "cannot write" in captured.err
    assert KEYS <= set(json.loads(captured.out))
