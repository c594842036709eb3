"""Tables and desks: dining, coffee, side, conference, cafe and kids tables, desks, school desks and
reception desks.

A table is a top (rectangular, or round/oval as an ellipse filling the footprint) over one of three
undercarriages: four (or six) legs with an apron, one or two pedestal columns on feet, or two
trestle ends joined by a stretcher. A desk adds a centre drawer under the top, or for the pedestal
style a drawer pedestal and a panel leg; a school desk adds a book tray; a reception desk is a
work top behind a front panel carrying a raised counter.
"""

from __future__ import annotations

import math

import numpy as np

from ..ground.catalog import BY_NAME
from . import casework as cw
from .common import dims
from .mesh import Mesh, TreeBuilder, box, cylinder, merge, prism
from .parttree import PartTree, SupportSurface

STYLES: tuple[str, ...] = ("four_leg", "pedestal", "trestle")

_ROUND_CHANCE = {
    "cafe_table": 0.6,
    "side_table": 0.5,
    "coffee_table": 0.3,
    "dining_table": 0.25,
    "kids_table": 0.3,
    "conference_table": 0.25,
}
_OVAL = ("conference_table",)  # round tops keep their own width and depth
_FRAMES = ("oak", "walnut", "black_metal", "brushed_steel", "painted_white")
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "dining_table": {"top": ("oak", "walnut", "birch", "pine", "painted_white", "marble_white"), "frame": _FRAMES},
    "coffee_table": {"top": ("oak", "walnut", "marble_white", "glass_clear", "mdf_black", "painted_white"), "frame": _FRAMES + ("brass",)},
    "side_table": {"top": ("oak", "walnut", "marble_white", "glass_clear", "painted_white", "birch"), "frame": _FRAMES + ("brass",)},
    "desk": {
        "top": ("oak", "walnut", "birch", "painted_white", "mdf_black"),
        "frame": ("black_metal", "steel", "oak", "walnut", "painted_white"),
        "handle": ("brushed_steel", "black_metal", "brass", "chrome"),
    },
    "conference_table": {
        "top": ("walnut", "oak", "painted_white", "mdf_black", "granite_dark"),
        "frame": ("black_metal", "chrome", "brushed_steel", "walnut"),
    },
    "cafe_table": {
        "top": ("marble_white", "oak", "walnut", "painted_white", "mdf_black"),
        "frame": ("black_metal", "chrome", "brushed_steel", "brass"),
    },
    "kids_table": {
        "top": ("painted_white", "birch", "plastic_yellow", "plastic_blue", "plastic_red"),
        "frame": ("birch", "pine", "plastic_white", "plastic_red", "plastic_green", "plastic_blue"),
    },
    "school_desk": {
        "top": ("birch", "painted_white", "plastic_white", "oak"),
        "frame": ("steel", "black_metal", "painted_blue", "painted_grey"),
    },
    "reception_desk": {
        "top": ("oak", "walnut", "marble_white", "painted_white", "granite_dark"),
        "frame": ("painted_white", "mdf_black", "walnut", "oak", "painted_grey"),
    },
}
RAIL_T = 0.02  # apron rail thickness
TOP_CLEARANCE = 1.0


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    chance = _ROUND_CHANCE.get(category, 0.0)
    extras = {
        "top_shape": lambda r: "round" if r.random() < chance else "rect",
        "top_thickness_m": lambda r: round(float(r.uniform(0.022, 0.045)), 3),
    }
    params = cw.sample_family(rng, category, STYLES, _MATERIALS[category], overrides, extras)
    if params["material_top"].startswith("glass") and "top_thickness_m" not in overrides:
        params["top_thickness_m"] = 0.012
    if params["top_shape"] == "round" and category not in _OVAL:
        cat = BY_NAME[category]
        if "width_m" in overrides and "depth_m" not in overrides:
            params["depth_m"] = params["width_m"]
        elif "depth_m" in overrides and "width_m" not in overrides:
            params["width_m"] = params["depth_m"]
        elif "width_m" not in overrides:
            side = float(np.clip(params["width_m"], cat.min_size[1], cat.max_size[1]))
            side = float(np.clip(side, cat.min_size[0], cat.max_size[0]))
            params["width_m"] = params["depth_m"] = round(side, 3)
    return params


def _top_mesh(round_top: bool, w: float, d: float, z0: float, z1: float) -> Mesh:
    if not round_top:
        return box((-w / 2, -d / 2, z0), (w / 2, d / 2, z1))
    a = np.linspace(0.0, 2.0 * math.pi, 32, endpoint=False)
    return prism(np.column_stack([w / 2 * np.cos(a), d / 2 * np.sin(a)]), z0, z1)


def _legs(
    tb: TreeBuilder,
    hx: float,
    hy: float,
    zu: float,
    lt: float,
    ah: float,
    mat: str,
    round_legs: bool,
    gap: tuple[float, float] | None = None,
) -> None:
    """Legs at the corners of the frame rectangle (a middle pair on long tables) and an apron of rails
    under the top; ``gap`` is an x span left open in the front rail (for a drawer)."""
    pairs = 3 if hx > 1.2 else 2
    xs = np.linspace(-hx + lt / 2, hx - lt / 2, pairs)
    n = 0
    for y in (-hy + lt / 2, hy - lt / 2):
        for x in xs:
            if round_legs:
                leg = cylinder((x, y), lt / 2, 0.0, zu, 10)
            else:
                leg = box((x - lt / 2, y - lt / 2, 0.0), (x + lt / 2, y + lt / 2, zu))
            tb.add(f"leg_{n}", leg, mat, "top")
            n += 1
    z0, o = zu - ah, 0.008
    fronts = [(-hx + lt, hx - lt)] if gap is None else [(-hx + lt, gap[0]), (gap[1], hx - lt)]
    rails = [box((a, -hy + o, z0), (b, -hy + o + RAIL_T, zu)) for a, b in fronts]
    rails += [
        box((-hx + lt, hy - o - RAIL_T, z0), (hx - lt, hy - o, zu)),
        box((-hx + o, -hy + lt, z0), (-hx + o + RAIL_T, hy - lt, zu)),
        box((hx - o - RAIL_T, -hy + lt, z0), (hx - o, hy - lt, zu)),
    ]
    tb.add("apron", merge(*rails), mat, "top")


def _pedestals(tb: TreeBuilder, hx: float, hy: float, zu: float, w: float, d: float, mat: str, round_top: bool) -> None:
    """One central column (two on long tables) on a cross or disc foot, with a cap plate under the top."""
    count = 2 if (w > 1.6 * d and w > 1.2) else 1
    xs = [0.0] if count == 1 else [-w / 4, w / 4]
    r = float(np.clip(0.06 * min(w, d), 0.025, 0.07))
    fh, fw = 0.035, float(np.clip(0.08 * min(w, d), 0.03, 0.07))
    fy = hy
    fx = 0.7 * hx if count == 1 else min(0.35, 0.45 * hx)
    for i, x in enumerate(xs):
        if round_top and count == 1:
            foot = cylinder((x, 0.0), min(fx, fy), 0.0, fh, 16)
        else:
            foot = merge(box((x - fx, -fw / 2, 0.0), (x + fx, fw / 2, fh)), box((x - fw / 2, -fy, 0.0), (x + fw / 2, fy, fh)))
        cap = min(fx, fy, 0.25)
        column = merge(cylinder((x, 0.0), r, fh, zu - 0.02, 12), box((x - cap, -cap, zu - 0.02), (x + cap, cap, zu)))
        tb.add(f"foot_{i}", foot, mat, "top")
        tb.add(f"column_{i}", column, mat, "top")


def _trestles(tb: TreeBuilder, hx: float, hy: float, zu: float, mat: str) -> float:
    """Two end frames (foot, post, cleat) joined by a stretcher; returns the frames' x position."""
    ex = hx - 0.04
    pd = min(0.1, 0.4 * hy)
    for side, x in (("left", -ex), ("right", ex)):
        frame = merge(
            box((x - 0.035, -hy, 0.0), (x + 0.035, hy, 0.05)),
            box((x - 0.03, -pd / 2, 0.05), (x + 0.03, pd / 2, zu - 0.045)),
            box((x - 0.03, -hy + 0.02, zu - 0.045), (x + 0.03, hy - 0.02, zu)),
        )
        tb.add(f"trestle_{side}", frame, mat, "top")
    zs = 0.3 * zu
    tb.add("stretcher", box((-ex + 0.03, -min(0.02, pd / 2), zs - 0.03), (ex - 0.03, min(0.02, pd / 2), zs + 0.03)), mat, "top")
    return ex


def _desk_drawer(tb: TreeBuilder, params: dict, hx: float, hy: float, zu: float, dw: float) -> None:
    """A centre drawer in a shallow case hung under the top, between the legs or trestles."""
    look = cw.Look("panel", "bar", params["material_top"], params["material_top"], params["material_handle"])
    y0 = -hy + look.front_depth
    y1 = hy - 0.01 - RAIL_T - 0.005
    cw.Case(tb, look, "drawer_case", "top").build((-dw / 2, dw / 2, y0, y1, zu - 0.12, zu), [(1.0, (cw.Cell("drawer"),))])


def _desk_pedestal(tb: TreeBuilder, params: dict, hx: float, hy: float, zu: float) -> None:
    """A three-drawer pedestal at the right, a panel leg at the left and a modesty panel between."""
    look = cw.Look("panel", "bar", params["material_top"], params["material_top"], params["material_handle"])
    pw = float(np.clip(0.3 * 2 * hx, 0.3, 0.45))
    rows = [(0.8, (cw.Cell("drawer"),)), (1.0, (cw.Cell("drawer"),)), (1.4, (cw.Cell("drawer"),))]
    cw.Case(tb, look, "pedestal", "top").build((hx - pw, hx, -hy + look.front_depth, hy, 0.0, zu), rows)
    mat = params["material_frame"]
    tb.add("panel_leg", box((-hx, -hy, 0.0), (-hx + 0.03, hy, zu)), mat, "top")
    tb.add("modesty_panel", box((-hx + 0.03, hy - 0.04, 0.45 * zu), (hx - pw, hy - 0.02, zu)), mat, "top")


def _reception(params: dict) -> PartTree:
    """A work top behind a full-width front panel that carries a raised counter; the style picks
    what holds up the back of the work top: two legs, a pedestal block or two end panels."""
    w, d, h = dims(params)
    tt = float(params["top_thickness_m"])
    top_mat, mat = params["material_top"], params["material_frame"]
    tb = TreeBuilder("reception_desk", params)
    ledge = min(0.32, 0.4 * d)
    wh = min(0.75, h - 0.2)
    yf = -d / 2 + 0.06  # back face of the front panel
    xe = w / 2 - 0.02
    tb.add("top", box((-xe, yf, wh - tt), (xe, d / 2, wh)), top_mat)
    tb.add("front_panel", box((-xe, -d / 2 + 0.03, 0.0), (xe, yf, h - 0.03)), mat, "top")
    tb.add("counter", box((-w / 2, -d / 2, h - 0.03), (w / 2, -d / 2 + ledge, h)), top_mat, "front_panel")
    zu = wh - tt
    style = params["style"]
    if style == "four_leg":
        for i, x in enumerate((-xe + 0.05, xe - 0.05)):
            tb.add(f"leg_{i}", box((x - 0.025, d / 2 - 0.08, 0.0), (x + 0.025, d / 2 - 0.03, zu)), mat, "top")
    elif style == "pedestal":
        pw = min(0.45, 0.3 * w)
        tb.add("pedestal", box((xe - pw, yf + 0.01, 0.0), (xe, d / 2 - 0.02, zu)), mat, "top")
        tb.add("leg_0", box((-xe + 0.03, d / 2 - 0.08, 0.0), (-xe + 0.08, d / 2 - 0.03, zu)), mat, "top")
    else:
        for side, x in (("left", -xe), ("right", xe - 0.03)):
            tb.add(f"side_{side}", box((x, yf, 0.0), (x + 0.03, d / 2, zu)), mat, "top")
    work = (-xe + 0.02, -d / 2 + ledge, xe - 0.02, d / 2 - 0.02)
    tb.surface(SupportSurface("top", "top", "top", wh, work, TOP_CLEARANCE))
    counter = (-w / 2 + 0.02, -d / 2 + 0.02, w / 2 - 0.02, -d / 2 + ledge - 0.02)
    tb.surface(SupportSurface("counter", "top", "counter", h, counter, TOP_CLEARANCE))
    return tb.build()


def build(params: dict) -> PartTree:
    category = params["category"]
    if category == "reception_desk":
        return _reception(params)
    w, d, h = dims(params)
    tt = float(params["top_thickness_m"])
    round_top = params["top_shape"] == "round"
    top_mat, mat = params["material_top"], params["material_frame"]
    tb = TreeBuilder(category, params)
    tb.add("top", _top_mesh(round_top, w, d, h - tt, h), top_mat)
    zu = h - tt
    if round_top:
        hx, hy = 0.62 * w / 2, 0.62 * d / 2
    else:
        ov = float(np.clip(0.06 * min(w, d), 0.02, 0.06))
        hx, hy = w / 2 - ov, d / 2 - ov
    lt = float(np.clip(0.025 + 0.025 * min(w, d), 0.03, 0.065))
    ah = float(np.clip(0.1 * h, 0.04, 0.09))
    style = params["style"]
    desk = category == "desk"
    dw = float(np.clip(0.4 * w, 0.35, 0.6))
    if style == "four_leg":
        _legs(tb, hx, hy, zu, lt, ah, mat, round_top, (-dw / 2, dw / 2) if desk else None)
        inner = hx - lt
    elif style == "trestle":
        inner = _trestles(tb, hx, hy, zu, mat) - 0.03
    elif desk:
        _desk_pedestal(tb, params, hx, hy, zu)
    else:
        _pedestals(tb, hx, hy, zu, w, d, mat, round_top)
        inner = 0.8 * hx
    if desk and style != "pedestal":
        _desk_drawer(tb, params, hx, hy, zu, dw)
    if category == "school_desk":  # an open book tray under the top, with a lip at the back
        zt = zu - ah - 0.1
        tray = merge(
            box((-inner, -hy + 0.08, zt - 0.012), (inner, hy - 0.03, zt)),
            box((-inner, hy - 0.03 - 0.012, zt), (inner, hy - 0.03, zt + 0.08)),
        )
        tb.add("book_tray", tray, mat, "top")
    if round_top:
        rect = (-0.7 * w / 2, -0.7 * d / 2, 0.7 * w / 2, 0.7 * d / 2)
    else:
        rect = (-w / 2 + 0.02, -d / 2 + 0.02, w / 2 - 0.02, d / 2 - 0.02)
    tb.surface(SupportSurface("top", "top", "top", h, rect, TOP_CLEARANCE))
    return tb.build()
