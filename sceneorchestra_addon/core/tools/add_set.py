"""The `add_set` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import programs
from ...ground.state import SceneState
from . import ops
from .base import Tool, param
from .vocab import Placement, SetKind, WallOrAny


@dataclass(frozen=True, kw_only=True)
class AddSet(Tool):
    """Add a functional furniture set in one step: a dining table with chairs, a bed with
    nightstands, a desk with chair and monitor, a sofa with coffee table and TV across, and so on."""

    NAME = "add_set"
    GROUP = "implementer"
    COMPOSITE = True

    kind: SetKind = param(doc="which set")
    placement: Placement = param("against_wall", doc="where the set's main piece goes")
    wall: WallOrAny = param("any", doc="which wall (for against_wall and corner)")
    size: int = param(4, lo=1, hi=12, doc="seats or members in the set")


# Each set: its main piece, then steps; "{main}" is the main piece's id, and a step starting with
# "each <category>:" runs once per object of that category the set created; "{centrepiece}" is the
# first of CENTREPIECES that belongs in the room (a fruit bowl in a dining room, a vase in a library).
SETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "dining_set": ("dining_table", (
        'add_group(anchor="{main}", member="dining_chair", count={size}, arrangement="around")',
        'add_on_top(parent="{main}", category="{centrepiece}")',
    )),
    "bed_set": ("double_bed", (
        'add_group(anchor="{main}", member="nightstand", count=2, arrangement="both_sides")',
        'each nightstand: add_on_top(parent="{id}", category="table_lamp")',
    )),
    "desk_set": ("desk", (
        'add_related(category="office_chair", anchor="{main}", relation="in_front_of", distance_m=0.05)',
        'add_on_top(parent="{main}", category="monitor")',
        'add_on_top(parent="{main}", category="keyboard")',
    )),
    "lounge_set": ("sofa", (
        'add_related(category="coffee_table", anchor="{main}", relation="in_front_of", distance_m=0.4)',
        'add_related(category="tv_stand", anchor="{main}", relation="facing")',
        'each tv_stand: add_on_top(parent="{id}", category="tv")',
        'add_related(category="side_table", anchor="{main}", relation="beside", distance_m=0.05)',
    )),
    "meeting_set": ("conference_table", (
        'add_group(anchor="{main}", member="office_chair", count={size}, arrangement="around")',
    )),
    "reading_corner": ("armchair", (
        'add_related(category="floor_lamp", anchor="{main}", relation="left_of", distance_m=0.1)',
        'add_related(category="side_table", anchor="{main}", relation="right_of", distance_m=0.05)',
        'each side_table: add_on_top(parent="{id}", category="book", count=2)',
    )),
    "tv_corner": ("tv_stand", (
        'add_on_top(parent="{main}", category="tv")',
        'add_group(anchor="{main}", member="armchair", count={seats}, arrangement="across")',
    )),
}

CENTREPIECES = ("fruit_bowl", "vase", "book")


def apply(state: SceneState, p: AddSet, rng: np.random.Generator, run: ops.Runner) -> ops.ToolResult:
    """A set is a short program of ordinary calls, each run by ``run``."""
    main_category, steps = SETS[p.kind]
    result = run(state, f'add_object(category="{main_category}", placement="{p.placement}", wall="{p.wall}")', rng)
    if result.failure:
        raise ops.CallFailed(f"{p.kind}: {result.failure}")
    state = result.state
    main = result.created[0]
    created = [main]
    warnings: list[str] = []
    centrepiece = (programs.belonging(CENTREPIECES, state.room.room_type) or CENTREPIECES)[0]
    for step in steps:
        targets = [None]
        if step.startswith("each "):
            category, step = step[5:].split(": ", 1)
            targets = [oid for oid in created if state.get(oid) and state.get(oid).category == category]
        for target in targets:
            text = step.format(main=main, size=p.size, seats=min(p.size, 3), id=target, centrepiece=centrepiece)
            outcome = run(state, text, rng)
            if outcome.failure:
                warnings.append(f"{p.kind}: {outcome.failure}")
                continue
            state = outcome.state
            created.extend(outcome.created)
            warnings.extend(outcome.warnings)
    return ops.ToolResult(state, created=tuple(created), warnings=tuple(warnings))
