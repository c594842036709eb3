"""The run folder a generated room is written to (the command line's ``generate`` and batch runs).

``trajectory.txt`` (as executed, each call's result as a comment), ``scene.json``,
``scene.blend``, ``preview.png`` (Workbench, top-down and perspective), ``review.png`` (the
evaluator's marked top-down drawing) and ``metrics.json`` (the evaluator's report plus
``generation_s``, ``execution_s``, ``backend``, ``seed``, ``samples``, ``chosen``, ``requirements``
(each spec read from the prompt, whether it holds), ``unknown`` (nouns the catalogue lacks, also
noted after the first call's result in trajectory.txt) and, where ``generate`` knows it, ``prompt``).
A continued folder (``continue_run``) also holds ``followups.jsonl``, and its trajectory keeps the
history as ``# instruction:`` sections (``undo_run`` takes the last follow-up out again).

Without Blender (``blender=False``, ``--no-blender``) no ``scene.blend`` or ``preview.png`` is
written, and any already in the folder (an earlier room's, e.g. before a ``--continue``) are removed
so that no file shows a room other than scene.json's; a later step with Blender writes them again.
"""

from __future__ import annotations

import json
from pathlib import Path

from .agent.pipeline import Generated
from .core import trajectory as T
from .core.metrics import review_image
from .core.metrics.suite import evaluate_suite, suite_review_image
from .ground.suite import SuiteState


BLENDER_OUTPUTS = ("scene.blend", "preview.png")  # what write_run writes only with Blender


def write_run(generated: Generated, out_dir: Path, blender: bool = True, resolution: int = 640, prompt: str | None = None) -> dict:
    """Write every file of the run folder; returns the metrics written. The ``# instruction:``
    sections of the trajectory text (a continued run's history) are kept in ``trajectory.txt`` and
    in the .blend; a trajectory without them gets one for ``prompt`` (where known: a fresh
    generation), which also goes to metrics.json. Without ``blender`` a scene.blend and preview.png
    already in ``out_dir`` are removed (they would show another room than scene.json)."""
    ex = generated.execution
    metrics = generated.metrics()
    if prompt:
        metrics["prompt"] = " ".join(prompt.split())
    annotated = ex.annotated()
    if generated.notes() and annotated.calls:  # what was left out goes with the first call's result
        first = annotated.calls[0]
        annotated = T.Trajectory((first.with_comment("; ".join([first.comment, *generated.notes()])), *annotated.calls[1:]))
    sections = T.sections(generated.trajectory_text)
    stored = generated.trajectory_text
    if not sections and prompt:  # a fresh generation: its calls are the prompt's
        sections = (T.Section(0, " ".join(prompt.split())),)
        stored = T.format_sections(T.parse(stored), sections)
    (out_dir / "trajectory.txt").write_text(T.format_sections(annotated, sections), encoding="utf-8")
    (out_dir / "scene.json").write_text(ex.state.to_json(), encoding="utf-8")
    if isinstance(ex.state, SuiteState):  # a scene of several rooms: the plan with every room's review drawing
        suite_review_image(ex.state, generated.report).save(out_dir / "review.png")
    else:
        review_image(ex.state, generated.report).save(out_dir / "review.png")
    if blender:
        from .blender.outputs import write_blend_and_preview

        write_blend_and_preview(ex.state, stored, out_dir, resolution=resolution)
    else:
        for name in BLENDER_OUTPUTS:
            (out_dir / name).unlink(missing_ok=True)
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return metrics


FOLLOWUPS = "followups.jsonl"


def _followups(run_dir: Path) -> list[dict]:
    path = run_dir / FOLLOWUPS
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def history(run_dir: Path, text: str, previous: dict) -> list[T.Section]:
    """The sections of the run folder's trajectory ``text``: its own ``# instruction:`` lines, or for
    a folder written before them, rebuilt from ``followups.jsonl`` (each follow-up's calls sit just
    before ``terminate``, the last one nearest) and the prompt in metrics.json (where known; the
    first calls stay without a section otherwise)."""
    secs = list(T.sections(text))
    if secs:
        return secs
    calls = T.load(text).calls
    first = len(calls) - (1 if calls and calls[-1].tool == "terminate" else 0)
    for entry in reversed(_followups(run_dir)):
        first -= len(entry.get("calls", ()))
        secs.insert(0, T.Section(first, str(entry.get("instruction", ""))))
    if first < 0:  # the log does not match the trajectory: no history rather than a wrong one
        return []
    prompt = previous.get("prompt")
    if prompt and first > 0:
        secs.insert(0, T.Section(0, prompt))
    return secs


def _rewrite(run_dir: Path, text: str, previous: dict, blender: bool, resolution: int) -> dict:
    """Execute ``text`` with the folder's seed and write every file of the folder anew."""
    import time

    from .agent.pipeline import Candidate, Outcome
    from .core.executor import execute
    from .core.metrics import evaluate

    seed = int(previous.get("seed", 0))
    started = time.perf_counter()
    ex = execute(T.load(text), seed=seed)
    execution_s = time.perf_counter() - started
    if isinstance(ex.state, SuiteState):  # each room's requirements of the first prompt, measured anew in that room
        rooms: dict[str, list[str]] = {}
        for r in previous.get("requirements", ()):
            rooms.setdefault(r.get("room", ""), []).append(r["spec"])
        report = evaluate_suite(ex.state, rooms, runtime_s=execution_s)
    else:
        specs = [r["spec"] for r in previous.get("requirements", ())]  # the first prompt's requirements, measured anew
        report = evaluate(ex.state, specs=specs, runtime_s=execution_s)
    outcome = Outcome(text, 0, (Candidate(text),), str(previous.get("backend", "")), 0.0)
    unknown = tuple(u["noun"] for u in previous.get("unknown", ()))
    return write_run(Generated(outcome, ex, report, execution_s, seed, unknown), run_dir, blender=blender, resolution=resolution,
                     prompt=previous.get("prompt"))


def continue_run(run_dir: Path, instruction: str, blender: bool = True, resolution: int = 640) -> tuple[dict, list[str]]:
    """Apply a follow-up instruction to the room in ``run_dir`` (``generate --continue``): its
    trajectory and seed are read back, the follow-up's calls go in before ``terminate``, the whole
    is executed again (the same seed, so the earlier calls make the same objects) and every file of
    the folder is written anew; the follow-up (instruction and calls, no timestamp, so a rerun of the
    same chain gives the same bytes) is appended to ``followups.jsonl``. Returns the metrics and the
    calls added. Raises ``FollowUpError`` (nothing written) for an object the scene does not hold
    or an ambiguous one, and for a follow-up that adds no calls (the scene already does what it
    says: the panel refuses it the same way), and OSError / ValueError for a folder that is not a run folder.

    ``trajectory.txt`` (and the trajectory stored in the .blend) keeps the history as
    ``# instruction:`` sections: the first prompt's (when metrics.json names it), then one per
    follow-up with the calls it added. ``terminate`` stays the last call, after the last section's
    calls, and belongs to no section (``core.followup.section_spans``). A folder written before
    sections gets them from ``followups.jsonl`` on its next follow-up."""
    from .core.executor import execute
    from .core.followup import FollowUpError, continued_sections, follow_up

    previous = json.loads((run_dir / "metrics.json").read_text(encoding="utf-8"))
    seed = int(previous.get("seed", 0))
    saved = (run_dir / "trajectory.txt").read_text(encoding="utf-8")
    trajectory = T.load(saved)
    before = execute(trajectory, seed=seed)
    calls = follow_up(trajectory, before.state, instruction, seed=seed)
    instruction = " ".join(instruction.split())
    if not calls:
        raise FollowUpError(f'"{instruction}": the scene already does that; nothing was added')
    text = continued_sections(trajectory, calls, instruction, history(run_dir, saved, previous))
    metrics = _rewrite(run_dir, text, previous, blender, resolution)
    entry = {"instruction": instruction, "calls": calls, "seed": seed}
    with (run_dir / FOLLOWUPS).open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n")
    return metrics, calls


def undo_run(run_dir: Path, blender: bool = True, resolution: int = 640) -> tuple[dict, dict]:
    """Take the last follow-up out of the run folder (``generate --undo``): its section of the
    trajectory, its line of ``followups.jsonl``, and every output written anew from the trajectory
    before it, so the scene is the one before the follow-up byte for byte. Returns the metrics and the
    follow-up taken out. Raises ``FollowUpError`` when the folder holds no follow-up."""
    from .core.followup import FollowUpError, without_section

    previous = json.loads((run_dir / "metrics.json").read_text(encoding="utf-8"))
    entries = _followups(run_dir)
    saved = (run_dir / "trajectory.txt").read_text(encoding="utf-8")
    secs = history(run_dir, saved, previous)
    if not entries or not secs or secs[-1].instruction != " ".join(str(entries[-1].get("instruction", "")).split()):
        raise FollowUpError(f"{run_dir} holds no follow-up to undo" if not entries else
                            f"{run_dir}: the trajectory's last section is not the last follow-up in {FOLLOWUPS}")
    calls = tuple(c.with_comment("") for c in T.load(saved).calls)  # (the results are written anew)
    text = without_section(T.format_sections(T.Trajectory(calls), secs), -1)
    metrics = _rewrite(run_dir, text, previous, blender, resolution)
    rest = "".join(json.dumps(e, sort_keys=True, ensure_ascii=False) + "\n" for e in entries[:-1])
    if rest:
        (run_dir / FOLLOWUPS).write_text(rest, encoding="utf-8")
    else:
        (run_dir / FOLLOWUPS).unlink()
    return metrics, entries[-1]
