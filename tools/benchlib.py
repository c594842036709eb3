"""What the benchmark scripts share: the reference rooms and a median timer."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ROOMS = ("bedroom", "living_room", "kitchen", "gym", "restaurant", "bathroom", "children_room", "meeting_room", "office", "waiting_room")


def reference_text(room: str) -> str:
    return (ROOT / "tests" / "data" / f"{room}.txt").read_text()


def median_time(fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None) -> float:
    """Median wall time of ``fn`` over ``runs`` calls; ``before`` runs untimed before each (e.g. to
    clear caches for a cold measurement)."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
