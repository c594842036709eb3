"""The feature discriminator: ranks k candidate trajectories for one instruction without building
any of them, from what each one's text says, with weights learnt from built and scored samples.

The paper's discriminator is a language model that reads the k candidates and names the best
(``agent.discriminator``). Trained from scratch at this project's size (2.6 M parameters), that
model ranks at chance. This one reads each candidate's calls instead (``trajectory_features``):
how many objects its calls add (a crowd's items counted apart: their number is only known once
built), how many it has for the room's floor area, the room type's essential and expected pieces
it names, its lights for the floor, the supporters it dresses, and how many of the instruction's
requirements (as the reader understood them) its calls meet on their face. A linear score over
those features, fitted by pairwise logistic regression on groups of built and scored samples
(``fit``: every pair of one group whose composition differs), picks the candidate with the highest
score. The weights are a small JSON file (``save`` / ``load``); the shipped one is
``models/discriminator.json``, made by ``training/phase2.py fit-ranker``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .. import assets
from ..core import trajectory as T
from ..core.programs import UNDRESSED
from ..core.metrics import rooms
from ..core.metrics.critic import CEILING_LIGHTS, LAMPS, LIT_AREA_M2
from ..core.metrics.specs import Spec, SpecError, categories_for
from ..core.tools import SPECS
from ..core.tools.add_crowd import MAX_ITEMS, SURFACE_KINDS
from ..core.tools.add_set import SETS
from ..ground import catalog
from ..ground.rooms import BY_ROOM
from .backend import BackendError

FEATURES = (
    "objects",  # objects the calls add (as N_obj counts them: no rugs), a crowd's items left out
    "crowds",  # add_crowd calls (each fills a supporter with a number of items known once built)
    "crowd_items",  # the items the crowds add, estimated from the catalogue (``crowd_estimate``)
    "calls",
    "categories",  # distinct categories named
    "density",  # objects for the floor area, against what a complete room of that area holds (critic's target)
    "essentials_missing",  # essential groups of the room type none of whose categories is named
    "expected_named",  # share of the room type's expected categories named
    "lit",  # lights for the floor area (1: one light per LIT_AREA_M2), at most 2
    "dressed",  # share of the supporters with a top or shelves named that a call dresses (on top, crowd)
    "counts_met",  # share of the count requirements the named counts meet
    "relations_met",  # share of the relation requirements a call makes on its face
    "modifiers",  # calls that move, turn or remove instead of adding
)
MODIFIER_GROUP = "modifier"
CROWD_TOOL = "add_crowd"
RANKER_FORMAT = "sceneorchestra.ranker/1"


def _category_of(object_id: str) -> str:
    """The category of an object id the executor gave (``double_bed_0`` -> ``double_bed``)."""
    return object_id.rsplit("_", 1)[0]


def _added(call: T.Call) -> list[tuple[str, int]]:
    """(category, how many) for what one call adds, a crowd's items left out."""
    args = dict(call.args)
    spec = SPECS.get(call.tool)
    if spec is None or spec.group != "implementer" or call.tool == CROWD_TOOL:
        return []
    names = {p.name for p in spec.params}
    args = {**{n: spec.param(n).default for n in ("count", "category", "member", "kind") if n in names}, **args}
    count = int(args.get("count", 1))
    if call.tool == "add_set":
        main, steps = SETS[args["kind"]]
        size = int(args.get("size", 0) or 0)
        return [(main, 1)] + [("", size if "{size}" in s else 1) for s in steps]
    category = args.get("category") or args.get("member") or ""
    if call.tool == "add_related" and args.get("relation") == "on_both_sides":
        count = 2
    return [(category, count)] if isinstance(category, str) else []


@functools.lru_cache(maxsize=512)
def crowd_estimate(parent: str, surface: str, categories: tuple[str, ...], density: float) -> float:
    """About how many items ``add_crowd`` puts on a typical ``parent`` (a category): the area of
    its ``surface`` surfaces (a typical instance of the catalogue) times ``density``, over the
    items' typical footprint; at most the tool's MAX_ITEMS. 0 for what the catalogue lacks."""
    if parent not in catalog.BY_NAME or not categories or any(c not in catalog.BY_NAME for c in categories):
        return 0.0
    w, d, h = catalog.BY_NAME[parent].typical
    tree = assets.build(assets.sample_params(parent, np.random.default_rng(0), width_m=w, depth_m=d, height_m=h))
    kinds = SURFACE_KINDS.get(surface, SURFACE_KINDS["any"])
    area = sum((s.rect[2] - s.rect[0]) * (s.rect[3] - s.rect[1]) for s in tree.surfaces if s.kind in kinds)
    footprint = float(np.mean([catalog.BY_NAME[c].typical[0] * catalog.BY_NAME[c].typical[1] for c in categories]))
    return float(min(MAX_ITEMS, area * density / max(footprint, 1e-4)))


def _crowd_items(call: T.Call) -> float:
    args = dict(call.args)
    spec = SPECS[CROWD_TOOL]
    categories = args.get("categories", ())
    return crowd_estimate(_category_of(str(args.get("parent", ""))), str(args.get("surface", spec.param("surface").default)),
                          tuple(categories) if isinstance(categories, tuple) else (), float(args.get("density", spec.param("density").default)))


def _references(call: T.Call) -> set[str]:
    """The categories of the objects a call places its new objects by (anchor, parent, above)."""
    return {_category_of(v) for k, v in call.args if k in ("anchor", "parent", "above") and isinstance(v, str) and v}


def _count_met(spec: Spec, named: int) -> bool:
    return {"eq": named == spec.quantity, "ge": named >= spec.quantity, "gt": named > spec.quantity,
            "le": named <= spec.quantity, "lt": named < spec.quantity}[spec.quantifier]


def _relation_made(spec: Spec, calls: Sequence[T.Call]) -> bool:
    """Whether a call adds the spec's target by its reference (an object relation) or places it
    as the room relation asks (``placement`` / ``near``), judged from the call's arguments only."""
    try:
        targets = categories_for(spec.target)
        refs = categories_for(spec.reference) if spec.reference and not spec.arch else frozenset()
    except SpecError:
        return False
    for call in calls:
        added = {c for c, _ in _added(call)} | {_category_of(v) for k, v in call.args if k == "target" and isinstance(v, str)}
        if not added & targets:
            continue
        if spec.arch:
            words = {str(v) for k, v in call.args if k in ("placement", "near", "wall")}
            if spec.reference in words or spec.relation in words or (spec.relation == "against" and "against_wall" in words):
                return True
        elif _references(call) & refs and _makes(call, spec.relation):
            return True
    return False


def _makes(call: T.Call, relation: str) -> bool:
    """Whether a call that places an object by another can make ``relation`` hold: a tool that
    makes it by itself (a piece set on a top, a group around a table), or the ``relation`` or
    ``arrangement`` value that makes it (steering's tables in ``agent.llama``)."""
    from .llama import ARRANGEMENTS, RELATION_TOOLS, TOOL_RELATIONS

    if relation in RELATION_TOOLS:
        return call.tool in RELATION_TOOLS[relation] or (call.tool == "add_group" and dict(call.args).get("arrangement") in ARRANGEMENTS.get(relation, ()))
    args = dict(call.args)
    return args.get("relation") in TOOL_RELATIONS.get(relation, ()) or args.get("arrangement") in ARRANGEMENTS.get(relation, ())


def trajectory_features(text: str, specs: Sequence[Spec] = ()) -> np.ndarray:
    """The features (``FEATURES``, in order) of one trajectory text, read from its calls without
    executing them; ``specs``: the instruction's requirements. Raises T.TrajectoryError for a
    text that is not a valid trajectory."""
    traj = T.load(text)
    calls = [c for c in traj.calls if c.tool != "terminate"]
    first = dict(calls[0].args) if calls else {}
    room_type = first.get("room_type")
    area = float(first.get("width_m", 4.0)) * float(first.get("depth_m", 4.0))
    per_category: dict[str, int] = {}
    for call in calls:
        for category, n in _added(call):
            if category:
                per_category[category] = per_category.get(category, 0) + n
    objects = sum(n for call in calls for c, n in _added(call) if c not in catalog.BY_NAME or catalog.BY_NAME[c].counts_as_object)
    named = set(per_category)
    kind = BY_ROOM.get(room_type) if isinstance(room_type, str) else None
    essentials_missing = sum(1 for group in kind.essential if not named & set(group)) if kind else 0
    expected = [c for c in kind.expected] if kind else []
    expected_named = sum(1 for c in expected if named & rooms.alternatives(c)) / len(expected) if expected else 1.0
    lights = sum(n * (1.0 if c in CEILING_LIGHTS else 0.5) for c, n in per_category.items() if c in CEILING_LIGHTS | LAMPS)
    lit = min(2.0, lights * LIT_AREA_M2 / max(area, 1.0))
    supporters = {c for c in named if c in catalog.BY_NAME and {"top", "shelf"} & set(catalog.BY_NAME[c].supports) and c not in UNDRESSED}
    dressing = {_category_of(v) for call in calls if call.tool in ("add_on_top", CROWD_TOOL) for k, v in call.args if k == "parent"}
    dressed = len(supporters & dressing) / len(supporters) if supporters else 1.0
    counts = [s for s in specs if s.relation is None]
    counts_met = 1.0
    if counts:
        counts_met = sum(_count_met(s, sum(per_category.get(c, 0) for c in _safe_categories(s.target))) for s in counts) / len(counts)
    relations = [s for s in specs if s.relation is not None]
    relations_met = sum(_relation_made(s, calls) for s in relations) / len(relations) if relations else 1.0
    modifiers = sum(1 for c in calls if SPECS.get(c.tool) is not None and SPECS[c.tool].group == MODIFIER_GROUP)
    values = {
        "objects": objects, "crowds": sum(1 for c in calls if c.tool == CROWD_TOOL), "calls": len(calls),
        "crowd_items": sum(_crowd_items(c) for c in calls if c.tool == CROWD_TOOL),
        "categories": len(named), "density": objects / rooms.target_objects(area), "essentials_missing": essentials_missing,
        "expected_named": expected_named, "lit": lit, "dressed": dressed, "counts_met": counts_met,
        "relations_met": relations_met, "modifiers": modifiers,
    }
    return np.array([float(values[f]) for f in FEATURES])


def called_objects(text: str) -> float:
    """The objects a trajectory's calls add, a crowd's items estimated (the rule "the most objects
    in the calls"); 0 for a text that is not a valid trajectory."""
    try:
        x = dict(zip(FEATURES, trajectory_features(text)))
    except T.TrajectoryError:
        return 0.0
    return x["objects"] + x["crowd_items"]


def _safe_categories(word: str) -> frozenset[str]:
    try:
        return categories_for(word)
    except SpecError:
        return frozenset()


def fit(groups: Sequence[tuple[np.ndarray, Sequence[float]]], l2: float = 1e-2, steps: int = 2000, rate: float = 0.5) -> dict:
    """Weights for a linear score from groups of (features of k candidates as a k x F array, their
    scores): pairwise logistic regression on the standardized feature differences of every pair
    of one group whose scores differ, with an L2 penalty, by gradient descent. Returns the
    ranker's parameters (``FEATURES``, mean, scale, weights)."""
    rows = np.concatenate([x for x, _ in groups])
    mean, scale = standardizer(rows)
    diffs = []
    for x, scores in groups:
        z = (x - mean) / scale
        for i in range(len(scores)):
            for j in range(len(scores)):
                if scores[i] > scores[j] + 1e-9:
                    diffs.append(z[i] - z[j])
    if not diffs:
        raise ValueError("no pair of candidates with different scores to learn from")
    d = np.array(diffs)
    w = np.zeros(d.shape[1])
    rate = min(rate, 1.0 / (1.0 + l2))  # a step the penalty cannot make diverge
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(d @ w)))
        grad = -(d * (1.0 - p)[:, None]).mean(axis=0) + l2 * w
        w -= rate * grad
    return ranker_params(rows, w, pairs=len(diffs), groups=len(groups))


def standardizer(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mean and scale (standard deviation, 1 where a feature does not vary) of feature rows."""
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


def ranker_params(rows: np.ndarray, weights: np.ndarray, **extra) -> dict:
    """A ranker file's contents: the features, the standardizer of ``rows``, the weights."""
    mean, scale = standardizer(rows)
    return {"format": RANKER_FORMAT, "features": list(FEATURES), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "weights": np.asarray(weights).round(6).tolist(), **extra}


L2_GRID = (0.01, 0.1, 1.0, 10.0)


def ranking_accuracy(params: dict, groups: Sequence[tuple[np.ndarray, Sequence[float]]]) -> float:
    """The share of groups whose highest-scored candidate is the best by score (a tied best: a miss)."""
    hits = 0
    for x, scores in groups:
        order = sorted(scores, reverse=True)
        hits += len(order) > 1 and order[0] > order[1] + 1e-9 and int(np.argmax(score(params, x))) == int(np.argmax(scores))
    return hits / max(1, len(groups))


def fit_chosen(groups: Sequence[tuple[np.ndarray, Sequence[float]]], folds: int = 5, grid: Sequence[float] = L2_GRID) -> dict:
    """``fit`` with the L2 penalty of ``grid`` that ranks best on held-out groups (``folds``-fold,
    every ``folds``-th group held out in turn), refitted on all groups; the cross-validated
    accuracy of each penalty is kept in the parameters (``cv``)."""
    folds = max(2, min(folds, len(groups)))
    cv = {}
    for l2 in grid:
        hits = 0.0
        for f in range(folds):
            train = [g for i, g in enumerate(groups) if i % folds != f]
            held = [g for i, g in enumerate(groups) if i % folds == f]
            try:
                hits += ranking_accuracy(fit(train, l2=l2), held) * len(held)
            except ValueError:  # a fold with no pair that differs
                continue
        cv[l2] = hits / len(groups)
    best = max(grid, key=lambda l2: (cv[l2], l2))  # the strongest penalty among the best
    params = fit(groups, l2=best)
    params.update(l2=best, cv={str(k): round(v, 4) for k, v in cv.items()})
    return params


def score(params: dict, x: np.ndarray) -> np.ndarray:
    """The linear scores of candidates' features ``x`` (k x F) under the ranker's parameters."""
    return ((x - np.array(params["mean"])) / np.array(params["scale"])) @ np.array(params["weights"])


class FeatureDiscriminator:
    """``rank(instruction, candidates) -> index`` from the candidates' calls (``trajectory_features``)
    and the weights in a ranker file (``fit``'s output as JSON). A candidate that is not a valid
    trajectory is never picked while another is; ties go to the first."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            params = json.loads(self.path.read_text())
        except (OSError, ValueError) as exc:
            raise BackendError(f"cannot read the discriminator file {self.path}: {exc}") from exc
        if not isinstance(params, dict) or params.get("format") != RANKER_FORMAT or params.get("features") != list(FEATURES):
            raise BackendError(f"{self.path} is not a ranker file of this version ({RANKER_FORMAT} with features {', '.join(FEATURES)})")
        self.params = params

    def scores(self, instruction: str, candidates: Sequence[str]) -> list[float]:
        """Each candidate's score (-inf for one that is not a valid trajectory)."""
        from .llama import Limits

        specs = Limits.of(instruction).specs
        out = []
        for text in candidates:
            try:
                out.append(float(score(self.params, trajectory_features(text, specs)[None, :])[0]))
            except T.TrajectoryError:
                out.append(float("-inf"))
        return out

    def rank(self, instruction: str, candidates: Sequence[str]) -> int:
        """The index (0 .. k-1) of the candidate expected to build the best scene."""
        if not candidates:
            raise ValueError("no candidates to rank")
        values = self.scores(instruction, candidates)
        return max(range(len(values)), key=lambda i: (values[i], -i))
