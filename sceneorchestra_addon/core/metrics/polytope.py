"""Exact volumes of convex polytopes, their intersections and unions (numpy, floating point).

A polytope is a list of outward, counter-clockwise face polygons ((k, 3) arrays). Clipping by a
half-space ``n . x <= d`` is Sutherland–Hodgman on every face plus one cap polygon in the plane;
volume and centroid follow from the divergence theorem. A union of convex pieces is measured by
inclusion–exclusion over the cliques of their overlap graph (a set of pieces can only have a common
point if every two of them overlap), which is exact; an overlap cluster too large for that is
reported as such (``None``) so that the caller integrates it numerically instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PLANE_EPS_M = 1e-12
MAX_CLIQUES = 256


def _cap(points: list[np.ndarray], normal: np.ndarray) -> np.ndarray | None:
    """The convex polygon through ``points`` (all on one plane), counter-clockwise about ``normal``."""
    pts = np.unique(np.round(np.asarray(points), 12), axis=0)
    if len(pts) < 3:
        return None
    centre = pts.mean(axis=0)
    u = pts[np.argmax(np.linalg.norm(pts - centre, axis=1))] - centre
    if np.linalg.norm(u) < 1e-15:
        return None
    u = u / np.linalg.norm(u)
    v = np.cross(normal, u)
    rel = pts - centre
    return pts[np.argsort(np.arctan2(rel @ v, rel @ u))]


def clip(faces: list[np.ndarray], normal: np.ndarray, offset: float) -> list[np.ndarray]:
    """The part of a closed convex polytope where ``normal . x <= offset``, closed by a cap face."""
    signed = [poly @ normal - offset for poly in faces]
    if all(float(s.max()) <= PLANE_EPS_M for s in signed):
        return faces  # nothing beyond the plane (a face may lie on it): no cut, no cap
    out: list[np.ndarray] = []
    cap: list[np.ndarray] = []
    for poly, s in zip(faces, signed):
        inside = s <= PLANE_EPS_M
        if inside.all():
            out.append(poly)
            cap.extend(poly[np.abs(s) <= PLANE_EPS_M])
            continue
        if not inside.any():
            continue
        pts: list[np.ndarray] = []
        k = len(poly)
        for i in range(k):
            j = (i + 1) % k
            if inside[i]:
                pts.append(poly[i])
                if abs(s[i]) <= PLANE_EPS_M:
                    cap.append(poly[i])
            if inside[i] != inside[j] and abs(s[i]) > PLANE_EPS_M and abs(s[j]) > PLANE_EPS_M:
                p = poly[i] + (s[i] / (s[i] - s[j])) * (poly[j] - poly[i])
                pts.append(p)
                cap.append(p)
        if len(pts) >= 3:
            out.append(np.asarray(pts))
    if out and cap:
        closing = _cap(cap, normal)
        if closing is not None:
            out.append(closing)
    return out


def clip_all(faces: list[np.ndarray], normals: np.ndarray, offsets: np.ndarray) -> list[np.ndarray]:
    """Intersection of a convex polytope with a set of half-spaces."""
    for n, d in zip(normals, offsets):
        faces = clip(faces, n, float(d))
        if not faces:
            return []
    return faces


def volume(faces: list[np.ndarray]) -> tuple[float, np.ndarray]:
    """Volume and centroid of a closed polytope given by outward counter-clockwise faces."""
    if not faces:
        return 0.0, np.zeros(3)
    ref = faces[0][0]
    vol = 0.0
    moment = np.zeros(3)
    for poly in faces:
        p = poly - ref
        p0 = p[0]
        p1, p2 = p[1:-1], p[2:]
        v = np.einsum("j,ij->i", p0, np.cross(p1, p2)) / 6.0
        vol += float(v.sum())
        moment += (v[:, None] * (p0 + p1 + p2)).sum(axis=0) / 4.0
    if vol <= 1e-18:
        return 0.0, ref.copy()
    return vol, ref + moment / vol


@dataclass(frozen=True)
class ConvexPiece:
    """A convex polytope with the half-spaces that define it."""

    faces: tuple[np.ndarray, ...]
    normals: np.ndarray
    offsets: np.ndarray
    volume: float
    centre: np.ndarray
    lo: np.ndarray
    hi: np.ndarray


def make_piece(faces: list[np.ndarray], normals: np.ndarray, offsets: np.ndarray) -> ConvexPiece | None:
    """The piece ``faces`` clipped by the half-spaces (None if empty)."""
    clipped = clip_all(faces, normals, offsets)
    vol, centre = volume(clipped)
    if vol <= 0.0:
        return None
    pts = np.vstack(clipped)
    return ConvexPiece(tuple(clipped), normals, offsets, vol, centre, pts.min(axis=0), pts.max(axis=0))


def _common_volume(pieces: list[ConvexPiece], members: tuple[int, ...]) -> float:
    faces = list(pieces[members[0]].faces)
    for m in members[1:]:
        faces = clip_all(faces, pieces[m].normals, pieces[m].offsets)
        if not faces:
            return 0.0
    return volume(faces)[0]


def _cliques(adjacent: list[set[int]], limit: int) -> list[tuple[int, ...]] | None:
    """All cliques (as sorted tuples) of size >= 2, or None when there are more than ``limit``."""
    found: list[tuple[int, ...]] = []

    def grow(clique: tuple[int, ...], candidates: set[int]) -> bool:
        for v in sorted(candidates):
            if v <= clique[-1]:
                continue
            bigger = (*clique, v)
            found.append(bigger)
            if len(found) > limit:
                return False
            if not grow(bigger, candidates & adjacent[v]):
                return False
        return True

    for v in range(len(adjacent)):
        if not grow((v,), adjacent[v]):
            return None
    return found


def union_volume(pieces: list[ConvexPiece]) -> tuple[float, np.ndarray] | None:
    """Exact volume (and approximate centroid) of a union of convex pieces, or None when the
    overlap structure is too large for inclusion–exclusion."""
    n = len(pieces)
    adjacent: list[set[int]] = [set() for _ in range(n)]
    for i in range(n):
        for j in range(i):
            if np.all(np.minimum(pieces[i].hi, pieces[j].hi) - np.maximum(pieces[i].lo, pieces[j].lo) > 1e-9):
                if _common_volume(pieces, (j, i)) > 0.0:
                    adjacent[i].add(j)
                    adjacent[j].add(i)
    total = sum(p.volume for p in pieces)
    centre = sum(p.volume * p.centre for p in pieces) / total
    if not any(adjacent):
        return total, centre
    cliques = _cliques(adjacent, MAX_CLIQUES)
    if cliques is None:
        return None
    for clique in cliques:
        sign = -1.0 if len(clique) % 2 == 0 else 1.0
        total += sign * _common_volume(pieces, clique)
    return total, centre
