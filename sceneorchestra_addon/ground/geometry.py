"""Plane geometry of the room: wall frames, oriented footprints and their overlap tests (numpy).

Wall frames: each wall has a start point, a unit direction along it and a unit inward normal. An
object standing with its back to a wall faces along the inward normal; its yaw is ``wall_yaw``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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
    """An oriented footprint rectangle with a height interval: the solver's collision proxy."""

    cx: float
    cy: float
    w: float  # along the object's local x
    d: float  # along the object's local y
    yaw_deg: float
    z0: float
    z1: float

    def corners(self) -> np.ndarray:
        hw, hd = self.w / 2.0, self.d / 2.0
        local = np.array([[-hw, -hd], [hw, -hd], [hw, hd], [-hw, hd]])
        return to_world(Pose(self.cx, self.cy, 0.0, self.yaw_deg), local)

    def axes(self) -> np.ndarray:
        t = math.radians(self.yaw_deg)
        return np.array([[math.cos(t), math.sin(t)], [-math.sin(t), math.cos(t)]])

    def radius(self) -> float:
        """Half the diagonal: a circle of this radius around the centre holds the rectangle."""
        return 0.5 * math.hypot(self.w, self.d)

    def grown(self, margin: float) -> Box:
        return Box(self.cx, self.cy, self.w + 2 * margin, self.d + 2 * margin, self.yaw_deg, self.z0, self.z1)

    def aabb(self) -> tuple[float, float, float, float]:
        c = self.corners()
        return float(c[:, 0].min()), float(c[:, 1].min()), float(c[:, 0].max()), float(c[:, 1].max())


def footprints_overlap(a: Box, b: Box, eps: float = 1e-6) -> bool:
    """Separating-axis test of two oriented rectangles (touching is not overlapping)."""
    ra, rb = a.radius(), b.radius()
    if abs(a.cx - b.cx) > ra + rb or abs(a.cy - b.cy) > ra + rb:  # far apart: no need for the full test
        return False
    ca, cb = a.corners(), b.corners()
    for axis in np.vstack([a.axes(), b.axes()]):
        pa, pb = ca @ axis, cb @ axis
        if pa.max() <= pb.min() + eps or pb.max() <= pa.min() + eps:
            return False
    return True


def boxes_overlap(a: Box, b: Box, eps: float = 1e-6) -> bool:
    if a.z1 <= b.z0 + eps or b.z1 <= a.z0 + eps:
        return False
    return footprints_overlap(a, b, eps)


def inside_rect(box: Box, x0: float, y0: float, x1: float, y1: float, eps: float = 1e-6) -> bool:
    c = box.corners()
    return bool(np.all(c[:, 0] >= x0 - eps) and np.all(c[:, 0] <= x1 + eps) and np.all(c[:, 1] >= y0 - eps) and np.all(c[:, 1] <= y1 + eps))
