"""Calibration of the programmatic critic (core/metrics/critic.py) on the teacher's rooms.

Runs the teacher's rollouts for the ten "Design me a <room>" prompts x ``--seeds`` seeds (100 by
default), grades each final room with ``evaluate(state, instruction=prompt)`` and prints the summed
grade's mean, standard deviation and share at 40/40, each grade's distribution, the reason codes
that cost points and how often, and the degradation checks: a reference room (tests/data) graded
before and after one edit that should lower one grade. The teacher rolls back steps that lower the
summed grade by ROLLBACK_DROP, so its rooms depend on the critic: the numbers are those of the
critic as it is.

Usage: .venv/bin/python tools/critic_calibration.py [--seeds N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlib import ROOMS, reference_text  # noqa: E402

from sceneorchestra_addon.agent.teacher import Teacher  # noqa: E402
from sceneorchestra_addon.core import executor  # noqa: E402
from sceneorchestra_addon.core.metrics import evaluate  # noqa: E402
from sceneorchestra_addon.ground.state import Pose, SceneObject, SceneState  # noqa: E402

GRADES = ("realism", "functionality", "layout", "completion")


def reference(room: str) -> SceneState:
    return executor.run_text(reference_text(room), seed=0).state


def with_children(state: SceneState, oid: str) -> set[str]:
    """An object and everything standing on it (transitively)."""
    ids = {oid}
    while True:
        more = {o.id for o in state.objects if o.parent in ids} - ids
        if not more:
            return ids
        ids |= more


def moved(state: SceneState, oid: str, dx: float = 0.0, dy: float = 0.0, dyaw: float = 0.0) -> SceneState:
    """The state with one object moved (its small objects removed: they would float)."""
    state = state.without(with_children(state, oid) - {oid})
    o = state.get(oid)
    return state.with_object(replace(o, pose=Pose(o.pose.x + dx, o.pose.y + dy, o.pose.z, o.pose.yaw_deg + dyaw)))


def clutter(state: SceneState, n: int = 3) -> SceneState:
    """Ottomans dropped on the free floor nearest the room's centre (0.25 m lattice, clear of every
    footprint by 5 cm), the solver bypassed."""
    import numpy as np

    from sceneorchestra_addon.assets import sample_params
    from sceneorchestra_addon.core.metrics.relations import box_gap
    from sceneorchestra_addon.core.solver.world import box_of

    room = state.room
    p = sample_params("ottoman", np.random.default_rng(0))
    spots = sorted(((x, y) for x in np.arange(0.5, room.width_m - 0.4, 0.25) for y in np.arange(0.5, room.depth_m - 0.4, 0.25)),
                   key=lambda q: (q[0] - room.width_m / 2) ** 2 + (q[1] - room.depth_m / 2) ** 2)
    for x, y in spots:
        if n == 0:
            break
        obj = SceneObject(state.next_id("ottoman"), "ottoman", p, Pose(float(x), float(y), 0.0, 0.0))
        box = box_of(obj)
        if all(box_gap(box, box_of(o)) > 0.05 for o in state.objects if o.placement == "floor" and o.category != "rug"):
            state = state.with_object(obj)
            n -= 1
    return state


def one_sided(state: SceneState) -> SceneState:
    """Every floor piece pushed into the room's west half (its west edge's distance to the west
    wall halved), small objects with their supporter; wall and ceiling objects stay."""
    from sceneorchestra_addon.core.solver.world import box_of

    out = state
    for o in state.objects:
        base = o
        while base is not None and base.placement == "on_top":
            base = state.get(base.parent)
        if base is not None and base.placement == "floor":
            x0, _, _, _ = box_of(base).aabb()
            out = out.with_object(replace(o, pose=replace(o.pose, x=o.pose.x - x0 / 2.0)))
    return out


def degradations() -> list[tuple[str, str, str, SceneState, SceneState]]:
    """(what, grade, instruction, before, after)."""
    out = []
    living = reference("living_room")
    ask = "Design me a living room with a bookshelf"
    out.append(("remove the requested bookshelf", "completion", ask, living, living.without(with_children(living, "bookshelf_0"))))
    bedroom = reference("bedroom")
    out.append(("turn the wardrobe to face the wall", "realism", "", bedroom, moved(bedroom, "wardrobe_0", dyaw=180.0)))
    out.append(("push the furniture into one half", "layout", "", bedroom, one_sided(bedroom)))
    out.append(("clutter the walkway", "layout", "", bedroom, clutter(bedroom)))
    out.append(("rotate the sofa by 30 degrees", "layout", "", living, moved(living, "sofa_0", dyaw=30.0)))
    out.append(("move one nightstand 0.7 m away", "layout", "", bedroom, moved(bedroom, "nightstand_1", dx=0.7)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--json", type=Path, default=None, help="also write every rollout's grades here")
    args = parser.parse_args()
    failed = 0
    if args.seeds > 0:
        rollouts(args.seeds, args.json)
    print("\ndegradations (reference rooms, seed 0):")
    for what, grade, instruction, before, after in degradations():
        b = evaluate(before, instruction=instruction or None)
        a = evaluate(after, instruction=instruction or None)
        cost_b, cost_a = Counter(), Counter()
        for r in b.reasons[grade]:
            cost_b[r.code] += r.points
        for r in a.reasons[grade]:
            cost_a[r.code] += r.points
        new = [f"{c} -{cost_b[c]}->-{n}" for c, n in sorted(cost_a.items()) if n > cost_b[c]]
        ok = a.grades[grade] < b.grades[grade]
        failed += not ok
        print(f"  {what:<36} {grade:<13} {b.grades[grade]:>2} -> {a.grades[grade]:>2}  summed {b.summed_grade} -> {a.summed_grade}  "
              f"{'ok' if ok else 'NOT LOWERED'}  costlier: {', '.join(new)}")
    return 1 if failed else 0


def rollouts(seeds: int, json_path: Path | None) -> None:
    rows = []
    codes: Counter[str] = Counter()
    for room in ROOMS:
        prompt = f"Design me a {room.replace('_', ' ')}"
        for seed in range(seeds):
            report = evaluate(Teacher().rollout(prompt, seed=seed).state, instruction=prompt)
            rows.append({"room": room, "seed": seed, "grades": report.grades, "sum": report.summed_grade})
            codes.update(r.code for r in report.all_reasons())
        sums = [r["sum"] for r in rows if r["room"] == room]
        print(f"{room:<14} summed grade mean {statistics.mean(sums):5.2f}  min {min(sums)}  max {max(sums)}", flush=True)
    sums = [r["sum"] for r in rows]
    print(f"\n{len(sums)} rollouts: summed grade mean {statistics.mean(sums):.2f}, sd {statistics.pstdev(sums):.2f}, "
          f"at 40/40 {sum(s == 40 for s in sums) / len(sums):.0%}")
    print("summed grade histogram: " + ", ".join(f"{k}: {v}" for k, v in sorted(Counter(sums).items())))
    for g in GRADES:
        values = [r["grades"][g] for r in rows]
        hist = ", ".join(f"{k}: {v}" for k, v in sorted(Counter(values).items()))
        print(f"{g:<14} mean {statistics.mean(values):5.2f}  sd {statistics.pstdev(values):4.2f}  ({hist})")
    print("reason codes (rollouts where they cost points): " + ", ".join(f"{c} {n}" for c, n in codes.most_common()))
    if json_path:
        json_path.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    raise SystemExit(main())
