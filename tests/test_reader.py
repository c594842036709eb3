"""The reader: what an English instruction asks for (room, size, style, density, requirements and
their specs, unknown nouns), paraphrase invariance, the JSON round trip and the ``understand``
command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from sceneorchestra_addon.core.metrics.specs import parse_specs
from sceneorchestra_addon.core.reader import Request, read


def specs(text: str) -> list[str]:
    out = list(read(text).specs())
    parse_specs(out)  # always valid
    return out


# ---------------------------------------------------------------- rooms


@pytest.mark.parametrize("room", ["bedroom", "living room", "kitchen", "gym", "restaurant", "bathroom", "children room", "meeting room", "office",
                                  "waiting room"])
def test_template_rooms_keep_their_type(room):
    assert read(f"Design me a {room}").room_type == room.replace(" ", "_")


@pytest.mark.parametrize(
    "text, room",
    [("a cosy home office for two", "home_office"), ("I need a study", "home_office"), ("a bright sitting room", "living_room"),
     ("our family room", "living_room"), ("a studio apartment in Paris", "studio_apartment"), ("a tiny bedsit", "studio_apartment"),
     ("a board room for twelve", "meeting_room"), ("an exam room", "medical_room"), ("the doctor's office", "medical_room"),
     ("a workshop in the garage", "workshop"), ("a utility room with a washer", "laundry_room"), ("a rumpus room", "playroom"),
     ("an eat-in kitchen", "kitchen"), ("a teen bedroom", "bedroom"), ("my kids' bedroom", "children_room"), ("a café", "cafe"),
     ("a little bookshop", "bookstore"), ("a home gym in the cellar", "gym"), ("a bathroom with a washbasin", "bathroom"),
     ("an en-suite", "bathroom"), ("a reading room", "library"), ("a lecture room", "classroom"), ("a waiting area", "waiting_room"),
     ("a bedroom with an office chair and a bathroom vanity", "bedroom"), ("a kitchen island in a dining room", "dining_room"),
     ("a living room sofa for my den", "living_room"), ("a bistro", "restaurant"), ("a nursery", "nursery"),
     # one letter left out, added, changed or swapped in a room word, when no room is named right
     ("master bedrom with a queen bed", "bedroom"), ("Kitchn for a small flat", "kitchen"), ("a livng room", "living_room"),
     ("a clasroom for 20", "classroom"), ("a resturant", "restaurant"), ("a batrhoom", "bathroom"),
     ("a woodworking shop", "workshop"), ("a sushi bar", "restaurant"), ("a pub", "restaurant")],
)
def test_room_words_and_phrases(text, room):
    assert read(text).room_type == room
    assert read(text).room_type == room


@pytest.mark.parametrize("text, room", [
    ("my son is 7, he wants bunk beds, a desk for homework and a toy box", "children_room"),
    ("two workbenches in a row, a tool cabinet and a pegboard on the wall", "workshop"),
    ("a bed and a wardrobe", "bedroom"), ("a sofa, a coffee table and a TV", "living_room"),
    ("a bathtub, a washbasin with a mirror over it", "bathroom"), ("a treadmill, a rowing machine and a squat rack", "gym"),
    ("a desk", "home_office"), ("a sofa", "living_room"),
    ("desk, office chair, 2 monitors on the desk, bookshelf", "home_office"),  # the only room word is the chair's
])
def test_a_room_not_named_is_the_one_that_holds_what_is_asked_for(text, room):
    request = read(text)
    assert (request.room_type, request.room_inferred) == (room, True)
    assert read(f"a {room.replace('_', ' ')} with {text}").room_inferred is False


@pytest.mark.parametrize("text, room", [
    # two room words in a row: the head, unless the other one holds more of what is asked for
    ("a restaurant dining area with eight tables, a bar along one side and a host stand by the door", "restaurant"),
    ("resturant dining area with a bar and a host stand", "restaurant"),  # the modifier misspelt
    ("a restaurant dining room with a dining table", "dining_room"),
    ("an office kitchen with a fridge and a kettle", "kitchen"),
    ("a children's playroom with a tent", "playroom"),
    ("open-plan living/dining with a sofa and a dining table for six", "living_room"),
])
def test_a_compound_of_room_words_is_the_room_that_holds_the_pieces(text, room):
    assert read(text).room_type == room


@pytest.mark.parametrize("text", ["asdfgh qwerty", "make it nice", "a lamp", "no TV"])
def test_nothing_to_tell_the_room_by_names_none(text):
    assert read(text).room_type is None


# ---------------------------------------------------------------- room facts


@pytest.mark.parametrize(
    "text, size, area",
    [("a 5 x 4 m bedroom", (5.0, 4.0), 20.0), ("a kitchen 5m by 4m", (5.0, 4.0), 20.0), ("a living room 5 metres wide and 4 deep", (5.0, 4.0), 20.0),
     ("a 16 m² office", None, 16.0), ("a 16 sqm office", None, 16.0), ("a 16 square metres office", None, 16.0),
     ("an office of 16 square meters", None, 16.0), ("a 170 sq ft bedroom", None, 15.79), ("a bedroom, 12 by 10 feet", (3.66, 3.05), 11.16)],
)
def test_sizes_and_areas(text, size, area):
    r = read(text)
    assert r.size_m == size and r.area_m2 == area


def test_heights_size_words_styles_and_densities():
    r = read("A spacious Scandinavian living room with 3 m ceilings, modern and cozy, with lots of plants")
    assert (r.size_word, r.height_m, r.density) == ("large", 3.0, "dense")
    assert r.styles == ("scandinavian", "modern", "cosy")
    r = read("a tiny mid-century study with high ceilings, just the essentials")
    assert (r.size_word, r.height_m, r.density, r.styles) == ("small", 3.5, "sparse", ("mid-century",))
    assert read("a minimalist bedroom").density == "sparse"
    assert read("a fully furnished kitchen").density == "dense"
    assert read("a bedroom with a small desk").size_word is None  # the desk is small, not the room
    assert read("a medium-sized office").size_word == "medium"
    assert read("a bedroom").density is None and read("a bedroom").styles == ()


# ---------------------------------------------------------------- requirements and specs


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A living room with no coffee table, a sofa facing the TV and a rug under the sofa.",
         ["eq,0,coffee_table", "eq,1,sofa", "ge,1,tv", "eq,1,rug", "eq,1,face,sofa,tv", "eq,1,below,rug,sofa"]),
        ("Could you make me a bedroom without a TV? Just a double bed, a wardrobe and a lamp on each nightstand.",
         ["eq,0,tv", "eq,1,double_bed", "eq,1,wardrobe", "ge,1,lamp", "ge,1,nightstand", "ge,1,on,lamp,nightstand"]),
        ("a bedroom with two nightstands and a table lamp on each nightstand",
         ["eq,2,nightstand", "eq,2,table_lamp", "eq,2,on,table_lamp,nightstand"]),
        ("Please don't add a rug to the kitchen; I want a fridge next to the oven.", ["eq,0,rug", "eq,1,fridge", "ge,1,oven", "eq,1,next_to,fridge,oven"]),
        ("a living room with no TV or rug", ["eq,0,tv", "eq,0,rug"]),
        ("a bedroom. There should not be a desk.", ["eq,0,desk"]),
        ("A home office with a desk facing the window, an office chair, and two bookshelves against the back wall.",
         ["eq,1,desk", "eq,1,office_chair", "eq,2,bookshelf", "eq,2,against,bookshelf,wall"]),
        ("a living room with two chairs on either side of the sofa", ["eq,2,chair", "ge,1,sofa", "ge,1,left_of,chair,sofa", "ge,1,right_of,chair,sofa"]),
        ("the sofa against the back wall of the lounge", ["eq,1,sofa", "eq,1,against,sofa,wall"]),
        ("an armchair in the corner of the den", ["eq,1,armchair", "eq,1,corner,armchair,room"]),
        ("a bedroom with a rug under the bed", ["eq,1,rug", "ge,1,bed", "eq,1,below,rug,bed"]),
        ("a bathroom with a mirror above the vanity", ["eq,1,mirror", "ge,1,bathroom_vanity", "eq,1,above,mirror,bathroom_vanity"]),
        ("a study with a plant on top of the bookshelf", ["eq,1,plant", "ge,1,bookshelf", "eq,1,on_top,plant,bookshelf"]),
        ("A restaurant with six tables, twenty-four chairs and a sideboard.", ["eq,6,table", "eq,24,chair", "eq,1,sideboard"]),
        ("a bedroom with a wardobe and a nightstnad", ["eq,1,wardrobe", "eq,1,nightstand"]),
        ("a meeting room with a conference table and ten chairs around it, and a whiteboard on the wall",
         ["eq,1,conference_table", "eq,10,chair", "eq,1,whiteboard", "ge,1,surround,chair,conference_table", "eq,1,on,whiteboard,wall"]),
        ("a desk and chair by the window", ["eq,1,desk", "eq,1,chair", "eq,1,next_to,desk,window", "eq,1,next_to,chair,window"]),
        ("a sofa and an armchair, both facing the TV", ["eq,1,sofa", "eq,1,armchair", "ge,1,tv", "eq,1,face,sofa,tv", "eq,1,face,armchair,tv"]),
        ("a study with two bookshelves on either side of a desk that faces the window, and an armchair in the corner",
         ["eq,2,bookshelf", "eq,1,desk", "eq,1,armchair", "ge,1,left_of,bookshelf,desk", "ge,1,right_of,bookshelf,desk", "eq,1,corner,armchair,room"]),
        ("a gym with at least three treadmills and no more than 2 benches", ["ge,3,treadmill", "le,2,bench"]),
        ("a kitchen with more than two stools", ["ge,3,stool"]),
        ("a waiting room with a water cooler near the door", ["eq,1,water_dispenser", "eq,1,near,water_dispenser,door"]),
        ("a bedroom with a chandelier hanging from the ceiling", ["eq,1,ceiling_light", "eq,1,hang,ceiling_light,ceiling"]),
        ("a toilet with a sink", ["eq,1,bathroom_vanity"]),  # the room named "toilet" is a bathroom: its sink is a basin
        # shorthand: "w/", "+", a count after its item
        ("a dining room: table w/ 6 chairs", ["eq,1,table", "eq,6,chair", "ge,1,surround,chair,table"]),
        ("a study with a desk + desk chair", ["eq,1,desk", "eq,1,office_chair"]),
        ("garage: workbench x3, shelving unit", ["eq,3,workbench", "eq,1,shelving_unit"]),
        ("garage: 2x workbenches", ["eq,2,workbench"]),
        ("a kitchen w/o microwave", ["eq,0,microwave"]),
        # ruled out after the noun; "no" with what it is made of rules out a kind, not the piece
        ("an office; printer not needed, a desk", ["eq,0,printer", "eq,1,desk"]),
        ("a lounge with a sofa, a TV is not necessary", ["eq,1,sofa", "eq,0,tv"]),
        ("a sofa, a coffee table, no glass tables", ["eq,1,sofa", "eq,1,coffee_table"]),
        ("a kitchen with a fridge and no microwave pls", ["eq,1,fridge", "eq,0,microwave"]),
        # what a piece is for: small things go on it, anything else is not asked for
        ("a sofa by the window for light", ["eq,1,sofa", "eq,1,next_to,sofa,window"]),
        ("a shelf for books", ["eq,1,shelf", "ge,2,book", "ge,2,on,book,shelf"]),
        ("make room for a piano", ["eq,1,piano"]),
        # a bare plural over each: at least one each; "rows of"; a catalogue object with a plural name
        ("three tables with candles on each", ["eq,3,table", "ge,3,candle", "ge,3,on,candle,table"]),
        ("a waiting room with rows of chairs", ["ge,2,chair"]),
        ("drapes and coat hooks", ["eq,1,curtains", "eq,1,coat_hooks"]),
        # a word the room holds under another name: a bathroom's sink is its basin, a library's trolley its book cart
        ("a bathroom with a mirror above the sink", ["eq,1,mirror", "ge,1,bathroom_vanity", "eq,1,above,mirror,bathroom_vanity"]),
        ("a library with a trolley", ["eq,1,book_cart"]),
        ("a game room with a mini fridge", ["eq,1,fridge"]),
        # an unknown thing's relation is its own
        ("a toy box and glow stars on the ceiling", ["eq,1,toy_chest"]),
        ("a desk, a toy box and glow stars on the ceiling", ["eq,1,desk", "eq,1,toy_chest"]),
        # small things "with" a piece that has a top go on it; a relation said outright wins
        ("a desk with a lamp", ["eq,1,desk", "eq,1,lamp", "eq,1,on,lamp,desk"]),
        ("a bed with cushions", ["eq,1,bed", "ge,2,pillow", "ge,2,on,pillow,bed"]),
        ("a table with 4 chairs", ["eq,1,table", "eq,4,chair", "ge,1,surround,chair,table"]),
        ("a fridge with a microwave on top", ["eq,1,fridge", "eq,1,microwave", "eq,1,on_top,microwave,fridge"]),
        # a list of small things with a piece that has a top: each goes on it; amounts before them; not past a piece
        ("a desk with two monitors, a lamp and a mug, a chair", ["eq,1,desk", "eq,2,monitor", "eq,1,lamp", "eq,1,cup", "eq,1,chair",
                                                               "eq,2,on,monitor,desk", "eq,1,on,lamp,desk", "eq,1,on,cup,desk"]),
        ("a bed with loads of cushions", ["eq,1,bed", "ge,2,pillow", "ge,2,on,pillow,bed"]),
        ("a desk with a lamp and a chair", ["eq,1,desk", "eq,1,lamp", "eq,1,chair", "eq,1,on,lamp,desk"]),
        ("a bed with a nightstand and a lamp", ["eq,1,bed", "eq,1,nightstand", "eq,1,lamp"]),
        # where a small thing on a piece stands is where the piece stands
        ("a checkout counter with a till on it near the entrance", ["eq,1,reception_desk", "eq,1,cash_register", "eq,1,near,reception_desk,door",
                                                                    "eq,1,on,cash_register,reception_desk"]),
        ("a lamp on the nightstand by the window", ["eq,1,lamp", "eq,1,nightstand", "eq,1,on,lamp,nightstand", "eq,1,next_to,nightstand,window"]),
        # "round it" is around; "a round table" is its shape
        ("a long table with six chairs round it", ["eq,1,table", "eq,6,chair", "ge,1,surround,chair,table"]),
        ("a round table and four chairs", ["eq,1,table", "eq,4,chair"]),
        # "stacked": the second on the first; before its noun it says how the pair stands
        ("washer and tumble dryer stacked, a sink", ["eq,1,washing_machine", "eq,1,dryer", "eq,1,kitchen_sink_cabinet",
                                                     "eq,1,on_top,dryer,washing_machine"]),
        ("a washer and dryer stacked in the corner", ["eq,1,washing_machine", "eq,1,dryer", "eq,1,corner,washing_machine,room",
                                                        "eq,1,corner,dryer,room", "eq,1,on_top,dryer,washing_machine"]),
        ("a stacked washer and dryer", ["eq,1,washing_machine", "eq,1,dryer"]),
        # "instead of" / "rather than" rule a piece out, unless that kind is asked for too
        ("a kitchen with open shelves on the wall instead of upper cabinets", ["ge,2,shelf", "eq,0,kitchen_wall_cabinet",
                                                                             "ge,2,on,shelf,wall"]),
        ("a living room with a loveseat rather than a sofa", ["eq,1,loveseat", "eq,0,sofa"]),
        ("two pendant lights over the table rather than one big chandelier", ["eq,2,ceiling_light", "ge,1,table",
                                                                              "eq,2,above,ceiling_light,table"]),
        # "it" is a singular piece, "them" a plural one
        ("a desk, two armchairs in front of the desk, a credenza behind it", ["eq,1,desk", "eq,2,armchair", "eq,1,sideboard",
                                                                              "eq,2,in_front_of,armchair,desk", "eq,1,behind,sideboard,desk"]),
        # "at the foot of the bed", with or without its article
        ("a toddler's room: a small bed, a toy chest at the foot of the bed", ["eq,1,bed", "eq,1,toy_chest", "eq,1,in_front_of,toy_chest,bed"]),
        ("bedroom, double bed, wardrobe, bench at foot of bed", ["eq,1,double_bed", "eq,1,wardrobe", "eq,1,bench",
                                                               "eq,1,in_front_of,bench,double_bed"]),
        # "each with" after pieces side by side: one apiece
        ("two desks next to each other, each with an office chair", ["eq,2,desk", "eq,2,office_chair", "eq,2,next_to,desk,desk"]),
        # a bare plural of chairs around a table said to seat eight is those eight
        ("dining room, table for eight, chairs round the table", ["eq,1,table", "eq,8,chair", "ge,1,surround,chair,table"]),
        # "it" is not the pendant light when the table is the other piece it may be
        ("a table, a pendant light over the table and a rug under it", ["eq,1,table", "eq,1,ceiling_light", "eq,1,rug",
                                                                        "eq,1,above,ceiling_light,table", "eq,1,below,rug,table"]),
        ("a dryer stacked on the washing machine", ["eq,1,dryer", "ge,1,washing_machine", "eq,1,on,dryer,washing_machine"]),
        # "on a stand": the stand of that thing, or its own
        ("a telly on a stand", ["eq,1,tv", "eq,1,tv_stand", "eq,1,on,tv,tv_stand"]),
        ("a globe on a stand", ["eq,1,globe"]),
        ("one of those coat stands by the door", ["eq,1,coat_rack", "eq,1,next_to,coat_rack,door"]),
        ("a water fountain", ["eq,1,water_dispenser"]),
        # "each with": so many at each; "at each one"
        ("six bookcases, 2 long tables each with 4 chairs, and a desk",
         ["eq,6,bookshelf", "eq,2,table", "eq,8,chair", "eq,1,desk", "ge,1,surround,chair,table"]),
        ("two tables, each with four chairs", ["eq,2,table", "eq,8,chair", "ge,1,surround,chair,table"]),
        ("20 student desks with a chair at each one", ["eq,20,school_desk", "eq,20,chair", "eq,20,next_to,chair,school_desk"]),
        ("a desk, as well as a water dispenser by the desk", ["eq,1,desk", "eq,1,water_dispenser", "eq,1,next_to,water_dispenser,desk"]),
        ("a fold-out table and two chairs", ["eq,1,table", "eq,2,chair"]),  # "fold-out", "walk-in", "built-in": one word
        ("a walk-in shower and two basins", ["eq,1,shower", "eq,2,bathroom_vanity"]),
        # a room for so many people: "each person has ..." and "... for every child" count one each
        ("an office for 4 persons. Each person has a desk and a chair, also a printer", ["eq,4,desk", "eq,4,chair", "eq,1,printer"]),
        ("a classroom for 20 students, each with a desk and a chair", ["eq,20,desk", "eq,20,chair"]),
        ("a classroom for 24 pupils: a chair for every child and a bookcase", ["eq,24,chair", "eq,1,bookshelf"]),
        ("a round table seating six", ["eq,1,table", "eq,6,chair", "ge,1,surround,chair,table"]),
        ("a coffee table on a rug", ["eq,1,coffee_table", "eq,1,rug", "eq,1,below,rug,coffee_table"]),
        ("an exam table centred in the room", ["eq,1,exam_table", "eq,1,middle,exam_table,room"]),
        ("a bookcase as a divider between the bed and the sofa", ["eq,1,bookshelf", "ge,1,bed", "ge,1,sofa", "eq,1,next_to,bookshelf,bed",
                                                                   "eq,1,next_to,bookshelf,sofa"]),
        # "it" is the object of another kind: the desk, not the swivel chair
        ("an office with a swivel chair behind the desk and two side chairs in front of it",
         ["eq,1,office_chair", "ge,1,desk", "eq,2,dining_chair", "eq,1,behind,office_chair,desk", "eq,2,in_front_of,dining_chair,desk"]),
        ("a classroom with six tables and chairs around them", ["eq,6,table", "ge,2,chair", "ge,1,surround,chair,table"]),
        ("a dining room with a table surrounded by 8 chairs", ["eq,1,table", "eq,8,chair", "ge,1,surround,chair,table"]),
        ("a boardroom with twelve chairs set around one long meeting table",
         ["eq,12,chair", "eq,1,conference_table", "ge,1,surround,chair,conference_table"]),
        ("a living room with a three-seater sofa and a 2-door cabinet", ["eq,1,sofa", "eq,1,cabinet"]),
        ("a bedroom with a lamp on each of two nightstands, which sit on both sides of a double bed placed against the wall",
         ["eq,2,lamp", "eq,2,nightstand", "eq,1,double_bed", "eq,2,on,lamp,nightstand", "ge,1,left_of,nightstand,double_bed",
          "ge,1,right_of,nightstand,double_bed", "eq,1,against,double_bed,wall"]),
        ("a bedroom with nightstands on both sides of the bed", ["eq,2,nightstand", "ge,1,bed", "ge,1,left_of,nightstand,bed",
                                                                 "ge,1,right_of,nightstand,bed"]),
        ("a teen bedroom with a desk; please leave out the TV", ["eq,1,desk", "eq,0,tv"]),
        ("a waiting room with a reception counter close to the door", ["eq,1,reception_desk", "eq,1,near,reception_desk,door"]),
        ("a laundry room with a washer, a dryer stacked on top and a shelf above the washer",
         ["eq,1,washing_machine", "eq,1,dryer", "eq,1,shelf", "eq,1,on_top,dryer,washing_machine", "eq,1,above,shelf,washing_machine"]),
        ("a library where tall bookshelves run along every wall", ["ge,4,bookshelf", "ge,4,against,bookshelf,wall"]),
        ("a basement with a wine rack", []),
        # a count of walls counts the pieces along them
        ("a study with bookcases on three walls", ["ge,3,bookshelf", "ge,3,against,bookshelf,wall"]),
        ("a garage with shelving along both side walls", ["ge,2,shelving_unit", "ge,2,against,shelving_unit,wall"]),
        ("a gym with a mirror on each wall", ["eq,4,mirror", "eq,4,on,mirror,wall"]),
        ("a bedroom with a mirror on one wall", ["eq,1,mirror", "eq,1,on,mirror,wall"]),
        # an adverb after a noun is no part of its name
        ("a den with a sofa, no washer or dryer down here", ["eq,1,sofa", "eq,0,washing_machine", "eq,0,dryer"]),
        ("a restaurant with ten tables. No TVs anywhere.", ["eq,10,table", "eq,0,tv"]),
        # a noun whose words, with the last of the noun before it, still name that noun's category
        ("a studio with a room divider screen", ["eq,1,room_divider"]),
        # tables said to seat so many: as many chairs for each of them
        ("a restaurant with three tables for four", ["eq,3,table", "eq,12,chair", "ge,1,surround,chair,table"]),
        ("a restaurant with a table for six and two tables for two", ["eq,3,table", "eq,10,chair", "ge,1,surround,chair,table"]),
        ("a bistro with three tables of four", ["eq,3,table", "eq,12,chair", "ge,1,surround,chair,table"]),
        # "each with" after a count: one apiece, on a piece with a top; "above" without its object: the piece before
        ("an office with two desks, each with a lamp", ["eq,2,desk", "eq,2,lamp", "eq,2,on,lamp,desk"]),
        ("a restaurant with three tables, each with a pendant light above", ["eq,3,table", "eq,3,ceiling_light", "eq,3,above,ceiling_light,table"]),
        # how pieces are arranged is read past: what follows is still theirs
        ("an office with 8 desks in two rows of four, each with a monitor", ["eq,8,desk", "eq,8,monitor", "eq,8,on,monitor,desk"]),
        ("a gym with 3 treadmills in a row facing the mirror", ["eq,3,treadmill", "ge,1,mirror", "eq,3,face,treadmill,mirror"]),
        # a side of the room is a wall; the other side, a side table, the side of a piece are not
        ("a restaurant with a bar along one side", ["eq,1,bar_counter", "eq,1,against,bar_counter,wall"]),
        ("a bedroom with a desk on the left side", ["eq,1,desk", "eq,1,against,desk,wall"]),
        ("a restaurant with a bar down one side of the room", ["eq,1,bar_counter", "eq,1,against,bar_counter,wall"]),
        ("a kitchen with cabinets along both sides", ["ge,2,cabinet", "ge,2,against,cabinet,wall"]),
        ("an office with a coffee machine on a side cabinet", ["eq,1,coffee_machine", "eq,1,cabinet", "eq,1,on,coffee_machine,cabinet"]),
        ("a basement with a sofa, a ping pong table on the other side", ["eq,1,sofa", "eq,1,ping_pong_table"]),
        # a count of a word of several kinds counts the pieces of those kinds asked for besides
        ("an office with a desk, an executive chair and a meeting table with 4 chairs",
         ["eq,1,desk", "eq,1,office_chair", "eq,1,conference_table", "eq,5,chair", "ge,1,surround,chair,conference_table"]),
        ("a living room with two armchairs, a sofa and four chairs", ["eq,2,armchair", "eq,1,sofa", "eq,6,chair"]),
        # a piece ruled out has no place to be; "nothing on the walls" puts nothing there
        ("a bedroom with a bed, no pictures on the walls", ["eq,1,bed", "eq,0,wall_art"]),
        ("a living room with a sofa but no TV on the wall", ["eq,1,sofa", "eq,0,tv"]),
        ("a bedroom with a bed and nothing on the walls", ["eq,1,bed"]),
        ("a bedroom with a bed and some pictures on the walls", ["eq,1,bed", "ge,2,wall_art", "ge,2,on,wall_art,wall"]),
        # a bare plural that another noun describes is still more than one
        ("a playroom with a bookshelf with picture books", ["eq,1,bookshelf", "ge,2,book"]),
        # "the middle of the back wall" is a place against that wall; "it" skips a piece counted twice
        ("a bedroom with a bed in the middle of the back wall", ["eq,1,bed", "eq,1,against,bed,wall"]),
        ("a bed with a nightstand on each side and a dresser across from it",
         ["eq,1,bed", "eq,2,nightstand", "eq,1,dresser", "ge,1,left_of,nightstand,bed", "ge,1,right_of,nightstand,bed",
          "eq,1,across_from,dresser,bed"]),
        # small things listed together go on the top named after them; a floor piece among them does not
        ("a kitchen with a kettle and a toaster on the counter",
         ["eq,1,kettle", "eq,1,toaster", "ge,1,kitchen_base_cabinet", "eq,1,on,kettle,kitchen_base_cabinet", "eq,1,on,toaster,kitchen_base_cabinet"]),
        ("a waiting room with a water cooler and magazines on a coffee table",
         ["eq,1,water_dispenser", "ge,2,book", "eq,1,coffee_table", "ge,2,on,book,coffee_table"]),
        # a count of corners counts the pieces in them; a piece that hangs "along a wall" is on it
        ("an office with a plant in each corner", ["eq,4,plant", "eq,4,corner,plant,room"]),
        ("a gym with mirrors along one wall", ["ge,2,mirror", "ge,2,on,mirror,wall"]),
        # a floor piece "on" the wall stands against it; a piece "covering" a wall hangs on it
        ("a bedroom with a queen bed centred on the wall", ["eq,1,double_bed", "eq,1,against,double_bed,wall"]),
        ("a gym with a big mirror covering one wall", ["eq,1,mirror", "eq,1,on,mirror,wall"]),
        # "an oven with a hob" is one oven; "a chalkboard wall" is a chalkboard on a wall
        ("a kitchen with an oven with a hob and a fridge", ["eq,1,oven", "eq,1,fridge"]),
        ("a playroom with a chalkboard wall for drawing", ["eq,1,chalkboard", "eq,1,on,chalkboard,wall"]),
        # "the wall opposite the window": against a wall, and across from the window
        ("a bedroom with a bed against the wall opposite the window", ["eq,1,bed", "eq,1,against,bed,wall", "eq,1,across_from,bed,window"]),
        # a piece of someone's own is one more ("my teacher's desk" after the pupils' desks), and the
        # others are the room's other usual kind: a classroom's school desks
        ("a classroom with twelve desks and my teacher's desk by the window",
         ["eq,12,school_desk", "eq,1,teacher_desk", "eq,1,next_to,teacher_desk,window"]),
        # several of it beside someone's own one, not beside another kind that is no one's ("twenty study desks and a desk for the teacher")
        ("a classroom with twenty study desks and a desk for the teacher", ["eq,20,study_desks", "eq,21,desk"]),
        # "each X" after the Xs is those Xs, the same word's first ("twenty desks and a teacher's desk. Each desk has a lamp")
        ("a classroom with twenty desks and a teacher's desk. Each desk has a lamp.", ["eq,20,school_desk", "eq,1,teacher_desk", "eq,20,lamp"]),
        # a number said is the count ("four matching chairs"), and a table's seats are counted once ("a 6-seater table for six")
        ("a dining room with a table for six and four matching chairs", ["eq,1,table", "eq,4,chair"]),
        ("a dining room with a 6-seater table for six", ["eq,1,table", "eq,6,chair", "ge,1,surround,chair,table"]),
        # a common misspelling is still corrected
        ("an office with a desk and a filling cabinet", ["eq,1,desk", "eq,1,filing_cabinet"]),
        # an English word a slip away from a catalogue word is that word ("section" is no sectional sofa)
        ("Bookstore with a kids' section with bean bags", ["ge,2,bean_bag"]),
        ("a living room with a heather grey armchair", ["eq,1,armchair"]),
        # "facing each other": each faces another of its kind
        ("two sofas facing each other", ["eq,2,sofa", "eq,2,face,sofa,sofa"]),
        ("a home office with two desks facing each other", ["eq,2,desk", "eq,2,face,desk,desk"]),
        # a pronoun ends the noun phrase: "a desk they can share" is a desk
        ("kids room with a bunk bed, a desk they can share and a bean bag", ["eq,1,bunk_bed", "eq,1,desk", "eq,1,bean_bag"]),
        # a number hyphened onto a word names the catalogue's piece ("two-seater": a loveseat)
        ("a studio with a two-seater sofa facing a TV", ["eq,1,loveseat", "eq,1,tv", "eq,1,face,loveseat,tv"]),
        ("a living room with a 3-seater and two armchairs", ["eq,1,sofa", "eq,2,armchair"]),
        # ... or says how many a table seats; "along the windows" is by them
        ("a cafe with four 2-seater tables", ["eq,4,table", "eq,8,chair", "ge,1,surround,chair,table"]),
        ("a restaurant with six two-person tables along the windows",
         ["eq,6,table", "eq,12,chair", "eq,6,next_to,table,window", "ge,1,surround,chair,table"]),
        ("a dining room with a 6-seater table and 4 chairs", ["eq,1,table", "eq,4,chair"]),
        # "enough chairs" are as many as the tables seat
        ("a dining room with a table for eight and enough chairs", ["eq,1,table", "eq,8,chair", "ge,1,surround,chair,table"]),
        ("a restaurant with six tables for two and two tables for six, with the right number of chairs at each",
         ["eq,8,table", "eq,24,chair", "eq,24,next_to,chair,table", "ge,1,surround,chair,table"]),
        # "each table" after the tables is those tables, and what it has, one at each
        ("a restaurant with six tables, each table with a vase", ["eq,6,table", "eq,6,vase", "eq,6,on,vase,table"]),
        ("Restaurant: six tables. Each table has four chairs.", ["eq,6,table", "eq,24,chair"]),
        # a misspelling keeps its first letter: "replace" is no fireplace
        ("a living room where I want to replace the old couch with a sofa bed", ["eq,1,sofa"]),
        # a piece "on" a word that names its own kind is that piece, not on another
        ("a gym with dumbbells on a rack", ["eq,1,dumbbell_rack"]),
        ("a kitchen with plates on a shelf", ["ge,2,plate", "eq,1,shelf", "ge,2,on,plate,shelf"]),
        # "each" with its noun left out or after a count, and multiplied by the number of what it refers to
        ("a study with three desks, a lamp on each", ["eq,3,desk", "eq,3,lamp", "eq,3,on,lamp,desk"]),
        ("a cafe with ten small tables and three chairs at each table", ["eq,10,table", "eq,30,chair", "eq,30,next_to,chair,table"]),
        ("four desks with a couple of chairs each", ["eq,4,desk", "ge,8,chair"]),
        # seats named right after "with" go at the piece people sit at: around a table, beside a bar; at a desk, one each
        ("a rectangular table in the centre with six chairs", ["eq,1,table", "eq,6,chair", "eq,1,middle,table,room", "ge,1,surround,chair,table"]),
        ("a small dining table with 2 chairs", ["eq,1,dining_table", "eq,2,chair", "eq,2,next_to,chair,dining_table"]),
        ("a bar with 4 stools", ["eq,1,bar_counter", "eq,4,stool", "eq,4,next_to,stool,bar_counter"]),
        ("20 student desk with chair", ["eq,20,school_desk", "eq,20,chair"]),
        ("a sofa with two armchairs", ["eq,1,sofa", "eq,2,armchair"]),
        # a phrase that names one kind of a word of several kinds names that kind alone beside another of those kinds
        ("a writing desk, a desk chair, and a wall shelf above the desk", ["eq,1,desk", "eq,1,office_chair", "eq,1,wall_shelf", "eq,1,above,wall_shelf,desk"]),
        ("twenty school desks and a teacher's desk", ["eq,20,school_desk", "eq,1,teacher_desk"]),
        ("a desk and 8 school desks", ["eq,9,desk", "eq,8,school_desk"]),
        ("a kitchen with half a dozen stools", ["eq,6,stool"]),
        ("a bedroom with nightstands either side of the bed", ["eq,2,nightstand", "ge,1,bed", "ge,1,left_of,nightstand,bed",
                                                               "ge,1,right_of,nightstand,bed"]),
        ("a desk and a bookshelf side by side", ["eq,1,desk", "eq,1,bookshelf", "eq,1,next_to,bookshelf,desk"]),
        ("Lounge: sofa and armchair side by side", ["eq,1,sofa", "eq,1,armchair", "eq,1,next_to,armchair,sofa"]),
        # a negation ends at a comma unless the list goes on to "or"
        ("a lounge with no TV, armchair by the window", ["eq,0,tv", "eq,1,armchair", "eq,1,next_to,armchair,window"]),
        ("a lounge with no TV, rug or plants", ["eq,0,tv", "eq,0,rug", "eq,0,plant"]),
        ("a lounge with 2 armcahirs and a sofa", ["eq,2,armchair", "eq,1,sofa"]),  # two letters swapped
        ("there are two chairs and there is a table", ["eq,2,chair", "eq,1,table"]),  # "there" is no "three"
        ("a study with a plant on the owner's desk", ["eq,1,plant", "ge,1,desk", "eq,1,on,plant,desk"]),
        ("Study: mahogany desk, a chair", ["eq,1,desk", "eq,1,chair"]),
        ("a big soft cosy brown sofa", ["eq,1,sofa"]),
        # a word of two unrelated things, read as the one the room has
        ("Kitchen with a fridge and a microwave on the counter", ["eq,1,fridge", "eq,1,microwave", "ge,1,kitchen_base_cabinet",
                                                                  "eq,1,on,microwave,kitchen_base_cabinet"]),
        ("A home gym with two bikes and a mat", ["eq,2,exercise_bike", "eq,1,yoga_mat"]),
        ("A cafe with a long counter", ["eq,1,counter"]),  # the cafe has both kinds: left to the word
        ("a nightstand between the bed and a wardrobe", ["eq,1,nightstand", "ge,1,bed", "eq,1,wardrobe", "eq,1,next_to,nightstand,bed",
                                                         "eq,1,next_to,nightstand,wardrobe"]),
        # a window, a door or a zone that a relation is about is its subject: not the piece named before it, and its negation is its own
        ("an office with a desk, a printer, no windows behind the monitor", ["eq,1,desk", "eq,1,printer", "ge,1,monitor"]),
        ("a cafe with a counter and 8 stools in front of it, the prep area behind the counter",
         ["eq,1,counter", "eq,8,stool", "eq,8,in_front_of,stool,counter"]),
        ("a study with a desk and a reading corner by the window", ["eq,1,desk"]),
    ],
)
def test_specs(text, expected):
    assert specs(text) == expected


def test_requirements_carry_placement_wall_relation_anchor_and_each():
    r = read("A bedroom with a bed against the north wall, two nightstands on both sides of the bed and a lamp on each nightstand; "
             "a desk facing the window and an armchair in the corner.")
    by = {q.category: q for q in r.requirements if q.same_as is None}
    assert (by["bed"].placement, by["bed"].wall) == ("against_wall", "north")
    assert by["nightstand"].relation == "both_sides" and r.requirements[by["nightstand"].anchor].category == "bed"
    assert by["lamp"].each and by["lamp"].count == 2 and r.requirements[by["lamp"].anchor].category == "nightstand"
    assert (by["desk"].relation, by["desk"].wall, by["desk"].anchor) == ("facing", "window", None)
    assert by["armchair"].placement == "corner" and by["armchair"].phrase == "an armchair in the corner"
    assert by["bed"].quantifier == "exactly" and by["bed"].count == 1


def test_unknown_nouns_and_what_is_not_one():
    r = read("A living room with a popcorn machine, a hammock and a sofa, lots of natural light, a cosy feel and room for the kids to play")
    assert [u.noun for u in r.unknown] == ["popcorn machine", "hammock"]
    assert r.unknown[0].phrase == "a popcorn machine"
    assert read("a bright bedroom with oak floors, a relaxed vibe and a reading nook for the family").unknown == ()


# ---------------------------------------------------------------- paraphrases


PARAPHRASES = [
    ("a bedroom with two nightstands", "a bedroom with a pair of nightstands", "a bedroom with 2 bedside tables"),
    ("a living room with a couch facing the TV", "a living room with a sofa facing the television", "a lounge that has a sofa that faces the TV"),
    ("a kitchen without a table", "a kitchen with no table", "Please don't add a table to the kitchen"),
    ("an office with at least 4 chairs", "an office with at least four chairs", "an office with a minimum of four chairs"),
    ("a rug under the bed in the bedroom", "a rug beneath the bed in the bedroom", "a rug underneath the bed in the bedroom"),
    ("a bathroom with a mirror above the sink", "a bathroom with a mirror over the sink", "a bathroom, a mirror hanging above the sink"),
    ("a study with a desk next to the window", "a study with a desk beside the window", "a study with a desk by the window"),
    ("an armchair in the corner of the living room", "a living room with an armchair in the corner", "In the corner of the lounge, an armchair."),
    ("a bedroom with a wardrobe against the wall", "a bedroom with a closet against the wall", "a bedroom with a wardrobe along the wall"),
    ("a den with three bookcases", "a den with 3 bookshelves", "a den with three book shelves"),
    ("a dining room with a table and six chairs around it", "a dining room with a table and 6 chairs around it",
     "a dining room: a table with six chairs around it"),
    ("a gym with no treadmill", "a gym without a treadmill", "a gym without any treadmill"),
]


@pytest.mark.parametrize("texts", PARAPHRASES)
def test_paraphrases_give_the_same_specs(texts):
    first = specs(texts[0])
    assert first
    for other in texts[1:]:
        assert specs(other) == first, other


# ---------------------------------------------------------------- JSON and the command


def test_json_round_trip():
    r = read("A 5 x 4 m cosy scandinavian bedroom with 2.7 m ceilings: a queen bed against the north wall, two nightstands on both sides "
             "of the bed, a lamp on each nightstand, no TV, and a hammock.")
    again = Request.from_json(r.to_json())
    assert again == r
    assert Request.from_dict(json.loads(json.dumps(r.to_dict()))) == r
    assert again.specs() == r.specs() and r.size_m == (5.0, 4.0) and r.height_m == 2.7


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "sceneorchestra_addon", "understand", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_understand_command():
    done = run_cli("a bedroom with two nightstands")
    assert done.returncode == 0, done.stderr
    body, _, spec_lines = done.stdout.rpartition("}\n")
    assert json.loads(body + "}")["room_type"] == "bedroom"
    assert spec_lines.split() == ["eq,2,nightstand"]
    bad = run_cli("something nice")
    assert bad.returncode == 2 and "no room type found in 'something nice'" in bad.stderr
    empty = run_cli(" ")
    assert empty.returncode == 2 and "the prompt is empty" in empty.stderr
