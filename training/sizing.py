"""Size the orchestrator by measurement: train each from-scratch Llama preset on one pipeline run's
datasets, run each steered on the held-out sets in one evaluation, and print the curve.

    python training/sizing.py --out out/training --presets nano,tiny,small
    python training/sizing.py --out out/training --presets tiny --no-stepwise tiny   # and the ablation

Every preset gets the stages the shipped model has: stage 1, stepwise SFT from scratch, then
stage 2, trajectory SFT from it (``training/pipeline.sh``'s epochs and sequence lengths). The
checkpoints are ``OUT/models/size_<preset>`` (stage 1: ``size_<preset>_step``) and the GGUFs
``OUT/gguf/size_<preset>.gguf``. ``--no-stepwise P`` also trains ``size_<P>_nostep``: trajectory
SFT from scratch with the same epochs, the "w/o stepwise" ablation of that size. Every stage is
kept when its checkpoint exists (delete the folder to redo it); its training seconds are kept in
``OUT/sizing/times.json``.

The evaluation is ``training/evaluate.py`` with one steered, one-sample row per model (plus any
``--rows`` given, such as the shipped model or the teacher), on ``OUT/instructions.jsonl``'s test
set and the hand-written instructions by default; it writes ``OUT/sizing/eval/table.{md,json}``.

The curve (``OUT/sizing/curve.md`` and ``curve.json``): per model its parameters (counted in the
GGUF), GGUF megabytes, training seconds, tokens per second while writing (llama.cpp, 1 thread),
median seconds per scene, and per set CNT, OOR, OAR and quality. The pick is the preset (its full-recipe
row, not an ablation or an extra row) with the best mean quality over the held-out sets among those
whose GGUF fits the shipping budget (40 MB).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

try:
    from training import common as C
except ImportError:  # run as a file
    import common as C

HERE = Path(__file__).resolve().parent
PRESETS = ("nano", "tiny", "small")  # training/hf.py PRESETS, smallest first
MAX_GGUF_MB = 40.0  # the shipping budget of the default model
CURVE_SETS = ("design", "test", "test_unseen", "instructions")


def gguf_size(path: Path) -> tuple[int, float]:
    """(parameters, megabytes) of a GGUF: the element count of its tensors and the file size."""
    from gguf import GGUFReader

    reader = GGUFReader(str(path))
    return int(sum(int(t.n_elements) for t in reader.tensors)), path.stat().st_size / 1e6


def train(out: Path, name: str, args: list[str], times: dict, times_path: Path, threads: int | None) -> None:
    """Run ``train_sft.py`` for checkpoint ``name`` unless it exists; record its seconds in ``times``
    and write them to ``times_path``."""
    if (out / "models" / name / "config.json").exists():
        print(f"{name}: kept", flush=True)
        return
    cmd = [sys.executable, str(HERE / "train_sft.py"), "--out", str(out), "--save", name, *args]
    if threads:
        cmd += ["--threads", str(threads)]
    print("$", " ".join(cmd), flush=True)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)
    times[name] = round(time.perf_counter() - t0, 1)
    times_path.write_text(json.dumps(times, indent=1) + "\n")


def export(out: Path, name: str, guide: str) -> Path:
    dest = out / "gguf" / f"{name}.gguf"
    if not dest.exists():
        subprocess.run([sys.executable, str(HERE / "export_gguf.py"), "--ckpt", str(out / "models" / name), "--out", str(dest),
                        "--guide", guide, "--no-verify"], check=True)
    return dest


def curve(table: dict, models: dict[str, Path], times: dict, candidates: list[str]) -> tuple[list[dict], str | None]:
    """One entry per evaluated model row of ``table`` (evaluate.py's table.json): size, speed and
    held-out figures; and the pick: of the ``candidates`` (the presets' full-recipe rows), the one
    with the best mean held-out quality whose GGUF fits the size budget."""
    sets = [s for s in CURVE_SETS if s in table["sets"]]
    held_sets = [s for s in ("test", "instructions") if s in sets] or sets
    entries = []
    for name, path in models.items():
        if not any(name in table["sets"][s] for s in sets):
            continue
        params, mb = gguf_size(path)
        per_set = {s: {k: table["sets"][s][name].get(k) for k in ("cnt", "oor", "oar", "quality", "n_obj", "median_s", "tokens_per_s")}
                   for s in sets if name in table["sets"][s]}
        rates = [v["tokens_per_s"] for v in per_set.values() if v["tokens_per_s"]]
        seconds = [v["median_s"] for v in per_set.values() if v["median_s"] is not None]
        train_s = sum(v for k, v in times.items() if k == name or k.startswith(f"{name}_step"))
        held = [v["quality"] for s, v in per_set.items() if s in held_sets and v["quality"] is not None]
        entries.append({"name": name, "gguf": str(path), "params": params, "mb": round(mb, 2), "train_s": round(train_s, 1) or None,
                        "tokens_per_s": round(sum(rates) / len(rates), 1) if rates else None,
                        "median_s": round(sorted(seconds)[len(seconds) // 2], 2) if seconds else None, "sets": per_set,
                        "heldout_quality": round(sum(held) / len(held), 3) if held else None})
    fitting = [e for e in entries if e["mb"] <= MAX_GGUF_MB and e["name"] in candidates and e["heldout_quality"] is not None]
    pick = max(fitting, key=lambda e: e["heldout_quality"])["name"] if fitting else None
    return entries, pick


def markdown(entries: list[dict], pick: str | None) -> str:
    sets = [s for s in CURVE_SETS if any(s in e["sets"] for e in entries)]

    def f(v, fmt="{:.2f}"):
        return "-" if v is None else fmt.format(v)

    head = "| model | parameters | GGUF MB | training s | tokens/s | s / scene | " + " | ".join(f"{s} CNT / OOR / OAR, Q" for s in sets) + " |"
    lines = [head, "| " + " | ".join(["---"] + ["---:"] * (5 + len(sets))) + " |"]
    for e in entries:
        cells = []
        for s in sets:
            v = e["sets"].get(s)
            cells.append("-" if v is None else f"{f(v['cnt'])} / {f(v['oor'])} / {f(v['oar'])}, {f(v['quality'])}")
        name = f"**{e['name']}**" if e["name"] == pick else e["name"]
        lines.append(f"| {name} | {e['params'] / 1e6:.2f} M | {e['mb']:.1f} | {f(e['train_s'], '{:.0f}')} | {f(e['tokens_per_s'], '{:.0f}')} | "
                     f"{f(e['median_s'])} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(f"Pick (the preset with the best mean held-out quality, GGUF at most {MAX_GGUF_MB:.0f} MB): {pick or 'none'}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="out/training", help="a pipeline folder with the datasets and tokenizer (build_datasets.py, tokenizer.py)")
    ap.add_argument("--presets", default="nano,tiny", help=f"comma-separated, of {', '.join(PRESETS)}")
    ap.add_argument("--no-stepwise", default="", help="presets that also get the w/o-stepwise ablation (trajectory SFT from scratch)")
    ap.add_argument("--rows", default="", help="extra evaluation rows (evaluate.py's name=spec), e.g. shipped=MODEL.gguf,teacher=teacher")
    ap.add_argument("--sets", default="test,instructions", help="evaluation sets (evaluate.py --sets)")
    ap.add_argument("--seeds", type=int, default=1, help="seeds per design prompt")
    ap.add_argument("--limit", type=int, default=0, help="the first N prompts of each set (0: all)")
    ap.add_argument("--step-data", default="step_sft", help="the stepwise SFT dataset(s) (train_sft.py --data)")
    ap.add_argument("--epochs", type=int, default=4, help="trajectory SFT epochs (pipeline.sh SFT_EPOCHS)")
    ap.add_argument("--step-epochs", type=int, default=2, help="stepwise SFT epochs (pipeline.sh STEP_EPOCHS)")
    ap.add_argument("--step-len", type=int, default=2048, help="longest stepwise SFT sequence (pipeline.sh STEP_LEN)")
    ap.add_argument("--guide", default=C.DEFAULT_GUIDE, choices=("full", "compact", "none"), help="the guide the datasets were built with")
    ap.add_argument("--threads", type=int, default=None, help="torch threads for training (train_sft.py's default when unset)")
    ap.add_argument("--no-eval", action="store_true", help="train and export only")
    args = ap.parse_args(argv)

    presets = [p.strip() for p in args.presets.split(",") if p.strip()]
    nostep = [p.strip() for p in args.no_stepwise.split(",") if p.strip()]
    unknown = [p for p in presets + nostep if p not in PRESETS]
    if unknown or not presets:
        ap.error(f"unknown preset(s) {', '.join(unknown) or '(none given)'}; expected some of {', '.join(PRESETS)}")
    out = Path(args.out)
    for need in (*(f"{n.strip()}.jsonl" for n in args.step_data.split(",")), "traj_sft.jsonl", "tokenizer/tokenizer.json", "instructions.jsonl"):
        if not (out / need).exists():
            ap.error(f"{out / need} is missing: run the pipeline's instructions, rollouts, datasets and tokenizer stages first")
    work = out / "sizing"
    work.mkdir(parents=True, exist_ok=True)
    times_path = work / "times.json"
    times = json.loads(times_path.read_text()) if times_path.exists() else {}

    models: dict[str, Path] = {}
    for p in presets:
        with C.Timer(f"sizing {p}"):
            train(out, f"size_{p}_step", ["--data", args.step_data, "--init", "scratch", "--preset", p, "--context", "4096",
                                          "--max-length", str(args.step_len), "--epochs", str(args.step_epochs)], times, times_path, args.threads)
            train(out, f"size_{p}", ["--data", "traj_sft", "--init", f"size_{p}_step", "--epochs", str(args.epochs)], times, times_path, args.threads)
            models[f"size_{p}"] = export(out, f"size_{p}", args.guide)
    for p in nostep:
        with C.Timer(f"sizing {p} w/o stepwise"):
            train(out, f"size_{p}_nostep", ["--data", "traj_sft", "--init", "scratch", "--preset", p, "--context", "4096",
                                            "--epochs", str(args.epochs)], times, times_path, args.threads)
            models[f"size_{p}_nostep"] = export(out, f"size_{p}_nostep", args.guide)
    if args.no_eval:
        return 0

    shutil.copyfile(out / "instructions.jsonl", work / "instructions.jsonl")
    rows = ",".join([f"{name}={path}" for name, path in models.items()] + ([args.rows] if args.rows else []))
    from training import evaluate

    code = evaluate.main(["--out", str(work), "--rows", rows, "--sets", args.sets, "--seeds", str(args.seeds), "--limit", str(args.limit)])
    if code:
        return code
    table = json.loads((work / "eval" / "table.json").read_text())
    for row in evaluate.parse_rows(args.rows) if args.rows else []:  # extra steered one-sample model rows go on the curve too
        if row.local and row.steer and row.samples == 1 and not row.discriminator and Path(row.spec).is_file():
            models[row.name] = Path(row.spec)
    entries, pick = curve(table, models, times, [f"size_{p}" for p in presets])
    text = markdown(entries, pick)
    print()
    print(text, end="")
    (work / "curve.md").write_text(text, encoding="utf-8")
    (work / "curve.json").write_text(json.dumps({"models": entries, "pick": pick, "max_gguf_mb": MAX_GGUF_MB}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {work / 'curve.md'} and {work / 'curve.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
