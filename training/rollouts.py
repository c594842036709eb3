"""Stage 2: run the teacher several times per instruction (one seed each) and log every step (call,
result, Q_t, C_t, T_t, kept) to rollouts.jsonl, one rollout a line.

Parallel: one worker process per core (``--workers``, default the machine's cores); the parent
appends each rollout as soon as a worker finishes it. Resumable: rollouts already in the file (same
instruction id and seed) are skipped, so an interrupted run goes on where it stopped. A rollout is
the same whichever worker runs it and in whatever order (the teacher's randomness comes from the
seed and the instruction only); the dataset builders read the rollouts sorted by (id, seed).

    python training/rollouts.py --out out/training --sets train --seeds 4 [--workers 2]
"""

from __future__ import annotations

import argparse
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path

try:
    from training.common import Timer, append_jsonl, read_jsonl
except ImportError:
    from common import Timer, append_jsonl, read_jsonl

from sceneorchestra_addon.agent.rules import PromptError
from sceneorchestra_addon.agent.teacher import Teacher


def rollout_record(item: dict, seed: int, teacher: Teacher) -> dict:
    r = teacher.rollout(item["instruction"], seed)
    steps = []
    for s in r.steps:
        d = asdict(s)
        d["grades"] = {k: int(v) for k, v in d["grades"].items()}
        steps.append(d)
    return {"id": item["id"], "set": item["set"], "room": item["room"], "instruction": item["instruction"], "seed": seed, "steps": steps}


_TEACHER: Teacher | None = None


def _work(item: dict, seed: int, max_steps: int) -> dict | str:
    """One rollout in a worker process (the teacher is made once per process); a prompt the
    teacher cannot read gives the reason instead."""
    global _TEACHER
    if _TEACHER is None or _TEACHER.max_steps != max_steps:
        _TEACHER = Teacher(max_steps=max_steps)
    try:
        return rollout_record(item, seed, _TEACHER)
    except PromptError as exc:
        return f"skipped {item['id']}: {exc}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="out/training")
    ap.add_argument("--sets", default="train", help="instruction sets to roll out, comma separated")
    ap.add_argument("--seeds", type=int, default=4, help="rollouts per instruction (seeds 0..n-1)")
    ap.add_argument("--max-steps", type=int, default=15)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: one per core)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    items = [r for r in read_jsonl(out / "instructions.jsonl") if r["set"] in args.sets.split(",")]
    if not items:
        raise SystemExit(f"no instructions of sets {args.sets} in {out / 'instructions.jsonl'}: run training/instructions.py first")
    path = out / "rollouts.jsonl"
    done = {(r["id"], r["seed"]) for r in read_jsonl(path)}
    todo = [(it, s) for it in items for s in range(args.seeds) if (it["id"], s) not in done]
    workers = max(1, min(args.workers, len(todo) or 1))
    print(f"{len(done)} rollouts done, {len(todo)} to run on {workers} worker(s)")
    with Timer(f"{len(todo)} rollouts"):
        if workers == 1:
            results = (_work(item, seed, args.max_steps) for item, seed in todo)
            _collect(results, path, len(todo))
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = [pool.submit(_work, item, seed, args.max_steps) for item, seed in todo]
                _collect((f.result() for f in as_completed(futures)), path, len(todo))
    return 0


def _collect(results, path: Path, total: int) -> None:
    """Append each finished rollout at once (so a crash loses only those still running)."""
    for i, rec in enumerate(results):
        if isinstance(rec, str):
            print(rec)
        else:
            append_jsonl(path, rec)
        if (i + 1) % 20 == 0:
            print(f"  {i + 1}/{total}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
