"""Scenes of several rooms in real Blender (the bpy module): every room in its own collection, placed
by the plan, inside its rectangle and clear of its neighbours; unique names; per-room incremental
sync; the suite stored in the .blend; the preview with room names; one-room builds unchanged."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from itertools import combinations

import numpy as np
import pytest

bpy = pytest.importorskip("bpy")

from mathutils import Vector  # noqa: E402

from conftest import DATA  # noqa: E402
from sceneorchestra_addon import assets  # noqa: E402
from sceneorchestra_addon.assets.room_shell import build_room_shell  # noqa: E402
from sceneorchestra_addon.blender import collection as so_collection  # noqa: E402
from sceneorchestra_addon.blender.outputs import build_scene, write_blend_and_preview  # noqa: E402
from sceneorchestra_addon.blender.render import mesh_bounds, top_pixel  # noqa: E402
from sceneorchestra_addon.blender.suite import room_root  # noqa: E402
from sceneorchestra_addon.blender.sync import MAIN_LIGHT_NAME, load_stored, sync_scene  # noqa: E402
from sceneorchestra_addon.core.executor import run_text  # noqa: E402
from sceneorchestra_addon.core.lighting import LAMP_CATEGORIES  # noqa: E402
from sceneorchestra_addon.ground.state import Pose  # noqa: E402
from sceneorchestra_addon.ground.suite import SuiteState  # noqa: E402

EN_SUITE = "A bedroom with an en-suite bathroom."
FLAT = "A small flat: living room with open kitchen, one bedroom, a bathroom."
TOL_M = 1e-3


@pytest.fixture(autouse=True)
def empty_blender():
    bpy.ops.wm.read_factory_settings(use_empty=True)
    yield
    bpy.ops.wm.read_factory_settings(use_empty=True)


@cache
def made(prompt: str) -> tuple[str, SuiteState]:
    """(trajectory text, suite) for ``prompt`` (seed 0), made once per session."""
    from sceneorchestra_addon.core.plan_reader import read_plan
    from sceneorchestra_addon.core.suite_planner import suite_text

    text = suite_text(read_plan(prompt), 0)
    suite = run_text(text, 0).state
    assert isinstance(suite, SuiteState)
    return text, suite


def world_box(obj) -> tuple[np.ndarray, np.ndarray]:
    corners = np.array([tuple(obj.matrix_world @ Vector(c)) for c in obj.bound_box])
    return corners.min(axis=0), corners.max(axis=0)


def meshes(coll) -> list:
    return [o for o in coll.objects if o.type == "MESH"]


def shell_meshes(coll) -> list:
    shell = so_collection.managed_index(coll)["room"]
    return [o for o in so_collection.descendants(shell) if o.type == "MESH"]


def wanted_ids(state) -> set[str]:
    return {"room"} | {o.id for o in state.openings if o.params} | {o.id for o in state.objects}


# ---------------------------------------------------------------- rooms, rectangles, names


@pytest.mark.parametrize("prompt", [EN_SUITE, FLAT])
def test_every_room_is_built_in_its_collection_and_rectangle(prompt):
    text, suite = made(prompt)
    counts = build_scene(suite, text)
    bpy.context.view_layer.update()
    top = so_collection.find_collection()
    assert len(top.objects) == 0  # everything lives in the rooms' collections
    rooms = so_collection.room_collections(top)
    assert sorted(rooms) == sorted(suite.names) == sorted(r.name for r in suite.plan.rooms)
    assert counts == {"created": sum(len(wanted_ids(s)) for _, s in suite.rooms), "updated": 0, "removed": 0}
    for name, state in suite.rooms:
        coll = rooms[name]
        assert coll.name == name
        root = room_root(coll)
        assert root is not None and root.name == name
        assert tuple(root.matrix_world.translation) == pytest.approx((*suite.origin(name), 0.0))
        index = so_collection.managed_index(coll)
        assert set(index) == wanted_ids(state)
        assert all(obj.parent == root for obj in index.values())
        for obj in state.objects:  # the pose in the room's frame, offset by the room's origin
            empty = index[obj.id]
            assert tuple(empty.location) == pytest.approx((obj.pose.x, obj.pose.y, obj.pose.z), abs=1e-6)
            ox, oy = suite.origin(name)
            assert tuple(empty.matrix_world.translation) == pytest.approx((obj.pose.x + ox, obj.pose.y + oy, obj.pose.z), abs=1e-5)
        assert len(meshes(coll)) >= len(index)
        lights = [o for o in coll.objects if o.type == "LIGHT"]
        assert [o.name for o in lights if o.get("so_light") == "main"] == [f"{name}.light"]

        rect = suite.plan.room(name).rect
        for obj in coll.objects:  # meshes by their bounding box, empties and lights by their place
            lo, hi = world_box(obj) if obj.type == "MESH" else (np.array(obj.matrix_world.translation),) * 2
            assert lo[0] >= rect.x0 - TOL_M and lo[1] >= rect.y0 - TOL_M, (name, obj.name, lo, rect)
            assert hi[0] <= rect.x1 + TOL_M and hi[1] <= rect.y1 + TOL_M, (name, obj.name, hi, rect)

    names = [o.name for o in bpy.data.objects]
    assert len(names) == len(set(names))
    assert not [n for n in names if re.search(r"\.\d{3}$", n)]  # no name Blender had to make unique
    for name, coll in rooms.items():
        assert all(o.name == name or o.name.startswith(f"{name}.") for o in coll.objects), name


@pytest.mark.parametrize("prompt", [EN_SUITE, FLAT])
def test_rooms_meet_but_do_not_overlap(prompt):
    text, suite = made(prompt)
    build_scene(suite, text)
    bpy.context.view_layer.update()
    rooms = so_collection.room_collections()
    parts = {name: meshes(coll) for name, coll in rooms.items()}
    boxes = {name: [world_box(o) for o in objs] for name, objs in parts.items()}
    shells = {name: [world_box(o) for o in shell_meshes(coll)] for name, coll in rooms.items()}
    for a, b in combinations(suite.names, 2):
        lo_a, hi_a = (np.array([bx[i] for bx in boxes[a]]) for i in (0, 1))
        lo_b, hi_b = (np.array([bx[i] for bx in boxes[b]]) for i in (0, 1))
        overlap = np.minimum(hi_a[:, None], hi_b[None]) - np.maximum(lo_a[:, None], lo_b[None])  # (|a|, |b|, 3)
        clash = np.argwhere((overlap > TOL_M).all(axis=2))
        assert not len(clash), [(parts[a][i].name, parts[b][j].name) for i, j in clash[:5]]
    # the walls of two rooms a door joins touch on their shared line
    for door in suite.plan.doors:
        gaps = [np.maximum(np.maximum(lo_a - hi_b, lo_b - hi_a), 0.0).max()
                for lo_a, hi_a in shells[door.a] for lo_b, hi_b in shells[door.b]]
        assert min(gaps) <= TOL_M, (door.a, door.b)


def test_sync_is_incremental_per_room():
    text, suite = made(EN_SUITE)
    build_scene(suite, text)
    name = suite.names[0]
    other = suite.names[1]
    state = suite.state(name)

    def pointers(room: str) -> dict[str, int]:
        return {o.name: o.as_pointer() for o in so_collection.room_collections()[room].objects}

    before_other = pointers(other)
    assert build_scene(suite, text) == {"created": 0, "updated": 0, "removed": 0}
    with pytest.raises(TypeError):
        sync_scene(suite)  # one room only: a suite goes through build_scene / sync_suite
    moved = replace(state.objects[0], pose=Pose(state.objects[0].pose.x + 0.1, state.objects[0].pose.y, 0.0, 30.0))
    suite2 = suite.with_room(name, state.with_object(moved))
    assert build_scene(suite2, text) == {"created": 0, "updated": 1, "removed": 0}
    assert pointers(other) == before_other
    bpy.context.view_layer.update()
    empty = so_collection.managed_index(so_collection.room_collections()[name])[moved.id]
    ox, oy = suite.origin(name)
    assert tuple(empty.matrix_world.translation) == pytest.approx((moved.pose.x + ox, moved.pose.y + oy, 0.0), abs=1e-5)
    gone = state.objects[-1].id
    assert build_scene(suite2.with_room(name, suite2.state(name).without({gone})), text)["removed"] == 1
    assert gone not in so_collection.managed_index(so_collection.room_collections()[name])
    assert pointers(other) == before_other


# ---------------------------------------------------------------- the .blend and the preview


def test_blend_stores_the_suite_and_preview_labels_rooms(tmp_path):
    from PIL import Image

    text, suite = made(FLAT)
    resolution = 160
    paths = write_blend_and_preview(suite, text, tmp_path, resolution=resolution)
    lo, hi = mesh_bounds(list(so_collection.find_collection().all_objects))
    assert not [o for o in bpy.data.objects if o.type == "CAMERA"] and len(bpy.data.scenes) == 1
    with Image.open(paths["preview"]) as im:
        assert im.size == (2 * resolution, resolution)
        pixels = np.asarray(im.convert("RGB"), dtype=np.int32)
    assert pixels[:, :resolution].std() > 10 and pixels[:, resolution:].std() > 10
    for room in suite.plan.rooms:  # a white label box with dark text at each room's centre
        cx, cy = top_pixel(lo, hi, resolution, (room.rect.x0 + room.rect.x1) / 2, (room.rect.y0 + room.rect.y1) / 2)
        patch = pixels[int(cy) - 4:int(cy) + 5, int(cx) - 12:int(cx) + 13]
        assert (patch == 255).all(axis=2).any() and (patch.max(axis=2) < 80).any(), room.name

    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.wm.open_mainfile(filepath=str(paths["blend"]))
    loaded, trajectory = load_stored()
    assert isinstance(loaded, SuiteState) and loaded == suite
    assert loaded.to_json() == suite.to_json() and trajectory == text
    assert sorted(so_collection.room_collections()) == sorted(suite.names)


# ---------------------------------------------------------------- one room, as before


def one_room_names(state) -> set[str]:
    """The objects a one-room scene builds: the room light, and for the shell, every door and
    window with parameters and every object an empty named by its id with a mesh per part (and a
    point light in each lamp)."""
    names = {MAIN_LIGHT_NAME, "room"} | {f"room.{p.name}" for p in build_room_shell(state.room, state.openings).parts}
    for oid, params in [(o.id, o.params) for o in state.openings if o.params] + [(o.id, o.params) for o in state.objects]:
        names |= {oid} | {f"{oid}.{p.name}" for p in assets.build(params).parts}
    names |= {f"{o.id}.light" for o in state.objects if o.category in LAMP_CATEGORIES}
    return names


def test_one_room_scene_builds_as_before():
    text = (DATA / "bedroom.txt").read_text()
    state = run_text(text, 0).state
    expected = one_room_names(state)

    def check(counts):
        coll = so_collection.find_collection()
        assert not so_collection.room_collections(coll) and not len(coll.children)
        assert {o.name for o in coll.objects} == expected and len(coll.objects) == len(expected)
        assert {o.name for o in so_collection.top_level(coll)} == {MAIN_LIGHT_NAME} | set(so_collection.managed_index(coll))
        assert load_stored() == (state, text)
        return counts

    assert check(build_scene(state, text))["created"] == 1 + len([o for o in state.openings if o.params]) + len(state.objects)
    # a suite built in its place, then the room again: the suite's rooms are gone
    suite_text_, suite = made(EN_SUITE)
    build_scene(suite, suite_text_)
    assert not len(so_collection.find_collection().objects)
    check(build_scene(state, text))
    assert {o.name for o in bpy.data.objects} == expected
