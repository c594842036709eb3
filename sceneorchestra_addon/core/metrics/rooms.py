"""Room knowledge the critic grades against, as data (consistent with ``core/programs.py``).

``ESSENTIAL[room]``: groups of categories; a room of that type needs one object of every group
(what its room program places at the sparse level). ``EXPECTED[room]``: what a complete room of that
type usually also has (its program's normal level). Whether a category belongs in a room at all
comes from the catalogue (``Category.rooms``). ``WALL_PIECES``: furniture that stands with its back
to a wall. ``SEATS`` / ``TABLES`` / ``SOFT_SEATS`` / ``SCREENS`` / ``BEDS``: the functional pairs the
critic checks (chairs face their table, a screen faces a seat, nightstands stand by a bed).
"""

from __future__ import annotations

BEDS = ("single_bed", "double_bed", "bunk_bed", "baby_bed")
CHAIRS = ("dining_chair", "office_chair", "kids_chair", "classroom_chair", "bar_stool", "stool")
TABLES = ("dining_table", "desk", "conference_table", "cafe_table", "kids_table", "school_desk", "reception_desk", "kitchen_island",
          "coffee_table", "workbench")
WORK_TABLES = ("dining_table", "desk", "conference_table", "cafe_table", "kids_table", "school_desk", "reception_desk")
SOFT_SEATS = ("sofa", "loveseat", "armchair", "bean_bag", "waiting_chair", "bench")
SCREENS = ("tv", "wall_tv", "projector_screen")
# Categories that do one job: an expected category is there when any of its equivalents is.
EQUIVALENT: tuple[frozenset[str], ...] = (frozenset({"tv", "wall_tv"}),)
SHELVES = ("bookshelf", "display_shelf", "shelving_unit", "wall_shelf")
TOPS = ("dining_table", "coffee_table", "side_table", "desk", "nightstand", "dresser", "sideboard", "kitchen_base_cabinet",
        "kitchen_island", "tv_stand", "reception_desk", "conference_table", "cafe_table", "kids_table", "bathroom_vanity", "workbench")
WALL_PIECES = ("wardrobe", "bookshelf", "dresser", "sideboard", "shelving_unit", "display_shelf", "storage_cabinet", "locker",
               "filing_cabinet", "kitchen_base_cabinet", "kitchen_sink_cabinet", "fridge", "oven", "dishwasher", "washing_machine", "dryer",
               "medical_cabinet", "tool_cabinet", "piano", "tv_stand", "bathroom_vanity", "toilet", "arcade_machine", "sofa", "loveseat")

_SEATING = ("dining_chair", "office_chair", "classroom_chair", "kids_chair", "bar_stool", "stool")

ESSENTIAL: dict[str, tuple[tuple[str, ...], ...]] = {
    "bedroom": (("single_bed", "double_bed", "bunk_bed"), ("wardrobe", "dresser")),
    "children_room": (("single_bed", "bunk_bed", "double_bed"), ("nightstand", "toy_chest", "wardrobe", "dresser")),
    "nursery": (("baby_bed",), ("dresser", "wardrobe")),
    "living_room": (("sofa", "loveseat"), ("tv", "wall_tv"), ("coffee_table",)),
    "dining_room": (("dining_table",), ("dining_chair",)),
    "kitchen": (("kitchen_sink_cabinet",), ("kitchen_base_cabinet",), ("oven",), ("fridge",)),
    "bathroom": (("toilet",), ("bathroom_vanity",), ("mirror",)),
    "home_office": (("desk",), ("office_chair",)),
    "office": (("desk",), ("office_chair",)),
    "meeting_room": (("conference_table",), ("office_chair", "dining_chair", "classroom_chair")),
    "waiting_room": (("waiting_chair", "sofa", "armchair", "bench"),),
    "classroom": (("whiteboard", "chalkboard"), ("school_desk",), ("desk",)),
    "library": (("bookshelf",), ("book",)),
    "bookstore": (("bookshelf", "display_shelf"), ("book",)),
    "restaurant": (("dining_table", "cafe_table"), ("dining_chair",)),
    "cafe": (("cafe_table",), ("dining_chair", "bar_stool", "armchair"), ("reception_desk",)),
    "gym": (("treadmill", "exercise_bike", "rowing_machine"), ("dumbbell_rack", "weight_bench")),
    "game_room": (("pool_table", "ping_pong_table", "foosball_table", "arcade_machine"),),
    "playroom": (("play_kitchen", "toy_chest", "playhouse_tent"), ("kids_table",)),
    "laundry_room": (("washing_machine",), ("dryer",)),
    "garage": (("workbench",),),
    "workshop": (("workbench",), ("tool_cabinet",)),
    "medical_room": (("exam_table",), ("desk",)),
    "studio_apartment": (("double_bed", "single_bed"), ("kitchen_sink_cabinet",), ("oven", "fridge")),
    "basement": (("shelving_unit", "storage_cabinet"),),
}

EXPECTED: dict[str, tuple[str, ...]] = {
    "bedroom": ("nightstand", "table_lamp", "bookshelf", "wall_art", "rug", "ceiling_light", "potted_plant"),
    "children_room": ("nightstand", "toy_chest", "kids_table", "kids_chair", "bookshelf", "rug", "ceiling_light"),
    "nursery": ("armchair", "floor_lamp", "toy_chest", "rug", "ceiling_light"),
    "living_room": ("armchair", "bookshelf", "rug", "wall_art", "tv_stand", "side_table", "ceiling_light", "potted_plant"),
    "dining_room": ("sideboard", "plate", "cup", "ceiling_light", "potted_plant"),
    "kitchen": ("dishwasher", "kitchen_wall_cabinet", "microwave", "cooking_pot", "ceiling_light"),
    "bathroom": ("bathtub", "towel_rack", "laundry_basket", "soap_dispenser", "ceiling_light"),
    "home_office": ("monitor", "bookshelf", "filing_cabinet", "table_lamp", "ceiling_light"),
    "office": ("monitor", "filing_cabinet", "bookshelf", "ceiling_light", "potted_plant"),
    "meeting_room": ("laptop", "whiteboard", "wall_tv", "ceiling_light", "potted_plant"),
    "waiting_room": ("coffee_table", "reception_desk", "water_dispenser", "book", "ceiling_light", "potted_plant"),
    "classroom": ("classroom_chair", "bookshelf", "laptop", "wall_clock", "ceiling_light"),
    "library": ("dining_table", "dining_chair", "armchair", "rug", "ceiling_light"),
    "bookstore": ("reception_desk", "armchair", "ceiling_light"),
    "restaurant": ("plate", "cup", "sideboard", "wall_art", "ceiling_light", "potted_plant"),
    "cafe": ("cup", "armchair", "wall_art", "ceiling_light"),
    "gym": ("yoga_mat", "mirror", "rowing_machine", "weight_bench", "ceiling_light"),
    "game_room": ("sofa", "wall_tv", "arcade_machine", "ceiling_light"),
    "playroom": ("kids_chair", "toy", "bookshelf", "ceiling_light"),
    "laundry_room": ("laundry_basket", "ironing_board", "wall_shelf", "ceiling_light"),
    "garage": ("tool_cabinet", "shelving_unit", "box", "ceiling_light"),
    "workshop": ("stool", "shelving_unit", "box", "ceiling_light"),
    "medical_room": ("office_chair", "medical_cabinet", "bathroom_vanity", "ceiling_light"),
    "studio_apartment": ("sofa", "coffee_table", "cafe_table", "wardrobe", "ceiling_light"),
    "basement": ("washing_machine", "sofa", "tv", "ceiling_light"),
}

ROOM_LABELS = {r: r.replace("_", " ") for r in ESSENTIAL}



def alternatives(category: str) -> frozenset[str]:
    """The categories that count as ``category`` being present (itself included)."""
    return next((group for group in EQUIVALENT if category in group), frozenset({category}))

def target_objects(area_m2: float) -> int:
    """How many objects (N_obj) a complete room of this floor area holds: 1.5 per square metre,
    between 15 and 45 (the paper's rooms average 35)."""
    return int(min(45, max(15, round(1.5 * area_m2))))
