#!/usr/bin/env bash
# The runner, device side, one command after the chunks arrived (see README.md). It
#   1. checks and joins the chunks in $BENCH_GPU_HOME/chunks, checks the payload's sha256, unpacks
#      it (skipped when the same payload is already unpacked) and checks every file's sha256;
#   2. sets up the libraries: the Vulkan loader .debs unpacked into a prefix (LD_LIBRARY_PATH),
#      VK_DRIVER_FILES pointed at the NVIDIA ICD when the loader has none, the CUDA 13 libraries of
#      python3's nvidia-* packages on LD_LIBRARY_PATH; falls back to unpacking the .debs into /
#      (the device README's recipe) when Dawn finds no NVIDIA adapter the first way;
#   3. runs, each stage under `timeout` inside one overall budget, a failing stage logged and the
#      next one run: device facts, `bench doctor --json`, the testkit conformance on every GPU
#      backend that probes available, E3 (onnxruntime-cuda, PyTorch CUDA + CPU, onnxruntime-cpu,
#      tfjs-webgpu, gpujs-webgpu), E4 on random CIFAR-shaped data, an E2 batch sweep with
#      nvidia-smi telemetry, and an nvidia-smi trace all along;
#   4. keeps $OUT at three files, refreshed after every stage so a run cut short still returns
#      what it measured: runner.log, stages.tsv, results-<UTC start>.tar.gz (raw/, records/, logs/).
#
# Environment: OUT (default $BENCH_GPU_HOME/out), BENCH_GPU_HOME (default /tmp/bench-gpu),
# BENCH_GPU_PROFILE=full|quick (quick: tiny sizes, for the local test), BENCH_GPU_BUDGET_S
# (default 500 full, 420 quick), BENCH_GPU_PYTHON (default python3), BENCH_GPU_ALLOW_EMULATED=1
# (treat software WebGPU as a GPU backend: local test only), BENCH_GPU_FORCE_PREFIX_VULKAN=1 (use
# the carried loader even where one is installed: local test), BENCH_GPU_E3_LAYERS,
# BENCH_GPU_STAGES (comma-separated stage-name prefixes to run, e.g. e3-tfjs,e2: a rerun).
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

PROFILE=${BENCH_GPU_PROFILE:-full}
case $PROFILE in full) default_budget=500 ;; quick) default_budget=420 ;; *) say "BENCH_GPU_PROFILE must be full or quick, got $PROFILE"; exit 2 ;; esac
BUDGET_S=${BENCH_GPU_BUDGET_S:-$default_budget}
RESERVE_S=10
START=$(date +%s)
DEADLINE=$((START + BUDGET_S))
OUT=${OUT:-$BENCH_GPU_HOME/out}
W=$BENCH_GPU_HOME/results
# Named by the start time, so that a rerun's results never replace an earlier run's where both are kept.
RESULTS=results-$(date -u -d "@$START" +%Y%m%dT%H%M%SZ).tar.gz
ROOT=$BENCH_GPU_HOME/bench-gpu
APP=$ROOT/app
NODE=$ROOT/node/bin/node
BENCH=("$NODE" "$APP/node_modules/@bench/cli/bin/bench.mjs")

if [ "$PROFILE" = full ]; then
  E3_LAYERS=${BENCH_GPU_E3_LAYERS:-2,4,6,8,10,12} E3_EPOCHS=100
  E4_GPU_LIMIT=25000 E4_GPU_EPOCHS=2 E4_CPU_LIMIT=5000 E4_CPU_EPOCHS=1 TORCH_E4_STEPS=200 TORCH_E4_CPU_STEPS=20
  E2_BATCHES=16,32,64,128,256 E2_EPOCHS=2 E2_SIZE=96 E2_PER_CLASS=300 E2_CELL_TIMEOUT=45
  CONF_CASES=6 CONF_MODELS=mlp,cnn
  BOX_DOCTOR=60 BOX_CONF=30 BOX_E3_GPU=60 BOX_E3_CPU=45 BOX_TORCH_E3=60 BOX_E4=40 BOX_E2=90
else
  E3_LAYERS=${BENCH_GPU_E3_LAYERS:-2,4} E3_EPOCHS=5
  E4_GPU_LIMIT=500 E4_GPU_EPOCHS=1 E4_CPU_LIMIT=500 E4_CPU_EPOCHS=1 TORCH_E4_STEPS=3 TORCH_E4_CPU_STEPS=3
  E2_BATCHES=16,32 E2_EPOCHS=1 E2_SIZE=32 E2_PER_CLASS=16 E2_CELL_TIMEOUT=60
  CONF_CASES=2 CONF_MODELS=mlp
  BOX_DOCTOR=60 BOX_CONF=90 BOX_E3_GPU=60 BOX_E3_CPU=60 BOX_TORCH_E3=60 BOX_E4=90 BOX_E2=90
fi

# --- bookkeeping -----------------------------------------------------------------------------

note() { # stage status seconds text
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4//$'\n'/ }" >>"$W/stages.tsv"
  say ">>> $1: $2 (${3}s)${4:+: $4}"
}

pack_results() {
  cp "$W/stages.tsv" "$OUT/stages.tsv.tmp" && mv "$OUT/stages.tsv.tmp" "$OUT/stages.tsv"
  tar -C "$W" --exclude=./tmp -czf "$OUT/$RESULTS.tmp" . 2>/dev/null && mv "$OUT/$RESULTS.tmp" "$OUT/$RESULTS"
}

left_s() { echo $((DEADLINE - $(date +%s) - RESERVE_S)); }

# stage NAME WANT_S CMD...: CMD under `timeout` (min of WANT_S and the budget left), its output
# in logs/NAME.log; the status (ok, failed rc N, timeout, skipped) goes to stages.tsv.
stage() {
  local name=$1 want=$2
  shift 2
  local left box t0 rc status
  left=$(left_s)
  box=$((want < left ? want : left))
  if ((box < 5)); then
    note "$name" skipped 0 "no time left in the ${BUDGET_S}s budget"
    return 0
  fi
  say "=== $name: ${box}s box, $(date -u +%H:%M:%S) ==="
  t0=$(date +%s)
  timeout -k 5 "$box" "$@" 2>&1 | tee "$W/logs/$name.log"
  rc=${PIPESTATUS[0]}
  case $rc in
    0) status=ok ;;
    124 | 137) status=timeout ;;
    *) status="failed rc $rc" ;;
  esac
  # The note: the log's last line, past Dawn's harmless limit warnings.
  note "$name" "$status" $(($(date +%s) - t0)) "$(grep -v '^Warning: maxDynamic' "$W/logs/$name.log" 2>/dev/null | tail -n 1 | cut -c1-200)"
  pack_results
  return 0
}

skip() { note "$1" skipped 0 "$2"; }

# --- 1. chunks -> payload ----------------------------------------------------------------------

unpack() {
  local sums=$CHUNKS/SHA256SUMS whole_sha marker
  [ -f "$sums" ] || { say "no $sums: run chunk.sh for every chunk first (README.md)"; return 1; }
  whole_sha=$(awk '$2 == "payload.tar.xz" { print $1 }' "$sums")
  marker=$BENCH_GPU_HOME/.unpacked-$whole_sha
  if [ -f "$marker" ] && [ -x "$NODE" ]; then
    say "payload $whole_sha already unpacked in $ROOT"
    return 0
  fi
  local parts=() missing=()
  while read -r _ p; do
    case $p in *.part-*) [ -f "$CHUNKS/$p" ] && parts+=("$CHUNKS/$p") || missing+=("$p") ;; esac
  done <"$sums"
  if ((${#missing[@]})); then
    say "missing chunks: ${missing[*]} (the machine went back between commands, or a chunk command failed): bring them again"
    return 1
  fi
  (cd "$CHUNKS" && grep '\.part-' SHA256SUMS | sha256sum -c --quiet -) || { say "a chunk is damaged: bring it again"; return 1; }
  say "joining ${#parts[@]} chunks, checking sha256 $whole_sha, unpacking into $BENCH_GPU_HOME"
  rm -rf "$ROOT" "$BENCH_GPU_HOME"/.unpacked-*
  local whole=$BENCH_GPU_HOME/payload.tar.xz got
  cat "${parts[@]}" >"$whole"
  got=$(sha256sum "$whole" | cut -d' ' -f1)
  if [ "$got" != "$whole_sha" ]; then
    say "joined payload sha256 $got differs from $whole_sha"
    return 1
  fi
  decompress "$whole" | tar -x -C "$BENCH_GPU_HOME" || { say "unpacking $whole failed"; return 1; }
  rm -f "$whole"
  (cd "$ROOT" && sha256sum -c --quiet FILES.sha256) || { say "unpacked files differ from FILES.sha256"; return 1; }
  "$NODE" --version >/dev/null || { say "the carried node does not start here"; return 1; }
  touch "$marker"
  say "payload ok: $(du -sh "$ROOT" | cut -f1) in $ROOT, node $("$NODE" --version)"
}

# xz where the machine has it (threads), else python3's lzma module.
decompress() {
  if command -v xz >/dev/null 2>&1; then
    xz -dc -T0 "$1"
  else
    say "no xz here: decompressing with $PY's lzma" >&2
    "$PY" -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer, 1 << 20)' "$1"
  fi
}

# --- 2. libraries ------------------------------------------------------------------------------

webgpu_probe() {
  timeout 30 "$NODE" "$APP/webgpu-probe.mjs" 2>>"$W/logs/webgpu-probe.log" | tee "$W/raw/webgpu-adapter.json"
}

setup_libraries() {
  export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
  export PATH=$ROOT/node/bin:$PATH
  local sysroot=$BENCH_GPU_HOME/sysroot lib cuda on_device=0
  have_nvidia_smi && on_device=1
  cp "$here"/device/*.mjs "$APP/"

  # Vulkan: the machine's loader if it has one, else the carried .debs in a prefix.
  if [ "${BENCH_GPU_FORCE_PREFIX_VULKAN:-0}" != 1 ] && ldconfig -p | grep -q 'libvulkan\.so\.1 '; then
    say "vulkan: the machine's loader ($(ldconfig -p | grep -m1 'libvulkan\.so\.1 ' | awk '{print $NF}'))"
  else
    rm -rf "$sysroot"
    for f in "$ROOT"/debs/*.deb; do dpkg -x "$f" "$sysroot"; done
    lib=$sysroot/usr/lib/x86_64-linux-gnu
    export LD_LIBRARY_PATH=$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    say "vulkan: carried loader unpacked into $sysroot ($(ls "$lib" | grep -c '\.so'))"
  fi
  local icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$icd" ] && ! ls /usr/share/vulkan/icd.d/nvidia* /etc/vulkan/icd.d/nvidia* >/dev/null 2>&1; then
    export VK_DRIVER_FILES=$icd
    say "vulkan: VK_DRIVER_FILES=$icd (no NVIDIA ICD in the loader's own folders)"
  fi
  local egl=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
  [ -z "${__EGL_VENDOR_LIBRARY_FILENAMES:-}" ] && [ -f "$egl" ] && export __EGL_VENDOR_LIBRARY_FILENAMES=$egl

  # CUDA 13: the libraries of python3's nvidia-* packages.
  cuda=$(cuda_lib_dirs)
  if [ -n "$cuda" ]; then
    export LD_LIBRARY_PATH=$cuda${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    say "cuda: $(tr ':' '\n' <<<"$cuda" | wc -l) library folders from $PY's site-packages on LD_LIBRARY_PATH"
  else
    say "cuda: no nvidia/*/lib folders under $PY's site-packages: onnxruntime-cuda cannot load here"
  fi

  # Dawn's adapter; on the device, try the device README's recipe when the prefix loader finds no NVIDIA GPU.
  local adapter
  adapter=$(webgpu_probe)
  say "webgpu: ${adapter:-no adapter}"
  if ((on_device)) && ! grep -qi nvidia <<<"$adapter" && [ "$(id -u)" = 0 ]; then
    say "webgpu: no NVIDIA adapter; unpacking the .debs into / and running ldconfig (device README recipe)"
    for f in "$ROOT"/debs/*.deb; do dpkg -x "$f" /; done
    ldconfig
    adapter=$(webgpu_probe)
    say "webgpu after the fallback: ${adapter:-no adapter}"
  fi
  return 0
}

# --- 3. stages ---------------------------------------------------------------------------------

doctor_json() {
  "${BENCH[@]}" doctor --json >"$W/raw/doctor.json" && "$NODE" -e '
    const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const b of d.backends) console.log(`${b.name.padEnd(18)} ${b.available ? "yes" : "no "} ${b.available ? `${b.device ?? ""}${b.emulated ? " (emulated)" : ""}` : b.reason}`);
  ' "$W/raw/doctor.json"
}

run_e3() { # backend
  "${BENCH[@]}" run e3 --backend "$1" --layers "$E3_LAYERS" --epochs "$E3_EPOCHS" \
    --out "$W/records/e3-$1.jsonl" --json >"$W/raw/e3-$1.json"
  local rc=$?
  # The JSON summary is the whole stdout; the progress went to stderr (the log).
  return $rc
}

torch_e3() {
  mkdir -p "$W/tmp/e3" && "$NODE" "$APP/e3-data.mjs" "$W/tmp/e3" "$E3_LAYERS" &&
    PYTHONUNBUFFERED=1 "$PY" "$here/torch_ref.py" e3 --data "$W/tmp/e3" --depths "$E3_LAYERS" \
      --epochs "$E3_EPOCHS" --devices cuda,cpu --out "$W/records/pytorch-e3.jsonl"
}

torch_e4() {
  PYTHONUNBUFFERED=1 "$PY" "$here/torch_ref.py" e4 --steps "$TORCH_E4_STEPS" --cpu-steps "$TORCH_E4_CPU_STEPS" \
    --devices cuda,cpu --out "$W/records/pytorch-e4.jsonl"
}

run_e4() { # backend limit epochs
  "${BENCH[@]}" run e4 --backend "$1" --data "$W/tmp/cifar" --limit "$2" --epochs "$3" \
    --out "$W/records/e4-$1.jsonl" --json >"$W/raw/e4-$1.json"
}

run_e2() { # backends
  "${BENCH[@]}" sweep --experiment e2 --backends "$1" --batch-sizes "$E2_BATCHES" --epochs "$E2_EPOCHS" \
    --option size="$E2_SIZE" --option perClass="$E2_PER_CLASS" --timeout "$E2_CELL_TIMEOUT" \
    --out "$W/records/e2-sweep.jsonl" --json >"$W/raw/e2-sweep.json"
}

smi_trace_start() {
  if have_nvidia_smi; then
    nvidia-smi --query-gpu=timestamp,name,utilization.gpu,utilization.memory,memory.used,memory.total,power.draw,clocks.sm,temperature.gpu \
      --format=csv -lms 500 >"$W/raw/nvidia-smi-trace.csv" 2>&1 &
    SMI_PID=$!
    say "nvidia-smi trace every 500 ms into raw/nvidia-smi-trace.csv (pid $SMI_PID)"
  else
    skip nvidia-smi-trace "nvidia-smi not found or failing: no NVIDIA GPU on this machine"
  fi
}

# Is backend $1 usable per doctor? Prints the reason when not.
usable() { "$NODE" "$APP/doctor-select.mjs" "$W/raw/doctor.json" why "$1"; }

main() {
  say "bench GPU runner: profile $PROFILE, budget ${BUDGET_S}s, $(date -u +%Y-%m-%dT%H:%M:%SZ), home $BENCH_GPU_HOME, OUT $OUT"
  local t0
  t0=$(date +%s)
  if ! unpack; then
    note unpack failed $(($(date +%s) - t0)) "the payload is not complete here; nothing else can run"
    pack_results
    return 1
  fi
  note unpack ok $(($(date +%s) - t0)) ""
  t0=$(date +%s)
  # In this shell (not a pipe's subshell), for its exports.
  setup_libraries > >(tee "$W/logs/setup.log") 2>&1
  note setup ok $(($(date +%s) - t0)) "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-} VK_DRIVER_FILES=${VK_DRIVER_FILES:-}"

  trap '[ -n "${SMI_PID:-}" ] && kill "$SMI_PID" 2>/dev/null; pack_results' EXIT
  smi_trace_start
  stage facts 60 "$NODE" "$APP/facts.mjs" "$W/raw/device.json" "$ROOT" "$W/raw/webgpu-adapter.json"
  stage doctor "$BOX_DOCTOR" "$BASH" "$here/run.sh" --stage doctor_json

  local gpu=() b why
  mapfile -t gpu < <("$NODE" "$APP/doctor-select.mjs" "$W/raw/doctor.json" gpu)
  say "GPU backends available: ${gpu[*]:-none}"
  for b in onnxruntime-cuda gpujs-webgpu tfjs-webgpu tfjs-cuda gpujs-gl; do
    why=$(usable "$b") || say "  $b: $why"
  done

  # Conformance: every available GPU backend, plus onnxruntime-cpu as the control that must pass.
  for b in "${gpu[@]}" onnxruntime-cpu; do
    wanted "conformance-$b" || continue
    if why=$(usable "$b"); then
      stage "conformance-$b" "$BOX_CONF" "$NODE" "$APP/conformance.mjs" --backend "$b" --out-dir "$W/raw" \
        --cases "$CONF_CASES" --models "$CONF_MODELS"
    else
      skip "conformance-$b" "$why"
    fi
  done

  # Under the budget the order is the priority: E3's CUDA crossover (onnxruntime-cuda, PyTorch CUDA
  # and CPU alternately, onnxruntime-cpu), E4, the E2 sweep, then E3 on the WebGPU backends, whose
  # speed on a real GPU nobody has seen yet.
  e3_stage onnxruntime-cuda "$BOX_E3_GPU"
  wanted e3-pytorch && stage e3-pytorch "$BOX_TORCH_E3" "$BASH" "$here/run.sh" --stage torch_e3
  e3_stage onnxruntime-cpu "$BOX_E3_CPU"

  # E4 on random CIFAR-shaped data: onnxruntime-cuda, onnxruntime-cpu, PyTorch.
  if wanted e4; then
    stage e4-data 30 "$NODE" "$APP/cifar-random.mjs" "$W/tmp/cifar" "$E4_GPU_LIMIT" $((E4_GPU_LIMIT / 5 > 0 ? E4_GPU_LIMIT / 5 : 1))
    if why=$(usable onnxruntime-cuda); then
      stage e4-onnxruntime-cuda "$BOX_E4" "$BASH" "$here/run.sh" --stage run_e4 onnxruntime-cuda "$E4_GPU_LIMIT" "$E4_GPU_EPOCHS"
    else
      skip e4-onnxruntime-cuda "$why"
    fi
    stage e4-onnxruntime-cpu "$BOX_E4" "$BASH" "$here/run.sh" --stage run_e4 onnxruntime-cpu "$E4_CPU_LIMIT" "$E4_CPU_EPOCHS"
    stage e4-pytorch "$BOX_E4" "$BASH" "$here/run.sh" --stage torch_e4
  fi

  # E2 batch sweep, each cell in its own process with the sweep's telemetry (nvidia-smi where present).
  if wanted e2; then
    local e2=()
    if why=$(usable onnxruntime-cuda); then e2+=(onnxruntime-cuda); else skip e2-onnxruntime-cuda "$why"; fi
    [ "$PROFILE" = quick ] && e2+=(onnxruntime-cpu)
    if ((${#e2[@]})); then
      stage e2-sweep "$BOX_E2" "$BASH" "$here/run.sh" --stage run_e2 "$(IFS=,; echo "${e2[*]}")"
    fi
  fi

  e3_stage tfjs-webgpu "$BOX_E3_GPU"
  e3_stage gpujs-webgpu "$BOX_E3_GPU"

  rm -rf "$W/tmp"
  say "done in $(($(date +%s) - START))s; stages:"
  column -t -s $'\t' "$W/stages.tsv" 2>/dev/null || cat "$W/stages.tsv"
  say
  timeout 30 "$NODE" "$APP/summarize.mjs" "$W" 2>&1 | tee "$W/summary.txt"
}

# e3_stage BACKEND BOX: E3 on one backend when doctor says it is usable, else the reason.
e3_stage() {
  local why
  wanted "e3-$1" || return 0
  if why=$(usable "$1"); then
    stage "e3-$1" "$2" "$BASH" "$here/run.sh" --stage run_e3 "$1"
  else
    skip "e3-$1" "$why"
  fi
}

# wanted STAGE: true unless BENCH_GPU_STAGES (comma-separated name prefixes, for a rerun of some
# stages only) leaves it out.
wanted() {
  [ -z "${BENCH_GPU_STAGES:-}" ] && return 0
  local p
  for p in ${BENCH_GPU_STAGES//,/ }; do
    [[ $1 == "$p"* ]] && return 0
  done
  return 1
}

# Re-entry point for composite stages: `run.sh --stage FUNCTION ARGS...` runs one function of this
# file under the caller's `timeout` (a shell function cannot be given to timeout directly).
if [ "${1:-}" = --stage ]; then
  shift
  "$@"
  exit $?
fi

mkdir -p "$OUT"
rm -rf "$W"
mkdir -p "$W/raw" "$W/records" "$W/logs" "$W/tmp"
printf 'stage\tstatus\tseconds\tnote\n' >"$W/stages.tsv"
exec > >(tee -a "$OUT/runner.log") 2>&1
main
