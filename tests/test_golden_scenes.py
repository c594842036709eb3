"""Scenes and trajectories equal their recorded fingerprints (``tools/golden_scenes.py``)."""

from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import DATA, ROOT


def golden_module():
    spec = importlib.util.spec_from_file_location("golden_scenes", ROOT / "tools" / "golden_scenes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_scenes_and_trajectories_equal_their_fingerprints():
    golden = json.loads((DATA / "golden_scenes.json").read_text(encoding="utf-8"))
    assert len(golden["random"]) == 200 and len(golden["reference"]) == 10 and len(golden["backends"]) == 20
    assert golden_module().compare(golden) == []


def test_a_changed_scene_is_reported():
    golden = json.loads((DATA / "golden_scenes.json").read_text(encoding="utf-8"))
    row = dict(golden["random"][0], scene="0" * 64)
    diffs = golden_module().compare({"random": [row], "reference": {}, "backends": {}})
    assert len(diffs) == 1 and diffs[0].startswith("random trajectory 0: scene differs")


def test_a_scene_on_a_knife_edge_may_match_any_of_its_recorded_builds():
    golden = json.loads((DATA / "golden_scenes.json").read_text(encoding="utf-8"))
    row = golden["random"][0]
    other = dict(row, scene="0" * 64, scene_variants=[row["scene"]])
    assert golden_module().compare({"random": [other], "reference": {}, "backends": {}}) == []
    neither = dict(row, scene="0" * 64, scene_variants=["1" * 64])
    assert len(golden_module().compare({"random": [neither], "reference": {}, "backends": {}})) == 1
