"""The prompt sets benchmarks and the training pipeline's evaluation share: the ten "Design me a
<room>" rooms, and instruction files (tab-separated, with an ``instruction`` and a ``specs`` column)."""

from __future__ import annotations

from pathlib import Path

TEMPLATE_ROOMS = ("bedroom", "living room", "kitchen", "gym", "restaurant", "bathroom", "children room", "meeting room", "office", "waiting room")


def read_instructions(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(instruction, specs) rows of a tab-separated file with a header naming at least the columns
    ``instruction`` and ``specs`` (specs separated by " | "); lines starting with # are skipped."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    if "instruction" not in header or "specs" not in header:
        raise ValueError(f"{path}: the header must name the columns 'instruction' and 'specs' (tab-separated)")
    i, k = header.index("instruction"), header.index("specs")
    rows = []
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) <= max(i, k):
            cells += [""] * (max(i, k) + 1 - len(cells))
        rows.append((cells[i].strip(), tuple(x.strip() for x in cells[k].split("|") if x.strip())))
    return rows
