#!/usr/bin/env python3
"""Stage and zip the Blender extension: ``dist/sceneorchestra-<version>-<platform>-py<XY>.zip``, one per Python.

    .venv/bin/python tools/build_extension.py                    # linux-x64, CPU llama.cpp: a -py311 and a -py313 zip
    .venv/bin/python tools/build_extension.py --python 3.13      # only the zip for Blender 5.1 and later (Python 3.13)
    .venv/bin/python tools/build_extension.py --cuda             # with the CUDA build of llama.cpp (-cuda.zip)
    .venv/bin/python tools/build_extension.py --without-llama    # no llama.cpp: server or teacher only (-nollama.zip)
    .venv/bin/python tools/build_extension.py --fetch-only       # only download the dependency wheels (set-up)

Blender embeds one Python, and binary wheels (Pillow, MarkupSafe) are built per Python version, so
each Python gets its own zip, whose manifest names the Blender versions that embed that Python and
were tested with it (``PYTHONS``): Python 3.11 for Blender 4.2-5.0, Python 3.13 for Blender 5.1 and later.

The zip holds, at its root (where Blender looks): ``blender_manifest.toml`` (the repository's, with
``platforms``, ``wheels`` and the Blender versions filled in for this build), the add-on package's contents (``__init__.py``,
``core/``, ``ui/`` ..., ``models/`` with whatever GGUF is shipped), ``LICENSE`` (the repository's
licence text, which must match the manifest's ``license``: GPL-3.0-or-later), and ``wheels/``:

- llama-cpp-python, built per platform (PyPI has only its source; it loads its libraries with ctypes,
  so one ``py3-none`` wheel serves every Python): taken from ``wheels/`` (CPU), ``wheels/cuda/`` (CUDA)
  or the cache ``$SCENEORCHESTRA_CACHE/wheels/{cpu,cuda}/``; ``tools/setup.sh`` builds the CPU wheel
  (``tools/build_llama_wheel.sh``: manylinux_2_28, checked by auditwheel; only such a wheel is bundled
  for linux-x64); ``--cuda`` runs ``tools/build_llama_wheel.sh --cuda`` when nvcc is available;
- the runtime dependencies Blender does not ship, resolved from the project's own declarations (the
  ``dependencies`` of pyproject.toml and its ``llm`` extra, then each installed package's requirements)
  at the versions installed in this environment, as binary wheels for the target platform, downloaded
  from PyPI once into ``$SCENEORCHESTRA_CACHE/wheels/deps/<platform>/``.

The result is checked with Blender's own extension validator, from the bpy module of the zip's Python
version: this interpreter's for Python 3.11, the ``$SCENEORCHESTRA_CACHE/venv-py313`` environment
(``tools/setup.sh --tests`` makes it) for Python 3.13, else this interpreter's with a note.
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sceneorchestra_addon"
MANIFEST = ROOT / "blender_manifest.toml"
LICENSE = ROOT / "LICENSE"
CACHE = Path(os.environ.get("SCENEORCHESTRA_CACHE", Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "sceneorchestra"))


@dataclass(frozen=True)
class BlenderRange:
    """The Blender versions that embed one Python version: the zip's manifest says ``blender_version_min``
    and ``blender_version_max`` (the first version it does not support); ``tested`` lists the bpy
    releases the zip was installed and used in (install, enable, llama.cpp loaded from the extension,
    Generate with the teacher and the shipped model): ``bpy_for_tests`` on every test run
    (tests/test_extension_install.py in the project's environment, tests/test_extension_blender.py in
    ``venv_for``), the others once, through SCENEORCHESTRA_BLENDER_PYTHONS in tests/test_extension_blender.py.
    tests/test_extension_manifest.py holds the range to the tested releases."""

    python: str
    blender_min: str
    blender_max: str
    tested: tuple[str, ...]
    bpy_for_tests: str  # the bpy release tools/setup.sh installs for this Python's install test

    @property
    def tag(self) -> str:
        return "py" + self.python.replace(".", "")


PYTHONS: dict[str, BlenderRange] = {
    "3.11": BlenderRange("3.11", "4.2.0", "5.1.0", ("4.2.23", "4.5.15", "5.0.1"), "5.0.1"),
    "3.13": BlenderRange("3.13", "5.1.0", "5.4.0", ("5.1.2", "5.2.4", "5.3.0"), "5.3.0"),
}

# Blender platform -> (wheel file platform tag fragment, pip --platform tags)
PLATFORMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "linux-x64": ("x86_64", ("manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64", "linux_x86_64")),
    "linux-arm64": ("aarch64", ("manylinux2014_aarch64", "manylinux_2_17_aarch64", "manylinux_2_28_aarch64")),
    "windows-x64": ("win_amd64", ("win_amd64",)),
    "macos-arm64": ("arm64", ("macosx_11_0_arm64",)),
    "macos-x64": ("macosx", ("macosx_10_9_x86_64", "macosx_11_0_x86_64")),
}
# Packages Blender's own Python already has (bundling them again would only shadow nothing).
BLENDER_PROVIDES = {"numpy", "requests", "certifi", "charset-normalizer", "idna", "urllib3", "zstandard"}
LLAMA = "llama-cpp-python"
EXCLUDE_DIRS = {"__pycache__", ".ruff_cache", ".pytest_cache"}
EXCLUDE_FILES = {"ruff.toml"}
STORED_SUFFIXES = (".whl", ".gguf", ".png", ".jpg")  # already compressed
ZIP_TIME = (2024, 1, 1, 0, 0, 0)  # fixed timestamps: the same sources give the same zip


class BuildError(RuntimeError):
    pass


@dataclass(frozen=True)
class BuildReport:
    zip_path: Path
    size_bytes: int
    entries: int
    wheels: tuple[str, ...]
    models: tuple[str, ...]
    seconds: float
    python: str = "3.11"
    validated: str = ""


# ---------------------------------------------------------------- dependencies


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(req: str) -> str | None:
    """The distribution a requirement names, or None for an extra's requirement."""
    if "extra ==" in req.replace("extra==", "extra =="):
        return None
    m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
    return _norm(m.group(1)) if m else None


def runtime_dependencies() -> dict[str, str]:
    """{distribution: installed version} the extension needs at run time beyond Blender's Python:
    pyproject's dependencies and the llm extra, with their requirements, recursively."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    todo = [n for n in map(_requirement_name, [*project["dependencies"], *project["optional-dependencies"]["llm"]]) if n]
    found: dict[str, str] = {}
    while todo:
        name = todo.pop()
        if name in found or name in BLENDER_PROVIDES:
            continue
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            raise BuildError(f"{name} is not installed in {sys.prefix}: run tools/setup.sh first") from None
        todo.extend(n for n in map(_requirement_name, metadata.requires(name) or []) if n)
    return dict(sorted(found.items()))


def python_compatible(python_tag: str, abi_tag: str, python: str) -> bool:
    """Whether a wheel's python and ABI tags (``cp313``, ``py3``, ``abi3``, ``none``, dotted sets
    allowed) load in CPython ``python`` ("3.13"), as pip and Blender decide it."""
    major, minor = (int(x) for x in python.split("."))
    cp = f"cp{major}{minor}"
    for py in python_tag.split("."):
        if py in (f"py{major}", f"py{major}{minor}") and "none" in abi_tag.split("."):
            return True
        m = re.fullmatch(r"cp(\d)(\d+)", py)
        if not m or int(m.group(1)) != major:
            continue
        abis = abi_tag.split(".")
        if py == cp and cp in abis:
            return True
        if "abi3" in abis and int(m.group(2)) <= minor:  # the stable ABI: an older wheel loads in a newer Python
            return True
        if py == cp and "none" in abis:
            return True
    return False


def _wheel_matches(path: Path, name: str, version: str, platform: str, python: str) -> bool:
    stem = path.name[:-4]
    parts = stem.split("-")
    if len(parts) < 5 or _norm(parts[0]) != name or parts[1] != version:
        return False
    python_tag, abi_tag, tag = parts[-3:]
    if not python_compatible(python_tag, abi_tag, python):
        return False
    return tag == "any" or PLATFORMS[platform][0] in tag


def _find_wheel(folders: list[Path], name: str, version: str, platform: str, python: str, portable: bool = False) -> Path | None:
    """The first wheel of ``name==version`` for the platform and Python in ``folders``; with ``portable``
    only a manylinux one (a plain ``linux_x86_64`` wheel is built for the machine that built it)."""
    for folder in folders:
        for path in sorted(folder.glob("*.whl")) if folder.is_dir() else []:
            if _wheel_matches(path, name, version, platform, python) and (not portable or "manylinux" in path.name.split("-")[-1]):
                return path
    return None


def dependency_wheels(deps: dict[str, str], platform: str, python: str = "3.11", offline: bool = False) -> list[Path]:
    """Binary wheels of ``deps`` for ``platform`` and CPython ``python`` (llama-cpp-python excluded),
    downloaded once."""
    folder = CACHE / "wheels" / "deps" / platform
    out = []
    for name, version in deps.items():
        if name == LLAMA:
            continue
        wheel = _find_wheel([folder], name, version, platform, python)
        if wheel is None:
            if offline:
                raise BuildError(f"no wheel of {name}=={version} for {platform} and Python {python} in {folder} (and --offline)")
            _download(name, version, platform, python, folder)
            wheel = _find_wheel([folder], name, version, platform, python)
            if wheel is None:
                raise BuildError(f"pip downloaded no {platform} wheel of {name}=={version} for Python {python} into {folder}")
        out.append(wheel)
    return out


def _download(name: str, version: str, platform: str, python: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    cp = "cp" + python.replace(".", "")
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "--python-version", python,
           "--implementation", "cp", "--abi", cp, "--abi", "abi3", "--abi", "none", "-d", str(folder), f"{name}=={version}"]
    for tag in PLATFORMS[platform][1]:
        cmd += ["--platform", tag]
    print(f"[build] downloading {name}=={version} for {platform}, Python {python}", file=sys.stderr)
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"pip could not download {name}=={version} for {platform} and Python {python}:\n{done.stderr.strip()[-2000:]}")


def llama_wheel(version: str, platform: str, cuda: bool, python: str = "3.11") -> Path:
    """The llama-cpp-python wheel for the platform (CPU, or CUDA when asked); the CPU wheel for
    linux-x64 must be the portable (manylinux) one tools/build_llama_wheel.sh makes; the CUDA wheel
    is built here by tools/build_llama_wheel.sh --cuda when it is missing and nvcc is available."""
    kind = "cuda" if cuda else "cpu"
    folders = [ROOT / "wheels" / "cuda", CACHE / "wheels" / "cuda"] if cuda else [ROOT / "wheels", CACHE / "wheels" / "cpu"]
    portable = platform.startswith("linux") and not cuda
    wheel = _find_wheel(folders, LLAMA, version, platform, python, portable)
    if wheel is None and cuda and platform == "linux-x64" and (shutil.which("nvcc") or os.environ.get("CUDACXX")):
        print(f"[build] building {LLAMA}=={version} with CUDA (this takes a while)", file=sys.stderr)
        done = subprocess.run(["bash", str(ROOT / "tools" / "build_llama_wheel.sh"), "--cuda"], stdout=subprocess.DEVNULL)
        if done.returncode != 0:
            raise BuildError(f"tools/build_llama_wheel.sh --cuda failed (exit {done.returncode}); its output is above")
        wheel = _find_wheel(folders, LLAMA, version, platform, python)
    if wheel is not None:
        return wheel
    hint = ("build it with tools/build_llama_wheel.sh --cuda on a machine with the CUDA toolkit" if cuda
            else "run tools/build_llama_wheel.sh (or tools/setup.sh, which runs it)")
    what = f"{kind} wheel" if not portable else "portable (manylinux) CPU wheel"
    raise BuildError(f"no {what} of {LLAMA}=={version} for {platform} in {', '.join(map(str, folders))}: {hint}, "
                     "or build with --without-llama")


# ---------------------------------------------------------------- staging


def _set_top_level(text: str, key: str, value: str) -> str:
    """``text`` with the top-level ``key = value`` line (TOML source) replaced, or added before the first table."""
    line = f"{key} = {value}\n"
    pattern = rf"(?ms)^{re.escape(key)}\s*=\s*(\[.*?\]|\"[^\"\n]*\"|'[^'\n]*')[ \t]*\n"
    if re.search(pattern, text):
        return re.sub(pattern, lambda _m: line, text, count=1)
    m = re.search(r"(?m)^\[", text)
    return text[: m.start()] + line + "\n" + text[m.start():] if m else text.rstrip("\n") + "\n" + line


def staged_manifest(text: str, platform: str, wheels: list[str], python: str | None = None) -> str:
    """The repository's manifest with this build's ``platforms`` and ``wheels`` (top-level keys,
    placed before the first table) and, for a ``python`` version, the Blender versions that embed it
    (``blender_version_min`` / ``blender_version_max`` from ``PYTHONS``)."""
    text = re.sub(r"(?ms)^platforms\s*=\s*\[.*?\]\s*\n", "", text)
    text = re.sub(r"(?ms)^wheels\s*=\s*\[.*?\]\s*\n", "", text)
    lines = [f'platforms = ["{platform}"]']
    if wheels:
        lines.append("wheels = [\n" + "".join(f'  "./wheels/{w}",\n' for w in wheels) + "]")
    block = "\n".join(lines) + "\n"
    m = re.search(r"(?m)^\[", text)
    text = text[: m.start()] + block + "\n" + text[m.start():] if m else text.rstrip("\n") + "\n" + block
    if python is not None:
        blender = PYTHONS[python]
        text = _set_top_level(text, "blender_version_min", f'"{blender.blender_min}"')
        text = _set_top_level(text, "blender_version_max", f'"{blender.blender_max}"')
    data = tomllib.loads(text)
    if data.get("platforms") != [platform] or data.get("wheels", []) != [f"./wheels/{w}" for w in wheels]:
        raise BuildError("the staged manifest does not read back as written")
    if python is not None and (data.get("blender_version_min"), data.get("blender_version_max")) != (blender.blender_min, blender.blender_max):
        raise BuildError("the staged manifest's Blender versions do not read back as written")
    return text


def stage(dest: Path, platform: str, wheels: list[Path], python: str | None = None) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(PACKAGE, dest, ignore=lambda _d, names: [n for n in names if n in EXCLUDE_DIRS or n in EXCLUDE_FILES or n.endswith(".pyc")])
    (dest / "wheels").mkdir()
    for wheel in wheels:
        shutil.copy2(wheel, dest / "wheels" / wheel.name)
    (dest / "blender_manifest.toml").write_text(staged_manifest(MANIFEST.read_text(), platform, [w.name for w in wheels], python))
    if not LICENSE.is_file():
        raise BuildError(f"{LICENSE} is missing: the zip must carry the licence text the manifest's license names")
    shutil.copy2(LICENSE, dest / "LICENSE")


def write_zip(src: Path, zip_path: Path) -> int:
    """Zip ``src``'s contents at the archive root, sorted, with fixed timestamps; returns the entry count."""
    files = sorted(p for p in src.rglob("*") if p.is_file())
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_suffix(".zip.part")
    with zipfile.ZipFile(tmp, "w") as zf:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(src).as_posix(), ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if path.suffix in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
            with path.open("rb") as fh:
                zf.writestr(info, fh.read())
    tmp.replace(zip_path)
    return len(files)


def venv_for(python: str) -> Path:
    """Where tools/setup.sh --tests puts the environment with the bpy module for ``python`` (other than
    the project's own): ``$SCENEORCHESTRA_CACHE/venv-py313`` for 3.13."""
    return CACHE / f"venv-{PYTHONS[python].tag}"


def blender_python(python: str) -> str | None:
    """An interpreter of version ``python`` with the bpy module installed: this one, or the cached
    environment ``venv_for(python)``; None when there is none."""
    if f"{sys.version_info.major}.{sys.version_info.minor}" == python:
        return sys.executable if importlib.util.find_spec("bpy") is not None else None
    candidate = venv_for(python) / "bin" / "python"
    if candidate.is_file():
        done = subprocess.run([str(candidate), "-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('bpy') is None)"],
                              capture_output=True)
        if done.returncode == 0:
            return str(candidate)
    return None


_FIND_VALIDATOR = ("import importlib.util, pathlib; s = importlib.util.find_spec('bpy'); "
                   "print(*sorted(pathlib.Path(s.submodule_search_locations[0]).glob('*/scripts/addons_core/bl_pkg/cli/blender_ext.py'))[-1:])")


def validate_with_blender(zip_path: Path, python: str | None = None) -> str:
    """Run Blender's extension validator on the zip with the bpy module of Blender's ``python`` version
    (this interpreter's when None, or when there is no such environment: then said in the result).
    Returns which Blender validated it; raises BuildError with Blender's words when it rejects the zip."""
    interpreter = blender_python(python) if python is not None else None
    note = ""
    if interpreter is None:
        if python is not None:
            note = f" (no Python {python} environment with bpy: {venv_for(python)}; validated with this interpreter's)"
        interpreter = sys.executable
    found = subprocess.run([interpreter, "-c", _FIND_VALIDATOR], capture_output=True, text=True)
    validator = found.stdout.strip()
    if found.returncode != 0 or not validator:
        print(f"[build] no bpy module with Blender's validator for {interpreter}: skipping it", file=sys.stderr)
        return "not validated: no bpy module"
    done = subprocess.run([interpreter, validator, "validate", str(zip_path)], capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"Blender's validator rejects {zip_path.name}:\n{(done.stdout + done.stderr).strip()}")
    blender = Path(validator).parents[4].name  # <bpy>/<5.3>/scripts/addons_core/bl_pkg/cli/blender_ext.py
    return f"Blender {blender}'s validator{note}"


def zip_name(manifest: dict, platform: str, python: str, cuda: bool = False, with_llama: bool = True) -> str:
    suffix = "-cuda" if cuda else ("" if with_llama else "-nollama")
    return f"{manifest['id']}-{manifest['version']}-{platform}-{PYTHONS[python].tag}{suffix}"


def build(platform: str = "linux-x64", cuda: bool = False, with_llama: bool = True, out_dir: Path = ROOT / "dist",
          offline: bool = False, validate: bool = True, python: str = "3.11") -> BuildReport:
    if platform not in PLATFORMS:
        raise BuildError(f"unknown platform {platform!r}; expected one of {', '.join(PLATFORMS)}")
    if python not in PYTHONS:
        raise BuildError(f"unknown Python {python!r}; Blender embeds one of {', '.join(PYTHONS)}")
    started = time.monotonic()
    manifest = tomllib.loads(MANIFEST.read_text())
    deps = runtime_dependencies()
    wheels = dependency_wheels(deps, platform, python, offline)
    if with_llama:
        wheels.insert(0, llama_wheel(deps[LLAMA], platform, cuda, python))
    name = zip_name(manifest, platform, python, cuda, with_llama)
    staging = ROOT / "build" / "extension" / name
    stage(staging, platform, wheels, python)
    zip_path = Path(out_dir) / f"{name}.zip"
    entries = write_zip(staging, zip_path)
    validated = validate_with_blender(zip_path, python) if validate else "not validated (--no-validate)"
    models = tuple(sorted(p.name for p in (staging / "models").glob("*") if p.is_file())) if (staging / "models").is_dir() else ()
    return BuildReport(zip_path, zip_path.stat().st_size, entries, tuple(w.name for w in wheels), models, time.monotonic() - started,
                       python, validated)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--platform", default="linux-x64", choices=sorted(PLATFORMS), help="Blender platform of the build")
    ap.add_argument("--python", action="append", choices=sorted(PYTHONS),
                    help="Blender's Python version (repeatable; default: every one, a zip each): "
                         + ", ".join(f"{p} for Blender {b.blender_min}-{b.blender_max} (exclusive)" for p, b in PYTHONS.items()))
    ap.add_argument("--cuda", action="store_true", help="bundle the CUDA build of llama-cpp-python")
    ap.add_argument("--without-llama", action="store_true", help="bundle no llama.cpp (server or teacher only)")
    ap.add_argument("--out", type=Path, default=ROOT / "dist", help="folder of the zip (default dist/)")
    ap.add_argument("--offline", action="store_true", help="use only cached wheels, never download")
    ap.add_argument("--no-validate", action="store_true", help="skip Blender's validator")
    ap.add_argument("--fetch-only", action="store_true", help="only download the dependency wheels into the cache")
    args = ap.parse_args(argv)
    pythons = list(dict.fromkeys(args.python or PYTHONS))
    try:
        if args.fetch_only:
            deps = runtime_dependencies()
            for python in pythons:
                print("\n".join(str(w) for w in dependency_wheels(deps, args.platform, python, args.offline)))
            return 0
        for python in pythons:
            report = build(args.platform, args.cuda, not args.without_llama, args.out, args.offline, not args.no_validate, python)
            blender = PYTHONS[python]
            print(f"{report.zip_path}: {report.size_bytes / 1e6:.1f} MB, {report.entries} files, {report.seconds:.1f} s")
            print(f"  for: Blender {blender.blender_min} to {blender.blender_max} (exclusive), Python {python}")
            print(f"  checked: {report.validated}")
            print(f"  wheels: {', '.join(report.wheels) or 'none'}")
            print(f"  models: {', '.join(report.models) or 'none'}")
    except BuildError as exc:
        print(f"build_extension: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
