"""Lighting presets and lamp light positions, shared by the Blender scene and the simulator export.

A preset is either a sun (directional light from an elevation and azimuth) or a soft light under
the middle of the ceiling; every lamp (ceiling light, floor lamp, table lamp) adds a point light at
the centre of its bulb or shade. Colours are linear RGB.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..assets.parttree import PartTree

LAMP_CATEGORIES = ("ceiling_light", "floor_lamp", "table_lamp", "wall_light", "desk_lamp")
LAMP_COLOR = (1.0, 0.78, 0.55)


@dataclass(frozen=True)
class LightPreset:
    kind: str  # "SUN" | "AREA"
    color: tuple[float, float, float]
    strength: float  # sun: W/m^2 (Blender's sun strength); area: W per m^2 of floor
    elevation_deg: float  # sun only
    azimuth_deg: float  # sun only: the direction the light comes from, counter-clockwise from +X
    lamp_w: float  # each lamp's point light


LIGHT_PRESETS: dict[str, LightPreset] = {
    "daylight": LightPreset("SUN", (1.0, 0.97, 0.92), 4.0, 55.0, 240.0, 40.0),
    "warm": LightPreset("AREA", (1.0, 0.80, 0.60), 45.0, 90.0, 0.0, 80.0),
    "cool": LightPreset("AREA", (0.82, 0.90, 1.0), 45.0, 90.0, 0.0, 50.0),
    "evening": LightPreset("SUN", (1.0, 0.55, 0.30), 1.2, 12.0, 200.0, 120.0),
    "studio": LightPreset("AREA", (1.0, 1.0, 1.0), 90.0, 90.0, 0.0, 40.0),
}


def light_preset(name: str) -> LightPreset:
    try:
        return LIGHT_PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown lighting preset {name!r}; expected one of {tuple(LIGHT_PRESETS)}") from None


def lamp_point(tree: PartTree) -> np.ndarray:
    """Where a lamp's light sits, in its object frame: the centre of its bulb, shade or light part,
    else a point near the top (floor and table lamps) or the bottom (ceiling lights) of its bounds."""
    for key in ("bulb", "shade", "light"):
        parts = [p for p in tree.parts if key in p.name]
        if parts:
            verts = np.vstack([p.vertices for p in parts])
            return (verts.min(axis=0) + verts.max(axis=0)) / 2.0
    lo, hi = tree.bounds()
    share = 0.1 if tree.category == "ceiling_light" else 0.85
    return np.array([(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0, lo[2] + share * (hi[2] - lo[2])])
