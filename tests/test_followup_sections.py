"""Follow-up history (issue 14): each instruction's calls are a ``# instruction:`` section of the run
folder's trajectory; undoing the last one restores the scene byte for byte; a chain replays from the
saved .blend."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import DATA, ROOT
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.executor import execute
from sceneorchestra_addon.core.followup import (FollowUpError, continued_sections, follow_up, section_spans, section_switched_off,
                                                without_section)

CHAINS = {
    "bedroom": ["remove the rug", "make the bed bigger", "I'd like an armchair in the corner", "remove the second nightstand"],
    "living_room": ["add a floor lamp beside the sofa", "turn the armchair to face the TV", "remove the TV"],
    "meeting_room": ["make the conference table a bit bigger", "remove the last chair", "swap the sideboard for a bookshelf"],
}


@pytest.mark.parametrize("room", sorted(CHAINS))
def test_undoing_the_last_group_restores_the_scene_byte_for_byte(room):
    text = T.format_sections(T.load((DATA / f"{room}.txt").read_text()), [T.Section(0, f"Design me a {room.replace('_', ' ')}")])
    scenes = [execute(T.load(text), seed=0).state.to_json()]
    for instruction in CHAINS[room]:
        calls = follow_up(text, execute(T.load(text), seed=0).state, instruction, seed=0)
        text = continued_sections(text, calls, instruction)
        scenes.append(execute(T.load(text), seed=0).state.to_json())
        spans = section_spans(text)
        assert spans[-1][0].instruction == instruction and len(spans[-1][1]) == len(calls)
        assert T.load(text).calls[-1].tool == "terminate"
    assert [s.instruction for s in T.sections(text)] == [f"Design me a {room.replace('_', ' ')}", *CHAINS[room]]
    for k in range(len(CHAINS[room]), 0, -1):
        off = section_switched_off(text, -1)  # the same text, that section's calls switched off
        assert execute(T.load(text), seed=0, enabled=off).state.to_json() == scenes[k - 1]
        text = without_section(text, -1)
        assert execute(T.load(text), seed=0).state.to_json() == scenes[k - 1]
        assert T.load(text).calls[-1].tool == "terminate" and len(T.sections(text)) == k
    with pytest.raises(FollowUpError):
        without_section(T.format(T.load(text)))  # no sections: nothing to take out


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sceneorchestra_addon", *args], cwd=ROOT, capture_output=True, text=True)


def test_generate_writes_sections_and_undo_takes_the_last_follow_up_out(tmp_path):
    out = tmp_path / "run"
    assert _cli("generate", "a small bedroom with a bed and a wardrobe", "--out", str(out), "--backend", "rules", "--no-blender").returncode == 0
    fresh = {name: (out / name).read_bytes() for name in ("scene.json", "trajectory.txt")}
    assert [s.instruction for s in T.sections(fresh["trajectory.txt"].decode())] == ["a small bedroom with a bed and a wardrobe"]
    assert json.loads((out / "metrics.json").read_text())["prompt"] == "a small bedroom with a bed and a wardrobe"
    assert _cli("generate", "--continue", str(out), "add a plant in the corner", "--no-blender").returncode == 0
    first = {name: (out / name).read_bytes() for name in ("scene.json", "trajectory.txt", "followups.jsonl")}
    text = first["trajectory.txt"].decode()
    assert [s.instruction for s in T.sections(text)] == ["a small bedroom with a bed and a wardrobe", "add a plant in the corner"]
    assert _cli("generate", "--continue", str(out), "remove the wardrobe", "--no-blender").returncode == 0
    spans = section_spans((out / "trajectory.txt").read_text())
    assert spans[-1][0].instruction == "remove the wardrobe" and len(spans[-1][1]) == 1
    undone = _cli("generate", "--undo", str(out), "--no-blender")
    assert undone.returncode == 0, undone.stderr
    assert "undone: remove the wardrobe" in undone.stdout
    assert {name: (out / name).read_bytes() for name in first} == first
    assert _cli("generate", "--undo", str(out), "--no-blender").returncode == 0
    assert (out / "scene.json").read_bytes() == fresh["scene.json"] and not (out / "followups.jsonl").exists()
    assert (out / "trajectory.txt").read_bytes() == fresh["trajectory.txt"]
    nothing = _cli("generate", "--undo", str(out), "--no-blender")
    assert nothing.returncode == 2 and "no follow-up" in nothing.stderr


def test_a_folder_written_before_sections_still_continues_and_gets_them(tmp_path):
    out = tmp_path / "run"
    assert _cli("generate", "a small bedroom with a bed and a wardrobe", "--out", str(out), "--backend", "rules", "--no-blender").returncode == 0
    assert _cli("generate", "--continue", str(out), "add a plant in the corner", "--no-blender").returncode == 0
    # as an older version wrote it: no section lines, no prompt in metrics.json
    plain = T.format(T.load((out / "trajectory.txt").read_text()))
    (out / "trajectory.txt").write_text(plain)
    metrics = json.loads((out / "metrics.json").read_text())
    del metrics["prompt"]
    (out / "metrics.json").write_text(json.dumps(metrics))
    assert _cli("generate", "--continue", str(out), "remove the wardrobe", "--no-blender").returncode == 0
    text = (out / "trajectory.txt").read_text()
    n = len(T.load(plain).calls) - 1
    assert [(s.first, s.instruction) for s in T.sections(text)] == [(n - 1, "add a plant in the corner"), (n, "remove the wardrobe")]
    assert _cli("generate", "--undo", str(out), "--no-blender").returncode == 0
    assert [c.tool for c in T.load((out / "trajectory.txt").read_text()).calls] == [c.tool for c in T.load(plain).calls]


CHAIN = ["remove the rug", "add a plant in the corner", "remove the second nightstand", "make the wardrobe a little smaller",
         "get rid of the last one"]

REPLAY = """
import sys, bpy
from sceneorchestra_addon.blender.sync import stored_texts
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.executor import execute
bpy.ops.wm.open_mainfile(filepath=sys.argv[1])
state_json, text = stored_texts()
rebuilt = execute(T.load(text), seed=int(sys.argv[2])).state.to_json()
open(sys.argv[3], "w", encoding="utf-8").write(state_json + "\\n=====\\n" + text + "\\n=====\\n" + rebuilt)
"""


def test_a_chain_of_five_follow_ups_replays_from_the_saved_blend(tmp_path):
    out = tmp_path / "run"
    made = _cli("generate", "Design me a bedroom", "--out", str(out), "--backend", "rules", "--resolution", "64")
    assert made.returncode == 0, made.stderr
    for instruction in CHAIN:
        done = _cli("generate", "--continue", str(out), instruction, "--resolution", "64")
        assert done.returncode == 0, f"{instruction}: {done.stderr}"
    seed = json.loads((out / "metrics.json").read_text())["seed"]
    dump = tmp_path / "replayed.txt"
    replay = subprocess.run([sys.executable, "-c", REPLAY, str(out / "scene.blend"), str(seed), str(dump)], cwd=ROOT, capture_output=True, text=True)
    assert replay.returncode == 0, replay.stderr
    stored_state, stored_text, rebuilt = dump.read_text(encoding="utf-8").split("\n=====\n")
    scene = (out / "scene.json").read_text()
    assert rebuilt == scene == stored_state
    assert [s.instruction for s in T.sections(stored_text)] == ["Design me a bedroom", *CHAIN]
    assert T.sections(stored_text) == T.sections((out / "trajectory.txt").read_text())
    assert len((out / "followups.jsonl").read_text().splitlines()) == len(CHAIN)
