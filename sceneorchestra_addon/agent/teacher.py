"""The teacher: a SceneWeaver-style execute-review-reflect loop over our tools.

Each step chooses one tool call from the current state, executes it, reviews the result with the
evaluator (and, when asked, draws the review image, to reproduce the per-step review cost), and
rolls the step back when the summed grade drops by 5 or more. The first step is an initializer, the
last ``terminate``; at most ``MAX_STEPS`` steps in all, as in SceneWeaver.

It starts from the planner's calls (``core/planner.py``: what the instruction asks, then the room
program at a density the instruction names or the rollout draws, with a random door wall and, when
the instruction gives no size, a size varied around the typical one). A later step that breaks a
requirement that held is rolled back. The choice of the next call is heuristic with randomness (the default): the room program's steps
that are not done yet (its core steps weighted most), what is still missing (lights, wall decor,
plants), supporters whose tops or shelves are empty, and now and then a modifier; the last step only
fills what is there instead of adding furniture that would stay empty. Calls that add what the
request rules out or already has enough of are never chosen. It reflects on the review of the last
kept step: calls that add what an unmet requirement asks for are drawn x6, and calls that add what the review calls missing, fill the shelves it calls empty,
or add many objects when it counts too few are drawn more often (``_feedback_weight``). It can
instead ask an LLM over HTTP for the next call (SceneWeaver's design), falling back to the heuristic
when the answer does not validate.

Every step is logged: the call, the result, the quality Q_t, the composition score C_t and the
cumulative runtime T_t, which is what the training pipeline turns into datasets.
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..ground import catalog
from ..core import programs
from ..core import trajectory as T
from ..core.executor import apply_call, call_rng
from ..core.metrics import Reason, Report, evaluate, review_image
from ..ground.rooms import draw_size
from ..ground.state import WALLS, SceneState
from ..core.metrics.specs import SpecError, categories_for
from ..core.planner import Plan, added_categories, allowed, plan_request
from ..core.reader import Request
from .rules import understand

MAX_STEPS = 15
ROLLBACK_DROP = 5  # summed grade drop that rolls a step back

_CATEGORY = re.compile(r'(?:category|member)="(\w+)"')


MISSING = ("missing_essential", "missing_expected")  # the critic's reason codes for what a room lacks


def _feedback_weight(text: str, feedback: Sequence[Reason]) -> float:
    """How much the last review asks for this call (the teacher's reflection), read from the
    critic's reason codes and subjects: a call that adds a category the review names as missing,
    x6; one that adds many objects while the review counts too few, x2; one that fills a shelf
    unit the review names as empty, x3."""
    weight = 1.0
    missing = " ".join(subject for r in feedback if r.code in MISSING for subject in r.subjects)
    found = _CATEGORY.search(text)
    if found and missing and found.group(1).replace("_", " ") in missing:
        weight *= 6.0
    if any(r.code == "too_few_objects" for r in feedback) and text.startswith(("add_crowd(", "add_set(", "add_group(")):
        weight *= 2.0
    if text.startswith("add_crowd(") and any(r.code == "empty_shelves" and text.split('"')[1] in r.subjects for r in feedback):
        weight *= 3.0
    return weight


def _adds_supporter(text: str) -> bool:
    """Whether a call adds furniture that small objects could stand on (a set always does)."""
    if text.startswith("add_set("):
        return True
    found = _CATEGORY.search(text) if text.startswith(("add_object(", "add_related(", "add_group(")) else None
    return bool(found) and bool(catalog.BY_NAME[found.group(1)].supports)


DENSITIES = ("sparse", "normal", "dense")
DENSITY_ODDS = (0.4, 0.35, 0.25)  # when the instruction names none: how full the planned room starts


def _held(report: Report) -> set[str]:
    """The instruction's specs that the scene satisfies."""
    return {d["spec"] for d in report.details.get("specs", ()) if d["satisfied"]}


def _unmet_categories(report: Report) -> frozenset[str]:
    """Categories an unmet count spec of the instruction still asks for more of."""
    out: set[str] = set()
    for d in report.details.get("specs", ()):
        parts = d["spec"].split(",")
        if not d["satisfied"] and len(parts) == 3 and parts[0] in ("eq", "ge", "gt") and int(parts[1]) > 0:
            try:
                out |= categories_for(parts[2])
            except SpecError:
                continue
    return frozenset(out)


@dataclass
class Step:
    call: str  # the call's text, without its number
    result: str  # the executor's summary
    quality: float  # Q_t after this step
    composition: float  # C_t = Q_t - gamma * T_t (minutes)
    runtime_s: float  # cumulative wall time T_t
    grades: dict = field(default_factory=dict)
    kept: bool = True  # False when rolled back


@dataclass
class Rollout:
    instruction: str
    seed: int
    steps: list[Step]
    state: SceneState
    planned: int = 0  # how many of the first steps are the planner's calls

    def trajectory(self) -> T.Trajectory:
        """The kept calls as a numbered trajectory (rolled-back steps left out)."""
        calls = [T.parse(f"1. {s.call}").calls[0] for s in self.steps if s.kept]
        return T.Trajectory(tuple(T.Call(i + 1, c.tool, c.args) for i, c in enumerate(calls)))


Evaluate = Callable[[SceneState, str, float], Report]


def default_evaluate(state: SceneState, instruction: str, runtime_s: float) -> Report:
    return evaluate(state, instruction=instruction, runtime_s=runtime_s)


class Teacher:
    """Heuristic (or LLM-guided) execute-review-reflect agent."""

    name = "teacher"

    def __init__(self, evaluate: Evaluate | None = None, review_image: bool = False, chooser=None, max_steps: int = MAX_STEPS):
        self.evaluate = evaluate or default_evaluate
        self.review_image = review_image
        self.chooser = chooser  # optional callable(instruction, state, history, rng) -> call text or None
        self.max_steps = max_steps

    # ------------------------------------------------------------ orchestrator interface

    def generate(self, instruction: str, n: int = 1, seed: int = 0) -> list[str]:
        return [T.format(self.rollout(instruction, seed + i).trajectory()) for i in range(n)]

    # ------------------------------------------------------------ the loop

    def room_calls(self, request: Request, seed: int, shell: SceneState, room: str) -> list[str]:
        """The kept calls (no ``terminate``) of a rollout that furnishes one room of a plan: the
        room's own words (``request``) on its shell (``core.suite_planner``)."""
        rollout = self.rollout(request.instruction, seed, shell=shell, room=room, request=request)
        return [s.call for s in rollout.steps if s.kept and not s.call.startswith("terminate(")]

    def rollout(self, instruction: str, seed: int = 0, shell: SceneState | None = None, room: str | None = None,
                request: Request | None = None) -> Rollout:
        """The planner's calls for what the instruction asks (one reviewed block: they are logged
        as steps that share the review at the end of the plan), then up to ``max_steps - 2``
        explored steps, each reviewed and rolled back when the summed grade drops by
        ``ROLLBACK_DROP`` or more or when it breaks a requirement that held, then ``terminate``.
        With a ``shell`` (a room of a plan named ``room``, read as ``request``), the rollout
        furnishes that room instead of starting with ``init_room``."""
        request = request or understand(instruction)
        room_type = request.room_type if shell is None else shell.room.room_type
        rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(" ".join(instruction.split()).encode())])  # seed and instruction
        started = time.perf_counter()
        door = WALLS[int(rng.integers(4))]
        size = draw_size(room_type, rng)  # what the request leaves open follows the room type's sizes and the seed
        density = request.density or DENSITIES[int(rng.choice(len(DENSITIES), p=DENSITY_ODDS))]
        plan = plan_request(request, seed, door_wall=door, size=size, density=density, shell=shell, room=room)
        state = plan.state
        report = self.evaluate(state, instruction, time.perf_counter() - started)
        elapsed = time.perf_counter() - started
        steps = [Step(text, summary, report.quality, report.quality - 0.05 * elapsed / 60.0, elapsed, report.grades)
                 for text, summary in zip(plan.calls[:-1], plan.results)]
        last_sum, held = report.summed_grade, _held(report)
        feedback, unmet = list(report.all_reasons()), _unmet_categories(report)
        done = set(plan.calls)
        for index in range(self.max_steps - 2):
            remaining = self.max_steps - 3 - index  # steps left after this one
            plan.state = state
            text = self._choose(instruction, room_type, state, steps, done, rng, remaining, feedback, plan, unmet)
            if text is None:
                break
            call = T.parse(f"1. {text}").calls[0]
            # the executor's own randomness: replaying the kept calls with this seed rebuilds this state
            occurrence = sum(1 for s in steps if s.kept and s.call == text)
            result = apply_call(state, call, call_rng(seed, call, occurrence, plan.room))
            candidate = result.state
            report = self.evaluate(candidate, instruction, time.perf_counter() - started)
            if self.review_image:  # SceneWeaver reviews a marked top-down render at every step
                review_image(candidate, report)
            elapsed = time.perf_counter() - started
            total = report.summed_grade
            kept = not result.failure and last_sum - total < ROLLBACK_DROP and held <= _held(report)
            steps.append(Step(text, result.summary(), report.quality, report.quality - 0.05 * elapsed / 60.0, elapsed, report.grades, kept))
            done.add(text)
            if kept:
                state, last_sum, held = candidate, total, _held(report)
                feedback, unmet = list(report.all_reasons()), _unmet_categories(report)
        report = self.evaluate(state, instruction, time.perf_counter() - started)
        elapsed = time.perf_counter() - started
        final = report.quality - 0.05 * elapsed / 60.0
        steps.append(Step('terminate(status="success")', "ok: no change", report.quality, final, elapsed, report.grades))
        return Rollout(instruction, seed, steps, state, len(plan.calls) - 1)

    # ------------------------------------------------------------ choices

    def _choose(self, instruction: str, room: str, state: SceneState, steps: list[Step], done: set[str], rng: np.random.Generator,
                remaining: int = MAX_STEPS, feedback: Sequence[Reason] = (), plan: Plan | None = None,
                unmet: frozenset[str] = frozenset()) -> str | None:
        """The next call; ``remaining`` is how many steps are left after this one. The last step
        finishes what is there (small objects for an empty top or shelf) instead of adding furniture
        that would stay empty. Calls that add what the request rules out or has enough of are not
        considered; calls that add what a requirement still lacks are drawn most."""
        if self.chooser is not None:
            text = self.chooser(instruction, state, steps, rng)
            if text is not None:
                return text
        options = self._program_options(room, state, done) + self._filler_options(room, state, done)
        if plan is not None:
            options = [t for t in options if allowed(plan, t)]
        if remaining == 0:
            fills = [t for t in options if t.startswith(("add_crowd(", "add_on_top("))]
            options = fills or [t for t in options if not _adds_supporter(t)]
        if not options:
            return None
        if rng.random() < 0.1 and state.objects:  # now and then a modifier (what a reviewer might try)
            options.append(self._modifier(state, rng))
        core = {t for level, t in programs.ROOM_PROGRAMS.get(room, ()) if level == 0}  # what the room cannot do without
        weights = np.array([8.0 if t in core else 3.0 if i < 3 else 1.0 for i, t in enumerate(options)])
        weights *= [_feedback_weight(t, feedback) * (6.0 if added_categories(t) & unmet else 1.0) for t in options]
        return options[int(rng.choice(len(options), p=weights / weights.sum()))]

    @staticmethod
    def _program_options(room: str, state: SceneState, done: set[str]) -> list[str]:
        """Program steps not done yet whose referenced objects exist."""
        out = []
        for _, text in programs.ROOM_PROGRAMS.get(room, ()):
            if text in done:
                continue
            refs = programs.references(text)
            if all(state.get(r) is not None for r in refs):
                out.append(text)
        return out

    @staticmethod
    def _filler_options(room: str, state: SceneState, done: set[str]) -> list[str]:
        out = programs.dressing_calls(state)
        if not any(o.category == "ceiling_light" for o in state.objects):
            out.append("add_ceiling_light(count=1)")
        if room in catalog.BY_NAME["potted_plant"].rooms and not any(o.category == "potted_plant" for o in state.objects):
            out.append('add_object(category="potted_plant", placement="corner")')
        return [t for t in out if t not in done]

    @staticmethod
    def _modifier(state: SceneState, rng: np.random.Generator) -> str:
        floor = [o for o in state.objects if catalog.BY_NAME[o.category].placement == "floor"] or list(state.objects)
        target = floor[int(rng.integers(len(floor)))].id
        kind = int(rng.integers(3))
        if kind == 0:
            return f'update_rotation(target="{target}", yaw_deg={float(rng.choice([0.0, 90.0, 180.0, -90.0]))})'
        if kind == 1:
            return f'move_object(target="{target}", dx_m={round(float(rng.uniform(-0.5, 0.5)), 2)}, dy_m={round(float(rng.uniform(-0.5, 0.5)), 2)})'
        return "resolve_collisions()"
