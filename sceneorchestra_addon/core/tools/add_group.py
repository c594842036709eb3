"""The `add_group` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..geometry import front_vector, normalize_yaw
from ..solver import floor
from ..solver.world import World, local_bounds
from ..state import Pose, SceneObject, SceneState
from . import ops
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


SEAT_GAP_M = 0.08  # between the anchor's edge and a member's footprint
SPACING_M = 0.1  # between neighbouring members


def _frame(anchor: SceneObject, member: dict):
    """Member width/depth, anchor width/depth, the anchor's front and right (local +X) directions
    and its centre."""
    lo_a, hi_a = local_bounds(anchor.params)
    lo, hi = local_bounds(member)
    front = front_vector(anchor.pose.yaw_deg)
    return (float(hi[0] - lo[0]), float(hi[1] - lo[1]), float(hi_a[0] - lo_a[0]), float(hi_a[1] - lo_a[1]),
            front, np.array([-front[1], front[0]]), np.array([anchor.pose.x, anchor.pose.y]))


def _around_slots(anchor: SceneObject, member: dict, count: int) -> list[tuple[np.ndarray, float]]:
    """Positions and yaws for members facing the anchor from its four sides: the seats are dealt
    to the long sides first, then the ends, and spread evenly along each side."""
    mw, md, aw, ad, front, side, centre = _frame(anchor, member)
    sides = [(front, side, aw, ad), (-front, side, aw, ad), (side, front, ad, aw), (-side, front, ad, aw)]
    if ad > aw:
        sides = sides[2:] + sides[:2]
    capacity = [max(0, int((length + SPACING_M) // (mw + SPACING_M))) for _, _, length, _ in sides]
    dealt = [0, 0, 0, 0]
    while sum(dealt) < count and any(d < c for d, c in zip(dealt, capacity)):
        for i in range(4):
            if dealt[i] < capacity[i] and sum(dealt) < count:
                dealt[i] += 1
    slots: list[tuple[np.ndarray, float]] = []
    for (normal, along, _length, depth), m in zip(sides, dealt):
        for offset in (np.arange(m) - (m - 1) / 2) * (mw + SPACING_M):
            p = centre + normal * (depth / 2 + SEAT_GAP_M + md / 2) + along * offset
            slots.append((p, normalize_yaw(np.degrees(np.arctan2(-normal[0], normal[1])))))
    return slots


def _row_slots(anchor: SceneObject, member: dict, count: int, arrangement: str) -> list[tuple[np.ndarray, float]]:
    """Members in a row beside the anchor (``in_a_row``) or in rows in front of / across from it,
    facing it."""
    mw, md, aw, ad, front, right, centre = _frame(anchor, member)
    slots: list[tuple[np.ndarray, float]] = []
    if arrangement == "in_a_row":
        for k in range(count):
            side = 1 if k % 2 == 0 else -1
            step = k // 2
            p = centre + right * side * (aw / 2 + SPACING_M + mw / 2 + step * (mw + SPACING_M)) - front * ((ad - md) / 2)
            slots.append((p, anchor.pose.yaw_deg))
        return slots
    per_row = max(1, int((max(aw, 2.0) + SPACING_M) // (mw + 0.4)))
    first = ad / 2 + (0.6 if arrangement == "in_front" else 1.5) + md / 2
    for k in range(count):
        row, col = divmod(k, per_row)
        n = min(per_row, count - row * per_row)
        offset = (col - (n - 1) / 2) * (mw + 0.4)
        p = centre + front * (first + row * (md + 0.7)) + right * offset
        slots.append((p, normalize_yaw(anchor.pose.yaw_deg + 180.0)))
    return slots


def apply(state: SceneState, p: AddGroup, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    ops.need_placement(p.member, ("floor",), "add_group")
    anchor = ops.need_object(state, p.anchor)
    world = World.of(state)
    params = ops.new_params(p.member, rng)
    if p.arrangement == "both_sides":
        relations = ["left_of", "right_of"] * ((p.count + 1) // 2)
        plans = [lambda v, r=r: floor.relation_poses(world, v, anchor, r, 0.05, rng) for r in relations[: p.count]]
    else:
        slots = _around_slots(anchor, params, p.count) if p.arrangement == "around" else _row_slots(anchor, params, p.count, p.arrangement)
        plans = [lambda v, s=s: _slid(s, anchor, p.arrangement) for s in slots]
    created: list[str] = []
    for plan in plans:
        try:
            state, obj = ops.place_floor(state, world, p.member, params, plan, f"{p.arrangement.replace('_', ' ')} {anchor.id}", parent=anchor.id)
        except ops.CallFailed:
            continue
        created.append(obj.id)
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
