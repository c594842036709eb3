"""The export against real Blender (the bpy module): exported meshes reproduce the Blender scene part
for part, and File > Export runs the export from the state stored in the .blend."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

bpy = pytest.importorskip("bpy")

from sceneorchestra_addon.blender import collection as so_collection  # noqa: E402
from sceneorchestra_addon.blender.sync import sync_scene  # noqa: E402
from sceneorchestra_addon.export import export_scene  # noqa: E402
from sceneorchestra_addon.export.meshes import read_obj  # noqa: E402
from sceneorchestra_addon.ui import export_menu  # noqa: E402
from sceneorchestra_addon.ui import session as S  # noqa: E402
from conftest import DATA  # noqa: E402
from test_export import room_state  # noqa: E402


@pytest.fixture(autouse=True)
def empty_blender():
    bpy.ops.wm.read_factory_settings(use_empty=True)
    S.invalidate()
    yield
    bpy.ops.wm.read_factory_settings(use_empty=True)
    S.invalidate()


def blender_parts() -> dict[tuple[str, str], np.ndarray]:
    """(so_id, part name) -> world-space vertices of every part mesh the add-on built."""
    bpy.context.view_layer.update()
    out = {}
    for root in so_collection.managed_index().values():
        for obj in so_collection.descendants(root):
            if obj.type != "MESH":
                continue
            co = np.zeros(len(obj.data.vertices) * 3)
            obj.data.vertices.foreach_get("co", co)
            local = np.c_[co.reshape(-1, 3), np.ones(len(obj.data.vertices))]
            out[(root["so_id"], obj["so_part"])] = (local @ np.array(obj.matrix_world).T)[:, :3]
    return out


def exported_parts(folder) -> dict[tuple[str, str], np.ndarray]:
    """(model source, part name) -> world-space vertices of every exported OBJ."""
    out = {}
    for m in json.loads((folder / "manifest.json").read_text())["models"]:
        yaw = m["pose"]["yaw_rad"]
        rot = np.array([[math.cos(yaw), -math.sin(yaw), 0.0], [math.sin(yaw), math.cos(yaw), 0.0], [0.0, 0.0, 1.0]])
        for link in m["links"]:
            for part in link["parts"]:
                verts, _ = read_obj(folder / "meshes" / m["meshes"][part])
                out[(m["source"], part)] = (verts + np.array(link["origin"])) @ rot.T + np.array(m["pose"]["xyz"])
    return out


@pytest.mark.parametrize("room", ["bedroom", "kitchen", "office"])
def test_exported_meshes_reproduce_the_blender_scene(tmp_path, room):
    state = room_state(room)
    sync_scene(state)
    scene_file = export_scene(state, tmp_path / room, fmt="sdf")
    blender = blender_parts()
    exported = exported_parts(scene_file.parent)
    assert sorted(exported) == sorted(blender)
    for key, verts in exported.items():
        ref = blender[key]
        assert len(verts) == len(ref), key
        assert verts.min(axis=0) == pytest.approx(ref.min(axis=0), abs=1e-5), key
        assert verts.max(axis=0) == pytest.approx(ref.max(axis=0), abs=1e-5), key


@pytest.fixture
def export_operator():
    export_menu.register()
    yield bpy.ops.export_scene.sceneorchestra
    export_menu.unregister()


def test_file_export_menu_writes_the_stored_scene(tmp_path, export_operator):
    assert export_menu.menu_func in bpy.types.TOPBAR_MT_file_export._dyn_ui_initialize()
    with pytest.raises(RuntimeError, match="holds no SceneOrchestra room"):
        export_operator(filepath=str(tmp_path / "nothing.sdf"))
    assert not list(tmp_path.iterdir())
    session = S.current()
    S.load_text(session, (DATA / "bedroom.txt").read_text(), 0)
    state = session.journal.state
    assert export_operator(filepath=str(tmp_path / "bedroom.urdf"), format="urdf", collision="parts", include_room=False) == {"FINISHED"}
    folder = tmp_path / "bedroom"
    data = json.loads((folder / "manifest.json").read_text())
    assert (folder / "bedroom.urdf").is_file() and data["collision"] == "parts"
    assert [m["source"] for m in data["models"]] == [o.id for o in state.objects]
    assert export_operator(filepath=str(tmp_path / "bedroom.sdf")) == {"FINISHED"}
    assert (folder / "bedroom.sdf").is_file() and not (folder / "bedroom.urdf").exists()
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.jpg").write_bytes(b"x")
    with pytest.raises(RuntimeError, match="not empty"):
        export_operator(filepath=str(tmp_path / "photos.sdf"))


def test_menu_unregisters_cleanly():
    export_menu.register()
    export_menu.unregister()
    assert export_menu.menu_func not in bpy.types.TOPBAR_MT_file_export._dyn_ui_initialize()
    assert not hasattr(bpy.types, "EXPORT_SCENE_OT_sceneorchestra")
