"""The N-panel (View3D sidebar, tab "SceneOrchestra").

From top to bottom: the prompt (a line, or a text block for a long multi-line prompt), room size,
seed and samples; Generate (or, while a generation runs, a progress bar and Cancel); the last
message (errors in red, with "Generate with the teacher" when a model backend failed); the
trajectory, one row per call: a checkbox that switches the call on or off, the result icon (ok,
warning, failed, off, not built yet; its tooltip is the result), the number, tool and arguments (or
an edit field in "Edit calls" mode), and buttons to replay from the call (running an edit first),
insert a call after it and delete it; then Copy / Run from text / Save; then the scene's metrics.

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
ROW_BUTTON_CHARS = 16  # what a call row's checkbox, icon and three buttons take, in characters


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
    col = box.column(align=True)
    col.enabled = not busy
    fields = properties.fields_current(props, view.key)  # else the fields hold another trajectory: not shown
    for row in view.rows:
        _draw_row(col.row(align=True), props, row, max(16, width_chars - ROW_BUTTON_CHARS), fields, view.key)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (the tooltip has it in full)."""
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def _draw_row(r, props, row: S.Row, label_chars: int, fields: bool, key: str) -> None:
    n = row.number
    on = row.status not in ("off", "pending")
    check = r.row(align=True)
    check.enabled = row.removable or not on
    check.operator("sceneorchestra.toggle_call", text="", icon="CHECKBOX_HLT" if on else "CHECKBOX_DEHLT", emboss=False).index = n
    r.operator("sceneorchestra.call_info", text="", icon=STATUS_ICONS[row.status], emboss=False).index = n
    edited = False
    if fields and n <= len(props.calls):
        r.label(text=f"{n}.")
        r.prop(props.calls[n - 1], "text", text="")
        edited = properties.edited_text(props, n, row.args_text, key) is not None
    else:
        r.label(text=fit(f"{n}. {row.tool}  {row.short}", label_chars))
    replay = r.row(align=True)
    replay.alert = edited
    replay.operator("sceneorchestra.replay_from", text="", icon="FILE_REFRESH").index = n
    r.operator("sceneorchestra.insert_call", text="", icon="ADD").index = n
    delete = r.row(align=True)
    delete.enabled = row.removable
    delete.operator("sceneorchestra.delete_call", text="", icon="X").index = n


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


CLASSES = (SCENEORCHESTRA_PT_panel,)


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
