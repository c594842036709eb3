"""The built extension zip for Python 3.11 (Blender 4.2-5.0), as a user gets it: built by
tools/build_extension.py, checked by Blender's validator, installed into a temporary extensions
repository with the bpy module of this environment (5.0.1), enabled, and used: Generate, switch call 3
off and on, edit a call and replay, each time compared with executing the same trajectory text.
The zip for Python 3.13 (Blender 5.1 and later) is tested in that Python: tests/test_extension_blender.py."""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

import pytest
from test_ui_support import assert_scene_shows, disable_addon

bpy = pytest.importorskip("bpy")

from conftest import ROOT, build_extension_zip  # noqa: E402
from sceneorchestra_addon.core import trajectory as T  # noqa: E402
from sceneorchestra_addon.core.executor import run_text  # noqa: E402

pytestmark = pytest.mark.slow  # the whole module: real simulators, training or installs (see pyproject markers)

REPO = "sotest"
PKG = f"bl_ext.{REPO}.sceneorchestra"


def build_tool():
    spec = importlib.util.spec_from_file_location("build_extension", ROOT / "tools" / "build_extension.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_extension"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The linux-x64 zip for this Python (3.11), built the way a user builds it (a subprocess of the build script)."""
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed (tools/setup.sh builds it)")
    out = tmp_path_factory.mktemp("dist")
    return build_extension_zip(f"{sys.version_info.major}.{sys.version_info.minor}", out)[0]


def test_zip_layout_and_wheels(built):
    tool = build_tool()
    with zipfile.ZipFile(built) as zf:
        names = set(zf.namelist())
        manifest = tomllib.loads(zf.read("blender_manifest.toml").decode())
    assert {"blender_manifest.toml", "LICENSE", "__init__.py", "ui/panel.py", "core/executor.py", "blender/sync.py", "agent/llama.py"} <= names
    assert not any("__pycache__" in n or n.endswith(".pyc") or "ruff" in n for n in names)
    assert manifest["platforms"] == ["linux-x64"] and manifest["id"] == "sceneorchestra"
    assert (manifest["blender_version_min"], manifest["blender_version_max"]) == ("4.2.0", "5.1.0")  # the Blenders of Python 3.11
    assert bpy.app.version < tuple(int(x) for x in manifest["blender_version_max"].split("."))
    wheels = [w.removeprefix("./") for w in manifest["wheels"]]
    assert sorted(wheels) == sorted(n for n in names if n.startswith("wheels/"))
    # every runtime dependency Blender lacks is bundled, at the version this environment installed
    bundled = {tool._norm(Path(w).name.split("-")[0]): Path(w).name.split("-")[1] for w in wheels}
    assert bundled == tool.runtime_dependencies()
    assert {"llama-cpp-python", "jinja2", "markupsafe", "diskcache", "pillow"} <= set(bundled)
    assert all("-cp311-" in w for w in wheels if not w.endswith(("-none-any.whl",)) and "llama_cpp_python" not in w)
    assert any("llama_cpp_python" in w and "manylinux_2_28_x86_64" in w for w in wheels), wheels  # the portable build
    shipped = sorted(p.name for p in (ROOT / "sceneorchestra_addon" / "models").glob("*") if p.is_file())
    assert sorted(n.removeprefix("models/") for n in names if n.startswith("models/")) == shipped


def test_staged_manifest_keeps_the_repository_manifest():
    tool = build_tool()
    text = (ROOT / "blender_manifest.toml").read_text()
    staged = tomllib.loads(tool.staged_manifest(text, "linux-x64", ["a-1-py3-none-any.whl"]))
    original = tomllib.loads(text)
    assert staged.pop("wheels") == ["./wheels/a-1-py3-none-any.whl"] and staged.pop("platforms") == ["linux-x64"]
    original.pop("platforms", None)
    assert staged == original


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory):
    """The zip installed into a temporary user repository and enabled; removed afterwards."""
    disable_addon()  # the source tree's add-on registers the same operators
    bpy.ops.wm.read_homefile(use_empty=True)
    repos = bpy.context.preferences.extensions.repos
    repo = repos.new(name=REPO, module=REPO, custom_directory=str(tmp_path_factory.mktemp("repo")), source="USER")
    start = time.perf_counter()
    assert bpy.ops.extensions.package_install_files(filepath=str(built), repo=REPO, enable_on_install=True) == {"FINISHED"}
    print(f"installed and enabled in {time.perf_counter() - start:.2f} s")
    assert PKG in bpy.context.preferences.addons
    yield bpy.context.preferences.addons[PKG].preferences
    assert bpy.ops.preferences.addon_disable(module=PKG) == {"FINISHED"}
    assert PKG not in bpy.context.preferences.addons and not hasattr(bpy.types.Scene, "sceneorchestra")
    repos.remove(repo)


def test_bundled_llama_cpp_loads(installed):
    site = Path(bpy.utils.user_resource("EXTENSIONS", path=".local")) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    assert (site / "llama_cpp" / "__init__.py").is_file() and (site / "PIL").is_dir() and (site / "jinja2").is_dir()
    assert not (site / "lib").exists() and not (site / "include").exists()  # the llama.cpp wheel stays in its package
    code = f"import sys; sys.path.insert(0, {str(site)!r}); import llama_cpp, PIL, jinja2; print(llama_cpp.__file__, llama_cpp.llama_supports_gpu_offload())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(str(site / "llama_cpp"))


def test_generate_switch_edit_replay_in_the_installed_extension(installed):
    session = importlib.import_module(f"{PKG}.ui.session")
    installed.backend = "teacher"
    props = bpy.context.scene.sceneorchestra
    props.prompt, props.room_size = "Design me a bedroom", "MEDIUM"

    def check(expected_text: str) -> None:
        s = session.current()
        expected = run_text(expected_text, seed=s.journal.seed).state
        assert s.journal.state.to_json() == expected.to_json()
        assert_scene_shows(expected)

    start = time.perf_counter()
    assert bpy.ops.sceneorchestra.generate() == {"FINISHED"}  # synchronous when not invoked from the UI
    print(f"generate (teacher) + build: {time.perf_counter() - start:.2f} s")
    text = T.format(session.current().journal.trajectory)
    assert "width_m=4.2, depth_m=3.6" in text
    check(text)
    # make sure there is a call 3 that can be switched off, whatever the teacher wrote
    assert bpy.ops.sceneorchestra.insert_call(index=1, text='add_object(category="armchair", placement="corner", wall="south")') == {"FINISHED"}
    assert bpy.ops.sceneorchestra.insert_call(index=2, text='add_object(category="floor_lamp", placement="corner", wall="north")') == {"FINISHED"}
    full = T.format(session.current().journal.trajectory)
    check(full)
    # switching a call off keeps the random draws of a later identical call (the executor counts
    # repeats of a call's text), so the comparison with the text without it needs call 3 unique
    keys = [T.format_call(T.Call(0, c.tool, c.args)) for c in T.load(full).calls]
    assert keys.count(keys[2]) == 1

    assert bpy.ops.sceneorchestra.toggle_call(index=3) == {"FINISHED"}
    assert session.rows(session.current())[2].status == "off"
    calls = [c for c in T.load(full).calls if c.number != 3]
    check(T.format(T.Trajectory(tuple(calls)).renumbered()))
    assert bpy.ops.sceneorchestra.toggle_call(index=3) == {"FINISHED"}
    check(full)

    props.edit_calls = True
    props.calls[1].text = 'add_object(category="armchair", placement="against_wall", wall="west")'
    assert bpy.ops.sceneorchestra.replay_from(index=2) == {"FINISHED"}
    edited = full.splitlines()
    edited[1] = '2. add_object(category="armchair", placement="against_wall", wall="west")'
    check("\n".join(edited) + "\n")
