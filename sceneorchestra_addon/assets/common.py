"""Shared pieces of the generators: size sampling, parameter handling, style and material picks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..ground.catalog import BY_NAME, Category
from .mesh import FitBuilder
from .parttree import PartTree


def sample_size(rng: np.random.Generator, category: Category, spread: float = 0.35) -> tuple[float, float, float]:
    """Width, depth, height near the typical size, inside the category's min/max, rounded to 1 mm."""
    out = []
    for typ, lo, hi in zip(category.typical, category.min_size, category.max_size):
        half = (hi - lo) / 2.0
        value = typ + rng.normal(0.0, spread) * half if half > 0 else typ
        out.append(round(float(np.clip(value, lo, hi)), 3))
    return out[0], out[1], out[2]


def base_params(
    rng: np.random.Generator,
    category: str,
    styles: Sequence[str],
    materials: dict[str, Sequence[str]],
    overrides: dict,
) -> dict:
    """The parameters every generator shares: category, size, style, one material per slot.

    ``materials`` maps a slot ("frame", "fabric", "top" ...) to the presets it may take. The draws
    are made in a fixed order whatever the overrides are, so that one override never shifts the
    other sampled values. Unknown override keys are an error.
    """
    cat = BY_NAME[category]
    w, d, h = sample_size(rng, cat)
    style = str(styles[int(rng.integers(len(styles)))])
    picks = {slot: str(options[int(rng.integers(len(options)))]) for slot, options in materials.items()}
    params = {"category": category, "width_m": w, "depth_m": d, "height_m": h, "style": style}
    params.update({f"material_{slot}": name for slot, name in picks.items()})
    unknown = set(overrides) - set(params) - {"seed"}
    if unknown:
        raise ValueError(f"{category}: unknown parameter(s) {sorted(unknown)}; known: {sorted(params)}")
    params.update(overrides)
    if params["style"] not in styles:
        raise ValueError(f"{category}: style {params['style']!r} is not one of {list(styles)}")
    return params


def dims(params: dict) -> tuple[float, float, float]:
    return float(params["width_m"]), float(params["depth_m"]), float(params["height_m"])


def fitted_build(params: dict, builders: dict) -> PartTree:
    """Build a piece sketched near its size: ``builders[category](tb, params, w, d, h)`` draws it on a
    FitBuilder, which fits it exactly to the sampled size."""
    w, d, h = dims(params)
    tb = FitBuilder(params["category"], params, (w, d, h))
    builders[params["category"]](tb, params, w, d, h)
    return tb.build()
