"""Scenes of several rooms: the 20 hand-written prompts of tests/data/multiroom_prompts.tsv built and
measured on their geometry, the trajectory language (init_plan, room=), and the reachability metric."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sceneorchestra_addon import assets
from sceneorchestra_addon.agent.pipeline import Pipeline, BackendSettings, plan_specs
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.executor import apply_call, execute, run_text
from sceneorchestra_addon.core.metrics.suite import door_reach, evaluate_suite
from sceneorchestra_addon.core.plan_reader import read_plan
from sceneorchestra_addon.core.suite_planner import suite_text
from sceneorchestra_addon.core.solver.world import box_of, is_flat_covering
from sceneorchestra_addon.ground.geometry import WALL_YAW, Box, boxes_overlap, wall_frame
from sceneorchestra_addon.ground.plan import door_sides
from sceneorchestra_addon.ground.state import Pose, SceneObject
from sceneorchestra_addon.ground.suite import HALF_WALL_M, SuiteState, leaf_room, load_scene

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "multiroom_prompts.tsv"


def rows() -> list[list[str]]:
    lines = [line.split("\t") for line in DATA.read_text(encoding="utf-8").splitlines()[1:] if line and not line.startswith("#")]
    return [line + [""] * (6 - len(line)) for line in lines]


def expected_types(column: str) -> list[str]:
    out: list[str] = []
    for item in column.split(" | "):
        kind, _, n = item.partition("*")
        out += [kind] * int(n or 1)
    return sorted(out)


def build(prompt: str, seed: int = 0):
    request = read_plan(prompt)
    ex = run_text(suite_text(request, seed), seed)
    return request, ex, evaluate_suite(ex.state, plan_specs(request, ex.state))


def check_geometry(suite: SuiteState) -> None:
    """Rooms tile the footprint, walls meet without overlapping, every door joins the rooms it
    says with a hole in both and a leaf in one (none for an open connection)."""
    plan = suite.plan
    assert abs(sum(r.rect.area for r in plan.rooms) - plan.footprint.area) < 1e-3
    for name in suite.names:
        rect, room = plan.room(name).rect, suite.state(name).room
        ox, oy = suite.origin(name)
        assert abs(ox - HALF_WALL_M - rect.x0) < 1e-6 and abs(oy - HALF_WALL_M - rect.y0) < 1e-6
        assert abs(room.width_m + 2 * room.wall_thickness_m - rect.width) < 1e-6 and abs(room.depth_m + 2 * room.wall_thickness_m - rect.depth) < 1e-6
    for i, a in enumerate(plan.rooms):
        for b in plan.rooms[i + 1:]:
            assert a.rect.overlap(b.rect) == 0.0, (a.name, b.name)
    doors = (plan.entrance, *plan.doors)
    for k, door in enumerate(doors):
        sides = door_sides(plan, door)
        assert set(sides) == {door.a, door.b}, (door, sides)
        leaves = 0
        for name in (door.a, door.b):
            if name is None:
                continue
            mine = [j for j, d in enumerate(doors) if name in (d.a, d.b)]
            opening = suite.state(name).openings[mine.index(k)]
            assert opening.kind == "door" and abs(opening.width_m - door.width_m) < 1e-9
            leaves += bool(opening.params)
        assert leaves == (0 if door.kind == "open" else 1), door
        assert leaf_room(plan, door) in (door.a, door.b, None)


@pytest.mark.parametrize("row", rows(), ids=lambda r: r[0])
def test_each_prompt_builds_every_room_reachable_clean_and_as_asked(row):
    rid, prompt, rooms, _, requirements, _ = row[:6]
    request, ex, report = build(prompt)
    suite = ex.state
    assert isinstance(suite, SuiteState)
    types = sorted(suite.room_type(n) for n in suite.names)
    expected = expected_types(rooms)
    assert types in (expected, sorted(expected + ["hall"])), (rid, types)  # the plan adds a hall to 4+ rooms without a hub
    assert all(r is None or not r.failure for r in ex.results), [r.summary() for r in ex.results if r and r.failure]
    check_geometry(suite)
    assert report.unreachable == () and report.blocked_doors == (), (rid, report.unreachable, report.blocked_doors)
    for name, r in report.rooms.items():
        assert r.n_oob == 0 and r.n_collision_pairs == 0, (rid, name, r.details["out_of_bounds"], r.details["collisions"])
        assert r.n_obj >= 8, (rid, name, r.n_obj)
    for name in suite.names:  # every door's swing (a leaf as deep as the door is wide) and way in are free on both sides of the wall
        state = suite.state(name)
        for o in (o for o in state.openings if o.kind == "door"):
            start, direction, inward = wall_frame(state.room, o.wall)
            depth = min(o.width_m, 0.9)  # an open passage (2 m wide, no leaf): the way in
            c = start + direction * o.offset_m + inward * (depth / 2)
            swing = Box(float(c[0]), float(c[1]), o.width_m, depth, float(np.degrees(np.arctan2(direction[1], direction[0]))), 0.0, 2.0)
            inside = [x.id for x in state.objects if boxes_overlap(box_of(x), swing) and x.placement in ("floor", "on_top")
                      and not is_flat_covering(x.category)]
            assert inside == [], (rid, name, o.id, inside)
    cnt = report.pooled("count")
    assert cnt is None or cnt >= 0.9, (rid, report.requirements())
    for item in filter(None, requirements.split(" | ")):
        kind, category = item.split(":")
        assert any(o.category == category for n in suite.names if suite.room_type(n) == kind for o in suite.state(n).objects), (rid, item)


def test_a_scene_of_rooms_is_deterministic_and_round_trips():
    text = suite_text(read_plan("A bedroom with an en-suite bathroom."), 3)
    a, b = run_text(text, 3).state, run_text(text, 3).state
    assert a.to_json() == b.to_json()
    assert load_scene(a.to_json()) == a
    assert run_text(text, 4).state.to_json() != a.to_json()


def test_switching_a_call_off_changes_only_its_room():
    traj = T.load(suite_text(read_plan("A kitchen and a dining room next to each other."), 0))
    target = next(i for i, c in enumerate(traj.calls) if c.room == "dining_room_0" and c.tool.startswith("add_"))
    on = execute(traj, 0).state
    flags = tuple(i != target for i in range(len(traj.calls)))
    off = execute(traj, 0, enabled=flags).state
    assert off.state("kitchen_0") == on.state("kitchen_0")
    assert len(off.state("dining_room_0").objects) < len(on.state("dining_room_0").objects)


def test_calls_must_name_a_room_of_the_plan():
    text = "\n".join([
        '1. init_plan(rooms=("bedroom", "bathroom"), doors=("bedroom_0-bathroom_0",))',
        '2. add_object(room="bedroom_0", category="double_bed", placement="against_wall")',
        '3. add_object(category="wardrobe")',
        '4. add_object(room="bathrom_0", category="wardrobe")',
        '5. add_object(room="bathroom_0", category="toilet", placement="against_wall")',
        '6. terminate(status="success")',
    ])
    with pytest.raises(T.TrajectoryError) as caught:  # validation names both problems with their lines
        T.load(text)
    issues = caught.value.issues
    assert [i.line for i in issues] == [3, 4]
    assert "several rooms" in issues[0].message and "bedroom_0, bathroom_0" in issues[0].message
    assert "no room 'bathrom_0'" in issues[1].message and "did you mean 'bathroom_0'" in issues[1].message
    fixed = text.replace('3. add_object(category="wardrobe")', '3. add_object(room="bedroom_0", category="wardrobe")').replace("bathrom_0", "bathroom_0")
    ex = run_text(fixed, 0)
    assert all(not r.failure for r in ex.results), [r.failure for r in ex.results]
    assert ex.state.state("bedroom_0").objects[0].category == "double_bed"
    assert sorted(o.category for o in ex.state.state("bathroom_0").objects) == ["toilet", "wardrobe"]
    # the executor itself refuses softly what validation would have caught (calls run one by one: the panel, the planner)
    suite = ex.state
    loose = T.parse('1. add_object(category="desk")\n2. add_object(room="attic_0", category="desk")').calls
    assert "several rooms" in apply_call(suite, loose[0], np.random.default_rng(0)).failure
    assert "no room 'attic_0'" in apply_call(suite, loose[1], np.random.default_rng(0)).failure
    with pytest.raises(T.TrajectoryError, match="takes no room argument"):
        T.load('1. init_room(room="x_0", room_type="bedroom", width_m=4.0, depth_m=3.0)\n2. terminate(status="success")')
    with pytest.raises(T.TrajectoryError, match="room name"):
        T.load('1. init_plan(rooms=("bedroom",))\n2. add_object(room="Bed Room", category="desk")\n3. terminate(status="success")')
    with pytest.raises(T.TrajectoryError, match="hall_0"):  # four rooms and no hub: the plan adds a hall, which calls may name
        T.load('1. init_plan(rooms=("bedroom", "bedroom", "kitchen", "bathroom"))\n2. add_object(room="lobby_0", category="desk")\n'
               '3. terminate(status="success")')
    bad = run_text('1. init_plan(rooms=("bedroom", "bathroom"), doors=("bedroom_0-garage_0",))\n'
                   '2. add_object(room="bedroom_0", category="desk")\n3. terminate(status="success")', 0)
    assert "garage_0" in bad.results[0].failure and "the first call made no rooms" in bad.results[1].failure
    one = run_text('1. init_room(room_type="office", width_m=4.0, depth_m=3.5)\n2. add_object(room="office_0", category="desk")\n'
                   '3. terminate(status="success")', 0)
    assert not one.results[1].failure
    with pytest.raises(T.TrajectoryError, match="this scene has one room, office_0"):
        T.load('1. init_room(room_type="office", width_m=4.0, depth_m=3.5)\n2. add_object(room="kitchen_0", category="desk")\n'
               '3. terminate(status="success")')


def test_a_blocked_door_makes_the_room_behind_it_unreachable():
    """The reachability metric can fail: a sideboard stood in front of the inner door (bypassing the
    solver) cuts the bathroom off."""
    _, ex, report = build("A bedroom with an en-suite bathroom.")
    suite = ex.state
    assert report.unreachable == ()
    plan = suite.plan
    inner = plan.doors[0]
    host = inner.a if inner.a != plan.entrance.a else inner.b  # the room that is not the entrance's
    other = plan.entrance.a
    state = suite.state(other)
    doors = (plan.entrance, *plan.doors)
    mine = [j for j, d in enumerate(doors) if other in (d.a, d.b)]
    opening = state.openings[mine.index(1)]
    start, direction, inward = wall_frame(state.room, opening.wall)
    p = start + direction * opening.offset_m + inward * 0.35
    params = dict(assets.sample_params("sideboard", np.random.default_rng(0)), width_m=1.6, depth_m=0.5, height_m=0.9)
    sideboard = SceneObject("sideboard_9", "sideboard", params, Pose(float(p[0]), float(p[1]), 0.0, WALL_YAW[opening.wall]))
    blocked = suite.with_room(other, state.with_object(sideboard))
    assert door_reach(blocked.state(other))[opening.id] is False
    after = evaluate_suite(blocked, {})
    assert host in after.unreachable and f"{other}:{opening.id}" in after.blocked_doors


def test_teacher_backend_furnishes_every_room():
    generated = Pipeline(BackendSettings(backend="teacher")).run("A kitchen with a fridge and a dining room next to it.", seed=1)
    suite = generated.execution.state
    assert isinstance(suite, SuiteState) and sorted(suite.room_type(n) for n in suite.names) == ["dining_room", "kitchen"]
    assert generated.report.unreachable == () and generated.report.n_oob == 0 and generated.report.n_collision_pairs == 0
    assert any(o.category == "fridge" for o in suite.state("kitchen_0").objects)
    assert all(len(suite.state(n).objects) >= 10 for n in suite.names)
    again = Pipeline(BackendSettings(backend="teacher")).run("A kitchen with a fridge and a dining room next to it.", seed=1)
    assert again.trajectory_text == generated.trajectory_text


def test_generate_writes_a_run_folder_of_several_rooms(tmp_path):
    done = subprocess.run([sys.executable, "-m", "sceneorchestra_addon", "generate", "a bedroom with an en-suite bathroom",
                           "--out", str(tmp_path / "run"), "--backend", "rules", "--no-blender"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "bedroom_0" in done.stdout and "bathroom_0" in done.stdout and "every room reachable" in done.stdout
    run = tmp_path / "run"
    suite = load_scene((run / "scene.json").read_text(encoding="utf-8"))
    assert isinstance(suite, SuiteState) and suite.names == ("bedroom_0", "bathroom_0")
    metrics = json.loads((run / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["kind"] == "suite" and metrics["all_reachable"] and set(metrics["rooms"]) == {"bedroom_0", "bathroom_0"}
    assert metrics["n_obj"] == sum(r["n_obj"] for r in metrics["rooms"].values())
    text = (run / "trajectory.txt").read_text(encoding="utf-8")
    assert run_text(text, metrics["seed"]).state == suite  # the written trajectory rebuilds the scene
    from PIL import Image

    with Image.open(run / "review.png") as image:
        fp = suite.plan.footprint
        assert image.size[0] > fp.width * 100 and image.size[1] > fp.depth * 100
    single = subprocess.run([sys.executable, "-m", "sceneorchestra_addon", "generate", "Design me a bedroom",
                             "--out", str(tmp_path / "one"), "--backend", "rules", "--no-blender"], cwd=ROOT, capture_output=True, text=True)
    assert single.returncode == 0 and "rooms:" not in single.stdout and "init_plan" not in (tmp_path / "one" / "trajectory.txt").read_text()


def test_a_model_backend_builds_one_room_and_says_so():
    """The local model writes one room (it has not learnt plans): the command line names the rooms
    it did not build."""
    from sceneorchestra_addon.cli_agent import _note_rooms
    import contextlib
    import io

    ex = run_text('1. init_room(room_type="bedroom", width_m=4.0, depth_m=3.5)\n2. terminate(status="success")', 0)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        _note_rooms("a bedroom with an en-suite bathroom", ex.state, {})
    assert "asks for several rooms (bedroom, bathroom)" in err.getvalue() and "teacher and rules backends build every room" in err.getvalue()


def test_follow_ups_go_to_the_room_they_name_or_the_one_that_holds_the_object(tmp_path):
    from sceneorchestra_addon.core.followup import AmbiguousReference, MissingReference, follow_up
    from sceneorchestra_addon.run_folder import continue_run, undo_run, write_run

    prompt = "A bedroom with an en-suite bathroom."
    generated = Pipeline(BackendSettings(backend="rules")).run(prompt, seed=0)
    run = tmp_path / "run"
    run.mkdir()
    write_run(generated, run, blender=False, prompt=prompt)
    before = {name: (run / name).read_bytes() for name in ("scene.json", "trajectory.txt")}
    suite, traj = generated.execution.state, T.load(generated.trajectory_text)
    named = follow_up(traj, suite, "put a plant in bathroom_0")
    assert named and all(c.startswith('add_object(room="bathroom_0", category="potted_plant"') for c in named)
    with pytest.raises(AmbiguousReference, match="say which"):
        follow_up(traj, suite, "add a plant")
    with pytest.raises(MissingReference, match="no room bedroom_1"):  # a room name the plan lacks is not taken for another room
        follow_up(traj, suite, "add a plant in bedroom_1")
    with pytest.raises(MissingReference, match="no garage"):
        follow_up(traj, suite, "add a plant in the garage")
    with pytest.raises(MissingReference, match="no toilet in bedroom_0"):
        follow_up(traj, suite, "remove the toilet from the bedroom")
    _, calls = continue_run(run, "add a plant in the bathroom", blender=False)
    assert calls and all(c.startswith('add_object(room="bathroom_0"') for c in calls)
    _, calls = continue_run(run, "remove the toilet", blender=False)  # only the bathroom has one
    assert calls == ['remove_object(room="bathroom_0", target="toilet_0")']
    after = load_scene((run / "scene.json").read_text(encoding="utf-8"))
    assert after.state("bedroom_0") == suite.state("bedroom_0")
    assert not any(o.category == "toilet" for o in after.state("bathroom_0").objects)
    undo_run(run, blender=False)
    undo_run(run, blender=False)
    assert {name: (run / name).read_bytes() for name in before} == before


def test_run_and_evaluate_commands_take_a_scene_of_several_rooms(tmp_path):
    prompt = "A bedroom with a desk and a bathroom with a bathtub."
    traj = tmp_path / "plan.txt"
    traj.write_text(suite_text(read_plan(prompt), 0), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "sceneorchestra_addon", "run", str(traj), "--out", str(tmp_path / "run"), "--no-blender"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and "in 2 rooms" in done.stdout, done.stderr
    measured = subprocess.run([sys.executable, "-m", "sceneorchestra_addon", "evaluate", str(tmp_path / "run"), "--instruction", prompt],
                              cwd=ROOT, capture_output=True, text=True)
    assert measured.returncode == 0, measured.stderr
    report = json.loads(measured.stdout)
    assert report["kind"] == "suite" and report["all_reachable"] and report["cnt"] == 1.0
    assert {(r["room"], r["spec"]) for r in report["requirements"]} == {("bedroom_0", "eq,1,desk"), ("bathroom_0", "eq,1,bathtub")}
    assert (tmp_path / "run" / "review.png").is_file()
    refused = subprocess.run([sys.executable, "-m", "sceneorchestra_addon", "evaluate", str(tmp_path / "run"), "--specs", str(traj)],
                             cwd=ROOT, capture_output=True, text=True)
    assert refused.returncode == 2 and "--instruction" in refused.stderr


def test_a_size_for_the_whole_plan_is_shared_by_its_rooms_and_too_many_rooms_are_refused():
    generated = Pipeline(BackendSettings(backend="rules")).run("A 60 m2 flat with two bedrooms, a kitchen and a bathroom", seed=0)
    plan = generated.execution.state.plan
    assert abs(plan.footprint.area - 60.0) < 2.0, plan.footprint
    assert any("60 m² asked for" in n for n in generated.notes())
    from sceneorchestra_addon.agent.rules import PromptError

    with pytest.raises(PromptError, match="too many rooms"):
        Pipeline(BackendSettings(backend="rules")).run("a flat with 40 bedrooms", seed=0)


def test_the_local_model_hands_a_plan_of_several_rooms_to_the_teacher():
    """The shipped model, the default, writes one room: a prompt of several rooms is laid out and
    furnished by the teacher, and a note says so; one room stays the model's."""
    from sceneorchestra_addon.agent import pipeline as P

    if P.default_backend() != "local":
        pytest.skip("no model ships here: the teacher is the default")
    made = []

    def factory(settings):
        made.append(settings.name)
        return P.make_backend(settings)

    out = Pipeline(BackendSettings(), factory=factory).write("a bedroom with an en-suite bathroom", seed=0)
    assert made == ["teacher"] and out.text.startswith("1. init_plan(")  # the model is not even loaded
    assert any("writes one room: the teacher furnished the 2 rooms" in n for n in out.notes), out.notes
    made.clear()
    one = Pipeline(BackendSettings(), factory=factory).write("Design me a bedroom", seed=0)
    assert made == ["local"] and one.text.startswith("1. init_room(")
    P.forget_backends()


@pytest.mark.parametrize("prompt, message", [("asdfgh qwerty zxcv", "no room type found"), ("   ", "the prompt is empty")])
def test_the_default_model_refuses_a_prompt_naming_no_room_as_the_teacher_does(prompt, message):
    from sceneorchestra_addon.agent import pipeline as P
    from sceneorchestra_addon.agent.rules import PromptError

    for backend in ("", "local", "teacher"):
        if backend == "local" and P.shipped_model() is None:
            continue
        with pytest.raises(PromptError, match=message):
            Pipeline(BackendSettings(backend=backend)).write(prompt, seed=0)
    P.forget_backends()


def test_the_default_is_the_teacher_where_llama_cpp_is_missing(monkeypatch):
    """A build without llama.cpp (the -nollama zip) still ships the model: its default is the teacher."""
    import importlib.util

    from sceneorchestra_addon.agent import pipeline as P

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "llama_cpp" else real(name, *a))
    assert P.default_backend() == "teacher"
    monkeypatch.setattr(P, "shipped_model", lambda *a: None)
    assert P.default_backend() == "teacher"


def test_a_refused_prompt_loads_no_model():
    from sceneorchestra_addon.agent import pipeline as P
    from sceneorchestra_addon.agent.rules import PromptError

    made = []
    with pytest.raises(PromptError, match="no room type found"):
        Pipeline(BackendSettings(backend="local"), factory=lambda s: made.append(s) or P.make_backend(s)).write("qwerty asdf", seed=0)
    assert made == []
