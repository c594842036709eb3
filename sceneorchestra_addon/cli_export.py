"""The ``export`` subcommand: a scene (a run folder with scene.json, or a scene JSON file) -> a
simulator export folder (SDFormat world, URDFs, MJCF, OBJ meshes; see export/__init__.py).
The scene may be one room or several (a suite: every room in one world, where the plan puts it).

    python -m sceneorchestra_addon export out/bedroom --format sdf --out out/bedroom_sim
    python -m sceneorchestra_addon export scene.json --format urdf --collision parts --out sim/
    python -m sceneorchestra_addon export out/office --format mjcf --weld-movable --out sim/   # a static scene

Exit codes as the rest of the CLI: 0 success, 2 invalid input (unreadable or invalid scene),
3 the output could not be written. No Blender needed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .ground.state import SceneState, StateError
from .ground.suite import SuiteState
from .ground.suite import load_scene as parse_scene
from .export import COLLISIONS, FORMATS, MESH_FORMATS, ExportError, export_scene
from .cli_common import EXIT_INVALID, EXIT_OUTPUT

SCENE_FILE = "scene.json"


def scene_path(source: Path) -> Path:
    """The scene JSON a source names: the file itself, or ``scene.json`` inside a run folder."""
    return source / SCENE_FILE if source.is_dir() else source


def load_scene(source: Path) -> SceneState | SuiteState:
    """Read and validate a scene of one room or several; raises StateError with a message that
    names the file."""
    path = scene_path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        hint = f" (a run folder must hold {SCENE_FILE})" if source.is_dir() else ""
        raise StateError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}{hint}") from None
    try:
        return parse_scene(text)
    except StateError as exc:
        raise StateError(f"{path}: {exc}") from None


def cmd_export(args: argparse.Namespace) -> int:
    try:
        state = load_scene(Path(args.source))
    except StateError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    started = time.perf_counter()
    try:
        scene_file = export_scene(state, Path(args.out), fmt=args.format, include_room=not args.no_room, collision=args.collision,
                                  mesh_format=args.mesh_format, scene_name=args.name, weld_movable=args.weld_movable)
    except ExportError as exc:
        print(exc, file=sys.stderr)
        return EXIT_OUTPUT
    what = f"{state.object_count} objects in {len(state.rooms)} rooms" if isinstance(state, SuiteState) else f"{len(state.objects)} objects"
    print(f"{what} -> {scene_file} ({args.format}, {args.collision} collisions) in {time.perf_counter() - started:.2f} s")
    return 0


def register(subparsers) -> None:
    """Add the ``export`` subcommand to the main CLI's argparse subparsers (sets ``func``)."""
    p = subparsers.add_parser("export", help="export a scene to simulators: SDFormat world, URDFs or MJCF, with OBJ meshes")
    p.add_argument("source", help="a run folder holding scene.json, or a scene JSON file")
    p.add_argument("--format", choices=FORMATS, default="sdf", help="the scene file: SDFormat 1.9 world, one URDF, or MuJoCo MJCF (default sdf)")
    p.add_argument("--out", required=True, help="the export folder (created; an earlier export there is replaced)")
    p.add_argument("--collision", choices=COLLISIONS, default="boxes", help="one box per piece of each part, or convex meshes (default boxes)")
    p.add_argument("--mesh-format", choices=MESH_FORMATS, default="obj", help="mesh files (Drake reads only obj; default obj)")
    p.add_argument("--no-room", action="store_true", help="leave out the floor, walls, doors and windows")
    p.add_argument("--weld-movable", action="store_true",
                   help="weld small objects and chairs to the world like furniture (default: free bodies resting on their supporters)")
    p.add_argument("--name", default="scene", help="name of the scene file and world (default scene)")
    p.set_defaults(func=cmd_export)
