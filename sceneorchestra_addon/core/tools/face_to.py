"""The `face_to` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param


@dataclass(frozen=True, kw_only=True)
class FaceTo(Tool):
    """Turn an object so that its front faces another object."""

    NAME = "face_to"
    GROUP = "modifier"

    target: str = param(ref="object_id", doc="the object to turn")
    anchor: str = param(ref="object_id", doc="the object to face")
