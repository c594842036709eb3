"""Plane geometry of the room: wall frames, oriented footprints and their overlap tests (numpy).

Wall frames: each wall has a start point, a unit direction along it and a unit inward normal. An
object standing with its back to a wall faces along the inward normal; its yaw is ``wall_yaw``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .state import Opening, Pose, Room

# yaw (degrees) that turns an object's front (-Y at yaw 0) to face away from each wall
WALL_YAW = {"north": 0.0, "south": 180.0, "east": -90.0, "west": 90.0}

# The width (diameter) of the one walker whose floor must stay connected: the solver keeps the free
# floor connected for it (``core/solver/nav.py``) and the evaluator's NAV measures with it
# (``core/metrics/sceneeval.py``, SceneEval's robot width), so that a layout the solver accepts is
# one NAV calls connected. NAV draws the floor on an image of NAV_IMAGE_PX pixels across the room's
# larger extent plus NAV_IMAGE_BORDER_M on each side (``nav_pixel_m``).
WALKER_WIDTH_M = 0.2
NAV_IMAGE_PX = 256
NAV_IMAGE_BORDER_M = 0.2


def wall_frame(room: Room, wall: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(start, direction, inward normal) of a wall, on the interior face."""
    w, d = room.width_m, room.depth_m
    frames = {
        "south": ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0)),
        "north": ((0.0, d), (1.0, 0.0), (0.0, -1.0)),
        "west": ((0.0, 0.0), (0.0, 1.0), (1.0, 0.0)),
        "east": ((w, 0.0), (0.0, 1.0), (-1.0, 0.0)),
    }
    start, direction, inward = frames[wall]
    return np.array(start), np.array(direction), np.array(inward)


def front_vector(yaw_deg: float) -> np.ndarray:
    """The world direction an object's front faces at this yaw."""
    t = math.radians(yaw_deg)
    return np.array([math.sin(t), -math.cos(t)])


def yaw_facing(direction: np.ndarray) -> float:
    """The yaw that makes an object's front face along ``direction``."""
    return math.degrees(math.atan2(direction[0], -direction[1]))


def normalize_yaw(yaw_deg: float) -> float:
    y = (yaw_deg + 180.0) % 360.0 - 180.0
    return 180.0 if y == -180.0 else round(y, 6)


def to_world(pose: Pose, local_xy: np.ndarray) -> np.ndarray:
    """Points in an object's frame (n, 2) to world XY."""
    t = math.radians(pose.yaw_deg)
    c, s = math.cos(t), math.sin(t)
    rot = np.array([[c, -s], [s, c]])
    return np.asarray(local_xy, dtype=np.float64) @ rot.T + np.array([pose.x, pose.y])


def point_to_world(pose: Pose, x: float, y: float) -> tuple[float, float]:
    """One point of an object's frame to world XY: ``to_world`` without numpy, for the solver's
    inner loops (the same arithmetic)."""
    t = math.radians(pose.yaw_deg)
    c, s = math.cos(t), math.sin(t)
    return x * c + y * -s + pose.x, x * s + y * c + pose.y


def nav_pixel_m(room: Room) -> float:
    """The side of a pixel of the NAV metric's floor image of this room."""
    return (max(room.width_m, room.depth_m) + 2.0 * NAV_IMAGE_BORDER_M) / NAV_IMAGE_PX


def opening_pose(room: Room, opening: Opening) -> Pose:
    """Where a door or window PartTree goes: centred in the wall's thickness, facing into the room."""
    start, direction, inward = wall_frame(room, opening.wall)
    centre = start + direction * opening.offset_m - inward * (room.wall_thickness_m / 2.0)
    return Pose(float(centre[0]), float(centre[1]), float(opening.sill_m), WALL_YAW[opening.wall])


@dataclass(frozen=True)
class Box:
    """An oriented footprint rectangle with a height interval: the solver's collision proxy.

    The overlap tests run thousands of times a placement, on four corners: they use plain floats
    (``points``, worked out once per box), where numpy's cost per call would dominate."""

    cx: float
    cy: float
    w: float  # along the object's local x
    d: float  # along the object's local y
    yaw_deg: float
    z0: float
    z1: float

    @cached_property
    def points(self) -> tuple[tuple[float, float], ...]:
        """The four corners in world XY, in ``corners``' order (the arithmetic of ``to_world``)."""
        t = math.radians(self.yaw_deg)
        c, s = math.cos(t), math.sin(t)
        hw, hd = self.w / 2.0, self.d / 2.0
        return tuple((lx * c + ly * -s + self.cx, lx * s + ly * c + self.cy) for lx, ly in ((-hw, -hd), (hw, -hd), (hw, hd), (-hw, hd)))

    @cached_property
    def unit_axes(self) -> tuple[tuple[float, float], tuple[float, float]]:
        t = math.radians(self.yaw_deg)
        return (math.cos(t), math.sin(t)), (-math.sin(t), math.cos(t))

    def corners(self) -> np.ndarray:
        return np.array(self.points)

    def axes(self) -> np.ndarray:
        return np.array(self.unit_axes)

    def radius(self) -> float:
        """Half the diagonal: a circle of this radius around the centre holds the rectangle."""
        return 0.5 * math.hypot(self.w, self.d)

    def grown(self, margin: float) -> Box:
        return Box(self.cx, self.cy, self.w + 2 * margin, self.d + 2 * margin, self.yaw_deg, self.z0, self.z1)

    def aabb(self) -> tuple[float, float, float, float]:
        xs, ys = [p[0] for p in self.points], [p[1] for p in self.points]
        return min(xs), min(ys), max(xs), max(ys)


def _span(points: tuple[tuple[float, float], ...], axis: tuple[float, float]) -> tuple[float, float]:
    ax, ay = axis
    proj = [x * ax + y * ay for x, y in points]
    return min(proj), max(proj)


def footprints_overlap(a: Box, b: Box, eps: float = 1e-6) -> bool:
    """Separating-axis test of two oriented rectangles (touching is not overlapping)."""
    ra, rb = a.radius(), b.radius()
    if abs(a.cx - b.cx) > ra + rb or abs(a.cy - b.cy) > ra + rb:  # far apart: no need for the full test
        return False
    for axis in (*a.unit_axes, *b.unit_axes):
        amin, amax = _span(a.points, axis)
        bmin, bmax = _span(b.points, axis)
        if amax <= bmin + eps or bmax <= amin + eps:
            return False
    return True


def boxes_overlap(a: Box, b: Box, eps: float = 1e-6) -> bool:
    if a.z1 <= b.z0 + eps or b.z1 <= a.z0 + eps:
        return False
    return footprints_overlap(a, b, eps)


def inside_rect(box: Box, x0: float, y0: float, x1: float, y1: float, eps: float = 1e-6) -> bool:
    return all(x0 - eps <= x <= x1 + eps and y0 - eps <= y <= y1 + eps for x, y in box.points)

