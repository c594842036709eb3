"""Instruction fidelity: CNT, OOR and OAR against specs in SceneEval's annotation grammar.

Grammar (comma-separated, one spec per line in files)::

    QUANT,N,OBJECT                      count          eq,2,chair
    QUANT,N,RELATION,OBJECT,OBJECT      object-object  ge,1,face,sofa,tv
    QUANT,N,RELATION,OBJECT,ARCH        object-arch.   eq,1,against,bed,wall

``QUANT`` is one of eq, lt, gt, le, ge; ``N`` a non-negative integer. ``OBJECT`` is a catalogue
category (``dining_chair``), one of its synonyms (``couch``) or a generic head noun that stands for
every category ending in it (``chair`` = dining, office, kids', classroom and waiting chairs;
``table``, ``bed``, ``lamp``, ``tv``, ``cabinet``, ``shelf`` ...). ``ARCH`` is wall, room, ceiling,
door or window.

Object-object relations: next_to (beside), near, across_from, far, face (facing), on (on a top
or inside a shelf), on_top, inside_of (in), above (over), below (under), left_of, right_of,
in_front_of, behind, surround (around), middle_of. Object-architecture relations: against (a
wall), on (a wall), corner (of the room), middle (of the room), hang (from the ceiling), and
next_to / near / across_from / far (a wall, door or window).

Counting, as SceneEval does: a count spec counts the objects of the category; a relation spec
counts the target objects that satisfy the relation with at least one reference object (for
surround: the reference objects surrounded by the targets within 1 m); the count is compared with
``N``. A spec whose objects are absent is unsatisfied. CNT, OOR and OAR are the fractions of
satisfied count, object-object and object-architecture specs (None when there are none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...ground import catalog
from ..solver.world import box_of
from ...ground.state import SceneState
from . import relations as R

QUANTIFIERS = ("eq", "lt", "gt", "le", "ge")
ARCH_WORDS = {"wall": "wall", "walls": "wall", "room": "room", "ceiling": "ceiling", "door": "door", "doors": "door", "window": "window",
              "windows": "window", "floor": "room", "corner": "room"}
OBJECT_RELATIONS = ("next_to", "near", "across_from", "far", "face", "on", "on_top", "inside_of", "above", "below", "left_of", "right_of",
                    "in_front_of", "behind", "surround", "middle_of")
ARCH_RELATIONS = ("against", "on", "corner", "middle", "hang", "next_to", "near", "across_from", "far")
ALIASES = {
    "face_to": "face", "facing": "face", "faces": "face", "beside": "next_to", "next": "next_to", "on_top_of": "on_top", "in": "inside_of",
    "inside": "inside_of", "around": "surround", "front": "in_front_of", "front_of": "in_front_of", "against_wall": "against",
    "on_wall": "on", "corner_of_room": "corner", "in_corner": "corner", "middle_of_room": "middle", "center": "middle",
    "centre": "middle", "hang_from_ceiling": "hang", "hanging": "hang", "over": "above", "under": "below", "left": "left_of",
    "right": "right_of", "side_of": "next_to", "across": "across_from", "opposite": "across_from",
}
ARCH_TARGETS = {"against": ("wall",), "on": ("wall",), "corner": ("room", "wall"), "middle": ("room",), "hang": ("ceiling",),
                "next_to": ("wall", "door", "window"), "near": ("wall", "door", "window"), "across_from": ("wall", "door", "window"),
                "far": ("wall", "door", "window")}
SURROUND_REACH_M = 1.0


class SpecError(ValueError):
    """A spec that does not follow the grammar; the message names the spec and the field."""


def _norm(word: str) -> str:
    return " ".join(word.strip().lower().replace("_", " ").replace("-", " ").split())


def categories_for(word: str) -> frozenset[str]:
    """The categories a spec word stands for (``catalog.covering``); SpecError for an unknown word,
    with a "did you mean" hint."""
    found = catalog.covering(word)
    if not found:
        hint = catalog.closest(word.strip().lower().replace(" ", "_"))
        raise SpecError(f"unknown object {word!r}" + (f" (did you mean {hint!r}?)" if hint else ""))
    return found


@dataclass(frozen=True)
class Spec:
    quantifier: str
    quantity: int
    relation: str | None  # None for a count spec
    target: str
    reference: str | None = None
    arch: bool = False

    @property
    def kind(self) -> str:
        return "count" if self.relation is None else ("arch" if self.arch else "object")

    @property
    def text(self) -> str:
        parts = [self.quantifier, str(self.quantity)]
        if self.relation is not None:
            parts.append(self.relation)
        parts.append(self.target)
        if self.reference is not None:
            parts.append(self.reference)
        return ",".join(parts)


def parse_spec(text: str) -> Spec:
    """Parse one spec line; raises SpecError saying what is wrong."""
    fields = [f.strip() for f in text.strip().split(",")]
    if len(fields) not in (3, 5):
        raise SpecError(f"spec {text!r}: expected 3 fields (QUANT,N,OBJECT) or 5 (QUANT,N,RELATION,OBJECT,OBJECT|ARCH), got {len(fields)}")
    quant, qty = fields[0].lower(), fields[1]
    if quant not in QUANTIFIERS:
        raise SpecError(f"spec {text!r}: quantifier {quant!r} is not one of {', '.join(QUANTIFIERS)}")
    if not re.fullmatch(r"\d+", qty):
        raise SpecError(f"spec {text!r}: quantity {qty!r} is not a non-negative integer")
    if len(fields) == 3:
        categories_for(fields[2])
        return Spec(quant, int(qty), None, _norm(fields[2]).replace(" ", "_"))
    rel = fields[2].lower().replace(" ", "_")
    rel = ALIASES.get(rel, rel)
    target, ref = _norm(fields[3]).replace(" ", "_"), _norm(fields[4]).replace(" ", "_")
    categories_for(target)
    if ref in ARCH_WORDS:
        arch = ARCH_WORDS[ref]
        if rel not in ARCH_RELATIONS:
            raise SpecError(f"spec {text!r}: relation {fields[2]!r} to the {ref} is not one of {', '.join(ARCH_RELATIONS)}")
        if arch not in ARCH_TARGETS[rel]:
            raise SpecError(f"spec {text!r}: {rel!r} takes {' or '.join(ARCH_TARGETS[rel])}, not {ref!r}")
        return Spec(quant, int(qty), rel, target, arch, True)
    if rel not in OBJECT_RELATIONS:
        raise SpecError(f"spec {text!r}: relation {fields[2]!r} is not one of {', '.join(OBJECT_RELATIONS)}")
    categories_for(ref)
    return Spec(quant, int(qty), rel, target, ref)


_QUANT_WORDS = {"eq": "", "ge": "at least ", "le": "at most ", "gt": "more than ", "lt": "fewer than "}
_RELATION_WORDS = {"next_to": "next to", "near": "near", "across_from": "across from", "far": "far from", "face": "facing", "on": "on",
                   "on_top": "on top of", "inside_of": "inside", "above": "above", "below": "under", "left_of": "left of",
                   "right_of": "right of", "in_front_of": "in front of", "behind": "behind", "surround": "around", "middle_of": "in the middle of"}
_ARCH_WORDS = {"against": "against a wall", "on": "on a wall", "corner": "in a corner", "middle": "in the middle of the room",
               "hang": "hanging from the ceiling"}


def _noun(word: str, n: int) -> str:
    name = " ".join("TV" if w == "tv" else w for w in word.split("_"))
    if n == 1 or name.endswith("s"):
        return name
    if name.endswith("shelf"):
        return name[:-1] + "ves"
    return name[:-1] + "ies" if name.endswith("y") and name[-2:-1] not in "aeiou" else name + ("es" if name.endswith(("sh", "ch", "x")) else "s")


def in_words(text: str) -> str:
    """A spec as a user reads it: "eq,2,office_chair" -> "2 office chairs", "eq,0,tv" -> "no TV",
    "ge,1,next_to,nightstand,double_bed" -> "at least 1 nightstand next to the double bed"; the
    spec as it is when it does not parse."""
    try:
        spec = parse_spec(text)
    except SpecError:
        return text
    if spec.quantifier == "eq" and spec.quantity == 0:
        head = f"no {_noun(spec.target, 1)}"
    else:
        head = f"{_QUANT_WORDS[spec.quantifier]}{spec.quantity} {_noun(spec.target, spec.quantity)}"
    if spec.relation is None:
        return head
    if spec.arch:
        where = _ARCH_WORDS.get(spec.relation) or f"{_RELATION_WORDS.get(spec.relation, spec.relation)} the {spec.reference}"
        return f"{head} {where}"
    return f"{head} {_RELATION_WORDS.get(spec.relation, spec.relation.replace('_', ' '))} the {_noun(spec.reference, 1)}"


def parse_specs(lines) -> list[Spec]:
    """Parse specs from strings (blank lines and ``#`` comments skipped); every error is reported."""
    specs, errors = [], []
    for n, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            specs.append(parse_spec(line))
        except SpecError as exc:
            errors.append(f"line {n}: {exc}")
    if errors:
        raise SpecError("; ".join(errors))
    return specs


def compare(quantifier: str, count: int, quantity: int) -> bool:
    return {"eq": count == quantity, "lt": count < quantity, "gt": count > quantity, "le": count <= quantity, "ge": count >= quantity}[quantifier]


# ---------------------------------------------------------------- evaluation


def _object_score(rel: str, t, r) -> float:
    if rel in R.DISTANCE_RANGES:
        return R.distance(rel, t, r)
    if rel in ("left_of", "right_of", "in_front_of", "behind"):
        return R.side_of(t, r, rel)
    return {"face": R.face_to, "on": R.on, "on_top": R.on_top, "inside_of": R.inside_of, "above": R.above, "below": R.below,
            "middle_of": R.middle_of}[rel](t, r)


def holds(rel: str, target, reference) -> bool:
    """Whether the object relation ``rel`` holds from the box ``target`` to the box ``reference``, as a spec counts it."""
    return _object_score(rel, target, reference) > R.PASS


def _arch_score(rel: str, arch: str, box, state: SceneState) -> float:
    room = state.room
    if rel == "against":
        return R.against_wall(box, room)
    if rel == "on":
        return R.on_wall(box, room)
    if rel == "corner":
        return R.corner_of_room(box, room)
    if rel == "middle":
        return R.middle_of_room(box, room)
    if rel == "hang":
        return R.hang_from_ceiling(box, room)
    if arch == "wall":
        others = [R.wall_box(room, w) for w in ("north", "south", "east", "west")]
    else:
        others = [R.opening_box(room, o) for o in state.openings if o.kind == arch]
    return max((R.distance(rel, box, o) for o in others), default=0.0)


@dataclass(frozen=True)
class SpecResult:
    spec: str
    kind: str
    count: int
    satisfied: bool


def evaluate_spec(state: SceneState, spec: Spec) -> SpecResult:
    targets = [o for o in state.objects if o.category in categories_for(spec.target)]
    if spec.relation is None:
        n = len(targets)
        return SpecResult(spec.text, spec.kind, n, compare(spec.quantifier, n, spec.quantity))
    if not targets:
        return SpecResult(spec.text, spec.kind, 0, False)
    boxes = {o.id: box_of(o) for o in state.objects}
    if spec.arch:
        n = sum(1 for t in targets if _arch_score(spec.relation, spec.reference, boxes[t.id], state) > R.PASS)
        return SpecResult(spec.text, spec.kind, n, compare(spec.quantifier, n, spec.quantity))
    refs = [o for o in state.objects if o.category in categories_for(spec.reference)]
    if not refs:
        return SpecResult(spec.text, spec.kind, 0, False)
    if spec.relation == "surround":
        n = 0
        for r in refs:
            ring = [boxes[t.id] for t in targets if t.id != r.id and R.box_gap(boxes[t.id], boxes[r.id]) <= SURROUND_REACH_M]
            n += R.surround(ring, boxes[r.id]) > R.PASS
    else:
        n = sum(1 for t in targets if any(r.id != t.id and _object_score(spec.relation, boxes[t.id], boxes[r.id]) > R.PASS for r in refs))
    return SpecResult(spec.text, spec.kind, n, compare(spec.quantifier, n, spec.quantity))


def most_allowed(spec: Spec) -> int | None:
    """The highest count ``spec`` allows (eq / le / lt), None when it sets no upper bound."""
    return {"eq": spec.quantity, "le": spec.quantity, "lt": spec.quantity - 1}.get(spec.quantifier)


def excess(spec: Spec, result: SpecResult) -> int:
    """How many objects (or related objects) ``result`` has beyond what ``spec`` allows (eq / le / lt)."""
    high = most_allowed(spec)
    return max(0, result.count - high) if high is not None else 0


def shortfall(spec: Spec, result: SpecResult) -> int:
    """How many objects ``result`` is away from meeting ``spec``: the targets (or related targets)
    still missing for eq / ge / gt, plus those too many for eq / le / lt; 0 when it holds."""
    low = {"eq": spec.quantity, "ge": spec.quantity, "gt": spec.quantity + 1}.get(spec.quantifier, 0)
    return max(0, low - result.count) + excess(spec, result)


def deficit(state: SceneState, specs) -> tuple[int, list[SpecResult]]:
    """The scene's total ``shortfall`` against ``specs`` (0: every spec holds) and each result."""
    results = [evaluate_spec(state, s) for s in specs]
    return sum(shortfall(s, r) for s, r in zip(specs, results)), results


def fidelity(state: SceneState, specs: list[Spec]) -> tuple[dict[str, float | None], list[SpecResult]]:
    """CNT, OOR and OAR (None when no spec of that kind) and every spec's result."""
    results = [evaluate_spec(state, s) for s in specs]
    out: dict[str, float | None] = {}
    for key, kind in (("cnt", "count"), ("oor", "object"), ("oar", "arch")):
        mine = [r.satisfied for r in results if r.kind == kind]
        out[key] = sum(mine) / len(mine) if mine else None
    return out, results
