"""The `add_wall_object` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param
from .vocab import WallOrAny


@dataclass(frozen=True, kw_only=True)
class AddWallObject(Tool):
    """Hang an object on a wall: art, a mirror, a shelf, a TV, a clock or a board; above an earlier
    object or at a given height."""

    NAME = "add_wall_object"
    GROUP = "implementer"

    category: str = param(ref="category", doc="what to hang")
    wall: WallOrAny = param("any", doc="which wall")
    above: str = param("", ref="object_id", doc="an earlier object to hang it above (optional)")
    height_m: float = param(1.5, lo=0.3, hi=4.5, doc="height of its centre above the floor")
