"""The N-panel (View3D sidebar, tab "SceneOrchestra").

From top to bottom: the prompt (a line, or a text block for a long multi-line prompt), room size,
seed and samples, and Generate; once the scene has a room, a follow-up line and Refine instead
(``sceneorchestra.refine``), with "New room" unfolding the settings above and Generate (while a
generation runs, a progress bar and Cancel); the last message (errors in red, with "Generate with
the teacher" when a model backend failed); the trajectory as a ``UIList``
(``SCENEORCHESTRA_UL_calls`` over ``scene.sceneorchestra.rows``, which ``properties.mirror`` keeps in
step): a header row per instruction (the prompt, then each follow-up: a triangle that folds its calls
away, a checkbox that switches all of them at once, the instruction); in a scene of several rooms,
inside each instruction's group, after the ``init_plan`` row, a header row per room in the plan's
order (a triangle folding the room's calls away, a checkbox switching all of them at once in one
replay, the room's name) over that room's calls; and a row per call: a checkbox
that switches the call on or off, the result icon (ok, warning, failed, off, not built yet; its
tooltip is the result), the number and the whole call, as wide as the sidebar is (or an edit field in
"Edit calls" mode); under the list, buttons acting on the selected row: replay from the call
(running an edit first), insert a call after it, delete it; then Copy / Run from text / Save; then
the scene's metrics.

``draw_panel`` is a plain function of a layout and plain data, so tests draw it into a recording
layout and check the rows and their states. It only reads what the session computed when it changed
(``session.View``: the rows, the metrics, the "Understood" box); nothing is executed or evaluated
while drawing (``tools/bench_panel_draw.py`` times it).
"""

from __future__ import annotations

import textwrap

import bpy

from . import preferences, properties
from . import session as S
from ..agent.pipeline import BackendUnavailable, label
from .scene_metrics import summary_lines

STATUS_ICONS = {"ok": "CHECKMARK", "warning": "ERROR", "failed": "CANCEL", "off": "HIDE_ON", "pending": "TIME"}
NOTICE_ICONS = {"INFO": "INFO", "WARNING": "ERROR", "ERROR": "CANCEL"}
CHAR_PX = 7.0  # a rough character width, for wrapping messages to the sidebar's width
LIST_ROWS = 8  # rows the list shows before it scrolls (the user drags its bottom edge for more)


def wrap(layout, text: str, width: int, icon: str = "NONE") -> None:
    """Labels for ``text`` wrapped to ``width`` characters (Blender labels do not wrap)."""
    lines = [piece for para in text.splitlines() or [""] for piece in (textwrap.wrap(para, width, break_on_hyphens=False) or [""])]
    col = layout.column(align=True)
    for i, line in enumerate(lines):
        col.label(text=line, icon=icon if i == 0 else "BLANK1" if icon != "NONE" else "NONE")


def draw_panel(layout, props, session: S.Session, backend_text: str, default_seed: int, width_chars: int = 40,
               running: S.Session | None = None, running_scene: str = "") -> None:
    """The panel for ``session`` (the shown scene's); ``running``: the session whose generation
    runs, if any (``running_scene``: its scene's name when that is another scene)."""
    view = session.view
    room = S.refinable(session) and not session.busy
    if room and running is None:
        _draw_refine(layout, props, default_seed, backend_text, width_chars)
    else:
        _draw_prompt(layout, props, default_seed, width_chars)
        _draw_generate(layout, running, backend_text, running_scene)
    if session.notice is not None:
        _draw_notice(layout, session.notice, width_chars)
    measured = view.measured and not session.busy
    if measured and view.understood is not None and (view.understood.requirements or view.understood.unknown):
        _draw_understood(layout, view.understood, width_chars)
    if view.rows:
        _draw_calls(layout, props, view, session.busy, width_chars)
        _draw_actions(layout)
        if measured and view.metrics is not None:
            box = layout.box()
            box.label(text="Scene", icon="SCENE_DATA")
            for line in summary_lines(view.metrics):
                box.label(text=line)
    else:
        _draw_actions(layout, has_trajectory=False)


def _draw_prompt(layout, props, default_seed: int, width_chars: int) -> None:
    col = layout.column()
    if props.prompt_text is None:
        col.prop(props, "prompt", text="")
    else:
        box = col.box()
        wrap(box, properties.prompt_of(props).strip() or "(the text block is empty)", width_chars)
    col.prop(props, "prompt_text", text="Long prompt")
    col.prop(props, "room_size")
    if props.room_size == "CUSTOM":
        row = col.row(align=True)
        row.prop(props, "width_m")
        row.prop(props, "depth_m")
    row = col.row(align=True)
    row.prop(props, "use_own_seed", text="Own seed")
    if props.use_own_seed:
        row.prop(props, "seed")
    else:
        row.label(text=f"Seed {default_seed} (preferences)")
    row = col.row(align=True)
    row.prop(props, "samples")
    if props.samples > 1:
        row.prop(props, "pick", text="")


def _draw_refine(layout, props, default_seed: int, backend_text: str, width_chars: int) -> None:
    """The prompt area once the scene has a room: a follow-up and Refine; "New room" unfolds the
    settings of a new generation and its Generate (which replaces the room)."""
    col = layout.column()
    col.label(text="Refine this room:", icon="MODIFIER")
    col.prop(props, "followup", text="")
    row = col.row()
    row.scale_y = 1.4
    row.operator("sceneorchestra.refine", text="Refine", icon="PLAY")
    row = layout.row(align=True)
    row.prop(props, "show_new_room", text="New room", emboss=False,
             icon="DISCLOSURE_TRI_DOWN" if props.show_new_room else "DISCLOSURE_TRI_RIGHT")
    row.operator("sceneorchestra.generate", text="Generate", icon="FILE_NEW")
    if props.show_new_room:
        box = layout.box()
        _draw_prompt(box, props, default_seed, width_chars)
        box.label(text=f"with the {backend_text}", icon="BLANK1")


def _draw_generate(layout, running: S.Session | None, backend_text: str, running_scene: str = "") -> None:
    progress = S.progress(running) if running is not None else None
    if progress is None:
        row = layout.row()
        row.scale_y = 1.4
        row.operator("sceneorchestra.generate", text="Generate", icon="PLAY")
        layout.label(text=f"with the {backend_text}", icon="BLANK1")
        return
    fraction, text = progress
    if running_scene:
        text += f" in scene {running_scene}"
    row = layout.row(align=True)
    _progress(row, fraction, text)
    row.operator("sceneorchestra.cancel", text="Cancel", icon="X")


def _progress(row, fraction: float | None, text: str) -> None:
    """A spinner while the model writes (no fraction known), a bar while the calls are built."""
    if fraction is None:
        row.progress(factor=0.5, type="RING", text=text)
    else:
        row.progress(factor=fraction, type="BAR", text=text)


def _draw_notice(layout, notice: S.Notice, width_chars: int) -> None:
    box = layout.box()
    box.alert = notice.level == "ERROR"
    wrap(box, notice.text, width_chars, NOTICE_ICONS.get(notice.level, "INFO"))
    if notice.offer_teacher:
        op = box.operator("sceneorchestra.generate", text="Generate with the teacher (no model)", icon="LIGHT")
        op.backend = "teacher"


def _draw_understood(layout, understood: S.Understood, width_chars: int) -> None:
    """Each requirement read from the prompt, ticked when the scene meets it, and what the
    catalogue lacks."""
    box = layout.box()
    met = sum(1 for _, ok, _ in understood.requirements if ok)
    box.label(text=f"Understood: {met} of {len(understood.requirements)} requirements met", icon="VIEWZOOM")
    col = box.column(align=True)
    for spec, ok, detail in understood.requirements:
        col.label(text=fit(f"{spec}  ({detail})", width_chars), icon="CHECKMARK" if ok else "X")
    for noun in understood.unknown:
        wrap(col, f"no '{noun}' in the catalogue: left out", width_chars, "QUESTION")


def _draw_calls(layout, props, view: S.View, busy: bool, width_chars: int) -> None:
    box = layout.box()
    head = box.row()
    head.label(text=f"Trajectory ({len(view.rows)} calls)", icon="TEXT")
    head.prop(props, "edit_calls", text="", icon="GREASEPENCIL")
    if not properties.rows_current(props, view):
        _mirror_soon()  # (a scene whose list was not stored with its trajectory): never written while drawing
    col = box.column()
    col.enabled = not busy
    col.template_list("SCENEORCHESTRA_UL_calls", "", props, "rows", props, "active_row", item_dyntip_propname="tip",
                      rows=min(LIST_ROWS, max(3, len(props.rows))))
    _draw_selected(col, props, view)


def _draw_selected(layout, props, view: S.View) -> None:
    """The buttons that act on the list's selected row (a group's header: its first call)."""
    rows = props.rows
    item = rows[props.active_row] if 0 <= props.active_row < len(rows) else None
    n = item.number if item is not None else 0
    row = layout.row(align=True)
    row.enabled = 1 <= n <= len(view.rows)
    row.label(text=f"{n}. {view.rows[n - 1].tool}" if row.enabled else "Select a call")
    current = view.rows[n - 1].args_text if row.enabled else ""
    replay = row.row(align=True)
    replay.alert = row.enabled and properties.edited_text(props, n, current, view.key) is not None
    replay.operator("sceneorchestra.replay_from", text="Replay", icon="FILE_REFRESH").index = max(1, n)
    row.operator("sceneorchestra.insert_call", text="Insert", icon="ADD").index = max(1, n)
    delete = row.row(align=True)
    delete.enabled = item is not None and item.kind == "CALL" and item.removable
    delete.operator("sceneorchestra.delete_call", text="Delete", icon="X").index = max(1, n)


def _mirror_soon() -> None:
    """Mirror the lists just after this draw (a timer may write what a draw may not)."""
    if not bpy.app.timers.is_registered(mirror_all):
        bpy.app.timers.register(mirror_all, first_interval=0.0)


def mirror_all() -> None:
    """Mirror every scene's list from its session (those not restored yet wait for their next
    draw) and redraw the 3D views."""
    for scene in bpy.data.scenes:
        session = S.cached(scene)
        if session is not None and hasattr(scene, "sceneorchestra"):
            properties.mirror(properties.settings_of(scene), session.view)
    for window in bpy.context.window_manager.windows if bpy.context.window_manager is not None else ():
        for area in window.screen.areas:
            if area.type == "VIEW_3D":
                area.tag_redraw()


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (the tooltip has it in full)."""
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def draw_item(layout, props, item, fields: bool) -> None:
    """One item of the list: a group's header or a call (``fields``: "Edit calls" mode, with the
    edit fields holding the trajectory shown). The call's text is the whole call: the label takes
    the row's width, so widening the sidebar shows more of it."""
    r = layout.row(align=True)
    if item.kind == "ROOM":
        if item.group >= 0:
            r.separator(factor=1.5)  # the room's header, under its group's
        r.prop(item, "expanded", text="", emboss=False, icon="DISCLOSURE_TRI_DOWN" if item.expanded else "DISCLOSURE_TRI_RIGHT")
        check = r.row(align=True)
        check.enabled = item.removable
        op = check.operator("sceneorchestra.toggle_room", text="", emboss=False, icon="CHECKBOX_DEHLT" if item.status == "off" else "CHECKBOX_HLT")
        op.room, op.group = item.room, item.group + 1
        r.label(text=item.text, icon="HOME" if item.status != "mixed" else "COLLECTION_COLOR_03")
        return
    if item.kind == "GROUP":
        r.prop(item, "expanded", text="", emboss=False, icon="DISCLOSURE_TRI_DOWN" if item.expanded else "DISCLOSURE_TRI_RIGHT")
        check = r.row(align=True)
        check.enabled = item.removable
        check.operator("sceneorchestra.toggle_group", text="", emboss=False,
                       icon="CHECKBOX_DEHLT" if item.status == "off" else "CHECKBOX_HLT").index = item.group + 1
        r.label(text=item.text, icon="OUTLINER_COLLECTION" if item.status != "mixed" else "COLLECTION_COLOR_03")
        return
    n = item.number
    on = item.status not in ("off", "pending")
    if item.group >= 0:
        r.separator(factor=1.5)  # the group's calls, under its header
    if item.room:
        r.separator(factor=1.5)  # a room's calls, under the room's header
    check = r.row(align=True)
    check.enabled = item.removable or not on
    check.operator("sceneorchestra.toggle_call", text="", icon="CHECKBOX_HLT" if on else "CHECKBOX_DEHLT", emboss=False).index = n
    r.operator("sceneorchestra.call_info", text="", icon=STATUS_ICONS.get(item.status, "QUESTION"), emboss=False).index = n
    if fields and n <= len(props.calls):
        r.label(text=f"{n}.")
        r.prop(props.calls[n - 1], "text", text="")
    else:
        r.label(text=f"{n}. {item.text}")


def filter_flags(items, flag: int, name: str = "") -> list[int]:
    """The list's filter: the calls of a folded group are hidden (and its room headers), the calls
    of a folded room too; a name typed in the list's filter shows the calls containing it (and
    every header shown). (Blender applies the filter's "invert" to these flags itself.)"""
    flags = []
    shown = True
    folded_room = ""  # the room whose header (the last one seen) is folded
    needle = name.strip("*").lower()
    for item in items:
        if item.kind == "GROUP":
            shown, folded_room = item.expanded, ""
            flags.append(flag)
            continue
        if item.kind == "ROOM":
            folded_room = "" if item.expanded else item.room
            flags.append(flag if shown or item.group < 0 else 0)
            continue
        visible = (shown or item.group < 0) and not (item.room and item.room == folded_room)
        if needle and visible:
            visible = needle in f"{item.number}. {item.text}".lower()
        flags.append(flag if visible else 0)
    return flags


class SCENEORCHESTRA_UL_calls(bpy.types.UIList):
    """The trajectory: the calls, under a header per instruction (and per room)"""

    bl_idname = "SCENEORCHESTRA_UL_calls"

    def draw_item(self, context, layout, data, item, icon, active_data, active_propname, index=0, flt_flag=0):
        fields = properties.fields_current(data, S.current(context.scene).view.key)
        draw_item(layout, data, item, fields)

    def filter_items(self, context, data, propname):
        return filter_flags(getattr(data, propname), self.bitflag_filter_item, self.filter_name), []


def _draw_actions(layout, has_trajectory: bool = True) -> None:
    row = layout.row(align=True)
    if has_trajectory:
        row.operator("sceneorchestra.copy_trajectory", text="Copy", icon="COPYDOWN")
    row.operator("sceneorchestra.run_text", text="Run from text", icon="FILE_TEXT")
    if has_trajectory:
        row.operator("sceneorchestra.save_outputs", text="Save", icon="FILE_TICK")
        row.operator("sceneorchestra.clear_room", text="Clear", icon="TRASH")
    layout.menu("SCENEORCHESTRA_MT_tools", icon="MOD_BUILD")


class SCENEORCHESTRA_PT_panel(bpy.types.Panel):
    bl_idname = "SCENEORCHESTRA_PT_panel"
    bl_label = "SceneOrchestra"
    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "SceneOrchestra"

    def draw(self, context):
        prefs = preferences.get(context)
        try:
            backend_text = label(preferences.settings(context))
        except BackendUnavailable as exc:  # an unknown backend name: say so where Generate is
            backend_text = f"backend ({exc})"
        width = int((context.region.width if context.region else 280) / CHAR_PX)
        session, running = S.current(context.scene), S.running()
        elsewhere = running is not None and running is not session
        running_scene = getattr(S.scene_of(running), "name", "?") if elsewhere else ""
        draw_panel(self.layout, properties.settings_of(context.scene), session, backend_text, prefs.default_seed, max(20, width), running,
                   running_scene)


CLASSES = (SCENEORCHESTRA_UL_calls, SCENEORCHESTRA_PT_panel)


def draw_status(self, context) -> None:
    """The running generation in Blender's status bar, so it shows whichever editor is in front
    (the N-panel may be closed): the same spinner or bar and text as the panel, and Cancel. Reads
    only the session's cached progress; draws nothing when no generation runs."""
    running = S.running()
    progress = S.progress(running) if running is not None else None
    if progress is None:
        return
    fraction, text = progress
    row = self.layout.row(align=True)
    row.label(text="SceneOrchestra:")
    _progress(row, fraction, text)
    row.operator("sceneorchestra.cancel", text="", icon="X")


def register_status() -> None:
    bpy.types.STATUSBAR_HT_header.append(draw_status)


def unregister_status() -> None:
    bpy.types.STATUSBAR_HT_header.remove(draw_status)
