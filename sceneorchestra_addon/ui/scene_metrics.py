"""The numbers under the panel's trajectory list: objects, #OB, #CN and the critic's grades.

The evaluator's report (``core/metrics``: ``n_obj``, ``n_oob``, ``n_collision_pairs``, ``grades``) is
shown. Should it fail, a quick estimate from the solver's exact oriented bounding boxes is shown
instead, marked "box estimate":

- objects: every object that counts (rugs, doors and windows do not), as SceneWeaver's N_obj;
- #OB: objects whose box footprint leaves the floor rectangle grown by 1 cm;
- #CN: pairs of counted objects whose boxes, shrunk by 1 mm, still overlap, leaving out an object and
  what stands on or in it (books inside a shelf share its box without touching its boards).

Boxes are conservative proxies of the meshes, so the estimate never misses a real collision but may
report one the meshes do not have. Results are cached per state (the panel's session measures the
scene once per change, ``session.measure``; drawing only reads the result).
"""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass, field

from ..ground import catalog
from ..ground.geometry import boxes_overlap, inside_rect
from ..core.metrics import evaluate
from ..core.metrics.suite import evaluate_suite
from ..core.solver.world import box_of
from ..ground.state import SceneState
from ..ground.suite import SuiteState

BOUNDS_MARGIN_M = 0.01
PENETRATION_M = 0.001
GRADE_NAMES = ("realism", "functionality", "layout", "completion")


@dataclass(frozen=True)
class SceneMetrics:
    objects: int
    out_of_bounds: int
    collision_pairs: int
    grades: dict[str, float] = field(default_factory=dict)
    source: str = "box estimate"  # or "evaluator"


_CACHE: dict[str, SceneMetrics] = {}


def scene_metrics(state: SceneState | SuiteState) -> SceneMetrics:
    """The metrics of ``state`` (the evaluator's when available, else the box estimate). For a
    scene of several rooms: the counts summed over the rooms, the grades averaged over the rooms
    that take furniture (``core.metrics.suite``)."""
    key = state.to_json()
    if key not in _CACHE:
        if len(_CACHE) > 16:
            _CACHE.clear()
        if isinstance(state, SuiteState):
            _CACHE[key] = _from_suite_evaluator(state) or _summed([box_estimate(s) for _, s in state.rooms])
        else:
            _CACHE[key] = _from_evaluator(state) or box_estimate(state)
    return _CACHE[key]


def _from_suite_evaluator(suite: SuiteState) -> SceneMetrics | None:
    return _from_evaluator(suite, evaluate_suite)


def _summed(parts: list[SceneMetrics]) -> SceneMetrics:
    return SceneMetrics(sum(m.objects for m in parts), sum(m.out_of_bounds for m in parts), sum(m.collision_pairs for m in parts))


def _from_evaluator(state: SceneState | SuiteState, measure=evaluate) -> SceneMetrics | None:
    """The evaluator's figures (``measure``: ``evaluate``, or ``evaluate_suite`` for a plan), or
    None when it fails."""
    try:
        report = measure(state)
        grades = {k: float(v) for k, v in report.grades.items()}
        return SceneMetrics(report.n_obj, report.n_oob, report.n_collision_pairs, grades, "evaluator")
    except Exception:  # the panel must keep drawing: say so in the console and fall back
        print("SceneOrchestra: the evaluator failed; showing the box estimate instead", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        return None


def box_estimate(state: SceneState) -> SceneMetrics:
    counted = [o for o in state.objects if catalog.BY_NAME[o.category].counts_as_object]
    boxes = {o.id: box_of(o) for o in counted}
    oob = 0
    if state.room is not None:
        m = BOUNDS_MARGIN_M
        oob = sum(not inside_rect(b, -m, -m, state.room.width_m + m, state.room.depth_m + m) for b in boxes.values())
    family = {o.id: {o.id, *(d.id for d in state.descendants(o.id))} for o in counted}
    shrunk = {oid: _shrunk(b) for oid, b in boxes.items()}
    ids = list(shrunk)
    pairs = 0
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            if b in family[a] or a in family[b]:
                continue
            pairs += boxes_overlap(shrunk[a], shrunk[b])
    return SceneMetrics(len(counted), oob, pairs)


def _shrunk(box):
    grown = box.grown(-PENETRATION_M)
    return type(box)(grown.cx, grown.cy, max(grown.w, 0.0), max(grown.d, 0.0), grown.yaw_deg, box.z0 + PENETRATION_M, box.z1 - PENETRATION_M)


def summary_lines(m: SceneMetrics) -> list[str]:
    """The panel's lines: counts, then the grades (or a dash when the evaluator is not there)."""
    lines = [f"Objects {m.objects}   #OB {m.out_of_bounds}   #CN {m.collision_pairs}"]
    if m.grades:
        lines.append("   ".join(f"{name[:4].title()}. {m.grades[name]:.0f}" for name in GRADE_NAMES if name in m.grades))
    else:
        lines.append("Grades: — (evaluator not available)")
    lines.append(f"({m.source})")
    return lines
