"""The `add_on_top` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..solver.surfaces import surfaces_of
from ..solver.world import World
from ...ground.state import SceneState
from . import ops
from .base import Tool, param


@dataclass(frozen=True, kw_only=True)
class AddOnTop(Tool):
    """Put small objects on top of a supporter (a table, desk, counter, nightstand, dresser)."""

    NAME = "add_on_top"
    GROUP = "implementer"

    parent: str = param(ref="object_id", doc="the supporter")
    category: str = param(ref="category", doc="the small object")
    count: int = param(1, lo=1, hi=12, doc="how many")


def apply(state: SceneState, p: AddOnTop, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    ops.need_placement(p.category, ("on_top",), "add_on_top")
    parent = ops.need_object(state, p.parent)
    kinds = ("top",)
    if not surfaces_of(parent, kinds):
        kinds = ("top", "shelf", "inside", "seat")
        if not surfaces_of(parent, kinds):
            raise ops.CallFailed(f"{parent.id} ({parent.category}) has no surface to put things on")
    world = World.of(state)
    created: list[str] = []
    for _ in range(p.count):
        placed = ops.place_on_surfaces(state, world, parent, p.category, ops.new_params(p.category, rng), kinds, rng)
        if placed is None:
            break
        state, obj = placed
        created.append(obj.id)
    if not created:
        raise ops.CallFailed(f"no free space for {p.category} on {parent.id}")
    warnings = () if len(created) == p.count else (f"only {len(created)} of {p.count} {p.category} fit on {parent.id}",)
    return ops.ToolResult(state, created=tuple(created), warnings=warnings)
