"""Prompt -> room with the model-free backends, the teacher's rollouts, and the generate CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pytest
from test_metrics_util import reference_room

from conftest import ROOT
from sceneorchestra_addon.agent.rules import PromptError, rules_trajectory
from sceneorchestra_addon.core.reader import read
from sceneorchestra_addon.agent.teacher import MAX_STEPS, Teacher
from sceneorchestra_addon.core import executor
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.metrics import evaluate

TEMPLATES = ("bedroom", "living room", "kitchen", "gym", "restaurant", "bathroom", "children room", "meeting room", "office", "waiting room")


@pytest.mark.parametrize(
    "prompt, room",
    [("Design me a bedroom", "bedroom"), ("a cozy LIVING ROOM please", "living_room"), ("my kid's room", "children_room"),
     ("Design me a meeting room", "meeting_room"), ("a small coffee shop", "cafe"), ("Design me a spaceship", None)],
)
def test_room_type_from_prompt(prompt, room):
    assert read(prompt).room_type == room


def test_size_from_prompt_is_clamped():
    from sceneorchestra_addon.core.planner import room_size

    assert room_size(read("a kitchen, 4 by 3.5 m"), "kitchen") == (4.0, 3.5)
    assert room_size(read("a 40 x 1 m gym"), "gym") == (15.0, 2.0)


@pytest.mark.parametrize("prompt", ["", "   ", "Design me a spaceship"])
def test_bad_prompts_are_refused_clearly(prompt):
    with pytest.raises(PromptError):
        rules_trajectory(prompt)
    with pytest.raises(PromptError):
        Teacher().rollout(prompt)


@pytest.mark.slow
@pytest.mark.parametrize("room", TEMPLATES)
def test_teacher_rollouts_are_clean_and_logged(room):
    rollout = Teacher().rollout(f"Design me a {room}", seed=1)
    assert 2 <= rollout.planned and len(rollout.steps) - rollout.planned <= MAX_STEPS - 1
    assert rollout.steps[0].call.startswith("init_") and rollout.steps[-1].call.startswith("terminate")
    times = [s.runtime_s for s in rollout.steps]
    assert times == sorted(times)
    for step in rollout.steps:
        assert set(step.grades) == {"realism", "functionality", "layout", "completion"}
        assert step.composition <= step.quality
    from sceneorchestra_addon.core.metrics import evaluate

    report = evaluate(rollout.state)
    assert report.n_oob == 0 and report.n_collision_pairs == 0
    assert report.n_obj >= 10
    # the logged trajectory replays to the same scene
    replayed = executor.execute(rollout.trajectory(), seed=1).state
    assert replayed.to_json() == rollout.state.to_json()


@pytest.mark.slow
@pytest.mark.parametrize("room", ["gym", "laundry room", "workshop", "bathroom"])
def test_teacher_adds_only_what_belongs_in_the_room(room):
    from sceneorchestra_addon.ground import catalog

    for seed in range(3):
        state = Teacher().rollout(f"Design me a {room}", seed=seed).state
        key = state.room.room_type
        assert [o.category for o in state.objects if key not in catalog.BY_NAME[o.category].rooms] == [], (room, seed)


def test_teacher_reflects_on_the_review():
    from sceneorchestra_addon.agent.teacher import _feedback_weight
    from sceneorchestra_addon.core.metrics import Reason

    review = [Reason("missing_expected", 1, "a differently worded reason", ("bookshelf",)), Reason("too_few_objects", 2, "too few"),
              Reason("empty_shelves", 2, "nothing on them", ("wall_shelf_0",))]
    shelf = 'add_object(category="bookshelf", placement="against_wall")'
    assert _feedback_weight(shelf, review) == 6.0 and _feedback_weight(shelf, []) == 1.0
    assert _feedback_weight('add_object(category="armchair", placement="corner")', review) == 1.0
    assert _feedback_weight('add_crowd(parent="wall_shelf_0", categories=("book",), surface="shelves", density=0.7)', review) == 6.0
    assert _feedback_weight('add_crowd(parent="bookshelf_0", categories=("book",), surface="shelves", density=0.7)', review) == 2.0


@pytest.mark.slow
def test_teacher_rooms_hold_35_objects_on_average():
    counts = [evaluate(Teacher().rollout(f"Design me a {room}", seed=0).state).n_obj for room in TEMPLATES]
    assert sum(counts) / len(counts) >= 35, dict(zip(TEMPLATES, counts))


def test_teacher_rolls_back_a_step_that_drops_the_grade():
    grades = iter([8, 8, 8, 1] + [8] * 50)
    report = evaluate(reference_room("bedroom"))

    def fake_evaluate(state, instruction, runtime_s):
        g = next(grades)
        return replace(report, grades={"realism": g, "functionality": g, "layout": g, "completion": g}, quality=float(g))

    rollout = Teacher(evaluate=fake_evaluate).rollout("Design me a large bedroom", seed=0)  # room for three explored steps
    dropped = rollout.planned + 2  # the plan is reviewed once (8), then explored steps: 8, 8, 1
    assert rollout.steps[dropped].kept is False and not rollout.steps[dropped].result.startswith("failed")
    # every other step that did not fail is kept: the grade never dropped again
    assert all(s.kept for i, s in enumerate(rollout.steps) if i != dropped and not s.result.startswith("failed"))
    assert len(rollout.trajectory()) == sum(s.kept for s in rollout.steps)


def test_generate_cli_writes_the_run_folder(tmp_path):
    out = tmp_path / "room"
    result = subprocess.run([sys.executable, "-m", "sceneorchestra_addon", "generate", "Design me a bathroom", "--out", str(out),
                             "--backend", "rules", "--resolution", "160"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for name in ("trajectory.txt", "scene.json", "scene.blend", "preview.png", "review.png", "metrics.json"):
        assert (out / name).stat().st_size > 0, name
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["backend"] == "rules" and metrics["n_oob"] == 0 and metrics["n_collision_pairs"] == 0
    assert {"generation_s", "execution_s", "grades", "quality", "composition"} <= set(metrics)
    assert T.load((out / "trajectory.txt").read_text()).calls[0].tool == "init_room"
    assert metrics["requirements"] == [] and metrics["unknown"] == []


def test_generate_cli_errors(tmp_path):
    def gen(*args):
        return subprocess.run([sys.executable, "-m", "sceneorchestra_addon", "generate", *args], cwd=ROOT, capture_output=True, text=True)

    r = gen("Design me a spaceship", "--out", str(tmp_path / "a"), "--backend", "rules")
    assert r.returncode == 2 and "no room type" in r.stderr
    r = gen("Design me a bedroom", "--out", str(tmp_path / "b"), "--backend", "local", "--model", str(tmp_path / "missing.gguf"))
    assert r.returncode == 4 and "model file not found" in r.stderr and "missing.gguf" in r.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = gen("Design me a bedroom", "--out", str(blocker), "--backend", "rules")
    assert r.returncode == 3 and "cannot write to" in r.stderr
