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


SWEEP_STEPS = 8  # positions per direction a joint's sweep visits (the limit included)


@lru_cache(maxsize=8192)
def _sweeps_from_json(params_json: str) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    tree = _tree_from_json(params_json)
    out = []
    for joint in tree.joints:
        parts = tree.moving_parts(joint)
        if not parts:
            continue
        verts = np.vstack([p.vertices for p in parts])
        for q in joint.sweep_positions(SWEEP_STEPS):
            moved = joint.moved(verts, q)
            out.append((moved.min(axis=0), moved.max(axis=0)))
    return tuple(out)


def sweep_bounds(params: dict) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Where the object's doors, drawers and lids go when opened: for every joint and every
    position its sweep visits (``SWEEP_STEPS`` per direction, as ``articulation_clearance`` sweeps
    them), the min and max corner of the moving parts in the object's own frame. Empty for an
    object without joints."""
    return _sweeps_from_json(json.dumps(params, sort_keys=True))


@lru_cache(maxsize=8192)
def _reach_from_json(params_json: str) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = _bounds_from_json(params_json)
    for slo, shi in _sweeps_from_json(params_json):
        lo, hi = np.minimum(lo, slo), np.maximum(hi, shi)
    return lo, hi


def reach_bounds(params: dict) -> tuple[np.ndarray, np.ndarray]:
    """``local_bounds`` grown by every sweep: what the object takes up with its doors, drawers and
    lids opened in turn (the same as ``local_bounds`` for an object without joints)."""
    return _reach_from_json(json.dumps(params, sort_keys=True))


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
