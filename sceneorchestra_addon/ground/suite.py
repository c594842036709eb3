"""A scene of several rooms: the floor plan (``ground.plan``) and one ``SceneState`` per room.

Each room is a one-room scene of today in its own frame, so every tool, the solver and the metrics
work on it unchanged; the plan places the rooms. ``SuiteState`` is immutable and JSON-serialisable
like ``SceneState``.

Frames and walls. A plan room's rectangle runs from wall centre line to wall centre line: the
rectangles tile the footprint. A room's interior is its rectangle less half a wall
(``HALF_WALL_M``) on every side, and its shell's walls (``room_shell``: walls outside the interior)
are that half wall thick. So two neighbours' walls meet on the shared line and make one wall of
``2 * HALF_WALL_M`` with no overlap and nothing built twice, and the exterior walls end on the
footprint's edge. ``origin(name)`` is where the room's own frame (its interior's south-west floor
corner) lies in the plan's frame.

Doors. A plan door is an opening in both rooms it joins, so each room's solver keeps the floor in
front of it free (``solver.world.opening_zone``) and each room's walkable check reaches it. Only one
of the two carries the door leaf (an opening with generator parameters): the room farther from the
entrance through the plan's doors (doors swing into rooms, not into the hall they are reached from),
the entrance room for the entrance. An ``open`` connection is a wide opening with no leaf in either
room. ``Opening.params`` of a leafless opening is empty, as for any hole.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .plan import HALL, Plan, PlanDoor, door_sides
from .state import SCHEMA_VERSION, Opening, Room, SceneState, StateError

HALF_WALL_M = 0.06
SUITE_KIND = "suite"


@dataclass(frozen=True)
class SuiteState:
    plan: Plan
    rooms: tuple[tuple[str, SceneState], ...]

    # ------------------------------------------------------------ queries

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n, _ in self.rooms)

    def has(self, name: str) -> bool:
        return any(n == name for n, _ in self.rooms)

    def state(self, name: str) -> SceneState:
        for n, s in self.rooms:
            if n == name:
                return s
        raise KeyError(name)

    def room_type(self, name: str) -> str:
        return self.plan.room(name).room_type

    def origin(self, name: str) -> tuple[float, float]:
        """The room frame's origin (its interior's south-west floor corner) in the plan's frame."""
        rect = self.plan.room(name).rect
        return round(rect.x0 + HALF_WALL_M, 6), round(rect.y0 + HALF_WALL_M, 6)

    def furnished(self) -> tuple[str, ...]:
        """The rooms that take furniture (every room but the halls)."""
        return tuple(n for n in self.names if self.room_type(n) != HALL)

    @property
    def object_count(self) -> int:
        return sum(len(s.objects) for _, s in self.rooms)

    # ------------------------------------------------------------ updates

    def with_room(self, name: str, state: SceneState) -> SuiteState:
        if not self.has(name):
            raise KeyError(name)
        return replace(self, rooms=tuple((n, state if n == name else s) for n, s in self.rooms))

    # ------------------------------------------------------------ JSON

    def to_dict(self) -> dict:
        return {"schema_version": SCHEMA_VERSION, "kind": SUITE_KIND, "plan": self.plan.to_dict(),
                "rooms": [{"name": n, "scene": s.to_dict()} for n, s in self.rooms]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, indent=1) + "\n"

    @staticmethod
    def from_dict(data: Any) -> SuiteState:
        if not isinstance(data, dict) or data.get("kind") != SUITE_KIND:
            raise StateError("scene: not a scene of several rooms (no \"kind\": \"suite\")")
        try:
            plan = Plan.from_dict(data["plan"])
        except KeyError:
            raise StateError("scene: missing field 'plan'") from None
        except ValueError as exc:
            raise StateError(f"scene.plan: {exc}") from None
        rooms = data.get("rooms")
        if not isinstance(rooms, list):
            raise StateError("scene.rooms: expected a list of {name, scene}")
        out = []
        for i, r in enumerate(rooms):
            if not isinstance(r, dict) or not isinstance(r.get("name"), str):
                raise StateError(f"scene.rooms[{i}]: expected {{name, scene}}")
            try:
                state = SceneState.from_dict(r.get("scene"))
            except StateError as exc:
                raise StateError(f"scene.rooms[{i}] ({r['name']}): {exc}") from None
            out.append((r["name"], state))
        if sorted(n for n, _ in out) != sorted(r.name for r in plan.rooms):
            raise StateError("scene.rooms: the rooms do not match the plan's rooms")
        return SuiteState(plan, tuple(out))


def load_scene(text: str) -> SceneState | SuiteState:
    """A scene JSON of either kind (a one-room scene or a suite), with clear errors."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StateError(f"scene JSON does not parse: {exc}") from None
    if isinstance(data, dict) and data.get("kind") == SUITE_KIND:
        return SuiteState.from_dict(data)
    return SceneState.from_dict(data)


# ---------------------------------------------------------------- building the shells


def leaf_room(plan: Plan, door: PlanDoor) -> str | None:
    """The room a door's leaf swings into (None: an open connection, no leaf): the entrance room
    for the entrance, else the one of the two rooms farther from the entrance through the doors
    (the second named on a tie)."""
    if door.kind == "open":
        return None
    if door.b is None:
        return door.a
    depth = door_depths(plan)
    return door.a if depth.get(door.a, 0) > depth.get(door.b, 0) else door.b


def door_depths(plan: Plan) -> dict[str, int]:
    """How many doors from the entrance each room is (rooms the doors do not reach are left out)."""
    depth = {plan.entrance.a: 0}
    frontier = [plan.entrance.a]
    while frontier:
        nxt = []
        for name in frontier:
            for d in plan.doors:
                other = d.b if d.a == name else d.a if d.b == name else None
                if other is not None and other not in depth:
                    depth[other] = depth[name] + 1
                    nxt.append(other)
        frontier = nxt
    return depth


def room_doors(plan: Plan, name: str) -> list[int]:
    """The doors of a room, as indices into ``(plan.entrance, *plan.doors)``, in the order that
    numbers its openings ``door_0``, ``door_1`` ... (``Plan.openings_for``)."""
    return [k for k, d in enumerate((plan.entrance, *plan.doors)) if name in (d.a, d.b)]


def shells(plan: Plan, rng: np.random.Generator, sample: Callable[[str, np.random.Generator], dict], height_m: float = 2.7) -> SuiteState:
    """Every room of ``plan`` as an empty shell in its own frame, with its doors (a leaf whose
    parameters ``sample("door", rng)`` draws, in the room it swings into) and windows."""
    t = HALF_WALL_M
    leaves: dict[int, dict] = {}
    doors = (plan.entrance, *plan.doors)
    for k, d in enumerate(doors):
        if leaf_room(plan, d) is None:
            continue
        params = sample("door", rng)
        leaves[k] = dict(params, width_m=d.width_m, height_m=min(d.height_m, height_m - 0.1), depth_m=t)
    rooms = []
    for pr in plan.rooms:
        room = Room(pr.room_type, round(pr.rect.width - 2 * t, 6), round(pr.rect.depth - 2 * t, 6), float(height_m), t)
        openings = []
        local = {o.id: o for o in plan.openings_for(pr.name)}
        mine = room_doors(plan, pr.name)
        for n, k in enumerate(mine):
            o = local[f"door_{n}"]
            params = leaves.get(k, {}) if leaf_room(plan, doors[k]) == pr.name else {}
            openings.append(Opening(o.id, "door", o.wall, round(o.offset_m - t, 3), o.width_m, min(o.height_m, height_m - 0.1), 0.0, params))
        for o in local.values():
            if o.kind == "window":
                wp = dict(sample("window", rng), width_m=o.width_m, height_m=o.height_m, depth_m=t)
                openings.append(Opening(o.id, "window", o.wall, round(o.offset_m - t, 3), o.width_m, o.height_m, o.sill_m, wp))
        rooms.append((pr.name, SceneState(room=room, openings=tuple(openings))))
    return SuiteState(plan, tuple(rooms))


def door_rooms(plan: Plan) -> list[tuple[PlanDoor, str | None, str | None]]:
    """Each door with the rooms found on its two sides from the geometry (``plan.door_sides``)."""
    return [(d, *door_sides(plan, d)) for d in (plan.entrance, *plan.doors)]
