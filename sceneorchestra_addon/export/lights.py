"""Lights of the exported world (SDFormat and MJCF; URDF has none), from the scene's lighting.

The room light follows the lighting preset like the Blender scene does: a sun (directional light)
for "daylight" and "evening", a light under the middle of the ceiling for the indoor presets
("warm", "cool", "studio"). Every lamp (ceiling light, floor lamp, table lamp) adds a point light
at the centre of its bulb or shade. Colours are linear RGB; ``intensity`` is the scene's lighting
intensity (SDFormat ``<intensity>``, a scale factor).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..core.lighting import LAMP_CATEGORIES, LAMP_COLOR, LIGHT_PRESETS, lamp_point
from ..assets.shapes import tree_of
from ..ground.state import SceneState
from .model import pose_matrix

LAMP_RANGE_M = 6.0
DEFAULT_ROOM_M = (4.0, 4.0, 2.7)


@dataclass(frozen=True)
class LightSpec:
    name: str
    kind: str  # "directional" | "point"
    position: tuple[float, float, float]  # world, metres
    direction: tuple[float, float, float]  # travel direction (directional lights)
    rgb: tuple[float, float, float]
    intensity: float
    range_m: float


def room_light(state: SceneState) -> LightSpec:
    w, d, h = (state.room.width_m, state.room.depth_m, state.room.height_m) if state.room else DEFAULT_ROOM_M
    preset, scale = state.lighting.preset, float(state.lighting.intensity)
    light = LIGHT_PRESETS.get(preset)
    if light is not None and light.kind == "SUN":
        rgb = light.color
        el, az = math.radians(light.elevation_deg), math.radians(light.azimuth_deg)
        towards_sun = np.array([math.cos(az) * math.cos(el), math.sin(az) * math.cos(el), math.sin(el)])
        return LightSpec("sun", "directional", (w / 2.0, d / 2.0, h + 2.0), tuple(float(x) for x in -towards_sun), rgb, scale, 100.0)
    rgb = light.color if light is not None else (1.0, 1.0, 1.0)
    return LightSpec("ceiling", "point", (w / 2.0, d / 2.0, h - 0.05), (0.0, 0.0, -1.0), rgb, scale, 2.0 * max(w, d, h))


def scene_lights(state: SceneState, names: dict[str, str]) -> list[LightSpec]:
    """The room light plus one point light per lamp; ``names`` maps object ids to model names."""
    lights = [room_light(state)]
    for obj in state.objects:
        if obj.category not in LAMP_CATEGORIES:
            continue
        local = lamp_point(tree_of(obj.params))
        world = pose_matrix(obj.pose) @ np.append(local, 1.0)
        lights.append(LightSpec(f"{names.get(obj.id, obj.id)}__light", "point", tuple(float(x) for x in world[:3]), (0.0, 0.0, -1.0),
                                LAMP_COLOR, float(state.lighting.intensity), LAMP_RANGE_M))
    return lights
