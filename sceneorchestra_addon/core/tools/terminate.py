"""The `terminate` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param
from .vocab import Status


@dataclass(frozen=True, kw_only=True)
class Terminate(Tool):
    """End the trajectory. Always the last call."""

    NAME = "terminate"
    GROUP = "terminator"

    status: Status = param(doc="success when the room is finished")
