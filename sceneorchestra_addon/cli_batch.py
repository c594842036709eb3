"""The ``batch`` command: prompts x seeds -> one run folder per scene, made by Ray workers.

    python -m sceneorchestra_addon batch PROMPTS_FILE --seeds 0-99 --out DIR [--backend teacher|rules|local|http]
        [--export sdf,urdf,mjcf] [--render] [--address auto|HOST:PORT|ray://HOST:PORT] [--workers N]

``PROMPTS_FILE``: one prompt a line (blank lines and lines starting with ``#`` skipped), or a
tab-separated file with an ``instruction`` column (``tests/data/instructions.tsv``). ``DIR`` gets:

    scenes/<prompt>-<hash>-<backend>-s<seed>/   the run folder of ``generate`` (trajectory.txt, scene.json,
                                                metrics.json, review.png; scene.blend and preview.png with
                                                --render; export/<format>/ with --export) and batch.json
    manifest.jsonl                              one row per scene, appended as each finishes
    summary.json, contact_sheet.png             at the end

Each scene runs the single-scene path of ``generate`` (``agent.pipeline.Pipeline.run`` and
``run_folder.write_run``) in a worker (``batch_scenes.make_scene``), so a batch scene is the scene
``generate`` makes from the same prompt, seed and backend. Without ``--address`` a local Ray is
started in this process with ``--workers`` CPUs (default: every core); with it the batch runs on
that cluster, whose nodes must see DIR at the same path. A rerun skips the scenes whose folders
verify, so an interrupted batch (Ctrl+C, a crash, a lost node) is finished by running the same
command again. Progress (scenes/s, ETA) goes to stderr, the summary to stdout.

Exit codes: 0 every scene complete; 1 some scenes failed or were not run (the manifest says which;
a rerun tries them again); 2 invalid input; 3 DIR cannot be written, or another batch is writing to
it; 4 Ray is missing, or no worker could start (the message says why).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TextIO

from .cli_common import EXIT_BACKEND, EXIT_INVALID, EXIT_OUTPUT, prepare_out_dir

EXIT_INCOMPLETE = 1
LOCK = ".batch.lock"
SUMMARY = "summary.json"
SHEET = "contact_sheet.png"


class BatchError(Exception):
    """A batch that cannot start or go on; ``code`` is the exit code."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


def parse_seeds(text: str) -> list[int]:
    """``"0-99"``, ``"3"``, ``"0,2,5-7"`` -> the seeds in order, each once."""
    seeds: list[int] = []
    for part in (p.strip() for p in str(text).split(",")):
        if not part:
            continue
        lo, sep, hi = part.partition("-") if not part.startswith("-") else (part, "", "")
        try:
            a = int(lo)
            b = int(hi) if sep else a
        except ValueError:
            raise ValueError(f"not a seed or a range of seeds: {part!r} (write e.g. 0-99 or 1,4,7-9)") from None
        if a < 0 or b < a:
            raise ValueError(f"bad seed range {part!r}: seeds are 0 or more, low-high")
        seeds.extend(s for s in range(a, b + 1) if s not in seeds)
    if not seeds:
        raise ValueError("no seeds given")
    return seeds


def _seeds_arg(text: str) -> list[int]:
    try:
        return parse_seeds(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def read_prompts(path: Path) -> list[str]:
    """The prompts of a file, each once, in order: one a line, or the ``instruction`` column of a
    tab-separated file (``.tsv``)."""
    from .agent.prompt_sets import read_instructions

    if path.suffix.lower() == ".tsv":
        prompts = [instruction for instruction, _specs in read_instructions(path)]
    else:
        prompts = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        prompts = [p for p in prompts if p and not p.startswith("#")]
    return list(dict.fromkeys(" ".join(p.split()) for p in prompts if p.strip()))


class Progress:
    """Scenes done, failed, scenes/s and the ETA on one stderr line, at most once a second (and at
    the end); the rate counts from the moment the first worker was ready."""

    def __init__(self, total: int, stream: TextIO, every_s: float = 1.0):
        self.total, self.stream, self.every_s = total, stream, every_s
        self.done = self.failed = 0
        self.began = time.monotonic()
        self.last = 0.0

    def start(self) -> None:
        self.began = time.monotonic()

    def update(self, ok: bool) -> None:
        self.done += 1
        self.failed += 0 if ok else 1
        now = time.monotonic()
        if now - self.last >= self.every_s or self.done == self.total:
            self.last = now
            rate = self.done / max(now - self.began, 1e-9)
            eta = (self.total - self.done) / rate if rate > 0 else 0.0
            print(f"[batch] {self.done}/{self.total} scenes ({self.failed} failed) | {rate:.2f} scenes/s | ETA {_clock(eta)}",
                  file=self.stream, flush=True)


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m{s:02d}s" if h else f"{m}m{s:02d}s"


@dataclass
class BatchResult:
    """What a batch did: its summary, and why it stopped early if it did."""

    summary: dict
    interrupted: bool = False
    runner_error: str = ""
    paths: dict = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.summary["ok"] == self.summary["scenes"]


def _lock(out: Path):
    """Hold ``DIR/.batch.lock`` for the batch (two batches must not write one folder)."""
    import fcntl

    fh = (out / LOCK).open("a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise BatchError(EXIT_OUTPUT, f"another batch is writing to {out} (it holds {out / LOCK}); wait for it or choose another --out") from None
    return fh


def run_batch(prompts: list[str], seeds: list[int], out: Path, settings, *, samples: int = 1, render: bool = False, resolution: int = 640,
              exports: tuple[str, ...] = (), address: str | None = None, workers: int | None = None, err: TextIO | None = None) -> BatchResult:
    """Make every (prompt, seed) scene not yet complete in ``out`` and return the result. Raises
    BatchError (with its exit code) when the batch cannot start."""
    from . import batch_scenes as B
    from .batch_report import contact_sheet, summarize
    from .batch_runner import RunnerError, import_ray, run_tasks

    err = err or sys.stderr
    try:
        import_ray()
    except RunnerError as exc:
        raise BatchError(EXIT_BACKEND, f"batch needs Ray: {exc}") from None
    problem = prepare_out_dir(out)
    if problem:
        raise BatchError(EXIT_OUTPUT, problem)
    out = out.resolve()
    lock = _lock(out)
    try:
        token = f"{os.uname().nodename}-{os.getpid()}-{time.time_ns()}"
        (out / B.TOKEN).write_text(token + "\n", encoding="utf-8")
        (out / B.SCENES_DIR).mkdir(exist_ok=True)
        B.clean_leftovers(out)
        cfg = B.BatchConfig(str(out), settings, samples=samples, render=render, resolution=resolution, exports=tuple(exports), token=token)
        specs = list({s.key: s for s in (B.SceneSpec(p, seed, settings.name) for p in prompts for seed in seeds)}.values())
        done = {s.key: row for s in specs if (row := B.verify_scene(out, s, cfg)) is not None}
        todo = [s for s in specs if s.key not in done]
        manifest = out / B.MANIFEST
        keys = {s.key for s in specs}
        others = [r for r in B.read_manifest(manifest) if r["key"] not in keys and r.get("status") == "ok"
                  and (out / (r.get("paths") or {}).get("folder", "-") / B.RECORD).is_file()]
        others = list({r["key"]: r for r in others}.values())
        B.write_manifest(manifest, [done[s.key] for s in specs if s.key in done] + others)
        print(f"[batch] {len(specs)} scenes ({len(prompts)} prompts x {len(seeds)} seeds, backend {settings.name}): "
              f"{len(done)} already complete, {len(todo)} to make", file=err, flush=True)

        made: dict[str, dict] = {}
        start: dict = {}
        interrupted, runner_error = False, ""
        progress = Progress(len(todo), err)
        began = time.perf_counter()

        def on_start(info: dict) -> None:
            start.update(info)
            progress.start()
            print(f"[batch] {info['workers']} worker(s) on {info['nodes']} node(s) ready after {info['startup_s']:.1f} s",
                  file=err, flush=True)

        results = run_tasks(todo, partial(B.setup_worker, cfg), B.make_scene, workers=workers, engine="ray", address=address,
                            log=lambda msg: print(f"[batch] {msg}", file=err, flush=True), on_start=on_start)
        try:
            for item in results:
                row = item.result if isinstance(item.result, dict) else B.failed_row(item.task, cfg, item.error, item.worker)
                made[row["key"]] = row
                B.append_row(manifest, row)
                progress.update(row["status"] == "ok")
        except KeyboardInterrupt:
            interrupted = True
            print(f"[batch] interrupted: {len(todo) - len(made)} scenes not made; run the same command again to finish",
                  file=err, flush=True)
        except RunnerError as exc:
            if not made and not start:  # nothing ran: the cluster or the workers could not start
                raise BatchError(EXIT_BACKEND, str(exc)) from None
            runner_error = str(exc)
            print(f"[batch] stopped: {exc}", file=err, flush=True)
        finally:
            results.close()
        wall_s = time.perf_counter() - began

        rows = [done.get(s.key) or made.get(s.key) for s in specs]
        rows = [r for r in rows if r is not None]
        B.write_manifest(manifest, rows + others)
        summary = summarize(rows, len(specs), skipped=len(done), this_run=list(made.values()), wall_s=wall_s, start=start)
        summary.update(prompts=len(prompts), seeds=len(seeds), backend=settings.name, render=render, exports=list(exports),
                       interrupted=interrupted, runner_error=runner_error)
        (out / SUMMARY).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
        tiles = contact_sheet(out, rows, out / SHEET)
        paths = {"manifest": str(manifest), "summary": str(out / SUMMARY), "contact_sheet": str(out / SHEET) if tiles else ""}
        return BatchResult(summary, interrupted, runner_error, paths)
    finally:
        lock.close()


def cmd_batch(args: argparse.Namespace) -> int:
    from .batch_report import format_summary
    from .cli_agent import _settings
    from .export import FORMATS

    exports = tuple(dict.fromkeys(f.strip().lower() for f in (args.export or "").split(",") if f.strip()))
    unknown = [f for f in exports if f not in FORMATS]
    if unknown:
        print(f"unknown export format(s) {', '.join(unknown)}; expected some of {','.join(FORMATS)}", file=sys.stderr)
        return EXIT_INVALID
    if (args.workers is not None and args.workers < 1) or args.samples < 1:
        print("--workers and --samples must be 1 or more", file=sys.stderr)
        return EXIT_INVALID
    try:
        prompts = read_prompts(Path(args.prompts))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"cannot read the prompts file {args.prompts}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if not prompts:
        print(f"{args.prompts} holds no prompt (one a line; lines starting with # are skipped)", file=sys.stderr)
        return EXIT_INVALID
    if args.threads is None:
        args.threads = 1  # one scene per CPU: the local model gets one thread per worker (llama.cpp's default is half the cores)
    try:
        result = run_batch(prompts, args.seeds, Path(args.out), _settings(args), samples=args.samples, render=args.render,
                           resolution=args.resolution, exports=exports, address=args.address, workers=args.workers)
    except BatchError as exc:
        print(exc, file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:  # before any scene started (while checking the finished ones)
        print("interrupted before any scene was made", file=sys.stderr)
        return 130
    print(format_summary(result.summary))
    print("manifest: {manifest}\nsummary: {summary}".format(**result.paths) +
          (f"\ncontact sheet: {result.paths['contact_sheet']}" if result.paths["contact_sheet"] else ""))
    if result.interrupted:
        return 130
    return 0 if result.complete else EXIT_INCOMPLETE


def register(sub) -> None:
    """Add the ``batch`` subcommand (Ray is imported only when it runs)."""
    from .agent.pipeline import BACKEND_NAMES, PICKS, BackendSettings

    p = sub.add_parser("batch", help="prompts x seeds -> one run folder per scene, on Ray (local, or a cluster with --address)",
                       description=__doc__.split("\n\n")[0])
    p.add_argument("prompts", metavar="PROMPTS_FILE", help="one prompt a line (# comments), or a .tsv with an 'instruction' column")
    p.add_argument("--seeds", type=_seeds_arg, default=[0], help="seeds of every prompt: 0-99, 3, 0,2,5-7 (default 0)")
    p.add_argument("--out", required=True, help="the batch folder (created; a rerun into it skips complete scenes)")
    p.add_argument("--backend", choices=BACKEND_NAMES, help="default: the same as generate's (the teacher)")
    p.add_argument("--export", help="simulator exports per scene, comma separated: sdf,urdf,mjcf")
    p.add_argument("--render", action="store_true", help="also write scene.blend and preview.png (Blender; about 2 s a scene)")
    p.add_argument("--resolution", type=int, default=640, help="preview height in pixels (with --render)")
    p.add_argument("--address", help="a Ray cluster: auto (one started here with `ray start --head`), HOST:PORT or ray://HOST:PORT; "
                                     "default: a local Ray started in this process")
    p.add_argument("--workers", type=int, help="scenes made at once (default: every core, or every CPU of the cluster)")
    p.add_argument("--samples", type=int, default=1, help="trajectories sampled per scene; one is kept (--pick)")
    p.add_argument("--pick", choices=[k for k, _, _ in PICKS], default="score")
    p.add_argument("--discriminator", help="the discriminator for --pick discriminator: a ranker file (.json) or a discriminator GGUF")
    p.add_argument("--model", help="a GGUF file for the local backend (loaded once per worker)")
    p.add_argument("--url", help="an OpenAI-compatible server for the http backend")
    p.add_argument("--http-model", default=BackendSettings.http_model)
    p.add_argument("--threads", type=int, default=None, help="llama.cpp threads per worker (default 1)")
    p.add_argument("--no-steer", action="store_true", help="local model: no requirement steering")
    p.set_defaults(func=cmd_batch)
