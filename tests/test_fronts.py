"""A piece's doors and drawers open into free floor: the solver and the move/turn tools keep the side
an articulated floor piece opens on free, and the critic's functionality sees one that is not
(a kitchen island turned to a wall 0.2 m away used to get functionality 10)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from sceneorchestra_addon.agent.teacher import Teacher
from sceneorchestra_addon.core import executor
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.metrics import evaluate
from sceneorchestra_addon.core.metrics.critic import fronts_blocked
from sceneorchestra_addon.core.solver.world import box_of, opening_front

ISLAND = '''1. init_room(room_type="kitchen", width_m=3.4, depth_m=4.0, door_wall="south", window_wall="north")
2. add_object(category="kitchen_island", placement="against_wall", wall="east")
3. terminate(status="success")'''


def blocked(state) -> list[str]:
    return fronts_blocked(state, {o.id: box_of(o) for o in state.objects})


def test_which_side_opens():
    assert opening_front("kitchen_island") is not None and opening_front("wardrobe") is not None and opening_front("fridge") is not None
    assert opening_front("sofa") is None and opening_front("book") is None  # no doors, or not on the floor


def test_the_critic_sees_an_island_whose_doors_open_against_a_wall():
    state = executor.run_text(ISLAND, seed=0).state
    island = state.get("kitchen_island_0")
    assert blocked(state) == []
    away = evaluate(state)
    turned = state.with_object(replace(island, pose=replace(island.pose, yaw_deg=island.pose.yaw_deg + 180.0)))  # fronts to the wall
    assert blocked(turned) == ["kitchen_island_0 (a wall)"]
    report = evaluate(turned)
    assert [r.code for r in report.reasons["functionality"] if r.code == "front_blocked"] == ["front_blocked"]
    lost = lambda r: sum(x.points for x in r.reasons["functionality"])  # noqa: E731
    assert lost(report) >= lost(away) + 2  # (this bare kitchen is at 0 either way: it lacks its essentials)


def test_the_critic_sees_a_piece_standing_in_front_of_a_wardrobe():
    text = '''1. init_room(room_type="bedroom", width_m=4.0, depth_m=4.0, door_wall="south", window_wall="north")
2. add_object(category="wardrobe", placement="against_wall", wall="west")
3. terminate(status="success")'''
    state = executor.run_text(text, seed=0).state
    wardrobe = state.get("wardrobe_0")
    chest = replace(wardrobe, id="dresser_9", category="dresser", pose=replace(wardrobe.pose, x=wardrobe.pose.x + 0.95))
    cramped = state.with_object(chest)
    assert any(b.startswith("wardrobe_0 (dresser_9)") for b in blocked(cramped))


@pytest.mark.parametrize("yaw", [90.0, -90.0])
def test_turning_or_moving_a_piece_to_face_a_wall_fails_with_the_reason(yaw):
    state = executor.run_text(ISLAND, seed=0).state
    facing_wall = (state.get("kitchen_island_0").pose.yaw_deg + 180.0 + 180.0) % 360.0 - 180.0
    text = ISLAND.replace("3. terminate", f'3. update_rotation(target="kitchen_island_0", yaw_deg={facing_wall})\n4. terminate')
    result = executor.run_text(text, seed=0).results[2]
    assert result.failure and re.search(r"doors(, drawers)? or (drawers|lid) would (open against|hit)", result.failure)
    assert blocked(executor.run_text(text, seed=0).state) == []


@pytest.mark.slow
@pytest.mark.parametrize("room", ["kitchen", "bedroom", "bathroom", "office", "living_room", "garage"])
def test_generated_rooms_keep_every_front_free(room):
    for seed in (0, 1):
        text = Teacher().generate(f"Design me a {room.replace('_', ' ')}", 1, seed)[0]
        state = executor.execute(T.load(text), seed=seed).state
        assert blocked(state) == [], (room, seed)
