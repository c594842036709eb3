"""The ``understand`` subcommand: what the reader finds in a prompt.

``python -m sceneorchestra_addon understand PROMPT...`` prints the Request as JSON (room type, size,
area, ceiling height, styles, density, the requirements and the object nouns the catalogue does not
know), then one spec per line in SceneEval's grammar. Exit codes: 0 success, 2 the prompt is empty
or names no room (the problem on stderr, as ``sample`` and ``generate`` say it).
"""

from __future__ import annotations

import argparse
import sys

EXIT_INVALID = 2


def cmd_understand(args: argparse.Namespace) -> int:
    from .core.reader import read
    from .ground import catalog

    prompt = " ".join(args.prompt)
    if not prompt.strip():
        print('the prompt is empty: describe a room, e.g. "Design me a bedroom"', file=sys.stderr)
        return EXIT_INVALID
    request = read(prompt)
    if request.room_type is None:
        print(f"no room type found in {prompt.strip()[:80]!r}; known: {', '.join(catalog.ROOM_TYPES)}", file=sys.stderr)
        return EXIT_INVALID
    print(request.to_json())
    for spec in request.specs():
        print(spec)
    return 0


def register(subparsers) -> None:
    """Add the ``understand`` subcommand (sets ``func``)."""
    p = subparsers.add_parser("understand", help="print what the reader finds in a prompt: the request as JSON, then its specs")
    p.add_argument("prompt", nargs="+")
    p.set_defaults(func=cmd_understand)
