"""Headless outputs of one executed trajectory: the .blend, the preview image, the stored state.

The state is a one-room ``SceneState`` or a ``SuiteState`` of several rooms (built room by room in
child collections, ``blender.suite``)."""

from __future__ import annotations

from pathlib import Path

import bpy

from ..ground.state import SceneState
from ..ground.suite import SuiteState
from .render import render_preview
from .suite import render_suite_preview, sync_suite
from .sync import store_state, sync_scene


def build_scene(state: SceneState | SuiteState, trajectory_text: str) -> dict[str, int]:
    """Build the state (one room, or every room of a suite) into the add-on collection of the
    current file and store it in the file."""
    counts = sync_suite(state) if isinstance(state, SuiteState) else sync_scene(state)
    store_state(state, trajectory_text)
    return counts


def save_blend(path: Path) -> None:
    bpy.ops.wm.save_as_mainfile(filepath=str(path), check_existing=False, compress=True)


def write_blend_and_preview(state: SceneState | SuiteState, trajectory_text: str, out_dir: Path, resolution: int = 640) -> dict[str, Path]:
    """Build the scene in a fresh, empty file, save ``scene.blend`` and render ``preview.png`` (for a
    suite: the whole plan, each room's name at its centre in the top view)."""
    bpy.ops.wm.read_factory_settings(use_empty=True)
    build_scene(state, trajectory_text)
    blend = out_dir / "scene.blend"
    save_blend(blend)
    if isinstance(state, SuiteState):
        preview = render_suite_preview(state, out_dir / "preview.png", resolution=resolution)
    else:
        preview = render_preview(out_dir / "preview.png", resolution=resolution)
    return {"blend": blend, "preview": Path(preview)}
