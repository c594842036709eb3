#!/usr/bin/env bash
# One-command, idempotent set-up: a Python 3.11 virtual environment with the project (editable),
# its test tools, the bpy module and llama-cpp-python built from source once and cached (the
# portable manylinux_2_28 wheel of tools/build_llama_wheel.sh, the one the extension bundles).
#
#   SCENEORCHESTRA_VENV   where the environment lives        (default: <repo>/.venv)
#   SCENEORCHESTRA_CACHE  where built wheels are cached      (default: ~/.cache/sceneorchestra)
#   PYTHON                the interpreter to build it from   (default: python3.11)
#   PYTHON313             a Python 3.13 interpreter          (default: python3.13, else pyenv's 3.13.x)
#
# With --tests it also installs what only the tests use: real simulators (PyBullet, MuJoCo, Drake),
# the training stack (CPU torch, transformers, trl),
# trimesh + python-fcl, where apt-get can, libsdformat (Gazebo's SDF parser, for a C++ check), and
# $SCENEORCHESTRA_CACHE/venv-py313: Python 3.13 with the bpy module of Blender 5.3 (Blender 5.1 and
# later embed Python 3.13), where tests/test_extension_blender.py installs the extension's 3.13 zip.
# With --py313 it only makes that environment (exit 3: no Python 3.13 interpreter on this machine).
set -euo pipefail
MODE=${1:-main}
EXTRAS="dev,blender"
[ "$MODE" = "--tests" ] && EXTRAS="dev,blender,sim,train,batch"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${SCENEORCHESTRA_VENV:-$ROOT/.venv}
CACHE=${SCENEORCHESTRA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sceneorchestra}
PY=${PYTHON:-python3.11}
LLAMA_VERSION=0.3.36

log() { printf '[setup] %s\n' "$*" >&2; }

# ---- Python 3.13 with the bpy module of a Blender that embeds it, outside the clone (a cache)
BPY313=5.3.0  # = PYTHONS["3.13"].bpy_for_tests in tools/build_extension.py
VENV313="$CACHE/venv-py313"
python313() {  # a working Python 3.13 interpreter, or nothing
  local c
  for c in "${PYTHON313:-}" python3.13 "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.13*/bin/python3.13 \
           /usr/local/bin/python3.13 /usr/bin/python3.13; do
    [ -n "$c" ] || continue
    if "$c" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != (3, 13))' >/dev/null 2>&1; then
      command -v "$c" || echo "$c"
      return 0
    fi
  done
  return 1
}
py313_ready() { [ -x "$VENV313/bin/python" ] && [ "$(cat "$VENV313/.sceneorchestra-bpy" 2>/dev/null)" = "bpy==$BPY313" ]; }
py313_env() {  # exit status 3: no Python 3.13 on this machine
  py313_ready && return 0
  local py
  py=$(python313) || { log "no Python 3.13 interpreter (set PYTHON313): the extension's Python 3.13 zip cannot be install-tested"; return 3; }
  log "making $VENV313 (Python 3.13 from $py, bpy==$BPY313: about 1 minute)"
  rm -rf "$VENV313"
  # (called in an || list, where set -e does not act: each step says so itself)
  "$py" -m venv "$VENV313" || return 1
  "$VENV313/bin/python" -m pip install --quiet --disable-pip-version-check "bpy==$BPY313" || return 1
  "$VENV313/bin/python" -c "import bpy, sys; print('[setup] Python', sys.version.split()[0], '| bpy', bpy.app.version_string)" >&2 || return 1
  echo "bpy==$BPY313" > "$VENV313/.sceneorchestra-bpy"
}
if [ "$MODE" = "--py313" ]; then
  py313_env
  exit $?
fi

# (the llama.cpp wheel's hash too: a rebuilt wheel is installed again)
stamp_of() { { cat "$ROOT/pyproject.toml" "$ROOT/tools/setup.sh" "$ROOT/tools/build_llama_wheel.sh"; echo "$EXTRAS"
               sha256sum "$ROOT"/wheels/llama_cpp_python-*.whl 2>/dev/null || true; } | sha256sum | cut -d' ' -f1; }
STAMP="$VENV/.sceneorchestra-setup"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(stamp_of)" ] && "$VENV/bin/python" -c "import bpy, llama_cpp" 2>/dev/null \
   && { [ "$MODE" != "--tests" ] || py313_ready || ! python313 >/dev/null; }; then
  log "environment up to date: $VENV"
  exit 0
fi

command -v "$PY" >/dev/null || { log "need $PY (Blender 4.2-5.0 embed Python 3.11)"; exit 1; }
[ -x "$VENV/bin/python" ] || { log "creating $VENV"; "$PY" -m venv "$VENV"; }
"$VENV/bin/python" -m pip install --quiet --upgrade pip wheel

# llama-cpp-python has no binary wheel on PyPI: build the portable (manylinux_2_28) wheel once
# (tools/build_llama_wheel.sh: zig, no OpenMP, GGML_NATIVE=OFF, auditwheel) and keep it in the cache
# and in wheels/.
WHEEL=$(SCENEORCHESTRA_CACHE="$CACHE" PYTHON="$PY" LLAMA_VERSION="$LLAMA_VERSION" "$ROOT/tools/build_llama_wheel.sh")

log "installing the project, bpy and llama-cpp-python into $VENV"
"$VENV/bin/python" -m pip install --quiet -e "$ROOT[$EXTRAS]" "$WHEEL"
# the same version of another build (an older, non-portable wheel) counts as installed for pip: replace it
"$VENV/bin/python" -m pip install --quiet --no-deps --force-reinstall "$WHEEL"
if [ "$MODE" = "--tests" ]; then  # the extension's dependency wheels (both Pythons) and Blender 5.3, for the install tests
  "$VENV/bin/python" "$ROOT/tools/build_extension.py" --fetch-only >&2 || log "could not fetch the extension's dependency wheels"
  py313_env || { rc=$?; [ "$rc" = 3 ] || log "could not make $VENV313 (exit $rc): tests/test_extension_blender.py tries again"; }
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
