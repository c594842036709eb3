"""Mass, centre of mass and inertia tensor of a link, from its meshes and material densities.

Each connected piece of a closed part is integrated exactly as a solid polyhedron (signed
tetrahedra from the piece's centre; Tonon 2004's covariance form), mass = volume x the material's
``density_kg_m3``. A piece that is open or has no volume (a sheet, a flat picture) counts as a
shell ``SHELL_THICKNESS_M`` thick over its surface area, with the inertia of a solid box of its
bounds. Metal and plastic pieces are not solid blocks in furniture and appliances (an oven door of
solid steel would weigh 100 kg): their mass is capped at that of a skin ``SHEET_M[family]`` thick
over their surface. The pieces of a link are combined with the parallel-axis theorem.

Every tensor handed out is *consistent*: symmetric, positive definite and satisfying the triangle
inequalities of the principal moments, with mass >= ``MIN_MASS_KG`` and every principal moment >=
``MIN_INERTIA`` (adding a multiple of the identity keeps the triangle inequalities). Simulators that
check (MuJoCo, Drake) accept them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SHELL_THICKNESS_M = 0.005
SHEET_M = {"metal": 0.0015, "plastic": 0.003}  # skin thickness of hollow pieces, by material family
MIN_MASS_KG = 0.01
MIN_INERTIA = 1e-6  # kg m^2, smallest principal moment
_CANONICAL = np.array([[2.0, 1.0, 1.0], [1.0, 2.0, 1.0], [1.0, 1.0, 2.0]]) / 120.0


@dataclass(frozen=True)
class MassProps:
    mass: float  # kg
    com: np.ndarray  # (3,) metres, in the link frame
    inertia: np.ndarray  # (3, 3) kg m^2 about the centre of mass, link axes

    def principal(self) -> np.ndarray:
        return np.linalg.eigvalsh(self.inertia)


def solid_props(vertices: np.ndarray, tris: np.ndarray, density: float) -> MassProps | None:
    """Mass properties of a closed triangle mesh of uniform density; None when it encloses no
    meaningful volume (open, flat or degenerate). Works for either consistent winding."""
    v = np.asarray(vertices, dtype=np.float64)
    if len(tris) < 4:
        return None
    centre = (v.min(axis=0) + v.max(axis=0)) / 2.0
    a, b, c = (v[tris[:, k]] - centre for k in range(3))
    det = np.einsum("ij,ij->i", a, np.cross(b, c))
    volume = det.sum() / 6.0
    extent = v.max(axis=0) - v.min(axis=0)
    if abs(volume) <= 1e-3 * max(float(np.prod(np.maximum(extent, 1e-9))), 1e-12) or abs(volume) < 1e-12:
        return None
    sign = 1.0 if volume > 0 else -1.0
    s = a + b + c
    first = (det[:, None] * s).sum(axis=0) / 24.0  # integral of x dV
    second = np.einsum("i,ij,ik->jk", det, s, s) + sum(np.einsum("i,ij,ik->jk", det, p, p) for p in (a, b, c))
    covariance = second / 120.0  # integral of x x^T dV
    volume, first, covariance = abs(volume), first * sign, covariance * sign
    mass = density * volume
    com_local = first / volume
    cov_com = density * covariance - mass * np.outer(com_local, com_local)
    inertia = np.trace(cov_com) * np.eye(3) - cov_com
    return MassProps(mass, com_local + centre, (inertia + inertia.T) / 2.0)


def box_props(lo: np.ndarray, hi: np.ndarray, mass: float) -> MassProps:
    """A solid box of this mass filling the bounds ``lo``..``hi``."""
    size = np.maximum(np.asarray(hi, dtype=np.float64) - np.asarray(lo, dtype=np.float64), 1e-4)
    x2, y2, z2 = size**2
    inertia = np.diag([y2 + z2, x2 + z2, x2 + y2]) * mass / 12.0
    return MassProps(float(mass), (np.asarray(lo, dtype=np.float64) + np.asarray(hi, dtype=np.float64)) / 2.0, inertia)


def surface_area(vertices: np.ndarray, tris: np.ndarray) -> float:
    v = np.asarray(vertices, dtype=np.float64)
    if len(tris) == 0:
        return 0.0
    cross = np.cross(v[tris[:, 1]] - v[tris[:, 0]], v[tris[:, 2]] - v[tris[:, 0]])
    return float(np.linalg.norm(cross, axis=1).sum() / 2.0)


def piece_props(vertices: np.ndarray, tris: np.ndarray, density: float, closed: bool, sheet_m: float | None = None) -> MassProps:
    """A solid if it is closed and has volume, else a thin shell over its surface. With
    ``sheet_m`` (sheet metal, moulded plastic) the piece is hollow: its mass is capped at that of a
    ``sheet_m`` thick skin over its surface, the solid's tensor scaled to that mass."""
    v = np.asarray(vertices, dtype=np.float64)
    solid = solid_props(v, tris, density) if closed else None
    if solid is None:
        mass = density * SHELL_THICKNESS_M * max(surface_area(v, tris), 1e-6)
        return box_props(v.min(axis=0), v.max(axis=0), mass)
    if sheet_m is not None:
        skin = density * sheet_m * surface_area(v, tris)
        if skin < solid.mass:
            return MassProps(skin, solid.com, solid.inertia * (skin / solid.mass))
    return solid


def combine(parts: list[MassProps]) -> MassProps:
    """The mass properties of rigidly joined pieces (parallel-axis theorem)."""
    mass = sum(p.mass for p in parts)
    if not parts or mass <= 0:
        return MassProps(0.0, np.zeros(3), np.zeros((3, 3)))
    com = sum(p.mass * p.com for p in parts) / mass
    inertia = np.zeros((3, 3))
    for p in parts:
        d = p.com - com
        inertia += p.inertia + p.mass * (np.dot(d, d) * np.eye(3) - np.outer(d, d))
    return MassProps(float(mass), com, inertia)


def consistent(props: MassProps) -> MassProps:
    """Clamp to a positive mass and a positive-definite tensor that satisfies the triangle
    inequalities (see the module docstring)."""
    mass = max(float(props.mass), MIN_MASS_KG)
    inertia = (np.asarray(props.inertia, dtype=np.float64) + np.asarray(props.inertia, dtype=np.float64).T) / 2.0
    moments = np.linalg.eigvalsh(inertia)
    shortfall = max(MIN_INERTIA - moments[0], moments[2] - moments[0] - moments[1], 0.0)
    if shortfall > 0:
        inertia = inertia + (shortfall + 1e-12) * np.eye(3)
    return MassProps(mass, np.asarray(props.com, dtype=np.float64), inertia)
