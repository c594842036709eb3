"""Command-line subcommands of the agent: ``generate`` (prompt -> run folder) and ``bench``
(the ten template rooms with every available backend)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

TEMPLATE_ROOMS = ("bedroom", "living room", "kitchen", "gym", "restaurant", "bathroom", "children room", "meeting room", "office", "waiting room")
EXIT_INVALID, EXIT_BACKEND, EXIT_OUTPUT = 2, 4, 3


def _backend(args: argparse.Namespace):
    from .agent.generate import default_backend_name, make_backend

    name = args.backend or default_backend_name()
    return make_backend(name, model=args.model, url=args.url, http_model=args.http_model, threads=args.threads)


def cmd_generate(args: argparse.Namespace) -> int:
    from .agent.backend import BackendError
    from .agent.generate import generate_room, write_run
    from .agent.rules import PromptError
    from .cli import prepare_out_dir

    out = Path(args.out)
    problem = prepare_out_dir(out)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_OUTPUT
    try:
        backend = _backend(args)
        generated = generate_room(args.prompt, backend, seed=args.seed, samples=args.samples)
    except PromptError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    except BackendError as exc:
        print(f"backend error: {exc}", file=sys.stderr)
        return EXIT_BACKEND
    write_run(generated, out, blender=not args.no_blender, resolution=args.resolution)
    m = generated.metrics
    g = m["grades"]
    print(f"{m['n_obj']} objects, #OB {m['n_oob']}, #CN {m['n_collision_pairs']}, grades R{g['realism']} F{g['functionality']} "
          f"L{g['layout']} C{g['completion']}, generated in {m['generation_s']:.2f} s by {m['backend']} -> {out}")
    return 0


def available_backends(args: argparse.Namespace) -> list[str]:
    from .agent.generate import DEFAULT_MODEL

    names = ["rules", "teacher"]
    if args.model or DEFAULT_MODEL.exists():
        names.append("local")
    if args.url:
        names.append("http")
    return names


def cmd_bench(args: argparse.Namespace) -> int:
    from .agent.backend import BackendError
    from .agent.generate import generate_room, make_backend

    rooms = TEMPLATE_ROOMS[: args.rooms]
    print(f"{'backend':<8} {'room':<14} {'#Obj':>5} {'#OB':>4} {'#CN':>4} {'Real':>4} {'Func':>4} {'Lay':>4} {'Comp':>4} {'seconds':>8}")
    summary = {}
    for name in available_backends(args):
        try:
            backend = make_backend(name, model=args.model, url=args.url, http_model=args.http_model, threads=args.threads)
        except BackendError as exc:
            print(f"{name:<8} unavailable: {exc}")
            continue
        rows = []
        for room in rooms:
            start = time.perf_counter()
            try:
                m = generate_room(f"Design me a {room}", backend, seed=args.seed).metrics
            except BackendError as exc:
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
    p.add_argument("--backend", choices=("local", "http", "teacher", "rules"), help="default: the shipped model if present, else the teacher")
    p.add_argument("--model", help="a GGUF file for the local backend")
    p.add_argument("--url", help="an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1")
    p.add_argument("--http-model", default="default", help="model name sent to the server")
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
