"""The evaluator: measures a scene's final geometry, never the solver's bookkeeping.

``evaluate(state, instruction=None, specs=None, runtime_s=0.0)`` returns one dict:

* SceneWeaver's physical metrics: ``n_obj``, ``n_oob`` (#OB), ``n_collision_pairs`` (#CN)
  (``physical``; mesh contact in ``collide``);
* SceneEval's ``col``, ``oob``, ``nav``, ``acc``, ``sup``, ``opc`` (``sceneeval``, ``support``);
* instruction fidelity ``cnt``, ``oor``, ``oar`` (``specs``; specs come from ``specs`` or are
  what the reader (``core/reader.py``) finds in ``instruction``; None when there is no spec of a kind);
* ``grades`` (realism, functionality, layout, completion, 0–10) and ``grade_reasons`` from the
  programmatic critic (``critic``), or from a VLM judge when one is passed (``vlm``);
* ``q_phy``, ``q_vis``, ``quality``, ``composition`` (``scores``) for ``runtime_s`` seconds;
* ``details``: what lies behind the numbers (which objects collide, by how much, which are out of
  bounds or unsupported, each spec's count) and ``eval_s``, the evaluation's own time.

``review_image(state, result)`` draws the marked top-down picture (``review``).
"""

from __future__ import annotations

import time

from ...ground.state import SceneState
from . import critic, physical, sceneeval, scores, support
from .meshes import object_mesh
from .review import render
from .specs import Spec, SpecError, fidelity, parse_specs
from .vlm import VlmError, VlmJudge

__all__ = ["SpecError", "VlmError", "VlmJudge", "evaluate", "parse_specs", "review_image"]


def _specs(instruction: str | None, specs) -> list[Spec]:
    if specs is None:
        from ..reader import read  # the reader itself uses the spec grammar of this package

        return parse_specs(read(instruction).specs()) if instruction else []
    return [s if isinstance(s, Spec) else parse_specs([s])[0] for s in specs]


def evaluate(state: SceneState, instruction: str | None = None, specs=None, runtime_s: float = 0.0, judge: VlmJudge | None = None) -> dict:
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
    fid, spec_results = fidelity(state, spec_list)
    unsupported = tuple(s.id for s in sup if not s.supported)
    doors = {o.id: occlusion[o.id] for o in state.openings if o.kind == "door"}
    usable = sceneeval.accessibility(state, ids, movable=critic.rooms.CHAIRS)[1]
    facts = critic.Facts(phy.n_obj, tuple((c.a, c.b) for c in phy.collisions), tuple(o.id for o in phy.out_of_bounds), unsupported, nav.nav, usable, doors)
    review = critic.critique(state, facts)
    grades, reasons, judged_by = review.grades, review.reasons, "critic"
    if judge is not None:
        flagged = {i for p in col_pairs for i in p} | set(oob_ids) | set(unsupported)
        try:
            grades, reasons = judge.judge(state, instruction or f"Design me a {state.room.room_type.replace('_', ' ')}", render(state, flagged))
            judged_by = f"vlm:{judge.model}"
        except VlmError as exc:
            judged_by = f"critic (the VLM judge failed: {exc})"
    q_phy = scores.q_phy(phy.n_obj, phy.n_oob, phy.n_collision_pairs)
    q_vis = scores.q_vis(grades)
    quality = scores.quality(q_phy, q_vis)
    n = max(1, phy.n_obj)
    return {
        "n_obj": phy.n_obj,
        "n_oob": phy.n_oob,
        "n_collision_pairs": phy.n_collision_pairs,
        "col": round(sceneeval.col(meshes, col_pairs), 6),
        "oob": round(len(oob_ids) / n if phy.n_obj else 0.0, 6),
        "nav": round(nav.nav, 6),
        "acc": round(acc, 6),
        "sup": round(sum(s.supported for s in sup) / n if phy.n_obj else 1.0, 6),
        "opc": round(opc, 6),
        "cnt": fid["cnt"],
        "oor": fid["oor"],
        "oar": fid["oar"],
        "grades": grades,
        "grade_reasons": reasons,
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
            "specs": [{"spec": r.spec, "kind": r.kind, "count": r.count, "satisfied": r.satisfied} for r in spec_results],
        },
    }


def review_image(state: SceneState, result: dict):
    """The marked top-down review image (PIL) of an evaluated scene."""
    d = result["details"]
    flagged = {i for p in d["col_pairs"] for i in p} | {c["a"] for c in d["collisions"]} | {c["b"] for c in d["collisions"]}
    flagged |= {o["id"] for o in d["out_of_bounds"]} | set(d["oob_objects"]) | set(d["unsupported"])
    room = state.room
    g = result["grades"]
    title = (f"{room.room_type.replace('_', ' ')} {room.width_m:.1f} x {room.depth_m:.1f} m   N_obj {result['n_obj']}   #OB {result['n_oob']}   "
             f"#CN {result['n_collision_pairs']}   R{g['realism']} F{g['functionality']} L{g['layout']} C{g['completion']}")
    return render(state, flagged, title)
