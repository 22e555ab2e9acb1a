"""Golden values for the combinators and recipes.

Expected values are computed from the children evaluated by hand on the time
each one is documented to see (local time for ``join``/``warmup``/``cycle``,
global time for ``multiply``/``piecewise``/``minimum``...), or from the
formula written out with ``math``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

import schedax as sx

FAR = 10**9
INT32_MAX = 2**31 - 1


def loop(s: sx.Schedule, steps: range | list[int]) -> list[float]:
    return [s(t) for t in steps]


def cos_ref(s: float, e: float, T: int) -> Callable[[float], float]:
    return lambda t: e + (s - e) * 0.5 * (1.0 + math.cos(math.pi * min(max(t, 0) / T, 1.0)))


def lin_ref(s: float, e: float, T: int) -> Callable[[float], float]:
    return lambda t: s + (e - s) * min(max(t, 0) / T, 1.0)


# ----------------------------------------------------------------------- join


def test_join_docstring_values() -> None:
    s = sx.join([sx.linear(0.0, 1.0, 10), sx.cosine(1.0, 0.0, 90)])
    assert s.boundaries == (10,)
    assert s(5) == 0.5
    assert s(10) == 1.0
    assert s(55) == pytest.approx(0.5)
    assert s(100) == pytest.approx(0.0, abs=1e-15)
    assert s.duration == 100


def test_join_pieces_see_local_time() -> None:
    a, b = sx.linear(0.0, 10.0, 10), sx.linear(0.0, 10.0, 10)
    s = sx.join([a, b], [5])
    assert [s(t) for t in range(5)] == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert [s(t) for t in range(5, 16)] == [b(k) for k in range(11)]
    assert s(FAR) == 10.0
    cos = sx.cosine(1.0, 0.0, 90)
    j = sx.join([sx.linear(0.0, 1.0, 10), cos], [10])
    for k in (0, 1, 17, 45, 89, 90, 500):
        assert j(10 + k) == cos(k)


def test_join_value_changes_exactly_at_the_boundary() -> None:
    s = sx.join([1.0, 2.0, 3.0], [5, 8])
    assert [s(t) for t in range(-2, 10)] == [
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        2.0,
        2.0,
        2.0,
        3.0,
        3.0,
    ]
    assert s(4.999) == 1.0
    assert s(5.0) == 2.0
    assert s(FAR) == 3.0
    np.testing.assert_array_equal(s(np.array([4, 5, 7, 8])), [1.0, 2.0, 2.0, 3.0])


def test_join_negative_steps_go_to_first_piece_clamped() -> None:
    s = sx.join([sx.linear(0.5, 1.0, 10), sx.constant(0.1)], [10])
    assert s(-1) == 0.5
    assert s(-(10**6)) == 0.5


def test_join_infers_boundaries_from_durations() -> None:
    s = sx.join([sx.linear(0.0, 1.0, 10), sx.cosine(1.0, 0.5, 20), sx.exponential(0.5, 0.9)])
    assert s.boundaries == (10, 30)
    assert s(9) == 0.9
    assert s(10) == 1.0
    assert s(30) == 0.5
    assert s(31) == pytest.approx(0.45)
    assert s.duration is None
    t = sx.join([sx.linear(0.0, 1.0, 10), sx.cosine(1.0, 0.5, 20), 0.5])
    assert t.boundaries == (10, 30)
    assert t.duration == 30


def test_join_of_one_is_itself() -> None:
    s = sx.cosine(1.0, 0.0, 10)
    assert sx.join([s]) is s
    assert sx.join([s], []) is s
    assert sx.join([0.5]) == sx.constant(0.5)


def test_join_flattens_nested_joins() -> None:
    a, b, c = sx.linear(0.0, 1.0, 10), sx.cosine(1.0, 0.0, 20), sx.constant(0.1)
    inner = sx.join([a, b], [10])
    assert sx.join([inner, c], [30]) == sx.join([a, b, c], [10, 30])
    assert sx.join([c, inner], [5]) == sx.join([c, a, b], [5, 15])
    assert sx.join([sx.join([a, b]), c]) == sx.join([a, b, c], [10, 30])
    nested = sx.join([c, inner], [5])
    for t in (0, 4, 5, 10, 14, 15, 25, 34, 35, 100):
        expected = c(t) if t < 5 else (a(t - 5) if t < 15 else b(t - 15))
        assert nested(t) == expected, t


def test_join_truncates_nested_join_at_outer_boundary() -> None:
    a, b, c = sx.linear(0.0, 1.0, 10), sx.cosine(1.0, 0.0, 20), sx.constant(0.1)
    inner = sx.join([a, b], [10])
    # the outer boundary 5 cuts the inner join before its own boundary 10
    s = sx.join([inner, c], [5])
    assert s == sx.join([a, c], [5])
    assert [s(t) for t in range(12)] == [a(t) for t in range(5)] + [0.1] * 7
    # a boundary exactly at the inner boundary drops the empty piece
    assert sx.join([inner, c], [10]) == sx.join([a, c], [10])
    # a cut inside the second inner piece keeps both
    assert sx.join([inner, c], [12]) == sx.join([a, b, c], [10, 12])


def test_join_lifts_numbers() -> None:
    s = sx.join([1.0, sx.linear(1.0, 0.0, 10)], [3])
    assert (s(0), s(3), s(8), s(13)) == (1.0, 1.0, 0.5, 0.0)


def test_join_duration() -> None:
    assert sx.join([1.0, sx.linear(1.0, 0.0, 10)], [3]).duration == 13
    assert sx.join([sx.linear(1.0, 0.0, 10), 0.0], [25]).duration == 25
    assert sx.join([1.0, sx.exponential(1.0, 0.5)], [3]).duration is None


# --------------------------------------------------------------------- warmup

W = 10
A = 0.1
MAIN = sx.cosine(1.0, 0.0, 100)
RAMPS: dict[str, Callable[[float], float]] = {
    "linear": lambda x: A + (1.0 - A) * x,
    "cosine": lambda x: A + (1.0 - A) * 0.5 * (1.0 - math.cos(math.pi * x)),
    "exponential": lambda x: A * (1.0 / A) ** x,
    "constant": lambda x: A,
    "1-sqrt": lambda x: A + (1.0 - A) * (1.0 - math.sqrt(1.0 - x)),
}


@pytest.mark.parametrize("shape", list(RAMPS))
def test_warmup_shapes(shape: str) -> None:
    s = sx.warmup(MAIN, W, start=A, shape=shape)
    ramp = RAMPS[shape]
    for t in range(W):
        assert s(t) == pytest.approx(ramp(t / W), rel=1e-12), t
    assert s(0) == pytest.approx(A, rel=1e-12)
    assert s(W) == MAIN(0) == 1.0
    for k in (1, 37, 99, 100, 101, FAR):
        assert s(W + k) == MAIN(k)
    assert s(-3) == pytest.approx(A, rel=1e-12)
    assert s.duration == W + 100
    steps = np.arange(-2, 130)
    np.testing.assert_allclose(s(steps), loop(s, steps.tolist()), rtol=1e-12)
    np.testing.assert_allclose(s.curve(130), loop(s, range(130)), rtol=1e-12)


def test_warmup_docstring_values() -> None:
    s = sx.warmup(sx.constant(1.0), 4)
    assert [s(t) for t in range(6)] == [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    lr = sx.warmup(sx.cosine(1e-3, 1e-5, 99_000), 1_000)
    assert lr(0) == 0.0
    assert lr(1_000) == 1e-3
    assert lr(100_000) == pytest.approx(1e-5)


def test_warmup_prepends() -> None:
    main = sx.linear(1.0, 0.0, 50)
    s = sx.warmup(main, 20)
    assert s(20) == 1.0
    assert s(45) == main(25) == 0.5
    assert s(70) == 0.0
    assert s.duration == 70
    assert sx.warmup(sx.exponential(1.0, 0.5), 5).duration is None


def test_warmup_zero_steps_is_identity() -> None:
    s = sx.cosine(1.0, 0.0, 10)
    assert sx.warmup(s, 0) is s
    assert sx.warmup(s, 0, start=0.5, shape="cosine") is s


def test_warmup_overlay_by_multiplication() -> None:
    main = sx.cosine(1.0, 0.0, 100)
    s = main * sx.linear(0.0, 1.0, W)
    for t in range(W):
        assert s(t) == pytest.approx(main(t) * t / W, rel=1e-12, abs=1e-15)
    for t in (W, 50, 100, 500):
        assert s(t) == main(t)
    assert s.duration == 100


def test_warmup_lifts_number() -> None:
    s = sx.warmup(2.0, 4, start=1.0)
    assert [s(t) for t in range(6)] == [1.0, 1.25, 1.5, 1.75, 2.0, 2.0]


# ---------------------------------------------------------------------- cycle

BASE = sx.linear(1.0, 0.0, 10)


def test_cycle_period_mult_1() -> None:
    s = sx.cycle(BASE, 10)
    for t in (*range(45), 12345, FAR, FAR + 7):
        assert s(t) == BASE(t % 10), t
    assert s(-5) == 1.0
    assert s.duration is None
    np.testing.assert_array_equal(s(np.arange(45)), [BASE(t % 10) for t in range(45)])


def test_cycle_period_mult_2() -> None:
    s = sx.cycle(BASE, 10, period_mult=2.0)
    assert [s(t) for t in (0, 5, 10, 20, 30)] == [1.0, 0.5, 1.0, 0.5, 1.0]
    starts = [0, 10, 30, 70, 150, 310]
    for k in range(5):
        length = 10 * 2**k
        for j in range(length):
            t = starts[k] + j
            assert s(t) == pytest.approx(BASE(j * 10 / length), rel=1e-12), t


def test_cycle_period_mult_3_every_restart_is_exact() -> None:
    base = sx.cosine(1.0, 0.0, 10)
    s = sx.cycle(base, 10, period_mult=3)
    starts = [0]
    while starts[-1] < 10**15:
        starts.append(starts[-1] + 10 * 3 ** (len(starts) - 1))
    assert starts[:6] == [0, 10, 40, 130, 400, 1210]
    for t in starts:
        assert s(t) == 1.0, t
    np.testing.assert_array_equal(s(np.array(starts, dtype=np.int64)), 1.0)
    # one step before every restart: the end of the previous (longer) cycle
    for k in range(1, 12):
        length = 10 * 3 ** (k - 1)
        t = starts[k] - 1
        expected = base((length - 1) * 10 / length)
        assert s(t) == pytest.approx(expected, rel=1e-9, abs=1e-15), t
        assert s(t) < 0.03


def test_cycle_period_mult_3_restarts_on_jax_int32() -> None:
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    s = sx.cycle(sx.cosine(1.0, 0.0, 10), 10, period_mult=3)
    starts = [0]
    while starts[-1] + 10 * 3 ** (len(starts) - 1) <= INT32_MAX:
        starts.append(starts[-1] + 10 * 3 ** (len(starts) - 1))
    got = s(jnp.asarray(starts, dtype=jnp.int32))
    np.testing.assert_array_equal(np.asarray(got), 1.0)


def test_cycle_decay() -> None:
    base = sx.cosine(1.0, 0.0, 10)
    s = sx.cycle(base, 10, decay=0.5)
    for t in (0, 3, 10, 13, 25, 99):
        assert s(t) == pytest.approx(0.5 ** (t // 10) * base(t % 10), rel=1e-12), t
    g = sx.cycle(base, 10, period_mult=2, decay=0.5)
    assert (g(0), g(10), g(30), g(70)) == (1.0, 0.5, 0.25, 0.125)


def test_cycle_limit_holds_end_value() -> None:
    s = sx.cycle(BASE, 10, limit=3)
    assert s(25) == BASE(5)
    assert s(29) == BASE(9)
    assert s(30) == 0.0
    assert s(FAR) == 0.0
    assert s.duration == 30
    d = sx.cycle(sx.linear(1.0, 0.5, 10), 10, decay=0.5, limit=2)
    assert d(19) == pytest.approx(0.5 * 0.55)
    assert d(20) == 0.25  # decay**(limit - 1) * base(P)
    assert d(FAR) == 0.25
    assert d.duration == 20


def test_cycle_limit_with_period_mult_holds_end_value() -> None:
    m = sx.cycle(BASE, 10, period_mult=2, limit=2)
    assert m.duration == 30
    assert m(29) == pytest.approx(BASE(9.5))
    assert m(30) == 0.0
    assert m(FAR) == 0.0
    assert m(69) == 0.0
    assert m(70) == 0.0  # past the last entry of the restart table
    np.testing.assert_array_equal(m(np.array([30, 31, 70, FAR])), 0.0)
    g = sx.cycle(BASE, 10, period_mult=3, decay=0.5, limit=3)
    assert g.duration == 130
    assert g(129) == pytest.approx(0.25 * BASE(10 * 89 / 90))
    assert g(130) == 0.0
    assert g(FAR) == 0.0


def test_cycle_period_mult_far_steps() -> None:
    s = sx.cycle(BASE, 10, period_mult=2)
    # 10**9 lies in cycle k = 26, which starts at 10 * (2**26 - 1)
    start, length = 10 * (2**26 - 1), 10 * 2**26
    assert s(FAR) == pytest.approx(BASE((FAR - start) * 10 / length), rel=1e-12)


def test_cycle_duration_with_many_cycles() -> None:
    s = sx.cycle(BASE, 10, limit=200_000)
    assert s.duration == 2_000_000


@pytest.mark.parametrize(
    "s",
    [
        sx.cycle(sx.cosine(1.0, 0.0, 10), 10),
        sx.cycle(sx.cosine(1.0, 0.0, 10), 10, decay=0.999999),
        sx.cycle(sx.cosine(1.0, 0.0, 10), 10, period_mult=2),
        sx.cycle(sx.cosine(1.0, 0.0, 10), 10, period_mult=3),
        sx.cycle(sx.cosine(1.0, 0.0, 7), 7, period_mult=1.5),
    ],
    ids=["mult1", "decay", "mult2", "mult3", "mult1.5"],
)
def test_cycle_large_steps_agree_across_backends(s: sx.Schedule) -> None:
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    steps = [INT32_MAX - 3, INT32_MAX - 1, INT32_MAX]
    py = [s(t) for t in steps]
    np.testing.assert_allclose(s(np.array(steps, dtype=np.int64)), py, rtol=1e-12)
    assert s(np.int64(INT32_MAX)) == pytest.approx(py[-1], rel=1e-12)
    got = np.asarray(s(jnp.asarray(steps, dtype=jnp.int32)))
    np.testing.assert_allclose(got, py, rtol=1e-4, atol=1e-6)


def test_cycle_large_step_under_jit() -> None:
    jax = pytest.importorskip("jax")
    s = sx.cycle(sx.cosine(1.0, 0.0, 10), 10, period_mult=2)
    got = float(jax.jit(s)(jax.numpy.int32(INT32_MAX)))
    assert got == pytest.approx(s(INT32_MAX), rel=1e-4)


def test_cycle_lifts_number_and_clamps_negative() -> None:
    s = sx.cycle(sx.linear(1.0, 0.0, 10), 10, period_mult=2)
    assert s(-1) == 1.0
    assert sx.cycle(0.5, 10)(33) == 0.5


# ----------------------------------------------------- arithmetic and operators

S = sx.linear(1.0, 3.0, 10)
T = sx.cosine(2.0, 1.0, 10)
STEPS = (-2, 0, 3, 5, 10, 40)


@pytest.mark.parametrize(
    ("expr", "ref"),
    [
        (lambda: S * 2, lambda t: S(t) * 2),
        (lambda: 2 * S, lambda t: 2 * S(t)),
        (lambda: S + 1, lambda t: S(t) + 1),
        (lambda: 1 + S, lambda t: 1 + S(t)),
        (lambda: S - 1, lambda t: S(t) - 1),
        (lambda: 2 - S, lambda t: 2 - S(t)),
        (lambda: S / 4, lambda t: S(t) / 4),
        (lambda: 1 / S, lambda t: 1 / S(t)),
        (lambda: -S, lambda t: -S(t)),
        (lambda: S * T, lambda t: S(t) * T(t)),
        (lambda: S + T, lambda t: S(t) + T(t)),
        (lambda: S - T, lambda t: S(t) - T(t)),
        (lambda: S / T, lambda t: S(t) / T(t)),
        (lambda: sx.multiply(0.5, S, T), lambda t: 0.5 * S(t) * T(t)),
        (lambda: sx.add(0.5, S, T), lambda t: 0.5 + S(t) + T(t)),
        (lambda: sx.divide(S, T), lambda t: S(t) / T(t)),
        (lambda: sx.divide(3.0, T), lambda t: 3.0 / T(t)),
        (lambda: 2 * S + 1 - T / 2, lambda t: 2 * S(t) + 1 - T(t) / 2),
    ],
    ids=[
        "s*2",
        "2*s",
        "s+1",
        "1+s",
        "s-1",
        "2-s",
        "s/4",
        "1/s",
        "-s",
        "s*t",
        "s+t",
        "s-t",
        "s/t",
        "multiply",
        "add",
        "divide",
        "divide-number",
        "mixed",
    ],
)
def test_arithmetic_values(expr: Callable[[], sx.Schedule], ref: Callable[[float], float]) -> None:
    s = expr()
    assert isinstance(s, sx.Schedule)
    for t in STEPS:
        assert s(t) == pytest.approx(ref(t), rel=1e-12), t
    np.testing.assert_allclose(s(np.array(STEPS)), [ref(t) for t in STEPS], rtol=1e-12)


def test_multiply_docstring_values() -> None:
    s = sx.multiply(0.5, sx.linear(1.0, 0.0, 10))
    assert (s(0), s(5)) == (0.5, 0.25)
    assert (sx.linear(1.0, 0.0, 10) / 2)(0) == 0.5


def test_constant_folding() -> None:
    assert sx.constant(2) * 3 == sx.constant(6.0)
    assert 3 * sx.constant(2) == sx.constant(6.0)
    assert sx.constant(2) + 3 == sx.constant(5.0)
    assert 2 * sx.constant(3) + 1 == sx.constant(7.0)
    assert sx.constant(3) - 1 == sx.constant(2.0)
    assert sx.multiply(2, 3, 4) == sx.constant(24.0)
    assert sx.add(1, 2) == sx.constant(3.0)


def test_identities_and_flattening() -> None:
    assert sx.multiply(S) is S
    assert sx.multiply(1.0, S) is S
    assert S * 1 is S
    assert sx.add(0.0, S) is S
    assert S + 0 is S
    assert sx.divide(S, 1) is S
    assert S / 1.0 is S
    assert 2 * S == S * 2
    assert sx.multiply(sx.multiply(S, T), 2.0) == sx.multiply(2.0, S, T)
    assert sx.add(sx.add(S, T), 1.0) == sx.add(1.0, S, T)
    assert (S * 2) * 3 == S * 6


def test_arithmetic_duration() -> None:
    assert (S * T).duration == 10
    assert (S * sx.linear(0.0, 1.0, 25)).duration == 25
    assert (S + sx.exponential(1.0, 0.5)).duration is None
    assert (S / 2).duration == 10


# ------------------------------------------------------------------ piecewise


def test_piecewise_constant_numbers() -> None:
    s = sx.piecewise([10, 20], [1.0, 0.1, 0.01])
    cases = {-5: 1.0, 0: 1.0, 9: 1.0, 10: 0.1, 19: 0.1, 20: 0.01, FAR: 0.01}
    for t, expected in cases.items():
        assert s(t) == expected, t
    np.testing.assert_array_equal(s(np.array(list(cases))), list(cases.values()))
    assert s.duration == 20


def test_piecewise_constant_boundary_zero() -> None:
    s = sx.piecewise([0, 5], [9.0, 1.0, 2.0])
    assert (s(-1), s(0), s(4), s(5)) == (9.0, 1.0, 1.0, 2.0)


def test_piecewise_constant_schedule_values_see_global_time() -> None:
    a, b = sx.linear(0.0, 1.0, 20), sx.linear(0.0, 2.0, 40)
    s = sx.piecewise([10], [a, b])
    assert s(5) == 0.25
    assert s(15) == 0.75  # b at global 15, not local 5
    assert s(10) == 0.5
    assert s(100) == 2.0
    np.testing.assert_allclose(s(np.array([5, 10, 15, 100])), [0.25, 0.5, 0.75, 2.0])
    assert s.duration == 40


def test_piecewise_linear_numbers() -> None:
    s = sx.piecewise([10, 20, 40], [0.0, 1.0, 0.0], "linear")
    cases = {-3: 0.0, 0: 0.0, 10: 0.0, 15: 0.5, 20: 1.0, 30: 0.5, 39: 0.05, 40: 0.0, FAR: 0.0}
    for t, expected in cases.items():
        assert s(t) == pytest.approx(expected, abs=1e-15), t
    np.testing.assert_allclose(s(np.array(list(cases))), list(cases.values()), atol=1e-15)
    assert sx.piecewise([0, 10], [0.0, 1.0], "linear")(5) == 0.5


def test_piecewise_linear_holds_outside_range() -> None:
    s = sx.piecewise([10, 20], [1.0, 3.0], "linear")
    assert (s(0), s(9), s(10), s(15), s(20), s(30), s(FAR)) == (1.0, 1.0, 1.0, 2.0, 3.0, 3.0, 3.0)
    np.testing.assert_array_equal(s(np.array([0, 15, 30])), [1.0, 2.0, 3.0])


def test_piecewise_linear_schedule_values_see_global_time() -> None:
    ramp = sx.linear(0.0, 10.0, 100)
    s = sx.piecewise([0, 10], [sx.constant(1.0), ramp], "linear")
    # w = 0.5 between constant 1 and ramp at global 5 (= 0.5)
    assert s(5) == pytest.approx(0.5 * 1.0 + 0.5 * 0.5)
    assert s(50) == 5.0  # held after the last boundary: ramp at global 50
    np.testing.assert_allclose(s(np.array([5, 50])), [0.75, 5.0])


def test_piecewise_single_value_is_itself() -> None:
    assert sx.piecewise([], [S]) is S
    assert sx.piecewise([5], [S], "linear") is S


# --------------------------------------------------- minimum / maximum / clip


def test_minimum_maximum() -> None:
    lo = sx.minimum(sx.linear(0.0, 2.0, 10), 1.0)
    assert [lo(t) for t in (0, 4, 5, 8, 100)] == [0.0, 0.8, 1.0, 1.0, 1.0]
    hi = sx.maximum(sx.exponential(1.0, 0.5), 0.1)
    assert (hi(0), hi(1), hi(10)) == (1.0, 0.5, 0.1)
    three = sx.minimum(S, T, 1.5)
    for t in STEPS:
        assert three(t) == min(S(t), T(t), 1.5)
    big = sx.maximum(S, T, 1.5)
    for t in STEPS:
        assert big(t) == max(S(t), T(t), 1.5)
    np.testing.assert_array_equal(three(np.array(STEPS)), [min(S(t), T(t), 1.5) for t in STEPS])
    assert sx.minimum(S) is S
    assert sx.minimum(sx.minimum(S, T), 1.5) == three


def test_clip() -> None:
    s = sx.linear(0.0, 1.0, 10)
    both = sx.clip(s, low=0.2, high=0.8)
    assert [both(t) for t in (0, 2, 5, 8, 10)] == [0.2, 0.2, 0.5, 0.8, 0.8]
    assert [sx.clip(s, low=0.3)(t) for t in (0, 5)] == [0.3, 0.5]
    assert [sx.clip(s, high=0.3)(t) for t in (0, 5)] == [0.0, 0.3]
    assert sx.clip(s) is s
    assert sx.clip(s, 0.5, 0.5)(9) == 0.5
    np.testing.assert_array_equal(both(np.array([0, 5, 10])), [0.2, 0.5, 0.8])
    assert both.duration == 10


# ------------------------------------------------------------ shift / stretch


def test_shift_delays() -> None:
    base = sx.linear(0.0, 1.0, 10)
    s = sx.shift(base, 5)
    assert [s(t) for t in (-3, 0, 5, 10, 15, 100)] == [0.0, 0.0, 0.0, 0.5, 1.0, 1.0]
    assert s.duration == 15


def test_shift_advances() -> None:
    base = sx.linear(0.0, 1.0, 10)
    s = sx.shift(base, -5)
    assert [s(t) for t in (0, 3, 5, 100)] == [0.5, 0.8, 1.0, 1.0]
    assert s.duration == 5
    assert sx.shift(base, -50).duration == 0


def test_shift_identities() -> None:
    base = sx.linear(0.0, 1.0, 10)
    assert sx.shift(base, 0) is base
    assert sx.shift(sx.shift(base, 3), -3) is base
    assert sx.shift(sx.shift(base, 3), 4) == sx.shift(base, 7)


def test_stretch() -> None:
    base = sx.cosine(1.0, 0.0, 100)
    s = sx.stretch(base, 1000)
    assert s(50_000) == pytest.approx(0.5)
    assert s(100_000) == 0.0
    assert s(12_345) == base(12.345)
    assert s.duration == 100_000
    c = sx.stretch(base, 0.5)
    assert c(25) == base(50)
    assert c.duration == 50
    assert sx.stretch(base, 1) is base
    assert sx.stretch(base, 1.5).duration == 150
    assert sx.stretch(sx.linear(0.0, 1.0, 3), 0.5).duration == 2


# -------------------------------------------------------------------- recipes


def test_wsd_linear() -> None:
    s = sx.wsd(1.0, 10, 80, 10)
    expected = {0: 0.0, 5: 0.5, 10: 1.0, 50: 1.0, 89: 1.0, 90: 1.0, 95: 0.5, 99: 0.1, 100: 0.0}
    for t, v in expected.items():
        assert s(t) == pytest.approx(v, abs=1e-15), t
    assert s(FAR) == 0.0
    assert s(-1) == 0.0
    assert s.duration == 100


def test_wsd_cosine() -> None:
    s = sx.wsd(2.0, 10, 80, 20, start=0.2, end=0.1, decay_shape="cosine")
    ref = cos_ref(2.0, 0.1, 20)
    assert s(0) == 0.2
    assert s(5) == pytest.approx(1.1)
    assert s(10) == 2.0
    assert s(89) == 2.0
    for k in (0, 5, 10, 19, 20, 30):
        assert s(90 + k) == pytest.approx(ref(k), rel=1e-12), k
    assert s(FAR) == 0.1
    assert s.duration == 110


def test_wsd_1_sqrt() -> None:
    s = sx.wsd(1.0, 10, 80, 10, decay_shape="1-sqrt")
    assert s(5) == 0.5
    assert s(50) == 1.0
    assert s(92) == pytest.approx(1.0 - math.sqrt(0.2), rel=1e-12)
    assert s(100) == 0.0
    assert s(FAR) == 0.0


def test_wsd_without_warmup_or_stable() -> None:
    s = sx.wsd(1.0, 0, 0, 10)
    assert s == sx.linear(1.0, 0.0, 10)
    t = sx.wsd(1.0, 0, 5, 10)
    assert (t(0), t(4), t(5), t(10), t(15)) == (1.0, 1.0, 1.0, 0.5, 0.0)
    u = sx.wsd(1.0, 2, 3, 0, end=0.25)
    assert [u(k) for k in range(7)] == [0.0, 0.5, 1.0, 1.0, 1.0, 0.25, 0.25]


def test_one_cycle_cosine() -> None:
    s = sx.one_cycle(1.0, 100, 0.3)
    a, e = 1.0 / 25, 1.0 / 25 / 1e4
    up, down = cos_ref(a, 1.0, 30), cos_ref(1.0, e, 70)
    assert s(0) == pytest.approx(a)
    assert s(30) == 1.0
    assert s(100) == pytest.approx(e)
    assert s(FAR) == pytest.approx(e)
    for t in (0, 7, 15, 29):
        assert s(t) == pytest.approx(up(t), rel=1e-12), t
    for t in (30, 31, 65, 99, 100):
        assert s(t) == pytest.approx(down(t - 30), rel=1e-12), t
    assert s.duration == 100


def test_one_cycle_linear_explicit_ends() -> None:
    s = sx.one_cycle(2.0, 50, 0.2, start=0.5, end=0.1, shape="linear")
    up, down = lin_ref(0.5, 2.0, 10), lin_ref(2.0, 0.1, 40)
    for t in range(60):
        expected = up(t) if t < 10 else down(t - 10)
        assert s(t) == pytest.approx(expected, rel=1e-12), t


def test_triangular() -> None:
    s = sx.triangular(0.1, 1.0, 10)
    expected = {0: 0.1, 5: 0.55, 10: 1.0, 15: 0.55, 20: 0.1, 25: 0.55, 30: 1.0, 40: 0.1}
    for t, v in expected.items():
        assert s(t) == pytest.approx(v, rel=1e-12), t
    assert s(20 * 10**6 + 10) == pytest.approx(1.0)
    assert s.duration is None


def test_triangular_decay_half() -> None:
    s = sx.triangular(0.1, 1.0, 10, decay=0.5)
    expected = {
        0: 0.1,
        10: 1.0,
        20: 0.1,
        30: 0.55,
        40: 0.1,
        50: 0.1 + 0.9 * 0.25,
        45: 0.1 + 0.45 * 0.25,
    }
    for t, v in expected.items():
        assert s(t) == pytest.approx(v, rel=1e-12), t


# --------------------------------------------------------- curve == loop

CURVES = {
    "join": sx.join([sx.linear(0.0, 1.0, 10), sx.cosine(1.0, 0.0, 20), sx.constant(0.05)]),
    "join-same-kind": sx.join(
        [sx.cosine(1.0, 0.5, 8), sx.cosine(0.5, 0.2, 12), sx.cosine(0.2, 0.0, 5)]
    ),
    "warmup": sx.warmup(sx.cosine(1.0, 0.0, 30), 10, start=0.1),
    "warmup-of-join": sx.warmup(sx.join([sx.constant(1.0), sx.linear(1.0, 0.0, 10)], [15]), 7),
    "join-of-warmups": sx.join(
        [sx.warmup(sx.cosine(1.0, 0.0, 10), 5), sx.warmup(sx.linear(2.0, 0.0, 10), 4)]
    ),
    "wsd": sx.wsd(1.0, 5, 10, 8, decay_shape="1-sqrt"),
    "cycle-of-join": sx.triangular(0.1, 1.0, 4),
}


@pytest.mark.parametrize("s", list(CURVES.values()), ids=list(CURVES))
@pytest.mark.parametrize("offset", [0, 3, 7, 12, 40])
def test_curve_equals_loop(s: sx.Schedule, offset: int) -> None:
    n = 45
    shifted = sx.shift(s, -offset)
    got = shifted.curve(n)
    assert got.shape == (n,)
    np.testing.assert_allclose(got, [s(t) for t in range(offset, offset + n)], rtol=1e-12)


@pytest.mark.parametrize("s", list(CURVES.values()), ids=list(CURVES))
@pytest.mark.parametrize("delay", [1, 6])
def test_curve_equals_loop_when_delayed(s: sx.Schedule, delay: int) -> None:
    shifted = sx.shift(s, delay)
    got = shifted.curve(30)
    assert got.shape == (30,)
    np.testing.assert_allclose(got, [shifted(t) for t in range(30)], rtol=1e-12)


@pytest.mark.parametrize("s", list(CURVES.values()), ids=list(CURVES))
def test_curve_of_nothing(s: sx.Schedule) -> None:
    assert s.curve(0).shape == (0,)
    d = s.duration or 10
    assert sx.shift(s, -d).curve(0).shape == (0,)
    assert sx.shift(s, -5).curve(0).shape == (0,)


# ------------------------------------------ array evaluation of grouped pieces

GROUPED = {
    "cosines": sx.join([sx.cosine(1.0, 0.5, 8), sx.cosine(0.5, 0.2, 12), sx.cosine(0.2, 0.0, 5)]),
    "warmups": sx.join(
        [sx.warmup(sx.cosine(1.0, 0.0, 10), 3), sx.warmup(sx.cosine(2.0, 0.0, 10), 5)]
    ),
    "cycles-with-decay": sx.join(
        [sx.cycle(sx.cosine(1.0, 0.0, 10), 10, decay=0.5), sx.cycle(sx.cosine(1.0, 0.0, 10), 10)],
        [50],
    ),
    "wsds": sx.join([sx.wsd(1.0, 2, 3, 4), sx.wsd(0.5, 2, 3, 4)]),
    "piecewise-of-cycles": sx.piecewise(
        [30],
        [
            sx.cycle(sx.cosine(1.0, 0.0, 10), 10, decay=0.5),
            sx.cycle(sx.cosine(1.0, 0.0, 10), 10, decay=0.9),
        ],
    ),
    "mixed-kinds": sx.join(
        [sx.linear(0.0, 1.0, 5), sx.cosine(1.0, 0.5, 10), sx.linear(0.5, 0.0, 5), 0.0]
    ),
}


@pytest.mark.parametrize("s", list(GROUPED.values()), ids=list(GROUPED))
def test_array_evaluation_of_joined_pieces_equals_loop(s: sx.Schedule) -> None:
    steps = np.arange(-3, 70)
    np.testing.assert_allclose(s(steps), loop(s, steps.tolist()), rtol=1e-12)
