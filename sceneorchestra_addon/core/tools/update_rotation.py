"""The `update_rotation` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param


@dataclass(frozen=True, kw_only=True)
class UpdateRotation(Tool):
    """Rotate an object to an absolute heading (counter-clockwise degrees; 0 = its front faces south)."""

    NAME = "update_rotation"
    GROUP = "modifier"

    target: str = param(ref="object_id", doc="the object to rotate")
    yaw_deg: float = param(lo=-180.0, hi=180.0, doc="heading in degrees")
