"""SceneEval's spatial relation primitives, scored in [0, 1] on oriented bounding boxes.

Each object is its exact oriented box (``solver.world.box_of``: footprint rectangle x height
interval), sampled with a 4 x 4 x 4 grid of points where SceneEval samples its box volume. A
primitive passes at a score above ``PASS`` (0.5). Constants are SceneEval's (v1.1):

* distances (gap between the two boxes): next_to [0, 0.5] m, near [0.5, 1.5], across_from
  [1.5, 4], far >= 4; outside the range the score falls off as a Gaussian (sigma 0.25 m);
* face_to: rays from the target's points along its front; the mean hit point on the reference
  gives a direction; score 1 - deviation / 30 degrees;
* on_top: the share of the target's points above the reference's top, within its footprint, the
  target resting within 5 cm of that top; inside_of: the share inside the reference's box;
  above / below: the share above the top / below the bottom, within the footprint grown by 25 %;
* left_of / right_of / in_front_of / behind (side_of): the share of points beyond that face of the
  reference, within that face grown by 25 %; left is the reference's local -X: the left of someone
  standing in front of it and looking at it (SceneEval's convention);
* surround: at least 3 targets evenly spread in angle and distance around the reference;
* middle_of: Gaussian (sigma 0.25 m) of the centres' horizontal distance;
* architecture: against_wall [0, 0.3] m (sigma 0.1), on_wall [0, 0.01] (sigma 0.01),
  corner_of_room two perpendicular walls each within [0, 0.8] (sigma 0.25), middle_of_room
  (SceneEval's size-dependent Gaussian), hang_from_ceiling [0, 0.01] (sigma 0.03), and the
  distance primitives to walls, doors and windows.
"""

from __future__ import annotations

import math

import numpy as np

from ...ground.geometry import Box, wall_frame
from ...ground.state import WALLS, Opening, Room

PASS = 0.5
DISTANCE_RANGES = {"next_to": (0.0, 0.5), "near": (0.5, 1.5), "across_from": (1.5, 4.0), "far": (4.0, math.inf)}
DISTANCE_STD = 0.25
FACE_MAX_DEVIATION_DEG = 30.0
SIDE_MARGIN = 0.25
ON_TOP_GAP_M = 0.05
_LATTICE = (np.arange(4) + 0.5) / 4 - 0.5


def points(box: Box) -> np.ndarray:
    """4 x 4 x 4 points filling the box (world coordinates)."""
    u, v, w = np.meshgrid(_LATTICE * box.w, _LATTICE * box.d, (_LATTICE + 0.5) * (box.z1 - box.z0) + box.z0, indexing="ij")
    t = math.radians(box.yaw_deg)
    c, s = math.cos(t), math.sin(t)
    return np.column_stack([box.cx + c * u.ravel() - s * v.ravel(), box.cy + s * u.ravel() + c * v.ravel(), w.ravel()])


def to_local(box: Box, pts: np.ndarray) -> np.ndarray:
    """Points in the box's frame: x along its width, y along its depth (front = -y), z unchanged."""
    t = math.radians(box.yaw_deg)
    c, s = math.cos(t), math.sin(t)
    dx, dy = pts[:, 0] - box.cx, pts[:, 1] - box.cy
    return np.column_stack([c * dx + s * dy, -s * dx + c * dy, pts[:, 2]])


def range_score(distance: float, lo: float, hi: float, std: float) -> float:
    if lo <= distance <= hi:
        return 1.0
    gap = min(abs(distance - lo), abs(distance - hi))
    return float(math.exp(-gap * gap / (2.0 * std * std)))


def _segment_point(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    ab = b - a
    t = float(np.clip(np.dot(p - a, ab) / max(float(np.dot(ab, ab)), 1e-18), 0.0, 1.0))
    return float(np.linalg.norm(p - (a + t * ab)))


def footprint_gap(a: Box, b: Box) -> float:
    """Horizontal distance between two footprints (0 when they overlap)."""
    ca, cb = a.corners(), b.corners()
    for axis in np.vstack([a.axes(), b.axes()]):
        pa, pb = ca @ axis, cb @ axis
        if pa.max() < pb.min() or pb.max() < pa.min():
            break
    else:
        return 0.0
    best = math.inf
    for pts, poly in ((ca, cb), (cb, ca)):
        for p in pts:
            for k in range(4):
                best = min(best, _segment_point(p, poly[k], poly[(k + 1) % 4]))
    return best


def box_gap(a: Box, b: Box) -> float:
    """Distance between two upright boxes (0 when they overlap)."""
    dz = max(0.0, a.z0 - b.z1, b.z0 - a.z1)
    return math.hypot(footprint_gap(a, b), dz)


def distance(kind: str, a: Box, b: Box) -> float:
    lo, hi = DISTANCE_RANGES[kind]
    return range_score(box_gap(a, b), lo, hi, DISTANCE_STD)


def _ray_box(origins: np.ndarray, direction: np.ndarray, box: Box) -> np.ndarray:
    """First hit distance of rays on a box (inf when missed; 0 for origins inside)."""
    local = to_local(box, origins)
    t = math.radians(box.yaw_deg)
    d = np.array([math.cos(t) * direction[0] + math.sin(t) * direction[1], -math.sin(t) * direction[0] + math.cos(t) * direction[1], direction[2]])
    lo = np.array([-box.w / 2, -box.d / 2, box.z0])
    hi = np.array([box.w / 2, box.d / 2, box.z1])
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = (lo - local) / d
        t2 = (hi - local) / d
    tmin = np.where(np.abs(d) > 1e-12, np.minimum(t1, t2), np.where((local >= lo) & (local <= hi), -np.inf, np.inf))
    tmax = np.where(np.abs(d) > 1e-12, np.maximum(t1, t2), np.where((local >= lo) & (local <= hi), np.inf, -np.inf))
    near, far = tmin.max(axis=1), tmax.min(axis=1)
    hit = (near <= far) & (far >= 0)
    return np.where(hit, np.maximum(near, 0.0), np.inf)


def face_to(target: Box, reference: Box) -> float:
    t = math.radians(target.yaw_deg)
    front = np.array([math.sin(t), -math.cos(t), 0.0])
    origins = points(target)
    dist = _ray_box(origins, front, reference)
    hit = np.isfinite(dist)
    if not hit.any():
        return 0.0
    mean_hit = (origins[hit] + dist[hit, None] * front).mean(axis=0)
    to_ref = mean_hit[:2] - np.array([target.cx, target.cy])
    norm = float(np.linalg.norm(to_ref))
    if norm < 1e-9:
        return 1.0
    cos = float(np.clip(np.dot(front[:2], to_ref / norm), -1.0, 1.0))
    return float(np.clip(1.0 - math.degrees(math.acos(cos)) / FACE_MAX_DEVIATION_DEG, 0.0, 1.0))


def _within(local: np.ndarray, box: Box, margin: float) -> tuple[np.ndarray, np.ndarray]:
    inside_x = np.abs(local[:, 0]) <= box.w / 2 * (1 + margin) + 1e-9
    inside_y = np.abs(local[:, 1]) <= box.d / 2 * (1 + margin) + 1e-9
    return inside_x, inside_y


def on_top(target: Box, reference: Box) -> float:
    if target.z0 - reference.z1 > ON_TOP_GAP_M:
        return 0.0
    local = to_local(reference, points(target))
    ix, iy = _within(local, reference, 0.0)
    return float(np.mean(ix & iy & (local[:, 2] >= reference.z1 - 1e-6)))


def inside_of(target: Box, reference: Box) -> float:
    local = to_local(reference, points(target))
    ix, iy = _within(local, reference, 0.0)
    return float(np.mean(ix & iy & (local[:, 2] >= reference.z0 - 1e-9) & (local[:, 2] <= reference.z1 + 1e-9)))


def on(target: Box, reference: Box) -> float:
    """Stands on the reference: on its top or inside it (books on a bookshelf's shelves)."""
    return max(on_top(target, reference), inside_of(target, reference))


def above(target: Box, reference: Box) -> float:
    local = to_local(reference, points(target))
    ix, iy = _within(local, reference, SIDE_MARGIN)
    return float(np.mean(ix & iy & (local[:, 2] >= reference.z1 - 1e-6)))


def below(target: Box, reference: Box) -> float:
    local = to_local(reference, points(target))
    ix, iy = _within(local, reference, SIDE_MARGIN)
    return float(np.mean(ix & iy & (local[:, 2] <= reference.z0 + 1e-6)))


def side_of(target: Box, reference: Box, side: str) -> float:
    local = to_local(reference, points(target))
    ix, iy = _within(local, reference, SIDE_MARGIN)
    h = reference.z1 - reference.z0
    iz = (local[:, 2] >= reference.z0 - SIDE_MARGIN * h / 2) & (local[:, 2] <= reference.z1 + SIDE_MARGIN * h / 2)
    beyond = {
        "left_of": (local[:, 0] < -reference.w / 2) & iy,
        "right_of": (local[:, 0] > reference.w / 2) & iy,
        "in_front_of": (local[:, 1] < -reference.d / 2) & ix,
        "behind": (local[:, 1] > reference.d / 2) & ix,
    }[side]
    return float(np.mean(beyond & iz))


def middle_of(target: Box, reference: Box) -> float:
    d = math.hypot(target.cx - reference.cx, target.cy - reference.cy)
    return float(math.exp(-d * d / (2 * DISTANCE_STD**2)))


def surround(targets: list[Box], reference: Box) -> float:
    """SceneEval's surround: even angles and distances of >= 3 targets around the reference."""
    n = len(targets)
    if n < 3:
        return 0.0
    rel = np.array([[b.cx - reference.cx, b.cy - reference.cy] for b in targets])
    dist = np.linalg.norm(rel, axis=1)
    if np.any(dist < 1e-9):
        return 0.0
    angles = np.sort(np.arctan2(rel[:, 1], rel[:, 0]))
    gaps = np.diff(np.concatenate([angles, angles[:1] + 2 * math.pi]))
    ideal_angle = 2 * math.pi / n
    ideal_dist = float(np.median(dist))
    d_dev = np.clip(np.abs(dist - ideal_dist) / ideal_dist, 0.0, 1.0)
    a_dev = np.clip(np.abs(gaps - ideal_angle) / ideal_angle, 0.0, 1.0)
    return float(np.sum((0.5 * (1 - d_dev) ** 2 + 0.5 * (1 - a_dev) ** 2) / n))


# ---------------------------------------------------------------- architecture


def wall_distance(box: Box, room: Room, wall: str) -> float:
    """Distance from the box to a wall's interior face (0 when touching or through it)."""
    start, _, inward = wall_frame(room, wall)
    return max(0.0, float(np.min((box.corners() - start) @ inward)))


def against_wall(box: Box, room: Room) -> float:
    return max(range_score(wall_distance(box, room, w), 0.0, 0.3, 0.1) for w in WALLS)


def on_wall(box: Box, room: Room) -> float:
    return max(range_score(wall_distance(box, room, w), 0.0, 0.01, 0.01) for w in WALLS)


def corner_of_room(box: Box, room: Room) -> float:
    scores = {w: range_score(wall_distance(box, room, w), 0.0, 0.8, 0.25) for w in WALLS}
    return max(scores[a] * scores[b] for a in ("north", "south") for b in ("east", "west"))


def middle_of_room(box: Box, room: Room) -> float:
    d = math.hypot(box.cx - room.width_m / 2, box.cy - room.depth_m / 2)
    room_size = (room.width_m + room.depth_m) / 2.0
    obj_size = max(box.w, box.d)
    std = 1.0 * (0.5 * obj_size + 1.0 * (1.0 - obj_size / room_size))
    return float(math.exp(-d * d / (2 * max(std, 1e-6) ** 2)))


def hang_from_ceiling(box: Box, room: Room) -> float:
    return range_score(max(0.0, room.height_m - box.z1), 0.0, 0.01, 0.03)


def opening_box(room: Room, opening: Opening) -> Box:
    start, direction, inward = wall_frame(room, opening.wall)
    centre = start + direction * opening.offset_m - inward * (room.wall_thickness_m / 2)
    yaw = math.degrees(math.atan2(direction[1], direction[0]))
    return Box(float(centre[0]), float(centre[1]), opening.width_m, room.wall_thickness_m, yaw, opening.sill_m, opening.sill_m + opening.height_m)


def wall_box(room: Room, wall: str) -> Box:
    start, direction, inward = wall_frame(room, wall)
    length = room.wall_length(wall)
    centre = start + direction * length / 2 - inward * (room.wall_thickness_m / 2)
    yaw = math.degrees(math.atan2(direction[1], direction[0]))
    return Box(float(centre[0]), float(centre[1]), length, room.wall_thickness_m, yaw, 0.0, room.height_m)
