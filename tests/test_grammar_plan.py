"""The grammars of a scene of several rooms (``init_plan`` first, ``room=`` on every later call but
``terminate``), checked with llama.cpp's own grammar engine: the trajectories the suite planner
writes are accepted, one-room trajectories are accepted as before and refused with a ``room``
argument, and the one-room decoder is never offered ``init_plan``."""

from __future__ import annotations

import ctypes
import math
import re
import time

import pytest

from conftest import DATA
from sceneorchestra_addon.core import grammar
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.suite_planner import addressed
from sceneorchestra_addon.core.tools import SPECS
from sceneorchestra_addon.core.tools.init_plan import room_names
from test_grammar import to_regex

llama_cpp = pytest.importorskip("llama_cpp")

ONE_ROOM = sorted(DATA.glob("*.txt"))  # one-room example trajectories, one per room type
TERMINATE = 'terminate(status="success")'


class Matcher:
    """llama.cpp's grammar engine on the tiny GGUF's byte-level vocabulary (token b is byte b): a
    text is accepted when the grammar allows each of its bytes in turn and then the end of text."""

    def __init__(self, model_path):
        self.llm = llama_cpp.Llama(model_path=str(model_path), vocab_only=True, n_ctx=64, verbose=False)
        self.vocab = self.llm._model.vocab
        self.eos = llama_cpp.llama_vocab_eos(self.vocab)
        assert self.llm.detokenize([ord("a"), ord("(")]) == b"a("

    def compile(self, gbnf: str):
        """llama.cpp's parse of ``gbnf`` (a sampler), or None where llama.cpp refuses it."""
        return llama_cpp.llama_sampler_init_grammar(self.vocab, gbnf.encode(), b"root") or None

    def compile_seconds(self, gbnf: str) -> float:
        started = time.perf_counter()
        sampler = self.compile(gbnf)
        took = time.perf_counter() - started
        assert sampler is not None, "llama.cpp refused the grammar"
        llama_cpp.llama_sampler_free(sampler)
        return took

    def accepts(self, gbnf: str, text: str) -> bool:
        sampler = self.compile(gbnf)
        assert sampler is not None, "llama.cpp refused the grammar"
        try:
            return self._run(sampler, text)
        finally:
            llama_cpp.llama_sampler_free(sampler)

    def _run(self, sampler, text: str) -> bool:
        data = (llama_cpp.llama_token_data * 1)()
        candidates = llama_cpp.llama_token_data_array(data=data, size=1, selected=-1, sorted=False)

        def allowed(token: int) -> bool:
            data[0].id, data[0].logit, data[0].p = token, 0.0, 0.0
            candidates.size = 1
            llama_cpp.llama_sampler_apply(sampler, ctypes.byref(candidates))
            return data[0].logit != -math.inf

        for byte in text.encode():
            if not allowed(byte):
                return False
            llama_cpp.llama_sampler_accept(sampler, byte)
        return allowed(self.eos)


@pytest.fixture(scope="module")
def matcher(tiny_gguf) -> Matcher:
    return Matcher(tiny_gguf)


@pytest.fixture(scope="module")
def whole() -> str:
    return grammar.gbnf()


def rules_of(text: str) -> dict[str, str]:
    return dict(line.split(" ::= ", 1) for line in text.splitlines())


def references(body: str) -> set[str]:
    return set(re.findall(r"[a-z][a-z0-9-]*", re.sub(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|\{[0-9,]*\}', " ", body)))


def reachable(rules: dict[str, str], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(references(rules[name]))
    return seen


def plan_text(files, steps_per_room: int | None = None) -> str:
    """A plan trajectory as the suite planner writes one: init_plan of the example files' room types,
    then each example's steps addressed to its room, then terminate."""
    examples = [T.load(path.read_text()) for path in files]
    kinds = tuple(t.calls[0].arg("room_type") for t in examples)
    calls = [f"init_plan(rooms={T.format_value(kinds)})"]
    for name, traj in zip(room_names(kinds), examples):
        steps = [c for c in traj.calls[1:-1]][:steps_per_room]
        calls.extend(addressed(T.format_call(T.Call(0, c.tool, c.args))[3:], name) for c in steps)
    calls.append(TERMINATE)
    return "".join(f"{i}. {c}\n" for i, c in enumerate(calls, start=1))


def numbered(calls: list[str]) -> str:
    return "".join(f"{i}. {c}\n" for i, c in enumerate(calls, start=1))


# ---------------------------------------------------------------- the whole-trajectory grammar


def test_llama_cpp_parses_every_new_grammar_in_milliseconds(matcher, whole):
    assert matcher.compile("root ::= undefined-rule\n") is None  # a refusal is seen
    took = {"gbnf()": matcher.compile_seconds(whole)}
    grammars = {
        "call 1, plan": grammar.call_gbnf(1, [], plan_first=True),
        "call 2, rooms": grammar.call_gbnf(2, [], rooms=("bedroom_0", "bathroom_0")),
        "call 7, one room, held": grammar.call_gbnf(7, ["desk_0"], ["chair"], tools={"add_related"}, can_stop=False, rooms=("office_0",)),
        f"call {T.MAX_PLAN_CALLS}, rooms": grammar.call_gbnf(T.MAX_PLAN_CALLS, ["bed_0"], rooms=("bedroom_0",)),
    }
    took.update((name, matcher.compile_seconds(text)) for name, text in grammars.items())
    print("\n" + "\n".join(f"{name}: {len(grammars.get(name, whole))} characters, {s * 1000:.1f} ms" for name, s in took.items()))
    assert max(took.values()) < 1.0
    for text in [whole, *grammars.values()]:
        rules = rules_of(text)
        assert references(" ".join(rules.values())) <= set(rules)


def test_the_numbering_is_exact_up_to_each_kind_of_trajectory_s_limit(matcher, whole):
    """A plan: ``plan-line-k`` unrolled up to MAX_PLAN_CALLS (the last can only be terminate); a
    room: ``line-k`` up to MAX_CALLS, as before."""
    rules = rules_of(whole)
    assert rules["root"] == '"1. " initializer "\\n" line-2 | "1. " plan-initializer "\\n" plan-line-2'
    assert f"plan-line-{T.MAX_PLAN_CALLS}" in rules and f"plan-line-{T.MAX_PLAN_CALLS + 1}" not in rules
    assert f"line-{T.MAX_CALLS}" in rules and f"line-{T.MAX_CALLS + 1}" not in rules
    plan_step = 'resolve_collisions(room="bedroom_0")'
    start = 'init_plan(rooms=("bedroom",))'
    assert matcher.accepts(whole, numbered([start] + [plan_step] * (T.MAX_PLAN_CALLS - 2) + [TERMINATE]))
    assert not matcher.accepts(whole, numbered([start] + [plan_step] * (T.MAX_PLAN_CALLS - 1) + [TERMINATE]))
    room = 'init_room(room_type="bedroom", width_m=4.0, depth_m=3.5)'
    assert matcher.accepts(whole, numbered([room] + ["resolve_collisions()"] * (T.MAX_CALLS - 2) + [TERMINATE]))
    assert not matcher.accepts(whole, numbered([room] + ["resolve_collisions()"] * (T.MAX_CALLS - 1) + [TERMINATE]))
    assert not matcher.accepts(whole, '1. init_plan(rooms=("bedroom",))\n3. terminate(status="success")\n')


def test_one_room_trajectories_are_accepted_as_before_and_refused_with_a_room(matcher, whole):
    rules = rules_of(whole)
    assert rules["initializer"] == "call-init-room | call-init-furnished-room"  # never init_plan
    one_room = reachable(rules, "initializer") | reachable(rules, "line-2")
    assert not {r for r in one_room if r.startswith(("room-", "plan-")) or r == "call-init-plan"}
    assert rules["room-step"].count("room-call-") == rules["step"].count("call-")
    for path in ONE_ROOM:
        text = path.read_text()
        assert matcher.accepts(whole, text), path.name
        name = T.load(text).calls[0].arg("room_type") + "_0"
        lines = text.splitlines(keepends=True)
        for i in (1, len(lines) // 2, len(lines) - 1):  # a step, another step, terminate
            number, call = lines[i].split(". ", 1)
            with_room = "".join(lines[:i]) + f"{number}. {addressed(call.rstrip(), name)}\n" + "".join(lines[i + 1:])
            assert not matcher.accepts(whole, with_room), (path.name, i)
        init = T.load(text).calls[0]
        assert not matcher.accepts(whole, text.replace(f"{init.tool}(", f'{init.tool}(room="{name}", ', 1))


def test_plan_trajectories_of_the_example_rooms_are_accepted(matcher, whole):
    """Eight rooms (the most a plan has), each furnished by its one-room example, every step with
    ``room=`` first; leaving a room out, giving one to init_plan or terminate, naming a room no
    plan has, or writing room= later than first is refused."""
    text = plan_text(ONE_ROOM[:8])
    traj = T.load(text)
    assert len({c.room for c in traj.calls[1:-1]}) == 8
    assert matcher.accepts(whole, text)
    lines = text.splitlines(keepends=True)
    refused = {
        "a step without its room": text.replace('room="bathroom_0", ', "", 1),
        "terminate with a room": text.replace(TERMINATE, 'terminate(room="bedroom_0", status="success")'),
        "init_plan with a room": text.replace("init_plan(", 'init_plan(room="bedroom_0", ', 1),
        "a room no plan makes": text.replace('room="gym_0"', 'room="attic_0"', 1),
        "a ninth room of a type": text.replace('room="gym_0"', 'room="gym_8"', 1),
        "room= not first": "".join(lines[:1]) + '2. add_object(category="rug", room="bathroom_0")\n3. ' + TERMINATE + "\n",
    }
    for why, bad in refused.items():
        assert bad != text and not matcher.accepts(whole, bad), why
    assert matcher.accepts(whole, "".join(lines[:1]) + '2. add_object(room="bathroom_0", category="rug")\n3. ' + TERMINATE + "\n")


def test_the_room_name_rule_matches_the_names_a_plan_gives_and_only_those():
    rx = to_regex(rules_of(grammar.gbnf())["room-name"])
    kinds = SPECS["init_plan"].param("rooms").item.choices
    most = SPECS["init_plan"].param("rooms").max_items
    for kind in kinds:
        for name in room_names((kind,) * most):
            assert rx.fullmatch(f'"{name}"') and T.ROOM_NAME.match(name), name
        assert not rx.fullmatch(f'"{kind}_{most}"') and not rx.fullmatch(f'"{kind}"')
    assert not rx.fullmatch('"attic_0"') and not rx.fullmatch("bedroom_0")


def _suite_texts(ids: set[str] | None = None) -> dict[str, str]:
    from sceneorchestra_addon.core.plan_reader import read_plan
    from sceneorchestra_addon.core.suite_planner import suite_text

    rows = [line.split("\t") for line in (DATA / "multiroom_prompts.tsv").read_text().splitlines()[1:] if line and not line.startswith("#")]
    return {row[0]: suite_text(read_plan(row[1]), 0) for row in rows if ids is None or row[0] in ids}


def _check_suite(matcher: Matcher, whole: str, text: str) -> None:
    """The whole trajectory under ``gbnf()``, and each call under its own ``call_gbnf`` (the plan's
    rooms, the objects the trajectory names)."""
    assert matcher.accepts(whole, text)
    traj = T.load(text)
    names = tuple(room_names(traj.calls[0].arg("rooms")))
    first = T.format_call(traj.calls[0]) + "\n"
    assert matcher.accepts(grammar.call_gbnf(1, [], plan_first=True), first)
    assert not matcher.accepts(grammar.call_gbnf(1, []), first)
    ids = sorted({v for c in traj.calls[1:] for n, v in c.args
                  if n != T.ROOM_ARG and SPECS[c.tool].param(n).ref == "object_id"})
    for call in traj.calls[1:]:
        line = T.format_call(call) + "\n"
        rooms = names if call.room is None else (call.room,)
        assert matcher.accepts(grammar.call_gbnf(call.number, ids, rooms=rooms), line), line
    assert T.format(T.validate(traj)) == text


def test_the_suite_planner_s_trajectories_are_accepted_for_a_few_prompts(matcher, whole):
    texts = _suite_texts({"m01", "m20"})
    assert len(texts) == 2
    for text in texts.values():
        _check_suite(matcher, whole, text)


@pytest.mark.slow
def test_the_suite_planner_s_trajectories_are_accepted_for_every_multiroom_prompt(matcher, whole):
    """Column 2 of tests/data/multiroom_prompts.tsv, every prompt (about a minute and a half: the
    suite planner plans and runs every room)."""
    texts = _suite_texts()
    assert len(texts) >= 20
    for key, text in texts.items():
        try:
            _check_suite(matcher, whole, text)
        except AssertionError as exc:
            raise AssertionError(f"{key}: {exc}") from exc


# ---------------------------------------------------------------- the grammar of one call


def test_the_one_room_decoder_is_never_offered_init_plan_nor_a_room(matcher):
    init_room = '1. init_room(room_type="bedroom", width_m=4.0, depth_m=3.5)\n'
    init_plan = '1. init_plan(rooms=("bedroom", "bathroom"), doors=("bedroom_0-bathroom_0",))\n'
    for kwargs in ({}, {"plan_first": False}, {"room_type": "bedroom", "sides": (3.0, 5.0)}):
        first = grammar.call_gbnf(1, [], **kwargs)
        assert "init_plan" not in first and not [n for n in rules_of(first) if n.startswith(("room-", "plan-"))]
        assert matcher.accepts(first, init_room) and not matcher.accepts(first, init_plan)
    assert grammar.call_gbnf(1, []) == grammar.call_gbnf(1, [], plan_first=False, rooms=None)
    later = grammar.call_gbnf(5, ["bed_0"], ["nightstand"])
    assert not [n for n in rules_of(later) if n.startswith(("room-", "plan-"))] and "init_plan" not in later
    assert matcher.accepts(later, '5. add_related(category="nightstand", anchor="bed_0", relation="beside")\n')
    assert not matcher.accepts(later, '5. add_related(room="bedroom_0", category="nightstand", anchor="bed_0", relation="beside")\n')


def test_plan_first_makes_call_1_init_plan(matcher):
    first = grammar.call_gbnf(1, [], plan_first=True)
    assert rules_of(first)["root"] == '"1. " plan-initializer "\\n"'
    assert matcher.accepts(first, '1. init_plan(rooms=("bedroom", "bathroom"), doors=("bedroom_0-bathroom_0",))\n')
    assert matcher.accepts(first, '1. init_plan(rooms=("kitchen", "hall"), areas_m2=(12.0, 0.0), width_m=20.0, depth_m=6.5)\n')
    assert not matcher.accepts(first, '1. init_room(room_type="bedroom", width_m=4.0, depth_m=3.5)\n')
    assert not matcher.accepts(first, '1. init_plan(rooms=("bedroom",), open=("a-b", "a-b", "a-b", "a-b", "a-b", "a-b", "a-b", "a-b", "a-b"))\n')
    # the one-room initializer's room type and sides do not narrow the plan's footprint
    held = grammar.call_gbnf(1, [], room_type="bedroom", sides=(3.0, 4.0), plan_first=True)
    assert matcher.accepts(held, '1. init_plan(rooms=("bedroom",), width_m=20.0, depth_m=6.5)\n')


def test_rooms_make_every_step_name_one_of_them_first(matcher):
    rooms = ("bedroom_0", "bathroom_0")
    call = grammar.call_gbnf(5, ["bed_0"], rooms=rooms)
    assert rules_of(call)["root"] == '"5. " ( room-step | terminator ) "\\n"'
    assert rules_of(call)["room-name"] == '"\\"" ( "bathroom_0" | "bedroom_0" ) "\\""'
    assert matcher.accepts(call, '5. add_object(room="bathroom_0", category="toilet")\n')
    assert matcher.accepts(call, '5. add_on_top(room="bedroom_0", parent="bed_0", category="book")\n')
    assert matcher.accepts(call, '5. resolve_collisions(room="bedroom_0")\n')
    assert matcher.accepts(call, "5. " + TERMINATE + "\n")
    for bad in ('5. add_object(category="toilet")\n', '5. add_object(room="kitchen_0", category="toilet")\n',
                '5. add_on_top(room="bedroom_0", parent="sofa_0", category="book")\n', '5. resolve_collisions()\n',
                '5. terminate(room="bedroom_0", status="success")\n', '5. init_plan(rooms=("bedroom",))\n'):
        assert not matcher.accepts(call, bad), bad
    one = grammar.call_gbnf(5, [], ["toilet"], rooms=("bathroom_0",))
    assert matcher.accepts(one, '5. add_object(room="bathroom_0", category="toilet")\n')
    assert not matcher.accepts(one, '5. add_object(room="bedroom_0", category="toilet")\n')
    assert not matcher.accepts(one, '5. add_object(room="bathroom_0", category="double_bed")\n')
    assert "room-call-add-related" not in one  # no object yet: no tool that needs one


def test_rooms_raise_the_last_call_number_to_the_plan_limit(matcher):
    rooms = ("bedroom_0",)
    step = 'add_object(room="bedroom_0", category="rug")'
    past_one_room = grammar.call_gbnf(T.MAX_CALLS, [], rooms=rooms)
    assert matcher.accepts(past_one_room, f"{T.MAX_CALLS}. {step}\n")
    assert matcher.accepts(grammar.call_gbnf(T.MAX_PLAN_CALLS - 1, [], rooms=rooms), f"{T.MAX_PLAN_CALLS - 1}. {step}\n")
    last = grammar.call_gbnf(T.MAX_PLAN_CALLS, [], rooms=rooms, can_stop=False)
    assert rules_of(last)["root"] == f'"{T.MAX_PLAN_CALLS}. " terminator "\\n"'
    assert matcher.accepts(last, f"{T.MAX_PLAN_CALLS}. {TERMINATE}\n")
    assert not matcher.accepts(last, f"{T.MAX_PLAN_CALLS}. {step}\n")
    assert rules_of(grammar.call_gbnf(T.MAX_CALLS, []))["root"] == f'"{T.MAX_CALLS}. " terminator "\\n"'  # one room: as before


def test_rooms_with_steering_and_what_is_refused():
    held = grammar.call_gbnf(5, ["bed_0"], ["nightstand"], tools={"add_related", "add_object", "terminate"}, can_stop=False,
                             rooms=("bedroom_0",))
    rules = rules_of(held)
    assert rules["root"] == '"5. " room-step "\\n"'
    assert rules["room-step"] == "room-call-add-object | room-call-add-related"
    with pytest.raises(ValueError, match="no call of the tools"):
        grammar.call_gbnf(2, [], tools={"move_object"}, can_stop=False, rooms=("bedroom_0",))
    with pytest.raises(ValueError, match="call 1"):
        grammar.call_gbnf(1, [], plan_first=True, rooms=("bedroom_0",))
    with pytest.raises(ValueError, match="at least one room"):
        grammar.call_gbnf(2, [], rooms=())
    with pytest.raises(ValueError, match="not room names"):
        grammar.call_gbnf(2, [], rooms=("Bedroom 0",))


def test_sampling_under_the_plan_grammars_gives_valid_calls(tiny_gguf):
    """Random weights under call 1 with ``plan_first`` and call 2 with ``rooms``: every finished
    sample is a valid init_plan, a valid step in one of the rooms, or terminate."""
    llm = llama_cpp.Llama(model_path=str(tiny_gguf), n_ctx=1024, n_threads=1, seed=0, verbose=False)
    first = llama_cpp.LlamaGrammar.from_string(grammar.call_gbnf(1, [], plan_first=True), verbose=False)
    step = llama_cpp.LlamaGrammar.from_string(grammar.call_gbnf(2, [], rooms=("kitchen_0", "hall_0")), verbose=False)
    finished = 0
    for seed in range(6):
        for constraint, tools in ((first, {"init_plan"}), (step, None)):
            out = llm.create_completion("Design a flat\n", grammar=constraint, max_tokens=160, temperature=1.0, seed=seed)["choices"][0]
            if out["finish_reason"] != "stop":
                continue
            finished += 1
            call = T.parse(out["text"]).calls[0]
            assert tools is None or call.tool in tools
            if call.tool == "init_plan":
                T.validate(T.Trajectory((call, T.Call(2, "terminate", (("status", "success"),)))))
            elif call.tool != "terminate":
                assert call.room in ("kitchen_0", "hall_0") and call.args[0][0] == T.ROOM_ARG
                assert not T.issues_of(T.Trajectory((T.Call(1, "init_plan", (("rooms", ("kitchen", "hall")),)), call.with_comment(""),
                                                     T.Call(3, "terminate", (("status", "success"),)))))
    assert finished >= 4


# ---------------------------------------------------------------- what the model and the user are told


def test_the_schemas_and_the_tool_guide_describe_init_plan_and_the_room_argument():
    from sceneorchestra_addon.agent import prompts

    schemas = {s["name"]: s for s in grammar.schemas()}
    plan = schemas["init_plan"]["parameters"]
    assert plan["required"] == ["rooms"] and "hall" in plan["properties"]["rooms"]["items"]["enum"]
    assert T.ROOM_ARG not in plan["properties"]
    for name, spec in SPECS.items():
        props = schemas[name]["parameters"]["properties"]
        if spec.group in ("implementer", "modifier"):
            assert list(props)[0] == T.ROOM_ARG and T.ROOM_ARG not in schemas[name]["parameters"]["required"]
            assert props[T.ROOM_ARG]["pattern"] == T.ROOM_NAME.pattern and "init_plan" in props[T.ROOM_ARG]["description"]
        else:
            assert T.ROOM_ARG not in props
    guide = prompts.tool_guide("full")
    assert "init_plan(rooms, " in guide and 'room="bedroom_0"' in guide
    assert prompts.tool_guide("none") == ""  # the shipped models' guide: their prompt is unchanged
