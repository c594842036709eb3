"""Which object a follow-up means (issue 14): ordinals, left / right, colours and materials, "one";
and colour / material edits."""

from __future__ import annotations

import functools

import pytest

from conftest import DATA
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.executor import execute
from sceneorchestra_addon.core.followup import AmbiguousReference, FollowUpError, MissingReference, continued, follow_up


@functools.lru_cache(maxsize=None)
def reference(room: str):
    text = (DATA / f"{room}.txt").read_text(encoding="utf-8")
    return text, execute(T.load(text), seed=0)


def calls(room: str, instruction: str) -> list[str]:
    text, before = reference(room)
    return follow_up(text, before.state, instruction, seed=0)


@pytest.mark.parametrize("room,instruction,target", [
    # ordinals count in the order the objects were made; "last" is the newest
    ("bedroom", "remove the first nightstand", "nightstand_0"),
    ("bedroom", "remove the second nightstand", "nightstand_1"),
    ("meeting_room", "get rid of the last chair", "office_chair_5"),
    ("meeting_room", "remove the third chair", "office_chair_2"),
    ("meeting_room", "remove the second to last chair", "office_chair_4"),
    # left / right as seen from the door looking in (the door is on the south wall: left is west)
    ("bedroom", "remove the left nightstand", "nightstand_0"),
    ("bedroom", "remove the nightstand on the right", "nightstand_1"),
    ("office", "remove the desk on the left", "desk_0"),
    ("children_room", "remove the right kids chair", "kids_chair_0"),
    # left of / right of a named anchor: as seen facing its front (as add_related places them)
    ("bedroom", "remove the nightstand on the left of the bed", "nightstand_0"),
    ("bedroom", "remove the nightstand to the right of the bed", "nightstand_1"),
    # ordinals across the room
    ("restaurant", "remove the second table from the left", "dining_table_0"),  # (cafe_table_1, dining_table_0, cafe_table_0)
    ("restaurant", "remove the first table from the right", "cafe_table_0"),
    # colours and materials of the scene's own objects (any kind the word covers)
    ("restaurant", "remove the marble table", "cafe_table_0"),
    ("restaurant", "remove the walnut table", "cafe_table_1"),
    ("waiting_room", "remove the white waiting chair", "waiting_chair_1"),
    ("office", "remove the blue cabinet", "filing_cabinet_0"),
])
def test_the_words_pick_one(room, instruction, target):
    assert calls(room, instruction) == [f'remove_object(target="{target}")']


def test_one_is_the_thing_named_before_or_the_newest():
    made = calls("kitchen", "add two more stools at the island, then take the first one away")
    assert made[-1] == 'remove_object(target="bar_stool_0")'
    assert calls("bedroom", "remove the last one") == ['remove_object(target="ceiling_light_0")']  # the newest object


def test_words_that_fit_nothing_or_several_are_errors():
    with pytest.raises(MissingReference) as info:
        calls("bedroom", "remove the red nightstand")
    assert "nightstand_0 (oak/painted_blue/brass)" in str(info.value)
    with pytest.raises(MissingReference):
        calls("bedroom", "remove the third nightstand")
    with pytest.raises(AmbiguousReference):
        calls("bedroom", "remove the oak nightstand")  # both are oak
    with pytest.raises(AmbiguousReference) as info:
        calls("kitchen", "remove the stool on the left")  # in one line from the door
    assert set(info.value.candidates) == {"bar_stool_0", "bar_stool_1"}


@pytest.mark.parametrize("room,instruction,target,material", [
    ("bedroom", "paint the wardrobe white", "wardrobe_0", "painted_white"),
    ("living_room", "make the sofa blue", "sofa_0", "fabric_blue"),
    ("living_room", "the sofa should be green", "sofa_0", "fabric_green"),
    ("bedroom", "stain the left nightstand walnut", "nightstand_0", "walnut"),
    ("living_room", "I'd like the rug in red", "rug_0", "fabric_red"),
    ("bedroom", "the bed should be oak", "double_bed_0", "oak"),
])
def test_colour_and_material_edits(room, instruction, target, material):
    """The parts made of the material slots the new material replaces change (those of its family:
    a bed's wooden frame, not its bedding; a sofa's cover, not its legs), nothing else does."""
    from sceneorchestra_addon.assets.materials import MATERIALS
    from sceneorchestra_addon.assets.shapes import tree_of

    made = calls(room, instruction)
    assert made and all(c.startswith(f'set_material(target="{target}", material="{material}"') for c in made), made
    text, before = reference(room)
    state = execute(T.load(continued(text, made)), seed=0).state
    overrides = dict(state.get(target).material_overrides)
    assert set(overrides.values()) == {material}
    parts = tree_of(before.state.get(target).params).parts
    changed = [p for p in parts if p.name in overrides or "*" in overrides]
    kept = [p for p in parts if p not in changed]
    assert changed and all(MATERIALS[p.material].family != MATERIALS[material].family or p.material not in
                           {q.material for q in changed} for p in kept), [(p.name, p.material) for p in kept]


def test_a_colour_edit_leaves_the_other_materials_alone():
    made = calls("bedroom", "the bed should be oak")
    state = execute(T.load(continued(reference("bedroom")[0], made)), seed=0).state
    from sceneorchestra_addon.assets.shapes import tree_of

    bed = state.get("double_bed_0")
    soft = [p.name for p in tree_of(bed.params).parts if p.material.startswith(("fabric", "linen", "cotton", "velvet", "wool"))]
    assert soft and not set(soft) & {k for k, _ in bed.material_overrides}  # the bedding is not oak


def test_a_new_thing_gets_the_colour_it_is_asked_in_unless_it_has_it():
    made = calls("living_room", "I'd like a red armchair in the corner")
    assert made[-1].startswith('set_material(target="armchair_1", material="fabric_red"')
    assert not [c for c in calls("living_room", "add two green plants") if c.startswith("set_material")]  # leaves are green


def test_a_resized_table_keeps_its_own_chairs():
    text, before = reference("restaurant")
    made = calls("restaurant", "make the dining table bigger")
    assert not [c for c in made if c.startswith(("remove_object", "add_group", "add_related"))]
    after = execute(T.load(continued(text, made)), seed=0).state
    seats = [o for o in before.state.objects if o.parent == "dining_table_0" and o.relation.startswith("around:")]
    assert len(seats) == 6
    for o in seats:
        now = after.get(o.id)
        assert now is not None and now.relation == o.relation and now.params == o.params and now.pose.yaw_deg == o.pose.yaw_deg
    assert after.get("dining_table_0").size[0] > before.state.get("dining_table_0").size[0]


def test_a_piece_by_the_door_already_stays_there():
    """"put the basket by the door" when it stands by the door: nothing to do (a move could only
    take it further away, as it once did, 2.4 m to the far side of the dresser)."""
    text, before = reference("bedroom")
    added = calls("bedroom", "add a laundry basket by the door")
    state = execute(T.load(continued(text, added)), seed=0).state
    assert follow_up(continued(text, added), state, "put the laundry basket by the door", seed=0) == []
    assert follow_up(continued(text, added), state, "move the potted plant next to the door", seed=0)  # the plant is not there


@pytest.mark.parametrize("room", ["bedroom", "living_room"])
def test_a_desk_with_a_chair_gets_a_desk_chair_at_it(room):
    """"a desk with a chair near the window": the chair is the new desk's (an office chair at it,
    not an armchair by the window, nor the armchairs the room has), and the desk takes the place."""
    made = calls(room, "I'd like a desk with a chair near the window")
    assert made[0] == 'add_object(category="desk", placement="against_wall", near="window")'
    assert len(made) == 2 and "office_chair" in made[1] and 'anchor="desk_0"' in made[1], made


def test_a_refused_turn_says_what_is_in_the_way():
    with pytest.raises(FollowUpError) as info:
        calls("bedroom", "rotate the wardrobe by 90 degrees")
    assert "would collide with the room's walls" in str(info.value) and "would hit something" not in str(info.value)
