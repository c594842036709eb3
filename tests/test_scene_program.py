"""The scene program: reference rooms, invariants under random trajectories, journal laws,
determinism, and the scene JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import DATA
from random_trajectories import random_trajectory
from sceneorchestra_addon.ground import catalog
from sceneorchestra_addon.core import executor
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.ground.geometry import Box, footprints_overlap, inside_rect
from sceneorchestra_addon.core.journal import Journal
from sceneorchestra_addon.core.solver.world import box_of
from sceneorchestra_addon.ground.state import SceneState, StateError
from sceneorchestra_addon.ground.suite import SuiteState
from sceneorchestra_addon.core.tools.resolve_collisions import colliding_pairs, orphaned, unsupported

ROOMS = ("bedroom", "living_room", "kitchen", "gym", "restaurant", "bathroom", "children_room", "meeting_room", "office", "waiting_room")


def check_invariants(state: SceneState | SuiteState) -> None:
    if isinstance(state, SuiteState):  # a scene of several rooms: each room's scene keeps them
        for _, room_state in state.rooms:
            check_invariants(room_state)
        return
    ids = [o.id for o in state.objects]
    assert len(ids) == len(set(ids)), "ids unique"
    if state.room is None:
        assert not state.objects
        return
    assert colliding_pairs(state) == [], "no collisions"
    room = state.room
    for o in state.objects:
        assert inside_rect(box_of(o), 0.0, 0.0, room.width_m, room.depth_m, eps=1e-6), f"{o.id} out of bounds"
        assert box_of(o).z1 <= room.height_m + 1e-6, f"{o.id} through the ceiling"
    assert unsupported(state) == [] and orphaned(state) == []
    for o in state.objects:
        if o.surface:
            parent = state.get(o.parent)
            assert parent is not None and abs(o.pose.z - (parent.pose.z + o.local.z)) < 1e-9


def counted(state: SceneState) -> int:
    return sum(1 for o in state.objects if catalog.BY_NAME[o.category].counts_as_object)


@pytest.fixture(scope="module")
def reference_runs():
    return {room: executor.run_text((DATA / f"{room}.txt").read_text(), seed=0) for room in ROOMS}


def test_reference_rooms_are_full_and_clean(reference_runs):
    counts = {}
    for room, ex in reference_runs.items():
        state = ex.state
        check_invariants(state)
        assert state.room.room_type == room
        assert all(r.status != "failed" for r in ex.results), (room, [r.summary() for r in ex.results if r.failure])
        assert any(catalog.BY_NAME[o.category].small for o in state.objects), f"{room} has no small objects"
        counts[room] = counted(state)
    assert sum(counts.values()) / len(counts) >= 35, counts


@pytest.mark.parametrize(
    "room, needs",
    [
        ("bedroom", {"double_bed", "nightstand", "wardrobe", "ceiling_light"}),
        ("kitchen", {"fridge", "oven", "kitchen_sink_cabinet"}),
        ("bathroom", {"toilet", "bathroom_vanity", "mirror"}),
        ("meeting_room", {"conference_table", "office_chair"}),
        ("gym", {"treadmill", "dumbbell_rack"}),
    ],
)
def test_rooms_have_their_essentials(reference_runs, room, needs):
    have = {o.category for o in reference_runs[room].state.objects}
    assert needs <= have


def test_chairs_face_the_table(reference_runs):
    state = reference_runs["restaurant"].state
    table = state.get("dining_table_0")
    chairs = [o for o in state.objects if o.category == "dining_chair" and o.parent == table.id]
    assert len(chairs) >= 4
    table_box = box_of(table)
    for chair in chairs:
        t = np.radians(chair.pose.yaw_deg)
        front = np.array([np.sin(t), -np.cos(t)])
        ray = [np.array([chair.pose.x, chair.pose.y]) + front * (chair.size[1] / 2 + t) for t in np.arange(0.0, 0.6, 0.02)]
        hits = [footprints_overlap(Box(float(p[0]), float(p[1]), 0.01, 0.01, 0.0, 0.0, 1.0), table_box) for p in ray]
        assert any(hits), f"{chair.id} does not face {table.id} (its front ray misses the table within 0.6 m)"


def test_small_objects_follow_their_supporter():
    text = """\
1. init_room(room_type="bedroom", width_m=4.0, depth_m=4.0)
2. add_object(category="dresser", placement="against_wall", wall="north")
3. add_on_top(parent="dresser_0", category="vase")
4. move_object(target="dresser_0", dx_m=0.5)
5. terminate(status="success")
"""
    ex = executor.run_text(text)
    before, after = ex.results[2].state, ex.results[3].state
    assert ex.results[3].status == "ok", ex.results[3].summary()
    assert after.get("vase_0").pose.x == pytest.approx(before.get("vase_0").pose.x + 0.5)
    assert after.get("vase_0").local == before.get("vase_0").local


def test_soft_failures_say_why_and_keep_the_state():
    text = """\
1. init_room(room_type="bathroom", width_m=2.5, depth_m=2.0)
2. add_object(category="ping_pong_table", placement="middle")
3. add_object(category="ping_pong_table", placement="middle")
4. add_on_top(parent="sofa_0", category="cup")
5. add_object(category="cup")
6. terminate(status="success")
"""
    ex = executor.run_text(text)
    assert ex.results[1].status == "ok"
    r2, r3, r4 = ex.results[2:5]
    assert r2.failure.startswith("no free space for ping_pong_table") and r2.state == ex.results[1].state
    assert "no object 'sofa_0'" in r3.failure
    assert "cup is a on_top object" in r4.failure
    commented = T.format(ex.annotated())
    assert "# failed: no free space for ping_pong_table" in commented
    program = [(c.tool, c.args) for c in T.load(commented).calls]
    assert program == [(c.tool, c.args) for c in ex.trajectory.calls]  # comments do not change the program


@pytest.mark.slow
def test_random_trajectories_keep_invariants():
    for i in range(1000):
        traj = random_trajectory(np.random.default_rng(i), max_steps=4)
        ex = executor.execute(traj, seed=i)
        check_invariants(ex.state)


def test_same_trajectory_and_seed_give_identical_json():
    text = (DATA / "living_room.txt").read_text()
    a = executor.run_text(text, seed=5).state.to_json()
    b = executor.run_text(text, seed=5).state.to_json()
    c = executor.run_text(text, seed=6).state.to_json()
    assert a.encode() == b.encode()
    assert a != c


# ---------------------------------------------------------------- journal laws


def without_call(text: str, k: int) -> T.Trajectory:
    calls = [c for c in T.load(text).calls if c.number != k]
    return T.Trajectory(tuple(calls)).renumbered()


@pytest.mark.parametrize("room", ["bedroom", "kitchen", "office"])
@pytest.mark.parametrize("k", [2, 5, 8])
def test_undo_equals_executing_without_the_call(room, k):
    text = (DATA / f"{room}.txt").read_text()
    journal = Journal.from_text(text, seed=1)
    journal.undo_call(k)
    expected = executor.execute(without_call(text, k), seed=1).state
    assert journal.state.to_json() == expected.to_json()
    journal.set_enabled(k, True)
    assert journal.state.to_json() == executor.run_text(text, seed=1).state.to_json()


def with_twin(text: str, k: int) -> str:
    """The text with a copy of call k inserted before the final terminate."""
    traj = T.load(text)
    calls = list(traj.calls)
    calls.insert(len(calls) - 1, calls[k - 1])
    return T.format(T.Trajectory(tuple(calls)).renumbered())


@pytest.mark.parametrize("room, k", [("bedroom", 11), ("bedroom", 6), ("restaurant", None)])
def test_undo_law_holds_when_a_later_call_repeats_the_text(room, k):
    text = (DATA / f"{room}.txt").read_text()
    if k is None:  # the restaurant already repeats a call: switch off its first occurrence
        keys = [executor.call_key(c) for c in T.load(text).calls]
        k = next(i + 1 for i, key in enumerate(keys) if keys.count(key) > 1)
    else:
        text = with_twin(text, k)
    journal = Journal.from_text(text, seed=4)
    full = journal.state.to_json()
    journal.undo_call(k)
    expected = executor.execute(without_call(text, k), seed=4).state.to_json()
    assert journal.state.to_json() == expected
    assert expected != full  # the twin took over call k's draws, the scene is one object smaller
    journal.set_enabled(k, True)
    assert journal.state.to_json() == full


@pytest.mark.parametrize("k", [1, 4, 9])
def test_replay_from_equals_full_execution(k):
    text = (DATA / "living_room.txt").read_text()
    journal = Journal.from_text(text, seed=2)
    full = journal.state.to_json()
    journal.replay_from(k)
    assert journal.state.to_json() == full


def test_edit_and_replay_equals_executing_edited_text():
    text = (DATA / "bedroom.txt").read_text()
    journal = Journal.from_text(text, seed=3)
    journal.edit_call(3, 'add_object(category="wardrobe", placement="corner", wall="east")')
    edited = text.replace('3. add_object(category="wardrobe", placement="against_wall", wall="west")',
                          '3. add_object(category="wardrobe", placement="corner", wall="east")')
    assert edited != text
    assert journal.state.to_json() == executor.run_text(edited, seed=3).state.to_json()
    assert T.format(journal.trajectory) == edited


def test_bad_edit_changes_nothing():
    text = (DATA / "bedroom.txt").read_text()
    journal = Journal.from_text(text, seed=0)
    before = journal.state.to_json()
    with pytest.raises(T.TrajectoryError) as info:
        journal.edit_call(2, 'add_objekt(category="sofa")')
    assert "did you mean 'add_object'" in str(info.value)
    with pytest.raises(IndexError):
        journal.undo_call(99)
    with pytest.raises(ValueError):
        journal.undo_call(1)
    assert journal.state.to_json() == before and T.format(journal.trajectory) == text


# ---------------------------------------------------------------- scene JSON


def test_scene_json_round_trip(reference_runs):
    state = reference_runs["kitchen"].state
    text = state.to_json()
    assert json.loads(text)["schema_version"] == 1
    assert SceneState.from_json(text) == state
    assert SceneState.from_json(text).to_json() == text


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.pop("schema_version"), "missing field 'schema_version'"),
        (lambda d: d.update(schema_version=99), "schema_version: 99 is not supported"),
        (lambda d: d["room"].update(room_type="spaceship"), "unknown room type 'spaceship'"),
        (lambda d: d["objects"][0].update(category="unicorn"), "objects[0].category: unknown category 'unicorn'"),
        (lambda d: d["objects"][1].update(id=d["objects"][0]["id"]), "duplicate id"),
        (lambda d: d["objects"][0]["pose"].update(x="far"), "objects[0].pose.x: expected float"),
        (lambda d: d["objects"][0]["params"].pop("width_m"), "objects[0].params: missing field 'width_m'"),
        (lambda d: d["openings"][0].update(wall="up"), "openings[0].wall"),
    ],
)
def test_scene_json_errors_are_clear(reference_runs, mutate, message):
    data = json.loads(reference_runs["kitchen"].state.to_json())
    mutate(data)
    with pytest.raises(StateError) as info:
        SceneState.from_dict(data)
    assert message in str(info.value)
    with pytest.raises(StateError, match="does not parse"):
        SceneState.from_json("{not json")


def test_insert_and_delete_equal_executing_the_changed_text():
    text = (DATA / "kitchen.txt").read_text()
    journal = Journal.from_text(text, seed=2)
    journal.insert_call(3, 'add_object(category="potted_plant", placement="corner")')
    lines = text.splitlines()
    inserted = lines[:3] + ['4. add_object(category="potted_plant", placement="corner")'] + lines[3:]
    expected = T.Trajectory(tuple(T.parse("\n".join(inserted)).calls)).renumbered()
    assert journal.state.to_json() == executor.execute(expected, seed=2).state.to_json()
    assert journal.trajectory.calls[3].tool == "add_object" and [c.number for c in journal.trajectory.calls] == list(range(1, len(inserted) + 1))
    journal.delete_call(4)
    assert journal.state.to_json() == executor.run_text(text, seed=2).state.to_json()
    with pytest.raises(ValueError):
        journal.delete_call(1)
    with pytest.raises(T.TrajectoryError):
        journal.insert_call(2, "not a call(")
    assert journal.state.to_json() == executor.run_text(text, seed=2).state.to_json()


def test_journal_can_start_with_calls_switched_off():
    text = (DATA / "bedroom.txt").read_text()
    traj = T.load(text)
    flags = [True] * len(traj.calls)
    flags[4] = False
    journal = Journal(traj, seed=0, enabled=flags)
    assert journal.state.to_json() == executor.execute(without_call(text, 5), seed=0).state.to_json()


# ---------------------------------------------------------------- furnished rooms


def furnished(room: str, density: str = "normal", seed: int = 0) -> SceneState:
    from sceneorchestra_addon.ground.rooms import BY_ROOM

    width, depth = BY_ROOM[room].size_m
    text = f'1. init_furnished_room(room_type="{room}", width_m={width}, depth_m={depth}, density="{density}")\n2. terminate(status="success")'
    return executor.run_text(text, seed=seed).state


@pytest.mark.slow
def test_every_room_type_is_furnished_down_to_small_things():
    """init_furnished_room (what the rules backend and the teacher start from) at its default size:
    35+ objects on average over the 25 room types, no room looking unfinished, nothing colliding."""
    from sceneorchestra_addon.core import programs
    from sceneorchestra_addon.core.metrics import evaluate

    counts = {}
    for room in catalog.ROOM_TYPES:
        state = furnished(room)
        report = evaluate(state)
        counts[room] = report.n_obj
        assert report.n_oob == 0 and report.n_collision_pairs == 0, room
        assert report.grades["completion"] >= 7, (room, report.reasons["completion"])
        assert sum(1 for o in state.objects if o.surface) >= 3, room  # small objects on the furniture
        kitchen = {o.id for o in state.objects if o.category in programs.KITCHEN_FURNITURE}
        assert not [o.id for o in state.objects if o.parent in kitchen and o.category in ("book", "toy", "box", "picture_frame")], room
        assert len(programs.fill_calls(state)) <= 1, room  # the dressing left at most one top or shelf empty (where nothing fitted)
    assert sum(counts.values()) / len(counts) >= 35, counts


def test_classroom_desks_stand_in_rows_and_pupils_face_the_teacher():
    from sceneorchestra_addon.ground.geometry import front_vector

    state = furnished("classroom", density="dense")
    teacher = state.get("desk_0")
    desks = [o for o in state.objects if o.category == "school_desk"]
    chairs = [o for o in state.objects if o.category == "classroom_chair"]
    assert len(desks) >= 6 and len(chairs) == len(desks)
    toward = front_vector(teacher.pose.yaw_deg)  # from the teacher's desk into the room
    rows = {round(float(np.dot([d.pose.x, d.pose.y], toward)), 1) for d in desks}
    assert 2 <= len(rows) < len(desks)  # several desks to a row, more than one row
    for chair in chairs:
        desk = state.get(chair.parent)
        assert desk.category == "school_desk"
        # the chair is on the far side of its desk and its sitter faces the teacher's desk
        assert np.dot([chair.pose.x - desk.pose.x, chair.pose.y - desk.pose.y], toward) > 0.2
        assert np.dot(front_vector(chair.pose.yaw_deg), toward) < -0.99
