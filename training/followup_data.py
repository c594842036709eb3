"""Continuation records for stepwise SFT: follow-up instructions ("remove the rug", "make the bed
bigger") applied to a teacher rollout's finished scene, taught one call at a time.

A follow-up is sampled over what the rollout's scene actually holds (``sample_followup``): a verb
(add, remove, resize, turn, move, swap, colour), an object of the scene named by its catalogue name
or a synonym the reader reads back as it (``training.instructions.forms``; an ordinal where the
category has several objects), and the verb's words in one of several phrasing patterns, with
optional filler, a question form, capitals and a final stop; now and then two clauses joined
("..., then ..."). Everything is drawn from the ``np.random.Generator`` passed in: the same
generator state gives the same text. There is no list of sentences.

``core/followup.follow_up`` turns the text into calls on the rollout's executed scene (its seed);
a follow-up that raises ``FollowUpError`` (a name the scene lacks, one several objects fit, nothing
to change), writes no call, or whose calls fail when executed is skipped and counted by reason.

The records have ``step_sft``'s format: ``{"prompt", "completion", "meta"}``, the prompt is
``prompts.stepwise_prompt(<follow-up>, history)``, the completion ``prompts.step_answer(call)``.
The history is what the executor reports (``prompts.history_of``) for the executed trajectory so
far: the rollout's calls (its ``terminate`` left out, as the follow-up's calls go before it) and then
the follow-up's earlier calls. One record per follow-up call, and one more whose answer is
``terminate(status="success")`` after the last of them (the model has to learn where a follow-up
ends). The instruction line holds the follow-up only: the prompt layout (``agent/prompts.py``,
shared with the model backends) has no place for "this follows <first prompt>", and a line added
here alone would make training prompts that no backend writes. The first prompt's room shows in
the history (its initializer and every object made) and is kept in ``meta.rollout``.

    meta = {"kind": "continuation", "rollout": {"id", "seed", "instruction"},
            "followup": {"instruction", "verbs", "calls", "draw"}, "step": k}

``step`` is the answer's 0-based index in the continued trajectory (the history's length), as in
``step_sft``'s meta.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

try:
    from training import common as C
    from training.instructions import ON, article, forms
except ImportError:  # run as a file
    import common as C
    from instructions import ON, article, forms

from sceneorchestra_addon import batch_runner
from sceneorchestra_addon.agent import prompts
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.executor import Execution, call_key, execute, run_calls
from sceneorchestra_addon.core.followup import AmbiguousReference, FollowUpError, MissingReference, clauses, continued, follow_up
from sceneorchestra_addon.ground import catalog
from sceneorchestra_addon.ground.state import SceneObject, SceneState

VERBS = ("add", "remove", "resize", "turn", "move", "swap", "colour")
SKIP_REASONS = ("no target", "duplicate", "missing", "ambiguous", "no space", "nothing to change", "not applicable", "no calls", "call failed")
_NO_SPACE = re.compile(r"no free place|no room for|cannot be made|would hit|do not fit|cannot turn|cannot be turned")
COMPOUND_SHARE = 0.15  # follow-ups of two clauses
WALL_NAMES = ("north", "south", "east", "west")
ORDINALS = ("first", "second", "third", "fourth")

# Phrasing patterns per verb. Slots: {obj} the object named ("the rug", "the second chair"), {new} a
# new object with its article, {place} where a new or moved object goes, {size} a comparative,
# {dir} how a turn goes, {colour} a colour or material word, {other} a second object of the scene.
PATTERNS: dict[str, tuple[str, ...]] = {
    "add": ("add {new}{place}", "I'd like {new}{place}", "there should be {new}{place}", "include {new}{place}",
            "put {new}{place}", "I want {new}{place}", "how about {new}{place}", "squeeze in {new}{place}",
            "we need {new}{place}", "{new}{place}", "give me {new}{place}", "I'd love {new}{place}"),
    "remove": ("remove {obj}", "get rid of {obj}", "take {obj} out", "take away {obj}", "delete {obj}", "drop {obj}",
               "I don't want {obj} any more", "ditch {obj}", "take out {obj}", "lose {obj}", "I'd rather not have {obj}",
               "eliminate {obj}", "throw out {obj}"),
    "resize": ("make {obj} {size}", "{obj} should be {size}", "can {obj} be {size}",
               "{obj} is too {toosize}", "{shrink_or_grow} {obj}"),
    "turn": ("turn {obj} {dir}", "rotate {obj} {dir}", "could {obj} be turned {dir}", "spin {obj} {dir}"),
    "move": ("move {obj} {dest}", "put {obj} {dest}", "shift {obj} {dest}", "relocate {obj} {dest}", "can {obj} go {dest}",
             "I'd like {obj} moved {dest}", "{obj} should be {dest}", "slide {obj} {dest}", "push {obj} {dest}"),
    "swap": ("swap {obj} for {new}", "replace {obj} with {new}", "{new} instead of {obj}", "switch out {obj} for {new}",
             "exchange {obj} for {new}", "swap {obj} and {other}", "change {obj} into {new}"),
    "colour": ("paint {obj} {colour}", "make {obj} {colour}", "{obj} should be {colour}", "recolour {obj} {colour}",
               "I'd like {obj} in {colour}", "colour {obj} {colour}", "repaint {obj} {colour}"),
}
GROW = ("bigger", "larger", "wider", "longer", "a bit bigger", "a little larger", "much bigger", "slightly bigger")
SHRINK = ("smaller", "narrower", "a bit smaller", "a little smaller", "much smaller", "slightly smaller", "more compact")
TOO = {"grow": ("small", "narrow", "tiny"), "shrink": ("big", "large", "wide", "bulky")}
SHRINK_GROW = {"grow": ("enlarge", "scale up", "widen"), "shrink": ("shrink", "scale down", "downsize")}
COLOURS = ("white", "black", "grey", "blue", "red", "green", "yellow", "beige", "brown", "oak", "walnut", "pine", "birch",
           "leather", "velvet", "marble", "brass", "steel", "wooden", "orange", "linen")
FILLERS = ("", "", "", "now ", "also ", "and ")  # before any pattern
VERB_FILLERS = ("", "", "", "please ", "could you ", "can you ", "I'd like you to ", "let's ", "now ", "also ")  # before a verb
NOT_VERBS = ("I'd", "I", "there", "how", "we", "can", "could", "{new}", "{obj}")  # patterns that do not start with a verb
ENDINGS = ("", "", ".", ".", "!", " please", ", please")


# ---------------------------------------------------------------- naming what the scene holds


def _names(category: str) -> list[str]:
    """Singular names of a category the reader reads back as it (the catalogue name first)."""
    return [s for s, _ in forms(category)] or [category.replace("_", " ")]


def _pick(rng: np.random.Generator, options):
    return options[int(rng.integers(len(options)))]


def _name(category: str, present: set[str], rng: np.random.Generator) -> str:
    """A name of ``category`` that covers no other category in the scene, where one does."""
    names = _names(category)
    clear = [n for n in names if not (catalog.covering(n) & present) - {category}]
    return _pick(rng, clear or names[:1])


def _reference(o: SceneObject, state: SceneState, present: set[str], rng: np.random.Generator) -> str:
    """How the follow-up names ``o``: "the rug"; "the second chair" / "the last chair" among several."""
    same = [x for x in state.objects if x.category == o.category]
    name = _name(o.category, present, rng)
    if len(same) == 1:
        return f"the {name}"
    k = same.index(o)
    options = ["the last"] if k == len(same) - 1 else []
    if k < len(ORDINALS):
        options.append(f"the {ORDINALS[k]}")
    return f"{_pick(rng, options or ['the last'])} {name}"


def _objects(state: SceneState, verb: str) -> list[SceneObject]:
    """The scene's objects a verb applies to: floor pieces for moves, turns, swaps, resizes and colours
    (wall pieces too for removal, resizing and colour; small objects for removal)."""
    out = []
    for o in state.objects:
        placement = catalog.BY_NAME[o.category].placement
        if verb == "remove":
            ok = placement in ("floor", "wall", "on_top")
        elif verb in ("resize", "colour"):
            ok = placement in ("floor", "wall") and not o.surface
        else:
            ok = placement == "floor" and not o.surface
        if ok:
            out.append(o)
    return out


def _new_category(state: SceneState, rng: np.random.Generator, placement: tuple[str, ...], but: str = "") -> str | None:
    """A catalogue category of the room type (``catalog.for_room``) with one of ``placement``."""
    room = state.room.room_type
    options = [c.name for c in catalog.for_room(room) if c.placement in placement and c.name != but and forms(c.name)]
    return _pick(rng, options) if options else None


def _similar(state: SceneState, category: str, rng: np.random.Generator, among: int = 6) -> str | None:
    """A category of the room type to put in place of ``category``: the same placement, one of the
    ``among`` nearest in footprint (a dresser becomes a chest of drawers or a sideboard, not a bike)."""
    c = catalog.BY_NAME[category]
    area = c.typical[0] * c.typical[1]
    options = [x for x in catalog.for_room(state.room.room_type) if x.placement == c.placement and x.name != category and forms(x.name)]
    options.sort(key=lambda x: (abs(np.log(max(x.typical[0] * x.typical[1], 1e-3) / max(area, 1e-3))), x.name))
    return _pick(rng, options[:among]).name if options else None


def _place(state: SceneState, present: set[str], rng: np.random.Generator, anchors: list[SceneObject], move: bool = False) -> str:
    """Where a new (or moved) floor object goes, in words."""
    kinds = ["corner", "window", "door", "wall", "middle"] + (["next"] * 2 if anchors else [])
    kind = _pick(rng, kinds)
    if kind == "corner":
        return _pick(rng, (" to the other corner", " into the corner", " to the corner") if move else (" in the corner", " in a corner"))
    if kind == "window":
        return _pick(rng, (" by the window", " near the window", " closer to the window"))
    if kind == "door":
        return _pick(rng, (" by the door", " near the door", " closer to the door"))
    if kind == "wall":
        return f" against the {_pick(rng, WALL_NAMES)} wall"
    if kind == "middle":
        return _pick(rng, (" in the middle of the room", " to the middle of the room") if move else (" in the middle of the room",))
    anchor = _pick(rng, anchors)
    return f" {_pick(rng, ('next to', 'beside', 'near'))} {_reference(anchor, state, present, rng)}"


def _clause(state: SceneState, verb: str, rng: np.random.Generator) -> tuple[str, bool] | None:
    """One edit in words and whether it starts with its verb ("remove the rug", not "the rug should
    go"), or None when the scene has nothing the verb applies to."""
    present = {o.category for o in state.objects}
    floor = _objects(state, "move")
    pattern = _pick(rng, PATTERNS[verb])
    slots: dict[str, str] = {}
    if verb == "add":
        kind = _pick(rng, ("floor", "floor", "floor", "wall", "on_top"))
        pairs = [(small, o) for small, parents in ON.items() for o in floor if o.category in parents]  # a lamp on a nightstand
        if kind == "on_top" and pairs:
            new, parent = _pick(rng, pairs)
            place = f" on {_reference(parent, state, present, rng)}"
        elif kind == "wall":
            new = _new_category(state, rng, ("wall",))
            place = _pick(rng, ("", f" on the {_pick(rng, WALL_NAMES)} wall"))
        else:
            new = _new_category(state, rng, ("floor",))
            place = _place(state, present, rng, floor)
        if new is None:
            return None
        slots.update(new=article(_pick(rng, _names(new))), place=place)
    else:
        targets = _objects(state, verb)
        if not targets:
            return None
        o = _pick(rng, targets)
        slots["obj"] = _reference(o, state, present, rng)
        same = sum(x.category == o.category for x in state.objects)
        plurals = [p for _, p in forms(o.category) if p]
        if verb in ("remove", "colour") and same >= 2 and plurals and rng.random() < 0.25:  # "all the chairs", "both nightstands"
            slots["obj"] = f"{'both' if same == 2 and rng.random() < 0.5 else 'all the'} {_pick(rng, plurals)}"
        if verb == "resize":
            way = _pick(rng, ("grow", "shrink"))
            slots.update(size=_pick(rng, GROW if way == "grow" else SHRINK), toosize=_pick(rng, TOO[way]),
                         shrink_or_grow=_pick(rng, SHRINK_GROW[way]))
            if "{shrink_or_grow}" in pattern and rng.random() < 0.3:
                pattern += " " + _pick(rng, ("a little", "a bit", "slightly"))
        elif verb == "turn":
            others = [x for x in floor if x is not o]
            options = ["to face the window", "to face the door", "around", "90 degrees", "by 90 degrees", "45 degrees",
                       "so it faces the window", "towards the door"]
            if others:
                options.append(f"to face {_reference(_pick(rng, others), state, present, rng)}")
            slots["dir"] = _pick(rng, options)
        elif verb == "move":
            slots["dest"] = _place(state, present, rng, [x for x in floor if x is not o], move=True).strip()
        elif verb == "swap":
            others = [x for x in floor if x.category != o.category]
            if "{other}" in pattern:
                if not others:
                    pattern = PATTERNS["swap"][0]
                else:
                    slots["other"] = _reference(_pick(rng, others), state, present, rng)
            new = _similar(state, o.category, rng)
            if new is None:
                return None
            slots["new"] = article(_pick(rng, _names(new)))
        elif verb == "colour":
            slots["colour"] = _pick(rng, COLOURS)
    return pattern.format(**slots), pattern.split()[0] not in NOT_VERBS


def sample_followup(state: SceneState, rng: np.random.Generator) -> tuple[str | None, tuple[str, ...]]:
    """A follow-up instruction over what ``state`` holds and its verbs (one, or two for a compound);
    (None, ()) when the scene has no room or nothing a drawn verb applies to."""
    if state.room is None:
        return None, ()
    n = 2 if rng.random() < COMPOUND_SHARE else 1
    verbs, parts, verb_led = [], [], True
    for _ in range(n):
        verb = _pick(rng, VERBS)
        clause = _clause(state, verb, rng)
        if clause is None:
            return None, ()
        verbs.append(verb)
        parts.append(clause[0])
        if len(parts) == 1:  # the filler goes before the first clause
            verb_led = clause[1]
    text = parts[0]
    if n == 2:
        joined = text + _pick(rng, (" and ", ", then ", " and then ", ". Then ")) + parts[1]
        if len(clauses(joined)) == 2:  # two edits as follow_up reads them ("... and the sofa should be blue" would be one)
            text = joined
        else:
            verbs = verbs[:1]
    text = _pick(rng, VERB_FILLERS if verb_led else FILLERS) + text
    question = text.lower().startswith(("could you", "can you", "can ", "could "))
    ending = "?" if question and rng.random() < 0.7 else _pick(rng, ENDINGS)
    text += ending if "please" not in text.lower() else ending.replace("please", "").rstrip(", ")
    if rng.random() < 0.6:
        text = text[:1].upper() + text[1:]
    return " ".join(text.split()), tuple(verbs)


# ---------------------------------------------------------------- records


def executed(rollout: dict) -> tuple[T.Trajectory, Execution] | None:
    """The rollout's final trajectory (its kept calls, closed with terminate) and its execution with
    the rollout's seed (the teacher's state: it replays kept calls with the executor's rngs)."""
    body = [s["call"] for s in C.body_steps(rollout)]
    if not body:
        return None
    traj = T.load(C.trajectory_text(body))
    return traj, execute(traj, seed=int(rollout["seed"]))


def continue_execution(traj: T.Trajectory, first: Execution, calls: list[str]) -> tuple[T.Trajectory, Execution]:
    """The trajectory with ``calls`` before its terminate and its execution, reusing the rollout's
    results for the calls before them (the same as ``execute`` of the whole: later calls change
    neither the earlier calls' states nor their occurrence counts)."""
    new = T.load(continued(traj, calls))
    base = len(traj.calls) - 1  # the body: the follow-up's calls start here
    ex = run_calls(new, first.seed, first.before[base], base, (True,) * len(new.calls), list(first.results), list(first.before))
    return new, ex


def continuation_records(rollout: dict, n: int, rng: np.random.Generator, guide: str,
                         stats: Counter | None = None) -> list[dict]:
    """Up to ``n`` follow-ups drawn for ``rollout`` and their stepwise records (see the module doc);
    ``stats`` counts "sampled", "kept", "records", each skip reason and each verb kept, and holds
    the "longest prompt" in characters."""
    stats = Counter() if stats is None else stats
    if n <= 0:
        return []
    made = executed(rollout)
    if made is None:
        return []
    traj, first = made
    seed = int(rollout["seed"])
    base = len(traj.calls) - 1
    out, seen = [], set()
    for draw in range(n):
        stats["sampled"] += 1
        text, verbs = sample_followup(first.state, rng)
        if text is None or text.lower() in seen:
            stats["no target" if text is None else "duplicate"] += 1
            continue
        seen.add(text.lower())
        try:
            calls = follow_up(traj, first.state, text, seed=seed)
        except MissingReference:
            stats["missing"] += 1
            continue
        except AmbiguousReference:
            stats["ambiguous"] += 1
            continue
        except FollowUpError as exc:
            message = str(exc)
            stats["no space" if _NO_SPACE.search(message) else "nothing to change" if "nothing to change" in message else "not applicable"] += 1
            continue
        if not calls:
            stats["no calls"] += 1
            continue
        new, ex = continue_execution(traj, first, calls)
        if any(r is not None and r.failure for r in ex.results[base:]):
            stats["call failed"] += 1
            continue
        stats["kept"] += 1
        for v in verbs:
            stats[f"verb {v}"] += 1
        pairs = prompts.history_of(ex)
        plain = [call_key(c) for c in new.calls]
        followup = {"instruction": text, "verbs": list(verbs), "calls": len(calls), "draw": draw}
        for j in range(len(calls) + 1):  # each follow-up call, then the terminate after them
            k = base + j
            meta = {"kind": "continuation", "rollout": {"id": rollout["id"], "seed": seed, "instruction": rollout["instruction"]},
                    "followup": followup, "step": k}
            out.append({"prompt": C.stepwise_prompt(text, pairs[:k], guide), "completion": prompts.step_answer(plain[k]), "meta": meta})
            stats["records"] += 1
            stats["longest prompt"] = max(stats["longest prompt"], len(out[-1]["prompt"]))
    return out


def draws_for(n: float, rng: np.random.Generator) -> int:
    """Follow-ups one rollout draws at a rate of ``n`` per rollout: the whole part always, and one
    more with the fractional part's probability (``n=0.25``: a quarter of the rollouts draw one).
    A whole ``n`` takes nothing from ``rng``, so its records are those of an int ``n``."""
    whole = int(n)
    part = n - whole
    return whole + int(part > 0 and rng.random() < part)


def _records_of(_state, job: tuple[int, dict, float, str, int]) -> tuple[list[dict], Counter]:
    i, rollout, n, guide, seed = job
    stats = Counter()
    rng = np.random.default_rng([seed, 6, i])
    return continuation_records(rollout, draws_for(n, rng), rng, guide, stats), stats


def continuations(rollouts: list[dict], n: float, guide: str, seed: int, stats: Counter | None = None, workers: int = 1) -> list[dict]:
    """``continuation_records`` of every rollout, ``n`` follow-ups per rollout on average
    (``draws_for``); rollout i draws from its own generator ``default_rng([seed, 6, i])`` (its
    records do not depend on the other rollouts), so ``workers`` processes (``batch_runner``'s
    process pool) write the same records, in the same order, as one."""
    if n < 0:
        raise ValueError(f"continuations per rollout must be 0 or more, not {n}")
    stats = Counter() if stats is None else stats
    jobs = [(i, r, n, guide, seed) for i, r in enumerate(rollouts)]
    engine = "processes" if workers > 1 and len(jobs) > 1 else "serial"
    out = []
    for done in sorted(batch_runner.run_tasks(jobs, None, _records_of, workers=workers, engine=engine), key=lambda d: d.task[0]):
        if done.error:
            raise RuntimeError(f"continuation records of rollout {done.task[1]['id']} seed {done.task[1]['seed']}: {done.error}")
        records, part = done.result
        out.extend(records)
        longest = max(stats["longest prompt"], part.pop("longest prompt", 0))
        stats.update(part)
        stats["longest prompt"] = longest
    return out


def summary(stats: Counter) -> str:
    """One line: records written, follow-ups kept and the share skipped with the reasons."""
    sampled = stats["sampled"]
    skipped = sampled - stats["kept"]
    reasons = ", ".join(f"{r} {stats[r]}" for r in SKIP_REASONS if stats[r])
    verbs = ", ".join(f"{v} {stats[f'verb {v}']}" for v in VERBS if stats[f"verb {v}"])
    share = f"{skipped / sampled:.0%}" if sampled else "-"
    return (f"continuations: {stats['records']} records from {stats['kept']} follow-ups of {sampled} sampled; "
            f"skipped {skipped} ({share}){': ' + reasons if reasons else ''}; verbs: {verbs or '-'}; "
            f"longest prompt {stats['longest prompt']} characters (the whole first trajectory: mind the trainer's --max-length)")
