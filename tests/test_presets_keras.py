"""Parity of ``schedax.presets.keras`` with ``keras.optimizers.schedules`` itself.

Keras runs on its JAX backend (``KERAS_BACKEND=jax``, set by ``tests/_peers``
before the first import), in float64 for this module (``jax_enable_x64`` and
``floatx="float64"``, restored afterwards). Each Keras schedule is evaluated
with ``jax.vmap`` over an array of steps (``CosineDecay`` branches with
``ops.cond``, which takes a scalar step only), to ``rtol=1e-6``.
"""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schedax as sx
from schedax.presets import keras as kp

from ._peers import check, keras, probe_steps, x64

K = keras()
jax = pytest.importorskip("jax")
jnp = jax.numpy
schedules = K.optimizers.schedules


@pytest.fixture(scope="module", autouse=True)
def _float64() -> Iterator[None]:
    with x64():
        yield


def peer(fn: Callable[[Any], Any], steps: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    n = len(steps)
    padded = np.concatenate([steps, np.zeros(-n % 256, dtype=np.int64)])
    out = jax.vmap(fn)(jnp.asarray(padded, dtype=jnp.int64))
    return np.asarray(out, dtype=np.float64)[:n]


# Keras' own type promotion forces 32 bits on JAX (``result_type`` maps float64 to
# float32), so its ``ops.cos`` runs in float32 even with floatx="float64": the
# cosine schedules agree to float32 precision only, 1e-6 of the peak.
FLOAT32_COS = 1e-6


def parity(
    s: sx.Schedule, fn: Callable[[Any], Any], length: int, skip: Any = (), atol: float | None = None
) -> None:
    # Keras' 32-bit promotion also rounds steps above 2**24: not probed
    steps = probe_steps(length, last=False)
    want = peer(fn, steps)
    # growth (decay_rate > 1): schedax stops at 1e300 * lr where Keras goes on to inf
    skip = [*skip, *steps[~(np.abs(want) <= 1e280)]]
    check(s, want, steps, skip=skip, atol=atol)
    assert np.all(np.isfinite(s(steps)))


lrs = st.floats(1e-3, 10.0)


@settings(max_examples=30)
@given(
    lr=lrs,
    n=st.integers(1, 50),
    rate=st.one_of(st.floats(0.0, 1.0), st.floats(1.0, 1.3), st.sampled_from([0.0, 1.0])),
    staircase=st.booleans(),
)
def test_exponential_decay(lr: float, n: int, rate: float, staircase: bool) -> None:
    parity(
        kp.ExponentialDecay(lr, n, rate, staircase),
        schedules.ExponentialDecay(lr, n, rate, staircase),
        20 * n,
    )


@settings(max_examples=30)
@given(
    gaps=st.lists(st.integers(1, 30), min_size=1, max_size=5),
    first=st.integers(0, 20),
    data=st.data(),
)
def test_piecewise_constant_decay(gaps: list[int], first: int, data: st.DataObject) -> None:
    bounds = [first + sum(gaps[:i]) for i in range(len(gaps))]
    values = data.draw(
        st.lists(st.floats(-1.0, 10.0), min_size=len(bounds) + 1, max_size=len(bounds) + 1)
    )
    parity(
        kp.PiecewiseConstantDecay(bounds, values),
        schedules.PiecewiseConstantDecay(bounds, values),
        bounds[-1],
    )


@settings(max_examples=30)
@given(
    lr=lrs,
    n=st.integers(1, 50),
    end=st.one_of(st.just(1e-4), st.floats(0.0, 1e-3)),
    p=st.one_of(st.sampled_from([0.0, 0.5, 1.0, 2.0]), st.floats(0.1, 4.0)),
    cycle=st.booleans(),
)
def test_polynomial_decay(lr: float, n: int, end: float, p: float, cycle: bool) -> None:
    s = kp.PolynomialDecay(lr, n, end, p, cycle)
    skip: list[int] = []
    if 0 < p < 1:
        # XLA computes t / n as t * (1 / n): where the progress is exactly 1 Keras'
        # 1 - t / n is an ulp, not 0, and ** power < 1 makes that visible (Keras
        # never quite reaches end_learning_rate); schedax's progress is exactly 1
        steps = probe_steps(5 * n, last=False)
        skip = [int(t) for t in steps if (t >= n and not cycle) or (cycle and t > 0 and t % n == 0)]
        assert all(s(t) == end for t in skip)
    parity(s, schedules.PolynomialDecay(lr, n, end, p, cycle), 5 * n, skip=skip)


@settings(max_examples=30)
@given(lr=lrs, n=st.integers(1, 50), rate=st.floats(0.0, 3.0), staircase=st.booleans())
def test_inverse_time_decay(lr: float, n: int, rate: float, staircase: bool) -> None:
    parity(
        kp.InverseTimeDecay(lr, n, rate, staircase),
        schedules.InverseTimeDecay(lr, n, rate, staircase),
        20 * n,
    )


@settings(max_examples=15)
@given(
    lr=st.one_of(st.just(0.0), lrs),
    n=st.integers(1, 150),
    alpha=st.one_of(st.just(0.0), st.floats(0.0, 1.0)),
    target=st.one_of(st.none(), lrs),
    w=st.integers(0, 40),
)
def test_cosine_decay(lr: float, n: int, alpha: float, target: float | None, w: int) -> None:
    parity(
        kp.CosineDecay(lr, n, alpha, warmup_target=target, warmup_steps=w),
        schedules.CosineDecay(lr, n, alpha, warmup_target=target, warmup_steps=w),
        n + w,
        atol=FLOAT32_COS,
    )


def missed_restarts(steps: Any, n: int, t_mul: float) -> list[int]:
    """Steps where Keras' float ``log`` puts a step in the wrong restart."""
    if t_mul == 1.0:
        return []
    tf = Fraction(t_mul)
    starts = [Fraction(0)]
    while starts[-1] <= int(max(steps)):
        starts.append(n * (tf ** len(starts) - 1) / (tf - 1))
    out = []
    for t in (int(x) for x in steps):
        frac = t / n
        i = math.floor(math.log(1.0 - frac * (1.0 - t_mul)) / math.log(t_mul))
        exact = max(k for k, s in enumerate(starts) if s <= t)
        if i != exact:
            out.append(t)
    return out


@settings(max_examples=20)
@given(
    lr=lrs,
    n=st.integers(1, 40),
    # exact binary fractions: the exact restarts are cheap to find (Fraction)
    t_mul=st.sampled_from([1.0, 1.0, 1.25, 1.5, 2.0, 3.0]),
    m_mul=st.one_of(st.just(1.0), st.floats(0.0, 1.0), st.just(0.0)),
    alpha=st.one_of(st.just(0.0), st.floats(0.0, 0.5)),
)
def test_cosine_decay_restarts(lr: float, n: int, t_mul: float, m_mul: float, alpha: float) -> None:
    s = kp.CosineDecayRestarts(lr, n, t_mul, m_mul, alpha)
    fn = schedules.CosineDecayRestarts(lr, n, t_mul, m_mul, alpha)
    length = min(int(n * (1 + t_mul + t_mul**2 + t_mul**3)), 600)
    parity(s, fn, length, missed_restarts(probe_steps(length, last=False), n, t_mul), FLOAT32_COS)


def test_piecewise_boundary_is_inclusive() -> None:
    fn = schedules.PiecewiseConstantDecay([10], [1.0, 0.5])
    s = kp.PiecewiseConstantDecay([10], [1.0, 0.5])
    assert float(fn(10)) == s(10) == 1.0
    assert float(fn(11)) == s(11) == 0.5
    assert sx.piecewise([10], [1.0, 0.5])(10) == 0.5  # optax / schedax: new value at 10


# ------------------------------------------------------------------------ values


@pytest.mark.parametrize(
    "s",
    [
        kp.ExponentialDecay(0.1, 10, 0.9),
        kp.ExponentialDecay(0.1, 10, 1.1, staircase=True),
        kp.PiecewiseConstantDecay([0, 10], [1.0, 0.5, 0.1]),
        kp.PolynomialDecay(0.1, 10, cycle=True, power=2.0),
        kp.InverseTimeDecay(0.1, 10, 0.5, True),
        kp.CosineDecay(0.0, 100, 0.1, warmup_target=0.1, warmup_steps=10),
        kp.CosineDecayRestarts(0.1, 10, 1.5, 0.5, 0.1),
    ],
    ids=repr,
)
def test_presets_are_ordinary_schedules(s: sx.Schedule) -> None:
    assert eval(repr(s), vars(sx)) == s
    assert sx.from_dict(s.to_dict()) == s
    steps = [0, 1, 17, 1000, 2**31 - 1]
    assert all(math.isfinite(s(t)) for t in steps)
    assert np.all(np.isfinite(s(np.asarray(steps))))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: kp.ExponentialDecay(0.1, 0, 0.9), "decay_steps"),
        (lambda: kp.ExponentialDecay(0.1, 10, -0.9), "decay_rate"),
        (lambda: kp.PiecewiseConstantDecay([10, 5], [1.0, 0.5, 0.1]), "boundaries"),
        (lambda: kp.PiecewiseConstantDecay([10], [1.0]), "values"),
        (lambda: kp.PolynomialDecay(0.1, 10, power=-1.0), "power"),
        (lambda: kp.InverseTimeDecay(0.1, 10, -1.0), "decay_rate"),
        (lambda: kp.CosineDecay(0.1, 0), "decay_steps"),
        (lambda: kp.CosineDecay(0.1, 10, warmup_steps=-1, warmup_target=1.0), "warmup_steps"),
        (lambda: kp.CosineDecayRestarts(0.1, 10, t_mul=0.5), "t_mul"),
        (lambda: kp.CosineDecayRestarts(0.1, 10, m_mul=1.5), "m_mul"),
        (lambda: kp.CosineDecayRestarts(0.1, 10, name=3), "name"),
    ],
)
def test_bad_arguments_name_the_parameter(call: Callable[[], object], match: str) -> None:
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_presets_do_not_import_keras() -> None:
    code = (
        "import sys, schedax.presets.keras as kp\n"
        "kp.CosineDecayRestarts(0.1, 10)(3)\n"
        "assert not {'keras', 'jax'} & set(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
