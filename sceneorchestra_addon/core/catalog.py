"""The asset catalogue: every object category as data, in one literal tuple.

Per category: a size prior (typical, min and max width x depth x height in metres, width along
the object's local X, depth along Y with the front at -Y), the room types it belongs to, how it is
placed, which support surfaces it offers, its functional sides, the words users type for it, and
the name of its generator in ``assets.GENERATORS``.

Placement kinds:
  ``floor``    stands on the floor;
  ``wall``     hangs on a wall (its back at local ``y = +depth/2``), at a height;
  ``ceiling``  hangs from the ceiling (its top at the ceiling);
  ``on_top``   a small object standing on a supporter's top or shelf;
  ``opening``  architecture cut into a wall (room doors, windows).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

Placement = Literal["floor", "wall", "ceiling", "on_top", "opening"]
Size3 = tuple[float, float, float]

ROOM_TYPES: tuple[str, ...] = (
    "bedroom",
    "children_room",
    "nursery",
    "living_room",
    "dining_room",
    "kitchen",
    "bathroom",
    "home_office",
    "office",
    "meeting_room",
    "waiting_room",
    "classroom",
    "library",
    "bookstore",
    "restaurant",
    "cafe",
    "gym",
    "game_room",
    "playroom",
    "laundry_room",
    "garage",
    "workshop",
    "medical_room",
    "studio_apartment",
    "basement",
)

ALL_ROOMS: tuple[str, ...] = ROOM_TYPES


@dataclass(frozen=True)
class Category:
    name: str
    generator: str  # a key of assets.GENERATORS
    typical: Size3  # width, depth, height (m)
    min_size: Size3
    max_size: Size3
    rooms: tuple[str, ...]
    placement: Placement
    supports: tuple[str, ...] = ()  # support surface kinds it offers: top, shelf, inside, seat
    functional_sides: tuple[str, ...] = ()  # of front, back, left, right
    synonyms: tuple[str, ...] = ()  # other words users type, singular and plural
    articulated: bool = False  # carries revolute / prismatic joints
    counts_as_object: bool = True  # False for rugs, doors and windows (SceneWeaver's N_obj)

    @property
    def small(self) -> bool:
        return self.placement == "on_top"

    @property
    def supporter(self) -> bool:
        return bool(self.supports)


CATEGORIES: tuple[Category, ...] = (
    # --- family: beds_seating (begin) ---
    # --- family: beds_seating (end) ---
    # --- family: tables_storage (begin) ---
    # --- family: tables_storage (end) ---
    # --- family: kitchen_bath (begin) ---
    # --- family: kitchen_bath (end) ---
    # --- family: small_decor (begin) ---
    Category("plate", "tableware", (0.26, 0.26, 0.025), (0.15, 0.15, 0.015), (0.32, 0.32, 0.04),
             ("kitchen", "dining_room", "restaurant", "cafe", "studio_apartment", "living_room"),
             "on_top", synonyms=("dish", "dinner plate", "side plate", "saucer")),
    Category("cup", "tableware", (0.12, 0.085, 0.1), (0.08, 0.06, 0.06), (0.15, 0.11, 0.14),
             ("kitchen", "dining_room", "cafe", "restaurant", "office", "home_office", "meeting_room", "living_room",
              "studio_apartment", "waiting_room", "workshop", "garage", "basement"),
             "on_top", synonyms=("mug", "coffee mug", "coffee cup", "tea cup", "teacup")),
    Category("bowl", "tableware", (0.16, 0.16, 0.07), (0.1, 0.1, 0.04), (0.3, 0.3, 0.14),
             ("kitchen", "dining_room", "restaurant", "cafe", "studio_apartment", "living_room"),
             "on_top", synonyms=("soup bowl", "cereal bowl", "salad bowl", "serving bowl")),
    Category("vase", "tableware", (0.14, 0.14, 0.3), (0.08, 0.08, 0.15), (0.3, 0.3, 0.6),
             ("living_room", "dining_room", "bedroom", "restaurant", "cafe", "waiting_room", "meeting_room",
              "studio_apartment", "home_office", "office", "bookstore", "library", "bathroom"),
             "on_top", synonyms=("flower vase", "urn")),
    Category("bottle", "tableware", (0.075, 0.075, 0.3), (0.05, 0.05, 0.15), (0.11, 0.11, 0.38),
             ("kitchen", "dining_room", "restaurant", "cafe", "gym", "bathroom", "laundry_room", "garage", "workshop",
              "basement", "studio_apartment", "meeting_room", "game_room"),
             "on_top", synonyms=("wine bottle", "water bottle", "flask")),
    Category("jar", "tableware", (0.1, 0.1, 0.14), (0.06, 0.06, 0.07), (0.18, 0.18, 0.25),
             ("kitchen", "laundry_room", "workshop", "garage", "basement", "bathroom", "medical_room", "studio_apartment",
              "classroom"),
             "on_top", synonyms=("canister", "storage jar", "mason jar", "pot of jam")),
    Category("cooking_pot", "tableware", (0.31, 0.22, 0.16), (0.18, 0.14, 0.08), (0.5, 0.34, 0.3),
             ("kitchen", "studio_apartment", "restaurant"),
             "on_top", synonyms=("pot", "saucepan", "stockpot", "casserole", "cooking pan", "dutch oven")),
    Category("fruit_bowl", "tableware", (0.28, 0.28, 0.12), (0.18, 0.18, 0.07), (0.4, 0.4, 0.18),
             ("kitchen", "dining_room", "living_room", "studio_apartment", "cafe", "meeting_room", "waiting_room"),
             "on_top", synonyms=("fruit basket", "bowl of fruit", "fruit")),
    Category("candle", "tableware", (0.07, 0.07, 0.15), (0.03, 0.03, 0.05), (0.12, 0.12, 0.3),
             ("living_room", "dining_room", "bedroom", "bathroom", "restaurant", "studio_apartment"),
             "on_top", synonyms=("candlestick", "candle holder", "pillar candle", "tealight")),
    Category("soap_dispenser", "tableware", (0.075, 0.1, 0.18), (0.05, 0.065, 0.12), (0.11, 0.15, 0.24),
             ("bathroom", "kitchen", "laundry_room", "medical_room", "restaurant", "cafe", "gym"),
             "on_top", synonyms=("soap pump", "hand soap", "lotion dispenser", "soap")),
    Category("desk_organizer", "tableware", (0.1, 0.09, 0.15), (0.07, 0.06, 0.09), (0.22, 0.14, 0.2),
             ("home_office", "office", "classroom", "library", "bookstore", "meeting_room", "medical_room", "workshop",
              "children_room", "waiting_room"),
             "on_top", synonyms=("pen holder", "pen cup", "pencil holder", "pencil cup", "desk tidy")),
    # --- family: small_decor (end) ---
    # --- family: room_gym_misc (begin) ---
    # --- family: room_gym_misc (end) ---
)

BY_NAME: dict[str, Category] = {c.name: c for c in CATEGORIES}
CATEGORY_NAMES: tuple[str, ...] = tuple(c.name for c in CATEGORIES)


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("f"):
        return word[:-1] + "ves"
    return word + "s"


def _normalise(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


def _build_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for c in CATEGORIES:
        for w in (c.name, *c.synonyms):
            base = _normalise(w)
            for form in (base, _plural(base)):
                words.setdefault(form, c.name)
    return words


WORDS: dict[str, str] = _build_words()


def resolve(word: str) -> str | None:
    """The category a user's word means ("couch" -> "sofa", "bookcases" -> "bookshelf"), or None."""
    return WORDS.get(_normalise(word))


def closest(word: str) -> str | None:
    """The catalogue name closest in spelling to ``word`` (for "did you mean" hints)."""
    match = difflib.get_close_matches(word, CATEGORY_NAMES, n=1, cutoff=0.6)
    return match[0] if match else None


def for_room(room_type: str) -> tuple[Category, ...]:
    return tuple(c for c in CATEGORIES if room_type in c.rooms)
