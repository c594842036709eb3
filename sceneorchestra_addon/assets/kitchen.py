"""Fitted cabinetry: kitchen base, sink, wall and island cabinets, bathroom vanities and glass-door
medical cabinets.

Every piece is a carcass (sides, bottom, back, top or top rails, plinth, dividers) with full-overlay
fronts hung ``GAP`` in front of its front plane. Base-height pieces carry a worktop whose front edge
is the object's front bound, with the handle tips just behind it; wall and medical cabinets end at
their handle tips. Sink units and vanities cut a recessed basin into the worktop, with a faucet
rising above it (the faucet top is the object's height). Styles: ``slab`` (flat fronts, frameless
glass) and ``shaker`` (framed fronts, framed glass).

The helpers ``open_box``, ``tray`` and ``bar_handle`` are shared with the appliance generators.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import common
from .mesh import Mesh, TreeBuilder, box, cylinder, merge
from .parttree import Joint, PartTree, SupportSurface

STYLES = ("slab", "shaker")

GAP = 0.002  # clearance between moving fronts and the carcass
PANEL = 0.018  # carcass boards
BACK = 0.008  # back panel
COUNTER_T = 0.03  # worktop thickness
HANDLE_D = 0.02  # how far a handle stands in front of its front
OVERHANG_EXTRA = 0.004  # worktop edge in front of the handle tips
DOOR_OPEN = 1.75  # rad
TOP_CLEARANCE = 0.5  # free height above a worktop
BAND = 0.15  # drawer / false-front band under a worktop
# Front thickness per (style, glass door).
FRONT_T = {("slab", False): 0.018, ("shaker", False): 0.022, ("slab", True): 0.008, ("shaker", True): 0.02}

_FRONTS = ("painted_white", "painted_grey", "painted_blue", "oak", "walnut", "birch", "mdf_black")
_BODY = ("painted_white", "birch", "painted_grey", "oak")
_WORKTOP = ("granite_dark", "marble_white", "oak", "concrete", "birch")
_HANDLE = ("brushed_steel", "black_metal", "brass", "chrome")
_FAUCET = ("chrome", "brushed_steel", "black_metal", "brass")

_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "kitchen_base_cabinet": {"body": _BODY, "front": _FRONTS, "top": _WORKTOP, "handle": _HANDLE},
    "kitchen_island": {"body": _BODY, "front": _FRONTS, "top": _WORKTOP, "handle": _HANDLE},
    "kitchen_wall_cabinet": {"body": _BODY, "front": _FRONTS, "handle": _HANDLE},
    "kitchen_sink_cabinet": {
        "body": _BODY, "front": _FRONTS, "top": _WORKTOP, "handle": _HANDLE,
        "basin": ("brushed_steel", "steel", "ceramic_white"), "faucet": _FAUCET,
    },
    "bathroom_vanity": {
        "body": ("painted_white", "oak", "walnut", "painted_grey"), "front": _FRONTS,
        "top": ("marble_white", "ceramic_white", "granite_dark", "oak"), "handle": _HANDLE,
        "basin": ("ceramic_white", "porcelain"), "faucet": _FAUCET,
    },
    "medical_cabinet": {
        "body": ("painted_white", "steel", "aluminium"), "front": ("painted_white", "aluminium", "steel"),
        "glass": ("glass_clear", "glass_frosted"), "handle": ("chrome", "brushed_steel"),
    },
}


@dataclass(frozen=True)
class _Spec:
    counter: bool  # carries a worktop ("top" surface)
    faucet: float  # typical faucet rise above the worktop (0: no basin)
    counter_range: tuple[float, float]  # worktop height limits when a faucet rises above it
    basin_depth: float
    plinth: float  # toe-kick height (0: wall hung)
    band: str  # under the worktop: "drawers", "false_front" or ""
    shelf_pitch: float  # typical shelf spacing (0: no shelves)
    glass: bool  # glass doors
    handle_at: str  # "top", "bottom" or "middle" of a door
    back_overhang: tuple[float, float]  # worktop overhang at the back as (fraction of depth, max)


_SPEC = {
    "kitchen_base_cabinet": _Spec(True, 0.0, (0.0, 0.0), 0.0, 0.1, "drawers", 0.3, False, "top", (0.0, 0.0)),
    "kitchen_island": _Spec(True, 0.0, (0.0, 0.0), 0.0, 0.1, "drawers", 0.3, False, "top", (0.3, 0.3)),
    "kitchen_sink_cabinet": _Spec(True, 0.28, (0.8, 0.94), 0.18, 0.1, "false_front", 0.0, False, "top", (0.0, 0.0)),
    "bathroom_vanity": _Spec(True, 0.2, (0.75, 0.9), 0.14, 0.1, "false_front", 0.0, False, "top", (0.0, 0.0)),
    "kitchen_wall_cabinet": _Spec(False, 0.0, (0.0, 0.0), 0.0, 0.0, "", 0.3, False, "bottom", (0.0, 0.0)),
    "medical_cabinet": _Spec(False, 0.0, (0.0, 0.0), 0.0, 0.08, "", 0.35, True, "middle", (0.0, 0.0)),
}


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    return common.base_params(rng, category, STYLES, _MATERIALS[category], overrides)


# ----------------------------------------------------------------------------- shared helpers


def open_box(x0: float, x1: float, y0: float, y1: float, z0: float, z1: float, t: float) -> Mesh:
    """A carcass open at the front (-Y): two sides, bottom, top and back, walls ``t`` thick."""
    return merge(
        box((x0, y0, z0), (x0 + t, y1, z1)),
        box((x1 - t, y0, z0), (x1, y1, z1)),
        box((x0 + t, y0, z0), (x1 - t, y1 - t, z0 + t)),
        box((x0 + t, y0, z1 - t), (x1 - t, y1 - t, z1)),
        box((x0 + t, y1 - t, z0), (x1 - t, y1, z1)),
    )


def tray(x0: float, x1: float, y0: float, y1: float, z0: float, z1: float, t: float) -> Mesh:
    """An open-topped box (drawer box, basket, rack): bottom and four walls ``t`` thick."""
    return merge(
        box((x0, y0, z0), (x1, y1, z0 + t)),
        box((x0, y0, z0 + t), (x1, y0 + t, z1)),
        box((x0, y1 - t, z0 + t), (x1, y1, z1)),
        box((x0, y0 + t, z0 + t), (x0 + t, y1 - t, z1)),
        box((x1 - t, y0 + t, z0 + t), (x1, y1 - t, z1)),
    )


def bar_handle(cx: float, cz: float, length: float, vertical: bool, y_face: float, depth: float = HANDLE_D) -> Mesh:
    """A bar pull on a front whose face is the plane ``y = y_face``; its tip is ``depth`` in front."""
    ends = (-length / 2 + 0.012, length / 2 - 0.012)
    y_bar = y_face - depth / 2
    if vertical:
        parts = [box((cx - 0.006, y_face - depth, cz - length / 2), (cx + 0.006, y_bar, cz + length / 2))]
        parts += [box((cx - 0.004, y_bar, cz + e - 0.004), (cx + 0.004, y_face, cz + e + 0.004)) for e in ends]
    else:
        parts = [box((cx - length / 2, y_face - depth, cz - 0.006), (cx + length / 2, y_bar, cz + 0.006))]
        parts += [box((cx + e - 0.004, y_bar, cz - 0.004), (cx + e + 0.004, y_face, cz + 0.004)) for e in ends]
    return merge(*parts)


def front_panel(x0: float, x1: float, z0: float, z1: float, y_back: float, style: str, glass: bool) -> tuple[Mesh, Mesh | None]:
    """A door or drawer front whose back face is ``y = y_back``: (front mesh, glass pane or None).

    ``slab`` is a flat board (a bare glass sheet for glass doors); ``shaker`` adds a proud frame of
    stiles and rails (for glass doors the frame holds the pane)."""
    t = FRONT_T[(style, glass)]
    y_face = y_back - t
    if style == "slab":
        return box((x0, y_face, z0), (x1, y_back, z1)), None
    fw = min(0.06, 0.22 * min(x1 - x0, z1 - z0))
    y_frame = y_back if glass else y_back - 0.014
    frame = merge(
        box((x0, y_face, z0), (x0 + fw, y_frame, z1)),
        box((x1 - fw, y_face, z0), (x1, y_frame, z1)),
        box((x0 + fw, y_face, z0), (x1 - fw, y_frame, z0 + fw)),
        box((x0 + fw, y_face, z1 - fw), (x1 - fw, y_frame, z1)),
    )
    if glass:
        pane = box((x0 + fw, y_back - 0.012, z0 + fw), (x1 - fw, y_back - 0.008, z1 - fw))
        return frame, pane
    return merge(box((x0, y_back - 0.014, z0), (x1, y_back, z1)), frame), None


def door_joint(name: str, parent: str, hinge_x: float, hinge_left: bool, y_face: float, z_mid: float) -> Joint:
    """A vertical hinge at the door's outer front edge; positive angles swing it toward -Y."""
    axis = (0.0, 0.0, -1.0) if hinge_left else (0.0, 0.0, 1.0)
    return Joint(f"{name}_hinge", "revolute", parent, name, (hinge_x, y_face, z_mid), axis, 0.0, DOOR_OPEN)


def door_names(n: int) -> list[str]:
    if n == 1:
        return ["door"]
    if n == 2:
        return ["door_left", "door_right"]
    return [f"door_{i}" for i in range(n)]


# ----------------------------------------------------------------------------- cabinetry


@dataclass(frozen=True)
class _Frame:
    """The solved layout of one cabinet."""

    w: float
    d: float
    h: float
    counter_z: float  # worktop surface (== h unless a faucet rises above it)
    ztop: float  # carcass top
    zb: float  # carcass bottom board (plinth height)
    zdoor: float  # top of the door zone
    yc: float  # carcass front plane
    yb: float  # carcass back
    ft: float  # front thickness


def _layout(spec: _Spec, style: str, w: float, d: float, h: float) -> _Frame:
    counter_z = h
    if spec.faucet:
        counter_z = float(np.clip(h - spec.faucet, *spec.counter_range))
    ztop = counter_z - COUNTER_T if spec.counter else h
    ft = FRONT_T[(style, spec.glass)]
    yc = -d / 2 + GAP + ft + HANDLE_D + (OVERHANG_EXTRA if spec.counter else 0.0)
    frac, cap = spec.back_overhang
    yb = d / 2 - min(frac * d, cap)
    zdoor = ztop - BAND if spec.band else ztop
    return _Frame(w, d, h, counter_z, ztop, spec.plinth, zdoor, yc, yb, ft)


def _basin_rect(f: _Frame) -> tuple[float, float, float, float]:
    """The basin's opening in the worktop, left of centre so that the right strip stays usable."""
    bw = min(float(np.clip(0.55 * f.w, 0.3, 0.6)), f.w - 2 * PANEL - 0.08)
    bx0 = -f.w / 2 + 0.35 * (f.w - bw)
    by0 = f.yc + 0.05
    by1 = min(by0 + 0.42, f.yb - 0.08)
    return bx0, by0, bx0 + bw, by1


def _carcass(f: _Frame, spec: _Spec, basin: tuple[float, float, float, float] | None) -> Mesh:
    x0, x1, p = -f.w / 2, f.w / 2, PANEL
    parts = [
        box((x0, f.yc, 0.0), (x0 + p, f.yb, f.ztop)),
        box((x1 - p, f.yc, 0.0), (x1, f.yb, f.ztop)),
        box((x0 + p, f.yc, f.zb), (x1 - p, f.yb - BACK, f.zb + p)),
        box((x0 + p, f.yb - BACK, f.zb), (x1 - p, f.yb, f.ztop)),
    ]
    if basin is None:
        parts.append(box((x0 + p, f.yc, f.ztop - p), (x1 - p, f.yb - BACK, f.ztop)))
    else:  # rails in front of and behind the basin
        _, by0, _, by1 = basin
        parts.append(box((x0 + p, f.yc, f.ztop - p), (x1 - p, by0 - 0.005, f.ztop)))
        parts.append(box((x0 + p, by1 + 0.005, f.ztop - p), (x1 - p, f.yb - BACK, f.ztop)))
    if f.zb > 0:
        parts.append(box((x0 + p, f.yc + 0.05, 0.0), (x1 - p, f.yc + 0.05 + p, f.zb)))
    if spec.band == "drawers":
        parts.append(box((x0 + p, f.yc, f.zdoor - p), (x1 - p, f.yb - BACK, f.zdoor)))
    return merge(*parts)


def _worktop(f: _Frame, basin: tuple[float, float, float, float] | None) -> Mesh:
    lo, hi = (-f.w / 2, -f.d / 2, f.ztop), (f.w / 2, f.d / 2, f.counter_z)
    if basin is None:
        return box(lo, hi)
    bx0, by0, bx1, by1 = basin
    return merge(
        box(lo, (f.w / 2, by0, f.counter_z)),
        box((-f.w / 2, by1, f.ztop), hi),
        box((-f.w / 2, by0, f.ztop), (bx0, by1, f.counter_z)),
        box((bx1, by0, f.ztop), (f.w / 2, by1, f.counter_z)),
    )


def _basin(f: _Frame, spec: _Spec, rect: tuple[float, float, float, float]) -> Mesh:
    bx0, by0, bx1, by1 = rect
    z0 = f.counter_z - spec.basin_depth
    bowl = tray(bx0, bx1, by0, by1, z0, f.counter_z - 0.001, 0.01)
    drain = cylinder(((bx0 + bx1) / 2, (by0 + by1) / 2), 0.025, z0 + 0.01, z0 + 0.014)
    return merge(bowl, drain)


def _faucet(f: _Frame, rect: tuple[float, float, float, float]) -> Mesh:
    bx0, by0, bx1, by1 = rect
    xf, yf, r, top = (bx0 + bx1) / 2, (by1 + f.d / 2) / 2, 0.012, f.h
    tip = (by0 + by1) / 2
    return merge(
        cylinder((xf, yf), 0.028, f.counter_z, f.counter_z + 0.015),
        cylinder((xf, yf), r, f.counter_z + 0.015, top - 2 * r),
        box((xf - r, tip, top - 2 * r), (xf + r, yf + r, top)),
        box((xf - r, tip, top - 0.06), (xf + r, tip + 2 * r, top - 2 * r)),
        box((xf + r, yf - 0.008, top - 0.07), (xf + r + 0.05, yf + 0.008, top - 0.055)),
    )


def _columns(w: float) -> list[tuple[float, float]]:
    """Front columns at most 0.6 m wide, with a small reveal between neighbours."""
    n = max(1, math.ceil(w / 0.6 - 1e-6))
    xs = np.linspace(-w / 2, w / 2, n + 1)
    return [(float(xs[i]) + (GAP / 2 if i else 0.0), float(xs[i + 1]) - (GAP / 2 if i < n - 1 else 0.0)) for i in range(n)]


def _handle_z(spec: _Spec, z0: float, z1: float, length: float) -> float:
    if spec.handle_at == "top":
        return z1 - 0.04 - length / 2
    if spec.handle_at == "bottom":
        return z0 + 0.04 + length / 2
    return (z0 + z1) / 2


def _doors(b: TreeBuilder, f: _Frame, spec: _Spec, p: dict, handles: list[int]) -> None:
    cols = _columns(f.w)
    z0, z1 = f.zb + GAP, (f.zdoor - GAP / 2 if spec.band else f.ztop - GAP)
    y_back = f.yc - GAP
    y_face = y_back - f.ft
    length = min(0.16, 0.4 * (z1 - z0))
    for i, (name, (x0, x1)) in enumerate(zip(door_names(len(cols)), cols)):
        hinge_left = i < len(cols) / 2  # hinges outward from the middle: no two neighbours hinge on one edge and swing into each other
        door, pane = front_panel(x0, x1, z0, z1, y_back, p["style"], spec.glass)
        b.add(name, door, p["material_glass"] if spec.glass and pane is None else p["material_front"], parent="carcass")
        if pane is not None:
            b.add(f"{name}_glass", pane, p["material_glass"], parent=name)
        hx = x1 - 0.045 if hinge_left else x0 + 0.045
        hz = _handle_z(spec, z0, z1, length)
        b.add(f"handle_{handles[0]}", bar_handle(hx, hz, length, True, y_face), p["material_handle"], parent=name)
        handles[0] += 1
        b.joint(door_joint(name, "carcass", x0 if hinge_left else x1, hinge_left, y_face, (z0 + z1) / 2))


def _band(b: TreeBuilder, f: _Frame, spec: _Spec, p: dict, handles: list[int]) -> None:
    """The band under the worktop: a row of drawers, or one fixed false front over a basin."""
    z0, z1 = f.zdoor + GAP / 2, f.ztop - GAP
    y_back = f.yc - GAP
    y_face = y_back - f.ft
    if spec.band == "false_front":
        panel, _ = front_panel(-f.w / 2, f.w / 2, z0, z1, y_back, p["style"], False)
        b.add("false_front", panel, p["material_front"], parent="carcass")
        return
    inner_x0, inner_x1 = -f.w / 2 + PANEL + GAP, f.w / 2 - PANEL - GAP
    y_end = f.yb - BACK - GAP
    for i, (x0, x1) in enumerate(_columns(f.w)):
        name = f"drawer_{i}"
        front, _ = front_panel(x0, x1, z0, z1, y_back, p["style"], False)
        bx0, bx1 = max(x0, inner_x0) + (GAP if i else 0.0), min(x1, inner_x1) - GAP
        body = tray(bx0, bx1, y_back, y_end, f.zdoor + GAP, f.ztop - PANEL - GAP, 0.012)
        b.add(name, merge(front, body), p["material_front"], parent="carcass")
        length = min(0.3, 0.5 * (x1 - x0))
        b.add(f"handle_{handles[0]}", bar_handle((x0 + x1) / 2, (z0 + z1) / 2, length, False, y_face), p["material_handle"], parent=name)
        handles[0] += 1
        travel = min(0.8 * f.d, 0.75 * (y_end - y_back))
        b.joint(Joint(f"{name}_slide", "prismatic", "carcass", name, ((x0 + x1) / 2, y_face, (z0 + z1) / 2), (0.0, -1.0, 0.0), 0.0, travel))


def _shelves(b: TreeBuilder, f: _Frame, spec: _Spec, p: dict, ceiling: float) -> None:
    """Evenly spaced shelves between the carcass floor and ``ceiling``, with their surfaces."""
    floor = f.zb + PANEL
    n = max(0, round((ceiling - floor) / spec.shelf_pitch) - 1) if spec.shelf_pitch else 0
    rect = (-f.w / 2 + PANEL, f.yc + PANEL, f.w / 2 - PANEL, f.yb - BACK - 0.01)
    pitch = (ceiling - floor) / (n + 1)
    tops = [floor + (i + 1) * pitch + PANEL / 2 for i in range(n)]
    material = p["material_glass"] if spec.glass else p["material_body"]
    for i, z in enumerate(tops):
        b.add(f"shelf_{i}", box((rect[0], f.yc + 0.02, z - PANEL), (rect[2], f.yb - BACK, z)), material, parent="carcass")
    levels = [floor, *tops]
    bottoms = [z - PANEL for z in tops] + [ceiling]
    for i, z in enumerate(levels):
        name, kind, part = ("inside_0", "inside", "carcass") if i == 0 else (f"shelf_{i - 1}", "shelf", f"shelf_{i - 1}")
        b.surface(SupportSurface(name, kind, part, z, rect, bottoms[i] - z))


def build(params: dict) -> PartTree:
    category = params["category"]
    spec = _SPEC[category]
    w, d, h = common.dims(params)
    f = _layout(spec, params["style"], w, d, h)
    b = TreeBuilder(category, params)
    basin = _basin_rect(f) if spec.faucet else None
    b.add("carcass", _carcass(f, spec, basin), params["material_body"])
    if spec.counter:
        b.add("countertop", _worktop(f, basin), params["material_top"], parent="carcass")
        rect = (-w / 2 + PANEL, -d / 2 + PANEL, w / 2 - PANEL, d / 2 - PANEL)
        if basin is not None:
            rect = (basin[2] + PANEL, rect[1], rect[2], rect[3])
        b.surface(SupportSurface("top", "top", "countertop", f.counter_z, rect, TOP_CLEARANCE))
    ceiling = f.zdoor - PANEL
    if basin is not None:
        b.add("basin", _basin(f, spec, basin), params["material_basin"], parent="countertop")
        b.add("faucet", _faucet(f, basin), params["material_faucet"], parent="countertop")
        ceiling = f.counter_z - spec.basin_depth
    handles = [0]
    _doors(b, f, spec, params, handles)
    if spec.band:
        _band(b, f, spec, params, handles)
    _shelves(b, f, spec, params, ceiling)
    return b.build()
