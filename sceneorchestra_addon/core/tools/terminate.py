"""The `terminate` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...ground.state import SceneState
from . import ops
from .base import Tool, param
from .vocab import Status


@dataclass(frozen=True, kw_only=True)
class Terminate(Tool):
    """End the trajectory. Always the last call."""

    NAME = "terminate"
    GROUP = "terminator"

    status: Status = param(doc="success when the room is finished")


def apply(state: SceneState, p: Terminate, rng: np.random.Generator) -> ops.ToolResult:
    return ops.ToolResult(state)
