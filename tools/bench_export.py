"""Benchmark: exporting the ten reference rooms to simulators (budget: <= 2 s per room).

For each room the trajectory is executed once (not timed), then ``export_scene`` is timed per
format: "cold" clears the PartTree caches first (as when exporting a scene.json in a fresh process,
which rebuilds every PartTree), "warm" reuses them (as right after generating in Blender). Medians
over --runs runs; the files written and their total size are printed beside them.

Usage: .venv/bin/python tools/bench_export.py [--runs N] [--collision boxes|parts]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlib import ROOMS, median_time, reference_text  # noqa: E402

from sceneorchestra_addon.core import executor  # noqa: E402
from sceneorchestra_addon.assets.shapes import clear_caches  # noqa: E402
from sceneorchestra_addon.export import FORMATS, export_scene  # noqa: E402

BUDGET_S = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--collision", choices=("boxes", "parts"), default="boxes")
    args = parser.parse_args()
    header = f"{'room':<14} {'objects':>7} " + " ".join(f"{fmt + ' cold s':>11} {fmt + ' warm s':>11}" for fmt in FORMATS) + f" {'files':>6} {'MB':>6}"
    print(header)
    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        for room in ROOMS:
            state = executor.run_text(reference_text(room), seed=0).state
            cells = []
            for fmt in FORMATS:
                out = Path(tmp) / f"{room}_{fmt}"
                export = lambda out=out, fmt=fmt, state=state: export_scene(state, out, fmt=fmt, collision=args.collision)  # noqa: E731
                cold = median_time(export, args.runs, before=clear_caches)
                warm = median_time(export, args.runs)
                worst = max(worst, cold, warm)
                cells.append(f"{cold:>11.3f} {warm:>11.3f}")
            files = [p for p in (Path(tmp) / f"{room}_sdf").rglob("*") if p.is_file()]
            size_mb = sum(p.stat().st_size for p in files) / 1e6
            print(f"{room:<14} {len(state.objects):>7} " + " ".join(cells) + f" {len(files):>6} {size_mb:>6.2f}")
    verdict = "within" if worst <= BUDGET_S else "OVER"
    print(f"slowest export {worst:.3f} s: {verdict} the {BUDGET_S:.0f} s budget per room ({args.collision} collisions)")
    return 0 if worst <= BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
