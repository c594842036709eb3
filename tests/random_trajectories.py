"""Random valid trajectories sampled from the tool schemas (for fuzzing the executor)."""

from __future__ import annotations

import numpy as np

from sceneorchestra_addon.ground import catalog
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.tools import SPECS
from sceneorchestra_addon.core.tools.init_plan import plan_room_names

# object ids are drawn mostly from categories that are likely to exist, so calls do something
LIKELY = ("double_bed", "sofa", "dining_table", "bookshelf", "desk", "nightstand", "wardrobe", "tv_stand", "coffee_table", "dresser")


def random_value(p, rng: np.random.Generator):
    if p.kind == "tuple":
        n = int(rng.integers(1, (p.max_items or 3) + 1))
        return tuple(random_value(p.item, rng) for _ in range(n))
    if p.kind == "enum":
        return str(p.choices[int(rng.integers(len(p.choices)))])
    if p.kind == "bool":
        return bool(rng.integers(2))
    if p.kind == "int":
        return int(rng.integers(int(p.lo), int(p.hi) + 1))
    if p.kind == "float":
        return round(float(rng.uniform(p.lo, p.hi)), 2)
    if p.ref == "category":
        return str(catalog.CATEGORY_NAMES[int(rng.integers(len(catalog.CATEGORY_NAMES)))])
    if p.ref == "object_id":
        pool = LIKELY if rng.random() < 0.8 else catalog.CATEGORY_NAMES
        return f"{pool[int(rng.integers(len(pool)))]}_{int(rng.integers(0, 3))}"
    return "top"


def random_plan_call(rng: np.random.Generator) -> T.Call:
    """init_plan with one to three rooms (a hall sometimes) and, now and then, a door between the first two."""
    kinds = tuple(str(k) for k in rng.choice(catalog.ROOM_TYPES, size=int(rng.integers(1, 4))))
    if rng.random() < 0.2:
        kinds += ("hall",)
    args: list = [("rooms", kinds)]
    if len(kinds) > 1 and rng.random() < 0.5:
        names = plan_room_names(kinds)
        args.append(("doors", (f"{names[0]}-{names[1]}",)))
    return T.Call(1, "init_plan", tuple(args))


def random_call(spec, number: int, rng: np.random.Generator, rooms: list[str] | None = None) -> T.Call:
    if spec.name == "init_plan":
        return random_plan_call(rng)
    args = []
    if rooms and spec.group != "terminator":  # a room of the plan
        args.append(("room", rooms[int(rng.integers(len(rooms)))]))
    for p in spec.params:
        if p.required or rng.random() < 0.5:
            value = random_value(p, rng)
            if p.name in ("width_m", "depth_m") and spec.group == "initializer":
                value = round(float(rng.uniform(2.5, 8.0)), 2)  # keep most rooms of usual size
            args.append((p.name, value))
    return T.Call(number, spec.name, tuple(args))


def random_trajectory(rng: np.random.Generator, max_steps: int = 6) -> T.Trajectory:
    inits = [s for s in SPECS.values() if s.group == "initializer"]
    steps = [s for s in SPECS.values() if s.group in ("implementer", "modifier")]
    chosen = [inits[int(rng.integers(len(inits)))]]
    chosen += [steps[int(rng.integers(len(steps)))] for _ in range(int(rng.integers(0, max_steps + 1)))]
    chosen.append(SPECS["terminate"])
    first = random_call(chosen[0], 1, rng)
    rooms = plan_room_names(first.arg("rooms")) if first.tool == "init_plan" else None
    return T.validate(T.Trajectory((first, *(random_call(s, i + 2, rng, rooms) for i, s in enumerate(chosen[1:])))))
