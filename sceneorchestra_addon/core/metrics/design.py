"""Interior-design measurements the critic grades with, after Merrell et al. 2011 ("Interactive
furniture layout using interior design guidelines"): circulation, conversation, alignment, visual
balance, emphasis (a focal point), symmetry of pairs. Each function measures; the thresholds and
the points they cost are the critic's (``critic``'s docstring is the rubric).

Everything is measured on the objects' exact oriented boxes (``solver.world.box_of``) and on a
top-down floor raster (``raster.FloorGrid``, about ``PIXEL_M`` per pixel). Obstacles are the floor
objects that count for N_obj and stand taller than ``WALKABLE_HEIGHT_M`` (rugs and mats are walked
over); objects hanging higher than 2 m (their box centre) are walked under.

* **Circulation**: a walker is a disc of radius ``WALKER_RADIUS_M`` (a walkway at least 0.6 m
  wide). Its centre may stand where it keeps that distance from every obstacle and from the walls.
  Starting in front of a door (the strip ``WALKER_RADIUS_M`` to ``DOOR_APPROACH_M`` into the room,
  as wide as the door), the centres connected to it (8-connected) are the walker's reach; the floor
  it sweeps is that set dilated by the walker's radius (a square of the walker's width: a slight
  overestimate at corners). ``reach`` = swept free floor / free floor. Without a door (or with
  every door's approach blocked), the largest connected set of centres stands in. A functional side
  of an object is reached when some reached centre lies in the strip where a person stands at that
  side (``WALKER_RADIUS_M`` to ``WALKER_RADIUS_M + STAND_DEPTH_M`` from it, as long as the side);
  this is measured with chairs and stools lifted out (they are pulled out in use) and for objects
  other than them. ``main_reach`` is ``reach`` for a walker of radius ``MAIN_WALKER_RADIUS_M``: the
  floor the room's comfortable main walkways (0.9 m wide) serve.
* **Conversation**: seats are sofas, loveseats and armchairs; a seat sits at the middle of its
  front edge. Seats whose sitting points lie within ``GROUP_M`` of each other (transitively) form a
  group. In a group of two or more, a seat's nearest neighbour farther than ``CONVERSE_M`` is too
  far to talk to; the group's centre is the coffee table among them (within ``GROUP_TABLE_M`` of
  two of its seats) or else the mean of the points 1 m in front of each seat, and a seat whose
  front turns more than ``TURNED_DEG`` from the direction to that centre is turned away.
* **Alignment**: large floor pieces (footprint at least ``LARGE_M2`` and ``LARGE_SIDE_M`` long,
  chairs and stools aside) deviate from the walls by their yaw's distance to a multiple of 90
  degrees; two large pieces within ``NEAR_M`` of each other deviate from each other by the same
  measure on their yaws' difference.
* **Visual balance**: the centre of mass of the floor furniture's footprints, each weighted by its
  footprint area x height; ``offset`` = its distance from the room centre with each axis divided by
  the room's half-extent on that axis (0 at the centre, 1 at a wall's middle).
* **Focal point** (emphasis): the room's focal object is a screen (TV, projector screen), else a
  board (whiteboard, chalkboard) where the room table lists one for the room type (a classroom's,
  not an office's) (the catalogue has no fireplace). Its main seating is the largest
  sofa / loveseat / armchair (by footprint), else the largest bed, else the chairs. The seating
  faces the focal object when the direction to it lies within ``FOCAL_DEG`` of the seat's front
  (for chairs: at least half of them within 100 degrees, as one turns one's head in a chair).
  Rooms where a bed is essential have the bed as focal point when there is no screen or board:
  it stands with its head to a wall (its back within 0.3 m of one).
* **Symmetry of pairs**: pieces that come in pairs (nightstands, armchairs, side tables) belong
  to their nearest anchor (beds, sofas, loveseats, coffee tables) within ``PAIR_REACH_M``; two of
  the same category at one anchor should mirror each other about the anchor's centre line: in the
  anchor's frame their across-positions sum to nearly 0, their along-positions match and their
  yaws mirror; the deviation is |x1 + x2| + |y1 - y2| metres and the yaw mismatch in degrees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...assets.topology import DisjointSets
from ...ground import catalog
from ...ground.geometry import Box, front_vector, wall_frame
from ...ground.state import SceneState
from . import relations as R
from . import rooms
from .raster import FloorGrid, erode

PIXEL_M = 0.05
WALKER_RADIUS_M = 0.3
MAIN_WALKER_RADIUS_M = 0.45  # main walkways: about 0.9 m (36 in) wide in the guidelines, 0.6 m the least for a passage
DOOR_APPROACH_M = 0.9
STAND_DEPTH_M = 0.3
WALKABLE_HEIGHT_M = 0.03
HANGING_M = 2.0

CONVERSATION_SEATS = ("sofa", "loveseat", "armchair")
GROUP_M = 4.0
CONVERSE_M = 3.0
GROUP_TABLE_M = 1.2
TURNED_DEG = 60.0

LARGE_M2 = 0.35
LARGE_SIDE_M = 0.7
NEAR_M = 0.5

FOCAL_SCREENS = ("tv", "wall_tv", "projector_screen")
FOCAL_BOARDS = ("whiteboard", "chalkboard")
FOCAL_DEG = 35.0
CHAIR_FOCAL_DEG = 100.0

PAIRED = ("nightstand", "armchair", "side_table")
ANCHORS = rooms.BEDS + ("sofa", "loveseat", "coffee_table")
PAIR_REACH_M = 2.0


def _is_obstacle(state: SceneState, oid: str, box: Box) -> bool:
    c = catalog.BY_NAME[state.get(oid).category]
    return c.placement == "floor" and c.counts_as_object and box.z1 > WALKABLE_HEIGHT_M and (box.z0 + box.z1) / 2.0 <= HANGING_M


# ---------------------------------------------------------------- circulation


def component_labels(mask: np.ndarray) -> np.ndarray:
    """8-connected component labels of a boolean image (0 = background, 1.. = components)."""
    runs: list[tuple[int, int, int]] = []
    row_runs: list[list[int]] = []
    for r in range(mask.shape[0]):
        row = np.concatenate([[False], mask[r], [False]])
        edges = np.flatnonzero(row[1:] != row[:-1])
        ids = []
        for s, e in zip(edges[0::2], edges[1::2]):
            ids.append(len(runs))
            runs.append((r, int(s), int(e) - 1))
        row_runs.append(ids)
    sets = DisjointSets(len(runs))
    for r in range(1, mask.shape[0]):
        upper = row_runs[r - 1]
        k = 0
        for run in row_runs[r]:
            _, s, e = runs[run]
            while k < len(upper) and runs[upper[k]][2] < s - 1:
                k += 1
            m = k
            while m < len(upper) and runs[upper[m]][1] <= e + 1:
                sets.union(upper[m], run)
                m += 1
    labels = np.zeros(mask.shape, dtype=np.int32)
    roots: dict[int, int] = {}
    for idx, (r, s, e) in enumerate(runs):
        labels[r, s : e + 1] = roots.setdefault(sets.find(idx), len(roots) + 1)
    return labels


def _dilate(mask: np.ndarray, kernel: int) -> np.ndarray:
    """Binary dilation with a ``kernel`` x ``kernel`` square (outside the image counts as unset)."""
    if kernel <= 1:
        return mask.copy()
    return ~erode(~mask, kernel)


@dataclass(frozen=True)
class Circulation:
    reach: float  # share of the free floor the walker from the door sweeps
    free_m2: float
    doors: dict[str, bool]  # per door: whether a walker can stand in its approach
    out_of_reach: tuple[str, ...]  # objects none of whose functional sides the walker reaches
    main_reach: float = 1.0  # share of the free floor a walker of the main walkways' width (MAIN_WALKER_RADIUS_M) sweeps


def _centres(grid: FloorGrid, state: SceneState, boxes: list[Box], radius: float = WALKER_RADIUS_M) -> np.ndarray:
    room = state.room
    r = radius - grid.pixel_m / 2.0  # within half a pixel
    inside = ((grid.xs >= r) & (grid.xs <= room.width_m - r))[:, None] & ((grid.ys >= r) & (grid.ys <= room.depth_m - r))[None, :]
    for box in boxes:
        inside &= ~grid.box(box, r)
    return inside


def _reached(state: SceneState, grid: FloorGrid, centres: np.ndarray, radius: float = WALKER_RADIUS_M) -> tuple[np.ndarray, dict[str, bool]]:
    """The centres a walker (of ``radius``) reaches from the doors, and per door whether it can stand there."""
    labels = component_labels(centres)
    picked: set[int] = set()
    doors: dict[str, bool] = {}
    for o in state.openings:
        if o.kind != "door":
            continue
        start, direction, inward = wall_frame(state.room, o.wall)
        depth = DOOR_APPROACH_M - radius
        centre = start + direction * o.offset_m + inward * (radius + depth / 2.0)
        yaw = math.degrees(math.atan2(direction[1], direction[0]))
        zone = grid.rect(float(centre[0]), float(centre[1]), o.width_m, depth + grid.pixel_m, yaw)
        found = set(np.unique(labels[zone & centres]).tolist()) - {0}
        doors[o.id] = bool(found)
        picked |= found
    if not picked and labels.max() > 0:
        picked = {int(np.argmax(np.bincount(labels.ravel())[1:])) + 1}
    return np.isin(labels, list(picked)) if picked else np.zeros_like(centres), doors


def _side_strip(grid: FloorGrid, box: Box, side: str) -> np.ndarray:
    """Where a person stands at one side of a box: ``WALKER_RADIUS_M`` to that plus ``STAND_DEPTH_M``."""
    dx, dy = {"front": (0.0, -1.0), "back": (0.0, 1.0), "left": (-1.0, 0.0), "right": (1.0, 0.0)}[side]
    half = box.d / 2.0 if dy else box.w / 2.0
    reach = half + WALKER_RADIUS_M + STAND_DEPTH_M / 2.0
    t = math.radians(box.yaw_deg)
    c, s = math.cos(t), math.sin(t)
    lx, ly = dx * reach, dy * reach
    length = (box.w if dy else box.d) + WALKER_RADIUS_M  # one may stand a little to the side
    sw, sd = (length, STAND_DEPTH_M + grid.pixel_m) if dy else (STAND_DEPTH_M + grid.pixel_m, length)
    return grid.rect(box.cx + c * lx - s * ly, box.cy + s * lx + c * ly, sw, sd, box.yaw_deg)


def circulation(state: SceneState, boxes: dict[str, Box]) -> Circulation:
    room = state.room
    resolution = int(min(256, max(64, math.ceil(max(room.width_m, room.depth_m) / PIXEL_M))))
    grid = FloorGrid.of(room, 0.0, resolution)
    floor = grid.floor(room)
    blocking = {oid: b for oid, b in boxes.items() if _is_obstacle(state, oid, b)}
    taken = np.zeros_like(floor)
    for b in blocking.values():
        taken |= grid.box(b)
    free = floor & ~taken
    n_free = int(free.sum())

    def sweep(radius: float) -> tuple[dict[str, bool], float]:
        reached, doors = _reached(state, grid, _centres(grid, state, list(blocking.values()), radius), radius)
        swept = _dilate(reached, max(1, round(2.0 * radius / grid.pixel_m))) & free
        return doors, float(swept.sum()) / n_free if n_free else 1.0

    doors, reach = sweep(WALKER_RADIUS_M)
    _, main_reach = sweep(MAIN_WALKER_RADIUS_M)
    # functional sides, with the chairs pulled out of the way
    fixed = {oid: b for oid, b in blocking.items() if state.get(oid).category not in rooms.CHAIRS}
    reached_fixed, _ = _reached(state, grid, _centres(grid, state, list(fixed.values())))
    lost = []
    for oid, box in fixed.items():
        sides = catalog.BY_NAME[state.get(oid).category].functional_sides
        if sides and not any((_side_strip(grid, box, side) & reached_fixed).any() for side in sides):
            lost.append(oid)
    return Circulation(reach, n_free * grid.pixel_m**2, doors, tuple(lost), main_reach)


# ---------------------------------------------------------------- conversation


def _angle(a: np.ndarray, b: np.ndarray) -> float:
    """Degrees between two horizontal vectors (0 when either is null)."""
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na < 1e-9 or nb < 1e-9:
        return 0.0
    return math.degrees(math.acos(float(np.clip(np.dot(a, b) / (na * nb), -1.0, 1.0))))


def _sitting_point(box: Box) -> np.ndarray:
    return np.array([box.cx, box.cy]) + front_vector(box.yaw_deg) * box.d / 2.0


@dataclass(frozen=True)
class Conversation:
    too_far: tuple[tuple[str, float], ...]  # seat, distance to its nearest group neighbour (m)
    turned: tuple[tuple[str, float], ...]  # seat, degrees its front turns from the group's centre


def conversation(state: SceneState, boxes: dict[str, Box]) -> Conversation:
    seats = [o.id for o in state.objects if o.category in CONVERSATION_SEATS]
    points = {s: _sitting_point(boxes[s]) for s in seats}
    sets = DisjointSets(len(seats))
    for i in range(len(seats)):
        for j in range(i + 1, len(seats)):
            if np.linalg.norm(points[seats[i]] - points[seats[j]]) <= GROUP_M:
                sets.union(i, j)
    groups: dict[int, list[str]] = {}
    for i, s in enumerate(seats):
        groups.setdefault(sets.find(i), []).append(s)
    tables = [o.id for o in state.objects if o.category == "coffee_table"]
    too_far, turned = [], []
    for group in groups.values():
        if len(group) < 2:
            continue
        for s in group:
            nearest = min(float(np.linalg.norm(points[s] - points[t])) for t in group if t != s)
            if nearest > CONVERSE_M:
                too_far.append((s, nearest))
        shared = [t for t in tables if sum(R.box_gap(boxes[t], boxes[s]) <= GROUP_TABLE_M for s in group) >= 2]
        if shared:
            centre = np.array([boxes[shared[0]].cx, boxes[shared[0]].cy])
        else:
            centre = np.mean([points[s] + front_vector(boxes[s].yaw_deg) for s in group], axis=0)
        for s in group:
            deviation = _angle(front_vector(boxes[s].yaw_deg), centre - points[s])
            if deviation > TURNED_DEG:
                turned.append((s, deviation))
    return Conversation(tuple(too_far), tuple(turned))


# ---------------------------------------------------------------- alignment


def _off_right_angle(yaw_deg: float) -> float:
    """Degrees from the nearest multiple of 90."""
    m = yaw_deg % 90.0
    return min(m, 90.0 - m)


@dataclass(frozen=True)
class Alignment:
    off_wall: tuple[tuple[str, float], ...]  # piece, degrees off the walls
    off_pair: tuple[tuple[str, str, float], ...]  # near pieces, degrees off each other


def alignment(state: SceneState, boxes: dict[str, Box]) -> Alignment:
    large = []
    for o in state.objects:
        c = catalog.BY_NAME[o.category]
        b = boxes[o.id]
        if (c.placement == "floor" and c.counts_as_object and o.category not in rooms.CHAIRS and b.z1 > WALKABLE_HEIGHT_M
                and b.w * b.d >= LARGE_M2 and max(b.w, b.d) >= LARGE_SIDE_M):
            large.append(o.id)
    off_wall = tuple((i, _off_right_angle(boxes[i].yaw_deg)) for i in large)
    pairs = []
    for k, a in enumerate(large):
        for b in large[k + 1 :]:
            if R.box_gap(boxes[a], boxes[b]) <= NEAR_M:
                pairs.append((a, b, _off_right_angle(boxes[a].yaw_deg - boxes[b].yaw_deg)))
    return Alignment(off_wall, tuple(pairs))


# ---------------------------------------------------------------- visual balance


def balance(state: SceneState, boxes: dict[str, Box]) -> float:
    """The weighted centre of mass's offset from the room centre, per axis in half-extents."""
    room = state.room
    total, mx, my = 0.0, 0.0, 0.0
    for o in state.objects:
        b = boxes[o.id]
        if not _is_obstacle(state, o.id, b):
            continue
        weight = b.w * b.d * (b.z1 - b.z0)
        total += weight
        mx += weight * b.cx
        my += weight * b.cy
    if total <= 0:
        return 0.0
    return math.hypot((mx / total - room.width_m / 2) / (room.width_m / 2), (my / total - room.depth_m / 2) / (room.depth_m / 2))


# ---------------------------------------------------------------- focal point


@dataclass(frozen=True)
class Focal:
    focal: str | None  # the focal object
    seating: tuple[str, ...]  # the main seating judged
    faces: bool  # whether it faces the focal object (True when there is nothing to judge)
    deviation_deg: float  # for a single seat: degrees between its front and the focal object


def focal_point(state: SceneState, boxes: dict[str, Box], listed: frozenset[str], bed_room: bool) -> Focal:
    """``listed``: the categories the room table names for this room type (a board is a focal point
    only where it is listed: a classroom's, not an office's); ``bed_room``: a bed is essential."""
    by_cat = {}
    for o in state.objects:
        by_cat.setdefault(o.category, []).append(o.id)

    def of(cats) -> list[str]:
        return [i for c in cats for i in by_cat.get(c, [])]

    focal = next(iter(of(FOCAL_SCREENS) or of(c for c in FOCAL_BOARDS if c in listed)), None)
    if focal is None:
        beds = of(rooms.BEDS)
        if not bed_room or not beds:
            return Focal(None, (), True, 0.0)
        bed = max(beds, key=lambda i: boxes[i].w * boxes[i].d)
        headed = any(R.wall_distance(boxes[bed], state.room, w) <= 0.3 and float(np.dot(front_vector(boxes[bed].yaw_deg),
                     -wall_frame(state.room, w)[2])) < -0.7 for w in ("north", "south", "east", "west"))
        return Focal(bed, (bed,), headed, 0.0)
    target = np.array([boxes[focal].cx, boxes[focal].cy])
    soft = of(CONVERSATION_SEATS) or of(rooms.BEDS)
    if soft:
        main = max(soft, key=lambda i: (boxes[i].w * boxes[i].d, i))
        b = boxes[main]
        dev = _angle(front_vector(b.yaw_deg), target - np.array([b.cx, b.cy]))
        return Focal(focal, (main,), dev <= FOCAL_DEG, dev)
    chairs = of(rooms.CHAIRS)
    if not chairs:
        return Focal(focal, (), True, 0.0)
    facing = sum(_angle(front_vector(boxes[c].yaw_deg), target - np.array([boxes[c].cx, boxes[c].cy])) <= CHAIR_FOCAL_DEG for c in chairs)
    return Focal(focal, tuple(chairs), facing >= len(chairs) / 2.0, 0.0)


# ---------------------------------------------------------------- symmetry of pairs


@dataclass(frozen=True)
class PairSymmetry:
    anchor: str
    pair: tuple[str, str]
    offset_m: float  # |x1 + x2| + |y1 - y2| in the anchor's frame
    yaw_deg: float  # how far their yaws are from mirroring each other about the anchor's axis


def _local(anchor: Box, box: Box) -> tuple[float, float, float]:
    t = math.radians(anchor.yaw_deg)
    c, s = math.cos(t), math.sin(t)
    dx, dy = box.cx - anchor.cx, box.cy - anchor.cy
    return c * dx + s * dy, -s * dx + c * dy, (box.yaw_deg - anchor.yaw_deg) % 360.0


def symmetry(state: SceneState, boxes: dict[str, Box]) -> tuple[PairSymmetry, ...]:
    anchors = [o.id for o in state.objects if o.category in ANCHORS]
    members: dict[tuple[str, str], list[str]] = {}
    for o in state.objects:
        if o.category not in PAIRED:
            continue
        near = [(R.box_gap(boxes[o.id], boxes[a]), a) for a in anchors if a != o.id and state.get(a).category != o.category]
        near = [(g, a) for g, a in near if g <= PAIR_REACH_M]
        if near:
            members.setdefault((min(near)[1], o.category), []).append(o.id)
    out = []
    for (anchor, _), ids in members.items():
        if len(ids) != 2:
            continue
        (x1, y1, t1), (x2, y2, t2) = (_local(boxes[anchor], boxes[i]) for i in ids)
        mirrored = (-t1) % 360.0
        yaw_dev = min(abs(mirrored - t2), 360.0 - abs(mirrored - t2))
        out.append(PairSymmetry(anchor, (ids[0], ids[1]), abs(x1 + x2) + abs(y1 - y2), yaw_dev))
    return tuple(out)
