"""The reader: what an English instruction asks for, as one typed ``Request``.

``read(instruction)`` finds the room type (``ground.rooms.find_rooms``: of two room words in a row,
"a restaurant dining area", the one that holds more of the pieces asked for), the room's size, floor area,
ceiling height, size word, styles and density, every furnishing the instruction names with how many
and where (``Requirement``), and the object nouns the catalogue does not know (``Unknown``).
``Request.specs()`` states the requirements in SceneEval's spec grammar (``core/metrics/specs.py``);
the evaluator's instruction fidelity reads them from there.

How objects are read (lower-cased, split into sentences at . ; ! ? : and new lines):

* **Objects** are the longest runs of up to four words that name a catalogue category or one of
  its synonyms, singular or plural ("queen size bed", "couches", "TV stand"). A generic head noun
  ("chairs", "lamp", "table", "bed") stays generic, so that any chair satisfies "two chairs". A
  few words that are also adjectives ("single", "light", "display" ...) only count as objects
  when nothing follows them in the phrase ("two lights" yes, "a light wood floor" no). Misspelt
  words of seven letters or more are read as the catalogue word they are closest to
  ("wardobe", "nightstnad"). The words that name the room are not objects ("a toilet" as a room).
* **Quantities** just before an object (adjectives may come between): numbers in digits or words
  up to twenty, "a"/"an" (1), "a pair of" / "a couple of" (2), "at least / at most / more than /
  fewer than / exactly N", "several" / "multiple" / "a few" (at least 2), "some" / "any" (at
  least 1; before a plural, 2), "no" / "without" / a negation before it ("don't add a rug",
  "there should not be a TV") (0); a negation carries over a list joined by "or" ("no TV or rug"). Objects named with
  "the" or without a quantity must be present (at least 1, ``definite``) and, when they name an
  object already mentioned, are that object. Counts of one category add up over the instruction;
  "a lamp on each nightstand" means one per nightstand counted (``each``), "bookcases on three
  walls" at least three, "a plant in each corner" four, "three tables for four" twelve chairs. A
  count of a generic word counts the pieces of its kinds asked for besides ("a desk chair and a
  table with four chairs": five chairs).
* **Relations** after an object (or a group joined by "and"): facing, in front of, behind, next to /
  beside / by, near, across from / opposite, far from, on / on top of, in / inside, above / over,
  under / below, left of, right of, around, on both sides of / on either side of / flanked by,
  against / along the wall (which wall: north, back, side ...), on the wall, in the corner, in the
  middle / at the centre (of the room), hanging from / on the ceiling, and next to / near / across
  from / facing a door or window. The reference is the object or architecture named after the
  phrase; "it" and "them", or nothing at all ("a bed with nightstands on both sides"), refer to
  the object mentioned before the current one. A relation phrase opening a sentence ("In the
  corner, a plant") applies to the next object. Small things "with" a piece that has a top stand
  on it ("a desk with two monitors"); seats "with" a piece people sit at go at it ("a table with
  six chairs": around it; "a bar with 4 stools": beside it; "20 desks with a chair": one each).

What it does not read: relations between two objects it does not know, comparisons of size
("a bigger desk"), colours and materials, conditions ("if there is room"), and anything that
needs the meaning of a whole sentence rather than its words.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field, replace

from ..ground import catalog
from ..ground.rooms import PHRASES as ROOM_PHRASES
from ..ground.rooms import BY_ROOM, ROOMS, RoomMatch, find_rooms


def categories_for(word: str) -> frozenset[str]:
    """The categories a word covers (the catalogue's ``covering``: empty for an unknown word)."""
    return catalog.covering(word)


QUANTIFIERS = ("exactly", "at_least", "at_most", "none")
PLACEMENTS = ("against_wall", "corner", "middle", "on_wall", "ceiling", "near_window", "near_door")
WALLS = ("north", "south", "east", "west", "back", "side", "window", "door")
RELATIONS = ("beside", "left_of", "right_of", "in_front_of", "behind", "facing", "around", "both_sides", "on_top", "on", "inside", "above",
             "under", "near", "across_from", "far_from", "middle_of")


# ---------------------------------------------------------------- the request


@dataclass(frozen=True)
class Requirement:
    """Objects of one category the instruction asks for, and where.

    ``placement`` is where in the room (against a wall, in a corner ...), ``wall`` which wall
    (north ... west, the back or a side wall, the window or door wall). ``relation`` ties the
    objects to ``anchor`` (the index of another requirement); with no anchor it refines the
    placement ("beside" / "near" the window) or names a relation to the ``wall`` ("facing" the
    window). ``each``: one per anchor object ("a lamp on each nightstand"). ``definite``: named
    without a quantity ("the sofa"), so it must be there but its number is not stated.
    ``same_as``: a further constraint on the objects of another requirement, not counted again.
    ``together``: the objects stand side by side ("two washing machines next to each other").
    ``facing``: they face one another ("two sofas facing each other")."""

    category: str
    quantifier: str  # exactly | at_least | at_most | none
    count: int
    placement: str | None = None
    wall: str | None = None
    relation: str | None = None
    anchor: int | None = None
    each: bool = False
    phrase: str = ""
    definite: bool = False
    same_as: int | None = None
    together: bool = False  # "two cots side by side": each stands beside another of its own kind
    facing: bool = False  # "two desks facing each other": each faces another of its own kind


@dataclass(frozen=True)
class Unknown:
    """A noun that names an object the catalogue does not know ("a popcorn machine")."""

    noun: str
    phrase: str


@dataclass(frozen=True)
class Request:
    instruction: str
    room_type: str | None = None
    size_m: tuple[float, float] | None = None
    area_m2: float | None = None
    size_word: str | None = None  # small | medium | large
    height_m: float | None = None
    styles: tuple[str, ...] = ()
    density: str | None = None  # sparse | dense
    requirements: tuple[Requirement, ...] = ()
    unknown: tuple[Unknown, ...] = field(default=())
    room_inferred: bool = False  # no room was named: ``room_type`` is the one that holds what is asked for (``room_for``)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict) -> Request:
        size = data.get("size_m")
        return cls(
            instruction=data["instruction"],
            room_type=data.get("room_type"),
            size_m=tuple(size) if size is not None else None,
            area_m2=data.get("area_m2"),
            size_word=data.get("size_word"),
            height_m=data.get("height_m"),
            styles=tuple(data.get("styles", ())),
            density=data.get("density"),
            requirements=tuple(Requirement(**r) for r in data.get("requirements", ())),
            unknown=tuple(Unknown(**u) for u in data.get("unknown", ())),
            room_inferred=bool(data.get("room_inferred", False)),
        )

    @classmethod
    def from_json(cls, text: str) -> Request:
        return cls.from_dict(json.loads(text))

    def specs(self) -> tuple[str, ...]:
        """The requirements as specs in SceneEval's grammar: counts first (one per category,
        added up over the instruction), then the relations."""
        return tuple(_specs(self.requirements))


_QUANT_SPEC = {"exactly": "eq", "at_least": "ge", "at_most": "le", "none": "eq"}
_OBJECT_SPEC = {"beside": "next_to", "facing": "face", "around": "surround", "inside": "inside_of", "under": "below", "far_from": "far"}
_PLACEMENT_SPEC = {"against_wall": ("against", "wall"), "on_wall": ("on", "wall"), "corner": ("corner", "room"), "middle": ("middle", "room"),
                   "ceiling": ("hang", "ceiling"), "near_window": ("near", "window"), "near_door": ("near", "door")}
_ARCH_RELATION_SPEC = {"beside": "next_to", "near": "near", "across_from": "across_from", "far_from": "far"}


def _specs(requirements: tuple[Requirement, ...]) -> list[str]:
    totals: dict[str, list] = {}
    for r in requirements:
        if r.same_as is not None:
            continue
        entry = totals.setdefault(r.category, [None, 0])
        if r.definite:
            continue
        quant = _QUANT_SPEC[r.quantifier]
        count = 0 if r.quantifier == "none" else r.count
        entry[0] = quant if entry[0] in (None, quant) else "ge"
        entry[1] += count
    for word, entry in totals.items():  # "4 chairs" and "an executive chair": five chairs, as a count of every kind counts them
        kinds = categories_for(word)  # ("a desk" and "12 school desks": 13 desks; not a word for one category: "teacher_desk")
        if entry[0] in ("eq", "ge") and entry[1] > 0 and len(kinds) > 1:
            entry[1] += sum(n for other, (q, n) in totals.items() if other != word and categories_for(other) <= kinds and q in ("eq", "ge"))
    out = [f"{q},{n},{word}" if q is not None else f"ge,1,{word}" for word, (q, n) in totals.items()]
    for r in requirements:
        own = requirements[r.same_as] if r.same_as is not None else r
        if own.quantifier == "none" or (own.quantifier == "exactly" and own.count == 0):
            continue  # "no pictures on the walls": none at all, anywhere
        quant = f"{_QUANT_SPEC[own.quantifier]},{own.count}" if own.quantifier in ("exactly", "at_least") and own.count > 0 and not own.definite else "ge,1"
        if r.placement is not None:
            rel, arch = _PLACEMENT_SPEC[r.placement]
            if r.placement in ("near_window", "near_door") and r.anchor is None and r.relation in _ARCH_RELATION_SPEC:
                rel = _ARCH_RELATION_SPEC[r.relation]
            out.append(f"{quant},{rel},{r.category},{arch}")
        elif r.anchor is None and r.relation in ("across_from", "far_from") and r.wall in ("window", "door"):
            out.append(f"{quant},{_ARCH_RELATION_SPEC[r.relation]},{r.category},{r.wall}")
        if r.together:
            out.append(f"{quant},next_to,{r.category},{r.category}")
        if r.facing:
            out.append(f"{quant},face,{r.category},{r.category}")
        if r.anchor is not None and r.relation is not None:
            ref = requirements[r.anchor].category
            if ref == r.category:
                continue
            if r.relation == "both_sides":
                out += [f"ge,1,left_of,{r.category},{ref}", f"ge,1,right_of,{r.category},{ref}"]
            elif r.relation == "around":
                out.append(f"ge,1,surround,{r.category},{ref}")
            else:
                out.append(f"{quant},{_OBJECT_SPEC.get(r.relation, r.relation)},{r.category},{ref}")
    seen: set[str] = set()
    return [s for s in out if not (s in seen or seen.add(s))]


# ---------------------------------------------------------------- vocabulary

NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBERS |= TENS
VAGUE = {"several": ("ge", 2), "multiple": ("ge", 2), "few": ("ge", 2), "some": ("ge", 1), "many": ("ge", 2), "numerous": ("ge", 2),
         "plenty": ("ge", 2), "lots": ("ge", 2), "any": ("ge", 1), "no": ("eq", 0)}  # vague amounts: only "more than one" is certain
BOUNDS = ((("at", "least"), "ge"), (("at", "most"), "le"), (("no", "more", "than"), "le"), (("up", "to"), "le"), (("more", "than"), "gt"),
          (("over",), "gt"), (("fewer", "than"), "lt"), (("less", "than"), "lt"), (("exactly",), "eq"), (("only",), "eq"), (("just",), "eq"),
          (("minimum", "of"), "ge"), (("maximum", "of"), "le"), (("max",), "le"), (("min",), "ge"))
NEGATORS = {"without", "don't", "dont", "do", "not", "never", "nor", "avoid", "skip", "exclude", "excluding", "except", "minus", "lacking",
            "no", "doesn't", "doesnt", "shouldn't", "shouldnt", "won't", "wont", "isn't", "aren't", "mustn't", "omit", "leave"}
DEFINITE = {"the", "its", "their", "this", "that", "these", "those", "my", "our", "your", "his", "her", "each", "every"}
SKIPPABLE = DEFINITE | {"a", "an", "one", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "back", "far", "left",
                        "right", "opposite", "main", "same", "other", "long", "short", "nearest", "front", "side", "rear", "large", "big",
                        "longest", "empty", "blank", "bare", "feature", "accent", "end", "entire", "whole", "shorter", "longer"}
AMBIGUOUS = {"single", "double", "light", "display", "print", "range", "pool", "art", "upright", "fruit", "soap", "computer", "pc", "console",
             "bath", "island", "counter", "screen", "mat", "runner", "pot", "palm", "tree", "erg", "photo", "bin", "music", "container",
             "study", "reading", "dining", "kitchen", "office", "lounge", "bar", "gym", "wall", "floor", "corner", "side", "coffee", "night"}
BOUNDARY = {",", "and", "or", "with", "while", "plus", "also", "that", "which", "to", "for", "where", "but", "so", "then", "nor"}
ARCH = {"wall": "wall", "walls": "wall", "ceiling": "ceiling", "door": "door", "doors": "door", "doorway": "door", "entrance": "door",
        "window": "window", "windows": "window", "corner": "corner", "corners": "corner", "middle": "middle", "center": "middle",
        "centre": "middle", "floor": "floor", "room": "room"}
WALL_WORDS = {"north": "north", "northern": "north", "south": "south", "southern": "south", "east": "east", "eastern": "east", "west": "west",
              "western": "west", "back": "back", "rear": "back", "far": "back", "opposite": "back", "side": "side", "left": "side",
              "right": "side", "window": "window", "entrance": "door", "entry": "door", "door": "door"}
PRONOUNS = {"it", "them", "him", "her"}

_PHRASES_LIST: tuple[tuple[tuple[str, ...], str], ...] = (
    *((p, "both_sides") for p in (("on", "both", "sides", "of"), ("on", "either", "side", "of"), ("on", "each", "side", "of"),
                                   ("at", "both", "sides", "of"), ("at", "either", "side", "of"), ("on", "both", "sides"),
                                   ("on", "either", "side"), ("on", "each", "side"), ("either", "side", "of"), ("both", "sides", "of"),
                                   ("at", "each", "side", "of"), ("to", "either", "side", "of"), ("to", "both", "sides", "of"),
                                   ("on", "opposite", "sides", "of"), ("either", "side"), ("each", "side"),
                                   ("both", "sides"))),
    (("flanked", "by"), "flanked_by"), (("surrounded", "by"), "surrounded_by"), (("encircled", "by"), "surrounded_by"),
    (("ringed", "by"), "surrounded_by"),
    (("in", "front", "of"), "in_front_of"), (("in", "front"), "in_front_of"), (("at", "the", "foot", "of"), "in_front_of"),
    (("at", "the", "bottom", "of"), "in_front_of"), (("at", "foot", "of"), "in_front_of"), (("by", "the", "foot", "of"), "in_front_of"),
    (("in", "back", "of"), "behind"), (("behind",), "behind"),
    *((p, "left_of") for p in (("to", "the", "left", "of"), ("on", "the", "left", "of"), ("on", "the", "left", "side", "of"), ("left", "of"),
                               ("to", "the", "left", "side", "of"))),
    *((p, "right_of") for p in (("to", "the", "right", "of"), ("on", "the", "right", "of"), ("on", "the", "right", "side", "of"),
                                ("right", "of"), ("to", "the", "right", "side", "of"))),
    *((p, "next_to") for p in (("next", "to"), ("beside",), ("besides",), ("alongside",), ("by",), ("adjacent", "to"),
                               ("right", "next", "to"), ("directly", "next", "to"), ("right", "beside"), ("between",), ("in", "between"),
                               ("side", "by", "side"))),
    (("near",), "near"), (("close", "to"), "near"), (("not", "far", "from"), "near"), (("nearby",), "near"), (("close", "by"), "near"),
    (("near", "to"), "near"),
    *((p, "across_from") for p in (("across", "from"), ("opposite", "to"), ("opposite", "of"), ("opposite",), ("across", "the", "room", "from"))),
    (("far", "from"), "far"), (("away", "from"), "far"),
    *((p, "face") for p in (("facing", "towards"), ("facing", "toward"), ("facing",), ("faces",), ("face",), ("looking", "at"),
                            ("pointed", "at"), ("oriented", "towards"), ("turned", "towards"), ("turned", "toward"), ("looks", "at"),
                            ("facing", "onto"), ("looking", "towards"), ("looking", "toward"), ("looking", "out"), ("pointing", "at"),
                            ("pointing", "towards"), ("oriented", "toward"))),
    (("on", "top", "of"), "on_top"), (("atop",), "on_top"), (("on", "top"), "on_top"), (("stacked",), "on_top"),
    *((p, "on") for p in (("on",), ("upon",), ("onto",), ("resting", "on"), ("sitting", "on"), ("standing", "on"), ("placed", "on"))),
    *((p, "inside_of") for p in (("inside",), ("in",), ("within",), ("into",))),
    (("at",), "at"),
    *((p, "above") for p in (("above",), ("over",), ("hanging", "above"), ("hung", "above"), ("mounted", "above"), ("hanging", "over"),
                             ("hung", "over"))),
    *((p, "below") for p in (("under",), ("below",), ("beneath",), ("underneath",))),
    *((p, "surround") for p in (("around",), ("surrounding",), ("encircling",), ("arranged", "around"), ("gathered", "around"), ("round",),
                                ("arranged", "round"), ("all", "round"))),
    *((p, "against") for p in (("against",), ("along",), ("up", "against"), ("pushed", "against"), ("lining",), ("lined", "up", "along"), ("covering",),
                                  ("down", "one"), ("down", "each"), ("down", "both"), ("down", "the", "side"))),
    *((p, "hang") for p in (("hanging", "from"), ("hung", "from"), ("suspended", "from"), ("from",), ("mounted", "on"), ("hanging", "on"),
                            ("hung", "on"))),
)
PHRASES = tuple(sorted(_PHRASES_LIST, key=lambda p: -len(p[0])))
IMPLICIT = {"both_sides", "in_front_of", "behind", "surround", "next_to", "on_top", "above"}  # may omit their reference: "with chairs around", "a light above"
ARCH_MAP = {("against", "wall"): "against_wall", ("on", "wall"): "on_wall", ("next_to", "wall"): "against_wall", ("at", "wall"): "against_wall",
            ("near", "wall"): "against_wall", ("hang", "wall"): "on_wall", ("inside_of", "wall"): "on_wall",
            ("on", "ceiling"): "ceiling", ("hang", "ceiling"): "ceiling", ("inside_of", "corner"): "corner", ("at", "corner"): "corner",
            ("next_to", "corner"): "corner", ("inside_of", "middle"): "middle", ("at", "middle"): "middle", ("on", "middle"): "middle",
            ("next_to", "window"): "near_window", ("against", "window"): "near_window", ("near", "window"): "near_window", ("at", "window"): "near_window",
            ("inside_of", "window"): "near_window", ("below", "window"): "near_window",
            ("next_to", "door"): "near_door", ("near", "door"): "near_door", ("at", "door"): "near_door", ("inside_of", "door"): "near_door",
            **{(rel, "side"): "against_wall" for rel in ("against", "on", "at", "next_to", "near", "inside_of")}}  # "along one side", "on the left side"
REL_NAMES = {"next_to": "beside", "at": "beside", "face": "facing", "surround": "around", "inside_of": "inside", "below": "under",
             "far": "far_from"}

# A noun after an article that is not a furnishing: words for the room, its parts, its light and
# feel, people, activities, materials, measures. Such nouns are never reported as unknown objects.
ABSTRACT = set("""
room rooms space spaces area areas zone zones spot nook corner corners wall walls floor floors ceiling ceilings window windows door doors
doorway entrance entry exit layout plan design style styles theme themes look feel feeling vibe vibes atmosphere ambience ambiance mood
aesthetic aesthetics palette colour color colours colors scheme tone tones shade shades hue light lights lighting daylight sunlight
view views sun air flow space storage seating furniture furnishings decor decoration decorations accessories accessory things stuff
items item pieces piece objects object touch touches accent accents focus focal point points place places spot spots side sides end
ends part parts half middle center centre front back top bottom edge edges people person family families kids kid children child baby
babies guests guest friends friend couple couples adults adult teen teenager teenagers students student staff patients patient
customers customer clients client visitors visitor users user owner owners doctor doctors teacher teachers worker workers members
team teams group groups people work working reading study studying sleep sleeping rest relaxing relaxation play playing cooking eating
dining meals meal dinner dinners breakfast lunch coffee tea food drinks entertaining entertainment games game exercise exercises
workouts workout training fitness meetings meeting meetings calls video calls hobby hobbies crafts music movies movie tv reading
homework lessons lesson class classes wood oak pine walnut maple birch ash teak bamboo metal steel iron brass copper chrome glass
marble stone granite concrete brick leather velvet linen cotton wool fabric rattan wicker plastic tile tiles parquet hardwood
laminate vinyl paint wallpaper texture textures pattern patterns finish finishes material materials size sizes width depth height
length metre metres meter meters m ft feet foot inch inches cm mm sq square sqm budget price cost time times day days night nights
week weekend year years morning evening mood life home house flat apartment building floorplan plan way ways lot lots bit bunch
variety mix range number amount plenty couple pair set sets kind kinds type types sort sorts option options choice idea ideas
need needs purpose function functions use uses sense order balance symmetry harmony contrast warmth comfort privacy quiet space
clutter mess view windowsill sill trim molding moulding skirting beam beams column columns pillar pillars radiator radiators heating
vent vents outlet outlets socket sockets switch switches wiring pipes pipe plumbing fireplace fire hearth mantel mantle mantelpiece
employees employee colleagues colleague learners learner players player persons pupils pupil
alcove bay recess niche arch archway stairs staircase stair steps step landing hallway hall corridor balcony terrace patio garden
yard view skyline city street sea ocean lake mountains mountain forest nature plants greenery flowers green colors accents
""".split())
ADJECTIVES = set("""
small large big huge tiny little compact spacious roomy generous cosy cozy comfy comfortable modern contemporary scandinavian nordic
industrial rustic minimalist minimal bohemian boho classic classical traditional vintage retro antique elegant luxurious luxury
simple plain new old nice beautiful lovely pretty cute warm cool bright dark light airy open tall short low high long wide narrow
deep round square rectangular oval wooden metal glass leather fabric upholstered velvet soft hard white black grey gray brown beige
cream red orange yellow green blue navy purple pink gold golden silver natural neutral pastel colourful colorful extra additional
matching good great sturdy solid heavy lightweight portable folding foldable adjustable ergonomic electric digital smart own main
second third another other few several more some many any every each proper real decent big-screen flat full double single king
queen twin mid century midcentury farmhouse coastal japandi japanese zen mediterranean eclectic art deco french country shabby chic
victorian colonial nautical tropical gothic industrial-style space-saving built-in freestanding standalone wall-mounted ceiling-mounted
""".split())
# what a piece is made of or its colour: "no glass tables" rules out a kind of table, not tables
MATERIALS = set("""
wooden wood metal metallic glass leather fabric velvet plastic marble steel chrome brass rattan wicker bamboo concrete stone oak pine walnut
white black grey gray brown beige cream red orange yellow green blue navy purple pink gold golden silver upholstered
""".split())
STYLE_WORDS = {"modern": "modern", "contemporary": "contemporary", "scandinavian": "scandinavian", "scandi": "scandinavian",
               "nordic": "scandinavian", "industrial": "industrial", "rustic": "rustic", "minimalist": "minimalist", "minimalistic": "minimalist",
               "minimal": "minimalist", "cosy": "cosy", "cozy": "cosy", "bohemian": "bohemian", "boho": "bohemian", "classic": "classic",
               "classical": "classic", "traditional": "traditional", "vintage": "vintage", "retro": "retro", "farmhouse": "farmhouse",
               "coastal": "coastal", "japandi": "japandi", "japanese": "japanese", "zen": "zen", "mediterranean": "mediterranean",
               "eclectic": "eclectic", "victorian": "victorian", "colonial": "colonial", "nautical": "nautical", "tropical": "tropical",
               "elegant": "elegant", "luxurious": "luxurious", "luxury": "luxurious", "playful": "playful", "whimsical": "playful",
               "cheerful": "cheerful", "warm": "warm", "bright": "bright", "airy": "airy", "homely": "cosy", "homey": "cosy",
               "urban": "urban", "loft": "industrial", "hygge": "cosy", "glam": "glam", "glamorous": "glam", "preppy": "preppy",
               "futuristic": "futuristic", "professional": "professional", "clinical": "clinical", "sleek": "sleek", "calm": "calm",
               "serene": "calm", "tranquil": "calm", "vibrant": "vibrant", "colourful": "colourful", "colorful": "colourful", "gothic": "gothic"}
STYLE_PHRASES = {("mid", "century"): "mid-century", ("midcentury",): "mid-century", ("art", "deco"): "art deco",
                 ("shabby", "chic"): "shabby chic", ("french", "country"): "french country", ("old", "fashioned"): "traditional"}
SPARSE = {"minimal", "minimalist", "minimalistic", "sparse", "sparsely", "simple", "uncluttered", "bare", "spartan", "basic", "clutter",
          "decluttered"}
SPARSE_PHRASES = (("just", "the", "essentials"), ("only", "the", "essentials"), ("the", "bare", "minimum"), ("bare", "essentials"),
                  ("nothing", "fancy"), ("not", "too", "much"), ("not", "cluttered"), ("few", "pieces"), ("essentials", "only"))
DENSE = {"packed", "full", "crowded", "cluttered", "busy", "abundant", "maximalist", "filled", "stuffed", "loaded"}
DENSE_PHRASES = (("lots", "of"), ("lot", "of"), ("fully", "furnished"), ("well", "furnished"), ("plenty", "of"), ("loads", "of"),
                 ("richly", "furnished"), ("densely", "furnished"), ("filled", "with"), ("full", "of"))
SIZE_WORDS = {"small": "small", "tiny": "small", "little": "small", "compact": "small", "cramped": "small", "narrow": "small",
              "petite": "small", "modest": "small", "medium": "medium", "average": "medium", "moderate": "medium", "midsize": "medium",
               "regular": "medium", "normal": "medium",
              "large": "large", "big": "large", "spacious": "large", "huge": "large", "roomy": "large", "generous": "large",
              "vast": "large", "grand": "large", "expansive": "large", "enormous": "large", "sizable": "large", "sizeable": "large",
              "oversized": "large", "massive": "large", "ample": "large"}

_VOCABULARY = {w for k in catalog.WORDS for w in k.split()}
# English words a letter or two from a catalogue word, that are no slip for it ("a kids' section" has no
# sectional sofa, "heather grey" no heater, "printing" no painting): the common ones of the words that
# two English dictionaries (web2, GCIDE) both hold and that the slip correction below would change.
_NOT_SLIPS = set("""
acoustical activist backboard brewery broiler butchery carpenter carte chandler changeling chanting chipping commuter compute
condition contain curious doubtless doublet electronic enclose execute exorcise failing flowery
footballer heather inferior lengthy literate machinery mechanic mechanics medicinal monster mounting occasion odor officer
organize overhear overheat panting photographer photographic photography pinching planting polo post potable printing process
professor project protection protector racking recline refrigeration regarding registry section sheathing shedding shelling
shingle shingles sneaking spanking stationery sticking stocking stranger stringer sweater sweating tripping topical workable
""".split())
_KNOWN = (_VOCABULARY | set(NUMBERS) | set(VAGUE) | NEGATORS | SKIPPABLE | BOUNDARY | set(ARCH) | ABSTRACT | ADJECTIVES | set(STYLE_WORDS)
          | {w for p, _ in _PHRASES_LIST for w in p} | {w for p in ROOM_PHRASES for w in p} | SPARSE | DENSE | set(SIZE_WORDS) | _NOT_SLIPS)
_TYPO_TARGETS = sorted(w for w in _VOCABULARY if len(w) >= 6)


# ---------------------------------------------------------------- tokens


def _transposed(token: str) -> str | None:
    """The catalogue name (or its plural) that ``token`` is with two neighbouring letters swapped
    back ("chiars": chairs, "lmap": lamp), if exactly one is; never a number ("there" stays)."""
    found = set()
    for k in range(len(token) - 1):
        word = token[:k] + token[k + 1] + token[k] + token[k + 2 :]
        if word != token and word not in NUMBERS and (catalog.resolve(word) or (word.endswith("s") and catalog.resolve(word[:-1]))):
            found.add(word)
    return found.pop() if len(found) == 1 else None


def _correct(token: str) -> str:
    """A word the vocabulary does not know, read as the catalogue word it is closest to: two
    neighbouring letters swapped (words of 4 letters or more), or, for long words, the closest by
    ``difflib`` of those with the same first letter."""
    if len(token) < 4 or not token.isalpha() or token in _KNOWN or (token.endswith("s") and token[:-1] in _KNOWN):
        return token
    swapped = _transposed(token)
    if swapped:
        return swapped
    if len(token) < 7 or token.endswith(("ed", "ly")):
        return token
    match = difflib.get_close_matches(token, [w for w in _TYPO_TARGETS if w[0] == token[0]], n=1, cutoff=0.86)
    return match[0] if match else token  # (a slip keeps the first letter: "replace" is no misspelt fireplace)


# a number joined by a hyphen to a word is part of an adjective ("three-seater", "2-door", "six-drawer"), not a count
_COMPOUND_NUMBER = re.compile(r"\b(\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")-(?!(?:by|x|to|or|and|m|cm|mm|ft|metres?|meters?"
                              r"|feet|foot|sq|square|m2|inch|inches|" + "|".join(NUMBERS) + r")\b)([a-z]+)\b")


_NUMBERED = re.compile(r"\d+[a-z]+")  # such an adjective once read ("3seater")


def tokenize(text: str) -> list[list[str]]:
    """Sentences of lower-case word tokens (commas kept; long misspelt words corrected)."""
    text = re.sub(r"\s[-–—]+\s|•", ", ", text)  # a spaced dash or a bullet separates list items
    text = re.sub(r"\b[wW]/[oO]\b", " without ", text)  # "a kitchen w/o microwave"
    text = re.sub(r"\b[wW]/(?=\s|[a-zA-Z])", " with ", text)  # "island w/ 3 stools"
    text = re.sub(r"(\d+)\s*\+", r"at least \1", text)  # "4+ chairs"
    text = re.sub(r"\s*\+\s*", " and ", text)  # "a desk + lamp", "table+chairs"
    text = re.sub(r"\s*×\s*", " x ", text)
    text = _COMPOUND_NUMBER.sub(lambda m: f"{NUMBERS.get(m[1], m[1])}{m[2]}", text.lower())  # "a three-seater sofa" is one sofa
    text = re.sub(r"\b([a-z]+)-(out|in|up|down|off|away|over)\b", r"\1\2", text)  # "a fold-out table", "a walk-in shower": one word
    text = text.replace("-", " ").replace("_", " ").replace("’", "'").replace("‘", "'")
    text = text.translate(str.maketrans("àáâäçèéêëìíîïñòóôöùúûü", "aaaaceeeeiiiinoooouuuu"))
    out = []
    for s in re.split(r"[.;!?:\n()\[\]]+(?!\d)", text):
        tokens = [_correct(t) for t in re.findall(r"[a-z0-9']+|,|/|&", s)]
        tokens = ["and" if t in ("&", "/") else t.strip("'") for t in tokens]
        tokens = _counted_after([t for t in tokens if t])
        for k in range(len(tokens) - 2):
            if tokens[k : k + 3] == ["no", "need", "for"]:  # "no need for a TV": without one
                tokens[k : k + 3] = ["without"]
            if tokens[k] in ("centred", "centered", "centrally") and tokens[k + 1 : k + 3] in (["in", "the"], ["within", "the"]):
                tokens[k : k + 3] = ["in", "the", "middle", "of", "the"]  # "a table centred in the room"
        for k in range(len(tokens) - 1, 0, -1):  # "twenty four" -> "24"
            if tokens[k - 1] in ("twenty", *TENS) and tokens[k] in NUMBERS and 0 < NUMBERS[tokens[k]] < 10:
                tokens[k - 1 : k + 1] = [str(NUMBERS[tokens[k - 1]] + NUMBERS[tokens[k]])]
        if tokens:
            out.append(tokens)
    return out


_TIMES = re.compile(r"x(\d+)|(\d+)x")


def _counted_after(tokens: list[str]) -> list[str]:
    """A count written after its item ("workbench x2", "bar stools x 3") or as "2x" before it, moved
    to the item's start as a plain number; sizes ("5 x 4 m") stay as they are."""
    out = list(tokens)
    k = 0
    while k < len(out):
        m = _TIMES.fullmatch(out[k])
        if m and m.group(2):  # "2x monitors"
            out[k] = m.group(2)
        elif (m or (out[k] == "x" and k + 1 < len(out) and out[k + 1].isdigit())) and k > 0 and out[k - 1].isalpha() \
                and out[k - 1] not in _UNITS:
            count = m.group(1) if m else out[k + 1]
            del out[k : k + (1 if m else 2)]
            j = k
            while j > 0 and out[j - 1] not in BOUNDARY and out[j - 1] != "," and not out[j - 1].isdigit():
                j -= 1
            out.insert(j, count)
        k += 1
    return out


_UNITS = {"m", "cm", "mm", "ft", "feet", "foot", "metres", "meters", "metre", "meter", "in", "inches", "sqm", "m2"}


def spec_word(phrase: str, category: str) -> str:
    """The generic head for a one-word generic noun ("chairs" -> chair), else the category. A
    phrase of several words that names a category whose name also heads others names that one
    alone ("a teacher desk" -> teacher_desk, not every desk: the pupils' school desks are others)."""
    if " " in phrase:
        return _narrow(phrase, category)
    forms = [phrase[:-3] + "y" if phrase.endswith("ies") else None, phrase[:-2] if phrase.endswith("es") else None,
             phrase[:-1] if phrase.endswith("s") else None, phrase]
    for singular in forms:  # a generic head noun heads a category of several words ("chair": dining chair); "washer" does not
        if singular and catalog.resolve(singular) == category and len(categories_for(singular)) > 1 and _headed(singular):
            return singular
    return category


def _narrow(phrase: str, category: str) -> str:
    """A spec word for ``category`` alone where its name covers other categories placed the same
    way ("desk": school desks, reception desks): the phrase itself when it names only it, else a
    synonym that does; the name where the others stand elsewhere ("tv": a wall TV is a TV too)."""
    covered = catalog.covering(category)
    placement = catalog.BY_NAME[category].placement
    if len(covered) < 2 or any(catalog.BY_NAME[c].placement != placement for c in covered):
        return category
    for word in (phrase, *catalog.BY_NAME[category].synonyms):
        word = word.replace(" ", "_").replace("-", "_")
        if catalog.covering(word) == {category}:
            return word
    return category


# every ending of a category name after one of its underscores ("base_cabinet", "cabinet"), with how many names end so
_HEADS = Counter(suffix for c in catalog.CATEGORIES for suffix in {"_".join(c.name.split("_")[k:]) for k in range(1, c.name.count("_") + 1)})
_DETERMINER = re.compile(r"\d+|a|an|the|one|two|three|four|five|six|some|any|no|this|that|these|those|my|our|its|their|each|every|,|and|or|with")


def _generic_head(word: str) -> str | None:
    """The singular of a word that ends the names of at least two categories ("shelf", "shelves":
    wall_shelf, display_shelf ...), else None."""
    forms = [word, word[:-1] if word.endswith("s") else None, word[:-2] if word.endswith("es") else None,
             word[:-3] + "f" if word.endswith("ves") else None, word[:-3] + "y" if word.endswith("ies") else None]
    for form in forms:
        if form and len(form) >= 4 and _headed(form) >= 2:
            return form
    return None


def _headed(word: str) -> int:
    """How many category names of several words end with ``word`` ("chair": dining_chair, ...)."""
    return _HEADS.get(word.replace(" ", "_"), 0)


def match_object(tokens: list[str], i: int) -> tuple[int, str] | None:
    """(length, spec word) of the object named at ``i``, if any."""
    for n in range(min(4, len(tokens) - i), 0, -1):
        phrase = " ".join(tokens[i : i + n])
        if "," in tokens[i : i + n] or phrase in ARCH or phrase in NUMBERS or phrase in VAGUE:
            continue
        category = catalog.resolve(phrase)
        if category is None and n == 1 and (phrase not in _VERBS or (i > 0 and tokens[i - 1] in ("a", "an"))) \
                and (i == 0 or _DETERMINER.fullmatch(tokens[i - 1]) or tokens[i - 1] in ADJECTIVES):  # ("a stand": no verb)
            generic = _generic_head(phrase)  # a head noun of several categories that none of them is called ("a shelf", not "a wine rack")
            if generic:
                return n, generic
        if category is None or category in ("door", "window"):
            continue
        nxt = tokens[i + n] if i + n < len(tokens) else ","
        if n == 1 and (phrase.rstrip("s") in AMBIGUOUS or phrase in AMBIGUOUS) and not (nxt in BOUNDARY or nxt in NUMBERS or _phrase_at(tokens, i + 1)):
            continue
        return n, spec_word(phrase, category)
    return None


_ROUND_WHAT = {"it", "them", "the", "each", "this", "that", "these", "those", "their", "his", "her", "our", "my", "your", "every", "both"}


def _phrase_at(tokens: list[str], i: int) -> tuple[int, str] | None:
    for words, rel in PHRASES:
        if tuple(tokens[i : i + len(words)]) == words:
            if words[-1] == "round" and (i + len(words) >= len(tokens) or tokens[i + len(words)] not in _ROUND_WHAT):
                continue  # "chairs round it" is around; "a round table" is its shape
            if words == ("stacked",) and not (i + 1 >= len(tokens) or tokens[i + 1] in BOUNDARY or tokens[i + 1] in (".", ";", ":")
                                              or (_phrase_at(tokens, i + 1) or (0, ""))[1] not in ("", "on", "on_top", "above", "below")):
                continue  # "a dryer stacked on the washer": the relation is the next words'; "a stacked washer": how it stands
            return len(words), rel
    return None


_INSTEAD = (["instead", "of"], ["rather", "than"])  # "X instead of Y": Y is ruled out


def _negated(tokens: list[str], j: int) -> bool:
    """Whether a negation stands in the few words before ``j`` ("don't add a", "there should be no")."""
    k = j - 1
    while k >= 0 and j - k <= 4:
        tok = tokens[k]
        if tok in NEGATORS and not (tok == "do" and (k + 1 >= len(tokens) or tokens[k + 1] != "not")) and tok != "leave":
            return True
        if tokens[k - 1 : k + 1] in _INSTEAD:
            return True  # "open shelves instead of wall cupboards", "a sofa rather than armchairs"
        if tok == "leave" and ("out" in tokens[j : j + 6] or tokens[k + 1 : k + 2] == ["out"]):
            return True  # "leave the TV out", "leave out the TV"
        if tok in BOUNDARY or (tok in ARCH and _phrase_at(tokens, k + 1)) or match_object(tokens, k):  # ("no windows behind the screen")
            return False
        k -= 1
    return False


_NAMES = frozenset(" ".join(w.lower().replace("_", " ").replace("-", " ").split()) for c in catalog.CATEGORIES for w in (c.name, *c.synonyms))
# the catalogue's words in the singular (its synonym lists also hold plurals) and not mass nouns ("shelving", "seating")
SINGULAR_WORDS = frozenset(w for w in _NAMES if not (w.endswith("s") and (w[:-1] in _NAMES or w[:-2] in _NAMES or w[:-3] + "y" in _NAMES))
                           and not w.endswith("ing"))


def _kinds(word: str) -> list[catalog.Category]:
    """The catalogue categories ``word`` names (itself, or all it covers)."""
    return [catalog.BY_NAME[c] for c in (categories_for(word) | {word}) if c in catalog.BY_NAME]


def _covering(word: str) -> bool:
    """Whether ``word`` names a rug: a flat covering furniture stands on."""
    kinds = _kinds(word)
    return bool(kinds) and all(c.placement == "floor" and not c.counts_as_object for c in kinds)


def _sat_at(word: str) -> bool:
    """Whether ``word`` can name a piece people sit at ("a table", "a desk", "a bar"; not "a coffee table")."""
    return any(c.name in catalog.SAT_AT for c in _kinds(word))


def _sitter(word: str) -> bool:
    """Whether ``word`` can name a seat one pulls up to a table ("chairs", "stools"; not "armchairs")."""
    return any(c.name in catalog.PULL_UP_SEATS for c in _kinds(word))


_SEATING = (["enough"], ["right", "number", "of"], ["correct", "number", "of"], ["right", "amount", "of"])


def _as_many_as_seat(tokens: list[str], start: int) -> bool:
    """Whether the words before ``start`` leave a count to the tables it goes with ("enough chairs",
    "the right number of chairs"): as many as the tables seat."""
    return any(tokens[max(0, start - len(words)) : start] == words for words in _SEATING)


_SEATER = re.compile(r"(\d+)(?:person|people|seat|seater|top|cover)s?")


def _seated_by(words: list[str]) -> int:
    """How many a table's own words say it seats ("a 6-seater table", "two-person tables"), else 0."""
    for w in words:
        if (m := _SEATER.fullmatch(w)) and 1 < int(m[1]) <= 24:
            return int(m[1])
    return 0


def _seats(tokens: list[str], k: int) -> tuple[int, int]:
    """(how many, words used) where the words at ``k`` after a table say how many it seats: "seating
    eight", "that seats 6", "for four people"; (0, 0) otherwise."""
    j = k + (tokens[k : k + 1] in (["that"], ["which"], ["to"]))
    if j >= len(tokens) or tokens[j] not in ("seating", "seats", "seat", "sits", "for", "of"):
        return 0, 0
    if j + 1 >= len(tokens) or not (tokens[j + 1].isdigit() or tokens[j + 1] in NUMBERS):
        return 0, 0
    n = int(tokens[j + 1]) if tokens[j + 1].isdigit() else NUMBERS[tokens[j + 1]]
    end = j + 2 + (tokens[j + 2 : j + 3] in (["people"], ["persons"], ["guests"], ["diners"], ["adults"], ["kids"], ["children"], ["pax"]))
    if tokens[j] == "of" and end == j + 2 and end < len(tokens) and tokens[end].isalpha() and tokens[end] not in BOUNDARY:
        return 0, 0  # "tables of four" seat four; "a table of 4 drawers" is no seating
    return (n, end - k) if 1 < n <= 24 else (0, 0)


_OWNERS = {"teacher", "doctor", "nurse", "librarian", "receptionist", "manager", "boss", "chef", "host", "dad", "mum", "mom", "father",
           "mother", "baby", "dentist", "vet", "barista", "cashier", "ceo", "director", "secretary", "therapist", "coach", "instructor"}  # whose piece it is

# who a room is for: "an office for 4 persons", then "each person has a desk and a chair": four of each
PEOPLE = {"people", "persons", "pupils", "students", "kids", "children", "employees", "staff", "workers", "users", "guests", "members",
          "learners", "adults", "colleagues", "patients", "players", "diners", "customers"}
PERSON = {"person", "pupil", "student", "kid", "child", "employee", "worker", "user", "guest", "member", "learner", "adult", "colleague",
          "patient", "player", "diner", "customer"}
_HEADCOUNT = re.compile(r"\bfor\s+(\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")\s+(" + "|".join(sorted(PEOPLE)) + r")\b")


def headcount(text: str) -> int:
    """How many people the instruction says the room is for ("for 4 persons"), else 0."""
    m = _HEADCOUNT.search(text.lower())
    if not m:
        return 0
    n = int(m.group(1)) if m.group(1).isdigit() else NUMBERS[m.group(1)]
    return n if 1 < n <= 60 else 0


_AMOUNT_WORDS = {"a", "an", "all", "some", "any", "of", "couple", "pair", "bunch", "loads", "load", "lots", "lot", "plenty", "few", "several",
                 "many", "two", "three", "four", "five", "six"}


def _noun_at(tokens: list[str], j: int) -> int:
    """Where the noun of a list item at ``j`` starts, past its determiners, amount and adjectives
    ("the", "loads of", "two", "big")."""
    while j < len(tokens) and (tokens[j] in DEFINITE or tokens[j] in _AMOUNT_WORDS or tokens[j].isdigit() or tokens[j].endswith("'s")
                               or (tokens[j] in ADJECTIVES and not (match_object(tokens, j) and not match_object(tokens, j + 1)))):
        j += 1
    return j


def _hung(word: str) -> bool:
    """Whether every piece ``word`` names hangs from the ceiling (a pendant light, a ceiling fan)."""
    kinds = _kinds(word)
    return bool(kinds) and all(c.placement == "ceiling" for c in kinds)


def _small(word: str) -> bool:
    """Whether ``word`` names a small thing that stands on a top or a shelf ("a lamp": a table lamp)."""
    return any(c.placement == "on_top" for c in _kinds(word))


def _small_run_end(tokens: list[str], k: int) -> int:
    """Where a list of small things after "with" (at ``k``) ends: "a desk with two monitors, a lamp
    and a mug" (each item a thing that stands on a top), or 0 when its first item is not one."""
    j, end = k, 0
    while j < len(tokens):
        j = _noun_at(tokens, j)
        found = match_object(tokens, j) if j < len(tokens) else None
        if not found or not _small(found[1]):
            return end
        j = end = j + found[0]
        if j + 1 < len(tokens) and tokens[j] in (",", "and", "&"):
            j += 2 if tokens[j : j + 2] == [",", "and"] else 1
            continue
        return end
    return end


def _purpose_end(tokens: list[str], k: int) -> int:
    """Where the objects a piece is said to be for ("for (the) towels", "for books and toys") end,
    or 0 when no object follows "for" (at ``k``) before other words ("for reading", "for two")."""
    j, end = k, 0
    while j < len(tokens):
        j = _noun_at(tokens, j)
        found = match_object(tokens, j) if j < len(tokens) else None
        if not found:
            return end
        j = end = j + found[0]
        if j + 1 < len(tokens) and tokens[j] in ("and", "or") and tokens[j + 1] not in ("a", "an", "one") and not tokens[j + 1].isdigit() \
                and tokens[j + 1] not in NUMBERS:
            j += 1  # "for books and toys"; "for towels and a mirror" asks for the mirror
            continue
        return end
    return end


def _holds(word: str, tokens: list[str], start: int, end: int) -> bool:
    """Whether the piece ``word`` has tops or shelves and every object between ``start`` and ``end``
    is a small thing that goes on them ("a shelf for stuffed animals", "a cabinet for the towels")."""
    if not any(catalog.BY_NAME[c].supports for c in (categories_for(word) | {word}) if c in catalog.BY_NAME):
        return False
    j, small = start, False
    while j < end:
        found = match_object(tokens, j)
        if found:
            if not _small(found[1]):
                return False
            small, j = True, j + found[0]
        else:
            j += 1
    return small


def _tops(word: str) -> bool:
    """Whether every piece ``word`` names has a top, shelves or an inside to hold things (not a
    bed's or sofa's seat only, where only soft things go)."""
    kinds = _kinds(word)
    return bool(kinds) and all(set(c.supports) & {"top", "shelf", "shelves", "inside"} for c in kinds)


_SWAPS = {"swap", "switch", "replace", "exchange", "trade", "change", "substitute", "swapped", "replaced", "changed"}
_IMPLIED = ("(with it)", "(for it)")  # the words of a relation "with" or "for" implies: "a desk with a lamp", "a shelf for books"

_UNWANTED = {"needed", "necessary", "required", "wanted", "please", "allowed", "welcome"}


def _negated_after(tokens: list[str], k: int) -> bool:
    """Whether the words after an object rule it out: "drip stand not needed", "a TV is not
    necessary", "rugs aren't wanted"."""
    words = tokens[k : k + 3]
    if words[:1] in (["is"], ["are"]):
        words = words[1:]
    if words[:1] in (["isn't"], ["aren't"], ["isnt"], ["arent"]):
        return words[1:2] != [] and words[1] in _UNWANTED
    return words[:1] == ["not"] and words[1:2] != [] and words[1] in _UNWANTED


def _each_alone(tokens: list[str], k: int) -> bool:
    """Whether "each" (or "every one", "both") at ``k`` ends the phrase, its noun left out: "a lamp
    on each", "a couple of chairs each"."""
    words = 2 if tokens[k : k + 2] in (["every", "one"], ["each", "one"]) else 1 if k < len(tokens) and tokens[k] in ("each", "both") else 0
    return bool(words) and (k + words >= len(tokens) or tokens[k + words] in BOUNDARY)


def _negation_goes_on(tokens: list[str], start: int) -> bool:
    """Whether a list item starting at ``start``, right after a ruled-out object, is ruled out too:
    joined by "and", "or" or "nor" ("no TV or rug"), or by a comma in a list that goes on to "or"
    or "nor" ("no TV, rug or plants"); not a comma alone ("no rug, floor lamp by the sofa")."""
    if start == 0 or tokens[start - 1] != ",":
        return True
    for tok in tokens[start:]:
        if tok in ("or", "nor"):
            return True
        if tok in ("and", "with", "but", "plus", "also"):
            return False
    return False


_FUNCTION_WORDS = SKIPPABLE | BOUNDARY | NEGATORS | set(NUMBERS) | set(VAGUE) | set(ARCH) | {w for p, _ in _PHRASES_LIST for w in p} | {"of", "in"}


def _describing(tok: str) -> bool:
    """Whether a word before a noun only describes it: an adjective, a style or size word, a
    possessive ("the teacher's desk") or a word the vocabulary does not know ("executive desk")."""
    return (tok in ADJECTIVES or tok in STYLE_WORDS or tok in SIZE_WORDS or tok.endswith("'s")
            or (tok.isalpha() and tok not in _VERBS and tok not in NOT_NOUNS and tok not in _FUNCTION_WORDS
                and (tok not in _KNOWN or (tok in _VOCABULARY and catalog.resolve(tok) is None))))


def _item_start(tokens: list[str], i: int) -> bool:
    """Whether only describing words (at most two not known as adjectives) stand between the
    start of a sentence or a list item and ``i``."""
    j, unknown = i - 1, 0
    while j >= 0 and (tokens[j] in ADJECTIVES or (unknown < 2 and _describing(tokens[j]))):
        unknown += tokens[j] not in ADJECTIVES
        j -= 1
    return j < 0 or tokens[j] in (",", "and", "plus", "also", "with")


def _bare_singular(tokens: list[str], i: int, n: int) -> bool:
    """Whether the object at ``i`` is a singular noun without any determiner that opens a sentence
    or an item of a list: "Kitchen: fridge, oven and 4 bar stools", "round table, four chairs"."""
    return " ".join(tokens[i : i + n]) in SINGULAR_WORDS and _item_start(tokens, i)


def _plural(tokens: list[str], i: int, n: int) -> bool:
    """Whether the object named by the ``n`` words at ``i`` is named in the plural ("posters", "framed prints")."""
    phrase = " ".join(tokens[i : i + n])
    return phrase not in SINGULAR_WORDS and phrase.endswith("s") and not phrase.endswith("ss")


def _bare_plural(tokens: list[str], i: int, n: int) -> bool:
    """Whether the object at ``i`` is a plural without a determiner ("with plants", "yoga mats")."""
    return _plural(tokens, i, n) and (i == 0 or tokens[i - 1] not in DEFINITE)


NOT_NOUNS = {"please", "too", "also", "here", "there", "now", "again", "instead", "rather", "as", "well", "upstairs", "downstairs", "inside",
             "outside", "nearby", "only", "each", "every", "both", "all", "together", "is", "are", "should", "would", "could", "will",
             "can", "must", "may", "might", "if", "then", "than", "so", "because", "since", "ideally", "maybe", "perhaps", "thanks",
             "thank", "etc", "included", "includes", "including", "pls", "plz", "thx", "yet", "anymore", "either", "though", "tho",
             "lol", "haha", "obviously", "definitely", "definately", "really", "anyway", "shown", "needed", "asap", "ok", "okay",
             "down", "up", "out", "off", "away", "anywhere", "everywhere", "somewhere", "nowhere", "elsewhere", "whatsoever",
             "nothing", "anything", "something", "everything",
             "i", "me", "we", "us", "you", "he", "him", "she", "her", "they", "them", "it", "everyone", "everybody", "someone", "anyone"}


def _compound(tokens: list[str], i: int, n: int, word: str) -> bool:
    """Whether the object words at ``i`` only modify the noun after them ("a shower curtain", "a
    table saw", "a toilet roll holder"): then the phrase names a thing the catalogue lacks."""
    return _modified_by(tokens, i + n) > 0


def _modified_by(tokens: list[str], k: int) -> int:
    """How many nouns (one or two) right after an object's words make it a modifier of them: they
    are no function words, adjectives, verbs or objects, and the phrase ends after them."""
    m = k
    while m < len(tokens) and m - k < 2 and _noun_like(tokens, m):
        m += 1
    if m == k:
        return 0
    after = tokens[m] if m < len(tokens) else ","
    return m - k if (after in BOUNDARY or after == "," or _phrase_at(tokens, m) or after in NOT_NOUNS or after in _VERBS) else 0


def _noun_like(tokens: list[str], k: int) -> bool:
    nxt = tokens[k]
    return not (not nxt.isalpha() or nxt in BOUNDARY or nxt in NOT_NOUNS or nxt in NEGATORS or nxt in DEFINITE or nxt in ADJECTIVES
                or nxt in NUMBERS or nxt in _VERBS or nxt.endswith(("ly", "ed", "ing")) or _phrase_at(tokens, k) or match_object(tokens, k)
                or nxt in ARCH or nxt in ("a", "an"))


def _quantity(tokens: list[str], start: int) -> tuple[str | None, int, int]:
    """The quantity written before the object starting at ``start`` (adjectives may intervene),
    and where its words begin."""
    j = start - 1
    skipped = 0
    while j >= 0 and (skipped <= 2 or (skipped <= 4 and all(map(_describing, tokens[j + 1 : start])))):  # "a modern grey L-shaped sofa"
        tok = tokens[j]
        if tok.isdigit() or tok in NUMBERS or tok == "dozen":
            n = int(tok) if tok.isdigit() else NUMBERS.get(tok, 12)
            if tok == "dozen" and tokens[max(0, j - 2) : j] == ["half", "a"]:  # "half a dozen": six
                n, j = 6, j - 2
            for words, quant in BOUNDS:
                if tuple(tokens[max(0, j - len(words)) : j]) == words:
                    quant, n = {"gt": ("ge", n + 1), "lt": ("le", max(0, n - 1))}.get(quant, (quant, n))
                    return quant, n, j - len(words)
            if tok == "one" and j >= 1 and tokens[j - 1] in ("only", "just"):
                return "eq", 1, j - 1
            if tok == "one" and tokens[j + 1 : j + 2] == ["of"]:  # "one of the lamps"
                return "eq", 1, j
            return "eq", n, j
        if tok in ("a", "an", "single", "another"):
            if tok == "single" and j >= 1 and tokens[j - 1] in ("a", "one"):
                j -= 1
            return ("eq", 0, j) if _negated(tokens, j) else ("eq", 1, j)
        if tok == "of" and j >= 1 and tokens[j - 1] in ("pair", "couple"):
            k = j - 2 if j >= 2 and tokens[j - 2] in ("a", "one") else j - 1
            return ("eq" if tokens[j - 1] == "pair" else "ge"), 2, k  # a pair is two; a couple, two or so
        if tok == "twin" and (j == 0 or tokens[j - 1] not in ("a", "an", "one")) and tokens[start + 0].endswith("s"):
            return "eq", 2, j  # "twin beds"
        if tok == "of" and j >= 1 and tokens[j - 1] in ("lots", "lot", "plenty", "loads", "bunch", "number", "range", "variety", "set", "few",
                                                         "rows", "row", "lines", "line", "stack", "stacks", "pile", "piles", "collection") \
                and not (j >= 2 and (tokens[j - 2].isdigit() or tokens[j - 2] in NUMBERS)):  # "three rows of chairs": the number counts
            quant, n = VAGUE.get(tokens[j - 1], ("ge", 2))
            return quant, n, j - 1
        if tok in VAGUE:
            quant, n = VAGUE[tok]
            if tok != "no" and _negated(tokens, j):
                return "eq", 0, j
            found = match_object(tokens, start) if (quant, n) == ("ge", 1) else None
            if found and _plural(tokens, start, found[0]):
                n = 2  # "some posters": more than one, as "posters" is
            return quant, n, j
        if tok == "without":
            return "eq", 0, j
        if tok in DEFINITE and tokens[max(0, j - 2) : j] == ["one", "of"] and tok in ("those", "these"):
            return "eq", 1, j - 2  # "one of those coat stands": one
        if tok in DEFINITE:
            return ("eq", 0, j) if _negated(tokens, j) else (None, 0, j)  # "leave out the TV", "without the rug"
        if tok in BOUNDARY or tok in ARCH or _phrase_at(tokens, j) or match_object(tokens, j):
            break
        j -= 1
        skipped += 1
    if _negated(tokens, start):
        return "eq", 0, start
    return None, 0, start


ARRANGEMENTS = {"row", "rows", "line", "lines", "column", "columns", "circle", "semicircle", "semi-circle", "ring", "pairs", "pair",
                "grid", "cluster", "clusters", "group", "groups", "horseshoe", "u", "u-shape", "arc", "block", "blocks", "island", "islands"}


def _arranged_end(tokens: list[str], i: int) -> int:
    """Where words at ``i`` that only say how pieces are arranged end ("in two rows of four", "in a
    row", "in a circle", "in groups of four", "in a U shape"), else 0: the pieces' own phrase goes
    on after them ("desks in rows facing the board", "... each with a monitor")."""
    if tokens[i : i + 1] != ["in"]:
        return 0
    j = i + 1
    if j < len(tokens) and (tokens[j] in ("a", "an", "one", "neat", "long", "straight", "tidy") or tokens[j].isdigit() or tokens[j] in NUMBERS):
        j += 1
    if j >= len(tokens) or tokens[j] not in ARRANGEMENTS:
        return 0
    j += 1 + (tokens[j + 1 : j + 2] in (["shape"], ["formation"], ["layout"]))
    if tokens[j : j + 1] == ["of"] and j + 1 < len(tokens) and (tokens[j + 1].isdigit() or tokens[j + 1] in NUMBERS):
        j += 2
    return j


def _walls_counted(words: list[str]) -> int:
    """How many walls a relation's words name, when more than one: "along three walls" 3, "on
    every wall", "on all the walls", "each wall" 4 ("all three walls" 3), "both side walls" 2;
    else 0 ("on the wall", "along the walls")."""
    number = next((int(t) if t.isdigit() else NUMBERS[t] for t in words if t.isdigit() or (t in NUMBERS and t not in ("a", "one"))), 0)
    if number >= 2:
        return number
    if "both" in words:
        return 2
    return 4 if any(t in ("every", "each", "all") for t in words) else 0


def _skippable(tokens: list[str], j: int, i: int) -> bool:
    """Whether the word at ``j`` may stand between a relation phrase (at ``i``) and its object:
    determiners, wall words, adjectives, "all", and a number after "the" or "of"."""
    tok = tokens[j]
    return (tok in SKIPPABLE or tok in ADJECTIVES or tok in ("all", "both") or bool(_NUMBERED.fullmatch(tok)) or tok.endswith("'s")
            or (tok in NUMBERS and j > i and (tokens[j - 1] in DEFINITE or tokens[j - 1] == "of")))


def _side_at(tokens: list[str], j: int) -> bool:
    """Whether "side" at ``j`` is a side of the room, a wall: "along one side", "on
    the left side (of the room)", "along both sides"; not "the other side" (the far end), "a side
    table", "the side wall" (read as a wall already) nor "the side of the bed"."""
    nxt = tokens[j + 1] if j + 1 < len(tokens) else ","
    return tokens[j] in ("side", "sides") and j > 0 and tokens[j - 1] != "other" and (
        (nxt != "of" and (not nxt.isalpha() or nxt in BOUNDARY or nxt in NOT_NOUNS or bool(_phrase_at(tokens, j + 1))))
        or tokens[j + 1 : j + 4] == ["of", "the", "room"])


def _reference(tokens: list[str], i: int) -> tuple[int, str, str, int, str | None] | None:
    """What a relation phrase at ``i`` points at: (tokens used, kind, word, where the word starts,
    wall), kind being 'object', 'arch', 'pronoun' or 'middle_of' (the middle of an object)."""
    j = i
    wall = None
    if tokens[j : j + 2] in (["each", "of"], ["every", "one"], ["both", "of"], ["all", "of"]):  # "on each of the two nightstands"
        j += 3 if tokens[j + 1] == "one" and tokens[j + 2 : j + 3] == ["of"] else 2
    while j < len(tokens) and j - i < 5 and _skippable(tokens, j, i) and not match_object(tokens, j):
        if tokens[j] in WALL_WORDS and j + 1 < len(tokens) and tokens[j + 1] in ("wall", "walls", "side", "corner"):
            wall = WALL_WORDS[tokens[j]]
        if _side_at(tokens, j):
            break  # "along one side": the side is what the phrase points at
        j += 1
    if j >= len(tokens):
        return None
    if tokens[j] in PRONOUNS:
        return j + 1 - i, "pronoun", tokens[j], j, None
    if j + 1 < len(tokens) and tokens[j + 1] in ARCH and tokens[j].isalpha() and not match_object(tokens, j) and tokens[j] not in BOUNDARY:
        j += 1  # "the kitchen door", "the bay window": the door, the window
    found = match_object(tokens, j)
    if found:
        return j + found[0] - i, "object", found[1], j, None
    if _side_at(tokens, j):
        return j + 1 - i + 3 * (tokens[j + 1 : j + 2] == ["of"]), "arch", "side", j, None  # "a bar along one side (of the room)": a wall
    if tokens[j] in ARCH and ARCH[tokens[j]] in ("window", "door") and j + 1 < len(tokens) and tokens[j + 1] in ("wall", "side"):
        wall, j = ARCH[tokens[j]], j + 1  # "the window wall"
    if tokens[j] in ARCH:
        k = j + 1
        if tokens[k : k + 2] == ["of", "the"] and k + 2 < len(tokens):
            inner = match_object(tokens, k + 2)
            if inner and ARCH[tokens[j]] == "middle":
                return k + 2 + inner[0] - i, "middle_of", inner[1], k + 2, None
            side = tokens[k + 2] if tokens[k + 2] in WALL_WORDS and tokens[k + 3 : k + 4] == ["wall"] else None
            if ARCH[tokens[j]] == "middle" and (side or tokens[k + 2] == "wall"):  # "in the middle of the back wall": centred against it
                return k + 3 + (side is not None) - i, "arch", "side", j, WALL_WORDS[side] if side else None
            if tokens[k + 2] == "room":
                k += 3
        if ARCH[tokens[j]] == "wall" and tokens[k : k + 2] == ["with", "the"] and k + 2 < len(tokens) and tokens[k + 2] in ARCH:
            wall = {"window": "window", "door": "door"}.get(ARCH[tokens[k + 2]], wall)
            k += 3
        return k - i, "arch", ARCH[tokens[j]], j, wall
    return None


# ---------------------------------------------------------------- reading objects


class Mention:
    def __init__(self, word: str, quantifier: str | None, quantity: int, phrase: str) -> None:
        self.word = word  # spec word: a category or a generic head noun
        self.quantifier = quantifier  # eq / ge / le; None: named without a quantity
        self.quantity = quantity
        self.phrase = phrase
        self.links: list[tuple[str, object, str | None, str]] = []  # (relation, Mention or arch word, wall, phrase)
        self.each = False
        self.vague = False  # a bare plural ("nightstands"): more than one, how many not said
        self.seating = False  # "enough chairs", "the right number of chairs": as many as the tables seat
        self.together = False  # "side by side", "next to each other": beside one another
        self.facing = False  # "facing each other": turned to one another


class _Reader:
    def __init__(self, room_type: str | None = None, people: int = 0) -> None:
        self.allowed = frozenset(c.name for c in catalog.for_room(room_type)) if room_type else None  # what the room may hold
        self.seats: list[tuple[Mention, int]] = []  # tables said to seat so many ("a table for six")
        self.people = people  # how many the room is for ("an office for 4 persons")
        self.mentions: list[Mention] = []
        self.unknown: list[Unknown] = []
        self._pending: tuple[str, str, str | None] | None = None
        self._anchor: tuple[Mention, int] | None = None  # the object a relation last pointed at, and where its words end
        self._void = False  # the subject is a thing the catalogue lacks: its relations go nowhere

    def relate(self, rel: str, subject: list[Mention], target, wall: str | None = None, words: str = "") -> None:
        if rel == "against" and isinstance(target, Mention):  # "stools along the island": beside it
            rel = "next_to"
        if rel in ("on", "on_top") and isinstance(target, Mention) and _covering(target.word) and not any(map(_covering, (m.word for m in subject))):
            self.relate("below", [target], subject[-1], words=words)  # "a coffee table on a rug": the rug lies under it
            return
        if rel in ("on", "on_top") and isinstance(target, Mention) and len(subject) > 1 and any(_small(m.word) for m in subject):
            subject = [m for m in subject if _small(m.word)]  # "a water cooler and magazines on a coffee table": the magazines
        for m in subject:
            if rel == "both_sides" and m.quantifier == "eq" and m.quantity == 1:  # "a nightstand on both sides of the bed": two
                m.quantity = 2
            elif rel == "both_sides" and (m.quantifier, m.quantity) == ("ge", 2) and m.vague:  # "nightstands on both sides": one a side
                m.quantifier = "eq"
            if isinstance(target, Mention) and (target is m or target.word == m.word):
                continue
            if words not in _IMPLIED:  # a relation said outright replaces the one "with" or "for" implied ("with a microwave on top")
                m.links = [link for link in m.links if link[3] not in _IMPLIED]
            if (rel, target, wall) not in [link[:3] for link in m.links]:
                m.links.append((rel, target, wall, words))

    def sentence(self, tokens: list[str]) -> None:
        current: list[Mention] = []  # the object group the next relation is about
        previous: list[Mention] = []  # the group before it ("it", implicit references)
        pending: tuple[str, str, str | None] | None = None  # an architectural relation written before its subject
        flanked: tuple[Mention, str] | None = None  # "X flanked by Y": Y goes on both sides of X; "surrounded by": around it
        purpose: tuple[Mention, int, str] | None = None  # "shelves for books": the piece, where the small things end, the word
        seated: tuple[Mention, int] | None = None  # "a table with six chairs": the piece sat at, where the words after "with" start
        joined = after_mention = False
        connector = None
        group = False  # the group shares what follows: "a desk and chair by the window", "... both by the window"
        comma = False
        last_end, last_new = -1, None  # where the last object's words end; its mention when that was new
        apiece = False  # after "each person": one each of what follows, for each of ``self.people``
        per_each: Mention | None = None  # "tables each with four chairs": the tables, while their items are read
        i = 0
        self._anchor = None
        while i < len(tokens):
            if self._anchor and self._anchor[1] == i and tokens[i] == "," and tokens[i + 1 : i + 2] and tokens[i + 1] in ("that", "which", "who"):
                self._anchor = (self._anchor[0], i + 1)  # "on each of two nightstands, which sit ..."
                i += 1
                continue
            if tokens[i] in ("that", "which", "who") and self._anchor and self._anchor[1] == i:
                k = i + 1 + (tokens[i + 1 : i + 2] and tokens[i + 1] in _LINKING)
                if _phrase_at(tokens, k):  # "a desk that faces the window": the clause is about the desk
                    previous, current = (current or previous), [self._anchor[0]]
                    i = k
                    continue
            if self._anchor and self._anchor[1] == i and tokens[i] in _PARTICIPLES and _phrase_at(tokens, i + 1):
                previous, current = (current or previous), [self._anchor[0]]  # "beside a bed placed against the wall": the bed
                i += 1
                continue
            if current and i == last_end and tokens[i] == "wall" and (kinds := _kinds(current[-1].word)) \
                    and all(c.placement == "wall" for c in kinds):
                self._arch("on", current[-1:], "wall", None, f"{current[-1].phrase} wall")  # "a chalkboard wall": the chalkboard on a wall
                i = last_end = i + 1
                continue
            if current and i == last_end and (arranged := _arranged_end(tokens, i)):  # "8 desks in two rows of four, each with a monitor"
                i = last_end = arranged
                continue
            if self.people and tokens[i] in ("each", "every") and tokens[i - 1 : i] not in (["for"], ["per"]) and (
                    tokens[i + 1 : i + 2] and tokens[i + 1] in PERSON
                    or tokens[i - 1 : i] == [","] and tokens[i + 1 : i + 2] in (["with"], ["has"], ["gets"])):
                apiece = True  # "for 4 persons. Each person has a desk", "for 20 students, each with a desk"
            if tokens[i] in ("also", "plus", "but", "then", "while", "except"):
                apiece = False
            if tokens[i] == "as" and current and i == last_end and tokens[i + 1 : i + 2] in (["a"], ["an"]) and match_object(tokens, i + 2):
                i += 2 + match_object(tokens, i + 2)[0]  # "a bookcase as a divider": what the bookcase does
                continue
            if current and i == last_end and (current[-1].word == "table" or current[-1].word.endswith("_table")):
                n, used = _seats(tokens, i)
                if n:  # "an oval table seating eight": eight chairs around it
                    self._seat(current[-1], n)
                    i += used
                    last_end = i if last_end == i - used else last_end  # ("three tables of four, each with a light": the tables')
                    continue
            if tokens[i] == "for" and current and tokens[i - 1] not in ("room", "space", "place", "spot", "enough") \
                    and not any(t in _SWAPS for t in tokens[:i]):  # ("swap the sofa for a loveseat": the loveseat is asked for)
                end = _purpose_end(tokens, i + 1) if tokens[i + 1 : i + 2] not in (["a"], ["an"], ["one"]) else 0  # ("the sofa for a loveseat")
                if end and _holds(current[-1].word, tokens, i + 1, end):  # "a shelf for stuffed animals": the toys go on it
                    purpose = (current[-1], end, "for")
                    i += 1
                    continue
                if end:  # "a desk by the window for light", "hooks for the bikes": what a piece is for is not asked for
                    i = end
                    continue
            if tokens[i] in ("nothing", "something", "anything", "everything"):  # "nothing on the walls": not the bed's place
                previous, current, joined = [], [], False
                self._void = True
                i += 1
                continue
            phrase = _phrase_at(tokens, i)
            obj = match_object(tokens, i)
            if phrase and not (obj and obj[0] > phrase[0]):
                shared = group or (i >= 1 and tokens[i - 1] in ("both", "all", "together", "each")) or (
                    phrase[1] in ("on", "on_top") and len(current) > 1 and all(_small(m.word) for m in current))  # "a kettle and a toaster on the counter"
                target = _reference(tokens, i + phrase[0])
                if shared and not previous and len(current) > 1 and target and target[1] == "pronoun":
                    shared = False  # "tables and chairs around them": the chairs around the tables
                before = previous if shared or len(current) < 2 else current[:-1]  # what "it" may refer to
                i = self._relation_at(tokens, i, phrase, current if shared else current[-1:], before)
                if i < 0:  # a relation with nothing to hang on yet
                    i, pending = -i, self._pending
                if phrase[1] in ("flanked_by", "surrounded_by") and current:
                    flanked = (current[-1], "both_sides" if phrase[1] == "flanked_by" else "surround")
                joined = after_mention = False
                continue
            if obj and _compound(tokens, i, obj[0], obj[1]):  # "a shower curtain", "a rocking chair": another thing
                n = obj[0] + _modified_by(tokens, i + obj[0])
                self._add_unknown(" ".join(tokens[i : i + n]), " ".join(tokens[max(0, i - 1) : i + n]))
                previous, current, joined = [], [], False
                self._void = True
                i += n
                continue
            here = self._in_room(obj[1], tokens[i + obj[0] - 1]) if obj else None  # what the word names in this room
            if obj and here is None:  # "a cake display" in a cafe is no computer screen
                self._add_unknown(" ".join(tokens[i : i + obj[0]]), " ".join(tokens[max(0, i - 1) : i + obj[0]]))
                previous, current, joined = [], [], False
                self._void = True
                i += obj[0]
                continue
            if obj:
                self._void = False
                n, word = obj[0], here
                if last_end == i and last_new is not None and current and current[-1] is last_new and not last_new.links:
                    overlap = match_object(tokens, i - 1)
                    if overlap and overlap[0] >= n + 1 and overlap[1] == last_new.word:
                        i += n  # "a room divider screen": a divider screen is the room divider still
                        last_end = i
                        continue
                    # "a sofa bed", "a toy storage box": the first noun modifies the second
                    self.mentions.remove(last_new)
                    current.pop()
                    quant, qty = last_new.quantifier, last_new.quantity
                    bare = last_new.phrase.split()[0] not in ("a", "an", "one", "single", "another") and not any(
                        t.isdigit() or t in NUMBERS or t in VAGUE for t in last_new.phrase.split())
                    if bare and (quant, qty) == ("eq", 1) and _bare_plural(tokens, i, n):
                        quant, qty = "ge", 2  # "a bookshelf with picture books": books, more than one
                    mention = self._add(word, quant, qty, f"{last_new.phrase} {' '.join(tokens[i : i + n])}")
                    mention.vague = mention.vague or (bare and quant == "ge")
                    if _sat_at(mention.word):
                        self._seat(mention, _seated_by(last_new.phrase.split()))  # "four 2-seater tables"
                    current.append(mention)
                    last_end, last_new = i + n, (mention if mention is self.mentions[-1] else None)
                    i += n
                    continue
                if previous and previous[-1].word == word and previous[-1].quantifier is not None and last_end >= 0 \
                        and tokens[last_end : last_end + 1] == ["with"] \
                        and all(t in ("a", "an", "one", "its") for t in tokens[last_end + 1 : i]) and not any(t in _SWAPS for t in tokens[:i]):
                    i += n  # "an oven with a hob": the oven's own hob, no second oven
                    last_end = i
                    continue
                quant, qty, qstart = _quantity(tokens, i)
                vague = False
                every = self._every(word) if quant is None and tokens[qstart] in ("each", "every") and qstart < i else None
                if every is not None:  # "six tables, each table with a vase": those tables, a vase on each
                    if tokens[i + n : i + n + 1] in (["with"], ["has"], ["gets"], ["needs"], ["holds"]):
                        per_each = every
                elif joined and current and current[-1].quantifier == "eq" and current[-1].quantity == 0 and _negation_goes_on(tokens, qstart):
                    if quant is None or (connector in ("or", "nor") and (quant, qty) == ("eq", 1)):
                        quant, qty = "eq", 0  # "no TV or rug"
                elif joined and current and quant is None and (current[-1].quantifier, current[-1].quantity) == ("eq", 1) \
                        and not tokens[i + n - 1].endswith("s"):
                    quant, qty = "eq", 1  # "a desk and chair"
                elif quant is None and _bare_singular(tokens, i, n):
                    quant, qty = "eq", 1  # "Kitchen: fridge, oven, 4 bar stools": one fridge
                elif quant is None and qstart == i and tokens[i] == "twin" and tokens[i + n - 1].endswith("s"):
                    quant, qty = "eq", 2  # "twin beds"
                elif quant is None and qstart == i and _bare_plural(tokens, i, n) and word in catalog.BY_NAME and word.endswith("s"):
                    quant, qty = "eq", 1  # "curtains", "coat hooks": the catalogue's one object of that name
                elif quant is None and qstart == i and _bare_plural(tokens, i, n):
                    quant, qty = "ge", 2  # "chairs", "yoga mats": more than one
                    vague = True
                after = tokens[i + n : i + n + 3]
                each_one = after[:1] in (["for"], ["per"]) and (after[1:2] and after[1] in PERSON or after[2:3] and after[2] in PERSON)
                if self.people and (apiece or each_one) and (quant is None or (quant, qty) == ("eq", 1)):
                    quant, qty = "eq", self.people  # "each person has a desk", "a chair for every child": one each
                seating = (_as_many_as_seat(tokens, qstart) or _as_many_as_seat(tokens, i)) and _sitter(word) \
                    and not any(t.isdigit() or t in NUMBERS for t in tokens[qstart:i])  # ("four matching chairs": four)
                if _negated_after(tokens, i + n):
                    quant, qty = "eq", 0  # "drip stand not needed"
                if tokens[max(0, qstart - 2) : qstart] in _INSTEAD:
                    quant, qty = "eq", 0  # "open shelves instead of wall cupboards": no wall cupboards
                    kinds = categories_for(word) | {word}
                    if any((categories_for(m.word) | {m.word}) & kinds and (m.quantifier, m.quantity) != ("eq", 0) for m in self.mentions):
                        i += n  # "two pendant lights rather than one big chandelier": the lights are asked for, not ruled out
                        continue
                if (quant, qty) == ("eq", 0) and any(t in MATERIALS for t in tokens[qstart:i]):
                    i += n  # "no glass tables": a kind of table the catalogue does not tell apart is ruled out, not every table
                    continue
                owner = next((t[:-2] for t in tokens[qstart:i] if t.endswith("'s") and t[:-2] in PERSON | _OWNERS), None)
                if quant is None and owner:
                    quant, qty = "eq", 1  # "my teacher's desk" after the pupils' desks: one more, the teacher's own
                if owner and word in catalog.BY_NAME:
                    word = _narrow(f"{owner} {word}", word)  # that desk alone, not every desk
                known = len(self.mentions)
                mention = every if every is not None else self._add(word, quant, qty, " ".join(tokens[qstart : i + n]))
                if vague and len(self.mentions) > known:
                    mention.vague = True
                mention.seating = mention.seating or seating
                if _sat_at(mention.word) and len(self.mentions) > known:
                    self._seat(mention, _seated_by(tokens[qstart:i]))  # "six two-person tables": two chairs at each
                last_end, last_new = i + n, (mention if len(self.mentions) > known else None)
                if joined and current:
                    group = len(current) == 1 and not comma and connector in ("and", "or") and qstart == i
                    current.append(mention)
                else:
                    previous, current = (current or previous), [mention]
                    group = comma = False
                others = current[:-1] or previous
                if others and _each_alone(tokens, i + n) and tokens[i + n] == "each" and tokens[i + n + 1 : i + n + 2] != ["with"]:
                    self._per_each([mention], others[-1])  # "five tables with two chairs each": ten
                if flanked:
                    self.relate(flanked[1], [mention], flanked[0], words="flanked by" if flanked[1] == "both_sides" else "surrounded by")
                    flanked = None
                if per_each is not None and mention is not per_each:
                    self._per_each([mention], per_each)
                    per_each = None
                if purpose and i < purpose[1]:
                    self.relate("on", [mention], purpose[0], words=f"({purpose[2]} it)")
                if seated is not None:
                    if seated[1] == qstart and mention is not seated[0] and _sitter(mention.word):
                        self._seat_at(mention, seated[0], tokens[qstart:i], "each" in tokens[i + n : i + n + 4])
                    seated = None
                if pending:
                    self._arch(pending[0], current, pending[1], pending[2])
                    pending = None
                joined, after_mention = False, True
                i += n
                continue
            if tokens[i] in ("and", "or", ",", "nor"):
                joined = after_mention and bool(current)
                connector = tokens[i] if tokens[i] != "," else connector
                comma = comma or (tokens[i] == "," and joined)
                if tokens[i] != ",":
                    after_mention = after_mention and joined
                if self._unknown_in_list(tokens, i, current):
                    previous, current, joined = [], [], False
                i += 1
                continue
            if tokens[i] == "with" and tokens[i - 1 : i] == ["each"] and current and (i == last_end + 1 or tokens[last_end : i - 1] == [","]
                                                                                     or (tokens[i - 2 : i - 1] == [","] and current[-1].together)):
                per_each = current[-1]  # "two tables each with four chairs": four at each table
            if tokens[i] == "with":
                right_after = current and (i == last_end or per_each is current[-1])  # ("two desks, each with a lamp": on each)
                if current and _sat_at(current[-1].word) and (right_after or self.mentions[-1] is current[-1]
                                                              and not {",", "and", ";", "."} & set(tokens[last_end:i])):
                    seated = (current[-1], i + 1)  # ("a table in the middle with six chairs": at the table too)
                end = _purpose_end(tokens, i + 1) if right_after else 0
                if end and _holds(current[-1].word, tokens, i + 1, end):  # "a desk with a lamp", "a bed with cushions": on it
                    purpose = (current[-1], end, "with")
                if right_after and _tops(current[-1].word):  # "a desk with two monitors, a lamp and a mug": all on it
                    end = _small_run_end(tokens, i + 1)
                    if end > (purpose[1] if purpose else 0):
                        purpose = (current[-1], end, "with")
                previous, current = (current or previous), []
                joined = False
            if (ARCH.get(tokens[i]) in ("window", "door") or tokens[i] in _ZONES) and _phrase_at(tokens, i + 1):  # "no windows behind the
                previous, current, joined = [], [], False  # screen", "the prep area behind the counter": not a piece named before
                self._void = True
            if self._unknown_after_article(tokens, i):  # "a hammock by the window": the unknown thing is the subject now
                previous, current, joined = [], [], False
                self._void = True
            after_mention = False
            i += 1

    def _in_room(self, word: str, last: str) -> str | None:
        """The category ``word`` (its noun ending in ``last``) names in this room: the one the room
        may hold, of the same kind of thing, whose name or synonym ends in that noun, when ``word`` is a category the room may
        not hold ("sinks" in a bathroom are its basins, a library's "trolley" its book cart); None
        for a word of several meanings ("display", "light") whose category the room does not hold;
        else ``word``."""
        if self.allowed is None or word not in catalog.BY_NAME or word in self.allowed or word.replace("_", " ").split()[-1] in (last, last[:-1]):
            return word  # (a category called by its own name is what the user wants: "a mini fridge" in a game room)
        forms = {last, last[:-1], last[:-2], last[:-3] + "y"} if last.endswith("s") else {last}
        kind = catalog.BY_NAME[word].generator
        fits = [c.name for c in catalog.CATEGORIES if c.name in self.allowed and c.generator == kind
                and any(w.replace("_", " ").split()[-1] in forms for w in (c.name, *c.synonyms))]
        if len(fits) == 1:
            return fits[0]
        return None if (last in AMBIGUOUS or last.rstrip("s") in AMBIGUOUS) else word

    def _arch(self, rel: str, subject: list[Mention], arch: str, wall: str | None, words: str = "") -> None:
        placement = ARCH_MAP.get((rel, arch))
        walls = _walls_counted(words.split()) if arch in ("wall", "side", "corner") and placement is not None else 0
        for m in subject if walls else ():  # "bookcases along three walls", "a plant in every corner": one a wall (corner) at least
            if m.quantifier is None or m.vague or (m.quantifier == "ge" and m.quantity < walls):
                m.quantifier, m.quantity, m.vague = "ge", walls, False
            elif m.quantifier == "eq" and m.quantity == 1 and any(t in ("each", "every") for t in words.split()):
                m.quantity = walls
        if placement is not None or rel in ("face", "across_from", "far") and arch in ("window", "door"):
            if placement is None and arch in ("window", "door"):
                wall = arch
            for m in subject:
                holder = next((t for r, t, _, _ in m.links if r in ("on", "on_top") and isinstance(t, Mention)), None)
                if holder is not None and _small(m.word):
                    m = holder  # "a counter with a till on it near the door", "a lamp on the table by the window": the piece that holds it
                where = placement or arch
                if where == "against_wall" and _kinds(m.word) and all(c.placement == "wall" for c in _kinds(m.word)):
                    where = "on_wall"  # "mirrors along one wall": hung on it
                elif where == "on_wall" and _kinds(m.word) and all(c.placement == "floor" for c in _kinds(m.word)):
                    head = _generic_head(m.phrase.split()[-1]) if m.phrase else None
                    if head and any(c.placement == "wall" for c in _kinds(head)):
                        m.word = head  # "open shelves on the wall": shelves that hang there, not a bookcase
                        words_of = m.phrase.split()
                        if (m.quantifier, m.quantity) == ("eq", 1) and words_of[-1] != head and words_of[0] not in ("a", "an", "one", "single"):
                            m.quantifier, m.quantity, m.vague = "ge", 2, True  # (a bare plural: more than one)
                    else:
                        where = "against_wall"  # "a bed centred on the wall": it stands against it
                key = (rel, where, wall)
                if key not in [link[:3] for link in m.links]:
                    m.links.append((rel, where, wall, words))

    def _relation_at(self, tokens: list[str], i: int, phrase: tuple[int, str], current: list[Mention], previous: list[Mention]) -> int:
        """Read the relation phrase at ``i``; returns where reading goes on (negated, with
        ``self._pending`` set, when the relation waits for its subject)."""
        n, rel = phrase
        if rel in ("flanked_by", "surrounded_by"):
            return i + n
        subject = current or previous
        mutual = tokens[i + n : i + n + 2] in (["each", "other"], ["one", "another"])
        if rel == "next_to" and (mutual or tokens[i : i + n] == ["side", "by", "side"]) and len(subject) == 1 \
                and (subject[0].vague or subject[0].quantity >= 2):
            subject[0].together = True  # "two cots side by side", "desks next to each other": beside one another
            return i + n + 2 * mutual
        if rel == "face" and mutual and len(subject) == 1 and (subject[0].vague or subject[0].quantity >= 2):
            subject[0].facing = True  # "two desks facing each other"
            return i + n + 2
        target = _reference(tokens, i + n)
        if target is None and current and previous and _each_alone(tokens, i + n):  # "two nightstands with a lamp on each"
            self.relate(rel, current, previous[-1], words=" ".join(tokens[i : i + n + 1]))
            self._per_each(current, previous[-1])
            return i + n + 1
        if target is None and tokens[i : i + n] == ["stacked"]:
            pair = current[-2:] if len(current) >= 2 else previous[-1:] + current[-1:]
            if len(pair) == 2:  # "a washer and a dryer stacked": the second on the first
                self.relate(rel, pair[1:], pair[0], words="stacked")
            return i + n
        if target is None and tokens[i : i + n] == ["side", "by", "side"] and not previous and len(current) >= 2:
            self.relate(rel, current[-1:], current[-2], words="side by side")  # "washer and dryer side by side": the two
            return i + n
        if target is None:
            if rel in IMPLICIT and previous and current:
                self.relate(rel, current, previous[-1], words=" ".join(tokens[i : i + n]))
            return i + n
        used, kind, word, start, wall = target
        words = " ".join(tokens[i : i + n + used])
        if kind == "pronoun":
            referent = self._referent(current, previous, word)
            if referent is not None:
                self.relate(rel, current, referent, words=words)
        elif kind == "middle_of":
            anchor = self._add(word, None, 0, " ".join(tokens[start : i + n + used]))
            if subject:
                self.relate("middle_of", subject, anchor, words=words)
        elif kind == "object":
            word = self._in_room(word, tokens[i + n + used - 1])
            if word is None:
                return i + n + used  # "a cake display" in a cafe: no screen to relate to
            if word not in catalog.BY_NAME and rel in ("on", "on_top"):  # "a telly on a stand": a TV stand, "dumbbells on a rack"
                word = next((f"{m.word}_{word}" for m in subject if f"{m.word}_{word}" in catalog.BY_NAME), word)
                if word not in catalog.BY_NAME and tokens[start] in _VERBS:
                    return i + n + used  # "a globe on a stand": its own stand
            if subject and rel in ("on", "on_top", "inside") and word not in catalog.BY_NAME \
                    and all(m.word in categories_for(word) for m in subject):
                return i + n + used  # "dumbbells on a rack": the dumbbell rack, not a rack besides
            quant, qty, qstart = _quantity(tokens, start)
            lead = tokens[i + n : start]
            if quant is not None and any(t in DEFINITE for t in lead):  # "the two nightstands": those already named
                quant = None if any(m.word in (categories_for(word) | {word}) for m in self.mentions) else quant
            anchor = self._add(word, quant, qty, " ".join(tokens[max(qstart, i + n) : i + n + used]))
            if subject and ("each" in lead or "every" in lead):  # "a lamp on each (of the) nightstand(s)": one per nightstand
                self._per_each(subject, anchor)
            if subject:
                self.relate(rel, subject, anchor, words=words)
            self._anchor = (anchor, i + n + used)
            end = i + n + used
            if tokens[i + n - 1] == "between" and tokens[end : end + 1] == ["and"] and subject:  # "between the bed and the desk": by both
                other = _reference(tokens, end + 1)
                if other is not None and other[1] == "object":
                    second = self._add(other[2], *_quantity(tokens, other[3])[:2], " ".join(tokens[other[3] : end + 1 + other[0]]))
                    self.relate(rel, subject, second, words=" ".join(tokens[i : end + 1 + other[0]]))
                    return end + 1 + other[0]
        elif subject:
            self._arch(rel, subject, word, wall, words)
            end = i + n + used
            across = 2 if tokens[end : end + 2] == ["across", "from"] else 1 if tokens[end : end + 1] in (["opposite"], ["facing"]) else 0
            k = end + across + (tokens[end + across : end + across + 1] == ["the"])
            if word == "wall" and across and k < len(tokens) and ARCH.get(tokens[k]) in ("window", "door"):
                self._arch("across_from", subject, ARCH[tokens[k]], None, " ".join(tokens[i : k + 1]))  # "on the wall opposite the window"
                return k + 1
        elif self._void:  # "an umbrella stand by the door": not a relation of the next object
            return i + n + used
        else:
            self._pending = (rel, word, wall)
            return -(i + n + used)
        return i + n + used

    def _referent(self, current: list[Mention], previous: list[Mention], pronoun: str = "it") -> Mention | None:
        """What "it" / "them" stands for: the object before the current one, unless that is a thing
        of the same kind as the current one and the last relation pointed at another object ("a
        swivel chair behind the desk, two side chairs in front of it": the desk), or is plural
        where the pronoun is singular or the other way round ("two armchairs in front of the desk,
        a credenza behind it": the desk)."""
        if not current:
            return None
        candidates = previous[-1:]
        if self._anchor is not None and self._anchor[0] not in current and self._anchor[0] not in candidates:
            candidates = [*candidates, self._anchor[0]]
        heads = {m.word.rsplit("_", 1)[-1] for m in current}
        other_kind = [m for m in candidates if m.word.rsplit("_", 1)[-1] not in heads]
        plural = {"it": False, "them": True}.get(pronoun)
        agreeing = [m for m in other_kind if plural is None or (m.vague or m.quantity >= 2) == plural]
        if not agreeing and plural is not None:  # "a bed with a nightstand on each side, a dresser across from it": the bed
            agreeing = [m for m in reversed(self.mentions) if m not in current and m.quantifier not in (None,) and m.quantity > 0
                        and m.word.rsplit("_", 1)[-1] not in heads and (m.vague or m.quantity >= 2) == plural][:1]
        grounded = [m for m in agreeing if not _hung(m.word)]  # "a pendant light over the table and a rug under it": the table
        return (grounded or agreeing or other_kind or previous[-1:] or [None])[0]

    def _seat_at(self, seats: Mention, piece: Mention, article: list[str], each: bool) -> None:
        """The seats named right after "with" go at the piece: "a table with six chairs" around it
        (three or more at a table), "a bar with 4 stools" beside it. A seat said with "a" after
        several pieces is one at each ("20 desks with a chair": twenty), unless the words after it
        say so themselves (``each``: "with a chair at each one"). A desk's chair is only counted: "a
        desk with a chair" reads as "a desk and a chair" does."""
        pieces = piece.quantity if piece.quantifier == "eq" and piece.quantity > 1 else 1
        if pieces > 1 and not (each or seats.each) and (seats.quantifier, seats.quantity) == ("eq", 1) and article in ([], ["a"], ["an"]):
            seats.quantity = pieces
        kinds = {c.name for c in _kinds(piece.word)} & catalog.SAT_AT
        if kinds <= catalog.DESKS:
            return
        around = bool(kinds & catalog.SAT_AROUND) and seats.quantifier in ("eq", "ge") and seats.quantity >= 3 * pieces
        self.relate("surround" if around else "next_to", [seats], piece, words="(with it)")

    def _per_each(self, subject: list[Mention], reference: Mention) -> None:
        """Scale "N X on each Y" to N times the number of Ys ("2 chairs at each of 8 tables": 16; at
        least that many when the Ys are "at least" so many; at least N when their number is unknown).
        The Ys are the mentions of the reference's word, else of its family ("each table" after
        "8 cafe tables")."""
        def counted(same) -> list[Mention]:
            return [m for m in self.mentions if same(m.word) and m.quantifier in ("eq", "ge") and m.quantity > 0 and m not in subject]
        family = categories_for(reference.word) | {reference.word}
        ys = counted(lambda w: w == reference.word) or counted(lambda w: w in family)
        total = sum(y.quantity for y in ys)
        for m in subject:
            m.each = True
            if m.quantifier not in ("eq", "ge") or m.quantity < 1:
                continue
            if m.vague:  # "pendant lights over each table": at least one over each, not two
                m.quantity = 1
            if total:
                m.quantity *= total
                if any(y.quantifier == "ge" for y in ys):
                    m.quantifier = "ge"
            else:
                m.quantifier = "ge"

    def _add(self, word: str, quantifier: str | None, quantity: int, phrase: str) -> Mention:
        if quantifier is None:  # "the bed" after "a queen bed" is that bed
            family = categories_for(word) | {word}  # "the bench" after "a workbench" is that workbench
            for m in reversed(self.mentions):
                if (m.word in family or catalog.covering(m.word) & family) and not (m.quantifier == "eq" and m.quantity == 0):
                    return m
        m = Mention(word, quantifier, quantity, phrase)
        self.mentions.append(m)
        return m

    # ------------------------------------------------------------ unknown objects

    def _unknown_after_article(self, tokens: list[str], i: int) -> bool:
        tok = tokens[i]
        if not (tok in ("a", "an", "another", "some", "several", "two", "three", "four", "five", "six") or (tok.isdigit() and int(tok) < 30)):
            return False
        known = len(self.unknown)
        noun = self._unknown_run(tokens, i + 1)
        return len(self.unknown) > known or noun is not None

    def _add_unknown(self, noun: str, phrase: str) -> None:
        if noun not in [u.noun for u in self.unknown]:
            self.unknown.append(Unknown(noun, phrase))

    def _unknown_in_list(self, tokens: list[str], i: int, current: list[Mention]) -> bool:
        """Record an item of a list of objects named without an article ("a sofa, hammock and rug");
        True when that unknown thing is the subject of the relation after it."""
        if not current or i + 1 >= len(tokens) or tokens[i + 1] in ("a", "an", "the") or tokens[i + 1] in NUMBERS:
            return False
        end = self._run_end(tokens, i + 1)
        after = tokens[end] if end < len(tokens) else ","
        if after in (",", "and", "or") or end >= len(tokens):
            self._unknown_run(tokens, i + 1)
        elif _phrase_at(tokens, end) and not any(t in NOT_NOUNS or t in _FUNCTION_WORDS for t in tokens[i + 1 : end]) \
                and self._unknown_run(tokens, i + 1):
            self._void = True  # "a toy box and glow stars on the ceiling": the stars are on the ceiling, not the box
            return True
        return False

    def _run_end(self, tokens: list[str], j: int) -> int:
        k = j
        while k < len(tokens) and k - j < 4 and tokens[k] not in BOUNDARY and not _phrase_at(tokens, k) and not match_object(tokens, k):
            if k > j and (tokens[k].endswith(("ing", "ed", "ly")) or tokens[k] in _VERBS):
                break
            if tokens[k] in _VERBS or tokens[k] in DEFINITE or tokens[k] in ("a", "an"):
                break
            k += 1
        return k

    def _unknown_run(self, tokens: list[str], j: int) -> str | None:
        """Record the noun phrase starting at ``j`` when it names a thing the catalogue lacks; return it."""
        k = self._run_end(tokens, j)
        if k < len(tokens) and match_object(tokens, k):
            return None  # adjectives before a known object
        words = tokens[j:k]
        while words and (words[0] in ADJECTIVES or words[0] in STYLE_WORDS or words[0].isdigit() or words[0] in NUMBERS
                         or words[0] in SIZE_WORDS or words[0].endswith(("ful", "ous", "ive", "ish", "less", "ic", "ed"))):
            words = words[1:]
        if not words:
            return None
        head = words[-1]
        if (head in ABSTRACT or head.rstrip("s") in ABSTRACT or head in ADJECTIVES or head in _KNOWN_NON_OBJECTS or len(head) < 3
                or not head.isalpha() or head in STYLE_WORDS or any(w in ABSTRACT or w in _VERBS for w in words)):
            return None
        if any(p in ROOM_PHRASES for p in (tuple(words), (head,), tuple(words[-2:]))):
            return None
        if categories_for(" ".join(words)):
            return None  # a name the grammar knows
        noun = " ".join(words)
        self._add_unknown(noun, " ".join(tokens[max(0, j - 1) : k]))
        return noun

    def _every(self, word: str) -> Mention | None:
        """The mention "each <word>" stands for: the last counted one of that word, else of its family
        ("six tables, each table with a vase": the six tables); None when none is counted."""
        family = categories_for(word) | {word}
        counted = [m for m in reversed(self.mentions) if m.word in family and m.quantifier in ("eq", "ge") and m.quantity > 0]
        return next((m for m in counted if m.word == word), None) or (counted[0] if counted else None)

    def _seat(self, table: Mention, n: int) -> None:
        """Record that ``table`` seats ``n`` (0: nothing said), once: "a 6-seater table for six" seats six."""
        if n and not any(t is table for t, _ in self.seats):
            self.seats.append((table, n))

    def seat(self) -> None:
        """The chairs the tables are said to seat, around them, unless the instruction counts its
        chairs: "the chairs" it names later are those (the chairs of "a table for six, the chairs
        around it"); each table seats its number as many times as there are such tables."""
        chairs = categories_for("chair") | {"chair"}
        named = [m for m in self.mentions if m.word in chairs]
        if not self.seats or any(m.quantifier is not None and not m.vague and not m.seating for m in named):
            return  # ("a table for six" and "chairs round it": the bare plural is those six)
        # every table seats so many: "three tables for four" twelve, "a table for six and two for two" ten
        total = sum(n * (table.quantity if table.quantifier == "eq" and table.quantity >= 1 else 1) for table, n in self.seats)
        chair = named[0] if named else Mention("chair", "eq", total, f"{total} seats")
        chair.quantifier, chair.quantity, chair.vague = "eq", total, False
        if not named:
            self.mentions.append(chair)
        for table, _ in self.seats:
            self.relate("surround", [chair], table, words="seating")

    # ------------------------------------------------------------ requirements

    def requirements(self) -> tuple[Requirement, ...]:
        index = {id(m): n for n, m in enumerate(self.mentions)}
        main: list[Requirement] = []
        extra: list[Requirement] = []
        for n, m in enumerate(self.mentions):
            base = _base(m)
            slots: dict = {}
            rest = []
            for rel, target, wall, words in m.links:
                if isinstance(target, Mention):
                    fields = {"relation": REL_NAMES.get(rel, rel), "anchor": index[id(target)]}
                    key = "object"
                elif target in PLACEMENTS:
                    fields = {"placement": target, "wall": wall if wall != target else None}
                    if target in ("near_window", "near_door"):
                        fields["relation"] = "near" if rel == "near" else "beside"
                    key = "arch"
                else:  # facing / across from / far from a window or door
                    fields = {"relation": REL_NAMES.get(rel, rel), "wall": wall}
                    key = "object"
                if key in slots or (key == "arch" and "relation" in fields and "object" in slots) or (
                        key == "object" and "arch" in slots and "relation" in slots["arch"][0]):
                    rest.append((fields, words))
                else:
                    slots[key] = (fields, words)
            if "arch" in slots and "object" in slots and "anchor" not in slots["object"][0]:
                rest.append(slots.pop("object"))  # "against the wall opposite the window": a wall, and across from the window
            merged: dict = {}
            phrase = m.phrase
            for fields, words in slots.values():
                merged.update({k: v for k, v in fields.items() if v is not None or k not in merged})
                phrase += " " + words if words else ""
            main.append(Requirement(**base, **merged, each=m.each, phrase=phrase.strip(), together=m.together, facing=m.facing))
            for fields, words in rest:
                extra.append(Requirement(m.word, "at_least", 1, **fields, phrase=f"{m.phrase} {words}".strip(), definite=True, same_as=n))
        return _plain(tuple(main + extra))


def _plain(requirements: tuple[Requirement, ...]) -> tuple[Requirement, ...]:
    """The requirements with a word for one kind of a word of several kinds ("teacher_desk", of
    "desk") said as that kind's name where no requirement asks for another of those kinds: "a
    writing desk" is a desk as "a desk" is; beside "20 school desks" it stays the teacher's own."""
    words = {r.category for r in requirements}
    plain = {}
    for w in words - set(catalog.BY_NAME):
        found = catalog.covering(w)
        if len(found) != 1:  # a generic word ("chair"), or one the catalogue lacks
            continue
        (kind,) = found
        others = catalog.covering(kind) - {kind}
        if others and not any(catalog.covering(o) & others for o in words if o != w):
            plain[w] = kind
    return tuple(replace(r, category=plain.get(r.category, r.category)) for r in requirements) if plain else requirements


def _base(m: Mention) -> dict:
    if m.quantifier is None and m.links and m.phrase.split()[-1] in SINGULAR_WORDS | {w.split()[-1] for w in SINGULAR_WORDS}:
        return {"category": m.word, "quantifier": "exactly", "count": 1}  # "The filing cabinet should go under the desk": one
    if m.quantifier is None:
        return {"category": m.word, "quantifier": "at_least", "count": 1, "definite": True}
    if m.quantifier == "eq" and m.quantity == 0:
        return {"category": m.word, "quantifier": "none", "count": 0}
    return {"category": m.word, "quantifier": {"eq": "exactly", "ge": "at_least", "le": "at_most"}[m.quantifier], "count": m.quantity}


_VERBS = set("""
is are was were be been being am has have had do does did should would could can will must may might shall need needs want wants like
likes love loves prefer prefers feel feels look looks seem seems make makes keep keeps get gets put add include includes please go goes
give gives let lets use uses fit fits hold holds sit sits stand stands face faces set run runs line lines lie lies hang hangs rest rests
stay stays wait waits belong belongs live lives fill fills
""".split())
_PARTICIPLES = {"placed", "positioned", "pushed", "set", "standing", "sitting", "hanging", "hung", "mounted", "located", "tucked", "centred",
                "centered", "installed", "fixed", "put", "kept", "arranged", "lined", "stacked"}
_LINKING = {"is", "are", "sits", "sit", "stands", "stand", "goes", "go", "should", "will", "must", "placed", "positioned", "hangs", "hang"}
_ZONES = {"area", "areas", "zone", "zones", "nook", "nooks", "section", "sections", "corner", "corners", "space", "spaces", "station", "stations"}
_KNOWN_NON_OBJECTS = {"lot", "lots", "bit", "couple", "pair", "few", "dozen", "total", "maximum", "minimum", "max", "min", "way", "sense"}


# ---------------------------------------------------------------- the room


_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_LEN_UNIT = r"(m|metres|meters|metre|meter|mtrs|ft|feet|foot|')"
_SIZE = re.compile(_NUM + r"\s*" + _LEN_UNIT + r"?\s*(?:x|by|×|\*)\s*" + _NUM + r"\s*" + _LEN_UNIT + r"?(?![a-z0-9])")
_WIDE_DEEP = re.compile(_NUM + r"\s*" + _LEN_UNIT + r"\s*(?:wide|across)[a-z ,]*?\s" + _NUM + r"\s*" + _LEN_UNIT + r"?\s*(?:deep|long)")
_AREA = re.compile(_NUM + r"\s*(m²|m2|sqm|sq\.?\s*m(?:etres|eters)?|square\s+met(?:re|er)s?|ft²|ft2|sq\.?\s*ft|sqft|square\s+f(?:ee|oo)t)(?![a-z])")
_HEIGHT = re.compile(_NUM + r"\s*" + _LEN_UNIT + r"\s*(?:high\s+|tall\s+)?ceilings?|ceilings?\s+(?:height\s+)?(?:of|at|is|are|:)?\s*(?:about\s+)?"
                     + _NUM + r"\s*" + _LEN_UNIT)
FT = 0.3048


def _num(text: str) -> float:
    return float(text) if text[0].isdigit() else float(NUMBERS[text])


def _metres(value: str, unit: str | None) -> float:
    return round(_num(value) * (FT if unit in ("ft", "feet", "foot", "'") else 1.0), 2)


def _room_facts(text: str, tokens: list[str], room_end: int | None) -> dict:
    low = text.lower().replace("’", "'").replace("-", " ")
    facts: dict = {}
    m = _SIZE.search(low)
    if m and (m.group(2) or m.group(4) or re.search(r"room|space|area|floor", low[m.end() : m.end() + 25])):
        unit = m.group(4) or m.group(2)
        facts["size_m"] = (_metres(m.group(1), unit), _metres(m.group(3), unit))
    else:
        m = _WIDE_DEEP.search(low)
        if m:
            facts["size_m"] = (_metres(m.group(1), m.group(2)), _metres(m.group(3), m.group(4) or m.group(2)))
    m = _AREA.search(low)
    if m:
        feet = "f" in m.group(2)
        facts["area_m2"] = round(_num(m.group(1)) * (FT * FT if feet else 1.0), 2)
    elif "size_m" in facts:
        facts["area_m2"] = round(facts["size_m"][0] * facts["size_m"][1], 2)
    m = _HEIGHT.search(low)
    if m:
        value, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        facts["height_m"] = _metres(value, unit)
    elif re.search(r"\b(high|tall|lofty|vaulted|double height|cathedral)\s+ceilings?", low):
        facts["height_m"] = 3.5
    elif re.search(r"\blow\s+ceilings?", low):
        facts["height_m"] = 2.3
    words = [t for s in tokens for t in s]
    styles: list[str] = []
    for n, w in enumerate(words):
        for phrase, style in STYLE_PHRASES.items():
            if tuple(words[n : n + len(phrase)]) == phrase and style not in styles:
                styles.append(style)
        if w in STYLE_WORDS and STYLE_WORDS[w] not in styles:
            styles.append(STYLE_WORDS[w])
    facts["styles"] = tuple(styles)
    joined = " " + " ".join(words) + " "
    if any(w in SPARSE for w in words) or any(f" {' '.join(p)} " in joined for p in SPARSE_PHRASES):
        facts["density"] = "sparse"
    if any(w in DENSE for w in words) or any(f" {' '.join(p)} " in joined for p in DENSE_PHRASES):
        if not any(f" {n} {w} " in joined for n in ("not", "never", "nothing", "isn't", "too") for w in DENSE):
            facts["density"] = "dense"
    if room_end is not None:
        before = re.findall(r"[a-z]+", low[max(0, room_end - 60) : room_end].replace(" sized", "sized"))
        for w in reversed(before[-5:]):
            if w.endswith("sized"):
                w = {"mid": "medium", "": w}.get(w[:-5], w[:-5])
            if w in SIZE_WORDS:
                facts["size_word"] = SIZE_WORDS[w]
                break
    if "size_word" not in facts:
        m = re.search(r"\b(?:room|space|it)\s+(?:is|should be|feels|that is|which is)\s+(?:quite |very |rather |fairly |really |pretty )?([a-z]+)", low)
        if m and m.group(1) in SIZE_WORDS:
            facts["size_word"] = SIZE_WORDS[m.group(1)]
    return facts


def read(instruction: str) -> Request:
    """What ``instruction`` asks for (see the module docstring)."""
    text = instruction or ""
    rooms = find_rooms(text, catalog.resolve)
    room = rooms[0] if rooms else None
    if room is not None and _names_a_piece(text, room.start, room.end):
        request = _read(instruction, None)  # "desk, office chair, bookshelf": the only room word is a chair's; the pieces tell the room
        if request.room_type is not None:
            return request
    request = _read(instruction, room)
    for other in rooms[1:]:  # "a restaurant dining area with a bar and a host stand": the restaurant, whose pieces those are
        alternative = _read(instruction, other)
        if len(alternative.unknown) < len(request.unknown) and _held(alternative) > _held(request):
            request = alternative
    return request


def _held(request: Request) -> int:
    """How many of the pieces ``request`` asks for its room type may hold."""
    allowed = {c.name for c in catalog.for_room(request.room_type)} if request.room_type else set()
    return sum(1 for r in request.requirements if r.quantifier != "none" and (categories_for(r.category) | {r.category}) & allowed)


def _names_a_piece(text: str, start: int, end: int) -> bool:
    """Whether the room words at ``start:end`` begin a furnishing's name ("office chair", "kitchen island")."""
    after = re.findall(r"[a-z]+", text[end:].lower())[:2]
    words = text[start:end].lower().replace("-", " ")
    return any(catalog.resolve(" ".join([words, *after[:n]])) for n in (1, 2) if len(after) >= n)


def _read(instruction: str, room: RoomMatch | None) -> Request:
    """``read`` with the room taken as named at ``room`` (None: as the pieces asked for tell it)."""
    text = instruction or ""
    masked = text
    if room is not None:  # the words naming the room are not objects ("Design a toilet")
        masked = text[: room.start] + " room " + text[room.end :]
    reader = _Reader(room.room_type if room else None, headcount(text))
    sentences = tokenize(masked)
    for tokens in sentences:
        reader.sentence(tokens)
    reader.seat()
    facts = _room_facts(text, sentences, room.end if room else None)
    requirements = reader.requirements()
    room_type = room.room_type if room else room_for(requirements)
    return Request(instruction=instruction, room_type=room_type, requirements=_in_context(requirements, room_type),
                   unknown=tuple(reader.unknown), room_inferred=room is None and room_type is not None, **facts)


def room_for(requirements: tuple[Requirement, ...]) -> str | None:
    """The room type an instruction that names no room asks for, from what it asks to have ("bunk
    beds, a desk and a toy box": a children's room; "two workbenches and a pegboard": a workshop):
    each type scores 3 for every group of its essential pieces the request asks for, 1 for every
    requested piece it may hold and -2 for every one it may not (a tie goes to the type listed first
    in ``ground.rooms``); the best of them, if it holds at least two of the pieces or one essential
    one. None when nothing is asked for."""
    wanted = [frozenset(c for c in categories_for(r.category) | {r.category} if c in catalog.BY_NAME)
              for r in requirements if r.quantifier != "none" and r.same_as is None]
    wanted = [kinds for kinds in wanted if kinds]
    if not wanted:
        return None
    best, best_score = None, 0
    for kind in ROOMS:
        allowed = {c.name for c in catalog.for_room(kind.name)}
        held = sum(1 for kinds in wanted if kinds & allowed)
        groups = min(sum(1 for group in kind.essential if any(kinds & set(group) for kinds in wanted)),  # (one piece meets one group)
                     sum(1 for kinds in wanted if any(kinds & set(group) for group in kind.essential)))
        score = 3 * groups + held - 2 * (len(wanted) - held)
        if score > best_score and (held >= 2 or score >= 3):
            best, best_score = kind.name, score
    return best


def _in_context(requirements: tuple[Requirement, ...], room_type: str | None) -> tuple[Requirement, ...]:
    """A word of two unrelated things ("counter": a bar counter or a kitchen worktop; "bike": a
    bicycle or an exercise bike; "mat": a rug or a yoga mat) read as the one the room has: a kitchen's
    counter is its worktop, a gym's bike an exercise bike. A generic head noun ("chair", "lamp",
    which names several kinds of one thing) stays as it is, and so does a word both of whose
    things the room has.

    Several of a word of several kinds said beside someone's own one of them ("twelve desks" and
    "my teacher's desk") are the others: the room type's one other usual kind of it, if it has just
    one (a classroom's school desks)."""
    if room_type is None:
        return requirements
    allowed = {c.name for c in catalog.for_room(room_type)}
    usual = BY_ROOM[room_type].listed
    narrowed = {next(iter(catalog.covering(r.category))) for r in requirements  # someone's own one: "my teacher's desk"
                if r.category not in catalog.BY_NAME and len(catalog.covering(r.category)) == 1 and r.quantifier != "none"
                and r.count <= 1 and _OWNERS & set(r.category.split("_"))}
    out = []
    for r in requirements:
        kinds = categories_for(r.category)
        if r.category not in catalog.BY_NAME and len(kinds) > 1 and _headed(r.category) < 2 and len(kinds & allowed) == 1:
            r = replace(r, category=next(iter(kinds & allowed)))
        elif r.category in catalog.BY_NAME and r.quantifier != "none" and r.count >= 2 and kinds & narrowed \
                and len((kinds & allowed & usual) - narrowed) == 1:
            r = replace(r, category=next(iter((kinds & allowed & usual) - narrowed)))
        out.append(r)
    return tuple(out)
