"""Every catalogue entry gets the same checks: determinism, size, mesh sanity, materials,
joints and support surfaces."""

from __future__ import annotations

import hashlib
import math
from collections import Counter

import numpy as np
import pytest

from sceneorchestra_addon import assets
from sceneorchestra_addon.assets.materials import MATERIALS
from sceneorchestra_addon.ground import catalog

NAMES = catalog.CATEGORY_NAMES
TOL = 1e-3  # 1 mm

# Major pieces that need at least two visibly different style variants.
MAJOR = (
    "single_bed", "double_bed", "sofa", "armchair", "dining_table", "coffee_table", "desk",
    "dining_chair", "office_chair", "wardrobe", "bookshelf", "dresser", "table_lamp", "floor_lamp",
)


def tree_hash(tree) -> str:
    h = hashlib.sha256()
    for p in tree.parts:
        h.update(p.name.encode())
        h.update(np.round(p.vertices, 6).tobytes())
        h.update(repr(p.faces).encode())
        h.update(p.material.encode())
    h.update(repr(tree.joints).encode())
    h.update(repr(tree.surfaces).encode())
    return h.hexdigest()


def build(name: str, seed: int = 7, **overrides):
    params = assets.sample_params(name, np.random.default_rng(seed), **overrides)
    return params, assets.build(params)


def test_catalogue_is_large_and_consistent():
    assert len(NAMES) >= 80
    assert len(set(NAMES)) == len(NAMES)
    for c in catalog.CATEGORIES:
        assert c.generator in assets.GENERATORS, c.name
        assert set(c.rooms) <= set(catalog.ROOM_TYPES), c.name
        assert c.rooms, c.name
        for lo, typ, hi in zip(c.min_size, c.typical, c.max_size):
            assert 0 < lo <= typ <= hi, c.name
        assert set(c.functional_sides) <= {"front", "back", "left", "right"}, c.name
        assert set(c.supports) <= {"top", "shelf", "inside", "seat"}, c.name


def test_every_room_type_has_large_and_small_objects():
    for room in catalog.ROOM_TYPES:
        cats = catalog.for_room(room)
        assert any(c.placement == "floor" for c in cats), room
        assert any(c.small for c in cats), room


def test_synonyms_resolve():
    for c in catalog.CATEGORIES:
        assert catalog.resolve(c.name) == c.name
    expected = {"couch": "sofa", "bookcase": "bookshelf", "crib": "baby_bed", "bookcases": "bookshelf"}
    for word, name in expected.items():
        if name in catalog.BY_NAME:
            assert catalog.resolve(word) == name, word


@pytest.mark.parametrize("name", NAMES)
def test_generator_is_deterministic(name):
    _, a = build(name, seed=11)
    _, b = build(name, seed=11)
    assert tree_hash(a) == tree_hash(b)


@pytest.mark.parametrize("name", NAMES)
def test_size_inside_prior_and_matches_params(name):
    cat = catalog.BY_NAME[name]
    for seed in range(3):
        params, tree = build(name, seed=seed)
        size = tree.size()
        wanted = np.array([params["width_m"], params["depth_m"], params["height_m"]])
        assert np.all(size >= np.array(cat.min_size) - TOL), (name, size)
        assert np.all(size <= np.array(cat.max_size) + TOL), (name, size)
        assert np.allclose(size, wanted, atol=0.01), (name, size, wanted)
        lo, hi = tree.bounds()
        assert abs(lo[0] + hi[0]) < 0.01 and abs(lo[1] + hi[1]) < 0.01, (name, lo, hi)
        assert abs(lo[2]) < TOL, (name, lo)


@pytest.mark.parametrize("name", NAMES)
def test_every_style_builds_at_the_corners_of_its_size_range(name):
    """A size the sampler may draw at either end of the category's range, in each style, builds
    (a modern toolbox 0.12 m high once made a lid of zero height and failed)."""
    cat = catalog.BY_NAME[name]
    lo, hi = np.array(cat.min_size), np.array(cat.max_size)
    corners = [lo, hi, np.array([hi[0], hi[1], lo[2]]), np.array([lo[0], lo[1], hi[2]])]
    for style in assets.generator_for(name).styles:
        for w, d, h in corners:
            _, tree = build(name, width_m=float(w), depth_m=float(d), height_m=float(h), style=style)
            assert tree.parts, (name, style, (w, d, h))


@pytest.mark.parametrize("name", NAMES)
def test_meshes_are_sane(name):
    _, tree = build(name)
    names = [p.name for p in tree.parts]
    assert len(set(names)) == len(names)
    assert all(n and n == n.strip() for n in names)
    part_names = set(names)
    for p in tree.parts:
        assert p.material in MATERIALS, (name, p.name, p.material)
        assert p.parent is None or p.parent in part_names, (name, p.name)
        v = p.vertices
        assert v.ndim == 2 and v.shape[1] == 3 and len(v) >= 3
        assert np.all(np.isfinite(v))
        for poly in p.faces:
            assert len(poly) >= 3 and len(set(poly)) == len(poly), (name, p.name, poly)
            assert max(poly) < len(v)
        tris = p.triangles()
        a, b, c = v[tris[:, 0]], v[tris[:, 1]], v[tris[:, 2]]
        areas = 0.5 * np.linalg.norm(np.cross(b - a, c - a), axis=1)
        assert np.all(areas > 1e-10), (name, p.name, "degenerate face")
        if p.closed:
            edges = Counter()
            for poly in p.faces:
                for i in range(len(poly)):
                    edges[(poly[i], poly[(i + 1) % len(poly)])] += 1
            for (i, j), n in edges.items():
                assert n == 1 and edges.get((j, i)) == 1, (name, p.name, "not closed / not oriented", (i, j))


@pytest.mark.parametrize("name", NAMES)
def test_joints_and_surfaces(name):
    cat = catalog.BY_NAME[name]
    _, tree = build(name)
    part_names = {p.name for p in tree.parts}
    assert bool(tree.joints) == cat.articulated, name
    for j in tree.joints:
        assert j.kind in ("revolute", "prismatic")
        assert j.parent in part_names and j.child in part_names and j.parent != j.child
        assert math.isclose(float(np.linalg.norm(j.axis)), 1.0, abs_tol=1e-9)
        assert j.lower <= 0.0 <= j.upper and j.lower < j.upper
        if j.kind == "revolute":
            assert j.upper - j.lower <= 2 * math.pi
        else:
            assert j.upper - j.lower <= 2.0
    lo, hi = tree.bounds()
    kinds = {s.kind for s in tree.surfaces}
    assert set(cat.supports) <= kinds, (name, cat.supports, kinds)
    for s in tree.surfaces:
        x0, y0, x1, y1 = s.rect
        assert x0 < x1 and y0 < y1
        assert s.part in part_names
        assert lo[0] - TOL <= x0 and x1 <= hi[0] + TOL and lo[1] - TOL <= y0 and y1 <= hi[1] + TOL, (name, s)
        assert lo[2] - TOL <= s.z <= hi[2] + TOL, (name, s)
        assert s.clearance_m > 0


@pytest.mark.parametrize("name", [n for n in MAJOR if n in catalog.BY_NAME])
def test_major_pieces_have_visibly_different_styles(name):
    gen = assets.generator_for(name)
    assert len(gen.styles) >= 2, name
    signatures = set()
    for style in gen.styles:
        _, tree = build(name, seed=3, style=style)
        signatures.add((tuple(sorted(p.name for p in tree.parts)), sum(len(p.vertices) for p in tree.parts)))
    assert len(signatures) >= 2, name
