"""Every error path of the panel: the message the user reads (in the panel and the status bar), the
teacher still on offer when a model backend fails, and nothing lost (the trajectory, the scene, the
stored state and the prompt are as they were)."""

from __future__ import annotations

import importlib.util
import re
import socket
from types import SimpleNamespace

import pytest
from test_ui_support import RecordingLayout, addon, assert_scene_shows, stored  # noqa: F401 - addon is a fixture

bpy = pytest.importorskip("bpy")

from conftest import DATA  # noqa: E402
from sceneorchestra_addon.core import trajectory as T  # noqa: E402
from sceneorchestra_addon.core.executor import run_text  # noqa: E402
from sceneorchestra_addon.ui import session as S  # noqa: E402
from sceneorchestra_addon.ui import worker as W  # noqa: E402
from sceneorchestra_addon.agent.pipeline import BackendSettings  # noqa: E402
from sceneorchestra_addon.ui.panel import SCENEORCHESTRA_PT_panel  # noqa: E402

BEDROOM = (DATA / "bedroom.txt").read_text()


@pytest.fixture
def room(addon):  # noqa: F811 - the fixture
    """A built bedroom and a prompt: what must survive every error."""
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    props = bpy.context.scene.sceneorchestra
    props.prompt = "Design me a cosy bedroom"
    snapshot = (stored(), S.text(S.current()), [c.text for c in props.calls], props.prompt)
    yield addon
    props = bpy.context.scene.sceneorchestra
    assert (stored(), S.text(S.current()), [c.text for c in props.calls], props.prompt) == snapshot, "something was lost"
    assert_scene_shows(run_text(BEDROOM, 0).state)


def panel() -> RecordingLayout:
    layout = RecordingLayout()
    SCENEORCHESTRA_PT_panel.draw(SimpleNamespace(layout=layout), bpy.context)
    return layout


def shown_notice(layout: RecordingLayout) -> str:
    """The notice box's text (its wrapped lines joined) and that it is drawn in red."""
    notice = [b for b in layout.children if b.kind == "box" and b.alert]
    assert len(notice) == 1, "one red message box"
    return " ".join(i.args["text"] for i in notice[0].walk() if i.kind == "label")


def squeeze(text: str) -> str:
    """Text without whitespace (the panel wraps long messages over several labels)."""
    return re.sub(r"\s+", "", text.replace("\\", ""))


def assert_generate_fails(message: str) -> RecordingLayout:
    with pytest.raises(RuntimeError, match=message):
        bpy.ops.sceneorchestra.generate()
    layout = panel()
    assert squeeze(message) in squeeze(shown_notice(layout))
    return layout


def assert_teacher_offered(layout: RecordingLayout) -> None:
    offers = [o for o in layout.operators("sceneorchestra.generate") if o.props.get("backend") == "teacher"]
    assert len(offers) == 1 and offers[0].args["text"] == "Generate with the teacher (no model)"


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


# ---------------------------------------------------------------- backends


def test_model_path_that_does_not_exist(room, tmp_path):
    room.backend, room.model_path = "local", str(tmp_path / "missing.gguf")
    layout = assert_generate_fails(f"model {tmp_path}/missing.gguf: model file not found: {tmp_path}/missing.gguf")
    assert_teacher_offered(layout)


def test_embedded_model_missing_from_the_build(room, monkeypatch):
    from sceneorchestra_addon.agent import pipeline as P

    monkeypatch.setattr(P, "shipped_model", lambda models_dir=P.MODELS_DIR: None)  # a build without models/orchestrator.gguf
    P.forget_backends()
    room.backend, room.model_path = "local", ""  # no file chosen: the shipped model, which this build lacks
    assert_teacher_offered(assert_generate_fails("this build ships no model"))


def test_llama_cpp_missing(room, tmp_path, monkeypatch):
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF" + bytes(60))
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "llama_cpp" else real(name, *a))
    room.backend, room.model_path = "local", str(model)
    assert_teacher_offered(assert_generate_fails("llama-cpp-python is not installed in this Blender"))


def test_server_that_does_not_answer(room):
    url = f"http://127.0.0.1:{closed_port()}/v1"
    room.backend, room.url, room.timeout_s = "http", url, 2.0
    with pytest.raises(RuntimeError, match=f"server {url} \\(model sceneorchestra\\): "):
        bpy.ops.sceneorchestra.generate()
    layout = panel()
    assert squeeze(shown_notice(layout)).startswith(squeeze(f"server {url} (model sceneorchestra): "))
    assert_teacher_offered(layout)


def test_a_model_that_cannot_take_the_prompt(room, tiny_gguf):
    """A real GGUF whose context is too short for the prompt: llama.cpp's message reaches the panel."""
    room.backend, room.model_path, room.n_threads = "local", str(tiny_gguf), 1
    with pytest.raises(RuntimeError, match=r"context holds 8192"):
        bpy.ops.sceneorchestra.generate()
    assert_teacher_offered(panel())


def test_the_teacher_after_a_failure(room, tmp_path):
    room.backend, room.model_path = "local", str(tmp_path / "missing.gguf")
    with pytest.raises(RuntimeError):
        bpy.ops.sceneorchestra.generate()
    bpy.context.scene.sceneorchestra.prompt = "Design me a bedroom"
    assert bpy.ops.sceneorchestra.generate(backend="teacher") == {"FINISHED"}
    s = S.current()
    assert s.notice.level == "INFO" and S.rows(s)[0].tool.startswith("init")
    assert_scene_shows(S.state(s))
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)  # back to the fixture's room
    bpy.context.scene.sceneorchestra.prompt = "Design me a cosy bedroom"


def test_prompt_without_a_room(room):
    room.backend = "teacher"
    bpy.context.scene.sceneorchestra.prompt = "something nice"
    with pytest.raises(RuntimeError, match="teacher \\(no model\\): no room type found in 'something nice'"):
        bpy.ops.sceneorchestra.generate()
    assert not [o for o in panel().operators("sceneorchestra.generate") if o.props.get("backend") == "teacher"]
    bpy.context.scene.sceneorchestra.prompt = "Design me a cosy bedroom"


def test_empty_prompt(room):
    bpy.context.scene.sceneorchestra.prompt = "   "
    assert_generate_fails("the prompt is empty")
    bpy.context.scene.sceneorchestra.prompt = "Design me a cosy bedroom"


def test_invalid_model_output_and_unexpected_errors(room):
    class Junk:
        def generate(self, instruction, n=1, seed=0):
            return ["1. add_object(category=\"bed\")\n"]

    class Broken:
        def generate(self, instruction, n=1, seed=0):
            raise TypeError("a bug")

    s = S.current()
    S.generate_now(s, W.Request("a bedroom", settings=BackendSettings("http")), lambda _s: Junk())
    assert s.notice.level == "ERROR" and "wrote no valid trajectory (1 tried)" in s.notice.text
    assert "the first call must be an initializer" in s.notice.text and s.notice.offer_teacher
    S.generate_now(s, W.Request("a bedroom", settings=BackendSettings("http")), lambda _s: Broken())
    assert "unexpected TypeError: a bug (details in the system console)" in s.notice.text


# ---------------------------------------------------------------- editing the trajectory


def test_an_invalid_edit(room):
    props = bpy.context.scene.sceneorchestra
    props.edit_calls = True  # an edit field counts only in "Edit calls" mode
    old = props.calls[3].text
    props.calls[3].text = 'add_object(category="armchair", placment="corner")'
    with pytest.raises(RuntimeError, match=r"call 4: add_object\(placment=...\): unknown argument 'placment'; did you mean 'placement'\?"):
        bpy.ops.sceneorchestra.replay_from(index=4)
    assert "unknown argument 'placment'" in shown_notice(panel())
    props.calls[3].text = old


@pytest.mark.parametrize("op, kwargs, message", [
    ("toggle_call", {"index": 1}, "call 1 \\(init_room\\) cannot be switched off"),
    ("delete_call", {"index": 1}, "call 1 \\(init_room\\) cannot be deleted"),
    ("delete_call", {"index": 99}, "there is no call 99"),
    ("insert_call", {"index": 2, "text": 'add_object(category="unicorn")'}, "call 3: add_object\\(category=...\\): unknown category 'unicorn'"),
    ("insert_call", {"index": 2, "text": 'init_room(room_type="office", width_m=3.0, depth_m=3.0)'}, "an initializer may only be the first call"),
    ("insert_call", {"index": 2, "text": "print(text='hi')"}, "call 3: print: unknown tool 'print'"),
    ("replay_from", {"index": 2, "text": "   "}, "call 2: the call text is empty"),
    ("run_text", {"source": "STRING", "text": "1. add_object(category=\"bed\")"}, "the trajectory text is not valid"),
    ("run_text", {"source": "FILE", "filepath": "/nonexistent/room.txt"}, "cannot read /nonexistent/room.txt"),
    ("run_text", {"source": "TEXT_BLOCK", "text_block": "nope"}, "there is no text block 'nope'"),
])
def test_refused_changes(room, op, kwargs, message):
    with pytest.raises(RuntimeError, match=message):
        getattr(bpy.ops.sceneorchestra, op)(**kwargs)
    assert squeeze(message.split("\\")[0]) in squeeze(shown_notice(panel()))


def test_empty_clipboard(room):
    bpy.context.window_manager.clipboard = ""
    with pytest.raises(RuntimeError, match="the clipboard is empty"):
        bpy.ops.sceneorchestra.run_text(source="CLIPBOARD")


def test_unwritable_output_folder(room, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    room.output_dir = str(blocker)
    with pytest.raises(RuntimeError, match=f"cannot write to {blocker}/bedroom-seed0"):
        bpy.ops.sceneorchestra.save_outputs()


def test_changes_without_a_trajectory(addon):  # noqa: F811 - the fixture
    for op in (bpy.ops.sceneorchestra.toggle_call, bpy.ops.sceneorchestra.delete_call, bpy.ops.sceneorchestra.copy_trajectory):
        with pytest.raises(RuntimeError, match="there is no trajectory yet"):
            op()
    with pytest.raises(RuntimeError, match="start with an initializer|there is no trajectory yet"):
        bpy.ops.sceneorchestra.tool_add_object(category="armchair")
    assert stored() == (None, None) and T.load(BEDROOM)
