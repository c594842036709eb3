"""The command line and the import boundaries, as a user and a reviewer meet them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from sceneorchestra_addon.core.tools import SPECS


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sceneorchestra_addon", *args], cwd=ROOT, capture_output=True, text=True, input=stdin)


def test_validate_ok_and_errors(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text('1. init_room(room_type="gym", width_m=6.0, depth_m=5.0)\n2. terminate(status="success")\n')
    result = cli("validate", str(good))
    assert result.returncode == 0 and "valid, 2 calls" in result.stdout
    bad = tmp_path / "bad.txt"
    bad.write_text(
        '1. init_room(room_type="gym", width_m=60.0, depth_m=5.0)\n2. add_objekt(category="sofa")\n3. terminate(status="done")\n'
    )
    result = cli("validate", str(bad))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("line 1: init_room(width_m=...)") and "out of range" in lines[0]
    assert lines[1].startswith("line 2: add_objekt:") and "did you mean 'add_object'" in lines[1]
    assert lines[2].startswith("line 3: terminate(status=...)")


def test_validate_missing_file(tmp_path):
    result = cli("validate", str(tmp_path / "nope.txt"))
    assert result.returncode == 2 and "cannot read" in result.stderr


def test_grammar_schema_tools():
    assert cli("grammar").stdout.startswith('root ::= "1. " initializer')
    schemas = json.loads(cli("schema").stdout)
    assert [s["name"] for s in schemas] == list(SPECS)
    table = cli("tools").stdout
    for name in SPECS:
        assert f"{name}  [" in table


def test_sample_prompt():
    result = cli("sample", "Design me a living room")
    assert result.returncode == 0 and 'room_type="living_room"' in result.stdout
    for prompt in ("", "   ", "Design me a spaceship"):
        result = cli("sample", prompt)
        assert result.returncode == 2 and result.stderr.strip()


def ruff(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    exe = ROOT / ".venv" / "bin" / "ruff"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "ruff"]
    return subprocess.run([*cmd, *args], cwd=ROOT, capture_output=True, text=True, input=stdin)


def test_repository_passes_lint():
    result = ruff("check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "path, source, banned",
    [
        ("sceneorchestra_addon/core/probe.py", "import bpy\n", "bpy"),
        ("sceneorchestra_addon/assets/probe.py", "from bpy import types\n", "bpy"),
        ("sceneorchestra_addon/export/probe.py", "import bmesh\n", "bmesh"),
        ("sceneorchestra_addon/agent/probe.py", "import torch\n", "torch"),
        ("sceneorchestra_addon/blender/probe.py", "from transformers import AutoModel\n", "transformers"),
        ("sceneorchestra_addon/core/probe.py", "import numpy as np\nnp.random.seed(0)\n", "numpy.random.seed"),
        ("sceneorchestra_addon/assets/probe.py", "import random\n", "random"),
    ],
)
def test_boundaries_are_enforced(path, source, banned):
    result = ruff("check", "--no-cache", "--stdin-filename", path, "-", stdin=source)
    assert result.returncode != 0 and f"`{banned}` is banned" in result.stdout


@pytest.mark.parametrize("path", ["sceneorchestra_addon/blender/probe.py", "training/probe.py"])
def test_bpy_and_torch_allowed_where_they_belong(path):
    source = "import bpy\n" if "blender" in path else "import torch\n"
    result = ruff("check", "--no-cache", "--stdin-filename", path, "-", stdin=source)
    assert "is banned" not in result.stdout
