"""Pieces that usually stand by one of the room's essential pieces, requested without it ("a bedroom
with two nightstands"): the planner places that essential piece first, as the room's program would,
and the requested pieces beside it; the program adds no second one."""

from __future__ import annotations

import pytest

from sceneorchestra_addon.core import executor
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.metrics.specs import evaluate_spec, parse_spec
from sceneorchestra_addon.core.planner import essential_anchor, plan_request, plan_text
from sceneorchestra_addon.core.reader import read


def built(prompt: str, seed: int):
    """The teacher's trajectory for ``prompt`` (real reader and planner), replayed by the executor."""
    text = plan_text(read(prompt), seed=seed)
    trajectory = T.load(text)
    return trajectory, executor.execute(trajectory, seed=seed).state


def first_add(trajectory, category: str) -> int:
    """The index of the first call that adds ``category``."""
    return next(i for i, c in enumerate(trajectory.calls)
                if c.tool.startswith("add_") and category in (c.arg("category"), c.arg("member")))


def count(state, *categories) -> int:
    return sum(1 for o in state.objects if o.category in categories)


def holds(state, spec: str) -> bool:
    return evaluate_spec(state, parse_spec(spec)).satisfied


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_nightstands_alone_bring_the_bed_first_and_stand_beside_it(seed):
    trajectory, state = built("a bedroom with two nightstands", seed)
    assert first_add(trajectory, "double_bed") < first_add(trajectory, "nightstand")
    assert count(state, "double_bed", "single_bed", "bunk_bed") == 1 and count(state, "nightstand") == 2
    assert holds(state, "eq,2,next_to,nightstand,double_bed")
    assert all(c.arg("category") != "double_bed" for c in trajectory.calls[first_add(trajectory, "double_bed") + 1:])


def test_no_bed_means_no_bed_even_for_nightstands():
    trajectory, state = built("a bedroom with no bed and two nightstands", 1)
    assert count(state, "double_bed", "single_bed", "bunk_bed") == 0 and count(state, "nightstand") == 2
    assert all(c.arg("category") not in ("double_bed", "single_bed", "bunk_bed") for c in trajectory.calls)


def test_a_named_bed_is_not_doubled():
    _, state = built("a bedroom with a single bed and two nightstands", 1)
    assert count(state, "single_bed") == 1 and count(state, "double_bed", "bunk_bed") == 0


@pytest.mark.parametrize("seed", [0, 1])
def test_a_coffee_table_alone_brings_the_sofa_first(seed):
    trajectory, state = built("a living room with a coffee table", seed)
    assert first_add(trajectory, "sofa") < first_add(trajectory, "coffee_table")
    assert count(state, "sofa", "loveseat") == 1 and count(state, "coffee_table") == 1
    assert count(state, "tv_stand") == 1  # the lounge set's other pieces still come, for the sofa already there
    assert holds(state, "eq,1,in_front_of,coffee_table,sofa")


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("prompt, anchor, member, n, specs", [
    ("an office with an office chair", "desk", "office_chair", 1, ("eq,1,next_to,office_chair,desk", "eq,1,face,office_chair,desk")),
    ("a dining room with six chairs", "dining_table", "dining_chair", 6,
     ("eq,6,next_to,dining_chair,dining_table", "ge,4,face,dining_chair,dining_table")),  # round the table
])
def test_members_alone_bring_their_anchor_first(seed, prompt, anchor, member, n, specs):
    trajectory, state = built(prompt, seed)
    assert first_add(trajectory, anchor) < first_add(trajectory, member)
    assert count(state, anchor) == 1 and count(state, member) == n
    assert all(holds(state, spec) for spec in specs)


def test_which_pieces_bring_their_essential_anchor():
    assert essential_anchor("bedroom", "nightstand", "dense")[1:] == (("double_bed", "against_wall", "any"), 0, "both_sides")
    assert essential_anchor("children_room", "nightstand", "dense")[1][0] == "single_bed"
    assert essential_anchor("laundry_room", "dryer", "sparse")[1][0] == "washing_machine"
    assert essential_anchor("bedroom", "wardrobe", "dense") is None  # stands by nothing
    assert essential_anchor("kitchen", "bar_stool", "dense") is None  # the kitchen island is not essential
    assert essential_anchor("classroom", "classroom_chair", "dense") is None  # school desks stand in rows before the teacher's desk


def test_one_essential_piece_serves_every_requirement_that_stands_by_it():
    trajectory, state = built("a studio apartment with an oven and a fridge", 1)
    assert count(state, "kitchen_sink_cabinet") == 1 and count(state, "oven") == 1 and count(state, "fridge") == 1
    assert first_add(trajectory, "kitchen_sink_cabinet") < min(first_add(trajectory, "oven"), first_add(trajectory, "fridge"))
    assert holds(state, "eq,1,next_to,oven,kitchen_sink_cabinet") and holds(state, "eq,1,next_to,fridge,kitchen_sink_cabinet")


def test_more_than_fit_by_it_still_come_in_full():
    trajectory, state = built("a classroom with twenty school desks", 1)
    assert first_add(trajectory, "desk") < first_add(trajectory, "school_desk")
    assert count(state, "desk") == 1 and count(state, "school_desk") == 20


def test_the_plan_replays_to_the_same_scene_and_is_deterministic():
    request = read("a bedroom with two nightstands")
    plan = plan_request(request, seed=4)
    assert plan.calls == plan_request(request, seed=4).calls
    ex = executor.execute(T.load("\n".join(f"{i + 1}. {c}" for i, c in enumerate(plan.calls))), seed=4)
    assert ex.state.to_json() == plan.state.to_json()
