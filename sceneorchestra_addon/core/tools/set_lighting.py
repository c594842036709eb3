"""The `set_lighting` tool."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ...ground.state import Lighting, SceneState
from . import ops
from .base import Tool, param
from .vocab import LightingPreset


@dataclass(frozen=True, kw_only=True)
class SetLighting(Tool):
    """Set the room's lighting mood and strength."""

    NAME = "set_lighting"
    GROUP = "modifier"

    preset: LightingPreset = param(doc="the lighting mood")
    intensity: float = param(1.0, lo=0.1, hi=3.0, doc="strength relative to the preset")


def apply(state: SceneState, p: SetLighting, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    return ops.ToolResult(replace(state, lighting=Lighting(p.preset, float(p.intensity))))
