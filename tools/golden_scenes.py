"""Fingerprints of scenes and trajectories, to prove that a change of structure changes no result.

``--write`` records, in ``tests/data/golden_scenes.json``: 200 random valid trajectories (their text,
seed and the SHA-256 of the scene.json they build), the ten reference rooms, and the trajectory and
scene the ``rules`` and ``teacher`` backends produce for the ten "Design me a <room>" prompts.
Without ``--write`` it compares the current code against that file and prints what differs
(``tests/test_golden_scenes.py`` does the same). Rewrite the file only for a change that is meant
to change scenes, and say so in the commit: the recorded random trajectories are kept and built
again (``--new-random`` draws new ones), and a row built as recorded keeps the builds other
machines make of it (``scene_variants``).

    .venv/bin/python tools/golden_scenes.py [--write [--new-random]] [--random N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
GOLDEN = DATA / "golden_scenes.json"
PROMPT_ROOMS = ("bedroom", "living room", "kitchen", "gym", "restaurant", "bathroom", "children room", "meeting room", "office", "waiting room")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scene_hash(text: str, seed: int) -> str:
    from sceneorchestra_addon.core import trajectory as T
    from sceneorchestra_addon.core.executor import execute

    return sha(execute(T.load(text), seed=seed).state.to_json())


def random_texts(n: int) -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    from random_trajectories import random_trajectory

    from sceneorchestra_addon.core import trajectory as T

    return [T.format(random_trajectory(np.random.default_rng(i), max_steps=4)) for i in range(n)]


def backend_text(name: str, prompt: str) -> str:
    from sceneorchestra_addon.agent.rules import RulesBackend
    from sceneorchestra_addon.agent.teacher import Teacher

    backend = RulesBackend() if name == "rules" else Teacher()
    return backend.generate(prompt, n=1, seed=0)[0]


def record(n_random: int) -> dict:
    out: dict = {"random": [], "reference": {}, "backends": {}}
    for i, text in enumerate(random_texts(n_random)):
        out["random"].append({"seed": i, "text": text, "scene": scene_hash(text, i)})
    for path in sorted(DATA.glob("*.txt")):
        out["reference"][path.stem] = scene_hash(path.read_text(encoding="utf-8"), 0)
    for name in ("rules", "teacher"):
        for room in PROMPT_ROOMS:
            prompt = f"Design me a {room}"
            text = backend_text(name, prompt)
            out["backends"][f"{name}: {prompt}"] = {"trajectory": sha(text), "scene": scene_hash(text, 0)}
    return out


def compare(golden: dict) -> list[str]:
    """Every difference between the current code's results and ``golden``, in words."""
    diffs = []
    for row in golden["random"]:
        # a room on a knife edge (a side 1e-13 m longer or shorter furnishes it otherwise) may build
        # either way where libm's last bit differs between machines: each way it builds is recorded
        if scene_hash(row["text"], row["seed"]) not in {row["scene"], *row.get("scene_variants", ())}:
            diffs.append(f"random trajectory {row['seed']}: scene differs\n{row['text']}")
    for stem, digest in golden["reference"].items():
        if scene_hash((DATA / f"{stem}.txt").read_text(encoding="utf-8"), 0) != digest:
            diffs.append(f"reference room {stem}: scene differs")
    for key, want in golden["backends"].items():
        name, prompt = key.split(": ", 1)
        text = backend_text(name, prompt)
        if sha(text) != want["trajectory"]:
            diffs.append(f"{key}: trajectory differs")
        elif scene_hash(text, 0) != want["scene"]:
            diffs.append(f"{key}: scene differs")
    return diffs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="record the current results")
    ap.add_argument("--random", type=int, default=200, help="random trajectories to record")
    ap.add_argument("--new-random", action="store_true", help="with --write: draw new random trajectories instead of building the recorded ones again")
    args = ap.parse_args()
    if args.write:
        again = GOLDEN.exists() and not args.new_random
        out = record(0 if again else args.random)
        if again:  # the recorded random trajectories stay, their scenes built again
            out["random"] = []
            for row in json.loads(GOLDEN.read_text(encoding="utf-8"))["random"]:
                scene = scene_hash(row["text"], row["seed"])
                if scene in {row["scene"], *row.get("scene_variants", ())}:  # as recorded (a knife-edge row: one of its builds)
                    out["random"].append(row)
                else:
                    out["random"].append({"seed": row["seed"], "text": row["text"], "scene": scene})
        GOLDEN.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {GOLDEN}")
        return 0
    diffs = compare(json.loads(GOLDEN.read_text(encoding="utf-8")))
    print("\n".join(diffs) or "all scenes and trajectories identical")
    return 1 if diffs else 0


if __name__ == "__main__":
    raise SystemExit(main())
