"""The JSON schemas and the GBNF grammar generated from TOOLS, checked against llama.cpp itself."""

from __future__ import annotations

import json
import re

import pytest

from sceneorchestra_addon.ground import catalog
from sceneorchestra_addon.core import grammar
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.tools import SPECS


def to_regex(expr: str) -> re.Pattern:
    """Translate the small GBNF subset the numeric rules use into a Python regex."""
    out = []
    for tok in re.findall(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[()|?+*]', expr):
        out.append(re.escape(json.loads(tok)) if tok.startswith('"') else tok)
    return re.compile("".join(out))


@pytest.mark.parametrize("lo, hi", [(0, 4), (1, 12), (0, 99), (7, 1234), (-15, 20), (-180, -5), (100, 100)])
def test_int_range_matches_exactly(lo, hi):
    rx = to_regex(grammar.int_range(lo, hi))
    for n in range(lo - 60, hi + 60):
        assert bool(rx.fullmatch(str(n))) == (lo <= n <= hi), n
    assert not rx.fullmatch("007")


@pytest.mark.parametrize("lo, hi", [(2.0, 15.0), (0.1, 1.0), (0.0, 3.0), (-180.0, 180.0), (0.3, 4.5), (-10.0, 10.0), (0.05, 0.35)])
def test_float_range_matches_exactly(lo, hi):
    rx = to_regex(grammar.float_range(lo, hi))
    lo_h, hi_h = round(lo * 100), round(hi * 100)
    for h in range(lo_h - 250, hi_h + 250):
        sign = "-" if h < 0 else ""
        i, f = divmod(abs(h), 100)
        for text in (f"{sign}{i}.{f:02d}", f"{sign}{i}.{f // 10}" if f % 10 == 0 else None):
            if text is None:
                continue
            assert bool(rx.fullmatch(text)) == (lo_h <= h <= hi_h), text
    # what format() writes for values the model should produce is accepted
    for value in (lo, hi, round((lo + hi) / 2, 2)):
        assert rx.fullmatch(T.format_value(float(value))), value


def test_schemas_cover_every_tool_and_parameter():
    schemas = {s["name"]: s for s in grammar.schemas()}
    assert set(schemas) == set(SPECS)
    for name, spec in SPECS.items():
        params = schemas[name]["parameters"]
        room = {T.ROOM_ARG} if spec.group in ("implementer", "modifier") else set()  # a plan's calls name their room
        assert set(params["properties"]) == {p.name for p in spec.params} | room
        assert params["required"] == [p.name for p in spec.params if p.required]
        assert params["additionalProperties"] is False
        assert schemas[name]["description"] == spec.doc
    crowd = schemas["add_crowd"]["parameters"]["properties"]
    assert crowd["categories"]["items"]["enum"] == list(catalog.CATEGORY_NAMES)
    density = dict(crowd["density"])
    assert density.pop("description")
    assert density == {"type": "number", "minimum": 0.1, "maximum": 1.0, "default": 0.6}
    json.dumps(schemas)


def test_grammar_names_every_tool_and_category():
    text = grammar.gbnf()
    for name in SPECS:
        assert f'"{name}(' in text
    for name in catalog.CATEGORY_NAMES:
        assert json.dumps(name) in text
    rules = dict(line.split(" ::= ", 1) for line in text.splitlines())
    bodies = re.sub(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|\{[0-9,]*\}', " ", " ".join(rules.values()))
    referenced = set(re.findall(r"[a-z][a-z0-9-]*", bodies))
    assert referenced <= set(rules), referenced - set(rules)


def test_llama_cpp_accepts_grammar_and_every_sample_validates(tiny_gguf):
    llama_cpp = pytest.importorskip("llama_cpp")
    llm = llama_cpp.Llama(model_path=str(tiny_gguf), n_ctx=1024, n_threads=1, seed=0, verbose=False)
    constraint = llama_cpp.LlamaGrammar.from_string(grammar.gbnf(), verbose=False)
    finished = 0
    for seed in range(20):
        out = llm.create_completion("Design me a bedroom\n", grammar=constraint, max_tokens=600, temperature=1.0, seed=seed)
        choice = out["choices"][0]
        if choice["finish_reason"] != "stop":
            continue  # cut off by max_tokens: an unfinished trajectory, not a grammar failure
        finished += 1
        try:
            traj = T.load(choice["text"])  # raises TrajectoryError if the grammar let anything invalid through
        except T.TrajectoryError as exc:
            # but a reference: which rooms a plan has is its first call's (as which objects exist is
            # the executor's); a context-free grammar cannot hold a later call to them (the call-by-call
            # grammar, call_gbnf(rooms=...), does)
            assert all(i.arg == "room" and "there is no room" in i.message for i in exc.issues), exc
            traj = T.parse(choice["text"])
        assert traj.calls[0].number == 1 and traj.calls[-1].tool == "terminate"
    assert finished >= 10


def test_a_call_grammar_can_be_held_to_some_tools_and_kept_from_stopping():
    """Requirement steering's grammar: only the named tools after the initializer, and no
    ``terminate`` while ``can_stop`` is false (the last call number still ends)."""
    free = grammar.call_gbnf(5, ["bed_0"])
    held = grammar.call_gbnf(5, ["bed_0"], ["nightstand"], tools={"add_related", "add_object"}, can_stop=False)
    assert "terminator" in free.split("\n")[0] and "terminator" not in held.split("\n")[0]
    assert held.split("\n")[0] == 'root ::= "5. " step "\\n"'
    step = next(line for line in held.splitlines() if line.startswith("step ::="))
    assert step == "step ::= call-add-object | call-add-related"
    last = grammar.call_gbnf(grammar.MAX_CALLS, ["bed_0"], tools={"add_object"}, can_stop=False)
    assert '"terminator' not in last and "terminator" in last.split("\n")[0]
    with pytest.raises(ValueError, match="no call of the tools"):
        grammar.call_gbnf(2, [], tools={"move_object"}, can_stop=False)  # nothing to move yet


def test_the_initializer_can_be_held_to_the_size_the_instruction_calls_for():
    """``sides``: the width and depth of call 1 range over (lo, hi) only; later calls are unaffected."""
    held = grammar.call_gbnf(1, [], sides=(3.0, 4.5))
    spec = SPECS["init_room"]
    name = next(line.split(" ::= ")[0] for line in held.splitlines() if line.startswith("call-init-room ::="))
    body = dict(line.split(" ::= ", 1) for line in held.splitlines())[name]
    rule = re.search(r'"width_m=" (\S+)', body).group(1)
    assert dict(line.split(" ::= ", 1) for line in held.splitlines())[rule] == grammar.float_range(3.0, 4.5)
    assert spec.param("width_m").lo < 3.0 and grammar.call_gbnf(2, ["bed_0"], sides=(3.0, 4.5)) == grammar.call_gbnf(2, ["bed_0"])
    each = grammar.call_gbnf(1, [], sides=((5.1, 6.9), (4.7, 6.3)))  # "6 x 5.5 m": each side its own range
    rules = dict(line.split(" ::= ", 1) for line in each.splitlines())
    width, depth = (re.search(rf'"{p}=" (\S+)', rules[name]).group(1) for p in ("width_m", "depth_m"))
    assert rules[width] == grammar.float_range(5.1, 6.9) and rules[depth] == grammar.float_range(4.7, 6.3)


def test_a_call_grammar_can_hold_each_object_parameter_and_enum_to_some_values(tiny_gguf):
    """``roles`` and ``choices`` (requirement steering's "relate it to the desk, behind it"):
    random weights sampled under the held grammar name only the held ids and values in those
    parameters (an id that does not exist is never offered), and every other parameter keeps its
    full range."""
    llama = pytest.importorskip("sceneorchestra_addon.agent.llama")
    ids = ["desk_0", "office_chair_0", "bookshelf_0"]
    held = grammar.call_gbnf(4, ids, tools={"add_related", "add_relation", "face_to", "add_on_top"}, can_stop=False,
                             roles={"anchor": ["desk_0"], "parent": ["desk_0"], "target": ["office_chair_0", "gone_0"]},
                             choices={"relation": ("behind", "nowhere")})
    assert grammar.call_gbnf(4, ids, roles={"anchor": ["gone_0"]}, choices={"relation": ("nowhere",)}) == grammar.call_gbnf(4, ids)
    counted = dict(line.split(" ::= ", 1) for line in grammar.call_gbnf(4, ids, choices={"count": (3, 40)}).splitlines())
    assert counted["count-choice-1-12"] == '"3"' and '"count=" count-choice-1-12' in counted["call-add-group"]
    assert '"size=" count-choice' not in counted["call-add-set"]  # an integer of the same range but another name keeps it
    loose = dict(line.split(" ::= ", 1) for line in grammar.call_gbnf(4, ids, ["bar_stool", "oven"], unanchored={"bar_stool"}).splitlines())
    assert loose["category-floor-unanchored"] == '"\\"" ( "oven" ) "\\""' and "category-floor-unanchored" in loose["call-add-object"]
    only = grammar.call_gbnf(4, ids, ["bar_stool"], tools={"add_object", "add_related"}, can_stop=False, unanchored={"bar_stool"})
    assert dict(line.split(" ::= ", 1) for line in only.splitlines())["step"] == "call-add-related"  # nothing left for add_object
    backend = llama.LlamaBackend(tiny_gguf, n_threads=1, guide="none", n_ctx=512)
    tools = set()
    for seed in range(16):
        out = backend.complete("An office with a desk\n", held, seed=seed, max_tokens=120, temperature=1.5)
        call = T.parse(out.text if out.text.endswith("\n") else out.text + "\n").calls[0]
        args = dict(call.args)
        tools.add(call.tool)
        assert args.get("anchor", "desk_0") == "desk_0" and args.get("parent", "desk_0") == "desk_0", out.text
        assert args.get("target", "office_chair_0") == "office_chair_0" and args.get("relation", "behind") == "behind", out.text
    backend.close()
    assert len(tools) >= 2, tools


def test_a_held_optional_parameter_must_be_written(tiny_gguf):
    """An optional parameter held to values its default is not among (``near``: "window", the
    default "none") cannot be left out, or the call would step around the hold: a desk "by the
    window" written with no ``near`` at all. Held to a set with its default (``placement``:
    "against_wall" among them) it stays optional; unheld, every optional parameter stays optional."""
    llama = pytest.importorskip("sceneorchestra_addon.agent.llama")
    rules = lambda text: dict(line.split(" ::= ", 1) for line in text.splitlines())  # noqa: E731
    held = grammar.call_gbnf(3, ["bed_0"], ["desk"], tools={"add_object"}, can_stop=False,
                             choices={"near": ("window",), "placement": ("against_wall", "corner")})
    body = rules(held)["call-add-object"]
    assert re.search(r'\)\? ", " "near=" enum-none-\w+ \(', body) and '( ", " "placement=' in body, body  # in its place, the rest optional
    counted = rules(grammar.call_gbnf(3, ["table_0"], choices={"count": (3,), "arrangement": ("both_sides",)}))
    assert '"count=" count-choice-1-12 ", " "arrangement=" enum-around' in counted["call-add-group"]
    assert '", " "count=" count-choice-1-12 ")"' in counted["call-add-on-top"]
    free = rules(grammar.call_gbnf(3, ["bed_0"]))["call-add-object"]
    assert '( ", " "near=' in free and '( ", " "count=' in rules(grammar.call_gbnf(3, ["bed_0"]))["call-add-on-top"]
    backend = llama.LlamaBackend(tiny_gguf, n_threads=1, guide="none", n_ctx=512)
    written = 0
    for seed in range(8):
        out = backend.complete("A study with a desk by the window\n", held, seed=seed, max_tokens=200, temperature=1.5)
        if out.finish_reason == "length":  # random weights may ramble in a float past the budget
            continue
        call = T.parse(out.text if out.text.endswith("\n") else out.text + "\n").calls[0]
        assert dict(call.args)["near"] == "window", out.text
        written += 1
    backend.close()
    assert written >= 4


def test_a_required_parameter_is_written_by_every_tool_that_takes_it(tiny_gguf):
    """``required``: a mirror asked "over the basin" is hung ``above=`` it, never anywhere on a
    wall; a tool without the parameter is left as it is, and without ``required`` it stays optional."""
    llama = pytest.importorskip("sceneorchestra_addon.agent.llama")
    rules = lambda text: dict(line.split(" ::= ", 1) for line in text.splitlines())  # noqa: E731
    held = grammar.call_gbnf(3, ["bathroom_vanity_0"], ["mirror"], tools={"add_wall_object"}, can_stop=False,
                             roles={"above": ["bathroom_vanity_0"]}, required=("above",))
    assert '( ", " "above=' not in rules(held)["call-add-wall-object"] and '", " "above=' in rules(held)["call-add-wall-object"]
    assert '( ", " "above=' in rules(grammar.call_gbnf(3, ["bathroom_vanity_0"]))["call-add-wall-object"]
    backend = llama.LlamaBackend(tiny_gguf, n_threads=1, guide="none", n_ctx=512)
    written = 0
    for seed in range(6):
        out = backend.complete("A bathroom with a mirror over the basin\n", held, seed=seed, max_tokens=200, temperature=1.5)
        if out.finish_reason == "length":
            continue
        call = T.parse(out.text if out.text.endswith("\n") else out.text + "\n").calls[0]
        assert call.tool == "add_wall_object" and dict(call.args)["above"] == "bathroom_vanity_0", out.text
        written += 1
    backend.close()
    assert written >= 3


def test_add_on_top_names_small_objects_and_the_floor_pieces_that_stack_only():
    """A bed on a nightstand can never be built: the grammar leaves it out of ``add_on_top`` (the
    shipped model, steered toward a bed, once spent every try writing one there), while a dryer on
    a washing machine stays."""
    from sceneorchestra_addon.agent.llama import _tools_adding
    from sceneorchestra_addon.core import grammar as G
    from sceneorchestra_addon.core.tools import SPECS

    names = G._category_names(tuple(sorted(SPECS["add_on_top"].param("category").placements)))
    assert all(f'"{c}"' in names for c in ("table_lamp", "book", "dryer", "microwave", "toy_chest"))
    assert all(f'"{c}"' not in names for c in ("double_bed", "wardrobe", "sofa", "dining_table"))
    assert "add_on_top" not in _tools_adding({"double_bed", "single_bed"}) and "add_on_top" in _tools_adding({"dryer"})


def test_a_tool_that_cannot_take_an_allowed_category_is_not_written():
    """With the categories held to a wall mirror, ``add_related`` (floor pieces) is left out of the
    call rather than written with any piece of the catalogue; held to that tool alone, no call can
    be written (the caller lets the model go on freely)."""
    gbnf = grammar.call_gbnf(5, ["double_bed_0"], ["mirror"], tools={"add_related", "add_wall_object"}, can_stop=False)
    step = next(line for line in gbnf.splitlines() if line.startswith("step ::="))
    assert "call-add-wall-object" in step and "call-add-related" not in step
    with pytest.raises(ValueError):
        grammar.call_gbnf(5, ["double_bed_0"], ["mirror"], tools={"add_related"}, can_stop=False)
    free = grammar.call_gbnf(5, ["double_bed_0"], ["chair"], tools={"add_related"}, can_stop=False)  # a word, not a category: any
    assert "call-add-related" in next(line for line in free.splitlines() if line.startswith("step ::="))


def test_a_tool_whose_left_out_category_is_not_allowed_is_not_offered():
    """``add_ceiling_light``'s category is optional (default ``ceiling_light``): while steering holds
    a call to chairs, the tool is left out, as leaving its category out would name a light anyway
    (the shipped model once spent 29 tries writing ``add_ceiling_light(count=1)`` there)."""
    rules = lambda text: dict(line.split(" ::= ", 1) for line in text.splitlines())  # noqa: E731
    steps = rules(grammar.call_gbnf(3, ["table_0"], ["dining_chair"], tools={"add_ceiling_light", "add_group"}, can_stop=False))["step"]
    assert "call-add-ceiling-light" not in steps and "call-add-group" in steps
    steps = rules(grammar.call_gbnf(3, ["table_0"], ["ceiling_light"], tools={"add_ceiling_light", "add_group"}, can_stop=False))["step"]
    assert "call-add-ceiling-light" in steps
    # a projector wanted: the tool is offered and must name it (its category is written, first)
    held = rules(grammar.call_gbnf(3, ["table_0"], ["projector"], tools={"add_ceiling_light"}, can_stop=False))
    assert held["call-add-ceiling-light"].startswith('"add_ceiling_light(" "category=" category-ceiling (') and " | " not in held["call-add-ceiling-light"]
    assert held["category-name-ceiling"] == '"projector"'
    free = rules(grammar.call_gbnf(3, ["table_0"], ["projector", "ceiling_light"], tools={"add_ceiling_light"}, can_stop=False))
    assert " | " in free["call-add-ceiling-light"]  # the default allowed: the category may be left out
    llama = pytest.importorskip("sceneorchestra_addon.agent.llama")
    llama.compiled_grammar(grammar.call_gbnf(3, ["table_0"], ["projector"], tools={"add_ceiling_light"}, can_stop=False))  # llama.cpp reads it
