"""Benchmark: executing reference trajectories in core (no Blender) and building them in Blender.

Prints medians over several runs, with the budgets beside them:
  core execution of a ~40-object trajectory  <= 0.5 s
  Blender build (sync) of a SceneState       <= 1 s for 40 objects

Usage: .venv/bin/python tools/bench_scene.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlib import ROOMS, median_time, reference_text  # noqa: E402

from sceneorchestra_addon.core import executor  # noqa: E402
from sceneorchestra_addon.core import trajectory as T  # noqa: E402
from sceneorchestra_addon.assets.shapes import clear_caches  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import bpy

    from sceneorchestra_addon.blender.sync import sync_scene

    print(f"{'room':<14} {'objects':>7} {'core cold s':>11} {'core warm s':>11} {'blender s':>9}")
    rows = []
    for room in ROOMS:
        traj = T.load(reference_text(room))

        cold_s = median_time(lambda traj=traj: executor.execute(traj, seed=0), args.runs, before=clear_caches)
        warm_s = median_time(lambda traj=traj: executor.execute(traj, seed=0), args.runs)
        state = executor.execute(traj, seed=0).state

        def build(state=state):
            bpy.ops.wm.read_factory_settings(use_empty=True)
            sync_scene(state)

        blender_s = median_time(build, args.runs)
        rows.append((room, len(state.objects), cold_s, warm_s, blender_s))
        print(f"{room:<14} {len(state.objects):>7} {cold_s:>11.3f} {warm_s:>11.3f} {blender_s:>9.3f}")
    n = statistics.mean(r[1] for r in rows)
    cold_m = statistics.median(r[2] for r in rows)
    warm_m = statistics.median(r[3] for r in rows)
    blender_m = statistics.median(r[4] for r in rows)
    print(f"{'median':<14} {n:>7.1f} {cold_m:>11.3f} {warm_m:>11.3f} {blender_m:>9.3f}")
    print(f"budget ratios: core cold {cold_m / 0.5:.2f} of 0.5 s, Blender {blender_m / 1.0:.2f} of 1 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
