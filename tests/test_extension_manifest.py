"""The extension's manifest and licence, without building the full zip (no wheels): every permission
the add-on needs is declared with a reason, no placeholder website, and the zip carries the licence
text the manifest's ``license`` names; Blender's own validator accepts the staged zip. Each zip is for
one Python and states the Blender versions that embed it and were tested: 3.11 for 4.2-5.0, 3.13 for
5.1 and later (Blender 5.1 moved to Python 3.13: a 3.11 build does not install there)."""

from __future__ import annotations

import importlib.util
import re
import tomllib
import zipfile

import pytest

from conftest import ROOT
from test_extension_install import build_tool

MANIFEST = tomllib.loads((ROOT / "blender_manifest.toml").read_text())


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split("."))


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


def test_each_python_covers_the_blenders_that_embed_it_and_were_tested():
    """Python 3.11: Blender 4.2-5.0; Python 3.13: Blender 5.1 on, up to the newest bpy tested. The
    ranges meet (no Blender between them is left out), each starts at the oldest Blender tested with
    it and ends right after the newest (``blender_version_max`` is the first version not supported),
    and the repository's manifest states their union."""
    pythons = build_tool().PYTHONS
    assert set(pythons) == {"3.11", "3.13"}
    ranges = sorted(pythons.values(), key=lambda b: _version(b.blender_min))
    for older, newer in zip(ranges, ranges[1:]):
        assert older.blender_max == newer.blender_min, (older, newer)
    assert pythons["3.11"].blender_max == "5.1.0" and pythons["3.13"].blender_min == "5.1.0"
    for blender in ranges:
        tested = sorted(map(_version, blender.tested))
        assert _version(blender.bpy_for_tests) in tested, blender
        assert _version(blender.blender_min)[:2] == tested[0][:2], f"{blender.python}: the oldest Blender tested is {tested[0]}"
        newest = tested[-1]
        assert _version(blender.blender_max) == (newest[0], newest[1] + 1, 0), f"{blender.python}: the newest Blender tested is {newest}"
    assert (MANIFEST["blender_version_min"], MANIFEST["blender_version_max"]) == (ranges[0].blender_min, ranges[-1].blender_max)


def test_the_bpy_the_tests_install_is_the_one_named():
    pythons = build_tool().PYTHONS
    pin = re.search(r'"bpy==([0-9.]+)"', (ROOT / "pyproject.toml").read_text()).group(1)
    assert pythons["3.11"].bpy_for_tests == pin  # the project's environment
    assert f"BPY313={pythons['3.13'].bpy_for_tests}" in (ROOT / "tools" / "setup.sh").read_text()  # $SCENEORCHESTRA_CACHE/venv-py313


@pytest.mark.parametrize("python", ["3.11", "3.13"])
def test_each_pythons_zip_states_its_blenders_and_passes_that_blenders_validator(python, tmp_path):
    tool = build_tool()
    staged = tmp_path / "staged"
    tool.stage(staged, "linux-x64", [], python)
    zip_path = tmp_path / f"sceneorchestra-{python}.zip"
    tool.write_zip(staged, zip_path)
    with zipfile.ZipFile(zip_path) as zf:
        manifest = tomllib.loads(zf.read("blender_manifest.toml").decode())
    blender = tool.PYTHONS[python]
    assert (manifest["blender_version_min"], manifest["blender_version_max"]) == (blender.blender_min, blender.blender_max)
    rest = {k: v for k, v in manifest.items() if k not in ("blender_version_min", "blender_version_max", "platforms")}
    assert rest == {k: v for k, v in MANIFEST.items() if k not in ("blender_version_min", "blender_version_max", "platforms")}
    if importlib.util.find_spec("bpy") is None:
        pytest.skip("bpy is not installed: no Blender validator")
    print(tool.validate_with_blender(zip_path, python))
