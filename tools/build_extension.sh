#!/usr/bin/env bash
# Build the Blender extension zip into dist/ (set-up first if needed). Arguments go to
# tools/build_extension.py, e.g. tools/build_extension.sh --cuda
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${SCENEORCHESTRA_VENV:-$ROOT/.venv}
"$ROOT/tools/setup.sh"
exec "$VENV/bin/python" "$ROOT/tools/build_extension.py" "$@"
