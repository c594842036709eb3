"""The journal: a trajectory with per-call snapshots, so one call can be switched off, edited or
replayed without re-running what came before it.

Laws (tested): switching call k off gives the state of executing the trajectory without call k;
replaying from k gives the state of a full execution; editing call k and replaying gives the state
of executing the edited text.
"""

from __future__ import annotations

from dataclasses import replace

from . import trajectory as T
from .executor import Execution, execute, run_calls
from .state import SceneState
from .tools import SPECS


class Journal:
    def __init__(self, trajectory: T.Trajectory, seed: int = 0):
        self.seed = seed
        self.enabled = [True] * len(trajectory.calls)
        self.execution: Execution = execute(trajectory, seed)

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
        body = new_text.strip()
        if not body[:1].isdigit():
            body = f"{k}. {body}"
        edited = T.parse(body).calls
        if len(edited) != 1:
            raise T.TrajectoryError([T.Issue(1, "an edit must be exactly one call")])
        call = replace(edited[0], number=k, line=self.trajectory.calls[i].line)
        calls = list(self.trajectory.calls)
        calls[i] = call
        new_traj = T.validate(T.Trajectory(tuple(calls)))
        self.execution = replace(self.execution, trajectory=new_traj)
        return self.replay_from(k)
