"""Stage 3: the four orchestrator datasets and the discriminator dataset, from rollouts.jsonl.

Each file is JSONL in the trainers' formats (trl): SFT ``{"prompt", "completion"}``, DPO
``{"prompt", "chosen", "rejected"}``; every record also carries ``meta`` (source rollout, scores).

- ``step_sft.jsonl`` (paper stage 1): a kept step t whose composition jumps, C_t - C_{t-1} > tau1,
  as (stepwise prompt with the execution history, the call). C_{-1} = 0: the initializer of every
  rollout qualifies when its room scores above tau1. Then the continuation records
  (``training/followup_data.py``, ``--continuations N`` follow-ups drawn per rollout, 0: none):
  follow-up instructions sampled over the rollout's finished scene, each call ``core/followup``
  writes for them (and the terminate after them) as (stepwise prompt with the follow-up as the
  instruction and the executed history, the call).
- ``traj_sft.jsonl`` (stage 2): each rollout whole, and truncated after random kept steps t
  (``--truncations`` draws) whose C_t beats the whole rollout's by more than PREFIX_MARGIN (the
  later steps made it worse), kept when C_t > tau2, closed with ``terminate(status="success")``. (The paper keeps every
  truncation above tau2; taught as finished trajectories, prefixes that score lower than the whole
  teach the model to stop early, and ours built half the teacher's objects.)
- ``step_dpo.jsonl`` (stage 3): at a kept step, an alternative call drawn from the teacher's own
  option generator (program steps not done yet, fillers, a modifier) is executed from the state
  before the step and scored; when |C_alt - C_t| > tau3 the better call is chosen, the worse rejected.
  (The paper lets the fine-tuned orchestrator propose the alternative; the teacher's generator is the
  model-free stand-in that lets this stage run before any model exists.) C_alt uses the step's T_t.
- ``traj_dpo.jsonl`` (stage 4): two whole rollouts of one instruction (different seeds); a pair
  when |C_a - C_b| > tau4. (Random truncations, as in the paper, made "the longer wins" 94 % of the
  pairs: composition grows with every kept step.) The share of pairs the longer answer wins is printed.
- ``disc_sft.jsonl``: k truncated trajectories of one instruction -> the index of the one with the
  highest composition (a strict maximum; ties are skipped).

Scale: our quality is 0.1 * Q_phy + mean grade (grades 0-10), the paper's; the teacher's rooms
score about 8-15, so tau2 = 7.5 keeps nearly everything and jumps above 3 are rare (mostly the
initializer and crowds of small objects). The thresholds are flags with the paper's values as
defaults; ``--scale s`` multiplies tau1, tau3 and tau4 (not tau2) for small data sets.

    python training/build_datasets.py --out out/training --guide none
"""

from __future__ import annotations

import argparse
import os
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

try:
    from training import common as C
    from training import followup_data
except ImportError:
    import common as C
    import followup_data

from sceneorchestra_addon.agent import prompts
from sceneorchestra_addon.agent.teacher import Teacher
from sceneorchestra_addon.core import programs
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.executor import apply_call, call_rng
from sceneorchestra_addon.ground.state import SceneState

FILES = ("step_sft", "traj_sft", "step_dpo", "traj_dpo", "disc_sft")
PREFIX_MARGIN = 0.05  # trajectory SFT: a prefix beats its whole rollout by more than this (more than the time it saves)


def step_sft(rollouts: list[dict], tau1: float, guide: str) -> list[dict]:
    out = []
    for r in rollouts:
        history, prev = [], 0.0
        for s in C.kept_steps(r):
            if s["composition"] - prev > tau1:
                meta = {"id": r["id"], "seed": r["seed"], "step": len(history), "jump": round(s["composition"] - prev, 3)}
                out.append({"prompt": C.stepwise_prompt(r["instruction"], history, guide), "completion": prompts.step_answer(s["call"]), "meta": meta})
            history.append((s["call"], s["result"]))
            prev = s["composition"]
    return out


def traj_sft(rollouts: list[dict], tau2: float, guide: str, truncations: int, seed: int) -> list[dict]:
    """Each rollout whole (the teacher's finished room) when C > tau2, plus up to ``truncations``
    random prefixes that score better than the whole by more than PREFIX_MARGIN (the steps after them
    made the room worse). A prefix that scores no better is not a finished trajectory: taught as one,
    it makes the model stop early (most prefixes tie with the whole, the last steps adding small
    things the score barely sees)."""
    out, seen = [], set()
    for i, r in enumerate(rollouts):
        steps = C.body_steps(r)
        if not steps:
            continue
        rng = np.random.default_rng([seed, 2, i])
        last = len(steps) - 1
        c_last = float(steps[last]["composition"])
        cuts = {int(x) for x in rng.integers(len(steps), size=truncations)} if truncations else set()
        for t in sorted({last} | {t for t in cuts if float(steps[t]["composition"]) > c_last + PREFIX_MARGIN}):
            text, c = C.truncated(r, t)
            if c > tau2 and (r["instruction"], text) not in seen:
                seen.add((r["instruction"], text))
                meta = {"id": r["id"], "seed": r["seed"], "t": t, "C": c, "whole": t == last}
                out.append({"prompt": C.trajectory_prompt(r["instruction"], guide), "completion": text, "meta": meta})
    return out


def by_instruction(rollouts: list[dict]) -> dict[str, list[dict]]:
    """The rollouts that have steps besides terminate, grouped by instruction (first seen first)."""
    groups = defaultdict(list)
    for r in rollouts:
        if C.body_steps(r):
            groups[r["instruction"]].append(r)
    return groups


def traj_dpo(rollouts: list[dict], tau4: float, guide: str, seed: int) -> list[dict]:
    """Pairs of whole rollouts of one instruction (different seeds) whose compositions differ by more
    than tau4: the better is chosen. Whole rooms, not random truncations, so a pair is not decided by
    which one was cut later (``meta.longer_wins`` records whether the chosen one has more calls)."""
    out = []
    for instruction, group in by_instruction(rollouts).items():
        whole = [(C.truncated(r, len(C.body_steps(r)) - 1), r["seed"]) for r in group]
        for a in range(len(whole)):
            for b in range(a + 1, len(whole)):
                (ta, ca), sa = whole[a]
                (tb, cb), sb = whole[b]
                if abs(ca - cb) > tau4 and ta != tb:
                    chosen, rejected = (ta, tb) if ca > cb else (tb, ta)
                    meta = {"seeds": [sa, sb], "C": [ca, cb], "longer_wins": C.n_calls(chosen) > C.n_calls(rejected)}
                    out.append({"prompt": C.trajectory_prompt(instruction, guide), "chosen": chosen, "rejected": rejected, "meta": meta})
    return out


def disc_sft(rollouts: list[dict], k: int, groups: int, guide: str, seed: int) -> list[dict]:
    out = []
    for n, (instruction, group) in enumerate(by_instruction(rollouts).items()):
        rng = np.random.default_rng([seed, 5, n])
        pool = {}
        for r in group:
            for t in range(len(C.body_steps(r))):
                text, c = C.truncated(r, t)
                pool.setdefault(text, c)
        if len(pool) < k:
            continue
        texts = sorted(pool)
        for _ in range(groups):
            pick = [texts[int(i)] for i in rng.choice(len(texts), size=k, replace=False)]
            scores = [pool[t] for t in pick]
            best = int(np.argmax(scores))
            if sorted(scores)[-1] - sorted(scores)[-2] <= 1e-6:
                continue
            out.append({"prompt": C.discriminator_prompt(instruction, pick, guide), "completion": str(best), "meta": {"C": scores}})
    return out


# ---------------------------------------------------------------- stepwise DPO (executes calls)


def replay(rollout: dict, upto: int) -> tuple[SceneState, set[str]]:
    """The state after the first ``upto`` kept steps (the teacher's rngs, so the same state), and
    the calls the teacher had tried by then (what its option generator leaves out)."""
    state, done, kept = SceneState(), set(), []
    room = rollout["room"]
    for s in rollout["steps"]:
        if len(kept) == upto:
            break
        done.add(s["call"])
        if not s.get("kept", True):
            continue
        call = T.parse(f"1. {s['call']}").calls[0]
        occurrence = sum(1 for x in kept if x == s["call"])
        state = apply_call(state, call, call_rng(rollout["seed"], call, occurrence)).state
        kept.append(s["call"])
        if call.tool == "init_furnished_room":
            done.update(programs.steps_up_to(room, call.params().density))
    return state, done


def alternatives(room: str, state: SceneState, done: set[str], rng: np.random.Generator) -> list[str]:
    options = Teacher._program_options(room, state, done) + Teacher._filler_options(room, state, done)
    if state.objects:
        options.append(Teacher._modifier(state, rng))
    return options


def step_dpo(rollouts: list[dict], tau3: float, guide: str, seed: int, evaluate, per_rollout: int = 2) -> list[dict]:
    """Alternatives at up to ``per_rollout`` random kept non-initial steps of each rollout."""
    out = []
    for i, r in enumerate(rollouts):
        steps = C.body_steps(r)
        rng = np.random.default_rng([seed, 3, i])
        if len(steps) < 2:
            continue
        for t in sorted({int(x) for x in rng.integers(1, len(steps), size=per_rollout)}):
            state, done = replay(r, t)
            options = [o for o in alternatives(r["room"], state, done, rng) if o != steps[t]["call"]]
            if not options:
                continue
            alt = options[int(rng.integers(len(options)))]
            call = T.parse(f"1. {alt}").calls[0]
            result = apply_call(state, call, call_rng(r["seed"], call, 0))
            if result.failure:
                continue
            c_alt = C.composition(evaluate(result.state, r["instruction"], steps[t]["runtime_s"]).quality, steps[t]["runtime_s"])
            c_t = steps[t]["composition"]
            if abs(c_alt - c_t) <= tau3:
                continue
            history = [(s["call"], s["result"]) for s in steps[:t]]
            chosen, rejected = (alt, steps[t]["call"]) if c_alt > c_t else (steps[t]["call"], alt)
            meta = {"id": r["id"], "seed": r["seed"], "step": t, "C_t": c_t, "C_alt": round(c_alt, 4)}
            answers = {"chosen": prompts.step_answer(chosen), "rejected": prompts.step_answer(rejected)}
            out.append({"prompt": C.stepwise_prompt(r["instruction"], history, guide), **answers, "meta": meta})
    return out


def default_evaluate(state, instruction, runtime_s):
    from sceneorchestra_addon.core.metrics import evaluate

    return evaluate(state, instruction=instruction, runtime_s=runtime_s)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="out/training")
    ap.add_argument("--sets", default="train", help="rollouts of these instruction sets")
    ap.add_argument("--guide", default=C.DEFAULT_GUIDE, choices=("full", "compact", "none"))
    ap.add_argument("--tau1", type=float, default=C.TAU1_STEP_SFT)
    ap.add_argument("--tau2", type=float, default=C.TAU2_TRAJ_SFT)
    ap.add_argument("--tau3", type=float, default=C.TAU3_STEP_DPO)
    ap.add_argument("--tau4", type=float, default=C.TAU4_TRAJ_DPO)
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies tau1, tau3, tau4")
    ap.add_argument("--k", type=int, default=C.K_CANDIDATES)
    ap.add_argument("--truncations", type=int, default=3, help="random truncations per rollout (trajectory SFT)")
    ap.add_argument("--disc-groups", type=int, default=4, help="discriminator examples per instruction")
    ap.add_argument("--dpo-steps", type=int, default=2, help="steps per rollout tried with an alternative call")
    ap.add_argument("--continuations", type=float, default=1,
                    help="follow-up instructions drawn per rollout for stepwise SFT continuation records "
                    "(0: none; a fraction: that share of the rollouts draws one)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes for the continuation records (default: one per core)")
    ap.add_argument("--only", default=",".join(FILES), help="which datasets to (re)build")
    ap.add_argument("--force", action="store_true", help="rebuild files that exist")
    args = ap.parse_args(argv)
    out = Path(args.out)
    rollouts = sorted((r for r in C.read_jsonl(out / "rollouts.jsonl") if r["set"] in args.sets.split(",")),
                      key=lambda r: (r["id"], r["seed"]))  # the order workers finished in does not matter
    if not rollouts:
        raise SystemExit(f"no rollouts of sets {args.sets} in {out}: run training/rollouts.py first")
    rollouts.sort(key=lambda r: (r["id"], r["seed"]))
    s = args.scale
    followups = Counter()
    builders = {
        "step_sft": lambda: step_sft(rollouts, args.tau1 * s, args.guide)
        + followup_data.continuations(rollouts, args.continuations, args.guide, args.seed, followups, args.workers),
        "traj_sft": lambda: traj_sft(rollouts, args.tau2, args.guide, args.truncations, args.seed),
        "step_dpo": lambda: step_dpo(rollouts, args.tau3 * s, args.guide, args.seed, default_evaluate, args.dpo_steps),
        "traj_dpo": lambda: traj_dpo(rollouts, args.tau4 * s, args.guide, args.seed),
        "disc_sft": lambda: disc_sft(rollouts, args.k, args.disc_groups, args.guide, args.seed),
    }
    for name in args.only.split(","):
        path = out / f"{name}.jsonl"
        if path.exists() and not args.force:
            print(f"{name}: {len(C.read_jsonl(path))} examples (kept {path})")
            continue
        with C.Timer(name):
            n = C.write_jsonl(path, builders[name]())
        print(f"{name}: {n} examples -> {path}" + ("  (none selected: lower the threshold, e.g. --scale 0.3)" if n == 0 else ""))
        if name == "step_sft" and args.continuations > 0:
            print(f"{name}: {followup_data.summary(followups)}")
        if name == "traj_dpo" and (share := C.longer_share(C.read_jsonl(path))) is not None:
            print(f"{name}: the longer answer is chosen in {share:.0%} of the pairs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
