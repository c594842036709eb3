"""The ``understand`` subcommand: what the reader makes of a prompt.

``python -m sceneorchestra_addon understand "PROMPT"`` prints the Request as JSON, then one spec per
line (the specs the evaluator checks), then the nouns the catalogue lacks. Exit code 2, with the
message every other command gives, for an empty prompt or one that names no room.
"""

from __future__ import annotations

import argparse
import sys

from .cli_common import EXIT_INVALID


def cmd_understand(args: argparse.Namespace) -> int:
    from .agent.rules import PromptError, understand

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
