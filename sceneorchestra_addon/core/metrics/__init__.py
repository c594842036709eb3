"""The evaluator: measures a scene's final geometry, never the solver's bookkeeping.

``evaluate(state, instruction=None, specs=None, runtime_s=0.0)`` returns one ``Report`` (a frozen
dataclass; ``to_dict()`` is its JSON form, as written to metrics.json):

* SceneWeaver's physical metrics: ``n_obj``, ``n_oob`` (#OB), ``n_collision_pairs`` (#CN)
  (``physical``; mesh contact in ``collide``);
* SceneEval's ``col``, ``oob``, ``nav``, ``acc``, ``sup``, ``opc`` (``sceneeval``, ``support``);
* ``articulation_clearance``: the fraction of joints (doors, drawers, lids) that open to their
  limits without touching anything, each part swept along its joint (``articulation``);
* instruction fidelity ``cnt``, ``oor``, ``oar`` (``specs``; specs come from ``specs`` or are
  read from ``instruction`` by the reader (``core/reader.py``); None when there is no spec of a kind);
* ``grades`` (realism, functionality, layout, completion, 0–10) and ``reasons`` (per grade, the
  ``critic.Reason`` deductions, each with a stable ``code``; ``grade_reasons`` in JSON) from the
  programmatic critic (``critic``), or from a VLM judge when one is passed (``vlm``; its comments
  get the code ``judge``);
* ``q_phy``, ``q_vis``, ``quality``, ``composition`` (``scores``) for ``runtime_s`` seconds;
* ``details``: what lies behind the numbers (which objects collide, by how much, which are out of
  bounds or unsupported, each spec's count) and ``eval_s``, the evaluation's own time.

``review_image(state, result)`` draws the marked top-down picture (``review``).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

from ...ground.state import SceneState
from ..reader import read
from . import articulation, critic, physical, sceneeval, scores, support
from .critic import Reason
from .meshes import object_mesh
from .review import render
from .specs import Spec, SpecError, fidelity, parse_specs
from .vlm import VlmError, VlmJudge

__all__ = ["Reason", "Report", "SpecError", "VlmError", "VlmJudge", "evaluate", "parse_specs", "review_image"]


@dataclass(frozen=True)
class Report:
    """Every metric of one scene (see the module docstring for what each field means)."""

    n_obj: int
    n_oob: int
    n_collision_pairs: int
    col: float
    oob: float
    nav: float
    acc: float
    sup: float
    opc: float
    articulation_clearance: float
    cnt: float | None
    oor: float | None
    oar: float | None
    grades: dict[str, int]
    reasons: dict[str, tuple[Reason, ...]]
    q_phy: float
    q_vis: float
    quality: float
    composition: float
    runtime_s: float
    judge: str
    eval_s: float
    details: dict[str, Any]

    @property
    def summed_grade(self) -> int:
        return int(sum(self.grades.values()))

    def all_reasons(self) -> tuple[Reason, ...]:
        return tuple(r for reasons in self.reasons.values() for r in reasons)

    def requirements(self) -> list[dict[str, Any]]:
        """Each spec of the instruction as measured on the scene: the spec, whether it holds, and
        what was found."""
        out = []
        for d in self.details.get("specs", ()):
            what = "found" if d["kind"] == "count" else "placed so"
            out.append({"spec": d["spec"], "satisfied": d["satisfied"], "detail": f"{d['count']} {what}"})
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the fields by name, ``reasons`` as ``grade_reasons`` (code, points, text,
        subjects per deduction), and ``requirements`` (``requirements()``)."""
        out = {k: v for k, v in asdict(self).items() if k != "reasons"}
        out["grade_reasons"] = {g: [r.to_dict() for r in reasons] for g, reasons in self.reasons.items()}
        out["requirements"] = self.requirements()
        return out


def _specs(instruction: str | None, specs) -> list[Spec]:
    if specs is None:
        return parse_specs(list(read(instruction).specs())) if instruction else []
    return [s if isinstance(s, Spec) else parse_specs([s])[0] for s in specs]


def evaluate(state: SceneState, instruction: str | None = None, specs=None, runtime_s: float = 0.0, judge: VlmJudge | None = None) -> Report:
    """Every metric of a scene (see the module docstring). ``specs``: spec strings or Specs."""
    if state.room is None:
        raise ValueError("the scene has no room: run init_room first")
    started = time.perf_counter()
    spec_list = _specs(instruction, specs)
    meshes = physical.scene_meshes(state)
    every = {o.id: object_mesh(o) for o in state.objects}
    contacts = physical.contacts(meshes)
    phy = physical.physical(state, meshes, contacts)
    col_pairs = sceneeval.collision_pairs(meshes, contacts)
    oob_ids = sceneeval.oob_objects(state, meshes)
    ids = list(meshes)
    nav = sceneeval.navigability(state, ids)
    acc, access = sceneeval.accessibility(state, ids)
    sup = support.support(state, meshes, every)
    opc, occlusion = sceneeval.opening_clearance(state, meshes)
    joints = articulation.joint_clearances(state, every)
    blocked = tuple(f"{j.object_id} {j.joint.replace('_', ' ')} ({j.reached:.0%} open, {j.blocked_by} in the way)" for j in joints if not j.clear)
    fid, spec_results = fidelity(state, spec_list)
    unsupported = tuple(s.id for s in sup if not s.supported)
    doors = {o.id: occlusion[o.id] for o in state.openings if o.kind == "door"}
    usable = sceneeval.accessibility(state, ids, movable=critic.rooms.CHAIRS)[1]
    windows = {o.id: occlusion[o.id] for o in state.openings if o.kind == "window"}
    unmet = tuple((r.spec, r.kind, r.count) for r in spec_results if not r.satisfied)
    facts = critic.Facts(phy.n_obj, tuple((c.a, c.b) for c in phy.collisions), tuple(o.id for o in phy.out_of_bounds), unsupported, nav.nav, usable,
                         doors, windows, unmet, blocked)
    review = critic.critique(state, facts)
    grades, reasons, judged_by = review.grades, review.reasons, "critic"
    if judge is not None:
        flagged = {i for p in col_pairs for i in p} | set(oob_ids) | set(unsupported)
        try:
            grades, comments = judge.judge(state, instruction or f"Design me a {state.room.room_type.replace('_', ' ')}", render(state, flagged))
            reasons = {g: tuple(Reason("judge", max(0, 10 - grades.get(g, 10)), text) for text in texts) for g, texts in comments.items()}
            judged_by = f"vlm:{judge.model}"
        except VlmError as exc:
            judged_by = f"critic (the VLM judge failed: {exc})"
    q_phy = scores.q_phy(phy.n_obj, phy.n_oob, phy.n_collision_pairs)
    q_vis = scores.q_vis(grades)
    quality = scores.quality(q_phy, q_vis)
    n = max(1, phy.n_obj)
    return Report(**{
        "n_obj": phy.n_obj,
        "n_oob": phy.n_oob,
        "n_collision_pairs": phy.n_collision_pairs,
        "col": round(sceneeval.col(meshes, col_pairs), 6),
        "oob": round(len(oob_ids) / n if phy.n_obj else 0.0, 6),
        "nav": round(nav.nav, 6),
        "acc": round(acc, 6),
        "sup": round(sum(s.supported for s in sup) / n if phy.n_obj else 1.0, 6),
        "opc": round(opc, 6),
        "articulation_clearance": round(articulation.articulation_clearance(joints), 6),
        "cnt": fid["cnt"],
        "oor": fid["oor"],
        "oar": fid["oar"],
        "grades": grades,
        "reasons": reasons,
        "q_phy": round(q_phy, 6),
        "q_vis": round(q_vis, 6),
        "quality": round(quality, 6),
        "composition": round(scores.composition(quality, runtime_s), 6),
        "runtime_s": float(runtime_s),
        "judge": judged_by,
        "eval_s": round(time.perf_counter() - started, 4),
        "details": {
            "out_of_bounds": [{"id": o.id, "reach_m": round(o.distance_m, 4)} for o in phy.out_of_bounds],
            "collisions": [{"a": c.a, "b": c.b, "depth_m": round(c.depth_m, 5), "volume_m3": round(c.volume_m3, 7)} for c in phy.collisions],
            "contacts": [{"a": c.a, "b": c.b, "depth_m": round(c.depth_m, 5), "volume_m3": round(c.volume_m3, 7)} for c in contacts],
            "col_pairs": [list(p) for p in col_pairs],
            "oob_objects": oob_ids,
            "unsupported": list(unsupported),
            "access": {k: round(v, 4) for k, v in access.items()},
            "opening_occlusion": {k: round(v, 4) for k, v in occlusion.items()},
            "blocked_joints": [{"id": j.object_id, "joint": j.joint, "reached": round(j.reached, 4), "blocked_by": j.blocked_by}
                               for j in joints if not j.clear],
            "specs": [{"spec": r.spec, "kind": r.kind, "count": r.count, "satisfied": r.satisfied} for r in spec_results],
        },
    })


def review_image(state: SceneState, result: Report):
    """The marked top-down review image (PIL) of an evaluated scene."""
    d = result.details
    flagged = {i for p in d["col_pairs"] for i in p} | {c["a"] for c in d["collisions"]} | {c["b"] for c in d["collisions"]}
    flagged |= {o["id"] for o in d["out_of_bounds"]} | set(d["oob_objects"]) | set(d["unsupported"])
    room = state.room
    g = result.grades
    title = (f"{room.room_type.replace('_', ' ')} {room.width_m:.1f} x {room.depth_m:.1f} m   N_obj {result.n_obj}   #OB {result.n_oob}   "
             f"#CN {result.n_collision_pairs}   R{g['realism']} F{g['functionality']} L{g['layout']} C{g['completion']}")
    return render(state, flagged, title)
