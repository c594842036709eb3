"""Command-line subcommands of the agent: ``generate`` (prompt -> run folder) and ``bench``
(the ten template rooms with every available backend)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from .agent.prompt_sets import TEMPLATE_ROOMS, read_instructions
from .cli_common import EXIT_BACKEND, EXIT_INVALID, EXIT_OUTPUT, prepare_out_dir


def _settings(args: argparse.Namespace):
    from .agent.pipeline import BackendSettings

    return BackendSettings(args.backend or "", args.model or "", url=args.url or BackendSettings.url,
                           http_model=args.http_model or BackendSettings.http_model, n_threads=args.threads or 0,
                           pick=getattr(args, "pick", None) or "score", discriminator_path=getattr(args, "discriminator", "") or "",
                           steer=not args.no_steer)


def cmd_generate(args: argparse.Namespace) -> int:
    from .agent.pipeline import Pipeline, user_errors
    from .agent.rules import PromptError
    from .run_folder import write_run

    refused = _refused(args)
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_INVALID
    if args.undo_dir:
        return _undo(args)
    if args.continue_dir:
        return _continue(args)
    if not args.prompt:
        print("generate: a prompt is required (or --continue RUN_DIR \"FOLLOW-UP\", or --undo RUN_DIR)", file=sys.stderr)
        return EXIT_INVALID
    if not args.out:
        print("generate: --out DIR is required (or --continue RUN_DIR)", file=sys.stderr)
        return EXIT_INVALID
    out = Path(args.out)
    existed = out.exists()
    problem = prepare_out_dir(out)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_OUTPUT
    if args.model and (args.backend or "") not in ("", "local"):
        print(f"note: --model is for the local backend; the {args.backend} backend does not use {args.model}", file=sys.stderr)
    try:
        generated = Pipeline(_settings(args)).run(args.prompt, seed=0 if args.seed is None else args.seed,
                                                  samples=1 if args.samples is None else args.samples)
    except (PromptError, *user_errors()) as exc:
        if not existed and out.is_dir() and not any(out.iterdir()):
            out.rmdir()  # the folder this run made, left empty: nothing to keep
        if isinstance(exc, PromptError):
            print(exc, file=sys.stderr)
            return EXIT_INVALID
        print(f"backend error: {exc}", file=sys.stderr)
        return EXIT_BACKEND
    stale = _stale_blender_outputs(out, args)
    m = write_run(generated, out, blender=not args.no_blender, resolution=args.resolution, prompt=args.prompt)
    _report_removed(stale, "generate")
    g = m["grades"]
    print(f"{m['n_obj']} objects, #OB {m['n_oob']}, #CN {m['n_collision_pairs']}, grades R{g['realism']} F{g['functionality']} "
          f"L{g['layout']} C{g['completion']}, generated in {m['generation_s']:.2f} s by {m['backend']} -> {out}")
    from .core.metrics.specs import in_words

    met = sum(1 for r in m["requirements"] if r["satisfied"])
    if m["requirements"]:
        print(f"requirements met: {met} of {len(m['requirements'])}" + "".join(
            f"\n  not met: {in_words(r['spec'])} ({r['detail']})" for r in m["requirements"] if not r["satisfied"]))
    for note in generated.notes():
        print(note)
    _note_rooms(args.prompt, generated.execution.state, m)
    return 0


def _note_rooms(prompt: str, state, metrics: dict) -> None:
    """Name the rooms of a scene of several rooms; say so when the prompt asks for several rooms
    but the backend built one (a model backend: ``agent.pipeline``)."""
    from .core.plan_reader import read_plan

    from .core.metrics.physical import counts
    from .ground.suite import SuiteState

    if isinstance(state, SuiteState):
        print("rooms: " + ", ".join(f"{n} ({sum(map(counts, state.state(n).objects))} objects)" for n in state.names)  # as n_obj counts
              + ("; every room reachable from the entrance" if metrics.get("all_reachable") else
                 f"; not reachable from the entrance: {', '.join(metrics.get('unreachable', ()))}"))
        return
    plan = read_plan(prompt)
    if plan is not None and len(plan.rooms) > 1 and state.room is not None:
        asked = ", ".join(r.room_type.replace("_", " ") for r in plan.rooms)
        print(f"note: the prompt asks for several rooms ({asked}); this backend writes one room: this is a "
              f"{state.room.room_type.replace('_', ' ')} (the teacher and rules backends build every room)", file=sys.stderr)


# The options of a fresh generation (dest, flag); a continued run takes none of them: --continue and
# --undo re-execute the folder's own trajectory with its own seed (metrics.json), and a follow-up is
# read by core.followup, not by a backend.
_GENERATION_OPTIONS = (("out", "--out"), ("backend", "--backend"), ("seed", "--seed"), ("samples", "--samples"), ("pick", "--pick"),
                       ("discriminator", "--discriminator"), ("model", "--model"), ("url", "--url"), ("http_model", "--http-model"),
                       ("threads", "--threads"), ("no_steer", "--no-steer"))


def _refused(args: argparse.Namespace) -> str:
    """The one-line reason a combination of ``generate``'s arguments is refused ("" when none is):
    --continue with --undo, a prompt with --undo, an empty follow-up, or an option of a fresh
    generation with either (it would be ignored: RUN_DIR is rewritten with its own seed and backend)."""
    if args.continue_dir and args.undo_dir:
        return "generate: --continue and --undo cannot go together (one step at a time: a follow-up, or the last one taken out)"
    mode = "--continue" if args.continue_dir else "--undo" if args.undo_dir else ""
    if not mode:
        return ""
    if args.undo_dir and args.prompt:
        return (f"generate: --undo RUN_DIR takes no prompt (got {args.prompt!r}); to apply a follow-up: "
                f"--continue RUN_DIR {args.prompt!r}")
    given = [flag for dest, flag in _GENERATION_OPTIONS if getattr(args, dest, None) is not None and getattr(args, dest, None) is not False]
    if given:
        return (f"generate {mode}: {', '.join(given)} cannot be given: a continued run always uses the folder's own seed and "
                "backend (metrics.json) and RUN_DIR itself is rewritten (copy the folder first to keep it as it is)")
    if args.continue_dir and not args.prompt.strip():
        return 'generate --continue: the follow-up is empty; give it after RUN_DIR, e.g. --continue RUN_DIR "add a rug"'
    return ""


def _stale_blender_outputs(folder: Path, args: argparse.Namespace) -> list[str]:
    """The Blender outputs already in ``folder`` that a --no-blender step removes (``write_run``)."""
    from .run_folder import BLENDER_OUTPUTS

    return [name for name in BLENDER_OUTPUTS if args.no_blender and (folder / name).is_file()]


def _report_removed(names: list[str], step: str) -> None:
    if names:
        print(f"removed the stale {' and '.join(names)} (they showed the room before this step; --no-blender writes neither): "
              f"run {step} without --no-blender to have them written")


def _continue(args: argparse.Namespace) -> int:
    """``generate --continue RUN_DIR "FOLLOW-UP"``: the follow-up's calls appended to the run
    folder's trajectory before terminate, re-executed with its seed, the folder rewritten."""
    from .run_folder import continue_run

    def step(run_dir: Path, blender: bool) -> tuple[dict, str]:
        m, calls = continue_run(run_dir, args.prompt, blender=blender, resolution=args.resolution)
        return m, "\n".join(f"+ {c}" for c in calls)

    return _rewrite_folder(Path(args.continue_dir), args, step)


def _rewrite_folder(run_dir: Path, args: argparse.Namespace, step) -> int:
    """Run ``step(run_dir, blender)`` (a follow-up or an undo: it rewrites the folder and returns the
    metrics and what to print) on a run folder checked first; a follow-up error changes nothing."""
    from .core.followup import FollowUpError

    problem = _run_folder_problem(run_dir)
    if problem:
        return problem
    stale = _stale_blender_outputs(run_dir, args)
    try:
        m, said = step(run_dir, not args.no_blender)
    except FollowUpError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    _report_removed(stale, "the next --continue or --undo")
    print(said)
    print(f"{m['n_obj']} objects, #OB {m['n_oob']}, #CN {m['n_collision_pairs']} -> {run_dir}")
    return 0


def _run_folder_problem(run_dir: Path) -> int:
    """0 for a writable run folder, else the exit code (the reason printed)."""
    if not (run_dir / "trajectory.txt").is_file() or not (run_dir / "metrics.json").is_file():
        print(f"{run_dir} is not a run folder (no trajectory.txt and metrics.json)", file=sys.stderr)
        return EXIT_INVALID
    problem = prepare_out_dir(run_dir)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_OUTPUT
    return 0


def _undo(args: argparse.Namespace) -> int:
    """``generate --undo RUN_DIR``: the last follow-up taken out of the run folder (its calls, its
    line of followups.jsonl), the folder rewritten as it was before it."""
    from .run_folder import undo_run

    def step(run_dir: Path, blender: bool) -> tuple[dict, str]:
        m, entry = undo_run(run_dir, blender=blender, resolution=args.resolution)
        return m, f"undone: {entry['instruction']}" + "".join(f"\n- {c}" for c in entry.get("calls", ()))

    return _rewrite_folder(Path(args.undo_dir), args, step)


def available_backends(args: argparse.Namespace) -> list[str]:
    from .agent.pipeline import shipped_model

    names = ["rules", "teacher"]
    if args.model or shipped_model() is not None:
        names.append("local")
    if args.url:
        names.append("http")
    return names


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.mean(values) if values else None


def _fmt(value: float | None, width: int = 5) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.2f}"


def cmd_bench(args: argparse.Namespace) -> int:
    """Every prompt with every available backend: objects, #OB, #CN, instruction fidelity (CNT, OOR,
    OAR against the file's specs, or the specs read from the prompt), grades and seconds."""
    from dataclasses import replace

    from .agent.pipeline import Pipeline, user_errors
    from .core.metrics import evaluate

    if args.instructions:
        try:
            prompts = read_instructions(Path(args.instructions))
        except (OSError, ValueError) as exc:
            print(f"cannot read {args.instructions}: {exc}", file=sys.stderr)
            return EXIT_INVALID
    else:
        prompts = [(f"Design me a {room}", None) for room in TEMPLATE_ROOMS[: args.rooms]]
    names = args.backends.split(",") if args.backends else available_backends(args)
    print(f"{'backend':<8} {'prompt':<40} {'#Obj':>5} {'#OB':>4} {'#CN':>4} {'CNT':>5} {'OOR':>5} {'OAR':>5} "
          f"{'Real':>4} {'Func':>4} {'Lay':>4} {'Comp':>4} {'seconds':>8}")
    summary = {}
    for name in names:
        pipeline = Pipeline(replace(_settings(args), backend=name))
        rows = []
        for prompt, specs in prompts:
            start = time.perf_counter()
            try:
                generated = pipeline.run(prompt, seed=args.seed)
            except user_errors() as exc:
                print(f"{name:<8} {prompt[:40]:<40} failed: {exc}")
                continue
            seconds = time.perf_counter() - start
            r = generated.report if specs is None else evaluate(generated.execution.state, specs=specs)
            g = r.grades
            rows.append((r.n_obj, r.n_oob, r.n_collision_pairs, r.cnt, r.oor, r.oar, g["realism"], g["functionality"], g["layout"],
                         g["completion"], seconds))
            print(f"{name:<8} {prompt[:40]:<40} {r.n_obj:>5} {r.n_oob:>4} {r.n_collision_pairs:>4} {_fmt(r.cnt)} {_fmt(r.oor)} {_fmt(r.oar)} "
                  f"{g['realism']:>4} {g['functionality']:>4} {g['layout']:>4} {g['completion']:>4} {seconds:>8.2f}")
        if rows:
            summary[name] = ([_mean(col) for col in zip(*rows)], statistics.median(r[-1] for r in rows), len(rows),
                             sum(1 for r in rows if r[1] or r[2]))
    print(f"\nmeans over {len(prompts)} prompts (CNT, OOR, OAR over the prompts that have such specs; seconds: median)")
    teacher_s = summary.get("teacher", (None, None))[1]
    for name, (m, median_s, n, dirty) in summary.items():
        ratio = f"  {teacher_s / median_s:.1f}x faster than the teacher" if teacher_s and name != "teacher" else ""
        print(f"{name:<8} #Obj {m[0]:.1f}  #OB {m[1]:.2f}  #CN {m[2]:.2f}  CNT {_fmt(m[3], 0)}  OOR {_fmt(m[4], 0)}  OAR {_fmt(m[5], 0)}  "
              f"Real {m[6]:.1f}  Func {m[7]:.1f}  Lay {m[8]:.1f}  Comp {m[9]:.1f}  {median_s:.2f} s  ({n} scenes, {dirty} with #OB or #CN){ratio}")
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    from .agent.pipeline import BACKEND_NAMES, SHIPPED_MODEL_IS_DEFAULT, BackendSettings

    default = ("the shipped model if present, else the teacher; a prompt of several rooms: the teacher" if SHIPPED_MODEL_IS_DEFAULT
               else "the teacher (the shipped model: local)")
    p.add_argument("--backend", choices=BACKEND_NAMES, help=f"default: {default}")
    p.add_argument("--model", help="a GGUF file for the local backend")
    p.add_argument("--url", help="an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1")
    p.add_argument("--http-model", default=BackendSettings.http_model, help="model name sent to the server")
    p.add_argument("--threads", type=int, default=None, help="CPU threads for llama.cpp (default: half the cores; 1 is fastest on a busy 2-core machine)")
    p.add_argument("--seed", type=int, default=0, help="default 0")
    p.add_argument("--no-steer", action="store_true",
                   help="local model: no requirement steering (the model alone decides how far it follows what the prompt asks)")


def register(sub) -> None:
    from .agent.pipeline import PICKS

    p = sub.add_parser("generate", help="prompt -> trajectory.txt, scene.json, scene.blend, preview.png, review.png, metrics.json")
    p.add_argument("prompt", nargs="?", default="", help="the prompt, or with --continue the follow-up instruction")
    p.add_argument("--out", help="the run folder to write (required unless --continue or --undo)")
    p.add_argument("--continue", dest="continue_dir", metavar="RUN_DIR",
                   help="apply the prompt as a follow-up to the room in RUN_DIR: its calls go before terminate, RUN_DIR is rewritten. "
                        "A continued run always uses the folder's own seed and backend: --out, --backend, --seed, --samples and "
                        "the other generation options are refused with it")
    p.add_argument("--undo", dest="undo_dir", metavar="RUN_DIR",
                   help="take the last follow-up out of RUN_DIR (its calls and its line of followups.jsonl), RUN_DIR is rewritten; "
                        "no prompt, and the same options as with --continue are refused")
    p.add_argument("--samples", type=int, help="trajectories to sample (default 1); one is chosen (--pick)")
    p.add_argument("--pick", choices=[k for k, _, _ in PICKS],
                   help="how one of several samples is chosen: build and grade each (score, the default), or the discriminator "
                        "ranks them unbuilt")
    p.add_argument("--discriminator", help="the discriminator for --pick discriminator: a ranker file (.json) or a GGUF (default: the shipped one)")
    p.add_argument("--resolution", type=int, default=640, help="the size in pixels of preview.png's renders (default 640)")
    p.add_argument("--no-blender", action="store_true",
                   help="no Blender: trajectory.txt, scene.json, review.png and metrics.json only; a scene.blend and preview.png "
                        "already in the folder (an earlier room's) are removed")
    _common(p)
    p.set_defaults(func=cmd_generate, seed=None, http_model=None)  # None: not given (refused with --continue / --undo)
    p = sub.add_parser("bench", help="prompts with each available backend: objects, #OB, #CN, CNT, OOR, OAR, grades, seconds")
    p.add_argument("--rooms", type=int, default=len(TEMPLATE_ROOMS), help="how many of the ten 'Design me a <room>' prompts")
    p.add_argument("--instructions", help="a tab-separated file with 'instruction' and 'specs' columns (e.g. tests/data/instructions.tsv)")
    p.add_argument("--backends", help="comma-separated backends (default: every available one)")
    _common(p)
    p.set_defaults(func=cmd_bench)
