"""The planner: a Request (what the reader understood) -> the calls that honour it, then the room
program for the rest.

Order of the trajectory:

1. ``init_room`` with the requested (or typical) size; the windows go on the wall opposite the door.
2. One or a few calls per requirement, anchors before what relates to them: a relation to an earlier
   requirement becomes ``add_related`` / ``add_group`` / ``add_on_top`` / ``add_crowd`` /
   ``add_wall_object(above=...)``; a placement becomes ``add_object(placement=..., wall=...)`` (the
   "back" wall is the one opposite the door, the "window" wall the one with the windows); small
   objects without a named supporter go on the first free top; wall and ceiling objects are hung.
   A requirement that cannot be placed keeps its call: the call's result says why. Pieces that
   usually stand by an essential piece the request does not name ("two nightstands": the bed) come
   after that piece, placed first as the room's program would (its step is then not run again).
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

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from ..ground import catalog
from ..ground.rooms import BY_ROOM, draw_size
from ..ground.geometry import WALL_YAW, front_vector
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
                  "both_sides": "floor", "in_front_of": "floor", "facing": "floor", "corner": "floor", "middle": "floor", "against_wall": "floor",
                  "near_window": "floor", "near_door": "floor"}
SEATED_VIEW_BOTTOM_M = 0.65  # a screen that seats face hangs with its lower edge at seated eye level
FLOOR_SHARE = 0.55  # at most this share of the floor goes to what the request names (with 0.2 m around each piece)
GROUP_SIZE = 4  # members per anchor when a group's size is left open ("tables with chairs around them")
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
    last_failure: str = ""  # why the last call run failed ("" after one that worked)
    fixed: list[tuple[frozenset[str], int, bool]] = field(default_factory=list)  # (categories, the most the request allows of them
    # together, whether more would break the request: "exactly" / "at most" / "no", not "at least")
    door_wall: str = "south"
    window_wall: str = "north"
    room: str | None = None  # the room of a plan these calls are for (their generators depend on it, as the executor's do)
    program_done: set[int] = field(default_factory=set)  # program steps (their index among the density's steps) the planner already ran

    def run(self, text: str, keep_failed: bool = False) -> list[str]:
        """Execute one call as the executor will; keep it when it worked (or when asked). Returns
        the ids it created. A plan holds at most ``MAX_CALLS`` calls before ``terminate``."""
        if len(self.calls) >= MAX_CALLS:
            return []
        call = T.parse(f"1. {text}").calls[0]
        wrong = T.argument_issues(call)  # never kept, even when asked: a trajectory holding it would not load
        if wrong:
            self.last_failure = "; ".join(f"{i.arg or i.tool}: {i.message}" for i in wrong)
            return []
        occurrence = sum(1 for c in self.calls if c == text)
        result = apply_call(self.state, call, call_rng(self.seed, call, occurrence, self.room))
        self.last_failure = result.failure or ""
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

    def latest(self, category: str) -> str | None:
        """The id of the last object of ``category`` made so far."""
        return next((o.id for o in reversed(self.state.objects) if o.category == category), None)

    def mark(self) -> tuple[int, int, int, SceneState]:
        """Where the plan stands now, for ``restore``."""
        return len(self.calls), len(self.results), len(self.notes), self.state

    def restore(self, mark: tuple[int, int, int, SceneState]) -> None:
        """Take back every call run since ``mark`` (and what it noted)."""
        del self.calls[mark[0]:], self.results[mark[1]:], self.notes[mark[2]:]
        self.state = mark[3]

    def run_within(self, text: str) -> list[str]:
        """Run a program step and keep it only when it leaves every fixed count within its limit
        (a crowd of small things that would bring a fourth towel to a request for two)."""
        before = self.mark()
        counts = [sum(self.count(c) for c in group) for group, _, _ in self.fixed]
        got = self.run(text)
        if got and any(strict and sum(self.count(c) for c in group) > max(limit, n)
                       for (group, limit, strict), n in zip(self.fixed, counts)):
            self.restore(before)
            return []
        return got


# ---------------------------------------------------------------- choosing categories and walls

def concrete(requirement: Requirement, room_type: str, anchor: str | None = None) -> str | None:
    """The catalogue category a requirement's word stands for in this room: the category itself, or
    for a generic noun ("chair") the member that goes with its anchor's category (``anchor``: what
    the room programs put with it, else the member that shares its first word: kids' chairs at a
    kids' table), else the member the room's program uses, else the commonest that belongs in the
    room, else the commonest (``commonest``)."""
    kind = PLACEMENT_KIND.get(requirement.relation or "", PLACEMENT_KIND.get(requirement.placement or ""))
    if requirement.category in catalog.BY_NAME and (kind is None or catalog.BY_NAME[requirement.category].placement == kind
                                                     or not requirement.placement):
        return requirement.category  # (a placement that the category cannot take, "a TV on the wall", picks its wall kind below)
    try:
        options = sorted(categories_for(requirement.category))
    except SpecError:
        return None
    fitting = [c for c in options if catalog.BY_NAME[c].placement == kind] if kind else []
    options = fitting or options
    if anchor is not None:
        with_it = [m for m, a, _, _ in usual_relations(room_type) if a == anchor and m in options]
        with_it = with_it or [c for c in options if c.split("_")[0] == anchor.split("_")[0] and "_" in c and "_" in anchor]
        if with_it:
            return with_it[0]
    for group in BY_ROOM[room_type].essential:  # what the room type needs comes first ("a table" in a dining room)
        for c in group:
            if c in options:
                return c
    program = " ".join(text for _, text in programs.ROOM_PROGRAMS.get(room_type, ()))
    used = sorted((program.find(f'"{c}"'), c) for c in options if f'"{c}"' in program)
    if used:
        return used[0][1]
    belongs = [c for c in options if room_type in catalog.BY_NAME[c].rooms]
    return commonest(belongs or options)


def commonest(categories) -> str | None:
    """The kind of a generic word that the most room types hold: its plainest member ("a table"
    in a laundry room, which holds no table, is a side table, not an air hockey table)."""
    return min(categories, key=lambda c: (-len(catalog.BY_NAME[c].rooms), c), default=None)


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


def floor_demand(request: Request, room_type: str) -> float:
    """The floor the request's own furniture and the room's essentials take, in m², each piece at
    its typical footprint with 0.2 m around it (a group left open, "tables with chairs around
    them", counted at ``GROUP_SIZE`` per table)."""
    reqs = request.requirements
    total = 0.0
    for r in reqs:
        if r.quantifier == "none" or r.same_as is not None or (r.definite and r.anchor is None and r.quantifier == "at_least"):
            continue
        category = concrete(r, room_type)
        if category is None or catalog.BY_NAME[category].placement != "floor" or not catalog.BY_NAME[category].counts_as_object:
            continue
        n = _amount(r)
        if r.relation == "around" and r.anchor is not None and r.quantifier != "exactly":
            n = max(n, GROUP_SIZE * _amount(reqs[r.anchor]))
        w, d, _ = catalog.BY_NAME[category].typical
        total += n * (w + 0.4) * (d + 0.4)
    named = set().union(*(covered(r) for r in reqs)) if reqs else set()
    for group in BY_ROOM[room_type].essential:  # what the room cannot do without comes on top (a kitchen's cabinets)
        first = catalog.BY_NAME[group[0]]
        if not named & set(group) and first.placement == "floor":
            total += (first.typical[0] + 0.4) * (first.typical[1] + 0.4)
    return total


def room_size(request: Request, room_type: str, drawn: tuple[float, float] | None = None) -> tuple[float, float]:
    """The requested size, else the size for the requested area (at the type's typical
    proportions), else ``drawn`` (a size from the type's distribution, ``rooms.draw_size``) or the
    room type's typical size, times the size word's factor ("small", "large"), grown until what
    the request names takes at most ``FLOOR_SHARE`` of the floor (eight tables and sixteen chairs
    do not fit a typical small restaurant)."""
    if request.size_m:
        w, d = request.size_m
    elif request.area_m2:
        tw, td = BY_ROOM[room_type].size_m
        scale = (float(request.area_m2) / (tw * td)) ** 0.5
        w, d = tw * scale, td * scale
    else:
        tw, td = drawn or BY_ROOM[room_type].size_m
        factor = SIZE_WORDS.get(request.size_word or "medium", 1.0)
        w, d = tw * factor, td * factor
        grow = (floor_demand(request, room_type) / (FLOOR_SHARE * w * d)) ** 0.5
        if grow > 1.0:
            w, d = w * grow, d * grow
    return round(min(15.0, max(2.0, w)), 2), round(min(15.0, max(2.0, d)), 2)


# ---------------------------------------------------------------- requirements

def _amount(r: Requirement) -> int:
    return 0 if r.quantifier == "none" else max(1, int(r.count))


Step = str | Callable[[], list[str]]  # a call's text, or a step that runs its calls itself and returns the ids they made


CORNER_NEIGHBOUR_M = 1.0  # the widest piece whose neighbour, right beside it, is still in its corner (SceneEval: 0.8 m from both walls, soft)


def seated_view_height(category: str) -> float:
    """The height (m) of the centre of a screen or board that seats face: its lower edge at seated
    eye level (``SEATED_VIEW_BOTTOM_M``), its centre at least 1 m up."""
    return round(max(1.0, SEATED_VIEW_BOTTOM_M + catalog.BY_NAME[category].typical[2] / 2), 2)


def needs_of(requirements: tuple[Requirement, ...], room_type: str) -> dict[int, set[str]]:
    """What the requirements that relate to each requirement need of its objects: ``around`` and
    ``behind`` (free floor all round or behind it: it stands in the middle), ``hung_above`` (a
    wall piece above it: it stands at a wall without windows), ``faced`` (seats face it: a screen
    hangs low enough to be seen from them), ``cornered`` (a piece beside it stands in a corner: it
    stands in a corner too, so that its neighbour, right beside it, is still within a corner's reach),
    ``flanked:<member>`` (a member goes on each side of it: it stands where both sides are free)."""
    out: dict[int, set[str]] = {}
    for r in requirements:
        if r.anchor is None or r.same_as is not None or r.quantifier == "none":
            continue
        category = concrete(r, room_type)
        kind = catalog.BY_NAME[category].placement if category else None
        need = {"around": "around", "behind": "behind", "facing": "faced", "across_from": "faced"}.get(r.relation or "")
        if r.relation == "above" and kind == "wall":
            need = "hung_above"
        if r.placement == "corner" and r.relation in ("beside", "near"):
            need = "cornered"
        if r.relation == "both_sides" and kind == "floor":
            need = f"flanked:{category}"
        if need and (kind == "floor" or need == "hung_above"):
            out.setdefault(r.anchor, set()).add(need)
    for i in range(len(requirements)):
        if seated_around(requirements, i, room_type):  # chairs go all round it: it stands free
            out.setdefault(i, set()).add("around")
    return out


def _spread(n: int, k: int) -> list[int]:
    """``n`` things dealt over ``k`` holders as evenly as possible (the first get the extra ones)."""
    return [n // k + (1 if i < n % k else 0) for i in range(k)]


def _supporter_for(plan: Plan, category: str, anchor: str, relation: str) -> str | None:
    """The piece that carries an on-top object standing in a floor relation to ``anchor`` (a TV
    across from the sofa stands on the TV stand that faces the sofa): the room's usual piece in
    that relation to the anchor's kind, else its usual piece in any relation, else a side table."""
    room_type = plan.state.room.room_type if plan.state.room else ""
    anchor_category = plan.state.get(anchor).category
    usual = [(m, how) for m, a, how, gap in usual_relations(room_type)
             if gap is not None and "top" in catalog.BY_NAME[m].supports and a in ({anchor_category} | covered_by_kind(anchor_category))]
    for m, how in usual:
        if how == relation:
            return m
    return usual[0][0] if usual else ("side_table" if "side_table" in catalog.BY_NAME else None)


def covered_by_kind(category: str) -> set[str]:
    """The category's alternatives of the same kind in any room's essentials (a single bed for a
    double bed)."""
    return {c for spec in BY_ROOM.values() for group in spec.essential if category in group for c in group}


def seated_around(requirements: tuple[Requirement, ...], i: int, room_type: str) -> list[tuple[int, str, int]]:
    """(index, member category, how many) of the requirements that seat around requirement ``i``'s
    objects: "chairs around it", or chairs named without a place that the room's program seats
    at such a table ("a dining table, ten chairs"); a count left open is ``GROUP_SIZE`` a table."""
    anchor = concrete(requirements[i], room_type)
    if anchor is None:
        return []
    tables = _amount(requirements[i])
    usual = {m for m, a, how, _ in usual_relations(room_type) if a == anchor and how == "around"}
    out = []
    for j, r in enumerate(requirements):
        if r.same_as is not None or r.quantifier == "none" or j == i:
            continue
        if r.anchor == i and r.relation == "around":
            member = concrete(r, room_type, anchor)
            if member is not None:
                out.append((j, member, _amount(r) if r.quantifier == "exactly" else max(_amount(r), GROUP_SIZE * tables)))
        elif r.anchor is None and r.relation is None and not r.placement and concrete(r, room_type) in usual:
            out.append((j, concrete(r, room_type), _amount(r)))
    return out


def seated_width(requirements: tuple[Requirement, ...], i: int, category: str, room_type: str) -> float:
    """The width a table needs for the seats the request puts around it ("a table for eight, eight
    chairs around it", or ten chairs the room's program seats at it), 0 when its usual width
    will do: two seats at the ends, the rest along its two long sides."""
    if "top" not in catalog.BY_NAME[category].supports or catalog.BY_NAME[category].placement != "floor":
        return 0.0
    seated = seated_around(requirements, i, room_type)
    seats = -(-sum(k for _, _, k in seated) // _amount(requirements[i]))  # per table
    member = seated[0][1] if seated else None
    if seats <= 4 or member is None:
        return 0.0
    per_side = -(-(seats - 2) // 2)
    width = per_side * (catalog.BY_NAME[member].typical[0] + 0.1) + 0.1
    return round(width, 2) if width > catalog.BY_NAME[category].typical[0] else 0.0


def requirement_calls(plan: Plan, r: Requirement, category: str, anchors: list[str], needs: set[str] = frozenset(),
                      anchor_open: bool = False, width: float = 0.0) -> list[Step]:
    """The steps for one requirement, given the ids its anchor requirement created, what later
    requirements need of its objects (``needs_of``) and whether the anchor requirement leaves its
    count open ("the worktop": more of it may be added to hang a second wall cabinet above)."""
    n = _amount(r)
    kind = catalog.BY_NAME[category].placement
    anchor = anchors[0] if anchors else ""
    if r.together and n > 1 and kind == "floor" and not anchor:  # "two washing machines side by side": the first where it goes, the rest beside it
        first = requirement_calls(plan, replace(r, quantifier="exactly", count=1, together=False), category, anchors, needs, anchor_open, width)
        return [*first, *(_beside_last(plan, category) for _ in range(n - 1))]
    if r.facing and n > 1 and kind == "floor" and not anchor:  # "two sofas facing each other": the second across from the first
        first = requirement_calls(plan, replace(r, quantifier="exactly", count=1, facing=False), category, anchors, needs, anchor_open, width)
        return [*first, *(_facing_first(plan, category) for _ in range(n - 1))]
    wall = wall_of(plan, r)
    if kind == "ceiling":
        if anchors and r.relation in ("above", "near", None):  # "pendant lights over the tables": one over each, as far as they go
            holders = anchors[:8] if (r.each or r.quantifier == "at_least") else anchors[: max(1, min(n, len(anchors)))]
            return [f'add_ceiling_light(category="{category}", count={min(6, k)}, above="{a}")'
                    for a, k in zip(holders, _spread(max(n, len(holders)), len(holders))) if k]
        return [f'add_ceiling_light(category="{category}", count={min(6, n)})']
    if kind == "on_top":  # "on", "on_top", "inside" or no relation: on the anchor, else on the first free top
        if anchor and r.relation in RELATED and plan.state.get(anchor) is not None and \
                catalog.BY_NAME[plan.state.get(anchor).category].placement == "floor":
            return [_on_a_supporter(plan, category, n, anchor, RELATED[r.relation])]  # "a TV across from the sofa"
        parents = anchors if (r.each and anchors) else anchors[:1]
        if r.relation == "inside" and parents:
            return [f'add_crowd(parent="{parents[0]}", categories=("{category}",), surface="any", density=0.6)']
        if not parents:
            return [_on_any_top(plan, category, n)]
        per = max(1, n // len(parents)) if r.each else n  # "a lamp on each nightstand": the count is spread over them
        return [f'add_on_top(parent="{p}", category="{category}", count={min(12, per)})' for p in parents]
    if kind == "wall":
        height = ""
        if "faced" in needs:
            height = f", height_m={seated_view_height(category)}"
        if anchor and r.relation in ("above", None, "near", "beside"):
            targets = anchors if r.each else [anchor] * n
            steps: list[Step] = [f'add_wall_object(category="{category}", above="{a}"{height})' for a in targets[:1]]
            for k in range(1, len(targets)):
                steps.append(_above_next(plan, category, targets[k], anchor_open and not r.each, height))
            return steps
        opening = {"near_window": "window", "near_door": "door"}.get(r.placement or "")
        beside = f', near="{opening}"' if opening else ""  # "coat hooks by the door": beside it, not anywhere on its wall
        return [f'add_wall_object(category="{category}", wall="{wall}"{height}{beside})' for _ in range(n)]
    if anchor and kind == "floor" and r.relation in ("on_top", "on"):  # "a dryer stacked on top of the washer"
        return [f'add_on_top(parent="{anchor}", category="{category}")' for _ in range(n)]
    if anchor and r.relation == "around":
        holders = anchors if len(anchors) > 1 else [anchor]
        total = n if r.quantifier == "exactly" or len(holders) == 1 else max(n, GROUP_SIZE * len(holders))
        return [f'add_group(anchor="{a}", member="{category}", count={min(12, k)}, arrangement="around")'
                for a, k in zip(holders, _spread(total, len(holders))) if k]
    if anchor and r.relation == "both_sides":
        per = 2 if n <= 2 else n
        return [f'add_group(anchor="{a}", member="{category}", count={min(12, per)}, arrangement="both_sides")' for a in (anchors if r.each else anchors[:1])]
    if anchor and r.relation == "in_front_of" and n > 3:  # rows of seats
        return [f'add_group(anchor="{anchor}", member="{category}", count={min(12, n)}, arrangement="in_front")']
    if anchor and r.relation == "in_front_of" and n > 1:  # two visitor chairs at a desk: side by side, turned to it
        return [f'add_related(category="{category}", anchor="{anchor}", relation="in_front_of", distance_m=0.1)',
                *[_beside_facing(plan, category, anchor) for _ in range(n - 1)]]
    if anchor and r.relation in ("facing", "across_from") and n > 1 and not r.each:  # the first across, the rest beside it, turned to it
        steps = [f'add_related(category="{category}", anchor="{anchor}", relation="facing", distance_m=0.4)']
        for _ in range(n - 1):
            steps.append(_beside_facing(plan, category, anchor))
        return steps
    if anchor and r.relation in RELATED:
        gap = 0.4 if r.relation in ("in_front_of", "facing", "across_from") else 0.05
        targets = anchors if r.each else [anchor] * n
        return [f'add_related(category="{category}", anchor="{a}", relation="{RELATED[r.relation]}", distance_m={gap})' for a in targets]
    if anchor and r.relation == "under":
        from .solver.world import is_flat_covering

        if is_flat_covering(category):  # a rug under the coffee table
            return [f'add_related(category="{category}", anchor="{anchor}", relation="under", distance_m=0.0)']
        return [f'add_related(category="{category}", anchor="{anchor}", relation="near", distance_m=0.0)']
    if kind == "floor" and r.relation in ("facing", "across_from") and r.wall in ("door", "window") and not anchor:
        faced = plan.door_wall if r.wall == "door" else plan.window_wall  # "a desk facing the door"
        if needs & {"behind", "around"}:  # room behind it: it stands free, turned to that wall
            turn: Step = lambda: _turn(plan, category, WALL_YAW[OPPOSITE[faced]])  # noqa: E731
            return [f'add_object(category="{category}", placement="middle")', turn] * n
        return [f'add_object(category="{category}", placement="against_wall", wall="{OPPOSITE[faced]}")' for _ in range(n)]
    free = needs & {"around", "behind"}
    sized = f", width_m={width:g}" if width else ""
    if "cornered" in needs and not free and r.placement in (None, "against_wall") and not anchor and kind == "floor" \
            and catalog.BY_NAME[category].typical[0] <= CORNER_NEIGHBOUR_M:  # a wide piece in the corner would push its neighbour out of it
        return [f'add_object(category="{category}", placement="corner", wall="{wall}"{sized})' for _ in range(n)]
    if kind == "floor" and not r.placement and not anchor and not free:  # where the room's program puts it: nightstands by the bed
        usual = _usual_place(plan, category, n)
        if usual:
            return usual
    placement = {"against_wall": "against_wall", "corner": "corner", "middle": "middle", "near_window": "against_wall",
                 "near_door": "against_wall", "on_wall": "against_wall"}.get(r.placement or "", "")
    if not placement and free:
        placement = "middle"
    if not placement:
        placement = _program_placement(plan.state.room.room_type if plan.state.room else "", category)
    if "hung_above" in needs and placement in ("against_wall", "anywhere") and wall == "any":  # wall cabinets go above it: a wall without windows
        placement, wall = "against_wall", SIDES[plan.door_wall][0]
    opening = {"near_window": "window", "near_door": "door"}.get(r.placement or "")
    if opening is None and r.wall in ("window", "door") and r.relation in ("beside", "near") and not r.anchor:
        opening = r.wall
    if opening and free and r.placement not in ("against_wall", "corner") and r.relation != "beside":  # "a table near the window, chairs round it"
        return [f'add_object(category="{category}", placement="middle", near="{opening}"{sized})' for _ in range(n)]  # (beside it: at its wall)
    if opening and placement in ("against_wall", "corner", "anywhere"):  # "a desk under the window", "a coat rack near the door"
        return [f'add_object(category="{category}", placement="{placement if placement == "corner" else "against_wall"}", near="{opening}"{sized})'
                for _ in range(n)]
    return [f'add_object(category="{category}", placement="{placement}", wall="{wall}"{sized})' for _ in range(n)]


def _turn(plan: Plan, category: str, yaw: float) -> list[str]:
    target = plan.latest(category)
    if target is None:
        return []
    plan.run(f'update_rotation(target="{target}", yaw_deg={yaw:g})')
    return []


def _beside_last(plan: Plan, category: str) -> Step:
    """Another ``category`` piece beside the last one ("two cots side by side"), else beside an
    earlier one (the first one's other side), else where the room's program puts it."""
    def step() -> list[str]:
        got: list[str] = []
        for o in [o for o in reversed(plan.state.objects) if o.category == category]:
            got = plan.run(f'add_related(category="{category}", anchor="{o.id}", relation="beside", distance_m=0.05)')
            if got:
                break
        if not got:
            got = plan.run(f'add_object(category="{category}", placement="{_program_placement(plan.state.room.room_type, category)}")')
        return got
    return step


def _facing_first(plan: Plan, category: str) -> Step:
    """Another ``category`` piece facing the first one ("two desks facing each other"), else where
    the room's program puts it."""
    def step() -> list[str]:
        first = next((o for o in plan.state.objects if o.category == category), None)
        got = plan.run(f'add_related(category="{category}", anchor="{first.id}", relation="facing")') if first else []
        if not got:
            got = plan.run(f'add_object(category="{category}", placement="{_program_placement(plan.state.room.room_type, category)}")')
        return got
    return step


def _beside_facing(plan: Plan, category: str, anchor: str) -> Step:
    """The next seat beside the last one, turned to face ``anchor`` (a second recliner facing the
    screen)."""
    def step() -> list[str]:
        last = plan.latest(category)
        if last is None:
            return []
        got = plan.run(f'add_related(category="{category}", anchor="{last}", relation="beside", distance_m=0.1)')
        for oid in got:
            plan.run(f'face_to(target="{oid}", anchor="{anchor}")')
        return got
    return step


def _above_next(plan: Plan, category: str, anchor: str, extend: bool, height: str) -> Step:
    """Another wall piece above ``anchor``; when the anchor's count is left open, first one more
    of the anchor's kind beside the last ("wall cabinets above the worktop": the run of base
    cabinets grows with them)."""
    def step() -> list[str]:
        target = anchor
        if extend:
            kind = plan.state.get(anchor).category
            last = plan.latest(kind)
            made = plan.run(f'add_related(category="{kind}", anchor="{last}", relation="beside", distance_m=0.02)')
            target = made[0] if made else anchor
        return plan.run(f'add_wall_object(category="{category}", above="{target}"{height})', keep_failed=True)
    return step


def _on_a_supporter(plan: Plan, category: str, n: int, anchor: str, relation: str) -> Step:
    """An on-top object in a floor relation to ``anchor``: on the piece that stands in that
    relation to it (an existing one, else a new one, ``_supporter_for``)."""
    def step() -> list[str]:
        holder_kind = _supporter_for(plan, category, anchor, relation)
        if holder_kind is None:
            return []
        holder = next((o.id for o in plan.state.objects if o.category == holder_kind and o.relation == f"{relation}:{anchor}"), None)
        if holder is None:
            gap = 0.4 if relation in ("in_front_of", "facing") else 0.05
            made = plan.run(f'add_related(category="{holder_kind}", anchor="{anchor}", relation="{relation}", distance_m={gap})')
            holder = made[0] if made else None
        if holder is None:
            return _on_any_top(plan, category, n)()
        return plan.run(f'add_on_top(parent="{holder}", category="{category}", count={min(12, n)})', keep_failed=True)
    return step


def _on_any_top(plan: Plan, category: str, n: int) -> Step:
    """An on-top object with no supporter named: on the first top with room for it."""
    def step() -> list[str]:
        tops = [o.id for o in plan.state.objects if "top" in catalog.BY_NAME[o.category].supports and not o.surface]
        tops += [o.id for o in plan.state.objects if o.id not in tops and catalog.BY_NAME[o.category].supports and not o.surface
                 and "seat" not in catalog.BY_NAME[o.category].supports]
        for parent in tops:
            got = plan.run(f'add_on_top(parent="{parent}", category="{category}", count={min(12, n)})')
            if got:
                return got
        if tops:
            plan.run(f'add_on_top(parent="{tops[0]}", category="{category}", count={min(12, n)})', keep_failed=True)
        return []
    return step


_GROUP_STEP = re.compile(r'add_group\(anchor="\{?(\w+?)(?:_0)?\}?", member="(\w+)", count=[^,]+, arrangement="(\w+)"\)')
_RELATED_STEP = re.compile(r'add_related\(category="(\w+)", anchor="\{?(\w+?)(?:_0)?\}?", relation="(\w+)", distance_m=([\d.]+)\)')


@functools.lru_cache(maxsize=64)
def usual_relations(room_type: str) -> tuple[tuple[str, str, str, float | None], ...]:
    """(member, anchor category, arrangement or relation, gap or None for a group) as the room's
    program and the furniture sets relate pieces to each other (read once per room type)."""
    texts = [text for _, text in programs.ROOM_PROGRAMS.get(room_type, ())]
    for main, steps in SETS.values():
        texts += [step.replace("{main}", main) for step in steps]
    out = []
    for text in texts:
        for anchor, member, arrangement in _GROUP_STEP.findall(text):
            out.append((member, anchor, arrangement, None))
        for member, anchor, relation, gap in _RELATED_STEP.findall(text):
            out.append((member, anchor, relation, float(gap)))
    return tuple(out)


def _usual_place(plan: Plan, category: str, n: int) -> list[str]:
    """The calls that put ``category`` where the room's program would, beside the object it goes
    with (a nightstand by the bed, an office chair at the desk), when that object is there."""
    room_type = plan.state.room.room_type if plan.state.room else ""
    alternatives = {c: group for group in BY_ROOM[room_type].essential for c in group} if room_type else {}
    for member, anchor_category, how, gap in usual_relations(room_type):
        if member != category:
            continue
        family = set(alternatives.get(anchor_category, (anchor_category,))) | {anchor_category}
        holders = [o.id for o in plan.state.objects if o.category in family]
        if not holders:
            continue
        if gap is None:  # a group: spread over every such piece (16 chairs at 8 tables: two at each)
            holders = holders[: max(1, min(n, 8))]
            return [f'add_group(anchor="{a}", member="{category}", count={min(12, k)}, arrangement="{how}")'
                    for a, k in zip(holders, _spread(n, len(holders))) if k]
        placement = _program_placement(room_type, category)  # four chairs at four desks: one at each; more stand elsewhere
        return [f'add_related(category="{category}", anchor="{holders[k]}", relation="{how}", distance_m={gap})' if k < len(holders)
                else f'add_object(category="{category}", placement="{placement}")' for k in range(n)]
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

    def rank(i: int) -> tuple[bool, bool]:  # a piece with a place of its own ("under the window") claims it before the rest
        r = requirements[i]
        return r.placement is None and r.wall is None, r.category not in anchors_first

    for i in sorted(range(len(requirements)), key=rank):
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
    for group, limit, _ in plan.fixed:
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


def _done_already(plan: Plan, text: str) -> bool:
    """Whether a program step would add a second piece in a relation the request already made (the
    lounge set's TV stand facing the sofa, when a TV across from the sofa brought its stand)."""
    m = re.match(r'add_related\(category="(\w+)", anchor="(\w+)", relation="(\w+)"', text)
    if not m:
        return False
    category, anchor, relation = m.groups()
    return any(o.category == category and o.relation == f"{relation}:{anchor}" for o in plan.state.objects)


def program_calls(plan: Plan, room_type: str, density: str, then: Callable[[], object] | None = None) -> None:
    """The room program's steps up to ``density`` that the request leaves room for, then
    ``then`` (small things the request names without a place: they go on the tops the program
    made), then the dressing."""
    steps = programs.steps_up_to(room_type, density)
    for k, text in enumerate(steps):
        subs = _substitutes(plan, room_type)
        for old, new in subs.items():
            text = text.replace(f'"{old}"', f'"{new}"')
        if k in plan.program_done or not allowed(plan, text):  # (a step already run: its set's other steps, for the piece it placed)
            if text.startswith("add_set("):  # the set's pieces one by one, those the request leaves room for
                for step in _set_steps(plan, text):
                    if allowed(plan, step) and not _done_already(plan, step):
                        plan.run_within(step)
            continue
        if all(plan.state.get(ref) is not None for ref in programs.references(text)) and not _done_already(plan, text):
            plan.run_within(text)
    if then is not None:
        then()
    if density != "sparse":
        for text in programs.dressing_calls(plan.state):
            if allowed(plan, text):
                plan.run_within(text)


def _own_piece(text: str) -> tuple[str, str, str] | None:
    """(category, placement, wall) of the piece a program step places on its own: an
    ``add_object``'s, or an ``add_set``'s main piece; None for a step that places it by another."""
    if text.startswith("add_set("):
        category = SETS[_KIND_ARG.search(text).group(1)][0]
    elif text.startswith("add_object("):
        category = _CATEGORY_ARG.search(text).group(1)
    else:
        return None
    placement = re.search(r'placement="(\w+)"', text)
    wall = re.search(r'wall="(\w+)"', text)
    return category, placement.group(1) if placement else "against_wall", wall.group(1) if wall else "any"


def essential_anchor(room_type: str, category: str, density: str) -> tuple[tuple[str, ...], tuple[str, str, str], int | None, str] | None:
    """For a piece that usually stands by a piece of one of the room type's essential groups (the
    nightstands by the bed, the office chair at the desk, the dining chairs round the table): that
    group, (category, placement, wall) of the group's piece as the room's program places it (its
    first step at ``density`` that places one on its own, else at any level; else, when the program
    places none of the group, the usual anchor where the program would put it), that step's index
    among the density's steps (None: not one of them) and the usual arrangement. None when the
    piece stands by no essential piece, or the program places the group's pieces only by others
    (school desks in rows before the teacher's desk)."""
    groups = {c: g for g in BY_ROOM[room_type].essential for c in g}
    usual = next(((a, how) for m, a, how, _ in usual_relations(room_type) if m == category and a in groups and category not in groups[a]), None)
    if usual is None:
        return None
    anchor, how = usual
    group = groups[anchor]
    steps = programs.steps_up_to(room_type, density)
    every = [text for _, text in programs.ROOM_PROGRAMS.get(room_type, ())]
    for pool, indexed in ((steps, True), (every, False)):
        for k, text in enumerate(pool):
            piece = _own_piece(text)
            if piece is not None and piece[0] in group:
                return group, piece, k if indexed else None, how
    if any(added_categories(text) & set(group) for text in every):
        return None
    return group, (anchor, _program_placement(room_type, anchor), "any"), None, how


def unnamed_anchor(reqs: tuple[Requirement, ...], i: int, room_type: str, category: str | None, density: str):
    """``essential_anchor`` of requirement ``i`` (whose word stands for ``category``) when it asks,
    with no place or relation of its own, for pieces that usually stand by an essential piece that
    no requirement names or rules out ("two nightstands", and no bed nor "no bed"); else None."""
    r = reqs[i]
    if r.quantifier == "none" or r.anchor is not None or r.same_as is not None or r.placement or r.wall or r.relation \
            or room_type not in BY_ROOM or category not in catalog.BY_NAME:
        return None
    found = essential_anchor(room_type, category, density)
    if found is None or any(covered(other) & set(found[0]) for other in reqs):
        return None
    return found


def _anchor_first(plan: Plan, reqs: tuple[Requirement, ...], i: int, category: str, needs: set[str], density: str, placed: set[str]) -> bool:
    """Before a requirement for pieces that usually stand by an essential piece the request does not
    name ("two nightstands": by the bed), place that piece as the room's program would (leaving
    room for a member on each side when they flank it), so that they go beside it (``_usual_place``)
    and the program's step for it is not run again. Nothing when the request names any piece of
    that kind (a bed, or "no bed"), the room has one already, the pieces already have something
    they usually stand by, or other requirements need something of their place (``needs_of``) or
    stand by them.
    ``placed``: the ids of the pieces placed so, this one's added. Returns whether the pieces go by
    such a piece (placed now, or for an earlier requirement: the oven's sink cabinet, for the fridge)."""
    if catalog.BY_NAME[category].placement != "floor" or needs:  # (what the request relates to it needs its own place: cabinets above it)
        return False
    room_type = plan.state.room.room_type if plan.state.room else ""
    found = unnamed_anchor(reqs, i, room_type, category, density)
    if found is None or any(o.anchor == i and o.quantifier != "none" and o.same_as is None and (c := concrete(o, room_type, category)) in catalog.BY_NAME
                            and catalog.BY_NAME[c].placement == "floor" for o in reqs):
        return False  # (a floor piece the request puts by it claims its sides: a fridge next to the worktop)
    group, (anchor, placement, wall), step, how = found
    if any(o.id in placed and o.category in group for o in plan.state.objects):
        return True
    if any(o.category in group for o in plan.state.objects) or _usual_place(plan, category, 1):
        return False
    sized = seated_width((*reqs, Requirement(anchor, "exactly", 1)), len(reqs), anchor, room_type)
    text = f'add_object(category="{anchor}", placement="{placement}", wall="{wall}"{f", width_m={sized:g}" if sized else ""})'
    before = plan.mark()
    got = _with_room_to_flank(plan, text, category) if how == "both_sides" and placement == "against_wall" and wall == "any" else plan.run(text)
    if not got:
        plan.restore(before)  # the program tries its own step later
        return False
    if step is not None:
        plan.program_done.add(step)
    placed.update(got)
    return True


# ---------------------------------------------------------------- the plan

def _place(plan: Plan, r: Requirement, category: str, anchors: list[str], needs: set[str], anchor_open: bool, width: float = 0.0) -> list[str]:
    """Run one requirement's steps; a named wall that is full gives way to another wall, and
    floor pieces that do not fit around their anchor stand in a row nearby. Returns the ids of
    the requirement's objects."""
    created: list[str] = []
    for text in requirement_calls(plan, r, category, anchors, needs, anchor_open, width):
        if callable(text):
            created += text()
            continue
        loose = re.sub(r'wall="(north|south|east|west)"', 'wall="any"', text)
        if 'arrangement="both_sides"' in text:
            created += _flanked(plan, text)
            continue
        flank = next((n.split(":", 1)[1] for n in needs if n.startswith("flanked:")), None)
        if flank and text.startswith("add_object(") and 'placement="against_wall"' in text and 'wall="any"' in text:
            created += _with_room_to_flank(plan, text, flank)
            continue
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
    return mine or created


FLANK_SLIDES_M = (0.25, -0.25, 0.5, -0.5, 0.75, -0.75, 1.0, -1.0)  # how far the anchor may slide along its wall to free both its sides


def _with_room_to_flank(plan: Plan, text: str, member: str) -> list[str]:
    """Run an anchor's ``add_object`` against a wall where a ``member`` fits on each side of it:
    its own first place, else the first wall, in turn, that leaves room for both (a TV stand whose
    one side a door's swing blocks goes to another wall). The members themselves come later, with
    their own requirement: a trial group is run here and taken back."""
    before = plan.mark()
    for attempt in [text, *(text.replace('wall="any"', f'wall="{w}"') for w in WALLS)]:
        plan.restore(before)
        got = plan.run(attempt)
        if not got:
            continue
        placed = plan.mark()
        fits = len(plan.run(f'add_group(anchor="{got[0]}", member="{member}", count=2, arrangement="both_sides")')) == 2
        plan.restore(placed)
        if fits:
            return got
    plan.restore(before)
    return plan.run(text, keep_failed=True)


def _flanked(plan: Plan, text: str) -> list[str]:
    """Run a ``both_sides`` group; when one side of its anchor is blocked (a door's swing, a corner,
    another piece), slide the anchor with what stands on or at it along its wall until both sides
    take a member ("a bookshelf on each side of the TV stand"), else keep the group as it came."""
    before = plan.mark()
    wanted = int(re.search(r"count=(\d+)", text).group(1))
    got = plan.run(text, keep_failed=True)
    anchor = plan.state.get(re.search(r'anchor="([^"]+)"', text).group(1))
    if len(got) >= wanted or anchor is None or anchor.placement != "floor":
        return got
    first = (plan.calls[before[0]:], plan.results[before[1]:], plan.notes[before[2]:], plan.state, got)
    front = front_vector(anchor.pose.yaw_deg)
    along = np.array([-front[1], front[0]])  # the anchor's side to side axis: along the wall its back is set against
    for slide in FLANK_SLIDES_M:
        plan.restore(before)
        dx, dy = (round(float(v), 3) for v in along * slide)
        plan.run(f'move_object(target="{anchor.id}", dx_m={dx:g}, dy_m={dy:g})')
        if plan.last_failure:
            continue
        got = plan.run(text)
        if len(got) >= wanted:
            return got
    plan.restore(before)  # no slide frees both sides: the group as it first came
    plan.calls += first[0]
    plan.results += first[1]
    plan.notes += first[2]
    plan.state = first[3]
    return first[4]


def _place_later(plan: Plan, later: list[tuple[Requirement, str]]) -> None:
    """The small things named without a place, on the tops the program made, as many as the
    program did not already put there."""
    for r, category in later:
        missing = _amount(r) - plan.count(category)
        if missing > 0:
            _place(plan, replace(r, count=missing), category, [], set(), False)


def plan_request(request: Request, seed: int = 0, door_wall: str = "south", size: tuple[float, float] | None = None,
                 density: str | None = None, shell: SceneState | None = None, room: str | None = None) -> Plan:
    """Every call of the trajectory for ``request`` (its room type must be known), executed.
    ``door_wall``, ``size`` (the room's size where the request leaves it open, drawn from the
    type's distribution by ``rooms.draw_size``; None: the type's typical size) and ``density``
    (when the request names none) let the teacher vary its rollouts. ``shell``: furnish this room
    (a room of a plan, ``ground.suite``) instead of starting with ``init_room``; its calls are then
    the plan room ``room``'s, without an initializer."""
    room_type = request.room_type if shell is None or shell.room is None else shell.room.room_type
    if room_type is None:
        raise ValueError("the request names no room type")
    if shell is not None and shell.room is not None:
        doors = [o.wall for o in shell.openings if o.kind == "door"]
        windows_at = [o.wall for o in shell.openings if o.kind == "window"]
        door_wall = doors[0] if doors else door_wall
        plan = Plan(seed, state=shell, door_wall=door_wall, window_wall=windows_at[0] if windows_at else OPPOSITE[door_wall], room=room)
    else:
        plan = Plan(seed, door_wall=door_wall, window_wall=OPPOSITE[door_wall])
        width, depth = room_size(request, room_type, size)
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
        strict = r.quantifier != "at_least"
        plan.fixed.append((covered(r), amount, strict))
        category = concrete(r, room_type) if amount else None
        for group in BY_ROOM[room_type].essential:  # the program's piece of the same kind would be a second one
            if category in group:
                plan.fixed.append((frozenset(group) | {category}, amount, strict))
    needs = needs_of(reqs, room_type)
    usual_anchors = {a for _, a, _, _ in usual_relations(room_type)}
    usual_anchors |= {c for group in BY_ROOM[room_type].essential if usual_anchors & set(group) for c in group}
    done: set[int] = set()
    later: list[tuple[Requirement, str]] = []
    implicit: set[str] = set()  # the essential pieces placed for requirements that usually stand by them (``_anchor_first``)
    for i in _ordered(reqs, {r.category for r in reqs if (concrete(r, room_type) or r.category) in usual_anchors}):
        r = reqs[i]
        if r.quantifier == "none" or i in done:
            continue
        anchor_ids = made.get(r.anchor, []) if r.anchor is not None else []
        category = concrete(r, room_type, plan.state.get(anchor_ids[0]).category if anchor_ids and plan.state.get(anchor_ids[0]) else None)
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
        seated = seated_around(reqs, i, room_type) if not anchors and r.same_as is None else []
        if seated and _amount(r) > 1:  # "six tables with chairs around them": each table, then its chairs
            width = seated_width(reqs, i, category, room_type)
            made[i] = []
            for k in range(_amount(r)):
                one = _place(plan, replace(r, quantifier="exactly", count=1), category, [], needs.get(i, set()), False, width)
                made[i] += one
                for j, member, total in seated:
                    share = _spread(total, _amount(r))[k]
                    if one and share:
                        seat = replace(reqs[j], quantifier="exactly", count=share, anchor=i, relation="around")
                        made.setdefault(j, []).extend(_place(plan, seat, member, one, needs.get(j, set()), False))
            done.update(j for j, _, _ in seated)
            continue
        bare = [a for a in anchors if plan.state.get(a) is not None and not catalog.BY_NAME[plan.state.get(a).category].supports]
        if catalog.BY_NAME[category].placement == "on_top" and i not in needs and (not anchors or (bare and r.relation in ("on", "on_top"))):
            if bare:  # "towels on the towel rack": it has nothing to stand on
                plan.notes.append(f"{bare[0]} ({plan.state.get(bare[0]).category}) has no surface for {category}: put on another top")
            later.append((replace(r, anchor=None, relation=None), category))  # "a printer": on a top the program makes
            continue
        for extra in reqs:  # "a reading chair in the corner, by the window": the second place refines the first
            if extra.same_as == i and extra.placement in ("near_window", "near_door") and r.placement in (None, "corner", "against_wall"):
                r = replace(r, placement=r.placement or "against_wall", wall=extra.placement[5:], relation=extra.relation or "beside")
        anchored = _anchor_first(plan, reqs, i, category, needs.get(i, set()), DENSITY.get(request.density or density, "dense"), implicit)
        made[i] = _place(plan, r, category, anchors, needs.get(i, set()), r.anchor is not None and reqs[r.anchor].quantifier == "at_least",
                         seated_width(reqs, i, category, room_type))
        if anchored and r.quantifier in ("exactly", "at_least"):  # those that do not fit by it stand where the program puts such pieces
            mine = [oid for oid in made[i] if plan.state.get(oid) is not None and plan.state.get(oid).category == category]
            for _ in range(_amount(r) - len(mine)):
                got = plan.run(f'add_object(category="{category}", placement="{_program_placement(room_type, category)}", wall="any")', keep_failed=True)
                if not got:
                    break
                mine += got
                made[i] = mine
    program_calls(plan, room_type, DENSITY.get(request.density or density, "dense"),
                  then=lambda: _place_later(plan, later))
    plan.calls.append('terminate(status="success")')
    return plan


def plan_text(request: Request, seed: int = 0) -> str:
    """The numbered trajectory text of the plan, in a room whose size (where the request leaves it
    open) is drawn from the room type's sizes with ``seed``."""
    size = draw_size(request.room_type, np.random.default_rng(seed)) if request.room_type else None
    calls = tuple(T.parse(f"{i + 1}. {text}").calls[0] for i, text in enumerate(plan_request(request, seed, size=size).calls))
    return T.format(T.validate(T.Trajectory(calls)))


__all__ = ["Plan", "plan_request", "plan_text"]
