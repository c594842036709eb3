"""The solver's view of a scene: exact oriented boxes of every object (from its PartTree's bounds),
the zones that must stay clear (door swings, windows), and the ``fits`` test every placement goes
through. Boxes are conservative proxies of the meshes: boxes that do not overlap guarantee meshes
that do not intersect, so placement is collision-free by construction.

Doors, drawers and lids must open all the way where a piece stands. Each articulated object keeps
its *sweeps*: per joint and per position the metric ``articulation_clearance`` visits
(``assets.shapes.sweep_bounds``), the box of the moving parts there. A new object may not stand in
another's sweeps (except in its own supporter's or anchor's: a jar in a drawer, a chair at a desk
move with them in life, and the metric leaves them out too), and a new articulated object's sweeps
must lie inside the room and clear of every object (``sweep_blocker``). Each position keeps its own
box, not one box round the whole swing, so cabinets in a run can stand side by side while a door
that swings past its cabinet's side (a fridge's at 120 degrees) keeps that corner free.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ...assets.shapes import local_bounds, sweep_bounds
from ...ground import catalog
from ...ground.geometry import Box, boxes_overlap, inside_rect, point_to_world, wall_frame
from ...ground.state import Opening, Pose, Room, SceneObject, SceneState

GAP_M = 0.01  # clearance kept between a new object and its neighbours
ACCESS_M = 0.5  # depth of the free strip kept in front of a functional side (to use a wardrobe, sit at a table)
FLOOR_Z_M = 0.05  # boxes starting lower than this stand on the floor
DOOR_CLEARANCE_M = 0.9  # depth of the kept-free zone inside a door (its swing and the way in)
SWEEP_SLACK_M = 0.001  # sweeps are shrunk by this on every side: a door may brush what it passes (the metric's touch tolerance is 2 mm)




def box_at(params: dict, pose: Pose) -> Box:
    """The exact oriented bounding box of an object with these params at this pose."""
    return bounds_box(*local_bounds(params), pose)


def bounds_box(lo, hi, pose: Pose) -> Box:
    """The box of the local min and max corners ``lo``, ``hi`` (object frame) placed at ``pose``."""
    cx, cy = point_to_world(pose, float(lo[0] + hi[0]) / 2.0, float(lo[1] + hi[1]) / 2.0)
    return Box(cx, cy, float(hi[0] - lo[0]), float(hi[1] - lo[1]), pose.yaw_deg, pose.z + float(lo[2]), pose.z + float(hi[2]))


def box_of(obj: SceneObject) -> Box:
    return box_at(obj.params, obj.pose)


def sweep_boxes(params: dict, pose: Pose) -> list[Box]:
    """The boxes an object's doors, drawers and lids pass through (``sweep_bounds`` placed at
    ``pose``), each shrunk by ``SWEEP_SLACK_M``; empty for an object without joints."""
    out = []
    s = SWEEP_SLACK_M
    for lo, hi in sweep_bounds(params):
        cx, cy = point_to_world(pose, float(lo[0] + hi[0]) / 2.0, float(lo[1] + hi[1]) / 2.0)
        w, d = max(float(hi[0] - lo[0]) - 2 * s, 0.0), max(float(hi[1] - lo[1]) - 2 * s, 0.0)
        out.append(Box(cx, cy, w, d, pose.yaw_deg, pose.z + float(lo[2]) + s, pose.z + float(hi[2]) - s))
    return out


def _around(boxes: list[Box]) -> tuple[float, float, float, float, float, float]:
    """The world-axis-aligned bounds of ``boxes`` (a quick first test before the exact ones)."""
    rects = [b.aabb() for b in boxes]
    return (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects),
            min(b.z0 for b in boxes), max(b.z1 for b in boxes))


def _may_touch(box: Box, around: tuple[float, float, float, float, float, float]) -> bool:
    x0, y0, x1, y1 = box.aabb()
    return x0 < around[2] and x1 > around[0] and y0 < around[3] and y1 > around[1] and box.z0 < around[5] and box.z1 > around[4]


def access_strips(params: dict, pose: Pose, category: str) -> list[Box]:
    """Free strips, ``ACCESS_M`` deep and as wide as the side, in front of each functional side
    (front = local -Y, back = +Y, left = -X, right = +X), up to 1 m high."""
    sides = catalog.BY_NAME[category].functional_sides
    if not sides:
        return []
    lo, hi = local_bounds(params)
    cx, cy = (lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0
    w, d = float(hi[0] - lo[0]), float(hi[1] - lo[1])
    a = ACCESS_M
    local = {
        "front": (cx, lo[1] - a / 2, w, a),
        "back": (cx, hi[1] + a / 2, w, a),
        "left": (lo[0] - a / 2, cy, a, d),
        "right": (hi[0] + a / 2, cy, a, d),
    }
    strips = []
    for side in sides:
        x, y, sw, sd = local[side]
        centre = point_to_world(pose, x, y)
        strips.append(Box(float(centre[0]), float(centre[1]), sw, sd, pose.yaw_deg, pose.z, pose.z + 1.0))
    return strips


def opening_front(category: str) -> int | None:
    """Which of the category's functional sides its doors, drawers or lid open on (index into its
    ``access_strips``): the front of an articulated floor piece (a wardrobe, a kitchen island, an
    oven), or None. That side's strip must always stay free: at least one free side is not enough
    for a piece whose doors would open against a wall."""
    c = catalog.BY_NAME[category]
    if c.placement != "floor" or not c.articulated or "front" not in c.functional_sides:
        return None
    return c.functional_sides.index("front")


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
    access: dict[str, list[Box]] = field(default_factory=dict)  # free strips of floor objects' functional sides
    sweeps: dict[str, tuple[tuple, list[Box]]] = field(default_factory=dict)  # articulated objects' sweeps (with their bounds)
    _served: dict[str | None, frozenset[str]] = field(default_factory=dict)  # ``served``, per parent (a parent's own parent never changes)

    @staticmethod
    def of(state: SceneState) -> World:
        world = World(state, {}, [(o.id, opening_zone(state.room, o)) for o in state.openings] if state.room else [])
        for o in state.objects:
            world.add(o)
        return world

    def add(self, obj: SceneObject) -> None:
        if is_flat_covering(obj.category):
            return
        self.boxes[obj.id] = box_of(obj)
        swept = sweep_boxes(obj.params, obj.pose)
        if swept:
            self.sweeps[obj.id] = (_around(swept), swept)
        if obj.placement == "floor":
            self.access[obj.id] = access_strips(obj.params, obj.pose, obj.category)

    def access_ok(self, params: dict, pose: Pose, category: str, parent: str | None, strict: bool) -> bool:
        """The new object's own functional sides stay usable. Strict: every side's strip is inside
        the room, clear of objects and not shared with another object's strip. Lenient: at least one
        strip is inside the room and clear of objects (the ACC metric scores an object by its best
        side). Either way the side a piece opens on (``opening_front``) must be free."""
        strips = access_strips(params, pose, category)
        if not strips:
            return True
        served = self.served(parent)
        others = [b for oid, b in self.boxes.items() if oid not in served]
        if strict:
            others += [strip for oid, group in self.access.items() if oid not in served for strip in group]
        free = [self.in_room(s) and not any(boxes_overlap(s, b) for b in others) for s in strips]
        front = opening_front(category)
        if front is not None and not free[front]:  # its doors would open against a wall or a piece
            return False
        return all(free) if strict else any(free)

    def in_room(self, box: Box) -> bool:
        room = self.state.room
        return inside_rect(box, 0.0, 0.0, room.width_m, room.depth_m) and box.z0 >= -1e-6 and box.z1 <= room.height_m + 1e-6

    def served(self, parent: str | None) -> frozenset[str]:
        """The objects whose access strips a new object related to ``parent`` may stand in: the
        parent, and the piece a loose parent serves (a second stool beside the first at a bench)."""
        if parent not in self._served:  # asked for every candidate pose: the scene is searched once
            obj = self.state.get(parent) if parent is not None else None
            loose = obj is not None and obj.parent is not None and catalog.BY_NAME[obj.category].loose
            self._served[parent] = frozenset() if parent is None else frozenset({parent, obj.parent} if loose else {parent})
        return self._served[parent]

    def blocker(self, box: Box, ignore: frozenset[str] | set[str] = frozenset(), gap: float = GAP_M, zones: bool = True,
                exempt: str | None = None, swept_ignore: frozenset[str] | set[str] | None = None) -> str | None:
        """What a box would collide with ("the room's walls", an object id, the space another
        object's doors or drawers open into, an opening's zone, the access strip of a floor object
        other than ``exempt`` and what it serves (``served``), the new object's anchor), or None. Sweeps of the objects in
        ``swept_ignore`` do not count (by default those of ``ignore`` and ``exempt``)."""
        if not self.in_room(box):
            return "the room's walls"
        grown = box.grown(gap)
        for oid, other in self.boxes.items():
            if oid not in ignore and boxes_overlap(grown, other):
                return oid
        skip = swept_ignore if swept_ignore is not None else {*ignore, exempt}
        for oid, (around, swept) in self.sweeps.items():
            if oid not in skip and _may_touch(box, around) and any(boxes_overlap(box, s) for s in swept):
                return f"the space {oid} opens into"
        if zones:
            for oid, zone in self.zones:
                if boxes_overlap(box, zone):
                    return f"the clearance of {oid}"
            if box.z0 < FLOOR_Z_M:
                exempts = self.served(exempt)  # access strips only: the sweeps of the piece a seat serves still count
                for oid, strips in self.access.items():
                    if oid not in ignore and oid not in exempts and any(boxes_overlap(box, strip) for strip in strips):
                        return f"the space in front of {oid}"
        return None

    def fits(self, box: Box, ignore: frozenset[str] | set[str] = frozenset(), gap: float = GAP_M, zones: bool = True,
             swept_ignore: frozenset[str] | set[str] | None = None) -> bool:
        return self.blocker(box, ignore, gap, zones, swept_ignore=swept_ignore) is None

    def sweep_blocker(self, params: dict, pose: Pose, ignore: frozenset[str] | set[str] = frozenset()) -> str | None:
        """What the doors, drawers or lids of an object with ``params`` at ``pose`` would hit when
        opened ("the room's walls" or an object id outside ``ignore``), or None (also for an object
        without joints)."""
        swept = sweep_boxes(params, pose)
        if not swept:
            return None
        if not all(self.in_room(s) for s in swept):
            return "the room's walls"
        around = _around(swept)
        for oid, other in self.boxes.items():
            if oid not in ignore and _may_touch(other, around) and any(boxes_overlap(s, other) for s in swept):
                return oid
        return None


def is_floor_category(category: str) -> bool:
    return catalog.BY_NAME[category].placement == "floor"
