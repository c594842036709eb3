"""Gym equipment: treadmill, exercise bike, weight bench, dumbbell rack, yoga mat, rowing machine and
punching bag; plus the shape helpers (lofts, side-profile extrusions, slanted bars) that the other
room_gym_misc modules share.

Cardio machines face +Y: the user stands or sits facing the console, which is at the back (+Y, the
side that goes against a wall); they get on from the front (-Y) or the sides.

Styles: ``home`` (lighter build: covered flywheel, water rower, round chrome dumbbells, flat mat,
single pad) and ``commercial`` (heavier build: handrails, exposed flywheel, air rower, hex rubber
dumbbells, split pad, tapered bag with weight plates).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from . import common
from .mesh import Mesh, TreeBuilder, box, cylinder, frustum, horizontal_cylinder, merge, prism
from .parttree import PartTree, SupportSurface

STYLES = ("home", "commercial")

_FRAME = ("black_metal", "steel", "plastic_black")
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "treadmill": {"frame": ("black_metal", "steel", "plastic_white"), "body": ("plastic_black", "plastic_white")},
    "exercise_bike": {"frame": _FRAME, "seat": ("leather_black", "plastic_black"),
                      "cover": ("plastic_white", "plastic_black", "painted_grey")},
    "weight_bench": {"frame": ("black_metal", "steel"), "pad": ("leather_black", "leather_brown", "fabric_red")},
    "dumbbell_rack": {"frame": ("black_metal", "steel"), "weights": ("rubber_black", "chrome", "black_metal")},
    "yoga_mat": {"mat": ("foam_blue", "plastic_green", "rubber_black", "fabric_red", "plastic_blue")},
    "rowing_machine": {"frame": ("black_metal", "aluminium", "oak"), "seat": ("plastic_black", "leather_black")},
    "punching_bag": {"frame": ("black_metal", "steel"), "bag": ("leather_black", "leather_brown", "fabric_red")},
}


# --- shape helpers shared by the family -----------------------------------------------------------

def loft(lower: Sequence[Sequence[float]], upper: Sequence[Sequence[float]]) -> Mesh:
    """A closed solid between two convex polygons with corresponding vertices (a sheared or tapered
    prism); the side faces must be planar, e.g. between parallel, similar outlines."""
    a = np.asarray(lower, dtype=np.float64)
    b = np.asarray(upper, dtype=np.float64)
    n = len(a)
    v = np.vstack([a, b])
    faces = [tuple(range(n - 1, -1, -1)), tuple(range(n, 2 * n))]
    faces += [(i, (i + 1) % n, n + (i + 1) % n, n + i) for i in range(n)]
    tris = [(f[0], f[k], f[k + 1]) for f in faces for k in range(1, len(f) - 1)]
    volume = sum(float(np.dot(v[i], np.cross(v[j], v[k]))) for i, j, k in tris)
    if volume < 0:
        faces = [f[::-1] for f in faces]
    return v, tuple(faces)


def extrude_x(outline_yz: Sequence[Sequence[float]], x0: float, x1: float) -> Mesh:
    """A side profile given as (y, z) points, extruded along X from ``x0`` to ``x1``."""
    v, f = prism(outline_yz, x0, x1)
    return v[:, [2, 0, 1]], f


def extrude_y(outline_xz: Sequence[Sequence[float]], y0: float, y1: float) -> Mesh:
    """A front profile given as (x, z) points, extruded along Y from ``y0`` to ``y1``."""
    v, f = prism(outline_xz, -y1, -y0)
    return np.column_stack([v[:, 0], -v[:, 2], v[:, 1]]), f


def annulus_y(x: float, z: float, ro: float, ri: float, y0: float, y1: float, segments: int = 24, half: bool = False) -> Mesh:
    """A flat annulus in the XZ plane from ``y0`` to ``y1`` (a dartboard ring, a tyre), as quads, one
    closed shell per segment; ``half``: its top half only (a mudguard)."""
    parts = []
    for k in range(segments // 2 if half else segments):
        a0, a1 = 2 * math.pi * k / segments, 2 * math.pi * (k + 1) / segments
        pts = [
            (x + ri * math.cos(a0), z + ri * math.sin(a0)),
            (x + ro * math.cos(a0), z + ro * math.sin(a0)),
            (x + ro * math.cos(a1), z + ro * math.sin(a1)),
            (x + ri * math.cos(a1), z + ri * math.sin(a1)),
        ]
        parts.append(extrude_y(pts, y0, y1))
    return merge(*parts)


def bar_yz(p0: Sequence[float], p1: Sequence[float], thick: float, x0: float, x1: float) -> Mesh:
    """A straight bar of ``thick`` in the YZ plane from (y, z) ``p0`` to ``p1``, spanning x0..x1."""
    a = np.asarray(p0, dtype=np.float64)
    b = np.asarray(p1, dtype=np.float64)
    t = b - a
    n = np.array([-t[1], t[0]]) / float(np.linalg.norm(t)) * thick / 2
    return extrude_x([a + n, b + n, b - n, a - n], x0, x1)


def strut(p0: Sequence[float], p1: Sequence[float], hx: float, hy: float) -> Mesh:
    """A rising post from point ``p0`` up to ``p1`` with a horizontal ``2hx x 2hy`` section and
    horizontal end faces (legs, poles, slanted uprights)."""
    def rect(p):
        x, y, z = p
        return [(x - hx, y - hy, z), (x + hx, y - hy, z), (x + hx, y + hy, z), (x - hx, y + hy, z)]
    return loft(rect(p0), rect(p1))


def ellipse(cx: float, cy: float, rx: float, ry: float, segments: int = 16) -> list[tuple[float, float]]:
    """An elliptic outline whose extremes are exactly ``cx +- rx``, ``cy +- ry`` (segments % 4 == 0)."""
    a = np.linspace(0.0, 2.0 * math.pi, segments, endpoint=False)
    return [(cx + rx * math.cos(t), cy + ry * math.sin(t)) for t in a]


def x_cylinder(x0: float, x1: float, y: float, z: float, r: float, segments: int = 12) -> Mesh:
    """A cylinder along X (wheels, rollers, rails); 12 segments keep its extremes exact."""
    return horizontal_cylinder((x0, y, z), (x1, y, z), r, segments)


def y_cylinder(y0: float, y1: float, x: float, z: float, r: float, segments: int = 12) -> Mesh:
    """A cylinder along Y."""
    return horizontal_cylinder((x, y0, z), (x, y1, z), r, segments)


def face_panel(a, b, shrink: float, x0: float, x1: float) -> Mesh:
    """A thin panel (a display) lying on the sloped face from (y, z) ``a`` to ``b``, on its -Y side."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    t = b - a
    n = np.array([t[1], -t[0]]) / float(np.linalg.norm(t))  # outward: toward -Y for a rising face
    if n[0] > 0:
        n = -n
    pa, pb = a + shrink * t + 0.003 * n, b - shrink * t + 0.003 * n
    return bar_yz(pa, pb, 0.006, x0, x1)


def ring(x0: float, x1: float, y0: float, y1: float, t: float, z0: float, z1: float) -> Mesh:
    """A rectangular frame of member width ``t`` whose outside is x0..x1 by y0..y1."""
    return merge(box((x0, y0, z0), (x1, y0 + t, z1)), box((x0, y1 - t, z0), (x1, y1, z1)),
                 box((x0, y0 + t, z0), (x0 + t, y1 - t, z1)), box((x1 - t, y0 + t, z0), (x1, y1 - t, z1)))


def corner_legs(tb: TreeBuilder, xo: float, yo: float, size: float, z1: float, material: str, parent: str) -> None:
    """Four square legs ``leg_0``..``leg_3`` whose outer faces are at x = +-xo, y = +-yo."""
    for i, (sx, sy) in enumerate([(-1, -1), (1, -1), (1, 1), (-1, 1)]):
        x0, x1 = sorted((sx * xo, sx * (xo - size)))
        y0, y1 = sorted((sy * yo, sy * (yo - size)))
        tb.add(f"leg_{i}", box((x0, y0, 0.0), (x1, y1, z1)), material, parent)


# --- sampling and dispatch ------------------------------------------------------------------------

def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    return common.base_params(rng, category, STYLES, _MATERIALS[category], overrides)


def build(params: dict) -> PartTree:
    return _BUILDERS[params["category"]](params)


# --- builders -------------------------------------------------------------------------------------

def _treadmill(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    frame, body = p["material_frame"], p["material_body"]
    heavy = p["style"] == "commercial"
    tb = TreeBuilder(p["category"], p)
    post = 0.06
    dw = w - 2 * post - 0.04
    hood_d = min(0.35, 0.18 * d)
    yk = d / 2 - 0.5
    tb.add("deck", box((-dw / 2, -d / 2, 0.0), (dw / 2, d / 2 - hood_d, 0.18)), body)
    bw = dw - 0.1
    tb.add("belt", box((-bw / 2, -d / 2 + 0.03, 0.18), (bw / 2, d / 2 - hood_d - 0.02, 0.19)), "rubber_black", "deck")
    tb.add("motor_hood", box((-dw / 2, d / 2 - hood_d, 0.0), (dw / 2, d / 2, 0.32 if heavy else 0.26)), body, "deck")
    for side, s in (("left", -1.0), ("right", 1.0)):
        x0, x1 = sorted((s * (w / 2 - post), s * w / 2))
        upright = bar_yz((d / 2 - 0.12, 0.06), (yk + 0.14, h - 0.2), post, x0, x1)
        tb.add(f"upright_{side}", upright, frame, "deck")
        if heavy:
            rail = box((x0, yk - 0.45, h - 0.45), (x1, yk + 0.22, h - 0.41))
            tb.add(f"handrail_{side}", rail, frame, "deck")
    a, dd = (yk, h - 0.2), (yk + 0.12, h)
    console = extrude_x([a, (yk + 0.28, h - 0.2), (yk + 0.28, h), dd], -w / 2 + post, w / 2 - post)
    tb.add("console", console, body, "deck")
    tb.add("display", face_panel(a, dd, 0.15, -w / 2 + post + 0.08, w / 2 - post - 0.08), "screen_black", "console")
    if heavy:
        tb.add("side_rails", merge(box((-dw / 2, -d / 2 + 0.05, 0.18), (-bw / 2, d / 2 - hood_d, 0.2)),
                                   box((bw / 2, -d / 2 + 0.05, 0.18), (dw / 2, d / 2 - hood_d, 0.2))), frame, "deck")
    return tb.build()


def _exercise_bike(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    frame, seat = p["material_frame"], p["material_seat"]
    spin = p["style"] == "commercial"
    tb = TreeBuilder(p["category"], p)
    yr, yf = -d / 2 + 0.04, d / 2 - 0.04
    base = merge(
        box((-w / 2, -d / 2, 0.0), (w / 2, -d / 2 + 0.08, 0.06)),
        box((-w / 2, d / 2 - 0.08, 0.0), (w / 2, d / 2, 0.06)),
        box((-0.03, yr, 0.04), (0.03, yf, 0.1)),
    )
    tb.add("base", base, frame)
    ys = -d / 2 + 0.28 * d
    yh = d / 2 - 0.36 * d
    zs = h - 0.36
    tb.add("frame", merge(
        bar_yz((ys + 0.04, 0.08), (ys - 0.02, zs - 0.06), 0.05, -0.025, 0.025),
        bar_yz((ys + 0.04, 0.12), (yh, 0.62 * h), 0.06, -0.03, 0.03),
        bar_yz((yh + 0.04, 0.08), (yh - 0.02, h - 0.12), 0.05, -0.025, 0.025),
    ), frame, "base")
    tb.add("saddle", box((-0.09, ys - 0.16, zs - 0.06), (0.09, ys + 0.1, zs)), seat, "frame")
    hw = min(0.24, w / 2 - 0.01)
    zb = h - 0.1
    tb.add("handlebars", merge(
        x_cylinder(-hw, hw, yh - 0.02, zb, 0.016),
        y_cylinder(yh - 0.02, yh - 0.22, -hw + 0.016, zb, 0.016),
        y_cylinder(yh - 0.02, yh - 0.22, hw - 0.016, zb, 0.016),
    ), "rubber_black", "frame")
    tb.add("console", box((-0.1, yh - 0.04, h - 0.14), (0.1, yh + 0.06, h)), "plastic_black", "frame")
    r = min(0.24, 0.2 * h, d / 2 - yh - 0.06)
    yc, zc = yh + 0.02, 0.1 + r
    crank_y, crank_z = (ys + yh) / 2 + 0.05, 0.34
    if spin:
        tb.add("flywheel", x_cylinder(-0.03, 0.03, yc, zc, r, 16), "chrome", "frame")
    else:
        tb.add("flywheel_cover", box((-0.08, yc - r, 0.1), (0.08, yc + r, zc + r)), p["material_cover"], "frame")
    pedals = []
    for s in (-1.0, 1.0):  # the left crank arm up, the right one down
        zp = crank_z - s * 0.12
        x0, x1 = sorted((s * 0.05, s * 0.07))
        pedals.append(box((x0, crank_y - 0.02, min(zp, crank_z) - 0.02), (x1, crank_y + 0.02, max(zp, crank_z) + 0.02)))
        x0, x1 = sorted((s * 0.07, s * 0.17))
        pedals.append(box((x0, crank_y - 0.05, zp - 0.015), (x1, crank_y + 0.05, zp + 0.015)))
    tb.add("pedals", merge(*pedals), "plastic_black", "frame")
    return tb.build()


def _weight_bench(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    frame, pad = p["material_frame"], p["material_pad"]
    split = p["style"] == "commercial"
    tb = TreeBuilder(p["category"], p)
    pw = min(0.3, 0.55 * w)
    pt = 0.08
    zp = h - pt
    feet_y = [-d / 2 + 0.12, d / 2 - 0.12] + ([0.0] if split else [])
    parts = [box((-0.035, -d / 2 + 0.1, zp - 0.06), (0.035, d / 2 - 0.1, zp))]
    for y in feet_y:
        parts.append(box((-w / 2, y - 0.03, 0.0), (w / 2, y + 0.03, 0.05)))
        parts.append(box((-0.03, y - 0.03, 0.05), (0.03, y + 0.03, zp - 0.06)))
    tb.add("frame", merge(*parts), frame)
    if split:
        ym = -d / 2 + 0.38 * d
        tb.add("seat", box((-pw / 2, -d / 2, zp), (pw / 2, ym - 0.01, h)), pad, "frame")
        tb.add("backrest", box((-pw / 2, ym + 0.01, zp), (pw / 2, d / 2, h)), pad, "frame")
        yw = d / 2 - 0.045
        tb.add("wheels", merge(x_cylinder(-w / 2 + 0.02, -w / 2 + 0.06, yw, 0.045, 0.04),
                               x_cylinder(w / 2 - 0.06, w / 2 - 0.02, yw, 0.045, 0.04)), "rubber_black", "frame")
        seat_part, y0, y1 = "seat", -d / 2, ym - 0.01
    else:
        tb.add("pad", box((-pw / 2, -d / 2, zp), (pw / 2, d / 2, h)), pad, "frame")
        seat_part, y0, y1 = "pad", -d / 2, d / 2
    tb.surface(SupportSurface("seat", "seat", seat_part, h, (-pw / 2 + 0.02, y0 + 0.02, pw / 2 - 0.02, y1 - 0.02), 1.0))
    return tb.build()


def _dumbbell_rack(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    frame, weights = p["material_frame"], p["material_weights"]
    hexes = p["style"] == "commercial"
    tb = TreeBuilder(p["category"], p)
    st, sh = 0.05, 0.025  # side post size, top shelf thickness
    xi0, xi1 = -w / 2 + st, w / 2 - st
    usable = h - sh - 0.1
    tiers = [0.1, 0.1 + 0.45 * usable]
    parts = []
    for s in (-1.0, 1.0):
        x0, x1 = sorted((s * w / 2, s * (w / 2 - st)))
        parts += [box((x0, -d / 2, 0.0), (x1, d / 2, 0.04)),
                  box((x0, -d / 2 + 0.04, 0.04), (x1, -d / 2 + 0.04 + st, h - sh)),
                  box((x0, d / 2 - 0.04 - st, 0.04), (x1, d / 2 - 0.04, h - sh))]
    length = min(0.38, d - 0.08)
    head = min(0.09, 0.25 * length)
    rail_y = length / 2 - head / 2
    for z in tiers:
        parts += [box((xi0, -rail_y - 0.02, z - 0.03), (xi1, -rail_y + 0.02, z)),
                  box((xi0, rail_y - 0.02, z - 0.03), (xi1, rail_y + 0.02, z))]
    tb.add("frame", merge(*parts), frame)
    tb.add("top_shelf", box((-w / 2, -d / 2 + 0.02, h - sh), (w / 2, d / 2 - 0.02, h)), frame, "frame")
    tb.surface(SupportSurface("shelf_0", "shelf", "top_shelf", h, (xi0, -d / 2 + 0.04, xi1, d / 2 - 0.04), 0.5))
    segments = 6 if hexes else 12
    r_max = [min(0.075, 0.16 * usable), min(0.055, 0.12 * usable)]
    k = 0
    for z, rm in zip(tiers, r_max):
        n = max(1, int((xi1 - xi0 - 0.02) // (2 * rm + 0.025)))
        pitch = (xi1 - xi0) / n
        for i in range(n):
            r = rm * (0.6 + 0.4 * (i + 1) / n)
            x = xi0 + pitch * (i + 0.5)
            zc = z + r
            mesh = merge(
                y_cylinder(-length / 2, -length / 2 + head, x, zc, r, segments),
                y_cylinder(-length / 2 + head, length / 2 - head, x, zc, 0.016, 8),
                y_cylinder(length / 2 - head, length / 2, x, zc, r, segments),
            )
            tb.add(f"dumbbell_{k}", mesh, weights, "frame")
            k += 1
    return tb.build()


def _yoga_mat(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    tb = TreeBuilder(p["category"], p)
    if p["style"] == "commercial":
        c = min(0.04, 0.1 * w)
        outline = [(-w / 2 + c, -d / 2), (w / 2 - c, -d / 2), (w / 2, -d / 2 + c), (w / 2, d / 2 - c),
                   (w / 2 - c, d / 2), (-w / 2 + c, d / 2), (-w / 2, d / 2 - c), (-w / 2, -d / 2 + c)]
        tb.add("mat", prism(outline, 0.0, h), p["material_mat"])
    else:
        tb.add("mat", box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, h)), p["material_mat"])
    return tb.build()


def _rowing_machine(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    frame, seat = p["material_frame"], p["material_seat"]
    air = p["style"] == "commercial"
    tb = TreeBuilder(p["category"], p)
    zr = min(0.3, 0.5 * h - 0.05)
    rf = min(0.26, w / 2 - 0.02, (h - 0.2) / 2)
    yf = d / 2 - rf
    tb.add("rail", merge(
        box((-0.045, -d / 2, zr - 0.05), (0.045, yf, zr)),
        box((-0.2 * w, -d / 2, 0.0), (0.2 * w, -d / 2 + 0.08, zr - 0.05)),
        box((-w / 2, yf - 0.12, 0.0), (w / 2, yf + 0.02, 0.06)),
    ), frame)
    ys = -d / 2 + 0.45 * d
    tb.add("seat", box((-0.14, ys - 0.15, zr + 0.04), (0.14, ys + 0.13, zr + 0.1)), seat, "rail")
    tb.add("seat_rollers", box((-0.06, ys - 0.1, zr), (0.06, ys + 0.1, zr + 0.04)), "plastic_black", "seat")
    yfoot = yf - rf - 0.2
    tb.add("footrests", merge(
        bar_yz((yfoot - 0.08, zr + 0.02), (yfoot + 0.04, zr + 0.22), 0.03, -0.17, -0.03),
        bar_yz((yfoot - 0.08, zr + 0.02), (yfoot + 0.04, zr + 0.22), 0.03, 0.03, 0.17),
    ), "plastic_black", "rail")
    zc = 0.06 + rf
    if air:
        tb.add("fan_housing", x_cylinder(-min(0.2, w / 2 - 0.02), min(0.2, w / 2 - 0.02), yf, zc, rf, 12),
               "plastic_black", "rail")
    else:
        tb.add("water_tank", cylinder((0.0, yf), rf, 0.06, zc + 0.08, 16), "water", "rail")
    zm = h - 0.16
    tb.add("monitor_arm", bar_yz((yf - 0.05, zc), (yf - 0.22, zm), 0.04, -0.02, 0.02), frame, "rail")
    tb.add("monitor", box((-0.1, yf - 0.27, zm), (0.1, yf - 0.21, h)), "screen_black", "monitor_arm")
    tb.add("handle", x_cylinder(-0.25 * w, 0.25 * w, yfoot + 0.1, min(zr + 0.3, h - 0.2), 0.015), "rubber_black", "rail")
    return tb.build()


def _punching_bag(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    frame, bag = p["material_frame"], p["material_bag"]
    pro = p["style"] == "commercial"
    tb = TreeBuilder(p["category"], p)
    t = 0.06
    yp = d / 2 - t
    rb = min(0.2, w / 2 - 0.1, 0.22 * d)
    yb = min(-d / 2 + 0.35 * d, yp - rb - 0.25)
    tb.add("stand", merge(
        box((-w / 2, -d / 2, 0.0), (-w / 2 + t, d / 2, 0.05)),
        box((w / 2 - t, -d / 2, 0.0), (w / 2, d / 2, 0.05)),
        box((-w / 2 + t, yp, 0.0), (w / 2 - t, d / 2, 0.05)),
        box((-t / 2, yp, 0.05), (t / 2, d / 2, h - 0.08)),
        box((-t / 2, yb - 0.04, h - 0.08), (t / 2, d / 2, h)),
    ), frame)
    zb1 = h - 0.08 - 0.25
    zb0 = max(0.3, zb1 - min(1.1, 0.55 * h))
    tb.add("chain", box((-0.006, yb - 0.006, zb1), (0.006, yb + 0.006, h - 0.08)), "steel", "stand")
    if pro:
        zm = zb0 + 0.3 * (zb1 - zb0)
        tb.add("bag", merge(frustum((0.0, yb), 0.65 * rb, rb, zb0, zm, 12), cylinder((0.0, yb), rb, zm, zb1, 12)),
               bag, "chain")
        plates = [y_cylinder(yp - 0.05, yp - 0.005, x, 0.11, 0.11, 12) for x in (-w / 4, w / 4)]
        tb.add("weight_plates", merge(*plates), "black_metal", "stand")
    else:
        tb.add("bag", cylinder((0.0, yb), rb, zb0, zb1, 12), bag, "chain")
    return tb.build()


_BUILDERS = {
    "treadmill": _treadmill,
    "exercise_bike": _exercise_bike,
    "weight_bench": _weight_bench,
    "dumbbell_rack": _dumbbell_rack,
    "yoga_mat": _yoga_mat,
    "rowing_machine": _rowing_machine,
    "punching_bag": _punching_bag,
}
