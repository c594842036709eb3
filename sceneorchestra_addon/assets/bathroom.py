"""Bathroom, laundry and care fixtures: toilet, bathtub, shower, towel rack, laundry basket,
ironing board, exam table and trash can.

Styles: ``classic`` (close-coupled toilet with a tank, alcove bathtub, framed shower cabin, single
towel rail, rectangular hamper, pointed ironing board, cabinet-based exam table, round open
wastebasket) and ``modern`` (back-to-wall toilet on a broad pedestal before a concealed cistern, freestanding oval
tub, frameless shower, towel ladder, round hamper, round-nosed ironing board, steel-framed exam
table, rectangular pedal bin).
"""

from __future__ import annotations

import math

import numpy as np

from . import common
from .kitchen import GAP, bar_handle
from .mesh import Mesh, TreeBuilder, box, box_c, cylinder, frustum, horizontal_cylinder, merge, prism, transform, uv_sphere
from .parttree import Joint, PartTree

STYLES = ("classic", "modern")

DOOR_OPEN = 1.75  # rad
LID_OPEN = 1.57  # rad: a toilet lid stands upright, clear of the tank

_METAL = ("chrome", "brushed_steel", "black_metal")
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "toilet": {"ceramic": ("ceramic_white", "porcelain"), "seat": ("plastic_white", "ceramic_white", "oak", "plastic_black"),
               "metal": ("chrome", "brushed_steel")},
    "bathtub": {"ceramic": ("ceramic_white", "porcelain", "plastic_white"), "metal": _METAL},
    "shower": {"tray": ("ceramic_white", "plastic_white", "concrete"), "glass": ("glass_clear", "glass_frosted"),
               "frame": ("aluminium", "black_metal", "chrome"), "wall": ("plastic_white", "ceramic_white", "marble_white")},
    "towel_rack": {"metal": (*_METAL, "brass"), "towel": ("cotton_white", "fabric_blue", "fabric_grey", "linen_beige", "fabric_green")},
    "laundry_basket": {"body": ("plastic_white", "linen_beige", "pine", "fabric_grey", "plastic_blue"),
                       "clothes": ("fabric_blue", "cotton_white", "fabric_red", "fabric_grey")},
    "ironing_board": {"cover": ("fabric_blue", "linen_beige", "fabric_grey", "cotton_white"), "frame": ("steel", "chrome", "black_metal", "aluminium")},
    "exam_table": {"upholstery": ("leather_black", "leather_brown", "fabric_blue", "fabric_grey"),
                   "base": ("painted_white", "birch", "steel", "aluminium")},
    "trash_can": {"body": ("brushed_steel", "plastic_white", "plastic_black", "plastic_green", "steel"),
                  "trim": ("plastic_black", "chrome", "plastic_white")},
}


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    return common.base_params(rng, category, STYLES, _MATERIALS[category], overrides)


# ----------------------------------------------------------------------------- shape helpers


def _oval(cx: float, cy: float, rx: float, ry: float, n: int = 16) -> list[tuple[float, float]]:
    """CCW points of an ellipse, starting on +X; with ``n`` a multiple of 4 its extents are exact."""
    return [(cx + rx * math.cos(2 * math.pi * i / n), cy + ry * math.sin(2 * math.pi * i / n)) for i in range(n)]


def _ring(points: list[tuple[float, float]], t: float, z0: float, z1: float) -> Mesh:
    """Walls ``t`` thick just inside a CCW outline: one box per edge, outer faces on the outline."""
    walls = []
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        length = math.hypot(x1 - x0, y1 - y0)
        yaw = math.degrees(math.atan2(y1 - y0, x1 - x0))
        walls.append(transform(box((0.0, 0.0, z0), (length, t, z1)), yaw, (x0, y0, 0.0)))
    return merge(*walls)


def _scaled(m: Mesh, sx: float, sy: float, sz: float = 1.0, offset=(0.0, 0.0, 0.0)) -> Mesh:
    v, f = m
    return v * np.array([sx, sy, sz]) + np.asarray(offset, dtype=np.float64), f


def _oval_frustum(cx: float, cy: float, rx: float, ry: float, k0: float, z0: float, z1: float) -> Mesh:
    """An elliptic truncated cone: radii ``k0 * (rx, ry)`` at ``z0`` widening to ``(rx, ry)`` at ``z1``."""
    return _scaled(frustum((0.0, 0.0), k0, 1.0, z0, z1, 16), rx, ry, 1.0, (cx, cy, 0.0))


def _prism_xz(outline: list[tuple[float, float]], y0: float, y1: float) -> Mesh:
    """A convex (x, z) outline extruded along Y from ``y0`` to ``y1``."""
    v, f = prism(outline, y0, y1)
    return v[:, [0, 2, 1]], tuple(tuple(reversed(poly)) for poly in f)


# ----------------------------------------------------------------------------- fixtures


def _toilet(b: TreeBuilder, p: dict, w: float, d: float, h: float) -> None:
    classic = p["style"] == "classic"
    ceramic, metal = p["material_ceramic"], p["material_metal"]
    rim = min(0.4, h - 0.3)
    y_tank = d / 2 - (0.2 if classic else 0.14)
    hinge_y = y_tank - 0.03
    rx = min(0.18, w / 2 - 0.01)
    cy, ry = (-d / 2 + y_tank + 0.02) / 2, (y_tank + 0.02 + d / 2) / 2
    deck = box((-0.5 * rx, y_tank - 0.06, rim - 0.2), (0.5 * rx, y_tank + (0.1 if classic else 0.0), rim))
    bowl = [_oval_frustum(0.0, cy, rx, ry, 0.6, rim - 0.22, rim), deck]
    if classic:
        bowl.append(_oval_frustum(0.0, cy + 0.2 * ry, 0.5 * rx, 0.5 * ry, 1.2, 0.0, rim - 0.22))
        tank = merge(box((-w / 2 + 0.01, y_tank, rim), (w / 2 - 0.01, d / 2 - 0.01, h - 0.025)),
                     box((-w / 2, y_tank - 0.01, h - 0.025), (w / 2, d / 2, h)))
        flush = box((-w / 2 + 0.03, y_tank - 0.012, h - 0.09), (-w / 2 + 0.08, y_tank, h - 0.07))
    else:  # back-to-wall: a broad, smooth pedestal to the floor, flush against a boxed-in cistern with a flush plate
        bowl.append(_oval_frustum(0.0, cy + 0.15 * ry, 0.75 * rx, 0.85 * ry, 1.05, 0.0, rim - 0.22))
        tank = box((-w / 2, y_tank, 0.0), (w / 2, d / 2, h))
        flush = box((-0.1, y_tank - 0.006, h - 0.25), (0.1, y_tank, h - 0.1))
    b.add("bowl", merge(*bowl), ceramic)
    b.add("tank", tank, ceramic, parent="bowl")
    b.add("flush_button", flush, metal, parent="tank")
    scy, sry = (-d / 2 + hinge_y) / 2, (hinge_y + d / 2) / 2
    b.add("seat", _ring(_oval(0.0, scy, rx, sry), 0.05, rim, rim + 0.02), p["material_seat"], parent="bowl")
    b.add("water", prism(_oval(0.0, scy, rx - 0.065, sry - 0.065), rim, rim + 0.003), "water", parent="bowl")
    b.add("lid", prism(_oval(0.0, scy, rx, sry), rim + 0.022, rim + 0.04), p["material_seat"], parent="bowl")
    b.joint(Joint("lid_hinge", "revolute", "bowl", "lid", (0.0, hinge_y, rim + 0.04), (-1.0, 0.0, 0.0), 0.0, LID_OPEN))


def _bathtub(b: TreeBuilder, p: dict, w: float, d: float, h: float) -> None:
    t, floor = 0.06, 0.12
    classic = p["style"] == "classic"
    if classic:  # alcove: a rectangular apron tub, the deck wider at the back
        x0, x1, y0, y1 = -w / 2 + 0.08, w / 2 - 0.08, -d / 2 + t, d / 2 - 0.1
        tub = merge(box((-w / 2, -d / 2, 0.0), (w / 2, y0, h)), box((-w / 2, y1, 0.0), (w / 2, d / 2, h)),
                    box((-w / 2, y0, 0.0), (x0, y1, h)), box((x1, y0, 0.0), (w / 2, y1, h)),
                    box((x0, y0, 0.0), (x1, y1, floor)))
    else:  # freestanding oval shell on a plinth
        x0 = -w / 2 + t
        tub = merge(_ring(_oval(0.0, 0.0, w / 2, d / 2, 24), t, 0.1, h),
                    prism(_oval(0.0, 0.0, w / 2 - t / 2, d / 2 - t / 2, 24), 0.1, floor + 0.04),
                    prism(_oval(0.0, 0.0, 0.8 * w / 2, 0.75 * d / 2, 24), 0.0, 0.1))
    b.add("tub", tub, p["material_ceramic"])
    zs = h - 0.1
    faucet = merge(horizontal_cylinder((x0 - 0.01, 0.0, zs), (x0 + 0.14, 0.0, zs), 0.015),
                   *[horizontal_cylinder((x0 - 0.01, y, zs + 0.05), (x0 + 0.04, y, zs + 0.05), 0.02) for y in (-0.1, 0.1)])
    b.add("faucet", faucet, p["material_metal"], parent="tub")
    z_in = floor if classic else floor + 0.04  # the inner floor
    b.add("drain", cylinder((x0 + 0.15, 0.0), 0.03, z_in, z_in + 0.005), p["material_metal"], parent="tub")


def _shower(b: TreeBuilder, p: dict, w: float, d: float, h: float) -> None:
    framed = p["style"] == "classic"
    tray_h, gt, hd, back = 0.07, 0.008, 0.025, 0.03
    y_face = -d / 2 + hd
    top = h - 0.035 if framed else h
    glass, frame = p["material_glass"], p["material_frame"]
    b.add("tray", box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, tray_h)), p["material_tray"])
    b.add("drain", cylinder((0.0, 0.0), 0.05, tray_h, tray_h + 0.003), "chrome", parent="tray")
    b.add("back_panel", box((-w / 2, d / 2 - back, tray_h), (w / 2, d / 2, h)), p["material_wall"], parent="tray")
    for name, x0 in (("panel_left", -w / 2), ("panel_right", w / 2 - gt)):
        b.add(name, box((x0, y_face, tray_h), (x0 + gt, d / 2 - back, top)), glass, parent="tray")
    split = -w / 2 + gt + max(0.1, w - 2 * gt - 0.65)
    post = 0.025 if framed else gt
    b.add("panel_front", box((-w / 2 + post, y_face, tray_h), (split - 0.003, y_face + gt, top)), glass, parent="tray")
    if framed:
        posts = [box((x, y_face - 0.012, tray_h), (x + 0.025, y_face + gt + 0.012, h)) for x in (-w / 2, w / 2 - 0.025)]
        rails = [box((-w / 2, y_face - 0.012, top), (w / 2, y_face + gt + 0.012, h)),
                 *[box((x, y_face + gt + 0.012, top), (x + 0.025, d / 2 - back, h)) for x in (-w / 2, w / 2 - 0.025)]]
        b.add("frame", merge(*posts, *rails), frame, parent="tray")
    x1 = w / 2 - post - GAP
    z0, z1 = tray_h + 0.01, top - GAP
    b.add("door", box((split, y_face, z0), (x1, y_face + gt, z1)), glass, parent="tray")
    b.add("handle_0", bar_handle(split + 0.05, (z0 + z1) / 2 + 0.1, 0.3, True, y_face, hd), frame, parent="door")
    b.joint(Joint("door_hinge", "revolute", "tray", "door", (x1, y_face, (z0 + z1) / 2), (0.0, 0.0, 1.0), 0.0, DOOR_OPEN))
    yp = d / 2 - back - 0.025
    head = merge(cylinder((0.0, yp), 0.012, 0.95, h - 0.2), box((-0.012, yp - 0.2, h - 0.224), (0.012, yp + 0.012, h - 0.2)),
                 cylinder((0.0, yp - 0.2), 0.09 if framed else 0.12, h - 0.25, h - 0.224, 16),
                 box((-0.06, yp - 0.02, 1.0), (0.06, yp + 0.025, 1.08)))
    b.add("shower_head", head, "chrome", parent="back_panel")


def _towel_rack(b: TreeBuilder, p: dict, w: float, d: float, h: float) -> None:
    metal, tt, rb = p["material_metal"], 0.006, 0.01
    if p["style"] == "classic":  # one rail on two wall brackets, the towel hanging to the bottom
        yb, zb = -d / 2 + tt + rb + 0.001, h - 0.03
        rails = [horizontal_cylinder((-w / 2, yb, zb), (w / 2, yb, zb), rb, 12)]
        rails += [merge(box((x - 0.01, yb, zb - 0.01), (x + 0.01, d / 2 - 0.008, zb + 0.01)),
                        box((x - 0.025, d / 2 - 0.008, zb - 0.03), (x + 0.025, d / 2, h)))
                  for x in (-w / 2 + 0.04, w / 2 - 0.04)]
        hang = 0.0
    else:  # a ladder of bars between two stiles, the towel over the second bar from the top
        rs = 0.014
        ys = -d / 2 + max(rs, rb + 0.001 + tt)
        n = max(2, int(h / 0.12))
        bars = np.linspace(0.06, h - 0.04, n)
        rails = [cylinder((x, ys), rs, 0.0, h) for x in (-w / 2 + rs, w / 2 - rs)]
        rails += [horizontal_cylinder((-w / 2 + rs, ys, z), (w / 2 - rs, ys, z), rb) for z in bars]
        rails += [box((x - 0.01, ys, z - 0.01), (x + 0.01, d / 2, z + 0.01)) for x in (-w / 2 + rs, w / 2 - rs) for z in (0.1, h - 0.1)]
        yb, zb = ys, float(bars[-2])
        hang = max(0.0, zb - 0.45)
    b.add("rail", merge(*rails), metal)
    tw = min(0.6 * w, w - 0.14)
    y_front, y_back = yb - rb - 0.001 - tt, yb + rb + 0.001
    towel = merge(box((-tw / 2, y_front, hang), (tw / 2, y_front + tt, zb)),
                  box((-tw / 2, y_back, max(hang, 0.2 * zb)), (tw / 2, y_back + tt, zb)),
                  box((-tw / 2, y_front, zb + rb + 0.001), (tw / 2, y_back + tt, zb + rb + 0.001 + tt)))
    b.add("towel", towel, p["material_towel"], parent="rail")


def _laundry_basket(b: TreeBuilder, p: dict, w: float, d: float, h: float) -> None:
    t = 0.012
    if p["style"] == "classic":  # rectangular, with a thicker rim band
        outline = [(-w / 2, -d / 2), (w / 2, -d / 2), (w / 2, d / 2), (-w / 2, d / 2)]
        bottom = box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, t))
    else:
        outline = _oval(0.0, 0.0, w / 2, d / 2)
        bottom = prism(_oval(0.0, 0.0, w / 2 - t / 2, d / 2 - t / 2), 0.0, t)
    b.add("basket", merge(_ring(outline, t, 0.0, h), _ring(outline, 0.025, h - 0.03, h), bottom), p["material_body"])
    clothes = _scaled(uv_sphere((0.0, 0.0, 0.0), 1.0, 5, 10), 0.32 * w, 0.28 * d, 0.3 * h, (0.0, 0.0, 0.35 * h))
    b.add("clothes", clothes, p["material_clothes"], parent="basket")


def _ironing_board(b: TreeBuilder, p: dict, w: float, d: float, h: float) -> None:
    nose = min(0.35, 0.3 * w)
    tail, tip = -w / 2, w / 2
    if p["style"] == "classic":
        outline = [(tail, -d / 2), (tip - nose, -d / 2), (tip - 0.3 * nose, -0.35 * d), (tip, 0.0), (tip - 0.3 * nose, 0.35 * d),
                   (tip - nose, d / 2), (tail, d / 2)]
    else:
        arc = [(tip - nose + nose * math.cos(a), d / 2 * math.sin(a)) for a in np.linspace(-math.pi / 2, math.pi / 2, 7)]
        outline = [(tail, -d / 2), *arc, (tail, d / 2)]
    b.add("board", prism(outline, h - 0.03, h - 0.012), p["material_frame"])
    b.add("cover", prism(outline, h - 0.012, h), p["material_cover"], parent="board")
    r, zt, ys = 0.011, h - 0.042, 0.35 * d
    legs, feet = [], []
    for xf, xt in ((-0.35 * w, 0.1 * w), (0.25 * w, -0.25 * w)):
        legs += [horizontal_cylinder((xf, y, 0.015), (xt, y, zt), r, 8) for y in (-ys, ys)]
        legs.append(horizontal_cylinder((xt, -ys, zt), (xt, ys, zt), r, 8))
        feet.append(box((xf - 0.025, -0.42 * d, 0.0), (xf + 0.025, 0.42 * d, 0.025)))
    b.add("legs", merge(*legs), p["material_frame"], parent="board")
    b.add("feet", merge(*feet), "rubber_black", parent="legs")


def _exam_table(b: TreeBuilder, p: dict, w: float, d: float, h: float) -> None:
    zp = h - 0.12  # the pad top; the raised headrest reaches h
    upholstery = p["material_upholstery"]
    if p["style"] == "classic":
        base = merge(box((-w / 2 + 0.1, -d / 2 + 0.05, 0.08), (w / 2 - 0.1, d / 2 - 0.05, zp - 0.07)),
                     box((-w / 2 + 0.15, -d / 2 + 0.09, 0.0), (w / 2 - 0.15, d / 2 - 0.09, 0.08)))
    else:
        corners = [(x, y) for x in (-w / 2 + 0.08, w / 2 - 0.08) for y in (-d / 2 + 0.06, d / 2 - 0.06)]
        legs = [box_c((x, y, (zp - 0.07) / 2), (0.04, 0.04, zp - 0.07)) for x, y in corners]
        rails = [box((-w / 2 + 0.06, y - 0.02, zp - 0.12), (w / 2 - 0.06, y + 0.02, zp - 0.07)) for y in (-d / 2 + 0.06, d / 2 - 0.06)]
        shelf = box((-w / 2 + 0.1, -d / 2 + 0.08, 0.18), (w / 2 - 0.1, d / 2 - 0.08, 0.2))
        base = merge(*legs, *rails, shelf)
    b.add("base", base, p["material_base"])
    b.add("pad", box((-w / 2, -d / 2, zp - 0.07), (w / 2, d / 2, zp)), upholstery, parent="base")
    rest = min(0.55, 0.3 * w)
    b.add("headrest", _prism_xz([(w / 2 - rest, zp), (w / 2, zp), (w / 2, h)], -d / 2, d / 2), upholstery, parent="pad")
    pw = min(0.25, d / 2 - 0.1)
    b.add("paper", box((-w / 2 + 0.03, -pw, zp), (w / 2 - rest - 0.02, pw, zp + 0.002)), "paper_white", parent="pad")
    xr, zr = -w / 2 + 0.05, zp - 0.12
    b.add("paper_roll", horizontal_cylinder((xr, -pw, zr), (xr, pw, zr), 0.04, 12), "paper_white", parent="pad")
    holder = [box((xr - 0.01, y, zr - 0.01), (xr + 0.01, y + 0.01, zp - 0.07)) for y in (-pw - 0.012, pw + 0.002)]
    b.add("roll_holder", merge(*holder), "chrome", parent="pad")


def _trash_can(b: TreeBuilder, p: dict, w: float, d: float, h: float) -> None:
    if p["style"] == "classic":  # round open wastebasket with a rolled rim
        body = merge(_ring(_oval(0.0, 0.0, w / 2, d / 2), 0.006, 0.0, h - 0.02), prism(_oval(0.0, 0.0, w / 2 - 0.003, d / 2 - 0.003), 0.0, 0.008))
        b.add("bin", body, p["material_body"])
        b.add("rim", _ring(_oval(0.0, 0.0, w / 2, d / 2), 0.012, h - 0.02, h), p["material_trim"], parent="bin")
        return
    b.add("bin", box((-w / 2, -d / 2 + 0.03, 0.0), (w / 2, d / 2, h - 0.03)), p["material_body"])
    b.add("lid", box((-w / 2, -d / 2 + 0.03, h - 0.03), (w / 2, d / 2, h)), p["material_trim"], parent="bin")
    b.add("pedal", box((-0.06, -d / 2, 0.02), (0.06, -d / 2 + 0.03, 0.045)), p["material_trim"], parent="bin")


_BUILDERS = {
    "toilet": _toilet, "bathtub": _bathtub, "shower": _shower, "towel_rack": _towel_rack, "laundry_basket": _laundry_basket,
    "ironing_board": _ironing_board, "exam_table": _exam_table, "trash_can": _trash_can,
}


def build(params: dict) -> PartTree:
    category = params["category"]
    w, d, h = common.dims(params)
    b = TreeBuilder(category, params)
    _BUILDERS[category](b, params, w, d, h)
    return b.build()
