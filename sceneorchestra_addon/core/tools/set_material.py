"""The `set_material` tool."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
