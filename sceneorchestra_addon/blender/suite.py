"""A scene of several rooms (``ground.suite.SuiteState``) in Blender: every room built as a one-room
scene is, each in its own child collection, placed by the plan.

Layout in the file. The add-on collection of the scene holds one child collection per room, named
after the room and marked with ``so_room`` (the room's name; found by the mark, not by the name).
Each room collection holds the room's root empty (named after the room, also marked ``so_room``)
standing at ``suite.origin(name)``, the room frame's origin in the plan frame, and everything
``sync.sync_collection`` builds for the room's ``SceneState``: shell, doors and windows, objects,
lights. Every top-level object of the room (an object's empty, the shell, an opening, the room
light) is parented to the root empty, so its location and yaw stay exactly the pose of the room's
own state; only the root empty carries the plan's offset.

Why a parent empty rather than offset poses: ``sync_collection`` compares each object's pose and
geometry hash with the room's state, so keeping the poses in the room's frame lets the incremental
update work per room unchanged (moving an object in one room moves one empty, and the other rooms
are not touched at all); a room whose place in the plan changes moves with its root empty alone.

Names. Blender object names are unique across rooms: every object of a room is named
``<room>.<id>`` (parts ``<room>.<id>.<part>``, the room light ``<room>.light``), while ``so_id``
stays the room state's id. The suite JSON and the trajectory are stored on the add-on collection
like a one-room scene's (``sync.store_state``), and ``sync.load_stored`` gives the ``SuiteState``
back. The preview shows the whole plan, with each room's name at its centre in the top view.
"""

from __future__ import annotations

import os
from pathlib import Path

import bpy

from ..ground.suite import SuiteState
from .collection import ID_PROP, ROOM_PROP, clear, get_collection, managed_index, remove_room, room_collections
from .build import PART_PROP
from .render import render_preview
from .sync import KIND_PROP, TreeFn, sync_collection

ROOT_EMPTY_SIZE_M = 0.5
EPS_M = 1e-6


def room_prefix(name: str) -> str:
    """The prefix of every Blender object name of room ``name``."""
    return f"{name}."


def sync_suite(suite: SuiteState, trees: TreeFn | None = None, scene: bpy.types.Scene | None = None) -> dict[str, int]:
    """Make the add-on collection of ``scene`` (the current scene by default) match ``suite``, room by
    room and incrementally; returns the {"created", "updated", "removed"} counts summed over the
    rooms (a room's collection deleted counts each of its scene objects as removed). A one-room
    scene built there before is deleted first."""
    coll = get_collection(scene)
    counts = {"created": 0, "updated": 0, "removed": 0}
    if len(coll.objects):  # a one-room scene (or leftovers) directly in the add-on collection
        counts["removed"] += len(managed_index(coll))
        clear(coll)
    existing = room_collections(coll)
    for name, room_coll in existing.items():
        if not suite.has(name):
            counts["removed"] += len(managed_index(room_coll))
            remove_room(coll, room_coll)
    for name, state in suite.rooms:
        room_coll = existing.get(name)
        if room_coll is None:
            room_coll = _new_room_collection(coll, name)
        root = _room_root(room_coll, name)
        ox, oy = suite.origin(name)
        root.location = (ox, oy, 0.0)
        for obj in room_coll.objects:  # e.g. after the root empty was deleted by hand
            if obj.parent is None and obj != root:
                obj.parent = root
        for key, n in sync_collection(state, room_coll, trees, room_prefix(name), root).items():
            counts[key] += n
    return counts


def room_root(room_coll: bpy.types.Collection) -> bpy.types.Object | None:
    """The root empty of a room collection (the parent of everything built for the room)."""
    return next((o for o in room_coll.objects if ROOM_PROP in o and o.type == "EMPTY" and o.parent is None), None)


def _new_room_collection(coll: bpy.types.Collection, name: str) -> bpy.types.Collection:
    room_coll = bpy.data.collections.new(name)
    room_coll[ROOM_PROP] = name
    coll.children.link(room_coll)
    return room_coll


def _room_root(room_coll: bpy.types.Collection, name: str) -> bpy.types.Object:
    root = room_root(room_coll)
    if root is None:
        root = bpy.data.objects.new(name, None)
        root.empty_display_type = "PLAIN_AXES"
        root.empty_display_size = ROOT_EMPTY_SIZE_M
        root[ROOM_PROP] = name
        room_coll.objects.link(root)
    return root


# ---------------------------------------------------------------- the preview


def render_suite_preview(suite: SuiteState, path: str | os.PathLike, resolution: int = 640) -> Path:
    """``render.render_preview`` of a built suite: the whole plan, the footprint's south and west
    exterior walls (and the doors and windows in them) hidden in the perspective view, and each
    room's name written at the centre of its rectangle in the top view."""
    labels = [((r.rect.x0 + r.rect.x1) / 2, (r.rect.y0 + r.rect.y1) / 2, r.name) for r in suite.plan.rooms]
    return render_preview(path, resolution=resolution, near_wall=_near_wall_of(suite), top_labels=labels)


def _near_wall_of(suite: SuiteState):
    """The perspective view's hidden objects: the wall pieces of the footprint's south and west
    exterior walls and the doors and windows standing in them."""
    fp = suite.plan.footprint
    south = {r.name for r in suite.plan.rooms if r.rect.y0 <= fp.y0 + EPS_M}
    west = {r.name for r in suite.plan.rooms if r.rect.x0 <= fp.x0 + EPS_M}

    def near_wall(obj: bpy.types.Object) -> bool:
        managed = obj
        while managed is not None and ID_PROP not in managed:
            managed = managed.parent
        if managed is None or managed is obj or managed.parent is None:
            return False
        room = managed.parent.get(ROOM_PROP)
        if managed.get(ID_PROP) == "room":
            part = str(obj.get(PART_PROP, ""))
            return (room in south and part.startswith("wall_south")) or (room in west and part.startswith("wall_west"))
        if managed.get(KIND_PROP) == "opening":  # doors and windows stand in their wall, outside the interior
            return (room in south and managed.location.y < 0.0) or (room in west and managed.location.x < 0.0)
        return False

    return near_wall
