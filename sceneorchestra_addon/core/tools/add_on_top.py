"""The `add_on_top` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param


@dataclass(frozen=True, kw_only=True)
class AddOnTop(Tool):
    """Put small objects on top of a supporter (a table, desk, counter, nightstand, dresser)."""

    NAME = "add_on_top"
    GROUP = "implementer"

    parent: str = param(ref="object_id", doc="the supporter")
    category: str = param(ref="category", doc="the small object")
    count: int = param(1, lo=1, hi=12, doc="how many")
