"""Tests of the offline training pipeline (training/): the dataset builders select exactly the
examples the paper's thresholds call for, the tokenizer round-trips, and a GGUF written by
training/export_gguf.py makes llama.cpp produce the Hugging Face model's greedy tokens."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from training import build_datasets as D
from training import common as C

pytestmark = pytest.mark.slow  # the whole module: real simulators, training or installs (see pyproject markers)

INIT = 'init_room(room_type="bedroom", width_m=4.0, depth_m=3.5)'
WARDROBE = 'add_object(category="wardrobe", placement="against_wall")'
LIGHT = "add_ceiling_light(count=1)"
ART = 'add_wall_object(category="wall_art")'
BAD = 'add_object(category="bookshelf", placement="corner")'


def rollout(seed: int, comps: list[float], calls: list[str], kept: list[bool] | None = None, instruction: str = "Design me a bedroom") -> dict:
    kept = kept or [True] * len(calls)
    steps = [{"call": c, "result": f"ok: {i}", "quality": q, "composition": q, "runtime_s": 1.0 + i, "grades": {}, "kept": k}
             for i, (c, q, k) in enumerate(zip(calls, comps, kept))]
    steps.append({"call": C.TERMINATE, "result": "ok: no change", "quality": comps[-1], "composition": comps[-1], "runtime_s": 9.0, "grades": {}, "kept": True})
    return {"id": f"train-{seed}", "set": "train", "room": "bedroom", "instruction": instruction, "seed": seed, "steps": steps}


def test_step_sft_keeps_composition_jumps_above_tau1():
    # C: 5.0 (jump 5 from the empty room), 6.0 (+1), rolled back 12 (ignored), 9.5 (+3.5), 9.6 (+0.1)
    r = rollout(0, [5.0, 6.0, 12.0, 9.5, 9.6], [INIT, WARDROBE, BAD, LIGHT, ART], [True, True, False, True, True])
    out = D.step_sft([r], tau1=3.0, guide="none")
    assert [x["completion"] for x in out] == [" " + INIT, " " + LIGHT]  # the space after "3." is the answer's
    assert out[1]["prompt"].endswith("Next call:\n3.")
    assert "2. " + WARDROBE in out[1]["prompt"] and BAD not in out[1]["prompt"]


def test_traj_sft_keeps_the_whole_rollout_and_prefixes_as_good_closed_with_terminate():
    r = rollout(0, [5.0, 6.0, 9.5, 9.6], [INIT, WARDROBE, LIGHT, ART])
    out = D.traj_sft([r], tau2=7.5, guide="none", truncations=200, seed=0)  # 200 draws: every cut point
    assert [x["meta"]["t"] for x in out] == [3]  # every prefix scores less than the whole: not a finished room
    worse = rollout(1, [5.0, 9.8, 9.6, 9.6], [INIT, WARDROBE, LIGHT, ART])
    out = D.traj_sft([worse], tau2=7.5, guide="none", truncations=200, seed=0)
    assert [x["meta"]["t"] for x in out] == [1, 3]  # the steps after 1 made it worse; 2 only ties with the whole
    assert out[0]["completion"] == f'1. {INIT}\n2. {WARDROBE}\n3. terminate(status="success")'
    assert out[0]["prompt"].endswith("Trajectory:\n")
    assert D.traj_sft([r], tau2=9.7, guide="none", truncations=200, seed=0) == []  # the whole room is not good enough


def test_traj_dpo_pairs_only_gaps_above_tau4_better_is_chosen():
    a = rollout(0, [9.0], [INIT])
    b = rollout(1, [5.0], ['init_room(room_type="bedroom", width_m=5.0, depth_m=3.5)'])
    c = rollout(2, [7.0], ['init_room(room_type="bedroom", width_m=6.0, depth_m=3.5)'])
    out = D.traj_dpo([a, b, c], tau4=3.0, guide="none", seed=0)
    assert len(out) == 1  # 9 vs 5 only; 9 vs 7 and 5 vs 7 are within 3
    assert "width_m=4.0" in out[0]["chosen"] and "width_m=5.0" in out[0]["rejected"]
    assert C.longer_share(out) == 0.0  # equal lengths
    short = rollout(3, [12.0], [INIT], instruction="x")
    long = rollout(4, [6.0, 6.0], [INIT, WARDROBE], instruction="x")
    out = D.traj_dpo([short, long], tau4=3.0, guide="none", seed=0)
    assert [x["meta"]["longer_wins"] for x in out] == [False] and C.longer_share(out) == 0.0


def test_disc_sft_labels_the_highest_composition():
    rs = [rollout(i, [float(2 + i)], [f'init_room(room_type="bedroom", width_m={4 + i}.0, depth_m=3.5)']) for i in range(4)]
    out = D.disc_sft(rs, k=4, groups=3, guide="none", seed=0)
    assert len(out) == 3
    for ex in out:
        best = int(ex["completion"])
        assert ex["meta"]["C"][best] == max(ex["meta"]["C"]) == 5.0
        assert f"Candidate {best}:\n1. init_room(room_type=\"bedroom\", width_m=7.0" in ex["prompt"]


def test_step_dpo_prefers_the_better_executed_call():
    r = rollout(3, [8.0, 8.5, 8.6], [INIT, WARDROBE, LIGHT])
    # a fake evaluator: the alternative scores 20 (far better than C_t = 8.5)
    out = D.step_dpo([r], tau3=3.0, guide="none", seed=0, evaluate=lambda s, i, t: SimpleNamespace(quality=20.0), per_rollout=3)
    taken = (" " + WARDROBE, " " + LIGHT)  # stepwise answers start with the space after "N."
    assert out and all(x["rejected"] in taken and x["chosen"].startswith(" ") and x["chosen"] not in taken for x in out)
    none = D.step_dpo([r], tau3=3.0, guide="none", seed=0, evaluate=lambda s, i, t: SimpleNamespace(quality=9.0), per_rollout=3)
    assert none == []


def test_instruction_sets_are_deterministic_and_disjoint():
    from training import instructions

    a = instructions.build({"train": 30, "disc": 10, "interleave": 10, "test": 10}, seed=1)
    assert a == instructions.build({"train": 30, "disc": 10, "interleave": 10, "test": 10}, seed=1)
    texts = [x["instruction"] for x in a]
    assert len(texts) == len(set(texts)) == 60
    held = instructions.build({"train": 20}, holdout="paper")
    assert not {"bedroom", "kitchen"} & {x["room"] for x in held}


# ---------------------------------------------------------------- tokenizer and GGUF export

TEXTS = [C.trajectory_text([INIT, WARDROBE, LIGHT, ART]), "Instruction: Design me a bedroom", "Candidate 0:\nBest candidate:\n2"] * 20


@pytest.fixture(scope="module")
def tokenizer_json(tmp_path_factory):
    pytest.importorskip("tokenizers")
    from training import tokenizer

    path = tmp_path_factory.mktemp("tok") / "tokenizer.json"
    tokenizer.train(TEXTS, vocab_size=400).save(str(path))
    return path


def test_tokenizer_round_trip(tokenizer_json):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_json))
    text = 'Ünïcode 5 x 4 m\n1. add_on_top(parent="desk_0", category="book", count=2)\t'
    enc = tok.encode(text)
    assert enc.ids[0] == tok.token_to_id("<s>") == 0
    assert tok.decode(enc.ids, skip_special_tokens=True) == text
    assert len(tok.encode(TEXTS[0]).ids) < len(TEXTS[0]) / 2  # merges learned: far fewer tokens than bytes


def test_gguf_export_reproduces_hf_greedy_tokens(tokenizer_json, tmp_path):
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    llama_cpp = pytest.importorskip("llama_cpp")
    from training import export_gguf, hf

    tok = hf.wrap_tokenizer(tokenizer_json)
    cfg = hf.tiny_config(len(tok), "nano", context=256)
    cfg.initializer_range = 0.3  # random logits far apart: greedy choices are not near-ties
    torch.manual_seed(0)
    model = hf.LlamaForCausalLM(cfg).eval()
    ckpt = tmp_path / "ckpt"
    model.save_pretrained(str(ckpt))
    tok.save_pretrained(str(ckpt))
    gguf_path = export_gguf.write_gguf(ckpt, tmp_path / "m.gguf", guide="none")

    prompt = "Instruction: Design me a bedroom\nTrajectory:\n1. "
    ids = tok(prompt)["input_ids"]
    with torch.no_grad():
        want = model.generate(torch.tensor([ids]), max_new_tokens=12, do_sample=False, eos_token_id=None, pad_token_id=1)[0, len(ids):].tolist()

    llm = llama_cpp.Llama(str(gguf_path), n_ctx=256, n_threads=1, verbose=False)
    assert llm.tokenize(prompt.encode(), add_bos=True) == ids
    got = []
    for t in llm.generate(ids, top_k=1, temp=0.0, repeat_penalty=1.0):
        got.append(t)
        if len(got) == len(want):
            break
    assert got == want
    assert json.loads((ckpt / "config.json").read_text())["model_type"] == "llama"
