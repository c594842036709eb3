"""The `add_group` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param
from .vocab import Arrangement


@dataclass(frozen=True, kw_only=True)
class AddGroup(Tool):
    """Add several objects of one category arranged around an earlier anchor: chairs around a
    table, nightstands on both sides of a bed, seats in a row."""

    NAME = "add_group"
    GROUP = "implementer"

    anchor: str = param(ref="object_id", doc="the object the group is arranged around")
    member: str = param(ref="category", doc="the category of the members")
    count: int = param(lo=1, hi=12, doc="how many members")
    arrangement: Arrangement = param("around", doc="how the members are arranged")
