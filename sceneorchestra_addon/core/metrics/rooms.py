"""Category groups the critic grades with (what a room needs and usually has is the room table's,
``ground/rooms.py``). ``WALL_PIECES``: furniture that stands with its back
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


def alternatives(category: str) -> frozenset[str]:
    """The categories that count as ``category`` being present (itself included)."""
    return next((group for group in EQUIVALENT if category in group), frozenset({category}))


def target_objects(area_m2: float) -> int:
    """How many objects (N_obj) a complete room of this floor area holds: 1.5 per square metre,
    between 15 and 45 (the paper's rooms average 35)."""
    return int(min(45, max(15, round(1.5 * area_m2))))
