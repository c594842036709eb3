"""The `init_plan` tool: the floor plan of a scene of several rooms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from ...ground.catalog import ROOM_TYPES
from ...ground.plan import HALL, HUB_TYPES, MAX_ROOMS, RoomSpec, plan_rooms
from ...ground.state import SceneState
from ...ground.suite import SuiteState, shells
from . import ops
from .base import Tool, param

PlanRoomType = Literal[(*ROOM_TYPES, HALL)]  # type: ignore[valid-type]


@dataclass(frozen=True, kw_only=True)
class InitPlan(Tool):
    """Start a scene of several rooms: rectangular rooms that tile one footprint, with shared walls,
    a door between every pair named in doors (open: a wide opening with no door), doors that make
    every room reachable from the one entrance, and windows on outside walls. Rooms are named
    <room type>_<n> in the order given (bedroom_0, bathroom_0); every later call names its room with
    room="bedroom_0"."""

    NAME = "init_plan"
    GROUP = "initializer"

    rooms: tuple[PlanRoomType, ...] = param(max_items=MAX_ROOMS, doc="the room types, one per room (hall: a corridor with no furniture)")
    areas_m2: tuple[float, ...] = param((), lo=0.0, hi=120.0, max_items=MAX_ROOMS,
                                        doc="each room's floor area in the same order; 0 or left out: usual for its type")
    doors: tuple[str, ...] = param((), max_items=16, doc='pairs of rooms that must share a wall with a door, as "bedroom_0-bathroom_0"')
    open: tuple[str, ...] = param((), max_items=8, doc='pairs of rooms joined by a wide opening instead, as "living_room_0-kitchen_0"')
    width_m: float = param(0.0, lo=0.0, hi=40.0, doc="the footprint's extent along x; 0: from the rooms' areas")
    depth_m: float = param(0.0, lo=0.0, hi=40.0, doc="the footprint's extent along y; 0: from the rooms' areas")
    height_m: float = param(2.7, lo=2.2, hi=5.0, doc="wall height")


def room_names(rooms: tuple[str, ...]) -> list[str]:
    """The names ``init_plan`` gives its rooms: <type>_<n>, counted per type in order."""
    counts: dict[str, int] = {}
    out = []
    for kind in rooms:
        out.append(f"{kind}_{counts.get(kind, 0)}")
        counts[kind] = counts.get(kind, 0) + 1
    return out


def plan_room_names(rooms: tuple[str, ...]) -> list[str]:
    """Every room a plan of these room types holds: ``room_names``, plus the hall ``plan_rooms``
    adds to four or more rooms when none of them is a hub (``ground.plan``)."""
    names = room_names(rooms)
    if len(rooms) >= 4 and not any(kind in HUB_TYPES for kind in rooms):
        hall = f"{HALL}_0"
        while hall in names:
            hall += "_"
        names.append(hall)
    return names


def _pairs(values: tuple[str, ...], kind: str, names: list[str]) -> list[tuple[str, str, str]]:
    out = []
    for text in values:
        parts = text.split("-")
        if len(parts) != 2 or not all(parts):
            raise ops.CallFailed(f'{text!r} is not a pair of rooms written "room_a-room_b"')
        for name in parts:
            if name not in names:
                raise ops.CallFailed(f"{text!r} names room {name!r}, which the plan does not have (rooms: {', '.join(names)})")
        out.append((parts[0], parts[1], kind))
    return out


def describe(suite: SuiteState) -> str:
    plan = suite.plan
    fp = plan.footprint
    rooms = ", ".join(f"{r.name} {r.rect.width:.2f} x {r.rect.depth:.2f} m" for r in plan.rooms)
    return f"plan {fp.width:g} x {fp.depth:g} m: {rooms}; entrance into {plan.entrance.a}; {len(plan.doors)} inner door(s)"


def apply(state: SceneState, p: InitPlan, rng: np.random.Generator) -> ops.ToolResult:
    if not p.rooms:
        raise ops.CallFailed("a plan needs at least one room")
    if p.areas_m2 and len(p.areas_m2) != len(p.rooms):
        raise ops.CallFailed(f"areas_m2 has {len(p.areas_m2)} values for {len(p.rooms)} rooms")
    names = room_names(p.rooms)
    areas = p.areas_m2 or (0.0,) * len(p.rooms)
    specs = [RoomSpec(kind, name, float(a) if a > 0 else None) for kind, name, a in zip(p.rooms, names, areas)]
    adjacency = _pairs(p.doors, "door", names) + _pairs(p.open, "open", names)
    footprint = None
    if p.width_m > 0 or p.depth_m > 0:
        if not (p.width_m > 0 and p.depth_m > 0):
            raise ops.CallFailed("give both width_m and depth_m of the footprint, or neither")
        footprint = (p.width_m, p.depth_m)
    try:
        plan = plan_rooms(specs, adjacency, rng, footprint)
    except ValueError as exc:
        raise ops.CallFailed(str(exc)) from None
    suite = shells(plan, rng, ops.new_params, p.height_m)
    return ops.ToolResult(suite, warnings=plan.notes, note=describe(suite))  # type: ignore[arg-type]
