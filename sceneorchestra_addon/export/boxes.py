"""Collision boxes fitted to each piece's own orientation, and the rotations the writers need.

A piece's box is the smallest of its axis-aligned bounds and boxes aligned with the piece itself:
for each of the piece's main face directions (by area) as one box axis, every projected edge
direction in the plane across it is tried as the second axis (the smallest rectangle around a
convex outline has a side along one of its edges). A tilted box-shaped piece (a laptop's open lid,
a leaning rail) gets its own box exactly; a piece whose vertices are all corners of its bounds or
whose faces are all axis-aligned keeps its bounds (the fast path for most pieces). An oriented box
is only taken when it is clearly smaller (``GAIN``), so pieces of about equal fit (a 16-sided
cylinder) keep their axis-aligned bounds.

An oriented box reaches past its piece at its corners where the piece is round, so it must also
stay within :class:`Limits`: inside the whole object's bounds (the layout packs neighbours and
crowds of small objects against them) and off the object's bottom and support planes unless its
piece touches them (feet start exactly on the floor, things on a shelf exactly on the shelf).
Otherwise the piece keeps its bounds. :func:`grown` thickens boxes thinner than the simulators
like, away from a plane the piece rests on.

The box axes are then renamed (a box is the same box under the 24 rotations that swap or flip its
axes) so that the rotation is the smallest one, which keeps roll-pitch-yaw angles away from the
gimbal lock at pitch +-90 degrees.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

GAIN = 0.05  # an oriented box must be this much (relative volume) smaller than the bounds
MAIN_DIRECTIONS = 6  # face directions tried as a box axis, largest total face area first
_AXIS_TOL = 1e-9
_TOL = 1e-6  # m
_IDENTITY = np.eye(3)


def _turns() -> np.ndarray:
    """The 24 rotations that map a box onto itself (signed permutation matrices, det +1)."""
    out = []
    for perm in itertools.permutations(range(3)):
        for signs in itertools.product((1.0, -1.0), repeat=3):
            turn = np.zeros((3, 3))
            turn[list(perm), [0, 1, 2]] = signs
            if np.linalg.det(turn) > 0:
                out.append(turn)
    return np.array(out)


_TURNS = _turns()
_CORNERS = np.array(list(itertools.product((-0.5, 0.5), repeat=3)))


@dataclass(frozen=True)
class Box:
    """A box in a link frame: centre, full size along its own axes, and ``rotation`` (3x3, the box
    axes as columns, expressed in the link frame)."""

    center: np.ndarray
    size: np.ndarray
    rotation: np.ndarray

    @property
    def rotated(self) -> bool:
        return bool(np.abs(self.rotation - _IDENTITY).max() > 1e-12)

    def corners(self) -> np.ndarray:
        return self.center + (_CORNERS * self.size) @ self.rotation.T


@dataclass(frozen=True)
class Limits:
    """Where a piece's box may reach, in its link frame: ``bounds`` (lo, hi), the whole object's
    box, which the layout packs its neighbours against; ``planes``, the heights of the object's
    bottom and support surfaces, which a box may only cross where its piece does."""

    bounds: tuple[np.ndarray, np.ndarray] | None = None
    planes: tuple[float, ...] = ()


NO_LIMITS = Limits()


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cross product (numpy's ``cross`` is slow on the small arrays used here)."""
    return np.stack([a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1], a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2],
                     a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]], axis=-1)


def _face_normals(piece: np.ndarray, tris: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit normals and areas (x2) of the non-degenerate triangles."""
    a, b, c = piece[tris[:, 0]], piece[tris[:, 1]], piece[tris[:, 2]]
    cross = _cross(b - a, c - a)
    area = np.sqrt((cross * cross).sum(axis=1))
    keep = area > 1e-12
    return cross[keep] / area[keep, None], area[keep]


def _main_directions(normals: np.ndarray, areas: np.ndarray) -> np.ndarray:
    """The piece's face directions (a normal and its opposite are one), largest total area first."""
    first = np.argmax(np.abs(normals) > 1e-6, axis=1)
    normals = normals * np.sign(normals[np.arange(len(normals)), first])[:, None]
    grid = np.round(normals * 1e5).astype(np.int64) + 100_001  # one integer key per direction (to 1e-5)
    _, first_of, inverse = np.unique((grid[:, 0] * 200_003 + grid[:, 1]) * 200_003 + grid[:, 2], return_index=True, return_inverse=True)
    totals = np.bincount(inverse.ravel(), weights=areas, minlength=len(first_of))
    return normals[first_of[np.argsort(-totals, kind="stable")[:MAIN_DIRECTIONS]]]


def _best_frame(piece: np.ndarray, edges: np.ndarray, directions: np.ndarray) -> tuple[float, np.ndarray]:
    """The smallest box with one axis along one of ``directions``; the second axis runs along the
    projection of one of the piece's ``edges`` (edge vectors) onto the plane across the first:
    (volume, rotation with the box axes as columns). All candidates at once."""
    helpers = _IDENTITY[np.argmin(np.abs(directions), axis=1)]
    u0 = _cross(directions, helpers)
    u0 /= np.linalg.norm(u0, axis=1, keepdims=True)
    v0 = _cross(directions, u0)
    eu, ev = edges @ u0.T, edges @ v0.T  # (edges, directions)
    seen = np.maximum(np.abs(eu), np.abs(ev)) > 1e-9
    angle = np.round(np.mod(np.arctan2(ev, eu), math.pi / 2), 7)  # in [0, pi/2], so index * 2 + angle is one key
    keys = np.unique(np.concatenate([(np.arange(len(directions)) * 2.0 + angle)[seen], np.arange(len(directions)) * 2.0]))
    k = np.floor(keys / 2.0).astype(np.int64)
    a = keys - 2.0 * k
    n = directions[k]
    u = np.cos(a)[:, None] * u0[k] + np.sin(a)[:, None] * v0[k]
    v = _cross(n, u)
    volumes = np.ptp(piece @ u.T, axis=0) * np.ptp(piece @ v.T, axis=0) * np.ptp(piece @ n.T, axis=0)
    best = int(np.argmin(volumes))
    return float(volumes[best]), np.stack([u[best], v[best], n[best]], axis=1)


def _smallest_turn(rotation: np.ndarray, size: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same box with its axes renamed so that its rotation is the one closest to identity."""
    turn = _TURNS[int(np.argmax(np.einsum("ij,kji->k", rotation, _TURNS)))]  # the largest trace of rotation @ turn
    return rotation @ turn, np.abs(turn).T @ size


def _stays_inside(box: Box, lo_z: float, hi_z: float, limits: Limits) -> bool:
    """True when the box stays inside the object's bounds and off the horizontal planes that the
    piece (from ``lo_z`` to ``hi_z``) stays on one side of."""
    corners = box.corners()
    if limits.bounds is not None and (np.any(corners < limits.bounds[0] - _TOL) or np.any(corners > limits.bounds[1] + _TOL)):
        return False
    z_lo, z_hi = corners[:, 2].min(), corners[:, 2].max()
    return not any((hi_z <= p + _TOL < z_hi) or (z_lo < p - _TOL <= lo_z) for p in limits.planes)


def grown(box: Box, piece: np.ndarray, min_size: float, limits: Limits) -> Box:
    """The box of ``piece`` at least ``min_size`` thick on every axis; an axis-aligned box grows
    away from a plane its piece touches, so a thin book cover at the bottom of a book still starts
    exactly on its shelf."""
    lo_z, hi_z = float(piece[:, 2].min()), float(piece[:, 2].max())
    size = np.maximum(box.size, min_size)
    center = box.center.copy()
    if not box.rotated and size[2] > box.size[2]:
        grow = (size[2] - box.size[2]) / 2.0
        if any(abs(lo_z - p) <= _TOL for p in limits.planes):
            center[2] += grow
        elif any(abs(hi_z - p) <= _TOL for p in limits.planes):
            center[2] -= grow
    return Box(center, size, box.rotation)


def fit_box(piece: np.ndarray, tris: np.ndarray, limits: Limits = NO_LIMITS) -> Box:
    """The collision box of one piece (vertices ``piece``, triangles ``tris``): see the module
    docstring. An oriented box is only taken where it stays inside ``limits``, so a free object
    starts exactly on its supporter, clear of its neighbours."""
    lo, hi = piece.min(axis=0), piece.max(axis=0)
    box = _oriented(piece, tris, lo, hi)
    if box is None or not _stays_inside(box, float(lo[2]), float(hi[2]), limits):
        return Box((lo + hi) / 2.0, hi - lo, _IDENTITY)
    return box


def _oriented(piece: np.ndarray, tris: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> Box | None:
    """The smallest box aligned with the piece itself, or None where its bounds fit as well."""
    if len(tris) == 0 or np.all((np.abs(piece - lo) < 1e-12) | (np.abs(piece - hi) < 1e-12)):
        return None  # no faces, or every vertex a corner of the bounds (an axis-aligned block)
    normals, areas = _face_normals(piece, tris)
    if len(normals) == 0 or np.all(np.abs(normals).max(axis=1) > 1.0 - _AXIS_TOL):
        return None
    edges = piece[tris[:, [1, 2, 0]].ravel()] - piece[tris.ravel()]
    volume, best_rotation = _best_frame(piece, edges, _main_directions(normals, areas))
    if volume >= float(np.prod(hi - lo)) * (1.0 - GAIN):
        return None
    local = piece @ best_rotation
    l_lo, l_hi = local.min(axis=0), local.max(axis=0)
    rotation, size = _smallest_turn(best_rotation, l_hi - l_lo)
    return Box(best_rotation @ ((l_lo + l_hi) / 2.0), size, rotation)


def rpy(rotation: np.ndarray) -> tuple[float, float, float]:
    """Roll, pitch, yaw (URDF and SDFormat: R = Rz(yaw) Ry(pitch) Rx(roll)) of a rotation matrix."""
    pitch = math.asin(max(-1.0, min(1.0, -float(rotation[2, 0]))))
    if abs(rotation[2, 0]) < 1.0 - 1e-9:
        return math.atan2(rotation[2, 1], rotation[2, 2]), pitch, math.atan2(rotation[1, 0], rotation[0, 0])
    return math.atan2(-rotation[1, 2], rotation[1, 1]), pitch, 0.0  # gimbal lock: all the turn as roll


def quaternion(rotation: np.ndarray) -> tuple[float, float, float, float]:
    """(w, x, y, z) of a rotation matrix (MJCF's ``quat``), w >= 0 (Shepperd's method)."""
    m = rotation
    trace = float(np.trace(m))
    if trace > 0.0:
        s = 2.0 * math.sqrt(1.0 + trace)
        q = np.array([s / 4.0, (m[2, 1] - m[1, 2]) / s, (m[0, 2] - m[2, 0]) / s, (m[1, 0] - m[0, 1]) / s])
    else:
        i = int(np.argmax(np.diag(m)))
        j, k = (i + 1) % 3, (i + 2) % 3
        s = 2.0 * math.sqrt(max(1e-300, 1.0 + m[i, i] - m[j, j] - m[k, k]))
        q = np.zeros(4)
        q[0] = (m[k, j] - m[j, k]) / s
        q[1 + i] = s / 4.0
        q[1 + j] = (m[j, i] + m[i, j]) / s
        q[1 + k] = (m[k, i] + m[i, k]) / s
    q = q if q[0] >= 0.0 else -q
    return tuple(float(v) for v in q / np.linalg.norm(q))
