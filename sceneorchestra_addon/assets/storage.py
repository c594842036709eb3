"""Storage furniture: nightstands, dressers, wardrobes, bookshelves, cabinets, tv stands, sideboards,
filing cabinets, shoe racks and shoe cabinets, lockers, display shelving, glass-fronted china
cabinets, changing tables (a chest of drawers under a padded, railed changing top) and toy chests.

Every category is a :class:`casework.Case` on a plinth or legs, optionally under a crown, with a
category-specific layout of drawers, doors and open compartments; the toy chest is an open box
under a lid hinged at its back edge.
"""

from __future__ import annotations

import numpy as np

from . import casework as cw
from .common import dims
from .mesh import Mesh, TreeBuilder, box, merge
from .parttree import Joint, PartTree, SupportSurface

# style -> (base, fronts, handle, crown)
_STYLE_LOOKS: dict[str, tuple[str, str, str, bool]] = {
    "modern": ("plinth", "panel", "bar", False),
    "shaker": ("plinth", "shaker", "knob", True),
    "mid_century": ("legs", "panel", "bar", False),
}
STYLES: tuple[str, ...] = tuple(_STYLE_LOOKS)

_WOOD = ("oak", "walnut", "pine", "birch", "painted_white", "painted_grey", "mdf_black")
_ACCENT = ("oak", "walnut", "painted_white", "painted_grey", "painted_blue", "mdf_black")
_HANDLES = ("brushed_steel", "black_metal", "brass", "chrome")
_METAL_BODY = ("steel", "painted_grey", "painted_white", "black_metal", "painted_blue")
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "filing_cabinet": {"body": _METAL_BODY, "accent": _METAL_BODY, "handle": ("chrome", "brushed_steel", "black_metal")},
    "locker": {
        "body": _METAL_BODY,
        "accent": ("painted_blue", "plastic_red", "plastic_green", "painted_grey"),
        "handle": ("chrome", "brushed_steel", "black_metal"),
    },
    "shoe_rack": {"body": ("oak", "pine", "birch", "painted_white", "black_metal", "mdf_black"), "accent": _ACCENT, "handle": _HANDLES},
    "display_shelf": {
        "body": ("oak", "birch", "painted_white", "black_metal", "mdf_black", "walnut"),
        "accent": _ACCENT,
        "handle": _HANDLES,
    },
    "changing_table": {
        "body": ("painted_white", "birch", "pine", "painted_grey", "oak"),
        "accent": ("painted_white", "painted_blue", "birch", "painted_grey"),
        "handle": ("brushed_steel", "chrome", "painted_white", "brass"),
    },
    "china_cabinet": {"body": ("walnut", "oak", "painted_white", "painted_grey", "mdf_black", "birch"), "accent": ("glass_clear",),
                      "handle": _HANDLES},
    "toy_chest": {
        "body": ("painted_white", "painted_blue", "birch", "pine", "plastic_red", "plastic_yellow"),
        "accent": ("painted_white", "painted_blue", "plastic_red", "plastic_yellow", "plastic_green", "birch"),
        "handle": _HANDLES,
    },
}
_DEFAULT_MATERIALS = {"body": _WOOD, "accent": _ACCENT, "handle": _HANDLES}

_DRAWER, _OPEN = cw.Cell("drawer"), cw.Cell("open")
CROWN_OVERHANG = 0.02
LID_T = 0.022
PAD_H = 0.09  # the changing table's railed pad on its top


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    extras = {
        "two_tone": lambda r: bool(r.random() < 0.3),  # fronts in the accent material
        "variant": lambda r: int(r.integers(3)),  # which front layout of the category
    }
    return cw.sample_family(rng, category, STYLES, _MATERIALS.get(category, _DEFAULT_MATERIALS), overrides, extras)


def _rows(category: str, w: float, d: float, ch: float, variant: int) -> tuple[list[cw.Row], bool]:
    """The front layout (rows top to bottom) of a carcass of inner height ``ch``, and whether it
    has a back panel."""
    if category == "nightstand":
        lower = (_DRAWER, _OPEN, cw.Cell("door_hl"))[variant]
        return [(1.0, (_DRAWER,)), (1.0 if variant == 0 else 1.6, (lower,))], True
    if category == "dresser":
        n = int(np.clip(round(ch / 0.19), 2, 6))
        cols = 2 if w >= 1.3 else 1
        top = 2 if (w >= 0.9 and variant != 1) else cols
        return [(0.8, (_DRAWER,) * top)] + [(1.0, (_DRAWER,) * cols)] * (n - 1), True
    if category == "wardrobe":
        doors = (cw.Cell("doors2", rail=True),)
        if variant == 1:
            return [(6.0, doors), (1.0, (_DRAWER, _DRAWER))], True
        return [(1.0, doors)], True
    if category in ("bookshelf", "display_shelf", "shoe_rack"):
        pitch = {"bookshelf": 0.34, "display_shelf": 0.4, "shoe_rack": 0.17}[category]
        levels = int(np.clip(round(ch / pitch), 2, 8))
        cols = int(np.clip(round(w / 0.8), 1, 3))
        return [(1.0, (cw.Cell("open", shelves=levels - 1),) * cols)], category != "shoe_rack"
    if category == "storage_cabinet":
        shelves = int(np.clip(round(ch / 0.4) - 1, 0, 4))
        doors = cw.Cell("doors2", shelves=shelves) if w >= 0.55 else cw.Cell("door_hr", shelves=shelves)
        if variant == 1 and ch > 0.5:
            return [(0.16, (_DRAWER,) * (2 if w >= 0.7 else 1)), (0.84, (doors,))], True
        return [(1.0, (doors,))], True
    if category == "tv_stand":
        cells = ((cw.Cell("door_hl"), _OPEN, cw.Cell("door_hr")), (_DRAWER, _OPEN, _DRAWER), (cw.Cell("doors2"), _OPEN))[variant]
        return [(1.0, cells)], True
    if category == "sideboard":
        n = 3 if w >= 1.5 else 2
        doors = tuple(cw.Cell("door_hl" if i < n / 2 else "door_hr", shelves=1) for i in range(n))
        if variant == 0:
            return [(0.3, (_DRAWER,) * n), (1.0, doors)], True
        if variant == 1:
            return [(1.0, doors)], True
        return [(1.0, (cw.Cell("door_hl", shelves=1), cw.Cell("open", shelves=1), cw.Cell("door_hr", shelves=1)))], True
    if category == "shoe_cabinet":
        shelves = int(np.clip(round(ch / 0.22) - 1, 1, 5))
        doors = cw.Cell("doors2", shelves=shelves) if w >= 0.7 else cw.Cell("door_hl", shelves=shelves)
        if variant == 1:
            return [(0.2, (_DRAWER,) * (2 if w >= 0.7 else 1)), (0.8, (doors,))], True
        if variant == 2 and w >= 0.7:
            return [(1.0, (cw.Cell("door_hl", shelves=shelves), cw.Cell("door_hr", shelves=shelves)))], True
        return [(1.0, (doors,))], True
    if category == "changing_table":
        n = int(np.clip(round(ch / 0.22), 2, 4))
        cols = 2 if (w >= 1.0 and variant == 2) else 1
        if variant == 1:
            return [(1.0, (_DRAWER,) * cols)] * (n - 1) + [(1.2, (cw.Cell("open"),))], True
        return [(1.0, (_DRAWER,) * cols)] * n, True
    if category == "china_cabinet":
        shelves = int(np.clip(round(ch / 0.38) - 1, 2, 5))
        if variant == 1:
            return [(3.0, (cw.Cell("doors2", shelves=max(1, shelves - 1)),)), (1.0, (cw.Cell("doors2"),))], True
        return [(1.0, (cw.Cell("doors2", shelves=shelves),))], True
    if category == "filing_cabinet":
        n = int(np.clip(round(ch / 0.31), 2, 5))
        return [(1.0, (_DRAWER,))] * n, True
    if category == "locker":
        n = int(np.clip(round(w / 0.3), 1, 5))
        hinge = "door_hr" if variant == 2 else "door_hl"
        if ch < 1.2:
            return [(1.0, (cw.Cell(hinge, shelves=1),) * n)], True
        return [(1.0, (cw.Cell(hinge, rail=True),) * n)], True
    raise KeyError(f"storage has no layout for {category!r}")


def _base_height(base: str, h: float) -> float:
    if base == "plinth":
        return float(np.clip(0.08 * h, 0.03, 0.1))
    return float(np.clip(0.2 * h, 0.06, 0.16))


def _look(params: dict) -> tuple[cw.Look, str, bool]:
    base, fronts, handle, crown = _STYLE_LOOKS[params["style"]]
    body = params["material_body"]
    front = params["material_accent"] if params["two_tone"] or params["category"] == "china_cabinet" else body
    vents = params["category"] == "locker"
    return cw.Look(fronts, handle, body, front, params["material_handle"], vents), base, crown


def build(params: dict) -> PartTree:
    if params["category"] == "toy_chest":
        return _toy_chest(params)
    w, d, h = dims(params)
    pad = PAD_H if params["category"] == "changing_table" else 0.0
    h -= pad
    look, base, crown = _look(params)
    tb = TreeBuilder(params["category"], params)
    over = CROWN_OVERHANG if crown else 0.0
    crown_h = float(np.clip(0.025 * h, 0.025, 0.05)) if crown else 0.0
    hb = _base_height(base, h)
    rows, back = _rows(params["category"], w, d, h - hb - crown_h, int(params["variant"]))
    has_fronts = any(c.kind != "open" for _, cells in rows for c in cells)
    x0, x1 = -w / 2 + over, w / 2 - over
    y0 = -d / 2 + (look.front_depth if has_fronts else over)
    y1 = d / 2
    z1 = h - crown_h
    cw.Case(tb, look).build((x0, x1, y0, y1, hb, z1), rows, back)
    cw.base_parts(tb, base, x0, x1, y0, y1, hb, look.body, "carcass")
    top_part = "carcass"
    if crown:
        tb.add("crown", cw.crown_mesh(w, d, h, crown_h, over), look.body, "carcass")
        top_part = "crown"
    tx0, ty0 = (-w / 2, -d / 2) if crown else (x0, y0)
    if pad:
        _changing_top(tb, top_part, tx0, ty0, d / 2, h, pad, look.body)
    elif h <= cw.TOP_REACH_M:
        cw.top_surface(tb, top_part, tx0, ty0, -tx0, d / 2, h)
    return tb.build()


def _changing_top(tb: TreeBuilder, parent: str, x0: float, y0: float, y1: float, z: float, pad: float, material: str) -> None:
    """Rails round the back and both sides of the top, and a cushioned pad between them."""
    t = 0.02
    x1 = -x0
    rails = merge(box((x0, y1 - t, z), (x1, y1, z + pad)), box((x0, y0 + 0.04, z), (x0 + t, y1 - t, z + pad)),
                  box((x1 - t, y0 + 0.04, z), (x1, y1 - t, z + pad)))
    tb.add("changing_rails", rails, material, parent)
    zp = z + 0.6 * pad
    tb.add("changing_pad", box((x0 + t + 0.005, y0 + 0.05, z), (x1 - t - 0.005, y1 - t - 0.005, zp)), "cotton_white", "changing_rails")
    tb.surface(SupportSurface("top", "top", "changing_pad", zp, (x0 + t + 0.02, y0 + 0.07, x1 - t - 0.02, y1 - t - 0.02), cw.OPEN_CLEARANCE))


def _side_grip(x_face: float, out: float, z: float, length: float) -> Mesh:
    """A bar grip on a side panel: a rail along y held ``out`` (+1 / -1 along x) by two posts."""
    xr = sorted((x_face + out * 0.013, x_face + out * 0.025))
    xp = sorted((x_face, x_face + out * 0.013))
    rail = box((xr[0], -length / 2, z - 0.006), (xr[1], length / 2, z + 0.006))
    posts = [box((xp[0], y - 0.005, z - 0.005), (xp[1], y + 0.005, z + 0.005)) for y in (-length / 2 + 0.01, length / 2 - 0.01)]
    return merge(rail, *posts)


def _toy_chest(params: dict) -> PartTree:
    """An open-topped box on a plinth or legs; the lid hinges about the x axis at the back top edge
    (axis -X so that positive angles lift the front edge)."""
    w, d, h = dims(params)
    look, base, crown = _look(params)
    tb = TreeBuilder("toy_chest", params)
    over = CROWN_OVERHANG if crown else 0.0
    t = cw.PANEL_T
    hb = _base_height(base, h) * 0.6
    grip = 0.025  # the side handles stand this far out from the carcass, inside the lid's footprint
    x0, x1, y0, y1 = -w / 2 + grip, w / 2 - grip, -d / 2 + over, d / 2
    zt = h - LID_T - cw.GAP
    walls = merge(
        box((x0, y0, hb), (x1, y1, hb + t)),
        box((x0, y0, hb + t), (x0 + t, y1, zt)),
        box((x1 - t, y0, hb + t), (x1, y1, zt)),
        box((x0 + t, y0, hb + t), (x1 - t, y0 + t, zt)),
        box((x0 + t, y1 - t, hb + t), (x1 - t, y1, zt)),
    )
    tb.add("carcass", walls, look.body)
    zg = zt - min(0.08, 0.3 * (zt - hb))
    for i, (face, out) in enumerate(((x0, -1.0), (x1, 1.0))):
        tb.add(f"handle_{i}", _side_grip(face, out, zg, min(0.14, 0.4 * d)), look.metal, "carcass")
    cw.base_parts(tb, base, x0, x1, y0, y1, hb, look.body, "carcass")
    lid = box((-w / 2, -d / 2, h - LID_T), (w / 2, d / 2, h))
    if look.fronts == "shaker":  # a raised rim along the lid's front edge as a finger pull
        lid = merge(lid, box((-w / 2 + 0.05, -d / 2, h - LID_T - 0.03), (w / 2 - 0.05, -d / 2 + 0.012, h - LID_T)))
    tb.add("lid", lid, look.front, "carcass")
    tb.joint(Joint("lid_hinge", "revolute", "carcass", "lid", (0.0, d / 2, h), (-1.0, 0.0, 0.0), 0.0, 1.7))
    inner = (x0 + t, y0 + t, x1 - t, y1 - t)
    tb.surface(SupportSurface("inside_0", "inside", "carcass", hb + t, inner, zt - hb - t))
    cw.top_surface(tb, "lid", -w / 2, -d / 2, w / 2, d / 2, h)
    return tb.build()
