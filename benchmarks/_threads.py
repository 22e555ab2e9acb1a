"""Pin the benchmarks to one thread, before JAX (or torch) starts its runtime."""

from __future__ import annotations

import os
import sys

XLA_FLAGS = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def pin_threads() -> str:
    """Ask XLA, OpenMP and BLAS for one thread; describe what was done.

    XLA reads ``XLA_FLAGS`` when its CPU client starts, so this must run before
    the first JAX computation (``python -m benchmarks`` calls it first thing).
    """
    flags = os.environ.get("XLA_FLAGS", "")
    if "xla_cpu_multi_thread_eigen" not in flags:
        os.environ["XLA_FLAGS"] = f"{flags} {XLA_FLAGS}".strip()
    for var in _VARS:
        os.environ.setdefault(var, "1")
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    late = "jax" in sys.modules
    if "torch" in sys.modules:
        import torch

        torch.set_num_threads(1)
    return describe() + (" (jax was imported before pinning: may be ignored)" if late else "")


def describe() -> str:
    flags = os.environ.get("XLA_FLAGS", "(unset)")
    omp = ", ".join(f"{v}={os.environ.get(v, 'unset')}" for v in _VARS)
    return f"XLA_FLAGS={flags!r}; {omp}; torch.set_num_threads(1) (case torch_step)"
