"""Command-line subcommands about the catalogue: ``catalog`` (JSON) and ``catalog-sheet`` (a PNG).

``register(subparsers)`` adds both to the main CLI's argparse subparsers. bpy is imported only when
the sheet is rendered, so ``catalog`` runs without Blender.
"""

from __future__ import annotations

import argparse
import json
import sys

from .ground import catalog


def catalog_entries() -> list[dict]:
    """Every category as plain data, in catalogue order."""
    return [
        {
            "name": c.name,
            "rooms": list(c.rooms),
            "placement": c.placement,
            "typical_size_m": list(c.typical),
            "min_size_m": list(c.min_size),
            "max_size_m": list(c.max_size),
            "supports": list(c.supports),
            "articulated": c.articulated,
            "synonyms": list(c.synonyms),
        }
        for c in catalog.CATEGORIES
    ]


def cmd_catalog(args: argparse.Namespace) -> int:
    print(json.dumps(catalog_entries(), indent=1))
    return 0


def cmd_catalog_sheet(args: argparse.Namespace) -> int:
    try:
        from .blender.sheet import render_catalog_sheet
    except ImportError as exc:
        print(f"catalog-sheet needs Blender's bpy module: {exc}", file=sys.stderr)
        return 1
    report = render_catalog_sheet(args.out, seed=args.seed, width_px=args.width)
    print(f"{args.out}: {report['categories']} categories, {report['size'][0]}x{report['size'][1]} px, {report['total_s']:.1f} s")
    return 0


def register(subparsers) -> None:
    """Add the ``catalog`` and ``catalog-sheet`` subcommands (each sets ``func``)."""
    p = subparsers.add_parser("catalog", help="print every asset category as JSON")
    p.set_defaults(func=cmd_catalog)
    p = subparsers.add_parser("catalog-sheet", help="render one instance of every category into a labelled PNG")
    p.add_argument("--out", required=True, help="the PNG file to write")
    p.add_argument("--seed", type=int, default=0, help="seed of the sampled parameters")
    p.add_argument("--width", type=int, default=2400, help="picture width in pixels")
    p.set_defaults(func=cmd_catalog_sheet)
