#!/usr/bin/env bash
# The SceneOrchestra training pipeline end to end: instructions, teacher rollouts, the four
# orchestrator stages and the discriminator (phase 1), the interleaved round (phase 2), GGUF export,
# the ablation rows and the evaluation table. Every stage is resumable from its files under $OUT:
# delete a file (or a checkpoint folder) to redo that stage. Stage times are printed as it goes.
#   bash training/pipeline.sh                        # the shipped run's scale (see docs/model.md)
#   OUT=out/nano SCALE_PRESET=nano bash training/pipeline.sh   # minutes: the CI test's run
# SHIP=1 copies the final orchestrator and discriminator into sceneorchestra_addon/models/.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
OUT=${OUT:-out/training}
if [ "${SCALE_PRESET:-}" = nano ]; then
  : "${COUNTS:=8,4,4,4}" "${SEEDS:=2}" "${PRESET:=nano}" "${SFT_EPOCHS:=1}" "${DPO_EPOCHS:=1}" "${VOCAB:=512}" "${K:=2}"
  : "${EVAL_LIMIT:=2}" "${EVAL_SEEDS:=2}" "${ABLATIONS:=0}" "${DPO_STEPS:=1}" "${SCALE:=0.3}" "${STEP_EPOCHS:=1}" "${DISC_GROUPS:=2}"
fi
COUNTS=${COUNTS:-800,100,100,60}  # instructions: train,disc,interleave,test (the paper: 100,50,50,50)
SEEDS=${SEEDS:-2}                 # teacher rollouts per train instruction
GUIDE=${GUIDE:-none}              # tool guide in the prompts: none | compact | full
SCALE=${SCALE:-1.0}               # multiplies tau1, tau3, tau4 (the paper's values at 1.0)
PRESET=${PRESET:-tiny}            # nano | tiny | small | base (training/hf.py PRESETS)
SFT_EPOCHS=${SFT_EPOCHS:-4}       # trajectory SFT (and the w/o-stepwise ablation's)
STEP_EPOCHS=${STEP_EPOCHS:-2}     # stepwise SFT: mostly initializer calls after long prompts
DISC_EPOCHS=${DISC_EPOCHS:-1}     # discriminator SFT: k trajectories per prompt, the longest sequences
DISC_GROUPS=${DISC_GROUPS:-1}     # discriminator examples per train instruction (phase 1)
DPO_EPOCHS=${DPO_EPOCHS:-1}
DPO_STEPS=${DPO_STEPS:-1}         # steps per rollout tried with an alternative call (stepwise DPO)
CONTINUATIONS=${CONTINUATIONS:-0.25} # follow-ups drawn per rollout for stepwise SFT continuation records (0: none; 0.25: a quarter of the rollouts draw one)
VOCAB=${VOCAB:-2048}
K=${K:-4}                         # samples per instruction in phase 2 (the paper's k)
ABLATIONS=${ABLATIONS:-1}         # also train the "w/o stepwise" row
SIZES=${SIZES:-}                  # presets to size by measurement after the evaluation (training/sizing.py), e.g. nano,tiny,small
EVAL_LIMIT=${EVAL_LIMIT:-0}       # prompts per evaluation set (0: all)
EVAL_SEEDS=${EVAL_SEEDS:-5}
WORKERS=${WORKERS:-$(nproc)}

t0=$(date +%s)
last=$t0
declare -a TIMES=()
stage() {
  local now; now=$(date +%s)
  [ -n "${CURRENT:-}" ] && TIMES+=("$CURRENT: $(( now - last )) s")
  CURRENT=$1; last=$now
  echo; echo "=== $1 ($(( now - t0 )) s so far)"
}
gguf() { # checkpoint name -> $OUT/gguf/<name>.gguf (kept when it exists)
  [ -f "$OUT/gguf/$1.gguf" ] || $PY training/export_gguf.py --ckpt "$OUT/models/$1" --out "$OUT/gguf/$1.gguf" --guide "$GUIDE" ${2:-}
}
SFT="$PY training/train_sft.py --out $OUT --epochs $SFT_EPOCHS"
STEP_SFT="$PY training/train_sft.py --out $OUT --epochs $STEP_EPOCHS"
DISC_SFT="$PY training/train_sft.py --out $OUT --epochs $DISC_EPOCHS"
DISC_LEN=${DISC_LEN:-3072}        # the discriminator's prompt holds k trajectories: longer sequences than the orchestrator's
STEP_LEN=${STEP_LEN:-2048}        # stepwise SFT: a continuation record's prompt holds a whole first trajectory (some pass 1,024 tokens)
DPO="$PY training/train_dpo.py --out $OUT --epochs $DPO_EPOCHS"

stage instructions;        $PY training/instructions.py --out "$OUT" --counts "$COUNTS"
stage rollouts;            $PY training/rollouts.py --out "$OUT" --sets train --seeds "$SEEDS" --workers "$WORKERS"
stage datasets;            $PY training/build_datasets.py --out "$OUT" --guide "$GUIDE" --scale "$SCALE" --dpo-steps "$DPO_STEPS" --disc-groups "$DISC_GROUPS" --continuations "$CONTINUATIONS"
stage tokenizer;           $PY training/tokenizer.py --out "$OUT" --vocab "$VOCAB"
stage "1 stepwise SFT";    $STEP_SFT --data step_sft --save step_sft --init scratch --preset "$PRESET" --context 4096 --max-length "$STEP_LEN"
stage "2 trajectory SFT";  $SFT --data traj_sft --save traj_sft --init step_sft
stage "3 stepwise DPO";    $DPO --data step_dpo --init traj_sft --save step_dpo
stage "4 trajectory DPO";  $DPO --data traj_dpo --init step_dpo --save orchestrator
stage "discriminator SFT"; $DISC_SFT --data disc_sft --save discriminator --init traj_sft --max-length "$DISC_LEN"
stage "export phase 1";    gguf orchestrator; gguf discriminator --no-verify; gguf traj_sft --no-verify
stage "phase 2: sample on the disc set";       $PY training/phase2.py sample --out "$OUT" --set disc --model "$OUT/gguf/orchestrator.gguf" --k "$K" --execute
stage "phase 2: discriminator data";           $PY training/phase2.py disc-data --out "$OUT" --guide "$GUIDE"
stage "phase 2: feature discriminator";        $PY training/phase2.py fit-ranker --out "$OUT"
stage "phase 2: discriminator SFT";            $STEP_SFT --data disc2_sft --save discriminator2 --init discriminator --max-length "$DISC_LEN"
stage "phase 2: export discriminator";         gguf discriminator2 --no-verify
stage "phase 2: discriminators vs rules";      $PY training/phase2.py disc-eval --out "$OUT" --disc "$OUT/gguf/discriminator2.gguf"
                                               $PY training/phase2.py disc-eval --out "$OUT" --disc "$OUT/ranker.json"
stage "phase 2: sample on the interleave set"; $PY training/phase2.py sample --out "$OUT" --set interleave --model "$OUT/gguf/orchestrator.gguf" --k "$K"
# the feature discriminator ranks the interleave set: the language-model one ranks at chance at this size (docs/model.md)
stage "phase 2: discriminator ranks";          $PY training/phase2.py interleave --out "$OUT" --model "$OUT/gguf/orchestrator.gguf" --disc "$OUT/ranker.json" --guide "$GUIDE"
stage "phase 2: trajectory DPO";               $DPO --data traj_dpo2 --init orchestrator --save orchestrator2
stage "phase 2: export";                       gguf orchestrator2
# full: the final orchestrator samples K and the discriminator picks; w/o discriminator: one sample
ROWS="full=$OUT/gguf/orchestrator2.gguf@$K+$OUT/ranker.json,w/o discriminator=$OUT/gguf/orchestrator2.gguf"
ROWS="$ROWS,phase 1 only=$OUT/gguf/orchestrator.gguf,w/o DPO=$OUT/gguf/traj_sft.gguf"
# w/o steering: the final orchestrator, one sample, without requirement steering (what it follows on its own)
ROWS="$ROWS,w/o steering=free:$OUT/gguf/orchestrator2.gguf"
if [ "$ABLATIONS" = 1 ]; then
  stage "ablation: w/o stepwise (SFT)"; $SFT --data traj_sft --save nostep_sft --init scratch --preset "$PRESET" --context 4096
  stage "ablation: w/o stepwise (DPO)"; $DPO --data traj_dpo --init nostep_sft --save nostep
  stage "ablation: export";             gguf nostep --no-verify
  ROWS="$ROWS,w/o stepwise=$OUT/gguf/nostep.gguf"
fi
ROWS="$ROWS,teacher=teacher,rules=rules"
stage evaluation; $PY training/evaluate.py --out "$OUT" --rows "$ROWS" --limit "$EVAL_LIMIT" --seeds "$EVAL_SEEDS"
if [ -n "$SIZES" ]; then
  stage sizing; $PY training/sizing.py --out "$OUT" --presets "$SIZES" --epochs "$SFT_EPOCHS" --step-epochs "$STEP_EPOCHS" \
    --step-len "$STEP_LEN" --guide "$GUIDE" --limit "$EVAL_LIMIT"
fi
if [ "${SHIP:-0}" = 1 ]; then
  # ship the model row with the best mean quality on the held-out test set (model selection on held-out data)
  stage ship
  BEST=$($PY - "$OUT/eval/table.json" <<'PYEOF'
import json, sys
t = json.load(open(sys.argv[1]))
rows = {r["name"]: r for r in t["rows"] if r["spec"].endswith(".gguf") and r["samples"] == 1 and r["steer"] and not r["skipped"]}
test = t["sets"]["test"]
print(rows[max(rows, key=lambda n: test[n]["quality"] or 0.0)]["spec"])
PYEOF
)
  echo "shipping $BEST (the best held-out quality) and the phase-2 discriminator"
  cp "$BEST" sceneorchestra_addon/models/orchestrator.gguf
  cp "$OUT/ranker.json" sceneorchestra_addon/models/discriminator.json
fi
stage done
echo "stage times:"; printf '  %s\n' "${TIMES[@]}"
echo "total: $(( $(date +%s) - t0 )) s"
