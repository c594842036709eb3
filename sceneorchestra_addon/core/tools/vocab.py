"""Enumerations shared by several tools (literal types: the grammar lists their values exactly)."""

from __future__ import annotations

from typing import Literal

from ...ground.catalog import ROOM_TYPES

RoomType = Literal[ROOM_TYPES]  # type: ignore[valid-type]
Wall = Literal["north", "south", "east", "west"]
WallOrAny = Literal["north", "south", "east", "west", "any"]
Placement = Literal["against_wall", "corner", "middle", "anywhere"]
NearOpening = Literal["none", "window", "door"]
Relation = Literal[
    "beside", "left_of", "right_of", "in_front_of", "behind", "facing", "near", "on_both_sides", "under"
]
Arrangement = Literal["around", "both_sides", "in_front", "in_a_row", "across"]
SetKind = Literal[
    "dining_set", "bed_set", "desk_set", "lounge_set", "meeting_set", "reading_corner", "tv_corner"
]
Surface = Literal["top", "shelves", "inside", "any"]
Density = Literal["sparse", "normal", "dense"]
LightingPreset = Literal["daylight", "warm", "cool", "evening", "studio"]
Status = Literal["success", "failure"]
