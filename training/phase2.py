"""Stage 7: phase 2, the paper's interleaved round, and the discriminator's measured evaluation.

Phase 1 trained the orchestrator (stepwise SFT -> trajectory SFT -> stepwise DPO -> trajectory DPO)
and the discriminator (SFT on truncated teacher rollouts) independently. Phase 2 lets each model
train the other, on two instruction sets phase 1 never saw:

1. ``disc`` set: the phase-1 orchestrator samples k trajectories per instruction; each sample is
   executed and scored (quality Q from the evaluator, composition C = Q - gamma * T with T the
   sample's generation time). The sample with the highest composition is the label of a
   discriminator example, so the discriminator now learns to rank the orchestrator's own outputs
   (not the teacher's truncations). A deterministic share of these instructions is held out to
   measure the discriminator afterwards.
   ``pipeline.sh`` then fine-tunes it: ``train_sft.py --data disc2_sft --init discriminator --save discriminator2``.
2. ``interleave`` set: the orchestrator samples k trajectories per instruction, NOT executed; the
   (phase-2) discriminator ranks each group, and its pick versus every other distinct sample
   becomes a trajectory-DPO pair (chosen: the pick). ``pipeline.sh`` then trains the orchestrator:
   ``train_dpo.py --data traj_dpo2 --init orchestrator --save orchestrator2``.

Subcommands (each resumable: per-instruction records are appended and ids already done are
skipped; a whole-file output that exists is kept unless ``--force``):

    python training/phase2.py sample --out OUT --set disc --model M.gguf --k 4 --execute   # samples_disc.jsonl
    python training/phase2.py sample --out OUT --set interleave --model M.gguf --k 4       # samples_interleave.jsonl
    python training/phase2.py disc-data --out OUT --heldout 0.2      # disc2_sft.jsonl, disc2_heldout.jsonl
    python training/phase2.py fit-ranker --out OUT                   # ranker.json (the feature discriminator)
    python training/phase2.py disc-eval --out OUT --disc D.gguf       # eval/discriminator.json
    python training/phase2.py disc-eval --out OUT --disc OUT/ranker.json   # eval/ranker.json
    python training/phase2.py interleave --out OUT --disc D.gguf [--model M.gguf --k 4]   # traj_dpo2.jsonl

``disc-eval`` is how we show whether the discriminator beats the simple rules: on the held-out
groups it compares the discriminator's pick with "the longest" (most calls), "the most objects"
(the built scene's object count: more than a discriminator of unbuilt samples can know), "the most
objects in the calls" (the objects the calls add as ``agent.ranker`` reads them, a crowd's items
estimated: what the text says) and a random pick (1/k expected), each against the true best by
composition. A rule that ties between candidates is credited as a uniform choice among the tied
ones (1/ties when the best is among them); a group the discriminator cannot rank (a prompt longer
than its context) counts as a miss and is reported.

``fit-ranker`` fits the feature discriminator (``agent/ranker.py``: a linear score over what each
candidate's calls say, learnt by pairwise logistic regression with a cross-validated penalty) on
the same training groups the language-model discriminator is fine-tuned on. ``disc-eval`` and
``interleave`` take either kind (``--disc`` a GGUF or a ``.json`` ranker file). The language-model
discriminator ranks at chance at this project's size; the ranker is what ships
(``models/discriminator.json``) and what ranks the interleave set in ``pipeline.sh``.

``interleave`` prints the share of pairs in which the chosen trajectory has more calls than the
rejected one ("the longer wins"): a discriminator that only learned "longer is better" would make
that share near 100 %.

Samples are drawn with ``LlamaBackend.generate(instruction, n=k, seed)`` (grammar-constrained, so
every returned sample is a valid trajectory); an instruction whose generation fails is recorded
with its error and no candidates, and skipped by the later steps.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

import numpy as np

try:
    from training import common as C
except ImportError:
    import common as C

from sceneorchestra_addon.agent.backend import BackendError, sample_seed

SETS = ("disc", "interleave")
GUIDES = ("full", "compact", "none")


# ---------------------------------------------------------------- pure helpers (unit-tested)


def id_fraction(ident: str) -> float:
    """A stable number in [0, 1) for an instruction id (sha256, the same on every run and machine;
    Python's ``hash()`` is salted per process)."""
    return int(hashlib.sha256(ident.encode("utf-8")).hexdigest()[:12], 16) / float(16**12)


def heldout_ids(ids, fraction: float) -> set[str]:
    """The ids held out: the ``round(fraction * n)`` ids with the smallest ``id_fraction`` (at least
    one when ``fraction`` > 0 and there are two ids or more; never all of them). Deterministic and
    independent of the ids' order."""
    ids = sorted(set(ids))
    if fraction <= 0 or len(ids) < 2:
        return set()
    n = min(len(ids) - 1, max(1, round(fraction * len(ids))))
    return set(sorted(ids, key=lambda i: (id_fraction(i), i))[:n])


def best_index(scores) -> int | None:
    """The index of the strict maximum of ``scores``, or None when the maximum is tied (within 1e-9)
    or there are fewer than two scores."""
    if len(scores) < 2:
        return None
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    if scores[order[0]] - scores[order[1]] <= 1e-9:
        return None
    return order[0]


def rule_credit(values, best: int) -> float:
    """The expected accuracy of "pick the candidate with the largest value", ties broken uniformly:
    1/len(ties) when ``best`` is among the tied maxima, else 0."""
    top = max(values)
    tied = [i for i, v in enumerate(values) if v == top]
    return 1.0 / len(tied) if best in tied else 0.0


def distinct(candidates: list[dict], key=None) -> list[dict]:
    """The candidates with distinct texts (first occurrence kept), optionally only those ``key`` keeps."""
    seen, out = set(), []
    for c in candidates:
        if c["text"] in seen or (key is not None and not key(c)):
            continue
        seen.add(c["text"])
        out.append(c)
    return out


def disc_group(record: dict, guide: str, seed: int) -> dict | None:
    """A discriminator example from one executed sample record, in ``disc_sft``'s format, or None
    when the record has fewer than two distinct scored candidates or no strict best.

    Duplicate texts are merged first (the same text builds the same room: one candidate, not a tie).
    The order is shuffled with a numpy rng seeded from ``seed`` and the id, so the best is not always
    first; ``meta`` keeps each candidate's text and scores for ``disc-eval``."""
    cands = distinct(record.get("candidates", []), key=lambda c: c.get("composition") is not None)
    if len(cands) < 2:
        return None
    rng = np.random.default_rng([seed, 11, int(id_fraction(record["id"]) * 2**31)])
    cands = [cands[int(i)] for i in rng.permutation(len(cands))]
    scores = [float(c["composition"]) for c in cands]
    best = best_index(scores)
    if best is None:
        return None
    texts = [c["text"] for c in cands]
    meta = {
        "id": record["id"], "instruction": record["instruction"], "texts": texts, "C": scores,
        "quality": [c.get("quality") for c in cands], "objects": [c.get("objects") for c in cands],
        "failures": [c.get("failures") for c in cands], "n_calls": [c.get("n_calls", C.n_calls(c["text"])) for c in cands],
    }
    return {"prompt": C.discriminator_prompt(record["instruction"], texts, guide), "completion": str(best), "meta": meta}


def dpo_pairs(record: dict, pick: int, texts: list[str], guide: str) -> list[dict]:
    """Trajectory-DPO pairs in ``traj_dpo``'s format: ``texts[pick]`` (the discriminator's choice)
    against every other text."""
    chosen = texts[pick]
    out = []
    for j, rejected in enumerate(texts):
        if j == pick or rejected == chosen:
            continue
        nc, nr = C.n_calls(chosen), C.n_calls(rejected)
        meta = {"id": record["id"], "pick": pick, "rejected_index": j, "k": len(texts), "n_calls": [nc, nr], "longer_wins": nc > nr}
        out.append({"prompt": C.trajectory_prompt(record["instruction"], guide), "chosen": chosen, "rejected": rejected, "meta": meta})
    return out


# ---------------------------------------------------------------- models


def llama(model: str, args, n_ctx: int):
    from sceneorchestra_addon.agent.llama import LlamaBackend

    return LlamaBackend(model, n_threads=args.threads, n_ctx=n_ctx, guide=args.guide, max_tokens=args.max_tokens)


def judge_for(disc: str, args):
    """(the discriminator, a function that releases it): a ranker file (``.json``, the feature
    discriminator) or a discriminator GGUF on llama.cpp."""
    if Path(disc).suffix == ".json":
        from sceneorchestra_addon.agent.ranker import FeatureDiscriminator

        return FeatureDiscriminator(disc), lambda: None
    from sceneorchestra_addon.agent.discriminator import Discriminator

    backend = llama(disc, args, args.disc_ctx)
    return Discriminator(backend, guide=args.guide), backend.close


def ranker_groups(path: Path) -> list[tuple]:
    """(instruction, texts, compositions, objects, n_calls) of each discriminator group in ``path``
    (``disc-data``'s files)."""
    return [(g["meta"]["instruction"], g["meta"]["texts"], g["meta"]["C"], g["meta"]["objects"], g["meta"]["n_calls"])
            for g in C.read_jsonl(path)]


def fit_ranker(out: Path, dest: Path, force: bool) -> Path:
    """The feature discriminator (``agent.ranker``) fitted on the phase-2 discriminator groups
    (``disc2_sft.jsonl``: the orchestrator's own samples, built and scored), saved as JSON; the
    held-out groups stay for ``disc-eval``."""
    from sceneorchestra_addon.agent.llama import Limits
    from sceneorchestra_addon.agent.ranker import FEATURES, fit_chosen, ranker_params, trajectory_features

    if dest.exists() and not force:
        print(f"ranker: kept {dest} (--force refits)")
        return dest
    if not (out / "disc2_sft.jsonl").exists():
        raise SystemExit(f"no {out / 'disc2_sft.jsonl'}: run `training/phase2.py disc-data` first")
    groups = ranker_groups(out / "disc2_sft.jsonl")
    with C.Timer(f"fit-ranker ({len(groups)} groups)"):
        data = []
        for instruction, texts, scores, _, _ in groups:
            specs = Limits.of(instruction).specs
            data.append((np.stack([trajectory_features(t, specs) for t in texts]), scores))
        try:
            params = fit_chosen(data)
        except ValueError:  # no group, or every group's candidates score alike (a tiny run): nothing to learn
            rows = np.concatenate([x for x, _ in data]) if data else np.zeros((1, len(FEATURES)))
            params = ranker_params(rows, np.zeros(len(FEATURES)), pairs=0, groups=len(data), l2=0.0, cv={})
            print("ranker: no two candidates of a group score apart: its weights are zero (it picks the first candidate)")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(params, indent=1) + "\n")
    weights = ", ".join(f"{f} {w:+.2f}" for f, w in zip(params["features"], params["weights"]))
    print(f"ranker: {params['pairs']} pairs from {params['groups']} groups, L2 {params['l2']:g} (cross-validated accuracy by L2: "
          f"{params['cv']}) -> {dest}\n  weights (standardized features): {weights}")
    return dest


def timed_generate(backend, instruction: str, k: int, seed: int) -> tuple[list[str], list[float]]:
    """``backend.generate(instruction, n=k, seed=seed)`` and each sample's generation seconds (its
    attempts' time inside ``backend.write``, found by the attempts' sampler seeds; an even share of
    the wall time for a backend without ``write``)."""
    started = time.perf_counter()
    per = [0.0] * k
    write = getattr(backend, "write", None)
    if write is not None:
        owner = {sample_seed(seed, i, a): i for i in range(k) for a in range(getattr(backend, "max_attempts", 3))}

        def timing(prompt, sampler_seed, scene_seed=0, *rest):
            out = write(prompt, sampler_seed, scene_seed, *rest)
            if sampler_seed in owner:
                per[owner[sampler_seed]] += out.seconds
            return out

        backend.write = timing
    try:
        texts = backend.generate(instruction, n=k, seed=seed)
    finally:
        if write is not None:
            del backend.write
    wall = time.perf_counter() - started
    if not any(per):
        per = [wall / max(1, len(texts))] * len(texts)
    return texts, per[: len(texts)]


# ---------------------------------------------------------------- subcommands


def instructions_of(out: Path, name: str, limit: int | None) -> list[dict]:
    items = [r for r in C.read_jsonl(out / "instructions.jsonl") if r["set"] == name]
    if not items:
        raise SystemExit(f"no instructions of set {name!r} in {out / 'instructions.jsonl'}: run training/instructions.py first")
    return items[:limit] if limit else items


def sample(out: Path, name: str, model: str, k: int, limit: int | None, execute: bool, args) -> Path:
    """Sample k trajectories per instruction of set ``name`` into ``samples_<name>.jsonl`` (one
    record per instruction, appended as each finishes; ids already there are skipped)."""
    from sceneorchestra_addon.agent.pipeline import check_candidate

    items = instructions_of(out, name, limit)
    path = out / f"samples_{name}.jsonl"
    if getattr(args, "force", False) and args.cmd == "sample":
        path.unlink(missing_ok=True)
    done = {r["id"] for r in C.read_jsonl(path)}
    todo = [it for it in items if it["id"] not in done]
    print(f"samples_{name}: {len(done)} instructions done, {len(todo)} to sample (k={k}{', executed' if execute else ''})")
    if not todo:
        return path
    backend = llama(model, args, args.n_ctx)
    try:
        with C.Timer(f"sample {len(todo)} x {k} ({name})"):
            for n, it in enumerate(todo):
                started = time.perf_counter()
                record = {"id": it["id"], "set": it["set"], "instruction": it["instruction"], "candidates": []}
                try:
                    texts, seconds = timed_generate(backend, it["instruction"], k, args.seed)
                except BackendError as exc:  # GenerationFailed included: recorded, the run goes on
                    record.update(error=str(exc), seconds=round(time.perf_counter() - started, 3))
                    C.append_jsonl(path, record)
                    print(f"  {it['id']}: {str(exc).splitlines()[0][:200]}")
                    continue
                gen_s = time.perf_counter() - started
                for text, s in zip(texts, seconds):
                    cand = {"text": text, "n_calls": C.n_calls(text), "seconds": round(s, 3)}
                    if execute:
                        c = check_candidate(text, seed=args.seed, room_size_m=None, instruction=it["instruction"])
                        if c.error:
                            cand["error"] = c.error
                        else:
                            cand.update(quality=round(c.quality, 4), objects=c.objects, failures=c.failures,
                                        composition=round(C.composition(c.quality, s), 4))
                    record["candidates"].append(cand)
                record.update(seconds=round(gen_s, 3), executed=execute)
                if execute:
                    record["exec_seconds"] = round(time.perf_counter() - started - gen_s, 3)
                C.append_jsonl(path, record)
                if (n + 1) % 5 == 0:
                    print(f"  {n + 1}/{len(todo)}", flush=True)
    finally:
        backend.close()
    return path


def disc_data(out: Path, heldout: float, guide: str, seed: int, force: bool) -> tuple[Path, Path]:
    train_path, held_path = out / "disc2_sft.jsonl", out / "disc2_heldout.jsonl"
    if train_path.exists() and held_path.exists() and not force:
        print(f"disc2_sft: {len(C.read_jsonl(train_path))} examples, disc2_heldout: {len(C.read_jsonl(held_path))} (kept; --force rebuilds)")
        return train_path, held_path
    records = sorted(C.read_jsonl(out / "samples_disc.jsonl"), key=lambda r: r["id"])
    if not records:
        raise SystemExit(f"no {out / 'samples_disc.jsonl'}: run `training/phase2.py sample --set disc --execute` first")
    if not any("composition" in c for r in records for c in r.get("candidates", [])):
        raise SystemExit("samples_disc.jsonl has no scored candidates: sample the disc set with --execute")
    with C.Timer("disc-data"):
        groups = [g for g in (disc_group(r, guide, seed) for r in records) if g is not None]
        held = heldout_ids([g["meta"]["id"] for g in groups], heldout)
        n_train = C.write_jsonl(train_path, (g for g in groups if g["meta"]["id"] not in held))
        n_held = C.write_jsonl(held_path, (g for g in groups if g["meta"]["id"] in held))
    print(f"disc2_sft: {n_train} examples -> {train_path}; disc2_heldout: {n_held} -> {held_path} "
          f"({len(records) - len(groups)} of {len(records)} instructions skipped: <2 distinct scored samples or a tied best)")
    return train_path, held_path


def disc_eval(out: Path, disc: str, args) -> Path:
    """The discriminator's (a GGUF, or a ranker file) ranking accuracy on the held-out groups
    against the rules, written to ``eval/discriminator.json`` (a GGUF) or ``eval/ranker.json``."""
    dest = out / "eval" / ("ranker.json" if Path(disc).suffix == ".json" else "discriminator.json")
    if dest.exists() and not args.force:
        print_table(json.loads(dest.read_text()))
        print(f"(kept {dest}; --force re-evaluates)")
        return dest
    groups = C.read_jsonl(out / "disc2_heldout.jsonl")
    if not groups:
        raise SystemExit(f"no held-out groups in {out / 'disc2_heldout.jsonl'}: run `training/phase2.py disc-data` first (with --heldout > 0)")
    from sceneorchestra_addon.agent.ranker import called_objects

    judge, release = judge_for(disc, args)
    rows, errors = [], 0
    try:
        with C.Timer(f"disc-eval ({len(groups)} groups)"):
            for g in groups:
                m, best = g["meta"], int(g["completion"])
                try:
                    pick = judge.rank(m["instruction"], m["texts"])
                except BackendError as exc:
                    pick, errors = None, errors + 1
                    print(f"  {m['id']}: {exc}")
                rows.append({
                    "id": m["id"], "k": len(m["texts"]), "best": best, "disc": pick,
                    "longest": rule_credit(m["n_calls"], best), "most_objects": rule_credit(m["objects"], best),
                    "most_objects_in_calls": rule_credit([called_objects(t) for t in m["texts"]], best),
                    "disc_picks_longest": pick is not None and m["n_calls"][pick] == max(m["n_calls"]),
                })
    finally:
        release()
    n = len(rows)
    result = {
        "groups": n, "disc": str(disc), "errors": errors, "k_mean": round(sum(r["k"] for r in rows) / n, 3),
        "accuracy": {
            "discriminator": sum(r["disc"] == r["best"] for r in rows) / n,
            "longest": sum(r["longest"] for r in rows) / n,
            "most_objects": sum(r["most_objects"] for r in rows) / n,
            "most_objects_in_calls": sum(r["most_objects_in_calls"] for r in rows) / n,
            "random": sum(1.0 / r["k"] for r in rows) / n,
        },
        "disc_picks_longest": sum(r["disc_picks_longest"] for r in rows) / n,
        "per_group": rows,
    }
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(result, indent=1) + "\n")
    print_table(result)
    print(f"-> {dest}")
    return dest


def print_table(result: dict) -> None:
    print(f"ranking accuracy on {result['groups']} held-out groups (k = {result['k_mean']:g} on average; picked == best by composition):")
    for name, acc in result["accuracy"].items():
        print(f"  {name:<14} {acc:6.1%}")
    print(f"  (the discriminator picks a longest candidate in {result['disc_picks_longest']:.0%} of the groups; {result['errors']} could not be ranked)")


def interleave(out: Path, disc: str, args) -> Path:
    samples_path = out / "samples_interleave.jsonl"
    missing = {it["id"] for it in instructions_of(out, "interleave", args.limit)} - {r["id"] for r in C.read_jsonl(samples_path)}
    if missing:
        if not args.model:
            raise SystemExit(f"{len(missing)} interleave instructions not sampled yet: pass --model (the phase-1 orchestrator GGUF) "
                             "or run `training/phase2.py sample --set interleave` first")
        sample(out, "interleave", args.model, args.k, args.limit, False, args)
    path, ranks_path = out / "traj_dpo2.jsonl", out / "interleave_ranks.jsonl"
    if args.force:
        for p in (path, ranks_path):
            p.unlink(missing_ok=True)
    done = {r["id"] for r in C.read_jsonl(ranks_path)} | {p["meta"]["id"] for p in C.read_jsonl(path)}
    records = [r for r in sorted(C.read_jsonl(samples_path), key=lambda r: r["id"]) if r["id"] not in done]
    print(f"traj_dpo2: {len(done)} instructions ranked, {len(records)} to rank")
    if records:
        judge, release = judge_for(disc, args)
        try:
            with C.Timer(f"interleave ({len(records)} groups)"):
                for r in records:
                    texts = [c["text"] for c in distinct(r.get("candidates", []))]
                    rank = {"id": r["id"], "k": len(texts), "pick": None}
                    if len(texts) >= 2:
                        try:
                            rank["pick"] = judge.rank(r["instruction"], texts)
                        except BackendError as exc:
                            rank["error"] = str(exc)
                            print(f"  {r['id']}: {exc}")
                    if rank["pick"] is not None:
                        for pair in dpo_pairs(r, rank["pick"], texts, args.guide):
                            C.append_jsonl(path, pair)
                    C.append_jsonl(ranks_path, rank)
        finally:
            release()
    pairs = C.read_jsonl(path)
    share = C.longer_share(pairs)
    print(f"traj_dpo2: {len(pairs)} pairs -> {path}" + ("" if share is None else f"; the longer trajectory is chosen in {share:.0%} of the pairs"))
    return path


# ---------------------------------------------------------------- command line


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(p, models: bool = True):
        p.add_argument("--out", default="out/training", help="the pipeline's output folder")
        p.add_argument("--guide", default=C.DEFAULT_GUIDE, choices=GUIDES, help="tool guide in the prompts (as the models were trained)")
        p.add_argument("--seed", type=int, default=0)
        p.add_argument("--force", action="store_true", help="redo outputs that exist")
        if models:
            p.add_argument("--threads", type=int, default=1, help="llama.cpp threads (1 is fastest on a busy 2-core machine)")
            p.add_argument("--n-ctx", type=int, default=4096, help="the orchestrator's context (tokens)")
            p.add_argument("--disc-ctx", type=int, default=8192, help="the discriminator's context (k trajectories in one prompt)")
            p.add_argument("--max-tokens", type=int, default=1024, help="longest sampled trajectory (tokens)")

    p = sub.add_parser("sample", help="the orchestrator samples k trajectories per instruction of a set")
    common(p)
    p.add_argument("--set", required=True, choices=SETS)
    p.add_argument("--model", required=True, help="the phase-1 orchestrator GGUF")
    p.add_argument("--k", type=int, default=C.K_CANDIDATES)
    p.add_argument("--limit", type=int, default=None, help="only the first N instructions of the set")
    p.add_argument("--execute", action="store_true", help="execute and score every sample (the disc set)")

    p = sub.add_parser("disc-data", help="discriminator phase-2 SFT data and the held-out groups from samples_disc.jsonl")
    common(p, models=False)
    p.add_argument("--heldout", type=float, default=0.2, help="share of instructions held out for disc-eval")

    p = sub.add_parser("fit-ranker", help="the feature discriminator, fitted on the discriminator groups (disc2_sft.jsonl)")
    common(p, models=False)
    p.add_argument("--save", default=None, help="where the ranker file goes (default: OUT/ranker.json)")

    p = sub.add_parser("disc-eval", help="ranking accuracy of the discriminator vs simple rules on the held-out groups")
    common(p)
    p.add_argument("--disc", required=True, help="the discriminator: a GGUF, or a ranker file (.json)")

    p = sub.add_parser("interleave", help="the discriminator ranks unexecuted samples: best-vs-others trajectory-DPO pairs")
    common(p)
    p.add_argument("--disc", required=True, help="the (phase-2) discriminator: a GGUF, or a ranker file (.json)")
    p.add_argument("--model", default=None, help="the phase-1 orchestrator GGUF (to sample the interleave set when not done yet)")
    p.add_argument("--k", type=int, default=C.K_CANDIDATES)
    p.add_argument("--limit", type=int, default=None, help="only the first N instructions of the set")
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    out = Path(args.out)
    if args.cmd == "sample":
        if args.k < 1:
            raise SystemExit("--k must be at least 1")
        sample(out, args.set, args.model, args.k, args.limit, args.execute, args)
    elif args.cmd == "disc-data":
        disc_data(out, args.heldout, args.guide, args.seed, args.force)
    elif args.cmd == "fit-ranker":
        fit_ranker(out, Path(args.save) if args.save else out / "ranker.json", args.force)
    elif args.cmd == "disc-eval":
        disc_eval(out, args.disc, args)
    elif args.cmd == "interleave":
        interleave(out, args.disc, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
