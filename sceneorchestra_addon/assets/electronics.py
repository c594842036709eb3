"""Screens and computers: monitors, keyboards, laptops, standing and wall-mounted televisions.

Styles: ``slim`` (thin panels and bezels, a flat plate stand or two feet, a low-profile keyboard
without a number pad, a thin laptop, a TV flush on the wall) and ``classic`` (thicker panels with
a back housing, a round base or a centre pedestal, a full-size keyboard with a number pad, a
thicker laptop, a TV on a visible wall bracket).

The laptop is modelled open (lid 15 degrees past upright); its lid is a revolute joint about the
hinge line (axis -X, so positive angles open it further, negative ones close it), stiff enough to
hold the lid where it is left, as a real laptop hinge does.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ..ground.catalog import BY_NAME
from . import common
from .mesh import Mesh, TreeBuilder, box, merge
from .parttree import Joint, PartTree
from .tableware import lathe, oriented_box

STYLES: tuple[str, ...] = ("slim", "classic")

_CASE = ("plastic_black", "black_metal", "plastic_white", "aluminium")
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "monitor": {"body": _CASE},
    "keyboard": {"body": _CASE, "keys": ("plastic_black", "plastic_white")},
    "laptop": {"body": ("aluminium", "plastic_black", "black_metal", "plastic_white")},
    "tv": {"body": ("plastic_black", "black_metal", "aluminium")},
    "wall_tv": {"body": ("plastic_black", "black_metal", "aluminium")},
}

_TILT = math.radians(15.0)  # the open laptop lid, measured from upright
# A laptop's hinge holds its lid at any angle: its friction (N m) beats the weight of the heaviest
# lid the catalogue allows (about 0.8 kg at 0.12 m when held flat), and a push of a few N m still moves it.
LID_HINGE_FRICTION = 1.2


def _laptop_dims(h: float, style: str) -> tuple[float, float, float, float]:
    """Base thickness, lid thickness, the lid's lowest point and its length for a laptop ``h`` tall."""
    tb, tl = (0.014, 0.005) if style == "slim" else (0.02, 0.008)
    z0 = tb + 0.002 + tl * math.sin(_TILT)
    return tb, tl, z0, (h - z0) / math.cos(_TILT)


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    p = common.base_params(rng, category, STYLES, _MATERIALS[category], overrides)
    cat = BY_NAME[category]
    w = p["width_m"]
    derived = {  # screens keep a 16:9 panel, the laptop's depth follows its lid
        "monitor": ("height_m", 0.6 * w + 0.1),
        "tv": ("height_m", 0.58 * w + 0.08),
        "wall_tv": ("height_m", 0.58 * w),
        "laptop": ("depth_m", _laptop_dims(p["height_m"], p["style"])[3] * (1 + math.sin(_TILT)) + 0.01),
    }
    if category in derived and derived[category][0] not in overrides:
        key, value = derived[category]
        axis = ("width_m", "depth_m", "height_m").index(key)
        p[key] = round(float(np.clip(value, cat.min_size[axis], cat.max_size[axis])), 3)
    return p


def _panel(tb: TreeBuilder, p: dict, x: float, y0: float, y1: float, z0: float, z1: float, bezel: float, parent: str | None) -> None:
    """A display: the case box from y0 (front) to y1 and the dark screen 2 mm proud of its front."""
    tb.add("panel", box((-x, y0 + 0.002, z0), (x, y1, z1)), p["material_body"], parent=parent)
    tb.add("screen", box((-x + bezel, y0, z0 + bezel), (x - bezel, y0 + 0.003, z1 - bezel)), "screen_black", parent="panel")


def _monitor(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    slim = p["style"] == "slim"
    pd = 0.02 if slim else 0.025
    zp = max(0.06, h - 0.6 * w)
    y0 = -0.2 * d - pd
    if slim:  # flat plate base and a flat neck
        tb.add("base", box((-0.2 * w, -d / 2, 0.0), (0.2 * w, d / 2, 0.01)), p["material_body"])
        neck_y = y0 + pd
    else:  # round base, a back housing on the panel
        tb.add("base", lathe([(0.5 * d, 0.0), (0.48 * d, 0.012), (0.15 * d, 0.02)], y_scale=1.0), p["material_body"])
        neck_y = y0 + pd + 0.03
    tb.add("neck", box((-0.03, neck_y, 0.008), (0.03, neck_y + 0.02, zp + 0.5 * (h - zp))), p["material_body"], parent="base")
    _panel(tb, p, w / 2, y0, y0 + pd, zp, h, 0.008 if slim else 0.018, "neck")
    if not slim:
        housing = box((-0.32 * w, y0 + pd - 0.001, zp + 0.15 * (h - zp)), (0.32 * w, y0 + pd + 0.03, zp + 0.8 * (h - zp)))
        tb.add("housing", housing, p["material_body"], parent="panel")


def _key_grid(x0: float, x1: float, y0: float, y1: float, z0: float, z1: float, cols: int, rows: int, space: bool) -> Mesh:
    """Key caps in a grid (3 mm joints); with ``space`` the front row is one wide space bar."""
    g = 0.003
    kx, ky = (x1 - x0 - (cols - 1) * g) / cols, (y1 - y0 - (rows - 1) * g) / rows
    keys = []
    for r in range(rows):
        ya = y0 + r * (ky + g)
        if space and r == 0:
            keys.append(box((x0 + 0.25 * (x1 - x0), ya, z0), (x0 + 0.7 * (x1 - x0), ya + ky, z1)))
            continue
        keys += [box((x0 + c * (kx + g), ya, z0), (x0 + c * (kx + g) + kx, ya + ky, z1)) for c in range(cols)]
    return merge(*keys)


def _keyboard(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    ch = 0.55 * h
    tb.add("case", box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, ch)), p["material_body"])
    m = 0.012
    if p["style"] == "slim":
        keys = _key_grid(-w / 2 + m, w / 2 - m, -d / 2 + m, d / 2 - m, ch - 0.001, h, 13, 5, True)
    else:
        split = w / 2 - m - 0.22 * w
        keys = _key_grid(-w / 2 + m, split - 0.015, -d / 2 + m, d / 2 - m, ch - 0.001, h, 12, 5, True)
        tb.add("numpad", _key_grid(split, w / 2 - m, -d / 2 + m, d / 2 - m - 0.2 * d, ch - 0.001, h, 4, 4, False),
               p["material_keys"], parent="case")
    tb.add("keys", keys, p["material_keys"], parent="case")


def _laptop(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    tbase, tl, z0, length = _laptop_dims(h, p["style"])
    s, c = math.sin(_TILT), math.cos(_TILT)
    y0 = d / 2 - length * s - tl * c  # the lid's lower front edge
    y_back = y0 + tl * c
    tb.add("base", box((-w / 2, -d / 2, 0.0), (w / 2, y_back, tbase)), p["material_body"])
    bd = y_back + d / 2
    m = 0.02
    keys = _key_grid(-w / 2 + m, w / 2 - m, y_back - 0.5 * bd, y_back - 0.04 * bd, tbase - 0.001, tbase + 0.001, 14, 6, True)
    tb.add("keys", keys, "plastic_black", parent="base")
    tb.add("touchpad", box((-0.16 * w, -d / 2 + 0.06 * bd, tbase - 0.001), (0.16 * w, -d / 2 + 0.36 * bd, tbase + 0.0005)),
           "screen_black", parent="base")
    up, back = np.array([0.0, s, c]), np.array([0.0, c, -s])
    origin = np.array([-w / 2, y0, z0])
    tb.add("lid", oriented_box(origin, (w, 0.0, 0.0), length * up, tl * back), p["material_body"], parent="base")
    bz = 0.012
    screen = oriented_box(origin + np.array([bz, 0.0, 0.0]) + bz * up - 0.001 * back, (w - 2 * bz, 0.0, 0.0),
                          (length - 2 * bz) * up, 0.002 * back)
    tb.add("screen", screen, "screen_black", parent="lid")
    hinge = origin + 0.5 * tl * back
    tb.joint(Joint("lid_hinge", "revolute", "base", "lid", tuple(float(v) for v in hinge), (-1.0, 0.0, 0.0),
                   lower=-(math.pi / 2 + _TILT) + 0.02, upper=0.35, friction=LID_HINGE_FRICTION))


def _tv(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    slim = p["style"] == "slim"
    pd = min(0.035 if slim else 0.06, 0.5 * d)
    zp = min(0.08, 0.15 * h)
    if slim:  # two blade feet near the ends
        for i, x in enumerate((-0.42 * w, 0.42 * w)):
            foot = merge(box((x - 0.015, -d / 2, 0.0), (x + 0.015, d / 2, 0.012)),
                         box((x - 0.012, -0.01, 0.01), (x + 0.012, 0.01, zp + 0.06)))
            tb.add(f"foot_{i}", foot, p["material_body"], parent="foot_0" if i else None)
        parent = "foot_0"
    else:  # centre pedestal
        stand = merge(box((-0.22 * w, -d / 2, 0.0), (0.22 * w, d / 2, 0.015)),
                      box((-0.05, pd / 2 - 0.012, 0.01), (0.05, pd / 2 + 0.012, zp + 0.08)))
        tb.add("stand", stand, p["material_body"])
        parent = "stand"
    _panel(tb, p, w / 2, -pd / 2, pd / 2, zp, h, 0.012 if slim else 0.03, parent)


def _wall_tv(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    slim = p["style"] == "slim"
    pd = (0.7 if slim else 0.5) * d
    tb.add("mount", box((-0.2 * w, -d / 2 + pd - 0.002, 0.3 * h), (0.2 * w, d / 2, 0.7 * h)), "black_metal")
    _panel(tb, p, w / 2, -d / 2, -d / 2 + pd, 0.0, h, 0.01 if slim else 0.03, "mount")


_BUILDERS: dict[str, Callable[[TreeBuilder, dict], None]] = {
    "monitor": _monitor,
    "keyboard": _keyboard,
    "laptop": _laptop,
    "tv": _tv,
    "wall_tv": _wall_tv,
}


def build(params: dict) -> PartTree:
    tb = TreeBuilder(params["category"], params)
    _BUILDERS[params["category"]](tb, params)
    return tb.build()
