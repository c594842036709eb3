"""SceneState: the single source of truth of a generated room, immutable and JSON-serialisable.

Frames: metres, +Z up, the room's south-west floor corner at the origin, the room
interior spanning ``x in [0, width_m]`` (west to east) and ``y in [0, depth_m]`` (south to north),
the floor at ``z = 0``. An object's pose is the world position of its local origin (the centre of
its footprint at its lowest point) and its yaw in degrees, counter-clockwise about +Z; at yaw 0 its
front faces -Y (south).

Objects standing on or inside another object keep ``parent``, the ``surface`` they stand on and
their pose in the parent's frame (``local``), so that moving or rotating a parent carries its
children along. Every state change returns a new SceneState (``dataclasses.replace``); snapshots
can therefore be kept cheaply by the journal.
"""

from __future__ import annotations

import dataclasses
import json
import math
import typing
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from . import catalog

SCHEMA_VERSION = 1
WALLS = ("north", "south", "east", "west")
PLAN_ONLY_ROOM_TYPES = ("hall",)  # rooms of a floor plan (``ground.plan``) that take no furniture program


class StateError(ValueError):
    """A scene JSON that cannot be loaded; the message says which field and why."""


@dataclass(frozen=True)
class Room:
    room_type: str
    width_m: float
    depth_m: float
    height_m: float = 2.7
    wall_thickness_m: float = 0.12

    def wall_length(self, wall: str) -> float:
        return self.width_m if wall in ("north", "south") else self.depth_m


@dataclass(frozen=True)
class Opening:
    """A door or window in a wall. ``offset_m`` is the distance of its centre along the wall from
    the wall's start (west end of north/south walls, south end of east/west walls)."""

    id: str
    kind: str  # "door" | "window"
    wall: str
    offset_m: float
    width_m: float
    height_m: float
    sill_m: float = 0.0  # bottom above the floor (0 for doors)
    params: dict = field(default_factory=dict)  # generator parameters of its PartTree


@dataclass(frozen=True)
class Pose:
    x: float
    y: float
    z: float
    yaw_deg: float


@dataclass(frozen=True)
class SceneObject:
    id: str
    category: str
    params: dict  # generator parameters (size, style, materials ...); the PartTree is build(params)
    pose: Pose
    parent: str | None = None  # the supporter it stands on / in, or the anchor of its relation
    relation: str = ""  # e.g. "against_wall:north", "corner", "middle", "beside:sofa_0", "on:shelf_1"
    surface: str = ""  # the parent's support surface it stands on ("" for floor and wall objects)
    local: Pose | None = None  # pose in the parent's frame, when it stands on the parent
    material_overrides: tuple[tuple[str, str], ...] = ()  # (part name or "*", material preset)

    @property
    def size(self) -> tuple[float, float, float]:
        return float(self.params["width_m"]), float(self.params["depth_m"]), float(self.params["height_m"])

    @property
    def placement(self) -> str:
        return catalog.BY_NAME[self.category].placement


@dataclass(frozen=True)
class Lighting:
    preset: str = "daylight"
    intensity: float = 1.0


@dataclass(frozen=True)
class SceneState:
    room: Room | None = None
    openings: tuple[Opening, ...] = ()
    objects: tuple[SceneObject, ...] = ()
    lighting: Lighting = Lighting()
    counters: tuple[tuple[str, int], ...] = ()  # next id number per category (ids are never reused)

    # ------------------------------------------------------------ queries

    def get(self, object_id: str) -> SceneObject | None:
        for o in self.objects:
            if o.id == object_id:
                return o
        return None

    def children(self, object_id: str) -> tuple[SceneObject, ...]:
        return tuple(o for o in self.objects if o.parent == object_id and o.surface)

    def descendants(self, object_id: str) -> tuple[SceneObject, ...]:
        out: list[SceneObject] = []
        stack = [object_id]
        while stack:
            current = stack.pop()
            for child in self.children(current):
                out.append(child)
                stack.append(child.id)
        return tuple(out)

    def next_id(self, category: str) -> str:
        return f"{category}_{dict(self.counters).get(category, 0)}"

    # ------------------------------------------------------------ updates (each returns a new state)

    def with_object(self, obj: SceneObject) -> SceneState:
        """Add a new object (its id must be ``next_id(category)``) or replace one with the same id."""
        if self.get(obj.id) is not None:
            return replace(self, objects=tuple(obj if o.id == obj.id else o for o in self.objects))
        counters = dict(self.counters)
        counters[obj.category] = counters.get(obj.category, 0) + 1
        return replace(self, objects=(*self.objects, obj), counters=tuple(sorted(counters.items())))

    def without(self, ids: set[str]) -> SceneState:
        return replace(self, objects=tuple(o for o in self.objects if o.id not in ids))

    # ------------------------------------------------------------ JSON

    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "room": asdict(self.room) if self.room else None,
            "openings": [asdict(o) for o in self.openings],
            "objects": [_object_dict(o) for o in self.objects],
            "lighting": asdict(self.lighting),
            "counters": dict(self.counters),
        }

    def to_json(self) -> str:
        """Canonical JSON: sorted keys, fixed float formatting: equal states give equal bytes."""
        return json.dumps(self.to_dict(), sort_keys=True, indent=1) + "\n"

    @staticmethod
    def from_json(text: str) -> SceneState:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise StateError(f"scene JSON does not parse: {exc}") from None
        return SceneState.from_dict(data)

    @staticmethod
    def from_dict(data: Any) -> SceneState:
        return _load(data)


def _object_dict(o: SceneObject) -> dict:
    d = asdict(o)
    d["material_overrides"] = [list(p) for p in o.material_overrides]
    return d


# ---------------------------------------------------------------- loading with clear errors


def _need(d: Any, key: str, kind: type | tuple, where: str) -> Any:
    if not isinstance(d, dict):
        raise StateError(f"{where}: expected an object, got {type(d).__name__}")
    if key not in d:
        raise StateError(f"{where}: missing field {key!r}")
    value = d[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise StateError(f"{where}.{key}: expected {name}, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise StateError(f"{where}.{key}: expected a finite number, got {value!r}")
    return value


def _field(hint: Any, d: dict, name: str, where: str) -> Any:
    """One field read by its type annotation (the dataclasses above are the one schema)."""
    optional = type(None) in typing.get_args(hint)
    kind = next((t for t in typing.get_args(hint) if t is not type(None)), hint) if optional else hint
    if optional:
        value = d.get(name)
        if value is None:
            return None
        if kind is str and not isinstance(value, str):
            raise StateError(f"{where}.{name}: expected an id or null, got {value!r}")
    if dataclasses.is_dataclass(kind):
        return _record(kind, _need(d, name, dict, where), f"{where}.{name}")
    if typing.get_origin(kind) is tuple:  # pairs of strings: material overrides
        pairs = _need(d, name, list, where)
        if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs):
            raise StateError(f"{where}.{name}: expected [[part, material], ...]")
        return tuple((p[0], p[1]) for p in pairs)
    return d[name] if optional else _need(d, name, kind, where)


def _record(cls: type, d: Any, where: str, skip: tuple[str, ...] = ()) -> Any:
    """An instance of a dataclass of this module from its JSON object, every field required."""
    if not isinstance(d, dict):
        raise StateError(f"{where}: expected an object, got {type(d).__name__}")
    hints = typing.get_type_hints(cls)
    return cls(**{f.name: _field(hints[f.name], d, f.name, where) for f in dataclasses.fields(cls) if f.name not in skip})


def _check_room(room: Room) -> Room:
    if room.room_type not in catalog.ROOM_TYPES and room.room_type not in PLAN_ONLY_ROOM_TYPES:
        raise StateError(f"scene.room.room_type: unknown room type {room.room_type!r}")
    if min(room.width_m, room.depth_m, room.height_m) <= 0:
        raise StateError("scene.room: sizes must be positive")
    return room


def _check_opening(o: Opening, where: str) -> Opening:
    if o.wall not in WALLS:
        raise StateError(f"{where}.wall: {o.wall!r} is not one of {WALLS}")
    return o


def _check_object(o: SceneObject, where: str) -> SceneObject:
    if o.category not in catalog.BY_NAME:
        raise StateError(f"{where}.category: unknown category {o.category!r}")
    for k in ("width_m", "depth_m", "height_m"):
        _need(o.params, k, float, f"{where}.params")
    return o


def _load(data: Any) -> SceneState:
    version = _need(data, "schema_version", int, "scene")
    if version != SCHEMA_VERSION:
        raise StateError(f"scene.schema_version: {version} is not supported (this version reads {SCHEMA_VERSION})")
    room = None if data.get("room") is None else _check_room(_record(Room, data["room"], "scene.room"))
    openings = tuple(_check_opening(_record(Opening, o, f"scene.openings[{i}]"), f"scene.openings[{i}]")
                     for i, o in enumerate(_need(data, "openings", list, "scene")))
    objects = []
    seen: set[str] = set()
    for i, o in enumerate(_need(data, "objects", list, "scene")):
        where = f"scene.objects[{i}]"
        oid = _need(o, "id", str, where)
        if oid in seen:
            raise StateError(f"{where}.id: duplicate id {oid!r}")
        seen.add(oid)
        objects.append(_check_object(_record(SceneObject, o, where), where))
    for o in objects:
        if o.parent is not None and o.parent not in seen:
            raise StateError(f"scene.objects: {o.id}.parent {o.parent!r} is not an object of the scene")
    lighting = data.get("lighting") or {}
    counters = _need(data, "counters", dict, "scene")
    if not all(isinstance(k, str) and isinstance(v, int) for k, v in counters.items()):
        raise StateError("scene.counters: expected {category: next number}")
    return SceneState(
        room,
        openings,
        tuple(objects),
        Lighting(str(lighting.get("preset", "daylight")), float(lighting.get("intensity", 1.0))),
        tuple(sorted(counters.items())),
    )
