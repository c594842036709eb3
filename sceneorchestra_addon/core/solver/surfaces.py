"""Placing small objects on a supporter's surfaces (tops, shelf levels, cabinet insides).

Positions are chosen in the supporter's frame inside the surface rectangle, under the surface's
clearance, apart from the objects already standing on that surface; the world pose follows from
the supporter's pose. Two modes: scattered (``add_on_top``) and packed in rows (``add_crowd``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ...ground.geometry import Box, boxes_overlap, footprints_overlap, to_world
from ...ground.state import Pose, SceneObject, SceneState
from ...assets.shapes import base_rect, local_bounds, sweep_bounds, tree_of
from .world import World, bounds_box, box_at, sweep_boxes

ITEM_GAP_M = 0.01
STACK_RIM_M = 0.02  # a surface's rect keeps this far inside its part's edge; a stacked appliance covers it
STACK_SLIDES_M = (0.0, 0.02, -0.02, 0.05, -0.05, 0.1, -0.1)
YAWS = (0.0, 90.0, -90.0, 180.0)  # the turns a small piece on a surface may take


@dataclass(frozen=True)
class Slot:
    surface: str
    local: Pose  # in the supporter's frame
    world: Pose


def surfaces_of(parent: SceneObject, kinds: tuple[str, ...]) -> list:
    return [s for s in tree_of(parent.params).surfaces if s.kind in kinds]


def world_pose(parent_pose: Pose, local: Pose) -> Pose:
    xy = to_world(parent_pose, np.array([[local.x, local.y]]))[0]
    return Pose(float(xy[0]), float(xy[1]), parent_pose.z + local.z, (parent_pose.yaw_deg + local.yaw_deg + 180.0) % 360.0 - 180.0)


def _local_box(params: dict, local: Pose) -> Box:
    return box_at(params, local)


def _occupied(state: SceneState, parent_id: str, surface: str) -> list[Box]:
    return [box_at(o.params, o.local) for o in state.objects if o.parent == parent_id and o.surface == surface and o.local is not None]


def fit_height(params: dict, clearance: float, min_size: tuple[float, float, float]) -> dict | None:
    """Params scaled down uniformly to stand under ``clearance``, or None if that would make the
    object smaller than its category allows in any dimension."""
    h = float(local_bounds(params)[1][2] - local_bounds(params)[0][2])
    if h <= clearance - ITEM_GAP_M:
        return params
    scale = (clearance - ITEM_GAP_M) / h
    dims = [float(params[k]) * scale for k in ("width_m", "depth_m", "height_m")]
    if any(d < m for d, m in zip(dims, min_size)):
        return None
    scaled = dict(params)
    for key in ("width_m", "depth_m", "height_m"):
        scaled[key] = round(float(params[key]) * scale, 4)
    return scaled


def _extent(rect: tuple[float, float, float, float], yaw: float) -> tuple[float, float, float, float]:
    """The bounds of a local rectangle around the object's origin when it is turned by ``yaw``."""
    bx0, by0, bx1, by1 = rect
    corners = to_world(Pose(0.0, 0.0, 0.0, yaw), np.array([[bx0, by0], [bx1, by0], [bx1, by1], [bx0, by1]]))
    return float(corners[:, 0].min()), float(corners[:, 1].min()), float(corners[:, 0].max()), float(corners[:, 1].max())


def centre_range(rect: tuple[float, float, float, float], extent: tuple[float, float, float, float]) -> tuple[float, float, float, float] | None:
    """Where the origin may go so that a footprint of ``extent`` stays inside ``rect`` (None if nowhere)."""
    x0, y0, x1, y1 = rect[0] - extent[0], rect[1] - extent[1], rect[2] - extent[2], rect[3] - extent[3]
    if x0 > x1 + 1e-9 or y0 > y1 + 1e-9:
        return None
    return x0, y0, max(x0, x1), max(y0, y1)


def scatter_slot(world: World, parent: SceneObject, params: dict, surfaces: list, rng: np.random.Generator, tries: int = 40) -> Slot | None:
    """A free random spot for one object on one of ``surfaces`` (tried in random order). The origin is
    drawn where the object stays on the surface for the drawn yaw (the same draws a try as ever), so
    an object nearly as deep as the surface (a pillow on a sofa's seat) is found as readily as a
    small one; a surface it cannot stand on at any yaw is skipped. What must stay on the surface is
    the base on a top (the rest may overhang), the whole footprint elsewhere (``_try_slot``)."""
    lo, hi = local_bounds(params)
    height = float(hi[2] - lo[2])
    turns = max(hi[0] - lo[0], hi[1] - lo[1]) < 0.25
    footprints = {"top": base_rect(params), "": (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))}
    extents = {(kind, yaw): _extent(rect, yaw) for kind, rect in footprints.items() for yaw in YAWS}
    order = list(range(len(surfaces)))
    rng.shuffle(order)
    passes = (None,) if turns else (0.0, 180.0, 90.0, -90.0) if sweep_bounds(params) else (0.0,)
    for turned in passes:  # something that opens (a till's drawer) is turned when it cannot open facing the front
        slot = _scatter_pass(world, parent, params, surfaces, order, turned, (height, extents), rng, tries)
        if slot is not None:
            return slot
    return None


def _scatter_pass(world: World, parent: SceneObject, params: dict, surfaces: list, order: list[int], fixed_yaw: float | None,
                  shape: tuple[float, dict], rng: np.random.Generator, tries: int) -> Slot | None:
    """One pass of ``scatter_slot`` over the surfaces in ``order``: yaws drawn (``fixed_yaw`` None)
    or all ``fixed_yaw``."""
    height, extents = shape
    turns = fixed_yaw is None
    for idx in order:
        s = surfaces[idx]
        if height > s.clearance_m - ITEM_GAP_M:
            continue
        kind = "top" if s.kind == "top" else ""
        ranges = {yaw: centre_range(s.rect, extents[(kind, yaw)]) for yaw in (YAWS if turns else (fixed_yaw,))}
        if all(r is None for r in ranges.values()):
            continue
        taken = _occupied(world.state, parent.id, s.name)
        for _ in range(tries):
            yaw = float(rng.choice([0.0, 0.0, 90.0, -90.0, 180.0])) if turns else fixed_yaw
            span = ranges[yaw]
            x0, y0, x1, y1 = span if span is not None else s.rect
            local = Pose(float(rng.uniform(x0, x1)), float(rng.uniform(y0, y1)), s.z, yaw)
            if span is None:  # it does not fit this way round (the draws are kept: one yaw and two numbers a try)
                continue
            slot = _try_slot(world, parent, params, s, local, taken)
            if slot is not None:
                return slot
    return None


def _try_slot(world: World, parent: SceneObject, params: dict, surface, local: Pose, taken: list[Box], stacked: bool = False) -> Slot | None:
    """The slot if the object's base stands inside the surface, it stays under the clearance and
    apart from the surface's other objects, and it hits nothing else in the room. A ``stacked``
    floor object (a dryer on a washer) may cover the surface's rim (``STACK_RIM_M``), is not held to
    the clearance (nothing but the room limits it) and keeps clear of doors and windows."""
    bx0, by0, bx1, by1 = base_rect(params)
    base = to_world(local, np.array([[bx0, by0], [bx1, by0], [bx1, by1], [bx0, by1]]))
    rim = STACK_RIM_M if stacked else 0.0
    x0, y0, x1, y1 = surface.rect[0] - rim, surface.rect[1] - rim, surface.rect[2] + rim, surface.rect[3] + rim
    eps = 1e-6
    if base[:, 0].min() < x0 - eps or base[:, 0].max() > x1 + eps or base[:, 1].min() < y0 - eps or base[:, 1].max() > y1 + eps:
        return None
    box = _local_box(params, local)
    if not stacked and box.z1 - surface.z > surface.clearance_m:
        return None
    if surface.kind != "top":  # inside a shelf or cabinet nothing may stick out of the surface
        corners = box.corners()
        if corners[:, 0].min() < x0 - eps or corners[:, 0].max() > x1 + eps or corners[:, 1].min() < y0 - eps or corners[:, 1].max() > y1 + eps:
            return None
    grown = box.grown(ITEM_GAP_M / 2)
    if any(footprints_overlap(grown, other.grown(ITEM_GAP_M / 2)) for other in taken):
        return None
    wpose = world_pose(parent.pose, local)
    family = {parent.id, *(o.id for o in world.state.descendants(parent.id))}
    if not world.fits(box_at(params, wpose), ignore=family, gap=0.0, zones=stacked, swept_ignore={parent.id}):
        return None  # (what opens on the supporter itself, a drawer round a jar in it, moves the jar along)
    if world.sweep_blocker(params, wpose, ignore={parent.id}) is not None or _sweeps_hit_parts(params, wpose, parent):
        return None  # its own door or lid would hit something (of its supporter, a part: a drawer opens over the top it stands on)
    return Slot(surface.name, local, wpose)


def _sweeps_hit_parts(params: dict, pose: Pose, parent: SceneObject) -> bool:
    """Whether the doors, drawers or lids of an object at ``pose`` would hit a part of ``parent``
    (each part's box: a till's drawer opening over a reception desk's top may not run into its
    raised counter, but the desk's box as a whole, counter and all, is no obstacle)."""
    swept = sweep_boxes(params, pose)
    return bool(swept) and any(boxes_overlap(s, b) for b in _part_boxes(parent) for s in swept)


def _part_boxes(obj: SceneObject) -> list[Box]:
    return [bounds_box(part.vertices.min(axis=0), part.vertices.max(axis=0), obj.pose) for part in tree_of(obj.params).parts]


def stack_slot(world: World, parent: SceneObject, params: dict, surfaces: list) -> tuple[Slot | None, str]:
    """A spot for a floor object stacked on one of ``surfaces`` (a dryer on a washing machine):
    its base centred on the surface, turned like the supporter, else slid a little (no randomness).
    Without one: (None, what is in the way at the centre of the first surface)."""
    bx0, by0, bx1, by1 = base_rect(params)
    slides = sorted(((dx, dy) for dx in STACK_SLIDES_M for dy in STACK_SLIDES_M), key=lambda d: (math.hypot(*d), d))
    reason = ""
    for s in surfaces:
        taken = _occupied(world.state, parent.id, s.name)
        x0, y0, x1, y1 = s.rect
        cx, cy = (x0 + x1) / 2.0 - (bx0 + bx1) / 2.0, (y0 + y1) / 2.0 - (by0 + by1) / 2.0
        for dx, dy in slides:
            slot = _try_slot(world, parent, params, s, Pose(cx + dx, cy + dy, s.z, 0.0), taken, stacked=True)
            if slot is not None:
                return slot, ""
        if not reason:
            if bx1 - bx0 > x1 - x0 + 2 * STACK_RIM_M + 1e-6 or by1 - by0 > y1 - y0 + 2 * STACK_RIM_M + 1e-6:
                reason = f"its base ({bx1 - bx0:.2f} x {by1 - by0:.2f} m) is larger than the top ({x1 - x0:.2f} x {y1 - y0:.2f} m)"
            else:
                family = {parent.id, *(o.id for o in world.state.descendants(parent.id))}
                wpose = world_pose(parent.pose, Pose(cx, cy, s.z, 0.0))
                hit = world.sweep_blocker(params, wpose)
                reason = (world.blocker(box_at(params, wpose), ignore=family, gap=0.0, swept_ignore={parent.id})
                          or (hit and f"its door or lid would hit {hit}") or "the objects already on it")
    return None, reason


def row_slots(world: World, parent: SceneObject, surface, items: Iterable[dict], density: float, rng: np.random.Generator) -> list[tuple[dict, Slot]]:
    """Pack items side by side along the surface's x, in rows from back to front, until
    ``density`` of the rows' length is used. Items taller than the clearance are skipped.
    ``items`` is read one at a time, as far as the rows take it: a lazy iterable is only ever
    built (its shapes generated) up to the last item looked at."""
    x0, y0, x1, y1 = surface.rect
    taken = _occupied(world.state, parent.id, surface.name)
    placed: list[tuple[dict, Slot]] = []
    queue = iter(items)
    params = next(queue, None)
    y_cursor = y1
    while params is not None and y_cursor > y0:
        row_depth = 0.0
        x = x0 + ITEM_GAP_M
        budget = density * (x1 - x0)
        used = 0.0
        while params is not None and used < budget:
            lo, hi = local_bounds(params)
            w, d = float(hi[0] - lo[0]), float(hi[1] - lo[1])
            if x + w > x1 - ITEM_GAP_M:
                break
            current, params = params, next(queue, None)
            if y_cursor - d < y0:
                continue
            local = Pose(x + w / 2 - float(lo[0] + hi[0]) / 2, y_cursor - d / 2 - float(lo[1] + hi[1]) / 2 - ITEM_GAP_M, surface.z, 0.0)
            slot = _try_slot(world, parent, current, surface, local, taken)
            x += w + ITEM_GAP_M + float(rng.uniform(0.0, 0.01))
            if slot is None:
                continue
            taken.append(_local_box(current, local))
            placed.append((current, slot))
            used += w + ITEM_GAP_M
            row_depth = max(row_depth, d)
        if row_depth == 0.0:
            break
        y_cursor -= row_depth + ITEM_GAP_M
        if density < 0.5 and not math.isclose(row_depth, 0.0):
            break  # a light fill keeps to one row
    return placed


def to_local(parent_pose: Pose, world: Pose, surface_z: float) -> Pose:
    """A world pose expressed in the supporter's frame, on the surface at ``surface_z``."""
    xy = to_world(Pose(0.0, 0.0, 0.0, -parent_pose.yaw_deg), np.array([[world.x - parent_pose.x, world.y - parent_pose.y]]))[0]
    yaw = (world.yaw_deg - parent_pose.yaw_deg + 180.0) % 360.0 - 180.0
    return Pose(float(xy[0]), float(xy[1]), surface_z, yaw)
