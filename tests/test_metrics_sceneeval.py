"""SceneEval-style metrics (COL, OOB, NAV, ACC, SUP, OPC) on constructed scenes with known answers."""

from __future__ import annotations

import pytest
from test_metrics_util import ROOMS, add, block, door, empty_room, params, reference_room, top_of, window

from sceneorchestra_addon.core.metrics import evaluate, physical, sceneeval, support
from sceneorchestra_addon.core.metrics.meshes import object_mesh
from sceneorchestra_addon.assets.shapes import local_bounds


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
