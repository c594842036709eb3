"""Generation off Blender's main thread: a worker thread runs the pipeline's ``write`` (ask the
backend, check every answer, choose one by the pipeline's one selection rule) and hands the chosen
trajectory back through a queue.

The main thread never waits on the model: it polls the queue (``Job.poll``) from a timer and builds
the scene call by call (``session.drain``). Nothing here touches bpy, so the thread is safe and
the same code runs synchronously in tests and scripts (``Job.run``).

Cancel (``Job.cancel``) also stops the model: its event goes to the backend, and the llama.cpp
backend ends at its next token. The loaded model is shared by every generation (``make_backend``)
and runs one at a time (its lock), so a Generate pressed while a cancelled generation is still
stopping waits for it in its own thread; the main thread never waits.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from ..agent.pipeline import BackendSettings, BackendUnavailable, Outcome, Pipeline, label, make_backend, user_errors

__all__ = ["Job", "Outcome", "Request", "error_message"]


@dataclass(frozen=True)
class Request:
    """One Generate press: the prompt, how many samples, the seed, the backend and an optional
    room size (width, depth in metres) that overrides whatever the model chose."""

    prompt: str
    n: int = 1
    seed: int = 0
    settings: BackendSettings = BackendSettings()
    room_size_m: tuple[float, float] | None = None


def generate(request: Request, factory: Callable[[BackendSettings], object] = make_backend,
             stop: threading.Event | None = None) -> Outcome:
    """The pipeline's ``write`` for one Generate press (``stop``: its Cancel)."""
    return Pipeline(request.settings, factory).write(request.prompt, request.seed, request.n, request.room_size_m, stop)


def error_message(exc: BaseException, settings: BackendSettings) -> str:
    """The panel's text for a failed generation: the backend, then what went wrong."""
    try:
        name = label(settings)
    except BackendUnavailable:  # an unknown kind: the message below says so
        name = f"backend {settings.backend!r}"
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
            self.messages.put(("done", generate(self.request, self.factory, self.cancelled)))
        except Exception as exc:  # every failure reaches the panel; bugs also print their traceback
            if not isinstance(exc, user_errors()):
                traceback.print_exc(file=sys.stderr)
            self.messages.put(("error", error_message(exc, self.request.settings)))

    def cancel(self) -> None:
        """Stop: the llama.cpp backend ends at its next token; any other backend's call runs on in
        its thread, and a result that still arrives is discarded."""
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

