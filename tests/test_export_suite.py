"""Scenes of several rooms (``ground.suite.SuiteState``) exported as one world, in the real simulators.

Two suites: a bedroom with an en-suite bathroom, and a flat of four rooms (living room, open
kitchen, bedroom, bathroom). Each is exported as SDFormat (loaded by Drake), URDF (PyBullet, MuJoCo,
Drake) and MJCF (MuJoCo), and checked for: unique names across rooms, every model in its room and
where the plan puts it, shells of neighbouring rooms that meet without overlapping, door leaves
whose hinges are in every simulator and open when driven, a hole for each door in both rooms'
walls, and free bodies that stay on their supporters. Each test skips when its simulator is missing.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from functools import lru_cache

import numpy as np
import pytest

from sceneorchestra_addon import cli_export
from sceneorchestra_addon.cli_common import EXIT_INVALID
from sceneorchestra_addon.core.executor import run_text
from sceneorchestra_addon.core.plan_reader import read_plan
from sceneorchestra_addon.core.suite_planner import suite_text
from sceneorchestra_addon.export import export_scene
from sceneorchestra_addon.ground.suite import SuiteState, leaf_room
from test_export_sim import sdf_checker  # noqa: F401  (a fixture: libsdformat's strict loader, built once)

pytestmark = pytest.mark.slow  # real simulators

SUITES = {
    "ensuite": "A bedroom with an en-suite bathroom.",
    "flat": "A small flat: living room with open kitchen, one bedroom, a bathroom.",
}
FORMATS = ("sdf", "urdf", "mjcf")
HINGE = "leaf_hinge"  # the door leaf's joint (assets: door)
OPEN_RAD = 1.0
POS_TOL_M = 1e-6


@lru_cache(maxsize=None)
def suite_of(key: str) -> SuiteState:
    state = run_text(suite_text(read_plan(SUITES[key]), 0), 0).state
    assert isinstance(state, SuiteState)
    return state


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict:
    """(suite key, format) -> scene file."""
    base = tmp_path_factory.mktemp("suite")
    return {(key, fmt): export_scene(suite_of(key), base / f"{key}_{fmt}", fmt=fmt) for key in SUITES for fmt in FORMATS}


def manifest(scene_file) -> dict:
    return json.loads((scene_file.parent / "manifest.json").read_text())


def door_leaves(man: dict) -> list[dict]:
    """The manifest entries of the door leaves (openings with a hinge)."""
    return [m for m in man["models"] if m["kind"] == "opening" and any(j["name"] == HINGE for j in m["joints"])]


def leaf_count(suite: SuiteState) -> int:
    """How many door leaves the plan has: the entrance and every interior door that is not open."""
    return sum(leaf_room(suite.plan, d) is not None for d in (suite.plan.entrance, *suite.plan.doors))


def open_target(joint: dict) -> float:
    return min(OPEN_RAD, joint["upper"]) if joint["upper"] > 0 else max(-OPEN_RAD, joint["lower"])


def expected_pose(suite: SuiteState, entry: dict) -> np.ndarray:
    """Where a model must stand in the world: its pose in its room's scene, moved by the room's origin."""
    dx, dy = suite.origin(entry["room"])
    state = suite.state(entry["room"])
    if entry["kind"] == "room":
        local = (0.0, 0.0, 0.0)
    elif entry["kind"] == "object":
        p = state.get(entry["source"]).pose
        local = (p.x, p.y, p.z)
    else:
        from sceneorchestra_addon.ground.geometry import opening_pose

        p = opening_pose(state.room, next(o for o in state.openings if o.id == entry["source"]))
        local = (p.x, p.y, p.z)
    return np.array([local[0] + dx, local[1] + dy, local[2]])


# ---------------------------------------------------------------- files, names, rooms


@pytest.mark.parametrize("key", SUITES)
def test_manifest_rooms_models_and_unique_names(exports, key):
    suite = suite_of(key)
    folder = exports[(key, "sdf")].parent
    man = manifest(exports[(key, "sdf")])
    models = man["models"]
    names = [m["name"] for m in models]
    assert len({n.lower() for n in names}) == len(names)
    assert [r["name"] for r in man["rooms"]] == list(suite.names)
    for room, state in suite.rooms:
        mine = [m for m in models if m["room"] == room]
        assert all(m["name"].startswith(f"{room}__") for m in mine)
        assert [m["name"] for m in mine] == next(r["models"] for r in man["rooms"] if r["name"] == room)
        assert sorted(m["source"] for m in mine) == sorted(["room", *(o.id for o in state.openings if o.params), *(o.id for o in state.objects)])
        entry = next(r for r in man["rooms"] if r["name"] == room)
        assert entry["origin"][:2] == list(suite.origin(room)) and entry["size"] == [state.room.width_m, state.room.depth_m, state.room.height_m]
    for m in models:
        assert np.allclose(m["pose"]["xyz"], expected_pose(suite, m), atol=POS_TOL_M), m["name"]
    meshes = [f for m in models for f in m["meshes"].values()]
    assert len(set(meshes)) == len(meshes) and all((folder / "meshes" / f).is_file() for f in meshes)
    assert sorted(p.name for p in folder.glob("*.urdf")) == sorted(f"{n}.urdf" for n in names)
    assert len(door_leaves(man)) == leaf_count(suite) == sum(1 for m in models if m["kind"] == "opening" and m["joints"])
    # the world, the scene URDF and the MJCF name nothing twice
    world = ET.parse(exports[(key, "sdf")]).getroot().find("world")
    top = [el.get("name") for el in world if el.tag in ("model", "light")]
    assert len(set(top)) == len(top) and len(world.findall("model")) == len(models)
    robot = ET.parse(exports[(key, "urdf")]).getroot()
    for tag in ("link", "joint"):
        found = [el.get("name") for el in robot.findall(tag)]
        assert len(set(found)) == len(found), Counter(found).most_common(3)
    mjcf = ET.parse(exports[(key, "mjcf")]).getroot()
    for tag in ("body", "joint", "freejoint", "geom", "light", "mesh"):
        found = [el.get("name") for el in mjcf.iter(tag) if el.get("name")]
        assert len(set(found)) == len(found), (tag, Counter(found).most_common(3))


def test_single_room_scene_in_a_suite_frame_is_the_room_export(exports, tmp_path):
    """A room of the suite exported on its own has the same models (names less the room prefix),
    links, joints and masses, at poses less the room's origin."""
    suite = suite_of("ensuite")
    room, state = suite.rooms[1]
    alone = manifest(export_scene(state, tmp_path / "alone", fmt="sdf"))["models"]
    together = [m for m in manifest(exports[("ensuite", "sdf")])["models"] if m["room"] == room]
    dx, dy = suite.origin(room)
    assert len(alone) == len(together)
    for a, b in zip(alone, together):
        assert b["name"] == f"{room}__{a['name']}" and a["links"] == b["links"] and a["joints"] == b["joints"]
        assert np.allclose(np.add(a["pose"]["xyz"], (dx, dy, 0.0)), b["pose"]["xyz"], atol=POS_TOL_M) and a["pose"]["yaw_rad"] == b["pose"]["yaw_rad"]


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    cli_export.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["export", *argv])
    return args.func(args)


def test_cli_exports_a_suite_run_folder(tmp_path, capsys):
    suite = suite_of("ensuite")
    run = tmp_path / "run"
    run.mkdir()
    (run / "scene.json").write_text(suite.to_json())
    assert run_cli(str(run), "--format", "mjcf", "--out", str(tmp_path / "sim")) == 0
    assert f"{suite.object_count} objects in 2 rooms" in capsys.readouterr().out
    man = manifest(tmp_path / "sim" / "scene.xml")
    assert {m["room"] for m in man["models"]} == set(suite.names) and (tmp_path / "sim" / "scene.xml").is_file()
    assert run_cli(str(run / "scene.json"), "--no-room", "--out", str(tmp_path / "objects")) == 0
    assert all(m["kind"] == "object" for m in manifest(tmp_path / "objects" / "scene.sdf")["models"])
    data = json.loads(suite.to_json())
    data["rooms"] = data["rooms"][:1]  # a room of the plan is missing
    (tmp_path / "bad.json").write_text(json.dumps(data))
    assert run_cli(str(tmp_path / "bad.json"), "--out", str(tmp_path / "x")) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "bad.json" in err and "rooms" in err and not (tmp_path / "x").exists()


# ---------------------------------------------------------------- MuJoCo


def mj_name(mujoco, model, kind, i) -> str:
    return mujoco.mj_id2name(model, kind, i)


def box_bounds(mujoco, model, data, geoms) -> np.ndarray:
    """(n, 2, 3): the world-axis bounds of each box geom."""
    corners = np.array([[sx, sy, sz] for sx in (-1, 1) for sy in (-1, 1) for sz in (-1, 1)])
    out = []
    for g in geoms:
        assert model.geom_type[g] == mujoco.mjtGeom.mjGEOM_BOX
        pts = (corners * model.geom_size[g]) @ data.geom_xmat[g].reshape(3, 3).T + data.geom_xpos[g]
        out.append((pts.min(axis=0), pts.max(axis=0)))
    return np.array(out)


def mujoco_scene(exports, key: str):
    """The suite, the manifest, and the MJCF export loaded in MuJoCo and brought forward once."""
    import mujoco

    suite = suite_of(key)
    scene = exports[(key, "mjcf")]
    model = mujoco.MjModel.from_xml_path(str(scene))
    data = mujoco.MjData(model)
    mujoco.mj_forward(model, data)
    return suite, manifest(scene), model, data


@pytest.mark.parametrize("key", SUITES)
def test_mujoco_rooms_stand_where_the_plan_puts_them_and_walls_never_overlap(exports, key):
    mujoco = pytest.importorskip("mujoco")
    suite, man, model, data = mujoco_scene(exports, key)
    for m in man["models"]:  # every model's base body at its room's origin plus its pose in the room
        body = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY, m["name"])
        assert body >= 0 and np.allclose(data.xpos[body], expected_pose(suite, m), atol=1e-5), m["name"]
    shells = {}
    for room, state in suite.rooms:
        body = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY, f"{room}__room")
        geoms = [g for g in range(model.ngeom) if model.geom_bodyid[g] == body and model.geom_group[g] == 3]
        floor = [g for g in geoms if "__floor_" in mj_name(mujoco, model, mujoco.mjtObj.mjOBJ_GEOM, g)]
        assert len(floor) == 1
        ox, oy = suite.origin(room)
        w, d = state.room.width_m, state.room.depth_m
        assert np.allclose(data.geom_xpos[floor[0]][:2], (ox + w / 2.0, oy + d / 2.0), atol=1e-5), room
        shells[room] = box_bounds(mujoco, model, data, geoms)
        rect = suite.plan.room(room).rect  # the shell (walls included) fills the plan's rectangle exactly
        lo, hi = shells[room][:, 0].min(axis=0), shells[room][:, 1].max(axis=0)
        assert np.allclose([lo[0], lo[1], hi[0], hi[1]], [rect.x0, rect.y0, rect.x1, rect.y1], atol=1e-5), (room, lo, hi, rect)
    rooms = list(shells)
    touching = 0
    for i, a in enumerate(rooms):
        for b in rooms[i + 1:]:
            lo = np.maximum(shells[a][:, None, 0], shells[b][None, :, 0])
            hi = np.minimum(shells[a][:, None, 1], shells[b][None, :, 1])
            gap = hi - lo  # (na, nb, 3): positive on every axis where two boxes overlap
            assert not np.any(np.all(gap > 1e-6, axis=2)), (a, b)
            touching += int(np.any(np.all(gap > -1e-6, axis=2)))
    assert touching >= len(rooms) - 1  # neighbours' walls meet


def door_rays(man: dict, suite: SuiteState) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(leaf model, start, vector) of a horizontal ray 1 m above the floor through the middle of each
    interior door's hole, from 0.4 m on one side of the wall to 0.4 m on the other."""
    out = []
    for m in door_leaves(man):
        state = suite.state(m["room"])
        opening = next(o for o in state.openings if o.id == m["source"])
        yaw = m["pose"]["yaw_rad"]
        normal = np.array([math.sin(yaw), -math.cos(yaw), 0.0])  # the door's front faces -Y in its frame
        centre = np.array(m["pose"]["xyz"]) + np.array([0.0, 0.0, min(1.0, 0.5 * opening.height_m)])
        out.append((m["name"], centre - 0.4 * normal, 0.8 * normal))
    return out


@pytest.mark.parametrize("key", SUITES)
def test_mujoco_every_door_opens_through_both_rooms_walls_and_nothing_falls(exports, key):
    """Closed, each leaf fills its hole; driven open (a torque in its hinge), it turns past 30 degrees
    within its limit, and a ray through the middle of the doorway then passes through both rooms'
    walls. Free bodies stay on their supporters meanwhile; MuJoCo reports no warnings."""
    mujoco = pytest.importorskip("mujoco")
    suite, man, model, data = mujoco_scene(exports, key)
    hinges = {}
    for m in door_leaves(man):
        j = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_JOINT, f"{m['name']}__{HINGE}")
        assert j >= 0 and model.jnt_type[j] == mujoco.mjtJoint.mjJNT_HINGE, m["name"]
        spec = next(x for x in m["joints"] if x["name"] == HINGE)
        assert np.allclose(model.jnt_range[j], (spec["lower"], spec["upper"]))
        hinges[m["name"]] = (j, 1.0 if spec["upper"] > 0 else -1.0)
    collide = np.array([0, 0, 0, 1, 0, 0], dtype=np.uint8)  # collision geoms only
    geomid = np.zeros(1, dtype=np.int32)
    rays = door_rays(man, suite)
    for name, start, vec in rays:  # closed: the ray meets the leaf
        dist = mujoco.mj_ray(model, data, start, vec, collide, 1, -1, geomid)
        assert 0.0 <= dist <= 1.0 and mj_name(mujoco, model, mujoco.mjtObj.mjOBJ_BODY, model.geom_bodyid[geomid[0]]) == f"{name}__leaf", name
    free = [mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY, m["name"]) for m in man["models"] if m["free"]]
    z0 = data.xpos[free, 2].copy()
    for _ in range(int(2.0 / model.opt.timestep)):
        for j, sign in hinges.values():
            data.qfrc_applied[model.jnt_dofadr[j]] = sign * 3.0  # N m
        mujoco.mj_step(model, data)
    assert not [i for i in range(len(data.warning)) if data.warning[i].number]
    for name, (j, sign) in hinges.items():
        q = float(data.qpos[model.jnt_qposadr[j]])
        lo, hi = model.jnt_range[j]
        assert sign * q > math.radians(30) and lo - 0.01 <= q <= hi + 0.01, (name, q)
    data.qfrc_applied[:] = 0.0
    mujoco.mj_forward(model, data)
    for name, start, vec in rays:  # open: the doorway is clear through both rooms' walls (a hit lies at start + dist * vec)
        dist = mujoco.mj_ray(model, data, start, vec, collide, 1, -1, geomid)
        assert dist < 0 or dist > 1.0, (name, dist, mj_name(mujoco, model, mujoco.mjtObj.mjOBJ_GEOM, geomid[0]))
    sunk = [mj_name(mujoco, model, mujoco.mjtObj.mjOBJ_BODY, b) for b, z, s in zip(free, data.xpos[free, 2], z0) if z <= s - 0.01]
    assert not sunk, sunk


@pytest.mark.parametrize("key", SUITES)
def test_mujoco_loads_the_scene_urdf(exports, key):
    mujoco = pytest.importorskip("mujoco")
    man = manifest(exports[(key, "urdf")])
    model = mujoco.MjModel.from_xml_path(str(exports[(key, "urdf")]))
    data = mujoco.MjData(model)
    for _ in range(200):
        mujoco.mj_step(model, data)
    assert model.njnt == sum(len(m["joints"]) for m in man["models"])  # scene.urdf: every model welded, joints kept
    for m in door_leaves(man):
        assert mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_JOINT, f"{m['name']}__{HINGE}") >= 0
    assert np.all(np.isfinite(data.qpos))


# ---------------------------------------------------------------- PyBullet


@pytest.fixture
def bullet():
    p = pytest.importorskip("pybullet")
    client = p.connect(p.DIRECT)
    p.setGravity(0, 0, -9.81, physicsClientId=client)
    yield p, client
    p.disconnect(client)


PYBULLET_MAX_LINKS = 128  # PyBullet's state queries (getLinkState, getJointState ...) fail on bigger multibodies


@pytest.mark.parametrize("key", SUITES)
def test_pybullet_loads_the_scene_urdf(bullet, exports, key):
    p, client = bullet
    man = manifest(exports[(key, "urdf")])
    body = p.loadURDF(str(exports[(key, "urdf")]), useFixedBase=True, physicsClientId=client)
    kinds = Counter(p.getJointInfo(body, j, physicsClientId=client)[2] for j in range(p.getNumJoints(body, physicsClientId=client)))
    assert kinds[p.JOINT_FIXED] == len(man["models"]) and kinds[p.JOINT_REVOLUTE] + kinds[p.JOINT_PRISMATIC] == sum(len(m["joints"]) for m in man["models"])


def test_pybullet_scene_urdf_places_rooms_and_drives_every_door(bullet, exports):
    """The bedroom and its en-suite as one multibody. (The flat has more links than PyBullet's state
    queries hold: there the per-model URDFs are the way in, checked below.)"""
    p, client = bullet
    key = "ensuite"
    suite = suite_of(key)
    scene = exports[(key, "urdf")]
    man = manifest(scene)
    body = p.loadURDF(str(scene), useFixedBase=True, physicsClientId=client)
    assert p.getNumJoints(body, physicsClientId=client) < PYBULLET_MAX_LINKS
    info = {p.getJointInfo(body, j, physicsClientId=client)[12].decode(): j for j in range(p.getNumJoints(body, physicsClientId=client))}  # child link -> index
    joints = {p.getJointInfo(body, j, physicsClientId=client)[1].decode(): j for j in range(p.getNumJoints(body, physicsClientId=client))}
    for room in suite.names:
        pos = p.getLinkState(body, info[f"{room}__room__base"], physicsClientId=client)[4]
        assert np.allclose(pos, (*suite.origin(room), 0.0), atol=1e-5), room
    targets = {}
    for m in door_leaves(man):
        spec = next(x for x in m["joints"] if x["name"] == HINGE)
        j = joints[f"{m['name']}__{HINGE}"]
        assert p.getJointInfo(body, j, physicsClientId=client)[2] == p.JOINT_REVOLUTE
        targets[j] = open_target(spec)
        p.setJointMotorControl2(body, j, p.POSITION_CONTROL, targetPosition=targets[j], force=50.0, physicsClientId=client)
    for _ in range(480):
        p.stepSimulation(physicsClientId=client)
    for j, target in targets.items():
        assert abs(p.getJointState(body, j, physicsClientId=client)[0] - target) < 0.05, p.getJointInfo(body, j, physicsClientId=client)[1]


@pytest.mark.parametrize("key", SUITES)
def test_pybullet_assembles_the_suite_from_per_model_urdfs(bullet, exports, key):
    """Every model's URDF at its manifest pose (free bodies loose): the shells fill the plan's
    rectangles, each door leaf driven to 1 rad gets there (nothing in its way), static models stay
    put and no free body sinks through a floor in 2 s."""
    p, client = bullet
    suite = suite_of(key)
    scene = exports[(key, "urdf")]
    man = manifest(scene)
    bodies = {}
    for m in man["models"]:
        orn = p.getQuaternionFromEuler((0.0, 0.0, m["pose"]["yaw_rad"]))
        bodies[m["name"]] = p.loadURDF(str(scene.parent / m["urdf"]), m["pose"]["xyz"], orn, useFixedBase=not m["free"], physicsClientId=client)
    for room in suite.names:
        lo, hi = p.getAABB(bodies[f"{room}__room"], -1, physicsClientId=client)
        rect = suite.plan.room(room).rect
        assert np.allclose([lo[0], lo[1], hi[0], hi[1]], [rect.x0, rect.y0, rect.x1, rect.y1], atol=0.03), (room, lo, hi)  # PyBullet pads AABBs
    targets = {}
    for m in door_leaves(man):
        b = bodies[m["name"]]
        (j,) = [k for k in range(p.getNumJoints(b, physicsClientId=client)) if p.getJointInfo(b, k, physicsClientId=client)[1].decode() == HINGE]
        targets[m["name"]] = (b, j, open_target(next(x for x in m["joints"] if x["name"] == HINGE)))
        p.setJointMotorControl2(b, j, p.POSITION_CONTROL, targetPosition=targets[m["name"]][2], force=50.0, physicsClientId=client)
    start = {m["name"]: p.getBasePositionAndOrientation(bodies[m["name"]], physicsClientId=client)[0] for m in man["models"]}
    for _ in range(480):  # 2 s at 240 Hz
        p.stepSimulation(physicsClientId=client)
    for name, (b, j, target) in targets.items():
        assert abs(p.getJointState(b, j, physicsClientId=client)[0] - target) < 0.05, name
    for m in man["models"]:
        pos = p.getBasePositionAndOrientation(bodies[m["name"]], physicsClientId=client)[0]
        if m["free"]:
            assert pos[2] > start[m["name"]][2] - 0.01, m["name"]
            assert p.getAABB(bodies[m["name"]], -1, physicsClientId=client)[0][2] > -0.02, m["name"]
        else:
            assert np.allclose(pos, start[m["name"]], atol=1e-4), m["name"]


# ---------------------------------------------------------------- libsdformat and Drake


@pytest.mark.parametrize("key", SUITES)
def test_libsdformat_loads_the_world_strictly(exports, sdf_checker, key):  # noqa: F811
    world = exports[(key, "sdf")]
    result = subprocess.run([str(sdf_checker), str(world)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
    models = manifest(world)["models"]
    parsed = {ln.split()[1]: ln.split()[2:] for ln in result.stdout.splitlines() if ln.startswith("model ")}
    assert len(parsed) == len(models)
    for m in models:
        static, links, joints = parsed[m["name"]]
        assert static == ("1" if m["static"] else "0") and int(links) == len(m["links"])
        assert int(joints) == len(m["joints"]) + (0 if m["static"] or m["free"] else 1)  # + the weld to the world


KNOWN_DRAKE_WARNINGS = re.compile(
    r"Ignoring unsupported SDFormat element in world: (scene|light)"
    r"|non-zero value for the 'friction' attribute of a joint/dynamics tag"
)


@pytest.mark.parametrize("key", SUITES)
def test_drake_loads_the_world_and_scene_urdf_with_every_hinge(exports, key, caplog):
    """Drake parses scene.sdf and scene.urdf; each room's shell sits at its origin, each door's hinge
    is a revolute joint that turns its leaf when set open."""
    pytest.importorskip("pydrake")
    from pydrake.multibody.parsing import Parser
    from pydrake.multibody.plant import MultibodyPlant

    caplog.set_level(logging.WARNING, logger="drake")
    suite = suite_of(key)
    man = manifest(exports[(key, "sdf")])
    plant = MultibodyPlant(time_step=0.001)
    instances = Parser(plant).AddModels(str(exports[(key, "sdf")]))
    plant.Finalize()
    free = sum(m["free"] for m in man["models"])
    assert len(instances) == len(man["models"]) and plant.num_positions() == sum(len(m["joints"]) for m in man["models"]) + 7 * free
    context = plant.CreateDefaultContext()
    for room in suite.names:
        shell = plant.GetBodyByName("base", plant.GetModelInstanceByName(f"{room}__room"))
        assert np.allclose(plant.EvalBodyPoseInWorld(context, shell).translation(), (*suite.origin(room), 0.0), atol=1e-6), room
    for m in door_leaves(man):
        instance = plant.GetModelInstanceByName(m["name"])
        spec = next(x for x in m["joints"] if x["name"] == HINGE)
        joint = plant.GetJointByName(HINGE, instance)
        limits = [joint.position_lower_limits()[0], joint.position_upper_limits()[0]]
        assert joint.type_name() == "revolute" and np.allclose(limits, [spec["lower"], spec["upper"]])
        leaf, base = joint.child_body(), joint.parent_body()
        target = open_target(spec)
        joint.set_angle(context, target)
        turned = plant.EvalBodyPoseInWorld(context, base).rotation().inverse().multiply(plant.EvalBodyPoseInWorld(context, leaf).rotation())
        assert abs(turned.ToAngleAxis().angle() - abs(target)) < 1e-6, m["name"]
    plant = MultibodyPlant(time_step=0.001)
    Parser(plant).AddModels(str(exports[(key, "urdf")]))  # every model welded to "world"
    plant.Finalize()
    assert plant.num_positions() == sum(len(m["joints"]) for m in man["models"])
    for m in door_leaves(man):
        assert plant.HasJointNamed(f"{m['name']}__{HINGE}")
    unexpected = [r.getMessage() for r in caplog.records if r.name == "drake" and not KNOWN_DRAKE_WARNINGS.search(r.getMessage())]
    assert not unexpected, unexpected[:5]
