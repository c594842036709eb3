"""The panel's session on the real bpy module: generation through the worker and the drain, the
journal's per-call changes seen in the Blender scene, the stored trajectory, and safety."""

from __future__ import annotations

import threading
import time

import pytest
from test_ui_support import assert_scene_shows, fingerprint, stored, user_cube

bpy = pytest.importorskip("bpy")

from conftest import DATA  # noqa: E402
from sceneorchestra_addon.core import trajectory as T  # noqa: E402
from sceneorchestra_addon.core.executor import execute, run_text  # noqa: E402
from sceneorchestra_addon.ui import session as S  # noqa: E402
from sceneorchestra_addon.ui import worker as W  # noqa: E402
from sceneorchestra_addon.agent import pipeline as P  # noqa: E402
from sceneorchestra_addon.agent.pipeline import BackendSettings  # noqa: E402

TEACHER = BackendSettings("teacher")
BEDROOM = (DATA / "bedroom.txt").read_text()


@pytest.fixture(autouse=True)
def empty_file():
    bpy.ops.wm.read_homefile(use_empty=True)
    S.invalidate()
    yield
    S.invalidate()


def without(text: str, k: int) -> str:
    """The trajectory text without call ``k`` (renumbered)."""
    calls = [c for c in T.load(text).calls if c.number != k]
    return T.format(T.Trajectory(tuple(calls)).renumbered())


def plain(session) -> str:
    return T.format(session.journal.trajectory)


class FixedBackend:
    """An orchestrator that answers with given texts (the interface of agent/, for the worker tests)."""

    def __init__(self, *texts: str, gate: threading.Event | None = None):
        self.texts, self.gate, self.asked = list(texts), gate, []

    def generate(self, instruction: str, n: int = 1, seed: int = 0) -> list[str]:
        self.asked.append((instruction, n, seed))
        if self.gate is not None:
            self.gate.wait(10)
        return (self.texts * n)[:n]


def factory_of(backend):
    return lambda settings: backend


# ---------------------------------------------------------------- generation


def test_generate_with_the_teacher_builds_what_executing_its_text_gives():
    s = S.current()
    S.generate_now(s, W.Request("Design me a bedroom", settings=TEACHER, room_size_m=(4.2, 3.6)))
    text = plain(s)
    assert "width_m=4.2, depth_m=3.6" in text  # the preset wins
    expected = run_text(text, seed=0).state
    assert s.journal.state.to_json() == expected.to_json()
    assert_scene_shows(expected)
    assert stored()[0] == expected.to_json()
    assert s.notice.level == "INFO" and "calls from the teacher" in s.notice.text
    assert not s.busy and S.progress(s) is None


def test_threaded_generation_is_drained_call_by_call():
    gate = threading.Event()
    backend = FixedBackend(BEDROOM, gate=gate)
    s = S.current()
    job = S.start_generation(s, W.Request("a bedroom", seed=3, settings=TEACHER), factory_of(backend))
    assert S.drain(s) is True  # the model has not answered: nothing changes
    fraction, text = S.progress(s)
    assert fraction is None and text.startswith("Generating")
    assert S.state(s).objects == () and stored() == (None, None)
    gate.set()
    job.thread.join(10)
    n = len(T.load(BEDROOM).calls)
    seen = []
    while S.drain(s):
        fraction, _ = S.progress(s)
        seen.append(fraction)
        built = n - len(s.pending)
        assert_scene_shows(execute(T.load(BEDROOM), 3, enabled=tuple(i < built for i in range(n))).state)
    assert seen == sorted(seen) and len(seen) == n - 1  # one call per drain, the progress grows
    assert s.journal.state.to_json() == run_text(BEDROOM, seed=3).state.to_json()
    assert backend.asked == [("a bedroom", 1, 3)]


def test_samples_choose_the_valid_candidate_with_most_objects():
    small = T.format(T.Trajectory((T.load(BEDROOM).calls[0], T.Call(2, "terminate", (("status", "success"),)))))
    backend = FixedBackend("1. nonsense(", small, BEDROOM)
    backend.generate = lambda instruction, n=1, seed=0: ["1. nonsense(", small, BEDROOM][:n]
    s = S.current()
    S.generate_now(s, W.Request("a bedroom", n=3, settings=TEACHER), factory_of(backend))
    assert plain(s) == T.format(T.load(BEDROOM))
    assert "sample 3 of 3" in s.notice.text


def test_cancel_while_the_model_writes_keeps_the_scene():
    S.load_text(S.current(), BEDROOM, 0)
    before = stored()
    gate = threading.Event()
    s = S.current()
    job = S.start_generation(s, W.Request("a kitchen", settings=TEACHER), factory_of(FixedBackend(BEDROOM, gate=gate)))
    S.cancel(s)
    gate.set()
    job.thread.join(10)
    assert S.drain(s) is False
    assert s.notice.text == "generation cancelled; the scene is unchanged"
    assert stored() == before and not s.busy


def test_cancel_while_building_switches_the_rest_off():
    s = S.current()
    S.start_generation(s, W.Request("a bedroom", settings=TEACHER), factory_of(FixedBackend(BEDROOM)), threaded=False)
    for _ in range(4):
        assert S.drain(s)
    S.cancel(s)
    assert S.drain(s) is False
    n = len(T.load(BEDROOM).calls)
    assert [r.status for r in S.rows(s)][4:-1] == ["off"] * (n - 5)
    assert "cancelled after building 4 of" in s.notice.text
    assert_scene_shows(execute(T.load(BEDROOM), 0, enabled=tuple(i < 4 or i == n - 1 for i in range(n))).state)
    S.set_enabled(s, 5, True)  # the user builds on
    assert S.rows(s)[4].status != "off"


def test_a_second_generation_is_refused_while_one_runs():
    s = S.current()
    gate = threading.Event()
    job = S.start_generation(s, W.Request("a bedroom", settings=TEACHER), factory_of(FixedBackend(BEDROOM, gate=gate)))
    with pytest.raises(S.UserError, match="already running"):
        S.start_generation(s, W.Request("a bedroom", settings=TEACHER))
    with pytest.raises(S.UserError, match="a generation is running"):
        S.load_text(s, BEDROOM, 0)
    gate.set()
    job.thread.join(10)
    while S.drain(s, max_calls=100):
        pass


# ---------------------------------------------------------------- per-call changes


def test_switch_edit_delete_insert_each_match_executing_the_text():
    s = S.current()
    S.load_text(s, BEDROOM, 0)
    S.set_enabled(s, 3, False)
    expected = run_text(without(BEDROOM, 3), 0).state
    assert S.state(s).to_json() == expected.to_json()
    assert_scene_shows(expected)
    S.set_enabled(s, 3, True)
    assert S.state(s).to_json() == run_text(BEDROOM, 0).state.to_json()

    S.replay_from(s, 4, 'add_object(category="armchair", placement="corner")')
    edited = T.format(T.load(BEDROOM)).splitlines()
    edited[3] = '4. add_object(category="armchair", placement="corner")'
    edited_text = "\n".join(edited) + "\n"
    assert plain(s) == edited_text
    assert S.state(s).to_json() == run_text(edited_text, 0).state.to_json()
    assert_scene_shows(S.state(s))

    S.delete_call(s, 4)
    assert S.state(s).to_json() == run_text(without(edited_text, 4), 0).state.to_json()
    S.insert_after(s, 1, 'add_object(category="floor_lamp")')
    assert S.rows(s)[1].args_text == 'add_object(category="floor_lamp")'
    assert S.state(s).to_json() == run_text(plain(s), 0).state.to_json()
    assert_scene_shows(S.state(s))


def test_replay_without_an_edit_rebuilds_the_same_scene():
    s = S.current()
    S.load_text(s, BEDROOM, 0)
    before = stored()
    S.replay_from(s, 2, S.rows(s)[1].args_text)
    assert stored()[0] == before[0] and s.notice.text == "replayed from call 2"


def test_tool_calls_are_added_before_terminate():
    s = S.current()
    S.add_call(s, "init_room", (("room_type", "office"), ("width_m", 4.0), ("depth_m", 3.5)))
    assert [r.tool for r in S.rows(s)] == ["init_room", "terminate"]
    assert S.add_call(s, "add_object", (("category", "desk"),)) == 2
    assert S.add_call(s, "terminate", (("status", "failure"),)) == 3
    assert plain(s).splitlines()[1:] == ['2. add_object(category="desk")', '3. terminate(status="failure")']
    assert_scene_shows(run_text(plain(s), 0).state)


def test_the_copied_text_round_trips_with_switched_off_calls():
    s = S.current()
    S.load_text(s, BEDROOM, 5)
    S.set_enabled(s, 6, False)
    copied = S.text(s)
    assert copied.startswith("# SceneOrchestra trajectory: seed=5\n") and "  # off\n" in copied
    state = S.state(s).to_json()
    S.invalidate()
    bpy.ops.wm.read_homefile(use_empty=True)
    s = S.current()
    S.load_text(s, copied, 0)
    assert s.journal.seed == 5 and [r.status for r in S.rows(s)][5] == "off"
    assert S.state(s).to_json() == state


def test_the_session_is_rebuilt_from_the_saved_file(tmp_path):
    s = S.current()
    S.load_text(s, BEDROOM, 2)
    S.set_enabled(s, 3, False)
    rows = S.rows(s)
    path = tmp_path / "room.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(path))
    bpy.ops.wm.read_homefile(use_empty=True)
    S.invalidate()
    assert S.rows(S.current()) == []
    bpy.ops.wm.open_mainfile(filepath=str(path))
    S.invalidate()
    again = S.current()
    assert S.rows(again) == rows and again.journal.seed == 2 and again.notice is None


def test_only_the_addon_collection_is_touched():
    mine = bpy.data.collections.new("SceneOrchestra")  # a user's collection with the add-on's name
    bpy.context.scene.collection.children.link(mine)
    cubes = [user_cube("Cube"), user_cube("Chair", mine)]
    prints = [fingerprint(c) for c in cubes]
    s = S.current()
    S.load_text(s, BEDROOM, 0)
    S.set_enabled(s, 3, False)
    S.delete_call(s, 5)
    S.insert_after(s, 2, 'add_object(category="armchair")')
    S.generate_now(s, W.Request("Design me a kitchen", settings=TEACHER))
    assert [fingerprint(c) for c in cubes] == prints
    assert [o.name for o in mine.objects] == ["Chair"] and "so_root" not in mine
    assert_scene_shows(S.state(s))


def test_metrics_follow_the_scene():
    s = S.current()
    S.load_text(s, BEDROOM, 0)
    full = S.metrics(s)
    assert full.objects >= 20 and full.out_of_bounds == 0 and full.collision_pairs == 0
    S.set_enabled(s, 2, False)  # the bed set
    assert S.metrics(s).objects < full.objects


def test_a_generation_takes_well_under_the_budget():
    s = S.current()
    start = time.perf_counter()
    S.generate_now(s, W.Request("Design me a living room", settings=TEACHER))
    assert time.perf_counter() - start < 10.0


def test_a_models_comments_are_not_read_as_switches():
    commented = T.format(T.load(BEDROOM)).replace("\n", "  # off\n", 3)
    s = S.current()
    S.generate_now(s, W.Request("a bedroom", settings=TEACHER), factory_of(FixedBackend(commented)))
    assert all(r.status != "off" for r in S.rows(s))
    assert s.journal.state.to_json() == run_text(BEDROOM, 0).state.to_json()


def test_room_size_reaches_the_prompt_and_the_initializer():
    assert P.instruction_for("  Design me\n a kitchen ", (4.2, 3.6)) == "Design me a kitchen The room is 4.2 x 3.6 m."
    assert P.instruction_for("Design me a kitchen", None) == "Design me a kitchen"
    resized = P.with_room_size(BEDROOM, (6.0, 5.5))
    assert resized.splitlines()[0] == '1. init_room(room_type="bedroom", width_m=6.0, depth_m=5.5, door_wall="south", window_wall="east")'
    assert resized.splitlines()[1:] == T.format(T.load(BEDROOM)).splitlines()[1:]
