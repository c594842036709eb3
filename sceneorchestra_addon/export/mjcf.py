"""MJCF for MuJoCo (``scene.xml``): the same models as the SDF world, as nested bodies.

* ``<compiler meshdir="meshes/">`` (MuJoCo looks meshes up by bare file name), angles in radians;
* every model is a body at its pose under ``<worldbody>``; a body without joints is welded to its
  parent, so static models and the base of articulated ones do not move; the base body of a free
  model (small objects, chairs: model.py) has a ``<freejoint>`` and rests on its supporter;
* each moving link is a child body at its joint origin with a ``hinge`` or ``slide`` joint (range,
  damping, frictionloss: enough to hold the link against gravity, ``model._holding``) and an explicit
  ``<inertial>``; joint limits and dry friction are stiff (``solreflimit``, ``solreffriction`` at
  twice the time step), so a door stops at its limit and stays where it is left;
* visuals are mesh geoms in group 2 that never collide; collision shapes are geoms in group 3 (boxes
  with their own ``quat`` in the body frame) with no mass of their own (the bodies' inertials carry
  the mass); contacts between a moving body and the body its joint hangs from are excluded (MuJoCo
  would otherwise collide a door with its world-welded carcass).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

from .lights import LightSpec
from .model import GRAVITY, Link, Model
from .writer import NameTable
from .xmlbits import num, sub, vec, write_xml

MJCF_JOINT = {"revolute": "hinge", "prismatic": "slide"}
TIMESTEP_S = 0.002


def _quat_yaw(yaw_rad: float) -> str:
    return vec((math.cos(yaw_rad / 2.0), 0.0, 0.0, math.sin(yaw_rad / 2.0)))


def _body_content(body: ET.Element, link: Link) -> None:
    p = link.inertial
    i = p.inertia
    sub(body, "inertial", pos=vec(p.com), mass=num(p.mass), fullinertia=vec((i[0, 0], i[1, 1], i[2, 2], i[0, 1], i[0, 2], i[1, 2])))
    for v in link.visuals:
        sub(body, "geom", name=f"{body.get('name')}__{v.name}", class_="visual", mesh=v.mesh.rsplit(".", 1)[0], material=v.material)
    for c in link.collisions:
        name = f"{body.get('name')}__{c.name}"
        if c.kind == "mesh":
            sub(body, "geom", name=name, class_="collision", type="mesh", mesh=c.mesh.rsplit(".", 1)[0])
        else:
            geom = sub(body, "geom", name=name, class_="collision", type="box", pos=vec(c.center), size=vec(s / 2.0 for s in c.size))
            if c.rotated:
                geom.set("quat", vec(c.quat))


def _model_bodies(worldbody: ET.Element, contact: ET.Element, model: Model, names: NameTable) -> None:
    base = model.links[0]
    body_names = {base.name: names.unique(model.name)}
    for link in model.links[1:]:
        body_names[link.name] = names.unique(f"{model.name}__{link.name}")
    bodies = {base.name: sub(worldbody, "body", name=body_names[base.name], pos=vec((model.pose.x, model.pose.y, model.pose.z)),
                             quat=_quat_yaw(math.radians(model.pose.yaw_deg)))}
    if model.free:
        sub(bodies[base.name], "freejoint", name=names.unique(f"{model.name}__free"))
    _body_content(bodies[base.name], base)
    pending = list(model.joints)
    while pending:
        ready = [j for j in pending if j.parent in bodies]
        if not ready:
            raise ValueError(f"{model.name}: joints {[j.name for j in pending]} hang from links that no joint chain reaches")
        for j in ready:
            body = sub(bodies[j.parent], "body", name=body_names[j.child], pos=vec(j.origin))
            sub(body, "joint", name=names.unique(f"{model.name}__{j.name}"), type=MJCF_JOINT[j.kind], axis=vec(j.axis),
                range=vec((j.lower, j.upper)), damping=num(j.damping), frictionloss=num(j.friction))
            _body_content(body, model.link(j.child))
            bodies[j.child] = body
            sub(contact, "exclude", body1=body_names[j.parent], body2=body_names[j.child])
            pending.remove(j)


def _light(worldbody: ET.Element, light: LightSpec) -> None:
    """Directional lights as such; point lights as wide spot lights shining down (attributes every
    MuJoCo from 2.x on reads; MuJoCo's spot ``cutoff`` is in degrees whatever the angle unit)."""
    rgb = vec(min(c * light.intensity, 1.0) for c in light.rgb)
    if light.kind == "directional":
        sub(worldbody, "light", name=light.name, directional="true", pos=vec(light.position), dir=vec(light.direction), diffuse=rgb, castshadow="true")
    else:
        sub(worldbody, "light", name=light.name, pos=vec(light.position), dir="0 0 -1", cutoff="80", diffuse=rgb, castshadow="false",
            attenuation="0.5 0.1 0.02")


def scene_mjcf(models: list[Model], lights: list[LightSpec], name: str, mesh_dir: str = "meshes") -> ET.Element:
    root = ET.Element("mujoco", model=name)
    sub(root, "compiler", angle="radian", meshdir=f"{mesh_dir}/", autolimits="true", inertiafromgeom="false")
    sub(root, "option", timestep=num(TIMESTEP_S), gravity=vec((0.0, 0.0, -GRAVITY)))
    defaults = sub(root, "default")
    # stiff joint limits and dry friction (MuJoCo's defaults are soft: a falling oven door overshot
    # its limit by 5 degrees, a laptop lid crept 20 degrees in 10 s); time constants at twice the
    # step, the least MuJoCo integrates stably
    stiff = f"{num(2 * TIMESTEP_S)} 1"
    sub(defaults, "joint", solreflimit=stiff, solimplimit="0.99 0.999 0.001", solreffriction=stiff, solimpfriction="0.99 0.999 0.001")
    sub(sub(defaults, "default", class_="visual"), "geom", type="mesh", contype="0", conaffinity="0", group="2", density="0")
    sub(sub(defaults, "default", class_="collision"), "geom", group="3", density="0", rgba="0.5 0.5 0.5 0.3")
    asset = sub(root, "asset")
    materials = {v.material: v.rgba for m in models for link in m.links for v in link.visuals}
    for mat, rgba in sorted(materials.items()):
        sub(asset, "material", name=mat, rgba=vec(rgba))
    for m in models:
        for mesh in m.meshes:
            sub(asset, "mesh", name=mesh.name.rsplit(".", 1)[0], file=mesh.name)
    worldbody = sub(root, "worldbody")
    contact = ET.Element("contact")
    for light in lights:
        _light(worldbody, light)
    names = NameTable(reserved=("world",))
    for model in models:
        _model_bodies(worldbody, contact, model, names)
    if len(contact):
        root.append(contact)
    return root


def write_mjcf(models: list[Model], lights: list[LightSpec], name: str, path: Path) -> None:
    write_xml(scene_mjcf(models, lights, name), path, "SceneOrchestra export: MJCF for MuJoCo; metres, Z up")
