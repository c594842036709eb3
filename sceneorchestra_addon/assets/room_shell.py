"""The room shell as a PartTree: a floor slab and four walls with real holes for doors and windows.

Unlike the object generators, the vertices here are in WORLD coordinates (the shell's pose is the
identity): the interior spans ``x in [0, W]``, ``y in [0, D]``, the floor's top face is ``z = 0``
and the walls stand outside the interior (the north wall occupies ``y in [D, D + t]``, the south
wall ``y in [-t, 0]``, the west wall ``x in [-t, 0]``, the east wall ``x in [W, W + t]``; the north
and south walls run over the corners so that they are filled).

Each wall is cut into closed boxes around its openings: full-height pieces between openings, the
piece under a window sill and the lintel piece above a door or window. Overlapping openings are
handled by merging their holes.
"""

from __future__ import annotations

from ..ground.state import Opening, Room
from .mesh import TreeBuilder, box
from .parttree import PartTree

FLOOR_THICKNESS_M = 0.05
WALL_MATERIAL = "painted_white"
EPS_M = 1e-4  # pieces thinner than this (0.1 mm) are dropped rather than built degenerate

FLOOR_MATERIALS = {
    "bathroom": "ceramic_white",
    "kitchen": "marble_white",
    "laundry_room": "concrete",
    "garage": "concrete",
    "workshop": "concrete",
    "basement": "concrete",
    "gym": "rubber_black",
    "medical_room": "plastic_white",
}

WALL_ORDER = ("north", "south", "west", "east")

Interval = tuple[float, float]


def floor_material(room_type: str) -> str:
    """The floor preset for a room type (oak unless the room calls for something else)."""
    return FLOOR_MATERIALS.get(room_type, "oak")


def build_room_shell(room: Room, openings: tuple[Opening, ...] = ()) -> PartTree:
    """Floor plus walls (split around the openings) in world coordinates."""
    w, d, t = room.width_m, room.depth_m, room.wall_thickness_m
    params = {
        "category": "room_shell",
        "room_type": room.room_type,
        "width_m": w,
        "depth_m": d,
        "height_m": room.height_m,
        "wall_thickness_m": t,
    }
    builder = TreeBuilder("room_shell", params)
    builder.add("floor", box((0.0, 0.0, -FLOOR_THICKNESS_M), (w, d, 0.0)), floor_material(room.room_type))
    for wall in WALL_ORDER:
        holes = [_hole(room, o) for o in openings if o.wall == wall]
        for i, (along, vertical) in enumerate(wall_pieces(room, wall, [h for h in holes if h is not None])):
            builder.add(f"wall_{wall}_{i}", _wall_box(room, wall, along, vertical), WALL_MATERIAL)
    return builder.build()


def wall_span(room: Room, wall: str) -> Interval:
    """The wall's extent along its direction, in the wall's own coordinate (which starts at the
    interior corner): the north and south walls include the corners, east and west do not."""
    t = room.wall_thickness_m
    if wall in ("north", "south"):
        return -t, room.width_m + t
    return 0.0, room.depth_m


def _hole(room: Room, opening: Opening) -> tuple[Interval, Interval] | None:
    """(along-wall interval, vertical interval) of an opening, clipped to the wall; None if empty."""
    lo_span, hi_span = 0.0, room.wall_length(opening.wall)
    a0 = max(opening.offset_m - opening.width_m / 2.0, lo_span)
    a1 = min(opening.offset_m + opening.width_m / 2.0, hi_span)
    z0 = max(opening.sill_m, 0.0)
    z1 = min(opening.sill_m + opening.height_m, room.height_m)
    if a1 - a0 <= EPS_M or z1 - z0 <= EPS_M:
        return None
    return (a0, a1), (z0, z1)


def wall_pieces(room: Room, wall: str, holes: list[tuple[Interval, Interval]]) -> list[tuple[Interval, Interval]]:
    """Solid boxes of one wall as (along interval, vertical interval) pairs.

    The wall is cut at every hole edge; each strip keeps the vertical complement of the holes that
    cover it; neighbouring strips with identical solid pieces are merged back together.
    """
    start, end = wall_span(room, wall)
    cuts = _cuts(start, end, [a for (span, _) in holes for a in span])
    strips: list[tuple[Interval, tuple[Interval, ...]]] = []
    for a0, a1 in zip(cuts[:-1], cuts[1:]):
        middle = (a0 + a1) / 2.0
        covering = [v for (span, v) in holes if span[0] < middle < span[1]]
        solid = _complement((0.0, room.height_m), covering)
        if strips and strips[-1][1] == solid:
            strips[-1] = ((strips[-1][0][0], a1), solid)
        else:
            strips.append(((a0, a1), solid))
    return [(along, vertical) for along, solid in strips for vertical in solid]


def _cuts(start: float, end: float, edges: list[float]) -> list[float]:
    """Sorted cut positions from ``start`` to ``end``, none closer than EPS_M to another."""
    cuts = [start]
    for a in sorted(edges):
        if a - cuts[-1] > EPS_M and end - a > EPS_M:
            cuts.append(a)
    cuts.append(end)
    return cuts


def _complement(full: Interval, holes: list[Interval]) -> tuple[Interval, ...]:
    """The parts of ``full`` not covered by any of ``holes`` (each piece thicker than EPS_M)."""
    pieces: list[Interval] = []
    cursor = full[0]
    for z0, z1 in sorted(holes):
        if z0 - cursor > EPS_M:
            pieces.append((cursor, z0))
        cursor = max(cursor, z1)
    if full[1] - cursor > EPS_M:
        pieces.append((cursor, full[1]))
    return tuple(pieces)


def _wall_box(room: Room, wall: str, along: Interval, vertical: Interval):
    """A box of ``wall`` from wall coordinates to world coordinates (outside the interior)."""
    w, d, t = room.width_m, room.depth_m, room.wall_thickness_m
    (a0, a1), (z0, z1) = along, vertical
    if wall == "north":
        return box((a0, d, z0), (a1, d + t, z1))
    if wall == "south":
        return box((a0, -t, z0), (a1, 0.0, z1))
    if wall == "west":
        return box((-t, a0, z0), (0.0, a1, z1))
    if wall == "east":
        return box((w, a0, z0), (w + t, a1, z1))
    raise ValueError(f"unknown wall {wall!r}")
