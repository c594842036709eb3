#!/usr/bin/env bash
# One-command, idempotent set-up: a Python 3.11 virtual environment with the project (editable),
# its test tools, the bpy module and llama-cpp-python built from source once and cached.
#
#   SCENEORCHESTRA_VENV   where the environment lives        (default: <repo>/.venv)
#   SCENEORCHESTRA_CACHE  where built wheels are cached      (default: ~/.cache/sceneorchestra)
#   PYTHON                the interpreter to build it from   (default: python3.11)
#
# With --tests it also installs what only the tests use: real simulators (PyBullet, MuJoCo, Drake),
# the training stack (CPU torch, transformers, trl),
# trimesh + python-fcl, and, where apt-get can, libsdformat (Gazebo's SDF parser, for a C++ check).
set -euo pipefail
MODE=${1:-main}
EXTRAS="dev,blender"
[ "$MODE" = "--tests" ] && EXTRAS="dev,blender,sim,train"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${SCENEORCHESTRA_VENV:-$ROOT/.venv}
CACHE=${SCENEORCHESTRA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sceneorchestra}
PY=${PYTHON:-python3.11}
LLAMA_VERSION=0.3.36

log() { printf '[setup] %s\n' "$*" >&2; }

stamp_of() { { cat "$ROOT/pyproject.toml" "$ROOT/tools/setup.sh"; echo "$EXTRAS"; } | sha256sum | cut -d' ' -f1; }
STAMP="$VENV/.sceneorchestra-setup"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(stamp_of)" ] && "$VENV/bin/python" -c "import bpy, llama_cpp" 2>/dev/null; then
  log "environment up to date: $VENV"
  exit 0
fi

command -v "$PY" >/dev/null || { log "need $PY (Blender 4.2-5.0 embed Python 3.11)"; exit 1; }
[ -x "$VENV/bin/python" ] || { log "creating $VENV"; "$PY" -m venv "$VENV"; }
"$VENV/bin/python" -m pip install --quiet --upgrade pip wheel

# llama-cpp-python has no binary wheel on PyPI: build it once (GGML_NATIVE=OFF: the native build
# crashes on quantized models on these CPUs) and keep the wheel in the cache and in wheels/.
llama_wheel() {
  local found
  found=$(ls "$ROOT"/wheels/llama_cpp_python-"$LLAMA_VERSION"-*.whl "$CACHE"/wheels/cpu/llama_cpp_python-"$LLAMA_VERSION"-*.whl 2>/dev/null | head -n 1 || true)
  if [ -z "$found" ]; then
    log "building llama-cpp-python $LLAMA_VERSION from source (about 10 minutes on 2 cores)"
    mkdir -p "$CACHE/wheels/cpu"
    CMAKE_ARGS="-DGGML_NATIVE=OFF" "$VENV/bin/python" -m pip wheel --quiet --no-deps --no-cache-dir \
      -w "$CACHE/wheels/cpu" "llama-cpp-python==$LLAMA_VERSION"
    found=$(ls "$CACHE"/wheels/cpu/llama_cpp_python-"$LLAMA_VERSION"-*.whl | head -n 1)
  fi
  mkdir -p "$ROOT/wheels" "$CACHE/wheels/cpu"
  [ -f "$ROOT/wheels/$(basename "$found")" ] || cp "$found" "$ROOT/wheels/"
  [ -f "$CACHE/wheels/cpu/$(basename "$found")" ] || cp "$found" "$CACHE/wheels/cpu/"
  echo "$ROOT/wheels/$(basename "$found")"
}
WHEEL=$(llama_wheel)

log "installing the project, bpy and llama-cpp-python into $VENV"
"$VENV/bin/python" -m pip install --quiet -e "$ROOT[$EXTRAS]" "$WHEEL"
if [ "$MODE" = "--tests" ]; then  # the extension's dependency wheels, for the install test
  "$VENV/bin/python" "$ROOT/tools/build_extension.py" --fetch-only >&2 || log "could not fetch the extension's dependency wheels"
fi
if [ "$MODE" = "--tests" ] && ! pkg-config --exists sdformat12 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing libsdformat-dev (Gazebo's SDF parser) for the export tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsdformat-dev >/dev/null) \
      || log "libsdformat-dev could not be installed: the SDFormat parser test will be skipped"
  else
    log "libsdformat-dev missing (needs root and apt-get): the SDFormat parser test will be skipped"
  fi
fi
"$VENV/bin/python" -c "import bpy, llama_cpp, numpy, PIL; print('[setup] bpy', bpy.app.version_string, '| llama-cpp-python', llama_cpp.__version__)" >&2
stamp_of > "$STAMP"
