"""Helpers shared by the peer-parity tests (optax, transformers, timm, Keras).

* :func:`x64` -- a module-scoped fixture body: JAX in float64 for the module,
  restored afterwards (the rest of the suite runs with JAX's int32 default).
* :func:`timm_scheduler` -- ``timm.scheduler`` without timm's top-level
  ``__init__`` (which imports torchvision, not installable here on CPU).
* :func:`keras` -- Keras on its JAX backend (``KERAS_BACKEND=jax`` is set
  before the first import), computing in float64 while the fixture is active.
* :func:`check` -- compare a schedule (scalar path and numpy path) with the
  peer's values to ``rtol=1e-6``.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import sys
import types
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import pytest

import schedax as sx

RTOL = 1e-6


@contextmanager
def x64() -> Iterator[None]:
    """JAX with ``jax_enable_x64`` for the duration (and Keras in float64 if loaded)."""
    jax = pytest.importorskip("jax")
    before = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    keras_mod = sys.modules.get("keras")
    floatx = keras_mod.config.floatx() if keras_mod is not None else None
    if keras_mod is not None:
        keras_mod.config.set_floatx("float64")
    try:
        yield
    finally:
        if keras_mod is not None and floatx is not None:
            keras_mod.config.set_floatx(floatx)
        jax.config.update("jax_enable_x64", before)


def timm_scheduler() -> types.ModuleType:
    """``timm.scheduler``, loaded without executing ``timm/__init__.py``.

    timm is installed with ``--no-deps`` (it pulls torchvision, which has no CPU
    build here), so ``import timm`` fails; its ``scheduler`` subpackage needs
    torch only. A bare package module named ``timm`` whose ``__path__`` is
    timm's directory lets ``timm.scheduler`` (and its absolute imports of
    ``timm.scheduler.scheduler``) load on their own.
    """
    pytest.importorskip("torch")
    if "timm.scheduler" in sys.modules:
        return sys.modules["timm.scheduler"]
    spec = importlib.util.find_spec("timm")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("timm is not installed")
    if "timm" not in sys.modules:
        package = types.ModuleType("timm")
        package.__path__ = list(spec.submodule_search_locations)
        sys.modules["timm"] = package
    return importlib.import_module("timm.scheduler")


def timm_version() -> str:
    return importlib.metadata.version("timm")


def keras() -> types.ModuleType:
    """Keras on its JAX backend."""
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = "jax"
    mod = pytest.importorskip("keras")
    if mod.backend.backend() != "jax":
        pytest.skip("Keras was imported with another backend")
    return mod


def check(
    s: sx.Schedule,
    expected: Sequence[float] | Any,
    steps: Sequence[int] | None = None,
    skip: Sequence[int] = (),
    atol: float | None = None,
) -> None:
    """``s`` equals ``expected`` at ``steps`` (default ``0..len-1``) to ``rtol=1e-6``.

    Both paths are checked: Python ints one by one, and one numpy array. A
    tiny absolute tolerance (``1e-12`` of the largest value) covers values
    that are 0 up to rounding (the bottom of a cosine); ``atol`` overrides it
    (as a fraction of the largest value). Steps in ``skip`` are
    left out (documented peer rounding quirks, checked separately).
    """
    want = np.asarray(expected, dtype=np.float64)
    ts = np.arange(len(want)) if steps is None else np.asarray(steps, dtype=np.int64)
    keep = ~np.isin(ts, np.asarray(list(skip), dtype=np.int64))
    want, ts = want[keep], ts[keep]
    scale = max(1.0, float(np.max(np.abs(want)))) if want.size else 1.0
    atol = 1e-12 * scale if atol is None else atol * scale
    scalar = np.asarray([s(int(t)) for t in ts], dtype=np.float64)
    np.testing.assert_allclose(scalar, want, rtol=RTOL, atol=atol, err_msg=repr(s))
    array = s(ts)
    np.testing.assert_allclose(array, want, rtol=RTOL, atol=atol, err_msg=repr(s))


def probe_steps(
    length: int, *, extra: Sequence[int] = (), last: bool = True
) -> np.ndarray[Any, Any]:
    """Every step ``0..length + 5`` plus far-away ones (past the end), up to
    ``2**31 - 1`` unless ``last=False`` (for peers that compute ``cos`` of an
    unreduced argument, which is off by ``~1e-6`` at ``2π · 2**31``)."""
    far = [length * 3 + 7, 10_000, 123_457, *([2**31 - 1] if last else [])]
    return np.unique(np.asarray([*range(length + 6), *far, *extra], dtype=np.int64))
