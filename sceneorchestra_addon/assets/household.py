"""Household pieces that stand on the floor: carts and trolleys (bar, kitchen, library), umbrella
and magazine stands, plant stands, folding screens and office partitions, console and dressing
tables, a clothes airer, a step ladder, a fireplace, an aquarium, a lectern, a flip chart and an
artist's easel.

Pieces are sketched at their sampled size and fitted exactly onto it (``mesh.FitBuilder``).

Styles: ``classic`` (wood, trays with raised lips, turned and tapered legs, a framed fabric screen,
a stone surround with logs, a pedestal lectern, tripod easels) and ``modern`` (tubular metal frames,
flat shelves, slab ends, a solid panel screen, a slim surround with a linear fire, a panel lectern,
a flip chart on a T-base and a double-sided kids' easel).
"""

from __future__ import annotations

import math

import numpy as np

from . import common
from .gym import bar_yz, ellipse, extrude_x, extrude_y, ring, strut, x_cylinder
from .mesh import FitBuilder, Mesh, box, cylinder, frustum, merge, prism
from .parttree import Joint, PartTree, SupportSurface
from .tableware import lathe, oriented_box, shell

STYLES = ("classic", "modern")

_WOOD = ("oak", "walnut", "pine", "birch", "painted_white", "mdf_black")
_METAL = ("black_metal", "brass", "chrome", "brushed_steel", "steel")
_FABRIC = ("linen_beige", "fabric_grey", "fabric_blue", "cotton_white", "fabric_green")
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "bar_cart": {"frame": ("brass", "black_metal", "chrome", "walnut"), "shelf": ("glass_clear", "walnut", "oak", "marble_white", "mdf_black")},
    "kitchen_cart": {"frame": ("painted_white", "steel", "black_metal", "pine"), "shelf": ("oak", "birch", "brushed_steel", "walnut")},
    "book_cart": {"frame": ("oak", "birch", "steel", "painted_grey"), "shelf": ("oak", "birch", "painted_grey", "mdf_black")},
    "umbrella_stand": {
        "body": ("ceramic_white", "ceramic_blue", "brushed_steel", "black_metal", "terracotta"),
        "accent": ("fabric_blue", "fabric_red", "plastic_black", "fabric_green"),
    },
    "magazine_rack": {
        "frame": ("oak", "walnut", "black_metal", "chrome", "birch"),
        "accent": ("book_cover_red", "book_cover_blue", "book_cover_green", "paper_white"),
    },
    "plant_stand": {"frame": ("oak", "walnut", "black_metal", "brass", "birch"), "shelf": ("oak", "walnut", "marble_white", "pine")},
    "room_divider": {"frame": ("oak", "walnut", "black_metal", "pine"), "panel": (*_FABRIC, "paper_white")},
    "office_partition": {
        "frame": ("aluminium", "steel", "painted_grey", "black_metal"),
        "panel": ("fabric_grey", "fabric_blue", "fabric_green", "linen_beige"),
    },
    "console_table": {
        "frame": ("oak", "walnut", "black_metal", "brass", "painted_white"),
        "top": ("oak", "walnut", "marble_white", "glass_clear", "mdf_black"),
    },
    "dressing_table": {"frame": ("painted_white", "oak", "walnut", "birch", "mdf_black"), "accent": ("brass", "chrome", "brushed_steel")},
    "drying_rack": {"frame": ("pine", "birch", "steel", "plastic_white", "aluminium"), "accent": ("plastic_white", "plastic_blue", "steel")},
    "step_ladder": {"frame": ("aluminium", "pine", "oak", "steel"), "accent": ("plastic_black", "plastic_red", "rubber_black")},
    "fireplace": {"frame": ("marble_white", "painted_white", "concrete", "granite_dark", "oak"), "accent": ("black_metal", "granite_dark")},
    "aquarium": {"frame": ("mdf_black", "walnut", "oak", "painted_white", "black_metal"), "accent": ("plastic_black", "black_metal")},
    "lectern": {"frame": ("oak", "walnut", "mdf_black", "aluminium", "glass_frosted"), "accent": ("brass", "black_metal", "chrome")},
    "flip_chart": {"frame": ("aluminium", "black_metal", "steel"), "accent": ("plastic_black", "plastic_blue", "plastic_red")},
    "easel": {"frame": ("pine", "birch", "oak", "painted_white"), "accent": ("plastic_red", "plastic_yellow", "plastic_blue")},
}


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    return common.base_params(rng, category, STYLES, _MATERIALS[category], overrides)


def build(params: dict) -> PartTree:
    return common.fitted_build(params, _BUILDERS)


# --- shared pieces -------------------------------------------------------------------------------


def _casters(tb: FitBuilder, x: float, y: float, r: float, parent: str) -> None:
    """Four wheels on forks under the corners at +-x, +-y (wheel bottoms at z = 0)."""
    for i, (sx, sy) in enumerate([(-1, -1), (1, -1), (1, 1), (-1, 1)]):
        cx, cy = sx * x, sy * y
        wheel = x_cylinder(cx - 0.012, cx + 0.012, cy, r, r)
        fork = box((cx - 0.018, cy - 0.018, r), (cx + 0.018, cy + 0.018, 2 * r + 0.02))
        tb.add(f"caster_{i}", merge(wheel, fork), "rubber_black", parent)


def _posts(x: float, y: float, z0: float, z1: float, size: float, round_: bool) -> Mesh:
    """Four corner posts whose centres are at +-x, +-y."""
    if round_:
        return merge(*[cylinder((sx * x, sy * y), size / 2, z0, z1, 12) for sx in (-1, 1) for sy in (-1, 1)])
    return merge(*[box((sx * x - size / 2, sy * y - size / 2, z0), (sx * x + size / 2, sy * y + size / 2, z1)) for sx in (-1, 1) for sy in (-1, 1)])


def _bar(p0, p1, thick: float) -> Mesh:
    """A slanted or straight bar with a ``thick`` square section between two 3-D points."""
    a, b = np.asarray(p0, dtype=np.float64), np.asarray(p1, dtype=np.float64)
    if abs(b[2] - a[2]) > 1e-6:
        lo, hi = (a, b) if a[2] < b[2] else (b, a)
        return strut(tuple(lo), tuple(hi), thick / 2, thick / 2)
    t = b - a
    u = t / float(np.linalg.norm(t))
    n = np.array([-u[1], u[0], 0.0]) * thick
    return oriented_box(a - n / 2 - np.array([0.0, 0.0, thick / 2]), t, n, (0.0, 0.0, thick))


def _shelf_surface(tb: FitBuilder, name: str, kind: str, part: str, z: float, x: float, y: float, clearance: float) -> None:
    tb.surface(SupportSurface(name, kind, part, z, (-x, -y, x, y), clearance))


# --- carts ---------------------------------------------------------------------------------------


def _cart(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    cat, classic = p["category"], p["style"] == "classic"
    frame, shelf = p["material_frame"], p["material_shelf"]
    r = 0.04 if cat != "bar_cart" else 0.035
    z0 = 2 * r + 0.02
    ps = 0.03 if classic else 0.025
    handle = 0.08 if cat in ("bar_cart", "kitchen_cart") else 0.0
    bx = w / 2 - handle
    x, y = bx - ps / 2, d / 2 - ps / 2
    n = 2 if cat == "bar_cart" else 3
    top_t = 0.04 if (cat == "kitchen_cart" and classic) else 0.02
    levels = [z0 + 0.03 + i * (h - top_t - z0 - 0.03) / (n - 1) for i in range(n)]
    levels[-1] = h - top_t
    tb.add("frame", _posts(x, y, z0, h - top_t, ps, not classic), frame)
    _casters(tb, x, y - 0.01, r, "frame")
    lip = 0.035 if (classic and cat != "kitchen_cart") else 0.0
    for i, z in enumerate(levels):
        t = top_t if i == n - 1 else 0.02
        slab = [box((-bx, -d / 2, z), (bx, d / 2, z + t))]
        if lip:
            slab.append(ring(-bx, bx, -d / 2, d / 2, 0.012, z + t, z + t + lip))
        name = "top" if i == n - 1 and cat != "book_cart" else f"shelf_{i}"
        tb.add(name, merge(*slab), shelf, "frame")
        ceiling = (levels[i + 1] - (z + t)) if i + 1 < n else 0.6
        kind = "top" if name == "top" else "shelf"
        sx, sy = bx - 0.02 - (0.012 if lip else 0.0), d / 2 - 0.02 - (0.012 if lip else 0.0)
        if cat == "book_cart":  # the spine splits each shelf into a front and a back half
            tb.surface(SupportSurface(f"{name}_front", kind, name, z + t, (-sx, -sy, sx, -0.012), ceiling))
            tb.surface(SupportSurface(f"{name}_back", kind, name, z + t, (-sx, 0.012, sx, sy), ceiling))
        else:
            _shelf_surface(tb, name, kind, name, z + t, sx, sy, ceiling)
    if cat == "book_cart":  # a spine down the middle: books face both sides
        tb.add("divider", box((-bx, -0.006, levels[0]), (bx, 0.006, h - top_t)), shelf, "frame")
    if handle:
        zh = h - top_t - 0.08
        grip = merge(
            x_cylinder(bx, w / 2 - 0.012, -y + 0.02, zh, 0.01),
            x_cylinder(bx, w / 2 - 0.012, y - 0.02, zh, 0.01),
            cylinder((w / 2 - 0.012, 0.0), 0.012, zh - 0.1, zh + 0.1, 12)
            if not classic
            else box((w / 2 - 0.024, -y + 0.01, zh - 0.012), (w / 2, y - 0.01, zh + 0.012)),
        )
        tb.add("handle", grip, p["material_frame"] if classic else "black_metal", "frame")
    if cat == "kitchen_cart" and classic:
        tb.add("towel_bar", x_cylinder(-bx + 0.05, bx - 0.05, -d / 2 - 0.0, levels[1] - 0.04, 0.008), "steel", "frame")


# --- stands, racks and screens ---------------------------------------------------------------------


def _umbrella_stand(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    hs = 0.8 * h
    body = p["material_body"]
    if p["style"] == "classic":
        outer = [(0.42 * w, 0.0), (0.5 * w, 0.08 * hs), (0.44 * w, 0.7 * hs), (0.5 * w, hs)]
        tb.add("body", lathe(shell(outer, 0.008), y_scale=d / w, segments=16), body)
    else:
        t = 0.006
        tb.add("body", merge(box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, 0.01)), ring(-w / 2, w / 2, -d / 2, d / 2, t, 0.01, hs)), body)
    for i, (x, y) in enumerate([(-0.12 * w, 0.05 * d), (0.12 * w, -0.08 * d)]):
        top = h - 0.05 - 0.06 * i
        canopy = frustum((x, y), 0.06 * w + 0.02, 0.012, 0.05, 0.62 * hs, 8)
        shaft = cylinder((x, y), 0.007, 0.02, top, 8)
        crook = merge(box((x, y - 0.008, top - 0.012), (x + 0.06, y + 0.008, top)), box((x + 0.05, y - 0.008, top - 0.05), (x + 0.06, y + 0.008, top)))
        tb.add(f"umbrella_{i}", merge(canopy, shaft), p["material_accent"], "body")
        tb.add(f"umbrella_handle_{i}", crook, "walnut", f"umbrella_{i}")


def _magazine_rack(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    if p["style"] == "classic":  # a wooden trough: two slanted boards between end panels, a carry handle
        t = 0.015
        zb = 0.05
        ends = [box((sx * w / 2 - (t if sx > 0 else 0.0), -d / 2, 0.0), (sx * w / 2 + (0.0 if sx > 0 else t), d / 2, 0.75 * h)) for sx in (-1, 1)]
        tb.add("ends", merge(*ends), frame)
        boards = [bar_yz((0.0, zb), (s * (d / 2 - 0.01), 0.7 * h), t, -w / 2 + t, w / 2 - t) for s in (-1, 1)]
        tb.add("trough", merge(*boards), frame, "ends")
        tb.add(
            "handle",
            merge(
                box((-w / 2 + t, -0.012, h - 0.03), (w / 2 - t, 0.012, h)),
                *[box((sx * (w / 2 - t) - 0.01, -0.01, 0.75 * h - 0.01), (sx * (w / 2 - t) + 0.01, 0.01, h - 0.02)) for sx in (-1, 1)],
            ),
            frame,
            "ends",
        )
        mags = [
            oriented_box((-0.4 * w + 0.12 * w * k, -0.02 - 0.03 * k, zb + 0.02), (0.25 * w, 0.0, 0.0), (0.0, 0.008, 0.0), (0.0, -0.04 - 0.02 * k, 0.45 * h))
            for k in range(3)
        ]
        tb.add("magazines", merge(*mags), accent, "trough")
        return
    # a floor stand: a back frame with three tilted pockets
    tb.add(
        "frame",
        merge(
            box((-w / 2, d / 2 - 0.3 * d, 0.0), (-w / 2 + 0.02, d / 2, h)),
            box((w / 2 - 0.02, d / 2 - 0.3 * d, 0.0), (w / 2, d / 2, h)),
            box((-w / 2, -d / 2, 0.0), (-w / 2 + 0.02, d / 2, 0.02)),
            box((w / 2 - 0.02, -d / 2, 0.0), (w / 2, d / 2, 0.02)),
        ),
        frame,
    )
    for k in range(3):
        z = 0.1 * h + k * 0.3 * h
        y0 = d / 2 - 0.3 * d - (0.7 * d - 0.02) * (2 - k) / 2
        pocket = merge(
            bar_yz((y0, z), (d / 2 - 0.02, z + 0.25 * h), 0.01, -w / 2 + 0.02, w / 2 - 0.02),
            box((-w / 2 + 0.02, y0 - 0.005, z - 0.01), (w / 2 - 0.02, y0 + 0.03, z + 0.05)),
        )
        tb.add(f"pocket_{k}", pocket, frame, "frame")
        tb.add(
            f"magazine_{k}",
            bar_yz((y0 + 0.03, z + 0.03), (d / 2 - 0.04, z + 0.22 * h), 0.006, -0.35 * w, 0.35 * w),
            accent if k != 1 else "paper_white",
            f"pocket_{k}",
        )


def _plant_stand(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, shelf = p["material_frame"], p["material_shelf"]
    tt = 0.025
    if p["style"] == "classic":  # a round top on three splayed legs with a ring shelf
        tb.add("top", prism(ellipse(0.0, 0.0, w / 2, d / 2, 16), h - tt, h), shelf)
        legs = []
        for k in range(3):
            a = 2 * math.pi * k / 3 + math.pi / 2
            c, s = math.cos(a), math.sin(a)
            legs.append(strut((0.46 * w * c, 0.46 * d * s, 0.0), (0.25 * w * c, 0.25 * d * s, h - tt), 0.014, 0.014))
        tb.add("legs", merge(*legs), frame, "top")
        tb.add("lower_shelf", prism(ellipse(0.0, 0.0, 0.37 * w, 0.37 * d, 16), 0.3 * h - 0.02, 0.3 * h), shelf, "legs")
        _shelf_surface(tb, "top", "top", "top", h, 0.3 * w, 0.3 * d, 1.0)
        return
    ps = 0.02
    tb.add("frame", _posts(w / 2 - ps / 2, d / 2 - ps / 2, 0.0, h - tt, ps, False), frame)
    tb.add("top", box((-w / 2, -d / 2, h - tt), (w / 2, d / 2, h)), shelf, "frame")
    tb.add(
        "rails",
        merge(ring(-w / 2, w / 2, -d / 2, d / 2, ps, 0.1 * h, 0.1 * h + ps), ring(-w / 2, w / 2, -d / 2, d / 2, ps, 0.5 * h, 0.5 * h + ps)),
        frame,
        "frame",
    )
    _shelf_surface(tb, "top", "top", "top", h, w / 2 - 0.02, d / 2 - 0.02, 1.0)


def _zigzag(w: float, d: float, n: int, t: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """Endpoints of ``n`` screen panels folded in a zigzag spanning x in +-w/2, y in +-d/2."""
    xs = np.linspace(-w / 2 + t, w / 2 - t, n + 1)
    ys = [(-1) ** i * (d / 2 - t) for i in range(n + 1)]
    return [(np.array([xs[i], ys[i]]), np.array([xs[i + 1], ys[i + 1]])) for i in range(n)]


def _panel(a: np.ndarray, b: np.ndarray, t: float, z0: float, z1: float) -> Mesh:
    u = (b - a) / float(np.linalg.norm(b - a))
    n = np.array([-u[1], u[0]]) * t / 2
    return prism([a + n, b + n, b - n, a - n], z0, z1)


def _room_divider(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    n = int(np.clip(round(w / 0.5), 3, 5))
    t = 0.02
    segs = _zigzag(w, d, n, t)
    if p["style"] == "classic":  # fabric panels between wooden hinge posts on small feet
        posts = [cylinder(tuple(a), t, 0.0, h, 10) for a, _ in segs] + [cylinder(tuple(segs[-1][1]), t, 0.0, h, 10)]
        tb.add("posts", merge(*posts), p["material_frame"])
        for i, (a, b) in enumerate(segs):
            u = (b - a) / float(np.linalg.norm(b - a))
            tb.add(f"panel_{i}", _panel(a + u * t, b - u * t, 0.008, 0.06, h - 0.04), p["material_panel"], "posts")
            tb.add(f"rail_{i}", _panel(a + u * t, b - u * t, 0.016, h - 0.07, h - 0.03), p["material_frame"], "posts")
        return
    for i, (a, b) in enumerate(segs):  # solid panels with a cut-out window band
        parent = None if i == 0 else "panel_0"
        u = (b - a) / float(np.linalg.norm(b - a))
        a2, b2 = a + u * 0.004, b - u * 0.004
        tb.add(f"panel_{i}", merge(_panel(a2, b2, 2 * t, 0.03, 0.62 * h), _panel(a2, b2, 2 * t, 0.78 * h, h)), p["material_frame"], parent)
        tb.add(f"insert_{i}", _panel(a2 + u * 0.03, b2 - u * 0.03, 0.008, 0.62 * h, 0.78 * h), p["material_panel"], f"panel_{i}")
        feet = [_panel(q, q + u * 0.05, 2 * t + 0.02, 0.0, 0.03) for q in (a2, b2 - u * 0.05)]
        tb.add(f"feet_{i}", merge(*feet), "rubber_black", f"panel_{i}")


def _office_partition(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, panel = p["material_frame"], p["material_panel"]
    t, f = 0.05, 0.03
    tb.add(
        "frame",
        merge(
            box((-w / 2, -t / 2, 0.08), (-w / 2 + f, t / 2, h)),
            box((w / 2 - f, -t / 2, 0.08), (w / 2, t / 2, h)),
            box((-w / 2 + f, -t / 2, h - f), (w / 2 - f, t / 2, h)),
            box((-w / 2 + f, -t / 2, 0.08), (w / 2 - f, t / 2, 0.08 + f)),
        ),
        frame,
    )
    top = h - f - (0.25 * h if p["style"] == "modern" else 0.0)
    tb.add("panel", box((-w / 2 + f, -t / 2 + 0.008, 0.08 + f), (w / 2 - f, t / 2 - 0.008, top)), panel, "frame")
    if p["style"] == "modern":  # a frosted glass band along the top
        tb.add("glass", box((-w / 2 + f, -0.006, top), (w / 2 - f, 0.006, h - f)), "glass_frosted", "frame")
    feet = [box((sx * (w / 2 - f / 2) - 0.025, -d / 2, 0.0), (sx * (w / 2 - f / 2) + 0.025, d / 2, 0.08)) for sx in (-1, 1)]
    tb.add("feet", merge(*feet), frame, "frame")


# --- tables ----------------------------------------------------------------------------------------


def _console_table(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, top = p["material_frame"], p["material_top"]
    tt = 0.012 if top.startswith("glass") else 0.03
    tb.add("top", box((-w / 2, -d / 2, h - tt), (w / 2, d / 2, h)), top)
    if p["style"] == "classic":
        inset = 0.04
        legs = [frustum((sx * (w / 2 - inset), sy * (d / 2 - inset)), 0.014, 0.022, 0.0, h - tt, 8) for sx in (-1, 1) for sy in (-1, 1)]
        tb.add("legs", merge(*legs), frame, "top")
        tb.add(
            "apron", ring(-w / 2 + inset - 0.02, w / 2 - inset + 0.02, -d / 2 + inset - 0.02, d / 2 - inset + 0.02, 0.02, h - tt - 0.1, h - tt), frame, "legs"
        )
        tb.add("lower_shelf", box((-w / 2 + inset, -d / 2 + inset, 0.15), (w / 2 - inset, d / 2 - inset, 0.17)), frame, "legs")
        tb.surface(SupportSurface("shelf_0", "shelf", "lower_shelf", 0.17, (-w / 2 + 0.07, -d / 2 + 0.06, w / 2 - 0.07, d / 2 - 0.06), h - tt - 0.1 - 0.17))
    else:
        tb.add(
            "legs", merge(box((-w / 2, -d / 2, 0.0), (-w / 2 + 0.03, d / 2, h - tt)), box((w / 2 - 0.03, -d / 2, 0.0), (w / 2, d / 2, h - tt))), frame, "top"
        )
        tb.add("stretcher", box((-w / 2 + 0.03, d / 2 - 0.05, 0.1), (w / 2 - 0.03, d / 2 - 0.02, 0.16)), frame, "legs")
    _shelf_surface(tb, "top", "top", "top", h, w / 2 - 0.02, d / 2 - 0.02, 1.0)


def _dressing_table(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, metal = p["material_frame"], p["material_accent"]
    zt, tt = min(0.76, 0.62 * h), 0.025
    classic = p["style"] == "classic"
    tb.add("top", box((-w / 2, -d / 2, zt - tt), (w / 2, d / 2, zt)), frame)
    inset = 0.03
    if classic:
        legs = [frustum((sx * (w / 2 - inset), sy * (d / 2 - inset)), 0.013, 0.02, 0.0, zt - tt, 8) for sx in (-1, 1) for sy in (-1, 1)]
    else:
        legs = [
            box((sx * (w / 2 - inset) - 0.015, sy * (d / 2 - inset) - 0.015, 0.0), (sx * (w / 2 - inset) + 0.015, sy * (d / 2 - inset) + 0.015, zt - tt))
            for sx in (-1, 1)
            for sy in (-1, 1)
        ]
    tb.add("legs", merge(*legs), frame, "top")
    za0, za1 = zt - tt - 0.14, zt - tt
    xa = w / 2 - inset - 0.02
    tb.add(
        "apron",
        merge(
            box((-xa, d / 2 - inset - 0.02, za0), (xa, d / 2 - inset, za1)),
            box((-xa, -d / 2 + inset, za0), (-xa + 0.02, d / 2 - inset - 0.02, za1)),
            box((xa - 0.02, -d / 2 + inset, za0), (xa, d / 2 - inset - 0.02, za1)),
            box((-xa + 0.02, -d / 2 + inset, za0), (xa - 0.02, d / 2 - inset - 0.02, za0 + 0.015)),
        ),
        frame,
        "top",
    )
    dx = 0.4 * w if classic else 0.3 * w
    yf = -d / 2 + inset
    drawer = merge(
        box((-dx, yf - 0.018, za0 + 0.018), (dx, yf, za1 - 0.004)),
        box((-dx + 0.02, yf, za0 + 0.02), (dx - 0.02, yf + 0.012, za1 - 0.01)),
        box((-dx + 0.02, yf, za0 + 0.02), (dx - 0.02, d / 2 - inset - 0.04, za0 + 0.03)),
    )
    tb.add("drawer_0", drawer, frame, "top")
    tb.add("handle_0", box((-0.05, -d / 2, (za0 + za1) / 2 - 0.006), (0.05, yf - 0.018, (za0 + za1) / 2 + 0.006)), metal, "drawer_0")
    tb.joint(Joint("drawer_0_slide", "prismatic", "top", "drawer_0", (0.0, yf, (za0 + za1) / 2), (0.0, -1.0, 0.0), 0.0, 0.6 * (d - 2 * inset)))
    ym0, ym1 = d / 2 - 0.06, d / 2 - 0.02
    mw, mh = min(0.7 * w, 0.8), h - zt - 0.02
    if classic:  # a framed oval mirror between two posts
        posts = merge(
            *[
                box((sx * (mw / 2 + 0.03), ym0, zt), (sx * (mw / 2 + 0.03) + 0.025 * sx, ym1, zt + 0.75 * mh))
                if sx > 0
                else box((sx * (mw / 2 + 0.03) - 0.025, ym0, zt), (sx * (mw / 2 + 0.03), ym1, zt + 0.75 * mh))
                for sx in (-1, 1)
            ]
        )
        tb.add("mirror_posts", posts, frame, "top")
        oval = ellipse(0.0, zt + 0.02 + mh / 2, mw / 2, mh / 2, 24)
        tb.add("mirror_frame", extrude_y(oval, ym0 + 0.005, ym1 - 0.005), frame, "mirror_posts")
        inner = ellipse(0.0, zt + 0.02 + mh / 2, mw / 2 - 0.03, mh / 2 - 0.03, 24)
        tb.add("mirror", extrude_y(inner, ym0, ym0 + 0.005), "mirror", "mirror_frame")
    else:  # a frameless rectangle with a slim metal stand
        tb.add("mirror_stand", box((-0.02, ym0, zt), (0.02, ym1, zt + 0.3 * mh)), metal, "top")
        tb.add("mirror", box((-mw / 2, ym0 - 0.006, zt + 0.15 * mh), (mw / 2, ym0, h)), "mirror", "mirror_stand")
    tb.surface(SupportSurface("top", "top", "top", zt, (-w / 2 + 0.03, -d / 2 + 0.03, w / 2 - 0.03, ym0 - 0.04), 0.6))


# --- laundry and utility -------------------------------------------------------------------------


def _drying_rack(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    r = 0.006
    if p["style"] == "classic":  # a clothes horse: two ladder frames leaning together
        legs, rails = [], []
        for sy in (-1, 1):
            for sx in (-1, 1):
                legs.append(strut((sx * (w / 2 - 0.02), sy * (d / 2 - 0.02), 0.0), (sx * (w / 2 - 0.02), sy * 0.03, h - 0.01), 0.015, 0.012))
            for k in range(4):
                z = 0.3 * h + k * (0.65 * h) / 3
                y = sy * (0.03 + (d / 2 - 0.05) * (1 - z / h))
                rails.append(x_cylinder(-w / 2 + 0.035, w / 2 - 0.035, y, z, 0.008))
        tb.add("frame", merge(*legs), frame)
        tb.add("rails", merge(*rails), frame, "frame")
        tb.add("hinge", x_cylinder(-w / 2, w / 2, 0.0, h - 0.012, 0.012), accent, "frame")
        return
    # a winged airer: a rail bed at the top, two folded-out wings, X legs
    zt = h - 0.02
    yw = d / 2 - 0.02
    tb.add("frame", ring(-w / 2 + 0.1, w / 2 - 0.1, -0.16, 0.16, 0.015, zt - 0.015, zt), frame)
    tb.add("rails", merge(*[x_cylinder(-w / 2 + 0.1, w / 2 - 0.1, y, zt - 0.008, r) for y in np.linspace(-0.13, 0.13, 6)]), accent, "frame")
    for i, sy in enumerate((-1, 1)):
        wing = merge(
            *[x_cylinder(-w / 2 + 0.1, w / 2 - 0.1, sy * (0.16 + (yw - 0.16) * f), zt - 0.3 * f, r) for f in (0.33, 0.66, 1.0)],
            strut((-w / 2 + 0.1, sy * yw, zt - 0.3), (-w / 2 + 0.1, sy * 0.16, zt - 0.01), 0.006, 0.006),
            strut((w / 2 - 0.1, sy * yw, zt - 0.3), (w / 2 - 0.1, sy * 0.16, zt - 0.01), 0.006, 0.006),
        )
        tb.add(f"wing_{i}", wing, accent, "frame")
    legs = [strut((sx * (w / 2 - 0.01), sy * 0.14, 0.0), (sx * (w / 2 - 0.12), -sy * 0.14, zt - 0.015), 0.01, 0.01) for sx in (-1, 1) for sy in (-1, 1)]
    tb.add("legs", merge(*legs), frame, "frame")


def _step_ladder(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    classic = p["style"] == "classic"
    top = h - 0.03
    yt0, yt1 = -0.1, 0.08
    ls = 0.035 if classic else 0.025
    front = merge(
        *[bar_yz((-d / 2 + ls, 0.0), (yt0 + ls / 2, top), ls, sx * w / 2 - (ls if sx > 0 else 0.0), sx * w / 2 + (0.0 if sx > 0 else ls)) for sx in (-1, 1)]
    )
    tb.add("front_frame", front, frame)
    back = merge(
        *[
            bar_yz((d / 2 - ls, 0.0), (yt1, top), ls, sx * (w / 2 - 0.03) - (ls if sx > 0 else 0.0), sx * (w / 2 - 0.03) + (0.0 if sx > 0 else ls))
            for sx in (-1, 1)
        ]
    )
    tb.add("back_frame", back, frame, "front_frame")
    steps = []
    n = int(np.clip(round(top / 0.25), 2, 8))
    for k in range(1, n):
        z = top * k / n
        y = -d / 2 + ls + (yt0 + ls / 2 - (-d / 2 + ls)) * (z / top)
        steps.append(box((-w / 2 + ls, y - 0.06, z - 0.025), (w / 2 - ls, y + 0.06, z)))
    tb.add("steps", merge(*steps), frame if classic else "aluminium", "front_frame")
    tb.add("platform", box((-w / 2 + 0.01, yt0 - 0.05, top), (w / 2 - 0.01, yt1 + 0.05, h)), accent if not classic else frame, "front_frame")
    feet = [
        box((sx * w / 2 - (0.04 if sx > 0 else 0.0), y - 0.03, 0.0), (sx * w / 2 + (0.0 if sx > 0 else 0.04), y + 0.03, 0.02))
        for sx in (-1, 1)
        for y in (-d / 2 + 0.03, d / 2 - 0.03)
    ]
    tb.add("feet", merge(*feet), "rubber_black", "front_frame")


# --- room pieces -----------------------------------------------------------------------------------


def _fireplace(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    classic = p["style"] == "classic"
    yb = -d / 2 + (0.22 * d if classic else 0.12 * d)  # the surround's front; a hearth slab in front of it
    mt = 0.06 if classic else 0.04
    zm = h - mt
    fw = (0.55 if classic else 0.75) * w
    fz1 = (0.62 if classic else 0.4) * zm
    fz0 = 0.12 if classic else 0.3 * zm
    tb.add(
        "surround",
        merge(
            box((-w / 2 + 0.05, yb, 0.0), (-fw / 2, d / 2, zm)),
            box((fw / 2, yb, 0.0), (w / 2 - 0.05, d / 2, zm)),
            box((-fw / 2, yb, fz1), (fw / 2, d / 2, zm)),
            box((-fw / 2, yb, 0.0), (fw / 2, d / 2, fz0)),
        ),
        frame,
    )
    tb.add("firebox", box((-fw / 2, yb + 0.08, fz0), (fw / 2, d / 2, fz1)), accent, "surround")
    tb.add("mantel", box((-w / 2, yb - 0.05, zm), (w / 2, d / 2, h)), frame if classic else "oak", "surround")
    tb.add("hearth", box((-w / 2 + 0.02, -d / 2, 0.0), (w / 2 - 0.02, yb, 0.04)), accent if classic else frame, "surround")
    if classic:
        logs = [x_cylinder(-0.3 * fw, 0.3 * fw, yb + 0.16 + 0.05 * k, fz0 + 0.045 + 0.06 * (k == 2), 0.04, 10) for k in range(3)]
        tb.add("logs", merge(*logs), "walnut", "firebox")
        tb.add("flames", frustum((0.0, yb + 0.2), 0.12 * fw, 0.02, fz0 + 0.05, fz0 + 0.6 * (fz1 - fz0), 8), "emissive_warm", "logs")
    else:
        tb.add("glass", box((-fw / 2, yb - 0.006, fz0), (fw / 2, yb, fz1)), "glass_clear", "surround")
        tb.add("flames", box((-0.45 * fw, yb + 0.1, fz0), (0.45 * fw, yb + 0.14, fz0 + 0.3 * (fz1 - fz0))), "emissive_warm", "firebox")
    tb.surface(SupportSurface("top", "top", "mantel", h, (-w / 2 + 0.03, yb - 0.03, w / 2 - 0.03, d / 2 - 0.02), 0.8))


def _aquarium(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    classic = p["style"] == "classic"
    zs = 0.55 * h if h > 1.0 else 0.45 * h  # stand height
    if classic:
        tb.add("stand", box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, zs)), frame)
        tb.add(
            "stand_doors",
            merge(
                *[
                    box(
                        (sx * 0.005 + (0.0 if sx > 0 else -w / 2 + 0.03), -d / 2 - 0.0, 0.06), ((w / 2 - 0.03) if sx > 0 else -0.005, -d / 2 + 0.005, zs - 0.04)
                    )
                    for sx in (-1, 1)
                ]
            ),
            accent,
            "stand",
        )
    else:
        ps = 0.03
        tb.add(
            "stand",
            merge(
                _posts(w / 2 - ps / 2, d / 2 - ps / 2, 0.0, zs, ps, False),
                box((-w / 2, -d / 2, zs - 0.03), (w / 2, d / 2, zs)),
                box((-w / 2 + ps, -d / 2 + ps, 0.08), (w / 2 - ps, d / 2 - ps, 0.1)),
            ),
            frame,
        )
    hl = 0.05
    zt = h - hl
    t = 0.008
    tb.add(
        "tank",
        merge(
            box((-w / 2 + 0.01, -d / 2 + 0.01, zs), (w / 2 - 0.01, d / 2 - 0.01, zs + t)),
            ring(-w / 2 + 0.01, w / 2 - 0.01, -d / 2 + 0.01, d / 2 - 0.01, t, zs + t, zt),
        ),
        "glass_clear",
        "stand",
    )
    xi, yi = w / 2 - 0.01 - t, d / 2 - 0.01 - t
    tb.add("gravel", box((-xi, -yi, zs + t), (xi, yi, zs + t + 0.04)), "concrete" if classic else "terracotta", "tank")
    tb.add("water", box((-xi, -yi, zs + t + 0.04), (xi, yi, zt - 0.03)), "water", "tank")
    plants = [
        frustum((x, 0.3 * yi), 0.03, 0.01, zs + t + 0.04, zs + t + 0.04 + f * (zt - zs - 0.1), 6)
        for x, f in ((-0.6 * xi, 0.7), (-0.45 * xi, 0.5), (0.5 * xi, 0.6))
    ]
    tb.add("plants", merge(*plants), "foliage", "gravel")
    tb.add("lid", box((-w / 2 + 0.005, -d / 2 + 0.005, zt), (w / 2 - 0.005, d / 2 - 0.005, h)), accent, "tank")


def _lectern(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    zf, zb = h - 0.12, h  # the reading slope: low at the front (the speaker's side), high at the back
    slope = [(-d / 2, zf - 0.03), (d / 2, zb - 0.03), (d / 2, zb), (-d / 2, zf)]
    if p["style"] == "classic":  # a pedestal on a plinth
        tb.add("base", box((-w / 2 + 0.02, -d / 2 + 0.05, 0.0), (w / 2 - 0.02, d / 2, 0.06)), frame)
        tb.add("column", box((-0.3 * w, -0.25 * d, 0.06), (0.3 * w, 0.35 * d, zf - 0.03)), frame, "base")
        tb.add("desk", _slope(slope, w), frame, "column")
        tb.add("ledge", box((-w / 2 + 0.05, -d / 2, zf - 0.005), (w / 2 - 0.05, -d / 2 + 0.02, zf + 0.025)), accent, "desk")
        return
    tb.add("base", box((-w / 2, -d / 2 + 0.1, 0.0), (w / 2, d / 2, 0.03)), "black_metal")
    tb.add("column", box((-w / 2 + 0.02, d / 2 - 0.06, 0.03), (w / 2 - 0.02, d / 2 - 0.03, zb - 0.03)), frame, "base")
    tb.add("desk", _slope(slope, w), "mdf_black", "column")
    tb.add("ledge", box((-w / 2 + 0.05, -d / 2, zf - 0.005), (w / 2 - 0.05, -d / 2 + 0.02, zf + 0.025)), accent, "desk")


def _slope(outline_yz, w: float) -> Mesh:
    return extrude_x(outline_yz, -w / 2, w / 2)


def _tripod(front_x: float, y_front: float, y_back: float, z_top: float, ls: float) -> Mesh:
    """Two front legs splayed to +-front_x and a back leg to y_back, meeting near the top."""
    legs = [strut((sx * front_x, y_front, 0.0), (sx * 0.06, y_front + 0.04, z_top), ls, ls) for sx in (-1, 1)]
    legs.append(strut((0.0, y_back, 0.0), (0.0, y_front + 0.08, z_top - 0.1), ls, ls))
    return merge(*legs)


def _flip_chart(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    bw, bh = w - 0.02, min(0.95, 0.55 * h)
    zb0 = h - bh - 0.03
    if p["style"] == "classic":  # a tripod
        tb.add("legs", _tripod(w / 2 - 0.015, -d / 2 + 0.015, d / 2 - 0.015, h - 0.05, 0.012), frame)
        yb = -d / 2 + 0.06
    else:  # a mast on a T-base
        tb.add(
            "legs",
            merge(
                box((-w / 2, -0.025, 0.0), (w / 2, 0.025, 0.04)),
                box((-0.025, -d / 2, 0.0), (0.025, d / 2, 0.04)),
                box((-0.02, 0.03, 0.04), (0.02, 0.07, h - 0.05)),
            ),
            frame,
        )
        yb = 0.0
    tb.add("board", box((-bw / 2, yb - 0.02, zb0), (bw / 2, yb, h - 0.03)), "whiteboard", "legs")
    tb.add("pad", box((-bw / 2 + 0.03, yb - 0.03, zb0 + 0.05), (bw / 2 - 0.03, yb - 0.02, h - 0.05)), "paper_white", "board")
    tb.add("clamp", box((-bw / 2, yb - 0.04, h - 0.06), (bw / 2, yb - 0.02, h)), frame, "board")
    tb.add("tray", box((-bw / 2, yb - 0.08, zb0 - 0.02), (bw / 2, yb, zb0)), accent, "board")


def _easel(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    if p["style"] == "classic":  # an artist's tripod easel holding a canvas on a ledge
        tb.add("legs", _tripod(w / 2 - 0.02, -d / 2 + 0.08, d / 2 - 0.02, h - 0.02, 0.016), frame)
        zl = 0.45 * h
        tb.add("ledge", box((-0.35 * w, -d / 2 + 0.02, zl - 0.03), (0.35 * w, -d / 2 + 0.12, zl)), frame, "legs")
        cw_, ch = 0.7 * w, min(0.5 * h, 0.8)
        tb.add("canvas", box((-cw_ / 2, -d / 2 + 0.06, zl), (cw_ / 2, -d / 2 + 0.085, zl + ch)), "canvas_art", "ledge")
        tb.add("mast_clamp", box((-0.03, -d / 2 + 0.06, zl + ch), (0.03, -d / 2 + 0.1, zl + ch + 0.04)), frame, "legs")
        return
    # a kids' A-frame easel: a board on each side, paint trays below
    legs = []
    for sy in (-1, 1):
        for sx in (-1, 1):
            legs.append(strut((sx * (w / 2 - 0.02), sy * (d / 2 - 0.02), 0.0), (sx * (w / 2 - 0.02), sy * 0.03, h), 0.02, 0.015))
    tb.add("legs", merge(*legs), frame)
    for i, sy in enumerate((-1, 1)):
        z0, z1 = 0.5 * h, 0.97 * h
        y0 = sy * (0.03 + (d / 2 - 0.05) * (1 - z0 / h))
        y1 = sy * (0.03 + (d / 2 - 0.05) * (1 - z1 / h))
        board = bar_yz((y0, z0), (y1, z1), 0.012, -w / 2 + 0.04, w / 2 - 0.04)
        tb.add(f"board_{i}", board, "chalkboard" if i == 0 else "whiteboard", "legs")
        yt = sy * (0.03 + (d / 2 - 0.05) * (1 - (z0 - 0.05) / h))
        tb.add(f"tray_{i}", box((-w / 2 + 0.04, min(yt, yt + sy * 0.1), z0 - 0.07), (w / 2 - 0.04, max(yt, yt + sy * 0.1), z0 - 0.05)), accent, "legs")


_BUILDERS = {
    "bar_cart": _cart,
    "kitchen_cart": _cart,
    "book_cart": _cart,
    "umbrella_stand": _umbrella_stand,
    "magazine_rack": _magazine_rack,
    "plant_stand": _plant_stand,
    "room_divider": _room_divider,
    "office_partition": _office_partition,
    "console_table": _console_table,
    "dressing_table": _dressing_table,
    "drying_rack": _drying_rack,
    "step_ladder": _step_ladder,
    "fireplace": _fireplace,
    "aquarium": _aquarium,
    "lectern": _lectern,
    "flip_chart": _flip_chart,
    "easel": _easel,
}
