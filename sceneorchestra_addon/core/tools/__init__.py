"""The tools: one module per tool, listed in one literal tuple.

``TOOLS`` is the single source of every generated artefact (schema, grammar, operators, prompt).
"""

from __future__ import annotations

import sys

from .add_ceiling_light import AddCeilingLight
from .add_crowd import AddCrowd
from .add_group import AddGroup
from .add_object import AddObject
from .add_on_top import AddOnTop
from .add_related import AddRelated
from .add_relation import AddRelation
from .add_set import AddSet
from .add_wall_object import AddWallObject
from .base import ParamSpec, Tool, ToolSpec, spec_of
from .face_to import FaceTo
from .init_furnished_room import InitFurnishedRoom
from .init_plan import InitPlan
from .init_room import InitRoom
from .move_object import MoveObject
from .remove_object import RemoveObject
from .resolve_collisions import ResolveCollisions
from .set_lighting import SetLighting
from .set_material import SetMaterial
from .terminate import Terminate
from .update_rotation import UpdateRotation
from .update_size import UpdateSize

TOOLS: tuple[type[Tool], ...] = (
    InitRoom,
    InitFurnishedRoom,
    InitPlan,
    AddObject,
    AddRelated,
    AddGroup,
    AddSet,
    AddOnTop,
    AddCrowd,
    AddWallObject,
    AddCeilingLight,
    UpdateSize,
    UpdateRotation,
    FaceTo,
    MoveObject,
    RemoveObject,
    AddRelation,
    ResolveCollisions,
    SetMaterial,
    SetLighting,
    Terminate,
)

SPECS: dict[str, ToolSpec] = {spec.name: spec for spec in map(spec_of, TOOLS)}

# each tool module's pure ``apply(state, params, rng) -> ToolResult``
APPLY = {cls.NAME: sys.modules[cls.__module__].apply for cls in TOOLS}

__all__ = ["APPLY", "SPECS", "TOOLS", "ParamSpec", "Tool", "ToolSpec"]
