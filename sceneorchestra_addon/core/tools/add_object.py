"""The `add_object` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param
from .vocab import Placement, WallOrAny


@dataclass(frozen=True, kw_only=True)
class AddObject(Tool):
    """Add one large piece of furniture by placement: against a wall (its back to the wall), in a
    corner, in the middle of the room, or anywhere free."""

    NAME = "add_object"
    GROUP = "implementer"

    category: str = param(ref="category", doc="what to add")
    placement: Placement = param("against_wall", doc="where in the room")
    wall: WallOrAny = param("any", doc="which wall (for against_wall and corner)")
