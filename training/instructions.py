"""Stage 1: the instruction corpus. Sampled Requests (the reader's type, ``core.reader.Request``)
rendered as English through named phrasing patterns, written as JSONL (one record a line: id, set,
room, instruction, pattern, request, specs).

The paper uses 100 + 50 + 50 + 50 detailed instructions: phase 1 (independent training), phase 2a
(discriminator round), phase 2b (orchestrator round) and held-out complex test instructions. The
counts are flags (tiny defaults for a 2-core CPU; the shipped run uses thousands). Every set is
drawn from its own seeded numpy Generator; an instruction text appears in one set only; the same
arguments write a byte-identical file.

What is sampled (``sample_request``): per room type, a plain "Design me a <room>" (15 %) or 1-5
requirements over categories the catalogue puts in that room (``catalog.for_room``; the room
table's essential and expected ones three times as often): floor furniture with counts 1-4
(mostly exactly, some "at least", a few "at most"), placements (against a wall, named or not,
in a corner, in the middle, by / near the window or door), relations to an earlier requirement
chosen so they make sense (chairs and stools around a table or island, nightstands / side tables
on both sides of a bed or sofa, beside / left of / right of / in front of / behind / facing,
small items on a supporter, "a lamp on each nightstand", wall pieces above a floor piece,
ceiling lights over a table, a rug under a table, bed or sofa), negations of categories the room
could have, generic head nouns now and then ("chairs", "a lamp"), a reference named only as
"the desk" (a definite requirement), an optional size ("5 x 4 m", "16 m²", or a size word),
style words and a density (sparse / dense). The Request objects are built directly: they are the
ground truth, and ``Request.specs()`` states them in SceneEval's spec grammar.

How it is written (``render``): one of the named patterns in ``PATTERNS`` (whole-instruction
frames and clause styles) with paraphrase noise: catalogue synonyms and plurals, the room
table's words for the room, clause order (any order that names an object before it is referred
to), relations as "X next to the Y", "a Y with an X next to it" or "a Y flanked by two Xs",
places as "a bed against the wall", "a bed placed against the wall", "a sofa, which should face
the TV stand" or a sentence of their own ("The wardrobe should go against the north wall."),
negations as "no X" / "without a X" / "don't add a X" / "leave out the X" / "no X or Y", digits or
number words, an adjective now and then, filler ("please", "ideally", "if possible") and British
or American spelling. Every pattern is checked against the product's reader
(``tests/test_training_instructions.py``): ``read(render(request))`` must give the request's room
type and the same spec set. Words the reader would read otherwise are not used (the catalogue
names are checked one by one: ``forms``); see the comments at "not" for the phrasings avoided.

Patterns (``PATTERNS``): design_me, create, make_me, i_need, i_want, id_like, could_you, can_you,
would_you, please_furnish, set_up, featuring, bare_phrase, including, as_well_as, plus_also,
room_last_put, room_last_for, room_last_needs, colon_list, bare_list, dash_list, bullets,
semicolons, brief, there_should_be, sentence_each, it_has, room_should, keep_it, negation_first,
inverted, flanked, casual, british, american, digits, number_words, turn_into, give_me,
looking_for, furniture_list, question_can, and the test-only ones (``TEST_ONLY_PATTERNS``):
question_what, question_how, spec_sheet, polite_long, placement_first, numbered, room_last_fit.

Test-only requirement combinations (``TEST_ONLY_COMBOS``, never sampled for train / disc /
interleave; about a third of the test set is built to contain one): ``corner+beside`` (one
requirement both in a corner and next to another object) and ``negation+around`` (seats around a
table in a request that also excludes a category).

Room types: every room with a room program, unless ``--holdout`` names some (the paper holds out
bedroom, living room, kitchen, gym and restaurant: ``--holdout paper``). A from-scratch model has no
knowledge of a room it never saw, so the shipped tiny model trains on all of them. The first
records of the train set are the plain "Design me a <room>", one per room type.

    python training/instructions.py --out out/training --counts 100,50,50,50
    python training/instructions.py --out out/training --counts 4000,1000,1000,500 --force
"""

from __future__ import annotations

import argparse
import functools
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

try:
    from training.common import write_jsonl
except ImportError:  # run as a file
    from common import write_jsonl

from sceneorchestra_addon.core import programs
from sceneorchestra_addon.core import reader
from sceneorchestra_addon.core.reader import Request, Requirement, read
from sceneorchestra_addon.ground import catalog
from sceneorchestra_addon.ground import rooms as room_table

SETS = ("train", "disc", "interleave", "test")
PAPER_HOLDOUT = ("bedroom", "living_room", "kitchen", "gym", "restaurant")
PLAIN_SHARE = 0.15  # plain "Design me a <room>" requests
TEST_COMBO_SHARE = 0.35  # test requests built to hold a test-only combination
TEST_PATTERN_SHARE = 0.5  # test records written through a test-only pattern
TEST_ONLY_COMBOS = ("corner+beside", "negation+around")

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven",
                12: "twelve", 16: "sixteen", 20: "twenty"}
WALLS = ("north", "south", "east", "west", "back")
STYLES = {  # style (the reader's name) -> words that say it
    "modern": ("modern",), "contemporary": ("contemporary",), "scandinavian": ("scandinavian", "scandi", "nordic"), "industrial": ("industrial",),
    "rustic": ("rustic",), "minimalist": ("minimalist", "minimal"), "cosy": ("cosy", "cozy"), "bohemian": ("bohemian", "boho"),
    "classic": ("classic",), "traditional": ("traditional",), "vintage": ("vintage",), "retro": ("retro",), "farmhouse": ("farmhouse",),
    "coastal": ("coastal",), "japandi": ("japandi",), "mid-century": ("mid-century",), "elegant": ("elegant",), "luxurious": ("luxurious",),
    "warm": ("warm",), "bright": ("bright",), "airy": ("airy",), "playful": ("playful",), "calm": ("calm", "serene"),
}
SIZE_WORDS = {"small": ("small", "compact", "little", "tiny"), "medium": ("medium-sized", "mid-sized"), "large": ("large", "big", "spacious", "roomy")}
SPARSE_TEXT = ("keep it uncluttered", "just the essentials", "nothing fancy", "keep it sparse", "sparsely furnished, please", "the bare minimum")
DENSE_TEXT = ("fully furnished", "well furnished", "richly furnished", "packed with furniture", "full of furniture")
ADJECTIVES = ("comfy", "wooden", "white", "grey", "black", "sturdy", "nice", "new", "solid", "old")  # read past, never a style or a size
FILLER_START = ("Ideally, ", "If possible, ", "Please ", "Also, ", "And ", "Oh, and ", "", "", "")
FILLER_END = (", please", " if possible", " ideally", ", if you can", ", if that works", "", "")  # not ", if possible": read as an unknown thing

# ---------------------------------------------------------------- vocabulary

_ODD_WORDS = {"single", "double", "pool", "billiards", "snooker", "table tennis", "ping pong", "foosball", "air hockey", "arcade", "fruit", "art",
              "soap", "hand soap", "shelving", "drip", "iv drip", "dart game", "hi-fi", "stereo", "sound system", "bar", "upright", "range",
              "console", "display", "pc", "computer", "screen", "photo", "print", "container", "pot", "mat", "runner", "palm", "bedside",
              "bedside drawer", "curio", "wall unit", "tool wall", "partition wall", "cubicle wall", "glazing", "cycle", "notebook", "erg",
              "register", "fan", "heater", "hooks", "toilet paper", "toilet roll", "pot of jam", "flask", "dish", "fish bowl", "scale", "till",
              "pew", "rocker", "glider", "divan", "casserole", "hearth", "mantle", "tuffet", "slate board", "menu board", "lecturn",
              "marital bed", "invalid chair", "wall art", "dutch oven", "wall ball", "power ball", "kicker table", "babyfoot", "merchandiser"}
_NOISY = set(reader.STYLE_WORDS) | set(reader.SIZE_WORDS) | reader.SPARSE | reader.DENSE | {"lots", "plenty"}  # words that say more than the object
_ROOM_ODD = {"kid", "kids", "child", "children", "baby", "doctor", "fitness", "conference", "school", "arcade", "children room", "wc", "loo",
             "lavatory", "toilet", "gp office", "surgery room", "infant room", "work from home office", "one room apartment", "one-room apartment",
             "efficiency apartment", "maker space", "teenager's room", "adult bedroom", "sleeping room", "dormitory", "home workspace"}
_CAPS = {"tv": "TV", "tvs": "TVs", "iv": "IV", "ac": "AC", "pa": "PA"}


def _plural(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    if last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith("f"):
        last = last[:-1] + "ves"
    else:
        last += "s"
    return f"{head} {last}".strip()


def article(phrase: str) -> str:
    w = phrase.lower()
    vowel = w[:1] in "aeio" or (w[:1] == "u" and not w.startswith(("uni", "use", "uti", "ura"))) or w.split(" ")[0] in ("iv", "ac", "hour")
    return ("an " if vowel else "a ") + phrase


def _caps(text: str) -> str:
    return " ".join(_CAPS.get(w, w) for w in text.split(" "))


def _reads_as(text: str, category: str, count: int) -> bool:
    """Whether the reader reads ``text`` as ``count`` of ``category`` and the name names no room
    (a room named after "a play kitchen" would be read as a kitchen)."""
    if room_table.room_type_of(f"Put {text} in a basement.", catalog.resolve) != "basement":
        return False
    r = read(f"Design me a basement with {text}.")
    return (r.room_type == "basement" and not r.unknown and len(r.requirements) == 1 and r.requirements[0].category == category
            and r.requirements[0].quantifier == "exactly" and r.requirements[0].count == count)


@functools.lru_cache(maxsize=None)
def forms(category: str) -> tuple[tuple[str, str | None], ...]:
    """(singular, plural or None) of every name of ``category`` that the reader reads back as that
    category (the catalogue name first; a plural only where "two <plural>" reads as two)."""
    c = catalog.BY_NAME.get(category)
    names = (category.replace("_", " "),) if c is None else (c.name.replace("_", " "), *c.synonyms)
    out: list[tuple[str, str | None]] = []
    for name in dict.fromkeys(n.lower() for n in names):
        words = name.replace("-", " ").split()
        if name in _ODD_WORDS or any(w in _NOISY for w in words) or (words[-1].endswith("s") and not words[-1].endswith(("ss", "us"))):
            continue
        if not _reads_as(article(name), category, 1):
            continue
        plural = _plural(name) if " of " not in name else None  # not "globe of the worlds"
        out.append((name, plural if plural and _reads_as(f"two {plural}", category, 2) else None))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def family(word: str) -> frozenset[str]:
    """The categories the reader takes "the <word>" to mean (``catalog.covering``) and the word."""
    return catalog.covering(word) | {word}


@functools.lru_cache(maxsize=None)
def generic_head(category: str) -> str | None:
    """The generic head noun of a category ("chair" for dining_chair) when the reader reads it as
    such (a Requirement of category "chair" is any chair), else None."""
    head = category.rsplit("_", 1)[-1]
    if head == category or head not in ("chair", "lamp", "table", "bed", "plant", "shelf"):
        return None
    return head if _reads_as(article(head), head, 1) and _reads_as(f"two {_plural(head)}", head, 2) else None


@functools.lru_cache(maxsize=None)
def room_names(room: str) -> tuple[str, ...]:
    """Words for a room type (its label and the room table's words) that the reader reads back as it
    and that name no furnishing."""
    kind = room_table.BY_ROOM[room]
    out = []
    for w in dict.fromkeys((kind.label, *kind.words)):
        if w in _ROOM_ODD or catalog.resolve(w) is not None:
            continue
        if read(f"Design me {article(w)}.").room_type == room and read(f"Put a chair in {article(w)}.").room_type == room:
            out.append(w)
    return tuple(out) or (kind.label,)


# ---------------------------------------------------------------- sampling requests

SEATS_AROUND = ("dining_chair", "office_chair", "classroom_chair", "kids_chair", "bar_stool", "stool", "chair")
TABLES_AROUND = ("dining_table", "conference_table", "cafe_table", "kids_table", "kitchen_island", "coffee_table")
BOTH_SIDES = {"nightstand": ("double_bed", "single_bed", "bunk_bed"), "side_table": ("sofa", "loveseat", "double_bed", "armchair"),
              "floor_lamp": ("sofa", "loveseat", "double_bed", "desk"), "potted_plant": ("sofa", "sideboard", "fireplace", "bookshelf", "tv_stand",
                                                                                        "reception_desk", "bar_counter"),
              "speaker": ("tv_stand", "wall_tv"), "armchair": ("fireplace", "coffee_table"), "bookshelf": ("fireplace", "desk", "tv_stand"),
              "wall_light": ("mirror", "double_bed", "fireplace"), "plant_stand": ("sofa", "fireplace")}
IN_FRONT = {"coffee_table": ("sofa", "loveseat"), "ottoman": ("armchair", "sofa"), "office_chair": ("desk",), "bench": ("double_bed",),
            "dining_chair": ("desk",), "lectern": ("whiteboard", "chalkboard"), "rug": ("fireplace", "sofa"), "weight_bench": ("mirror",),
            "stool": ("workbench", "piano"), "piano_bench": ("piano",)}
BEHIND = {"office_chair": ("desk", "reception_desk"), "floor_lamp": ("armchair", "sofa"), "console_table": ("sofa",), "bar_stool": ("bar_counter",),
          "room_divider": ("sofa", "desk", "exam_table")}
FACING = {"sofa": ("tv_stand", "wall_tv", "fireplace"), "armchair": ("sofa", "fireplace", "wall_tv", "tv_stand"), "loveseat": ("sofa", "wall_tv"),
          "classroom_chair": ("whiteboard", "chalkboard"), "school_desk": ("whiteboard", "chalkboard"), "treadmill": ("wall_tv", "mirror"),
          "exercise_bike": ("wall_tv", "mirror"), "waiting_chair": ("reception_desk", "wall_tv"), "rowing_machine": ("mirror", "wall_tv"),
          "bean_bag": ("wall_tv", "tv_stand"), "dining_chair": ("lectern", "projector_screen"), "office_chair": ("projector_screen", "whiteboard")}
ON = {"book": ("bookshelf", "desk", "coffee_table", "nightstand", "side_table", "display_shelf", "wall_shelf", "book_cart"),
      "tv": ("tv_stand", "sideboard", "dresser"), "monitor": ("desk", "reception_desk"), "laptop": ("desk", "conference_table", "school_desk"),
      "keyboard": ("desk",), "desk_lamp": ("desk", "school_desk"), "desk_organizer": ("desk", "reception_desk"), "printer": ("desk", "filing_cabinet"),
      "table_lamp": ("nightstand", "side_table", "desk", "dresser", "console_table"), "cup": ("dining_table", "cafe_table", "coffee_table"),
      "plate": ("dining_table", "cafe_table", "sideboard"), "bowl": ("dining_table", "kitchen_island"), "vase": ("dining_table", "sideboard",
                                                                                                             "console_table", "coffee_table"),
      "fruit_bowl": ("dining_table", "kitchen_island", "kitchen_base_cabinet"), "candle": ("dining_table", "coffee_table", "sideboard"),
      "microwave": ("kitchen_base_cabinet", "kitchen_cart"), "kettle": ("kitchen_base_cabinet",), "toaster": ("kitchen_base_cabinet",),
      "coffee_machine": ("kitchen_base_cabinet", "bar_counter", "reception_desk"), "cutting_board": ("kitchen_island", "kitchen_base_cabinet"),
      "cooking_pot": ("oven",), "soap_dispenser": ("bathroom_vanity",), "towel": ("bathroom_vanity", "towel_rack"),
      "small_plant": ("desk", "side_table", "wall_shelf", "bookshelf", "coffee_table"), "picture_frame": ("dresser", "nightstand", "sideboard"),
      "cash_register": ("reception_desk", "bar_counter"), "pillow": ("sofa", "double_bed", "armchair"), "toy": ("toy_chest", "kids_table"),
      "game_console": ("tv_stand",), "globe": ("desk", "bookshelf"), "toolbox": ("workbench", "tool_cabinet"), "box": ("shelving_unit", "wall_shelf"),
      "dryer": ("washing_machine",), "bottle": ("bar_counter", "dining_table")}
ABOVE = {"mirror": ("dresser", "bathroom_vanity", "dressing_table", "console_table", "sideboard"),
         "wall_art": ("sofa", "double_bed", "single_bed", "sideboard", "desk", "fireplace", "console_table"),
         "wall_shelf": ("desk", "washing_machine", "workbench", "kitchen_base_cabinet"), "wall_tv": ("tv_stand", "fireplace", "sideboard"),
         "kitchen_wall_cabinet": ("kitchen_base_cabinet", "kitchen_sink_cabinet"), "range_hood": ("oven",), "bathroom_cabinet": ("bathroom_vanity",),
         "wall_clock": ("tv_stand", "sideboard", "desk", "fireplace"), "pegboard": ("workbench",), "spice_rack": ("oven", "kitchen_base_cabinet"),
         "ceiling_light": ("dining_table", "conference_table", "pool_table", "kitchen_island", "cafe_table", "double_bed"),
         "projector": ("conference_table",), "whiteboard": ("desk",), "bulletin_board": ("desk",)}
UNDER = {"rug": ("dining_table", "coffee_table", "double_bed", "single_bed", "sofa", "desk", "kids_table", "conference_table", "armchair"),
         "filing_cabinet": ("desk",)}
EACH = {"nightstand": ("table_lamp", "book", "vase", "candle", "picture_frame"), "cafe_table": ("vase", "candle", "cup"),
        "dining_table": ("vase", "candle"), "desk": ("monitor", "desk_lamp", "laptop"), "school_desk": ("laptop", "book"),
        "side_table": ("table_lamp", "small_plant"), "conference_table": ("laptop",)}
PAIR_ANCHORS = ("double_bed", "single_bed", "sofa", "loveseat", "armchair", "desk", "dresser", "wardrobe", "bookshelf", "dining_table", "tv_stand",
                "sideboard", "fireplace", "piano", "reception_desk", "workbench", "washing_machine", "kitchen_sink_cabinet", "oven", "fridge",
                "bathroom_vanity", "bathtub", "toilet", "shower", "exam_table", "treadmill", "pool_table", "bar_counter", "kitchen_island",
                "conference_table", "cafe_table", "tool_cabinet", "shelving_unit", "baby_bed", "bunk_bed", "toy_chest", "storage_cabinet")
PAIR_SUBJECTS = ("floor_lamp", "potted_plant", "side_table", "trash_can", "plant_stand", "bookshelf", "filing_cabinet", "coat_rack", "umbrella_stand",
                 "laundry_basket", "magazine_rack", "speaker", "shoe_rack", "armchair", "nightstand", "dishwasher", "fridge", "dryer",
                 "storage_cabinet", "toy_chest", "bean_bag", "ottoman", "ironing_board", "water_dispenser", "changing_table", "dresser",
                 "rocking_chair", "bar_cart", "kitchen_cart", "tool_cabinet", "shelving_unit", "medical_cabinet", "iv_stand", "piano",
                 "desk", "wardrobe", "easel", "flip_chart", "printer_stand", "weighing_scale", "exam_lamp", "display_fridge", "drying_rack")
BIG = {"double_bed", "single_bed", "bunk_bed", "baby_bed", "sofa", "wardrobe", "dining_table", "conference_table", "kitchen_island", "pool_table",
       "ping_pong_table", "air_hockey_table", "bathtub", "shower", "exam_table", "piano", "treadmill", "fireplace", "bar_counter", "reception_desk",
       "fridge", "oven", "washing_machine", "dryer", "toilet", "kitchen_sink_cabinet", "bathroom_vanity", "dishwasher", "playhouse_tent",
       "play_kitchen", "squat_rack", "rowing_machine", "exercise_bike", "workbench", "tool_cabinet", "dresser", "sideboard", "tv_stand", "desk",
       "loveseat", "aquarium", "display_fridge", "dressing_table", "changing_table", "china_cabinet", "medical_cabinet", "coffee_table"}
KINDS = {"item": 0.3, "around": 0.07, "both_sides": 0.06, "pair": 0.12, "on": 0.1, "each": 0.04, "above": 0.07, "under": 0.05, "wall": 0.05,
         "ceiling": 0.04, "negation": 0.12, "placed_pair": 0.03}  # the kinds of requirement drawn, and how often


class _Draft:
    """A request under construction: requirements as dicts (anchors by index)."""

    def __init__(self, room: str, rng: np.random.Generator, test: bool) -> None:
        self.room, self.rng, self.test = room, rng, test
        cats = [c for c in catalog.for_room(room) if c.placement != "opening" and forms(c.name)]
        kind = room_table.BY_ROOM[room]
        self.favoured = {c for group in kind.essential for c in group} | set(kind.expected)
        self.cats = {c.name: c for c in cats}
        self.reqs: list[dict] = []

    # -- picking categories

    def asked(self) -> int:
        """How many requirements are asked for (not counting the objects named only as "the X")."""
        return sum(1 for r in self.reqs if not r.get("definite"))

    def used(self) -> set[str]:
        return {r["category"] for r in self.reqs}

    def fits(self, category: str) -> bool:
        """A category not asked for yet and not of the same family as one that is (a definite "the
        desk" must not be read as an earlier "reception desk")."""
        if category in self.used():
            return False
        fam = family(category)
        return not any(u in fam or category in family(u) for u in self.used())

    def pick(self, names, placement: str | None = None, exclude=()) -> str | None:
        pool = [n for n in names if n in self.cats and self.fits(n) and n not in exclude
                and (placement is None or self.cats[n].placement == placement)]
        if not pool:
            return None
        w = np.array([3.0 if n in self.favoured else 1.0 for n in pool])
        return pool[int(self.rng.choice(len(pool), p=w / w.sum()))]

    def existing(self, names, single: bool = True) -> list[int]:
        return [i for i, r in enumerate(self.reqs) if r["category"] in names and r["quantifier"] != "none" and not r.get("definite")
                and r.get("generic") is None and (not single or (r["quantifier"] == "exactly" and r["count"] == 1))]

    def count(self, big: bool = False) -> tuple[str, int]:
        x = self.rng.random()
        if x < 0.84:
            n = 1 if big and self.rng.random() < 0.85 else int(self.rng.choice([1, 2, 3, 4], p=[0.55, 0.25, 0.12, 0.08]))
            return "exactly", n
        if x < 0.97:
            return "at_least", int(self.rng.choice([1, 2, 3], p=[0.3, 0.45, 0.25]))
        return "at_most", int(self.rng.integers(1, 4))

    def add(self, category: str, quantifier: str = "exactly", count: int = 1, **fields) -> int:
        self.reqs.append({"category": category, "quantifier": quantifier, "count": count, **fields})
        return len(self.reqs) - 1

    def anchor(self, names, implicit: float = 0.3, placement: bool = True) -> int | None:
        """An anchor among ``names``: an object already asked for (one of it), a new one, or (with
        ``implicit``) one named only as "the X" by the relation (a definite requirement)."""
        have = self.existing(names)
        if have and self.rng.random() < 0.7:
            return have[int(self.rng.integers(len(have)))]
        cat = self.pick(names)
        if cat is None:
            return have[0] if have else None
        if self.rng.random() < implicit:
            return self.add(cat, "at_least", 1, definite=True)
        fields = self.placement(cat) if placement and self.rng.random() < 0.3 else {}
        return self.add(cat, **fields)

    def placement(self, category: str, allow=("against_wall", "corner", "middle", "near_window", "near_door")) -> dict:
        c = self.cats[category]
        if c.placement == "wall":
            return {"placement": "on_wall"}
        if c.placement == "ceiling":
            return {"placement": "ceiling"}
        if c.placement != "floor":
            return {}
        if category == "rug":
            allow = ("middle",)
        elif category in BIG:
            allow = tuple(a for a in allow if a in ("against_wall", "corner", "middle", "near_window"))
        p = allow[int(self.rng.integers(len(allow)))]
        if p == "against_wall":
            return {"placement": p, "wall": WALLS[int(self.rng.integers(len(WALLS)))] if self.rng.random() < 0.4 else None}
        if p in ("near_window", "near_door"):
            return {"placement": p, "relation": "near" if self.rng.random() < 0.4 else "beside"}
        return {"placement": p}

    # -- the kinds of requirement

    def kind(self, name: str) -> bool:
        """Add requirements of a kind; a kind that fails leaves nothing behind (no "the desk" that
        nothing refers to)."""
        mark = len(self.reqs)
        if getattr(self, "kind_" + name)():
            return True
        del self.reqs[mark:]
        return False

    def kind_item(self) -> bool:
        cat = self.pick(self.cats, "floor", exclude=("rug",))
        if cat is None:
            return False
        quant, n = self.count(cat in BIG)
        fields = self.placement(cat) if self.rng.random() < 0.45 else {}
        generic = generic_head(cat)
        if generic and self.rng.random() < 0.15 and self.fits(generic) and not any(u in family(generic) for u in self.used()):
            cat, fields = generic, {**fields, "generic": cat}
        self.add(cat, quant, n, **fields)
        return True

    def kind_around(self) -> bool:
        table = self.anchor(TABLES_AROUND, implicit=0.0)
        if table is None:
            return False
        seats = ("bar_stool", "stool") if self.reqs[table]["category"] == "kitchen_island" else SEATS_AROUND
        seat = self.pick(seats)
        if seat is None and self.rng.random() < 0.5 and "dining_chair" in self.cats and self.fits("chair"):
            seat = "chair"
        if seat is None:
            return False
        n = int(self.rng.choice([2, 3, 4, 6, 8], p=[0.2, 0.15, 0.4, 0.15, 0.1]))
        self.add(seat, "exactly" if self.rng.random() < 0.85 else "at_least", n, relation="around", anchor=table)
        return True

    def _related(self, table: dict, relation: str, count=(1,), implicit: float = 0.3) -> bool:
        options = [(s, a) for s, anchors in table.items() if s in self.cats and self.fits(s) for a in anchors if a in self.cats and a != s]
        if not options:
            return False
        subjects = sorted({s for s, _ in options})
        subject = self.pick(subjects)
        if subject is None:
            return False
        anchor = self.anchor([a for s, a in options if s == subject], implicit=implicit)
        if anchor is None or not self.fits(subject):
            return False
        n = int(self.rng.choice(count)) if relation != "both_sides" else 2
        quant = "exactly" if relation in ("both_sides", "above", "under") or self.rng.random() < 0.9 else "at_least"
        self.add(subject, quant, n, relation=relation, anchor=anchor)
        return True

    def kind_both_sides(self) -> bool:
        return self._related(BOTH_SIDES, "both_sides", implicit=0.2)

    def kind_pair(self) -> bool:
        rel = ("beside", "beside", "left_of", "right_of", "in_front_of", "behind", "facing")[int(self.rng.integers(7))]
        table = {"in_front_of": IN_FRONT, "behind": BEHIND, "facing": FACING}.get(rel)
        if table is None:
            table = {s: PAIR_ANCHORS for s in PAIR_SUBJECTS}
        return self._related(table, rel, count=(1, 1, 1, 2))

    def kind_on(self) -> bool:
        if self._related(ON, "on", count=(1, 1, 2, 3), implicit=0.4):
            if self.rng.random() < 0.15:
                self.reqs[-1]["relation"] = "on_top"
            return True
        return False

    def kind_each(self) -> bool:
        options = [(a, s) for a, subs in EACH.items() if a in self.cats for s in subs if s in self.cats and self.fits(s)]
        if not options:
            return False
        a, s = options[int(self.rng.integers(len(options)))]
        have = [i for i in self.existing([a], single=False) if self.reqs[i]["quantifier"] == "exactly" and self.reqs[i]["count"] >= 2]
        if have:
            anchor = have[0]
        elif self.fits(a):
            anchor = self.add(a, "exactly", int(self.rng.choice([2, 3, 4], p=[0.6, 0.25, 0.15])))
        else:
            return False
        self.add(s, "exactly", self.reqs[anchor]["count"], relation="on", anchor=anchor, each=True)
        return True

    def kind_above(self) -> bool:
        return self._related(ABOVE, "above")

    def kind_under(self) -> bool:
        return self._related(UNDER, "under", implicit=0.4)

    def kind_wall(self) -> bool:
        cat = self.pick(self.cats, "wall")
        if cat is None:
            return False
        quant, n = self.count(True)
        self.add(cat, quant, n, **({"placement": "on_wall"} if self.rng.random() < 0.5 else {}))
        return True

    def kind_ceiling(self) -> bool:
        cat = self.pick(self.cats, "ceiling")
        if cat is None:
            return False
        quant, n = self.count(True)
        self.add(cat, quant, n, **({"placement": "ceiling"} if self.rng.random() < 0.5 else {}))
        return True

    def kind_negation(self) -> bool:
        cat = self.pick([c for c in self.cats if c != "rug"] + ["rug"] * 3)
        if cat is None:
            return False
        self.add(cat, "none", 0)
        return True

    def kind_placed_pair(self, placement: str | None = None) -> bool:
        """An object with a placement and next to another one ("a bookshelf against the wall next
        to the desk"); in a corner only in the test set."""
        placement = placement or ("against_wall" if not self.test or self.rng.random() < 0.5 else "corner")
        subject = self.pick(PAIR_SUBJECTS, "floor")
        if subject is None:
            return False
        anchor = self.anchor([a for a in PAIR_ANCHORS if a != subject], implicit=0.0, placement=False)
        if anchor is None or not self.fits(subject):
            return False
        wall = WALLS[int(self.rng.integers(len(WALLS)))] if placement == "against_wall" and self.rng.random() < 0.3 else None
        self.add(subject, "exactly", 1, placement=placement, wall=wall, relation="beside", anchor=anchor)
        return True

    def kind_negation_around(self) -> bool:
        return self.kind_around() and self.kind_negation()

    def kind_corner_beside(self) -> bool:
        return self.kind_placed_pair("corner")

    # -- the room

    def room_facts(self) -> dict:
        facts: dict = {}
        x = self.rng.random()
        if x < 0.25:
            w, d = room_table.BY_ROOM[self.room].size_m
            w = round(float(np.clip(w + self.rng.normal(0, 0.8), 2.5, 9.0)) * 2) / 2
            d = round(float(np.clip(d + self.rng.normal(0, 0.6), 2.0, min(w, 7.0))) * 2) / 2
            facts["size_m"] = (w, d)
            facts["area_m2"] = round(w * d, 2)
        elif x < 0.35:
            w, d = room_table.BY_ROOM[self.room].size_m
            facts["area_m2"] = float(int(np.clip(round(w * d + self.rng.normal(0, 4)), 6, 60)))
        elif x < 0.55:
            facts["size_word"] = ("small", "large", "medium")[int(self.rng.choice(3, p=[0.45, 0.45, 0.1]))]
        if self.rng.random() < 0.35:
            names = sorted(STYLES)
            k = 1 if self.rng.random() < 0.75 else 2
            facts["styles"] = tuple(names[int(i)] for i in self.rng.choice(len(names), size=k, replace=False))
        y = self.rng.random()
        if "minimalist" in facts.get("styles", ()) or y < 0.08:
            facts["density"] = "sparse"
        elif y < 0.16:
            facts["density"] = "dense"
        return facts

    def request(self) -> Request:
        reqs = []
        for r in self.reqs:
            r = {k: v for k, v in r.items() if k != "generic"}
            reqs.append(Requirement(**r))
        return Request(instruction="", room_type=self.room, requirements=tuple(reqs), **self.room_facts())


def sample_request(room: str, rng: np.random.Generator, *, test: bool = False, force: str | None = None, plain: float = PLAIN_SHARE) -> Request:
    """A Request for ``room``: plain (share ``plain``) or 1-5 requirements (see the module docstring).
    ``test``: test-only combinations may occur; ``force``: one of ``TEST_ONLY_COMBOS`` is built in
    (and ``test`` is implied). Outside the test set a draw holding a test-only combination is
    drawn again."""
    test = test or force is not None
    kinds, weights = list(KINDS), np.array(list(KINDS.values()))
    for attempt in range(200):
        draft = _Draft(room, rng, test)
        if force is None and rng.random() < plain:
            return draft.request()
        n = int(rng.choice([1, 2, 3, 4, 5], p=[0.15, 0.25, 0.27, 0.2, 0.13]))
        if force is not None and not draft.kind(force.replace("+", "_")):
            if attempt >= 20:  # a combination this room cannot hold: an ordinary test request
                force = None
            continue
        tries = 0
        while draft.asked() < n and tries < 30:
            tries += 1
            kind = kinds[int(rng.choice(len(kinds), p=weights / weights.sum()))]
            if kind == "negation" and sum(1 for r in draft.reqs if r["quantifier"] == "none") >= 2:
                continue
            draft.kind(kind)
        if not draft.reqs or draft.asked() > 5:
            continue
        request = draft.request()
        found = combos(request)
        if (force is not None and force not in found) or (not test and found & set(TEST_ONLY_COMBOS)):
            continue
        return request
    raise RuntimeError(f"no request drawn for {room}")


def combos(request: Request) -> set[str]:
    """The requirement combinations a request holds (the names of ``TEST_ONLY_COMBOS`` among them)."""
    out = set()
    reqs = request.requirements
    if any(r.placement == "corner" and r.relation == "beside" and r.anchor is not None for r in reqs):
        out.add("corner+beside")
    if any(r.quantifier == "none" for r in reqs) and any(r.relation == "around" for r in reqs):
        out.add("negation+around")
    return out


# ---------------------------------------------------------------- rendering

REL_WORDS = {
    "beside": ("next to", "beside", "by", "right next to", "alongside"),
    "left_of": ("to the left of", "on the left of", "left of"),
    "right_of": ("to the right of", "on the right of", "right of"),
    "in_front_of": ("in front of",),
    "behind": ("behind",),
    "facing": ("facing", "facing towards", "looking at"),
    "around": ("around", "around", "surrounding", "arranged around", "gathered around"),
    "both_sides": ("on both sides of", "on either side of", "on each side of", "either side of"),
    "on": ("on", "on", "on", "resting on", "sitting on", "placed on"),
    "on_top": ("on top of",),
    "above": ("above", "over", "hanging above", "mounted above", "hung over"),
    "under": ("under", "below", "beneath", "underneath"),
}
US_REL = {"facing towards": "facing toward"}


def _choice(rng: np.random.Generator, options):
    return options[int(rng.integers(len(options)))]


class Text:
    """The pieces a pattern writes an instruction from, for one request: words chosen once per
    instruction (the same name for an object each time it is mentioned)."""

    def __init__(self, request: Request, rng: np.random.Generator, *, digits: bool | None = None, uk: bool | None = None) -> None:
        self.q, self.rng = request, rng
        self.reqs = request.requirements
        self.digits = bool(rng.random() < 0.4) if digits is None else digits
        self.uk = bool(rng.random() < 0.5) if uk is None else uk
        self.names: dict[int, tuple[str, str]] = {}
        for i, r in enumerate(self.reqs):
            options = forms(r.category) or ((r.category.replace("_", " "), _plural(r.category.replace("_", " "))),)
            plural = r.count > 1 or r.quantifier in ("at_least", "at_most", "none") or r.relation == "both_sides"
            with_plural = [f for f in options if f[1]] or [(options[0][0], _plural(options[0][0]))]
            first = with_plural if plural else options
            sing, plur = first[0] if rng.random() < 0.4 else first[int(rng.integers(len(first)))]
            self.names[i] = (_caps(sing), _caps(plur or _plural(sing)))
        self.room_word = _choice(rng, room_names(request.room_type))
        self.said_size = self.said_styles = self.said_density = False

    # -- words

    def num(self, n: int) -> str:
        return str(n) if self.digits or n not in NUMBER_WORDS else NUMBER_WORDS[n]

    def spell(self, text: str) -> str:
        if self.uk:
            return text.replace("center", "centre").replace("meters", "metres").replace("toward ", "towards ")
        return text.replace("centre", "center").replace("metres", "meters").replace("towards", "toward")

    def adjective(self, i: int) -> tuple[str, str]:
        """The object's names, now and then after an adjective ("a sturdy desk") that makes no other
        catalogue name with them ("wooden chair" is a dining chair)."""
        sing, plur = self.names[i]
        if self.rng.random() < 0.12:
            adj = _choice(self.rng, ADJECTIVES)
            if not any(catalog.resolve(f"{adj} {w}") for w in (sing, plur, sing.split(" ")[0])):
                return f"{adj} {sing}", f"{adj} {plur}"
        return sing, plur

    def noun(self, i: int, *, bare: bool = False) -> str:
        """The object with its quantity: "a double bed", "two nightstands", "at least 3 chairs"."""
        r = self.reqs[i]
        sing, plur = self.adjective(i) if not bare else self.names[i]
        rng = self.rng
        if r.quantifier == "exactly":
            n = 1 if r.each else r.count
            if r.relation == "both_sides" and n == 2:  # the reader makes "a nightstand on both sides" two
                return article(sing) if rng.random() < 0.5 else f"{self.num(2)} {plur}"
            if n == 1:
                if bare and sing.lower() in reader.SINGULAR_WORDS:  # not "painting": an -ing word without an article is a mass noun
                    return sing
                return f"{self.num(1)} {sing}" if rng.random() < 0.15 else article(sing)
            if n == 2 and rng.random() < 0.1:
                return f"a pair of {plur}"
            return f"{self.num(n)} {plur}"
        if r.quantifier == "at_least":
            if r.count == 1:
                return f"at least {self.num(1)} {sing}" if rng.random() < 0.5 else f"some {plur}"
            if r.count == 2 and rng.random() < 0.5:
                if r.placement is None and r.relation is None and rng.random() < 0.4:
                    return plur
                return f"{_choice(rng, ('several', 'a few', 'a couple of'))} {plur}"
            return f"{_choice(rng, ('at least', 'at least', 'a minimum of'))} {self.num(r.count)} {plur}"
        if r.quantifier == "at_most":
            words = _choice(rng, ("at most", "no more than", "up to"))
            return f"{words} {self.num(r.count)} {sing if r.count == 1 else plur}"
        raise ValueError(r.quantifier)

    def ref(self, i: int) -> str:
        return f"the {self.names[i][0]}"

    def place(self, r: Requirement) -> str:
        rng = self.rng
        p = r.placement
        if p == "against_wall":
            if r.wall:
                return f"{_choice(rng, ('against', 'against', 'along', 'up against'))} the {r.wall} wall"
            return _choice(rng, ("against the wall", "against a wall", "along the wall", "against one wall", "up against the wall"))
        if p == "corner":
            return _choice(rng, ("in the corner", "in a corner", "in one corner", "in the corner of the room"))
        if p == "middle":
            return self.spell(_choice(rng, ("in the middle of the room", "in the middle", "in the centre of the room", "in the centre",
                                            "in the center of the room")))
        if p in ("near_window", "near_door"):
            thing = "window" if p == "near_window" else _choice(rng, ("door", "door", "entrance"))
            if r.relation == "near":
                return f"{_choice(rng, ('near', 'near', 'close to'))} the {thing}"
            under = ("under",) if thing == "window" else ()
            return f"{_choice(rng, ('by', 'next to', 'beside', *under))} the {thing}"
        if p == "on_wall":
            return _choice(rng, ("on the wall", "on the wall", "mounted on the wall", "hung on the wall", "on one wall"))
        if p == "ceiling":
            return _choice(rng, ("hanging from the ceiling", "on the ceiling", "suspended from the ceiling"))
        return ""

    def relation(self, i: int, target: str | None = None) -> str:
        """The relation phrase of requirement ``i`` to its anchor ("next to the bed"); ``target``
        replaces the anchor's words ("it")."""
        r = self.reqs[i]
        if r.each:
            sing, plur = self.names[r.anchor]
            each = (f"each {sing}",) if not sing.startswith("side") else ()  # "on each side table" reads as "on each side"
            return f"on {_choice(self.rng, (*each, f'each of the {plur}', f'every {sing}'))}"
        words = self.spell(_choice(self.rng, REL_WORDS[r.relation]))
        return f"{words} {target or self.ref(r.anchor)}"

    def where(self, i: int, order: str | None = None) -> list[str]:
        """The placement and relation phrases of requirement ``i`` (in either order)."""
        r = self.reqs[i]
        extra = []
        if r.placement:
            extra.append(self.place(r))
        if r.relation and r.anchor is not None:
            extra.append(self.relation(i))
        if len(extra) == 2 and (order == "reverse" or (order is None and self.rng.random() < 0.4)):
            extra.reverse()
        return extra

    def unit(self, i: int, *, bare: bool = False, order: str | None = None) -> str:
        """Requirement ``i`` as a noun phrase with its placement and relation: "a bed against the
        wall", "a bed placed against the wall", "a sofa, which should face the TV stand"."""
        r = self.reqs[i]
        noun = self.noun(i, bare=bare)
        extra = self.where(i, order)
        x = self.rng.random()
        plain = len(extra) == 1 and not extra[0].startswith(("on ", "placed", "sitting", "resting", "hanging", "hung", "mounted", "suspended",
                                                             "looking", "gathered", "arranged"))  # "placed on top of" reads "placed on"
        if plain and not r.each and x < 0.1:
            verb = "face" if r.relation == "facing" and r.anchor is not None else _choice(self.rng, ("go", "stand", "sit", "be"))
            phrase = self.ref(r.anchor) if verb == "face" else extra[0]
            return f"{noun}, {_choice(self.rng, ('which should', 'which should', 'which can'))} {verb} {phrase}"
        if plain and x < 0.2 and not extra[0].startswith("facing") and self.names[i][0].rsplit(" ", 1)[-1].lower() not in reader.AMBIGUOUS:
            return f"{noun} {_choice(self.rng, ('placed', 'positioned'))} {extra[0]}"
        return " ".join([noun, *extra])

    def negation_list(self, joiner: str = "or") -> list[str]:
        """The negations as list items ("no TV", "no rugs"), two of them now and then as one ("no TV or rug")."""
        negs = self.negatives()
        if len(negs) >= 2 and self.rng.random() < 0.4:
            return [f"no {self.names[negs[0]][0]} {joiner} {self.names[negs[1]][0]}"] + [self.negation(i, "list") for i in negs[2:]]
        return [self.negation(i, "list") for i in negs]

    def negation(self, i: int, style: str) -> str:
        """A negated requirement: style 'list' ("no rug"), 'with' ("without a rug"), 'sentence'."""
        sing, plur = self.names[i]
        rng = self.rng
        if style == "list":
            return f"no {_choice(rng, (sing, plur))}"
        if style == "with":
            return _choice(rng, (f"without {article(sing)}", f"without any {plur}", f"no {sing}"))
        return _choice(rng, (f"Don't add {article(sing)}.", f"No {plur}, please.", f"Leave out the {sing}.", f"I don't want {article(sing)}.",
                             f"Please skip the {sing}.", f"There should be no {sing}.", f"Do not include any {plur}.", f"No {sing}."))

    # -- the order of things

    def positives(self) -> list[int]:
        return [i for i, r in enumerate(self.reqs) if r.quantifier != "none" and not r.definite]

    def negatives(self) -> list[int]:
        return [i for i, r in enumerate(self.reqs) if r.quantifier == "none"]

    def order(self, shuffle: bool = True) -> list[int]:
        """The positive requirements in an order that names every anchor before what refers to it
        (a random such order when ``shuffle``)."""
        todo = self.positives()
        done: list[int] = []
        while todo:
            ready = [i for i in todo if self.reqs[i].anchor is None or self.reqs[i].anchor not in todo]
            i = ready[int(self.rng.integers(len(ready)))] if shuffle else ready[0]
            done.append(i)
            todo.remove(i)
        return done

    def items(self, *, shuffle: bool = True, bare: bool = False, inverted: float = 0.0, flanked: float = 0.0) -> list[str]:
        """Clauses for the positive requirements. ``inverted``: the chance that an anchor is written
        with one object related to it ("a sofa with a floor lamp next to it"); ``flanked``: that of
        "a bed flanked by two nightstands" / "a table surrounded by four chairs"."""
        order = self.order(shuffle)
        out: list[str] = []
        taken: set[int] = set()
        for i in order:
            if i in taken:
                continue
            taken.add(i)
            deps = [j for j in order if j not in taken and self.reqs[j].anchor == i and not self.reqs[j].each and self.reqs[j].placement is None]
            r = self.reqs[i]
            if deps and (inverted or flanked):
                j = deps[0]
                rel = self.reqs[j].relation
                if rel in ("both_sides", "around") and self.rng.random() < flanked:
                    taken.add(j)
                    word = "flanked by" if rel == "both_sides" else _choice(self.rng, ("surrounded by", "ringed by"))
                    out.append(f"{self.unit(i, bare=bare)} {word} {self.noun_counted(j)}")
                    continue
                if self.rng.random() < inverted:
                    taken.add(j)
                    target = "it" if r.quantifier == "exactly" and r.count == 1 else "them"
                    if self.reqs[j].category.rsplit("_", 1)[-1] == r.category.rsplit("_", 1)[-1]:
                        target = self.ref(i)  # "it" is not an object of the same kind ("a tool cabinet with a storage cabinet next to it")
                    if rel in ("both_sides", "around") and self.rng.random() < 0.4:
                        tail = {"both_sides": _choice(self.rng, ("on both sides", "on either side", "on each side")), "around": "around"}[rel]
                        out.append(f"{self.unit(i, bare=bare)} with {self.noun(j)} {tail}")
                    else:
                        out.append(f"{self.unit(i, bare=bare)} with {self.noun(j)} {self.relation(j, target)}")
                    continue
            out.append(self.unit(i, bare=bare))
        return out

    def noun_counted(self, j: int) -> str:
        """The object of "flanked by" / "surrounded by": always with its number."""
        r = self.reqs[j]
        sing, plur = self.names[j]
        if r.quantifier == "exactly":
            return f"{self.num(r.count)} {plur}" if r.count > 1 else article(sing)
        return self.noun(j)

    # -- the room and its facts

    def room(self, *, art: str = "a", adjectives: bool = True, size: bool = True) -> str:
        """The room as a noun phrase: "a small cosy bedroom", "a 5 x 4 m kitchen"."""
        q, rng = self.q, self.rng
        words = []
        if adjectives and q.styles and rng.random() < 0.7:
            words += [_choice(rng, STYLES[s]) for s in q.styles]
            self.said_styles = True
        if adjectives and q.size_word:  # next to the room's name: the reader looks a few words back from it
            words.append(_choice(rng, SIZE_WORDS[q.size_word]))
            self.said_size = True
        if size and q.size_m and rng.random() < 0.4:
            words.append(self.size_text(compact=True))
            self.said_size = True
        phrase = " ".join(words + [self.room_word])
        if art == "a":
            return article(phrase)
        return f"{art} {phrase}".strip()

    def size_text(self, compact: bool = False) -> str:
        q, rng = self.q, self.rng
        if q.size_m:
            w, d = (str(x).removesuffix(".0") for x in q.size_m)
            if not compact and not self.digits and all(float(x).is_integer() and int(x) in NUMBER_WORDS for x in q.size_m) and rng.random() < 0.4:
                return f"{NUMBER_WORDS[int(q.size_m[0])]} by {NUMBER_WORDS[int(q.size_m[1])]} {self.spell('metres')}"  # words only with "by"
            if compact:
                return _choice(rng, (f"{w} x {d} m", f"{w}x{d}m", f"{w} by {d} m"))
            unit = self.spell(_choice(rng, ("m", "metres", "meters", "m")))
            return _choice(rng, (f"{w} x {d} {unit}", f"{w} by {d} {unit}", f"{w}m x {d}m", f"about {w} x {d} {unit}"))
        if q.area_m2:
            a = str(q.area_m2).removesuffix(".0")
            return self.spell(_choice(rng, (f"{a} m²", f"{a} square metres", f"{a} sqm", f"about {a} m²", f"{a} m2")))
        return ""

    def extras(self) -> list[str]:
        """Sentences for the size, styles and density not said yet."""
        q, rng = self.q, self.rng
        out = []
        if not self.said_size and (q.size_m or q.area_m2):
            text = self.size_text()
            out.append(_choice(rng, (f"The room is {text}.", f"It measures {text}.", f"Size: {text}.", f"The space is {text}.")))
        elif not self.said_size and q.size_word:
            said = [w for w in SIZE_WORDS[q.size_word] if w.split("-")[0] in reader.SIZE_WORDS]  # "mid-sized" only before the room's name
            out.append(_choice(rng, (f"The room is {_choice(rng, said)}.", f"It should be {_choice(rng, said)}.")))
        self.said_size = True
        if not self.said_styles and q.styles:
            words = " and ".join(_choice(rng, STYLES[s]) for s in q.styles)
            out.append(_choice(rng, (f"Make it {words}.", f"The style should be {words}.", f"I like a {words} look.", f"Go for a {words} style.")))
        self.said_styles = True
        if not self.said_density and q.density:
            words = _choice(rng, SPARSE_TEXT if q.density == "sparse" else DENSE_TEXT)
            out.append(_choice(rng, (f"{words[0].upper()}{words[1:]}.", f"It should be {words}.")) if q.density == "dense" else f"{words.capitalize()}.")
        self.said_density = True
        return out

    def filler_start(self) -> str:
        return _choice(self.rng, FILLER_START)

    def filler_end(self) -> str:
        return _choice(self.rng, FILLER_END)


def join(items: list[str], last: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentences(*parts: str) -> str:
    return " ".join(p for p in parts if p)


# ---------------------------------------------------------------- patterns

PATTERNS: dict[str, Callable[[Text], str]] = {}


def pattern(name: str):
    def register(fn):
        PATTERNS[name] = fn
        return fn

    return register


def _with(t: Text, *, inverted: float = 0.3, flanked: float = 0.2, neg: str = "mixed") -> str:
    """" with a, b and c, without a d" (empty for a plain request); the negations as a "with"
    clause or left for a sentence (``neg``)."""
    items = t.items(inverted=inverted, flanked=flanked)
    negs = t.negatives()
    if neg == "mixed":
        neg = "with" if t.rng.random() < 0.5 else "sentence"
    if neg == "with" and negs:
        tail = [t.negation(i, "with") for i in negs]
        if not items:
            return " " + join(tail)
        return " with " + join(items) + ", " + join(tail)
    return " with " + join(items) if items else ""


def _neg_sentences(t: Text, done: bool) -> str:
    return "" if done else " ".join(t.negation(i, "sentence") for i in t.negatives())


def _frame(t: Text, head: str, end: str = ".", **kw) -> str:
    """head + the with-clause + end, then the negations (unless in the clause) and the extras."""
    neg = "with" if t.rng.random() < 0.5 else "sentence"
    body = _with(t, neg=neg, **kw)
    return sentences(f"{head}{body}{end}", _neg_sentences(t, neg == "with"), *t.extras())


@pattern("design_me")
def _p_design_me(t):
    return _frame(t, f"Design me {t.room()}")


@pattern("create")
def _p_create(t):
    return _frame(t, f"Create {t.room()}")


@pattern("make_me")
def _p_make_me(t):
    items = t.items(inverted=0.3)
    neg = [t.negation(i, "with") for i in t.negatives()]
    head = f"Make me {t.room()}"
    if items:  # not "that has": "that" before a bare plural reads as "those"
        head += _choice(t.rng, (" which has ", " that comes with ", " which includes ")) + join(items)
    if neg:
        head += (", " if items else " ") + join(neg)
    return sentences(head + ".", *t.extras())


@pattern("i_need")
def _p_i_need(t):
    return _frame(t, f"I need {t.room()}")


@pattern("i_want")
def _p_i_want(t):
    items = t.items(inverted=0.2)
    head = f"I want {t.room()}" + (" featuring " + join(items) if items else "")
    return sentences(head + ".", _neg_sentences(t, False), *t.extras())


@pattern("id_like")
def _p_id_like(t):
    return _frame(t, f"I'd like {t.room()}", end=f"{t.filler_end()}.")


@pattern("could_you")
def _p_could_you(t):
    return _frame(t, f"Could you design {t.room()}", end="?")


@pattern("can_you")
def _p_can_you(t):
    return _frame(t, f"Can you put together {t.room()}", end="?")


@pattern("would_you")
def _p_would_you(t):
    return _frame(t, f"Would you mind designing {t.room()}", end="?")


@pattern("please_furnish")
def _p_please_furnish(t):
    return _frame(t, f"Please furnish {t.room()}")


@pattern("set_up")
def _p_set_up(t):
    items = t.items(inverted=0.2)
    negs = t.negation_list()
    head = f"Set up {t.room()}"
    if items:
        head += " and include " + join(items)
    if negs:
        head += ", but " + join(negs, "or")
    return sentences(head + ".", *t.extras())


@pattern("featuring")
def _p_featuring(t):
    items = t.items(inverted=0.3)
    return sentences(cap(t.room()) + (" featuring " + join(items) if items else "") + ".", _neg_sentences(t, False), *t.extras())


@pattern("bare_phrase")
def _p_bare_phrase(t):
    items = t.items(inverted=0.3, flanked=0.3)
    negs = [t.negation(i, "with") for i in t.negatives()]
    text = cap(t.room()) + (" with " + join(items + negs) if items else (" " + join(negs) if negs else ""))
    extra = " ".join(t.extras())
    return text + (". " + extra if extra else "")


@pattern("including")
def _p_including(t):
    items = t.items()
    head = f"Design {t.room()}" + (", including " + join(items) if items else "")
    return sentences(head + ".", _neg_sentences(t, False), *t.extras())


@pattern("as_well_as")
def _p_as_well_as(t):
    items = t.items(inverted=0.2)
    if len(items) >= 2:
        body = " with " + join(items[:-1]) + ", as well as " + items[-1]
    else:
        body = " with " + items[0] if items else ""
    return sentences(f"{cap(t.room())}{body}.", _neg_sentences(t, False), *t.extras())


@pattern("plus_also")
def _p_plus_also(t):
    items = t.items()
    if len(items) >= 3:
        body = f" with {items[0]}, plus {items[1]}, and also " + join(items[2:])
    elif len(items) == 2:
        body = f" with {items[0]}, plus {items[1]}"
    else:
        body = " with " + items[0] if items else ""
    return sentences(f"I'm after {t.room()}{body}.", _neg_sentences(t, False), *t.extras())


@pattern("room_last_put")
def _p_room_last_put(t):
    items = t.items(inverted=0.2)
    if not items:
        return sentences(f"Put together {t.room()}.", _neg_sentences(t, False), *t.extras())
    return sentences(f"Put {join(items)} in {t.room(size=False)}.", _neg_sentences(t, False), *t.extras())


@pattern("room_last_for")
def _p_room_last_for(t):
    items = t.items(inverted=0.2)
    negs = t.negation_list()
    if not items:
        return sentences(f"Furniture for {t.room()}, please.", cap(join(negs, "or")) + "." if negs else "", *t.extras())
    return sentences(cap(join(items + negs)) + f" - for {t.room(size=False)}.", *t.extras())


@pattern("room_last_needs")
def _p_room_last_needs(t):
    items = t.items()
    if not items:
        return sentences(f"Help me lay out {t.room(art='my')}.", _neg_sentences(t, False), *t.extras())
    return sentences(cap(join(items)) + f": that is what {t.room(art='my', size=False)} needs.", _neg_sentences(t, False), *t.extras())


@pattern("colon_list")
def _p_colon_list(t):
    items = t.items() + t.negation_list()
    return sentences(cap(t.room()) + ": " + (", ".join(items) if items else "whatever fits") + ".", *t.extras())


@pattern("bare_list")
def _p_bare_list(t):
    items = t.items(bare=True) + t.negation_list()
    room = t.room_word if t.rng.random() < 0.5 else t.room(art="")
    return sentences(cap(room) + ": " + (", ".join(items) if items else "the usual") + ".", *t.extras())


@pattern("dash_list")
def _p_dash_list(t):
    items = t.items() + t.negation_list()
    return sentences(" - ".join([cap(t.room())] + items) + ".", *t.extras())


@pattern("bullets")
def _p_bullets(t):
    items = t.items() + t.negation_list()
    extra = t.extras()
    bullet = _choice(t.rng, ("- ", "* ", "• "))
    lines = [cap(t.room()) + (" with:" if items else ".")] + [bullet + x for x in items] + extra
    return "\n".join(lines)


@pattern("semicolons")
def _p_semicolons(t):
    items = t.items() + t.negation_list()
    return sentences("; ".join([cap(t.room())] + items) + ".", *t.extras())


@pattern("brief")
def _p_brief(t):
    items = t.items(inverted=0.3)
    out = [f"I'm designing {t.room()}."]
    verbs = ("It should have {}.", "I'd like {}.", "Please add {}.", "It needs {}.", "There should be {}.", "Include {}.")
    for k in range(0, len(items), 2):
        out.append(cap(_choice(t.rng, verbs).format(join(items[k : k + 2]))))
    return sentences(*out, _neg_sentences(t, False), *t.extras())


@pattern("there_should_be")
def _p_there_should_be(t):
    items = t.items()
    negs = t.negation_list()
    out = [f"Design {t.room()}."]
    if items:
        out.append("There should be " + join(items) + ".")
    if negs:
        out.append("There should be " + join(negs, "or") + ".")
    return sentences(*out, *t.extras())


@pattern("sentence_each")
def _p_sentence_each(t):
    """A sentence an object; now and then its place in a sentence of its own ("Add a wardrobe. The
    wardrobe should go against the north wall.")."""
    out = [cap(t.room()) + "."]
    for i in t.order():
        r = t.reqs[i]
        where = t.where(i)
        verbs = ("Add {}.", "Include {}.", "I want {}.", "{}, please.", "We need {}.") + (("Put {}.", "Place {}.") if where else ())
        verb = _choice(t.rng, verbs)
        if (len(where) == 1 and not r.each and r.relation != "both_sides" and t.rng.random() < 0.35
                and t.names[i][0].rsplit(" ", 1)[-1].lower() not in reader.AMBIGUOUS):  # "The bin should go": "bin" is no object there
            item = t.noun(i)
            name = t.names[i][0] if r.quantifier == "exactly" and r.count == 1 else t.names[i][1]
            if r.relation == "facing" and r.anchor is not None:
                then = f"The {name} should face {t.ref(r.anchor)}."
            else:
                then = f"The {name} {_choice(t.rng, ('should go', 'should be', 'can go'))} {where[0]}."
        else:
            item, then = t.unit(i), ""
        lead = t.filler_start() if verb.startswith(("Add", "Put", "Place", "Include")) else ""
        out.append((lead + verb[0].lower() + verb[1:] if lead else verb).format(item) if lead else cap(verb.format(item)))
        out.append(then)
    return sentences(*out, _neg_sentences(t, False), *t.extras())


@pattern("it_has")
def _p_it_has(t):
    items = t.items(inverted=0.3)
    out = [f"Make {t.room()}."]
    if items:
        out.append(_choice(t.rng, ("It has ", "It has got ", "It comes with ")) + join(items) + ".")
    return sentences(*out, _neg_sentences(t, False), *t.extras())


@pattern("room_should")
def _p_room_should(t):
    items = t.items()
    out = [cap(t.room()) + ", please."]
    if items:
        out.append("The room should have " + join(items) + ".")
    return sentences(*out, _neg_sentences(t, False), *t.extras())


@pattern("keep_it")
def _p_keep_it(t):
    items = t.items(inverted=0.3)
    out = [cap(t.room(size=False)) + (" with " + join(items) if items else "") + "."]
    out.append(_neg_sentences(t, False))
    out += t.extras()
    if not t.q.density:
        out.append("Keep it tidy.")
    return sentences(*out)


@pattern("negation_first")
def _p_negation_first(t):
    negs = t.negation_list()
    items = t.items(inverted=0.3)
    head = cap(join(negs, "or")) + ", but I'd like " if negs else "I'd like "
    return sentences(head + t.room() + (" with " + join(items) if items else "") + ".", *t.extras())


@pattern("inverted")
def _p_inverted(t):
    items = t.items(inverted=1.0)
    return sentences(cap(t.room()) + (" with " + join(items) if items else "") + ".", _neg_sentences(t, False), *t.extras())


@pattern("flanked")
def _p_flanked(t):
    items = t.items(flanked=1.0, inverted=0.5)
    return sentences(f"Create {t.room()}" + (" with " + join(items) if items else "") + ".", _neg_sentences(t, False), *t.extras())


@pattern("casual")
def _p_casual(t):
    items = t.items()
    negs = t.negation_list()
    head = _choice(t.rng, ("hey, can i get ", "pls make ", "ok so i need ", "quick one: "))
    text = head + t.room() + (" with " + join(items) if items else "") + (", " + join(negs, "or") if negs else "")
    extra = " ".join(t.extras())
    return (text + (". " + extra if extra else "")).lower()


@pattern("british")
def _p_british(t):
    t.uk = True
    return _frame(t, f"Could you organise {t.room()}", end=", please?")


@pattern("american")
def _p_american(t):
    t.uk = False
    return _frame(t, f"Can you organize {t.room()}", end="?")


@pattern("digits")
def _p_digits(t):
    t.digits = True
    items = t.items() + t.negation_list()
    size = t.size_text(compact=True)
    t.said_size = t.said_size or bool(size)
    head = cap(t.room(size=False)) + (f", {size}" if size else "")
    return sentences(head + (": " + ", ".join(items) if items else "") + ".", *t.extras())


@pattern("number_words")
def _p_number_words(t):
    t.digits = False
    return _frame(t, f"Could you lay out {t.room()}", end="?")


@pattern("turn_into")
def _p_turn_into(t):
    return _frame(t, f"Turn this space into {t.room()}")


@pattern("give_me")
def _p_give_me(t):
    items = t.items()
    head = f"Give me {t.room()}" + (" where there are " + join(items) if items else "")
    return sentences(head + ".", _neg_sentences(t, False), *t.extras())


@pattern("looking_for")
def _p_looking_for(t):
    return _frame(t, f"Looking for a layout for {t.room()}")


@pattern("furniture_list")
def _p_furniture_list(t):
    items = t.items()
    negs = t.negation_list()
    out = [f"{cap(t.room())}."]
    if items:
        out.append("Furniture: " + ", ".join(items) + ".")
    if negs:
        out.append(cap(join(negs, "or")) + ".")
    return sentences(*out, *t.extras())


@pattern("question_can")
def _p_question_can(t):
    items = t.items()
    if not items:
        return sentences(f"Can you design {t.room()} for me?", _neg_sentences(t, False), *t.extras())
    return sentences(f"Can {t.room(art='the')} have {join(items)}?", _neg_sentences(t, False), *t.extras())


# -- test-only patterns


@pattern("question_what")
def _p_question_what(t):
    items = t.items(inverted=0.3)
    negs = [t.negation(i, "with") for i in t.negatives()]
    body = (" with " + join(items + negs) if items else (" " + join(negs) if negs else ""))
    return sentences(f"What would {t.room()}{body} look like?", *t.extras())


@pattern("question_how")
def _p_question_how(t):
    items = t.items()
    return sentences(f"How would you arrange {t.room()}" + (" with " + join(items) if items else "") + "?", _neg_sentences(t, False), *t.extras())


@pattern("spec_sheet")
def _p_spec_sheet(t):
    q = t.q
    lines = [f"Room type: {_choice(t.rng, SIZE_WORDS[q.size_word]) + ' ' if q.size_word else ''}{t.room_word}"]
    if q.size_m or q.area_m2:
        lines.append(f"Size: {t.size_text()}")
    if q.styles:
        lines.append("Style: " + ", ".join(_choice(t.rng, STYLES[s]) for s in q.styles))
    if q.density:
        lines.append("Density: " + _choice(t.rng, SPARSE_TEXT if q.density == "sparse" else DENSE_TEXT))
    t.said_size = t.said_styles = t.said_density = True
    items = t.items()
    if items:
        lines.append("Furniture: " + ", ".join(items))
    negs = t.negatives()
    if negs:
        lines.append("Exclusions: " + ", ".join(t.negation(i, "list") for i in negs))
    return "\n".join(lines)


@pattern("polite_long")
def _p_polite_long(t):
    items = t.items(inverted=0.3)
    out = [f"Hi! Could you please design {t.room()} for me?"]
    if items:
        out.append(f"I'd love {join(items)}.")
    out.append(_neg_sentences(t, False))
    out += t.extras()
    out.append("Thanks a lot!")
    return sentences(*out)


@pattern("placement_first")
def _p_placement_first(t):
    out = [cap(t.room()) + "."]
    for i in t.order():
        r = t.reqs[i]
        if r.placement and r.anchor is None and r.quantifier == "exactly":
            out.append(f"{cap(t.place(r))}, {t.noun(i)}.")
        else:
            verbs = ("Add {}.", "I'd like {}.") + (("Put {}.",) if r.placement or r.relation else ())
            out.append(cap(_choice(t.rng, verbs).format(t.unit(i))))
    return sentences(*out, _neg_sentences(t, False), *t.extras())


@pattern("numbered")
def _p_numbered(t):
    items = t.items() + t.negation_list()
    # each line ends with a comma: a new line followed by a digit does not end a sentence for the reader ("3.5 m")
    lines = [f"{cap(t.room())}" + (", with:" if items else ".")] + [f"{k}) {x}{',' if k < len(items) else '.'}" for k, x in enumerate(items, 1)]
    return "\n".join(lines + t.extras())


@pattern("room_last_fit")
def _p_room_last_fit(t):
    items = t.items(inverted=0.3)
    if not items:
        return sentences(f"Furnish {t.room()} for me.", _neg_sentences(t, False), *t.extras())
    return sentences(f"Fit {join(items)} into {t.room(size=False)}.", _neg_sentences(t, False), *t.extras())


TEST_ONLY_PATTERNS = ("question_what", "question_how", "spec_sheet", "polite_long", "placement_first", "numbered", "room_last_fit")
TRAIN_PATTERNS = tuple(p for p in PATTERNS if p not in TEST_ONLY_PATTERNS)


def render(request: Request, rng: np.random.Generator, pattern: str) -> str:
    """``request`` written as an instruction through the named pattern (``PATTERNS``)."""
    text = PATTERNS[pattern](Text(request, rng))
    return re.sub(r" {2,}", " ", text).strip()


# ---------------------------------------------------------------- the sets


def room_words(room: str) -> str:
    return room.replace("_", " ")


def rooms_for(holdout: str) -> list[str]:
    rooms = [r for r in catalog.ROOM_TYPES if programs.ROOM_PROGRAMS.get(r)]
    skip = set(PAPER_HOLDOUT) if holdout == "paper" else {r for r in holdout.split(",") if r}
    return [r for r in rooms if r not in skip]


def record(name: str, n: int, room: str, text: str, pattern_name: str, request: Request) -> dict:
    request = replace(request, instruction=text)
    return {"id": f"{name}-{n:04d}", "set": name, "room": room, "instruction": text, "pattern": pattern_name, "request": request.to_dict(),
            "specs": list(request.specs())}


def build(counts: dict[str, int], seed: int = 0, holdout: str = "") -> list[dict]:
    """``counts[set]`` unique instructions per set, rooms in turn (so every room is covered); the
    train set opens with a plain "Design me a <room>" per room."""
    rooms = rooms_for(holdout)
    seen: set[str] = set()
    out = []
    for k, name in enumerate(SETS):
        rng = np.random.default_rng([seed, k])
        test = name == "test"
        n, tries = 0, 0
        while n < counts.get(name, 0) and tries < 100 * max(1, counts[name]):
            tries += 1
            room = rooms[(n + k) % len(rooms)]
            if name == "train" and n < len(rooms):
                request, pattern_name = Request(instruction="", room_type=room), "design_me"
                text = f"Design me {article(room_words(room))}"
            else:
                force = TEST_ONLY_COMBOS[int(rng.integers(len(TEST_ONLY_COMBOS)))] if test and rng.random() < TEST_COMBO_SHARE else None
                request = sample_request(room, rng, test=test, force=force)
                pool = TEST_ONLY_PATTERNS if test and rng.random() < TEST_PATTERN_SHARE else TRAIN_PATTERNS
                pattern_name = pool[int(rng.integers(len(pool)))]
                text = render(request, rng, pattern_name)
            if text in seen:
                continue
            seen.add(text)
            out.append(record(name, n, room, text, pattern_name, request))
            n += 1
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="out/training", help="output folder")
    ap.add_argument("--counts", default="100,50,50,50", help="instructions per set: train,disc,interleave,test")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--holdout", default="", help='room types to leave out, comma separated, or "paper"')
    ap.add_argument("--force", action="store_true", help="rewrite instructions.jsonl when it exists")
    args = ap.parse_args(argv)
    path = Path(args.out) / "instructions.jsonl"
    if path.exists() and not args.force:
        print(f"{path} exists: kept (use --force to rewrite)")
        return 0
    counts = dict(zip(SETS, (int(x) for x in args.counts.split(","))))
    n = write_jsonl(path, build(counts, args.seed, args.holdout))
    print(f"wrote {n} instructions to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
