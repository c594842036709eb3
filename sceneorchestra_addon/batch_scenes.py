"""The scenes of a batch: what one scene is (``SceneSpec``), how a worker makes it (``SceneWorker``,
``make_scene``), how a finished scene folder is checked (``verify_scene``) and the manifest.

A scene is the single-scene path of ``generate`` (``Pipeline.run`` then ``run_folder.write_run``,
the same code and the same files), plus the simulator exports (``export.export_scene``) when asked,
written into a temporary folder beside its final place and renamed into place only when every file
is there. The folder then holds ``batch.json``: the scene's manifest row plus the size and SHA-256 of
every file, so a later run can tell a complete scene from a damaged one (``verify_scene``) without
trusting the manifest, which a crash may have cut short.

Folder names are ``scenes/<prompt slug>-<8 hex of the prompt's SHA-1>-<backend>-s<seed>``: readable,
unique per (prompt, backend, seed) and stable across runs. No bpy here: the Blender build and the
preview are imported by ``write_run`` only when ``--render`` asks for them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from .batch_runner import describe_error, worker_info

SCENES_DIR = "scenes"
RECORD = "batch.json"
MANIFEST = "manifest.jsonl"
TOKEN = ".batch-token"
TMP_PREFIX = ".tmp-"
OLD_PREFIX = ".old-"
METRIC_KEYS = ("n_obj", "n_oob", "n_collision_pairs", "col", "oob", "nav", "acc", "sup", "opc", "cnt", "oor", "oar", "q_phy", "q_vis",
               "quality", "composition")
RUN_FILES = {"trajectory": "trajectory.txt", "scene": "scene.json", "metrics": "metrics.json", "review": "review.png"}
RENDER_FILES = {"blend": "scene.blend", "preview": "preview.png"}


def slug(text: str, length: int = 40) -> str:
    """Lower-case letters and digits joined by ``-`` (the same rule as tools/main.sh's folders)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:length].rstrip("-") or "prompt"


@dataclass(frozen=True)
class SceneSpec:
    """One scene of a batch: a prompt, a seed and the backend that writes its trajectory."""

    prompt: str
    seed: int
    backend: str

    @property
    def key(self) -> str:
        digest = hashlib.sha1(self.prompt.encode("utf-8")).hexdigest()[:8]
        return f"{slug(self.prompt)}-{digest}-{self.backend}-s{self.seed}"

    @property
    def folder(self) -> str:
        return f"{SCENES_DIR}/{self.key}"


@dataclass(frozen=True)
class BatchConfig:
    """What every scene of a batch shares (a plain, picklable value sent to each worker).

    ``settings`` is the backend (``agent.pipeline.BackendSettings``); ``samples`` trajectories are
    sampled per scene; ``render`` writes ``scene.blend`` and ``preview.png`` (``resolution`` pixels
    high); ``exports`` are simulator formats written to ``export/<format>/``; ``token`` is the
    driver's mark in the output folder, which every worker must see (a shared file system)."""

    out: str
    settings: object
    samples: int = 1
    render: bool = False
    resolution: int = 640
    exports: tuple[str, ...] = ()
    token: str = ""

    def generation(self) -> dict:
        """What decides a scene's content (a stored scene made otherwise is made again)."""
        s = self.settings
        out = {"backend": s.name, "samples": self.samples, "pick": s.pick}
        if s.name == "local":
            out.update(model=s.model_path, steer=s.steer, temperature=s.temperature)
        elif s.name == "http":
            out.update(url=s.url, http_model=s.http_model, temperature=s.temperature)
        if self.samples > 1 and s.pick == "discriminator":
            out["discriminator"] = s.discriminator_path
        return out


@dataclass
class SceneWorker:
    """The state of one worker process: the config, the pipeline (whose backend is made, and a GGUF
    loaded, once, here) and where the worker runs."""

    config: BatchConfig
    pipeline: object
    info: dict = field(default_factory=dict)


def setup_worker(config: BatchConfig) -> SceneWorker:
    """Run once per worker: check that the output folder is the driver's (a worker on another machine
    must write to the same, shared folder), then make the backend (the local model loads its GGUF
    now, once for every scene of this worker; a backend that cannot load fails here, once)."""
    from .agent.pipeline import Pipeline, make_backend

    info = worker_info()
    mark = Path(config.out) / TOKEN
    try:
        seen = mark.read_text(encoding="utf-8").strip()
    except OSError:
        seen = ""
    if config.token and seen != config.token:
        raise RuntimeError(f"the output folder {config.out} on {info['host']} is not the one the batch was started in: "
                           "every node must see the same folder (a shared file system at the same path)")
    make_backend(config.settings)
    return SceneWorker(config, Pipeline(config.settings), info)


def make_scene(worker: SceneWorker, spec: SceneSpec) -> dict:
    """Make one scene into its run folder and return its manifest row. A scene that fails (a prompt
    naming no room, a backend error, a bug) returns a row with ``status`` "failed", the ``stage``
    and the ``error``; the temporary folder is removed and an earlier folder of the scene is left as
    it was. Never raises for the scene's own errors."""
    from .agent.pipeline import user_errors
    from .run_folder import write_run

    cfg = worker.config
    out = Path(cfg.out)
    final = out / spec.folder
    tmp = final.with_name(f"{TMP_PREFIX}{spec.key}-{os.getpid()}")
    timings: dict[str, float] = {}
    started = time.perf_counter()
    stage = "generate"
    try:
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        generated = worker.pipeline.run(spec.prompt, seed=spec.seed, samples=cfg.samples)
        timings["pipeline_s"] = time.perf_counter() - started
        stage = "write"
        t = time.perf_counter()
        metrics = write_run(generated, tmp, blender=cfg.render, resolution=cfg.resolution, prompt=spec.prompt)
        timings["write_s"] = time.perf_counter() - t
        exports = {}
        if cfg.exports:
            from .export import export_scene

            stage = "export"
            t = time.perf_counter()
            for fmt in cfg.exports:
                scene_file = export_scene(generated.execution.state, tmp / "export" / fmt, fmt=fmt)
                exports[fmt] = f"{spec.folder}/export/{fmt}/{scene_file.name}"
            timings["export_s"] = time.perf_counter() - t
        stage = "publish"
        timings["scene_s"] = time.perf_counter() - started
        row = scene_row(spec, cfg, worker.info, metrics=metrics, exports=exports, timings=timings)
        record = dict(row, files=file_table(tmp))
        (tmp / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        publish(tmp, final)
        return row
    except Exception as exc:  # noqa: BLE001 - a failed scene is recorded, never fatal to the batch
        shutil.rmtree(tmp, ignore_errors=True)
        timings["scene_s"] = time.perf_counter() - started
        error = describe_error(exc, where=not isinstance(exc, user_errors()))
        return scene_row(spec, cfg, worker.info, timings=timings, stage=stage, error=error)


def scene_row(spec: SceneSpec, cfg: BatchConfig, info: dict, *, metrics: dict | None = None, exports: dict | None = None,
              timings: dict | None = None, stage: str = "", error: str = "") -> dict:
    """The manifest row of a scene: prompt, seed, backend, status, error, metrics, paths (relative to
    the output folder), timings (seconds) and where it ran."""
    row = {"key": spec.key, "prompt": spec.prompt, "seed": spec.seed, "backend": spec.backend, "status": "failed" if error else "ok",
           "stage": stage if error else "", "error": error, "metrics": {}, "paths": {}, "timings": {}, "worker": dict(info),
           "settings": cfg.generation(), "render": {"resolution": cfg.resolution} if cfg.render else None}
    timings = dict(timings or {})
    if metrics is not None:
        row["metrics"] = {k: metrics.get(k) for k in METRIC_KEYS}
        row["metrics"]["grades"] = dict(metrics.get("grades", {}))
        reqs = metrics.get("requirements", [])
        row["metrics"].update(requirements=len(reqs), requirements_met=sum(1 for r in reqs if r.get("satisfied")),
                              unknown=[u["noun"] for u in metrics.get("unknown", [])])
        timings.update(generation_s=metrics.get("generation_s"), execution_s=metrics.get("execution_s"), eval_s=metrics.get("eval_s"))
        files = dict(RUN_FILES, **(RENDER_FILES if cfg.render else {}))
        row["paths"] = {"folder": spec.folder, **{name: f"{spec.folder}/{file}" for name, file in files.items()}, "exports": dict(exports or {})}
    row["timings"] = {k: round(v, 4) for k, v in timings.items() if v is not None}
    return row


def failed_row(spec: SceneSpec, cfg: BatchConfig, error: str, worker: dict | None = None) -> dict:
    """The row of a scene whose worker was lost (no row came back from the worker)."""
    return scene_row(spec, cfg, worker or {}, stage="worker", error=error)


# ---------------------------------------------------------------- folders


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_table(folder: Path) -> dict[str, list]:
    """Every file under ``folder`` (``batch.json`` aside): relative path -> [size, SHA-256]."""
    table = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel != RECORD:
            table[rel] = [path.stat().st_size, sha256(path)]
    return table


def publish(tmp: Path, final: Path) -> None:
    """Put the finished folder ``tmp`` at ``final`` by renames (same file system, so each is atomic):
    an earlier folder there (one that did not verify) is moved aside first and deleted after."""
    if not final.exists():
        os.replace(tmp, final)
        return
    old = final.with_name(f"{OLD_PREFIX}{final.name}-{os.getpid()}")
    os.replace(final, old)
    os.replace(tmp, final)
    shutil.rmtree(old, ignore_errors=True)


def verify_scene(out: Path, spec: SceneSpec, cfg: BatchConfig) -> dict | None:
    """The stored row of a complete scene, or None when it must be made (again): no ``batch.json``,
    a failed or differently made scene (backend, samples, model), an output this batch asks for that
    it lacks (the preview, an export format), or any file missing or changed (size and SHA-256)."""
    folder = out / spec.folder
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("key") != spec.key or record.get("status") != "ok":
        return None
    if record.get("settings") != cfg.generation() or not isinstance(record.get("files"), dict):
        return None
    paths = record.get("paths") or {}
    if cfg.render and (record.get("render") != {"resolution": cfg.resolution} or "preview" not in paths):
        return None
    if any(fmt not in (paths.get("exports") or {}) for fmt in cfg.exports):
        return None
    for rel, (size, digest) in record["files"].items():
        path = folder / rel
        try:
            if path.stat().st_size != size or sha256(path) != digest:
                return None
        except OSError:
            return None
    return {k: v for k, v in record.items() if k != "files"}


def clean_leftovers(out: Path) -> int:
    """Remove the temporary folders of scenes that were running when an earlier batch stopped."""
    scenes = out / SCENES_DIR
    n = 0
    for path in scenes.iterdir() if scenes.is_dir() else ():
        if path.name.startswith((TMP_PREFIX, OLD_PREFIX)) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            n += 1
    return n


# ---------------------------------------------------------------- the manifest


def read_manifest(path: Path) -> list[dict]:
    """The rows of a manifest; a line cut short by a crash (the last one) is skipped."""
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return rows
    for line in lines:
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict) and "key" in row:
            rows.append(row)
    return rows


def write_manifest(path: Path, rows: list[dict]) -> None:
    """Replace the manifest with ``rows`` in one rename."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, sort_keys=True) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def append_row(path: Path, row: dict) -> None:
    """Add one row and put it on disk at once (a crash loses at most the row being written)."""
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(row, sort_keys=True) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
