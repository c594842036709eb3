"""Decor and household bits: books, plants, photo frames, storage boxes, toys, towels, and the
wall pieces (art, mirrors, clocks, floating shelves).

Styles: ``classic`` (hardcover book, bushy plant or tree, wide wooden frames with a mat, lidded
box, teddy bear, one folded towel, framed painting, rectangular framed mirror, round clock, shelf
on brackets) and ``modern`` (paperback, spiky leaves in a cylinder pot, thin metal frame, open bin
with a label, toy blocks, a stack of two towels, frameless abstract canvas, round mirror, square
clock, floating shelf on a hidden cleat).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from . import common
from .mesh import Mesh, TreeBuilder, box, frustum, horizontal_cylinder, merge, uv_sphere
from .parttree import PartTree, SupportSurface
from .tableware import Item, add_all, affine, fit, lathe, oriented_box

STYLES: tuple[str, ...] = ("classic", "modern")

_FRAME = ("oak", "walnut", "black_metal", "painted_white", "brass")
_POT = ("terracotta", "ceramic_white", "concrete", "ceramic_blue", "plastic_white")
_MATERIALS: dict[str, dict[str, tuple[str, ...]]] = {
    "book": {"cover": ("book_cover_red", "book_cover_blue", "book_cover_green", "leather_brown", "paper_white")},
    "small_plant": {"pot": _POT},
    "potted_plant": {"pot": _POT},
    "picture_frame": {"frame": _FRAME},
    "box": {"body": ("pine", "birch", "plastic_white", "plastic_blue", "linen_beige", "fabric_grey")},
    "toy": {"body": ("velvet_mustard", "linen_beige", "leather_brown", "fabric_red", "fabric_blue")},
    "towel": {"cloth": ("cotton_white", "fabric_blue", "fabric_grey", "linen_beige", "fabric_green")},
    "wall_art": {"frame": _FRAME},
    "mirror": {"frame": _FRAME},
    "wall_clock": {"frame": ("black_metal", "walnut", "brass", "plastic_white", "oak")},
    "wall_shelf": {"board": ("oak", "walnut", "pine", "painted_white", "mdf_black"), "bracket": ("black_metal", "brass", "steel")},
}


def sample(rng: np.random.Generator, category: str, **overrides) -> dict:
    p = common.base_params(rng, category, STYLES, _MATERIALS[category], overrides)
    if category == "small_plant" and "depth_m" not in overrides:
        p["depth_m"] = p["width_m"]
    if category == "wall_clock" and "height_m" not in overrides:
        p["height_m"] = p["width_m"]
    return p


def _walls(x0: float, y0: float, x1: float, y1: float, z0: float, z1: float, t: float) -> list[Mesh]:
    """Four walls of thickness ``t`` round the rectangle, from ``z0`` to ``z1``."""
    return [
        box((x0, y0, z0), (x1, y0 + t, z1)),
        box((x0, y1 - t, z0), (x1, y1, z1)),
        box((x0, y0 + t, z0), (x0 + t, y1 - t, z1)),
        box((x1 - t, y0 + t, z0), (x1, y1 - t, z1)),
    ]


def _tray(x0: float, y0: float, x1: float, y1: float, z1: float, t: float) -> Mesh:
    """An open box: a floor and four walls of thickness ``t`` from z = 0 to ``z1``."""
    return merge(box((x0, y0, 0.0), (x1, y1, t)), *_walls(x0, y0, x1, y1, 0.0, z1, t))


def _frame_xz(x0: float, z0: float, x1: float, z1: float, y0: float, y1: float, bar: float) -> Mesh:
    """A rectangular picture frame in the XZ plane: four bars of width ``bar``, depth y0..y1."""
    return merge(
        box((x0, y0, z0), (x1, y1, z0 + bar)),
        box((x0, y0, z1 - bar), (x1, y1, z1)),
        box((x0, y0, z0 + bar), (x0 + bar, y1, z1 - bar)),
        box((x1 - bar, y0, z0 + bar), (x1, y1, z1 - bar)),
    )


def _wall_disc(profile: list[tuple[float, float]], w: float, h: float, loop: bool = False) -> Mesh:
    """A lathe about the Y axis (facing the front), oval ``h/w``, centred at z = h/2: profile
    ``(r, a)`` has the radius along X and ``a = -y`` (front is +a)."""
    turned = lathe(profile, y_scale=h / w, segments=24, loop=loop)
    return affine(turned, [[1.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0]], (0.0, 0.0, h / 2.0))


def _book(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    x0, y0, x1, y1 = -w / 2, -d / 2, w / 2, d / 2
    if p["style"] == "classic":  # hardcover: boards overhang the page block, rounded spine
        t, over = min(0.003, 0.12 * h), 0.003
        cover = merge(
            box((x0 + h / 2, y0, 0.0), (x1, y1, t)),
            box((x0 + h / 2, y0, h - t), (x1, y1, h)),
            horizontal_cylinder((x0 + h / 2, y0, h / 2), (x0 + h / 2, y1, h / 2), h / 2, segments=12),
        )
        pages = box((x0 + h / 2, y0 + over, t), (x1 - over, y1 - over, h - t))
    else:  # paperback: a thin cover wrapped tightly round the pages
        t = min(0.0012, 0.06 * h)
        cover = merge(box((x0, y0, 0.0), (x1, y1, t)), box((x0, y0, h - t), (x1, y1, h)), box((x0, y0, 0.0), (x0 + t, y1, h)))
        pages = box((x0 + t, y0 + 0.0005, t), (x1 - 0.0005, y1 - 0.0005, h - t))
    tb.add("cover", cover, p["material_cover"])
    tb.add("pages", pages, "paper_white", parent="cover")


def _leaves(rp: float, z0: float, height: float, ys: float, n: int) -> Mesh:
    """Spiky leaves rising from a pot of radius ``rp``: thin leaning pyramids, the first ``height`` tall."""
    scale = (1.0, 0.82, 0.7, 0.9, 0.76, 0.86, 0.64)
    leaves = []
    for k in range(n):
        th = 2.0 * math.pi * k / n + 0.4
        hl = height * scale[k % len(scale)]
        base_r, lean = (0.0, 0.0) if k == 0 else (0.25 * rp, 0.5 * rp * hl / height)
        spike = frustum((0.0, 0.0), 1.0, 0.05, 0.0, hl, segments=4)
        c, s = math.cos(th), math.sin(th)
        shape = np.array([[0.14 * rp, 0.0, 0.0], [0.0, 0.04 * rp, lean / hl], [0.0, 0.0, 1.0]])
        rot = np.array([[s, c, 0.0], [-c, s, 0.0], [0.0, 0.0, 1.0]])  # local x -> tangent, y -> outwards
        turn = np.diag([1.0, ys, 1.0]) @ rot @ shape
        leaves.append(affine(spike, turn, (base_r * c, base_r * s * ys, z0)))
    return merge(*leaves)


def _blobs(w: float, d: float, zb: float, h: float) -> Mesh:
    """A bushy canopy of ellipsoids exactly spanning x in +-w/2, y in +-d/2 and z up to h."""
    big = h - zb
    unit = uv_sphere((0.0, 0.0, 0.0), 1.0, rings=6, segments=12)
    spec = [
        ((0.25 * w, 0.0, zb + 0.35 * big), (0.25 * w, 0.25 * d, 0.3 * big)),
        ((-0.25 * w, 0.0, zb + 0.35 * big), (0.25 * w, 0.25 * d, 0.3 * big)),
        ((0.0, 0.25 * d, zb + 0.45 * big), (0.25 * w, 0.25 * d, 0.3 * big)),
        ((0.0, -0.25 * d, zb + 0.45 * big), (0.25 * w, 0.25 * d, 0.3 * big)),
        ((0.0, 0.0, zb + 0.5 * big), (0.3 * w, 0.3 * d, 0.3 * big)),
        ((0.0, 0.0, h - 0.35 * big), (0.3 * w, 0.3 * d, 0.35 * big)),
    ]
    return merge(*(affine(unit, np.diag(radii), centre) for centre, radii in spec))


def _plant(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    ys, tall = d / w, p["category"] == "potted_plant"
    classic = p["style"] == "classic"
    rp = (0.3 if tall else 0.36) * w if classic else w / 2.0
    hp = (0.22 if tall else 0.38) * h if classic else (0.3 if tall else 0.42) * h
    if classic:
        pot = [(0.72 * rp, 0.0), (0.9 * rp, 0.8 * hp), (rp, 0.8 * hp), (rp, hp)]
    else:
        pot = [(0.92 * rp, 0.0), (rp, 0.04 * hp), (rp, hp)]
    tb.add("pot", lathe(pot, y_scale=ys), p["material_pot"])
    tb.add("soil", lathe([(0.9 * rp, hp - 0.004), (0.9 * rp, hp + 0.004)], y_scale=ys), "soil", parent="pot")
    if classic:
        canopy_z = 0.42 * h if tall else 0.85 * hp
        if tall:
            tb.add("trunk", lathe([(0.1 * rp, hp - 0.01), (0.07 * rp, 0.7 * h)], segments=8), "walnut", parent="pot")
        tb.add("foliage", _blobs(w, d, canopy_z, h), "foliage", parent="pot")
    else:
        tb.add("foliage", _leaves(rp, hp - 0.01, h - hp + 0.01, ys, 7), "foliage", parent="pot")


def _picture_frame(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    classic = p["style"] == "classic"
    ft = min(0.018 if classic else 0.012, 0.4 * d)
    bar = min(0.12 * min(w, h), 0.035) if classic else 0.007
    y0 = -d / 2
    tb.add("frame", merge(_frame_xz(-w / 2, 0.0, w / 2, h, y0, y0 + ft, bar),
                          box((-w / 2 + bar, y0 + ft - 0.003, bar), (w / 2 - bar, y0 + ft, h - bar))), p["material_frame"])
    inset = bar + (0.15 * min(w, h) if classic else 0.0)
    if classic:
        tb.add("mat", box((-w / 2 + bar, y0 + 0.5 * ft, bar), (w / 2 - bar, y0 + ft - 0.002, h - bar)), "paper_white",
               parent="frame")
    tb.add("photo", box((-w / 2 + inset, y0 + 0.5 * ft - 0.001, inset), (w / 2 - inset, y0 + ft - 0.002, h - inset)),
           "canvas_art", parent="frame")
    st, sw, top = 0.004, 0.25 * w, 0.6 * h
    strut = oriented_box((-sw / 2, y0 + ft - st, top), (sw, 0.0, 0.0), (0.0, d - ft, -top), (0.0, st, 0.0))
    tb.add("strut", strut, p["material_frame"], parent="frame")


def _box(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    t = min(0.008, 0.05 * min(w, d))
    if p["style"] == "classic":  # lidded box: the lid's skirt hangs over the body with 2 mm play
        lid_t, skirt = min(0.012, 0.1 * h), min(0.03, 0.25 * h)
        g = t + 0.002
        tb.add("body", _tray(-w / 2 + g, -d / 2 + g, w / 2 - g, d / 2 - g, h - lid_t - 0.002, t), p["material_body"])
        lid = merge(box((-w / 2, -d / 2, h - lid_t), (w / 2, d / 2, h)), *_walls(-w / 2, -d / 2, w / 2, d / 2, h - skirt, h, t))
        tb.add("lid", lid, p["material_body"], parent="body")
    else:  # open bin with a label card on the front
        tb.add("body", _tray(-w / 2, -d / 2 + 0.002, w / 2, d / 2, h, t), p["material_body"])
        tb.add("label", box((-0.15 * w, -d / 2, 0.55 * h), (0.15 * w, -d / 2 + 0.003, 0.75 * h)), "paper_white", parent="body")


def _teddy(p: dict) -> list[Item]:
    """A sitting teddy bear in design units (about 0.76 x 0.68 x 1.02), fitted later."""
    fur = p["material_body"]
    unit = uv_sphere((0.0, 0.0, 0.0), 1.0, rings=6, segments=12)

    def blob(centre: tuple[float, float, float], radii: tuple[float, float, float]) -> Mesh:
        return affine(unit, np.diag(radii), centre)

    items: list[Item] = [
        ("body", blob((0.0, 0.04, 0.33), (0.3, 0.26, 0.33)), fur, None),
        ("head", blob((0.0, -0.02, 0.78), (0.22, 0.2, 0.21)), fur, "body"),
        ("snout", blob((0.0, -0.2, 0.74), (0.08, 0.06, 0.06)), "linen_beige", "head"),
        ("nose", blob((0.0, -0.255, 0.765), (0.025, 0.02, 0.02)), "plastic_black", "snout"),
        ("eyes", merge(blob((-0.08, -0.19, 0.83), (0.025,) * 3), blob((0.08, -0.19, 0.83), (0.025,) * 3)), "plastic_black", "head"),
    ]
    for i, sx in enumerate((-1.0, 1.0)):
        items += [
            (f"ear_{i}", blob((0.16 * sx, 0.0, 0.95), (0.07, 0.04, 0.07)), fur, "head"),
            (f"arm_{i}", blob((0.3 * sx, -0.04, 0.42), (0.08, 0.08, 0.2)), fur, "body"),
            (f"leg_{i}", blob((0.15 * sx, -0.2, 0.09), (0.09, 0.18, 0.09)), fur, "body"),
        ]
    return items


def _blocks(w: float, d: float, h: float) -> list[Item]:
    """Toy blocks stacked 3 x 2, 2 x 1, 1, with 2 mm joints between neighbours."""
    colors = ("plastic_red", "plastic_yellow", "plastic_blue", "plastic_green")
    g, lh = 0.002, h / 3.0
    bx, by = (w - 2 * g) / 3.0, (d - g) / 2.0
    items: list[Item] = []
    for layer, (nx, ny) in enumerate(((3, 2), (2, 1), (1, 1))):
        span_x, span_y = nx * bx + (nx - 1) * g, ny * by + (ny - 1) * g
        for ix in range(nx):
            for iy in range(ny):
                x0, y0 = -span_x / 2 + ix * (bx + g), -span_y / 2 + iy * (by + g)
                k = len(items)
                mesh = box((x0, y0, layer * lh), (x0 + bx, y0 + by, (layer + 1) * lh))
                items.append((f"block_{k}", mesh, colors[k % len(colors)], None if k == 0 else "block_0"))
    return items


def _toy(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    add_all(tb, fit(_teddy(p), w, d, h) if p["style"] == "classic" else _blocks(w, d, h))


def _folded(w: float, d: float, z0: float, z1: float) -> Mesh:
    """A folded towel: a flat slab with the rounded fold along the front edge."""
    r = (z1 - z0) / 2.0
    ry = min(r, 0.45 * d)
    yc = -d / 2 + ry
    fold = affine(horizontal_cylinder((-w / 2, 0.0, 0.0), (w / 2, 0.0, 0.0), r, segments=12), np.diag([1.0, ry / r, 1.0]), (0.0, yc, z0 + r))
    return merge(box((-w / 2, yc, z0), (w / 2, d / 2, z1)), fold)


def _towel(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    if p["style"] == "classic":
        tb.add("towel", _folded(w, d, 0.0, h), p["material_cloth"])
    else:
        tb.add("towel_0", _folded(w, d, 0.0, h / 2), p["material_cloth"])
        tb.add("towel_1", _folded(0.9 * w, 0.92 * d, h / 2, h), "cotton_white", parent="towel_0")


def _wall_art(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    if p["style"] == "classic":  # framed painting, canvas recessed behind the frame
        bar = float(np.clip(0.07 * min(w, h), 0.02, 0.08))
        tb.add("frame", _frame_xz(-w / 2, 0.0, w / 2, h, -d / 2, d / 2, bar), p["material_frame"])
        canvas = box((-w / 2 + bar - 0.002, -d / 2 + 0.4 * d, bar - 0.002), (w / 2 - bar + 0.002, d / 2, h - bar + 0.002))
        tb.add("canvas", canvas, "canvas_art", parent="frame")
        return
    tb.add("canvas", box((-w / 2, -d / 2 + 0.003, 0.0), (w / 2, d / 2, h)), "canvas_art")  # frameless abstract print
    motifs = (((0.08, 0.1, 0.48, 0.62), "painted_blue"), ((0.55, 0.3, 0.92, 0.9), "velvet_mustard"),
              ((0.15, 0.7, 0.45, 0.9), "fabric_red"))
    for k, ((fx0, fz0, fx1, fz1), mat) in enumerate(motifs):
        tb.add(f"motif_{k}", box((-w / 2 + fx0 * w, -d / 2, fz0 * h), (-w / 2 + fx1 * w, -d / 2 + 0.004, fz1 * h)), mat, parent="canvas")


def _mirror(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    if p["style"] == "classic":  # rectangular frame
        bar = float(np.clip(0.06 * min(w, h), 0.02, 0.07))
        tb.add("frame", _frame_xz(-w / 2, 0.0, w / 2, h, -d / 2, d / 2, bar), p["material_frame"])
        glass = box((-w / 2 + bar - 0.003, -d / 2 + 0.35 * d, bar - 0.003), (w / 2 - bar + 0.003, d / 2, h - bar + 0.003))
    else:  # round or oval, thin rim
        r = w / 2
        ri = r - min(0.025, 0.08 * r)
        tb.add("frame", _wall_disc([(ri, -d / 2), (r, -d / 2), (r, d / 2), (ri, d / 2)], w, h, loop=True), p["material_frame"])
        glass = _wall_disc([(ri + 0.004, -d / 2), (ri + 0.004, d / 2 - 0.35 * d)], w, h)
    tb.add("glass", glass, "mirror", parent="frame")


def _hand(angle_deg: float, length: float, width: float, y: float, zc: float) -> Mesh:
    """A clock hand pointing at ``angle_deg`` clockwise from 12, seen from the front."""
    a = math.radians(angle_deg)
    u = np.array([math.sin(a), 0.0, math.cos(a)])
    v = np.array([math.cos(a), 0.0, -math.sin(a)])
    origin = np.array([0.0, y, zc]) - 0.15 * length * u - 0.5 * width * v
    return oriented_box(origin, 1.15 * length * u, width * v, (0.0, 0.002, 0.0))


def _wall_clock(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    r, zc, yf = min(w, h) / 2, h / 2, -d / 2 + 0.008
    if p["style"] == "classic":  # round clock with a rim
        tb.add("frame", _wall_disc([(0.86 * r, -d / 2), (w / 2, -d / 2), (w / 2, d / 2), (0.86 * r, d / 2)], w, h, loop=True),
               p["material_frame"])
        face = _wall_disc([(0.87 * w / 2, -d / 2 + 0.001), (0.87 * w / 2, -yf)], w, h)
    else:  # square case
        bar = 0.08 * min(w, h)
        tb.add("frame", merge(_frame_xz(-w / 2, 0.0, w / 2, h, -d / 2, d / 2, bar),
                              box((-w / 2 + bar, d / 2 - 0.004, bar), (w / 2 - bar, d / 2, h - bar))), p["material_frame"])
        face = box((-w / 2 + bar - 0.002, yf, bar - 0.002), (w / 2 - bar + 0.002, d / 2 - 0.002, h - bar + 0.002))
    tb.add("face", face, "paper_white", parent="frame")
    dot = 0.03 * r
    marks = [box((0.72 * r * math.sin(a) - dot, yf - 0.002, zc + 0.72 * r * math.cos(a) - dot),
                 (0.72 * r * math.sin(a) + dot, yf + 0.001, zc + 0.72 * r * math.cos(a) + dot))
             for a in np.linspace(0.0, 2 * math.pi, 12, endpoint=False)]
    tb.add("marks", merge(*marks), "black_metal", parent="face")
    tb.add("hour_hand", _hand(300.0, 0.45 * r, 0.05 * r, yf - 0.005, zc), "black_metal", parent="face")
    tb.add("minute_hand", _hand(60.0, 0.68 * r, 0.035 * r, yf - 0.0035, zc), "black_metal", parent="face")
    tb.add("cap", horizontal_cylinder((0.0, -d / 2, zc), (0.0, yf + 0.001, zc), 0.05 * r, segments=8), "brass", parent="face")


def _wall_shelf(tb: TreeBuilder, p: dict) -> None:
    w, d, h = common.dims(p)
    bt = min(0.035, 0.45 * h)
    below = h - bt
    tb.add("board", box((-w / 2, -d / 2, below), (w / 2, d / 2, h)), p["material_board"])
    if p["style"] == "classic":  # two L brackets with a diagonal brace
        t, arm = 0.006, 0.75 * d
        for i, x in enumerate((-0.36 * w, 0.36 * w)):
            bracket = merge(
                box((x - 0.01, d / 2 - t, 0.0), (x + 0.01, d / 2, below)),
                box((x - 0.01, d / 2 - arm, below - t), (x + 0.01, d / 2 - t, below)),
                oriented_box((x - 0.008, d / 2 - t - 0.004, 0.15 * below), (0.016, 0.0, 0.0),
                             (0.0, -(arm - 0.02 - t), 0.85 * below - t), (0.0, 0.004, 0.0)),
            )
            tb.add(f"bracket_{i}", bracket, p["material_bracket"], parent="board")
    else:  # floating shelf: a hidden cleat against the wall
        tb.add("cleat", box((-0.45 * w, d / 2 - 0.02, 0.0), (0.45 * w, d / 2, below)), p["material_board"], parent="board")
    inset = 0.01
    tb.surface(SupportSurface("top", "top", "board", h, (-w / 2 + inset, -d / 2 + inset, w / 2 - inset, d / 2 - inset), 0.35))


_BUILDERS: dict[str, Callable[[TreeBuilder, dict], None]] = {
    "book": _book,
    "small_plant": _plant,
    "potted_plant": _plant,
    "picture_frame": _picture_frame,
    "box": _box,
    "toy": _toy,
    "towel": _towel,
    "wall_art": _wall_art,
    "mirror": _mirror,
    "wall_clock": _wall_clock,
    "wall_shelf": _wall_shelf,
}


def build(params: dict) -> PartTree:
    tb = TreeBuilder(params["category"], params)
    _BUILDERS[params["category"]](tb, params)
    return tb.build()
