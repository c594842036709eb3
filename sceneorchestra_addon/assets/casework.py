"""Shared casework for the storage generators and the desk pedestal.

A case is a carcass shell (sides, top, bottom, back, dividers) whose front opening is split into
rows of cells; each cell is a drawer, a door, a pair of doors or an open compartment. Fronts overlay
the carcass: their back face lies ``GAP`` in front of the carcass front plane ``y0`` and the handle
tips end exactly ``Look.front_depth`` in front of it, so a caller that puts ``y0`` at
``-depth/2 + front_depth`` gets handles touching the object's front bound. Drawer boxes run inside
their openings with ``GAP`` clearance; doors hinge about their outer front edge and swing toward -Y.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import common
from .mesh import Mesh, TreeBuilder, box, frustum, horizontal_cylinder, merge
from .parttree import Joint, SupportSurface

GAP = 0.002  # clearance between moving fronts and the carcass
PANEL_T = 0.018  # carcass panel thickness
BACK_T = 0.008  # back panel thickness
FRONT_T = 0.018  # door / drawer front thickness
SHAKER_PROUD = 0.006  # how far a shaker frame stands in front of its panel
HANDLE_D = 0.028  # how far a handle stands in front of its front panel
REVEAL = 0.0015  # half the gap between two neighbouring fronts
BOX_T = 0.012  # drawer box walls
DOOR_OPEN = 1.75  # rad
TOP_REACH_M = 1.4  # a case's top counts as a support surface up to this height
OPEN_CLEARANCE = 1.0  # free height above an open top


@dataclass(frozen=True)
class Look:
    """How the fronts of a case look and which materials it uses."""

    fronts: str  # "panel" | "shaker"
    handle: str  # "bar" | "knob"
    body: str  # carcass material
    front: str  # door / drawer front material
    metal: str  # handle material
    vents: bool = False  # louvre slats near the top of doors (lockers)

    @property
    def proud(self) -> float:
        return SHAKER_PROUD if self.fronts == "shaker" else 0.0

    @property
    def front_depth(self) -> float:
        """From the handle tips back to the carcass front plane."""
        return HANDLE_D + self.proud + FRONT_T + GAP


@dataclass(frozen=True)
class Cell:
    """One compartment of a row: "drawer", "door_hl" / "door_hr" (hinged left / right), "doors2"
    (a pair) or "open"; ``shelves`` evenly spaced inside, or with ``rail`` one high shelf and a
    hanging rail under it."""

    kind: str
    shelves: int = 0
    rail: bool = False


Row = tuple[float, tuple[Cell, ...]]  # (relative height, cells left to right), rows top to bottom


def sample_family(
    rng: np.random.Generator,
    category: str,
    styles: tuple[str, ...],
    materials: dict[str, tuple[str, ...]],
    overrides: dict,
    extras: dict[str, Callable[[np.random.Generator], object]],
) -> dict:
    """``common.base_params`` first, then the family's own draws in the order of ``extras`` (always
    all of them), then the overrides of those extra keys."""
    params = common.base_params(rng, category, styles, materials, {k: v for k, v in overrides.items() if k not in extras})
    for key, draw in extras.items():
        params[key] = draw(rng)
    params.update({k: v for k, v in overrides.items() if k in extras})
    return params


def _splits(lo: float, hi: float, weights: list[float]) -> list[float]:
    """Boundaries from ``lo`` to ``hi`` cut in proportion to ``weights``."""
    cum = np.concatenate([[0.0], np.cumsum(weights)]) / float(sum(weights))
    return [lo + (hi - lo) * float(c) for c in cum]


def _inner(bounds: list[float], i: int, t: float) -> tuple[float, float]:
    """The free span of interval ``i`` between panels of thickness ``t`` on its boundaries."""
    lo = bounds[i] + (t if i == 0 else t / 2)
    hi = bounds[i + 1] - (t if i == len(bounds) - 2 else t / 2)
    return lo, hi


def handle_mesh(kind: str, cx: float, cz: float, y_face: float, y_tip: float, vertical: bool, length: float) -> Mesh:
    """A knob or a bar pull standing on the face ``y_face`` and reaching forward to ``y_tip``."""
    if kind == "knob":
        return merge(
            horizontal_cylinder((cx, y_face, cz), (cx, y_tip + 0.01, cz), 0.006, 8),
            horizontal_cylinder((cx, y_tip + 0.01, cz), (cx, y_tip, cz), 0.014, 10),
        )
    bar, post = 0.012, 0.01
    half = length / 2
    if vertical:
        rail = box((cx - bar / 2, y_tip, cz - half), (cx + bar / 2, y_tip + bar, cz + half))
        ends = [(cx, cz - half + post), (cx, cz + half - post)]
    else:
        rail = box((cx - half, y_tip, cz - bar / 2), (cx + half, y_tip + bar, cz + bar / 2))
        ends = [(cx - half + post, cz), (cx + half - post, cz)]
    posts = [box((x - post / 2, y_tip + bar, z - post / 2), (x + post / 2, y_face, z + post / 2)) for x, z in ends]
    return merge(rail, *posts)


def front_mesh(look: Look, x0: float, x1: float, z0: float, z1: float, y_back: float) -> Mesh:
    """A door or drawer front whose back face is ``y_back``: a flat panel, or a panel with a raised
    shaker frame (stiles and rails) in front of it."""
    panel = box((x0, y_back - FRONT_T, z0), (x1, y_back, z1))
    if look.fronts != "shaker":
        return panel
    r = min(0.055, 0.2 * (x1 - x0), 0.2 * (z1 - z0))
    yf, yb = y_back - FRONT_T - SHAKER_PROUD, y_back - FRONT_T
    return merge(
        panel,
        box((x0, yf, z0), (x0 + r, yb, z1)),
        box((x1 - r, yf, z0), (x1, yb, z1)),
        box((x0 + r, yf, z0), (x1 - r, yb, z0 + r)),
        box((x0 + r, yf, z1 - r), (x1 - r, yb, z1)),
    )


def drawer_box(x0: float, x1: float, z0: float, z1: float, y_front: float, y_back: float) -> Mesh:
    """An open-topped drawer box filling an opening (already shrunk by the clearance)."""
    top = max(z0 + 2.5 * BOX_T, z1 - 0.015)
    return merge(
        box((x0, y_front, z0), (x1, y_back, z0 + BOX_T)),
        box((x0, y_front, z0 + BOX_T), (x0 + BOX_T, y_back, top)),
        box((x1 - BOX_T, y_front, z0 + BOX_T), (x1, y_back, top)),
        box((x0 + BOX_T, y_back - BOX_T, z0 + BOX_T), (x1 - BOX_T, y_back, top)),
    )


def _louvres(x0: float, x1: float, z_top: float, y_face: float) -> Mesh:
    """Four thin vent slats standing 3 mm proud of a door face, below its top edge."""
    inset = min(0.05, 0.25 * (x1 - x0))
    slats = [z_top - 0.06 - 0.025 * i for i in range(4)]
    return merge(*(box((x0 + inset, y_face - 0.003, z - 0.006), (x1 - inset, y_face, z)) for z in slats))


def base_parts(tb: TreeBuilder, kind: str, x0: float, x1: float, y0: float, y1: float, height: float, material: str, parent: str) -> None:
    """Under a carcass footprint: a recessed plinth, or four tapered legs at the corners."""
    if kind == "plinth":
        inset = min(0.04, 0.1 * (x1 - x0))
        tb.add("plinth", box((x0 + inset, y0 + inset, 0.0), (x1 - inset, y1 - 0.01, height)), material, parent)
        return
    r = min(0.024, 0.08 * (y1 - y0))
    inset = r + 0.02
    for i, (x, y) in enumerate([(x0 + inset, y0 + inset), (x1 - inset, y0 + inset), (x1 - inset, y1 - inset), (x0 + inset, y1 - inset)]):
        tb.add(f"leg_{i}", frustum((x, y), 0.6 * r, r, 0.0, height, 8), material, parent)


def crown_mesh(w: float, d: float, h: float, height: float, overhang: float) -> Mesh:
    """A cornice: a full-size cap over a narrower band (flush with the wall at the back)."""
    band = height * 0.45
    return merge(
        box((-w / 2 + overhang / 2, -d / 2 + overhang / 2, h - height), (w / 2 - overhang / 2, d / 2, h - height + band)),
        box((-w / 2, -d / 2, h - height + band), (w / 2, d / 2, h)),
    )


def top_surface(tb: TreeBuilder, part: str, x0: float, y0: float, x1: float, y1: float, z: float) -> None:
    tb.surface(SupportSurface("top", "top", part, z, (x0 + PANEL_T, y0 + PANEL_T, x1 - PANEL_T, y1 - PANEL_T), OPEN_CLEARANCE))


class Case:
    """Builds one carcass with its fronts, shelves and surfaces into a TreeBuilder."""

    def __init__(self, tb: TreeBuilder, look: Look, carcass: str = "carcass", parent: str | None = None):
        self.tb, self.look, self.carcass, self.parent = tb, look, carcass, parent
        self._count: Counter[tuple[str, str]] = Counter()

    def _next(self, stem: str, space: str = "part") -> str:
        """``stem_0``, ``stem_1`` ... numbered separately for part names and surface names."""
        n = self._count[space, stem]
        self._count[space, stem] += 1
        return f"{stem}_{n}"

    def build(self, bounds: tuple[float, float, float, float, float, float], rows: list[Row], back: bool = True) -> None:
        """Carcass outer box ``(x0, x1, y0, y1, z0, z1)`` with ``y0`` its front plane, and ``rows``."""
        x0, x1, y0, y1, z0, z1 = bounds
        t = PANEL_T
        yb = y1 - BACK_T if back else y1
        zs = _splits(z1, z0, [r[0] for r in rows])  # top to bottom, descending
        panels = [
            box((x0, y0, z0), (x0 + t, yb, z1)),
            box((x1 - t, y0, z0), (x1, yb, z1)),
            box((x0 + t, y0, z1 - t), (x1 - t, yb, z1)),
            box((x0 + t, y0, z0), (x1 - t, yb, z0 + t)),
        ]
        if back:
            panels.append(box((x0, yb, z0), (x1, y1, z1)))
        panels += [box((x0 + t, y0, z - t / 2), (x1 - t, yb, z + t / 2)) for z in zs[1:-1]]
        openings = []
        for r, (_, cells) in enumerate(rows):
            oz1, oz0 = _inner(zs, r, -t)  # descending boundaries: negate the thickness
            xs = _splits(x0, x1, [1.0] * len(cells))
            panels += [box((x - t / 2, y0, oz0), (x + t / 2, yb, oz1)) for x in xs[1:-1]]
            for c, cell in enumerate(cells):
                ox0, ox1 = _inner(xs, c, t)
                fz1, fz0 = zs[r] - REVEAL, zs[r + 1] + REVEAL
                openings.append((cell, (ox0, ox1, oz0, oz1), (xs[c] + REVEAL, xs[c + 1] - REVEAL, fz0, fz1)))
        self.tb.add(self.carcass, merge(*panels), self.look.body, self.parent)
        pair_names = sum(c.kind == "doors2" for c, _, _ in openings) == 1 and not any(
            c.kind in ("door_hl", "door_hr") for c, _, _ in openings
        )
        for cell, opening, front in openings:
            if cell.kind == "drawer":
                self._drawer(opening, front, y0, yb)
            else:
                if cell.kind != "open":
                    self._doors(cell, front, y0, pair_names)
                self._interior(cell, opening, y0, yb)

    def _drawer(self, opening, front, y0: float, yb: float) -> None:
        ox0, ox1, oz0, oz1 = opening
        fx0, fx1, fz0, fz1 = front
        name = self._next("drawer")
        y_back = y0 - GAP
        box_back = yb - GAP
        mesh = merge(
            front_mesh(self.look, fx0, fx1, fz0, fz1, y_back), drawer_box(ox0 + GAP, ox1 - GAP, oz0 + GAP, oz1 - GAP, y_back, box_back)
        )
        self.tb.add(name, mesh, self.look.front, self.carcass)
        cx, cz = (fx0 + fx1) / 2, (fz0 + fz1) / 2
        self._handle(name, cx, cz, y_back, False, min(0.16, 0.5 * (fx1 - fx0)))
        travel = 0.7 * (box_back - y_back)
        self.tb.joint(Joint(f"{name}_slide", "prismatic", self.carcass, name, (cx, y_back, cz), (0.0, -1.0, 0.0), 0.0, travel))

    def _doors(self, cell: Cell, front, y0: float, pair_names: bool) -> None:
        fx0, fx1, fz0, fz1 = front
        if cell.kind == "doors2":
            mid = (fx0 + fx1) / 2
            leaves = [("left", fx0, mid - REVEAL), ("right", mid + REVEAL, fx1)]
        else:
            leaves = [("left" if cell.kind == "door_hl" else "right", fx0, fx1)]
        for side, a, b in leaves:
            name = f"door_{side}" if pair_names else self._next("door")
            y_back = y0 - GAP
            y_face = y_back - FRONT_T - self.look.proud
            mesh = front_mesh(self.look, a, b, fz0, fz1, y_back)
            if self.look.vents:
                mesh = merge(mesh, _louvres(a, b, fz1, y_back - FRONT_T))
            self.tb.add(name, mesh, self.look.front, self.carcass)
            hinge_x, free_x = (a, b) if side == "left" else (b, a)
            inward = 1.0 if side == "left" else -1.0
            length = min(0.2, 0.4 * (fz1 - fz0))
            hz = min((fz0 + fz1) / 2, fz0 + 1.05)
            if fz1 < 1.0:  # low doors: pull near the top edge
                hz = max(hz, fz1 - length / 2 - 0.04)
            hx = free_x - inward * min(0.045, 0.2 * (b - a))
            self._handle(name, hx, hz, y_back, True, length)
            axis = (0.0, 0.0, -1.0) if side == "left" else (0.0, 0.0, 1.0)
            origin = (hinge_x, y_face, (fz0 + fz1) / 2)
            self.tb.joint(Joint(f"{name}_hinge", "revolute", self.carcass, name, origin, axis, 0.0, DOOR_OPEN))

    def _handle(self, owner: str, cx: float, cz: float, y_back: float, vertical: bool, length: float) -> None:
        """A pull on the front whose back face is ``y_back``: vertical on doors, horizontal on drawers."""
        y_face = y_back - FRONT_T
        y_tip = y_back - FRONT_T - self.look.proud - HANDLE_D
        mesh = handle_mesh(self.look.handle, cx, cz, y_face, y_tip, vertical, length)
        self.tb.add(self._next("handle"), mesh, self.look.metal, owner)

    def _interior(self, cell: Cell, opening, y0: float, yb: float) -> None:
        """Shelves of a door or open cell and its support surfaces (the cell floor first)."""
        ox0, ox1, oz0, oz1 = opening
        t = PANEL_T
        if cell.rail:
            tops = [oz1 - min(0.32, 0.25 * (oz1 - oz0)) + t]
        else:
            tops = [oz0 + (oz1 - oz0) * (i + 1) / (cell.shelves + 1) + t / 2 for i in range(cell.shelves)]
        kind = "shelf" if cell.kind == "open" else "inside"
        levels = [(self.carcass, oz0)]
        for z in tops:
            shelf = self._next("shelf")
            self.tb.add(shelf, box((ox0, y0 + 0.005, z - t), (ox1, yb, z)), self.look.body, self.carcass)
            levels.append((shelf, z))
        ceilings = [z - t for z in tops] + [oz1]
        rect = (ox0, y0 + 0.01, ox1, yb - 0.005)
        for (part, z), ceiling in zip(levels, ceilings):
            self.tb.surface(SupportSurface(self._next(kind, "surface"), kind, part, z, rect, ceiling - z))
        if cell.rail:
            zr = tops[0] - t - 0.06
            yc = (y0 + yb) / 2
            self.tb.add(self._next("rail"), horizontal_cylinder((ox0, yc, zr), (ox1, yc, zr), 0.012, 10), self.look.metal, self.carcass)
