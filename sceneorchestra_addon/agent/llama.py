"""The in-process llama.cpp backend (llama-cpp-python): a GGUF model that writes trajectories under
the GBNF grammar from ``core/grammar.py``.

The grammar spells out every tool name, argument name, enum value, catalogue category and numeric
range, numbers the calls 1, 2, 3 ..., starts with an initializer and ends after
``terminate(...)``. A trajectory is decoded call by call with the executor in the loop: each
call's grammar admits only the object ids that exist at that point, so the model cannot name an
object that was never made (``LlamaBackend.write``). So every finished output parses; what can still go wrong is a sample
cut off by ``max_tokens`` (or a value outside a range the grammar only approximates), and such a
sample is regenerated with a new seed (at most ``max_attempts`` attempts in all, as in the paper's
code).

Sampling defaults are the paper's: temperature 0.7, top-p 0.9, repetition penalty 1.15, up to 2048
new tokens. Output is deterministic for a given seed (same model, same settings, same build).

GPU: ``n_gpu_layers=-1`` (the default) offloads every layer when llama-cpp-python was built with
CUDA (``tools/build_llama_wheel.sh --cuda``); a CPU build ignores it. ``offloads`` says which.

Threads: llama.cpp's model and context must not be used by two threads at once (the process
crashes), so a backend runs one generation at a time: ``generate``, ``next_call`` and ``complete``
hold its lock, and a second caller waits for the first to end. ``generate(..., stop=event)`` ends
early once ``event`` is set: it is checked after every token (llama.cpp's stopping criteria), so a
cancelled generation releases the model within one token and raises GenerationStopped.

llama_cpp is imported inside functions, so this module (and the add-on) imports without it.
"""

from __future__ import annotations

import contextlib
import functools
import math
import threading
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core import grammar as core_grammar
from ..core import trajectory as T
from ..core.executor import Execution, apply_call, call_rng
from ..core.tools.ops import ToolResult
from ..core.metrics import rooms
from ..core.metrics.critic import REPEATED, Gaps, completion_gaps, missing_essentials
from ..core import programs
from ..core.programs import empty_surfaces
from ..core.metrics.relations import box_gap
from ..core.metrics.specs import Spec, SpecError, SpecResult, categories_for, deficit, excess, holds, most_allowed, parse_spec, shortfall
from ..core import planner
from ..core.planner import room_size, seated_view_height
from ..core.solver.world import box_of
from ..core.reader import Request, read
from ..core.tools import SPECS
from ..core.tools.base import accepts
from ..core.tools.add_set import SETS
from ..ground import catalog
from ..ground.geometry import front_vector
from ..ground.state import SceneState
from . import prompts
from .backend import BackendError, Completion, GenerationStats, check_next_call, generate_valid, sample_seed

INSTALL_HINT = (
    "llama-cpp-python is not installed in this Python. Install the wheel the project builds: "
    "tools/build_llama_wheel.sh (add --cuda for NVIDIA GPUs), then pip install wheels/llama_cpp_python-0.3.36-*.whl; "
    "or use the HTTP backend with a llama.cpp server"
)
GGUF_MAGIC = b"GGUF"


class GenerationStopped(BackendError):
    """The generation was stopped (its ``stop`` event set) before it finished."""


def _exclusive(method):
    """``method`` run holding the backend's lock: one thread at a time uses the llama.cpp model."""

    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


def import_llama_cpp():
    """The llama_cpp module, or a BackendError that says how to install it (also when the package
    is there but its shared library does not load on this system: llama_cpp raises RuntimeError
    "Failed to load shared library ..." with the loader's reason, e.g. a missing GLIBC version)."""
    try:
        import llama_cpp
    except (ImportError, OSError, RuntimeError) as exc:
        raise BackendError(f"{INSTALL_HINT} ({exc})") from exc
    return llama_cpp


@functools.lru_cache(maxsize=8)
def compiled_grammar(text: str):
    """A LlamaGrammar for GBNF ``text``, parsed once per process (a grammar is reusable: each
    completion starts its own matcher from it)."""
    llama_cpp = import_llama_cpp()
    try:
        return llama_cpp.LlamaGrammar.from_string(text, verbose=False)
    except (ValueError, RuntimeError) as exc:
        raise BackendError(f"llama.cpp rejected the grammar: {exc}") from exc


def step_gbnf(first: bool) -> str:
    """The grammar of one call (what a stepwise prompt's answer is: a space, then the call): an
    initializer when ``first``, else an implementer, a modifier or terminate; the trajectory
    grammar's rules, another root."""
    body = core_grammar.gbnf().split("\n", 1)[1]
    root = "initializer" if first else "( step | terminator )"
    return f'root ::= " " {root} "\\n"?\n{body}'


@dataclass(frozen=True)
class Limits:
    """What the grammar holds a trajectory to beyond the tools' own types, from the instruction as
    the reader understood it: the room type (None: the model chooses), the categories asked for and
    those ruled out ("no TV"), and the requirements as specs (``Request.specs``: counts, relations to
    objects and to the room). Calls after the initializer may name the room's categories and the
    ones asked for, never the ones ruled out nor one whose count is at its most ("exactly two
    chairs" and two are there)."""

    room_type: str | None = None
    wanted: frozenset[str] = frozenset()
    banned: frozenset[str] = frozenset()
    specs: tuple[Spec, ...] = ()
    sides: tuple | None = None  # the room's sides may range over this (m), or each side over its own; None: the tools' range
    size: tuple[float, float] | None = None  # the room's size the instruction gives (m), else None
    area: float | None = None  # the floor area it gives (m²), else None
    # "a lamp on each nightstand", "a chair at every desk", "four chairs around each table": lamp's, nightstand's categories, lamps
    # each, the relation (on / next_to: at or around it)
    each_on: tuple[tuple[frozenset[str], frozenset[str], int, str], ...] = ()
    anchor_first: bool = False  # a requirement stands by an essential piece it does not name ("two nightstands": the bed first)
    least_area: float | None = None  # the floor (m²) what the instruction names needs, where that is more than the room type's usual size

    @classmethod
    def of(cls, instruction: str) -> Limits:
        request = read(instruction)
        wanted, banned = set(), set()
        for r in request.requirements:
            names = frozenset(catalog.covering(r.category)) or ({r.category} & frozenset(catalog.CATEGORY_NAMES))
            if r.quantifier == "none" or (r.quantifier == "at_most" and r.count == 0):
                banned |= names
            else:
                wanted |= room_members(names, request.room_type, r.count if r.quantifier in ("exactly", "at_least") else 0)
        specs = []
        seated, seated_each = _seated_at(request)
        for line in (*request.specs(), *seated):
            try:
                specs.append(parse_spec(line))
            except SpecError:  # a requirement the spec grammar cannot state is not steered
                continue
        each_on = tuple((frozenset(categories_for(r.category)), frozenset(categories_for(request.requirements[r.anchor].category)),
                         -(-r.count // max(1, request.requirements[r.anchor].count)), "on" if r.relation in ("on", "on_top") else "next_to")
                        for r in request.requirements if r.each and r.relation in ("on", "on_top", "beside", "around") and r.anchor is not None)
        each_on += seated_each
        least = _least_area(request)
        return cls(request.room_type, frozenset(wanted), frozenset(banned), tuple(specs), _sides(request, least), request.size_m,
                   request.area_m2, each_on, _anchor_first(request), least)

    def uneven(self, state: SceneState, before: SceneState | None = None) -> str | None:
        """Why the pieces asked for "on each" (or "at each") of several supporters are not shared
        out among them (two lamps on one nightstand, none on the other, or both on the only one
        there so far; six chairs at one desk), or None. The specs count the lamps on nightstands,
        not the nightstands that have one. With ``before`` (the scene before a call), why the
        call's pieces are not: one went to a supporter past its share, or to one that held more
        than another (a new supporter that holds nothing yet is no fault: a table before its chairs)."""
        for targets, anchors, each, relation in self.each_on:
            held = _holdings(state, targets, anchors, relation)
            counts = [n for _, n in held]
            if before is None:
                wrong = bool(counts) and (max(counts) > each or max(counts) - min(counts) > 1)
            else:
                was = dict(_holdings(before, targets, anchors, relation))
                fewest = min(was.values(), default=0)
                wrong = any(n > was.get(h, 0) and (n > each or was.get(h, 0) > fewest) for h, n in held)
            if wrong:
                return f"each of {', '.join(h for h, _ in held)} should hold {each} of its own (they hold {', '.join(map(str, counts))})"
        return None

    def short_holders(self, state: SceneState, targets: frozenset[str] | set[str]) -> list[tuple[str, int]]:
        """The supporters asked to hold pieces of ``targets`` each ("a lamp on each nightstand")
        that hold fewer than their share, with how many each still lacks."""
        return [(h, each - held) for cats, anchors, each, relation in self.each_on if cats & targets
                for h, held in _holdings(state, cats, anchors, relation) if held < each]

    def size_miss(self, room) -> str | None:
        """Why a new room is not the size the instruction gives (each side, in either orientation,
        within ``GIVEN_SLACK``, or the floor area within ``SIZE_SLACK``), or None: 4.5 x 4 m is not
        "4 by 3 m" (the grammar holds each side too, ``sides``; an area leaves the sides open)."""
        lo, hi = SIZE_SLACK
        if self.size is not None:
            asked, made = sorted(self.size), sorted((room.width_m, room.depth_m))
            if not all(GIVEN_SLACK[0] * a - 0.005 <= m <= GIVEN_SLACK[1] * a + 0.005 for a, m in zip(asked, made)):
                return f"the room is {room.width_m:g} x {room.depth_m:g} m where the instruction asks for {self.size[0]:g} x {self.size[1]:g} m"
        if self.area is not None and not lo * self.area <= room.width_m * room.depth_m <= hi * self.area:
            return f"the room is {room.width_m * room.depth_m:.1f} m² where the instruction asks for {self.area:g} m²"
        if self.least_area is not None and room.width_m * room.depth_m < self.least_area:
            return f"the room is {room.width_m * room.depth_m:.1f} m² where what the instruction asks for needs about {self.least_area:g} m²"
        return None

    def categories(self, state: SceneState, results: Sequence[SpecResult] = ()) -> frozenset[str] | None:
        """The categories the next call may name (None before the room exists: any); ``results``
        (the specs' results on ``state``) rule out the categories whose count is at its most. A
        floor or wall piece the instruction does not ask for is ruled out once the room has one
        more of it than the room type's program places (``usual_most``); one it asks for at least
        one of ("the fireplace" as the focal point), once the room has as many as the program
        places (one fireplace, not two); several ("bookcases along the walls"), once it has as many
        as asked and one more than the program places."""
        if state.room is None:
            return None
        full = set()
        for spec, result in zip(self.specs, results):
            most = most_allowed(spec)
            if spec.relation is None and most is not None and result.count >= most:
                full |= categories_for(spec.target)
        have = Counter(o.category for o in state.objects)
        usual = usual_most(state.room.room_type)

        def most(c: str) -> int:
            asked, placed = self.asked.get(c, 1), usual.get(c, 1)
            return placed + 1 if c not in self.wanted else max(1, placed) if asked == 1 else max(asked, placed + 1)
        enough = {c for c, n in have.items() if catalog.BY_NAME[c].placement in ("floor", "wall") and n >= most(c)}
        return (_room_categories(state.room.room_type) | self.wanted) - self.banned - full - self.unplaceable - enough

    @functools.cached_property
    def asked(self) -> dict[str, int]:
        """The most pieces of each category the instruction's counts ask at least for (a count of a
        word of several kinds counts for each of them: "10 chairs", 10 for every kind of chair)."""
        out: dict[str, int] = {}
        for spec in self.specs:
            if spec.relation is None and spec.quantifier in ("eq", "ge", "gt"):
                for c in categories_for(spec.target):
                    out[c] = max(out.get(c, 0), spec.quantity + (spec.quantifier == "gt"))
        return out

    @functools.cached_property
    def unplaceable(self) -> frozenset[str]:
        """The categories of a word whose every piece the instruction places so ("two lamps, one on
        each nightstand": both on one) that a piece of them cannot be (a floor lamp): one would
        use up the count that the relation needs."""
        out = set()
        for spec in self.specs:
            most = most_allowed(spec)
            if spec.relation is not None or most is None:
                continue
            for rel in self.specs:
                least = {"eq": rel.quantity, "ge": rel.quantity, "gt": rel.quantity + 1}.get(rel.quantifier, 0)
                if rel.target == spec.target and rel.relation in RELATION_PLACEMENTS and not rel.arch and least >= most > 0:
                    found = categories_for(spec.target)
                    out |= found - _placed(found, rel.relation)
        return frozenset(out)

    def focus(self, state: SceneState, results: Sequence[SpecResult], skip=frozenset(), loose: bool = False) -> tuple[frozenset[str], frozenset[str]]:
        """What can bring the unmet specs closer, for requirement steering: the categories to add
        (an unmet spec's targets; for a relation to objects that are not there yet, those objects
        instead, so the anchor comes first and its neighbours can be placed by it) and the tools
        that can add one of them; the modifiers that move, turn or relate objects while a relation
        is unmet and its targets exist; ``remove_object`` while a count is over. Big pieces first:
        of the floor pieces, only those at least half the footprint of the largest (the bed before
        the nightstands, while there is floor for it). An anchor comes before the other pieces
        asked for, so that they do not take the place its neighbours need (the dryers in the
        corners where the ironing board was to stand by the rack). ``skip``: categories steering gave up on.
        ``loose``: every category still missing, small pieces too, and no modifier (a call that
        has failed its strict tries: the chairs still come when the sideboard that goes first
        cannot stand where it is asked, and the model keeps turning what is there)."""
        allowed = (self.categories(state, results) or frozenset()) - frozenset(skip)
        cats, tools, waiting, anchors = set(), set(), set(), set()
        words = self.target_words(state)
        for spec, result in zip(self.specs, results):
            if shortfall(spec, result) == 0:
                continue
            if excess(spec, result) > 0:
                tools.add("remove_object")
                continue
            covered = categories_for(spec.target)
            targets = words.get(spec.target) or covered
            if not targets & allowed and covered & allowed:  # the room's kind is at its count ("an executive chair and four
                targets = room_members(covered & allowed, state.room.room_type)  # chairs"): another kind the word covers
            if spec.relation is not None and not spec.arch and spec.reference is not None:
                refs = categories_for(spec.reference)
                if not any(o.category in refs for o in state.objects) and refs & allowed:
                    refs = room_members(refs, state.room.room_type)
                    cats |= refs  # the anchor first (a nightstand beside the bed: the bed), then its neighbours
                    anchors |= refs
                    waiting |= targets
                    continue
            cats |= targets
            if spec.relation is not None and any(o.category in targets for o in state.objects):
                tools |= set(STEER_MODIFIERS)
                floor_refs = spec.arch or any(catalog.BY_NAME[c].placement == "floor" for c in categories_for(spec.reference))
                if not floor_refs or not any(catalog.BY_NAME[c].placement == "floor" for c in targets):
                    tools.discard("add_relation")  # it relates floor objects only (a sofa facing a wall TV is turned instead)
        cats &= allowed
        cats = (cats - waiting) or cats  # (after the allowed ones: what is at its count, the hooks by the door, cannot stand for it)
        if loose and cats:
            return frozenset(cats), frozenset(_tools_adding(cats) | (tools & {"remove_object"}))
        cats = (cats & anchors) or cats  # before the other pieces asked for, which would take the room its neighbours need (the corner)
        floor = {c: catalog.BY_NAME[c].typical[0] * catalog.BY_NAME[c].typical[1] for c in cats if catalog.BY_NAME[c].placement == "floor"}
        if floor:
            cats -= {c for c, area in floor.items() if area < BIG_FIRST * max(floor.values())}
        adding = _tools_adding(cats)
        ringed = {c for spec in self.specs if spec.relation == "surround" and spec.reference for c in categories_for(spec.reference)}
        if cats and cats <= ringed:  # a table chairs go around stands free: not pushed up to another, nor set round one
            adding -= {"add_related", "add_group"}
        return frozenset(cats), frozenset(tools | adding)

    def target_words(self, state: SceneState) -> dict[str, frozenset[str]]:
        """The categories steering adds for each spec word, narrower than all it covers: the
        ones whose placement can make the relations asked of that word hold ("a lamp on the side
        table": a table lamp, and so for "a lamp" counted on its own), and of a generic word
        ("chairs") the ones the room stands for (``room_members``: a dining chair in a kitchen,
        not a waiting-room chair). A word that would be left with nothing keeps everything."""
        room = state.room.room_type if state.room is not None else self.room_type
        placed: dict[str, frozenset[str]] = {}
        for spec in self.specs:  # the relations asked of a word first, then what the room stands for of what is left
            found = placed.get(spec.target) or categories_for(spec.target)
            if spec.arch:  # "a TV on the wall": the wall TV
                hung = ARCH_PLACEMENTS.get((spec.relation, spec.reference))
                placed[spec.target] = frozenset(c for c in found if catalog.BY_NAME[c].placement in hung) or found if hung else found
            else:
                placed[spec.target] = _placed(found, spec.relation) if spec.relation is not None else found
                if _pulled_up(spec):  # chairs at a table: not armchairs
                    placed[spec.target] = placed[spec.target] & catalog.PULL_UP_SEATS or placed[spec.target]
        many = {s.target: s.quantity for s in self.specs if s.relation is None and s.quantifier in ("eq", "ge")}
        words = {word: room_members(found, room, many.get(word, 0)) for word, found in placed.items()}
        for spec in self.specs:  # "kids' chairs around the tables": the kind of table those seats go with (kids' tables)
            seats, tables = words.get(spec.target, frozenset()), words.get(spec.reference, frozenset())
            if _pulled_up(spec) and len(seats) == 1 and len(tables) > 1:
                words[spec.reference] = _going_with(next(iter(seats)), tables)
        return words

    def unmet_relations(self, results: Sequence[SpecResult]):
        """The unmet relations to the room and to objects (``spec.reference`` set), none of which
        has too many objects already, each with its result: what relation steering works on."""
        return [(spec, result) for spec, result in zip(self.specs, results)
                if spec.relation is not None and spec.reference is not None and shortfall(spec, result) > 0 and excess(spec, result) == 0]

    def one_relation(self, state: SceneState, results: Sequence[SpecResult], turn: int, skip=frozenset()) -> Spec | None:
        """One unmet relation to objects that exist, the ``turn``-th in turn (None: there is none):
        the one relation a steered call's try is held to alone (``anchoring(only=)``), so that with
        chairs to set around the table and a plate to put on the bar table, a try is about the
        chairs (``add_group``, the table, ``around``, three) or about the plate, not a mix. Not one
        of ``skip`` (relations such tries failed to make, call after call)."""
        found = [spec for spec, _ in self.unmet_relations(results)
                 if not spec.arch and _referenced(spec, state) and spec not in skip]
        return found[turn % len(found)] if found else None

    def anchoring(self, state: SceneState, results: Sequence[SpecResult], only: Spec | None = None,
                  skip=frozenset()) -> tuple[dict[str, list[str]], dict[str, tuple[str, ...]]]:
        """What a steered call should refer to and how, while a relation to other objects is
        unmet ("a lamp on the side table", "a chair behind the desk"), for ``grammar.call_gbnf``:
        - roles: when its reference objects exist, the ids each object parameter may name
          (``anchor``, ``parent`` and ``above``: the references; ``target``, the object a modifier
          moves or turns: the targets, unless a count is over and ``remove_object`` must be free
          to remove anything);
        - choices: for a relation to the room, the placements (``placement``, ``near``) that
          make it hold (``ARCH_CHOICES``: "in the corner", "by the window"); the values of the
          tools' ``relation`` parameter that can make a relation to objects hold
          (``TOOL_RELATIONS``), and of ``add_group``'s ``arrangement`` (``ARRANGEMENTS``: chairs
          "around" the table); ``count``: as many as a count still misses; and while a reference
          object still has to be placed and the relation needs room all round it ("chairs around
          the table", "a chair behind the desk": ``FREE_STANDING``), the placement ``middle``, as
          the planner stands such pieces free, unless the instruction puts that piece at a wall
          or in a corner itself (by a window, it stands free in front of it: ``near`` holds too).
        Requirement steering holds a call's first tries to them. ``only`` (``one_relation``): the
        roles and choices of that one relation, its count the one of its targets' count spec.
        The relations of ``skip`` (given up on) are left out."""
        refs, targets, relations, free, seen, inside = set(), set(), set(), False, set(), False
        placements, near, arrangements, walls = set(), set(), set(), set()
        walled = {c for spec in self.specs if spec.arch and (spec.relation in ("against", "corner", "next_to") or spec.reference == "wall")
                  for c in categories_for(spec.target)}  # (near a window or door it still stands free: add_object's middle near it)
        for spec, _ in self.unmet_relations(results):
            if (only is not None and spec is not only) or spec in skip:
                continue
            if spec.arch:  # "a piano in the corner", "a desk by the window": where add_object puts it
                how = ARCH_CHOICES.get((spec.relation, spec.reference), {})
                placements |= set(how.get("placement", ()))
                near |= set(how.get("near", ()))
                continue
            ref_cats = categories_for(spec.reference)
            if not any(o.category in ref_cats for o in state.objects):
                free |= spec.relation in FREE_STANDING and not ref_cats & walled  # "a table against the wall, chairs around it": at the wall
                hung = {c for c in ref_cats if c in catalog.BY_NAME and catalog.BY_NAME[c].placement == "wall"}
                if spec.relation in FACED and hung:
                    seen |= {seated_view_height(c) for c in hung}  # "a sofa facing the (wall) TV": it hangs where seats see it
                continue
            refs |= ref_cats
            targets |= categories_for(spec.target)
            if spec.relation == "surround" and sum(o.category in ref_cats for o in state.objects) < spec.quantity and not ref_cats & walled:
                free = True  # "chairs around each of the four tables", one there: the next table stands free too
            if _hung_across(spec):  # "a mirror on the wall opposite the bed": the wall the bed faces (on a try about that alone)
                walls |= {faced_wall(o.pose.yaw_deg) for o in state.objects if o.category in ref_cats} if only is not None else set()
                continue
            relations |= set(TOOL_RELATIONS.get(spec.relation, ()))
            inside |= spec.relation == "inside_of"  # "toys in the toy box": in it, not on its lid
            arrangements |= set(ARRANGEMENTS.get(spec.relation, ()))
            if spec.relation == "next_to" and _pulled_up(spec):
                relations |= {"in_front_of", "behind"}  # a chair at a desk, a stool at a bar: pulled up to its front (a reception desk's: behind)
                if not categories_for(spec.reference) & catalog.SAT_AROUND:
                    arrangements.add("in_front")  # stools at a bar counter: one row pulled up to its front (``add_group``)
        choices = {"relation": tuple(sorted(relations))} if relations else {}
        kinds = (self.target_words(state).get(only.target) or categories_for(only.target)) if only is not None else frozenset()
        missing = {n for s, n in self.own_shortfalls(results) if only is None or categories_for(s.target) & kinds}
        if missing:  # a group, a stack on a top, lights: as many as are still missing ("three chairs around it": 3)
            choices["count"] = tuple(sorted(missing))
        if missing and min(missing) > 2 and arrangements - {"both_sides"}:
            arrangements.discard("both_sides")  # one on each side holds two: three stools go in a row
        if arrangements:
            choices["arrangement"] = tuple(sorted(arrangements))
        if free:
            placements.add("middle")
        if placements:
            choices["placement"] = tuple(sorted(placements))
        if near:
            choices["near"] = tuple(sorted(near))
        if inside:
            choices["surface"] = ("inside",)
        if seen:
            choices["height_m"] = (f"{min(seen) - SEEN_SLACK_M:g}", f"{max(seen):g}")
        if walls:
            choices["wall"] = tuple(sorted(walls))
        if not refs:
            return {}, choices
        anchors = [o.id for o in state.objects if o.category in refs]
        short = self.short_holders(state, targets)
        if short:  # "8 desks, each with a monitor": one call, one desk's share, on a desk short of it
            choices["count"] = tuple(sorted({n for _, n in short}))
            anchors = [h for h, _ in short]
        roles = {"anchor": anchors, "parent": anchors, "above": anchors}
        if not _excess(self.specs, results):
            roles["target"] = [o.id for o in state.objects if o.category in targets]
        return roles, choices

    def own_shortfalls(self, results: Sequence[SpecResult]) -> list[tuple[Spec, int]]:
        """The count specs still short, none over, each with what it lacks beyond what the counts
        of narrower words lack ("8 chairs" at the tables and "2 armchairs", none there: the
        word chair lacks 10, 2 of them armchairs, so 8 of other kinds)."""
        short = [(s, shortfall(s, r)) for s, r in zip(self.specs, results) if s.relation is None and excess(s, r) == 0 and shortfall(s, r) > 0]
        out = []
        for s, n in short:
            mine = categories_for(s.target)
            n -= sum(m for t, m in short if t is not s and categories_for(t.target) < mine)
            if n > 0:
                out.append((s, n))
        return out

    def required(self, state: SceneState, only: Spec | None) -> tuple[str, ...]:
        """The parameters a try held to the one relation ``only`` must write: ``above`` when a
        piece that hangs is asked above an object that is there ("a mirror over the basin"), so
        that it is hung over it, not anywhere on a wall, where the relation could not be made later."""
        if only is None or only.relation != "above" or not _referenced(only, state):
            return ()
        hung = [c for c in categories_for(only.target) if c in catalog.BY_NAME and catalog.BY_NAME[c].placement in ("wall", "ceiling")]
        return ("above",) if hung else ()

    def placed_in_room(self, state: SceneState, results: Sequence[SpecResult], skip=frozenset()) -> frozenset[str]:
        """The categories of the unmet relations to the room that ``add_object``'s placement can
        make hold (``ARCH_CHOICES``: "a reading chair in the corner by the window"): the steered
        tries whose placement and ``near`` are held to them name those pieces, so that a king bed
        is not the one set in the corner by the window. Not a piece that waits for the object it
        stands by ("a trash can by the stove in a corner": the stove comes first). A piece that
        hangs on a wall is one too (``add_wall_object``'s ``near``: "coat hooks by the door").
        Not one of ``skip`` (relations steering gave up on: five stools by a door with room for two)."""
        unmet = self.unmet_relations(results)
        waiting = {c for spec, _ in unmet if not spec.arch and not _referenced(spec, state) for c in categories_for(spec.target)}
        return frozenset(c for spec in self.room_places(results, skip) for c in categories_for(spec.target)
                         if catalog.BY_NAME[c].placement in ("floor", "wall")) - waiting

    def room_places(self, results: Sequence[SpecResult], skip=frozenset()) -> list[Spec]:
        """The unmet relations to the room that a piece's placement can make hold, but ``skip``."""
        return [spec for spec, _ in self.unmet_relations(results)
                if spec.arch and (spec.relation, spec.reference) in ARCH_CHOICES and spec not in skip]

    def anchored_targets(self, state: SceneState, results: Sequence[SpecResult]) -> frozenset[str]:
        """The categories an unmet relation to existing objects still wants placed by one of them
        ("three stools along the island", the island there): steering's first tries do not let
        ``add_object`` put one anywhere (``grammar.call_gbnf(unanchored=...)``)."""
        words = self.target_words(state)
        out = set()
        for spec, _ in self.unmet_relations(results):
            if spec.arch or spec.relation == "below":  # a rug under the table: add_related(under) or add_object, either may do
                continue
            if _referenced(spec, state):
                out |= words.get(spec.target) or categories_for(spec.target)
        return frozenset(out)

    def relating_tools(self, state: SceneState, results: Sequence[SpecResult], only: Spec | None = None) -> frozenset[str]:
        """When every unmet requirement is a relation to objects that exist ("four chairs around
        the table" with the table there) or a count of the objects such a relation places: the
        tools that make those relations hold (``RELATION_TOOLS``: a group around the table, a
        lamp set on the side table; ``NEAR_TOOLS`` for the others; and the modifiers), to which a
        steered call's first tries are held instead of tools that put an object anywhere. Empty
        otherwise (other pieces still to come may need any tool). ``only`` (``one_relation``): the
        tools that make that relation, whatever else is unmet; a group alone while two or more
        pieces still miss it (three stools along the island, set one by one, run out of ends)."""
        if only is not None:
            missing = next((shortfall(s, r) for s, r in zip(self.specs, results) if s is only), 0)
            if missing >= 2 and only.relation in ROW_RELATIONS and not _at_desk(only):  # "three stools along the island": one group
                return frozenset(set(STEER_MODIFIERS) | {"add_group"})
            return frozenset(set(STEER_MODIFIERS) | set(_relation_tools(only)))
        relating, counted, tools = set(), set(), set(STEER_MODIFIERS)
        for spec, result in zip(self.specs, results):
            if shortfall(spec, result) == 0:
                continue
            if excess(spec, result) > 0 or spec.arch:
                return frozenset()
            if spec.relation is None:
                counted |= categories_for(spec.target)
                continue
            if spec.reference is None or not _referenced(spec, state):
                return frozenset()
            relating |= categories_for(spec.target)
            tools |= set(_relation_tools(spec))
        return frozenset(tools) if relating and counted <= relating else frozenset()

    def blocked_relation(self, before: SceneState, after: SceneState, results: Sequence[SpecResult], seed: int) -> str | None:
        """Why a call that placed the object an unmet relation waits for (the table chairs are to
        surround, the bed with a nightstand on its left) leaves no room to make that relation
        (None: it does, or it placed no such object). The relation's own call (``probe_call``:
        the group around it, the piece beside it) is tried on ``after``: it must work and make
        the relation, and the piece's own relations to the room, hold (``_unmade``); it is only a
        check, never written. Requirement steering drops such a call in its first tries,
        so that the model places the anchor again elsewhere, as the planner stands such pieces
        where their neighbours fit."""
        old = {o.id for o in before.objects}
        words = self.target_words(after)
        counts = {s.target: s.quantity for s in self.specs if s.relation is None}
        for spec, _ in self.unmet_relations(results):
            refs = frozenset() if spec.arch else categories_for(spec.reference)
            if not refs or any(o.category in refs for o in before.objects):
                continue
            share = self.share(spec) if spec.relation == "surround" else 0  # ("ten tables, 40 chairs": the first table, four round it)
            fresh = [o for o in after.objects if o.id not in old and o.category in refs]
            targets = sorted(words.get(spec.target) or categories_for(spec.target))
            if not fresh or not targets:
                continue
            text = probe_call(spec.relation, fresh[0].id, targets[0], share or counts.get(spec.target, 0))
            if text is None:
                continue
            call = T.parse(f"2. {text}\n").calls[0]
            try:
                probed = apply_call(after, call, call_rng(seed, call, 0))
                failure = probed.failure
            except (T.TrajectoryError, ValueError, TypeError) as exc:
                failure = str(exc)
            if not failure:
                failure = self._unmade(spec, after, probed.state)
            if failure:
                return f"it leaves no room for {spec.target} {spec.relation.replace('_', ' ')} {fresh[0].id} ({failure})"
        return None

    def share(self, spec: Spec) -> int:
        """How many of ``spec``'s pieces each of its reference objects is asked to have (``each_on``:
        "ten tables and 40 chairs", four), or 0 when none is said."""
        targets, refs = categories_for(spec.target), categories_for(spec.reference) if spec.reference else frozenset()
        return next((each for cats, anchors, each, _ in self.each_on if cats & targets and anchors & refs), 0)

    def _unmade(self, spec: Spec, after: SceneState, probed: SceneState) -> str | None:
        """Why the piece ``blocked_relation``'s check placed does not do what was asked of it
        (None: it does): ``spec`` must be closer to holding, and so must each unmet relation of
        its word to the room ("an armchair in the corner next to the sideboard": a sideboard in
        the corner leaves the armchair beside it out of the corner; "chairs around the table":
        a table against the sofa leaves them on three sides)."""
        own = [s for s in self.specs if s is spec or (s.arch and s.target == spec.target)]
        now, then = deficit(after, own)[1], deficit(probed, own)[1]
        for s, r0, r1 in zip(own, now, then):
            if shortfall(s, r0) > 0 and shortfall(s, r1) >= shortfall(s, r0):
                return f"it would not be {s.relation.replace('_', ' ')} {s.reference}"
        return None

    def completing(self, state: SceneState, results: Sequence[SpecResult], gaps: Gaps, strict: int | None = None) -> tuple[frozenset[str], frozenset[str]]:
        """What can make the room more complete (``critic.completion_gaps``), for completion
        steering: first the essential pieces it lacks (a bed in a bedroom), and the repeated pieces
        it holds too few of (``Gaps.thin``: a classroom's desks; in the strict tries only while
        other gaps are left, so that a small cafe where no second table fits gets on); then, while it holds
        fewer objects than its floor area calls for, any category the room allows and any tool
        that adds; then the expected categories it lacks, and small objects with the tools that
        put them on shelves and tops that hold nothing. ``strict`` (try ``strict`` of one of a
        steered call's first ``COMPLETION_STRICT`` tries): only one expected category it lacks
        (in turn, one a try), so a model that would rather fill one more shelf, or try the
        microwave that no longer fits again, still gets its ceiling light."""
        allowed = self.categories(state, results) or frozenset()
        essential = set().union(*map(set, gaps.essentials)) & allowed
        if essential:
            return frozenset(essential), frozenset(_tools_adding(essential))
        thin = {c for category, _ in gaps.thin for c in rooms.alternatives(category)} & allowed
        if thin and (strict is not None or not (gaps.few > 0 or gaps.missing or gaps.empty_shelves or gaps.bare_tops)):
            return frozenset(thin), frozenset(_tools_adding(thin))  # a classroom's desks, a cafe's tables: first, while they fit
        if gaps.few > 0:
            return allowed, frozenset(_tools_adding(allowed))
        cats, tools = set(), set()
        for category in gaps.missing:
            cats |= rooms.alternatives(category)
        if strict is not None and cats & allowed:
            addable = [c for c in gaps.missing if rooms.alternatives(c) & allowed]
            one = rooms.alternatives(addable[strict % len(addable)]) & allowed
            return frozenset(one), frozenset(_tools_adding(one))
        if gaps.empty_shelves or gaps.bare_tops:
            cats |= {c for c in allowed if catalog.BY_NAME[c].placement == "on_top"}
            tools |= {"add_crowd", "add_on_top"}
        cats &= allowed
        return frozenset(cats), frozenset(tools | _tools_adding(cats))

    def dressing(self, state: SceneState, results: Sequence[SpecResult], empty) -> tuple[frozenset[str], frozenset[str], dict[str, list[str]]]:
        """What can dress the ``empty`` tops and shelves (``programs.empty_surfaces``), for dressing
        steering: the small objects the room and the instruction allow, the tools that put them on
        a supporter, and those supporters as the only ``parent``."""
        allowed = self.categories(state, results) or frozenset()
        small = frozenset(c for c in allowed if catalog.BY_NAME[c].placement == "on_top")
        return small, frozenset({"add_crowd", "add_on_top"}), {"parent": sorted({oid for oid, _ in empty})}

    def reach(self, before: SceneState, after: SceneState, results: Sequence[SpecResult], skip=frozenset()) -> int:
        """How far the objects a call added could bring the unmet specs (``results``, on
        ``before``) at best: each new object counts once for each unmet spec that wants one more
        of its category (a relation only when its reference objects exist, and of relations to
        one reference that exclude each other, ``EXCLUSIVE_RELATIONS``, only one; a ring around a
        reference, once for all its pieces, as it counts the tables surrounded). At least 1: a call
        that adds nothing (a modifier) must still help. The specs of ``skip`` (relations steering
        gave up on) are not counted: ten desks in rows need not also face the board they could not."""
        old = {o.id for o in before.objects}
        left = [shortfall(s, r) - excess(s, r) for s, r in zip(self.specs, results)]  # the objects still missing
        best = 0
        ringed = set()  # the surround specs a new object already counts for: one group rings one table, however many chairs
        for obj in (o for o in after.objects if o.id not in old):
            sides = set()  # the (reference, exclusive group) pairs this object already counts for
            for i, spec in enumerate(self.specs):
                if left[i] <= 0 or obj.category not in categories_for(spec.target) or i in ringed or spec in skip:
                    continue
                if spec.relation == "surround":
                    ringed.add(i)
                if spec.relation is not None and not spec.arch and spec.reference is not None:
                    refs = categories_for(spec.reference)
                    if not any(o.category in refs for o in before.objects):
                        continue
                    side = next(((spec.reference, k) for k, group in enumerate(EXCLUSIVE_RELATIONS) if spec.relation in group), None)
                    if side in sides:  # one nightstand is left of the bed or right of it, not both
                        continue
                    if side is not None:
                        sides.add(side)
                left[i] -= 1
                best += 1
        return max(1, best)


# relations to one object that no single piece can hold at once (``Limits.reach``)
EXCLUSIVE_RELATIONS = (frozenset({"left_of", "right_of"}), frozenset({"in_front_of", "behind"}), frozenset({"above", "below"}))
STEER_MODIFIERS = ("move_object", "update_rotation", "face_to", "add_relation")
# a relation between objects (``specs.OBJECT_RELATIONS``) -> the values of ``add_related`` /
# ``add_relation``'s ``relation`` that place an object so that it holds (the others, "on", "above",
# "surround" ..., are made by tools without that parameter: add_on_top, add_wall_object, add_group)
TOOL_RELATIONS = {
    "next_to": ("beside", "left_of", "right_of", "on_both_sides"),
    "near": ("near", "beside", "left_of", "right_of", "on_both_sides"),
    "left_of": ("left_of",),
    "right_of": ("right_of",),
    "in_front_of": ("in_front_of",),
    "behind": ("behind",),
    "face": ("facing", "in_front_of"),
    "across_from": ("facing",),
    "below": ("under",),
}


# a relation to an object -> the tools that place an object so (besides the modifiers), and add_group's arrangements that make it hold
RELATION_TOOLS = {"surround": ("add_group",), "on": ("add_on_top", "add_crowd"), "on_top": ("add_on_top", "add_crowd"),
                  "inside_of": ("add_crowd",), "above": ("add_wall_object", "add_ceiling_light")}
NEAR_TOOLS = ("add_related", "add_group")  # the other relations: by an anchor
ARRANGEMENTS = {"surround": ("around",), "next_to": ("both_sides", "in_a_row"), "near": ("both_sides", "in_a_row", "around"),
                "in_front_of": ("in_front",), "face": ("in_front", "across"), "across_from": ("across",)}
# a relation to the room -> how add_object places a piece so that it holds
ARCH_CHOICES = {("corner", "room"): {"placement": ("corner",)}, ("against", "wall"): {"placement": ("against_wall", "corner")},
                ("middle", "room"): {"placement": ("middle",)}, ("next_to", "window"): {"near": ("window",)},
                ("near", "window"): {"near": ("window",)}, ("next_to", "door"): {"near": ("door",)}, ("near", "door"): {"near": ("door",)}}
ROW_RELATIONS = ("next_to", "near", "in_front_of")  # pieces set one by one by an anchor run out of its ends or its front: two or more go as one group
FACED = ("face", "across_from")  # relations of seats to a screen or board: it hangs low enough to be seen (``planner.seated_view_height``)
SEEN_SLACK_M = 0.1  # a faced wall piece's centre may hang this much below its seated-view height
FREE_STANDING = ("surround", "behind")  # relations to an object that need room all round it: it is placed in the middle of the room
# a relation to an object -> the placements its targets can have ("a lamp on the side table" is a table lamp, not a floor lamp)
RELATION_PLACEMENTS = {"on": ("on_top",), "on_top": ("on_top",), "inside_of": ("on_top",), "above": ("wall", "ceiling")}
ARCH_PLACEMENTS = {("on", "wall"): ("wall",), ("hang", "wall"): ("wall",), ("on", "ceiling"): ("ceiling",), ("hang", "ceiling"): ("ceiling",)}


def _holdings(state: SceneState, targets, anchors, relation: str = "on") -> list[tuple[str, int]]:
    """Each supporter of the ``anchors`` categories, with how many pieces of ``targets`` stand on
    it (``relation`` on) or beside it (next_to: each piece counted at the nearest it is beside)."""
    holders = [o for o in state.objects if o.category in anchors]
    if relation == "on":
        return [(o.id, sum(1 for p in state.objects if p.parent == o.id and p.surface and p.category in targets)) for o in holders]
    held = Counter()
    boxes = {o.id: box_of(o) for o in holders}
    for p in (p for p in state.objects if p.category in targets):
        box = box_of(p)
        beside = [o.id for o in holders if o.id != p.id and holds("next_to", box, boxes[o.id])]
        if beside:
            held[min(beside, key=lambda h: box_gap(box, boxes[h]))] += 1
    return [(o.id, held[o.id]) for o in holders]


def _hung_across(spec: Spec) -> bool:
    """Whether ``spec`` asks for wall pieces facing or across from an object ("a mirror opposite
    the bed"): they are hung on the wall that object faces."""
    found = [c for c in categories_for(spec.target) if c in catalog.BY_NAME]
    return spec.relation in FACED and not spec.arch and bool(found) and all(catalog.BY_NAME[c].placement == "wall" for c in found)


def _relation_tools(spec: Spec) -> tuple[str, ...]:
    """The tools that can make an unmet relation to an object hold: a chair at a desk is pulled up
    to it one at a time (``add_related``), where a group would stand beside the desk."""
    if _at_desk(spec):
        return ("add_related",)
    return ("add_wall_object",) if _hung_across(spec) else RELATION_TOOLS.get(spec.relation, NEAR_TOOLS)


def _pulled_up(spec: Spec) -> bool:
    """Whether ``spec`` puts seats at a piece people sit at (``SEATED``: "chairs around the table",
    "a stool beside the bar", "a chair at every desk")."""
    return (spec.relation in SEATED and not spec.arch and spec.reference is not None
            and bool(categories_for(spec.reference) & catalog.SAT_AT) and bool(categories_for(spec.target) & catalog.PULL_UP_SEATS))


def _going_with(seat: str, tables: frozenset[str]) -> frozenset[str]:
    """The kinds of ``tables`` people sit at that share the most room types with ``seat`` (a kids'
    chair goes with a kids' table, not a conference table); all of ``tables`` when none is sat at."""
    rooms = set(catalog.BY_NAME[seat].rooms)
    shared = {t: len(rooms & set(catalog.BY_NAME[t].rooms)) for t in tables & catalog.SAT_AT}  # (pieces people sit at: no coffee table)
    best = max(shared.values(), default=0)
    return frozenset(t for t, n in shared.items() if n == best) or tables


def _at_desk(spec: Spec) -> bool:
    """Whether ``spec`` asks for seats beside desks ("an office chair at every desk")."""
    return spec.relation == "next_to" and _pulled_up(spec) and categories_for(spec.reference) & catalog.SAT_AT <= catalog.DESKS


def faced_wall(yaw_deg: float) -> str:
    """The wall an object turned by ``yaw_deg`` faces (its front's direction: north is +y)."""
    dx, dy = front_vector(yaw_deg)
    return ("east" if dx > 0 else "west") if abs(dx) > abs(dy) else ("north" if dy > 0 else "south")


def _anchor_first(request: Request) -> bool:
    """Whether a requirement asks for pieces that usually flank or surround one of the room's
    essential pieces the request does not name ("a bedroom with two nightstands", "a dining room
    with six chairs"), as the teacher places that piece first (``planner.essential_anchor``). Pieces
    that stand beside one (a kitchen's cabinets by its sink, an office chair at the desk) do not
    count: measured on the hand-written instructions, steering all the essential pieces first for
    them lost more than it won (quality 67.2 against 73.5 over the five such prompts)."""
    if request.room_type is None:
        return False
    reqs = request.requirements
    found = (planner.unnamed_anchor(reqs, i, request.room_type, planner.concrete(r, request.room_type), "dense") for i, r in enumerate(reqs))
    return any(f is not None and f[3] in ("both_sides", "around") for f in found)


SEATED = ("surround", "next_to", "in_front_of")  # relations that put seats at a piece people sit at ("a table with six chairs")


def _placed(categories: frozenset[str], relation: str | None) -> frozenset[str]:
    """Those of ``categories`` whose placement can make ``relation`` hold (RELATION_PLACEMENTS);
    all of them when none can, or the relation says nothing about placement."""
    placements = RELATION_PLACEMENTS.get(relation or "")
    fit = frozenset(c for c in categories if placements is None or catalog.BY_NAME[c].placement in placements)
    return fit or categories


def probe_call(relation: str, anchor: str, category: str, count: int = 0) -> str | None:
    """The call that would make ``relation`` hold for a ``category`` piece by the object
    ``anchor`` (``Limits.blocked_relation``'s check); None for a relation it does not check."""
    if relation == "surround":
        return f'add_group(anchor="{anchor}", member="{category}", count={min(12, max(2, count))}, arrangement="around")'
    if relation == "inside_of":
        return f'add_crowd(parent="{anchor}", categories=("{category}",), surface="inside", density=0.6)'
    if relation in ("on", "on_top"):
        return f'add_on_top(parent="{anchor}", category="{category}")'
    if relation == "above" and catalog.BY_NAME[category].placement == "wall":
        return f'add_wall_object(category="{category}", above="{anchor}")'
    if relation in TOOL_RELATIONS and catalog.BY_NAME[category].placement == "floor":
        return f'add_related(category="{category}", anchor="{anchor}", relation="{TOOL_RELATIONS[relation][0]}", distance_m=0.05)'
    return None


def _supported(roles: dict[str, list[str]], state: SceneState) -> dict[str, list[str]]:
    """``roles`` with ``parent`` (what ``add_on_top`` and ``add_crowd`` put things on) held to the
    objects that have a surface to hold them (``Category.supports``): a coffee machine is never a
    parent, since the call could only fail. A ``parent`` role steering already set keeps its
    supporters (all of it when none is one); with no supporter in the scene, ``parent`` is left free."""
    supporters = [o.id for o in state.objects if catalog.BY_NAME[o.category].supports]
    if "parent" in roles:
        return {**roles, "parent": [i for i in roles["parent"] if i in supporters] or roles["parent"]}
    return {**roles, "parent": supporters} if supporters else dict(roles)


def _referenced(spec: Spec, state: SceneState) -> bool:
    """Whether an object the relation ``spec`` refers to (its reference word) is in the scene."""
    refs = categories_for(spec.reference)
    return any(o.category in refs for o in state.objects)


def _excess(specs: Sequence[Spec], results: Sequence[SpecResult]) -> int:
    return sum(excess(s, r) for s, r in zip(specs, results))


def _named_categories(call: T.Call) -> set[str]:
    """The catalogue categories a call names (``category``, ``member``, ``categories``)."""
    named = set()
    for key, value in call.args:
        if key in ("category", "member", "categories"):
            named |= {value} if isinstance(value, str) else set(value) if isinstance(value, tuple) else set()
    return named & set(catalog.CATEGORY_NAMES)


SEATED_TABLES = 4  # at most this many tables get their chairs round them unasked: more, and the rings leave too little floor for the counts


def _seated_at(request: Request) -> tuple[tuple[str, ...], tuple]:
    """What steering also works for, unsaid: chairs counted beside one kind of table people sit at,
    with nothing said of where they go, are set at those tables ("a restaurant with 10 tables and
    40 chairs": around each, three or more a table, else beside them), not along the walls, each
    table its share (``Limits.each_on``: four at each of the ten). Not where several kinds of table
    are named (which chairs go where is not said), nor for stools (a bar may be theirs), nor past
    ``SEATED_TABLES`` tables (measured: ten tables ringed in a 100 m² restaurant left 30 of 40
    chairs out). Steering only: the specs the scene is scored by are the instruction's.
    (specs, each_on entries)."""
    counted = [r for r in request.requirements if r.quantifier in ("exactly", "at_least") and r.count >= 1 and r.same_as is None]
    tables = {r.category: r for r in counted if categories_for(r.category) & catalog.SAT_AT
              and categories_for(r.category) & catalog.SAT_AT <= catalog.SAT_AROUND}
    chairs = [r for r in counted if r.anchor is None and r.relation is None and r.placement is None
              and any(c in catalog.PULL_UP_SEATS and c.endswith("chair") for c in categories_for(r.category))]
    if len(tables) != 1 or not chairs or next(iter(tables.values())).count > SEATED_TABLES:
        return (), ()
    (table,) = tables.values()
    n = max(1, table.count)
    specs = tuple(f"ge,{n},surround,{r.category},{table.category}" if r.count >= 3 * n else f"ge,{r.count},next_to,{r.category},{table.category}"
                  for r in chairs)
    each = tuple((frozenset(categories_for(r.category)), frozenset(categories_for(table.category)), -(-r.count // n), "next_to")
                 for r in chairs if n > 1)
    return specs, each


def _least_area(request: Request) -> float | None:
    """The floor area (m²) a room needs for what the instruction names when that is more than the
    room type's usual size (``planner.floor_demand``: "10 tables and 40 chairs" need about 100
    m², where a restaurant is usually about 60), within ``SIZE_SLACK``; None when it gives a size,
    an area or a size word, or names nothing that needs more (``Limits.size_miss``: each side
    within range can still make too small a floor)."""
    if request.room_type is None or request.size_m or request.area_m2 or request.size_word:
        return None
    need = planner.floor_demand(request, request.room_type) / planner.FLOOR_SHARE
    usual = math.prod(planner.BY_ROOM[request.room_type].size_m)
    return round(SIZE_SLACK[0] ** 2 * need, 1) if need > usual else None


def _sides(request: Request, least: float | None = None) -> tuple | None:
    """The range of the room's sides the requirements call for: a size the instruction gives
    ("4 by 3 m"), each side within ``GIVEN_SLACK`` of its own ((width lo, hi), (depth lo, hi));
    else about the size its area or size word gives (as the planner reads them), else at least
    nearly the size the planner would choose for the requested furniture (``planner.room_size``),
    and each at least the side of a square of ``least`` (``_least_area``), so that what is asked for fits, both
    sides in one (lo, hi); None when the reader found no room type."""
    if request.room_type is None:
        return None
    if request.size_m is not None:
        return tuple((max(SIDE_RANGE[0], round(GIVEN_SLACK[0] * a, 2)), min(SIDE_RANGE[1], round(GIVEN_SLACK[1] * a, 2))) for a in request.size_m)
    w, d = room_size(request, request.room_type)
    low = max(SIDE_RANGE[0], round(SIZE_SLACK[0] * min(w, d), 1), math.ceil(10 * math.sqrt(least or 0)) / 10)
    given = request.area_m2 or request.size_word  # (a size returned above)
    high = min(SIDE_RANGE[1], round(SIZE_SLACK[1] * max(w, d), 1)) if given else SIDE_RANGE[1]
    return low, max(low, high)


def _tools_adding(cats) -> set[str]:
    """The implementers that can add one of ``cats`` (a category argument whose placements fit one, or a set whose main piece is one)."""
    tools = {name for name, placements in _adding_tools() if any(accepts(placements, c) for c in cats)}
    if any(SETS[k][0] in cats for k in SETS):
        tools.add("add_set")
    return tools


@functools.lru_cache(maxsize=1)
def _adding_tools() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each implementer with a category argument, and the placements that argument accepts (empty: any)."""
    out = []
    for spec in SPECS.values():
        if spec.group != "implementer":
            continue
        for p in spec.params:
            q = p.item if p.kind == "tuple" else p
            if q is not None and q.ref == "category":
                out.append((spec.name, tuple(q.placements)))
    return tuple(out)


@functools.lru_cache(maxsize=64)
def _room_categories(room_type: str) -> frozenset[str]:
    return frozenset(c.name for c in catalog.for_room(room_type))


def usual_most(room_type: str) -> Mapping[str, int]:
    """How many of each piece the room type's program places at its densest
    (``programs.program_counts``). A floor or wall piece the instruction does not ask for is held
    to one more than that (``Limits.categories``: two rugs where the program lays one, two of a
    piece the program lacks), so that the model does not write a third rug or a third umbrella stand."""
    return programs.program_counts(room_type, "dense")


def room_members(found: frozenset[str], room_type: str | None, many: int = 0) -> frozenset[str]:
    """What a generic word (``found``: every category it covers) stands for in a room of
    ``room_type``: the members the room type needs (``planner.BY_ROOM``'s essential groups: "a
    table" in a dining room is its dining table, in a playroom the kids' table), else those the
    room may hold ("chairs" in a kitchen are dining chairs, not a waiting room's), else the kind
    most room types hold (``planner.commonest``). A word that names one category is that category.
    Asked for ``many`` (at least ``REPEATED``) of it, the kinds the room's program places several
    of come first ("20 chairs" in a classroom: its pupils' chairs, not waiting-room chairs)."""
    if len(found) <= 1 or room_type is None:
        return found
    home = found & _room_categories(room_type)
    if not home:
        return frozenset({planner.commonest(found)})  # the plainest kind ("a table" in a laundry room: a side table)
    if many >= REPEATED:
        repeated = home & {c for c, n in programs.program_counts(room_type, "normal").items() if n >= REPEATED}
        if repeated:
            return repeated
    needs = planner.BY_ROOM.get(room_type)
    essential = home & {c for group in (needs.essential if needs else ()) for c in group}
    return essential or home


TERMINATE = 'terminate(status="success")'
RETRY_WARMING = 0.15  # temperature added per failed call in a row (at most 3 times)
STEER_TRIES = 30  # steered calls in a row that do not help before requirement steering gives up (``write``)
DECODE_FACTOR = 3  # tokens decoded for a trajectory, its calls left out too, at most this many times ``max_tokens`` (``write``)
STEER_CAP = 90  # steered calls that do not help, in a whole trajectory, before it gives up
CALL_TOKENS = 256  # tokens one call may take (a trained vocabulary writes a call in about 22, a byte-level one in about 100)
BIG_FIRST = 0.5  # requirement steering places floor pieces of at least this share of the largest one's footprint first
CATEGORY_TRIES = 10  # failed steered calls naming a category before requirement steering gives up on it (more than STRICT_TRIES;
# a strict try whose pieces help but could help more, SHORT_OF_REACH, does not count: "coat hooks by the door" still get hooks)
SHORT_OF_REACH = "its objects could meet more of the requirements"
SIZE_TRIES = 6  # initializer tries held to the size the instruction gives (``Limits.size_miss``); later ones to its range only
GIVEN_SLACK = (0.95, 1.05)  # the sides within these factors of a size the instruction gives ("4 by 3 m")
SIZE_SLACK = (0.85, 1.15)  # the room's sides within these factors of the planner's size for the instruction (``_sides``)
SIDE_RANGE = (2.0, 15.0)  # the initializers' range of a side (m)
STEER_RESERVE = 4  # steering stops while the tokens left would hold fewer calls than this
COMPLETION_TRIES = 20  # completion steering's failed calls, in a trajectory, before it gives up
COMPLETION_STREAK = 6  # completion steering gives up after this many steered calls in a row that do not help
COMPLETION_STRICT = 4  # tries of a completion-steered call held to the expected categories the room lacks (``Limits.completing``)
DRESSING_TRIES = 12  # dressing steering's failed calls, in a trajectory, before it gives up
DRESSING_STREAK = 4  # dressing steering gives up after this many steered calls in a row that do not help
SHUN_AFTER = 2  # a steered call's strict tries stop naming an object that this many tries named in vain, while others fit (a full top),
# and stop placing a piece in a way (one of SHUNNED_WAYS' values) that this many tries placed in vain, while other ways would do
SHUNNED_WAYS = ("relation", "arrangement", "placement")
RELATION_TRIES = 8  # failed tries held to one relation alone ("desks facing the board", with no room left to face it), or to a
# place in the room ("five stools by the door", room for two), before requirement steering stops holding tries to it and stops
# asking a call's new objects to make it too (``Limits.reach``)
STRICT_TRIES = 6  # tries of a steered call that must bring the scene as close as its new objects could (``Limits.reach``)


def check_model_file(path: Path) -> None:
    """Raise BackendError unless ``path`` is a readable file that starts like a GGUF."""
    if not path.exists():
        raise BackendError(f"model file not found: {path}")
    if not path.is_file():
        raise BackendError(f"model path is not a file: {path}")
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise BackendError(f"cannot read model file {path}: {exc}") from exc
    if head != GGUF_MAGIC:
        raise BackendError(f"{path} is not a GGUF model file (it starts with {head!r}, a GGUF starts with b'GGUF')")


GUIDE_KEY = "sceneorchestra.prompt_guide"  # GGUF metadata: the tool-guide detail the model was trained with


class LlamaBackend:
    """A GGUF orchestrator run in this process by llama.cpp, grammar-constrained.

    ``model_path``: the .gguf file. ``n_ctx``: context length in tokens (prompt + answer; the full
    tool guide is about 3,000 tokens for a trained BPE vocabulary, 11,500 for a byte-level one).
    ``n_threads``: CPU threads (None: llama-cpp-python's default, half the cores; on a busy 2-core
    machine 1 thread is much faster than 2, which stall in llama.cpp's spin barriers).
    ``n_gpu_layers``: layers to offload (-1 all; ignored by a CPU build). ``guide``: the tool guide's
    detail in the prompt ("full", "compact" or "none", see ``prompts.tool_guide``; by default the
    model's own ``sceneorchestra.prompt_guide`` metadata, else "full"): it must match
    what the model was trained on. ``examples``: optional few-shot (instruction, trajectory) pairs.
    ``call_tries``: failed calls a trajectory may try before it ends (``write``). ``steer``:
    requirement steering (``write``); off, the model alone decides how far it follows the requirements.
    """

    def __init__(
        self,
        model_path: str | Path,
        *,
        n_ctx: int = 8192,
        n_threads: int | None = None,
        n_gpu_layers: int = -1,
        temperature: float = 0.7,
        top_p: float = 0.9,
        repeat_penalty: float = 1.15,
        max_tokens: int = 2048,
        max_attempts: int = 3,
        call_tries: int = 12,
        steer: bool = True,
        guide: str | None = None,
        examples: Sequence[tuple[str, str]] = (),
        verbose: bool = False,
    ):
        if max_attempts < 1 or max_tokens < 1 or n_ctx < 16:
            raise ValueError("max_attempts and max_tokens must be at least 1, n_ctx at least 16")
        if guide is not None:
            prompts.tool_guide(guide)  # an unknown guide detail fails here, not at the first call
        self.model_path = Path(model_path).expanduser()
        self.n_ctx, self.n_threads, self.n_gpu_layers = n_ctx, n_threads, n_gpu_layers
        self.temperature, self.top_p, self.repeat_penalty = temperature, top_p, repeat_penalty
        self.max_tokens, self.max_attempts, self.call_tries = max_tokens, max_attempts, max(1, call_tries)
        self.examples = tuple(examples)
        self.steer = steer
        self.stats = GenerationStats()
        self._lock = threading.RLock()  # held for a whole generation (``_exclusive``)
        self._stop: threading.Event | None = None  # the running generation's stop event
        self._built: dict[tuple[str, int], Execution] = {}  # the last generation's trajectories as written, built (``built_execution``)
        self._llm = self._load(verbose)
        # a model trained by training/ records the guide detail it was trained with in its GGUF
        self.guide = guide or self._llm.metadata.get(GUIDE_KEY, "full")
        prompts.tool_guide(self.guide)

    def _load(self, verbose: bool):
        check_model_file(self.model_path)
        llama_cpp = import_llama_cpp()
        kwargs = {"model_path": str(self.model_path), "n_ctx": self.n_ctx, "n_gpu_layers": self.n_gpu_layers, "seed": 0, "verbose": verbose}
        if self.n_threads is not None:
            kwargs["n_threads"] = kwargs["n_threads_batch"] = self.n_threads
        try:
            return llama_cpp.Llama(**kwargs)
        except (ValueError, RuntimeError, OSError) as exc:
            raise BackendError(f"llama.cpp could not load the model {self.model_path}: {exc} (a damaged or incompatible GGUF?)") from exc

    @property
    def offloads(self) -> bool:
        """True when this llama.cpp build can put layers on a GPU (and so uses ``n_gpu_layers``)."""
        return bool(import_llama_cpp().llama_supports_gpu_offload())

    @_exclusive
    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=True, special=False))

    @_exclusive
    def complete(
        self,
        prompt: str,
        gbnf: str | None,
        *,
        seed: int,
        max_tokens: int | None = None,
        temperature: float | None = None,
        repeat_penalty: float | None = None,
    ) -> Completion:
        """One raw completion of ``prompt`` under the GBNF ``gbnf`` (None: unconstrained); sampling
        settings default to the backend's (temperature 0 decodes greedily). Raises BackendError
        when the prompt does not fit the context, GenerationStopped once the running generation's
        stop event is set (before the call or at its next token)."""
        stop = self._stop
        if stop is not None and stop.is_set():
            raise GenerationStopped(f"the generation with {self.model_path.name} was stopped")
        n_prompt = self.count_tokens(prompt)
        room = self.n_ctx - n_prompt
        if room < 8:
            raise BackendError(
                f"the prompt is {n_prompt} tokens but the context holds {self.n_ctx} (n_ctx): raise n_ctx, or use a shorter tool guide (guide='compact')"
            )
        started = time.perf_counter()
        try:
            out = self._llm.create_completion(
                prompt,
                max_tokens=min(max_tokens or self.max_tokens, room),
                temperature=self.temperature if temperature is None else temperature,
                top_p=self.top_p,
                repeat_penalty=self.repeat_penalty if repeat_penalty is None else repeat_penalty,
                seed=seed,
                grammar=compiled_grammar(gbnf) if gbnf else None,
                stopping_criteria=None if stop is None else import_llama_cpp().StoppingCriteriaList([lambda _ids, _logits: stop.is_set()]),
            )
        except (ValueError, RuntimeError) as exc:
            raise BackendError(f"llama.cpp failed while generating with {self.model_path.name}: {exc}") from exc
        if stop is not None and stop.is_set():
            raise GenerationStopped(f"the generation with {self.model_path.name} was stopped")
        choice = out["choices"][0]
        tokens = int(out.get("usage", {}).get("completion_tokens", 0))
        return Completion(choice["text"], choice.get("finish_reason") or "stop", tokens, time.perf_counter() - started)

    @_exclusive
    def generate(self, instruction: str, n: int = 1, seed: int = 0, stop: threading.Event | None = None) -> list[str]:
        """``n`` valid trajectories for ``instruction`` (canonical text), each written call by call
        with the executor in the loop (``write``). Sample ``i``, attempt ``a`` uses the sampler
        seeds of ``sample_seed(seed, i, a)``; the calls are executed with ``seed``, the seed the
        scene is built with. Raises GenerationFailed when a sample has no valid trajectory after
        ``max_attempts`` attempts, GenerationStopped when ``stop`` is set before the end."""
        prompt = prompts.trajectory_prompt(instruction, self.examples, self.guide)
        limits = Limits.of(instruction)
        out = []
        self._stop = stop
        self._built.clear()
        try:
            for i in range(n):
                complete = lambda attempt, i=i: self.write(prompt, sample_seed(seed, i, attempt), seed, limits)
                out.append(generate_valid(complete, lambda t: t, self.stats, self.max_attempts, f"{instruction!r} (sample {i}, seed {seed})"))
        finally:
            self._stop = None
        return out

    def write(self, prompt: str, sampler_seed: int, scene_seed: int = 0, limits: Limits = Limits()) -> Completion:
        """One trajectory, written in one pass after ``prompt`` but decoded call by call: before
        each call the grammar (``grammar.call_gbnf``) lists exactly the object ids that exist at
        that point, found by executing the calls so far (seed ``scene_seed``, as the scene will be
        built), so no call can name an object that was never made; ``limits`` fix the room type the
        instruction names and the categories the room and the instruction allow. The model sees
        only its own calls, no results; llama.cpp reuses the prompt's cache between calls.
        A call whose execution fails (no free space, a full shelf), or that runs past ``CALL_TOKENS``,
        is left out and the call is
        sampled again with another seed, a little warmer after each failure in a row
        (RETRY_WARMING); after ``call_tries`` failed calls in one trajectory it ends there. So a
        trajectory holds only calls that work, and a model that repeats itself stops instead of
        looping (the counts are in ``stats.calls`` / ``stats.rejected_calls``). ``max_tokens`` and the context (``n_ctx``) bound the whole
        trajectory (``DECODE_FACTOR`` times ``max_tokens``, the tokens decoded for its calls that
        were left out too): when either is reached, the calls so far end it (only a sample cut off before its room exists
        is cut off, and regenerated).

        Requirement steering (``steer``, on by default): the scene's shortfall against the
        requirement specs (``specs.deficit``) is known after every call. A call that makes it
        worse (breaks a requirement that held) or adds more than a requirement allows (four
        chairs where two were asked for) fails like one that does not execute. Requirements come first, as in the planner's trajectories the model learnt from:
        right after the initializer, and again whenever the model would end while a requirement
        is unmet, the calls are written by the model under a grammar that admits only what can
        meet the unmet requirements (``Limits.focus``: their categories, the tools that add them,
        and the modifiers while a relation is unmet) and no ``terminate``, and each is kept only
        if it brings the scene closer: in its first ``STRICT_TRIES`` tries, as close as its new
        objects could (an armchair asked for "in the corner by the window" is kept there, not
        against any wall, while the model can still find that place). Those first tries are also
        held, in the grammar, to what an unmet relation needs: the object it relates to, the
        relation, placement and count that make it hold, the tools that make it, no piece it
        wants placed by another put anywhere (``Limits.anchoring``, ``relating_tools``,
        ``anchored_targets``), the pieces a place in the room is asked for first when those
        tries hold the placement (``placed_in_room``), nor an object ``SHUN_AFTER`` of its tries named in vain while
        another would do (the second nightstand when the first one's top is full), every other try to one unmet relation alone, in turn
        (``Limits.one_relation``: its targets, anchor, tools and count); and a call that places the anchor of a waiting relation is kept
        only if that relation can then be made (``Limits.blocked_relation``). Big floor pieces come
        before small ones, and a category named by ``CATEGORY_TRIES`` steered calls that failed is
        given up. The room's sides are held to the size the instruction calls for (``Limits.sides``:
        its size or area, else at least nearly the planner's size for what it asks). Steering stops when every requirement holds or after
        ``STEER_TRIES`` steered calls in a row that do not help (``STEER_CAP`` in the whole trajectory), or when the tokens
        left (``max_tokens``) would hold fewer than ``STEER_RESERVE`` more calls; then the model
        goes on freely (or ends). A strict try whose narrowing leaves no call to write takes the
        whole focus instead; it neither ends steering nor stops the counts ("3 monitors" beside a
        printer "behind the bookshelf", which no relating tool adds). Past the strict tries, every
        other try is held to whatever is still missing, small pieces too, without modifiers
        (``Limits.focus(loose=True)``); a strict try stops placing a piece in a way (a relation, an
        arrangement, a placement) that ``SHUN_AFTER`` of the call's tries placed in vain
        (``SHUNNED_WAYS``); a piece hung above an object is written ``above=`` it on the try about
        that relation (``Limits.required``). A call written again on the same scene after it failed
        is not built again: judged the same way, it fails the same way.

        Completion steering, its sequel: when the model would end with every requirement met (or
        given up on) but the room incomplete as the critic sees it (``critic.completion_gaps``:
        an essential piece absent, fewer objects than its floor area calls for, an expected
        category absent, empty shelves, bare tops), the end is not taken either: the grammar
        admits what can fill those gaps (``Limits.completing``) and a call is kept only if the
        room's gap shrinks, until none is left, ``COMPLETION_STREAK`` steered calls in a row do
        not help, or ``COMPLETION_TRIES`` in all. The essential pieces (a bed in a bedroom) are
        not left to the end: right after the requirements they are steered for the same way,
        while there is floor for them, and before the requirements when one of them stands by an
        essential piece it does not name ("two nightstands": the bed first; ``Limits.anchor_first``). A completion-steered call's first ``COMPLETION_STRICT``
        tries are held each to one expected category the room lacks, in turn (the ceiling light
        still comes when the model keeps trying a microwave that no longer fits).

        Dressing steering, last: when the model would end with the room complete as the critic
        sees it but tops and shelves bare (``programs.empty_surfaces``: a bookshelf with books on
        one of its shelves has bare ones), the grammar admits only the tools that set small
        objects on a supporter with a bare surface (``Limits.dressing``), and a call is kept only
        if fewer surfaces are bare, until none is, ``DRESSING_STREAK`` calls in a row do not help,
        or ``DRESSING_TRIES`` in all; the teacher dresses every supporter the same way.

        The model still writes every call; steering decides which of its calls the grammar admits
        and which are kept (``stats.steered_calls``)."""
        started = time.perf_counter()
        state, text, tokens, written = SceneState(), "", 0, []
        rejected, streak, tries = 0, 0, 0  # failed calls so far, in a row, and model calls for this call number
        specs = limits.specs if self.steer else ()
        need, results = deficit(state, specs) if specs else (0, [])
        mode, steer_fails, gaps = None, 0, None  # mode: None (free), "requirements" or "completion"; gaps: the room's, while completing
        steer_since = 0  # requirement steering's failed calls since its last kept one
        complete_fails, essentials_only = 0, False  # completion steering's failed calls; steering only for the essential pieces
        dress_fails, empty = 0, ()  # dressing steering's failed calls; the empty tops and shelves, while dressing
        failed_by_category, given_up = Counter(), set()  # requirement steering's failed calls per category named, and those it gave up on
        relation_fails = Counter()  # failed tries held to a relation alone or to a place in the room, per relation (``RELATION_TRIES``)
        failed_on = Counter()  # this call number's failed steered calls per object id they name
        failed_as = Counter()  # and per (parameter, value) of the ways they place a piece (``SHUNNED_WAYS``)
        failed_before: dict[tuple, str] = {}  # this call number's failed calls (and how they were judged): not built again
        number = 1
        kept: list[tuple[SceneState, ToolResult]] = []  # each written call's state before it and its result
        in_context = prompt_tokens = self.count_tokens(prompt)  # the tokens of the prompt and the calls written so far

        def done(body: str, reason: str = "stop") -> Completion:
            if reason == "stop":
                self._keep_built(body, scene_seed, kept)
            return Completion(body, reason, tokens, time.perf_counter() - started)

        def out_of_tokens(cut: str) -> Completion:
            """At ``max_tokens``: the calls so far, each executed, end the trajectory (as at
            ``MAX_CALLS``); before the room exists, the cut-off text (the sample is regenerated)."""
            return done(text + f"{number}. {TERMINATE}\n") if number > 1 else done(cut, "length")

        def tokens_left() -> int:
            """The tokens the trajectory may still take: its calls within ``max_tokens`` and within
            the context (``n_ctx``) after the prompt, and all the tokens decoded for it, the calls
            left out too, within ``DECODE_FACTOR`` times ``max_tokens`` (steering's failed tries do
            not starve the calls that furnish the room after it)."""
            return min(self.max_tokens - (in_context - prompt_tokens), DECODE_FACTOR * self.max_tokens - tokens, self.n_ctx - in_context - 1)

        def short_of_tokens() -> bool:
            """Whether the tokens left would not hold STEER_RESERVE more calls of the length so far
            (steering then lets the model end rather than be cut off)."""
            return tokens_left() < STEER_RESERVE * tokens / max(1, number - 1 + rejected + steer_fails)

        def steering_left() -> bool:
            """Whether requirement steering goes on: fewer than STEER_TRIES failed calls since its
            last kept one (a room of many requirements makes progress in long runs), STEER_CAP in all."""
            return steer_since < STEER_TRIES and steer_fails < STEER_CAP

        def steer_instead() -> tuple[str | None, Gaps | None]:
            """The steering mode to enter instead of the end the model asks for, and the room's gaps
            (and, for dressing, its bare tops and shelves in ``empty``)."""
            nonlocal empty
            if not self.steer or number >= T.MAX_CALLS or state.room is None or short_of_tokens():
                return None, None
            if need > 0 and steering_left() and limits.focus(state, results, given_up)[1]:
                return "requirements", None
            found = completion_gaps(state)
            if found.size > 0 and complete_fails < COMPLETION_TRIES and limits.completing(state, results, found)[1]:
                return "completion", found
            empty = empty_surfaces(state)
            if empty and dress_fails < DRESSING_TRIES and limits.dressing(state, results, empty)[0]:
                return "dressing", None
            return None, None

        while number <= T.MAX_CALLS:
            budget = tokens_left()
            if budget <= 0 and (number > 1 or DECODE_FACTOR * self.max_tokens <= tokens):  # (a prompt too long for the context: complete says so)
                return out_of_tokens(text)
            ids = [o.id for o in state.objects]
            gbnf = None
            if mode is not None and short_of_tokens():
                mode = None
            only, held = None, []  # the try's one relation; the relations to the room its pieces are held to
            dropped = frozenset(r for r, n in relation_fails.items() if n >= RELATION_TRIES)  # the relations steering gave up on
            if mode is not None:
                roles, choices, unanchored, required = {}, {}, frozenset(), ()
                if mode == "requirements":  # (past its strict tries, every other try: whatever is still missing)
                    cats, tools = limits.focus(state, results, given_up, loose=tries > STRICT_TRIES and tries % 2 == 1)
                elif mode == "completion":
                    cats, tools = limits.completing(state, results, gaps, strict=tries if tries < COMPLETION_STRICT else None)
                else:
                    cats, tools, roles = limits.dressing(state, results, empty)
                broad = (cats, tools)
                if mode == "requirements" and tries < STRICT_TRIES:  # the first tries refer to what an unmet relation concerns
                    only = limits.one_relation(state, results, tries // 2, dropped) if tries % 2 == 0 else None  # every other try: one alone
                    roles, choices = limits.anchoring(state, results, only, dropped)
                    required = limits.required(state, only)
                    roles = {k: [i for i in v if failed_on[i] < SHUN_AFTER] or v for k, v in roles.items()}  # the other nightstand, when one is full
                    choices = {k: tuple(x for x in v if failed_as[k, x] < SHUN_AFTER) or v if k in SHUNNED_WAYS else v
                               for k, v in choices.items()}  # "facing" the whiteboard, when there is no room left in front of it
                    if only is not None:  # its targets, though a bigger piece would otherwise come first, and the tools that add them
                        cats = (limits.target_words(state).get(only.target, frozenset()) & (limits.categories(state, results) or cats)) or cats
                        tools = tools | _tools_adding(cats)
                    else:  # a place asked in the room goes to the piece it was asked for, not to the bed that comes first
                        placed = limits.placed_in_room(state, results, dropped) & (limits.categories(state, results) or cats)
                        cats, tools = (placed, tools | _tools_adding(placed)) if placed else (cats, tools)
                        held = [r for r in limits.room_places(results, dropped) if categories_for(r.target) & placed]
                    tools = (tools & limits.relating_tools(state, results, only)) or tools
                    unanchored = limits.anchored_targets(state, results)
                try:
                    gbnf = core_grammar.call_gbnf(number, ids, cats, limits.room_type, tools=tools, can_stop=False, choices=choices,
                                                  roles=_supported(roles, state), unanchored=unanchored, required=required)
                except ValueError:  # no call of those tools can be written: a strict try's narrowing can leave none
                    if (cats, tools) != broad:  # (a small thing "behind" a bookcase: no relating tool adds it) the whole focus instead
                        with contextlib.suppress(ValueError):
                            gbnf = core_grammar.call_gbnf(number, ids, broad[0], limits.room_type, tools=broad[1], can_stop=False,
                                                          roles=_supported({}, state))
                    if gbnf is None:  # (the gaps changed) the model goes on freely
                        mode = None
            if gbnf is None:
                gbnf = core_grammar.call_gbnf(number, ids, limits.categories(state, results), limits.room_type,
                                              sides=limits.sides if self.steer else None, roles=_supported({}, state))
            seed = (sampler_seed + number + 7919 * tries) & 0x7FFFFFFF
            warmer = self.temperature + RETRY_WARMING * min(streak, 3)  # after a failure, look a little further afield
            out = self.complete(prompt + text, gbnf, seed=seed, max_tokens=min(budget, CALL_TOKENS), temperature=warmer)
            tokens += out.tokens
            tries += 1
            if out.finish_reason == "length" and budget <= CALL_TOKENS:
                return out_of_tokens(text + out.text)
            call = None if out.finish_reason == "length" else T.parse(out.text if out.text.endswith("\n") else out.text + "\n").calls[0]
            if call is None:  # one call longer than CALL_TOKENS (a model that rambles in a list): it fails like any other
                self.stats.calls += 1
                self.stats.rejected_calls += 1
                streak += 1
                rejected += 1
                if rejected >= self.call_tries:
                    return done(text + f"{number}. {TERMINATE}\n")
                continue
            line = out.text if out.text.endswith("\n") else out.text + "\n"
            if call.tool == "terminate":
                mode, gaps = steer_instead()  # the model would stop with a requirement unmet or the room incomplete
                if mode is not None:
                    continue
                return done(text + line)
            plain = T.format_call(T.Call(1, call.tool, call.args))
            memo = (plain, mode, tries <= STRICT_TRIES)  # the same call on the same scene, judged the same way: the same failure
            if number > 1 and memo in failed_before:
                failure = failed_before[memo]
            else:
                try:
                    result = apply_call(state, call, call_rng(scene_seed, call, written.count(plain)))
                    failure = result.failure
                except (T.TrajectoryError, ValueError, TypeError) as exc:  # a value the grammar only approximates
                    failure = str(exc)
                after, after_gaps = (need, results), gaps
                if not failure and number == 1 and self.steer and rejected < SIZE_TRIES and result.state.room is not None:
                    failure = limits.size_miss(result.state.room)  # the size the instruction gives, not only its range (its first tries)
                if not failure and self.steer and limits.each_on:
                    failure = limits.uneven(result.state, state)  # "a lamp on each nightstand": not both on one
                if not failure and specs:
                    after = deficit(result.state, specs)
                    gain = need - after[0]
                    if gain < 0 or _excess(specs, after[1]) > _excess(specs, results):
                        failure = "it takes the scene further from the requirements" if gain < 0 else "it adds more than the requirements allow"
                    elif mode == "requirements" and gain < (limits.reach(state, result.state, results, dropped) if tries <= STRICT_TRIES else 1):
                        failure = "it meets no unmet requirement" if gain == 0 else SHORT_OF_REACH
                    elif mode == "requirements" and tries <= STRICT_TRIES:
                        failure = limits.blocked_relation(state, result.state, results, scene_seed)
                if not failure and mode == "completion":
                    after_gaps = completion_gaps(result.state)
                    if after_gaps.size >= gaps.size:
                        failure = "it leaves the room no more complete"
                after_empty = empty
                if not failure and mode == "dressing":
                    after_empty = empty_surfaces(result.state)
                    if len(after_empty) >= len(empty):
                        failure = "it dresses no empty top or shelf"
                if failure and number > 1:
                    failed_before[memo] = failure
            self.stats.calls += 1
            if failure:
                self.stats.rejected_calls += 1
                streak += 1
                if mode == "requirements":
                    steer_fails += 1
                    steer_since += 1
                    if failure != SHORT_OF_REACH:  # (a piece that would do, later, where a strict try wants it placed so too)
                        failed_by_category.update(_named_categories(call))
                    relation_fails.update([only] if only is not None else held)
                    failed_on.update(v for _, v in call.args if isinstance(v, str) and v in ids)
                    failed_as.update((k, v) for k, v in call.args if k in SHUNNED_WAYS)
                    given_up |= {c for c, n in failed_by_category.items() if n >= CATEGORY_TRIES}
                    if not steering_left():
                        mode = None  # the model found nothing that meets the rest: it goes on freely
                    continue
                if mode == "completion":
                    complete_fails += 1
                    if complete_fails >= COMPLETION_TRIES or streak >= COMPLETION_STREAK:
                        mode, complete_fails = None, COMPLETION_TRIES  # nothing the model writes fills the gaps
                    continue
                if mode == "dressing":
                    dress_fails += 1
                    if dress_fails >= DRESSING_TRIES or streak >= DRESSING_STREAK:
                        mode, dress_fails = None, DRESSING_TRIES  # nothing the model writes dresses the rest
                    continue
                rejected += 1
                if rejected >= self.call_tries:  # the model has run out of calls that work here
                    mode, gaps = steer_instead()
                    if mode is not None:
                        rejected = 0
                        continue
                    return done(text + f"{number}. {TERMINATE}\n")
                continue
            self.stats.steered_calls += mode is not None
            steer_since = 0 if mode == "requirements" else steer_since
            kept.append((state, result))
            state, streak, tries = result.state, 0, 0
            failed_on.clear()
            failed_as.clear()
            failed_before.clear()
            if relation_fails:  # a relation a call brought closer is worth holding tries to again
                for spec, was, now in zip(limits.specs, results, after[1]):
                    if now.count > was.count:
                        relation_fails.pop(spec, None)
            need, results = after
            gaps, empty = after_gaps, after_empty
            if number == 1 and limits.anchor_first and self.steer and missing_essentials(state):
                mode, essentials_only, gaps = "completion", True, completion_gaps(state)  # the bed the nightstands stand by, first
            elif mode == "requirements" or number == 1:  # requirements first, as the planner does, right after the room exists
                mode = "requirements" if need > 0 and steering_left() and specs else None
                if mode is None and self.steer and complete_fails < COMPLETION_TRIES and missing_essentials(state):
                    mode, essentials_only, gaps = "completion", True, completion_gaps(state)  # then the room's essential pieces
            elif mode == "completion" and (gaps.size <= 0 or (essentials_only and not gaps.essentials)):
                mode, essentials_only = None, False
                if need > 0 and steering_left() and specs:
                    mode = "requirements"  # (after the essential pieces an unmet requirement stands by)
            elif mode == "dressing" and not empty:
                mode = None
            text += line
            in_context = self.count_tokens(prompt + text)
            written.append(plain)
            number += 1
        return done(text)

    def built_execution(self, text: str, seed: int) -> Execution | None:
        """The execution of a trajectory the last ``generate`` wrote (canonical ``text``, built with
        ``seed``), as the executor in the loop built it while writing: what ``executor.execute``
        would build again, call for call (the same states, results and generators), so a caller
        need not build it twice. None for any other text or seed."""
        return self._built.get((text, seed))

    def _keep_built(self, body: str, seed: int, kept: Sequence[tuple[SceneState, ToolResult]]) -> None:
        """Remember the execution of a finished trajectory ``body`` from the writer's kept calls
        (the state before each and its result), its ``terminate`` run on the last state."""
        try:
            traj = T.load(body)
        except T.TrajectoryError:
            return
        if len(traj.calls) != len(kept) + 1 or traj.calls[-1].tool != "terminate":
            return
        last = kept[-1][1].state if kept else SceneState()
        end = apply_call(last, traj.calls[-1], call_rng(seed, traj.calls[-1], 0))
        before = tuple(state for state, _ in kept) + (last,)
        self._built[(T.format(traj), seed)] = Execution(traj, seed, tuple(result for _, result in kept) + (end,), before)

    @_exclusive
    def next_call(self, instruction: str, history: Sequence[tuple[str, str]], seed: int = 0) -> str:
        """The next call (canonical ``N. tool(...)``) given the executed calls and their results
        (``prompts.history_of(execution)`` makes the pairs): the stepwise orchestrator."""
        prompt = prompts.stepwise_prompt(instruction, history, self.guide)
        gbnf = step_gbnf(first=not history)
        problems = []
        for attempt in range(self.max_attempts):
            out = self.complete(prompt, gbnf, seed=sample_seed(seed, len(history), attempt), max_tokens=min(self.max_tokens, 512))
            try:
                return check_next_call(history, out.text)
            except T.TrajectoryError as exc:  # a BackendError (a broken history) is not retried
                problems.append(str(exc))
        raise BackendError(f"no valid next call after {self.max_attempts} attempts: " + " | ".join(problems))

    @_exclusive
    def close(self) -> None:
        """Free the model now (otherwise when the backend is garbage-collected)."""
        llm, self._llm = self._llm, None
        if llm is not None:
            llm.close()
