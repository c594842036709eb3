"""Tableware and other small turned objects: plates, cups, bowls, vases, bottles, jars, pots,
fruit bowls, candles, soap dispensers and pen holders.

Most of them are solids of revolution, so this module also holds the shape helpers the other
small-object families share (``lathe``, ``shell``, ``affine``, ``oriented_box``, ``fit``).

Styles: ``classic`` (curved, footed profiles, loop handles, taper candle in a holder, round pen
cup) and ``modern`` (straight-sided, cylindrical or conical profiles, pillar candle, boxy pen
holder with a divider).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from ..ground.catalog import BY_NAME
from . import common
from .mesh import Mesh, TreeBuilder, box, box_c, cylinder, merge, uv_sphere
from .parttree import PartTree

STYLES: tuple[str, ...] = ("classic", "modern")
SEG = 16  # a multiple of 4, so that a ring touches its radius exactly along +-X and +-Y

Item = tuple[str, Mesh, str, "str | None"]  # name, mesh, material, parent (for ``fit``)


# --- shared shape helpers --------------------------------------------------------------------


def lathe(
    profile: Sequence[Sequence[float]],
    center: Sequence[float] = (0.0, 0.0),
    y_scale: float = 1.0,
    segments: int = SEG,
    loop: bool = False,
) -> Mesh:
    """Revolve ``(r, z)`` points (metres, r > 0) about a vertical axis through ``center``.

    Without ``loop`` the first ring is capped facing down and the last facing up, so the profile
    runs from the bottom outwards and upwards; with ``loop`` the last ring joins the first (a
    tube, lamp shade or ring) and the profile must run counter-clockwise in the (r, z) plane.
    ``y_scale`` squashes the rings along Y (an oval footprint).
    """
    pts = np.asarray(profile, dtype=np.float64)
    m, n = len(pts), segments
    a = np.linspace(0.0, 2.0 * math.pi, n, endpoint=False)
    cos, sin = np.cos(a), np.sin(a)
    cx, cy = center
    v = np.vstack([np.column_stack([cx + r * cos, cy + r * y_scale * sin, np.full(n, z)]) for r, z in pts])
    faces: list[tuple[int, ...]] = []
    if not loop:
        faces += [tuple(range(n - 1, -1, -1)), tuple(range((m - 1) * n, m * n))]
    for i in range(m if loop else m - 1):
        r0, r1 = i * n, ((i + 1) % m) * n
        faces += [(r0 + j, r0 + (j + 1) % n, r1 + (j + 1) % n, r1 + j) for j in range(n)]
    return v, tuple(faces)


def shell(outer: Sequence[Sequence[float]], t: float) -> list[tuple[float, float]]:
    """A hollow vessel's lathe profile: the ``outer`` wall from the bottom (r0, 0) up to the rim,
    then the same line ``t`` further in back down to the inner floor (capped facing up)."""
    p = np.asarray(outer, dtype=np.float64)
    seg = np.diff(p, axis=0)
    seg /= np.linalg.norm(seg, axis=1)[:, None]
    normals = np.column_stack([-seg[:, 1], seg[:, 0]])  # left of the way up: into the wall
    before = np.vstack([[0.0, 1.0], normals[:-1]])  # the base, run outwards, has its inside above
    inner = []
    for i in range(len(p) - 1):
        mid = before[i] + normals[i]
        mid /= np.linalg.norm(mid)
        inner.append(p[i] + mid * t / float(np.dot(mid, normals[i])))
    s = -t * normals[-1][1] / seg[-1][1]  # the inner rim point stays at the rim height
    inner.append(p[-1] + t * normals[-1] + s * seg[-1])
    return [tuple(map(float, q)) for q in p] + [tuple(map(float, q)) for q in reversed(inner)]


def affine(mesh: Mesh, matrix: Sequence[Sequence[float]], offset: Sequence[float] = (0.0, 0.0, 0.0)) -> Mesh:
    """``v -> matrix @ v + offset``; faces are flipped when the matrix mirrors, so they stay outward."""
    v, f = mesh
    mat = np.asarray(matrix, dtype=np.float64)
    out = v @ mat.T + np.asarray(offset, dtype=np.float64)
    if np.linalg.det(mat) < 0:
        f = tuple(tuple(reversed(poly)) for poly in f)
    return out, f


def oriented_box(origin: Sequence[float], u: Sequence[float], v: Sequence[float], w: Sequence[float]) -> Mesh:
    """A parallelepiped spanned by the edge vectors ``u, v, w`` from the corner ``origin``."""
    return affine(box((0.0, 0.0, 0.0), (1.0, 1.0, 1.0)), np.column_stack([u, v, w]), origin)


def fit(items: Sequence[Item], w: float, d: float, h: float) -> list[Item]:
    """Scale and move items so that together they span exactly ``[-w/2, w/2] x [-d/2, d/2] x [0, h]``."""
    allv = np.vstack([mesh[0] for _, mesh, _, _ in items])
    lo, hi = allv.min(axis=0), allv.max(axis=0)
    scale = np.array([w, d, h]) / (hi - lo)
    target = np.array([-w / 2.0, -d / 2.0, 0.0])
    return [(name, ((v - lo) * scale + target, f), mat, parent) for name, (v, f), mat, parent in items]


def add_all(tb: TreeBuilder, items: Sequence[Item]) -> None:
    for name, mesh, mat, parent in items:
        tb.add(name, mesh, mat, parent)


# --- sampling ------------------------------------------------------------------------------

_CERAMIC = ("ceramic_white", "porcelain", "ceramic_blue", "terracotta")
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "plate": {"body": _CERAMIC},
    "cup": {"body": _CERAMIC},
    "bowl": {"body": (*_CERAMIC, "glass_clear", "birch")},
    "vase": {"body": ("ceramic_white", "ceramic_blue", "terracotta", "porcelain", "glass_clear", "glass_frosted")},
    "bottle": {"body": ("glass_clear", "glass_frosted", "plastic_white", "plastic_green"),
               "cap": ("cork", "aluminium", "plastic_black", "plastic_red"),
               "label": ("paper_white", "book_cover_red", "book_cover_blue")},
    "jar": {"body": ("glass_clear", "glass_frosted", "ceramic_white"), "lid": ("aluminium", "brass", "cork", "plastic_red")},
    "cooking_pot": {"body": ("steel", "brushed_steel", "black_metal", "ceramic_blue"),
                    "handle": ("black_metal", "plastic_black", "steel")},
    "fruit_bowl": {"body": ("ceramic_white", "ceramic_blue", "oak", "walnut", "glass_clear", "brushed_steel")},
    "candle": {"wax": ("plastic_white", "cotton_white", "plastic_red", "plastic_yellow"),
               "holder": ("brass", "chrome", "glass_clear", "ceramic_white")},
    "soap_dispenser": {"body": ("ceramic_white", "glass_frosted", "plastic_white", "glass_clear"),
                       "pump": ("chrome", "brushed_steel", "plastic_black")},
    "desk_organizer": {"body": ("black_metal", "plastic_black", "plastic_white", "oak", "aluminium")},
}

# categories whose footprint is round (depth follows width) or whose width follows the depth
_ROUND = ("plate", "bowl", "vase", "bottle", "jar", "fruit_bowl", "candle")
_WIDTH_FROM_DEPTH = {"cup": 1.35, "cooking_pot": 1.4}
_DEPTH_FROM_WIDTH = {"soap_dispenser": 1.35}


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    p = common.base_params(rng, category, STYLES, _MATERIALS[category], overrides)
    cat = BY_NAME[category]
    if category in _ROUND and "depth_m" not in overrides:
        p["depth_m"] = p["width_m"]
    if category in _WIDTH_FROM_DEPTH and "width_m" not in overrides:
        p["width_m"] = round(float(np.clip(p["depth_m"] * _WIDTH_FROM_DEPTH[category], cat.min_size[0], cat.max_size[0])), 3)
    if category in _DEPTH_FROM_WIDTH and "depth_m" not in overrides:
        p["depth_m"] = round(float(np.clip(p["width_m"] * _DEPTH_FROM_WIDTH[category], cat.min_size[1], cat.max_size[1])), 3)
    if category == "desk_organizer" and p["style"] == "classic" and "depth_m" not in overrides:
        p["depth_m"] = round(float(np.clip(p["width_m"], cat.min_size[1], cat.max_size[1])), 3)
    return p


# --- builders ------------------------------------------------------------------------------


def _bowl_outer(r: float, h: float, classic: bool) -> list[tuple[float, float]]:
    if classic:
        return [(0.5 * r, 0.0), (0.86 * r, 0.45 * h), (r, h)]
    return [(0.62 * r, 0.0), (r, h)]


def _plate(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    r = w / 2.0
    if p["style"] == "classic":
        outer = [(0.42 * r, 0.0), (0.62 * r, 0.4 * h), (0.86 * r, 0.6 * h), (r, h)]
    else:
        outer = [(0.7 * r, 0.0), (0.92 * r, 0.55 * h), (r, h)]
    tb.add("plate", lathe(shell(outer, min(0.005, 0.35 * h)), y_scale=d / w, segments=24), p["material_body"])


def _cup(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    r = min(d, w / 1.2) / 2.0  # the handle keeps at least a sixth of the width
    cx = -w / 2.0 + r
    t = min(0.005, 0.1 * r)
    outer = [(0.8 * r, 0.0), (0.95 * r, 0.35 * h), (r, h)] if p["style"] == "classic" else [(r, 0.0), (r, h)]
    tb.add("body", lathe(shell(outer, t), (cx, 0.0), y_scale=d / (2.0 * r)), p["material_body"])
    zs, rs = [q[1] for q in outer], [q[0] for q in outer]
    bar, thick = max(0.006, 0.1 * h), min(0.012, 0.25 * d)
    z0, z1 = 0.2 * h, 0.75 * h
    x_in = [cx + float(np.interp(z, zs, rs)) - t / 2.0 for z in (z0, z1)]
    handle = merge(
        box((x_in[0], -thick / 2, z0), (w / 2.0, thick / 2, z0 + bar)),
        box((x_in[1], -thick / 2, z1 - bar), (w / 2.0, thick / 2, z1)),
        box((w / 2.0 - bar, -thick / 2, z0), (w / 2.0, thick / 2, z1)),
    )
    tb.add("handle", handle, p["material_body"], parent="body")


def _bowl(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    outer = _bowl_outer(w / 2.0, h, p["style"] == "classic")
    tb.add("bowl", lathe(shell(outer, min(0.006, 0.1 * h)), y_scale=d / w), p["material_body"])


def _vase(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    r = w / 2.0
    if p["style"] == "classic":
        frac = [(0.55, 0.0), (0.95, 0.25), (1.0, 0.4), (0.72, 0.68), (0.42, 0.85), (0.52, 1.0)]
    else:
        frac = [(0.72, 0.0), (0.86, 0.55), (1.0, 1.0)]
    outer = [(fr * r, fz * h) for fr, fz in frac]
    tb.add("vase", lathe(shell(outer, min(0.005, 0.12 * r)), y_scale=d / w), p["material_body"])


def _bottle(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    r, ys = w / 2.0, d / w
    if p["style"] == "classic":  # wine bottle: round shoulders, long neck, cork
        frac, neck, cap_z = [(0.96, 0.0), (0.96, 0.6), (0.6, 0.7), (0.3, 0.8), (0.28, 0.92)], 0.3, 0.9
    else:  # water bottle: short shoulder, wide screw cap
        frac, neck, cap_z = [(0.96, 0.0), (0.96, 0.74), (0.5, 0.84), (0.44, 0.9)], 0.5, 0.88
    tb.add("body", lathe([(fr * r, fz * h) for fr, fz in frac], y_scale=ys), p["material_body"])
    tb.add("cap", lathe([(neck * r, cap_z * h), (neck * r, h)], y_scale=ys, segments=12), p["material_cap"], parent="body")
    label = [(0.94 * r, 0.25 * h), (r, 0.25 * h), (r, 0.55 * h), (0.94 * r, 0.55 * h)]
    tb.add("label", lathe(label, y_scale=ys, loop=True), p["material_label"], parent="body")


def _jar(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    r, ys = w / 2.0, d / w
    if p["style"] == "classic":  # rounded shoulder and a wide screw lid
        body = [(0.9 * r, 0.0), (r, 0.08 * h), (r, 0.72 * h), (0.86 * r, 0.8 * h), (0.86 * r, 0.84 * h)]
        lid = [(0.9 * r, 0.84 * h), (0.9 * r, h)]
    else:  # straight glass cylinder with a cork stopper
        body = [(r, 0.0), (r, 0.82 * h)]
        lid = [(0.8 * r, 0.78 * h), (0.86 * r, h)]
    tb.add("body", lathe(body, y_scale=ys), p["material_body"])
    tb.add("lid", lathe(lid, y_scale=ys), p["material_lid"], parent="body")


def _cooking_pot(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    r = min(d, w / 1.2) / 2.0
    ys = d / (2.0 * r)
    hb = 0.72 * h
    t = min(0.004, 0.05 * r)
    outer = [(0.9 * r, 0.0), (r, 0.12 * hb), (r, hb)] if p["style"] == "classic" else [(r, 0.0), (r, hb)]
    tb.add("body", lathe(shell(outer, t), y_scale=ys), p["material_body"])
    knob_h = 0.3 * (h - hb)
    dome_top = h - knob_h
    lid = [(r, hb + 0.002), (r, hb + 0.006), (0.55 * r, hb + 0.7 * (dome_top - hb)), (0.15 * r, dome_top)]
    tb.add("lid", lathe(lid, y_scale=ys), p["material_body"], parent="body")
    knob = [(0.08 * r, dome_top - 0.003), (0.14 * r, h)] if p["style"] == "classic" else [(0.18 * r, dome_top - 0.003), (0.18 * r, h)]
    tb.add("knob", lathe(knob, y_scale=ys, segments=12), p["material_handle"], parent="lid")
    grip, zc = min(0.012, 0.1 * h), 0.8 * hb
    for i, sign in enumerate((-1.0, 1.0)):
        x_in, x_out = sign * (r - t / 2.0), sign * w / 2.0
        handle = box((min(x_in, x_out), -0.3 * r * ys, zc - grip / 2), (max(x_in, x_out), 0.3 * r * ys, zc + grip / 2))
        tb.add(f"handle_{i}", handle, p["material_handle"], parent="body")


def _fruit_bowl(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    r, ys = w / 2.0, d / w
    hb = 0.6 * h
    outer = _bowl_outer(r, hb, p["style"] == "classic")
    tb.add("bowl", lathe(shell(outer, min(0.006, 0.1 * hb)), y_scale=ys), p["material_body"])
    ring_z = 0.35 * hb
    rf = min(0.28 * r * min(1.0, ys), 0.48 * (h - ring_z), 0.5 * h)
    ring = 4 if p["style"] == "classic" else 3
    foods = ("food_orange", "food_green", "food_red")
    centers = [(0.45 * r * math.cos(2 * math.pi * k / ring), 0.45 * r * ys * math.sin(2 * math.pi * k / ring), ring_z + rf)
               for k in range(ring)]
    centers.append((0.0, 0.0, h - rf))
    for k, c in enumerate(centers):
        tb.add(f"fruit_{k}", uv_sphere(c, rf, rings=6, segments=12), foods[k % len(foods)], parent="bowl")


def _candle(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    r, ys = w / 2.0, d / w
    flame_h = min(0.03, 0.18 * h)
    wax_top = h - flame_h - 0.004
    if p["style"] == "classic":  # taper candle in a holder
        cup_z = 0.25 * h
        holder = merge(
            lathe([(r, 0.0), (0.9 * r, 0.03 * h)], y_scale=ys),
            lathe([(0.25 * r, 0.02 * h), (0.15 * r, cup_z - 0.02 * h)], y_scale=ys, segments=12),
            lathe([(0.25 * r, cup_z - 0.025 * h), (0.36 * r, cup_z)], y_scale=ys, segments=12),
        )
        tb.add("holder", holder, p["material_holder"])
        tb.add("wax", lathe([(0.27 * r, cup_z - 0.015 * h), (0.24 * r, wax_top)], y_scale=ys, segments=12),
               p["material_wax"], parent="holder")
    else:  # pillar candle
        tb.add("wax", lathe([(r, 0.0), (r, wax_top)], y_scale=ys), p["material_wax"])
    tb.add("wick", cylinder((0.0, 0.0), 0.0012, wax_top - 0.002, wax_top + 0.006, segments=6), "plastic_black", parent="wax")
    flame = [(0.003, wax_top + 0.004), (0.006, wax_top + 0.004 + 0.35 * flame_h), (0.0012, h)]
    tb.add("flame", lathe(flame, segments=8), "emissive_warm", parent="wax")


def _soap_dispenser(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    r = w / 2.0
    ry = min(r, 0.4 * d)  # leave the front of the depth to the nozzle
    cy = d / 2.0 - ry
    hb = 0.7 * h
    if p["style"] == "classic":
        body = [(0.88 * r, 0.0), (r, 0.15 * hb), (r, 0.78 * hb), (0.5 * r, 0.97 * hb), (0.3 * r, hb)]
    else:
        body = [(r, 0.0), (r, hb)]
    tb.add("body", lathe(body, (0.0, cy), y_scale=ry / r), p["material_body"])
    head_h = min(0.016, 0.3 * (h - hb))
    head = box_c((0.0, cy, h - head_h / 2), (0.7 * r, 0.7 * ry, head_h))
    pump = merge(
        cylinder((0.0, cy), 0.3 * ry, hb - 0.002, hb + 0.25 * (h - hb)),
        cylinder((0.0, cy), 0.1 * ry, hb + 0.2 * (h - hb), h - head_h + 0.001, segments=8),
        head,
    )
    tb.add("pump", pump, p["material_pump"], parent="body")
    nozzle = box((-0.004, -d / 2.0, h - head_h * 0.8), (0.004, cy - 0.3 * ry, h - head_h * 0.2))
    tb.add("nozzle", nozzle, p["material_pump"], parent="pump")


def _desk_organizer(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    hc = 0.68 * h
    t = min(0.004, 0.05 * d)
    if p["style"] == "classic":  # round pen cup
        tb.add("body", lathe(shell([(0.5 * w, 0.0), (0.5 * w, hc)], t), y_scale=d / w), p["material_body"])
        spots = [(-0.18 * w, -0.1 * d), (0.12 * w, 0.15 * d), (0.15 * w, -0.15 * d)]
    else:  # rectangular holder with a divider
        x0, y0, x1, y1 = -w / 2, -d / 2, w / 2, d / 2
        body = merge(
            box((x0, y0, 0.0), (x1, y1, t)),
            box((x0, y0, 0.0), (x1, y0 + t, hc)),
            box((x0, y1 - t, 0.0), (x1, y1, hc)),
            box((x0, y0, 0.0), (x0 + t, y1, hc)),
            box((x1 - t, y0, 0.0), (x1, y1, hc)),
            box((-0.1 * w - t / 2, y0, 0.0), (-0.1 * w + t / 2, y1, 0.6 * hc)),
        )
        tb.add("body", body, p["material_body"])
        spots = [(-0.32 * w, 0.0), (0.1 * w, 0.15 * d), (0.25 * w, -0.15 * d)]
    pen_r = min(0.004, 0.15 * d)
    for k, ((x, y), top, mat) in enumerate(zip(spots, (h, 0.9 * h, 0.82 * h), ("plastic_blue", "plastic_red", "plastic_black"))):
        tb.add(f"pen_{k}", cylinder((x, y), pen_r, t, top, segments=8), mat, parent="body")


_BUILDERS: dict[str, Callable[[TreeBuilder, dict], None]] = {
    "plate": _plate,
    "cup": _cup,
    "bowl": _bowl,
    "vase": _vase,
    "bottle": _bottle,
    "jar": _jar,
    "cooking_pot": _cooking_pot,
    "fruit_bowl": _fruit_bowl,
    "candle": _candle,
    "soap_dispenser": _soap_dispenser,
    "desk_organizer": _desk_organizer,
}


def build(params: dict) -> PartTree:
    tb = TreeBuilder(params["category"], params)
    _BUILDERS[params["category"]](tb, params)
    return tb.build()
