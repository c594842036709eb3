"""The panel's operators: each reads its properties, calls one function of ``session``, reports.

Undo: every operator that changes the scene has ``{'REGISTER', 'UNDO'}``, so Ctrl+Z undoes one
change (switching a call, an edit, a deletion ...). Generate is a modal operator *without* UNDO that
builds the generated trajectory through ``sceneorchestra.build_next`` (no undo step of its own),
one call per timer tick; Esc or the Cancel button stops it. A whole generation is one undo step,
so that a long one cannot push the state before it off Blender's undo history (32 steps): once its
first call is built, and again when it ends, the modal pushes the generation's step through an
``UNDO_GROUPED`` operator (``push_undo``), and Blender replaces a grouped step by the next push of
the same group. Consecutive generations alternate between two groups, so that one never merges into
the one before it. Ctrl+Z while it builds stops it and returns to the state before it; the calls
stay switchable one by one in the list afterwards. Called from a script
(``bpy.ops.sceneorchestra.generate()``, i.e. without invoking) Generate runs synchronously.

The modal Generate ends on every way out of a generation, and each one removes its timer and
reports what happened: the last call built, the backend's error, an unexpected error while building
(``session.drain`` never raises), Esc or Cancel (Cancel works even with no modal left to drain), an
undo, redo or file load meanwhile (the add-on's ``undo_pre`` / ``redo_pre`` / ``load_pre`` handlers
call ``stop_generation``), and Blender cancelling the operator. Its per-event logic is the plain
function ``generation_event`` (tests call it: the bpy module has no event loop).

Refine (``sceneorchestra.refine``) applies a follow-up to the room (``session.refine``): it is
synchronous (the follow-up engine takes milliseconds) and an ordinary ``UNDO`` operator, so the whole
follow-up, all of its calls, is one undo step, as is switching a whole group
(``sceneorchestra.toggle_group``). ``sceneorchestra.submit`` is what the panel's main button does
(Refine once the scene has a room, else Generate): the add-on's key map runs it (``ui/__init__``).

Generate with the server backend first asks ``preferences.network_refusal`` whether Blender's
"Allow Online Access" lets it connect; when it does not, the panel says where to enable it and offers
the teacher, and nothing is sent.
"""

from __future__ import annotations

import itertools
import sys
import traceback
from dataclasses import replace
from pathlib import Path

import bpy
from bpy.props import EnumProperty, IntProperty, StringProperty

from . import preferences, properties, worker
from . import session as S
from ..agent.pipeline import BACKENDS

TIMER_S = 0.05
BACKEND_ITEMS = [("DEFAULT", "Preferences", "The backend chosen in the add-on preferences")] + [(k, n, d) for k, n, d in BACKENDS]


def refresh(context, session: S.Session | None = None) -> None:
    """After a change: measure the scene (``session.measure``), mirror the trajectory into the edit
    fields of the session's scene and redraw the 3D views."""
    session = session or S.current(context.scene)
    view = S.measure(session)
    scene = S.scene_of(session)
    if scene is not None:
        properties.mirror(properties.settings_of(scene), view)
    screen = getattr(context, "screen", None)
    for area in screen.areas if screen is not None else ():
        if area.type == "VIEW_3D":
            area.tag_redraw()


def run(op, context, fn, *args, session: S.Session | None = None):
    """Call ``fn(session, *args)`` (the current scene's session by default); a refusal goes to the
    panel and the status bar, and nothing changes."""
    session = session or S.current(context.scene)
    before = session.notice
    try:
        fn(session, *args)
    except S.UserError as exc:
        session.notice = S.Notice("ERROR", str(exc))
        op.report({"ERROR"}, str(exc))
        return {"CANCELLED"}
    finally:
        session.hand_notice = None
    refresh(context, session)
    notice = session.notice
    if notice is not None and notice is not before:
        op.report({notice.level}, notice.text)
        if notice.level == "ERROR":  # e.g. the backend failed: the scene is as it was
            return {"CANCELLED"}
    return {"FINISHED"}


def request_of(context, backend: str = "DEFAULT") -> worker.Request:
    props = properties.settings_of(context.scene)
    prefs = preferences.get(context)
    settings = replace(preferences.settings(context, None if backend == "DEFAULT" else backend), pick=props.pick)
    return worker.Request(properties.prompt_of(props), props.samples, properties.seed_of(props, prefs.default_seed), settings,
                          properties.room_size_of(props))


def generate_checked(session: S.Session, request: worker.Request, start) -> None:
    """``start(session, request)`` unless the request would use the network that Blender's online
    access setting forbids: then the panel says so (offering the teacher) and nothing is sent."""
    refusal = None if session.busy else preferences.network_refusal(request.settings)
    if refusal is not None:
        session.notice = S.Notice("ERROR", refusal, offer_teacher=True)
        return
    start(session, request)


# ---------------------------------------------------------------- the modal Generate

_timers: list = []  # (window manager, timer) of each modal Generate whose timer still runs


def add_timer(wm, window):
    timer = wm.event_timer_add(TIMER_S, window=window)
    _timers.append((wm, timer))
    return timer


def remove_timer(timer=None) -> None:
    """Remove ``timer`` (None: every modal Generate's timer), if it still runs."""
    for entry in [e for e in _timers if timer is None or e[1] is timer]:
        _timers.remove(entry)
        entry[0].event_timer_remove(entry[1])


def timer_running() -> bool:
    return bool(_timers)


def stop_generation(why: str, same_file: bool = True, replaced: bool = False) -> None:
    """Before the file changes under it (undo, redo, load, the add-on disabled): stop the running
    generation (``session.stop``) and remove the modal Generate's timer; the operator reports the
    message at its next event, and the panel shows it in the session rebuilt afterwards."""
    S.stop(why, same_file, carry=True, replaced=replaced)
    remove_timer()


_generations = itertools.count()  # modal Generates so far: each takes the other undo group than the one before


def watch(op, context) -> None:
    """Make ``op`` the modal Generate of the generation just started in the current scene."""
    op._session = S.current(context.scene)
    op._job = op._session.job
    op._timer = add_timer(context.window_manager, context.window)
    op._undo_op = UNDO_OPERATORS[next(_generations) % len(UNDO_OPERATORS)].bl_idname.split(".")[1]
    op._building = False  # its first call is built (the generation has an undo step)


def push_undo(op) -> None:
    """Push the generation's one undo step as the scene is now; it replaces the step this generation
    pushed before (if no other undo step came between). Called with ``undo=True``: an operator
    called from Python pushes nothing otherwise. Nothing is pushed without an undo stack (background
    Blender and the bpy module start without one, and Blender's grouped push would crash there); the
    undo history's poll says whether there is one."""
    if not bpy.ops.ed.undo_history.poll():
        return
    try:
        getattr(bpy.ops.sceneorchestra, op._undo_op)("EXEC_DEFAULT", True)
    except RuntimeError:  # no undo step is no reason to leave a generation running or unreported
        traceback.print_exc(file=sys.stderr)


def generation_event(op, context, event) -> set[str]:
    """One event of the modal Generate ``op`` (see the module docstring): drain on a timer tick,
    cancel on Esc, and end (timer removed, message reported) once its generation is over, however
    it ended."""
    session, job = op._session, op._job
    try:
        if session.job is job:
            if event.type == "ESC" and event.value == "PRESS":
                S.cancel(session)
            elif event.type != "TIMER":
                return {"PASS_THROUGH"}
            else:
                S.drain(session, build=lambda: bpy.ops.sceneorchestra.build_next())
                if session.outcome is not None and not op._building:  # the first call is built
                    op._building = True
                    if session.job is job:  # (when it ended, ``end_generation`` pushes)
                        push_undo(op)
            if session.job is job:
                refresh(context, session)
                return {"RUNNING_MODAL"}
    except Exception as exc:  # a bug here must not leave the generation running with nobody to end it
        if session.job is job:
            S.abort(session, exc)
    return end_generation(op, context)


def end_generation(op, context) -> set[str]:
    """The modal Generate is over: its timer goes, the scene is measured, its message is reported."""
    remove_timer(op._timer)  # its own only: an undo may have ended it after another Generate started
    session = op._session
    if session.job is op._job:  # Blender ended the operator while its generation ran
        S.stop("Blender ended the Generate operator")
    if S.live(session) and S.scene_of(session) is not None:  # else a load or undo replaced it (and measured its successor)
        refresh(context, session)
        if op._building:  # the generation's undo step takes the scene as it was left
            push_undo(op)
    notice = session.notice
    if notice is not None:
        op.report({notice.level}, notice.text)
    return {"FINISHED"}


class SCENEORCHESTRA_OT_generate(bpy.types.Operator):
    """Write a trajectory for the prompt with the chosen backend and build it, call by call"""

    bl_idname = "sceneorchestra.generate"
    bl_label = "Generate"
    bl_options = {"REGISTER"}

    backend: EnumProperty(name="Backend", items=BACKEND_ITEMS, default="DEFAULT", options={"SKIP_SAVE"})

    def execute(self, context):
        return run(self, context, generate_checked, request_of(context, self.backend), S.generate_now)

    def invoke(self, context, event):
        if bpy.app.background or context.window is None:
            return self.execute(context)
        if run(self, context, generate_checked, request_of(context, self.backend), S.start_generation) != {"FINISHED"}:
            return {"CANCELLED"}
        watch(self, context)
        context.window_manager.modal_handler_add(self)
        return {"RUNNING_MODAL"}

    def modal(self, context, event):
        return generation_event(self, context, event)

    def cancel(self, context):  # Blender ends the operator (e.g. a file is opened): nothing may be left running
        end_generation(self, context)


class SCENEORCHESTRA_OT_build_next(bpy.types.Operator):
    """Build the next call of the trajectory being generated (the generation's undo step is pushed
    by the modal Generate)"""

    bl_idname = "sceneorchestra.build_next"
    bl_label = "Build Next Call"
    bl_options = {"INTERNAL"}

    def execute(self, context):
        session = S.running()
        if session is None:
            self.report({"ERROR"}, "nothing to build: no generation is running")
            return {"CANCELLED"}
        return run(self, context, S.build_step, session=session)


class _GenerationUndo:
    """Record the generation's undo step (changes nothing: the push is the point)"""

    bl_label = "Generate Room"
    bl_options = {"UNDO_GROUPED", "INTERNAL"}

    def execute(self, context):
        return {"FINISHED"}


class SCENEORCHESTRA_OT_generation_undo(_GenerationUndo, bpy.types.Operator):
    bl_idname = "sceneorchestra.generation_undo"
    bl_undo_group = "Generate Room"


class SCENEORCHESTRA_OT_generation_undo_next(_GenerationUndo, bpy.types.Operator):
    bl_idname = "sceneorchestra.generation_undo_next"
    bl_undo_group = "Generate Room "  # shown the same in the Undo History, but another group


UNDO_OPERATORS = (SCENEORCHESTRA_OT_generation_undo, SCENEORCHESTRA_OT_generation_undo_next)


class SCENEORCHESTRA_OT_cancel(bpy.types.Operator):
    """Stop the running generation (what is built so far stays; the rest is switched off)"""

    bl_idname = "sceneorchestra.cancel"
    bl_label = "Cancel"

    def execute(self, context):
        return run(self, context, S.cancel, session=S.running() or S.current(context.scene))


class _CallOperator:
    index: IntProperty(name="Call", description="The call's number", min=1, default=1)


class SCENEORCHESTRA_OT_toggle_call(_CallOperator, bpy.types.Operator):
    """Switch this call on or off: off gives the scene without this call alone"""

    bl_idname = "sceneorchestra.toggle_call"
    bl_label = "Switch Call On/Off"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context):
        session = S.current(context.scene)
        on = not (session.journal is not None and self.index <= len(session.journal.enabled) and session.journal.enabled[self.index - 1])
        return run(self, context, S.set_enabled, self.index, on)


class SCENEORCHESTRA_OT_toggle_group(bpy.types.Operator):
    """Switch every call this instruction made on or off at once (off: the room without that
    instruction)"""

    bl_idname = "sceneorchestra.toggle_group"
    bl_label = "Switch Instruction On/Off"
    bl_options = {"REGISTER", "UNDO"}

    index: IntProperty(name="Group", description="The instruction group's number (1: the prompt, then each follow-up)", min=1, default=1)

    def execute(self, context):
        session = S.current(context.scene)
        group = next((g for g in session.view.groups if g.index == self.index - 1), None)
        on = group is not None and session.journal is not None and not any(session.journal.enabled[i] for i in S.switchable(session, group))
        return run(self, context, S.set_group_enabled, self.index - 1, on)


class SCENEORCHESTRA_OT_toggle_room(bpy.types.Operator):
    """Switch every call of this room listed under its header on or off at once (the other rooms
    do not change)"""

    bl_idname = "sceneorchestra.toggle_room"
    bl_label = "Switch Room On/Off"
    bl_options = {"REGISTER", "UNDO"}

    room: StringProperty(name="Room", description="The room's name, e.g. bedroom_0")
    group: IntProperty(name="Group", description="The instruction group the header is listed in (0: none)", min=0, default=0)

    def execute(self, context):
        session = S.current(context.scene)
        on = session.journal is not None and not any(session.journal.enabled[i] for i in S.room_calls(session, self.room, self.group - 1))
        return run(self, context, S.set_room_enabled, self.room, self.group - 1, on)


def has_room(session: S.Session) -> bool:
    """The scene has a room a follow-up can refine (a scene of several rooms takes none)."""
    return S.refinable(session)


class SCENEORCHESTRA_OT_refine(bpy.types.Operator):
    """Apply the follow-up to this room (e.g. "add a plant in the corner"): its calls go in before
    terminate, as one undo step and one group of the list"""

    bl_idname = "sceneorchestra.refine"
    bl_label = "Refine Room"
    bl_options = {"REGISTER", "UNDO"}

    instruction: StringProperty(name="Follow-up", description="The follow-up (empty: the panel's follow-up line)", options={"SKIP_SAVE"})

    def execute(self, context):
        props = properties.settings_of(context.scene)
        result = run(self, context, S.refine, self.instruction or props.followup)
        if result == {"FINISHED"} and not self.instruction:
            props.followup = ""  # done: the line is ready for the next one
        return result


class SCENEORCHESTRA_OT_submit(bpy.types.Operator):
    """Refine the room with the follow-up, or generate one from the prompt when the scene has no
    room yet (the panel's main button)"""

    bl_idname = "sceneorchestra.submit"
    bl_label = "Generate or Refine"

    def invoke(self, context, event):
        return self.submit(context, "INVOKE_DEFAULT")

    def execute(self, context):
        return self.submit(context, "EXEC_DEFAULT")

    @staticmethod
    def submit(context, how: str) -> set[str]:
        if has_room(S.current(context.scene)) and not S.current(context.scene).busy:
            return bpy.ops.sceneorchestra.refine("EXEC_DEFAULT", True)  # undo=True: its own undo step, as from the button
        return bpy.ops.sceneorchestra.generate(how)


class SCENEORCHESTRA_OT_call_info(_CallOperator, bpy.types.Operator):
    """What this call did"""

    bl_idname = "sceneorchestra.call_info"
    bl_label = "Call Result"

    @classmethod
    def description(cls, context, properties):
        return message_of(properties.index)

    def execute(self, context):
        self.report({"INFO"}, message_of(self.index))
        return {"FINISHED"}


def message_of(number: int) -> str:
    rows = S.current().view.rows
    return f"{number}. {rows[number - 1].message}" if 1 <= number <= len(rows) else f"there is no call {number}"


class SCENEORCHESTRA_OT_replay_from(_CallOperator, bpy.types.Operator):
    """Replay the trajectory from this call (in "Edit calls" mode, running this call's edited text first)"""

    bl_idname = "sceneorchestra.replay_from"
    bl_label = "Replay From Here"
    bl_options = {"REGISTER", "UNDO"}

    text: StringProperty(name="Call", description="New text for the call (empty: its edit field in \"Edit calls\" mode, "
                                                   "else the call as it is)", options={"SKIP_SAVE"})

    def execute(self, context):
        view = S.current(context.scene).view
        current = view.rows[self.index - 1].args_text if 1 <= self.index <= len(view.rows) else ""
        edited = self.text or properties.edited_text(properties.settings_of(context.scene), self.index, current, view.key)
        return run(self, context, S.replay_from, self.index, edited)


class SCENEORCHESTRA_OT_delete_call(_CallOperator, bpy.types.Operator):
    """Delete this call and replay the rest"""

    bl_idname = "sceneorchestra.delete_call"
    bl_label = "Delete Call"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context):
        return run(self, context, S.delete_call, self.index)


class SCENEORCHESTRA_OT_insert_call(_CallOperator, bpy.types.Operator):
    """Insert a call after this one and replay from it"""

    bl_idname = "sceneorchestra.insert_call"
    bl_label = "Insert Call After"
    bl_options = {"REGISTER", "UNDO"}

    text: StringProperty(name="Call", default='add_object(category="armchair")', description="The new call, e.g. add_object(category=\"armchair\")")

    def invoke(self, context, event):
        return context.window_manager.invoke_props_dialog(self, width=420)

    def execute(self, context):
        return run(self, context, S.insert_after, self.index, self.text)


class SCENEORCHESTRA_OT_copy_trajectory(bpy.types.Operator):
    """Copy the trajectory, with each call's result as a comment, to the clipboard"""

    bl_idname = "sceneorchestra.copy_trajectory"
    bl_label = "Copy Trajectory"
    bl_options = {"REGISTER", "UNDO"}  # hand edits are recorded as calls first

    def execute(self, context):
        try:
            session = S.current(context.scene)
            S.absorb_hand_edits(session)
            context.window_manager.clipboard = S.text(session)
        except S.UserError as exc:
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        self.report({"INFO"}, "trajectory copied to the clipboard")
        return {"FINISHED"}


SOURCES = (
    ("FILE", "File", "A .txt file"),
    ("CLIPBOARD", "Clipboard", "The text on the clipboard"),
    ("TEXT_BLOCK", "Text block", "A text datablock of this file"),
    ("STRING", "Text", "The text property (scripts)"),
)


def read_source(context, source: str, text: str, filepath: str, text_block: str) -> str:
    """The trajectory text from the chosen source; UserError when there is none."""
    if source == "STRING":
        return text
    if source == "CLIPBOARD":
        clip = context.window_manager.clipboard
        if not clip.strip():
            raise S.UserError("the clipboard is empty: copy a trajectory first")
        return clip
    if source == "TEXT_BLOCK":
        block = bpy.data.texts.get(text_block)
        if block is None:
            raise S.UserError(f"there is no text block {text_block!r}")
        return block.as_string()
    path = Path(bpy.path.abspath(filepath))
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise S.UserError(f"cannot read {path}: {exc}") from None


class SCENEORCHESTRA_OT_run_text(bpy.types.Operator):
    """Run a trajectory from text: a .txt file, the clipboard or a text block"""

    bl_idname = "sceneorchestra.run_text"
    bl_label = "Run Trajectory From Text"
    bl_options = {"REGISTER", "UNDO"}

    source: EnumProperty(name="From", items=SOURCES, default="FILE")
    text: StringProperty(name="Text", options={"SKIP_SAVE"})
    filepath: StringProperty(name="File", subtype="FILE_PATH", options={"SKIP_SAVE"})
    filter_glob: StringProperty(default="*.txt", options={"HIDDEN"})
    text_block: StringProperty(name="Text block", options={"SKIP_SAVE"})

    def invoke(self, context, event):
        if self.source == "FILE" and not self.filepath:
            context.window_manager.fileselect_add(self)
            return {"RUNNING_MODAL"}
        return self.execute(context)

    def execute(self, context):
        props = properties.settings_of(context.scene)
        seed = properties.seed_of(props, preferences.get(context).default_seed)
        try:
            text = read_source(context, self.source, self.text, self.filepath, self.text_block)
        except S.UserError as exc:
            S.current(context.scene).notice = S.Notice("ERROR", str(exc))
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        return run(self, context, S.load_text, text, seed)


def save_to(session: S.Session, folder: Path, note: str = "") -> None:
    """``session.save_outputs`` into ``folder``; ``note`` (why the folder is not the one set, e.g.
    a ``//`` folder of an unsaved file) is added to the message, as a warning."""
    S.save_outputs(session, folder)
    if note:
        session.notice = S.Notice("WARNING", f"{session.notice.text} ({note})")


class SCENEORCHESTRA_OT_save_outputs(bpy.types.Operator):
    """Write trajectory.txt and scene.json into the output folder of the preferences"""

    bl_idname = "sceneorchestra.save_outputs"
    bl_label = "Save Trajectory and Scene"
    bl_options = {"REGISTER", "UNDO"}  # hand edits are recorded as calls first

    def execute(self, context):
        folder, note = preferences.output_folder(context)
        return run(self, context, save_to, folder, note)


class SCENEORCHESTRA_OT_clear_room(bpy.types.Operator):
    """Remove the generated room and its trajectory from this scene (nothing outside the add-on's collection)"""

    bl_idname = "sceneorchestra.clear_room"
    bl_label = "Clear Room"
    bl_options = {"REGISTER", "UNDO"}

    def invoke(self, context, event):
        return context.window_manager.invoke_confirm(self, event)

    def execute(self, context):
        return run(self, context, S.clear_room)


CLASSES = (
    SCENEORCHESTRA_OT_generate,
    SCENEORCHESTRA_OT_build_next,
    *UNDO_OPERATORS,
    SCENEORCHESTRA_OT_cancel,
    SCENEORCHESTRA_OT_toggle_call,
    SCENEORCHESTRA_OT_toggle_group,
    SCENEORCHESTRA_OT_toggle_room,
    SCENEORCHESTRA_OT_refine,
    SCENEORCHESTRA_OT_submit,
    SCENEORCHESTRA_OT_call_info,
    SCENEORCHESTRA_OT_replay_from,
    SCENEORCHESTRA_OT_delete_call,
    SCENEORCHESTRA_OT_insert_call,
    SCENEORCHESTRA_OT_copy_trajectory,
    SCENEORCHESTRA_OT_run_text,
    SCENEORCHESTRA_OT_save_outputs,
    SCENEORCHESTRA_OT_clear_room,
)
