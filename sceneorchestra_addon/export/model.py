"""The simulator-neutral description of an export: models, links, joints, shapes and mesh files.

One :class:`Model` per scene object, per door or window in an opening, and one for the room shell.
The URDF, SDFormat and MJCF writers only serialise these; every geometric decision is made here.

Links and frames:

* a model's frame is its object frame (origin at the centre of the footprint at the lowest point,
  front facing -Y); its pose in the world is the object's pose (position, yaw about +Z);
* parts that no joint moves form the ``base`` link, whose frame is the model frame;
* each joint's child part starts a link whose frame sits at the joint origin, axes parallel to the
  model's; parts hanging from a moving part (handles, a door's window) ride in the same link;
* a joint's origin is given relative to its parent link, its axis in the (shared) link axes; limits
  are radians for revolute and metres for prismatic joints, modelled pose 0 (closed);
* mesh vertices are re-expressed in their link frame (``vertices - link origin``).

Collision shapes (``collision``): ``"boxes"`` gives one box per connected piece of each part, fitted
to the piece's own orientation (``boxes.fit_box``: a tilted laptop lid gets a thin tilted box, an
axis-aligned panel its bounds; a carcass of seven panels gets seven boxes, so shelves and drawers
stay free), posed (centre and rotation) in the link frame; ``"parts"`` gives each piece as its own
convex mesh file (simulators use its convex hull), with a box for pieces too flat to have a hull. Moving links always get boxes, and these are inset by
``MOVING_INSET_M`` on every side so that closed doors and drawers do not rest in contact with their
carcass (MuJoCo collides a moving body with its world-welded parent).

Masses (``inertia.py``): each piece as its material family, preset, part name and category say it is
made (solid, a hollow skin, upholstery, one bent sheet), plus a part's hidden contents.

Static, welded or free (``scene_models(weld_movable=...)``):

* movable objects (``catalog.Category.movable``: every small object standing on a supporter, and
  the loose floor items people carry or push aside, such as chairs, stools and a bin) are free
  bodies: dynamic, not welded, resting where they were generated (a laptop or a microwave keeps its
  hinge). They start in contact without overlap: no collision box reaches below an object's
  lowest point, above its support surfaces or outside its bounding box (which the layout packs
  neighbours against), and supporters' boxes end exactly at their support surfaces. A loose floor
  item that the layout left standing on the floor through a rug (it may overlap rugs) would start
  inside the rug, so it stays welded;
* other objects without joints (furniture), the room shell, doors and windows are static (welded,
  never simulated), so a generated room keeps its layout;
* other articulated objects (doors, drawers, lids) are dynamic models welded to the world with a
  fixed joint;
* ``weld_movable=True`` treats movable objects as furniture: a fully static scene (the export of
  earlier versions).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from ..assets.materials import MATERIALS, part_materials
from ..assets.parttree import Joint, Part, PartTree
from ..assets.room_shell import build_room_shell
from ..assets.shapes import tree_of
from ..core.solver.world import box_of, is_flat_covering
from ..ground.catalog import BY_NAME as CATEGORY
from ..ground.geometry import boxes_overlap, opening_pose
from ..ground.state import Pose, SceneState
from . import inertia
from .boxes import Limits, fit_box, grown, quaternion, rpy
from .meshes import MeshFile, components, piece_faces, triangles
from .writer import NameTable

COLLISIONS = ("boxes", "parts")
BASE_LINK = "base"
MOVING_INSET_M = 0.002
MIN_BOX_M = 0.002  # thinner pieces get boxes (and hulls) at least this thick
EFFORT = {"revolute": 50.0, "prismatic": 200.0}  # N m, N
VELOCITY = {"revolute": 3.0, "prismatic": 1.0}  # rad/s, m/s
ROOM_MODEL = "room"
WELD_JOINT = "weld_to_world"  # the fixed joint of an articulated model to the world (SDFormat)


@dataclass(frozen=True)
class Visual:
    name: str  # sanitised, unique in its link
    part: str  # the PartTree part it shows
    mesh: str  # file name inside meshes/
    material: str  # preset name
    rgba: tuple[float, float, float, float]  # sRGB, 0..1


_NO_TURN = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


@dataclass(frozen=True)
class Collision:
    name: str
    kind: str  # "box" | "mesh"
    center: tuple[float, float, float]  # link frame (box centre; zero for meshes)
    size: tuple[float, float, float]  # full box size along its own axes (the piece's fitted box for meshes)
    mesh: str = ""  # file name inside meshes/ for kind "mesh"
    rotation: tuple[tuple[float, float, float], ...] = _NO_TURN  # the box axes (columns) in the link frame

    @property
    def rotated(self) -> bool:
        return self.rotation != _NO_TURN

    @property
    def rpy(self) -> tuple[float, float, float]:
        """Roll, pitch, yaw of the box in the link frame (URDF ``<origin rpy>``, SDFormat ``<pose>``)."""
        return rpy(np.asarray(self.rotation)) if self.rotated else (0.0, 0.0, 0.0)

    @property
    def quat(self) -> tuple[float, float, float, float]:
        """(w, x, y, z) of the box in the link frame (MJCF ``quat``)."""
        return quaternion(np.asarray(self.rotation)) if self.rotated else (1.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Link:
    name: str
    origin: tuple[float, float, float]  # in the model frame
    visuals: tuple[Visual, ...]
    collisions: tuple[Collision, ...]
    inertial: inertia.MassProps
    parts: tuple[str, ...]  # the PartTree parts it carries


@dataclass(frozen=True)
class JointSpec:
    name: str
    kind: str  # "revolute" | "prismatic"
    parent: str
    child: str
    origin: tuple[float, float, float]  # relative to the parent link frame
    axis: tuple[float, float, float]
    lower: float
    upper: float
    damping: float
    friction: float
    effort: float
    velocity: float


@dataclass(frozen=True)
class Model:
    name: str  # sanitised, unique in the export
    source: str  # the scene object's id, the opening's id, or "room"
    kind: str  # "object" | "opening" | "room"
    category: str
    pose: Pose
    static: bool  # welded and never simulated (no joints, not free)
    links: tuple[Link, ...]  # the base link first
    joints: tuple[JointSpec, ...]
    meshes: tuple[MeshFile, ...]
    free: bool = False  # a free body: dynamic and not welded to the world (movable objects)

    @property
    def articulated(self) -> bool:
        return bool(self.joints)

    def link(self, name: str) -> Link:
        return next(link for link in self.links if link.name == name)


def srgb(rgba: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Linear RGBA (Blender's base colours) to display sRGB, which the simulators' viewers expect."""
    out = []
    for c in rgba[:3]:
        c = min(max(float(c), 0.0), 1.0)
        out.append(12.92 * c if c <= 0.0031308 else 1.055 * c ** (1.0 / 2.4) - 0.055)
    return (round(out[0], 4), round(out[1], 4), round(out[2], 4), float(rgba[3]))


def link_of_parts(tree: PartTree) -> dict[str, str]:
    """Part name -> the joint child part that starts its link (``BASE_LINK`` for unmoved parts)."""
    movers = {j.child for j in tree.joints}
    by_name = {p.name: p for p in tree.parts}
    owner: dict[str, str] = {}
    for part in tree.parts:
        current, seen = part.name, set()
        while current is not None and current not in movers and current in by_name and current not in seen:
            seen.add(current)
            current = by_name[current].parent
        owner[part.name] = current if current in movers else BASE_LINK
    return owner


# ---------------------------------------------------------------- one model


@dataclass
class _MeshSink:
    """Collects the mesh files of one model; file names are unique across the whole export."""

    model: str
    names: NameTable
    collision: str
    mesh_format: str
    files: list[MeshFile] = field(default_factory=list)

    def add(self, label: str, vertices: np.ndarray, faces: tuple, note: str = "") -> str:
        name = self.names.unique(f"{self.model}__{label}") + f".{self.mesh_format}"
        self.files.append(MeshFile(name, vertices, faces, f"{self.model}.{label}{note}"))
        return name


def model_of(
    tree: PartTree,
    name: str,
    source: str,
    kind: str,
    pose: Pose,
    meshes: NameTable,
    overrides: Iterable[tuple[str, str]] = (),
    collision: str = "boxes",
    mesh_format: str = "obj",
    free: bool = False,
) -> Model:
    """The export model of one PartTree (see the module docstring for frames and shapes);
    ``meshes`` hands out the mesh file names of the whole export; ``free`` makes it a free body."""
    owner = link_of_parts(tree)
    joints = {j.child: j for j in tree.joints}
    materials = part_materials(tree.parts, overrides)
    local = NameTable(reserved=("world", WELD_JOINT))
    link_names = {BASE_LINK: local.unique(BASE_LINK)}
    for child in joints:
        link_names[child] = local.unique(child)
    origins = {BASE_LINK: np.zeros(3), **{child: np.asarray(j.origin, dtype=np.float64) for child, j in joints.items()}}
    sink = _MeshSink(name, meshes, collision, mesh_format)
    lo, hi = tree.bounds()
    planes = np.array([lo[2], *sorted({float(surface.z) for surface in tree.surfaces})])  # the bottom and the support surfaces
    links = []
    for key in link_names:
        parts = [p for p in tree.parts if owner[p.name] == key]
        if not parts and key == BASE_LINK and tree.joints:
            links.append(_empty_link(link_names[key]))
        else:
            limits = Limits((lo - origins[key], hi - origins[key]), tuple(float(z) for z in planes - origins[key][2]))
            links.append(_link(link_names[key], origins[key], parts, materials, sink, moving=key != BASE_LINK, category=tree.category, limits=limits))
    specs = tuple(_holding(_joint(j, local.unique(j.name), link_names, origins, owner), links) for j in tree.joints)
    return Model(name, source, kind, tree.category, pose, not specs and not free, tuple(links), specs, tuple(sink.files), free)


def _link(name: str, origin: np.ndarray, parts: list[Part], materials: dict[str, str], sink: _MeshSink, moving: bool, category: str,
          limits: Limits) -> Link:
    """One link: a visual mesh per part, a collision shape and mass properties per piece (each
    part built as its material, name and category say: ``inertia.build_of``); ``limits``: where
    its collision boxes may reach (``boxes.Limits``)."""
    visuals, shapes, masses = [], [], []
    geometry_names = NameTable()
    for part in parts:
        verts = np.asarray(part.vertices, dtype=np.float64) - origin
        preset = MATERIALS[materials[part.name]]
        build = inertia.build_of(preset.family, preset.name, part.name, category)
        mesh_name = sink.add(part.name, verts, part.faces)
        visuals.append(Visual(geometry_names.unique(part.name), part.name, mesh_name, preset.name, srgb(preset.base_color)))
        for k, (ids, faces) in enumerate(_pieces(part)):
            piece, tris = verts[ids], triangles(faces)
            masses.append(inertia.piece_props(piece, tris, preset.density_kg_m3, part.closed, build))
            shapes.append(_shape(geometry_names.unique(f"{part.name}_c{k}"), piece, faces, tris, moving, sink, limits))
        hidden = inertia.contents_props(verts, build)
        if hidden is not None:
            masses.append(hidden)
    props = inertia.consistent(inertia.combine(masses))
    return Link(name, tuple(float(x) for x in origin), tuple(visuals), tuple(shapes), props, tuple(p.name for p in parts))


def _empty_link(name: str) -> Link:
    """A base link with no parts (every part moves): a small nominal mass keeps simulators happy."""
    props = inertia.consistent(inertia.box_props(np.full(3, -0.01), np.full(3, 0.01), inertia.MIN_MASS_KG))
    return Link(name, (0.0, 0.0, 0.0), (), (), props, ())


@lru_cache(maxsize=4096)
def _pieces_cached(faces: tuple, n: int) -> tuple[tuple[np.ndarray, tuple], ...]:
    return tuple((ids, piece_faces(faces, ids)) for ids in components(faces, n))


def _pieces(part: Part) -> tuple[tuple[np.ndarray, tuple], ...]:
    """(vertex ids, re-indexed faces) of each connected piece of a part."""
    return _pieces_cached(part.faces, len(part.vertices))


def _shape(name: str, piece: np.ndarray, faces: tuple, tris: np.ndarray, moving: bool, sink: _MeshSink, limits: Limits) -> Collision:
    """The collision shape of one piece (link frame): a box fitted to the piece's own orientation
    (inset on moving links; within ``limits``), or with "parts" collisions the piece itself as a
    convex mesh file."""
    box = fit_box(piece, tris, limits)
    flat = float(box.size.min()) < MIN_BOX_M
    box = grown(box, piece, MIN_BOX_M, limits)
    extent = box.size
    if moving:
        extent = extent - 2.0 * np.minimum(MOVING_INSET_M, (extent - MIN_BOX_M) / 2.0)
    size = tuple(float(x) for x in extent)
    if sink.collision == "parts" and not flat and not moving:  # moving links keep their inset boxes
        return Collision(name, "mesh", (0.0, 0.0, 0.0), size, sink.add(name, piece, faces, " (collision)"))
    rotation = tuple(tuple(float(x) for x in row) for row in box.rotation) if box.rotated else _NO_TURN
    return Collision(name, "box", tuple(float(x) for x in box.center), size, rotation=rotation)


HOLD_MARGIN = 1.25  # a joint's friction holds this much more than the largest gravity torque on what it carries
GRAVITY = 9.81


def _holding(spec: JointSpec, links: list[Link]) -> JointSpec:
    """The joint with friction enough to hold what it carries against gravity wherever it is left
    (an oven door half open, a laptop lid): ``HOLD_MARGIN`` times the largest gravity torque the
    child link's mass exerts about a revolute axis (none about a vertical one), or force along a
    prismatic axis (none along a horizontal one), and never less than the part tree's own friction.
    Links riding on the child (a door's window) are in the child's link already."""
    child = next((link for link in links if link.name == spec.child), None)
    if child is None:
        return spec
    axis = np.asarray(spec.axis, dtype=np.float64)
    m = float(child.inertial.mass)
    if spec.kind == "revolute":
        com = np.asarray(child.inertial.com, dtype=np.float64)  # link frame: origin on the axis
        arm = float(np.linalg.norm(com - (com @ axis) * axis))
        load = m * GRAVITY * arm * math.sqrt(max(0.0, 1.0 - axis[2] ** 2))
    else:
        load = m * GRAVITY * abs(float(axis[2]))
    return replace(spec, friction=max(spec.friction, round(HOLD_MARGIN * load, 4)))


def _joint(joint: Joint, name: str, link_names: dict[str, str], origins: dict[str, np.ndarray], owner: dict[str, str]) -> JointSpec:
    parent_key = owner.get(joint.parent, BASE_LINK)
    relative = np.asarray(joint.origin, dtype=np.float64) - origins[parent_key]
    axis = np.asarray(joint.axis, dtype=np.float64)
    axis = axis / (np.linalg.norm(axis) or 1.0)
    return JointSpec(
        name, joint.kind, link_names[parent_key], link_names[joint.child],
        tuple(float(x) for x in relative), tuple(float(round(x, 9)) for x in axis),
        float(joint.lower), float(joint.upper), float(joint.damping), float(joint.friction),
        EFFORT[joint.kind], VELOCITY[joint.kind],
    )


# ---------------------------------------------------------------- the scene


def scene_models(state: SceneState, include_room: bool = True, collision: str = "boxes", mesh_format: str = "obj",
                 reserved: tuple[str, ...] = (), weld_movable: bool = False, prefix: str = "",
                 names: NameTable | None = None, meshes: NameTable | None = None) -> list[Model]:
    """Every model of the export: the room shell, its doors and windows (when ``include_room``
    and the state has a room), then the scene objects in state order. Movable objects are free
    bodies unless ``weld_movable`` (see the module docstring). Poses are in the room's frame.

    ``prefix`` goes before every model name (and so every mesh file name); ``names`` and
    ``meshes`` hand out model and mesh file names when several rooms share one export (each
    room's call then draws from the same tables, so nothing is named twice)."""
    names = NameTable(reserved=reserved) if names is None else names
    meshes = NameTable() if meshes is None else meshes
    free = set() if weld_movable else free_objects(state)
    out: list[Model] = []
    opts = {"collision": collision, "mesh_format": mesh_format}
    if include_room and state.room is not None:
        shell = build_room_shell(state.room, state.openings)
        out.append(model_of(shell, names.unique(prefix + ROOM_MODEL), ROOM_MODEL, "room", Pose(0.0, 0.0, 0.0, 0.0), meshes, **opts))
        for op in state.openings:
            if op.params:
                out.append(model_of(tree_of(op.params), names.unique(prefix + op.id), op.id, "opening", opening_pose(state.room, op), meshes, **opts))
    for obj in state.objects:
        out.append(model_of(tree_of(obj.params), names.unique(prefix + obj.id), obj.id, "object", obj.pose, meshes, obj.material_overrides, **opts,
                            free=obj.id in free))
    return out


def free_objects(state: SceneState) -> set[str]:
    """Ids of the objects exported as free bodies: the movable ones, less the floor items standing
    through a rug (their boxes overlap a flat covering's: they would start inside it)."""
    rugs = [box_of(o) for o in state.objects if is_flat_covering(o.category)]
    return {o.id for o in state.objects
            if CATEGORY[o.category].movable and (o.surface or not any(boxes_overlap(box_of(o), rug) for rug in rugs))}


def pose_matrix(pose: Pose) -> np.ndarray:
    """The 4x4 transform of a pose (translation, yaw about +Z)."""
    t = math.radians(pose.yaw_deg)
    c, s = math.cos(t), math.sin(t)
    return np.array([[c, -s, 0.0, pose.x], [s, c, 0.0, pose.y], [0.0, 0.0, 1.0, pose.z], [0.0, 0.0, 0.0, 1.0]])


def manifest_entry(model: Model, urdf_file: str) -> dict:
    """What the manifest says about one model (for scripts that load per-object URDFs)."""
    return {
        "name": model.name,
        "source": model.source,
        "kind": model.kind,
        "category": model.category,
        "urdf": urdf_file,
        "static": model.static,
        "free": model.free,
        "pose": {"xyz": [model.pose.x, model.pose.y, model.pose.z], "yaw_rad": math.radians(model.pose.yaw_deg)},
        "links": [{"name": link.name, "origin": list(link.origin), "parts": list(link.parts), "mass_kg": round(link.inertial.mass, 6)} for link in model.links],
        "joints": [{"name": j.name, "type": j.kind, "parent": j.parent, "child": j.child, "lower": j.lower, "upper": j.upper, "axis": list(j.axis),
                    "damping": j.damping, "friction": j.friction}
                   for j in model.joints],
        "meshes": {v.part: v.mesh for link in model.links for v in link.visuals},
    }
