"""The panel's settings, stored per scene in ``scene.sceneorchestra`` (saved with the .blend).

The prompt is one line, or, for a long multi-line instruction, a Text datablock (written in Blender's
Text Editor) that replaces it when chosen. Room size presets give the room's width x depth in metres
(the preset wins over the orchestrator's choice); "From the prompt" leaves the size to the
orchestrator (the rules read "5 x 4 m" in the prompt). The seed drives both the model's sampling and
the executor's randomness; unless "Own seed" is on, the preferences' default seed is used.

``calls`` mirrors the trajectory for the edit fields: one item per call holding the call's text. It is
rewritten (``mirror``) by the operators after every change, by the file handlers after a load, and
whenever "Edit calls" is switched on or off, never while drawing; ``calls_key`` names the trajectory
it was written from. An edit field counts (``edited_text``) only while "Edit calls" is on and the
fields belong to the trajectory shown: a field left from another trajectory, or typed while editing
was off, never replaces a call.

``rows`` holds the items of the panel's trajectory list (``panel.SCENEORCHESTRA_UL_calls``, a
``UIList``): a header per instruction group, in a scene of several rooms a header per room inside
it, and a row per call (``session.View.entries``), with
``rows_key`` naming what they were written from. ``mirror`` writes them too, and ``session`` calls it
on every change of a session's rows (each build step of a generation included), so the list is in
step whatever changed the trajectory; drawing never writes them (Blender forbids writing ID
properties while drawing). A header's ``expanded`` (whether its group's calls are listed) is the
user's: ``mirror`` keeps it per group (and per room within its group). ``followup`` is the prompt of a follow-up (Refine), and
``show_new_room`` unfolds the settings of a new generation once the scene has a room.
"""

from __future__ import annotations

import bpy
from bpy.props import BoolProperty, CollectionProperty, EnumProperty, FloatProperty, IntProperty, PointerProperty, StringProperty

from ..agent.pipeline import PICKS
from . import session as S

# (identifier, name, description, (width_m, depth_m) or None)
ROOM_SIZES: tuple[tuple[str, str, str, tuple[float, float] | None], ...] = (
    ("AUTO", "From the prompt", "The orchestrator chooses the size (or reads \"5 x 4 m\" in the prompt)", None),
    ("SMALL", "Small (3.0 x 2.6 m)", "A small room: bathroom, laundry, nursery", (3.0, 2.6)),
    ("MEDIUM", "Medium (4.2 x 3.6 m)", "A typical bedroom, kitchen or office", (4.2, 3.6)),
    ("LARGE", "Large (5.5 x 4.5 m)", "A living room, children's room or meeting room", (5.5, 4.5)),
    ("HALL", "Hall (8.0 x 6.0 m)", "A restaurant, gym, classroom or waiting room", (8.0, 6.0)),
    ("CUSTOM", "Custom", "Width and depth of your choice", None),
)
MAX_SAMPLES = 8


def _edit_mode_changed(props, _context) -> None:
    """Editing starts (and ends) with the fields holding the calls as they are: no edit typed
    earlier, or for another trajectory, is carried into it."""
    mirror(props, S.current(props.id_data).view)


class SCENEORCHESTRA_PG_call(bpy.types.PropertyGroup):
    text: StringProperty(name="Call", description="The call's text: edit it, then press Replay on its row to run the edit")


class SCENEORCHESTRA_PG_row(bpy.types.PropertyGroup):
    kind: EnumProperty(name="Kind", items=(("CALL", "Call", "A call of the trajectory"),
                                           ("GROUP", "Group", "The calls one instruction made"),
                                           ("ROOM", "Room", "The calls of one room of a scene of several rooms")), default="CALL")
    group: IntProperty(name="Group", description="The instruction group (-1: none)", default=-1)
    number: IntProperty(name="Number", description="The call's number (a group: its first call's)", default=0)
    text: StringProperty(name="Text", description="The call without its number, or the group's instruction")
    status: StringProperty(name="Status", description="ok, warning, failed, off, pending; a group: on, off, mixed")
    removable: BoolProperty(name="Removable", description="The call (a group: one of its calls) can be switched off and deleted")
    expanded: BoolProperty(name="Show calls", description="Show the calls this instruction made", default=True)
    tip: StringProperty(name="Tooltip", description="The row's tooltip: the call's result, or the group's instruction")
    room: StringProperty(name="Room", description="The room whose header the row is, or is listed under (a scene of several rooms)")


class SCENEORCHESTRA_PG_settings(bpy.types.PropertyGroup):
    prompt: StringProperty(name="Prompt", description="What to build, e.g. \"Design me a bedroom with a desk by the window\"",
                           default="Design me a bedroom")
    prompt_text: PointerProperty(type=bpy.types.Text, name="Prompt text",
                                 description="A text block holding a long, multi-line prompt (replaces the prompt line when set)")
    room_size: EnumProperty(name="Room size", items=[(k, n, d) for k, n, d, _ in ROOM_SIZES], default="AUTO")
    width_m: FloatProperty(name="Width", description="Room extent along X (west to east)", default=4.5, min=2.0, max=15.0, unit="LENGTH")
    depth_m: FloatProperty(name="Depth", description="Room extent along Y (south to north)", default=4.0, min=2.0, max=15.0, unit="LENGTH")
    use_own_seed: BoolProperty(name="Own seed", description="Use this scene's seed instead of the preferences' default seed", default=False)
    seed: IntProperty(name="Seed", description="Seed of the model's sampling and of the executor", default=0, min=0)
    samples: IntProperty(name="Samples", description="Trajectories to generate; the best valid one is built", default=1, min=1, max=MAX_SAMPLES)
    pick: EnumProperty(name="Pick", items=[(k, n, d) for k, n, d in PICKS], default="score",
                       description="How the best of several samples is chosen")
    edit_calls: BoolProperty(name="Edit calls", description="Show an edit field on every call of the trajectory", default=False,
                             update=_edit_mode_changed)
    calls: CollectionProperty(type=SCENEORCHESTRA_PG_call)
    calls_key: StringProperty(name="Calls key", description="Which trajectory the edit fields were written from", options={"HIDDEN"})
    rows: CollectionProperty(type=SCENEORCHESTRA_PG_row)
    active_row: IntProperty(name="Active row", description="The list's selected row: the buttons under the list act on it", default=0)
    rows_key: StringProperty(name="Rows key", description="Which list the rows were written from", options={"HIDDEN"})
    followup: StringProperty(name="Follow-up", description="A change to the room you have, e.g. \"add a plant in the corner\", "
                                                           "\"remove the rug\", \"make the bed bigger\"", default="")
    show_new_room: BoolProperty(name="New room", description="Show the settings of a new generation (it replaces this room)",
                                default=False)


CLASSES = (SCENEORCHESTRA_PG_call, SCENEORCHESTRA_PG_row, SCENEORCHESTRA_PG_settings)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)
    bpy.types.Scene.sceneorchestra = PointerProperty(type=SCENEORCHESTRA_PG_settings)
    S.PUBLISH.append(_mirror_scene)  # every change of a session's rows reaches its scene's list


def unregister() -> None:
    if _mirror_scene in S.PUBLISH:
        S.PUBLISH.remove(_mirror_scene)
    del bpy.types.Scene.sceneorchestra
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)


def settings_of(scene: bpy.types.Scene) -> SCENEORCHESTRA_PG_settings:
    return scene.sceneorchestra


def prompt_of(props) -> str:
    """The prompt: the chosen text block's content, else the prompt line."""
    if props.prompt_text is not None:
        return props.prompt_text.as_string()
    return props.prompt


def room_size_of(props) -> tuple[float, float] | None:
    """(width_m, depth_m) of the chosen preset, or None for "From the prompt"."""
    if props.room_size == "CUSTOM":
        return round(props.width_m, 2), round(props.depth_m, 2)
    return next(size for key, _, _, size in ROOM_SIZES if key == props.room_size)


def seed_of(props, default_seed: int) -> int:
    return props.seed if props.use_own_seed else default_seed


def mirror(props, view) -> None:
    """Make the edit fields hold the calls' texts of ``view`` (a ``session.View``: its rows, and its
    key naming the trajectory), after every change to the trajectory."""
    rows = view.rows
    if props.calls_key != view.key:
        props.calls_key = view.key
    calls = props.calls
    while len(calls) > len(rows):
        calls.remove(len(calls) - 1)
    while len(calls) < len(rows):
        calls.add()
    for item, row in zip(calls, rows):
        if item.text != row.args_text:
            item.text = row.args_text
    mirror_rows(props, view)


_KINDS = {"call": "CALL", "group": "GROUP", "room": "ROOM"}


def mirror_rows(props, view) -> None:
    """Make the list's items (``rows``) hold ``view.entries``; each header keeps the ``expanded``
    its group (a room's header: its room in its group) had. Writes only what differs."""
    entries = view.entries
    rows = props.rows
    if props.rows_key == view.list_key and len(rows) == len(entries):
        return
    expanded = {(item.kind, item.group, item.room): item.expanded for item in rows if item.kind != "CALL"}
    while len(rows) > len(entries):
        rows.remove(len(rows) - 1)
    while len(rows) < len(entries):
        rows.add()
    for item, e in zip(rows, entries):
        values = {"kind": _KINDS[e.kind], "group": e.group, "number": e.number, "text": e.text, "status": e.status,
                  "removable": e.removable, "tip": e.tip, "room": e.room,
                  "expanded": expanded.get((_KINDS[e.kind], e.group, e.room), True) if e.kind != "call" else True}
        for name, value in values.items():
            if getattr(item, name) != value:
                setattr(item, name, value)
    if props.rows_key != view.list_key:
        props.rows_key = view.list_key
    if props.active_row >= len(entries):
        props.active_row = max(0, len(entries) - 1)


def rows_current(props, view) -> bool:
    """The list's items hold ``view``'s entries (else a mirror is due: ``panel`` schedules one)."""
    return props.rows_key == view.list_key and len(props.rows) == len(view.entries)


def _mirror_scene(scene, view) -> None:
    if hasattr(scene, "sceneorchestra"):
        mirror(settings_of(scene), view)


def fields_current(props, key: str) -> bool:
    """The edit fields are shown and hold the trajectory named ``key``."""
    return props.edit_calls and props.calls_key == key


def edited_text(props, number: int, current: str, key: str) -> str | None:
    """The edit field's text of call ``number`` when the user is editing (``fields_current``) and
    it differs from the call, else None."""
    if not fields_current(props, key) or not 1 <= number <= len(props.calls):
        return None
    text = props.calls[number - 1].text
    return text if text.strip() != current else None
