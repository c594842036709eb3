"""Mass, centre of mass and inertia tensor of a link, from its meshes, materials and part names.

Geometry. Each connected piece of a closed part is integrated exactly as a solid polyhedron (signed
tetrahedra from the piece's centre; Tonon 2004's covariance form). A piece that is open or has no
volume (a sheet, a flat picture) is one sheet over its surface area (``sheet_m`` thick for sheet
families, else ``SHELL_THICKNESS_M``) with the inertia of a solid box of its bounds. The pieces of
a link are combined with the parallel-axis theorem.

How a piece is made (:class:`Build`). A generator's closed mesh is the *outside* of a part, and most
parts are not solid blocks of their material (a solid glass lamp globe weighs 30-100 kg, a solid
sheet-steel drawer 20 kg, a solid linen duvet 50 kg). For a closed piece of volume ``V``, surface
``A`` and wall ``w = 2 V / A`` (a slab's or a shell's thickness, half a bar's):

* solid build: ``density x V``, exactly;
* hollow build: ``min(density x V, (skin + lining) x A + fill x V)``, the solid's tensor scaled to
  that mass: a skin ``skin_m`` thick over the surface (``density x skin_m`` per m2), what lines it
  (``lining_kg_m2``: batting, boards, springs) and what fills it (``fill_kg_m3``: foam, down). Capped
  at the solid, so a piece thinner than two skins stays solid. With ``solid_m`` (wood, stone) a
  piece stays exactly solid up to walls ``solid_m`` thick and is fully hollow from twice that;
* sheet families (``sheet_m``: metal, plastic) are bent sheet: a thin (``w <= PANEL_M``) flat piece
  (its middle extent at least ``PANEL_RATIO x w``: a panel, a drawer side, a lamp shell) is *one*
  sheet ``sheet_m`` thick over half its surface, counted once, not a box of two faces; a casing
  (``w >= 2 x PANEL_M``) is ``sheet_m`` thick all round; bars and tubes have ``skin_m`` walls
  (linear blends in between);
* hidden contents (``contents_kg_m3``): machinery or ballast the part tree does not model, per m3
  of the part's bounds, added as a solid box of those bounds.

The build of a part is its material family's (``FAMILY_BUILD``) or preset's (``PRESET_BUILD``),
unless a role matches (``ROLES``, first match): its material family, a word of its part name (split
at "_" and digits: ``back_cushion_0`` -> back, cushion) and, for some, its catalogue category.
Numbers and the real masses they give (manufacturers' product sheets and handbooks):

* wood: solid up to 40 mm walls (boards, tops, legs up to 80 mm square); thicker blocks (a bed
  platform or plinth, a piano case, a cabinet modelled as one box) are 12 mm of board on average
  over their surface (18-25 mm boards on the visible faces, hidden faces open or hardboard): a
  double bed frame weighs 40-100 kg;
* stone: solid up to 40 mm (worktops and table tops are 20-40 mm slabs, 50-80 kg/m2); thicker
  blocks (a fireplace surround, a planter, a shower tray) are 15 mm slabs around a hollow;
* metal: tubes and bars 1.5 mm walls (furniture tube 1.2-2 mm); sheet 1.0 mm (cabinets, lockers,
  appliance casings 0.6-1.2 mm): a steel filing-cabinet drawer weighs 4-7 kg;
* plastic: moulded 3 mm (chair shells 3-5 mm, casings 2-3 mm);
* glass: 3 mm vessels and globes (a 0.5 l jar weighs 0.2-0.35 kg, a 40 cm glass dome shade 1-3 kg);
  panes and shelves up to 6 mm are solid (a 6 mm pane weighs 15 kg/m2);
* ceramic: 6 mm walls (vitreous-china toilets 25-45 kg, mugs 0.25-0.4 kg, dinner plates 0.5 kg);
* fabric and leather: a hollow cover, 3 mm of fabric (0.45 kg/m2) or 1.5 mm of leather
  (1.35 kg/m2), enclosing air (tents, lamp shades, curtains). Roles: loose soft goods (cushions,
  mattresses, pillows) are the cover over 40 kg/m3 of foam or fibre (a double mattress weighs
  20-45 kg, a pillow 0.5-1.5 kg); upholstered parts (seats, backs, arms, bases, pads) add a
  2 kg/m2 lining of batting, boards and springs (a 3-seater sofa weighs 40-90 kg, an upholstered
  chair seat 1.5-3 kg); bedding (duvets, quilts, blankets) is a 1 mm cotton cover (0.15 kg/m2) over
  6 kg/m3 of down or fibre (a double duvet weighs 1.5-2.5 kg); a bean bag holds 15 kg/m3 of
  polystyrene beads (4-8 kg); rugs, towels and clothes are dense woven textile, solid at the
  preset density (rugs 1.5-3 kg/m2);
* paper and other (misc) presets are solid at their density, except ``emissive_warm`` (bulbs,
  glowing panels, flames: a 0.5 mm glass-like skin);
* by category: gym weights (kettlebells, dumbbells, plates, barbells) are cast iron under any
  coating; candle wax is solid paraffin; a dartboard is a solid sisal board; a water rower's tank
  is a quarter full (17 l in 70 l); hidden contents: appliance machinery (a washing machine's
  drum, motor and concrete counterweight: 60-85 kg; a dryer 30-50 kg, a dishwasher 35-55 kg, an
  oven 30-60 kg, a microwave 10-18 kg, a fridge 55-100 kg), a piano's cast-iron plate and action
  (uprights 180-300 kg), a pool table's slate bed (25 mm, 150-250 kg), treadmill motors and
  decks, flywheels, filled bags and balls, electronics.

Every tensor handed out is *consistent*: symmetric, positive definite and satisfying the triangle
inequalities of the principal moments, with mass >= ``MIN_MASS_KG`` and every principal moment >=
``MIN_INERTIA`` (adding a multiple of the identity keeps the triangle inequalities). Simulators that
check (MuJoCo, Drake) accept them as they are. tests/test_masses.py checks every catalogue
category's total mass against a real-world range (tests/data/mass_ranges.tsv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

SHELL_THICKNESS_M = 0.005  # an open or flat piece of a solid material: one sheet this thick
PANEL_M = 0.03  # sheet families: walls (2 V / A) up to this are one bent sheet, from twice it a casing
PANEL_RATIO = 4.0  # ... a flat piece (a panel or a shell, not a bar or a tube): middle extent >= this x its wall
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


@dataclass(frozen=True)
class Build:
    """How the pieces of a part are made (see the module docstring)."""

    skin_m: float | None = None  # hollow: a skin this thick over the surface; None: solid
    solid_m: float = 0.0  # hollow only beyond this wall thickness (2 V / A), fully from twice it
    fill_kg_m3: float = 0.0  # a hollow piece's contents, per m^3 it encloses
    lining_kg_m2: float = 0.0  # under the skin, per m^2 of surface (batting, boards, springs, frame)
    sheet_m: float | None = None  # a sheet family: a thin flat piece is one sheet this thick, counted once
    density_kg_m3: float | None = None  # replaces the preset's density (a core under a coating)
    contents_kg_m3: float = 0.0  # hidden in the part (machinery, ballast), per m^3 of its bounds


SOLID = Build()
FAMILY_BUILD: dict[str, Build] = {
    "wood": Build(skin_m=0.012, solid_m=0.04),
    "stone": Build(skin_m=0.015, solid_m=0.04),
    "metal": Build(skin_m=0.0015, sheet_m=0.001),
    "plastic": Build(skin_m=0.003, sheet_m=0.003),
    "glass": Build(skin_m=0.003),
    "ceramic": Build(skin_m=0.006),
    "fabric": Build(skin_m=0.003),
    "leather": Build(skin_m=0.0015),
    "paper": SOLID,
    "misc": SOLID,
}
PRESET_BUILD: dict[str, Build] = {
    "emissive_warm": Build(skin_m=0.0005),
}


@dataclass(frozen=True)
class Role:
    """A build for the parts whose name has one of ``words``, in one of ``families`` (all when
    empty) and, when ``categories`` is given, only in those catalogue categories; without a build,
    the family's build with ``contents_kg_m3`` of hidden contents."""

    families: tuple[str, ...]
    words: tuple[str, ...]
    build: Build | None = None
    categories: tuple[str, ...] = ()
    contents_kg_m3: float = 0.0


SOFT = ("fabric", "leather")
CAST_IRON_KG_M3 = 7100.0
ROLES: tuple[Role, ...] = (
    # by category (before the generic roles below)
    Role((), ("bell", "dumbbell", "plates", "barbell"), Build(density_kg_m3=CAST_IRON_KG_M3), ("kettlebell", "dumbbell_rack", "squat_rack", "punching_bag")),
    Role((), ("board",), SOLID, ("dartboard",)),
    Role((), ("bag",), Build(skin_m=0.003, fill_kg_m3=15.0), ("bean_bag",)),
    Role(("misc",), ("tank",), Build(skin_m=0.003, fill_kg_m3=250.0), ("rowing_machine",)),
    Role((), ("body",), categories=("washing_machine",), contents_kg_m3=170.0),
    Role((), ("body",), categories=("dryer",), contents_kg_m3=80.0),
    Role((), ("body",), categories=("dishwasher",), contents_kg_m3=80.0),
    Role((), ("body",), categories=("oven",), contents_kg_m3=80.0),
    Role((), ("body",), categories=("microwave",), contents_kg_m3=200.0),
    Role((), ("body",), categories=("fridge",), contents_kg_m3=35.0),
    Role((), ("body",), categories=("display_fridge",), contents_kg_m3=50.0),
    Role((), ("body",), categories=("water_dispenser",), contents_kg_m3=80.0),
    Role((), ("body",), categories=("air_conditioner",), contents_kg_m3=100.0),
    Role((), ("body",), categories=("radiator",), contents_kg_m3=300.0),
    Role((), ("body",), categories=("game_console",), contents_kg_m3=500.0),
    Role((), ("base",), categories=("laptop",), contents_kg_m3=1000.0),
    Role((), ("head",), categories=("paper_shredder",), contents_kg_m3=600.0),
    Role((), ("platform",), categories=("weighing_scale",), contents_kg_m3=500.0),
    Role((), ("deck",), categories=("treadmill",), contents_kg_m3=150.0),
    Role((), ("hood",), categories=("treadmill",), contents_kg_m3=250.0),
    Role((), ("flywheel",), categories=("exercise_bike",), contents_kg_m3=1000.0),
    Role((), ("fan",), categories=("rowing_machine",), contents_kg_m3=150.0),
    Role((), ("case",), categories=("piano",), contents_kg_m3=130.0),
    Role((), ("cabinet",), categories=("arcade_machine",), contents_kg_m3=80.0),
    Role((), ("bed",), categories=("pool_table",), contents_kg_m3=950.0),
    Role((), ("ball",), categories=("medicine_ball",), contents_kg_m3=200.0),
    Role((), ("bag",), categories=("punching_bag",), contents_kg_m3=170.0),
    # soft goods and the like, in any category
    Role(SOFT, ("duvet", "quilt", "blanket"), Build(skin_m=0.001, fill_kg_m3=6.0)),
    Role(SOFT, ("rug", "border", "towel", "clothes"), SOLID),
    Role(("fabric",), ("cushion", "mattress", "pillow"), Build(skin_m=0.003, fill_kg_m3=40.0)),
    Role(("leather",), ("cushion", "mattress", "pillow"), Build(skin_m=0.0015, fill_kg_m3=40.0)),
    Role(("fabric",), ("seat", "back", "backrest", "headrest", "arm", "base", "pad", "body"), Build(skin_m=0.003, fill_kg_m3=40.0, lining_kg_m2=2.0)),
    Role(("leather",), ("seat", "back", "backrest", "headrest", "arm", "base", "pad", "body"), Build(skin_m=0.0015, fill_kg_m3=40.0, lining_kg_m2=2.0)),
    Role((), ("wax",), Build(density_kg_m3=900.0)),
)


def name_words(name: str) -> frozenset[str]:
    """The words of a part name: ``back_cushion_0`` -> {"back", "cushion"}."""
    return frozenset(w for w in re.split(r"[_\d]+", name.lower()) if w)


def role_of(family: str, part: str, category: str = "") -> Role | None:
    """The first role of ``ROLES`` that matches a part of this material family, name and category."""
    words = name_words(part)
    for role in ROLES:
        if (not role.families or family in role.families) and (not role.categories or category in role.categories) and words & set(role.words):
            return role
    return None


def build_of(family: str, preset: str, part: str, category: str = "") -> Build:
    """How a part of this material family and preset, name and catalogue category is made."""
    default = PRESET_BUILD.get(preset, FAMILY_BUILD.get(family, SOLID))
    role = role_of(family, part, category)
    if role is None:
        return default
    return role.build if role.build is not None else replace(default, contents_kg_m3=role.contents_kg_m3)


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


def box_extents(props: MassProps) -> np.ndarray:
    """Sorted edge lengths of the box with the same mass and principal moments (any orientation)."""
    moments = props.principal()
    squares = 6.0 * (moments.sum() - 2.0 * moments) / max(props.mass, 1e-12)
    return np.sort(np.sqrt(np.maximum(squares, 0.0)))


def skin_kg_m2(props: MassProps, area: float, density: float, build: Build) -> float:
    """Skin mass per m^2 of a closed piece's surface: ``density x skin``; for a sheet family, a
    casing (walls ``2 x PANEL_M`` or more apart) is ``sheet_m`` thick all round and a thin flat
    panel is one sheet over half its surface (see the module docstring)."""
    if build.sheet_m is None:
        return density * build.skin_m
    wall = 2.0 * props.mass / density / max(area, 1e-12)  # 2 V / A: a slab's, a shell's or a tube's thickness
    flat = box_extents(props)[1] >= PANEL_RATIO * wall  # a panel or a shell, not a bar or a tube
    thin = density * (build.sheet_m / 2.0 if flat else build.skin_m)
    return thin + (density * build.sheet_m - thin) * float(np.clip(wall / PANEL_M - 1.0, 0.0, 1.0))


def piece_props(vertices: np.ndarray, tris: np.ndarray, density: float, closed: bool, build: Build = SOLID) -> MassProps:
    """A closed piece with volume as its build makes it (solid, or a hollow skin with its lining and
    fill, capped at the solid, the solid's tensor scaled to that mass); an open or flat piece as one
    sheet, ``sheet_m`` thick for sheet families, else ``SHELL_THICKNESS_M``."""
    v = np.asarray(vertices, dtype=np.float64)
    density = build.density_kg_m3 if build.density_kg_m3 is not None else density
    solid = solid_props(v, tris, density) if closed else None
    area = surface_area(v, tris)
    if solid is None:
        sheet = build.sheet_m if build.sheet_m is not None else SHELL_THICKNESS_M
        return box_props(v.min(axis=0), v.max(axis=0), density * sheet * max(area, 1e-6))
    if build.skin_m is None:
        return solid
    volume = solid.mass / density
    hollow = (skin_kg_m2(solid, area, density, build) + build.lining_kg_m2) * area + build.fill_kg_m3 * volume
    if build.solid_m > 0:  # solid up to solid_m, blending to hollow at twice it
        wall = 2.0 * volume / max(area, 1e-12)
        hollow = solid.mass + (min(hollow, solid.mass) - solid.mass) * float(np.clip(wall / build.solid_m - 1.0, 0.0, 1.0))
    if hollow < solid.mass:
        return MassProps(hollow, solid.com, solid.inertia * (hollow / solid.mass))
    return solid


def contents_props(vertices: np.ndarray, build: Build) -> MassProps | None:
    """The hidden contents of a part (``build.contents_kg_m3`` over its bounds, as a solid box)."""
    if build.contents_kg_m3 <= 0:
        return None
    v = np.asarray(vertices, dtype=np.float64)
    lo, hi = v.min(axis=0), v.max(axis=0)
    return box_props(lo, hi, build.contents_kg_m3 * float(np.prod(hi - lo)))


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
