"""The panel with a scene of several rooms (a ``SuiteState``) on the real bpy module: generate, Run
from text, switching one call or one room, editing, replay, save and reopen, undo and redo, hand
edits inside a room's collection, the list's room headers, Clear, and the export's report; the
user's own objects are never touched."""

from __future__ import annotations

import json
import math
from functools import cache
from types import SimpleNamespace

import pytest
from test_ui_support import RecordingLayout, addon, fingerprint, user_cube  # noqa: F401 - addon is a fixture

bpy = pytest.importorskip("bpy")

from sceneorchestra_addon.agent.pipeline import BackendSettings  # noqa: E402
from sceneorchestra_addon.blender.collection import find_collection, managed_index, room_collections  # noqa: E402
from sceneorchestra_addon.blender.sync import load_stored  # noqa: E402
from sceneorchestra_addon.core import trajectory as T  # noqa: E402
from sceneorchestra_addon.core.executor import execute, run_text  # noqa: E402
from sceneorchestra_addon.ground.suite import SuiteState  # noqa: E402
from sceneorchestra_addon.ui import panel  # noqa: E402
from sceneorchestra_addon.ui import session as S  # noqa: E402
from sceneorchestra_addon.ui import worker as W  # noqa: E402

EN_SUITE = "A bedroom with an en-suite bathroom."
ROOMS = ("bedroom_0", "bathroom_0")


@cache
def suite_text() -> str:
    from sceneorchestra_addon.core.plan_reader import read_plan
    from sceneorchestra_addon.core.suite_planner import suite_text as make

    return make(read_plan(EN_SUITE), 0)


def calls_of(room: str, text: str | None = None) -> list[int]:
    """The numbers of the calls of ``room`` in the trajectory text."""
    return [c.number for c in T.load(text or suite_text()).calls if c.room == room]


def without(text: str, k: int) -> str:
    calls = [c for c in T.load(text).calls if c.number != k]
    return T.format(T.Trajectory(tuple(calls)).renumbered())


def plain(session) -> str:
    return T.format(session.journal.trajectory)


def room_json(room: str, state=None) -> str:
    return (state or S.current().journal.state).state(room).to_json()


def room_objects(room: str) -> dict[str, int]:
    """Blender object name -> its pointer, for every object of the room's collection."""
    return {o.name: o.as_pointer() for o in room_collections(find_collection())[room].objects}


def assert_rooms_show(suite: SuiteState) -> None:
    """Every room's collection holds exactly what its state builds, each empty at its pose in the
    room's frame, under the room's root empty at the room's origin."""
    rooms = room_collections(find_collection())
    assert set(rooms) == set(suite.names)
    assert not [o for o in find_collection().objects]  # nothing directly in the add-on collection
    for name, state in suite.rooms:
        index = managed_index(rooms[name])
        expected = {o.id for o in state.objects} | {o.id for o in state.openings if o.params} | ({"room"} if state.room else set())
        assert set(index) == expected, name
        for o in state.objects:
            empty = index[o.id]
            assert empty.name == f"{name}.{o.id}"
            assert tuple(empty.location) == pytest.approx((o.pose.x, o.pose.y, o.pose.z), abs=1e-5), o.id
            assert math.remainder(empty.rotation_euler.z - math.radians(o.pose.yaw_deg), 2 * math.pi) == pytest.approx(0.0, abs=1e-5)
            root = empty.parent
            assert root is not None and tuple(root.location[:2]) == pytest.approx(suite.origin(name), abs=1e-6)


def stored_json() -> str:
    state, _ = load_stored()
    return state.to_json()


def draw() -> RecordingLayout:
    layout = RecordingLayout()
    panel.SCENEORCHESTRA_PT_panel.draw(SimpleNamespace(layout=layout), bpy.context)
    return layout


def mirrored() -> list[tuple]:
    return [(r.kind, r.group, r.number, r.room) for r in bpy.context.scene.sceneorchestra.rows]


def listed_calls(layout: RecordingLayout) -> list[int]:
    return [op.props["index"] for op in layout.operators("sceneorchestra.toggle_call")]


def room_headers(layout: RecordingLayout) -> list[tuple[str, int, str]]:
    return [(op.props["room"], op.props["group"], op.args["icon"]) for op in layout.operators("sceneorchestra.toggle_room")]


@pytest.fixture
def suite(addon):  # noqa: F811
    """The en-suite run from text, with a user's cube beside it and an undo stack (as in the GUI)."""
    cube = user_cube()
    bpy.ops.ed.undo_push(message="before the test")
    assert bpy.ops.sceneorchestra.run_text(source="STRING", text=suite_text()) == {"FINISHED"}
    bpy.ops.ed.undo_push(message="Run from text")
    return SimpleNamespace(session=S.current(), cube=cube, before=fingerprint(cube))


# ---------------------------------------------------------------- building


def test_run_from_text_builds_every_room_in_its_collection(suite):
    s = suite.session
    assert isinstance(s.journal.state, SuiteState) and s.journal.state.names == ROOMS
    expected = run_text(suite_text(), 0).state
    assert s.journal.state.to_json() == expected.to_json() == stored_json()
    assert_rooms_show(expected)
    assert fingerprint(suite.cube) == suite.before
    assert s.notice.level == "INFO" and s.view.metrics is not None and s.view.metrics.objects > 0
    assert s.view.metrics.objects == run_text(suite_text(), 0).state.object_count - sum(  # rugs, doors ... do not count
        1 for _, st in expected.rooms for o in st.objects if not _counts(o.category))
    layout = draw()  # a scene of several rooms takes follow-ups too
    assert layout.operators("sceneorchestra.refine")


def _counts(category: str) -> bool:
    from sceneorchestra_addon.ground import catalog

    return catalog.BY_NAME[category].counts_as_object


@pytest.mark.parametrize("backend", ["teacher", "rules"])
def test_generate_builds_every_room(addon, backend):  # noqa: F811
    cube = user_cube()
    before = fingerprint(cube)
    s = S.current()
    S.generate_now(s, W.Request(EN_SUITE, settings=BackendSettings(backend)))
    assert s.notice.level == "INFO" and f"from the {backend}" in s.notice.text
    state = s.journal.state
    assert isinstance(state, SuiteState) and state.names == ROOMS and all(state.state(n).objects for n in ROOMS)
    assert state.to_json() == run_text(plain(s), s.journal.seed).state.to_json() == stored_json()
    assert_rooms_show(state)
    assert s.sections == (T.Section(0, EN_SUITE),)
    assert [e.kind for e in s.view.entries[:3]] == ["group", "call", "room"]  # the prompt, init_plan, the first room
    assert fingerprint(cube) == before


# ---------------------------------------------------------------- switching, editing, replaying


def test_switching_one_bedroom_call_off_changes_the_bedroom_alone(suite):
    s = suite.session
    k = calls_of("bedroom_0")[10]  # a floor lamp
    bath, bath_objects = room_json("bathroom_0"), room_objects("bathroom_0")
    bed_before = room_json("bedroom_0")
    assert bpy.ops.sceneorchestra.toggle_call(index=k) == {"FINISHED"}
    assert s.view.rows[k - 1].status == "off"
    expected = run_text(without(suite_text(), k), 0).state
    assert room_json("bedroom_0") == expected.state("bedroom_0").to_json() != bed_before
    assert room_json("bathroom_0") == bath  # byte-identical
    assert room_objects("bathroom_0") == bath_objects  # not one of its Blender objects touched
    assert stored_json() == s.journal.state.to_json()
    assert_rooms_show(s.journal.state)
    assert fingerprint(suite.cube) == suite.before
    assert bpy.ops.sceneorchestra.toggle_call(index=k) == {"FINISHED"}  # and on again
    assert s.journal.state.to_json() == run_text(suite_text(), 0).state.to_json()
    assert fingerprint(suite.cube) == suite.before


def test_a_follow_up_goes_to_the_room_that_holds_what_it_names(suite):
    s = suite.session
    bed = room_json("bedroom_0")
    added = S.refine(s, "remove the toilet")
    assert added == ['remove_object(room="bathroom_0", target="toilet_0")']
    assert room_json("bedroom_0") == bed
    assert not any(o.category == "toilet" for o in s.journal.state.state("bathroom_0").objects)
    assert "toilet_0" not in managed_index(room_collections(find_collection())["bathroom_0"])
    assert s.sections[-1].instruction == "remove the toilet"
    with pytest.raises(S.UserError, match="say which"):  # a plant fits every room: it asks which
        S.refine(s, "add a plant")
    assert fingerprint(suite.cube) == suite.before


def test_editing_a_call_and_replaying(suite):
    s = suite.session
    k = next(n for n in calls_of("bathroom_0") if "bottle" in T.format_call(T.load(suite_text()).calls[n - 1]))
    edited = T.format_call(T.load(suite_text()).calls[k - 1]).split(". ", 1)[1].replace("count=2", "count=1")
    bed = room_json("bedroom_0")
    S.replay_from(s, k, edited)
    assert "count=1" in T.format_call(s.journal.trajectory.calls[k - 1])
    assert s.journal.state.to_json() == run_text(plain(s), 0).state.to_json() == stored_json()
    assert room_json("bedroom_0") == bed
    assert_rooms_show(s.journal.state)
    before = s.journal.state.to_json()
    S.replay_from(s, 1)  # a replay from the plan rebuilds the same scene
    assert s.journal.state.to_json() == before
    assert_rooms_show(s.journal.state)
    assert fingerprint(suite.cube) == suite.before


def test_a_rooms_header_switches_all_its_calls_in_one_replay(suite, monkeypatch):
    s = suite.session
    bed, bed_objects = room_json("bedroom_0"), room_objects("bedroom_0")
    replays = []
    journal_replay = type(s.journal).replay_from
    monkeypatch.setattr(type(s.journal), "replay_from", lambda self, k: replays.append(k) or journal_replay(self, k))
    assert bpy.ops.sceneorchestra.toggle_room(room="bathroom_0", group=0) == {"FINISHED"}
    assert len(replays) == 1
    bath_calls = calls_of("bathroom_0")
    assert all(s.view.rows[n - 1].status == "off" for n in bath_calls)
    assert s.journal.state.state("bathroom_0").objects == ()
    assert room_json("bedroom_0") == bed and room_objects("bedroom_0") == bed_objects
    assert ("bathroom_0", 0, "CHECKBOX_DEHLT") in room_headers(draw())
    assert bpy.ops.sceneorchestra.toggle_room(room="bathroom_0", group=0) == {"FINISHED"}
    assert s.journal.state.to_json() == run_text(suite_text(), 0).state.to_json()
    assert fingerprint(suite.cube) == suite.before


# ---------------------------------------------------------------- the list


def test_the_list_shows_a_header_per_room_after_init_plan(suite):
    s = suite.session
    n = len(s.journal.trajectory.calls)
    bed, bath = calls_of("bedroom_0"), calls_of("bathroom_0")
    expected = ([("CALL", -1, 1, ""), ("ROOM", -1, bed[0], "bedroom_0")] + [("CALL", -1, k, "bedroom_0") for k in bed]
                + [("ROOM", -1, bath[0], "bathroom_0")] + [("CALL", -1, k, "bathroom_0") for k in bath] + [("CALL", -1, n, "")])
    assert mirrored() == expected
    layout = draw()
    assert room_headers(layout) == [("bedroom_0", 0, "CHECKBOX_HLT"), ("bathroom_0", 0, "CHECKBOX_HLT")]
    assert listed_calls(layout) == [1, *bed, *bath, n]
    rows = bpy.context.scene.sceneorchestra.rows
    next(r for r in rows if r.kind == "ROOM" and r.room == "bedroom_0").expanded = False  # fold the bedroom
    assert listed_calls(draw()) == [1, *bath, n]
    assert room_headers(draw())[0][0] == "bedroom_0"  # its header stays
    S.set_enabled(s, bath[0], False)  # a change keeps the fold
    assert not next(r for r in rows if r.kind == "ROOM" and r.room == "bedroom_0").expanded
    assert room_headers(draw())[1] == ("bathroom_0", 0, "CHECKBOX_HLT")  # mixed: still ticked
    assert next(e for e in s.view.entries if e.kind == "room" and e.room == "bathroom_0").status == "mixed"


def test_rooms_are_listed_inside_the_instruction_group(addon):  # noqa: F811
    text = suite_text().replace("1. init_plan", f"# instruction: {EN_SUITE}\n1. init_plan", 1)
    assert bpy.ops.sceneorchestra.run_text(source="STRING", text=text) == {"FINISHED"}
    s = S.current()
    kinds = [(e.kind, e.group, e.room) for e in s.view.entries]
    assert kinds[:3] == [("group", 0, ""), ("call", 0, ""), ("room", 0, "bedroom_0")]
    assert kinds[-1] == ("call", -1, "")  # terminate stays outside the groups
    rows = bpy.context.scene.sceneorchestra.rows
    rows[0].expanded = False  # the group folded: its rooms' headers and calls too
    layout = draw()
    assert room_headers(layout) == [] and listed_calls(layout) == [len(s.journal.trajectory.calls)]
    rows[0].expanded = True
    assert room_headers(draw()) == [("bedroom_0", 1, "CHECKBOX_HLT"), ("bathroom_0", 1, "CHECKBOX_HLT")]
    assert bpy.ops.sceneorchestra.toggle_room(room="bedroom_0", group=1) == {"FINISHED"}
    assert s.journal.state.state("bedroom_0").objects == ()


def test_a_one_room_list_has_no_room_headers(addon):  # noqa: F811
    from conftest import DATA

    bpy.ops.sceneorchestra.run_text(source="STRING", text=(DATA / "bedroom.txt").read_text())
    assert {e.kind for e in S.current().view.entries} == {"call"}
    assert room_headers(draw()) == []


# ---------------------------------------------------------------- the file, undo and redo


def test_save_and_reopen_shows_the_suite_again(suite, tmp_path):
    s = suite.session
    k = calls_of("bedroom_0")[3]
    S.set_enabled(s, k, False)
    text, state, rows = S.stored_text(s), s.journal.state.to_json(), mirrored()
    path = tmp_path / "suite.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(path))
    bpy.ops.wm.open_mainfile(filepath=str(path))
    S.invalidate()  # forget what this Blender session remembers: the panel reads the file alone
    S._STORED.clear()
    again = S.current()
    assert isinstance(again.journal.state, SuiteState)
    assert again.notice is None  # the stored suite is what re-executing gives
    assert S.stored_text(again) == text and again.journal.state.to_json() == state
    assert again.view.rows[k - 1].status == "off"
    assert room_headers(draw()) == [("bedroom_0", 0, "CHECKBOX_HLT"), ("bathroom_0", 0, "CHECKBOX_HLT")]
    assert mirrored() == rows
    assert_rooms_show(again.journal.state)
    cube = bpy.data.objects["Cube"]
    assert tuple(cube.location) == (7.0, -3.0, 0.5) and cube.name not in find_collection().all_objects


def test_undo_and_redo_follow_the_suite(suite):
    s = suite.session
    full = s.journal.state.to_json()
    k = calls_of("bathroom_0")[0]
    assert bpy.ops.sceneorchestra.toggle_call("EXEC_DEFAULT", True, index=k) == {"FINISHED"}  # as the GUI runs it: an undo step
    off = S.current().journal.state.to_json()
    assert off != full
    assert bpy.ops.ed.undo() == {"FINISHED"}
    assert S.current().journal.state.to_json() == full and stored_json() == full
    assert_rooms_show(S.current().journal.state)
    assert bpy.ops.ed.redo() == {"FINISHED"}
    assert S.current().journal.state.to_json() == off and S.current().view.rows[k - 1].status == "off"
    assert_rooms_show(S.current().journal.state)
    assert room_headers(draw())[1] == ("bathroom_0", 0, "CHECKBOX_HLT")
    assert bpy.data.objects["Cube"].location[:] == pytest.approx((7.0, -3.0, 0.5))


# ---------------------------------------------------------------- hand edits, clear, export


def test_hand_edits_in_two_rooms_are_recorded_with_their_rooms(suite):
    s = suite.session
    rooms = room_collections(find_collection())
    rug = managed_index(rooms["bedroom_0"])["rug_0"]
    basket = managed_index(rooms["bathroom_0"])["laundry_basket_0"]
    rug.location.x += 0.05
    basket.rotation_euler.z += math.radians(90.0)
    suite.cube.location.x = 9.0  # the user's own cube: no edit of the scene
    n = len(s.journal.trajectory.calls)
    k = calls_of("bedroom_0")[2]
    assert bpy.ops.sceneorchestra.toggle_call(index=k) == {"FINISHED"}  # any panel action records them first
    added = [T.format_call(c).split(". ", 1)[1] for c in s.journal.trajectory.calls[n - 1:-1]]
    assert added[0] == 'move_object(room="bedroom_0", target="rug_0", dx_m=0.05, dy_m=0.0)'
    assert added[1].startswith('update_rotation(room="bathroom_0", target="laundry_basket_0", yaw_deg=')
    assert len(added) == 2 and s.journal.trajectory.calls[-1].tool == "terminate"
    assert "recorded 2 hand edits" in s.notice.text  # (the turn may fail against a wall: a call all the same)
    assert s.journal.state.to_json() == execute(s.journal.trajectory, 0, tuple(s.journal.enabled)).state.to_json() == stored_json()
    assert [r.room for r in s.view.rows[n - 1:n + 1]] == ["bedroom_0", "bathroom_0"]
    assert [e.number for e in s.view.entries if e.room == "bathroom_0" and e.kind == "call"][-1] == n + 1  # under its room
    assert_rooms_show(s.journal.state)
    assert suite.cube.location.x == 9.0


def test_an_object_deleted_by_hand_in_a_room_is_removed_there(suite):
    s = suite.session
    bath = room_json("bathroom_0")
    rooms = room_collections(find_collection())
    bpy.data.objects.remove(managed_index(rooms["bedroom_0"])["wardrobe_0"])  # the empty alone
    assert S.absorb_hand_edits(s) == 1
    assert T.format_call(s.journal.trajectory.calls[-2]).endswith('remove_object(room="bedroom_0", target="wardrobe_0")')
    assert s.journal.state.state("bedroom_0").get("wardrobe_0") is None and room_json("bathroom_0") == bath
    assert not [o.name for o in rooms["bedroom_0"].objects if o.parent is None and "so_part" in o]  # no part left lying about
    assert_rooms_show(s.journal.state)


def test_clear_removes_every_room_and_nothing_else(suite):
    S.clear_room(suite.session)
    assert room_collections(find_collection()) == {} and S.current().journal is None
    assert load_stored() == (None, None)
    assert fingerprint(suite.cube) == suite.before


def test_the_export_reports_the_suites_object_count(suite, tmp_path):
    assert bpy.ops.export_scene.sceneorchestra(filepath=str(tmp_path / "flat.sdf")) == {"FINISHED"}
    manifest = json.loads((tmp_path / "flat" / "manifest.json").read_text())
    assert manifest["models"]
    from sceneorchestra_addon.ui import export_menu

    class Op:
        filepath, format, include_room, collision, mesh_format = str(tmp_path / "again.sdf"), "sdf", True, "boxes", "obj"

        def report(self, level, text):
            self.reported = (level, text)

    op = Op()
    assert export_menu.EXPORT_SCENE_OT_sceneorchestra.execute(op, bpy.context) == {"FINISHED"}
    assert op.reported == ({"INFO"}, f"Exported {suite.session.journal.state.object_count} objects to {tmp_path / 'again' / 'again.sdf'}")


def test_two_hand_edits_of_a_one_room_scene_are_both_recorded(addon):  # noqa: F811
    """(The sync after the first recorded edit puts every object back where the trajectory has it;
    the second edit is read from where the user left it all the same.)"""
    from conftest import DATA

    bpy.ops.sceneorchestra.run_text(source="STRING", text=(DATA / "bedroom.txt").read_text())
    s = S.current()
    index = managed_index()
    index["rug_0"].location.x += 0.03
    index["dresser_0"].rotation_euler.z += 0.5
    assert S.absorb_hand_edits(s) == 2
    added = s.journal.trajectory.calls[-3:-1]
    assert {(c.tool, dict(c.args)["target"]) for c in added} == {("move_object", "rug_0"), ("update_rotation", "dresser_0")}
    assert all(c.room is None for c in s.journal.trajectory.calls)


def test_the_tool_forms_add_calls_to_a_room(suite):
    s = suite.session
    bed = room_json("bedroom_0")
    assert bpy.ops.sceneorchestra.tool_add_object(category="potted_plant", room="bathroom_0") == {"FINISHED"}
    last = [c for c in s.journal.trajectory.calls if c.tool != "terminate"][-1]
    assert last.room == "bathroom_0" and last.arg("category") == "potted_plant"
    assert any(o.category == "potted_plant" for o in s.journal.state.state("bathroom_0").objects)
    assert room_json("bedroom_0") == bed
    bedroom_object = next(o for o in room_collections(find_collection())["bedroom_0"].objects if o.get("so_id"))
    bpy.context.view_layer.objects.active = bedroom_object  # no room given: the active object's room
    assert bpy.ops.sceneorchestra.tool_add_ceiling_light() == {"FINISHED"}
    last = [c for c in s.journal.trajectory.calls if c.tool != "terminate"][-1]
    assert last.room == "bedroom_0" and last.tool == "add_ceiling_light"
    assert fingerprint(suite.cube) == suite.before


def test_the_understood_box_checks_each_rooms_requirements_in_that_room(addon):  # noqa: F811
    s = S.current()
    prompt = "A bedroom with a desk and a bathroom with a bathtub."
    S.generate_now(s, W.Request(prompt, settings=BackendSettings("rules")))
    box = S.understood(s)
    assert box is not None
    assert {(spec, ok) for spec, ok, _ in box.requirements} == {("bedroom_0: 1 desk", True), ("bathroom_0: 1 bathtub", True)}
    desk = next(c.number for c in s.journal.trajectory.calls if c.room == "bedroom_0" and "desk" in T.format_call(c))
    assert bpy.ops.sceneorchestra.toggle_call(index=desk) == {"FINISHED"}  # measured on the scene as it is now
    assert ("bedroom_0: 1 desk", False) in {(spec, ok) for spec, ok, _ in S.understood(s).requirements}
