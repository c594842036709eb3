"""Operators generated from TOOLS (one per tool, with a form), the tools menu that F3 search reads,
and the panel's other operators (copy, run from a file, save, undo flags)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from test_ui_support import RecordingLayout, addon, assert_scene_shows  # noqa: F401 - addon is a fixture

bpy = pytest.importorskip("bpy")

from conftest import DATA  # noqa: E402
from sceneorchestra_addon.ground import catalog  # noqa: E402
from sceneorchestra_addon.core import trajectory as T  # noqa: E402
from sceneorchestra_addon.core.executor import run_text  # noqa: E402
from sceneorchestra_addon.core.tools import SPECS  # noqa: E402
from sceneorchestra_addon.ui import operators, tool_operators  # noqa: E402
from sceneorchestra_addon.ui import session as S  # noqa: E402

BEDROOM = (DATA / "bedroom.txt").read_text()
# an existing object of the bedroom for each parameter that names one
OBJECT_FOR = {"parent": "dresser_0", "anchor": "double_bed_0", "target": "wardrobe_0", "above": "double_bed_0"}


def rna_props(tool: str):
    op = getattr(bpy.ops.sceneorchestra, f"tool_{tool}")
    return {p.identifier: p for p in op.get_rna_type().properties if p.identifier != "rna_type"}


def plain() -> str:
    return T.format(S.current().journal.trajectory)


@pytest.mark.parametrize("tool", list(SPECS))
def test_properties_follow_the_tool_dataclass(addon, tool):  # noqa: F811
    spec = SPECS[tool]
    props = rna_props(tool)
    steps = spec.group in ("implementer", "modifier")  # a step also takes the room it acts in (a scene of several rooms)
    assert list(props) == [p.name for p in spec.params] + (["room"] if steps else [])
    if steps:
        assert props["room"].type == "STRING" and props["room"].default == ""
    for p in spec.params:
        rp = props[p.name]
        if p.kind == "enum":
            assert rp.type == "ENUM" and [i.identifier for i in rp.enum_items] == list(p.choices)
        elif p.kind in ("float", "int"):
            assert rp.type == ("FLOAT" if p.kind == "float" else "INT")
            assert (rp.hard_min, rp.hard_max) == pytest.approx((p.lo, p.hi))
        elif p.kind == "bool":
            assert rp.type == "BOOLEAN"
        elif p.ref == "category":
            assert rp.type == "ENUM" and [i.identifier for i in rp.enum_items] == list(catalog.CATEGORY_NAMES)
        else:
            assert rp.type == "STRING"  # object ids, part names, tuples of categories
    op_cls = next(c for c in tool_operators.TOOL_OPERATORS if c.tool == tool)
    assert op_cls.bl_idname == f"sceneorchestra.tool_{tool}" and op_cls.bl_options == {"REGISTER", "UNDO"}
    assert op_cls.bl_description and not op_cls.bl_description.endswith(".")


@pytest.mark.parametrize("tool", [t for t in SPECS if SPECS[t].group in ("implementer", "modifier")])
def test_every_tool_runs_from_its_operator(addon, tool):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    n = len(T.load(BEDROOM).calls)
    kwargs = {p.name: OBJECT_FOR[p.name] for p in SPECS[tool].params if p.ref == "object_id" and p.name in OBJECT_FOR}
    if tool == "face_to":
        kwargs["anchor"] = "dresser_0"
    assert getattr(bpy.ops.sceneorchestra, f"tool_{tool}")(**kwargs) == {"FINISHED"}
    calls = T.load(plain()).calls
    assert len(calls) == n + 1 and calls[n - 1].tool == tool and calls[-1].tool == "terminate"
    assert S.current().journal.state.to_json() == run_text(plain(), 0).state.to_json()
    assert_scene_shows(S.current().journal.state)


def test_defaults_are_left_out_and_tuples_are_parsed(addon):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    bpy.ops.sceneorchestra.tool_add_crowd(parent="bookshelf_0", categories="book,  vase")
    bpy.ops.sceneorchestra.tool_add_object(category="armchair", wall="west")
    lines = plain().splitlines()
    assert lines[-3] == '14. add_crowd(parent="bookshelf_0", categories=("book", "vase"))'
    assert lines[-2] == '15. add_object(category="armchair", wall="west")'


def test_initializer_starts_over_and_terminate_sets_the_status(addon):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    bpy.ops.sceneorchestra.tool_init_room(room_type="office", width_m=4.0, depth_m=3.0)
    bpy.ops.sceneorchestra.tool_terminate(status="failure")
    assert plain() == '1. init_room(room_type="office", width_m=4.0, depth_m=3.0)\n2. terminate(status="failure")\n'
    assert_scene_shows(run_text(plain(), 0).state)


def test_object_id_search_lists_the_scene_ids(addon):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    found = tool_operators._object_ids(None, bpy.context, "night")
    assert found == ["nightstand_0", "nightstand_1"]


def test_the_tools_menu_lists_every_tool_by_group(addon):  # noqa: F811
    layout = RecordingLayout()
    tool_operators.SCENEORCHESTRA_MT_tools.draw(SimpleNamespace(layout=layout), bpy.context)
    ops = [i.args["idname"] for i in layout.walk() if i.kind == "operator"]
    order = {g: i for i, g in enumerate(tool_operators.GROUP_ORDER)}
    assert ops == [f"sceneorchestra.tool_{s.name}" for s in sorted(SPECS.values(), key=lambda s: order[s.group])]
    assert layout.operator_context == "INVOKE_DEFAULT"  # a form opens first
    assert tool_operators.add_menu_entry in bpy.types.VIEW3D_MT_add._dyn_ui_initialize()


def test_changing_operators_are_undo_steps_and_generate_is_not(addon):  # noqa: F811
    undoable = {c.bl_idname for c in operators.CLASSES if "UNDO" in getattr(c, "bl_options", set())}
    assert undoable == {"sceneorchestra.toggle_call", "sceneorchestra.replay_from", "sceneorchestra.delete_call",
                        "sceneorchestra.insert_call", "sceneorchestra.run_text", "sceneorchestra.clear_room",
                        # a whole follow-up, and a whole instruction switched, is one step (test_ui_followup)
                        "sceneorchestra.refine", "sceneorchestra.toggle_group",
                        # a whole room of a scene of several rooms switched is one step (test_ui_suite)
                        "sceneorchestra.toggle_room",
                        # these record hand edits as calls first (test_ui_hand_edits)
                        "sceneorchestra.copy_trajectory", "sceneorchestra.save_outputs"}
    # a generation is one undo step, pushed by its modal Generate through two grouped operators (test_ui_lifecycle)
    grouped = {c.bl_idname: c.bl_undo_group for c in operators.CLASSES if "UNDO_GROUPED" in getattr(c, "bl_options", set())}
    assert grouped == {"sceneorchestra.generation_undo": "Generate Room", "sceneorchestra.generation_undo_next": "Generate Room "}


def test_copy_and_run_from_a_file_or_text_block(addon, tmp_path):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    bpy.ops.sceneorchestra.toggle_call(index=4)
    assert bpy.ops.sceneorchestra.copy_trajectory() == {"FINISHED"}
    copied = S.text(S.current())
    state = S.current().journal.state.to_json()
    path = tmp_path / "room.txt"
    path.write_text(copied)
    sources = [{"source": "FILE", "filepath": str(path)}, {"source": "TEXT_BLOCK", "text_block": "room"}]
    if bpy.context.window_manager.clipboard == copied:  # the bpy module has no clipboard (no window system)
        sources.append({"source": "CLIPBOARD"})
    for kwargs in sources:
        bpy.ops.wm.read_homefile(use_empty=True)
        if kwargs["source"] == "TEXT_BLOCK":
            bpy.data.texts.new("room").write(copied)
        assert bpy.ops.sceneorchestra.run_text(**kwargs) == {"FINISHED"}
        assert S.current().journal.state.to_json() == state
        assert [c.text for c in bpy.context.scene.sceneorchestra.calls][3] == T.format_call(T.load(BEDROOM).calls[3])[3:]


def test_save_outputs(addon, tmp_path):  # noqa: F811
    addon.output_dir = str(tmp_path)
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    assert bpy.ops.sceneorchestra.save_outputs() == {"FINISHED"}
    out = tmp_path / "bedroom-seed0"
    assert (out / "trajectory.txt").read_text() == S.text(S.current())
    assert (out / "scene.json").read_text() == S.current().journal.state.to_json()


def test_save_into_a_blend_relative_folder_of_an_unsaved_file(addon, tmp_path, monkeypatch):  # noqa: F811
    """``//`` of an unsaved file has no folder: Blender would resolve it against its working
    directory. The files go to the add-on's user folder (the system temp folder for the source
    tree, which is no extension) and the message says where and why."""
    import tempfile

    cwd, temp = tmp_path / "cwd", tmp_path / "temp"
    cwd.mkdir(), temp.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    assert bpy.data.filepath == ""
    addon.output_dir = "//exports"
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    assert bpy.ops.sceneorchestra.save_outputs() == {"FINISHED"}
    out = temp / "SceneOrchestra" / "exports" / "bedroom-seed0"
    assert (out / "trajectory.txt").read_text() == S.text(S.current())
    assert list(cwd.iterdir()) == []  # nothing in Blender's working directory
    notice = S.current().notice
    assert notice.level == "WARNING" and f"saved trajectory.txt and scene.json in {out}" in notice.text
    assert "this .blend file is not saved, so the output folder '//exports'" in notice.text


def test_unsaved_output_base_is_the_extensions_user_folder(addon, monkeypatch):  # noqa: F811
    from sceneorchestra_addon.ui import preferences

    monkeypatch.setattr(preferences, "ADDON_ID", "bl_ext.user_default.sceneorchestra")  # as installed from the zip
    base = preferences.unsaved_output_base()
    assert base == Path(bpy.utils.extension_path_user("bl_ext.user_default.sceneorchestra", path="outputs")) and base.is_dir()
    assert base.parts[-4:] == (".user", "user_default", "sceneorchestra", "outputs")


def test_save_beside_a_saved_blend(addon, tmp_path):  # noqa: F811
    bpy.ops.wm.save_as_mainfile(filepath=str(tmp_path / "room.blend"))
    addon.output_dir = "//exports"
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    assert bpy.ops.sceneorchestra.save_outputs() == {"FINISHED"}
    assert (tmp_path / "exports" / "bedroom-seed0" / "scene.json").is_file()
    assert S.current().notice.level == "INFO"


def test_unregister_leaves_nothing_behind(addon):  # noqa: F811
    from test_ui_support import disable_addon, enable_addon

    disable_addon()
    assert not hasattr(bpy.types.Scene, "sceneorchestra")
    assert not hasattr(bpy.types, "SCENEORCHESTRA_PT_panel") and not hasattr(bpy.types, "SCENEORCHESTRA_MT_tools")
    assert tool_operators.add_menu_entry not in bpy.types.VIEW3D_MT_add._dyn_ui_initialize()
    enable_addon()


def test_generate_invoked_without_a_window_runs_synchronously(addon):  # noqa: F811
    addon.backend = "teacher"
    assert bpy.ops.sceneorchestra.generate("INVOKE_DEFAULT") == {"FINISHED"}
    s = S.current()
    assert not s.busy and S.rows(s) and s.notice.level == "INFO"


def test_a_file_from_the_command_line_opens_in_the_panel(addon, tmp_path):  # noqa: F811
    from sceneorchestra_addon.blender.outputs import build_scene, save_blend

    build_scene(run_text(BEDROOM, 0).state, BEDROOM)  # what `generate`/`run` on the command line store
    save_blend(tmp_path / "cli.blend")
    bpy.ops.wm.read_homefile(use_empty=True)
    assert S.rows(S.current()) == []
    bpy.ops.wm.open_mainfile(filepath=str(tmp_path / "cli.blend"))  # the load_post handler rebuilds the session
    rows = S.rows(S.current())
    assert [r.tool for r in rows] == [c.tool for c in T.load(BEDROOM).calls]
    assert [c.text for c in bpy.context.scene.sceneorchestra.calls] == [r.args_text for r in rows]
    assert S.current().notice is None  # the stored state is what re-executing gives
    bpy.ops.sceneorchestra.toggle_call(index=3)
    assert_scene_shows(S.current().journal.state)


def test_undo_rebuilds_the_session_from_the_file(addon):  # noqa: F811
    from sceneorchestra_addon import ui

    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    bpy.ops.sceneorchestra.toggle_call(index=3)
    before = S.current()
    ui._on_undo()  # what Blender calls after Ctrl+Z restored the file's data
    after = S.current()
    assert after is not before and S.rows(after) == S.rows(before)


def test_a_failing_registration_is_reported_and_rolled_back(addon, monkeypatch):  # noqa: F811
    from test_ui_support import disable_addon, enable_addon

    from sceneorchestra_addon import ui
    from sceneorchestra_addon.ui import export_menu

    disable_addon()

    def broken():
        raise ValueError("menu missing")

    monkeypatch.setattr(export_menu, "register", broken)
    with pytest.raises(RuntimeError, match="SceneOrchestra: registering the export menu failed: menu missing"):
        ui.register()
    assert not hasattr(bpy.types.Scene, "sceneorchestra")  # the parts registered before it are unregistered again
    assert not hasattr(bpy.types, "SCENEORCHESTRA_OT_generate") and not hasattr(bpy.types, "SCENEORCHESTRA_PT_panel")
    monkeypatch.undo()
    enable_addon()
