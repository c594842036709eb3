"""Phase 2 (training/phase2.py): the pure helpers, and the four subcommands end to end on a tiny
random-weight GGUF (as orchestrator and discriminator both)."""

from __future__ import annotations

import json

import pytest

from training import common as C
from training import phase2

TRAJ = 'init_furnished_room(room_type="bedroom", width_m=4.0, depth_m=4.0)'


def traj(*calls: str) -> str:
    return C.trajectory_text([TRAJ, *calls])


# ---------------------------------------------------------------- pure helpers


def test_best_index_needs_a_strict_maximum():
    assert phase2.best_index([1.0, 3.0, 2.0]) == 1
    assert phase2.best_index([3.0, 1.0, 3.0]) is None  # tied best
    assert phase2.best_index([3.0, 3.0 - 1e-12]) is None  # equal within rounding
    assert phase2.best_index([2.0, 2.0, 5.0]) == 2  # a tie below the best does not matter
    assert phase2.best_index([4.0]) is None and phase2.best_index([]) is None


def test_heldout_split_is_deterministic_order_free_and_sized():
    ids = [f"disc-{i:04d}" for i in range(50)]
    held = phase2.heldout_ids(ids, 0.2)
    assert len(held) == 10 and held <= set(ids)
    assert phase2.heldout_ids(list(reversed(ids)), 0.2) == held  # not the order
    assert phase2.heldout_ids(ids + ids[:5], 0.2) == held  # duplicates count once
    assert phase2.id_fraction("disc-0001") == phase2.id_fraction("disc-0001")
    assert 0 <= phase2.id_fraction("x") < 1 and phase2.id_fraction("a") != phase2.id_fraction("b")
    # a stable hash, not Python's per-process salted hash()
    assert phase2.id_fraction("disc-0000") == int(__import__("hashlib").sha256(b"disc-0000").hexdigest()[:12], 16) / 16**12
    assert len(phase2.heldout_ids(ids[:3], 0.34)) == 1  # at least one, never all
    assert len(phase2.heldout_ids(ids[:2], 0.99)) == 1
    assert phase2.heldout_ids(ids, 0.0) == set() and phase2.heldout_ids(ids[:1], 0.5) == set()


def test_rule_credit_splits_ties_and_random_is_one_over_k():
    assert phase2.rule_credit([2, 5, 3], best=1) == 1.0
    assert phase2.rule_credit([2, 5, 3], best=0) == 0.0
    assert phase2.rule_credit([5, 5, 3], best=1) == 0.5
    assert phase2.rule_credit([4, 4, 4, 4], best=2) == 0.25


def test_longer_wins_share():
    long, short = traj('add_object(category="double_bed")', 'add_object(category="nightstand")'), traj()
    pairs = [{"chosen": long, "rejected": short, "meta": {}}, {"chosen": short, "rejected": long, "meta": {}},
             {"chosen": long, "rejected": short, "meta": {"longer_wins": True}}, {"chosen": short, "rejected": short, "meta": {"longer_wins": False}}]
    assert C.longer_share(pairs) == 0.5
    assert C.longer_share(pairs[:1]) == 1.0
    assert C.longer_share([]) is None


def _record(ident: str, comps: list[float | None], texts: list[str] | None = None) -> dict:
    texts = texts or [traj(*['add_object(category="small_plant")'] * i) for i in range(len(comps))]
    cands = [{"text": t, "n_calls": C.n_calls(t), "objects": i, "quality": c, "failures": 0, "composition": c}
             for i, (t, c) in enumerate(zip(texts, comps))]
    return {"id": ident, "set": "disc", "instruction": "Design me a bedroom", "candidates": cands}


def test_disc_group_labels_the_best_composition_in_a_shuffled_order():
    firsts = set()
    for n in range(12):
        g = phase2.disc_group(_record(f"disc-{n:04d}", [9.0, 4.0, 6.5, 1.0]), "none", seed=0)
        m = g["meta"]
        best = int(g["completion"])
        assert best == max(range(4), key=lambda i: m["C"][i]) and m["C"][best] == 9.0
        assert g["prompt"] == C.discriminator_prompt("Design me a bedroom", m["texts"], "none")
        assert len(m["texts"]) == len(m["objects"]) == len(m["n_calls"]) == 4
        firsts.add(best)
        assert phase2.disc_group(_record(f"disc-{n:04d}", [9.0, 4.0, 6.5, 1.0]), "none", seed=0) == g  # seeded
    assert len(firsts) > 1  # the best is not always at index 0
    assert phase2.disc_group(_record("a", [9.0, 9.0, 1.0]), "none", 0) is None  # tied best
    assert phase2.disc_group(_record("a", [9.0]), "none", 0) is None  # one candidate
    same = traj()
    assert phase2.disc_group(_record("a", [9.0, 8.0], [same, same]), "none", 0) is None  # one distinct text
    merged = phase2.disc_group(_record("a", [9.0, 9.0, 2.0], [same, same, traj('add_object(category="double_bed")')]), "none", 0)
    assert len(merged["meta"]["texts"]) == 2 and max(merged["meta"]["C"]) == 9.0  # duplicates merged, not a tie
    unscored = phase2.disc_group(_record("a", [9.0, None, 2.0]), "none", 0)
    assert len(unscored["meta"]["texts"]) == 2  # an unscored candidate is left out


def test_dpo_pairs_best_against_each_other():
    texts = [traj(), traj('add_object(category="double_bed")'), traj('add_object(category="double_bed")', 'add_object(category="rug")')]
    pairs = phase2.dpo_pairs({"id": "i-1", "instruction": "Design me a bedroom"}, 1, texts, "none")
    assert [p["rejected"] for p in pairs] == [texts[0], texts[2]] and all(p["chosen"] == texts[1] for p in pairs)
    assert [p["meta"]["longer_wins"] for p in pairs] == [True, False]
    assert pairs[0]["prompt"] == C.trajectory_prompt("Design me a bedroom", "none")


# ---------------------------------------------------------------- end to end on a tiny GGUF

ROOMS = {"disc": ["bedroom", "office", "kitchen", "bathroom"], "interleave": ["gym", "living room"]}


def test_phase2_end_to_end_on_a_tiny_gguf(tmp_path, tiny_gguf, capsys):
    pytest.importorskip("llama_cpp")
    out = tmp_path / "out"
    items = [{"id": f"{s}-{i:04d}", "set": s, "room": r, "instruction": f"Design me a {r}"} for s, rooms in ROOMS.items() for i, r in enumerate(rooms)]
    C.write_jsonl(out / "instructions.jsonl", items)
    model, o = str(tiny_gguf), ["--out", str(out)]

    # 1. sample the disc set (3 of its 4 instructions), executed and scored
    phase2.main(["sample", *o, "--set", "disc", "--model", model, "--k", "3", "--limit", "3", "--execute"])
    samples = C.read_jsonl(out / "samples_disc.jsonl")
    assert [r["id"] for r in samples] == ["disc-0000", "disc-0001", "disc-0002"]
    for r in samples:
        assert r["set"] == "disc" and r["instruction"].startswith("Design me a") and r["seconds"] >= 0
        if "error" in r:
            continue
        assert len(r["candidates"]) == 3
        for c in r["candidates"]:
            assert {"text", "quality", "objects", "failures", "composition", "n_calls"} <= set(c)
            assert c["composition"] == pytest.approx(C.composition(c["quality"], c["seconds"]), abs=1e-3)
    phase2.main(["sample", *o, "--set", "disc", "--model", model, "--k", "3", "--limit", "3", "--execute"])  # resumes: nothing to do
    assert len(C.read_jsonl(out / "samples_disc.jsonl")) == 3

    # 2. discriminator data with a held-out share
    phase2.main(["disc-data", *o, "--heldout", "0.34"])
    train, held = C.read_jsonl(out / "disc2_sft.jsonl"), C.read_jsonl(out / "disc2_heldout.jsonl")
    assert train and held
    assert not {g["meta"]["id"] for g in train} & {g["meta"]["id"] for g in held}
    for g in train + held:
        assert set(g) == {"prompt", "completion", "meta"}
        m, best = g["meta"], int(g["completion"])
        assert 0 <= best < len(m["texts"]) and best == max(range(len(m["C"])), key=lambda i: m["C"][i])
        assert g["prompt"] == C.discriminator_prompt(m["instruction"], m["texts"], C.DEFAULT_GUIDE)
        assert len(set(m["texts"])) == len(m["texts"]) >= 2

    # 3. the discriminator against the simple rules
    phase2.main(["disc-eval", *o, "--disc", model])
    result = json.loads((out / "eval" / "discriminator.json").read_text())
    assert result["groups"] == len(held)
    assert set(result["accuracy"]) == {"discriminator", "longest", "most_objects", "most_objects_in_calls", "random"}
    assert all(0.0 <= a <= 1.0 for a in result["accuracy"].values())
    assert all(r["disc"] is None or 0 <= r["disc"] < r["k"] for r in result["per_group"])
    assert "ranking accuracy" in capsys.readouterr().out

    # 3b. the feature discriminator, fitted on the same groups, measured the same way
    phase2.main(["fit-ranker", *o])
    ranker = json.loads((out / "ranker.json").read_text())
    assert ranker["groups"] == len(train) and len(ranker["weights"]) == len(ranker["features"])
    phase2.main(["disc-eval", *o, "--disc", str(out / "ranker.json")])
    result = json.loads((out / "eval" / "ranker.json").read_text())
    assert result["groups"] == len(held) and all(0 <= r["disc"] < r["k"] for r in result["per_group"])

    # 4. the interleaved round: samples the interleave set, ranks, writes the pairs
    phase2.main(["interleave", *o, "--disc", model, "--model", model, "--k", "3"])
    assert len(C.read_jsonl(out / "samples_interleave.jsonl")) == 2
    assert all("quality" not in c for r in C.read_jsonl(out / "samples_interleave.jsonl") for c in r["candidates"])  # not executed
    pairs = C.read_jsonl(out / "traj_dpo2.jsonl")
    instruction = {i["id"]: i["instruction"] for i in items}
    assert pairs
    for p in pairs:
        assert set(p) == {"prompt", "chosen", "rejected", "meta"} and p["chosen"] != p["rejected"]
        assert p["prompt"] == C.trajectory_prompt(instruction[p["meta"]["id"]], C.DEFAULT_GUIDE)
        assert isinstance(p["meta"]["longer_wins"], bool)
    assert "the longer trajectory is chosen in" in capsys.readouterr().out
    phase2.main(["interleave", *o, "--disc", model, "--k", "3"])  # resumes: no new pairs, no model needed
    assert C.read_jsonl(out / "traj_dpo2.jsonl") == pairs
