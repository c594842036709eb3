"""Procedural generators: one deterministic ``build(params) -> PartTree`` and one
``sample(rng, category, **overrides) -> params`` per family; no bpy here.

``GENERATORS`` maps the ``generator`` name of each catalogue entry to its pair.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..core.catalog import BY_NAME
from .parttree import Joint, Part, PartTree, SupportSurface


@dataclass(frozen=True)
class Generator:
    sample: Callable[..., dict]  # (rng, category, **overrides) -> params
    build: Callable[[dict], PartTree]
    styles: tuple[str, ...]  # every style works for every category of the family


GENERATORS: dict[str, Generator] = {}
# --- family: beds_seating (begin) ---
# --- family: beds_seating (end) ---
# --- family: tables_storage (begin) ---
# --- family: tables_storage (end) ---
# --- family: kitchen_bath (begin) ---
# --- family: kitchen_bath (end) ---
# --- family: small_decor (begin) ---
from . import tableware  # noqa: E402
GENERATORS["tableware"] = Generator(tableware.sample, tableware.build, tableware.STYLES)
# --- family: small_decor (end) ---
# --- family: room_gym_misc (begin) ---
# --- family: room_gym_misc (end) ---


def generator_for(category: str) -> Generator:
    try:
        return GENERATORS[BY_NAME[category].generator]
    except KeyError:
        raise KeyError(f"no generator for category {category!r}") from None


def sample_params(category: str, rng: np.random.Generator, **overrides) -> dict:
    return generator_for(category).sample(rng, category, **overrides)


def build(params: dict) -> PartTree:
    return generator_for(params["category"]).build(params)


__all__ = ["GENERATORS", "Generator", "Joint", "Part", "PartTree", "SupportSurface", "build", "generator_for", "sample_params"]
