"""Running a trajectory: each call's ``apply`` on the state the previous call left.

Randomness: every call gets its own generator seeded by the run's seed, the call's text (tool and
arguments, not its number or comment) and how often that same text occurred before among the calls
that are switched on. So a call draws the same numbers whether or not other, different calls before
it were switched off or edited; switching a call off gives exactly the scene of the text without it
(a later call with the same text takes over its draws); and the same trajectory with the same seed
gives the same scene, bit for bit.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from . import trajectory as T
from ..ground.state import SceneState
from .tools import APPLY, SPECS
from .tools.ops import CallFailed, ToolResult


def call_key(call: T.Call) -> str:
    return T.format_call(T.Call(0, call.tool, call.args))[3:]


def call_rng(seed: int, call: T.Call, occurrence: int) -> np.random.Generator:
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(call_key(call).encode()), occurrence])


def apply_call(state: SceneState, call: T.Call, rng: np.random.Generator) -> ToolResult:
    """Run one validated call; a call that cannot be satisfied fails softly with its reason.
    Composite tools get ``run_step`` to run the calls they are made of."""
    try:
        if SPECS[call.tool].cls.COMPOSITE:
            return APPLY[call.tool](state, call.params(), rng, run_step)
        return APPLY[call.tool](state, call.params(), rng)
    except CallFailed as exc:
        return ToolResult(state, failure=str(exc))


def run_step(state: SceneState, text: str, rng: np.random.Generator) -> ToolResult:
    """Run one call written without its number (the runner composite tools receive)."""
    return apply_call(state, T.parse(f"1. {text}").calls[0], rng)


@dataclass(frozen=True)
class Execution:
    trajectory: T.Trajectory
    seed: int
    results: tuple[ToolResult | None, ...]  # None for a call that is switched off
    before: tuple[SceneState, ...]  # the state before each call

    @property
    def state(self) -> SceneState:
        for result in reversed(self.results):
            if result is not None:
                return result.state
        return self.before[0] if self.before else SceneState()

    def annotated(self) -> T.Trajectory:
        """The trajectory with each call's result as its comment."""
        calls = []
        for call, result in zip(self.trajectory.calls, self.results):
            calls.append(call.with_comment("off" if result is None else result.summary()))
        return T.Trajectory(tuple(calls))


def occurrences(calls: tuple[T.Call, ...], enabled: tuple[bool, ...] | None = None) -> list[int]:
    """For each call, how many switched-on calls before it have the same text."""
    seen: dict[str, int] = {}
    out = []
    for i, call in enumerate(calls):
        key = call_key(call)
        out.append(seen.get(key, 0))
        if enabled is None or enabled[i]:
            seen[key] = seen.get(key, 0) + 1
    return out


def run_calls(trajectory: T.Trajectory, seed: int, start: SceneState, first: int, enabled: tuple[bool, ...],
              results: list[ToolResult | None], before: list[SceneState]) -> Execution:
    """Run calls ``first`` .. end from ``start``, keeping earlier results and snapshots."""
    occ = occurrences(trajectory.calls, enabled)
    results, before = results[:first], before[:first]
    state = start
    for i in range(first, len(trajectory.calls)):
        call = trajectory.calls[i]
        before.append(state)
        if not enabled[i]:
            results.append(None)
            continue
        result = apply_call(state, call, call_rng(seed, call, occ[i]))
        results.append(result)
        state = result.state
    return Execution(trajectory, seed, tuple(results), tuple(before))


def execute(trajectory: T.Trajectory, seed: int = 0, enabled: tuple[bool, ...] | None = None) -> Execution:
    """Validate and run a whole trajectory from an empty scene."""
    T.validate(trajectory)
    flags = enabled if enabled is not None else (True,) * len(trajectory.calls)
    return run_calls(trajectory, seed, SceneState(), 0, flags, [], [])


def run_text(text: str, seed: int = 0) -> Execution:
    return execute(T.load(text), seed)
