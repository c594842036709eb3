"""The `resolve_collisions` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...ground.geometry import boxes_overlap
from ..solver.world import World
from ...ground.state import SceneState
from . import ops
from .base import Tool


@dataclass(frozen=True, kw_only=True)
class ResolveCollisions(Tool):
    """Clean up the scene: remove the worst colliding object of each collision group, then
    unsupported objects, then objects whose parent is gone."""

    NAME = "resolve_collisions"
    GROUP = "modifier"


def colliding_pairs(state: SceneState) -> list[tuple[str, str]]:
    """Pairs of objects whose boxes overlap, other than an object and what stands on it."""
    world = World.of(state)
    ids = list(world.boxes)
    lineage = {o.id: {a.id for a in state.objects if o.id in {d.id for d in state.descendants(a.id)}} for o in state.objects}
    pairs = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if a in lineage[b] or b in lineage[a]:
                continue
            if boxes_overlap(world.boxes[a], world.boxes[b], eps=1e-3):
                pairs.append((a, b))
    return pairs


def unsupported(state: SceneState) -> list[str]:
    """Objects standing on a parent or surface that is gone, or hanging outside it."""
    from ..solver.surfaces import surfaces_of

    out = []
    for o in state.objects:
        if not o.surface:
            continue
        parent = state.get(o.parent)
        rects = {s.name: s.rect for s in surfaces_of(parent, ("top", "shelf", "inside", "seat"))} if parent else {}
        rect = rects.get(o.surface)
        if rect is None or not (rect[0] - 1e-6 <= o.local.x <= rect[2] + 1e-6 and rect[1] - 1e-6 <= o.local.y <= rect[3] + 1e-6):
            out.append(o.id)
    return out


def orphaned(state: SceneState) -> list[str]:
    """Objects placed in relation to an anchor that no longer exists."""
    return [o.id for o in state.objects if o.parent is not None and not o.surface and state.get(o.parent) is None]


def apply(state: SceneState, p: ResolveCollisions, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    removed: list[str] = []
    while True:
        pairs = colliding_pairs(state)
        if not pairs:
            break
        degree: dict[str, int] = {}
        for a, b in pairs:
            degree[a] = degree.get(a, 0) + 1
            degree[b] = degree.get(b, 0) + 1
        order = {o.id: i for i, o in enumerate(state.objects)}
        worst = max(degree, key=lambda oid: (degree[oid], order[oid]))  # most collisions, then latest
        state, ids = ops.remove_family(state, worst)
        removed.extend(ids)
    for finder in (unsupported, orphaned):
        for oid in finder(state):
            if state.get(oid) is not None:
                state, ids = ops.remove_family(state, oid)
                removed.extend(ids)
    return ops.ToolResult(state, removed=tuple(removed))
