"""Stage 2: run the teacher several times per instruction (one seed each) and log every step (call,
result, Q_t, C_t, T_t, kept) to rollouts.jsonl, one rollout a line.

Parallel: one worker per core (``--workers``, default the machine's cores), through the runner the
``batch`` command uses (``sceneorchestra_addon/batch_runner.py``): Ray when it is installed (the
``batch`` extra; a local Ray, or the cluster ``RAY_ADDRESS`` names, so rollouts scale out as batch
scenes do), else a local process pool; ``--workers 1`` runs in this process. Each worker makes its
teacher once. The parent appends each rollout as soon as a worker finishes it. Resumable: rollouts
already in the file (same instruction id and seed) are skipped, so an interrupted run goes on where
it stopped. A rollout is the same whichever worker runs it and in whatever order (the teacher's
randomness comes from the seed and the instruction only); the dataset builders read the rollouts
sorted by (id, seed).

    python training/rollouts.py --out out/training --sets train --seeds 4 [--workers 2]
"""

from __future__ import annotations

import argparse
import os
from dataclasses import asdict
from functools import partial
from pathlib import Path

try:
    from training.common import Timer, append_jsonl, read_jsonl
except ImportError:
    from common import Timer, append_jsonl, read_jsonl

# The runner is a standard-library module of the package (Ray is imported inside it, only when used);
# training/ otherwise uses only ground, assets, core and agent.
from sceneorchestra_addon import batch_runner
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


def _teacher(max_steps: int) -> Teacher:
    """Made once in each worker (the runner's set-up)."""
    return Teacher(max_steps=max_steps)


def _rollout(teacher: Teacher, job: tuple[dict, int]) -> dict | str:
    """One rollout in a worker; a prompt the teacher cannot read gives the reason instead."""
    item, seed = job
    try:
        return rollout_record(item, seed, teacher)
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
        address = (os.environ.get("RAY_ADDRESS") or None) if workers > 1 else None  # a cluster, when one is named
        results = batch_runner.run_tasks(todo, partial(_teacher, args.max_steps), _rollout, workers=workers, address=address,
                                         log=lambda msg: print(f"  {msg}", flush=True))
        try:
            _collect(results, path, len(todo))
        except batch_runner.RunnerError as exc:
            raise SystemExit(f"rollouts stopped: {exc}") from None
    return 0


def _collect(results, path: Path, total: int) -> None:
    """Append each finished rollout at once (so a crash loses only those still running); a rollout
    that raised is reported and left for the next run."""
    for i, done in enumerate(results):
        item, seed = done.task
        if done.error:
            print(f"failed {item['id']} seed {seed}: {done.error}")
        elif isinstance(done.result, str):
            print(done.result)
        else:
            append_jsonl(path, done.result)
        if (i + 1) % 20 == 0:
            print(f"  {i + 1}/{total}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
