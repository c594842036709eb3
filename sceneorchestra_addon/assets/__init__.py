"""Procedural generators: one deterministic ``build(params) -> PartTree`` and one
``sample(rng, category, **overrides) -> params`` per family; no bpy here.

``GENERATORS`` maps the ``generator`` name of each catalogue entry to its pair.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..ground.catalog import BY_NAME
from .parttree import Joint, Part, PartTree, SupportSurface


@dataclass(frozen=True)
class Generator:
    sample: Callable[..., dict]  # (rng, category, **overrides) -> params
    build: Callable[[dict], PartTree]
    styles: tuple[str, ...]  # every style works for every category of the family


GENERATORS: dict[str, Generator] = {}
# --- family: beds_seating (begin) ---
from . import beds, seating, soft  # noqa: E402

GENERATORS["bed"] = Generator(beds.sample, beds.build, beds.STYLES)
GENERATORS["seating"] = Generator(seating.sample, seating.build, seating.STYLES)
GENERATORS["soft"] = Generator(soft.sample, soft.build, soft.STYLES)
# --- family: beds_seating (end) ---
# --- family: tables_storage (begin) ---
from . import storage, tables  # noqa: E402

GENERATORS["tables"] = Generator(tables.sample, tables.build, tables.STYLES)
GENERATORS["storage"] = Generator(storage.sample, storage.build, storage.STYLES)
# --- family: tables_storage (end) ---
# --- family: kitchen_bath (begin) ---
from . import appliances, bathroom, kitchen  # noqa: E402

GENERATORS["cabinetry"] = Generator(kitchen.sample, kitchen.build, kitchen.STYLES)
GENERATORS["appliance"] = Generator(appliances.sample, appliances.build, appliances.STYLES)
GENERATORS["bath_fixture"] = Generator(bathroom.sample, bathroom.build, bathroom.STYLES)
# --- family: kitchen_bath (end) ---
# --- family: small_decor (begin) ---
from . import tableware  # noqa: E402
GENERATORS["tableware"] = Generator(tableware.sample, tableware.build, tableware.STYLES)
from . import decor  # noqa: E402
GENERATORS["decor"] = Generator(decor.sample, decor.build, decor.STYLES)
from . import lighting  # noqa: E402
GENERATORS["lighting"] = Generator(lighting.sample, lighting.build, lighting.STYLES)
from . import electronics  # noqa: E402
GENERATORS["electronics"] = Generator(electronics.sample, electronics.build, electronics.STYLES)
# --- family: small_decor (end) ---
# --- family: room_gym_misc (begin) ---
from . import architecture  # noqa: E402
from . import gym  # noqa: E402
from . import play  # noqa: E402
from . import workshop  # noqa: E402

GENERATORS["architecture"] = Generator(architecture.sample, architecture.build, architecture.STYLES)
GENERATORS["gym"] = Generator(gym.sample, gym.build, gym.STYLES)
GENERATORS["play"] = Generator(play.sample, play.build, play.STYLES)
GENERATORS["workshop"] = Generator(workshop.sample, workshop.build, workshop.STYLES)
# --- family: room_gym_misc (end) ---
# --- family: household (begin) ---
from . import household  # noqa: E402

GENERATORS["household"] = Generator(household.sample, household.build, household.STYLES)
# --- family: household (end) ---
# --- family: fixtures (begin) ---
from . import fixtures  # noqa: E402

GENERATORS["fixture"] = Generator(fixtures.sample, fixtures.build, fixtures.STYLES)
# --- family: fixtures (end) ---
# --- family: countertop (begin) ---
from . import countertop  # noqa: E402

GENERATORS["countertop"] = Generator(countertop.sample, countertop.build, countertop.STYLES)
# --- family: countertop (end) ---
# --- family: equipment (begin) ---
from . import equipment  # noqa: E402

GENERATORS["equipment"] = Generator(equipment.sample, equipment.build, equipment.STYLES)
# --- family: equipment (end) ---


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
