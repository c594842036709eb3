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
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RoomKind:
    name: str
    words: tuple[str, ...]  # words and phrases that name this room type besides its own name ("study", "home office")
    size_m: tuple[float, float]  # typical width x depth
    area_m2: tuple[float, float]  # the floor areas rooms of this type usually have (draw_size)
    aspect: float  # the most a usual room of this type is longer than wide (long side / short side)
    essential: tuple[tuple[str, ...], ...]
    expected: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.name.replace("_", " ")

    @property
    def listed(self) -> frozenset[str]:
        """The categories its essential groups and its expected pieces name: what a room of this type usually has."""
        return frozenset(c for group in self.essential for c in group) | frozenset(self.expected)


ROOMS: tuple[RoomKind, ...] = (
    RoomKind(
        "bedroom",
        words=("bedroom", "master bedroom", "guest bedroom", "guest room", "spare room", "spare bedroom", "teen bedroom", "teenager's bedroom",
               "teenager's room", "teen room", "adult bedroom", "sleeping room", "dorm room", "dormitory"),
        size_m=(4.6, 3.8),
        area_m2=(14.0, 26.0),
        aspect=1.4,
        essential=(("single_bed", "double_bed", "bunk_bed"), ("wardrobe", "dresser")),
        expected=("nightstand", "table_lamp", "bookshelf", "wall_art", "rug", "ceiling_light", "potted_plant"),
    ),
    RoomKind(
        "children_room",
        words=("kid", "kids", "child", "children", "kid's room", "kids' room", "kid's bedroom", "kids' bedroom", "child's room", "child's bedroom",
               "children's room", "children's bedroom", "boy's room", "girl's room", "boys' room", "girls' room", "boy's bedroom", "girl's bedroom",
               "toddler room", "toddler's room"),
        size_m=(4.2, 3.6),
        area_m2=(12.0, 22.0),
        aspect=1.4,
        essential=(("single_bed", "bunk_bed", "double_bed"), ("nightstand", "toy_chest", "wardrobe", "dresser")),
        expected=("nightstand", "toy_chest", "kids_table", "kids_chair", "bookshelf", "rug", "ceiling_light"),
    ),
    RoomKind(
        "nursery",
        words=("baby", "nursery", "baby room", "baby's room", "baby's bedroom", "baby bedroom", "infant room"),
        size_m=(3.6, 3.2),
        area_m2=(8.0, 15.0),
        aspect=1.4,
        essential=(("baby_bed",), ("dresser", "wardrobe")),
        expected=("armchair", "floor_lamp", "toy_chest", "rug", "ceiling_light"),
    ),
    RoomKind(
        "living_room",
        words=("lounge", "sitting room", "family room", "den", "tv room", "front room", "drawing room", "parlour", "parlor", "lounge room",
               "living area", "living space", "media room", "living/dining", "living dining",
               "open plan living", "living/kitchen"),
        size_m=(5.6, 4.4),
        area_m2=(18.0, 34.0),
        aspect=1.6,
        essential=(("sofa", "loveseat"), ("tv", "wall_tv"), ("coffee_table",)),
        expected=("armchair", "bookshelf", "rug", "wall_art", "tv_stand", "side_table", "ceiling_light", "potted_plant"),
    ),
    RoomKind(
        "dining_room",
        words=("dining room", "dining area", "dining space", "breakfast room"),
        size_m=(4.6, 4.0),
        area_m2=(13.0, 25.0),
        aspect=1.5,
        essential=(("dining_table",), ("dining_chair",)),
        expected=("sideboard", "plate", "cup", "ceiling_light", "potted_plant"),
    ),
    RoomKind(
        "kitchen",
        words=("kitchen", "eat-in kitchen", "kitchenette", "galley kitchen", "open kitchen"),
        size_m=(4.2, 3.6),
        area_m2=(9.0, 20.0),
        aspect=1.8,
        essential=(("kitchen_sink_cabinet",), ("kitchen_base_cabinet",), ("oven",), ("fridge",)),
        expected=("dishwasher", "kitchen_wall_cabinet", "microwave", "cooking_pot", "ceiling_light"),
    ),
    RoomKind(
        "bathroom",
        words=("toilet", "bathroom", "washroom", "en-suite", "ensuite", "en suite", "restroom", "wc", "powder room", "shower room", "lavatory",
               "loo"),
        size_m=(3.4, 3.0),
        area_m2=(6.0, 13.0),
        aspect=1.6,
        essential=(("toilet",), ("bathroom_vanity",), ("mirror",)),
        expected=("bathtub", "towel_rack", "laundry_basket", "soap_dispenser", "ceiling_light"),
    ),
    RoomKind(
        "home_office",
        words=("study", "home office", "home study", "study room", "work from home office", "home workspace"),
        size_m=(4.0, 3.4),
        area_m2=(9.0, 18.0),
        aspect=1.5,
        essential=(("desk",), ("office_chair",)),
        expected=("monitor", "bookshelf", "filing_cabinet", "table_lamp", "ceiling_light"),
    ),
    RoomKind(
        "office",
        words=("office", "workspace", "office space", "private office", "corporate office"),
        size_m=(5.0, 4.2),
        area_m2=(16.0, 30.0),
        aspect=1.6,
        essential=(("desk",), ("office_chair",)),
        expected=("monitor", "filing_cabinet", "bookshelf", "ceiling_light", "potted_plant"),
    ),
    RoomKind(
        "meeting_room",
        words=("conference", "conference room", "board room", "boardroom", "meeting space", "huddle room"),
        size_m=(6.0, 4.4),
        area_m2=(18.0, 36.0),
        aspect=1.8,
        essential=(("conference_table",), ("office_chair", "dining_chair", "classroom_chair")),
        expected=("laptop", "whiteboard", "wall_tv", "ceiling_light", "potted_plant"),
    ),
    RoomKind(
        "waiting_room",
        words=("lobby", "reception", "waiting area", "reception area", "waiting lounge", "foyer"),
        size_m=(5.6, 4.4),
        area_m2=(16.0, 34.0),
        aspect=1.7,
        essential=(("waiting_chair", "sofa", "armchair", "bench"),),
        expected=("coffee_table", "reception_desk", "water_dispenser", "book", "ceiling_light", "potted_plant"),
    ),
    RoomKind(
        "classroom",
        words=("school", "classroom", "class room", "lecture room", "lecture hall", "seminar room", "schoolroom"),
        size_m=(6.4, 5.6),
        area_m2=(28.0, 44.0),
        aspect=1.4,
        essential=(("whiteboard", "chalkboard"), ("school_desk",), ("desk",)),
        expected=("classroom_chair", "bookshelf", "laptop", "wall_clock", "ceiling_light"),
    ),
    RoomKind(
        "library",
        words=("library", "reading room", "home library"),
        size_m=(6.0, 4.8),
        area_m2=(22.0, 38.0),
        aspect=1.6,
        essential=(("bookshelf",), ("book",)),
        expected=("dining_table", "dining_chair", "armchair", "rug", "ceiling_light"),
    ),
    RoomKind(
        "bookstore",
        words=("bookstore", "bookshop", "book shop", "book store"),
        size_m=(5.6, 4.6),
        area_m2=(20.0, 34.0),
        aspect=1.6,
        essential=(("bookshelf", "display_shelf"), ("book",)),
        expected=("reception_desk", "armchair", "ceiling_light"),
    ),
    RoomKind(
        "restaurant",
        words=("diner", "restaurant", "bistro", "eatery", "canteen", "cafeteria", "brasserie", "trattoria", "pizzeria", "sushi bar", "wine bar",
               "tapas bar", "cocktail bar", "pub", "steakhouse"),
        size_m=(6.4, 5.0),
        area_m2=(24.0, 42.0),
        aspect=1.6,
        essential=(("dining_table", "cafe_table"), ("dining_chair",)),
        expected=("plate", "cup", "sideboard", "wall_art", "ceiling_light", "potted_plant"),
    ),
    RoomKind(
        "cafe",
        words=("cafe", "coffee shop", "coffee house", "coffeehouse", "coffee bar", "tea room", "tearoom", "tea shop"),
        size_m=(5.4, 4.4),
        area_m2=(18.0, 32.0),
        aspect=1.7,
        essential=(("cafe_table",), ("dining_chair", "bar_stool", "armchair"), ("reception_desk",)),
        expected=("cup", "armchair", "wall_art", "ceiling_light"),
    ),
    RoomKind(
        "gym",
        words=("fitness", "gym", "home gym", "fitness room", "workout room", "exercise room", "weight room", "fitness studio", "fitness center",
               "fitness centre"),
        size_m=(6.4, 5.0),
        area_m2=(24.0, 42.0),
        aspect=1.6,
        essential=(("treadmill", "exercise_bike", "rowing_machine"), ("dumbbell_rack", "weight_bench")),
        expected=("yoga_mat", "mirror", "rowing_machine", "weight_bench", "ceiling_light"),
    ),
    RoomKind(
        "game_room",
        words=("arcade", "game room", "games room", "gaming room", "rec room", "recreation room", "billiard room", "billiards room", "pool room"),
        size_m=(5.0, 4.2),
        area_m2=(16.0, 28.0),
        aspect=1.5,
        essential=(("pool_table", "ping_pong_table", "foosball_table", "arcade_machine"),),
        expected=("sofa", "wall_tv", "arcade_machine", "ceiling_light"),
    ),
    RoomKind(
        "playroom",
        words=("playroom", "play room", "rumpus room", "play area", "toy room"),
        size_m=(5.0, 4.2),
        area_m2=(15.0, 27.0),
        aspect=1.4,
        essential=(("play_kitchen", "toy_chest", "playhouse_tent"), ("kids_table",)),
        expected=("kids_chair", "toy", "bookshelf", "ceiling_light"),
    ),
    RoomKind(
        "laundry_room",
        words=("laundry", "laundry room", "utility room", "laundry area", "mudroom", "mud room"),
        size_m=(3.0, 2.6),
        area_m2=(5.0, 11.0),
        aspect=1.6,
        essential=(("washing_machine",), ("dryer",)),
        expected=("laundry_basket", "ironing_board", "wall_shelf", "ceiling_light"),
    ),
    RoomKind(
        "garage",
        words=("garage",),
        size_m=(5.6, 3.8),
        area_m2=(16.0, 28.0),
        aspect=1.6,
        essential=(("workbench",),),
        expected=("tool_cabinet", "shelving_unit", "box", "ceiling_light"),
    ),
    RoomKind(
        "workshop",
        words=("workshop", "shed", "work shop", "hobby room", "craft room", "maker space", "makerspace", "wood shop", "woodshop",
               "woodworking shop", "metal shop", "machine shop", "woodworking room"),
        size_m=(5.0, 4.2),
        area_m2=(16.0, 28.0),
        aspect=1.6,
        essential=(("workbench",), ("tool_cabinet",)),
        expected=("stool", "shelving_unit", "box", "ceiling_light"),
    ),
    RoomKind(
        "medical_room",
        words=("doctor", "clinic", "exam room", "examination room", "doctor's office", "doctor's room", "consultation room", "consulting room",
               "treatment room", "medical office", "medical room", "surgery room", "gp office"),
        size_m=(4.6, 3.8),
        area_m2=(13.0, 22.0),
        aspect=1.4,
        essential=(("exam_table",), ("desk",)),
        expected=("office_chair", "medical_cabinet", "bathroom_vanity", "ceiling_light"),
    ),
    RoomKind(
        "studio_apartment",
        words=("studio", "studio flat", "studio apartment", "bedsit", "bedsitter", "one room apartment", "one-room apartment",
               "efficiency apartment", "micro apartment"),
        size_m=(5.6, 4.6),
        area_m2=(20.0, 34.0),
        aspect=1.5,
        essential=(("double_bed", "single_bed"), ("kitchen_sink_cabinet",), ("oven", "fridge")),
        expected=("sofa", "coffee_table", "cafe_table", "wardrobe", "ceiling_light"),
    ),
    RoomKind(
        "basement",
        words=("basement", "cellar"),
        size_m=(5.4, 4.4),
        area_m2=(18.0, 32.0),
        aspect=1.7,
        essential=(("shelving_unit", "storage_cabinet"),),
        expected=("washing_machine", "sofa", "tv", "ceiling_light"),
    ),)

ROOM_TYPES: tuple[str, ...] = tuple(r.name for r in ROOMS)
BY_ROOM: dict[str, RoomKind] = {r.name: r for r in ROOMS}


def draw_size(room_type: str, rng) -> tuple[float, float]:
    """A width x depth (m, two decimals) for a room of this type that an instruction leaves
    unsized, drawn from ``rng`` (a numpy Generator): the floor area uniform over the type's
    ``area_m2``, the long side over the short uniform in [1, ``aspect``], the long side along x or
    y with even odds. Three draws, always in that order, so a seed gives one size."""
    kind = BY_ROOM[room_type]
    area = float(rng.uniform(*kind.area_m2))
    ratio = float(rng.uniform(1.0, kind.aspect))
    long_side, short_side = (area * ratio) ** 0.5, (area / ratio) ** 0.5
    w, d = (long_side, short_side) if rng.random() < 0.5 else (short_side, long_side)
    return round(w, 2), round(d, 2)

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*['’]?|[^\w\s]")


def _word(token: str) -> str:
    """A token as room phrases are matched: lower case, accents and apostrophes dropped."""
    token = token.lower().replace("'", "").replace("’", "")
    return token.translate(str.maketrans("àáâäçèéêëìíîïñòóôöùúûü", "aaaaceeeeiiiinoooouuuu"))


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(_word(m.group()) for m in _TOKEN.finditer(text.replace("_", " ").replace("-", " ")))


PHRASES: dict[tuple[str, ...], str] = {}  # every phrase that names a room, as words -> room type
for _room in ROOMS:
    for _text in (_room.label, *_room.words):
        PHRASES.setdefault(_phrase(_text), _room.name)
_LONGEST = max(len(p) for p in PHRASES)
_ROOM_WORDS = frozenset(w for p in PHRASES for w in p if len(w) >= 5 and w.isalpha())


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one letter left out, added, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1 :] == short for k in range(len(long_)))


def _corrected(word: str) -> str:
    """A word of five letters or more that no room phrase has, read as the one room word it is one
    slip away from ("bedrom", "kitchn", "resturant"), else as it is."""
    if len(word) < 5 or not word.isalpha() or word in _ROOM_WORDS:
        return word
    close = [w for w in _ROOM_WORDS if _one_edit(word, w)]
    return close[0] if len(close) == 1 else word


@dataclass(frozen=True)
class RoomMatch:
    room_type: str
    start: int  # character offsets of the words that name the room in the text
    end: int


def _matches(words: list[str]) -> list[tuple[int, int, str]]:
    """(first word, end, room type) of every room phrase in ``words``, the longest where they overlap."""
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        for n in range(min(_LONGEST, len(words) - i), 0, -1):
            room = PHRASES.get(tuple(words[i : i + n]))
            if room:
                found.append((i, i + n, room))
                i += n
                break
        else:
            i += 1
    return found


def find_room(text: str, is_furnishing: Callable[[str], object] | None = None) -> RoomMatch | None:
    """The room ``find_rooms`` reads first (see there), or None."""
    found = find_rooms(text, is_furnishing)
    return found[0] if found else None


def find_rooms(text: str, is_furnishing: Callable[[str], object] | None = None) -> list[RoomMatch]:
    """Where a text names the room it is about, and which room type that is.

    Every phrase of the room table (a room type's name or one of its ``words``) is found; where
    matches overlap the longest wins. A phrase used as a modifier of a furnishing ("office chair",
    "kitchen island", "bathroom vanity", "living room sofa") only counts when no other room is
    named. Of the rest the first wins, and of two directly in a row the second, the head of the
    compound ("children's playroom" -> playroom). ``is_furnishing`` tells furnishing names (the
    catalogue's ``resolve``, passed in because the catalogue builds on this table); without it no
    phrase counts as a modifier. Only when no room is named does a word one slip away from a room
    word (``_corrected``) count as that word; it also needs ``is_furnishing``, so that a furnishing's
    name is never read as a room's.

    The first of the list is that room; after it come the other room types of the same compound,
    the nearest first, each spanning the whole compound ("restaurant dining area": the dining room,
    then the restaurant whose dining area it is), for a reader that can tell from the pieces asked
    for which of them is meant. Empty when no room is named."""
    tokens = [(m.start(), m.end(), _word(m.group())) for m in _TOKEN.finditer(text.replace("_", " ").replace("-", " "))]
    words = [t[2] for t in tokens]
    found = _matches(words)
    if not found and is_furnishing is not None:  # a room word misspelt ("master bedrom"), when no room is named right
        words = [w if is_furnishing(w) else _corrected(w) for w in words]
        found = _matches(words)
    if not found:
        return []
    if is_furnishing is not None:  # a misspelt room word right before a room's ("resturant dining area"): of the compound
        words = list(words)
        for k, (i, _, _) in enumerate(list(found)):
            word = words[i - 1] if i > 0 else ""
            fixed = _corrected(word) if word and not is_furnishing(word) else word
            if fixed != word and PHRASES.get((fixed,)) and (k == 0 or found[k - 1][1] < i):
                words[i - 1] = fixed
                found.append((i - 1, i, PHRASES[(fixed,)]))
        found.sort()

    def modifier(match: tuple[int, int, str]) -> bool:
        i, j, _ = match
        if is_furnishing is None:
            return False
        return any(is_furnishing(" ".join(words[k : j + n])) for k in range(i, j) for n in (1, 2, 3) if j + n <= len(words))

    heads = [m for m in found if not modifier(m)] or found
    run = [heads[0]]
    for m in heads[1:]:
        if m[0] != run[-1][1]:
            break
        run.append(m)
    chosen = run[-1]
    others = [RoomMatch(m[2], tokens[m[0]][0], tokens[chosen[1] - 1][1]) for m in reversed(run[:-1]) if m[2] != chosen[2]]
    return [RoomMatch(chosen[2], tokens[chosen[0]][0], tokens[chosen[1] - 1][1]), *others]


def room_type_of(text: str, is_furnishing: Callable[[str], object] | None = None) -> str | None:
    """The room type a text names ("Design me a living room" -> "living_room"), or None (see
    ``find_room``)."""
    match = find_room(text, is_furnishing)
    return match.room_type if match else None
