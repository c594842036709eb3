"""The `remove_object` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...ground.state import SceneState
from . import ops
from .base import Tool, param


@dataclass(frozen=True, kw_only=True)
class RemoveObject(Tool):
    """Remove an object and everything standing on or inside it."""

    NAME = "remove_object"
    GROUP = "modifier"

    target: str = param(ref="object_id", doc="the object to remove")


def apply(state: SceneState, p: RemoveObject, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    ops.need_object(state, p.target)
    state, removed = ops.remove_family(state, p.target)
    return ops.ToolResult(state, removed=removed)
