"""Follow-up instructions edit the current scene (issue 14): new calls before terminate, the rest unmoved."""

from __future__ import annotations

import functools
import json
import subprocess
import sys

import pytest

from conftest import DATA, ROOT
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.executor import execute
from sceneorchestra_addon.core.followup import AmbiguousReference, FollowUpError, MissingReference, continued, follow_up
from sceneorchestra_addon.core.metrics import evaluate
from sceneorchestra_addon.core.metrics.specs import evaluate_spec, parse_spec


def _rows() -> list[tuple[str, str, list[str], list[str]]]:
    rows = []
    for line in (DATA / "followups.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + ["", "", ""])[:4]
        rows.append((cells[0], cells[1], [s for s in cells[2].split(";") if s.strip()], cells[3].split()))
    return rows


ROWS = _rows()


@functools.lru_cache(maxsize=None)
def reference(room: str):
    text = (DATA / f"{room}.txt").read_text(encoding="utf-8")
    return text, execute(T.load(text), seed=0)


def test_the_table_has_forty_varied_follow_ups():
    assert len(ROWS) >= 40
    assert len({room for room, *_ in ROWS}) >= 6
    assert len({text.split()[0].lower() for _, text, *_ in ROWS}) >= 10  # different openings, not one template


def _pose_key(o):
    return (o.pose, o.params, o.surface, o.local)  # (an object placed in relation to a removed one loses the relation only)


@pytest.mark.parametrize("room,instruction,specs,changed", ROWS, ids=[f"{r}: {t}" for r, t, *_ in ROWS])
def test_follow_up(room, instruction, specs, changed):
    text, before = reference(room)
    calls = follow_up(text, before.state, instruction, seed=0)
    assert calls, "the follow-up wrote no call"
    new_text = continued(text, calls)
    traj = T.load(new_text)
    assert traj.calls[-1].tool == "terminate"
    assert [T.format_call(c) for c in traj.calls[: len(T.load(text).calls) - 1]] == [T.format_call(c) for c in T.load(text).calls[:-1]]
    after = execute(traj, seed=0)
    results = [r for r in after.results[len(T.load(text).calls) - 1: -1]]
    assert not [r.failure for r in results if r is not None and r.failure], "a follow-up call failed"
    state = after.state
    for spec in specs:
        result = evaluate_spec(state, parse_spec(spec))
        assert result.satisfied, f"{spec}: found {result.count}"
    # everything the follow-up did not touch keeps its exact pose
    allowed = set(changed)
    for oid in changed:
        allowed |= {d.id for d in before.state.descendants(oid)}
    removed_rugs = {o.id for o in before.state.objects if state.get(o.id) is None and o.category == "rug"}
    for o in before.state.objects:
        now = state.get(o.id)
        if now is None or o.id in allowed:
            continue
        if o.relation.startswith("under:") or o.parent in removed_rugs or (removed_rugs and not o.surface):
            assert (now.pose.x, now.pose.y, now.pose.yaw_deg) == (o.pose.x, o.pose.y, o.pose.yaw_deg), o.id
            continue
        assert _pose_key(now) == _pose_key(o), f"{o.id} moved"
    for oid in changed:  # what the follow-up names did change
        assert state.get(oid) is not None and _pose_key(state.get(oid)) != _pose_key(before.state.get(oid)), f"{oid} unchanged"
    report = evaluate(state)
    assert report.n_oob == 0 and report.n_collision_pairs == 0


def test_follow_up_is_deterministic():
    text, before = reference("living_room")
    first = follow_up(text, before.state, "add a plant in the corner and move the armchair by the window", seed=0)
    assert first == follow_up(text, before.state, "add a plant in the corner and move the armchair by the window", seed=0)


def test_a_swap_carries_more_than_one_call_holds_in_calls_the_schema_allows():
    """17 cups on a hutch swapped for an entry table: one add_on_top takes at most 12, so the carry-over
    writes two calls, and the continued trajectory loads (it once wrote count=17, which does not)."""
    text = """1. init_room(room_type="dining_room", width_m=5.0, depth_m=4.0)
2. add_object(category="china_cabinet", placement="against_wall", wall="north")
3. add_on_top(parent="china_cabinet_0", category="cup", count=12)
4. add_on_top(parent="china_cabinet_0", category="cup", count=5)
5. terminate(status="success")
"""
    before = execute(T.load(text), seed=0)
    assert sum(o.category == "cup" for o in before.state.objects) == 17
    calls = follow_up(text, before.state, "switch out the hutch for an entry table", seed=0)
    carried = [c for c in calls if c.startswith('add_on_top(parent="console_table_0", category="cup"')]
    assert len(carried) == 2
    after = execute(T.load(continued(text, calls)), seed=0)
    assert not [r.failure for r in after.results if r is not None and r.failure]
    assert sum(o.category == "cup" for o in after.state.objects) == 17 and after.state.get("china_cabinet_0") is None


def test_a_plan_never_keeps_a_call_the_schema_refuses():
    from sceneorchestra_addon.core.planner import Plan

    plan = Plan(seed=0)
    plan.run('init_room(room_type="dining_room", width_m=5.0, depth_m=4.0)')
    assert plan.run('add_object(category="china_cabinet", placement="against_wall", wall="north")')
    assert plan.run('add_on_top(parent="china_cabinet_0", category="cup", count=17)', keep_failed=True) == []
    assert "out of range" in plan.last_failure and len(plan.calls) == 2


def test_a_missing_object_is_an_error_naming_what_is_there():
    text, before = reference("bedroom")
    with pytest.raises(MissingReference) as info:
        follow_up(text, before.state, "remove the sofa", seed=0)
    assert "sofa" in str(info.value) and "double_bed" in str(info.value)
    assert "double_bed" in info.value.candidates
    with pytest.raises(MissingReference):
        follow_up(text, before.state, "make the piano bigger", seed=0)


def test_an_ambiguous_reference_is_an_error_naming_the_candidates():
    text, before = reference("meeting_room")
    with pytest.raises(AmbiguousReference) as info:
        follow_up(text, before.state, "remove the chair", seed=0)
    assert len(info.value.candidates) == 6 and all(c.startswith("office_chair_") for c in info.value.candidates)
    assert "office_chair_0" in str(info.value)
    assert isinstance(info.value, FollowUpError)


def test_where_a_thing_stands_tells_two_apart():
    text, before = reference("office")
    calls = follow_up(text, before.state, "remove the desk against the east wall", seed=0)
    assert calls == ['remove_object(target="desk_1")']
    with pytest.raises(AmbiguousReference):
        follow_up(text, before.state, "remove the desk", seed=0)


def test_an_error_in_a_later_part_changes_nothing():
    text, before = reference("bedroom")
    with pytest.raises(MissingReference):
        follow_up(text, before.state, "remove the rug, then remove the piano", seed=0)


def test_plural_reference_takes_all():
    text, before = reference("meeting_room")
    calls = follow_up(text, before.state, "get rid of the chairs", seed=0)
    assert len(calls) == 6 and all(c.startswith("remove_object") for c in calls)


# ---------------------------------------------------------------- the command line


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sceneorchestra_addon", *args], cwd=ROOT, capture_output=True, text=True)


def test_generate_continue_appends_and_reruns_identically(tmp_path):
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        made = _cli("generate", "a small bedroom with a bed and a wardrobe", "--out", str(out), "--backend", "rules", "--no-blender")
        assert made.returncode == 0, made.stderr
        first = _cli("generate", "--continue", str(out), "add a plant in the corner", "--no-blender")
        assert first.returncode == 0, first.stderr
        second = _cli("generate", "--continue", str(out), "remove the wardrobe", "--no-blender")
        assert second.returncode == 0, second.stderr
        runs.append(out)
    a, b = runs
    assert (a / "scene.json").read_bytes() == (b / "scene.json").read_bytes()
    assert (a / "followups.jsonl").read_bytes() == (b / "followups.jsonl").read_bytes()
    lines = [json.loads(line) for line in (a / "followups.jsonl").read_text().splitlines()]
    assert [e["instruction"] for e in lines] == ["add a plant in the corner", "remove the wardrobe"]
    assert lines[1]["calls"] == ['remove_object(target="wardrobe_0")']
    traj = T.load((a / "trajectory.txt").read_text())
    assert traj.calls[-1].tool == "terminate" and traj.calls[-2].tool == "remove_object"
    scene = json.loads((a / "scene.json").read_text())
    assert not any(o["category"] == "wardrobe" for o in scene["objects"])
    assert json.loads((a / "metrics.json").read_text())["n_collision_pairs"] == 0


def test_generate_continue_refuses_a_bad_reference_and_leaves_the_folder(tmp_path):
    out = tmp_path / "run"
    assert _cli("generate", "a small bedroom with a bed", "--out", str(out), "--backend", "rules", "--no-blender").returncode == 0
    before = (out / "scene.json").read_bytes()
    result = _cli("generate", "--continue", str(out), "remove the piano", "--no-blender")
    assert result.returncode == 2
    assert "piano" in result.stderr
    assert (out / "scene.json").read_bytes() == before and not (out / "followups.jsonl").exists()
