"""The floor plan of several rooms (ground/plan.py): tiling, shared walls, doors, entrance,
windows, reachability, JSON, determinism and clear errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sceneorchestra_addon.ground import plan as fp
from sceneorchestra_addon.ground.plan import (DOOR_MARGIN_M, HALL, Plan, RoomSpec, exterior_sides, plan_rooms, reachable,
                                              shared_segment)

TOL = 1e-6

MIXES = [
    (["studio_apartment"], []),
    (["bedroom", "bathroom"], [("bedroom", "bathroom")]),
    (["living_room", "kitchen"], [("living_room", "kitchen", "open")]),
    (["meeting_room", "meeting_room", "waiting_room"], [("meeting_room_0", "waiting_room"), ("meeting_room_1", "waiting_room")]),
    (["living_room", "kitchen", "bedroom", "bathroom"], [("living_room", "kitchen", "open")]),
    (["bedroom", "bedroom", "bathroom", "kitchen", "home_office"], []),  # a hall is added
    ([HALL, "bedroom", "bedroom", "bathroom", "kitchen"], [("bedroom_0", "bathroom")]),
    (["bedroom", "bathroom", "bedroom", "bathroom", "kitchen", "living_room", "dining_room", "home_office"],
     [("bedroom_0", "bathroom_0"), ("bedroom_1", "bathroom_1")]),
    (["laundry_room", "garage", "workshop"], []),
]


def check(plan: Plan) -> None:
    """Every structural property a plan promises."""
    foot = plan.footprint
    rects = [r.rect for r in plan.rooms]
    # tiling: inside the footprint, no overlaps, union area == footprint area
    for r in plan.rooms:
        assert r.rect.width > 0 and r.rect.depth > 0, r
        assert foot.x0 - TOL <= r.rect.x0 and r.rect.x1 <= foot.x1 + TOL and foot.y0 - TOL <= r.rect.y0 and r.rect.y1 <= foot.y1 + TOL
        limit = fp.MAX_HALL_ASPECT if r.room_type == HALL else fp.MAX_ASPECT
        assert r.rect.aspect <= limit + TOL, r
        assert min(r.rect.width, r.rect.depth) >= (fp.MIN_HALL_SIDE_M if r.room_type == HALL else fp.MIN_SIDE_M) - TOL, r
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert a.overlap(b) == 0.0, (a, b)
    assert sum(r.area for r in rects) == pytest.approx(foot.area, abs=1e-6)
    names = {r.name for r in plan.rooms}
    assert len(names) == len(plan.rooms)
    # doors: on the shared segment of the two rooms they join, with margins
    for d in plan.doors:
        seg = shared_segment(plan.room(d.a).rect, plan.room(str(d.b)).rect)
        assert seg is not None, d
        assert d.segment == seg
        assert d.width_m / 2 + DOOR_MARGIN_M - TOL <= d.offset_m <= seg.length - d.width_m / 2 - DOOR_MARGIN_M + TOL, d
        assert {x for x in fp.door_sides(plan, d)} == {d.a, d.b}
    # required adjacencies: a shared wall of at least door width + 0.2 m, and a door
    for a, b, _ in plan.required:
        seg = shared_segment(plan.room(a).rect, plan.room(b).rect)
        assert seg is not None and seg.length >= fp.DOOR_WIDTH_M + 0.2 - TOL, (a, b)
        assert any({d.a, d.b} == {a, b} for d in plan.doors), (a, b)
    # the entrance: one door on an exterior wall of its room, with margins
    e = plan.entrance
    assert e.b is None and e.a in names
    assert any(seg == e.segment for _, seg in exterior_sides(plan.room(e.a).rect, foot))
    assert e.width_m / 2 + DOOR_MARGIN_M - TOL <= e.offset_m <= e.segment.length - e.width_m / 2 - DOOR_MARGIN_M + TOL
    # windows: only on exterior walls, with margins, none in a hall
    for w in plan.windows:
        room = plan.room(w.room)
        assert room.room_type != HALL
        assert any(seg == w.segment for _, seg in exterior_sides(room.rect, foot)), w
        assert w.width_m / 2 + DOOR_MARGIN_M - TOL <= w.offset_m <= w.segment.length - w.width_m / 2 - DOOR_MARGIN_M + TOL
        if w.segment == e.segment:
            assert abs(w.offset_m - e.offset_m) >= (w.width_m + e.width_m) / 2 - TOL
    # everyone reachable from the entrance, never through a bathroom
    assert reachable(plan) == names
    assert reachable(plan, through=False) == names
    # JSON round trip
    assert Plan.from_dict(json.loads(json.dumps(plan.to_dict()))) == plan


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("mix", range(len(MIXES)))
def test_plans_are_valid(mix: int, seed: int) -> None:
    rooms, adjacency = MIXES[mix]
    plan = plan_rooms(rooms, adjacency, np.random.default_rng(seed))
    check(plan)
    types = sorted(r.room_type for r in plan.rooms if r.room_type != HALL or HALL in rooms)
    assert types == sorted(rooms)


def test_random_mixes_are_valid() -> None:
    meta = np.random.default_rng(7)
    kinds = ["bedroom", "bathroom", "kitchen", "living_room", "home_office", "dining_room", "children_room", "laundry_room", "nursery"]
    for k in range(60):
        rooms = [str(meta.choice(kinds)) for _ in range(int(meta.integers(2, 9)))]
        check(plan_rooms(rooms, [], np.random.default_rng(k)))


def test_hub_rule() -> None:
    five = plan_rooms(["bedroom", "bedroom", "bathroom", "kitchen", "home_office"], [], np.random.default_rng(0))
    assert [r.room_type for r in five.rooms].count(HALL) == 1
    assert five.entrance.a == "hall_0" and any("hall_0" in n for n in five.notes)
    with_living = plan_rooms(["bedroom", "bedroom", "bathroom", "kitchen", "living_room"], [], np.random.default_rng(0))
    assert HALL not in [r.room_type for r in with_living.rooms]
    assert with_living.entrance.a == "living_room_0"
    three = plan_rooms(["bedroom", "bathroom", "kitchen"], [], np.random.default_rng(0))
    assert HALL not in [r.room_type for r in three.rooms]


def test_studio_is_one_room() -> None:
    plan = plan_rooms([RoomSpec("studio_apartment", area_m2=28.0)], [], np.random.default_rng(3))
    check(plan)
    assert len(plan.rooms) == 1 and plan.doors == ()
    assert plan.rooms[0].rect.area == pytest.approx(28.0, rel=0.03)
    assert plan.windows  # a studio has exterior walls all round


def test_sizes_and_footprint() -> None:
    plan = plan_rooms([RoomSpec("bedroom", area_m2=14.0), RoomSpec("bathroom", size_m=(2.0, 3.0))], [("bedroom", "bathroom")],
                      np.random.default_rng(1))
    assert plan.room("bedroom_0").rect.area == pytest.approx(14.0, rel=0.05)
    assert plan.room("bathroom_0").rect.area == pytest.approx(6.0, rel=0.08)
    fixed = plan_rooms(["bedroom", "bathroom", "kitchen"], [], np.random.default_rng(1), footprint=(12.0, 9.0))
    check(fixed)
    assert (fixed.footprint.width, fixed.footprint.depth) == (12.0, 9.0)
    assert any("outside the usual" in n for n in fixed.notes)  # 108 m² cannot hold usual rooms of these three: said so
    small = plan_rooms([RoomSpec("living_room", size_word="small")], [], np.random.default_rng(0))
    large = plan_rooms([RoomSpec("living_room", size_word="large")], [], np.random.default_rng(0))
    assert small.rooms[0].rect.area < large.rooms[0].rect.area


def test_room_openings_in_room_frame() -> None:
    plan = plan_rooms(["bedroom", "bathroom", "living_room"], [("bedroom", "bathroom")], np.random.default_rng(2))
    for room in plan.rooms:
        openings = plan.openings_for(room.name)
        assert any(o.kind == "door" for o in openings), room.name
        for o in openings:
            length = room.rect.width if o.wall in ("north", "south") else room.rect.depth
            assert o.width_m / 2 <= o.offset_m <= length - o.width_m / 2 + TOL, o


def test_deterministic_per_seed_and_varied_across_seeds() -> None:
    rooms = ["living_room", "kitchen", "bedroom", "bathroom"]
    a = plan_rooms(rooms, [("living_room", "kitchen")], np.random.default_rng(5))
    b = plan_rooms(rooms, [("living_room", "kitchen")], np.random.default_rng(5))
    assert a == b and json.dumps(a.to_dict()) == json.dumps(b.to_dict())
    layouts = {json.dumps(plan_rooms(rooms, [("living_room", "kitchen")], np.random.default_rng(s)).to_dict()) for s in range(8)}
    assert len(layouts) == 8


def test_reachable_reads_door_geometry() -> None:
    plan = plan_rooms(["bedroom", "bathroom", "kitchen"], [], np.random.default_rng(4))
    assert reachable(plan) == {r.name for r in plan.rooms}
    cut = Plan(plan.footprint, plan.rooms, plan.doors[:-1], plan.entrance, plan.windows)
    assert len(reachable(cut)) == len(plan.rooms) - 1
    # doors whose stated rooms are wrong still connect what their geometry connects
    lying = Plan(plan.footprint, plan.rooms, tuple(fp.PlanDoor("x", "y", d.segment, d.offset_m, d.width_m) for d in plan.doors),
                 plan.entrance, plan.windows)
    assert reachable(lying) == {r.name for r in plan.rooms}


def test_no_path_through_a_bathroom() -> None:
    # a bathroom between two bedrooms (a Jack-and-Jill bathroom): both bedrooms still get their own way in
    for seed in range(6):
        plan = plan_rooms(["living_room", "bedroom", "bathroom", "bedroom"], [("bedroom_0", "bathroom"), ("bedroom_1", "bathroom")],
                          np.random.default_rng(seed))
        check(plan)


@pytest.mark.parametrize(("rooms", "adjacency", "words"), [
    (["bedroom", "spaceship"], [], "unknown room type 'spaceship'"),
    (["bedroom", "bathroom"], [("bedroom", "kitchen")], "'kitchen', which does not exist"),
    (["bedroom", "bathroom"], [("bedroom_0", "bathroom_3")], "'bathroom_3', which does not exist"),
    (["bedroom"] * 9, [], "too many rooms: 9"),
    ([], [], "at least one room"),
    (["bedroom", "bedroom"], [("bedroom", "bedroom_1")], "several rooms"),
    (["bedroom", "bathroom"], [("bedroom", "bedroom")], "with itself"),
    ([RoomSpec("bedroom", area_m2=-3.0)], [], "area must be positive"),
    ([RoomSpec("bedroom", "a"), RoomSpec("kitchen", "a")], [], "duplicate room names"),
])
def test_clear_errors(rooms: list, adjacency: list, words: str) -> None:
    with pytest.raises(ValueError, match=words.replace("(", r"\(")):
        plan_rooms(rooms, adjacency, np.random.default_rng(0))


def test_impossible_adjacency_is_an_error() -> None:
    # one small bathroom cannot share a door-long wall with seven other rooms
    rooms = ["bathroom", "bedroom", "bedroom", "kitchen", "living_room", "dining_room", "home_office", "nursery"]
    with pytest.raises(ValueError, match="no floor plan found"):
        plan_rooms(rooms, [("bathroom", r) for r in ["bedroom_0", "bedroom_1", "kitchen", "living_room", "dining_room", "home_office",
                                                      "nursery"]], np.random.default_rng(0))


def test_from_dict_errors() -> None:
    plan = plan_rooms(["bedroom", "bathroom"], [], np.random.default_rng(0))
    data = plan.to_dict()
    with pytest.raises(ValueError, match="missing or malformed"):
        Plan.from_dict({k: v for k, v in data.items() if k != "rooms"})
    data["doors"] = [{**data["entrance"], "rooms": ["bedroom_0", "attic_9"]}]
    with pytest.raises(ValueError, match="attic_9"):
        Plan.from_dict(data)
