"""World meshes of a scene's objects, split into closed shells, cached per parameters and pose.

Every object's PartTree (``core/solver/world.tree_of``) is split once per parameter set into
*shells*: the connected pieces of each part's polygon mesh (a part built with ``merge`` holds several
shells, e.g. four legs). For each shell this module keeps, in the object frame:

* its vertices, triangles (fan-triangulated convex polygons) and polygons;
* its distinct face planes ``n . x <= d`` (outward unit normals ``n``): inside a *convex* shell
  exactly when all of them hold;
* its separating-axis candidates: distinct face normals and edge directions (up to sign);
* whether it is convex (every vertex on the inner side of every face plane within 1e-6 m).

All generators' shells are convex except lathe bodies (cups, bowls, vases, pots, lamp shades), ring
frames (mirror, clock) and the bean bag; the collision code handles those by ray parity.

``object_mesh(obj)`` returns the world-space :class:`ObjectMesh` of a ``SceneObject``: the shells
rotated by the yaw about +Z and translated to the pose (metres), their AABBs, and the object's
area-weighted surface centroid (trimesh's ``centroid``). Both levels are cached: local shells per
parameter JSON, world meshes per (parameter JSON, pose), so re-evaluating a scene after one edit
only transforms the moved objects again.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ...assets.parttree import PartTree
from ...assets.room_shell import build_room_shell
from ..solver.world import tree_of
from ..state import Opening, Room, SceneObject

CONVEX_TOL_M = 1e-6


@dataclass(frozen=True)
class Shells:
    """Closed shells of one object (or the room shell), concatenated; ``*_start`` arrays hold each
    shell's range (shell ``s`` owns rows ``start[s]:start[s + 1]``)."""

    verts: np.ndarray  # (N, 3)
    tris: np.ndarray  # (M, 3) indices into verts
    vstart: np.ndarray  # (S + 1,)
    tstart: np.ndarray  # (S + 1,)
    polys: tuple[tuple[tuple[int, ...], ...], ...]  # per shell: polygons as vertex indices into verts
    plane_n: np.ndarray  # (P, 3) outward unit normals of the distinct face planes
    plane_d: np.ndarray  # (P,)
    pstart: np.ndarray  # (S + 1,)
    axes: np.ndarray  # (A, 3) distinct face-normal directions (up to sign)
    astart: np.ndarray
    edges: np.ndarray  # (E, 3) distinct unit edge directions (up to sign)
    estart: np.ndarray
    convex: np.ndarray  # (S,) bool
    shell_lo: np.ndarray  # (S, 3)
    shell_hi: np.ndarray  # (S, 3)

    @property
    def count(self) -> int:
        return len(self.convex)

    def shell_verts(self, s: int) -> np.ndarray:
        return self.verts[self.vstart[s] : self.vstart[s + 1]]

    def shell_tris(self, s: int) -> np.ndarray:
        """Triangles of shell ``s`` as (m, 3, 3) coordinates."""
        return self.verts[self.tris[self.tstart[s] : self.tstart[s + 1]]]

    def shell_planes(self, s: int) -> tuple[np.ndarray, np.ndarray]:
        return self.plane_n[self.pstart[s] : self.pstart[s + 1]], self.plane_d[self.pstart[s] : self.pstart[s + 1]]

    def shell_axes(self, s: int) -> np.ndarray:
        return self.axes[self.astart[s] : self.astart[s + 1]]

    def shell_edges(self, s: int) -> np.ndarray:
        return self.edges[self.estart[s] : self.estart[s + 1]]

    def shell_polys(self, s: int) -> list[np.ndarray]:
        return [self.verts[list(p)] for p in self.polys[s]]


# ---------------------------------------------------------------- building shells (object frame)


def _components(n_verts: int, faces: tuple[tuple[int, ...], ...]) -> list[list[int]]:
    """Face indices of each connected component (faces sharing a vertex are connected)."""
    parent = list(range(n_verts))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for f in faces:
        ra = find(f[0])
        for v in f[1:]:
            rb = find(v)
            if rb != ra:
                parent[rb] = ra
    groups: dict[int, list[int]] = {}
    for i, f in enumerate(faces):
        groups.setdefault(find(f[0]), []).append(i)
    return list(groups.values())


def _newell(poly: np.ndarray) -> np.ndarray:
    nxt = np.roll(poly, -1, axis=0)
    n = np.array(
        [
            np.sum((poly[:, 1] - nxt[:, 1]) * (poly[:, 2] + nxt[:, 2])),
            np.sum((poly[:, 2] - nxt[:, 2]) * (poly[:, 0] + nxt[:, 0])),
            np.sum((poly[:, 0] - nxt[:, 0]) * (poly[:, 1] + nxt[:, 1])),
        ]
    )
    return n / np.linalg.norm(n)


def _canonical(directions: np.ndarray) -> np.ndarray:
    """Unit directions with a canonical sign, duplicates (within 1e-6) removed."""
    if len(directions) == 0:
        return directions.reshape(0, 3)
    d = directions / np.linalg.norm(directions, axis=1, keepdims=True)
    first = np.argmax(np.abs(d) > 1e-9, axis=1)
    sign = np.sign(d[np.arange(len(d)), first])
    d = d * sign[:, None]
    _, idx = np.unique(np.round(d, 6), axis=0, return_index=True)
    return d[np.sort(idx)]


def _shell_data(verts: np.ndarray, polys: list[tuple[int, ...]]) -> dict:
    coords = [verts[list(p)] for p in polys]
    normals = np.array([_newell(c) for c in coords])
    offsets = np.array([float(n @ c.mean(axis=0)) for n, c in zip(normals, coords)])
    keys = np.round(np.column_stack([normals, offsets]), 9)
    _, first = np.unique(keys, axis=0, return_index=True)
    first = np.sort(first)
    plane_n, plane_d = normals[first], offsets[first]
    idx = sorted({v for p in polys for v in p})
    pts = verts[idx]
    convex = bool(np.max(pts @ plane_n.T - plane_d) <= CONVEX_TOL_M)
    edge_vecs = np.vstack([np.roll(c, -1, axis=0) - c for c in coords])
    edge_vecs = edge_vecs[np.linalg.norm(edge_vecs, axis=1) > 1e-12]
    return {"plane_n": plane_n, "plane_d": plane_d, "axes": _canonical(normals), "edges": _canonical(edge_vecs), "convex": convex}


def shells_of_tree(tree: PartTree) -> Shells:
    """Split every part of a PartTree into closed shells (object frame)."""
    verts_out, tris_out, polys_out = [], [], []
    pn, pd, ax, ed, convex = [], [], [], [], []
    vstart, tstart, pstart, astart, estart = [0], [0], [0], [0], [0]
    for part in tree.parts:
        for face_ids in _components(len(part.vertices), part.faces):
            used = sorted({v for i in face_ids for v in part.faces[i]})
            remap = {v: k for k, v in enumerate(used)}
            local_v = part.vertices[used]
            polys = [tuple(remap[v] for v in part.faces[i]) for i in face_ids]
            base = vstart[-1]
            tris = [(p[0], p[i], p[i + 1]) for p in polys for i in range(1, len(p) - 1)]
            data = _shell_data(local_v, polys)
            verts_out.append(local_v)
            tris_out.append(np.asarray(tris, dtype=np.int64).reshape(-1, 3) + base)
            polys_out.append(tuple(tuple(v + base for v in p) for p in polys))
            pn.append(data["plane_n"])
            pd.append(data["plane_d"])
            ax.append(data["axes"])
            ed.append(data["edges"])
            convex.append(data["convex"])
            vstart.append(base + len(local_v))
            tstart.append(tstart[-1] + len(tris))
            pstart.append(pstart[-1] + len(data["plane_d"]))
            astart.append(astart[-1] + len(data["axes"]))
            estart.append(estart[-1] + len(data["edges"]))
    verts = np.vstack(verts_out)
    starts = np.asarray(vstart)
    lo = np.array([verts[a:b].min(axis=0) for a, b in zip(starts[:-1], starts[1:])])
    hi = np.array([verts[a:b].max(axis=0) for a, b in zip(starts[:-1], starts[1:])])
    return Shells(
        verts, np.vstack(tris_out), starts, np.asarray(tstart), tuple(polys_out), np.vstack(pn), np.concatenate(pd), np.asarray(pstart),
        np.vstack(ax), np.asarray(astart), np.vstack(ed), np.asarray(estart), np.asarray(convex, dtype=bool), lo, hi,
    )


@lru_cache(maxsize=4096)
def _local_shells(params_json: str) -> Shells:
    return shells_of_tree(tree_of(json.loads(params_json)))


def _rotation(yaw_deg: float) -> np.ndarray:
    t = math.radians(yaw_deg)
    c, s = math.cos(t), math.sin(t)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def transform_shells(local: Shells, yaw_deg: float, offset: np.ndarray) -> Shells:
    """The shells rotated by ``yaw_deg`` about +Z, then translated by ``offset``."""
    rot = _rotation(yaw_deg)
    verts = local.verts @ rot.T + offset
    plane_n = local.plane_n @ rot.T
    starts = local.vstart
    lo = np.minimum.reduceat(verts, starts[:-1], axis=0)
    hi = np.maximum.reduceat(verts, starts[:-1], axis=0)
    return Shells(
        verts, local.tris, local.vstart, local.tstart, local.polys, plane_n, local.plane_d + plane_n @ offset, local.pstart,
        local.axes @ rot.T, local.astart, local.edges @ rot.T, local.estart, local.convex, lo, hi,
    )


# ---------------------------------------------------------------- world meshes of objects


@dataclass(frozen=True)
class ObjectMesh:
    """One object's world-space geometry."""

    id: str
    category: str
    shells: Shells
    lo: np.ndarray  # (3,) AABB min
    hi: np.ndarray  # (3,) AABB max
    centroid: np.ndarray  # (3,) area-weighted surface centroid

    @property
    def verts(self) -> np.ndarray:
        return self.shells.verts

    def triangles(self) -> np.ndarray:
        """All triangles as (m, 3, 3) world coordinates."""
        return self.shells.verts[self.shells.tris]


def params_key(params: dict) -> str:
    return json.dumps(params, sort_keys=True)


@lru_cache(maxsize=8192)
def _world_mesh(params_json: str, x: float, y: float, z: float, yaw_deg: float) -> tuple[Shells, np.ndarray, np.ndarray, np.ndarray]:
    shells = transform_shells(_local_shells(params_json), yaw_deg, np.array([x, y, z]))
    tri = shells.verts[shells.tris]
    area = 0.5 * np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
    centroid = (tri.mean(axis=1) * area[:, None]).sum(axis=0) / max(float(area.sum()), 1e-18)
    return shells, shells.verts.min(axis=0), shells.verts.max(axis=0), centroid


def object_mesh(obj: SceneObject) -> ObjectMesh:
    """The world mesh of an object at its pose (cached per parameters and pose)."""
    p = obj.pose
    shells, lo, hi, centroid = _world_mesh(params_key(obj.params), float(p.x), float(p.y), float(p.z), float(p.yaw_deg))
    return ObjectMesh(obj.id, obj.category, shells, lo, hi, centroid)


def moved(mesh: ObjectMesh, delta: np.ndarray) -> ObjectMesh:
    """A copy of a world mesh translated by ``delta`` (metres)."""
    s = mesh.shells
    shells = Shells(
        s.verts + delta, s.tris, s.vstart, s.tstart, s.polys, s.plane_n, s.plane_d + s.plane_n @ delta, s.pstart,
        s.axes, s.astart, s.edges, s.estart, s.convex, s.shell_lo + delta, s.shell_hi + delta,
    )
    return ObjectMesh(mesh.id, mesh.category, shells, mesh.lo + delta, mesh.hi + delta, mesh.centroid + delta)


@lru_cache(maxsize=256)
def _room_shell(room: Room, openings: tuple[tuple, ...]) -> Shells:
    return shells_of_tree(build_room_shell(room, tuple(Opening(*o) for o in openings)))


def room_shells(room: Room, openings: tuple[Opening, ...]) -> Shells:
    """Floor slab and wall pieces (world coordinates, holes at the openings)."""
    return _room_shell(room, tuple((o.id, o.kind, o.wall, o.offset_m, o.width_m, o.height_m, o.sill_m) for o in openings))


def clear_caches() -> None:
    """Forget all cached meshes (benchmarks measure cold runs with this)."""
    _local_shells.cache_clear()
    _world_mesh.cache_clear()
    _room_shell.cache_clear()
