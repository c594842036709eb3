"""Small appliances and things that stand on counters, desks and shelves: kettles, toasters, coffee
machines, blenders, dish racks, cutting boards, cash registers, printers, desk lamps, globes, game
consoles and toolboxes.

Pieces are sketched at their sampled size and fitted exactly onto it (``mesh.FitBuilder``); their
front (buttons, spouts, slots, drawers) faces -Y.

Styles: ``classic`` (a dome kettle with a top handle, a chrome two-slot toaster, an espresso machine,
a round blender jar, a wire dish rack, a wooden board with a handle, a key-pad till, a laser printer,
a sprung arm lamp, a wooden globe stand, a flat console, a steel toolbox) and ``modern`` (a jug
kettle on a base, a wide four-slot toaster, a drip coffee maker with a carafe, a square jar, a tray
rack, a plastic board on feet, a tablet till, a flat inkjet, an LED bar lamp, a chrome stand, an
upright console with side plates, a plastic toolbox with latches).
"""

from __future__ import annotations

import numpy as np

from . import common
from .gym import bar_yz, ring, strut, y_cylinder
from .mesh import FitBuilder, box, cylinder, frustum, merge, uv_sphere
from .parttree import Joint, PartTree
from .tableware import lathe, shell

STYLES = ("classic", "modern")

_APPLIANCE = ("plastic_white", "brushed_steel", "plastic_black", "chrome", "plastic_red")
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "kettle": {"body": _APPLIANCE, "trim": ("plastic_black", "plastic_white", "chrome")},
    "toaster": {"body": _APPLIANCE, "trim": ("plastic_black", "chrome", "plastic_white")},
    "coffee_machine": {"body": ("brushed_steel", "plastic_black", "plastic_white", "chrome", "plastic_red"), "trim": ("plastic_black", "chrome", "steel")},
    "blender": {"body": ("plastic_white", "brushed_steel", "plastic_black", "plastic_red"), "trim": ("plastic_black", "chrome")},
    "dish_rack": {"body": ("chrome", "steel", "plastic_white", "black_metal", "birch"), "trim": ("plastic_white", "plastic_black", "plastic_green")},
    "cutting_board": {"body": ("oak", "walnut", "birch", "pine", "plastic_white", "plastic_green")},
    "cash_register": {"body": ("plastic_black", "plastic_white", "painted_grey"), "trim": ("plastic_black", "aluminium", "plastic_white")},
    "printer": {"body": ("plastic_white", "plastic_black", "painted_grey"), "trim": ("plastic_black", "painted_grey", "plastic_white")},
    "desk_lamp": {"body": ("black_metal", "painted_white", "brushed_steel", "plastic_red", "brass"), "trim": ("black_metal", "chrome", "plastic_black")},
    "globe": {"body": ("ceramic_blue", "plastic_blue", "canvas_art"), "trim": ("brass", "walnut", "chrome", "black_metal", "oak")},
    "game_console": {"body": ("plastic_black", "plastic_white", "mdf_black"), "trim": ("plastic_black", "plastic_white", "plastic_blue", "plastic_red")},
    "toolbox": {"body": ("plastic_red", "painted_blue", "black_metal", "plastic_yellow", "painted_grey"), "trim": ("black_metal", "steel", "plastic_black")},
}


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    p = common.base_params(rng, category, STYLES, _MATERIALS[category], overrides)
    if category == "globe" and "depth_m" not in overrides:
        p["depth_m"] = p["width_m"]
    return p


def build(params: dict) -> PartTree:
    return common.fitted_build(params, _BUILDERS)


def _lid_joint(tb: FitBuilder, parent: str, child: str, y: float, z: float, upper: float = 1.6) -> None:
    """A lid hinged about the x axis at its back edge (axis -X: positive angles lift the front)."""
    tb.joint(Joint(f"{child}_hinge", "revolute", parent, child, (0.0, y, z), (-1.0, 0.0, 0.0), 0.0, upper))


# --- kitchen -----------------------------------------------------------------------------------------


def _kettle(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, trim = p["material_body"], p["material_trim"]
    r = d / 2
    xc = 0.1 * w  # the body sits right of centre: the spout or handle reaches left
    if p["style"] == "classic":  # a dome with a top handle and a spout
        tb.add("body", lathe([(0.8 * r, 0.0), (r, 0.1 * h), (r, 0.45 * h), (0.7 * r, 0.72 * h), (0.35 * r, 0.78 * h)], center=(xc, 0.0)), body)
        tb.add("lid_knob", cylinder((xc, 0.0), 0.015, 0.78 * h, 0.82 * h, 10), trim, "body")
        tb.add(
            "handle",
            merge(
                box((xc - 0.5 * r, -0.012, 0.95 * h), (xc + 0.5 * r, 0.012, h)),
                strut((xc - 0.5 * r, 0.0, 0.6 * h), (xc - 0.45 * r, 0.0, 0.97 * h), 0.01, 0.01),
                strut((xc + 0.5 * r, 0.0, 0.6 * h), (xc + 0.45 * r, 0.0, 0.97 * h), 0.01, 0.01),
            ),
            trim,
            "body",
        )
        tb.add("spout", strut((xc - 0.8 * r, 0.0, 0.2 * h), (-w / 2 + 0.01, 0.0, 0.62 * h), 0.012, 0.012), body, "body")
        return
    # a jug on a power base
    tb.add("base", cylinder((xc, 0.0), r, 0.0, 0.05 * h, 16), trim)
    tb.add("body", frustum((xc, 0.0), 0.92 * r, 0.8 * r, 0.05 * h, 0.9 * h, 16), body, "base")
    tb.add("lid", frustum((xc, 0.0), 0.8 * r, 0.6 * r, 0.9 * h, h, 16), trim, "body")
    tb.add(
        "handle",
        merge(
            box((-w / 2, -0.015, 0.2 * h), (-w / 2 + 0.025, 0.015, 0.85 * h)),
            box((-w / 2 + 0.02, -0.015, 0.75 * h), (xc - 0.7 * r, 0.015, 0.85 * h)),
            box((-w / 2 + 0.02, -0.015, 0.2 * h), (xc - 0.8 * r, 0.015, 0.28 * h)),
        ),
        trim,
        "body",
    )
    tb.add("window", box((xc - 0.1 * r, -0.92 * r - 0.001, 0.25 * h), (xc + 0.1 * r, -0.85 * r, 0.75 * h)), "glass_clear", "body")


def _toaster(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, trim = p["material_body"], p["material_trim"]
    classic = p["style"] == "classic"
    y0 = -d / 2 + 0.02
    tb.add("body", box((-w / 2 + 0.01, y0, 0.012), (w / 2 - 0.01, d / 2, h)), body)
    tb.add(
        "feet",
        merge(
            *[
                box((sx * (w / 2 - 0.04) - 0.012, sy * (d / 2 - 0.03) - 0.012, 0.0), (sx * (w / 2 - 0.04) + 0.012, sy * (d / 2 - 0.03) + 0.012, 0.012))
                for sx in (-1, 1)
                for sy in (-1, 1)
            ]
        ),
        "rubber_black",
        "body",
    )
    slots = []
    cols = 1 if classic else 2
    rows = 2
    for i in range(cols):
        for j in range(rows):
            cx = (-0.22 + 0.44 * i) * w if cols == 2 else 0.0
            cy = y0 + (d / 2 - y0) * (0.3 + 0.4 * j)
            sl = 0.35 * w if cols == 2 else 0.7 * w
            slots.append(box((cx - sl / 2, cy - 0.008, h - 0.002), (cx + sl / 2, cy + 0.008, h + 0.0005)))
    tb.add("slots", merge(*slots), "plastic_black", "body")
    tb.add("lever", box((w / 2 - 0.07, -d / 2, 0.6 * h), (w / 2 - 0.04, y0, 0.66 * h)), trim, "body")
    tb.add("dial", y_cylinder(-d / 2 + 0.008, y0, -w / 2 + 0.06, 0.35 * h, 0.015, 10), trim, "body")


def _coffee_machine(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, trim = p["material_body"], p["material_trim"]
    if p["style"] == "classic":  # an espresso machine: a body over a drip tray, a group head, a portafilter
        tb.add(
            "body",
            merge(
                box((-w / 2, -d / 2 + 0.12 * d, 0.0), (w / 2, d / 2, 0.12 * h)),
                box((-w / 2, -0.15 * d, 0.12 * h), (w / 2, d / 2, h)),
                box((-w / 2, -d / 2 + 0.12 * d, 0.7 * h), (w / 2, -0.15 * d, h)),
            ),
            body,
        )
        tb.add("drip_tray", box((-0.4 * w, -d / 2 + 0.1 * d, 0.12 * h), (0.4 * w, -0.15 * d, 0.16 * h)), "steel", "body")
        tb.add("group_head", cylinder((-0.15 * w, -0.3 * d), 0.035, 0.58 * h, 0.7 * h, 12), "chrome", "body")
        tb.add(
            "portafilter",
            merge(
                cylinder((-0.15 * w, -0.3 * d), 0.04, 0.53 * h, 0.58 * h, 12),
                box((-0.15 * w - 0.012, -d / 2, 0.545 * h), (-0.15 * w + 0.012, -0.3 * d, 0.565 * h)),
            ),
            trim,
            "group_head",
        )
        tb.add("steam_wand", strut((0.3 * w, -0.25 * d, 0.3 * h), (0.3 * w, -0.25 * d, 0.7 * h), 0.005, 0.005), "chrome", "body")
        tb.add("gauge", y_cylinder(-d / 2 + 0.12 * d - 0.005, -d / 2 + 0.12 * d, 0.15 * w, 0.85 * h, 0.03, 12), "glass_clear", "body")
        return
    # a drip coffee maker: a tank column at the back, a filter head, a carafe on a hot plate
    tb.add(
        "body",
        merge(
            box((-w / 2, 0.1 * d, 0.0), (w / 2, d / 2, h)),
            box((-w / 2, -d / 2, 0.0), (w / 2, 0.1 * d, 0.06 * h)),
            box((-w / 2, -d / 2, 0.75 * h), (w / 2, 0.1 * d, h)),
        ),
        body,
    )
    tb.add("hot_plate", cylinder((0.0, -0.2 * d), 0.3 * w, 0.06 * h, 0.07 * h, 16), "black_metal", "body")
    carafe = lathe(shell([(0.3 * w, 0.07 * h), (0.38 * w, 0.3 * h), (0.3 * w, 0.55 * h)], 0.004), center=(0.0, -0.2 * d))
    tb.add("carafe", carafe, "glass_clear", "hot_plate")
    tb.add("carafe_handle", box((0.36 * w, -0.2 * d - 0.01, 0.2 * h), (0.46 * w, -0.2 * d + 0.01, 0.5 * h)), trim, "carafe")
    tb.add("water_window", box((w / 2 - 0.003, 0.15 * d, 0.2 * h), (w / 2, 0.4 * d, 0.7 * h)), "glass_clear", "body")
    tb.add("display", box((-0.4 * w, -d / 2, 0.8 * h), (-0.2 * w, -d / 2 + 0.004, 0.88 * h)), "screen_black", "body")


def _blender(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, trim = p["material_body"], p["material_trim"]
    zb = 0.28 * h
    r = min(w, d) / 2
    if p["style"] == "classic":
        tb.add("base", frustum((0.0, 0.0), r, 0.75 * r, 0.0, zb, 16), body)
        tb.add("jar", lathe(shell([(0.45 * r, zb), (0.8 * r, zb + 0.6 * (h - zb)), (0.85 * r, h - 0.03)], 0.004)), "glass_clear", "base")
        tb.add("lid", cylinder((0.0, 0.0), 0.85 * r, h - 0.03, h, 16), trim, "jar")
        tb.add("handle", box((0.8 * r, -0.012, zb + 0.2 * (h - zb)), (r, 0.012, zb + 0.8 * (h - zb))), trim, "jar")
    else:
        tb.add("base", box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, zb)), body)
        tb.add(
            "jar",
            merge(box((-0.7 * r, -0.7 * r, zb), (0.7 * r, 0.7 * r, zb + 0.005)), ring(-0.7 * r, 0.7 * r, -0.7 * r, 0.7 * r, 0.005, zb + 0.005, h - 0.03)),
            "glass_clear",
            "base",
        )
        tb.add("lid", box((-0.72 * r, -0.72 * r, h - 0.03), (0.72 * r, 0.72 * r, h)), trim, "jar")
    tb.add(
        "dial",
        y_cylinder(-d / 2 - 0.0, -d / 2 + 0.01, 0.0, 0.5 * zb, 0.02, 10)
        if p["style"] == "modern"
        else y_cylinder(-0.9 * r - 0.012, -0.85 * r, 0.0, 0.4 * zb, 0.018, 10),
        "plastic_black",
        "base",
    )


def _dish_rack(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, trim = p["material_body"], p["material_trim"]
    t = 0.006
    if p["style"] == "classic":  # a wire basket with upright tines
        tb.add(
            "basket",
            merge(
                box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, t)),
                ring(-w / 2, w / 2, -d / 2, d / 2, t, 0.6 * h, 0.6 * h + t),
                *[cylinder((sx * (w / 2 - t), sy * (d / 2 - t)), t, 0.0, 0.6 * h, 6) for sx in (-1, 1) for sy in (-1, 1)],
            ),
            body,
        )
        tines = [cylinder((x, y), 0.003, t, h, 6) for x in np.linspace(-w / 2 + 0.05, 0.15 * w, 8) for y in (-0.25 * d, 0.15 * d)]
        tb.add("tines", merge(*tines), body, "basket")
    else:  # a drip tray with plate slots
        tb.add("basket", merge(box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, t)), ring(-w / 2, w / 2, -d / 2, d / 2, t, t, 0.15 * h)), trim)
        slots = [box((x - 0.003, -0.35 * d, t), (x + 0.003, 0.35 * d, h)) for x in np.linspace(-w / 2 + 0.04, 0.15 * w, 7)]
        tb.add("tines", merge(*slots), body, "basket")
    plates = [box((x - 0.004, -0.4 * d, t), (x + 0.004, 0.4 * d, 0.9 * h)) for x in (-0.3 * w, -0.15 * w)]
    tb.add("plates", merge(*plates), "ceramic_white", "tines")
    tb.add(
        "cutlery_cup",
        merge(box((0.3 * w - 0.05, -0.06, t), (w / 2 - t - 0.002, 0.06, 0.012)), ring(0.3 * w - 0.05, w / 2 - t - 0.002, -0.06, 0.06, 0.004, 0.012, 0.8 * h)),
        trim,
        "basket",
    )


def _cutting_board(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body = p["material_body"]
    if p["style"] == "classic":  # a board with a handle tab
        tb.add("board", box((-w / 2, -d / 2, 0.0), (w / 2 - 0.08 * w, d / 2, h)), body)
        tb.add(
            "handle",
            merge(
                box((w / 2 - 0.08 * w, -0.18 * d, 0.0), (w / 2, -0.08 * d, h)),
                box((w / 2 - 0.08 * w, 0.08 * d, 0.0), (w / 2, 0.18 * d, h)),
                box((w / 2 - 0.025 * w, -0.08 * d, 0.0), (w / 2, 0.08 * d, h)),
            ),
            body,
            "board",
        )
        return
    ft = min(0.004, 0.2 * h)
    tb.add("board", box((-w / 2, -d / 2, ft), (w / 2, d / 2, h)), body)
    tb.add(
        "groove",
        ring(-w / 2 + 0.02, w / 2 - 0.02, -d / 2 + 0.02, d / 2 - 0.02, 0.004, h - 0.001, h),
        "plastic_black" if body.startswith("plastic") else "walnut",
        "board",
    )
    tb.add(
        "feet", merge(*[cylinder((sx * (w / 2 - 0.03), sy * (d / 2 - 0.03)), 0.01, 0.0, ft, 8) for sx in (-1, 1) for sy in (-1, 1)]), "rubber_black", "board"
    )


# --- shop and office -------------------------------------------------------------------------------


def _cash_register(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, trim = p["material_body"], p["material_trim"]
    zd = 0.35 * h if p["style"] == "classic" else 0.45 * h  # the cash drawer's height
    zd = min(zd, 0.12)
    yf = -d / 2 + 0.01
    tb.add(
        "drawer_case",
        merge(
            box((-w / 2, yf, 0.0), (w / 2, d / 2, 0.008)),
            box((-w / 2, yf, zd - 0.008), (w / 2, d / 2, zd)),
            box((-w / 2, yf, 0.008), (-w / 2 + 0.008, d / 2, zd - 0.008)),
            box((w / 2 - 0.008, yf, 0.008), (w / 2, d / 2, zd - 0.008)),
            box((-w / 2 + 0.008, d / 2 - 0.008, 0.008), (w / 2 - 0.008, d / 2, zd - 0.008)),
        ),
        body,
    )
    drawer = merge(box((-w / 2 + 0.01, -d / 2, 0.01), (w / 2 - 0.01, yf, zd - 0.01)), box((-w / 2 + 0.012, yf, 0.01), (w / 2 - 0.012, d / 2 - 0.012, 0.02)))
    tb.add("drawer", drawer, trim, "drawer_case")
    tb.joint(Joint("drawer_slide", "prismatic", "drawer_case", "drawer", (0.0, yf, zd / 2), (0.0, -1.0, 0.0), 0.0, 0.7 * d))
    if p["style"] == "classic":  # a sloped key pad and a display on a post
        tb.add("keypad", bar_yz((yf + 0.02, zd + 0.02), (0.15 * d, zd + 0.4 * (h - zd)), 0.04, -0.4 * w, 0.4 * w), body, "drawer_case")
        tb.add(
            "keys",
            merge(
                *[
                    box(
                        (x - 0.012, y - 0.012, zd + 0.02 + (y - yf - 0.02) / (0.15 * d - yf - 0.02) * 0.4 * (h - zd) + 0.02),
                        (x + 0.012, y + 0.012, zd + 0.035 + (y - yf - 0.02) / (0.15 * d - yf - 0.02) * 0.4 * (h - zd) + 0.02),
                    )
                    for x in np.linspace(-0.3 * w, 0.3 * w, 5)
                    for y in np.linspace(yf + 0.05, 0.1 * d, 3)
                ]
            ),
            "plastic_white",
            "keypad",
        )
        tb.add(
            "display",
            merge(box((-0.02, 0.3 * d, zd), (0.02, 0.34 * d, h - 0.08)), box((-0.15 * w, 0.25 * d, h - 0.08), (0.15 * w, 0.4 * d, h))),
            body,
            "drawer_case",
        )
    else:  # a tablet on a stand and a card reader
        tb.add(
            "stand",
            merge(cylinder((0.0, 0.15 * d), 0.04, zd, zd + 0.01, 12), strut((0.0, 0.15 * d, zd + 0.01), (0.0, 0.2 * d, h - 0.12), 0.012, 0.012)),
            trim,
            "drawer_case",
        )
        tb.add("display", bar_yz((0.12 * d, h - 0.2), (0.28 * d, h), 0.012, -0.3 * w, 0.3 * w), "screen_black", "stand")
        tb.add("card_reader", box((0.3 * w, -0.2 * d, zd), (0.45 * w, 0.05 * d, zd + 0.03)), "plastic_black", "drawer_case")


def _printer(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, trim = p["material_body"], p["material_trim"]
    classic = p["style"] == "classic"
    lid_t = 0.03 if classic else 0.025
    zb = h - lid_t
    yf = -d / 2 + 0.04
    zt = min(0.08, 0.35 * zb)  # paper tray height
    tb.add(
        "body",
        merge(
            box((-w / 2, yf, zt), (w / 2, d / 2, zb)),
            box((-w / 2, yf, 0.0), (w / 2, d / 2, 0.008)),
            box((-w / 2, yf, 0.008), (-w / 2 + 0.01, d / 2, zt)),
            box((w / 2 - 0.01, yf, 0.008), (w / 2, d / 2, zt)),
            box((-w / 2 + 0.01, d / 2 - 0.01, 0.008), (w / 2 - 0.01, d / 2, zt)),
        ),
        body,
    )
    tray = merge(box((-w / 2 + 0.012, -d / 2, 0.01), (w / 2 - 0.012, yf, zt - 0.002)), box((-w / 2 + 0.015, yf, 0.01), (w / 2 - 0.015, d / 2 - 0.015, 0.016)))
    tb.add("paper_tray", tray, trim, "body")
    tb.add("paper", box((-0.42 * w, yf + 0.01, 0.016), (0.42 * w, d / 2 - 0.03, 0.03)), "paper_white", "paper_tray")
    tb.joint(Joint("paper_tray_slide", "prismatic", "body", "paper_tray", (0.0, yf, zt / 2), (0.0, -1.0, 0.0), 0.0, 0.6 * (d / 2 - yf)))
    tb.add("output_slot", box((-0.4 * w, yf - 0.003, zt + 0.3 * (zb - zt)), (0.4 * w, yf, zt + 0.45 * (zb - zt))), "plastic_black", "body")
    tb.add("lid", box((-w / 2, -d / 2 + 0.04, zb), (w / 2, d / 2, h)), trim if classic else body, "body")
    _lid_joint(tb, "body", "lid", d / 2, zb, 1.3)
    panel_x = (0.2 * w, 0.45 * w) if classic else (-0.45 * w, -0.15 * w)
    tb.add("control_panel", box((panel_x[0], -d / 2 + 0.03, zb - 0.03), (panel_x[1], yf, zb - 0.005)), "screen_black", "body")


def _desk_lamp(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, trim = p["material_body"], p["material_trim"]
    rb = min(w / 2, 0.3 * d)
    yb = d / 2 - rb  # the base sits at the back; the head reaches forward
    if p["style"] == "classic":  # a sprung two-part arm and a cone shade, on a heavy base wide enough to carry it
        rb = min(w / 2, 0.45 * d)
        yb = d / 2 - rb
        rs = min(0.09, w / 2)
        ys = max(-d / 2 + rs, yb - 1.2 * rb)  # the shade reaches no further than keeps the lamp's weight over its base
        tb.add("base", cylinder((0.0, yb), rb, 0.0, 0.03, 16), body)
        elbow = (0.0, yb + 0.05, 0.62 * h)
        tb.add("arm", merge(strut((0.0, yb, 0.03), elbow, 0.008, 0.008), bar_yz((elbow[1], elbow[2]), (ys - rs + 0.1, 0.9 * h), 0.014, -0.007, 0.007)),
               trim, "base")
        tb.add("springs", merge(strut((0.015, yb + 0.01, 0.1), (0.015, yb + 0.045, 0.5 * h), 0.004, 0.004)), "steel", "arm")
        tb.add("shade", frustum((0.0, ys), rs, 0.03, 0.7 * h, h, 16), body, "arm")
        tb.add("bulb", uv_sphere((0.0, ys, 0.72 * h), 0.025, 4, 8), "emissive_warm", "shade")
        return
    # an LED bar on a straight arm over a square base
    tb.add("base", box((-w / 2, min(yb - rb, -0.1 * d), 0.0), (w / 2, d / 2, 0.02)), body)  # deep enough to carry the bar
    tb.add("arm", merge(cylinder((0.0, yb), 0.01, 0.02, h - 0.02, 10), box((-0.01, -d / 2 + 0.03, h - 0.04), (0.01, yb, h - 0.02))), trim, "base")
    tb.add("shade", box((-0.35 * w, -d / 2, h - 0.03), (0.35 * w, -d / 2 + 0.28 * d, h)), body, "arm")
    tb.add("light", box((-0.3 * w, -d / 2 + 0.01, h - 0.032), (0.3 * w, -d / 2 + 0.26 * d, h - 0.03)), "emissive_warm", "shade")


def _globe(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, trim = p["material_body"], p["material_trim"]
    zb = 0.12 * h if p["style"] == "classic" else 0.05 * h
    r = min(0.42 * w, (h - zb) / 2 - 0.01)
    zc = h - r - 0.01
    if p["style"] == "classic":
        tb.add("stand", merge(cylinder((0.0, 0.0), 0.5 * w, 0.0, 0.03 * h, 16), frustum((0.0, 0.0), 0.08 * w, 0.04 * w, 0.03 * h, zc - r, 10)), trim)
    else:
        tb.add("stand", merge(cylinder((0.0, 0.0), 0.5 * w, 0.0, zb, 16), cylinder((0.0, 0.0), 0.015, zb, zc - r, 8)), trim)
    arc = [
        box(
            (-0.006 + (r + 0.012) * np.sin(a) - 0.006, -0.006, zc + (r + 0.012) * np.cos(a) - 0.012),
            ((r + 0.012) * np.sin(a) + 0.006, 0.006, zc + (r + 0.012) * np.cos(a) + 0.012),
        )
        for a in np.linspace(-2.6, 2.6, 14)
    ]
    tb.add("meridian", merge(*arc), "brass" if trim in ("walnut", "oak") else trim, "stand")
    tb.add("sphere", uv_sphere((0.0, 0.0, zc), r, 8, 16), body, "meridian")
    land = [uv_sphere((r * 0.75 * np.cos(a), -r * 0.75 * np.sin(a) - 0.0, zc + 0.3 * r * np.sin(2 * a)), 0.35 * r, 4, 8) for a in (0.5, 1.8, 3.5)]
    tb.add("continents", merge(*land), "food_green" if body != "canvas_art" else "book_cover_green", "sphere")


def _game_console(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, trim = p["material_body"], p["material_trim"]
    cw_ = 0.7 * w  # the console; a controller lies beside it
    x0 = -w / 2
    if p["style"] == "classic":
        tb.add("body", box((x0, -d / 2, 0.0), (x0 + cw_, d / 2, h)), body)
        tb.add("disc_slot", box((x0 + 0.1 * cw_, -d / 2 - 0.0, 0.55 * h), (x0 + 0.6 * cw_, -d / 2 + 0.002, 0.62 * h)), "plastic_black", "body")
    else:
        tb.add("body", box((x0 + 0.01, -d / 2 + 0.01, 0.0), (x0 + cw_ - 0.01, d / 2 - 0.01, h)), "plastic_black")
        tb.add(
            "side_plates",
            merge(
                box((x0, -d / 2, 0.0), (x0 + 0.01, d / 2, h)),
                box((x0 + cw_ - 0.01, -d / 2, 0.0), (x0 + cw_, d / 2, h)),
                box((x0 + 0.01, -d / 2, h - 0.01), (x0 + cw_ - 0.01, d / 2, h)),
            ),
            body,
            "body",
        )
    tb.add("power_light", box((x0 + 0.85 * cw_, -d / 2 - 0.0, 0.3 * h), (x0 + 0.92 * cw_, -d / 2 + 0.002, 0.4 * h)), "plastic_blue", "body")
    ch = min(0.05, 0.6 * h)
    xc = x0 + cw_ + 0.5 * (w - cw_)
    pad = merge(
        box((xc - 0.03, -0.05, 0.0), (xc + 0.03, 0.03, ch * 0.7)),
        cylinder((xc - 0.03, -0.05), 0.025, 0.0, ch, 10),
        cylinder((xc + 0.03, -0.05), 0.025, 0.0, ch, 10),
    )
    tb.add("controller", pad, trim, "body")


def _toolbox(tb: FitBuilder, p: dict, w: float, d: float, h: float) -> None:
    body, trim = p["material_body"], p["material_trim"]
    classic = p["style"] == "classic"
    lid_h = 0.3 * h if classic else max(0.25 * h, 0.045)  # the moulded lid holds a 3 cm grip on top of its rim
    zl = h - lid_h - (0.04 if classic else 0.0)
    t = 0.004
    tb.add("box", merge(box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, t)), ring(-w / 2, w / 2, -d / 2, d / 2, t, t, zl)), body)
    lid_top = h - (0.04 if classic else 0.0)
    if classic:  # a steel lid with a folding bar handle
        lid = merge(box((-w / 2, -d / 2, lid_top - t), (w / 2, d / 2, lid_top)), ring(-w / 2, w / 2, -d / 2, d / 2, t, zl, lid_top - t))
        tb.add("lid", lid, body, "box")
        tb.add(
            "handle",
            merge(
                box((-0.3 * w, -0.01, h - 0.012), (0.3 * w, 0.01, h)),
                box((-0.3 * w, -0.008, lid_top), (-0.28 * w, 0.008, h)),
                box((0.28 * w, -0.008, lid_top), (0.3 * w, 0.008, h)),
            ),
            trim,
            "lid",
        )
    else:  # a moulded lid with a grip and two latches
        lid = merge(box((-w / 2, -d / 2, zl), (w / 2, d / 2, lid_top - 0.03)), box((-0.25 * w, -0.03, lid_top - 0.03), (0.25 * w, 0.03, lid_top)))
        tb.add("lid", lid, body, "box")
        tb.add("handle", box((-0.22 * w, -0.035, lid_top - 0.015), (0.22 * w, 0.035, lid_top - 0.005)), "plastic_black", "lid")
    tb.add(
        "latches",
        merge(*[box((sx * 0.3 * w - 0.02, -d / 2 - 0.0, zl - 0.03), (sx * 0.3 * w + 0.02, -d / 2 + 0.006, zl + 0.02)) for sx in (-1, 1)]),
        trim,
        "box",
    )
    _lid_joint(tb, "box", "lid", d / 2, zl, 1.9)


_BUILDERS = {
    "kettle": _kettle,
    "toaster": _toaster,
    "coffee_machine": _coffee_machine,
    "blender": _blender,
    "dish_rack": _dish_rack,
    "cutting_board": _cutting_board,
    "cash_register": _cash_register,
    "printer": _printer,
    "desk_lamp": _desk_lamp,
    "globe": _globe,
    "game_console": _game_console,
    "toolbox": _toolbox,
}
