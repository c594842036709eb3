"""The N-panel's draw function, drawn into a recording layout: the rows of the trajectory and their
states, edit mode, progress during generation, messages and metrics."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from test_ui_support import RecordingLayout, addon  # noqa: F401 - addon is a fixture

bpy = pytest.importorskip("bpy")

from conftest import DATA  # noqa: E402
from sceneorchestra_addon.core import trajectory as T  # noqa: E402
from sceneorchestra_addon.ui import session as S  # noqa: E402
from sceneorchestra_addon.ui import worker as W  # noqa: E402
from sceneorchestra_addon.agent.pipeline import BackendSettings  # noqa: E402
from sceneorchestra_addon.ui.panel import SCENEORCHESTRA_PT_panel  # noqa: E402

BEDROOM = (DATA / "bedroom.txt").read_text()
CALLS = T.load(BEDROOM).calls


def draw() -> RecordingLayout:
    layout = RecordingLayout()
    SCENEORCHESTRA_PT_panel.draw(SimpleNamespace(layout=layout), bpy.context)
    return layout


def call_rows(layout: RecordingLayout) -> list[dict]:
    """One dict per call row the list draws: its checkbox, status icon, text, field and states,
    and the buttons under the list (they act on the selected row)."""
    out = []
    for toggle in layout.operators("sceneorchestra.toggle_call"):
        row = toggle.owner.parent
        items = list(row.walk())
        ops = {i.args["idname"].split(".")[1]: i for i in items if i.kind == "operator"}
        out.append({
            "index": toggle.props["index"],
            "checkbox": toggle.args["icon"],
            "checkbox_enabled": toggle.owner.effective("enabled"),
            "status": ops["call_info"].args["icon"],
            "labels": [i.args["text"] for i in items if i.kind == "label"],
            "fields": [i.args["data"].text for i in items if i.kind == "prop"],
            "buttons": selected_buttons(layout),
        })
    return out


def selected_buttons(layout: RecordingLayout) -> dict:
    """The buttons under the list: {name: (call number, enabled, alert)}."""
    names = ("replay_from", "insert_call", "delete_call")
    ops = [i for i in layout.walk() if i.kind == "operator" and i.args["idname"].split(".")[1] in names]
    return {op.args["idname"].split(".")[1]: (op.props.get("index"), op.owner.effective("enabled"), op.owner.effective("alert")) for op in ops}


def buttons_of(number: int) -> dict:
    """The buttons under the list with call ``number`` selected (a list without groups: row n - 1)."""
    bpy.context.scene.sceneorchestra.active_row = number - 1
    return selected_buttons(draw())


def test_empty_panel_offers_generate_and_run_from_text(addon):  # noqa: F811
    layout = draw()
    assert call_rows(layout) == []
    texts = layout.texts()
    from sceneorchestra_addon.agent.pipeline import label

    assert "Generate" in texts and "Run from text" in texts
    assert f"with the {label(BackendSettings())}" in texts  # the default: the shipped model where one ships
    assert "with the embedded model orchestrator.gguf" in texts or "with the teacher (no model)" in texts
    assert [i.args["attr"] for i in layout.walk() if i.kind == "prop"] == ["prompt", "prompt_text", "room_size", "use_own_seed", "samples"]
    assert "Seed 0 (preferences)" in texts


def test_rows_and_their_states(addon):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    bpy.ops.sceneorchestra.toggle_call(index=3)
    rows = call_rows(draw())
    assert [r["index"] for r in rows] == list(range(1, len(CALLS) + 1))
    for row, call in zip(rows, CALLS):
        n = call.number
        assert row["labels"] == [T.format_call(call)]  # the whole call, not cut: the list's row width shows what fits
        buttons = buttons_of(n)
        assert buttons["replay_from"][:2] == (n, True) and buttons["insert_call"][:2] == (n, True)
        fixed = call.tool in ("init_room", "terminate")
        assert buttons["delete_call"][1] is not fixed  # the initializer and terminate cannot be deleted
        assert row["checkbox_enabled"] is not fixed
    assert rows[2]["checkbox"] == "CHECKBOX_DEHLT" and rows[2]["status"] == "HIDE_ON"
    assert all(r["checkbox"] == "CHECKBOX_HLT" for i, r in enumerate(rows) if i != 2)
    statuses = [r.status for r in S.rows(S.current())]
    icons = {"ok": "CHECKMARK", "warning": "ERROR", "failed": "CANCEL", "off": "HIDE_ON"}
    assert [r["status"] for r in rows] == [icons[s] for s in statuses]
    # labels are never cut to a guessed width (they were cut at 24 characters before the UIList)
    assert rows[0]["labels"][0] == f"1. {S.rows(S.current())[0].args_text}" and max(len(r["labels"][0]) for r in rows) > 40


def test_status_icon_tooltip_is_the_result(addon):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    from sceneorchestra_addon.ui.operators import SCENEORCHESTRA_OT_call_info

    tip = SCENEORCHESTRA_OT_call_info.description(bpy.context, SimpleNamespace(index=2))
    assert tip == "2. " + S.rows(S.current())[1].message and tip.startswith("2. ok: created ")


def test_failed_and_warning_calls_show_their_icons(addon):  # noqa: F811
    text = ('1. init_room(room_type="office", width_m=3.0, depth_m=3.0)\n'
            '2. add_on_top(parent="desk_0", category="laptop")\n'
            '3. add_group(anchor="desk_9", member="office_chair", count=1)\n'
            '4. terminate(status="success")\n')
    bpy.ops.sceneorchestra.run_text(source="STRING", text=text)
    rows = call_rows(draw())
    assert [r["status"] for r in rows] == ["CHECKMARK", "CANCEL", "CANCEL", "CHECKMARK"]
    assert "no object 'desk_0'" in S.rows(S.current())[1].message


def test_edit_mode_shows_fields_and_marks_edited_rows(addon):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    props = bpy.context.scene.sceneorchestra
    props.edit_calls = True
    props.calls[3].text = 'add_object(category="armchair")'
    rows = call_rows(draw())
    assert [r["fields"] for r in rows] == [[c.text] for c in props.calls]
    assert [r["labels"] for r in rows][:2] == [["1."], ["2."]]
    assert [buttons_of(i + 1)["replay_from"][2] for i in range(len(CALLS))] == [i == 3 for i in range(len(CALLS))]  # only the edited row in red
    bpy.ops.sceneorchestra.replay_from(index=4)
    assert S.rows(S.current())[3].args_text == 'add_object(category="armchair")'
    assert not any(buttons_of(i + 1)["replay_from"][2] for i in range(len(CALLS)))


def slow_generation(s):
    """Start a generation in session ``s`` whose backend waits for the returned gate; (gate, job)."""
    gate = threading.Event()

    class Slow:
        def generate(self, instruction, n=1, seed=0):
            gate.wait(10)
            return [BEDROOM]

    return gate, S.start_generation(s, W.Request("a bedroom", settings=BackendSettings("teacher")), lambda _s: Slow())


def test_progress_while_generating_and_building(addon):  # noqa: F811
    s = S.current()
    gate, job = slow_generation(s)
    layout = draw()
    bars = [i for i in layout.walk() if i.kind == "progress"]
    assert len(bars) == 1 and bars[0].args["type"] == "RING" and bars[0].args["text"].startswith("Generating")
    assert layout.operators("sceneorchestra.cancel") and not layout.operators("sceneorchestra.generate")
    gate.set()
    job.thread.join(10)
    S.drain(s)
    S.drain(s)
    layout = draw()
    bar = next(i for i in layout.walk() if i.kind == "progress")
    assert bar.args["type"] == "BAR" and bar.args["factor"] == pytest.approx(2 / len(CALLS))
    assert bar.args["text"] == f"Building call 3 of {len(CALLS)}"
    rows = call_rows(layout)
    assert [r["status"] for r in rows[2:]] == ["TIME"] * (len(CALLS) - 2)
    assert not any(r["checkbox_enabled"] for r in rows)  # no edits while building
    while S.drain(s):
        pass
    assert not [i for i in draw().walk() if i.kind == "progress"]


def test_metrics_under_the_list(addon):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    m = S.metrics(S.current())
    texts = draw().texts()
    assert f"Objects {m.objects}   #OB 0   #CN 0" in texts
    assert any(t.startswith("Grades") or t.startswith("Real.") for t in texts)


def test_long_prompt_from_a_text_block(addon):  # noqa: F811
    block = bpy.data.texts.new("prompt")
    block.write("Design me a bedroom\nwith a desk under the window\nand two nightstands.")
    props = bpy.context.scene.sceneorchestra
    props.prompt_text = block
    layout = draw()
    assert "with a desk under the window" in layout.texts()
    assert "prompt" not in [i.args["attr"] for i in layout.walk() if i.kind == "prop"]
    req_prompt = __import__("sceneorchestra_addon.ui.properties", fromlist=["prompt_of"]).prompt_of(props)
    assert req_prompt.splitlines()[1] == "with a desk under the window"


def test_custom_room_size_and_own_seed(addon):  # noqa: F811
    props = bpy.context.scene.sceneorchestra
    props.room_size, props.width_m, props.depth_m = "CUSTOM", 6.0, 3.5
    props.use_own_seed, props.seed = True, 11
    layout = draw()
    attrs = [i.args["attr"] for i in layout.walk() if i.kind == "prop"]
    assert "width_m" in attrs and "depth_m" in attrs and "seed" in attrs
    bpy.ops.sceneorchestra.generate()
    s = S.current()
    assert s.journal.seed == 11 and "width_m=6.0, depth_m=3.5" in T.format(s.journal.trajectory)


def test_the_status_bar_shows_a_running_generation_and_nothing_else(addon):  # noqa: F811
    from sceneorchestra_addon.ui.panel import draw_status

    def status() -> RecordingLayout:
        layout = RecordingLayout()
        draw_status(SimpleNamespace(layout=layout), bpy.context)
        return layout

    assert draw_status in bpy.types.STATUSBAR_HT_header._dyn_ui_initialize()  # registered with the add-on
    assert not list(status().walk())
    s = S.current()
    gate, job = slow_generation(s)
    layout = status()
    bars = [i for i in layout.walk() if i.kind == "progress"]
    assert len(bars) == 1 and bars[0].args["type"] == "RING" and bars[0].args["text"].startswith("Generating")
    assert layout.operators("sceneorchestra.cancel")
    gate.set()
    job.thread.join(10)
    S.drain(s)
    bar = next(i for i in status().walk() if i.kind == "progress")
    assert bar.args["type"] == "BAR" and bar.args["text"].startswith("Building call")
    while S.drain(s):
        pass
    assert not list(status().walk())
