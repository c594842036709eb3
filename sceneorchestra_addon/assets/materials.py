"""Material presets: Principled BSDF parameters and a density for simulator masses, in one table.

Generators name a preset per part; the Blender builder creates each preset once per file and
reuses it; the exporters use ``density_kg_m3`` for masses (with how each family's pieces are made:
solid, hollow skin, upholstery, sheet metal; export/inertia.py) and ``base_color`` for visuals.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MaterialPreset:
    name: str
    family: str  # wood, metal, fabric, leather, ceramic, glass, plastic, stone, paper, misc
    base_color: tuple[float, float, float, float]  # linear RGBA
    roughness: float
    metallic: float = 0.0
    transmission: float = 0.0
    density_kg_m3: float = 600.0


MATERIALS: dict[str, MaterialPreset] = {
    m.name: m
    for m in (
        MaterialPreset("oak", "wood", (0.46, 0.30, 0.16, 1.0), 0.55, density_kg_m3=700.0),
        MaterialPreset("walnut", "wood", (0.22, 0.12, 0.07, 1.0), 0.5, density_kg_m3=650.0),
        MaterialPreset("pine", "wood", (0.70, 0.52, 0.30, 1.0), 0.6, density_kg_m3=500.0),
        MaterialPreset("birch", "wood", (0.80, 0.68, 0.50, 1.0), 0.55, density_kg_m3=640.0),
        MaterialPreset("painted_white", "wood", (0.85, 0.85, 0.83, 1.0), 0.4, density_kg_m3=700.0),
        MaterialPreset("painted_grey", "wood", (0.45, 0.47, 0.50, 1.0), 0.4, density_kg_m3=700.0),
        MaterialPreset("painted_blue", "wood", (0.20, 0.32, 0.55, 1.0), 0.4, density_kg_m3=700.0),
        MaterialPreset("mdf_black", "wood", (0.05, 0.05, 0.05, 1.0), 0.45, density_kg_m3=750.0),
        MaterialPreset("steel", "metal", (0.62, 0.63, 0.65, 1.0), 0.3, metallic=1.0, density_kg_m3=7850.0),
        MaterialPreset("brushed_steel", "metal", (0.70, 0.70, 0.70, 1.0), 0.45, metallic=1.0, density_kg_m3=7850.0),
        MaterialPreset("black_metal", "metal", (0.04, 0.04, 0.045, 1.0), 0.4, metallic=1.0, density_kg_m3=7850.0),
        MaterialPreset("chrome", "metal", (0.9, 0.9, 0.92, 1.0), 0.08, metallic=1.0, density_kg_m3=7200.0),
        MaterialPreset("brass", "metal", (0.78, 0.58, 0.25, 1.0), 0.3, metallic=1.0, density_kg_m3=8500.0),
        MaterialPreset("aluminium", "metal", (0.80, 0.81, 0.83, 1.0), 0.35, metallic=1.0, density_kg_m3=2700.0),
        MaterialPreset("linen_beige", "fabric", (0.72, 0.64, 0.52, 1.0), 0.9, density_kg_m3=150.0),
        MaterialPreset("fabric_grey", "fabric", (0.35, 0.36, 0.38, 1.0), 0.95, density_kg_m3=150.0),
        MaterialPreset("fabric_blue", "fabric", (0.12, 0.22, 0.42, 1.0), 0.95, density_kg_m3=150.0),
        MaterialPreset("fabric_green", "fabric", (0.20, 0.38, 0.25, 1.0), 0.95, density_kg_m3=150.0),
        MaterialPreset("fabric_red", "fabric", (0.55, 0.12, 0.10, 1.0), 0.95, density_kg_m3=150.0),
        MaterialPreset("cotton_white", "fabric", (0.90, 0.90, 0.88, 1.0), 0.95, density_kg_m3=120.0),
        MaterialPreset("velvet_mustard", "fabric", (0.70, 0.50, 0.12, 1.0), 0.85, density_kg_m3=150.0),
        MaterialPreset("leather_brown", "leather", (0.30, 0.15, 0.07, 1.0), 0.55, density_kg_m3=900.0),
        MaterialPreset("leather_black", "leather", (0.03, 0.03, 0.03, 1.0), 0.5, density_kg_m3=900.0),
        MaterialPreset("ceramic_white", "ceramic", (0.92, 0.92, 0.90, 1.0), 0.15, density_kg_m3=2400.0),
        MaterialPreset("ceramic_blue", "ceramic", (0.15, 0.30, 0.60, 1.0), 0.2, density_kg_m3=2400.0),
        MaterialPreset("terracotta", "ceramic", (0.62, 0.30, 0.18, 1.0), 0.8, density_kg_m3=1900.0),
        MaterialPreset("porcelain", "ceramic", (0.95, 0.95, 0.95, 1.0), 0.1, density_kg_m3=2400.0),
        MaterialPreset("glass_clear", "glass", (0.95, 0.97, 1.0, 1.0), 0.02, transmission=1.0, density_kg_m3=2500.0),
        MaterialPreset("glass_frosted", "glass", (0.90, 0.93, 0.95, 1.0), 0.35, transmission=0.9, density_kg_m3=2500.0),
        MaterialPreset("mirror", "glass", (0.95, 0.95, 0.95, 1.0), 0.0, metallic=1.0, density_kg_m3=2500.0),
        MaterialPreset("screen_black", "glass", (0.01, 0.01, 0.012, 1.0), 0.05, density_kg_m3=2500.0),
        MaterialPreset("plastic_white", "plastic", (0.88, 0.88, 0.86, 1.0), 0.35, density_kg_m3=1000.0),
        MaterialPreset("plastic_black", "plastic", (0.03, 0.03, 0.03, 1.0), 0.4, density_kg_m3=1000.0),
        MaterialPreset("plastic_red", "plastic", (0.70, 0.08, 0.06, 1.0), 0.35, density_kg_m3=1000.0),
        MaterialPreset("plastic_yellow", "plastic", (0.90, 0.70, 0.08, 1.0), 0.35, density_kg_m3=1000.0),
        MaterialPreset("plastic_green", "plastic", (0.15, 0.55, 0.20, 1.0), 0.35, density_kg_m3=1000.0),
        MaterialPreset("plastic_blue", "plastic", (0.10, 0.30, 0.75, 1.0), 0.35, density_kg_m3=1000.0),
        MaterialPreset("rubber_black", "plastic", (0.02, 0.02, 0.02, 1.0), 0.9, density_kg_m3=1200.0),
        MaterialPreset("marble_white", "stone", (0.88, 0.87, 0.85, 1.0), 0.2, density_kg_m3=2700.0),
        MaterialPreset("granite_dark", "stone", (0.12, 0.12, 0.13, 1.0), 0.3, density_kg_m3=2700.0),
        MaterialPreset("concrete", "stone", (0.50, 0.50, 0.48, 1.0), 0.85, density_kg_m3=2300.0),
        MaterialPreset("paper_white", "paper", (0.93, 0.92, 0.88, 1.0), 0.9, density_kg_m3=700.0),
        MaterialPreset("book_cover_red", "paper", (0.50, 0.08, 0.08, 1.0), 0.7, density_kg_m3=700.0),
        MaterialPreset("book_cover_blue", "paper", (0.08, 0.15, 0.45, 1.0), 0.7, density_kg_m3=700.0),
        MaterialPreset("book_cover_green", "paper", (0.10, 0.35, 0.15, 1.0), 0.7, density_kg_m3=700.0),
        MaterialPreset("canvas_art", "paper", (0.60, 0.45, 0.30, 1.0), 0.8, density_kg_m3=400.0),
        MaterialPreset("foliage", "misc", (0.08, 0.35, 0.08, 1.0), 0.7, density_kg_m3=300.0),
        MaterialPreset("soil", "misc", (0.18, 0.11, 0.06, 1.0), 1.0, density_kg_m3=1200.0),
        MaterialPreset("water", "misc", (0.6, 0.75, 0.9, 1.0), 0.05, transmission=0.8, density_kg_m3=1000.0),
        MaterialPreset("emissive_warm", "misc", (1.0, 0.85, 0.6, 1.0), 0.4, density_kg_m3=1000.0),
        MaterialPreset("food_orange", "misc", (0.85, 0.40, 0.05, 1.0), 0.6, density_kg_m3=900.0),
        MaterialPreset("food_green", "misc", (0.35, 0.60, 0.10, 1.0), 0.6, density_kg_m3=900.0),
        MaterialPreset("food_red", "misc", (0.70, 0.05, 0.05, 1.0), 0.5, density_kg_m3=900.0),
        MaterialPreset("foam_blue", "misc", (0.20, 0.40, 0.70, 1.0), 0.9, density_kg_m3=60.0),
        MaterialPreset("cork", "misc", (0.62, 0.47, 0.30, 1.0), 0.9, density_kg_m3=240.0),
        # boards: a chipboard or MDF core faced with enamelled steel or slate paint (1.5 x 1 m: 12-18 kg)
        MaterialPreset("chalkboard", "misc", (0.10, 0.16, 0.12, 1.0), 0.9, density_kg_m3=700.0),
        MaterialPreset("whiteboard", "misc", (0.96, 0.96, 0.96, 1.0), 0.1, density_kg_m3=700.0),
    )
}

MATERIAL_FAMILIES: tuple[str, ...] = tuple(sorted({m.family for m in MATERIALS.values()}))


def materials_of(family: str) -> tuple[str, ...]:
    """Preset names of one family, in table order (for samplers that pick a style)."""
    return tuple(name for name, m in MATERIALS.items() if m.family == family)


def part_materials(parts, overrides) -> dict[str, str]:
    """Preset name per part: the generator's choice, then the overrides in order (part name or "*"
    for all parts); unknown presets fall back to "plastic_white". Used by the Blender builder and
    the exporters alike."""
    chosen = {p.name: p.material for p in parts}
    for target, preset in overrides:
        if target == "*":
            chosen = dict.fromkeys(chosen, preset)
        elif target in chosen:
            chosen[target] = preset
    return {name: preset if preset in MATERIALS else "plastic_white" for name, preset in chosen.items()}

