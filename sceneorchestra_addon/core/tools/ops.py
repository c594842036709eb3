"""What the tools' ``apply`` functions share: the result type and the small steps they combine
(look up an object, create one from a category, place it on the floor, on a surface, on a wall).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import numpy as np

from ... import assets
from ...ground import catalog
from ..solver import floor, surfaces, wall
from ..solver.world import World, box_of, is_flat_covering
from ...ground.geometry import Box
from ...ground.state import Pose, SceneObject, SceneState


@dataclass(frozen=True)
class ToolResult:
    """The outcome of one call: the new state and what changed. ``failure`` is set (and the state
    is the input state) when the call could not be satisfied at all; ``warnings`` when it was only
    partly satisfied."""

    state: SceneState
    created: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    failure: str = ""
    note: str = ""  # what else the call did (e.g. the room it made)

    @property
    def status(self) -> str:
        return "failed" if self.failure else ("warning" if self.warnings else "ok")

    def summary(self) -> str:
        if self.failure:
            return f"failed: {self.failure}"
        parts = []
        for label, ids in (("created", self.created), ("changed", self.changed), ("removed", self.removed)):
            if ids:
                shown = ", ".join(ids[:6]) + (f" (+{len(ids) - 6})" if len(ids) > 6 else "")
                parts.append(f"{label} {shown}")
        if self.note:
            parts.insert(0, self.note)
        text = "; ".join(parts) or "no change"
        if self.warnings:
            text += "; " + "; ".join(self.warnings)
        return f"{self.status}: {text}"


# Runs one call given as its text without the number ('add_object(category="desk")') on a state, with
# the composite call's generator, and returns its result (failures soft, as ToolResult.failure).
Runner = Callable[[SceneState, str, np.random.Generator], ToolResult]


class CallFailed(Exception):
    """Raised inside an apply function to fail the call softly with a reason."""


def fail(state: SceneState, reason: str) -> ToolResult:
    return ToolResult(state, failure=reason)


def need_room(state: SceneState) -> None:
    if state.room is None:
        raise CallFailed("there is no room yet: start with init_room or init_furnished_room")


def need_object(state: SceneState, object_id: str) -> SceneObject:
    obj = state.get(object_id)
    if obj is None:
        known = ", ".join(o.id for o in state.objects[-8:]) or "none"
        raise CallFailed(f"no object {object_id!r} in the scene (latest: {known})")
    return obj


def need_placement(category: str, kinds: tuple[str, ...], tool: str) -> None:
    placement = catalog.BY_NAME[category].placement
    if placement not in kinds:
        raise CallFailed(f"{category} is a {placement} object; {tool} places {'/'.join(kinds)} objects")


def new_params(category: str, rng: np.random.Generator, **overrides) -> dict:
    return assets.sample_params(category, rng, **overrides)


def smaller_variants(category: str, params: dict) -> list[dict]:
    """The sampled params, then the same shrunk to the category's minimum footprint."""
    cat = catalog.BY_NAME[category]
    small = dict(params, width_m=cat.min_size[0], depth_m=cat.min_size[1])
    return [params] if small == params else [params, small]


def add_object(state: SceneState, category: str, params: dict, pose: Pose, relation: str, parent: str | None = None,
               surface: str = "", local: Pose | None = None) -> tuple[SceneState, SceneObject]:
    obj = SceneObject(state.next_id(category), category, params, pose, parent, relation, surface, local)
    return state.with_object(obj), obj


def place_floor(state: SceneState, world: World, category: str, params: dict,
                candidates: Callable[[dict], Iterable[tuple[Pose, str]]], what: str,
                parent: str | None = None) -> tuple[SceneState, SceneObject]:
    """Place a floor object at the first fitting candidate (trying a smaller size too)."""
    blocked = ""
    # a rug only has to lie inside the room and off the other rugs (two rugs never lie on each other): furniture may stand on it
    search = world
    if is_flat_covering(category):
        search = World(world.state, {o.id: box_of(o) for o in world.state.objects if is_flat_covering(o.category)}, [])
    attempts = [(v, strict) for v in smaller_variants(category, params) for strict in (True, False)]
    for variant, strict in attempts:
        pose, tag = floor.first_fit(search, variant, candidates(variant), category, parent, strict)
        if pose is not None:
            state, obj = add_object(state, category, variant, pose, tag, parent=parent)
            world.state = state
            world.add(obj)
            return state, obj
        blocked = tag
    raise CallFailed(f"no free space for {category} {what} (blocked by {blocked})")


def need_flat_covering(category: str, anchor: SceneObject) -> None:
    """Only flat coverings (rugs, mats) go under furniture, and only under floor furniture."""
    if not is_flat_covering(category):
        raise CallFailed(f"only rugs and mats can go under furniture; {category} cannot go under {anchor.id}")
    if anchor.placement != "floor" or anchor.surface or is_flat_covering(anchor.category):
        raise CallFailed(f"a {category} goes under furniture standing on the floor; {anchor.id} ({anchor.category}) is not")


def _covers(outer: Box, inner: Box) -> bool:
    """Whether the footprint ``outer`` holds the whole footprint ``inner``."""
    rel = inner.corners() - np.array([outer.cx, outer.cy])
    t = math.radians(outer.yaw_deg)
    u = rel[:, 0] * math.cos(t) + rel[:, 1] * math.sin(t)
    v = -rel[:, 0] * math.sin(t) + rel[:, 1] * math.cos(t)
    return bool(np.all(np.abs(u) <= outer.w / 2 + 1e-6) and np.all(np.abs(v) <= outer.d / 2 + 1e-6))


def covering_top(state: SceneState, obj: SceneObject) -> float:
    """The height a floor object stands at: the top of a rug laid under it (relation ``under:<id>``)
    that lies under its whole footprint, else the floor (0)."""
    box = box_of(obj)
    tops = [box_of(r).z1 for r in state.objects if r.relation == f"under:{obj.id}" and is_flat_covering(r.category) and _covers(box_of(r), box)]
    return max(tops, default=0.0)


def settle(state: SceneState, object_id: str) -> tuple[SceneState, str]:
    """Put a floor-standing object (with what stands on it) at its height: on the rug laid under it
    (``covering_top``), else on the floor. Raising it is skipped, with a warning, when something is
    just above it."""
    obj = state.get(object_id)
    if obj is None or obj.surface or obj.placement != "floor" or is_flat_covering(obj.category):
        return state, ""
    z = covering_top(state, obj)
    if abs(obj.pose.z - z) < 1e-9:
        return state, ""
    moved = move_family(state, obj, replace(obj.pose, z=z))
    if z > obj.pose.z:
        family = {obj.id, *(o.id for o in state.descendants(obj.id))}
        world = World.of(state.without(family))
        for oid in sorted(family):
            blocker = world.blocker(box_of(moved.get(oid)), ignore=family, gap=0.0, zones=False)
            if blocker is not None:
                return state, f"{obj.id} stays on the floor: {blocker} is just above it"
    return moved, ""


def place_on_surfaces(state: SceneState, world: World, parent: SceneObject, category: str, params: dict,
                      kinds: tuple[str, ...], rng: np.random.Generator) -> tuple[SceneState, SceneObject] | None:
    options = surfaces.surfaces_of(parent, kinds)
    min_size = catalog.BY_NAME[category].min_size
    best_clearance = max((s.clearance_m for s in options), default=0.0)
    slot = None
    for variant in smaller_variants(category, params):  # the sampled size, then the smallest footprint for the last gaps
        fitted = surfaces.fit_height(variant, best_clearance, min_size)
        if fitted is None:
            return None
        slot = surfaces.scatter_slot(world, parent, fitted, options, rng)
        if slot is not None:
            break
    if slot is None:
        return None
    state, obj = add_object(state, category, fitted, slot.world, f"on:{slot.surface}", parent=parent.id, surface=slot.surface, local=slot.local)
    world.state = state
    world.add(obj)
    return state, obj


def place_on_wall(state: SceneState, world: World, category: str, params: dict, wall_name: str, height_m: float,
                  rng: np.random.Generator, above: SceneObject | None = None, near: str = "none") -> tuple[SceneState, SceneObject]:
    pose, tag = wall.first_fit_free(world, params, wall.wall_poses(world, params, wall_name, height_m, rng, above, near))
    if pose is None:
        where = "on any wall" if wall_name == "any" else f"on the {wall_name} wall"
        raise CallFailed(f"no free space for {category} {where} (blocked by {tag})")
    state, obj = add_object(state, category, params, pose, tag, parent=above.id if above else None)
    world.state = state
    world.add(obj)
    return state, obj


def move_family(state: SceneState, obj: SceneObject, new_pose: Pose, new_params: dict | None = None) -> SceneState:
    """Give ``obj`` a new pose (and params), carrying everything standing on it along."""
    params = new_params if new_params is not None else obj.params
    state = state.with_object(replace(obj, pose=new_pose, params=params))
    for child in state.children(obj.id):
        parent = state.get(obj.id)
        state = move_family(state, child, surfaces.world_pose(parent.pose, child.local))
    return state


def remove_family(state: SceneState, object_id: str) -> tuple[SceneState, tuple[str, ...]]:
    """Remove an object and what stands on it; objects that were only placed in relation to it
    stay where they are and lose the relation; furniture that stood on a removed rug comes down to
    the floor."""
    ids = (object_id, *(o.id for o in state.descendants(object_id)))
    lifted = [o.parent for o in state.objects if o.id in ids and o.relation.startswith("under:")]  # furniture on a removed rug
    state = state.without(set(ids))
    for o in state.objects:
        if o.parent in ids and not o.surface:
            state = state.with_object(replace(o, parent=None, relation=""))
    for anchor_id in lifted:
        state, _ = settle(state, anchor_id)
    return state, ids


def repose(state: SceneState, obj: SceneObject, new_pose: Pose, params: dict | None = None, what: str = "move") -> SceneState:
    """Move / turn / resize an object (and what stands on it) if the result is free; else fail."""
    from ..solver import nav
    from ..solver.world import box_at, opening_front

    params = params if params is not None else obj.params
    if obj.surface and obj.local is not None:
        parent = need_object(state, obj.parent)
        surface = next(s for s in surfaces.surfaces_of(parent, ("top", "shelf", "inside", "seat")) if s.name == obj.surface)
        local = surfaces.to_local(parent.pose, new_pose, surface.z)
        world = World.of(state.without({obj.id}))
        others = [box_at(o.params, o.local) for o in state.objects if o.parent == parent.id and o.surface == obj.surface and o.id != obj.id]
        slot = surfaces._try_slot(world, parent, params, surface, local, others, stacked=obj.placement == "floor")
        if slot is None:
            raise CallFailed(f"cannot {what} {obj.id}: it would leave {parent.id}'s {obj.surface} or hit another object")
        moved = move_family(state, obj, slot.world, params)  # what stands on it (on a stacked dryer) comes along
        return moved.with_object(replace(moved.get(obj.id), local=slot.local))
    family = {obj.id, *(o.id for o in state.descendants(obj.id))}
    moved = move_family(state, obj, new_pose, params)
    if obj.placement == "floor" and not is_flat_covering(obj.category):  # on the rug laid under it while still over it
        moved = move_family(moved, moved.get(obj.id), replace(moved.get(obj.id).pose, z=covering_top(moved, moved.get(obj.id))))
    rest = state.without(family)
    world = World(rest, {}, []) if is_flat_covering(obj.category) else World.of(rest)  # a rug only has to lie inside the room
    anchored = {o.id for o in state.objects if o.parent in family}  # a chair at a desk moves aside when a drawer opens
    for oid in sorted(family):
        here = moved.get(oid)
        blocker = world.blocker(box_at(here.params, here.pose), ignore=family, exempt=obj.parent)
        if blocker is not None:
            raise CallFailed(f"cannot {what} {obj.id}: it would collide with {blocker}")
        hit = world.sweep_blocker(here.params, here.pose, ignore=family | anchored)
        if hit is not None:
            whose = "its" if oid == obj.id else f"the {oid}'s"
            raise CallFailed(f"cannot {what} {obj.id}: {whose} doors, drawers or lid would hit {hit}")
    if obj.placement == "floor" and not is_flat_covering(obj.category):  # (a rug is walked on)
        boxes = [*world.boxes.values(), *(box_at(moved.get(oid).params, moved.get(oid).pose) for oid in family)]
        if not nav.walkable_ok(state.room, boxes, floor.door_points(world)):
            raise CallFailed(f"cannot {what} {obj.id}: it would block the walkway")
        here = moved.get(obj.id)
        if opening_front(obj.category) is not None and not world.access_ok(here.params, here.pose, obj.category, obj.parent, strict=False):
            raise CallFailed(f"cannot {what} {obj.id}: its doors or drawers would open against a wall or another piece")
    if obj.relation.startswith("under:"):  # a rug moved from under its furniture: that comes down (or up)
        moved, _ = settle(moved, obj.parent)
    return moved
