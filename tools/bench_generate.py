"""Benchmark: writing a trajectory with the local model against the teacher, in one run.

Prints the mean seconds a scene of each backend over the same prompts and seeds (plain design
prompts and instructions with requirements), the ratio, and a fingerprint of the trajectories and
the built poses, so that a change meant to be only faster can be checked to build the same scenes.

Usage: .venv/bin/python tools/bench_generate.py [--seeds N] [--backends local,teacher]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import time

from benchlib import ROOT  # noqa: F401  (puts the repository on sys.path)

from sceneorchestra_addon.agent.pipeline import BackendSettings, Pipeline  # noqa: E402
from sceneorchestra_addon.core import executor  # noqa: E402
from sceneorchestra_addon.core import trajectory as T  # noqa: E402

PROMPTS = ("Design me a bedroom", "Design me a living room", "Design me a kitchen", "Design me an office",
           "a bedroom with two nightstands and a lamp on each, no rug",
           "A dining room with a table and six chairs around it, a sideboard against the wall")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=2, help="seeds per prompt (1..N)")
    parser.add_argument("--backends", default="local,teacher")
    args = parser.parse_args()
    rows = {}
    for name in args.backends.split(","):
        pipeline = Pipeline(dataclasses.replace(BackendSettings(), backend=name))
        pipeline.write("Design me a bathroom", seed=0)  # load the model and warm the caches, untimed
        digest = hashlib.sha1()
        start = time.perf_counter()
        for prompt in PROMPTS:
            for seed in range(1, args.seeds + 1):
                text = pipeline.write(prompt, seed=seed).text
                state = executor.execute(T.load(text), seed=seed).state
                digest.update(text.encode())
                digest.update(repr([(o.id, o.pose) for o in state.objects]).encode())
        rows[name] = (time.perf_counter() - start) / (len(PROMPTS) * args.seeds)
        print(f"{name:<8} {rows[name]:.3f} s a scene (write, then build)  fingerprint {digest.hexdigest()[:12]}", flush=True)
    if "local" in rows and "teacher" in rows:
        print(f"local / teacher: {rows['local'] / rows['teacher']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
