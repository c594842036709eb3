"""Each scene's trajectory, kept in memory as a Journal, and every change the panel makes to it.

One session per scene of the open .blend file: the scene's add-on collection and the trajectory
stored on it (``blender/sync``: the collection's custom properties ``so_state`` and
``so_trajectory``) belong to that scene, so a room generated in one scene never replaces the room
of another. After a file load, an undo or a redo the sessions are rebuilt from the stored text, so
each journal always matches what its scene holds. Rebuilding does not re-execute a text this Blender
session has stored before (``_STORED`` keeps the execution behind each stored text), so an undo costs
no replay.

Every change validates first and raises ``UserError`` (its message goes to the panel) before
anything is modified, so a rejected edit loses nothing. A successful change re-executes from the
first affected call through the journal, makes the scene's add-on collection match the new state
(only objects inside that collection are created, changed or deleted) and stores state and
trajectory in the file.

What the panel shows of a session (its ``View``: the rows, and the scene's metrics and "Understood"
box, which take the evaluator a few tenths of a second) is computed when the session changes:
the rows by every change, the metrics by ``measure`` (the operators call it after each change, the
file handlers after a load or undo; never while a generation builds). Drawing the panel only reads it.

Stored text: a header ``# SceneOrchestra trajectory: seed=<n>``, then the calls in canonical form
with each call's result as its comment; a call switched off has the comment ``off`` (and one not yet
built by an interrupted generation ``pending``); both load as switched off. A ``# instruction:``
line goes before each section's first call (see Sections below). Copy-to-clipboard gives
the same text, and "Run trajectory from text" reads it back into the same state.

Sections: each instruction's calls form a group (``Session.sections``, the ``# instruction: <text>``
lines of the stored text, ``core/trajectory.sections``): a generation starts one section (its
prompt), each follow-up (``refine``) adds one; an inserted call joins the group of the call before it
and a deletion moves the later sections up, so the sections survive every change, the stored text
(save and reload, undo and redo, Copy and Run from text). A text without such lines loads with no
groups. ``terminate`` stays outside the groups (the list shows it after the last group, and
switching a group never touches it, nor the initializer); in the text the last section runs on
through it, as ``core/trajectory.sections`` reads sections.

Scenes of several rooms: a trajectory that starts with ``init_plan`` makes a ``ground.suite.SuiteState``
(every later call names its room with ``room="..."``). The session handles it wherever it handles a
one-room scene: each change syncs it with ``blender.suite.sync_suite`` (one child collection per
room, ``sync_state``), the stored JSON is read back with ``ground.suite.load_scene``, switching a
call off replays only what follows it (the other rooms' states stay the same objects, and their
collections are not touched), and hand edits are read room by room and recorded with the room's
``room=``. The list shows a header per room inside each instruction's group (``_by_room``), and a
room's header switches all of its calls at once (``set_room_enabled``). Follow-ups (``refine``) and
the "Understood" box take a one-room scene only.

What the panel lists is mirrored into the scene's ``sceneorchestra.rows`` (the ``UIList``'s items,
``properties.mirror``) on every change of a session's rows (``_publish``: every commit, each build
step, the start and the end of a generation), never while drawing; a session restored lazily (a
draw after a scene switch) is not published, its scene's items having been stored with its text.

Generation: ``start_generation`` runs the backend in a worker thread; ``drain`` (called by a timer in
the GUI, directly in tests) takes its result and builds the scene one call per step: the calls start
switched off and each step switches the next one on, so each step is one journal replay and one
scene sync (in the GUI, one operator). A generation builds into the scene it started in,
whichever scene is shown meanwhile; one runs at a time. Every way out of it ends it:
the last call built, the backend's error, an unexpected error while building (what is built stays,
the rest is switched off, the message says what failed), Cancel, and ``stop`` (an undo, redo or
file load while it runs: the message is carried to the session rebuilt afterwards). In the GUI the
whole generation is one undo step (``operators.push_undo``), so an undo while it builds returns to
the state before it.
"""

from __future__ import annotations

import hashlib
import re
import sys
import traceback
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import bpy

from ..blender.collection import find_collection, managed_index, remove_rooms, remove_tree, room_collections
from ..blender.build import PART_PROP
from ..blender.suite import sync_suite
from ..blender.sync import LIGHT_PROP, STATE_PROP, TRAJECTORY_PROP, store_state, stored_texts, sync_scene
from ..core import trajectory as T
from ..core.executor import Execution
from ..core.followup import FollowUpError, follow_up
from ..core.journal import Journal
from ..ground.state import SceneState, StateError
from ..ground.suite import SuiteState, load_scene
from ..core.tools import SPECS
from . import hand_edits, worker
from ..agent.pipeline import make_backend, plan_specs, plan_unknown
from ..core.metrics import evaluate
from ..core.metrics.specs import in_words
from ..core.metrics.suite import evaluate_suite
from ..core.plan_reader import read_plan
from ..core.reader import read
from .scene_metrics import SceneMetrics, scene_metrics

HEADER = "# SceneOrchestra trajectory: seed={seed}"
_HEADER_RE = re.compile(r"^#\s*SceneOrchestra trajectory:\s*seed=(-?\d+)\s*$", re.MULTILINE)
OFF, PENDING = "off", "pending"


class UserError(ValueError):
    """A change the session refused; the message says why. Nothing was changed."""


@dataclass(frozen=True)
class Notice:
    level: str  # "INFO" | "WARNING" | "ERROR"
    text: str
    offer_teacher: bool = False  # the backend failed: the panel offers the teacher instead


@dataclass(frozen=True)
class Row:
    """One call as the panel lists it."""

    number: int
    tool: str
    args_text: str  # the call without its number: 'add_object(category="bed")'
    short: str  # its values in a few characters
    status: str  # "ok" | "warning" | "failed" | "off" | "pending"
    message: str  # the result's summary (the tooltip)
    removable: bool  # not the initializer or terminate
    room: str = ""  # the room of a scene of several rooms the call acts in ("": none named)


@dataclass(frozen=True)
class Understood:
    """What the reader understood of the last prompt, checked on the scene as it is now: each
    requirement (its spec, whether it holds, what was found) and the nouns the catalogue lacks."""

    requirements: tuple[tuple[str, bool, str], ...]
    unknown: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """The calls one instruction made: indices ``first`` .. ``end`` - 1 (0-based; ``terminate`` is
    never in a group). ``index``: the section's position in ``Session.sections``."""

    index: int
    instruction: str
    first: int
    end: int


@dataclass(frozen=True)
class Entry:
    """One item of the panel's list: a group's header (``kind`` "group": ``text`` is the
    instruction, ``number`` its first call's number or 0 when it has none, ``status`` "on", "off" or
    "mixed" over its switchable calls, ``removable`` whether it has any), a room's header in a scene
    of several rooms (``kind`` "room": ``text`` and ``room`` the room's name, ``group`` the group it
    is listed in, ``number``, ``status`` and ``removable`` as a group's, over the calls listed under
    it) or a call (``kind`` "call": ``text`` is the call without its number, ``status`` and
    ``removable`` its row's, ``room`` the room header it is listed under, if any)."""

    kind: str
    group: int  # the group's index; -1: a call outside every group
    number: int
    text: str
    status: str
    removable: bool
    tip: str = ""  # the row's tooltip: a call's result, a group's instruction and size
    room: str = ""


@dataclass(frozen=True)
class View:
    """What the panel shows of a session, computed when the session changes (drawing only reads it)."""

    rows: tuple[Row, ...] = ()
    key: str = ""  # names the calls' texts: the edit fields are current when they carry the same key
    groups: tuple[Group, ...] = ()
    entries: tuple[Entry, ...] = ()  # the list's items: the rows with a header before each group's calls
    list_key: str = ""  # names the entries (the scene's mirrored list is current when it carries the same key)
    metrics: SceneMetrics | None = None
    understood: Understood | None = None
    measured: bool = False  # metrics and understood belong to the current state


@dataclass
class Session:
    journal: Journal | None = None
    pending: set[int] = field(default_factory=set)  # calls a running generation has not built yet
    job: worker.Job | None = None
    outcome: worker.Outcome | None = None
    notice: Notice | None = None
    total_calls: int = 0
    instruction: str = ""  # the prompt of the last generation (what the "Understood" box checks)
    scene_uid: int = 0  # ``session_uid`` of the scene whose room this is (0: the current scene)
    view: View = field(default_factory=View)
    building: int = 0  # the call a build step is building (0: none)
    hand_notice: Notice | None = None  # what recording hand edits said, for the message of the change that follows
    sections: tuple[T.Section, ...] = ()  # which instruction made which calls (the module docstring)

    @property
    def busy(self) -> bool:
        return self.job is not None


_sessions: dict[int, Session] = {}  # by the scene's session_uid (kept across undo and renames)
_carried: dict[int | None, Notice] = {}  # why a generation stopped, for the session rebuilt next (None: any scene)


def uid_of(scene) -> int:
    return scene.session_uid if scene is not None else 0


def current(scene=None) -> Session:
    """The session of ``scene`` (the current scene by default), rebuilt from what the scene
    stores when needed."""
    scene = scene if scene is not None else bpy.context.scene
    uid = uid_of(scene)
    session = _sessions.get(uid)
    if session is None:
        session = _sessions[uid] = restore(scene)
        carried = _carried.pop(uid, None) or _carried.pop(None, None)
        if carried is not None:
            session.notice = carried
    return session


def cached(scene) -> Session | None:
    """The session of ``scene`` if it is built already (never restores one)."""
    return _sessions.get(uid_of(scene))


def live(session: Session) -> bool:
    """``session`` is still its scene's (not dropped by a file load, undo or redo)."""
    return _sessions.get(session.scene_uid) is session


def running() -> Session | None:
    """The session whose generation is running (at most one), or None."""
    return next((s for s in _sessions.values() if s.busy), None)


def scene_of(session: Session):
    """The scene whose room ``session`` is (None when that scene was deleted)."""
    if not session.scene_uid:
        return bpy.context.scene
    return next((sc for sc in bpy.data.scenes if sc.session_uid == session.scene_uid), None)


def invalidate() -> None:
    """Forget every scene's session (after a file load, undo or redo); each is rebuilt from what
    its scene stores when next asked for. A running generation is cancelled (``stop`` first, to say
    why)."""
    for session in _sessions.values():
        if session.job is not None:
            session.job.cancel()
            session.job = None
    _sessions.clear()


def rebuild(every_stored: bool) -> list[tuple[object, Session]]:
    """After a file load, undo or redo: forget the sessions and rebuild, measured, those of the
    current scene and of every scene that had one (``every_stored``: of every scene that stores a
    trajectory), so that drawing the panel finds them ready; returns (scene, session) pairs."""
    known = set(_sessions)
    invalidate()
    here = bpy.context.scene
    scenes = [here] if here is not None else []
    scenes += [sc for sc in bpy.data.scenes if sc != here and (uid_of(sc) in known or every_stored and stored_texts(sc)[1] is not None)]
    return [(scene, _measured(current(scene))) for scene in scenes]


def _measured(session: Session) -> Session:
    measure(session)
    return session


def stop(why: str, same_file: bool = True, carry: bool = False, replaced: bool = False) -> Session | None:
    """Stop the running generation because of ``why`` (an undo, a file load ...): nothing more is
    built or stored, and the message goes to its session (the Generate operator reports it) and,
    with ``carry``, to the session rebuilt next for that scene (``same_file`` False: for the first
    scene of the file being opened). ``replaced``: an undo or redo is about to replace what the
    generation built (the message then says nothing of it). Returns the stopped session, or None
    when none was running."""
    session = running()
    if session is None:
        return None
    session.job.cancel()
    if not same_file or replaced:
        text = f"the generation was stopped: {why}"
    elif session.outcome is None:
        text = f"the generation was stopped: {why}; nothing was built"
    else:
        text = f"the generation was stopped: {why}; calls not built yet are switched off (switch them on, or replay)"
    _finish(session, Notice("WARNING", text))
    if carry:
        _carried[session.scene_uid if same_file else None] = session.notice
    return session


# ---------------------------------------------------------------- stored text


def stored_text(session: Session) -> str:
    """The header and the annotated calls (the format described in the module docstring)."""
    j = session.journal
    calls = []
    for call, result in zip(j.trajectory.calls, j.execution.results):
        comment = PENDING if call.number in session.pending else (OFF if result is None else result.summary())
        calls.append(call.with_comment(comment))
    return HEADER.format(seed=j.seed) + "\n" + T.format_sections(T.Trajectory(tuple(calls)), session.sections)


def read_text(text: str, default_seed: int = 0) -> tuple[T.Trajectory, int, list[bool]]:
    """Trajectory, seed and switched-on flags from trajectory text (plain or as stored)."""
    m = _HEADER_RE.search(text)
    seed = int(m.group(1)) if m else default_seed
    traj = T.load(text)
    enabled = [not c.comment.startswith((OFF, PENDING)) for c in traj.calls]
    plain = T.Trajectory(tuple(T.Call(c.number, c.tool, c.args, "", c.line) for c in traj.calls))
    return plain, seed, enabled


@dataclass(frozen=True)
class _Stored:
    """What a stored trajectory text gave when this session stored it: restoring the same text
    (after an undo, a redo, or in a copied scene) takes this instead of re-executing."""

    state_json: str
    execution: Execution
    enabled: tuple[bool, ...]
    instruction: str
    view: View | None  # None when stored mid-generation (its rows said "pending")


_STORED: OrderedDict[str, _Stored] = OrderedDict()
STORED_KEPT = 32  # stored texts remembered (each holds one execution's snapshots)


class _Resumed(Journal):
    """A journal over an execution already computed (``Journal()`` would execute it again)."""

    def __init__(self, execution: Execution, enabled: tuple[bool, ...]):  # not Journal.__init__: it would re-execute
        self.seed = execution.seed
        self.enabled = list(enabled)
        self.execution = execution


def restore(scene=None) -> Session:
    """The session stored in ``scene`` (the current scene by default), or an empty one."""
    scene = scene if scene is not None else bpy.context.scene
    uid = uid_of(scene)
    state_json, text_ = stored_texts(scene)
    if text_ is None:
        return Session(scene_uid=uid)
    known = _STORED.get(text_)
    if known is not None and known.state_json == state_json:
        _STORED.move_to_end(text_)
        session = Session(_Resumed(known.execution, known.enabled), instruction=known.instruction, scene_uid=uid,
                          sections=T.sections(text_))
        session.view = known.view or _view(session)
        return session
    try:
        traj, seed, enabled = read_text(text_)
    except T.TrajectoryError as exc:
        return Session(notice=Notice("WARNING", f"the trajectory stored in this file does not load: {exc}"), scene_uid=uid)
    session = Session(Journal(traj, seed, enabled), scene_uid=uid, sections=T.sections(text_))
    session.view = _view(session)
    if state_json is not None and _differs(state_json, session.journal.state):
        session.notice = Notice("WARNING", "the stored scene differs from re-executing its trajectory (made by another version?): "
                                           "replay from call 1 to rebuild it")
    return session


def _differs(state_json: str, state: SceneState | SuiteState) -> bool:
    """The stored scene JSON (either kind, ``ground.suite.load_scene``) is not ``state``."""
    try:
        return load_scene(state_json).to_json() != state.to_json()
    except StateError:
        return True


def _remember(text_: str, state_json: str, session: Session) -> None:
    j = session.journal
    view = None if session.busy or session.pending else session.view
    _STORED[text_] = _Stored(state_json, j.execution, tuple(j.enabled), session.instruction, view)
    _STORED.move_to_end(text_)
    while len(_STORED) > STORED_KEPT:
        _STORED.popitem(last=False)


def _scene_for(session: Session):
    scene = scene_of(session)
    if scene is None:
        raise UserError("the scene this trajectory belongs to was deleted")
    return scene


def _commit(session: Session, note: str = "") -> None:
    """Make the scene's add-on collection match the journal's state, store it in the file and
    update the rows (the metrics wait for ``measure``)."""
    scene = _scene_for(session)
    sync_state(session.journal.state, scene)
    text_ = stored_text(session)
    state_json = store_state(session.journal.state, text_, scene)
    _set_view(session)
    _remember(text_, state_json, session)
    hand, session.hand_notice = session.hand_notice, None
    if note and hand is not None:
        session.notice = replace(hand, text=f"{hand.text}; then {note}")
    elif note:
        session.notice = Notice("INFO", note)


def sync_state(state: SceneState | SuiteState, scene) -> dict[str, int]:
    """Build ``state`` into the add-on collection of ``scene``: one room, or every room of a scene
    of several rooms in its own child collection (``blender.suite``)."""
    return sync_suite(state, scene=scene) if isinstance(state, SuiteState) else sync_scene(state, scene=scene)


def is_suite(session: Session) -> bool:
    """The session's trajectory makes a scene of several rooms (its first call is ``init_plan``)."""
    j = session.journal
    if j is None:
        return False
    calls = j.trajectory.calls
    return isinstance(j.state, SuiteState) or (bool(calls) and calls[0].tool == "init_plan")


def has_room(session: Session) -> bool:
    """The scene holds what a trajectory built: a one-room scene's room, or the rooms of a plan."""
    j = session.journal
    return j is not None and (isinstance(j.state, SuiteState) or j.state.room is not None)


def refinable(session: Session) -> bool:
    """A follow-up can change the scene: a one-room scene with its room, or the rooms of a plan (a
    follow-up goes to the room it names, ``core.followup.plan_follow_up``)."""
    return has_room(session)


# ---------------------------------------------------------------- reading


def short_args(call: T.Call, limit: int = 48) -> str:
    """A call's arguments in a few characters: 'double_bed, against_wall, north' (values only)."""
    text = ", ".join("/".join(map(str, v)) if isinstance(v, tuple) else T.format_value(v).strip('"') for _, v in call.args)
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rows(session: Session) -> tuple[Row, ...]:
    j = session.journal
    if j is None:
        return ()
    out = []
    for call, result in zip(j.trajectory.calls, j.execution.results):
        if call.number in session.pending:
            status, message = PENDING, "not built yet"
        elif result is None:
            status, message = OFF, "switched off"
        else:
            status, message = result.status, result.summary()
        args_text = T.format_call(T.Call(0, call.tool, call.args))[3:]
        removable = SPECS[call.tool].group not in ("initializer", "terminator")
        out.append(Row(call.number, call.tool, args_text, short_args(call), status, message, removable, call.room or ""))
    return tuple(out)


def calls_key(rows_: tuple[Row, ...] | list[Row]) -> str:
    """A short name for the calls' texts (what the edit fields must hold to be current)."""
    return hashlib.sha1("\n".join(r.args_text for r in rows_).encode()).hexdigest()[:16]


def _view(session: Session) -> View:
    """The rows of the session as it is now (not measured yet)."""
    rows_ = _rows(session)
    groups = _groups(session)
    entries = _entries(session, rows_, groups)
    key = hashlib.sha1(repr(entries).encode()).hexdigest()[:16]
    return View(rows_, calls_key(rows_), groups, entries, key)


def _set_view(session: Session, view: View | None = None) -> None:
    """Give the session its new rows (``_view`` by default) and publish them to its scene's list."""
    session.view = view if view is not None else _view(session)
    _publish(session)


PUBLISH: list[Callable[[object, View], None]] = []  # (scene, view) -> None: ``properties.register`` adds its mirror


def _publish(session: Session) -> None:
    """Mirror the session's list into its scene's properties (``PUBLISH``: ``properties.mirror``
    while the add-on's properties are registered). Never called while drawing."""
    scene = scene_of(session)
    if scene is not None:
        for fn in PUBLISH:
            fn(scene, session.view)


def _groups(session: Session) -> tuple[Group, ...]:
    """The session's sections as index ranges of its calls (see ``Group``)."""
    j = session.journal
    if j is None or not session.sections:
        return ()
    calls = j.trajectory.calls
    limit = len(calls) - 1 if calls and SPECS[calls[-1].tool].group == "terminator" else len(calls)
    ordered = sorted(enumerate(session.sections), key=lambda p: p[1].first)
    out = []
    for pos, (index, section) in enumerate(ordered):
        first = min(max(section.first, 0), limit)
        end = min(ordered[pos + 1][1].first, limit) if pos + 1 < len(ordered) else limit
        out.append(Group(index, section.instruction, first, max(first, end)))
    return tuple(out)


def switchable(session: Session, group: Group) -> list[int]:
    """Indices of the group's calls that can be switched off (not the initializer or terminate)."""
    calls = session.journal.trajectory.calls
    return [i for i in range(group.first, group.end) if SPECS[calls[i].tool].group not in ("initializer", "terminator")]


def _entries(session: Session, rows_: tuple[Row, ...], groups: tuple[Group, ...]) -> tuple[Entry, ...]:
    """The list's items: each group's header, then its calls; in a scene of several rooms the calls
    of each group are listed under one header per room (see ``_by_room``)."""
    rooms = _room_order(session, rows_)

    def span(lo: int, hi: int, g: int) -> list[Entry]:
        if rooms is None:
            return [_call_entry(rows_[i], g) for i in range(lo, hi)]
        return _by_room(session, rows_, range(lo, hi), g, rooms)

    out: list[Entry] = []
    done = 0
    for g in groups:
        out += span(done, g.first, -1)
        states = _states(rows_, switchable(session, g))
        number = rows_[g.first].number if g.end > g.first else 0
        size = g.end - g.first
        tip = f"{g.instruction}: {size} call{'s' if size != 1 else ''}" + (f", calls {number}-{number + size - 1}" if size > 1 else "")
        out.append(Entry("group", g.index, number, g.instruction, _status_of(states), bool(states), tip))
        out += span(g.first, g.end, g.index)
        done = max(done, g.end)
    out += span(done, len(rows_), -1)
    return tuple(out)


def _call_entry(r: Row, g: int, room: str = "") -> Entry:
    return Entry("call", g, r.number, r.args_text, r.status, r.removable, f"{r.number}. {r.message}", room)


def _states(rows_: tuple[Row, ...], indices: list[int]) -> set[bool]:
    return {rows_[i].status not in (OFF, PENDING) for i in indices}


def _status_of(states: set[bool]) -> str:
    return "mixed" if len(states) > 1 else "on" if states == {True} else "off" if states else "on"


def _room_order(session: Session, rows_: tuple[Row, ...]) -> list[str] | None:
    """The rooms of a scene of several rooms in the plan's order, then any other room a call names
    (in the order of the calls); None for a one-room scene (its list has no room headers)."""
    if not is_suite(session):
        return None
    j = session.journal
    first = j.execution.results[0] if j.execution.results else None
    suite = first.state if first is not None and isinstance(first.state, SuiteState) else j.state
    names = list(suite.names) if isinstance(suite, SuiteState) else []
    for r in rows_:
        if r.room and r.room not in names:
            names.append(r.room)
    return names


def _by_room(session: Session, rows_: tuple[Row, ...], span: range, g: int, rooms: list[str]) -> list[Entry]:
    """The calls ``span`` of group ``g`` of a scene of several rooms: a header per room (in the
    plan's order) over the room's calls (in their order). Rooms are listed inside the instruction
    groups (a group is what one instruction did, and one prompt furnishes every room), so the list
    reads: the prompt, ``init_plan``, then each room and its calls. Calls that name no room stay
    where they are: before the rooms when they come before the first room's call (``init_plan``),
    after them otherwise (``terminate``)."""
    calls = session.journal.trajectory.calls
    first_room = next((i for i in span if rows_[i].room), None)
    before = [i for i in span if not rows_[i].room and (first_room is None or i < first_room)]
    after = [i for i in span if not rows_[i].room and first_room is not None and i > first_room]
    out = [_call_entry(rows_[i], g) for i in before]
    for name in rooms:
        mine = [i for i in span if rows_[i].room == name]
        if not mine:
            continue
        states = _states(rows_, [i for i in mine if SPECS[calls[i].tool].group not in ("initializer", "terminator")])
        size = len(mine)
        tip = f"{name}: {size} call{'s' if size != 1 else ''}" + _room_type_note(session, name)
        out.append(Entry("room", g, rows_[mine[0]].number, name, _status_of(states), bool(states), tip, name))
        out += [_call_entry(rows_[i], g, name) for i in mine]
    return out + [_call_entry(rows_[i], g) for i in after]


def _room_type_note(session: Session, name: str) -> str:
    st = session.journal.state
    if isinstance(st, SuiteState) and st.has(name):
        return f" ({st.room_type(name)})"
    return ""


def room_calls(session: Session, room: str, group: int) -> list[int]:
    """Indices of the calls listed under the header of ``room`` in group ``group`` (-1: outside
    every group) that can be switched off."""
    calls = session.journal.trajectory.calls
    return [e.number - 1 for e in session.view.entries
            if e.kind == "call" and e.room == room and e.group == group and SPECS[calls[e.number - 1].tool].group not in ("initializer", "terminator")]


def measure(session: Session) -> View:
    """Compute the scene's metrics and the "Understood" box for the current state, unless they are
    computed already or a generation is building (it is measured once, when it ends). The panel
    reads the result; ``measure`` is called when the scene changes, never while drawing."""
    view = session.view
    if view.measured or session.busy:
        return view
    m = scene_metrics(session.journal.state) if session.journal is not None else None
    session.view = replace(view, metrics=m, understood=_understood(session), measured=True)
    execution = session.journal.execution if session.journal is not None else None
    for text_, known in _STORED.items():  # an undo back to this state finds it measured
        if known.execution is execution:
            _STORED[text_] = replace(known, view=session.view)
    return session.view


def rows(session: Session) -> list[Row]:
    return list(session.view.rows)


def text(session: Session) -> str:
    """The trajectory as text, for the clipboard (see the module docstring)."""
    if session.journal is None:
        raise UserError("there is no trajectory yet: generate one or run one from text")
    return stored_text(session)


def metrics(session: Session) -> SceneMetrics | None:
    """The scene's metrics (measured now if they are not yet)."""
    return measure(session).metrics


def understood(session: Session) -> Understood | None:
    """The "Understood" box's content after a generation (None before one, or without a room)."""
    return measure(session).understood


def state(session: Session) -> SceneState | SuiteState:
    return session.journal.state if session.journal is not None else SceneState()


# ---------------------------------------------------------------- changes


def _journal(session: Session) -> Journal:
    if session.busy:
        raise UserError("a generation is running: wait for it or cancel it first")
    if session.journal is None:
        raise UserError("there is no trajectory yet: generate one or run one from text")
    return session.journal


def absorb_hand_edits(session: Session) -> int:
    """Record what the user did by hand to the generated objects since the last change as calls
    before ``terminate`` (``hand_edits``), so that the next change keeps it; returns how many calls
    were added. In a scene of several rooms each room's collection is read against that room's
    state, and its edits are recorded with the room's ``room="..."``; a room whose objects were all
    deleted (or its collection) is not recorded: the next change builds it again. A deleted scene
    (the add-on collection gone, or every room's objects) clears the session (``clear_room``).
    Nothing happens while a generation runs or without a trajectory."""
    j = session.journal
    scene = scene_of(session)
    session.hand_notice = None
    if session.busy or j is None or scene is None:
        return 0
    coll = find_collection(scene)
    places = _places(coll, j.state)
    if places is None:
        clear_room(session, "the room was deleted by hand: its trajectory is cleared")
        return 0
    failed: list[str] = []
    for _, where in places:
        for obj in [o for o in where.objects if o.parent is None and (PART_PROP in o or o.get(LIGHT_PROP) == "lamp")]:
            remove_tree(obj, where)  # the parts of an object whose empty alone was deleted: they go with it
    done: dict[str | None, set[tuple[str, str]]] = {room: set() for room, _ in places}
    hand = {room: _hand_poses(managed_index(where), _room_state(j.state, room)) for room, where in places}
    for room, where in places:
        while (edit := hand_edits.next_edit(_room_state(j.state, room), managed_index(where), done[room], room)) is not None:
            key, text_ = edit
            done[room].add(key)
            last = len(j.trajectory.calls)
            # committed (synced) one by one: what a move carried along (the vase on a moved dresser) is
            # then where Blender shows it, so the next edit is not read as a hand move of it back; the
            # sync puts every other object back where the trajectory has it, so what the user did to
            # those (in any room) is put back in turn (``hand``) to be read next
            insert_after(session, last - 1, text_, absorb=False)
            for other, there in places:
                _put_back(hand[other], managed_index(there), done[other])
            status = j.execution.results[last - 1]
            if status is not None and status.failure:
                failed.append(f"{text_} failed ({status.failure})")
    added = sum(len(d) for d in done.values())
    if added:
        note = f"recorded {added} hand edit{'s' if added > 1 else ''} as calls"
        session.notice = Notice("WARNING", f"{note}; " + "; ".join(failed) + ": back where the trajectory has it") if failed else \
            Notice("INFO", note)
        session.hand_notice = session.notice
    return added


def _places(coll, state: SceneState | SuiteState) -> list[tuple[str | None, object]] | None:
    """(room name or None, the collection holding it) for each room whose hand edits are read; None
    when the whole scene was deleted by hand."""
    if not isinstance(state, SuiteState):
        index = managed_index(coll) if coll is not None else None
        return None if hand_edits.room_deleted(index, state) else [(None, coll)]
    if coll is None:
        return None
    rooms = room_collections(coll)
    kept = [(name, rooms[name]) for name in state.names
            if name in rooms and not hand_edits.room_deleted(managed_index(rooms[name]), state.state(name))]
    return kept or None


def _room_state(state: SceneState | SuiteState, room: str | None) -> SceneState:
    return state.state(room) if room is not None else state


def _hand_poses(index, state: SceneState) -> dict[str, tuple[float, float, float]]:
    """(x, y, yaw in radians) of each object's empty that stands elsewhere than ``state`` has it."""
    out = {}
    for obj in state.objects:
        empty = index.get(obj.id)
        if empty is not None and (hand_edits.moved(obj, empty) or hand_edits.turned(obj, empty)):
            out[obj.id] = (float(empty.location.x), float(empty.location.y), float(empty.rotation_euler.z))
    return out


def _put_back(hand: dict[str, tuple[float, float, float]], index, done: set[tuple[str, str]]) -> None:
    """Put the objects the user moved or turned back where the user left them, for each edit not
    recorded yet (a sync in between put them where the trajectory has them)."""
    for oid, (x, y, yaw) in hand.items():
        empty = index.get(oid)
        if empty is None:
            continue
        if (oid, "move") not in done:
            empty.location.x, empty.location.y = x, y
        if (oid, "turn") not in done:
            empty.rotation_euler.z = yaw


def _absorbed(session: Session, k: int) -> int:
    """Call ``k`` as numbered after recording hand edits (they go before terminate, so the
    terminate row's number grows by their count)."""
    j = _journal(session)
    last = len(j.trajectory.calls)
    added = absorb_hand_edits(session)
    if session.journal is None:
        raise UserError("the room was deleted by hand: generate a new one or run a trajectory from text")
    return k + added if k >= last else k


def clear_room(session: Session, note: str = "room cleared") -> None:
    """Remove the room: every object of the scene's add-on collection (nothing outside it) and the
    trajectory stored with it; the panel starts empty. Refused while a generation runs."""
    if session.busy:
        raise UserError("a generation is running: wait for it or cancel it first")
    scene = _scene_for(session)
    coll = find_collection(scene)
    if coll is not None:
        remove_rooms(coll)  # the rooms of a scene of several rooms, each with everything in it
        for obj in [o for o in coll.objects if o.parent is None]:
            if obj.name in coll.objects:
                remove_tree(obj, coll)
        for key in (STATE_PROP, TRAJECTORY_PROP):
            if key in coll:
                del coll[key]
    session.journal, session.pending, session.outcome, session.total_calls = None, set(), None, 0
    session.instruction, session.sections = "", ()
    _set_view(session, View(measured=True))
    session.notice = Notice("INFO", note)


def _issues(exc: T.TrajectoryError, number: int) -> str:
    """Issues of an edited call, located by call number (the text's line numbers mean nothing here)."""
    parts = []
    for issue in exc.issues:
        where = f"{issue.tool}({issue.arg}=...)" if issue.arg else issue.tool
        parts.append(f"{where}: {issue.message}" if where else issue.message)
    return f"call {number}: " + "; ".join(parts)


def _call_of(number: int, text_: str) -> T.Call:
    """One call from the text of an edit field (with or without its number)."""
    body = text_.strip()
    if not body:
        raise UserError(f"call {number}: the call text is empty")
    body = re.sub(r"^\s*\d+\.\s*", "", body)
    try:
        calls = T.parse(f"{number}. {body}").calls
    except T.TrajectoryError as exc:
        raise UserError(_issues(exc, number)) from None
    if len(calls) != 1:
        raise UserError(f"call {number}: write exactly one call")
    return replace(calls[0], comment="")


def _number_check(j: Journal, k: int) -> None:
    total = len(j.trajectory.calls)
    if not 1 <= k <= total:
        raise UserError(f"there is no call {k} (the trajectory has {total})")


def load_text(session: Session, text_: str, seed: int) -> None:
    """Replace the trajectory by ``text_`` (plain or copied from the panel) and build it."""
    if session.busy:
        raise UserError("a generation is running: wait for it or cancel it first")
    try:
        traj, seed, enabled = read_text(text_, seed)
    except T.TrajectoryError as exc:
        raise UserError(f"the trajectory text is not valid:\n{exc}") from None
    session.journal, session.pending, session.outcome = Journal(traj, seed, enabled), set(), None
    session.sections = T.sections(text_)
    _commit(session, f"ran {len(traj.calls)} calls from text (seed {seed})")


def set_enabled(session: Session, k: int, on: bool) -> None:
    """Switch call ``k`` on or off (off = the scene without that call alone)."""
    k = _absorbed(session, k)
    j = _journal(session)
    _number_check(j, k)
    try:
        j.set_enabled(k, on)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    _commit(session, f"call {k} switched {'on' if on else 'off'}")


def replay_from(session: Session, k: int, edited: str | None = None) -> None:
    """Replay from call ``k``; when ``edited`` differs from the call, apply that edit first."""
    k = _absorbed(session, k)
    j = _journal(session)
    _number_check(j, k)
    call = _call_of(k, edited) if edited is not None else None
    old = j.trajectory.calls[k - 1]
    if call is not None and (call.tool, call.args) != (old.tool, old.args):
        try:
            j.edit_call(k, T.format_call(call))
        except T.TrajectoryError as exc:
            raise UserError(_issues(exc, k)) from None
        _commit(session, f"call {k} edited; replayed from call {k}")
        return
    j.replay_from(k)
    _commit(session, f"replayed from call {k}")


def _rebuild(session: Session, calls: list[T.Call], enabled: list[bool], first: int, number: int) -> None:
    """Give the journal new calls (renumbered, validated) and replay from index ``first``."""
    try:
        session.journal.set_calls(calls, enabled, first + 1)
    except T.TrajectoryError as exc:
        raise UserError(_issues(exc, number)) from None


def delete_call(session: Session, k: int) -> None:
    k = _absorbed(session, k)
    j = _journal(session)
    _number_check(j, k)
    call = j.trajectory.calls[k - 1]
    if SPECS[call.tool].group in ("initializer", "terminator"):
        raise UserError(f"call {k} ({call.tool}) cannot be deleted: every trajectory needs it (switch calls off, or start again)")
    calls, enabled = list(j.trajectory.calls), list(j.enabled)
    del calls[k - 1], enabled[k - 1]
    _rebuild(session, calls, enabled, k - 1, k)
    session.sections = tuple(replace(s, first=s.first - 1) if s.first > k - 1 else s for s in session.sections)
    _commit(session, f"call {k} ({call.tool}) deleted")


def insert_after(session: Session, k: int, text_: str, absorb: bool = True) -> None:
    """Insert one call after call ``k`` (it becomes call k + 1) and replay from it."""
    if absorb:
        k = _absorbed(session, k)
    j = _journal(session)
    _number_check(j, k)
    call = _call_of(k + 1, text_)
    calls, enabled = list(j.trajectory.calls), list(j.enabled)
    calls.insert(k, call)
    enabled.insert(k, True)
    _rebuild(session, calls, enabled, k, k + 1)
    # the new call (index k) joins the group of call k (index k - 1): the sections from index k on move down
    session.sections = tuple(replace(s, first=s.first + 1) if s.first >= k else s for s in session.sections)
    _commit(session, f"inserted call {k + 1} ({call.tool})")


def add_call(session: Session, tool: str, args: tuple[tuple[str, object], ...], seed: int = 0) -> int:
    """Run one tool from its operator: an initializer starts a new trajectory, terminate sets the
    final status, any other tool is added before terminate. Returns the call's number."""
    if session.busy:
        raise UserError("a generation is running: wait for it or cancel it first")
    spec = SPECS[tool]
    if spec.group != "initializer":
        absorb_hand_edits(session)
    if spec.group == "initializer":
        text_ = T.format(T.Trajectory((T.Call(1, tool, args), T.Call(2, "terminate", (("status", "success"),)))))
        load_text(session, text_, seed)
        return 1
    j = _journal(session)
    last = len(j.trajectory.calls)
    if spec.group == "terminator":
        replay_from(session, last, T.format_call(T.Call(last, tool, args)))
        return last
    insert_after(session, last - 1, T.format_call(T.Call(last, tool, args)))
    return last


def refine(session: Session, instruction: str) -> list[str]:
    """Apply a follow-up ``instruction`` ("add a plant in the corner", "remove the rug") to the room
    (in a scene of several rooms: the room it names, or the one holding what it names) as it is now
    (``core/followup.follow_up``, read against the switched-on calls and the current state, hand
    edits recorded first): its calls go in before ``terminate`` in one journal replay,
    each switchable on its own afterwards, and start a new section named by the instruction.
    A name the scene lacks, or one several objects fit, raises ``UserError`` naming the candidates,
    and nothing changes. Returns the calls added (none when the scene already does what it says)."""
    text_ = " ".join(instruction.split())
    if not text_:
        raise UserError('the follow-up is empty: say what to change, e.g. "add a plant in the corner"')
    _journal(session)
    absorb_hand_edits(session)
    j = _journal(session)
    if not isinstance(j.state, SuiteState) and j.state.room is None:
        raise UserError("the scene has no room yet: generate one first")
    on = T.Trajectory(tuple(c for c, e in zip(j.trajectory.calls, j.enabled) if e))
    try:
        new = follow_up(on, j.state, text_, seed=j.seed)
    except FollowUpError as exc:
        raise UserError(_refusal(exc)) from None
    if not new:
        session.notice = Notice("INFO", f'"{text_}": the scene already does that; nothing was added')
        return []
    calls, enabled = list(j.trajectory.calls), list(j.enabled)
    at = len(calls) - 1 if calls and SPECS[calls[-1].tool].group == "terminator" else len(calls)
    calls[at:at] = [_call_of(at + 1 + i, c) for i, c in enumerate(new)]
    enabled[at:at] = [True] * len(new)
    _rebuild(session, calls, enabled, at, at + 1)
    session.sections = (*session.sections, T.Section(at, text_))
    span = f"call {at + 1}" if len(new) == 1 else f"calls {at + 1}-{at + len(new)}"
    _commit(session, f'follow-up "{text_}": added {span}')
    return list(new)


def _refusal(exc: FollowUpError) -> str:
    """The panel's message for a follow-up the scene cannot take: the engine's reason, with the
    candidates it found when the reason does not list them already."""
    text_ = f"the follow-up was not applied, nothing changed: {exc}"
    names = [c for c in exc.candidates if c not in str(exc)]
    return text_ + (f" (candidates: {', '.join(names)})" if names else "")


def set_group_enabled(session: Session, index: int, on: bool) -> None:
    """Switch every call of group ``index`` (a section: one instruction's calls) on or off in one
    journal replay; the initializer and terminate are never switched (see the module docstring)."""
    absorb_hand_edits(session)
    _journal(session)
    group = next((g for g in _groups(session) if g.index == index), None)
    if group is None:
        raise UserError(f"there is no instruction group {index + 1} (the trajectory has {len(session.sections)})")
    _switch(session, switchable(session, group), on, f'"{group.instruction}"')


def _switch(session: Session, indices: list[int], on: bool, what: str) -> None:
    """Switch the calls at ``indices`` on or off in one journal replay (one commit naming ``what``)."""
    j = session.journal
    changed = [i for i in indices if j.enabled[i] != on]
    word = "on" if on else "off"
    if not changed:
        session.notice = Notice("INFO", f"the calls of {what} are all {word} already")
        return
    for i in changed:
        j.enabled[i] = on
    j.replay_from(changed[0] + 1)
    _commit(session, f'{len(changed)} call{"s" if len(changed) > 1 else ""} of {what} switched {word}')


def set_room_enabled(session: Session, room: str, group: int, on: bool) -> None:
    """Switch every call listed under the header of ``room`` (in group ``group``; -1: outside every
    group) on or off in one journal replay: the other rooms do not change."""
    absorb_hand_edits(session)
    _journal(session)
    indices = room_calls(session, room, group)
    if not indices:
        raise UserError(f"there are no calls of room {room!r} to switch")
    _switch(session, indices, on, room)


def save_outputs(session: Session, folder: Path) -> Path:
    """Write ``trajectory.txt`` (the stored text) and ``scene.json`` into
    ``folder/<room type>-seed<seed>/``; returns that folder."""
    absorb_hand_edits(session)
    if session.journal is None:
        raise UserError("there is no trajectory yet: generate one or run one from text")
    st = session.journal.state
    name = "suite" if isinstance(st, SuiteState) else st.room.room_type if st.room else "scene"
    out = Path(folder) / f"{name}-seed{session.journal.seed}"
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "trajectory.txt").write_text(stored_text(session), encoding="utf-8")
        (out / "scene.json").write_text(st.to_json(), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write to {out}: {exc}") from None
    session.notice = Notice("INFO", f"saved trajectory.txt and scene.json in {out}")
    return out


# ---------------------------------------------------------------- generation


def start_generation(session: Session, request: worker.Request, factory=make_backend, threaded: bool = True) -> worker.Job:
    """Begin a generation; ``threaded=False`` runs the backend here (scripts, tests)."""
    other = running()
    if session.busy or other is not None:
        where = "" if other in (None, session) else f" in scene {getattr(scene_of(other), 'name', '?')!r}"
        raise UserError(f"a generation is already running{where}: wait for it or cancel it")
    if not request.prompt.strip():
        raise UserError('the prompt is empty: describe a room, e.g. "Design me a bedroom"')
    session.notice, session.outcome = None, None
    job = worker.Job(request, factory)
    session.job = job
    if threaded:
        job.start()
    else:
        job.run()
    return job


def cancel(session: Session) -> None:
    """Stop the generation now: while the model writes, the scene stays as it was; while building,
    what is built stays and the rest is switched off. Works whether or not a timer still drains."""
    if session.job is None:
        raise UserError("nothing to cancel: no generation is running")
    session.job.cancel()
    drain(session)


def drain(session: Session, build: Callable[[], object] | None = None, max_calls: int = 1) -> bool:
    """Take what the worker has sent and build up to ``max_calls`` calls; returns True while the
    generation still needs the main thread. ``build`` builds one call (default ``build_step``;
    the GUI passes the ``build_next`` operator). Never raises: any error ends the generation with
    a message (``abort``)."""
    job = session.job
    if job is None:
        return False
    try:
        return _drain(session, job, build or (lambda: build_step(session)), max_calls)
    except Exception as exc:  # the generation must end, whatever failed: say what, keep what is built
        abort(session, exc)
        return False


def _drain(session: Session, job: worker.Job, build: Callable[[], object], max_calls: int) -> bool:
    for kind, payload in job.poll():
        if job.cancelled.is_set():
            break
        if kind == "error":
            offer = job.request.settings.name not in ("teacher", "rules")
            _finish(session, Notice("ERROR", str(payload), offer_teacher=offer))
            return False
        _begin_build(session, payload)
    if job.cancelled.is_set():
        _finish_cancelled(session)
        return False
    if session.outcome is None:
        return True  # still waiting for the model
    for _ in range(max_calls):
        if not session.pending:
            break
        k = session.building = min(session.pending)
        build()
        session.building = 0
        if k in session.pending:  # the build refused (the GUI's operator put its reason in the notice)
            notice = session.notice
            raise UserError(notice.text if notice is not None and notice.level == "ERROR" else f"call {k} was not built")
    if not session.pending:
        out = session.outcome
        _finish(session, Notice("INFO", f"{len(session.journal.trajectory.calls)} calls from the {out.backend} "
                                        f"in {out.generate_s:.1f} s" + (f" (sample {out.chosen + 1} of {len(out.candidates)})"
                                                                         if len(out.candidates) > 1 else "")))
        return False
    return True


def abort(session: Session, exc: Exception) -> None:
    """End the generation after ``exc``: what is built stays, the calls not built are switched off,
    and the notice says what failed (an unexpected error also prints its traceback)."""
    if isinstance(exc, UserError):
        reason = str(exc)
    else:
        traceback.print_exception(exc, file=sys.stderr)
        reason = f"unexpected {_error_line(exc)} (details in the system console)"
    if session.job is not None:
        session.job.cancel()
    where = "the generation failed"
    if session.outcome is not None and session.pending:
        where = f"building call {session.building or min(session.pending)} failed"
        try:
            _settle(session)
        except Exception as again:  # the scene cannot be brought in step either: the message says so
            session.pending.clear()
            _set_view(session)
            if scene_of(session) is not None:
                traceback.print_exception(again, file=sys.stderr)
                reason += "; the scene may not show the trajectory: replay from call 1"
        else:
            reason += "; what was built stays, the other calls are switched off"
    session.building = 0
    _finish(session, Notice("ERROR", f"{where}: {reason}"))


def _error_line(exc: Exception) -> str:
    """"KeyError: 'x'": the error's type and message on one line; for an operator's error that
    ``bpy.ops`` re-raised as a RuntimeError holding its traceback, the error inside."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip() and not line.strip().startswith("Location:")]
    if isinstance(exc, RuntimeError) and str(exc).startswith("Error: Python: Traceback") and lines:
        return lines[-1]
    return f"{type(exc).__name__}: {' '.join(lines) or '(no message)'}"


def _begin_build(session: Session, outcome: worker.Outcome) -> None:
    traj, _, _ = read_text(outcome.text)
    n = len(traj.calls)
    session.journal = Journal(traj, session.job.request.seed, [False] * n)
    session.pending = set(range(1, n + 1))
    session.outcome = outcome
    session.total_calls = n
    session.instruction = session.job.request.prompt
    session.sections = (T.Section(0, " ".join(session.instruction.split())),)
    _set_view(session)


def build_step(session: Session) -> int:
    """Build the next pending call (switch it on, replay from it, sync); returns its number."""
    if not session.pending:
        raise UserError("nothing left to build")
    k = min(session.pending)
    session.pending.discard(k)
    session.journal.set_enabled(k, True)
    _commit(session)
    return k


def _finish(session: Session, notice: Notice) -> None:
    session.job = None
    session.notice = notice


def _settle(session: Session) -> int:
    """Stop building: the calls not built stay switched off, terminate is switched on (it changes
    nothing and is never left off), and the scene and the file show that; returns how many calls
    were built."""
    built = session.total_calls - len(session.pending)
    session.pending.clear()
    session.journal.set_enabled(len(session.journal.trajectory.calls), True)
    _commit(session)
    return built


def _finish_cancelled(session: Session) -> None:
    if session.outcome is None or session.journal is None or not session.pending:
        _finish(session, Notice("INFO", "generation cancelled; the scene is unchanged"))
        return
    last = len(session.journal.trajectory.calls)
    built = _settle(session)
    _finish(session, Notice("WARNING", f"cancelled after building {built} of {last} calls: the others are switched off "
                                       "(switch them on, or replay)"))


def _understood(session: Session) -> Understood | None:
    if not session.instruction or not refinable(session):
        return None
    state = session.journal.state
    try:
        if isinstance(state, SuiteState):  # a plan: each room's requirements, measured in that room ("<room>: <spec>")
            plan = read_plan(session.instruction)
            report = evaluate_suite(state, plan_specs(plan, state))
            rows_ = tuple((f"{r['room']}: {in_words(r['spec'])}", r["satisfied"], r["detail"]) for r in report.requirements())
            return Understood(rows_, plan_unknown(plan) if plan is not None else ())
        report = evaluate(state, instruction=session.instruction)
    except Exception:  # the panel must keep working: say so in the console, leave the box out
        print("SceneOrchestra: the evaluator failed on the prompt's requirements", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        return None
    rows_ = tuple((in_words(r["spec"]), r["satisfied"], r["detail"]) for r in report.requirements())
    return Understood(rows_, tuple(u.noun for u in read(session.instruction).unknown))


def progress(session: Session) -> tuple[float | None, str] | None:
    """(fraction or None while the model writes, text) for the panel's progress bar, or None."""
    job = session.job
    if job is None:
        return None
    if session.outcome is None:
        return None, f"Generating ({job.elapsed_s:.0f} s)"
    built = session.total_calls - len(session.pending)
    return built / max(1, session.total_calls), f"Building call {built + 1} of {session.total_calls}"


def generate_now(session: Session, request: worker.Request, factory=make_backend) -> None:
    """Generate and build synchronously (scripts, tests, the bpy module where timers never fire)."""
    start_generation(session, request, factory, threaded=False)
    while drain(session, max_calls=1000):
        pass
