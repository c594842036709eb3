"""The feature discriminator (agent/ranker.py): what it reads from a trajectory's calls without
building it, how it learns weights from built and scored groups, and how it picks."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sceneorchestra_addon.agent import pipeline as P
from sceneorchestra_addon.agent.backend import BackendError
from sceneorchestra_addon.agent.llama import Limits
from sceneorchestra_addon.agent.ranker import (
    FEATURES, FeatureDiscriminator, crowd_estimate, fit, fit_chosen, ranking_accuracy, trajectory_features,
)
from sceneorchestra_addon.core import executor

BEDROOM = """1. init_room(room_type="bedroom", width_m=4.0, depth_m=4.0, door_wall="south", window_wall="north")
2. add_object(category="double_bed", placement="against_wall")
3. add_related(category="nightstand", anchor="double_bed_0", relation="left_of", distance_m=0.05)
4. add_object(category="rug", placement="middle")
5. add_object(category="bookshelf", placement="corner")
6. add_crowd(parent="bookshelf_0", categories=("book",), surface="shelves", density=0.7)
7. add_on_top(parent="nightstand_0", category="table_lamp")
8. add_ceiling_light(count=2)
9. terminate(status="success")
"""


def features(text: str, instruction: str = "Design me a bedroom") -> dict[str, float]:
    return dict(zip(FEATURES, trajectory_features(text, Limits.of(instruction).specs)))


def test_features_read_what_the_calls_add_and_what_the_instruction_asks():
    f = features(BEDROOM, "A bedroom with a double bed, a nightstand to the left of the bed and two armchairs")
    assert f["objects"] == 6  # bed, nightstand, bookshelf, lamp, two lights; the rug is no object (N_obj); the crowd apart
    assert f["crowds"] == 1 and f["calls"] == 8
    built = executor.run_text(BEDROOM, seed=0).state
    books = sum(1 for o in built.objects if o.parent == "bookshelf_0")
    assert 0.4 * books <= f["crowd_items"] <= 2.5 * books  # the catalogue's estimate of the crowd, near what is built
    assert f["essentials_missing"] == 1 and 0 < f["expected_named"] < 1  # a bed, but no wardrobe or dresser
    assert f["lit"] == pytest.approx(min(2.0, 2.5 * 18.0 / 16.0))  # two ceiling lights and a table lamp for 16 m2
    assert f["dressed"] == 1.0  # the nightstand and the bookshelf hold something
    assert f["counts_met"] == pytest.approx(2 / 3)  # the bed and the nightstand, not the armchairs
    assert f["relations_met"] == 1.0  # the nightstand is placed left of the bed
    right = features(BEDROOM.replace('relation="left_of"', 'relation="right_of"'), "A bedroom with a nightstand to the left of the bed")
    assert right["relations_met"] == 0.0  # right of the bed is not left of it
    assert features('1. init_room(room_type="bedroom", width_m=4.0, depth_m=4.0)\n2. terminate(status="success")\n')["essentials_missing"] == 2
    assert crowd_estimate("no_such_thing", "any", ("book",), 0.5) == 0.0


def test_a_fit_ranks_by_what_the_scores_follow_and_the_penalty_is_chosen_on_held_out_groups():
    rng = np.random.default_rng(0)
    groups = []
    for _ in range(30):
        x = rng.normal(size=(4, len(FEATURES)))
        groups.append((x, list(2.0 * x[:, 0] - x[:, 5] + 0.05 * rng.normal(size=4))))
    params = fit(groups)
    assert params["weights"][0] > 0 and params["weights"][5] < 0
    assert ranking_accuracy(params, groups) >= 0.9
    chosen = fit_chosen(groups)
    assert set(chosen["cv"]) == {"0.01", "0.1", "1.0", "10.0"} and chosen["cv"][str(chosen["l2"])] == max(chosen["cv"].values())
    flipped = fit([(x, [-s for s in scores]) for x, scores in groups])
    assert ranking_accuracy(flipped, groups) <= 0.1
    with pytest.raises(ValueError, match="no pair"):
        fit([(np.ones((2, len(FEATURES))), [1.0, 1.0])])


def test_the_feature_discriminator_loads_its_file_picks_and_refuses_a_foreign_one(tmp_path):
    x = np.stack([trajectory_features(BEDROOM), trajectory_features(BEDROOM.replace("count=2", "count=1"))])
    params = fit([(x, [1.0, 0.0])])
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(params))
    judge = FeatureDiscriminator(path)
    fewer = BEDROOM.replace("count=2", "count=1")
    assert judge.rank("Design me a bedroom", [fewer, BEDROOM]) == 1
    assert judge.rank("Design me a bedroom", ["1. not a call\n", fewer]) == 1  # a text that is no trajectory is never picked
    (tmp_path / "other.json").write_text(json.dumps({"format": "something else"}))
    with pytest.raises(BackendError, match="not a ranker file"):
        FeatureDiscriminator(tmp_path / "other.json")
    with pytest.raises(BackendError, match="cannot read"):
        FeatureDiscriminator(tmp_path / "missing.json")


def test_the_pipeline_loads_a_ranker_file_as_the_discriminator(tmp_path):
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(fit([(np.stack([trajectory_features(BEDROOM), trajectory_features(BEDROOM.replace("count=2", "count=1"))]),
                                     [1.0, 0.0])])))
    P.forget_backends()
    judge = P.discriminator_for(P.BackendSettings("teacher", pick="discriminator", discriminator_path=str(path)))
    assert isinstance(judge, FeatureDiscriminator)
    (tmp_path / "broken.json").write_text("{")
    P.forget_backends()
    with pytest.raises(P.BackendUnavailable, match="cannot read"):
        P.discriminator_for(P.BackendSettings("teacher", pick="discriminator", discriminator_path=str(tmp_path / "broken.json")))
    P.forget_backends()
