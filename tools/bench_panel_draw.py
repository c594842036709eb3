"""Benchmark: drawing the N-panel (budget: 5 ms a draw), headless with the bpy module.

It enables the add-on from the source tree, generates "Design me a bedroom with two nightstands and
a desk" with the teacher (a built room with its "Understood" box and metrics), and times ``SCENEORCHESTRA_PT_panel.draw`` into
the tests' recording layout (``tests/test_ui_support.RecordingLayout``, which draws the trajectory's
``UIList`` as Blender would: its ``filter_items``, then ``draw_item`` for every item shown; Blender
itself draws only the rows in view, so this is the upper bound):

- steady: repeated draws of the built room;
- after undo: the add-on's undo handler (what Blender calls after Ctrl+Z), then one draw, repeated;
  the handler's own time is printed beside it;
- while building: draws between the build steps of a generation;
- uncached (before the fix): the same draws with every cache cleared first, so the draw pays what
  it paid before the fix: restoring the session (re-executing the trajectory) and measuring the
  scene (the evaluator) after each undo or change.

Each line gives the median and the maximum in milliseconds. ``--source DIR`` imports the add-on
from another checkout (e.g. an older version, to measure it directly: the uncached line needs this
version's caches and is left out there).

Usage: .venv/bin/python tools/bench_panel_draw.py [--draws N] [--undos N] [--source DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MS = 5.0
PROMPT = "Design me a bedroom with two nightstands and a desk"


def _setup(source: Path) -> None:
    user = Path(tempfile.mkdtemp(prefix="sceneorchestra-bench-"))
    for var in ("BLENDER_USER_CONFIG", "BLENDER_USER_SCRIPTS", "BLENDER_USER_EXTENSIONS", "BLENDER_USER_DATAFILES"):
        os.environ[var] = str(user / var.lower())
    sys.path[:0] = [str(source), str(ROOT / "tests")]


def _ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000.0


def _line(name: str, times: list[float], note: str = "") -> None:
    print(f"{name:<28} median {statistics.median(times):7.2f} ms   max {max(times):7.2f} ms   ({len(times)} draws){note}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--undos", type=int, default=20)
    parser.add_argument("--source", type=Path, default=ROOT, help="the folder holding sceneorchestra_addon/")
    args = parser.parse_args()
    _setup(args.source.resolve())

    import bpy  # noqa: I001 - first: it makes addon_utils importable
    import addon_utils
    from test_ui_support import RecordingLayout

    addon_utils.enable("sceneorchestra_addon", default_set=True)
    import sceneorchestra_addon
    from sceneorchestra_addon import ui
    from sceneorchestra_addon.agent.pipeline import BackendSettings
    from sceneorchestra_addon.ui import scene_metrics, worker
    from sceneorchestra_addon.ui import session as S
    from sceneorchestra_addon.ui.panel import SCENEORCHESTRA_PT_panel

    print(f"add-on from {Path(sceneorchestra_addon.__file__).parent}")
    bpy.context.preferences.addons["sceneorchestra_addon"].preferences.backend = "teacher"
    bpy.context.scene.sceneorchestra.prompt = PROMPT
    assert bpy.ops.sceneorchestra.generate() == {"FINISHED"}
    session = S.current()
    print(f"room: {len(session.journal.trajectory.calls)} calls, {len(session.journal.state.objects)} objects")

    def draw() -> None:
        SCENEORCHESTRA_PT_panel.draw(SimpleNamespace(layout=RecordingLayout()), bpy.context)

    draw()
    steady = [_ms(draw) for _ in range(args.draws)]
    handler, after_undo = [], []
    for _ in range(args.undos):
        handler.append(_ms(ui._on_undo))
        after_undo.append(_ms(draw))
    after_undo_later = [_ms(draw) for _ in range(args.draws)]

    building = []
    job = S.start_generation(S.current(), worker.Request("Design me a living room", settings=BackendSettings("teacher")), threaded=False)
    while S.drain(S.current()):
        building.append(_ms(draw))
    assert job is not None and not S.current().busy

    _line("steady", steady)
    _line("first draw after undo", after_undo, f"   undo handler: median {statistics.median(handler):.2f} ms")
    _line("later draws after undo", after_undo_later)
    _line("while building", building)
    worst = max(statistics.median(t) for t in (steady, after_undo, after_undo_later, building))

    if hasattr(S, "measure"):  # this version's caches: clear them to see what drawing paid before

        def uncached() -> None:
            S.invalidate()
            S._STORED.clear()
            scene_metrics._CACHE.clear()
            S.measure(S.current())
            draw()

        before = [_ms(uncached) for _ in range(max(3, args.undos // 4))]
        _line("uncached (before the fix)", before)
    print(f"budget {BUDGET_MS:.0f} ms: worst median {worst:.2f} ms -> {'within' if worst <= BUDGET_MS else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
