"""Parity of ``schedax.presets.optax`` with ``optax.schedules`` itself.

optax's schedules run in float64 here (``jax_enable_x64`` for this module)
and are evaluated with ``jax.vmap`` over an array of steps: its interpolating
and one-cycle schedules only take a scalar step. The presets are compared on
the same steps through their scalar path and their numpy path, to
``rtol=1e-6`` (see ``tests/_peers.py``).
"""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schedax as sx
from schedax.presets import optax as ox

from ._peers import check, probe_steps, x64

optax = pytest.importorskip("optax")
jax = pytest.importorskip("jax")
jnp = jax.numpy


@pytest.fixture(scope="module", autouse=True)
def _float64() -> Iterator[None]:
    with x64():
        yield


def peer(fn: Callable[[Any], Any], steps: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    # padded to a multiple of 256 steps: few distinct shapes, so few compilations
    n = len(steps)
    padded = np.concatenate([steps, np.zeros(-n % 256, dtype=np.int64)])
    out = jax.vmap(fn)(jnp.asarray(padded, dtype=jnp.int64))
    return np.broadcast_to(np.asarray(out, dtype=np.float64), padded.shape)[:n]


def parity(s: sx.Schedule, fn: Callable[[Any], Any], length: int) -> None:
    steps = probe_steps(length)
    want = peer(fn, steps)
    # unbounded growth (decay_rate > 1): schedax stops at 1e300 * init_value where
    # optax goes on to inf (and to 0 * inf = nan for init_value=0); values drawn
    # here are >= 1e-3 in magnitude, so both agree below 1e280
    check(s, want, steps, skip=steps[~(np.abs(want) <= 1e280)])
    assert np.all(np.isfinite(s(steps)))


values = st.floats(1e-3, 10.0)
signed = st.one_of(values, st.floats(-10.0, 10.0))
lengths = st.integers(-2, 120)
begins = st.integers(-5, 60)


@settings(max_examples=25)
@given(value=signed)
def test_constant_schedule(value: float) -> None:
    parity(ox.constant_schedule(value), optax.constant_schedule(value), 5)


@settings(max_examples=40)
@given(
    a=signed,
    b=signed,
    power=st.one_of(st.floats(0.1, 4.0), st.sampled_from([0.0, 1.0, 2.0])),
    n=lengths,
    begin=begins,
)
def test_polynomial_and_linear_schedule(
    a: float, b: float, power: float, n: int, begin: int
) -> None:
    s = ox.polynomial_schedule(a, b, power, n, begin)
    end = max(n, 0) + max(begin, 0)
    if 0 < power < 1 and n > 0:
        # XLA computes count / T as count * (1 / T): at the end optax's 1 - count / T
        # is ~1e-16, not 0, and ** power < 1 makes that visible (optax never quite
        # reaches end_value); schedax's progress is exactly 1 from T on
        steps = probe_steps(end)
        late = steps[steps >= end]
        check(s, peer(optax.polynomial_schedule(a, b, power, n, begin), steps), steps, skip=late)
        assert all(s(int(t)) == b for t in late)
    else:
        parity(s, optax.polynomial_schedule(a, b, power, n, begin), end)
    parity(
        ox.linear_schedule(a, b, n, begin),
        optax.linear_schedule(a, b, n, begin),
        max(n, 0) + max(begin, 0),
    )


scales = st.one_of(st.floats(0.0, 2.0), st.just(0.0), st.just(0.1))


@settings(max_examples=40)
@given(init=signed, table=st.dictionaries(st.integers(0, 100), scales, max_size=5))
def test_piecewise_constant_schedule(init: float, table: dict[int, float]) -> None:
    parity(
        ox.piecewise_constant_schedule(init, table),
        optax.piecewise_constant_schedule(init, table),
        max(table, default=0),
    )


@settings(max_examples=60)
@given(
    init=st.one_of(signed, st.just(0.0)),
    n=st.integers(-1, 50),
    rate=st.one_of(st.floats(0.0, 1.0), st.floats(1.0, 1.2), st.sampled_from([0.0, 0.5, 1.0])),
    begin=begins,
    staircase=st.booleans(),
    end=st.one_of(st.none(), signed, st.floats(0.0, 0.5)),
)
def test_exponential_decay(
    init: float, n: int, rate: float, begin: int, staircase: bool, end: float | None
) -> None:
    s = ox.exponential_decay(init, n, rate, begin, staircase, end)
    fn = optax.exponential_decay(init, n, rate, begin, staircase, end)
    parity(s, fn, max(n, 1) * 30 + max(begin, 0))


@settings(max_examples=40)
@given(
    init=signed,
    n=st.integers(1, 200),
    alpha=st.one_of(st.just(0.0), st.floats(-0.5, 1.5)),
    exponent=st.one_of(st.just(1.0), st.floats(0.2, 4.0), st.just(0.0)),
)
def test_cosine_decay_schedule(init: float, n: int, alpha: float, exponent: float) -> None:
    parity(
        ox.cosine_decay_schedule(init, n, alpha, exponent),
        optax.cosine_decay_schedule(init, n, alpha, exponent),
        n,
    )


@settings(max_examples=40)
@given(
    init=st.one_of(st.just(0.0), values),
    peak=signed,
    w=st.integers(0, 50),
    d=st.integers(1, 150),
    end=st.one_of(st.just(0.0), values),
    exponent=st.one_of(st.just(1.0), st.floats(0.3, 3.0)),
)
def test_warmup_cosine_decay_schedule(
    init: float, peak: float, w: int, d: int, end: float, exponent: float
) -> None:
    d = w + d
    parity(
        ox.warmup_cosine_decay_schedule(init, peak, w, d, end, exponent),
        optax.warmup_cosine_decay_schedule(init, peak, w, d, end, exponent),
        d,
    )


@settings(max_examples=25)
@given(init=st.one_of(st.just(0.0), values), peak=signed, w=st.integers(0, 50))
def test_warmup_constant_schedule(init: float, peak: float, w: int) -> None:
    parity(
        ox.warmup_constant_schedule(init, peak, w),
        optax.warmup_constant_schedule(init, peak, w),
        w,
    )


@settings(max_examples=40)
@given(
    init=st.one_of(st.just(0.0), values),
    peak=values,
    w=st.integers(0, 30),
    n=st.integers(-1, 20),
    rate=st.one_of(st.floats(0.0, 1.0), st.floats(1.0, 1.2)),
    begin=st.integers(-3, 20),
    staircase=st.booleans(),
    end=st.one_of(st.none(), st.floats(0.0, 20.0)),
)
def test_warmup_exponential_decay_schedule(
    init: float,
    peak: float,
    w: int,
    n: int,
    rate: float,
    begin: int,
    staircase: bool,
    end: float | None,
) -> None:
    args = (init, peak, w, n, rate, begin, staircase, end)
    parity(
        ox.warmup_exponential_decay_schedule(*args),
        optax.warmup_exponential_decay_schedule(*args),
        w + max(n, 1) * 20 + max(begin, 0),
    )


@settings(max_examples=30)
@given(
    kind=st.sampled_from(["linear", "cosine"]),
    init=signed,
    table=st.one_of(st.none(), st.dictionaries(st.integers(0, 100), scales, max_size=5)),
)
def test_piecewise_interpolate_schedule(
    kind: str, init: float, table: dict[int, float] | None
) -> None:
    parity(
        ox.piecewise_interpolate_schedule(kind, init, table),
        optax.piecewise_interpolate_schedule(kind, init, table),
        max(table or {}, default=0),
    )


pcts = st.one_of(st.floats(0.0, 1.0), st.sampled_from([0.0, 0.25, 0.3, 0.5, 1.0]))


@settings(max_examples=50)
@given(
    n=st.integers(1, 200),
    peak=values,
    pct_start=pcts,
    pct_final=pcts,
    div=st.floats(1.0, 100.0),
    final=st.floats(1.0, 1e4),
)
def test_onecycle_schedules(
    n: int, peak: float, pct_start: float, pct_final: float, div: float, final: float
) -> None:
    parity(
        ox.linear_onecycle_schedule(n, peak, pct_start, pct_final, div, final),
        optax.linear_onecycle_schedule(n, peak, pct_start, pct_final, div, final),
        n,
    )
    parity(
        ox.cosine_onecycle_schedule(n, peak, pct_start, div, final),
        optax.cosine_onecycle_schedule(n, peak, pct_start, div, final),
        n,
    )


def test_interpolating_schedules_take_step_arrays() -> None:
    # optax's own raise on an array of steps (they need jax.vmap); ours do not
    fn = optax.cosine_onecycle_schedule(100, 1.0)
    steps = jnp.arange(120)
    with pytest.raises((TypeError, ValueError)):
        fn(steps)
    s = ox.cosine_onecycle_schedule(100, 1.0)
    got = np.asarray(jax.jit(s)(steps))
    np.testing.assert_allclose(got, np.asarray(jax.vmap(fn)(steps)), rtol=1e-6, atol=1e-15)
    assert np.asarray(s(np.arange(120))).shape == (120,)


cosine_kwargs = st.fixed_dictionaries(
    {
        "init_value": st.one_of(st.just(0.0), values),
        "peak_value": values,
        "warmup_steps": st.integers(0, 10),
        "decay_steps": st.integers(1, 40),
        "end_value": st.one_of(st.just(0.0), st.floats(0.0, 1e-2)),
    }
).map(lambda kw: {**kw, "decay_steps": kw["warmup_steps"] + kw["decay_steps"]})


@settings(max_examples=40)
@given(kwargs=st.lists(cosine_kwargs, min_size=1, max_size=5), repeat=st.integers(1, 4))
def test_sgdr_schedule(kwargs: list[dict[str, Any]], repeat: int) -> None:
    if repeat > 1:
        kwargs = kwargs[:1] * repeat  # identical cycles: one closed-form cycle
    s = ox.sgdr_schedule(kwargs)
    if repeat > 1:
        assert isinstance(s, type(sx.cycle(sx.cosine(1.0, 0.0, 2), 2, limit=2)))
    total = sum(kw["decay_steps"] for kw in kwargs)
    parity(s, optax.sgdr_schedule(kwargs), total)


@settings(max_examples=30)
@given(gaps=st.lists(st.integers(1, 40), min_size=0, max_size=4), peak=values)
def test_join_schedules(gaps: list[int], peak: float) -> None:
    bounds = np.cumsum(gaps).tolist()
    mine = [ox.linear_schedule(0.0, peak, 7), ox.cosine_decay_schedule(peak, 13)] * 3
    theirs = [optax.linear_schedule(0.0, peak, 7), optax.cosine_decay_schedule(peak, 13)] * 3
    n = len(bounds) + 1
    parity(
        ox.join_schedules(mine[:n], bounds),
        optax.join_schedules(theirs[:n], bounds),
        (bounds[-1] if bounds else 0) + 20,
    )


# ------------------------------------------------------------------------ values


@pytest.mark.parametrize(
    "s",
    [
        ox.polynomial_schedule(1.0, 0.1, 2.0, 100, 5),
        ox.piecewise_constant_schedule(1.0, {0: 0.5, 10: 0.1}),
        ox.exponential_decay(1.0, 10, 0.5, 3, True, 0.01),
        ox.exponential_decay(1.0, 10, 1.5, end_value=4.0),
        ox.exponential_decay(1.0, 10, 1.5),
        ox.exponential_decay(1.0, 10, 1.5, staircase=True),
        ox.exponential_decay(-1.0, 10, 0.5, end_value=-0.5),
        ox.cosine_decay_schedule(1.0, 10, 0.1, 2.0),
        ox.piecewise_interpolate_schedule("cosine", 1.0, {5: 0.5, 10: 0.1}),
        ox.linear_onecycle_schedule(100, 1.0),
        ox.cosine_onecycle_schedule(100, 1.0),
        ox.warmup_exponential_decay_schedule(0.0, 1.0, 10, 5, 0.5, end_value=2.0),
        ox.sgdr_schedule(
            [{"init_value": 0.0, "peak_value": 1.0, "warmup_steps": 2, "decay_steps": 10}] * 2
        ),
    ],
    ids=repr,
)
def test_presets_are_ordinary_schedules(s: sx.Schedule) -> None:
    assert eval(repr(s), vars(sx)) == s
    assert sx.from_dict(s.to_dict()) == s
    steps = [0, 1, 17, 2**31 - 1]
    assert all(math.isfinite(s(t)) for t in steps)
    np.testing.assert_allclose(np.asarray(jax.jit(s)(jnp.asarray(steps))), s(np.asarray(steps)))


def test_quirks_kept() -> None:
    # warmup_steps=0 stays at init_value; a zero decay rate is the constant init_value
    assert ox.warmup_constant_schedule(0.1, 1.0, 0)(100) == 0.1
    assert ox.exponential_decay(2.0, 10, 0.0, end_value=5.0)(100) == 2.0
    # the clip applies before transition_begin too (optax clips every step)
    assert ox.exponential_decay(1.0, 10, 0.5, 20, end_value=3.0)(0) == 3.0


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: ox.cosine_decay_schedule(1.0, 0), "decay_steps"),
        (lambda: ox.exponential_decay(1.0, 10, -0.5), "decay_rate"),
        (lambda: ox.piecewise_constant_schedule(1.0, {10: -1.0}), "boundaries_and_scales"),
        (lambda: ox.piecewise_constant_schedule(1.0, {-1: 0.5}), "boundaries_and_scales"),
        (lambda: ox.piecewise_constant_schedule(1.0, [(10, 0.5)]), "boundaries_and_scales"),
        (lambda: ox.piecewise_interpolate_schedule("cubic", 1.0), "interpolate_type"),
        (lambda: ox.linear_onecycle_schedule(0, 1.0), "transition_steps"),
        (lambda: ox.linear_onecycle_schedule(10, 1.0, pct_start=1.5), "pct_start"),
        (lambda: ox.cosine_onecycle_schedule(10, 1.0, div_factor=0.0), "div_factor"),
        (lambda: ox.warmup_cosine_decay_schedule(0.0, 1.0, 10, 10), "decay_steps"),
        (lambda: ox.polynomial_schedule(1.0, 0.0, -1.0, 10), "power"),
        (lambda: ox.sgdr_schedule([]), "cosine_kwargs"),
        (lambda: ox.sgdr_schedule([{"peak_value": 1.0}]), r"cosine_kwargs\[0\]"),
        (lambda: ox.join_schedules([1.0, 2.0], [5, 3]), "boundaries"),
        (lambda: ox.join_schedules([1.0, 2.0], []), "boundaries"),
        (lambda: ox.join_schedules([1.0, abs], [5]), r"schedules\[1\]"),
    ],
)
def test_bad_arguments_name_the_parameter(call: Callable[[], object], match: str) -> None:
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_presets_do_not_import_optax() -> None:
    code = (
        "import sys, schedax.presets.optax as ox\n"
        "ox.cosine_onecycle_schedule(100, 1.0)(3)\n"
        "assert not {'optax', 'jax'} & set(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
