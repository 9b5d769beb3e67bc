#!/usr/bin/env bash
# Local end-to-end test of the packed payload and the runner, on this (GPU-less) machine, as the
# device would run them: the exact command sequence of .payload/manifest.json (device facts, one
# chunk per command, the runner after the last), with
#   - BENCH_GPU_HOME and OUT fresh temporary folders (the device's /tmp/bench-gpu and $OUT),
#   - a `node` first on PATH that fails, so nothing uses this machine's Node instead of the carried one,
#   - the carried Vulkan loader forced (BENCH_GPU_FORCE_PREFIX_VULKAN=1) and Mesa's software WebGPU
#     let through as if it were a GPU (BENCH_GPU_ALLOW_EMULATED=1) to exercise the WebGPU path,
#   - BENCH_GPU_PROFILE=quick (tiny sizes).
# GPU parts (onnxruntime-cuda, nvidia-smi, PyTorch CUDA) must be skipped with their reasons.
#
#   bash benchmarks/gpu/test-local.sh            (after node benchmarks/gpu/pack.mjs)
set -eu -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
manifest=$here/.payload/manifest.json
[ -f "$manifest" ] || { echo "no $manifest: run node benchmarks/gpu/pack.mjs first"; exit 1; }

BENCH_GPU_HOME=$(mktemp -d /tmp/bench-gpu-sim.XXXXXX)
OUT=$(mktemp -d /tmp/bench-gpu-out.XXXXXX)
fake=$(mktemp -d)
printf '#!/bin/sh\necho "node: not on the device; use the carried one" >&2\nexit 127\n' >"$fake/node"
chmod +x "$fake/node"
py=${BENCH_GPU_PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
export BENCH_GPU_HOME OUT BENCH_GPU_PROFILE=quick BENCH_GPU_ALLOW_EMULATED=1 BENCH_GPU_FORCE_PREFIX_VULKAN=1 \
  BENCH_GPU_PYTHON=$py
echo "simulated device: BENCH_GPU_HOME=$BENCH_GPU_HOME OUT=$OUT python=$py"
command -v nvidia-smi >/dev/null && echo "note: this machine has nvidia-smi; the GPU parts will run"

# The manifest's commands, read with this machine's node before the fake one goes first on PATH.
mapfile -t commands < <(node -e 'for (const c of require(process.argv[1]).commands) console.log(c.command)' "$manifest")
cd "$repo"
for c in "${commands[@]}"; do
  echo "### device command: $c"
  PATH=$fake:$PATH bash -c "$c"
done
echo "### \$OUT after the last command:"
ls -la "$OUT"
tar -tzf "$OUT"/results-*.tar.gz | sort | tr '\n' ' '
echo
# A rerun of one stage, as a session would issue after a fix: the payload is not unpacked again.
echo "### rerun: BENCH_GPU_STAGES=e3-onnxruntime-cpu bash benchmarks/gpu/run.sh"
rm -rf "$OUT"/*
PATH=$fake:$PATH BENCH_GPU_STAGES=e3-onnxruntime-cpu bash benchmarks/gpu/run.sh | grep -E 'already unpacked|>>> |^e3|onnxruntime-cpu '
rm -rf "$fake"
