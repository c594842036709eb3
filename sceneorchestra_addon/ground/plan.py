"""The floor plan of a scene of several rooms: axis-aligned room rectangles that tile one
rectangular footprint, the walls they share, the doors between them, one entrance and the windows.

Frames as in ``state`` and ``geometry``: metres, +X east, +Y north, the footprint's south-west floor
corner at the origin. A wall segment is stored by its two end points, the start being its west end
(a horizontal segment) or its south end (a vertical one); an opening's ``offset_m`` is the distance
of its centre from the segment's start. ``Plan.openings_for(room)`` restates a room's openings in
that room's own frame (``state.Opening``: wall north/south/east/west, offset from the wall's start),
so that each room can be built as a one-room scene of today.

``plan_rooms(rooms, adjacency, rng, footprint=None)`` builds a plan:

* **Sizes.** A room's floor area is the one it asks for (``area_m2``, or ``size_m`` width x depth),
  else drawn uniform over its type's ``area_m2`` range (``rooms.ROOMS``; a size word takes the lower
  or upper third of the range). Without a footprint, each candidate layout (below) draws its own
  footprint of the summed area, at a side ratio in [1, 2.6] (one room: [1, 1.5]; ratios above 1.6
  cost score) with the long side along x or y; with a footprint, every area is scaled by the same
  factor to fill it, and a note says which rooms then fall outside their type's range (as it does
  for any room the tiling leaves outside its range). When no layout of the drawn areas is valid (a
  small laundry room beside a large gym is a sliver), the drawn areas are drawn again, up to
  ``AREA_DRAWS`` times in all, each time from a narrower band about the middle of their ranges.
* **The hub.** A ``hall`` (a plan-only room type: circulation, no furniture) is added when the mix
  has four or more rooms and none of them is a hub type (hall, living room, waiting room): such a
  mix cannot be entered room by room without walking through private rooms. The hub is the room
  the entrance opens into and the preferred side of every interior door.
* **Tiling.** Candidates of two kinds are drawn from ``rng`` and the best valid one is kept (a
  fixed number, so a seed gives one plan): guillotine slicing (the room list in a random order,
  split recursively in two groups, each cut across the longer side of its rectangle in proportion
  to the groups' areas) and, when there is a hub, band layouts (the hub a band along the long axis,
  the other rooms in a row on one or both sides of it, and possibly one room across each end).
  Cut lines are rounded to centimetres once, so neighbouring rectangles share exact coordinates
  and the tiling has no gaps or overlaps. A candidate is valid when every room is at least 1.2 m
  (a hall 1.0 m) wide and at most 3 times (a hall 8 times) longer than wide, every required
  adjacency shares a wall long enough for a door (door width + 0.2 m), the entrance room has an
  exterior wall long enough for the entrance, and every room can be reached from the entrance
  through doors without passing through a bathroom. Among the valid ones the score prefers sides
  within the type's usual ratio, rooms (other than halls and bathrooms) with an exterior wall,
  rooms that touch the hub, and few rooms reached through another non-hub room. Required pairs
  are put next to each other in the room order of most candidates. When no candidate is valid,
  ``plan_rooms`` raises ValueError with the best candidate's problems.
* **Doors.** Every required adjacency gets a door (an ``open`` one, a wide opening, when asked
  for). Then, from the entrance room outwards, the cheapest further doors connect every room
  (a spanning tree: hub to room first, then other rooms, bathrooms only ever as the last room of a
  path). A door lies on the shared wall segment at least its width / 2 + 0.1 m from each end, so
  it never opens into a corner or a T-junction; its place along the free span is drawn.
* **Entrance and windows.** One entrance door on the entrance room's longest exterior wall (the
  hub's, else a living room's, else the largest room's). Windows only on exterior walls: one per
  exterior wall of a room (at most two, the longest first), none in a hall, a small one or none
  in a bathroom, never over the entrance.

``reachable(plan)`` computes which rooms the doors connect to the entrance from the door geometry
alone (the room on each side of each door's centre), not from the adjacency input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .rooms import BY_ROOM, ROOM_TYPES
from .state import Opening

HALL = "hall"  # plan-only room type: circulation space between rooms (no furniture, no room program)
HALL_AREA_M2 = (3.5, 12.0)
HUB_TYPES = (HALL, "living_room", "waiting_room")
PLAN_TYPES = (*ROOM_TYPES, HALL)
MAX_ROOMS = 8
DOOR_WIDTH_M = 0.8
ENTRANCE_WIDTH_M = 0.9
OPEN_WIDTH_M = 2.0  # the widest an "open" connection (an opening without a door leaf) gets
DOOR_HEIGHT_M = 2.05
DOOR_MARGIN_M = 0.1  # the least wall each side of a door: no door opens into a corner or T-junction
MIN_SIDE_M = 1.2
MIN_HALL_SIDE_M = 1.0
MAX_ASPECT = 3.0
MAX_HALL_ASPECT = 8.0
CANDIDATES = 240
EPS = 1e-6
PRIVATE = ("bathroom",)  # rooms never passed through to reach another room


# ---------------------------------------------------------------- values


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def depth(self) -> float:
        return self.y1 - self.y0

    @property
    def area(self) -> float:
        return self.width * self.depth

    @property
    def aspect(self) -> float:
        return max(self.width, self.depth) / max(min(self.width, self.depth), EPS)

    def contains(self, x: float, y: float) -> bool:
        return self.x0 - EPS <= x <= self.x1 + EPS and self.y0 - EPS <= y <= self.y1 + EPS

    def overlap(self, other: Rect) -> float:
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        d = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * d if w > EPS and d > EPS else 0.0

    def as_list(self) -> list[float]:
        return [self.x0, self.y0, self.x1, self.y1]


@dataclass(frozen=True)
class Segment:
    """An axis-aligned wall segment, from its west (horizontal) or south (vertical) end."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) < EPS

    @property
    def length(self) -> float:
        return abs(self.x1 - self.x0) + abs(self.y1 - self.y0)

    def point(self, offset: float) -> tuple[float, float]:
        return (self.x0 + offset, self.y0) if self.horizontal else (self.x0, self.y0 + offset)

    def as_list(self) -> list[float]:
        return [self.x0, self.y0, self.x1, self.y1]


@dataclass(frozen=True)
class RoomSpec:
    """A room a plan must hold: its type, optional name, and optional size (an area, a width x
    depth, or a size word: small / medium / large)."""

    room_type: str
    name: str | None = None
    area_m2: float | None = None
    size_m: tuple[float, float] | None = None
    size_word: str | None = None


@dataclass(frozen=True)
class PlanRoom:
    name: str
    room_type: str
    rect: Rect


@dataclass(frozen=True)
class PlanDoor:
    """A door in the wall segment between rooms ``a`` and ``b`` (``b`` None: the entrance, from
    outside). ``kind``: "door", or "open" for a wide opening without a leaf."""

    a: str
    b: str | None
    segment: Segment
    offset_m: float
    width_m: float
    kind: str = "door"
    height_m: float = DOOR_HEIGHT_M

    @property
    def centre(self) -> tuple[float, float]:
        return self.segment.point(self.offset_m)


@dataclass(frozen=True)
class PlanWindow:
    room: str
    segment: Segment
    offset_m: float
    width_m: float
    height_m: float = 1.3
    sill_m: float = 0.9


@dataclass(frozen=True)
class Plan:
    footprint: Rect
    rooms: tuple[PlanRoom, ...]
    doors: tuple[PlanDoor, ...]
    entrance: PlanDoor
    windows: tuple[PlanWindow, ...]
    required: tuple[tuple[str, str, str], ...] = ()  # (room, room, "door" | "open") as asked
    notes: tuple[str, ...] = field(default=())

    def room(self, name: str) -> PlanRoom:
        for r in self.rooms:
            if r.name == name:
                return r
        raise KeyError(name)

    def shared_walls(self) -> list[tuple[str, str, Segment]]:
        """Every pair of rooms that share a wall, with the shared segment."""
        out = []
        for i, a in enumerate(self.rooms):
            for b in self.rooms[i + 1 :]:
                seg = shared_segment(a.rect, b.rect)
                if seg is not None:
                    out.append((a.name, b.name, seg))
        return out

    def exterior_walls(self, name: str) -> list[tuple[str, Segment]]:
        return exterior_sides(self.room(name).rect, self.footprint)

    def openings_for(self, name: str) -> tuple[Opening, ...]:
        """A room's doors (the entrance included) and windows in the room's own frame, as the
        one-room scene's ``state.Opening`` values (ids door_<n> / window_<n>)."""
        rect = self.room(name).rect
        out: list[Opening] = []
        doors = [d for d in (self.entrance, *self.doors) if name in (d.a, d.b)]
        for n, d in enumerate(doors):
            wall, offset = _local(rect, d.segment, d.offset_m)
            params = {"to": d.b if d.a == name else d.a, "kind": d.kind}
            out.append(Opening(f"door_{n}", "door", wall, offset, d.width_m, d.height_m, 0.0, params))
        for n, w in enumerate(x for x in self.windows if x.room == name):
            wall, offset = _local(rect, w.segment, w.offset_m)
            out.append(Opening(f"window_{n}", "window", wall, offset, w.width_m, w.height_m, w.sill_m))
        return tuple(out)

    # ------------------------------------------------------------ JSON

    def to_dict(self) -> dict:
        def door(d: PlanDoor) -> dict:
            return {"rooms": [d.a, d.b], "segment": d.segment.as_list(), "offset_m": d.offset_m, "width_m": d.width_m, "kind": d.kind,
                    "height_m": d.height_m}

        return {
            "footprint": self.footprint.as_list(),
            "rooms": [{"name": r.name, "room_type": r.room_type, "rect": r.rect.as_list()} for r in self.rooms],
            "doors": [door(d) for d in self.doors],
            "entrance": door(self.entrance),
            "windows": [{"room": w.room, "segment": w.segment.as_list(), "offset_m": w.offset_m, "width_m": w.width_m, "height_m": w.height_m,
                         "sill_m": w.sill_m} for w in self.windows],
            "required": [list(r) for r in self.required],
            "notes": list(self.notes),
        }

    @staticmethod
    def from_dict(data: Any) -> Plan:
        try:
            def door(d: dict) -> PlanDoor:
                a, b = d["rooms"]
                return PlanDoor(str(a), None if b is None else str(b), Segment(*map(float, d["segment"])), float(d["offset_m"]),
                                float(d["width_m"]), str(d.get("kind", "door")), float(d.get("height_m", DOOR_HEIGHT_M)))

            rooms = tuple(PlanRoom(str(r["name"]), str(r["room_type"]), Rect(*map(float, r["rect"]))) for r in data["rooms"])
            plan = Plan(
                Rect(*map(float, data["footprint"])),
                rooms,
                tuple(door(d) for d in data["doors"]),
                door(data["entrance"]),
                tuple(PlanWindow(str(w["room"]), Segment(*map(float, w["segment"])), float(w["offset_m"]), float(w["width_m"]),
                                 float(w.get("height_m", 1.3)), float(w.get("sill_m", 0.9))) for w in data["windows"]),
                tuple((str(a), str(b), str(k)) for a, b, k in data.get("required", ())),
                tuple(str(n) for n in data.get("notes", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"plan JSON: missing or malformed field ({exc!r})") from None
        names = {r.name for r in plan.rooms}
        for r in plan.rooms:
            if r.room_type not in PLAN_TYPES:
                raise ValueError(f"plan JSON: room {r.name!r} has unknown room type {r.room_type!r}")
        for d in (*plan.doors, plan.entrance):
            for n in (d.a, d.b):
                if n is not None and n not in names:
                    raise ValueError(f"plan JSON: a door names room {n!r}, which the plan does not have")
        return plan


def _local(rect: Rect, seg: Segment, offset: float) -> tuple[str, float]:
    """The wall of ``rect`` a segment lies on and an offset along it, in the room's frame."""
    x, y = seg.point(offset)
    if seg.horizontal:
        wall = "south" if abs(seg.y0 - rect.y0) < EPS else "north"
        return wall, round(x - rect.x0, 3)
    wall = "west" if abs(seg.x0 - rect.x0) < EPS else "east"
    return wall, round(y - rect.y0, 3)


# ---------------------------------------------------------------- geometry


def shared_segment(a: Rect, b: Rect) -> Segment | None:
    """The wall two touching rectangles share (None when they only meet at a corner or not at all)."""
    for xa, xb in ((a.x1, b.x0), (a.x0, b.x1)):
        if abs(xa - xb) < EPS:
            y0, y1 = max(a.y0, b.y0), min(a.y1, b.y1)
            if y1 - y0 > EPS:
                return Segment(xa, y0, xa, y1)
    for ya, yb in ((a.y1, b.y0), (a.y0, b.y1)):
        if abs(ya - yb) < EPS:
            x0, x1 = max(a.x0, b.x0), min(a.x1, b.x1)
            if x1 - x0 > EPS:
                return Segment(x0, ya, x1, ya)
    return None


def exterior_sides(rect: Rect, footprint: Rect) -> list[tuple[str, Segment]]:
    """The sides of a room on the footprint's boundary, as (wall name, segment)."""
    out = []
    if abs(rect.y0 - footprint.y0) < EPS:
        out.append(("south", Segment(rect.x0, rect.y0, rect.x1, rect.y0)))
    if abs(rect.y1 - footprint.y1) < EPS:
        out.append(("north", Segment(rect.x0, rect.y1, rect.x1, rect.y1)))
    if abs(rect.x0 - footprint.x0) < EPS:
        out.append(("west", Segment(rect.x0, rect.y0, rect.x0, rect.y1)))
    if abs(rect.x1 - footprint.x1) < EPS:
        out.append(("east", Segment(rect.x1, rect.y0, rect.x1, rect.y1)))
    return out


def room_at(plan: Plan, x: float, y: float) -> str | None:
    """The room whose interior holds the point (None outside the footprint)."""
    for r in plan.rooms:
        if r.rect.x0 + EPS < x < r.rect.x1 - EPS and r.rect.y0 + EPS < y < r.rect.y1 - EPS:
            return r.name
    return None


def door_sides(plan: Plan, door: PlanDoor, step: float = 0.05) -> tuple[str | None, str | None]:
    """The rooms on the two sides of a door, found from its geometry: a point a little either side
    of its centre, across the wall."""
    x, y = door.centre
    if door.segment.horizontal:
        return room_at(plan, x, y - step), room_at(plan, x, y + step)
    return room_at(plan, x - step, y), room_at(plan, x + step, y)


def reachable(plan: Plan, through: bool = True) -> set[str]:
    """The rooms a walker reaches from outside through the entrance and the doors, found from the
    doors' geometry. ``through=False``: bathrooms are entered but never passed through."""
    start = [r for r in door_sides(plan, plan.entrance) if r is not None]
    edges: dict[str, set[str]] = {}
    for d in plan.doors:
        a, b = door_sides(plan, d)
        if a is not None and b is not None and a != b:
            edges.setdefault(a, set()).add(b)
            edges.setdefault(b, set()).add(a)
    kind = {r.name: r.room_type for r in plan.rooms}
    seen = set(start)
    stack = list(start)
    while stack:
        cur = stack.pop()
        if not through and kind[cur] in PRIVATE and cur not in start:
            continue
        for nxt in sorted(edges.get(cur, ())):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


# ---------------------------------------------------------------- input


def _spec(item: Any) -> RoomSpec:
    if isinstance(item, RoomSpec):
        return item
    if isinstance(item, str):
        return RoomSpec(item)
    if isinstance(item, dict):
        size = item.get("size_m")
        return RoomSpec(str(item.get("room_type", item.get("type", ""))), item.get("name"), item.get("area_m2"),
                        tuple(size) if size is not None else None, item.get("size_word"))
    raise ValueError(f"a room must be a RoomSpec, a room type or a dict, got {item!r}")


def _specs(rooms: Any) -> list[RoomSpec]:
    specs = [_spec(r) for r in rooms]
    if not specs:
        raise ValueError("a plan needs at least one room")
    if len(specs) > MAX_ROOMS:
        raise ValueError(f"too many rooms: {len(specs)} (a plan holds at most {MAX_ROOMS})")
    for s in specs:
        if s.room_type not in PLAN_TYPES:
            raise ValueError(f"unknown room type {s.room_type!r} (known: {', '.join(PLAN_TYPES)})")
        if s.area_m2 is not None and not s.area_m2 > 0:
            raise ValueError(f"room {s.name or s.room_type!r}: area must be positive, got {s.area_m2!r}")
        if s.size_m is not None and (len(s.size_m) != 2 or min(s.size_m) <= 0):
            raise ValueError(f"room {s.name or s.room_type!r}: size must be two positive lengths, got {s.size_m!r}")
    counts: dict[str, int] = {}
    named = {s.name for s in specs if s.name}
    out = []
    for s in specs:
        name = s.name
        if not name:
            while True:
                name = f"{s.room_type}_{counts.get(s.room_type, 0)}"
                counts[s.room_type] = counts.get(s.room_type, 0) + 1
                if name not in named:
                    break
        out.append(RoomSpec(s.room_type, name, s.area_m2, s.size_m, s.size_word))
    names = [s.name for s in out]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"duplicate room names: {', '.join(map(str, dupes))}")
    return out


def _adjacency(adjacency: Any, specs: list[RoomSpec]) -> list[tuple[str, str, str]]:
    """Required pairs as (name, name, kind); a pair may name rooms by type when that type occurs once."""
    names = {s.name for s in specs}
    by_type: dict[str, list[str]] = {}
    for s in specs:
        by_type.setdefault(s.room_type, []).append(str(s.name))

    def resolve(word: Any) -> str:
        if word in names:
            return str(word)
        if word in by_type and len(by_type[word]) == 1:
            return by_type[word][0]
        if word in by_type:
            raise ValueError(f"adjacency names room type {word!r}, which several rooms have ({', '.join(by_type[word])}): name one")
        raise ValueError(f"adjacency names room {word!r}, which does not exist (rooms: {', '.join(sorted(map(str, names)))})")

    out: list[tuple[str, str, str]] = []
    for pair in adjacency or ():
        if len(pair) not in (2, 3):
            raise ValueError(f"an adjacency is (room, room) or (room, room, kind), got {pair!r}")
        a, b = resolve(pair[0]), resolve(pair[1])
        kind = pair[2] if len(pair) == 3 else "door"
        if kind not in ("door", "open"):
            raise ValueError(f"adjacency kind must be 'door' or 'open', got {kind!r}")
        if a == b:
            raise ValueError(f"adjacency pairs room {a!r} with itself")
        if not any({a, b} == {x, y} for x, y, _ in out):
            out.append((a, b, kind))
    return out


def _area_range(room_type: str) -> tuple[float, float]:
    return HALL_AREA_M2 if room_type == HALL else BY_ROOM[room_type].area_m2


def _aspect_limit(room_type: str) -> float:
    return 4.0 if room_type == HALL else BY_ROOM[room_type].aspect


def _target_area(spec: RoomSpec, rng, spread: float = 1.0) -> float:
    """The area a room asks for, else drawn over its type's range (the third a size word names),
    narrowed to ``spread`` of it about its middle."""
    if spec.size_m is not None:
        return float(spec.size_m[0]) * float(spec.size_m[1])
    if spec.area_m2 is not None:
        return float(spec.area_m2)
    lo, hi = _area_range(spec.room_type)
    third = (hi - lo) / 3.0
    lo, hi = {"small": (lo, lo + third), "large": (hi - third, hi), "medium": (lo + third, hi - third)}.get(spec.size_word or "", (lo, hi))
    if spread < 1.0:
        mid, half = (lo + hi) / 2.0, (hi - lo) / 2.0 * spread
        lo, hi = mid - half, mid + half
    return float(rng.uniform(lo, hi))


# ---------------------------------------------------------------- candidates


def _round(v: float) -> float:
    return round(v, 2)


def _slice(rect: Rect, items: list[tuple[str, float]], rng, out: dict[str, Rect]) -> None:
    """Guillotine slicing: split the items in two groups, cut the rectangle in proportion."""
    if len(items) == 1:
        out[items[0][0]] = rect
        return
    total = sum(a for _, a in items)
    # a split point near the middle of the area, drawn
    weights = []
    acc = 0.0
    for k in range(1, len(items)):
        acc += items[k - 1][1]
        weights.append(1.0 / (0.15 + abs(acc / total - 0.5)))
    w = [x / sum(weights) for x in weights]
    k = int(rng.choice(len(w), p=w)) + 1
    share = sum(a for _, a in items[:k]) / total
    along_x = rect.width >= rect.depth
    if rng.random() < 0.15:
        along_x = not along_x
    if along_x:
        cut = _round(rect.x0 + rect.width * share)
        first, second = Rect(rect.x0, rect.y0, cut, rect.y1), Rect(cut, rect.y0, rect.x1, rect.y1)
    else:
        cut = _round(rect.y0 + rect.depth * share)
        first, second = Rect(rect.x0, rect.y0, rect.x1, cut), Rect(rect.x0, cut, rect.x1, rect.y1)
    _slice(first, items[:k], rng, out)
    _slice(second, items[k:], rng, out)


def _row(rect: Rect, items: list[tuple[str, float]], along_x: bool, out: dict[str, Rect]) -> None:
    """Rooms side by side along one axis of a band, widths in proportion to their areas."""
    total = sum(a for _, a in items) or 1.0
    pos = rect.x0 if along_x else rect.y0
    end = rect.x1 if along_x else rect.y1
    length = end - pos
    acc = 0.0
    for n, (name, area) in enumerate(items):
        acc += area
        nxt = end if n == len(items) - 1 else _round((rect.x0 if along_x else rect.y0) + length * acc / total)
        out[name] = Rect(pos, rect.y0, nxt, rect.y1) if along_x else Rect(rect.x0, pos, rect.x1, nxt)
        pos = nxt


def _ordered(items: list[tuple[str, float]], pairs: list[tuple[str, str]]) -> list[tuple[str, float]]:
    """The items with the second room of each required pair moved right after the first."""
    out = list(items)
    for a, b in pairs:
        names = [n for n, _ in out]
        if a in names and b in names:
            item = out.pop(names.index(b))
            out.insert([n for n, _ in out].index(a) + 1, item)
    return out


def _band(fp: Rect, hub: str, hub_type: str, items: list[tuple[str, float]], hub_area: float, rng) -> dict[str, Rect]:
    """The hub as a band along the footprint's long axis, rooms in rows on its sides, maybe one
    room across each end (rooms taken in the given order)."""
    along_x = fp.width >= fp.depth
    long_len, short_len = (fp.width, fp.depth) if along_x else (fp.depth, fp.width)
    order = list(items)
    ends: list[tuple[str, float]] = []
    for _ in range(2):
        if len(order) >= 3 and rng.random() < 0.35:
            ends.append(order.pop(0) if rng.random() < 0.5 else order.pop())
    total = sum(a for _, a in items) + hub_area
    # the ends take their share of the long side across the full short side
    lo_len = _round(long_len * ends[0][1] / total) if ends else 0.0
    hi_len = _round(long_len * ends[1][1] / total) if len(ends) > 1 else 0.0
    mid_area_rooms = sum(a for _, a in order)
    split = int(rng.integers(0, len(order) + 1)) if len(order) > 1 else len(order)
    if len(order) >= 2 and rng.random() < 0.8:  # both sides, balanced-ish
        split = max(1, min(len(order) - 1, split))
    side_a, side_b = order[:split], order[split:]
    hub_depth = short_len * hub_area / max(hub_area + mid_area_rooms, EPS)
    if hub_type == HALL:
        hub_depth = min(max(hub_depth, 1.1 + 0.4 * float(rng.random())), short_len / 2)
    rest = short_len - hub_depth
    area_a, area_b = sum(a for _, a in side_a), sum(a for _, a in side_b)
    depth_a = rest * area_a / max(area_a + area_b, EPS) if side_b else rest
    depth_b = rest - depth_a if side_a else rest
    if not side_a:
        depth_a = 0.0
    if not side_b:
        depth_b = 0.0
    c0 = _round(depth_a)
    c1 = _round(short_len - depth_b)
    m0, m1 = lo_len, _round(long_len - hi_len)
    out: dict[str, Rect] = {}

    def box(l0: float, l1: float, s0: float, s1: float) -> Rect:
        return Rect(fp.x0 + l0, fp.y0 + s0, fp.x0 + l1, fp.y0 + s1) if along_x else Rect(fp.x0 + s0, fp.y0 + l0, fp.x0 + s1, fp.y0 + l1)

    if ends:
        out[ends[0][0]] = box(0.0, m0, 0.0, short_len)
    if len(ends) > 1:
        out[ends[1][0]] = box(m1, long_len, 0.0, short_len)
    out[hub] = box(m0, m1, c0, c1)
    if side_a:
        _row(box(m0, m1, 0.0, c0), side_a, along_x, out)
    if side_b:
        _row(box(m0, m1, c1, short_len), side_b, along_x, out)
    return out


# ---------------------------------------------------------------- scoring and doors


@dataclass
class _Layout:
    rects: dict[str, Rect]
    score: float
    valid: bool
    problems: list[str]


def _door_edges(rects: dict[str, Rect], width: float = DOOR_WIDTH_M) -> dict[tuple[str, str], Segment]:
    names = list(rects)
    out = {}
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            seg = shared_segment(rects[a], rects[b])
            if seg is not None and seg.length >= width + 2 * DOOR_MARGIN_M - EPS:
                out[(a, b)] = seg
                out[(b, a)] = seg
    return out


def _entrance_room(specs: list[RoomSpec], areas: dict[str, float]) -> str:
    for kind in HUB_TYPES:
        for s in specs:
            if s.room_type == kind:
                return str(s.name)
    return max((str(s.name) for s in specs), key=lambda n: (areas[n], -[s.name for s in specs].index(n)))


def _tree(rects: dict[str, Rect], types: dict[str, str], entrance: str, hub: str,
          required: list[tuple[str, str, str]], edges: dict[tuple[str, str], Segment]) -> tuple[list[tuple[str, str]], int] | None:
    """The doors beyond the required ones that connect every room to the entrance room (Prim from
    the entrance; never out of a bathroom), and how many rooms are reached through a non-hub room.
    None when some room cannot be reached."""
    def cost(a: str, b: str) -> float:
        c = 0.0 if a == hub else (1.0 if types[a] not in ("bedroom", "children_room", "nursery") else 2.0)
        return c + (0.5 if types[b] in PRIVATE else 0.0)

    reached = {entrance}
    frontier = [entrance]

    def spread() -> None:  # along required doors, never out of a bathroom
        while frontier:
            cur = frontier.pop()
            if types[cur] in PRIVATE and cur != entrance:
                continue
            for a, b, _ in required:
                for x, y in ((a, b), (b, a)):
                    if x == cur and y not in reached:
                        reached.add(y)
                        frontier.append(y)

    spread()
    added: list[tuple[str, str]] = []
    through = 0
    names = sorted(rects)
    while len(reached) < len(rects):
        best = None
        for a in sorted(reached):
            if types[a] in PRIVATE and a != entrance:
                continue
            for b in names:
                if b in reached or (a, b) not in edges:
                    continue
                key = (cost(a, b), a, b)
                if best is None or key < best:
                    best = key
        if best is None:
            return None
        _, a, b = best
        added.append((a, b))
        if a != hub:
            through += 1
        reached.add(b)
        frontier.append(b)
        spread()
    return added, through


def _evaluate(rects: dict[str, Rect], types: dict[str, str], fp: Rect, entrance: str, hub: str | None,
              required: list[tuple[str, str, str]]) -> _Layout:
    problems: list[str] = []
    score = 0.0
    for name, r in rects.items():
        hall = types[name] == HALL
        if min(r.width, r.depth) < (MIN_HALL_SIDE_M if hall else MIN_SIDE_M) - EPS:
            problems.append(f"{name} is too narrow ({min(r.width, r.depth):.2f} m)")
        if r.aspect > (MAX_HALL_ASPECT if hall else MAX_ASPECT) + EPS:
            problems.append(f"{name} is too long for its width ({r.aspect:.2f})")
        score += 2.0 * max(0.0, r.aspect - _aspect_limit(types[name]))
        if not hall and types[name] not in PRIVATE and not exterior_sides(r, fp):
            score += 1.5
    edges = _door_edges(rects)
    for a, b, _ in required:
        if (a, b) not in edges:
            problems.append(f"{a} and {b} do not share a wall long enough for a door")
    if not any(seg.length >= ENTRANCE_WIDTH_M + 2 * DOOR_MARGIN_M - EPS for _, seg in exterior_sides(rects[entrance], fp)):
        problems.append(f"{entrance} has no exterior wall long enough for the entrance")
    tree = _tree(rects, types, entrance, hub or entrance, required, edges)
    if tree is None:
        problems.append("some room cannot be reached from the entrance without passing through a bathroom")
    else:
        score += 0.5 * tree[1]
    if hub is not None:
        score += 0.5 * sum(1 for n in rects if n != hub and types[n] not in PRIVATE and (hub, n) not in edges)
    return _Layout(rects, score + 100.0 * len(problems), not problems, problems)


def _place(seg: Segment, width: float, rng, avoid: tuple[tuple[float, float], ...] = ()) -> float | None:
    """An offset for an opening of this width on the segment, its edges at least the margin from
    the segment's ends and clear of the ``avoid`` intervals (offsets along the segment)."""
    lo, hi = width / 2 + DOOR_MARGIN_M, seg.length - width / 2 - DOOR_MARGIN_M
    if hi < lo - EPS:
        return None
    spans = [(lo, hi)]
    for a0, a1 in avoid:  # remove the centres that would overlap an interval (plus a margin)
        cut0, cut1 = a0 - width / 2 - DOOR_MARGIN_M, a1 + width / 2 + DOOR_MARGIN_M
        spans = [s for x0, x1 in spans for s in ((x0, min(x1, cut0)), (max(x0, cut1), x1)) if s[1] >= s[0] - EPS]
    if not spans:
        return None
    x0, x1 = max(spans, key=lambda s: s[1] - s[0])
    mid = (x0 + x1) / 2.0
    return round(float(mid + (x1 - x0) * 0.3 * (rng.random() - 0.5)), 3)


# ---------------------------------------------------------------- the plan


AREA_DRAWS = 4  # draws of the rooms' areas before a plan is given up


def _search(specs: list[RoomSpec], types: dict[str, str], areas: dict[str, float], hub: str | None, required: list[tuple[str, str, str]],
            rng, footprint: tuple[float, float] | None, notes: list[str]):
    """The best of ``CANDIDATES`` layouts for these areas: (layout, its footprint, the notes, the
    entrance room)."""
    notes = list(notes)
    total = sum(areas.values())
    fixed = None
    if footprint is not None:
        fixed = Rect(0.0, 0.0, *(round(float(v), 2) for v in footprint))
        if min(fixed.width, fixed.depth) <= 0:
            raise ValueError(f"footprint must be two positive lengths, got {footprint!r}")
        scale = fixed.area / total
        for s in specs:
            lo, hi = _area_range(s.room_type)
            a = areas[str(s.name)] * scale
            if not lo - 0.05 <= a <= hi + 0.05:
                notes.append(f"{s.name}: {a:.1f} m² to fill the footprint, outside the usual {lo:g}-{hi:g} m² of a {s.room_type}")
    entrance = _entrance_room(specs, areas)
    items = [(str(s.name), areas[str(s.name)]) for s in specs]
    pairs = [(a, b) for a, b, _ in required if hub not in (a, b)]
    best: _Layout | None = None
    best_fp = fixed
    for n in range(CANDIDATES if len(specs) > 1 else 1):
        fp = fixed
        if fp is None:  # each candidate its own footprint proportions: a side ratio in [1, 2.6], the long side along x or y
            ratio = float(rng.uniform(1.0, 1.5 if len(specs) == 1 else 2.6))
            long_side = round((total * ratio) ** 0.5, 1)
            short_side = round(total / long_side, 1)
            fp = Rect(0.0, 0.0, long_side, short_side) if rng.random() < 0.5 else Rect(0.0, 0.0, short_side, long_side)
        order = _ordered([items[i] for i in rng.permutation(len(items))], pairs if rng.random() < 0.7 else [])
        if hub is not None and n % 2 == 0:
            rects = _band(fp, hub, types[hub], [it for it in order if it[0] != hub], areas[hub], rng)
        else:
            rects = {}
            _slice(fp, order, rng, rects)
        layout = _evaluate(rects, types, fp, entrance, hub, required)
        layout.score += 0.5 * max(0.0, fp.aspect - 1.6)
        if best is None or layout.score < best.score - EPS:
            best = layout
            best_fp = fp
    assert best is not None
    return best, best_fp, notes, entrance


def plan_rooms(rooms: Any, adjacency: Any, rng, footprint: tuple[float, float] | None = None) -> Plan:
    """A floor plan holding ``rooms`` (RoomSpecs, room types or dicts) with the ``adjacency`` pairs
    sharing a wall with a door, drawn from ``rng`` (a numpy Generator); see the module docstring.
    ``footprint``: (width, depth) of the whole plan in metres; drawn when None. Raises ValueError
    naming the problem for impossible input."""
    specs = _specs(rooms)
    required = _adjacency(adjacency, specs)
    notes: list[str] = []
    if len(specs) >= 4 and not any(s.room_type in HUB_TYPES for s in specs):
        hall = f"{HALL}_0"
        while hall in {s.name for s in specs}:
            hall += "_"
        specs.append(RoomSpec(HALL, hall))
        notes.append(f"added {hall}: {len(specs) - 1} rooms and none of them a hub (hall, living room, waiting room)")
    types = {str(s.name): s.room_type for s in specs}
    hub = next((str(s.name) for kind in HUB_TYPES for s in specs if s.room_type == kind), None)
    if len(specs) == 1:
        hub = None
    best = None
    for attempt in range(AREA_DRAWS):
        # a drawn area that leaves no valid layout (a small laundry beside a large gym: a sliver) is
        # drawn again nearer the middle of its type's range; areas the prompt gives stay
        areas = {str(s.name): _target_area(s, rng, 1.0 - attempt / AREA_DRAWS) for s in specs}
        tried = _search(specs, types, areas, hub, required, rng, footprint, notes)
        if best is None or (tried[0].valid, -tried[0].score) > (best[0].valid, -best[0].score + EPS):
            best = tried
        if best[0].valid:
            break
    assert best is not None
    best, best_fp, notes, entrance = best
    if not best.valid:
        raise ValueError("no floor plan found: " + "; ".join(best.problems))
    rects, fp = best.rects, best_fp
    for name, r in rects.items():
        lo, hi = _area_range(types[name])
        if not lo - 0.05 <= r.area <= hi + 0.05 and not any(name in x for x in notes):
            notes.append(f"{name}: {r.area:.1f} m², outside the usual {lo:g}-{hi:g} m² of a {types[name]}")
    return _finish(specs, types, rects, fp, entrance, hub, required, rng, tuple(notes))


def _finish(specs: list[RoomSpec], types: dict[str, str], rects: dict[str, Rect], fp: Rect, entrance: str, hub: str | None,
            required: list[tuple[str, str, str]], rng, notes: tuple[str, ...]) -> Plan:
    edges = _door_edges(rects)
    tree = _tree(rects, types, entrance, hub or entrance, required, edges)
    assert tree is not None
    doors: list[PlanDoor] = []
    for a, b, kind in required:
        seg = edges[(a, b)]
        width = DOOR_WIDTH_M if kind == "door" else max(DOOR_WIDTH_M, min(OPEN_WIDTH_M, seg.length - 2 * DOOR_MARGIN_M))
        offset = _place(seg, width, rng)
        assert offset is not None
        doors.append(PlanDoor(a, b, seg, offset, round(width, 3), kind))
    for a, b in tree[0]:
        seg = edges[(a, b)]
        offset = _place(seg, DOOR_WIDTH_M, rng)
        assert offset is not None
        doors.append(PlanDoor(a, b, seg, offset, DOOR_WIDTH_M))
    # the entrance: the entrance room's longest exterior wall
    sides = sorted(exterior_sides(rects[entrance], fp), key=lambda s: (-s[1].length, ("south", "east", "west", "north").index(s[0])))
    seg = sides[0][1]
    entrance_door = PlanDoor(entrance, None, seg, float(_place(seg, ENTRANCE_WIDTH_M, rng)), ENTRANCE_WIDTH_M)
    windows: list[PlanWindow] = []
    order = [str(s.name) for s in specs]
    for name in order:
        kind = types[name]
        if kind == HALL:
            continue
        sides = sorted(exterior_sides(rects[name], fp), key=lambda s: -s[1].length)
        if kind in PRIVATE:
            if not sides or rng.random() < 0.3:
                continue
            sides, width = sides[:1], 0.6
        else:
            sides, width = sides[:2], None
        for _, seg in sides:
            w = width if width is not None else min(1.6, round(seg.length * 0.4, 2))
            if w < 0.6:
                continue
            c = entrance_door.offset_m
            avoid = ((c - ENTRANCE_WIDTH_M / 2, c + ENTRANCE_WIDTH_M / 2),) if seg == entrance_door.segment else ()
            offset = _place(seg, w, rng, avoid)
            if offset is not None:
                windows.append(PlanWindow(name, seg, offset, w, 0.6 if kind in PRIVATE else 1.3, 1.5 if kind in PRIVATE else 0.9))
    plan_rooms_ = tuple(PlanRoom(n, types[n], rects[n]) for n in order)
    return Plan(fp, plan_rooms_, tuple(doors), entrance_door, tuple(windows), tuple(required), notes)
