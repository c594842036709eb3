"""The journal: a trajectory with per-call snapshots, so one call can be switched off, edited or
replayed without re-running what came before it.

Laws (tested): switching call k off gives the state of executing the trajectory without call k;
replaying from k gives the state of a full execution; editing call k and replaying gives the state
of executing the edited text. (Each call's randomness comes from its own text and how often that
text occurred before it among the switched-on calls, so when call k is off a later call with the
same text takes over call k's draws, exactly as in the text without call k.)
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import trajectory as T
from .executor import Execution, execute, run_calls
from ..ground.state import SceneState
from .tools import SPECS


def _one_call(number: int, text: str) -> T.Call:
    """One call from the text of a single line, with or without its number, numbered ``number``."""
    body = re.sub(r"^\s*\d+\.\s*", "", text.strip())
    calls = T.parse(f"{number}. {body}").calls if body else ()
    if len(calls) != 1:
        raise T.TrajectoryError([T.Issue(1, "expected exactly one call, like add_object(category=\"sofa\")")])
    return calls[0]


class Journal:
    def __init__(self, trajectory: T.Trajectory, seed: int = 0, enabled: list[bool] | None = None):
        self.seed = seed
        self.enabled = list(enabled) if enabled is not None else [True] * len(trajectory.calls)
        if len(self.enabled) != len(trajectory.calls):
            raise ValueError(f"{len(self.enabled)} on/off flags for {len(trajectory.calls)} calls")
        self.execution: Execution = execute(trajectory, seed, tuple(self.enabled))

    @staticmethod
    def from_text(text: str, seed: int = 0) -> Journal:
        return Journal(T.load(text), seed)

    @property
    def trajectory(self) -> T.Trajectory:
        return self.execution.trajectory

    @property
    def state(self) -> SceneState:
        return self.execution.state

    def _index(self, k: int) -> int:
        """Calls are numbered from 1, as in the text."""
        if not 1 <= k <= len(self.trajectory.calls):
            raise IndexError(f"there is no call {k} (the trajectory has {len(self.trajectory.calls)})")
        return k - 1

    def replay_from(self, k: int) -> Execution:
        i = self._index(k)
        ex = self.execution
        start = ex.before[i]
        self.execution = run_calls(self.trajectory, self.seed, start, i, tuple(self.enabled), list(ex.results), list(ex.before))
        return self.execution

    def set_enabled(self, k: int, on: bool) -> Execution:
        i = self._index(k)
        spec_group = SPECS[self.trajectory.calls[i].tool].group
        if not on and spec_group in ("initializer", "terminator"):
            raise ValueError(f"call {k} ({self.trajectory.calls[i].tool}) cannot be switched off: every trajectory needs it")
        self.enabled[i] = on
        return self.replay_from(k)

    def undo_call(self, k: int) -> Execution:
        return self.set_enabled(k, False)

    def edit_call(self, k: int, new_text: str) -> Execution:
        """Replace call k by ``new_text`` (one call, with or without its number) and replay from it.
        The whole edited trajectory is validated first; on error nothing changes."""
        i = self._index(k)
        call = replace(_one_call(k, new_text), line=self.trajectory.calls[i].line)
        calls = list(self.trajectory.calls)
        calls[i] = call
        new_traj = T.validate(T.Trajectory(tuple(calls)))
        self.execution = replace(self.execution, trajectory=new_traj)
        return self.replay_from(k)

    def set_calls(self, calls: list[T.Call], enabled: list[bool], first: int) -> Execution:
        """Replace the calls (renumbered and validated; on error nothing changes) and replay from
        call ``first`` (1-based), keeping the snapshots before it."""
        if len(calls) != len(enabled):
            raise ValueError(f"{len(enabled)} on/off flags for {len(calls)} calls")
        new_traj = T.validate(T.Trajectory(tuple(calls)).renumbered())
        self.enabled = list(enabled)
        self.execution = replace(self.execution, trajectory=new_traj)
        return self.replay_from(first)

    def insert_call(self, after_k: int, text: str) -> Execution:
        """Insert one call after call ``after_k`` (it becomes call after_k + 1) and replay from it."""
        self._index(after_k)
        calls, enabled = list(self.trajectory.calls), list(self.enabled)
        calls.insert(after_k, _one_call(after_k + 1, text))
        enabled.insert(after_k, True)
        return self.set_calls(calls, enabled, after_k + 1)

    def delete_call(self, k: int) -> Execution:
        """Delete call k (not the initializer or terminate) and replay from where it was."""
        i = self._index(k)
        if SPECS[self.trajectory.calls[i].tool].group in ("initializer", "terminator"):
            raise ValueError(f"call {k} ({self.trajectory.calls[i].tool}) cannot be deleted: every trajectory needs it")
        calls, enabled = list(self.trajectory.calls), list(self.enabled)
        del calls[i], enabled[i]
        return self.set_calls(calls, enabled, k)

