"""The panel's generation with a real GGUF in llama.cpp (a tiny random-weight model): Cancel stops
the model within the call it is writing, and a Generate after a Cancel, an undo or a file load
waits for the stopped generation instead of running beside it on the one loaded model (two threads
in one llama.cpp context abort the whole process)."""

from __future__ import annotations

import threading
import time

import pytest
from test_ui_support import addon, assert_scene_shows  # noqa: F401 - addon is a fixture

bpy = pytest.importorskip("bpy")
pytest.importorskip("llama_cpp")

from sceneorchestra_addon.agent.llama import GUIDE_KEY  # noqa: E402
from sceneorchestra_addon.agent.pipeline import forget_backends, make_backend  # noqa: E402
from sceneorchestra_addon.ui import operators  # noqa: E402
from sceneorchestra_addon.ui import session as S  # noqa: E402

WAIT_S = 60.0  # a bound for what takes about a second on a busy 2-core machine


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    """A tiny GGUF that asks for no tool guide in its prompt (so it fits the default context)."""
    from gguf_tiny import write_tiny_llama

    return write_tiny_llama(tmp_path_factory.mktemp("gguf") / "panel.gguf", strings={GUIDE_KEY: "none"})


@pytest.fixture
def local(addon, model):  # noqa: F811
    """The preferences set to the local backend with the tiny GGUF; yields the loaded backend (the
    one every generation of these preferences shares)."""
    addon.backend, addon.model_path, addon.n_threads = "local", str(model), 1
    addon.default_seed = 2  # the tiny random model writes a long trajectory at this seed (28 calls; one at seed 0)
    bpy.context.scene.sceneorchestra.prompt = "Design me a bedroom"
    forget_backends()
    backend = make_backend(operators.request_of(bpy.context).settings)
    yield backend
    for thread in threading.enumerate():  # no generation may outlive its test
        if thread.name == "sceneorchestra-generate":
            thread.join(WAIT_S)
            assert not thread.is_alive(), "a stopped generation is still running"
    forget_backends()


def generate() -> S.Session:
    """Press Generate in the current scene (the worker thread runs the model)."""
    s = S.current()
    S.start_generation(s, operators.request_of(bpy.context))
    return s


def until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"waited {WAIT_S:.0f} s for {what}"
        time.sleep(0.002)


def writing(backend, calls: int = 1) -> None:
    """Wait until the model has written ``calls`` more calls (it is in the middle of a trajectory)."""
    start = backend.stats.calls
    until(lambda: backend.stats.calls >= start + calls, "the model to write")


def finish(s: S.Session) -> None:
    """Drain the generation (as the modal's timer does) until it ends; it must end built."""
    deadline = time.monotonic() + WAIT_S
    while S.drain(s, max_calls=1000):
        assert time.monotonic() < deadline, "the generation never ended"
        time.sleep(0.005)
    assert s.notice.level == "INFO" and "calls from the" in s.notice.text, s.notice
    assert S.rows(s)[0].tool.startswith("init")
    assert_scene_shows(S.state(s))


def test_cancel_stops_the_model_within_the_call_it_writes(local):
    s = generate()
    job = s.job
    writing(local, 2)  # a trajectory takes some twenty calls
    assert bpy.ops.sceneorchestra.cancel() == {"FINISHED"}
    assert not s.busy and s.notice.text == "generation cancelled; the scene is unchanged"
    job.thread.join(WAIT_S)
    assert not job.thread.is_alive()
    assert [kind for kind, _ in job.poll()] != ["done"], "the model wrote the whole trajectory after Cancel"


def test_twenty_generate_cancel_cycles_then_a_generation(local):
    jobs = []
    for i in range(20):
        s = generate()
        jobs.append(s.job)
        if i % 3:  # else Cancel at once, while the previous one may still be stopping
            writing(local, i % 3)
        assert bpy.ops.sceneorchestra.cancel() == {"FINISHED"}
        assert not s.busy and S.running() is None
    s = generate()  # the last one runs to the end and is built
    finish(s)
    for job in jobs:
        job.thread.join(WAIT_S)
        assert not job.thread.is_alive()


def test_undo_while_the_model_writes_then_generate(local):
    bpy.ops.ed.undo_push(message="before the test")  # the bpy module starts without an undo stack
    bpy.ops.ed.undo_push(message="a step to undo")
    s = generate()
    job = s.job
    writing(local)
    assert bpy.ops.ed.undo() == {"FINISHED"}  # Blender runs the add-on's undo handlers around it
    assert job.cancelled.is_set() and S.running() is None
    assert S.current().notice.text.startswith("the generation was stopped: undo restored an earlier state")
    s = generate()  # at once: the stopped one may still be in its last call
    finish(s)
    assert not job.thread.is_alive()


def test_opening_a_file_while_the_model_writes_then_generate(local, tmp_path):
    path = tmp_path / "other.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(path))
    s = generate()
    job = s.job
    writing(local)
    bpy.ops.wm.open_mainfile(filepath=str(path))  # Blender runs the load_pre and load_post handlers
    assert job.cancelled.is_set() and S.running() is None
    assert S.current().notice.text == "the generation was stopped: another file was opened"
    bpy.context.scene.sceneorchestra.prompt = "Design me a bedroom"
    s = generate()
    finish(s)
    assert not job.thread.is_alive()
