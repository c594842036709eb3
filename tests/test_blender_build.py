"""PartTrees in real Blender (the bpy module): every category builds, the room shell has real holes,
syncing is incremental and never touches the user's own objects, and previews render."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest

bpy = pytest.importorskip("bpy")

from mathutils import Vector  # noqa: E402

from sceneorchestra_addon import assets  # noqa: E402
from sceneorchestra_addon.assets.room_shell import build_room_shell  # noqa: E402
from sceneorchestra_addon.blender import collection as so_collection  # noqa: E402
from sceneorchestra_addon.blender.build import build_object  # noqa: E402
from sceneorchestra_addon.blender.render import render_preview  # noqa: E402
from sceneorchestra_addon.blender.sync import load_stored, store_state, sync_scene  # noqa: E402
from sceneorchestra_addon.cli_blender import catalog_entries  # noqa: E402
from sceneorchestra_addon.ground import catalog  # noqa: E402
from sceneorchestra_addon.ground.geometry import wall_frame  # noqa: E402
from sceneorchestra_addon.ground.state import Lighting, Opening, Pose, Room, SceneObject, SceneState  # noqa: E402


@pytest.fixture(autouse=True)
def empty_blender():
    bpy.ops.wm.read_factory_settings(use_empty=True)
    yield
    bpy.ops.wm.read_factory_settings(use_empty=True)


def params_of(category: str, seed: int = 3) -> dict:
    return assets.sample_params(category, np.random.default_rng(seed))


def require_generator(category: str) -> None:
    """Skip while another engineer has not yet added ``category`` (doors and windows)."""
    entry = catalog.BY_NAME.get(category)
    if entry is None or entry.generator not in assets.GENERATORS:
        pytest.skip(f"category {category!r} has no generator yet")


def part_objects(empty) -> list:
    return [o for o in so_collection.descendants(empty) if o.type == "MESH"]


def user_cube(name: str = "Cube"):
    """A user's own object, outside the add-on collection."""
    mesh = bpy.data.meshes.new(name)
    mesh.from_pydata([(0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0), (0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1)], [],
                     [(0, 3, 2, 1), (4, 5, 6, 7), (0, 1, 5, 4), (1, 2, 6, 5), (2, 3, 7, 6), (3, 0, 4, 7)])
    cube = bpy.data.objects.new(name, mesh)
    bpy.context.scene.collection.objects.link(cube)
    cube.location = (7.0, -3.0, 0.5)
    return cube


def snapshot(obj) -> tuple:
    return obj.name, tuple(obj.location), obj.data.name, tuple(tuple(v.co) for v in obj.data.vertices), obj.as_pointer()


# ---------------------------------------------------------------- (1) every category builds


@pytest.mark.parametrize("category", catalog.CATEGORY_NAMES)
def test_every_category_builds_in_blender(category):
    params = params_of(category)
    tree = assets.build(params)
    coll = so_collection.get_collection()
    empty = build_object(tree, f"{category}_0", Pose(1.0, 2.0, 0.0, 90.0), coll)
    assert so_collection.owns(empty, coll) and empty.type == "EMPTY"
    assert empty["so_id"] == f"{category}_0" and empty["so_category"] == category
    assert json.loads(empty["so_params"]) == json.loads(json.dumps(params))
    assert tuple(empty.location) == pytest.approx((1.0, 2.0, 0.0)) and empty.rotation_euler.z == pytest.approx(math.pi / 2)
    parts = {o["so_part"]: o for o in part_objects(empty)}
    assert sorted(parts) == sorted(p.name for p in tree.parts)
    joints = {j.child: j for j in tree.joints}
    for part in tree.parts:
        obj = parts[part.name]
        assert so_collection.owns(obj, coll)
        assert obj.name.startswith(f"{category}_0.")
        assert len(obj.data.vertices) == len(part.vertices) and len(obj.data.polygons) == len(part.faces)
        assert [m.name for m in obj.data.materials] == [f"SO_{part.material}"]
        assert tuple(obj.location) == (0.0, 0.0, 0.0)
        if part.name in joints:
            joint = json.loads(obj["so_joint"])
            assert joint["kind"] == joints[part.name].kind and joint["parent"] == joints[part.name].parent
    bpy.context.view_layer.update()
    first = tree.parts[0]
    world = parts[first.name].matrix_world @ parts[first.name].data.vertices[0].co
    expected = (-first.vertices[0][1] + 1.0, first.vertices[0][0] + 2.0, first.vertices[0][2])  # yaw 90 about +Z
    assert tuple(world) == pytest.approx(expected, abs=1e-5)


def test_materials_are_created_once_and_shared():
    coll = so_collection.get_collection()
    names = ("dining_table", "coffee_table", "nightstand", "dresser")
    trees = [assets.build(params_of(n)) for n in names]
    for i, tree in enumerate(trees):
        build_object(tree, f"obj_{i}", Pose(i, 0.0, 0.0, 0.0), coll)
    presets = {p.material for t in trees for p in t.parts}
    ours = [m for m in bpy.data.materials if m.name.startswith("SO_")]
    assert sorted(m.name for m in ours) == sorted(f"SO_{p}" for p in presets)
    users = Counter(o.data.materials[0].as_pointer() for o in coll.objects if o.type == "MESH")
    assert sum(users.values()) == sum(len(t.parts) for t in trees) and len(users) == len(presets)


def test_material_overrides():
    tree = assets.build(params_of("dresser"))
    coll = so_collection.get_collection()
    first = tree.parts[0].name
    empty = build_object(tree, "dresser_0", Pose(0, 0, 0, 0), coll, (("*", "walnut"), (first, "fabric_red")))
    mats = {o["so_part"]: o.data.materials[0].name for o in part_objects(empty)}
    assert mats.pop(first) == "SO_fabric_red" and set(mats.values()) == {"SO_walnut"}


# ---------------------------------------------------------------- (2) the room shell


def _inside(part, point, eps=1e-6) -> bool:
    lo, hi = part.bounds()
    return bool(np.all(np.asarray(point) > lo + eps) and np.all(np.asarray(point) < hi - eps))


def _closed(part) -> bool:
    edges = Counter()
    for face in part.faces:
        for a, b in zip(face, face[1:] + face[:1]):
            edges[(a, b)] += 1
    return all(n == 1 and edges.get((b, a)) == 1 for (a, b), n in edges.items())


def _hole_centre(room: Room, op: Opening) -> np.ndarray:
    start, direction, inward = wall_frame(room, op.wall)
    xy = start + direction * op.offset_m - inward * room.wall_thickness_m / 2
    return np.array([xy[0], xy[1], op.sill_m + op.height_m / 2])


def test_room_shell_has_real_holes_and_closed_parts():
    room = Room("bedroom", 4.2, 3.6, 2.7, 0.12)
    door = Opening("door_0", "door", "south", 1.0, 0.9, 2.1)
    window = Opening("window_0", "window", "east", 1.8, 1.2, 1.3, 0.9)
    shell = build_room_shell(room, (door, window))
    walls = [p for p in shell.parts if p.name.startswith("wall_")]
    assert {p.name.rsplit("_", 1)[0] for p in walls} == {"wall_north", "wall_south", "wall_east", "wall_west"}
    for op in (door, window):
        centre = _hole_centre(room, op)
        assert not any(_inside(p, centre) for p in walls), op.id
        beside = centre + np.append(wall_frame(room, op.wall)[1] * (op.width_m / 2 + 0.1), 0.0)
        assert any(_inside(p, beside) for p in walls), op.id
    below_sill = _hole_centre(room, window) - (0, 0, window.height_m / 2 + 0.3)
    above_lintel = _hole_centre(room, door) + (0, 0, door.height_m / 2 + 0.2)
    assert any(_inside(p, below_sill) for p in walls) and any(_inside(p, above_lintel) for p in walls)
    for part in shell.parts:
        assert part.closed and _closed(part), part.name
        assert np.all(part.bounds()[1] - part.bounds()[0] > 1e-4), part.name
    volume = sum(float(np.prod(p.bounds()[1] - p.bounds()[0])) for p in walls)
    w, d, t, h = room.width_m, room.depth_m, room.wall_thickness_m, room.height_m
    solid = ((w + 2 * t) * 2 * t + 2 * d * t) * h
    holes = sum(o.width_m * o.height_m * t for o in (door, window))
    assert volume == pytest.approx(solid - holes)
    floor = shell.part("floor")
    assert tuple(floor.bounds()[1]) == pytest.approx((w, d, 0.0)) and tuple(floor.bounds()[0]) == pytest.approx((0, 0, -0.05))


def test_room_shell_in_blender_keeps_world_coordinates():
    room = Room("kitchen", 3.0, 2.5)
    state = SceneState(room, (Opening("window_0", "window", "north", 1.5, 1.0, 1.2, 1.0),))
    sync_scene(state)
    shell = so_collection.managed_index()["room"]
    bpy.context.view_layer.update()
    expected = build_room_shell(room, state.openings)
    objs = {o["so_part"]: o for o in part_objects(shell)}
    assert sorted(objs) == sorted(p.name for p in expected.parts)
    for part in expected.parts:
        got = np.array([objs[part.name].matrix_world @ v.co for v in objs[part.name].data.vertices])
        assert np.allclose(got, part.vertices, atol=1e-6), part.name


# ---------------------------------------------------------------- (3) incremental sync


def small_state(with_openings: bool = True) -> SceneState:
    room = Room("bedroom", 4.5, 4.0)
    openings = ()
    if with_openings:
        require_generator("door")
        require_generator("window")
        door, window = params_of("door"), params_of("window")
        openings = (
            Opening("door_0", "door", "south", 1.0, door["width_m"], door["height_m"], 0.0, door),
            Opening("window_0", "window", "north", 2.2, window["width_m"], window["height_m"], 0.9, window),
        )
    objects = tuple(
        SceneObject(f"{c}_0", c, params_of(c), Pose(x, y, 0.0, yaw))
        for c, x, y, yaw in (("dining_table", 2.2, 2.0, 0.0), ("wardrobe", 0.8, 3.6, 0.0), ("nightstand", 4.1, 1.0, -90.0))
    )
    return SceneState(room, openings, objects, Lighting("warm", 1.2))


def test_sync_is_incremental():
    state = small_state()
    assert sync_scene(state) == {"created": 6, "updated": 0, "removed": 0}
    assert sync_scene(state) == {"created": 0, "updated": 0, "removed": 0}
    index = so_collection.managed_index()
    assert set(index) == {"room", "door_0", "window_0", "dining_table_0", "wardrobe_0", "nightstand_0"}
    door = index["door_0"]
    assert door.rotation_euler.z == pytest.approx(math.radians(180.0)) and door.location.y == pytest.approx(-0.06)
    before = {oid: (o.as_pointer(), sorted(c.as_pointer() for c in so_collection.descendants(o))) for oid, o in index.items()}

    moved = replace(state.objects[0], pose=Pose(2.5, 1.8, 0.0, 45.0))
    state2 = state.with_object(moved)
    assert sync_scene(state2) == {"created": 0, "updated": 1, "removed": 0}
    after = so_collection.managed_index()
    assert {oid: (o.as_pointer(), sorted(c.as_pointer() for c in so_collection.descendants(o))) for oid, o in after.items()} == before
    table = after["dining_table_0"]
    assert tuple(table.location) == pytest.approx((2.5, 1.8, 0.0)) and table.rotation_euler.z == pytest.approx(math.pi / 4)

    rebuilt = replace(state2.objects[1], params={**state2.objects[1].params, "width_m": 1.0})
    state3 = state2.with_object(rebuilt)
    assert sync_scene(state3) == {"created": 0, "updated": 1, "removed": 0}
    # rebuilt with the new width (Blender may hand the new object the freed one's address, so the
    # geometry is what tells)
    wardrobe = so_collection.managed_index()["wardrobe_0"]
    corners = [o.matrix_world @ Vector(c) for o in (wardrobe, *so_collection.descendants(wardrobe)) if o.type == "MESH" for c in o.bound_box]
    extents = (max(v.x for v in corners) - min(v.x for v in corners), max(v.y for v in corners) - min(v.y for v in corners))
    assert min(abs(e - 1.0) for e in extents) < 0.02, extents

    state4 = state3.without({"nightstand_0"})
    assert sync_scene(state4) == {"created": 0, "updated": 0, "removed": 1}
    assert "nightstand_0" not in so_collection.managed_index()
    assert not [o for o in bpy.data.objects if o.name.startswith("nightstand_0")]
    assert not [m for m in bpy.data.meshes if m.name.startswith("nightstand_0")]

    state5 = replace(state4, openings=state4.openings[:1])
    assert sync_scene(state5) == {"created": 0, "updated": 1, "removed": 1}  # the shell loses a hole

    store_state(state5, "1. init_room(room_type=\"bedroom\")\n")
    loaded, trajectory_text = load_stored()
    assert loaded == state5 and loaded.to_json() == state5.to_json()
    assert trajectory_text == "1. init_room(room_type=\"bedroom\")\n"


def test_nothing_stored_reads_as_none():
    assert load_stored() == (None, None)


def test_lights_follow_preset_and_lamps():
    require_generator("floor_lamp")
    lamp_params = params_of("floor_lamp")
    state = small_state(with_openings=False).with_object(SceneObject("floor_lamp_0", "floor_lamp", lamp_params, Pose(0.5, 0.5, 0.0, 0.0)))
    sync_scene(state)
    main = [o for o in so_collection.objects() if o.get("so_light") == "main"]
    assert len(main) == 1 and main[0].data.type == "AREA"
    lamps = [o for o in so_collection.objects() if o.get("so_light") == "lamp"]
    assert len(lamps) == 1 and lamps[0].parent["so_id"] == "floor_lamp_0"
    assert 0.5 * lamp_params["height_m"] < lamps[0].location.z < lamp_params["height_m"]
    warm_energy = lamps[0].data.energy
    sync_scene(replace(state, lighting=Lighting("daylight", 1.0)))
    main = [o for o in so_collection.objects() if o.get("so_light") == "main"]
    assert len(main) == 1 and main[0].data.type == "SUN"
    assert lamps[0].data.energy != warm_energy
    sync_scene(state.without({"floor_lamp_0"}))
    assert not [o for o in so_collection.objects() if o.get("so_light") == "lamp"]


# ---------------------------------------------------------------- (4) the user's objects are safe


def test_user_objects_are_never_touched():
    cube = user_cube()
    namesake = user_cube("dining_table_0")  # same name as a scene object id
    before = [snapshot(cube), snapshot(namesake)]
    state = small_state(with_openings=False)
    sync_scene(state)
    sync_scene(state.with_object(replace(state.objects[0], pose=Pose(1.0, 1.0, 0.0, 10.0))))
    sync_scene(state.without({"dining_table_0", "wardrobe_0"}))
    sync_scene(SceneState())
    assert [snapshot(cube), snapshot(namesake)] == before
    assert so_collection.owns(cube) is False and cube.users_collection[0] == bpy.context.scene.collection
    with pytest.raises(ValueError):
        so_collection.remove_tree(cube)
    so_collection.clear()
    assert [snapshot(cube), snapshot(namesake)] == before


# ---------------------------------------------------------------- (5) rendering


def test_render_preview_writes_a_picture(tmp_path):
    from PIL import Image

    scene = bpy.context.scene
    engine, n_scenes = scene.render.engine, len(bpy.data.scenes)
    sync_scene(small_state(with_openings=False))
    out = render_preview(tmp_path / "preview.png", resolution=160)
    with Image.open(out) as im:
        assert im.size == (320, 160)
        pixels = np.asarray(im.convert("RGB"), dtype=np.float64)
    assert pixels.std() > 10 and pixels[:, :160].std() > 5 and pixels[:, 160:].std() > 5
    assert scene.render.engine == engine and len(bpy.data.scenes) == n_scenes
    assert not [o for o in bpy.data.objects if o.type == "CAMERA"]


@pytest.mark.slow
def test_catalog_sheet_shows_every_category(tmp_path):
    from PIL import Image

    from sceneorchestra_addon.blender.sheet import render_catalog_sheet

    cube = user_cube()
    before = snapshot(cube)
    counts = len(bpy.data.objects), len(bpy.data.meshes), len(bpy.data.collections), len(bpy.data.scenes)
    report = render_catalog_sheet(tmp_path / "sheet.png", seed=1, width_px=900)
    assert report["categories"] == len(catalog.CATEGORY_NAMES)
    with Image.open(tmp_path / "sheet.png") as im:
        assert im.size[0] == 900 and im.size[1] > 300
        assert np.asarray(im.convert("L"), dtype=np.float64).std() > 10
    assert (len(bpy.data.objects), len(bpy.data.meshes), len(bpy.data.collections), len(bpy.data.scenes)) == counts
    assert snapshot(cube) == before


def test_catalog_entries_cover_the_catalogue():
    entries = catalog_entries()
    assert [e["name"] for e in entries] == list(catalog.CATEGORY_NAMES)
    assert all(set(e) >= {"rooms", "placement", "typical_size_m", "supports", "articulated", "synonyms"} for e in entries)
