#!/usr/bin/env bash
# Build the Blender extension zips into dist/ (set-up first if needed): one per Python that Blender
# embeds (-py311: Blender 4.2-5.0, -py313: Blender 5.1 and later). Arguments go to
# tools/build_extension.py, e.g. tools/build_extension.sh --python 3.13, tools/build_extension.sh --cuda
# Blender 5.3's bpy in $SCENEORCHESTRA_CACHE/venv-py313 (made here once, about a minute, where a
# Python 3.13 interpreter exists) validates the -py313 zip.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${SCENEORCHESTRA_VENV:-$ROOT/.venv}
"$ROOT/tools/setup.sh"
"$ROOT/tools/setup.sh" --py313 || [ $? = 3 ]  # no Python 3.13 here: the -py313 zip is validated by Blender 5.0's validator
exec "$VENV/bin/python" "$ROOT/tools/build_extension.py" "$@"
