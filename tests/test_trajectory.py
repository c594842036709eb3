"""The trajectory language: parse/format round trips, every validation error class, and fuzzing."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sceneorchestra_addon.ground import catalog
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.tools import SPECS, TOOLS
from sceneorchestra_addon.core.tools.init_plan import plan_room_names

BEDROOM = """\
1. init_room(room_type="bedroom", width_m=4.2, depth_m=3.6, door_wall="south")
2. add_object(category="double_bed", placement="against_wall", wall="north")
3. add_group(anchor="double_bed_0", member="nightstand", count=2, arrangement="both_sides")
4. add_object(category="wardrobe", placement="against_wall", wall="east")
5. add_object(category="bookshelf", placement="corner")
6. add_crowd(parent="bookshelf_0", categories=("book", "vase"), surface="shelves", density=0.8)
7. add_on_top(parent="nightstand_0", category="table_lamp")
8. add_wall_object(category="wall_art", wall="north", above="double_bed_0", height_m=1.6)
9. add_ceiling_light(count=1)
10. update_rotation(target="wardrobe_0", yaw_deg=-90.0)
11. set_material(target="double_bed_0", material="walnut", part="headboard")
12. resolve_collisions()
13. terminate(status="success")
"""

SMALL = """\
1. init_furnished_room(room_type="living_room", width_m=5.0, depth_m=4.5, density="dense")  # ok
2. add_crowd(parent="bookshelf_0", categories=("book",))
3. move_object(target="sofa_0", dx_m=0.25, dy_m=-1.0)
4. set_lighting(preset="warm", intensity=1.25)
5. terminate(status="success")  # done
"""


def messages(text: str) -> list[str]:
    with pytest.raises(T.TrajectoryError) as info:
        T.load(text)
    return [str(i) for i in info.value.issues]


def one(text: str) -> str:
    msgs = messages(text)
    assert len(msgs) == 1, msgs
    return msgs[0]


def wrap(*calls: str) -> str:
    lines = ['init_room(room_type="bedroom", width_m=4.0, depth_m=3.0)', *calls, 'terminate(status="success")']
    return "".join(f"{i}. {c}\n" for i, c in enumerate(lines, start=1))


@pytest.mark.parametrize("text", [BEDROOM, SMALL])
def test_round_trip_exact(text):
    traj = T.load(text)
    assert T.format(traj) == text
    assert T.parse(T.format(traj)) == traj


def test_parse_keeps_argument_order_comments_and_skips_blank_lines():
    traj = T.parse("\n# a note\n1. init_room(depth_m=3.0, room_type=\"gym\", width_m=5)  # first\n\n2. terminate(status=\"success\")\n")
    first = traj.calls[0]
    assert [k for k, _ in first.args] == ["depth_m", "room_type", "width_m"]
    assert first.comment == "first" and first.line == 3
    assert first.params().height_m == 2.7  # defaults filled into the dataclass, not the text
    assert T.validate(traj) is traj


def test_hash_inside_string_is_not_a_comment():
    traj = T.parse('1. set_material(target="sofa_0", material="oak", part="a#b")  # real\n')
    assert traj.calls[0].arg("part") == "a#b" and traj.calls[0].comment == "real"


def test_unknown_tool_with_hint():
    msg = one(wrap('addCrowd(parent="bookshelf_0", categories=("book",))'))
    assert msg.startswith("line 2: addCrowd:") and "did you mean 'add_crowd'" in msg


def test_unknown_argument_with_hint():
    msg = one(wrap('add_object(category="sofa", placment="corner")'))
    assert msg.startswith("line 2: add_object(placment=...)") and "did you mean 'placement'" in msg


def test_missing_argument():
    msg = one(wrap('add_group(anchor="sofa_0", member="armchair")'))
    assert msg == "line 2: add_group(count=...): missing required argument"


@pytest.mark.parametrize(
    "call, arg, fragment",
    [
        ('update_size(target="sofa_0", scale="big")', "scale", "expected a number"),
        ('add_group(anchor="sofa_0", member="armchair", count=2.5)', "count", "expected a whole number"),
        ('add_group(anchor="sofa_0", member="armchair", count=True)', "count", "expected a number"),
        ('add_object(category=3)', "category", "expected a string"),
        ('add_crowd(parent="bookshelf_0", categories="book")', "categories", "expected a tuple"),
        ('add_crowd(parent="bookshelf_0", categories=())', "categories", "at least one item"),
        ('update_size(target="sofa", scale=1.0)', "target", "is not an object id"),
        ('update_size(target="spaceship_0", scale=1.0)', "target", "is not an object id"),
    ],
)
def test_wrong_type(call, arg, fragment):
    msg = one(wrap(call))
    assert f"({arg}=...)" in msg and fragment in msg and msg.startswith("line 2:")


@pytest.mark.parametrize(
    "call, arg",
    [
        ('update_size(target="sofa_0", scale=3.0)', "scale"),
        ('update_rotation(target="sofa_0", yaw_deg=-181.0)', "yaw_deg"),
        ('add_group(anchor="sofa_0", member="armchair", count=0)', "count"),
        ('add_crowd(parent="bookshelf_0", categories=("book",), density=1e999)', "density"),
    ],
)
def test_out_of_range(call, arg):
    msg = one(wrap(call))
    assert f"({arg}=...)" in msg and ("out of range" in msg or "finite" in msg)


def test_bad_enum_and_unknown_category_with_hints():
    msg = one(wrap('add_object(category="sofa", wall="norht")'))
    assert "(wall=...)" in msg and "'norht' is not one of" in msg and "did you mean 'north'" in msg
    msg = one(wrap('add_object(category="couch")'))
    assert "unknown category 'couch'" in msg and "did you mean 'sofa'" in msg


def test_first_call_must_initialize():
    msg = one('1. add_object(category="sofa")\n2. terminate(status="success")\n')
    assert msg.startswith("line 1: add_object:") and "first call must be an initializer" in msg
    msg = one(wrap('init_room(room_type="gym", width_m=5.0, depth_m=5.0)'))
    assert "initializer may only be the first call" in msg


def test_terminate_last_and_once():
    msg = one(wrap('terminate(status="success")'))
    assert msg.startswith("line 2: terminate:") and "last call" in msg
    msgs = messages('1. init_room(room_type="gym", width_m=5.0, depth_m=5.0)\n2. add_object(category="treadmill")\n')
    assert msgs == ['line 2: add_object: the last call must be terminate(status="success")']


def test_numbering_gap_named_once():
    text = wrap('add_object(category="sofa")', 'add_object(category="armchair")').replace("3. add_object", "4. add_object")
    msgs = messages(text)
    assert len(msgs) == 2  # the gap, and the call after it that continues from the wrong number
    assert msgs[0] == "line 3: add_object: expected call number 3, found 4 (numbering gap or repeat)"


def test_syntax_errors_and_all_errors_together():
    text = """\
1. init_room(room_type="bedroom", width_m=4.0, depth_m=3.0)
this is not a call
3. add_object("sofa")
4. add_object(category=__import__("os").system("echo hacked"))
5. add_object(category="sofa", **extra)
6. add_object(category="sofa"
7. update_size(target="sofa_0", scale=9.0)
8. terminate(status="success")
"""
    msgs = messages(text)
    assert [m.split(":")[0] for m in msgs] == [f"line {n}" for n in (2, 3, 4, 5, 6, 7)]
    assert "numbered call" in msgs[0]
    assert "by keyword" in msgs[1]
    assert "not a literal" in msgs[2]
    assert "** arguments" in msgs[3]
    assert "not a tool call" in msgs[4]
    assert "out of range" in msgs[5]


def test_empty_trajectory():
    for text in ("", "\n\n# only a comment\n"):
        assert "empty" in one(text)


def test_every_tool_has_docstring_and_required_params_first():
    for spec in SPECS.values():
        assert len(spec.doc) > 20, spec.name
        flags = [p.required for p in spec.params]
        assert flags == sorted(flags, reverse=True), spec.name
    assert len(TOOLS) == len(SPECS)
    for name in ("add_crowd", "add_relation", "update_size", "update_rotation", "remove_object", "terminate"):
        assert name in SPECS
    groups = {s.group for s in SPECS.values()}
    assert groups == {"initializer", "implementer", "modifier", "terminator"}


# ---------------------------------------------------------------- property-based


def value_strategy(p):
    if p.kind == "tuple":
        return st.lists(value_strategy(p.item), min_size=1, max_size=p.max_items or 4).map(tuple)
    if p.kind == "enum":
        return st.sampled_from(p.choices)
    if p.kind == "bool":
        return st.booleans()
    if p.kind == "int":
        return st.integers(int(p.lo), int(p.hi))
    if p.kind == "float":
        return st.floats(p.lo, p.hi, allow_nan=False, allow_infinity=False)
    if p.ref == "category":
        return st.sampled_from(catalog.CATEGORY_NAMES)
    if p.ref == "object_id":
        return st.builds(lambda c, n: f"{c}_{n}", st.sampled_from(catalog.CATEGORY_NAMES), st.integers(0, 99))
    return st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)


@st.composite
def call_strategy(draw, spec, number):
    args = []
    for p in spec.params:
        if p.required or draw(st.booleans()):
            args.append((p.name, draw(value_strategy(p))))
    args = draw(st.permutations(args))
    comment = draw(st.sampled_from(["", "ok", "failed: no free space"]))
    return T.Call(number, spec.name, tuple(args), comment)


@st.composite
def trajectory_strategy(draw):
    inits = [s for s in SPECS.values() if s.group == "initializer"]
    steps = [s for s in SPECS.values() if s.group in ("implementer", "modifier")]
    chosen = [draw(st.sampled_from(inits))] + draw(st.lists(st.sampled_from(steps), max_size=8)) + [SPECS["terminate"]]
    calls = [draw(call_strategy(spec, i + 1)) for i, spec in enumerate(chosen)]
    if calls[0].tool == "init_plan":  # a plan: every step names one of its rooms (anywhere among its arguments)
        names = plan_room_names(calls[0].arg("rooms"))
        for i in range(1, len(calls) - 1):
            c = calls[i]
            args = list(c.args)
            args.insert(draw(st.integers(0, len(args))), ("room", draw(st.sampled_from(names))))
            calls[i] = T.Call(c.number, c.tool, tuple(args), c.comment)
    return T.Trajectory(tuple(calls))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trajectory_strategy())
def test_random_valid_trajectories_round_trip(traj):
    text = T.format(traj)
    parsed = T.load(text)
    assert parsed == traj
    assert T.format(parsed) == text
    for call in parsed:
        call.params()  # builds the tool dataclass


NOISE = string.ascii_letters + string.digits + "()[]{}=,.\"'#_-+*/\\ \n\t:;!@$%^&|<>?`~\x00é"


@st.composite
def mutated_text(draw):
    text = T.format(draw(trajectory_strategy()))
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        if op == "insert":
            text = text[:pos] + draw(st.text(alphabet=NOISE, min_size=1, max_size=8)) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 12)) :]
        elif op == "replace" and text:
            text = text[:pos] + draw(st.sampled_from(NOISE)) + text[pos + 1 :]
        else:
            end = pos + draw(st.integers(1, 30))
            text = text[:end] + text[pos:end] + text[end:]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_text())
def test_mutations_raise_only_trajectory_errors(text):
    try:
        traj = T.load(text)
    except T.TrajectoryError as exc:
        assert exc.issues and all(str(i).startswith("line ") for i in exc.issues)
    else:
        assert T.load(T.format(traj)) == traj


@given(st.text(max_size=200))
def test_arbitrary_text_raises_only_trajectory_errors(text):
    try:
        T.load(text)
    except T.TrajectoryError:
        pass


def test_odd_text_parses_without_printing_warnings():
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        traj = T.parse('1. init_room(room_type="bed\\Woom", width_m=4.0, depth_m=4.0)')
        with pytest.raises(T.TrajectoryError, match="line 2: not a tool call"):
            T.parse('1. init_room(room_type="bedroom", width_m=4.0, depth_m=4.0)\n2. add_object(category=1abc)')
    assert caught == []
    assert traj.calls[0].args[0] == ("room_type", "bed\\Woom")
    with pytest.raises(T.TrajectoryError, match="line 1: init_room.*room_type"):
        T.validate(traj)
