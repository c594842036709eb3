"""What the user did by hand to the generated objects, as tool calls.

A Blender user moves, turns or deletes generated objects in the viewport as they would any other.
The trajectory is the scene's program, so such an edit is not undone by the next panel action:
before each one (and before an export) the session records it as calls, added before
``terminate`` like the calls of the tool operators:

- an object whose top-level empty was deleted: ``remove_object(target=...)`` (what stands on it goes
  with it, as the tool removes it);
- an empty moved on the floor plan (x, y) by more than ``MOVE_TOLERANCE_M``:
  ``move_object(target=..., dx_m=..., dy_m=...)`` (to the millimetre; what stands on it moves along);
- an empty turned about the vertical by more than ``TURN_TOLERANCE_DEG``:
  ``update_rotation(target=..., yaw_deg=...)``.

Height and tilt are the solver's business (what stands on the floor stands on the floor), so a
change of z or a tilt alone is no edit: the next sync puts the object back on its support. The
tools check an edit as they check any call: a hand move into another object is recorded as a
failed call with the reason, and the object goes back to where the trajectory has it.

In a scene of several rooms each room's objects are read against the room's own state (their
empties stand in the room's frame, under the room's root empty), and each call names its room
(``room="bedroom_0"``, the first argument). Moving a room's root empty moves no object of the
room: it is no edit, and the next change puts the room back where the plan has it.

The room is *deleted* when the scene no longer has the add-on collection, or when the collection
has none of the objects the add-on built (the user selected all of it and deleted it): the session
then forgets the trajectory, as "Clear Room" does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from ..core import trajectory as T
from ..ground.state import SceneObject, SceneState

MOVE_TOLERANCE_M = 1e-3
TURN_TOLERANCE_DEG = 0.1


def room_deleted(index: Mapping[str, object] | None, state: SceneState) -> bool:
    """The user deleted the whole room: no add-on collection (``index`` None), or a collection
    without any object the add-on built for ``state``."""
    if index is None:
        return True
    built = {o.id for o in state.objects} | {op.id for op in state.openings} | ({"room"} if state.room is not None else set())
    return bool(built) and not built & set(index)


def _call(tool: str, room: str | None = None, **args) -> str:
    pairs = ((T.ROOM_ARG, room),) if room is not None else ()
    return T.format_call(T.Call(1, tool, pairs + tuple(args.items())))


def moved(obj: SceneObject, empty) -> bool:
    """``empty`` stands elsewhere on the floor plan than ``obj``'s pose (beyond the tolerance)."""
    return max(abs(float(empty.location.x) - obj.pose.x), abs(float(empty.location.y) - obj.pose.y)) > MOVE_TOLERANCE_M


def turned(obj: SceneObject, empty) -> bool:
    """``empty`` is turned about the vertical from ``obj``'s pose (beyond the tolerance)."""
    return abs(_turn(obj, empty)) > TURN_TOLERANCE_DEG


def _turn(obj: SceneObject, empty) -> float:
    yaw = math.degrees(float(empty.rotation_euler.z))
    return (yaw - obj.pose.yaw_deg + 180.0) % 360.0 - 180.0


def next_edit(state: SceneState, index: Mapping[str, object], done: set[tuple[str, str]],
              room: str | None = None) -> tuple[tuple[str, str], str] | None:
    """The first hand edit of ``state``'s objects not yet in ``done``, as ((object id, kind), call
    text), or None when Blender's objects (``index``: ``so_id`` -> top-level empty) match the state.
    ``room``: the room of a scene of several rooms that ``state`` is (its calls name it).
    Objects are taken in the state's order (a support before what stands on it), one edit at a time:
    each recorded call changes the state the next edit is read against (a table moved by hand
    carries its lamp, so the lamp moved along with it is no edit of its own)."""
    for obj in state.objects:
        empty = index.get(obj.id)
        if empty is None:
            if (obj.id, "remove") not in done:
                return (obj.id, "remove"), _call("remove_object", room, target=obj.id)
            continue
        dx, dy = float(empty.location.x) - obj.pose.x, float(empty.location.y) - obj.pose.y
        if moved(obj, empty) and (obj.id, "move") not in done:
            return (obj.id, "move"), _call("move_object", room, target=obj.id, dx_m=round(dx, 3) + 0.0, dy_m=round(dy, 3) + 0.0)  # (+ 0.0: never "-0.0")
        if turned(obj, empty) and (obj.id, "turn") not in done:
            heading = (math.degrees(float(empty.rotation_euler.z)) + 180.0) % 360.0 - 180.0
            return (obj.id, "turn"), _call("update_rotation", room, target=obj.id, yaw_deg=round(heading, 1))
    return None
