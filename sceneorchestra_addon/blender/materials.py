"""Material presets (assets.materials.MATERIALS) as Principled BSDF materials, one per preset per file.

Each material is named ``SO_<preset>`` and tagged with the custom property ``so_preset``, so that a
user's own material that happens to carry the same name is never reused or changed.
"""

from __future__ import annotations

import bpy

from ..assets.materials import MATERIALS, MaterialPreset

PREFIX = "SO_"
PRESET_PROP = "so_preset"


def material_name(preset: str) -> str:
    return f"{PREFIX}{preset}"


def ensure_material(name: str) -> bpy.types.Material:
    """The material of preset ``name``, created on first use and reused afterwards."""
    try:
        preset = MATERIALS[name]
    except KeyError:
        raise KeyError(f"unknown material preset {name!r} (see assets.materials.MATERIALS)") from None
    existing = find_material(name)
    if existing is not None:
        return existing
    material = bpy.data.materials.new(material_name(name))
    material[PRESET_PROP] = name
    _configure(material, preset)
    return material


def find_material(name: str) -> bpy.types.Material | None:
    """The add-on's material for preset ``name`` if the file already has it."""
    candidate = bpy.data.materials.get(material_name(name))
    if candidate is not None and candidate.get(PRESET_PROP) == name:
        return candidate
    for material in bpy.data.materials:
        if material.get(PRESET_PROP) == name:
            return material
    return None


def _configure(material: bpy.types.Material, preset: MaterialPreset) -> None:
    material.diffuse_color = preset.base_color  # what Workbench ("MATERIAL" colour) and the viewport show
    material.roughness = preset.roughness
    material.metallic = preset.metallic
    if material.node_tree is None:  # Blender 4.x creates materials without nodes
        material.use_nodes = True
    bsdf = _principled(material)
    bsdf.inputs["Base Color"].default_value = preset.base_color
    bsdf.inputs["Roughness"].default_value = preset.roughness
    bsdf.inputs["Metallic"].default_value = preset.metallic
    bsdf.inputs["Transmission Weight"].default_value = preset.transmission
    if preset.transmission > 0.0:
        material.diffuse_color = (*preset.base_color[:3], 0.35)


def _principled(material: bpy.types.Material) -> bpy.types.Node:
    nodes = material.node_tree.nodes
    for node in nodes:
        if node.type == "BSDF_PRINCIPLED":
            return node
    bsdf = nodes.new("ShaderNodeBsdfPrincipled")
    output = next((n for n in nodes if n.type == "OUTPUT_MATERIAL"), None) or nodes.new("ShaderNodeOutputMaterial")
    material.node_tree.links.new(bsdf.outputs["BSDF"], output.inputs["Surface"])
    return bsdf
