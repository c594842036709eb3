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
