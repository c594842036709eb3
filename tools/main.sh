#!/usr/bin/env bash
# Set up (idempotent) and run the main job on a prompt, e.g. tools/main.sh "Design me a bedroom"
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${SCENEORCHESTRA_VENV:-$ROOT/.venv}
"$ROOT/tools/setup.sh"
cd "$ROOT"
exec "$VENV/bin/python" -m sceneorchestra_addon sample "$@"
