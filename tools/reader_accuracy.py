"""How well the reader recovers hand-written specs: precision and recall over an instruction set.

Reads a tab-separated file with ``instruction`` and ``specs`` columns (``tests/data/instructions.tsv``),
reads each instruction with ``core/reader.py`` and compares its specs with the annotator's, spec by
spec after a canonical form (synonyms resolved to their category, ``gt,N`` as ``ge,N+1``,
``lt,N`` as ``le,N-1``). Specs about the objects of the file's ``unknown`` column (nouns the
catalogue lacked when the file was annotated, so the annotator wrote no spec for them) are not
scored. Prints micro precision and recall, the instructions with misses, and with
``--paraphrases FILE`` (columns ``id`` and ``paraphrase``) how many re-wordings give other specs than
their original.

    .venv/bin/python tools/reader_accuracy.py [--file tests/data/instructions.tsv] [--paraphrases tests/data/paraphrases.tsv] [-v]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sceneorchestra_addon.core.reader import read  # noqa: E402
from sceneorchestra_addon.ground import catalog  # noqa: E402


def canonical_word(word: str) -> str:
    word = word.strip().lower().replace(" ", "_")
    if word in catalog.BY_NAME:
        return word
    resolved = catalog.resolve(word.replace("_", " "))
    if resolved and len(catalog.covering(word.replace("_", " "))) == 1:
        return resolved
    return word


def canonical(spec: str) -> str:
    parts = [p.strip() for p in spec.split(",")]
    quant, n = parts[0], int(parts[1])
    if quant == "gt":
        quant, n = "ge", n + 1
    elif quant == "lt":
        quant, n = "le", n - 1
    if len(parts) == 3:
        return f"{quant},{n},{canonical_word(parts[2])}"
    ref = parts[4] if parts[4] in ("wall", "room", "ceiling", "door", "window") else canonical_word(parts[4])
    return f"{quant},{n},{parts[2]},{canonical_word(parts[3])},{ref}"


def spec_set(specs) -> set[str]:
    return {canonical(s) for s in specs}


def objects_of(spec: str) -> set[str]:
    parts = spec.split(",")
    return {parts[2]} if len(parts) == 3 else {parts[3], parts[4]}


def unscored(unknown: tuple[str, ...]) -> set[str]:
    """The categories the annotator's unknown nouns resolve to now (the catalogue may have grown)."""
    return {canonical_word(c) for noun in unknown for c in [catalog.resolve(noun)] if c}


def read_rows(path: Path) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(instruction, specs, unknown nouns) of an annotated file."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    out = []
    for line in lines[1:]:
        cell = dict(zip(header, line.split("\t") + [""] * len(header)))
        out.append((cell["instruction"].strip(), _cells(cell["specs"]), _cells(cell.get("unknown", ""))))
    return out


def _cells(value: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in value.split("|") if x.strip())


def score(rows) -> tuple[float, float, list[tuple[str, set[str], set[str]]]]:
    """Micro precision, recall and, per instruction with a difference, (text, missed, extra); rows
    are (instruction, specs) or (instruction, specs, unknown nouns)."""
    hits = got = want = 0
    misses = []
    for text, specs, *rest in rows:
        skip = unscored(rest[0]) if rest else set()
        gold = spec_set(specs)
        mine = {x for x in spec_set(read(text).specs()) if not objects_of(x) & skip}
        hits += len(gold & mine)
        got += len(mine)
        want += len(gold)
        if gold != mine:
            misses.append((text, gold - mine, mine - gold))
    return hits / max(1, got), hits / max(1, want), misses


def read_paraphrases(path: Path) -> dict[str, list[str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    i, k = header.index("id"), header.index("paraphrase")
    out: dict[str, list[str]] = {}
    for line in lines[1:]:
        cells = line.split("\t")
        out.setdefault(cells[i].strip(), []).append(cells[k].strip())
    return out


def paraphrase_changes(instructions: Path, paraphrases: Path) -> list[tuple[str, str]]:
    """(original, paraphrase) pairs whose specs differ."""
    lines = [line for line in instructions.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    by_id = {cells[header.index("id")]: cells[header.index("instruction")] for cells in (line.split("\t") for line in lines[1:])}
    changed = []
    for pid, texts in read_paraphrases(paraphrases).items():
        base = spec_set(read(by_id[pid]).specs())
        changed += [(by_id[pid], t) for t in texts if spec_set(read(t).specs()) != base]
    return changed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", default=str(ROOT / "tests" / "data" / "instructions.tsv"))
    ap.add_argument("--paraphrases", default=None)
    ap.add_argument("-v", "--verbose", action="store_true", help="print every instruction with a difference")
    args = ap.parse_args()
    rows = read_rows(Path(args.file))
    precision, recall, misses = score(rows)
    print(f"{len(rows)} instructions: precision {precision:.3f}, recall {recall:.3f}, {len(misses)} with a difference")
    if args.verbose:
        for text, missed, extra in misses:
            print(f"- {text}\n    missed: {sorted(missed)}\n    extra:  {sorted(extra)}")
    if args.paraphrases:
        changed = paraphrase_changes(Path(args.file), Path(args.paraphrases))
        print(f"paraphrases with other specs than their original: {len(changed)}")
        for a, b in changed if args.verbose else ():
            print(f"- {a}\n  {b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
