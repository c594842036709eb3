"""The catalogue contact sheet: one instance of every category, rendered once and labelled.

Objects stand in rows in catalogue order, turned by ``TURN_DEG`` so that a front and a side show,
and are seen from the front and above by an orthographic camera, so that every row is a straight
line in the picture. Small objects (placement ``on_top``) are magnified and say so in their label.
Wall, ceiling and opening objects simply stand on the floor. Everything is built in a temporary
collection and scene that are deleted afterwards; the user's objects are never touched.
"""

from __future__ import annotations

import math
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import bpy
import numpy as np
from bpy_extras.object_utils import world_to_camera_view
from mathutils import Vector
from PIL import Image, ImageDraw

from .. import assets
from ..assets.parttree import PartTree
from ..ground import catalog
from ..ground.state import Pose
from .build import build_object
from .collection import remove_tree
from .render import add_camera, label_font, on_background, render_image, temporary_scene

SHEET_COLLECTION = "SceneOrchestra.sheet"
TURN_DEG = 30.0  # every object turned counter-clockwise: its front and its left side show
ELEVATION_DEG = 38.0  # the camera looks down at this angle
GAP_M = 0.35
SMALL_TARGET_M = 0.45  # small objects are magnified to about this size (at most MAX_ZOOM)
MAX_ZOOM = 4.0
FONT_PX = 19
MARGIN_PX = 40
TARGET_ASPECT = 1.25  # width / height of the picture the layout aims for


@dataclass(frozen=True)
class Item:
    name: str
    tree: PartTree
    zoom: float
    lo: np.ndarray  # rotated, zoomed bounds in the object's frame
    hi: np.ndarray
    label: str
    label_w_m: float = 0.0


@dataclass(frozen=True)
class Slot:
    item: Item
    pose: Pose


def render_catalog_sheet(out_path: str | Path, seed: int = 0, width_px: int = 2400) -> dict:
    """Build, lay out, render and label every catalogue category; returns a small report."""
    start = time.perf_counter()
    items = [_item(name, seed) for name in catalog.CATEGORY_NAMES]
    built = time.perf_counter()
    coll = bpy.data.collections.new(SHEET_COLLECTION)
    try:
        image = _render_sheet(items, coll, width_px)
    finally:
        for obj in [o for o in coll.objects if o.parent is None]:
            remove_tree(obj, coll)
        bpy.data.collections.remove(coll)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out)
    return {"categories": len(items), "size": image.size, "generate_s": built - start, "total_s": time.perf_counter() - start}


def _item(name: str, seed: int) -> Item:
    rng = np.random.default_rng((seed, zlib.crc32(name.encode())))
    tree = assets.build(assets.sample_params(name, rng))
    verts = np.vstack([p.vertices for p in tree.parts])
    t = math.radians(TURN_DEG)
    rot = np.array([[math.cos(t), -math.sin(t), 0.0], [math.sin(t), math.cos(t), 0.0], [0.0, 0.0, 1.0]])
    turned = verts @ rot.T
    size = float((verts.max(axis=0) - verts.min(axis=0)).max())
    small = catalog.BY_NAME[name].placement == "on_top"
    zoom = min(MAX_ZOOM, SMALL_TARGET_M / max(size, 1e-3)) if small else 1.0
    zoom = zoom if zoom > 1.1 else 1.0
    label = name if zoom == 1.0 else f"{name} (x{zoom:.1f})"
    return Item(name, tree, zoom, turned.min(axis=0) * zoom, turned.max(axis=0) * zoom, label)


# ---------------------------------------------------------------- layout


def _with_label_widths(items: list[Item], px_per_m: float) -> list[Item]:
    font = label_font(FONT_PX)
    return [Item(i.name, i.tree, i.zoom, i.lo, i.hi, i.label, font.getlength(i.label) / px_per_m) for i in items]


def layout(items: list[Item], row_width_m: float, label_m: float) -> list[Slot]:
    """Rows of items, left to right; the first row at the back (the top of the picture), so the
    sheet reads in catalogue order. Each row stands far enough behind the one in front of it that
    its labels and objects are not hidden by it (for the camera elevation)."""
    rows: list[list[Item]] = [[]]
    used = 0.0
    for item in items:
        w = _slot_width(item)
        if rows[-1] and used + w > row_width_m:
            rows.append([])
            used = 0.0
        rows[-1].append(item)
        used += w
    slots: list[Slot] = []
    cot = 1.0 / math.tan(math.radians(ELEVATION_DEG))
    front_y = 0.0  # the front edge of the current row
    for row in reversed(rows):
        x = 0.0
        for item in row:
            w = _slot_width(item)
            cx = x + w / 2 - (item.lo[0] + item.hi[0]) / 2
            cy = front_y - item.lo[1]
            slots.append(Slot(item, Pose(cx, cy, -item.lo[2], TURN_DEG)))
            x += w
        # the next row's label line must clear this row's highest point seen from the camera
        reach = max(front_y - item.lo[1] + item.hi[1] + (item.hi[2] - item.lo[2]) * cot for item in row)
        front_y = reach + label_m / math.sin(math.radians(ELEVATION_DEG)) + GAP_M
    return slots


def _slot_width(item: Item) -> float:
    return max(item.hi[0] - item.lo[0], item.label_w_m) + GAP_M


def _screen_extent(slots: list[Slot]) -> tuple[float, float, float, float]:
    """(u_min, v_min, u_max, v_max) of the layout for an orthographic camera at ELEVATION_DEG."""
    e = math.radians(ELEVATION_DEG)
    us, vs = [], []
    for s in slots:
        lo, hi = s.item.lo, s.item.hi
        for x in (lo[0], hi[0]):
            us.append(s.pose.x + x)
        for y in (lo[1], hi[1]):
            for z in (lo[2], hi[2]):
                vs.append((s.pose.y + y) * math.sin(e) + (s.pose.z + z) * math.cos(e))
    return min(us), min(vs), max(us), max(vs)


def plan(items: list[Item], width_px: int) -> tuple[list[Item], list[Slot]]:
    """Choose the row width whose picture comes closest to TARGET_ASPECT."""
    best: tuple[float, list[Item], list[Slot]] | None = None
    widest = max(i.hi[0] - i.lo[0] for i in items) + GAP_M
    for row_width in np.linspace(max(widest, 6.0), 60.0, 28):
        px_per_m = (width_px - 2 * MARGIN_PX) / row_width
        sized = _with_label_widths(items, px_per_m)
        slots = layout(sized, float(row_width), (FONT_PX + 10) / px_per_m)
        u0, v0, u1, v1 = _screen_extent(slots)
        score = abs(math.log(((u1 - u0) / max(v1 - v0, 1e-6)) / TARGET_ASPECT))
        if best is None or score < best[0]:
            best = (score, sized, slots)
    return best[1], best[2]


# ---------------------------------------------------------------- rendering


def _render_sheet(items: list[Item], coll: bpy.types.Collection, width_px: int) -> Image.Image:
    items, slots = plan(items, width_px)
    empties = []
    for i, slot in enumerate(slots):
        empty = build_object(slot.item.tree, f"sheet_{i}_{slot.item.name}", slot.pose, coll)
        empty.scale = (slot.item.zoom,) * 3
        empties.append(empty)
    u0, v0, u1, v1 = _screen_extent(slots)
    margin_m = MARGIN_PX * (u1 - u0) / (width_px - 2 * MARGIN_PX)
    u0, u1, v0, v1 = u0 - margin_m, u1 + margin_m, v0 - 2 * margin_m, v1 + margin_m
    height_px = int(round(width_px * (v1 - v0) / (u1 - u0)))
    with temporary_scene(coll, width_px, height_px) as scene:
        cam = _sheet_camera(coll, u0, v0, u1, v1)
        scene.view_layers[0].update()
        picture = on_background(render_image(scene, cam), (255, 255, 255))
        points = [world_to_camera_view(scene, cam, _label_anchor(slot)) for slot in slots]
        remove_tree(cam, coll)
    _draw_labels(picture, [s.item.label for s in slots], points)
    return picture


def _sheet_camera(coll: bpy.types.Collection, u0: float, v0: float, u1: float, v1: float) -> bpy.types.Object:
    e = math.radians(ELEVATION_DEG)
    cam = add_camera(coll, "SceneOrchestra.camera_sheet", ortho_scale_m=u1 - u0)
    cam.data.sensor_fit = "HORIZONTAL"
    up = Vector((0.0, math.sin(e), math.cos(e)))
    forward = Vector((0.0, math.cos(e), -math.sin(e)))
    centre = Vector(((u0 + u1) / 2, 0.0, 0.0)) + up * ((v0 + v1) / 2)
    cam.location = centre - forward * 200.0
    cam.rotation_euler = (math.pi / 2 - e, 0.0, 0.0)
    return cam


def _label_anchor(slot: Slot) -> Vector:
    """The point under which the label goes: the front of the object's footprint, on the floor."""
    lo, hi = slot.item.lo, slot.item.hi
    return Vector((slot.pose.x + (lo[0] + hi[0]) / 2, slot.pose.y + lo[1], 0.0))


def _draw_labels(image: Image.Image, labels: list[str], points: list[Vector]) -> None:
    draw = ImageDraw.Draw(image)
    font = label_font(FONT_PX)
    w, h = image.size
    for text, p in zip(labels, points):
        x, y = p.x * w, (1.0 - p.y) * h + 4
        draw.text((x, y), text, fill=(25, 25, 25), font=font, anchor="mt")
