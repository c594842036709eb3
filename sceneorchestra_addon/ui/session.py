"""The open file's trajectory, kept in memory as a Journal, and every change the panel makes to it.

One session per open .blend file: the add-on's collection and the stored trajectory
(``blender/sync``: text datablocks ``SceneOrchestra.trajectory.txt`` and ``.state.json``) belong
to the file. After a file load, an undo or a redo the session is rebuilt from the stored text, so the
journal always matches what the file holds.

Every change validates first and raises ``UserError`` (its message goes to the panel) before
anything is modified, so a rejected edit loses nothing. A successful change re-executes from the
first affected call through the journal, makes the add-on collection match the new state (only
objects inside that collection are created, changed or deleted) and stores state and trajectory in
the file.

Stored text: a header ``# SceneOrchestra trajectory: seed=<n>``, then the calls in canonical form
with each call's result as its comment; a call switched off has the comment ``off`` (and one not yet
built by an interrupted generation ``pending``); both load as switched off. Copy-to-clipboard gives
the same text, and "Run trajectory from text" reads it back into the same state.

Generation: ``start_generation`` runs the backend in a worker thread; ``drain`` (called by a timer in
the GUI, directly in tests) takes its result and builds the scene one call per step: the calls start
switched off and each step switches the next one on, so each step is one journal replay, one
scene sync and, in the GUI, one operator and one undo step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..blender.sync import load_stored, store_state, sync_scene
from ..core import trajectory as T
from ..core.journal import Journal
from ..ground.state import SceneState
from ..core.tools import SPECS
from . import worker
from ..agent.pipeline import make_backend
from ..core.metrics import evaluate
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


@dataclass
class Session:
    journal: Journal | None = None
    pending: set[int] = field(default_factory=set)  # calls a running generation has not built yet
    job: worker.Job | None = None
    outcome: worker.Outcome | None = None
    notice: Notice | None = None
    total_calls: int = 0
    instruction: str = ""  # the prompt of the last generation (what the "Understood" box checks)

    @property
    def busy(self) -> bool:
        return self.job is not None


_current: Session | None = None


def current() -> Session:
    """The session of the open file (rebuilt from the stored trajectory when needed)."""
    global _current
    if _current is None:
        _current = restore()
    return _current


def invalidate() -> None:
    """Forget the in-memory session (after a file load, undo or redo); a running job is cancelled."""
    global _current
    if _current is not None and _current.job is not None:
        _current.job.cancel()
    _current = None


# ---------------------------------------------------------------- stored text


def stored_text(session: Session) -> str:
    """The header and the annotated calls (the format described in the module docstring)."""
    j = session.journal
    calls = []
    for call, result in zip(j.trajectory.calls, j.execution.results):
        comment = PENDING if call.number in session.pending else (OFF if result is None else result.summary())
        calls.append(call.with_comment(comment))
    return HEADER.format(seed=j.seed) + "\n" + T.format(T.Trajectory(tuple(calls)))


def read_text(text: str, default_seed: int = 0) -> tuple[T.Trajectory, int, list[bool]]:
    """Trajectory, seed and switched-on flags from trajectory text (plain or as stored)."""
    m = _HEADER_RE.search(text)
    seed = int(m.group(1)) if m else default_seed
    traj = T.load(text)
    enabled = [not c.comment.startswith((OFF, PENDING)) for c in traj.calls]
    plain = T.Trajectory(tuple(T.Call(c.number, c.tool, c.args, "", c.line) for c in traj.calls))
    return plain, seed, enabled


def restore() -> Session:
    """The session stored in the open file, or an empty one."""
    state, text = load_stored()
    if text is None:
        return Session()
    try:
        traj, seed, enabled = read_text(text)
    except T.TrajectoryError as exc:
        return Session(notice=Notice("WARNING", f"the trajectory stored in this file does not load: {exc}"))
    session = Session(Journal(traj, seed, enabled))
    if state is not None and state.to_json() != session.journal.state.to_json():
        session.notice = Notice("WARNING", "the stored scene differs from re-executing its trajectory (made by another version?): "
                                           "replay from call 1 to rebuild it")
    return session


def _commit(session: Session, note: str = "") -> None:
    """Make the add-on collection match the journal's state and store it in the file."""
    sync_scene(session.journal.state)
    store_state(session.journal.state, stored_text(session))
    if note:
        session.notice = Notice("INFO", note)


# ---------------------------------------------------------------- reading


def short_args(call: T.Call, limit: int = 48) -> str:
    """A call's arguments in a few characters: 'double_bed, against_wall, north' (values only)."""
    text = ", ".join("/".join(map(str, v)) if isinstance(v, tuple) else T.format_value(v).strip('"') for _, v in call.args)
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"



def rows(session: Session) -> list[Row]:
    j = session.journal
    if j is None:
        return []
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
        out.append(Row(call.number, call.tool, args_text, short_args(call), status, message, removable))
    return out


def text(session: Session) -> str:
    """The trajectory as text, for the clipboard (see the module docstring)."""
    if session.journal is None:
        raise UserError("there is no trajectory yet: generate one or run one from text")
    return stored_text(session)


def metrics(session: Session) -> SceneMetrics | None:
    return scene_metrics(session.journal.state) if session.journal is not None else None


def state(session: Session) -> SceneState:
    return session.journal.state if session.journal is not None else SceneState()


# ---------------------------------------------------------------- changes


def _journal(session: Session) -> Journal:
    if session.busy:
        raise UserError("a generation is running: wait for it or cancel it first")
    if session.journal is None:
        raise UserError("there is no trajectory yet: generate one or run one from text")
    return session.journal


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
    _commit(session, f"ran {len(traj.calls)} calls from text (seed {seed})")


def set_enabled(session: Session, k: int, on: bool) -> None:
    """Switch call ``k`` on or off (off = the scene without that call alone)."""
    j = _journal(session)
    _number_check(j, k)
    try:
        j.set_enabled(k, on)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    _commit(session, f"call {k} switched {'on' if on else 'off'}")


def replay_from(session: Session, k: int, edited: str | None = None) -> None:
    """Replay from call ``k``; when ``edited`` differs from the call, apply that edit first."""
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
    j = _journal(session)
    _number_check(j, k)
    call = j.trajectory.calls[k - 1]
    if SPECS[call.tool].group in ("initializer", "terminator"):
        raise UserError(f"call {k} ({call.tool}) cannot be deleted: every trajectory needs it (switch calls off, or start again)")
    calls, enabled = list(j.trajectory.calls), list(j.enabled)
    del calls[k - 1], enabled[k - 1]
    _rebuild(session, calls, enabled, k - 1, k)
    _commit(session, f"call {k} ({call.tool}) deleted")


def insert_after(session: Session, k: int, text_: str) -> None:
    """Insert one call after call ``k`` (it becomes call k + 1) and replay from it."""
    j = _journal(session)
    _number_check(j, k)
    call = _call_of(k + 1, text_)
    calls, enabled = list(j.trajectory.calls), list(j.enabled)
    calls.insert(k, call)
    enabled.insert(k, True)
    _rebuild(session, calls, enabled, k, k + 1)
    _commit(session, f"inserted call {k + 1} ({call.tool})")


def add_call(session: Session, tool: str, args: tuple[tuple[str, object], ...], seed: int = 0) -> int:
    """Run one tool from its operator: an initializer starts a new trajectory, terminate sets the
    final status, any other tool is added before terminate. Returns the call's number."""
    if session.busy:
        raise UserError("a generation is running: wait for it or cancel it first")
    spec = SPECS[tool]
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


def save_outputs(session: Session, folder: Path) -> Path:
    """Write ``trajectory.txt`` (the stored text) and ``scene.json`` into
    ``folder/<room type>-seed<seed>/``; returns that folder."""
    if session.journal is None:
        raise UserError("there is no trajectory yet: generate one or run one from text")
    st = session.journal.state
    out = Path(folder) / f"{st.room.room_type if st.room else 'scene'}-seed{session.journal.seed}"
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
    if session.busy:
        raise UserError("a generation is already running: wait for it or cancel it")
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
    if session.job is None:
        raise UserError("nothing to cancel: no generation is running")
    session.job.cancel()


def drain(session: Session, build: Callable[[], object] | None = None, max_calls: int = 1) -> bool:
    """Take what the worker has sent and build up to ``max_calls`` calls; returns True while the
    generation still needs the main thread. ``build`` builds one call (default ``build_step``;
    the GUI passes an operator call so that each call is its own undo step)."""
    job = session.job
    if job is None:
        return False
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
        (build or (lambda: build_step(session)))()
    if not session.pending:
        out = session.outcome
        _finish(session, Notice("INFO", f"{len(session.journal.trajectory.calls)} calls from the {out.backend} "
                                        f"in {out.generate_s:.1f} s" + (f" (sample {out.chosen + 1} of {len(out.candidates)})"
                                                                         if len(out.candidates) > 1 else "")))
        return False
    return True


def _begin_build(session: Session, outcome: worker.Outcome) -> None:
    traj, _, _ = read_text(outcome.text)
    n = len(traj.calls)
    session.journal = Journal(traj, session.job.request.seed, [False] * n)
    session.pending = set(range(1, n + 1))
    session.outcome = outcome
    session.total_calls = n
    session.instruction = session.job.request.prompt


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


def _finish_cancelled(session: Session) -> None:
    if session.outcome is None or session.journal is None or not session.pending:
        _finish(session, Notice("INFO", "generation cancelled; the scene is unchanged"))
        return
    built = session.total_calls - len(session.pending)
    last = len(session.journal.trajectory.calls)
    session.pending.clear()
    session.journal.set_enabled(last, True)  # terminate changes nothing; it is never left off
    _commit(session)
    _finish(session, Notice("WARNING", f"cancelled after building {built} of {last} calls: the others are switched off "
                                       "(switch them on, or replay)"))


@dataclass(frozen=True)
class Understood:
    """What the reader understood of the last prompt, checked on the scene as it is now: each
    requirement (its spec, whether it holds, what was found) and the nouns the catalogue lacks."""

    requirements: tuple[tuple[str, bool, str], ...]
    unknown: tuple[str, ...]


_UNDERSTOOD: dict[tuple[str, str], Understood] = {}


def understood(session: Session) -> Understood | None:
    """The "Understood" box's content after a generation (None before one, or without a room)."""
    if not session.instruction or session.journal is None:
        return None
    scene = state(session)
    if scene.room is None:
        return None
    key = (scene.to_json(), session.instruction)
    if key not in _UNDERSTOOD:
        if len(_UNDERSTOOD) > 8:
            _UNDERSTOOD.clear()
        report = evaluate(scene, instruction=session.instruction)
        rows = tuple((r["spec"], r["satisfied"], r["detail"]) for r in report.requirements())
        _UNDERSTOOD[key] = Understood(rows, tuple(u.noun for u in read(session.instruction).unknown))
    return _UNDERSTOOD[key]


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
