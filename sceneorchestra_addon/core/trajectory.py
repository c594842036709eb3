"""The trajectory language: numbered tool calls, parsed with ``ast`` (literals only), formatted
back exactly, and validated against the tool specs.

Text format, one call per line::

    1. init_room(room_type="bedroom", width_m=4.2, depth_m=3.6)
    2. add_object(category="double_bed", placement="against_wall", wall="north")  # ok
    3. terminate(status="success")

Blank lines and lines that hold only a ``# comment`` are ignored; a trailing ``# comment`` is kept
with its call (the executor writes per-call results there). A comment line of the form
``# instruction: <text>`` starts a *section*: the calls after it (up to the next such line) are the
ones that instruction made (the first prompt, then each follow-up); ``sections`` reads them and
``format_sections`` writes them, so a trajectory keeps its history of instructions as plain text
that the executor ignores. Arguments keep the order they were
written in, and defaults are not filled into the text, so ``format(parse(text)) == text`` for every
text in canonical form (what ``format`` writes) and ``parse(format(t)) == t`` for every trajectory.

A scene of several rooms starts with ``init_plan`` (the floor plan); every later call but
``terminate`` then names the room it acts in with a ``room="bedroom_0"`` argument, which every tool
but an initializer accepts. A one-room scene needs none (a call without it acts in the one room).

Model output is never evaluated: each argument value must be a Python literal (string, number,
bool or a tuple of those), read with ``ast.literal_eval``.
"""

from __future__ import annotations

import ast
import difflib
import io
import json
import math
import re
import tokenize
import warnings
from dataclasses import dataclass, field
from typing import Any

from ..ground import catalog
from .tools import SPECS, ParamSpec

MAX_CALLS = 80  # the grammar unrolls this many numbered lines
MAX_PLAN_CALLS = 400  # a scene of several rooms (its first call init_plan): up to 8 rooms' calls
ROOM_ARG = "room"  # the argument every call but an initializer may take: the room of a plan it acts in
ROOM_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_NUMBERED = re.compile(r"^\s*(\d{1,6})\.\s*(.*?)\s*$")
_OBJECT_ID = re.compile(r"^([a-z][a-z0-9_]*)_(\d{1,4})$")
_PART_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Issue:
    """One problem, located: the source line, the tool and the argument where known."""

    line: int
    message: str
    tool: str = ""
    arg: str = ""

    def __str__(self) -> str:
        where = f"line {self.line}"
        if self.tool:
            where += f": {self.tool}"
            if self.arg:
                where += f"({self.arg}=...)"
        return f"{where}: {self.message}"


class TrajectoryError(ValueError):
    """A trajectory text that cannot be parsed or does not validate; ``issues`` lists every problem."""

    def __init__(self, issues: list[Issue]):
        self.issues = sorted(issues, key=lambda i: i.line)
        super().__init__("\n".join(str(i) for i in self.issues))


@dataclass(frozen=True)
class Call:
    number: int
    tool: str
    args: tuple[tuple[str, Any], ...]
    comment: str = ""
    line: int = field(default=0, compare=False)

    def kwargs(self) -> dict[str, Any]:
        return dict(self.args)

    def arg(self, name: str, default: Any = None) -> Any:
        return self.kwargs().get(name, default)

    def params(self):
        """The tool's dataclass instance (defaults filled in; ``room`` is not a tool parameter).
        Validate first."""
        return SPECS[self.tool].cls(**{k: v for k, v in self.args if k != ROOM_ARG})

    @property
    def room(self) -> str | None:
        """The room of a scene of several rooms the call is addressed to (None: the one room)."""
        value = self.kwargs().get(ROOM_ARG)
        return value if isinstance(value, str) else None

    def without_room(self) -> Call:
        """The same call with its ``room`` argument left out (the call as the room's own scene runs it)."""
        return Call(self.number, self.tool, tuple((k, v) for k, v in self.args if k != ROOM_ARG), self.comment, self.line)

    def with_comment(self, comment: str) -> Call:
        return Call(self.number, self.tool, self.args, comment, self.line)


@dataclass(frozen=True)
class Trajectory:
    calls: tuple[Call, ...]

    def __len__(self) -> int:
        return len(self.calls)

    def __iter__(self):
        return iter(self.calls)

    def renumbered(self) -> Trajectory:
        return Trajectory(tuple(Call(i + 1, c.tool, c.args, c.comment, c.line) for i, c in enumerate(self.calls)))


# ---------------------------------------------------------------- formatting


def format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, tuple):
        inner = ", ".join(format_value(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    raise TypeError(f"cannot format {type(value).__name__} value {value!r}")


def format_call(call: Call) -> str:
    args = ", ".join(f"{k}={format_value(v)}" for k, v in call.args)
    text = f"{call.number}. {call.tool}({args})"
    return f"{text}  # {call.comment}" if call.comment else text


def format(trajectory: Trajectory) -> str:  # noqa: A001 - the module's public verb
    """Canonical text: one call a line, a final newline."""
    return "".join(format_call(c) + "\n" for c in trajectory.calls)


SECTION_PREFIX = "# instruction: "
_SECTION = re.compile(r"^\s*#\s*instruction:\s*(.*?)\s*$")


@dataclass(frozen=True)
class Section:
    """The calls one instruction made: ``first`` is the index (0-based) of its first call in the
    trajectory; it runs to the next section's ``first`` (or the end)."""

    first: int
    instruction: str


def sections(text: str) -> tuple[Section, ...]:
    """The ``# instruction:`` sections of trajectory text, in order (empty when it has none). A
    section line after the last call, or two in a row, gives a section with no calls (kept: an
    instruction that added nothing is still part of the history)."""
    out: list[Section] = []
    index = 0
    for raw in text.splitlines():
        m = _SECTION.match(raw)
        if m:
            out.append(Section(index, " ".join(m.group(1).split())))
        elif _NUMBERED.match(raw):
            index += 1
    return tuple(out)


def format_sections(trajectory: Trajectory, sections_: tuple[Section, ...] | list[Section]) -> str:
    """``format(trajectory)`` with each section's ``# instruction:`` line before its first call
    (sections are written in order of ``first``; one whose ``first`` is past the last call goes at
    the end)."""
    lines = [format_call(c) + "\n" for c in trajectory.calls]
    by_first: dict[int, list[str]] = {}
    for s in sorted(sections_, key=lambda s: s.first):
        text = " ".join(s.instruction.split())
        by_first.setdefault(min(max(s.first, 0), len(lines)), []).append(SECTION_PREFIX + text + "\n")
    out: list[str] = []
    for i in range(len(lines) + 1):
        out.extend(by_first.get(i, ()))
        if i < len(lines):
            out.append(lines[i])
    return "".join(out)


# ---------------------------------------------------------------- parsing

_PARSE_ERRORS = (SyntaxError, ValueError, TypeError, RecursionError, MemoryError, OverflowError)


def _split_comment(body: str) -> tuple[str, str]:
    """Split a trailing ``# comment`` off, ignoring ``#`` inside string literals."""
    if "#" not in body:
        return body, ""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(body).readline):
            if tok.type == tokenize.COMMENT:
                col = tok.start[1]
                return body[:col].rstrip(), tok.string[1:].strip()
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return body, ""


def _parse_call(number: int, body: str, line: int, issues: list[Issue]) -> Call | None:
    code, comment = _split_comment(body)
    try:
        with warnings.catch_warnings():  # odd text ("1abc", a stray backslash in a string) must not print warnings
            warnings.simplefilter("ignore", SyntaxWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            expr = ast.parse(code, mode="eval").body
    except _PARSE_ERRORS as exc:
        msg = exc.msg if isinstance(exc, SyntaxError) and exc.msg else str(exc) or type(exc).__name__
        issues.append(Issue(line, f"not a tool call ({msg}); expected name(arg=value, ...)"))
        return None
    if not isinstance(expr, ast.Call) or not isinstance(expr.func, ast.Name):
        issues.append(Issue(line, "expected a tool call like add_object(category=\"bed\")"))
        return None
    tool = expr.func.id
    ok = True
    if expr.args:
        issues.append(Issue(line, "arguments must be given by keyword (name=value), not by position", tool))
        ok = False
    args: list[tuple[str, Any]] = []
    for kw in expr.keywords:
        if kw.arg is None:
            issues.append(Issue(line, "** arguments are not allowed", tool))
            ok = False
            continue
        try:
            value = ast.literal_eval(kw.value)
        except _PARSE_ERRORS:
            issues.append(Issue(line, "value is not a literal (a string, number, True/False or a tuple of those)", tool, kw.arg))
            ok = False
            continue
        args.append((kw.arg, value))
    return Call(number, tool, tuple(args), comment, line) if ok else None


def _parse(text: str) -> tuple[list[Call | None], list[Issue]]:
    """Every numbered line as a Call, or None where it did not parse (with its issues)."""
    entries: list[Call | None] = []
    issues: list[Issue] = []
    if not isinstance(text, str):
        raise TypeError("a trajectory is text")
    for line_no, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _NUMBERED.match(raw)
        if not m:
            issues.append(Issue(line_no, 'expected a numbered call like 2. add_object(category="bed")'))
            entries.append(None)
            continue
        entries.append(_parse_call(int(m.group(1)), m.group(2), line_no, issues))
    return entries, issues


def parse(text: str) -> Trajectory:
    """Read trajectory text (syntax only). Raises TrajectoryError listing every bad line."""
    entries, issues = _parse(text)
    if issues:
        raise TrajectoryError(issues)
    return Trajectory(tuple(entries))


# ---------------------------------------------------------------- validation


def _hint(word: str, options) -> str:
    if not isinstance(word, str):
        return ""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", word).lower()
    match = difflib.get_close_matches(snake, list(options), n=1, cutoff=0.5)
    return f"; did you mean {match[0]!r}?" if match else ""


def _check_scalar(spec: ParamSpec, value: Any) -> str | None:
    """An error message for a value that does not fit ``spec``, or None."""
    kind = spec.kind
    if kind == "bool":
        return None if isinstance(value, bool) else f"expected True or False, got {value!r}"
    if kind in ("int", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"expected a number, got {value!r}"
        if kind == "int" and not isinstance(value, int):
            return f"expected a whole number, got {value!r}"
        if isinstance(value, float) and not math.isfinite(value):
            return f"expected a finite number, got {value!r}"
        if (spec.lo is not None and value < spec.lo) or (spec.hi is not None and value > spec.hi):
            return f"{value!r} is out of range [{spec.lo}, {spec.hi}]"
        return None
    if not isinstance(value, str):
        return f"expected a string, got {value!r}"
    if kind == "enum":
        if value not in spec.choices:
            shown = ", ".join(spec.choices) if len(spec.choices) <= 12 else f"{len(spec.choices)} names"
            return f"{value!r} is not one of: {shown}{_hint(value, spec.choices)}"
        return None
    if spec.ref == "category" and value not in catalog.BY_NAME:
        resolved = catalog.resolve(value)
        hint = f"; did you mean {resolved!r}?" if resolved else _hint(value, catalog.CATEGORY_NAMES)
        return f"unknown category {value!r}{hint}"
    if spec.ref == "object_id" and not (spec.required is False and value == spec.default):
        m = _OBJECT_ID.match(value)
        if not m or m.group(1) not in catalog.BY_NAME:
            return f"{value!r} is not an object id (<category>_<n>, e.g. \"double_bed_0\")"
    if spec.ref == "part" and not (spec.required is False and value == spec.default) and not _PART_NAME.match(value):
        return f"{value!r} is not a part name (lower-case letters, digits, _)"
    return None


def _check_value(spec: ParamSpec, value: Any) -> str | None:
    if spec.kind != "tuple":
        return _check_scalar(spec, value)
    if not isinstance(value, tuple):
        return f"expected a tuple like (\"a\", \"b\"), got {value!r}"
    if not value:
        return "expected at least one item"
    if spec.max_items is not None and len(value) > spec.max_items:
        return f"at most {spec.max_items} items, got {len(value)}"
    for item in value:
        problem = _check_scalar(spec.item, item)
        if problem:
            return problem
    return None


def _check_call(call: Call, index: int, total: int, expected_number: int | None) -> list[Issue]:
    issues: list[Issue] = []
    line = call.line
    spec = SPECS.get(call.tool)
    if expected_number is not None and call.number != expected_number:
        issues.append(Issue(line, f"expected call number {expected_number}, found {call.number} (numbering gap or repeat)", call.tool))
    issues += argument_issues(call)
    if spec is None:
        return issues
    if index == 0 and spec.group != "initializer":
        inits = [s.name for s in SPECS.values() if s.group == "initializer"]
        issues.append(Issue(line, f"the first call must be an initializer ({', '.join(inits)})", call.tool))
    if index > 0 and spec.group == "initializer":
        issues.append(Issue(line, "an initializer may only be the first call", call.tool))
    if spec.group == "terminator" and index != total - 1:
        issues.append(Issue(line, "terminate must be the last call, and only once", call.tool))
    return issues


def argument_issues(call: Call) -> list[Issue]:
    """What the tools' schemas say is wrong with one call, wherever it stands: an unknown tool or
    argument, a value of the wrong kind or out of range, a required argument missing."""
    issues: list[Issue] = []
    line = call.line
    spec = SPECS.get(call.tool)
    if spec is None:
        return [Issue(line, f"unknown tool {call.tool!r}{_hint(call.tool, SPECS)}", call.tool)]
    seen: set[str] = set()
    for name, value in call.args:
        if name == ROOM_ARG and spec.param(name) is None:
            if name in seen:
                issues.append(Issue(line, "argument given twice", call.tool, name))
            elif spec.group == "initializer":
                issues.append(Issue(line, "an initializer makes the rooms; it takes no room argument", call.tool, name))
            elif not isinstance(value, str) or not ROOM_NAME.match(value):
                issues.append(Issue(line, f"expected a room name such as \"bedroom_0\", got {value!r}", call.tool, name))
            seen.add(name)
            continue
        pspec = spec.param(name)
        if pspec is None:
            known = ", ".join(p.name for p in spec.params) or "none"
            hint = _hint(name, [p.name for p in spec.params])
            issues.append(Issue(line, f"unknown argument {name!r}{hint} (arguments: {known})", call.tool, name))
            continue
        if name in seen:
            issues.append(Issue(line, "argument given twice", call.tool, name))
        seen.add(name)
        problem = _check_value(pspec, value)
        if problem:
            issues.append(Issue(line, problem, call.tool, name))
    for pspec in spec.params:
        if pspec.required and pspec.name not in seen:
            issues.append(Issue(line, "missing required argument", call.tool, pspec.name))
    return issues


def _entry_issues(entries: list[Call | None]) -> list[Issue]:
    if not entries:
        return [Issue(0, "the trajectory is empty: it needs an initializer first and terminate(status=...) last")]
    issues: list[Issue] = []
    limit = MAX_PLAN_CALLS if entries[0] is not None and entries[0].tool == "init_plan" else MAX_CALLS
    if len(entries) > limit:
        issues.append(Issue(getattr(entries[limit], "line", 0), f"too many calls ({len(entries)}; at most {limit})"))
    for i, call in enumerate(entries):
        if call is None:
            continue
        previous = entries[i - 1] if i > 0 else None
        expected = 1 if i == 0 else (previous.number + 1 if previous is not None else None)
        issues.extend(_check_call(call, i, len(entries), expected))
    issues.extend(_room_issues(entries))
    last = entries[-1]
    if last is not None and last.tool != "terminate":
        issues.append(Issue(last.line, 'the last call must be terminate(status="success")', last.tool))
    return issues


def _room_issues(entries: list[Call | None]) -> list[Issue]:
    """Calls that name no room, or a room the first call does not make: in a plan (``init_plan``
    first) every call but ``terminate`` names one of its rooms; in a one-room scene a call may name
    only its one room (``<room type>_0``)."""
    from .tools.init_plan import plan_room_names

    first = entries[0]
    if first is None or SPECS.get(first.tool) is None or SPECS[first.tool].group != "initializer":
        return []
    plan = first.tool == "init_plan"
    if plan:
        kinds = first.arg("rooms")
        if not isinstance(kinds, tuple) or not all(isinstance(k, str) for k in kinds):
            return []
        names = plan_room_names(kinds)
    else:
        names = [f"{first.arg('room_type')}_0"]
    issues = []
    for call in entries[1:]:
        if call is None or call.tool not in SPECS or SPECS[call.tool].group in ("initializer", "terminator"):
            continue
        room = call.room
        if room is None and plan:
            issues.append(Issue(call.line, f"the scene has several rooms: say which with room=\"...\" ({', '.join(names)})", call.tool, ROOM_ARG))
        elif room is not None and room not in names and ROOM_NAME.match(room):
            where = f"the plan's rooms are {', '.join(names)}" if plan else f"this scene has one room, {names[0]}"
            issues.append(Issue(call.line, f"there is no room {room!r}{_hint(room, names)} ({where})", call.tool, ROOM_ARG))
    return issues


def issues_of(trajectory: Trajectory) -> list[Issue]:
    """Every validation problem of a parsed trajectory (empty when it is valid)."""
    return _entry_issues(list(trajectory.calls))


def validate(trajectory: Trajectory) -> Trajectory:
    """Return the trajectory if valid; raise TrajectoryError listing every problem otherwise."""
    issues = issues_of(trajectory)
    if issues:
        raise TrajectoryError(issues)
    return trajectory


def load(text: str) -> Trajectory:
    """Parse and validate in one step, reporting syntax and validation problems together."""
    entries, issues = _parse(text)
    issues.extend(_entry_issues(entries) if entries or not issues else [])
    if issues:
        raise TrajectoryError(issues)
    return Trajectory(tuple(entries))
