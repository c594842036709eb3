"""Connectivity, written once: disjoint sets (union-find) and the face-connected pieces of a mesh.

The evaluator splits parts into closed shells with these, the exporters split meshes into convex
collision pieces, and the floor raster counts connected free regions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class DisjointSets:
    """Union-find over ``0 .. n-1`` with path halving."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        parent = self.parent
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(self, keep: int, other: int) -> int:
        """Join ``other``'s set into ``keep``'s; returns the joined set's root (``keep``'s root)."""
        root, joined = self.find(keep), self.find(other)
        if joined != root:
            self.parent[joined] = root
        return root


def face_components(n_vertices: int, faces: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """The face-connected piece of every face and every vertex (-1 for a vertex in no face), pieces
    numbered in the order of their root vertex."""
    sets = DisjointSets(n_vertices)
    for face in faces:
        for v in face[1:]:
            sets.union(face[0], v)
    roots = np.array([sets.find(f[0]) for f in faces], dtype=np.int64)
    _, face_label = np.unique(roots, return_inverse=True)
    vert_label = np.full(n_vertices, -1)
    for f, lab in zip(faces, face_label):
        vert_label[list(f)] = lab
    return face_label, vert_label
