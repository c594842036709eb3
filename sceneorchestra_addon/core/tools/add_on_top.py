"""The `add_on_top` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...ground import catalog
from ..solver.surfaces import stack_slot, surfaces_of
from ..solver.world import World
from ...ground.state import SceneObject, SceneState
from . import ops
from .base import STACK, STACK_MAX_HEIGHT_M, Tool, param, stackable

# Floor objects that may stand on another object's top (``base.stackable``: a dryer on a washing
# machine, a chest on a low cabinet) go on a top at most STACK_MAX_TOP_M high whose surface their
# footprint fits.
STACK_MAX_TOP_M = 1.1


@dataclass(frozen=True, kw_only=True)
class AddOnTop(Tool):
    """Put small objects on top of a supporter (a table, desk, counter, nightstand, dresser), or
    stack an appliance or box on another (a dryer on a washing machine)."""

    NAME = "add_on_top"
    GROUP = "implementer"

    parent: str = param(ref="object_id", doc="the supporter")
    category: str = param(ref="category", placements=("on_top", STACK), doc="the small object")
    count: int = param(1, lo=1, hi=12, doc="how many")


def apply(state: SceneState, p: AddOnTop, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    if catalog.BY_NAME[p.category].placement == "floor":
        return _stack(state, p, rng)
    ops.need_placement(p.category, ("on_top",), "add_on_top")
    parent = ops.need_object(state, p.parent)
    kinds = ("top",)
    if not surfaces_of(parent, kinds):
        kinds = ("top", "shelf", "inside", "seat")
        if not surfaces_of(parent, kinds):
            raise ops.CallFailed(f"{parent.id} ({parent.category}) has no surface to put things on")
    world = World.of(state)
    created: list[str] = []
    for _ in range(p.count):
        placed = ops.place_on_surfaces(state, world, parent, p.category, ops.new_params(p.category, rng), kinds, rng)
        if placed is None:
            break
        state, obj = placed
        created.append(obj.id)
    if not created:
        raise ops.CallFailed(f"no free space for {p.category} on {parent.id}")
    warnings = () if len(created) == p.count else (f"only {len(created)} of {p.count} {p.category} fit on {parent.id}",)
    return ops.ToolResult(state, created=tuple(created), warnings=warnings)


def _stack_variants(category: str, params: dict, parent: SceneObject) -> list[dict]:
    """The sampled params (no taller than the limit), the same at most as wide and deep as the
    supporter (a dryer as large as the washer under it), then the category's minimum footprint."""
    c = catalog.BY_NAME[category]
    h = min(float(params["height_m"]), max(STACK_MAX_HEIGHT_M, c.min_size[2]))
    first = dict(params, height_m=round(h, 4))
    out = [first]
    matched = dict(first)
    for key, k in (("width_m", 0), ("depth_m", 1)):
        if key in parent.params:
            matched[key] = round(float(np.clip(min(float(first[key]), float(parent.params[key])), c.min_size[k], c.max_size[k])), 4)
    for variant in (matched, dict(first, width_m=c.min_size[0], depth_m=c.min_size[1])):
        if variant not in out:
            out.append(variant)
    return out


def _stack(state: SceneState, p: AddOnTop, rng: np.random.Generator) -> ops.ToolResult:
    """Stack floor objects on the parent's top (a dryer on a washing machine)."""
    parent = ops.need_object(state, p.parent)
    if not stackable(p.category):
        raise ops.CallFailed(f"{p.category} is a floor object and cannot stand on {parent.id}: only small objects, or an appliance or box "
                             f"at most {STACK_MAX_HEIGHT_M:g} m tall (a dryer on a washing machine), go on top of another object")
    tops = surfaces_of(parent, ("top",))
    if not tops:
        raise ops.CallFailed(f"{parent.id} ({parent.category}) has no top to stack {p.category} on")
    tops = [s for s in tops if parent.pose.z + s.z <= STACK_MAX_TOP_M + 1e-9]
    if not tops:
        raise ops.CallFailed(f"the top of {parent.id} ({parent.category}) is higher than {STACK_MAX_TOP_M:g} m: too high to stack {p.category} on")
    world = World.of(state)
    created: list[str] = []
    for _ in range(p.count):
        params = ops.new_params(p.category, rng)
        slot, reasons = None, []
        for variant in _stack_variants(p.category, params, parent):
            slot, reason = stack_slot(world, parent, variant, tops)
            if slot is not None:
                break
            reasons.append(reason)
        if slot is None:
            break
        state, obj = ops.add_object(state, p.category, variant, slot.world, f"on:{slot.surface}", parent=parent.id, surface=slot.surface, local=slot.local)
        world.state = state
        world.add(obj)
        created.append(obj.id)
    if not created:
        blocked = [r for r in reasons if not r.startswith("its base")]
        if blocked:
            raise ops.CallFailed(f"no room for {p.category} on {parent.id} (blocked by {blocked[0]})")
        raise ops.CallFailed(f"{p.category} does not fit on {parent.id}: {reasons[-1]}")
    warnings = () if len(created) == p.count else (f"only {len(created)} of {p.count} {p.category} fit on {parent.id}",)
    return ops.ToolResult(state, created=tuple(created), warnings=warnings)
