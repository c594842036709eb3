"""The `update_size` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param


@dataclass(frozen=True, kw_only=True)
class UpdateSize(Tool):
    """Scale an object uniformly about its footprint centre (it stays on its support)."""

    NAME = "update_size"
    GROUP = "modifier"

    target: str = param(ref="object_id", doc="the object to resize")
    scale: float = param(lo=0.5, hi=1.5, doc="scale factor")
