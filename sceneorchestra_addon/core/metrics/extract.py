"""A deterministic extractor: the counts, objects and relations an English instruction states, as
specs in SceneEval's grammar (``specs``).

How it reads a sentence (lower-cased, split at . ; ! ?):

* **Objects** are the longest runs of up to four words that name a catalogue category or one of
  its synonyms, singular or plural ("queen size bed", "couches", "TV stand"). A generic head noun
  ("chairs", "lamp", "table", "bed") stays generic, so that any chair satisfies "two chairs". A
  few words that are also adjectives ("single", "light", "display" ...) only count as objects
  when nothing follows them in the phrase ("two lights" yes, "a light wood floor" no).
* **Quantities** just before an object (adjectives may come between): numbers in digits or words
  up to twenty, "a"/"an" (1), "a pair of" / "a couple of" (2), "at least / at most / more than /
  fewer than / exactly N", "several" / "multiple" / "a few" (at least 2), "some" (at least 1),
  "no" / "without" (0). Objects named with "the" or without a quantity must be present (ge,1).
  Counts of one category add up over the instruction; "a lamp on each nightstand" means one per
  nightstand counted.
* **Relations** after an object (or a group joined by "and"): facing, in front of, behind, next to /
  beside / by, near, across from / opposite, far from, on / on top of, in / inside, above / over,
  under / below, left of, right of, around (surround), on both sides of / on either side of /
  flanked by (one on the left and one on the right), against / along the wall, on the wall, in the
  corner, in the middle / at the centre (of the room), hanging from / on the ceiling, and next to /
  near a door or window. The reference is the object or architecture named after the phrase; "it"
  and "them", or nothing at all ("a bed with nightstands on both sides"), refer to the object
  mentioned before the current one. A relation phrase opening a sentence ("In the corner, a
  plant") applies to the next object.

Relation specs use ``eq,N`` / ``ge,N`` when the object had that quantity, ``ge,1`` otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...ground import catalog
from .specs import categories_for

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


def tokenize(text: str) -> list[list[str]]:
    """Sentences of lower-case word tokens (commas kept)."""
    text = text.lower().replace("-", " ").replace("_", " ").replace("’", "'")
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


def _quantity(tokens: list[str], start: int) -> tuple[str | None, int]:
    """The quantity written before the object starting at ``start`` (adjectives may intervene)."""
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
        if tok == "without":
            return "eq", 0
        if tok in DEFINITE:
            return None, 0
        if tok in BOUNDARY or tok in ARCH or _phrase_at(tokens, j) or match_object(tokens, j):
            return None, 0
        j -= 1
        skipped += 1
    return None, 0


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
        self._pending: tuple[str, str] | None = None

    def relation(self, rel: str, subject: list[Mention], ref_kind: str, ref: str) -> None:
        for m in subject:
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
        pending: tuple[str, str] | None = None  # an architectural relation written before its subject
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
                mention = self._add(word, *_quantity(tokens, i))
                if joined and current:
                    current.append(mention)
                else:
                    previous, current = (current or previous), [mention]
                if flanked:
                    self.relation("both_sides", [mention], "object", flanked)
                    flanked = None
                if pending:
                    self.relation(pending[0], current, "arch", pending[1])
                    pending = None
                joined, after_mention = False, True
                i += n
                continue
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
        elif kind == "middle_of":
            self._add(word, None, 0)
            if subject:
                self.relation("middle_of", subject, "object", word)
        elif kind == "object":
            word = self._add(word, *_quantity(tokens, start)).word
            if subject and tokens[start - 1] in ("each", "every"):  # "a lamp on each nightstand": one per nightstand
                self._per_each(subject, word)
            if subject:
                self.relation(rel, subject, "object", word)
        elif subject:
            self.relation(rel, subject, "arch", word)
        else:
            self._pending = (rel, word)
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
        m = Mention(word, quantifier, quantity)
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
    """The specs an English instruction states (see the module docstring for what is understood)."""
    reader = _Reader()
    for tokens in tokenize(instruction):
        reader.sentence(tokens)
    return reader.specs()
