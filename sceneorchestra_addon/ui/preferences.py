"""Add-on preferences: which orchestrator answers Generate, how it runs, and where outputs go.

Backends (``agent/pipeline.py``): a local GGUF model (the one shipped in the extension, or another
file), an OpenAI-compatible server (URL, model name, the environment variable that holds its API key, a
timeout), or the teacher, which needs no model. llama.cpp settings: CPU threads (0: llama.cpp's
default), GPU layers (-1: all, used by a CUDA build), sampling temperature. The default seed is used
by scenes that do not set their own. The output folder receives "Save trajectory and scene"
(``output_folder``: a ``//`` folder of an unsaved file goes to the add-on's user folder instead).

Network: the server backend connects only where Blender's "Allow Online Access" allows it
(``network_refusal``; a server on this computer is allowed either way).

When the add-on runs without being enabled as an add-on (its modules registered directly, as some
tests do), the defaults below are used.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
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


def backend_status(p) -> tuple[str, str]:
    """(icon, text): a quick check of the chosen backend that reads no network and loads no model."""
    if p.backend in ("teacher", "rules"):
        return "CHECKMARK", f"The {p.backend} backend needs no model"
    if p.backend == "http":
        refusal = network_refusal(BackendSettings("http", url=p.url, http_model=p.http_model))
        if refusal is not None:
            return "ERROR", "Online access is off: a server on another computer needs Preferences > System > Network > Allow Online Access"
        return "URL", f"Generate will ask {p.url or '(no URL)'} for model {p.http_model!r}"
    if importlib.util.find_spec("llama_cpp") is None:
        return "ERROR", "llama-cpp-python is not installed: install the build for your platform, or use a server or the teacher"
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
    row = box.row()
    row.alert = icon == "ERROR"
    row.label(text=text, icon=icon)
    layout.prop(p, "default_seed")
    layout.prop(p, "output_dir")


CLASSES = (SCENEORCHESTRA_AP_preferences,)
