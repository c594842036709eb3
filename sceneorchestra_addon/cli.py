"""The headless command line: ``python -m sceneorchestra_addon <command> ...``.

Commands: ``validate FILE``, ``grammar``, ``schema``, ``tools``, ``sample PROMPT``,
``run TRAJECTORY --out DIR [--seed N]``, ``catalog``, ``catalog-sheet --out FILE.png``,
``export DIR --format sdf|urdf|mjcf --out DIR``.
Exit codes: ``cli_common.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import cli_agent, cli_blender, cli_export, cli_metrics, cli_reader
from .core import grammar, trajectory
from .core.tools import SPECS
from .cli_common import EXIT_INVALID, EXIT_OUTPUT, prepare_out_dir



def _cmd_validate(args: argparse.Namespace) -> int:
    path = Path(args.file)
    traj = _read_trajectory(path)
    if traj is None:
        return EXIT_INVALID
    print(f"{path}: valid, {len(traj)} calls")
    return 0


def _cmd_grammar(args: argparse.Namespace) -> int:
    sys.stdout.write(grammar.gbnf())
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(grammar.schemas(), indent=2))
    return 0


def _param_text(p) -> str:
    if p.kind == "enum":
        kind = "|".join(p.choices) if len(p.choices) <= 8 else f"one of {len(p.choices)} names"
    elif p.kind == "tuple":
        kind = f"tuple of {p.item.ref or p.item.kind}"
    else:
        kind = p.ref or p.kind
    if p.lo is not None or p.hi is not None:
        kind += f" in [{p.lo}, {p.hi}]"
    default = "" if p.required else f" = {trajectory.format_value(p.default)}"
    return f"{p.name}: {kind}{default}"


def tool_table() -> str:
    """A plain-text table of the tools: group, name, parameters, description."""
    lines = []
    for spec in SPECS.values():
        lines.append(f"{spec.name}  [{spec.group}]")
        lines.append("    " + " ".join(spec.doc.split()))
        for p in spec.params:
            doc = f"  -- {p.doc}" if p.doc else ""
            lines.append(f"      {_param_text(p)}{doc}")
    return "\n".join(lines) + "\n"


def _cmd_tools(args: argparse.Namespace) -> int:
    sys.stdout.write(tool_table())
    return 0


def _cmd_sample(args: argparse.Namespace) -> int:
    from .agent.rules import PromptError, rules_trajectory

    try:
        sys.stdout.write(rules_trajectory(" ".join(args.prompt)))
    except PromptError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    return 0


def _read_trajectory(path: Path) -> trajectory.Trajectory | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read {path}: {exc}", file=sys.stderr)
        return None
    try:
        return trajectory.load(text)
    except trajectory.TrajectoryError as exc:
        for issue in exc.issues:
            print(issue, file=sys.stderr)
        return None


def _cmd_run(args: argparse.Namespace) -> int:
    from .core.executor import execute
    from .ground.suite import SuiteState

    traj = _read_trajectory(Path(args.trajectory))
    if traj is None:
        return EXIT_INVALID
    out = Path(args.out)
    problem = prepare_out_dir(out)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_OUTPUT
    started = time.perf_counter()
    ex = execute(traj, seed=args.seed)
    core_s = time.perf_counter() - started
    annotated = trajectory.format(ex.annotated())
    (out / "scene.json").write_text(ex.state.to_json(), encoding="utf-8")
    (out / "trajectory.txt").write_text(annotated, encoding="utf-8")
    if not args.no_blender:
        from .blender.outputs import write_blend_and_preview

        write_blend_and_preview(ex.state, trajectory.format(traj), out, resolution=args.resolution)
    failed = sum(1 for r in ex.results if r is not None and r.failure)
    objects = ex.state.object_count if isinstance(ex.state, SuiteState) else len(ex.state.objects)
    rooms = f" in {len(ex.state.names)} rooms" if isinstance(ex.state, SuiteState) else ""
    print(f"{objects} objects{rooms}, {failed} failed calls, executed in {core_s:.2f} s -> {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sceneorchestra_addon", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check a trajectory file; exit 2 with one line per problem")
    p.add_argument("file")
    p.set_defaults(func=_cmd_validate)
    sub.add_parser("grammar", help="print the GBNF grammar of a trajectory").set_defaults(func=_cmd_grammar)
    sub.add_parser("schema", help="print the JSON schemas of the tools").set_defaults(func=_cmd_schema)
    sub.add_parser("tools", help="print a table of the tools").set_defaults(func=_cmd_tools)
    p = sub.add_parser("sample", help="print a valid sample trajectory for the room a prompt names")
    p.add_argument("prompt", nargs="+")
    p.set_defaults(func=_cmd_sample)
    p = sub.add_parser("run", help="execute a trajectory headless: scene.json, scene.blend, trajectory.txt, preview.png")
    p.add_argument("trajectory")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--resolution", type=int, default=640, help="preview height in pixels")
    p.add_argument("--no-blender", action="store_true", help="write only scene.json and trajectory.txt")
    p.set_defaults(func=_cmd_run)
    cli_blender.register(sub)
    cli_export.register(sub)
    cli_agent.register(sub)
    cli_metrics.register(sub)
    cli_reader.register(sub)
    from . import cli_batch  # Ray itself is imported only when a batch runs (the optional `batch` extra)

    cli_batch.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
