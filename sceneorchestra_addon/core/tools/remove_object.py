"""The `remove_object` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param


@dataclass(frozen=True, kw_only=True)
class RemoveObject(Tool):
    """Remove an object and everything standing on or inside it."""

    NAME = "remove_object"
    GROUP = "modifier"

    target: str = param(ref="object_id", doc="the object to remove")
