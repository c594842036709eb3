"""Benchmark: evaluating the reference rooms with ``core.metrics.evaluate`` (no Blender).

For each reference trajectory (tests/data/*.txt executed with seed 0) it prints the object count
and the median evaluation time over several runs, cold (mesh caches cleared before each run: every
object's shells are rebuilt) and warm (caches kept, as when a trajectory is re-scored after an
edit), with the budget beside them: evaluating a 40-object scene <= 0.5 s.

Usage: .venv/bin/python tools/bench_metrics.py [--runs N]
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
from sceneorchestra_addon.core.metrics import evaluate, meshes  # noqa: E402

BUDGET_S = 0.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'room':<14} {'objects':>7} {'N_obj':>5} {'cold s':>7} {'warm s':>7}")
    rows = []
    for room in ROOMS:
        state = executor.run_text(reference_text(room), seed=0).state
        prompt = f"Design me a {room.replace('_', ' ')}"

        cold_s = median_time(lambda state=state, prompt=prompt: evaluate(state, instruction=prompt), args.runs, before=meshes.clear_caches)
        result = evaluate(state)
        warm_s = median_time(lambda state=state, prompt=prompt: evaluate(state, instruction=prompt), args.runs)
        rows.append((room, len(state.objects), result["n_obj"], cold_s, warm_s))
        print(f"{room:<14} {len(state.objects):>7} {result['n_obj']:>5} {cold_s:>7.3f} {warm_s:>7.3f}")
    cold_m = statistics.median(r[3] for r in rows)
    warm_m = statistics.median(r[4] for r in rows)
    worst = max(rows, key=lambda r: r[3])
    print(f"{'median':<14} {statistics.mean(r[1] for r in rows):>7.1f} {statistics.mean(r[2] for r in rows):>5.1f} {cold_m:>7.3f} {warm_m:>7.3f}")
    print(f"budget {BUDGET_S} s per scene: median cold {cold_m / BUDGET_S:.2f}, median warm {warm_m / BUDGET_S:.2f}, "
          f"worst cold {worst[3]:.3f} s ({worst[0]}, {worst[1]} objects)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
