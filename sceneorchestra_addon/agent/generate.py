"""Prompt -> room: choose a backend, generate, execute, evaluate, and write the run folder.

A run folder holds ``trajectory.txt`` (as executed, each call's result as a comment),
``scene.json``, ``scene.blend``, ``preview.png`` (Workbench, top-down and perspective),
``review.png`` (the evaluator's marked top-down drawing) and ``metrics.json`` (the evaluator's
report plus ``generation_s``, ``execution_s``, ``backend`` and ``seed``).

With ``samples`` > 1 the backend writes several trajectories; a discriminator (when one is given)
picks one without executing them, otherwise all are executed and the one with the best quality
score is kept (the ``selected_by`` field says which).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from ..core import trajectory as T
from ..core.executor import Execution, execute

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
DEFAULT_MODEL = MODELS_DIR / "sceneorchestra-default.gguf"


@dataclass
class Generated:
    trajectory_text: str
    execution: Execution
    metrics: dict


def make_backend(name: str, model: str | None = None, url: str | None = None, http_model: str = "default", threads: int | None = None):
    """The orchestrator called ``name``: local (a GGUF through llama.cpp; the shipped model unless
    ``model`` names another), http (an OpenAI-compatible server), teacher, or rules."""
    if name == "local":
        from .llama import LlamaBackend

        return LlamaBackend(model or DEFAULT_MODEL, n_threads=threads)
    if name == "http":
        from .http import HttpBackend

        return HttpBackend(url or "http://127.0.0.1:8080/v1", http_model)
    if name == "teacher":
        from .teacher import Teacher

        return Teacher()
    if name == "rules":
        from .rules import RulesBackend

        return RulesBackend()
    raise ValueError(f"unknown backend {name!r} (local, http, teacher, rules)")


def default_backend_name() -> str:
    """The shipped model when it is there, else the teacher (which needs no model)."""
    return "local" if DEFAULT_MODEL.exists() else "teacher"


def generate_room(prompt: str, backend, seed: int = 0, samples: int = 1, ranker=None) -> Generated:
    from ..core.metrics import evaluate

    started = time.perf_counter()
    texts = backend.generate(prompt, n=samples, seed=seed)
    generation_s = time.perf_counter() - started
    selected_by = "only sample"
    if len(texts) > 1 and ranker is not None:
        texts, selected_by = [texts[ranker.rank(prompt, texts)]], "discriminator"
    best = None
    for text in texts:
        t0 = time.perf_counter()
        ex = execute(T.load(text), seed=seed)
        execution_s = time.perf_counter() - t0
        report = evaluate(ex.state, instruction=prompt, runtime_s=generation_s + execution_s)
        if best is None or report["quality"] > best.metrics["quality"]:
            best = Generated(text, ex, dict(report, execution_s=round(execution_s, 4)))
    if len(texts) > 1:
        selected_by = "best quality after execution"
    best.metrics.update(generation_s=round(generation_s, 4), backend=getattr(backend, "name", type(backend).__name__),
                        seed=seed, samples=samples, selected_by=selected_by)
    return best


def write_run(generated: Generated, out_dir: Path, blender: bool = True, resolution: int = 640) -> None:
    from ..core.metrics import review_image

    ex = generated.execution
    (out_dir / "trajectory.txt").write_text(T.format(ex.annotated()), encoding="utf-8")
    (out_dir / "scene.json").write_text(ex.state.to_json(), encoding="utf-8")
    review_image(ex.state, generated.metrics).save(out_dir / "review.png")
    if blender:
        from ..blender.outputs import write_blend_and_preview

        write_blend_and_preview(ex.state, generated.trajectory_text, out_dir, resolution=resolution)
    (out_dir / "metrics.json").write_text(json.dumps(generated.metrics, indent=1, sort_keys=True) + "\n", encoding="utf-8")
