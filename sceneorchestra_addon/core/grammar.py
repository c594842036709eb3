"""JSON schemas and the GBNF grammar of a whole trajectory, both generated from ``TOOLS``.

The grammar is what makes constrained decoding safe: tool names, argument names, enum values and
catalogue categories are spelled out exactly; numbers are restricted to their declared ranges
(floats with at most two decimals, as ``repr`` writes them for values the model should produce);
the first call is an initializer, calls are numbered 1, 2, 3 ... and the last is ``terminate``. Arguments appear in declaration
order (the parser accepts any order; the grammar is the stricter of the two). Whatever the grammar
admits still goes through ``trajectory.validate`` (e.g. for numbers whose range the grammar can
only approximate).

Two kinds of trajectory: a one-room scene (first call ``init_room`` or ``init_furnished_room``, at
most ``MAX_CALLS`` calls, no ``room`` argument anywhere) and a scene of several rooms (first call
``init_plan``, at most ``MAX_PLAN_CALLS`` calls, every call between the first and ``terminate``
with ``room="<type>_<n>"`` as its first argument). The rule ``initializer`` holds only the one-room
initializers, so a grammar built on it never offers ``init_plan``; ``plan-initializer``,
``room-step`` and ``room-name`` are the rules of a plan. Which rooms a plan has is its first call's,
so the whole-trajectory grammar admits any ``<plan room type>_<0-7>`` and ``trajectory.validate``
refuses a name the plan lacks (as the executor refuses an object id that does not exist); the
grammar of one call (``call_gbnf(rooms=...)``) admits exactly the plan's rooms.
"""

from __future__ import annotations

import functools
import json
import math
import re
import zlib

from ..ground import catalog
from .tools import SPECS, ParamSpec, ToolSpec
from .tools.base import accepts
from .tools.add_set import SETS
from .trajectory import MAX_CALLS, MAX_PLAN_CALLS, ROOM_ARG, ROOM_NAME

PLAN_TOOL = "init_plan"  # the initializer of a scene of several rooms

# ---------------------------------------------------------------- JSON schema


def _scalar_schema(p: ParamSpec) -> dict:
    if p.kind == "enum":
        return {"type": "string", "enum": list(p.choices)}
    if p.kind == "bool":
        return {"type": "boolean"}
    if p.kind in ("int", "float"):
        out: dict = {"type": "integer" if p.kind == "int" else "number"}
        if p.lo is not None:
            out["minimum"] = p.lo
        if p.hi is not None:
            out["maximum"] = p.hi
        return out
    if p.ref == "category":
        return {"type": "string", "enum": list(catalog.CATEGORY_NAMES)}
    if p.ref == "object_id":
        return {"type": "string", "pattern": r"^[a-z][a-z0-9_]*_[0-9]{1,4}$"}
    if p.ref == "part":
        return {"type": "string", "pattern": r"^[a-z][a-z0-9_]{0,63}$"}
    return {"type": "string"}


def param_schema(p: ParamSpec) -> dict:
    if p.kind == "tuple":
        out = {"type": "array", "items": _scalar_schema(p.item), "minItems": 1}
        if p.max_items is not None:
            out["maxItems"] = p.max_items
    else:
        out = _scalar_schema(p)
    if p.doc:
        out["description"] = p.doc
    if not p.required:
        out["default"] = list(p.default) if isinstance(p.default, tuple) else p.default
    return out


def tool_schema(spec: ToolSpec) -> dict:
    """A JSON schema (draft 2020-12) for one tool's arguments, in the function-calling layout."""
    return {
        "name": spec.name,
        "description": spec.doc,
        "group": spec.group,
        "parameters": {
            "type": "object",
            "properties": {p.name: param_schema(p) for p in spec.params},
            "required": [p.name for p in spec.params if p.required],
            "additionalProperties": False,
        },
    }


ROOM_SCHEMA = {
    "type": "string",
    "pattern": ROOM_NAME.pattern,
    "description": f'the room of a scene of several rooms ({PLAN_TOOL}) the call acts in, as "bedroom_0"; '
                   "left out in a one-room scene",
}


_STEP_GROUPS = ("implementer", "modifier")


def schemas() -> list[dict]:
    """Every tool's schema. An implementer's or a modifier's also lists the optional ``room``
    argument (``trajectory.ROOM_ARG``) that a call of a scene of several rooms writes first; it is
    no field of the tool itself."""
    out = []
    for spec in SPECS.values():
        schema = tool_schema(spec)
        if spec.group in _STEP_GROUPS:
            schema["parameters"]["properties"] = {ROOM_ARG: dict(ROOM_SCHEMA), **schema["parameters"]["properties"]}
        out.append(schema)
    return out


# ---------------------------------------------------------------- numeric ranges as GBNF


def _digits_range(a: str, b: str) -> list[str]:
    """GBNF sequences matching every digit string of len(a) between a and b (inclusive)."""
    if a == b:
        return [f'"{a}"']
    if len(a) == 1:
        return [f"[{a}-{b}]"]
    rest = len(a) - 1
    if a[0] == b[0]:
        return [f'"{a[0]}" ' + s for s in _digits_range(a[1:], b[1:])]
    if a[1:] == "0" * rest and b[1:] == "9" * rest:
        return [f"[{a[0]}-{b[0]}]" + " [0-9]" * rest]
    out = [f'"{a[0]}" ' + s for s in _digits_range(a[1:], "9" * rest)]
    lo_d, hi_d = int(a[0]) + 1, int(b[0]) - 1
    if lo_d <= hi_d:
        out.append(f"[{lo_d}-{hi_d}]" + " [0-9]" * rest)
    out.extend(f'"{b[0]}" ' + s for s in _digits_range("0" * rest, b[1:]))
    return out


def int_range(lo: int, hi: int) -> str:
    """A GBNF expression for the decimal integers in [lo, hi] (no leading zeros)."""
    if lo > hi:
        raise ValueError(f"empty range [{lo}, {hi}]")
    parts: list[str] = []
    if lo < 0:
        neg = _nonneg_int(max(1, -hi) if hi < 0 else 1, -lo)
        parts.append(f'"-" ( {neg} )')
    if hi >= 0:
        parts.append(_nonneg_int(max(lo, 0), hi))
    return " | ".join(f"( {p} )" for p in parts) if len(parts) > 1 else parts[0]


def _nonneg_int(lo: int, hi: int) -> str:
    alts: list[str] = []
    for length in range(len(str(lo)), len(str(hi)) + 1):
        a = max(lo, 0 if length == 1 else 10 ** (length - 1))
        b = min(hi, 10**length - 1)
        if a <= b:
            alts.extend(_digits_range(str(a), str(b)))
    return " | ".join(alts)


def _fraction(a: int, b: int) -> str:
    """One or two decimals whose value in hundredths lies in [a, b] (0 <= a <= b <= 99)."""
    alts = list(_digits_range(f"{a:02d}", f"{b:02d}"))
    one_lo, one_hi = math.ceil(a / 10), b // 10
    if one_lo <= one_hi:
        alts.append(f"[{one_lo}-{one_hi}]")
    return "( " + " | ".join(alts) + " )"


def _nonneg_hundredths(lo: int, hi: int) -> list[str]:
    i0, i1 = lo // 100, hi // 100
    if i0 == i1:
        return [f'"{i0}." {_fraction(lo % 100, hi % 100)}']
    out = [f'"{i0}." {_fraction(lo % 100, 99)}']
    if i0 + 1 <= i1 - 1:
        out.append(f'( {_nonneg_int(i0 + 1, i1 - 1)} ) "." [0-9] [0-9]?')
    out.append(f'"{i1}." {_fraction(0, hi % 100)}')
    return out


def float_range(lo: float, hi: float) -> str:
    """A GBNF expression for decimals in [lo, hi] written with one or two decimals ("4.2", "0.35",
    "-90.0")."""
    lo_h, hi_h = math.ceil(round(lo * 100, 6)), math.floor(round(hi * 100, 6))
    if lo_h > hi_h:
        raise ValueError(f"empty range [{lo}, {hi}]")
    alts: list[str] = []
    if lo_h < 0:
        alts.extend(f'"-" {s}' for s in _nonneg_hundredths(max(-hi_h, 1) if hi_h < 0 else 1, -lo_h))
    if hi_h >= 0:
        alts.extend(_nonneg_hundredths(max(lo_h, 0), hi_h))
    return " | ".join(f"( {a} )" for a in alts)


# ---------------------------------------------------------------- the trajectory grammar


def _rule_name(text: str) -> str:
    return text.replace("_", "-")


def _placement_key(placements: tuple[str, ...]) -> str:
    return "-".join(_rule_name(x) for x in sorted(placements))


def _names(categories) -> str:
    """Alternatives of category names, longest first (so no name stops inside a longer one)."""
    return " | ".join(json.dumps(n) for n in sorted(categories, key=lambda n: (-len(n), n)))


@functools.lru_cache(maxsize=1)
def _placement_sets() -> tuple[tuple[str, ...], ...]:
    """The placement sets the tools' category parameters accept."""
    found = set()
    for spec in SPECS.values():
        for p in spec.params:
            q = p.item if p.kind == "tuple" else p
            if q is not None and q.ref == "category" and q.placements:
                found.add(tuple(sorted(q.placements)))
    return tuple(sorted(found))


@functools.lru_cache(maxsize=256)
def _takes_any(spec: ToolSpec, allowed: frozenset[str]) -> bool:
    """Whether each category a tool needs (its required category parameters, and an optional one
    whose default is not in ``allowed``: left out, it would name that default) can be one of
    ``allowed``: with categories held to a set, a tool none of whose kind of piece is in it (a
    floor piece's ``add_related`` while only a wall mirror is wanted; ``add_ceiling_light`` while
    chairs are) is not written at all, rather than with any piece of the catalogue. No catalogue
    name in ``allowed``: any."""
    names = [n for n in allowed if n in catalog.BY_NAME]
    for p in spec.params:
        needed = p.required or p.default not in allowed
        if names and needed and p.kind != "tuple" and p.ref == "category" and not any(accepts(p.placements, n) for n in names):
            return False
    return True


@functools.lru_cache(maxsize=256)
def _category_names(placements: tuple[str, ...], allowed: frozenset[str] | None = None) -> str:
    """The names a category parameter of ``placements`` may take, within ``allowed`` when that
    leaves any (else the whole catalogue's: a grammar rule cannot be empty). Cached: a trajectory
    asks with the same room's categories before every call."""
    fits = [n for n in catalog.CATEGORY_NAMES if accepts(placements, n)]
    within = [n for n in fits if allowed is None or n in allowed]
    return _names(within or fits)


def _scalar_rule(p: ParamSpec, rules: dict[str, str]) -> str:
    """The name of a rule matching one value of ``p`` (added to ``rules``)."""
    if p.kind == "bool":
        return "bool"
    if p.kind == "enum":
        name = f"enum-{_rule_name(p.choices[0])}-{zlib.crc32(' '.join(p.choices).encode()):08x}"
        rules.setdefault(name, " | ".join(json.dumps(json.dumps(c)) for c in p.choices))
        return name
    if p.kind == "int":
        name = f"int-{p.lo}-{p.hi}".replace("--", "-m")
        rules.setdefault(name, int_range(int(p.lo), int(p.hi)))
        return name
    if p.kind == "float":
        name = f"float-{p.lo}-{p.hi}".replace(".", "p").replace("--", "-m")
        rules.setdefault(name, float_range(float(p.lo), float(p.hi)))
        return name
    if p.ref == "category":
        if not p.placements:
            return "category"
        key = _placement_key(p.placements)
        rules.setdefault(f"category-{key}", f'"\\"" category-name-{key} "\\""')
        return f"category-{key}"
    if p.ref == "object_id":
        return "object-id"
    if p.ref == "part":
        return "part-name"
    return "string"


def _value_rule(p: ParamSpec, rules: dict[str, str]) -> str:
    if p.kind != "tuple":
        return _scalar_rule(p, rules)
    item = _scalar_rule(p.item, rules)
    name = f"tuple-of-{item}"
    more = f'( ", " {item} )' + (f"{{1,{p.max_items - 1}}}" if p.max_items else "+")
    body = f'"(" {item} ( "," | {more} ) ")"'
    if rules.get(name, body) != body:  # tuples of the same items, another most (init_plan's doors and open)
        name = f"{name}-{p.max_items or 'n'}"
    rules.setdefault(name, body)
    return name


def _optional_chain(args: list[str], leading_comma: bool) -> str:
    """Optional arguments in order; any subset may appear, separated by commas."""
    if not args:
        return ""
    if leading_comma:
        return " ".join(f'( ", " {a} )?' for a in args)
    alts = []
    for i, a in enumerate(args):
        tail = _optional_chain(args[i + 1 :], True)
        alts.append(f"{a} {tail}".strip())
    return "( " + " | ".join(alts) + " )?"


def _tool_rule(spec: ToolSpec, rules: dict[str, str], ids_exist: bool = True, in_room: bool = False) -> str | None:
    """The rule of one call of ``spec`` (added to ``rules``); with no object to refer to
    (``ids_exist`` false) a tool that needs one has no rule (None) and optional references are left
    out. ``in_room``: the call of a scene of several rooms, ``room=`` a ``room-name`` first (rule
    ``room-call-<tool>``; else ``call-<tool>``)."""
    def arg(p: ParamSpec) -> str:
        return f'"{p.name}=" {_value_rule(p, rules)}'

    if not ids_exist and any(p.required and p.ref == "object_id" for p in spec.params):
        return None
    usable = [p for p in spec.params if ids_exist or p.ref != "object_id"]
    required = [arg(p) for p in usable if p.required]
    optional = [arg(p) for p in usable if not p.required]
    if in_room:
        required.insert(0, f'"{ROOM_ARG}=" room-name')
    body = ' ", " '.join(required)
    body = f"{body} {_optional_chain(optional, bool(required))}".strip()
    name = ("room-call-" if in_room else "call-") + _rule_name(spec.name)
    rules[name] = f'"{spec.name}(" {body} ")"' if body else f'"{spec.name}()"'
    return name


@functools.lru_cache(maxsize=2)
def _fixed_rules(ids_exist: bool) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The rules of a one-room trajectory that do not depend on which objects exist, built once:
    those written before the object-id rule and those after it (tool rules last)."""
    rules: dict[str, str] = {}
    groups: dict[str, list[str]] = {"initializer": [], "implementer": [], "modifier": [], "terminator": []}
    for spec in SPECS.values():
        if spec.name == PLAN_TOOL:
            continue  # a rule of a plan only (``_plan_rules``)
        name = _tool_rule(spec, rules, ids_exist)
        if name is not None:
            groups[spec.group].append(name)
    names = _names(catalog.CATEGORY_NAMES)
    before = {
        "initializer": " | ".join(groups["initializer"]),
        "step": " | ".join(groups["implementer"] + groups["modifier"]),
        "terminator": " | ".join(groups["terminator"]),
        "bool": '"True" | "False"',
        "category": '"\\"" category-name "\\""',
        "category-name": names or '"none"',
        **{f"category-name-{_placement_key(ps)}": _category_names(ps) for ps in _placement_sets()},
    }
    after = {"part-name": '"\\"" [a-z] [a-z0-9_]{0,63} "\\""', "string": '"\\"" [a-zA-Z0-9_ .,-]* "\\""', **rules}
    return tuple(before.items()), tuple(after.items())


def _rewire(head: dict[str, str], param: str, old_rule: str, new_rule: str, calls=None) -> None:
    """In the call rules of ``head`` (rules ``call-<tool>`` / ``room-call-<tool>``, or only those
    named in ``calls``), let parameter ``param`` take ``new_rule`` where it took ``old_rule``."""
    arg = f'"{param}=" {old_rule}'
    for name, body in head.items():
        if (name in calls if calls is not None else name.startswith(("call-", "room-call-"))) and arg in body:
            head[name] = body.replace(arg, f'"{param}=" {new_rule}')


def _unanchor(banned: frozenset[str], categories, head: dict[str, str], step: str) -> None:
    """Keep ``add_object`` (rule ``call-`` or ``room-call-add-object``) from naming ``banned``: its
    category parameter gets a rule of its own, the other categories it could name (within
    ``categories`` when given); with none left its call is left out of ``step``."""
    p = SPECS["add_object"].param("category")
    calls = ("call-add-object", "room-call-add-object")
    fits = [n for n in catalog.CATEGORY_NAMES if accepts(p.placements, n)]
    keep = [n for n in fits if (categories is None or n in categories) and n not in banned]
    if keep:
        rule = f"{_scalar_rule(p, {})}-unanchored"
        head[rule] = f'"\\"" ( {_names(keep)} ) "\\""'
        _rewire(head, "category", _scalar_rule(p, {}), rule, calls)
    elif step in head:
        rest = [alt.strip() for alt in head[step].split("|") if alt.strip() not in calls]
        if rest:
            head[step] = " | ".join(rest)


def _narrow_ids(roles: dict[str, list[str]], ids: set[str], head: dict[str, str]) -> None:
    """Give each parameter named in ``roles`` its own id rule (``<name>-id``: those of its ids
    that exist) in every call rule of ``head``."""
    for role, chosen in roles.items():
        chosen = sorted(set(chosen) & ids, key=lambda i: (-len(i), i))
        if chosen:
            head[f"{_rule_name(role)}-id"] = '"\\"" ( ' + " | ".join(json.dumps(i) for i in chosen) + ' ) "\\""'
            _rewire(head, role, "object-id", f"{_rule_name(role)}-id")


def _require(spec: ToolSpec, param: str, head: dict[str, str]) -> None:
    """Make the optional parameter ``param`` of ``spec`` required, in its place, in its call rules
    in ``head`` (``call-<tool>``, ``room-call-<tool>``; a tool whose parameters are all optional
    keeps it optional in ``call-<tool>``): its values are narrowed to ones its default is not among, so leaving it
    out (the default) would step around the narrowing."""
    optional = re.compile(r'\( ", " ("' + re.escape(param) + r'=" [^ ()]+) \)\?')
    for name in ("call-" + _rule_name(spec.name), "room-call-" + _rule_name(spec.name)):
        if name.startswith("call-") and not any(p.required for p in spec.params):
            if name in head and spec.params and spec.params[0].name == param:
                head[name] = _first_alternative(head[name])  # the chain's first argument: its first alternative alone
            continue  # (another argument of the chain: no one place to require it in)
        if name in head:
            head[name] = optional.sub(lambda m: f'", " {m.group(1)}', head[name], count=1)


@functools.lru_cache(maxsize=1)
def _optional_categories() -> tuple[tuple[ToolSpec, ParamSpec], ...]:
    """The tools' optional category parameters, with their tool (``add_ceiling_light``'s ``category``)."""
    return tuple((spec, p) for spec in SPECS.values() for p in spec.params if p.ref == "category" and not p.required and p.kind != "tuple")


def _first_alternative(rule: str) -> str:
    """A call rule whose arguments are one optional chain (``"tool(" ( a ... | b ... )? ")"``)
    with that chain held to its first alternative (``"tool(" a ... ")"``): its first argument written."""
    start = rule.index("( ")
    depth, bar = 0, None
    for i in range(start, len(rule)):  # (a parenthesis right after a quote closes a terminal: '"add_ceiling_light("', '")"')
        if rule[i] == "(" and rule[i - 1] != '"':
            depth += 1
        elif rule[i] == ")" and rule[i - 1] != '"':
            depth -= 1
            if depth == 0:
                return rule[:start] + rule[start + 2 : bar if bar is not None else i - 1].rstrip() + rule[i + 2 :] if rule[i + 1 : i + 2] == "?" else rule
        elif depth == 1 and bar is None and rule.startswith(" | ", i):
            bar = i
    return rule


def _narrow_enum(param: str, values, head: dict[str, str]) -> None:
    """Limit every enum or integer parameter named ``param`` to those of ``values`` it has (an
    enum in ``head``'s value rules; an integer, whose range rule other parameters may share, in a
    rule of its own), a decimal one to the range from the least of ``values`` to the most (in a
    rule of its own, in that tool's calls); a parameter with none of them keeps every value. An optional parameter
    whose default is not among those kept must be written (``near="window"``, not left out)."""
    for spec in SPECS.values():
        p = spec.param(param)
        if p is not None and p.kind == "int":  # its own rule: another parameter may share the range's
            keep = sorted({int(v) for v in values if str(v).isdigit() and p.lo <= int(v) <= p.hi})
            if keep and not p.required and p.default not in keep:
                _require(spec, param, head)
            rule = f"{_rule_name(param)}-choice-{p.lo}-{p.hi}"
            if keep:
                head[rule] = " | ".join(json.dumps(str(v)) for v in keep)
                _rewire(head, param, _scalar_rule(p, {}), rule)
            continue
        if p is not None and p.kind == "float":  # values: the least and the most, a range of its own (a screen hung low)
            lo, hi = max(float(p.lo), min(map(float, values))), min(float(p.hi), max(map(float, values)))
            if lo > hi:  # outside this tool's range (a room's height): it keeps every value
                continue
            rule = f"{_rule_name(param)}-choice-{lo:g}-{hi:g}".replace(".", "p")
            head[rule] = float_range(lo, hi)
            _rewire(head, param, _scalar_rule(p, {}), rule, calls=(f"call-{_rule_name(spec.name)}", f"room-call-{_rule_name(spec.name)}"))
            if not p.required and not lo <= float(p.default) <= hi:
                _require(spec, param, head)
            continue
        if p is None or p.kind != "enum":
            continue
        keep = [c for c in p.choices if c in set(values)]
        if keep:
            head[_scalar_rule(p, {})] = " | ".join(json.dumps(json.dumps(c)) for c in keep)
            if not p.required and p.default not in keep:
                _require(spec, param, head)


def room_name_rule(rooms: tuple[str, ...] | list[str] | None = None) -> str:
    """The body of the ``room-name`` rule: a quoted room name. ``rooms`` None: any name ``init_plan``
    can give (``<plan room type>_<n>``, n below the most rooms a plan has; every one matches
    ``trajectory.ROOM_NAME``); else exactly one of ``rooms``."""
    if rooms is None:
        rooms_param = SPECS[PLAN_TOOL].param("rooms")
        index = int_range(0, int(rooms_param.max_items) - 1)
        return f'"\\"" ( {_names(rooms_param.item.choices)} ) "_" ( {index} ) "\\""'
    names = sorted(set(rooms), key=lambda n: (-len(n), n))
    if not names:
        raise ValueError("a scene of several rooms has at least one room")
    bad = [n for n in names if not isinstance(n, str) or not ROOM_NAME.match(n)]
    if bad:
        raise ValueError(f"not room names: {bad}")
    return '"\\"" ( ' + " | ".join(json.dumps(n) for n in names) + ' ) "\\""'


@functools.lru_cache(maxsize=2)
def _plan_rules(ids_exist: bool) -> tuple[tuple[str, str], ...]:
    """The rules a scene of several rooms adds to a one-room trajectory's: ``plan-initializer``
    (``init_plan``), ``room-step`` (every implementer and modifier with ``room=`` first, rules
    ``room-call-<tool>``), ``room-name`` (any name a plan gives) and the value rules only
    ``init_plan`` uses."""
    before, after = _fixed_rules(ids_exist)
    rules = dict(after)
    known = set(rules) | {name for name, _ in before}
    _tool_rule(SPECS[PLAN_TOOL], rules)
    steps = [name for spec in SPECS.values() if spec.group in _STEP_GROUPS
             if (name := _tool_rule(spec, rules, ids_exist, in_room=True)) is not None]
    head = {"plan-initializer": "call-" + _rule_name(PLAN_TOOL), "room-step": " | ".join(steps), "room-name": room_name_rule()}
    head.update((name, body) for name, body in rules.items() if name not in known)
    return tuple(head.items())


def _body(ids: list[str] | None, plan: bool = False) -> dict[str, str]:
    """Every rule but the root and the numbered lines. ``ids`` None: an object id is any
    ``<category>_<n>``; a list: exactly one of those ids (the objects that exist). ``plan``: with the
    rules of a scene of several rooms (``_plan_rules``)."""
    before, after = _fixed_rules(ids is None or bool(ids))
    head = dict(before)
    if ids is None:
        head["object-id"] = '"\\"" category-name "_" [0-9] [0-9]? [0-9]? "\\""'
    elif ids:
        head["object-id"] = '"\\"" ( ' + " | ".join(json.dumps(i) for i in sorted(ids, key=lambda i: (-len(i), i))) + ' ) "\\""'
    head.update(after)
    if plan:
        head.update(_plan_rules(ids is None or bool(ids)))
    return head


def _lines(prefix: str, step: str, limit: int) -> dict[str, str]:
    """Numbered lines 2 .. ``limit``, unrolled so that the numbering is exact: line k is a ``step``
    followed by line k+1, or the end (``terminate``, the only call at ``limit``)."""
    out = {}
    for k in range(2, limit):
        out[f"{prefix}-{k}"] = f'"{k}. " ( {step} "\\n" {prefix}-{k + 1} | terminator "\\n"? )'
    out[f"{prefix}-{limit}"] = f'"{limit}. " terminator "\\n"?'
    return out


def gbnf() -> str:
    """The GBNF grammar of one complete trajectory (llama.cpp syntax): a one-room scene (an
    initializer, then up to ``MAX_CALLS`` numbered lines ``line-k``) or a scene of several rooms
    (``init_plan``, then up to ``MAX_PLAN_CALLS`` lines ``plan-line-k``, each call but ``terminate``
    with ``room=`` first). Both numberings are unrolled, one rule a line, so that every number is
    exact (llama.cpp reads the 400 plan lines in a few milliseconds, and a line's rule is the last
    thing of the line before, so matching never deepens)."""
    head = {"root": '"1. " initializer "\\n" line-2 | "1. " plan-initializer "\\n" plan-line-2'}
    head.update(_lines("line", "step", MAX_CALLS))
    head.update(_lines("plan-line", "room-step", MAX_PLAN_CALLS))
    head.update(_body(None, plan=True))
    return "".join(f"{name} ::= {body}\n" for name, body in head.items())


def call_gbnf(number: int, ids: list[str] | tuple[str, ...], categories=None, room_type: str | None = None, tools=None,
              can_stop: bool = True, sides: tuple | None = None, *, plan_first: bool = False,
              rooms: tuple[str, ...] | None = None, choices: dict[str, tuple[str, ...]] | None = None,
              roles: dict[str, list[str]] | None = None, unanchored=None, required: tuple[str, ...] = ()) -> str:
    """The GBNF grammar of call ``number`` of a trajectory written call by call with the executor in
    the loop: ``"N. "``, then an initializer (call 1), else an implementer, a modifier or terminate
    (only terminate at ``MAX_CALLS``), then a newline. Every object id is one of ``ids``, the objects
    that exist after the calls before it, so a call cannot name a missing object (and while there is
    none, no tool that needs one can be written). Every category a tool takes has a placement it
    accepts (``ParamSpec.placements``); with ``categories`` (the room's and the instruction's) it is
    also one of those where any fit, and a set (``add_set``) is one whose main piece is. ``room_type`` fixes the initializer's room type (the one the
    reader took from the instruction). ``tools`` (names) limits the steps after the initializer to
    those tools (None: every tool), and with ``can_stop`` false the call cannot be ``terminate``
    (before ``MAX_CALLS``): what requirement steering in ``agent/llama.py`` asks for. ``sides``
    (lo, hi) in metres narrows the initializer's width and depth (the size the instruction calls for).
    ``choices`` (an enum or integer parameter's name -> values, ``{"relation": ("behind",)}``,
    ``{"count": (3,)}``) narrows every parameter of that name to those of the values it has (none
    of them: every value). ``roles`` (a parameter name -> ids, each one of ``ids``) narrows the
    objects a parameter of that name may name (``{"anchor": ["desk_0"]}``: every ``anchor=`` is
    desk_0); a name with no ids keeps every id. ``unanchored`` (categories) may not be named by
    ``add_object``, which places a piece with no other object to place it by (while "stools along
    the island" wait, a stool is placed by the island); when that leaves it no category, no
    ``add_object`` call can be written. ``required`` (parameter names): every tool that takes one
    of them as an optional parameter must write it (``above=``: a mirror hung over the basin, not
    anywhere on a wall).

    A scene of several rooms: ``plan_first`` makes call 1 ``init_plan`` (false: a one-room
    initializer, never ``init_plan``); ``rooms`` (the names the plan gave, for a call after it) makes
    every call but ``terminate`` start with ``room=`` one of them (one name: the call acts in that
    room, and ``ids`` can be that room's objects) and raises the last call number to
    ``MAX_PLAN_CALLS``. ``room_type`` and ``sides`` concern a one-room initializer only."""
    if rooms is not None and number == 1:
        raise ValueError("call 1 makes the rooms: it takes no room")
    limit = MAX_CALLS if rooms is None else MAX_PLAN_CALLS
    step = "step" if rooms is None else "room-step"
    if number == 1:
        root = "plan-initializer" if plan_first else "initializer"
    elif number >= limit:
        root = "terminator"
    else:
        root = f"( {step} | terminator )" if can_stop else step
    head = {"root": f'"{number}. " {root} "\\n"'}
    head.update(_body(list(ids), plan=rooms is not None or (plan_first and number == 1)))
    if rooms is not None:
        head["room-name"] = room_name_rule(tuple(rooms))
    if tools is not None and number > 1:
        prefix = "call-" if rooms is None else "room-call-"
        fitting = [t for t in sorted(tools) if categories is None or _takes_any(SPECS[t], frozenset(categories))]
        steps = [f"{prefix}{_rule_name(t)}" for t in fitting if SPECS[t].group in _STEP_GROUPS]
        steps = [name for name in steps if name in head]
        if steps:
            head[step] = " | ".join(steps)
        elif not can_stop:
            raise ValueError(f"no call of the tools {sorted(tools)} can be written here")
    if categories is not None:
        allowed = frozenset(categories)
        head["category-name"] = _names(allowed & catalog.BY_NAME.keys()) or head["category-name"]
        for ps in _placement_sets():
            head[f"category-name-{_placement_key(ps)}"] = _category_names(ps, allowed)
        for spec, p in _optional_categories():  # one whose default is not allowed is written (not a light when a projector is wanted)
            if p.default not in allowed:
                _require(spec, p.name, head)
        kind = SPECS["add_set"].param("kind")
        kinds = [k for k in kind.choices if SETS[k][0] in allowed]  # a set whose main piece the room allows
        if kinds:
            head[_scalar_rule(kind, {})] = " | ".join(json.dumps(json.dumps(k)) for k in kinds)
    if number > 1:
        for param, values in (choices or {}).items():
            _narrow_enum(param, values, head)
        if roles:
            _narrow_ids(roles, set(ids), head)
        if unanchored:
            _unanchor(frozenset(unanchored), categories, head, step)
        for name in required:
            for spec in SPECS.values():
                p = spec.param(name)
                if p is not None and not p.required:
                    _require(spec, name, head)
    if room_type is not None and number == 1 and not plan_first:
        for spec in SPECS.values():
            p = spec.param("room_type")
            if spec.group == "initializer" and p is not None and room_type in p.choices:
                head[_scalar_rule(p, {})] = json.dumps(json.dumps(room_type))
    if sides is not None and number == 1 and not plan_first:
        per_side = isinstance(sides[0], tuple | list)  # ((width lo, hi), (depth lo, hi)): each side its own range
        for spec in SPECS.values():
            for k, name in enumerate(("width_m", "depth_m")):
                p = spec.param(name)
                if spec.group == "initializer" and spec.name != PLAN_TOOL and p is not None:
                    lo, hi = sides[k] if per_side else sides
                    body = float_range(max(float(p.lo), lo), min(float(p.hi), hi))
                    if per_side:
                        rule = f"{_scalar_rule(p, {})}-{_rule_name(name)}"
                        head[rule] = body
                        _rewire(head, name, _scalar_rule(p, {}), rule, (f"call-{_rule_name(spec.name)}",))
                    else:
                        head[_scalar_rule(p, {})] = body
    return "".join(f"{name} ::= {body}\n" for name, body in head.items())
