"""The whole training pipeline (training/pipeline.sh) at nano scale, as CI runs it: every stage of
both phases, the export, the discriminator's evaluation and the table, and the sizing stage for one
preset; then the final GGUF loads in llama.cpp and writes trajectories that execute."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def test_the_pipeline_runs_end_to_end_at_nano_scale_and_its_model_writes_rooms(tmp_path):
    pytest.importorskip("llama_cpp")
    pytest.importorskip("trl")
    out = tmp_path / "nano"
    env = {**os.environ, "OUT": str(out), "SCALE_PRESET": "nano", "SIZES": "nano"}
    run = subprocess.run(["bash", "training/pipeline.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=2400)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert "stage times:" in run.stdout and "phase 2: trajectory DPO:" in run.stdout
    for name in ("rollouts.jsonl", "traj_sft.jsonl", "disc2_sft.jsonl", "traj_dpo2.jsonl", "samples_disc.jsonl"):
        assert (out / name).stat().st_size > 0, name

    from sceneorchestra_addon.agent.llama import LlamaBackend
    from sceneorchestra_addon.core import executor

    backend = LlamaBackend(out / "gguf" / "orchestrator2.gguf", n_threads=1, n_ctx=4096, max_tokens=1024)
    assert backend.guide == "none"  # recorded in the GGUF by the export
    for text in backend.generate("Design me a bedroom", n=2, seed=0):
        assert executor.run_text(text, seed=0).state.room is not None  # parses, validates and builds a room
    backend.close()

    table = json.loads((out / "eval" / "table.json").read_text())
    rows = ["full", "w/o discriminator", "phase 1 only", "w/o DPO", "w/o steering", "teacher", "rules"]
    assert [r["name"] for r in table["rows"]] == rows and not any(r["skipped"] for r in table["rows"])
    assert set(table["sets"]) == {"design", "test", "test_unseen", "instructions"}
    assert list(table["sets"]["design"]) == rows
    assert "| teacher |" in (out / "eval" / "table.md").read_text()
    for name in ("discriminator.json", "ranker.json"):  # the language-model discriminator and the feature discriminator
        accuracy = json.loads((out / "eval" / name).read_text())["accuracy"]
        assert {"discriminator", "longest", "most_objects", "random"} <= set(accuracy) and all(0.0 <= v <= 1.0 for v in accuracy.values())

    sizing = json.loads((out / "sizing" / "curve.json").read_text())  # the preset trained again on the same data, measured
    (model,) = sizing["models"]
    assert model["name"] == "size_nano" == sizing["pick"] and model["params"] > 100_000 and 0 < model["mb"] <= sizing["max_gguf_mb"]
    assert model["train_s"] > 0 and model["tokens_per_s"] > 0 and {"test", "instructions"} <= set(model["sets"])
    assert "| **size_nano** |" in (out / "sizing" / "curve.md").read_text()
