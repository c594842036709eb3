"""SceneEval's SUP: is every object held by what is under (or behind, or above) it?

Measured on the geometry, never on the scene's bookkeeping:

1. The gravity direction comes from the catalogue's placement: down for floor and on-top objects,
   towards the wall behind (the object's back, local +Y) for wall objects, up for ceiling objects.
2. The object is lifted ``LIFT_M`` (5 mm) against gravity.
3. Ray origins: its vertices within ``SUPPORT_DISTANCE_M`` (1 cm) of its extreme point along
   gravity, plus 28 fixed sample points (a barycentric lattice) on each triangle that faces along
   gravity (|n . g| > 0.9) with all three vertices that close. SceneEval samples such points at
   random; a fixed lattice keeps the metric deterministic.
4. Each ray is cast along gravity against every other object, the room shell (floor slab and walls)
   and the ceiling (the floor rectangle at the wall height). The first hit on each target within
   1 cm is a contact point. Only faces turned towards the ray count: a ray that meets a face from
   behind starts inside that solid (the underside of a shelf board is no contact for a book sunk
   into the board).
5. A floor or on-top object is supported with at least 4 contact points (3 distinct) whose convex
   hull, seen along gravity, contains its centroid (area-weighted surface centroid). A wall or
   ceiling object is supported with any contact point.
6. Whatever holds it, an object is *sunk* (and so not supported) when its extreme point along
   gravity lies more than ``SINK_TOLERANCE_M`` beyond the deepest contact: its base has gone into the
   surface it rests on (a book 2 cm into a shelf board, a lamp into a table top, a chair into the
   floor), not only when it has gone so deep that no ray reaches a surface any more.

SUP is the fraction of objects (those that count for N_obj) that are supported.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...ground import catalog
from ...ground.geometry import front_vector
from ...ground.state import SceneObject, SceneState
from .meshes import ObjectMesh, Shells, room_shells

LIFT_M = 0.005
SUPPORT_DISTANCE_M = 0.01
FACING = 0.9
SINK_TOLERANCE_M = 0.005  # how far a base may reach into the surface it rests on (as far as it is lifted)


def _lattice(levels: int = 7) -> np.ndarray:
    pts = [((i + 1 / 3) / levels, (j + 1 / 3) / levels) for i in range(levels) for j in range(levels - i)]
    return np.array([(1.0 - a - b, a, b) for a, b in pts])


BARYCENTRIC = _lattice()


@dataclass(frozen=True)
class SupportResult:
    id: str
    kind: str  # ground | object | wall | ceiling
    contacts: int
    supported: bool


def gravity(obj: SceneObject) -> tuple[str, np.ndarray]:
    placement = catalog.BY_NAME[obj.category].placement
    if placement == "wall":
        f = front_vector(obj.pose.yaw_deg)
        return "wall", np.array([-f[0], -f[1], 0.0])
    if placement == "ceiling":
        return "ceiling", np.array([0.0, 0.0, 1.0])
    return ("object" if placement == "on_top" else "ground"), np.array([0.0, 0.0, -1.0])


def ray_origins(mesh: ObjectMesh, g: np.ndarray) -> np.ndarray:
    verts = mesh.verts
    along = verts @ g
    close = along >= along.max() - SUPPORT_DISTANCE_M
    tris = mesh.shells.tris
    facing = np.all(close[tris], axis=1)
    pts = [verts[close]]
    if facing.any():
        tri = verts[tris[facing]]
        normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
        length = np.linalg.norm(normal, axis=1)
        ok = length > 1e-15
        tri = tri[ok]
        cos = np.abs(normal[ok] @ g) / length[ok]
        tri = tri[cos > FACING]
        if len(tri):
            pts.append(np.einsum("kj,tjd->tkd", BARYCENTRIC, tri).reshape(-1, 3))
    return np.vstack(pts)


def _segment_hits(origins: np.ndarray, g: np.ndarray, tri: np.ndarray) -> np.ndarray:
    """(R,) distance along ``g`` of each ray's first hit on the triangles within the support
    distance (inf when none): Möller–Trumbore on all (ray, triangle) pairs. Only triangles facing
    the ray count (outward normal against ``g``: ``det = -n . g > 0``): a ray that meets a face from
    behind starts inside that solid, so an object sunk into a shelf board finds its underside, not a
    contact."""
    e1 = tri[:, 1] - tri[:, 0]
    e2 = tri[:, 2] - tri[:, 0]
    p = np.cross(g, e2)
    det = np.einsum("ij,ij->i", e1, p)
    ok = det > 1e-15
    if not ok.any():
        return np.full(len(origins), np.inf)
    e1, e2, p, det, v0 = e1[ok], e2[ok], p[ok], det[ok], tri[ok, 0]
    inv = 1.0 / det
    s = origins[:, None, :] - v0[None, :, :]
    u = np.einsum("rtj,tj->rt", s, p) * inv
    q = np.cross(s, e1[None, :, :])
    v = (q @ g) * inv
    t = np.einsum("rtj,tj->rt", q, e2) * inv
    hit = (u >= 0) & (v >= 0) & (u + v <= 1) & (t >= 0) & (t < SUPPORT_DISTANCE_M)
    return np.where(hit, t, np.inf).min(axis=1)


def _target_hits(origins: np.ndarray, g: np.ndarray, shells: Shells, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """First-hit points (within the support distance) of the rays on one target mesh."""
    tri = shells.verts[shells.tris]
    near = np.all((tri.max(axis=1) >= lo) & (tri.min(axis=1) <= hi), axis=1)
    if not near.any():
        return np.zeros((0, 3))
    dist = _segment_hits(origins, g, tri[near])
    hit = np.isfinite(dist)
    return origins[hit] + dist[hit, None] * g


def _inside_hull(points: np.ndarray, centre: np.ndarray) -> bool:
    """Whether ``centre`` (2D) lies in the convex hull of ``points`` (2D): it does exactly when the
    directions from it to the points leave no angular gap wider than a half turn. A hull of
    collinear points has no area and holds nothing."""
    rel = np.unique(np.round(points, 9), axis=0) - centre
    if len(rel) < 3:
        return False
    far = rel[np.argmax(np.linalg.norm(rel - rel[0], axis=1))] - rel[0]
    spread = np.abs(far[0] * (rel[:, 1] - rel[0, 1]) - far[1] * (rel[:, 0] - rel[0, 0]))
    if spread.max() <= 1e-12:
        return False
    dist = np.linalg.norm(rel, axis=1)
    if dist.min() <= 1e-12:
        return True
    angles = np.sort(np.arctan2(rel[:, 1], rel[:, 0]))
    gaps = np.diff(np.concatenate([angles, angles[:1] + 2.0 * np.pi]))
    return bool(gaps.max() <= np.pi + 1e-9)


def _plane_axes(g: np.ndarray) -> np.ndarray:
    helper = np.array([1.0, 0.0, 0.0]) if abs(g[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
    u = np.cross(g, helper)
    u /= np.linalg.norm(u)
    return np.stack([u, np.cross(g, u)])


def support(state: SceneState, meshes: dict[str, ObjectMesh], every: dict[str, ObjectMesh]) -> list[SupportResult]:
    """SUP per object of ``meshes``; ``every`` holds all objects' meshes (rugs too) as targets."""
    room = state.room
    shell = room_shells(room, state.openings)
    out = []
    for oid, mesh in meshes.items():
        kind, g = gravity(state.get(oid))
        origins = ray_origins(mesh, g) - LIFT_M * g
        seg_lo = np.minimum(origins.min(axis=0), (origins + SUPPORT_DISTANCE_M * g).min(axis=0)) - 1e-9
        seg_hi = np.maximum(origins.max(axis=0), (origins + SUPPORT_DISTANCE_M * g).max(axis=0)) + 1e-9
        points = []
        for other_id, other in every.items():
            if other_id != oid and np.all(other.hi >= seg_lo) and np.all(other.lo <= seg_hi):
                points.append(_target_hits(origins, g, other.shells, seg_lo, seg_hi))
        points.append(_target_hits(origins, g, shell, seg_lo, seg_hi))
        if g[2] > 0.5:  # the ceiling: the floor rectangle at the wall height
            gap = room.height_m - origins[:, 2]
            inside = (origins[:, 0] >= 0) & (origins[:, 0] <= room.width_m) & (origins[:, 1] >= 0) & (origins[:, 1] <= room.depth_m)
            hit = inside & (gap >= 0) & (gap < SUPPORT_DISTANCE_M)
            points.append(origins[hit] + gap[hit, None] * g)
        contacts = np.vstack(points) if points else np.zeros((0, 3))
        sunk = len(contacts) > 0 and float((contacts @ g).max()) < float((mesh.verts @ g).max()) - SINK_TOLERANCE_M
        if sunk:
            supported = False
        elif kind in ("wall", "ceiling"):
            supported = len(contacts) > 0
        elif len(contacts) < 4 or len(np.unique(np.round(contacts, 9), axis=0)) < 3:
            supported = False
        else:
            axes = _plane_axes(g)
            supported = _inside_hull(contacts @ axes.T, axes @ mesh.centroid)
        out.append(SupportResult(oid, kind, len(contacts), bool(supported)))
    return out
