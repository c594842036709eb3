"""The SDFormat 1.9 world, for Gazebo (Fortress and later) and Drake.

Everything is inline (no ``<include>``), mesh URIs are relative to the world file
(``meshes/<file>``). PyBullet's ``loadSDF`` cannot read this world: it refuses any joint whose
parent is ``world``, and articulated models need that weld here; PyBullet loads ``scene.urdf`` or
the per-object URDFs instead. The world holds a ``<scene>``, the lights (lights.py)
and one ``<model>`` per export model (gravity is SDFormat's default, 0 0 -9.8):

* the room shell (floor and walls with their door and window holes), doors, windows and every
  object without joints: ``<static>1</static>`` (written as 1, which PyBullet reads; SDFormat
  accepts 1 and true), one link, never simulated;
* articulated objects (doors, drawers, lids): non-static models, because Drake allows only fixed
  joints in static models, welded to the world by a fixed joint whose parent is ``world``.

Link poses are given in the model frame; joint poses default to the child link frame, which sits at
the joint origin (model.py), so joints need no pose; axes are expressed in the joint frame, whose
axes are the model's.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

from .lights import LightSpec
from .model import WELD_JOINT, Link, Model
from .xmlbits import num, sub, vec, write_xml

SDF_VERSION = "1.9"


def _pose(parent: ET.Element, xyz, yaw_rad: float = 0.0) -> None:
    sub(parent, "pose", vec((*xyz, 0.0, 0.0, yaw_rad)))


def _material(parent: ET.Element, rgba) -> None:
    mat = sub(parent, "material")
    sub(mat, "ambient", vec(rgba))
    sub(mat, "diffuse", vec(rgba))
    sub(mat, "specular", "0.1 0.1 0.1 1")


def _link(model_el: ET.Element, link: Link, mesh_dir: str) -> None:
    el = sub(model_el, "link", name=link.name)
    _pose(el, link.origin)
    p = link.inertial
    inertial = sub(el, "inertial")
    _pose(inertial, p.com)
    sub(inertial, "mass", num(p.mass))
    tensor = sub(inertial, "inertia")
    i = p.inertia
    for tag, value in (("ixx", i[0, 0]), ("ixy", i[0, 1]), ("ixz", i[0, 2]), ("iyy", i[1, 1]), ("iyz", i[1, 2]), ("izz", i[2, 2])):
        sub(tensor, tag, num(value))
    for v in link.visuals:
        vis = sub(el, "visual", name=f"{v.name}_visual")
        sub(sub(sub(vis, "geometry"), "mesh"), "uri", f"{mesh_dir}/{v.mesh}")
        _material(vis, v.rgba)
    for c in link.collisions:
        col = sub(el, "collision", name=f"{c.name}_collision")
        _pose(col, c.center)
        geom = sub(col, "geometry")
        if c.kind == "mesh":
            sub(sub(geom, "mesh"), "uri", f"{mesh_dir}/{c.mesh}")
        else:
            sub(sub(geom, "box"), "size", vec(c.size))


def model_element(world: ET.Element, model: Model, mesh_dir: str = "meshes") -> ET.Element:
    el = sub(world, "model", name=model.name)
    sub(el, "static", "1" if model.static else "0")
    _pose(el, (model.pose.x, model.pose.y, model.pose.z), math.radians(model.pose.yaw_deg))
    for link in model.links:
        _link(el, link, mesh_dir)
    for j in model.joints:
        joint = sub(el, "joint", name=j.name, type=j.kind)
        sub(joint, "parent", j.parent)
        sub(joint, "child", j.child)
        axis = sub(joint, "axis")
        sub(axis, "xyz", vec(j.axis))
        limit = sub(axis, "limit")
        for tag, value in (("lower", j.lower), ("upper", j.upper), ("effort", j.effort), ("velocity", j.velocity)):
            sub(limit, tag, num(value))
        dynamics = sub(axis, "dynamics")
        sub(dynamics, "damping", num(j.damping))
        sub(dynamics, "friction", num(j.friction))
    if not model.static:
        weld = sub(el, "joint", name=WELD_JOINT, type="fixed")
        sub(weld, "parent", "world")
        sub(weld, "child", model.links[0].name)
    return el


def _light(world: ET.Element, light: LightSpec) -> None:
    el = sub(world, "light", name=light.name, type=light.kind)
    _pose(el, light.position)
    sub(el, "cast_shadows", "true" if light.kind == "directional" else "false")
    sub(el, "intensity", num(light.intensity))
    sub(el, "diffuse", vec((*light.rgb, 1.0)))
    sub(el, "specular", "0.2 0.2 0.2 1")
    att = sub(el, "attenuation")
    sub(att, "range", num(light.range_m))
    sub(att, "constant", "0.9" if light.kind == "directional" else "0.5")
    sub(att, "linear", "0.01" if light.kind == "directional" else "0.1")
    sub(att, "quadratic", "0.001" if light.kind == "directional" else "0.02")
    if light.kind == "directional":
        sub(el, "direction", vec(light.direction))


def world_sdf(models: list[Model], lights: list[LightSpec], name: str, mesh_dir: str = "meshes") -> ET.Element:
    root = ET.Element("sdf", version=SDF_VERSION)
    world = sub(root, "world", name=name)
    scene = sub(world, "scene")
    sub(scene, "ambient", "0.4 0.4 0.4 1")
    sub(scene, "background", "0.7 0.7 0.7 1")
    sub(scene, "shadows", "true")
    for light in lights:
        _light(world, light)
    for model in models:
        model_element(world, model, mesh_dir)
    return root


def write_world(models: list[Model], lights: list[LightSpec], name: str, path: Path) -> None:
    write_xml(world_sdf(models, lights, name), path, "SceneOrchestra export: SDFormat 1.9 world; metres, Z up")
