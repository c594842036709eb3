"""Measure: can every door, drawer and lid open all the way in generated rooms?

Generates "Design me a <room>" with the teacher for each room type and seed, executes it, and
prints per room the objects, out-of-bounds objects, colliding pairs, joints and
``articulation_clearance``, then the totals and every blocked joint (what stopped it, at what
fraction of its range). The target is 1.0 in every room with 0 OB and 0 CN.

Usage: .venv/bin/python tools/articulation_rooms.py [--seeds 5] [--rooms bedroom,kitchen] [--jobs 2]
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlib import ROOMS  # noqa: E402


def measure(room: str, seed: int) -> dict:
    from sceneorchestra_addon.agent.teacher import Teacher
    from sceneorchestra_addon.core import trajectory as T
    from sceneorchestra_addon.core.executor import execute
    from sceneorchestra_addon.core.metrics import evaluate
    from sceneorchestra_addon.core.metrics.articulation import joint_clearances

    text = Teacher().generate(f"Design me a {room.replace('_', ' ')}", n=1, seed=seed)[0]
    state = execute(T.load(text), seed=seed).state
    report = evaluate(state)
    joints = joint_clearances(state)
    blocked = [f"{c.object_id}.{c.joint} at {c.reached:.0%} by {c.blocked_by}" for c in joints if not c.clear]
    return {"room": room, "seed": seed, "n_obj": report.n_obj, "n_oob": report.n_oob,
            "n_collision_pairs": report.n_collision_pairs, "quality": report.quality, "joints": len(joints),
            "clear": sum(c.clear for c in joints), "blocked": blocked}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--rooms", default=",".join(ROOMS))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    cases = [(room, seed) for room in args.rooms.split(",") for seed in range(args.seeds)]
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(measure, *zip(*cases)))
    print(f"{'room':<14} {'seed':>4} {'objects':>7} {'OB':>3} {'CN':>3} {'joints':>6} {'clearance':>9}")
    for r in rows:
        share = r["clear"] / r["joints"] if r["joints"] else 1.0
        print(f"{r['room']:<14} {r['seed']:>4} {r['n_obj']:>7} {r['n_oob']:>3} {r['n_collision_pairs']:>3} {r['joints']:>6} {share:>9.3f}")
    joints = sum(r["joints"] for r in rows)
    clear = sum(r["clear"] for r in rows)
    full = sum(r["clear"] == r["joints"] for r in rows)
    print(f"\nrooms {len(rows)}: clearance {clear / max(joints, 1):.3f} over {joints} joints, {full}/{len(rows)} rooms at 1.0, "
          f"mean objects {sum(r['n_obj'] for r in rows) / len(rows):.1f}, "
          f"mean quality {sum(r['quality'] for r in rows) / len(rows):.2f}, OB {sum(r['n_oob'] for r in rows)}, "
          f"CN {sum(r['n_collision_pairs'] for r in rows)}")
    for r in rows:
        for b in r["blocked"]:
            print(f"  {r['room']} seed {r['seed']}: {b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
