"""The reader: room types, sizes, requirements, negations, relations, unknown nouns, and the same
specs for the same meaning in other words."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from sceneorchestra_addon.core.reader import Request, read


def specs(text: str) -> set[str]:
    return set(read(text).specs())


@pytest.mark.parametrize("text, room", [
    ("Could you put together a home office for me?", "home_office"),
    ("a cosy study with a big desk", "home_office"),
    ("Our nursery needs a crib.", "nursery"),
    ("a studio flat for a student", "studio_apartment"),
    ("Set up the conference room for twelve people", "meeting_room"),
    ("the exam room of a small clinic", "medical_room"),
    ("a two-car garage with a workbench", "garage"),
    ("a sitting room with a fireplace", "living_room"),
    ("a little café by the sea", "cafe"),
    ("An office with a kitchen island for lunch", "office"),  # a room word inside an object's name does not decide
    ("a dining table for six in the kitchen", "kitchen"),
    ("my kid's room", "children_room"),
    ("Design me a spaceship", None),
])
def test_room_types_in_the_words_people_use(text, room):
    assert read(text).room_type == room


def test_sizes_areas_heights_styles_and_density():
    r = read("A minimal Scandinavian bedroom, 4.5 x 3.8 m, with 3 m ceilings")
    assert (r.size_m, r.height_m, r.density) == ((4.5, 3.8), 3.0, "sparse") and "scandinavian" in r.styles
    assert read("a living room of about 24 m²").area_m2 == 24.0
    assert read("a 200 sq ft bedroom").area_m2 == pytest.approx(18.58, abs=0.01)
    assert read("a small kitchen").size_word == "small" and read("a spacious lounge").size_word == "large"
    assert read("a cozy and full den, packed with books").density == "dense"
    assert read("a bedroom with high ceilings").height_m > 3.0


def test_counts_quantifiers_and_negations():
    got = specs("A dining room with at least 6 chairs, a pair of sideboards, no rug, and without a TV. Don't add any plants.")
    assert {"ge,6,chair", "eq,2,sideboard", "eq,0,rug", "eq,0,tv", "eq,0,plant"} <= got
    r = read("a bedroom with no more than two nightstands")
    assert (r.requirements[0].category, r.requirements[0].quantifier, r.requirements[0].count) == ("nightstand", "at_most", 2)
    assert "eq,12,chair" in specs("twelve chairs in the classroom") and "eq,12,chair" in specs("12 chairs in the classroom")


def test_relations_placements_and_walls():
    r = read("A study with two bookshelves on either side of a desk that faces the window, and an armchair in the corner.")
    shelves, desk, chair = r.requirements
    assert (shelves.category, shelves.count, shelves.relation, shelves.anchor) == ("bookshelf", 2, "both_sides", 1)
    assert (chair.category, chair.placement) == ("armchair", "corner")
    assert {"ge,1,left_of,bookshelf,desk", "ge,1,right_of,bookshelf,desk", "eq,1,corner,armchair,room"} <= set(r.specs())
    sofa = read("Put the sofa against the back wall of the lounge.").requirements[0]
    assert (sofa.placement, sofa.wall) == ("against_wall", "back")
    assert read("a desk against the north wall of the study").requirements[0].wall == "north"
    mirror = read("a bathroom with a mirror above the vanity").requirements[0]
    assert (mirror.category, mirror.relation, mirror.anchor) == ("mirror", "above", 1)
    assert "eq,1,below,rug,double_bed" in specs("a bedroom with a rug under the double bed")


def test_each_is_one_per_anchor():
    r = read("A bedroom with two nightstands and a lamp on each nightstand.")
    lamp = next(q for q in r.requirements if q.category == "lamp")
    assert lamp.each and lamp.relation in ("on", "on_top") and lamp.count in (1, 2)


def test_a_negated_object_takes_no_relation():
    r = read("A living room with no coffee table, two armchairs facing the sofa")
    assert "eq,0,coffee_table" in r.specs() and not any(s.startswith(("ge,1,face,coffee", "eq,0,face")) for s in r.specs())


def test_unknown_nouns_are_kept_not_dropped():
    r = read("A game room with a pool table, a popcorn machine and a jukebox by the wall.")
    assert {u.noun for u in r.unknown} == {"popcorn machine", "jukebox"}
    assert "ge,1,against,popcorn_machine,wall" not in r.specs() and "eq,1,pool_table" in r.specs()
    assert read("A bright, modern bedroom with lots of natural light and a calm feel.").unknown == ()


PARAPHRASES = [
    ("A bedroom with a double bed, two nightstands and no TV.", "Bedroom: one double bed, 2 nightstands, without a television."),
    ("Two armchairs facing the sofa in the living room.", "In the lounge, 2 armchairs that face the couch."),
    ("A kitchen with a fridge, an oven and four bar stools.", "Kitchen - fridge, oven, 4 bar stools."),
    ("An office with six desks and six office chairs, no sofa.", "Office: 6 desks, 6 office chairs; no couch please."),
    ("A dining room with a dining table and eight dining chairs.", "dining room: 8 dining chairs and one dining table"),
    ("A nursery with a crib and a rocking armchair in the corner.", "Nursery. In the corner, an armchair. Also a cot."),
    ("A classroom with a whiteboard on the wall and twenty school desks.", "Classroom: 20 school desks, and a whiteboard on the wall."),
    ("A bathroom with a bathtub, a toilet and a mirror above the vanity.", "Bathroom with a tub, a WC and a mirror over the vanity."),
    ("A library with five bookshelves and a reading lamp.", "Library: 5 bookcases plus one reading lamp."),
    ("A gym with two treadmills, a rowing machine and no mirror.", "Gym - 2 treadmills and a rowing machine. Without a mirror."),
]


@pytest.mark.parametrize("a, b", PARAPHRASES)
def test_the_same_meaning_in_other_words_gives_the_same_specs(a, b):
    assert specs(a) == specs(b)


def test_request_round_trips_through_json():
    r = read("A study, 4 x 3 m, with two bookshelves on either side of a desk, no rug and a hammock.")
    assert Request.from_dict(json.loads(r.to_json())) == r


def test_understand_cli(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "sceneorchestra_addon", "understand", *args], cwd=ROOT, capture_output=True, text=True)

    ok = run("Two chairs facing a sofa in a lounge with a jukebox")
    assert ok.returncode == 0 and "eq,2,face,chair,sofa" in ok.stdout and "no 'jukebox' in the catalogue: left out" in ok.stdout
    assert json.loads(ok.stdout[: ok.stdout.rindex("}") + 1])["room_type"] == "living_room"
    for bad, message in (("Design me a spaceship", "no room type found"), ("   ", "the prompt is empty")):
        r = run(bad)
        assert r.returncode == 2 and message in r.stderr
