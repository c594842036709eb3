"""The reader: what an English instruction asks for, as a ``Request`` (one implementation serves the
orchestrators, which honour it, and the evaluator, which checks it as specs).

``read(instruction) -> Request``: the room type (with the words people use: "home office",
"nursery", "studio flat" ..., from the room table), the size ("5 x 4 m", "16 m²", "small"), the
ceiling height, style words, the density ("minimal", "cosy and full"), the **requirements** and the
nouns the catalogue does not know (``unknown``). ``Request.specs()`` writes the requirements as
specs in SceneEval's grammar (``core/metrics/specs.py``).

How it reads a sentence (lower-cased, split at . ; ! ? and line breaks):

* **Objects** are the longest runs of up to four words that name a catalogue category or one of
  its synonyms, singular or plural ("queen size bed", "couches", "TV stand"). A generic head noun
  ("chairs", "lamp", "table", "bed") stays generic, so that any chair satisfies "two chairs". A
  few words that are also adjectives ("single", "light", "display" ...) only count as objects
  when nothing follows them in the phrase ("two lights" yes, "a light wood floor" no).
* **Quantities** just before an object (adjectives may come between): numbers in digits or words
  up to twenty, "a"/"an" (1), "a pair of" / "a couple of" (2), "at least / at most / more than /
  fewer than / exactly N", "several" / "multiple" / "a few" (at least 2), "some" (at least 1),
  and negations: "no", "without", "not", "don't", "never" before the object (none). Objects named
  with "the" or without a quantity must be present (at least 1). Counts of one category add up
  over the instruction; "a lamp on each nightstand" means one per nightstand counted.
* **Relations** after an object (or a group joined by "and"): facing, in front of, behind, next to /
  beside / by, near, across from / opposite, far from, on / on top of, in / inside, above / over,
  under / below, left of, right of, around (surround), on both sides of / on either side of /
  flanked by (one on the left and one on the right), against / along the wall (a named wall:
  "the north wall", "the back wall" (opposite the door), "a side wall", "the window wall"), on the
  wall, in the corner, in the middle / at the centre (of the room), hanging from / on the ceiling,
  and next to / near a door or window. The reference is the object or architecture named after the
  phrase; "it" and "them", or nothing at all ("a bed with nightstands on both sides"), refer to the
  object mentioned before the current one. A relation phrase opening a sentence ("In the corner, a
  plant") applies to the next object.
* **Unknown nouns**: a noun phrase in an object's place (after a quantity or an article, or in a
  list of objects) whose head is no catalogue word and not one of the words for rooms, parts of
  rooms, qualities, people or activities is kept with its phrase, so that it can be reported.

Relation specs use ``eq,N`` / ``ge,N`` when the object had that quantity, ``ge,1`` otherwise.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from ..ground import catalog
from ..ground.rooms import room_type_of


def categories_for(word: str) -> frozenset[str]:
    return catalog.covering(word)

NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
VAGUE = {"several": ("ge", 2), "multiple": ("ge", 2), "few": ("ge", 2), "some": ("ge", 1), "many": ("ge", 3), "numerous": ("ge", 3), "no": ("eq", 0)}
BOUNDS = ((("at", "least"), "ge"), (("at", "most"), "le"), (("no", "more", "than"), "le"), (("up", "to"), "le"), (("more", "than"), "gt"),
          (("fewer", "than"), "lt"), (("less", "than"), "lt"), (("exactly",), "eq"), (("only",), "eq"))
DEFINITE = {"the", "its", "their", "this", "that", "these", "those", "my", "our", "your", "his", "her", "each", "every"}
SKIPPABLE = DEFINITE | {"a", "an", "one", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "back", "far", "left",
                        "right", "opposite", "main", "same", "other", "long", "short", "nearest", "front", "side", "rear"}
AMBIGUOUS = {"single", "double", "light", "display", "print", "range", "pool", "art", "upright", "fruit", "soap", "computer", "pc", "console",
             "bath", "island", "counter", "screen", "mat", "runner", "pot", "palm", "tree", "erg", "photo", "bin", "music", "container"}
BOUNDARY = {",", "and", "or", "with", "while", "plus", "also", "that", "which", "to", "for", "where"}
ARCH = {"wall": "wall", "walls": "wall", "ceiling": "ceiling", "door": "door", "doors": "door", "doorway": "door", "entrance": "door",
        "window": "window", "windows": "window", "corner": "corner", "corners": "corner", "middle": "middle", "center": "middle",
        "centre": "middle", "floor": "floor", "room": "room"}
PRONOUNS = {"it", "them", "him", "her"}

_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = (
    *((p, "both_sides") for p in (("on", "both", "sides", "of"), ("on", "either", "side", "of"), ("on", "each", "side", "of"),
                                   ("at", "both", "sides", "of"), ("at", "either", "side", "of"), ("on", "both", "sides"),
                                   ("on", "either", "side"), ("on", "each", "side"), ("either", "side", "of"), ("both", "sides", "of"))),
    (("flanked", "by"), "flanked_by"),
    (("in", "front", "of"), "in_front_of"), (("in", "front"), "in_front_of"), (("in", "back", "of"), "behind"), (("behind",), "behind"),
    *((p, "left_of") for p in (("to", "the", "left", "of"), ("on", "the", "left", "of"), ("on", "the", "left", "side", "of"), ("left", "of"))),
    *((p, "right_of") for p in (("to", "the", "right", "of"), ("on", "the", "right", "of"), ("on", "the", "right", "side", "of"), ("right", "of"))),
    *((p, "next_to") for p in (("next", "to"), ("beside",), ("besides",), ("alongside",), ("by",), ("close", "to"), ("adjacent", "to"))),
    (("near",), "near"), (("not", "far", "from"), "near"),
    *((p, "across_from") for p in (("across", "from"), ("opposite", "to"), ("opposite", "of"), ("opposite",))),
    (("far", "from"), "far"), (("away", "from"), "far"),
    *((p, "face") for p in (("facing", "towards"), ("facing", "toward"), ("facing",), ("faces",), ("face",), ("looking", "at"),
                            ("pointed", "at"), ("oriented", "towards"), ("turned", "towards"), ("turned", "toward"))),
    (("on", "top", "of"), "on_top"), (("atop",), "on_top"),
    *((p, "on") for p in (("on",), ("upon",), ("onto",))),
    *((p, "inside_of") for p in (("inside",), ("in",), ("within",))),
    (("at",), "at"),
    *((p, "above") for p in (("above",), ("over",))),
    *((p, "below") for p in (("under",), ("below",), ("beneath",), ("underneath",))),
    *((p, "surround") for p in (("around",), ("surrounding",), ("encircling",), ("round",))),
    *((p, "against") for p in (("against",), ("along",))),
    *((p, "hang") for p in (("hanging", "from"), ("hung", "from"), ("suspended", "from"), ("from",))),
)
PHRASES = tuple(sorted(_PHRASES, key=lambda p: -len(p[0])))
IMPLICIT = {"both_sides", "in_front_of", "behind", "surround", "next_to"}  # may omit their reference: "with chairs around"
ARCH_MAP = {("against", "wall"): "against", ("on", "wall"): "on", ("next_to", "wall"): "against", ("at", "wall"): "against",
            ("on", "ceiling"): "hang", ("hang", "ceiling"): "hang", ("inside_of", "corner"): "corner", ("at", "corner"): "corner",
            ("inside_of", "middle"): "middle", ("at", "middle"): "middle", ("on", "middle"): "middle"}


@dataclass
class Mention:
    word: str  # spec word: a category or a generic head noun
    quantifier: str | None  # None: named without a quantity
    quantity: int
    phrase: str = ""
    links: list = field(default_factory=list)  # (relation, reference kind, reference word, wall word)
    each: bool = False  # "a lamp on each nightstand"


def tokenize(text: str) -> list[list[str]]:
    """Sentences of lower-case word tokens (commas kept)."""
    text = re.sub(r"\s[-–—]+\s|•|\*\s", ", ", text)  # a spaced dash or a bullet separates items
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'")).encode("ascii", "ignore").decode()
    text = text.replace("-", " ").replace("_", " ")
    return [re.findall(r"[a-z0-9']+|,", s) for s in re.split(r"[.;!?:\n]+", text) if s.strip()]


def spec_word(phrase: str, category: str) -> str:
    """The generic head for a one-word generic noun ("chairs" -> chair), else the category."""
    if " " in phrase:
        return category
    forms = [phrase[:-3] + "y" if phrase.endswith("ies") else None, phrase[:-2] if phrase.endswith("es") else None,
             phrase[:-1] if phrase.endswith("s") else None, phrase]
    for singular in forms:
        if singular and catalog.resolve(singular) == category and len(categories_for(singular)) > 1:
            return singular
    return category


def match_object(tokens: list[str], i: int) -> tuple[int, str] | None:
    """(length, spec word) of the object named at ``i``, if any."""
    for n in range(min(4, len(tokens) - i), 0, -1):
        phrase = " ".join(tokens[i : i + n])
        if "," in tokens[i : i + n] or phrase in ARCH or phrase in NUMBERS or phrase in VAGUE:
            continue
        category = catalog.resolve(phrase)
        if category is None or category in ("door", "window"):
            continue
        nxt = tokens[i + n] if i + n < len(tokens) else ","
        if n == 1 and phrase.rstrip("s") in AMBIGUOUS and not (nxt in BOUNDARY or nxt in NUMBERS or _phrase_at(tokens, i + 1)):
            continue
        return n, spec_word(phrase, category)
    return None


def _phrase_at(tokens: list[str], i: int) -> tuple[int, str] | None:
    for words, rel in PHRASES:
        if tuple(tokens[i : i + len(words)]) == words:
            return len(words), rel
    return None


NEGATORS = {"no", "not", "without", "don't", "dont", "never", "nor", "won't", "doesn't", "shouldn't", "avoid", "skip", "except", "excluding"}


def _negated(tokens: list[str], j: int) -> bool:
    """Whether a negation stands within the three words before position ``j`` of the clause."""
    for k in range(j - 1, max(-1, j - 4), -1):
        if tokens[k] in NEGATORS:
            return True
        if tokens[k] in BOUNDARY and tokens[k] not in ("to",):
            return False
    return False


def _quantity(tokens: list[str], start: int) -> tuple[str | None, int]:
    """The quantity written before the object starting at ``start`` (adjectives may intervene); a
    negation before it ("without a TV", "don't add any rugs") makes it none."""
    quant, n = _counted(tokens, start)
    if quant not in ("le", "lt") and n != 0 and _negated(tokens, _quantity_start(tokens, start)):
        return "eq", 0
    if quant is None and _negated(tokens, start):
        return "eq", 0
    return quant, n


def _quantity_start(tokens: list[str], start: int) -> int:
    j = start - 1
    while j >= 0 and start - j <= 3:
        if tokens[j].isdigit() or tokens[j] in NUMBERS or tokens[j] in ("a", "an", "any") or tokens[j] in VAGUE:
            return j
        j -= 1
    return start


def _counted(tokens: list[str], start: int) -> tuple[str | None, int]:
    j = start - 1
    skipped = 0
    while j >= 0 and skipped <= 2:
        tok = tokens[j]
        if tok.isdigit() or tok in NUMBERS:
            n = int(tok) if tok.isdigit() else NUMBERS[tok]
            for words, quant in BOUNDS:
                if tuple(tokens[max(0, j - len(words)) : j]) == words:
                    return quant, n
            return "eq", n
        if tok in ("a", "an"):
            return "eq", 1
        if tok == "of" and j >= 1 and tokens[j - 1] in ("pair", "couple"):
            return "eq", 2
        if tok in VAGUE:
            return VAGUE[tok]
        if tok in NEGATORS:
            return "eq", 0
        if tok in DEFINITE:
            return None, 0
        if tok in BOUNDARY or tok in ARCH or _phrase_at(tokens, j) or match_object(tokens, j):
            return None, 0
        j -= 1
        skipped += 1
    return None, 0


WALL_WORDS = {"window": "window", "door": "door", "north": "north", "northern": "north", "south": "south", "southern": "south",
              "east": "east", "eastern": "east", "west": "west", "western": "west", "back": "back", "far": "back", "rear": "back",
              "opposite": "back", "side": "side",
              "left": "side", "right": "side"}


SINGULAR_WORDS = frozenset(" ".join(w.lower().replace("_", " ").replace("-", " ").split()) for c in catalog.CATEGORIES
                           for w in (c.name, *c.synonyms))
LIST_MARKS = {",", "and", "plus", "also", "&"}


def _bare_singular(tokens: list[str], i: int, n: int) -> bool:
    """Whether the object at ``i`` is a singular noun without any determiner that opens a sentence
    or an item of a list: "Kitchen: fridge, oven and 4 bar stools" names one fridge, one oven."""
    return " ".join(tokens[i : i + n]) in SINGULAR_WORDS and (i == 0 or tokens[i - 1] in LIST_MARKS)


# where a subject of a relation must be able to go: small things stand on or in supporters, wall
# things hang above, floor things stand around, beside or facing
_KINDS_FOR = {"on": ("on_top",), "on_top": ("on_top",), "inside_of": ("on_top",), "above": ("wall", "ceiling"),
              "surround": ("floor",), "both_sides": ("floor",), "face": ("floor", "wall")}


def _plausible(rel: str, subject: list[Mention]) -> list[Mention]:
    """The mentions of a group that the relation can apply to ("a single bed, two nightstands and a
    lamp on each nightstand": only the lamp stands on a nightstand); the last one when none can."""
    kinds = _KINDS_FOR.get(rel)
    if not kinds or len(subject) < 2:
        return subject
    fit = [m for m in subject if any(catalog.BY_NAME[c].placement in kinds for c in categories_for(m.word))]
    return fit or subject[-1:]


def _object_follows(tokens: list[str], i: int) -> bool:
    """Whether an object is named within the next three words (before a boundary or relation)."""
    for k in range(i, min(len(tokens), i + 3)):
        if match_object(tokens, k):
            return True
        if tokens[k] in BOUNDARY or tokens[k] == "," or _phrase_at(tokens, k):
            return False
    return False


def _wall_word(words: list[str]) -> str:
    """Which wall the skipped words before "wall" name: a compass wall, the back (opposite the door)
    or a side wall; "" for any."""
    return next((WALL_WORDS[w] for w in words if w in WALL_WORDS), "")


def _reference(tokens: list[str], i: int) -> tuple[int, str, str, int] | None:
    """What a relation phrase at ``i`` points at: (tokens used, kind, word, where the word starts),
    kind being 'object', 'arch', 'pronoun' or 'middle_of' (the middle of an object)."""
    j = i
    while j < len(tokens) and j - i < 3 and tokens[j] in SKIPPABLE and not match_object(tokens, j):
        j += 1
    if j >= len(tokens):
        return None
    if tokens[j] in PRONOUNS:
        return j + 1 - i, "pronoun", tokens[j], j
    found = match_object(tokens, j)
    if found:
        return j + found[0] - i, "object", found[1], j
    if tokens[j] in ("window", "door") and j + 1 < len(tokens) and tokens[j + 1] in ("wall", "walls"):  # "the window wall"
        return j + 2 - i, "arch", "wall", j + 1
    if tokens[j] in ARCH:
        k = j + 1
        if tokens[k : k + 2] == ["of", "the"] and k + 2 < len(tokens):
            inner = match_object(tokens, k + 2)
            if inner and ARCH[tokens[j]] == "middle":
                return k + 2 + inner[0] - i, "middle_of", inner[1], k + 2
            if tokens[k + 2] == "room":
                k += 3
        return k - i, "arch", ARCH[tokens[j]], j
    return None


class _Reader:
    def __init__(self) -> None:
        self.mentions: list[Mention] = []
        self.relations: list[str] = []
        self._pending: tuple[str, str, str] | None = None

    def relation(self, rel: str, subject: list[Mention], ref_kind: str, ref: str, wall: str = "") -> None:
        if ref_kind == "arch" and ref in ("corner", "middle") and len(subject) > 1:  # "a crib and an armchair in the corner"
            subject = subject[-1:]
        for m in subject:
            if m.quantifier == "eq" and m.quantity == 0:  # "no coffee table, two armchairs facing the sofa": the negated one is not placed
                continue
            m.links.append((rel, ref_kind, ref, wall))
            quant = f"{m.quantifier},{m.quantity}" if m.quantifier in ("eq", "ge") and m.quantity > 0 else "ge,1"
            if ref_kind == "arch":
                kind = ARCH_MAP.get((rel, ref), rel if rel in ("next_to", "near", "across_from", "far") and ref in ("wall", "door", "window") else None)
                if kind is None:
                    continue
                target = {"corner": "room", "middle": "room", "hang": "ceiling"}.get(kind, ref)
                self.relations.append(f"{quant},{kind},{m.word},{target}")
            elif rel == "both_sides":
                self.relations.append(f"ge,1,left_of,{m.word},{ref}")
                self.relations.append(f"ge,1,right_of,{m.word},{ref}")
            elif rel == "surround":
                self.relations.append(f"ge,1,surround,{m.word},{ref}")
            elif rel not in ("hang", "against") and m.word != ref:
                self.relations.append(f"{quant},{'next_to' if rel == 'at' else rel},{m.word},{ref}")

    def sentence(self, tokens: list[str]) -> None:
        current: list[Mention] = []  # the object group the next relation is about
        previous: list[Mention] = []  # the group before it ("it", implicit references)
        pending: tuple[str, str, str] | None = None  # an architectural relation written before its subject
        flanked: str | None = None  # "X flanked by Y": Y goes on both sides of X
        joined = after_mention = False
        i = 0
        while i < len(tokens):
            phrase = _phrase_at(tokens, i)
            obj = match_object(tokens, i)
            if phrase and not (obj and obj[0] > phrase[0]):
                i = self._relation_at(tokens, i, phrase, current, previous)
                if i < 0:  # a relation with nothing to hang on yet
                    i, pending = -i, self._pending
                if phrase[1] == "flanked_by" and current:
                    flanked = current[-1].word
                joined = after_mention = False
                continue
            if obj:
                n, word = obj
                quantity = _quantity(tokens, i)
                if quantity[0] is None and _bare_singular(tokens, i, n):  # "Kitchen: fridge, oven, 4 bar stools": one fridge
                    quantity = ("eq", 1)
                mention = self._add(word, *quantity)
                if joined and current:
                    current.append(mention)
                else:
                    previous, current = (current or previous), [mention]
                if flanked:
                    self.relation("both_sides", [mention], "object", flanked)
                    flanked = None
                if pending:
                    self.relation(pending[0], current, "arch", pending[1], pending[2])
                    pending = None
                joined, after_mention = False, True
                i += n
                continue
            if (tokens[i] in ("a", "an") or tokens[i] in NUMBERS or tokens[i].isdigit()) and not _object_follows(tokens, i + 1):
                previous, current, joined = [], [], False  # "a hammock by the window": a thing the catalogue lacks is the subject now
            if tokens[i] in ("and", "or", ","):
                joined = after_mention and bool(current)
            elif tokens[i] == "with":
                previous, current = (current or previous), []
                joined = False
            after_mention = False
            i += 1

    def _relation_at(self, tokens: list[str], i: int, phrase: tuple[int, str], current: list[Mention], previous: list[Mention]) -> int:
        """Read the relation phrase at ``i``; returns where reading goes on (negated, with
        ``self._pending`` set, when the relation waits for its subject)."""
        n, rel = phrase
        if rel == "flanked_by":
            return i + n
        target = _reference(tokens, i + n)
        subject = current or previous
        if target is None:
            if rel in IMPLICIT and previous and current:
                self.relation(rel, current, "object", previous[-1].word)
            return i + n
        used, kind, word, start = target
        if kind == "pronoun":
            if previous and current:
                self.relation(rel, current, "object", previous[-1].word)
            elif len(current) > 1:  # "a sofa, two armchairs facing it": it is the one before
                self.relation(rel, current[-1:], "object", current[-2].word)
        elif kind == "middle_of":
            self._add(word, None, 0)
            if subject:
                self.relation("middle_of", subject, "object", word)
        elif kind == "object":
            word = self._add(word, *_quantity(tokens, start)).word
            subject = _plausible(rel, subject)
            if subject and tokens[start - 1] in ("each", "every"):  # "a lamp on each nightstand": one per nightstand
                self._per_each(subject, word)
                for m in subject:
                    m.each = True
            if subject:
                self.relation(rel, subject, "object", word)
        elif subject:
            self.relation(rel, subject, "arch", word, _wall_word(tokens[i + n : start]))
        else:
            self._pending = (rel, word, _wall_word(tokens[i + n : start]))
            return -(i + n + used)
        return i + n + used

    def _per_each(self, subject: list[Mention], reference: str) -> None:
        """Scale "a X on each Y" to the number of Ys (at least one each when that is unknown)."""
        counted = [m for m in self.mentions if m.word == reference and m.quantifier == "eq"]
        for m in subject:
            if m.quantifier == "eq" and m.quantity == 1:
                if counted:
                    m.quantity = sum(c.quantity for c in counted)
                else:
                    m.quantifier = "ge"

    def _add(self, word: str, quantifier: str | None, quantity: int) -> Mention:
        if quantifier is None and word not in catalog.BY_NAME:  # "the bed" after "a queen bed"
            family = categories_for(word)
            word = next((m.word for m in reversed(self.mentions) if m.word in family), word)
        m = Mention(word, quantifier, quantity, phrase=word.replace("_", " "))
        self.mentions.append(m)
        return m

    def specs(self) -> list[str]:
        totals: dict[str, list] = {}
        order: list[str] = []
        for m in self.mentions:
            if m.word not in totals:
                totals[m.word] = [None, 0]
                order.append(m.word)
            entry = totals[m.word]
            if m.quantifier is None:
                continue
            if entry[0] is None or entry[0] == m.quantifier == "eq":
                entry[0] = m.quantifier if entry[0] is None else "eq"
            else:
                entry[0] = "ge"
            entry[1] += m.quantity
        out = []
        for word in order:
            quant, n = totals[word]
            out.append(f"{quant},{n},{word}" if quant is not None else f"ge,1,{word}")
        seen = set()
        for r in self.relations:
            if r not in seen:
                seen.add(r)
                out.append(r)
        return out


def extract_specs(instruction: str) -> list[str]:
    """The specs an English instruction states (the same as ``read(instruction).specs()``)."""
    return list(read(instruction).specs())


# ---------------------------------------------------------------- the Request

QUANTIFIERS = {"eq": "exactly", "ge": "at_least", "gt": "at_least", "le": "at_most", "lt": "at_most"}
SPEC_OF = {"exactly": "eq", "at_least": "ge", "at_most": "le"}
# reader relation -> the Requirement's relation (what the planner builds)
OBJECT_RELATION = {"next_to": "beside", "at": "beside", "left_of": "left_of", "right_of": "right_of", "in_front_of": "in_front_of",
                   "behind": "behind", "face": "facing", "across_from": "across_from", "near": "near", "on": "on_top", "on_top": "on_top",
                   "inside_of": "inside", "above": "above", "below": "under", "surround": "around", "both_sides": "both_sides"}
ARCH_PLACEMENT = {"against": "against_wall", "on": "on_wall", "corner": "corner", "middle": "middle", "hang": "ceiling"}


@dataclass(frozen=True)
class Requirement:
    """One thing the instruction asks for. ``category``: a catalogue category or a generic head noun
    (``chair``); ``quantifier``: exactly | at_least | at_most | none, with ``count``; ``placement``:
    against_wall | corner | middle | on_wall | ceiling | near_window | near_door (or None);
    ``wall``: north | south | east | west | back | side | window | door (or None); ``relation`` to
    the requirement at index ``anchor``: beside | left_of | right_of | in_front_of | behind | facing |
    around | both_sides | on_top | inside | above | under | near | across_from; ``each``: one per
    anchor object ("a lamp on each nightstand"); ``specs``: the relation specs it states."""

    category: str
    quantifier: str = "at_least"
    count: int = 1
    placement: str | None = None
    wall: str | None = None
    relation: str | None = None
    anchor: int | None = None
    each: bool = False
    phrase: str = ""
    specs: tuple[str, ...] = ()

    def count_spec(self) -> str:
        if self.quantifier == "none":
            return f"eq,0,{self.category}"
        return f"{SPEC_OF[self.quantifier]},{self.count},{self.category}"


@dataclass(frozen=True)
class Unknown:
    """A noun in an object's place that the catalogue does not know, with the phrase it came in."""

    noun: str
    phrase: str


@dataclass(frozen=True)
class Request:
    instruction: str
    room_type: str | None = None
    size_m: tuple[float, float] | None = None
    area_m2: float | None = None
    size_word: str | None = None  # small | medium | large
    height_m: float | None = None
    styles: tuple[str, ...] = ()
    density: str | None = None  # sparse | normal | dense
    requirements: tuple[Requirement, ...] = ()
    unknown: tuple[Unknown, ...] = ()

    def specs(self) -> tuple[str, ...]:
        """The requirements as specs: each count, then each stated relation (no repeats)."""
        out = [r.count_spec() for r in self.requirements]
        for r in self.requirements:
            out += [x for x in r.specs if x not in out]
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1)

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Request:
        def pair(v):
            return None if v is None else (float(v[0]), float(v[1]))

        reqs = tuple(Requirement(**{**r, "specs": tuple(r.get("specs", ()))}) for r in d.get("requirements", ()))
        return Request(d["instruction"], d.get("room_type"), pair(d.get("size_m")), d.get("area_m2"), d.get("size_word"), d.get("height_m"),
                       tuple(d.get("styles", ())), d.get("density"), reqs, tuple(Unknown(**u) for u in d.get("unknown", ())))


def _requirements(reader: _Reader) -> tuple[Requirement, ...]:
    """One requirement per object word, in order of first mention: counts added up as the specs
    add them, the first placement and the first object relation it is given."""
    words: list[str] = []
    for m in reader.mentions:
        if m.word not in words:
            words.append(m.word)
    index = {w: i for i, w in enumerate(words)}
    totals = {w: [None, 0] for w in words}
    for m in reader.mentions:
        entry = totals[m.word]
        if m.quantifier is None:
            continue
        if entry[0] is None or entry[0] == m.quantifier == "eq":
            entry[0] = m.quantifier if entry[0] is None else "eq"
        else:
            entry[0] = "ge"
        entry[1] += m.quantity
    relation_specs = _relation_specs(reader)
    out = []
    for w in words:
        quant, n = totals[w]
        if quant is None:
            quantifier, count = "at_least", 1
        elif n == 0 and quant in ("eq", "le", "lt"):
            quantifier, count = "none", 0
        else:
            quantifier = QUANTIFIERS[quant]
            count = n + 1 if quant == "gt" else max(0, n - 1) if quant == "lt" else n
        mentions = [m for m in reader.mentions if m.word == w]
        placement = wall = relation = anchor = None
        for m in mentions:
            for rel, kind, ref, wall_word in m.links:
                if kind == "arch" and placement is None:
                    if ref in ("window", "door") and rel in ("next_to", "near", "at"):
                        placement = "near_window" if ref == "window" else "near_door"
                    elif ref in ("wall", "corner", "middle", "ceiling", "room"):
                        placement = ARCH_PLACEMENT.get({"next_to": "against", "at": "against", "inside_of": "corner"}.get(rel, rel)
                                                       if ref == "wall" else {"corner": "corner", "middle": "middle", "ceiling": "hang"}.get(ref, rel))
                        wall = wall_word or None if placement in ("against_wall", "on_wall") else None
                elif kind == "object" and relation is None and ref in index and ref != w and rel in OBJECT_RELATION:
                    relation, anchor = OBJECT_RELATION[rel], index[ref]
        specs = tuple(x for x in relation_specs if x.split(",")[3] == w)
        out.append(Requirement(w, quantifier, count, placement, wall, relation, anchor, any(m.each for m in mentions),
                               mentions[0].phrase, specs))
    return tuple(out)


def _relation_specs(reader: _Reader) -> list[str]:
    seen: list[str] = []
    for r in reader.relations:
        if r not in seen:
            seen.append(r)
    return seen


# ---------------------------------------------------------------- size, height, style, density

_NUM = r"(\d+(?:[.,]\d+)?)"
_SIZE = re.compile(_NUM + r"\s*(?:m|metres?|meters?)?\s*(?:x|by|×|\*)\s*" + _NUM + r"\s*(m|metres?|meters?|ft|feet|foot)?\b", re.I)
_AREA = re.compile(_NUM + r"\s*(m²|m2|sqm|sq\.?\s*m\b|square\s+met(?:re|er)s?|sq\.?\s*ft|square\s+f(?:ee|oo)t)", re.I)
_HEIGHT = re.compile(_NUM + r"\s*(?:m|metres?|meters?)\s*(?:high\s+)?ceilings?|ceilings?\s+(?:of|at|are|is)?\s*" + _NUM + r"\s*(?:m|metres?|meters?)",
                     re.I)
FEET_M = 0.3048
SIZE_WORDS = {"tiny": "small", "small": "small", "compact": "small", "little": "small", "cramped": "small", "narrow": "small",
              "medium": "medium", "average": "medium", "mid-sized": "medium", "large": "large", "big": "large", "spacious": "large",
              "huge": "large", "generous": "large", "roomy": "large", "vast": "large", "open-plan": "large"}
STYLES = ("modern", "contemporary", "scandinavian", "nordic", "industrial", "rustic", "minimalist", "minimal", "cosy", "cozy", "bohemian",
          "boho", "classic", "traditional", "mid-century", "vintage", "retro", "farmhouse", "coastal", "japandi", "luxurious", "elegant",
          "playful", "colourful", "colorful", "warm", "bright", "professional", "clinical", "zen")
SPARSE_WORDS = ("minimal", "minimalist", "sparse", "sparsely", "simple", "uncluttered", "bare", "empty", "essentials", "basic", "basics",
                "clean lines", "not cluttered", "nothing fancy", "only the")
DENSE_WORDS = ("cosy and full", "cozy and full", "packed", "full of", "lots of", "plenty of", "fully furnished", "richly", "busy", "cluttered",
               "crammed", "lived-in", "well stocked", "well-stocked", "filled with", "dense")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def size_of(text: str) -> tuple[float, float] | None:
    m = _SIZE.search(text)
    if not m:
        return None
    scale = FEET_M if (m.group(3) or "").lower().startswith(("ft", "fe", "fo")) else 1.0
    w, d = (round(min(15.0, max(2.0, _number(g) * scale)), 2) for g in (m.group(1), m.group(2)))
    return w, d


def area_of(text: str) -> float | None:
    m = _AREA.search(text)
    if not m:
        return None
    value = _number(m.group(1))
    return round(value * FEET_M**2, 2) if "f" in m.group(2).lower() else value


def height_of(text: str) -> float | None:
    m = _HEIGHT.search(text)
    if m:
        return _number(m.group(1) or m.group(2))
    lowered = text.lower()
    if re.search(r"\b(high|tall|lofty|vaulted|double[- ]height) ceilings?\b", lowered):
        return 3.3
    if re.search(r"\b(low|sloping|slanted) ceilings?\b", lowered):
        return 2.3
    return None


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'-]*", text.lower())


def size_word_of(text: str) -> str | None:
    return next((SIZE_WORDS[w] for w in _words(text) if w in SIZE_WORDS), None)


def styles_of(text: str) -> tuple[str, ...]:
    words = set(_words(text))
    return tuple(s for s in STYLES if s in words)


def density_of(text: str) -> str | None:
    lowered = " ".join(_words(text))
    if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in DENSE_WORDS):
        return "dense"
    if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in SPARSE_WORDS):
        return "sparse"
    return None


# ---------------------------------------------------------------- nouns the catalogue lacks

# Words that fill an object's place but name no furnishing: the room and its parts, qualities,
# people, activities, amounts and materials. A noun phrase whose head is one of these is not reported.
NOT_OBJECTS = frozenset("""
room rooms space spaces area areas corner corners wall walls floor floors ceiling ceilings window windows door doors doorway entrance
side sides middle centre center front back place spot zone nook layout plan design style theme look feel feeling vibe mood atmosphere
palette colour color colours colors tone tones shade accent accents finish finishes material materials texture light lighting daylight
sunlight view views air warmth character personality touch touches feature features detail details budget size sizes shape height
width depth length metre metres meter meters m ft feet foot sq sqm square family families kid kids child children baby babies toddler
teen teens teenager teenagers person people guest guests visitor visitors client clients customer customers patient patients student
students pupil pupils staff team colleagues employee employees user users owner parents parent couple adults adult doctor nurse teacher
work working study studying reading sleep sleeping rest relaxing relaxation play playing games gaming exercise exercising workout
workouts training cooking eating dining meals meal dinner breakfast lunch coffee tea drinks meetings meeting calls call laundry
washing storage seating space lot lots bit bits plenty number variety range mix selection amount kind kinds type types sort sorts
way ways idea ideas need needs thing things stuff item items piece pieces object objects furniture furnishings decor decoration
decorations equipment fixtures essentials basics setup set sets wood oak pine walnut birch teak metal steel brass glass fabric
leather velvet linen cotton wool marble stone concrete brick tile tiles white black grey gray beige blue green red yellow pink
natural neutral warm cool dark bright soft home house flat apartment studio office kitchen bedroom bathroom lounge hall hallway
library gym cafe restaurant classroom garage workshop basement nursery playroom clinic shop store business company time day days
night nights morning mornings evening evenings weekend weekends year years month months hour hours minute minutes moment
option options choice choices focus balance order privacy comfort style sense energy flow movement access circulation path
walkway aisle way passage clearance gap gaps distance pair couple few several many some any each every other others one ones
version edition please thanks thank help something anything everything nothing lots plenty
""".split())
ADJECTIVES = frozenset("""
small large big little tiny huge compact spacious modern contemporary scandinavian nordic industrial rustic minimalist minimal cosy
cozy comfortable comfy bohemian classic traditional vintage retro elegant simple nice beautiful lovely cute stylish sleek plush
soft hard new old wooden wood metal glass leather fabric white black grey gray beige blue green red yellow pink brown dark light
bright warm cool tall short low high long wide narrow round square rectangular oval extra additional matching separate single
double twin queen king sized size full huge good great big-screen flat-screen standing sitting reading working dining kids
children's child's baby's electric built-in freestanding wall-mounted mounted hanging floating proper decent sturdy heavy
""".split())
ARTICLES = {"a", "an", "some", "several", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "few", "any", "another",
            "more", "extra", "couple", "pair", "lots", "plenty", "many"}


def unknown_nouns(instruction: str) -> tuple[Unknown, ...]:
    """Noun phrases in an object's place (after an article, a number or a quantity word, adjectives
    skipped) whose head word the catalogue does not know and that name a thing, not a quality,
    a person, an activity or a part of the room."""
    found: list[Unknown] = []
    for tokens in tokenize(instruction):
        i = 0
        while i < len(tokens):
            if not (tokens[i] in ARTICLES or tokens[i].isdigit()) or (i + 1 < len(tokens) and tokens[i + 1] == "of" and tokens[i] in
                                                                        ("couple", "pair", "lots", "plenty")):
                i += 1
                continue
            j = i + 1
            while j < len(tokens) and tokens[j] in (ADJECTIVES | {"of", "and", "or"} | ARTICLES) and tokens[j] not in (",",):
                if tokens[j] in ("and", "or"):
                    break
                j += 1
            k = j
            while k < len(tokens) and k - j < 3 and tokens[k] not in BOUNDARY and tokens[k] != "," and not _phrase_at(tokens, k) \
                    and tokens[k] not in NUMBERS and not tokens[k].isdigit():
                k += 1
            span = tokens[j:k]
            i = max(i + 1, j)
            if not span or any(match_object(tokens, x) for x in range(j, k)) or any(w in ARCH for w in span):
                continue
            head = span[-1]
            if head in NOT_OBJECTS or head in ADJECTIVES or head.endswith(("ing", "ness", "ity", "ism", "'s")) or len(head) < 3 \
                    or room_type_of(" ".join(span)) is not None or not head.isalpha():
                continue
            phrase = " ".join(tokens[i - 1 if i > 0 else 0 : k])
            noun = " ".join(w for w in span if w not in ADJECTIVES)
            if noun and all(u.noun != noun for u in found):
                found.append(Unknown(noun, phrase))
    return tuple(found)


def _without_objects(instruction: str) -> str:
    """The instruction with every object named in two or more words blanked out, so that the room
    words inside them ("kitchen island", "office chair", "dining table") do not name the room."""
    out = []
    for tokens in tokenize(instruction):
        i = 0
        while i < len(tokens):
            found = match_object(tokens, i)
            if found and found[0] > 1:
                out.append("-")
                i += found[0]
                continue
            out.append(tokens[i])
            i += 1
        out.append(".")
    return " ".join(out)


def read(instruction: str) -> Request:
    """What ``instruction`` asks for (see the module docstring)."""
    reader = _Reader()
    for tokens in tokenize(instruction):
        reader.sentence(tokens)
    return Request(
        instruction=instruction,
        room_type=room_type_of(_without_objects(instruction)),
        size_m=size_of(instruction),
        area_m2=area_of(instruction),
        size_word=size_word_of(instruction),
        height_m=height_of(instruction),
        styles=styles_of(instruction),
        density=density_of(instruction),
        requirements=_requirements(reader),
        unknown=unknown_nouns(instruction),
    )


__all__ = ["Request", "Requirement", "Unknown", "read"]
