"""The `init_room` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...ground.state import Opening, Room, SceneState
from . import ops
from .base import Tool, param
from .vocab import RoomType, Wall


@dataclass(frozen=True, kw_only=True)
class InitRoom(Tool):
    """Start from an empty room shell: floor, four walls of the given size and height, a door
    on one wall and windows on another. Use it first when you want to furnish the room yourself."""

    NAME = "init_room"
    GROUP = "initializer"

    room_type: RoomType = param(doc="what the room is for")
    width_m: float = param(lo=2.0, hi=15.0, doc="extent along x (west to east)")
    depth_m: float = param(lo=2.0, hi=15.0, doc="extent along y (south to north)")
    height_m: float = param(2.7, lo=2.2, hi=5.0, doc="wall height")
    door_wall: Wall = param("south", doc="the wall with the entrance door")
    window_wall: Wall = param("north", doc="the wall with the windows")
    windows: int = param(1, lo=0, hi=4, doc="number of windows")


def shell(state: SceneState, room_type: str, width_m: float, depth_m: float, height_m: float, door_wall: str,
          window_wall: str, windows: int, rng: np.random.Generator) -> tuple[SceneState, list[str]]:
    """A new state holding only the room shell with its door and windows (shared by both initializers)."""
    room = Room(room_type, float(width_m), float(depth_m), float(height_m))
    warnings: list[str] = []
    door_params = ops.new_params("door", rng)
    door_w = float(door_params["width_m"])
    length = room.wall_length(door_wall)
    if door_w + 0.2 > length:
        raise ops.CallFailed(f"the {door_wall} wall ({length} m) is too short for a door")
    door_offset = float(np.clip(rng.uniform(0.3, 0.7) * length, door_w / 2 + 0.1, length - door_w / 2 - 0.1))
    door_h = min(float(door_params["height_m"]), room.height_m - 0.1)
    door_params = dict(door_params, height_m=door_h, depth_m=room.wall_thickness_m)
    openings = [Opening("door_0", "door", door_wall, round(door_offset, 3), door_w, door_h, 0.0, door_params)]
    if windows:
        wlen = room.wall_length(window_wall)
        spans = [(0.0, wlen)]
        if window_wall == door_wall:
            spans = [(0.0, door_offset - door_w / 2 - 0.3), (door_offset + door_w / 2 + 0.3, wlen)]
        slots = _window_slots(spans, windows)
        for i, (centre, room_for) in enumerate(slots):
            wp = ops.new_params("window", rng)
            width = min(float(wp["width_m"]), room_for - 0.2)
            height = min(float(wp["height_m"]), room.height_m - 1.1)
            if width < 0.4 or height < 0.4:
                warnings.append(f"no room for window {i + 1} of {windows} on the {window_wall} wall")
                continue
            wp = dict(wp, width_m=round(width, 3), height_m=round(height, 3), depth_m=room.wall_thickness_m)
            sill = round(min(0.9, room.height_m - height - 0.2), 3)
            openings.append(Opening(f"window_{len(openings) - 1}", "window", window_wall, round(centre, 3), wp["width_m"], wp["height_m"], sill, wp))
    return SceneState(room=room, openings=tuple(openings)), warnings


def describe(state: SceneState) -> str:
    room = state.room
    doors = [o for o in state.openings if o.kind == "door"]
    windows = [o for o in state.openings if o.kind == "window"]
    return f"{room.room_type} {room.width_m} x {room.depth_m} m, door on the {doors[0].wall} wall, {len(windows)} window(s)"


def _window_slots(spans: list[tuple[float, float]], count: int) -> list[tuple[float, float]]:
    """Centres (and available widths) for ``count`` windows spread over free wall spans."""
    usable = [(a, b) for a, b in spans if b - a > 0.8]
    total = sum(b - a for a, b in usable)
    slots: list[tuple[float, float]] = []
    for a, b in usable:
        n = max(1, round(count * (b - a) / total)) if total else 0
        n = min(n, count - len(slots))
        step = (b - a) / max(n, 1)
        slots.extend((a + step * (k + 0.5), step) for k in range(n))
    return slots[:count]


def apply(state: SceneState, p: InitRoom, rng: np.random.Generator) -> ops.ToolResult:
    new, warnings = shell(state, p.room_type, p.width_m, p.depth_m, p.height_m, p.door_wall, p.window_wall, p.windows, rng)
    return ops.ToolResult(new, warnings=tuple(warnings), note=describe(new))
