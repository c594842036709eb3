"""Room programs: what a furnished room of each type contains, as ordinary tool calls.

``init_furnished_room`` runs the steps of its room type whose level is at most the requested
density (0 = sparse, 1 = normal, 2 = dense) on a fresh room shell; a step that does not fit is
skipped with a warning. Ids in the steps (``bookshelf_0`` ...) are those the earlier steps create in
an empty room. The contents follow the spirit of Infinigen's indoor room programs. At normal
and dense density the room is then dressed (``dressing_calls``): every top and shelf still empty
gets small objects that belong in the room, and bare walls get decor.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from types import MappingProxyType

from ..ground import catalog
from ..ground.state import SceneState

_EVERY_ROOM: tuple[tuple[int, str], ...] = (
    (0, "add_ceiling_light(count=1)"),
    (1, 'add_object(category="potted_plant", placement="corner")'),
)

_BOOKS = '("book",)'


def _shelf(category: str, placement: str = "against_wall", fill: str = _BOOKS, level: int = 1) -> tuple[tuple[int, str], ...]:
    return (
        (level, f'add_object(category="{category}", placement="{placement}")'),
        (level, f'add_crowd(parent="{category}_0", categories={fill}, surface="shelves", density=0.7)'),
    )


ROOM_PROGRAMS: dict[str, tuple[tuple[int, str], ...]] = {
    "bedroom": (
        (0, 'add_set(kind="bed_set", placement="against_wall")'),
        (0, 'add_object(category="wardrobe", placement="against_wall")'),
        (1, 'add_object(category="dresser", placement="against_wall")'),
        (1, 'add_on_top(parent="dresser_0", category="vase")'),
        (1, 'add_on_top(parent="dresser_0", category="picture_frame", count=2)'),
        *_shelf("bookshelf", "corner"),
        (1, 'add_wall_object(category="wall_art", above="double_bed_0")'),
        (1, 'add_object(category="rug", placement="middle")'),
        (2, 'add_set(kind="desk_set", placement="against_wall")'),
        (2, 'add_object(category="floor_lamp", placement="corner")'),
        (1, 'add_wall_object(category="wall_light", above="nightstand_0")'),
        (2, 'add_on_top(parent="desk_0", category="desk_lamp")'),
        (2, 'add_wall_object(category="radiator", height_m=0.45)'),
        *_EVERY_ROOM,
    ),
    "children_room": (
        (0, 'add_object(category="single_bed", placement="corner")'),
        (0, 'add_related(category="nightstand", anchor="single_bed_0", relation="beside", distance_m=0.05)'),
        (0, 'add_on_top(parent="nightstand_0", category="table_lamp")'),
        (1, 'add_object(category="toy_chest", placement="against_wall")'),
        (1, 'add_object(category="kids_table", placement="middle")'),
        (1, 'add_group(anchor="kids_table_0", member="kids_chair", count=2, arrangement="around")'),
        (1, 'add_on_top(parent="kids_table_0", category="toy", count=3)'),
        *_shelf("bookshelf", "against_wall", '("book", "toy", "box")'),
        (1, 'add_object(category="rug", placement="middle")'),
        (2, 'add_object(category="wardrobe", placement="against_wall")'),
        (2, 'add_crowd(parent="wardrobe_0", categories=("box", "toy"), surface="inside", density=0.8)'),
        (2, 'add_wall_object(category="wall_shelf")'),
        (2, 'add_on_top(parent="wall_shelf_0", category="toy", count=3)'),
        (2, 'add_wall_object(category="wall_art", above="single_bed_0")'),
        (1, 'add_wall_object(category="coat_hooks", height_m=1.3)'),
        (2, 'add_object(category="easel", placement="against_wall")'),
        *_EVERY_ROOM,
    ),
    "nursery": (
        (0, 'add_object(category="baby_bed", placement="against_wall")'),
        (0, 'add_object(category="dresser", placement="against_wall")'),
        (1, 'add_on_top(parent="dresser_0", category="towel", count=2)'),
        (1, 'add_object(category="armchair", placement="corner")'),
        (1, 'add_related(category="floor_lamp", anchor="armchair_0", relation="beside")'),
        (1, 'add_object(category="toy_chest", placement="against_wall")'),
        (1, 'add_on_top(parent="toy_chest_0", category="toy", count=2)'),
        *_shelf("bookshelf", "against_wall", '("book", "toy")', level=1),
        (2, 'add_object(category="wardrobe", placement="against_wall")'),
        (2, 'add_crowd(parent="wardrobe_0", categories=("box", "towel"), surface="inside", density=0.8)'),
        (1, 'add_object(category="rug", placement="middle")'),
        (2, 'add_wall_object(category="wall_art", above="baby_bed_0")'),
        (1, 'add_object(category="changing_table", placement="against_wall")'),
        (2, 'add_wall_object(category="wall_light")'),
        *_EVERY_ROOM,
    ),
    "living_room": (
        (0, 'add_set(kind="lounge_set", placement="against_wall")'),
        (1, 'add_on_top(parent="coffee_table_0", category="book", count=2)'),
        (1, 'add_on_top(parent="coffee_table_0", category="vase")'),
        (1, 'add_object(category="armchair", placement="corner")'),
        *_shelf("bookshelf", "against_wall", '("book", "vase", "picture_frame")'),
        (1, 'add_object(category="rug", placement="middle")'),
        (1, 'add_wall_object(category="wall_art", above="sofa_0")'),
        (2, 'add_object(category="floor_lamp", placement="corner")'),
        (2, 'add_object(category="sideboard", placement="against_wall")'),
        (2, 'add_on_top(parent="sideboard_0", category="small_plant")'),
        (1, 'add_object(category="plant_stand", placement="corner")'),
        (1, 'add_on_top(parent="plant_stand_0", category="small_plant")'),
        (2, 'add_object(category="fireplace", placement="against_wall")'),
        (2, 'add_object(category="speaker", placement="against_wall")'),
        *_EVERY_ROOM,
    ),
    "dining_room": (
        (0, 'add_set(kind="dining_set", placement="middle", size=6)'),
        (1, 'add_on_top(parent="dining_table_0", category="plate", count=4)'),
        (1, 'add_on_top(parent="dining_table_0", category="cup", count=2)'),
        (1, 'add_object(category="sideboard", placement="against_wall")'),
        (1, 'add_crowd(parent="sideboard_0", categories=("plate", "bowl"), surface="inside", density=0.6)'),
        (1, 'add_on_top(parent="sideboard_0", category="vase")'),
        (2, 'add_wall_object(category="wall_art", above="sideboard_0")'),
        (2, 'add_object(category="rug", placement="middle")'),
        (1, 'add_object(category="china_cabinet", placement="against_wall")'),
        (1, 'add_crowd(parent="china_cabinet_0", categories=("plate", "cup", "bowl"), surface="inside", density=0.8)'),
        (2, 'add_object(category="bar_cart", placement="against_wall")'),
        *_EVERY_ROOM,
    ),
    "kitchen": (
        (0, 'add_object(category="kitchen_sink_cabinet", placement="against_wall")'),
        (0, 'add_related(category="kitchen_base_cabinet", anchor="kitchen_sink_cabinet_0", relation="beside", distance_m=0.02)'),
        (0, 'add_object(category="oven", placement="against_wall")'),
        (0, 'add_object(category="fridge", placement="corner")'),
        (1, 'add_object(category="kitchen_base_cabinet", placement="against_wall")'),
        (1, 'add_object(category="dishwasher", placement="against_wall")'),
        (1, 'add_wall_object(category="kitchen_wall_cabinet", above="kitchen_sink_cabinet_0")'),
        (1, 'add_on_top(parent="kitchen_base_cabinet_1", category="microwave")'),
        (1, 'add_on_top(parent="kitchen_base_cabinet_0", category="jar", count=3)'),
        (1, 'add_on_top(parent="kitchen_base_cabinet_0", category="fruit_bowl")'),
        (1, 'add_on_top(parent="kitchen_base_cabinet_1", category="bottle", count=2)'),
        (1, 'add_on_top(parent="oven_0", category="cooking_pot")'),
        (1, 'add_crowd(parent="kitchen_base_cabinet_0", categories=("plate", "bowl", "cup"), surface="inside", density=0.8)'),
        (1, 'add_crowd(parent="kitchen_base_cabinet_1", categories=("bowl", "jar", "cooking_pot"), surface="inside", density=0.8)'),
        (1, 'add_crowd(parent="kitchen_wall_cabinet_0", categories=("cup", "plate", "jar"), surface="any", density=0.8)'),
        (2, 'add_object(category="kitchen_island", placement="middle")'),
        (2, 'add_group(anchor="kitchen_island_0", member="bar_stool", count=2, arrangement="around")'),
        (2, 'add_on_top(parent="kitchen_island_0", category="fruit_bowl")'),
        (2, 'add_on_top(parent="kitchen_island_0", category="plate", count=2)'),
        (2, 'add_object(category="trash_can", placement="corner")'),
        (1, 'add_wall_object(category="range_hood", above="oven_0")'),
        (2, 'add_on_top(parent="kitchen_base_cabinet_1", category="kettle")'),
        (2, 'add_on_top(parent="kitchen_island_0", category="cutting_board")'),
        (2, 'add_wall_object(category="spice_rack")'),
        *_EVERY_ROOM[:1],
    ),
    "bathroom": (
        (0, 'add_object(category="toilet", placement="against_wall")'),
        (0, 'add_object(category="bathroom_vanity", placement="against_wall")'),
        (0, 'add_wall_object(category="mirror", above="bathroom_vanity_0")'),
        (0, 'add_on_top(parent="bathroom_vanity_0", category="soap_dispenser")'),
        (1, 'add_object(category="bathtub", placement="corner")'),
        (1, 'add_wall_object(category="towel_rack")'),
        (1, 'add_on_top(parent="bathroom_vanity_0", category="bottle", count=2)'),
        (1, 'add_object(category="laundry_basket", placement="corner")'),
        (2, 'add_object(category="storage_cabinet", placement="against_wall")'),
        (2, 'add_crowd(parent="storage_cabinet_0", categories=("towel", "bottle", "box"), surface="any", density=0.8)'),
        (2, 'add_object(category="trash_can", placement="corner")'),
        (1, 'add_wall_object(category="toilet_paper_holder", height_m=0.7)'),
        (2, 'add_wall_object(category="bathroom_cabinet")'),
        (2, 'add_crowd(parent="bathroom_cabinet_0", categories=("bottle", "jar"), surface="inside", density=0.8)'),
        *_EVERY_ROOM[:1],
    ),
    "home_office": (
        (0, 'add_set(kind="desk_set", placement="against_wall")'),
        (1, 'add_on_top(parent="desk_0", category="desk_organizer")'),
        (1, 'add_on_top(parent="desk_0", category="table_lamp")'),
        *_shelf("bookshelf", "against_wall", level=0),
        (1, 'add_object(category="filing_cabinet", placement="against_wall")'),
        (1, 'add_object(category="armchair", placement="corner")'),
        (2, 'add_wall_object(category="wall_art", above="desk_0")'),
        (2, 'add_object(category="rug", placement="middle")'),
        (1, 'add_wall_object(category="wall_light", above="desk_0")'),
        (2, 'add_wall_object(category="bulletin_board")'),
        *_EVERY_ROOM,
    ),
    "office": (
        (0, 'add_set(kind="desk_set", placement="against_wall")'),
        (0, 'add_set(kind="desk_set", placement="against_wall")'),
        (1, 'add_on_top(parent="desk_0", category="laptop")'),
        (1, 'add_on_top(parent="desk_1", category="desk_organizer")'),
        (1, 'add_on_top(parent="desk_0", category="cup")'),
        (1, 'add_object(category="filing_cabinet", placement="against_wall")'),
        (1, 'add_on_top(parent="filing_cabinet_0", category="small_plant")'),
        *_shelf("bookshelf", "against_wall", '("book", "box")', level=0),
        (2, 'add_object(category="bookshelf", placement="against_wall")'),
        (2, 'add_crowd(parent="bookshelf_1", categories=("book", "box"), surface="shelves", density=0.8)'),
        (2, 'add_object(category="water_dispenser", placement="corner")'),
        (2, 'add_wall_object(category="whiteboard")'),
        (2, 'add_wall_object(category="wall_clock")'),
        (1, 'add_wall_object(category="bulletin_board")'),
        (2, 'add_object(category="paper_shredder", placement="against_wall")'),
        (2, 'add_object(category="office_partition", placement="middle")'),
        *_EVERY_ROOM,
    ),
    "meeting_room": (
        (0, 'add_set(kind="meeting_set", placement="middle", size=8)'),
        (1, 'add_on_top(parent="conference_table_0", category="laptop", count=3)'),
        (1, 'add_on_top(parent="conference_table_0", category="bottle", count=4)'),
        (1, 'add_on_top(parent="conference_table_0", category="cup", count=4)'),
        (1, 'add_wall_object(category="wall_tv")'),
        (1, 'add_wall_object(category="whiteboard")'),
        (1, 'add_object(category="sideboard", placement="against_wall")'),
        (1, 'add_on_top(parent="sideboard_0", category="cup", count=4)'),
        (1, 'add_crowd(parent="sideboard_0", categories=("box", "book", "bottle"), surface="inside", density=0.8)'),
        (2, 'add_wall_object(category="wall_clock")'),
        (1, 'add_ceiling_light(category="projector")'),
        (2, 'add_object(category="flip_chart", placement="corner")'),
        *_EVERY_ROOM,
    ),
    "waiting_room": (
        (0, 'add_object(category="waiting_chair", placement="against_wall")'),
        (0, 'add_object(category="waiting_chair", placement="against_wall")'),
        (1, 'add_object(category="reception_desk", placement="middle")'),
        (1, 'add_related(category="office_chair", anchor="reception_desk_0", relation="behind", distance_m=0.05)'),
        (1, 'add_on_top(parent="reception_desk_0", category="monitor")'),
        (1, 'add_on_top(parent="reception_desk_0", category="keyboard")'),
        (1, 'add_object(category="coffee_table", placement="middle")'),
        (1, 'add_on_top(parent="coffee_table_0", category="book", count=4)'),
        *_shelf("bookshelf", "corner", '("book", "small_plant")'),
        (1, 'add_object(category="water_dispenser", placement="corner")'),
        (1, 'add_object(category="side_table", placement="against_wall")'),
        (1, 'add_on_top(parent="side_table_0", category="small_plant")'),
        (1, 'add_wall_object(category="wall_clock")'),
        (2, 'add_object(category="waiting_chair", placement="against_wall")'),
        (2, 'add_object(category="side_table", placement="against_wall")'),
        (2, 'add_on_top(parent="side_table_1", category="book", count=3)'),
        (2, 'add_wall_object(category="wall_art")'),
        (2, 'add_object(category="potted_plant", placement="corner")'),
        (1, 'add_object(category="magazine_rack", placement="against_wall")'),
        (2, 'add_object(category="umbrella_stand", placement="corner")'),
        (2, 'add_wall_object(category="air_conditioner", height_m=2.2)'),
        *_EVERY_ROOM,
    ),
    "classroom": (
        (0, 'add_wall_object(category="whiteboard")'),
        (0, 'add_object(category="desk", placement="against_wall")'),
        (0, 'add_related(category="office_chair", anchor="desk_0", relation="in_front_of", distance_m=0.05)'),
        (0, 'add_group(anchor="desk_0", member="school_desk", count=8, arrangement="in_front")'),
        *((0, f'add_related(category="classroom_chair", anchor="school_desk_{i}", relation="in_front_of", distance_m=0.02)') for i in range(8)),
        (1, 'add_object(category="storage_cabinet", placement="against_wall")'),
        (1, 'add_crowd(parent="storage_cabinet_0", categories=("box", "book"), surface="inside", density=0.8)'),
        (1, 'add_wall_object(category="wall_clock")'),
        (1, 'add_on_top(parent="desk_0", category="laptop")'),
        *_shelf("bookshelf", "against_wall", level=1),
        (2, 'add_group(anchor="desk_0", member="school_desk", count=4, arrangement="in_front")'),
        *((2, f'add_related(category="classroom_chair", anchor="school_desk_{i}", relation="in_front_of", distance_m=0.02)') for i in range(8, 12)),
        (2, 'add_wall_object(category="wall_art")'),
        (1, 'add_wall_object(category="bulletin_board")'),
        (1, 'add_ceiling_light(category="projector")'),
        (2, 'add_on_top(parent="desk_0", category="globe")'),
        *_EVERY_ROOM,
    ),
    "library": (
        *_shelf("bookshelf", "against_wall", level=0),
        (0, 'add_object(category="bookshelf", placement="against_wall")'),
        (0, 'add_crowd(parent="bookshelf_1", categories=("book",), surface="shelves", density=0.8)'),
        (1, 'add_object(category="bookshelf", placement="against_wall")'),
        (1, 'add_crowd(parent="bookshelf_2", categories=("book",), surface="shelves", density=0.8)'),
        (1, 'add_set(kind="dining_set", placement="middle", size=4)'),
        (1, 'add_set(kind="reading_corner", placement="corner")'),
        (2, 'add_object(category="rug", placement="middle")'),
        (1, 'add_object(category="book_cart", placement="against_wall")'),
        (1, 'add_crowd(parent="book_cart_0", categories=("book",), surface="shelves", density=0.8)'),
        (2, 'add_object(category="step_ladder", placement="against_wall")'),
        *_EVERY_ROOM,
    ),
    "bookstore": (
        *_shelf("display_shelf", "against_wall", level=0),
        *_shelf("bookshelf", "against_wall", level=0),
        (1, 'add_object(category="bookshelf", placement="against_wall")'),
        (1, 'add_crowd(parent="bookshelf_1", categories=("book",), surface="shelves", density=0.8)'),
        (1, 'add_object(category="reception_desk", placement="against_wall")'),
        (1, 'add_on_top(parent="reception_desk_0", category="book", count=3)'),
        (2, 'add_set(kind="reading_corner", placement="corner")'),
        (1, 'add_on_top(parent="reception_desk_0", category="cash_register")'),
        (1, 'add_object(category="magazine_rack", placement="against_wall")'),
        (2, 'add_object(category="book_cart", placement="anywhere")'),
        (2, 'add_crowd(parent="book_cart_0", categories=("book",), surface="shelves", density=0.8)'),
        *_EVERY_ROOM,
    ),
    "restaurant": (
        (0, 'add_object(category="dining_table", placement="middle")'),
        (0, 'add_group(anchor="dining_table_0", member="dining_chair", count=6, arrangement="around")'),
        (1, 'add_on_top(parent="dining_table_0", category="plate", count=6)'),
        (1, 'add_on_top(parent="dining_table_0", category="cup", count=4)'),
        (1, 'add_on_top(parent="dining_table_0", category="candle")'),
        (0, 'add_object(category="cafe_table", placement="middle")'),
        (0, 'add_group(anchor="cafe_table_0", member="dining_chair", count=2, arrangement="around")'),
        (1, 'add_object(category="cafe_table", placement="middle")'),
        (1, 'add_group(anchor="cafe_table_1", member="dining_chair", count=2, arrangement="around")'),
        (1, 'add_object(category="cafe_table", placement="middle")'),
        (1, 'add_group(anchor="cafe_table_2", member="dining_chair", count=2, arrangement="around")'),
        (1, 'add_on_top(parent="cafe_table_0", category="cup", count=2)'),
        (1, 'add_on_top(parent="cafe_table_1", category="plate", count=2)'),
        (1, 'add_on_top(parent="cafe_table_2", category="candle")'),
        (1, 'add_object(category="sideboard", placement="against_wall")'),
        (1, 'add_crowd(parent="sideboard_0", categories=("plate", "bowl", "cup"), surface="inside", density=0.8)'),
        (2, 'add_on_top(parent="sideboard_0", category="vase")'),
        (2, 'add_wall_object(category="wall_art", above="sideboard_0")'),
        (1, 'add_wall_object(category="wall_light")'),
        (2, 'add_object(category="high_chair", placement="against_wall")'),
        *_EVERY_ROOM,
    ),
    "cafe": (
        (0, 'add_object(category="reception_desk", placement="against_wall")'),
        (0, 'add_object(category="cafe_table", placement="middle")'),
        (0, 'add_group(anchor="cafe_table_0", member="dining_chair", count=2, arrangement="around")'),
        (1, 'add_object(category="cafe_table", placement="middle")'),
        (1, 'add_group(anchor="cafe_table_1", member="dining_chair", count=2, arrangement="around")'),
        (1, 'add_object(category="cafe_table", placement="anywhere")'),
        (1, 'add_group(anchor="cafe_table_2", member="dining_chair", count=2, arrangement="around")'),
        (1, 'add_on_top(parent="cafe_table_0", category="cup", count=2)'),
        (1, 'add_on_top(parent="cafe_table_1", category="vase")'),
        (1, 'add_on_top(parent="reception_desk_0", category="cup", count=3)'),
        (1, 'add_object(category="display_shelf", placement="against_wall")'),
        (1, 'add_crowd(parent="display_shelf_0", categories=("cup", "plate"), surface="shelves", density=0.8)'),
        (1, 'add_wall_object(category="chalkboard")'),
        (2, 'add_object(category="cafe_table", placement="anywhere")'),
        (2, 'add_group(anchor="cafe_table_3", member="bar_stool", count=2, arrangement="around")'),
        (2, 'add_object(category="armchair", placement="corner")'),
        (2, 'add_wall_object(category="wall_art")'),
        (2, 'add_wall_object(category="wall_clock")'),
        (1, 'add_on_top(parent="reception_desk_0", category="cash_register")'),
        (2, 'add_object(category="display_fridge", placement="against_wall")'),
        (2, 'add_crowd(parent="display_fridge_0", categories=("bottle",), surface="any", density=0.8)'),
        *_EVERY_ROOM,
    ),
    "gym": (
        (0, 'add_object(category="treadmill", placement="against_wall")'),
        (0, 'add_object(category="exercise_bike", placement="against_wall")'),
        (0, 'add_object(category="dumbbell_rack", placement="against_wall")'),
        (1, 'add_object(category="weight_bench", placement="middle")'),
        (1, 'add_object(category="yoga_mat", placement="anywhere")'),
        (1, 'add_object(category="rowing_machine", placement="against_wall")'),
        (1, 'add_wall_object(category="mirror")'),
        (1, 'add_object(category="shelving_unit", placement="against_wall")'),
        (1, 'add_crowd(parent="shelving_unit_0", categories=("towel", "bottle"), surface="shelves", density=0.8)'),
        (1, 'add_object(category="bench", placement="against_wall")'),
        (1, 'add_on_top(parent="bench_0", category="towel", count=2)'),
        (1, 'add_wall_object(category="wall_clock")'),
        (1, 'add_object(category="water_dispenser", placement="corner")'),
        (2, 'add_object(category="punching_bag", placement="corner")'),
        (2, 'add_object(category="locker", placement="against_wall")'),
        (2, 'add_crowd(parent="locker_0", categories=("towel", "box"), surface="inside", density=0.8)'),
        (2, 'add_object(category="yoga_mat", placement="anywhere")'),
        (1, 'add_object(category="kettlebell", placement="against_wall")'),
        (1, 'add_object(category="medicine_ball", placement="against_wall")'),
        *_EVERY_ROOM,
    ),
    "game_room": (
        (0, 'add_object(category="pool_table", placement="middle")'),
        (1, 'add_set(kind="lounge_set", placement="against_wall")'),
        (1, 'add_object(category="arcade_machine", placement="against_wall")'),
        (1, 'add_object(category="foosball_table", placement="anywhere")'),
        (1, 'add_object(category="display_shelf", placement="against_wall")'),
        (1, 'add_crowd(parent="display_shelf_0", categories=("box", "toy"), surface="shelves", density=0.8)'),
        (1, 'add_wall_object(category="wall_art")'),
        (2, 'add_object(category="cafe_table", placement="corner")'),
        (2, 'add_group(anchor="cafe_table_0", member="bar_stool", count=2, arrangement="around")'),
        (2, 'add_on_top(parent="cafe_table_0", category="bottle", count=2)'),
        (2, 'add_object(category="arcade_machine", placement="against_wall")'),
        (2, 'add_object(category="bean_bag", placement="corner")'),
        (2, 'add_object(category="bean_bag", placement="corner")'),
        (2, 'add_object(category="storage_cabinet", placement="against_wall")'),
        (2, 'add_crowd(parent="storage_cabinet_0", categories=("box", "toy"), surface="inside", density=0.8)'),
        (1, 'add_wall_object(category="dartboard")'),
        (2, 'add_object(category="speaker", placement="corner")'),
        *_EVERY_ROOM,
    ),
    "playroom": (
        (0, 'add_object(category="play_kitchen", placement="against_wall")'),
        (0, 'add_object(category="kids_table", placement="middle")'),
        (0, 'add_group(anchor="kids_table_0", member="kids_chair", count=4, arrangement="around")'),
        (1, 'add_on_top(parent="kids_table_0", category="toy", count=4)'),
        (1, 'add_object(category="toy_chest", placement="against_wall")'),
        (1, 'add_object(category="playhouse_tent", placement="corner")'),
        *_shelf("bookshelf", "against_wall", '("toy", "book")'),
        (2, 'add_object(category="bean_bag", placement="corner")'),
        (2, 'add_object(category="rug", placement="middle")'),
        (1, 'add_object(category="easel", placement="against_wall")'),
        (2, 'add_wall_object(category="coat_hooks", height_m=1.1)'),
        *_EVERY_ROOM[:1],
    ),
    "laundry_room": (
        (0, 'add_object(category="washing_machine", placement="against_wall")'),
        (0, 'add_related(category="dryer", anchor="washing_machine_0", relation="beside", distance_m=0.03)'),
        (1, 'add_object(category="laundry_basket", placement="corner")'),
        (1, 'add_object(category="ironing_board", placement="against_wall")'),
        (1, 'add_wall_object(category="wall_shelf")'),
        (1, 'add_on_top(parent="wall_shelf_0", category="bottle", count=3)'),
        (2, 'add_object(category="shelving_unit", placement="against_wall")'),
        (2, 'add_crowd(parent="shelving_unit_0", categories=("towel", "box", "bottle"), surface="shelves", density=0.7)'),
        (1, 'add_wall_object(category="coat_hooks", height_m=1.6)'),
        (2, 'add_object(category="drying_rack", placement="anywhere")'),
        *_EVERY_ROOM[:1],
    ),
    "garage": (
        (0, 'add_object(category="workbench", placement="against_wall")'),
        (0, 'add_object(category="tool_cabinet", placement="against_wall")'),
        (1, 'add_object(category="shelving_unit", placement="against_wall")'),
        (1, 'add_crowd(parent="shelving_unit_0", categories=("box", "bottle", "jar"), surface="shelves", density=0.7)'),
        (1, 'add_on_top(parent="workbench_0", category="box", count=2)'),
        (2, 'add_object(category="trash_can", placement="corner")'),
        (1, 'add_wall_object(category="pegboard", above="workbench_0")'),
        (1, 'add_object(category="bicycle", placement="against_wall")'),
        (2, 'add_on_top(parent="workbench_0", category="toolbox")'),
        *_EVERY_ROOM[:1],
    ),
    "workshop": (
        (0, 'add_object(category="workbench", placement="against_wall")'),
        (0, 'add_object(category="workbench", placement="against_wall")'),
        (0, 'add_object(category="tool_cabinet", placement="against_wall")'),
        (1, 'add_object(category="stool", placement="anywhere")'),
        (1, 'add_object(category="shelving_unit", placement="against_wall")'),
        (1, 'add_crowd(parent="shelving_unit_0", categories=("box", "jar"), surface="shelves", density=0.7)'),
        (1, 'add_on_top(parent="workbench_0", category="box")'),
        (2, 'add_wall_object(category="wall_shelf")'),
        (1, 'add_wall_object(category="pegboard", above="workbench_0")'),
        (1, 'add_on_top(parent="workbench_1", category="toolbox")'),
        (2, 'add_object(category="step_ladder", placement="against_wall")'),
        *_EVERY_ROOM[:1],
    ),
    "medical_room": (
        (0, 'add_object(category="exam_table", placement="against_wall")'),
        (0, 'add_object(category="desk", placement="against_wall")'),
        (0, 'add_related(category="office_chair", anchor="desk_0", relation="in_front_of", distance_m=0.05)'),
        (1, 'add_on_top(parent="desk_0", category="monitor")'),
        (1, 'add_object(category="medical_cabinet", placement="against_wall")'),
        (1, 'add_crowd(parent="medical_cabinet_0", categories=("bottle", "box"), surface="any", density=0.6)'),
        (1, 'add_object(category="bathroom_vanity", placement="against_wall")'),
        (2, 'add_object(category="trash_can", placement="corner")'),
        (2, 'add_object(category="waiting_chair", placement="against_wall")'),
        (1, 'add_object(category="weighing_scale", placement="against_wall")'),
        (2, 'add_object(category="iv_stand", placement="corner")'),
        (2, 'add_object(category="exam_lamp", placement="anywhere")'),
        *_EVERY_ROOM[:1],
    ),
    "studio_apartment": (
        (0, 'add_object(category="double_bed", placement="corner")'),
        (0, 'add_object(category="kitchen_sink_cabinet", placement="against_wall")'),
        (0, 'add_related(category="oven", anchor="kitchen_sink_cabinet_0", relation="beside", distance_m=0.02)'),
        (0, 'add_related(category="fridge", anchor="kitchen_sink_cabinet_0", relation="beside", distance_m=0.05)'),
        (1, 'add_object(category="sofa", placement="against_wall")'),
        (1, 'add_related(category="coffee_table", anchor="sofa_0", relation="in_front_of", distance_m=0.4)'),
        (1, 'add_object(category="cafe_table", placement="middle")'),
        (1, 'add_group(anchor="cafe_table_0", member="dining_chair", count=2, arrangement="around")'),
        (1, 'add_object(category="wardrobe", placement="against_wall")'),
        (2, 'add_object(category="rug", placement="middle")'),
        (1, 'add_wall_object(category="range_hood", above="oven_0")'),
        (2, 'add_on_top(parent="kitchen_sink_cabinet_0", category="kettle")'),
        (2, 'add_object(category="shoe_cabinet", placement="against_wall")'),
        *_EVERY_ROOM,
    ),
    "basement": (
        (0, 'add_object(category="shelving_unit", placement="against_wall")'),
        (0, 'add_crowd(parent="shelving_unit_0", categories=("box", "jar", "bottle"), surface="shelves", density=0.7)'),
        (1, 'add_object(category="washing_machine", placement="against_wall")'),
        (1, 'add_object(category="sofa", placement="against_wall")'),
        (1, 'add_related(category="tv_stand", anchor="sofa_0", relation="facing")'),
        (1, 'add_on_top(parent="tv_stand_0", category="tv")'),
        (2, 'add_object(category="ping_pong_table", placement="middle")'),
        (2, 'add_object(category="storage_cabinet", placement="against_wall")'),
        (1, 'add_wall_object(category="dartboard")'),
        (2, 'add_object(category="bicycle", placement="against_wall")'),
        *_EVERY_ROOM[:1],
    ),
}

DENSITY_LEVEL = {"sparse": 0, "normal": 1, "dense": 2}  # the highest program level each density runs


def steps_up_to(room_type: str, density: str) -> list[str]:
    """The room program's steps that ``init_furnished_room`` runs at this density."""
    level = DENSITY_LEVEL[density]
    return [text for step_level, text in ROOM_PROGRAMS.get(room_type, ()) if step_level <= level]


# Each set: its main piece, then steps; "{main}" is the main piece's id, and a step starting with
# "each <category>:" runs once per object of that category the set created; "{centrepiece}" is the
# first of CENTREPIECES that belongs in the room (a fruit bowl in a dining room, a vase in a library).
SETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "dining_set": ("dining_table", (
        'add_group(anchor="{main}", member="dining_chair", count={size}, arrangement="around")',
        'add_on_top(parent="{main}", category="{centrepiece}")',
    )),
    "bed_set": ("double_bed", (
        'add_group(anchor="{main}", member="nightstand", count=2, arrangement="both_sides")',
        'each nightstand: add_on_top(parent="{id}", category="table_lamp")',
    )),
    "desk_set": ("desk", (
        'add_related(category="office_chair", anchor="{main}", relation="in_front_of", distance_m=0.05)',
        'add_on_top(parent="{main}", category="monitor")',
        'add_on_top(parent="{main}", category="keyboard")',
    )),
    "lounge_set": ("sofa", (
        'add_related(category="coffee_table", anchor="{main}", relation="in_front_of", distance_m=0.4)',
        'add_related(category="tv_stand", anchor="{main}", relation="facing")',
        'each tv_stand: add_on_top(parent="{id}", category="tv")',
        'add_related(category="side_table", anchor="{main}", relation="beside", distance_m=0.05)',
    )),
    "meeting_set": ("conference_table", (
        'add_group(anchor="{main}", member="office_chair", count={size}, arrangement="around")',
    )),
    "reading_corner": ("armchair", (
        'add_related(category="floor_lamp", anchor="{main}", relation="left_of", distance_m=0.1)',
        'add_related(category="side_table", anchor="{main}", relation="right_of", distance_m=0.05)',
        'each side_table: add_on_top(parent="{id}", category="book", count=2)',
    )),
    "tv_corner": ("tv_stand", (
        'add_on_top(parent="{main}", category="tv")',
        'add_group(anchor="{main}", member="armchair", count={seats}, arrangement="across")',
    )),
}


_CALL = re.compile(r'^(\w+)\((.*)\)$')
_ARG = re.compile(r'(\w+)=("[^"]*"|[^,]+)')
GROUP_MOST = 8  # pieces a program's group of unstated size ("{size}" chairs around a table) counts for (``program_counts``)


@functools.lru_cache(maxsize=128)
def program_counts(room_type: str, density: str) -> Mapping[str, int]:
    """How many of each piece the room type's program places at ``density`` (its steps up to that
    level, sets expanded: a bed set counts its bed and nightstands; a group of unstated size
    ``GROUP_MOST``). Parsed once per room type and density (completion steering asks after every
    call), and read-only, as it is shared."""
    out: dict[str, int] = {}

    def add(category: str, n: int) -> None:
        out[category] = out.get(category, 0) + n

    def count(text: str) -> None:
        m = _CALL.match(text.split(": ", 1)[-1].strip())
        if m is None:
            return
        args = {k: v.strip().strip('"') for k, v in _ARG.findall(m.group(2))}
        if m.group(1) in ("add_object", "add_related", "add_wall_object") and "category" in args:
            add(args["category"], 1)
        elif m.group(1) == "add_on_top" and "category" in args:
            add(args["category"], int(args["count"]) if args.get("count", "").isdigit() else 1)
        elif m.group(1) == "add_group" and "member" in args:
            add(args["member"], int(args["count"]) if args.get("count", "").isdigit() else GROUP_MOST)
        elif m.group(1) == "add_set" and args.get("kind") in SETS:
            main, members = SETS[args["kind"]]
            add(main, 1)
            for member in members:
                count(member)

    for text in steps_up_to(room_type, density):
        count(text)
    return MappingProxyType(out)


_ID = re.compile(r'"([a-z][a-z0-9_]*_\d+)"')


def references(text: str) -> list[str]:
    """The object ids a program step names (``bookshelf_0`` ...)."""
    return _ID.findall(text)


# ---------------------------------------------------------------- dressing

# What goes on empty tops and shelves, in order of preference: things people keep there (no
# televisions on bookshelves, no pillows on sideboards); a room takes those the catalogue lists for it.
DISPLAY_ITEMS: tuple[str, ...] = ("book", "box", "jar", "vase", "picture_frame", "bowl", "small_plant", "candle", "toy", "towel", "bottle",
                                  "plate", "cup", "desk_organizer")
# What goes on kitchen cabinets, counters and appliances instead, wherever they stand (a studio's
# kitchenette gets jars and bowls, not books).
KITCHENWARE: tuple[str, ...] = ("jar", "bowl", "plate", "cup", "bottle", "fruit_bowl")
KITCHEN_FURNITURE = frozenset({"kitchen_base_cabinet", "kitchen_sink_cabinet", "kitchen_wall_cabinet", "kitchen_island", "fridge", "oven",
                               "microwave", "dishwasher"})
# What a bare wall gets: the first of these that belongs in the room.
WALL_DECOR: tuple[str, ...] = ("wall_art", "wall_clock", "mirror", "wall_shelf")
# Supporters whose top is for playing, not for keeping things.
UNDRESSED = frozenset({"pool_table", "ping_pong_table", "foosball_table"})


def belonging(categories: tuple[str, ...], room_type: str) -> tuple[str, ...]:
    """Those of ``categories`` the catalogue lists for the room, in their order."""
    return tuple(c for c in categories if room_type in catalog.BY_NAME[c].rooms)


def display_items(room_type: str) -> tuple[str, ...]:
    return belonging(DISPLAY_ITEMS, room_type) or ("book",)


def wall_decor(room_type: str) -> str | None:
    return next(iter(belonging(WALL_DECOR, room_type)), None)


def fill_calls(state: SceneState) -> list[str]:
    """One call per supporter that holds nothing yet: a crowd of the room's display items (kitchenware
    on kitchen furniture) on its shelves, or two of them on its top (varied by the supporter's id)."""
    from .solver.surfaces import surfaces_of

    if state.room is None:
        return []
    room = state.room.room_type
    display = display_items(room)
    kitchenware = belonging(KITCHENWARE, room) or display
    loaded = {o.parent for o in state.objects if o.surface}
    out = []
    for o in state.objects:
        if o.surface or o.id in loaded or o.category in UNDRESSED or not catalog.BY_NAME[o.category].supports:
            continue
        small = kitchenware if o.category in KITCHEN_FURNITURE else display
        kinds = {s.kind for s in surfaces_of(o, ("top", "shelf"))}
        if "shelf" in kinds:
            out.append(f'add_crowd(parent="{o.id}", categories=("{small[0]}", "{small[min(1, len(small) - 1)]}"), surface="shelves", density=0.7)')
        elif "top" in kinds:
            out.append(f'add_on_top(parent="{o.id}", category="{small[len(o.id) % len(small)]}", count=2)')
    return out


def empty_surfaces(state: SceneState) -> tuple[tuple[str, str], ...]:
    """The tops and shelves that hold nothing, as (object id, surface name), of every supporter
    that is dressed at all (not a game table, not itself standing on something): a bookshelf with
    books on one of its four shelves still has three. What ``fill_calls`` counts per supporter,
    counted per surface."""
    from .solver.surfaces import surfaces_of

    used = {(o.parent, o.surface) for o in state.objects if o.surface}
    return tuple((o.id, s.name) for o in state.objects
                 if not o.surface and o.category not in UNDRESSED and catalog.BY_NAME[o.category].supports
                 for s in surfaces_of(o, ("top", "shelf")) if (o.id, s.name) not in used)


def dressing_calls(state: SceneState) -> list[str]:
    """What finishes a furnished room: small objects for every empty top and shelf, and decor for
    the walls when none of them holds anything."""
    out = fill_calls(state)
    wall = wall_decor(state.room.room_type) if state.room is not None else None
    if wall and not any(catalog.BY_NAME[o.category].placement == "wall" for o in state.objects):
        out.append(f'add_wall_object(category="{wall}")')
    return out
