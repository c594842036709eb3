"""The rule-based orchestrator: no model, a trajectory from the catalogue's room programs.

It reads the room type (and, when given, the size) from the prompt and writes the two-call
trajectory ``init_furnished_room(...)`` + ``terminate(...)``. It is the floor every learned
orchestrator must beat, and what the extension falls back to when no model is available.
"""

from __future__ import annotations

import re

from ..core import trajectory as T
from ..ground import catalog, rooms
from ..ground.rooms import room_type_of

_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:m|metres|meters)?\s*(?:x|by|×)\s*(\d+(?:\.\d+)?)\s*(?:m|metres|meters)?", re.IGNORECASE)


class PromptError(ValueError):
    """A prompt the orchestrator cannot use (empty, or naming no room)."""


def size_of(prompt: str, room_type: str) -> tuple[float, float]:
    """Width and depth from "5 x 4 m" / "5 by 4" in the prompt, clamped to the tool's range; else a
    typical size for the room type."""
    m = _SIZE.search(prompt)
    if m:
        w, d = (min(15.0, max(2.0, round(float(g), 2))) for g in m.groups())
        return w, d
    return rooms.BY_ROOM[room_type].size_m


def density_of(prompt: str) -> str:
    """"sparse" when the prompt asks for little ("minimal", "simple" ...), else "dense": a complete
    room is what "Design me a <room>" asks for."""
    text = prompt.lower()
    if any(w in text for w in ("minimal", "sparse", "empty", "simple", "bare")):
        return "sparse"
    return "dense"


def rules_trajectory(prompt: str) -> str:
    if not prompt or not prompt.strip():
        raise PromptError('the prompt is empty: describe a room, e.g. "Design me a bedroom"')
    room = room_type_of(prompt)
    if room is None:
        raise PromptError(f"no room type found in {prompt.strip()[:80]!r}; known: {', '.join(catalog.ROOM_TYPES)}")
    width, depth = size_of(prompt, room)
    calls = (
        T.Call(1, "init_furnished_room", (("room_type", room), ("width_m", width), ("depth_m", depth), ("density", density_of(prompt)))),
        T.Call(2, "terminate", (("status", "success"),)),
    )
    return T.format(T.validate(T.Trajectory(calls)))


class RulesBackend:
    """Orchestrator interface over the room programs (deterministic; ``n`` copies of one answer)."""

    name = "rules"

    def generate(self, instruction: str, n: int = 1, seed: int = 0) -> list[str]:
        return [rules_trajectory(instruction)] * n
