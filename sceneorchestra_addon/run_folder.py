"""The run folder a generated room is written to (the command line's ``generate`` and batch runs).

``trajectory.txt`` (as executed, each call's result as a comment), ``scene.json``,
``scene.blend``, ``preview.png`` (Workbench, top-down and perspective), ``review.png`` (the
evaluator's marked top-down drawing) and ``metrics.json`` (the evaluator's report plus
``generation_s``, ``execution_s``, ``backend``, ``seed``, ``samples``, ``chosen``, ``requirements``
(each spec read from the prompt, whether it holds) and ``unknown`` (nouns the catalogue lacks, also
noted after the first call's result in trajectory.txt)).
"""

from __future__ import annotations

import json
from pathlib import Path

from .agent.pipeline import Generated
from .core import trajectory as T
from .core.metrics import review_image


def write_run(generated: Generated, out_dir: Path, blender: bool = True, resolution: int = 640) -> dict:
    """Write every file of the run folder; returns the metrics written."""
    ex = generated.execution
    metrics = generated.metrics()
    annotated = ex.annotated()
    if generated.notes() and annotated.calls:  # what was left out goes with the first call's result
        first = annotated.calls[0]
        annotated = T.Trajectory((first.with_comment("; ".join([first.comment, *generated.notes()])), *annotated.calls[1:]))
    (out_dir / "trajectory.txt").write_text(T.format(annotated), encoding="utf-8")
    (out_dir / "scene.json").write_text(ex.state.to_json(), encoding="utf-8")
    review_image(ex.state, generated.report).save(out_dir / "review.png")
    if blender:
        from .blender.outputs import write_blend_and_preview

        write_blend_and_preview(ex.state, generated.trajectory_text, out_dir, resolution=resolution)
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return metrics


FOLLOWUPS = "followups.jsonl"


def continue_run(run_dir: Path, instruction: str, blender: bool = True, resolution: int = 640) -> tuple[dict, list[str]]:
    """Apply a follow-up instruction to the room in ``run_dir`` (``generate --continue``): its
    trajectory and seed are read back, the follow-up's calls go in before ``terminate``, the whole
    is executed again (the same seed, so the earlier calls make the same objects) and every file of
    the folder is written anew; the follow-up (instruction and calls, no timestamp, so a rerun of the
    same chain gives the same bytes) is appended to ``followups.jsonl``. Returns the metrics and the
    calls added. Raises ``FollowUpError`` (nothing written) for an object the scene does not hold
    or an ambiguous one, and OSError / ValueError for a folder that is not a run folder."""
    import time

    from .agent.pipeline import Candidate, Outcome
    from .core.executor import execute
    from .core.followup import continued, follow_up
    from .core.metrics import evaluate

    previous = json.loads((run_dir / "metrics.json").read_text(encoding="utf-8"))
    seed = int(previous.get("seed", 0))
    trajectory = T.load((run_dir / "trajectory.txt").read_text(encoding="utf-8"))
    before = execute(trajectory, seed=seed)
    calls = follow_up(trajectory, before.state, instruction, seed=seed)
    text = continued(trajectory, calls)
    started = time.perf_counter()
    ex = execute(T.load(text), seed=seed)
    execution_s = time.perf_counter() - started
    specs = [r["spec"] for r in previous.get("requirements", ())]  # the first prompt's requirements, measured anew
    report = evaluate(ex.state, specs=specs, runtime_s=execution_s)
    outcome = Outcome(text, 0, (Candidate(text),), str(previous.get("backend", "")), 0.0)
    unknown = tuple(u["noun"] for u in previous.get("unknown", ()))
    metrics = write_run(Generated(outcome, ex, report, execution_s, seed, unknown), run_dir, blender=blender, resolution=resolution)
    entry = {"instruction": " ".join(instruction.split()), "calls": calls, "seed": seed}
    with (run_dir / FOLLOWUPS).open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n")
    return metrics, calls
