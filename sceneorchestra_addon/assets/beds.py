"""Beds: single_bed, double_bed, bunk_bed and baby_bed (a crib).

The length runs along Y with the head end at +Y (against the wall) and the foot at -Y; people get
in from the long sides (``left``, ``right``). Every bed carries a mattress and a duvet; adult beds
and bunks have pillows. The duvet's upper face is a "seat" support surface (where one sits, or a
pillow or a teddy bear is put).

Styles:
  ``classic``  wooden posts with spindle head- and footboards (a crib: bars all round, posts with
               ball finials; a bunk: spindle ends);
  ``modern``   an upholstered divan on short legs with a channel-tufted headboard (a crib or a bunk:
               solid end panels);
  ``minimal``  a low platform on a recessed plinth with a slim panel headboard (a bunk: metal
               tubes; a crib: full-height end boards and round bars).
"""

from __future__ import annotations

import numpy as np

from . import soft
from .common import dims
from .mesh import Mesh, TreeBuilder, box, cylinder, horizontal_cylinder, merge, uv_sphere
from .parttree import PartTree, SupportSurface

STYLES = soft.STYLES
POST = 0.07  # square wooden post
LADDER_W = 0.05  # a bunk bed's ladder stands this far out of the -X side


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    if category == "baby_bed":
        woods = ("painted_white", "birch", "pine", "oak", "painted_grey")
        extras = (("deck_m", 0.25, 0.5), ("mattress_m", 0.08, 0.12))
    elif category == "bunk_bed":
        woods = soft.WOODS
        extras = (("deck_m", 0.18, 0.3), ("mattress_m", 0.12, 0.16))
    else:
        woods = soft.WOODS
        extras = (("deck_m", 0.22, 0.4), ("mattress_m", 0.16, 0.26))
    materials = {
        "wood": woods,
        "fabric": ("fabric_grey", "fabric_blue", "fabric_green", "linen_beige", "velvet_mustard", "leather_brown"),
        "bedding": ("cotton_white", "linen_beige", "fabric_blue", "fabric_grey", "fabric_green", "fabric_red"),
        "metal": ("black_metal", "brushed_steel", "painted_white"),
    }
    return soft.sample_with(rng, category, STYLES, materials, overrides, extras)


def build(params: dict) -> PartTree:
    b = TreeBuilder(params["category"], params)
    {"single_bed": _bed, "double_bed": _bed, "bunk_bed": _bunk, "baby_bed": _crib}[params["category"]](b, params)
    return b.build()


# --- shared pieces -------------------------------------------------------------------------------

def _panel(a0: float, a1: float, c: float, z0: float, z1: float, t: float = 0.025) -> Mesh:
    return box((a0, c - t / 2, z0), (a1, c + t / 2, z1))


def _bedding(b: TreeBuilder, p: dict, rect: tuple[float, float, float, float], z: float, mt: float,
             suffix: str = "", pillows: bool = True) -> SupportSurface:
    """Mattress, a duvet over its foot end and pillows at its head end; returns the duvet's top as
    a seat surface. Keep ``rect`` at least 1 cm inside the bed's bounds (the duvet hangs over)."""
    x0, y0, x1, y1 = rect
    top = z + mt
    b.add(f"mattress{suffix}", soft.cushion((x0, y0, z), (x1, y1, top), 0.012), "cotton_white")
    duvet_y1 = y0 + 0.68 * (y1 - y0)
    b.add(f"duvet{suffix}", soft.cushion((x0 - 0.008, y0 - 0.008, top - 0.6 * mt), (x1 + 0.008, duvet_y1, top + 0.04), 0.006),
          p["material_bedding"])
    if pillows:
        n = 1 if x1 - x0 < 1.2 else 2
        pw = min(0.7, (x1 - x0 - 0.06 * (n + 1)) / n)
        pd = min(0.42, 0.22 * (y1 - y0))
        gap = (x1 - x0 - n * pw) / (n + 1)
        for i in range(n):
            px0 = x0 + gap + i * (pw + gap)
            b.add(f"pillow{suffix}_{i}", soft.cushion((px0, y1 - 0.04 - pd, top), (px0 + pw, y1 - 0.04, top + 0.12), 0.3 * pd),
                  "cotton_white")
    return soft.seat_surface(f"duvet{suffix}", top + 0.04, (x0 + 0.03, y0 + 0.03, x1 - 0.03, duvet_y1 - 0.03))


def _post(x0: float, y0: float, x1: float, y1: float, z1: float) -> Mesh:
    return box((x0, y0, 0.0), (x1, y1, z1))


# --- single and double beds ----------------------------------------------------------------------

def _bed(b: TreeBuilder, p: dict) -> None:
    w, d, h = dims(p)
    style, wood = p["style"], p["material_wood"]
    mt = min(float(p["mattress_m"]), 0.3 * h)
    deck = float(np.clip(p["deck_m"], 0.15, h - mt - 0.15))
    if style == "classic":
        xa, xb = -w / 2 + POST, w / 2 - POST
        foot_top = min(deck + mt + 0.1, h)
        for name, y, top in (("headboard", d / 2, h), ("footboard", -d / 2, foot_top)):
            ys = (y - POST, y) if y > 0 else (y, y + POST)
            yc = 0.5 * (ys[0] + ys[1])
            b.add(name, merge(_post(-w / 2, ys[0], xa, ys[1], top), _post(xb, ys[0], w / 2, ys[1], top),
                              soft.bars(xa, xb, yc, deck - 0.12, top - 0.03, 0.13, t=0.035, rail=0.07)), wood)
        rails = [box((x0, -d / 2 + POST, deck - 0.12), (x0 + 0.04, d / 2 - POST, deck)) for x0 in (-w / 2 + 0.01, w / 2 - 0.05)]
        rails.append(box((-w / 2 + 0.05, -d / 2 + POST, deck - 0.04), (w / 2 - 0.05, d / 2 - POST, deck - 0.02)))
        b.add("frame", merge(*rails), wood)
        rect = (-w / 2 + 0.02, -d / 2 + POST + 0.005, w / 2 - 0.02, d / 2 - POST - 0.005)
    elif style == "modern":
        hb_t, leg_h = 0.1, 0.1
        for i, (x, y) in enumerate(soft.corners(w / 2 - 0.08, d / 2 - 0.08)):
            b.add(f"leg_{i}", cylinder((x, y), 0.025, 0.0, leg_h, 8), wood)
        b.add("base", box((-w / 2, -d / 2, leg_h), (w / 2, d / 2 - hb_t, deck)), p["material_fabric"])
        k = 3 if w < 1.3 else 5
        cw = w / k
        b.add("headboard", merge(*(soft.cushion((-w / 2 + i * cw, d / 2 - hb_t, leg_h), (-w / 2 + (i + 1) * cw, d / 2, h), 0.03)
                                   for i in range(k))), p["material_fabric"])
        rect = (-w / 2 + 0.01, -d / 2 + 0.01, w / 2 - 0.01, d / 2 - hb_t - 0.005)
    else:
        hb_t, plinth_h, ledge = 0.03, 0.08, 0.06
        b.add("plinth", box((-w / 2 + 0.12, -d / 2 + 0.12, 0.0), (w / 2 - 0.12, d / 2 - 0.15, plinth_h)), "mdf_black")
        b.add("platform", box((-w / 2, -d / 2, plinth_h), (w / 2, d / 2 - hb_t, deck)), wood)
        b.add("headboard", box((-w / 2, d / 2 - hb_t, 0.0), (w / 2, d / 2, h)), wood)
        rect = (-w / 2 + ledge, -d / 2 + ledge, w / 2 - ledge, d / 2 - hb_t - 0.01)
    b.surface(_bedding(b, p, rect, deck, mt))


# --- bunk bed ------------------------------------------------------------------------------------

def _bunk(b: TreeBuilder, p: dict) -> None:
    w, d, h = dims(p)
    style = p["style"]
    frame_mat = p["material_metal"] if style == "minimal" else p["material_wood"]
    mt = min(float(p["mattress_m"]), 0.16)
    z_low = float(np.clip(p["deck_m"], 0.18, 0.3))
    z_up = h - 0.45
    x0, x1 = -w / 2 + LADDER_W, w / 2  # the bed body; the ladder stands in [-w/2, x0]
    ps = POST if style != "minimal" else 0.05
    for i, (px, py) in enumerate(((x0, -d / 2), (x1 - ps, -d / 2), (x0, d / 2 - ps), (x1 - ps, d / 2 - ps))):
        if style == "minimal":
            b.add(f"post_{i}", cylinder((px + ps / 2, py + ps / 2), ps / 2, 0.0, h, 8), frame_mat)
        else:
            b.add(f"post_{i}", _post(px, py, px + ps, py + ps, h), frame_mat)
    xa, xb = x0 + ps, x1 - ps
    levels = (("lower", z_low, min(z_low + mt + 0.2, z_up - 0.15)), ("upper", z_up, h - 0.04))
    for name, y in (("head_end", d / 2 - ps / 2), ("foot_end", -d / 2 + ps / 2)):
        ends = []
        for _, z, top in levels:
            if style == "classic":
                ends.append(soft.bars(xa, xb, y, z - 0.1, top, 0.14, t=0.03, rail=0.06))
            elif style == "modern":
                ends.append(_panel(xa, xb, y, z - 0.1, top))
            else:
                ends.extend(horizontal_cylinder((xa, y, zz), (xb, y, zz), 0.012, 8) for zz in np.linspace(z - 0.05, top - 0.02, 3))
        b.add(name, merge(*ends), frame_mat)
    for name, z, _ in levels:
        parts = [box((xx, -d / 2 + ps, z - 0.1), (xx + 0.04, d / 2 - ps, z)) for xx in (x0, x1 - 0.04)]
        parts.append(box((x0 + 0.04, -d / 2 + ps, z - 0.025), (x1 - 0.04, d / 2 - ps, z)))
        b.add(f"frame_{name}", merge(*parts), frame_mat)
    ly0 = -d / 2 + ps + 0.03
    ly1 = ly0 + 0.42
    for side, xg, gy0 in (("left", x0, ly1), ("right", x1 - 0.03, -d / 2 + ps)):
        gy1 = d / 2 - ps
        b.add(f"guard_rail_{side}", merge(box((xg, gy0, h - 0.12), (xg + 0.03, gy1, h - 0.07)),
                                          box((xg, gy0, z_up), (xg + 0.03, gy0 + 0.04, h - 0.12)),
                                          box((xg, gy1 - 0.04, z_up), (xg + 0.03, gy1, h - 0.12))), frame_mat)
    lx = -w / 2 + LADDER_W / 2
    rungs = int(round((z_up - 0.25) / 0.28))
    ladder = [box((-w / 2, ly0, 0.0), (x0, ly0 + 0.04, z_up + 0.25)), box((-w / 2, ly1 - 0.04, 0.0), (x0, ly1, z_up + 0.25))]
    ladder += [horizontal_cylinder((lx, ly0 + 0.04, zr), (lx, ly1 - 0.04, zr), 0.016, 8)
               for zr in np.linspace(0.25, z_up, rungs + 1)]
    b.add("ladder", merge(*ladder), frame_mat)
    rect = (x0 + 0.02, -d / 2 + ps + 0.005, x1 - 0.02, d / 2 - ps - 0.005)
    b.surface(_bedding(b, p, rect, z_low, mt, "_lower"))
    _bedding(b, p, rect, z_up, mt, "_upper")


# --- baby bed (crib) -----------------------------------------------------------------------------

def _crib(b: TreeBuilder, p: dict) -> None:
    w, d, h = dims(p)
    style, wood = p["style"], p["material_wood"]
    mt = min(float(p["mattress_m"]), 0.12)
    deck = float(np.clip(p["deck_m"], 0.2, h - 0.45))
    rail_top = h - 0.04
    if style == "minimal":
        ps = 0.03  # the end boards stand full height and carry the bed
        for name, y in (("head_end", d / 2 - ps / 2), ("foot_end", -d / 2 + ps / 2)):
            b.add(name, _panel(-w / 2, w / 2, y, 0.0, h, ps), wood)
    else:
        ps = 0.045
        fr = 0.022  # ball finial radius
        for i, (px, py) in enumerate(soft.corners(w / 2 - ps / 2, d / 2 - ps / 2)):
            if style == "classic":
                post = merge(_post(px - ps / 2, py - ps / 2, px + ps / 2, py + ps / 2, h - fr), uv_sphere((px, py, h - fr), fr, 6, 8))
            else:
                post = _post(px - ps / 2, py - ps / 2, px + ps / 2, py + ps / 2, h)
            b.add(f"post_{i}", post, wood)
        for name, y in (("head_end", d / 2 - ps / 2), ("foot_end", -d / 2 + ps / 2)):
            if style == "classic":
                end = soft.bars(-w / 2 + ps, w / 2 - ps, y, deck - 0.08, rail_top, 0.075)
            else:
                end = _panel(-w / 2 + ps, w / 2 - ps, y, deck - 0.08, h)
            b.add(name, end, wood)
    for side, x in (("left", -w / 2 + ps / 2), ("right", w / 2 - ps / 2)):
        b.add(f"side_{side}", soft.bars(-d / 2 + ps, d / 2 - ps, x, deck - 0.08, rail_top, 0.075,
                                    round_bars=style == "minimal", along_y=True), wood)
    b.add("base", box((-w / 2 + ps, -d / 2 + ps, deck - 0.03), (w / 2 - ps, d / 2 - ps, deck)), wood)
    rect = (-w / 2 + ps + 0.01, -d / 2 + ps + 0.01, w / 2 - ps - 0.01, d / 2 - ps - 0.01)
    b.surface(_bedding(b, p, rect, deck, mt, pillows=False))
