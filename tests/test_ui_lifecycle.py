"""The panel's life cycle: every way out of a generation ends it (busy cleared, timer removed, the
user told), replay and generation act on the trajectory and scene they belong to, and drawing reads
only values computed when the scene changed."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from test_ui_support import RecordingLayout, addon, assert_scene_shows, stored  # noqa: F401 - addon is a fixture

bpy = pytest.importorskip("bpy")

from conftest import DATA  # noqa: E402
from sceneorchestra_addon.agent.pipeline import BackendSettings  # noqa: E402
from sceneorchestra_addon.core import trajectory as T  # noqa: E402
from sceneorchestra_addon.core.executor import execute, run_text  # noqa: E402
from sceneorchestra_addon.ui import operators  # noqa: E402
from sceneorchestra_addon.ui import session as S  # noqa: E402
from sceneorchestra_addon.ui import worker as W  # noqa: E402
from sceneorchestra_addon.ui.operators import SCENEORCHESTRA_OT_generate  # noqa: E402
from sceneorchestra_addon.ui.panel import SCENEORCHESTRA_PT_panel  # noqa: E402

TEACHER = BackendSettings("teacher")
BEDROOM = (DATA / "bedroom.txt").read_text()
KITCHEN = (DATA / "kitchen.txt").read_text()
N = len(T.load(BEDROOM).calls)
TIMER = SimpleNamespace(type="TIMER", value="NOTHING")


class Fixed:
    """A backend that answers with one text (after ``gate`` opens, when given)."""

    def __init__(self, text: str, gate: threading.Event | None = None):
        self.text, self.gate = text, gate

    def generate(self, instruction, n=1, seed=0):
        if self.gate is not None:
            self.gate.wait(10)
        return [self.text] * n


def start(text: str = BEDROOM, gate: threading.Event | None = None) -> S.Session:
    """A generation of ``text`` in the current scene (the model answers at once unless gated)."""
    s = S.current()
    S.start_generation(s, W.Request("Design me a bedroom", settings=TEACHER), lambda _settings: Fixed(text, gate), threaded=gate is not None)
    return s


def call_handlers(kind: str) -> None:
    """What Blender does around an undo: the add-on's ``<kind>`` handlers (the bpy module's undo
    does nothing: its poll fails)."""
    for fn in list(getattr(bpy.app.handlers, kind)):
        if fn.__module__.startswith("sceneorchestra_addon"):
            fn(bpy.context.scene, None)


def draw() -> RecordingLayout:
    layout = RecordingLayout()
    SCENEORCHESTRA_PT_panel.draw(SimpleNamespace(layout=layout), bpy.context)
    return layout


# ---------------------------------------------------------------- 4. every way out of a generation


def test_an_unexpected_error_while_building_ends_the_generation(addon):  # noqa: F811
    s = start()
    assert S.drain(s) and S.drain(s)  # calls 1 and 2 built

    def broken():
        raise ValueError("the sync broke")

    assert S.drain(s, build=broken) is False  # no exception escapes: the timer's caller would die with it
    assert not s.busy and S.running() is None
    assert s.notice.level == "ERROR"
    assert s.notice.text.startswith("building call 3 failed: unexpected ValueError: the sync broke (details in the system console)")
    assert [r.status for r in S.rows(s)][2:-1] == ["off"] * (N - 3)  # what is built stays, the rest is off
    assert_scene_shows(execute(T.load(BEDROOM), 0, enabled=tuple(i < 2 or i == N - 1 for i in range(N))).state)
    S.set_enabled(s, 3, True)  # the panel works again
    assert S.rows(s)[2].status != "off"


def test_cancel_ends_a_generation_nothing_drains_any_more(addon):  # noqa: F811
    s = start()
    assert S.drain(s) and S.drain(s)
    # the modal that drained is gone (an error ended it): Cancel alone must end the generation
    assert bpy.ops.sceneorchestra.cancel() == {"FINISHED"}
    assert not s.busy and S.running() is None
    assert s.notice.text.startswith("cancelled after building 2 of")
    bpy.context.scene.sceneorchestra.prompt = "Design me a kitchen"
    assert bpy.ops.sceneorchestra.generate(backend="teacher") == {"FINISHED"}  # and Generate works again


def test_undo_during_a_generation_stops_it_and_says_so(addon):  # noqa: F811
    s = start()
    for _ in range(3):
        assert S.drain(s)
    call_handlers("undo_pre")
    call_handlers("undo_post")
    after = S.current()
    assert after.notice is not None and after.notice.level == "WARNING"
    assert after.notice.text == "the generation was stopped: undo restored an earlier state"  # (the undo replaces what was built)
    assert [r.status for r in S.rows(after)][3:] == ["off"] * (N - 3)
    assert S.drain(after) is False  # nothing is left to build
    assert S.running() is None and not s.busy and s.job is None


def test_opening_a_file_during_a_generation_stops_it_and_says_so(addon, tmp_path):  # noqa: F811
    path = tmp_path / "other.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(path))
    gate = threading.Event()
    s = start(gate=gate)  # the model is still writing
    job = s.job
    bpy.ops.wm.open_mainfile(filepath=str(path))  # Blender runs the load_pre and load_post handlers
    gate.set()
    job.thread.join(10)
    notice = S.current().notice
    assert notice is not None and notice.text == "the generation was stopped: another file was opened"
    assert "generation was stopped" in " ".join(draw().texts())
    assert job.cancelled.is_set() and S.running() is None and not s.busy


class FakeWindowManager:
    def __init__(self):
        self.added, self.removed = [], []

    def event_timer_add(self, step, window=None):
        self.added.append(object())
        return self.added[-1]

    def event_timer_remove(self, timer):
        self.removed.append(timer)


class FakeOperator:
    """Stands in for the modal Generate's instance (``generation_event`` is its modal)."""

    def __init__(self):
        self.reports = []

    def report(self, level, text):
        self.reports.append((next(iter(level)), text))


@pytest.fixture
def modal(addon):  # noqa: F811
    """(operator, context) of a modal Generate watching a generation, like ``invoke`` sets it up."""
    wm = FakeWindowManager()
    context = SimpleNamespace(scene=bpy.context.scene, window_manager=wm, window=bpy.context.window, screen=None)
    op = FakeOperator()
    yield op, context
    assert not operators.timer_running() and wm.removed == wm.added and len(wm.added) == 1, "the timer is removed"
    assert S.running() is None


def run_modal(op, context, events=(TIMER,) * 100) -> int:
    """Feed events until the operator finishes; returns how many it took."""
    for i, event in enumerate(events, 1):
        if operators.generation_event(op, context, event) == {"FINISHED"}:
            return i
    raise AssertionError("the modal Generate never finished")


def test_modal_generate_builds_and_finishes(modal):
    op, context = modal
    start()
    operators.watch(op, context)
    assert run_modal(op, context) == N
    assert op.reports[-1][0] == "INFO" and "calls from the" in op.reports[-1][1]
    assert_scene_shows(run_text(BEDROOM, 0).state)


def test_modal_generate_reports_the_backends_error(modal):
    op, context = modal

    class Failing:
        def generate(self, instruction, n=1, seed=0):
            raise TypeError("a bug")

    S.start_generation(S.current(), W.Request("a bedroom", settings=BackendSettings("http")), lambda _s: Failing(), threaded=False)
    operators.watch(op, context)
    assert run_modal(op, context) == 1
    assert op.reports == [("ERROR", S.current().notice.text)] and "unexpected TypeError: a bug" in op.reports[0][1]


def test_modal_generate_ends_on_an_unexpected_error_in_the_build_operator(modal, monkeypatch):
    op, context = modal
    start()
    operators.watch(op, context)
    real = S.build_step

    def build_step(session):
        if len(session.pending) < N:  # call 1 is built, call 2 fails
            raise KeyError("so_id")
        return real(session)

    monkeypatch.setattr(S, "build_step", build_step)  # the build_next operator calls it
    assert run_modal(op, context) == 2
    level, text = op.reports[-1]
    assert level == "ERROR" and text.startswith("building call 2 failed: unexpected KeyError: 'so_id' (details in the system console)")
    assert [r.status for r in S.rows(S.current())][1:-1] == ["off"] * (N - 2)


@pytest.mark.parametrize("how", ["esc", "cancel button"])
def test_modal_generate_cancelled(modal, how):
    op, context = modal
    start()
    operators.watch(op, context)
    for _ in range(3):
        assert operators.generation_event(op, context, TIMER) == {"RUNNING_MODAL"}
    if how == "esc":
        assert operators.generation_event(op, context, SimpleNamespace(type="ESC", value="PRESS")) == {"FINISHED"}
    else:
        assert bpy.ops.sceneorchestra.cancel() == {"FINISHED"}
        assert operators.generation_event(op, context, SimpleNamespace(type="MOUSEMOVE", value="NOTHING")) == {"FINISHED"}
    assert op.reports[-1] == ("WARNING", S.current().notice.text) and "cancelled after building 3 of" in op.reports[-1][1]


def test_modal_generate_after_an_undo(modal):
    op, context = modal
    start()
    operators.watch(op, context)
    operators.generation_event(op, context, TIMER)
    call_handlers("undo_pre")  # the timer goes at once
    assert not operators.timer_running()
    call_handlers("undo_post")
    assert operators.generation_event(op, context, SimpleNamespace(type="MOUSEMOVE", value="NOTHING")) == {"FINISHED"}
    assert op.reports[-1][0] == "WARNING" and op.reports[-1][1].startswith("the generation was stopped: undo restored an earlier state")


def test_modal_generate_when_a_file_is_opened(modal, tmp_path):
    op, context = modal
    path = tmp_path / "other.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(path))
    gate = threading.Event()
    s = start(gate=gate)
    operators.watch(op, context)
    bpy.ops.wm.open_mainfile(filepath=str(path))
    SCENEORCHESTRA_OT_generate.cancel(op, context)  # what Blender does to a modal operator when a file loads
    gate.set()
    s.job is None or s.job.thread.join(10)
    assert op.reports[-1] == ("WARNING", "the generation was stopped: another file was opened")


def test_a_stale_modal_leaves_the_next_generations_timer_alone(modal):
    op, context = modal
    start()
    operators.watch(op, context)
    call_handlers("undo_pre")
    call_handlers("undo_post")
    second = FakeOperator()
    start()  # a new Generate before the first modal saw another event
    operators.watch(second, context)
    assert operators.generation_event(op, context, SimpleNamespace(type="MOUSEMOVE", value="NOTHING")) == {"FINISHED"}
    assert operators.timer_running()  # the second generation still ticks
    assert run_modal(second, context) == N
    context.window_manager.added.remove(second._timer)  # the fixture checks the first modal's timer
    context.window_manager.removed.remove(second._timer)


def test_modal_generate_ended_by_blender(modal):
    op, context = modal
    start()
    operators.watch(op, context)
    operators.generation_event(op, context, TIMER)
    SCENEORCHESTRA_OT_generate.cancel(op, context)  # e.g. its window closed
    assert op.reports[-1][0] == "WARNING" and "Blender ended the Generate operator" in op.reports[-1][1]


# ---------------------------------------------------------------- a generation is one undo step


def undo_stack() -> None:
    """Undo as in the GUI: the bpy module starts without an undo stack, and an explicit push creates
    one; after that, an operator called with ``undo=True`` pushes its step as a button press does."""
    bpy.ops.ed.undo_push(message="before the test")


def press(name: str, **props) -> None:
    """A panel button: the operator as the GUI runs it, pushing its undo step."""
    assert getattr(bpy.ops.sceneorchestra, name)("EXEC_DEFAULT", True, **props) == {"FINISHED"}


def modal_generate(text: str, ticks: int = 100) -> tuple[FakeOperator, SimpleNamespace]:
    """A modal Generate of ``text`` fed ``ticks`` timer events (100: until it ends)."""
    op = FakeOperator()
    context = SimpleNamespace(scene=bpy.context.scene, window_manager=FakeWindowManager(), window=bpy.context.window, screen=None)
    start(text)
    operators.watch(op, context)
    if ticks == 100:
        run_modal(op, context)
    for _ in range(ticks if ticks < 100 else 0):
        assert operators.generation_event(op, context, TIMER) == {"RUNNING_MODAL"}
    return op, context


def test_a_generation_is_one_undo_step_and_its_calls_stay_switchable(addon):  # noqa: F811
    undo_stack()
    press("run_text", source="STRING", text=KITCHEN)  # the user's change before it
    before = stored()
    modal_generate(BEDROOM)
    generated = stored()
    assert_scene_shows(run_text(BEDROOM, 0).state)
    press("toggle_call", index=3)
    assert S.rows(S.current())[2].status == "off"
    assert bpy.ops.ed.undo() == {"FINISHED"}  # the switch alone
    assert stored() == generated and S.rows(S.current())[2].status != "off"
    assert bpy.ops.ed.undo() == {"FINISHED"}  # all N calls of the generation at once
    assert stored() == before
    assert_scene_shows(run_text(KITCHEN, 0).state)
    assert bpy.ops.ed.redo() == {"FINISHED"}
    assert stored() == generated
    assert not operators.timer_running()


def test_consecutive_generations_are_separate_undo_steps(addon):  # noqa: F811
    undo_stack()
    before = stored()
    modal_generate(BEDROOM)
    bedroom = stored()
    modal_generate(KITCHEN)
    assert bpy.ops.ed.undo() == {"FINISHED"}
    assert stored() == bedroom
    assert bpy.ops.ed.undo() == {"FINISHED"}
    assert stored() == before


def test_undo_while_building_returns_to_the_state_before_the_generation(addon):  # noqa: F811
    undo_stack()
    press("run_text", source="STRING", text=KITCHEN)
    before = stored()
    op, context = modal_generate(BEDROOM, ticks=3)
    assert bpy.ops.ed.undo() == {"FINISHED"}  # Blender runs the add-on's undo handlers around it
    assert stored() == before and S.running() is None and not operators.timer_running()
    assert_scene_shows(run_text(KITCHEN, 0).state)
    assert operators.generation_event(op, context, SimpleNamespace(type="MOUSEMOVE", value="NOTHING")) == {"FINISHED"}
    assert op.reports[-1] == ("WARNING", "the generation was stopped: undo restored an earlier state")
    assert bpy.ops.ed.redo() == {"FINISHED"}  # the stopped generation pushed nothing over the undo
    assert stored() != before


# ---------------------------------------------------------------- 5. the right text, in the right scene


def test_replay_runs_the_stored_call_unless_an_edit_is_applied(addon):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    props = bpy.context.scene.sceneorchestra
    call_4 = S.rows(S.current())[3].args_text
    props.calls[3].text = 'add_object(category="armchair")'  # typed with "Edit calls" off (e.g. left from before)
    assert bpy.ops.sceneorchestra.replay_from(index=4) == {"FINISHED"}
    assert S.rows(S.current())[3].args_text == call_4
    props.edit_calls = True
    props.calls[3].text = 'add_object(category="armchair")'
    props.edit_calls = False  # leaving edit mode drops the edit
    assert props.calls[3].text == call_4
    props.calls[3].text = 'add_object(category="armchair")'
    assert bpy.ops.sceneorchestra.replay_from(index=4) == {"FINISHED"}
    assert S.rows(S.current())[3].args_text == call_4
    props.edit_calls = True  # editing starts from the calls as they are
    assert [c.text for c in props.calls] == [r.args_text for r in S.rows(S.current())]
    props.calls[3].text = 'add_object(category="armchair")'
    assert bpy.ops.sceneorchestra.replay_from(index=4) == {"FINISHED"}  # editing, applied: the edit runs
    assert S.rows(S.current())[3].args_text == 'add_object(category="armchair")'


def test_stale_edit_fields_never_replace_a_call(addon, monkeypatch):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    props = bpy.context.scene.sceneorchestra
    props.edit_calls = True
    with monkeypatch.context() as m:  # a change the fields did not follow (every session change mirrors them now;
        m.setattr(S, "PUBLISH", [])  # e.g. fields written by another version): they hold the old calls
        S.delete_call(S.current(), 2)
    before = S.text(S.current())
    assert props.calls[2].text != S.rows(S.current())[2].args_text
    layout = draw()
    assert not [i for i in layout.walk() if i.kind == "prop" and i.args["attr"] == "text"], "stale fields are not shown"
    assert bpy.ops.sceneorchestra.replay_from(index=3) == {"FINISHED"}
    assert S.text(S.current()) == before
    S.delete_call(S.current(), 2)
    props.edit_calls = False
    props.edit_calls = True
    assert [c.text for c in props.calls] == [r.args_text for r in S.rows(S.current())]


def new_scene(name: str):
    scene = bpy.data.scenes.new(name)
    bpy.context.window.scene = scene
    return scene


def show(scene) -> None:
    bpy.context.window.scene = scene


def test_two_scenes_keep_their_own_rooms_and_edit_fields(addon):  # noqa: F811
    first = bpy.context.scene
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    first.sceneorchestra.edit_calls = True
    bedroom = stored()
    second = new_scene("Kitchen")
    bpy.ops.sceneorchestra.run_text(source="STRING", text=KITCHEN)
    kitchen = stored()
    show(first)
    assert stored() == bedroom
    assert_scene_shows(run_text(BEDROOM, 0).state)
    assert bpy.ops.sceneorchestra.replay_from(index=4) == {"FINISHED"}  # the first scene's fields belong to its own trajectory
    assert stored() == bedroom
    show(second)
    assert stored() == kitchen
    assert_scene_shows(run_text(KITCHEN, 0).state)


def test_a_generation_builds_into_the_scene_it_started_from(addon):  # noqa: F811
    first = bpy.context.scene
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    bedroom = stored()
    second = new_scene("Kitchen")
    s = start(KITCHEN)
    assert S.drain(s) and S.drain(s)
    show(first)  # the user looks at the other scene while the kitchen is built
    while S.drain(s):
        pass
    assert s.notice.level == "INFO"
    assert stored() == bedroom and S.text(S.current()).startswith("# SceneOrchestra trajectory: seed=0\n1. init_room(room_type=\"bedroom\"")
    assert_scene_shows(run_text(BEDROOM, 0).state)
    show(second)
    assert S.current() is s
    assert_scene_shows(run_text(KITCHEN, 0).state)
    assert stored()[0] == run_text(KITCHEN, 0).state.to_json()


def test_deleting_the_scene_of_a_running_generation_ends_it(addon):  # noqa: F811
    first = bpy.context.scene
    second = new_scene("Kitchen")
    s = start(KITCHEN)
    assert S.drain(s)
    show(first)
    bpy.data.scenes.remove(second)
    assert S.drain(s) is False and not s.busy
    assert s.notice.level == "ERROR" and s.notice.text == "building call 2 failed: the scene this trajectory belongs to was deleted"


def test_one_generation_at_a_time_across_scenes(addon):  # noqa: F811
    first = bpy.context.scene
    gate = threading.Event()
    s = start(gate=gate)
    new_scene("Other")
    with pytest.raises(S.UserError, match="already running in scene 'Scene'"):
        S.start_generation(S.current(), W.Request("a kitchen", settings=TEACHER))
    layout = draw()  # the other scene shows the running generation and its Cancel
    assert layout.operators("sceneorchestra.cancel") and any("in scene Scene" in t for t in layout.texts())
    assert bpy.ops.sceneorchestra.cancel() == {"FINISHED"} and not s.busy
    gate.set()
    show(first)


# ---------------------------------------------------------------- 7. drawing reads cached values only


@contextmanager
def nothing_computed(monkeypatch):
    """Executing, evaluating or serialising a scene raises while inside."""
    from sceneorchestra_addon.core import journal, metrics
    from sceneorchestra_addon.ground.state import SceneState
    from sceneorchestra_addon.ui import scene_metrics

    def refuse(*_a, **_k):
        raise AssertionError("computed while drawing")

    with monkeypatch.context() as m:
        for module in (metrics, scene_metrics, S):
            m.setattr(module, "evaluate", refuse)
        m.setattr(journal, "execute", refuse)
        m.setattr(journal, "run_calls", refuse)
        m.setattr(SceneState, "to_json", refuse)
        yield


def test_drawing_computes_nothing_even_after_an_undo(addon, monkeypatch):  # noqa: F811
    addon.backend = "teacher"
    bpy.context.scene.sceneorchestra.prompt = "Design me a bedroom with two nightstands and a desk"
    assert bpy.ops.sceneorchestra.generate() == {"FINISHED"}
    draw()
    with nothing_computed(monkeypatch):
        texts = draw().texts()
        call_handlers("undo_post")  # rebuilding after an undo re-executes nothing it has seen
        after = draw().texts()
    shown = [t for t in texts if t.startswith(("Objects ", "Understood:", "Real.")) or "(" in t and t.endswith(")")]
    assert len(shown) > 3 and [t for t in after if t in shown] == shown  # the same rows, box and numbers (the message went)
    assert any(t.startswith("Objects ") for t in texts) and any(t.startswith("Understood:") for t in texts)


def test_drawing_while_building_computes_nothing(addon, monkeypatch):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    s = start(KITCHEN)
    while S.drain(s):
        with nothing_computed(monkeypatch):
            layout = draw()
        assert not any(t.startswith("Objects ") for t in layout.texts())  # measured once, when the build ends
    operators.refresh(bpy.context, s)
    assert any(t.startswith("Objects ") for t in draw().texts())


def test_the_scene_is_measured_once_per_change(addon, monkeypatch):  # noqa: F811
    from sceneorchestra_addon.ui import scene_metrics

    calls = []
    real = scene_metrics._from_evaluator
    scene_metrics._CACHE.clear()
    monkeypatch.setattr(scene_metrics, "_from_evaluator", lambda state: calls.append(1) or real(state))
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    bpy.ops.sceneorchestra.toggle_call(index=3)
    for _ in range(5):
        draw()
    assert len(calls) == 2
