"""Shapes by parameters, built once: the PartTree of a parameter set, its bounds and the footprint
of what it stands on. Every engine that needs an object's geometry (the solver, the evaluator, the
exporters, the Blender build) asks here, so each distinct parameter set is generated once per
process (LRU caches keyed by the parameters' canonical JSON).
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np

from . import build as build_tree
from .parttree import PartTree


@lru_cache(maxsize=8192)
def _tree_from_json(params_json: str) -> PartTree:
    return build_tree(json.loads(params_json))


def tree_of(params: dict) -> PartTree:
    """The PartTree of a parameter set (built once per distinct parameters)."""
    return _tree_from_json(json.dumps(params, sort_keys=True))


@lru_cache(maxsize=8192)
def _bounds_from_json(params_json: str) -> tuple[np.ndarray, np.ndarray]:
    return _tree_from_json(params_json).bounds()


def local_bounds(params: dict) -> tuple[np.ndarray, np.ndarray]:
    """Min and max corner of an object's geometry in its own frame."""
    return _bounds_from_json(json.dumps(params, sort_keys=True))


@lru_cache(maxsize=8192)
def _base_from_json(params_json: str) -> tuple[float, float, float, float]:
    tree = _tree_from_json(params_json)
    verts = np.vstack([p.vertices for p in tree.parts])
    low = verts[verts[:, 2] <= verts[:, 2].min() + 0.01]
    return float(low[:, 0].min()), float(low[:, 1].min()), float(low[:, 0].max()), float(low[:, 1].max())


def base_rect(params: dict) -> tuple[float, float, float, float]:
    """The XY bounds of what an object stands on (its vertices within 1 cm of its bottom): a lamp's
    foot, a TV's stand. Only this has to lie on a support surface; the rest may overhang."""
    return _base_from_json(json.dumps(params, sort_keys=True))


def clear_caches() -> None:
    """Forget every built shape (for cold-start benchmarks)."""
    for fn in (_tree_from_json, _bounds_from_json, _base_from_json):
        fn.cache_clear()
