"""The `add_object` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..solver import floor
from ..solver.world import World
from ...ground.state import SceneState
from . import ops
from .base import Tool, param
from .vocab import Placement, WallOrAny


@dataclass(frozen=True, kw_only=True)
class AddObject(Tool):
    """Add one large piece of furniture by placement: against a wall (its back to the wall), in a
    corner, in the middle of the room, or anywhere free."""

    NAME = "add_object"
    GROUP = "implementer"

    category: str = param(ref="category", doc="what to add")
    placement: Placement = param("against_wall", doc="where in the room")
    wall: WallOrAny = param("any", doc="which wall (for against_wall and corner)")


def apply(state: SceneState, p: AddObject, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    ops.need_placement(p.category, ("floor",), "add_object")
    world = World.of(state)
    params = ops.new_params(p.category, rng)
    if p.placement == "against_wall":
        candidates = lambda v: floor.against_wall_poses(world, v, p.wall, rng)
    elif p.placement == "corner":
        candidates = lambda v: floor.corner_poses(world, v, p.wall, rng)
    elif p.placement == "middle":
        candidates = lambda v: floor.middle_poses(world, v, rng)
    else:
        candidates = lambda v: floor.anywhere_poses(world, v, rng)
    where = p.placement.replace("_", " ") + ("" if p.wall == "any" or p.placement in ("middle", "anywhere") else f" ({p.wall} wall)")
    state, obj = ops.place_floor(state, world, p.category, params, candidates, where)
    return ops.ToolResult(state, created=(obj.id,))
