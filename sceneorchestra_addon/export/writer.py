"""Safe names and atomic folder writing for the simulator export.

Names: every model, link, joint and file name in an export goes through :func:`sanitize` (letters,
digits, ``_`` and ``-`` only, starting with a letter, at most 64 characters, not a reserved SDFormat
or Windows name) and a :class:`NameTable` that makes it unique (case-insensitively, so that the
files also differ on case-insensitive file systems).

Atomic writing: :func:`atomic_folder` hands out a fresh temporary folder beside the target; only
when everything was written does it replace the target with one rename. Any failure deletes the
temporary folder and leaves the target exactly as it was. A target that exists, is not empty and
is not an earlier SceneOrchestra export (no ``manifest.json`` of ours) is refused, so an export can
never wipe a user's folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MANIFEST = "manifest.json"
GENERATOR = "SceneOrchestra"
MAX_NAME = 64
_BAD = re.compile(r"[^A-Za-z0-9_-]+")
# SDFormat reserves "world" and names of the form __x__; Windows reserves device names for files.
_RESERVED = {"world", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


class ExportError(RuntimeError):
    """An export that could not be written; the message names the path and the reason."""


def sanitize(name: str, fallback: str = "unnamed") -> str:
    """A name that is valid in URDF, SDFormat and MJCF and as a file name on every platform."""
    text = _BAD.sub("_", str(name)).strip("_-")
    if not text:
        text = fallback
    if not text[0].isalpha():
        text = f"n{text}"
    text = text[:MAX_NAME].rstrip("_-") or fallback
    if text.lower() in _RESERVED:
        text = f"{text}_"
    return text


class NameTable:
    """Hands out sanitised names that are unique within one scope (case-insensitively)."""

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self._taken: set[str] = {r.lower() for r in reserved}

    def unique(self, name: str, fallback: str = "unnamed") -> str:
        base = sanitize(name, fallback)
        candidate, n = base, 2
        while candidate.lower() in self._taken:
            suffix = f"_{n}"
            candidate = base[: MAX_NAME - len(suffix)] + suffix
            n += 1
        self._taken.add(candidate.lower())
        return candidate


def is_export(folder: Path) -> bool:
    """True when ``folder`` holds an earlier SceneOrchestra export (its manifest says so)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("generator") == GENERATOR


def check_target(target: Path) -> None:
    """Raise ExportError when ``target`` may not be (re)written as an export folder."""
    if target.exists() and not target.is_dir():
        raise ExportError(f"cannot export to {target}: it is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not is_export(target):
        raise ExportError(f"cannot export to {target}: the folder is not empty and holds no earlier SceneOrchestra export; choose a new or empty folder")


@contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """Yield an empty temporary folder; on success it becomes ``target`` (replacing an earlier
    export there), on any failure it is deleted and ``target`` is left untouched."""
    target = Path(os.path.abspath(target))
    check_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise ExportError(f"cannot write to {target.parent}: {exc.strerror or exc}") from None
    try:
        yield tmp
        _swap_in(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ExportError(f"cannot write the export to {target}: {exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else "")) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap_in(tmp: Path, target: Path) -> None:
    """Rename ``tmp`` to ``target``; an existing target is moved aside first and restored if the
    rename fails, deleted once it succeeded."""
    if not target.exists():
        os.replace(tmp, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.rmdir(old)
    os.replace(target, old)
    try:
        os.replace(tmp, target)
    except OSError:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")
