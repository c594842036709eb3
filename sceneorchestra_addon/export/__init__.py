"""Simulator export: a SceneState and its PartTrees -> URDF / SDFormat 1.9 / MJCF with OBJ meshes.

``export_scene(state, out_dir, fmt="sdf")`` writes one folder, atomically (writer.py)::

    out_dir/
      scene.sdf | scene.urdf | scene.xml   the whole scene in the chosen format
      <model>.urdf                         one URDF per object, door, window and the room shell
      meshes/<model>__<part>.obj           one mesh per part (link frame, metres, Z up)
      manifest.json                        models, poses, links, joints, files (and our marker)

Which simulator reads what (checked by the tests with the real packages):

* Gazebo / SDFormat parsers and Drake: ``scene.sdf`` and every ``<model>.urdf`` (Drake also reads
  ``scene.urdf``; it warns that it ignores joint friction, and world ``<scene>`` / ``<light>``);
* PyBullet: every ``<model>.urdf`` (load each at the manifest's pose, with ``useFixedBase`` unless
  the manifest says ``"free": true``) and ``scene.urdf`` (one fixed multibody; PyBullet does not
  collide its links with each other); not ``scene.sdf``, whose world-welded articulated models
  PyBullet's SDF reader refuses;
* MuJoCo: ``scene.xml``, ``scene.urdf`` and every ``<model>.urdf``.

Movable objects (``catalog.Category.movable``: every small object on a supporter, and loose floor
items such as chairs, stools and bins) are free bodies resting where they were generated, in
``scene.sdf``, ``scene.xml`` and the per-object URDFs, so a robot can pick up a cup and pull a chair
out of the way; ``scene.urdf`` keeps them welded (urdf.py says why). Furniture stays static (and
articulated furniture welded), so the room keeps its layout; doors, drawers and lids move on their
joints. ``weld_movable=True`` (``--weld-movable``) welds movable objects too: a static scene.
A scene of several rooms (``ground.suite.SuiteState``) exports the same way as one world: every
room's shell, doors, windows and objects, each room placed where the plan puts it, model names
prefixed with the room's (suite.py); the manifest then says which room each model belongs to.
Frames, links, collision shapes and masses: model.py. No bpy here; ui/export_menu.py wraps this in
File > Export, cli_export.py in ``python -m sceneorchestra_addon export``.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..ground.state import SceneState
from ..ground.suite import SuiteState
from .lights import scene_lights
from .meshes import MESH_FORMATS, write_mesh
from .mjcf import write_mjcf
from .model import COLLISIONS, Model, manifest_entry, scene_models
from .sdf import write_world
from .suite import suite_models
from .urdf import write_model_urdf, write_scene_urdf
from .writer import GENERATOR, MANIFEST, ExportError, atomic_folder, sanitize, write_text

FORMATS = ("sdf", "urdf", "mjcf")
SCENE_FILE_EXT = {"sdf": "sdf", "urdf": "urdf", "mjcf": "xml"}
MESH_DIR = "meshes"

__all__ = ["COLLISIONS", "FORMATS", "MESH_FORMATS", "SCENE_FILE_EXT", "ExportError", "export_scene"]


def _check_options(state: SceneState | SuiteState, fmt: str, collision: str, mesh_format: str) -> None:
    if not isinstance(state, (SceneState, SuiteState)):
        raise ExportError(f"export_scene needs a SceneState or a SuiteState, got {type(state).__name__}")
    for label, value, allowed in (("format", fmt, FORMATS), ("collision", collision, COLLISIONS), ("mesh format", mesh_format, MESH_FORMATS)):
        if value not in allowed:
            raise ExportError(f"unknown {label} {value!r}; expected one of {', '.join(allowed)}")
    if isinstance(state, SuiteState):
        if not state.rooms:
            raise ExportError("the scene is empty: it has no rooms")
    elif not state.objects and state.room is None:
        raise ExportError("the scene is empty: there is no room and no object to export")


def export_scene(
    state: SceneState | SuiteState,
    out_dir: str | Path,
    fmt: str = "sdf",
    include_room: bool = True,
    collision: str = "boxes",
    mesh_format: str = "obj",
    scene_name: str = "scene",
    weld_movable: bool = False,
) -> Path:
    """Write the scene into the folder ``out_dir`` and return the path of the scene file.

    ``fmt``: "sdf" (SDFormat 1.9 world), "urdf" (one URDF with a world link) or "mjcf" (MuJoCo);
    per-object URDFs and meshes are written in every case. ``include_room``: the floor, the walls
    (with door and window holes) and the doors and windows in them. ``collision``: "boxes" (one box
    per connected piece of each part) or "parts" (each piece as a convex mesh). ``mesh_format``:
    "obj" (every simulator; the only one Drake reads) or "stl". ``scene_name`` names the scene file
    and the world. ``weld_movable``: weld small objects and chairs to the world like furniture
    instead of exporting them as free bodies. Raises ExportError (nothing written) when the options
    or the target are bad.

    ``state`` may be a scene of several rooms (a SuiteState): every room goes into the one world,
    placed where the plan puts it, its models named ``<room>__<model>`` (suite.py).
    """
    _check_options(state, fmt, collision, mesh_format)
    name = sanitize(scene_name, "scene")
    rooms, room_of = None, {}
    if isinstance(state, SuiteState):
        suite = suite_models(state, include_room, collision, mesh_format, reserved=(name, MESH_DIR), weld_movable=weld_movable)
        models, lights, rooms, room_of = suite.models, suite.lights, suite.rooms, suite.room_of
    else:
        models = scene_models(state, include_room, collision, mesh_format, reserved=(name, "sun", "ceiling", MESH_DIR), weld_movable=weld_movable)
        lights = scene_lights(state, {m.source: m.name for m in models if m.kind == "object"})
    scene_file = f"{name}.{SCENE_FILE_EXT[fmt]}"
    with atomic_folder(Path(out_dir)) as tmp:
        mesh_dir = tmp / MESH_DIR
        mesh_dir.mkdir()
        for model in models:
            for mesh in model.meshes:
                write_mesh(mesh_dir, mesh)
            write_model_urdf(model, tmp / f"{model.name}.urdf")
        if fmt == "sdf":
            write_world(models, lights, name, tmp / scene_file)
        elif fmt == "urdf":
            write_scene_urdf(models, name, tmp / scene_file)
        else:
            write_mjcf(models, lights, name, tmp / scene_file)
        write_text(tmp / MANIFEST, json.dumps(_manifest(models, fmt, scene_file, collision, mesh_format, rooms, room_of), indent=1) + "\n")
    return Path(out_dir).absolute() / scene_file


def _manifest(models: list[Model], fmt: str, scene_file: str, collision: str, mesh_format: str,
              rooms: list[dict] | None = None, room_of: dict[str, str] | None = None) -> dict:
    """The manifest; a suite's also lists its rooms, and each model's entry names its room."""
    data = {
        "generator": GENERATOR,
        "format": fmt,
        "scene": scene_file,
        "units": "metres, kilograms, radians; +Z up",
        "collision": collision,
        "mesh_format": mesh_format,
        "mesh_dir": MESH_DIR,
        "models": [manifest_entry(m, f"{m.name}.urdf") for m in models],
    }
    if rooms is not None:
        data["rooms"] = rooms
        data["models"] = [{"name": e["name"], "room": (room_of or {}).get(e["name"]), **e} for e in data["models"]]
    return data
