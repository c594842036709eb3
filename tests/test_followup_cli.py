"""``generate --continue`` / ``--undo`` on the command line: arguments they would ignore are refused
(exit 2, one line, nothing written), a follow-up that changes nothing is refused, --no-blender
leaves no stale scene.blend / preview.png, and ``generate --help`` tells the default backend."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from sceneorchestra_addon.agent.pipeline import SHIPPED_MODEL_IS_DEFAULT
from sceneorchestra_addon.core import trajectory as T


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sceneorchestra_addon", *args], cwd=ROOT, capture_output=True, text=True)


def _snapshot(folder) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def continued(tmp_path_factory):
    """A rules-backend bedroom (no Blender) with one follow-up, so --undo has something to take out."""
    out = tmp_path_factory.mktemp("followup_cli") / "run"
    made = _cli("generate", "Design me a bedroom", "--out", str(out), "--backend", "rules", "--no-blender")
    assert made.returncode == 0, made.stderr
    done = _cli("generate", "--continue", str(out), "add a plant in the corner", "--no-blender")
    assert done.returncode == 0, done.stderr
    return out


def _refused(folder, args, *words, tmp_path=None):
    before = _snapshot(folder)
    done = _cli("generate", *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr
    assert _snapshot(folder) == before
    return done.stderr


def test_undo_with_a_prompt_is_refused(continued):
    err = _refused(continued, ("--undo", str(continued), "add a rug", "--no-blender"), "--undo", "no prompt", "--continue")
    assert "add a rug" in err


def test_continue_with_undo_is_refused(continued):
    _refused(continued, ("--continue", str(continued), "--undo", str(continued), "add a rug", "--no-blender"), "--continue", "--undo")
    _refused(continued, ("--continue", str(continued), "--undo", str(continued), "--no-blender"), "cannot go together")


def test_continue_with_out_is_refused_and_creates_nothing(continued, tmp_path):
    other = tmp_path / "other"
    _refused(continued, ("--continue", str(continued), "add an ottoman", "--out", str(other), "--no-blender"), "--out", "rewritten")
    assert not other.exists()
    _refused(continued, ("--undo", str(continued), "--out", str(other), "--no-blender"), "--out")
    assert not other.exists()


@pytest.mark.parametrize("option", [("--backend", "teacher"), ("--seed", "3"), ("--samples", "2"), ("--seed", "0"), ("--pick", "score"),
                                    ("--no-steer",)])
def test_generation_options_with_continue_are_refused(continued, option):
    _refused(continued, ("--continue", str(continued), "add an ottoman", "--no-blender", *option), option[0],
             "the folder's own seed and backend")
    _refused(continued, ("--undo", str(continued), "--no-blender", *option), option[0], "the folder's own seed and backend")


@pytest.mark.parametrize("empty", ["", "   "])
def test_an_empty_follow_up_gets_one_message(continued, empty):
    _refused(continued, ("--continue", str(continued), empty, "--no-blender"), "the follow-up is empty")


def test_a_follow_up_that_changes_nothing_writes_nothing(continued):
    err = _refused(continued, ("--continue", str(continued), "turn the desk to face the window", "--no-blender"), "already does that")
    assert "nothing was added" in err
    entries = (continued / "followups.jsonl").read_text().splitlines()
    assert all(json.loads(line)["calls"] for line in entries)
    assert [s.instruction for s in T.sections((continued / "trajectory.txt").read_text())] == [
        "Design me a bedroom", "add a plant in the corner"]


def test_no_blender_removes_stale_blender_outputs(tmp_path):
    out = tmp_path / "run"
    made = _cli("generate", "a small bedroom with a bed and a wardrobe", "--out", str(out), "--backend", "rules", "--resolution", "32")
    assert made.returncode == 0, made.stderr
    assert (out / "scene.blend").is_file() and (out / "preview.png").is_file()
    done = _cli("generate", "--continue", str(out), "add a plant in the corner", "--no-blender")
    assert done.returncode == 0, done.stderr
    assert not (out / "scene.blend").exists() and not (out / "preview.png").exists()
    note = [line for line in done.stdout.splitlines() if "scene.blend" in line]
    assert len(note) == 1 and "removed" in note[0] and "without --no-blender" in note[0]
    again = _cli("generate", "--continue", str(out), "remove the wardrobe", "--no-blender")
    assert again.returncode == 0 and "scene.blend" not in again.stdout  # nothing stale left to remove
    # an undo with Blender writes them again; one without removes them
    undone = _cli("generate", "--undo", str(out), "--resolution", "32")
    assert undone.returncode == 0, undone.stderr
    assert (out / "scene.blend").is_file() and (out / "preview.png").is_file()
    undone = _cli("generate", "--undo", str(out), "--no-blender")
    assert undone.returncode == 0, undone.stderr
    assert not (out / "scene.blend").exists() and not (out / "preview.png").exists() and "removed" in undone.stdout


def test_generate_help_tells_the_default_backend_and_every_option():
    done = _cli("generate", "--help")
    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    assert ("the shipped model if present" in text) == SHIPPED_MODEL_IS_DEFAULT
    if not SHIPPED_MODEL_IS_DEFAULT:
        assert "default: the teacher" in text
    assert "--no-blender no Blender" in text and "--resolution RESOLUTION the size" in text
    assert "own seed and backend" in text


def test_a_refused_prompt_leaves_no_empty_folder_and_says_why(tmp_path):
    out = tmp_path / "new"
    done = _cli("generate", "asdfgh qwerty zxcv", "--out", str(out), "--no-blender")
    assert done.returncode == 2 and "no room type found" in done.stderr and not out.exists()
    kept = tmp_path / "kept"
    kept.mkdir()
    done = _cli("generate", "   ", "--out", str(kept), "--no-blender", "--backend", "rules", "--model", str(tmp_path / "x.gguf"))
    assert done.returncode == 2 and "the prompt is empty" in done.stderr and kept.is_dir()  # a folder the user made stays
    assert "--model is for the local backend" in done.stderr
