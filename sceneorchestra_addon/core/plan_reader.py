"""Reading a prompt that asks for several rooms ("a bedroom with an en-suite bathroom", "a small flat:
living room with open kitchen, one bedroom, a bathroom") as one ``PlanRequest``: the rooms with how
many of each, the words that belong to each room, which rooms must adjoin, and each room's size.

``read_plan(text)`` returns None when the prompt asks for one room; the single-room reader
(``reader.read``) then reads it as today. Vocabulary comes from the room table
(``ground.rooms.PHRASES``: every room type's name and words), the catalogue (``catalog.resolve``:
furnishing names) and the single-room reader (numbers, vague amounts, determiners, size words,
relation phrases); this module adds only the words for dwellings, halls and adjacency.

How a prompt is read (lower case, hyphens as spaces, plural room nouns as their singular; a line
break ends a sentence, so a list written one room a line reads as one):

* **Room mentions** are the longest phrases of the room table (or a hall word: hall, hallway,
  corridor, landing). A phrase does not name a room of its own when it is a modifier of a
  furnishing ("bathroom cabinet", "kitchen island", "office chair", as ``rooms.find_room`` reads
  them) or of a part of a room ("kitchen door", "cafe corner"); when it is the setting of another
  room, after "for / of / in / into / at / from / to" ("a waiting area for a dental clinic", "a
  utility room off the kitchen" in a one-room prompt); when it directly follows another room
  phrase (a compound: "basement rec room" is a rec room); when it is joined by "and" / "or" without
  a determiner to a room of the same type ("reception and waiting area" is one room); when the word
  is also a furnishing that the room being described holds ("a bathroom with a toilet": the
  catalogue says toilets belong in bathrooms); or when it lies inside the description of a one-room
  dwelling (a room type whose table words name a dwelling: a studio flat) that holds most of what
  that room type needs ("a studio with a small kitchen": a kitchen corner). One-word room words the
  reader counts as people or activities ("kids", "baby", "study") name a room only after a
  determiner, and only in a prompt that already names several rooms.
* **Shorthand**: "a 2-bed flat" names its bedrooms; "a kitchen-diner", "a lounge/diner" is the
  kitchen (living room) with a dining table, not a restaurant.
* **Several rooms**: a prompt asks for several rooms when, after the rules above, it names two or
  more (counting "two bedrooms", "a couple of meeting rooms", "3-bedroom") or names a dwelling
  (flat, apartment, house, suite ..., or a room type's floor / wing: "an office floor"), not as a
  setting ("a dining room for a small flat" is one room).
* **Whose words**: the words from a room mention (with its determiner, number and adjectives) up
  to the next room mention (less a joining ", and" / "with") belong to that room; a later sentence
  that names a room already mentioned ("The bedroom should have a desk") adds to it, and so does a
  sentence that names one as the place of what it asks ("Put a desk in the bedroom.", "... a fridge
  in the kitchen and a desk in the second bedroom": each clause to its room). Of several rooms of a
  type, such a reference is one of them: the one its ordinal names ("the second bedroom"), else the
  first. The words after a room named as a neighbour ("a dining room next to the kitchen with a
  sideboard") stay with the room they describe. Several rooms of a type described in turn ("two
  bedrooms, one with a double bed, the other with bunk beds"; "the first has ..., the second ...")
  get each their own part. Each room's
  words are read by ``reader.read`` into requirements; its size from the words around its noun ("a
  12 m² bedroom", "a large living room", "a bedroom of 4 x 3.5 m").
* **Adjacency**: a relation phrase between two rooms ("next to", "beside", "adjacent to",
  "adjoining", "connected to", "off", "opening onto", "leading to", "between" ...; the reader's
  "next to" phrases and this module's) makes them adjoin. The room after the phrase is a new room
  when named with "a" / a number ("a garage connected to a workshop"); named with "the" it is a
  room named elsewhere, else a new room in a prompt of several rooms and the setting of a one-room
  prompt ("a utility room off the kitchen" stays one room). "next to it" right after or right
  before a room: that room and the room named before it; "next to each other" right after a room
  or after a comma: the last two rooms named (or the copies of the last one); "next door" after a
  room: it and the room named before it; "in between" / "between them" after a room: it and the
  two rooms named before it. "en-suite" / "ensuite" and the
  adjectives "adjoining", "connecting", "attached" make a room adjoin the room it is described with
  ("a bedroom with an en-suite", "an en-suite bedroom": a bathroom attached to the bedroom; "two
  bedrooms, each with an en-suite": one each); "open" / "open-plan" before a room (and the table's
  "open kitchen") makes it open (a wide opening, no door) to the room it is described with, else to
  the living room, else to the next room named.
* **Hub**: a dwelling with no hall, living room or waiting room named gets a hall (the plan's
  circulation room, ``plan.HALL``). Without a dwelling word the planner's own rule decides. A
  dwelling that names no room at all ("design a small flat") gets a usual mix: living room,
  kitchen, bedroom, bathroom.

What it does not read: "all open plan" after a list, "the other bedroom" (a reference to the second
of two), rooms named only by furniture ("somewhere to sleep"), storeys and outdoor spaces (a
balcony is not a room type), and a definite room in a one-room prompt ("a nursery next to the master
bedroom" reads as one nursery: the bedroom is its setting).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from ..ground import catalog
from ..ground.plan import HALL, HUB_TYPES, Plan, RoomSpec, plan_rooms
from ..ground.rooms import BY_ROOM, PHRASES, ROOMS
from .reader import ABSTRACT, ARCH, BOUNDARY, DEFINITE, NUMBERS, SIZE_WORDS, VAGUE, Request, Requirement, read
from .reader import PHRASES as RELATION_PHRASES

# ---------------------------------------------------------------- vocabulary of this reader

DWELLINGS = {"flat", "apartment", "house", "home", "suite", "bungalow", "cottage", "condo", "condominium", "maisonette", "duplex", "penthouse",
             "townhouse", "villa", "cabin", "chalet", "annex", "annexe", "granny"}
LEVELS = {"floor", "storey", "story", "level", "wing"}  # "an office floor", "a clinic wing": a dwelling of that room type
HALL_WORDS = {("hall",): HALL, ("hallway",): HALL, ("corridor",): HALL, ("entrance", "hall"): HALL, ("entry", "hall"): HALL,
              ("landing",): HALL, ("passage",): HALL, ("passageway",): HALL, ("entryway",): HALL}
ATTACHED_WORDS = {("en", "suite"), ("ensuite",)}  # room words that say the room belongs to another one
ATTACHING = {"adjoining", "connecting", "attached", "adjacent", "connected"}  # adjectives before a room: it adjoins its owner
ADJACENT_PHRASES = {tuple(p) for p, rel in RELATION_PHRASES if rel == "next_to" and p != ("by",)} | {
    ("off",), ("off", "of"), ("adjoining",), ("connected", "to"), ("connecting", "to"), ("connects", "to"), ("attached", "to"),
    ("joined", "to"), ("linked", "to"), ("opening", "onto"), ("opening", "into"), ("opening", "to"), ("opens", "onto"), ("opens", "into"),
    ("opens", "to"), ("open", "to"), ("leading", "to"), ("leading", "into"), ("leading", "off"), ("leads", "to"), ("leads", "into"),
    ("accessed", "from"), ("accessed", "through"), ("accessible", "from"), ("reached", "from"), ("through", "to"), ("adjoins",),
    ("borders",), ("bordering",), ("next", "door", "to"), ("behind",), ("beyond",)}
_ADJ_LONGEST = max(len(p) for p in ADJACENT_PHRASES)
DINER_HOSTS = ("kitchen", "living_room")  # "kitchen-diner", "lounge-diner"
ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "other": 1, "last": 7, "1st": 0, "2nd": 1, "3rd": 2}
SETTING = {"for", "of", "in", "into", "inside", "within", "at", "from", "to", "on"}
ZONES = (set(ARCH) - {"room"}) | {"nook", "zone", "area", "section", "part", "end", "side", "bay", "counter", "run"}
JOINERS = {"and", "or", "plus", "&", "/"}
UNITS = {"m", "m2", "sqm", "sq", "square", "metre", "metres", "meter", "meters", "ft", "feet", "foot", "x", "by", "mtrs", "cm"}
HEAD_STOP = {"with", "and", "plus", "that", "which", "containing", "including", "where", "has", "have", "featuring", "for", "but"}
DWELLING_FOLLOWERS = {"has", "have", "having", "featuring", "containing", "including", "comprising", "consisting", "is", "should", "needs",
                      "need", "where", "layout", "plan", "floorplan"}
POST_ADJACENT = {("next", "door")}  # after a room: it adjoins the room named before it
AMOUNT_OF = {"couple", "pair", "lot", "lots", "number", "set", "series", "plenty", "both", "each", "all", "suite", "total", "maximum",
             "minimum"}
PRONOUN_PAIRS = {("it",), ("each", "other"), ("one", "another"), ("them",)}
_VERB_LIKE = {"need", "needs", "use", "uses", "feel", "feeling", "look", "work", "working", "rest", "sleep", "play", "playing", "study",
              "studying", "reading", "cooking", "eating", "dining", "meeting", "exercise", "training", "entertaining"}
_NOUNS_AFTER = (ABSTRACT - DWELLINGS - LEVELS - _VERB_LIKE - {w for p in HALL_WORDS for w in p}) | ZONES  # "laundry stuff", "kitchen area"
_SINGLE_DWELLING_ROOMS = {r.name for r in ROOMS if any(w in DWELLINGS for p in (r.label, *r.words) for w in p.split())}

_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+(?:'[^\W\d_]+)*'?|[^\w\s]|\n")
_ROOM_LONGEST = max(len(p) for p in PHRASES)


def _norm(token: str) -> str:
    token = token.replace("'", "")
    return "".join(c for c in unicodedata.normalize("NFKD", token) if not unicodedata.combining(c))


def _singular(word: str) -> list[str]:
    out = []
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        out.append(word[:-2])
    if word.endswith("s") and len(word) > 3:
        out.append(word[:-1])
    return out


def names_a_room(noun: str) -> bool:
    """Whether a noun phrase holds a room word, singular or plural ("bedrooms", "private offices",
    "a hallway"): the plan reader's, not a furnishing the catalogue lacks."""
    words = [_norm(w) for w in noun.lower().replace("-", " ").split()]
    singles = {p[0] for p in PHRASES if len(p) == 1} | {p[0] for p in HALL_WORDS if len(p) == 1}
    return any(w in singles or any(x in singles for x in _singular(w)) for w in words)


def _has(room_type: str) -> set[str]:
    kind = BY_ROOM[room_type]
    return {c for g in kind.essential for c in g} | set(kind.expected)


def _holds(owner: str, room_type: str) -> bool:
    """Whether a room of type ``owner`` usually holds most of what ``room_type`` needs (its
    essential and expected categories meet more than half of the other's essential groups)."""
    if owner == HALL or room_type == HALL:
        return False
    need = BY_ROOM[room_type].essential
    return sum(1 for g in need if set(g) & _has(owner)) * 2 > len(need)


# ---------------------------------------------------------------- the request


@dataclass(frozen=True)
class RoomRequest:
    name: str
    room_type: str
    text: str  # the words of the prompt that describe this room
    area_m2: float | None = None
    size_m: tuple[float, float] | None = None
    size_word: str | None = None
    requirements: tuple[Requirement, ...] = ()

    def request(self) -> Request:
        """The room's words read as a one-room instruction (its requirements, styles, size)."""
        return read(self.text)

    def categories(self) -> set[str]:
        return {r.category for r in self.requirements if r.quantifier != "none"}


@dataclass(frozen=True)
class PlanRequest:
    instruction: str
    rooms: tuple[RoomRequest, ...]
    adjacency: tuple[tuple[str, str, str], ...] = ()  # (room, room, "door" | "open")
    dwelling: str | None = None
    hub: str | None = None  # the hall added because a dwelling named no hub
    preamble: str = ""  # words before the first room (styles of the whole plan)
    notes: tuple[str, ...] = field(default=())

    def room_specs(self) -> list[RoomSpec]:
        return [RoomSpec(r.room_type, r.name, r.area_m2, r.size_m, r.size_word) for r in self.rooms]

    def plan(self, rng, footprint: tuple[float, float] | None = None) -> Plan:
        return plan_rooms(self.room_specs(), self.adjacency, rng, footprint)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict) -> PlanRequest:
        rooms = tuple(RoomRequest(r["name"], r["room_type"], r.get("text", ""), r.get("area_m2"),
                                  tuple(r["size_m"]) if r.get("size_m") is not None else None, r.get("size_word"),
                                  tuple(Requirement(**q) for q in r.get("requirements", ()))) for r in data["rooms"])
        return cls(data["instruction"], rooms, tuple(tuple(a) for a in data.get("adjacency", ())), data.get("dwelling"), data.get("hub"),
                   data.get("preamble", ""), tuple(data.get("notes", ())))


# ---------------------------------------------------------------- reading


@dataclass
class _Mention:
    i: int  # token span of the room words
    j: int
    room_type: str
    words: tuple[str, ...]
    plural: bool = False
    count: int = 1
    lead: int = 0  # first token of its determiner / number / adjectives
    role: str = "room"  # room | ref | drop
    weak: bool = False
    ambiguous: bool = False  # the words also name a furnishing ("toilet")
    attached_to: _Mention | None = None  # en-suite / adjoining: adjoins this room
    attached_word: bool = False  # named with an en-suite word
    each: bool = False  # "each with an en-suite": one per room of its owner
    open_: bool = False
    ref_of: _Mention | None = None  # a reference to this earlier room
    relation_to: list[_Mention] = field(default_factory=list)  # rooms it must adjoin
    names: list[str] = field(default_factory=list)
    owner: _Mention | None = None
    diner: bool = False  # "a kitchen-diner": the room holds a dining table
    sentence_start: int | None = None  # a reference as a setting ("put a desk in the bedroom"): where its sentence starts


class _Tokens:
    def __init__(self, text: str) -> None:
        self.text = text
        clean = text.lower().replace("’", "'").replace("‘", "'")
        clean = re.sub(r"[-_–—]", " ", clean)
        self.spans = [(m.start(), m.end()) for m in _TOKEN.finditer(clean)]
        self.words = [_norm(clean[a:b]) for a, b in self.spans]
        self.possessive = [clean[a:b].endswith(("'s", "s'")) for a, b in self.spans]

    def __len__(self) -> int:
        return len(self.words)

    def at(self, k: int) -> str:
        return self.words[k] if 0 <= k < len(self.words) else ""

    def source(self, a: int, b: int) -> str:
        if a >= b:
            return ""
        return self.text[self.spans[a][0] : self.spans[b - 1][1]]


def _is_sentence_end(word: str) -> bool:
    return word in {".", "!", "?", ";", ":", "\n"}  # a line break ends a line of a list


def _find_mentions(t: _Tokens) -> list[_Mention]:
    out: list[_Mention] = []
    k = 0
    while k < len(t):
        hit = None
        for n in range(min(_ROOM_LONGEST, len(t) - k), 0, -1):
            phrase = tuple(t.words[k : k + n])
            kind = PHRASES.get(phrase) or HALL_WORDS.get(phrase)
            if phrase == ("bed",) and (t.at(k - 1).isdigit() or t.at(k - 1) in NUMBERS) and t.at(k + 1) in DWELLINGS:
                kind = "bedroom"  # "a 2-bed flat": its bedrooms
            plural = False
            if kind is None and not t.possessive[k + n - 1]:  # "children's" is not a plural
                for single in _singular(phrase[-1]):
                    kind = PHRASES.get((*phrase[:-1], single)) or HALL_WORDS.get((*phrase[:-1], single))
                    if kind:
                        plural = True
                        break
            if kind:
                hit = _Mention(k, k + n, kind, phrase if not plural else (*phrase[:-1], single), plural)
                break
        if hit:
            out.append(hit)
            k = hit.j
        else:
            k += 1
    return out


def _furnishing_modifier(t: _Tokens, m: _Mention) -> bool:
    return any(catalog.resolve(" ".join(t.words[a : m.j + n])) for a in range(m.i, m.j) for n in (1, 2, 3) if m.j + n <= len(t))


def _skippable(word: str) -> bool:
    """Words that may stand between a room noun and what governs it: determiners, numbers,
    adjectives, measures."""
    return (word in DEFINITE or word in ("a", "an", "another", "one", "single", "separate", "second", "third", "other", "own", "spare", "big",
                                         "extra", "main", "private", "shared", "open", "plan", "couple", "pair", "few", "both")
            or word in NUMBERS or word in VAGUE or word in SIZE_WORDS or word in UNITS or word.replace(".", "").isdigit()
            or (word.isalpha() and word not in BOUNDARY and word not in SETTING and word not in DWELLINGS and word not in ATTACHING
                and len(word) > 2 and not any(word == p[-1] for p in ADJACENT_PHRASES) and word.endswith(("al", "ous", "ful", "ish", "ern", "ic"))))


def _modifier(word: str) -> bool:
    """A word between a determiner and a room noun that leaves it a reference ("the smallest
    bedroom", "the second bedroom", "the big bright kitchen")."""
    return _skippable(word) or (word.isalpha() and word not in BOUNDARY and word not in SETTING and word not in JOINERS
                                and word not in NUMBERS and word not in ("a", "an") and not catalog.resolve(word))


def _lead(t: _Tokens, m: _Mention) -> int:
    k = m.i
    while k > 0 and k > m.i - 5 and (_skippable(t.words[k - 1]) or t.words[k - 1] in ATTACHING) and not _is_sentence_end(t.words[k - 1]):
        k -= 1
    return k


def _count(t: _Tokens, m: _Mention) -> tuple[int, bool]:
    """How many rooms a mention asks for, and whether it says "each"."""
    words = t.words[m.lead : m.i]
    each = False
    for n, w in enumerate(words):
        nxt = words[n + 1] if n + 1 < len(words) else ""
        if nxt in UNITS or (n > 0 and words[n - 1] in UNITS and w.isdigit()):  # "a 12 m² bedroom", "20 m2": a measure, not a count
            continue
        if w.isdigit() and 0 < int(w) <= 99:  # "40 bedrooms": asked for, and refused by the plan (at most 8 rooms)
            return int(w), each
        if w in NUMBERS and 0 < NUMBERS[w] <= 20:
            return NUMBERS[w], each
        if w in ("couple", "pair", "both"):
            return 2, each
        if w in VAGUE and VAGUE[w][0] == "ge":
            return max(2, VAGUE[w][1]), each
    return (2 if m.plural else 1), each


def _relation_before(t: _Tokens, m: _Mention) -> tuple[int, int] | None:
    """The span of an adjacency phrase right before a mention (determiners between), if any."""
    k = m.i
    while k > 0 and t.words[k - 1] in DEFINITE | {"a", "an", "both", "two", "each", "other", "central", "main", "shared", "same"}:
        k -= 1
    for n in range(min(_ADJ_LONGEST, k), 0, -1):
        if tuple(t.words[k - n : k]) in ADJACENT_PHRASES:
            before = t.at(k - n - 1)
            if n == 1 and (before in ("a", "an", "another") or before in NUMBERS or before.isdigit() or before in DEFINITE):
                return None  # "two adjoining rooms", "an adjoining bathroom": an adjective
            return k - n, k
    return None


def _setting_before(t: _Tokens, m: _Mention) -> bool:
    """Whether a preposition of setting ("for", "of", "in" ...) governs the mention: one of the
    three words before it, within its clause ("at least" / "up to" are amounts, not settings)."""
    k = m.i - 1
    while k >= 0 and k >= m.i - 3:
        w = t.words[k]
        if _is_sentence_end(w) or w in BOUNDARY - {"to", "for"} or w == ",":
            return False
        amount = (w == "at" and t.at(k + 1) in ("least", "most")) or (w == "to" and t.at(k - 1) == "up") or (
            w == "of" and (t.at(k - 1) in AMOUNT_OF or t.at(k - 1) in NUMBERS or t.at(k - 1) in VAGUE))  # "a couple of rooms"
        relation = any(tuple(t.words[k - n + 1 : k + 1]) in ADJACENT_PHRASES for n in range(1, _ADJ_LONGEST + 1) if k - n + 1 >= 0)
        if w in SETTING and not amount and not relation:
            return True
        k -= 1
    return False


EACH_MARKS = (("one",), ("the", "other"), ("the", "first"), ("the", "second"), ("the", "third"), ("another",), ("a", "second"), ("the", "last"))


def _each_one(t: _Tokens, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a clause of several rooms that describe each of them in turn ("one with a double
    bed, the other with bunk beds", "one has a bathtub and one a shower"): the token span of each,
    from its mark to the next; empty when fewer than two marks start such a part."""
    marks = []
    k = start
    while k < end:
        mark = next((m for m in EACH_MARKS if tuple(t.words[k : k + len(m)]) == m), None)
        if mark is not None and (k == start or t.at(k - 1) in (",", ":", ";", "and", "while", "but", "-") or _is_sentence_end(t.at(k - 1))):
            after = t.at(k + len(mark))
            if after in ("with", "has", "have", "having", "for", "gets", "needs", "should", "is", "a", "an", "containing") or catalog.resolve(after):
                marks.append(k)
                k += len(mark)
                continue
        k += 1
    if len(marks) < 2:
        return []
    ends = marks[1:] + [end]
    out = []
    for a, b in zip(marks, ends):
        while b > a and (t.at(b - 1) in (",", ";", ":", "and", "while", "but") or _is_sentence_end(t.at(b - 1))):
            b -= 1
        out.append((a, b))
    return out


def _named_as_room(t: _Tokens, m: _Mention) -> bool:
    """A one-word room word the reader also counts as an activity ("study") used as a room noun: "a
    study" / "one study" standing on its own in a list ("a study and a bedroom", "a study with a desk")."""
    before, after = t.at(m.i - 1), t.at(m.j)
    return (before in ("a", "an", "another", "separate") or before in NUMBERS or before.isdigit()) and (
        after in BOUNDARY or after in ("", ",", "off", "next", "beside") or _is_sentence_end(after))


def _unknown_rooms(t: _Tokens, mentions: list[_Mention]) -> list[str]:
    """A note for each "<word> room" the room table does not know ("a staff room", "a cinema
    room"): it is not built, and its words go with the room named before it."""
    covered = {k for m in mentions for k in range(m.i, m.j)}
    out = []
    for k, w in enumerate(t.words):
        if w not in ("room", "rooms") or k in covered or k == 0:
            continue
        before = t.words[k - 1]
        if not before.isalpha() or before in DEFINITE or before in ("a", "an", "the", "one", "each", "every", "my", "our") \
                or before in NUMBERS or before in BOUNDARY or before in SETTING or catalog.resolve(f"{before} {w}"):
            continue
        out.append(f"no room type for '{before} {w}': not built (its words go with the room before it)")
    return out


def _sentence_start(t: _Tokens, m: _Mention, rooms: list[_Mention]) -> int | None:
    """Where the sentence of a mention starts, when it names no room before the mention (its
    other words are then about this room), or where its clause starts after another such mention
    and a joiner ("put a fridge in the kitchen and a desk in the bedroom"); None otherwise."""
    last = max((r.j for r in rooms), default=0)
    for k in range(m.i - 1, last - 1, -1):
        if _is_sentence_end(t.words[k]):
            return k + 1
    before = next((r for r in rooms if r.j == last), None)
    if before is not None and before.sentence_start is not None:  # "... a fridge in the kitchen and a desk in the bedroom"
        for k in range(last, m.i):
            if t.words[k] in JOINERS or t.words[k] == ",":
                return k + 1
    return None


def read_plan(text: str) -> PlanRequest | None:
    """The rooms a prompt asks for, or None when it asks for one room (see the module docstring)."""
    t = _Tokens(text or "")
    mentions = _find_mentions(t)
    dwelling = None
    dwelling_at = None
    # dwellings: a dwelling noun heading its phrase (not "a flat screen", "a home office"), not as a setting
    inside = {k for m in mentions for k in range(m.i, m.j)}
    for k, w in enumerate(t.words):
        room_before = any(m.j == k for m in mentions)
        if k in inside or not (w in DWELLINGS or (w in LEVELS and room_before)):
            continue
        nxt = t.at(k + 1)
        if nxt and nxt.isalpha() and nxt not in BOUNDARY and nxt not in SETTING and nxt not in DWELLING_FOLLOWERS:
            continue  # a modifier: "flat screen", "house plant", "home theatre"
        if not room_before and _setting_before(t, _Mention(k, k + 1, "", (w,))):
            continue
        dwelling, dwelling_at = w, k
        break
    notes: list[str] = []
    # per mention: what it is
    for m in mentions:
        m.lead = _lead(t, m)
        m.weak = len(m.words) == 1 and m.words[0] in ABSTRACT and m.room_type != HALL
        m.ambiguous = catalog.resolve(" ".join(m.words)) is not None
        nxt = t.at(m.j)
        if dwelling_at is not None and m.j == dwelling_at:
            # "a three bedroom flat": rooms counted in the dwelling; "an office floor": the dwelling's kind
            count, _ = _count(t, m)
            m.count = count
            if count == 1 and not m.plural and not any(w in NUMBERS or w.isdigit() for w in t.words[m.lead : m.i]):
                m.role = "drop"
            continue
        prev = t.at(m.i - 1)
        if _furnishing_modifier(t, m) and m.words not in ATTACHED_WORDS:
            m.role = "drop"
        elif prev.isalpha() and prev not in DEFINITE and (catalog.resolve(prev) or catalog.resolve(f"{prev} {' '.join(m.words)}")):
            m.role = "drop"  # "a play kitchen", "a toy kitchen": a furnishing
        elif t.possessive[m.j - 1] and nxt.isalpha() and nxt not in BOUNDARY:
            m.role = "drop"  # "a children's easel": a possessive before a furnishing
        elif (nxt in ZONES or nxt in _NOUNS_AFTER) and not m.ambiguous:
            m.role = "drop"
        elif m.weak and (t.at(m.i - 1) not in DEFINITE | {"a", "an", "another", "one", "second", "separate"} | set(NUMBERS)):
            m.role = "drop"
    live = [m for m in mentions if m.role != "drop"]
    # compounds and same-type coordination
    for a, b in zip(live, live[1:]):
        if a.role == "drop":
            continue
        if b.words == ("diner",) and a.room_type in DINER_HOSTS and (a.j == b.i or (b.i - a.j == 1 and t.words[a.j] in JOINERS)):
            b.role = "drop"  # "a kitchen-diner", "a lounge/diner": the room, with somewhere to eat
            a.j = b.j
            a.diner = True
            continue
        if a.j == b.i:
            if a.words in ATTACHED_WORDS and b.room_type != "bathroom":  # "an en-suite bedroom": a bedroom with a bathroom of its own
                b.lead = a.lead
                a.attached_to = b
                a.role = "pending_attached"
            else:
                a.role = "drop"
                b.lead = min(b.lead, a.lead)
                b.attached_word = b.attached_word or a.words in ATTACHED_WORDS  # "an en-suite bathroom"
        elif a.room_type == b.room_type and b.i - a.j == 1 and t.words[a.j] in JOINERS:
            b.role = "drop"  # "reception and waiting area": one room
            a.j = b.j
        elif a.room_type == b.room_type and b.i - a.j <= 2 and all(
                w.isalpha() and w not in JOINERS and w not in DEFINITE and w not in NUMBERS and w not in ("a", "an") for w in t.words[a.j : b.i]):
            a.role = "drop"  # "a school science classroom": one room
            b.lead = min(b.lead, a.lead)
    live = [m for m in mentions if m.role != "drop"]
    for m in live:
        if m.role == "pending_attached":
            m.role = "room"
            m.i, m.j = m.attached_to.i, m.attached_to.i  # an empty span: no words of its own
    # relations, settings, references, owners
    rooms: list[_Mention] = []
    for m in live:
        if m.role == "drop":
            continue
        owner = rooms[-1] if rooms else None
        m.owner = owner
        rel = _relation_before(t, m)
        definite = t.at(m.i - 1) in DEFINITE or any(
            m.i >= n + 1 and t.at(m.i - n - 1) in DEFINITE and all(_modifier(t.at(k)) for k in range(m.i - n, m.i)) for n in (1, 2))
        earlier = [r for r in rooms if r.room_type == m.room_type and r.role == "room"]
        if rel is not None:
            m.lead = rel[0]
            indefinite = t.at(m.i - 1) in ("a", "an", "another") or t.at(m.i - 1) in NUMBERS or t.at(m.i - 1).isdigit()
            if not indefinite:  # "off the hall": a room named before or after, or the setting of a one-room prompt
                m.role = "ref"
                if earlier:
                    m.ref_of = earlier[-1]
        elif _setting_before(t, m) and not (owner is not None and t.at(m.lead - 1) == "with"):
            start = _sentence_start(t, m, rooms)
            if definite and earlier and m.attached_to is None and start is not None:
                m.role = "ref"  # "... and a bathroom. Put a desk in the bedroom.": the sentence is the bedroom's
                m.ref_of = earlier[-1]
                m.sentence_start = start
            else:
                m.role = "setting"
        elif definite and earlier and m.attached_to is None:
            m.role = "ref"
            m.ref_of = earlier[-1]
        if m.role in ("room", "ref") and m.ambiguous and owner is not None and m.ref_of is None:
            category = catalog.resolve(" ".join(m.words))
            if category and owner.room_type in catalog.BY_NAME[category].rooms:
                m.role = "drop"  # "a bathroom with a toilet": a furnishing of the room
                continue
        if m.role == "room" and owner is not None and owner.room_type in _SINGLE_DWELLING_ROOMS and _holds(owner.room_type, m.room_type) \
                and not (m.ambiguous or m.attached_to):
            m.role = "drop"  # a kitchen in a studio flat: a corner of the studio
            continue
        if m.role in ("room", "ref", "setting"):
            rooms.append(m)
    for m in rooms:
        if m.role == "setting":
            continue
        m.count, m.each = _count(t, m)
        if m.words in ATTACHED_WORDS or m.attached_word or any(w in ATTACHING for w in t.words[m.lead : m.i]):
            if m.attached_to is None and m.owner is not None and m.owner.role != "setting":
                m.attached_to = m.owner
            elif m.attached_to is None:
                m.attached_to = m  # "two adjoining meeting rooms": they adjoin each other
            if m.attached_to is not None and "each" in t.words[m.attached_to.j : m.i]:
                m.each = True
        words_before = t.words[max(0, m.lead - 1) : m.j]
        if "open" in words_before or ("open", "kitchen") == m.words[:2] or m.words[0] == "open":
            m.open_ = True
    strong = [m for m in rooms if m.role == "room" and (not m.weak or _named_as_room(t, m)) and not m.ambiguous]
    if sum(m.count for m in strong) < 2 and dwelling is None:
        return None
    # references that name no earlier room become rooms in a prompt of several rooms; settings stay out
    requested: list[_Mention] = []
    for m in rooms:
        if m.role == "setting":
            continue
        if m.role == "ref" and m.ref_of is None:
            later = [r for r in rooms if r.role == "room" and r.room_type == m.room_type and r is not m]
            if later:
                m.ref_of = later[0]
            else:
                m.role = "room"
        if m.role == "room":
            if m.each and m.attached_to is not None:
                m.count = max(m.count, m.attached_to.count)
            requested.append(m)
    if not requested:
        if dwelling is None:
            return None
        notes.append(f"a {dwelling} with no rooms named: a usual mix")
    # names
    counters: dict[str, int] = {}
    for m in requested:
        for _ in range(m.count):
            m.names.append(f"{m.room_type}_{counters.get(m.room_type, 0)}")
            counters[m.room_type] = counters.get(m.room_type, 0) + 1
    total = sum(len(m.names) for m in requested)
    if total < 2 and dwelling is None:
        return None
    # clauses: from a mention's lead to the next mention's lead (rooms, references and settings bound them)
    bounds = sorted({m.lead for m in rooms} | {m.i for m in rooms if m.role == "ref" and m.lead < m.i}
                    | {m.sentence_start for m in rooms if m.sentence_start is not None})
    texts: dict[int, list[str]] = {id(m): [] for m in requested}
    one: dict[int, list[tuple[int, str]]] = {id(m): [] for m in requested}  # words for one of a mention's rooms (by index)
    heads: dict[int, str] = {}

    def clause_end(m: _Mention) -> int:
        end = min([b for b in bounds if b > m.i] + [len(t)])
        while end > m.lead and (t.at(end - 1) in BOUNDARY or t.at(end - 1) in (",", "&", "/") or t.at(end - 1) in SETTING):
            end -= 1
        return end

    def clause(m: _Mention) -> str:
        return t.source(m.lead, clause_end(m))

    for m in rooms:
        if m.role == "setting":
            continue
        target = m if m.role == "room" else m.ref_of
        if target is None or id(target) not in texts or m.i == m.j:  # an en-suite named only as an adjective has no words of its own
            continue
        words = clause(m)
        parts = _each_one(t, m.j, clause_end(m)) if m.role == "room" and len(m.names) > 1 else []
        if parts:  # "two bedrooms, one with a double bed, the other with bunk beds": a part for each room
            words = t.source(m.lead, parts[0][0])
            for k, (a, b) in enumerate(parts[: len(m.names)]):
                one[id(m)].append((k, f"{m.room_type.replace('_', ' ')} {t.source(a, b)}"))
        if m.role == "ref":  # "the bedroom should have a desk": the words after the reference
            words = t.source(m.j, min([b for b in bounds if b > m.i] + [len(t)]))
            if m.sentence_start is not None:  # "Put a desk in the bedroom": the words before it in its sentence too
                end = m.i
                while end > m.sentence_start and (t.at(end - 1) in DEFINITE or _modifier(t.at(end - 1))) and t.at(end - 1) not in SETTING:
                    end -= 1
                while end > m.sentence_start and t.at(end - 1) in SETTING:
                    end -= 1
                words = f"{t.source(m.sentence_start, end)} {words}".strip()
            elif _relation_before(t, m) is not None:  # "a dining room next to the kitchen with a table": the dining room's words
                n = rooms.index(m)
                subject = next((r for r in reversed(rooms[:n]) if r.role != "setting" and r.j <= m.lead), None)
                subject = subject.ref_of if subject is not None and subject.role == "ref" else subject
                if subject is not None and id(subject) in texts:
                    target = subject
            words = f"{target.room_type.replace('_', ' ')} {words}".strip() if words else ""
            if words and target is (m.ref_of if m.role == "ref" else None) and len(target.names) > 1 and not m.plural:
                # "the bedroom" / "the second bedroom" of several: one of them, the one its ordinal names (else the first)
                ordinal = next((ORDINALS[w] for w in t.words[max(0, m.i - 3) : m.i] if w in ORDINALS), 0)
                one[id(target)].append((min(ordinal, len(target.names) - 1), words))
                continue
        if words:
            texts[id(target)].append(words)
        if m.role == "room":
            stop = m.j
            while stop < len(t) and stop < m.j + 10 and t.words[stop] not in HEAD_STOP and not _is_sentence_end(t.words[stop]) \
                    and stop not in bounds:
                stop += 1
            heads[id(m)] = t.source(m.lead, m.j) + " " + t.source(m.j, stop)
    for m in requested:
        if m.diner:
            texts[id(m)].append(f"{m.room_type.replace('_', ' ')} with a dining table")
    # adjacency
    adjacency: list[tuple[str, str, str]] = []

    def adjoin(a: list[str], b: list[str], kind: str = "door", pairwise: bool = False) -> None:
        pairs = list(zip(a, b)) if pairwise and len(a) == len(b) else [(x, y) for x in a for y in b]
        for x, y in pairs:
            if x != y and not any({x, y} == {p, q} for p, q, _ in adjacency):
                adjacency.append((x, y, kind))

    def names(m: _Mention | None) -> list[str]:
        if m is None:
            return []
        return (m.ref_of.names if m.role == "ref" and m.ref_of is not None else m.names)

    for n, m in enumerate(rooms):
        if m.role == "setting":
            continue
        if m.attached_to is m and m.role == "room":
            adjoin(m.names[:-1], m.names[1:], pairwise=True)
        elif m.attached_to is not None and m.role == "room":
            adjoin(m.names, names(m.attached_to), pairwise=m.each)
        rel = _relation_before(t, m)
        if rel is not None:
            subject = next((r for r in reversed(rooms[:n]) if r.role != "setting" and r.j <= rel[0]), None)
            adjoin(names(subject), names(m))
        # "next to it" right after a room, or "next to it" right before one: the room named before
        for p in ADJACENT_PHRASES:
            if tuple(t.words[m.j : m.j + len(p)]) == p and t.at(m.j + len(p)) in ("it", "them"):
                prev = next((r for r in reversed(rooms[:n]) if r.role != "setting"), None)
                adjoin(names(m), names(prev))
            start = m.lead - len(p) - 1
            if start >= 0 and tuple(t.words[start : m.lead - 1]) == p and t.at(m.lead - 1) in ("it", "them"):
                prev = next((r for r in reversed(rooms[:n]) if r.role != "setting"), None)
                adjoin(names(m), names(prev))
        # "a gym and an office with a bathroom in between": the two rooms named before it
        if tuple(t.words[m.j : m.j + 2]) in (("in", "between"), ("between", "them")) and m.role == "room":
            before = [r for r in rooms[:n] if r.role != "setting"][-2:]
            if len(before) == 2:
                adjoin(names(m), names(before[0]))
                adjoin(names(m), names(before[1]))
        # "a library next door": the room it is named with
        if tuple(t.words[m.j : m.j + 2]) in POST_ADJACENT or (
                t.at(m.j) in ATTACHING and (t.at(m.j + 1) in ("", ",", "and") or _is_sentence_end(t.at(m.j + 1)))):
            prev = next((r for r in reversed(rooms[:n]) if r.role != "setting"), None)
            adjoin(names(m), names(prev))
    # "... next to each other" right after a room or after a comma: the last two rooms named (or the copies of the last one)
    for k in range(len(t)):
        p = next((p for p in ADJACENT_PHRASES if tuple(t.words[k : k + len(p)]) == p), None)
        if p is None or tuple(t.words[k + len(p) : k + len(p) + 2]) not in (("each", "other"), ("one", "another")):
            continue
        before = [r for r in rooms if r.role != "setting" and r.j <= k]
        if not before or not (before[-1].j == k or t.at(k - 1) == ","):
            continue
        last = names(before[-1])
        if len(last) > 1:
            adjoin(last[:-1], last[1:], pairwise=True)
        elif len(before) > 1:
            adjoin(names(before[-2]), last)
    for m in requested:
        if not m.open_:
            continue
        described_with = t.at(m.lead - 1) == "with" or (m.lead >= 2 and t.at(m.lead - 1) in ("a", "an") and t.at(m.lead - 2) == "with")
        other = m.owner if m.owner is not None and m.owner.role != "setting" and described_with else None
        if other is None:
            other = next((r for r in requested if r.room_type == "living_room" and r is not m), None)
        if other is None:
            other = next((r for r in requested if r is not m), None)
        if other is not None:
            for x in m.names[:1]:
                for y in names(other)[:1]:
                    adjacency[:] = [p for p in adjacency if {p[0], p[1]} != {x, y}]
                    adjacency.append((x, y, "open"))
    # the rooms
    out: list[RoomRequest] = []
    for m in requested:
        head = read(heads.get(id(m), ". ".join(texts[id(m)])))
        for k, name in enumerate(m.names):
            words = ". ".join([*texts[id(m)], *(w for n, w in one[id(m)] if n == k)])
            req = read(words) if words else None
            out.append(RoomRequest(name, m.room_type, words, head.area_m2, head.size_m, head.size_word,
                                   req.requirements if req is not None else ()))
    hub = None
    if dwelling is not None and not any(r.room_type in HUB_TYPES for r in out):
        if not out:
            for kind in ("living_room", "kitchen", "bedroom", "bathroom"):
                out.append(RoomRequest(f"{kind}_0", kind, ""))
        else:
            hub = f"{HALL}_0"
            out.append(RoomRequest(hub, HALL, ""))
            notes.append(f"a {dwelling} with no hall or living room named: {hub} added as the hub")
    notes += _unknown_rooms(t, mentions)
    first = min((m.lead for m in rooms), default=len(t))
    return PlanRequest(text, tuple(out), tuple(adjacency), dwelling, hub, t.source(0, first), tuple(notes))


def describe(request: PlanRequest) -> dict[str, Any]:
    """A short summary: room types with counts, adjacency by room, and each room's categories."""
    types: dict[str, int] = {}
    for r in request.rooms:
        types[r.room_type] = types.get(r.room_type, 0) + 1
    return {"rooms": types, "adjacency": [list(a) for a in request.adjacency],
            "categories": {r.name: sorted(r.categories()) for r in request.rooms}}
