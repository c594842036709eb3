"""Placing wall-hung objects (art, mirrors, shelves, TVs, boards) and ceiling lights."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...ground.geometry import WALL_YAW, wall_frame
from ...ground.state import Pose, SceneObject
from .floor import STEP_M, _back_offset, _half_width, _slide_positions, beside_openings, walls_order
from ...assets.shapes import local_bounds
from .world import World, box_at

CEILING_GAP_M = 0.02
ANCHOR_WALL_REACH_M = 0.1  # a piece this close to a wall stands at it: what hangs above it goes on that wall
ABOVE_SLIDE_M = 0.5  # how far a light hung over an object may slide from its spot when that is taken


def wall_poses(
    world: World, params: dict, wall: str, centre_height_m: float, rng: np.random.Generator, above: SceneObject | None = None,
    near: str = "none",
) -> Iterator[tuple[Pose, str]]:
    """Poses on walls with the object's centre at ``centre_height_m`` (raised to clear ``above``),
    nearest to the anchor's position along the wall (or to the wall's middle) first. ``near``
    ("window", "door"): first beside such an opening on its wall, where a piece standing by it
    would stand (``floor.beside_openings``: "next to" it and "near" it both hold), then anywhere."""
    room = world.state.room
    lo, hi = local_bounds(params)
    h = float(hi[2] - lo[2])
    back = _back_offset(params)
    half = _half_width(params)
    if near != "none" and above is None:
        z0 = min(max(centre_height_m - h / 2, 0.3), room.height_m - h - CEILING_GAP_M)
        if z0 >= 0:
            yield from _beside_openings(world, near, wall, back, half, z0, rng)
    walls = walls_order(world, wall, rng)
    if above is not None:
        anchor_wall = (above.relation.split(":", 1)[1] if above.relation.split(":", 1)[0] in ("against_wall", "corner") else None)
        if anchor_wall is None:  # placed beside another piece, yet standing at a wall: that wall
            corners = box_at(above.params, above.pose).corners()
            gaps = {w: float(np.min((corners - wall_frame(room, w)[0]) @ wall_frame(room, w)[2])) for w in ("north", "south", "east", "west")}
            nearest = min(gaps, key=gaps.get)
            anchor_wall = nearest if gaps[nearest] <= ANCHOR_WALL_REACH_M else None
        if wall == "any" and anchor_wall:
            walls = [anchor_wall]
    for w in walls:
        start, direction, inward = wall_frame(room, w)
        length = room.wall_length(w)
        z0 = centre_height_m - h / 2
        prefer = length / 2
        if above is not None:
            prefer = float(np.dot(np.array([above.pose.x, above.pose.y]) - start, direction))
            top = above.pose.z + float(local_bounds(above.params)[1][2])
            z0 = max(z0, top + 0.15)
        z0 = min(max(z0, 0.3), room.height_m - h - CEILING_GAP_M)
        if z0 < 0:
            continue
        for s in _slide_positions(length, half, prefer, rng):
            p = start + direction * s + inward * (back + 0.001)
            yield Pose(float(p[0]), float(p[1]), float(z0), WALL_YAW[w]), f"on_wall:{w}"


def _beside_openings(world: World, kind: str, wall: str, back: float, half: float, z0: float,
                     rng: np.random.Generator) -> Iterator[tuple[Pose, str]]:
    """Poses, ``z0`` above the floor, of a piece ``back`` deep and ``2 * half`` wide beside the
    room's windows (doors), on their walls (on ``wall`` alone, unless "any"), nearest the spot right
    beside the opening first: coat hooks by the door, a mirror by the window."""
    room = world.state.room
    openings = [o for o in world.state.openings if o.kind == kind and wall in ("any", o.wall)]
    for wall, s in beside_openings(room, openings, half, lambda o: False, rng):
        start, direction, inward = wall_frame(room, wall)
        p = start + direction * s + inward * (back + 0.001)
        yield Pose(float(p[0]), float(p[1]), float(z0), WALL_YAW[wall]), f"on_wall:{wall}"


def ceiling_poses(world: World, params: dict, index: int, count: int, rng: np.random.Generator) -> Iterator[tuple[Pose, str]]:
    """Poses for light ``index`` of ``count`` spread on a grid over the room, nearest the cell's
    centre first."""
    room = world.state.room
    lo, hi = local_bounds(params)
    z = room.height_m - float(hi[2]) - 0.001
    cols = 1 if count == 1 else (2 if count in (2, 4) else 3)
    rows = int(np.ceil(count / cols))
    long_x = room.width_m >= room.depth_m
    nx, ny = (cols, rows) if long_x else (rows, cols)
    i, j = index % nx, index // nx
    cx = (i + 0.5) * room.width_m / nx
    cy = (j + 0.5) * room.depth_m / ny
    for r in np.arange(0.0, 1.5, STEP_M * 2):
        for angle in np.linspace(0, 2 * np.pi, 8, endpoint=False) if r > 0 else [0.0]:
            yield Pose(float(cx + r * np.cos(angle)), float(cy + r * np.sin(angle)), float(z), 0.0), "ceiling"


def ceiling_poses_above(world: World, params: dict, anchor: SceneObject, index: int, count: int) -> Iterator[tuple[Pose, str]]:
    """Poses for light ``index`` of ``count`` hanging over ``anchor``: one over its centre, several
    spread evenly along its longer horizontal axis; then small slides around that spot, nearest
    first (no randomness)."""
    room = world.state.room
    lo, hi = local_bounds(params)
    z = room.height_m - float(hi[2]) - 0.001
    a = box_at(anchor.params, anchor.pose)
    t = np.radians(a.yaw_deg)
    along_w = np.array([np.cos(t), np.sin(t)])  # the anchor's local +X in the world
    axis, length = (along_w, a.w) if a.w >= a.d else (np.array([-along_w[1], along_w[0]]), a.d)
    spot = np.array([a.cx, a.cy]) + axis * length * ((index + 0.5) / count - 0.5)
    # the light's own footprint centre may be off its origin: put the footprint's centre on the spot
    centre_off = np.array([(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0])
    tag = f"above:{anchor.id}"
    for r in np.arange(0.0, ABOVE_SLIDE_M + 1e-9, STEP_M):
        for angle in np.linspace(0, 2 * np.pi, 8, endpoint=False) if r > 0 else [0.0]:
            p = spot + r * np.array([np.cos(angle), np.sin(angle)]) - centre_off
            yield Pose(float(p[0]), float(p[1]), float(z), 0.0), tag


def first_fit_free(world: World, params: dict, candidates, ignore=frozenset(), limit: int = 3000) -> tuple[Pose | None, str]:
    """First candidate that fits (no walkway check: these objects do not stand on the floor)."""
    blockers: dict[str, int] = {}
    for n, (pose, tag) in enumerate(candidates):
        if n >= limit:
            break
        blocker = world.blocker(box_at(params, pose), ignore)
        if blocker is None and (hit := world.sweep_blocker(params, pose, ignore)) is not None:
            blocker = f"{hit}, which its doors would hit"
        if blocker is None:
            return pose, tag
        blockers[blocker] = blockers.get(blocker, 0) + 1
    worst = max(blockers, key=blockers.get) if blockers else "the room's size"
    return None, worst
