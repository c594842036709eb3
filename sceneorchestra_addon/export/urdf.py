"""URDF: one file per model (in the model frame) and a scene variant for tools that take one file.

Per-model files (``<model>.urdf``): the base link carries the parts no joint moves; each revolute
or prismatic joint moves one link (see model.py for frames). Every link has an ``<inertial>``
(mass from volume x density, a consistent tensor about the centre of mass), one visual per part
(an OBJ/STL mesh in ``meshes/`` beside the file, coloured with an sRGB ``<material>``) and its
collision boxes (each with its rotation in ``<origin rpy>``, or convex meshes). Joints carry ``<origin>``, ``<axis>``, ``<limit>`` (lower,
upper, effort, velocity) and ``<dynamics>`` (damping, friction). A per-model URDF does not know its
place in the room: the manifest gives each model's pose; load it with a fixed base unless the
manifest says ``"free": true`` (a free body: a small object or a chair resting on its supporter).

A ``<mujoco><compiler meshdir="meshes/"/></mujoco>`` element tells MuJoCo (which strips mesh paths
to bare file names) where the meshes are; URDF parsers ignore it.

The scene URDF (``scene.urdf``) has a root link named ``world`` (Drake and PyBullet treat it as the
world / fixed base) and every model's links renamed ``<model>__<link>``, each model's base welded
to ``world`` by a fixed joint at the model's pose, free bodies included: a URDF cannot place a free
body portably (Drake drops a ``floating`` joint's origin and leaves the body at the world origin,
PyBullet turns it into a fixed joint), so ``scene.urdf`` is the static snapshot of the room; free
bodies move in the SDF world, the MJCF and the per-object URDFs. URDF has no lights; use the SDF
world for those.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

from .model import Link, Model
from .writer import NameTable
from .xmlbits import num, sub, vec, write_xml

WORLD_LINK = "world"


def _mujoco_hint(robot: ET.Element, mesh_dir: str) -> None:
    mj = sub(robot, "mujoco")
    sub(mj, "compiler", meshdir=f"{mesh_dir}/", strippath="true", balanceinertia="false", discardvisual="true", fusestatic="true")


def _inertial(parent: ET.Element, link: Link) -> None:
    p = link.inertial
    el = sub(parent, "inertial")
    sub(el, "origin", xyz=vec(p.com), rpy="0 0 0")
    sub(el, "mass", value=num(p.mass))
    i = p.inertia
    sub(el, "inertia", ixx=num(i[0, 0]), ixy=num(i[0, 1]), ixz=num(i[0, 2]), iyy=num(i[1, 1]), iyz=num(i[1, 2]), izz=num(i[2, 2]))


def _link(robot: ET.Element, link: Link, name: str, mesh_dir: str, prefix: str = "") -> None:
    """A ``<link>``; ``prefix`` goes before visual and collision names (the scene URDF makes them
    unique across models, which MuJoCo wants)."""
    el = sub(robot, "link", name=name)
    _inertial(el, link)
    for v in link.visuals:
        vis = sub(el, "visual", name=prefix + v.name)
        sub(vis, "origin", xyz="0 0 0", rpy="0 0 0")
        sub(sub(vis, "geometry"), "mesh", filename=f"{mesh_dir}/{v.mesh}")
        sub(sub(vis, "material", name=v.material), "color", rgba=vec(v.rgba))
    for c in link.collisions:
        col = sub(el, "collision", name=prefix + c.name)
        sub(col, "origin", xyz=vec(c.center), rpy=vec(c.rpy))
        geom = sub(col, "geometry")
        if c.kind == "mesh":
            sub(geom, "mesh", filename=f"{mesh_dir}/{c.mesh}")
        else:
            sub(geom, "box", size=vec(c.size))


def _joints(robot: ET.Element, model: Model, rename) -> None:
    for j in model.joints:
        el = sub(robot, "joint", name=rename(j.name), type=j.kind)
        sub(el, "parent", link=rename(j.parent))
        sub(el, "child", link=rename(j.child))
        sub(el, "origin", xyz=vec(j.origin), rpy="0 0 0")
        sub(el, "axis", xyz=vec(j.axis))
        sub(el, "limit", lower=num(j.lower), upper=num(j.upper), effort=num(j.effort), velocity=num(j.velocity))
        sub(el, "dynamics", damping=num(j.damping), friction=num(j.friction))


def model_urdf(model: Model, mesh_dir: str = "meshes") -> ET.Element:
    """The ``<robot>`` of one model, in its own frame."""
    robot = ET.Element("robot", name=model.name)
    for link in model.links:
        _link(robot, link, link.name, mesh_dir)
    _joints(robot, model, lambda n: n)
    _mujoco_hint(robot, mesh_dir)
    return robot


def scene_urdf(models: list[Model], name: str, mesh_dir: str = "meshes") -> ET.Element:
    """One ``<robot>`` for the whole scene: a ``world`` root and every model welded to it."""
    robot = ET.Element("robot", name=name)
    sub(robot, "link", name=WORLD_LINK)
    names = NameTable(reserved=(WORLD_LINK,))
    for model in models:
        table = {n: names.unique(f"{model.name}__{n}") for n in [link.name for link in model.links] + [j.name for j in model.joints]}
        for link in model.links:
            _link(robot, link, table[link.name], mesh_dir, prefix=f"{table[link.name]}__")
        weld = sub(robot, "joint", name=names.unique(f"{model.name}__weld"), type="fixed")
        sub(weld, "parent", link=WORLD_LINK)
        sub(weld, "child", link=table[model.links[0].name])
        sub(weld, "origin", xyz=vec((model.pose.x, model.pose.y, model.pose.z)), rpy=vec((0.0, 0.0, math.radians(model.pose.yaw_deg))))
        _joints(robot, model, table.__getitem__)
    _mujoco_hint(robot, mesh_dir)
    return robot


def write_model_urdf(model: Model, path: Path) -> None:
    write_xml(model_urdf(model), path, f"SceneOrchestra export: {model.source} ({model.category}); metres, Z up, model frame")


def write_scene_urdf(models: list[Model], name: str, path: Path) -> None:
    write_xml(scene_urdf(models, name), path, "SceneOrchestra export: the whole scene as one URDF; metres, Z up, world frame")
