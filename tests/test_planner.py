"""The planner: requirements first (counts exact, nothing ruled out, anchors before what relates to
them), then the room program without contradicting the request; the trajectory replays."""

from __future__ import annotations

import pytest

from sceneorchestra_addon.agent.rules import RulesBackend
from sceneorchestra_addon.core import executor
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.metrics import evaluate
from sceneorchestra_addon.core.metrics.specs import deficit, parse_spec
from sceneorchestra_addon.core.planner import plan_request
from sceneorchestra_addon.core.reader import read

TEMPLATES = ("bedroom", "living room", "kitchen", "gym", "restaurant", "bathroom", "children room", "meeting room", "office", "waiting room")


def built(prompt: str, seed: int = 0):
    text = RulesBackend().generate(prompt, seed=seed)[0]
    ex = executor.execute(T.load(text), seed=seed)
    return ex, evaluate(ex.state, instruction=prompt)


def count(state, *categories) -> int:
    return sum(1 for o in state.objects if o.category in categories)


def test_a_requested_single_bed_is_the_only_bed():
    ex, report = built("A bedroom with a single bed, two nightstands and a lamp on each nightstand, no TV.")
    s = ex.state
    assert count(s, "single_bed") == 1 and count(s, "double_bed", "bunk_bed") == 0
    assert count(s, "nightstand") == 2 and count(s, "table_lamp", "desk_lamp") == 2 and count(s, "tv", "wall_tv") == 0
    assert report.cnt == 1.0 and report.n_oob == 0 and report.n_collision_pairs == 0


def test_negated_categories_never_appear_and_exact_counts_hold():
    ex, report = built("A living room with a sofa, two armchairs facing it, no coffee table and no rug.")
    s = ex.state
    assert count(s, "coffee_table") == 0 and count(s, "rug") == 0
    assert count(s, "sofa") == 1 and count(s, "armchair") == 2
    assert report.cnt == 1.0 and report.oor == 1.0


def test_generic_nouns_become_the_rooms_category_and_count_as_a_whole():
    ex, report = built("A dining room with a table in the middle and six chairs around it.")
    s = ex.state
    assert count(s, "dining_table") == 1 and count(s, "dining_chair") == 6
    assert sum(1 for o in s.objects if o.category.endswith("table")) == 1  # "a table": the program adds no second one
    assert report.cnt == 1.0 and report.oar == 1.0


def test_placements_and_named_walls():
    ex, report = built("A home office, 4 x 3.5 m, with a desk against the north wall and an armchair in the corner.")
    desk = next(o for o in ex.state.objects if o.category == "desk")
    assert desk.relation.startswith("against_wall") and desk.pose.y > 2.5  # the north wall is at y = 3.5
    assert report.oar == 1.0 and (ex.state.room.width_m, ex.state.room.depth_m) == (4.0, 3.5)


def test_wall_pieces_asked_by_the_door_or_the_window_hang_beside_it():
    prompt = "A classroom with a whiteboard, coat hooks by the door and a mirror next to the window"
    ex, report = built(prompt)
    assert report.oar == 1.0, report.requirements()
    text = RulesBackend().generate(prompt, seed=0)[0]
    assert 'near="door"' in text and 'near="window"' in text
    specs = [parse_spec(s) for s in ("eq,1,next_to,coat_hooks,door", "eq,1,near,coat_hooks,door", "eq,1,next_to,mirror,window",
                                     "eq,1,near,mirror,window")]
    assert [r.count for r in deficit(ex.state, specs)[1]] == [1, 1, 1, 1]  # each holds by both measures, next to and near


def test_pieces_asked_to_face_each_other_do():
    for prompt, category in (("A home office for two with two desks facing each other and two office chairs", "desk"),
                             ("A living room with two sofas facing each other and a coffee table", "sofa")):
        ex, report = built(prompt)
        assert report.cnt == 1.0 and report.oor == 1.0, (prompt, report.requirements())
        assert deficit(ex.state, [parse_spec(f"eq,2,face,{category},{category}")])[0] == 0


def test_the_plan_replays_to_the_same_scene():
    request = read("A kids room with a bunk bed, a toy chest and two kids chairs around a kids table")
    plan = plan_request(request, seed=3)
    ex = executor.execute(T.load("\n".join(f"{i + 1}. {c}" for i, c in enumerate(plan.calls))), seed=3)
    assert ex.state.to_json() == plan.state.to_json()


def test_minimal_means_a_sparse_room():
    sparse = built("A minimal bedroom")[1].n_obj
    full = built("A bedroom")[1].n_obj
    assert sparse < full / 2


def test_a_requirement_that_does_not_fit_says_why_and_the_run_goes_on():
    ex, _ = built("A bathroom, 2.2 x 2 m, with three bathtubs and a toilet")
    results = [r.summary() for r in ex.results if r is not None]
    assert any("bathtub" in t and ("only" in t or "failed" in t) for t in results) or count(ex.state, "bathtub") < 3
    assert count(ex.state, "toilet") == 1 and ex.trajectory.calls[-1].tool == "terminate"


@pytest.mark.slow
def test_design_me_a_room_stays_full():
    counts = [built(f"Design me a {room}")[1].n_obj for room in TEMPLATES]
    assert sum(counts) / len(counts) >= 40, dict(zip(TEMPLATES, counts))


def holds(report, spec: str) -> bool:
    return next(d["satisfied"] for d in report.details["specs"] if d["spec"] == spec)


def built_with(prompt: str, *specs: str, seed: int = 0):
    text = RulesBackend().generate(prompt, seed=seed)[0]
    ex = executor.execute(T.load(text), seed=seed)
    return ex, evaluate(ex.state, specs=list(specs))


@pytest.mark.parametrize(
    "prompt, specs",
    [
        ("A dining room with a table for eight and 8 dining chairs around it.", ("eq,8,dining_chair", "ge,1,surround,dining_chair,dining_table")),
        ("A classroom with six activity tables and chairs around them.", ("eq,6,kids_table", "ge,1,surround,chair,kids_table")),
        ("An office: an executive desk facing the door, a swivel chair behind the desk and two side chairs in front of it.",
         ("eq,1,behind,office_chair,desk", "eq,2,in_front_of,dining_chair,desk")),
        ("A lounge with a sofa, a coffee table in front of it and a rug under the coffee table.", ("eq,1,below,rug,coffee_table",)),
        ("A laundry room with a washing machine and a dryer stacked on top of it.", ("eq,1,on_top,dryer,washing_machine",)),
        ("A cafe with four small tables and pendant lights over the tables.", ("ge,2,above,ceiling_light,cafe_table",)),
        ("A bedroom with a desk under the window.", ("eq,1,next_to,desk,window",)),
        ("A waiting room with a reception desk near the door.", ("eq,1,near,reception_desk,door",)),
        ("A games room with a sofa and a TV across from the sofa.", ("eq,1,across_from,tv,sofa",)),
        ("A lounge with a couch facing a wall-mounted TV.", ("eq,1,face,sofa,wall_tv",)),
        ("A galley kitchen with two wall cabinets above the worktop.", ("ge,2,above,kitchen_wall_cabinet,kitchen_base_cabinet",)),
        ("A workshop with a workbench by the window.", ("eq,1,next_to,workbench,window",)),
        ("A bookstore with a tall bookcase near the window.", ("eq,1,near,bookshelf,window",)),
        ("A kitchen with a trash can next to the oven in the corner.", ("eq,1,next_to,trash_can,oven", "eq,1,corner,trash_can,room")),
        ("A laundry room with a washing machine and a laundry basket beside it in a corner.",
         ("eq,1,next_to,laundry_basket,washing_machine", "eq,1,corner,laundry_basket,room")),
        ("A small bedroom with a double bed and a nightstand on either side of it.",
         ("ge,1,left_of,nightstand,double_bed", "ge,1,right_of,nightstand,double_bed")),
        ("A lounge with a square coffee table in the middle and three armchairs around it.", ("ge,1,surround,armchair,coffee_table",)),
        ("A tiny 3.5 x 3 m den with a sofa and two armchairs facing it.", ("eq,2,face,armchair,sofa",)),
        ("A small workshop with a workbench and two stools in front of it.", ("eq,2,in_front_of,stool,workbench",)),
        ("A bistro with a cafe table near the window and four chairs around the cafe table.",
         ("eq,1,near,cafe_table,window", "ge,1,surround,dining_chair,cafe_table")),
    ],
)
def test_relations_the_request_names_hold_in_the_built_room(prompt, specs):
    ex, report = built_with(prompt, *specs)
    assert all(holds(report, s) for s in specs), [(d["spec"], d["count"]) for d in report.details["specs"]]
    assert report.n_oob == 0 and report.n_collision_pairs == 0


def test_a_request_for_both_alternatives_of_a_room_need_still_gets_a_full_room():
    """A bedroom needs a wardrobe or a dresser; asking for both must not stop the program."""
    ex, report = built("Master bedroom with a king bed, a big wardrobe, a dresser with a mirror above it and a reading chair.")
    assert report.n_obj >= 20 and count(ex.state, "wardrobe") == 1 and count(ex.state, "dresser") == 1


def test_fixed_counts_hold_against_the_dressing():
    """The dressing's crowds of small things bring no third towel to a request for two."""
    ex, report = built("A bathroom with a bathtub, two towels on the towel rack and no rug.")
    assert count(ex.state, "towel") == 2 and count(ex.state, "rug") == 0


def test_small_things_named_without_a_place_are_not_doubled_by_the_program():
    ex, _ = built("Home office: desk, office chair, monitor, bookshelf, floor lamp.")
    assert count(ex.state, "monitor") == 1


@pytest.mark.parametrize("seed", range(8))
def test_a_piece_flanked_on_both_sides_stands_where_both_sides_are_free(seed):
    # a TV stand placed first where a door's swing or a corner blocks one side goes to a wall
    # that leaves room for a side table on each side (before: 3 of these 8 seeds had one side bare)
    specs = ("ge,1,left_of,side_table,tv_stand", "ge,1,right_of,side_table,tv_stand")
    ex, report = built_with("A small den with a TV stand and a side table on each side of it.", *specs, seed=seed)
    assert all(holds(report, s) for s in specs), [(d["spec"], d["count"]) for d in report.details["specs"]]
    assert report.n_oob == 0 and report.n_collision_pairs == 0


def test_a_generic_word_a_room_has_no_kind_of_is_its_plainest_kind():
    """"A folding table" in a laundry room (which holds no table) is built as a side table, the kind
    of table most room types hold, not the first name in the alphabet (an air hockey table)."""
    from sceneorchestra_addon.core.planner import commonest, concrete
    from sceneorchestra_addon.core.reader import read

    request = read("laundry room with a washer, a folding table and a laundry basket")
    table = next(r for r in request.requirements if r.category == "table")
    assert concrete(table, "laundry_room") == commonest({"side_table", "air_hockey_table", "pool_table"}) == "side_table"
