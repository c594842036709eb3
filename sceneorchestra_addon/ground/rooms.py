"""Room knowledge as data, in one table: per room type, the words people use for it, its typical
size, what a room of that type needs and what a complete one usually also has.

``essential``: groups of categories; a room of that type needs one object of every group (what its
room program places at the sparse level). ``expected``: what a complete room of that type usually
also has (its program's normal level). Whether a category belongs in a room at all is the
catalogue's business (``Category.rooms``); how a room is furnished, step by step, is the room
programs' (``core/programs.py``). Categories are named by string, so this module imports nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class RoomKind:
    name: str
    words: tuple[str, ...]  # words and phrases that name this room type besides its own name ("study", "home office")
    size_m: tuple[float, float]  # typical width x depth
    essential: tuple[tuple[str, ...], ...]
    expected: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.name.replace("_", " ")


ROOMS: tuple[RoomKind, ...] = (
    RoomKind(
        "bedroom",
        words=("bedroom", "guest room", "master bedroom", "sleeping room"),
        size_m=(5.0, 4.2),
        essential=(("single_bed", "double_bed", "bunk_bed"), ("wardrobe", "dresser")),
        expected=("nightstand", "table_lamp", "bookshelf", "wall_art", "rug", "ceiling_light", "potted_plant"),
    ),
    RoomKind(
        "children_room",
        words=("kid", "kids", "child", "children", "teen", "teenager", "teenagers", "boys room", "girls room", "youth room"),
        size_m=(5.0, 4.2),
        essential=(("single_bed", "bunk_bed", "double_bed"), ("nightstand", "toy_chest", "wardrobe", "dresser")),
        expected=("nightstand", "toy_chest", "kids_table", "kids_chair", "bookshelf", "rug", "ceiling_light"),
    ),
    RoomKind(
        "nursery",
        words=("baby", "babys room", "infant", "infants room"),
        size_m=(3.6, 3.2),
        essential=(("baby_bed",), ("dresser", "wardrobe")),
        expected=("armchair", "floor_lamp", "toy_chest", "rug", "ceiling_light"),
    ),
    RoomKind(
        "living_room",
        words=("lounge", "sitting room", "family room", "living area", "den", "front room", "drawing room"),
        size_m=(5.0, 4.2),
        essential=(("sofa", "loveseat"), ("tv", "wall_tv"), ("coffee_table",)),
        expected=("armchair", "bookshelf", "rug", "wall_art", "tv_stand", "side_table", "ceiling_light", "potted_plant"),
    ),
    RoomKind(
        "dining_room",
        words=("dining area", "breakfast room", "dining hall"),
        size_m=(5.0, 4.2),
        essential=(("dining_table",), ("dining_chair",)),
        expected=("sideboard", "plate", "cup", "ceiling_light", "potted_plant"),
    ),
    RoomKind(
        "kitchen",
        words=("kitchenette", "galley"),
        size_m=(4.2, 3.6),
        essential=(("kitchen_sink_cabinet",), ("kitchen_base_cabinet",), ("oven",), ("fridge",)),
        expected=("dishwasher", "kitchen_wall_cabinet", "microwave", "cooking_pot", "ceiling_light"),
    ),
    RoomKind(
        "bathroom",
        words=("toilet", "washroom", "ensuite", "en suite", "restroom", "wc", "shower room", "powder room", "lavatory"),
        size_m=(3.4, 3.0),
        essential=(("toilet",), ("bathroom_vanity",), ("mirror",)),
        expected=("bathtub", "towel_rack", "laundry_basket", "soap_dispenser", "ceiling_light"),
    ),
    RoomKind(
        "home_office",
        words=("study", "home office", "work from home", "home study"),
        size_m=(5.0, 4.2),
        essential=(("desk",), ("office_chair",)),
        expected=("monitor", "bookshelf", "filing_cabinet", "table_lamp", "ceiling_light"),
    ),
    RoomKind(
        "office",
        words=("workplace", "open office", "open plan office", "cubicle", "workspace"),
        size_m=(5.0, 4.2),
        essential=(("desk",), ("office_chair",)),
        expected=("monitor", "filing_cabinet", "bookshelf", "ceiling_light", "potted_plant"),
    ),
    RoomKind(
        "meeting_room",
        words=("conference", "board room", "boardroom", "huddle room"),
        size_m=(5.0, 4.2),
        essential=(("conference_table",), ("office_chair", "dining_chair", "classroom_chair")),
        expected=("laptop", "whiteboard", "wall_tv", "ceiling_light", "potted_plant"),
    ),
    RoomKind(
        "waiting_room",
        words=("lobby", "reception", "waiting area", "reception area"),
        size_m=(5.0, 4.2),
        essential=(("waiting_chair", "sofa", "armchair", "bench"),),
        expected=("coffee_table", "reception_desk", "water_dispenser", "book", "ceiling_light", "potted_plant"),
    ),
    RoomKind(
        "classroom",
        words=("school", "lecture room", "lecture hall", "seminar room", "schoolroom"),
        size_m=(5.0, 4.2),
        essential=(("whiteboard", "chalkboard"), ("school_desk",), ("desk",)),
        expected=("classroom_chair", "bookshelf", "laptop", "wall_clock", "ceiling_light"),
    ),
    RoomKind(
        "library",
        words=("reading room",),
        size_m=(5.0, 4.2),
        essential=(("bookshelf",), ("book",)),
        expected=("dining_table", "dining_chair", "armchair", "rug", "ceiling_light"),
    ),
    RoomKind(
        "bookstore",
        words=("bookshop", "book shop", "book store", "bookseller"),
        size_m=(5.0, 4.2),
        essential=(("bookshelf", "display_shelf"), ("book",)),
        expected=("reception_desk", "armchair", "ceiling_light"),
    ),
    RoomKind(
        "restaurant",
        words=("diner", "bistro", "eatery", "brasserie", "trattoria"),
        size_m=(5.0, 4.2),
        essential=(("dining_table", "cafe_table"), ("dining_chair",)),
        expected=("plate", "cup", "sideboard", "wall_art", "ceiling_light", "potted_plant"),
    ),
    RoomKind(
        "cafe",
        words=("coffee", "coffee shop", "coffeehouse", "coffee house", "tea room", "tearoom", "cafeteria"),
        size_m=(5.0, 4.2),
        essential=(("cafe_table",), ("dining_chair", "bar_stool", "armchair"), ("reception_desk",)),
        expected=("cup", "armchair", "wall_art", "ceiling_light"),
    ),
    RoomKind(
        "gym",
        words=("fitness", "workout room", "home gym", "exercise room", "fitness room", "weight room"),
        size_m=(5.0, 4.2),
        essential=(("treadmill", "exercise_bike", "rowing_machine"), ("dumbbell_rack", "weight_bench")),
        expected=("yoga_mat", "mirror", "rowing_machine", "weight_bench", "ceiling_light"),
    ),
    RoomKind(
        "game_room",
        words=("arcade", "games room", "rec room", "recreation room", "billiard room", "gaming room"),
        size_m=(5.0, 4.2),
        essential=(("pool_table", "ping_pong_table", "foosball_table", "arcade_machine"),),
        expected=("sofa", "wall_tv", "arcade_machine", "ceiling_light"),
    ),
    RoomKind(
        "playroom",
        words=("play room", "rumpus room", "play area"),
        size_m=(5.0, 4.2),
        essential=(("play_kitchen", "toy_chest", "playhouse_tent"), ("kids_table",)),
        expected=("kids_chair", "toy", "bookshelf", "ceiling_light"),
    ),
    RoomKind(
        "laundry_room",
        words=("laundry", "utility room", "utility"),
        size_m=(3.0, 2.6),
        essential=(("washing_machine",), ("dryer",)),
        expected=("laundry_basket", "ironing_board", "wall_shelf", "ceiling_light"),
    ),
    RoomKind(
        "garage",
        words=("carport",),
        size_m=(5.0, 4.2),
        essential=(("workbench",),),
        expected=("tool_cabinet", "shelving_unit", "box", "ceiling_light"),
    ),
    RoomKind(
        "workshop",
        words=("shed", "makerspace", "maker space", "atelier", "hobby room"),
        size_m=(5.0, 4.2),
        essential=(("workbench",), ("tool_cabinet",)),
        expected=("stool", "shelving_unit", "box", "ceiling_light"),
    ),
    RoomKind(
        "medical_room",
        words=("doctor", "clinic", "doctors", "exam room", "examination room", "consultation room", "consulting room", "treatment room", "doctors office"),
        size_m=(5.0, 4.2),
        essential=(("exam_table",), ("desk",)),
        expected=("office_chair", "medical_cabinet", "bathroom_vanity", "ceiling_light"),
    ),
    RoomKind(
        "studio_apartment",
        words=("studio", "bedsit", "studio flat", "one room apartment", "one room flat"),
        size_m=(5.0, 4.2),
        essential=(("double_bed", "single_bed"), ("kitchen_sink_cabinet",), ("oven", "fridge")),
        expected=("sofa", "coffee_table", "cafe_table", "wardrobe", "ceiling_light"),
    ),
    RoomKind(
        "basement",
        words=("cellar", "lower level"),
        size_m=(5.0, 4.2),
        essential=(("shelving_unit", "storage_cabinet"),),
        expected=("washing_machine", "sofa", "tv", "ceiling_light"),
    ),)

ROOM_TYPES: tuple[str, ...] = tuple(r.name for r in ROOMS)
BY_ROOM: dict[str, RoomKind] = {r.name: r for r in ROOMS}
_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    (tuple(phrase.split()), r.name)
    for r in ROOMS
    for phrase in (r.label, *((r.label[: -len(" room")],) if r.name.endswith("_room") else ()), *r.words)
)


def _tokens(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z]+", plain.replace("'", ""))


def room_type_of(text: str) -> str | None:
    """The room type a text names ("Design me a living room" -> "living_room", "a cosy study" ->
    "home_office"), or None: of the room names and the words people use for them (``words``), the
    one that comes first in the text, the longest where several start at the same word."""
    tokens = _tokens(text)
    best: tuple[int, int, str] | None = None
    for phrase, room in _PHRASES:
        n = len(phrase)
        for i in range(len(tokens) - n + 1):
            if tuple(tokens[i : i + n]) == phrase:
                key = (i, -n, room)
                if best is None or key < best:
                    best = key
                break
    return best[2] if best else None
