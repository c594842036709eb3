"""The `update_rotation` tool."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ...ground.geometry import normalize_yaw
from ...ground.state import SceneState
from . import ops
from .base import Tool, param


@dataclass(frozen=True, kw_only=True)
class UpdateRotation(Tool):
    """Rotate an object to an absolute heading (counter-clockwise degrees; 0 = its front faces south)."""

    NAME = "update_rotation"
    GROUP = "modifier"

    target: str = param(ref="object_id", doc="the object to rotate")
    yaw_deg: float = param(lo=-180.0, hi=180.0, doc="heading in degrees")


def apply(state: SceneState, p: UpdateRotation, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    obj = ops.need_object(state, p.target)
    pose = replace(obj.pose, yaw_deg=normalize_yaw(p.yaw_deg))
    state = ops.repose(state, obj, pose, what="rotate")
    return ops.ToolResult(state, changed=(obj.id,))
