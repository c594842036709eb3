"""The `add_object` tool."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from ..solver import floor
from ..solver.world import World
from ...ground import catalog
from ...ground.state import SceneState
from . import ops
from .base import Tool, param
from .vocab import NearOpening, Placement, WallOrAny


PLACES = ("floor",)  # the catalogue placements it takes (the grammar reads them from the parameter, the check below too)


@dataclass(frozen=True, kw_only=True)
class AddObject(Tool):
    """Add one large piece of furniture by placement: against a wall (its back to the wall), in a
    corner, in the middle of the room, or anywhere free."""

    NAME = "add_object"
    GROUP = "implementer"

    category: str = param(ref="category", placements=PLACES, doc="what to add")
    placement: Placement = param("against_wall", doc="where in the room")
    wall: WallOrAny = param("any", doc="which wall (for against_wall and corner)")
    near: NearOpening = param("none", doc="against a wall close to a window (under it) or a door (beside its swing); with middle, free in front of it")
    width_m: float = param(0.0, lo=0.0, hi=6.0, doc="its width side to side in metres, kept within the kind's sizes (0: a usual width)")


def apply(state: SceneState, p: AddObject, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    ops.need_placement(p.category, PLACES, "add_object")
    world = World.of(state)
    params = ops.new_params(p.category, rng)
    if p.width_m > 0:  # "a table for ten": long enough for its chairs
        cat = catalog.BY_NAME[p.category]
        params = {**params, "width_m": round(min(cat.max_size[0], max(cat.min_size[0], p.width_m)), 3)}
    if p.near != "none" and p.placement == "corner":  # the corners nearest to a window / door first
        spots = [floor.opening_spot(world.state.room, o) for o in world.state.openings if o.kind == p.near]
        candidates = lambda v: sorted(floor.corner_poses(world, v, p.wall, rng),
                                      key=lambda c: min((np.hypot(c[0].x - x, c[0].y - y) for x, y in spots), default=0.0))
    elif p.near != "none" and p.placement == "middle":  # free-standing in front of the window / door: room all round it
        candidates = lambda v: floor.free_near_poses(world, v, p.near, rng)
    elif p.near != "none":  # by the window / near the door first, then any free place the placement allows
        fallback = {"against_wall": lambda v: floor.against_wall_poses(world, v, p.wall, rng), "corner": lambda v: floor.corner_poses(world, v, p.wall, rng),
                    "middle": lambda v: floor.middle_poses(world, v, rng)}.get(p.placement, lambda v: floor.anywhere_poses(world, v, rng))
        candidates = lambda v: itertools.chain(floor.opening_poses(world, v, p.near, rng), fallback(v))
    elif p.placement == "against_wall":
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
