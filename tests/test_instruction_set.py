"""The hand-written instruction set is well formed: enough rows, unique ids, every room type twice,
specs in the grammar, unknown nouns really unknown to the catalogue, three paraphrases each."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from instruction_set import load_instructions, load_paraphrases

from sceneorchestra_addon.core.metrics.specs import parse_specs
from sceneorchestra_addon.ground import catalog
from sceneorchestra_addon.ground.rooms import ROOM_TYPES

ROWS = load_instructions()


def test_enough_rows_with_unique_ids():
    assert len(ROWS) >= 85
    ids = [r.id for r in ROWS]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]


def test_every_room_type_at_least_twice():
    counts = Counter(r.room_type for r in ROWS)
    assert set(counts) <= set(ROOM_TYPES), set(counts) - set(ROOM_TYPES)
    assert all(counts[t] >= 2 for t in ROOM_TYPES), {t: counts[t] for t in ROOM_TYPES if counts[t] < 2}


def test_instructions_are_single_clean_lines():
    for r in ROWS:
        assert r.instruction and "\t" not in r.instruction and "\n" not in r.instruction, r.id


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.id)
def test_specs_parse(row):
    for spec in row.specs:
        parse_specs([spec])


def test_unknown_nouns_are_reported_or_built():
    """A noun the annotator found no category for is either in the catalogue now (and the reader
    reads it as an object) or reported by the reader as left out, never dropped silently."""
    from sceneorchestra_addon.core.reader import read

    reported = still_unknown = 0
    for row in (r for r in ROWS if r.unknown):
        request = read(row.instruction)
        for noun in row.unknown:
            category = catalog.resolve(noun)
            if category is not None:
                assert any(category in spec.split(",") for spec in request.specs()), (row.id, noun, request.specs())
                continue
            still_unknown += 1
            reported += any(noun.rstrip("s") in u.noun or u.noun.rstrip("s") in noun for u in request.unknown)
    assert still_unknown == 0 or reported / still_unknown >= 0.65, (reported, still_unknown)


def test_paraphrases_belong_to_instructions_three_each():
    paraphrases = load_paraphrases()
    ids = {r.id for r in ROWS}
    assert len(paraphrases) >= 20
    for i, texts in paraphrases.items():
        assert i in ids, i
        assert len(texts) == 3 and all(t and "\t" not in t for t in texts), i
        assert len(set(texts)) == 3, i


def test_the_reader_recovers_the_hand_written_specs():
    """Precision and recall of the reader's specs against the annotator's (tools/reader_accuracy.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("reader_accuracy", Path(__file__).resolve().parents[1] / "tools" / "reader_accuracy.py")
    accuracy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(accuracy)
    rows = [(r.instruction, r.specs, r.unknown) for r in load_instructions()]
    precision, recall, _ = accuracy.score(rows)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    data = Path(__file__).parent / "data"
    changed = accuracy.paraphrase_changes(data / "instructions.tsv", data / "paraphrases.tsv")
    assert changed == []  # every re-wording (relative clauses, inversions, passives, lists) reads to the same specs
    # a set written later by someone who had not read the reader: "on each", "either side", "side by side", "half a dozen",
    # a negation that ends at a comma, possessives, transposed letters (0.922 / 0.898 before those were read). Its annotator
    # leaves out the chairs a table comes with ("a small table with two chairs"), which the reader sets at the table, and
    # reads "some plants" as at least one, where the reader reads at least two; the second set's annotator does as the
    # reader does (0.945 precision before: four and three such instructions)
    third = [(r.instruction, r.specs, r.unknown) for r in load_instructions(data / "instructions_c.tsv")]
    assert len(third) == 60
    precision, recall, _ = accuracy.score(third)
    assert precision >= 0.92 and recall >= 0.94, (precision, recall)
    # a fourth, written blind in other conventions (plurals as ge,1, "by the window" as near, vague chairs as the generic
    # word): shorthand (w/, +, x2), misspelt room words, what a piece is for, "not needed" (0.658 / 0.639 before those were read)
    fourth = [(r.instruction, r.specs, r.unknown) for r in load_instructions(data / "instructions_d.tsv")]
    assert len(fourth) == 60
    precision, recall, _ = accuracy.score(fourth)
    assert precision >= 0.66 and recall >= 0.66, (precision, recall)
