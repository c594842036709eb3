"""SceneOrchestra for Blender: a local, grammar-constrained language model writes a tool-call
trajectory for a room and every call runs as an operator that builds it.

This file only registers the Blender parts; everything else imports without Blender.
"""

from __future__ import annotations


def register() -> None:
    from . import ui

    ui.register()


def unregister() -> None:
    from . import ui

    ui.unregister()
