#!/usr/bin/env bash
# Set up (idempotent) and generate a room from a prompt, headless:
#   tools/main.sh "Design me a bedroom" [generate options, e.g. --backend rules --seed 3]
# writes out/<prompt-slug>/: trajectory.txt, scene.json, scene.blend, preview.png, review.png, metrics.json
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${SCENEORCHESTRA_VENV:-$ROOT/.venv}
if [ $# -eq 0 ]; then PROMPT="Design me a bedroom"; else PROMPT=$1; shift; fi  # no argument: the example; "" stays empty (refused)
"$ROOT/tools/setup.sh"
cd "$ROOT"
SLUG=$(printf '%s' "$PROMPT" | tr '[:upper:]' '[:lower:]' | tr -cs 'a-z0-9' '-' | sed 's/^-*//; s/-*$//' | cut -c1-60)
exec "$VENV/bin/python" -m sceneorchestra_addon generate "$PROMPT" --out "out/${SLUG:-room}" "$@"
