"""The `init_room` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param
from .vocab import RoomType, Wall


@dataclass(frozen=True, kw_only=True)
class InitRoom(Tool):
    """Start from an empty room shell: floor, four walls of the given size and height, a door
    on one wall and windows on another. Use it first when you want to furnish the room yourself."""

    NAME = "init_room"
    GROUP = "initializer"

    room_type: RoomType = param(doc="what the room is for")
    width_m: float = param(lo=2.0, hi=15.0, doc="extent along x (west to east)")
    depth_m: float = param(lo=2.0, hi=15.0, doc="extent along y (south to north)")
    height_m: float = param(2.7, lo=2.2, hi=5.0, doc="wall height")
    door_wall: Wall = param("south", doc="the wall with the entrance door")
    window_wall: Wall = param("north", doc="the wall with the windows")
    windows: int = param(1, lo=0, hi=4, doc="number of windows")
