"""Placing floor-standing objects: against a wall, in a corner, in the middle, anywhere, or in a
relation to an earlier object. Each function proposes candidate poses in a deterministic order
(randomised only through the passed generator) and returns the first that fits: inside the room,
clear of every other object and of door and window zones, and leaving the floor walkable.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

import numpy as np

from ...ground.geometry import WALL_YAW, front_vector, normalize_yaw, wall_frame, yaw_facing
from ...ground.state import WALLS, Pose, SceneObject
from . import nav
from ...assets.shapes import local_bounds
from .world import World, box_at

STEP_M = 0.05
GRID_M = 0.15  # spacing of free-floor candidate positions
CORNER_SLIDE_M = 0.6  # how far from the very corner a "corner" object may end up
WALL_GAP_M = 0.005  # an object "against" a wall stands this far from it


def walls_order(world: World, wall: str, rng: np.random.Generator) -> list[str]:
    if wall in WALLS:
        return [wall]
    order = list(WALLS)
    rng.shuffle(order)
    return order


def _back_offset(params: dict) -> float:
    """Distance from the object's origin to its back face (local +Y bound)."""
    return float(local_bounds(params)[1][1])


def _half_width(params: dict) -> float:
    lo, hi = local_bounds(params)
    return float(max(-lo[0], hi[0]))


def _slide_positions(length: float, half: float, prefer: float, rng: np.random.Generator) -> list[float]:
    """Positions along a wall segment, nearest to ``prefer`` first (ties broken by rng)."""
    lo, hi = half, length - half
    if hi < lo:
        return []
    positions = np.arange(lo, hi + 1e-9, STEP_M)
    jitter = rng.uniform(0.0, 1e-3, len(positions))
    return [float(p) for p in positions[np.argsort(np.abs(positions - prefer) + jitter)]]


def against_wall_poses(world: World, params: dict, wall: str, rng: np.random.Generator, prefer_frac: float | None = None) -> Iterator[tuple[Pose, str]]:
    room = world.state.room
    back = _back_offset(params)
    half = _half_width(params)
    for w in walls_order(world, wall, rng):
        start, direction, inward = wall_frame(room, w)
        length = room.wall_length(w)
        frac = prefer_frac if prefer_frac is not None else float(rng.uniform(0.3, 0.7))
        for s in _slide_positions(length, half, frac * length, rng):
            p = start + direction * s + inward * (back + WALL_GAP_M)
            yield Pose(float(p[0]), float(p[1]), 0.0, WALL_YAW[w]), f"against_wall:{w}"


def corner_poses(world: World, params: dict, wall: str, rng: np.random.Generator) -> Iterator[tuple[Pose, str]]:
    room = world.state.room
    back = _back_offset(params)
    half = _half_width(params)
    for w in walls_order(world, wall, rng):
        start, direction, inward = wall_frame(room, w)
        length = room.wall_length(w)
        near, far = half + WALL_GAP_M, length - half - WALL_GAP_M
        ends = [(near, 1.0), (far, -1.0)]
        if rng.random() < 0.5:
            ends.reverse()
        for slide in np.arange(0.0, CORNER_SLIDE_M + 1e-9, STEP_M):  # tight in the corner first, then a little out
            for end, sign in ends:
                s = end + sign * slide
                if near <= s <= far:
                    p = start + direction * s + inward * (back + WALL_GAP_M)
                    yield Pose(float(p[0]), float(p[1]), 0.0, WALL_YAW[w]), f"corner:{w}"


def grid_poses(world: World, params: dict, rng: np.random.Generator, centre: np.ndarray, yaws: Iterable[float], relation: str) -> Iterator[tuple[Pose, str]]:
    """Floor positions on a grid, nearest to ``centre`` first."""
    room = world.state.room
    xs = np.arange(0.1, room.width_m, GRID_M)
    ys = np.arange(0.1, room.depth_m, GRID_M)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    dist = np.linalg.norm(pts - centre, axis=1) + rng.uniform(0.0, 1e-3, len(pts))
    yaws = list(yaws)
    for idx in np.argsort(dist):
        for yaw in yaws:
            yield Pose(float(pts[idx, 0]), float(pts[idx, 1]), 0.0, normalize_yaw(yaw)), relation


def middle_poses(world: World, params: dict, rng: np.random.Generator) -> Iterator[tuple[Pose, str]]:
    room = world.state.room
    centre = np.array([room.width_m / 2, room.depth_m / 2])
    base = 0.0 if room.width_m >= room.depth_m else 90.0
    yield from grid_poses(world, params, rng, centre, (base, base + 90.0), "middle")


def anywhere_poses(world: World, params: dict, rng: np.random.Generator) -> Iterator[tuple[Pose, str]]:
    """Against walls first (most furniture belongs there), then the open floor."""
    yield from against_wall_poses(world, params, "any", rng)
    room = world.state.room
    centre = np.array([rng.uniform(0, room.width_m), rng.uniform(0, room.depth_m)])
    yield from grid_poses(world, params, rng, centre, (0.0, 90.0, 180.0, -90.0), "anywhere")


# ---------------------------------------------------------------- relations to an anchor


def _anchor_axes(anchor: SceneObject) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    front = front_vector(anchor.pose.yaw_deg)
    right_of_viewer = np.array([-front[1], front[0]])  # the right hand of someone facing the anchor's front (local +X)
    centre = np.array([anchor.pose.x, anchor.pose.y])
    return centre, front, right_of_viewer


def relation_poses(world: World, params: dict, anchor: SceneObject, relation: str, distance_m: float, rng: np.random.Generator) -> Iterator[tuple[Pose, str]]:
    """Candidate poses for ``relation`` to ``anchor``: the ideal pose first, then small slides.

    left_of / right_of are as seen by someone facing the anchor's front."""
    lo_a, hi_a = local_bounds(anchor.params)
    lo, hi = local_bounds(params)
    centre, front, right = _anchor_axes(anchor)
    a_half_w, a_half_d = (hi_a[0] - lo_a[0]) / 2, (hi_a[1] - lo_a[1]) / 2
    half_w, half_d = (hi[0] - lo[0]) / 2, (hi[1] - lo[1]) / 2
    tag = f"{relation}:{anchor.id}"
    ideal: list[tuple[np.ndarray, float]] = []
    if relation in ("beside", "left_of", "right_of", "on_both_sides"):
        sides = {"left_of": [-1], "right_of": [1]}.get(relation, [1, -1] if rng.random() < 0.5 else [-1, 1])
        back_align = (a_half_d - half_d)  # keep the backs in one line (against the same wall)
        for side in sides:
            p = centre + right * side * (a_half_w + distance_m + half_w) - front * back_align
            ideal.append((p, anchor.pose.yaw_deg))
    elif relation == "in_front_of":
        p = centre + front * (a_half_d + distance_m + half_d)
        ideal.append((p, anchor.pose.yaw_deg + 180.0))
    elif relation == "behind":
        p = centre - front * (a_half_d + distance_m + half_d)
        ideal.append((p, anchor.pose.yaw_deg))
    elif relation == "facing":
        room = world.state.room
        reach = max(room.width_m, room.depth_m)
        for dist in np.arange(max(1.5, distance_m) + a_half_d + half_d, reach, STEP_M * 2)[::-1]:
            ideal.append((centre + front * dist, anchor.pose.yaw_deg + 180.0))
    elif relation == "near":
        for _ in range(24):
            angle = rng.uniform(0, 2 * math.pi)
            dist = a_half_w + half_w + rng.uniform(max(0.1, distance_m), 1.2)
            p = centre + dist * np.array([math.cos(angle), math.sin(angle)])
            ideal.append((p, yaw_facing(centre - p) if rng.random() < 0.5 else anchor.pose.yaw_deg))
    for p, yaw in ideal:
        for slide in (0.0, 0.05, -0.05, 0.1, -0.1, 0.2, -0.2, 0.3, -0.3):
            q = p + right * slide if relation in ("in_front_of", "behind", "facing") else p + front * slide
            yield Pose(float(q[0]), float(q[1]), 0.0, normalize_yaw(yaw)), tag


# ---------------------------------------------------------------- choosing


def first_fit(
    world: World, params: dict, candidates: Iterable[tuple[Pose, str]], category: str, parent: str | None = None,
    strict: bool = False, limit: int = 3000,
) -> tuple[Pose, str] | tuple[None, str]:
    """The first candidate that fits, leaves its own functional sides usable (all of them when
    ``strict``, else one) and keeps the floor walkable; else (None, what blocked most).
    ``parent`` is the anchor the object relates to: it may stand in the anchor's access strips."""
    blockers: dict[str, int] = {}
    for n, (pose, tag) in enumerate(candidates):
        if n >= limit:
            break
        box = box_at(params, pose)
        blocker = world.blocker(box, exempt=parent)
        if blocker is None and not world.access_ok(params, pose, category, parent, strict):
            blocker = f"the space {category} needs in front of it"
        if blocker is not None:
            blockers[blocker] = blockers.get(blocker, 0) + 1
            continue
        if not nav.walkable_ok(world.state.room, [*world.boxes.values(), box], door_points(world)):
            blockers["the walkway"] = blockers.get("the walkway", 0) + 1
            continue
        return pose, tag
    worst = max(blockers, key=blockers.get) if blockers else "the room's size"
    return None, worst


def door_points(world: World) -> list[np.ndarray]:
    return [np.array([z.cx, z.cy]) for oid, z in world.zones if oid.startswith("door")]
