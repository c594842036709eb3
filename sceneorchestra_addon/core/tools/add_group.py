"""The `add_group` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...ground.geometry import front_vector, normalize_yaw, yaw_facing
from ..solver import floor
from ...assets.shapes import local_bounds
from ..solver.world import World
from ...ground import catalog
from ...ground.state import Pose, Room, SceneObject, SceneState
from . import ops
from .base import Tool, param
from .vocab import Arrangement


PLACES = ("floor",)  # the catalogue placements it takes (the grammar reads them from the parameter, the check below too)


@dataclass(frozen=True, kw_only=True)
class AddGroup(Tool):
    """Add several objects of one category arranged around an earlier anchor: chairs around a
    table, nightstands on both sides of a bed, seats in a row."""

    NAME = "add_group"
    GROUP = "implementer"

    anchor: str = param(ref="object_id", doc="the object the group is arranged around")
    member: str = param(ref="category", placements=PLACES, doc="the category of the members")
    count: int = param(lo=1, hi=12, doc="how many members")
    arrangement: Arrangement = param("around", doc="how the members are arranged")


SEAT_GAP_M = 0.08  # between the anchor's edge and a member's footprint
SPACING_M = 0.1  # between neighbouring members
ROW_GAP_M = 0.4  # between neighbours in rows in front of / across from the anchor
ROW_AISLE_M = 0.5  # kept free along the walls at the ends of the rows
CHAIR_ROOM_M = 0.6  # behind a desk in a row, for its chair
PULLED_UP_M = 0.05  # between a piece people sit at and the seats pulled up to its front


def _frame(anchor: SceneObject, member: dict):
    """Member width/depth, anchor width/depth, the anchor's front and right (local +X) directions
    and its centre."""
    lo_a, hi_a = local_bounds(anchor.params)
    lo, hi = local_bounds(member)
    front = front_vector(anchor.pose.yaw_deg)
    return (float(hi[0] - lo[0]), float(hi[1] - lo[1]), float(hi_a[0] - lo_a[0]), float(hi_a[1] - lo_a[1]),
            front, np.array([-front[1], front[0]]), np.array([anchor.pose.x, anchor.pose.y]))


def _around_slots(anchor: SceneObject, member: dict, count: int, limits: dict[int, int] | None = None) -> list[tuple[np.ndarray, float, int]]:
    """Positions, yaws and sides (0-3) for members facing the anchor from its four sides: the seats
    are dealt to the long sides first, then the ends, and spread evenly along each side; ``limits``
    caps the seats of a side (one found blocked)."""
    mw, md, aw, ad, front, side, centre = _frame(anchor, member)
    sides = [(front, side, aw, ad), (-front, side, aw, ad), (side, front, ad, aw), (-side, front, ad, aw)]
    if ad > aw:
        sides = sides[2:] + sides[:2]
    capacity = [max(0, int((length + SPACING_M) // (mw + SPACING_M))) for _, _, length, _ in sides]
    capacity = [min(c, (limits or {}).get(i, c)) for i, c in enumerate(capacity)]
    dealt = [0, 0, 0, 0]
    while sum(dealt) < count and any(d < c for d, c in zip(dealt, capacity)):
        for i in range(4):
            if dealt[i] < capacity[i] and sum(dealt) < count:
                dealt[i] += 1
    slots: list[tuple[np.ndarray, float, int]] = []
    for i, ((normal, along, _length, depth), m) in enumerate(zip(sides, dealt)):
        for offset in (np.arange(m) - (m - 1) / 2) * (mw + SPACING_M):
            p = centre + normal * (depth / 2 + SEAT_GAP_M + md / 2) + along * offset
            slots.append((p, normalize_yaw(np.degrees(np.arctan2(-normal[0], normal[1]))), i))
    return slots


def _seat_around(state: SceneState, anchor: SceneObject, p: AddGroup, params: dict) -> tuple[SceneState, list[str]]:
    """Seat the members around the anchor; when some do not fit (a side against a wall or another
    piece), every side keeps the seats it took and the rest go to the sides not dealt any (three
    chairs at a square table whose one side is blocked: the fourth side takes the third chair)."""
    limits: dict[int, int] = {}
    while True:
        slots = _around_slots(anchor, params, p.count, limits)
        seated, ids = _place_members(state, World.of(state), p, params, anchor, [lambda v, s=(spot, yaw): _slid(s, anchor, p.arrangement)
                                                                                  for spot, yaw, _ in slots])
        created = [(oid, side) for oid, (_, _, side) in zip(ids, slots) if oid is not None]
        if len(created) == len(slots) or len(created) == p.count:
            return seated, [oid for oid, _ in created]
        # every side dealt keeps the seats it took; what is left goes to the sides not dealt yet
        limits.update({side: sum(1 for _, s in created if s == side) for side in {side for _, _, side in slots}})  # a short side's cap falls: this ends


def _place_members(state: SceneState, world: World, p: AddGroup, params: dict, anchor: SceneObject, plans) -> tuple[SceneState, list[str | None]]:
    """Each plan's member placed at its first candidate that fits, in turn: the scene and each
    plan's new id (None where none fits)."""
    ids: list[str | None] = []
    for plan in plans:
        try:
            state, obj = ops.place_floor(state, world, p.member, params, plan, f"{p.arrangement.replace('_', ' ')} {anchor.id}", parent=anchor.id)
        except ops.CallFailed:
            ids.append(None)
            continue
        ids.append(obj.id)
    return state, ids


def _row_slots(anchor: SceneObject, member: dict, category: str, count: int, arrangement: str,
               room: Room | None) -> list[tuple[np.ndarray, float]]:
    """Members in a row beside the anchor (``in_a_row``) or in rows in front of / across from it,
    facing it (desks in rows like a classroom's, seats in rows like an auditorium's)."""
    mw, md, aw, ad, front, right, centre = _frame(anchor, member)
    slots: list[tuple[np.ndarray, float]] = []
    if arrangement == "in_a_row":
        for k in range(count):
            side = 1 if k % 2 == 0 else -1
            step = k // 2
            p = centre + right * side * (aw / 2 + SPACING_M + mw / 2 + step * (mw + SPACING_M)) - front * ((ad - md) / 2)
            slots.append((p, anchor.pose.yaw_deg))
        return slots
    worktop = "top" in catalog.BY_NAME[category].supports
    if arrangement == "in_front" and not worktop and anchor.category in catalog.SAT_AT and count <= 2 * max(1, int(aw // mw)):
        # Seats in front of a piece people sit at (stools at a bar, chairs at a desk) are pulled up
        # to it: one row along its front, centred on it, each turned to it (more than twice what its
        # front holds: rows, as in front of anything else).
        first = ad / 2 + PULLED_UP_M + md / 2
        return [(centre + front * first + right * ((k - (count - 1) / 2) * (mw + SPACING_M)), normalize_yaw(anchor.pose.yaw_deg + 180.0))
                for k in range(count)]
    # Rows span the room across the anchor's front (0.5 m aisles along the walls), centred in the room.
    span, mid = aw, centre
    if room is not None:
        along_x = abs(right[0]) >= abs(right[1])
        span = max(aw, (room.width_m if along_x else room.depth_m) - 2 * ROW_AISLE_M)
        shift = float(np.dot(np.array([room.width_m / 2, room.depth_m / 2]) - centre, right))
        mid = centre + right * shift
    across = mw if worktop else float(np.hypot(mw, md))  # a seat turned to the anchor takes up to its diagonal across the row
    per_row = max(1, int((max(span, 2.0) + ROW_GAP_M) // (across + ROW_GAP_M)))
    # A seat faces the anchor; a desk or table turns its front (where its user sits) away from the
    # anchor, so that its user faces the anchor, with room behind it for a chair (and in front of
    # the anchor for the anchor's own chair).
    gap = (0.6 + (CHAIR_ROOM_M if worktop else 0.0)) if arrangement == "in_front" else 1.5
    first = ad / 2 + gap + md / 2
    pitch = md + (ROW_GAP_M + CHAIR_ROOM_M if worktop else 0.7)
    for k in range(count):
        row, col = divmod(k, per_row)
        n = min(per_row, count - row * per_row)
        offset = (col - (n - 1) / 2) * (across + ROW_GAP_M)
        p = mid + front * (first + row * pitch) + right * offset
        # a seat turns to the anchor (a row wider than the board still looks at it); a desk stays square to the rows
        slots.append((p, normalize_yaw(anchor.pose.yaw_deg if worktop else yaw_facing(centre - p))))
    return slots


def apply(state: SceneState, p: AddGroup, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    ops.need_placement(p.member, PLACES, "add_group")
    anchor = ops.need_object(state, p.anchor)
    world = World.of(state)
    params = ops.new_params(p.member, rng)
    if p.arrangement == "around":
        state, created = _seat_around(state, anchor, p, params)
    else:
        if p.arrangement == "both_sides":
            relations = ["left_of", "right_of"] * ((p.count + 1) // 2)
            plans = [lambda v, r=r: floor.relation_poses(world, v, anchor, r, 0.05, rng) for r in relations[: p.count]]
        else:
            slots = _row_slots(anchor, params, p.member, p.count, p.arrangement, state.room)
            plans = [lambda v, s=s: _slid(s, anchor, p.arrangement) for s in slots]
        state, ids = _place_members(state, world, p, params, anchor, plans)
        created = [oid for oid in ids if oid is not None]
    if not created:
        raise ops.CallFailed(f"no free space for any {p.member} {p.arrangement.replace('_', ' ')} {anchor.id}")
    warnings = () if len(created) == p.count else (f"only {len(created)} of {p.count} {p.member} fit {p.arrangement.replace('_', ' ')} {anchor.id}",)
    return ops.ToolResult(state, created=tuple(created), warnings=warnings)


def _slid(slot: tuple[np.ndarray, float], anchor: SceneObject, tag: str):
    """The slot's ideal pose, then small slides sideways and away from the anchor."""
    p, yaw = slot
    away = p - np.array([anchor.pose.x, anchor.pose.y])
    away = away / (np.linalg.norm(away) or 1.0)
    along = np.array([-away[1], away[0]])
    for a in (0.0, 0.05, 0.1, 0.2):
        for s in (0.0, 0.05, -0.05, 0.1, -0.1):
            q = p + away * a + along * s
            yield Pose(float(q[0]), float(q[1]), 0.0, yaw), f"{tag}:{anchor.id}"
