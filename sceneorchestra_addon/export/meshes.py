"""Mesh files for the export: Wavefront OBJ (default) or binary STL, numpy only.

Every file holds one part (or one convex piece of a part, for collision meshes) with its vertices
in metres, Z up, in the frame of the link that carries it: ``vertices - link_origin`` (a PartTree's
vertices are in the object frame; a moving part's link frame sits at its joint origin). OBJ keeps
the part's vertices and convex polygons exactly (same vertex count as the Blender mesh, no
normals or texture coordinates); STL has no shared vertices, so it stores the fan-triangulated
polygons. OBJ files carry no material library: colours are set in the URDF / SDF / MJCF files.

:func:`components` splits a part into its connected pieces (a carcass made of seven panels gives
seven pieces); the exporter gives each piece its own collision box or convex mesh.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..assets.topology import face_components

MESH_FORMATS = ("obj", "stl")
Faces = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class MeshFile:
    """One mesh file to write: ``name`` is the bare file name (inside ``meshes/``)."""

    name: str
    vertices: np.ndarray  # (n, 3) link frame
    faces: Faces
    label: str  # the object and part it came from, written as the OBJ object name


def components(faces: Faces, n_vertices: int) -> list[np.ndarray]:
    """Face-connected pieces of a mesh as sorted arrays of vertex indices (vertices in no face are
    left out), in the order of their lowest vertex index."""
    _, labels = face_components(n_vertices, faces)
    pieces: dict[int, list[int]] = {}
    for i in np.flatnonzero(labels >= 0):
        pieces.setdefault(int(labels[i]), []).append(int(i))
    return [np.asarray(v, dtype=np.int64) for v in sorted(pieces.values(), key=lambda idx: idx[0])]


def piece_faces(faces: Faces, vertex_ids: np.ndarray) -> Faces:
    """The faces of one piece, re-indexed to the piece's own vertex order."""
    remap = {int(v): i for i, v in enumerate(vertex_ids)}
    return tuple(tuple(remap[v] for v in f) for f in faces if f[0] in remap)


def triangles(faces: Faces) -> np.ndarray:
    """(m, 3) int array: the convex polygons fan-triangulated."""
    tris = [(f[0], f[i], f[i + 1]) for f in faces for i in range(1, len(f) - 1)]
    return np.asarray(tris, dtype=np.int64).reshape(-1, 3)


def obj_text(mesh: MeshFile) -> str:
    """The OBJ file of one mesh (1-based indices, polygons kept as they are)."""
    lines = [f"# SceneOrchestra export: {mesh.label} (metres, Z up, link frame)", f"o {mesh.name.rsplit('.', 1)[0]}"]
    lines.extend(f"v {x:.6f} {y:.6f} {z:.6f}" for x, y, z in np.asarray(mesh.vertices, dtype=np.float64).tolist())
    lines.extend("f " + " ".join(str(i + 1) for i in f) for f in mesh.faces)
    return "\n".join(lines) + "\n"


def stl_bytes(mesh: MeshFile) -> bytes:
    """A binary STL of the fan-triangulated polygons (normals from the winding)."""
    tris = triangles(mesh.faces)
    corners = np.asarray(mesh.vertices, dtype=np.float64)[tris]
    normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    lengths = np.linalg.norm(normals, axis=1, keepdims=True)
    normals = np.divide(normals, lengths, out=np.zeros_like(normals), where=lengths > 0)
    record = np.dtype([("normal", "<f4", 3), ("corners", "<f4", (3, 3)), ("attr", "<u2")])
    data = np.zeros(len(tris), dtype=record)
    data["normal"] = normals
    data["corners"] = corners
    header = f"SceneOrchestra {mesh.label}".encode("ascii", "replace")[:80].ljust(80, b" ")
    return header + np.uint32(len(tris)).tobytes() + data.tobytes()


def write_mesh(folder, mesh: MeshFile) -> None:
    """Write one mesh into ``folder`` in the format its file name ends with."""
    path = folder / mesh.name
    if mesh.name.endswith(".stl"):
        path.write_bytes(stl_bytes(mesh))
    else:
        path.write_text(obj_text(mesh), encoding="utf-8", newline="\n")


def read_obj(path) -> tuple[np.ndarray, list[tuple[int, ...]]]:
    """Vertices and 0-based faces of an OBJ file written by :func:`obj_text` (for checks)."""
    verts: list[list[float]] = []
    faces: list[tuple[int, ...]] = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("v "):
            verts.append([float(x) for x in line.split()[1:4]])
        elif line.startswith("f "):
            faces.append(tuple(int(tok.split("/")[0]) - 1 for tok in line.split()[1:]))
    return np.asarray(verts, dtype=np.float64).reshape(-1, 3), faces
