#!/usr/bin/env bash
# Creates, once, the Python environments of the reference-framework benchmark (never SDK
# dependencies): current PyTorch and current TensorFlow (Keras 3) from PyPI, each in its own venv
# so their pins cannot clash. Prints `name=python-path` per environment.
#   BENCH_BENCHMARK_VENVS  where they live (default ${XDG_CACHE_HOME:-~/.cache}/bench/benchmark-venvs)
# PyPI's torch wheel for Linux is the CUDA build: pip also fetches the nvidia-* libraries (several
# GB, once); on a CPU-only machine torch then runs on the CPU with its bundled oneDNN/OpenBLAS.
set -euo pipefail
TORCH_VERSION="${BENCH_TORCH_VERSION:-2.15.0}"
TF_VERSION="${BENCH_TF_VERSION:-2.21.0}"
ROOT="${BENCH_BENCHMARK_VENVS:-${XDG_CACHE_HOME:-$HOME/.cache}/bench/benchmark-venvs}"
PYTHON="${PYTHON:-/usr/bin/python3}"

make_venv() {
  local name="$1" check="$2"
  shift 2
  local dir="$ROOT/$name"
  if ! { [ -x "$dir/bin/python" ] && "$dir/bin/python" -c "$check" >/dev/null 2>&1; }; then
    echo "creating $dir: pip install $*" >&2
    rm -rf "$dir"
    "$PYTHON" -m venv "$dir" || { echo "python3 -m venv failed: apt-get install python3-venv" >&2; exit 1; }
    "$dir/bin/pip" install --disable-pip-version-check -q "$@" >&2
    "$dir/bin/python" -c "$check" >&2
  fi
  echo "$name=$dir/bin/python"
}

mkdir -p "$ROOT"
make_venv "torch-$TORCH_VERSION" "import torch; assert torch.__version__.startswith('$TORCH_VERSION')" "torch==$TORCH_VERSION" numpy
make_venv "tensorflow-cpu-$TF_VERSION" "import tensorflow as tf; assert tf.__version__ == '$TF_VERSION'" "tensorflow-cpu==$TF_VERSION"
