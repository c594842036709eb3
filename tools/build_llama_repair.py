#!/usr/bin/env python3
"""Make a freshly built llama-cpp-python wheel fit to ship: slim, then manylinux-checked.

    python tools/build_llama_repair.py IN.whl OUT_DIR [--plat manylinux_2_28_x86_64] [--auditwheel PATH] [--patchelf PATH]
    python tools/build_llama_repair.py --check WHEEL [--plat ...]      # only auditwheel show, against --plat
    python tools/build_llama_repair.py IN.whl OUT_DIR --slim-only      # only the first two steps (the CUDA wheel)

What scikit-build-core writes for llama-cpp-python is not what a Blender extension (or any
site-packages) should get:

- the upstream llama.cpp install rules put ``lib/`` (libllama, libggml*, libmtmd, libllama-common,
  CMake and pkg-config files) and ``include/`` at the wheel's root: they land in site-packages/lib and
  site-packages/include, which Blender's extensions share; the Python package only loads what is in
  ``llama_cpp/lib/``, so everything outside ``llama_cpp/`` and the ``.dist-info`` is dropped;
- a wheel cannot hold symbolic links, so every versioned soname chain (``libllama.so`` ->
  ``libllama.so.0`` -> ``libllama.so.0.5.0``) is stored as three full copies; llama_cpp opens
  ``lib<name>.so`` by path, so that one is kept, its SONAME set to ``lib<name>.so`` and every
  ``DT_NEEDED`` entry that named a dropped copy pointed at it (patchelf).

Then ``auditwheel repair --plat`` checks the libraries against the manylinux policy (glibc symbol
versions, allowed system libraries), copies in any other library they need (none for the zig build:
libc++ is static and OpenMP is off), and retags the wheel; ``auditwheel show`` must then call it
consistent with ``--plat`` or an older tag, else this exits non-zero. Prints the repaired wheel's path.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "llama_cpp"
ZIP_TIME = (2024, 1, 1, 0, 0, 0)


class RepairError(RuntimeError):
    pass


def _is_elf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"\x7fELF"


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _run(cmd: list[str], env: dict[str, str] | None = None) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RepairError(f"{' '.join(cmd)} failed ({done.returncode}):\n{(done.stdout + done.stderr).strip()[-3000:]}")
    return done.stdout


def slim(tree: Path, patchelf: str) -> dict[str, list[str]]:
    """Drop what lies outside the package and the .dist-info, and the duplicate library copies in
    ``llama_cpp/lib`` (see the module's docstring). Returns {"dropped": [...], "renamed": [...]}."""
    dropped: list[str] = []
    for top in sorted(tree.iterdir()):
        if top.name == PACKAGE or top.name.endswith(".dist-info"):
            continue
        dropped.append(top.name + ("/" if top.is_dir() else ""))
        shutil.rmtree(top) if top.is_dir() else top.unlink()
    lib = tree / PACKAGE / "lib"
    if not lib.is_dir():
        raise RepairError(f"the wheel has no {PACKAGE}/lib/: is it a llama-cpp-python wheel?")
    # lib<name>.so[.N[.N.N]] -> the plain lib<name>.so that llama_cpp opens
    groups: dict[str, list[Path]] = {}
    for path in sorted(lib.iterdir()):
        m = re.fullmatch(r"(lib.+?\.so)(\.[0-9.]+)?", path.name)
        if m and path.is_file() and _is_elf(path):
            groups.setdefault(m.group(1), []).append(path)
    renamed: list[str] = []
    needed_map: dict[str, str] = {}
    sonames: dict[str, str] = {}
    for plain, paths in groups.items():
        keep = lib / plain
        if not keep.exists():  # only versioned names: keep the longest as the plain name
            paths[-1].rename(keep)
            paths = [keep if p == paths[-1] else p for p in paths]
        data = keep.read_bytes()
        for path in paths:
            if path == keep:
                continue
            if path.read_bytes() != data:
                raise RepairError(f"{path.name} differs from {plain}: not a copy of one library, refusing to drop it")
            path.unlink()
            needed_map[path.name] = plain
            dropped.append(f"{PACKAGE}/lib/{path.name}")
        sonames[plain] = _run([patchelf, "--print-soname", str(keep)]).strip()
        if sonames[plain] and sonames[plain] != plain:
            needed_map[sonames[plain]] = plain
    for plain in groups:  # one patchelf run per library: each run may grow the file by a page
        path = lib / plain
        ops = []
        if sonames[plain] and sonames[plain] != plain:
            ops += ["--set-soname", plain]
            renamed.append(f"{sonames[plain]} -> {plain}")
        for needed in _run([patchelf, "--print-needed", str(path)]).split():
            if needed in needed_map:
                ops += ["--replace-needed", needed, needed_map[needed]]
        if ops:
            _run([patchelf, *ops, str(path)])
    return {"dropped": dropped, "renamed": renamed}


def pack(tree: Path, wheel: Path) -> None:
    """Zip ``tree`` as a wheel with a fresh RECORD (files sorted, fixed timestamps)."""
    dist_info = next(p for p in tree.iterdir() if p.name.endswith(".dist-info"))
    record_name = f"{dist_info.name}/RECORD"
    files = sorted(p for p in tree.rglob("*") if p.is_file() and p.relative_to(tree).as_posix() != record_name)
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            name = path.relative_to(tree).as_posix()
            data = path.read_bytes()
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.external_attr = (0o755 if path.suffix == ".so" or ".so." in path.name else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
            writer.writerow([name, _record_hash(data), len(data)])
        writer.writerow([record_name, "", ""])
        info = zipfile.ZipInfo(record_name, ZIP_TIME)
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, rows.getvalue())


def show(wheel: Path, auditwheel: str) -> tuple[str, str]:
    """(the platform tag ``auditwheel show`` finds the wheel consistent with, its whole report)."""
    done = subprocess.run([auditwheel, "show", str(wheel)], capture_output=True, text=True)
    text = " ".join((done.stdout + done.stderr).split())
    m = re.search(r'consistent with the following platform tag: "([^"]+)"', text)
    if done.returncode != 0 or not m:
        raise RepairError(f"auditwheel show {wheel.name} failed:\n{(done.stdout + done.stderr).strip()[-3000:]}")
    return m.group(1), (done.stdout + done.stderr).strip()


def glibc_of(tag: str) -> tuple[int, int]:
    """manylinux_2_28_x86_64 -> (2, 28); the legacy aliases too (manylinux2014 is glibc 2.17)."""
    legacy = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
    for name, version in legacy.items():
        if tag.startswith(name + "_"):
            return version
    m = re.match(r"manylinux_(\d+)_(\d+)_", tag)
    if not m:
        raise RepairError(f"{tag!r} is not a manylinux tag (auditwheel found the wheel needs a newer or non-standard system)")
    return int(m.group(1)), int(m.group(2))


def check(wheel: Path, plat: str, auditwheel: str) -> str:
    tag, report = show(wheel, auditwheel)
    if glibc_of(tag) > glibc_of(plat):
        raise RepairError(f"auditwheel show: {wheel.name} is only consistent with {tag}, newer than {plat}:\n{report}")
    return tag


def repair(wheel: Path, out_dir: Path, plat: str, auditwheel: str, patchelf: str, slim_only: bool = False) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="llama-repair-") as tmp:
        tmp = Path(tmp)
        tree = tmp / "tree"
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(tree)
        done = slim(tree, patchelf)
        for line in done["dropped"]:
            print(f"[repair] dropped {line}", file=sys.stderr)
        for line in done["renamed"]:
            print(f"[repair] soname {line}", file=sys.stderr)
        slimmed = tmp / "slim" / wheel.name
        slimmed.parent.mkdir()
        pack(tree, slimmed)
        if slim_only:
            target = out_dir / wheel.name
            shutil.copy2(slimmed, target)
            print(f"[repair] {wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB -> {target.stat().st_size / 1e6:.1f} MB (slimmed only)", file=sys.stderr)
            return target
        repaired_dir = tmp / "repaired"
        env = dict(os.environ)  # auditwheel finds patchelf on PATH
        env["PATH"] = os.pathsep.join([str(Path(patchelf).parent), env.get("PATH", "")]) if os.sep in patchelf else env.get("PATH", "")
        _run([auditwheel, "repair", "--plat", plat, "-w", str(repaired_dir), str(slimmed)], env)
        found = sorted(repaired_dir.glob("*.whl"))
        if len(found) != 1:
            raise RepairError(f"auditwheel repair wrote {len(found)} wheels into {repaired_dir}")
        check(found[0], plat, auditwheel)
        target = out_dir / found[0].name
        shutil.copy2(found[0], target)
    print(f"[repair] {wheel.name} ({wheel.stat().st_size / 1e6:.1f} MB) -> {target.name} ({target.stat().st_size / 1e6:.1f} MB)",
          file=sys.stderr)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wheel", type=Path)
    ap.add_argument("out_dir", type=Path, nargs="?")
    ap.add_argument("--plat", default="manylinux_2_28_x86_64")
    ap.add_argument("--auditwheel", default=shutil.which("auditwheel") or "auditwheel")
    ap.add_argument("--patchelf", default=shutil.which("patchelf") or "patchelf")
    ap.add_argument("--check", action="store_true", help="only check the wheel with auditwheel show")
    ap.add_argument("--slim-only", action="store_true", help="slim the wheel, no auditwheel (a CUDA build)")
    args = ap.parse_args(argv)
    try:
        if args.check:
            print(check(args.wheel, args.plat, args.auditwheel))
            return 0
        if args.out_dir is None:
            ap.error("OUT_DIR is needed unless --check")
        print(repair(args.wheel, args.out_dir, args.plat, args.auditwheel, args.patchelf, args.slim_only))
    except RepairError as exc:
        print(f"build_llama_repair: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
