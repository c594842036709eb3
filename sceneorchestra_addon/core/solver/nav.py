"""Walkable space on a floor grid: keeps furniture from cutting the room in two.

The floor is rasterised at ``CELL_M``; cells covered by a floor-standing object's footprint (grown
by the walker's radius) are blocked. A placement is accepted when the free cells stay connected
enough: the largest 8-connected free component reaches every door and holds at least
``MIN_CONNECTED`` of all free cells.

The walker is the NAV metric's (``WALKER_WIDTH_M``, shared with ``core/metrics/sceneeval.py``). Its
centre keeps half its width from walls and footprints, plus half a pixel of NAV's floor image
(``walker_margin``): NAV finds a passage open only where a pixel centre lies clear of both sides, so
a passage this check accepts is one NAV finds open. The coarser grid and the square growth only
ever block more than NAV does.
"""

from __future__ import annotations

import numpy as np

from ...ground.geometry import WALKER_WIDTH_M, Box, nav_pixel_m, to_world
from ...ground.state import Pose, Room

CELL_M = 0.1
MIN_CONNECTED = 0.8
FLOOR_OBJECT_MAX_Z0 = 0.05  # boxes starting higher do not block walking (wall and ceiling objects)


def grid_centres(room: Room) -> tuple[np.ndarray, tuple[int, int]]:
    nx = max(1, int(round(room.width_m / CELL_M)))
    ny = max(1, int(round(room.depth_m / CELL_M)))
    xs = (np.arange(nx) + 0.5) * room.width_m / nx
    ys = (np.arange(ny) + 0.5) * room.depth_m / ny
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    return np.column_stack([gx.ravel(), gy.ravel()]), (nx, ny)


def _covered(points: np.ndarray, box: Box, margin: float) -> np.ndarray:
    local = to_world(Pose(0.0, 0.0, 0.0, -box.yaw_deg), points - np.array([box.cx, box.cy]))
    return (np.abs(local[:, 0]) <= box.w / 2 + margin) & (np.abs(local[:, 1]) <= box.d / 2 + margin)


def walker_margin(room: Room) -> float:
    """How far the walker's centre keeps from the walls and the footprints in this room."""
    return WALKER_WIDTH_M / 2.0 + nav_pixel_m(room) / 2.0


def free_mask(room: Room, boxes: list[Box]) -> np.ndarray:
    points, shape = grid_centres(room)
    free = np.ones(len(points), dtype=bool)
    margin = walker_margin(room)
    # the walker's body must stay inside the walls
    free &= (points[:, 0] >= margin) & (points[:, 0] <= room.width_m - margin)
    free &= (points[:, 1] >= margin) & (points[:, 1] <= room.depth_m - margin)
    for box in boxes:
        if box.z0 <= FLOOR_OBJECT_MAX_Z0:
            free &= ~_covered(points, box, margin)
    return free.reshape(shape)


def components(free: np.ndarray) -> np.ndarray:
    """Labels of 8-connected components of a boolean grid (0 = blocked), by label propagation."""
    labels = np.where(free, np.arange(1, free.size + 1).reshape(free.shape), 0)
    while True:
        padded = np.pad(labels, 1)
        best = labels.copy()
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                shifted = padded[1 + dx : 1 + dx + labels.shape[0], 1 + dy : 1 + dy + labels.shape[1]]
                best = np.maximum(best, shifted)
        best = np.where(free, best, 0)
        if np.array_equal(best, labels):
            return labels
        labels = best


def walkable_ok(room: Room, boxes: list[Box], door_points: list[np.ndarray]) -> bool:
    """True when the free floor stays connected and reaches every door."""
    free = free_mask(room, boxes)
    total = int(free.sum())
    if total == 0:
        return False
    labels = components(free)
    counts = np.bincount(labels.ravel())
    counts[0] = 0
    main = int(np.argmax(counts))
    if counts[main] < MIN_CONNECTED * total:
        return False
    nx, ny = free.shape
    for p in door_points:
        i = min(nx - 1, max(0, int(p[0] / room.width_m * nx)))
        j = min(ny - 1, max(0, int(p[1] / room.depth_m * ny)))
        window = labels[max(0, i - 3) : i + 4, max(0, j - 3) : j + 4]
        if not np.any(window == main):
            return False
    return True
