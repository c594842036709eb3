"""Top-down rasters of the floor (SceneEval's NAV and ACC images), in numpy.

SceneEval draws with OpenCV on a 256 x 256 image centred on the floor, ``scale`` metres from the
centre to the image border (the floor's half extent plus a margin). Here a pixel is "covered" by a
shape when its centre is; rotated rectangles may be grown by a round border (OpenCV's thick
contour), the floor is eroded with a square kernel, and 8-connected components come from runs of
pixels per row joined by union–find.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...assets.topology import DisjointSets
from ...ground.geometry import Box
from ...ground.state import Room

RESOLUTION = 256


@dataclass(frozen=True)
class FloorGrid:
    """Pixel centres of a square image around the room: ``xs[i]``, ``ys[j]`` (metres)."""

    xs: np.ndarray
    ys: np.ndarray
    pixel_m: float

    @staticmethod
    def of(room: Room, margin_m: float, resolution: int = RESOLUTION) -> FloorGrid:
        scale = max(room.width_m, room.depth_m) / 2.0 + margin_m
        pixel = 2.0 * scale / resolution
        offs = (np.arange(resolution) - resolution / 2 + 0.5) * pixel
        return FloorGrid(room.width_m / 2.0 + offs, room.depth_m / 2.0 + offs, pixel)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.xs), len(self.ys)

    def pixels(self, metres: float) -> int:
        """SceneEval's ``int(metres / scale * half_resolution)``."""
        return int(metres / self.pixel_m)

    def floor(self, room: Room) -> np.ndarray:
        inside_x = (self.xs >= 0.0) & (self.xs <= room.width_m)
        inside_y = (self.ys >= 0.0) & (self.ys <= room.depth_m)
        return inside_x[:, None] & inside_y[None, :]

    def rect(self, cx: float, cy: float, w: float, d: float, yaw_deg: float, grow_m: float = 0.0) -> np.ndarray:
        """Pixels whose centre is within ``grow_m`` of the rotated rectangle (w along its local x)."""
        mask = np.zeros(self.shape, dtype=bool)
        reach = math.hypot(w, d) / 2.0 + grow_m
        i0, i1 = np.searchsorted(self.xs, [cx - reach, cx + reach])
        j0, j1 = np.searchsorted(self.ys, [cy - reach, cy + reach])
        if i0 >= i1 or j0 >= j1:
            return mask
        t = math.radians(yaw_deg)
        c, s = math.cos(t), math.sin(t)
        dx = self.xs[i0:i1, None] - cx
        dy = self.ys[None, j0:j1] - cy
        lx = np.abs(c * dx + s * dy) - w / 2.0
        ly = np.abs(-s * dx + c * dy) - d / 2.0
        if grow_m > 0.0:
            ox, oy = np.maximum(lx, 0.0), np.maximum(ly, 0.0)
            inside = (ox * ox + oy * oy <= grow_m * grow_m)
        else:
            inside = (lx <= 0.0) & (ly <= 0.0)
        mask[i0:i1, j0:j1] = inside
        return mask

    def box(self, box: Box, grow_m: float = 0.0) -> np.ndarray:
        return self.rect(box.cx, box.cy, box.w, box.d, box.yaw_deg, grow_m)


def erode(mask: np.ndarray, kernel: int) -> np.ndarray:
    """Binary erosion with a ``kernel`` x ``kernel`` square (OpenCV's anchor: the centre; outside
    the image counts as set, like OpenCV's default border)."""
    if kernel <= 1:
        return mask.copy()
    before, after = kernel // 2, kernel - 1 - kernel // 2
    padded = np.pad(mask.astype(np.int32), ((before, after), (before, after)), constant_values=1)
    s = np.pad(padded.cumsum(axis=0).cumsum(axis=1), ((1, 0), (1, 0)))
    n, m = mask.shape
    window = s[kernel : kernel + n, kernel : kernel + m] - s[:n, kernel : kernel + m] - s[kernel : kernel + n, :m] + s[:n, :m]
    return window == kernel * kernel


def _runs(mask: np.ndarray) -> tuple[list[tuple[int, int, int]], DisjointSets]:
    """The image's runs of set pixels per row (row, first column, last column), joined into
    8-connected components."""
    runs: list[tuple[int, int, int]] = []  # (row, first column, last column)
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
        upper, lower = row_runs[r - 1], row_runs[r]
        k = 0
        for run in lower:
            _, s, e = runs[run]
            while k < len(upper) and runs[upper[k]][2] < s - 1:
                k += 1
            m = k
            while m < len(upper) and runs[upper[m]][1] <= e + 1:
                sets.union(upper[m], run)
                m += 1
    return runs, sets


def component_labels(mask: np.ndarray) -> np.ndarray:
    """A label per pixel of the 8-connected components of a boolean image (0: not set)."""
    runs, sets = _runs(mask)
    labels = np.zeros(mask.shape, dtype=np.int64)
    for idx, (r, s, e) in enumerate(runs):
        labels[r, s : e + 1] = sets.find(idx) + 1
    return labels


def component_sizes(mask: np.ndarray) -> np.ndarray:
    """Sizes (pixel counts) of the 8-connected components of a boolean image, largest first."""
    runs, sets = _runs(mask)
    sizes: dict[int, int] = {}
    for idx, (_, s, e) in enumerate(runs):
        root = sets.find(idx)
        sizes[root] = sizes.get(root, 0) + e - s + 1
    return np.array(sorted(sizes.values(), reverse=True), dtype=np.int64)
