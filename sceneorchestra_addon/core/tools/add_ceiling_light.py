"""The `add_ceiling_light` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..solver import wall
from ..solver.world import World
from ...ground.state import SceneState
from . import ops
from .base import Tool, param


@dataclass(frozen=True, kw_only=True)
class AddCeilingLight(Tool):
    """Hang lights from the ceiling, spread evenly over the room."""

    NAME = "add_ceiling_light"
    GROUP = "implementer"

    category: str = param("ceiling_light", ref="category", doc="which light")
    count: int = param(1, lo=1, hi=6, doc="how many")


def apply(state: SceneState, p: AddCeilingLight, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    ops.need_placement(p.category, ("ceiling",), "add_ceiling_light")
    world = World.of(state)
    params = ops.new_params(p.category, rng)
    created: list[str] = []
    for index in range(p.count):
        pose, tag = wall.first_fit_free(world, params, wall.ceiling_poses(world, params, index, p.count, rng))
        if pose is None:
            continue
        state, obj = ops.add_object(state, p.category, params, pose, tag)
        world.state = state
        world.add(obj)
        created.append(obj.id)
    if not created:
        raise ops.CallFailed(f"no free space on the ceiling for {p.category}")
    warnings = () if len(created) == p.count else (f"only {len(created)} of {p.count} {p.category} fit",)
    return ops.ToolResult(state, created=tuple(created), warnings=warnings)
