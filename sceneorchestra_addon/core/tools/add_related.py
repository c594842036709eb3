"""The `add_related` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param
from .vocab import Relation


@dataclass(frozen=True, kw_only=True)
class AddRelated(Tool):
    """Add one piece of furniture in relation to an earlier object: beside it, left or right of it,
    in front of or behind it, facing it from across the room, near it, or one on each side."""

    NAME = "add_related"
    GROUP = "implementer"

    category: str = param(ref="category", doc="what to add")
    anchor: str = param(ref="object_id", doc="the earlier object it relates to")
    relation: Relation = param(doc="how it relates to the anchor")
    distance_m: float = param(0.1, lo=0.0, hi=3.0, doc="gap between the two objects")
