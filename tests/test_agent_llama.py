"""The in-process llama.cpp backend and the discriminator, on a tiny random-weight GGUF: whatever
the weights, the grammar makes every finished sample a valid trajectory."""

from __future__ import annotations

import sys

import pytest

from conftest import DATA
from sceneorchestra_addon.agent import prompts
from sceneorchestra_addon.agent.backend import BackendError, GenerationFailed, Orchestrator, Ranker, check_next_call, sample_seed
from sceneorchestra_addon.core import executor, grammar
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.tools import SPECS

llama_cpp = pytest.importorskip("llama_cpp")

from sceneorchestra_addon.agent.discriminator import Discriminator, index_gbnf  # noqa: E402
from sceneorchestra_addon.agent.llama import LlamaBackend, step_gbnf  # noqa: E402

# One thread: on a shared 2-core machine llama.cpp's two spinning threads stall each other badly.
FAST = {"n_threads": 1, "guide": "none", "n_ctx": 4096}


@pytest.fixture(scope="module")
def backend(tiny_gguf) -> LlamaBackend:
    b = LlamaBackend(tiny_gguf, **FAST)
    yield b
    b.close()


def assert_valid(text: str) -> T.Trajectory:
    traj = T.load(text)
    assert T.format(traj) == text  # returned in canonical form
    assert SPECS[traj.calls[0].tool].group == "initializer" and traj.calls[-1].tool == "terminate"
    return traj


@pytest.mark.slow
def test_100_grammar_constrained_samples_from_random_weights_all_validate(backend):
    texts = backend.generate("Design me a bedroom", n=100, seed=0)
    assert len(texts) == 100
    for text in texts:
        assert_valid(text)
    stats = backend.stats
    finished_first_time = stats.attempts - stats.cut_off - stats.invalid
    print(f"\n100 samples: {stats.attempts} attempts, {stats.cut_off} cut off, {stats.invalid} invalid, {stats.tokens_per_s:.0f} tokens/s")
    assert stats.valid == 100 and finished_first_time >= 90
    assert len(set(texts)) > 80  # sampling, not one answer repeated


def test_generation_stops_at_the_trajectory_end(backend):
    from sceneorchestra_addon.core import grammar

    for seed in range(5):
        out = backend.complete(prompts.trajectory_prompt("Design me a gym", guide="none"), grammar.gbnf(), seed=seed, max_tokens=1500)
        assert out.finish_reason == "stop" and out.tokens < 1500
        last = out.text.rstrip("\n").splitlines()[-1]
        assert T.parse(last).calls[0].tool == "terminate"
        assert out.text.endswith((")", ")\n"))  # nothing after the terminate call


def test_same_seed_same_trajectories_and_other_seeds_differ(backend, tiny_gguf):
    first = backend.generate("Design me an office", n=3, seed=7)
    assert backend.generate("Design me an office", n=3, seed=7) == first
    fresh = LlamaBackend(tiny_gguf, **FAST)
    try:
        assert fresh.generate("Design me an office", n=3, seed=7) == first
    finally:
        fresh.close()
    assert backend.generate("Design me an office", n=3, seed=8) != first
    assert len({sample_seed(s, i, a) for s in range(3) for i in range(3) for a in range(3)}) == 27


def test_cut_off_samples_are_regenerated_then_reported(tiny_gguf):
    short = LlamaBackend(tiny_gguf, max_tokens=25, **FAST)
    try:
        with pytest.raises(GenerationFailed) as info:
            short.generate("Design me a kitchen", seed=1)
        assert len(info.value.failures) == 3 and short.stats.cut_off == 3 and short.stats.attempts == 3
        message = str(info.value)
        assert "after 3 attempts" in message and "'Design me a kitchen' (sample 0, seed 1)" in message
        assert message.count("cut off by max_tokens before the trajectory ended") == 3
        assert all(text.startswith("1. init_") for text, _ in info.value.failures)
    finally:
        short.close()


def test_full_tool_guide_prompt_needs_a_large_enough_context(tiny_gguf):
    # The byte-level test vocabulary makes the full guide ~11,500 tokens (a trained BPE: ~3,000).
    small = LlamaBackend(tiny_gguf, n_threads=1)  # the default n_ctx, 8192
    try:
        with pytest.raises(BackendError, match=r"the prompt is \d+ tokens but the context holds 8192 \(n_ctx\): raise n_ctx, or use .*compact"):
            small.generate("Design me a bedroom")
    finally:
        small.close()
    big = LlamaBackend(tiny_gguf, n_threads=1, n_ctx=16384, examples=[("Design me a gym", (DATA / "gym.txt").read_text())])
    try:
        assert_valid(big.generate("Design me a bedroom", seed=3)[0])
    finally:
        big.close()


def test_missing_and_broken_model_files_name_the_path(tmp_path, tiny_gguf):
    missing = tmp_path / "models" / "nope.gguf"
    with pytest.raises(BackendError, match=f"model file not found: {missing}"):
        LlamaBackend(missing)
    with pytest.raises(BackendError, match=f"model path is not a file: {tmp_path}"):
        LlamaBackend(tmp_path)
    text = tmp_path / "notes.gguf"
    text.write_text("hello, not a model")
    with pytest.raises(BackendError, match=f"{text} is not a GGUF model file"):
        LlamaBackend(text)
    truncated = tmp_path / "truncated.gguf"
    truncated.write_bytes(tiny_gguf.read_bytes()[:3000])
    with pytest.raises(BackendError, match=f"llama.cpp could not load the model {truncated}"):
        LlamaBackend(truncated, **FAST)


def test_llama_cpp_missing_says_how_to_install(monkeypatch, tiny_gguf):
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # what an environment without it looks like
    with pytest.raises(BackendError, match="llama-cpp-python is not installed.*build_llama_wheel.sh"):
        LlamaBackend(tiny_gguf)


def test_gpu_offload_follows_the_build(backend):
    assert backend.offloads == bool(llama_cpp.llama_supports_gpu_offload())
    assert backend.n_gpu_layers == -1  # every layer when built with CUDA; ignored by a CPU build


def test_backends_satisfy_the_interfaces(backend):
    assert isinstance(backend, Orchestrator)
    assert isinstance(Discriminator(backend), Ranker)
    with pytest.raises(ValueError, match="unknown guide detail"):
        LlamaBackend("/nowhere.gguf", guide="tiny")


# ---------------------------------------------------------------- stepwise


def test_next_call_first_is_an_initializer_then_steps_follow_history(backend):
    first = backend.next_call("Design me a bedroom", [], seed=0)
    assert first.startswith("1. init_")
    text = (DATA / "bedroom.txt").read_text()
    execution = executor.run_text(text, seed=0)
    history = prompts.history_of(execution)[:5]
    seen = set()
    for seed in range(6):
        call = backend.next_call("Design me a bedroom", history, seed=seed)
        parsed = T.parse(call).calls[0]
        assert parsed.number == 6 and SPECS[parsed.tool].group != "initializer"
        seen.add(call)
    assert len(seen) > 1
    with pytest.raises(BackendError, match="history entry 2 is not a tool call"):
        backend.next_call("x", [("1. init_room(room_type=\"gym\", width_m=5.0, depth_m=5.0)", ""), ("oops", "")])


def test_step_grammar_and_next_call_checks():
    assert step_gbnf(True).startswith('root ::= " " initializer "\\n"?\n')
    assert step_gbnf(False).startswith('root ::= " " ( step | terminator ) "\\n"?\n')
    history = [('init_room(room_type="gym", width_m=6.0, depth_m=5.0)', "made")]
    assert check_next_call(history, 'add_object(category="treadmill")') == '2. add_object(category="treadmill")'
    assert check_next_call(history, '2. terminate(status="success")') == '2. terminate(status="success")'
    with pytest.raises(T.TrajectoryError, match="an initializer may only be the first call"):
        check_next_call(history, 'init_room(room_type="gym", width_m=6.0, depth_m=5.0)')
    with pytest.raises(T.TrajectoryError, match="out of range"):
        check_next_call(history, "update_size(target=\"treadmill_0\", scale=9.0)")


# ---------------------------------------------------------------- discriminator


def test_discriminator_returns_an_index_deterministically(backend, tiny_gguf):
    # candidates as random weights write them unsteered: short enough for 12 in the 4096-token context
    candidates = LlamaBackend(tiny_gguf, steer=False, **FAST).generate("Design me a living room", n=4, seed=11)
    judge = Discriminator(backend)
    best = judge.rank("Design me a living room", candidates)
    assert isinstance(best, int) and 0 <= best < 4
    assert judge.rank("Design me a living room", candidates) == best
    many = candidates * 3  # 12 candidates: two-digit indices
    assert 0 <= judge.rank("Design me a living room", many) < 12
    assert judge.rank("x", candidates[:1]) == 0
    with pytest.raises(ValueError, match="no candidates"):
        judge.rank("x", [])


def test_index_grammar_admits_exactly_the_indices():
    assert index_gbnf(3) == 'root ::= "0" | "1" | "2"\n'
    assert '"11"' in index_gbnf(12) and '"12"' not in index_gbnf(12)
    llama_cpp.LlamaGrammar.from_string(index_gbnf(12), verbose=False)



def test_guide_detail_comes_from_the_model_metadata(tmp_path):
    from gguf_tiny import write_tiny_llama

    from sceneorchestra_addon.agent.llama import GUIDE_KEY, LlamaBackend

    model = write_tiny_llama(tmp_path / "guided.gguf", strings={GUIDE_KEY: "none"})
    assert LlamaBackend(model, n_ctx=2048, n_threads=1).guide == "none"
    assert LlamaBackend(model, n_ctx=2048, n_threads=1, guide="compact").guide == "compact"


def test_decoding_with_the_executor_in_the_loop_never_names_a_missing_object(backend):
    """Random weights pick calls at random; the per-call grammar still admits only objects that
    exist, so no call of any sample fails for naming one that was never made."""
    from sceneorchestra_addon.core import grammar

    texts = backend.generate("Design me a living room", n=6, seed=5)
    references = 0
    for text in texts:
        traj = assert_valid(text)
        ex = executor.execute(traj, seed=5)
        assert not [r.failure for r in ex.results if r is not None and r.failure and "no object" in r.failure]
        references += sum(1 for c in traj.calls for name, _ in c.args if SPECS[c.tool].param(name).ref == "object_id")
    assert references > 0  # the samples did refer to objects
    # the grammar of a call lists exactly the ids given, and no tool that needs an object while there is none
    assert '( "sofa_0" | "rug_0" )' in grammar.call_gbnf(3, ["rug_0", "sofa_0"])
    first_step = grammar.call_gbnf(2, [])
    assert "call-add-related" not in first_step and "call-add-object" in first_step and "object-id" not in first_step


def test_decoding_keeps_to_the_room_type_the_placements_and_the_categories_the_instruction_allows(tiny_gguf):
    """Random weights again: the first call always has the room type the reader found; every
    category a call names fits its tool's placement and belongs to the room or the instruction, and
    none the instruction rules out appears; a call that fails is sampled again, so every call of
    every trajectory executes."""
    import re

    from sceneorchestra_addon.agent.llama import Limits
    from sceneorchestra_addon.ground import catalog

    backend = LlamaBackend(tiny_gguf, call_tries=12, **FAST)

    instruction = "A bedroom with a piano and no TV"
    limits = Limits.of(instruction)
    assert limits.room_type == "bedroom" and "piano" in limits.wanted and "tv" in limits.banned
    allowed = ({c.name for c in catalog.for_room("bedroom")} | {"piano"}) - {"tv", "wall_tv"}
    named = set()
    for text in backend.generate(instruction, n=16, seed=3):  # random weights mostly stop at once: 16 give some calls
        traj = assert_valid(text)
        assert traj.calls[0].params().room_type == "bedroom"
        ex = executor.execute(traj, seed=3)
        assert not [r.failure for r in ex.results if r is not None and r.failure]
        named |= set(re.findall(r'(?:category|member)="(\w+)"', text)) | {x for m in re.findall(r"categories=\(([^)]*)\)", text)
                                                                         for x in re.findall(r'"(\w+)"', m)}
    assert named and named <= allowed, named - allowed
    assert backend.stats.rejected_calls > 0 and backend.stats.calls > backend.stats.rejected_calls  # random calls do fail; none is kept


def test_requirement_steering_meets_what_a_random_model_ignores(tiny_gguf):
    """Random weights know nothing of the instruction: without steering they seldom add the two
    armchairs asked for; with it, right after the room exists the grammar admits only calls that
    can add an armchair, a call is kept only when it brings the scene closer, and a third armchair
    cannot be written, so every trajectory has exactly two and none has the TV ruled out."""
    from sceneorchestra_addon.agent.llama import Limits
    from sceneorchestra_addon.core.metrics.specs import deficit

    instruction = "A bedroom with two armchairs and no TV"
    limits = Limits.of(instruction)
    assert {s.text for s in limits.specs} == {"eq,2,armchair", "eq,0,tv"}

    def armchairs(steer: bool) -> list[int]:
        backend = LlamaBackend(tiny_gguf, steer=steer, **FAST)
        counts = []
        for text in backend.generate(instruction, n=4, seed=11):
            state = executor.execute(assert_valid(text), seed=11).state
            counts.append(sum(o.category == "armchair" for o in state.objects))
            if steer:
                assert deficit(state, limits.specs)[0] == 0, text
                assert not any(o.category in ("tv", "wall_tv") for o in state.objects)
        if steer:
            assert backend.stats.steered_calls >= 4  # one call may add both
        else:
            assert backend.stats.steered_calls == 0
        return counts

    assert armchairs(True) == [2, 2, 2, 2]
    assert armchairs(False).count(2) < 4


def test_steering_keeps_a_call_only_when_its_new_objects_meet_what_they_could():
    """``Limits.reach``: an armchair asked for by the window could meet the count and the
    relation at once, so a steered armchair against another wall must bring 2, not 1; a call that
    adds nothing asked for (or only moves) must still bring 1."""
    from sceneorchestra_addon.agent.llama import Limits
    from sceneorchestra_addon.core.metrics.specs import deficit

    limits = Limits.of("A living room with an armchair next to the window")
    assert {s.text for s in limits.specs} == {"eq,1,armchair", "eq,1,next_to,armchair,window"}
    before = executor.execute(T.load('1. init_room(room_type="living_room", width_m=5.0, depth_m=4.0, window_wall="north")\n'
                                     '2. terminate(status="success")\n'), seed=0).state
    need, results = deficit(before, limits.specs)
    assert need == 2
    after = executor.execute(T.load('1. init_room(room_type="living_room", width_m=5.0, depth_m=4.0, window_wall="north")\n'
                                    '2. add_object(category="armchair", placement="against_wall", wall="south")\n'
                                    '3. terminate(status="success")\n'), seed=0).state
    assert limits.reach(before, after, results) == 2
    assert deficit(after, limits.specs)[0] == 1  # against the far wall: the count holds, the relation does not
    assert limits.reach(before, before, results) == 1
    cats, tools = limits.focus(after, deficit(after, limits.specs)[1])
    assert "armchair" not in cats and "move_object" in tools  # one is there: it may be moved, not doubled


def test_completion_steering_furnishes_a_room_a_random_model_leaves_bare(tiny_gguf):
    """Random weights mostly stop right after the room exists; completion steering does not take
    that end while the critic's completion gaps remain (``critic.completion_gaps``), and keeps a
    steered call only when the gap shrinks: the rooms hold more objects and smaller gaps."""
    from sceneorchestra_addon.core.metrics.critic import completion_gaps

    def rooms(steer: bool) -> list:
        backend = LlamaBackend(tiny_gguf, steer=steer, **FAST)
        return [executor.execute(assert_valid(t), seed=5).state for t in backend.generate("Design me a bedroom", n=3, seed=5)]

    bare, furnished = rooms(False), rooms(True)
    assert sum(len(s.objects) for s in furnished) > sum(len(s.objects) for s in bare) + 6
    gaps = [(completion_gaps(a).size, completion_gaps(b).size) for a, b in zip(bare, furnished)]
    assert all(b <= a for a, b in gaps) and sum(b for _, b in gaps) < sum(a for a, _ in gaps), gaps  # (a bare room may lack nothing)


def test_steering_asks_for_a_room_big_enough_and_places_big_pieces_first():
    """``Limits.sides``: a size in the instruction holds the room's sides near it; without one,
    the sides are at least nearly what the planner would choose for the requested furniture.
    ``Limits.focus``: the bed comes before the nightstand and the lamp (a floor piece of less than
    half the bed's footprint waits); a category steering gave up on is left out."""
    from sceneorchestra_addon.agent.llama import Limits
    from sceneorchestra_addon.core.metrics.specs import deficit

    assert Limits.of("A bedroom of 3 x 3.5 m with a single bed").sides == ((2.85, 3.15), (3.32, 3.68))  # each side near its own
    low, high = Limits.of("A restaurant with eight dining tables and thirty-two dining chairs").sides
    assert low > Limits.of("A restaurant").sides[0] and high == 15.0
    limits = Limits.of("A bedroom with a double bed, a nightstand and a wall clock")
    state = executor.execute(T.load('1. init_room(room_type="bedroom", width_m=5.0, depth_m=4.0)\n2. terminate(status="success")\n'), seed=0).state
    results = deficit(state, limits.specs)[1]
    cats, tools = limits.focus(state, results)
    assert "double_bed" in cats and "nightstand" not in cats and "wall_clock" in cats
    assert "add_wall_object" in tools and "add_object" in tools
    cats, _ = limits.focus(state, results, skip={"double_bed"})
    assert "nightstand" in cats and "double_bed" not in cats


def test_steering_relates_a_new_object_to_the_one_the_instruction_names():
    """What requirement steering holds a call's first tries to, read from the instruction:
    "a lamp on the side table" is a table lamp (not a floor lamp), set on the side table that
    exists; "chairs around the table" in a kitchen are the kitchen's chairs, and the table is
    stood free (``middle``) before they come; "a piano in the corner" is placed in a corner;
    "a chair behind the desk" moves the chair, relative to the desk, behind it; a table the
    instruction sets against the wall stays there though chairs go around it."""
    from sceneorchestra_addon.agent.llama import Limits, faced_wall, room_members, usual_most
    from sceneorchestra_addon.core.metrics.specs import categories_for, deficit
    from sceneorchestra_addon.ground import catalog

    def scene(*calls: str):
        lines = ['1. init_room(room_type="living_room", width_m=5.0, depth_m=4.0)', *calls, 'terminate(status="success")']
        text = "".join(f"{i}. {c.split('. ', 1)[-1]}\n" for i, c in enumerate(lines, 1))
        return executor.execute(T.load(text), seed=0).state

    limits = Limits.of("A cosy living room with a loveseat and a side table next to it with a lamp on it")
    state = scene('add_object(category="loveseat", placement="against_wall")',
                  'add_related(category="side_table", anchor="loveseat_0", relation="beside", distance_m=0.05)')
    results = deficit(state, limits.specs)[1]
    assert limits.target_words(state)["lamp"] == {"table_lamp"}
    cats, tools = limits.focus(state, results)
    assert cats == {"table_lamp"} and "add_on_top" in tools
    roles, _ = limits.anchoring(state, results)
    assert roles["parent"] == ["side_table_0"] and roles["anchor"] == ["side_table_0"]

    limits = Limits.of("A family kitchen with a dining table and six chairs around it")
    empty = executor.execute(T.load('1. init_room(room_type="kitchen", width_m=6.0, depth_m=5.0)\n2. terminate(status="success")\n'), seed=0).state
    chairs = limits.target_words(empty)["chair"]
    assert "dining_chair" in chairs and not chairs & {"waiting_chair", "office_chair", "classroom_chair"}
    roles, choices = limits.anchoring(empty, deficit(empty, limits.specs)[1])
    assert roles == {} and choices["placement"] == ("middle",)  # the table, free-standing, first
    limits = Limits.of("A kitchen with a dining table against the wall and four chairs around it")
    _, choices = limits.anchoring(empty, deficit(empty, limits.specs)[1])
    assert "middle" not in choices["placement"] and "against_wall" in choices["placement"]  # its own place wins

    # a generic word is what the room type needs of it, else what the room may hold: the grammar and steering keep to that
    assert room_members(categories_for("table"), "dining_room") == {"dining_table"}
    assert room_members(categories_for("table"), "playroom") == {"kids_table"}
    assert room_members(categories_for("table"), "bedroom") == categories_for("table") & {c.name for c in catalog.for_room("bedroom")}
    assert room_members(frozenset({"sofa"}), "kitchen") == {"sofa"}
    assert room_members(categories_for("table"), "laundry_room") == {"side_table"}  # the plainest kind, not an air hockey table
    # many of a generic word: the kind the room's program places several of ("20 chairs" in a classroom: pupils' chairs)
    assert room_members(categories_for("chair"), "classroom", 20) == {"classroom_chair"}
    assert "waiting_chair" in room_members(categories_for("chair"), "classroom")  # one chair: any the room holds
    classroom = executor.execute(T.load('1. init_room(room_type="classroom", width_m=8.0, depth_m=7.0)\n2. terminate(status="success")\n'),
                                 seed=0).state
    assert Limits.of("A classroom with 20 desks and 20 chairs").target_words(classroom)["chair"] == {"classroom_chair"}
    tv_on_wall = Limits.of("A basement rec room with a big couch, a large TV on the wall and a pool table")
    assert tv_on_wall.target_words(executor.execute(T.load('1. init_room(room_type="game_room", width_m=6.0, depth_m=5.0)\n'
                                                           '2. terminate(status="success")\n'), seed=0).state)["tv"] == {"wall_tv"}
    limits = Limits.of("Dining room for six: a long table with six chairs round it and a sideboard")
    dining = executor.execute(T.load('1. init_room(room_type="dining_room", width_m=5.0, depth_m=4.0)\n2. terminate(status="success")\n'),
                              seed=0).state
    assert "conference_table" not in limits.categories(dining) and limits.target_words(dining)["table"] == {"dining_table"}
    assert limits.target_words(dining)["chair"] == {"dining_chair"}
    classroom = executor.execute(T.load('1. init_room(room_type="classroom", width_m=7.0, depth_m=7.0)\n2. terminate(status="success")\n'),
                                 seed=0).state  # the kind of table the seats go with: kids' chairs, kids' tables
    assert Limits.of("A kindergarten: 4 little tables with 6 kids chairs around each").target_words(classroom)["table"] == {"kids_table"}
    office = executor.execute(T.load('1. init_room(room_type="office", width_m=6.0, depth_m=5.0)\n2. terminate(status="success")\n'),
                              seed=0).state  # only tables people sit at: no coffee table for the office chairs
    assert Limits.of("An office with a table and four office chairs around it").target_words(office)["table"] <= catalog.SAT_AT

    # chairs named with the tables they are at are chairs pulled up to them, not armchairs; the count a try
    # may write for them is what the word lacks beyond the armchairs asked for on their own (8, not 10)
    library = executor.execute(T.load('1. init_room(room_type="library", width_m=7.0, depth_m=6.0)\n'
                                      '2. add_object(category="dining_table", placement="middle")\n'
                                      '3. add_object(category="dining_table", placement="middle")\n4. terminate(status="success")\n'), seed=0).state
    limits = Limits.of("A library reading room: two reading tables with 4 chairs each and two armchairs by the window")
    assert "ge,1,surround,chair,table" in [s.text for s in limits.specs] and "eq,10,chair" in [s.text for s in limits.specs]
    assert limits.target_words(library)["chair"] <= catalog.PULL_UP_SEATS
    results = deficit(library, limits.specs)[1]
    assert sorted(n for _, n in limits.own_shortfalls(results)) == [2, 8]
    only = next(s for s in limits.specs if s.relation == "surround")
    assert limits.anchoring(library, results, only)[1]["count"] == (4,)  # each table its share of the chairs

    # every lamp asked for goes on a nightstand: a floor lamp would use up the count the relation needs
    limits = Limits.of("A bedroom with a double bed, a pair of bedside tables with a lamp on each")
    bedroom = executor.execute(T.load('1. init_room(room_type="bedroom", width_m=4.0, depth_m=4.0)\n2. terminate(status="success")\n'),
                               seed=0).state
    allowed = limits.categories(bedroom, deficit(bedroom, limits.specs)[1])
    assert "floor_lamp" not in allowed and "table_lamp" in allowed
    assert "floor_lamp" in Limits.of("A bedroom with two lamps and a bed").categories(bedroom, ())

    # a piece nobody asked for: at most one more than the room's program places (a second rug, never a third)
    assert usual_most("bedroom")["rug"] == 1 and usual_most("bedroom")["nightstand"] == 2  # (the bed set's pair)
    plain = Limits.of("Design me a bedroom")
    one, two = (executor.execute(T.load('1. init_room(room_type="bedroom", width_m=4.0, depth_m=4.0)\n'
                                        + "".join(f'{k}. add_object(category="rug", placement="middle")\n' for k in range(2, n + 2))
                                        + f'{n + 2}. terminate(status="success")\n'), seed=0).state for n in (1, 2))
    assert "rug" in plain.categories(one, ()) and "rug" not in plain.categories(two, ())
    assert "rug" in Limits.of("A bedroom with three rugs").categories(two, deficit(two, Limits.of("A bedroom with three rugs").specs)[1])

    # a piece the instruction names once ("the fireplace"): as many as the room's program places (one, not two);
    # several ("bookcases along the walls"): as many as asked, and one more than the program places
    lounge = Limits.of("A cosy lounge where the fireplace is the focal point, with bookshelves either side of it")
    assert lounge.asked["fireplace"] == 1 and usual_most("living_room")["fireplace"] == 1
    one = scene('add_object(category="fireplace", placement="against_wall")')
    assert "fireplace" in lounge.categories(scene(), ()) and "fireplace" not in lounge.categories(one, ())
    shelves = scene(*['add_object(category="bookshelf", placement="against_wall")'] * (usual_most("living_room").get("bookshelf", 1) + 1))
    assert "bookshelf" not in lounge.categories(shelves, ()) and "bookshelf" in lounge.categories(one, ())

    # "an office chair at every desk": one at each; a try offers a desk that lacks one, and the chair pulled up to its front
    office = Limits.of("An office with three desks and an office chair at every desk")
    assert office.each_on and office.each_on[0][2:] == (1, "next_to")
    desks = executor.execute(T.load('1. init_room(room_type="office", width_m=6.0, depth_m=5.0)\n'
                                    '2. add_object(category="desk", placement="against_wall", wall="north")\n'
                                    '3. add_object(category="desk", placement="against_wall", wall="south")\n'
                                    '4. add_object(category="desk", placement="against_wall", wall="east")\n'
                                    '5. add_related(category="office_chair", anchor="desk_0", relation="in_front_of", distance_m=0.05)\n'
                                    '6. terminate(status="success")\n'), seed=0).state
    assert sorted(h for h, _ in office.short_holders(desks, {"office_chair"})) == ["desk_1", "desk_2"]
    results = deficit(desks, office.specs)[1]
    only = office.one_relation(desks, results, 0)
    roles, choices = office.anchoring(desks, results, only)
    assert sorted(roles["anchor"]) == ["desk_1", "desk_2"] and "in_front_of" in choices["relation"] and choices["count"] == (1,)
    assert office.relating_tools(desks, results, only) & {"add_related", "add_group"} == {"add_related"}
    crowded = executor.execute(T.load('1. init_room(room_type="office", width_m=6.0, depth_m=5.0)\n'
                                      '2. add_object(category="desk", placement="middle")\n'
                                      '3. add_object(category="desk", placement="against_wall", wall="south")\n'
                                      '4. add_group(anchor="desk_0", member="office_chair", count=2, arrangement="both_sides")\n'
                                      '5. terminate(status="success")\n'), seed=0).state
    assert office.uneven(crowded)  # two chairs at one desk, none at the other

    # a mirror opposite the bed: a try about that relation alone hangs it, on the wall the bed faces
    limits = Limits.of("A bedroom with a double bed against the wall and a mirror on the wall opposite the bed")
    state = scene('add_object(category="double_bed", placement="against_wall", wall="south")')
    results = deficit(state, limits.specs)[1]
    only = limits.one_relation(state, results, 0)
    assert only is not None and only.relation == "across_from"
    assert limits.relating_tools(state, results, only) >= {"add_wall_object"} and "add_related" not in limits.relating_tools(state, results, only)
    _, choices = limits.anchoring(state, results, only)
    assert choices["wall"] == (faced_wall(state.get("double_bed_0").pose.yaw_deg),) == ("north",)
    assert "wall" not in limits.anchoring(state, results)[1]  # (not on the tries about everything: the nightstands keep their walls)

    limits = Limits.of("A living room with a piano in the corner")
    _, choices = limits.anchoring(empty, deficit(empty, limits.specs)[1])
    assert choices["placement"] == ("corner",)

    limits = Limits.of("An office with a desk and an office chair behind the desk")
    state = executor.execute(T.load('1. init_room(room_type="office", width_m=5.0, depth_m=4.0)\n'
                                    '2. add_object(category="desk", placement="middle")\n'
                                    '3. add_object(category="office_chair", placement="against_wall")\n4. terminate(status="success")\n'), seed=0).state
    results = deficit(state, limits.specs)[1]
    roles, choices = limits.anchoring(state, results)
    assert roles["anchor"] == ["desk_0"] and roles["target"] == ["office_chair_0"] and choices["relation"] == ("behind",)
    _, tools = limits.focus(state, results)
    assert {"add_relation", "move_object"} <= tools
    limits = Limits.of("A living room with a sofa facing a wall-mounted TV")
    state = scene('add_wall_object(category="wall_tv", wall="north")', 'add_object(category="sofa", placement="against_wall", wall="east")')
    _, tools = limits.focus(state, deficit(state, limits.specs)[1])
    assert "face_to" in tools and "add_relation" not in tools  # add_relation moves floor objects only


def test_steering_drops_an_anchor_placed_where_its_neighbour_cannot_go():
    """``Limits.blocked_relation``: a bed placed so that nothing fits on its left is no place for
    "a nightstand to the left of the bed" (the relation's own call, tried on the scene, fails),
    so requirement steering drops that call in its first tries; a bed with room on its left is
    kept. And a group's size is held to what is missing: six chairs around the table, ``count`` 6."""
    from sceneorchestra_addon.agent.llama import Limits, probe_call
    from sceneorchestra_addon.core.metrics.specs import deficit

    def bedroom(*calls: str):
        lines = ['init_room(room_type="bedroom", width_m=4.0, depth_m=3.5, door_wall="south", window_wall="north")', *calls,
                 'terminate(status="success")']
        return executor.execute(T.load("".join(f"{i}. {c}\n" for i, c in enumerate(lines, 1))), seed=0).state

    limits = Limits.of("A bedroom with a double bed and a nightstand to the left of the bed")
    before = bedroom()
    results = deficit(before, limits.specs)[1]
    blocked = bedroom('add_object(category="double_bed", placement="against_wall", wall="north")')
    free = bedroom('add_object(category="double_bed", placement="corner", wall="east")')
    assert "no room for nightstand left of double_bed_0" in limits.blocked_relation(before, blocked, results, 0)
    assert limits.blocked_relation(before, free, results, 0) is None
    assert limits.blocked_relation(free, free, deficit(free, limits.specs)[1], 0) is None  # the bed was there before: nothing to drop
    assert probe_call("left_of", "double_bed_0", "nightstand") == \
        'add_related(category="nightstand", anchor="double_bed_0", relation="left_of", distance_m=0.05)'

    limits = Limits.of("A kitchen with a dining table and six chairs around it")
    state = executor.execute(T.load('1. init_room(room_type="kitchen", width_m=6.0, depth_m=5.0)\n'
                                    '2. add_object(category="dining_table", placement="middle")\n3. terminate(status="success")\n'), seed=0).state
    roles, choices = limits.anchoring(state, deficit(state, limits.specs)[1])
    assert roles["anchor"] == ["dining_table_0"] and choices["count"] == (6,) and choices["arrangement"] == ("around",)
    assert "dining_chair" in limits.anchored_targets(state, deficit(state, limits.specs)[1])  # not put just anywhere by add_object


def test_steering_drops_an_anchor_whose_neighbour_would_not_be_where_it_is_asked():
    """``Limits.blocked_relation`` also asks that the probed neighbour does what was asked of it
    (``_unmade``): "an armchair in the corner next to the sideboard" drops a wide sideboard set
    in a corner (the armchair beside it stands along the wall, out of the corner) and keeps one
    set against the wall by a corner; "three chairs around the centre table" drops a table set
    right in front of the sofa (the chairs around it surround nothing) and keeps one in the middle."""
    from sceneorchestra_addon.agent.llama import Limits
    from sceneorchestra_addon.core.metrics.specs import deficit

    def room(room_type: str, *calls: str):
        lines = [f'init_room(room_type="{room_type}", width_m=5.0, depth_m=4.0, door_wall="south", window_wall="north")', *calls,
                 'terminate(status="success")']
        return executor.execute(T.load("".join(f"{i}. {c}\n" for i, c in enumerate(lines, 1))), seed=0).state

    limits = Limits.of("A tea room with a sideboard and an armchair in the corner next to the sideboard")
    before = room("cafe")
    results = deficit(before, limits.specs)[1]
    cornered = room("cafe", 'add_object(category="sideboard", placement="corner", wall="east")')
    assert "would not be corner room" in limits.blocked_relation(before, cornered, results, 0)
    kept = [s for s in range(6) if limits.blocked_relation(before, room("cafe", f'add_object(category="sideboard", placement="against_wall", '
                                                                          f'wall="{("east", "west", "south")[s % 3]}")'), results, s) is None]
    assert kept, "a sideboard against a wall leaves the corner beside it to the armchair"

    limits = Limits.of("A waiting room with a sofa, a centre table in the middle and three chairs around the centre table")
    sofa = ['add_object(category="sofa", placement="against_wall", wall="north")']
    before = room("waiting_room", *sofa)
    results = deficit(before, limits.specs)[1]
    hemmed = room("waiting_room", *sofa, 'add_related(category="coffee_table", anchor="sofa_0", relation="in_front_of", distance_m=0.05)')
    assert "would not be surround" in limits.blocked_relation(before, hemmed, results, 0)
    assert limits.blocked_relation(before, room("waiting_room", *sofa, 'add_object(category="coffee_table", placement="middle")'), results, 0) is None


def test_reach_counts_one_side_of_an_anchor_per_piece_and_screens_hang_where_seats_see_them():
    """A nightstand left of the bed cannot be right of it too: ``Limits.reach`` counts one of
    two relations that exclude each other, so the call that puts the first nightstand on one
    side (count and side: 2) is kept in the strict tries, not held to 3 and dropped. And a wall TV
    that the sofa is to face, not hung yet, is held to a seated-view height (``height_m``, which
    becomes a parameter the call must write)."""
    from sceneorchestra_addon.agent.llama import Limits
    from sceneorchestra_addon.core.metrics.specs import deficit
    from sceneorchestra_addon.core.planner import seated_view_height

    limits = Limits.of("A bedroom with a double bed and a nightstand on both sides of the bed")
    bed = ['1. init_room(room_type="bedroom", width_m=5.0, depth_m=4.0)', '2. add_object(category="double_bed", placement="against_wall", wall="east")']
    before = executor.execute(T.load("\n".join(bed + ['3. terminate(status="success")']) + "\n"), seed=0).state
    after = executor.execute(T.load("\n".join(bed + ['3. add_related(category="nightstand", anchor="double_bed_0", relation="left_of", distance_m=0.05)',
                                                   '4. terminate(status="success")']) + "\n"), seed=0).state
    results = deficit(before, limits.specs)[1]
    assert deficit(before, limits.specs)[0] - deficit(after, limits.specs)[0] == 2 == limits.reach(before, after, results)

    limits = Limits.of("A living room with a sofa facing a wall-mounted TV")
    state = executor.execute(T.load('1. init_room(room_type="living_room", width_m=5.0, depth_m=4.0)\n2. terminate(status="success")\n'), seed=0).state
    _, choices = limits.anchoring(state, deficit(state, limits.specs)[1])
    lo, hi = map(float, choices["height_m"])
    assert hi == seated_view_height("wall_tv") < 1.5 and lo < hi  # not the tool's 1.5 m: the sofa's front would pass under it
    from sceneorchestra_addon.agent.llama import compiled_grammar

    text = grammar.call_gbnf(2, [], ["wall_tv"], choices=choices)
    body = dict(line.split(" ::= ", 1) for line in text.splitlines())["call-add-wall-object"]
    assert '"height_m=" height-m-choice-' in body and '( ", " "height_m=' not in body, body
    assert compiled_grammar(text) is not None  # llama.cpp reads it


def test_steering_holds_a_row_to_one_group_toys_to_the_inside_and_a_room_place_to_its_piece():
    """Three stools along the island: a try held to that relation may only write one group of
    three in a row (stools set one by one beside it run out of ends; "both sides" holds two).
    Toys in the toy box: ``add_crowd`` into its inside (``add_on_top`` would set them on the lid,
    and the check of a toy box's place tries the same). "A reading chair in the corner by the
    window": the tries that hold the placement to a corner by the window name the chair, not the
    king bed that would otherwise come first."""
    from sceneorchestra_addon.agent.llama import Limits, probe_call
    from sceneorchestra_addon.core.metrics.specs import deficit

    limits = Limits.of("A kitchen with an island in the middle and three bar stools along the island")
    state = executor.execute(T.load('1. init_room(room_type="kitchen", width_m=6.0, depth_m=5.0)\n'
                                    '2. add_object(category="kitchen_island", placement="middle")\n3. terminate(status="success")\n'), seed=0).state
    results = deficit(state, limits.specs)[1]
    only = limits.one_relation(state, results, 0)
    assert only.relation == "next_to" and "add_related" not in limits.relating_tools(state, results, only)
    roles, choices = limits.anchoring(state, results, only)
    # (in a row beside it, or one row pulled up to its front)
    assert choices["arrangement"] == ("in_a_row", "in_front") and choices["count"] == (3,) and roles["anchor"] == ["kitchen_island_0"]
    limits = Limits.of("An office with a desk in the middle and two visitor chairs in front of the desk")
    state = executor.execute(T.load('1. init_room(room_type="office", width_m=5.0, depth_m=4.0)\n'
                                    '2. add_object(category="desk", placement="middle")\n3. terminate(status="success")\n'), seed=0).state
    results = deficit(state, limits.specs)[1]
    only = limits.one_relation(state, results, 0)
    assert only.relation == "in_front_of" and "add_related" not in limits.relating_tools(state, results, only)  # the second would find the front taken
    assert limits.anchoring(state, results, only)[1]["arrangement"] == ("in_front",)

    limits = Limits.of("A kids room with a toy chest and some toys in the toy chest")
    state = executor.execute(T.load('1. init_room(room_type="children_room", width_m=4.0, depth_m=4.0)\n'
                                    '2. add_object(category="toy_chest", placement="against_wall")\n3. terminate(status="success")\n'), seed=0).state
    results = deficit(state, limits.specs)[1]
    only = limits.one_relation(state, results, 0)
    assert limits.relating_tools(state, results, only) >= {"add_crowd"} and "add_on_top" not in limits.relating_tools(state, results, only)
    assert limits.anchoring(state, results, only)[1]["surface"] == ("inside",)
    probe = probe_call("inside_of", "toy_chest_0", "toy")
    built = executor.execute(T.load(f'1. init_room(room_type="children_room", width_m=4.0, depth_m=4.0)\n'
                                    f'2. add_object(category="toy_chest", placement="against_wall")\n3. {probe}\n4. terminate(status="success")\n'), seed=0)
    assert deficit(built.state, limits.specs)[0] == 0, probe  # the check's own call makes "in the toy chest" hold

    limits = Limits.of("A master bedroom with a king bed and a reading chair in the corner by the window")
    state = executor.execute(T.load('1. init_room(room_type="bedroom", width_m=5.0, depth_m=4.5)\n2. terminate(status="success")\n'), seed=0).state
    assert limits.placed_in_room(state, deficit(state, limits.specs)[1]) == {"armchair"}
    limits = Limits.of("A kitchen with an oven and a trash can next to the oven in the corner")
    assert limits.placed_in_room(state, deficit(state, limits.specs)[1]) == set()  # it waits for the oven
    limits = Limits.of("A classroom with a bookshelf and coat hooks by the door")  # a wall piece too: add_wall_object(near="door")
    state = executor.execute(T.load('1. init_room(room_type="classroom", width_m=7.0, depth_m=6.0)\n2. terminate(status="success")\n'), seed=0).state
    results = deficit(state, limits.specs)[1]
    assert limits.placed_in_room(state, results) == {"bookshelf", "coat_hooks"}
    assert limits.anchoring(state, results)[1]["near"] == ("door",)


def test_requirement_steering_places_an_anchor_before_the_other_pieces_asked_for():
    """"Two dryers, a storage rack and an iron board next to the storage rack in the corner": the
    rack comes first (``Limits.focus``), before the dryers could take the corners its neighbour needs."""
    from sceneorchestra_addon.agent.llama import Limits
    from sceneorchestra_addon.core.metrics.specs import deficit

    limits = Limits.of("A laundry room with two dryers, a storage rack and an iron board next to the storage rack in the corner")
    state = executor.execute(T.load('1. init_room(room_type="laundry_room", width_m=3.5, depth_m=3.0)\n2. terminate(status="success")\n'), seed=0).state
    cats, tools = limits.focus(state, deficit(state, limits.specs)[1])
    assert cats == {"shelving_unit"} and "add_object" in tools


def test_dressing_steering_sets_things_on_the_tops_and_shelves_left_bare(tiny_gguf, monkeypatch):
    """``programs.empty_surfaces`` counts each top and shelf that holds nothing (a bookshelf with
    things on one shelf still has bare ones; a pool table's top is for playing). When the model
    would end with every requirement and completion gap closed, dressing steering holds its
    calls to the tools that set small objects on a supporter with a bare surface
    (``Limits.dressing``) and keeps one only when fewer surfaces are bare: with it, random
    weights leave fewer bare surfaces than with dressing turned off (``DRESSING_TRIES = 0``)."""
    from sceneorchestra_addon.agent import llama as L
    from sceneorchestra_addon.core.metrics.specs import deficit
    from sceneorchestra_addon.core.programs import empty_surfaces
    from sceneorchestra_addon.core.solver.surfaces import surfaces_of

    text = ('1. init_room(room_type="game_room", width_m=6.0, depth_m=5.0)\n'
            '2. add_object(category="bookshelf", placement="against_wall")\n'
            '3. add_object(category="pool_table", placement="middle")\n'
            '4. add_on_top(parent="bookshelf_0", category="book")\n5. terminate(status="success")\n')
    state = executor.execute(T.load(text), seed=0).state
    shelf = state.get("bookshelf_0")
    used = {o.surface for o in state.objects if o.parent == "bookshelf_0"}
    bare = empty_surfaces(state)
    assert used and len(used) < len(surfaces_of(shelf, ("top", "shelf")))
    assert {s for i, s in bare if i == "bookshelf_0"} == {s.name for s in surfaces_of(shelf, ("top", "shelf"))} - used
    assert all(i == "bookshelf_0" for i, _ in bare)  # not the pool table, not the book

    limits = L.Limits.of("Design me a game room")
    cats, tools, roles = limits.dressing(state, deficit(state, limits.specs)[1], bare)
    assert tools == {"add_crowd", "add_on_top"} and roles == {"parent": ["bookshelf_0"]}
    assert cats and all(L.catalog.BY_NAME[c].placement == "on_top" for c in cats)

    def bare_left(tries: int) -> int:  # over 4 seeds x 3 samples of a random model
        monkeypatch.setattr(L, "DRESSING_TRIES", tries)
        backend = L.LlamaBackend(tiny_gguf, **FAST)
        states = [executor.execute(assert_valid(t), seed=seed).state for seed in (1, 2, 3, 4)
                  for t in backend.generate("Design me a living room", n=3, seed=seed)]
        backend.close()
        return sum(len(empty_surfaces(s)) for s in states)

    tries = L.DRESSING_TRIES
    undressed = bare_left(0)
    assert bare_left(tries) < undressed, undressed


def test_completion_steering_tries_each_missing_category_in_turn():
    """A kitchen that lacks both its microwave and its ceiling light: a completion-steered call's
    first tries are each held to one of them in turn (``Limits.completing(strict=)``), so a model
    that keeps trying the microwave where none fits still gets to write the ceiling light."""
    import dataclasses

    from sceneorchestra_addon.agent.llama import Limits
    from sceneorchestra_addon.core.metrics.critic import completion_gaps
    from sceneorchestra_addon.core.metrics.specs import deficit

    state = executor.execute(T.load('1. init_room(room_type="kitchen", width_m=4.0, depth_m=3.5)\n'
                                    '2. add_object(category="kitchen_sink_cabinet", placement="against_wall")\n'
                                    '3. add_object(category="fridge", placement="corner")\n4. terminate(status="success")\n'), seed=0).state
    limits = Limits.of("Design me a kitchen")
    results = deficit(state, limits.specs)[1]
    gaps = completion_gaps(state)
    assert {"microwave", "ceiling_light"} <= set(gaps.missing)
    gaps = dataclasses.replace(gaps, essentials=(), few=0, missing=("microwave", "ceiling_light"))  # furnished, and only these lack
    held = [limits.completing(state, results, gaps, strict=i) for i in range(len(gaps.missing))]
    assert all(len(cats) >= 1 for cats, _ in held)
    assert any(cats == {"microwave"} and "add_on_top" in tools for cats, tools in held)
    assert any("ceiling_light" in cats and tools == {"add_ceiling_light"} for cats, tools in held)
    cats, _ = limits.completing(state, results, gaps)
    assert {"microwave", "ceiling_light"} <= cats  # afterwards, every gap at once


def test_a_written_trajectory_is_built_once_as_the_executor_would_build_it(tiny_gguf):
    """The executor in the loop has built each trajectory while writing it; the pipeline takes that
    execution (``LlamaBackend.built_execution``) instead of building it again, so it must be what
    ``executor.execute`` builds: the same states, results and scene, call for call."""
    from sceneorchestra_addon.agent import pipeline as P

    backend = LlamaBackend(tiny_gguf, **FAST)
    texts = backend.generate("Design me a living room", n=2, seed=4)
    for text in texts:
        built, fresh = backend.built_execution(text, 4), executor.execute(T.load(text), seed=4)
        assert built is not None and built.trajectory == fresh.trajectory
        assert [r.summary() for r in built.results] == [r.summary() for r in fresh.results]
        assert [s.to_json() for s in built.before] == [s.to_json() for s in fresh.before]
        assert built.state.to_json() == fresh.state.to_json()
        assert backend.built_execution(text, 5) is None  # another seed builds another scene
    generated = P.Pipeline(P.BackendSettings("local"), factory=lambda s: backend).run("Design me a living room", seed=4)
    assert generated.outcome.execution is generated.execution  # taken, not built again
    assert generated.execution.state.to_json() == executor.execute(T.load(generated.trajectory_text), seed=4).state.to_json()
    backend.close()


def test_steering_holds_every_other_try_to_one_unmet_relation_in_turn():
    """With chairs to set around the table and a plate to put on the bar table, both tables there,
    ``Limits.one_relation`` gives the relations one at a time, and a try held to one of them gets
    only its anchor, its tools and its count (three chairs: 3), not a mix of both."""
    from sceneorchestra_addon.agent.llama import Limits
    from sceneorchestra_addon.core.metrics.specs import deficit

    limits = Limits.of("A breakfast room with a dining table, a bar table with a plate on it and three dining chairs around the dining table")
    state = executor.execute(T.load('1. init_room(room_type="dining_room", width_m=5.0, depth_m=4.5)\n'
                                    '2. add_object(category="dining_table", placement="middle")\n'
                                    '3. add_object(category="cafe_table", placement="corner")\n4. terminate(status="success")\n'), seed=0).state
    results = deficit(state, limits.specs)[1]
    first, second = limits.one_relation(state, results, 0), limits.one_relation(state, results, 1)
    assert {first.relation, second.relation} == {"surround", "on"} and limits.one_relation(state, results, 2) is first
    around = first if first.relation == "surround" else second
    roles, choices = limits.anchoring(state, results, around)
    assert roles["anchor"] == ["dining_table_0"] and choices["count"] == (3,) and choices["arrangement"] == ("around",)
    assert "add_group" in limits.relating_tools(state, results, around) and "add_on_top" not in limits.relating_tools(state, results, around)
    plate = second if around is first else first
    roles, choices = limits.anchoring(state, results, plate)
    assert roles["parent"] == ["cafe_table_0"] and "arrangement" not in choices
    assert "add_on_top" in limits.relating_tools(state, results, plate)
    roles, _ = limits.anchoring(state, results)  # every try but these: both at once
    assert set(roles["anchor"]) == {"dining_table_0", "cafe_table_0"}


def test_decoding_puts_things_only_on_objects_that_can_hold_them(backend):
    """``add_on_top`` and ``add_crowd`` may name as ``parent`` only an object whose category has a
    surface (``Category.supports``): a kettle cannot be written onto a coffee machine, a call that
    could only fail (and, while steering, used to fail until steering gave up). Checked in
    llama.cpp's grammar engine and on what random weights write."""
    from sceneorchestra_addon.agent.llama import _supported
    from sceneorchestra_addon.core import grammar
    from sceneorchestra_addon.ground import catalog

    state = executor.execute(T.load('1. init_room(room_type="kitchen", width_m=5.0, depth_m=4.0)\n'
                                    '2. add_object(category="bar_counter", placement="against_wall")\n'
                                    '3. add_on_top(parent="bar_counter_0", category="coffee_machine")\n4. terminate(status="success")\n'),
                             seed=0).state
    assert _supported({}, state) == {"parent": ["bar_counter_0"]}
    assert _supported({"parent": ["coffee_machine_0"]}, state) == {"parent": ["coffee_machine_0"]}  # steering's own choice stays
    ids = [o.id for o in state.objects]
    text = grammar.call_gbnf(4, ids, None, "kitchen", tools={"add_on_top"}, can_stop=False, roles=_supported({}, state))
    engine = llama_cpp.LlamaGrammar.from_string(text, verbose=False)
    assert engine is not None
    parents = [line for line in text.splitlines() if line.startswith("parent-id ::=")]
    assert parents and "bar_counter_0" in parents[0] and "coffee_machine_0" not in parents[0]
    for text in backend.generate("A kitchen with a kettle and a toaster on the counter", n=3, seed=2):
        ex = executor.execute(assert_valid(text), seed=2)
        for call, before in zip(ex.trajectory.calls, ex.before):
            if call.tool in ("add_on_top", "add_crowd"):
                assert catalog.BY_NAME[before.get(dict(call.args)["parent"]).category].supports, call


def test_a_room_size_the_instruction_gives_is_held_side_by_side():
    """A room 4.5 x 4 m for "4 by 3 m" (the sides were once held to one range, which it fits) is
    not the size asked for: the grammar holds each side to its own range, and an initializer off
    the size (or the area) asked for fails and is sampled again in its first tries."""
    from sceneorchestra_addon.agent.llama import Limits
    from sceneorchestra_addon.ground.state import Room

    limits = Limits.of("A kitchen, 4 by 3 m, with a fridge")
    assert limits.sides == ((3.8, 4.2), (2.85, 3.15))  # the grammar holds each side near its own
    assert "asks for 4 x 3 m" in limits.size_miss(Room("kitchen", 4.5, 4.0))
    assert limits.size_miss(Room("kitchen", 4.0, 3.0)) is None and limits.size_miss(Room("kitchen", 3.1, 4.2)) is None
    area = Limits.of("A bedroom of 12 square metres")
    assert area.size_miss(Room("bedroom", 3.5, 3.5)) is None and "12 m²" in area.size_miss(Room("bedroom", 5.0, 4.0))
    assert Limits.of("Design me a bedroom").size_miss(Room("bedroom", 6.0, 5.0)) is None


def test_pieces_asked_for_on_each_supporter_are_shared_out():
    """"a lamp on each nightstand" is two lamps on nightstands for the specs; steering also keeps
    both from going on one nightstand (the shipped model once put both on the first)."""
    from sceneorchestra_addon.agent.llama import Limits
    from sceneorchestra_addon.core import executor

    limits = Limits.of("A bedroom with two nightstands and a lamp on each nightstand")
    head = ['1. init_room(room_type="bedroom", width_m=4.5, depth_m=4.0)', '2. add_object(category="double_bed", placement="against_wall")',
            '3. add_group(anchor="double_bed_0", member="nightstand", count=2, arrangement="both_sides")']

    def state(*calls):
        text = "\n".join([*head, *(f"{4 + i}. {c}" for i, c in enumerate(calls)), f"{4 + len(calls)}. terminate(status=\"success\")"])
        return executor.run_text(text, seed=0).state

    shared = state('add_on_top(parent="nightstand_0", category="table_lamp")', 'add_on_top(parent="nightstand_1", category="table_lamp")')
    assert limits.uneven(shared) is None
    assert "should hold 1 of its own" in limits.uneven(state('add_on_top(parent="nightstand_0", category="table_lamp", count=2)'))
    assert limits.uneven(state('add_on_top(parent="nightstand_0", category="table_lamp")')) is None  # one so far: fine
    assert Limits.of("A bedroom with two nightstands and two lamps").uneven(state('add_on_top(parent="nightstand_0", category="table_lamp", count=2)')) is None
    # judged call by call: a lamp goes to the nightstand that has fewer; a new nightstand with none yet is no fault
    one = state('add_on_top(parent="nightstand_0", category="table_lamp")')
    assert limits.uneven(state('add_on_top(parent="nightstand_0", category="table_lamp", count=2)'), state())  # both on one
    assert limits.uneven(shared, one) is None
    third = state('add_on_top(parent="nightstand_0", category="table_lamp")', 'add_object(category="nightstand", placement="against_wall")')
    assert limits.uneven(third, one) is None


def test_steering_seats_counted_chairs_at_the_tables_in_a_room_big_enough():
    """"A restaurant with 4 tables and 16 chairs": steering (not the specs the scene is scored
    by) also works for the chairs around the tables, four at each (not past ``SEATED_TABLES``
    tables); a table is added on its own (not as a group around another table, not pushed up to
    one); the room is big enough for what is asked ("10 tables and 40 chairs": about 75 m², not
    the usual restaurant's 60); one group of chairs rings one table."""
    from sceneorchestra_addon.agent.llama import Limits
    from sceneorchestra_addon.core.metrics.specs import deficit
    from sceneorchestra_addon.core.reader import read

    limits = Limits.of("A restaurant with 4 tables and 16 chairs")
    assert "ge,4,surround,chair,table" in [s.text for s in limits.specs]
    assert "ge,4,surround,chair,table" not in read("A restaurant with 4 tables and 16 chairs").specs()  # (steering's own)
    assert limits.each_on[-1][2:] == (4, "next_to") and limits.share(limits.specs[-1]) == 4
    assert not [s for s in Limits.of("A restaurant with 10 tables and 40 chairs").specs if s.relation]  # (more: the counts first)
    assert [s.text for s in Limits.of("A kitchen with a dining table and 2 chairs").specs][-1] == "ge,2,next_to,chair,dining_table"
    assert not [s for s in Limits.of("A classroom with 20 desks and 20 chairs").specs if s.relation]  # a desk's chair is its own
    assert not [s for s in Limits.of("A cafe with 4 cafe tables, a dining table and 12 chairs").specs if s.relation]  # which tables?

    big = Limits.of("A restaurant with 10 tables and 40 chairs")
    assert big.least_area is not None and big.least_area > 70 and big.sides[0] ** 2 >= big.least_area
    assert Limits.of("Design me a restaurant").least_area is None and Limits.of("A small restaurant with 10 tables").least_area is None
    room = executor.execute(T.load('1. init_room(room_type="restaurant", width_m=7.9, depth_m=7.9)\n2. terminate(status="success")\n'), seed=0).state.room
    assert "needs about" in big.size_miss(room)

    text = ('1. init_room(room_type="restaurant", width_m=10.0, depth_m=10.0)\n2. add_object(category="dining_table", placement="middle")\n'
            '3. add_object(category="dining_table", placement="middle")\n')
    before = executor.execute(T.load(text + '4. terminate(status="success")\n'), seed=0).state
    after = executor.execute(T.load(text + '4. add_group(anchor="dining_table_0", member="dining_chair", count=4, arrangement="around")\n'
                                    '5. terminate(status="success")\n'), seed=0).state
    results = deficit(before, limits.specs)[1]
    assert limits.reach(before, after, results) == 5  # four chairs, one table ringed
    cats, tools = limits.focus(before, results)
    assert cats and cats <= {"dining_table", "cafe_table", "kids_table", "conference_table"} and "add_object" in tools
    assert not tools & {"add_related", "add_group"}


def test_steering_lets_go_of_a_relation_its_tries_could_not_make():
    """"Twelve desks in rows facing the whiteboard": once tries held to "facing" have failed
    ``RELATION_TRIES`` times (no room left to face it), steering stops holding tries to it
    (``one_relation(skip=)``) and stops asking a call's desks to face the board as well as to be
    counted (``reach(skip=)``): a row of ten desks that do not face it is kept for the count."""
    from sceneorchestra_addon.agent.llama import RELATION_TRIES, STRICT_TRIES, Limits
    from sceneorchestra_addon.core.metrics.specs import deficit

    assert RELATION_TRIES > STRICT_TRIES  # a relation is let go only after more failed tries than one call's strict ones
    limits = Limits.of("A classroom with twelve school desks facing the whiteboard")
    room = '1. init_room(room_type="classroom", width_m=8.0, depth_m=7.0)\n2. add_wall_object(category="whiteboard", wall="north")\n'
    before = executor.execute(T.load(room + '3. terminate(status="success")\n'), seed=0).state
    after = executor.execute(T.load(room + '3. add_group(anchor="whiteboard_0", member="school_desk", count=10, arrangement="in_front")\n'
                                           '4. terminate(status="success")\n'), seed=0).state
    results = deficit(before, limits.specs)[1]
    facing = next(s for s in limits.specs if s.relation == "face")
    assert limits.one_relation(before, results, 0) == facing
    assert limits.one_relation(before, results, 0, skip=frozenset({facing})) is None
    gain = deficit(before, limits.specs)[0] - deficit(after, limits.specs)[0]
    assert gain == 10 < limits.reach(before, after, results) == 20  # held to facing too, the rows fall short
    assert limits.reach(before, after, results, skip=frozenset({facing})) == 10  # let go of it, they are kept
