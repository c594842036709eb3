"""The hand-written instruction set: instructions with the specs a careful annotator writes for
them (SceneEval's grammar, ``core/metrics/specs.py``), the nouns the catalogue does not know, and
three re-wordings of some instructions that keep the same specs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"
INSTRUCTIONS = DATA / "instructions.tsv"
PARAPHRASES = DATA / "paraphrases.tsv"


@dataclass(frozen=True)
class Row:
    id: str
    room_type: str
    instruction: str
    specs: tuple[str, ...]
    unknown: tuple[str, ...]


def _split(field: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field.split(" | ") if part.strip())


def _records(path: Path, columns: int) -> list[list[str]]:
    """The data lines of a tab-separated file: header, blank and ``#`` lines skipped; each line
    padded to ``columns`` fields (empty trailing fields may be dropped by editors)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    records = []
    for n, line in enumerate(lines[1:], 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) > columns:
            raise ValueError(f"{path.name}:{n}: {len(fields)} fields, expected at most {columns}")
        records.append(fields + [""] * (columns - len(fields)))
    return records


def load_instructions(path: Path = INSTRUCTIONS) -> list[Row]:
    return [Row(i.strip(), room.strip(), text.strip(), _split(specs), _split(unknown))
            for i, room, text, specs, unknown in _records(path, 5)]


def load_paraphrases() -> dict[str, tuple[str, str, str]]:
    grouped: dict[str, list[str]] = {}
    for i, text in _records(PARAPHRASES, 2):
        grouped.setdefault(i.strip(), []).append(text.strip())
    out = {}
    for i, texts in grouped.items():
        if len(texts) != 3:
            raise ValueError(f"{PARAPHRASES.name}: {i} has {len(texts)} paraphrases, expected 3")
        out[i] = (texts[0], texts[1], texts[2])
    return out
