"""Operators, the N-panel, menus and preferences: thin wrappers around the core.

``register()`` registers, in order: the scene properties, the preferences, the panel's operators,
one operator per tool, the panel, the File > Export entry (``export_menu``), and the file handlers
that keep the in-memory session in step with the file (a file load, undo or redo rebuilds it from
the trajectory stored in the file). If any part fails, what was registered is unregistered again and
the error is raised with the part's name: a half-registered add-on is never left behind, and no
error is swallowed.
"""

from __future__ import annotations

import sys
import traceback


def _parts():
    from . import export_menu, operators, panel, preferences, properties, tool_operators

    return (
        ("properties", properties.register, properties.unregister),
        ("preferences", *_class_pair(preferences.CLASSES)),
        ("operators", *_class_pair(operators.CLASSES)),
        ("tool operators", tool_operators.register, tool_operators.unregister),
        ("panel", *_class_pair(panel.CLASSES)),
        ("export menu", export_menu.register, export_menu.unregister),
        ("file handlers", _add_handlers, _remove_handlers),
    )


def _class_pair(classes):
    import bpy

    def reg():
        for cls in classes:
            bpy.utils.register_class(cls)

    def unreg():
        for cls in reversed(classes):
            bpy.utils.unregister_class(cls)

    return reg, unreg


_registered: list[tuple[str, object]] = []


def register() -> None:
    for name, reg, unreg in _parts():
        try:
            reg()
        except Exception as exc:
            unregister()
            raise RuntimeError(f"SceneOrchestra: registering the {name} failed: {exc}") from exc
        _registered.append((name, unreg))


def unregister() -> None:
    """Unregister every registered part, last first; failures are printed and raised at the end."""
    from ..agent.pipeline import forget_backends
    from .session import invalidate

    errors = []
    while _registered:
        name, unreg = _registered.pop()
        try:
            unreg()
        except Exception as exc:  # keep unregistering the other parts, then raise
            traceback.print_exc(file=sys.stderr)
            errors.append(f"{name}: {exc}")
    invalidate()
    forget_backends()
    if errors:
        raise RuntimeError("SceneOrchestra: unregistering failed for " + "; ".join(errors))


# ---------------------------------------------------------------- file handlers


def _handlers():
    import bpy

    h = bpy.app.handlers
    return ((h.load_pre, _on_load_pre), (h.load_post, _on_load_post), (h.undo_post, _on_undo), (h.redo_post, _on_undo))


def _add_handlers() -> None:
    from bpy.app.handlers import persistent  # kept across file loads

    for handlers, fn in _handlers():
        if fn not in handlers:
            handlers.append(persistent(fn))


def _remove_handlers() -> None:
    for handlers, fn in _handlers():
        if fn in handlers:
            handlers.remove(fn)


def _on_load_pre(*_args) -> None:
    from .session import invalidate

    invalidate()


def _on_load_post(*_args) -> None:
    """Rebuild the session from the loaded file and fill the edit fields (a file written by the
    command line has none)."""
    import bpy

    from . import properties
    from .session import current, invalidate, rows

    invalidate()
    scene = bpy.context.scene
    if scene is not None and hasattr(scene, "sceneorchestra"):
        properties.mirror(properties.settings_of(scene), rows(current()))


def _on_undo(*_args) -> None:
    from .session import invalidate

    invalidate()
