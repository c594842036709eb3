"""One PartTree -> Blender objects: an empty per scene object and a mesh object per part.

The empty carries the pose (location, yaw about +Z) and the object's identity as custom properties
(``so_id``, ``so_category``, ``so_params``); each part object sits at the identity relative to its
parent (the empty, or the part it hangs from), so its mesh vertices are exactly the PartTree's
object-frame vertices. Built through ``bpy.data`` only (no operators), which is fast headless.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

import bpy
import numpy as np

from ..assets.materials import part_materials
from ..assets.parttree import Joint, Part, PartTree
from ..ground.state import Pose
from .collection import ID_PROP
from .materials import ensure_material

CATEGORY_PROP = "so_category"
PARAMS_PROP = "so_params"
PART_PROP = "so_part"
JOINT_PROP = "so_joint"
EMPTY_SIZE_M = 0.25


def build_object(
    tree: PartTree,
    object_id: str,
    pose: Pose,
    collection: bpy.types.Collection,
    material_overrides: Iterable[tuple[str, str]] = (),
    name: str | None = None,
) -> bpy.types.Object:
    """Create the objects of ``tree`` in ``collection`` and return the root empty. The empty is
    named ``name`` (``object_id`` by default) and each part ``<name>.<part>``; ``so_id`` is always
    ``object_id``."""
    name = name or object_id
    empty = bpy.data.objects.new(name, None)
    empty.empty_display_type = "PLAIN_AXES"
    empty.empty_display_size = EMPTY_SIZE_M
    collection.objects.link(empty)
    place(empty, pose)
    empty[ID_PROP] = object_id
    empty[CATEGORY_PROP] = tree.category
    empty[PARAMS_PROP] = params_json(tree.params)

    materials = part_materials(tree.parts, material_overrides)
    joints = {j.child: j for j in tree.joints}
    part_objects: dict[str, bpy.types.Object] = {}
    for part in tree.parts:
        obj = _part_object(part, name, materials[part.name], collection)
        if part.name in joints:
            obj[JOINT_PROP] = joint_json(joints[part.name])
        part_objects[part.name] = obj
    by_name = {p.name: p for p in tree.parts}
    for part in tree.parts:
        parent_name = _parent_part(by_name, part)
        part_objects[part.name].parent = part_objects[parent_name] if parent_name else empty
    return empty


def place(obj: bpy.types.Object, pose: Pose) -> None:
    """Set an object's location and yaw from a Pose."""
    obj.location = (pose.x, pose.y, pose.z)
    obj.rotation_euler = (0.0, 0.0, math.radians(pose.yaw_deg))


def pose_matches(obj: bpy.types.Object, pose: Pose, tol: float = 1e-6) -> bool:
    """True when ``obj`` already stands at ``pose``."""
    loc = obj.location
    rot = obj.rotation_euler
    same_place = abs(loc.x - pose.x) <= tol and abs(loc.y - pose.y) <= tol and abs(loc.z - pose.z) <= tol
    dyaw = (rot.z - math.radians(pose.yaw_deg) + math.pi) % (2 * math.pi) - math.pi
    return same_place and abs(rot.x) <= tol and abs(rot.y) <= tol and abs(dyaw) <= tol


def params_json(params: dict) -> str:
    return json.dumps(params, sort_keys=True, default=_plain)


def joint_json(joint: Joint) -> str:
    return json.dumps(
        {
            "name": joint.name,
            "kind": joint.kind,
            "axis": list(joint.axis),
            "origin": list(joint.origin),
            "lower": joint.lower,
            "upper": joint.upper,
            "parent": joint.parent,
        },
        default=_plain,
    )


def _plain(value):
    """JSON fallback for numpy scalars and arrays in generator params."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON-serialisable: {value!r}")


def _part_object(part: Part, base: str, preset: str, collection: bpy.types.Collection) -> bpy.types.Object:
    name = f"{base}.{part.name}"
    mesh = bpy.data.meshes.new(name)
    mesh.from_pydata(np.asarray(part.vertices, dtype=np.float64).tolist(), [], [list(f) for f in part.faces])
    mesh.materials.append(ensure_material(preset))
    obj = bpy.data.objects.new(name, mesh)
    obj[PART_PROP] = part.name
    collection.objects.link(obj)
    return obj


def _parent_part(names: dict[str, Part], part: Part) -> str | None:
    """The part ``part`` hangs from, or None when it hangs from the empty (no parent, an unknown
    parent, or a parent chain that loops)."""
    seen = {part.name}
    current = part.parent
    while current is not None:
        if current not in names or current in seen:
            return None
        seen.add(current)
        current = names[current].parent
    return part.parent
