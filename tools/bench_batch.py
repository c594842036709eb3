"""Batch generation speed on this machine: scenes per minute with 1 and 2 Ray workers (and their
ratio), against a plain loop that makes the same scenes one after another in one process the way
``generate`` does (``Pipeline.run`` + ``run_folder.write_run``, + the exports when asked).

    .venv/bin/python tools/bench_batch.py [--prompts 4] [--seeds 3] [--backend teacher] [--render] [--export sdf,urdf,mjcf]

Each row makes the same scenes into a fresh folder. "after start-up" leaves out starting Ray and
its workers (paid once per batch); "in a worker" is the mean time a worker spent on one scene
(generation, files, exports, the folder's hashes). The overhead per scene is the 1-worker batch's
time per scene after start-up minus the plain loop's; the part of it outside the workers is Ray's
dispatch and the manifest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sceneorchestra_addon.agent.pipeline import BackendSettings, Pipeline  # noqa: E402
from sceneorchestra_addon.agent.prompt_sets import TEMPLATE_ROOMS  # noqa: E402
from sceneorchestra_addon.cli_batch import run_batch  # noqa: E402
from sceneorchestra_addon.run_folder import write_run  # noqa: E402


def plain_loop(prompts: list[str], seeds: list[int], settings: BackendSettings, out: Path, render: bool, exports: tuple[str, ...]) -> float:
    """Seconds to make every scene in this process, one after another (what a shell loop over
    ``generate`` does, without paying the interpreter's start-up per scene)."""
    from sceneorchestra_addon.export import export_scene

    pipeline = Pipeline(settings)
    started = time.perf_counter()
    for prompt in prompts:
        for seed in seeds:
            folder = out / f"{len(list(out.iterdir())):04d}"
            folder.mkdir(parents=True)
            generated = pipeline.run(prompt, seed=seed)
            write_run(generated, folder, blender=render)
            for fmt in exports:
                export_scene(generated.execution.state, folder / "export" / fmt, fmt=fmt)
    return time.perf_counter() - started


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prompts", type=int, default=4, help="how many of the ten 'Design me a <room>' prompts")
    ap.add_argument("--seeds", type=int, default=3, help="seeds 0..n-1 of each prompt")
    ap.add_argument("--backend", default="teacher")
    ap.add_argument("--render", action="store_true", help="also scene.blend and preview.png (Blender) for every scene")
    ap.add_argument("--export", default="", help="comma-separated simulator formats per scene")
    args = ap.parse_args(argv)
    prompts = [f"Design me a {room}" for room in TEMPLATE_ROOMS[: args.prompts]]
    seeds = list(range(args.seeds))
    exports = tuple(f for f in args.export.split(",") if f)
    settings = BackendSettings(args.backend, n_threads=1)
    n = len(prompts) * len(seeds)
    print(f"{n} scenes ({len(prompts)} prompts x {len(seeds)} seeds), backend {args.backend}, render {args.render}, "
          f"exports {','.join(exports) or 'none'}, {os.cpu_count()} CPUs")
    rows = []
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        (work / "plain").mkdir()
        plain_s = plain_loop(prompts, seeds, settings, work / "plain", args.render, exports)
        rows.append(("plain generate loop, 1 process", plain_s, 0.0, plain_s / n))
        for workers in (1, 2):
            with open(os.devnull, "w") as quiet:
                result = run_batch(prompts, seeds, work / f"batch{workers}", settings, render=args.render, exports=exports,
                                   workers=workers, err=quiet)
            s = result.summary
            if s["ok"] != n:
                print(f"batch with {workers} worker(s): {s['failed']} failed, {s['not_run']} not run", file=sys.stderr)
                return 1
            rows.append((f"batch on Ray, {workers} worker{'s' if workers > 1 else ''}", s["wall_s"], s["startup_s"], s["mean_scene_s"]))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'':32} {'wall s':>7} {'start-up s':>10} {'scenes/min':>10} {'after start-up':>14} {'s/scene':>8} {'in a worker':>11}")
    per_min = {}
    for name, wall, startup, in_worker in rows:
        busy = wall - startup
        per_min[name] = (60 * n / wall, 60 * n / busy)
        print(f"{name:32} {wall:7.1f} {startup:10.1f} {per_min[name][0]:10.1f} {per_min[name][1]:14.1f} {busy / n:8.2f} {in_worker:11.2f}")
    one, two = per_min[rows[1][0]], per_min[rows[2][0]]
    print(f"2 workers / 1 worker: {two[0] / one[0]:.2f}x ({two[1] / one[1]:.2f}x after start-up)")
    plain_per_scene = rows[0][1] / n
    batch_per_scene = (rows[1][1] - rows[1][2]) / n
    print(f"overhead per scene of the batch (1 worker, after start-up) over the plain loop: {batch_per_scene - plain_per_scene:+.2f} s "
          f"({batch_per_scene:.2f} s vs {plain_per_scene:.2f} s; of it, Ray's dispatch and the manifest: "
          f"{batch_per_scene - rows[1][3]:+.2f} s, the rest is inside the worker); Ray start-up {rows[1][2]:.1f} s once per batch")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
