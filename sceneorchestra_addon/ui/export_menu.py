"""File > Export > "SceneOrchestra scene (.sdf / .urdf)": the simulator export as a Blender operator.

The operator exports the current scene's trajectory state (``ui/session``), not the Blender objects,
so what is exported is exactly the generated scene; what the user did by hand to the generated
objects is first recorded as calls (``session.absorb_hand_edits``: a moved chair is exported where it
stands, a deleted one is not exported), and a room the user deleted is not exported at all. The file the user names,
``.../bedroom.sdf``, gives the export folder ``.../bedroom/`` with ``bedroom.sdf`` (or ``.urdf`` /
``.xml``), one URDF per object, ``meshes/`` and ``manifest.json`` inside (see export/__init__.py).
"""

from __future__ import annotations

from pathlib import Path

import bpy
from bpy.props import BoolProperty, EnumProperty, StringProperty
from bpy_extras.io_utils import ExportHelper

from ..export import SCENE_FILE_EXT, ExportError, export_scene
from ..ground.suite import SuiteState
from . import session as S

MENU_TEXT = "SceneOrchestra scene (.sdf / .urdf)"
FORMAT_ITEMS = (
    ("sdf", "SDFormat world (.sdf)", "SDFormat 1.9 world for Gazebo and Drake, with per-object URDFs"),
    ("urdf", "URDF (.urdf)", "One URDF with a world link, for PyBullet, MuJoCo and other single-file tools"),
    ("mjcf", "MJCF (.xml)", "A MuJoCo model"),
)
MESH_ITEMS = (
    ("obj", "OBJ", "Wavefront OBJ meshes (every simulator; the only one Drake reads)"),
    ("stl", "STL", "Binary STL meshes (Gazebo, PyBullet, MuJoCo)"),
)
COLLISION_ITEMS = (
    ("boxes", "Boxes", "One box per piece of each part: fast and stable"),
    ("parts", "Convex parts", "Each piece as a convex mesh: closer to the shape"),
)


def _format_changed(self, _context) -> None:
    self.filename_ext = "." + SCENE_FILE_EXT[self.format]


class EXPORT_SCENE_OT_sceneorchestra(bpy.types.Operator, ExportHelper):
    """Export the generated room with articulated doors and drawers for robot simulators"""

    bl_idname = "export_scene.sceneorchestra"
    bl_label = "Export SceneOrchestra Scene"
    bl_options = {"PRESET", "UNDO"}  # recording hand edits changes the trajectory

    filename_ext: StringProperty(default=".sdf", options={"HIDDEN"})
    filter_glob: StringProperty(default="*.sdf;*.urdf;*.xml", options={"HIDDEN"})
    format: EnumProperty(name="Format", items=FORMAT_ITEMS, default="sdf", update=_format_changed)
    mesh_format: EnumProperty(name="Meshes", items=MESH_ITEMS, default="obj")
    collision: EnumProperty(name="Collision", items=COLLISION_ITEMS, default="boxes")
    include_room: BoolProperty(name="Include Room Shell", default=True, description="Floor, walls with their openings, doors and windows")

    def execute(self, context):
        session = S.current(context.scene)
        if session.busy:
            self.report({"ERROR"}, "A generation is running: wait for it or cancel it, then export")
            return {"CANCELLED"}
        S.absorb_hand_edits(session)
        if session.journal is None:
            self.report({"ERROR"}, "This scene holds no SceneOrchestra room: generate one first")
            return {"CANCELLED"}
        state = session.journal.state
        path = Path(bpy.path.abspath(self.filepath))
        folder = path.with_suffix("") if path.suffix else path
        if not folder.name:
            self.report({"ERROR"}, "Choose a file name: the export folder is named after it")
            return {"CANCELLED"}
        try:
            scene_file = export_scene(state, folder, fmt=self.format, include_room=self.include_room, collision=self.collision,
                                      mesh_format=self.mesh_format, scene_name=folder.name)
        except ExportError as exc:
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        count = state.object_count if isinstance(state, SuiteState) else len(state.objects)
        self.report({"INFO"}, f"Exported {count} objects to {scene_file}")
        return {"FINISHED"}


def menu_func(self, _context) -> None:
    self.layout.operator(EXPORT_SCENE_OT_sceneorchestra.bl_idname, text=MENU_TEXT)


def register() -> None:
    bpy.utils.register_class(EXPORT_SCENE_OT_sceneorchestra)
    bpy.types.TOPBAR_MT_file_export.append(menu_func)


def unregister() -> None:
    bpy.types.TOPBAR_MT_file_export.remove(menu_func)
    bpy.utils.unregister_class(EXPORT_SCENE_OT_sceneorchestra)
