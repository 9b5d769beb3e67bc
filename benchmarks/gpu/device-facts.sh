#!/usr/bin/env bash
# Device side, in the first chunk's command: what the machine has, before anything is unpacked
# (Node? Vulkan loader? ICD files? CUDA libraries under python3? torch?), printed and written to
# $OUT/device-facts.txt. Every probe is time-boxed; none changes the machine.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
out=${OUT:-$BENCH_GPU_HOME}
mkdir -p "$out"

facts() {
  probe() {
    say "--- $1"
    shift
    timeout 20 bash -c "$*" 2>&1 | head -c 4000
    say
  }
  probe date 'date -u +%Y-%m-%dT%H:%M:%SZ'
  probe uname 'uname -a'
  probe os 'grep PRETTY_NAME /etc/os-release'
  probe cpu 'nproc; grep -m1 "model name" /proc/cpuinfo; free -g | head -2; df -h /tmp | tail -1'
  probe tools 'for t in node python3 xz tar dpkg ldconfig nvidia-smi sha256sum timeout; do printf "%s: %s\n" $t "$(command -v $t || echo missing)"; done'
  probe nvidia-smi 'nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap,pci.bus_id --format=csv; nvidia-smi | grep -m1 "CUDA Version"'
  probe torch "$PY"' -c "import sys, torch; print(sys.executable, torch.__version__, torch.version.cuda, torch.backends.cudnn.version(), torch.cuda.is_available() and torch.cuda.get_device_name(0))"'
  probe cuda-lib-dirs 'source '"$here"'/lib.sh; cuda_lib_dirs | tr ":" "\n"'
  probe vulkan-loader 'ldconfig -p | grep -E "libvulkan|libEGL|libGLX|libGLdispatch" || echo "no Vulkan/GL loader in ldconfig"'
  probe icd-files 'ls -l /usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/nvidia/share/vulkan/icd.d /usr/local/nvidia/share/glvnd/egl_vendor.d 2>&1'
  probe nvidia-libs 'ls /usr/local/nvidia/lib64 2>&1 | grep -E "GLX_nvidia|EGL_nvidia|libcuda.so|vulkan" | head'
  probe bench-gpu-home "ls -la $BENCH_GPU_HOME $CHUNKS 2>&1"
}
facts | tee "$out/device-facts.txt"
