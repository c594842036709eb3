"""SceneEval-style metrics (v1.1 constants): COL, OOB, NAV, ACC, SUP (``support``) and OPC.

Objects are those that count for N_obj (rugs, doors and windows left out; rugs would otherwise
"collide" with every sofa standing on them and block every walkway they lie on).

* **COL**: fraction of objects in collision. A pair whose meshes overlap (depth > 1 µm) is tested
  again after moving the later object 5 mm away from the mean contact point (the overlap volume's
  centroid) towards its own centroid; it collides if the meshes still intersect. Unlike an FCL
  surface query this also catches an object swallowed whole by another.
* **OOB**: SceneEval samples max(5000 · OBB volume, 1000) surface points per object and casts each
  down; fewer than 99 % hitting the floor slab makes the object out of bounds. This module computes
  the expectation of that sample exactly: the fraction of the surface *area* above the floor slab
  (x in [0, W], y in [0, D], z >= -0.05 m), by clipping the triangles that cross its planes.
  OOB is the fraction of objects out of bounds.
* **NAV**: the floor on a 256 px image (centred, half extent + 0.2 m: ``nav_pixel_m``), eroded by
  a square kernel of the robot width (``WALKER_WIDTH_M``, 0.2 m: the walker the solver keeps the
  floor connected for) in pixels; each object whose box centre is below 2 m is drawn as its
  oriented footprint with a border of that width (OpenCV thickness: half outside); flat objects
  under 3 cm (mats) are walked over. NAV = largest 8-connected free component / all free pixels.
* **ACC**: for each floor object with functional sides (catalogue), a strip 0.2 m deep at 0.05 m
  from each such side, as wide as the side; its score is the fraction of strip pixels on free
  floor (floor minus footprints, no erosion, margin 0); the object's score is its best side's; ACC is
  the mean over those objects (1.0 when there are none).
* **OPC**: for each door and window, the box on the room side spanning the opening's width and
  height and reaching the door's width (doors) or 0.5 m (windows) into the room, from the middle of
  the wall; the triangles of objects whose oriented box meets it are projected onto the opening at
  100 px/m; the occluded fraction of the opening is its score. OPC is the mean over openings
  (0 when there are none); 0 is best.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from ...ground import catalog
from ...ground.geometry import NAV_IMAGE_BORDER_M, NAV_IMAGE_PX, WALKER_WIDTH_M, Box, boxes_overlap, wall_frame
from ...assets.shapes import local_bounds
from ..solver.world import box_of
from ...ground.state import Opening, SceneState
from .collide import still_overlapping, unit
from .meshes import ObjectMesh, moved
from .physical import Contact
from .raster import FloorGrid, component_sizes, erode

COL_MOVE_M = 0.005
OOB_THRESHOLD = 0.99
FLOOR_THICKNESS_M = 0.05
OBJECT_HEIGHT_THRESHOLD_M = 2.0
WALKABLE_HEIGHT_M = 0.03
ACCESS_WIDTH_M = 0.2
ACCESS_OFFSET_M = 0.05
WINDOW_EXTRUDE_M = 0.5
OPENING_PX_PER_M = 100


# ---------------------------------------------------------------- COL


def collision_pairs(meshes: dict[str, ObjectMesh], contacts: list[Contact]) -> list[tuple[str, str]]:
    """Pairs still intersecting after the later object moves 5 mm away from the contact."""
    out = []
    for c in contacts:
        a, b = meshes[c.a], meshes[c.b]
        direction = unit(b.centroid - c.overlap.centre, unit(b.centroid - a.centroid, np.array([0.0, 0.0, 1.0])))
        if still_overlapping(a, moved(b, COL_MOVE_M * direction)):
            out.append((c.a, c.b))
    return out


def col(meshes: dict[str, ObjectMesh], pairs: list[tuple[str, str]]) -> float:
    ids = {i for p in pairs for i in p}
    return len(ids) / len(meshes) if meshes else 0.0


# ---------------------------------------------------------------- OOB


def _clip_polygon(poly: np.ndarray, normal: np.ndarray, offset: float) -> np.ndarray:
    s = poly @ normal - offset
    out = []
    for i in range(len(poly)):
        j = (i + 1) % len(poly)
        if s[i] <= 0:
            out.append(poly[i])
        if (s[i] <= 0) != (s[j] <= 0):
            out.append(poly[i] + s[i] / (s[i] - s[j]) * (poly[j] - poly[i]))
    return np.asarray(out).reshape(-1, 3)


def _polygon_area(poly: np.ndarray) -> float:
    if len(poly) < 3:
        return 0.0
    return 0.5 * float(np.linalg.norm(np.cross(poly[1:-1] - poly[0], poly[2:] - poly[0]).sum(axis=0)))


def inbound_fraction(mesh: ObjectMesh, width_m: float, depth_m: float) -> float:
    """Fraction of an object's surface area whose downward ray hits the floor slab."""
    if mesh.lo[0] >= 0 and mesh.lo[1] >= 0 and mesh.hi[0] <= width_m and mesh.hi[1] <= depth_m and mesh.lo[2] >= -FLOOR_THICKNESS_M:
        return 1.0
    normals = np.array([[-1.0, 0, 0], [1.0, 0, 0], [0, -1.0, 0], [0, 1.0, 0], [0, 0, -1.0]])
    offsets = np.array([0.0, width_m, 0.0, depth_m, FLOOR_THICKNESS_M])
    tri = mesh.triangles()
    area = 0.5 * np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
    signed = tri @ normals.T - offsets  # (m, 3, 5)
    inside = np.all(signed.max(axis=1) <= 0, axis=1)
    outside = np.any(signed.min(axis=1) >= 0, axis=1)
    kept = float(area[inside].sum())
    for k in np.nonzero(~inside & ~outside)[0]:
        poly = tri[k]
        for n, d in zip(normals, offsets):
            poly = _clip_polygon(poly, n, d)
            if len(poly) < 3:
                break
        kept += _polygon_area(poly)
    total = float(area.sum())
    return kept / total if total > 0 else 1.0


def oob_objects(state: SceneState, meshes: dict[str, ObjectMesh]) -> list[str]:
    room = state.room
    return [oid for oid, m in meshes.items() if inbound_fraction(m, room.width_m, room.depth_m) < OOB_THRESHOLD]


# ---------------------------------------------------------------- NAV and ACC


def _blocking_boxes(state: SceneState, ids, movable: tuple[str, ...] = ()) -> list[tuple[str, Box]]:
    out = []
    for oid in ids:
        if state.get(oid).category in movable:
            continue
        box = box_of(state.get(oid))
        if (box.z0 + box.z1) / 2.0 <= OBJECT_HEIGHT_THRESHOLD_M and box.z1 > WALKABLE_HEIGHT_M:
            out.append((oid, box))
    return out


@dataclass(frozen=True)
class Navigation:
    nav: float
    free: np.ndarray  # the eroded walkable floor without objects (for the review image)
    grid: FloorGrid


def navigability(state: SceneState, ids) -> Navigation:
    room = state.room
    grid = FloorGrid.of(room, NAV_IMAGE_BORDER_M, NAV_IMAGE_PX)
    robot_px = grid.pixels(WALKER_WIDTH_M)
    free = erode(grid.floor(room), robot_px)
    for _, box in _blocking_boxes(state, ids):
        free &= ~grid.box(box, robot_px * grid.pixel_m / 2.0)
    total = int(free.sum())
    sizes = component_sizes(free)
    nav = float(sizes[0]) / total if total and len(sizes) else 0.0
    return Navigation(nav, free, grid)


SIDE_DIRECTIONS = {"front": (0.0, -1.0), "back": (0.0, 1.0), "left": (-1.0, 0.0), "right": (1.0, 0.0)}


def accessibility(state: SceneState, ids, movable: tuple[str, ...] = ()) -> tuple[float, dict[str, float]]:
    """ACC and each scored object's best side score. Objects of the ``movable`` categories (chairs
    that can be pulled out) neither block nor are scored when given (the critic's variant)."""
    room = state.room
    grid = FloorGrid.of(room, 0.0)
    free = grid.floor(room)
    for _, box in _blocking_boxes(state, ids, movable):
        free &= ~grid.box(box)
    scores: dict[str, float] = {}
    for oid in ids:
        obj = state.get(oid)
        cat = catalog.BY_NAME[obj.category]
        if cat.placement != "floor" or not cat.functional_sides or obj.category in movable:
            continue
        lo, hi = local_bounds(obj.params)
        cx, cy = (lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0
        w, d = hi[0] - lo[0], hi[1] - lo[1]
        t = math.radians(obj.pose.yaw_deg)
        c, s = math.cos(t), math.sin(t)
        best = 0.0
        for side in cat.functional_sides:
            dx, dy = SIDE_DIRECTIONS[side]
            half = d / 2.0 if dy else w / 2.0
            reach = half + ACCESS_WIDTH_M / 2.0 + ACCESS_OFFSET_M
            lx, ly = cx + dx * reach, cy + dy * reach
            sw, sd = (w, ACCESS_WIDTH_M) if dy else (ACCESS_WIDTH_M, d)
            wx, wy = obj.pose.x + c * lx - s * ly, obj.pose.y + s * lx + c * ly
            strip = grid.rect(wx, wy, sw, sd, obj.pose.yaw_deg)
            n = int(strip.sum())
            best = max(best, float((strip & free).sum()) / n if n else 0.0)
        scores[oid] = best
    return (float(np.mean(list(scores.values()))) if scores else 1.0), scores


# ---------------------------------------------------------------- OPC


def clearance_box(state: SceneState, opening: Opening) -> Box:
    room = state.room
    start, direction, inward = wall_frame(room, opening.wall)
    extrude = opening.width_m if opening.kind == "door" else WINDOW_EXTRUDE_M
    back = room.wall_thickness_m / 2.0
    centre = start + direction * opening.offset_m + inward * ((extrude - back) / 2.0)
    yaw = math.degrees(math.atan2(direction[1], direction[0]))
    return Box(float(centre[0]), float(centre[1]), opening.width_m, extrude + back, yaw, opening.sill_m, opening.sill_m + opening.height_m)


def occlusion(state: SceneState, opening: Opening, meshes: dict[str, ObjectMesh]) -> tuple[float, list[str]]:
    """Occluded fraction of one opening, and the objects that occlude it."""
    room = state.room
    start, direction, inward = wall_frame(room, opening.wall)
    zone = clearance_box(state, opening)
    extrude = zone.d - room.wall_thickness_m / 2.0
    width_px = max(1, math.ceil(opening.width_m * OPENING_PX_PER_M))
    height_px = max(1, math.ceil(opening.height_m * OPENING_PX_PER_M))
    image = Image.new("L", (width_px, height_px), 0)
    draw = ImageDraw.Draw(image)
    u0 = opening.offset_m - opening.width_m / 2.0
    top = opening.sill_m + opening.height_m
    culprits = []
    for oid, mesh in meshes.items():
        if not boxes_overlap(box_of(state.get(oid)), zone, eps=0.0):
            continue
        tri = mesh.triangles()
        rel = tri[:, :, :2] - start
        v = rel @ inward
        keep = (v.min(axis=1) <= extrude) & (v.max(axis=1) >= -room.wall_thickness_m / 2.0)
        if not keep.any():
            continue
        before = np.count_nonzero(np.asarray(image))
        px = ((rel[keep] @ direction) - u0) * OPENING_PX_PER_M
        py = (top - tri[keep][:, :, 2]) * OPENING_PX_PER_M
        for xs, ys in zip(px, py):
            draw.polygon(list(zip(xs.tolist(), ys.tolist())), fill=255)
        if np.count_nonzero(np.asarray(image)) > before:
            culprits.append(oid)
    return float(np.count_nonzero(np.asarray(image))) / (width_px * height_px), culprits


def opening_clearance(state: SceneState, meshes: dict[str, ObjectMesh]) -> tuple[float, dict[str, float]]:
    per = {o.id: occlusion(state, o, meshes)[0] for o in state.openings}
    return (float(np.mean(list(per.values()))) if per else 0.0), per
