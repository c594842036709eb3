"""The programmatic critic: four integer grades (0–10) in the spirit of SceneWeaver's GPT review,
each computed from measurable facts, each deduction written down as a reason.

Every grade starts at 10; the deductions below apply (each rule capped as shown); the grade is
clipped to [0, 10]. ``rooms`` holds the room knowledge; object ids in reasons are the scene's.

Realism — is this a believable room of its type?
  * an object that does not belong in this room type: -2 each (max -6) for room-specific
    categories (listed for at most 4 room types in the catalogue: a toilet, a bed, an oven), -1 per
    category (max -2) for broader ones that are merely unusual there
  * a size outside its category's range by more than 25 %: -1 each (max -3)
  * an unsupported (floating, sunken or hanging in the air) object (SUP): -1 each (max -3)
  * a colliding pair (#CN): -1 each (max -3); an object out of bounds (#OB): -1 each (max -2)
  * a piece standing right in front of a wall (within 0.3 m) and facing it: -1 each (max -2)
  * fewer than 3 small everyday objects (nothing lived-in): -1
  * more than 4 / 6 different wood finishes (oak, walnut, painted white ...) across the floor
    furniture (designers keep to two or three; beyond four the furniture looks thrown together): -1 / -2

Functionality — does the room support what it is for?
  * an essential group of the room type missing (no bed in a bedroom): -3 each (max -9)
  * a chair or stool at a table or desk (within 0.6 m) that does not face it: -1 each (max -3)
  * a chair, stool or desk / table without its counterpart within 0.6 m (an office chair with no
    desk, a desk with no chair): -1 each (max -2)
  * a screen (TV) that no sofa / armchair / bench faces, or that faces none of them: -2 each (max -2)
  * a nightstand farther than 0.5 m from every bed: -1 each (max -2)
  * an object whose functional sides are all blocked (ACC side score < 0.5, chairs and stools
    neither scored nor blocking since they are pulled out in use): -1 each (max -3)
  * a door whose clearance is more than 10 % occluded (OPC): -2 each (max -4)
  * an object none of whose functional sides a walker from the door reaches through a walkway at
    least 0.6 m wide (``design``: circulation; chairs pulled out): -1 each (max -2)
  * conversation: in a seating group (sofas, loveseats, armchairs whose seats lie within 4 m of each
    other), a seat more than 3 m from its nearest neighbour: -1 each (max -2); a seat whose front
    turns more than 60 degrees from the group's centre (its coffee table, else where the seats'
    fronts meet): -1 each (max -2)
  * focal point: the main seating (largest sofa / loveseat / armchair, else the bed, else the
    chairs, half of them within 100 degrees) not facing the screen, or a board the room type lists,
    within 35 degrees; in a room that needs a bed and has no screen or board, the bed not standing
    with its head to a wall: -2
  * a window more than 25 % covered by furniture in front of it (OPC's window box, 0.5 m deep):
    -1 each (max -2)
  * a room where people read, work or sit in the evening (bedroom, living room, study ...) lit only
    from the ceiling, with no table, desk or floor lamp or wall light: -1
  * too few lights for the floor: more than 18 / 27 m² per light (a ceiling light counts 1, a lamp
    or wall light 0.5; lighting guides give one ceiling fixture per 10-15 m²): -1 / -2

Layout — is the arrangement tidy, walkable, sensibly oriented?
  * navigability below 0.95: -ceil((0.95 - NAV) x 10) (max -5)
  * footprints covering more than 50 % / 60 % of the floor (crowded): -1 / -2
  * a wall piece (wardrobe, bookshelf, sofa, cabinets ...) not standing with its back to a wall
    (within 0.3 m, back turned to it): -1 each (max -3)
  * a colliding pair: -1 each (max -2); an object out of bounds: -1 each (max -2)
  * circulation: a walker 0.6 m wide starting at the door reaches less than 90 % of the free floor
    (``design``): -1 per 10 % short (max -4)
  * main walkways: a walker 0.9 m wide (the guidelines' main-walkway width; 0.6 m is the least for a
    passage) starting at the door serves less than 50 % / 25 % of the free floor: -1 / -2
  * a door in front of which a walker cannot stand (within 0.9 m of it): -2
  * alignment: a large floor piece (footprint >= 0.35 m², a side >= 0.7 m, chairs aside) turned more
    than 5 degrees off the walls' directions: -1 each, -2 beyond 15 degrees (max -3); two large
    pieces within 0.5 m of each other more than 5 degrees off each other: -1 each pair (max -2)
  * visual balance: the centre of mass of the floor furniture (footprint area x height) more than
    30 % / 45 % / 60 % of the half-room from the room's centre (each axis in half-extents): -1 / -2 / -3
  * symmetry: two nightstands, armchairs or side tables at one anchor (bed, sofa, loveseat, coffee
    table within 2 m) not mirroring each other about its centre line (positions off by more than
    0.3 m or yaws by more than 15 degrees): -1 each pair (max -2)
  * an unmet relation spec of the instruction (``eq,1,face,sofa,tv``, ``eq,1,against,bed,wall``):
    -2 each (max -6)

Completion — does the room look finished, furnished down to small things?
  * fewer objects (N_obj) than the room's area calls for (``rooms.target_objects``):
    -ceil(5 x (1 - N_obj / target))
  * each expected category of the room type missing (a TV on a stand counts for a wall TV and the
    other way round): -1 (max -3)
  * a shelf unit holding nothing on its shelves: -2 each (max -4)
  * fewer than half of the tables, tops and counters holding anything: -1
  * furniture covering less than 12 % / 20 % of the floor (the room looks empty): -2 / -1
  * an unmet count spec of the instruction (``eq,1,bookshelf``: the user asked for a bookshelf and
    there is none): -2 each (max -6), named with the count found

The instruction's specs are those ``evaluate`` measures (extracted from the instruction or given);
three unmet ones cost at least 6 points across the grades. The interior-design terms follow Merrell
et al. 2011 ("Interactive furniture layout using interior design guidelines"); ``design`` measures
them and documents how.

"Holding" and "facing" are measured on the geometry (``relations``: an object on or inside the
supporter's box; SceneEval's face_to), not read from the scene's parent links.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ...assets.materials import MATERIALS
from ...ground import catalog
from ...ground.rooms import BY_ROOM, RoomKind
from ...ground.geometry import Box, boxes_overlap, front_vector, inside_rect, wall_frame
from ..solver.world import ACCESS_M, access_strips, box_of, is_flat_covering, opening_front
from ...ground.state import WALLS, SceneState
from ..programs import program_counts
from . import design
from . import relations as R
from . import rooms
from .raster import FloorGrid


def _room_kind(room) -> RoomKind:
    return BY_ROOM[room.room_type]


NEAR_TABLE_M = 0.6
SPECIFIC_ROOMS = 4  # a category listed for at most this many room types is room-specific (a toilet, a bed, an oven)
SIZE_TOLERANCE = 0.25
BESIDE_BED_M = 0.5
WALL_REACH_M = 0.3
# the interior-design terms (``design`` measures them; see the rubric above)
REACH_GOOD = 0.9  # the walker's reach below this share of the free floor costs a point per REACH_STEP (max REACH_CAP)
REACH_STEP = 0.1
REACH_CAP = 4
MAIN_WALKWAY_STEPS = ((0.5, 1), (0.75, 2))  # share of the free floor the 0.9 m main walkways miss above each: that many points
BALANCE_STEPS = ((0.3, 1), (0.45, 2), (0.6, 3))  # centre-of-mass offset above each: that many points
ALIGN_DEG = 5.0
ALIGN_BAD_DEG = 15.0
SYMMETRY_M = 0.3
SYMMETRY_DEG = 15.0
WINDOW_BLOCKED = 0.25
REQUIREMENT_POINTS = 2
REQUIREMENT_CAP = 6


@dataclass(frozen=True)
class Facts:
    """What the critic reads: measured by the other metrics."""

    n_obj: int
    collisions: tuple[tuple[str, str], ...]
    out_of_bounds: tuple[str, ...]
    unsupported: tuple[str, ...]
    nav: float
    access: dict[str, float]  # best functional-side score per scored object
    door_occlusion: dict[str, float]  # per door
    window_occlusion: dict[str, float] = field(default_factory=dict)  # per window
    unmet: tuple[tuple[str, str, int], ...] = ()  # the instruction's unmet specs: (spec, kind, count found)
    blocked_joints: tuple[str, ...] = ()  # doors, drawers and lids that cannot open fully ("id joint (how far, what is in the way)")


@dataclass(frozen=True)
class Reason:
    """One deduction: a stable ``code`` (what kind of problem; programs read this, never the text),
    the points it cost, the text shown to people and the subjects it names (object ids, or
    category labels for what is missing; at most ``SHOWN`` of them, as the text names them)."""

    code: str
    points: int
    text: str
    subjects: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"-{self.points}: {self.text}"

    def to_dict(self) -> dict:
        return {"code": self.code, "points": self.points, "text": self.text, "subjects": list(self.subjects)}


SHOWN = 6  # subjects a reason names; the rest are counted

FINISH_TONES = 4  # wood finishes a room's furniture may show before it looks thrown together (designers keep to two or three)
TASK_LIT_ROOMS = frozenset({"bedroom", "living_room", "home_office", "library", "studio_apartment", "children_room", "nursery"})
LIT_AREA_M2 = 18.0  # floor one light may serve before the room is under-lit
CEILING_LIGHTS = frozenset(c.name for c in catalog.CATEGORIES if c.placement == "ceiling" and c.name not in ("projector", "ceiling_fan"))
LAMPS = frozenset(c.name for c in catalog.CATEGORIES if c.name.endswith("lamp") and c.name != "exam_lamp" or c.name == "wall_light")
LIGHTS = CEILING_LIGHTS | LAMPS


# Every reason code the critic gives, by grade (a test checks that no other code appears).
CODES = frozenset({
    "foreign_object", "unusual_object", "implausible_size", "unsupported", "collision", "out_of_bounds", "faces_wall", "not_lived_in",
    "finishes_clash", "no_task_light", "under_lit", "missing_essential", "seat_turned_away", "seat_or_table_alone", "screen_unwatched",
    "nightstand_astray", "side_blocked", "front_blocked", "joint_blocked", "door_blocked", "out_of_reach", "conversation_far", "conversation_turned",
    "focal_ignored", "window_blocked",
    "floor_split", "crowded", "not_against_wall", "overlap", "sticks_out", "narrow_walkway",
    "narrow_main_walkway", "door_approach", "misaligned", "misaligned_pair",
    "unbalanced", "asymmetric_pair", "unmet_arrangement", "too_few_objects", "missing_expected", "empty_shelves", "empty_tops", "looks_empty",
    "sparse", "unmet_requirement",
})


@dataclass
class _Grade:
    name: str
    value: int = 10
    reasons: list[Reason] = field(default_factory=list)

    def deduct(self, points: int, code: str, text: str, subjects: tuple[str, ...] = ()) -> None:
        if points > 0:
            self.value -= points
            self.reasons.append(Reason(code, points, text, subjects))

    def each(self, items: list[str], points: int, cap: int, code: str, what: str) -> None:
        """Deduct ``points`` per item (at most ``cap``), naming the items."""
        if items:
            shown = ", ".join(items[:SHOWN]) + (f" and {len(items) - SHOWN} more" if len(items) > SHOWN else "")
            self.deduct(min(cap, points * len(items)), code, f"{what}: {shown}", tuple(items[:SHOWN]))


@dataclass(frozen=True)
class Critique:
    grades: dict[str, int]
    reasons: dict[str, tuple[Reason, ...]]


def _cat(state: SceneState, oid: str) -> str:
    return state.get(oid).category


def _near_wall_facing(box: Box, yaw: float, room, facing_wall: bool) -> bool:
    """Whether the box is within WALL_REACH_M of a wall with its front (facing_wall) or back turned to it."""
    front = front_vector(yaw)
    for wall in WALLS:
        if R.wall_distance(box, room, wall) <= WALL_REACH_M:
            _, _, inward = wall_frame(room, wall)
            towards = float(np.dot(front, -inward))
            if (towards > 0.7) if facing_wall else (towards < -0.7):
                return True
    return False


def _realism(state: SceneState, facts: Facts, boxes: dict[str, Box]) -> _Grade:
    g = _Grade("realism")
    room = state.room
    label = room.room_type.replace("_", " ")
    counted = [o for o in state.objects if catalog.BY_NAME[o.category].counts_as_object]
    strangers = [o for o in counted if room.room_type not in catalog.BY_NAME[o.category].rooms]
    foreign = [f"{o.id} ({o.category.replace('_', ' ')})" for o in strangers if len(catalog.BY_NAME[o.category].rooms) <= SPECIFIC_ROOMS]
    g.each(foreign, 2, 6, "foreign_object", f"does not belong in a {label}")
    unusual = sorted({o.category.replace("_", " ") for o in strangers if len(catalog.BY_NAME[o.category].rooms) > SPECIFIC_ROOMS})
    g.each(unusual, 1, 2, "unusual_object", f"unusual in a {label}")
    odd = []
    for o in counted:
        c = catalog.BY_NAME[o.category]
        size = o.size
        if any(s < lo * (1 - SIZE_TOLERANCE) or s > hi * (1 + SIZE_TOLERANCE) for s, lo, hi in zip(size, c.min_size, c.max_size)):
            odd.append(f"{o.id} ({' x '.join(f'{s:.2f}' for s in size)} m)")
    g.each(odd, 1, 3, "implausible_size", "implausible size")
    g.each(list(facts.unsupported), 1, 3, "unsupported", "not supported (floating or sunken)")
    g.each([f"{a}/{b}" for a, b in facts.collisions], 1, 3, "collision", "interpenetrating")
    g.each(list(facts.out_of_bounds), 1, 2, "out_of_bounds", "outside the room")
    facing = [o.id for o in counted if catalog.BY_NAME[o.category].placement == "floor" and "front" in catalog.BY_NAME[o.category].functional_sides
              and _near_wall_facing(boxes[o.id], o.pose.yaw_deg, room, True)]
    g.each(facing, 1, 2, "faces_wall", "faces the wall")
    small = sum(1 for o in counted if catalog.BY_NAME[o.category].placement == "on_top")
    if small < 3:
        g.deduct(1, "not_lived_in", f"only {small} small everyday objects: the room does not look lived-in")
    woods = sorted({v for o in counted if catalog.BY_NAME[o.category].placement == "floor" for v in o.params.values()
                    if isinstance(v, str) and v in MATERIALS and MATERIALS[v].family == "wood"})
    if len(woods) > FINISH_TONES:
        g.deduct(1 + (len(woods) > FINISH_TONES + 2), "finishes_clash",
                 f"{len(woods)} different wood finishes ({', '.join(w.replace('_', ' ') for w in woods)}): the furniture does not go together")
    return g


def _steps(value: float, steps: tuple[tuple[float, int], ...]) -> int:
    """The points of the highest threshold ``value`` exceeds."""
    return max((p for t, p in steps if value > t), default=0)


def _blocks_fronts(obj) -> bool:
    """A floor piece that stays where it is: not a chair (pulled away), not a rug (lies under)."""
    return obj is not None and catalog.BY_NAME[obj.category].placement == "floor" and obj.category not in rooms.CHAIRS \
        and not is_flat_covering(obj.category)


def fronts_blocked(state: SceneState, boxes: dict[str, Box]) -> list[str]:
    """Floor pieces whose doors, drawers or lid cannot open (the side they open on,
    ``solver.world.opening_front``, has less than ``ACCESS_M`` free in front of it: a wall or a
    floor piece stands there), as "id (what blocks it)". Chairs do not block (they are pulled away),
    nor rugs (they lie under); small things and wall pieces are left to the sweep of each part."""
    room = state.room
    out = []
    for o in state.objects:
        side = opening_front(o.category)
        if side is None:
            continue
        strip = access_strips(o.params, o.pose, o.category)[side]
        if not inside_rect(strip, 0.0, 0.0, room.width_m, room.depth_m):
            out.append(f"{o.id} (a wall)")
            continue
        blockers = [oid for oid, b in boxes.items() if oid != o.id and boxes_overlap(strip, b) and _blocks_fronts(state.get(oid))]
        if blockers:
            out.append(f"{o.id} ({blockers[0]})")
    return out


def _functionality(state: SceneState, facts: Facts, boxes: dict[str, Box], flow: design.Circulation) -> _Grade:
    g = _Grade("functionality")
    room = state.room
    present = {o.category for o in state.objects}
    missing = [" or ".join(c.replace("_", " ") for c in group) for group in missing_essentials(state)]
    g.each(missing, 3, 9, "missing_essential", f"a {room.room_type.replace('_', ' ')} needs it but it is missing")
    ids = {o.id: o.category for o in state.objects}
    seats = [i for i, c in ids.items() if c in rooms.CHAIRS]
    tables = [i for i, c in ids.items() if c in rooms.TABLES]
    turned, lonely_seats = [], []
    for s in seats:
        near = [t for t in tables if R.box_gap(boxes[s], boxes[t]) <= NEAR_TABLE_M]
        if not near:
            if tables or ids[s] == "office_chair":
                lonely_seats.append(s)
        elif not any(R.face_to(boxes[s], boxes[t]) > R.PASS for t in near):
            turned.append(f"{s} (at {near[0]})")
    g.each(turned, 1, 3, "seat_turned_away", "does not face its table")
    lonely_tables = [t for t in tables if ids[t] in rooms.WORK_TABLES and not any(R.box_gap(boxes[t], boxes[s]) <= NEAR_TABLE_M for s in seats)]
    g.each(lonely_seats + lonely_tables, 1, 2, "seat_or_table_alone", "has no table or chair to go with it")
    soft = [i for i, c in ids.items() if c in rooms.SOFT_SEATS]
    unwatched = []
    for tv in (i for i, c in ids.items() if c in rooms.SCREENS):
        if soft and not any(R.face_to(boxes[s], boxes[tv]) > R.PASS and R.face_to(boxes[tv], boxes[s]) > R.PASS for s in soft):
            unwatched.append(tv)
        elif not soft and room.room_type in ("living_room", "bedroom", "studio_apartment", "game_room", "basement", "waiting_room"):
            unwatched.append(tv)
    g.each(unwatched, 2, 2, "screen_unwatched", "no seat faces the screen")
    beds = [i for i, c in ids.items() if c in rooms.BEDS]
    stray = [n for n, c in ids.items() if c == "nightstand" and not any(R.box_gap(boxes[n], boxes[b]) <= BESIDE_BED_M for b in beds)]
    g.each(stray, 1, 2, "nightstand_astray", "nightstand not beside a bed")
    g.each([f"{oid} ({score:.0%} free)" for oid, score in facts.access.items() if score < R.PASS], 1, 3, "side_blocked", "functional side blocked")
    g.each(fronts_blocked(state, boxes), 2, 4, "front_blocked", f"its doors or drawers cannot open: less than {ACCESS_M:g} m free in front")
    g.each(list(facts.blocked_joints), 1, 3, "joint_blocked", "cannot open all the way")
    g.each([f"{d} ({occ:.0%} occluded)" for d, occ in facts.door_occlusion.items() if occ > 0.1], 2, 4, "door_blocked", "door blocked")
    g.each(list(flow.out_of_reach), 1, 2, "out_of_reach", "no walkway 0.6 m wide leads from the door to its functional side")
    talk = design.conversation(state, boxes)
    g.each([f"{s} ({d:.1f} m)" for s, d in talk.too_far], 1, 2, "conversation_far",
           f"too far from the nearest seat of its group to talk (over {design.CONVERSE_M:.0f} m)")
    g.each([f"{s} ({a:.0f} deg)" for s, a in talk.turned], 1, 2, "conversation_turned", "turned away from its seating group")
    kind = _room_kind(room)
    focus = design.focal_point(state, boxes, kind.listed, any(set(group) & set(rooms.BEDS) for group in kind.essential))
    if not focus.faces:
        if focus.seating == (focus.focal,):
            g.deduct(2, "focal_ignored", f"{focus.focal}, the room's focal point, does not stand with its head to a wall", (focus.focal,))
        else:
            who = ", ".join(focus.seating[:SHOWN]) + (f" and {len(focus.seating) - SHOWN} more" if len(focus.seating) > SHOWN else "")
            g.deduct(2, "focal_ignored", f"the main seating ({who}) does not face {focus.focal}, the room's focal point",
                     (focus.focal,) + focus.seating[: SHOWN - 1])
    g.each([f"{w} ({occ:.0%} covered)" for w, occ in facts.window_occlusion.items() if occ > WINDOW_BLOCKED], 1, 2, "window_blocked",
           "furniture stands in front of the window")
    if room.room_type in TASK_LIT_ROOMS and not present & LAMPS:
        g.deduct(1, "no_task_light", "lit only from the ceiling: no lamp to read or work by")
    lights = sum(1.0 if o.category in CEILING_LIGHTS else 0.5 for o in state.objects if o.category in LIGHTS)
    per_light = room.width_m * room.depth_m / max(lights, 0.5)
    if per_light > LIT_AREA_M2:
        g.deduct(1 + (per_light > 1.5 * LIT_AREA_M2), "under_lit", f"{per_light:.0f} m² of floor per light: too few lights for the room")
    return g


def _coverage(state: SceneState, boxes: dict[str, Box]) -> float:
    grid = FloorGrid.of(state.room, 0.0, 128)
    floor = grid.floor(state.room)
    covered = np.zeros_like(floor)
    for o in state.objects:
        c = catalog.BY_NAME[o.category]
        if c.placement == "floor" and c.counts_as_object:
            covered |= grid.box(boxes[o.id])
    return float((covered & floor).sum()) / max(1, int(floor.sum()))


def _layout(state: SceneState, facts: Facts, boxes: dict[str, Box], coverage: float, flow: design.Circulation) -> _Grade:
    g = _Grade("layout")
    if facts.nav < 0.95:
        g.deduct(min(5, math.ceil((0.95 - facts.nav) * 10 - 1e-9)), "floor_split", f"walkable floor split up: only {facts.nav:.0%} of it is reachable (NAV)")
    if coverage > 0.6:
        g.deduct(2, "crowded", f"crowded: furniture covers {coverage:.0%} of the floor")
    elif coverage > 0.5:
        g.deduct(1, "crowded", f"crowded: furniture covers {coverage:.0%} of the floor")
    loose = [o.id for o in state.objects if o.category in rooms.WALL_PIECES and not _near_wall_facing(boxes[o.id], o.pose.yaw_deg, state.room, False)]
    g.each(loose, 1, 3, "not_against_wall", "should stand with its back to a wall")
    g.each([f"{a}/{b}" for a, b in facts.collisions], 1, 2, "overlap", "objects overlap")
    g.each(list(facts.out_of_bounds), 1, 2, "sticks_out", "sticks out of the room")
    g.deduct(min(REACH_CAP, math.ceil((REACH_GOOD - flow.reach) / REACH_STEP - 1e-9)), "narrow_walkway",
             f"cramped circulation: a walker (0.6 m wide) from the door reaches only {flow.reach:.0%} of the free floor")
    g.deduct(_steps(1.0 - flow.main_reach, MAIN_WALKWAY_STEPS), "narrow_main_walkway",
             f"no comfortable main walkway: a 0.9 m-wide path from the door serves only {flow.main_reach:.0%} of the free floor")
    g.each(sorted(d for d, ok in flow.doors.items() if not ok), 2, 2, "door_approach", "no room to stand in front of the door")
    lined = design.alignment(state, boxes)
    crooked = [(i, a) for i, a in lined.off_wall if a > ALIGN_DEG]
    if crooked:
        points = min(3, sum(1 if a <= ALIGN_BAD_DEG else 2 for _, a in crooked))
        names = [f"{i} ({a:.0f} deg)" for i, a in crooked]
        g.deduct(points, "misaligned", "not aligned with the walls: " + ", ".join(names[:SHOWN]), tuple(i for i, _ in crooked[:SHOWN]))
    g.each([f"{a}/{b} ({d:.0f} deg)" for a, b, d in lined.off_pair if d > ALIGN_DEG], 1, 2, "misaligned_pair", "neighbours not aligned with each other")
    offset = design.balance(state, boxes)
    g.deduct(_steps(offset, BALANCE_STEPS), "unbalanced",
             f"visually unbalanced: the furniture's centre of mass is {offset:.0%} of the half-room away from the centre")
    g.each([f"{p.pair[0]}/{p.pair[1]} at {p.anchor} ({p.offset_m:.2f} m, {p.yaw_deg:.0f} deg)" for p in design.symmetry(state, boxes)
            if p.offset_m > SYMMETRY_M or p.yaw_deg > SYMMETRY_DEG], 1, 2, "asymmetric_pair", "pair not placed symmetrically")
    g.each([f"{spec} (found {n})" for spec, kind, n in facts.unmet if kind != "count"], REQUIREMENT_POINTS, REQUIREMENT_CAP,
           "unmet_arrangement", "the instruction asks for this arrangement")
    return g


def _holding(state: SceneState, boxes: dict[str, Box]) -> dict[str, int]:
    """How many small objects stand on or in each supporter (measured on the boxes)."""
    small = [o for o in state.objects if catalog.BY_NAME[o.category].placement == "on_top"]
    extent = {o.id: boxes[o.id].aabb() for o in state.objects}

    def meets(a: str, b: str) -> bool:
        (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = extent[a], extent[b]
        return ax0 <= bx1 and bx0 <= ax1 and ay0 <= by1 and by0 <= ay1

    held = {}
    for s in state.objects:
        if catalog.BY_NAME[s.category].supports:
            held[s.id] = sum(1 for o in small if meets(o.id, s.id) and R.on(boxes[o.id], boxes[s.id]) > R.PASS)
    return held


def missing_essentials(state: SceneState) -> tuple[tuple[str, ...], ...]:
    """The room type's essential groups (a bed for a bedroom: any of its kinds) none of whose
    categories is there."""
    present = {o.category for o in state.objects}
    return tuple(tuple(group) for group in _room_kind(state.room).essential if not present & set(group))


@dataclass(frozen=True)
class Gaps:
    """What a room lacks to be complete, as the grades count it: the essential groups absent
    (functionality), the objects short of the target for its floor area, the expected categories
    absent (none of their alternatives there), the shelf units that hold nothing, and the tops
    that hold nothing when fewer than half of all tops hold anything (else none)."""

    essentials: tuple[tuple[str, ...], ...]
    target: int
    few: int
    missing: tuple[str, ...]
    empty_shelves: tuple[str, ...]
    bare_tops: tuple[str, ...]
    tops: int
    thin: tuple[tuple[str, int], ...] = ()  # (category, how many short): the room's repeated pieces, well under their usual number

    @property
    def size(self) -> int:
        """One number that falls as the room gets more complete (0: nothing lacks), weighted as
        the grade deducts: an absent category or an empty shelf unit costs more than one object,
        each piece a thin set of repeated pieces lacks (``thin``) as much as an object."""
        return (9 * len(self.essentials) + self.few + 3 * len(self.missing) + 3 * len(self.empty_shelves) + len(self.bare_tops)
                + sum(n for _, n in self.thin))


REPEATED = 3  # a floor piece the room type's program places at least this many of is a repeated one (``thin_pieces``)
THIN_SHARE = 2 / 3  # a room holds at least this share of the repeated pieces its program places, or is thin


def thin_pieces(state: SceneState) -> tuple[tuple[str, int], ...]:
    """The floor pieces the room type's program places several of (``REPEATED``: a classroom's
    desks and chairs, a cafe's tables) at its normal density, of which the room holds less than
    ``THIN_SHARE`` (of fewer in a room smaller than the type's usual size, in proportion to its
    floor), with how many it lacks to that share: a classroom of one pupil's desk is not
    complete, as many objects as its shelves may hold. (Counted for completion steering; the
    grade does not.)"""
    room = state.room
    if room is None:
        return ()
    have: dict[str, int] = {}
    for o in state.objects:
        have[o.category] = have.get(o.category, 0) + 1
    out = []
    kind = BY_ROOM.get(room.room_type)
    scale = min(1.0, room.width_m * room.depth_m / (kind.size_m[0] * kind.size_m[1])) if kind is not None else 1.0
    for category, n in sorted(program_counts(room.room_type, "normal").items()):
        if n < REPEATED or category not in catalog.BY_NAME or catalog.BY_NAME[category].placement != "floor":
            continue
        need = math.ceil(THIN_SHARE * n * scale - 1e-9)
        held = sum(have.get(c, 0) for c in rooms.alternatives(category))
        if held < need:
            out.append((category, need - held))
    return tuple(out)


def completion_gaps(state: SceneState, boxes: dict[str, Box] | None = None) -> Gaps:
    """The room's ``Gaps`` (``boxes``: the objects' boxes when already computed)."""
    boxes = boxes if boxes is not None else {o.id: box_of(o) for o in state.objects}
    room = state.room
    target = rooms.target_objects(room.width_m * room.depth_m)
    present = {o.category for o in state.objects}
    missing = tuple(c for c in _room_kind(room).expected if not present & rooms.alternatives(c))
    held = _holding(state, boxes)
    empty_shelves = tuple(i for i, n in held.items() if _cat(state, i) in rooms.SHELVES and n == 0)
    tops = [i for i in held if _cat(state, i) in rooms.TOPS]
    bare = tuple(i for i in tops if held[i] == 0) if tops and sum(1 for i in tops if held[i] > 0) < len(tops) / 2 else ()
    return Gaps(missing_essentials(state), target, max(0, target - len(state.objects)), missing, empty_shelves, bare, len(tops), thin_pieces(state))


def _completion(state: SceneState, facts: Facts, boxes: dict[str, Box], coverage: float) -> _Grade:
    g = _Grade("completion")
    gaps = completion_gaps(state, boxes)
    target = gaps.target
    if facts.n_obj < target:
        g.deduct(math.ceil(5 * (1 - facts.n_obj / target) - 1e-9), "too_few_objects", f"{facts.n_obj} objects where a room of this size holds about {target}")
    g.each([c.replace("_", " ") for c in gaps.missing], 1, 3, "missing_expected", "missing")
    g.each(list(gaps.empty_shelves), 2, 4, "empty_shelves", "empty shelves")
    if gaps.bare_tops:
        g.deduct(1, "empty_tops", f"only {gaps.tops - len(gaps.bare_tops)} of {gaps.tops} tables and tops hold anything")
    if coverage < 0.12:
        g.deduct(2, "looks_empty", f"the room looks empty: furniture covers {coverage:.0%} of the floor")
    elif coverage < 0.2:
        g.deduct(1, "sparse", f"sparse: furniture covers {coverage:.0%} of the floor")
    g.each([f"{spec} (found {n})" for spec, kind, n in facts.unmet if kind == "count"], REQUIREMENT_POINTS, REQUIREMENT_CAP,
           "unmet_requirement", "the instruction asks for it")
    return g


def critique(state: SceneState, facts: Facts) -> Critique:
    """Grades (0–10) and the reasons that lowered them."""
    boxes = {o.id: box_of(o) for o in state.objects}
    coverage = _coverage(state, boxes)
    flow = design.circulation(state, boxes)
    graded = (_realism(state, facts, boxes), _functionality(state, facts, boxes, flow), _layout(state, facts, boxes, coverage, flow),
              _completion(state, facts, boxes, coverage))
    return Critique({g.name: int(max(0, min(10, g.value))) for g in graded}, {g.name: tuple(g.reasons) for g in graded})
