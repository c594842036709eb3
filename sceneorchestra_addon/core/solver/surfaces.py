"""Placing small objects on a supporter's surfaces (tops, shelf levels, cabinet insides).

Positions are chosen in the supporter's frame inside the surface rectangle, under the surface's
clearance, apart from the objects already standing on that surface; the world pose follows from
the supporter's pose. Two modes: scattered (``add_on_top``) and packed in rows (``add_crowd``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...ground.geometry import Box, footprints_overlap, to_world
from ...ground.state import Pose, SceneObject, SceneState
from ...assets.shapes import base_rect, local_bounds, tree_of
from .world import World, box_at

ITEM_GAP_M = 0.01


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


def scatter_slot(world: World, parent: SceneObject, params: dict, surfaces: list, rng: np.random.Generator, tries: int = 40) -> Slot | None:
    """A free random spot for one object on one of ``surfaces`` (tried in random order)."""
    lo, hi = local_bounds(params)
    height = float(hi[2] - lo[2])
    order = list(range(len(surfaces)))
    rng.shuffle(order)
    for idx in order:
        s = surfaces[idx]
        if height > s.clearance_m - ITEM_GAP_M:
            continue
        taken = _occupied(world.state, parent.id, s.name)
        x0, y0, x1, y1 = s.rect
        for _ in range(tries):
            yaw = float(rng.choice([0.0, 0.0, 90.0, -90.0, 180.0])) if max(hi[0] - lo[0], hi[1] - lo[1]) < 0.25 else 0.0
            local = Pose(float(rng.uniform(x0, x1)), float(rng.uniform(y0, y1)), s.z, yaw)
            slot = _try_slot(world, parent, params, s, local, taken)
            if slot is not None:
                return slot
    return None


def _try_slot(world: World, parent: SceneObject, params: dict, surface, local: Pose, taken: list[Box]) -> Slot | None:
    """The slot if the object's base stands inside the surface, it stays under the clearance and
    apart from the surface's other objects, and it hits nothing else in the room."""
    bx0, by0, bx1, by1 = base_rect(params)
    base = to_world(local, np.array([[bx0, by0], [bx1, by0], [bx1, by1], [bx0, by1]]))
    x0, y0, x1, y1 = surface.rect
    eps = 1e-6
    if base[:, 0].min() < x0 - eps or base[:, 0].max() > x1 + eps or base[:, 1].min() < y0 - eps or base[:, 1].max() > y1 + eps:
        return None
    box = _local_box(params, local)
    if box.z1 - surface.z > surface.clearance_m:
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
    if not world.fits(box_at(params, wpose), ignore=family, gap=0.0, zones=False):
        return None
    return Slot(surface.name, local, wpose)


def row_slots(world: World, parent: SceneObject, surface, items: list[dict], density: float, rng: np.random.Generator) -> list[tuple[dict, Slot]]:
    """Pack items side by side along the surface's x, in rows from back to front, until
    ``density`` of the rows' length is used. Items taller than the clearance are skipped."""
    x0, y0, x1, y1 = surface.rect
    taken = _occupied(world.state, parent.id, surface.name)
    placed: list[tuple[dict, Slot]] = []
    queue = list(items)
    y_cursor = y1
    while queue and y_cursor > y0:
        row_depth = 0.0
        x = x0 + ITEM_GAP_M
        budget = density * (x1 - x0)
        used = 0.0
        while queue and used < budget:
            params = queue[0]
            lo, hi = local_bounds(params)
            w, d = float(hi[0] - lo[0]), float(hi[1] - lo[1])
            if x + w > x1 - ITEM_GAP_M:
                break
            if y_cursor - d < y0:
                queue.pop(0)
                continue
            queue.pop(0)
            local = Pose(x + w / 2 - float(lo[0] + hi[0]) / 2, y_cursor - d / 2 - float(lo[1] + hi[1]) / 2 - ITEM_GAP_M, surface.z, 0.0)
            slot = _try_slot(world, parent, params, surface, local, taken)
            x += w + ITEM_GAP_M + float(rng.uniform(0.0, 0.01))
            if slot is None:
                continue
            taken.append(_local_box(params, local))
            placed.append((params, slot))
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
