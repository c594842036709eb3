"""Operators, the N-panel, menus and preferences: thin wrappers around the core.

``register()`` registers, in order: the scene properties, the preferences, the panel's operators,
one operator per tool, the panel, the running generation in the status bar (``panel.draw_status``),
the File > Export entry (``export_menu``), the key map (``KEYS``), and the file handlers
that keep the in-memory sessions in step with the file: before a file load, undo or redo a running
generation is stopped (its timer removed, the reason shown in the panel); after one, every scene's
session is rebuilt from the trajectory stored in the file and measured, so that the panel's next
draw finds everything computed (an undo back to a state the add-on stored re-executes nothing). If
any part fails, what was registered is unregistered again and the error is raised with the part's
name: a half-registered add-on is never left behind, and no error is swallowed.
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
        ("status bar", panel.register_status, panel.unregister_status),
        ("export menu", export_menu.register, export_menu.unregister),
        ("key map", _add_keymap, _remove_keymap),
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
    from .operators import stop_generation
    from .session import invalidate

    errors = []
    while _registered:
        name, unreg = _registered.pop()
        try:
            unreg()
        except Exception as exc:  # keep unregistering the other parts, then raise
            traceback.print_exc(file=sys.stderr)
            errors.append(f"{name}: {exc}")
    stop_generation("the add-on was disabled")
    invalidate()
    forget_backends()
    if errors:
        raise RuntimeError("SceneOrchestra: unregistering failed for " + "; ".join(errors))


# ---------------------------------------------------------------- key map

KEYMAP = ("3D View Generic", "VIEW_3D")  # the 3D View's keys over the viewport and its sidebar alike
# (operator, key, modifiers): combinations Blender's default key map does not use (tests/test_ui_list.py checks)
KEYS = (
    ("sceneorchestra.submit", "RET", {"ctrl": True, "alt": True}),  # the panel's main button: Refine, or Generate
    ("sceneorchestra.generate", "RET", {"ctrl": True, "alt": True, "shift": True}),  # a new room
    ("sceneorchestra.cancel", "BACK_SPACE", {"ctrl": True, "alt": True}),  # stop the running generation
)
_keymap_items: list[tuple[object, object]] = []  # (key map, item) added by ``_add_keymap``


def _addon_keyconfig():
    """The key configuration for add-ons; None in background Blender (no window manager's key
    configurations are set up there)."""
    import bpy

    wm = bpy.context.window_manager
    return wm.keyconfigs.addon if wm is not None else None


def _add_keymap() -> None:
    """Add ``KEYS`` to the add-on key configuration's 3D View key map (nothing without one)."""
    kc = _addon_keyconfig()
    if kc is None:
        return
    km = kc.keymaps.new(name=KEYMAP[0], space_type=KEYMAP[1])
    for idname, key, mods in KEYS:
        _keymap_items.append((km, km.keymap_items.new(idname, key, "PRESS", **mods)))


def _remove_keymap() -> None:
    """Remove exactly the items ``_add_keymap`` added (the key map itself is shared with other add-ons)."""
    while _keymap_items:
        km, kmi = _keymap_items.pop()
        try:
            km.keymap_items.remove(kmi)
        except (ReferenceError, RuntimeError):  # already gone with its key configuration
            pass


# ---------------------------------------------------------------- file handlers


def _handlers():
    import bpy

    h = bpy.app.handlers
    return ((h.load_pre, _on_load_pre), (h.load_post, _on_load_post), (h.undo_pre, _on_undo_pre), (h.undo_post, _on_undo),
            (h.redo_pre, _on_redo_pre), (h.redo_post, _on_undo))


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
    from .operators import stop_generation
    from .session import invalidate

    stop_generation("another file was opened", same_file=False)
    invalidate()


def _on_undo_pre(*_args) -> None:
    from .operators import stop_generation

    stop_generation("undo restored an earlier state", replaced=True)


def _on_redo_pre(*_args) -> None:
    from .operators import stop_generation

    stop_generation("redo restored a later state", replaced=True)


def _on_load_post(*_args) -> None:
    """Rebuild every scene's session from the loaded file and fill the edit fields (a file written
    by the command line has none)."""
    from . import properties
    from .session import rebuild

    for scene, session in rebuild(every_stored=True):
        if hasattr(scene, "sceneorchestra"):
            properties.mirror(properties.settings_of(scene), session.view)


def _on_undo(*_args) -> None:
    """After an undo or redo: the sessions follow what the file now holds (the edit fields are part
    of the file, so undo restored them with it)."""
    from .session import rebuild

    rebuild(every_stored=False)
