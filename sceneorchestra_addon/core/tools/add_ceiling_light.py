"""The `add_ceiling_light` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..solver import wall
from ..solver.world import World
from ...ground.state import SceneState
from . import ops
from .base import Tool, param


PLACES = ("ceiling",)  # the catalogue placements it takes (the grammar reads them from the parameter, the check below too)


@dataclass(frozen=True, kw_only=True)
class AddCeilingLight(Tool):
    """Hang lights from the ceiling, spread evenly over the room, or over an earlier object (a
    pendant over the dining table)."""

    NAME = "add_ceiling_light"
    GROUP = "implementer"

    category: str = param("ceiling_light", ref="category", placements=PLACES, doc="which light")
    count: int = param(1, lo=1, hi=6, doc="how many")
    above: str = param("", ref="object_id", doc="an earlier object to hang them over, spread along its length (optional)")


def apply(state: SceneState, p: AddCeilingLight, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    ops.need_placement(p.category, PLACES, "add_ceiling_light")
    anchor = ops.need_object(state, p.above) if p.above else None
    world = World.of(state)
    params = ops.new_params(p.category, rng)
    created: list[str] = []
    for index in range(p.count):
        if anchor is None:
            candidates = wall.ceiling_poses(world, params, index, p.count, rng)
        else:
            candidates = wall.ceiling_poses_above(world, params, anchor, index, p.count)
        pose, tag = wall.first_fit_free(world, params, candidates)
        if pose is None:
            continue
        state, obj = ops.add_object(state, p.category, params, pose, tag, parent=anchor.id if anchor else None)
        world.state = state
        world.add(obj)
        created.append(obj.id)
    over = f" over {anchor.id}" if anchor else ""
    if not created:
        raise ops.CallFailed(f"no free space on the ceiling for {p.category}{over}")
    warnings = () if len(created) == p.count else (f"only {len(created)} of {p.count} {p.category} fit{over}",)
    return ops.ToolResult(state, created=tuple(created), warnings=warnings)
