"""Which orchestrator answers the panel's Generate button, and the messages shown when it cannot.

Four kinds, chosen in the add-on preferences:

- ``EMBEDDED``: the GGUF shipped inside the extension (``models/*.gguf``), run in-process by
  llama.cpp (llama-cpp-python, bundled as a wheel in the platform's build);
- ``GGUF``: any other GGUF file on disk, run the same way;
- ``HTTP``: an OpenAI-compatible server (llama.cpp's server, Ollama, vLLM, a hosted API);
- ``TEACHER``: no model at all: the rule-based orchestrator over the catalogue's room programs. It is
  always available, so the panel offers it whenever another backend fails.

Every backend has ``generate(instruction, n=1, seed=0) -> list[str]`` (trajectory texts). The model
backends live in ``agent/`` and are imported only when chosen, so a build without llama.cpp (or an
older build without a backend module) still loads and says what is missing. No bpy here: the
worker thread runs this code.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path

KINDS: tuple[tuple[str, str, str], ...] = (
    ("EMBEDDED", "Embedded model", "The GGUF model shipped with the extension, run by llama.cpp inside Blender"),
    ("GGUF", "Other GGUF file", "A GGUF model file of your choice, run by llama.cpp inside Blender"),
    ("HTTP", "OpenAI-compatible server", "A llama.cpp server, Ollama, vLLM or a hosted API, by URL and model name"),
    ("TEACHER", "Teacher (no model)", "Rule-based orchestrator from the catalogue's room programs: needs no model"),
)
KIND_NAMES = tuple(k[0] for k in KINDS)
MODELS_DIR = Path(__file__).resolve().parents[1] / "models"


class BackendUnavailable(RuntimeError):
    """The chosen backend cannot run; the message says why and what to do instead."""


@dataclass(frozen=True)
class BackendSettings:
    """What the preferences say about the backend (a plain copy, safe to hand to a thread).

    ``n_threads`` 0 means llama.cpp's default (half the cores); ``n_gpu_layers`` -1 means all layers
    (used by a CUDA build, ignored by the CPU build);
    ``timeout_s`` bounds one HTTP request; ``api_key_env`` names the environment variable holding
    the server's API key (the key itself is never stored in the .blend or the preferences)."""

    kind: str = "EMBEDDED"
    model_path: str = ""
    url: str = "http://127.0.0.1:8080/v1"
    http_model: str = "sceneorchestra"
    api_key_env: str = "SCENEORCHESTRA_API_KEY"
    timeout_s: float = 60.0
    n_threads: int = 0
    n_gpu_layers: int = -1
    temperature: float = 0.7

    def with_kind(self, kind: str) -> BackendSettings:
        return BackendSettings(kind, self.model_path, self.url, self.http_model, self.api_key_env, self.timeout_s,
                               self.n_threads, self.n_gpu_layers, self.temperature)


def shipped_model(models_dir: Path = MODELS_DIR) -> Path | None:
    """The GGUF file shipped in the extension's ``models/`` folder (the first by name), or None."""
    found = sorted(models_dir.glob("*.gguf")) if models_dir.is_dir() else []
    return found[0] if found else None


def label(settings: BackendSettings) -> str:
    """The backend in a few words, as the panel names it in messages."""
    if settings.kind == "EMBEDDED":
        model = shipped_model()
        return f"embedded model {model.name}" if model else "embedded model"
    if settings.kind == "GGUF":
        return f"model {settings.model_path}"
    if settings.kind == "HTTP":
        return f"server {settings.url} (model {settings.http_model})"
    if settings.kind == "TEACHER":
        return "teacher (no model)"
    raise BackendUnavailable(f"unknown backend {settings.kind!r}; expected one of {', '.join(KIND_NAMES)}")


# ---------------------------------------------------------------- making a backend

_CACHE: dict[tuple, object] = {}
_CACHE_LOCK = threading.Lock()


def make_backend(settings: BackendSettings):
    """The backend the settings name, loaded once and reused (a GGUF is loaded on first use).

    Raises BackendUnavailable with a message that names the missing piece (the model path, the
    llama-cpp-python package, the backend module) and what to choose instead."""
    key = (settings.kind, settings.model_path, settings.url, settings.http_model, settings.api_key_env, settings.timeout_s,
           settings.n_threads, settings.n_gpu_layers, settings.temperature)
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE.clear()  # at most one loaded model in memory
            _CACHE[key] = _new_backend(settings)
        return _CACHE[key]


def forget_backends() -> None:
    """Drop loaded models (on unregister, or after the preferences change)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _new_backend(settings: BackendSettings):
    if settings.kind == "TEACHER":
        return teacher_backend()
    if settings.kind in ("EMBEDDED", "GGUF"):
        return _llama_backend(settings, _model_path(settings))
    if settings.kind == "HTTP":
        return _http_backend(settings)
    raise BackendUnavailable(f"unknown backend {settings.kind!r}; expected one of {', '.join(KIND_NAMES)}")


def teacher_backend():
    """The teacher (``agent/teacher.py``: execute-review-reflect over the evaluator's grades), or,
    while this build has no evaluator (``core.metrics.evaluate``), the room-program rules
    (``agent/rules.py``): both need no model."""
    metrics = importlib.import_module("..core.metrics", __package__)
    if not hasattr(metrics, "evaluate"):
        from ..agent.rules import RulesBackend

        return RulesBackend()
    from ..agent.teacher import Teacher

    return Teacher()


def _model_path(settings: BackendSettings) -> Path:
    if settings.kind == "EMBEDDED":
        model = shipped_model()
        if model is None:
            raise BackendUnavailable(f"this build ships no model ({MODELS_DIR} holds no .gguf file): choose another GGUF file, "
                                     "a server or the teacher in the add-on preferences")
        return model
    raw = settings.model_path.strip()
    if not raw:
        raise BackendUnavailable("no model file chosen: set the GGUF path in the add-on preferences")
    path = Path(os.path.expanduser(raw))
    if not path.is_file():
        raise BackendUnavailable(f"model file not found: {path}")
    return path


def _llama_backend(settings: BackendSettings, model: Path):
    if importlib.util.find_spec("llama_cpp") is None:
        raise BackendUnavailable("llama-cpp-python is not installed in this Blender: install the SceneOrchestra build for your "
                                 "platform (it bundles the wheel), or choose an OpenAI-compatible server or the teacher")
    module = _agent_module("llama", "the llama.cpp backend")
    threads = settings.n_threads if settings.n_threads > 0 else None  # None: llama.cpp's default
    try:
        return module.LlamaBackend(model, n_threads=threads, n_gpu_layers=settings.n_gpu_layers, temperature=settings.temperature)
    except (ImportError, OSError) as exc:  # a wheel built for another machine, a broken shared library
        raise BackendUnavailable(f"llama.cpp could not load {model.name}: {exc}") from exc


def _http_backend(settings: BackendSettings):
    if not settings.url.strip():
        raise BackendUnavailable("no server URL set: enter the OpenAI-compatible server's URL in the add-on preferences")
    module = _agent_module("http", "the OpenAI-compatible HTTP backend")
    return module.HttpBackend(settings.url.strip(), settings.http_model, api_key_env=settings.api_key_env or None, timeout_s=settings.timeout_s)


def _agent_module(name: str, what: str):
    """``agent.<name>``, or BackendUnavailable naming what is missing."""
    try:
        return importlib.import_module(f"..agent.{name}", __package__)
    except ImportError as exc:
        raise BackendUnavailable(f"{what} is not available in this build ({exc}): choose the teacher in the add-on preferences") from exc


def user_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that describe a failure the user can act on (shown as they are): a backend that
    is unavailable or failed (the agent's BackendError when that module exists), a connection or
    file error, a prompt or trajectory the orchestrator cannot use. Anything else is a bug and is
    shown with its type, its traceback printed to the console."""
    from ..agent.rules import PromptError
    from ..core.trajectory import TrajectoryError

    errors: list[type[BaseException]] = [BackendUnavailable, PromptError, TrajectoryError, OSError, TimeoutError]
    try:
        errors.append(importlib.import_module("..agent.backend", __package__).BackendError)
    except (ImportError, AttributeError):
        pass
    return tuple(errors)
