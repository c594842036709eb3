"""The `init_furnished_room` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param
from .vocab import Density, RoomType, Wall


@dataclass(frozen=True, kw_only=True)
class InitFurnishedRoom(Tool):
    """Start from a room furnished by rules: the room shell plus the typical furniture of its room
    type from the catalogue's room programs, placed without collisions. Later calls refine it."""

    NAME = "init_furnished_room"
    GROUP = "initializer"

    room_type: RoomType = param(doc="what the room is for")
    width_m: float = param(lo=2.0, hi=15.0, doc="extent along x (west to east)")
    depth_m: float = param(lo=2.0, hi=15.0, doc="extent along y (south to north)")
    height_m: float = param(2.7, lo=2.2, hi=5.0, doc="wall height")
    door_wall: Wall = param("south", doc="the wall with the entrance door")
    density: Density = param("normal", doc="how much furniture the rules add")
