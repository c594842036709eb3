"""Workbench previews of the add-on collection: a top-down and a 3/4 perspective view, side by side.

Rendering happens in a temporary scene that links only the add-on collection, so the user's scene
settings (engine, resolution, camera, colour management) and the user's objects stay out of it.
The cameras live in the add-on collection while they are used and are deleted afterwards.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import bpy
from mathutils import Vector
from PIL import Image, ImageDraw, ImageFont

from .collection import find_collection, get_collection, remove_tree

PREVIEW_SCENE = "SceneOrchestra.preview"
BACKGROUND_RGB = (236, 236, 232)
LABEL_PX = 14
HIGH_CORNER = Vector((-1.0, -1.25, 1.35))  # from the room centre towards the camera (south-west, up)
LENS_MM = 35.0


@contextmanager
def temporary_scene(coll: bpy.types.Collection, width_px: int, height_px: int) -> Iterator[bpy.types.Scene]:
    """A throw-away scene showing only ``coll``, set up for a fast Workbench render."""
    scene = bpy.data.scenes.new(PREVIEW_SCENE)
    try:
        scene.collection.children.link(coll)
        configure_workbench(scene, width_px, height_px)
        yield scene
    finally:
        bpy.data.scenes.remove(scene)


def configure_workbench(scene: bpy.types.Scene, width_px: int, height_px: int) -> None:
    render = scene.render
    render.engine = "BLENDER_WORKBENCH"
    render.resolution_x, render.resolution_y, render.resolution_percentage = width_px, height_px, 100
    render.film_transparent = True
    render.image_settings.file_format = "PNG"
    render.image_settings.color_mode = "RGBA"
    scene.view_settings.view_transform = "Standard"  # material colours as they are
    scene.display.render_aa = "FXAA"
    shading = scene.display.shading
    shading.light = "STUDIO"
    shading.color_type = "MATERIAL"
    shading.show_cavity = True
    shading.cavity_type = "WORLD"
    shading.show_object_outline = False


def add_camera(coll: bpy.types.Collection, name: str, ortho_scale_m: float | None = None) -> bpy.types.Object:
    """A camera object inside ``coll``: orthographic when ``ortho_scale_m`` is given."""
    data = bpy.data.cameras.new(name)
    data.clip_start, data.clip_end = 0.05, 500.0
    if ortho_scale_m is not None:
        data.type = "ORTHO"
        data.ortho_scale = ortho_scale_m
    else:
        data.lens = LENS_MM
    cam = bpy.data.objects.new(name, data)
    coll.objects.link(cam)
    return cam


def look_at(cam: bpy.types.Object, location: Vector, target: Vector) -> None:
    cam.location = location
    cam.rotation_euler = (target - location).to_track_quat("-Z", "Y").to_euler()


def render_image(scene: bpy.types.Scene, cam: bpy.types.Object) -> Image.Image:
    """Render ``scene`` through ``cam`` and return the RGBA picture."""
    scene.camera = cam
    fd, tmp = tempfile.mkstemp(suffix=".png", prefix="sceneorchestra-")
    os.close(fd)
    try:
        scene.render.filepath = tmp
        bpy.ops.render.render(write_still=True, scene=scene.name)
        with Image.open(tmp) as im:
            return im.convert("RGBA")
    finally:
        os.unlink(tmp)


def on_background(image: Image.Image, rgb: tuple[int, int, int] = BACKGROUND_RGB) -> Image.Image:
    canvas = Image.new("RGBA", image.size, (*rgb, 255))
    canvas.alpha_composite(image)
    return canvas.convert("RGB")


def label_font(size_px: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size_px)


def mesh_bounds(objs: list[bpy.types.Object]) -> tuple[Vector, Vector]:
    """World-space axis-aligned bounds of the mesh objects in ``objs`` (a unit box if none)."""
    corners = [obj.matrix_world @ Vector(c) for obj in objs if obj.type == "MESH" for c in obj.bound_box]
    if not corners:
        return Vector((-0.5, -0.5, 0.0)), Vector((0.5, 0.5, 1.0))
    lo = Vector((min(c.x for c in corners), min(c.y for c in corners), min(c.z for c in corners)))
    hi = Vector((max(c.x for c in corners), max(c.y for c in corners), max(c.z for c in corners)))
    return lo, hi


# ---------------------------------------------------------------- the preview


def render_preview(
    path: str | os.PathLike,
    resolution: int = 640,
    near_wall: Callable[[bpy.types.Object], bool] | None = None,
    top_labels: Sequence[tuple[float, float, str]] = (),
) -> Path:
    """Write ``path``: the top view and the perspective view (each ``resolution`` square), side by side.

    Everything in the add-on collection and its child collections is shown. ``near_wall`` picks the
    objects hidden in the perspective view (by default the room's south and west walls and the
    doors and windows in them); ``top_labels`` are (x, y, text) written centred at world (x, y) in
    the top view."""
    coll = find_collection() or get_collection()
    out = Path(path)
    with temporary_scene(coll, resolution, resolution) as scene:
        scene.view_layers[0].update()
        lo, hi = mesh_bounds(list(coll.all_objects))
        top = _render_top(scene, coll, lo, hi)
        with _near_walls_hidden(coll, near_wall or _on_near_wall):
            perspective = _render_perspective(scene, coll, lo, hi)
    sheet = Image.new("RGB", (2 * resolution, resolution), BACKGROUND_RGB)
    sheet.paste(on_background(top), (0, 0))
    sheet.paste(on_background(perspective), (resolution, 0))
    for x, y, text in top_labels:
        _label_centred(sheet, top_pixel(lo, hi, resolution, x, y), text, resolution)
    _label(sheet, (0, 0), "top")
    _label(sheet, (resolution, 0), "perspective")
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out)
    return out


def top_span(lo: Vector, hi: Vector) -> float:
    """The width (and height) in metres that the square top view shows, for mesh bounds lo..hi."""
    return max(hi.x - lo.x, hi.y - lo.y, 0.5) * 1.08


def top_pixel(lo: Vector, hi: Vector, resolution: int, x: float, y: float) -> tuple[float, float]:
    """The pixel (column, row from the top) of world point (x, y) in the top view of bounds lo..hi."""
    span = top_span(lo, hi)
    cx, cy = (lo.x + hi.x) / 2, (lo.y + hi.y) / 2
    return resolution / 2 + (x - cx) / span * resolution, resolution / 2 - (y - cy) / span * resolution


def _render_top(scene: bpy.types.Scene, coll: bpy.types.Collection, lo: Vector, hi: Vector) -> Image.Image:
    span = top_span(lo, hi)
    cam = add_camera(coll, "SceneOrchestra.camera_top", ortho_scale_m=span)
    try:
        cam.location = ((lo.x + hi.x) / 2, (lo.y + hi.y) / 2, hi.z + 10.0)
        cam.rotation_euler = (0.0, 0.0, 0.0)  # looking down, north up
        return render_image(scene, cam)
    finally:
        remove_tree(cam, coll)


def _render_perspective(scene: bpy.types.Scene, coll: bpy.types.Collection, lo: Vector, hi: Vector) -> Image.Image:
    centre = (lo + hi) / 2
    target = Vector((centre.x, centre.y, lo.z + 0.3 * (hi.z - lo.z)))
    radius = max((hi - lo).length / 2, 0.5)
    half_fov = math.atan(18.0 / LENS_MM)  # 36 mm sensor, square image
    distance = radius / math.sin(half_fov) * 0.92
    cam = add_camera(coll, "SceneOrchestra.camera_perspective")
    try:
        look_at(cam, target + HIGH_CORNER.normalized() * distance, target)
        return render_image(scene, cam)
    finally:
        remove_tree(cam, coll)


@contextmanager
def _near_walls_hidden(coll: bpy.types.Collection, near_wall: Callable[[bpy.types.Object], bool]) -> Iterator[None]:
    """Hide the objects ``near_wall`` picks (the walls nearest the perspective camera and the doors
    and windows in them), for a dollhouse view; restore them afterwards."""
    hidden = [o for o in coll.all_objects if near_wall(o)]
    before = [o.hide_render for o in hidden]
    for o in hidden:
        o.hide_render = True
    try:
        yield
    finally:
        for o, was_hidden in zip(hidden, before):
            o.hide_render = was_hidden


def _on_near_wall(obj: bpy.types.Object) -> bool:
    root = obj
    while root.parent is not None:
        root = root.parent
    if root is obj:
        return False
    if root.get("so_id") == "room":
        return str(obj.get("so_part", "")).startswith(("wall_south", "wall_west"))
    # doors and windows stand in the middle of their wall's thickness, outside the interior
    return root.get("so_kind") == "opening" and (root.location.x < 0.0 or root.location.y < 0.0)


def _label_centred(image: Image.Image, centre: tuple[float, float], text: str, width_px: int) -> None:
    """``text`` on a white box centred at pixel ``centre``, moved sideways as little as needed to
    stay within the first ``width_px`` columns (the top view)."""
    draw = ImageDraw.Draw(image)
    font = label_font(LABEL_PX)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x, y = round(centre[0] - (left + right) / 2), round(centre[1] - (top + bottom) / 2)
    x = max(4 - left, min(x, width_px - 5 - right))
    draw.rectangle((x + left - 4, y + top - 3, x + right + 4, y + bottom + 3), fill=(255, 255, 255))
    draw.text((x, y), text, fill=(20, 20, 20), font=font)


def _label(image: Image.Image, corner: tuple[int, int], text: str) -> None:
    draw = ImageDraw.Draw(image)
    font = label_font(LABEL_PX)
    x, y = corner[0] + 6, corner[1] + 6
    left, top, right, bottom = draw.textbbox((x, y), text, font=font)
    draw.rectangle((left - 4, top - 3, right + 4, bottom + 3), fill=(255, 255, 255))
    draw.text((x, y), text, fill=(20, 20, 20), font=font)
