"""SceneWeaver's physical metrics on the real meshes: N_obj, #OB and #CN.

* **N_obj**: the objects of the scene except rugs, doors and windows (catalogue
  ``counts_as_object``); the room itself is not an object.
* **#OB**: an object is out of bounds when the XY projection of its mesh's convex hull is not
  inside the floor polygon grown by ``OOB_MARGIN_M`` (1 cm, Shapely's ``buffer``, whose corners are
  round). The grown rectangle is convex, so the hull is inside exactly when every vertex is within
  1 cm of the floor rectangle.
* **#CN**: the number of unique object pairs (rugs excluded) whose meshes penetrate by more than
  ``PENETRATION_M`` (1 mm) and, both meshes being closed (every generator's parts are), overlap by
  more than ``VOLUME_M3`` (1e-4 m³). Depth and volume come from ``collide.overlap``: exact for convex
  shells, exact along column lines for concave ones (see that module). Touching (a book on a shelf,
  a lamp's foot on a table) has zero depth and never counts.

All pairs are examined, parents and children included: an object standing on its supporter
touches it and must not penetrate it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...ground import catalog
from ...ground.state import SceneObject, SceneState
from .collide import Overlap, aabb_overlap, overlap
from .meshes import ObjectMesh, object_mesh

OOB_MARGIN_M = 0.01
PENETRATION_M = 1e-3
VOLUME_M3 = 1e-4
TOUCH_EPS_M = 1e-6


def counts(obj: SceneObject) -> bool:
    """Whether an object counts for N_obj (not a rug, door or window)."""
    return catalog.BY_NAME[obj.category].counts_as_object


@dataclass(frozen=True)
class Contact:
    """Two objects whose meshes overlap (depth > 1 µm)."""

    a: str
    b: str
    overlap: Overlap

    @property
    def depth_m(self) -> float:
        return self.overlap.depth

    @property
    def volume_m3(self) -> float:
        return self.overlap.volume

    @property
    def is_collision(self) -> bool:
        """SceneWeaver's #CN criterion."""
        return self.overlap.depth > PENETRATION_M and self.overlap.volume > VOLUME_M3


@dataclass(frozen=True)
class OutOfBounds:
    id: str
    distance_m: float  # how far the hull reaches beyond the floor rectangle


def scene_meshes(state: SceneState) -> dict[str, ObjectMesh]:
    """World meshes of the objects that count (rugs, doors and windows left out)."""
    return {o.id: object_mesh(o) for o in state.objects if counts(o)}


def out_of_bounds(state: SceneState, meshes: dict[str, ObjectMesh]) -> list[OutOfBounds]:
    """Objects whose hull leaves the floor rectangle grown by 1 cm, with how far."""
    room = state.room
    out = []
    for oid, m in meshes.items():
        v = m.verts
        dx = np.maximum(np.maximum(-v[:, 0], v[:, 0] - room.width_m), 0.0)
        dy = np.maximum(np.maximum(-v[:, 1], v[:, 1] - room.depth_m), 0.0)
        reach = float(np.sqrt(dx * dx + dy * dy).max())
        if reach > OOB_MARGIN_M + 1e-9:
            out.append(OutOfBounds(oid, reach))
    return out


def contacts(meshes: dict[str, ObjectMesh]) -> list[Contact]:
    """Every pair of objects whose meshes overlap by more than 1 µm, in id order of the scene."""
    ids = list(meshes)
    if len(ids) < 2:
        return []
    lo = np.array([meshes[i].lo for i in ids])
    hi = np.array([meshes[i].hi for i in ids])
    ov = aabb_overlap(lo[:, None, :], hi[:, None, :], lo[None, :, :], hi[None, :, :])
    ii, jj = np.nonzero(np.all(ov > TOUCH_EPS_M, axis=2))
    out = []
    for i, j in zip(ii.tolist(), jj.tolist()):
        if i < j:
            o = overlap(meshes[ids[i]], meshes[ids[j]], TOUCH_EPS_M)
            if o.depth > TOUCH_EPS_M:
                out.append(Contact(ids[i], ids[j], o))
    return out


@dataclass(frozen=True)
class Physical:
    n_obj: int
    out_of_bounds: tuple[OutOfBounds, ...]
    collisions: tuple[Contact, ...]  # the #CN pairs

    @property
    def n_oob(self) -> int:
        return len(self.out_of_bounds)

    @property
    def n_collision_pairs(self) -> int:
        return len(self.collisions)


def physical(state: SceneState, meshes: dict[str, ObjectMesh] | None = None, pairs: list[Contact] | None = None) -> Physical:
    """N_obj, #OB and #CN of a scene (pass ``meshes`` / ``pairs`` to reuse earlier work)."""
    meshes = scene_meshes(state) if meshes is None else meshes
    pairs = contacts(meshes) if pairs is None else pairs
    return Physical(len(meshes), tuple(out_of_bounds(state, meshes)), tuple(c for c in pairs if c.is_collision))
