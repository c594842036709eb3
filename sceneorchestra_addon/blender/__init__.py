"""The only package that touches Blender data: PartTree -> objects, SceneState <-> scene, renders.

Modules: ``collection`` (the add-on's own collection), ``materials`` (presets -> materials),
``build`` (one PartTree -> an empty with part meshes), ``sync`` (incremental SceneState -> scene),
``render`` (Workbench previews) and ``sheet`` (the catalogue contact sheet).
"""
