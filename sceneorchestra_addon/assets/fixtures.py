"""Fixtures hung on walls and ceilings: wall lights, ceiling fans, projectors, radiators, air
conditioners, curtains, coat hooks, toilet-roll holders, mirrored bathroom cabinets, range hoods,
spice racks, pegboards, bulletin boards and dartboards.

Wall pieces have their back at ``y = +depth/2``; ceiling pieces their top at ``z = height``. Pieces
are sketched at their sampled size and fitted exactly onto it (``mesh.FitBuilder``).

Styles: ``classic`` (an arm sconce with an upturned shade, a five-blade fan with a light bowl, a
column radiator, pleated curtains tied back, a wooden peg board, a chimney hood, a framed mirror
door, a wooden spice rack with rails) and ``modern`` (an up-and-down cylinder sconce, a three-blade
flush fan, a flat panel radiator, straight sheer panels, a metal hook rail, a slab hood with a glass
visor, a frameless double mirror door, wire shelves).
"""

from __future__ import annotations

import math

import numpy as np

from . import common
from .gym import annulus_y, extrude_x, loft, x_cylinder, y_cylinder
from .mesh import FitBuilder, Mesh, box, cylinder, frustum, merge, transform, uv_sphere
from .parttree import Joint, PartTree, SupportSurface
from .tableware import lathe

STYLES = ("classic", "modern")

DOOR_OPEN = 1.75  # rad
_METAL = ("brass", "black_metal", "chrome", "brushed_steel")
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "wall_light": {"body": _METAL, "shade": ("linen_beige", "cotton_white", "glass_frosted", "paper_white", "black_metal")},
    "ceiling_fan": {"body": ("plastic_white", "brushed_steel", "black_metal", "brass"), "blade": ("walnut", "oak", "painted_white", "mdf_black")},
    "projector": {"body": ("plastic_white", "plastic_black", "painted_grey"), "mount": ("black_metal", "steel", "plastic_white")},
    "radiator": {"body": ("painted_white", "painted_grey", "mdf_black", "chrome"), "valve": ("chrome", "brass", "plastic_white")},
    "air_conditioner": {"body": ("plastic_white", "painted_grey", "plastic_black"), "trim": ("plastic_white", "screen_black", "aluminium")},
    "curtains": {
        "cloth": ("linen_beige", "cotton_white", "fabric_grey", "fabric_blue", "velvet_mustard", "fabric_green", "fabric_red"),
        "rod": ("brass", "black_metal", "chrome", "walnut"),
    },
    "coat_hooks": {"board": ("oak", "walnut", "painted_white", "pine", "black_metal"), "hook": ("brass", "black_metal", "chrome", "walnut")},
    "toilet_paper_holder": {"body": ("chrome", "brushed_steel", "black_metal", "brass")},
    "bathroom_cabinet": {"body": ("painted_white", "plastic_white", "oak", "painted_grey", "aluminium"), "handle": ("chrome", "brushed_steel", "black_metal")},
    "range_hood": {"body": ("brushed_steel", "steel", "painted_white", "black_metal"), "accent": ("glass_clear", "black_metal", "aluminium")},
    "spice_rack": {"body": ("oak", "pine", "walnut", "birch", "painted_white", "black_metal"), "accent": ("steel", "brass", "black_metal")},
    "pegboard": {
        "board": ("cork", "painted_grey", "painted_blue", "painted_white", "pine"),
        "tool": ("plastic_red", "plastic_yellow", "steel", "plastic_black"),
    },
    "bulletin_board": {"frame": ("oak", "pine", "aluminium", "black_metal", "walnut")},
    "dartboard": {"frame": ("walnut", "oak", "mdf_black", "rubber_black")},
}


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    p = common.base_params(rng, category, STYLES, _MATERIALS[category], overrides)
    if category == "ceiling_fan" and "depth_m" not in overrides:
        p["depth_m"] = p["width_m"]
    if category == "dartboard" and "height_m" not in overrides:
        p["height_m"] = p["width_m"]
    return p


def build(params: dict) -> PartTree:
    return common.fitted_build(params, _BUILDERS)


def _disc(x: float, z: float, r: float, y0: float, y1: float, segments: int = 24) -> Mesh:
    """A disc facing the front (-Y), from ``y0`` to ``y1``."""
    return y_cylinder(y0, y1, x, z, r, segments)


# --- lights, fans, projectors ------------------------------------------------------------------------


def _wall_light(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, shade = p["material_body"], p["material_shade"]
    yb = d / 2
    if p["style"] == "classic":  # a back plate, an arm reaching out, an upturned shade
        tb.add("plate", _disc(0.0, 0.35 * h, min(0.05, 0.3 * w), yb - 0.015, yb, 16), body)
        r = w / 2
        yc = -d / 2 + r * 0.9 if d > 1.8 * r else 0.0
        arm = merge(box((-0.008, yc, 0.3 * h), (0.008, yb - 0.015, 0.3 * h + 0.016)), cylinder((0.0, yc), 0.008, 0.3 * h, 0.5 * h, 8))
        tb.add("arm", arm, body, "plate")
        tb.add("shade", lathe_tube(0.45 * r, r, 0.5 * h, h, yc), shade, "arm")
        tb.add("bulb", uv_sphere((0.0, yc, 0.62 * h), min(0.025, 0.3 * r), 4, 8), "emissive_warm", "shade")
        return
    # a cylinder with light spilling up and down
    r = min(w / 2, 0.4 * d)
    tb.add("plate", box((-0.03, yb - 0.012, 0.3 * h), (0.03, yb, 0.7 * h)), body)
    tb.add("arm", box((-0.01, yb - d + 2 * r - 0.005, 0.45 * h), (0.01, yb - 0.012, 0.55 * h)), body, "plate")
    tb.add("shade", cylinder((0.0, yb - d + r), r, 0.0, h, 16), shade if shade != "glass_frosted" else body, "arm")
    tb.add("bulb", cylinder((0.0, yb - d + r), 0.7 * r, h * 0.45, h * 0.55, 12), "emissive_warm", "shade")


def lathe_tube(r0: float, r1: float, z0: float, z1: float, yc: float) -> Mesh:
    """A thin open cone (a lamp shade) widening from ``r0`` at ``z0`` to ``r1`` at ``z1``."""
    t = min(0.004, 0.05 * r1)
    return lathe([(r0, z0), (r1, z1), (r1 - t, z1), (r0 - t, z0 + t)], center=(0.0, yc), loop=True, segments=16)


def _ceiling_fan(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, blade = p["material_body"], p["material_blade"]
    classic = p["style"] == "classic"
    tb.add("canopy", frustum((0.0, 0.0), 0.05, 0.075, h - 0.05, h, 16), body)
    zm = 0.45 * h if classic else 0.25 * h  # motor housing height
    tb.add("downrod", cylinder((0.0, 0.0), 0.012, zm + 0.08, h - 0.05, 8), body, "canopy")
    tb.add("motor", merge(frustum((0.0, 0.0), 0.12, 0.09, zm, zm + 0.08, 16), frustum((0.0, 0.0), 0.09, 0.12, zm - 0.05, zm, 16)), body, "downrod")
    n = 5 if classic else 3
    r = w / 2
    for k in range(n):
        a = 360.0 * k / n
        bl = box((0.14, -0.065, zm - 0.012), (r * 0.98, 0.065, zm - 0.004))
        iron = box((0.06, -0.015, zm - 0.02), (0.2, 0.015, zm - 0.004))
        tb.add(f"blade_{k}", transform(merge(bl, iron), a), blade, "motor")
    if classic:  # a light bowl under the motor
        tb.add("light", merge(cylinder((0.0, 0.0), 0.03, zm - 0.12, zm - 0.05, 8), uv_sphere((0.0, 0.0, 0.09), 0.09, 5, 12)), "glass_frosted", "motor")
    else:
        tb.add("light", cylinder((0.0, 0.0), 0.08, zm - 0.07, zm - 0.05, 16), "glass_frosted", "motor")


def _projector(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, mount = p["material_body"], p["material_mount"]
    bh = min(0.14, 0.45 * h)
    tb.add("mount_plate", box((-0.08, -0.08, h - 0.015), (0.08, 0.08, h)), mount)
    tb.add("mount_pole", cylinder((0.0, 0.0), 0.015, bh + 0.02, h - 0.015, 8), mount, "mount_plate")
    tb.add("cradle", box((-0.06, -0.06, bh), (0.06, 0.06, bh + 0.02)), mount, "mount_pole")
    if p["style"] == "classic":
        tb.add("body", box((-w / 2, -d / 2 + 0.02, 0.0), (w / 2, d / 2, bh)), body, "cradle")
        tb.add("lens", y_cylinder(-d / 2, -d / 2 + 0.02, -0.25 * w, bh / 2, min(0.04, 0.4 * bh), 16), "screen_black", "body")
        tb.add(
            "vents",
            merge(*[box((0.1 * w + k * 0.03, -d / 2 + 0.018, 0.3 * bh), (0.1 * w + k * 0.03 + 0.012, -d / 2 + 0.02, 0.7 * bh)) for k in range(4)]),
            "plastic_black",
            "body",
        )
    else:
        prof = [(-d / 2 + 0.02, 0.15 * bh), (d / 2, 0.0), (d / 2, bh), (-d / 2 + 0.02, 0.85 * bh)]
        tb.add("body", extrude_x(prof, -w / 2, w / 2), body, "cradle")
        tb.add("lens", y_cylinder(-d / 2, -d / 2 + 0.021, 0.0, bh / 2, min(0.035, 0.3 * bh), 16), "screen_black", "body")


# --- heating, cooling, windows -----------------------------------------------------------------------


def _radiator(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, valve = p["material_body"], p["material_valve"]
    yb = d / 2
    tb.add("brackets", merge(*[box((sx * 0.3 * w - 0.02, yb - 0.02, 0.6 * h), (sx * 0.3 * w + 0.02, yb, 0.7 * h)) for sx in (-1, 1)]), "steel")
    y0 = -d / 2
    if p["style"] == "classic":  # cast columns between two headers
        n = max(3, int(w / 0.065))
        pitch = (w - 0.04) / n
        cols = [box((-w / 2 + 0.02 + k * pitch + 0.008, y0, 0.06), (-w / 2 + 0.02 + (k + 1) * pitch - 0.008, yb - 0.02, h - 0.04)) for k in range(n)]
        headers = [box((-w / 2 + 0.02, y0 + 0.01, z0), (w / 2 - 0.02, yb - 0.03, z1)) for z0, z1 in ((0.08, 0.13), (h - 0.1, h - 0.05))]
        feet = [box((sx * (w / 2 - 0.04) - 0.02, y0 + 0.01, 0.0), (sx * (w / 2 - 0.04) + 0.02, yb - 0.03, 0.06)) for sx in (-1, 1)]
        tb.add("body", merge(*cols, *headers, *feet), body, "brackets")
    else:  # a flat panel with a ribbed face and a top grille
        tb.add("body", box((-w / 2 + 0.02, y0 + 0.004, 0.0), (w / 2 - 0.02, yb - 0.02, h)), body, "brackets")
        ribs = [box((-w / 2 + 0.03, y0, z), (w / 2 - 0.03, y0 + 0.004, z + 0.012)) for z in np.linspace(0.04, h - 0.06, max(3, int(h / 0.06)))]
        tb.add("ribs", merge(*ribs), body, "body")
    tb.add(
        "valve",
        merge(cylinder((-w / 2 + 0.012, (y0 + yb) / 2 - 0.01), 0.012, 0.02, 0.1, 10), x_cylinder(-w / 2, -w / 2 + 0.02, (y0 + yb) / 2 - 0.01, 0.1, 0.02, 10)),
        valve,
        "body",
    )


def _air_conditioner(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, trim = p["material_body"], p["material_trim"]
    yb = d / 2
    if p["style"] == "classic":
        prof = [(-d / 2 + 0.03, 0.0), (yb, 0.0), (yb, h), (-d / 2 + 0.05, h), (-d / 2, 0.75 * h), (-d / 2, 0.25 * h)]
    else:
        prof = [(-d / 2 + 0.02, 0.0), (yb, 0.0), (yb, h), (-d / 2, h), (-d / 2, 0.12 * h)]
    tb.add("body", extrude_x(prof, -w / 2, w / 2), body)
    tb.add("flap", box((-w / 2 + 0.05, -d / 2 + 0.02, 0.005), (w / 2 - 0.05, -d / 2 + 0.06, 0.02)), trim, "body")
    tb.add("grille", merge(*[box((-w / 2 + 0.04, y, h - 0.003), (w / 2 - 0.04, y + 0.006, h)) for y in np.linspace(-d / 2 + 0.06, yb - 0.04, 5)]), trim, "body")
    tb.add("display", box((w / 2 - 0.16, -d / 2 - 0.003, 0.5 * h), (w / 2 - 0.08, -d / 2, 0.62 * h)), "screen_black", "body")


def _curtains(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    cloth, rod = p["material_cloth"], p["material_rod"]
    classic = p["style"] == "classic"
    yr = -d / 2 + 0.03  # the rod's axis
    zr = h - 0.03
    tb.add(
        "rod",
        merge(
            x_cylinder(-w / 2 + 0.04, w / 2 - 0.04, yr, zr, 0.012),
            uv_sphere((-w / 2 + 0.03, yr, zr), 0.03, 5, 10),
            uv_sphere((w / 2 - 0.03, yr, zr), 0.03, 5, 10),
        ),
        rod,
    )
    tb.add("brackets", merge(*[box((sx * (w / 2 - 0.12) - 0.01, yr, zr - 0.01), (sx * (w / 2 - 0.12) + 0.01, d / 2, zr + 0.01)) for sx in (-1, 1)]), rod, "rod")
    pw = (0.28 if classic else 0.48) * w  # each panel's width as hung
    for i, sx in enumerate((-1, 1)):
        x0, x1 = (-w / 2 + 0.06, -w / 2 + 0.06 + pw) if sx < 0 else (w / 2 - 0.06 - pw, w / 2 - 0.06)
        n = max(3, int(pw / (0.09 if classic else 0.12)))
        pitch = (x1 - x0) / n
        r = pitch / 2
        zb = 0.0
        folds = []
        for k in range(n):
            cx = x0 + r + k * pitch
            if classic:  # pleats gathered at the tie-back
                folds.append(frustum((cx, yr), r, r * 0.999, zb + 0.005, zr - 0.03, 8))
            else:
                folds.append(cylinder((cx, yr + (0.01 if k % 2 else -0.01)), r * 1.02, zb + 0.02, zr - 0.03, 8))
        tb.add(f"panel_{i}", merge(*folds), cloth, "rod")
        if classic:
            tie = box((x0 - 0.01, yr - r - 0.012, 0.4 * h), (x1 + 0.01, yr + r + 0.002, 0.43 * h))
            tb.add(f"tieback_{i}", tie, p["material_rod"] if p["material_rod"] != "walnut" else "linen_beige", f"panel_{i}")


# --- hooks, holders, cabinets ------------------------------------------------------------------------


def _coat_hooks(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    board, hook = p["material_board"], p["material_hook"]
    yb = d / 2
    n = int(np.clip(round(w / 0.15), 2, 8))
    xs = np.linspace(-w / 2 + 0.07, w / 2 - 0.07, n)
    if p["style"] == "classic":  # a board with rising pegs
        bt = min(0.02, 0.4 * d)
        tb.add("board", box((-w / 2, yb - bt, 0.0), (w / 2, yb, h)), board)
        pegs = [
            merge(box((x - 0.01, -d / 2 + 0.012, 0.4 * h), (x + 0.01, yb - bt, 0.4 * h + 0.02)), uv_sphere((x, -d / 2 + 0.012, 0.4 * h + 0.01), 0.012, 4, 8))
            for x in xs
        ]
        tb.add("hooks", merge(*pegs), hook, "board")
        return
    # a metal rail with double J hooks
    tb.add("board", box((-w / 2, yb - 0.012, 0.55 * h), (w / 2, yb, h)), board)
    hooks = [
        merge(
            box((x - 0.006, -d / 2 + 0.008, 0.6 * h), (x + 0.006, yb - 0.012, 0.6 * h + 0.012)),
            box((x - 0.006, -d / 2, 0.0), (x + 0.006, -d / 2 + 0.008, 0.6 * h + 0.012)),
            box((x - 0.006, -d / 2 + 0.008, 0.0), (x + 0.006, -d / 2 + 0.03, 0.012)),
        )
        for x in xs
    ]
    tb.add("hooks", merge(*hooks), hook, "board")


def _toilet_paper_holder(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body = p["material_body"]
    yb = d / 2
    r = min(0.055, 0.48 * h, 0.45 * d)
    yc = yb - 0.02 - r
    zc = h - r
    tb.add("plate", box((-w / 2, yb - 0.01, zc - 0.03), (-w / 2 + 0.03, yb, zc + 0.03)), body)
    tb.add("arm", x_cylinder(-w / 2 + 0.03, w / 2 - 0.01, yc, zc, 0.008), body, "plate")
    tb.add("roll", x_cylinder(-w / 2 + 0.04, -w / 2 + 0.04 + min(0.11, w - 0.06), yc, zc, r), "paper_white", "arm")
    if p["style"] == "classic":
        tb.add("sheet", box((-w / 2 + 0.045, yc - r, 0.0), (-w / 2 + 0.035 + min(0.11, w - 0.06), yc - r + 0.002, zc)), "paper_white", "roll")
    else:  # a hood over the roll
        tb.add("hood", box((-w / 2 + 0.03, -d / 2, h - 0.005), (w / 2, yb - 0.01, h + 0.003)), body, "plate")
        tb.add("sheet", box((-w / 2 + 0.045, yc - r, zc - 0.6 * r), (-w / 2 + 0.035 + min(0.11, w - 0.06), yc - r + 0.002, zc)), "paper_white", "roll")


def _bathroom_cabinet(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, handle = p["material_body"], p["material_handle"]
    classic = p["style"] == "classic"
    t, door_t = 0.015, 0.02
    yf = -d / 2 + door_t + 0.002 + (0.012 if classic else 0.0)
    yb = d / 2
    tb.add(
        "carcass",
        merge(
            box((-w / 2, yf, 0.0), (w / 2, yb, t)),
            box((-w / 2, yf, h - t), (w / 2, yb, h)),
            box((-w / 2, yf, t), (-w / 2 + t, yb, h - t)),
            box((w / 2 - t, yf, t), (w / 2, yb, h - t)),
            box((-w / 2 + t, yb - 0.006, t), (w / 2 - t, yb, h - t)),
        ),
        body,
    )
    zs = h / 2
    tb.add("shelf_0", box((-w / 2 + t, yf + 0.01, zs - 0.008), (w / 2 - t, yb - 0.006, zs)), "glass_clear", "carcass")
    rect = (-w / 2 + t + 0.005, yf + 0.01, w / 2 - t - 0.005, yb - 0.01)
    tb.surface(SupportSurface("inside_0", "inside", "carcass", t, rect, zs - 0.008 - t))
    tb.surface(SupportSurface("inside_1", "inside", "shelf_0", zs, rect, h - t - zs))
    y_back = yf - 0.002
    leaves = [("door_0", -w / 2, w / 2, True)] if (classic or w < 0.6) else [("door_0", -w / 2, -0.0015, True), ("door_1", 0.0015, w / 2, False)]
    for name, x0, x1, left in leaves:
        y_face = y_back - door_t
        if classic:
            door = merge(
                box((x0, y_face, 0.002), (x1, y_back, 0.045)),
                box((x0, y_face, h - 0.045), (x1, y_back, h - 0.002)),
                box((x0, y_face, 0.045), (x0 + 0.04, y_back, h - 0.045)),
                box((x1 - 0.04, y_face, 0.045), (x1, y_back, h - 0.045)),
                box((x0 + 0.04, y_face + 0.012, 0.045), (x1 - 0.04, y_back, h - 0.045)),
            )
            tb.add(name, door, body, "carcass")
            tb.add(f"mirror_{name[-1]}", box((x0 + 0.04, y_face + 0.008, 0.045), (x1 - 0.04, y_face + 0.012, h - 0.045)), "mirror", name)
            hx = x1 - 0.02 if left else x0 + 0.02
            tb.add(f"handle_{name[-1]}", uv_sphere((hx, y_face - 0.012 + 0.0, h / 2), 0.012, 4, 8), handle, name)
        else:
            tb.add(name, box((x0, y_face, 0.002), (x1, y_back, h - 0.002)), body, "carcass")
            tb.add(f"mirror_{name[-1]}", box((x0, y_face - 0.004, 0.002), (x1, y_face, h - 0.002)), "mirror", name)
        axis = (0.0, 0.0, -1.0) if left else (0.0, 0.0, 1.0)
        tb.joint(Joint(f"{name}_hinge", "revolute", "carcass", name, (x0 if left else x1, y_face, h / 2), axis, 0.0, DOOR_OPEN))


# --- kitchen ---------------------------------------------------------------------------------------


def _range_hood(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, accent = p["material_body"], p["material_accent"]
    yb = d / 2
    if p["style"] == "classic":  # a sloped canopy under a chimney
        zc = min(0.3, 0.45 * h)
        tb.add(
            "canopy",
            merge(
                box((-w / 2, -d / 2, 0.0), (w / 2, yb, 0.06)),
                loft(
                    [(-w / 2, -d / 2, 0.06), (w / 2, -d / 2, 0.06), (w / 2, yb, 0.06), (-w / 2, yb, 0.06)],
                    [(-0.2 * w, yb - 0.3 * d, zc), (0.2 * w, yb - 0.3 * d, zc), (0.2 * w, yb, zc), (-0.2 * w, yb, zc)],
                ),
            ),
            body,
        )
        tb.add("chimney", box((-0.18 * w, yb - 0.28 * d, zc), (0.18 * w, yb, h)), body, "canopy")
    else:  # a slab with a glass visor, a flat chimney
        zs = min(0.08, 0.3 * h)
        tb.add("canopy", box((-w / 2, -d / 2 + 0.05, 0.0), (w / 2, yb, zs)), body)
        tb.add("visor", box((-w / 2 + 0.01, -d / 2, 0.0), (w / 2 - 0.01, -d / 2 + 0.05, zs)), accent, "canopy")
        tb.add("chimney", box((-0.15 * w, yb - 0.25 * d, zs), (0.15 * w, yb, h)), body, "canopy")
    tb.add("filter", box((-w / 2 + 0.05, -d / 2 + 0.1, -0.004), (w / 2 - 0.05, yb - 0.05, 0.0)), "aluminium", "canopy")
    tb.add("lights", merge(*[cylinder((sx * 0.25 * w, 0.0), 0.025, -0.006, -0.004, 10) for sx in (-1, 1)]), "emissive_warm", "canopy")
    tb.add(
        "controls",
        merge(*[box((x - 0.012, -d / 2 - 0.003, 0.015), (x + 0.012, -d / 2, 0.03)) for x in (0.2 * w, 0.25 * w, 0.3 * w)]),
        "plastic_black",
        "canopy",
    )


def _spice_rack(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, accent = p["material_body"], p["material_accent"]
    classic = p["style"] == "classic"
    yb = d / 2
    n = int(np.clip(round(h / 0.21), 1, 4))
    t = 0.012 if classic else 0.004
    if classic:
        tb.add(
            "frame",
            merge(
                box((-w / 2, -d / 2, 0.0), (-w / 2 + t, yb, h)),
                box((w / 2 - t, -d / 2, 0.0), (w / 2, yb, h)),
                box((-w / 2 + t, yb - 0.006, 0.0), (w / 2 - t, yb, h)),
            ),
            body,
        )
    else:
        tb.add(
            "frame",
            merge(
                box((-w / 2, yb - 0.01, 0.0), (-w / 2 + 0.01, yb, h)),
                box((w / 2 - 0.01, yb - 0.01, 0.0), (w / 2, yb, h)),
                box((-w / 2 + 0.01, yb - 0.005, h - 0.015), (w / 2 - 0.01, yb, h)),
            ),
            body,
        )
    pitch = h / n
    for k in range(n):
        z = k * pitch
        xi = w / 2 - (t if classic else 0.01)
        tb.add(f"shelf_{k}", box((-xi, -d / 2, z), (xi, yb - 0.006, z + 0.012)), body if classic else accent, "frame")
        rail_z = z + 0.012 + min(0.05, 0.35 * pitch)
        tb.add(f"rail_{k}", x_cylinder(-xi, xi, -d / 2 + 0.006, rail_z, 0.004, 8), accent, f"shelf_{k}")
        top = (k + 1) * pitch if k + 1 < n else h + 0.15
        tb.surface(SupportSurface(f"shelf_{k}", "shelf", f"shelf_{k}", z + 0.012, (-xi + 0.005, -d / 2 + 0.015, xi - 0.005, yb - 0.01), top - z - 0.012))


# --- boards ------------------------------------------------------------------------------------------


def _pegboard(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    board, tool = p["material_board"], p["material_tool"]
    yb = d / 2
    bt = min(0.012, 0.3 * d)
    tb.add("board", box((-w / 2, yb - bt, 0.0), (w / 2, yb, h)), board)
    step = 0.1 if p["style"] == "classic" else 0.075
    holes = [
        box((x - 0.004, yb - bt - 0.001, z - 0.004), (x + 0.004, yb - bt, z + 0.004))
        for x in np.arange(-w / 2 + step / 2, w / 2 - 0.01, step)
        for z in np.arange(step / 2, h - 0.01, step)
    ]
    tb.add("holes", merge(*holes), "plastic_black", "board")
    yt = yb - bt
    front = -d / 2
    tools = [
        merge(
            box((-0.32 * w, yt - 0.04, 0.45 * h), (-0.32 * w + 0.025, yt - 0.015, 0.85 * h)),
            box((-0.32 * w - 0.04, yt - 0.04, 0.82 * h), (-0.32 * w + 0.065, yt - 0.015, 0.88 * h)),
        ),
        merge(
            box((-0.08 * w, yt - 0.03, 0.35 * h), (-0.08 * w + 0.02, yt - 0.01, 0.8 * h)),
            box((-0.08 * w - 0.015, yt - 0.03, 0.76 * h), (-0.08 * w + 0.035, yt - 0.01, 0.84 * h)),
        ),
        merge(
            box((0.12 * w, yt - 0.02, 0.3 * h), (0.12 * w + 0.18 * w, yt - 0.012, 0.7 * h)),
            box((0.12 * w, yt - 0.04, 0.7 * h), (0.12 * w + 0.05, yt - 0.01, 0.85 * h)),
        ),
    ]
    tb.add("tools", merge(*tools), tool, "board")
    tb.add("pegs", merge(*[box((x - 0.003, front, 0.6 * h), (x + 0.003, yt, 0.6 * h + 0.006)) for x in (0.38 * w, 0.42 * w)]), "steel", "board")


def _bulletin_board(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    frame = p["material_frame"]
    yb = d / 2
    bar = float(np.clip(0.05 * min(w, h), 0.012, 0.04)) if p["style"] == "classic" else 0.008
    tb.add(
        "frame",
        merge(
            box((-w / 2, -d / 2 + 0.004, 0.0), (w / 2, yb, bar)),
            box((-w / 2, -d / 2 + 0.004, h - bar), (w / 2, yb, h)),
            box((-w / 2, -d / 2 + 0.004, bar), (-w / 2 + bar, yb, h - bar)),
            box((w / 2 - bar, -d / 2 + 0.004, bar), (w / 2, yb, h - bar)),
        ),
        frame,
    )
    tb.add("cork", box((-w / 2 + bar, -d / 2 + 0.4 * d, bar), (w / 2 - bar, yb, h - bar)), "cork" if p["style"] == "classic" else "fabric_grey", "frame")
    notes = [
        ((-0.35, 0.55), (0.22, 0.3), "paper_white"),
        ((-0.05, 0.3), (0.2, 0.25), "plastic_yellow"),
        ((0.2, 0.6), (0.25, 0.28), "paper_white"),
        ((-0.3, 0.15), (0.15, 0.2), "plastic_blue"),
    ]
    for k, ((fx, fz), (sw, sh), mat) in enumerate(notes):
        x0, z0 = fx * w, fz * h
        tb.add(f"note_{k}", box((x0, -d / 2 + 0.4 * d - 0.002, z0), (x0 + sw * w, -d / 2 + 0.4 * d, z0 + sh * h)), mat, "cork")
        tb.add(f"pin_{k}", y_cylinder(-d / 2, -d / 2 + 0.4 * d - 0.002, x0 + sw * w / 2, z0 + 0.9 * sh * h, 0.004, 8), "plastic_red", f"note_{k}")


def _dartboard(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    yb = d / 2
    r = min(w, h) / 2
    zc = h / 2
    classic = p["style"] == "classic"
    rb = 0.225 if classic else 0.2  # the board's radius
    rb = min(rb, 0.95 * r)
    yf = -d / 2
    if classic:  # a board on a square back panel
        tb.add("surround", box((-w / 2, yb - 0.02, 0.0), (w / 2, yb, h)), p["material_frame"])
    else:  # a board in a black catch ring
        tb.add("surround", _disc(0.0, zc, r, yf + 0.006, yb, 32), "rubber_black")
    tb.add("board", _disc(0.0, zc, rb, yf + 0.004, yb - 0.02 if classic else yb - 0.01, 24), "plastic_black", "surround")
    rings = [(0.95, 0.9, "plastic_red"), (0.6, 0.55, "plastic_green"), (0.12, 0.0, "plastic_red")]
    for k, (ro, ri, mat) in enumerate(rings):
        if ri > 0:
            tb.add(f"ring_{k}", annulus_y(0.0, zc, ro * rb, ri * rb, yf + 0.002, yf + 0.004), mat, "board")
        else:
            tb.add(f"ring_{k}", _disc(0.0, zc, ro * rb, yf, yf + 0.004, 16), mat, "board")
    segs = [transform_y(box((-0.004, yf + 0.002, zc + 0.12 * rb), (0.004, yf + 0.004, zc + 0.9 * rb)), 360.0 * k / 10, zc) for k in range(10)]
    tb.add("wires", merge(*segs), "paper_white", "board")


def transform_y(mesh: Mesh, angle_deg: float, zc: float) -> Mesh:
    """Rotate a mesh about the Y axis through (0, zc) (for pieces on a wall-facing disc)."""
    v, f = mesh
    a = math.radians(angle_deg)
    c, s = math.cos(a), math.sin(a)
    x, z = v[:, 0], v[:, 2] - zc
    out = np.column_stack([c * x - s * z, v[:, 1], s * x + c * z + zc])
    return out, f


_BUILDERS = {
    "wall_light": _wall_light,
    "ceiling_fan": _ceiling_fan,
    "projector": _projector,
    "radiator": _radiator,
    "air_conditioner": _air_conditioner,
    "curtains": _curtains,
    "coat_hooks": _coat_hooks,
    "toilet_paper_holder": _toilet_paper_holder,
    "bathroom_cabinet": _bathroom_cabinet,
    "range_hood": _range_hood,
    "spice_rack": _spice_rack,
    "pegboard": _pegboard,
    "bulletin_board": _bulletin_board,
    "dartboard": _dartboard,
}
