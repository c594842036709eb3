"""The llama-cpp-python wheel the extension bundles (and the project's environment runs) loads on older
Linux too: manylinux_2_28, i.e. glibc 2.28 symbols at most and no system library beyond the manylinux
policy's (no libstdc++, no libgomp); one file per library (a wheel cannot hold the soname links, so
the plain build stores three copies of each) and nothing outside its package (no site-packages/lib
or include). Checked from the ELF files themselves with readelf, and with auditwheel where
tools/build_llama_wheel.sh installed it."""

from __future__ import annotations

import hashlib
import importlib.metadata as metadata
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from test_extension_install import build_tool

GLIBC_MAX = (2, 28)
# what manylinux_2_28 lets a wheel take from the system (auditwheel's policy, less the X11 and GL libraries)
SYSTEM_LIBS = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libgcc_s.so.1", "libutil.so.1",
               "ld-linux-x86-64.so.2", "libz.so.1", "libcrypt.so.1", "libnsl.so.1", "libstdc++.so.6"}
ALLOWED_LIBS = SYSTEM_LIBS - {"libstdc++.so.6"}  # libstdc++'s GLIBCXX versions differ by distribution: the C++ runtime is inside


@pytest.fixture(scope="module")
def wheel() -> Path:
    tool = build_tool()
    version = tool.runtime_dependencies()[tool.LLAMA]
    try:
        return tool.llama_wheel(version, "linux-x64", cuda=False)
    except tool.BuildError as exc:
        pytest.fail(f"no portable llama-cpp-python wheel: {exc}")


@pytest.fixture(scope="module")
def unpacked(wheel, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("llama-wheel")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(out)
    return out


def _elf_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.read_bytes()[:4] == b"\x7fELF")


def _readelf(*args: str) -> str:
    if shutil.which("readelf") is None:
        pytest.skip("readelf (binutils) is not installed")
    return subprocess.run(["readelf", "-W", *args], capture_output=True, text=True, check=True).stdout


def test_the_wheel_is_tagged_manylinux_2_28_or_older(wheel):
    platform = wheel.name[:-4].split("-")[-1]
    tags = re.findall(r"manylinux_(\d+)_(\d+)_x86_64", platform)
    assert tags and max((int(a), int(b)) for a, b in tags) <= GLIBC_MAX, wheel.name


def test_the_libraries_need_glibc_2_28_and_no_other_system_library(unpacked):
    libs = _elf_files(unpacked)
    assert {p.name for p in libs} >= {"libllama.so", "libggml.so", "libggml-base.so", "libggml-cpu.so"}
    inside = {p.name for p in libs}
    for lib in libs:
        dynamic = _readelf("-d", str(lib))
        needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
        assert needed - inside <= ALLOWED_LIBS, f"{lib.name} needs {sorted(needed - inside - ALLOWED_LIBS)} from the system"
        versions = _readelf("-V", str(lib))
        glibc = {tuple(int(x) for x in v.split(".")[:2]) for v in re.findall(r"Name: GLIBC_([0-9.]+)", versions)}
        assert glibc and max(glibc) <= GLIBC_MAX, f"{lib.name} needs glibc {'.'.join(map(str, max(glibc)))}"
        assert not re.search(r"Name: (GLIBCXX|CXXABI|GOMP|OMP)_", versions), f"{lib.name} needs the system's libstdc++ or libgomp"


def test_one_file_per_library_and_nothing_outside_the_package(unpacked):
    tops = {p.name for p in unpacked.iterdir()}
    assert tops == {"llama_cpp", next(t for t in tops if t.endswith(".dist-info"))}, tops
    digests: dict[str, list[str]] = {}
    for lib in _elf_files(unpacked):
        digests.setdefault(hashlib.sha256(lib.read_bytes()).hexdigest(), []).append(lib.name)
    assert all(len(names) == 1 for names in digests.values()), [n for n in digests.values() if len(n) > 1]
    for lib in _elf_files(unpacked):  # each loads its siblings by the names they have now
        soname = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", _readelf("-d", str(lib)))
        assert soname and soname.group(1) == lib.name, (lib.name, soname)


def test_auditwheel_show_agrees(wheel):
    tool = build_tool()
    auditwheel = tool.CACHE / "build-tools" / "bin" / "auditwheel"
    found = str(auditwheel) if auditwheel.is_file() else shutil.which("auditwheel")
    if found is None:
        pytest.skip("auditwheel is not installed (tools/build_llama_wheel.sh installs it in $SCENEORCHESTRA_CACHE/build-tools)")
    done = subprocess.run([found, "show", str(wheel)], capture_output=True, text=True)
    text = " ".join((done.stdout + done.stderr).split())
    print(done.stdout + done.stderr)
    m = re.search(r'consistent with the following platform tag: "manylinux_(\d+)_(\d+)_x86_64"', text)
    assert done.returncode == 0 and m and (int(m.group(1)), int(m.group(2))) <= GLIBC_MAX, text[-2000:]


def test_the_project_environment_runs_this_build(wheel):
    """The tests that load GGUFs exercise the wheel users get: the installed one is the same build."""
    pytest.importorskip("llama_cpp")
    installed = metadata.distribution("llama-cpp-python")
    tags = set(re.findall(r"(?m)^Tag: (\S+)$", installed.read_text("WHEEL") or ""))
    python, abi, platforms = wheel.name[:-4].split("-")[-3:]
    assert tags == {f"{python}-{abi}-{p}" for p in platforms.split(".")}, (tags, wheel.name)
    with zipfile.ZipFile(wheel) as zf:
        shipped = {Path(n).name: zf.read(n) for n in zf.namelist() if n.startswith("llama_cpp/lib/") and not n.endswith("/")}
    lib = Path(installed.locate_file("llama_cpp/lib"))
    assert {p.name: p.read_bytes() for p in lib.iterdir() if p.is_file()} == shipped
