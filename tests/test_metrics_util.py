"""Helpers for the metrics tests: constructed rooms with objects at chosen poses (and a few checks
of the helpers themselves)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sceneorchestra_addon.assets import sample_params
from sceneorchestra_addon.core import executor
from sceneorchestra_addon.assets.shapes import local_bounds
from sceneorchestra_addon.ground.state import Opening, Pose, Room, SceneObject, SceneState

DATA = Path(__file__).parent / "data"
ROOMS = ("bedroom", "living_room", "kitchen", "gym", "restaurant", "bathroom", "children_room", "meeting_room", "office", "waiting_room")


def empty_room(room_type: str = "living_room", width: float = 5.0, depth: float = 4.0, openings: tuple[Opening, ...] = ()) -> SceneState:
    return SceneState(Room(room_type, width, depth), openings)


def door(wall: str = "south", offset: float = 1.0, width: float = 0.9) -> Opening:
    return Opening("door_0", "door", wall, offset, width, 2.0, 0.0, {})


def window(wall: str = "north", offset: float = 2.0, width: float = 1.2, idx: int = 0) -> Opening:
    return Opening(f"window_{idx}", "window", wall, offset, width, 1.2, 0.9, {})


def params(category: str, seed: int = 0, **overrides) -> dict:
    return sample_params(category, np.random.default_rng(seed), **overrides)


def block_params(w: float, d: float, h: float) -> dict:
    """A solid box: a yoga mat's single closed slab made as big as asked."""
    return {"category": "yoga_mat", "width_m": w, "depth_m": d, "height_m": h, "style": "home", "material_mat": "foam_blue"}


def add(state: SceneState, category: str, x: float, y: float, z: float = 0.0, yaw: float = 0.0, p: dict | None = None,
        parent: str | None = None, surface: str = "", **overrides) -> tuple[SceneState, str]:
    """The state with one more object (id ``<category>_<n>``) and that id."""
    prm = p if p is not None else params(category, **overrides)
    oid = state.next_id(category)
    obj = SceneObject(oid, category, prm, Pose(x, y, z, yaw), parent=parent, surface=surface)
    return state.with_object(obj), oid


def block(state: SceneState, x: float, y: float, z: float = 0.0, w: float = 0.5, d: float = 0.5, h: float = 0.5, yaw: float = 0.0):
    return add(state, "yoga_mat", x, y, z, yaw, p=block_params(w, d, h))


def top_of(state: SceneState, oid: str) -> float:
    obj = state.get(oid)
    return obj.pose.z + float(local_bounds(obj.params)[1][2])


def reference_room(name: str) -> SceneState:
    return executor.run_text((DATA / f"{name}.txt").read_text(), seed=0).state


def test_block_is_a_solid_box():
    state, oid = block(empty_room(), 1.0, 1.0, w=0.4, d=0.3, h=0.2)
    lo, hi = local_bounds(state.get(oid).params)
    assert np.allclose(hi - lo, [0.4, 0.3, 0.2])


def test_add_gives_sequential_ids():
    state, a = add(empty_room(), "dining_chair", 1.0, 1.0)
    state, b = add(state, "dining_chair", 2.0, 1.0)
    assert (a, b) == ("dining_chair_0", "dining_chair_1")
