"""The `add_relation` tool."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..solver import floor
from ..solver.world import World
from ...ground.state import SceneState
from . import ops
from .base import Tool, param
from .vocab import Relation


@dataclass(frozen=True, kw_only=True)
class AddRelation(Tool):
    """Give an existing object a relation to another and move it to satisfy it ("under": a rug
    under a piece of furniture)."""

    NAME = "add_relation"
    GROUP = "modifier"

    target: str = param(ref="object_id", doc="the object to move")
    anchor: str = param(ref="object_id", doc="the object it relates to")
    relation: Relation = param(doc="the relation")


def apply(state: SceneState, p: AddRelation, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    obj = ops.need_object(state, p.target)
    anchor = ops.need_object(state, p.anchor)
    if obj.placement != "floor" or anchor.placement != "floor":
        raise ops.CallFailed(f"add_relation relates floor objects; {obj.id} or {anchor.id} is not on the floor")
    if anchor.id == obj.id or anchor.id in {o.id for o in state.descendants(obj.id)}:
        raise ops.CallFailed(f"{obj.id} cannot relate to itself or to what stands on it")
    family = {obj.id, *(o.id for o in state.descendants(obj.id))}
    world = World.of(state.without(family))
    relation = "beside" if p.relation == "on_both_sides" else p.relation
    if relation == "under":
        return _under(state, world, obj, anchor)
    pose, tag = floor.first_fit(world, obj.params, floor.relation_poses(world, obj.params, anchor, relation, 0.1, rng), obj.category, anchor.id)
    if pose is None:
        raise ops.CallFailed(f"no free space to put {obj.id} {relation.replace('_', ' ')} {anchor.id} (blocked by {tag})")
    state = ops.move_family(state, obj, pose)
    # an object stacked on another (a dryer on a washer) comes down to the floor
    state = state.with_object(replace(state.get(obj.id), relation=tag, parent=anchor.id, surface="", local=None))
    for oid in (obj.id, obj.parent if obj.relation.startswith("under:") else None):  # on a rug still under it; off a rug moved away
        if oid is not None:
            state, _ = ops.settle(state, oid)
    return ops.ToolResult(state, changed=(obj.id,))


def _under(state: SceneState, world: World, obj, anchor) -> ops.ToolResult:
    """Move a rug (at its size) under the anchor, which then stands on it."""
    ops.need_flat_covering(obj.category, anchor)
    search = World(world.state, {}, [])  # a rug only has to lie inside the room
    pose, tag = floor.first_fit(search, obj.params, floor.under_poses(world, obj.params, anchor), obj.category, anchor.id)
    if pose is None:
        raise ops.CallFailed(f"no space to put {obj.id} under {anchor.id} (blocked by {tag})")
    state = state.with_object(replace(obj, pose=pose, relation=tag, parent=anchor.id))
    if obj.relation.startswith("under:") and obj.parent != anchor.id:  # what stood on it comes down
        state, _ = ops.settle(state, obj.parent)
    state, warning = ops.settle(state, anchor.id)
    if not warning and ops.covering_top(state, state.get(anchor.id)) == 0.0:
        warning = f"{obj.id} does not reach under all of {anchor.id}, which stays on the floor"
    changed = (obj.id, anchor.id) if state.get(anchor.id).pose != anchor.pose else (obj.id,)
    return ops.ToolResult(state, changed=changed, warnings=(warning,) if warning else ())
