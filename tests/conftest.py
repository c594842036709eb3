"""Test-wide set-up: Blender's user folders go to a temporary place before anything imports bpy,
and no test reaches the network."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest

_USER_DIR = Path(tempfile.mkdtemp(prefix="sceneorchestra-blender-user-"))
for var in ("BLENDER_USER_CONFIG", "BLENDER_USER_SCRIPTS", "BLENDER_USER_EXTENSIONS", "BLENDER_USER_DATAFILES"):
    os.environ.setdefault(var, str(_USER_DIR / var.lower()))

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"


def build_extension_zip(python: str, out: Path) -> tuple[Path, str]:
    """The linux-x64 zip of the extension for Blender's ``python`` ("3.11", "3.13"), built the way a
    user builds it (a subprocess of tools/build_extension.py) into ``out``; (zip, the script's report)."""
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "build_extension.py"), "--python", python, "--out", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    print(done.stdout)
    manifest = tomllib.loads((ROOT / "blender_manifest.toml").read_text())
    zip_path = out / f"sceneorchestra-{manifest['version']}-linux-x64-py{python.replace('.', '')}.zip"
    assert zip_path.is_file() and done.stdout.startswith(str(zip_path))
    return zip_path, done.stdout


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Only loopback connections are allowed."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1")) and self.family != socket.AF_UNIX:
            raise OSError(f"tests must not reach the network ({address!r})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def tiny_gguf(tmp_path_factory) -> Path:
    """A tiny random-weight Llama GGUF (byte-level vocabulary) for llama.cpp tests."""
    from gguf_tiny import write_tiny_llama

    return write_tiny_llama(tmp_path_factory.mktemp("gguf") / "tiny.gguf")
