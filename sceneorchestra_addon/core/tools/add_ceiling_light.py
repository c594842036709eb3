"""The `add_ceiling_light` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param


@dataclass(frozen=True, kw_only=True)
class AddCeilingLight(Tool):
    """Hang lights from the ceiling, spread evenly over the room."""

    NAME = "add_ceiling_light"
    GROUP = "implementer"

    category: str = param("ceiling_light", ref="category", doc="which light")
    count: int = param(1, lo=1, hi=6, doc="how many")
