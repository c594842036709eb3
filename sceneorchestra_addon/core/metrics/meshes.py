"""World meshes of a scene's objects, split into closed shells, cached per parameters and pose.

Every object's PartTree (``assets/shapes.tree_of``) is split once per parameter set into
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
from ...assets.shapes import tree_of
from ...assets.topology import face_components
from ...ground.state import Opening, Room, SceneObject

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


def _face_geometry(verts: np.ndarray, faces: tuple[tuple[int, ...], ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Unit (Newell) normals and plane offsets of the faces, and every edge vector with its face."""
    normals = np.zeros((len(faces), 3))
    offsets = np.zeros(len(faces))
    edges, owners = [], []
    sizes = np.array([len(f) for f in faces])
    for k in np.unique(sizes):
        ids = np.nonzero(sizes == k)[0]
        p = verts[np.array([faces[i] for i in ids])]  # (m, k, 3)
        q = np.roll(p, -1, axis=1)
        n = np.stack([
            np.sum((p[:, :, 1] - q[:, :, 1]) * (p[:, :, 2] + q[:, :, 2]), axis=1),
            np.sum((p[:, :, 2] - q[:, :, 2]) * (p[:, :, 0] + q[:, :, 0]), axis=1),
            np.sum((p[:, :, 0] - q[:, :, 0]) * (p[:, :, 1] + q[:, :, 1]), axis=1),
        ], axis=1)
        n /= np.linalg.norm(n, axis=1, keepdims=True)
        normals[ids] = n
        offsets[ids] = np.einsum("ij,ij->i", n, p.mean(axis=1))
        edges.append((q - p).reshape(-1, 3))
        owners.append(np.repeat(ids, k))
    return normals, offsets, np.vstack(edges), np.concatenate(owners)


def _canonical(d: np.ndarray) -> np.ndarray:
    """Unit directions with a canonical sign (first clearly non-zero component positive)."""
    d = d / np.linalg.norm(d, axis=1, keepdims=True)
    first = np.argmax(np.abs(d) > 1e-9, axis=1)
    return d * np.sign(d[np.arange(len(d)), first])[:, None]


def _unique_per_label(labels: np.ndarray, values: np.ndarray, decimals: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``values`` without duplicates within each label, grouped by label; and the counts."""
    keys = np.column_stack([labels, np.round(values, decimals)])
    _, first = np.unique(keys, axis=0, return_index=True)
    first = first[np.lexsort((first, labels[first]))]
    return first, np.bincount(labels[first], minlength=int(labels.max()) + 1 if len(labels) else 0)


def shells_of_tree(tree: PartTree) -> Shells:
    """Split every part of a PartTree into closed shells (object frame)."""
    verts_out, tris_out, polys_out = [], [], []
    pn, pd, ax, ed, convex, vcount, tcount, pcount, acount, ecount = [], [], [], [], [], [], [], [], [], []
    base = 0
    for part in tree.parts:
        faces = part.faces
        face_label, vert_label = face_components(len(part.vertices), faces)
        n_shells = int(face_label.max()) + 1
        order = np.argsort(vert_label, kind="stable")
        order = order[vert_label[order] >= 0]
        remap = np.full(len(part.vertices), -1)
        remap[order] = np.arange(len(order)) + base
        verts = part.vertices[order]
        normals, offsets, edge_vecs, edge_face = _face_geometry(part.vertices, faces)
        planes, n_planes = _unique_per_label(face_label, np.column_stack([normals, offsets]), 9)
        axes = _canonical(normals)
        axis_rows, n_axes = _unique_per_label(face_label, axes, 6)
        keep = np.linalg.norm(edge_vecs, axis=1) > 1e-12
        edge_dirs, edge_lab = _canonical(edge_vecs[keep]), face_label[edge_face[keep]]
        edge_rows, n_edges = _unique_per_label(edge_lab, edge_dirs, 6)
        by_shell = np.argsort(face_label, kind="stable")
        remapped = [tuple(int(remap[v]) for v in faces[i]) for i in by_shell]
        counts_f = np.bincount(face_label, minlength=n_shells)
        fstart = np.concatenate([[0], np.cumsum(counts_f)])
        vcounts = np.bincount(vert_label[vert_label >= 0], minlength=n_shells)
        vstart_local = np.concatenate([[0], np.cumsum(vcounts)])
        pstart_local = np.concatenate([[0], np.cumsum(n_planes)])
        for s in range(n_shells):
            polys = remapped[fstart[s] : fstart[s + 1]]
            polys_out.append(tuple(polys))
            tris_out.append(np.asarray([(p[0], p[i], p[i + 1]) for p in polys for i in range(1, len(p) - 1)], dtype=np.int64).reshape(-1, 3))
            rows = planes[pstart_local[s] : pstart_local[s + 1]]
            pts = verts[vstart_local[s] : vstart_local[s + 1]]
            convex.append(bool(np.max(pts @ normals[rows].T - offsets[rows]) <= CONVEX_TOL_M))
            tcount.append(len(tris_out[-1]))
        verts_out.append(verts)
        pn.append(normals[planes])
        pd.append(offsets[planes])
        ax.append(axes[axis_rows])
        ed.append(edge_dirs[edge_rows])
        vcount.extend(vcounts.tolist())
        pcount.extend(n_planes.tolist())
        acount.extend(n_axes.tolist())
        ecount.extend(n_edges.tolist())
        base += len(verts)
    verts = np.vstack(verts_out)

    def starts(c: list[int]) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(c)]).astype(np.int64)

    vstart = starts(vcount)
    lo = np.minimum.reduceat(verts, vstart[:-1], axis=0)
    hi = np.maximum.reduceat(verts, vstart[:-1], axis=0)
    return Shells(
        verts, np.vstack(tris_out), vstart, starts(tcount), tuple(polys_out), np.vstack(pn), np.concatenate(pd), starts(pcount),
        np.vstack(ax), starts(acount), np.vstack(ed), starts(ecount), np.asarray(convex, dtype=bool), lo, hi,
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
