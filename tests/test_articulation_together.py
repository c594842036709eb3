"""Doors, drawers and lids of one piece opened together do not jam each other.

``articulation_clearance`` sweeps one joint at a time against the rest of the room; this checks
the design of every articulated category (at several sampled sizes and styles): for every pair of
joints that move different parts, both are opened together, step by step, and their moving parts
must not touch. Two joints of one kind open in step (the two doors of a french-door fridge, a
kitchen island's row of doors: these once jammed at 6.5 degrees, and past square, respectively);
for a door and a drawer or rack the door is opened fully first, as one does (a dishwasher's rack
rolls out over its open door).
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest

from sceneorchestra_addon.assets import sample_params
from sceneorchestra_addon.assets.parttree import Joint, PartTree
from sceneorchestra_addon.assets.shapes import tree_of
from sceneorchestra_addon.core.metrics.articulation import TOUCH_M, _as_mesh
from sceneorchestra_addon.core.metrics.collide import still_overlapping
from sceneorchestra_addon.core.metrics.meshes import shells_of_tree
from sceneorchestra_addon.ground import catalog

ARTICULATED = sorted(c.name for c in catalog.CATEGORIES if c.articulated)
SEEDS = range(4)
STEPS = (0.125, 0.25, 0.5, 0.75, 1.0)


def _opened(tree: PartTree, joint: Joint, fraction: float):
    limit = max((joint.upper, joint.lower), key=abs)
    parts = [replace(p, vertices=joint.moved(p.vertices, limit * fraction)) for p in tree.moving_parts(joint)]
    return _as_mesh(joint.name, tree.category, shells_of_tree(PartTree(tree.category, tuple(parts))))


def jams(tree: PartTree) -> list[tuple[str, str, float]]:
    """(joint, joint, fraction) for every pair that touches when opened together."""
    joints = [j for j in tree.joints if tree.moving_parts(j)]
    moving = {j.name: {p.name for p in tree.moving_parts(j)} for j in joints}
    found = []
    for a, b in itertools.combinations(joints, 2):
        if moving[a.name] & moving[b.name]:
            continue  # one hangs from the other (a door's own flap)
        if a.kind != b.kind and a.kind == "prismatic":
            a, b = b, a  # the door first
        for t in STEPS:
            ma = _opened(tree, a, t if a.kind == b.kind else 1.0)
            if still_overlapping(ma, _opened(tree, b, t), TOUCH_M):
                found.append((a.name, b.name, t))
                break
    return found


@pytest.mark.parametrize("category", ARTICULATED)
def test_parts_opened_together_do_not_jam(category):
    for seed in SEEDS:
        params = sample_params(category, np.random.default_rng(seed))
        assert jams(tree_of(params)) == [], (category, seed, params.get("style"))
