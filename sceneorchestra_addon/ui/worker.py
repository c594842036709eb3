"""Generation off Blender's main thread: a worker thread asks the backend for trajectories, checks
them and hands the chosen one back through a queue.

The main thread never waits on the model: it polls the queue (``Job.poll``) from a timer and builds
the scene call by call (``session.drain``). Nothing here touches bpy, so the thread is safe and
the same code runs synchronously in tests and scripts (``Job.run``).

Several samples (``n > 1``): every candidate is parsed, validated and executed in the thread, and
the chosen one is the valid candidate with the fewest failed calls, then the most objects, then the
fewest warnings, then the lowest index (deterministic for a deterministic backend).
"""

from __future__ import annotations

import queue
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from ..core import trajectory as T
from ..core.executor import execute
from .backends import BackendSettings, BackendUnavailable, label, make_backend, user_errors

ROOM_SIZE_ARGS = ("width_m", "depth_m")


@dataclass(frozen=True)
class Request:
    """One Generate press: the prompt, how many samples, the seed, the backend and an optional
    room size (width, depth in metres) that overrides whatever the model chose."""

    prompt: str
    n: int = 1
    seed: int = 0
    settings: BackendSettings = BackendSettings()
    room_size_m: tuple[float, float] | None = None


@dataclass(frozen=True)
class Candidate:
    text: str
    error: str = ""  # why it is not usable ("" when valid)
    failures: int = 0
    warnings: int = 0
    objects: int = 0


@dataclass(frozen=True)
class Outcome:
    """What the worker hands to the main thread: the chosen trajectory text and the evidence."""

    text: str
    chosen: int
    candidates: tuple[Candidate, ...]
    backend: str
    generate_s: float


def instruction_for(prompt: str, room_size_m: tuple[float, float] | None) -> str:
    """The prompt as the orchestrator sees it: with "The room is W x D m." when a size is set."""
    text = " ".join(prompt.split())
    if room_size_m is None:
        return text
    w, d = room_size_m
    return f"{text} The room is {w:g} x {d:g} m."


def with_room_size(text: str, room_size_m: tuple[float, float] | None) -> str:
    """The trajectory with its initializer's width and depth set to the chosen size (the panel's
    preset wins over the model's choice); other text is returned as it is."""
    if room_size_m is None:
        return text
    traj = T.parse(text)
    if not traj.calls:
        return text
    first = traj.calls[0]
    size = dict(zip(ROOM_SIZE_ARGS, (round(float(v), 2) for v in room_size_m)))
    if not any(name in size for name, _ in first.args):
        return text
    args = tuple((name, size.get(name, value)) for name, value in first.args)
    return T.format(T.Trajectory((T.Call(first.number, first.tool, args, first.comment, first.line), *traj.calls[1:])))


def check_candidate(text: str, seed: int, room_size_m: tuple[float, float] | None, execute_it: bool) -> Candidate:
    """Parse, validate and (when asked) execute one trajectory text."""
    try:
        fitted = with_room_size(text, room_size_m)
        traj = T.load(fitted)
    except T.TrajectoryError as exc:
        return Candidate(text, error=str(exc))
    traj = T.Trajectory(tuple(c.with_comment("") for c in traj.calls))  # a model's comments are not results
    canonical = T.format(traj)
    if not execute_it:
        return Candidate(canonical)
    results = [r for r in execute(traj, seed).results if r is not None]
    final = results[-1].state if results else None
    return Candidate(canonical, failures=sum(bool(r.failure) for r in results), warnings=sum(len(r.warnings) for r in results),
                     objects=len(final.objects) if final else 0)


def choose(candidates: list[Candidate]) -> int | None:
    """Index of the best valid candidate (see the module docstring), or None when none is valid."""
    valid = [i for i, c in enumerate(candidates) if not c.error]
    if not valid:
        return None
    return min(valid, key=lambda i: (candidates[i].failures, -candidates[i].objects, candidates[i].warnings, i))


def generate(request: Request, factory: Callable[[BackendSettings], object] = make_backend) -> Outcome:
    """Ask the backend, check every answer, choose one. Raises the backend's error, or a
    TrajectoryError when no answer is a valid trajectory."""
    name = label(request.settings)
    start = time.monotonic()
    backend = factory(request.settings)
    texts = backend.generate(instruction_for(request.prompt, request.room_size_m), n=max(1, request.n), seed=request.seed)
    elapsed = time.monotonic() - start
    if not texts:
        raise T.TrajectoryError([T.Issue(0, f"the {name} returned no trajectory")])
    candidates = [check_candidate(t, request.seed, request.room_size_m, execute_it=len(texts) > 1) for t in texts]
    best = choose(candidates)
    if best is None:
        raise T.TrajectoryError([T.Issue(0, f"the {name} wrote no valid trajectory ({len(texts)} tried); the first one: {candidates[0].error}")])
    return Outcome(candidates[best].text, best, tuple(candidates), name, elapsed)


def error_message(exc: BaseException, settings: BackendSettings) -> str:
    """The panel's text for a failed generation: the backend, then what went wrong."""
    try:
        name = label(settings)
    except BackendUnavailable:  # an unknown kind: the message below says so
        name = f"backend {settings.kind!r}"
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, user_errors()):
        return f"{name}: {text}"
    return f"{name}: unexpected {type(exc).__name__}: {text} (details in the system console)"


class Job:
    """One generation. ``start()`` runs it in a daemon thread, ``run()`` in the calling thread;
    either way the result arrives in ``poll()`` as ("done", Outcome) or ("error", message)."""

    def __init__(self, request: Request, factory: Callable[[BackendSettings], object] = make_backend):
        self.request = request
        self.factory = factory
        self.messages: queue.Queue[tuple[str, object]] = queue.Queue()
        self.cancelled = threading.Event()
        self.thread: threading.Thread | None = None
        self.started_s = time.monotonic()

    def start(self) -> Job:
        self.thread = threading.Thread(target=self.run, name="sceneorchestra-generate", daemon=True)
        self.thread.start()
        return self

    def run(self) -> None:
        try:
            self.messages.put(("done", generate(self.request, self.factory)))
        except Exception as exc:  # every failure reaches the panel; bugs also print their traceback
            if not isinstance(exc, user_errors()):
                traceback.print_exc(file=sys.stderr)
            self.messages.put(("error", error_message(exc, self.request.settings)))

    def cancel(self) -> None:
        """Stop waiting: a result that still arrives is discarded (a running model call cannot be
        interrupted; its thread ends on its own)."""
        self.cancelled.set()

    def poll(self) -> list[tuple[str, object]]:
        """Every message that has arrived, without waiting."""
        out = []
        while True:
            try:
                out.append(self.messages.get_nowait())
            except queue.Empty:
                return out

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self.started_s

