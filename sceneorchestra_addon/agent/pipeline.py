"""One way from a prompt to a room, for the command line, the panel and batch runs.

``Pipeline(settings).write(prompt, ...)`` asks the backend for trajectories, checks each, and
chooses one (``choose``: the one selection rule, on built and graded samples; or, with
``pick="discriminator"``, the discriminator model's rank of the unbuilt samples); ``Pipeline.run`` also executes and evaluates the
chosen trajectory. The panel runs ``write`` in a worker thread and builds the calls one by one;
the command line and batch runs call ``run`` and write the run folder.

Backends, by one set of names (``BACKENDS``), each with ``generate(instruction, n=1, seed=0) ->
list[str]``:

- ``local``: a GGUF run in-process by llama.cpp (llama-cpp-python); the model shipped in
  ``models/`` unless ``model_path`` names another file;
- ``http``: an OpenAI-compatible server (llama.cpp's server, Ollama, vLLM, a hosted API);
- ``teacher``: the execute-review-reflect loop (``agent/teacher.py``), no model;
- ``rules``: the room programs in one call (``agent/rules.py``), no model.

A prompt that asks for several rooms (``core.plan_reader.read_plan``) becomes one trajectory of
the whole plan (``core.suite_planner``) with a backend that furnishes one room of a plan
(``room_calls``: the teacher and the rules); it is written once (``samples`` are not drawn for a
plan) and evaluated room by room (``core.metrics.suite``). The model backends write one room
(the trained model does not write plans yet): ``local`` hands a plan to the teacher, an
``http`` server writes one room and the command line says so.

The default (``backend=""``) is ``local``, the shipped model, since it builds rooms as good as the
teacher's (``SHIPPED_MODEL_IS_DEFAULT``; ``teacher`` when no model ships). The model writes one
room, so with the ``local`` backend (the default, the panel's too) a prompt of several rooms is
laid out and furnished by the teacher, and a note says so; an ``http`` server writes one room of
it. No bpy here: the panel's worker thread runs this code.
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from ..core import trajectory as T
from ..core.executor import Execution, execute
from ..core.metrics import Report, evaluate
from ..core.metrics.suite import SuiteReport, evaluate_suite
from ..core.plan_reader import PlanRequest, names_a_room, read_plan
from ..core.reader import read
from ..core.suite_planner import PlanFailed, room_request, suite_text_and_notes
from ..core.tools.init_plan import room_names
from ..ground.suite import SuiteState
from .backend import BackendError
from .rules import PromptError, understand

BACKENDS: tuple[tuple[str, str, str], ...] = (
    ("local", "Local model (GGUF)", "A GGUF model run by llama.cpp in this process: the one shipped with the extension, or a file you choose"),
    ("http", "OpenAI-compatible server", "A llama.cpp server, Ollama, vLLM or a hosted API, by URL and model name"),
    ("teacher", "Teacher (no model)", "The execute-review-reflect loop over the room programs and the critic: needs no model"),
    ("rules", "Rules (no model)", "The room programs in one call: needs no model, the fastest"),
)
BACKEND_NAMES = tuple(b[0] for b in BACKENDS)
MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
ROOM_SIZE_ARGS = ("width_m", "depth_m")


class BackendUnavailable(RuntimeError):
    """The chosen backend cannot run; the message says why and what to do instead."""


ORCHESTRATOR_FILE = "orchestrator.gguf"
DISCRIMINATOR_FILE = "discriminator.json"  # the feature discriminator (agent.ranker); a discriminator GGUF can be chosen instead
LM_DISCRIMINATOR_FILE = "discriminator.gguf"  # the paper's language-model discriminator, where a build ships one
PICKS = (
    ("score", "Build and grade each", "Execute every sample and keep the one the critic grades best (exact; a fraction of a second per sample)"),
    ("discriminator", "Discriminator", "The shipped discriminator ranks the samples from their calls, without building them (instant)"),
)


def shipped_model(models_dir: Path = MODELS_DIR) -> Path | None:
    """The orchestrator GGUF shipped in the extension's ``models/`` folder (``orchestrator.gguf``,
    else the first other .gguf by name that is not the discriminator), or None."""
    if (models_dir / ORCHESTRATOR_FILE).is_file():
        return models_dir / ORCHESTRATOR_FILE
    found = sorted(p for p in models_dir.glob("*.gguf") if p.name != LM_DISCRIMINATOR_FILE) if models_dir.is_dir() else []
    return found[0] if found else None


def shipped_discriminator(models_dir: Path = MODELS_DIR) -> Path | None:
    """The discriminator shipped beside the orchestrator: the feature discriminator's weights
    (``discriminator.json``), else a language-model discriminator GGUF, or None."""
    return next((p for p in (models_dir / DISCRIMINATOR_FILE, models_dir / LM_DISCRIMINATOR_FILE) if p.is_file()), None)


# Whether the shipped orchestrator is the default: it must build rooms at least as good as the
# teacher's with one sample and meet the counts and relations asked for (docs/model.md has the
# measurements). Steered, the model that ships now scores above the teacher on the design prompts, the
# held-out test set and the hand-written instructions, below it on the test set's unseen phrasings
# (14.55 / 13.62 / 14.00 / 14.05 against 14.21 / 13.32 / 13.77 / 14.25), with counts met 0.97-0.98
# and relations 0.82-0.98; the teacher follows relations between objects more closely (0.87-0.95)
# and is faster (1.4 s a scene against 1.9), and stays one choice away ("teacher"). With the local
# backend a prompt of several rooms goes to the teacher: the model writes one room (``Pipeline.write``).
SHIPPED_MODEL_IS_DEFAULT = True


def default_backend() -> str:
    """The shipped model when it is there, llama.cpp is installed to run it (a build without
    llama.cpp still ships the model, for a server) and it is good enough to lead
    (SHIPPED_MODEL_IS_DEFAULT), else the teacher (which needs no model)."""
    runnable = shipped_model() is not None and importlib.util.find_spec("llama_cpp") is not None
    return "local" if SHIPPED_MODEL_IS_DEFAULT and runnable else "teacher"


@dataclass(frozen=True)
class BackendSettings:
    """Which backend and how it runs (a plain value, safe to hand to a thread).

    ``backend`` "" means ``default_backend()``; ``model_path`` "" means the shipped model;
    ``n_threads`` 0 means llama.cpp's default (half the cores); ``n_gpu_layers`` -1 means all layers
    (used by a CUDA build, ignored by the CPU build); ``timeout_s`` bounds one HTTP request;
    ``api_key_env`` names the environment variable holding the server's API key (the key itself is
    never stored). ``pick`` is how one of several samples is chosen (``PICKS``): "score" builds
    and grades each, "discriminator" lets the discriminator model (``discriminator_path``, "" the
    shipped one) rank them unbuilt. ``steer``: the local model's requirement steering
    (``LlamaBackend.write``); off, the model alone decides how far it follows the requirements."""

    backend: str = ""
    model_path: str = ""
    url: str = "http://127.0.0.1:8080/v1"
    http_model: str = "sceneorchestra"
    api_key_env: str = "SCENEORCHESTRA_API_KEY"
    timeout_s: float = 60.0
    n_threads: int = 0
    n_gpu_layers: int = -1
    temperature: float = 0.7
    pick: str = "score"
    discriminator_path: str = ""
    steer: bool = True

    @property
    def name(self) -> str:
        return self.backend or default_backend()

    def with_backend(self, backend: str) -> BackendSettings:
        return replace(self, backend=backend)


def label(settings: BackendSettings) -> str:
    """The backend in a few words, as messages name it."""
    name = settings.name
    if name == "local":
        if settings.model_path:
            return f"model {settings.model_path}"
        model = shipped_model()
        return f"embedded model {model.name}" if model else "embedded model"
    if name == "http":
        return f"server {settings.url} (model {settings.http_model})"
    if name == "teacher":
        return "teacher (no model)"
    if name == "rules":
        return "rules (no model)"
    raise BackendUnavailable(f"unknown backend {name!r}; expected one of {', '.join(BACKEND_NAMES)}")


# ---------------------------------------------------------------- making a backend

_CACHE: dict[BackendSettings, object] = {}
_CACHE_LOCK = threading.Lock()
_RANKERS: dict[tuple[Path, int], object] = {}  # the loaded discriminator (small: it may stay beside the orchestrator)


def make_backend(settings: BackendSettings):
    """The backend the settings name, loaded once and reused (at most one loaded model in memory).

    Raises BackendUnavailable with a message that names the missing piece (the model file, the
    llama-cpp-python package, the server URL) and what to choose instead."""
    key = replace(settings, backend=settings.name)
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE.clear()
            _CACHE[key] = _new_backend(key)
        return _CACHE[key]


def forget_backends() -> None:
    """Drop loaded models (on unregister, or after the preferences change)."""
    with _CACHE_LOCK:
        _CACHE.clear()
        _RANKERS.clear()


def _new_backend(settings: BackendSettings):
    name = settings.name
    if name == "teacher":
        from .teacher import Teacher

        return Teacher()
    if name == "rules":
        from .rules import RulesBackend

        return RulesBackend()
    if name == "local":
        return _llama_backend(settings, model_file(settings))
    if name == "http":
        return _http_backend(settings)
    raise BackendUnavailable(f"unknown backend {name!r}; expected one of {', '.join(BACKEND_NAMES)}")


def _chosen_file(raw: str, shipped: Path | None, none_shipped: str, what: str) -> Path:
    """The GGUF a setting names (``raw``, ~ expanded), else the shipped one; BackendUnavailable
    with ``none_shipped`` when neither is set, or naming the chosen file when it is missing."""
    raw = raw.strip()
    if not raw:
        if shipped is None:
            raise BackendUnavailable(none_shipped)
        return shipped
    path = Path(os.path.expanduser(raw))
    if not path.is_file():
        raise BackendUnavailable(f"{what} file not found: {path}")
    return path


def model_file(settings: BackendSettings) -> Path:
    """The GGUF the local backend loads: the chosen file, else the shipped one."""
    return _chosen_file(settings.model_path, shipped_model(), f"this build ships no model ({MODELS_DIR} holds no .gguf file): choose a GGUF "
                        "file, a server or the teacher", "model")


def _llama_backend(settings: BackendSettings, model: Path):
    if importlib.util.find_spec("llama_cpp") is None:
        raise BackendUnavailable("llama-cpp-python is not installed in this Blender: install the SceneOrchestra build for your "
                                 "platform (it bundles the wheel), or choose an OpenAI-compatible server or the teacher")
    from .llama import LlamaBackend

    threads = settings.n_threads if settings.n_threads > 0 else None  # None: llama.cpp's default
    try:
        return LlamaBackend(model, n_threads=threads, n_gpu_layers=settings.n_gpu_layers, temperature=settings.temperature,
                            steer=settings.steer)
    except (ImportError, OSError) as exc:  # a wheel built for another machine, a broken shared library
        raise BackendUnavailable(f"llama.cpp could not load {model.name}: {exc}") from exc


def discriminator_for(settings: BackendSettings):
    """The discriminator the settings name, loaded once: a ranker file (``.json``: the feature
    discriminator, ``agent.ranker.FeatureDiscriminator``) or a discriminator GGUF
    (``agent.discriminator.Discriminator`` on llama.cpp)."""
    path = _chosen_file(settings.discriminator_path, shipped_discriminator(),
                        f"no discriminator ({MODELS_DIR / DISCRIMINATOR_FILE} is missing): choose a discriminator file, "
                        "or pick samples by building and grading them", "discriminator")
    key = (path, settings.n_threads)
    with _CACHE_LOCK:
        if key not in _RANKERS:
            _RANKERS.clear()
            if path.suffix == ".json":
                from .ranker import FeatureDiscriminator

                try:
                    _RANKERS[key] = FeatureDiscriminator(path)
                except BackendError as exc:
                    raise BackendUnavailable(str(exc)) from exc
            else:
                from .discriminator import Discriminator

                _RANKERS[key] = Discriminator(_llama_backend(replace(settings, temperature=0.0), path))
        return _RANKERS[key]


def _http_backend(settings: BackendSettings):
    if not settings.url.strip():
        raise BackendUnavailable("no server URL set: enter the OpenAI-compatible server's URL")
    from .http import HttpBackend

    return HttpBackend(settings.url.strip(), settings.http_model, api_key_env=settings.api_key_env or None, timeout_s=settings.timeout_s,
                       temperature=settings.temperature)


def user_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that describe a failure the user can act on (shown as they are): a backend that
    is unavailable or failed, a connection or file error, a prompt or trajectory the orchestrator
    cannot use. Anything else is a bug and is shown with its type."""
    return (BackendUnavailable, BackendError, PromptError, T.TrajectoryError, OSError, TimeoutError)


# ---------------------------------------------------------------- candidates and the one selection rule

@dataclass(frozen=True)
class Candidate:
    text: str
    error: str = ""  # why it is not usable ("" when valid)
    failures: int = 0
    warnings: int = 0
    objects: int = 0
    quality: float = 0.0


@dataclass(frozen=True)
class Outcome:
    """What ``write`` chose: the trajectory text and the evidence."""

    text: str
    chosen: int
    candidates: tuple[Candidate, ...]
    backend: str
    generate_s: float
    notes: tuple[str, ...] = ()  # what the writing could not honour, in words
    execution: Execution | None = None  # the chosen trajectory as the backend built it while writing (the local backend), else None


def instruction_for(prompt: str, room_size_m: tuple[float, float] | None) -> str:
    """The prompt as the orchestrator sees it: with "The room is W x D m." when a size is set."""
    text = " ".join(prompt.split())
    if room_size_m is None:
        return text
    w, d = room_size_m
    return f"{text} The room is {w:g} x {d:g} m."


def with_room_size(text: str, room_size_m: tuple[float, float] | None) -> str:
    """The trajectory with its initializer's width and depth set to the chosen size (a preset wins
    over the model's choice); other text is returned as it is."""
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


def check_candidate(text: str, seed: int, room_size_m: tuple[float, float] | None, instruction: str | None = None) -> Candidate:
    """Parse and validate one trajectory text; with an ``instruction``, also execute and evaluate it
    (against that instruction) to rank it."""
    try:
        traj = T.load(with_room_size(text, room_size_m))
    except T.TrajectoryError as exc:
        return Candidate(text, error=str(exc))
    traj = T.Trajectory(tuple(c.with_comment("") for c in traj.calls))  # a model's comments are not results
    canonical = T.format(traj)
    if instruction is None:
        return Candidate(canonical)
    ex = execute(traj, seed)
    results = [r for r in ex.results if r is not None]
    if isinstance(ex.state, SuiteState):
        report = evaluate_suite(ex.state, plan_specs(read_plan(instruction), ex.state))
        objects = ex.state.object_count
    else:
        report = evaluate(ex.state, instruction=instruction) if ex.state.room is not None else None
        objects = len(ex.state.objects)
    return Candidate(canonical, failures=sum(bool(r.failure) for r in results), warnings=sum(len(r.warnings) for r in results),
                     objects=objects, quality=report.quality if report else 0.0)


def plan_unknown(request: PlanRequest) -> tuple[str, ...]:
    """The nouns the catalogue lacks in a prompt of several rooms: those of each room's words and
    of the words before the first room (the room words themselves are understood)."""
    found: list[str] = []
    reads = [room_request(request, r) for r in request.rooms] + ([read(request.preamble)] if request.preamble.strip() else [])
    for r in reads:
        found += [u.noun for u in r.unknown if u.noun not in found and not names_a_room(u.noun)]
    return tuple(found)


def plan_specs(request: PlanRequest | None, suite: SuiteState) -> dict[str, list[str]]:
    """Each room's requirements as spec strings, by the room's name in the scene: the reader's
    rooms in order get the names ``init_plan`` gives them; a room the prompt did not ask for (or a
    prompt read as one room) has none."""
    if request is None:
        return {}
    names = room_names(tuple(r.room_type for r in request.rooms))
    return {name: list(room_request(request, r).specs()) for name, r in zip(names, request.rooms)
            if suite.has(name) and suite.room_type(name) == r.room_type}


def choose(candidates: list[Candidate]) -> int | None:
    """The one selection rule: among the valid candidates, the fewest failed calls, then the best
    quality score (which counts the instruction's requirements), then the most objects, then the
    fewest warnings, then the lowest index. None when no candidate is valid."""
    valid = [i for i, c in enumerate(candidates) if not c.error]
    if not valid:
        return None
    return min(valid, key=lambda i: (candidates[i].failures, -candidates[i].quality, -candidates[i].objects, candidates[i].warnings, i))


# ---------------------------------------------------------------- the pipeline

@dataclass
class Generated:
    """A prompt's room: the chosen trajectory, its execution and its evaluation."""

    outcome: Outcome
    execution: Execution
    report: Report | SuiteReport
    execution_s: float
    seed: int
    unknown: tuple[str, ...] = ()  # nouns of the prompt the catalogue does not have (left out)

    @property
    def trajectory_text(self) -> str:
        return self.outcome.text

    def notes(self) -> list[str]:
        """What the run could not honour, in words (one line per unknown noun, then the writing's notes)."""
        return [f"no '{noun}' in the catalogue: left out" for noun in self.unknown] + list(self.outcome.notes)

    def metrics(self) -> dict:
        """The evaluation plus how it was made, as written to metrics.json."""
        out = self.report.to_dict()
        out["unknown"] = [{"noun": noun, "note": note} for noun, note in zip(self.unknown, self.notes())]
        out.update(execution_s=round(self.execution_s, 4), generation_s=round(self.outcome.generate_s, 4), backend=self.outcome.backend,
                   seed=self.seed, samples=len(self.outcome.candidates), chosen=self.outcome.chosen)
        return out


class Pipeline:
    """Prompt -> trajectory (``write``) -> room (``run``), with one backend."""

    def __init__(self, settings: BackendSettings = BackendSettings(), factory=make_backend):
        self.settings = settings
        self.factory = factory

    @property
    def label(self) -> str:
        return label(self.settings)

    def write(self, prompt: str, seed: int = 0, samples: int = 1, room_size_m: tuple[float, float] | None = None,
              stop: threading.Event | None = None) -> Outcome:
        """Ask the backend, check every answer, choose one. Raises the backend's error, a
        PromptError, or a TrajectoryError when no answer is a valid trajectory. ``stop`` (the
        panel's Cancel) goes to a backend whose ``generate`` takes it (the llama.cpp one, which then
        ends at its next token); the others finish in their own time."""
        name = self.label
        start = time.monotonic()
        local = self.settings.name == "local"
        empty = not (prompt or "").strip()
        plan = read_plan(prompt) if local and not empty else None
        if empty or (local and plan is None):  # refused before any model loads, as by the teacher and the rules
            understand(prompt)  # (the model's grammar needs a room type)
        if plan is not None:  # the local model writes one room: the teacher lays out and furnishes a plan, and no model loads
            said = f"the {label(self.settings)} writes one room: the teacher furnished the {len(plan.rooms)} rooms asked for"
            return self._write_plan(plan, self.factory(self.settings.with_backend("teacher")), seed, samples, room_size_m, start, (said,))
        backend = self.factory(self.settings)
        instruction = instruction_for(prompt, room_size_m)
        plan = read_plan(prompt) if hasattr(backend, "room_calls") else None
        if plan is not None:
            return self._write_plan(plan, backend, seed, samples, room_size_m, start)
        stoppable = stop is not None and "stop" in inspect.signature(backend.generate).parameters
        texts = backend.generate(instruction, n=max(1, samples), seed=seed, **({"stop": stop} if stoppable else {}))
        elapsed = time.monotonic() - start
        if not texts:
            raise T.TrajectoryError([T.Issue(0, f"the {name} returned no trajectory")])
        if self.settings.pick not in (k for k, _, _ in PICKS):
            raise BackendUnavailable(f"unknown pick {self.settings.pick!r}; expected one of {', '.join(k for k, _, _ in PICKS)}")
        if len(texts) > 1 and self.settings.pick == "discriminator":
            candidates = [check_candidate(t, seed, room_size_m) for t in texts]
            valid = [i for i, c in enumerate(candidates) if not c.error]
            best = valid[discriminator_for(self.settings).rank(instruction, [candidates[i].text for i in valid])] if valid else None
        else:
            rank = instruction if len(texts) > 1 else None
            candidates = [check_candidate(t, seed, room_size_m, rank) for t in texts]
            best = choose(candidates)
        if best is None:
            raise T.TrajectoryError([T.Issue(0, f"the {name} wrote no valid trajectory ({len(texts)} tried); the first one: {candidates[0].error}")])
        built = getattr(backend, "built_execution", None)
        request = read(prompt)
        said = (f"no room named: built as a {request.room_type.replace('_', ' ')}, the room that holds what the prompt asks for",) \
            if request.room_inferred else ()
        return Outcome(candidates[best].text, best, tuple(candidates), getattr(backend, "name", name), elapsed, said,
                       execution=built(candidates[best].text, seed) if built is not None else None)

    def _write_plan(self, plan: PlanRequest, backend, seed: int, samples: int, room_size_m: tuple[float, float] | None,
                    start: float, notes: tuple[str, ...] = ()) -> Outcome:
        """The trajectory of a prompt of several rooms: ``init_plan``, then each room furnished by
        the backend's ``room_calls`` on its shell."""
        notes = list(notes)
        if samples > 1:
            notes.append(f"a plan of several rooms is written once: {samples} samples were asked for, 1 was written")
        if room_size_m is not None:
            notes.append("the room size applies to one room: the plan's rooms take their sizes from the prompt and their types")
        try:
            text, said = suite_text_and_notes(plan, seed, backend.room_calls)
        except PlanFailed as exc:
            raise PromptError(f"the rooms asked for cannot be laid out: {exc}") from None
        notes += said
        candidate = check_candidate(text, seed, None)
        return Outcome(candidate.text, 0, (candidate,), getattr(backend, "name", self.label), time.monotonic() - start, tuple(notes))

    def run(self, prompt: str, seed: int = 0, samples: int = 1, room_size_m: tuple[float, float] | None = None) -> Generated:
        """``write``, then execute the chosen trajectory and evaluate the room (each room of a
        plan) against the prompt. A trajectory the backend built while writing it (the local
        backend's executor in the loop, ``Outcome.execution``) is not built again."""
        outcome = self.write(prompt, seed, samples, room_size_m)
        started = time.perf_counter()
        ex = outcome.execution if outcome.execution is not None else execute(T.load(outcome.text), seed=seed)
        execution_s = time.perf_counter() - started
        if isinstance(ex.state, SuiteState):
            plan = read_plan(prompt)
            report = evaluate_suite(ex.state, plan_specs(plan, ex.state), runtime_s=outcome.generate_s + execution_s)
            return Generated(outcome, ex, report, execution_s, seed, plan_unknown(plan) if plan else tuple(u.noun for u in read(prompt).unknown))
        report = evaluate(ex.state, instruction=prompt, runtime_s=outcome.generate_s + execution_s)
        return Generated(outcome, ex, report, execution_s, seed, tuple(u.noun for u in read(prompt).unknown))
