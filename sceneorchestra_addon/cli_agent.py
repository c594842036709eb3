"""Command-line subcommands of the agent: ``generate`` (prompt -> run folder) and ``bench``
(the ten template rooms with every available backend)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from .cli_common import EXIT_BACKEND, EXIT_INVALID, EXIT_OUTPUT, prepare_out_dir

TEMPLATE_ROOMS = ("bedroom", "living room", "kitchen", "gym", "restaurant", "bathroom", "children room", "meeting room", "office", "waiting room")


def _settings(args: argparse.Namespace):
    from .agent.pipeline import BackendSettings

    return BackendSettings(args.backend or "", args.model or "", url=args.url or BackendSettings.url, http_model=args.http_model,
                           n_threads=args.threads or 0)


def cmd_generate(args: argparse.Namespace) -> int:
    from .agent.pipeline import Pipeline, user_errors
    from .agent.rules import PromptError
    from .run_folder import write_run

    out = Path(args.out)
    problem = prepare_out_dir(out)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_OUTPUT
    try:
        generated = Pipeline(_settings(args)).run(args.prompt, seed=args.seed, samples=args.samples)
    except PromptError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    except user_errors() as exc:
        print(f"backend error: {exc}", file=sys.stderr)
        return EXIT_BACKEND
    m = write_run(generated, out, blender=not args.no_blender, resolution=args.resolution)
    g = m["grades"]
    print(f"{m['n_obj']} objects, #OB {m['n_oob']}, #CN {m['n_collision_pairs']}, grades R{g['realism']} F{g['functionality']} "
          f"L{g['layout']} C{g['completion']}, generated in {m['generation_s']:.2f} s by {m['backend']} -> {out}")
    return 0


def available_backends(args: argparse.Namespace) -> list[str]:
    from .agent.pipeline import shipped_model

    names = ["rules", "teacher"]
    if args.model or shipped_model() is not None:
        names.append("local")
    if args.url:
        names.append("http")
    return names


def cmd_bench(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from .agent.pipeline import Pipeline, user_errors

    rooms = TEMPLATE_ROOMS[: args.rooms]
    print(f"{'backend':<8} {'room':<14} {'#Obj':>5} {'#OB':>4} {'#CN':>4} {'Real':>4} {'Func':>4} {'Lay':>4} {'Comp':>4} {'seconds':>8}")
    summary = {}
    for name in available_backends(args):
        pipeline = Pipeline(replace(_settings(args), backend=name))
        rows = []
        for room in rooms:
            start = time.perf_counter()
            try:
                m = pipeline.run(f"Design me a {room}", seed=args.seed).metrics()
            except user_errors() as exc:
                print(f"{name:<8} {room:<14} failed: {exc}")
                continue
            seconds = time.perf_counter() - start
            g = m["grades"]
            rows.append((m["n_obj"], m["n_oob"], m["n_collision_pairs"], g["realism"], g["functionality"], g["layout"], g["completion"], seconds))
            print(f"{name:<8} {room:<14} {m['n_obj']:>5} {m['n_oob']:>4} {m['n_collision_pairs']:>4} {g['realism']:>4} {g['functionality']:>4} "
                  f"{g['layout']:>4} {g['completion']:>4} {seconds:>8.2f}")
        if rows:
            means = [statistics.mean(col) for col in zip(*rows)]
            summary[name] = (means, statistics.median(r[-1] for r in rows))
    print("\nmeans over rooms (seconds: median)")
    teacher_s = summary.get("teacher", (None, None))[1]
    for name, (means, median_s) in summary.items():
        ratio = f"  {teacher_s / median_s:.1f}x faster than the teacher" if teacher_s and name != "teacher" else ""
        print(f"{name:<8} #Obj {means[0]:.1f}  #OB {means[1]:.1f}  #CN {means[2]:.1f}  Real {means[3]:.1f}  Func {means[4]:.1f}  "
              f"Lay {means[5]:.1f}  Comp {means[6]:.1f}  {median_s:.2f} s{ratio}")
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    from .agent.pipeline import BACKEND_NAMES, BackendSettings

    p.add_argument("--backend", choices=BACKEND_NAMES, help="default: the shipped model if present, else the teacher")
    p.add_argument("--model", help="a GGUF file for the local backend")
    p.add_argument("--url", help="an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1")
    p.add_argument("--http-model", default=BackendSettings.http_model, help="model name sent to the server")
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--seed", type=int, default=0)


def register(sub) -> None:
    p = sub.add_parser("generate", help="prompt -> trajectory.txt, scene.json, scene.blend, preview.png, review.png, metrics.json")
    p.add_argument("prompt")
    p.add_argument("--out", required=True)
    p.add_argument("--samples", type=int, default=1)
    p.add_argument("--resolution", type=int, default=640)
    p.add_argument("--no-blender", action="store_true")
    _common(p)
    p.set_defaults(func=cmd_generate)
    p = sub.add_parser("bench", help="the ten template rooms with each available backend: objects, #OB, #CN, grades, seconds")
    p.add_argument("--rooms", type=int, default=len(TEMPLATE_ROOMS))
    _common(p)
    p.set_defaults(func=cmd_bench)
