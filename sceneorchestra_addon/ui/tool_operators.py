"""One operator per tool, generated from ``core.tools.SPECS``: run any single tool from a form.

``sceneorchestra.tool_<name>`` (e.g. ``sceneorchestra.tool_add_object``) has one property per tool
parameter, mapped from its ParamSpec:

- enum -> EnumProperty over its values; bool -> BoolProperty;
- float / int -> FloatProperty / IntProperty with the spec's bounds as min / max;
- a catalogue category -> EnumProperty over the catalogue's names (the description says how each is
  placed); an earlier object's id -> StringProperty that searches the scene's ids; a part name ->
  StringProperty;
- a tuple of categories -> StringProperty of comma-separated names ("book, vase").

Defaults: the tool's own default; for a required parameter the first enum value (or catalogue
category), the middle of a float range, the lower end of an int range, the first small object for a
tuple of categories. Optional parameters left at their default are not
written into the call, as in the trajectory language. Running the operator adds the call to the
trajectory (before ``terminate``; an initializer starts a new trajectory; ``terminate`` sets the final
status) and executes it through the journal (``session.add_call``). In a scene of several rooms a
step names its room (``room_of_call``: the form's ``room``, else the active object's room, else the
first room); in a one-room scene the ``room`` field is not written. Every tool is listed in the
"SceneOrchestra Tool" menu (View3D > Add), so F3 search finds it.
"""

from __future__ import annotations

import bpy
from bpy.props import BoolProperty, EnumProperty, FloatProperty, IntProperty, StringProperty

from ..blender.collection import find_collection, room_collections
from ..ground import catalog
from ..ground.suite import SuiteState
from ..core.tools import SPECS, ParamSpec, ToolSpec
from . import preferences, properties
from . import session as S
from .operators import run

GROUP_ORDER = ("initializer", "implementer", "modifier", "terminator")
SMALL_CATEGORY = next(c.name for c in catalog.CATEGORIES if c.placement == "on_top")  # a tuple of categories' default
CATEGORY_ITEMS = [(c.name, c.name, f"{c.placement} object") for c in catalog.CATEGORIES]


def idname_of(tool: str) -> str:
    return f"sceneorchestra.tool_{tool}"


def title_of(tool: str) -> str:
    return tool.replace("_", " ").title()


def _object_ids(self, context, edit_text):
    """Search callback of object-id properties: the ids of the current scene."""
    state = S.state(S.current())
    rooms = [s for _, s in state.rooms] if isinstance(state, SuiteState) else [state]
    ids = list(dict.fromkeys(o.id for s in rooms for o in s.objects))
    return [i for i in ids if edit_text.lower() in i]


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    return flat.split(". ")[0].rstrip(".")


def property_of(p: ParamSpec):
    """The bpy property for one tool parameter (see the module docstring)."""
    name, desc = p.name, p.doc or p.name
    if p.kind == "enum":
        return EnumProperty(name=name, description=desc, items=[(c, c, "") for c in p.choices], default=p.default if not p.required else p.choices[0])
    if p.kind == "bool":
        return BoolProperty(name=name, description=desc, default=bool(p.default))
    if p.kind == "float":
        default = float(p.default) if not p.required else round(((p.lo or 0.0) + (p.hi if p.hi is not None else (p.lo or 0.0))) / 2.0, 1)
        bounds = {k: float(v) for k, v in (("min", p.lo), ("max", p.hi)) if v is not None}
        return FloatProperty(name=name, description=desc, default=default, precision=2, **bounds)
    if p.kind == "int":
        default = int(p.default) if not p.required else int(p.lo or 0)
        bounds = {k: int(v) for k, v in (("min", p.lo), ("max", p.hi)) if v is not None}
        return IntProperty(name=name, description=desc, default=default, **bounds)
    if p.kind == "tuple":
        default = ", ".join(p.default or ()) if not p.required else SMALL_CATEGORY if p.item.ref == "category" else ""
        return StringProperty(name=name, description=f"{desc} (comma-separated names)", default=default)
    if p.ref == "category":
        default = p.default if not p.required else CATEGORY_ITEMS[0][0]
        return EnumProperty(name=name, description=desc, items=CATEGORY_ITEMS, default=default)
    if p.ref == "object_id":
        return StringProperty(name=name, description=f"{desc} (an object id, e.g. double_bed_0)", default=p.default or "", search=_object_ids)
    return StringProperty(name=name, description=desc, default=p.default or "")


def value_of(p: ParamSpec, raw):
    """The call argument for a property value (tuples from their comma-separated text)."""
    if p.kind == "tuple":
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if p.kind == "float":
        return round(float(raw), 3)
    return raw


def args_of(spec: ToolSpec, op) -> tuple[tuple[str, object], ...]:
    """The call's arguments: every required one, and the optional ones that differ from their default."""
    args = []
    for p in spec.params:
        value = value_of(p, getattr(op, p.name))
        if p.required or value != p.default:
            args.append((p.name, value))
    return tuple(args)


def _room_names(self, context, edit_text):
    """Search callback of the room property: the rooms of the current scene of several rooms."""
    state = S.state(S.current())
    names = state.names if isinstance(state, SuiteState) else ()
    return [n for n in names if edit_text.lower() in n]


def room_of_call(op, context) -> str | None:
    """The room a step runs in, in a scene of several rooms: the operator's ``room``, else the room
    whose collection holds the active object, else the first room that takes furniture; None in a
    one-room scene (the call names no room)."""
    state = S.state(S.current())
    if not isinstance(state, SuiteState):
        return None
    if getattr(op, "room", ""):
        return op.room
    active = getattr(context, "active_object", None)
    if active is not None:
        for name, coll in room_collections(find_collection()).items():
            if active.name in coll.all_objects:
                return name
    return (state.furnished() or state.names)[0]


def _execute(self, context):
    spec = SPECS[self.tool]
    props = properties.settings_of(context.scene)
    seed = properties.seed_of(props, preferences.get(context).default_seed)
    args = args_of(spec, self)
    room = room_of_call(self, context) if spec.group in ("implementer", "modifier") else None
    if room is not None:
        args = (("room", room), *args)
    return run(self, context, S.add_call, spec.name, args, seed)


def _invoke(self, context, event):
    return context.window_manager.invoke_props_dialog(self, width=360)


def make_operator(spec: ToolSpec) -> type:
    """The operator class of one tool."""
    return type(
        f"SCENEORCHESTRA_OT_tool_{spec.name}",
        (bpy.types.Operator,),
        {
            "bl_idname": idname_of(spec.name),
            "bl_label": title_of(spec.name),
            "bl_description": _first_sentence(spec.doc),
            "bl_options": {"REGISTER", "UNDO"},
            "__annotations__": {p.name: property_of(p) for p in spec.params} | (
                {"room": StringProperty(name="room", default="", search=_room_names,
                                        description="in a scene of several rooms, the room the call acts in (empty: the active object's room, else the first)")}
                if spec.group in ("implementer", "modifier") else {}),
            "tool": spec.name,
            "execute": _execute,
            "invoke": _invoke,
        },
    )


class SCENEORCHESTRA_MT_tools(bpy.types.Menu):
    """Every SceneOrchestra tool as an operator with a form"""

    bl_idname = "SCENEORCHESTRA_MT_tools"
    bl_label = "SceneOrchestra Tool"

    def draw(self, context):
        layout = self.layout
        layout.operator_context = "INVOKE_DEFAULT"
        for i, group in enumerate(GROUP_ORDER):
            if i:
                layout.separator()
            for spec in SPECS.values():
                if spec.group == group:
                    layout.operator(idname_of(spec.name), text=title_of(spec.name))


def add_menu_entry(self, context):
    self.layout.menu(SCENEORCHESTRA_MT_tools.bl_idname, icon="MOD_BUILD")


TOOL_OPERATORS = tuple(make_operator(spec) for spec in SPECS.values())
CLASSES = (*TOOL_OPERATORS, SCENEORCHESTRA_MT_tools)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)
    bpy.types.VIEW3D_MT_add.append(add_menu_entry)


def unregister() -> None:
    bpy.types.VIEW3D_MT_add.remove(add_menu_entry)
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
