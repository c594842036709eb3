"""Chairs, stools and benches: dining_chair, classroom_chair, kids_chair, waiting_chair (a row of
three linked seats), office_chair, stool, bar_stool and bench.

Chairs face -Y (their functional side is the front); the seat's upper face is a "seat" support
surface (``seat_0``.. per place on a chair row).

Styles:
  ``classic``  a wooden chair with a spindle back and stretchers; a padded chair row with armrests;
               an executive office chair with a headrest and padded arms; round wooden stools on
               splayed legs; a trestle bench with an apron;
  ``modern``   tapered round legs with an upholstered seat and reclined back; a row of moulded
               shells; a mid-back office chair with T-arms; a pedestal stool with a padded seat; a
               waterfall bench with a cushion;
  ``minimal``  a tubular steel sled frame with a shell seat and back; a steel chair row with end
               arms only; an armless office chair; square steel-legged stools; a slatted bench on
               metal frames.
"""

from __future__ import annotations

import math

import numpy as np

from . import soft
from .common import dims
from .mesh import Mesh, TreeBuilder, box, cylinder, frustum, merge, transform, uv_sphere
from .parttree import PartTree, SupportSurface

STYLES = soft.STYLES


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    if category == "kids_chair":
        shells = ("plastic_red", "plastic_yellow", "plastic_green", "plastic_blue", "birch")
    else:
        shells = ("plastic_white", "plastic_black", "birch", "plastic_blue", "painted_grey")
    materials = {
        "wood": soft.WOODS,
        "fabric": soft.FABRICS,
        "metal": ("chrome", "black_metal", "brushed_steel", "aluminium"),
        "shell": shells,
    }
    return soft.sample_with(rng, category, STYLES, materials, overrides)


def build(params: dict) -> PartTree:
    b = TreeBuilder(params["category"], params)
    {"dining_chair": _chair, "classroom_chair": _chair, "kids_chair": _chair, "waiting_chair": _chair_row,
     "office_chair": _office, "stool": _stool, "bar_stool": _stool, "bench": _bench}[params["category"]](b, params)
    return b.build()


def _recline(h: float, seat_top: float) -> float:
    """How far a backrest's top leans back behind its foot."""
    return min(0.07, 0.2 * (h - seat_top))


# --- dining, classroom and kids' chairs ----------------------------------------------------------

def _chair(b: TreeBuilder, p: dict) -> None:
    w, d, h = dims(p)
    style = p["style"]
    seat_top = min(0.47, 0.52 * h)
    ls = min(0.04, 0.085 * w)  # leg section
    if style == "classic":
        _classic_chair(b, p, w, d, h, seat_top, ls)
        rect = (-w / 2 + 0.02, -d / 2 + 0.02, w / 2 - 0.02, d / 2 - ls - 0.01)
    elif style == "modern":
        tilt, bt = _recline(h, seat_top), min(0.05, 0.1 * d)
        frame_z = seat_top - 0.08
        y_back = d / 2 - tilt
        r = ls / 2
        for i, (x, y) in enumerate(soft.corners(w / 2 - 0.015 - r, (d - tilt) / 2 - 0.015 - r)):
            b.add(f"leg_{i}", frustum((x, y - tilt / 2), 0.6 * r, r, 0.0, frame_z, 8), p["material_wood"])
        b.add("seat_frame", box((-w / 2, -d / 2, frame_z), (w / 2, y_back, seat_top - 0.05)), p["material_wood"])
        y_cushion = y_back - bt - 0.005
        b.add("seat", soft.cushion((-w / 2 + 0.005, -d / 2, seat_top - 0.05), (w / 2 - 0.005, y_cushion, seat_top), 0.015),
              p["material_fabric"])
        b.add("backrest", soft.strut((0.0, y_back - bt / 2), (0.0, d / 2 - bt / 2), frame_z, h, w - 0.03, bt), p["material_fabric"])
        rect = (-w / 2 + 0.02, -d / 2 + 0.02, w / 2 - 0.02, y_cushion - 0.02)
    else:
        _tube_chair(b, p, w, d, h, seat_top)
        rect = (-w / 2 + 0.02, -d / 2 + 0.02, w / 2 - 0.02, d / 2 - _recline(h, seat_top) - 0.04)
    b.surface(soft.seat_surface("seat", seat_top, rect))


def _classic_chair(b: TreeBuilder, p: dict, w: float, d: float, h: float, seat_top: float, ls: float) -> None:
    wood, st = p["material_wood"], 0.03
    hx = w / 2 - 0.01 - ls / 2
    for i, (x, _) in enumerate(soft.corners(hx, d / 2 - ls / 2)):
        front = i < 2
        y0 = -d / 2 + 0.01 if front else d / 2 - ls
        b.add(f"leg_{i}", box((x - ls / 2, y0, 0.0), (x + ls / 2, y0 + ls, seat_top - st if front else h)), wood)
    b.add("seat", box((-w / 2, -d / 2, seat_top - st), (w / 2, d / 2, seat_top)), wood)
    rail = min(0.07, 0.25 * (h - seat_top))
    xa = hx - ls / 2
    b.add("backrest", soft.bars(-xa, xa, d / 2 - ls / 2, seat_top + 0.04, h - 0.01, 2 * xa / 4, t=0.02, rail=rail), wood)
    zs, t = 0.3 * seat_top, 0.6 * ls
    ya, yb = -d / 2 + 0.01 + ls, d / 2 - ls
    b.add("stretchers", merge(box((-hx - t / 2, ya, zs), (-hx + t / 2, yb, zs + t)), box((hx - t / 2, ya, zs), (hx + t / 2, yb, zs + t)),
                              box((-xa, -d / 2 + 0.01 + ls / 2 - t / 2, zs + t), (xa, -d / 2 + 0.01 + ls / 2 + t / 2, zs + 2 * t))), wood)


def _tube_chair(b: TreeBuilder, p: dict, w: float, d: float, h: float, seat_top: float) -> None:
    """A sled chair: one steel tube frame, a shell seat and a reclined shell back."""
    r, st, bt = min(0.011, 0.025 * w), 0.02, 0.015
    tilt = _recline(h, seat_top)
    frame = []
    yf, yb = -d / 2 + 0.05, d / 2 - tilt - bt - r
    for x in (-w / 2 + 0.02, w / 2 - 0.02):
        frame += [cylinder((x, yf), r, 0.0, seat_top - st, 8),
                  soft.strut((x, yb), (x, yb + tilt), 0.0, h - 0.03, 2 * r, 2 * r),
                  box((x - r, yf - r, 0.0), (x + r, yb + r, 2 * r)),
                  box((x - r, yf - r, seat_top - st - 2 * r), (x + r, yb + r, seat_top - st))]
    b.add("frame", merge(*frame), p["material_metal"])
    b.add("seat", box((-w / 2, -d / 2, seat_top - st), (w / 2, d / 2 - tilt - 0.01, seat_top)), p["material_shell"])
    z0 = seat_top + 0.3 * (h - seat_top)
    yb0 = d / 2 - bt / 2 - tilt * (h - z0) / h  # the shell leans like the frame's back tubes
    b.add("backrest", soft.strut((0.0, yb0), (0.0, d / 2 - bt / 2), z0, h, w - 0.02, bt), p["material_shell"])


# --- waiting-room chair row ----------------------------------------------------------------------

def _chair_row(b: TreeBuilder, p: dict, n: int = 3) -> None:
    w, d, h = dims(p)
    style = p["style"]
    seat_top = min(0.45, h - 0.3)
    st = 0.06 if style == "classic" else 0.03
    aw, gap = 0.05, 0.0 if style == "classic" else 0.03
    if style == "classic":
        arm_x = [-w / 2 + i * (w - aw) / n for i in range(n + 1)]
        sw = (w - (n + 1) * aw) / n
        seat_x = [-w / 2 + aw + i * (sw + aw) for i in range(n)]
    else:
        ends = aw if style == "minimal" else 0.0
        arm_x = [-w / 2, w / 2 - aw] if style == "minimal" else []
        sw = (w - 2 * ends - (n - 1) * gap) / n
        seat_x = [-w / 2 + ends + i * (sw + gap) for i in range(n)]
    beam_z = seat_top - st - 0.07
    b.add("beam", box((-w / 2 + 0.02, -0.04, beam_z), (w / 2 - 0.02, 0.04, seat_top - st)), p["material_metal"])
    for i, xl in enumerate((-w / 2 + 0.25, w / 2 - 0.25)):
        b.add(f"leg_{i}", merge(box((xl - 0.03, -0.04, 0.03), (xl + 0.03, 0.04, beam_z)),
                                box((xl - 0.03, -d / 2 + 0.06, 0.0), (xl + 0.03, d / 2 - 0.1, 0.03))), p["material_metal"])
    tilt = min(0.08, 0.25 * (h - seat_top))
    bt = {"classic": 0.06, "modern": 0.015, "minimal": 0.012}[style]
    mat = {"classic": p["material_fabric"], "modern": p["material_shell"], "minimal": p["material_metal"]}[style]
    y_seat = d / 2 - tilt - bt
    for i, x0 in enumerate(seat_x):
        lo, hi = (x0, -d / 2, seat_top - st), (x0 + sw, y_seat, seat_top)
        b.add(f"seat_{i}", soft.cushion(lo, hi, 0.015) if style == "classic" else box(lo, hi), mat)
        xc = x0 + sw / 2
        b.add(f"back_{i}", soft.strut((xc, y_seat + bt / 2), (xc, d / 2 - bt / 2), seat_top - st, h, sw, bt), mat)
        b.surface(SupportSurface(f"seat_{i}", "seat", f"seat_{i}", seat_top, (x0 + 0.02, -d / 2 + 0.02, x0 + sw - 0.02, y_seat - 0.02),
                                      soft.OPEN_CLEARANCE))
    for i, ax in enumerate(arm_x):
        ym = -0.01
        b.add(f"arm_{i}", merge(box((ax + aw / 2 - 0.012, ym - 0.02, beam_z), (ax + aw / 2 + 0.012, ym + 0.02, seat_top + 0.18)),
                                box((ax, -d / 2 + 0.05, seat_top + 0.18), (ax + aw, y_seat - 0.02, seat_top + 0.21))), p["material_metal"])


# --- office chair --------------------------------------------------------------------------------

def _office(b: TreeBuilder, p: dict) -> None:
    w, d, h = dims(p)
    style = p["style"]
    cr = 0.025  # caster radius
    seat_top = float(np.clip(0.48, 0.38, h - 0.35))
    arms = style != "minimal"
    r_x = (w / 2 - cr) / math.cos(math.radians(18))  # the two side arms of the star point 18 deg off the X axis
    r_arm = min(r_x, d / 2 - cr)
    aw = 0.07 if style == "classic" else 0.05
    if arms:
        seat_w = w - 2 * (aw + 0.03)
    else:
        seat_w = min(w, 0.5) if r_x <= d / 2 - cr else w
    spokes = []
    for k in range(5):
        yaw = -90.0 + 72.0 * k
        spokes.append(transform(box((0.03, -0.02, 2 * cr), (r_arm, 0.02, 2 * cr + 0.035)), yaw))
        a = math.radians(yaw)
        b.add(f"caster_{k}", uv_sphere((r_arm * math.cos(a), r_arm * math.sin(a), cr), cr, 6, 10), "rubber_black")
    b.add("base", merge(*spokes, cylinder((0.0, 0.0), 0.045, 2 * cr - 0.005, 2 * cr + 0.05, 12)), p["material_metal"])
    b.add("gas_lift", cylinder((0.0, 0.0), 0.025, 2 * cr + 0.05, seat_top - 0.12, 12), "chrome")
    b.add("mechanism", box((-0.1, -0.1, seat_top - 0.12), (0.1, 0.12, seat_top - 0.08)), "black_metal")
    tilt = min(0.08, 0.2 * (h - seat_top))
    bt = {"classic": 0.07, "modern": 0.03, "minimal": 0.04}[style]
    y_seat = d / 2 - tilt - bt
    upholstery = p["material_fabric"]
    b.add("seat", soft.cushion((-seat_w / 2, -d / 2, seat_top - 0.08), (seat_w / 2, y_seat, seat_top), 0.02), upholstery)
    z0 = seat_top + 0.06

    def y_at(z: float) -> float:  # the centre line of the reclined back
        return d / 2 - bt / 2 - tilt * (h - z) / (h - z0)

    back_top = h - 0.2 if style == "classic" else h
    b.add("backrest", soft.strut((0.0, y_at(z0)), (0.0, y_at(back_top)), z0, back_top, 0.9 * seat_w, bt), upholstery)
    if style == "classic":
        b.add("headrest", soft.strut((0.0, y_at(h - 0.17)), (0.0, y_at(h)), h - 0.17, h, 0.55 * seat_w, bt), upholstery)
    z1 = seat_top + 0.2
    b.add("back_support", soft.strut((0.0, 0.11), (0.0, min(y_at(z1) + bt / 2 + 0.01, d / 2 - 0.01)), seat_top - 0.12, z1, 0.06, 0.02),
          "black_metal")
    if arms:
        y0, y1 = -d / 2 + 0.12, y_seat - 0.05
        ym = 0.5 * (y0 + y1)
        for side, s in (("left", -1.0), ("right", 1.0)):
            xp = s * (w / 2 - aw / 2)  # the post under the pad
            xa0, xa1 = sorted((s * w / 2, s * (w / 2 - aw)))
            xb0, xb1 = sorted((xp, s * (seat_w / 2 - 0.06)))
            if style == "classic":
                pad = soft.cushion((xa0, y0, z1), (xa1, y1, z1 + 0.04), 0.01)
            else:
                pad = box((xa0, y0, z1), (xa1, y1, z1 + 0.025))
            b.add(f"arm_{side}", merge(box((xp - 0.012, ym - 0.02, seat_top - 0.1), (xp + 0.012, ym + 0.02, z1)),
                                       box((xb0, ym - 0.02, seat_top - 0.1), (xb1, ym + 0.02, seat_top - 0.08)), pad),
                  "black_metal" if style == "modern" else upholstery)
    b.surface(soft.seat_surface("seat", seat_top, (-seat_w / 2 + 0.03, -d / 2 + 0.03, seat_w / 2 - 0.03, y_seat - 0.03)))


# --- stools and bar stools -----------------------------------------------------------------------

def _stool(b: TreeBuilder, p: dict) -> None:
    w, d, h = dims(p)
    style = p["style"]
    rung_z = 0.33 * h if p["category"] == "bar_stool" else 0.25 * h
    if style == "classic":
        st, ls = 0.035, min(0.035, 0.1 * w)
        b.add("seat", soft.ellipse_prism(0.0, 0.0, w / 2, d / 2, h - st, h, 16), p["material_wood"])
        tops = soft.corners(0.42 * w / 2, 0.42 * d / 2)
        feet = soft.corners(0.68 * w / 2, 0.68 * d / 2)
        for i, (top, foot) in enumerate(zip(tops, feet, strict=True)):
            b.add(f"leg_{i}", soft.strut(foot, top, 0.0, h - st, ls, ls), p["material_wood"])
        f = rung_z / (h - st)
        (ax, ay), (bx, by) = feet[3], tops[3]
        b.add("rungs", _rung_ring(ax + f * (bx - ax), ay + f * (by - ay), rung_z, 0.6 * ls), p["material_wood"])
        inner = 0.6
    elif style == "modern":
        r = 0.42 * min(w, d)
        b.add("base", cylinder((0.0, 0.0), r, 0.0, 0.025, 16), p["material_metal"])
        b.add("column", cylinder((0.0, 0.0), 0.03, 0.025, h - 0.07, 12), "chrome")
        b.add("seat", soft.loft(soft.ring(0, 0, 0.9 * w / 2, 0.9 * d / 2, h - 0.07), soft.ring(0, 0, w / 2, d / 2, h - 0.035),
                                soft.ring(0, 0, 0.9 * w / 2, 0.9 * d / 2, h)), p["material_fabric"])
        if p["category"] == "bar_stool":
            b.add("footrest", cylinder((0.0, 0.0), 0.8 * r, rung_z, rung_z + 0.015, 16), p["material_metal"])
        inner = 0.6
    else:
        st, r = 0.03, 0.012
        b.add("seat", box((-w / 2, -d / 2, h - st), (w / 2, d / 2, h)), p["material_shell"])
        hx, hy = w / 2 - 0.03, d / 2 - 0.03
        for i, (x, y) in enumerate(soft.corners(hx, hy)):
            b.add(f"leg_{i}", cylinder((x, y), r, 0.0, h - st, 8), p["material_metal"])
        b.add("rungs", _rung_ring(hx, hy, rung_z, 2 * r), p["material_metal"])
        inner = 0.85
    b.surface(soft.seat_surface("seat", h, (-inner * w / 2, -inner * d / 2, inner * w / 2, inner * d / 2)))


def _rung_ring(hx: float, hy: float, z: float, t: float) -> Mesh:
    """Four rungs of section ``t`` joining legs centred at (+-hx, +-hy): the front and back ones at
    ``z``, the side ones one section higher so that they do not cross."""
    along_x = [box((-hx, y - t / 2, z), (hx, y + t / 2, z + t)) for y in (-hy, hy)]
    along_y = [box((x - t / 2, -hy, z + t), (x + t / 2, hy, z + 2 * t)) for x in (-hx, hx)]
    return merge(*along_x, *along_y)


# --- bench ---------------------------------------------------------------------------------------

def _bench(b: TreeBuilder, p: dict) -> None:
    w, d, h = dims(p)
    style, wood = p["style"], p["material_wood"]
    if style == "classic":
        ls = 0.05
        b.add("seat", box((-w / 2, -d / 2, h - 0.04), (w / 2, d / 2, h)), wood)
        hx, hy = w / 2 - 0.05 - ls / 2, d / 2 - 0.03 - ls / 2
        for i, (x, y) in enumerate(soft.corners(hx, hy)):
            b.add(f"leg_{i}", box((x - ls / 2, y - ls / 2, 0.0), (x + ls / 2, y + ls / 2, h - 0.04)), wood)
        b.add("apron", merge(*(box((-hx + ls / 2, y - 0.01, h - 0.12), (hx - ls / 2, y + 0.01, h - 0.04)) for y in (-hy, hy))), wood)
    elif style == "modern":
        for side, x0 in (("left", -w / 2), ("right", w / 2 - 0.04)):
            b.add(f"end_{side}", box((x0, -d / 2, 0.0), (x0 + 0.04, d / 2, h - 0.07)), wood)
        b.add("seat", box((-w / 2, -d / 2, h - 0.07), (w / 2, d / 2, h - 0.04)), wood)
        b.add("cushion", soft.cushion((-w / 2, -d / 2, h - 0.04), (w / 2, d / 2, h), 0.015), p["material_fabric"])
    else:
        k, gap = (4 if d > 0.36 else 3), 0.012
        sw = (d - (k - 1) * gap) / k
        for i in range(k):
            y0 = -d / 2 + i * (sw + gap)
            b.add(f"slat_{i}", box((-w / 2, y0, h - 0.03), (w / 2, y0 + sw, h)), wood)
        for side, xf in (("left", -w / 2 + 0.12), ("right", w / 2 - 0.12)):
            legs = [box((xf - 0.015, s * (d / 2 - 0.03) - 0.015, 0.0), (xf + 0.015, s * (d / 2 - 0.03) + 0.015, h - 0.06)) for s in (-1, 1)]
            b.add(f"frame_{side}", merge(*legs, box((xf - 0.015, -d / 2 + 0.015, h - 0.06), (xf + 0.015, d / 2 - 0.015, h - 0.03))),
                  p["material_metal"])
    top = {"classic": "seat", "modern": "cushion", "minimal": "slat_0"}[style]
    b.surface(soft.seat_surface(top, h, (-w / 2 + 0.03, -d / 2 + 0.03, w / 2 - 0.03, d / 2 - 0.03)))
