"""The `face_to` tool."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ...ground.geometry import normalize_yaw, yaw_facing
from ...ground.state import SceneState
from . import ops
from .base import Tool, param


@dataclass(frozen=True, kw_only=True)
class FaceTo(Tool):
    """Turn an object so that its front faces another object."""

    NAME = "face_to"
    GROUP = "modifier"

    target: str = param(ref="object_id", doc="the object to turn")
    anchor: str = param(ref="object_id", doc="the object to face")


def apply(state: SceneState, p: FaceTo, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    obj = ops.need_object(state, p.target)
    anchor = ops.need_object(state, p.anchor)
    if obj.id == anchor.id:
        raise ops.CallFailed(f"{obj.id} cannot face itself")
    direction = np.array([anchor.pose.x - obj.pose.x, anchor.pose.y - obj.pose.y])
    if np.linalg.norm(direction) < 1e-6:
        raise ops.CallFailed(f"{obj.id} and {anchor.id} stand at the same place")
    pose = replace(obj.pose, yaw_deg=normalize_yaw(yaw_facing(direction)))
    state = ops.repose(state, obj, pose, what="turn")
    return ops.ToolResult(state, changed=(obj.id,))
