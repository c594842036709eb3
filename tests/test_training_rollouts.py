"""Teacher rollouts for training run one process per core, are resumable, and do not depend on which
worker ran them or in what order; the teacher's randomness comes from the seed and the instruction."""

from __future__ import annotations

import json

from training import rollouts
from training.common import write_jsonl

from sceneorchestra_addon.agent.teacher import Teacher

ITEMS = [
    {"id": "train-0000", "set": "train", "room": "bedroom", "instruction": "Design me a bedroom"},
    {"id": "train-0001", "set": "train", "room": "office", "instruction": "An office with two desks and a plant in the corner"},
]


def _run(out, workers: int) -> list[dict]:
    write_jsonl(out / "instructions.jsonl", ITEMS)
    rollouts.main(["--out", str(out), "--seeds", "2", "--max-steps", "4", "--workers", str(workers)])
    lines = (out / "rollouts.jsonl").read_text().splitlines()
    return sorted((json.loads(x) for x in lines), key=lambda r: (r["id"], r["seed"]))


def _plain(records: list[dict]) -> list[tuple]:
    """A rollout's content without timings (which differ run to run)."""
    return [(r["id"], r["seed"], tuple((s["call"], s["result"], s["kept"]) for s in r["steps"])) for r in records]


def test_parallel_rollouts_match_serial_ones_and_resume(tmp_path):
    parallel = _run(tmp_path / "p", 2)
    serial = _run(tmp_path / "s", 1)
    assert len(parallel) == 4 and _plain(parallel) == _plain(serial)
    assert all(r["steps"][-1]["call"].startswith("terminate") for r in parallel)
    again = _run(tmp_path / "p", 2)  # everything is there: nothing runs twice
    assert len(again) == 4


def test_the_teachers_randomness_depends_on_the_instruction_too():
    t = Teacher(max_steps=3)
    a = t.rollout("Design me a bedroom", seed=0).state.room
    b = t.rollout("Design me a bedroom please", seed=0).state.room
    c = t.rollout("Design me a bedroom", seed=0).state.room
    assert a == c  # deterministic
    doors = {t.rollout(f"Design me a bedroom{'!' * k}", seed=0).state.openings[0].wall for k in range(6)}
    assert len(doors) > 1 or a != b  # the same seed, other instructions: other choices
