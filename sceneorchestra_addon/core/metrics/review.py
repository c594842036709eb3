"""The review image: a marked top-down drawing of the scene (Pillow), like SceneWeaver's marked
render that its reviewer and the VLM judge look at.

Drawn at ``PX_PER_M`` pixels per metre, north up, the room's (0, 0) corner at the bottom left with
metre ticks: walls (dark), doors (brown gap and swing arc), windows (blue), then every object's
oriented footprint (rugs first, then floor furniture, wall objects, small objects, ceiling lights
as outlines) with its id and an orange arrow along its front. Objects in a collision (#CN or COL),
out of bounds (#OB / OOB) or unsupported (SUP) are outlined and labelled in red.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont

from ...ground import catalog
from ...ground.geometry import front_vector, wall_frame
from ..solver.world import box_of
from ...ground.state import SceneState

PX_PER_M = 120
MARGIN_PX = 70
FILL = {"floor": (222, 205, 178), "on_top": (170, 210, 160), "wall": (196, 178, 226), "ceiling": None, "flat": (236, 226, 206)}
ORDER = {"flat": 0, "floor": 1, "wall": 2, "on_top": 3, "ceiling": 4}
RED = (214, 30, 30)


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default()


def canvas(width_m: float, depth_m: float) -> tuple[Image.Image, ImageDraw.ImageDraw, Callable[[float, float], tuple[float, float]]]:
    """A white image for a top-down drawing of ``width_m`` x ``depth_m`` with the margin, and the
    map from metres (north up, (0, 0) at the bottom left inside the margin) to pixels."""
    w_px = int(width_m * PX_PER_M) + 2 * MARGIN_PX
    h_px = int(depth_m * PX_PER_M) + 2 * MARGIN_PX
    image = Image.new("RGB", (w_px, h_px), (255, 255, 255))

    def px(x: float, y: float) -> tuple[float, float]:
        return MARGIN_PX + x * PX_PER_M, h_px - MARGIN_PX - y * PX_PER_M

    return image, ImageDraw.Draw(image), px


def render(state: SceneState, flagged: set[str] | frozenset[str] = frozenset(), title: str = "") -> Image.Image:
    """The marked top-down image; ``flagged`` ids are drawn in red."""
    room = state.room
    image, draw, px = canvas(room.width_m, room.depth_m)
    h_px = image.size[1]
    font, small = _font(13), _font(10)

    t = room.wall_thickness_m
    draw.rectangle([px(-t, room.depth_m + t), px(room.width_m + t, -t)], fill=(70, 70, 70))
    draw.rectangle([px(0, room.depth_m), px(room.width_m, 0)], fill=(247, 244, 238))
    for k in range(int(room.width_m) + 1):
        draw.text((px(k, 0)[0] - 3, h_px - MARGIN_PX + t * PX_PER_M + 4), str(k), fill=(90, 90, 90), font=small)
    for k in range(int(room.depth_m) + 1):
        draw.text((MARGIN_PX - t * PX_PER_M - 14, px(0, k)[1] - 6), str(k), fill=(90, 90, 90), font=small)
    for o in state.openings:
        _opening(draw, room, o, px)
    objects = sorted(state.objects, key=lambda o: ORDER[_kind(o.category)])
    for o in objects:
        _object(draw, o, o.id in flagged, px)
    for o in sorted(objects, key=lambda o: catalog.BY_NAME[o.category].placement != "on_top"):  # furniture labels on top
        box = box_of(o)
        x, y = px(box.cx, box.cy)
        large = catalog.BY_NAME[o.category].placement != "on_top"
        draw.text((x + 3, y - (6 if large else 4)), o.id, fill=RED if o.id in flagged else (20, 20, 20), font=font if large else small)
    if title:
        draw.text((MARGIN_PX, 14), title, fill=(20, 20, 20), font=font)
    return image


def _kind(category: str) -> str:
    c = catalog.BY_NAME[category]
    return "flat" if not c.counts_as_object else c.placement if c.placement in ORDER else "floor"


def _opening(draw: ImageDraw.ImageDraw, room, opening, px) -> None:
    start, direction, inward = wall_frame(room, opening.wall)
    a = start + direction * (opening.offset_m - opening.width_m / 2)
    b = start + direction * (opening.offset_m + opening.width_m / 2)
    t = room.wall_thickness_m
    if opening.kind == "door":
        outer_a, outer_b = a - inward * t, b - inward * t
        if not opening.params:  # a doorway whose leaf swings into the room next door (a plan's inner door), or an open passage
            draw.polygon([px(*a), px(*b), px(*outer_b), px(*outer_a)], fill=(236, 226, 206))
            draw.line([px(*a), px(*b)], fill=(150, 100, 60), width=1)
            mid = (a + b) / 2 - inward * t
            draw.text((px(*mid)[0] - 15, px(*mid)[1] - 6), opening.id, fill=(30, 30, 30), font=_font(10))
            return
        draw.polygon([px(*a), px(*b), px(*outer_b), px(*outer_a)], fill=(150, 100, 60))
        hinge = a
        for k in range(12):
            th0, th1 = k / 12 * math.pi / 2, (k + 1) / 12 * math.pi / 2
            p0 = hinge + opening.width_m * (math.cos(th0) * direction + math.sin(th0) * inward)
            p1 = hinge + opening.width_m * (math.cos(th1) * direction + math.sin(th1) * inward)
            draw.line([px(*p0), px(*p1)], fill=(150, 100, 60), width=1)
        draw.line([px(*hinge), px(*(hinge + inward * opening.width_m))], fill=(150, 100, 60), width=2)
    else:
        outer_a, outer_b = a - inward * t, b - inward * t
        draw.polygon([px(*a), px(*b), px(*outer_b), px(*outer_a)], fill=(150, 200, 240))
    mid = (a + b) / 2 - inward * t
    draw.text((px(*mid)[0] - 15, px(*mid)[1] - 6), opening.id, fill=(30, 30, 30), font=_font(10))


def _object(draw: ImageDraw.ImageDraw, obj, flagged: bool, px) -> None:
    kind = _kind(obj.category)
    box = box_of(obj)
    corners = [px(float(x), float(y)) for x, y in box.corners()]
    outline = RED if flagged else (60, 60, 60)
    fill = FILL[kind]
    if flagged and fill is not None:
        fill = (240, 170, 170)
    draw.polygon(corners, fill=fill, outline=outline, width=3 if flagged else 1)
    f = front_vector(obj.pose.yaw_deg)
    cx, cy = box.cx, box.cy
    reach = min(box.w, box.d) / 2 + 0.08
    tip = (cx + f[0] * reach, cy + f[1] * reach)
    draw.line([px(cx, cy), px(*tip)], fill=(230, 130, 0), width=2)
    left = (tip[0] - f[0] * 0.06 - f[1] * 0.04, tip[1] - f[1] * 0.06 + f[0] * 0.04)
    right = (tip[0] - f[0] * 0.06 + f[1] * 0.04, tip[1] - f[1] * 0.06 - f[0] * 0.04)
    draw.polygon([px(*tip), px(*left), px(*right)], fill=(230, 130, 0))
