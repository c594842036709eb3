"""The trajectory of a scene of several rooms, from a prompt the plan reader read
(``core.plan_reader.PlanRequest``): one ``init_plan`` call, then each room furnished as a one-room
scene of today, its calls addressed to it with ``room="<name>"``, then ``terminate``.

* **init_plan**: the rooms in the reader's order (so they get the reader's names), their areas (an
  area or width x depth the prompt gives; a size word, the lower, middle or upper third of the
  type's range, its middle; else left to the plan's prior; with an area for the whole plan, "a
  60 m² flat", the rooms given no size share what is left of it in proportion to their types'
  usual areas), the pairs that must adjoin (a door, or ``open``), and the height when the prompt
  gives one.
* **Each room**: the words the reader gave it, read by the one-room reader (``reader.read``) with
  the room's type fixed and the styles of the words before the first room ("a modern flat: ...")
  when the room's own words name none; furnished by a ``room_calls`` function on the room's empty
  shell (``core.planner.plan_request(shell=..., room=...)`` for the rules; the teacher's is the same
  with its own search). Halls take no furniture program.

A room whose calls run past what the trajectory can hold keeps what fits; ``MAX_PLAN_CALLS`` bounds
the whole trajectory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..ground import catalog
from ..ground.plan import HALL, HALL_AREA_M2
from ..ground.rooms import BY_ROOM
from ..ground.state import SceneState
from ..ground.suite import SuiteState
from . import trajectory as T
from .executor import apply_call, call_key, call_rng
from .plan_reader import PlanRequest, RoomRequest
from .reader import Request, read
from .tools.init_plan import room_names

# (request, seed, the room's shell, the room's name) -> the room's calls (texts without "room=", no terminate)
RoomCalls = Callable[[Request, int, SceneState, str], list[str]]

SIZE_THIRD = {"small": 1 / 6, "medium": 1 / 2, "large": 5 / 6}


class PlanFailed(ValueError):
    """The rooms asked for cannot be laid out (the plan's reason)."""


def _area(room: RoomRequest) -> float:
    if room.area_m2:
        return round(float(room.area_m2), 1)
    if room.size_m:
        return round(float(room.size_m[0]) * float(room.size_m[1]), 1)
    if room.size_word in SIZE_THIRD and room.room_type != HALL:
        lo, hi = BY_ROOM[room.room_type].area_m2
        return round(lo + (hi - lo) * SIZE_THIRD[room.size_word], 1)
    return 0.0


def whole_area(request: PlanRequest) -> float | None:
    """The floor area the words before the first room give the whole plan ("a 60 m² flat")."""
    if not request.preamble.strip():
        return None
    whole = read(request.preamble)
    if whole.area_m2:
        return float(whole.area_m2)
    return float(whole.size_m[0] * whole.size_m[1]) if whole.size_m else None


def _fill(request: PlanRequest, areas: list[float]) -> list[float]:
    """With an area for the whole plan, the rooms whose size is not given take the middle of their
    type's range, scaled together to fill what the given rooms leave of it."""
    total = whole_area(request)
    free = [i for i, a in enumerate(areas) if not a]
    if total is None or not free:
        return areas
    mids = {i: sum(HALL_AREA_M2 if request.rooms[i].room_type == HALL else BY_ROOM[request.rooms[i].room_type].area_m2) / 2 for i in free}
    left = total - sum(a for a in areas if a)
    if left <= 0:
        return areas
    scale = left / sum(mids.values())
    return [round(mids[i] * scale, 1) if i in mids else a for i, a in enumerate(areas)]


def _strings(values: list[str]) -> str:
    return "(" + ", ".join(T.format_value(v) for v in values) + ("," if len(values) == 1 else "") + ")"


def init_plan_call(request: PlanRequest, height_m: float | None = None) -> str:
    """The ``init_plan`` call text for the rooms, sizes and adjacency the reader found."""
    kinds = [r.room_type for r in request.rooms]
    names = room_names(tuple(kinds))
    rename = {r.name: n for r, n in zip(request.rooms, names)}
    args = [f"rooms={_strings(kinds)}"]
    areas = _fill(request, [_area(r) for r in request.rooms])
    if any(areas):
        args.append("areas_m2=(" + ", ".join(repr(a) for a in areas) + ("," if len(areas) == 1 else "") + ")")
    for kind, arg in (("door", "doors"), ("open", "open")):
        pairs = [f"{rename[a]}-{rename[b]}" for a, b, k in request.adjacency if k == kind and a in rename and b in rename]
        if pairs:
            args.append(f"{arg}={_strings(pairs)}")
    if height_m:
        args.append(f"height_m={min(5.0, max(2.2, round(float(height_m), 2)))}")
    return f"init_plan({', '.join(args)})"


def room_request(request: PlanRequest, room: RoomRequest) -> Request:
    """A room's words read as a one-room instruction of the room's type."""
    own = read(room.text) if room.text else Request(room.room_type)
    styles = own.styles or (read(request.preamble).styles if request.preamble else ())
    return replace(own, room_type=room.room_type, styles=styles, size_m=None, area_m2=None, size_word=None)


def addressed(text: str, room: str) -> str:
    """A call text with ``room="<room>"`` as its first argument."""
    head, rest = text.split("(", 1)
    return f'{head}(room={T.format_value(room)}' + (", " + rest if rest.strip() != ")" else ")")


@dataclass
class SuitePlan:
    calls: list[str]
    state: SuiteState
    notes: list[str]


def plan_suite(request: PlanRequest, seed: int, room_calls: RoomCalls, height_m: float | None = None) -> SuitePlan:
    """Every call of the scene's trajectory: ``init_plan``, each room's calls, ``terminate``."""
    first = init_plan_call(request, height_m)
    call = T.parse(f"1. {first}").calls[0]
    result = apply_call(SceneState(), call, call_rng(seed, call, 0))
    if result.failure:
        raise PlanFailed(result.failure)
    suite: SuiteState = result.state  # type: ignore[assignment]
    calls = [first]
    keys = [call_key(call)]
    notes = list(suite.plan.notes)
    by_name = dict(zip(room_names(tuple(r.room_type for r in request.rooms)), request.rooms))
    for name in suite.names:
        room = by_name.get(name)
        if suite.room_type(name) == HALL:  # a hall takes no room program: only the pieces asked for in it
            texts, left = hall_calls(room.requirements if room is not None else ())
            notes += [f"{name}: {x}" for x in left]
            mine = texts
        else:
            mine = None
        req = room_request(request, room) if room is not None else Request(suite.room_type(name), room_type=suite.room_type(name))
        budget = T.MAX_PLAN_CALLS - len(calls) - 1
        if mine is None:
            mine = room_calls(req, seed, suite.state(name), name)
        mine = mine[:max(0, budget)]
        for text in mine:
            c = T.parse(f"1. {addressed(text, name)}").calls[0]
            occurrence = keys.count(call_key(c))
            r = apply_call(suite, c, call_rng(seed, c, occurrence))
            if r.failure:
                notes.append(f"{name}: {text}: {r.failure}")
                continue
            suite = r.state  # type: ignore[assignment]
            calls.append(addressed(text, name))
            keys.append(call_key(c))
    calls.append('terminate(status="success")')
    return SuitePlan(calls, suite, notes)


def hall_calls(requirements) -> tuple[list[str], list[str]]:
    """The calls that put what a hall is asked to hold ("a hallway with a coat rack") along its
    walls, one ``add_object`` per piece (``executor.HALL_TOOLS``), and the pieces left out (a
    category that does not stand on the floor or hang on a wall, or a word for several)."""
    calls: list[str] = []
    left: list[str] = []
    for r in requirements:
        if r.quantifier == "none" or r.same_as is not None:
            continue
        category = catalog.BY_NAME.get(r.category)
        if category is None or category.placement not in ("floor", "wall"):
            left.append(f"{r.phrase or r.category}: a hall takes single floor or wall pieces named by their catalogue name")
            continue
        tool = "add_object" if category.placement == "floor" else "add_wall_object"
        place = ', placement="against_wall"' if category.placement == "floor" else ""
        calls += [f'{tool}(category="{r.category}"{place})'] * max(1, int(r.count or 1))
    return calls, left


def rules_room_calls(request: Request, seed: int, shell: SceneState, room: str) -> list[str]:
    """The rules planner's calls for one room of a plan."""
    from .planner import plan_request

    plan = plan_request(request, seed, shell=shell, room=room)
    return [c for c in plan.calls if not c.startswith("terminate(")]


def suite_text(request: PlanRequest, seed: int = 0, room_calls: RoomCalls = rules_room_calls) -> str:
    """The numbered trajectory text of the scene."""
    return suite_text_and_notes(request, seed, room_calls)[0]


def suite_text_and_notes(request: PlanRequest, seed: int = 0, room_calls: RoomCalls = rules_room_calls) -> tuple[str, list[str]]:
    """The numbered trajectory text of the scene, and what the reading and the planning could not
    honour or added, in words: the reader's notes (a hall added as the hub), a size given to the
    whole dwelling (the rooms take their own sizes), the plan's notes (a room outside its type's
    usual area) and each room's calls that did not fit."""
    plan = plan_suite(request, seed, room_calls)
    calls = tuple(T.parse(f"{i + 1}. {text}").calls[0] for i, text in enumerate(plan.calls))
    notes = list(request.notes)
    total = whole_area(request)
    if total is not None:
        notes.append(f"the rooms share the {total:g} m² asked for: the ones given no size take their types' usual proportions of it")
    return T.format(T.validate(T.Trajectory(calls))), notes + plan.notes
