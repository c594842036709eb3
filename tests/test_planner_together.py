"""Pieces of one kind asked for side by side ("two washing machines side by side", "two desks next
to each other"): the reader says so (``Requirement.together``, the spec ``next_to`` of the kind to
itself), and the planner stands the first where it goes and each next one beside the last."""

from __future__ import annotations

import pytest

from sceneorchestra_addon.core import executor
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.metrics.specs import evaluate_spec, parse_spec
from sceneorchestra_addon.core.planner import plan_text
from sceneorchestra_addon.core.reader import read

CASES = [
    ("Laundry: 2 washing machines side by side, a drying rack and a bin", "washing_machine", 2),
    ("twins nursery, two cots side by side and a changing unit", "baby_bed", 2),
    ("an en-suite with a walk-in shower and two basins next to each other", "bathroom_vanity", 2),
    ("an office with two desks next to one another", "desk", 2),
]


@pytest.mark.parametrize("prompt,category,n", CASES)
def test_the_reader_asks_for_them_side_by_side(prompt, category, n):
    request = read(prompt)
    together = [r for r in request.requirements if r.category == category]
    assert len(together) == 1 and together[0].together and together[0].count == n
    assert f"eq,{n},next_to,{category},{category}" in request.specs()


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("prompt,category,n", CASES)
def test_the_teacher_stands_them_side_by_side(prompt, category, n, seed):
    state = executor.execute(T.load(plan_text(read(prompt), seed=seed)), seed=seed).state
    assert sum(1 for o in state.objects if o.category == category) == n
    assert evaluate_spec(state, parse_spec(f"eq,{n},next_to,{category},{category}")).satisfied


def test_one_piece_or_two_kinds_are_not_together():
    assert not any(r.together for r in read("a desk next to the window").requirements)
    washer, dryer = read("a washer and dryer side by side").requirements
    assert not washer.together and not dryer.together and dryer.relation == "beside" and dryer.anchor == 0
