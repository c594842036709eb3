"""The rule-based orchestrator: no model; the planner's calls for what the prompt asks, then the
room program for the rest.

It reads the prompt (``core/reader.py``: room type, size, density, requirements), plans the calls
that satisfy every requirement (``core/planner.py``) and lets the room program fill the room
without contradicting the request. It is the floor every learned orchestrator must beat, and what
the extension falls back to when no model is available.
"""

from __future__ import annotations

from ..core.planner import plan_text
from ..core.reader import Request, read
from ..core.suite_planner import rules_room_calls


class PromptError(ValueError):
    """A prompt the orchestrator cannot use (empty, or naming no room)."""


def understand(prompt: str) -> Request:
    """The prompt's Request, or PromptError when it is empty or names no room."""
    if not prompt or not prompt.strip():
        raise PromptError('the prompt is empty: describe a room, e.g. "Design me a bedroom"')
    request = read(prompt)
    if request.room_type is None:
        raise PromptError(f"no room type found in {prompt.strip()[:80]!r}: name the room, e.g. \"a bedroom\", \"a home office\"")
    return request


def rules_trajectory(prompt: str, seed: int = 0) -> str:
    return plan_text(understand(prompt), seed)


class RulesBackend:
    """Orchestrator interface over the planner and the room programs (``n`` copies of one answer:
    the rules are deterministic for a prompt and a seed)."""

    name = "rules"
    room_calls = staticmethod(rules_room_calls)  # one room of a plan (``core.suite_planner``)

    def generate(self, instruction: str, n: int = 1, seed: int = 0) -> list[str]:
        return [rules_trajectory(instruction, seed)] * n
