"""Games, music and play: pool table, foosball table, arcade machine, ping-pong table, upright piano,
play kitchen and a kids' play tent.

Styles: ``classic`` (turned legs on the pool table, four legs on the foosball and ping-pong tables, a
coin-op arcade cabinet with an overhanging marquee, a piano on front legs with a music desk, a
toy kitchen with a hood frame, a teepee) and ``modern`` (pedestal bases, end panels and folding
undercarriages, a two-player cabinet, a console piano with side panels to the floor, an open shelf
kitchen, an A-frame tent).
"""

from __future__ import annotations

import numpy as np

from . import common
from .gym import corner_legs, extrude_x, extrude_y, face_panel, loft, ring, strut, x_cylinder, y_cylinder
from .mesh import Mesh, TreeBuilder, box, cylinder, frustum, merge, uv_sphere
from .parttree import Joint, PartTree, SupportSurface

STYLES = ("classic", "modern")

GAP = 0.002  # clearance of moving fronts
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "pool_table": {"wood": ("walnut", "oak", "mdf_black", "painted_grey"), "cloth": ("fabric_green", "fabric_blue",
                                                                                     "fabric_red")},
    "foosball_table": {"body": ("walnut", "oak", "mdf_black", "painted_blue"), "legs": ("black_metal", "mdf_black",
                                                                                         "walnut")},
    "arcade_machine": {"body": ("mdf_black", "painted_blue", "fabric_red", "painted_grey"),
                       "buttons": ("plastic_red", "plastic_yellow", "plastic_green", "plastic_blue")},
    "ping_pong_table": {"top": ("painted_blue", "plastic_green", "mdf_black"), "legs": ("black_metal", "steel")},
    "piano": {"case": ("mdf_black", "walnut", "oak", "painted_white")},
    "play_kitchen": {"body": ("painted_white", "pine", "birch", "painted_blue"),
                     "accent": ("plastic_red", "plastic_yellow", "plastic_green", "plastic_blue"),
                     "counter": ("birch", "painted_white", "plastic_white")},
    "playhouse_tent": {"fabric": ("cotton_white", "linen_beige", "fabric_blue", "fabric_red", "fabric_green"),
                       "accent": ("fabric_red", "fabric_blue", "fabric_grey", "velvet_mustard"),
                       "poles": ("pine", "birch", "oak")},
}


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    return common.base_params(rng, category, STYLES, _MATERIALS[category], overrides)


def build(params: dict) -> PartTree:
    return _BUILDERS[params["category"]](params)


def _pool_table(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    wood, cloth = p["material_wood"], p["material_cloth"]
    tb = TreeBuilder(p["category"], p)
    rw, cw = min(0.13, 0.1 * d), 0.04
    zc, zr = h - 0.045, h - 0.12
    tb.add("rails", ring(-w / 2, w / 2, -d / 2, d / 2, rw, zr, h - 0.003), wood)
    tb.add("bed", box((-w / 2 + rw, -d / 2 + rw, zr), (w / 2 - rw, d / 2 - rw, zc)), cloth, "rails")
    tb.add("cushions", ring(-w / 2 + rw, w / 2 - rw, -d / 2 + rw, d / 2 - rw, cw, zc, h - 0.015), cloth, "rails")
    pockets = [cylinder((x, y), 0.055, h - 0.13, h, 12)
               for x in (-w / 2 + rw, 0.0, w / 2 - rw) for y in (-d / 2 + rw, d / 2 - rw)]
    tb.add("pockets", merge(*pockets), "rubber_black", "rails")
    za = h - 0.32
    tb.add("apron", box((-w / 2 + 0.05, -d / 2 + 0.05, za), (w / 2 - 0.05, d / 2 - 0.05, zr)), wood, "rails")
    if p["style"] == "classic":
        for i, (sx, sy) in enumerate([(-1, -1), (1, -1), (1, 1), (-1, 1)]):
            c = (sx * (w / 2 - 0.17), sy * (d / 2 - 0.17))
            tb.add(f"leg_{i}", merge(frustum(c, 0.06, 0.085, 0.0, 0.6 * za, 8), frustum(c, 0.085, 0.07, 0.6 * za, za, 8)),
                   wood, "apron")
    else:
        for i, s in enumerate((-1.0, 1.0)):
            x0, x1 = sorted((s * (w / 2 - 0.28), s * (w / 2 - 0.46)))
            tb.add(f"pedestal_{i}", box((x0, -d / 2 + 0.14, 0.0), (x1, d / 2 - 0.14, za)), wood, "apron")
        tb.add("stretcher", box((-w / 2 + 0.46, -0.06, 0.06), (w / 2 - 0.46, 0.06, 0.2)), wood, "apron")
    inner = (-w / 2 + rw + cw, -d / 2 + rw + cw, w / 2 - rw - cw, d / 2 - rw - cw)
    tb.surface(SupportSurface("top", "top", "bed", zc, inner, 0.3))
    return tb.build()


# Foosball rods left to right: (team, players); team 0 handles at the front (-Y), team 1 at the back.
_FOOSBALL_RODS = ((0, 1), (0, 2), (1, 3), (0, 5), (1, 5), (0, 3), (1, 2), (1, 1))


def _foosball_table(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    body = p["material_body"]
    tb = TreeBuilder(p["category"], p)
    t = 0.03
    cd = min(0.76, d - 0.3)
    zb = h - 0.3
    tb.add("cabinet", merge(ring(-w / 2, w / 2, -cd / 2, cd / 2, t, zb, h), box((-w / 2 + t, -cd / 2 + t, zb), (w / 2 - t, cd / 2 - t, zb + 0.02))),
           body)
    zf = zb + 0.05
    tb.add("playfield", box((-w / 2 + t, -cd / 2 + t, zb + 0.02), (w / 2 - t, cd / 2 - t, zf)), "fabric_green", "cabinet")
    if p["style"] == "classic":
        corner_legs(tb, w / 2 - 0.02, cd / 2 - 0.02, 0.08, zb, p["material_legs"], "cabinet")
    else:
        for i, s in enumerate((-1.0, 1.0)):
            x0, x1 = sorted((s * (w / 2 - 0.04), s * (w / 2 - 0.1)))
            tb.add(f"end_panel_{i}", box((x0, -cd / 2 + 0.04, 0.0), (x1, cd / 2 - 0.04, zb)), p["material_legs"], "cabinet")
        tb.add("stretcher", box((-w / 2 + 0.1, -0.04, 0.12), (w / 2 - 0.1, 0.04, 0.2)), p["material_legs"], "cabinet")
    zr, hl = h - 0.1, 0.11
    pitch = (w - 2 * t) / len(_FOOSBALL_RODS)
    rods, handles, players = [], [], ([], [])
    for i, (team, count) in enumerate(_FOOSBALL_RODS):
        x = -w / 2 + t + pitch * (i + 0.5)
        s = -1.0 if team == 0 else 1.0
        rods.append(y_cylinder(s * (d / 2 - hl), -s * (cd / 2 + 0.06), x, zr, 0.008, 8))
        handles.append(y_cylinder(s * d / 2, s * (d / 2 - hl), x, zr, 0.018))
        span = (cd - 2 * t) / count
        for j in range(count):
            y = -cd / 2 + t + span * (j + 0.5)
            players[team].append(box((x - 0.012, y - 0.015, zf + 0.012), (x + 0.012, y + 0.015, zr + 0.035)))
    tb.add("rods", merge(*rods), "chrome", "cabinet")
    tb.add("handles", merge(*handles), "rubber_black", "rods")
    tb.add("players_0", merge(*players[0]), "plastic_red", "rods")
    tb.add("players_1", merge(*players[1]), "plastic_blue", "rods")
    return tb.build()


def _arcade_machine(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    body = p["material_body"]
    classic = p["style"] == "classic"
    tb = TreeBuilder(p["category"], p)
    yb = -d / 2 + 0.3 * d  # the lower body's front face
    zp = 0.53 * h  # the control deck's back edge
    mh = min(0.28, 0.15 * h)
    ys = yb + 0.14  # the top of the screen leans back
    ym = yb - 0.02 if classic else ys
    tb.add("cabinet", merge(
        extrude_x([(yb, 0.0), (d / 2, 0.0), (d / 2, h - mh), (ys, h - mh), (yb, zp)], -w / 2, w / 2),
        box((-w / 2, ym, h - mh), (w / 2, d / 2, h)),
    ), body)
    tb.add("marquee", box((-w / 2 + 0.03, ym - 0.006, h - mh + 0.03), (w / 2 - 0.03, ym, h - 0.03)), "emissive_warm",
           "cabinet")
    tb.add("screen", face_panel((yb, zp), (ys, h - mh), 0.08, -w / 2 + 0.07, w / 2 - 0.07), "screen_black", "cabinet")
    deck = [(yb, zp - 0.14), (yb, zp), (-d / 2, zp - 0.06), (-d / 2, zp - 0.1)]
    tb.add("control_panel", extrude_x(deck, -w / 2 + 0.02, w / 2 - 0.02), "plastic_black", "cabinet")

    def deck_z(y: float) -> float:
        return zp - 0.06 + 0.06 * (y + d / 2) / (yb + d / 2)

    yj = -d / 2 + 0.45 * (yb + d / 2)
    sticks = [-0.12 * w] if classic else [-0.3 * w, 0.1 * w]
    buttons = []
    for i, x in enumerate(sticks):
        z = deck_z(yj)
        tb.add(f"joystick_{i}", merge(cylinder((x, yj), 0.007, z - 0.005, z + 0.06, 8),
                                      uv_sphere((x, yj, z + 0.075), 0.018, 6, 10)), "plastic_red", "control_panel")
        for k in range(3):
            bx, by = x + 0.08 + 0.035 * k, yj + 0.01 * (k % 2)
            buttons.append(cylinder((bx, by), 0.012, deck_z(by) - 0.005, deck_z(by) + 0.012, 10))
    tb.add("buttons", merge(*buttons), p["material_buttons"], "control_panel")
    if classic:
        zc = 0.22 * h
        tb.add("coin_door", box((-0.09, yb - 0.005, zc), (0.09, yb, zc + 0.2)), "black_metal", "cabinet")
    return tb.build()


def _ping_pong_table(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    legs = p["material_legs"]
    tb = TreeBuilder(p["category"], p)
    tz = h - 0.1525
    tb.add("top", box((-w / 2, -d / 2, tz - 0.025), (w / 2, d / 2, tz)), p["material_top"])
    lw = 0.02
    lines = [box((-w / 2, -d / 2, tz), (w / 2, -d / 2 + lw, tz + 0.001)), box((-w / 2, d / 2 - lw, tz), (w / 2, d / 2, tz + 0.001)),
             box((-w / 2, -d / 2 + lw, tz), (-w / 2 + lw, d / 2 - lw, tz + 0.001)),
             box((w / 2 - lw, -d / 2 + lw, tz), (w / 2, d / 2 - lw, tz + 0.001)),
             box((-w / 2 + lw, -0.0015, tz), (w / 2 - lw, 0.0015, tz + 0.001))]
    tb.add("lines", merge(*lines), "paper_white", "top")
    tb.add("net", box((-0.002, -d / 2 + 0.015, tz + 0.001), (0.002, d / 2 - 0.015, h - 0.005)), "fabric_blue", "top")
    tb.add("net_posts", merge(box((-0.012, -d / 2, tz), (0.012, -d / 2 + 0.015, h)),
                              box((-0.012, d / 2 - 0.015, tz), (0.012, d / 2, h))), "black_metal", "top")
    za = tz - 0.025
    if p["style"] == "classic":
        tb.add("apron", ring(-w / 2 + 0.1, w / 2 - 0.1, -d / 2 + 0.1, d / 2 - 0.1, 0.03, za - 0.08, za), legs, "top")
        corner_legs(tb, w / 2 - 0.1, d / 2 - 0.1, 0.05, za - 0.08, legs, "apron")
    else:
        rw = 0.04
        for i, s in enumerate((-1.0, 1.0)):
            x = s * w / 4
            frame = [box((x - 0.02, y - 0.02, 2 * rw), (x + 0.02, y + 0.02, za)) for y in (-d / 2 + 0.2, d / 2 - 0.2)]
            frame.append(box((x - 0.02, -d / 2 + 0.18, 2 * rw), (x + 0.02, d / 2 - 0.18, 2 * rw + 0.04)))
            frame.append(box((x - 0.02, -d / 2 + 0.18, za - 0.04), (x + 0.02, d / 2 - 0.18, za)))
            tb.add(f"undercarriage_{i}", merge(*frame), legs, "top")
        wheels = [x_cylinder(s * w / 4 - 0.015, s * w / 4 + 0.015, y, rw, rw) for s in (-1.0, 1.0)
                  for y in (-d / 2 + 0.2, d / 2 - 0.2)]
        tb.add("wheels", merge(*wheels), "rubber_black", "undercarriage_0")
    tb.surface(SupportSurface("top", "top", "top", tz, (-w / 2 + 0.03, -d / 2 + 0.03, -0.03, d / 2 - 0.03), 0.5))
    return tb.build()


def _piano(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    case = p["material_case"]
    classic = p["style"] == "classic"
    tb = TreeBuilder(p["category"], p)
    yb = -d / 2 + 0.27
    zk, ch = 0.66, 0.07
    parts = [box((-w / 2, yb, 0.0), (w / 2, d / 2, h - 0.03)),
             box((-w / 2, yb - (0.02 if classic else 0.0), h - 0.03), (w / 2, d / 2, h)),
             box((-w / 2 + ch, -d / 2, zk - 0.05), (w / 2 - ch, yb, zk))]
    for s in (-1.0, 1.0):
        x0, x1 = sorted((s * w / 2, s * (w / 2 - ch)))
        parts.append(box((x0, -d / 2, zk - 0.06), (x1, yb, zk + 0.09)))
        parts.append(box((x0, -d / 2 if classic else -d / 2 + 0.03, 0.0), (x1, yb, 0.05 if classic else zk - 0.06)))
    tb.add("case", merge(*parts), case)
    kw = w - 2 * ch - 0.004
    yk1 = yb - 0.04
    tb.add("keys_white", box((-kw / 2, -d / 2 + 0.01, zk), (kw / 2, yk1, zk + 0.025)), "plastic_white", "case")
    kx = kw / 52
    blacks = [box((-kw / 2 + (i + 1) * kx - 0.3 * kx, yk1 - 0.09, zk + 0.025), (-kw / 2 + (i + 1) * kx + 0.3 * kx, yk1, zk + 0.037))
              for i in range(51) if "ABCDEFG"[i % 7] in "ACDFG"]
    tb.add("keys_black", merge(*blacks), "plastic_black", "case")
    lx = w / 2 - ch - GAP
    tb.add("fallboard", box((-lx, -d / 2 + 0.012, zk + 0.04), (lx, yb - GAP, zk + 0.055)), case, "case")
    tb.joint(Joint("fallboard_hinge", "revolute", "case", "fallboard", (0.0, yb - GAP, zk + 0.055), (-1.0, 0.0, 0.0),
                   0.0, 1.57))
    pedals = [box((x - 0.015, yb - 0.1, 0.06), (x + 0.015, yb, 0.08)) for x in (-0.08, 0.0, 0.08)]
    tb.add("pedals", merge(*pedals), "brass", "case")
    if classic:
        for i, s in enumerate((-1.0, 1.0)):
            tb.add(f"leg_{i}", cylinder((s * (w / 2 - ch / 2), -d / 2 + 0.05), 0.028, 0.05, zk - 0.06, 12), case, "case")
        tb.add("music_desk", box((-0.3 * w, yb - 0.05, zk + 0.34), (0.3 * w, yb, zk + 0.37)), case, "case")
    tb.surface(SupportSurface("top", "top", "case", h, (-w / 2 + 0.03, yb + 0.03, w / 2 - 0.03, d / 2 - 0.03), 0.5))
    return tb.build()


def _play_kitchen(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    body, accent, counter = p["material_body"], p["material_accent"], p["material_counter"]
    classic = p["style"] == "classic"
    tb = TreeBuilder(p["category"], p)
    pt, ft, hd = 0.015, 0.012, 0.02
    y0 = -d / 2 + hd + ft + GAP  # carcass front plane
    zc = min(0.52, 0.6 * h)
    xm = -w / 2 + 0.55 * w
    yb = d / 2 - 0.006
    tb.add("carcass", merge(
        box((-w / 2, y0, 0.0), (-w / 2 + pt, yb, zc)), box((w / 2 - pt, y0, 0.0), (w / 2, yb, zc)),
        box((-w / 2 + pt, y0, zc - pt), (w / 2 - pt, yb, zc)), box((-w / 2 + pt, y0 + 0.02, 0.0), (w / 2 - pt, yb, 0.04)),
        box((-w / 2 + pt, y0, 0.04), (w / 2 - pt, yb, 0.04 + pt)), box((-w / 2, yb, 0.0), (w / 2, d / 2, zc)),
        box((xm - pt / 2, y0, 0.04 + pt), (xm + pt / 2, yb, zc - pt)),
    ), body)
    yd1 = y0 - GAP
    yd0 = yd1 - ft
    dz0, dz1 = 0.045, zc - 0.004
    ox0, ox1 = -w / 2 + 0.003, xm - 0.002
    tb.add("oven_door", box((ox0, yd0, dz0), (ox1, yd1, dz1)), body, "carcass")
    tb.add("oven_window", box((ox0 + 0.05, yd0 - 0.002, dz0 + 0.08), (ox1 - 0.05, yd0, dz1 - 0.09)), "glass_frosted",
           "oven_door")
    tb.add("handle_0", _bar(ox0 + 0.06, ox1 - 0.06, dz1 - 0.045, yd0, -d / 2, "x"), accent, "oven_door")
    tb.joint(Joint("oven_door_hinge", "revolute", "carcass", "oven_door", ((ox0 + ox1) / 2, yd0, dz0), (1.0, 0.0, 0.0),
                   0.0, 1.57))
    cx0, cx1 = xm + 0.002, w / 2 - 0.003
    tb.add("cupboard_door", box((cx0, yd0, dz0), (cx1, yd1, dz1)), body, "carcass")
    tb.add("handle_1", _bar(dz1 - 0.16, dz1 - 0.05, cx0 + 0.04, yd0, -d / 2, "z"), accent, "cupboard_door")
    tb.joint(Joint("cupboard_door_hinge", "revolute", "carcass", "cupboard_door", (cx1, yd0, (dz0 + dz1) / 2),
                   (0.0, 0.0, 1.0), 0.0, 1.75))
    yf = y0 - 0.02
    zt = zc + 0.025
    tb.add("countertop", box((-w / 2, yf, zc), (w / 2, d / 2, zt)), counter, "carcass")
    tb.add("backboard", box((-w / 2, d / 2 - pt, zt), (w / 2, d / 2, h)), body, "countertop")
    cd = d / 2 - pt - yf
    r = min(0.055, 0.25 * cd, 0.12 * w)
    yc = d / 2 - pt - 0.01 - r
    burners = [cylinder((x, yc), r, zt, zt + 0.006, 16) for x in (-w / 2 + 0.3 * (xm + w / 2), -w / 2 + 0.7 * (xm + w / 2))]
    tb.add("burners", merge(*burners), "black_metal", "countertop")
    knobs = [y_cylinder(d / 2 - pt, d / 2 - pt - 0.015, x, zt + 0.05, 0.015, 10)
             for x in (-w / 2 + 0.3 * (xm + w / 2), -w / 2 + 0.7 * (xm + w / 2))]
    tb.add("knobs", merge(*knobs), accent, "backboard")
    sx0, sx1 = xm + 0.04, w / 2 - 0.04
    sy0 = yf + 0.45 * cd
    tb.add("sink", box((sx0, sy0, zt), (sx1, d / 2 - pt - 0.01, zt + 0.02)), "brushed_steel", "countertop")
    fx = (sx0 + sx1) / 2
    tb.add("faucet", merge(cylinder((fx, d / 2 - pt - 0.02), 0.01, zt + 0.02, zt + 0.12, 8),
                           box((fx - 0.01, d / 2 - pt - 0.09, zt + 0.11), (fx + 0.01, d / 2 - pt - 0.01, zt + 0.13))),
           "chrome", "sink")
    tb.surface(SupportSurface("top", "top", "countertop", zt, (-w / 2 + 0.02, yf + 0.01, w / 2 - 0.02, sy0 - 0.01), 0.4))
    sd = min(0.16, 0.55 * d)
    zs = zt + 0.55 * (h - zt)
    ys0, ys1 = d / 2 - pt - sd, d / 2 - pt
    if classic:
        tb.add("hood", merge(box((-w / 2, ys0, zt), (-w / 2 + pt, ys1, h)), box((w / 2 - pt, ys0, zt), (w / 2, ys1, h)),
                             box((-w / 2 + pt, ys0, h - 0.03), (w / 2 - pt, ys1, h))), body, "backboard")
        sx, ceiling = w / 2 - pt, h - 0.03
    else:
        sx, ceiling = 0.4 * w, h
    tb.add("shelf", box((-sx, ys0, zs - pt), (sx, ys1, zs)), body, "backboard")
    tb.surface(SupportSurface("shelf_0", "shelf", "shelf", zs, (-sx + 0.01, ys0 + 0.01, sx - 0.01, ys1 - 0.005),
                              max(0.05, ceiling - zs)))
    return tb.build()


def _bar(a: float, b: float, c: float, y_face: float, y_tip: float, along: str) -> Mesh:
    """A bar pull from ``a`` to ``b`` along x (at height ``c``) or z (at x ``c``), standing on the
    face ``y_face`` and reaching forward to ``y_tip``."""
    bar = 0.012
    if along == "x":
        return merge(box((a, y_tip, c - bar / 2), (b, y_tip + bar, c + bar / 2)),
                     box((a, y_tip + bar, c - 0.005), (a + 0.01, y_face, c + 0.005)),
                     box((b - 0.01, y_tip + bar, c - 0.005), (b, y_face, c + 0.005)))
    return merge(box((c - bar / 2, y_tip, a), (c + bar / 2, y_tip + bar, b)),
                 box((c - 0.005, y_tip + bar, a), (c + 0.005, y_face, a + 0.01)),
                 box((c - 0.005, y_tip + bar, b - 0.01), (c + 0.005, y_face, b)))


def _playhouse_tent(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    fabric, accent, poles = p["material_fabric"], p["material_accent"], p["material_poles"]
    tb = TreeBuilder(p["category"], p)
    hp = 0.015
    if p["style"] == "classic":
        bx, by = w / 2 - 2 * hp, d / 2 - 2 * hp
        zt, tx, ty = 0.8 * h, 0.04, 0.04
        tb.add("cover", loft([(-bx, -by, 0.0), (bx, -by, 0.0), (bx, by, 0.0), (-bx, by, 0.0)],
                             [(-tx, -ty, zt), (tx, -ty, zt), (tx, ty, zt), (-tx, ty, zt)]), fabric)
        k = h / zt
        sticks = []
        for sx, sy in [(-1, -1), (1, -1), (1, 1), (-1, 1)]:
            b = np.array([sx * (w / 2 - hp), sy * (d / 2 - hp), 0.0])
            t = np.array([sx * tx, sy * ty, zt])
            sticks.append(strut(b, b + (t - b) * k, hp, hp))
        tb.add("poles", merge(*sticks), poles, "cover")
        zd, a = 0.6 * zt, 0.3 * bx
        n = np.array([0.0, -zt, by - ty])
        n *= 0.006 / np.linalg.norm(n)

        def y_at(z: float) -> float:
            return -by + (by - ty) * z / zt

        tri = np.array([(-a, y_at(0.0), 0.0), (a, y_at(0.0), 0.0), (0.0, y_at(zd), zd)])
        tb.add("entrance", loft(tri, tri + n), accent, "cover")
    else:
        tb.add("cover", extrude_y([(-w / 2, 0.0), (w / 2, 0.0), (0.0, h - 0.03)], -d / 2 + 0.006, d / 2), fabric)
        sticks = []
        for y in (-d / 2 + hp, d / 2 - hp):
            for s in (-1.0, 1.0):
                sticks.append(strut((s * (w / 2 - hp), y, 0.0), (s * hp, y, h - 0.03), hp, hp))
        tb.add("poles", merge(*sticks), poles, "cover")
        tb.add("ridge_pole", y_cylinder(-d / 2, d / 2, 0.0, h - hp, hp), poles, "cover")
        a, zd = 0.28 * w, 0.55 * h
        tb.add("entrance", extrude_y([(-a, 0.0), (a, 0.0), (0.0, zd)], -d / 2, -d / 2 + 0.006), accent, "cover")
    return tb.build()


_BUILDERS = {
    "pool_table": _pool_table,
    "foosball_table": _foosball_table,
    "arcade_machine": _arcade_machine,
    "ping_pong_table": _ping_pong_table,
    "piano": _piano,
    "play_kitchen": _play_kitchen,
    "playhouse_tent": _playhouse_tent,
}
