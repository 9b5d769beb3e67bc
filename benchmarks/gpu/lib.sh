# Shared by chunk.sh, device-facts.sh and run.sh (sourced, not run).
#
# BENCH_GPU_HOME: where chunks accumulate and the payload is unpacked. Default /tmp/bench-gpu:
# outside the repository copy, on the device's own disk, which stays while the machine is warm
# (the device tool keeps written files between back-to-back calls; a fresh machine starts bare).

BENCH_GPU_HOME=${BENCH_GPU_HOME:-/tmp/bench-gpu}
CHUNKS=$BENCH_GPU_HOME/chunks
PY=${BENCH_GPU_PYTHON:-python3}

say() { printf '%s\n' "$*"; }

# The folders holding the CUDA libraries of python3's nvidia-* packages (site-packages/nvidia/*/lib),
# joined with ':'; empty when there are none (no python3, no such packages).
cuda_lib_dirs() {
  command -v "$PY" >/dev/null 2>&1 || return 0
  timeout 30 "$PY" - <<'EOF' 2>/dev/null
import glob, os, site, sys
roots = []
for get in (getattr(site, "getsitepackages", None), getattr(site, "getusersitepackages", None)):
    try:
        r = get() if get else []
        roots += [r] if isinstance(r, str) else list(r)
    except Exception:
        pass
roots += [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
dirs = []
for root in roots:
    for d in sorted(glob.glob(os.path.join(root, "nvidia", "*", "lib")) + glob.glob(os.path.join(root, "nvidia", "*", "lib64"))):
        d = os.path.realpath(d)
        if d not in dirs and glob.glob(os.path.join(d, "*.so*")):
            dirs.append(d)
print(":".join(dirs))
EOF
}

# True when nvidia-smi answers (the device; never this development machine).
have_nvidia_smi() { timeout 20 nvidia-smi -L >/dev/null 2>&1; }
