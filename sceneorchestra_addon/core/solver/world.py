"""The solver's view of a scene: exact oriented boxes of every object (from its PartTree's bounds),
the zones that must stay clear (door swings, windows), and the ``fits`` test every placement goes
through. Boxes are conservative proxies of the meshes: boxes that do not overlap guarantee meshes
that do not intersect, so placement is collision-free by construction.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ...assets import build as build_tree
from ...assets.parttree import PartTree
from .. import catalog
from ..geometry import Box, boxes_overlap, inside_rect, to_world, wall_frame
from ..state import Opening, Pose, Room, SceneObject, SceneState

GAP_M = 0.01  # clearance kept between a new object and its neighbours
DOOR_CLEARANCE_M = 0.9  # depth of the kept-free zone inside a door (its swing and the way in)


@lru_cache(maxsize=8192)
def _tree_from_json(params_json: str) -> PartTree:
    return build_tree(json.loads(params_json))


def tree_of(params: dict) -> PartTree:
    """The PartTree of a parameter set (built once per distinct parameters)."""
    return _tree_from_json(json.dumps(params, sort_keys=True))


@lru_cache(maxsize=8192)
def _bounds_from_json(params_json: str) -> tuple[np.ndarray, np.ndarray]:
    return _tree_from_json(params_json).bounds()


def local_bounds(params: dict) -> tuple[np.ndarray, np.ndarray]:
    """Min and max corner of an object's geometry in its own frame."""
    return _bounds_from_json(json.dumps(params, sort_keys=True))


@lru_cache(maxsize=8192)
def _base_from_json(params_json: str) -> tuple[float, float, float, float]:
    tree = _tree_from_json(params_json)
    verts = np.vstack([p.vertices for p in tree.parts])
    low = verts[verts[:, 2] <= verts[:, 2].min() + 0.01]
    return float(low[:, 0].min()), float(low[:, 1].min()), float(low[:, 0].max()), float(low[:, 1].max())


def base_rect(params: dict) -> tuple[float, float, float, float]:
    """The XY bounds of what an object stands on (its vertices within 1 cm of its bottom): a lamp's
    foot, a TV's stand. Only this has to lie on a support surface; the rest may overhang."""
    return _base_from_json(json.dumps(params, sort_keys=True))


def box_at(params: dict, pose: Pose) -> Box:
    """The exact oriented bounding box of an object with these params at this pose."""
    lo, hi = local_bounds(params)
    centre = to_world(pose, np.array([[(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0]]))[0]
    return Box(float(centre[0]), float(centre[1]), float(hi[0] - lo[0]), float(hi[1] - lo[1]), pose.yaw_deg, pose.z + float(lo[2]), pose.z + float(hi[2]))


def box_of(obj: SceneObject) -> Box:
    return box_at(obj.params, obj.pose)


def opening_zone(room: Room, opening: Opening) -> Box:
    """The volume inside the room in front of a door (kept clear for its swing and passage) or a
    window (kept clear up to the window's top for floor furniture taller than its sill)."""
    start, direction, inward = wall_frame(room, opening.wall)
    depth = DOOR_CLEARANCE_M if opening.kind == "door" else 0.3
    centre = start + direction * opening.offset_m + inward * (depth / 2.0)
    along = math.degrees(math.atan2(direction[1], direction[0]))
    width = opening.width_m + (0.1 if opening.kind == "door" else 0.0)
    z0 = 0.0 if opening.kind == "door" else opening.sill_m
    return Box(float(centre[0]), float(centre[1]), width, depth, along, z0, opening.sill_m + opening.height_m)


def is_flat_covering(category: str) -> bool:
    """Rugs: furniture may stand on them and they may lie under furniture (SceneWeaver excludes
    them from collisions too)."""
    c = catalog.BY_NAME[category]
    return c.placement == "floor" and not c.counts_as_object


@dataclass
class World:
    """Boxes of the scene's objects and opening zones, for fast `fits` queries."""

    state: SceneState
    boxes: dict[str, Box]
    zones: list[tuple[str, Box]]

    @staticmethod
    def of(state: SceneState) -> World:
        boxes = {o.id: box_of(o) for o in state.objects if not is_flat_covering(o.category)}
        zones = [(o.id, opening_zone(state.room, o)) for o in state.openings] if state.room else []
        return World(state, boxes, zones)

    def add(self, obj: SceneObject) -> None:
        if not is_flat_covering(obj.category):
            self.boxes[obj.id] = box_of(obj)

    def in_room(self, box: Box) -> bool:
        room = self.state.room
        return inside_rect(box, 0.0, 0.0, room.width_m, room.depth_m) and box.z0 >= -1e-6 and box.z1 <= room.height_m + 1e-6

    def blocker(self, box: Box, ignore: frozenset[str] | set[str] = frozenset(), gap: float = GAP_M, zones: bool = True) -> str | None:
        """What a box would collide with ("the room's walls", an object id, an opening's zone), or None."""
        if not self.in_room(box):
            return "the room's walls"
        grown = box.grown(gap)
        for oid, other in self.boxes.items():
            if oid not in ignore and boxes_overlap(grown, other):
                return oid
        if zones:
            for oid, zone in self.zones:
                if boxes_overlap(box, zone):
                    return f"the clearance of {oid}"
        return None

    def fits(self, box: Box, ignore: frozenset[str] | set[str] = frozenset(), gap: float = GAP_M, zones: bool = True) -> bool:
        return self.blocker(box, ignore, gap, zones) is None


def is_floor_category(category: str) -> bool:
    return catalog.BY_NAME[category].placement == "floor"
