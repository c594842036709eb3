#!/usr/bin/env python3
"""Stage and zip the Blender extension: ``dist/sceneorchestra-<version>-<platform>.zip``.

    .venv/bin/python tools/build_extension.py                    # linux-x64, CPU llama.cpp
    .venv/bin/python tools/build_extension.py --cuda             # with the CUDA build of llama.cpp (-cuda.zip)
    .venv/bin/python tools/build_extension.py --without-llama    # no llama.cpp: server or teacher only (-nollama.zip)
    .venv/bin/python tools/build_extension.py --fetch-only       # only download the dependency wheels (set-up)

The zip holds, at its root (where Blender looks): ``blender_manifest.toml`` (the repository's, with
``platforms`` and ``wheels`` filled in for this build), the add-on package's contents (``__init__.py``,
``core/``, ``ui/`` ..., ``models/`` with whatever GGUF is shipped), ``LICENSE`` (the repository's
licence text, which must match the manifest's ``license``: GPL-3.0-or-later), and ``wheels/``:

- llama-cpp-python, built per platform (PyPI has only its source): taken from ``wheels/`` (CPU),
  ``wheels/cuda/`` (CUDA) or the cache ``$SCENEORCHESTRA_CACHE/wheels/{cpu,cuda}/``; ``tools/setup.sh``
  builds the CPU wheel; ``--cuda`` runs ``tools/build_llama_wheel.sh --cuda`` when nvcc is available;
- the runtime dependencies Blender does not ship, resolved from the project's own declarations (the
  ``dependencies`` of pyproject.toml and its ``llm`` extra, then each installed package's requirements)
  at the versions installed in this environment, as binary wheels for the target platform, downloaded
  from PyPI once into ``$SCENEORCHESTRA_CACHE/wheels/deps/<platform>/``.

The result is checked with Blender's own extension validator when the bpy module is installed.
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
PYTHON_VERSION = "3.11"  # Blender 4.2-5.0

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


def _wheel_matches(path: Path, name: str, version: str, platform: str) -> bool:
    stem = path.name[:-4]
    parts = stem.split("-")
    if len(parts) < 5 or _norm(parts[0]) != name or parts[1] != version:
        return False
    tag = parts[-1]
    return tag == "any" or PLATFORMS[platform][0] in tag


def _find_wheel(folders: list[Path], name: str, version: str, platform: str) -> Path | None:
    for folder in folders:
        for path in sorted(folder.glob("*.whl")) if folder.is_dir() else []:
            if _wheel_matches(path, name, version, platform):
                return path
    return None


def dependency_wheels(deps: dict[str, str], platform: str, offline: bool = False) -> list[Path]:
    """Binary wheels of ``deps`` for ``platform`` (llama-cpp-python excluded), downloaded once."""
    folder = CACHE / "wheels" / "deps" / platform
    out = []
    for name, version in deps.items():
        if name == LLAMA:
            continue
        wheel = _find_wheel([folder], name, version, platform)
        if wheel is None:
            if offline:
                raise BuildError(f"no wheel of {name}=={version} for {platform} in {folder} (and --offline)")
            _download(name, version, platform, folder)
            wheel = _find_wheel([folder], name, version, platform)
            if wheel is None:
                raise BuildError(f"pip downloaded no {platform} wheel of {name}=={version} into {folder}")
        out.append(wheel)
    return out


def _download(name: str, version: str, platform: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "--python-version", PYTHON_VERSION,
           "--implementation", "cp", "--abi", "cp311", "--abi", "abi3", "--abi", "none", "-d", str(folder), f"{name}=={version}"]
    for tag in PLATFORMS[platform][1]:
        cmd += ["--platform", tag]
    print(f"[build] downloading {name}=={version} for {platform}", file=sys.stderr)
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"pip could not download {name}=={version} for {platform}:\n{done.stderr.strip()[-2000:]}")


def llama_wheel(version: str, platform: str, cuda: bool) -> Path:
    """The llama-cpp-python wheel for the platform (CPU, or CUDA when asked); the CUDA wheel is
    built here by tools/build_llama_wheel.sh --cuda when it is missing and nvcc is available."""
    kind = "cuda" if cuda else "cpu"
    folders = [ROOT / "wheels" / "cuda", CACHE / "wheels" / "cuda"] if cuda else [ROOT / "wheels", CACHE / "wheels" / "cpu"]
    wheel = _find_wheel(folders, LLAMA, version, platform)
    if wheel is None and cuda and platform == "linux-x64" and (shutil.which("nvcc") or os.environ.get("CUDACXX")):
        print(f"[build] building {LLAMA}=={version} with CUDA (this takes a while)", file=sys.stderr)
        done = subprocess.run(["bash", str(ROOT / "tools" / "build_llama_wheel.sh"), "--cuda"], stdout=subprocess.DEVNULL)
        if done.returncode != 0:
            raise BuildError(f"tools/build_llama_wheel.sh --cuda failed (exit {done.returncode}); its output is above")
        wheel = _find_wheel(folders, LLAMA, version, platform)
    if wheel is not None:
        return wheel
    hint = ("build it with tools/build_llama_wheel.sh --cuda on a machine with the CUDA toolkit" if cuda
            else "run tools/setup.sh (it builds the CPU wheel)")
    raise BuildError(f"no {kind} wheel of {LLAMA}=={version} for {platform} in {', '.join(map(str, folders))}: {hint}, "
                     "or build with --without-llama")


# ---------------------------------------------------------------- staging


def staged_manifest(text: str, platform: str, wheels: list[str]) -> str:
    """The repository's manifest with this build's ``platforms`` and ``wheels`` (top-level keys,
    placed before the first table)."""
    text = re.sub(r"(?ms)^platforms\s*=\s*\[.*?\]\s*\n", "", text)
    text = re.sub(r"(?ms)^wheels\s*=\s*\[.*?\]\s*\n", "", text)
    lines = [f'platforms = ["{platform}"]']
    if wheels:
        lines.append("wheels = [\n" + "".join(f'  "./wheels/{w}",\n' for w in wheels) + "]")
    block = "\n".join(lines) + "\n"
    m = re.search(r"(?m)^\[", text)
    text = text[: m.start()] + block + "\n" + text[m.start():] if m else text.rstrip("\n") + "\n" + block
    data = tomllib.loads(text)
    if data.get("platforms") != [platform] or data.get("wheels", []) != [f"./wheels/{w}" for w in wheels]:
        raise BuildError("the staged manifest does not read back as written")
    return text


def stage(dest: Path, platform: str, wheels: list[Path]) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(PACKAGE, dest, ignore=lambda _d, names: [n for n in names if n in EXCLUDE_DIRS or n in EXCLUDE_FILES or n.endswith(".pyc")])
    (dest / "wheels").mkdir()
    for wheel in wheels:
        shutil.copy2(wheel, dest / "wheels" / wheel.name)
    (dest / "blender_manifest.toml").write_text(staged_manifest(MANIFEST.read_text(), platform, [w.name for w in wheels]))
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


def validate_with_blender(zip_path: Path) -> None:
    """Run Blender's extension validator (from the bpy module) on the zip, when bpy is installed."""
    spec = importlib.util.find_spec("bpy")
    if spec is None or not spec.submodule_search_locations:
        print("[build] bpy not installed: skipping Blender's validator", file=sys.stderr)
        return
    found = sorted(Path(spec.submodule_search_locations[0]).glob("*/scripts/addons_core/bl_pkg/cli/blender_ext.py"))
    if not found:
        print("[build] Blender's blender_ext.py not found in bpy: skipping its validator", file=sys.stderr)
        return
    done = subprocess.run([sys.executable, str(found[-1]), "validate", str(zip_path)], capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"Blender's validator rejects {zip_path.name}:\n{(done.stdout + done.stderr).strip()}")


def build(platform: str = "linux-x64", cuda: bool = False, with_llama: bool = True, out_dir: Path = ROOT / "dist",
          offline: bool = False, validate: bool = True) -> BuildReport:
    if platform not in PLATFORMS:
        raise BuildError(f"unknown platform {platform!r}; expected one of {', '.join(PLATFORMS)}")
    started = time.monotonic()
    manifest = tomllib.loads(MANIFEST.read_text())
    deps = runtime_dependencies()
    wheels = dependency_wheels(deps, platform, offline)
    if with_llama:
        wheels.insert(0, llama_wheel(deps[LLAMA], platform, cuda))
    suffix = "-cuda" if cuda else ("" if with_llama else "-nollama")
    name = f"{manifest['id']}-{manifest['version']}-{platform}{suffix}"
    staging = ROOT / "build" / "extension" / name
    stage(staging, platform, wheels)
    zip_path = Path(out_dir) / f"{name}.zip"
    entries = write_zip(staging, zip_path)
    if validate:
        validate_with_blender(zip_path)
    models = tuple(sorted(p.name for p in (staging / "models").glob("*") if p.is_file())) if (staging / "models").is_dir() else ()
    return BuildReport(zip_path, zip_path.stat().st_size, entries, tuple(w.name for w in wheels), models, time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--platform", default="linux-x64", choices=sorted(PLATFORMS), help="Blender platform of the build")
    ap.add_argument("--cuda", action="store_true", help="bundle the CUDA build of llama-cpp-python")
    ap.add_argument("--without-llama", action="store_true", help="bundle no llama.cpp (server or teacher only)")
    ap.add_argument("--out", type=Path, default=ROOT / "dist", help="folder of the zip (default dist/)")
    ap.add_argument("--offline", action="store_true", help="use only cached wheels, never download")
    ap.add_argument("--no-validate", action="store_true", help="skip Blender's validator")
    ap.add_argument("--fetch-only", action="store_true", help="only download the dependency wheels into the cache")
    args = ap.parse_args(argv)
    try:
        if args.fetch_only:
            wheels = dependency_wheels(runtime_dependencies(), args.platform, args.offline)
            print("\n".join(str(w) for w in wheels))
            return 0
        report = build(args.platform, args.cuda, not args.without_llama, args.out, args.offline, not args.no_validate)
    except BuildError as exc:
        print(f"build_extension: {exc}", file=sys.stderr)
        return 1
    print(f"{report.zip_path}: {report.size_bytes / 1e6:.1f} MB, {report.entries} files, {report.seconds:.1f} s")
    print(f"  wheels: {', '.join(report.wheels) or 'none'}")
    print(f"  models: {', '.join(report.models) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
