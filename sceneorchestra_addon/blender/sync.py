"""SceneState -> the add-on collection, incrementally; and the state stored inside the .blend.

Every top-level object the add-on builds carries ``so_id`` (the scene object's id, an opening's id or
"room") and ``so_hash_geom`` (a hash of what its geometry is built from). ``sync_scene`` compares them
with the state: a new id is built, a vanished id is deleted, a changed hash is rebuilt, and an
unchanged hash with a different pose only moves the empty. Lights follow the lighting preset: one
sun or area light for the room and a point light in each lamp's shade.

Each scene has its own room: ``sync_scene`` and ``store_state`` work on the add-on collection of
the scene they are given (the current one by default), and the state and trajectory are stored as
custom properties of that collection (``so_state``, ``so_trajectory``), so two scenes of a file
hold two rooms. ``sync_collection`` is the same sync on any collection, with a name prefix and a
parent object for what it builds: a scene of several rooms (``blender.suite``) syncs each room into
its own child collection that way. The stored state may be either kind of scene
(``ground.suite.load_scene`` reads it back). A file written before that kept them in two text datablocks of the file
(``SceneOrchestra.state.json``, ``SceneOrchestra.trajectory.txt``); ``load_stored`` still reads those
for a collection that stores nothing of its own.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass

import bpy

from .. import assets
from ..assets.parttree import PartTree
from ..assets.room_shell import build_room_shell
from ..ground.geometry import opening_pose
from ..core.lighting import LAMP_CATEGORIES, LAMP_COLOR, LightPreset, lamp_point, light_preset
from ..ground.state import Pose, SceneObject, SceneState
from ..ground.suite import SuiteState, load_scene
from .build import build_object, params_json, place, pose_matches
from .collection import find_collection, get_collection, managed_index, objects, remove_rooms, remove_tree

ROOM_ID = "room"
KIND_PROP = "so_kind"  # "object" | "opening" | "room"
HASH_PROP = "so_hash_geom"
LIGHT_PROP = "so_light"  # "main" | "lamp"
MAIN_LIGHT_NAME = "SceneOrchestra.light"
STATE_PROP = "so_state"  # on the scene's add-on collection
TRAJECTORY_PROP = "so_trajectory"
STATE_TEXT = "SceneOrchestra.state.json"  # where files written before per-scene rooms kept them
TRAJECTORY_TEXT = "SceneOrchestra.trajectory.txt"
IDENTITY = Pose(0.0, 0.0, 0.0, 0.0)
DEFAULT_ROOM_M = (4.0, 4.0, 2.7)  # light placement when the state has no room yet

TreeFn = Callable[[SceneObject], PartTree]


def default_tree(obj: SceneObject) -> PartTree:
    return assets.build(obj.params)


@dataclass(frozen=True)
class Wanted:
    """One top-level object the collection should hold."""

    id: str
    kind: str
    category: str
    pose: Pose
    geom_hash: str
    make_tree: Callable[[], PartTree]
    overrides: tuple[tuple[str, str], ...] = ()


# ---------------------------------------------------------------- the sync


def sync_scene(state: SceneState, trees: TreeFn | None = None, scene: bpy.types.Scene | None = None) -> dict[str, int]:
    """Make the add-on collection of ``scene`` (the current scene by default) match ``state``; returns
    {"created", "updated", "removed"} counts (the room, openings and scene objects; lights are kept in
    step but not counted). The rooms of a scene of several rooms built there before are deleted. A
    ``SuiteState`` is refused: ``blender.suite.sync_suite`` builds one (``outputs.build_scene`` takes
    either)."""
    if isinstance(state, SuiteState):
        raise TypeError("sync_scene builds one room; build a scene of several rooms with blender.suite.sync_suite")
    coll = get_collection(scene)
    remove_rooms(coll)  # the rooms of a scene of several rooms built here before
    return sync_collection(state, coll, trees)


def sync_collection(
    state: SceneState,
    coll: bpy.types.Collection,
    trees: TreeFn | None = None,
    prefix: str = "",
    parent: bpy.types.Object | None = None,
) -> dict[str, int]:
    """``sync_scene`` on the collection ``coll``: every object built is named ``prefix`` + its id
    (the room light ``prefix + "light"``, or ``SceneOrchestra.light`` without a prefix), and every
    new top-level object (an empty, the room light) is parented to ``parent`` when one is given,
    so that poses stay in the state's own frame."""
    index = managed_index(coll)
    wanted = wanted_objects(state, trees or default_tree)
    counts = {"created": 0, "updated": 0, "removed": 0}
    keep = {w.id for w in wanted}
    for oid, obj in index.items():
        if oid not in keep:
            remove_tree(obj, coll)
            counts["removed"] += 1
    for w in wanted:
        obj = index.get(w.id)
        if obj is None:
            _create(w, coll, prefix, parent)
            counts["created"] += 1
        elif obj.get(HASH_PROP) != w.geom_hash:
            remove_tree(obj, coll)
            _create(w, coll, prefix, parent)
            counts["updated"] += 1
        elif not pose_matches(obj, w.pose):
            place(obj, w.pose)
            counts["updated"] += 1
    sync_lights(state, coll, prefix, parent)
    return counts


def wanted_objects(state: SceneState, trees: TreeFn) -> list[Wanted]:
    """What the collection should hold for ``state``: room shell, doors and windows, objects."""
    wanted: list[Wanted] = []
    if state.room is not None:
        room, openings = state.room, state.openings
        shell_hash = _hash({"room": asdict(room), "openings": [asdict(o) for o in openings]})
        wanted.append(Wanted(ROOM_ID, "room", "room_shell", IDENTITY, shell_hash, lambda: build_room_shell(room, openings)))
        for op in openings:
            if not op.params:  # a bare hole: nothing to build in it
                continue
            category = str(op.params.get("category", op.kind))
            geom = _hash({"kind": op.kind, "params": op.params})
            wanted.append(Wanted(op.id, "opening", category, opening_pose(room, op), geom, _builder(assets.build, op.params)))
    for obj in state.objects:
        geom = _hash({"category": obj.category, "params": obj.params, "overrides": [list(p) for p in obj.material_overrides]})
        wanted.append(Wanted(obj.id, "object", obj.category, obj.pose, geom, _builder(trees, obj), obj.material_overrides))
    return wanted


def _builder(fn, arg) -> Callable[[], PartTree]:
    return lambda: fn(arg)


def _hash(data: dict) -> str:
    return hashlib.sha1(params_json(data).encode()).hexdigest()


def _create(w: Wanted, coll: bpy.types.Collection, prefix: str = "", parent: bpy.types.Object | None = None) -> bpy.types.Object:
    tree = w.make_tree()
    empty = build_object(tree, w.id, w.pose, coll, w.overrides, name=prefix + w.id if prefix else None)
    if parent is not None:
        empty.parent = parent
    empty[KIND_PROP] = w.kind
    empty[HASH_PROP] = w.geom_hash
    if w.category in LAMP_CATEGORIES:
        _add_lamp_light(empty, tree, w.category, coll)
    return empty


# ---------------------------------------------------------------- lights


def sync_lights(state: SceneState, coll: bpy.types.Collection, prefix: str = "", parent: bpy.types.Object | None = None) -> None:
    """The room light matches the preset; every lamp light gets the preset's lamp power."""
    preset = light_preset(state.lighting.preset)
    _sync_main_light(preset, state, coll, prefix, parent)
    for obj in objects(coll):
        if obj.get(LIGHT_PROP) == "lamp":
            obj.data.energy = preset.lamp_w * state.lighting.intensity


def _sync_main_light(
    preset: LightPreset, state: SceneState, coll: bpy.types.Collection, prefix: str = "", parent: bpy.types.Object | None = None
) -> None:
    light_obj = next((o for o in objects(coll) if o.get(LIGHT_PROP) == "main"), None)
    if light_obj is not None and light_obj.data.type != preset.kind:
        remove_tree(light_obj, coll)
        light_obj = None
    if light_obj is None:
        name = prefix + "light" if prefix else MAIN_LIGHT_NAME
        data = bpy.data.lights.new(name, preset.kind)
        light_obj = bpy.data.objects.new(name, data)
        light_obj[LIGHT_PROP] = "main"
        coll.objects.link(light_obj)
        if parent is not None:
            light_obj.parent = parent
    w, d, h = (state.room.width_m, state.room.depth_m, state.room.height_m) if state.room else DEFAULT_ROOM_M
    data = light_obj.data
    data.color = preset.color
    if preset.kind == "SUN":
        data.energy = preset.strength * state.lighting.intensity
        light_obj.location = (w / 2.0, d / 2.0, h + 2.0)
        light_obj.rotation_euler = _sun_rotation(preset)
    else:
        data.shape = "RECTANGLE"
        data.size, data.size_y = 0.8 * w, 0.8 * d
        data.energy = preset.strength * w * d * state.lighting.intensity
        light_obj.location = (w / 2.0, d / 2.0, h - 0.05)
        light_obj.rotation_euler = (0.0, 0.0, 0.0)


def _sun_rotation(preset: LightPreset) -> tuple[float, float, float]:
    """Euler angles that point the sun's -Z along the light's travel direction."""
    tilt = math.radians(90.0 - preset.elevation_deg)
    return (tilt, 0.0, math.radians(preset.azimuth_deg + 90.0))


def _add_lamp_light(empty: bpy.types.Object, tree: PartTree, category: str, coll: bpy.types.Collection) -> None:
    name = f"{empty.name}.light"
    data = bpy.data.lights.new(name, "POINT")
    data.color = LAMP_COLOR
    data.shadow_soft_size = 0.08
    light_obj = bpy.data.objects.new(name, data)
    light_obj[LIGHT_PROP] = "lamp"
    coll.objects.link(light_obj)
    light_obj.parent = empty
    light_obj.location = tuple(float(v) for v in lamp_point(tree))


# ---------------------------------------------------------------- the state inside the .blend


def store_state(state: SceneState | SuiteState, trajectory_text: str, scene: bpy.types.Scene | None = None) -> str:
    """Store the state JSON (a one-room scene or a suite) and the trajectory on the add-on collection
    of ``scene`` (the current scene by default; the collection is created if needed); returns the
    JSON stored."""
    coll = get_collection(scene)
    state_json = state.to_json()
    coll[STATE_PROP] = state_json
    coll[TRAJECTORY_PROP] = trajectory_text
    return state_json


def stored_texts(scene: bpy.types.Scene | None = None) -> tuple[str | None, str | None]:
    """(state JSON, trajectory text) stored for ``scene`` (the current scene by default), unparsed;
    None for each one it does not hold."""
    coll = find_collection(scene)
    if coll is None:
        return None, None
    if TRAJECTORY_PROP in coll or STATE_PROP in coll:
        return coll.get(STATE_PROP), coll.get(TRAJECTORY_PROP)
    state_text, traj_text = bpy.data.texts.get(STATE_TEXT), bpy.data.texts.get(TRAJECTORY_TEXT)  # an older file
    return (state_text.as_string() if state_text is not None else None), (traj_text.as_string() if traj_text is not None else None)


def load_stored(scene: bpy.types.Scene | None = None) -> tuple[SceneState | SuiteState | None, str | None]:
    """The stored state (a ``SceneState``, or a ``SuiteState`` for a scene of several rooms) and
    trajectory of ``scene`` (None for each one it does not hold)."""
    state_json, text = stored_texts(scene)
    return (load_scene(state_json) if state_json is not None else None), text
