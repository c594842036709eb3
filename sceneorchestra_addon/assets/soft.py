"""Soft furnishings: sofa, loveseat, armchair, ottoman, bean_bag, rug and pillow, plus the small
mesh helpers (lofted rings, puffy cushions, slanted struts) that beds.py and seating.py share.

Styles (the same three words in beds.py and seating.py):
  ``classic``  sofas on tapered wooden legs with rolled arms and loose back cushions; a tufted
               ottoman on legs; a pear-shaped bean bag; a bordered rug; a plump square pillow;
  ``modern``   sofas on a recessed plinth with broad box arms and a low back under tall cushions;
               a round drum pouf; a round floor bean bag; an oval rug; a round pillow;
  ``minimal``  sofas on thin metal legs with slim arms and a plain upholstered back; a cube
               ottoman; a cube bean bag; a plain rectangular rug; a flat square cushion.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from . import common
from .common import dims
from .mesh import Mesh, TreeBuilder, box, cylinder, frustum, horizontal_cylinder, merge, transform
from .parttree import PartTree, SupportSurface

STYLES = ("classic", "modern", "minimal")
OPEN_CLEARANCE = 0.6  # free height above a seat or a cushion top

FABRICS = ("fabric_grey", "fabric_blue", "fabric_green", "fabric_red", "linen_beige", "velvet_mustard",
           "leather_brown", "leather_black")
WOODS = ("oak", "walnut", "pine", "birch", "painted_white", "painted_grey")
METALS = ("black_metal", "brushed_steel", "chrome", "brass")


# --- shared mesh helpers -------------------------------------------------------------------------

def loft(*rings: np.ndarray) -> Mesh:
    """A closed shell through horizontal-ish rings of equal length, each counter-clockwise seen from
    above and ordered bottom to top; the first and last rings become the (convex) caps."""
    n = len(rings[0])
    faces: list[tuple[int, ...]] = [tuple(range(n - 1, -1, -1))]
    for k in range(len(rings) - 1):
        lo, hi = k * n, (k + 1) * n
        faces.extend((lo + i, lo + (i + 1) % n, hi + (i + 1) % n, hi + i) for i in range(n))
    top = (len(rings) - 1) * n
    faces.append(tuple(range(top, top + n)))
    return np.vstack(rings).astype(np.float64), tuple(faces)


def rect_ring(x0: float, y0: float, x1: float, y1: float, z: float) -> np.ndarray:
    return np.array([[x0, y0, z], [x1, y0, z], [x1, y1, z], [x0, y1, z]], dtype=np.float64)


def ring(cx: float, cy: float, rx: float, ry: float, z: float, n: int = 16, slope: float = 0.0) -> np.ndarray:
    """An ellipse of ``n`` points (a multiple of 4 hits the axis extremes exactly); ``slope`` tilts
    it so that its height grows by ``slope`` per metre toward +Y."""
    a = np.linspace(0.0, 2.0 * math.pi, n, endpoint=False)
    y = cy + ry * np.sin(a)
    return np.column_stack([cx + rx * np.cos(a), y, z + slope * (y - cy)])


def cushion(lo: Sequence[float], hi: Sequence[float], inset: float = 0.02) -> Mesh:
    """A puffy box: full size at mid height, its top and bottom faces pulled in by ``inset``."""
    x0, y0, z0 = lo
    x1, y1, z1 = hi
    i = min(inset, 0.3 * (x1 - x0), 0.3 * (y1 - y0))
    zm = 0.5 * (z0 + z1)
    return loft(rect_ring(x0 + i, y0 + i, x1 - i, y1 - i, z0), rect_ring(x0, y0, x1, y1, zm),
                rect_ring(x0 + i, y0 + i, x1 - i, y1 - i, z1))


def strut(bottom_xy: Sequence[float], top_xy: Sequence[float], z0: float, z1: float, sx: float, sy: float) -> Mesh:
    """A sheared box: an ``sx`` x ``sy`` section from ``bottom_xy`` at ``z0`` to ``top_xy`` at ``z1``
    (splayed legs, reclined backrests)."""
    (bx, by), (tx, ty) = bottom_xy, top_xy
    return loft(rect_ring(bx - sx / 2, by - sy / 2, bx + sx / 2, by + sy / 2, z0),
                rect_ring(tx - sx / 2, ty - sy / 2, tx + sx / 2, ty + sy / 2, z1))


def ellipse_prism(cx: float, cy: float, rx: float, ry: float, z0: float, z1: float, n: int = 16) -> Mesh:
    return loft(ring(cx, cy, rx, ry, z0, n), ring(cx, cy, rx, ry, z1, n))


def bars(a0: float, a1: float, c: float, z0: float, z1: float, spacing: float, t: float = 0.025,
          rail: float = 0.045, round_bars: bool = False, along_y: bool = False) -> Mesh:
    """A bottom rail at ``z0``, a top rail ending at ``z1`` and upright bars between them, running
    from ``a0`` to ``a1`` along X (centred on y = ``c``) or along Y (on x = ``c``); ``t`` thick."""
    parts = [box((a0, -t / 2, z0), (a1, t / 2, z0 + rail)), box((a0, -t / 2, z1 - rail), (a1, t / 2, z1))]
    k = max(2, int(round((a1 - a0) / spacing)))
    for i in range(1, k):
        u = a0 + i * (a1 - a0) / k
        if round_bars:
            parts.append(cylinder((u, 0.0), 0.4 * t, z0 + rail, z1 - rail, 8))
        else:
            parts.append(box((u - 0.4 * t, -0.3 * t, z0 + rail), (u + 0.4 * t, 0.3 * t, z1 - rail)))
    mesh = merge(*parts)
    # a quarter turn maps (u, v) to (-v, u): the run then lies along Y
    return transform(mesh, 90.0, (c, 0.0, 0.0)) if along_y else transform(mesh, 0.0, (0.0, c, 0.0))


def corners(hx: float, hy: float) -> tuple[tuple[float, float], ...]:
    """The four (x, y) corner points (-,-), (+,-), (-,+), (+,+): front left, front right, back left,
    back right (leg_0..leg_3)."""
    return ((-hx, -hy), (hx, -hy), (-hx, hy), (hx, hy))


def seat_surface(part: str, z: float, rect: Sequence[float]) -> SupportSurface:
    x0, y0, x1, y1 = rect
    return SupportSurface("seat", "seat", part, round(z, 6), (x0, y0, x1, y1), OPEN_CLEARANCE)


def sample_with(rng: np.random.Generator, category: str, styles: Sequence[str], materials: dict,
                overrides: dict, extras: Sequence[tuple[str, float, float]] = ()) -> dict:
    """``common.base_params`` and then one uniform draw per ``(key, lo, hi)`` in ``extras``, in a
    fixed order; those extra keys may be overridden too."""
    keys = {k for k, _, _ in extras}
    params = common.base_params(rng, category, styles, materials, {k: v for k, v in overrides.items() if k not in keys})
    for key, lo, hi in extras:
        params[key] = round(float(rng.uniform(lo, hi)), 3)
    params.update({k: v for k, v in overrides.items() if k in keys})
    return params


# --- sampling ------------------------------------------------------------------------------------

def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    if category == "rug":
        materials = {"field": ("fabric_red", "fabric_blue", "linen_beige", "fabric_grey", "fabric_green", "velvet_mustard"),
                     "border": ("linen_beige", "cotton_white", "fabric_grey", "fabric_blue", "fabric_red")}
    elif category == "pillow":
        materials = {"fabric": ("cotton_white", "linen_beige", "fabric_grey", "fabric_blue", "fabric_green",
                                "fabric_red", "velvet_mustard")}
    elif category == "bean_bag":
        materials = {"fabric": ("fabric_grey", "fabric_blue", "fabric_green", "fabric_red", "velvet_mustard",
                                "leather_brown", "foam_blue")}
    else:
        materials = {"fabric": FABRICS, "wood": WOODS, "metal": METALS}
    return sample_with(rng, category, STYLES, materials, overrides)


def build(params: dict) -> PartTree:
    b = TreeBuilder(params["category"], params)
    {"sofa": _sofa, "loveseat": _sofa, "armchair": _sofa, "ottoman": _ottoman, "bean_bag": _bean_bag,
     "rug": _rug, "pillow": _pillow}[params["category"]](b, params)
    return b.build()


# --- sofa, loveseat, armchair --------------------------------------------------------------------

def _sofa(b: TreeBuilder, p: dict) -> None:
    w, d, h = dims(p)
    style, fabric = p["style"], p["material_fabric"]
    if p["category"] == "armchair":
        seats = 1
    elif p["category"] == "loveseat":
        seats = 2
    else:
        seats = 2 if w < 1.85 else 3 if w < 2.7 else 4
    leg_h, arm_w, back_t = {"classic": (0.13, 0.15, 0.16), "modern": (0.05, 0.2, 0.18), "minimal": (0.2, 0.05, 0.09)}[style]
    arm_w = min(arm_w, 0.16 * w)
    back_t = min(back_t, 0.2 * d)
    pad_t = 0.0 if style == "minimal" else min(0.17, 0.2 * d)  # back cushion depth
    seat_top = min(0.44, h - 0.2)
    seat_base = seat_top - min(0.15, seat_top - leg_h - 0.06)
    arm_top = min(seat_top + 0.2, h - 0.02)
    back_top = min(h, seat_top + 0.2) if style == "modern" else h

    _sofa_legs(b, p, w, d, leg_h, seats)
    x0, x1 = -w / 2 + arm_w, w / 2 - arm_w
    y_back = d / 2 - back_t
    b.add("base", box((x0, -d / 2, leg_h), (x1, y_back, seat_base)), fabric)
    b.add("back", box((-w / 2, y_back, leg_h), (w / 2, d / 2, back_top)), fabric)
    for side, (ax0, ax1) in (("left", (-w / 2, x0)), ("right", (x1, w / 2))):
        if style == "classic":
            r = 0.5 * (ax1 - ax0)
            xc = 0.5 * (ax0 + ax1)
            arm = merge(box((ax0, -d / 2, leg_h), (ax1, y_back, arm_top - r)),
                        horizontal_cylinder((xc, -d / 2, arm_top - r), (xc, y_back, arm_top - r), r, 12))
        else:
            arm = box((ax0, -d / 2, leg_h), (ax1, y_back, arm_top))
        b.add(f"arm_{side}", arm, fabric)
    cw = (x1 - x0) / seats
    y_seat = y_back - pad_t
    for i in range(seats):
        cx0, cx1 = x0 + i * cw + 0.003, x0 + (i + 1) * cw - 0.003
        b.add(f"seat_cushion_{i}", cushion((cx0, -d / 2, seat_base), (cx1, y_seat, seat_top), 0.025), fabric)
        if pad_t:
            top = h if style == "modern" else h - 0.03
            b.add(f"back_cushion_{i}", cushion((cx0, y_seat, seat_base), (cx1, y_back, top), 0.035), fabric)
    b.surface(seat_surface("seat_cushion_0", seat_top, (x0 + 0.02, -d / 2 + 0.03, x1 - 0.02, y_seat - 0.02)))


def _sofa_legs(b: TreeBuilder, p: dict, w: float, d: float, leg_h: float, seats: int) -> None:
    if p["style"] == "modern":
        b.add("plinth", box((-w / 2 + 0.06, -d / 2 + 0.06, 0.0), (w / 2 - 0.06, d / 2 - 0.06, leg_h)), p["material_wood"])
        return
    inset = 0.07 if p["style"] == "classic" else 0.05
    spots = list(corners(w / 2 - inset, d / 2 - inset))
    if seats >= 3:
        spots += [(0.0, -d / 2 + inset), (0.0, d / 2 - inset)]
    for i, (x, y) in enumerate(spots):
        if p["style"] == "classic":
            b.add(f"leg_{i}", frustum((x, y), 0.018, 0.027, 0.0, leg_h, 8), p["material_wood"])
        else:
            b.add(f"leg_{i}", cylinder((x, y), 0.012, 0.0, leg_h, 8), p["material_metal"])


# --- ottoman, bean bag ---------------------------------------------------------------------------

def _ottoman(b: TreeBuilder, p: dict) -> None:
    w, d, h = dims(p)
    fabric = p["material_fabric"]
    if p["style"] == "modern":
        b.add("body", loft(ring(0, 0, 0.93 * w / 2, 0.93 * d / 2, 0.0), ring(0, 0, w / 2, d / 2, 0.5 * h),
                           ring(0, 0, 0.93 * w / 2, 0.93 * d / 2, h)), fabric)
        b.surface(seat_surface("body", h, (-0.6 * w / 2, -0.6 * d / 2, 0.6 * w / 2, 0.6 * d / 2)))
        return
    pad = min(0.1, 0.3 * h)
    base_z = 0.0
    if p["style"] == "classic":
        base_z = min(0.08, 0.25 * h)
        for i, (x, y) in enumerate(corners(w / 2 - 0.05, d / 2 - 0.05)):
            b.add(f"leg_{i}", frustum((x, y), 0.014, 0.02, 0.0, base_z, 8), p["material_wood"])
    b.add("body", box((-w / 2, -d / 2, base_z), (w / 2, d / 2, h - pad)), fabric)
    b.add("cushion", cushion((-w / 2, -d / 2, h - pad), (w / 2, d / 2, h), 0.03 if p["style"] == "classic" else 0.01), fabric)
    b.surface(seat_surface("cushion", h, (-w / 2 + 0.04, -d / 2 + 0.04, w / 2 - 0.04, d / 2 - 0.04)))


def _bean_bag(b: TreeBuilder, p: dict) -> None:
    w, d, h = dims(p)
    rx, ry = w / 2, d / 2
    if p["style"] == "classic":  # a pear: widest low down, a seat hollow sloping up to the back
        slope = 0.2 * h / (0.6 * ry)  # the top ring runs from 0.6 h at its front to h at the back
        top = ring(0, 0.4 * ry, 0.6 * rx, 0.6 * ry, 0.8 * h, slope=slope)
        b.add("bag", loft(ring(0, 0, 0.8 * rx, 0.8 * ry, 0.0), ring(0, 0, rx, ry, 0.25 * h),
                          ring(0, 0.1 * ry, 0.85 * rx, 0.9 * ry, 0.55 * h), top), p["material_fabric"])
        b.surface(seat_surface("bag", 0.8 * h - slope * 0.3 * ry, (-0.35 * rx, -0.1 * ry, 0.35 * rx, 0.3 * ry)))
        return
    if p["style"] == "modern":  # a round floor cushion
        mesh = loft(ring(0, 0, 0.75 * rx, 0.75 * ry, 0.0), ring(0, 0, rx, ry, 0.45 * h),
                    ring(0, 0, 0.9 * rx, 0.9 * ry, 0.8 * h), ring(0, 0, 0.55 * rx, 0.55 * ry, h))
        inner = 0.4
    else:  # a soft cube
        mesh = cushion((-rx, -ry, 0.0), (rx, ry, h), 0.18 * min(w, d))
        inner = 0.6
    b.add("bag", mesh, p["material_fabric"])
    b.surface(seat_surface("bag", h, (-inner * rx, -inner * ry, inner * rx, inner * ry)))


# --- rug, pillow ---------------------------------------------------------------------------------

def _rug(b: TreeBuilder, p: dict) -> None:
    w, d, h = dims(p)
    if p["style"] == "modern":
        b.add("rug", ellipse_prism(0.0, 0.0, w / 2, d / 2, 0.0, h, 32), p["material_field"])
        return
    if p["style"] == "minimal":
        b.add("rug", box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, h)), p["material_field"])
        return
    bw = min(0.09, 0.1 * min(w, d))
    b.add("rug", box((-w / 2 + bw, -d / 2 + bw, 0.0), (w / 2 - bw, d / 2 - bw, h)), p["material_field"])
    border = merge(box((-w / 2, -d / 2, 0.0), (w / 2, -d / 2 + bw, h)), box((-w / 2, d / 2 - bw, 0.0), (w / 2, d / 2, h)),
                   box((-w / 2, -d / 2 + bw, 0.0), (-w / 2 + bw, d / 2 - bw, h)),
                   box((w / 2 - bw, -d / 2 + bw, 0.0), (w / 2, d / 2 - bw, h)))
    b.add("border", border, p["material_border"])


def _pillow(b: TreeBuilder, p: dict) -> None:
    w, d, h = dims(p)
    if p["style"] == "modern":
        rx, ry = w / 2, d / 2
        mesh = loft(ring(0, 0, 0.7 * rx, 0.7 * ry, 0.0), ring(0, 0, rx, ry, 0.5 * h), ring(0, 0, 0.7 * rx, 0.7 * ry, h))
    else:
        inset = 0.22 * min(w, d) if p["style"] == "classic" else 0.015
        mesh = cushion((-w / 2, -d / 2, 0.0), (w / 2, d / 2, h), inset)
    b.add("pillow", mesh, p["material_fabric"])
