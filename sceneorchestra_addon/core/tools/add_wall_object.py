"""The `add_wall_object` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..solver.world import World
from ...ground.state import SceneState
from . import ops
from .base import Tool, param
from .vocab import NearOpening, WallOrAny


PLACES = ("wall",)  # the catalogue placements it takes (the grammar reads them from the parameter, the check below too)


@dataclass(frozen=True, kw_only=True)
class AddWallObject(Tool):
    """Hang an object on a wall: art, a mirror, a shelf, a TV, a clock or a board; above an earlier
    object or at a given height."""

    NAME = "add_wall_object"
    GROUP = "implementer"

    category: str = param(ref="category", placements=PLACES, doc="what to hang")
    wall: WallOrAny = param("any", doc="which wall")
    above: str = param("", ref="object_id", doc="an earlier object to hang it above (optional)")
    height_m: float = param(1.5, lo=0.3, hi=4.5, doc="height of its centre above the floor")
    near: NearOpening = param("none", doc="beside a window or door")


def apply(state: SceneState, p: AddWallObject, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    ops.need_placement(p.category, PLACES, "add_wall_object")
    above = ops.need_object(state, p.above) if p.above else None
    world = World.of(state)
    state, obj = ops.place_on_wall(state, world, p.category, ops.new_params(p.category, rng), p.wall, p.height_m, rng, above, p.near)
    return ops.ToolResult(state, created=(obj.id,))
