"""The ``evaluate`` subcommand: every metric of a scene as JSON, and its review image.

``python -m sceneorchestra_addon evaluate DIR_OR_scene.json [--instruction TEXT | --specs FILE]
[--runtime-s S] [--review PNG] [--vlm-url URL --vlm-model NAME]``

DIR is a run folder (``run --out DIR``) holding ``scene.json``; review.png is written next to the
scene file unless ``--review`` says where. Specs files hold one spec per line (``#`` comments) or a
JSON list of spec strings. The VLM judge may also be configured with ``SCENEORCHESTRA_VLM_URL``,
``SCENEORCHESTRA_VLM_MODEL`` and ``SCENEORCHESTRA_VLM_API_KEY``. Exit codes: 0 success, 2 invalid
input (the problem on stderr), 3 the review image could not be written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .cli_common import EXIT_INVALID, EXIT_OUTPUT


def _scene_path(target: Path) -> Path:
    return target / "scene.json" if target.is_dir() else target


def _read_specs(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        data = json.loads(text)
        if not isinstance(data, list) or not all(isinstance(s, str) for s in data):
            raise ValueError(f"{path}: a JSON specs file must be a list of spec strings")
        return data
    return text.splitlines()


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .core.metrics import SpecError, VlmJudge, evaluate, parse_specs, review_image
    from .ground.state import StateError
    from .ground.suite import SuiteState, load_scene

    scene_path = _scene_path(Path(args.target))
    try:
        state = load_scene(scene_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read {scene_path}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except StateError as exc:
        print(f"{scene_path}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if isinstance(state, SuiteState):
        return _evaluate_suite(state, scene_path, args)
    if state.room is None:
        print(f"{scene_path}: the scene has no room", file=sys.stderr)
        return EXIT_INVALID
    specs = None
    if args.specs:
        try:
            specs = parse_specs(_read_specs(Path(args.specs)))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            print(f"cannot use specs {args.specs}: {exc}", file=sys.stderr)
            return EXIT_INVALID
    judge = VlmJudge(args.vlm_url, args.vlm_model) if args.vlm_url else VlmJudge.from_env()
    try:
        result = evaluate(state, instruction=args.instruction, specs=specs, runtime_s=args.runtime_s, judge=judge)
    except SpecError as exc:
        print(f"the instruction gave invalid specs: {exc}", file=sys.stderr)
        return EXIT_INVALID
    return _write_review(review_image(state, result), result, scene_path, args)


def _write_review(image, result, scene_path: Path, args: argparse.Namespace) -> int:
    """Save the review image (``--review``, else beside the scene) and print the report as JSON."""
    review = Path(args.review) if args.review else scene_path.parent / "review.png"
    try:
        image.save(review)
    except OSError as exc:
        print(json.dumps(result.to_dict(), indent=1))
        print(f"cannot write {review}: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    print(json.dumps(result.to_dict(), indent=1))
    return 0


def _evaluate_suite(suite, scene_path: Path, args: argparse.Namespace) -> int:
    """A scene of several rooms: each room against the requirements the instruction addresses to
    it (``core.plan_reader``), the totals and the reachability (``core.metrics.suite``)."""
    from .agent.pipeline import plan_specs
    from .core.metrics.suite import evaluate_suite, suite_review_image
    from .core.plan_reader import read_plan

    if args.specs:
        print("--specs gives one room's specs; for a scene of several rooms give --instruction (each room gets its own)", file=sys.stderr)
        return EXIT_INVALID
    rooms = plan_specs(read_plan(args.instruction), suite) if args.instruction else {}
    result = evaluate_suite(suite, rooms, runtime_s=args.runtime_s)
    return _write_review(suite_review_image(suite, result), result, scene_path, args)


def register(subparsers) -> None:
    """Add the ``evaluate`` subcommand (sets ``func``)."""
    p = subparsers.add_parser("evaluate", help="measure a scene (SceneWeaver, SceneEval, fidelity, critic grades, scores) as JSON; write review.png")
    p.add_argument("target", help="a run folder holding scene.json, or a scene JSON file")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--instruction", help="the instruction the scene was made for (specs are extracted from it)")
    group.add_argument("--specs", help="a file of specs: one per line (eq,2,chair / ge,1,face,sofa,tv / eq,1,against,bed,wall) or a JSON list")
    p.add_argument("--runtime-s", type=float, default=0.0, help="seconds the scene took to make (for the composition score)")
    p.add_argument("--review", help="where to write the review image (default: review.png next to the scene)")
    p.add_argument("--vlm-url", help="OpenAI-compatible base URL of a VLM judge that replaces the critic's grades")
    p.add_argument("--vlm-model", default="default", help="model name sent to the VLM judge")
    p.set_defaults(func=cmd_evaluate)
