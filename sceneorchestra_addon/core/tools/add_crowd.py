"""The `add_crowd` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param
from .vocab import Surface


@dataclass(frozen=True, kw_only=True)
class AddCrowd(Tool):
    """Fill one supporter densely with many small objects: books on every shelf of a bookshelf,
    plates inside a cabinet, items on a counter."""

    NAME = "add_crowd"
    GROUP = "implementer"

    parent: str = param(ref="object_id", doc="the object to fill")
    categories: tuple[str, ...] = param(ref="category", max_items=6, doc="small objects to mix")
    surface: Surface = param("any", doc="which of the parent's surfaces to fill")
    density: float = param(0.6, lo=0.1, hi=1.0, doc="fraction of the free area to fill")
