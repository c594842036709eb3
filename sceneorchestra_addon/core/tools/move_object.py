"""The `move_object` tool."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ...ground.state import SceneState
from . import ops
from .base import Tool, param


@dataclass(frozen=True, kw_only=True)
class MoveObject(Tool):
    """Move an object on the floor plan by an offset (metres; +x east, +y north)."""

    NAME = "move_object"
    GROUP = "modifier"

    target: str = param(ref="object_id", doc="the object to move")
    dx_m: float = param(0.0, lo=-10.0, hi=10.0, doc="offset east")
    dy_m: float = param(0.0, lo=-10.0, hi=10.0, doc="offset north")


def apply(state: SceneState, p: MoveObject, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    obj = ops.need_object(state, p.target)
    pose = replace(obj.pose, x=round(obj.pose.x + p.dx_m, 6), y=round(obj.pose.y + p.dy_m, 6))
    state = ops.repose(state, obj, pose, what="move")
    return ops.ToolResult(state, changed=(obj.id,))
