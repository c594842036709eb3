"""The `add_related` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...ground import catalog
from ..solver import floor
from ..solver.world import World
from ...ground.state import SceneState
from . import ops
from .base import Tool, param
from .vocab import Relation


PLACES = ("floor",)  # the catalogue placements it takes (the grammar reads them from the parameter, the check below too)


@dataclass(frozen=True, kw_only=True)
class AddRelated(Tool):
    """Add one piece of furniture in relation to an earlier object: beside it, left or right of it,
    in front of or behind it, facing it from across the room, near it, or one on each side; or a rug
    under it."""

    NAME = "add_related"
    GROUP = "implementer"

    category: str = param(ref="category", placements=PLACES, doc="what to add")
    anchor: str = param(ref="object_id", doc="the earlier object it relates to")
    relation: Relation = param(doc="how it relates to the anchor")
    distance_m: float = param(0.1, lo=0.0, hi=3.0, doc="gap between the two objects")


def apply(state: SceneState, p: AddRelated, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    ops.need_placement(p.category, PLACES, "add_related")
    anchor = ops.need_object(state, p.anchor)
    world = World.of(state)
    params = ops.new_params(p.category, rng)
    what = f"{p.relation.replace('_', ' ')} {anchor.id}"
    if p.relation == "under":
        return _under(state, world, p, params, anchor, what)
    if p.relation == "on_both_sides":
        created = []
        for side in ("left_of", "right_of"):
            candidates = lambda v, side=side: floor.relation_poses(world, v, anchor, side, p.distance_m, rng)
            try:
                state, obj = ops.place_floor(state, world, p.category, params, candidates, what, parent=anchor.id)
                created.append(obj.id)
            except ops.CallFailed:
                continue
        if not created:
            raise ops.CallFailed(f"no free space for {p.category} on either side of {anchor.id}")
        warnings = () if len(created) == 2 else (f"only one {p.category} fits beside {anchor.id}",)
        return ops.ToolResult(state, created=tuple(created), warnings=warnings)
    candidates = lambda v: floor.relation_poses(world, v, anchor, p.relation, p.distance_m, rng)
    state, obj = ops.place_floor(state, world, p.category, params, candidates, what, parent=anchor.id)
    return ops.ToolResult(state, created=(obj.id,))


def _under(state: SceneState, world: World, p: AddRelated, params: dict, anchor, what: str) -> ops.ToolResult:
    """A rug centred under the anchor with its yaw (sized to it, slid to stay inside the room); the
    anchor then stands on it."""
    ops.need_flat_covering(p.category, anchor)
    cat = catalog.BY_NAME[p.category]
    sized = floor.under_size(params, anchor, cat.min_size, cat.max_size)
    state, obj = ops.place_floor(state, world, p.category, sized, lambda v: floor.under_poses(world, v, anchor), what, parent=anchor.id)
    state, warning = ops.settle(state, anchor.id)
    if not warning and ops.covering_top(state, state.get(anchor.id)) == 0.0:
        warning = f"{obj.id} does not reach under all of {anchor.id}, which stays on the floor"
    changed = (anchor.id,) if state.get(anchor.id).pose != anchor.pose else ()
    return ops.ToolResult(state, created=(obj.id,), changed=changed, warnings=(warning,) if warning else ())
