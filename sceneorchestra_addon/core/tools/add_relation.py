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
    """Give an existing object a relation to another and move it to satisfy it."""

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
    pose, tag = floor.first_fit(world, obj.params, floor.relation_poses(world, obj.params, anchor, relation, 0.1, rng), obj.category, anchor.id)
    if pose is None:
        raise ops.CallFailed(f"no free space to put {obj.id} {relation.replace('_', ' ')} {anchor.id} (blocked by {tag})")
    state = ops.move_family(state, obj, pose)
    state = state.with_object(replace(state.get(obj.id), relation=tag, parent=anchor.id))
    return ops.ToolResult(state, changed=(obj.id,))
