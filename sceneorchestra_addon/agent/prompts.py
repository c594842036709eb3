"""The model-facing text: the tool guide, the trajectory prompt, the stepwise prompt and the
discriminator prompt. Every backend and the training data builders use these functions, so the
model sees at inference exactly the layout it was trained on.

Layout (after the SceneOrchestra code): the instruction first, with the line of what the reader
understood of it (``understood_line``: room, size, density, requirement specs, unknown nouns), then
the tool guide generated from
``core.tools.SPECS`` (name, group, description, parameters with their types, ranges, enum values and
defaults) and the catalogue's categories grouped by how they are placed, then the request to write
the complete tool-call trajectory. Each prompt ends with a marker line (``Trajectory:``, ``Next
call:``, ``Best candidate:``) after which the model's answer starts: a trajectory starts with
``1. ``, a next call with its number, a ranking with the index.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from ..ground import catalog
from ..core import trajectory as T
from ..core.reader import read
from ..core.tools import SPECS, ParamSpec, ToolSpec

GROUP_ORDER = ("initializer", "implementer", "modifier", "terminator")
GROUP_TITLES = {
    "initializer": "Initializers (exactly one, the first call)",
    "implementer": "Implementers (add objects)",
    "modifier": "Modifiers (change what is there)",
    "terminator": "Terminator (exactly one, the last call)",
}
# How each placement kind of the catalogue is described, and which tools take such categories.
PLACEMENT_TITLES = {
    "floor": "Floor furniture (add_object, add_related, add_group)",
    "on_top": "Small objects (add_on_top, add_crowd)",
    "wall": "Wall objects (add_wall_object)",
    "ceiling": "Ceiling objects (add_ceiling_light)",
}

TRAJECTORY_MARKER = "Trajectory:"
NEXT_CALL_MARKER = "Next call:"
BEST_MARKER = "Best candidate:"

_RULES = (
    "Write one call a line, numbered 1, 2, 3, ...: N. tool_name(argument=value, ...).\n"
    "Arguments are given by keyword; values are literals: \"strings\" in double quotes, numbers, True/False,\n"
    "and tuples like (\"book\", \"box\"). The first call is an initializer, the last is terminate(status=\"success\").\n"
    "A category is a name from Categories below. Objects get ids <category>_<n> in creation order (the first double_bed is\n"
    "double_bed_0): an object id names an earlier object. A part name is lower-case letters, digits and _.\n"
    "Units: metres and degrees; +x is east, +y is north; an object's front faces south at yaw 0.\n"
    "A scene of several rooms starts with init_plan; every later call but terminate then takes room=\"<name>\" first\n"
    "(room=\"bedroom_0\"), and its object ids are that room's."
)


# ---------------------------------------------------------------- the tool guide


def _number(value: float | None) -> str:
    return "" if value is None else (repr(float(value)) if isinstance(value, float) else str(value))


def value_type(p: ParamSpec) -> str:
    """What a value of ``p`` looks like, in words: 'number in [2.0, 15.0]', 'one of "a", "b"'."""
    if p.kind == "tuple":
        count = f"1 to {p.max_items} items" if p.max_items else "at least 1 item"
        return f"tuple of {value_type(p.item)} ({count})"
    if p.kind == "enum":
        return "one of " + ", ".join(f'"{c}"' for c in p.choices)
    if p.kind in ("int", "float"):
        noun = "whole number" if p.kind == "int" else "number"
        return f"{noun} in [{_number(p.lo)}, {_number(p.hi)}]" if p.lo is not None or p.hi is not None else noun
    if p.kind == "bool":
        return "True or False"
    if p.ref == "category":
        return "category"
    if p.ref == "object_id":
        return "object id"
    if p.ref == "part":
        return "part name"
    return "string"


def param_line(p: ParamSpec) -> str:
    """One parameter of the guide: '- width_m (required): number in [2.0, 15.0]; extent along x'."""
    if p.required:
        status = "required"
    else:
        shown = T.format_value(p.default)
        status = "optional, default " + ('""' if p.default == "" else shown)
    doc = f"; {p.doc}" if p.doc else ""
    return f"  - {p.name} ({status}): {value_type(p)}{doc}"


def tool_entry(spec: ToolSpec) -> str:
    """One tool of the guide: its signature, its description and one line per parameter."""
    signature = ", ".join(p.name if p.required else f"{p.name}=..." for p in spec.params)
    lines = [f"{spec.name}({signature})", "  " + " ".join(spec.doc.split())]
    lines.extend(param_line(p) for p in spec.params)
    return "\n".join(lines)


def category_section() -> str:
    """The catalogue's categories, compactly: one line per placement kind (doors and windows come
    with the room's initializer and are not listed)."""
    lines = ["Categories:"]
    for placement, title in PLACEMENT_TITLES.items():
        names = [c.name for c in catalog.CATEGORIES if c.placement == placement]
        if names:
            lines.append(f"{title}: {', '.join(names)}")
    return "\n".join(lines)


def compact_type(p: ParamSpec) -> str:
    """A parameter's type in a few characters: '2.0..15.0', '"a"|"b"', 'object id', '(category, ...)'."""
    if p.kind == "tuple":
        return f"({compact_type(p.item)}, ...)" + (f" up to {p.max_items}" if p.max_items else "")
    if p.kind == "enum":
        return "|".join(f'"{c}"' for c in p.choices)
    if p.kind in ("int", "float") and p.lo is not None and p.hi is not None:
        return f"{_number(p.lo)}..{_number(p.hi)}"
    return value_type(p)


def compact_entry(spec: ToolSpec) -> str:
    """One line a tool: 'add_object(category: category, placement: "against_wall"|... = "against_wall")'."""
    args = []
    for p in spec.params:
        default = "" if p.required else " = " + ('""' if p.default == "" else T.format_value(p.default))
        args.append(f"{p.name}: {compact_type(p)}{default}")
    return f"{spec.name}({', '.join(args)})"


GUIDES = ("full", "compact", "none")


@functools.lru_cache(maxsize=4)
def tool_guide(detail: str = "full") -> str:
    """The tool guide: the call rules, every tool by group, and the categories.

    ``detail="full"`` (the paper's layout) gives each tool's description and one line per parameter
    (about 15,000 characters); ``"compact"`` gives one signature line per tool with types, ranges,
    enum values and defaults but no prose (about 7,400 characters), for small models with short
    contexts; ``"none"`` gives nothing (a model fine-tuned without the guide)."""
    if detail not in GUIDES:
        raise ValueError(f"unknown guide detail {detail!r}; expected one of {', '.join(GUIDES)}")
    if detail == "none":
        return ""
    blocks = ["Tools:\n" + _RULES]
    for group in GROUP_ORDER:
        specs = [s for s in SPECS.values() if s.group == group]
        if not specs:
            continue
        if detail == "full":
            blocks.append(f"{GROUP_TITLES[group]}:\n" + "\n".join(tool_entry(s) for s in specs))
        else:
            blocks.append(f"{GROUP_TITLES[group]}:\n" + "\n".join(compact_entry(s) for s in specs))
    blocks.append(category_section())
    return "\n\n".join(blocks)


# ---------------------------------------------------------------- prompts


def _instruction_block(instruction: str) -> str:
    text = " ".join(str(instruction).split())
    if not text:
        raise ValueError("the instruction is empty")
    return f"Instruction: {text}\n{understood_line(text)}"


@functools.lru_cache(maxsize=512)
def understood_line(instruction: str) -> str:
    """What the reader understood, on one line after the instruction, so that a model honours what
    was read and decides the rest: the room type, the size, the density, the requirements as specs
    (the evaluator's grammar) and the nouns the catalogue lacks, e.g.
    ``Understood: bedroom; 4 x 3.5 m; specs eq,2,nightstand eq,1,against,double_bed,wall; left out: hammock``."""
    request = read(instruction)
    parts = [request.room_type or "no room named"]
    if request.size_m:
        parts.append(f"{request.size_m[0]:g} x {request.size_m[1]:g} m")
    elif request.area_m2:
        parts.append(f"{request.area_m2:g} m2")
    elif request.size_word:
        parts.append(request.size_word)
    if request.density:
        parts.append(request.density)
    specs = request.specs()
    if specs:
        parts.append("specs " + " ".join(specs))
    if request.unknown:
        parts.append("left out: " + ", ".join(u.noun for u in request.unknown))
    return "Understood: " + "; ".join(parts)


def examples_block(examples: Sequence[tuple[str, str]]) -> str:
    """Few-shot examples, each an instruction and its trajectory text (validated and written in
    canonical form, so a broken example is caught here and not taught to the model)."""
    blocks = []
    for i, (instruction, text) in enumerate(examples, start=1):
        canonical = T.format(T.load(text)).rstrip("\n")
        blocks.append(f"Example {i}\n{_instruction_block(instruction)}\n{TRAJECTORY_MARKER}\n{canonical}")
    return "\n\n".join(blocks)


def _head(instruction: str, guide: str) -> list[str]:
    text = tool_guide(guide)
    return [_instruction_block(instruction), text] if text else [_instruction_block(instruction)]


def trajectory_prompt(instruction: str, examples: Sequence[tuple[str, str]] = (), guide: str = "full") -> str:
    """The prompt for a whole trajectory: instruction, tool guide (``guide``: see ``tool_guide``),
    optional few-shot examples, the request. The model's answer starts right after the final
    ``Trajectory:`` line with ``1. ``."""
    parts = _head(instruction, guide)
    if examples:
        parts.append(examples_block(examples))
    parts.append(
        "Generate the complete tool-call trajectory for the instruction: every call from the initializer to "
        f"terminate(status=\"success\"), one numbered call a line, nothing else.\n{TRAJECTORY_MARKER}\n"
    )
    return "\n\n".join(parts)


def history_lines(history: Sequence[tuple[str, str]]) -> str:
    """Executed calls with their results, one a line: '2. add_object(...)  -> created bed_0'."""
    out = []
    for i, (call, result) in enumerate(history, start=1):
        text = call.strip()
        if not text[:1].isdigit():
            text = f"{i}. {text}"
        out.append(f"{text}  -> {' '.join(result.split()) or 'no change'}")
    return "\n".join(out)


def history_of(execution) -> list[tuple[str, str]]:
    """(call text, result summary) pairs from an ``executor.Execution`` (switched-off calls say so)."""
    pairs = []
    for call, result in zip(execution.trajectory.calls, execution.results):
        plain = T.format_call(T.Call(call.number, call.tool, call.args))
        pairs.append((plain, "switched off" if result is None else result.summary()))
    return pairs


def stepwise_prompt(instruction: str, history: Sequence[tuple[str, str]], guide: str = "full") -> str:
    """The prompt for the next call only, given the calls executed so far and their results. The
    prompt ends with the ``Next call:`` line and the call's number and dot (``5.``); the model's
    answer is the rest of that line, a space and one call (``step_answer``). The space belongs to the
    answer because BPE tokenizers join a space to the word after it."""
    done = history_lines(history) if history else "(nothing yet: the next call is an initializer)"
    number = len(history) + 1
    return "\n\n".join([
        *_head(instruction, guide),
        f"Executed so far (call -> result):\n{done}",
        f"Generate the next tool call (call {number}); write terminate(status=\"success\") when the room is finished.\n"
        f"{NEXT_CALL_MARKER}\n{number}.",
    ])


def step_answer(call: str) -> str:
    """What a model writes after a stepwise prompt for ``call`` (``tool(...)``, no number)."""
    return " " + call.strip()


def discriminator_prompt(instruction: str, candidates: Sequence[str], guide: str = "full") -> str:
    """The prompt for ranking k candidate trajectories of one instruction; the answer is the index
    (0 .. k-1) of the one expected to give the best scene, after the ``Best candidate:`` line."""
    if not candidates:
        raise ValueError("no candidates to rank")
    blocks = _head(instruction, guide)
    for i, text in enumerate(candidates):
        blocks.append(f"Candidate {i}:\n{text.strip()}")
    blocks.append(
        f"Which candidate trajectory builds the best scene for the instruction? Answer with its index (0 to {len(candidates) - 1}).\n"
        f"{BEST_MARKER}\n"
    )
    return "\n\n".join(blocks)
