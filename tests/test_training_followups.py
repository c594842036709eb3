"""Continuation records (training/followup_data.py): follow-up instructions sampled over a teacher
rollout's finished scene become stepwise SFT records in step_sft's format, whose history is the first
trajectory (then the follow-up's earlier calls) and whose answers rebuild what ``follow_up`` builds."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest

from conftest import DATA
from training import build_datasets as D
from training import common as C
from training import followup_data as F
from training import rollouts
from sceneorchestra_addon.agent import prompts
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.executor import call_key, execute
from sceneorchestra_addon.core.followup import continued, follow_up

ITEMS = [
    {"id": "train-0000", "set": "train", "room": "bedroom", "instruction": "Design me a bedroom"},
    {"id": "train-0001", "set": "train", "room": "office", "instruction": "An office with two desks and a plant in the corner"},
]
N = 3  # follow-ups drawn per rollout


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """Four tiny teacher rollouts (two instructions, two seeds, four steps), as the rollout test makes them."""
    out = tmp_path_factory.mktemp("followups")
    C.write_jsonl(out / "instructions.jsonl", ITEMS)
    rollouts.main(["--out", str(out), "--seeds", "2", "--max-steps", "4", "--workers", "1"])
    return out


@pytest.fixture(scope="module")
def rolls(out):
    return sorted(C.read_jsonl(out / "rollouts.jsonl"), key=lambda r: (r["id"], r["seed"]))


@pytest.fixture(scope="module")
def records(rolls):
    stats = Counter()
    recs = F.continuations(rolls, N, "none", seed=0, stats=stats)
    return recs, stats


def _groups(recs: list[dict]) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for r in recs:
        m = r["meta"]
        groups.setdefault((m["rollout"]["id"], m["rollout"]["seed"], m["followup"]["draw"]), []).append(r)
    return groups


def test_continuation_records_carry_the_first_trajectory_and_the_follow_up(rolls, records):
    recs, stats = records
    assert recs and stats["records"] == len(recs) and stats["sampled"] == N * len(rolls)
    assert stats["kept"] + sum(stats[r] for r in F.SKIP_REASONS) == stats["sampled"]
    by_id = {(r["id"], r["seed"]): r for r in rolls}
    for rec in recs:
        m = rec["meta"]
        assert m["kind"] == "continuation" and set(rec) == {"prompt", "completion", "meta"}
        rollout = by_id[(m["rollout"]["id"], m["rollout"]["seed"])]
        body = [s["call"] for s in C.body_steps(rollout)]
        assert m["step"] >= len(body)
        prompt = rec["prompt"]
        assert prompt.startswith(f"Instruction: {m['followup']['instruction']}\n")  # the follow-up is the instruction
        for k, call in enumerate(body, start=1):  # the whole first trajectory is the history, with its results
            assert f"\n{k}. {call}  -> " in prompt
        # ... and the rollout's own results (the executor's, the same ones the teacher logged)
        for k, s in enumerate(C.kept_steps(rollout)[: len(body)], start=1):
            assert f"\n{k}. {s['call']}  -> {' '.join(s['result'].split()) or 'no change'}\n" in prompt + "\n"
        assert 'terminate(status="success")  ->' not in prompt  # the follow-up's calls go before terminate
        assert prompt.endswith(f"Next call:\n{m['step'] + 1}.") and rec["completion"].startswith(" ")


def test_completions_are_valid_calls_and_rebuild_what_follow_up_builds(rolls, records):
    recs, _ = records
    by_id = {(r["id"], r["seed"]): r for r in rolls}
    groups = _groups(recs)
    assert groups
    for (rid, seed, _), group in groups.items():
        rollout = by_id[(rid, seed)]
        base = [s["call"] for s in C.body_steps(rollout)]
        steps = [g["meta"]["step"] for g in group]
        assert steps == list(range(len(base), len(base) + len(group)))  # every call of the follow-up, in order
        answers = [g["completion"].strip() for g in group]
        assert answers[-1] == C.TERMINATE and not any(a.startswith("terminate(") for a in answers[:-1])
        assert group[0]["meta"]["followup"]["calls"] == len(answers) - 1
        text = "\n".join(f"{k}. {c}" for k, c in enumerate([*base, *answers], start=1))
        traj = T.load(text)  # parses and validates against the tool schemas
        # each record's history is the executed trajectory before its call, results included
        ex = execute(traj, seed=seed)
        pairs = prompts.history_of(ex)
        for g in group:
            k = g["meta"]["step"]
            assert g["prompt"] == prompts.stepwise_prompt(g["meta"]["followup"]["instruction"], pairs[:k], guide="none")
        assert not [r.failure for r in ex.results if r is not None and r.failure]
        # what follow_up builds on the rollout's scene, executed the way a run folder does it
        first_text = C.trajectory_text(base)
        first = execute(T.load(first_text), seed=seed)
        calls = follow_up(first_text, first.state, group[0]["meta"]["followup"]["instruction"], seed=seed)
        assert [call_key(c) for c in traj.calls] == [call_key(c) for c in T.load(continued(first_text, calls)).calls]
        assert ex.state == execute(T.load(continued(first_text, calls)), seed=seed).state


def test_records_are_deterministic_per_seed(rolls, records):
    recs, _ = records
    assert F.continuations(rolls, N, "none", seed=0) == recs
    other = F.continuations(rolls, N, "none", seed=1)
    assert [r["meta"]["followup"]["instruction"] for r in other] != [r["meta"]["followup"]["instruction"] for r in recs]
    state = F.executed(rolls[0])[1].state
    a = [F.sample_followup(state, np.random.default_rng(7)) for _ in range(3)]
    assert a == [F.sample_followup(state, np.random.default_rng(7)) for _ in range(3)]


def test_follow_ups_vary_in_verbs_and_phrasing():
    """Over the reference rooms: every verb, many openings, and most follow-ups apply."""
    rooms = []
    for path in sorted(DATA.glob("*.txt"))[:6]:
        calls = [call_key(c) for c in T.load(path.read_text(encoding="utf-8")).calls]
        rooms.append({"id": path.stem, "seed": 0, "instruction": f"Design me a {path.stem.replace('_', ' ')}",
                      "steps": [{"call": c, "result": "", "kept": True} for c in calls]})
    states = [F.executed(r)[1].state for r in rooms]
    rng = np.random.default_rng(0)
    drawn = [F.sample_followup(states[i % len(states)], rng) for i in range(120)]
    assert {v for _, verbs in drawn for v in verbs} == set(F.VERBS)
    texts = [t for t, _ in drawn]
    assert len(set(texts)) >= 110 and len({t.split()[0].lower() for t in texts}) >= 15
    stats = Counter()
    recs = F.continuations(rooms, 3, "none", seed=0, stats=stats)
    assert len({v for r in recs for v in r["meta"]["followup"]["verbs"]}) >= 5
    assert stats["kept"] >= 0.6 * stats["sampled"]
    assert "skipped" in F.summary(stats)


def test_worker_processes_write_the_same_records_and_counts(rolls, records):
    recs, stats = records
    again = Counter()
    assert F.continuations(rolls, N, "none", seed=0, stats=again, workers=2) == recs
    assert again == stats


def test_build_datasets_appends_continuations_and_zero_leaves_step_sft_as_before(out, rolls, capsys):
    args = ["--out", str(out), "--only", "step_sft", "--scale", "0.3", "--force"]
    D.main([*args, "--continuations", "0"])
    plain = (out / "step_sft.jsonl").read_bytes()
    before = D.step_sft(rolls, C.TAU1_STEP_SFT * 0.3, C.DEFAULT_GUIDE)  # the builder as it was
    assert plain == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in before).encode()
    assert "continuations:" not in capsys.readouterr().out
    D.main([*args, "--continuations", str(N)])
    printed = capsys.readouterr().out
    lines = (out / "step_sft.jsonl").read_bytes().splitlines(keepends=True)
    assert b"".join(lines[: len(before)]) == plain  # the stepwise records first, unchanged
    added = [json.loads(x) for x in lines[len(before):]]
    assert added and all(r["meta"]["kind"] == "continuation" for r in added)
    assert added == F.continuations(rolls, N, C.DEFAULT_GUIDE, seed=0)
    assert f"continuations: {len(added)} records" in printed and "skipped" in printed


def test_a_fractional_rate_draws_for_that_share_of_the_rollouts(rolls):
    drawn = [F.draws_for(0.25, np.random.default_rng([0, 6, i])) for i in range(2000)]
    assert set(drawn) == {0, 1} and 0.2 < sum(drawn) / len(drawn) < 0.3
    assert [F.draws_for(1.5, np.random.default_rng(i)) for i in range(200)].count(2) in range(70, 131)
    assert F.draws_for(2.0, np.random.default_rng(0)) == 2 and F.draws_for(0.0, np.random.default_rng(0)) == 0
    assert F.continuations(rolls, 1.0, "none", seed=0) == F.continuations(rolls, 1, "none", seed=0)  # a whole rate as an int
    half = Counter()
    recs = F.continuations(rolls, 0.5, "none", seed=3, stats=half)
    assert half["sampled"] == sum(F.draws_for(0.5, np.random.default_rng([3, 6, i])) for i in range(len(rolls)))
    assert {r["meta"]["followup"]["draw"] for r in recs} <= {0}
    with pytest.raises(ValueError, match="0 or more"):
        F.continuations(rolls, -1, "none", seed=0)
