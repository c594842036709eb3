"""The SDFormat 1.9 world, for Gazebo (Fortress and later) and Drake.

Everything is inline (no ``<include>``), mesh URIs are relative to the world file
(``meshes/<file>``). PyBullet's ``loadSDF`` cannot read this world: it refuses any joint whose
parent is ``world``, and articulated models need that weld here; PyBullet loads ``scene.urdf`` or
the per-object URDFs instead. The world holds a ``<scene>``, the lights (lights.py)
and one ``<model>`` per export model (gravity is SDFormat's default, 0 0 -9.8):

* the room shell (floor and walls with their door and window holes), doors, windows and every
  piece of furniture without joints: ``<static>1</static>`` (written as 1, which PyBullet reads;
  SDFormat accepts 1 and true), one link, never simulated;
* articulated furniture (doors, drawers, lids): non-static models, because Drake allows only fixed
  joints in static models, welded to the world by a fixed joint whose parent is ``world``;
* movable objects (small objects, chairs: model.py): free bodies, non-static models with no joint
  to the world, starting at their pose on their supporter (a laptop keeps its lid hinge).

Contact for Drake: every collision carries ``<drake:proximity_properties>`` (custom elements in the
``drake`` namespace, which other SDFormat readers skip): free bodies are compliant hydroelastic
(``HYDROELASTIC_MODULUS_PA``), everything else rigid hydroelastic. Drake's default point contact
gives one contact point between two boxes, on which a book sinks into a shelf a centimetre in 2 s;
with hydroelastic contact it rests still.

Link poses are given in the model frame; joint poses default to the child link frame, which sits at
the joint origin (model.py), so joints need no pose; axes are expressed in the joint frame, whose
axes are the model's. Collision boxes carry their own rotation (roll, pitch, yaw in the link frame).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

from .lights import LightSpec
from .model import WELD_JOINT, Link, Model
from .xmlbits import num, sub, vec, write_xml

SDF_VERSION = "1.9"
DRAKE_NS = "http://drake.mit.edu"
HYDROELASTIC_MODULUS_PA = 1e7  # free bodies' compliant hydroelastic contact in Drake (a hard plastic's feel)
HUNT_CROSSLEY_DISSIPATION_S_M = 3.0


def _pose(parent: ET.Element, xyz, rpy=(0.0, 0.0, 0.0)) -> None:
    sub(parent, "pose", vec((*xyz, *rpy)))


def _material(parent: ET.Element, rgba) -> None:
    mat = sub(parent, "material")
    sub(mat, "ambient", vec(rgba))
    sub(mat, "diffuse", vec(rgba))
    sub(mat, "specular", "0.1 0.1 0.1 1")


def _drake_contact(collision: ET.Element, compliant: bool) -> None:
    props = sub(collision, "drake:proximity_properties")
    sub(props, "drake:compliant_hydroelastic" if compliant else "drake:rigid_hydroelastic")
    if compliant:
        sub(props, "drake:hydroelastic_modulus", num(HYDROELASTIC_MODULUS_PA))
        sub(props, "drake:hunt_crossley_dissipation", num(HUNT_CROSSLEY_DISSIPATION_S_M))


def _link(model_el: ET.Element, link: Link, mesh_dir: str, free: bool = False) -> None:
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
        _pose(col, c.center, c.rpy)
        geom = sub(col, "geometry")
        if c.kind == "mesh":
            mesh = sub(geom, "mesh")
            sub(mesh, "uri", f"{mesh_dir}/{c.mesh}")
            if free:  # Drake makes compliant meshes only of convex ones (the simulators use the hull anyway)
                sub(mesh, "drake:declare_convex")
        else:
            sub(sub(geom, "box"), "size", vec(c.size))
        _drake_contact(col, free)


def model_element(world: ET.Element, model: Model, mesh_dir: str = "meshes") -> ET.Element:
    el = sub(world, "model", name=model.name)
    sub(el, "static", "1" if model.static else "0")
    _pose(el, (model.pose.x, model.pose.y, model.pose.z), (0.0, 0.0, math.radians(model.pose.yaw_deg)))
    for link in model.links:
        _link(el, link, mesh_dir, model.free)
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
    if not model.static and not model.free:
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
    root = ET.Element("sdf", {"version": SDF_VERSION, "xmlns:drake": DRAKE_NS})
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
