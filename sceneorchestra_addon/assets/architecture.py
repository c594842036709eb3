"""Architecture and wall boards: room doors, windows, whiteboards, chalkboards, projector screens.

Doors and windows are ``opening`` objects: their depth is the wall thickness, the frame fills the
cut-out (x in [-w/2, w/2], z in [0, h]) and the front (-Y) is the room side. A door leaf hangs in
its frame with clearance and swings toward -Y about a vertical hinge axis on ``hinge_side``; it is
undercut (``UNDERCUT_M``) to sweep over the thickest rug, as a door over carpet is: rugs and doormats
may lie in its swing.

Styles: ``classic`` (raised-panel door leaf with knobs, a two-pane window with a mullion and a handle,
framed boards with a tray, a screen case with end caps and a pull handle) and ``modern`` (flush leaf
with levers, one fixed pane, frameless boards on stand-offs, a slim motorised screen).
"""

from __future__ import annotations

import numpy as np

from ..ground.catalog import BY_NAME
from . import common
from .casework import sample_family
from .gym import y_cylinder
from .mesh import Mesh, TreeBuilder, box, merge, uv_sphere
from .parttree import Joint, PartTree

STYLES = ("classic", "modern")

_WOOD_FRAME = ("painted_white", "oak", "walnut", "painted_grey")
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "door": {"frame": _WOOD_FRAME, "leaf": ("painted_white", "oak", "walnut", "pine", "painted_grey", "mdf_black"),
             "handle": ("brushed_steel", "brass", "chrome", "black_metal")},
    "window": {"frame": ("painted_white", "plastic_white", "oak", "aluminium", "black_metal"),
               "sill": ("painted_white", "marble_white", "oak", "granite_dark"),
               "glass": ("glass_clear", "glass_clear", "glass_frosted"), "handle": ("chrome", "brass", "plastic_white")},
    "whiteboard": {"frame": ("aluminium", "plastic_black", "plastic_white")},
    "chalkboard": {"frame": ("oak", "pine", "walnut", "aluminium", "black_metal")},
    "projector_screen": {"case": ("plastic_white", "aluminium", "black_metal", "plastic_black")},
}
_DOOR_EXTRAS = {"hinge_side": lambda rng: ("left", "right")[int(rng.integers(2))]}

GAP = 0.003  # leaf clearance in the frame
UNDERCUT_M = round(BY_NAME["rug"].max_size[2] + 0.005, 4)  # the leaf's bottom edge: 5 mm over the thickest rug
DOOR_OPEN = 1.57  # rad: the hinge is inside the frame depth, so a wider swing would hit the jamb


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    extras = _DOOR_EXTRAS if category == "door" else {}
    params = sample_family(rng, category, STYLES, _MATERIALS[category], overrides, extras)
    if category == "door" and params["hinge_side"] not in ("left", "right"):
        raise ValueError(f"door: hinge_side must be 'left' or 'right', not {params['hinge_side']!r}")
    return params


def build(params: dict) -> PartTree:
    return _BUILDERS[params["category"]](params)


def _frame_ring(x0: float, x1: float, z0: float, z1: float, t: float, y0: float, y1: float, bottom: bool) -> Mesh:
    """Two jambs and a head (and a bottom rail) of member width ``t`` around x0..x1, z0..z1."""
    parts = [box((x0, y0, z0), (x0 + t, y1, z1)), box((x1 - t, y0, z0), (x1, y1, z1)),
             box((x0 + t, y0, z1 - t), (x1 - t, y1, z1))]
    if bottom:
        parts.append(box((x0 + t, y0, z0), (x1 - t, y1, z0 + t)))
    return merge(*parts)


def _door_handle(x: float, z: float, y_face: float, reach: float, toward_x: float, knob: bool) -> Mesh:
    """A knob or a lever on a leaf face at ``y_face``, reaching ``reach`` out along the sign of
    ``reach``; a lever points along ``toward_x`` (+1 / -1)."""
    s = 1.0 if reach > 0 else -1.0
    rose = y_cylinder(y_face, y_face + 0.3 * reach, x, z, 0.026)
    if knob:
        r = min(0.028, 0.35 * abs(reach))
        neck = y_cylinder(y_face + 0.3 * reach, y_face + reach - s * r, x, z, 0.009, 8)
        return merge(rose, neck, uv_sphere((x, y_face + reach - s * r, z), r, 6, 12))
    r = min(0.011, 0.25 * abs(reach))
    yl = y_face + reach - s * r
    neck = y_cylinder(y_face + 0.3 * reach, yl - s * r, x, z, 0.009, 8)
    lever = box((min(x, x + toward_x * 0.13), yl - r, z - r), (max(x, x + toward_x * 0.13), yl + r, z + r))
    return merge(rose, neck, lever)


def _panels(x0: float, x1: float, z0: float, z1: float, y_face: float, proud: float) -> list[Mesh]:
    """Four raised panels (2 x 2, the upper pair taller) standing ``proud`` off a leaf face."""
    stile = min(0.11, 0.15 * (x1 - x0))
    xm, zm = (x0 + x1) / 2, z0 + 0.42 * (z1 - z0)
    cols = [(x0 + stile, xm - stile / 2), (xm + stile / 2, x1 - stile)]
    rows = [(z0 + 0.16, zm - 0.06), (zm + 0.06, z1 - 0.13)]
    ya, yb = sorted((y_face, y_face + proud))
    return [box((a, ya, c), (b, yb, e)) for a, b in cols for c, e in rows]


def _door(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    classic = p["style"] == "classic"
    tb = TreeBuilder(p["category"], p)
    jt = 0.055 if classic else 0.045
    tb.add("frame", _frame_ring(-w / 2, w / 2, 0.0, h, jt, -d / 2, d / 2, bottom=False), p["material_frame"])
    lt = min(0.04, d - 0.05)
    proud = 0.006 if classic else 0.0
    x0, x1 = -w / 2 + jt + GAP, w / 2 - jt - GAP
    z0, z1 = UNDERCUT_M, h - jt - GAP
    leaf = [box((x0, -lt / 2, z0), (x1, lt / 2, z1))]
    if classic:
        leaf += _panels(x0, x1, z0, z1, -lt / 2, -proud) + _panels(x0, x1, z0, z1, lt / 2, proud)
    tb.add("leaf", merge(*leaf), p["material_leaf"], "frame")
    left = p["hinge_side"] == "left"
    hinge_x, free_x = (x0, x1) if left else (x1, x0)
    inward = 1.0 if left else -1.0
    reach = min(0.065, d / 2 - lt / 2 - 0.002)
    hx, hz = free_x - inward * 0.065, min(1.0, 0.48 * h)
    for name, face, sign in (("handle_front", -lt / 2, -1.0), ("handle_back", lt / 2, 1.0)):
        tb.add(name, _door_handle(hx, hz, face, sign * reach, -inward, classic), p["material_handle"], "leaf")
    axis = (0.0, 0.0, -1.0) if left else (0.0, 0.0, 1.0)
    origin = (hinge_x, -lt / 2 - proud, (z0 + z1) / 2)
    tb.joint(Joint("leaf_hinge", "revolute", "frame", "leaf", origin, axis, 0.0, DOOR_OPEN))
    return tb.build()


def _window(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    classic = p["style"] == "classic"
    tb = TreeBuilder(p["category"], p)
    st = min(0.04, 0.1 * h)
    tb.add("sill", box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, st)), p["material_sill"])
    ft = min(0.065, 0.12 * w, 0.12 * h)
    fd = min(0.07, 0.5 * d)
    ring = _frame_ring(-w / 2, w / 2, st, h, ft, -fd / 2, fd / 2, bottom=True)
    gt = 0.008
    zi0, zi1 = st + ft, h - ft
    if classic:
        mw = min(0.06, 0.1 * w)
        tb.add("frame", merge(ring, box((-mw / 2, -fd / 2, zi0), (mw / 2, fd / 2, zi1))), p["material_frame"], "sill")
        panes = [(-w / 2 + ft, -mw / 2), (mw / 2, w / 2 - ft)]
    else:
        tb.add("frame", ring, p["material_frame"], "sill")
        panes = [(-w / 2 + ft, w / 2 - ft)]
    for i, (a, b) in enumerate(panes):
        tb.add(f"glass_{i}", box((a, -gt / 2, zi0), (b, gt / 2, zi1)), p["material_glass"], "frame")
    if classic:
        reach = min(0.03, d / 2 - fd / 2 - 0.002)
        zc = (zi0 + zi1) / 2
        grip = merge(y_cylinder(-fd / 2, -fd / 2 - 0.4 * reach, 0.0, zc, 0.012, 8),
                     box((-0.008, -fd / 2 - reach, zc - min(0.1, 0.3 * (zi1 - zi0)) - 0.01),
                         (0.008, -fd / 2 - 0.4 * reach, zc + 0.01)))
        tb.add("handle", grip, p["material_handle"], "frame")
    return tb.build()


def _board(p: dict, surface: str) -> PartTree:
    """A whiteboard or chalkboard hanging with its back on the wall at y = +d/2."""
    w, d, h = common.dims(p)
    tb = TreeBuilder(p["category"], p)
    frame = p["material_frame"]
    bt = min(0.012, 0.3 * d)
    if p["style"] == "classic":
        tz, ft = min(0.035, 0.08 * h), min(0.028, 0.06 * w, 0.06 * h)
        fd = bt + 0.006
        tb.add("frame", _frame_ring(-w / 2, w / 2, tz, h, ft, d / 2 - fd, d / 2, bottom=True), frame)
        tb.add("board", box((-w / 2 + ft, d / 2 - bt, tz + ft), (w / 2 - ft, d / 2, h - ft)), surface, "frame")
        tray = merge(box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, 0.008)),
                     box((-w / 2, -d / 2, 0.008), (w / 2, -d / 2 + 0.006, tz)))
        tb.add("tray", tray, frame, "frame")
    else:
        tb.add("board", box((-w / 2, -d / 2, 0.0), (w / 2, -d / 2 + bt, h)), surface)
        inset = min(0.06, 0.15 * w, 0.15 * h)
        for i, (x, z) in enumerate([(-1, 1), (1, 1), (1, -1), (-1, -1)]):
            cx, cz = x * (w / 2 - inset), h / 2 + z * (h / 2 - inset)
            tb.add(f"standoff_{i}", y_cylinder(-d / 2 + bt, d / 2, cx, cz, 0.012, 8), "brushed_steel", "board")
    return tb.build()


def _whiteboard(p: dict) -> PartTree:
    return _board(p, "whiteboard")


def _chalkboard(p: dict) -> PartTree:
    return _board(p, "chalkboard")


def _projector_screen(p: dict) -> PartTree:
    w, d, h = common.dims(p)
    case = p["material_case"]
    classic = p["style"] == "classic"
    tb = TreeBuilder(p["category"], p)
    ch = min(0.11, 0.9 * d, 0.1 * h)
    cap = 0.04 if classic else 0.0
    tb.add("case", box((-w / 2 + cap, -d / 2, h - ch), (w / 2 - cap, d / 2, h)), case)
    if classic:
        tb.add("end_caps", merge(box((-w / 2, -d / 2, h - ch), (-w / 2 + cap, d / 2, h)),
                                 box((w / 2 - cap, -d / 2, h - ch), (w / 2, d / 2, h))), "plastic_black", "case")
    sx = w / 2 - 0.06
    yc = -d / 2 + 0.35 * d
    zb = 0.03 if classic else 0.0
    tb.add("screen", box((-sx, yc - 0.001, zb + 0.02), (sx, yc + 0.001, h - ch)), "cotton_white", "case")
    tb.add("bottom_bar", box((-sx - 0.01, yc - 0.012, zb), (sx + 0.01, yc + 0.012, zb + 0.025)), "aluminium", "screen")
    if classic:
        tb.add("pull_handle", box((-0.03, yc - 0.008, 0.0), (0.03, yc + 0.008, zb)), "plastic_black", "bottom_bar")
    return tb.build()


_BUILDERS = {
    "door": _door,
    "window": _window,
    "whiteboard": _whiteboard,
    "chalkboard": _chalkboard,
    "projector_screen": _projector_screen,
}
