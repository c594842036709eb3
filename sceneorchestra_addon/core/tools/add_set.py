"""The `add_set` tool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import programs
from ..programs import SETS
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
