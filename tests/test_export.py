"""The simulator export without simulators: files, frames, meshes, masses, names, atomic writing, CLI.

The simulators themselves load the exports in test_export_sim.py; the meshes are compared with
the Blender build in test_export_blender.py.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from functools import lru_cache

import numpy as np
import pytest

from conftest import DATA
from sceneorchestra_addon import cli_export
from sceneorchestra_addon.cli_common import EXIT_INVALID, EXIT_OUTPUT
from sceneorchestra_addon.assets.mesh import box
from sceneorchestra_addon.core import executor
from sceneorchestra_addon.assets.shapes import tree_of
from sceneorchestra_addon.ground import catalog
from sceneorchestra_addon.ground.state import Lighting, Pose, SceneObject, SceneState
from sceneorchestra_addon.export import ExportError, export_scene, inertia
from sceneorchestra_addon.export import meshes as export_meshes
from sceneorchestra_addon.export.meshes import read_obj
from sceneorchestra_addon.export.model import MOVING_INSET_M, link_of_parts, scene_models
from sceneorchestra_addon.export.writer import NameTable, sanitize

ROOMS = ("bedroom", "living_room", "kitchen", "gym", "restaurant", "bathroom", "children_room", "meeting_room", "office", "waiting_room")


@lru_cache(maxsize=None)
def room_state(room: str) -> SceneState:
    """A reference room (tests/data/<room>.txt executed with seed 0)."""
    return executor.run_text((DATA / f"{room}.txt").read_text(), seed=0).state


def manifest(folder) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def yaw_rotate(points: np.ndarray, yaw_rad: float) -> np.ndarray:
    c, s = math.cos(yaw_rad), math.sin(yaw_rad)
    return points @ np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]]).T


@pytest.fixture(scope="module")
def bedroom_sdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "bedroom"
    return export_scene(room_state("bedroom"), out, fmt="sdf")


# ---------------------------------------------------------------- layout and content


@pytest.mark.parametrize("fmt, ext", [("sdf", "sdf"), ("urdf", "urdf"), ("mjcf", "xml")])
def test_export_layout(tmp_path, fmt, ext):
    state = room_state("bedroom")
    scene_file = export_scene(state, tmp_path / "out", fmt=fmt)
    assert scene_file == (tmp_path / "out" / f"scene.{ext}") and scene_file.is_file()
    data = manifest(tmp_path / "out")
    assert data["generator"] == "SceneOrchestra" and data["scene"] == f"scene.{ext}" and data["format"] == fmt
    sources = [m["source"] for m in data["models"]]
    assert sources[0] == "room" and set(sources) == {"room", *(o.id for o in state.openings if o.params), *(o.id for o in state.objects)}
    for m in data["models"]:
        assert (tmp_path / "out" / m["urdf"]).is_file()
        for mesh in m["meshes"].values():
            assert (tmp_path / "out" / "meshes" / mesh).is_file()
    assert not [p for p in tmp_path.iterdir() if p.name != "out"], "no temporary folder may be left behind"
    ET.parse(scene_file)  # well-formed XML


def test_static_and_articulated_models(bedroom_sdf):
    world = ET.parse(bedroom_sdf).getroot().find("world")
    assert ET.parse(bedroom_sdf).getroot().get("version") == "1.9"
    models = {m.get("name"): m for m in world.findall("model")}
    assert models["double_bed_0"].findtext("static") == "1" and models["room"].findtext("static") == "1"
    wardrobe = models["wardrobe_0"]
    assert wardrobe.findtext("static") == "0"
    joints = {j.get("name"): j for j in wardrobe.findall("joint")}
    assert joints["weld_to_world"].get("type") == "fixed" and joints["weld_to_world"].findtext("parent") == "world"
    hinge = joints["door_left_hinge"]
    assert hinge.get("type") == "revolute" and hinge.findtext("axis/limit/upper") == "1.75"
    assert float(hinge.findtext("axis/dynamics/damping")) > 0 and hinge.find("axis/dynamics/friction") is not None
    assert not world.findall(".//include"), "PyBullet cannot follow <include>"
    for model in models.values():  # Drake: static models have no moving joints
        if model.findtext("static") == "1":
            assert all(j.get("type") == "fixed" for j in model.findall("joint"))
    lamps = [o for o in room_state("bedroom").objects if o.category in ("ceiling_light", "floor_lamp", "table_lamp")]
    assert len(world.findall("light")) == 1 + len(lamps)


def test_small_objects_and_chairs_are_free_bodies_unless_welded(tmp_path):
    """A cup, a book and a chair are free bodies (non-static, no weld, a freejoint in MJCF; welded
    only in the one-robot scene.urdf); furniture stays static; ``weld_movable`` welds them all."""
    state = room_state("office")
    free = {o.id for o in state.objects if o.category in ("cup", "book", "office_chair", "desk_organizer")}
    assert len(free) > 5
    sdf = export_scene(state, tmp_path / "sdf", fmt="sdf")
    entries = {m["source"]: m for m in manifest(sdf.parent)["models"]}
    models = {m.get("name"): m for m in ET.parse(sdf).getroot().find("world").findall("model")}
    for oid in free:
        assert entries[oid]["free"] and not entries[oid]["static"]
        assert models[entries[oid]["name"]].findtext("static") == "0" and not models[entries[oid]["name"]].findall("joint")
    for oid in ("desk_0", "bookshelf_0"):
        assert not entries[oid]["free"], oid
    mjcf = ET.parse(export_scene(state, tmp_path / "mjcf", fmt="mjcf")).getroot()
    assert {b.get("name") for b in mjcf.findall("worldbody/body") if b.find("freejoint") is not None} == {m["name"] for m in entries.values() if m["free"]}
    urdf = ET.parse(export_scene(state, tmp_path / "urdf", fmt="urdf")).getroot()
    assert all(j.get("type") == "fixed" for j in urdf.findall("joint") if j.find("parent").get("link") == "world")
    welded = export_scene(state, tmp_path / "welded", fmt="sdf", weld_movable=True)
    assert not any(m["free"] for m in manifest(welded.parent)["models"])
    assert all(m.findtext("static") == "1" or m.find("joint[@name='weld_to_world']") is not None
               for m in ET.parse(welded).getroot().find("world").findall("model"))


def test_a_chair_standing_through_a_rug_stays_welded():
    """The layout lets a chair stand on the floor over a rug's edge; as a free body it would start
    inside the rug and jump, so it stays welded; chairs clear of rugs are free."""
    state = room_state("children_room")
    chairs = {m.source: m.free for m in scene_models(state) if m.category == "kids_chair"}
    assert chairs == {"kids_chair_0": True, "kids_chair_1": False}


def test_door_opens_outward_and_link_frames_sit_at_joints(bedroom_sdf):
    """A wardrobe door's link frame is its hinge; a positive angle swings the free edge toward -Y."""
    folder = bedroom_sdf.parent
    robot = ET.parse(folder / "wardrobe_0.urdf").getroot()
    tree = tree_of(room_state("bedroom").get("wardrobe_0").params)
    joints = {j.get("name"): j for j in robot.findall("joint")}
    for tj in tree.joints:
        el = joints[tj.name]
        origin = np.array([float(x) for x in el.find("origin").get("xyz").split()])
        assert origin == pytest.approx(np.array(tj.origin))  # parent is the base link at the model origin
        assert el.find("limit").get("lower") == "0" and float(el.find("limit").get("upper")) == pytest.approx(tj.upper)
        if tj.kind != "revolute":
            assert [float(x) for x in el.find("axis").get("xyz").split()] == [0.0, -1.0, 0.0]
            continue
        axis = np.array([float(x) for x in el.find("axis").get("xyz").split()])
        assert abs(axis[2]) == 1.0, "door hinges are vertical"
        verts, _ = read_obj(folder / "meshes" / f"wardrobe_0__{tj.child}.obj")  # link frame: hinge at the origin
        free_edge = verts[np.argmax(np.linalg.norm(verts[:, :2], axis=1))]
        angle = math.radians(30) * axis[2]
        assert yaw_rotate(free_edge[None], angle)[0, 1] < free_edge[1] - 0.1


def test_meshes_are_the_parts_in_link_frames(bedroom_sdf):
    """Every OBJ holds its part's vertices and polygons exactly, shifted by the link origin."""
    folder = bedroom_sdf.parent
    data = manifest(folder)
    state = room_state("bedroom")
    checked = 0
    for m in data["models"]:
        if m["kind"] != "object":
            continue
        tree = tree_of(state.get(m["source"]).params)
        origins = {link["name"]: np.array(link["origin"]) for link in m["links"]}
        owner = {part: link["name"] for link in m["links"] for part in link["parts"]}
        assert sorted(owner) == sorted(p.name for p in tree.parts)
        for part in tree.parts:
            verts, faces = read_obj(folder / "meshes" / m["meshes"][part.name])
            assert len(verts) == len(part.vertices) and faces == [tuple(f) for f in part.faces]
            assert verts + origins[owner[part.name]] == pytest.approx(part.vertices, abs=2e-6)
            checked += 1
    assert checked > 100


def test_handles_ride_with_their_door():
    """A part hanging from a door or drawer (a handle) moves with it; everything else is the base."""
    tree = tree_of(room_state("bedroom").get("wardrobe_0").params)
    owner = link_of_parts(tree)
    movers = {j.child for j in tree.joints}
    parents = {p.name: p.parent for p in tree.parts}
    handles = [p.name for p in tree.parts if p.parent in movers]
    assert handles, "the wardrobe's doors and drawers carry handles"
    for part in tree.parts:
        chain, current = [], part.name
        while current is not None:
            chain.append(current)
            current = parents.get(current)
        expected = next((c for c in chain if c in movers), "base")
        assert owner[part.name] == expected, part.name


# ---------------------------------------------------------------- masses and shapes


def test_solid_box_mass_and_inertia_are_exact():
    verts, faces = box((0.0, 0.0, 0.0), (2.0, 1.0, 0.5))
    props = inertia.solid_props(verts, export_meshes.triangles(faces), 100.0)
    assert props.mass == pytest.approx(100.0)
    assert props.com == pytest.approx([1.0, 0.5, 0.25])
    expected = np.diag([1.0**2 + 0.5**2, 2.0**2 + 0.5**2, 2.0**2 + 1.0**2]) * 100.0 / 12.0
    assert props.inertia == pytest.approx(expected, abs=1e-9)
    flipped = inertia.solid_props(verts, export_meshes.triangles(faces)[:, ::-1], 100.0)  # inward winding
    assert flipped.mass == pytest.approx(100.0) and flipped.inertia == pytest.approx(expected, abs=1e-9)
    halves = inertia.combine([inertia.box_props([0, 0, 0], [1, 1, 0.5], 50.0), inertia.box_props([1, 0, 0], [2, 1, 0.5], 50.0)])
    assert halves.com == pytest.approx([1.0, 0.5, 0.25]) and halves.inertia == pytest.approx(expected, abs=1e-9)


def test_metal_pieces_are_hollow_skins():
    verts, faces = box((0.0, 0.0, 0.0), (0.5, 0.04, 0.6))  # an oven door of solid steel would weigh 94 kg
    tris = export_meshes.triangles(faces)
    skin = inertia.piece_props(verts, tris, 7850.0, True, inertia.FAMILY_BUILD["metal"])
    area = 2 * (0.5 * 0.04 + 0.5 * 0.6 + 0.04 * 0.6)
    sheet = 7850.0 * inertia.FAMILY_BUILD["metal"].sheet_m * area  # a closed 1 mm casing; a thin panel is half of it (test_masses.py)
    assert sheet / 2 <= skin.mass <= sheet and skin.mass < 10.0


@pytest.mark.parametrize("room", ROOMS)
def test_every_link_has_a_consistent_inertia_and_positive_shapes(room):
    for model in scene_models(room_state(room), collision="boxes"):
        for link in model.links:
            props = link.inertial
            moments = props.principal()
            assert props.mass >= inertia.MIN_MASS_KG and np.all(np.isfinite(props.inertia))
            assert props.inertia == pytest.approx(props.inertia.T)
            assert moments[0] >= inertia.MIN_INERTIA * 0.999 and moments[0] + moments[1] >= moments[2] * (1 - 1e-9)
            for shape in link.collisions:
                assert min(shape.size) > 0
        assert model.static == (not model.joints and not model.free)
        assert not model.free or (model.kind == "object" and catalog.BY_NAME[model.category].movable)


def test_collision_boxes_cover_static_pieces_and_are_inset_on_moving_links():
    model = next(m for m in scene_models(room_state("bedroom")) if m.name == "wardrobe_0")
    tree = tree_of(room_state("bedroom").get("wardrobe_0").params)
    base = model.link("base")
    carcass = tree.part("carcass")
    boxes = [c for c in base.collisions if c.name.startswith("carcass_")]
    assert len(boxes) > 1, "a carcass of several panels gets one box per panel, leaving its inside free"
    lo = np.min([np.array(c.center) - np.array(c.size) / 2 for c in boxes], axis=0)
    hi = np.max([np.array(c.center) + np.array(c.size) / 2 for c in boxes], axis=0)
    assert lo == pytest.approx(carcass.vertices.min(axis=0)) and hi == pytest.approx(carcass.vertices.max(axis=0))
    door = model.link("door_left")
    leaf = tree.part("door_left").vertices - np.array(door.origin)
    (box,) = [c for c in door.collisions if c.name.startswith("door_left_")]
    assert np.array(box.center) - np.array(box.size) / 2 == pytest.approx(leaf.min(axis=0) + MOVING_INSET_M)


def euler_matrix(roll: float, pitch: float, yaw: float) -> np.ndarray:
    """URDF / SDFormat roll-pitch-yaw: Rz(yaw) Ry(pitch) Rx(roll)."""
    (cr, sr), (cp, sp), (cy, sy) = ((math.cos(a), math.sin(a)) for a in (roll, pitch, yaw))
    yaw_m, pitch_m = np.array([[cy, -sy, 0], [sy, cy, 0], [0, 0, 1]]), np.array([[cp, 0, sp], [0, 1, 0], [-sp, 0, cp]])
    return yaw_m @ pitch_m @ np.array([[1, 0, 0], [0, cr, -sr], [0, sr, cr]])


def quat_matrix(w: float, x: float, y: float, z: float) -> np.ndarray:
    return np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                     [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                     [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])


def floats(text: str) -> np.ndarray:
    return np.array([float(v) for v in text.split()])


def test_a_tilted_lid_gets_a_box_turned_with_it_in_every_format():
    """The open laptop lid leans 15 degrees back. Its collision box is turned with it: grown back by
    the inset of moving links it is the lid itself (its volume within 2 % of the lid's), where the
    axis-aligned bounds were 9 times the lid and kept it from closing onto its base; the URDF, the
    SDFormat world and the MJCF all carry the turn."""
    from sceneorchestra_addon.export.mjcf import scene_mjcf
    from sceneorchestra_addon.export.sdf import world_sdf
    from sceneorchestra_addon.export.urdf import model_urdf

    state = room_state("office")
    laptop = next(o for o in state.objects if o.category == "laptop")
    model = next(m for m in scene_models(state) if m.source == laptop.id)
    link = model.link("lid")
    lid = tree_of(laptop.params).part("lid")
    verts = lid.vertices - np.array(link.origin)
    (shape,) = [c for c in link.collisions if c.name.startswith("lid_")]
    assert shape.kind == "box" and shape.rotated
    rotation, centre, size = np.array(shape.rotation), np.array(shape.center), np.array(shape.size)
    own = (verts - centre) @ rotation  # the lid in the box's axes
    assert np.all(np.abs(own) <= size / 2 + MOVING_INSET_M + 1e-6)
    volume = inertia.solid_props(verts, lid.triangles(), 1.0).mass
    assert np.prod(size + 2 * MOVING_INSET_M) == pytest.approx(volume, rel=0.02)
    urdf = model_urdf(model).find(f"link[@name='{link.name}']/collision[@name='{shape.name}']/origin")
    sdf = world_sdf([model], [], "w").find(f".//link[@name='{link.name}']/collision[@name='{shape.name}_collision']/pose")
    mjcf = scene_mjcf([model], [], "w").find(f".//geom[@name='{model.name}__{link.name}__{shape.name}']")
    for written_centre, written_rotation in ((floats(urdf.get("xyz")), euler_matrix(*floats(urdf.get("rpy")))),
                                             (floats(sdf.text)[:3], euler_matrix(*floats(sdf.text)[3:])),
                                             (floats(mjcf.get("pos")), quat_matrix(*floats(mjcf.get("quat"))))):
        assert written_centre == pytest.approx(centre, abs=1e-7) and written_rotation == pytest.approx(rotation, abs=1e-7)


@pytest.mark.parametrize("room", ["office", "kitchen", "gym"])
def test_collision_boxes_hold_their_pieces_and_stay_inside_the_object(room):
    """Every static piece's box (turned or not) holds the piece and stays inside the object's
    bounds, so that neighbours packed against those bounds and things standing on it start clear."""
    for model in scene_models(room_state(room)):
        if model.kind != "object":
            continue
        tree = tree_of(room_state(room).get(model.source).params)
        lo, hi = tree.bounds()
        base = model.link("base")
        boxes = {c.name: c for c in base.collisions}
        for part in (tree.part(name) for name in base.parts):
            for k, ids in enumerate(export_meshes.components(part.faces, len(part.vertices))):
                shape = boxes[f"{part.name}_c{k}"]
                rotation, centre, half = np.array(shape.rotation), np.array(shape.center), np.array(shape.size) / 2
                assert np.all(np.abs((part.vertices[ids] - centre) @ rotation) <= half + 1e-6), (model.name, shape.name)
                corners = centre + (np.array([[i, j, m] for i in (-1, 1) for j in (-1, 1) for m in (-1, 1)]) * half) @ rotation.T
                assert np.all(corners >= lo - 1e-6) and np.all(corners <= hi + 1e-6) or not shape.rotated, (model.name, shape.name)
                assert corners[:, 2].min() >= lo[2] - 1e-6, (model.name, shape.name)


def test_convex_part_collisions_write_one_mesh_per_piece(tmp_path):
    scene_file = export_scene(room_state("office"), tmp_path / "o", fmt="urdf", collision="parts")
    robot = ET.parse(scene_file.parent / "bookshelf_0.urdf").getroot()
    meshes = [m.get("filename") for m in robot.findall("link/collision/geometry/mesh")]
    assert len(meshes) > 3 and all((scene_file.parent / m).is_file() for m in meshes)
    verts, _ = read_obj(scene_file.parent / meshes[0])
    assert len(verts) >= 4


def test_stl_meshes(tmp_path):
    scene_file = export_scene(room_state("bedroom"), tmp_path / "s", fmt="mjcf", mesh_format="stl", include_room=False)
    data = manifest(scene_file.parent)
    assert not any(m["kind"] == "room" for m in data["models"])
    tree = tree_of(room_state("bedroom").get("wardrobe_0").params)
    stl = (scene_file.parent / "meshes" / "wardrobe_0__carcass.stl").read_bytes()
    n = int.from_bytes(stl[80:84], "little")
    assert n == len(tree.part("carcass").triangles()) and len(stl) == 84 + 50 * n


# ---------------------------------------------------------------- names and atomic writing


def test_sanitize_and_unique_names():
    for raw in ("../../etc/passwd", "lamp 0", "world", "CON", "", "1st", "__model__", "tête-à-tête", "a" * 200, "<x>&\"'"):
        name = sanitize(raw)
        assert name and name[0].isalpha() and len(name) <= 64 and name.lower() not in ("world", "con")
        assert all(c.isascii() and (c.isalnum() or c in "_-") for c in name)
    table = NameTable(reserved=("scene",))
    assert [table.unique(n) for n in ("Scene", "lamp", "Lamp", "lamp")] == ["Scene_2", "lamp", "Lamp_2", "lamp_3"]


def test_odd_object_ids_become_safe_unique_names(tmp_path):
    state = room_state("bedroom")
    odd = [replace(o, id=new) for o, new in zip(state.objects[:3], ("../evil id", "evil-id", "world"))]
    state = replace(state, objects=(*odd, *state.objects[3:]))
    scene_file = export_scene(state, tmp_path / "odd", fmt="sdf")
    names = [m["name"] for m in manifest(scene_file.parent)["models"]]
    assert len(set(n.lower() for n in names)) == len(names)
    assert {"evil_id", "evil-id", "world_"} <= set(names)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["odd"]


def test_failure_midway_leaves_nothing_and_keeps_the_earlier_export(tmp_path, monkeypatch):
    out = tmp_path / "out"
    export_scene(room_state("bedroom"), out, fmt="sdf")
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    calls = {"n": 0}
    real = export_meshes.write_mesh

    def failing(folder, mesh):
        calls["n"] += 1
        if calls["n"] == 40:
            raise OSError(28, "No space left on device", str(folder / mesh.name))
        real(folder, mesh)

    monkeypatch.setattr("sceneorchestra_addon.export.write_mesh", failing)
    with pytest.raises(ExportError, match="No space left on device"):
        export_scene(room_state("kitchen"), out, fmt="urdf")
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before and manifest(out)["format"] == "sdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_reexport_replaces_and_foreign_folders_are_refused(tmp_path):
    out = tmp_path / "out"
    export_scene(room_state("bedroom"), out, fmt="sdf")
    export_scene(room_state("office"), out, fmt="urdf")
    assert manifest(out)["format"] == "urdf" and not (out / "scene.sdf").exists() and not (out / "wardrobe_0.urdf").exists()
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(ExportError, match="not empty"):
        export_scene(room_state("bedroom"), foreign)
    assert [p.name for p in foreign.iterdir()] == ["holiday.jpg"]
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write to"):
        export_scene(room_state("bedroom"), blocker / "sub" / "out")
    with pytest.raises(ExportError, match="is a file"):
        export_scene(room_state("bedroom"), blocker)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file", "out", "photos"]


def test_bad_options_are_refused(tmp_path):
    state = room_state("bedroom")
    for kwargs, message in (({"fmt": "usd"}, "unknown format 'usd'"), ({"collision": "vhacd"}, "unknown collision"),
                            ({"mesh_format": "glb"}, "unknown mesh format")):
        with pytest.raises(ExportError, match=message):
            export_scene(state, tmp_path / "x", **kwargs)
    with pytest.raises(ExportError, match="empty"):
        export_scene(SceneState(), tmp_path / "x")
    assert not list(tmp_path.iterdir())


def test_export_is_deterministic(tmp_path):
    state = room_state("kitchen")
    a = export_scene(state, tmp_path / "a", fmt="mjcf").parent
    b = export_scene(state, tmp_path / "b", fmt="mjcf").parent
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)


def test_daylight_is_a_sun_in_sdf_and_mjcf(tmp_path):
    state = replace(room_state("office"), lighting=Lighting("daylight", 0.7))
    world = ET.parse(export_scene(state, tmp_path / "s", fmt="sdf")).getroot().find("world")
    sun = world.find("light[@name='sun']")
    assert sun.get("type") == "directional" and float(sun.findtext("direction").split()[2]) < -0.5 and sun.findtext("intensity") == "0.7"
    mjcf = ET.parse(export_scene(state, tmp_path / "m", fmt="mjcf")).getroot()
    assert mjcf.find("worldbody/light[@name='sun']").get("directional") == "true"


def test_objects_without_room(tmp_path):
    state = SceneState(objects=(SceneObject("lamp_0", "table_lamp", room_state("bedroom").get("table_lamp_0").params, Pose(1.0, 1.0, 0.0, 30.0)),))
    scene_file = export_scene(state, tmp_path / "lamp", fmt="sdf")
    assert [m["name"] for m in manifest(scene_file.parent)["models"]] == ["lamp_0"]


# modules for a simulator user's own scripts: they import the simulator, nothing in the add-on imports them
FOR_SIMULATOR_SCRIPTS = {"export/drake_joints.py": "drake_joints"}


def test_the_add_on_never_imports_a_simulator():
    package = DATA.parent.parent / "sceneorchestra_addon"
    for path in package.rglob("*.py"):
        text = path.read_text()
        rel = path.relative_to(package).as_posix()
        for script, module in FOR_SIMULATOR_SCRIPTS.items():
            assert rel == script or not re.search(rf"\b{module}\b", text), f"{path} uses {module}, a module for simulator scripts"
        if rel in FOR_SIMULATOR_SCRIPTS:
            continue
        for name in ("pybullet", "mujoco", "pydrake", "sdformat"):
            assert not re.search(rf"^\s*(import|from)\s+{name}\b", text, re.M), f"{path} imports {name}"


# ---------------------------------------------------------------- the command line


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    cli_export.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["export", *argv])
    return args.func(args)


def test_cli_exports_a_run_folder_and_a_scene_file(tmp_path, capsys):
    run = tmp_path / "run"
    run.mkdir()
    (run / "scene.json").write_text(room_state("office").to_json())
    assert run_cli(str(run), "--format", "mjcf", "--out", str(tmp_path / "sim")) == 0
    assert f"{len(room_state('office').objects)} objects" in capsys.readouterr().out and (tmp_path / "sim" / "scene.xml").is_file()
    assert run_cli(str(run / "scene.json"), "--format", "urdf", "--collision", "parts", "--no-room", "--name", "office", "--out", str(tmp_path / "u")) == 0
    data = manifest(tmp_path / "u")
    assert data["scene"] == "office.urdf" and data["collision"] == "parts" and all(m["kind"] == "object" for m in data["models"])
    assert any(m["free"] for m in data["models"])
    assert run_cli(str(run), "--weld-movable", "--out", str(tmp_path / "w")) == 0
    assert not any(m["free"] for m in manifest(tmp_path / "w")["models"])


def test_cli_errors(tmp_path, capsys):
    assert run_cli(str(tmp_path), "--out", str(tmp_path / "x")) == EXIT_INVALID
    assert "scene.json" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "openings": []}')
    assert run_cli(str(bad), "--out", str(tmp_path / "x")) == EXIT_INVALID
    assert "bad.json" in capsys.readouterr().err
    good = tmp_path / "scene.json"
    good.write_text(room_state("bedroom").to_json())
    (tmp_path / "file").write_text("")
    assert run_cli(str(good), "--out", str(tmp_path / "file" / "out")) == EXIT_OUTPUT
    assert "cannot write to" in capsys.readouterr().err
