"""Lamps: table lamps, floor lamps and ceiling lights.

The style names the shade and, for floor and ceiling lights, the mount that goes with it:

* ``drum``: a cylindrical fabric shade with a frosted diffuser; a straight floor lamp; a pendant.
* ``cone``: a tapered shade topped by a finial; a straight floor lamp; a pendant on a cord.
* ``dome``: a rounded metal or glass dome over a bare bulb; an arc floor lamp whose dome hangs
  from a curved arm; a flush ceiling dome.
"""

from __future__ import annotations

import math

import numpy as np

from ..ground.catalog import BY_NAME
from . import common
from .mesh import Mesh, TreeBuilder, box, cylinder, horizontal_cylinder, merge, uv_sphere
from .parttree import PartTree
from .tableware import Item, add_all, fit, lathe

STYLES: tuple[str, ...] = ("drum", "cone", "dome")

_SHADE = ("linen_beige", "cotton_white", "fabric_grey", "paper_white", "velvet_mustard")
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "table_lamp": {"base": ("ceramic_white", "ceramic_blue", "brass", "black_metal", "oak", "marble_white"), "shade": _SHADE},
    "floor_lamp": {"base": ("black_metal", "brass", "brushed_steel", "walnut", "marble_white"), "shade": _SHADE},
    "ceiling_light": {"base": ("plastic_white", "brass", "black_metal", "painted_white"), "shade": (*_SHADE, "glass_frosted")},
}
_METALS = ("brass", "black_metal", "brushed_steel", "chrome", "steel")


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    p = common.base_params(rng, category, STYLES, _MATERIALS[category], overrides)
    cat = BY_NAME[category]
    reach, drop = float(rng.uniform(1.1, 1.7)), float(rng.uniform(0.5, 0.9))  # arc reach, pendant drop
    arc = category == "floor_lamp" and p["style"] == "dome"
    if category == "floor_lamp" and "width_m" not in overrides:  # the wide prior is for arc lamps
        p["width_m"] = round(min(reach, cat.max_size[0]) if arc else float(np.clip(p["width_m"], 0.3, 0.6)), 3)
    if "depth_m" not in overrides and not arc:
        p["depth_m"] = p["width_m"]
    if category == "ceiling_light" and "height_m" not in overrides:
        flush = p["style"] == "dome"
        p["height_m"] = round(float(np.clip(0.35 * p["width_m"], 0.1, 0.25) if flush else drop), 3)
    return p


def _tube(outer: list[tuple[float, float]], t: float) -> list[tuple[float, float]]:
    """A lamp shade's loop profile: the outer line bottom to top, then back down ``t`` further in."""
    return list(outer) + [(r - t, z) for r, z in reversed(outer)]


def _shade(style: str, r: float, z0: float, z1: float, ys: float) -> Mesh:
    """The shade of radius ``r`` at its bottom edge, from ``z0`` to ``z1``."""
    t = min(0.004, 0.05 * r)
    hs = z1 - z0
    if style == "drum":
        outer = [(r, z0), (r, z1)]
    elif style == "cone":
        outer = [(r, z0), (0.6 * r, z1)]
    else:
        outer = [(r, z0), (0.94 * r, z0 + 0.3 * hs), (0.78 * r, z0 + 0.62 * hs), (0.5 * r, z0 + 0.88 * hs), (0.22 * r, z1)]
    return lathe(_tube(outer, t), y_scale=ys, loop=True, segments=24)


def _shade_extras(tb: TreeBuilder, style: str, r: float, z0: float, z1: float, parent: str) -> None:
    """What sets each style apart inside the shade: a diffuser, a finial or a bare bulb."""
    if style == "drum":
        tb.add("diffuser", lathe([(r - 0.006, z0 + 0.01), (r - 0.006, z0 + 0.014)], segments=24), "glass_frosted", parent=parent)
    elif style == "cone":
        rt = 0.6 * r - 0.006
        spider = merge(box((-rt, -0.003, z1 - 0.006), (rt, 0.003, z1 - 0.002)), box((-0.003, -rt, z1 - 0.006), (0.003, rt, z1 - 0.002)))
        tb.add("finial", merge(spider, uv_sphere((0.0, 0.0, z1 + 0.004), 0.01, rings=4, segments=8)), "brass", parent=parent)
    bulb_r = min(0.03, 0.3 * r, 0.25 * (z1 - z0))
    tb.add("bulb", uv_sphere((0.0, 0.0, z0 + 0.4 * (z1 - z0)), bulb_r, rings=4, segments=8), "emissive_warm", parent=parent)


def _standing(tb: TreeBuilder, p: dict, shade_frac: float, base_frac: float) -> None:
    """A lamp on a round base with a straight stem (table lamp, straight floor lamp)."""
    w, d, h = common.dims(p)
    style, r, ys = p["style"], w / 2.0, d / w
    top = h - 0.014 if style == "cone" else h  # the cone's finial rises above the shade
    z0 = top - shade_frac * h
    rb = base_frac * r
    base = lathe([(rb, 0.0), (rb, 0.025 * h), (0.5 * rb, 0.04 * h), (0.25 * rb, 0.06 * h)], y_scale=ys)
    tb.add("base", base, p["material_base"])
    stem_top = top if style != "drum" else z0 + 0.5 * (top - z0)
    stem_r = min(0.012, 0.2 * rb)
    tb.add("stem", cylinder((0.0, 0.0), stem_r, 0.05 * h, stem_top - 0.002, segments=8), p["material_base"], parent="base")
    shade_mat = p["material_base"] if style == "dome" and p["material_base"] in _METALS else p["material_shade"]
    tb.add("shade", _shade(style, r, z0, top, ys), shade_mat, parent="stem")
    _shade_extras(tb, style, r * min(1.0, ys), z0, top, "stem")


def _arc_lamp(tb: TreeBuilder, p: dict) -> None:
    """An arc floor lamp: a heavy base on the left, a curved arm, a dome hanging on the right."""
    w, d, h = common.dims(p)
    rb, rs, tube = 0.5 * d, 0.45 * d, 0.014
    xb, xs = -w / 2 + rb, w / 2 - rs
    zb, za = 0.05, h - tube
    hs = min(0.3, 0.18 * h)
    shade_top = za - 0.12
    pts = [(xb, zb)] + [(xb + (xs - xb) * (1 - math.cos(t * math.pi / 2)), zb + (za - zb) * math.sin(t * math.pi / 2))
                        for t in np.linspace(0.05, 1.0, 12)]
    arm = merge(*(horizontal_cylinder((x0, 0.0, z0), (x1, 0.0, z1), tube, segments=8)
                  for (x0, z0), (x1, z1) in zip(pts[:-1], pts[1:])))
    metal = p["material_base"] if p["material_base"] in _METALS else "black_metal"
    items: list[Item] = [
        ("base", lathe([(rb, 0.0), (rb, 0.03), (0.4 * rb, 0.06)], (xb, 0.0)), p["material_base"], None),
        ("arm", merge(cylinder((xb, 0.0), tube, 0.03, zb + 0.01, segments=8), arm), metal, "base"),
        ("cord", cylinder((xs, 0.0), 0.004, shade_top - 0.005, za, segments=6), "plastic_black", "arm"),
        ("shade", lathe(_tube([(rs, shade_top - hs), (0.94 * rs, shade_top - 0.7 * hs), (0.78 * rs, shade_top - 0.38 * hs),
                                (0.5 * rs, shade_top - 0.12 * hs), (0.15 * rs, shade_top)], 0.004), (xs, 0.0), loop=True, segments=24),
         metal, "arm"),
        ("bulb", uv_sphere((xs, 0.0, shade_top - 0.6 * hs), min(0.04, 0.3 * rs), rings=4, segments=8), "emissive_warm", "shade"),
    ]
    add_all(tb, fit(items, w, d, h))


def _ceiling_light(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    style, r, ys = p["style"], w / 2.0, d / w
    plate_r = min(0.08, 0.6 * r)
    if style == "dome":  # flush: a frosted dome under a ceiling plate
        hd = h - 0.02
        dome = [(0.05 * r, 0.0), (0.5 * r, 0.12 * hd), (0.82 * r, 0.4 * hd), (r, 0.8 * hd), (r, hd)]
        tb.add("canopy", lathe([(0.9 * r, hd - 0.004), (0.9 * r, h)], y_scale=ys, segments=24), p["material_base"])
        tb.add("diffuser", lathe(dome, y_scale=ys, segments=24), "glass_frosted", parent="canopy")
        return
    tb.add("canopy", lathe([(plate_r, h - 0.03), (0.8 * plate_r, h)], y_scale=ys), p["material_base"])
    hs = min(0.3, 0.45 * h, 0.9 * w)
    tb.add("cord", cylinder((0.0, 0.0), 0.003, hs - 0.005, h - 0.028, segments=6), "plastic_black", parent="canopy")
    tb.add("shade", _shade(style, r, 0.0, hs, ys), p["material_shade"], parent="cord")
    _shade_extras(tb, style, r * min(1.0, ys), 0.0, hs, "cord")


def build(params: dict) -> PartTree:
    tb = TreeBuilder(params["category"], params)
    cat, style = params["category"], params["style"]
    if cat == "table_lamp":
        _standing(tb, params, shade_frac=0.4 if style != "dome" else 0.34, base_frac=0.55)
    elif cat == "floor_lamp" and style == "dome":
        _arc_lamp(tb, params)
    elif cat == "floor_lamp":
        _standing(tb, params, shade_frac=min(0.22, 0.35 / params["height_m"]), base_frac=0.7)
    else:
        _ceiling_light(tb, params)
    return tb.build()
