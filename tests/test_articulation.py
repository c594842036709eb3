"""``articulation_clearance``: every articulated category's doors, drawers and lids are swept along
their joints, in free space (they open all the way), against a piece standing where each part
opens (stopped by it) and against a wall in the way (stopped by the room); and the metric in
generated rooms, the report and the critic."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from test_metrics_util import add, block, empty_room, params, reference_room

from sceneorchestra_addon.agent.teacher import Teacher
from sceneorchestra_addon.assets.shapes import local_bounds, tree_of
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.executor import execute
from sceneorchestra_addon.core.metrics import evaluate
from sceneorchestra_addon.core.metrics.articulation import articulation_clearance, joint_clearances
from sceneorchestra_addon.ground import catalog

ARTICULATED = sorted(c.name for c in catalog.CATEGORIES if c.articulated)
ROOM_W, ROOM_D = 8.0, 8.0


def standing(category: str):
    """An empty 8 x 8 m room with the piece in its middle (on the floor, whatever its placement),
    facing south; its parameters; and per joint (name, the moving parts' centre closed, at the limit
    that moves them most), object frame."""
    prm = params(category)
    lo, _ = local_bounds(prm)
    state, oid = add(empty_room(width=ROOM_W, depth=ROOM_D), category, ROOM_W / 2, ROOM_D / 2, z=-float(lo[2]), p=prm)
    tree = tree_of(prm)
    moves = []
    for joint in tree.joints:
        verts = np.vstack([p.vertices for p in tree.moving_parts(joint)])
        limit = max((joint.upper, joint.lower), key=abs)
        opened = joint.moved(verts, limit)
        moves.append((joint.name, verts.mean(axis=0), opened.mean(axis=0), opened.min(axis=0), opened.max(axis=0)))
    return state, oid, moves


def test_every_articulated_category_has_joints():
    assert len(ARTICULATED) >= 15
    assert all(tree_of(params(c)).joints for c in ARTICULATED)


@pytest.mark.parametrize("category", ARTICULATED)
def test_in_free_space_every_joint_opens_all_the_way(category):
    state, oid, _ = standing(category)
    found = joint_clearances(state)
    assert found and all(j.clear for j in found), [(j.joint, j.reached, j.blocked_by) for j in found if not j.clear]
    assert articulation_clearance(found) == 1.0


@pytest.mark.parametrize("category", ARTICULATED)
def test_a_neighbour_where_a_part_opens_stops_it(category):
    state, oid, moves = standing(category)
    obj = state.get(oid)
    for name, _, opened, _, _ in moves:
        world = opened + np.array([obj.pose.x, obj.pose.y, obj.pose.z])
        cramped, other = block(state, float(world[0]), float(world[1]), z=0.0, w=0.05, d=0.05, h=float(world[2]) + 0.05)
        hit = {j.joint: j for j in joint_clearances(cramped)}[name]
        assert not hit.clear and hit.blocked_by == other, (name, hit)


@pytest.mark.parametrize("category", ARTICULATED)
def test_a_wall_in_the_way_stops_a_part(category):
    """The piece stands close to the wall on the side where an opened part reaches furthest out of
    its closed bounds (2 cm, or half that reach when it is shorter: a lid tipping back past the
    chest's back); parts that stay within 1 cm of the bounds are left to the neighbour test."""
    state, oid, moves = standing(category)
    obj = state.get(oid)
    lo, hi = local_bounds(obj.params)
    tested = 0
    for name, _, _, open_lo, open_hi in moves:
        out = {(0, -1): lo[0] - open_lo[0], (0, 1): open_hi[0] - hi[0], (1, -1): lo[1] - open_lo[1], (1, 1): open_hi[1] - hi[1]}
        (axis, sign), reach = max(out.items(), key=lambda kv: kv[1])
        if reach < 0.01:
            continue
        gap = min(0.02, reach / 2.0)
        xy = [obj.pose.x, obj.pose.y]
        xy[axis] = ((ROOM_W, ROOM_D)[axis] - hi[axis] - gap) if sign > 0 else (gap - lo[axis])
        moved = state.with_object(replace(obj, pose=replace(obj.pose, x=float(xy[0]), y=float(xy[1]))))
        hit = {j.joint: j for j in joint_clearances(moved)}[name]
        assert not hit.clear and hit.blocked_by == "the room", (name, reach, hit)
        tested += 1
    # (a toilet lid, a piano's fallboard, a laptop lid at its limit stay within the piece's own
    # bounds: no wall can be in their way; the neighbour test puts something there)
    within = all(np.all(o_lo[:2] >= lo[:2] - 0.01) and np.all(o_hi[:2] <= hi[:2] + 0.01) for *_, o_lo, o_hi in moves)  # (or above it)
    assert tested or within, "a part opens beyond the piece's bounds but no wall was tried"


def test_the_report_and_the_critic_see_a_door_that_cannot_open():
    bedroom = reference_room("bedroom")
    report = evaluate(bedroom)
    blocked = report.details["blocked_joints"]
    assert report.articulation_clearance == pytest.approx(1.0 - len(blocked) / max(1, len(joint_clearances(bedroom))))
    fine = evaluate(reference_room("office"))
    assert fine.articulation_clearance == 1.0 and fine.details["blocked_joints"] == []
    state, oid, moves = standing("wardrobe")
    name, _, opened, _, _ = moves[0]
    obj = state.get(oid)
    world = opened + np.array([obj.pose.x, obj.pose.y, 0.0])
    cramped, other = block(state, float(world[0]), float(world[1]), w=0.05, d=0.05, h=1.5)
    before, after = evaluate(state), evaluate(cramped)
    assert before.articulation_clearance == 1.0 and after.articulation_clearance < 1.0
    assert "joint_blocked" not in {r.code for r in before.reasons["functionality"]}
    assert any(r.code == "joint_blocked" and oid in r.text for r in after.reasons["functionality"])


GENERATED = ("bedroom", "living_room", "kitchen", "gym", "restaurant", "bathroom", "children_room", "meeting_room", "office", "waiting_room")


@pytest.mark.parametrize("room", GENERATED)
def test_generated_rooms_leave_every_door_drawer_and_lid_room_to_open(room):
    """The solver keeps every joint's sweep free, so a teacher room opens everything all the way
    (before, a fridge door stopped at the wall, a toy chest's lid at the wall behind it, a
    nightstand's door at the bed). ``tools/articulation_rooms.py`` measures 50 such rooms."""
    text = Teacher().generate(f"Design me a {room.replace('_', ' ')}", n=1, seed=1)[0]
    state = execute(T.load(text), seed=1).state
    blocked = [f"{c.object_id}.{c.joint} by {c.blocked_by}" for c in joint_clearances(state) if not c.clear]
    report = evaluate(state)
    assert blocked == [] and report.articulation_clearance == 1.0, blocked
    assert report.n_oob == 0 and report.n_collision_pairs == 0
