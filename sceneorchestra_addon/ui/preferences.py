"""Add-on preferences: which orchestrator answers Generate, how it runs, and where outputs go.

Backends (``agent/pipeline.py``): a local GGUF model (the one shipped in the extension, or another
file), an OpenAI-compatible server (URL, model name, the environment variable that holds its API key, a
timeout), or the teacher, which needs no model. llama.cpp settings: CPU threads (0: llama.cpp's
default), GPU layers (-1: all, used by a CUDA build), sampling temperature. The default seed is used
by scenes that do not set their own. The output folder receives "Save trajectory and scene".

When the add-on runs without being enabled as an add-on (its modules registered directly, as some
tests do), the defaults below are used.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass

import bpy
from bpy.props import EnumProperty, FloatProperty, IntProperty, StringProperty

from ..agent.pipeline import BACKENDS, BackendSettings, default_backend, shipped_model

ADDON_ID = __package__.rpartition(".")[0]  # "sceneorchestra_addon", or "bl_ext.<repo>.sceneorchestra" as an extension
DEFAULT_OUTPUT_DIR = os.path.join(os.path.expanduser("~"), "SceneOrchestra")
DEFAULT_KIND = default_backend()


class SCENEORCHESTRA_AP_preferences(bpy.types.AddonPreferences):
    bl_idname = ADDON_ID

    backend: EnumProperty(name="Backend", items=[(k, n, d) for k, n, d in BACKENDS], default=DEFAULT_KIND,
                          description="What writes the trajectory when you press Generate")
    model_path: StringProperty(name="GGUF file", subtype="FILE_PATH",
                               description="A GGUF model file for the local backend (empty: the model shipped with the extension)")
    url: StringProperty(name="Server URL", default=BackendSettings.url, description="The OpenAI-compatible API root, e.g. http://127.0.0.1:8080/v1")
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
    output_dir: StringProperty(name="Output folder", subtype="DIR_PATH", default=DEFAULT_OUTPUT_DIR,
                               description="Where \"Save trajectory and scene\" writes (// means beside the .blend file)")

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


def backend_status(p) -> tuple[str, str]:
    """(icon, text): a quick check of the chosen backend that reads no network and loads no model."""
    if p.backend in ("teacher", "rules"):
        return "CHECKMARK", f"The {p.backend} backend needs no model"
    if p.backend == "http":
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
