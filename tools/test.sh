#!/usr/bin/env bash
# Set up (idempotent), lint (including the import boundaries), then run every test.
# Extra arguments go to pytest, e.g. tools/test.sh -k trajectory
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${SCENEORCHESTRA_VENV:-$ROOT/.venv}
"$ROOT/tools/setup.sh" --tests
cd "$ROOT"
"$VENV/bin/ruff" check .
"$VENV/bin/python" -m pytest -q "$@"
