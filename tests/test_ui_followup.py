"""Follow-ups in the panel (Refine): a follow-up's calls go in before terminate as one group of the
list and one undo step; switching the group off gives back the room before it, byte for byte; a
name the room lacks changes nothing and the message says why; the groups (the ``# instruction:``
sections of the stored text) survive every change, save and reload, undo and redo."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from test_ui_support import RecordingLayout, addon, stored  # noqa: F401 - addon is a fixture

bpy = pytest.importorskip("bpy")

from conftest import DATA  # noqa: E402
from sceneorchestra_addon.blender.collection import find_collection  # noqa: E402
from sceneorchestra_addon.core import trajectory as T  # noqa: E402
from sceneorchestra_addon.core.executor import run_text  # noqa: E402
from sceneorchestra_addon.ui import session as S  # noqa: E402
from sceneorchestra_addon.ui.panel import SCENEORCHESTRA_PT_panel  # noqa: E402

PROMPT = "Design me a bedroom"
PLANT = "add a plant in the corner"
BEDROOM = (DATA / "bedroom.txt").read_text()


def draw() -> RecordingLayout:
    layout = RecordingLayout()
    SCENEORCHESTRA_PT_panel.draw(SimpleNamespace(layout=layout), bpy.context)
    return layout


def press(name: str, **props) -> set[str]:
    """A panel button: the operator as the GUI runs it, pushing its undo step."""
    return getattr(bpy.ops.sceneorchestra, name)("EXEC_DEFAULT", True, **props)


def objects() -> list[tuple]:
    """The add-on collection's objects: name, parent, location and rotation."""
    coll = find_collection(bpy.context.scene)
    return sorted((o.name, o.parent.name if o.parent else "", tuple(round(v, 6) for v in o.location),
                   tuple(round(v, 6) for v in o.rotation_euler)) for o in coll.all_objects)


def state_json() -> str:
    return S.current().journal.state.to_json()


def headers(layout: RecordingLayout) -> list[tuple[str, int, str]]:
    """The list's group headers: (instruction, the group's number, checkbox icon)."""
    out = []
    for op in layout.operators("sceneorchestra.toggle_group"):
        label = next(i for i in op.owner.parent.walk() if i.kind == "label")
        out.append((label.args["text"], op.props["index"], op.args["icon"]))
    return out


def listed_calls(layout: RecordingLayout) -> list[int]:
    return [op.props["index"] for op in layout.operators("sceneorchestra.toggle_call")]


@pytest.fixture
def bedroom(addon):  # noqa: F811
    """A bedroom generated with the teacher, in a file with an undo stack (as in the GUI)."""
    bpy.ops.ed.undo_push(message="before the test")
    props = bpy.context.scene.sceneorchestra
    props.prompt = PROMPT
    assert bpy.ops.sceneorchestra.generate() == {"FINISHED"}
    bpy.ops.ed.undo_push(message="Generate Room")  # (the modal Generate pushes it in the GUI: test_ui_lifecycle)
    assert S.current().journal.state.room is not None
    return props


def test_the_prompt_area_offers_refine_once_there_is_a_room(addon):  # noqa: F811
    assert not draw().operators("sceneorchestra.refine")
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    layout = draw()
    assert layout.operators("sceneorchestra.refine") and layout.operators("sceneorchestra.generate")  # a new room stays one click away
    attrs = [i.args["attr"] for i in layout.walk() if i.kind == "prop"]
    assert "followup" in attrs and "prompt" not in attrs  # the settings of a new room are folded away
    bpy.context.scene.sceneorchestra.show_new_room = True
    assert "prompt" in [i.args["attr"] for i in draw().walk() if i.kind == "prop"]


def test_refine_adds_one_group_that_switches_off_to_the_room_before(bedroom):
    before, before_objects = state_json(), objects()
    n = len(S.current().journal.trajectory.calls)
    assert S.current().sections == (T.Section(0, PROMPT),)
    bedroom.followup = PLANT
    assert press("refine") == {"FINISHED"}
    s = S.current()
    calls = s.journal.trajectory.calls
    assert calls[-1].tool == "terminate" and calls[n - 1].tool == "add_object" and "potted_plant" in T.format_call(calls[n - 1])
    assert s.sections == (T.Section(0, PROMPT), T.Section(n - 1, PLANT))
    assert bedroom.followup == ""  # ready for the next one
    after, after_objects = state_json(), objects()
    assert after != before and len(after_objects) > len(before_objects)
    assert after == run_text(T.format(s.journal.trajectory), s.journal.seed).state.to_json()
    assert f"# instruction: {PLANT}" in stored()[1] and f"# instruction: {PROMPT}" in stored()[1]

    layout = draw()
    assert headers(layout) == [(PROMPT, 1, "CHECKBOX_HLT"), (PLANT, 2, "CHECKBOX_HLT")]
    assert "add_object" in [i.args["text"] for i in layout.walk() if i.kind == "label"][-3] or listed_calls(layout)[-2] == n

    assert press("toggle_group", index=2) == {"FINISHED"}  # the follow-up off: one replay, one undo step
    assert state_json() == before and stored()[0] == before and objects() == before_objects
    assert S.rows(S.current())[n - 1].status == "off" and S.rows(S.current())[-1].status != "off"  # terminate stays on
    assert headers(draw())[1] == (PLANT, 2, "CHECKBOX_DEHLT")
    assert press("toggle_group", index=2) == {"FINISHED"}  # and on again
    assert state_json() == after and stored()[0] == after and objects() == after_objects

    # undo: the switches one by one, then the whole follow-up at once; redo brings it back with its group
    assert bpy.ops.ed.undo() == {"FINISHED"}
    assert state_json() == before and S.current().sections == (T.Section(0, PROMPT), T.Section(n - 1, PLANT))
    assert bpy.ops.ed.undo() == {"FINISHED"}
    assert state_json() == after
    assert bpy.ops.ed.undo() == {"FINISHED"}  # the refine, all of its calls
    assert state_json() == before and S.current().sections == (T.Section(0, PROMPT),) and objects() == before_objects
    assert len(S.current().journal.trajectory.calls) == n and headers(draw()) == [(PROMPT, 1, "CHECKBOX_HLT")]
    assert bpy.ops.ed.redo() == {"FINISHED"}
    assert state_json() == after and S.current().sections == (T.Section(0, PROMPT), T.Section(n - 1, PLANT))
    assert headers(draw()) == [(PROMPT, 1, "CHECKBOX_HLT"), (PLANT, 2, "CHECKBOX_HLT")]


@pytest.mark.parametrize(("instruction", "names"), [
    ("remove the piano", ("no piano", "double_bed", "nightstand")),  # missing: what the room holds
    ("remove the nightstand", ("nightstand_0", "nightstand_1")),  # ambiguous: which ones it could be
])
def test_a_bad_reference_changes_nothing_and_says_why(bedroom, instruction, names):
    before, objs, sections = stored(), objects(), S.current().sections
    bedroom.followup = instruction
    with pytest.raises(RuntimeError, match="nothing changed"):  # bpy.ops raises what the operator reported as an error
        press("refine")
    notice = S.current().notice
    assert notice.level == "ERROR" and "nothing changed" in notice.text
    assert all(name in notice.text for name in names), notice.text
    assert stored() == before and objects() == objs and S.current().sections == sections
    assert bedroom.followup == instruction  # kept, to be reworded
    texts = " ".join(draw().texts())
    assert names[-1] in texts  # the panel's message names them


def test_refine_without_a_room_or_words_is_refused(addon):  # noqa: F811
    with pytest.raises(RuntimeError, match="no trajectory yet"):
        bpy.ops.sceneorchestra.refine(instruction=PLANT)
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    before = stored()
    with pytest.raises(RuntimeError, match="the follow-up is empty"):
        bpy.ops.sceneorchestra.refine(instruction="   ")
    assert S.current().notice.level == "ERROR" and stored() == before


def test_submit_generates_then_refines(addon):  # noqa: F811
    bpy.context.scene.sceneorchestra.prompt = PROMPT
    assert bpy.ops.sceneorchestra.submit() == {"FINISHED"}  # no room: Generate
    n = len(S.current().journal.trajectory.calls)
    bpy.context.scene.sceneorchestra.followup = PLANT
    assert bpy.ops.sceneorchestra.submit() == {"FINISHED"}  # a room: Refine
    assert len(S.current().journal.trajectory.calls) == n + 1 and S.current().sections[-1].instruction == PLANT


def test_sections_survive_save_and_reload(bedroom, tmp_path):
    before = state_json()
    assert press("refine", instruction=PLANT) == {"FINISHED"}
    sections, after, text = S.current().sections, state_json(), stored()[1]
    path = tmp_path / "room.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(path))
    bpy.ops.wm.read_homefile(use_empty=True)
    S.invalidate()
    bpy.ops.wm.open_mainfile(filepath=str(path))
    s = S.current()
    assert s.sections == sections and state_json() == after and S.text(s) == text
    assert [h[0] for h in headers(draw())] == [PROMPT, PLANT]
    assert bpy.ops.sceneorchestra.toggle_group(index=2) == {"FINISHED"}
    assert state_json() == before


def test_sections_follow_inserts_deletes_copy_and_run_from_text(addon):  # noqa: F811
    calls = T.load(BEDROOM).calls
    text = T.format_sections(T.Trajectory(calls), (T.Section(0, "a bedroom"), T.Section(5, "more storage")))
    bpy.ops.sceneorchestra.run_text(source="STRING", text=text)
    s = S.current()
    assert s.sections == (T.Section(0, "a bedroom"), T.Section(5, "more storage"))
    assert [(g.first, g.end) for g in s.view.groups] == [(0, 5), (5, len(calls) - 1)]  # terminate outside both
    bpy.ops.sceneorchestra.insert_call(index=5, text='add_object(category="armchair")')  # after call 5: the first group's
    assert S.current().sections == (T.Section(0, "a bedroom"), T.Section(6, "more storage"))
    bpy.ops.sceneorchestra.insert_call(index=7, text='add_object(category="floor_lamp")')  # inside the second group
    assert S.current().sections == (T.Section(0, "a bedroom"), T.Section(6, "more storage"))
    bpy.ops.sceneorchestra.delete_call(index=2)  # a deletion in the first group moves the second up
    assert S.current().sections == (T.Section(0, "a bedroom"), T.Section(5, "more storage"))
    bpy.ops.sceneorchestra.tool_add_object(category="armchair")  # before terminate: the last group's
    assert S.current().view.groups[-1].end == len(S.current().journal.trajectory.calls) - 1
    copied, state = S.text(S.current()), state_json()
    bpy.ops.wm.read_homefile(use_empty=True)
    S.invalidate()
    bpy.ops.sceneorchestra.run_text(source="STRING", text=copied)
    assert S.current().sections == (T.Section(0, "a bedroom"), T.Section(5, "more storage")) and state_json() == state


def test_a_text_without_sections_loads_without_groups(addon):  # noqa: F811
    bpy.ops.sceneorchestra.run_text(source="STRING", text=BEDROOM)
    s = S.current()
    assert s.sections == () and s.view.groups == ()
    assert [e.kind for e in s.view.entries] == ["call"] * len(T.load(BEDROOM).calls)
    assert "# instruction:" not in S.text(s)
    bpy.ops.sceneorchestra.refine(instruction=PLANT)  # a follow-up then groups its own calls only
    assert [e.kind for e in S.current().view.entries].count("group") == 1
    assert headers(draw()) == [(PLANT, 1, "CHECKBOX_HLT")]


def test_a_folded_group_hides_its_calls_and_its_checkbox_switches_them(bedroom):
    assert press("refine", instruction=PLANT) == {"FINISHED"}
    n = len(S.current().journal.trajectory.calls)
    shown = listed_calls(draw())
    assert shown == list(range(1, n + 1))
    first = next(r for r in bedroom.rows if r.kind == "GROUP" and r.group == 0)
    first.expanded = False  # the user folds the prompt's group
    key = bedroom.rows_key
    shown = listed_calls(draw())
    assert shown == [n - 1, n]  # the follow-up's call and terminate (outside the groups)
    assert bedroom.rows_key == key
    bpy.ops.sceneorchestra.delete_call(index=n - 2)  # the list is mirrored again: the fold stays
    assert next(r for r in bedroom.rows if r.kind == "GROUP" and r.group == 0).expanded is False
    assert press("toggle_group", index=1) == {"FINISHED"}  # the prompt's group off: everything but init_room and terminate
    on = [r.status != "off" for r in S.rows(S.current())]
    assert on[0] and on[-1] and on[-2] and not any(on[1:-2])
