"""Follow-up instructions: "add a plant in the corner", "remove the TV", "make the bed bigger".

``follow_up(trajectory, state, instruction, seed)`` returns the call texts (without numbers) to
insert before ``terminate``; ``continued`` writes the new trajectory text. Each sentence, and each
part of one that starts with a verb ("..., and then ..."), is one edit:

* the verb at its start (after "please", "could you", "I'd like to" ...) says what is done: remove
  ("get rid of", "take ... out", "delete"), swap ("replace X with Y", "swap X for Y", "Y instead of X";
  "swap X and Y": the two change places), resize ("make ... bigger", "shrink", "... is too big"),
  turn ("turn X to face the window", "rotate X 90 degrees", "turn X around"), move ("move X to the
  other corner", "put the X by the door", "can the X go ...", "I'd like the X moved ..."), add
  (no verb, "add", "I'd like", "there should be"); a negation ("I don't want the rug any more",
  "no more stools") removes;
* what follows the verb is read by the reader (``core/reader.py``): its requirements name the
  objects, how many and where; this module only rewrites a few words first (comparatives,
  "off the table", catalogue names the reader would take for a room, "cafe table");
* a requirement named with "the" refers to objects of the current scene: the catalogue's words say
  which categories it covers; where several fit, the one placed with the named anchor ("the chairs
  around the table") or nearest where the words say ("the desk by the window", "against the east
  wall") is meant; a plural or "all" / "both" means all of them, "one of" / "two" the last made. A
  name with no object in the scene raises ``MissingReference``; one that several objects fit
  equally raises ``AmbiguousReference``; both list the candidates, and nothing is written;
* among several objects a name covers, ordinals ("the second nightstand", "the last chair": in the
  order they were made; "the second table from the left": across the room), left / right ("the left
  nightstand", "the chair on the right": as seen from the door looking in; "left of the bed": as seen
  facing the bed's front) and the colours and materials of the scene's objects ("the red chair", "the
  marble table") pick one (``Selector``); "the last one" is the thing the clause before named;
* for moves and turns the words after the object say where it goes ("the desk by the window to the
  corner": which desk, then where);
* a colour or material after the object ("paint the wardrobe white", "make the sofa blue", "the bed
  should be oak") is ``set_material`` on it, with a preset of its main material's family where one
  fits; a new object asked for in a colour ("a red armchair") is given it unless it has it already.

Every call is tried on the state as the executor will run it (the same seed and occurrence rule),
and only calls that work are kept, so everything the follow-up does not name keeps its pose; what
a resize pushes aside (the nightstands of a bigger bed) or a move carries along (the stools of an
island) is moved with explicit calls. The chairs round a resized table stay the same chairs: each
turns its back to the table (``update_size`` refuses a table that reaches into the free strip in front
of a seat), steps to the new edge, and turns back; only where they cannot are they seated again.

A run folder's trajectory keeps one ``# instruction:`` section per instruction (``continued_sections``);
``without_section`` / ``section_switched_off`` undo one (see "sections" below).
"""

from __future__ import annotations

import functools
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np

from ..ground import catalog
from ..ground.geometry import WALL_YAW
from ..ground.plan import PLAN_TYPES
from ..ground.rooms import PHRASES as ROOM_PHRASES
from ..ground.rooms import find_room
from ..ground.state import SceneObject, SceneState
from ..ground.suite import SuiteState
from . import planner as P
from . import trajectory as T
from .executor import call_key
from .reader import Requirement, read
from .solver import floor
from .tools import SPECS
from .suite_planner import addressed
from .solver.world import World, box_of


class FollowUpError(ValueError):
    """A follow-up that cannot be applied to the scene; ``candidates`` lists the objects in question."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()):
        super().__init__(message)
        self.candidates = candidates


class MissingReference(FollowUpError):
    """The follow-up names an object the scene does not hold."""


class AmbiguousReference(FollowUpError):
    """The follow-up names one object and several in the scene fit it equally."""


# ---------------------------------------------------------------- the words of a follow-up

_FILLER = re.compile(
    r"^(?:(?:please|pls|ok|okay|also|now|and|then|so|hey|hi|next|finally|lastly|maybe|just|kindly|actually|oh|well|"
    r"could you|can you|would you|will you|could we|can we|let's|let us|lets|go ahead and|"
    r"i'd like you to|i would like you to|i want you to|i need you to|i'd like to|i would like to|i want to|i'd love to|"
    r"i'd rather|we should|you should|you could|try to|be sure to|make sure to)\b[\s,]*)+")

_VERBS: tuple[tuple[str, str], ...] = (
    ("remove", r"get rid of|take (?=.+\b(?:out|away|off)\b)|take out|take away|clear out|clear away|throw out|throw away|leave out|do away with|"
               r"remove|delete|drop|ditch|lose|eliminate|discard|omit|scrap|bin"),
    ("material", r"paint|repaint|colour|color|recolour|recolor|stain|reupholster|upholster"),
    ("swap", r"swap out|swap|replace|exchange|substitute|switch out|switch|trade|change|turn .+? into|convert"),
    ("resize", r"make|enlarge|shrink|scale up|scale down|scale|resize|grow|widen|upsize|downsize|increase the size of|"
               r"reduce the size of|reduce|increase"),
    ("rotate", r"turn around|turn|rotate|spin|face|point|orient|angle|flip"),
    ("move", r"move|shift|relocate|push|slide|reposition|pull|drag|bring|put|place|set|stand|carry"),
    ("add", r"add|include|insert|throw in|bring in|install|hang|mount|i'd like|i would like|i want|i need|we need|"
            r"give me|there should be|i'd love|how about|get|buy|squeeze in|fit in|fit"),
)
_VERB = [(action, re.compile(rf"^(?:{words})\b")) for action, words in _VERBS]

_GROW = r"bigger|larger|wider|longer|taller|huger|roomier|grander|higher|huge|enormous|giant|massive"
_SHRINK = r"smaller|narrower|shorter|tinier|more compact|lower|slimmer|less bulky|tiny"
_STRONG = r"much|a lot|way|far|significantly|considerably|twice as big|double the size|really"
_WEAK = r"a bit|a little|slightly|a touch|somewhat|a tad|marginally|bit"
_TOO_BIG = r"too (?:big|large|wide|long|bulky|tall|huge)"
_TOO_SMALL = r"too (?:small|narrow|short|tiny|little)"
_SIZE_WORDS = re.compile(rf"\b(?:(?:{_STRONG}|{_WEAK})\s+)?(?:{_GROW}|{_SHRINK}|{_TOO_BIG}|{_TOO_SMALL})\b")
_PARTICLES = re.compile(r"\b(?:out|away|instead|please|too|as well|also|for me|altogether|entirely|completely|anymore|any more|any longer|"
                        r"from the room|from the scene|of the room|in size)\b")

_ALL = re.compile(r"\b(?:all|every|both|each)\b")
_OTHER = re.compile(r"\b(?:other|another|opposite|different)\b")


def clauses(instruction: str) -> list[str]:
    """The edits of a follow-up: its sentences, and the parts of a sentence joined by "and then",
    ", and", ", then" or "; " that start with a verb."""
    text = " ".join(instruction.lower().replace("’", "'").split())
    out: list[str] = []
    for sentence in re.split(r"[.;!?\n]+", text):
        parts = re.split(r",?\s*\b(?:and then|then|and also|and|also|plus)\b\s+|,\s*", sentence)
        current = ""
        for part in parts:
            part = part.strip(" ,")
            if not part:
                continue
            if current and _action_of(part)[0] is not None:
                if _FILLER.sub("", current).strip():  # ("ok, remove the rug": a lead-in alone is no edit)
                    out.append(current)
                current = part
            else:
                current = f"{current} and {part}" if current else part
        if current:
            out.append(current)
    return out


def _action_of(clause: str) -> tuple[str | None, str]:
    """The edit a clause asks for and the rest of it after the verb."""
    rest = _FILLER.sub("", clause.strip()).strip()
    for action, pattern in _VERB:
        m = pattern.match(rest)
        if m:
            return action, rest[m.end():].strip()
    return None, rest


# ---------------------------------------------------------------- references to the scene


def _covered(word: str) -> frozenset[str]:
    return frozenset(catalog.covering(word.replace("_", " "))) | ({word} if word in catalog.BY_NAME else set())


def _plural(phrase: str) -> bool:
    """Whether the noun a phrase names first is a plural ("the chairs", "the bar tables")."""
    found = False
    for w in phrase.split():
        if w in ("the", "a", "an", "my", "those", "these", "all", "both", "every", "each", "of"):
            continue
        if _PREP.fullmatch(w) or w in ("which", "that", "with"):
            break
        stems = [w[:-1], w[:-2] if w.endswith("es") else "", w[:-3] + "y" if w.endswith("ies") else "", w[:-3] + "f" if w.endswith("ves") else ""]
        found = w.endswith("s") and not w.endswith("ss") and any(s and catalog.covering(s) for s in stems)
    return found


def _opening_xy(state: SceneState, kind: str) -> list[np.ndarray]:
    return [np.array(floor.opening_spot(state.room, o)) for o in state.openings if o.kind == kind]


def _wall_distance(state: SceneState, o: SceneObject, wall: str) -> float:
    r = state.room
    return {"north": r.depth_m - o.pose.y, "south": o.pose.y, "east": r.width_m - o.pose.x, "west": o.pose.x}.get(wall, 0.0)


def _xy(o: SceneObject) -> np.ndarray:
    return np.array([o.pose.x, o.pose.y])


class _Scene:
    """The current scene with what a follow-up's words can refer to."""

    def __init__(self, state: SceneState, seed: int, calls: list[str], room: str | None = None):
        self.plan = P.Plan(seed=seed, state=state, calls=list(calls), results=[""] * len(calls), room=room)
        doors = [o.wall for o in state.openings if o.kind == "door"]
        windows = [o.wall for o in state.openings if o.kind == "window"]
        self.plan.door_wall = doors[0] if doors else "south"
        self.plan.window_wall = windows[0] if windows else P.OPPOSITE[self.plan.door_wall]

        self.initial = frozenset(o.id for o in state.objects)  # what the scene held before the follow-up
        self.current = ""  # the clause being applied
        self.satisfied = ""  # the last clause found to hold already
        self.last_noun = ""  # the category the last clause named first ("... and remove the last one": that category)

    def right_axis(self) -> np.ndarray:
        """The right hand of someone in the (first) door looking into the room."""
        inward = {"south": (0.0, 1.0), "north": (0.0, -1.0), "west": (1.0, 0.0), "east": (-1.0, 0.0)}[self.plan.door_wall]
        return np.array([inward[1], -inward[0]])

    @property
    def state(self) -> SceneState:
        return self.plan.state

    def where_score(self, o: SceneObject, r: Requirement, anchors: dict[int, list[str]]) -> float | None:
        """How far ``o`` is from where ``r`` says (smaller is nearer); None when ``r`` says nothing."""
        s = self.state
        if r.anchor is not None and anchors.get(r.anchor):
            refs = [s.get(a) for a in anchors[r.anchor] if s.get(a) is not None]
            if r.relation in ("on", "on_top", "inside"):
                return 0.0 if o.parent in {a.id for a in refs} else 10.0
            if r.relation in ("left_of", "right_of") and refs:  # its side as seen facing the anchor's front (as add_related places)
                side = -1.0 if r.relation == "left_of" else 1.0
                return min(float(np.linalg.norm(_xy(o) - _xy(a))) + (0.0 if side * float(np.dot(_xy(o) - _xy(a), _right(a.pose.yaw_deg))) > 0.05
                                                                      else 10.0) for a in refs)
            return min(float(np.linalg.norm(_xy(o) - _xy(a))) for a in refs) if refs else None
        if r.placement in ("near_window", "near_door") or (r.wall in ("window", "door") and r.relation in ("beside", "near", None)):
            kind = "window" if "window" in (r.placement or "") or r.wall == "window" else "door"
            spots = _opening_xy(s, kind)
            return min(float(np.linalg.norm(_xy(o) - p)) for p in spots) if spots else None
        if r.placement == "corner":
            corners = [np.array(c) for c in ((0, 0), (s.room.width_m, 0), (0, s.room.depth_m), (s.room.width_m, s.room.depth_m))]
            return min(float(np.linalg.norm(_xy(o) - c)) for c in corners)
        if r.placement == "middle":
            return float(np.linalg.norm(_xy(o) - np.array([s.room.width_m / 2, s.room.depth_m / 2])))
        if r.wall:
            wall = P.wall_of(self.plan, r)
            if wall in P.WALLS:
                return _wall_distance(s, o, wall)
        return None

    def resolve(self, r: Requirement, anchors: dict[int, list[str]], many: bool = False, select: Selector | None = None,
                broad: bool = False) -> list[str]:
        """The ids a requirement names in the scene (all of them for "the chairs", "all the
        chairs", else one; the one ``select`` picks among them where given); raises
        MissingReference / AmbiguousReference. ``broad``: every kind the word covers, not only the
        one it names exactly ("the marble table": any table, not only the dining table)."""
        if select is not None:
            return [select.pick(self, self.resolve(r, anchors, many=True, broad=True), r.category.replace("_", " "))]
        cats = _covered(r.category)
        found = [o for o in self.state.objects if o.category in cats]
        word = r.category.replace("_", " ")
        if not found:
            present = sorted({o.category for o in self.state.objects if o.placement != "on_top" or o.category in cats})
            raise MissingReference(f"there is no {word} in the scene (it holds: {', '.join(present)})", tuple(present))
        exact = catalog.resolve(word)
        if r.anchor is not None and anchors.get(r.anchor):  # placed with it ("the chairs around the table": its own chairs)
            found = [o for o in found if o.parent in anchors[r.anchor]] or found
        placed = [(self.where_score(o, r, anchors), o) for o in found]
        if len(found) > 1 and placed[0][0] is not None:
            placed.sort(key=lambda t: t[0])
            tolerance = 1.0 if many else 0.25  # those where it says, equally near ("the chairs at the table": all of those)
            found = [o for d, o in placed if d - placed[0][0] <= tolerance]
        if len({o.placement for o in found}) > 1 and r.relation not in ("on", "on_top", "inside"):
            found = [o for o in found if o.placement == "floor"] or found  # "the plant": the potted one, not the one on the desk
        if exact and not broad and any(o.category == exact for o in found):
            found = [o for o in found if o.category == exact]
        if many:
            if r.anchor is not None and r.relation in ("on", "on_top", "inside") and anchors.get(r.anchor):
                found = [o for o in found if o.parent in anchors[r.anchor]] or found
            return [o.id for o in found]
        if r.quantifier == "exactly" and not r.definite and not r.phrase.startswith("the "):  # "remove two chairs": the last made
            return [o.id for o in found[-r.count:]]
        if len(found) == 1:
            return [found[0].id]
        ids = tuple(o.id for o in found)
        raise AmbiguousReference(f"'{r.phrase or word}' could be any of {', '.join(ids)}: say which (by where it stands)", ids)

    # ------------------------------------------------------------ trying calls

    def run(self, text: str) -> bool:
        before = len(self.plan.calls)
        self.plan.run(text)
        return len(self.plan.calls) > before

    def try_all(self, *alternatives: list[str], check=None) -> bool:
        """Run the first list of calls that works as a whole (and after which ``check()``, when
        given, holds); keep nothing of the others."""
        for texts in alternatives:
            saved = (list(self.plan.calls), list(self.plan.results), self.plan.state)
            if all(self.run(t) for t in texts) and (check is None or check()):
                return True
            self.plan.calls, self.plan.results, self.plan.state = saved
        return False


# ---------------------------------------------------------------- which one: ordinals, sides, colours, materials
#
# "the second nightstand", "the last chair", "the left nightstand", "the chair on the right", "the
# second chair from the left", "the red chair", "the oak nightstand": words that pick one among the
# objects a name covers. Ordinals count in the order the objects were made (chair_0 is the first, the
# newest is the last) unless "from the left / right" counts them across the room. Left and right are
# as seen from the room's (first) door looking in; "left of the bed" / "on the right of the desk"
# (an anchor named) is as seen facing the anchor's front, as ``add_related`` places "left_of".
# Colours and materials are the scene's own: each object's material presets (``params["material_*"]``,
# ``set_material`` overrides), read as their names' words ("oak", "leather", "painted"), their family
# ("wood", "metal", "fabric") and the colour of their base colour ("red", "blue", "white", "brown").

_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5,
             "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8, "ninth": 9, "9th": 9, "tenth": 10, "10th": 10,
             "last": -1, "final": -1, "newest": -1, "latest": -1, "oldest": 1}
_ORDINAL = re.compile(rf"\b(?:(second|2nd) (?:to|from) (?:the )?last|({'|'.join(_ORDINALS)}))\b")
_SIDE_WORD = re.compile(r"\b(left|right)(?:most|-most|-hand|hand| hand)?\b")
_SIDE_AFTER = re.compile(r"^\s*(?:(?:that|which)(?:'s| is| are| stands?| sits?)\s+)?(?:on|at|in) the (left|right)"
                         r"(?:[- ]hand)?(?: side)?(?: of the room)?\b(?!\s+(?:of|side of)\b)")
_FROM_SIDE = re.compile(r"\bfrom the (left|right)\b")
_MATERIAL_WORDS = {"wooden": "wood", "timber": "wood", "metallic": "metal", "gray": "grey", "golden": "brass", "gold": "brass",
                   "silver": "steel", "stone": "stone", "upholstered": "fabric", "cloth": "fabric", "marble": "marble"}


def _colour(rgb) -> str:
    """A plain colour name for a base colour."""
    import colorsys

    h, light, sat = colorsys.rgb_to_hls(*rgb[:3])
    hue = h * 360.0
    if sat < 0.15 or light < 0.08 or light > 0.93:
        return "black" if light < 0.2 else "white" if light > 0.8 else "grey"
    if hue < 15 or hue >= 345:
        return "red"
    if hue < 50:
        return ("orange" if hue < 30 else "yellow") if sat >= 0.65 else "brown" if light < 0.55 else "beige"
    if hue < 70:
        return "yellow"
    if hue < 170:
        return "green"
    if hue < 260:
        return "blue"
    return "purple" if hue < 300 else "pink"


@functools.lru_cache(maxsize=None)
def _material_words() -> dict[str, frozenset[str]]:
    """Each word that names a material, colour or family -> the material presets it covers."""
    from ..assets.materials import MATERIALS

    out: dict[str, set[str]] = {}
    for name, m in MATERIALS.items():
        for word in {*name.split("_"), m.family, _colour(m.base_color)}:
            out.setdefault(word, set()).add(name)
    for word, same in _MATERIAL_WORDS.items():
        out.setdefault(word, set()).update(out.get(same, ()))
    for noise in ("cover", "book", "art", "clear", "dark", "emissive", "warm", "food", "misc", "soil", "water", "screen", "foliage",
                  "whiteboard", "chalkboard", "mdf", "canvas", "foam", "brushed", "frosted", "mirror"):  # parts of names, not what users say
        out.pop(noise, None)
    return {w: frozenset(v) for w, v in out.items()}


def _materials_of(o: SceneObject) -> list[str]:
    """The material presets of an object, its main one first (a whole-object override replaces them)."""
    whole = [m for part, m in o.material_overrides if part == "*"]
    if whole:
        return whole
    own = [v for k, v in o.params.items() if k.startswith("material_") and isinstance(v, str)]
    return [*own, *(m for part, m in o.material_overrides if part != "*")]


@dataclass(frozen=True)
class Selector:
    """What picks one object among those a name covers."""

    ordinal: int = 0  # 1-based; -1 the last, -2 the second to last; 0 none
    side: str = ""  # "left" | "right": the one furthest that way (as seen from the door)
    across: bool = False  # the ordinal counts from ``side`` ("the second chair from the left")
    materials: tuple[str, ...] = ()  # colour / material words

    def pick(self, scene: _Scene, ids: list[str], word: str) -> str:
        found = [scene.state.get(i) for i in ids]
        order = {o.id: k for k, o in enumerate(scene.state.objects)}
        found.sort(key=lambda o: order[o.id])  # in the order they were made
        said = " ".join([*self.materials, word])
        if self.materials:
            vocab = _material_words()
            scored = []
            for o in found:
                mats = _materials_of(o)
                hits = [all(m in vocab.get(w, ()) for w in self.materials) for m in mats]
                scored.append((2 if hits[:1] == [True] else 1 if any(hits) else 0, o))
            best = max((sc for sc, _ in scored), default=0)
            if best == 0:
                seen = ", ".join(f"{o.id} ({'/'.join(dict.fromkeys(_materials_of(o)))})" for o in found)
                raise MissingReference(f"there is no {said} in the scene: {seen}", tuple(o.id for o in found))
            found = [o for sc, o in scored if sc == best]
        if self.side:
            axis = scene.right_axis() * (1.0 if self.side == "right" else -1.0)
            found.sort(key=lambda o: -float(np.dot(_xy(o), axis)))  # furthest to that side first
            if not self.ordinal or self.across:
                k = max(self.ordinal, 1) - 1
                if k >= len(found):
                    raise MissingReference(f"there are only {len(found)} {word}s", tuple(o.id for o in found))
                lateral = [float(np.dot(_xy(o), axis)) for o in found]
                if (k + 1 < len(found) and abs(lateral[k] - lateral[k + 1]) < 0.1) or (k > 0 and abs(lateral[k] - lateral[k - 1]) < 0.1):
                    ids_ = tuple(o.id for o in found)
                    raise AmbiguousReference(f"'{self.side}' does not tell the {said}s apart (they stand in one line from the door): "
                                             f"{', '.join(ids_)}", ids_)
                return found[k].id
            found.sort(key=lambda o: order[o.id])
        if self.ordinal:
            k = self.ordinal - 1 if self.ordinal > 0 else len(found) + self.ordinal
            if not 0 <= k < len(found):
                raise MissingReference(f"there {'is' if len(found) == 1 else 'are'} only {len(found)} {said}"
                                       f"{'' if len(found) == 1 else 's'}", tuple(o.id for o in found))
            return found[k].id
        if len(found) == 1:
            return found[0].id
        ids_ = tuple(o.id for o in found)
        raise AmbiguousReference(f"'{said}' could be any of {', '.join(ids_)}: say which (by where it stands)", ids_)


def _pronoun(scene: _Scene, rest: str) -> str:
    """"the last one", "the left one", "the red one": "one" is the thing the clause before named, or
    (in a first clause) the newest object's kind ("remove the last one": the last thing made)."""
    picks = "|".join([*_ORDINALS, "left", "right", "leftmost", "rightmost", "left-hand", "right-hand", *_material_words()])
    m = re.search(rf"\b((?:the|that|this)\s+(?:(?:{picks})\s+){{1,3}})ones?\b(?!\s+of\b)", rest)
    if m is None:
        return rest
    noun = scene.last_noun or (scene.state.objects[-1].category if scene.state.objects else "")
    if not noun:
        return rest
    return rest[:m.start()] + m.group(1) + noun.replace("_", " ") + rest[m.end():]


def selector(r: Requirement, rest: str) -> Selector | None:
    """The words around a requirement's noun that pick one object: ordinals, left / right and
    colour / material adjectives in its phrase, and "on the left", "from the right" after it."""
    words = r.phrase.split()
    if not words:
        return None
    noun = words[-1]
    head = " ".join(words[:-1])
    entry = catalog.BY_NAME.get(r.category)
    own = {w for form in (r.category.replace("_", " "), *(entry.synonyms if entry else ())) for w in form.split()}
    # ("the wooden chair" names a dining chair: its own words pick nothing)
    at = re.search(rf"\b{re.escape(r.phrase)}\b", rest) or re.search(rf"\b{re.escape(noun)}\b", rest)
    if at is None and entry is not None:  # the reader named it by its catalogue name ("kitchen counter" read as base cabinet)
        forms = sorted((r.category.replace("_", " "), *entry.synonyms), key=len, reverse=True)
        at = next((m for m in (re.search(rf"\b{re.escape(f)}s?\b", rest) for f in forms) if m), None)
        if at is not None:
            words = at.group(0).split()
            noun, head = words[-1], " ".join(words[:-1])
    after = rest[at.end():] if at else ""
    if at:  # words the reader left out of the phrase ("the second to last chair", "the second base cabinet") count too
        lead = re.search(r"\b(?:the|a|an|my|that|this)\s+((?:[\w-]+\s+){1,4})$", rest[:at.start()])
        if lead:
            head = lead.group(1).strip() if len(words) == 1 else f"{lead.group(1).strip()} {head}"
    after = re.split(r"\b(?:to|into|onto|towards?|and|with|for|by|instead|so)\b(?! the (?:left|right)\b)", after, maxsplit=1)[0] \
        if not _SIDE_AFTER.match(after) else after
    ordinal = 0
    m = _ORDINAL.search(head) or (_ORDINAL.search(after[:30]) if re.match(r"^\s*(?:from|to)\b", after) is None else None)
    if m:
        ordinal = -2 if m.group(1) else _ORDINALS[m.group(2)]
    side, across = "", False
    sm = _SIDE_AFTER.match(after)
    fm = _FROM_SIDE.search(after[:40]) or _FROM_SIDE.search(head)
    if fm and ordinal:
        side, across = fm.group(1), True
    elif sm:
        side = sm.group(1)
    else:
        hm = _SIDE_WORD.search(head)
        side = hm.group(1) if hm else ""
    vocab = _material_words()
    mats = tuple(w for w in head.split() if w in vocab and w not in own and w not in ("the", "a", "an"))
    if not (ordinal or side or mats):
        return None
    return Selector(ordinal, side, across, mats)


# ---------------------------------------------------------------- poses


def _yaw_towards(o: SceneObject, target: np.ndarray) -> float:
    d = target - _xy(o)
    return _norm_yaw(math.degrees(math.atan2(d[0], -d[1])))


def _norm_yaw(yaw: float) -> float:
    yaw = (yaw + 180.0) % 360.0 - 180.0
    return round(180.0 if yaw <= -180.0 else yaw, 2)


def _repose_calls(o: SceneObject, x: float, y: float, yaw: float) -> list[list[str]]:
    dx, dy = round(x - o.pose.x, 3), round(y - o.pose.y, 3)
    move = f'move_object(target="{o.id}", dx_m={dx}, dy_m={dy})'
    turn = f'update_rotation(target="{o.id}", yaw_deg={_norm_yaw(yaw)})'
    moving, turning = abs(dx) > 1e-3 or abs(dy) > 1e-3, abs(_norm_yaw(yaw - o.pose.yaw_deg)) > 0.01
    if moving and turning:
        return [[turn, move], [move, turn]]
    return [[move]] if moving else [[turn]] if turning else [[]]


def _facing_poses(poses, anchor: SceneObject, keep_order: bool = False):
    """Candidate poses (nearest to ``anchor`` first unless ``keep_order``), each turned to face it."""
    ranked = list(poses) if keep_order else sorted(poses, key=lambda pt: math.hypot(pt[0].x - anchor.pose.x, pt[0].y - anchor.pose.y))
    for pose, tag in ranked:
        d = math.hypot(pose.x - anchor.pose.x, pose.y - anchor.pose.y)
        if d > 0.8:
            yaw = _norm_yaw(math.degrees(math.atan2(anchor.pose.x - pose.x, -(anchor.pose.y - pose.y))))
            yield replace(pose, yaw_deg=yaw), tag


def _nearest(world: World, params: dict, rng, spot: np.ndarray, reach_m: float = 2.0):
    """Free-standing and against-wall candidate poses within ``reach_m`` of ``spot``, nearest first."""
    poses = [*floor.against_wall_poses(world, params, "any", rng), *floor.anywhere_poses(world, params, rng)]
    near = [(float(np.hypot(p.x - spot[0], p.y - spot[1])), k, (p, tag)) for k, (p, tag) in enumerate(poses)]
    return [c for d, _, c in sorted(near) if d <= reach_m]


RELOCATE_WITH_SEATS = 60  # the places tried for a piece with its seats round it before it goes alone


def _relocate(scene: _Scene, o: SceneObject, candidates, rng, avoid_here: bool = False, yaw: float | None = None, alone: bool = True) -> bool:
    """Move ``o`` to the first candidate pose that fits (and that the calls reach), with the seats
    round it (moved along, else all seated again round it); only where no candidate takes them all,
    and when ``alone``, with as many as fit there, else it alone."""
    family = {o.id, *(d.id for d in scene.state.descendants(o.id))}
    seats = [d for d in scene.state.objects if d.parent == o.id and not d.surface and d.relation.startswith("around:")]
    users = [d for d in scene.state.objects if d.parent == o.id and not d.surface and d.placement == "floor"  # a desk's chair
             and d.relation.startswith(("in_front_of:", "behind:")) and catalog.BY_NAME[d.category].supports == ("seat",)]
    world = World.of(scene.state.without(family | {d.id for d in seats}))
    tried, lone = 0, []
    kept = lambda: sum(1 for d in scene.state.objects if d.parent == o.id and d.relation.startswith("around:")) >= len(seats)  # noqa: E731
    for pose, tag in candidates(world, o.params, rng):
        tried += 1
        if tried > 400:
            break
        if avoid_here and math.hypot(pose.x - o.pose.x, pose.y - o.pose.y) < 1.0:
            continue
        if yaw is not None:
            pose = replace(pose, yaw_deg=yaw)
        fit, _ = floor.first_fit(world, o.params, [(pose, tag)], o.category, o.parent, strict=False)
        if fit is None:
            continue
        ways = _repose_calls(o, fit.x, fit.y, fit.yaw_deg)
        if seats:  # the seats round it go with it: moved along, else seated again round it (all of them)
            dx, dy = round(fit.x - o.pose.x, 3), round(fit.y - o.pose.y, 3)
            along = [f'move_object(target="{d.id}", dx_m={dx}, dy_m={dy})' for d in seats]
            again = [*(f'remove_object(target="{d.id}")' for d in seats), *ways[0],
                     f'add_group(anchor="{o.id}", member="{seats[0].category}", count={len(seats)}, arrangement="around")']
            turned = abs(_norm_yaw(fit.yaw_deg - o.pose.yaw_deg)) > 0.01
            lone.append([again, *ways])  # fewer seats round it, else it alone: only where no place takes them all
            if len(lone) > RELOCATE_WITH_SEATS:
                break
            ways = ([] if turned else [[*w, *along] for w in ways] + [[*along, *w] for w in ways]) + [again]
        if users:  # the chair at a desk goes with it, turned with it
            turn = math.radians(fit.yaw_deg - o.pose.yaw_deg)
            rot = np.array([[math.cos(turn), -math.sin(turn)], [math.sin(turn), math.cos(turn)]])
            follow: list[str] = []
            for d in users:
                q = np.array([fit.x, fit.y]) + rot @ (_xy(d) - _xy(o))
                follow += _repose_calls(d, float(q[0]), float(q[1]), d.pose.yaw_deg + math.degrees(turn))[0]
            ways = [[*w, *follow] for w in ways] + ways
        if scene.try_all(*ways, check=kept if seats else None):
            return True
    return alone and any(scene.try_all(*ways) for ways in lone)


# ---------------------------------------------------------------- the edits


def _rng(seed: int, clause: str) -> np.random.Generator:
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(clause.encode())])


def _names(text: str) -> list[tuple[int, int, str]]:
    """The catalogue names in ``text`` (longest first at each word): (first word, end word, category)."""
    words = re.findall(r"[a-z0-9']+", text)
    out, i = [], 0
    while i < len(words):
        for n in (4, 3, 2, 1):
            cat = catalog.resolve(" ".join(words[i:i + n])) if i + n <= len(words) else None
            if cat in ("door", "window"):  # architecture, not objects
                i += n
                break
            if cat:
                out.append((i, i + n, cat))
                i += n
                break
        else:
            i += 1
    return out


@functools.lru_cache(maxsize=None)
def _readable(category: str) -> str | None:
    """A name of ``category`` that the reader reads as that category on its own (its own name may
    hold a room word, "cafe table"); None when none does."""
    c = catalog.BY_NAME[category]
    for form in (c.name.replace("_", " "), *c.synonyms):
        got = read(f"the {form}").requirements
        if len(got) == 1 and got[0].category == category:
            return form
    return None


def _plain_names(text: str) -> str:
    """``text`` with each catalogue name the reader would misread replaced by one it reads."""
    words = re.findall(r"[a-z0-9']+", text)
    for i, j, cat in reversed(_names(text)):
        if j - i < 2:
            continue
        said = " ".join(words[i:j])
        form = _readable(cat)
        if form and form != said and read(f"the {said}").requirements[:1] != read(f"the {form}").requirements[:1]:
            plural = said.endswith("s") and not cat.endswith("s")
            text = re.sub(rf"\b{re.escape(said)}\b", catalog._plural(form) if plural else form, text)
    return text


def _read(rest: str) -> tuple[Requirement, ...]:
    """The reader's requirements of what follows the verb, made more specific where the text names a
    catalogue category the reader split ("the cafe tables": a cafe table, not any table); where the
    reader finds nothing, the catalogue names in the text, each a reference ("the laundry basket")."""
    text = _PARTICLES.sub(" ", _SIZE_WORDS.sub(" ", rest))
    text = re.sub(r"\b(?:closer|nearer)(?:\s+to)?\b", "near", text)  # "closer to the door": near it
    text = re.sub(r"\b(?:off|from)\s+(?=the\b)", "on ", text)  # "the books off the table": the books on it
    text = re.sub(r"^(?:(?:a|an|one|some)\s+)?more\b", "", text.strip())
    text = re.sub(r"\b(\w+) more\b", r"\1", text)
    text = _plain_names(" ".join(text.split()))
    reqs = list(read(text).requirements)
    names = _names(text)
    for k, r in enumerate(reqs):
        cover = _covered(r.category)
        for i, j, cat in names:
            if j - i >= 2 and cat != r.category and cat in cover and cat.replace("_", " ").split()[-1][:4] in r.phrase:
                reqs[k] = replace(r, category=cat)
                break
    if not reqs:
        words = re.findall(r"[a-z0-9']+", text)
        for i, _, cat in names:
            before = words[i - 1] if i > 0 else ""
            definite = before in ("the", "my", "that", "this", "those", "these", "both", "all")
            reqs.append(Requirement(cat, "exactly" if not definite else "at_least", 1, phrase=f"{before} {cat}".strip(), definite=definite))
    return tuple(reqs)


def _named(r: Requirement) -> bool:
    """Whether a requirement names a thing already there ("the sofa", "the desk by the window")."""
    return r.definite or re.match(r"^(?:the|my|that|this|those|these|both|all)\b", r.phrase) is not None


def _references(scene: _Scene, reqs, targets: list[int], anchors: dict[int, list[str]], rest: str) -> dict[int, list[str]]:
    """Resolve the requirements that name existing objects, anchors of relations first."""
    for i in sorted(targets, key=lambda k: (reqs[k].anchor is not None, k)):
        r = reqs[i]
        one_of = re.search(r"\b(?:one|any) of\b", rest) is not None
        numbered = r.quantifier == "exactly" and not r.definite and not r.phrase.startswith("the ")
        many = not one_of and not numbered and (bool(_ALL.search(r.phrase)) or bool(re.match(r"^(?:all|both|every|each)\b", rest)) or _plural(r.phrase))
        if one_of:
            r = replace(r, quantifier="exactly", count=1, definite=False, phrase=r.phrase.removeprefix("the "))
        hints = [d for d in reqs if d.anchor == i and (d.placement or d.wall)]
        pick = None if many else selector(r, rest)
        if pick is not None:  # "the second nightstand", "the chair on the left", "the red chair"
            anchors[i] = scene.resolve(r, anchors, select=pick)
            continue
        try:
            anchors[i] = scene.resolve(r, anchors, many=many)
        except AmbiguousReference:
            if not hints:
                raise
            h = hints[0]
            anchors[i] = scene.resolve(replace(r, placement=h.placement, wall=h.wall, relation=None, anchor=None), anchors, many=many)
    return anchors


def _add(scene: _Scene, reqs, new: list[int], anchors: dict[int, list[str]], loose: set[int] = frozenset()) -> None:
    on_top = [k for k, i in enumerate(new) if reqs[i].relation in ("on", "on_top") and reqs[i].category in catalog.BY_NAME]
    biggest = sorted((new[k] for k in on_top), key=lambda i: -catalog.BY_NAME[reqs[i].category].typical[0] * catalog.BY_NAME[reqs[i].category].typical[1])
    new = list(new)
    for k, i in zip(on_top, biggest):  # "a kettle and a toaster on the counter": the toaster first, while the top has room for it
        new[k] = i
    for i in new:
        r = reqs[i]
        if r.quantifier == "none":
            continue
        if r.anchor in loose:  # any of the anchors: the first that takes it
            for candidate in anchors[r.anchor]:
                try:
                    _add(scene, reqs, [i], {**anchors, r.anchor: [candidate]})
                    break
                except FollowUpError:
                    continue
            else:
                raise FollowUpError(f"no room for {r.phrase} on any of {', '.join(anchors[r.anchor])}", tuple(anchors[r.anchor]))
            anchors.setdefault(i, [])
            continue
        opening = next((d.placement.split("_")[1] for d in reqs if d.same_as == i and d.placement in ("near_window", "near_door")), None)
        _add_one(scene, r, i, anchors, opening)
        said = selector(r, "")
        if said is not None and said.materials and anchors.get(i):  # "a red armchair": made, then given that colour
            _recolour(scene, anchors[i], said.materials, new=True)


MAX_ADDED = 20  # objects one follow-up adds of one kind ("add 500 chairs" is refused at once)


def _add_one(scene: _Scene, r: Requirement, i: int, anchors: dict[int, list[str]], opening: str | None) -> None:
    room_type = scene.state.room.room_type
    if r.count > MAX_ADDED:
        raise FollowUpError(f"{r.count} is more than one follow-up adds of one kind (at most {MAX_ADDED}; a trajectory holds at most {T.MAX_CALLS} calls)")
    if True:
        anchor_ids = anchors.get(r.anchor, []) if r.anchor is not None else []
        anchor_cat = scene.state.get(anchor_ids[0]).category if anchor_ids and scene.state.get(anchor_ids[0]) else None
        kind = P.PLACEMENT_KIND.get(r.relation or "", P.PLACEMENT_KIND.get(r.placement or ""))
        if kind == "floor" and not r.relation:
            kind = None
        fresh = bool(anchor_ids) and anchor_ids[0] not in scene.initial  # seats for a piece this follow-up adds: its own kind
        category = (P.concrete(r, room_type, anchor_cat) if fresh else None) or _in_scene(scene, r, anchor_ids, kind=kind, strict=True) \
            or P.concrete(r, room_type, anchor_cat)
        if category is None:
            raise FollowUpError(f"cannot tell what to add for '{r.phrase}'")
        if anchor_cat and r.relation in ("beside", "near", None) and catalog.BY_NAME[category].placement == "floor" \
                and "top" in catalog.BY_NAME[anchor_cat].supports and "chair" in category or (anchor_cat and category.endswith("stool")):
            r = replace(r, relation="around")  # "two more chairs at the table": seated round it
        before = {o.id for o in scene.state.objects}
        if r.anchor is not None and r.relation == "around":
            n = max(1, r.count)
            a = anchor_ids[0]
            seated = sum(1 for o in scene.state.objects if o.parent == a and o.relation.startswith("around:"))
            got = False
            for total in dict.fromkeys((seated + n, n)):
                saved = (list(scene.plan.calls), list(scene.plan.results), scene.plan.state)
                ok = scene.run(f'add_group(anchor="{a}", member="{category}", count={min(12, total)}, arrangement="around")')
                if ok and sum(1 for o in scene.state.objects if o.id not in before) == n:
                    got = True
                    break
                scene.plan.calls, scene.plan.results, scene.plan.state = saved
            if not got:
                for _ in range(n):
                    scene.try_all([f'add_related(category="{category}", anchor="{anchor_ids[0]}", relation="in_front_of", distance_m=0.1)'],
                                  [f'add_related(category="{category}", anchor="{anchor_ids[0]}", relation="beside", distance_m=0.1)'],
                                  [f'add_related(category="{category}", anchor="{anchor_ids[0]}", relation="near", distance_m=0.3)'])
        elif opening and catalog.BY_NAME[category].placement == "floor" and not anchor_ids:  # "a plant in the corner by the window"
            place = "corner" if r.placement == "corner" else "against_wall"
            for _ in range(max(1, r.count)):
                if not scene.try_all([f'add_object(category="{category}", placement="{place}", near="{opening}")']):
                    raise FollowUpError(f"no free place for {r.phrase} by the {opening}")
        else:
            notes = len(scene.plan.notes)
            n_calls = len(scene.plan.calls)
            P._place(scene.plan, r, category, anchor_ids, set(), False)
            # drop the failed calls _place keeps (they would only add noise to the trajectory)
            failed = {k for k in range(n_calls, len(scene.plan.calls)) if scene.plan.results[k].startswith("fail")}
            scene.plan.calls = [c for k, c in enumerate(scene.plan.calls) if k not in failed]
            scene.plan.results = [c for k, c in enumerate(scene.plan.results) if k not in failed]
            made = sum(1 for o in scene.state.objects if o.id not in before and o.category == category)
            for _ in range(max(0, P._amount(r) - made) if r.quantifier in ("exactly", "at_least") else 0):
                _add_nearby(scene, category, anchor_ids, r)
            if not any(o.id not in before and o.category == category for o in scene.state.objects):
                said = Counter(scene.plan.notes[notes:])  # (the same reason for each of several copies: once, counted)
                why = "; ".join(f"{text} ({k} times)" if k > 1 else text for text, k in said.items()) or "no free place"
                name = category.replace("_", " ")
                what = r.phrase if r.phrase and name in r.phrase else f"{'an' if name[0] in 'aeiou' else 'a'} {name}"
                raise FollowUpError(f"cannot add {what}: {why}", tuple(anchor_ids))
        anchors[i] = [o.id for o in scene.state.objects if o.id not in before and o.category == category]


def _in_scene(scene: _Scene, r: Requirement, anchor_ids: list[str], kind: str | None = None, strict: bool = False) -> str | None:
    """For a generic word ("two more chairs at the table", "a bench"), the category of its kind the
    scene already holds: first among the things at the anchor, then anywhere."""
    cover = _covered(r.category)
    if kind is not None:
        fit = {c for c in cover if catalog.BY_NAME[c].placement == kind}
        if strict and not fit:
            return None
        cover = fit or cover
    near = [o.category for o in scene.state.objects if o.parent in anchor_ids and o.category in cover]
    anywhere = [o.category for o in scene.state.objects if o.category in cover]
    if near:
        return near[0]
    if r.category in catalog.BY_NAME and (kind is None or catalog.BY_NAME[r.category].placement == kind) and r.category in anywhere:
        return r.category
    if anywhere:
        return anywhere[0]
    if kind is not None and not strict:
        fitting = sorted(c for c in cover if catalog.BY_NAME[c].placement == kind)
        room = scene.state.room.room_type
        return next((c for c in fitting if room in catalog.BY_NAME[c].rooms), fitting[0] if fitting else None)
    return None


def _add_nearby(scene: _Scene, category: str, anchor_ids: list[str], r: Requirement) -> None:
    """A piece that does not fit where asked goes as close to it as it fits."""
    kind = catalog.BY_NAME[category].placement
    if kind != "floor":
        return
    if anchor_ids:
        a = anchor_ids[0]
        rels = [P.RELATED.get(r.relation or "", "beside"), "beside", "left_of", "right_of", "near", "in_front_of"]
        options = [[f'add_related(category="{category}", anchor="{a}", relation="{rel}", distance_m={d})']
                   for d in (0.05, 0.3) for rel in dict.fromkeys(rels)]
    else:
        placement = {"corner": "corner", "middle": "middle"}.get(r.placement or "", "against_wall")
        options = [[f'add_object(category="{category}", placement="{placement}", wall="any")'],
                   [f'add_object(category="{category}", placement="anywhere", wall="any")']]
    scene.try_all(*options)


def _remove(scene: _Scene, ids: list[str]) -> None:
    for oid in ids:
        if scene.state.get(oid) is not None:
            scene.run(f'remove_object(target="{oid}")')


def _resize(scene: _Scene, ids: list[str], rest: str) -> None:
    too_big, too_small = re.search(rf"\b{_TOO_BIG}\b", rest), re.search(rf"\b{_TOO_SMALL}\b", rest)
    if too_big or too_small:  # "the island is too big": smaller
        grow, shrink = too_small is not None, too_big is not None
    else:
        grow = re.search(rf"\b(?:{_GROW})\b|enlarge|scale up|upsize|grow|widen|increase", rest) is not None
        shrink = re.search(rf"\b(?:{_SHRINK})\b|shrink|scale down|downsize|reduce", rest) is not None
    if grow == shrink:
        raise FollowUpError(f"cannot tell whether to make it bigger or smaller: '{rest}'")
    strong, weak = re.search(rf"\b(?:{_STRONG})\b", rest), re.search(rf"\b(?:{_WEAK})\b", rest)
    steps = (1.5, 1.4, 1.3, 1.2, 1.1) if strong else (1.1, 1.05) if weak else (1.25, 1.2, 1.15, 1.1, 1.05)
    for oid in ids:
        if not any(_resize_clean(scene, oid, _resize_calls(scene, oid, round(f if grow else 1.0 / f, 3)), fill) for fill in (False, True) for f in steps):
            raise FollowUpError(f"{oid} cannot be made {'bigger' if grow else 'smaller'}: {_why(scene, 'it would hit something or leave the room')}", (oid,))


def _family_collisions(state: SceneState, oid: str) -> set[str]:
    """The objects standing on or in ``oid`` that collide with it or with each other."""
    from .metrics.physical import physical

    family = {oid, *(d.id for d in state.descendants(oid))}
    if len(family) == 1:
        return set()
    hits = set()
    for c in physical(state).collisions:
        if c.a in family and c.b in family:
            hits |= {c.a, c.b} - {oid}
    return hits


def _resize_clean(scene: _Scene, oid: str, options: list[list[str]], fill: bool = True) -> bool:
    """Run the first way of resizing that works and leaves what stands on or in the object clear of
    it (update_size keeps the things whose footing is still on a surface, even where a shelf came
    down on them): the things it would hit are taken off first."""
    def floor_counts(state: SceneState) -> dict[str, int]:
        out: dict[str, int] = {}
        for o in state.objects:
            if o.placement == "floor" and not o.surface:
                out[o.category] = out.get(o.category, 0) + 1
        return out

    counts = floor_counts(scene.state)
    for option in options:
        saved = (list(scene.plan.calls), list(scene.plan.results), scene.plan.state)
        if not scene.try_all(option):
            continue
        now = floor_counts(scene.state)
        for cat in [c for c in counts if fill and now.get(c, 0) < counts[c]]:  # seats that did not all find a place round it again
            for _ in range(counts[cat] - now.get(cat, 0)):
                scene.try_all(*([f'add_related(category="{cat}", anchor="{oid}", relation="{rel}", distance_m={d})']
                                for d in (0.05, 0.2) for rel in ("in_front_of", "behind", "left_of", "right_of", "beside", "near")))
        if floor_counts(scene.state) != counts:
            scene.plan.calls, scene.plan.results, scene.plan.state = saved
            continue
        hits = _family_collisions(scene.state, oid)
        if not hits:
            return True
        scene.plan.calls, scene.plan.results, scene.plan.state = saved
        if scene.try_all([*(f'remove_object(target="{h}")' for h in sorted(hits)), *option]) and not _family_collisions(scene.state, oid):
            return True
        scene.plan.calls, scene.plan.results, scene.plan.state = saved
    return False


def _resize_calls(scene: _Scene, oid: str, scale: float) -> list[list[str]]:
    """Ways to resize ``oid``: in place; with its back kept at its wall; with the pieces beside it
    pushed out (or drawn in) by as much as it grows, its growth to both sides or to one; with the
    seats around it taken away and seated again round its new size (new objects)."""
    o = scene.state.get(oid)
    plain = [f'update_size(target="{oid}", scale={scale})']
    if o.placement != "floor" or o.surface:
        return [plain]
    yaw = math.radians(o.pose.yaw_deg)
    c, s_ = math.cos(yaw), math.sin(yaw)
    hw, hd = o.size[0] / 2, o.size[1] / 2
    cat = catalog.BY_NAME[o.category]  # update_size keeps the size within the kind's range
    gx = float(np.clip(o.size[0] * scale, cat.min_size[0], cat.max_size[0])) / o.size[0] - 1.0
    gy = float(np.clip(o.size[1] * scale, cat.min_size[1], cat.max_size[1])) / o.size[1] - 1.0
    back_walls = o.relation.startswith(("against_wall", "corner"))
    deps, seats = [], []
    for dep in scene.state.objects:
        if dep.parent != oid or dep.surface or dep.placement != "floor" or dep.relation.startswith("under:"):
            continue
        (seats if dep.relation.startswith("around:") else deps).append(dep)

    def world(mx: float, my: float) -> tuple[float, float]:
        return round(mx * c - my * s_, 3), round(mx * s_ + my * c, 3)

    def move(target: str, mx: float, my: float) -> list[str]:
        dx, dy = world(mx, my)
        return [f'move_object(target="{target}", dx_m={dx}, dy_m={dy})'] if abs(dx) > 1e-3 or abs(dy) > 1e-3 else []

    options = [] if back_walls else [plain]
    for k in (0.0, 1.0, -1.0, 2.0, -2.0):  # the growth to both sides, to the right (local +x), to the left, or further
        shift_y = -gy * hd - 0.003 if back_walls else 0.0  # the back stays at its wall (a hair off it)
        shift_x = k * gx * hw
        pushes: list[str] = []
        pulls: list[str] = []  # (pieces that move towards it go after it)
        for dep in deps:
            rel = np.array([dep.pose.x - o.pose.x, dep.pose.y - o.pose.y])
            lx, ly = rel[0] * c + rel[1] * s_, -rel[0] * s_ + rel[1] * c  # in the object's frame
            if scale < 1 or max(abs(lx) - hw - dep.size[0] / 2, abs(ly) - hd - dep.size[1] / 2) > 0.6:
                continue  # only the pieces it would reach are pushed out; nothing is drawn in when it shrinks
            mx = math.copysign(1.0, lx) * gx * hw + shift_x if abs(lx) > hw else 0.0
            my = math.copysign(1.0, ly) * gy * hd + shift_y if abs(ly) > hd else 0.0
            (pushes if mx * lx >= 0 and my * ly >= 0 else pulls).extend(move(dep.id, mx, my))
        own = move(oid, shift_x, shift_y)
        if scale > 1:
            options.append([*pushes, *own, *plain, *pulls])
        else:
            options.append([*plain, *own, *pulls, *pushes])
    if back_walls:
        options.append(plain)
    if seats and not back_walls:
        # The chairs round a table keep their places at its edges (the same chairs, as many as before).
        # update_size refuses a table that would reach into the free strip in front of a seat, and every
        # seat faces its table: each seat turns its back to the table first, steps to the new edge (out
        # before the table grows, in after it shrinks), and turns to face it again.
        shifts = [(0.0, 0.0), (0.0, -gy * hd), (0.0, gy * hd), (-gx * hw, 0.0), (gx * hw, 0.0)]  # (or all its growth to one side)
        first = 0
        for sx, sy in shifts:
            for spread in (True, False):  # (their spacing along a side scaled with it, or kept)
                steps: list[str] = []
                for d in seats:
                    rel = np.array([d.pose.x - o.pose.x, d.pose.y - o.pose.y])
                    lx, ly = rel[0] * c + rel[1] * s_, -rel[0] * s_ + rel[1] * c
                    if abs(ly) - hd >= abs(lx) - hw:  # at a long side (front or back)
                        steps += move(d.id, (lx * gx if spread else 0.0) + sx, math.copysign(gy * hd, ly) + sy)
                    else:  # at an end
                        steps += move(d.id, math.copysign(gx * hw, lx) + sx, (ly * gy if spread else 0.0) + sy)
                away = [f'update_rotation(target="{d.id}", yaw_deg={_norm_yaw(d.pose.yaw_deg + 180.0)})' for d in seats]
                again = [f'update_rotation(target="{d.id}", yaw_deg={_norm_yaw(d.pose.yaw_deg)})' for d in seats]
                own = move(oid, sx, sy)
                way = [*away, *steps, *own, *plain, *again] if scale > 1 else [*away, *plain, *own, *steps, *again]
                if sx or sy:
                    options.append(way)
                else:  # (in place before any other way)
                    options.insert(first, way)
                    first += 1
    if seats:  # chairs round a table: seated again round its new size
        member, n = seats[0].category, len(seats)
        options.append([*(f'remove_object(target="{x.id}")' for x in seats), *plain,
                        f'add_group(anchor="{oid}", member="{member}", count={n}, arrangement="around")'])
    return [list(x) for x in dict.fromkeys(tuple(x) for x in options)]


def _turn(scene: _Scene, ids: list[str], reqs, anchors: dict[int, list[str]], rest: str, rng) -> None:
    faced = next((anchors[k] for k in sorted(anchors) if anchors[k] and not set(anchors[k]) & set(ids)), None)
    opening = re.search(r"\b(window|door)s?\b", rest)
    wall = re.search(r"\b(north|south|east|west)\b", rest)
    degrees = re.search(r"(-?\d+(?:\.\d+)?)\s*(?:°|deg|degrees?)", rest)
    for oid in ids:
        o = scene.state.get(oid)
        here = _xy(o)
        if faced:
            if scene.run(f'face_to(target="{oid}", anchor="{faced[0]}")'):
                continue
            anchor = scene.state.get(faced[0])
            if _relocate(scene, o, lambda w, prm, g, a=anchor, q=here: _facing_poses(_nearest(w, prm, g, q, 1.5), a, keep_order=True), rng) or \
                    _relocate(scene, o, lambda w, prm, g, a=anchor: _facing_poses(floor.anywhere_poses(w, prm, g), a), rng):
                continue
            raise FollowUpError(f"{oid} cannot be turned to face {faced[0]}: no free place", (oid,))
        if degrees or re.search(r"\baround\b|\bback\b|180|the other way", rest):
            turn = float(degrees.group(1)) if degrees else 180.0
            if re.search(r"clockwise|\bright\b", rest) and not re.search(r"counter|anti", rest):
                turn = -turn
            yaw = _norm_yaw(o.pose.yaw_deg + turn)
            if scene.run(f'update_rotation(target="{oid}", yaw_deg={yaw})'):
                continue
            if not _relocate(scene, o, lambda w, prm, g, q=here: _nearest(w, prm, g, q, 1.5), rng, yaw=yaw):
                raise FollowUpError(f"{oid} cannot turn there: {_why(scene, 'it would hit something')}", (oid,))
            continue
        if opening or wall:
            if opening:
                spots = _opening_xy(scene.state, opening.group(1))
                target = min(spots, key=lambda p: float(np.linalg.norm(p - _xy(o)))) if spots else None
            else:
                r = scene.state.room
                target = {"north": np.array([o.pose.x, r.depth_m]), "south": np.array([o.pose.x, 0.0]),
                          "east": np.array([r.width_m, o.pose.y]), "west": np.array([0.0, o.pose.y])}[wall.group(1)]
            if target is None:
                raise FollowUpError(f"the room has no {opening.group(1)}")
            faced_wall = opening.group(1) if opening else wall.group(1)
            if opening:
                near = min((op for op in scene.state.openings if op.kind == faced_wall),
                           key=lambda op: float(np.linalg.norm(np.array(floor.opening_spot(scene.state.room, op)) - _xy(o))))
                w = near.wall
            else:
                w = faced_wall
            straight = _norm_yaw(WALL_YAW[P.OPPOSITE[w]])  # its front square to that wall
            if abs(_norm_yaw(straight - o.pose.yaw_deg)) < 1.0:
                scene.satisfied = scene.current  # it faces it already
                continue
            if any(scene.run(f'update_rotation(target="{oid}", yaw_deg={y})') for y in dict.fromkeys((straight, _yaw_towards(o, target)))):
                continue
            if _relocate(scene, o, lambda wd, prm, g, q=here: _nearest(wd, prm, g, q, 1.5), rng, yaw=straight) or \
                    _relocate(scene, o, lambda wd, prm, g, ww=P.OPPOSITE[w]: floor.against_wall_poses(wd, prm, ww, g), rng):
                continue
            raise FollowUpError(f"{oid} cannot be turned to face the {faced_wall}: {_why(scene, 'it would hit something')}", (oid,))
        raise FollowUpError(f"cannot tell which way to turn {oid}: '{rest}'", (oid,))


def _move(scene: _Scene, ids: list[str], dest: Requirement | None, anchors: dict[int, list[str]], rest: str, rng) -> None:
    other = bool(_OTHER.search(rest))
    for oid in ids:
        o = scene.state.get(oid)
        if o.placement != "floor":
            raise FollowUpError(f"{oid} is not floor furniture: move it by removing it and adding it where you want it", (oid,))
        anchor_ids = anchors.get(dest.anchor, []) if dest is not None and dest.anchor is not None else []
        anchor = scene.state.get(anchor_ids[0]) if anchor_ids else None
        gen = None
        spot = None  # where it should come as near as it fits, when the exact place is taken
        if anchor is not None and anchor.id != oid:
            spot = _xy(anchor)
            rel = P.RELATED.get(dest.relation or "beside", "near")
            gen = lambda w, prm, g, a=anchor, rel=rel: floor.relation_poses(w, prm, a, rel, 0.1, g)  # noqa: E731
        elif dest is not None and dest.placement == "corner" or re.search(r"\bcorner\b", rest):
            wall = P.wall_of(scene.plan, dest) if dest is not None else "any"
            gen = lambda w, prm, g, wall=wall: floor.corner_poses(w, prm, wall, g)  # noqa: E731
        elif dest is not None and dest.placement in ("near_window", "near_door") or re.search(r"\b(?:window|door)s?\b", rest):
            kind = "window" if re.search(r"window", rest) else "door"
            gen = lambda w, prm, g, k=kind: floor.opening_poses(w, prm, k, g)  # noqa: E731
            spots = _opening_xy(scene.state, kind)
            spot = min(spots, key=lambda q: float(np.linalg.norm(q - _xy(o)))) if spots else None
            near = max((op.width_m for op in scene.state.openings if op.kind == kind), default=0.0) / 2 + NEAR_OPENING_M
            if spot is not None and not other and _reach(o, spot) <= near:
                scene.satisfied = scene.current  # by the door already: it stays (a move could only take it further)
                continue
        elif dest is not None and dest.placement == "middle" or re.search(r"\b(?:middle|centre|center)\b", rest):
            gen = floor.middle_poses
        elif re.search(r"\bwall\b", rest) or (dest is not None and dest.wall):
            wall = P.wall_of(scene.plan, dest) if dest is not None else "any"
            m = re.search(r"\b(north|south|east|west)\b", rest)
            wall = m.group(1) if m else wall
            gen = lambda w, prm, g, wall=wall: floor.against_wall_poses(w, prm, wall, g)  # noqa: E731
        elif other or re.search(r"\belsewhere|somewhere else\b", rest):
            gen = floor.anywhere_poses
            other = True
        if gen is None:
            raise FollowUpError(f"cannot tell where to move {oid}: '{rest}'", (oid,))
        nearest = (lambda w, prm, g, q=spot: _nearest(w, prm, g, q)) if spot is not None else None  # noqa: E731
        seated = any(d.parent == o.id and d.relation.startswith("around:") for d in scene.state.objects)
        passes = (False, True) if seated else (True,)  # with its seats round it anywhere before it goes with fewer
        if any(_relocate(scene, o, how, rng, avoid_here=True, alone=alone) for alone in passes for how in (gen, nearest) if how is not None):
            continue
        raise FollowUpError(f"no free place to move {oid} to ('{rest}')", (oid,))


NEAR_OPENING_M = 0.6  # a piece this close to a door's or window's edge is by it already


def _why(scene: _Scene, fallback: str) -> str:
    """The reason the tool gave for the last call that failed ("cannot rotate desk_0: it would
    collide with the space wardrobe_0 opens into"), else ``fallback``."""
    return re.sub(r"^cannot \w+ [\w-]+: ", "", scene.plan.last_failure) or fallback  # (the tool's own "cannot rotate desk_0: " goes)


def _reach(o: SceneObject, point: np.ndarray) -> float:
    """How far the nearest corner of ``o``'s footprint is from ``point`` (metres)."""
    return float(np.min(np.linalg.norm(box_of(o).corners() - point, axis=1)))


def _front(yaw_deg: float) -> np.ndarray:
    t = math.radians(yaw_deg)
    return np.array([math.sin(t), -math.cos(t)])


def _right(yaw_deg: float) -> np.ndarray:
    """The right hand of someone facing an object's front (its local +X)."""
    f = _front(yaw_deg)
    return np.array([-f[1], f[0]])


def _exchange(scene: _Scene, a_id: str, b_id: str, rng) -> None:
    """Each of two floor pieces goes where the other stood, turned as it was (backs kept at their
    walls); one of them waits at a free place meanwhile."""
    a, b = scene.state.get(a_id), scene.state.get(b_id)
    if a_id == b_id or a.placement != "floor" or b.placement != "floor" or a.surface or b.surface:
        raise FollowUpError(f"{a_id} and {b_id} cannot change places: only two pieces of floor furniture can", (a_id, b_id))
    smaller_first = sorted((a, b), key=lambda o: o.size[0] * o.size[1])
    for stay, park in (smaller_first[::-1], smaller_first):  # the smaller one waits aside, else the other
        if _exchange_via(scene, stay, park, rng):
            return
    raise FollowUpError(f"{a_id} and {b_id} do not fit in each other's places", (a_id, b_id))


def _exchange_via(scene: _Scene, a: SceneObject, b: SceneObject, rng) -> bool:
    room = scene.state.room

    def spot(x: SceneObject, y: SceneObject) -> np.ndarray:  # where x's centre goes in y's place (back and side kept at the walls)
        front = _front(y.pose.yaw_deg)
        shift = (x.size[1] - y.size[1]) / 2 if y.relation.startswith(("against_wall", "corner")) else 0.0
        out = _xy(y) + front * shift
        if y.relation.startswith("corner"):
            side = np.array([-front[1], front[0]])
            inward = 1.0 if float(np.dot(np.array([room.width_m / 2, room.depth_m / 2]) - _xy(y), side)) >= 0 else -1.0
            out = out + side * inward * (x.size[0] - y.size[0]) / 2
        return out

    to_b, to_a = spot(a, b), spot(b, a)
    world = World.of(scene.state.without({b.id, *(d.id for d in scene.state.descendants(b.id))}))  # where b can wait, a still in place
    tried = 0
    for pose, tag in [*floor.anywhere_poses(world, b.params, rng), *floor.against_wall_poses(world, b.params, "any", rng)]:
        if tried >= 400 or math.hypot(pose.x - b.pose.x, pose.y - b.pose.y) < 1.0:
            continue
        tried += 1
        fit, _ = floor.first_fit(world, b.params, [(pose, tag)], b.category, b.parent, strict=False)
        if fit is None:
            continue
        parked = replace(b, pose=fit)
        for first in _repose_calls(b, fit.x, fit.y, fit.yaw_deg):
            for second in _repose_calls(a, float(to_b[0]), float(to_b[1]), b.pose.yaw_deg):
                for third in _repose_calls(parked, float(to_a[0]), float(to_a[1]), a.pose.yaw_deg):
                    if scene.try_all([*first, *second, *third]):
                        return True
        if tried > 40:
            break
    return False


def _seats_with(reqs: list[Requirement], rest: str) -> tuple[list[Requirement], set[int]]:
    """"a desk with a chair", "a table with four chairs": the seats go at the new piece named just
    before "with" (a table or desk: it has a top), which takes the place the words give the seats
    ("... near the window": the desk by the window). Returns the requirements and the indices of the
    pieces that hold seats now (new ones, not references to the scene)."""
    out, held = list(reqs), set()
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        has_top = any("top" in catalog.BY_NAME[c].supports for c in _covered(a.category) if c in catalog.BY_NAME)
        seat = b.category in _covered("chair") | _covered("stool") or b.category in ("chair", "stool")
        if b.anchor is not None or a.definite or not has_top or not seat:
            continue
        if not re.search(rf"\b{re.escape(a.phrase)}\s+with\s+{re.escape(b.phrase)}", rest):
            continue
        if a.placement is None and b.placement is not None:
            out[i] = replace(a, placement=b.placement, wall=b.wall)
        out[i + 1] = replace(b, anchor=i, relation="beside", placement=None, wall=None)
        held.add(i)
    return out, held


def _carry_over(scene: _Scene, riders: Counter, made: SceneObject) -> None:
    """What stood on a swapped piece goes on the new one (a dresser's vase and frames onto the chest of
    drawers), as much of it as fits; the rest is named in the scene's notes."""
    most = int(SPECS["add_on_top"].param("count").hi)  # one call places at most this many: 17 cups take two calls
    for category, n in riders.items():
        before = sum(1 for x in scene.state.children(made.id) if x.category == category)
        for count in [most] * (n // most) + [n % most] * bool(n % most):
            scene.run(f'add_on_top(parent="{made.id}", category="{category}", count={count})')
        got = sum(1 for x in scene.state.children(made.id) if x.category == category) - before
        if got < n:
            scene.plan.notes.append(f"{n - got} of {n} {category} from the old piece found no place on {made.id}")


def _swap(scene: _Scene, old_ids: list[str], new: Requirement) -> None:
    olds = [scene.state.get(oid) for oid in old_ids]
    seated = [o for o in olds if o.relation.startswith("around:") and o.parent and scene.state.get(o.parent) is not None]
    if seated:  # "replace the stools with chairs": the new seats round the same table
        for o in seated:
            scene.run(f'remove_object(target="{o.id}")')
        for anchor in dict.fromkeys(o.parent for o in seated):
            n = sum(1 for o in seated if o.parent == anchor)
            category = _in_scene(scene, new, [], kind="floor") or P.concrete(new, scene.state.room.room_type)
            if category is None or not scene.run(f'add_group(anchor="{anchor}", member="{category}", count={n}, arrangement="around")'):
                raise FollowUpError(f"no room for {new.phrase} round {anchor}", (anchor,))
        old_ids = [oid for oid in old_ids if oid not in {o.id for o in seated}]
    for oid in old_ids:
        o = scene.state.get(oid)
        category = _in_scene(scene, new, [], kind=o.placement) or P.concrete(new, scene.state.room.room_type)
        if category is None:
            raise FollowUpError(f"cannot tell what to put there: '{new.phrase}'")
        kind = catalog.BY_NAME[category].placement
        head, _, arg = o.relation.partition(":")
        if kind == "on_top" and o.parent and o.surface:
            add = [f'add_on_top(parent="{o.parent}", category="{category}")']
        elif kind == "wall":
            wall = arg if arg in P.WALLS else "any"
            add = [f'add_wall_object(category="{category}", wall="{wall}", height_m={round(max(0.3, o.pose.z + o.size[2] / 2), 2)})']
        elif kind == "ceiling":
            add = [f'add_ceiling_light(category="{category}", count=1)']
        elif head in ("against_wall", "corner") and arg in P.WALLS:
            add = [f'add_object(category="{category}", placement="{head}", wall="{arg}")', f'add_object(category="{category}", placement="{head}")']
        elif head in P.RELATED.values() and o.parent and scene.state.get(o.parent) is not None:
            add = [f'add_related(category="{category}", anchor="{o.parent}", relation="{head}", distance_m=0.1)']
        else:
            add = [f'add_object(category="{category}", placement="{head if head in ("middle", "corner") else "anywhere"}")']
        riders = Counter(x.category for x in scene.state.children(oid))  # what stood on or in it
        if not scene.run(f'remove_object(target="{oid}")'):
            raise FollowUpError(f"cannot remove {oid}")
        made = None
        for text in add:
            before = {x.id for x in scene.state.objects}
            if scene.run(text):
                made = next((x for x in scene.state.objects if x.id not in before and x.category == category), None)
                break
        if made is None:
            raise FollowUpError(f"no room for a {category.replace('_', ' ')} where {oid} stood", (oid,))
        if made.placement == "floor" and not made.surface:  # where the old one stood, as far as it fits
            scene.try_all(*_repose_calls(made, o.pose.x, o.pose.y, o.pose.yaw_deg))
        _carry_over(scene, riders, made)


def _material_edit(action: str | None, rest: str) -> tuple[str, tuple[str, ...]] | None:
    """What a clause that gives something a colour or material names, and the words ("paint the
    wardrobe white", "make the sofa blue", "change the chair to leather", "the bed should be oak"):
    (the object's words, the material words); None for any other clause."""
    if action not in ("material", "resize", "swap", "rotate", "add", None):
        return None
    words = "|".join(sorted(_material_words(), key=len, reverse=True))
    m = re.match(rf"^(.+?)\s+(?:(?:should|could|would|must|can) be\s+|to be\s+|(?:in|to|into|with)\s+)?(?:(?:a|an|some)\s+)?"
                 rf"((?:(?:{words})(?:\s+|$))+)(?:(?:colou?r|finish|material|fabric|one|instead|please)\s*)*$", rest)
    if m is None or not re.match(r"^(?:the|my|that|this|those|these|both|all)\b", m.group(1)):
        return None
    if action in (None, "add") and not re.search(r"\s(?:(?:should|could|would|must|can|to) be|in)\s", rest):
        return None
    return m.group(1), tuple(m.group(2).split())


def _material_for(o: SceneObject, words: tuple[str, ...]) -> str:
    """The material preset the words name for ``o``: of its main material's family where one is
    ("paint the wardrobe white": painted white wood), else of a like kind (soft: fabric, leather)."""
    from ..assets.materials import MATERIALS

    vocab = _material_words()
    options = set.intersection(*(set(vocab.get(w, ())) for w in words))
    options = {m for m in options if MATERIALS[m].family not in ("paper", "misc")} or options  # (a book's cover, a plant's leaves)
    if not options:
        raise FollowUpError(f"no material is {' '.join(words)}")
    main = _materials_of(o)
    family = MATERIALS[main[0]].family if main and main[0] in MATERIALS else ""

    def soft(f: str) -> bool:
        return f in ("fabric", "leather")

    return min(options, key=lambda m: (MATERIALS[m].family != family, soft(MATERIALS[m].family) != soft(family),
                                       not any(w in m.split("_") for w in words), m))


def _recolour(scene: _Scene, ids: list[str], words: tuple[str, ...], new: bool = False) -> None:
    """Each object in the material the words name (``set_material`` on the parts of the material
    slot it replaces, ``_slot_parts``, or on the whole object); a ``new`` object that has such a
    material already (a green plant: its leaves) is left as it is."""
    vocab = _material_words()
    for oid in ids:
        o = scene.state.get(oid)
        if new:
            from ..assets.shapes import tree_of

            if any(all(m in vocab.get(w, ()) for w in words) for m in {*_materials_of(o), *(part.material for part in tree_of(o.params).parts)}):
                continue
        material = _material_for(o, words)
        if _materials_of(o) == [material] or (o.material_overrides == (("*", material),)):
            scene.satisfied = scene.current  # it is that already
            continue
        parts = _slot_parts(o, material)
        if parts is not None and all((name, material) in o.material_overrides for name in parts):
            scene.satisfied = scene.current
            continue
        calls = [f'set_material(target="{oid}", material="{material}")'] if parts is None else \
            [f'set_material(target="{oid}", material="{material}", part="{name}")' for name in parts]
        if not all(scene.run(text) for text in calls):
            raise FollowUpError(f"cannot give {oid} the material {material}", (oid,))


MAX_PART_CALLS = 12  # a material slot spread over more parts than this is changed on the whole object


def _slot_parts(o: SceneObject, material: str) -> list[str] | None:
    """The parts made of the object's material slots that ``material`` replaces: those of the same
    family (oak for the bed's wooden frame, not its bedding; a wardrobe's wooden carcass and doors;
    blue fabric for a sofa's cover, not its legs), else of a like kind (fabric and leather), else its
    main one. None: change the whole
    object (one material throughout, or too many parts for one call each)."""
    from ..assets.materials import MATERIALS
    from ..assets.shapes import tree_of

    slots = [v for k, v in o.params.items() if k.startswith("material_") and isinstance(v, str) and v in MATERIALS]
    if o.material_overrides or len(set(slots)) < 2:
        return None
    family = MATERIALS[material].family
    soft = ("fabric", "leather")
    chosen = {v for v in slots if MATERIALS[v].family == family} \
        or {v for v in slots if family in soft and MATERIALS[v].family in soft} or {slots[0]}
    parts = [part.name for part in tree_of(o.params).parts if part.material in chosen]
    return parts if 0 < len(parts) <= MAX_PART_CALLS else None


def _clause(scene: _Scene, clause: str, seed: int) -> None:
    scene.current = clause
    action, rest = _action_of(clause)
    painted = _material_edit(action, _pronoun(scene, rest))
    if painted is not None:  # "paint the wardrobe white", "make the sofa blue"
        ident, words = painted
        reqs = _read(ident)
        if reqs:
            scene.last_noun = reqs[0].category
            anchors: dict[int, list[str]] = {}
            _references(scene, reqs, [0], anchors, ident)
            _recolour(scene, anchors[0], words)
            return
    if action == "material":
        raise FollowUpError(f"cannot tell which colour or material '{clause}' asks for (say one: white, grey, blue, oak, walnut, leather ...)")
    if action in (None, "add"):  # "add a chair to the table": at the table
        rest = re.sub(r"(?<!next )(?<!close )(?<!closer )(?<!nearer )(?<!up )(?<!due )\bto (?=(?:the|my|that|this|each|every) (?:\w+ ){0,3}?(?:\w+)\b)",
                      lambda m: "at " if _names(rest[m.end():])[:1] and _names(rest[m.end():])[0][0] <= 4 else m.group(), rest)
    if action is None and re.match(r"^(?:can|could|should|would|will|shall|may|must)\s+(?=the|my|this|that|those|these)\b", rest):
        rest = re.sub(r"^\w+\s+", "", rest)  # "can the potted plant go in the other corner"
    going = re.search(r"\s(?:go|goes|went|belongs?|should be|could be|would be|to be|be|sit|sits|stand|stands|live|lives)\s+"
                      r"(?=(?:in|on|to|into|by|near|next|against|under|at|over|beside|closer|nearer|somewhere|elsewhere)\b)", rest)
    if action in (None, "add") and going and re.match(r"^(?:the|my|that|this|those|these)\b", rest):
        action, rest = "move", (rest[:going.start()] + " " + rest[going.end():]).strip()
    done = re.search(r"\b(moved|shifted|relocated|pushed|removed|gone|deleted|taken out|taken away|turned|rotated|swapped|replaced)\b", rest)
    if action in (None, "add") and done and re.match(r"^(?:the|my|that|this|those|these|both|all)\b", rest):
        action = {"turned": "rotate", "rotated": "rotate", "swapped": "swap", "replaced": "swap"}.get(
            done.group(1), "remove" if done.group(1) in ("removed", "gone", "deleted", "taken out", "taken away") else "move")
        rest = (rest[:done.start()] + rest[done.end():]).replace("  ", " ").strip()  # "I want the TV removed": remove the TV
    rest = _pronoun(scene, rest)
    reqs = _read(rest)
    if reqs:
        scene.last_noun = reqs[0].category
    rng = _rng(seed, clause)
    if action in ("move", "add") and re.match(r"^(?:put|place|set|stand)\b", _FILLER.sub("", clause)):
        action = "move" if reqs and reqs[0].definite or re.match(r"^(?:the|my|that|this|those|these)\b", rest) else "add"
    resize_verb = re.match(r"^(?:enlarge|shrink|scale|upsize|downsize|grow|widen|reduce|increase)", _FILLER.sub("", clause))
    if action == "resize" and not _SIZE_WORDS.search(rest) and not resize_verb:
        action = "add" if not rest.startswith("the ") else None
    if action == "rotate" and re.match(r"^face\b", _FILLER.sub("", clause)) and not reqs:
        action = None
    bigger = re.match(rf"^(?:a|an)\s+(?:{_STRONG}\s+|{_WEAK}\s+)?(?:{_GROW}|{_SHRINK})\s+(.+)$", rest)
    if action in (None, "add") and bigger and reqs and any(o.category in _covered(reqs[0].category) for o in scene.state.objects):
        action, rest = "resize", f"the {bigger.group(1)}"  # "I'd like a bigger bathtub": the bathtub, bigger
        reqs = _read(rest)
    if action in (None, "add") and _SIZE_WORDS.search(rest) and re.match(r"^(?:the|my|that|this|those|these)\b", rest):
        action = "resize"  # "the coffee table should be bigger", "I'd like the wardrobe a bit smaller"
    if action is None and re.search(r"\b(?:face|faces|facing)\b", rest) and re.match(r"^(?:the|my|that|this)\b", rest):
        action = "rotate"  # "the desk should face the window"
    if not reqs:
        unknown = read(rest).unknown
        if unknown:
            raise MissingReference(f"no '{unknown[0].noun}' in the catalogue", ())
        raise FollowUpError(f"cannot tell which object '{clause}' is about")
    anchors: dict[int, list[str]] = {}
    if action in (None, "add"):
        gone = [i for i, r in enumerate(reqs) if r.quantifier == "none"]
        if gone:  # "I don't want the rug any more", "no TV"
            _references(scene, reqs, gone, anchors, rest)
            _remove(scene, [oid for i in gone for oid in anchors[i]])
        reqs, held = _seats_with(reqs, rest)
        named = [i for i, r in enumerate(reqs) if _named(r) and r.same_as is None and r.quantifier != "none"]
        targets = [i for i in named if i not in held and (any(d.anchor == i for d in reqs) or reqs[i].definite or i > 0)]
        new = [i for i, r in enumerate(reqs) if i not in targets and r.same_as is None and r.quantifier != "none"]
        loose: set[int] = set()
        for i in targets:
            try:
                _references(scene, reqs, [i], anchors, rest)
            except AmbiguousReference as exc:  # "a microwave on the counter": any counter it fits on
                if not any(reqs[k].anchor == i for k in new):
                    raise
                anchors[i] = list(exc.candidates)
                loose.add(i)
        _add(scene, reqs, new, anchors, loose)
        return
    if action == "swap" and re.search(r"\s(?:a?round|over)$", rest):  # "switch the dresser and the wardrobe around"
        rest = re.sub(r"\s(?:a?round|over)$", "", rest)
        reqs = _read(rest)
    if action == "swap" and len(reqs) == 2 and all(_named(r) for r in reqs) and re.search(r"\band\b|\bplaces\b|\bpositions\b|\bspots\b", rest) \
            and reqs[1].anchor is None and reqs[0].anchor is None:  # "swap the fridge and the oven": each goes where the other stood
        _references(scene, reqs, [0, 1], anchors, rest)
        _exchange(scene, anchors[0][0], anchors[1][0], rng)
        return
    if action == "swap":
        instead = re.search(r"\binstead of\b", clause)
        after_with = re.search(r"\b(?:for|with|by|to|into)\b", rest)
        if instead is not None:
            old = [i for i, r in enumerate(reqs) if r.definite] or [len(reqs) - 1]
        elif after_with is not None:
            tail = _read(rest[after_with.end():])
            old = list(range(max(1, len(reqs) - len(tail))))
        else:
            old = [0]
        new = [i for i in range(len(reqs)) if i not in old]
        if not new:
            unknown = read(rest).unknown
            if unknown:
                raise MissingReference(f"no '{unknown[-1].noun}' in the catalogue to put in its place", ())
            raise FollowUpError(f"swap '{clause}': what should replace it?")
        _references(scene, reqs, old, anchors, rest)
        _swap(scene, [oid for i in old for oid in anchors[i]], reqs[new[0]])
        return
    if action in ("move", "rotate"):
        _move_or_turn(scene, action, rest, reqs, rng)
        return
    first = 0
    others = [i for i in range(1, len(reqs)) if reqs[i].definite or action != "move"]
    _references(scene, reqs, [first, *[i for i in others if reqs[i].definite]], anchors, rest)
    if reqs[first].anchor is not None and reqs[first].anchor not in anchors and reqs[reqs[first].anchor].definite:
        _references(scene, reqs, [reqs[first].anchor], anchors, rest)
    ids = anchors[first]
    if action in ("remove", "resize"):  # "remove the rug and the floor lamp": every thing named that is not only a place
        used = {r.anchor for r in reqs if r.anchor is not None}
        more = [i for i in range(1, len(reqs)) if i not in used and reqs[i].same_as is None]
        _references(scene, reqs, [i for i in more if i not in anchors], anchors, rest)
        ids = [oid for i in [first, *more] for oid in anchors[i]]
    if action == "remove":
        _remove(scene, ids)
    elif action == "resize":
        _resize(scene, ids, clause)
    elif action == "rotate":
        _turn(scene, ids, reqs, {k: v for k, v in anchors.items() if k != first}, rest, rng)
    elif action == "move":
        dest = reqs[first]
        if dest.anchor is not None and dest.anchor not in anchors:
            _references(scene, reqs, [dest.anchor], anchors, rest)
        _move(scene, ids, dest, anchors, rest, rng)


_PREP = re.compile(r"\b(?:to|into|onto|towards?|so|by|near|next to|beside|against|in|on|at|under|underneath|closer|nearer|over|across|"
                   r"facing|face|faces|away|from|around|round|between|behind|opposite|along|left|right|clockwise|counterclockwise|"
                   r"anticlockwise|counter-clockwise|anti-clockwise|back|\d+)\b")
_LATER_TO = re.compile(r"(?<!next )(?<!close )(?<!closer )(?<!nearer )(?<!up )\b(?:to|into|towards?|so)\b")


def split_destination(rest: str) -> tuple[str, str]:
    """What a move or turn names and where it goes: "the desk by the window to the corner" ->
    ("the desk by the window", "to the corner"); "the plant by the door" -> ("the plant", "by the door")."""
    words = list(re.finditer(r"\S+", rest))
    start = words[1].start() if len(words) > 1 and words[0].group() in ("the", "my", "that", "this", "those", "these", "both", "all") else \
        (words[0].end() if words else 0)
    m = _PREP.search(rest, start + 1)
    if m is None:
        return rest.strip(), ""
    ident, dest = rest[:m.start()], rest[m.start():]
    later = _LATER_TO.search(dest, 1)
    if later is not None and not _LATER_TO.match(dest):
        ident, dest = ident + dest[:later.start()], dest[later.start():]
    return ident.strip(), dest.strip()


def _move_or_turn(scene: _Scene, action: str, rest: str, reqs, rng) -> None:
    ident, dest_text = split_destination(rest)
    target = _read(ident) or reqs[:1]
    anchors: dict[int, list[str]] = {}
    _references(scene, target, [0], anchors, ident)
    if target[0].anchor is not None and target[0].anchor not in anchors:
        _references(scene, target, [target[0].anchor], anchors, ident)
    ids = anchors[0]
    word = target[0].category.replace("_", " ")
    dreqs = _read(f"the {word} {dest_text}") if dest_text else ()
    d_anchors: dict[int, list[str]] = {0: ids}
    refs = [i for i in range(1, len(dreqs)) if dreqs[i].definite or dreqs[i].phrase.startswith("the ")]
    _references(scene, dreqs, refs, d_anchors, dest_text)
    if action == "rotate":
        _turn(scene, ids, dreqs, {k: v for k, v in d_anchors.items() if k != 0}, dest_text, rng)
    else:
        _move(scene, ids, dreqs[0] if dreqs else None, d_anchors, dest_text, rng)


def _already(scene: _Scene, part: str) -> bool:
    """Whether a clause that wrote no call asked for what is already so (a sofa turned to the
    window it already faces)."""
    return getattr(scene, "satisfied", None) == part


def follow_up(trajectory: T.Trajectory | str, state: SceneState | SuiteState, instruction: str, seed: int = 0, room: str | None = None) -> list[str]:
    """The calls (texts without numbers) that apply ``instruction`` to the scene ``state`` made by
    ``trajectory`` with ``seed``; to be inserted before its ``terminate``. Raises FollowUpError
    (MissingReference, AmbiguousReference) and then changes nothing. A scene of several rooms goes
    to ``plan_follow_up``; ``room`` (used by it) is the room of a plan whose own scene ``state`` is."""
    traj = T.load(trajectory) if isinstance(trajectory, str) else trajectory
    if isinstance(state, SuiteState):
        return plan_follow_up(traj, state, instruction, seed)
    if state.room is None:
        raise FollowUpError("the scene has no room yet: generate one first")
    existing = [call_key(c.without_room()) for c in traj.calls if c.tool != "terminate" and c.room == room]
    scene = _Scene(state, seed, existing, room)
    parts = clauses(instruction)
    if not parts:
        raise FollowUpError("the follow-up is empty")
    for part in parts:
        made = len(scene.plan.calls)
        _clause(scene, part, seed)
        if len(scene.plan.calls) == made and not _already(scene, part):
            named = [q.phrase for q in _read(_action_of(part)[1]) if q.phrase]
            if named:
                raise FollowUpError(f"'{part}': read {', '.join(named)} but not what to do with it "
                                    "(add, remove, move, turn, make bigger or smaller, swap, paint)")
            raise FollowUpError(f"'{part}': nothing to change (no object named that can be added, removed, moved or changed)")
    return scene.plan.calls[len(existing):]


def _room_named(suite: SuiteState, instruction: str) -> str | None:
    """The room of the plan a follow-up names: its name ("bedroom_1"), or its type's words when
    one room has that type ("in the bathroom"). Raises AmbiguousReference for a type several rooms
    share and no name."""
    text = instruction.lower()
    words = re.findall(r"[a-z][a-z0-9_]*", text)
    named = [n for n in suite.names if n in words]
    if named:
        return named[0]
    for w in words:  # "bedroom_3" where the plan has two bedrooms
        head, _, number = w.rpartition("_")
        if number.isdigit() and head in PLAN_TYPES:
            raise MissingReference(f"there is no room {w} (rooms: {', '.join(suite.names)})")
    room_type, setting = _setting_room(words)
    if room_type is None:
        match = find_room(instruction, is_furnishing=catalog.resolve)
        if match is None:
            return None
        room_type = match.room_type
    rooms = [n for n in suite.names if suite.room_type(n) == room_type]
    if len(rooms) > 1:
        raise AmbiguousReference(f"the scene has {len(rooms)} rooms of that kind: say which ({', '.join(rooms)})")
    if not rooms and setting:  # "add a plant in the garage"
        raise MissingReference(f"the scene has no {room_type.replace('_', ' ')} (rooms: {', '.join(suite.names)})")
    return rooms[0] if rooms else None


_PLACE_WORDS = ("in", "into", "to", "from", "inside", "of", "for")


def _setting_room(words: list[str]) -> tuple[str | None, bool]:
    """The room type named after "in / into / to / from ... the" ("remove the toilet from the
    bedroom": the bedroom, though a toilet also names a bathroom), the last one; (None, False) when
    no room is named so."""
    found = None
    longest = max(len(p) for p in ROOM_PHRASES)
    for k in range(len(words)):
        for n in range(min(longest, len(words) - k), 0, -1):
            kind = ROOM_PHRASES.get(tuple(words[k : k + n]))
            if kind is not None:
                if any(w in _PLACE_WORDS for w in words[max(0, k - 3) : k]):
                    found = kind
                break
    return found, found is not None


def plan_follow_up(trajectory: T.Trajectory, suite: SuiteState, instruction: str, seed: int = 0) -> list[str]:
    """A follow-up in a scene of several rooms: in the room it names (``_room_named``), else in the
    one room where it applies (the one that holds the object it names); with ``room=`` added to its
    calls. Raises AmbiguousReference when it applies in several rooms and names none."""
    room = _room_named(suite, instruction)
    if room is not None:
        try:
            calls = follow_up(trajectory, suite.state(room), instruction, seed, room)
        except FollowUpError as exc:  # the room's own reason, said of the room
            raise type(exc)(f"{room}: {str(exc).replace('in the scene', f'in {room}')}", exc.candidates) from None
        return [addressed(c, room) for c in calls]
    found: dict[str, list[str]] = {}
    first: FollowUpError | None = None
    for name in suite.furnished():
        try:
            found[name] = follow_up(trajectory, suite.state(name), instruction, seed, name)
        except MissingReference as exc:
            first = first or exc
        except FollowUpError as exc:  # the room holds what it names, but the change does not fit: that is the reason to give
            first = exc if first is None or isinstance(first, MissingReference) else first
            first = FollowUpError(f"{name}: {exc}") if first is exc else first
    if len(found) == 1:
        name, calls = next(iter(found.items()))
        return [addressed(c, name) for c in calls]
    if found:
        raise AmbiguousReference(f"this could be done in {len(found)} rooms: say which ({', '.join(found)})")
    if isinstance(first, MissingReference):
        raise MissingReference(f"no room of the scene holds that: {first}")
    raise first or FollowUpError("nothing to change")


def continued(trajectory: T.Trajectory | str, calls: list[str]) -> str:
    """The trajectory text with ``calls`` inserted before its ``terminate`` (renumbered, comments dropped)."""
    traj = T.load(trajectory) if isinstance(trajectory, str) else trajectory
    body = [call_key(c) for c in traj.calls if c.tool != "terminate"]
    end = [call_key(c) for c in traj.calls if c.tool == "terminate"] or ['terminate(status="success")']
    return "".join(f"{k}. {text}\n" for k, text in enumerate([*body, *calls, *end], start=1))


# ---------------------------------------------------------------- sections: the calls of each instruction
#
# A run folder's trajectory keeps its history as ``# instruction:`` sections (``core/trajectory``):
# the first prompt's calls, then one section per follow-up. The final ``terminate`` is written after
# the last section's calls (the text has no end-of-section mark) but belongs to no instruction: a
# follow-up's calls go in before it, ``section_spans`` leaves it out and undoing a section keeps it,
# so the trajectory always ends with ``terminate``.


def _body_end(traj: T.Trajectory) -> int:
    """The number of calls before the final ``terminate`` (all of them when there is none)."""
    return len(traj.calls) - (1 if traj.calls and traj.calls[-1].tool == "terminate" else 0)


def section_spans(text: str) -> list[tuple[T.Section, range]]:
    """Each ``# instruction:`` section of trajectory ``text`` with the indices (0-based) of its calls,
    the final ``terminate`` left out."""
    traj = T.load(text)
    secs = T.sections(text)
    end = _body_end(traj)
    return [(s, range(min(s.first, end), min(secs[k + 1].first if k + 1 < len(secs) else end, end))) for k, s in enumerate(secs)]


def continued_sections(trajectory: T.Trajectory | str, calls: list[str], instruction: str,
                       sections: tuple[T.Section, ...] | list[T.Section] | None = None) -> str:
    """``continued`` that keeps the history: the sections of ``trajectory`` (or ``sections`` where
    given, for a text that has none) and a new one, ``instruction``, holding ``calls`` (inserted before
    ``terminate``)."""
    text = trajectory if isinstance(trajectory, str) else T.format(trajectory)
    traj = T.load(text)
    kept = list(T.sections(text) if sections is None else sections)
    return T.format_sections(T.load(continued(traj, calls)), [*kept, T.Section(_body_end(traj), instruction)])


def _section_index(text: str, index: int) -> tuple[list[tuple[T.Section, range]], int]:
    spans = section_spans(text)
    if not spans:
        raise FollowUpError("the trajectory has no '# instruction:' sections")
    if not -len(spans) <= index < len(spans):
        raise FollowUpError(f"no section {index}: the trajectory has {len(spans)}")
    return spans, index % len(spans)


def without_section(text: str, index: int = -1) -> str:
    """The trajectory text with section ``index`` (the last by default) taken out: its calls and its
    ``# instruction:`` line; the others keep theirs (renumbered), ``terminate`` stays last. Undoing the
    last follow-up gives exactly the trajectory it was added to, so the scene is the one before it
    byte for byte; a section further back may hold objects later sections name (their calls then fail)."""
    spans, k = _section_index(text, index)
    traj = T.load(text)
    gone = spans[k][1]
    calls = [c for i, c in enumerate(traj.calls) if i not in gone]
    secs = [s if j < k else T.Section(s.first - len(gone), s.instruction) for j, (s, _) in enumerate(spans) if j != k]
    return T.format_sections(T.Trajectory(tuple(calls)).renumbered(), secs)


def section_switched_off(text: str, index: int = -1) -> tuple[bool, ...]:
    """The executor's ``enabled`` flags with section ``index``'s calls switched off (the text kept as
    it is): ``execute(T.load(text), seed, enabled=...)`` builds the scene without that instruction."""
    spans, k = _section_index(text, index)
    gone = spans[k][1]
    return tuple(i not in gone for i in range(len(T.load(text).calls)))
