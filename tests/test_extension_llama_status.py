"""The preferences say when llama.cpp cannot load here, and why: a llama-cpp-python whose shared
library needs a newer glibc than the system has imports as a package but fails when the library is
opened. The check runs once, in another process, from a background thread; the preferences' draw
only reads its cached answer. Here the real installed package is copied and one of its libraries
made to ask for a glibc version no system has, exactly as a wheel built on a newer Linux fails on
an older one ("version `GLIBC_2.99' not found")."""

from __future__ import annotations

import re
import shutil
import sys
import time
from pathlib import Path

import pytest

bpy = pytest.importorskip("bpy")
llama_cpp_spec = pytest.importorskip("llama_cpp").__spec__

from sceneorchestra_addon.ui import preferences  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_check():
    """Each test starts with no answer and leaves the real one behind."""
    saved = (preferences._LLAMA.key, preferences._LLAMA.result, preferences._LLAMA.thread)
    preferences._LLAMA.key = preferences._LLAMA.result = preferences._LLAMA.thread = None
    yield
    if preferences._LLAMA.thread is not None:
        preferences._LLAMA.thread.join(preferences.LLAMA_CHECK_TIMEOUT_S)
    preferences._LLAMA.key, preferences._LLAMA.result, preferences._LLAMA.thread = saved


def _package_copy(dest: Path) -> Path:
    """A copy of the installed llama_cpp package under ``dest`` (its Python files and libraries)."""
    source = Path(llama_cpp_spec.origin).parent
    shutil.copytree(source, dest / "llama_cpp", ignore=shutil.ignore_patterns("__pycache__", "server"))
    return dest / "llama_cpp"


@pytest.fixture
def too_new(tmp_path) -> Path:
    """A folder whose llama_cpp's libllama.so (the library it opens by path) asks for GLIBC_2.99 (the
    name of one of its glibc version needs rewritten in place: the loader then finds no such version
    and refuses the library)."""
    lib = _package_copy(tmp_path) / "lib" / "libllama.so"
    data = lib.read_bytes()
    m = re.search(rb"GLIBC_2\.\d\d\x00", data)
    assert m, "no GLIBC_2.xx version need to rewrite in libllama.so"
    lib.write_bytes(data[: m.start()] + b"GLIBC_2.99\x00" + data[m.end():])
    return tmp_path


def test_a_library_that_needs_a_newer_glibc_is_an_error_with_the_loaders_reason(too_new):
    icon, text = preferences.check_llama_library([str(too_new)])
    assert icon == "ERROR", text
    assert "cannot load on this system" in text and "GLIBC_2.99" in text and "libllama.so" in text, text


def test_the_preferences_report_it_for_the_local_backend(too_new, monkeypatch):
    """What a user on an older Linux sees under the backend: the reason, not "Shipped model: ..."
    (the status said all was well before, and Generate then failed with an unexpected RuntimeError)."""
    monkeypatch.syspath_prepend(str(too_new))  # the broken copy is the llama_cpp this Blender would import
    monkeypatch.delitem(sys.modules, "llama_cpp")  # (this test process imported the real one)
    preferences.start_llama_check()
    assert preferences.llama_status(wait_s=preferences.LLAMA_CHECK_TIMEOUT_S) is not None
    icon, text = preferences.backend_status(preferences.Defaults(backend="local"))
    assert icon == "ERROR" and "GLIBC_2.99" in text, (icon, text)
    # the other backends do not need llama.cpp
    assert preferences.backend_status(preferences.Defaults(backend="teacher"))[0] == "CHECKMARK"


def test_the_installed_build_loads():
    icon, text = preferences.check_llama_library()
    assert icon == "CHECKMARK" and "loads" in text, text


def test_a_crash_on_load_is_reported_not_suffered(tmp_path):
    """A library built for a CPU with more instructions kills the process that loads it: the check's
    process, not Blender."""
    (tmp_path / "llama_cpp").mkdir()
    (tmp_path / "llama_cpp" / "__init__.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGILL)\n")
    icon, text = preferences.check_llama_library([str(tmp_path)])
    assert icon == "ERROR" and "SIGILL" in text and "AVX2" in text, text


def test_drawing_never_waits_for_the_check(tmp_path, monkeypatch):
    """While the check runs (here a llama_cpp that takes 3 s to import), the status says so at once;
    the answer is cached afterwards, and asking again starts nothing."""
    (tmp_path / "llama_cpp").mkdir()
    (tmp_path / "llama_cpp" / "__init__.py").write_text("import time\ntime.sleep(3)\n__version__ = '0.0-slow'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "llama_cpp")
    preferences.start_llama_check()
    p = preferences.Defaults(backend="local")
    start = time.perf_counter()
    icon, text = preferences.backend_status(p)
    assert time.perf_counter() - start < 0.5 and icon == "TIME", (icon, text)
    assert preferences.llama_status(wait_s=60) == ("CHECKMARK", "llama-cpp-python 0.0-slow loads")
    thread = preferences._LLAMA.thread
    preferences.start_llama_check()  # the same package: the cached answer stands
    assert preferences._LLAMA.thread is thread and preferences.llama_status() is not None
    assert preferences.backend_status(p)[0] == "CHECKMARK"


def test_the_preferences_draw_the_whole_reason_in_red(too_new, monkeypatch):
    """The loader's reason is long (two paths and a symbol version): drawn over several alert rows,
    not cut off at the window's edge, and the draw reads only the cached answer."""
    from test_ui_support import RecordingLayout

    monkeypatch.syspath_prepend(str(too_new))
    monkeypatch.delitem(sys.modules, "llama_cpp")
    preferences.start_llama_check()
    preferences.llama_status(wait_s=preferences.LLAMA_CHECK_TIMEOUT_S)
    layout = RecordingLayout()
    monkeypatch.setattr(preferences.subprocess, "run", lambda *a, **k: pytest.fail("the draw ran a process"))
    preferences.draw_preferences(layout, preferences.Defaults(backend="local"))
    labels = [i for i in layout.walk() if i.kind == "label"]
    assert len(labels) >= 2 and labels[0].args["icon"] == "ERROR" and all(i.owner.effective("alert") for i in labels)
    text = " ".join(i.args["text"] for i in labels)
    assert "GLIBC_2.99" in text and "libllama.so" in text and "teacher" in text, text
