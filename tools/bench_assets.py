"""Benchmark of the asset pipeline: generating every category's PartTree and building them in Blender.

Usage: ``.venv/bin/python tools/bench_assets.py [--repeats 3] [--seed 0]``. Prints ``name seconds``
lines (medians over the repeats):

  generate_all_s       sample + build of one PartTree per catalogue category (no Blender)
  blender_build_all_s  those PartTrees built as objects with the headless bpy module
  sync_40_objects_s    sync_scene of a 40-object state into an empty file (budget: 1 s)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sceneorchestra_addon import assets  # noqa: E402
from sceneorchestra_addon.ground import catalog
from sceneorchestra_addon.ground.state import Pose, Room, SceneObject, SceneState


def generate_all(seed: int) -> list:
    return [assets.build(assets.sample_params(name, np.random.default_rng(seed))) for name in catalog.CATEGORY_NAMES]


def median_time(fn, repeats: int, setup=None) -> float:
    times = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def forty_objects(seed: int) -> SceneState:
    floor = [c.name for c in catalog.CATEGORIES if c.placement == "floor"]
    objects = []
    for i in range(40):
        name = floor[i % len(floor)]
        params = assets.sample_params(name, np.random.default_rng(seed + i))
        objects.append(SceneObject(f"{name}_{i}", name, params, Pose(1.0 + (i % 8) * 1.5, 1.0 + (i // 8) * 1.5, 0.0, 0.0)))
    return SceneState(Room("living_room", 13.0, 9.0), (), tuple(objects))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    print(f"categories {len(catalog.CATEGORY_NAMES)}")
    print(f"generate_all_s {median_time(lambda: generate_all(args.seed), args.repeats):.4f}")

    import bpy

    from sceneorchestra_addon.blender.build import build_object
    from sceneorchestra_addon.blender.collection import get_collection
    from sceneorchestra_addon.blender.sync import sync_scene

    trees = generate_all(args.seed)
    reset = lambda: bpy.ops.wm.read_factory_settings(use_empty=True)

    def build_all():
        coll = get_collection()
        for i, tree in enumerate(trees):
            build_object(tree, f"{tree.category}_0", Pose(float(i % 10) * 3.0, float(i // 10) * 3.0, 0.0, 0.0), coll)

    print(f"blender_build_all_s {median_time(build_all, args.repeats, reset):.4f}")
    state = forty_objects(args.seed)
    print(f"sync_40_objects_s {median_time(lambda: sync_scene(state), args.repeats, reset):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
