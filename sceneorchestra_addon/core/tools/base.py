"""How a tool is declared, and the parameter specs every generated artefact is derived from.

A tool is a frozen, keyword-only dataclass whose docstring is its model-facing description and
whose fields are its parameters. Field types are ``str``, ``int``, ``float``, ``bool``, a
``Literal[...]`` of strings (an enum) or ``tuple[<one of those>, ...]``; ranges, references and
per-parameter help go in the field's metadata through :func:`param`.

From these declarations come the JSON schemas and the GBNF grammar (``core/grammar.py``), the
validator (``core/trajectory.py``), the Blender operators' properties and the prompt's tool list.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from dataclasses import MISSING, dataclass
from typing import Any, ClassVar, Literal

from ...ground import catalog

Group = Literal["initializer", "implementer", "modifier", "terminator"]
Ref = Literal["category", "object_id", "part"]

PARAM_KINDS = ("str", "int", "float", "bool", "enum", "tuple")

# A placement a category parameter may accept besides the catalogue's (floor, wall, ceiling,
# on_top): the floor pieces that stand on another's top (a dryer on a washing machine, a chest on a
# low cabinet): appliances and boxes no taller than STACK_MAX_HEIGHT_M.
STACK = "stack"
STACKABLE_GENERATORS = ("appliance",)
STACKABLE_CATEGORIES = ("toy_chest",)
STACK_MAX_HEIGHT_M = 1.0


def stackable(category: str) -> bool:
    c = catalog.BY_NAME[category]
    return (c.placement == "floor" and (c.generator in STACKABLE_GENERATORS or category in STACKABLE_CATEGORIES)
            and c.typical[2] <= STACK_MAX_HEIGHT_M)


def accepts(placements: tuple[str, ...] | frozenset[str], category: str) -> bool:
    """Whether a category parameter of ``placements`` (empty: any) takes ``category``: its
    catalogue placement is one of them, or it stacks and they hold ``STACK``."""
    return not placements or catalog.BY_NAME[category].placement in placements or (STACK in placements and stackable(category))


def param(
    default: Any = MISSING,
    *,
    lo: float | None = None,
    hi: float | None = None,
    ref: Ref | None = None,
    max_items: int | None = None,
    placements: tuple[str, ...] = (),
    doc: str = "",
) -> Any:
    """A tool parameter. ``lo``/``hi`` bound numbers (inclusive); ``ref`` says what a string names:
    a catalogue ``category``, an earlier object's id (``object_id``) or a ``part`` name;
    ``max_items`` bounds a tuple's length; ``placements`` the catalogue placements (floor, wall,
    ceiling, on_top, or ``STACK``: the floor pieces that stack) a category parameter accepts
    (empty: any; ``accepts``), which the grammar enforces."""
    metadata = {"lo": lo, "hi": hi, "ref": ref, "max_items": max_items, "placements": placements, "doc": doc}
    if default is MISSING:
        return dataclasses.field(metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@dataclass(frozen=True)
class ParamSpec:
    """One parameter as every consumer sees it."""

    name: str
    kind: str  # one of PARAM_KINDS
    required: bool
    default: Any = None
    choices: tuple[str, ...] = ()  # enum values
    lo: float | None = None
    hi: float | None = None
    ref: str | None = None
    max_items: int | None = None
    item: ParamSpec | None = None  # the element spec of a tuple
    doc: str = ""
    placements: tuple[str, ...] = ()  # a category parameter: the catalogue placements it accepts (empty: any)


@dataclass(frozen=True)
class ToolSpec:
    name: str
    group: str
    doc: str
    params: tuple[ParamSpec, ...]
    cls: type

    def param(self, name: str) -> ParamSpec | None:
        for p in self.params:
            if p.name == name:
                return p
        return None


class Tool:
    """Marker base class: concrete tools set ``NAME`` and ``GROUP``. A composite tool (a short
    program of other calls) sets ``COMPOSITE`` and its ``apply`` takes a fourth argument, the
    runner that executes one call's text (``core/tools/ops.py`` ``Runner``), so no tool imports the
    executor."""

    NAME: ClassVar[str]
    GROUP: ClassVar[Group]
    COMPOSITE: ClassVar[bool] = False


def _kind_of(annotation: Any) -> tuple[str, tuple[str, ...], Any]:
    origin = typing.get_origin(annotation)
    if annotation in (str, int, float, bool):
        return annotation.__name__, (), None
    if origin is Literal:
        values = typing.get_args(annotation)
        if not values or not all(isinstance(v, str) for v in values):
            raise TypeError(f"enum parameters must be Literal of strings, got {annotation!r}")
        return "enum", tuple(values), None
    if origin is tuple:
        args = typing.get_args(annotation)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"tuple parameters must be tuple[T, ...], got {annotation!r}")
        return "tuple", (), args[0]
    raise TypeError(f"unsupported parameter type {annotation!r}")


def spec_of(cls: type) -> ToolSpec:
    """Read a tool dataclass into a ToolSpec (raises TypeError on a malformed declaration)."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls.__name__} is not a dataclass")
    hints = typing.get_type_hints(cls)
    params = []
    for f in dataclasses.fields(cls):
        kind, choices, item_type = _kind_of(hints[f.name])
        md = f.metadata
        item = None
        if kind == "tuple":
            ikind, ichoices, _ = _kind_of(item_type)
            if ikind == "tuple":
                raise TypeError(f"{cls.__name__}.{f.name}: nested tuples are not supported")
            item = ParamSpec(f"{f.name}[]", ikind, True, choices=ichoices, lo=md.get("lo"), hi=md.get("hi"), ref=md.get("ref"),
                             placements=md.get("placements", ()))
        required = f.default is MISSING and f.default_factory is MISSING
        default = None if required else f.default
        params.append(
            ParamSpec(
                name=f.name,
                kind=kind,
                required=required,
                default=default,
                choices=choices,
                lo=md.get("lo") if kind != "tuple" else None,
                hi=md.get("hi") if kind != "tuple" else None,
                ref=md.get("ref") if kind != "tuple" else None,
                max_items=md.get("max_items"),
                item=item,
                doc=md.get("doc", ""),
                placements=md.get("placements", ()) if kind != "tuple" else (),
            )
        )
    doc = inspect.cleandoc(cls.__doc__ or "")
    if not doc:
        raise TypeError(f"tool {cls.NAME} needs a docstring (its model-facing description)")
    return ToolSpec(cls.NAME, cls.GROUP, doc, tuple(params), cls)
