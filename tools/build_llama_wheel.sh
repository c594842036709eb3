#!/usr/bin/env bash
# Build the llama-cpp-python wheel once and cache it (the same logic as tools/setup.sh).
#
#   tools/build_llama_wheel.sh           CPU build (CMAKE_ARGS="-DGGML_NATIVE=OFF")
#   tools/build_llama_wheel.sh --cuda    CUDA build (adds -DGGML_CUDA=on; needs nvcc, the CUDA toolkit)
#   tools/build_llama_wheel.sh --force   rebuild even when a cached wheel exists
#
# GGML_NATIVE=OFF in both: the native build picks up this CPU's AMX path and crashes on quantized
# models. A CPU and a CUDA wheel have the same file name, so they live apart:
#   CPU  -> wheels/                 and $CACHE/wheels/cpu/   (what tools/setup.sh installs)
#   CUDA -> wheels/cuda/            and $CACHE/wheels/cuda/
# Install a CUDA wheel with: pip install --force-reinstall --no-deps wheels/cuda/llama_cpp_python-*.whl
# (then LlamaBackend(n_gpu_layers=-1) offloads every layer). Prints the wheel's path.
#
#   SCENEORCHESTRA_VENV   the environment whose Python builds it (default: <repo>/.venv)
#   SCENEORCHESTRA_CACHE  where built wheels are cached        (default: ~/.cache/sceneorchestra)
#   PYTHON                the interpreter when there is no environment yet (default: python3.11)
#   CMAKE_ARGS            extra CMake arguments, appended (e.g. -DCMAKE_CUDA_ARCHITECTURES=90)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${SCENEORCHESTRA_VENV:-$ROOT/.venv}
CACHE=${SCENEORCHESTRA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sceneorchestra}
LLAMA_VERSION=0.3.36

log() { printf '[build_llama_wheel] %s\n' "$*" >&2; }

FLAVOUR=cpu
FORCE=0
for arg in "$@"; do
  case "$arg" in
    --cuda) FLAVOUR=cuda ;;
    --force) FORCE=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) log "unknown argument: $arg (expected --cuda, --force)"; exit 2 ;;
  esac
done

if [ -x "$VENV/bin/python" ]; then
  PY="$VENV/bin/python"
else
  PY=${PYTHON:-python3.11}
  command -v "$PY" >/dev/null || { log "need $VENV or $PY to build with"; exit 1; }
fi

if [ "$FLAVOUR" = cuda ]; then
  OUT_DIR="$ROOT/wheels/cuda"
  FLAGS="-DGGML_NATIVE=OFF -DGGML_CUDA=on"
  command -v nvcc >/dev/null || [ -n "${CUDACXX:-}" ] || log "warning: nvcc is not on PATH (set CUDACXX or add the CUDA toolkit's bin/); the build will likely fail"
else
  OUT_DIR="$ROOT/wheels"
  FLAGS="-DGGML_NATIVE=OFF"
fi
CACHE_DIR="$CACHE/wheels/$FLAVOUR"
mkdir -p "$OUT_DIR" "$CACHE_DIR"

found=""
if [ "$FORCE" = 0 ]; then
  found=$(ls "$OUT_DIR"/llama_cpp_python-"$LLAMA_VERSION"-*.whl "$CACHE_DIR"/llama_cpp_python-"$LLAMA_VERSION"-*.whl 2>/dev/null | head -n 1 || true)
fi
if [ -z "$found" ]; then
  log "building llama-cpp-python $LLAMA_VERSION ($FLAVOUR; CMAKE_ARGS=\"$FLAGS ${CMAKE_ARGS:-}\"): about 10 minutes on 2 cores for CPU, longer for CUDA"
  BUILD_DIR=$(mktemp -d)
  trap 'rm -rf "$BUILD_DIR"' EXIT
  CMAKE_ARGS="$FLAGS ${CMAKE_ARGS:-}" "$PY" -m pip wheel --quiet --no-deps --no-cache-dir \
    -w "$BUILD_DIR" "llama-cpp-python==$LLAMA_VERSION"
  found=$(ls "$BUILD_DIR"/llama_cpp_python-"$LLAMA_VERSION"-*.whl | head -n 1)
  cp -f "$found" "$CACHE_DIR/"
  found="$CACHE_DIR/$(basename "$found")"
fi
name=$(basename "$found")
[ -f "$OUT_DIR/$name" ] && [ "$FORCE" = 0 ] || cp -f "$found" "$OUT_DIR/$name"
[ -f "$CACHE_DIR/$name" ] || cp -f "$found" "$CACHE_DIR/$name"
log "wheel ($FLAVOUR): $OUT_DIR/$name (cached in $CACHE_DIR)"
echo "$OUT_DIR/$name"
