"""The planner: a Request (what the reader understood) -> the calls that honour it, then the room
program for the rest.

Order of the trajectory:

1. ``init_room`` with the requested (or typical) size; the windows go on the wall opposite the door.
2. One or a few calls per requirement, anchors before what relates to them: a relation to an earlier
   requirement becomes ``add_related`` / ``add_group`` / ``add_on_top`` / ``add_crowd`` /
   ``add_wall_object(above=...)``; a placement becomes ``add_object(placement=..., wall=...)`` (the
   "back" wall is the one opposite the door, the "window" wall the one with the windows); small
   objects without a named supporter go on the first free top; wall and ceiling objects are hung.
   A requirement that cannot be placed keeps its call: the call's result says why.
3. The room program's steps up to the request's density (``programs``), without contradicting
   it: no step adds a category the request rules out ("no coffee table"), none adds more of a
   category whose count the request fixes ("exactly two chairs", "a bed": the bed set's double bed
   is not added next to the requested single bed), and steps about the program's main piece of a
   kind (its bed, its desk) refer to the requested piece of that kind instead.
4. The dressing calls (small objects on empty tops and shelves, decor on bare walls) for the
   normal and dense densities, then ``terminate``.

The planner executes each call as the executor will (same seed, same per-call generators), so it
can skip program steps that do not fit and dress what was really built; the trajectory it returns
replays to the same scene. No bpy; deterministic for a request and a seed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ground import catalog
from ..ground.rooms import BY_ROOM
from ..ground.state import WALLS, SceneState
from . import programs
from . import trajectory as T
from .executor import apply_call, call_rng
from .metrics.specs import SpecError, categories_for
from .reader import Request, Requirement
from .tools.add_set import CENTREPIECES, SETS

MAX_CALLS = 79  # the trajectory language allows 80 calls, terminate included
OPPOSITE = {"north": "south", "south": "north", "east": "west", "west": "east"}
SIDES = {"north": ("east", "west"), "south": ("west", "east"), "east": ("north", "south"), "west": ("south", "north")}
DENSITY = {"sparse": "sparse", "normal": "normal", "dense": "dense", None: "dense"}
SIZE_WORDS = {"small": 0.8, "medium": 1.0, "large": 1.25}
RELATED = {"beside": "beside", "left_of": "left_of", "right_of": "right_of", "in_front_of": "in_front_of", "behind": "behind",
           "facing": "facing", "near": "near", "across_from": "facing", "both_sides": "on_both_sides"}
# what a relation or placement says about how the object is placed ("a lamp on the nightstand" is a table lamp)
PLACEMENT_KIND = {"on_top": "on_top", "on": "on_top", "inside": "on_top", "above": "wall", "on_wall": "wall", "ceiling": "ceiling", "around": "floor",
                  "both_sides": "floor", "in_front_of": "floor", "facing": "floor", "corner": "floor", "middle": "floor", "against_wall": "floor"}
_CATEGORY_ARG = re.compile(r'(?:category|member)="(\w+)"')
_CATEGORIES_ARG = re.compile(r'categories=\(([^)]*)\)')
_KIND_ARG = re.compile(r'kind="(\w+)"')


@dataclass
class Plan:
    """The calls written so far, the state they build, and what the request fixes."""

    seed: int
    state: SceneState = SceneState()
    calls: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)  # each kept call's result summary
    notes: list[str] = field(default_factory=list)  # what could not be honoured, in words
    fixed: list[tuple[frozenset[str], int]] = field(default_factory=list)  # (categories, the most the request allows of them together)
    door_wall: str = "south"
    window_wall: str = "north"

    def run(self, text: str, keep_failed: bool = False) -> list[str]:
        """Execute one call as the executor will; keep it when it worked (or when asked). Returns
        the ids it created. A plan holds at most ``MAX_CALLS`` calls before ``terminate``."""
        if len(self.calls) >= MAX_CALLS:
            return []
        call = T.parse(f"1. {text}").calls[0]
        occurrence = sum(1 for c in self.calls if c == text)
        result = apply_call(self.state, call, call_rng(self.seed, call, occurrence))
        if result.failure:
            if keep_failed:
                self.calls.append(text)
                self.results.append(result.summary())
                self.notes.append(f"{text}: {result.failure}")
            return []
        self.calls.append(text)
        self.results.append(result.summary())
        self.state = result.state
        return list(result.created)

    def count(self, category: str) -> int:
        return sum(1 for o in self.state.objects if o.category == category)


# ---------------------------------------------------------------- choosing categories and walls

def concrete(requirement: Requirement, room_type: str) -> str | None:
    """The catalogue category a requirement's word stands for in this room: the category itself, or
    for a generic noun ("chair") the member that the room's program uses, else the first that
    belongs in the room, else the first."""
    if requirement.category in catalog.BY_NAME:
        return requirement.category
    try:
        options = sorted(categories_for(requirement.category))
    except SpecError:
        return None
    kind = PLACEMENT_KIND.get(requirement.relation or "", PLACEMENT_KIND.get(requirement.placement or ""))
    fitting = [c for c in options if catalog.BY_NAME[c].placement == kind] if kind else []
    options = fitting or options
    for group in BY_ROOM[room_type].essential:  # what the room type needs comes first ("a table" in a dining room)
        for c in group:
            if c in options:
                return c
    program = " ".join(text for _, text in programs.ROOM_PROGRAMS.get(room_type, ()))
    used = sorted((program.find(f'"{c}"'), c) for c in options if f'"{c}"' in program)
    if used:
        return used[0][1]
    belongs = [c for c in options if room_type in catalog.BY_NAME[c].rooms]
    return (belongs or options or [None])[0]


def covered(requirement: Requirement) -> frozenset[str]:
    """Every category a requirement's word covers ("chair" covers dining and office chairs ...)."""
    try:
        return categories_for(requirement.category)
    except SpecError:
        return frozenset({requirement.category})


def wall_of(plan: Plan, requirement: Requirement) -> str:
    w = requirement.wall
    if w in WALLS:
        return w
    if w == "back":
        return OPPOSITE[plan.door_wall]
    if w == "side":
        return SIDES[plan.door_wall][0]
    if w == "window" or requirement.placement == "near_window":
        return plan.window_wall
    if w == "door" or requirement.placement == "near_door":
        return plan.door_wall
    return "any"


def room_size(request: Request, room_type: str, scale: float = 1.0) -> tuple[float, float]:
    """The requested size, else the size for the requested area, else the room type's typical size
    for the size word ("small", "large"), times ``scale``."""
    if request.size_m:
        w, d = request.size_m
    elif request.area_m2:
        tw, td = BY_ROOM[room_type].size_m
        scale = (float(request.area_m2) / (tw * td)) ** 0.5
        w, d = tw * scale, td * scale
    else:
        tw, td = BY_ROOM[room_type].size_m
        factor = SIZE_WORDS.get(request.size_word or "medium", 1.0) * scale
        w, d = tw * factor, td * factor
    return round(min(15.0, max(2.0, w)), 2), round(min(15.0, max(2.0, d)), 2)


# ---------------------------------------------------------------- requirements

def _amount(r: Requirement) -> int:
    return 0 if r.quantifier == "none" else max(1, int(r.count))


def requirement_calls(plan: Plan, r: Requirement, category: str, anchors: list[str]) -> list[str]:
    """The calls for one requirement, given the ids its anchor requirement created."""
    n = _amount(r)
    kind = catalog.BY_NAME[category].placement
    anchor = anchors[0] if anchors else ""
    wall = wall_of(plan, r)
    if kind == "ceiling":
        return [f'add_ceiling_light(category="{category}", count={min(6, n)})']
    if kind == "on_top":  # "on", "on_top", "inside" or no relation: on the anchor, else on the first free top
        parents = anchors if (r.each and anchors) else anchors[:1]
        if not parents:
            parents = [o.id for o in plan.state.objects if catalog.BY_NAME[o.category].supports and not o.surface][:1]
        if r.relation == "inside" and parents:
            return [f'add_crowd(parent="{parents[0]}", categories=("{category}",), surface="any", density=0.6)']
        per = max(1, n // len(parents)) if r.each else n  # "a lamp on each nightstand": the count is spread over them
        return [f'add_on_top(parent="{p}", category="{category}", count={min(12, per)})' for p in parents]
    if kind == "wall":
        above = f', above="{anchor}"' if anchor and r.relation in ("above", None, "near", "beside") else ""
        return [f'add_wall_object(category="{category}", wall="{wall if not above else "any"}"{above})' for _ in range(n)]
    if anchor and r.relation in ("around",):
        return [f'add_group(anchor="{anchor}", member="{category}", count={min(12, n)}, arrangement="around")']
    if anchor and r.relation == "both_sides":
        per = 2 if n <= 2 else n
        return [f'add_group(anchor="{a}", member="{category}", count={min(12, per)}, arrangement="both_sides")' for a in (anchors if r.each else anchors[:1])]
    if anchor and r.relation == "in_front_of" and n > 1:
        return [f'add_group(anchor="{anchor}", member="{category}", count={min(12, n)}, arrangement="in_front")']
    if anchor and r.relation in ("facing", "across_from") and n > 1 and not r.each:  # the first across, the rest beside it
        first = plan.state.next_id(category)
        return ([f'add_related(category="{category}", anchor="{anchor}", relation="facing", distance_m=0.4)']
                + [f'add_related(category="{category}", anchor="{first}", relation="beside", distance_m=0.1)' for _ in range(n - 1)])
    if anchor and r.relation in RELATED:
        gap = 0.4 if r.relation in ("in_front_of", "facing", "across_from") else 0.05
        targets = anchors if r.each else [anchor] * n
        return [f'add_related(category="{category}", anchor="{a}", relation="{RELATED[r.relation]}", distance_m={gap})' for a in targets]
    if anchor and r.relation == "under":
        return [f'add_related(category="{category}", anchor="{anchor}", relation="near", distance_m=0.0)']
    if kind == "floor" and not r.placement and not anchor:  # where the room's program puts it: nightstands by the bed
        usual = _usual_place(plan, category, n)
        if usual:
            return usual
    placement = {"against_wall": "against_wall", "corner": "corner", "middle": "middle", "near_window": "against_wall",
                 "near_door": "against_wall", "on_wall": "against_wall"}.get(r.placement or "", "")
    if not placement:
        placement = _program_placement(plan.state.room.room_type if plan.state.room else "", category)
    return [f'add_object(category="{category}", placement="{placement}", wall="{wall}")' for _ in range(n)]


_GROUP_STEP = re.compile(r'add_group\(anchor="\{?(\w+?)(?:_0)?\}?", member="(\w+)", count=[^,]+, arrangement="(\w+)"\)')
_RELATED_STEP = re.compile(r'add_related\(category="(\w+)", anchor="\{?(\w+?)(?:_0)?\}?", relation="(\w+)", distance_m=([\d.]+)\)')


def usual_relations(room_type: str) -> list[tuple[str, str, str, float | None]]:
    """(member, anchor category, arrangement or relation, gap or None for a group) as the room's
    program and the furniture sets relate pieces to each other."""
    texts = [text for _, text in programs.ROOM_PROGRAMS.get(room_type, ())]
    for main, steps in SETS.values():
        texts += [step.replace("{main}", main) for step in steps]
    out = []
    for text in texts:
        for anchor, member, arrangement in _GROUP_STEP.findall(text):
            out.append((member, anchor, arrangement, None))
        for member, anchor, relation, gap in _RELATED_STEP.findall(text):
            out.append((member, anchor, relation, float(gap)))
    return out


def _usual_place(plan: Plan, category: str, n: int) -> list[str]:
    """The calls that put ``category`` where the room's program would, beside the object it goes
    with (a nightstand by the bed, an office chair at the desk), when that object is there."""
    room_type = plan.state.room.room_type if plan.state.room else ""
    alternatives = {c: group for group in BY_ROOM[room_type].essential for c in group} if room_type else {}
    for member, anchor_category, how, gap in usual_relations(room_type):
        if member != category:
            continue
        family = set(alternatives.get(anchor_category, (anchor_category,))) | {anchor_category}
        anchor = next((o.id for o in plan.state.objects if o.category in family), None)
        if anchor is None:
            continue
        if gap is None:
            return [f'add_group(anchor="{anchor}", member="{category}", count={min(12, n)}, arrangement="{how}")']
        return [f'add_related(category="{category}", anchor="{anchor}", relation="{how}", distance_m={gap})' for _ in range(n)]
    return []


def _program_placement(room_type: str, category: str) -> str:
    """Where the room's program puts this category, else against a wall for wall pieces."""
    for _, text in programs.ROOM_PROGRAMS.get(room_type, ()):
        m = re.search(rf'add_object\(category="{category}", placement="(\w+)"', text)
        if m:
            return m.group(1)
    from .metrics.rooms import WALL_PIECES

    return "against_wall" if category in WALL_PIECES or catalog.BY_NAME[category].functional_sides else "anywhere"


def _ordered(requirements: tuple[Requirement, ...], anchors_first: set[str] = frozenset()) -> list[int]:
    """Requirement indices with every anchor before what relates to it, and the pieces others
    usually stand by (``anchors_first``: beds, desks, tables) before the rest."""
    done: list[int] = []
    seen: set[int] = set()

    def visit(i: int, depth: int = 0) -> None:
        if i in seen or depth > len(requirements):
            return
        seen.add(i)
        a = requirements[i].anchor
        if a is not None and 0 <= a < len(requirements) and a != i:
            visit(a, depth + 1)
        done.append(i)

    for i in sorted(range(len(requirements)), key=lambda i: requirements[i].category not in anchors_first):
        visit(i)
    return done


# ---------------------------------------------------------------- the program, without contradicting the request

def added_categories(text: str) -> set[str]:
    """The categories a program step adds."""
    if text.startswith("add_set("):
        main, steps = SETS[_KIND_ARG.search(text).group(1)]
        found = {main}
        for step in steps:
            found |= set(_CATEGORY_ARG.findall(step))
        return found
    found = set(_CATEGORY_ARG.findall(text))
    for group in _CATEGORIES_ARG.findall(text):
        found |= set(re.findall(r'"(\w+)"', group))
    if text.startswith("add_ceiling_light(") and not found:
        found.add("ceiling_light")
    return found


def _substitutes(plan: Plan, room_type: str) -> dict[str, str]:
    """Program ids to rewrite: the program's main piece of an essential kind (its bed) -> the piece
    of that kind the request made (``double_bed_0`` -> ``single_bed_0``)."""
    present = {o.category: o.id for o in reversed(plan.state.objects)}
    out = {}
    for group in BY_ROOM[room_type].essential:
        made = [c for c in group if c in present]
        if made:
            for c in group:
                if c not in present:
                    out[f"{c}_0"] = present[made[0]]
    return out


def allowed(plan: Plan, text: str) -> bool:
    """Whether a program step adds nothing the request rules out or has enough of already."""
    added = added_categories(text)
    for group, limit in plan.fixed:
        if added & group and sum(plan.count(c) for c in group) >= limit:
            return False
    return True


def _set_steps(plan: Plan, text: str) -> list[str]:
    """An ``add_set`` call as the calls it is made of: its main piece (the one already there, when
    the request made it) and its steps for that piece (chairs, lamps, screens)."""
    kind = _KIND_ARG.search(text).group(1)
    main, steps = SETS[kind]
    size = re.search(r"size=(\d+)", text)
    placement = re.search(r'placement="(\w+)"', text)
    present = next((o.id for o in plan.state.objects if o.category == main), None)
    out = [] if present else [f'add_object(category="{main}", placement="{placement.group(1) if placement else "against_wall"}")']
    main_id = present or plan.state.next_id(main)
    count = int(size.group(1)) if size else 4
    centrepiece = (programs.belonging(CENTREPIECES, plan.state.room.room_type) or CENTREPIECES)[0]
    for step in steps:
        target = None
        if step.startswith("each "):  # "each tv_stand: ..." follows the piece the step before makes
            category, step = step[5:].split(": ", 1)
            target = plan.state.next_id(category) if not any(o.category == category for o in plan.state.objects) else \
                next(o.id for o in plan.state.objects if o.category == category)
        out.append(step.format(main=main_id, size=count, seats=min(count, 3), centrepiece=centrepiece, id=target))
    return out


def program_calls(plan: Plan, room_type: str, density: str) -> None:
    steps = programs.steps_up_to(room_type, density)
    for text in steps:
        subs = _substitutes(plan, room_type)
        for old, new in subs.items():
            text = text.replace(f'"{old}"', f'"{new}"')
        if not allowed(plan, text):
            if text.startswith("add_set("):  # the set's pieces one by one, those the request leaves room for
                for step in _set_steps(plan, text):
                    if allowed(plan, step):
                        plan.run(step)
            continue
        if all(plan.state.get(ref) is not None for ref in programs.references(text)):
            plan.run(text)
    if density != "sparse":
        for text in programs.dressing_calls(plan.state):
            if allowed(plan, text):
                plan.run(text)


# ---------------------------------------------------------------- the plan

def plan_request(request: Request, seed: int = 0, door_wall: str = "south", scale: float = 1.0, density: str | None = None) -> Plan:
    """Every call of the trajectory for ``request`` (its room type must be known), executed.
    ``door_wall``, ``scale`` (of a size the request leaves open) and ``density`` (when the request
    names none) let the teacher vary its rollouts."""
    room_type = request.room_type
    if room_type is None:
        raise ValueError("the request names no room type")
    plan = Plan(seed, door_wall=door_wall, window_wall=OPPOSITE[door_wall])
    width, depth = room_size(request, room_type, scale)
    height = f", height_m={min(5.0, max(2.2, round(float(request.height_m), 2)))}" if request.height_m else ""
    windows = 1 if min(width, depth) < 4 else 2
    plan.run(f'init_room(room_type="{room_type}", width_m={width}, depth_m={depth}{height}, door_wall="{door_wall}", '
             f'window_wall="{plan.window_wall}", windows={windows})', keep_failed=True)
    made: dict[int, list[str]] = {}
    reqs = request.requirements
    for r in reqs:  # what the request fixes: "no X" = 0, otherwise the program adds no more than the request names
        if r.same_as is not None:
            continue
        amount = _amount(r)
        plan.fixed.append((covered(r), amount))
        category = concrete(r, room_type) if amount else None
        for group in BY_ROOM[room_type].essential:  # the program's piece of the same kind would be a second one
            if category in group:
                plan.fixed.append((frozenset(group) | {category}, amount))
    usual_anchors = {a for _, a, _, _ in usual_relations(room_type)}
    usual_anchors |= {c for group in BY_ROOM[room_type].essential if usual_anchors & set(group) for c in group}
    for i in _ordered(reqs, {r.category for r in reqs if (concrete(r, room_type) or r.category) in usual_anchors}):
        r = reqs[i]
        if r.quantifier == "none":
            continue
        category = concrete(r, room_type)
        if category is None:
            plan.notes.append(f"no category for {r.category!r}: left out")
            continue
        if r.same_as is not None:  # a further constraint on objects an earlier requirement makes
            made[i] = made.get(r.same_as, [])
            continue
        present = [o.id for o in plan.state.objects if o.category == category]
        if r.definite and present:  # "the bed" after "a queen bed": the one already there
            made[i] = present
            continue
        anchors = made.get(r.anchor, []) if r.anchor is not None else []
        created: list[str] = []
        for text in requirement_calls(plan, r, category, anchors):
            loose = re.sub(r'wall="(north|south|east|west)"', 'wall="any"', text)
            got = plan.run(text, keep_failed=loose == text)
            if not got and loose != text:  # the named wall is full: another wall still honours "against a wall"
                got = plan.run(loose, keep_failed=True)
            created += got
        wanted = _amount(r) if r.quantifier in ("exactly", "at_least") else 0
        mine = [oid for oid in created if plan.state.get(oid) is not None and plan.state.get(oid).category == category]
        if catalog.BY_NAME[category].placement == "floor" and 0 < len(mine) < wanted:  # what does not fit around its anchor stands nearby
            for anchor_id in [*(anchors or mine)[:1], *mine[-2:]]:
                missing = wanted - len(mine)
                if missing <= 0:
                    break
                mine += plan.run(f'add_group(anchor="{anchor_id}", member="{category}", count={min(12, missing)}, arrangement="in_a_row")')
        made[i] = mine or created
    program_calls(plan, room_type, DENSITY.get(request.density or density, "dense"))
    plan.calls.append('terminate(status="success")')
    return plan


def plan_text(request: Request, seed: int = 0) -> str:
    """The numbered trajectory text of the plan."""
    calls = tuple(T.parse(f"{i + 1}. {text}").calls[0] for i, text in enumerate(plan_request(request, seed).calls))
    return T.format(T.validate(T.Trajectory(calls)))


__all__ = ["Plan", "plan_request", "plan_text"]
