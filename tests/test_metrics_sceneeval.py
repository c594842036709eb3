"""SceneEval-style metrics (COL, OOB, NAV, ACC, SUP, OPC) on constructed scenes with known answers."""

from __future__ import annotations

import numpy as np
import pytest
from test_metrics_util import ROOMS, add, block, door, empty_room, params, reference_room, top_of, window

from sceneorchestra_addon.core import executor
from sceneorchestra_addon.core.metrics import evaluate, physical, sceneeval, support
from sceneorchestra_addon.core.metrics.meshes import object_mesh
from sceneorchestra_addon.core.solver import floor, nav
from sceneorchestra_addon.core.solver.surfaces import surfaces_of
from sceneorchestra_addon.core.solver.world import World
from sceneorchestra_addon.assets.shapes import local_bounds
from sceneorchestra_addon.ground.geometry import WALKER_WIDTH_M, nav_pixel_m


def _wall_pose_y(state, category, **overrides):
    """y of a wall object hung on the north wall with its back 1 mm off it."""
    p = params(category, **overrides)
    return p, state.room.depth_m - float(local_bounds(p)[1][1]) - 0.001


# ---------------------------------------------------------------- COL


def test_col_counts_both_objects_of_a_2cm_overlap():
    state, _ = block(empty_room(), 1.0, 1.0)
    state, _ = block(state, 1.48, 1.0)
    state, _ = block(state, 3.0, 3.0)
    assert evaluate(state).col == pytest.approx(2 / 3)


def test_col_forgives_an_overlap_shallower_than_the_5mm_move():
    state, _ = block(empty_room(), 1.0, 1.0)
    state, _ = block(state, 1.497, 1.0)  # 3 mm
    result = evaluate(state)
    assert result.col == 0.0
    assert len(result.details["contacts"]) == 1  # it is a contact all the same


def test_col_ignores_touching():
    state, a = block(empty_room(), 1.0, 1.0)
    state, _ = block(state, 1.0, 1.0, 0.5)
    assert evaluate(state).col == 0.0


# ---------------------------------------------------------------- OOB


def test_oob_is_the_area_share_above_the_floor():
    state, oid = block(empty_room(width=5.0), 5.0 - 0.25 + 0.05, 2.0)  # 5 cm through the east wall
    fraction = sceneeval.inbound_fraction(object_mesh(state.get(oid)), 5.0, 4.0)
    assert fraction == pytest.approx(1.15 / 1.5)  # the outer face and 5 cm strips of four faces are outside
    result = evaluate(state)
    assert result.oob == 1.0 and result.details["oob_objects"] == [oid]


def test_oob_keeps_objects_inside():
    state, _ = block(empty_room(), 2.0, 2.0)
    state, _ = block(state, 0.25, 0.25)  # touching two walls
    assert evaluate(state).oob == 0.0


# ---------------------------------------------------------------- NAV


def test_nav_of_an_empty_room_is_1():
    assert evaluate(empty_room()).nav == 1.0


def test_a_row_of_wardrobes_splitting_the_room_makes_nav_well_below_1():
    state = empty_room(width=5.0, depth=4.0)
    for k in range(4):
        state, _ = add(state, "wardrobe", 0.625 + 1.25 * k, 2.0, width_m=1.25)
    nav = evaluate(state).nav
    assert 0.35 < nav < 0.65


def test_a_wardrobe_against_a_wall_keeps_the_room_walkable():
    state, _ = add(empty_room(), "wardrobe", 2.5, 4.0 - 0.31, width_m=1.25)
    assert evaluate(state).nav == 1.0


# The solver keeps the floor connected for the walker NAV measures with (one shared width): a
# passage it accepts is one NAV finds open, and one NAV finds closed it rejects.


def _cut_by_a_passage(gap: float, yaw: float = 0.0, shift: float = 0.0):
    """A 4 x 4 m room (door on the south wall) cut in two by two long 30 cm deep pieces in one line
    through its middle, turned by ``yaw``, leaving a passage ``gap`` wide between them."""
    state = empty_room(width=4.0, depth=4.0, openings=(door("south", 1.0, 0.9),))
    t = np.radians(yaw)
    along = np.array([np.cos(t), np.sin(t)])
    for side in (-1.0, 1.0):
        x, y = np.array([2.0 + shift, 2.0]) + side * along * (gap / 2.0 + 3.0)
        state, _ = block(state, float(x), float(y), w=6.0, d=0.3, h=0.8, yaw=yaw)
    return state


def _solver_accepts(state) -> bool:
    world = World.of(state)
    return nav.walkable_ok(state.room, list(world.boxes.values()), floor.door_points(world))


def _nav(state) -> float:
    return sceneeval.navigability(state, [o.id for o in state.objects]).nav


def test_the_solver_keeps_the_nav_walker_and_half_a_pixel_of_its_image_from_everything():
    for width, depth in ((5.0, 4.0), (2.5, 9.0), (15.0, 15.0)):
        state = empty_room(width=width, depth=depth)
        pixel = sceneeval.navigability(state, []).grid.pixel_m
        assert pixel == pytest.approx(nav_pixel_m(state.room))
        assert nav.walker_margin(state.room) == pytest.approx(WALKER_WIDTH_M / 2.0 + pixel / 2.0)


def test_a_passage_a_little_wider_than_the_walker_is_open_to_the_solver_and_to_nav():
    state = _cut_by_a_passage(WALKER_WIDTH_M + 0.05, shift=0.05)  # centred on a column of the solver's cells
    assert _solver_accepts(state) and _nav(state) == 1.0
    for shift in (0.0, 0.025, 0.05, 0.075):  # wide enough for a column of cells wherever it lies
        state = _cut_by_a_passage(2.0 * nav.walker_margin(state.room) + nav.CELL_M + 0.001, shift=shift)
        assert _solver_accepts(state) and _nav(state) == 1.0


def test_a_passage_narrower_than_the_walker_is_closed_to_both():
    state = _cut_by_a_passage(WALKER_WIDTH_M - 0.02)
    assert _nav(state) < 0.6
    assert not _solver_accepts(state)


@pytest.mark.parametrize("yaw", [0.0, 30.0, 45.0, 90.0])
def test_what_the_solver_accepts_nav_finds_connected(yaw):
    verdicts = []
    for gap in np.arange(0.16, 0.40, 0.01):
        for shift in (0.0, 0.037):
            state = _cut_by_a_passage(float(gap), yaw, shift)
            accepted, value = _solver_accepts(state), _nav(state)
            assert not accepted or value == 1.0, (gap, shift, value)  # accepted: NAV finds it connected
            verdicts.append(accepted)
    assert any(verdicts) and not all(verdicts)  # the sweep crosses the solver's threshold


def test_a_furnished_room_the_solver_built_keeps_the_floor_nav_measures_connected():
    """A restaurant whose pieces left strips 0.2 to 0.4 m wide: the solver, with a walker twice NAV's
    robot, saw no floor there, while NAV counted them as cut-off floor (NAV 0.75)."""
    text = '1. init_furnished_room(room_type="restaurant", width_m=2.86, depth_m=5.16, height_m=3.84)\n2. terminate(status="success")'
    state = executor.run_text(text, seed=193).state
    assert _nav(state) >= nav.MIN_CONNECTED


# ---------------------------------------------------------------- ACC


def test_acc_of_a_wardrobe_facing_the_wall_is_0_and_facing_the_room_is_1():
    state, oid = add(empty_room(), "wardrobe", 2.5, 4.0 - 0.35, yaw=180.0, width_m=1.2)  # its doors 5 cm from the north wall
    acc, scores = sceneeval.accessibility(state, [oid])
    assert acc == 0.0 and scores[oid] == 0.0
    state, oid = add(empty_room(), "wardrobe", 2.5, 4.0 - 0.31, yaw=0.0, width_m=1.2)
    assert sceneeval.accessibility(state, [oid])[0] == 1.0


def test_acc_sees_a_chair_blocking_a_desk():
    state, desk = add(empty_room(), "desk", 2.5, 3.6)
    free = sceneeval.accessibility(state, [desk])[0]
    state, _ = add(state, "armchair", 2.5, 2.8)
    blocked = sceneeval.accessibility(state, [o.id for o in state.objects])[1][desk]
    assert free == 1.0 and blocked < 0.5


# ---------------------------------------------------------------- SUP


def _supported(state):
    meshes = physical.scene_meshes(state)
    every = {o.id: object_mesh(o) for o in state.objects}
    return {s.id: s.supported for s in support.support(state, meshes, every)}


def test_a_lamp_on_a_table_is_supported_and_10cm_above_it_is_not():
    state, table = add(empty_room(), "dining_table", 2.0, 2.0)
    state, on = add(state, "table_lamp", 1.8, 2.0, top_of(state, table))
    state, floating = add(state, "table_lamp", 2.3, 2.0, top_of(state, table) + 0.10)
    sup = _supported(state)
    assert sup == {table: True, on: True, floating: False}


def test_a_lamp_over_the_edge_of_a_table_falls():
    state, table = add(empty_room(), "side_table", 2.0, 2.0)
    half = float(local_bounds(state.get(table).params)[1][0])
    state, lamp = add(state, "table_lamp", 2.0 + half + 0.02, 2.0, top_of(state, table))
    assert _supported(state)[lamp] is False


def test_floor_objects_stand_on_the_floor_and_hovering_ones_do_not():
    state, ok = add(empty_room(), "armchair", 1.0, 1.0)
    state, hover = add(state, "armchair", 3.0, 1.0, 0.03)
    assert _supported(state) == {ok: True, hover: False}


@pytest.mark.parametrize("sunk", [0.008, 0.02])
def test_a_book_sunk_into_a_shelf_is_reported_and_one_resting_on_it_is_not(sunk):
    state, shelf = add(empty_room(), "bookshelf", 2.5, 3.6)
    board = surfaces_of(state.get(shelf), ("shelf",))[1]  # a board in the air, 18 mm thick
    state, resting = add(state, "book", 2.3, 3.6, board.z)
    state, grazing = add(state, "book", 2.5, 3.6, board.z - 0.003)  # within the tolerance
    state, sinking = add(state, "book", 2.7, 3.6, board.z - sunk)
    meshes = physical.scene_meshes(state)
    result = {s.id: s for s in support.support(state, meshes, {o.id: object_mesh(o) for o in state.objects})}
    assert result[resting].supported and result[grazing].supported
    assert not result[sinking].supported
    assert evaluate(state).details["unsupported"] == [sinking]


def test_a_chair_sunk_into_the_floor_is_reported():
    state, chair = add(empty_room(), "armchair", 2.0, 2.0, -0.008)
    assert _supported(state) == {chair: False}


def test_wall_objects_need_the_wall_behind_them():
    state = empty_room()
    p, y = _wall_pose_y(state, "wall_art")
    state, hung = add(state, "wall_art", 2.0, y, 1.3, p=p)
    state, off = add(state, "wall_art", 4.0, y - 0.05, 1.3, p=p)
    assert _supported(state) == {hung: True, off: False}


def test_ceiling_lights_need_the_ceiling():
    state = empty_room()
    p = params("ceiling_light")
    top = float(local_bounds(p)[1][2])
    state, hung = add(state, "ceiling_light", 2.0, 2.0, state.room.height_m - top - 0.001, p=p)
    state, low = add(state, "ceiling_light", 3.0, 2.0, state.room.height_m - top - 0.10, p=p)
    assert _supported(state) == {hung: True, low: False}


# ---------------------------------------------------------------- OPC


def test_a_sofa_in_front_of_the_door_occludes_it():
    base = empty_room(openings=(door("south", 1.5, 0.9),))
    state, _ = add(base, "sofa", 1.5, 0.6, yaw=180.0)
    result = evaluate(state)
    assert result.opc > 0.2
    assert result.details["opening_occlusion"]["door_0"] == pytest.approx(result.opc, abs=1e-4)
    state, _ = add(base, "sofa", 2.5, 4.0 - 0.5)
    assert evaluate(state).opc == 0.0


def test_a_low_cabinet_below_a_window_sill_does_not_occlude_it():
    base = empty_room(openings=(window("north", 2.5, 1.2),))
    state, _ = add(base, "sideboard", 2.5, 4.0 - 0.3, height_m=0.8)
    assert evaluate(state).opc == 0.0


@pytest.mark.parametrize("name", ROOMS)
def test_reference_rooms_are_supported_and_walkable(name):
    result = evaluate(reference_room(name))
    assert result.sup == 1.0, result.details["unsupported"]
    assert result.nav > 0.9
    assert result.opc < 0.05


# Arc floor lamps lean their dome far past their base: SceneEval's centroid test calls them unsupported.
# A medicine ball touches the floor at a point and a rocking chair along its two curved rockers: the
# test finds no contact footprint under them although they rest on the floor.
SUP_EXEMPT = {("floor_lamp", "dome"), ("medicine_ball", "classic"), ("medicine_ball", "modern"), ("rocking_chair", "classic"),
              ("rocking_chair", "modern")}


def test_every_floor_object_in_every_style_stands_supported_on_the_floor():
    from sceneorchestra_addon import assets
    from sceneorchestra_addon.ground import catalog

    failed = []
    for c in catalog.BY_NAME.values():
        if c.placement != "floor" or c.name == "rug":  # a rug lies flat: SUP does not rate it
            continue
        for style in assets.generator_for(c.name).styles:
            state, oid = add(empty_room(width=6.0, depth=6.0), c.name, 3.0, 3.0, p=params(c.name, seed=1, style=style))
            if not _supported(state)[oid] and (c.name, style) not in SUP_EXEMPT:
                failed.append((c.name, style))
    assert failed == []
