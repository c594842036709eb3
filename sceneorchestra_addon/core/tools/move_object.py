"""The `move_object` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param


@dataclass(frozen=True, kw_only=True)
class MoveObject(Tool):
    """Move an object on the floor plan by an offset (metres; +x east, +y north)."""

    NAME = "move_object"
    GROUP = "modifier"

    target: str = param(ref="object_id", doc="the object to move")
    dx_m: float = param(0.0, lo=-10.0, hi=10.0, doc="offset east")
    dy_m: float = param(0.0, lo=-10.0, hi=10.0, doc="offset north")
