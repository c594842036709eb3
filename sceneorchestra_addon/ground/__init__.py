"""The ground: the vocabulary every other part speaks, and nothing that acts on it.

``catalog`` (object categories as data), ``rooms`` (room types as data), ``state`` (SceneState, the
scene as a value) and ``geometry`` (frames and boxes). It imports nothing else of the add-on, so the
procedural generators (``assets/``) and the engines (``core/``: tools, solver, evaluator) both build
on it without importing each other upward.
"""
