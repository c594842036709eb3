"""The extension's manifest and licence, without building the full zip (no wheels): every permission
the add-on needs is declared with a reason, no placeholder website, and the zip carries the licence
text the manifest's ``license`` names; Blender's own validator accepts the staged zip."""

from __future__ import annotations

import importlib.util
import tomllib
import zipfile

import pytest

from conftest import ROOT
from test_extension_install import build_tool

MANIFEST = tomllib.loads((ROOT / "blender_manifest.toml").read_text())




def test_permissions_cover_what_the_add_on_does():
    permissions = MANIFEST["permissions"]
    ui = (ROOT / "sceneorchestra_addon" / "ui" / "operators.py").read_text()
    assert "window_manager.clipboard" in ui  # Copy, and Run from text with source CLIPBOARD
    assert {"files", "network", "clipboard"} <= set(permissions)
    for name, reason in permissions.items():
        assert 0 < len(reason) <= 64 and not reason.endswith((".", "!", "?")), name  # Blender's rules for a reason


def test_no_placeholder_contact():
    assert ".invalid" not in MANIFEST.get("website", "") and "example" not in MANIFEST.get("website", "")
    assert MANIFEST["maintainer"].strip()


def test_the_licence_file_matches_the_manifest():
    assert MANIFEST["license"] == ["SPDX:GPL-3.0-or-later"]
    text = (ROOT / "LICENSE").read_text()
    assert text.lstrip().startswith("GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007")
    assert "END OF TERMS AND CONDITIONS" in text and "any later version" in text


def test_the_zip_carries_the_licence(tmp_path):
    tool = build_tool()
    staged = tmp_path / "staged"
    tool.stage(staged, "linux-x64", [])
    assert (staged / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()
    zip_path = tmp_path / "sceneorchestra.zip"
    tool.write_zip(staged, zip_path)
    with zipfile.ZipFile(zip_path) as zf:
        assert zf.read("LICENSE") == (ROOT / "LICENSE").read_bytes()
        manifest = tomllib.loads(zf.read("blender_manifest.toml").decode())
    assert manifest["permissions"] == MANIFEST["permissions"] and manifest["license"] == MANIFEST["license"]
    if importlib.util.find_spec("bpy") is None:
        pytest.skip("bpy is not installed: no Blender validator")
    tool.validate_with_blender(zip_path)  # raises BuildError with Blender's words when it rejects the zip
