"""The neutral, Blender-free description of one procedural object.

A :class:`PartTree` is what every generator returns and what every consumer reads: the Blender
builder, the collision checks, the evaluator and the SDF/URDF exporters.

Conventions (the scene's frames, ``ground/state.py``):

* metres, +Z up, the object's local front faces -Y;
* the origin is the centre of the footprint at the object's lowest point, so a floor object spans
  ``x in [-w/2, w/2]``, ``y in [-d/2, d/2]``, ``z in [0, h]``;
* a wall object's back is the plane ``y = +d/2`` (it hangs against a wall behind it);
* every part's vertices are in that object frame (not relative to the parent part), which keeps
  collision checks and export simple: the exporter derives link frames from joint origins;
* faces are convex polygons given as vertex index tuples, counter-clockwise seen from outside.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

JointKind = Literal["revolute", "prismatic"]
SurfaceKind = Literal["top", "shelf", "inside", "seat"]


@dataclass(frozen=True)
class Part:
    """One rigid, named piece of an object (``seat``, ``leg_0``, ``door_left`` ...)."""

    name: str
    vertices: np.ndarray  # (n, 3) float64, object frame
    faces: tuple[tuple[int, ...], ...]  # convex polygons, CCW from outside
    material: str  # a key of assets.materials.MATERIALS
    parent: str | None = None  # the part this one hangs from; None for the root part(s)
    closed: bool = True  # True when the mesh is meant to be watertight

    def triangles(self) -> np.ndarray:
        """(m, 3) int array: the polygons fan-triangulated."""
        tris = [(poly[0], poly[i], poly[i + 1]) for poly in self.faces for i in range(1, len(poly) - 1)]
        return np.asarray(tris, dtype=np.int64).reshape(-1, 3)

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        return self.vertices.min(axis=0), self.vertices.max(axis=0)


@dataclass(frozen=True)
class Joint:
    """A revolute or prismatic joint that moves ``child`` relative to ``parent``.

    ``origin`` is a point on the axis in the object frame; ``axis`` is a unit vector. For a
    revolute joint the limits are radians, for a prismatic joint metres, with ``lower <= 0 <=
    upper`` and the modelled pose at 0 (doors closed, drawers shut).
    """

    name: str
    kind: JointKind
    parent: str
    child: str
    origin: tuple[float, float, float]
    axis: tuple[float, float, float]
    lower: float
    upper: float
    damping: float = 0.5
    friction: float = 0.05

    def moved(self, verts: np.ndarray, q: float) -> np.ndarray:
        """Vertices (object frame) of a part it carries, after the joint moved to ``q`` (radians or metres)."""
        axis = np.asarray(self.axis, dtype=np.float64)
        axis = axis / (np.linalg.norm(axis) or 1.0)
        if self.kind == "prismatic":
            return verts + axis * q
        origin = np.asarray(self.origin, dtype=np.float64)
        c, s = math.cos(q), math.sin(q)
        k = np.array([[0.0, -axis[2], axis[1]], [axis[2], 0.0, -axis[0]], [-axis[1], axis[0], 0.0]])
        rot = np.eye(3) * c + s * k + (1.0 - c) * np.outer(axis, axis)  # Rodrigues
        return (verts - origin) @ rot.T + origin

    def sweep_positions(self, steps: int = 8) -> list[float]:
        """Positions a sweep visits: ``steps`` evenly spaced towards the upper limit (the limit
        included), then towards the lower one; the closed pose (0) left out."""
        out = []
        for limit in (self.upper, self.lower):
            if abs(limit) > 1e-9:
                out += [limit * (i + 1) / steps for i in range(steps)]
        return out


@dataclass(frozen=True)
class SupportSurface:
    """A horizontal rectangle small objects can stand on.

    ``rect`` is ``(x_min, y_min, x_max, y_max)`` in the object frame at height ``z``;
    ``clearance_m`` is the free height above it (up to the next shelf, or a generous value for an
    open top).
    """

    name: str  # "top", "shelf_0", "inside_1", "seat" ...
    kind: SurfaceKind
    part: str  # the part whose upper face this is
    z: float
    rect: tuple[float, float, float, float]
    clearance_m: float


@dataclass(frozen=True)
class PartTree:
    """A generated object: parts, joints and support surfaces, plus its category and size."""

    category: str
    parts: tuple[Part, ...]
    joints: tuple[Joint, ...] = ()
    surfaces: tuple[SupportSurface, ...] = ()
    params: dict = field(default_factory=dict)

    def part(self, name: str) -> Part:
        for p in self.parts:
            if p.name == name:
                return p
        raise KeyError(f"{self.category} has no part {name!r}")

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        lo = np.min([p.vertices.min(axis=0) for p in self.parts], axis=0)
        hi = np.max([p.vertices.max(axis=0) for p in self.parts], axis=0)
        return lo, hi

    def size(self) -> np.ndarray:
        lo, hi = self.bounds()
        return hi - lo

    def moving_parts(self, joint: Joint) -> list[Part]:
        """The parts ``joint`` moves: its child and every part hanging from it, directly or not."""
        names = {joint.child}
        changed = True
        while changed:
            changed = False
            for part in self.parts:
                if part.name not in names and part.parent in names:
                    names.add(part.name)
                    changed = True
        return [part for part in self.parts if part.name in names]

    def surface(self, name: str) -> SupportSurface:
        for s in self.surfaces:
            if s.name == name:
                return s
        raise KeyError(f"{self.category} has no support surface {name!r}")
