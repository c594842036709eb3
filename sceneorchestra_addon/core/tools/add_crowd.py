"""The `add_crowd` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...ground import catalog
from ..solver import surfaces
from ..solver.world import World
from ...ground.state import SceneState
from . import ops
from .base import Tool, param
from .vocab import Surface


PLACES = ("on_top",)  # the catalogue placements it takes (the grammar reads them from the parameter, the check below too)


@dataclass(frozen=True, kw_only=True)
class AddCrowd(Tool):
    """Fill one supporter densely with many small objects: books on every shelf of a bookshelf,
    plates inside a cabinet, items on a counter."""

    NAME = "add_crowd"
    GROUP = "implementer"

    parent: str = param(ref="object_id", doc="the object to fill")
    categories: tuple[str, ...] = param(ref="category", max_items=6, placements=PLACES, doc="small objects to mix")
    surface: Surface = param("any", doc="which of the parent's surfaces to fill")
    density: float = param(0.6, lo=0.1, hi=1.0, doc="fraction of the free area to fill")


SURFACE_KINDS = {"top": ("top",), "shelves": ("shelf",), "inside": ("inside",), "any": ("shelf", "inside", "top")}
MAX_ITEMS = 60


def apply(state: SceneState, p: AddCrowd, rng: np.random.Generator) -> ops.ToolResult:
    ops.need_room(state)
    for category in p.categories:
        ops.need_placement(category, PLACES, "add_crowd")
    parent = ops.need_object(state, p.parent)
    targets = surfaces.surfaces_of(parent, SURFACE_KINDS[p.surface])
    if not targets:
        raise ops.CallFailed(f"{parent.id} ({parent.category}) has no {p.surface} surface to fill")
    world = World.of(state)
    created: list[str] = []
    for surface in targets:
        drawn = []
        for _ in range(MAX_ITEMS):
            category = p.categories[int(rng.integers(len(p.categories)))]
            drawn.append((category, ops.new_params(category, rng)))
        by_params: dict[int, str] = {}
        for params, slot in surfaces.row_slots(world, parent, surface, _fitted(drawn, surface.clearance_m, by_params), p.density, rng):
            if len(created) >= MAX_ITEMS:
                break
            category = by_params[id(params)]
            state, obj = ops.add_object(state, category, params, slot.world, f"on:{slot.surface}", parent=parent.id, surface=slot.surface, local=slot.local)
            world.state = state
            world.add(obj)
            created.append(obj.id)
    if not created:
        raise ops.CallFailed(f"nothing of {', '.join(p.categories)} fits on the {p.surface} surfaces of {parent.id}")
    return ops.ToolResult(state, created=tuple(created))


def _fitted(drawn: list[tuple[str, dict]], clearance: float, by_params: dict[int, str]):
    """The drawn items scaled to stand under ``clearance`` (those that cannot are left out), made
    one at a time as the rows ask for them: a shelf takes a dozen books of the sixty drawn, and only
    the shapes looked at are generated. Each item's category is noted in ``by_params`` by id."""
    for category, params in drawn:
        fitted = surfaces.fit_height(params, clearance, catalog.BY_NAME[category].min_size)
        if fitted is not None:
            by_params[id(fitted)] = category
            yield fitted
