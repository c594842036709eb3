"""Joint friction for Drake: doors, drawers and lids that stay where they are left.

Drake reads a joint's damping from SDFormat and URDF but has no dry (Coulomb) joint friction, so in
Drake alone an oven door or a lid left half open sinks under gravity. ``add_joint_friction`` adds a
small system to a Drake diagram that gives every joint of an exported scene the friction written in
its ``manifest.json`` (``joints[].friction``: 1.25 times the largest gravity torque on what the joint
carries, ``export/model.py`` ``_holding``), applied through the plant's generalized-force input:

* a joint at rest is held by a stiff spring to an anchor where it was left, the spring's torque
  (or force) capped at the joint's friction; a push larger than the friction saturates the spring,
  the anchor slides along and the joint moves against a constant friction (the elasto-plastic model
  of dry friction: no drift at rest, Coulomb friction while moving);
* the spring is as stiff as holds the joint within ``HOLD_RAD`` (``HOLD_M``) of its anchor, and no
  stiffer than the plant's time step integrates stably for that joint's inertia (from the mass
  matrix), critically damped.

Use it between ``plant.Finalize()`` and ``builder.Build()``::

    plant, scene_graph = AddMultibodyPlant(MultibodyPlantConfig(time_step=0.002), builder)
    Parser(plant).AddModels("scene.sdf")
    plant.Finalize()
    add_joint_friction(builder, plant, "manifest.json")
    diagram = builder.Build()

It takes the plant's ``applied_generalized_force`` input; a script that needs that input for its
own forces can use ``JointFriction``'s ``extra`` input instead (added to the friction). pydrake is
imported here only, never by the add-on.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

HOLD_RAD = math.radians(0.5)  # a held hinge stays within this of where it was left
HOLD_M = 0.002  # a held slide stays within this
STABLE_WT = 0.5  # the spring's natural frequency times the time step, at most


def joint_frictions(plant, manifest: dict | str | Path) -> list[tuple[object, float]]:
    """(Drake joint, friction) for every revolute or prismatic joint the manifest lists with a
    friction, found in ``plant`` by model instance and joint name."""
    data = manifest if isinstance(manifest, dict) else json.loads(Path(manifest).read_text(encoding="utf-8"))
    out = []
    for model in data.get("models", ()):
        if not plant.HasModelInstanceNamed(model["name"]):
            continue
        instance = plant.GetModelInstanceByName(model["name"])
        for j in model.get("joints", ()):
            friction = float(j.get("friction", 0.0))
            if friction > 0.0 and j.get("type") in ("revolute", "prismatic") and plant.HasJointNamed(j["name"], instance):
                out.append((plant.GetJointByName(j["name"], instance), friction))
    return out


def _system_class():
    from pydrake.systems.framework import BasicVector, LeafSystem

    class JointFriction(LeafSystem):
        """Elasto-plastic dry friction on the given joints (see the module docstring). Inputs:
        ``state`` (the plant's state), ``extra`` (generalized forces added to the output; zero when
        left unconnected). Output: ``generalized_force``."""

        def __init__(self, plant, joints: list[tuple[object, float]]):
            super().__init__()
            nq, nv = plant.num_positions(), plant.num_velocities()
            dt = plant.time_step()
            if dt <= 0.0:
                raise ValueError("add_joint_friction needs a discrete plant (MultibodyPlantConfig(time_step=...) > 0)")
            mass = plant.CalcMassMatrix(plant.CreateDefaultContext())
            self._nv = nv
            self._q, self._v, self._cap, self._k, self._c = [], [], [], [], []
            for joint, friction in joints:
                qi, vi = joint.position_start(), joint.velocity_start()
                inertia = max(float(mass[vi, vi]), 1e-9)
                hold = HOLD_RAD if joint.type_name() == "revolute" else HOLD_M
                k = min(friction / hold, inertia * (STABLE_WT / dt) ** 2)
                c = min(2.0 * math.sqrt(k * inertia), inertia / dt)
                self._q.append(qi)
                self._v.append(vi)
                self._cap.append(friction)
                self._k.append(k)
                self._c.append(c)
            self._q, self._v = np.array(self._q, dtype=int), np.array(self._v, dtype=int)
            self._cap, self._k, self._c = np.array(self._cap), np.array(self._k), np.array(self._c)
            self._nq = nq
            self.DeclareVectorInputPort("state", BasicVector(nq + nv))
            self.DeclareVectorInputPort("extra", BasicVector(nv))
            self._anchor = self.DeclareDiscreteState(len(self._q))
            self.DeclareInitializationDiscreteUpdateEvent(self._start)
            self.DeclarePeriodicDiscreteUpdateEvent(dt, 0.0, self._slide)
            self.DeclareVectorOutputPort("generalized_force", BasicVector(nv), self._output)

        def _qv(self, context) -> tuple[np.ndarray, np.ndarray]:
            x = self.get_input_port(0).Eval(context)
            return x[self._q], x[self._nq + self._v]

        def _spring(self, context, anchor: np.ndarray) -> np.ndarray:
            q, v = self._qv(context)
            return -self._k * (q - anchor) - self._c * v

        def _start(self, context, state) -> None:
            state.get_mutable_vector(self._anchor).SetFromVector(self._qv(context)[0])

        def _slide(self, context, state) -> None:
            """Where the spring is over the cap, the anchor follows the joint (it slips)."""
            anchor = context.get_discrete_state(self._anchor).CopyToVector()
            q, _ = self._qv(context)
            pull = -self._k * (q - anchor)
            over = np.abs(pull) > self._cap
            anchor[over] = q[over] + np.sign(pull[over]) * self._cap[over] / self._k[over]
            state.get_mutable_vector(self._anchor).SetFromVector(anchor)

        def _output(self, context, output) -> None:
            anchor = context.get_discrete_state(self._anchor).CopyToVector()
            tau = np.zeros(self._nv)
            tau[self._v] = np.clip(self._spring(context, anchor), -self._cap, self._cap)
            extra = self.get_input_port(1)
            if extra.HasValue(context):
                tau = tau + extra.Eval(context)
            output.SetFromVector(tau)

    return JointFriction


def add_joint_friction(builder, plant, manifest: dict | str | Path):
    """Add a ``JointFriction`` for the manifest's joints to ``builder`` and connect it to ``plant``
    (finalized, discrete); returns the system (None when no joint has friction)."""
    joints = joint_frictions(plant, manifest)
    if not joints:
        return None
    system = builder.AddSystem(_system_class()(plant, joints))
    system.set_name("joint_friction")
    builder.Connect(plant.get_state_output_port(), system.get_input_port(0))
    builder.Connect(system.get_output_port(0), plant.get_applied_generalized_force_input_port())
    return system
