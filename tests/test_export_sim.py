"""The exports in the real simulators: libsdformat, Drake, PyBullet and MuJoCo (from PyPI / Debian).

Test-only dependencies (never imported by the add-on): ``pip install pybullet mujoco drake`` and,
for libsdformat, Debian's ``libsdformat-dev`` with ``g++`` (a ten-line C++ checker is compiled
here). ``sdformat14-py-bindings`` installs from PyPI but needs libsdformat14, which Debian 12 does
not ship; its test runs where it imports. Each test skips when its simulator is missing.
"""

from __future__ import annotations

import json
import logging
import math
import re
import shutil
import subprocess

import numpy as np
import pytest

from conftest import DATA
from sceneorchestra_addon.core import executor
from sceneorchestra_addon.export import export_scene
from sceneorchestra_addon.export.model import scene_models
from test_export import ROOMS, room_state

pytestmark = pytest.mark.slow  # the whole module: real simulators, training or installs (see pyproject markers)

SDF_CHECK_CC = r"""
#include <sdf/sdf.hh>
#include <iostream>
// Load each file with libsdformat; warnings, unknown and deprecated elements count as errors.
int main(int argc, char** argv) {
  sdf::ParserConfig config;
  config.SetWarningsPolicy(sdf::EnforcementPolicy::ERR);
  config.SetUnrecognizedElementsPolicy(sdf::EnforcementPolicy::ERR);
  config.SetDeprecatedElementsPolicy(sdf::EnforcementPolicy::ERR);
  int bad = 0;
  for (int i = 1; i < argc; ++i) {
    sdf::Root root;
    for (const auto& e : root.Load(argv[i], config)) { std::cout << "ERROR " << argv[i] << ": " << e.Message() << "\n"; ++bad; }
    if (root.WorldCount() > 0) {
      const sdf::World* w = root.WorldByIndex(0);
      std::cout << "world " << w->ModelCount() << " " << w->LightCount() << "\n";
      for (uint64_t m = 0; m < w->ModelCount(); ++m) {
        const sdf::Model* model = w->ModelByIndex(m);
        std::cout << "model " << model->Name() << " " << model->Static() << " " << model->LinkCount() << " " << model->JointCount() << "\n";
      }
    } else if (root.Model()) {
      std::cout << "robot " << root.Model()->Name() << " " << root.Model()->LinkCount() << "\n";
    }
  }
  return bad ? 1 : 0;
}
"""


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict:
    """Every reference room exported in every format (boxes), plus convex parts for three rooms."""
    base = tmp_path_factory.mktemp("sim")
    out = {(room, fmt): export_scene(room_state(room), base / f"{room}_{fmt}", fmt=fmt) for room in ROOMS for fmt in ("sdf", "urdf", "mjcf")}
    for room in ("bedroom", "kitchen", "office"):
        for fmt in ("sdf", "urdf", "mjcf"):
            out[(room, f"{fmt}_parts")] = export_scene(room_state(room), base / f"{room}_{fmt}_parts", fmt=fmt, collision="parts")
    return out


def manifest(scene_file) -> dict:
    return json.loads((scene_file.parent / "manifest.json").read_text())


def urdfs(scene_file) -> list:
    return [scene_file.parent / m["urdf"] for m in manifest(scene_file)["models"]]


# ---------------------------------------------------------------- SDFormat (libsdformat)


@pytest.fixture(scope="module")
def sdf_checker(tmp_path_factory):
    if shutil.which("g++") is None or shutil.which("pkg-config") is None:
        pytest.skip("g++ and pkg-config are needed to build the libsdformat checker")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "sdformat12"], capture_output=True, text=True)
    if flags.returncode != 0:
        pytest.skip("libsdformat 12 is not installed (Debian: apt-get install libsdformat-dev)")
    folder = tmp_path_factory.mktemp("sdfcheck")
    (folder / "check.cc").write_text(SDF_CHECK_CC)
    subprocess.run(["g++", "-std=c++17", str(folder / "check.cc"), "-o", str(folder / "check"), *flags.stdout.split()], check=True)
    return folder / "check"


@pytest.mark.parametrize("variant", ["sdf", "sdf_parts"])
def test_libsdformat_loads_every_world_strictly(exports, sdf_checker, variant):
    worlds = [f for (room, v), f in exports.items() if v == variant]
    for world in worlds:
        result = subprocess.run([str(sdf_checker), str(world)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout[-2000:]
        models = manifest(world)["models"]
        lines = result.stdout.splitlines()
        assert lines[0].split()[1] == str(len(models))
        parsed = {ln.split()[1]: ln.split()[2:] for ln in lines if ln.startswith("model ")}
        for m in models:
            static, links, joints = parsed[m["name"]]
            assert static == ("1" if m["static"] else "0") and int(links) == len(m["links"])
            assert int(joints) == len(m["joints"]) + (0 if m["static"] or m["free"] else 1)  # + the weld to the world


@pytest.mark.parametrize("room, variant", [("bedroom", "urdf"), ("kitchen", "urdf"), ("office", "urdf_parts")])
def test_libsdformat_reads_every_object_urdf(exports, sdf_checker, room, variant):
    files = urdfs(exports[(room, variant)])
    result = subprocess.run([str(sdf_checker), *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
    assert result.stdout.count("robot ") == len(files) > 20


def test_sdformat14_python_bindings(exports):
    try:
        from sdformat14 import sdformat14 as sdf
    except ImportError as exc:  # the PyPI wheel links libsdformat14.so, which Debian 12 lacks
        pytest.skip(f"sdformat14 python bindings do not import here: {exc}")
    for room in ROOMS:
        root = sdf.Root()
        root.load(str(exports[(room, "sdf")]))  # raises SDFErrorsException on any error
        assert root.world_count() == 1


# ---------------------------------------------------------------- Drake

KNOWN_DRAKE_WARNINGS = re.compile(
    r"Ignoring unsupported SDFormat element in world: (scene|light)"
    r"|non-zero value for the 'friction' attribute of a joint/dynamics tag"
)


@pytest.mark.parametrize("variant", ["sdf", "sdf_parts"])
def test_drake_parses_worlds_and_urdfs_and_finalizes(exports, variant, caplog):
    pytest.importorskip("pydrake")
    from pydrake.multibody.parsing import Parser
    from pydrake.multibody.plant import MultibodyPlant

    caplog.set_level(logging.WARNING, logger="drake")
    for (room, v), world in exports.items():
        if v != variant:
            continue
        plant = MultibodyPlant(time_step=0.001)
        instances = Parser(plant).AddModels(str(world))
        plant.Finalize()
        models = manifest(world)["models"]
        assert len(instances) == len(models)
        free = sum(m["free"] for m in models)
        assert free > 5 and plant.num_positions() == sum(len(m["joints"]) for m in models) + 7 * free, room  # a quaternion and a position each
        plant = MultibodyPlant(time_step=0.001)
        Parser(plant).AddModels(str(exports[(room, v.replace("sdf", "urdf"))]))  # the scene URDF: everything welded to "world"
        plant.Finalize()
        assert plant.num_positions() == sum(len(m["joints"]) for m in models), room
        for urdf in urdfs(world):
            plant = MultibodyPlant(time_step=0.0)
            Parser(plant).AddModels(str(urdf))
            plant.Finalize()
    unexpected = [r.getMessage() for r in caplog.records if r.name == "drake" and not KNOWN_DRAKE_WARNINGS.search(r.getMessage())]
    assert not unexpected, unexpected[:5]


# ---------------------------------------------------------------- PyBullet


@pytest.fixture
def bullet():
    p = pytest.importorskip("pybullet")
    client = p.connect(p.DIRECT)
    p.setGravity(0, 0, -9.81, physicsClientId=client)
    yield p, client
    p.disconnect(client)


def free_joints(p, client, body) -> dict[str, int]:
    """Name -> index of the moving joints, with PyBullet's default velocity motors switched off."""
    out = {}
    for j in range(p.getNumJoints(body, physicsClientId=client)):
        info = p.getJointInfo(body, j, physicsClientId=client)
        if info[2] in (p.JOINT_REVOLUTE, p.JOINT_PRISMATIC):
            p.setJointMotorControl2(body, j, p.VELOCITY_CONTROL, force=0, physicsClientId=client)
            out[info[1].decode()] = j
    return out


def link_positions(p, client, body) -> np.ndarray:
    n = p.getNumJoints(body, physicsClientId=client)
    links = [p.getLinkState(body, j, physicsClientId=client)[4] for j in range(n)]
    return np.array([p.getBasePositionAndOrientation(body, physicsClientId=client)[0], *links])


@pytest.mark.parametrize("room", ROOMS)
def test_pybullet_scene_urdf_stays_put_for_two_seconds(bullet, exports, room):
    p, client = bullet
    scene = exports[(room, "urdf")]
    body = p.loadURDF(str(scene), useFixedBase=True, physicsClientId=client)
    joints = free_joints(p, client, body)
    models = manifest(scene)["models"]
    assert len(joints) == sum(len(m["joints"]) for m in models)
    static = [j for j in range(p.getNumJoints(body, physicsClientId=client)) if p.getJointInfo(body, j, physicsClientId=client)[2] == p.JOINT_FIXED]
    assert len(static) == len(models)  # one weld per model
    before = link_positions(p, client, body)
    for _ in range(480):  # 2 s at 240 Hz
        p.stepSimulation(physicsClientId=client)
    after = link_positions(p, client, body)
    moved = np.linalg.norm(after - before, axis=1)
    assert moved[0] < 0.01 and max(moved[[j + 1 for j in static]]) < 0.01
    for name, j in joints.items():
        q = p.getJointState(body, j, physicsClientId=client)[0]
        info = p.getJointInfo(body, j, physicsClientId=client)
        assert info[8] - 0.01 <= q <= info[9] + 0.01, name


@pytest.mark.parametrize("room", ROOMS)
def test_pybullet_assembles_the_room_from_per_object_urdfs(bullet, exports, room):
    p, client = bullet
    scene = exports[(room, "urdf")]
    bodies = {}
    for m in manifest(scene)["models"]:
        orn = p.getQuaternionFromEuler((0.0, 0.0, m["pose"]["yaw_rad"]))
        bodies[m["name"]] = p.loadURDF(str(scene.parent / m["urdf"]), m["pose"]["xyz"], orn, useFixedBase=not m["free"], physicsClientId=client)
        assert len(free_joints(p, client, bodies[m["name"]])) == len(m["joints"])
    static = {m["name"]: link_positions(p, client, bodies[m["name"]]) for m in manifest(scene)["models"] if m["static"]}
    for _ in range(480):
        p.stepSimulation(physicsClientId=client)
    for name, before in static.items():
        assert np.linalg.norm(link_positions(p, client, bodies[name]) - before, axis=1).max() < 0.01, name


def articulated(kind: str):
    """(room, model, joint) for every vertical-hinge door ("door") or drawer ("drawer") of the rooms."""
    out = []
    for room in ROOMS:
        for model in scene_models(room_state(room)):
            for j in model.joints:
                if kind == "door" and j.kind == "revolute" and abs(j.axis[2]) == 1.0:
                    out.append((room, model.name, j.name))
                if kind == "drawer" and j.kind == "prismatic":
                    out.append((room, model.name, j.name))
    return out


def push_joint(p, client, body, joint, effort, seconds=2.0) -> float:
    for _ in range(int(240 * seconds)):
        p.setJointMotorControl2(body, joint, p.TORQUE_CONTROL, force=effort, physicsClientId=client)
        p.stepSimulation(physicsClientId=client)
    return p.getJointState(body, joint, physicsClientId=client)[0]


def test_pybullet_wardrobe_door_opens_past_30_degrees_within_its_limit(bullet, exports):
    p, client = bullet
    scene = exports[("bedroom", "urdf")]
    body = p.loadURDF(str(scene.parent / "wardrobe_0.urdf"), useFixedBase=True, physicsClientId=client)
    joints = free_joints(p, client, body)
    angle = push_joint(p, client, body, joints["door_left_hinge"], effort=5.0)
    upper = p.getJointInfo(body, joints["door_left_hinge"], physicsClientId=client)[9]
    assert math.radians(30) < angle <= upper + 0.01
    assert abs(p.getJointState(body, joints["door_right_hinge"], physicsClientId=client)[0]) < 0.01  # the other door stays shut


@pytest.mark.parametrize("kind", ["door", "drawer"])
def test_pybullet_every_door_and_drawer_moves_within_its_limit(bullet, exports, kind):
    p, client = bullet
    cases = articulated(kind)
    assert len(cases) >= (8 if kind == "door" else 15)
    for room, model, joint in cases:
        body = p.loadURDF(str(exports[(room, "urdf")].parent / f"{model}.urdf"), useFixedBase=True, physicsClientId=client)
        j = free_joints(p, client, body)[joint]
        info = p.getJointInfo(body, j, physicsClientId=client)
        q = push_joint(p, client, body, j, effort=5.0 if kind == "door" else 20.0)  # N m, N
        if kind == "door":
            assert math.radians(30) < q <= info[9] + 0.01, (room, model, joint, q)
        else:
            assert 0.05 < q <= info[9] + 0.005 and q > 0.5 * info[9], (room, model, joint, q)
        p.removeBody(body, physicsClientId=client)


# ---------------------------------------------------------------- MuJoCo


def mujoco_run(path, steps: int = 1000, push: float = 0.0):
    mujoco = pytest.importorskip("mujoco")
    model = mujoco.MjModel.from_xml_path(str(path))
    data = mujoco.MjData(model)
    for _ in range(steps):
        if push:
            data.qfrc_applied[:] = push
        mujoco.mj_step(model, data)
    warnings = {mujoco.mjtWarning(i).name: int(data.warning[i].number) for i in range(len(data.warning)) if data.warning[i].number}
    assert not warnings, f"{path.name}: {warnings}"
    assert np.all(np.isfinite(data.qpos)) and np.all(np.isfinite(data.qvel))
    return model, data


@pytest.mark.parametrize("room", ROOMS)
def test_mujoco_steps_mjcf_scene_urdf_and_every_object_urdf(exports, room):
    mujoco = pytest.importorskip("mujoco")
    models = manifest(exports[(room, "mjcf")])["models"]
    n_joints = sum(len(m["joints"]) for m in models)
    for scene, free in ((exports[(room, "mjcf")], sum(m["free"] for m in models)), (exports[(room, "urdf")], 0)):  # scene.urdf: all welded
        model, data = mujoco_run(scene)
        assert model.njnt == n_joints + free
        for j in range(model.njnt):  # nothing strays outside its limits
            if model.jnt_type[j] == mujoco.mjtJoint.mjJNT_FREE:
                continue
            lo, hi = model.jnt_range[j]
            assert lo - 0.01 <= data.qpos[model.jnt_qposadr[j]] <= hi + 0.01, mujoco.mj_id2name(model, mujoco.mjtObj.mjOBJ_JOINT, j)
    for urdf in urdfs(exports[(room, "urdf")]):
        mujoco_run(urdf)


@pytest.mark.parametrize("room", ["bedroom", "kitchen", "office"])
def test_mujoco_convex_part_exports(exports, room):
    mujoco_run(exports[(room, "mjcf_parts")])
    mujoco_run(exports[(room, "urdf_parts")])
    for urdf in urdfs(exports[(room, "urdf_parts")]):
        mujoco_run(urdf, steps=200)


def test_mujoco_doors_and_drawers_open_under_effort(exports):
    mujoco = pytest.importorskip("mujoco")
    model, data = mujoco_run(exports[("bedroom", "mjcf")].parent / "wardrobe_0.urdf", steps=1000, push=8.0)
    for j in range(model.njnt):
        lo, hi = model.jnt_range[j]
        q = data.qpos[model.jnt_qposadr[j]]
        name = mujoco.mj_id2name(model, mujoco.mjtObj.mjOBJ_JOINT, j)
        assert q <= hi + 0.01 and (q > math.radians(30) if "hinge" in name else q > 0.5 * hi), (name, q)


def test_mujoco_laptop_lid_stays_where_it_was_left_and_a_push_shuts_it(exports):
    """The hinge friction holds the open lid; 3 N m turns it down by more than 75 degrees."""
    mujoco = pytest.importorskip("mujoco")
    path = exports[("office", "mjcf")].parent / "laptop_0.urdf"
    for push, check in ((0.0, lambda q, lo, hi: abs(q) < 0.1), (-3.0, lambda q, lo, hi: q < -1.3)):
        model, data = mujoco_run(path, steps=2000, push=push)  # 4 s
        (j,) = [j for j in range(model.njnt) if "lid" in mujoco.mj_id2name(model, mujoco.mjtObj.mjOBJ_JOINT, j)]
        lo, hi = model.jnt_range[j]
        q = float(data.qpos[model.jnt_qposadr[j]])
        assert check(q, lo, hi), (push, q, lo, hi)


def test_stl_meshes_load_in_mujoco_and_pybullet(tmp_path, bullet):
    p, client = bullet
    state = room_state("kitchen")
    mjcf = export_scene(state, tmp_path / "mj", fmt="mjcf", mesh_format="stl", collision="parts")
    model, _ = mujoco_run(mjcf, steps=200)
    assert model.nmesh > 100
    urdf = export_scene(state, tmp_path / "pb", fmt="urdf", mesh_format="stl")
    body = p.loadURDF(str(urdf), useFixedBase=True, physicsClientId=client)
    assert p.getNumJoints(body, physicsClientId=client) > len(state.objects)
    shapes = p.getVisualShapeData(body, physicsClientId=client)
    assert shapes and all(s[4].decode().endswith(".stl") for s in shapes if s[2] == p.GEOM_MESH)


# ---------------------------------------------------------------- free bodies: a robot can pick up a cup and a book

FREE_ROOMS = (("office", 0), ("meeting_room", 0), ("office", 1))  # generated rooms with cups and books
REST_TOL_M, REST_TOL_DEG = 0.005, 2.0
LIFT_S, LIFT_M = 0.15, 0.02  # an upward pull of twice its weight raises it this much in this time


@pytest.fixture(scope="module")
def free_exports(tmp_path_factory) -> dict:
    """Each FREE_ROOMS room exported as SDF, MJCF and URDF: (room, seed, fmt) -> scene file."""
    base = tmp_path_factory.mktemp("free")
    out = {}
    for room, seed in FREE_ROOMS:
        state = executor.run_text((DATA / f"{room}.txt").read_text(), seed=seed).state
        for fmt in ("sdf", "mjcf", "urdf"):
            out[(room, seed, fmt)] = export_scene(state, base / f"{room}_{seed}_{fmt}", fmt=fmt)
    return out


def cup_and_book(scene_file) -> list[dict]:
    """The manifest entries of the room's first cup and first book, both free bodies."""
    models = manifest(scene_file)["models"]
    picked = [next(m for m in models if m["category"] == category) for category in ("cup", "book")]
    assert all(m["free"] and not m["static"] for m in picked), picked
    return picked


def turned_deg(q0, q1) -> float:
    """The angle between two unit quaternions (any component order, as long as both share it)."""
    return math.degrees(2.0 * math.acos(min(1.0, abs(float(np.dot(q0, q1))))))


@pytest.mark.parametrize("room, seed", FREE_ROOMS)
def test_mujoco_cup_and_book_rest_on_their_supporters_and_lift(free_exports, room, seed):
    """scene.xml: every free body (cups, books, chairs ...) stays where it was generated for 2 s;
    then a pull of twice its weight lifts the cup and the book."""
    mujoco = pytest.importorskip("mujoco")
    scene = free_exports[(room, seed, "mjcf")]
    free = [m["name"] for m in manifest(scene)["models"] if m["free"]]
    model = mujoco.MjModel.from_xml_path(str(scene))
    data = mujoco.MjData(model)
    bodies = [mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY, name) for name in free]
    assert all(model.jnt_type[model.body_jntadr[b]] == mujoco.mjtJoint.mjJNT_FREE for b in bodies)
    mujoco.mj_forward(model, data)
    pos0, quat0 = data.xpos[bodies].copy(), data.xquat[bodies].copy()
    while data.time < 2.0:
        mujoco.mj_step(model, data)
    assert not [i for i in range(len(data.warning)) if data.warning[i].number]
    for name, b, p0, q0 in zip(free, bodies, pos0, quat0):
        assert np.linalg.norm(data.xpos[b] - p0) < REST_TOL_M and turned_deg(q0, data.xquat[b]) < REST_TOL_DEG, name
    for m in cup_and_book(scene):
        b = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY, m["name"])
        z0, start = data.xpos[b][2], data.time
        data.xfrc_applied[b, 2] = 2.0 * 9.81 * model.body_subtreemass[b]
        while data.time < start + LIFT_S:
            mujoco.mj_step(model, data)
        data.xfrc_applied[b, 2] = 0.0
        assert data.xpos[b][2] - z0 > LIFT_M, m["name"]


@pytest.mark.parametrize("room, seed", FREE_ROOMS)
def test_pybullet_cup_and_book_rest_on_their_supporters_and_lift(bullet, free_exports, room, seed):
    """The per-object URDFs at their manifest poses, free bodies without a fixed base: they stay put
    for 2 s, then a pull of twice its weight lifts the cup and the book."""
    p, client = bullet
    scene = free_exports[(room, seed, "urdf")]
    bodies, free = {}, []
    for m in manifest(scene)["models"]:
        orn = p.getQuaternionFromEuler((0.0, 0.0, m["pose"]["yaw_rad"]))
        bodies[m["name"]] = p.loadURDF(str(scene.parent / m["urdf"]), m["pose"]["xyz"], orn, useFixedBase=not m["free"], physicsClientId=client)
        free += [m["name"]] if m["free"] else []
    start = {name: p.getBasePositionAndOrientation(bodies[name], physicsClientId=client) for name in free}
    for _ in range(480):  # 2 s at 240 Hz
        p.stepSimulation(physicsClientId=client)
    for name in free:
        pos, orn = p.getBasePositionAndOrientation(bodies[name], physicsClientId=client)
        assert np.linalg.norm(np.subtract(pos, start[name][0])) < REST_TOL_M and turned_deg(orn, start[name][1]) < REST_TOL_DEG, name
    for m in cup_and_book(scene):
        body = bodies[m["name"]]
        mass = sum(p.getDynamicsInfo(body, j, physicsClientId=client)[0] for j in range(-1, p.getNumJoints(body, physicsClientId=client)))
        z0 = p.getBasePositionAndOrientation(body, physicsClientId=client)[0][2]
        for _ in range(int(240 * LIFT_S)):
            com = p.getBasePositionAndOrientation(body, physicsClientId=client)[0]
            p.applyExternalForce(body, -1, (0.0, 0.0, 2.0 * 9.81 * mass), com, p.WORLD_FRAME, physicsClientId=client)
            p.stepSimulation(physicsClientId=client)
        assert p.getBasePositionAndOrientation(body, physicsClientId=client)[0][2] - z0 > LIFT_M, m["name"]


@pytest.mark.parametrize("room, seed", FREE_ROOMS)
def test_drake_cup_and_book_rest_on_their_supporters_and_lift(free_exports, room, seed, caplog):
    """scene.sdf in Drake: the cup and the book are free bodies at their poses; they stay on their
    supporters for 2 s, then a pull of twice its weight lifts each. The room's other free bodies are
    welded where they stand to keep Drake's run to seconds (MuJoCo and PyBullet run them all)."""
    pytest.importorskip("pydrake")
    from pydrake.math import RigidTransform
    from pydrake.multibody.math import SpatialForce
    from pydrake.multibody.parsing import Parser
    from pydrake.multibody.plant import AddMultibodyPlant, ExternallyAppliedSpatialForce, MultibodyPlantConfig
    from pydrake.systems.analysis import Simulator
    from pydrake.systems.framework import DiagramBuilder

    caplog.set_level(logging.WARNING, logger="drake")
    scene = free_exports[(room, seed, "sdf")]
    picked = [m["name"] for m in cup_and_book(scene)]
    builder = DiagramBuilder()
    plant, _ = AddMultibodyPlant(MultibodyPlantConfig(time_step=0.002), builder)
    Parser(plant).AddModels(str(scene))
    base = {m["name"]: plant.GetBodyByName(m["links"][0]["name"], plant.GetModelInstanceByName(m["name"])) for m in manifest(scene)["models"] if m["free"]}
    for name, body in base.items():
        if name not in picked:
            plant.WeldFrames(plant.world_frame(), body.body_frame(), plant.GetDefaultFloatingBaseBodyPose(body))
    plant.Finalize()
    simulator = Simulator(builder.Build())
    context = plant.GetMyMutableContextFromRoot(simulator.get_mutable_context())
    start = {name: plant.EvalBodyPoseInWorld(context, base[name]) for name in picked}
    for name in picked:
        expected = next(m["pose"] for m in manifest(scene)["models"] if m["name"] == name)
        assert base[name].is_floating_base_body() and np.allclose(start[name].translation(), expected["xyz"], atol=1e-6)
    simulator.AdvanceTo(2.0)
    for name in picked:
        now: RigidTransform = plant.EvalBodyPoseInWorld(context, base[name])
        turned = math.degrees(now.rotation().InvertAndCompose(start[name].rotation()).ToAngleAxis().angle())
        assert np.linalg.norm(now.translation() - start[name].translation()) < REST_TOL_M and turned < REST_TOL_DEG, name
    for name in picked:
        body = base[name]
        pull = ExternallyAppliedSpatialForce()
        pull.body_index = body.index()
        pull.p_BoBq_B = body.CalcCenterOfMassInBodyFrame(context)
        weight = 9.81 * sum(b.get_mass(context) for b in plant.GetBodiesWeldedTo(body))
        pull.F_Bq_W = SpatialForce(np.zeros(3), np.array([0.0, 0.0, 2.0 * weight]))
        plant.get_applied_spatial_force_input_port().FixValue(context, [pull])
        z0 = plant.EvalBodyPoseInWorld(context, body).translation()[2]
        simulator.AdvanceTo(simulator.get_context().get_time() + LIFT_S)
        plant.get_applied_spatial_force_input_port().FixValue(context, [])
        assert plant.EvalBodyPoseInWorld(context, body).translation()[2] - z0 > LIFT_M, name
    unexpected = [r.getMessage() for r in caplog.records if r.name == "drake" and not KNOWN_DRAKE_WARNINGS.search(r.getMessage())]
    assert not unexpected, unexpected[:5]
