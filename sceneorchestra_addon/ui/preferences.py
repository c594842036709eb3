"""Add-on preferences: which orchestrator answers Generate, how it runs, and where outputs go.

Backends (``agent/pipeline.py``): a local GGUF model (the one shipped in the extension, or another
file), an OpenAI-compatible server (URL, model name, the environment variable that holds its API key, a
timeout), or the teacher, which needs no model. llama.cpp settings: CPU threads (0: llama.cpp's
default), GPU layers (-1: all, used by a CUDA build), sampling temperature. The default seed is used
by scenes that do not set their own. The output folder receives "Save trajectory and scene"
(``output_folder``: a ``//`` folder of an unsaved file goes to the add-on's user folder instead).

Network: the server backend connects only where Blender's "Allow Online Access" allows it
(``network_refusal``; a server on this computer is allowed either way).

llama.cpp: whether its shared library loads on this system is checked once per session, in another
process started from a background thread when the preferences register (``start_llama_check``); the
local backend's status shows the answer, an error with the loader's reason when it cannot load
(``backend_status``), and the draw never loads anything.

When the add-on runs without being enabled as an add-on (its modules registered directly, as some
tests do), the defaults below are used.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

import bpy
from bpy.props import EnumProperty, FloatProperty, IntProperty, StringProperty

from ..agent.http import is_loopback
from ..agent.pipeline import BACKENDS, BackendSettings, default_backend, label, shipped_model

ADDON_ID = __package__.rpartition(".")[0]  # "sceneorchestra_addon", or "bl_ext.<repo>.sceneorchestra" as an extension
DEFAULT_OUTPUT_DIR = os.path.join(os.path.expanduser("~"), "SceneOrchestra")
DEFAULT_KIND = default_backend()
# Blender 4.5+ warns about "//" in a preferences path unless the property says it supports it.
BLEND_RELATIVE = {"PATH_SUPPORTS_BLEND_RELATIVE"} if bpy.app.version >= (4, 5, 0) else set()


class SCENEORCHESTRA_AP_preferences(bpy.types.AddonPreferences):
    bl_idname = ADDON_ID

    backend: EnumProperty(name="Backend", items=[(k, n, d) for k, n, d in BACKENDS], default=DEFAULT_KIND,
                          description="What writes the trajectory when you press Generate")
    model_path: StringProperty(name="GGUF file", subtype="FILE_PATH",
                               description="A GGUF model file for the local backend (empty: the model shipped with the extension)")
    url: StringProperty(name="Server URL", default=BackendSettings.url,
                        description="The OpenAI-compatible API root, e.g. http://127.0.0.1:8080/v1 (http:// is assumed when left out). "
                                    "A server on another computer needs Preferences > System > Network > Allow Online Access")
    http_model: StringProperty(name="Model name", default=BackendSettings.http_model, description="The model name the server expects")
    api_key_env: StringProperty(name="API key variable", default=BackendSettings.api_key_env,
                                description="Environment variable holding the server's API key (empty: no key)")
    timeout_s: FloatProperty(name="Timeout", default=BackendSettings.timeout_s, min=1.0, max=3600.0, unit="TIME_ABSOLUTE",
                             description="Seconds to wait for the server")
    n_threads: IntProperty(name="CPU threads", default=0, min=0, max=256, description="Threads for llama.cpp (0: its default, half the cores)")
    n_gpu_layers: IntProperty(name="GPU layers", default=-1, min=-1, max=1000,
                              description="Layers offloaded to the GPU by a CUDA build (-1: all; the CPU build ignores it)")
    temperature: FloatProperty(name="Temperature", default=BackendSettings.temperature, min=0.0, max=2.0, description="Sampling temperature")
    default_seed: IntProperty(name="Default seed", default=0, min=0, description="The seed of scenes that do not set their own")
    output_dir: StringProperty(name="Output folder", subtype="DIR_PATH", default=DEFAULT_OUTPUT_DIR, options=BLEND_RELATIVE,
                               description="Where \"Save trajectory and scene\" writes (// means beside the .blend file; "
                                           "for a file not saved yet, the add-on's user folder)")

    def draw(self, context):
        draw_preferences(self.layout, self)

    @classmethod
    def register(cls):
        start_llama_check()  # in the background: the preferences then show whether llama.cpp loads here

    @classmethod
    def unregister(cls):
        _stop_llama_redraw()


@dataclass(frozen=True)
class Defaults:
    """The preferences' values when the add-on is not enabled as an add-on."""

    backend: str = DEFAULT_KIND
    model_path: str = ""
    url: str = BackendSettings.url
    http_model: str = BackendSettings.http_model
    api_key_env: str = BackendSettings.api_key_env
    timeout_s: float = BackendSettings.timeout_s
    n_threads: int = 0
    n_gpu_layers: int = -1
    temperature: float = BackendSettings.temperature
    default_seed: int = 0
    output_dir: str = DEFAULT_OUTPUT_DIR


def get(context=None):
    """The add-on's preferences, or ``Defaults()`` when it is not enabled as an add-on."""
    context = context or bpy.context
    addon = context.preferences.addons.get(ADDON_ID)
    return addon.preferences if addon is not None and addon.preferences is not None else Defaults()


def settings(context=None, kind: str | None = None) -> BackendSettings:
    """The backend settings (``kind`` overrides the chosen backend, e.g. "teacher")."""
    p = get(context)
    path = bpy.path.abspath(p.model_path) if p.model_path else ""
    return BackendSettings(kind or p.backend, path, p.url, p.http_model, p.api_key_env, p.timeout_s, p.n_threads, p.n_gpu_layers,
                           p.temperature)


def online_access() -> tuple[bool, bool]:
    """(Blender allows online access, the command line decided it: --offline-mode / --online-mode)."""
    app = bpy.app
    overridden = getattr(app, "online_access_override", getattr(app, "online_access_overriden", False))
    return bool(app.online_access), bool(overridden)


def network_refusal(settings: BackendSettings) -> str | None:
    """Why the server backend may not connect now (the panel's message), or None when it may.

    Blender's rule for add-ons: check ``bpy.app.online_access`` ("Allow Online Access", in
    Preferences > System > Network, off by default) before using the internet. The choice made
    here: a server on this computer (``localhost``, 127.0.0.0/8, ``::1``: ``agent.http.is_loopback``,
    decided from the URL's text without a name lookup) is allowed with online access off, because
    talking to it sends nothing off the machine and a local llama.cpp server is the offline way to
    run a model; any other host, a LAN address or a name included, needs online access. Other
    backends never use the network. A URL that cannot be read is left to the backend's own message
    (``agent.http.InvalidServerUrl``)."""
    if settings.name != "http":
        return None
    allowed, overridden = online_access()
    if allowed:
        return None
    try:
        if is_loopback(settings.url):
            return None
    except ValueError:
        return None
    fix = ("Blender was started with --offline-mode: start it without that option (or with --online-mode)" if overridden
           else "enable Edit > Preferences > System > Network > Allow Online Access")
    return (f"{label(settings)}: online access is off in Blender, so the add-on does not connect to another computer: {fix}; "
            "or run the server on this computer (http://127.0.0.1:<port>/v1), or use the local model or the teacher")


def output_folder(context=None) -> tuple[Path, str]:
    """(the folder "Save" writes into, a note for the user or ""). The preferences' output folder
    with ``//`` resolved beside the .blend file; when the file is not saved yet, ``//`` has no
    folder (Blender would resolve it against its working directory), so the rest of the path goes
    under ``unsaved_output_base()`` and the note says so. An empty setting means the default
    folder (``~/SceneOrchestra``)."""
    raw = get(context).output_dir.strip() or DEFAULT_OUTPUT_DIR
    if raw.startswith("//") and not bpy.data.filepath:
        folder = unsaved_output_base() / raw[2:].lstrip("/\\")
        return folder, (f"this .blend file is not saved, so the output folder {raw!r} (beside the .blend) has no place: "
                        "save the file, or choose an absolute output folder in the add-on preferences")
    return Path(os.path.expanduser(bpy.path.abspath(raw))), ""


def unsaved_output_base() -> Path:
    """Where a ``//`` output folder of an unsaved file goes: the extension's user folder
    (``bpy.utils.extension_path_user``, ``.../extensions/.user/<repo>/sceneorchestra/outputs``),
    which Blender keeps across upgrades; the system temporary folder when the add-on is not
    installed as an extension or that folder cannot be made."""
    try:
        path = bpy.utils.extension_path_user(ADDON_ID, path="outputs", create=True)
    except ValueError:  # not an extension (a legacy add-on, the source tree)
        path = ""
    return Path(path) if path else Path(tempfile.gettempdir()) / "SceneOrchestra"


# ---------------------------------------------------------------- llama.cpp: does it load here?
#
# A llama-cpp-python wheel built for another system installs fine and then fails when its shared
# library is opened (a newer glibc or libstdc++ than this Linux has, a CPU without the instructions it
# was built for). That is checked once per Blender session, in a separate Python process (a library
# that crashes on load cannot take Blender with it) started from a background thread when the
# preferences class registers; the panel and the preferences only read the cached answer.

LLAMA_CHECK_TIMEOUT_S = 120.0
_LLAMA_CHECK_CODE = r"""
import json, sys
sys.path[:0] = json.loads(sys.argv[1])
try:
    import llama_cpp
except BaseException as exc:
    print(json.dumps({"error": type(exc).__name__, "reason": str(exc)}))
else:
    print(json.dumps({"version": getattr(llama_cpp, "__version__", "?"), "file": llama_cpp.__file__}))
"""


@dataclass
class _LlamaCheck:
    key: tuple | None = None  # what the answer is for: (llama_cpp's folder, its libraries' sizes and times)
    result: tuple[str, str] | None = None  # (icon, text); None while the check runs
    thread: threading.Thread | None = None


_LLAMA = _LlamaCheck()
_LLAMA_LOCK = threading.Lock()


def _llama_key(path: list[str] | None = None) -> tuple | None:
    """(the llama_cpp package folder, (name, size, mtime) of its libraries), or None when it is not installed."""
    importlib.invalidate_caches()
    if path is None:
        spec = importlib.util.find_spec("llama_cpp")
        origin = spec.origin if spec is not None else None
    else:
        origin = next((str(Path(p) / "llama_cpp" / "__init__.py") for p in path if (Path(p) / "llama_cpp" / "__init__.py").is_file()), None)
    if not origin:
        return None
    folder = Path(origin).parent
    libs = tuple(sorted((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in (folder / "lib").glob("*") if f.is_file())) \
        if (folder / "lib").is_dir() else ()
    return (str(folder), libs)


def check_llama_library(path: list[str] | None = None, timeout_s: float = LLAMA_CHECK_TIMEOUT_S) -> tuple[str, str]:
    """(icon, text): whether llama-cpp-python imports, its shared libraries included, in a fresh
    Python process with this one's module path (``path`` first when given). Blocks: run it in a thread.
    "ERROR" with the loader's reason (e.g. ``version `GLIBC_2.34' not found``) when it cannot load."""
    if _llama_key(path) is None:
        return "ERROR", "llama-cpp-python is not installed: install the build for your platform, or use a server or the teacher"
    search = [*(path or []), *(p for p in sys.path if p)]
    try:
        done = subprocess.run([sys.executable, "-c", _LLAMA_CHECK_CODE, json.dumps(search)], capture_output=True, text=True,
                              timeout=timeout_s, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return "QUESTION", f"Could not check llama.cpp: loading it took over {timeout_s:.0f} s"
    except OSError as exc:
        return "QUESTION", f"Could not check llama.cpp: {exc}"
    if done.returncode < 0:
        try:
            name = signal.Signals(-done.returncode).name
        except ValueError:
            name = f"signal {-done.returncode}"
        why = " (this CPU lacks an instruction the build uses, e.g. AVX2)" if name == "SIGILL" else ""
        return "ERROR", f"llama.cpp cannot load on this system: loading it crashed Python with {name}{why}. Use a server or the teacher"
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    try:
        answer = json.loads(lines[-1])
    except (IndexError, ValueError):
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return "ERROR", f"llama.cpp cannot load on this system (exit {done.returncode}): {tail}"
    if "error" in answer:
        reason = " ".join(answer["reason"].split())
        return "ERROR", (f"llama.cpp cannot load on this system ({answer['error']}): {reason}. "
                         "Install the SceneOrchestra build for this system, or use a server or the teacher")
    return "CHECKMARK", f"llama-cpp-python {answer['version']} loads"


def start_llama_check(path: list[str] | None = None, force: bool = False) -> None:
    """Check in a background thread whether llama.cpp loads (``check_llama_library``), unless the answer
    for the installed llama_cpp is already known or being found (``force`` checks again)."""
    key = _llama_key(path)
    with _LLAMA_LOCK:
        if not force and key == _LLAMA.key and (_LLAMA.result is not None or (_LLAMA.thread is not None and _LLAMA.thread.is_alive())):
            return
        module = sys.modules.get("llama_cpp")
        if key is not None and path is None and "llama_cpp.llama_cpp" in sys.modules and module is not None \
                and str(Path(module.__file__).parent) == key[0]:  # this package's libraries are loaded in this process already
            _LLAMA.key, _LLAMA.result, _LLAMA.thread = key, ("CHECKMARK", f"llama-cpp-python {getattr(module, '__version__', '?')} loads"), None
            return
        check = _LlamaCheck(key=key)

        def run():
            result = check_llama_library(path)
            with _LLAMA_LOCK:
                if _LLAMA.thread is check.thread:  # not superseded by a later check
                    _LLAMA.result = result

        check.thread = threading.Thread(target=run, name="sceneorchestra-llama-check", daemon=True)
        _LLAMA.key, _LLAMA.result, _LLAMA.thread = check.key, None, check.thread
        check.thread.start()
    _start_llama_redraw()


def llama_status(wait_s: float = 0.0) -> tuple[str, str] | None:
    """The cached answer of the last llama.cpp check (``check_llama_library``), or None while it runs
    (waiting up to ``wait_s`` for it). Never loads anything itself."""
    thread = _LLAMA.thread
    if _LLAMA.result is None and thread is not None and wait_s > 0:
        thread.join(wait_s)
    return _LLAMA.result


def _redraw_preferences():
    """Timer: once the check has answered, redraw the Preferences windows; until then, poll."""
    if _LLAMA.result is None and _LLAMA.thread is not None and _LLAMA.thread.is_alive():
        return 0.5
    wm = getattr(bpy.context, "window_manager", None)
    for window in getattr(wm, "windows", ()):
        for area in window.screen.areas:
            if area.type == "PREFERENCES":
                area.tag_redraw()
    return None


def _start_llama_redraw() -> None:
    try:
        if not bpy.app.timers.is_registered(_redraw_preferences):
            bpy.app.timers.register(_redraw_preferences, first_interval=0.5)
    except (AttributeError, ValueError, RuntimeError):  # no timers (e.g. while Blender starts): the next redraw shows it
        pass


def _stop_llama_redraw() -> None:
    try:
        if bpy.app.timers.is_registered(_redraw_preferences):
            bpy.app.timers.unregister(_redraw_preferences)
    except (AttributeError, ValueError, RuntimeError):
        pass


def backend_status(p) -> tuple[str, str]:
    """(icon, text): a quick check of the chosen backend that reads no network and loads no model.
    For the local backend, whether llama.cpp loads here comes from the background check
    (``start_llama_check``, started when the add-on registers): "ERROR" with the loader's reason when it
    cannot; a note while the check runs."""
    if p.backend in ("teacher", "rules"):
        return "CHECKMARK", f"The {p.backend} backend needs no model"
    if p.backend == "http":
        refusal = network_refusal(BackendSettings("http", url=p.url, http_model=p.http_model))
        if refusal is not None:
            return "ERROR", "Online access is off: a server on another computer needs Preferences > System > Network > Allow Online Access"
        return "URL", f"Generate will ask {p.url or '(no URL)'} for model {p.http_model!r}"
    llama = llama_status()
    if llama is None:
        if _LLAMA.thread is None:  # never started (the preferences class was not registered): start it now, in the background
            start_llama_check()
        return "TIME", "Checking that llama.cpp loads on this system..."
    if llama[0] != "CHECKMARK":
        return llama
    path = bpy.path.abspath(p.model_path) if p.model_path else ""
    if not path:
        model = shipped_model()
        return ("CHECKMARK", f"Shipped model: {model.name}") if model else ("ERROR", "This build ships no model: choose a GGUF file or the teacher")
    return ("CHECKMARK", f"Model file found ({os.path.getsize(path) / 1e6:.1f} MB)") if os.path.isfile(path) else ("ERROR", f"Model file not found: {path}")


def draw_preferences(layout, p) -> None:
    layout.prop(p, "backend")
    box = layout.box()
    if p.backend == "local":
        box.prop(p, "model_path")
        row = box.row()
        row.prop(p, "n_threads")
        row.prop(p, "n_gpu_layers")
    if p.backend == "http":
        for name in ("url", "http_model", "api_key_env", "timeout_s"):
            box.prop(p, name)
    if p.backend in ("local", "http"):
        box.prop(p, "temperature")
    icon, text = backend_status(p)
    for i, line in enumerate(textwrap.wrap(text, 110) or [""]):  # a loader's reason is long: wrapped, not cut
        row = box.row()
        row.alert = icon == "ERROR"
        row.label(text=line, icon=icon if i == 0 else "BLANK1")
    layout.prop(p, "default_seed")
    layout.prop(p, "output_dir")


CLASSES = (SCENEORCHESTRA_AP_preferences,)
