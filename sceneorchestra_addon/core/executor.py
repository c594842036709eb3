"""Running a trajectory: each call's ``apply`` on the state the previous call left.

Randomness: every call gets its own generator seeded by the run's seed, the call's text (tool and
arguments, not its number or comment) and how often that same text occurred before among the calls
that are switched on. So a call draws the same numbers whether or not other, different calls before
it were switched off or edited; switching a call off gives exactly the scene of the text without it
(a later call with the same text takes over its draws); and the same trajectory with the same seed
gives the same scene, bit for bit.

A scene of several rooms (``ground.suite.SuiteState``, made by ``init_plan``): a call with
``room="bedroom_0"`` runs on that room's own one-room scene, exactly as the same call without the
argument would run in a one-room scene, and the room's new scene replaces the old one. Its
generator is seeded by the call's text without the ``room`` argument and by the room's name, with
the occurrence counted among that room's calls; so a planner that writes a room's calls on its shell
(``core.planner.Plan(room=...)``) draws the numbers the executor will.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace

import numpy as np

from . import trajectory as T
from ..ground.plan import HALL
from ..ground.state import SceneState
from ..ground.suite import SuiteState
from .tools import APPLY, SPECS
from .tools.ops import CallFailed, ToolResult


def call_key(call: T.Call) -> str:
    return T.format_call(T.Call(0, call.tool, call.args))[3:]


def call_rng(seed: int, call: T.Call, occurrence: int, room: str | None = None) -> np.random.Generator:
    """The generator of one call; ``room``: the room of a plan it runs in (``call.room`` when None)."""
    room = call.room if room is None else room
    key = [int(seed) & 0xFFFFFFFF, zlib.crc32(call_key(call.without_room()).encode()), occurrence]
    return np.random.default_rng(key + [zlib.crc32(room.encode())] if room else key)


# tools a hall (a plan's corridor: no room program) can take
HALL_TOOLS = ("add_object", "add_wall_object", "add_ceiling_light", "update_size", "update_rotation", "face_to", "move_object", "remove_object",
              "set_material", "set_lighting", "resolve_collisions")


def _in_room(suite: SuiteState, call: T.Call, rng: np.random.Generator) -> ToolResult:
    """Run a call of a scene of several rooms in the room it names."""
    if call.tool == "terminate":
        return ToolResult(suite)  # type: ignore[arg-type]
    names = ", ".join(suite.names)
    if call.room is None:
        return ToolResult(suite, failure=f"this scene has several rooms: say which with room=\"...\" ({names})")  # type: ignore[arg-type]
    if not suite.has(call.room):
        return ToolResult(suite, failure=f"there is no room {call.room!r} (rooms: {names})")  # type: ignore[arg-type]
    if suite.room_type(call.room) == HALL and call.tool not in HALL_TOOLS:
        return ToolResult(suite, failure=f"{call.room} is a hall, which takes single pieces only, not {call.tool}")  # type: ignore[arg-type]
    result = apply_call(suite.state(call.room), call.without_room(), rng)
    if result.failure:
        return replace(result, state=suite)
    return replace(result, state=suite.with_room(call.room, result.state), note=f"{call.room}: {result.note}" if result.note else call.room)


def apply_call(state: SceneState | SuiteState, call: T.Call, rng: np.random.Generator) -> ToolResult:
    """Run one validated call; a call that cannot be satisfied fails softly with its reason.
    Composite tools get ``run_step`` to run the calls they are made of."""
    if isinstance(state, SuiteState):
        return _in_room(state, call, rng)
    if call.room is not None and call.tool != "terminate":
        if state.room is None:
            return ToolResult(state, failure=f"there is no room {call.room!r}: the first call made no rooms")
        own = f"{state.room.room_type}_0"
        if call.room != own:
            return ToolResult(state, failure=f"this scene has one room ({own}): leave out room=\"{call.room}\"")
        call = call.without_room()
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
