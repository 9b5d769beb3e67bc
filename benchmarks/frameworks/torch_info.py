"""What a PyTorch build runs with, for the raw results: version, threads, and the BLAS / oneDNN /
OpenMP lines of torch.__config__.show() (whichever BLAS the build names)."""
import os
import torch


def torch_info():
    cfg = torch.__config__.show()
    keep = [l.strip() for l in cfg.splitlines() if any(k in l for k in ("BLAS", "LAPACK", "MKL", "oneDNN", "OpenMP", "USE_OPENMP"))]
    return {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "interopThreads": torch.get_num_interop_threads(),
        "config": keep,
        "env": {k: os.environ[k] for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS") if k in os.environ},
    }
