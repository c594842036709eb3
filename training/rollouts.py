"""Stage 2: run the teacher several times per instruction (one seed each) and log every step (call,
result, Q_t, C_t, T_t, kept) to rollouts.jsonl, one rollout a line.

Resumable: rollouts already in the file (same instruction id and seed) are skipped, and each new
one is appended as soon as it is done, so an interrupted run goes on where it stopped.

    python training/rollouts.py --out out/training --sets train --seeds 4
"""

from __future__ import annotations

import argparse
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="out/training")
    ap.add_argument("--sets", default="train", help="instruction sets to roll out, comma separated")
    ap.add_argument("--seeds", type=int, default=4, help="rollouts per instruction (seeds 0..n-1)")
    ap.add_argument("--max-steps", type=int, default=15)
    args = ap.parse_args(argv)
    out = Path(args.out)
    items = [r for r in read_jsonl(out / "instructions.jsonl") if r["set"] in args.sets.split(",")]
    if not items:
        raise SystemExit(f"no instructions of sets {args.sets} in {out / 'instructions.jsonl'}: run training/instructions.py first")
    path = out / "rollouts.jsonl"
    done = {(r["id"], r["seed"]) for r in read_jsonl(path)}
    teacher = Teacher(max_steps=args.max_steps)
    todo = [(it, s) for it in items for s in range(args.seeds) if (it["id"], s) not in done]
    print(f"{len(done)} rollouts done, {len(todo)} to run")
    with Timer(f"{len(todo)} rollouts"):
        for i, (item, seed) in enumerate(todo):
            try:
                rec = rollout_record(item, seed, teacher)
            except PromptError as exc:
                print(f"skipped {item['id']}: {exc}")
                continue
            append_jsonl(path, rec)
            if (i + 1) % 20 == 0:
                print(f"  {i + 1}/{len(todo)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
