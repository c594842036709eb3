"""The `update_size` tool."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ...ground import catalog
from ..solver import surfaces
from ...ground.state import SceneState
from . import ops
from .base import Tool, param


@dataclass(frozen=True, kw_only=True)
class UpdateSize(Tool):
    """Scale an object uniformly about its footprint centre (it stays on its support)."""

    NAME = "update_size"
    GROUP = "modifier"

    target: str = param(ref="object_id", doc="the object to resize")
    scale: float = param(lo=0.5, hi=1.5, doc="scale factor")


def apply(state: SceneState, p: UpdateSize, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    obj = ops.need_object(state, p.target)
    cat = catalog.BY_NAME[obj.category]
    w, d, h = obj.size
    size = np.array([w, d, h]) * p.scale
    clipped = np.clip(size, cat.min_size, cat.max_size)
    warnings = ()
    if not np.allclose(clipped, size):
        warnings = (f"{obj.category} size limited to its range {cat.min_size}..{cat.max_size}",)
    params = dict(obj.params, width_m=round(float(clipped[0]), 3), depth_m=round(float(clipped[1]), 3), height_m=round(float(clipped[2]), 3))
    # children keep their place relative to the new surface heights; those that no longer fit go
    removed: list[str] = []
    new_tree = {s.name: s for s in surfaces.surfaces_of(replace(obj, params=params), ("top", "shelf", "inside", "seat"))}
    for child in state.children(obj.id):
        surface = new_tree.get(child.surface)
        x0, y0, x1, y1 = surface.rect if surface else (0, 0, 0, 0)
        if surface is None or not (x0 <= child.local.x <= x1 and y0 <= child.local.y <= y1):
            state, ids = ops.remove_family(state, child.id)
            removed.extend(ids)
            continue
        state = state.with_object(replace(child, local=replace(child.local, z=surface.z)))
    state = ops.repose(state, state.get(obj.id), obj.pose, params, what="resize")
    return ops.ToolResult(state, changed=(obj.id,), removed=tuple(removed), warnings=warnings)
