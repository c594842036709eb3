"""``articulation_clearance``: can every door, drawer and lid open all the way where it stands?

For each joint of each object (the PartTree's revolute and prismatic joints), the parts that move
with it (the joint's child and every part hanging from it) are swept along the joint from the
modelled pose (0: closed) to each of its limits, at ``SWEEP_STEPS`` evenly spaced positions per
direction (the limit included). At each position the moving parts' closed shells are tested
against the meshes of every other object (``collide.still_overlapping``: a penetration deeper than
``TOUCH_M``) and against the room shell (floor, walls, ceiling). A joint is *clear* when no position
touches anything; it is *blocked at* the first position that does (reported as the fraction of its
range reached, e.g. a fridge door stopped by the wall at 85 % of 105 degrees).

Left out of the test: the object's own other parts (the limits are the design's), and the objects
standing on or in it (what stands in a drawer moves with it in life; a jar on a counter is another
object and does count against the wall cabinet above). Joints are swept one at a time: two doors
that only jam when opened together are not caught here.

``articulation_clearance`` is the fraction of all joints in the scene that are clear (1.0 for a
scene without joints). Sweeps are cached per object (parameters and pose), the objects near it (the
same) and the room with its openings, so re-evaluating a scene after one edit only sweeps the joints whose surroundings changed.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from ...assets.parttree import PartTree
from ...assets.shapes import SWEEP_STEPS, tree_of  # SWEEP_STEPS: positions per direction (the solver keeps the same ones free)
from ...ground.state import SceneState
from .collide import still_overlapping
from .meshes import ObjectMesh, Shells, object_mesh, params_key, room_shells, shells_of_tree, transform_shells
TOUCH_M = 0.002  # a penetration up to this deep is touching, not blocking (contact, rounding)
CACHE_SIZE = 4096


@dataclass(frozen=True)
class JointClearance:
    object_id: str
    joint: str
    reached: float  # fraction of the joint's range (both directions together) swept before the first touch; 1.0 = clear
    blocked_by: str  # what it touches first ("" when clear; "the room" for floor, walls or ceiling)

    @property
    def clear(self) -> bool:
        return self.reached >= 1.0


@lru_cache(maxsize=1024)
def _local_sweeps(params_json: str) -> tuple[tuple[str, tuple[tuple[float, Shells], ...]], ...]:
    """Per joint of the object: its name and, per swept position, the moving parts' shells in the object frame."""
    tree = tree_of(json.loads(params_json))
    out = []
    for joint in tree.joints:
        parts = tree.moving_parts(joint)
        if not parts:
            continue
        sweep = []
        for q in joint.sweep_positions(SWEEP_STEPS):  # towards the upper limit, then the lower (0 left out)
            moved = [replace(p, vertices=joint.moved(p.vertices, q)) for p in parts]
            sweep.append((q, shells_of_tree(PartTree(tree.category, tuple(moved)))))
        out.append((joint.name, tuple(sweep)))
    return tuple(out)


def _as_mesh(oid: str, category: str, shells: Shells) -> ObjectMesh:
    return ObjectMesh(oid, category, shells, shells.verts.min(axis=0), shells.verts.max(axis=0), shells.verts.mean(axis=0))


_cache: OrderedDict[tuple, tuple[JointClearance, ...]] = OrderedDict()


def _placed(obj) -> tuple:
    """What an object's meshes follow: its id, parameters and pose (the sweep cache's key)."""
    p = obj.pose
    return obj.id, params_key(obj.params), (p.x, p.y, p.z, p.yaw_deg)


def _opening_key(opening) -> tuple:
    return opening.id, opening.kind, opening.wall, opening.offset_m, opening.width_m, opening.height_m, opening.sill_m, params_key(opening.params)


def _sweep_object(state: SceneState, oid: str, every: dict[str, ObjectMesh], room: ObjectMesh) -> tuple[JointClearance, ...]:
    obj = state.get(oid)
    sweeps = _local_sweeps(params_key(obj.params))
    if not sweeps:
        return ()
    p = obj.pose
    offset = np.array([p.x, p.y, p.z], dtype=np.float64)
    world = [(name, [(q, _as_mesh(oid, obj.category, transform_shells(sh, p.yaw_deg, offset))) for q, sh in sweep]) for name, sweep in sweeps]
    lo = np.min([m.lo for _, sw in world for _, m in sw], axis=0)
    hi = np.max([m.hi for _, sw in world for _, m in sw], axis=0)
    riders = {o.id for o in state.objects if o.parent == oid}
    near = sorted(i for i, m in every.items() if i != oid and i not in riders and np.all(m.lo < hi) and np.all(m.hi > lo))
    key = (_placed(obj), tuple(_placed(state.get(i)) for i in near), state.room, tuple(_opening_key(o) for o in state.openings))
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    found = []
    for name, sweep in world:
        total = len(sweep)
        reached, blocked_by = 1.0, ""
        for k, (_, mesh) in enumerate(sweep):
            hit = next((i for i in near if still_overlapping(mesh, every[i], TOUCH_M)), None)
            if hit is None and still_overlapping(mesh, room, TOUCH_M):
                hit = "the room"
            if hit is not None:
                reached, blocked_by = k / total, hit
                break
        found.append(JointClearance(oid, name, reached, blocked_by))
    result = tuple(found)
    _cache[key] = result
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return result


def joint_clearances(state: SceneState, every: dict[str, ObjectMesh] | None = None) -> list[JointClearance]:
    """Every joint of the scene's objects, swept (see the module docstring)."""
    if state.room is None:
        return []
    every = every if every is not None else {o.id: object_mesh(o) for o in state.objects}
    shell = room_shells(state.room, state.openings)
    room = _as_mesh("room", "room_shell", shell)
    out: list[JointClearance] = []
    for obj in state.objects:
        out.extend(_sweep_object(state, obj.id, every, room))
    return out


def articulation_clearance(clearances: list[JointClearance]) -> float:
    """The fraction of joints that open all the way (1.0 without joints)."""
    return sum(c.clear for c in clearances) / len(clearances) if clearances else 1.0
