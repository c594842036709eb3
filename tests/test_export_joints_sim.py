"""Doors, drawers and lids in the simulators behave as furniture does: each stays where it is left
(its friction holds it against gravity: an oven door half open, a laptop lid), opens to its limit
under a moderate push without overshooting it, and never goes through the floor. MuJoCo reads the
MJCF scene (stiff limits and dry friction, friction from the carried mass); PyBullet reads the
per-object URDFs, with the URDF's joint friction applied the way PyBullet documents it (a velocity
motor with that much force); Drake reads the SDFormat scene with ``export.drake_joints``'s friction
system (Drake has no joint dry friction of its own). Each articulated piece is simulated alone in its room (the shell and
the piece where it stands: a chair pushed by a drawer is the layout's business, and a chair is a
free body the drawer shoves), and joints that the room stops (``articulation_clearance``) are left
out: what stops them is the layout, not the joint."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from sceneorchestra_addon.core.metrics.articulation import joint_clearances
from sceneorchestra_addon.export import export_scene
from sceneorchestra_addon.export.model import scene_models
from test_export import room_state

pytestmark = pytest.mark.slow

ROOMS = ("kitchen", "office", "bedroom")
LEFT_S = 2.0
PUSH_S = 3.0
STAY = {"hinge": math.radians(2.0), "slide": 0.01}  # how far a joint left alone may drift in LEFT_S
OVERSHOOT = {"hinge": math.radians(1.0), "slide": 0.005}
REACH = {"hinge": math.radians(3.0), "slide": 0.01}  # how near its limit a push must bring it


def clear_joints(room: str) -> set[tuple[str, str]]:
    """(object id, joint name) of the joints the room leaves free to open all the way."""
    return {(j.object_id, j.joint) for j in joint_clearances(room_state(room)) if j.clear}


def push_for(friction: float, kind: str) -> float:
    """A moderate push: three times what holds the joint, and at least 3 N m / 10 N."""
    return max(3.0 * friction, 3.0 if kind == "hinge" else 10.0)


def alone(room: str):
    """(object id, the room holding only that articulated piece and what it stands on) for each
    piece with a joint the room leaves free."""
    state = room_state(room)
    free = clear_joints(room)
    for oid in sorted({o for o, _ in free}):
        keep, parent = {oid}, state.get(oid).parent
        while parent:  # what it stands on (a laptop on its desk)
            keep.add(parent)
            parent = state.get(parent).parent
        yield oid, state.without({o.id for o in state.objects if o.id not in keep})


def exports_alone(tmp_path_factory, fmt: str) -> dict[str, list]:
    """Per room, the scene file of each articulated piece exported alone (``alone``) in ``fmt``."""
    base = tmp_path_factory.mktemp(f"joints_{fmt}")
    return {room: [export_scene(state, base / f"{room}_{oid}", fmt=fmt) for oid, state in alone(room)] for room in ROOMS}


@pytest.fixture(scope="module")
def mjcf(tmp_path_factory):
    return exports_alone(tmp_path_factory, "mjcf")


@pytest.mark.parametrize("room", ROOMS)
def test_mujoco_every_door_drawer_and_lid_stays_opens_and_stops(mjcf, room):
    mujoco = pytest.importorskip("mujoco")
    free = clear_joints(room)
    floor_z = []
    tested = 0
    for path in mjcf[room]:
        tested += _mujoco_joints(mujoco, path, free, floor_z)
    assert tested >= 5, tested
    assert all(z >= -0.005 for _, z in floor_z), [f for f in floor_z if f[1] < -0.005]


def _mujoco_joints(mujoco, path, free, floor_z) -> int:
    model = mujoco.MjModel.from_xml_path(str(path))
    data = mujoco.MjData(model)
    tested = 0
    for j in range(model.njnt):
        kind = {int(mujoco.mjtJoint.mjJNT_HINGE): "hinge", int(mujoco.mjtJoint.mjJNT_SLIDE): "slide"}.get(int(model.jnt_type[j]))
        name = mujoco.mj_id2name(model, mujoco.mjtObj.mjOBJ_JOINT, j)
        if kind is None or "__" not in name:
            continue
        oid, joint = name.split("__", 1)
        if (oid, joint) not in free:
            continue
        lo, hi = model.jnt_range[j]
        adr, dof, body = model.jnt_qposadr[j], model.jnt_dofadr[j], model.jnt_bodyid[j]
        push = push_for(float(model.dof_frictionloss[dof]), kind)
        geoms = [g for g in range(model.ngeom) if model.geom_bodyid[g] == body and model.geom_group[g] == 3]
        for start, force, target in ((lo + 0.5 * (hi - lo), 0.0, None), (lo, push, hi), (hi, -push, lo)):
            mujoco.mj_resetData(model, data)
            data.qpos[adr] = start
            mujoco.mj_forward(model, data)
            lowest = np.inf
            for _ in range(int((LEFT_S if target is None else PUSH_S) / model.opt.timestep)):
                data.qfrc_applied[dof] = force
                mujoco.mj_step(model, data)
                q = data.qpos[adr]
                assert lo - OVERSHOOT[kind] <= q <= hi + OVERSHOOT[kind], (name, q, lo, hi)
            for g in geoms:  # the lowest corner of each collision box of the moving body
                corners = np.array([[sx, sy, sz] for sx in (-1, 1) for sy in (-1, 1) for sz in (-1, 1)]) * model.geom_size[g]
                lowest = min(lowest, float((corners @ data.geom_xmat[g].reshape(3, 3).T + data.geom_xpos[g])[:, 2].min()))
            floor_z.append((name, lowest))
            if target is None:
                assert abs(data.qpos[adr] - start) <= STAY[kind], (name, "left alone it moved", data.qpos[adr] - start)
            else:
                assert abs(data.qpos[adr] - target) <= REACH[kind], (name, "pushed with", force, "it reached", data.qpos[adr], "of", target)
        tested += 1
    return tested


@pytest.mark.parametrize("room", ROOMS)
def test_pybullet_every_door_drawer_and_lid_stays_opens_and_stops(tmp_path, room):
    p = pytest.importorskip("pybullet")
    scene = export_scene(room_state(room), tmp_path / room, fmt="urdf")
    free = clear_joints(room)
    client = p.connect(p.DIRECT)
    tested = 0
    try:
        p.setGravity(0, 0, -9.81, physicsClientId=client)
        for model in scene_models(room_state(room)):
            joints = [j for j in model.joints if (model.source, j.name) in free]
            if not joints:
                continue
            for spec in joints:
                kind = "hinge" if spec.kind == "revolute" else "slide"
                for start, sign, target in ((0.5 * (spec.lower + spec.upper), 0.0, None), (spec.lower, 1.0, spec.upper), (spec.upper, -1.0, spec.lower)):
                    body = p.loadURDF(str(scene.parent / f"{model.name}.urdf"), basePosition=(model.pose.x, model.pose.y, model.pose.z),
                                      baseOrientation=p.getQuaternionFromEuler((0, 0, math.radians(model.pose.yaw_deg))), useFixedBase=True,
                                      physicsClientId=client)
                    index = {p.getJointInfo(body, k, physicsClientId=client)[1].decode(): k for k in range(p.getNumJoints(body, physicsClientId=client))}
                    k = index[spec.name]
                    friction = p.getJointInfo(body, k, physicsClientId=client)[7]  # the URDF's <dynamics friction>
                    for other in index.values():  # dry friction, as PyBullet's manual emulates it
                        f = p.getJointInfo(body, other, physicsClientId=client)[7]
                        p.setJointMotorControl2(body, other, p.VELOCITY_CONTROL, targetVelocity=0, force=f, physicsClientId=client)
                    p.resetJointState(body, k, start, physicsClientId=client)
                    force = sign * push_for(friction, kind)
                    for _ in range(int(240 * (LEFT_S if target is None else PUSH_S))):
                        if force:
                            p.setJointMotorControl2(body, k, p.TORQUE_CONTROL, force=force, physicsClientId=client)
                        p.stepSimulation(physicsClientId=client)
                    q = p.getJointState(body, k, physicsClientId=client)[0]
                    assert spec.lower - OVERSHOOT[kind] - 0.01 <= q <= spec.upper + OVERSHOOT[kind] + 0.01, (model.name, spec.name, q)
                    if target is None:
                        assert abs(q - start) <= STAY[kind], (model.name, spec.name, "left alone it moved", q - start)
                    else:
                        assert abs(q - target) <= REACH[kind], (model.name, spec.name, "pushed", force, "reached", q, "of", target)
                    lowest = min(p.getAABB(body, link, physicsClientId=client)[0][2] for link in range(-1, p.getNumJoints(body, physicsClientId=client)))
                    assert lowest >= -0.005, (model.name, spec.name, lowest)
                    p.removeBody(body, physicsClientId=client)
                tested += 1
    finally:
        p.disconnect(client)
    assert tested >= 5, tested


@pytest.fixture(scope="module")
def sdf_alone(tmp_path_factory):
    return exports_alone(tmp_path_factory, "sdf")


@pytest.mark.parametrize("room", ROOMS)
def test_drake_every_door_drawer_and_lid_stays_opens_and_stops(sdf_alone, room):
    """Drake has no joint dry friction of its own; ``export.drake_joints.add_joint_friction`` gives
    each joint its manifest friction (elasto-plastic: held at rest, Coulomb friction while moving).
    Without it an oven door left half open sinks (checked once below)."""
    pytest.importorskip("pydrake")
    free = clear_joints(room)
    floor_z: list[tuple[str, float]] = []
    tested = 0
    for scene in sdf_alone[room]:
        man = json.loads((scene.parent / "manifest.json").read_text())
        for model in man["models"]:
            for j in model["joints"]:
                if (model["name"], j["name"]) not in free and (model.get("source"), j["name"]) not in free:
                    continue
                kind = "hinge" if j["type"] == "revolute" else "slide"
                lo, hi = j["lower"], j["upper"]
                for start, sign, target in ((lo + 0.5 * (hi - lo), 0.0, None), (lo, 1.0, hi), (hi, -1.0, lo)):
                    q, lowest = _drake_run(scene, man, model["name"], j, start, sign * push_for(j["friction"], kind), LEFT_S if target is None else PUSH_S)
                    name = f"{model['name']}.{j['name']}"
                    floor_z.append((name, lowest))
                    assert lo - OVERSHOOT[kind] <= q <= hi + OVERSHOOT[kind], (name, q, lo, hi)
                    if target is None:
                        assert abs(q - start) <= STAY[kind], (name, "left alone it moved", q - start)
                    else:
                        assert abs(q - target) <= REACH[kind], (name, "pushed, it reached", q, "of", target)
                tested += 1
    assert tested >= 5, tested
    assert all(z >= -0.005 for _, z in floor_z), [f for f in floor_z if f[1] < -0.005]


def test_drake_without_the_friction_system_an_oven_door_sinks(sdf_alone):
    pytest.importorskip("pydrake")
    scene = next(s for s in sdf_alone["kitchen"] if s.parent.name.startswith("kitchen_oven"))  # (folders: <room>_<object id>)
    man = json.loads((scene.parent / "manifest.json").read_text())
    model = next(m for m in man["models"] if m["category"] == "oven")
    door = next(j for j in model["joints"] if j["type"] == "revolute")
    start = 0.5 * (door["lower"] + door["upper"])
    held, _ = _drake_run(scene, man, model["name"], door, start, 0.0, LEFT_S)
    loose, _ = _drake_run(scene, man, model["name"], door, start, 0.0, LEFT_S, friction=False)
    assert abs(held - start) <= STAY["hinge"] < abs(loose - start), (held, loose, start)


def _drake_run(scene, man: dict, model_name: str, j: dict, start: float, push: float, seconds: float, friction: bool = True):
    """(joint position after ``seconds``, the lowest corner of its child's collision boxes) for the
    joint ``j`` of ``model_name`` started at ``start`` with a constant ``push`` in the joint (a
    generalized force: torque about, or force along, its axis)."""
    from pydrake.geometry import Box, Role
    from pydrake.multibody.parsing import Parser
    from pydrake.multibody.plant import AddMultibodyPlant, MultibodyPlantConfig
    from pydrake.systems.analysis import Simulator
    from pydrake.systems.framework import DiagramBuilder

    from sceneorchestra_addon.export.drake_joints import add_joint_friction

    builder = DiagramBuilder()
    plant, scene_graph = AddMultibodyPlant(MultibodyPlantConfig(time_step=0.002), builder)
    Parser(plant).AddModels(str(scene))
    plant.Finalize()
    held = add_joint_friction(builder, plant, man) if friction else None
    simulator = Simulator(builder.Build())
    root = simulator.get_mutable_context()
    context = plant.GetMyMutableContextFromRoot(root)
    joint = plant.GetJointByName(j["name"], plant.GetModelInstanceByName(model_name))
    revolute = j["type"] == "revolute"
    (joint.set_angle if revolute else joint.set_translation)(context, start)
    tau = np.zeros(plant.num_velocities())  # the push acts in the joint, between its two bodies (a free laptop is not thrown)
    tau[joint.velocity_start()] = push
    port = held.get_input_port(1) if held is not None else plant.get_applied_generalized_force_input_port()
    port.FixValue(held.GetMyMutableContextFromRoot(root) if held is not None else context, tau)
    plant.get_applied_spatial_force_input_port().FixValue(context, [])
    simulator.AdvanceTo(seconds)
    q = (joint.get_angle if revolute else joint.get_translation)(context)
    query = scene_graph.get_query_output_port().Eval(scene_graph.GetMyContextFromRoot(root))
    inspector = query.inspector()
    lowest = np.inf
    for gid in inspector.GetGeometries(plant.GetBodyFrameIdOrThrow(joint.child_body().index()), Role.kProximity):
        shape = inspector.GetShape(gid)
        if isinstance(shape, Box):
            half = np.array([shape.width(), shape.depth(), shape.height()]) / 2.0
            corners = np.array([[sx, sy, sz] for sx in (-1, 1) for sy in (-1, 1) for sz in (-1, 1)]) * half
            pose = query.GetPoseInWorld(gid)
            lowest = min(lowest, float((corners @ pose.rotation().matrix().T + pose.translation())[:, 2].min()))
    return float(q), lowest
