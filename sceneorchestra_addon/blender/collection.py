"""The add-on's own collection: everything SceneOrchestra creates lives in it, nothing else is touched.

Each scene has its own: the collection marked with the custom property ``so_root`` (not found by
name, so that a user's collection that happens to be called "SceneOrchestra" is left alone) that is
linked into that scene. A room built in one scene therefore never replaces the room of another
(a "Linked Copy" scene shares its collections, and so its room, by Blender's design). Removal
helpers refuse any object that is not inside the add-on's collection.

A scene of several rooms keeps each room in a child collection of the add-on collection, marked
with ``so_room`` (the room's name); ``room_collections`` finds them and ``remove_room`` deletes one
with everything in it. A one-room scene has no child collections.
"""

from __future__ import annotations

from collections.abc import Iterator

import bpy

COLLECTION_NAME = "SceneOrchestra"
ROOT_PROP = "so_root"
ID_PROP = "so_id"
ROOM_PROP = "so_room"  # on a room's child collection (and its root empty): the room's name


def get_collection(scene: bpy.types.Scene | None = None, create: bool = True) -> bpy.types.Collection | None:
    """The add-on collection of ``scene`` (the current scene by default); created and linked into
    the scene on demand."""
    scene = scene or bpy.context.scene
    coll = find_collection(scene)
    if coll is None and create and scene is not None:
        coll = bpy.data.collections.new(COLLECTION_NAME)
        coll[ROOT_PROP] = True
        scene.collection.children.link(coll)
    return coll


def find_collection(scene: bpy.types.Scene | None = None) -> bpy.types.Collection | None:
    """The add-on collection of ``scene`` (the current scene by default) if it has one: a marked
    collection linked into the scene (never a user's collection of the same name, nor the
    collection of another scene)."""
    scene = scene or bpy.context.scene
    if scene is None:
        return None
    return next((c for c in scene.collection.children_recursive if c.get(ROOT_PROP)), None)


def owns(obj: bpy.types.Object, coll: bpy.types.Collection | None = None) -> bool:
    """True when ``obj`` is inside the add-on collection."""
    coll = coll or find_collection()
    return coll is not None and coll.objects.get(obj.name) == obj


def objects(coll: bpy.types.Collection | None = None) -> list[bpy.types.Object]:
    """Every object inside the add-on collection."""
    coll = coll or find_collection()
    return list(coll.objects) if coll is not None else []


def top_level(coll: bpy.types.Collection | None = None) -> list[bpy.types.Object]:
    """The add-on's objects that have no parent (scene-object empties, the room, lights)."""
    return [o for o in objects(coll) if o.parent is None]


def managed_index(coll: bpy.types.Collection | None = None) -> dict[str, bpy.types.Object]:
    """``so_id`` -> root object (an empty), for every object the add-on built from a SceneState."""
    return {o[ID_PROP]: o for o in objects(coll) if ID_PROP in o}


def descendants(obj: bpy.types.Object) -> Iterator[bpy.types.Object]:
    stack = list(obj.children)
    while stack:
        child = stack.pop()
        yield child
        stack.extend(child.children)


def remove_tree(obj: bpy.types.Object, coll: bpy.types.Collection | None = None) -> int:
    """Delete ``obj``, its descendants and their now unused meshes / lights / cameras; returns the
    number of objects deleted. Raises if any of them lies outside the add-on collection."""
    coll = coll or find_collection()
    doomed = [obj, *descendants(obj)]
    strangers = [o.name for o in doomed if not owns(o, coll)]
    if strangers:
        raise ValueError(f"refusing to delete objects outside the {COLLECTION_NAME!r} collection: {strangers}")
    for o in reversed(doomed):
        _remove_object(o)
    return len(doomed)


def clear(coll: bpy.types.Collection | None = None) -> int:
    """Delete every object of the add-on collection (and only those)."""
    coll = coll or find_collection()
    count = 0
    for obj in top_level(coll):
        count += remove_tree(obj, coll)
    for obj in objects(coll):  # children whose parent lies elsewhere
        _remove_object(obj)
        count += 1
    return count


def _remove_object(obj: bpy.types.Object) -> None:
    data = obj.data
    bpy.data.objects.remove(obj, do_unlink=True)
    if data is None or data.users > 0:
        return
    for kind, pool in ((bpy.types.Mesh, bpy.data.meshes), (bpy.types.Light, bpy.data.lights), (bpy.types.Camera, bpy.data.cameras)):
        if isinstance(data, kind):
            pool.remove(data)
            return


# ---------------------------------------------------------------- the rooms of a suite


def room_collections(coll: bpy.types.Collection | None = None) -> dict[str, bpy.types.Collection]:
    """Room name -> the child collection that holds that room, for a scene of several rooms."""
    coll = coll or find_collection()
    if coll is None:
        return {}
    return {str(c[ROOM_PROP]): c for c in coll.children if ROOM_PROP in c}


def remove_room(coll: bpy.types.Collection, room_coll: bpy.types.Collection) -> int:
    """Delete a room's child collection of ``coll`` with every object in it (and their now unused
    data); returns the number of objects deleted. Raises for a collection that is not a marked
    child of ``coll``."""
    if ROOM_PROP not in room_coll or coll.children.get(room_coll.name) != room_coll:
        raise ValueError(f"refusing to delete {room_coll.name!r}: not a room collection of {coll.name!r}")
    doomed = list(room_coll.objects)
    for obj in doomed:
        _remove_object(obj)
    bpy.data.collections.remove(room_coll)
    return len(doomed)


def remove_rooms(coll: bpy.types.Collection) -> int:
    """Delete every room collection of ``coll`` (none for a one-room scene); returns the number of
    objects deleted."""
    return sum(remove_room(coll, c) for c in room_collections(coll).values())
