"""The `set_material` tool."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from ...assets.shapes import tree_of
from ...ground.state import SceneState
from . import ops
from ...assets.materials import MATERIALS
from .base import Tool, param

Material = Literal[tuple(MATERIALS)]  # type: ignore[valid-type]


@dataclass(frozen=True, kw_only=True)
class SetMaterial(Tool):
    """Change the material of an object, or of one named part of it."""

    NAME = "set_material"
    GROUP = "modifier"

    target: str = param(ref="object_id", doc="the object")
    material: Material = param(doc="the material preset")
    part: str = param("", ref="part", doc="one part only (optional)")


def apply(state: SceneState, p: SetMaterial, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    obj = ops.need_object(state, p.target)
    key = p.part or "*"
    if p.part:
        names = [part.name for part in tree_of(obj.params).parts]
        if p.part not in names:
            raise ops.CallFailed(f"{obj.id} has no part {p.part!r} (parts: {', '.join(names)})")
    overrides = tuple((k, v) for k, v in obj.material_overrides if k != key) + ((key, p.material),)
    if key == "*":
        overrides = (("*", p.material),)
    state = state.with_object(replace(obj, material_overrides=overrides))
    return ops.ToolResult(state, changed=(obj.id,))
