"""Algebraic laws of the schedule algebra, checked with hypothesis over random trees.

Laws about structure compare schedules with ``==`` (equal by structure); laws about
values compare evaluations on the pure-Python path, exactly where the two sides run
the same arithmetic and to ``1e-12`` relative where they do not.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import schedax as sx
from tests import strategies as sts

REL = 1e-12


def close(a: float, b: float, scale: float = 1.0) -> bool:
    return math.isclose(a, b, rel_tol=REL, abs_tol=REL * max(1.0, abs(scale)))


# ---------------------------------------------------------------------- join


@given(
    sts.trees(4),
    sts.trees(4),
    sts.trees(4),
    st.integers(1, 300),
    st.integers(1, 300),
    st.lists(sts.steps, min_size=8, max_size=8),
)
def test_join_is_associative(a, b, c, k, gap, ts):
    m = k + gap
    left = sx.join([sx.join([a, b], [k]), c], [m])
    right = sx.join([a, sx.join([b, c], [m - k])], [k])
    # nested joins are flattened, so both sides are the same three-piece join
    assert left == right
    assert hash(left) == hash(right)
    assert left.boundaries == right.boundaries
    for t in [*ts, 0, k - 1, k, m - 1, m]:
        expected = a(t) if t < k else b(t - k) if t < m else c(t - m)
        assert left(t) == right(t) == expected


@given(st.lists(sts.trees(3), min_size=1, max_size=5), st.data())
def test_join_runs_each_piece_on_local_time(pieces, data):
    bounds = data.draw(sts.increasing(1, 500, len(pieces) - 1, len(pieces) - 1))
    s = sx.join(pieces, bounds)
    starts = [0, *bounds]
    for t in data.draw(st.lists(sts.steps, min_size=1, max_size=10)):
        i = sum(b <= t for b in bounds)
        assert s(t) == pieces[i](t - starts[i])


@given(st.lists(sts.finite_trees(3), min_size=2, max_size=5))
def test_join_infers_boundaries_from_durations(pieces):
    s = sx.join(pieces)
    expected = list(np.cumsum([p.duration for p in pieces[:-1]]))
    # a piece that is itself a join is flattened: its own boundaries appear too
    assert set(expected) <= set(s.boundaries)
    assert s == sx.join(pieces, expected)


@given(sts.trees())
def test_join_of_one_schedule_is_that_schedule(s):
    assert sx.join([s]) is s
    assert sx.join([s], []) is s
    assert sx.join([s], None) == s


# --------------------------------------------------------------------- cycle


@given(sts.trees(4), st.integers(1, 100), st.lists(st.integers(0, 1_000), min_size=5, max_size=5))
def test_cycle_is_periodic(s, period, ts):
    c = sx.cycle(s, period)
    for t in ts:
        assert c(t) == c(t + period) == c(t + 7 * period) == s(t % period)


@given(
    sts.trees(4),
    st.integers(1, 100),
    st.floats(0.1, 1.0),
    st.lists(st.integers(0, 1_000), min_size=5, max_size=5),
)
def test_cycle_decay_multiplies_each_restart(s, period, decay, ts):
    c = sx.cycle(s, period, decay=decay)
    for t in ts:
        k = t // period
        assert close(c(t), decay**k * s(t - k * period), s(t - k * period))
        assert close(c(t + period), decay * c(t), c(t))


@given(
    sts.trees(4),
    st.integers(1, 50),
    st.integers(1, 5),
    st.sampled_from([1.0, 2.0]),
    st.floats(0.1, 1.0),
    st.lists(st.integers(0, 3_000), min_size=5, max_size=5),
)
def test_cycle_limit_holds_the_end_of_the_last_cycle(s, period, limit, mult, decay, ts):
    c = sx.cycle(s, period, period_mult=mult, decay=decay, limit=limit)
    end = period * (limit if mult == 1.0 else 2**limit - 1)
    assert c.duration == end
    held = decay ** (limit - 1) * s(period)
    for t in [*ts, end, end + 1, 10**9]:
        if t >= end:
            assert close(c(t), held, s(period))


@given(
    sts.trees(4),
    st.integers(1, 50),
    st.integers(0, 6),
    st.floats(0.1, 1.0),
    st.data(),
)
def test_cycle_with_doubling_periods_rescales_local_time(s, period, k, decay, data):
    # cycle k starts at P (2^k - 1), lasts P 2^k, and spans the schedule's [0, P)
    c = sx.cycle(s, period, period_mult=2.0, decay=decay)
    start = period * (2**k - 1)
    u = data.draw(st.integers(0, period - 1))
    assert close(c(start + u * 2**k), decay**k * s(u), s(u))


@pytest.mark.parametrize("mult", [1.5, 2.0, 3.0])
@given(start=sts.values, end=sts.values, period=st.integers(1, 50), frac=st.floats(0.01, 0.99))
def test_cycle_period_mult_restarts_every_cycle(mult, start, end, period, frac):
    # a continuous schedule: rounding of the rescaled local time cannot jump
    s = sx.linear(start, end, period)
    c = sx.cycle(s, period, period_mult=mult)
    s_k = 0.0
    for k in range(8):
        length = period * mult**k
        assert math.isclose(c(s_k + frac * length), s(frac * period), rel_tol=1e-9)
        s_k += length


# ------------------------------------------------------- multiply / add / divide


@given(sts.trees())
def test_identities_of_arithmetic(s):
    assert s * 1 == s
    assert 1.0 * s == s
    assert sx.multiply(s, 1.0) == s
    assert sx.multiply(s) == s
    assert s + 0 == s
    assert 0.0 + s == s
    assert s / 1 == s
    assert s - 0.0 == s


@given(sts.trees(), sts.factors, st.lists(sts.steps, min_size=5, max_size=5))
def test_scalars_commute(s, c, ts):
    assert c * s == s * c
    assert hash(c * s) == hash(s * c)
    assert c + s == s + c
    assert sx.multiply(c, s, 2.0) == sx.multiply(2.0, s, c)
    for t in ts:
        assert (c * s)(t) == (s * c)(t)
        assert close((c * s)(t), c * s(t), s(t))
        assert close((s + c)(t), s(t) + c, s(t))
        assert close((s / c)(t), s(t) / c, s(t))
        assert close((c - s)(t), c - s(t), s(t))


@given(sts.trees(3), sts.trees(3), sts.factors, sts.factors, st.lists(sts.steps, max_size=5))
def test_products_flatten_and_fold_constants(a, b, c, d, ts):
    nested = sx.multiply(c, sx.multiply(a, d), b)
    flat = sx.multiply(c * d, a, b)
    for t in ts:
        assert close(nested(t), c * d * a(t) * b(t), c * d * a(t) * b(t))
        assert close(nested(t), flat(t), flat(t))


# -------------------------------------------------------------------- warmup


@given(
    sts.trees(),
    st.integers(1, 100),
    st.floats(0.0, 1.0),
    st.lists(sts.steps, min_size=3, max_size=3),
)
def test_linear_warmup_is_continuous_at_the_junction(s, steps, start, ts):
    w = sx.warmup(s, steps, start=start)
    peak = s(0)
    assert w(0) == start
    assert w(steps) == peak
    # the last ramp step is one increment below the peak
    assert abs(w(steps - 1) - peak) <= abs(peak - start) / steps * (1 + 1e-9) + 1e-15
    for t in ts:
        assert w(t + steps) == s(t)


@given(
    sts.trees(),
    st.integers(1, 100),
    st.sampled_from(["linear", "cosine", "exponential", "constant"]),
    st.floats(0.01, 1.0),
)
def test_every_warmup_shape_starts_at_start_and_joins_the_schedule(s, steps, shape, ratio):
    peak = s(0)
    start = peak * ratio if shape == "exponential" else ratio
    if shape == "exponential" and peak == 0.0:
        shape = "linear"
    w = sx.warmup(s, steps, start=start, shape=shape)
    assert close(w(0), start, start)
    assert w(steps) == peak
    for t in range(steps):  # the ramp stays between start and peak
        assert min(start, peak) - 1e-12 <= w(t) <= max(start, peak) + 1e-12


@given(sts.trees())
def test_warmup_of_zero_steps_is_the_schedule(s):
    assert sx.warmup(s, 0) is s


# ------------------------------------------------------------ shift / stretch


@given(sts.trees(), st.integers(-300, 300), st.integers(-300, 300), st.lists(sts.steps, max_size=5))
def test_shift_composes_and_delays(s, j, k, ts):
    assert sx.shift(s, 0) is s
    assert sx.shift(sx.shift(s, j), k) == sx.shift(s, j + k)
    shifted = sx.shift(s, k)
    for t in ts:
        assert shifted(t) == s(t - k)


@given(sts.trees(), sts.stretches, sts.stretches, st.lists(sts.steps, max_size=5))
def test_stretch_scales_time(s, f, g, ts):
    assert sx.stretch(s, 1) is s
    assert sx.stretch(s, 1.0) is s
    for t in ts:
        assert sx.stretch(s, f)(t) == s(t / f)
        assert sx.stretch(sx.stretch(s, f), g)(t) == s(t / g / f)


@given(sts.primitives(), st.integers(1, 10**6))
def test_primitives_hold_their_start_before_step_zero(p, k):
    # "every primitive ... clamps steps below 0 to 0"; so `shift(p, k)` holds p(0)
    assert p(-k) == p(0)
    assert sx.shift(p, k)(0) == p(0)


def test_multistep_with_a_milestone_at_zero_clamps_negative_steps():
    s = sx.multistep(1.0, [0, 10], 0.5)
    assert s(0) == 0.5
    assert s(-1) == 0.5
    assert sx.shift(s, 5)(0) == 0.5


# ----------------------------------------------------------------- durations


@given(sts.trees(), st.lists(st.integers(0, 10**6), min_size=3, max_size=3))
def test_value_is_held_after_the_duration(s, extra):
    d = s.duration
    if d is None:
        return
    held = s(d)
    for e in extra:
        assert close(s(d + e), held, held)


# ------------------------------------------------------- evaluation by type


@given(sts.trees(), st.lists(sts.steps, min_size=1, max_size=20))
def test_array_evaluation_equals_a_loop_of_scalar_ones(s, ts):
    ts = ts + sts.landmarks(s)  # boundaries, milestones, restarts and their neighbours
    loop = [s(t) for t in ts]
    out = s(np.asarray(ts, dtype=np.int64))
    assert isinstance(out, np.ndarray)
    assert out.dtype == np.float64
    assert out.shape == (len(ts),)
    scale = max(1.0, *(abs(x) for x in loop))
    np.testing.assert_allclose(out, loop, rtol=REL, atol=REL * scale)


@given(sts.trees(), st.lists(sts.steps, min_size=6, max_size=6))
def test_array_evaluation_keeps_the_shape(s, ts):
    grid = np.asarray(ts, dtype=np.int64).reshape(2, 3)
    out = s(grid)
    assert out.shape == (2, 3)
    np.testing.assert_array_equal(out.ravel(), s(grid.ravel()))
    scalar = s(np.int64(ts[0]))
    assert np.shape(scalar) == ()
    assert math.isclose(float(scalar), s(ts[0]), rel_tol=REL, abs_tol=REL)


@given(sts.trees(), sts.steps, sts.float_steps)
def test_scalar_path_returns_a_python_float(s, t, x):
    assert type(s(t)) is float
    assert type(s(x)) is float
    assert type(s(float(t))) is float
    assert s(float(t)) == s(t)
