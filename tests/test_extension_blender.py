"""The extension zip for the Python of newer Blenders, installed and used there: Blender 5.1 and later
embed Python 3.13, whose binary wheels (Pillow, MarkupSafe) differ from 3.11's, so
tools/build_extension.py builds a -py313 zip, which must pass that Blender's validator, install into a
temporary extensions repository of the bpy module (5.3, in ``$SCENEORCHESTRA_CACHE/venv-py313``, made
by ``tools/setup.sh --tests``), enable, load llama.cpp from the extension's own site-packages, say so
in its preferences, and Generate with the teacher and with the shipped model (the local backend).

This test session runs Python 3.11, so the Blender part runs in that environment's Python, this file
as a script (``main``). It skips only when no Python 3.13 interpreter exists to make the environment.
``SCENEORCHESTRA_BLENDER_PYTHONS`` (interpreters with bpy, separated by ``:``) adds others, e.g. the
bpy 4.2 and 5.1 releases a Blender range was checked with once (see PYTHONS in the build script)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

if __name__ != "__main__":
    import pytest

    from conftest import ROOT, build_extension_zip
    from test_extension_install import build_tool

    pytestmark = pytest.mark.slow  # builds zips and starts Blender in another Python

REPO = "sotest"
PKG = f"bl_ext.{REPO}.sceneorchestra"
BLENDER_TIMEOUT_S = 900


# ---------------------------------------------------------------- inside the other Blender


def main(zip_path: str) -> dict:
    """Install ``zip_path`` into this interpreter's bpy, use it, and return what was seen (JSON)."""
    import importlib

    import bpy

    seen: dict = {"python": sys.version.split()[0], "blender": bpy.app.version_string}
    bpy.ops.wm.read_homefile(use_empty=True)
    repos = bpy.context.preferences.extensions.repos
    repo = repos.new(name=REPO, module=REPO, custom_directory=tempfile.mkdtemp(prefix="sotest-repo-"), source="USER")
    start = time.perf_counter()
    seen["install"] = sorted(bpy.ops.extensions.package_install_files(filepath=zip_path, repo=REPO, enable_on_install=True))
    seen["install_s"] = round(time.perf_counter() - start, 2)
    seen["enabled"] = PKG in bpy.context.preferences.addons
    if not seen["enabled"]:
        return seen
    prefs = bpy.context.preferences.addons[PKG].preferences
    site = Path(bpy.utils.user_resource("EXTENSIONS", path=".local")) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    seen["site"] = str(site)
    seen["site_packages"] = sorted(p.name for p in site.iterdir()) if site.is_dir() else []
    preferences = importlib.import_module(f"{PKG}.ui.preferences")
    seen["llama_check"] = list(preferences.llama_status(wait_s=300) or ())  # the background check the add-on started
    import llama_cpp

    seen["llama_cpp"] = llama_cpp.__file__
    import jinja2
    import PIL.Image

    seen["pil"] = PIL.Image.__file__
    seen["jinja2"] = jinja2.__file__

    session = importlib.import_module(f"{PKG}.ui.session")
    trajectory = importlib.import_module(f"{PKG}.core.trajectory")
    props = bpy.context.scene.sceneorchestra
    props.prompt, props.room_size = "Design me a bedroom", "MEDIUM"
    for backend in ("teacher", "local"):
        prefs.backend, prefs.model_path, prefs.n_threads = backend, "", 1
        seen[f"{backend}_status"] = list(preferences.backend_status(prefs))
        start = time.perf_counter()
        result = sorted(bpy.ops.sceneorchestra.generate())  # synchronous when not invoked from the UI
        s = session.current()
        seen[backend] = {
            "result": result,
            "seconds": round(time.perf_counter() - start, 2),
            "calls": len(s.journal.trajectory.calls),
            "text": trajectory.format(s.journal.trajectory),
            "objects": len(s.journal.state.objects),
            "notice": [s.notice.level, s.notice.text] if s.notice is not None else None,
        }
    seen["disable"] = sorted(bpy.ops.preferences.addon_disable(module=PKG))
    repos.remove(repo)
    return seen


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
    sys.stdout.flush()
    os._exit(0)  # skip Blender's exit handlers: the answer is out


# ---------------------------------------------------------------- the test (Python 3.11)


def pytest_generate_tests(metafunc):
    """One test for the 3.13 environment, one for each interpreter SCENEORCHESTRA_BLENDER_PYTHONS names."""
    if "interpreter" in metafunc.fixturenames:
        extras = [p for p in os.environ.get("SCENEORCHESTRA_BLENDER_PYTHONS", "").split(":") if p]
        metafunc.parametrize("interpreter", ["venv-py313", *extras])


def _blender_python(interpreter: str) -> tuple[str, str]:
    """(Python version, interpreter): for "venv-py313" the environment setup makes (made now if
    missing; a skip only when there is no Python 3.13 to make it with), else the one named."""
    if interpreter != "venv-py313":
        version = subprocess.run([interpreter, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], capture_output=True,
                                 text=True, check=True).stdout.strip()
        return version, interpreter
    tool = build_tool()
    python = tool.blender_python("3.13")
    if python is None:
        done = subprocess.run(["bash", str(ROOT / "tools" / "setup.sh"), "--py313"], capture_output=True, text=True)
        if done.returncode == 3:
            pytest.skip(f"no Python 3.13 interpreter to make {tool.venv_for('3.13')} with (set PYTHON313): {done.stderr.strip()}")
        assert done.returncode == 0, f"tools/setup.sh --py313 failed:\n{done.stderr[-3000:]}"
        python = tool.blender_python("3.13")
        assert python is not None, f"tools/setup.sh --py313 made no usable {tool.venv_for('3.13')}"
    return "3.13", python


def _zip_for(python: str, out: Path) -> Path:
    zip_path, report = build_extension_zip(python, out)
    zip_path.with_suffix(".log").write_text(report)
    return zip_path


def _run_blender(python: str, zip_path: Path, home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    for var in ("BLENDER_USER_CONFIG", "BLENDER_USER_SCRIPTS", "BLENDER_USER_EXTENSIONS", "BLENDER_USER_DATAFILES"):
        env[var] = str(home / var.lower())
    done = subprocess.run([python, str(Path(__file__).resolve()), str(zip_path)], capture_output=True, text=True, env=env,
                          cwd=home, timeout=BLENDER_TIMEOUT_S)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0 and lines, f"exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    return json.loads(lines[-1])


@pytest.fixture(scope="module")
def zips(tmp_path_factory) -> dict[str, Path]:
    import importlib.util

    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed (tools/setup.sh builds it)")
    try:  # the 3.13 environment first: its Blender validates the -py313 zip
        _blender_python("venv-py313")
    except pytest.skip.Exception:
        pass
    out = tmp_path_factory.mktemp("dist")
    return {python: _zip_for(python, out) for python in build_tool().PYTHONS}


def test_each_python_gets_its_own_zip_for_its_blenders(zips):
    tool = build_tool()
    for python, zip_path in zips.items():
        blender = tool.PYTHONS[python]
        if tool.blender_python(python) is not None:  # checked by the validator of that Python's Blender
            release = ".".join(blender.bpy_for_tests.split(".")[:2])
            assert f"checked: Blender {release}'s validator\n" in zip_path.with_suffix(".log").read_text()
        with zipfile.ZipFile(zip_path) as zf:
            manifest = tomllib.loads(zf.read("blender_manifest.toml").decode())
        assert (manifest["blender_version_min"], manifest["blender_version_max"]) == (blender.blender_min, blender.blender_max)
        wheels = [Path(w).name for w in manifest["wheels"]]
        cp = f"cp{python.replace('.', '')}"
        binary = [w for w in wheels if not w.endswith("-none-any.whl") and not w.startswith("llama_cpp_python-")]
        assert binary and all(f"-{cp}-" in w for w in binary), (python, wheels)  # Pillow and MarkupSafe for this Python
        assert any(w.startswith("llama_cpp_python-") and "manylinux" in w for w in wheels), wheels


def test_installs_and_generates_in_blender(zips, interpreter, tmp_path):
    """The zip of the interpreter's Python installed into its bpy: the add-on enabled, llama.cpp,
    Pillow and Jinja2 imported from the extension's site-packages, the preferences' llama.cpp check
    passed, and a bedroom generated by the teacher and by the shipped model."""
    python, interpreter = _blender_python(interpreter)
    seen = _run_blender(interpreter, zips[python], tmp_path)
    print(json.dumps({k: v for k, v in seen.items() if k not in ("site_packages",)}, indent=1)[:4000])
    assert seen["python"].startswith(python + ".")
    assert seen["install"] == ["FINISHED"] and seen["enabled"], seen
    assert {"llama_cpp", "PIL", "jinja2", "markupsafe"} <= set(seen["site_packages"])
    assert not {"lib", "include"} & set(seen["site_packages"]), "the llama.cpp wheel must not spill into site-packages/lib or include"
    for module in ("llama_cpp", "pil", "jinja2"):
        assert seen[module].startswith(seen["site"] + "/"), (module, seen[module])  # the extension's own copy
    assert seen["llama_check"][0] == "CHECKMARK" and "loads" in seen["llama_check"][1], seen["llama_check"]
    assert seen["local_status"][0] == "CHECKMARK" and seen["local_status"][1].startswith("Shipped model"), seen["local_status"]
    for backend in ("teacher", "local"):
        run = seen[backend]
        assert run["result"] == ["FINISHED"] and (run["notice"] is None or run["notice"][0] != "ERROR"), run
        assert run["calls"] >= 3 and run["objects"] >= 3, run
        assert "width_m=4.2, depth_m=3.6" in run["text"], run["text"]
    assert seen["disable"] == ["FINISHED"]
