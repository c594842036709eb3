"""Equipment and larger single pieces: kettlebells, medicine balls, squat racks, wheelchairs, IV stands,
column scales, examination lamps, high chairs, rocking chairs, piano benches, playpens, bicycles,
air hockey tables, floor speakers, paper shredders, glass-door drinks fridges and bar counters.

Pieces are sketched at their sampled size and fitted exactly onto it (``mesh.FitBuilder``). The
bicycle stands along X (so that it leans parallel to a wall); everything else faces -Y.

Styles: ``classic`` (a round-bottomed kettlebell, a stitched leather ball, a full power cage, a
chrome wheelchair with armrests, a four-leg IV stand, a balance-beam scale, a wooden high chair, a
spindle-back rocker, a padded bench on turned legs, a slatted wooden playpen, a city bike, a
four-leg hockey table, a wooden speaker with a grille, a lit drinks fridge, a panelled bar with a
foot rail) and ``modern`` (a flat-based kettlebell, a rubber ball with grips, a two-post squat
stand, a sport wheelchair, a five-star IV stand, a digital scale, a plastic high chair on an A-frame,
an upholstered glider, an X-frame bench, a mesh playpen, a road bike, a cabinet-base hockey table,
a slim black speaker, a plain fridge, a slab bar with a light strip).
"""

from __future__ import annotations

import math

import numpy as np

from . import common
from .gym import annulus_y, bar_yz, extrude_y, ring, strut, x_cylinder, y_cylinder
from .mesh import FitBuilder, Mesh, box, cylinder, frustum, merge, prism, uv_sphere
from .parttree import Joint, PartTree, SupportSurface
from .tableware import lathe

STYLES = ("classic", "modern")

DOOR_OPEN = 1.75  # rad
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "kettlebell": {"body": ("black_metal", "plastic_red", "plastic_blue", "plastic_yellow", "rubber_black")},
    "medicine_ball": {"body": ("leather_brown", "rubber_black", "plastic_red", "plastic_blue", "plastic_green")},
    "squat_rack": {"frame": ("black_metal", "steel", "painted_grey", "plastic_red"), "accent": ("chrome", "steel", "rubber_black")},
    "wheelchair": {"frame": ("chrome", "black_metal", "aluminium", "painted_blue"), "seat": ("leather_black", "fabric_blue", "fabric_grey")},
    "iv_stand": {"frame": ("chrome", "steel", "aluminium")},
    "weighing_scale": {"frame": ("painted_white", "steel", "painted_grey", "plastic_white"), "accent": ("black_metal", "chrome", "plastic_black")},
    "exam_lamp": {"frame": ("painted_white", "chrome", "steel", "plastic_white"), "accent": ("plastic_white", "painted_grey", "chrome")},
    "high_chair": {
        "frame": ("pine", "birch", "painted_white", "plastic_white", "oak"),
        "seat": ("plastic_white", "fabric_grey", "plastic_green", "fabric_blue"),
    },
    "rocking_chair": {
        "frame": ("oak", "walnut", "pine", "painted_white", "mdf_black"),
        "seat": ("linen_beige", "fabric_grey", "fabric_blue", "velvet_mustard"),
    },
    "piano_bench": {"frame": ("mdf_black", "walnut", "oak", "black_metal"), "seat": ("leather_black", "leather_brown", "velvet_mustard", "fabric_red")},
    "playpen": {"frame": ("birch", "pine", "painted_white", "plastic_white", "oak"), "accent": ("fabric_grey", "cotton_white", "fabric_blue", "linen_beige")},
    "bicycle": {
        "frame": ("plastic_red", "painted_blue", "black_metal", "aluminium", "plastic_green", "painted_white"),
        "accent": ("leather_brown", "leather_black", "plastic_black"),
    },
    "air_hockey_table": {"frame": ("mdf_black", "painted_blue", "plastic_red", "walnut"), "accent": ("plastic_red", "plastic_yellow", "plastic_blue")},
    "speaker": {"frame": ("walnut", "mdf_black", "oak", "painted_white", "plastic_black"), "accent": ("fabric_grey", "plastic_black", "aluminium")},
    "paper_shredder": {"frame": ("plastic_black", "painted_grey", "plastic_white"), "accent": ("plastic_black", "aluminium", "plastic_blue")},
    "display_fridge": {"frame": ("plastic_white", "black_metal", "plastic_red", "brushed_steel"), "accent": ("aluminium", "chrome", "plastic_black")},
    "bar_counter": {
        "frame": ("walnut", "oak", "mdf_black", "painted_white", "concrete", "painted_blue"),
        "top": ("walnut", "oak", "marble_white", "granite_dark", "brushed_steel"),
    },
}


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    p = common.base_params(rng, category, STYLES, _MATERIALS[category], overrides)
    if category == "medicine_ball":
        for key in ("depth_m", "height_m"):
            if key not in overrides:
                p[key] = p["width_m"]
    return p


def build(params: dict) -> PartTree:
    return common.fitted_build(params, _BUILDERS)


def _bar_xz(p0, p1, thick: float, y0: float, y1: float) -> Mesh:
    """A straight bar of ``thick`` in the XZ plane from (x, z) ``p0`` to ``p1``, spanning y0..y1."""
    a, b = np.asarray(p0, dtype=np.float64), np.asarray(p1, dtype=np.float64)
    t = b - a
    n = np.array([-t[1], t[0]]) / float(np.linalg.norm(t)) * thick / 2
    return extrude_y([a + n, b + n, b - n, a - n], y0, y1)


def _star_base(n: int, r: float, z: float, parent: str | None, tb: FitBuilder, material: str, wheel: float = 0.03) -> None:
    """``n`` legs radiating from the centre with a caster under each tip."""
    legs, wheels = [], []
    for k in range(n):
        a = 2 * math.pi * k / n + math.pi / 2
        c, s = math.cos(a), math.sin(a)
        tip = (r - wheel) * c, (r - wheel) * s
        legs.append(_flat_bar((0.0, 0.0), tip, 0.035, 2 * wheel, 2 * wheel + 0.025))
        wheels.append(uv_sphere((tip[0], tip[1], wheel), wheel, 4, 8))
    tb.add("base", merge(*legs), material, parent)
    tb.add("casters", merge(*wheels), "rubber_black", "base")


def _flat_bar(p0, p1, width: float, z0: float, z1: float) -> Mesh:
    """A flat horizontal bar from (x, y) ``p0`` to ``p1``, ``width`` wide, from z0 to z1."""
    a, b = np.asarray(p0, dtype=np.float64), np.asarray(p1, dtype=np.float64)
    t = b - a
    n = np.array([-t[1], t[0]]) / float(np.linalg.norm(t)) * width / 2
    return prism([a + n, b + n, b - n, a - n], z0, z1)


# --- gym ----------------------------------------------------------------------------------------------


def _kettlebell(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body = p["material_body"]
    rb = d / 2
    zb = 0.62 * h
    if p["style"] == "classic":
        tb.add("bell", merge(uv_sphere((0.0, 0.0, rb), rb, 6, 12), cylinder((0.0, 0.0), 0.6 * rb, 0.0, 0.2 * rb, 12)), body)
    else:
        tb.add("bell", lathe([(0.75 * rb, 0.0), (rb, 0.15 * zb), (rb, 0.6 * zb), (0.6 * rb, zb), (0.3 * rb, 1.05 * zb)]), body)
    hw = w / 2
    handle = merge(
        strut((-0.55 * hw, 0.0, 0.8 * zb), (-hw + 0.012, 0.0, h - 0.03), 0.012, 0.012),
        strut((0.55 * hw, 0.0, 0.8 * zb), (hw - 0.012, 0.0, h - 0.03), 0.012, 0.012),
        box((-hw, -0.012, h - 0.024), (hw, 0.012, h)),
    )
    tb.add("handle", handle, body if p["style"] == "classic" else "black_metal", "bell")


def _medicine_ball(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    r = w / 2
    v, faces = uv_sphere((0.0, 0.0, 0.9 * r), r, 8, 16)  # sunk a tenth of its radius: it rests on a flattened patch, not a point
    v = np.column_stack([v[:, :2], np.maximum(v[:, 2], 0.0)])
    tb.add("ball", (v, faces), p["material_body"])
    if p["style"] == "classic":  # stitched seams
        seams = merge(lathe([(1.005 * r, r - 0.004), (1.005 * r, r + 0.004)], segments=16), lathe([(0.72 * r, 1.7 * r), (0.72 * r, 1.71 * r)], segments=16))
        tb.add("seams", seams, "cotton_white", "ball")
    else:  # two grips
        tb.add("grips", merge(*[box((sx * 0.85 * r - 0.03, -0.05, 0.95 * r), (sx * 0.85 * r + 0.03, 0.05, 1.2 * r)) for sx in (-1, 1)]), "rubber_black", "ball")


def _squat_rack(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    s = 0.07
    xu = w / 2 - 0.15  # uprights inside the barbell's span
    if p["style"] == "classic":  # a power cage
        ys = (-d / 2 + 0.15, d / 2 - 0.05)
        ups = [box((sx * xu - s / 2, y - s / 2, 0.0), (sx * xu + s / 2, y + s / 2, h - 0.02)) for sx in (-1, 1) for y in ys]
        tops = [box((-xu - s / 2, y - s / 2, h - 0.09), (xu + s / 2, y + s / 2, h - 0.02)) for y in ys]
        sides = [box((sx * xu - s / 2, ys[0], y0), (sx * xu + s / 2, ys[1], y0 + s)) for sx in (-1, 1) for y0 in (0.0, h - 0.09)]
        tb.add("frame", merge(*ups, *tops, *sides), frame)
        tb.add("safety_bars", merge(*[box((sx * xu - 0.02, ys[0], 0.5), (sx * xu + 0.02, ys[1], 0.54)) for sx in (-1, 1)]), accent, "frame")
        yh = ys[0]
    else:  # two uprights on wide feet
        feet = [box((sx * xu - 0.04, -d / 2 + 0.1, 0.0), (sx * xu + 0.04, d / 2, 0.06)) for sx in (-1, 1)]
        ups = [box((sx * xu - s / 2, -s / 2, 0.06), (sx * xu + s / 2, s / 2, h)) for sx in (-1, 1)]
        tb.add("frame", merge(*feet, *ups, box((-xu, -0.03, h - 0.06), (xu, 0.03, h))), frame)
        yh = 0.0
    zh = 0.62 * h
    tb.add("j_hooks", merge(*[box((sx * xu - 0.025, yh - s / 2 - 0.08, zh - 0.04), (sx * xu + 0.025, yh - s / 2, zh)) for sx in (-1, 1)]), accent, "frame")
    zb = zh + 0.025
    tb.add("barbell", x_cylinder(-w / 2, w / 2, yh - s / 2 - 0.055, zb, 0.014), "chrome", "j_hooks")
    plates = [x_cylinder(-(xu + 0.09), -(xu + 0.05), yh - s / 2 - 0.055, zb, 0.2), x_cylinder(xu + 0.05, xu + 0.09, yh - s / 2 - 0.055, zb, 0.2)]
    tb.add("plates", merge(*plates), "rubber_black", "barbell")


# --- medical ------------------------------------------------------------------------------------------


def _wheelchair(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, seat = p["material_frame"], p["material_seat"]
    classic = p["style"] == "classic"
    rw = min(0.3, 0.32 * h)
    yr = d / 2 - rw  # rear axle; the user faces -Y
    zs = 0.5 * h
    xs = w / 2 - 0.05  # seat half width plus frame
    tb.add("seat", box((-xs + 0.02, -d / 2 + 0.3 * d, zs - 0.03), (xs - 0.02, yr + 0.05, zs)), seat)
    tb.add(
        "frame",
        merge(
            *[box((sx * xs - 0.012, -d / 2 + 0.25 * d, zs - 0.05), (sx * xs + 0.012, yr + 0.1, zs - 0.025)) for sx in (-1, 1)],
            *[box((sx * xs - 0.012, yr + 0.08, 0.1), (sx * xs + 0.012, yr + 0.105, h)) for sx in (-1, 1)],
            *[strut((sx * xs, -d / 2 + 0.08, 0.09), (sx * xs, -d / 2 + 0.28 * d, zs - 0.03), 0.012, 0.012) for sx in (-1, 1)],
        ),
        frame,
        "seat",
    )
    back_top = h - 0.08 if classic else 0.8 * h
    tb.add("backrest", box((-xs + 0.02, yr + 0.06, zs), (xs - 0.02, yr + 0.08, back_top)), seat, "frame")
    tb.add("push_handles", merge(*[box((sx * xs - 0.015, yr + 0.105, h - 0.03), (sx * xs + 0.015, d / 2, h)) for sx in (-1, 1)]), "rubber_black", "frame")
    tb.add(
        "rear_wheels",
        merge(*[x_cylinder(sx * w / 2 - (0.03 if sx > 0 else 0.0), sx * w / 2 + (0.0 if sx > 0 else 0.03), yr, rw, rw, 20) for sx in (-1, 1)]),
        "rubber_black",
        "frame",
    )
    tb.add(
        "casters",
        merge(*[x_cylinder(sx * (xs - 0.02) - 0.012, sx * (xs - 0.02) + 0.012, -d / 2 + 0.12 * d, 0.06, 0.06, 12) for sx in (-1, 1)]),
        "rubber_black",
        "frame",
    )
    tb.add(
        "footrests",
        merge(*[box((sx * (xs - 0.12) - 0.07, -d / 2, 0.08), (sx * (xs - 0.12) + 0.07, -d / 2 + 0.12, 0.1)) for sx in (-1, 1)]),
        "plastic_black",
        "frame",
    )
    if classic:
        tb.add(
            "armrests",
            merge(
                *[box((sx * xs - 0.025, -d / 2 + 0.35 * d, zs + 0.2), (sx * xs + 0.025, yr + 0.08, zs + 0.24)) for sx in (-1, 1)],
                *[box((sx * xs - 0.01, -d / 2 + 0.38 * d, zs), (sx * xs + 0.01, -d / 2 + 0.4 * d, zs + 0.2)) for sx in (-1, 1)],
            ),
            "plastic_black",
            "frame",
        )
    tb.surface(SupportSurface("seat", "seat", "seat", zs, (-xs + 0.05, -d / 2 + 0.32 * d, xs - 0.05, yr + 0.03), h - zs))


def _iv_stand(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame = p["material_frame"]
    n = 4 if p["style"] == "classic" else 5
    _star_base(n, min(w, d) / 2, 0.06, None, tb, frame)
    tb.add("pole", cylinder((0.0, 0.0), 0.013, 0.06, h - 0.02, 10), frame, "base")
    hooks = [
        merge(strut((0.0, 0.0, h - 0.1), (0.12 * c, 0.12 * s, h - 0.02), 0.005, 0.005), uv_sphere((0.12 * c, 0.12 * s, h - 0.02), 0.01, 4, 8))
        for c, s in ((1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0))
    ]
    tb.add("hooks", merge(*hooks), frame, "pole")
    tb.add("iv_bag", box((0.07, -0.025, h - 0.32), (0.17, 0.025, h - 0.05)), "glass_frosted", "hooks")
    tb.add("tube", cylinder((0.12, 0.0), 0.003, h - 0.75, h - 0.32, 6), "glass_clear", "iv_bag")


def _weighing_scale(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    tb.add("platform", box((-w / 2, -d / 2, 0.0), (w / 2, d / 2 - 0.08, 0.08)), frame)
    tb.add("mat", box((-w / 2 + 0.03, -d / 2 + 0.03, 0.08), (w / 2 - 0.03, d / 2 - 0.11, 0.085)), "rubber_black", "platform")
    tb.add("column", box((-0.035, d / 2 - 0.08, 0.0), (0.035, d / 2, 0.78 * h)), frame, "platform")
    if p["style"] == "classic":  # a balance beam with two poises and a measuring rod
        tb.add(
            "beam",
            merge(
                box((-w / 2 + 0.02, d / 2 - 0.06, 0.78 * h), (w / 2 - 0.02, d / 2 - 0.03, 0.82 * h)),
                box((-0.04, d / 2 - 0.08, 0.76 * h), (0.04, d / 2, 0.86 * h)),
            ),
            accent,
            "column",
        )
        tb.add(
            "poises",
            merge(
                box((-0.1, d / 2 - 0.07, 0.775 * h), (-0.07, d / 2 - 0.02, 0.825 * h)), box((0.05, d / 2 - 0.07, 0.775 * h), (0.08, d / 2 - 0.02, 0.825 * h))
            ),
            "chrome",
            "beam",
        )
    else:  # a digital head
        tb.add("beam", box((-0.12, d / 2 - 0.1, 0.78 * h), (0.12, d / 2, 0.88 * h)), frame, "column")
        tb.add("display", box((-0.08, d / 2 - 0.103, 0.8 * h), (0.08, d / 2 - 0.1, 0.86 * h)), "screen_black", "beam")
    tb.add(
        "height_rod",
        merge(box((-0.008, d / 2 - 0.02, 0.86 * h), (0.008, d / 2 - 0.005, h)), box((-0.008, d / 2 - 0.2, h - 0.012), (0.008, d / 2 - 0.005, h))),
        "aluminium",
        "column",
    )


def _exam_lamp(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    _star_base(5, 0.5 * min(w, d) if p["style"] == "modern" else 0.42 * min(w, d), 0.06, None, tb, frame, 0.025)
    zt = 0.72 * h
    tb.add("pole", cylinder((0.0, 0.0), 0.014, 0.06, zt, 10), frame, "base")
    neck, prev = [], (0.0, 0.0, zt)
    reach = d / 2 - 0.08
    for k in range(1, 5):
        a = k / 4 * (math.pi / 2)
        pt = (0.0, -reach * math.sin(a), zt + (h - 0.12 - zt) * (1 - math.cos(a)) + (h - 0.12 - zt) * k / 8)
        neck.append(merge(uv_sphere(prev, 0.011, 4, 8), strut(prev, pt, 0.008, 0.008) if pt[2] > prev[2] + 1e-4 else box(prev, prev)))
        prev = pt
    tb.add("gooseneck", merge(*neck), accent if p["style"] == "classic" else "black_metal", "pole")
    r = 0.09 if p["style"] == "classic" else 0.07
    tb.add("shade", merge(frustum((0.0, prev[1]), r, 0.035, prev[2] - 0.02, prev[2] + 0.05, 16)), accent, "gooseneck")
    tb.add("light", cylinder((0.0, prev[1]), r - 0.01, prev[2] - 0.025, prev[2] - 0.02, 16), "emissive_warm", "shade")


# --- nursery and home ---------------------------------------------------------------------------------


def _high_chair(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, seat = p["material_frame"], p["material_seat"]
    zs = 0.55 * h
    sw = 0.36 * w
    if p["style"] == "classic":  # four splayed wooden legs
        legs = [strut((sx * (w / 2 - 0.02), sy * (d / 2 - 0.02), 0.0), (sx * sw, sy * 0.15, zs - 0.02), 0.018, 0.018) for sx in (-1, 1) for sy in (-1, 1)]
        rungs = [box((-0.8 * w / 2, sy * (d / 2 - 0.08) - 0.01, 0.25 * h), (0.8 * w / 2, sy * (d / 2 - 0.08) + 0.01, 0.25 * h + 0.02)) for sy in (-1, 1)]
        tb.add("frame", merge(*legs, *rungs), frame)
    else:  # an A-frame on each side
        legs = [strut((sx * (w / 2 - 0.02), sy * (d / 2 - 0.02), 0.0), (sx * (sw + 0.02), 0.0, zs - 0.02), 0.02, 0.015) for sx in (-1, 1) for sy in (-1, 1)]
        tb.add("frame", merge(*legs, *[x_cylinder(-w / 2 + 0.06, w / 2 - 0.06, sy * (d / 2 - 0.05), 0.1, 0.012) for sy in (-1, 1)]), frame)
    tb.add("seat", box((-sw, -0.15, zs - 0.03), (sw, 0.15, zs)), seat, "frame")
    tb.add("backrest", box((-sw, 0.12, zs), (sw, 0.16, h)), seat if p["style"] == "modern" else frame, "seat")
    tb.add(
        "sides",
        merge(*[box((sx * sw - (0.02 if sx > 0 else 0.0), -0.12, zs), (sx * sw + (0.0 if sx > 0 else 0.02), 0.12, zs + 0.18)) for sx in (-1, 1)]),
        frame,
        "seat",
    )
    tb.add(
        "tray",
        merge(
            box((-sw - 0.04, -d / 2 + 0.06, zs + 0.18), (sw + 0.04, -0.1, zs + 0.2)),
            ring(-sw - 0.04, sw + 0.04, -d / 2 + 0.06, -0.1, 0.012, zs + 0.2, zs + 0.22),
        ),
        "plastic_white",
        "sides",
    )
    tb.add("footrest", box((-sw, -0.2, 0.3 * h), (sw, -0.1, 0.3 * h + 0.02)), frame, "frame")
    tb.surface(SupportSurface("seat", "seat", "seat", zs, (-sw + 0.02, -0.11, sw - 0.02, 0.1), 0.18))


def _rockers(w: float, d: float, xo: float, t: float) -> Mesh:
    """Two curved runners along Y at x = +-xo, as chains of short slanted bars, flat for a short
    stretch in the middle where the chair rests (its weight stays over that stretch)."""
    out = []
    r = 1.2 * d
    flat = 0.15 * d
    a_max = math.asin(min(0.95, (d / 2) / r))
    ang = np.linspace(-a_max, a_max, 7)
    arc = [(r * math.sin(a), r - r * math.cos(a)) for a in ang]
    pts = [(y - flat, z) for y, z in arc[:3]] + [(-flat, 0.0), (flat, 0.0)] + [(y + flat, z) for y, z in arc[4:]]
    for sx in (-1, 1):
        for (y0, z0), (y1, z1) in zip(pts[:-1], pts[1:]):
            out.append(bar_yz((y0, z0 + t / 2), (y1, z1 + t / 2), t, sx * xo - 0.012, sx * xo + 0.012))
    return merge(*out)


def _rocking_chair(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, seat = p["material_frame"], p["material_seat"]
    zs = 0.45 * h
    xs = w / 2 - 0.04
    tb.add("rockers", _rockers(w, d, xs, 0.03), frame)
    legs = [strut((sx * xs, y, 0.02), (sx * xs, y, zs - 0.03), 0.016, 0.016) for sx in (-1, 1) for y in (-0.28 * d, 0.22 * d)]
    tb.add("frame", merge(*legs), frame, "rockers")
    tb.add("seat", box((-xs, -0.32 * d, zs - 0.04), (xs, 0.25 * d, zs)), frame if p["style"] == "classic" else seat, "frame")
    yb = 0.3 * d
    if p["style"] == "classic":  # spindles between two back posts and a crest rail
        posts = [bar_yz((0.22 * d, zs - 0.04), (yb, h - 0.02), 0.03, sx * xs - 0.015, sx * xs + 0.015) for sx in (-1, 1)]
        spindles = [bar_yz((0.24 * d, zs), (yb - 0.005, h - 0.08), 0.012, x - 0.006, x + 0.006) for x in np.linspace(-xs + 0.08, xs - 0.08, 5)]
        tb.add("back", merge(*posts, *spindles, bar_yz((yb - 0.02, h - 0.08), (yb + 0.01, h), 0.025, -xs, xs)), frame, "seat")
        tb.add("cushion", box((-xs + 0.03, -0.3 * d, zs), (xs - 0.03, 0.2 * d, zs + 0.04)), seat, "seat")
    else:  # an upholstered back
        tb.add("back", bar_yz((0.2 * d, zs), (yb + 0.02, h), 0.08, -xs, xs), seat, "seat")
    arms = [box((sx * xs - 0.025, -0.3 * d, zs + 0.2), (sx * xs + 0.025, 0.24 * d, zs + 0.23)) for sx in (-1, 1)]
    arm_posts = [box((sx * xs - 0.012, -0.28 * d, zs), (sx * xs + 0.012, -0.25 * d, zs + 0.2)) for sx in (-1, 1)]
    tb.add("arms", merge(*arms, *arm_posts), frame, "seat")
    tb.surface(SupportSurface("seat", "seat", "seat", zs, (-xs + 0.04, -0.3 * d, xs - 0.04, 0.2 * d), h - zs))


def _piano_bench(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, seat = p["material_frame"], p["material_seat"]
    pt = 0.06
    tb.add("seat", box((-w / 2, -d / 2, h - pt), (w / 2, d / 2, h)), seat)
    if p["style"] == "classic":  # an apron on four turned legs
        tb.add("apron", ring(-w / 2 + 0.01, w / 2 - 0.01, -d / 2 + 0.01, d / 2 - 0.01, 0.02, h - pt - 0.08, h - pt), frame, "seat")
        legs = [
            lathe([(0.02, 0.0), (0.016, 0.1), (0.028, 0.2), (0.018, 0.3), (0.025, h - pt)], center=(sx * (w / 2 - 0.04), sy * (d / 2 - 0.04)), segments=10)
            for sx in (-1, 1)
            for sy in (-1, 1)
        ]
        tb.add("legs", merge(*legs), frame, "apron")
    else:  # X-frames under each end with an adjuster knob
        xs = [sx * (w / 2 - 0.06) for sx in (-1, 1)]
        x_frames = [
            merge(
                bar_yz((-d / 2 + 0.03, 0.0), (d / 2 - 0.03, h - pt - 0.03), 0.03, x - 0.015, x + 0.015),
                bar_yz((d / 2 - 0.03, 0.0), (-d / 2 + 0.03, h - pt - 0.03), 0.03, x - 0.015, x + 0.015),
            )
            for x in xs
        ]
        tb.add("legs", merge(*x_frames, box((xs[0], -0.02, h - pt - 0.04), (xs[1], 0.02, h - pt))), frame, "seat")
        tb.add("knob", y_cylinder(-d / 2, -d / 2 + 0.03, xs[1], 0.5 * h, 0.025, 12), "plastic_black", "legs")
    tb.surface(SupportSurface("seat", "seat", "seat", h, (-w / 2 + 0.03, -d / 2 + 0.03, w / 2 - 0.03, d / 2 - 0.03), 1.0))


def _playpen(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    ps = 0.04
    tb.add(
        "posts",
        merge(
            *[
                box((sx * (w / 2 - ps / 2) - ps / 2, sy * (d / 2 - ps / 2) - ps / 2, 0.0), (sx * (w / 2 - ps / 2) + ps / 2, sy * (d / 2 - ps / 2) + ps / 2, h))
                for sx in (-1, 1)
                for sy in (-1, 1)
            ]
        ),
        frame,
    )
    tb.add("rails", merge(ring(-w / 2, w / 2, -d / 2, d / 2, 0.025, h - 0.04, h), ring(-w / 2, w / 2, -d / 2, d / 2, 0.025, 0.06, 0.1)), frame, "posts")
    if p["style"] == "classic":  # slats
        slats = [
            box((x - 0.01, y0, 0.1), (x + 0.01, y0 + 0.02, h - 0.04))
            for x in np.arange(-w / 2 + 0.1, w / 2 - 0.06, 0.08)
            for y0 in (-d / 2 + 0.003, d / 2 - 0.023)
        ]
        slats += [
            box((x0, y - 0.01, 0.1), (x0 + 0.02, y + 0.01, h - 0.04))
            for y in np.arange(-d / 2 + 0.1, d / 2 - 0.06, 0.08)
            for x0 in (-w / 2 + 0.003, w / 2 - 0.023)
        ]
        tb.add("slats", merge(*slats), frame, "rails")
    else:  # mesh walls
        tb.add("mesh", ring(-w / 2 + 0.008, w / 2 - 0.008, -d / 2 + 0.008, d / 2 - 0.008, 0.006, 0.1, h - 0.04), accent, "rails")
    tb.add("floor_pad", box((-w / 2 + 0.03, -d / 2 + 0.03, 0.06), (w / 2 - 0.03, d / 2 - 0.03, 0.1)), accent, "rails")


def _bicycle(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    classic = p["style"] == "classic"
    r = 0.34 if classic else 0.35
    r = min(r, 0.32 * h, 0.21 * w)
    xr, xf = -w / 2 + r, w / 2 - r
    tyre = 0.025 if classic else 0.014
    for name, x in (("rear_wheel", xr), ("front_wheel", xf)):
        spokes = [
            _bar_xz((x, r), (x + (r - tyre) * math.cos(a), r + (r - tyre) * math.sin(a)), 0.004, -0.004, 0.004)
            for a in np.linspace(0, 2 * math.pi, 8, endpoint=False)
        ]
        wheel = annulus_y(x, r, r, r - tyre, -tyre / 2 - 0.005, tyre / 2 + 0.005, 20)
        tb.add(name, merge(wheel, *spokes), "rubber_black", None if name == "rear_wheel" else "frame")
    zs = h - 0.1 if classic else h - 0.05  # saddle
    xb = xr + 0.42 * (xf - xr)  # bottom bracket
    xseat = xb - 0.12
    xhead = xf - 0.12
    zh = zs - (0.05 if classic else 0.12)
    tubes = [
        ((xr, r), (xb, r - 0.02)),
        ((xb, r - 0.02), (xseat, zs - 0.05)),
        ((xr, r), (xseat, zs - 0.1)),
        ((xb, r - 0.02), (xhead, zh - 0.12)),
        ((xseat, zs - 0.1 if classic else zs - 0.12), (xhead, zh - 0.05 if not classic else zh - 0.18)),
        ((xhead, zh), (xf, r)),
    ]
    hub = box((xr - 0.01, -0.03, r - 0.01), (xr + 0.01, 0.03, r + 0.01))
    tb.add("frame", merge(*[_bar_xz(a, b, 0.03, -0.015, 0.015) for a, b in tubes], hub), frame, "rear_wheel")
    tb.add("saddle", box((xseat - 0.12, -0.07, zs - 0.05), (xseat + 0.1, 0.07, h)), accent, "frame")
    tb.add(
        "handlebar",
        merge(_bar_xz((xhead, zh), (xhead - 0.03, h - 0.03), 0.025, -0.012, 0.012), y_cylinder(-d / 2, d / 2, xhead - 0.04, h - 0.02, 0.012, 10)),
        "black_metal",
        "frame",
    )
    tb.add(
        "grips",
        merge(y_cylinder(-d / 2, -d / 2 + 0.1, xhead - 0.04, h - 0.02, 0.017, 10), y_cylinder(d / 2 - 0.1, d / 2, xhead - 0.04, h - 0.02, 0.017, 10)),
        accent,
        "handlebar",
    )
    tb.add(
        "crank",
        merge(
            y_cylinder(-0.04, 0.04, xb, r - 0.02, 0.09, 16),
            box((xb - 0.015, -0.16, r - 0.2), (xb + 0.015, -0.04, r - 0.16)),
            box((xb - 0.015, 0.04, r + 0.12), (xb + 0.015, 0.16, r + 0.16)),
        ),
        "black_metal",
        "frame",
    )
    if classic:
        tb.add(
            "basket",
            merge(box((xf - 0.05, -0.16, zh - 0.25), (xf + 0.25, 0.16, zh - 0.23)), ring(xf - 0.05, xf + 0.25, -0.16, 0.16, 0.01, zh - 0.23, zh - 0.02)),
            "black_metal" if frame != "black_metal" else "pine",
            "frame",
        )
        tb.add(
            "mudguards",
            merge(annulus_y(xr, r, r + 0.03, r + 0.02, -0.03, 0.03, 20, half=True), annulus_y(xf, r, r + 0.03, r + 0.02, -0.03, 0.03, 20, half=True)),
            frame,
            "frame",
        )


# --- play ---------------------------------------------------------------------------------------------


def _air_hockey_table(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    zt = h - 0.06
    tb.add("body", box((-w / 2, -d / 2, zt - 0.14), (w / 2, d / 2, zt)), frame)
    tb.add("rails", ring(-w / 2, w / 2, -d / 2, d / 2, 0.05, zt, h), frame, "body")
    tb.add("surface", box((-w / 2 + 0.05, -d / 2 + 0.05, zt), (w / 2 - 0.05, d / 2 - 0.05, zt + 0.004)), "plastic_white", "body")
    tb.add(
        "markings",
        merge(
            box((-0.004, -d / 2 + 0.05, zt + 0.004), (0.004, d / 2 - 0.05, zt + 0.005)),
            *[box((sx * (w / 2 - 0.3) - 0.004, -d / 2 + 0.05, zt + 0.004), (sx * (w / 2 - 0.3) + 0.004, d / 2 - 0.05, zt + 0.005)) for sx in (-1, 1)],
        ),
        "plastic_red",
        "surface",
    )
    tb.add(
        "goals",
        merge(*[box((sx * w / 2 - (0.052 if sx > 0 else -0.002), -0.12, zt), (sx * w / 2 + (-0.002 if sx > 0 else 0.052), 0.12, zt + 0.03)) for sx in (-1, 1)]),
        "plastic_black",
        "rails",
    )
    tb.add(
        "mallets",
        merge(
            *[
                merge(
                    cylinder((sx * (w / 2 - 0.2), 0.0), 0.045, zt + 0.004, zt + 0.02, 12), cylinder((sx * (w / 2 - 0.2), 0.0), 0.015, zt + 0.02, zt + 0.05, 8)
                )
                for sx in (-1, 1)
            ]
        ),
        accent,
        "surface",
    )
    tb.add("puck", cylinder((0.1, 0.05), 0.03, zt + 0.004, zt + 0.01, 12), "plastic_black", "surface")
    if p["style"] == "classic":
        tb.add(
            "legs",
            merge(
                *[
                    box((sx * (w / 2 - 0.12) - 0.04, sy * (d / 2 - 0.12) - 0.04, 0.0), (sx * (w / 2 - 0.12) + 0.04, sy * (d / 2 - 0.12) + 0.04, zt - 0.14))
                    for sx in (-1, 1)
                    for sy in (-1, 1)
                ]
            ),
            frame,
            "body",
        )
    else:
        tb.add("legs", merge(box((-w / 2 + 0.15, -d / 2 + 0.15, 0.0), (w / 2 - 0.15, d / 2 - 0.15, zt - 0.14))), "mdf_black", "body")
        tb.add("score_display", box((-0.15, -d / 2 - 0.005, zt - 0.11), (0.15, -d / 2, zt - 0.03)), "screen_black", "body")


def _speaker(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    classic = p["style"] == "classic"
    zb = 0.03 if classic else 0.0
    tb.add("cabinet", box((-w / 2, -d / 2 + 0.01, zb + (0.0 if classic else 0.02)), (w / 2, d / 2, h)), frame)
    if classic:
        tb.add("plinth", box((-w / 2 + 0.02, -d / 2 + 0.03, 0.0), (w / 2 - 0.02, d / 2 - 0.02, zb)), frame, "cabinet")
    else:
        tb.add(
            "plinth",
            merge(*[cylinder((sx * (w / 2 - 0.03), sy * (d / 2 - 0.04)), 0.015, 0.0, 0.02, 8) for sx in (-1, 1) for sy in (-1, 1)]),
            "chrome",
            "cabinet",
        )
    n = int(np.clip(round(h / 0.3), 1, 4))
    r = min(0.42 * w, 0.1)
    zs = [h - 0.08 - r * 0.5] + [h - 0.1 - r - (k + 0.5) * (h - 0.2 - r) / max(1, n) for k in range(n)]
    drivers = [y_cylinder(-d / 2 + 0.002, -d / 2 + 0.01, 0.0, zs[0], min(0.03, 0.3 * w), 12)] + [
        y_cylinder(-d / 2 + 0.002, -d / 2 + 0.01, 0.0, z, r, 16) for z in zs[1:]
    ]
    tb.add("drivers", merge(*drivers), "plastic_black", "cabinet")
    if classic:
        tb.add("grille", box((-w / 2 + 0.01, -d / 2, zb + 0.02), (w / 2 - 0.01, -d / 2 + 0.002, h - 0.02)), accent, "cabinet")
    else:
        tb.add("cones", merge(*[y_cylinder(-d / 2, -d / 2 + 0.002, 0.0, z, 0.5 * r, 12) for z in zs[1:]]), accent, "drivers")


def _paper_shredder(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    hh = 0.18 * h if p["style"] == "classic" else 0.14 * h
    tb.add("bin", box((-w / 2 + 0.01, -d / 2, 0.0), (w / 2 - 0.01, d / 2 - 0.01, h - hh)), frame)
    tb.add("bin_window", box((-0.3 * w, -d / 2 - 0.002, 0.15 * h), (0.3 * w, -d / 2, 0.55 * h)), "glass_frosted", "bin")
    tb.add("head", box((-w / 2, -d / 2 + 0.005, h - hh), (w / 2, d / 2, h)), accent if p["style"] == "modern" else frame, "bin")
    tb.add("slot", box((-0.4 * w, -0.006, h - 0.004), (0.4 * w, 0.006, h + 0.001)), "plastic_black", "head")
    tb.add("switch", box((0.3 * w, 0.1 * d, h - 0.003), (0.42 * w, 0.25 * d, h)), "plastic_blue" if accent != "plastic_blue" else "plastic_red", "head")


# --- bar and cafe -------------------------------------------------------------------------------------


def _display_fridge(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, accent = p["material_frame"], p["material_accent"]
    classic = p["style"] == "classic"
    t, door_t = 0.04, 0.04
    yb0 = -d / 2 + door_t + 0.03 + 0.002
    zc = h - 0.18 if classic else h  # a lit sign on top of the classic one
    kick = 0.1
    tb.add(
        "body",
        merge(
            box((-w / 2, yb0, 0.0), (w / 2, d / 2, kick + t)),
            box((-w / 2, yb0, zc - t), (w / 2, d / 2, zc)),
            box((-w / 2, yb0, kick + t), (-w / 2 + t, d / 2, zc - t)),
            box((w / 2 - t, yb0, kick + t), (w / 2, d / 2, zc - t)),
            box((-w / 2 + t, d / 2 - t, kick + t), (w / 2 - t, d / 2, zc - t)),
        ),
        frame,
    )
    if classic:
        tb.add("sign", box((-w / 2, yb0 - 0.01, zc), (w / 2, d / 2 - 0.05, h)), "emissive_warm", "body")
    floor, ceiling = kick + t, zc - t
    n = max(2, int(round((ceiling - floor) / 0.33)) - 1)
    tops = [floor + (i + 1) * (ceiling - floor) / (n + 1) for i in range(n)]
    rect = (-w / 2 + t + 0.01, yb0 + 0.02, w / 2 - t - 0.01, d / 2 - t - 0.01)
    for i, z in enumerate(tops):
        tb.add(f"shelf_{i}", box((-w / 2 + t, yb0 + 0.01, z - 0.006), (w / 2 - t, d / 2 - t, z)), "steel", "body")
    tb.surface(SupportSurface("inside_0", "inside", "body", floor, rect, tops[0] - 0.006 - floor))
    for i, z in enumerate(tops):
        above = tops[i + 1] - 0.006 if i + 1 < n else ceiling
        # the top shelf's back row holds the built-in bottles: what is put there stands in front of them
        own = rect if i + 1 < n else (rect[0], rect[1], rect[2], d / 2 - t - 0.06 - 0.03 - 0.01)
        tb.surface(SupportSurface(f"shelf_{i}", "shelf", f"shelf_{i}", z, own, above - z))
    bottles = [
        cylinder((x, d / 2 - t - 0.06), 0.03, tops[-1], tops[-1] + min(0.22, ceiling - tops[-1] - 0.02), 10)
        for x in np.linspace(-w / 2 + t + 0.06, w / 2 - t - 0.06, 4)
    ]
    tb.add("bottles", merge(*bottles), "glass_clear", f"shelf_{n - 1}")
    y_back = yb0 - 0.002
    y_face = y_back - door_t
    doors = [("door", -w / 2, w / 2, False)] if w < 0.95 else [("door_left", -w / 2, -0.002, True), ("door_right", 0.002, w / 2, False)]
    for name, x0, x1, left in doors:
        fr = merge(
            box((x0, y_face, 0.01), (x1, y_back, 0.08)),
            box((x0, y_face, zc - 0.07), (x1, y_back, zc - 0.002)),
            box((x0, y_face, 0.08), (x0 + 0.05, y_back, zc - 0.07)),
            box((x1 - 0.05, y_face, 0.08), (x1, y_back, zc - 0.07)),
        )
        tb.add(name, fr, frame, "body")
        tb.add(f"{name}_glass", box((x0 + 0.05, y_face + 0.015, 0.08), (x1 - 0.05, y_back - 0.015, zc - 0.07)), "glass_clear", name)
        hx = x0 + 0.03 if (name == "door" or not left) else x1 - 0.03
        tb.add(f"{name}_handle", box((hx - 0.012, -d / 2, 0.35 * zc), (hx + 0.012, y_face, 0.7 * zc)), accent, name)
        hinge_left = left if name != "door" else False
        axis = (0.0, 0.0, -1.0) if hinge_left else (0.0, 0.0, 1.0)
        tb.joint(Joint(f"{name}_hinge", "revolute", "body", name, (x0 if hinge_left else x1, y_face, zc / 2), axis, 0.0, DOOR_OPEN))


def _bar_counter(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame, top = p["material_frame"], p["material_top"]
    tt = 0.04
    over = 0.2 * d  # the top overhangs the guests' side (-Y)
    y0 = -d / 2 + over
    tb.add(
        "body",
        merge(
            box((-w / 2 + 0.02, y0, 0.0), (w / 2 - 0.02, y0 + 0.05, h - tt)),
            box((-w / 2 + 0.02, y0, 0.0), (-w / 2 + 0.06, d / 2, h - tt)),
            box((w / 2 - 0.06, y0, 0.0), (w / 2 - 0.02, d / 2, h - tt)),
        ),
        frame,
    )
    tb.add("top", box((-w / 2, -d / 2, h - tt), (w / 2, d / 2, h)), top, "body")
    zs = 0.9 * (h - tt) - 0.1  # the bartender's shelf under the top
    tb.add("back_shelf", box((-w / 2 + 0.06, y0 + 0.05, zs - 0.02), (w / 2 - 0.06, d / 2 - 0.01, zs)), frame, "body")
    tb.surface(SupportSurface("shelf_0", "shelf", "back_shelf", zs, (-w / 2 + 0.08, y0 + 0.07, w / 2 - 0.08, d / 2 - 0.03), h - tt - zs))
    if p["style"] == "classic":  # raised panels and a brass foot rail
        panels = [box((x - 0.18, y0 - 0.012, 0.2), (x + 0.18, y0, h - tt - 0.12)) for x in np.arange(-w / 2 + 0.3, w / 2 - 0.2, 0.45)]
        tb.add("panels", merge(*panels), frame, "body")
        tb.add(
            "foot_rail",
            merge(
                x_cylinder(-w / 2 + 0.1, w / 2 - 0.1, -d / 2 + 0.04, 0.2, 0.02),
                *[box((x - 0.01, -d / 2 + 0.03, 0.0), (x + 0.01, y0, 0.2)) for x in (-w / 2 + 0.2, 0.0, w / 2 - 0.2)],
            ),
            "brass",
            "body",
        )
    else:
        tb.add("light_strip", box((-w / 2 + 0.06, y0 - 0.006, 0.08), (w / 2 - 0.06, y0, 0.1)), "emissive_warm", "body")
        tb.add("kick", box((-w / 2 + 0.02, y0 - 0.01, 0.0), (w / 2 - 0.02, y0, 0.08)), "black_metal", "body")
    tb.surface(SupportSurface("top", "top", "top", h, (-w / 2 + 0.03, -d / 2 + 0.03, w / 2 - 0.03, d / 2 - 0.03), 0.8))


_BUILDERS = {
    "kettlebell": _kettlebell,
    "medicine_ball": _medicine_ball,
    "squat_rack": _squat_rack,
    "wheelchair": _wheelchair,
    "iv_stand": _iv_stand,
    "weighing_scale": _weighing_scale,
    "exam_lamp": _exam_lamp,
    "high_chair": _high_chair,
    "rocking_chair": _rocking_chair,
    "piano_bench": _piano_bench,
    "playpen": _playpen,
    "bicycle": _bicycle,
    "air_hockey_table": _air_hockey_table,
    "speaker": _speaker,
    "paper_shredder": _paper_shredder,
    "display_fridge": _display_fridge,
    "bar_counter": _bar_counter,
}
