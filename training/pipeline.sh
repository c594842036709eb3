#!/usr/bin/env bash
# The SceneOrchestra training pipeline end to end at tiny scale (2 CPU cores: ~15 minutes).
# Every stage is resumable from its files under $OUT; delete a file (or pass --force to a stage) to redo it.
#   OUT=out/training COUNTS=40,10,10,10 SEEDS=3 bash training/pipeline.sh
# Phase 2 (the interleaved round) is not implemented yet: the run ends after phase 1 + export.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
OUT=${OUT:-out/training}
COUNTS=${COUNTS:-40,10,10,10}   # instructions: train,disc,interleave,test (paper: 100,50,50,50)
SEEDS=${SEEDS:-3}               # teacher rollouts per instruction
GUIDE=${GUIDE:-none}            # tool guide in the prompts: none | compact | full
SCALE=${SCALE:-1.0}             # multiplies tau1, tau3, tau4 (paper values at 1.0)
PRESET=${PRESET:-tiny}          # nano | tiny | small
SFT_EPOCHS=${SFT_EPOCHS:-8}
DPO_EPOCHS=${DPO_EPOCHS:-2}
VOCAB=${VOCAB:-2048}
MODEL=${MODEL:-$OUT/sceneorchestra-tiny.gguf}

t0=$(date +%s)
stage() { echo; echo "=== $1 ($(( $(date +%s) - t0 )) s so far)"; }

stage instructions; $PY training/instructions.py --out "$OUT" --counts "$COUNTS"
stage rollouts;     $PY training/rollouts.py --out "$OUT" --sets train --seeds "$SEEDS"
stage datasets;     $PY training/build_datasets.py --out "$OUT" --guide "$GUIDE" --scale "$SCALE"
stage tokenizer;    $PY training/tokenizer.py --out "$OUT" --vocab "$VOCAB"
stage "1 stepwise SFT";   $PY training/train_sft.py --out "$OUT" --data step_sft --save step_sft --init scratch --preset "$PRESET" --epochs "$SFT_EPOCHS"
stage "2 trajectory SFT"; $PY training/train_sft.py --out "$OUT" --data traj_sft --save traj_sft --init step_sft --epochs "$SFT_EPOCHS"
stage "3 stepwise DPO";   $PY training/train_dpo.py --out "$OUT" --data step_dpo --init traj_sft --save step_dpo --epochs "$DPO_EPOCHS"
stage "4 trajectory DPO"; $PY training/train_dpo.py --out "$OUT" --data traj_dpo --init step_dpo --save orchestrator --epochs "$DPO_EPOCHS"
stage "discriminator SFT"; $PY training/train_sft.py --out "$OUT" --data disc_sft --save discriminator --init traj_sft --epochs "$SFT_EPOCHS"
stage "export + verify";  $PY training/export_gguf.py --ckpt "$OUT/models/orchestrator" --out "$MODEL" --guide "$GUIDE"
stage done
