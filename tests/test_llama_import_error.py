"""A llama-cpp-python whose shared library does not load (a wheel built for a newer Linux) gives the
backend's clear error, not "unexpected RuntimeError"."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

BROKEN = 'raise RuntimeError("Failed to load shared library libllama.so: version `GLIBC_2.99\' not found")\n'

SCRIPT = """
import sys
sys.path.insert(0, {fake!r})
from sceneorchestra_addon.agent.llama import import_llama_cpp
from sceneorchestra_addon.agent.pipeline import BackendError
try:
    import_llama_cpp()
except BackendError as exc:
    print("BackendError:", exc)
"""


def test_a_library_that_does_not_load_is_a_backend_error(tmp_path):
    (tmp_path / "llama_cpp").mkdir()
    (tmp_path / "llama_cpp" / "__init__.py").write_text(BROKEN)
    out = subprocess.run([sys.executable, "-c", SCRIPT.format(fake=str(tmp_path))], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "BackendError:" in out.stdout and "GLIBC_2.99" in out.stdout
