"""The prompts the models see: the tool guide generated from the tool specs and the catalogue, and
the trajectory, stepwise and discriminator layouts."""

from __future__ import annotations

import pytest

from conftest import DATA
from sceneorchestra_addon.agent import prompts
from sceneorchestra_addon.ground import catalog
from sceneorchestra_addon.core import executor
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.tools import SPECS

PLACED = [c.name for c in catalog.CATEGORIES if c.placement in prompts.PLACEMENT_TITLES]


@pytest.mark.parametrize("detail", ["full", "compact"])
def test_guide_names_every_tool_parameter_enum_and_range(detail):
    guide = prompts.tool_guide(detail)
    for spec in SPECS.values():
        assert f"{spec.name}(" in guide
        for p in spec.params:
            assert p.name in guide
            for choice in p.choices:
                assert f'"{choice}"' in guide, (spec.name, p.name, choice)
            if p.kind == "float":
                assert repr(float(p.lo)) in guide and repr(float(p.hi)) in guide
    for name in PLACED:
        assert name in guide
    for title in prompts.GROUP_TITLES.values():
        assert title in guide


def test_full_guide_has_docstrings_ranges_and_defaults_per_tool():
    guide = prompts.tool_guide("full")
    for spec in SPECS.values():
        assert " ".join(spec.doc.split()) in guide
    assert "  - width_m (required): number in [2.0, 15.0]; extent along x (west to east)" in guide
    assert "  - count (optional, default 1): whole number in [1, 12]; how many" in guide
    assert '  - above (optional, default ""): object id;' in guide
    assert "  - categories (required): tuple of category (1 to 6 items); small objects to mix" in guide
    # tools appear grouped, initializers first and terminate last
    assert guide.index("init_room(") < guide.index("add_object(") < guide.index("update_size(") < guide.index("\nterminate(")


def test_compact_guide_is_one_line_per_tool_and_shorter():
    compact = prompts.tool_guide("compact")
    assert len(compact) < len(prompts.tool_guide("full")) * 0.6
    assert 'add_object(category: category, placement: "against_wall"|"corner"|"middle"|"anywhere" = "against_wall", wall:' in compact
    assert "move_object(target: object id, dx_m: -10.0..10.0 = 0.0, dy_m: -10.0..10.0 = 0.0)" in compact
    assert "add_crowd(parent: object id, categories: (category, ...) up to 6," in compact


def test_categories_are_grouped_by_placement_without_doors_and_windows():
    section = prompts.category_section()
    lines = {line.split(":")[0]: line for line in section.splitlines()[1:]}
    assert set(lines) == set(prompts.PLACEMENT_TITLES.values())
    assert "double_bed" in lines[prompts.PLACEMENT_TITLES["floor"]]
    assert "table_lamp" in lines[prompts.PLACEMENT_TITLES["on_top"]]
    assert "door" not in section.replace("outdoor", "").split() and ", window" not in section


def test_guide_detail_none_and_unknown():
    assert prompts.tool_guide("none") == ""
    with pytest.raises(ValueError, match="unknown guide detail 'short'"):
        prompts.tool_guide("short")


def test_trajectory_prompt_layout():
    prompt = prompts.trajectory_prompt("  Design me a\n bedroom ")
    assert prompt.startswith("Instruction: Design me a bedroom\nUnderstood: bedroom\n\nTools:\n")
    assert prompts.tool_guide("full") in prompt
    assert prompt.index("Tools:") < prompt.index("Generate the complete tool-call trajectory")
    assert prompt.endswith("\nTrajectory:\n")
    bare = prompts.trajectory_prompt("Design me a gym", guide="none")
    assert "Tools:" not in bare and bare.startswith("Instruction: Design me a gym\nUnderstood: gym\n\nGenerate the complete")
    with pytest.raises(ValueError, match="empty"):
        prompts.trajectory_prompt("   ")


def test_trajectory_prompt_with_examples_in_canonical_form():
    bedroom = (DATA / "bedroom.txt").read_text()
    messy = "1. init_room( room_type='gym', width_m=6.0, depth_m=5.0 )\n\n2. terminate(status='success')"
    prompt = prompts.trajectory_prompt("Design me a kitchen", examples=[("Design me a bedroom", bedroom), ("A gym", messy)], guide="compact")
    assert "Example 1\nInstruction: Design me a bedroom\nUnderstood: bedroom\nTrajectory:\n" + T.format(T.load(bedroom)) in prompt
    assert ('Example 2\nInstruction: A gym\nUnderstood: gym\nTrajectory:\n1. init_room(room_type="gym", width_m=6.0, depth_m=5.0)\n'
            '2. terminate(status="success")') in prompt
    assert prompt.index("Example 2") < prompt.index("Generate the complete") and prompt.endswith("Trajectory:\n")
    assert prompt.startswith("Instruction: Design me a kitchen\n")
    broken = '1. init_room(room_type="gym", width_m=6.0, depth_m=5.0)\n2. add_objekt()\n3. terminate(status="success")'
    with pytest.raises(T.TrajectoryError, match="add_objekt"):
        prompts.trajectory_prompt("x", examples=[("bad", broken)])


def test_the_prompt_carries_what_the_reader_understood():
    prompt = prompts.trajectory_prompt("A minimal study, 4 x 3 m, with two bookshelves on either side of a desk and a hammock", guide="none")
    line = prompt.splitlines()[1]
    assert line == ("Understood: home_office; 4 x 3 m; sparse; specs eq,2,bookshelf eq,1,desk ge,1,left_of,bookshelf,desk "
                    "ge,1,right_of,bookshelf,desk; left out: hammock")
    assert prompts.trajectory_prompt("Make it nice", guide="none").splitlines()[1] == "Understood: no room named"


def test_stepwise_prompt_shows_executed_calls_with_results():
    text = (DATA / "bedroom.txt").read_text()
    calls = T.load(text).calls[:4]
    execution = executor.execute(T.Trajectory(calls + (T.Call(5, "terminate", (("status", "success"),)),)), seed=0)
    history = prompts.history_of(execution)[:4]
    assert history[0][0] == T.format_call(calls[0])
    prompt = prompts.stepwise_prompt("Design me a bedroom", history, guide="compact")
    assert prompt.startswith("Instruction: Design me a bedroom\nUnderstood: bedroom\n\nTools:\n")
    block = prompt.split("Executed so far (call -> result):\n")[1].split("\n\n")[0].splitlines()
    assert len(block) == 4
    for line, call, result in zip(block, calls, execution.results):
        assert line.startswith(T.format_call(call) + "  -> ")
        assert result.summary().split(";")[0] in line
    assert "created wardrobe_0" in block[2]
    assert prompt.endswith("Generate the next tool call (call 5); write terminate(status=\"success\") when the room is finished.\nNext call:\n5.")
    first = prompts.stepwise_prompt("Design me a bedroom", [], guide="none")
    assert "(nothing yet: the next call is an initializer)" in first and first.endswith("Next call:\n1.")


def test_history_accepts_plain_calls_and_numbers_them():
    lines = prompts.history_lines([('init_room(room_type="gym", width_m=6.0, depth_m=5.0)', "made a gym\n 6 x 5 m"), ("2. resolve_collisions()", "")])
    assert lines.splitlines() == [
        '1. init_room(room_type="gym", width_m=6.0, depth_m=5.0)  -> made a gym 6 x 5 m',
        "2. resolve_collisions()  -> no change",
    ]


def test_discriminator_prompt_lists_candidates_by_index():
    candidates = [(DATA / f"{room}.txt").read_text() for room in ("bedroom", "gym", "office")]
    prompt = prompts.discriminator_prompt("Design me a bedroom", candidates, guide="none")
    for i, text in enumerate(candidates):
        assert f"Candidate {i}:\n{text.strip()}\n" in prompt
    assert prompt.index("Candidate 0:") < prompt.index("Candidate 1:") < prompt.index("Candidate 2:")
    assert prompt.endswith("Answer with its index (0 to 2).\nBest candidate:\n")
    with pytest.raises(ValueError, match="no candidates"):
        prompts.discriminator_prompt("x", [])
