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
import functools
import re
from dataclasses import dataclass
from typing import Literal

from .rooms import ROOM_TYPES  # the room table is the one list of room types

Placement = Literal["floor", "wall", "ceiling", "on_top", "opening"]
Size3 = tuple[float, float, float]

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
    loose: bool = False  # a light floor item people carry or push aside in normal use (chairs, stools, a bin)

    @property
    def small(self) -> bool:
        return self.placement == "on_top"

    @property
    def movable(self) -> bool:
        """Moved by hand in normal use: every small object (``on_top``) and the ``loose`` floor
        items. The simulator export makes these free bodies (export/model.py)."""
        return self.small or self.loose

    @property
    def supporter(self) -> bool:
        return bool(self.supports)


CATEGORIES: tuple[Category, ...] = (
    # --- family: beds_seating (begin) ---
    Category("single_bed", "bed", (1.0, 2.05, 0.95), (0.85, 1.9, 0.6), (1.3, 2.25, 1.35),
             ("bedroom", "children_room", "studio_apartment", "medical_room", "basement"), "floor",
             ("seat",), ("left", "right"), ("twin bed", "single", "day bed", "guest bed", "child bed")),
    Category("double_bed", "bed", (1.65, 2.1, 1.05), (1.35, 1.95, 0.6), (2.1, 2.3, 1.45),
             ("bedroom", "studio_apartment"), "floor",
             ("seat",), ("left", "right"), ("bed", "queen bed", "king bed", "full bed", "double", "queen size bed",
                                            "king size bed", "marital bed")),
    Category("bunk_bed", "bed", (1.0, 2.05, 1.65), (0.9, 1.95, 1.45), (1.5, 2.2, 1.9),
             ("children_room", "bedroom"), "floor",
             ("seat",), ("left", "right"), ("bunk", "bunkbed", "bunk beds", "loft bed", "double decker bed")),
    Category("baby_bed", "bed", (0.66, 1.26, 0.95), (0.55, 1.0, 0.8), (0.8, 1.45, 1.1),
             ("nursery", "bedroom", "children_room"), "floor",
             ("seat",), ("left", "right"), ("crib", "cot", "cradle", "baby cot", "baby crib", "infant bed", "bassinet", "moses basket")),
    Category("sofa", "soft", (2.1, 0.9, 0.85), (1.7, 0.75, 0.65), (3.0, 1.1, 1.05),
             ("living_room", "waiting_room", "studio_apartment", "game_room", "basement", "office", "library",
              "cafe", "playroom"), "floor",
             ("seat",), ("front",), ("couch", "settee", "three seater", "3 seater", "3 seater sofa", "lounge sofa", "divan", "chesterfield", "sofa bed",
                                     "sleeper sofa", "sectional", "sectional sofa", "corner sofa", "futon")),
    Category("loveseat", "soft", (1.5, 0.88, 0.85), (1.2, 0.75, 0.65), (1.75, 1.05, 1.05),
             ("living_room", "bedroom", "waiting_room", "studio_apartment", "office", "cafe", "library", "game_room"),
             "floor", ("seat",), ("front",), ("love seat", "two seater", "2 seater", "2 seater sofa", "small sofa", "small couch")),
    Category("armchair", "soft", (0.85, 0.85, 0.9), (0.65, 0.7, 0.7), (1.05, 1.05, 1.15),
             ("living_room", "bedroom", "library", "bookstore", "waiting_room", "office", "home_office", "nursery",
              "studio_apartment", "cafe", "medical_room", "meeting_room"), "floor",
             ("seat",), ("front",), ("arm chair", "easy chair", "lounge chair", "club chair", "reading chair",
                                     "accent chair", "wingback chair", "recliner", "occasional chair", "tub chair", "chaise longue", "chaise lounge")),
    Category("dining_chair", "seating", (0.45, 0.52, 0.9), (0.38, 0.42, 0.75), (0.58, 0.62, 1.1),
             ("dining_room", "kitchen", "restaurant", "cafe", "studio_apartment", "meeting_room", "game_room",
              "library", "home_office", "bookstore", "living_room"), "floor",
             ("seat",), ("front",), ("chair", "kitchen chair", "side chair", "wooden chair", "restaurant chair",
                                     "cafe chair"), loose=True),
    Category("office_chair", "seating", (0.64, 0.64, 1.05), (0.55, 0.55, 0.85), (0.75, 0.75, 1.3),
             ("office", "home_office", "meeting_room", "medical_room", "game_room", "library", "classroom", "studio_apartment", "waiting_room", "bedroom"),
             "floor", ("seat",), ("front",), ("swivel chair", "desk chair", "computer chair", "task chair",
                                              "gaming chair", "executive chair", "rolling chair"), loose=True),
    Category("stool", "seating", (0.38, 0.38, 0.46), (0.28, 0.28, 0.35), (0.5, 0.5, 0.6),
             ("kitchen", "bathroom", "workshop", "garage", "laundry_room", "medical_room", "classroom", "playroom",
              "studio_apartment", "gym"), "floor",
             ("seat",), ("front",), ("low stool", "step stool", "milking stool", "tabouret", "shop stool"), loose=True),
    Category("bar_stool", "seating", (0.42, 0.42, 0.76), (0.32, 0.32, 0.6), (0.55, 0.55, 0.9),
             ("kitchen", "restaurant", "cafe", "game_room", "basement", "studio_apartment", "workshop"), "floor",
             ("seat",), ("front",), ("barstool", "counter stool", "high stool", "bar chair", "kitchen stool"), loose=True),
    Category("bench", "seating", (1.2, 0.38, 0.45), (0.8, 0.3, 0.38), (2.0, 0.5, 0.55),
             ("gym", "bedroom", "waiting_room", "dining_room", "restaurant", "cafe", "classroom", "garage",
              "game_room", "playroom", "bookstore", "basement", "laundry_room", "workshop"), "floor",
             ("seat",), ("front", "back"), ("seating bench", "wooden bench", "locker room bench", "bed bench",
                                            "entryway bench", "pew", "locker bench", "changing room bench", "changing bench")),
    Category("ottoman", "soft", (0.6, 0.6, 0.42), (0.35, 0.35, 0.3), (1.1, 0.8, 0.5),
             ("living_room", "bedroom", "library", "nursery", "studio_apartment", "waiting_room", "game_room"), "floor",
             ("seat",), (), ("pouf", "pouffe", "footstool", "foot stool", "hassock", "footrest", "tuffet"), loose=True),
    Category("bean_bag", "soft", (0.85, 0.85, 0.7), (0.6, 0.6, 0.45), (1.2, 1.2, 0.95),
             ("children_room", "playroom", "game_room", "living_room", "basement", "studio_apartment", "library",
              "classroom", "bookstore"), "floor",
             ("seat",), (), ("beanbag", "bean bag chair", "beanbag chair", "sack chair", "floor cushion")),
    Category("waiting_chair", "seating", (1.65, 0.6, 0.82), (1.4, 0.5, 0.75), (2.0, 0.72, 0.95),
             ("waiting_room", "medical_room", "office", "gym", "classroom"), "floor",
             ("seat",), ("front",), ("chair row", "row of chairs", "waiting room chairs", "beam seating", "linked chairs",
                                     "airport seating", "waiting bench")),
    Category("classroom_chair", "seating", (0.44, 0.5, 0.82), (0.36, 0.4, 0.65), (0.5, 0.58, 0.9),
             ("classroom", "library", "meeting_room", "waiting_room", "office", "playroom"), "floor",
             ("seat",), ("front",), ("school chair", "student chair", "stacking chair", "pupil chair", "plastic chair"), loose=True),
    Category("kids_chair", "seating", (0.32, 0.32, 0.55), (0.25, 0.25, 0.4), (0.4, 0.4, 0.68),
             ("children_room", "playroom", "nursery", "classroom"), "floor",
             ("seat",), ("front",), ("child chair", "children's chair", "childrens chair", "kid chair", "toddler chair",
                                     "small chair"), loose=True),
    Category("rug", "soft", (2.0, 1.4, 0.012), (0.6, 0.4, 0.006), (3.5, 3.0, 0.025),
             ("bedroom", "children_room", "nursery", "living_room", "dining_room", "home_office", "office", "library",
              "playroom", "game_room", "studio_apartment", "bathroom", "meeting_room", "waiting_room", "classroom",
              "bookstore", "basement", "kitchen"), "floor",
             (), (), ("carpet", "area rug", "mat", "floor mat", "bath mat", "runner", "doormat"), counts_as_object=False),
    Category("pillow", "soft", (0.45, 0.45, 0.14), (0.3, 0.25, 0.08), (0.7, 0.6, 0.22),
             ("bedroom", "children_room", "nursery", "living_room", "studio_apartment", "playroom", "library",
              "game_room", "waiting_room", "basement", "cafe"), "on_top",
             (), (), ("cushion", "throw pillow", "throw cushion", "scatter cushion", "sofa cushion", "bed pillow")),
    # --- family: beds_seating (end) ---
    # --- family: tables_storage (begin) ---
    Category("dining_table", "tables", (1.6, 0.9, 0.75), (0.8, 0.75, 0.72), (2.4, 1.2, 0.78),
             ("dining_room", "kitchen", "living_room", "studio_apartment", "restaurant", "cafe", "library"), "floor",
             ("top",), ("front", "back", "left", "right"), ("kitchen table", "dinner table", "table", "eating table")),
    Category("coffee_table", "tables", (1.1, 0.6, 0.42), (0.6, 0.45, 0.3), (1.5, 1.0, 0.5),
             ("living_room", "waiting_room", "studio_apartment", "basement", "game_room", "library", "office"), "floor",
             ("top",), (), ("cocktail table", "center table", "centre table", "lounge table")),
    Category("side_table", "tables", (0.5, 0.5, 0.55), (0.35, 0.35, 0.45), (0.7, 0.7, 0.7),
             ("living_room", "bedroom", "waiting_room", "studio_apartment", "library", "basement", "home_office",
              "medical_room", "game_room", "bookstore"), "floor",
             ("top",), (), ("end table", "lamp table", "accent table", "occasional table")),
    Category("desk", "tables", (1.4, 0.7, 0.75), (1.0, 0.5, 0.72), (2.0, 0.9, 0.78),
             ("home_office", "office", "bedroom", "children_room", "studio_apartment", "library", "classroom",
              "medical_room", "workshop"), "floor",
             ("top",), ("front",), ("writing desk", "office desk", "computer desk", "work desk", "study desk",
                                    "teacher desk"), articulated=True),
    Category("conference_table", "tables", (2.8, 1.2, 0.75), (1.6, 0.9, 0.72), (5.0, 1.6, 0.78),
             ("meeting_room", "office", "library", "classroom"), "floor",
             ("top",), ("front", "back", "left", "right"), ("meeting table", "boardroom table", "board table")),
    Category("cafe_table", "tables", (0.7, 0.7, 0.75), (0.55, 0.55, 0.72), (0.9, 0.9, 1.1),
             ("cafe", "restaurant", "kitchen", "bookstore", "waiting_room", "game_room", "dining_room", "studio_apartment"), "floor",
             ("top",), ("front", "back", "left", "right"), ("bistro table", "bar table", "pub table", "cafe table",
                                                            "coffee shop table", "high table", "high top table", "poseur table", "bar height table",
                                                            "standing table")),
    Category("kids_table", "tables", (0.9, 0.6, 0.52), (0.5, 0.5, 0.4), (1.2, 0.8, 0.6),
             ("children_room", "playroom", "nursery", "classroom"), "floor",
             ("top",), ("front", "back", "left", "right"), ("children's table", "childrens table", "child table",
                                                            "play table", "activity table", "kid table")),
    Category("school_desk", "tables", (0.7, 0.5, 0.72), (0.6, 0.45, 0.55), (1.3, 0.6, 0.78),
             ("classroom", "children_room", "library"), "floor",
             ("top",), ("front",), ("student desk", "pupil desk", "classroom desk")),
    Category("reception_desk", "tables", (1.8, 0.8, 1.1), (1.2, 0.6, 1.0), (3.0, 1.0, 1.2),
             ("waiting_room", "office", "medical_room", "gym", "library", "bookstore", "cafe", "restaurant"), "floor",
             ("top",), ("front", "back"), ("front desk", "front counter", "reception counter", "checkout counter", "checkout desk", "cash desk", "till counter",
                                           "service counter", "information desk")),
    Category("nightstand", "storage", (0.5, 0.4, 0.55), (0.35, 0.3, 0.4), (0.7, 0.5, 0.75),
             ("bedroom", "children_room", "studio_apartment", "medical_room"), "floor",
             ("top",), ("front",), ("bedside table", "night table", "bedside cabinet", "night stand", "bedside", "bedside drawer", "bedside unit",
                                    "bedside chest"),
             articulated=True),
    Category("dresser", "storage", (1.2, 0.5, 0.85), (0.7, 0.4, 0.7), (1.8, 0.6, 1.3),
             ("bedroom", "children_room", "nursery", "studio_apartment"), "floor",
             ("top",), ("front",), ("chest of drawers", "bureau", "commode", "drawer chest", "chests of drawers", "tallboy", "lowboy", "drawers", "chest"),
             articulated=True),
    Category("wardrobe", "storage", (1.2, 0.6, 2.0), (0.8, 0.5, 1.7), (1.6, 0.7, 2.4),
             ("bedroom", "children_room", "nursery", "studio_apartment"), "floor",
             ("inside",), ("front",), ("closet", "armoire", "clothes cabinet", "clothes closet", "built-in wardrobe", "fitted wardrobe",
                                       "clothes cupboard", "chifforobe"), articulated=True),
    Category("bookshelf", "storage", (0.8, 0.32, 1.8), (0.4, 0.25, 0.7), (1.6, 0.45, 2.3),
             ("living_room", "library", "home_office", "office", "bedroom", "children_room", "classroom", "bookstore",
              "studio_apartment", "playroom", "waiting_room", "game_room", "basement", "meeting_room", "nursery"), "floor",
             ("shelf",), ("front",), ("bookcase", "shelves", "book shelf", "etagere", "book case", "book rack", "library shelf")),
    Category("storage_cabinet", "storage", (0.8, 0.45, 1.2), (0.4, 0.3, 0.6), (1.2, 0.6, 2.0),
             ("laundry_room", "garage", "workshop", "office", "home_office", "classroom", "medical_room", "basement",
              "bathroom", "gym", "playroom", "kitchen", "game_room"), "floor",
             ("inside",), ("front",), ("cabinet", "cupboard", "storage cupboard", "utility cabinet", "supply cabinet", "pantry", "pantry cabinet",
                                       "larder", "broom cupboard", "broom closet", "linen cupboard", "linen closet"),
             articulated=True),
    Category("tv_stand", "storage", (1.5, 0.42, 0.5), (0.9, 0.3, 0.35), (2.2, 0.55, 0.7),
             ("living_room", "bedroom", "studio_apartment", "game_room", "basement", "waiting_room", "playroom"), "floor",
             ("top",), ("front",), ("media console", "tv cabinet", "tv unit", "tv bench", "entertainment center",
                                    "media cabinet", "television stand"), articulated=True),
    Category("sideboard", "storage", (1.6, 0.45, 0.8), (1.0, 0.35, 0.65), (2.2, 0.55, 1.0),
             ("dining_room", "living_room", "restaurant", "meeting_room", "kitchen", "cafe"), "floor",
             ("top", "inside"), ("front",), ("buffet", "credenza", "buffet cabinet", "console cabinet"),
             articulated=True),
    Category("filing_cabinet", "storage", (0.47, 0.62, 1.02), (0.38, 0.45, 0.6), (1.0, 0.72, 1.4),
             ("office", "home_office", "medical_room", "classroom", "library", "basement", "workshop"), "floor",
             ("top",), ("front",), ("file cabinet", "filing drawers", "file drawer", "document cabinet"),
             articulated=True),
    Category("shoe_rack", "storage", (0.8, 0.3, 0.5), (0.5, 0.25, 0.3), (1.2, 0.4, 1.1),
             ("bedroom", "living_room", "studio_apartment", "gym", "children_room", "laundry_room", "garage", "basement"),
             "floor", ("shelf", "top"), ("front",), ("shoe shelf", "shoe stand", "shoe storage", "shoe bench")),
    Category("locker", "storage", (0.9, 0.45, 1.8), (0.3, 0.35, 0.9), (1.5, 0.55, 2.0),
             ("gym", "classroom", "workshop", "garage", "office", "basement"), "floor",
             ("inside",), ("front",), ("lockers", "locker bank", "gym locker", "school locker", "steel locker"),
             articulated=True),
    Category("display_shelf", "storage", (1.0, 0.4, 1.6), (0.6, 0.3, 0.9), (2.0, 0.6, 2.2),
             ("bookstore", "library", "cafe", "game_room", "waiting_room", "playroom"), "floor",
             ("shelf",), ("front",), ("display shelving", "display rack", "display unit", "shop shelf", "store shelf",
                                     "book display", "merchandise shelf")),
    Category("toy_chest", "storage", (0.8, 0.4, 0.45), (0.5, 0.3, 0.3), (1.1, 0.55, 0.6),
             ("children_room", "playroom", "nursery", "classroom", "living_room"), "floor",
             ("inside", "top"), ("front",), ("toy box", "toybox", "toy trunk", "blanket chest", "storage chest"),
             articulated=True),
    Category("shoe_cabinet", "storage", (0.8, 0.32, 1.0), (0.5, 0.24, 0.6), (1.3, 0.42, 1.4),
             ("bedroom", "living_room", "studio_apartment", "laundry_room", "basement", "children_room", "waiting_room"),
             "floor", ("top", "inside"), ("front",), ("shoe cupboard", "shoe closet", "shoe storage cabinet", "shoe chest",
                                                      "shoe organizer", "shoe organiser", "tipping shoe cabinet"),
             articulated=True),
    Category("changing_table", "storage", (0.9, 0.55, 0.95), (0.7, 0.45, 0.85), (1.2, 0.7, 1.05),
             ("nursery", "bedroom", "children_room"), "floor",
             ("top",), ("front",), ("changing unit", "changing station", "baby changing table", "baby changer",
                                    "diaper changing table", "nappy changing table", "changer", "diaper station",
                                    "changing dresser", "baby changing unit"),
             articulated=True),
    Category("china_cabinet", "storage", (1.0, 0.42, 1.9), (0.6, 0.32, 1.5), (1.6, 0.55, 2.2),
             ("dining_room", "living_room", "restaurant"), "floor",
             ("inside",), ("front",), ("display cabinet", "vitrine", "curio cabinet", "curio", "glass cabinet", "hutch",
                                       "china hutch", "showcase cabinet", "glass display cabinet", "welsh dresser",
                                       "china closet"),
             articulated=True),
    # --- family: tables_storage (end) ---
    # --- family: kitchen_bath (begin) ---
    Category(
        "kitchen_base_cabinet", "cabinetry", (0.6, 0.62, 0.9), (0.3, 0.5, 0.8), (1.2, 0.7, 0.96),
        ("kitchen", "studio_apartment", "restaurant", "cafe", "laundry_room", "basement"), "floor",
        supports=("top", "shelf", "inside"), functional_sides=("front",),
        synonyms=("base cabinet", "kitchen cabinet", "kitchen counter", "counter", "countertop", "worktop", "kitchen unit",
                  "lower cabinet", "base unit", "kitchen cupboard"),
        articulated=True,
    ),
    Category(
        "kitchen_sink_cabinet", "cabinetry", (0.8, 0.62, 1.15), (0.6, 0.5, 1.0), (1.2, 0.7, 1.3),
        ("kitchen", "studio_apartment", "restaurant", "cafe", "laundry_room", "basement"), "floor",
        supports=("top", "inside"), functional_sides=("front",),
        synonyms=("sink", "kitchen sink", "sink unit", "sink cabinet", "sink base", "utility sink"),
        articulated=True,
    ),
    Category(
        "kitchen_wall_cabinet", "cabinetry", (0.6, 0.33, 0.72), (0.3, 0.28, 0.35), (1.2, 0.4, 0.95),
        ("kitchen", "studio_apartment", "restaurant", "cafe", "laundry_room", "basement"), "wall",
        supports=("shelf", "inside"), functional_sides=("front",),
        synonyms=("wall cabinet", "upper cabinet", "kitchen wall cabinet", "wall cupboard", "overhead cabinet", "wall unit",
                  "kitchen wall unit", "hanging cabinet"),
        articulated=True,
    ),
    Category(
        "kitchen_island", "cabinetry", (1.8, 0.95, 0.92), (1.0, 0.6, 0.86), (3.0, 1.3, 1.0),
        ("kitchen", "studio_apartment", "restaurant"), "floor",
        supports=("top", "inside"), functional_sides=("front", "back"),
        synonyms=("island", "kitchen island", "island counter", "island unit", "breakfast bar", "kitchen island counter"),
        articulated=True,
    ),
    Category(
        "fridge", "appliance", (0.7, 0.72, 1.8), (0.5, 0.55, 0.85), (0.95, 0.85, 2.0),
        ("kitchen", "studio_apartment", "restaurant", "cafe", "basement", "garage", "office"), "floor",
        supports=("shelf", "inside"), functional_sides=("front",),
        synonyms=("refrigerator", "fridge freezer", "fridge-freezer", "freezer", "icebox", "mini fridge", "refrigerator freezer"),
        articulated=True,
    ),
    Category(
        "oven", "appliance", (0.6, 0.64, 0.95), (0.5, 0.55, 0.88), (0.9, 0.72, 1.15),
        ("kitchen", "studio_apartment", "restaurant", "cafe"), "floor",
        supports=("top",), functional_sides=("front",),
        synonyms=("stove", "range", "cooker", "cooking range", "kitchen stove", "range cooker", "stovetop", "cooktop", "hob", "gas stove",
                  "electric stove", "gas cooker", "electric cooker", "wall oven", "oven range"),
        articulated=True,
    ),
    Category(
        "dishwasher", "appliance", (0.6, 0.6, 0.85), (0.45, 0.55, 0.8), (0.62, 0.65, 0.9),
        ("kitchen", "studio_apartment", "restaurant", "cafe"), "floor",
        functional_sides=("front",),
        synonyms=("dish washer", "dishwashing machine", "dish washing machine"),
        articulated=True,
    ),
    Category(
        "microwave", "appliance", (0.48, 0.37, 0.28), (0.4, 0.3, 0.22), (0.6, 0.45, 0.36),
        ("kitchen", "studio_apartment", "cafe", "restaurant", "office"), "on_top",
        functional_sides=("front",),
        synonyms=("microwave oven", "micro wave", "microwave cooker"),
        articulated=True,
    ),
    Category(
        "washing_machine", "appliance", (0.6, 0.6, 0.85), (0.55, 0.45, 0.8), (0.7, 0.7, 0.95),
        ("laundry_room", "bathroom", "basement", "garage", "studio_apartment", "kitchen"), "floor",
        supports=("top",), functional_sides=("front",),
        synonyms=("washer", "laundry machine", "clothes washer", "washer machine", "front loader"),
        articulated=True,
    ),
    Category(
        "dryer", "appliance", (0.6, 0.6, 0.85), (0.55, 0.45, 0.8), (0.7, 0.7, 0.95),
        ("laundry_room", "basement", "garage", "bathroom"), "floor",
        supports=("top",), functional_sides=("front",),
        synonyms=("tumble dryer", "clothes dryer", "drier", "tumble drier", "dryer machine"),
        articulated=True,
    ),
    Category(
        "toilet", "bath_fixture", (0.4, 0.68, 0.8), (0.34, 0.5, 0.7), (0.5, 0.8, 1.05),
        ("bathroom",), "floor",
        functional_sides=("front",),
        synonyms=("wc", "loo", "water closet", "lavatory", "toilet bowl", "restroom toilet"),
        articulated=True,
    ),
    Category(
        "bathtub", "bath_fixture", (1.7, 0.75, 0.58), (1.2, 0.65, 0.45), (1.9, 0.95, 0.75),
        ("bathroom",), "floor",
        functional_sides=("front",),
        synonyms=("bath", "tub", "bath tub", "soaking tub", "freestanding tub", "clawfoot tub", "claw foot bath", "whirlpool bath", "jacuzzi"),
    ),
    Category(
        "shower", "bath_fixture", (0.9, 0.9, 2.0), (0.7, 0.7, 1.85), (1.4, 1.2, 2.2),
        ("bathroom", "gym"), "floor",
        functional_sides=("front",),
        synonyms=("shower stall", "shower cabin", "shower enclosure", "shower cubicle", "shower box", "walk-in shower", "walk in shower", "shower unit"),
        articulated=True,
    ),
    Category(
        "bathroom_vanity", "cabinetry", (0.8, 0.48, 1.05), (0.5, 0.38, 0.95), (1.4, 0.6, 1.2),
        ("bathroom", "medical_room"), "floor",
        supports=("top", "inside"), functional_sides=("front",),
        synonyms=("vanity", "bathroom sink", "washbasin", "wash basin", "basin", "vanity unit", "hand basin", "washstand",
                  "lavatory sink"),
        articulated=True,
    ),
    Category(
        "towel_rack", "bath_fixture", (0.6, 0.1, 0.5), (0.3, 0.07, 0.25), (1.0, 0.16, 1.2),
        ("bathroom", "kitchen", "gym", "laundry_room"), "wall",
        synonyms=("towel rail", "towel bar", "towel holder", "towel ladder", "towel warmer", "heated towel rail"),
    ),
    Category(
        "laundry_basket", "bath_fixture", (0.45, 0.35, 0.55), (0.3, 0.25, 0.35), (0.65, 0.5, 0.7),
        ("bathroom", "laundry_room", "bedroom", "basement", "children_room"), "floor",
        synonyms=("hamper", "laundry hamper", "clothes basket", "laundry bin", "washing basket", "clothes hamper", "linen basket",
                  "dirty clothes basket", "washing bin"),
        loose=True,
    ),
    Category(
        "ironing_board", "bath_fixture", (1.3, 0.38, 0.9), (1.0, 0.3, 0.7), (1.55, 0.48, 1.0),
        ("laundry_room", "basement", "studio_apartment", "bedroom"), "floor",
        functional_sides=("front",),
        synonyms=("ironing table", "iron board", "ironing station"),
    ),
    Category(
        "exam_table", "bath_fixture", (1.9, 0.7, 0.9), (1.7, 0.55, 0.8), (2.1, 0.85, 1.05),
        ("medical_room",), "floor",
        functional_sides=("front",),
        synonyms=("examination table", "medical bed", "treatment couch", "exam couch", "examination couch", "treatment table",
                  "medical table", "examination bed", "exam bed", "doctor's table"),
    ),
    Category(
        "medical_cabinet", "cabinetry", (0.8, 0.4, 1.8), (0.5, 0.3, 1.2), (1.2, 0.5, 2.0),
        ("medical_room",), "floor",
        supports=("shelf", "inside"), functional_sides=("front",),
        synonyms=("medical cupboard", "medicine cupboard", "drug cabinet", "pharmacy cabinet",
                  "instrument cabinet", "medical glass cabinet"),
        articulated=True,
    ),
    Category(
        "trash_can", "bath_fixture", (0.3, 0.3, 0.45), (0.2, 0.2, 0.25), (0.5, 0.45, 0.8),
        ("kitchen", "bathroom", "office", "home_office", "classroom", "medical_room", "cafe", "restaurant", "waiting_room",
         "garage", "workshop", "bedroom", "children_room", "nursery", "meeting_room", "library", "bookstore", "gym",
         "game_room", "playroom", "laundry_room", "studio_apartment", "basement", "living_room", "dining_room"), "floor",
        synonyms=("bin", "wastebasket", "waste basket", "garbage can", "rubbish bin", "trash bin", "dustbin", "waste bin",
                  "litter bin", "garbage bin", "trashcan", "recycling bin", "pedal bin"),
        loose=True,
    ),
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
              "basement", "studio_apartment", "meeting_room", "game_room", "medical_room"),
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
              "children_room", "waiting_room", "playroom"),
             "on_top", synonyms=("pen holder", "pen cup", "pencil holder", "pencil cup", "desk tidy")),
    Category("book", "decor", (0.16, 0.23, 0.035), (0.11, 0.16, 0.02), (0.25, 0.33, 0.06),
             ("bedroom", "children_room", "nursery", "living_room", "home_office", "office", "library", "bookstore",
              "classroom", "waiting_room", "studio_apartment", "cafe", "meeting_room", "playroom", "medical_room",
              "basement"),
             "on_top", synonyms=("novel", "textbook", "hardcover", "paperback", "magazine")),
    Category("small_plant", "decor", (0.18, 0.18, 0.3), (0.08, 0.08, 0.12), (0.4, 0.4, 0.6),
             ("living_room", "bedroom", "kitchen", "bathroom", "home_office", "office", "meeting_room", "waiting_room",
              "classroom", "library", "bookstore", "cafe", "restaurant", "studio_apartment", "medical_room",
              "dining_room", "children_room", "gym"),
             "on_top", synonyms=("houseplant", "house plant", "plant", "succulent", "cactus", "flower pot",
                                 "table plant")),
    Category("potted_plant", "decor", (0.55, 0.55, 1.3), (0.3, 0.3, 0.6), (1.0, 1.0, 2.2),
             ("living_room", "office", "meeting_room", "waiting_room", "cafe", "restaurant", "home_office",
              "dining_room", "library", "bookstore", "gym", "medical_room", "studio_apartment", "bedroom", "classroom",
              "children_room", "nursery", "game_room", "kitchen", "bathroom", "playroom", "laundry_room", "basement", "workshop", "garage"),
             "floor", synonyms=("floor plant", "indoor tree", "ficus", "palm", "monstera", "tall plant", "tree")),
    Category("picture_frame", "decor", (0.15, 0.08, 0.2), (0.09, 0.05, 0.12), (0.3, 0.14, 0.35),
             ("bedroom", "living_room", "home_office", "office", "children_room", "nursery", "studio_apartment",
              "dining_room"),
             "on_top", functional_sides=("front",), synonyms=("photo frame", "photo", "photograph", "framed photo")),
    Category("box", "decor", (0.35, 0.25, 0.2), (0.15, 0.12, 0.08), (0.6, 0.45, 0.4),
             ("children_room", "playroom", "nursery", "bedroom", "garage", "workshop", "basement", "laundry_room",
              "office", "home_office", "classroom", "bookstore", "library", "game_room", "studio_apartment",
              "medical_room", "gym", "bathroom", "meeting_room"),
             "on_top", synonyms=("storage box", "storage bin", "crate", "container", "file box", "archive box", "banker's box", "storage crate",
                                 "tote", "storage tote", "plastic tub")),
    Category("toy", "decor", (0.22, 0.18, 0.26), (0.1, 0.08, 0.08), (0.45, 0.4, 0.5),
             ("children_room", "nursery", "playroom", "game_room", "classroom", "waiting_room", "living_room"),
             "on_top", synonyms=("teddy bear", "teddy", "stuffed animal", "plush toy", "toy blocks", "building blocks")),
    Category("towel", "decor", (0.3, 0.2, 0.06), (0.15, 0.12, 0.02), (0.5, 0.35, 0.15),
             ("bathroom", "laundry_room", "gym", "bedroom", "medical_room", "nursery"),
             "on_top", synonyms=("folded towel", "bath towel", "hand towel", "towels")),
    Category("wall_art", "decor", (0.8, 0.03, 0.6), (0.25, 0.015, 0.2), (1.8, 0.06, 1.3),
             ("living_room", "bedroom", "dining_room", "home_office", "office", "meeting_room", "waiting_room",
              "restaurant", "cafe", "studio_apartment", "children_room", "nursery", "playroom", "library", "bookstore",
              "medical_room", "game_room", "bathroom", "classroom", "kitchen", "basement", "garage"),
             "wall", functional_sides=("front",),
             synonyms=("painting", "poster", "art", "artwork", "canvas", "print", "framed picture", "wall picture", "picture")),
    Category("mirror", "decor", (0.6, 0.03, 0.9), (0.3, 0.015, 0.4), (1.2, 0.06, 1.9),
             ("bathroom", "bedroom", "living_room", "gym", "children_room", "studio_apartment", "restaurant", "cafe",
              "dining_room", "medical_room"),
             "wall", functional_sides=("front",), synonyms=("wall mirror", "looking glass", "vanity mirror", "full length mirror",
                                                            "full-length mirror", "floor mirror", "dressing mirror", "gym mirror", "bathroom mirror")),
    Category("wall_clock", "decor", (0.3, 0.045, 0.3), (0.2, 0.03, 0.2), (0.6, 0.08, 0.6),
             ("kitchen", "living_room", "office", "classroom", "meeting_room", "waiting_room", "restaurant", "cafe", "gym",
              "workshop", "garage", "medical_room", "library", "dining_room", "home_office", "studio_apartment",
              "laundry_room", "basement"),
             "wall", functional_sides=("front",), synonyms=("clock", "kitchen clock")),
    Category("wall_shelf", "decor", (0.8, 0.22, 0.12), (0.3, 0.12, 0.05), (1.5, 0.35, 0.25),
             ("bedroom", "children_room", "nursery", "living_room", "kitchen", "bathroom", "home_office", "office",
              "studio_apartment", "laundry_room", "garage", "workshop", "basement", "playroom", "cafe", "classroom",
              "game_room"),
             "wall", functional_sides=("front",), supports=("top",),
             synonyms=("floating shelf", "hanging shelf", "wall rack", "ledge")),
    Category("table_lamp", "lighting", (0.35, 0.35, 0.55), (0.18, 0.18, 0.3), (0.55, 0.55, 0.85),
             ("bedroom", "living_room", "home_office", "office", "children_room", "nursery", "library", "studio_apartment",
              "waiting_room", "bookstore", "cafe", "game_room", "restaurant", "playroom"),
             "on_top", synonyms=("lamp", "bedside lamp", "reading lamp", "night light", "nightlight")),
    Category("floor_lamp", "lighting", (0.45, 0.45, 1.6), (0.25, 0.25, 1.2), (1.9, 0.6, 2.1),
             ("living_room", "bedroom", "home_office", "library", "studio_apartment", "waiting_room", "game_room",
              "basement", "office", "children_room", "cafe", "bookstore", "nursery"),
             "floor", synonyms=("standing lamp", "standard lamp", "arc lamp", "torchiere", "floor light")),
    Category("ceiling_light", "lighting", (0.4, 0.4, 0.35), (0.2, 0.2, 0.08), (0.8, 0.8, 1.2),
             ("bedroom", "children_room", "nursery", "living_room", "dining_room", "kitchen", "bathroom", "home_office",
              "office", "meeting_room", "waiting_room", "classroom", "library", "bookstore", "restaurant", "cafe", "gym",
              "game_room", "playroom", "laundry_room", "garage", "workshop", "medical_room", "studio_apartment",
              "basement"),
             "ceiling", synonyms=("ceiling lamp", "pendant", "pendant light", "pendant lamp", "chandelier",
                                  "light fixture", "ceiling fixture", "light", "downlight", "spotlight", "ceiling spotlight", "lantern")),
    Category("monitor", "electronics", (0.6, 0.2, 0.46), (0.35, 0.12, 0.28), (0.9, 0.3, 0.65),
             ("home_office", "office", "game_room", "classroom", "library", "medical_room", "studio_apartment", "bedroom",
              "workshop", "bookstore", "meeting_room", "waiting_room"),
             "on_top", functional_sides=("front",),
             synonyms=("computer monitor", "screen", "display", "computer screen", "computer", "pc")),
    Category("keyboard", "electronics", (0.44, 0.14, 0.03), (0.28, 0.1, 0.015), (0.5, 0.2, 0.05),
             ("home_office", "office", "game_room", "classroom", "library", "medical_room", "studio_apartment", "bedroom",
              "workshop", "bookstore", "waiting_room"),
             "on_top", functional_sides=("front",), synonyms=("computer keyboard", "keypad")),
    Category("laptop", "electronics", (0.33, 0.285, 0.23), (0.25, 0.17, 0.15), (0.42, 0.4, 0.3),
             ("home_office", "office", "meeting_room", "bedroom", "living_room", "studio_apartment", "classroom", "library",
              "cafe", "waiting_room", "medical_room"),
             "on_top", functional_sides=("front",), synonyms=("notebook computer", "notebook", "macbook", "laptop computer"),
             articulated=True),
    Category("tv", "electronics", (1.23, 0.25, 0.8), (0.7, 0.15, 0.45), (1.9, 0.4, 1.2),
             ("living_room", "bedroom", "game_room", "studio_apartment", "basement", "waiting_room", "children_room",
              "playroom"),
             "on_top", functional_sides=("front",), synonyms=("television", "tv set", "telly", "flat screen", "flatscreen")),
    Category("wall_tv", "electronics", (1.23, 0.05, 0.72), (0.7, 0.025, 0.4), (2.0, 0.12, 1.16),
             ("living_room", "bedroom", "game_room", "meeting_room", "waiting_room", "gym", "restaurant", "cafe",
              "studio_apartment", "basement", "office"),
             "wall", functional_sides=("front",),
             synonyms=("wall mounted tv", "wall-mounted tv", "mounted tv", "wall television", "wall screen", "wall mounted television",
                       "mounted television", "wall tv")),
    # --- family: small_decor (end) ---
    # --- family: room_gym_misc (begin) ---
    Category(
        "door", "architecture", (0.9, 0.15, 2.1), (0.7, 0.1, 1.95), (1.1, 0.3, 2.4), ROOM_TYPES, "opening",
        functional_sides=("front", "back"),
        synonyms=("room door", "interior door", "entrance door", "entry door", "front door", "doorway", "swing door"),
        articulated=True, counts_as_object=False,
    ),
    Category(
        "window", "architecture", (1.2, 0.16, 1.3), (0.4, 0.08, 0.4), (2.4, 0.35, 2.2), ROOM_TYPES, "opening",
        functional_sides=("front",),
        synonyms=("casement window", "sash window", "window pane", "glazing", "double window", "picture window"),
        counts_as_object=False,
    ),
    Category(
        "whiteboard", "architecture", (1.5, 0.06, 1.0), (0.6, 0.03, 0.45), (3.0, 0.12, 1.5),
        ("classroom", "meeting_room", "office", "home_office", "children_room", "playroom", "medical_room", "workshop",
         "kitchen", "library"),
        "wall", functional_sides=("front",),
        synonyms=("white board", "dry erase board", "dry-erase board", "marker board", "wipe board"),
    ),
    Category(
        "chalkboard", "architecture", (1.5, 0.05, 1.0), (0.5, 0.03, 0.4), (3.6, 0.12, 1.5),
        ("classroom", "cafe", "restaurant", "children_room", "playroom", "kitchen", "nursery"),
        "wall", functional_sides=("front",),
        synonyms=("blackboard", "black board", "chalk board", "menu board", "slate board", "chalkboard menu", "blackboard menu"),
    ),
    Category(
        "projector_screen", "architecture", (2.0, 0.1, 1.6), (1.2, 0.06, 0.9), (3.4, 0.2, 2.6),
        ("meeting_room", "classroom", "office", "living_room", "basement", "game_room"),
        "wall", functional_sides=("front",),
        synonyms=("projection screen", "pull down screen", "pull-down screen", "movie screen", "roll up screen",
                  "cinema screen"),
    ),
    Category(
        "treadmill", "gym", (0.85, 1.9, 1.45), (0.65, 1.4, 1.15), (1.0, 2.3, 1.7), ("gym", "basement", "garage"),
        "floor", functional_sides=("front",),
        synonyms=("running machine", "walking machine", "jogging machine", "running treadmill"),
    ),
    Category(
        "exercise_bike", "gym", (0.55, 1.1, 1.3), (0.45, 0.8, 1.0), (0.7, 1.5, 1.5),
        ("gym", "basement", "garage", "bedroom"),
        "floor", functional_sides=("left", "right"),
        synonyms=("stationary bike", "spin bike", "spinning bike", "exercise bicycle", "indoor bike", "exercycle",
                  "fitness bike"),
    ),
    Category(
        "weight_bench", "gym", (0.6, 1.25, 0.45), (0.4, 1.0, 0.38), (0.75, 1.6, 0.55), ("gym", "basement", "garage"),
        "floor", supports=("seat",), functional_sides=("left", "right"),
        synonyms=("workout bench", "gym bench", "exercise bench", "bench press", "flat bench", "adjustable bench",
                  "training bench"),
    ),
    Category(
        "dumbbell_rack", "gym", (1.1, 0.55, 0.85), (0.5, 0.35, 0.55), (2.0, 0.8, 1.1), ("gym", "basement", "garage"),
        "floor", supports=("shelf",), functional_sides=("front",),
        synonyms=("dumbbell stand", "weight rack", "dumbbell set", "free weights", "dumbbells", "hand weights"),
    ),
    Category(
        "yoga_mat", "gym", (0.61, 1.83, 0.006), (0.55, 1.5, 0.003), (0.8, 2.2, 0.015),
        ("gym", "bedroom", "living_room", "studio_apartment", "basement", "medical_room", "home_office"),
        "floor",
        synonyms=("exercise mat", "gym mat", "fitness mat", "pilates mat", "workout mat", "yoga mats"),
    ),
    Category(
        "rowing_machine", "gym", (0.55, 2.2, 0.9), (0.45, 1.8, 0.5), (0.7, 2.6, 1.1), ("gym", "basement", "garage"),
        "floor", functional_sides=("left", "right"),
        synonyms=("rower", "indoor rower", "rowing ergometer", "erg", "row machine", "water rower"),
    ),
    Category(
        "punching_bag", "gym", (0.9, 1.2, 2.1), (0.6, 0.8, 1.6), (1.3, 1.6, 2.5), ("gym", "basement", "garage"),
        "floor", functional_sides=("front",),
        synonyms=("boxing bag", "heavy bag", "punch bag", "punchbag", "kick bag", "kickboxing bag", "bag stand"),
    ),
    Category(
        "pool_table", "play", (2.4, 1.35, 0.8), (1.8, 1.0, 0.74), (3.0, 1.75, 0.86),
        ("game_room", "basement", "living_room"),
        "floor", supports=("top",), functional_sides=("front", "back", "left", "right"),
        synonyms=("billiard table", "billiards table", "snooker table", "pool", "billiards", "snooker"),
    ),
    Category(
        "foosball_table", "play", (1.4, 1.2, 0.92), (0.9, 0.85, 0.8), (1.6, 1.5, 1.0),
        ("game_room", "basement", "playroom", "office", "cafe"),
        "floor", functional_sides=("front", "back"),
        synonyms=("table football", "foosball", "table soccer", "kicker table", "babyfoot"),
    ),
    Category(
        "arcade_machine", "play", (0.7, 0.85, 1.8), (0.55, 0.6, 1.5), (0.9, 1.1, 2.0),
        ("game_room", "basement", "playroom", "cafe"),
        "floor", functional_sides=("front",),
        synonyms=("arcade cabinet", "arcade game", "arcade", "video game cabinet", "retro arcade", "coin op machine"),
    ),
    Category(
        "ping_pong_table", "play", (2.74, 1.525, 0.91), (1.8, 1.0, 0.85), (2.8, 1.6, 0.95),
        ("game_room", "basement", "garage", "gym"),
        "floor", supports=("top",), functional_sides=("left", "right"),
        synonyms=("table tennis table", "table tennis", "ping-pong table", "pingpong table", "ping pong"),
    ),
    Category(
        "piano", "play", (1.5, 0.6, 1.25), (1.35, 0.5, 1.05), (1.6, 0.7, 1.4),
        ("living_room", "dining_room", "classroom", "restaurant", "cafe", "library", "studio_apartment"),
        "floor", supports=("top",), functional_sides=("front",),
        synonyms=("upright piano", "console piano", "pianoforte", "upright", "digital piano", "electric piano", "piano keyboard"),
        articulated=True,
    ),
    Category(
        "play_kitchen", "play", (0.8, 0.32, 0.9), (0.55, 0.25, 0.6), (1.2, 0.45, 1.1),
        ("playroom", "children_room", "nursery"),
        "floor", supports=("top", "shelf"), functional_sides=("front",),
        synonyms=("toy kitchen", "pretend kitchen", "kids kitchen", "children's kitchen", "play stove"),
        articulated=True,
    ),
    Category(
        "playhouse_tent", "play", (1.2, 1.2, 1.6), (0.9, 0.9, 1.2), (1.6, 1.6, 2.0),
        ("playroom", "children_room", "nursery"),
        "floor", functional_sides=("front",),
        synonyms=("play tent", "kids tent", "teepee", "tipi", "play teepee", "playhouse", "wigwam", "children's tent", "teepee tent",
                  "tipi tent", "tent"),
    ),
    Category(
        "workbench", "workshop", (1.8, 0.75, 0.9), (1.0, 0.5, 0.75), (2.5, 1.0, 1.0), ("workshop", "garage", "basement"),
        "floor", supports=("top", "shelf"), functional_sides=("front",),
        synonyms=("work bench", "work table", "worktable", "workshop table", "tool bench", "carpenter's bench", "woodworking bench"),
    ),
    Category(
        "tool_cabinet", "workshop", (0.7, 0.46, 1.0), (0.5, 0.3, 0.6), (1.2, 0.6, 1.3), ("workshop", "garage", "basement"),
        "floor", supports=("top",), functional_sides=("front",),
        synonyms=("tool chest", "rolling tool chest", "tool cart", "mechanic's chest", "toolbox cabinet", "tool trolley"),
        articulated=True,
    ),
    Category(
        "shelving_unit", "workshop", (0.9, 0.45, 1.8), (0.6, 0.3, 0.9), (1.8, 0.7, 2.2),
        ("garage", "basement", "library", "workshop", "laundry_room", "bookstore", "gym"),
        "floor", supports=("shelf",), functional_sides=("front",),
        synonyms=("storage rack", "metal shelf", "metal rack", "utility shelf", "storage shelf", "shelving",
                  "garage shelf", "wire shelf", "shelf rack"),
    ),
    Category(
        "coat_rack", "workshop", (0.5, 0.5, 1.8), (0.35, 0.35, 1.5), (0.7, 0.7, 2.0),
        ("bedroom", "living_room", "office", "home_office", "waiting_room", "restaurant", "cafe", "medical_room",
         "classroom", "meeting_room", "studio_apartment", "children_room"),
        "floor",
        synonyms=("coat stand", "hat stand", "hat rack", "hall stand", "coat tree", "clothes stand", "hall tree", "hat tree", "coat hanger stand",
                  "standing coat rack"),
    ),
    Category(
        "water_dispenser", "workshop", (0.32, 0.34, 1.3), (0.26, 0.28, 0.9), (0.42, 0.45, 1.5),
        ("office", "waiting_room", "gym", "classroom", "medical_room", "kitchen", "meeting_room", "library",
         "workshop"),
        "floor", functional_sides=("front",),
        synonyms=("water cooler", "water station", "bottled water dispenser", "drinking water dispenser", "water fountain", "drinking fountain"),
    ),
    # --- family: room_gym_misc (end) ---
    # --- family: household (begin) ---
    Category(
        "bar_cart", "household", (0.8, 0.45, 0.85), (0.55, 0.35, 0.65), (1.1, 0.6, 1.0),
        ("living_room", "dining_room", "restaurant", "cafe", "game_room", "basement", "studio_apartment"),
        "floor", supports=("top", "shelf"), functional_sides=("front",),
        synonyms=("bar trolley", "drinks trolley", "drinks cart", "drink cart", "serving cart", "serving trolley", "tea trolley",
                  "tea cart", "cocktail cart"),
    ),
    Category(
        "kitchen_cart", "household", (0.7, 0.45, 0.9), (0.45, 0.35, 0.75), (1.2, 0.65, 1.0),
        ("kitchen", "studio_apartment", "restaurant", "cafe", "laundry_room"),
        "floor", supports=("top", "shelf"), functional_sides=("front",),
        synonyms=("kitchen trolley", "trolley", "utility cart", "rolling cart", "utility trolley", "butcher block cart",
                  "island cart", "kitchen island cart", "service cart"),
    ),
    Category(
        "book_cart", "household", (0.9, 0.45, 1.0), (0.6, 0.35, 0.75), (1.2, 0.6, 1.25),
        ("library", "bookstore", "classroom"),
        "floor", supports=("shelf",), functional_sides=("front", "back"),
        synonyms=("library cart", "book trolley", "library trolley", "book truck", "returns cart"),
    ),
    Category(
        "umbrella_stand", "household", (0.25, 0.25, 0.55), (0.18, 0.18, 0.4), (0.4, 0.4, 0.7),
        ("waiting_room", "office", "living_room", "restaurant", "cafe", "library", "bookstore", "medical_room"),
        "floor",
        synonyms=("umbrella holder", "umbrella bin", "umbrella rack", "umbrella basket", "brolly stand"),
    ),
    Category(
        "magazine_rack", "household", (0.4, 0.3, 0.5), (0.25, 0.2, 0.3), (0.9, 0.4, 1.5),
        ("waiting_room", "living_room", "library", "bookstore", "medical_room", "office", "bathroom", "cafe"),
        "floor", functional_sides=("front",),
        synonyms=("magazine holder", "magazine stand", "newspaper rack", "newspaper holder", "periodical rack",
                  "literature rack", "brochure stand", "magazine rack"),
    ),
    Category(
        "plant_stand", "household", (0.35, 0.35, 0.7), (0.25, 0.25, 0.4), (0.6, 0.6, 1.1),
        ("living_room", "bedroom", "home_office", "office", "waiting_room", "cafe", "library", "dining_room",
         "studio_apartment", "bookstore"),
        "floor", supports=("top",),
        synonyms=("plant table", "flower stand", "plant pedestal", "pedestal stand", "plant holder", "jardiniere",
                  "plant shelf"),
    ),
    Category(
        "room_divider", "household", (1.6, 0.45, 1.75), (1.0, 0.3, 1.4), (2.4, 0.7, 2.0),
        ("living_room", "bedroom", "studio_apartment", "medical_room", "restaurant", "cafe", "office", "home_office"),
        "floor", functional_sides=("front", "back"),
        synonyms=("folding screen", "privacy screen", "divider screen", "partition screen", "screen divider", "shoji screen",
                  "paravent", "dressing screen", "ward screen", "medical screen", "divider", "room partition"),
    ),
    Category(
        "office_partition", "household", (1.4, 0.5, 1.5), (0.8, 0.4, 1.0), (1.8, 0.7, 1.9),
        ("office", "meeting_room", "library", "classroom", "waiting_room", "medical_room"),
        "floor", functional_sides=("front", "back"),
        synonyms=("cubicle partition", "cubicle wall", "office divider", "office screen", "partition", "partition wall",
                  "acoustic panel", "acoustic screen", "desk partition", "freestanding partition", "cubicle"),
    ),
    Category(
        "console_table", "household", (1.1, 0.35, 0.78), (0.7, 0.25, 0.7), (1.6, 0.45, 0.9),
        ("living_room", "bedroom", "dining_room", "waiting_room", "studio_apartment", "office", "restaurant"),
        "floor", supports=("top",), functional_sides=("front",),
        synonyms=("hall table", "hallway table", "entryway table", "entry table", "sofa table", "console",
                  "sofa back table", "narrow table"),
    ),
    Category(
        "dressing_table", "household", (1.0, 0.45, 1.45), (0.7, 0.35, 1.1), (1.4, 0.55, 1.8),
        ("bedroom", "studio_apartment"),
        "floor", supports=("top",), functional_sides=("front",),
        synonyms=("vanity table", "makeup table", "make-up table", "makeup vanity", "vanity desk", "dressing table with mirror",
                  "bedroom vanity", "vanity dresser"),
        articulated=True,
    ),
    Category(
        "drying_rack", "household", (1.4, 0.55, 0.95), (0.8, 0.4, 0.6), (1.8, 0.7, 1.3),
        ("laundry_room", "bathroom", "basement", "studio_apartment", "garage"),
        "floor", functional_sides=("front", "back"),
        synonyms=("clothes drying rack", "clothes horse", "clothes airer", "airer", "laundry rack", "laundry drying rack",
                  "clothes dryer rack", "drying horse"),
    ),
    Category(
        "step_ladder", "household", (0.5, 0.7, 1.5), (0.4, 0.45, 0.8), (0.65, 1.1, 2.2),
        ("garage", "workshop", "basement", "laundry_room", "library", "bookstore"),
        "floor", functional_sides=("front",),
        synonyms=("ladder", "stepladder", "library ladder", "folding ladder", "a-frame ladder", "kitchen steps",
                  "step ladders", "steps"),
    ),
    Category(
        "fireplace", "household", (1.5, 0.45, 1.15), (1.0, 0.3, 0.9), (2.2, 0.7, 1.5),
        ("living_room", "dining_room", "library", "bedroom", "game_room", "restaurant"),
        "floor", supports=("top",), functional_sides=("front",),
        synonyms=("fire place", "hearth", "mantelpiece", "mantel", "mantle", "fireplace mantel", "electric fireplace",
                  "wood burner", "wood stove", "log burner", "chimney piece", "fire"),
    ),
    Category(
        "aquarium", "household", (1.0, 0.4, 1.3), (0.5, 0.3, 0.8), (1.8, 0.6, 1.6),
        ("living_room", "waiting_room", "medical_room", "office", "restaurant", "children_room", "playroom"),
        "floor", functional_sides=("front",),
        synonyms=("fish tank", "aquaria", "fishtank", "tropical tank", "aquarium tank", "fish bowl"),
    ),
    Category(
        "lectern", "household", (0.6, 0.5, 1.15), (0.4, 0.35, 1.0), (0.9, 0.7, 1.3),
        ("classroom", "meeting_room", "library", "office", "restaurant"),
        "floor", functional_sides=("front",),
        synonyms=("podium", "speaker's stand", "speaking stand", "pulpit", "rostrum", "lecturn", "host stand",
                  "reading stand", "presentation podium"),
    ),
    Category(
        "flip_chart", "household", (0.7, 0.6, 1.85), (0.6, 0.45, 1.5), (0.9, 0.8, 2.0),
        ("meeting_room", "classroom", "office"),
        "floor", functional_sides=("front",),
        synonyms=("flipchart", "flip chart stand", "flip chart easel", "flipchart easel", "presentation easel", "easel pad",
                  "paper easel"),
    ),
    Category(
        "easel", "household", (0.6, 0.6, 1.6), (0.45, 0.4, 1.0), (0.9, 0.9, 1.9),
        ("playroom", "children_room", "classroom", "studio_apartment", "living_room"),
        "floor", functional_sides=("front",),
        synonyms=("art easel", "painting easel", "drawing easel", "kids easel", "children's easel", "artist easel",
                  "artist's easel", "canvas stand"),
    ),
    # --- family: household (end) ---
    # --- family: fixtures (begin) ---
    Category(
        "wall_light", "fixture", (0.15, 0.18, 0.28), (0.08, 0.1, 0.12), (0.4, 0.3, 0.5),
        ("bedroom", "children_room", "nursery", "living_room", "dining_room", "bathroom", "home_office", "office",
         "meeting_room", "waiting_room", "library", "bookstore", "restaurant", "cafe", "game_room", "studio_apartment",
         "medical_room", "basement", "gym", "kitchen", "garage", "workshop", "laundry_room"),
        "wall", functional_sides=("front",),
        synonyms=("sconce", "wall sconce", "wall lamp", "bracket light", "bracket lamp", "vanity light", "bathroom light",
                  "picture light", "wall fixture", "wall lantern", "wall mounted light"),
    ),
    Category(
        "ceiling_fan", "fixture", (1.3, 1.3, 0.45), (0.9, 0.9, 0.25), (1.5, 1.5, 0.7),
        ("bedroom", "living_room", "children_room", "home_office", "office", "dining_room", "cafe", "restaurant", "gym",
         "game_room", "studio_apartment", "waiting_room", "playroom", "classroom", "nursery", "basement"),
        "ceiling",
        synonyms=("fan", "overhead fan", "fan light", "ceiling fan light", "paddle fan"),
    ),
    Category(
        "projector", "fixture", (0.35, 0.3, 0.35), (0.25, 0.2, 0.15), (0.55, 0.45, 0.7),
        ("meeting_room", "classroom", "office", "living_room", "basement", "game_room", "home_office"),
        "ceiling", functional_sides=("front",),
        synonyms=("video projector", "beamer", "data projector", "ceiling projector", "overhead projector",
                  "projector mount", "home cinema projector"),
    ),
    Category(
        "radiator", "fixture", (0.8, 0.1, 0.6), (0.4, 0.06, 0.3), (1.8, 0.2, 1.0),
        ("bedroom", "children_room", "nursery", "living_room", "dining_room", "kitchen", "bathroom", "home_office",
         "office", "meeting_room", "waiting_room", "classroom", "library", "bookstore", "restaurant", "cafe",
         "studio_apartment", "medical_room", "playroom", "laundry_room", "basement", "game_room"),
        "wall", functional_sides=("front",),
        synonyms=("heater", "wall heater", "panel radiator", "column radiator", "convector", "convector heater",
                  "central heating radiator", "rad"),
    ),
    Category(
        "air_conditioner", "fixture", (0.85, 0.25, 0.3), (0.6, 0.18, 0.22), (1.2, 0.35, 0.4),
        ("bedroom", "living_room", "office", "home_office", "meeting_room", "classroom", "waiting_room", "cafe",
         "restaurant", "medical_room", "gym", "game_room", "studio_apartment", "bookstore", "library", "children_room"),
        "wall", functional_sides=("front",),
        synonyms=("ac", "air con", "aircon", "ac unit", "air conditioning unit", "air conditioning", "split unit", "split ac",
                  "wall ac", "hvac unit", "air-conditioner", "climate unit"),
    ),
    Category(
        "curtains", "fixture", (1.8, 0.12, 2.3), (0.8, 0.06, 1.2), (3.5, 0.25, 2.6),
        ("bedroom", "living_room", "children_room", "nursery", "dining_room", "home_office", "studio_apartment",
         "restaurant", "cafe", "library", "meeting_room", "waiting_room", "game_room", "playroom"),
        "wall", functional_sides=("front",),
        synonyms=("curtain", "drapes", "drape", "draperies", "drapery", "window curtains", "curtain panels", "curtain panel",
                  "net curtains", "window treatment", "curtain rail"),
    ),
    Category(
        "coat_hooks", "fixture", (0.6, 0.08, 0.15), (0.25, 0.04, 0.06), (1.2, 0.14, 0.3),
        ("bedroom", "children_room", "nursery", "bathroom", "kitchen", "office", "home_office", "classroom", "gym",
         "garage", "cafe", "restaurant", "waiting_room", "medical_room", "laundry_room", "studio_apartment", "playroom",
         "workshop", "basement"),
        "wall", functional_sides=("front",),
        synonyms=("coat hook", "hook rail", "coat rail", "wall hooks", "wall hook", "hooks", "peg rail", "hook board",
                  "wall coat rack", "wall pegs", "robe hook", "towel hooks", "hook rack"),
    ),
    Category(
        "toilet_paper_holder", "fixture", (0.16, 0.12, 0.12), (0.12, 0.07, 0.06), (0.3, 0.16, 0.3),
        ("bathroom",),
        "wall", functional_sides=("front",),
        synonyms=("toilet roll holder", "loo roll holder", "tp holder", "toilet tissue holder", "toilet paper", "toilet roll",
                  "loo roll", "paper holder", "tissue holder", "toilet paper dispenser"),
    ),
    Category(
        "bathroom_cabinet", "fixture", (0.6, 0.15, 0.7), (0.35, 0.1, 0.4), (1.0, 0.22, 0.9),
        ("bathroom",),
        "wall", supports=("inside",), functional_sides=("front",),
        synonyms=("medicine cabinet", "mirror cabinet", "mirrored cabinet", "bathroom wall cabinet", "medicine chest",
                  "bathroom mirror cabinet", "vanity cabinet", "bathroom cupboard"),
        articulated=True,
    ),
    Category(
        "range_hood", "fixture", (0.75, 0.5, 0.75), (0.6, 0.4, 0.3), (1.2, 0.6, 1.1),
        ("kitchen", "studio_apartment", "restaurant", "cafe"),
        "wall", functional_sides=("front",),
        synonyms=("cooker hood", "extractor hood", "extractor fan", "extractor", "exhaust hood", "vent hood", "kitchen hood",
                  "stove hood", "range vent", "hood", "chimney hood", "kitchen extractor"),
    ),
    Category(
        "spice_rack", "fixture", (0.5, 0.12, 0.45), (0.25, 0.08, 0.2), (1.0, 0.2, 0.8),
        ("kitchen", "studio_apartment", "restaurant", "cafe", "dining_room"),
        "wall", supports=("shelf",), functional_sides=("front",),
        synonyms=("spice shelf", "herb rack", "kitchen shelf", "kitchen rack", "condiment rack", "spice shelves",
                  "jar rack", "kitchen wall shelf", "spice holder"),
    ),
    Category(
        "pegboard", "fixture", (1.2, 0.1, 0.8), (0.5, 0.03, 0.4), (2.4, 0.2, 1.5),
        ("garage", "workshop", "basement", "laundry_room"),
        "wall", functional_sides=("front",),
        synonyms=("peg board", "tool wall", "tool board", "tool rack", "tool panel", "pegboard wall", "tool pegboard",
                  "slatwall", "tool storage wall"),
    ),
    Category(
        "bulletin_board", "fixture", (0.9, 0.03, 0.6), (0.4, 0.015, 0.3), (1.8, 0.06, 1.2),
        ("classroom", "office", "home_office", "kitchen", "children_room", "meeting_room", "waiting_room", "medical_room",
         "library", "cafe", "workshop", "bookstore", "playroom"),
        "wall", functional_sides=("front",),
        synonyms=("cork board", "corkboard", "pin board", "pinboard", "notice board", "noticeboard", "memo board",
                  "message board", "bulletin boards", "display board"),
    ),
    Category(
        "dartboard", "fixture", (0.45, 0.05, 0.45), (0.4, 0.03, 0.4), (0.75, 0.2, 0.75),
        ("game_room", "basement", "garage", "cafe"),
        "wall", functional_sides=("front",),
        synonyms=("dart board", "darts board", "darts", "dartboard cabinet", "bristle board", "dart game"),
    ),
    # --- family: fixtures (end) ---
    # --- family: countertop (begin) ---
    Category(
        "kettle", "countertop", (0.22, 0.16, 0.25), (0.15, 0.12, 0.15), (0.3, 0.22, 0.32),
        ("kitchen", "studio_apartment", "cafe", "office", "restaurant"),
        "on_top", functional_sides=("front",),
        synonyms=("electric kettle", "tea kettle", "water kettle", "teakettle", "water boiler", "jug kettle"),
    ),
    Category(
        "toaster", "countertop", (0.28, 0.18, 0.2), (0.22, 0.14, 0.16), (0.42, 0.24, 0.24),
        ("kitchen", "studio_apartment", "cafe", "restaurant"),
        "on_top", functional_sides=("front",),
        synonyms=("bread toaster", "pop-up toaster", "pop up toaster", "two slice toaster", "four slice toaster",
                  "2 slice toaster", "4 slice toaster"),
    ),
    Category(
        "coffee_machine", "countertop", (0.3, 0.38, 0.4), (0.18, 0.25, 0.28), (0.75, 0.6, 0.6),
        ("kitchen", "studio_apartment", "cafe", "restaurant", "office", "meeting_room", "home_office"),
        "on_top", functional_sides=("front",),
        synonyms=("coffee maker", "coffeemaker", "espresso machine", "espresso maker", "coffee brewer", "drip coffee maker",
                  "barista machine", "filter coffee machine", "bean to cup machine", "coffee station"),
    ),
    Category(
        "blender", "countertop", (0.18, 0.2, 0.42), (0.14, 0.14, 0.3), (0.25, 0.25, 0.5),
        ("kitchen", "studio_apartment", "cafe", "restaurant"),
        "on_top", functional_sides=("front",),
        synonyms=("food blender", "smoothie maker", "liquidiser", "liquidizer", "countertop blender", "jug blender",
                  "food processor", "smoothie blender"),
    ),
    Category(
        "dish_rack", "countertop", (0.45, 0.32, 0.15), (0.3, 0.25, 0.1), (0.6, 0.45, 0.25),
        ("kitchen", "studio_apartment", "cafe"),
        "on_top", functional_sides=("front",),
        synonyms=("dish drainer", "dish drying rack", "draining rack", "plate rack", "drainer", "dish strainer",
                  "drain rack", "drying rack for dishes", "draining board rack"),
    ),
    Category(
        "cutting_board", "countertop", (0.4, 0.28, 0.025), (0.25, 0.18, 0.012), (0.6, 0.4, 0.05),
        ("kitchen", "studio_apartment", "restaurant", "cafe"),
        "on_top",
        synonyms=("chopping board", "chopping block", "bread board", "breadboard", "carving board", "butcher block",
                  "cheese board", "serving board"),
    ),
    Category(
        "cash_register", "countertop", (0.4, 0.42, 0.28), (0.3, 0.3, 0.15), (0.5, 0.5, 0.45),
        ("cafe", "restaurant", "bookstore", "game_room"),
        "on_top", functional_sides=("front",),
        synonyms=("till", "register", "cash till", "checkout register", "pos terminal", "point of sale", "pos system",
                  "cash drawer", "card terminal", "checkout till"),
        articulated=True,
    ),
    Category(
        "printer", "countertop", (0.45, 0.38, 0.25), (0.35, 0.28, 0.15), (0.6, 0.55, 0.45),
        ("office", "home_office", "library", "classroom", "waiting_room", "medical_room", "bookstore"),
        "on_top", functional_sides=("front",),
        synonyms=("laser printer", "inkjet printer", "all-in-one printer", "all in one printer", "multifunction printer",
                  "scanner", "copier", "photocopier", "copy machine", "xerox", "printer scanner"),
        articulated=True,
    ),
    Category(
        "desk_lamp", "countertop", (0.2, 0.3, 0.45), (0.12, 0.15, 0.3), (0.3, 0.5, 0.65),
        ("home_office", "office", "bedroom", "children_room", "library", "classroom", "studio_apartment", "workshop",
         "medical_room"),
        "on_top", functional_sides=("front",),
        synonyms=("desk lamp", "task lamp", "architect lamp", "anglepoise", "anglepoise lamp", "swing arm lamp", "study lamp",
                  "desk light", "reading light", "work lamp", "adjustable lamp"),
    ),
    Category(
        "globe", "countertop", (0.3, 0.3, 0.42), (0.15, 0.15, 0.22), (0.5, 0.5, 0.6),
        ("classroom", "library", "home_office", "office", "bookstore", "children_room", "living_room"),
        "on_top",
        synonyms=("world globe", "terrestrial globe", "desk globe", "globe of the world", "earth globe", "globe stand"),
    ),
    Category(
        "game_console", "countertop", (0.3, 0.25, 0.08), (0.15, 0.12, 0.04), (0.4, 0.32, 0.12),
        ("living_room", "game_room", "bedroom", "children_room", "basement", "studio_apartment", "playroom"),
        "on_top", functional_sides=("front",),
        synonyms=("games console", "video game console", "gaming console", "playstation", "xbox", "nintendo", "game system",
                  "video game system", "ps5", "video games"),
    ),
    Category(
        "toolbox", "countertop", (0.45, 0.22, 0.22), (0.3, 0.15, 0.12), (0.65, 0.3, 0.35),
        ("garage", "workshop", "basement", "laundry_room"),
        "on_top", functional_sides=("front",),
        synonyms=("tool box", "tool kit", "toolkit", "tool case", "portable toolbox", "tool carrier", "tools"),
        articulated=True,
    ),
    # --- family: countertop (end) ---
    # --- family: equipment (begin) ---
    Category(
        "kettlebell", "equipment", (0.2, 0.15, 0.25), (0.14, 0.11, 0.18), (0.3, 0.22, 0.35),
        ("gym", "basement", "garage"),
        "floor",
        synonyms=("kettle bell", "girya", "russian kettlebell", "kettlebell weight"),
        loose=True,
    ),
    Category(
        "medicine_ball", "equipment", (0.3, 0.3, 0.3), (0.2, 0.2, 0.2), (0.4, 0.4, 0.4),
        ("gym", "basement", "garage"),
        "floor",
        synonyms=("med ball", "slam ball", "weighted ball", "wall ball", "medicine balls", "power ball"),
        loose=True,
    ),
    Category(
        "squat_rack", "equipment", (1.25, 1.2, 2.2), (1.0, 0.8, 1.8), (1.5, 1.6, 2.4),
        ("gym", "basement", "garage"),
        "floor", functional_sides=("front",),
        synonyms=("power rack", "squat stand", "power cage", "squat cage", "barbell rack", "lifting rack", "squat rig",
                  "barbell"),
    ),
    Category(
        "wheelchair", "equipment", (0.65, 1.0, 0.92), (0.55, 0.8, 0.8), (0.75, 1.15, 1.05),
        ("medical_room", "waiting_room"),
        "floor", supports=("seat",), functional_sides=("front",),
        synonyms=("wheel chair", "transport chair", "manual wheelchair", "invalid chair", "push chair"),
    ),
    Category(
        "iv_stand", "equipment", (0.55, 0.55, 1.9), (0.4, 0.4, 1.5), (0.7, 0.7, 2.2),
        ("medical_room",),
        "floor",
        synonyms=("iv pole", "drip stand", "drip pole", "infusion stand", "iv drip stand", "iv drip", "infusion pole",
                  "drip"),
    ),
    Category(
        "weighing_scale", "equipment", (0.4, 0.5, 1.45), (0.3, 0.35, 1.1), (0.55, 0.65, 1.7),
        ("medical_room", "gym"),
        "floor", functional_sides=("front",),
        synonyms=("scale", "scales", "weighing scales", "medical scale", "doctor's scale", "doctors scale", "physician scale",
                  "column scale", "height scale", "body scale", "weight scale", "stadiometer"),
    ),
    Category(
        "exam_lamp", "equipment", (0.6, 0.6, 1.6), (0.45, 0.45, 1.2), (1.0, 1.0, 2.0),
        ("medical_room",),
        "floor", functional_sides=("front",),
        synonyms=("examination lamp", "exam light", "examination light", "medical lamp", "procedure lamp", "procedure light",
                  "surgical lamp", "gooseneck lamp", "doctor's lamp"),
    ),
    Category(
        "high_chair", "equipment", (0.55, 0.7, 1.0), (0.45, 0.55, 0.8), (0.7, 0.85, 1.15),
        ("kitchen", "dining_room", "restaurant", "cafe", "nursery", "studio_apartment"),
        "floor", supports=("seat",), functional_sides=("front",),
        synonyms=("highchair", "baby high chair", "feeding chair", "baby chair", "booster seat", "infant high chair",
                  "baby feeding chair"),
    ),
    Category(
        "rocking_chair", "equipment", (0.65, 0.9, 1.05), (0.5, 0.7, 0.85), (0.8, 1.1, 1.2),
        ("nursery", "living_room", "bedroom", "library", "studio_apartment"),
        "floor", supports=("seat",), functional_sides=("front",),
        synonyms=("rocker", "nursing chair", "glider", "glider chair", "rocking seat", "porch rocker", "nursery chair"),
    ),
    Category(
        "piano_bench", "equipment", (0.76, 0.36, 0.5), (0.55, 0.3, 0.45), (1.0, 0.45, 0.55),
        ("living_room", "dining_room", "classroom", "restaurant", "cafe", "library", "studio_apartment"),
        "floor", supports=("seat",), functional_sides=("front",),
        synonyms=("piano stool", "piano seat", "keyboard bench", "piano chair", "organ bench", "duet bench"),
    ),
    Category(
        "playpen", "equipment", (1.0, 1.0, 0.7), (0.7, 0.7, 0.55), (1.5, 1.5, 0.8),
        ("nursery", "playroom", "living_room", "children_room"),
        "floor",
        synonyms=("play pen", "play yard", "playard", "baby playpen", "pack n play", "pack and play", "baby pen",
                  "baby play yard", "play fence"),
    ),
    Category(
        "bicycle", "equipment", (1.75, 0.6, 1.05), (1.4, 0.45, 0.8), (1.95, 0.75, 1.2),
        ("garage", "basement", "workshop", "studio_apartment"),
        "floor", functional_sides=("front",),
        synonyms=("bike", "push bike", "pushbike", "road bike", "mountain bike", "cycle", "city bike", "kids bike",
                  "racing bike", "e-bike"),
    ),
    Category(
        "air_hockey_table", "equipment", (2.1, 1.1, 0.8), (1.5, 0.8, 0.75), (2.4, 1.3, 0.85),
        ("game_room", "basement", "playroom"),
        "floor", functional_sides=("left", "right"),
        synonyms=("air hockey", "air-hockey table", "air hockey game", "air hockey machine", "hockey table"),
    ),
    Category(
        "speaker", "equipment", (0.25, 0.3, 1.0), (0.15, 0.18, 0.3), (0.4, 0.45, 1.25),
        ("living_room", "game_room", "basement", "restaurant", "cafe", "studio_apartment", "gym", "meeting_room"),
        "floor", functional_sides=("front",),
        synonyms=("loudspeaker", "floor speaker", "tower speaker", "floorstanding speaker", "hifi speaker", "hi-fi speaker",
                  "stereo speaker", "stereo", "sound system", "pa speaker", "subwoofer", "hi-fi"),
    ),
    Category(
        "paper_shredder", "equipment", (0.38, 0.28, 0.6), (0.3, 0.2, 0.35), (0.55, 0.45, 0.8),
        ("office", "home_office"),
        "floor", functional_sides=("front",),
        synonyms=("shredder", "document shredder", "office shredder", "paper shredding machine"),
    ),
    Category(
        "display_fridge", "equipment", (0.6, 0.65, 1.95), (0.45, 0.5, 0.85), (1.3, 0.8, 2.1),
        ("cafe", "restaurant", "game_room", "basement"),
        "floor", supports=("inside", "shelf"), functional_sides=("front",),
        synonyms=("drinks fridge", "drink fridge", "beverage fridge", "beverage cooler", "glass door fridge", "display cooler",
                  "bar fridge", "merchandiser", "cooler", "wine fridge", "wine cooler", "display refrigerator",
                  "drinks cooler"),
        articulated=True,
    ),
    Category(
        "bar_counter", "equipment", (2.0, 0.6, 1.08), (1.2, 0.45, 0.95), (3.5, 0.8, 1.15),
        ("restaurant", "cafe", "game_room", "basement", "living_room"),
        "floor", supports=("top",), functional_sides=("front", "back"),
        synonyms=("bar", "home bar", "bar top", "pub bar", "wet bar", "coffee bar", "counter bar", "bar unit",
                  "serving counter", "display counter", "drinks bar", "cafe counter"),
    ),
    # --- family: equipment (end) ---
)

BY_NAME: dict[str, Category] = {c.name: c for c in CATEGORIES}
CATEGORY_NAMES: tuple[str, ...] = tuple(c.name for c in CATEGORIES)

# pieces people sit at, and the seats pulled up to one: "a table with six chairs" are dining chairs at it, not armchairs
SAT_AT: frozenset[str] = frozenset({"dining_table", "cafe_table", "kids_table", "conference_table", "desk", "school_desk", "reception_desk",
                                    "bar_counter", "kitchen_island", "dressing_table"})
PULL_UP_SEATS: frozenset[str] = frozenset({"dining_chair", "office_chair", "kids_chair", "classroom_chair", "bar_stool", "stool", "bench"})
SAT_AROUND: frozenset[str] = frozenset(c for c in SAT_AT if c.endswith("_table"))  # the tables of them: chairs go round them
DESKS: frozenset[str] = frozenset(c for c in SAT_AT if c.endswith("desk"))  # the desks: each its own chair


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("f"):
        return word[:-1] + "ves"
    return word + "s"


_NUMBER_ON_WORD = re.compile(r"\b(\d+)([a-z]+)\b")


def _normalise(text: str) -> str:
    """Lower case, single spaces; a number written onto a word is its own word ("2seater", the
    reader's "two-seater", is "2 seater")."""
    text = _NUMBER_ON_WORD.sub(r"\1 \2", text.strip().lower())
    return " ".join(text.replace("_", " ").replace("-", " ").split())


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


@functools.lru_cache(maxsize=4096)
def covering(word: str) -> frozenset[str]:
    """The categories a word stands for: the category it names or is a synonym of, and every
    category whose name ends with it (``chair`` -> dining_chair, office_chair, armchair ...); doors
    and windows are architecture, not objects. Empty for a word the catalogue does not know.
    Cached: the catalogue is fixed, and the instruction metrics ask for the same words once per
    object and spec."""
    w = _normalise(word)
    name = w.replace(" ", "_")
    found = set()
    if name in BY_NAME:
        found.add(name)
    resolved = resolve(w)
    if resolved:
        found.add(resolved)
    heads = {name}
    if name.endswith("s"):
        heads |= {name[:-1], name[:-2] if name.endswith("es") else name[:-1]}
    for c in CATEGORIES:
        if any(c.name.endswith("_" + h) or (len(h) >= 4 and c.name.endswith(h)) for h in heads):
            found.add(c.name)
    return frozenset(found - {"door", "window"})
