"""The `resolve_collisions` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool


@dataclass(frozen=True, kw_only=True)
class ResolveCollisions(Tool):
    """Clean up the scene: remove the worst colliding object of each collision group, then
    unsupported objects, then objects whose parent is gone."""

    NAME = "resolve_collisions"
    GROUP = "modifier"
