"""Low-polygon mesh primitives (numpy only) and a small builder for part trees.

Every primitive returns ``(vertices, faces)``: an ``(n, 3)`` float array and a tuple of convex
polygons, counter-clockwise seen from outside, closed (watertight) unless said otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .parttree import Joint, Part, PartTree, SupportSurface

Mesh = tuple[np.ndarray, tuple[tuple[int, ...], ...]]


def box(lo: Sequence[float], hi: Sequence[float]) -> Mesh:
    """An axis-aligned box from its min corner ``lo`` to its max corner ``hi``."""
    x0, y0, z0 = lo
    x1, y1, z1 = hi
    if not (x1 > x0 and y1 > y0 and z1 > z0):
        raise ValueError(f"degenerate box {tuple(lo)} -> {tuple(hi)}")
    v = np.array(
        [
            [x0, y0, z0], [x1, y0, z0], [x1, y1, z0], [x0, y1, z0],
            [x0, y0, z1], [x1, y0, z1], [x1, y1, z1], [x0, y1, z1],
        ],
        dtype=np.float64,
    )
    f = ((0, 3, 2, 1), (4, 5, 6, 7), (0, 1, 5, 4), (1, 2, 6, 5), (2, 3, 7, 6), (3, 0, 4, 7))
    return v, f


def box_c(center: Sequence[float], size: Sequence[float]) -> Mesh:
    """A box given by its centre and full size."""
    c = np.asarray(center, dtype=np.float64)
    s = np.asarray(size, dtype=np.float64) / 2.0
    return box(c - s, c + s)


def prism(outline: Sequence[Sequence[float]], z0: float, z1: float) -> Mesh:
    """Extrude a convex or simple CCW XY outline from ``z0`` to ``z1`` (caps as one polygon each;
    only convex outlines give convex caps)."""
    pts = np.asarray(outline, dtype=np.float64)
    n = len(pts)
    if n < 3 or not z1 > z0:
        raise ValueError("prism needs >= 3 outline points and z1 > z0")
    area2 = float(np.sum(pts[:, 0] * np.roll(pts[:, 1], -1) - np.roll(pts[:, 0], -1) * pts[:, 1]))
    if area2 < 0:
        pts = pts[::-1]
    v = np.vstack([np.column_stack([pts, np.full(n, z0)]), np.column_stack([pts, np.full(n, z1)])])
    faces: list[tuple[int, ...]] = [tuple(range(n - 1, -1, -1)), tuple(range(n, 2 * n))]
    for i in range(n):
        j = (i + 1) % n
        faces.append((i, j, n + j, n + i))
    return v, tuple(faces)


def cylinder(center_xy: Sequence[float], radius: float, z0: float, z1: float, segments: int = 12) -> Mesh:
    """A vertical cylinder (an n-gon prism)."""
    return frustum(center_xy, radius, radius, z0, z1, segments)


def frustum(
    center_xy: Sequence[float], r0: float, r1: float, z0: float, z1: float, segments: int = 12
) -> Mesh:
    """A vertical truncated cone: radius ``r0`` at ``z0``, ``r1`` at ``z1`` (either may be tiny but
    not zero, so that the mesh stays free of degenerate faces)."""
    if r0 <= 0 or r1 <= 0 or not z1 > z0:
        raise ValueError("frustum needs positive radii and z1 > z0")
    cx, cy = center_xy
    a = np.linspace(0.0, 2.0 * math.pi, segments, endpoint=False)
    ring = np.column_stack([np.cos(a), np.sin(a)])
    bottom = np.column_stack([cx + r0 * ring[:, 0], cy + r0 * ring[:, 1], np.full(segments, z0)])
    top = np.column_stack([cx + r1 * ring[:, 0], cy + r1 * ring[:, 1], np.full(segments, z1)])
    v = np.vstack([bottom, top])
    n = segments
    faces: list[tuple[int, ...]] = [tuple(range(n - 1, -1, -1)), tuple(range(n, 2 * n))]
    for i in range(n):
        j = (i + 1) % n
        faces.append((i, j, n + j, n + i))
    return v, tuple(faces)


def horizontal_cylinder(
    p0: Sequence[float], p1: Sequence[float], radius: float, segments: int = 10
) -> Mesh:
    """A cylinder between two points along the x or y axis (handles, rails, bars)."""
    a = np.asarray(p0, dtype=np.float64)
    b = np.asarray(p1, dtype=np.float64)
    axis = b - a
    length = float(np.linalg.norm(axis))
    if length <= 0 or radius <= 0:
        raise ValueError("horizontal_cylinder needs distinct points and a positive radius")
    v, f = cylinder((0.0, 0.0), radius, 0.0, length, segments)
    return _orient_z_to(v, axis / length) + a, f


def uv_sphere(center: Sequence[float], radius: float, rings: int = 6, segments: int = 10) -> Mesh:
    """A low-polygon closed sphere (poles as single vertices)."""
    c = np.asarray(center, dtype=np.float64)
    verts = [c + (0.0, 0.0, -radius)]
    for i in range(1, rings):
        phi = -math.pi / 2 + math.pi * i / rings
        for j in range(segments):
            th = 2 * math.pi * j / segments
            verts.append(c + radius * np.array([math.cos(phi) * math.cos(th), math.cos(phi) * math.sin(th), math.sin(phi)]))
    verts.append(c + (0.0, 0.0, radius))
    v = np.asarray(verts)
    top = len(verts) - 1
    faces: list[tuple[int, ...]] = []
    for j in range(segments):
        faces.append((0, 1 + (j + 1) % segments, 1 + j))
    for i in range(rings - 2):
        r0 = 1 + i * segments
        r1 = r0 + segments
        for j in range(segments):
            k = (j + 1) % segments
            faces.append((r0 + j, r0 + k, r1 + k, r1 + j))
    last = 1 + (rings - 2) * segments
    for j in range(segments):
        faces.append((last + j, last + (j + 1) % segments, top))
    return v, tuple(faces)


def _orient_z_to(v: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Rotate points so that +Z maps onto ``direction`` (a unit vector)."""
    z = np.array([0.0, 0.0, 1.0])
    d = direction
    c = float(np.dot(z, d))
    if c > 1 - 1e-12:
        return v.copy()
    if c < -1 + 1e-12:
        return v * np.array([1.0, -1.0, -1.0])
    axis = np.cross(z, d)
    s = float(np.linalg.norm(axis))
    k = axis / s
    kx = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    rot = np.eye(3) + s * kx + (1 - c) * (kx @ kx)
    return v @ rot.T


def merge(*meshes: Mesh) -> Mesh:
    """Several meshes as one (separate shells: still closed if each input is closed)."""
    verts: list[np.ndarray] = []
    faces: list[tuple[int, ...]] = []
    offset = 0
    for v, f in meshes:
        verts.append(v)
        faces.extend(tuple(i + offset for i in poly) for poly in f)
        offset += len(v)
    return np.vstack(verts), tuple(faces)


def transform(mesh: Mesh, yaw_deg: float = 0.0, offset: Sequence[float] = (0.0, 0.0, 0.0)) -> Mesh:
    """Rotate a mesh about +Z by ``yaw_deg`` (counter-clockwise) and then translate it."""
    v, f = mesh
    t = math.radians(yaw_deg)
    c, s = math.cos(t), math.sin(t)
    rot = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    return v @ rot.T + np.asarray(offset, dtype=np.float64), f


class TreeBuilder:
    """Collects parts, joints and surfaces for one object and freezes them into a PartTree."""

    def __init__(self, category: str, params: dict):
        self.category = category
        self.params = dict(params)
        self._parts: list[Part] = []
        self._joints: list[Joint] = []
        self._surfaces: list[SupportSurface] = []

    def add(self, name: str, mesh: Mesh, material: str, parent: str | None = None, closed: bool = True) -> str:
        if any(p.name == name for p in self._parts):
            raise ValueError(f"duplicate part name {name!r} in {self.category}")
        v, f = mesh
        self._parts.append(Part(name, np.asarray(v, dtype=np.float64), tuple(f), material, parent, closed))
        return name

    def joint(self, joint: Joint) -> None:
        self._joints.append(joint)

    def surface(self, surface: SupportSurface) -> None:
        self._surfaces.append(surface)

    def build(self) -> PartTree:
        return PartTree(self.category, tuple(self._parts), tuple(self._joints), tuple(self._surfaces), self.params)


class FitBuilder(TreeBuilder):
    """A TreeBuilder for pieces sketched near their wanted size: ``build`` scales and moves every
    part so that together they span exactly ``[-w/2, w/2] x [-d/2, d/2] x [0, h]``; joint origins,
    prismatic travels and support surfaces follow (sketch axis-aligned joint axes only)."""

    def __init__(self, category: str, params: dict, size: Sequence[float]):
        super().__init__(category, params)
        self.size = np.asarray(size, dtype=np.float64)

    def build(self) -> PartTree:
        allv = np.vstack([p.vertices for p in self._parts])
        lo, hi = allv.min(axis=0), allv.max(axis=0)
        scale = self.size / (hi - lo)
        target = np.array([-self.size[0] / 2.0, -self.size[1] / 2.0, 0.0])

        def f(v):
            return (np.asarray(v, dtype=np.float64) - lo) * scale + target

        parts = tuple(replace(p, vertices=f(p.vertices)) for p in self._parts)
        joints = []
        for j in self._joints:
            origin = tuple(float(c) for c in f(j.origin))
            if j.kind == "prismatic":
                k = float(np.abs(np.asarray(j.axis)) @ scale)
                joints.append(replace(j, origin=origin, lower=j.lower * k, upper=j.upper * k))
            else:
                joints.append(replace(j, origin=origin))
        surfaces = []
        for s in self._surfaces:
            (x0, y0, z), (x1, y1, _) = f((s.rect[0], s.rect[1], s.z)), f((s.rect[2], s.rect[3], s.z))
            surfaces.append(replace(s, z=float(z), rect=(float(x0), float(y0), float(x1), float(y1)), clearance_m=s.clearance_m * float(scale[2])))
        return PartTree(self.category, parts, tuple(joints), tuple(surfaces), self.params)
