"""SceneWeaver's physical metrics (N_obj, #OB, #CN) on constructed scenes with known answers, and on
the reference rooms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from test_metrics_util import ROOMS, add, block, empty_room, reference_room, top_of

from sceneorchestra_addon.core.metrics import evaluate, physical
from sceneorchestra_addon.core.metrics.collide import overlap
from sceneorchestra_addon.core.metrics.meshes import object_mesh


def _physical(state):
    return physical.physical(state)


def test_boxes_interpenetrating_by_2cm_are_one_pair_with_that_depth_and_volume():
    state, a = block(empty_room(), 1.0, 1.0)
    state, b = block(state, 1.48, 1.0)  # 0.5 m blocks: 2 cm overlap along x
    phy = _physical(state)
    assert phy.n_collision_pairs == 1
    pair = phy.collisions[0]
    assert (pair.a, pair.b) == (a, b)
    assert pair.depth_m == pytest.approx(0.02, abs=1e-9)
    assert pair.volume_m3 == pytest.approx(0.02 * 0.5 * 0.5, rel=1e-9)


@pytest.mark.parametrize("dx, dz", [(0.5, 0.0), (0.0, 0.5)])
def test_touching_boxes_are_no_pair(dx, dz):
    state, _ = block(empty_room(), 1.0, 1.0)
    state, _ = block(state, 1.0 + dx, 1.0, dz)  # face to face, or stacked exactly on top
    phy = _physical(state)
    assert phy.n_collision_pairs == 0
    assert physical.contacts(physical.scene_meshes(state)) == []


def test_touching_at_an_angle_is_no_pair():
    state, _ = block(empty_room(), 2.0, 2.0, yaw=30.0)
    t = math.radians(30.0)
    state, _ = block(state, 2.0 + 0.5 * math.cos(t), 2.0 + 0.5 * math.sin(t), yaw=30.0)
    assert _physical(state).n_collision_pairs == 0


def test_shallow_overlap_is_no_collision_even_with_a_large_volume():
    state, _ = block(empty_room(), 2.0, 2.0, w=1.0, d=1.0, h=1.0)
    state, _ = block(state, 2.0, 2.0, z=0.9995, w=1.0, d=1.0, h=0.2)  # sunk 0.5 mm: 5e-4 m³
    contact = physical.contacts(physical.scene_meshes(state))[0]
    assert contact.depth_m == pytest.approx(0.0005, abs=1e-9)
    assert contact.volume_m3 > 1e-4
    assert _physical(state).n_collision_pairs == 0


def test_deep_overlap_with_a_small_volume_is_no_collision():
    state, _ = block(empty_room(), 2.0, 2.0, w=0.02, d=0.02, h=0.5)  # a thin post
    state, _ = block(state, 2.0, 2.1, w=0.5, d=0.2, h=0.5)  # pierced 1 cm deep: 0.02 * 0.01 * 0.5 = 1e-4 m³ ... minus nothing
    contact = physical.contacts(physical.scene_meshes(state))[0]
    assert contact.depth_m == pytest.approx(0.01, abs=1e-9)
    assert contact.volume_m3 == pytest.approx(1e-4, rel=1e-6)
    assert _physical(state).n_collision_pairs == 0  # not more than 1e-4


def test_a_corner_pushed_into_a_face_has_the_corner_depth():
    state, _ = block(empty_room(), 2.0, 2.0)  # faces at x = 1.75 / 2.25
    half_diag = 0.25 * math.sqrt(2.0)
    state, _ = block(state, 2.25 + half_diag - 0.03, 2.0, yaw=45.0)  # corner 3 cm into the +x face
    contact = physical.contacts(physical.scene_meshes(state))[0]
    assert contact.depth_m == pytest.approx(0.03, abs=1e-9)
    assert contact.volume_m3 == pytest.approx(0.03 * 0.03 * 0.5, rel=1e-9)  # a triangular prism 6 cm x 3 cm x 0.5 m


def test_an_object_swallowed_whole_collides():
    state, _ = block(empty_room(), 2.0, 2.0, w=1.0, d=1.0, h=1.0)
    state, _ = block(state, 2.0, 2.0, z=0.2, w=0.3, d=0.3, h=0.3)
    assert _physical(state).n_collision_pairs == 1


def test_object_5cm_through_a_wall_is_out_of_bounds():
    state, inside = block(empty_room(width=5.0), 5.0 - 0.25, 2.0)  # touching the east wall
    state, through = block(state, 2.0, 4.0 - 0.25 + 0.05)  # 5 cm into the north wall
    phy = _physical(state)
    assert [o.id for o in phy.out_of_bounds] == [through]
    assert phy.out_of_bounds[0].distance_m == pytest.approx(0.05, abs=1e-9)
    assert phy.n_oob == 1 and inside not in [o.id for o in phy.out_of_bounds]


@pytest.mark.parametrize("beyond, out", [(0.009, False), (0.011, True)])
def test_out_of_bounds_margin_is_1cm_through_a_wall(beyond, out):
    state, _ = block(empty_room(), 2.0, 0.25 - beyond)
    assert (_physical(state).n_oob == 1) == out


@pytest.mark.parametrize("each, out", [(0.007, False), (0.009, True)])
def test_out_of_bounds_margin_has_round_corners(each, out):
    # a corner 9 mm beyond both walls is 12.7 mm from the room: outside Shapely's round 1 cm buffer
    state, _ = block(empty_room(), 0.25 - each, 0.25 - each)
    assert (_physical(state).n_oob == 1) == out


def test_rugs_are_not_objects_and_never_collide():
    state, _ = add(empty_room(), "rug", 2.5, 2.0)
    state, _ = add(state, "sofa", 2.5, 2.0)  # its feet stand in the rug
    phy = _physical(state)
    assert phy.n_obj == 1
    assert phy.n_collision_pairs == 0


def test_an_object_standing_on_a_table_touches_but_does_not_collide():
    state, table = add(empty_room(), "dining_table", 2.0, 2.0)
    state, _ = add(state, "vase", 2.0, 2.0, top_of(state, table), parent=table, surface="top")
    result = evaluate(state)
    assert result.n_collision_pairs == 0 and result.col == 0.0
    assert result.details["contacts"] == []


def test_world_meshes_are_cached_per_params_and_pose():
    state, oid = add(empty_room(), "wardrobe", 1.0, 1.0)
    obj = state.get(oid)
    assert object_mesh(obj).shells is object_mesh(obj).shells
    moved = obj.__class__(obj.id, obj.category, obj.params, obj.pose.__class__(1.5, 1.0, 0.0, 90.0))
    m = object_mesh(moved)
    assert m.shells is not object_mesh(obj).shells
    assert np.allclose(m.centroid[:2], object_mesh(obj).centroid[:2] + [0.5, 0.0], atol=0.7)


def test_overlap_is_symmetric():
    state, a = add(empty_room(), "armchair", 2.0, 2.0)
    state, b = add(state, "coffee_table", 2.3, 2.2, yaw=20.0)
    ma, mb = object_mesh(state.get(a)), object_mesh(state.get(b))
    ab, ba = overlap(ma, mb), overlap(mb, ma)
    assert ab.volume == pytest.approx(ba.volume, rel=1e-9)
    assert ab.depth == pytest.approx(ba.depth, rel=1e-9)


@pytest.mark.parametrize("name", ROOMS)
def test_reference_rooms_have_no_collision_and_nothing_out_of_bounds(name):
    state = reference_room(name)
    phy = _physical(state)
    assert phy.n_collision_pairs == 0, [(c.a, c.b, c.depth_m, c.volume_m3) for c in phy.collisions]
    assert phy.n_oob == 0, phy.out_of_bounds
    assert phy.n_obj >= 25


def test_a_scene_without_a_room_cannot_be_evaluated():
    from sceneorchestra_addon.ground.state import SceneState

    with pytest.raises(ValueError, match="no room"):
        evaluate(SceneState())
