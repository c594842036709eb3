"""The ``understand`` subcommand: what the reader makes of a prompt.

``python -m sceneorchestra_addon understand "PROMPT"`` prints the Request as JSON, then one spec per
line (the specs the evaluator checks), then the nouns the catalogue lacks. A prompt of several rooms
(``core.plan_reader``) prints the plan request as JSON (the rooms, their words, requirements and
sizes, which rooms adjoin), then each room's specs as ``<room>: <spec>``. Exit code 2, with the
message every other command gives, for an empty prompt or one that names no room.
"""

from __future__ import annotations

import argparse
import sys

from .cli_common import EXIT_INVALID


def cmd_understand(args: argparse.Namespace) -> int:
    from .agent.pipeline import plan_unknown
    from .agent.rules import PromptError, understand
    from .core.plan_reader import read_plan
    from .core.suite_planner import room_request
    from .core.tools.init_plan import room_names

    plan = read_plan(args.prompt or "")
    if plan is not None:
        print(plan.to_json())
        names = room_names(tuple(r.room_type for r in plan.rooms))
        for name, room in zip(names, plan.rooms):
            for spec in room_request(plan, room).specs():
                print(f"{name}: {spec}")
        for noun in plan_unknown(plan):
            print(f"no '{noun}' in the catalogue: left out")
        return 0
    try:
        request = understand(args.prompt)
    except PromptError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    print(request.to_json())
    print("\n".join(request.specs()))
    for u in request.unknown:
        print(f"no '{u.noun}' in the catalogue: left out")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("understand", help="what the reader makes of a prompt: the Request as JSON, then its specs")
    p.add_argument("prompt")
    p.set_defaults(func=cmd_understand)
