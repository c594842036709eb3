"""The `add_relation` tool."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Tool, param
from .vocab import Relation


@dataclass(frozen=True, kw_only=True)
class AddRelation(Tool):
    """Give an existing object a relation to another and move it to satisfy it."""

    NAME = "add_relation"
    GROUP = "modifier"

    target: str = param(ref="object_id", doc="the object to move")
    anchor: str = param(ref="object_id", doc="the object it relates to")
    relation: Relation = param(doc="the relation")
