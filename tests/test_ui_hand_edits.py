"""What a user does by hand to the generated objects is kept: a move, a turn or a deletion becomes a
call of the trajectory before the next panel action (which used to put the object back), "Clear
Room" removes the room and its trajectory, and a room deleted by hand is not exported."""

from __future__ import annotations

import json
import math

import pytest
from test_ui_support import assert_scene_shows, stored, user_cube

bpy = pytest.importorskip("bpy")

from conftest import DATA  # noqa: E402
from sceneorchestra_addon.blender.collection import find_collection, managed_index  # noqa: E402
from sceneorchestra_addon.ui import export_menu  # noqa: E402
from sceneorchestra_addon.ui import session as S  # noqa: E402

BEDROOM = (DATA / "bedroom.txt").read_text()


@pytest.fixture(autouse=True)
def bedroom():
    bpy.ops.wm.read_homefile(use_empty=True)
    S.invalidate()
    session = S.current()
    S.load_text(session, BEDROOM, 0)
    yield session
    S.invalidate()


@pytest.fixture
def export_operator():
    mine = not hasattr(bpy.types, "EXPORT_SCENE_OT_sceneorchestra")  # (an enabled add-on has it registered)
    if mine:
        export_menu.register()
    yield bpy.ops.export_scene.sceneorchestra
    if mine:
        export_menu.unregister()


def empty(oid: str):
    return managed_index()[oid]


def tools(session) -> list[str]:
    return [f"{c.tool}:{dict(c.args).get('target', '')}" for c in session.journal.trajectory.calls]


def test_a_hand_move_is_kept_by_the_next_panel_action(bedroom):
    session = bedroom
    dresser, vase = session.journal.state.get("dresser_0"), session.journal.state.get("vase_0")
    empty("dresser_0").location.y -= 0.05  # (further, its drawers would open against the bed)
    S.set_enabled(session, 11, False)  # switch the potted plant off: before, the dresser went back
    calls = session.journal.trajectory.calls
    assert calls[10].tool == "add_object" and dict(calls[10].args)["category"] == "potted_plant" and not session.journal.enabled[10]
    assert tools(session)[-2:] == ["move_object:dresser_0", "terminate:"]
    assert dict(calls[-2].args) == {"target": "dresser_0", "dx_m": 0.0, "dy_m": -0.05}
    state = session.journal.state
    assert state.get("dresser_0").pose.y == pytest.approx(dresser.pose.y - 0.05, abs=1e-6)
    assert state.get("vase_0").pose.y == pytest.approx(vase.pose.y - 0.05, abs=1e-6)  # what stands on it came along
    assert empty("dresser_0").location.y == pytest.approx(dresser.pose.y - 0.05, abs=1e-6)
    assert_scene_shows(state)
    assert "move_object(target=\"dresser_0\"" in stored()[1]  # and it is in the file


def test_a_hand_turn_becomes_update_rotation(bedroom, tmp_path):
    session = bedroom
    bed = session.journal.state.get("double_bed_0")
    empty("double_bed_0").rotation_euler.z = math.radians(bed.pose.yaw_deg + 180.0)  # turned round where it stands
    S.save_outputs(session, tmp_path)
    call = session.journal.trajectory.calls[-2]
    assert call.tool == "update_rotation" and dict(call.args)["target"] == "double_bed_0"
    expected = bed.pose.yaw_deg % 360.0 - 180.0
    assert session.journal.state.get("double_bed_0").pose.yaw_deg % 360.0 == pytest.approx(expected % 360.0, abs=0.05)
    assert "update_rotation(target=\"double_bed_0\"" in (tmp_path / "bedroom-seed0" / "trajectory.txt").read_text()


def test_a_hand_move_into_another_object_fails_softly_and_goes_back(bedroom):
    session = bedroom
    dresser, bed = session.journal.state.get("dresser_0"), session.journal.state.get("double_bed_0")
    empty("dresser_0").location.x, empty("dresser_0").location.y = bed.pose.x, bed.pose.y
    S.set_enabled(session, 11, False)
    assert tools(session)[-2] == "move_object:dresser_0"
    assert session.journal.execution.results[-2].failure  # recorded, with the reason
    assert session.notice.level == "WARNING" and "dresser_0" in session.notice.text
    assert empty("dresser_0").location.x == pytest.approx(dresser.pose.x) and empty("dresser_0").location.y == pytest.approx(dresser.pose.y)


def test_an_object_deleted_by_hand_is_removed_and_not_exported(bedroom, tmp_path, export_operator):
    session = bedroom
    cube = user_cube()
    books = [o.id for o in session.journal.state.objects if o.parent == "bookshelf_0"]
    assert books
    bpy.data.objects.remove(empty("bookshelf_0"))  # the empty alone: its parts are left behind, unparented
    assert export_operator(filepath=str(tmp_path / "bedroom.sdf")) == {"FINISHED"}
    assert tools(session)[-2] == "remove_object:bookshelf_0"
    state = session.journal.state
    assert state.get("bookshelf_0") is None and not any(state.get(b) for b in books)
    assert_scene_shows(state)
    assert not [o.name for o in find_collection().objects if o.parent is None and "so_part" in o]  # no part left lying about
    exported = [m["source"] for m in json.loads((tmp_path / "bedroom" / "manifest.json").read_text())["models"]]
    assert "bookshelf_0" not in exported and set(books).isdisjoint(exported) and "dresser_0" in exported
    assert bpy.data.objects.get(cube.name) == cube and tuple(cube.location) == (7.0, -3.0, 0.5)


def test_the_terminate_row_stays_terminate_after_hand_edits(bedroom):
    session = bedroom
    last = len(session.journal.trajectory.calls)
    empty("rug_0").location.x += 0.1
    S.replay_from(session, last, 'terminate(status="failure")')  # the row the user saw as terminate
    calls = session.journal.trajectory.calls
    assert len(calls) == last + 1 and calls[-2].tool == "move_object"
    assert calls[-1].tool == "terminate" and dict(calls[-1].args)["status"] == "failure"


def test_clear_room_removes_the_room_and_its_trajectory_only(bedroom, tmp_path, export_operator):
    session = bedroom
    cube = user_cube()
    S.clear_room(session)
    assert session.journal is None and S.rows(session) == []
    assert managed_index() == {} and stored() == (None, None)
    assert bpy.data.objects.get(cube.name) == cube
    with pytest.raises(RuntimeError, match="holds no SceneOrchestra room"):
        export_operator(filepath=str(tmp_path / "gone.sdf"))
    assert not list(tmp_path.iterdir())
    S.invalidate()
    assert S.current().journal is None  # the file no longer holds it either


def test_a_room_deleted_by_hand_is_not_exported(bedroom, tmp_path, export_operator):
    cube = user_cube()
    coll = find_collection()
    for obj in list(coll.objects):
        bpy.data.objects.remove(obj)
    with pytest.raises(RuntimeError, match="holds no SceneOrchestra room"):
        export_operator(filepath=str(tmp_path / "gone.sdf"))
    assert bedroom.journal is None and not list(tmp_path.iterdir())
    assert bpy.data.objects.get(cube.name) == cube


def test_tilting_or_lifting_by_hand_is_no_edit(bedroom):
    session = bedroom
    n = len(session.journal.trajectory.calls)
    e = empty("dresser_0")
    e.location.z += 0.3
    e.rotation_euler.x = 0.2
    S.set_enabled(session, 11, False)
    assert len(session.journal.trajectory.calls) == n
    assert e.location.z == pytest.approx(session.journal.state.get("dresser_0").pose.z) and e.rotation_euler.x == 0.0
