"""Run many independent tasks on worker processes and hand back each result as it finishes: on Ray
(a local instance started in this process, or a cluster), in a local process pool, or in this
process. The ``batch`` command runs its scenes through it and ``training/rollouts.py`` its teacher
rollouts, so both scale out the same way.

    for done in run_tasks(tasks, setup, work, workers=4, engine="ray", address=None):
        done.task, done.result, done.error, done.worker, done.attempts

``setup()`` runs once in each worker process and makes what every task there shares (a backend, a
loaded GGUF, the teacher); ``work(state, task)`` runs one task with it. Both must be picklable by
reference (module-level functions, ``functools.partial`` of them) so that a worker on another node
can import them.

Choices, and why:

* **One Ray actor per worker**, not a bare Ray task per item: an actor is a long-lived process that
  keeps what ``setup`` made, so a model backend loads its GGUF once per worker instead of once per
  scene. Each item is still a Ray task (an actor method call); the driver hands an item to an actor
  only when it is idle, so at most ``workers`` items are in flight and the rest wait here, in order.
* **Actors are spread** over the nodes (``SPREAD``), each holding one CPU: a 2-node cluster with one
  CPU each runs one worker on each node.
* **An exception inside** ``work`` **is a result**, not a crash: it comes back as ``Done.error``
  (``Type: message``) and the worker goes on with the next item. Only the loss of the worker process
  itself (killed, out of memory, its node gone) is retried: the item goes back to the front of the
  queue for another worker (at most ``MAX_ATTEMPTS`` times in all) and a fresh actor replaces the
  dead one.
* **A local Ray is started with** ``address="local"``, never by joining whatever ``RAY_ADDRESS``
  names, so a batch without ``--address`` never lands on someone's cluster by accident; a cluster
  is used only when an address is given. A Ray this process started is shut down at the end; one
  that was already initialised (a caller's) is left as it was.
* Ray is imported only inside these functions: importing this module needs nothing beyond the
  standard library, and the Blender add-on never imports it.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

RAY_VERSION = "2.60.0"  # the version pyproject.toml's ``batch`` extra pins
INSTALL_HINT = 'pip install -e ".[batch]"'
ENGINES = ("auto", "ray", "processes", "serial")
MAX_ATTEMPTS = 3  # a task whose worker dies is run at most this many times in all
STALL_S = 120.0  # how long to wait for a replacement worker when no other worker is left
LOCAL_OBJECT_STORE_BYTES = 128 * 1024 * 1024  # results are small dicts: a small store (Ray's minimum is 75 MiB)


class RunnerError(RuntimeError):
    """The runner cannot go on (Ray missing, a cluster that cannot be reached, no worker that could
    start); the message says what happened and what to do."""


@dataclass(frozen=True)
class Done:
    """One finished task: ``result`` (what ``work`` returned) or ``error`` (why it failed), where it
    ran (``worker``: node id, host name, pid) and how many workers it took (``attempts``)."""

    task: Any
    result: Any = None
    error: str = ""
    worker: dict = field(default_factory=dict)
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return not self.error


def ray_available() -> bool:
    """Whether Ray can be imported here (without importing it)."""
    if "ray" in sys.modules:  # imported already, or blocked (None)
        return sys.modules["ray"] is not None
    return importlib.util.find_spec("ray") is not None


def import_ray():
    """The ``ray`` module, or RunnerError saying how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise RunnerError(f"Ray is not installed ({exc}): install the batch extra with `{INSTALL_HINT}` "
                          f"(or `pip install \"ray[default]=={RAY_VERSION}\"`) in this environment") from None
    return ray


def describe_error(exc: BaseException, where: bool = True) -> str:
    """``Type: message``; with ``where`` (for an error that is not the user's: a bug) also the
    innermost frame of the caller's code that raised it (not the runner's, the standard library's or
    another installed package's), so a manifest row points at the line."""
    text = f"{type(exc).__name__}: {exc}".strip()
    if where and not isinstance(exc, OSError):
        skip = (os.path.abspath(__file__), os.path.dirname(os.__file__) + os.sep)
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if not f.filename.startswith(skip) and not f.filename.startswith("<")
                  and ("site-packages" not in f.filename or "sceneorchestra_addon" in f.filename)]
        if frames:
            f = frames[-1]
            text += f" (at {os.path.basename(f.filename)}:{f.lineno} in {f.name})"
    return text


def worker_info() -> dict:
    """Where this worker runs: the Ray node id when inside Ray, the host name and the process id."""
    node = "local"
    if "ray" in sys.modules:
        try:
            import ray

            if ray.is_initialized():
                node = ray.get_runtime_context().get_node_id()
        except Exception:  # noqa: BLE001 - outside a Ray worker the node stays "local"
            node = "local"
    return {"node": node, "host": socket.gethostname(), "pid": os.getpid()}


class Worker:
    """What lives in one worker process: the state ``setup`` made once, and ``work`` to run each task
    with it. A failing ``setup`` is kept as ``error`` (reported by ``ready``) rather than raised, so
    the driver can say why a worker could not start instead of seeing a dead actor."""

    def __init__(self, setup: Callable[[], Any] | None, work: Callable[[Any, Any], Any]):
        self.work = work
        self.info = worker_info()
        self.error = ""
        self.state = None
        try:
            self.state = setup() if setup is not None else None
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - reported to the driver
            self.error = f"worker set-up failed on {self.info['host']}: {describe_error(exc)}"

    def ready(self) -> tuple[str, dict]:
        """("" or the set-up error, where this worker runs)."""
        return self.error, self.info

    def run(self, task: Any) -> tuple[Any, str, dict]:
        """(result, "" or the error, where it ran); never raises for an error of the task itself."""
        if self.error:
            return None, self.error, self.info
        try:
            return self.work(self.state, task), "", self.info
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - a failed task is a result
            return None, describe_error(exc), self.info


def choose_engine(engine: str, workers: int, address: str | None) -> str:
    """``auto``: Ray when it is installed or a cluster address is given, else a process pool; one
    worker and no address run in this process (no start-up cost at all)."""
    if engine not in ENGINES:
        raise RunnerError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if engine != "auto":
        return engine
    if address:
        return "ray"
    if workers <= 1:
        return "serial"
    return "ray" if ray_available() else "processes"


def run_tasks(tasks: Iterable[Any], setup: Callable[[], Any] | None, work: Callable[[Any, Any], Any], *, workers: int | None = None,
              engine: str = "auto", address: str | None = None, log: Callable[[str], None] | None = None,
              on_start: Callable[[dict], None] | None = None) -> Iterator[Done]:
    """Run ``work(state, task)`` for every task on ``workers`` workers (each made by ``setup`` once)
    and yield a ``Done`` per task in the order they finish. ``workers`` None: one per core (a
    cluster: one per CPU it has). ``address``: a Ray cluster (``auto``, ``HOST:PORT`` or
    ``ray://HOST:PORT``). ``log`` gets one-line notes (a worker that died, a worker count lowered to
    the cluster's CPUs); ``on_start`` gets ``{"engine", "workers", "nodes", "startup_s"}`` once the
    first worker is ready. Raises RunnerError when it cannot run at all or no worker is left."""
    tasks = list(tasks)
    log = log or (lambda _msg: None)
    workers = workers if workers and workers > 0 else None
    kind = choose_engine(engine, workers or os.cpu_count() or 1, address)
    if not tasks:
        return
    if kind == "serial":
        yield from _run_serial(tasks, setup, work, on_start)
    elif kind == "processes":
        yield from _run_processes(tasks, setup, work, workers or os.cpu_count() or 1, on_start)
    else:
        yield from _run_ray(tasks, setup, work, workers, address, log, on_start)


# ---------------------------------------------------------------- in this process, and a process pool


def _run_serial(tasks, setup, work, on_start) -> Iterator[Done]:
    started = time.perf_counter()
    worker = Worker(setup, work)
    if worker.error:
        raise RunnerError(worker.error)
    if on_start:
        on_start({"engine": "serial", "workers": 1, "nodes": 1, "startup_s": time.perf_counter() - started})
    for task in tasks:
        result, error, info = worker.run(task)
        yield Done(task, result, error, info)


_PROCESS_WORKER: Worker | None = None


def _process_init(setup, work) -> None:
    global _PROCESS_WORKER
    _PROCESS_WORKER = Worker(setup, work)


def _process_run(task):
    return _PROCESS_WORKER.run(task)


def _run_processes(tasks, setup, work, workers: int, on_start) -> Iterator[Done]:
    """A local process pool (the fallback where Ray is not installed): each process runs ``setup``
    once (the pool's initializer); a broken pool (a killed process) ends the run with RunnerError."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    started = time.perf_counter()
    workers = max(1, min(workers, len(tasks)))
    with ProcessPoolExecutor(max_workers=workers, initializer=_process_init, initargs=(setup, work)) as pool:
        futures = {pool.submit(_process_run, task): task for task in tasks}
        if on_start:
            on_start({"engine": "processes", "workers": workers, "nodes": 1, "startup_s": time.perf_counter() - started})
        try:
            for future in as_completed(futures):
                result, error, info = future.result()
                yield Done(futures[future], result, error, info)
        except BrokenProcessPool as exc:
            raise RunnerError(f"a worker process died ({exc}); the tasks not reported are not done: run again to finish them") from None


# ---------------------------------------------------------------- Ray


def _start_ray(ray, workers: int | None, address: str | None) -> bool:
    """Connect to the cluster ``address`` names, or start a local Ray with ``workers`` CPUs; returns
    whether this call started (and so must shut down) the connection."""
    if ray.is_initialized():
        return False
    if address:
        _probe(address)
    try:
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(address="local", num_cpus=workers or os.cpu_count() or 1, include_dashboard=False, log_to_driver=False,
                     object_store_memory=LOCAL_OBJECT_STORE_BYTES)
    except ConnectionError as exc:
        raise RunnerError(f"cannot reach the Ray cluster at {address}: {exc}; start one with `ray start --head` "
                          "(then --address auto), or leave --address out for a local Ray") from None
    except (RuntimeError, ValueError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        raise RunnerError(f"cannot start {where}: {exc}") from None
    return True


def _probe(address: str, timeout_s: float = 5.0) -> None:
    """Fail fast (RunnerError) when nothing answers at a ``HOST:PORT`` or ``ray://HOST:PORT``
    address: Ray itself keeps retrying an address where no cluster runs for many minutes. ``auto``
    (a cluster started on this machine) is left to Ray, which answers at once when there is none."""
    target = address.removeprefix("ray://")
    host, sep, port = target.rpartition(":")
    if address == "auto" or not sep or not port.isdigit():
        return
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s):
            pass
    except OSError as exc:
        raise RunnerError(f"nothing answers at {address} ({exc.strerror or exc}): start the cluster with `ray start --head` "
                          "on its head node and give that address (or --address auto on the head node itself), "
                          "or leave --address out for a local Ray") from None


def _run_ray(tasks, setup, work, workers, address, log, on_start) -> Iterator[Done]:
    ray = import_ray()
    from ray.exceptions import RayError

    started = time.perf_counter()
    own = _start_ray(ray, workers, address)
    actors: list = []
    try:
        cpus = int(ray.cluster_resources().get("CPU", 0))
        n = workers or cpus or 1
        if cpus and n > cpus:
            log(f"{n} workers asked for, but the cluster has {cpus} CPUs: running {cpus}")
            n = cpus
        n = max(1, min(n, len(tasks)))
        actor_class = ray.remote(num_cpus=1, max_restarts=0)(Worker)

        def new_actor():
            actor = actor_class.options(scheduling_strategy="SPREAD").remote(setup, work)
            actors.append(actor)
            return actor

        queue = deque((task, 1) for task in tasks)
        starting = {}  # ready() ref -> actor
        for _ in range(n):
            actor = new_actor()
            starting[actor.ready.remote()] = actor
        idle: list = []
        running = {}  # run() ref -> (actor, task, attempt)
        setup_errors: list[str] = []
        replacements = 0
        reported_start = False
        last_progress = time.monotonic()
        while queue or running:
            while idle and queue:
                actor = idle.pop()
                task, attempt = queue.popleft()
                running[actor.run.remote(task)] = (actor, task, attempt)
            if not running and not starting:
                raise RunnerError(_no_worker_message(setup_errors, len(queue)))
            if not running and not idle and time.monotonic() - last_progress > STALL_S:
                raise RunnerError(f"no worker became ready in {STALL_S:.0f} s (the cluster may have lost its nodes); "
                                  f"{len(queue)} tasks not run: run again to finish them")
            ready, _ = ray.wait([*running, *starting], num_returns=1, timeout=1.0)
            for ref in ready:
                if ref in starting:
                    actor = starting.pop(ref)
                    try:
                        error, _info = ray.get(ref)
                    except RayError as exc:
                        error = f"a worker could not start: {_first_line(exc)}"
                    if error:
                        setup_errors.append(error)
                        log(error)
                        ray.kill(actor)
                        continue
                    idle.append(actor)
                    last_progress = time.monotonic()
                    if not reported_start and on_start:
                        reported_start = True
                        on_start({"engine": "ray", "workers": n, "nodes": len([x for x in ray.nodes() if x.get("Alive")]),
                                  "startup_s": time.perf_counter() - started})
                    continue
                actor, task, attempt = running.pop(ref)
                last_progress = time.monotonic()
                try:
                    result, error, info = ray.get(ref)
                except RayError as exc:  # the worker process (or its node) is gone: the task goes to another one
                    reason = _first_line(exc)
                    _kill_quietly(ray, actor)
                    if attempt < MAX_ATTEMPTS:
                        log(f"a worker died while running a task ({reason}); running it again on another worker")
                        queue.appendleft((task, attempt + 1))
                    else:
                        yield Done(task, None, f"its worker died {attempt} times (last: {reason})", {}, attempt)
                    if replacements < n * MAX_ATTEMPTS:
                        replacements += 1
                        fresh = new_actor()
                        starting[fresh.ready.remote()] = fresh
                    continue
                idle.append(actor)
                yield Done(task, result, error, info, attempt)
    finally:
        for actor in actors:
            _kill_quietly(ray, actor)
        if own:
            ray.shutdown()


def _no_worker_message(setup_errors: list[str], left: int) -> str:
    if setup_errors:
        return f"no worker could start ({setup_errors[0]}); {left} tasks not run"
    return f"every worker died; {left} tasks not run: run again to finish them"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".strip().rstrip(":")


def _kill_quietly(ray, actor) -> None:
    try:
        ray.kill(actor, no_restart=True)
    except Exception:  # noqa: BLE001 - already dead, or the connection is gone
        pass
