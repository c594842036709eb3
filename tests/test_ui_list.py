"""The trajectory as a real ``UIList`` over ``scene.sceneorchestra.rows``, kept in step with the
session on every path that changes it (never while drawing), and the add-on's key map."""

from __future__ import annotations

import os
import sys
import threading
from types import SimpleNamespace

import pytest
from test_ui_support import RecordingLayout, addon, disable_addon, enable_addon  # noqa: F401 - addon is a fixture

bpy = pytest.importorskip("bpy")

from conftest import DATA  # noqa: E402
from sceneorchestra_addon import ui  # noqa: E402
from sceneorchestra_addon.agent.pipeline import BackendSettings  # noqa: E402
from sceneorchestra_addon.core import trajectory as T  # noqa: E402
from sceneorchestra_addon.ui import panel, properties  # noqa: E402
from sceneorchestra_addon.ui import session as S  # noqa: E402
from sceneorchestra_addon.ui import worker as W  # noqa: E402

BEDROOM = (DATA / "bedroom.txt").read_text()


def draw() -> RecordingLayout:
    layout = RecordingLayout()
    panel.SCENEORCHESTRA_PT_panel.draw(SimpleNamespace(layout=layout), bpy.context)
    return layout


def mirrored(scene=None) -> list[tuple]:
    """The scene's list items as (kind, group, number, text, status)."""
    props = properties.settings_of(scene or bpy.context.scene)
    return [(r.kind, r.group, r.number, r.text, r.status) for r in props.rows]


def expected(session) -> list[tuple]:
    kinds = {"call": "CALL", "group": "GROUP"}
    return [(kinds[e.kind], e.group, e.number, e.text, e.status) for e in session.view.entries]


def test_the_list_is_a_registered_uilist_over_the_rows(addon):  # noqa: F811
    assert issubclass(bpy.types.SCENEORCHESTRA_UL_calls, bpy.types.UIList)
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    layout = draw()
    lists = [c for c in _all(layout) if c.kind == "template_list"]
    assert len(lists) == 1
    args = lists[0].args
    assert (args["listtype_name"], args["propname"], args["active_propname"]) == ("SCENEORCHESTRA_UL_calls", "rows", "active_row")
    assert args["data"] == bpy.context.scene.sceneorchestra
    assert args["item_dyntip_propname"] == "tip"  # hovering a row shows its call's result
    assert bpy.context.scene.sceneorchestra.rows[1].tip == "2. " + S.rows(S.current())[1].message
    assert S.rows(S.current())[1].message.startswith("ok: created ")
    assert len(layout.list_rows()) == len(T.load(BEDROOM).calls)
    assert mirrored() == expected(S.current())


def _all(layout: RecordingLayout):
    for child in layout.children:
        yield child
        yield from _all(child)


def test_drawing_writes_nothing(addon):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    props = bpy.context.scene.sceneorchestra
    before = (props.rows_key, mirrored(), props.active_row)
    for _ in range(3):
        draw()
    assert (props.rows_key, mirrored(), props.active_row) == before


def test_the_list_follows_every_build_step_of_a_generation(addon):  # noqa: F811
    gate = threading.Event()

    class Slow:
        def generate(self, instruction, n=1, seed=0):
            gate.wait(10)
            return [BEDROOM]

    s = S.current()
    job = S.start_generation(s, W.Request("a bedroom", settings=BackendSettings("teacher")), lambda _s: Slow())
    gate.set()
    job.thread.join(10)
    steps = 0
    while S.drain(s):  # the session alone (no operator), as a script or the timer drives it
        assert mirrored() == expected(s)
        steps += 1
    assert steps > 3 and mirrored() == expected(s)
    assert [r[4] for r in mirrored() if r[0] == "CALL"] == [r.status for r in S.rows(s)]
    assert mirrored()[0] == ("GROUP", 0, 1, "a bedroom", "on")  # the prompt heads its calls


def test_the_list_follows_the_session_through_changes_load_and_clear(addon, tmp_path):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    S.set_enabled(S.current(), 4, False)  # a session change from a script
    assert mirrored() == expected(S.current()) and mirrored()[3][4] == "off"
    S.refine(S.current(), "add a plant in the corner")
    assert mirrored() == expected(S.current()) and mirrored()[-3][0] == "GROUP"
    path = tmp_path / "room.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(path))
    bpy.ops.wm.open_mainfile(filepath=str(path))
    assert mirrored() == expected(S.current())
    S.clear_room(S.current())
    assert mirrored() == [] and bpy.context.scene.sceneorchestra.rows_key == S.current().view.list_key


def test_two_scenes_keep_their_own_lists(addon):  # noqa: F811
    first = bpy.context.scene
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    second = bpy.data.scenes.new("second")
    bpy.context.window.scene = second
    small = T.format(T.Trajectory((T.load(BEDROOM).calls[0], T.Call(2, "terminate", (("status", "success"),)))))
    bpy.ops.sceneorchestra.run_text(source="STRING", text=small)
    assert len(mirrored(second)) == 2 and len(mirrored(first)) == len(T.load(BEDROOM).calls)
    assert len(draw().list_rows()) == 2
    bpy.context.window.scene = first  # a scene switch: its list was stored with it
    assert len(draw().list_rows()) == len(T.load(BEDROOM).calls)


def test_a_list_not_in_step_is_mirrored_by_a_timer_after_the_draw(addon):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    props = bpy.context.scene.sceneorchestra
    props.rows.clear()  # e.g. a file saved by a version without the list
    props.rows_key = ""
    if bpy.app.timers.is_registered(panel.mirror_all):
        bpy.app.timers.unregister(panel.mirror_all)
    draw()
    assert mirrored() == [] and bpy.app.timers.is_registered(panel.mirror_all)  # the draw wrote nothing, it asked
    bpy.app.timers.unregister(panel.mirror_all)  # (the bpy module runs no timers: run it here)
    panel.mirror_all()
    assert mirrored() == expected(S.current())


def test_a_name_typed_in_the_lists_filter_shows_the_matching_calls(addon):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    rows = bpy.context.scene.sceneorchestra.rows
    flags = panel.filter_flags(rows, 1, "*wardrobe*")
    shown = [r.text for r, f in zip(rows, flags) if f]
    assert shown and all("wardrobe" in t for t in shown) and len(shown) < len(rows)


# ---------------------------------------------------------------- the key map


def _default_keymaps():
    """Blender's default key map as data (its keyconfig preset, which the bpy module ships)."""
    sys.path.append(os.path.join(bpy.utils.resource_path("LOCAL"), "scripts", "presets", "keyconfig"))
    from keymap_data import blender_default

    return blender_default.generate_keymaps(blender_default.Params())


def test_the_keys_are_not_used_by_blenders_default_key_map():
    taken = set()
    for _name, _spec, content in _default_keymaps():
        for _idname, event, _props in content["items"]:
            if isinstance(event, dict) and not event.get("any"):
                taken.add((event.get("type"), bool(event.get("ctrl")), bool(event.get("alt")), bool(event.get("shift"))))
    for _idname, key, mods in ui.KEYS:
        combo = (key, mods.get("ctrl", False), mods.get("alt", False), mods.get("shift", False))
        assert combo not in taken, combo


def _ours():
    km = bpy.context.window_manager.keyconfigs.addon.keymaps.get(ui.KEYMAP[0])
    if km is None:
        return []
    names = {idname for idname, _, _ in ui.KEYS}
    return [(k.idname, k.type, k.ctrl, k.alt, k.shift) for k in km.keymap_items if k.idname in names]


def test_register_adds_the_keys_and_unregister_removes_them(addon):  # noqa: F811
    want = [(idname, key, mods.get("ctrl", False), mods.get("alt", False), mods.get("shift", False)) for idname, key, mods in ui.KEYS]
    assert sorted(_ours()) == sorted(want)
    disable_addon()
    try:
        assert _ours() == []
    finally:
        enable_addon()
    assert sorted(_ours()) == sorted(want)  # once, not twice


def test_without_a_key_configuration_registering_adds_no_keys(addon, monkeypatch):  # noqa: F811
    """Background Blender has no add-on key configuration: the add-on registers without keys."""
    disable_addon()
    try:
        monkeypatch.setattr(ui, "_addon_keyconfig", lambda: None)
        enable_addon()
        assert _ours() == [] and ui._keymap_items == []
        assert bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM) == {"FINISHED"}
        disable_addon()  # and unregisters cleanly
    finally:
        monkeypatch.undo()
        enable_addon()
    assert len(_ours()) == len(ui.KEYS)
