"""Stage 1: deterministic instruction sets, from templates over room types, sizes, counts and
relations, written as JSONL (one record a line: id, set, room, instruction).

The paper uses 100 + 50 + 50 + 50 detailed instructions: phase 1 (independent training), phase 2a
(discriminator round), phase 2b (orchestrator round) and held-out complex test instructions. The
counts are flags here (tiny defaults for a 2-core CPU). Every set is drawn from its own seeded
numpy Generator; an instruction appears in one set only.

Room types: every room with a room program, unless ``--holdout`` names some (the paper holds out
bedroom, living room, kitchen, gym and restaurant: ``--holdout paper``). A from-scratch model has no
knowledge of a room it never saw, so the shipped tiny model trains on all of them.

    python training/instructions.py --out out/training --counts 100,50,50,50
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

try:
    from training.common import write_jsonl
except ImportError:  # run as a file
    from common import write_jsonl

from sceneorchestra_addon.ground import catalog
from sceneorchestra_addon.core import programs

SETS = ("train", "disc", "interleave", "test")
PAPER_HOLDOUT = ("bedroom", "living_room", "kitchen", "gym", "restaurant")
COUNT_WORDS = {1: "a", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
RELATIONS = ("against the wall", "in the corner", "in the middle of the room", "near the window", "by the door")
ADJECTIVES = ("cozy", "modern", "spacious", "minimal", "bright", "small", "large", "comfortable", "simple", "elegant")
TEMPLATES = (
    "Design me a {room}",
    "Design me a {adj} {room}",
    "A {w} x {d} m {room} with {items}",
    "Create a {adj} {room} with {items}",
    "I need a {room} of {w} by {d} metres with {items}",
    "A {room} with {items}, {rel_item} {rel}",
    "Furnish a {w} x {d} m {adj} {room}: {items} and {rel_item} {rel}",
    "Make a {room} that has {items}",
)


def room_words(room: str) -> str:
    return room.replace("_", " ")


def phrase(category: str, count: int) -> str:
    """'a wardrobe', 'two nightstands' (the catalogue's plural rule)."""
    words = category.replace("_", " ")
    if count == 1:
        return ("an " if words[0] in "aeiou" else "a ") + words
    head, _, last = words.rpartition(" ")
    plural = last + ("es" if last.endswith(("s", "x", "ch", "sh")) else "s")
    return f"{COUNT_WORDS[count]} {(head + ' ' if head else '')}{plural}"


def floor_categories(room: str) -> list[str]:
    return [c.name for c in catalog.for_room(room) if c.placement == "floor" and c.counts_as_object and c.name != "rug"]


def instruction(room: str, rng: np.random.Generator) -> str:
    template = TEMPLATES[int(rng.integers(len(TEMPLATES)))]
    cats = floor_categories(room) or ["potted_plant"]
    picked = [cats[int(i)] for i in rng.choice(len(cats), size=min(3, len(cats)), replace=False)]
    n_items = int(rng.integers(1, min(3, len(picked)) + 1))
    items = [phrase(c, int(rng.integers(1, 3)) if i else 1) for i, c in enumerate(picked[:n_items])]
    listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    return template.format(
        room=room_words(room),
        adj=ADJECTIVES[int(rng.integers(len(ADJECTIVES)))],
        w=round(float(rng.uniform(3.0, 7.0)) * 2) / 2,
        d=round(float(rng.uniform(3.0, 6.0)) * 2) / 2,
        items=listed,
        rel_item=phrase(picked[-1], 1),
        rel=RELATIONS[int(rng.integers(len(RELATIONS)))],
    )


def rooms_for(holdout: str) -> list[str]:
    rooms = [r for r in catalog.ROOM_TYPES if programs.ROOM_PROGRAMS.get(r)]
    skip = set(PAPER_HOLDOUT) if holdout == "paper" else {r for r in holdout.split(",") if r}
    return [r for r in rooms if r not in skip]


def build(counts: dict[str, int], seed: int = 0, holdout: str = "") -> list[dict]:
    """``counts[set]`` unique instructions per set, rooms in turn (so every room is covered)."""
    rooms = rooms_for(holdout)
    seen: set[str] = set()
    out = []
    for k, name in enumerate(SETS):
        rng = np.random.default_rng([seed, k])
        n, tries = 0, 0
        while n < counts.get(name, 0) and tries < 100 * max(1, counts[name]):
            room = rooms[(n + k) % len(rooms)]
            text = f"Design me a {room_words(room)}" if name == "train" and n < len(rooms) else instruction(room, rng)
            tries += 1
            if text in seen:
                continue
            seen.add(text)
            out.append({"id": f"{name}-{n:04d}", "set": name, "room": room, "instruction": text})
            n += 1
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="out/training", help="output folder")
    ap.add_argument("--counts", default="100,50,50,50", help="instructions per set: train,disc,interleave,test")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--holdout", default="", help='room types to leave out, comma separated, or "paper"')
    ap.add_argument("--force", action="store_true", help="rewrite instructions.jsonl when it exists")
    args = ap.parse_args(argv)
    path = Path(args.out) / "instructions.jsonl"
    if path.exists() and not args.force:
        print(f"{path} exists: kept (use --force to rewrite)")
        return 0
    counts = dict(zip(SETS, (int(x) for x in args.counts.split(","))))
    n = write_jsonl(path, build(counts, args.seed, args.holdout))
    print(f"wrote {n} instructions to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
