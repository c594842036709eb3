"""The `init_furnished_room` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import programs
from ...ground.state import SceneState
from . import ops
from .init_room import describe, shell
from .base import Tool, param
from .vocab import Density, RoomType, Wall


@dataclass(frozen=True, kw_only=True)
class InitFurnishedRoom(Tool):
    """Start from a room furnished by rules: the room shell plus the typical furniture of its room
    type from the catalogue's room programs, placed without collisions. Later calls refine it."""

    NAME = "init_furnished_room"
    GROUP = "initializer"
    COMPOSITE = True

    room_type: RoomType = param(doc="what the room is for")
    width_m: float = param(lo=2.0, hi=15.0, doc="extent along x (west to east)")
    depth_m: float = param(lo=2.0, hi=15.0, doc="extent along y (south to north)")
    height_m: float = param(2.7, lo=2.2, hi=5.0, doc="wall height")
    door_wall: Wall = param("south", doc="the wall with the entrance door")
    density: Density = param("normal", doc="how much furniture the rules add")


OPPOSITE = {"north": "south", "south": "north", "east": "west", "west": "east"}


def apply(state: SceneState, p: InitFurnishedRoom, rng: np.random.Generator, run: ops.Runner) -> ops.ToolResult:
    """The shell, then the room program's steps up to the density's level, each a tool call run
    like any other (a step that does not fit is skipped with a warning); at normal and dense
    density then the dressing calls (small objects for empty tops and shelves, wall decor).
    ``run`` executes each step's call text."""
    windows = 1 if min(p.width_m, p.depth_m) < 4 else 2
    state, warnings = shell(state, p.room_type, p.width_m, p.depth_m, p.height_m, p.door_wall, OPPOSITE[p.door_wall], windows, rng)
    created: list[str] = []

    def step(text: str) -> None:
        nonlocal state
        result = run(state, text, rng)
        if result.failure:
            warnings.append(f"{text.split('(', 1)[0]} skipped ({result.failure})")
            return
        state = result.state
        created.extend(result.created)

    for text in programs.steps_up_to(p.room_type, p.density):
        # a step about an object an earlier, skipped step did not make is left out quietly
        if all(state.get(ref) is not None for ref in programs.references(text)):
            step(text)
    if p.density != "sparse":  # dress the room: small objects on what is still empty, decor on bare walls
        for text in programs.dressing_calls(state):
            step(text)
    return ops.ToolResult(state, created=tuple(created), warnings=tuple(warnings), note=describe(state))
