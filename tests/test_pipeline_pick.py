"""Choosing one of several samples: built and graded (the default) or ranked unbuilt by the
discriminator model; and which shipped GGUF is the orchestrator and which the discriminator."""

from __future__ import annotations

from pathlib import Path

import pytest

from sceneorchestra_addon.agent import pipeline as P
from sceneorchestra_addon.core import trajectory as T

DATA = Path(__file__).parent / "data"
BEDROOM = (DATA / "bedroom.txt").read_text()
SMALL = T.format(T.Trajectory((T.load(BEDROOM).calls[0], T.Call(2, "terminate", (("status", "success"),)))))


class Fixed:
    def __init__(self, *texts):
        self.texts = texts

    def generate(self, instruction, n=1, seed=0):
        return list(self.texts[:n])


def pipeline(settings, *texts):
    return P.Pipeline(settings, factory=lambda s: Fixed(*texts))


def test_score_pick_builds_each_and_keeps_the_best():
    out = pipeline(P.BackendSettings("teacher"), "1. nonsense(", SMALL, BEDROOM).write("Design me a bedroom", samples=3)
    assert out.chosen == 2 and out.candidates[0].error and out.candidates[2].objects > out.candidates[1].objects


def test_discriminator_pick_ranks_the_valid_samples_unbuilt(tmp_path):
    pytest.importorskip("llama_cpp")
    from gguf_tiny import write_tiny_llama

    from sceneorchestra_addon.agent.llama import GUIDE_KEY

    disc = write_tiny_llama(tmp_path / "disc.gguf", strings={GUIDE_KEY: "none"})  # random weights, prompted without the tool guide
    P.forget_backends()
    settings = P.BackendSettings("teacher", pick="discriminator", discriminator_path=str(disc), n_threads=1)
    out = pipeline(settings, "1. nonsense(", SMALL, BEDROOM).write("Design me a bedroom", samples=3)
    assert out.chosen in (1, 2) and not out.candidates[out.chosen].error
    assert all(c.objects == 0 for c in out.candidates)  # nothing was built to choose
    again = pipeline(settings, "1. nonsense(", SMALL, BEDROOM).write("Design me a bedroom", samples=3)
    assert again.chosen == out.chosen  # greedy: the same samples get the same pick
    P.forget_backends()


def test_a_missing_discriminator_or_unknown_pick_is_a_clear_error(tmp_path):
    missing = P.BackendSettings("teacher", pick="discriminator", discriminator_path=str(tmp_path / "nope.gguf"))
    with pytest.raises(P.BackendUnavailable, match="discriminator file not found"):
        pipeline(missing, SMALL, BEDROOM).write("Design me a bedroom", samples=2)
    with pytest.raises(P.BackendUnavailable, match="unknown pick"):
        pipeline(P.BackendSettings("teacher", pick="vote"), SMALL, BEDROOM).write("Design me a bedroom", samples=2)
    one = pipeline(missing, BEDROOM).write("Design me a bedroom", samples=1)  # one sample needs no pick
    assert one.chosen == 0


def test_the_shipped_orchestrator_is_never_the_discriminator(tmp_path):
    assert P.shipped_model(tmp_path) is None and P.shipped_discriminator(tmp_path) is None
    (tmp_path / "discriminator.gguf").write_bytes(b"x")
    assert P.shipped_model(tmp_path) is None and P.shipped_discriminator(tmp_path) == tmp_path / "discriminator.gguf"
    (tmp_path / "discriminator.json").write_text("{}")  # the feature discriminator comes first
    assert P.shipped_discriminator(tmp_path) == tmp_path / "discriminator.json"
    (tmp_path / "another.gguf").write_bytes(b"x")
    assert P.shipped_model(tmp_path) == tmp_path / "another.gguf"
    (tmp_path / "orchestrator.gguf").write_bytes(b"x")
    assert P.shipped_model(tmp_path) == tmp_path / "orchestrator.gguf"
