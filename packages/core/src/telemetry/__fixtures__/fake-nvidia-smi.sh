#!/bin/sh
# A stand-in for nvidia-smi in tests: prints FAKE_GPU_UTIL / FAKE_GPU_MEM_MIB lines in the
# `--query-gpu=index,name,utilization.gpu,memory.used,memory.total --format=csv,noheader,nounits
# -lms N` format, for two GPUs, every N ms, until killed.
ms=100
while [ $# -gt 0 ]; do
  case "$1" in -lms) ms="$2"; shift ;; esac
  shift
done
i=0
while :; do
  echo "0, NVIDIA H100 80GB HBM3, ${FAKE_GPU_UTIL:-87}, $(( ${FAKE_GPU_MEM_MIB:-1000} + i )), 81559"
  echo "1, NVIDIA H100 80GB HBM3, 5, 7, 81559"
  i=$((i + 1))
  sleep "$(awk "BEGIN { print $ms / 1000 }")"
done
