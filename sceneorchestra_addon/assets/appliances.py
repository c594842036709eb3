"""Household appliances: fridge, oven (range), dishwasher, microwave, washing machine and dryer.

A body (a shell open at the front where a door closes it, or a solid block) carries doors that hang
``GAP`` in front of it; the handle tips are the object's front bound. Oven and dishwasher doors
hinge about a horizontal x axis at their bottom edge, the others about a vertical edge. Styles:
``classic`` (single-door fridge, range with a backguard, gas burners and a storage drawer, control
strip above the dishwasher door, keypad microwave, dial-and-button laundry controls) and ``modern``
(french-door fridge with a freezer drawer, flush glass-ceramic hob, fully integrated dishwasher
door, knob microwave, display-and-knob laundry controls).
"""

from __future__ import annotations

import numpy as np

from . import common
from .kitchen import GAP, bar_handle, open_box, tray
from .mesh import Mesh, TreeBuilder, box, cylinder, horizontal_cylinder, merge
from .parttree import Joint, PartTree, SupportSurface

STYLES = ("classic", "modern")

DOOR_OPEN = 1.75  # rad, side-hinged doors
FLAP_OPEN = 1.57  # rad, bottom-hinged doors (level when open)
OPEN_CLEARANCE = 0.5

_BODY = ("plastic_white", "brushed_steel", "black_metal", "steel")
_HANDLE = ("brushed_steel", "chrome", "plastic_black", "aluminium")
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "fridge": {"body": _BODY, "handle": _HANDLE},
    "oven": {"body": _BODY, "handle": _HANDLE, "hob": ("screen_black", "black_metal")},
    "dishwasher": {"body": _BODY, "handle": _HANDLE},
    "microwave": {"body": ("plastic_white", "black_metal", "brushed_steel", "plastic_black"), "handle": _HANDLE},
    "washing_machine": {"body": ("plastic_white", "aluminium", "black_metal"), "trim": ("chrome", "plastic_white", "plastic_black")},
    "dryer": {"body": ("plastic_white", "aluminium", "black_metal"), "trim": ("chrome", "plastic_white", "plastic_black")},
}


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    return common.base_params(rng, category, STYLES, _MATERIALS[category], overrides)


def _side_door(b: TreeBuilder, name: str, x0: float, x1: float, z0: float, z1: float, y_back: float, t: float,
               hinge_left: bool, material: str) -> float:
    """A door hinged about its outer vertical front edge; returns the plane of its front face."""
    y_face = y_back - t
    b.add(name, box((x0, y_face, z0), (x1, y_back, z1)), material, parent="body")
    axis = (0.0, 0.0, -1.0) if hinge_left else (0.0, 0.0, 1.0)
    origin = (x0 if hinge_left else x1, y_face, (z0 + z1) / 2)
    b.joint(Joint(f"{name}_hinge", "revolute", "body", name, origin, axis, 0.0, DOOR_OPEN))
    return y_face


def _flap_door(b: TreeBuilder, w: float, z0: float, z1: float, y_back: float, t: float, material: str) -> float:
    """A door hinged about the x axis at its bottom front edge (positive: top falls toward -Y)."""
    y_face = y_back - t
    b.add("door", box((-w / 2, y_face, z0), (w / 2, y_back, z1)), material, parent="body")
    b.joint(Joint("door_hinge", "revolute", "body", "door", (0.0, y_face, z0), (1.0, 0.0, 0.0), 0.0, FLAP_OPEN))
    return y_face


def _slide(b: TreeBuilder, name: str, mesh: Mesh, material: str, travel: float, depth: float) -> None:
    b.add(name, mesh, material, parent="body")
    b.joint(Joint(f"{name}_slide", "prismatic", "body", name, (0.0, 0.0, 0.0), (0.0, -1.0, 0.0), 0.0, min(travel, 0.8 * depth)))


def _knobs(points, y_face: float, r: float = 0.018, depth: float = 0.022) -> Mesh:
    """Round knobs at ``(x, z)`` points, standing ``depth`` in front of the plane ``y = y_face``."""
    return merge(*[horizontal_cylinder((x, y_face, z), (x, y_face - depth, z), r, 12) for x, z in points])


def _shelves(b: TreeBuilder, w: float, d: float, y0: float, t: float, floor: float, ceiling: float, pitch: float,
             first_surface: str) -> None:
    """Glass shelves between ``floor`` and ``ceiling`` of a shell, plus their support surfaces."""
    n = max(1, round((ceiling - floor) / pitch) - 1)
    step = (ceiling - floor) / (n + 1)
    rect = (-w / 2 + t, y0 + t, w / 2 - t, d / 2 - t - 0.01)
    tops = [floor + (i + 1) * step for i in range(n)]
    for i, z in enumerate(tops):
        b.add(f"shelf_{i}", box((rect[0], y0 + 0.03, z - 0.006), (rect[2], d / 2 - t, z)), "glass_clear", parent="body")
    b.surface(SupportSurface("inside_0", "inside", first_surface, floor, rect, tops[0] - 0.006 - floor))
    for i, z in enumerate(tops):
        above = tops[i + 1] - 0.006 if i + 1 < n else ceiling
        b.surface(SupportSurface(f"shelf_{i}", "shelf", f"shelf_{i}", z, rect, above - z))


def _fridge(b: TreeBuilder, p: dict, w: float, d: float, h: float) -> None:
    t, door_t, hd = 0.04, 0.05, 0.035
    yb0 = -d / 2 + hd + door_t + GAP
    body, handle = p["material_body"], p["material_handle"]
    if p["style"] == "classic":  # single door, hinged right, handle on the left
        b.add("body", open_box(-w / 2, w / 2, yb0, d / 2, 0.0, h, t), body)
        y_face = _side_door(b, "door", -w / 2, w / 2, 0.01, h - GAP, yb0 - GAP, door_t, False, body)
        b.add("handle_0", bar_handle(-w / 2 + 0.05, 0.55 * h, 0.4 * h, True, y_face, hd), handle, parent="door")
        _shelves(b, w, d, yb0, t, t, h - t, 0.38, "body")
        return
    split = 0.3 * h  # french doors over a freezer drawer
    divider = box((-w / 2 + t, yb0, split - t), (w / 2 - t, d / 2 - t, split))
    b.add("body", merge(open_box(-w / 2, w / 2, yb0, d / 2, 0.0, h, t), divider), body)
    # a door turning about its outer front edge pushes its inner back corner towards the middle by
    # up to door_t² / (2 L) (L: its width) before that corner swings clear: the meeting gap leaves
    # room for both, so the two doors can be opened together
    mid = GAP + 1.2 * door_t ** 2 / (w / 2)
    for i, (name, x0, x1) in enumerate((("door_left", -w / 2, -mid / 2), ("door_right", mid / 2, w / 2))):
        y_face = _side_door(b, name, x0, x1, split + GAP / 2, h - GAP, yb0 - GAP, door_t, i == 0, body)
        hx = x1 - 0.04 if i == 0 else x0 + 0.04
        b.add(f"handle_{i}", bar_handle(hx, split + 0.45 * (h - split), 0.35 * (h - split), True, y_face, hd), handle, parent=name)
    y_face = yb0 - GAP - door_t
    front = box((-w / 2, y_face, 0.01), (w / 2, yb0 - GAP, split - GAP / 2))
    y1 = d / 2 - t - GAP
    bin_ = tray(-w / 2 + t + GAP, w / 2 - t - GAP, yb0 - GAP, y1, t + GAP, split - t - GAP, 0.008)
    _slide(b, "drawer_0", merge(front, bin_), body, 0.7 * (y1 - yb0), d)
    b.add("handle_2", bar_handle(0.0, split - 0.06, 0.6 * w, False, y_face, hd), handle, parent="drawer_0")
    _shelves(b, w, d, yb0, t, split, h - t, 0.38, "body")


def _oven(b: TreeBuilder, p: dict, w: float, d: float, h: float) -> None:
    t, door_t, hd, plate = 0.03, 0.04, 0.035, 0.008
    yb0 = -d / 2 + hd + door_t + GAP
    classic = p["style"] == "classic"
    body, handle, hob = p["material_body"], p["material_handle"], p["material_hob"]
    zc = h - float(np.clip(h - 0.88, 0.04, 0.25)) if classic else h - 0.004  # hob surface
    base = 0.15 if classic else 0.06  # storage drawer or kick strip under the oven door
    door_top = zc - plate - (0.1 if classic else 0.08)
    lower = open_box(-w / 2, w / 2, yb0, d / 2, 0.0, base, t) if classic else box((-w / 2, yb0, 0.0), (w / 2, d / 2, base))
    cavity = open_box(-w / 2, w / 2, yb0, d / 2, base, door_top, t)
    controls = box((-w / 2, yb0, door_top), (w / 2, d / 2, zc - plate))
    b.add("body", merge(lower, cavity, controls), body)
    zr = (base + door_top) / 2
    b.add("rack", box((-w / 2 + t, yb0 + 0.03, zr - 0.004), (w / 2 - t, d / 2 - t, zr + 0.004)), "steel", parent="body")
    b.add("hob", box((-w / 2, yb0, zc - plate), (w / 2, d / 2, zc)), hob, parent="body")
    back = d / 2 - (0.05 if classic else 0.0)
    cols = 3 if w >= 0.75 else 2
    xs = [float(x) for x in np.linspace(-w / 2, w / 2, 2 * cols + 1)[1::2]]
    ys = [yb0 + (back - yb0) * f for f in (0.3, 0.7)]
    if classic:
        burners = [cylinder((x, y), 0.04, zc, zc + 0.02, 12) for x in xs for y in ys]
        # one continuous cast-iron grate over the burners: pots stand flat on it
        grate = box((-w / 2 + 0.02, yb0 + 0.02, zc + 0.02), (w / 2 - 0.02, back - 0.02, zc + 0.028))
        b.add("burners", merge(*burners), "brushed_steel", parent="hob")
        b.add("grates", grate, "black_metal", parent="hob")
        b.add("backguard", box((-w / 2, back, zc), (w / 2, d / 2, h)), body, parent="body")
    else:
        b.add("burners", merge(*[cylinder((x, y), 0.085, zc, h, 16) for x in xs for y in ys]), "aluminium", parent="hob")
    kz = (door_top + zc - plate) / 2
    knobs = _knobs([(float(x), kz) for x in np.linspace(-w / 2 + 0.08, w / 2 - 0.08, 2 * cols)], yb0)
    b.add("knobs", knobs, "black_metal" if classic else "steel", parent="body")
    y_face = _flap_door(b, w, base + GAP / 2, door_top - GAP / 2, yb0 - GAP, door_t, body)
    window = box((-w / 2 + 0.08, y_face - 0.002, base + 0.08), (w / 2 - 0.08, y_face, door_top - 0.1))
    b.add("door_window", window, "screen_black", parent="door")
    b.add("handle_0", bar_handle(0.0, door_top - 0.05, 0.8 * w, False, y_face, hd), p["material_handle"], parent="door")
    if classic:
        y_in = d / 2 - t - GAP
        bin_ = tray(-w / 2 + t + GAP, w / 2 - t - GAP, yb0 - GAP, y_in, t + GAP, base - t - GAP, 0.008)
        front = box((-w / 2, y_face, GAP), (w / 2, yb0 - GAP, base - GAP / 2))
        _slide(b, "drawer_0", merge(front, bin_), body, 0.7 * (y_in - yb0), d)
        b.add("handle_1", bar_handle(0.0, base / 2, 0.5 * w, False, y_face, hd), handle, parent="drawer_0")
    rect = (-w / 2 + 0.02, yb0 + 0.02, w / 2 - 0.02, back - 0.02)
    pan_z = zc + 0.028 if classic else h  # pots stand on the grates (classic) or the cooking zones (modern)
    b.surface(SupportSurface("top", "top", "hob", pan_z, rect, OPEN_CLEARANCE))


def _dishwasher(b: TreeBuilder, p: dict, w: float, d: float, h: float) -> None:
    t, door_t, hd, kick = 0.02, 0.04, 0.03, 0.1
    yb0 = -d / 2 + hd + door_t + GAP
    classic = p["style"] == "classic"
    top = h - 0.1 if classic else h  # a classic control strip sits above the door
    parts = [box((-w / 2, yb0 + 0.04, 0.0), (w / 2, d / 2, kick)), open_box(-w / 2, w / 2, yb0, d / 2, kick, top, t)]
    if classic:
        parts.append(box((-w / 2, yb0, top), (w / 2, d / 2, h)))
    b.add("body", merge(*parts), p["material_body"])
    y_face = _flap_door(b, w, kick + GAP, top - GAP, yb0 - GAP, door_t, p["material_body"])
    if classic:
        buttons = [box((x - 0.012, yb0 - 0.006, h - 0.055), (x + 0.012, yb0, h - 0.045)) for x in np.linspace(0.0, w / 2 - 0.06, 4)]
        b.add("controls", merge(*buttons), "plastic_black", parent="body")
    else:
        b.add("display", box((-0.1, y_face - 0.002, top - 0.04), (0.1, y_face, top - 0.015)), "screen_black", parent="door")
    b.add("handle_0", bar_handle(0.0, top - 0.07, 0.5 * w, False, y_face, hd), p["material_handle"], parent="door")
    x0, x1, y0, y1 = -w / 2 + t + GAP, w / 2 - t - GAP, yb0 + 0.005, d / 2 - t - GAP
    z0, z1 = kick + t, top - t
    for name, lo, hi in (("rack_lower", z0 + 0.03, z0 + 0.18), ("rack_upper", (z0 + z1) / 2 + 0.02, (z0 + z1) / 2 + 0.12)):
        _slide(b, name, tray(x0, x1, y0, y1, lo, hi, 0.006), "steel", 0.75 * (y1 - y0), d)


def _microwave(b: TreeBuilder, p: dict, w: float, d: float, h: float) -> None:
    t, door_t, hd, foot = 0.015, 0.03, 0.025, 0.01
    yb0 = -d / 2 + hd + door_t + GAP
    panel = float(np.clip(0.25 * w, 0.1, 0.14))
    xp = w / 2 - panel
    b.add("body", merge(open_box(-w / 2, xp, yb0, d / 2, foot, h, t), box((xp, yb0, foot), (w / 2, d / 2, h))), p["material_body"])
    feet = [cylinder((x, y), 0.015, 0.0, foot, 8) for x in (-w / 2 + 0.04, w / 2 - 0.04) for y in (yb0 + 0.04, d / 2 - 0.04)]
    b.add("feet", merge(*feet), "rubber_black", parent="body")
    y_face = _side_door(b, "door", -w / 2, xp - GAP, foot + GAP, h - GAP, yb0 - GAP, door_t, True, p["material_body"])
    window = box((-w / 2 + 0.04, y_face - 0.002, foot + 0.04), (xp - 0.07, y_face, h - 0.04))
    b.add("door_window", window, "screen_black", parent="door")
    b.add("handle_0", bar_handle(xp - 0.035, (foot + h) / 2, 0.6 * (h - foot), True, y_face, hd), p["material_handle"], parent="door")
    cx = w / 2 - panel / 2
    if p["style"] == "classic":
        keys = [box((cx + dx - 0.012, yb0 - 0.004, z - 0.008), (cx + dx + 0.012, yb0, z + 0.008))
                for dx in (-0.03, 0.0, 0.03) for z in np.linspace(foot + 0.06, h - 0.1, 4)]
        b.add("controls", merge(*keys), "plastic_black", parent="body")
    else:
        b.add("controls", _knobs([(cx, h - 0.07), (cx, foot + 0.07)], yb0, 0.02, 0.015), p["material_handle"], parent="body")
    r = min(xp + w / 2 - 2 * t, d / 2 - yb0 - t) / 2 - 0.02
    plate = cylinder(((xp - w / 2) / 2, (yb0 + d / 2 - t) / 2), r, foot + t, foot + t + 0.006, 16)
    b.add("turntable", plate, "glass_clear", parent="body")


def _laundry(b: TreeBuilder, p: dict, w: float, d: float, h: float, dryer: bool) -> None:
    door_t, bulge, hd = 0.045, 0.015, 0.02
    yb0 = -d / 2 + GAP + door_t + hd
    strip = 0.12
    b.add("body", box((-w / 2, yb0, 0.0), (w / 2, d / 2, h)), p["material_body"])
    r = min(0.24 if dryer else 0.22, (0.38 if dryer else 0.36) * w, (h - strip - 0.1) / 2)
    cz = min(0.5 * (h - strip) + (0.03 if dryer else 0.0), h - strip - r - 0.03)
    b.add("drum", horizontal_cylinder((0.0, yb0, cz), (0.0, yb0 - 0.001, cz), 0.8 * r, 16), "steel", parent="body")
    if dryer:  # the lint-filter flap under the door
        b.add("filter_flap", box((-w / 2 + 0.05, yb0 - 0.001, 0.02), (w / 2 - 0.05, yb0, 0.045)), p["material_trim"], parent="body")
    b.add("control_panel", box((-w / 2 + 0.01, yb0 - 0.005, h - strip), (w / 2 - 0.01, yb0, h - 0.01)), p["material_trim"], parent="body")
    zc = h - strip / 2 - 0.005
    if p["style"] == "classic":
        buttons = [box((x - 0.012, yb0 - 0.01, zc - 0.008), (x + 0.012, yb0 - 0.005, zc + 0.008)) for x in np.linspace(-0.05, 0.05, 3)]
        b.add("controls", merge(_knobs([(w / 2 - 0.1, zc)], yb0 - 0.005, 0.035, 0.018), *buttons), "plastic_white", parent="control_panel")
    else:
        screen = box((-0.08, yb0 - 0.008, zc - 0.025), (0.06, yb0 - 0.005, zc + 0.025))
        b.add("controls", merge(_knobs([(w / 2 - 0.1, zc)], yb0 - 0.005, 0.03, 0.015), screen), "screen_black", parent="control_panel")
    y_back = yb0 - GAP
    y_face = y_back - door_t
    b.add("door", horizontal_cylinder((0.0, y_back, cz), (0.0, y_face, cz), r, 16), p["material_trim"], parent="body")
    b.add("door_glass", horizontal_cylinder((0.0, y_face, cz), (0.0, y_face - bulge, cz), 0.68 * r, 16), "glass_clear", parent="door")
    b.add("handle_0", box((0.72 * r, y_face - hd, cz - 0.05), (0.92 * r, y_face, cz + 0.05)), "plastic_black", parent="door")
    b.joint(Joint("door_hinge", "revolute", "body", "door", (-r, y_face, cz), (0.0, 0.0, -1.0), 0.0, DOOR_OPEN))
    b.surface(SupportSurface("top", "top", "body", h, (-w / 2 + 0.02, yb0 + 0.02, w / 2 - 0.02, d / 2 - 0.02), OPEN_CLEARANCE))


def build(params: dict) -> PartTree:
    category = params["category"]
    w, d, h = common.dims(params)
    b = TreeBuilder(category, params)
    if category == "fridge":
        _fridge(b, params, w, d, h)
    elif category == "oven":
        _oven(b, params, w, d, h)
    elif category == "dishwasher":
        _dishwasher(b, params, w, d, h)
    elif category == "microwave":
        _microwave(b, params, w, d, h)
    else:
        _laundry(b, params, w, d, h, category == "dryer")
    return b.build()
