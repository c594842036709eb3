"""A scene of several rooms (``ground.suite.SuiteState``) as one simulator world.

Every room is exported as its one-room scene would be (model.py: shell, doors, windows, objects,
free bodies), then placed where the plan puts it: each of its models' poses and each of its lights
move by ``suite.origin(room)`` (the room frames are not rotated, so nothing else changes). The
writers (sdf.py, urdf.py, mjcf.py) then write the rooms' models together as one world.

Names: every model of a room is named ``<room>__<name it has in a one-room export>``
(``bedroom_0__room``, ``bedroom_0__door_0``, ``bathroom_0__toilet_0``), its mesh files
``<model>__<part>.obj``, and every room light ``<room>__sun`` or ``<room>__ceiling``, so names
never repeat across rooms. Link and joint names stay those of the one-room export: SDFormat and the
per-model URDFs scope them by model, the scene URDF and the MJCF prefix them with the model name.

Walls: a room's shell walls stand outside its interior and are half a wall thick, so two
neighbours' walls meet on their shared line and never overlap. A door between two rooms is a hole
in both rooms' walls; the leaf (with its hinge) belongs to one of them, and is exported once.

The manifest says which room each model belongs to (``"room"``) and lists the rooms (``"rooms"``:
name, type, where its frame's origin lies in the world, interior size, and its models).

PyBullet: a suite's ``scene.urdf`` easily has more than 128 links, and PyBullet then loads it but
fails every state query on it (``getLinkState``, ``getJointState``, even the base pose). Load the
per-model URDFs at the manifest's poses instead (as for a single room), or use MuJoCo or Drake for
the whole world.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..ground.state import Pose
from ..ground.suite import SuiteState
from .lights import LightSpec, scene_lights
from .model import Model, scene_models
from .writer import NameTable, sanitize

ROOM_SEPARATOR = "__"


@dataclass(frozen=True)
class SuiteExport:
    """The models and lights of a suite in world coordinates, and which room holds each model."""

    models: list[Model]
    lights: list[LightSpec]
    room_of: dict[str, str]  # model name -> room name
    rooms: list[dict]  # the manifest's "rooms"


def room_prefix(room: str) -> str:
    """What goes before the names of a room's models and lights."""
    return sanitize(room, "room") + ROOM_SEPARATOR


def moved(pose: Pose, dx: float, dy: float) -> Pose:
    return Pose(pose.x + dx, pose.y + dy, pose.z, pose.yaw_deg)


def suite_models(suite: SuiteState, include_room: bool = True, collision: str = "boxes", mesh_format: str = "obj",
                 reserved: tuple[str, ...] = (), weld_movable: bool = False) -> SuiteExport:
    """Every room's models and lights, named apart and placed at the room's origin in the plan.

    Rooms come in the suite's order; within a room the order is that of a one-room export (shell,
    doors and windows, objects). ``reserved``: names no model may take (the scene file's, the
    mesh folder's)."""
    light_names = tuple(room_prefix(room) + base for room in suite.names for base in ("sun", "ceiling"))
    names = NameTable(reserved=(*reserved, *light_names))
    meshes = NameTable()
    models: list[Model] = []
    lights: list[LightSpec] = []
    room_of: dict[str, str] = {}
    rooms: list[dict] = []
    for room, state in suite.rooms:
        dx, dy = suite.origin(room)
        prefix = room_prefix(room)
        local = scene_models(state, include_room, collision, mesh_format, weld_movable=weld_movable, prefix=prefix, names=names, meshes=meshes)
        placed = [replace(m, pose=moved(m.pose, dx, dy)) for m in local]
        room_light, *lamps = scene_lights(state, {m.source: m.name for m in local if m.kind == "object"})  # lamps carry their model's name
        for light in (replace(room_light, name=prefix + room_light.name), *lamps):
            x, y, z = light.position
            lights.append(replace(light, position=(x + dx, y + dy, z)))
        models += placed
        room_of.update((m.name, room) for m in placed)
        entry = {"name": room, "room_type": suite.room_type(room), "origin": [dx, dy, 0.0]}
        if state.room is not None:
            entry["size"] = [state.room.width_m, state.room.depth_m, state.room.height_m]
        entry["models"] = [m.name for m in placed]
        rooms.append(entry)
    return SuiteExport(models, lights, room_of, rooms)
