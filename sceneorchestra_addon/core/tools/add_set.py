"""The `add_set` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param
from .vocab import Placement, SetKind, WallOrAny


@dataclass(frozen=True, kw_only=True)
class AddSet(Tool):
    """Add a functional furniture set in one step: a dining table with chairs, a bed with
    nightstands, a desk with chair and monitor, a sofa with coffee table and TV across, and so on."""

    NAME = "add_set"
    GROUP = "implementer"

    kind: SetKind = param(doc="which set")
    placement: Placement = param("against_wall", doc="where the set's main piece goes")
    wall: WallOrAny = param("any", doc="which wall (for against_wall and corner)")
    size: int = param(4, lo=1, hi=12, doc="seats or members in the set")
