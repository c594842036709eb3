"""The critic's interior-design terms and the instruction's requirements: each degradation of a
well-furnished reference room lowers the grade it should, with a reason of its own code."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_metrics_util import add, block, door, empty_room, reference_room, window

from sceneorchestra_addon.core.metrics import evaluate
from sceneorchestra_addon.core.metrics.critic import CODES
from sceneorchestra_addon.core.solver.world import box_of
from sceneorchestra_addon.ground.state import Pose

GRADES = ("realism", "functionality", "layout", "completion")


@pytest.fixture(scope="module")
def living():
    return reference_room("living_room")


@pytest.fixture(scope="module")
def bedroom():
    return reference_room("bedroom")


def _codes(report, grade):
    return {r.code for r in report.reasons[grade]}


def _with_children(state, oid):
    ids = {oid}
    while more := {o.id for o in state.objects if o.parent in ids} - ids:
        ids |= more
    return ids


def _moved(state, oid, dx=0.0, dy=0.0, dyaw=0.0):
    """One object moved or turned, the small objects on it taken away (they would float)."""
    state = state.without(_with_children(state, oid) - {oid})
    o = state.get(oid)
    return state.with_object(replace(o, pose=Pose(o.pose.x + dx, o.pose.y + dy, o.pose.z, o.pose.yaw_deg + dyaw)))


def test_reference_rooms_grade_well_and_know_their_codes():
    for name in ("living_room", "bedroom", "kitchen", "office"):
        report = evaluate(reference_room(name), instruction=f"Design me a {name.replace('_', ' ')}")
        assert report.summed_grade >= 34, (name, report.all_reasons())
        assert all(r.code in CODES for r in report.all_reasons())


def test_removing_a_requested_object_costs_completion_and_names_it(living):
    ask = "Design me a living room with a bookshelf"
    before = evaluate(living, instruction=ask)
    assert "unmet_requirement" not in _codes(before, "completion")
    after = evaluate(living.without(_with_children(living, "bookshelf_0")), instruction=ask)
    assert after.grades["completion"] < before.grades["completion"]
    unmet = [r for r in after.reasons["completion"] if r.code == "unmet_requirement"]
    assert unmet and unmet[0].points >= 2 and "bookshelf" in unmet[0].text and "bookshelf" in " ".join(unmet[0].subjects)


def test_three_unmet_requirements_cost_at_least_six_points(living):
    plain = evaluate(living, instruction="Design me a living room")
    asked = evaluate(living, instruction="Design me a living room with a piano, a treadmill and a bathtub")
    assert plain.summed_grade - asked.summed_grade >= 6
    assert sum(r.points for r in asked.all_reasons() if r.code in ("unmet_requirement", "unmet_arrangement")) >= 6


def test_an_unmet_arrangement_costs_layout(living):
    met = evaluate(living, specs=["eq,1,against,sofa,wall"])
    assert "unmet_arrangement" not in _codes(met, "layout")
    unmet = evaluate(living, specs=["eq,1,against,coffee_table,wall"])
    assert "unmet_arrangement" in _codes(unmet, "layout") and unmet.grades["layout"] < met.grades["layout"]


def test_a_wardrobe_turned_to_the_wall_lowers_realism(bedroom):
    before = evaluate(bedroom)
    after = evaluate(_moved(bedroom, "wardrobe_0", dyaw=180.0))
    assert after.grades["realism"] < before.grades["realism"]
    assert "faces_wall" in _codes(after, "realism")


def _standing_on(state, o):
    """The floor piece an object stands on (itself for a floor piece; None for wall and ceiling objects)."""
    while o is not None and o.placement == "on_top":
        o = state.get(o.parent)
    return o if o is not None and o.placement == "floor" else None


def test_furniture_pushed_into_one_half_unbalances_the_layout(bedroom):
    before = evaluate(bedroom)
    one_sided = bedroom
    for o in bedroom.objects:
        base = _standing_on(bedroom, o)
        if base is not None:  # the west edge's distance to the west wall halved, small objects with their supporter
            x0 = box_of(base).aabb()[0]
            one_sided = one_sided.with_object(replace(o, pose=replace(o.pose, x=o.pose.x - x0 / 2.0)))
    after = evaluate(one_sided)
    assert after.grades["layout"] < before.grades["layout"]
    assert "unbalanced" in _codes(after, "layout") and "unbalanced" not in _codes(before, "layout")


def test_clutter_in_the_walkway_lowers_layout(bedroom):
    before = evaluate(bedroom)
    cluttered = bedroom
    for x, y in ((1.6, 1.0), (2.4, 1.0), (3.2, 1.0)):  # between the bed's foot and the south wall
        cluttered, _ = block(cluttered, x, y, w=0.5, d=0.5, h=0.45)
    after = evaluate(cluttered)
    assert not after.details["collisions"]
    assert after.grades["layout"] < before.grades["layout"]
    walkway = [r for r in after.reasons["layout"] if r.code == "narrow_walkway"]
    assert walkway and walkway[0].points > sum(r.points for r in before.reasons["layout"] if r.code == "narrow_walkway")


def test_a_blocked_door_approach_is_named(bedroom):
    d = next(o for o in bedroom.openings if o.kind == "door")
    assert d.wall == "south"
    blocked, _ = block(bedroom, d.offset_m, 0.5, w=1.2, d=0.6, h=0.8)
    report = evaluate(blocked)
    assert "door_approach" in _codes(report, "layout") and "door_approach" not in _codes(evaluate(bedroom), "layout")


def test_a_sofa_turned_30_degrees_is_misaligned(living):
    before = evaluate(living)
    after = evaluate(_moved(living, "sofa_0", dyaw=30.0))
    assert after.grades["layout"] < before.grades["layout"]
    crooked = [r for r in after.reasons["layout"] if r.code == "misaligned"]
    assert crooked and "sofa_0" in crooked[0].subjects and crooked[0].points == 2


def test_a_nightstand_moved_away_breaks_the_pair(bedroom):
    before = evaluate(bedroom)
    assert "asymmetric_pair" not in _codes(before, "layout")
    after = evaluate(_moved(bedroom, "nightstand_1", dy=-0.7))
    assert after.grades["layout"] < before.grades["layout"]
    assert "asymmetric_pair" in _codes(after, "layout")


def test_seats_turned_away_from_the_group_and_the_tv_lower_functionality():
    base = empty_room("living_room", 5.0, 4.0)
    base, _ = add(base, "coffee_table", 2.5, 2.0)
    base, _ = add(base, "tv_stand", 2.5, 0.25, yaw=180.0)
    base, _ = add(base, "tv", 2.5, 0.25, 0.5, yaw=180.0)
    good, _ = add(base, "sofa", 2.5, 3.5, yaw=0.0)  # faces south: the table and the TV
    good, _ = add(good, "armchair", 0.8, 2.0, yaw=90.0)  # faces east, the table
    bad, _ = add(base, "sofa", 2.5, 3.5, yaw=0.0)
    bad, _ = add(bad, "armchair", 0.8, 2.0, yaw=-90.0)  # faces the west wall
    g, b = evaluate(good), evaluate(bad)
    assert "conversation_turned" not in _codes(g, "functionality") and "focal_ignored" not in _codes(g, "functionality")
    assert "conversation_turned" in _codes(b, "functionality") and b.grades["functionality"] < g.grades["functionality"]
    away, _ = add(base, "sofa", 2.5, 3.5, yaw=90.0)  # faces west
    away, _ = add(away, "armchair", 0.8, 2.0, yaw=90.0)
    assert "focal_ignored" in _codes(evaluate(away), "functionality")


def test_seats_too_far_apart_to_talk():
    base = empty_room("living_room", 7.0, 4.0)
    near, _ = add(base, "sofa", 3.5, 3.5, yaw=0.0)
    near, _ = add(near, "armchair", 3.5, 1.2, yaw=180.0)
    far, _ = add(base, "sofa", 1.4, 3.5, yaw=0.0)
    far, _ = add(far, "armchair", 4.6, 1.0, yaw=180.0)  # 3.6 m from the sofa's seat
    assert "conversation_far" not in _codes(evaluate(near), "functionality")
    assert "conversation_far" in _codes(evaluate(far), "functionality")


def test_a_tall_piece_in_front_of_a_window_lowers_functionality():
    room = empty_room("bedroom", 5.0, 4.0, openings=(door("south", 1.0), window("north", 2.5, 1.2)))
    low, _ = add(room, "dresser", 2.5, 3.7, yaw=180.0, height_m=0.8)
    tall, _ = add(room, "wardrobe", 2.5, 3.65, yaw=180.0)
    assert "window_blocked" not in _codes(evaluate(low), "functionality")
    assert "window_blocked" in _codes(evaluate(tall), "functionality")


def test_a_bed_standing_free_misses_the_focal_point(bedroom):
    bed = bedroom.get("double_bed_0")
    assert "focal_ignored" not in _codes(evaluate(bedroom), "functionality")
    loose = _moved(bedroom, "double_bed_0", dyaw=90.0)
    assert bed.pose.yaw_deg != loose.get("double_bed_0").pose.yaw_deg
    assert "focal_ignored" in _codes(evaluate(loose), "functionality")


def test_a_passage_narrower_than_a_main_walkway_is_named():
    """A partition across the room leaves a gap to the far part: 0.75 m lets a person through (the
    0.6 m walkway) but is no comfortable main walkway (0.9 m); a 1.2 m gap is one."""
    graded = {}
    for gap in (0.75, 1.2):
        state, _ = block(empty_room(openings=(door(offset=1.0),)), (5.0 - gap) / 2.0, 1.5, w=5.0 - gap, d=0.3, h=1.0)
        report = evaluate(state)
        graded[gap] = {r.code for r in report.reasons["layout"]}
    assert "narrow_main_walkway" in graded[0.75] and "narrow_walkway" not in graded[0.75]
    assert "narrow_main_walkway" not in graded[1.2]
