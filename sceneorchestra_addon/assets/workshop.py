"""Workshop and utility pieces: workbench, rolling tool cabinet, metal shelving unit, coat rack and
water dispenser.

Styles: ``classic`` (a wooden bench with a vise and stretchers, a tool chest with a raised tray lip,
square-post shelving with lipped shelves and a back cross brace, a wooden coat stand on cross
feet with a finial and two tiers of pegs, a top-loading bottle water cooler) and ``modern`` (a
steel-framed bench with an apron and a power strip, a tool cart with a stainless worktop, tubular
wire-style shelving, a metal coat stand on a disc base, a bottle-less point-of-use dispenser).
"""

from __future__ import annotations

import math

import numpy as np

from . import common
from .casework import Case, Cell, Look
from .gym import corner_legs, ellipse, extrude_y, ring, strut, x_cylinder
from .mesh import Mesh, TreeBuilder, box, cylinder, frustum, merge, prism, uv_sphere
from .parttree import PartTree, SupportSurface

STYLES = ("classic", "modern")

_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "workbench": {"top": ("oak", "birch", "pine", "walnut"), "frame": ("pine", "steel", "black_metal", "painted_grey")},
    "tool_cabinet": {"body": ("plastic_red", "black_metal", "painted_blue", "painted_grey"),
                     "handle": ("brushed_steel", "chrome", "aluminium")},
    "shelving_unit": {"frame": ("steel", "black_metal", "chrome", "painted_grey"),
                      "shelf": ("steel", "mdf_black", "pine", "painted_grey", "birch")},
    "coat_rack": {"wood": ("walnut", "oak", "pine", "mdf_black"), "metal": ("black_metal", "chrome", "brass", "brushed_steel")},
    "water_dispenser": {"body": ("plastic_white", "brushed_steel", "plastic_black", "painted_grey")},
}


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    return common.base_params(rng, category, STYLES, _MATERIALS[category], overrides)


def build(params: dict) -> PartTree:
    return _BUILDERS[params["category"]](params)


def _bar_xz(p0: tuple[float, float], p1: tuple[float, float], thick: float, y0: float, y1: float) -> Mesh:
    """A straight bar of ``thick`` in the XZ plane from (x, z) ``p0`` to ``p1``, spanning y0..y1."""
    a, b = np.asarray(p0, dtype=np.float64), np.asarray(p1, dtype=np.float64)
    t = b - a
    n = np.array([-t[1], t[0]]) / float(np.linalg.norm(t)) * thick / 2
    return extrude_y([a + n, b + n, b - n, a - n], y0, y1)


def _workbench(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    frame = p["material_frame"]
    classic = p["style"] == "classic"
    tb = TreeBuilder(p["category"], p)
    tt = 0.05 if classic else 0.04
    zt = h - tt
    tb.add("top", box((-w / 2, -d / 2, zt), (w / 2, d / 2, h)), p["material_top"])
    inset, ls = 0.04, 0.07 if classic else 0.05
    corner_legs(tb, w / 2 - inset, d / 2 - inset, ls, zt, frame, "top")
    xi, yi = w / 2 - inset - ls, d / 2 - inset
    zs = 0.18
    tb.add("lower_shelf", box((-xi, -yi, zs - 0.02), (xi, yi, zs)), p["material_top"], "top")
    ceiling = zt
    if classic:
        ends = [sorted((s * (w / 2 - inset), s * xi)) for s in (-1.0, 1.0)]
        tb.add("stretchers", merge(*[box((a, -yi + ls, 0.08), (b, yi - ls, 0.14)) for a, b in ends]), frame, "top")
        vx0, vx1 = -w / 2 + 0.15, -w / 2 + 0.35
        tb.add("vise", box((vx0, -d / 2, zt - 0.1), (vx1, -d / 2 + 0.06, zt)), "black_metal", "top")
        tb.add("vise_handle", x_cylinder(vx0 - 0.06, vx1 + 0.06, -d / 2 + 0.012, zt - 0.07, 0.008, 8), "steel", "vise")
    else:
        tb.add("apron", ring(-xi, xi, -yi, yi, 0.03, zt - 0.08, zt), frame, "top")
        tb.add("power_strip", box((-0.25, yi - 0.07, zt - 0.125), (0.25, yi - 0.03, zt - 0.08)), "plastic_black", "apron")
        ceiling = zt - 0.125
    tb.surface(SupportSurface("top", "top", "top", h, (-w / 2 + 0.02, -d / 2 + 0.02, w / 2 - 0.02, d / 2 - 0.02), 1.0))
    tb.surface(SupportSurface("shelf_0", "shelf", "lower_shelf", zs, (-xi + 0.01, -yi + 0.01, xi - 0.01, yi - 0.01), ceiling - zs))
    return tb.build()


def _tool_cabinet(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    body = p["material_body"]
    classic = p["style"] == "classic"
    tb = TreeBuilder(p["category"], p)
    look = Look("panel", "bar", body, body, p["material_handle"])
    rw = 0.04
    z0 = 2 * rw + 0.03
    y0 = -d / 2 + look.front_depth
    cap = 0.03 if classic else 0.025
    z1 = h - cap
    n = int(np.clip(round((z1 - z0) / 0.12), 3, 8))
    rows = [(0.7, (Cell("drawer"),))] * (n - 2) + [(1.0, (Cell("drawer"),)), (1.4, (Cell("drawer"),))]
    Case(tb, look).build((-w / 2, w / 2, y0, d / 2, z0, z1), rows)
    for i, (sx, sy) in enumerate([(-1, -1), (1, -1), (1, 1), (-1, 1)]):
        x, y = sx * (w / 2 - 0.06), (y0 + 0.05) if sy < 0 else (d / 2 - 0.05)
        caster = merge(x_cylinder(x - 0.012, x + 0.012, y, rw, rw), box((x - 0.025, y - 0.025, 2 * rw), (x + 0.025, y + 0.025, z0)))
        tb.add(f"caster_{i}", caster, "rubber_black", "carcass")
    if classic:
        tb.add("top_lip", ring(-w / 2, w / 2, y0, d / 2, 0.02, z1, h), body, "carcass")
        rect = (-w / 2 + 0.03, y0 + 0.03, w / 2 - 0.03, d / 2 - 0.03)
        tb.surface(SupportSurface("top", "top", "carcass", z1, rect, 0.6))
    else:
        tb.add("worktop", box((-w / 2, y0, z1), (w / 2, d / 2, h)), "brushed_steel", "carcass")
        rect = (-w / 2 + 0.02, y0 + 0.02, w / 2 - 0.02, d / 2 - 0.02)
        tb.surface(SupportSurface("top", "top", "worktop", h, rect, 0.6))
    return tb.build()


def _shelving_unit(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    frame, shelf = p["material_frame"], p["material_shelf"]
    classic = p["style"] == "classic"
    tb = TreeBuilder(p["category"], p)
    ps = 0.035
    n = int(np.clip(round(h / 0.42), 3, 6))
    tops = [0.12 + i * (h - 0.12) / (n - 1) for i in range(n)]
    posts = []
    for sx, sy in [(-1, -1), (1, -1), (1, 1), (-1, 1)]:
        cx, cy = sx * (w / 2 - ps / 2), sy * (d / 2 - ps / 2)
        posts.append(box((cx - ps / 2, cy - ps / 2, 0.0), (cx + ps / 2, cy + ps / 2, h)) if classic
                     else cylinder((cx, cy), ps / 2, 0.0, h, 12))
    tb.add("posts", merge(*posts), frame)
    xs = w / 2 - ps
    st = 0.008 if classic else 0.02
    for i, z in enumerate(tops):
        plate = [box((-xs, -d / 2, z - st), (xs, d / 2, z))]
        if classic:
            plate += [box((-xs, -d / 2, z - 0.035), (xs, -d / 2 + 0.008, z - st)), box((-xs, d / 2 - 0.008, z - 0.035), (xs, d / 2, z - st))]
        tb.add(f"shelf_{i}", merge(*plate), shelf, "posts")
        ceiling = tops[i + 1] - (0.035 if classic else st) if i + 1 < n else z + 0.4
        tb.surface(SupportSurface(f"shelf_{i}", "shelf", f"shelf_{i}", z, (-xs + 0.01, -d / 2 + 0.01, xs - 0.01, d / 2 - 0.01), ceiling - z))
    if classic:
        za, zb = tops[0], tops[-1] - 0.035
        yb0, yb1 = d / 2 - 0.006, d / 2
        brace = merge(_bar_xz((-xs + 0.02, za + 0.02), (xs - 0.02, zb - 0.02), 0.02, yb0, yb1),
                      _bar_xz((xs - 0.02, za + 0.02), (-xs + 0.02, zb - 0.02), 0.02, yb0 - 0.004, yb0))
        tb.add("cross_brace", brace, frame, "posts")
    return tb.build()


def _coat_rack(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    classic = p["style"] == "classic"
    tb = TreeBuilder(p["category"], p)
    wood, metal = p["material_wood"], p["material_metal"]
    if classic:
        tb.add("base", merge(box((-w / 2, -0.025, 0.0), (w / 2, 0.025, 0.045)), box((-0.025, -d / 2, 0.0), (0.025, -0.025, 0.045)),
                             box((-0.025, 0.025, 0.0), (0.025, d / 2, 0.045))), wood)
        rf = 0.03
        tb.add("pole", cylinder((0.0, 0.0), 0.022, 0.045, h - 2 * rf + 0.005, 12), wood, "base")
        tb.add("finial", uv_sphere((0.0, 0.0, h - rf), rf, 6, 12), wood, "pole")
        tiers, pegs, material = (h - 0.16, h - 0.4), 4, wood
    else:
        tb.add("base", merge(prism(ellipse(0.0, 0.0, w / 2, d / 2, 16), 0.0, 0.02),
                             frustum((0.0, 0.0), 0.06, 0.03, 0.02, 0.06, 12)), metal)
        tb.add("pole", cylinder((0.0, 0.0), 0.016, 0.06, h, 12), metal, "base")
        tiers, pegs, material = (h - 0.12,), 6, metal
    reach = min(0.17, min(w, d) / 2 - 0.03)
    hooks = []
    for k, z in enumerate(tiers):
        for j in range(pegs):
            a = 2 * math.pi * (j + 0.5 * k) / pegs
            c, s = math.cos(a), math.sin(a)
            tip = (reach * c, reach * s, z + 0.09)
            hooks.append(strut((0.012 * c, 0.012 * s, z), tip, 0.008, 0.008))
            hooks.append(uv_sphere(tip, 0.014, 4, 8))
    tb.add("hooks", merge(*hooks), material, "pole")
    return tb.build()


def _water_dispenser(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    body = p["material_body"]
    classic = p["style"] == "classic"
    tb = TreeBuilder(p["category"], p)
    yf = -d / 2 + 0.04
    zb = h - min(0.5, 0.38 * h) if classic else h
    tb.add("body", box((-w / 2, yf, 0.0), (w / 2, d / 2, zb)), body)
    z_tap = min(zb - 0.12, 0.95)
    z_tray = z_tap - 0.25
    tb.add("alcove", box((-0.1, yf - 0.004, z_tray), (0.1, yf, z_tap + 0.06)), "plastic_black", "body")
    tb.add("drip_tray", box((-0.08, -d / 2, z_tray), (0.08, yf - 0.004, z_tray + 0.025)), "plastic_black", "body")
    tb.add("tap_hot", box((-0.07, -d / 2, z_tap - 0.03), (-0.03, yf - 0.004, z_tap + 0.02)), "plastic_red", "body")
    tb.add("tap_cold", box((0.03, -d / 2, z_tap - 0.03), (0.07, yf - 0.004, z_tap + 0.02)), "plastic_blue", "body")
    yc = (yf + d / 2) / 2
    if classic:
        rb = min(0.135, w / 2 - 0.01, (d / 2 - yf) / 2 - 0.01)
        tb.add("collar", cylinder((0.0, yc), 0.07, zb, zb + 0.02, 16), "plastic_black", "body")
        tb.add("bottle", merge(frustum((0.0, yc), 0.03, rb, zb + 0.02, zb + 0.1, 16), cylinder((0.0, yc), rb, zb + 0.1, h, 16)),
               "water", "collar")
    else:
        tb.add("display", box((-0.08, yf - 0.004, h - 0.15), (0.08, yf, h - 0.08)), "screen_black", "body")
        tb.add("front_panel", box((-w / 2 + 0.02, yf - 0.004, 0.05), (w / 2 - 0.02, yf, z_tray - 0.05)), body, "body")
    return tb.build()


_BUILDERS = {
    "workbench": _workbench,
    "tool_cabinet": _tool_cabinet,
    "shelving_unit": _shelving_unit,
    "coat_rack": _coat_rack,
    "water_dispenser": _water_dispenser,
}
