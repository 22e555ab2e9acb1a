"""Golden values for every primitive schedule.

Each expected value comes from the formula written out again here with
``math`` (the reference), or is an exact hand value. Every primitive is checked
at step 0, inside its duration, just before it, exactly at it, just after it,
far past it (10**9) and at negative steps, where it holds its step-0 value.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

import schedax as sx

FAR = 10**9
NEGATIVE = (-1, -7, -(10**6))


# ----------------------------------------------------------------- references


def ref_linear(s: float, e: float, T: int) -> Callable[[float], float]:
    return lambda t: s + (e - s) * min(max(t, 0) / T, 1.0)


def ref_cosine(s: float, e: float, T: int, p: float = 1.0) -> Callable[[float], float]:
    def f(t: float) -> float:
        x = min(max(t, 0) / T, 1.0)
        return e + (s - e) * (0.5 * (1.0 + math.cos(math.pi * x))) ** p

    return f


def ref_polynomial(s: float, e: float, T: int, p: float) -> Callable[[float], float]:
    return lambda t: e + (s - e) * (1.0 - min(max(t, 0) / T, 1.0)) ** p


def ref_sqrt_decay(s: float, e: float, T: int) -> Callable[[float], float]:
    return lambda t: s + (e - s) * math.sqrt(min(max(t, 0) / T, 1.0))


def ref_exponential(
    s: float, r: float, n: int = 1, staircase: bool = False, e: float | None = None
) -> Callable[[float], float]:
    def f(t: float) -> float:
        k = max(t, 0) / n
        if staircase:
            k = math.floor(k)
        if e is not None:
            k = min(k, math.log(e / s) / math.log(r))
        return s * r**k

    return f


def ref_step_decay(s: float, n: int, f: float) -> Callable[[float], float]:
    return lambda t: s * f ** math.floor(max(t, 0) / n)


def ref_multistep(s: float, milestones: list[int], f: float) -> Callable[[float], float]:
    return lambda t: s * f ** sum(1 for m in milestones if m <= max(t, 0))


def ref_inverse_sqrt(s: float, tau: float) -> Callable[[float], float]:
    return lambda t: s / math.sqrt(1.0 + max(t, 0) / tau)


def ref_inverse_time(
    s: float, r: float, n: int = 1, staircase: bool = False
) -> Callable[[float], float]:
    def f(t: float) -> float:
        k = max(t, 0) / n
        if staircase:
            k = math.floor(k)
        return s / (1.0 + r * k)

    return f


def ref_tanh(
    s: float, e: float, T: int, lo: float = -7.0, hi: float = 3.0
) -> Callable[[float], float]:
    def f(t: float) -> float:
        if t >= T:
            return e
        x = lo + (hi - lo) * max(t, 0) / T
        return e + (s - e) * 0.5 * (1.0 - math.tanh(x))

    return f


# ---------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    id: str
    schedule: sx.Schedule
    ref: Callable[[float], float]
    duration: int | None
    # a characteristic length: the duration, or a period for endless schedules
    span: int

    def steps(self) -> list[int | float]:
        T = self.span
        return [0, 1, T // 4, T // 2, T - 1, T, T + 1, 3 * T, FAR, T / 3, 0.5]


CASES = [
    Case("constant", sx.constant(0.1), lambda t: 0.1, 0, 10),
    Case("linear-down", sx.linear(1.0, 0.1, 100), ref_linear(1.0, 0.1, 100), 100, 100),
    Case("linear-up", sx.linear(-2.0, 6.0, 8), ref_linear(-2.0, 6.0, 8), 8, 8),
    Case("linear-1step", sx.linear(1.0, 0.0, 1), ref_linear(1.0, 0.0, 1), 1, 1),
    Case("cosine", sx.cosine(1.0, 0.1, 100), ref_cosine(1.0, 0.1, 100), 100, 100),
    Case("cosine-up", sx.cosine(0.0, 2.0, 30), ref_cosine(0.0, 2.0, 30), 30, 30),
    Case(
        "cosine-exponent-2",
        sx.cosine(1.0, 0.0, 100, exponent=2.0),
        ref_cosine(1.0, 0.0, 100, 2.0),
        100,
        100,
    ),
    Case(
        "cosine-exponent-0.5",
        sx.cosine(1.0, 0.2, 40, exponent=0.5),
        ref_cosine(1.0, 0.2, 40, 0.5),
        40,
        40,
    ),
    Case(
        "polynomial-2",
        sx.polynomial(1.0, 0.1, 100, power=2.0),
        ref_polynomial(1.0, 0.1, 100, 2.0),
        100,
        100,
    ),
    Case(
        "polynomial-0.5",
        sx.polynomial(2.0, 0.0, 50, power=0.5),
        ref_polynomial(2.0, 0.0, 50, 0.5),
        50,
        50,
    ),
    Case(
        "polynomial-default",
        sx.polynomial(1.0, 0.0, 20),
        ref_polynomial(1.0, 0.0, 20, 1.0),
        20,
        20,
    ),
    Case("sqrt_decay", sx.sqrt_decay(1.0, 0.0, 100), ref_sqrt_decay(1.0, 0.0, 100), 100, 100),
    Case("sqrt_decay-end", sx.sqrt_decay(1.0, 0.3, 64), ref_sqrt_decay(1.0, 0.3, 64), 64, 64),
    Case("exponential", sx.exponential(1.0, 0.9), ref_exponential(1.0, 0.9), None, 20),
    Case(
        "exponential-every",
        sx.exponential(2.0, 0.5, every=10),
        ref_exponential(2.0, 0.5, 10),
        None,
        10,
    ),
    Case(
        "exponential-staircase",
        sx.exponential(1.0, 0.5, every=10, staircase=True),
        ref_exponential(1.0, 0.5, 10, True),
        None,
        10,
    ),
    Case(
        # k_e = log(0.2) / log(0.5) = 2.32..., so the floor is reached at 23.2 steps
        "exponential-floor",
        sx.exponential(1.0, 0.5, every=10, end=0.2),
        ref_exponential(1.0, 0.5, 10, False, 0.2),
        24,
        24,
    ),
    Case(
        "exponential-staircase-floor",
        sx.exponential(1.0, 0.5, every=10, staircase=True, end=0.2),
        ref_exponential(1.0, 0.5, 10, True, 0.2),
        30,
        30,
    ),
    Case(
        "exponential-growth-ceiling",
        sx.exponential(1.0, 2.0, end=8.0),
        ref_exponential(1.0, 2.0, 1, False, 8.0),
        3,
        3,
    ),
    Case(
        "exponential-growth-ceiling-every",
        sx.exponential(0.5, 3.0, every=4, end=10.0),
        ref_exponential(0.5, 3.0, 4, False, 10.0),
        math.ceil(4 * math.log(20.0) / math.log(3.0)),
        11,
    ),
    Case(
        "exponential-negative-start",
        sx.exponential(-1.0, 0.5, end=-0.25),
        ref_exponential(-1.0, 0.5, 1, False, -0.25),
        2,
        2,
    ),
    Case("step_decay", sx.step_decay(1.0, 30, 0.1), ref_step_decay(1.0, 30, 0.1), None, 30),
    Case(
        "step_decay-factor-1",
        sx.step_decay(0.7, 5, 1.0),
        ref_step_decay(0.7, 5, 1.0),
        None,
        5,
    ),
    Case(
        "multistep",
        sx.multistep(1.0, [10, 30], 0.1),
        ref_multistep(1.0, [10, 30], 0.1),
        30,
        30,
    ),
    Case(
        "multistep-repeated",
        sx.multistep(1.0, [10, 20, 20], 0.5),
        ref_multistep(1.0, [10, 20, 20], 0.5),
        20,
        20,
    ),
    Case(
        "multistep-milestone-0",
        sx.multistep(1.0, [0, 5], 0.5),
        ref_multistep(1.0, [0, 5], 0.5),
        5,
        5,
    ),
    Case("multistep-empty", sx.multistep(3.0, []), lambda t: 3.0, 0, 4),
    Case(
        "inverse_sqrt",
        sx.inverse_sqrt(1.0, timescale=100),
        ref_inverse_sqrt(1.0, 100.0),
        None,
        300,
    ),
    Case(
        "inverse_sqrt-default",
        sx.inverse_sqrt(0.5),
        ref_inverse_sqrt(0.5, 10_000.0),
        None,
        10_000,
    ),
    Case(
        "inverse_time",
        sx.inverse_time(1.0, 0.5, every=10),
        ref_inverse_time(1.0, 0.5, 10),
        None,
        10,
    ),
    Case(
        "inverse_time-staircase",
        sx.inverse_time(1.0, 0.5, every=10, staircase=True),
        ref_inverse_time(1.0, 0.5, 10, True),
        None,
        10,
    ),
    Case("inverse_time-rate-0", sx.inverse_time(0.3, 0.0), lambda t: 0.3, None, 10),
    Case("tanh", sx.tanh(1.0, 0.1, 100), ref_tanh(1.0, 0.1, 100), 100, 100),
    Case(
        "tanh-bounds",
        sx.tanh(2.0, 0.0, 40, lower=-3.0, upper=5.0),
        ref_tanh(2.0, 0.0, 40, -3.0, 5.0),
        40,
        40,
    ),
]
IDS = [c.id for c in CASES]


def test_cases_have_unique_ids() -> None:
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_golden_values(case: Case) -> None:
    for t in case.steps():
        got = case.schedule(t)
        assert type(got) is float, (t, type(got))
        assert got == pytest.approx(case.ref(t), rel=1e-12, abs=1e-15), t


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_negative_steps_hold_the_step_zero_value(case: Case) -> None:
    at_zero = case.schedule(0)
    for t in (*NEGATIVE, -0.5):
        assert case.schedule(t) == at_zero, t
    np.testing.assert_array_equal(case.schedule(np.array(NEGATIVE)), np.full(3, at_zero))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_numpy_array_matches_reference(case: Case) -> None:
    steps = np.array([t for t in case.steps() if isinstance(t, int)], dtype=np.int64)
    got = case.schedule(steps)
    assert isinstance(got, np.ndarray)
    assert got.dtype == np.float64
    assert got.shape == steps.shape
    np.testing.assert_allclose(got, [case.ref(int(t)) for t in steps], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_duration(case: Case) -> None:
    assert case.schedule.duration == case.duration
    d = case.duration
    if d is not None:
        end = case.schedule(d)
        assert case.schedule(d + 1) == end
        assert case.schedule(FAR) == pytest.approx(end, rel=1e-12)


FINITE = [c for c in CASES if c.duration is not None]


@pytest.mark.parametrize("case", FINITE, ids=[c.id for c in FINITE])
def test_holds_end_value_after_duration(case: Case) -> None:
    d = case.duration
    assert d is not None
    values = case.schedule(np.array([d, d + 1, 2 * d + 5, FAR], dtype=np.int64))
    np.testing.assert_allclose(values, values[0], rtol=1e-12)


# ----------------------------------------------------- hand values and edges


def test_linear_exact_hand_values() -> None:
    s = sx.linear(0.0, 1.0, 100)
    assert (s(0), s(25), s(50), s(99), s(100), s(101), s(FAR)) == (
        0.0,
        0.25,
        0.5,
        0.99,
        1.0,
        1.0,
        1.0,
    )
    assert s(-5) == 0.0


def test_cosine_hand_values() -> None:
    s = sx.cosine(1.0, 0.0, 100)
    assert s(0) == 1.0
    assert s(50) == pytest.approx(0.5, abs=1e-15)
    assert s(100) == 0.0
    assert s(99) == pytest.approx(0.5 * (1 + math.cos(math.pi * 0.99)))
    assert s(99) > 0.0
    sq = sx.cosine(1.0, 0.0, 100, exponent=2.0)
    assert sq(50) == pytest.approx(0.25, abs=1e-15)
    assert sq(100) == 0.0


def test_polynomial_hand_values() -> None:
    s = sx.polynomial(1.0, 0.0, 100, power=2.0)
    assert s(50) == 0.25
    assert s(90) == pytest.approx(0.01)
    assert s(100) == 0.0


def test_sqrt_decay_hand_values() -> None:
    s = sx.sqrt_decay(1.0, 0.0, 100)
    assert s(25) == 0.5
    assert s(64) == pytest.approx(0.2)
    assert s(100) == 0.0


def test_exponential_hand_values() -> None:
    s = sx.exponential(1.0, 0.5, every=10)
    assert (s(0), s(10), s(20)) == (1.0, 0.5, 0.25)
    assert s(15) == pytest.approx(2**-1.5)
    st = sx.exponential(1.0, 0.5, every=10, staircase=True)
    assert (st(9), st(10), st(19), st(20)) == (1.0, 0.5, 0.5, 0.25)


def test_exponential_end_is_a_floor() -> None:
    s = sx.exponential(1.0, 0.5, every=10, end=0.2)
    assert s(20) == 0.25
    assert s(23) > 0.2
    assert s(24) == pytest.approx(0.2, rel=1e-12)
    assert s(FAR) == pytest.approx(0.2, rel=1e-12)
    assert min(s(t) for t in range(0, 200, 3)) >= 0.2 - 1e-15
    st = sx.exponential(1.0, 0.5, every=10, staircase=True, end=0.2)
    assert st(29) == 0.25
    assert st(30) == pytest.approx(0.2, rel=1e-12)


def test_exponential_end_is_a_growth_ceiling() -> None:
    s = sx.exponential(1.0, 2.0, end=8.0)
    assert (s(0), s(1), s(2), s(3), s(4)) == (1.0, 2.0, 4.0, 8.0, 8.0)
    assert s(2.5) == pytest.approx(2**2.5)
    assert s(FAR) == 8.0
    assert s(-3) == 1.0


def test_step_decay_hand_values() -> None:
    s = sx.step_decay(1.0, 30, 0.1)
    assert s(29) == 1.0
    assert s(30) == pytest.approx(0.1)
    assert s(59) == pytest.approx(0.1)
    assert s(60) == pytest.approx(0.01)
    assert s(FAR) == 0.0  # 0.1 ** 33_333_333 underflows to 0


def test_multistep_repeated_milestone_compounds() -> None:
    s = sx.multistep(1.0, [10, 20, 20], 0.5)
    assert (s(9), s(10), s(19), s(20), s(FAR)) == (1.0, 0.5, 0.5, 0.125, 0.125)


def test_multistep_milestone_zero_applies_at_step_zero() -> None:
    s = sx.multistep(1.0, [0, 5], 0.5)
    assert s(0) == 0.5
    assert s(4) == 0.5
    assert s(5) == 0.25
    # negative steps clamp to step 0, where milestone 0 has already applied
    assert s(-1) == 0.5
    np.testing.assert_array_equal(s(np.array([-3, 0, 5])), [0.5, 0.5, 0.25])


def test_inverse_sqrt_hand_values() -> None:
    s = sx.inverse_sqrt(1.0, timescale=100)
    assert (s(0), s(300), s(1500)) == (1.0, 0.5, 0.25)


def test_inverse_time_hand_values() -> None:
    s = sx.inverse_time(1.0, 0.5, every=10)
    assert (s(0), s(10), s(20), s(5)) == (1.0, 1 / 1.5, 0.5, 1 / 1.25)
    st = sx.inverse_time(1.0, 0.5, every=10, staircase=True)
    assert (st(9), st(10), st(19), st(20)) == (1.0, 1 / 1.5, 1 / 1.5, 0.5)


def test_tanh_reaches_end_exactly_at_steps() -> None:
    s = sx.tanh(1.0, 0.1, 100)
    assert s(100) == 0.1
    assert s(101) == 0.1
    assert s(FAR) == 0.1
    assert s(99) != 0.1
    assert s(99) == pytest.approx(0.1 + 0.9 * 0.5 * (1 - math.tanh(-7 + 10 * 0.99)))
    # slightly below start at step 0, by the factor (1 - tanh(l)) / 2
    assert s(0) == pytest.approx(0.1 + 0.9 * (1 - math.tanh(-7.0)) / 2)
    assert s(0) < 1.0
    assert sx.tanh(1.0, 0.0, 100)(70) == pytest.approx(0.5)
    np.testing.assert_array_equal(s(np.array([99, 100, 101])) == 0.1, [False, True, True])


# ----------------------------------------------------------- steps=0 identity


@pytest.mark.parametrize(
    "make",
    [sx.linear, sx.cosine, sx.polynomial, sx.sqrt_decay, sx.tanh],
    ids=lambda f: f.__name__,
)
def test_zero_steps_is_constant_end(make: Callable[..., sx.Schedule]) -> None:
    s = make(0.7, 0.2, 0)
    assert s == sx.constant(0.2)
    assert s(0) == 0.2
    assert s(-1) == 0.2
    assert s.duration == 0


def test_linear_zero_steps_identity() -> None:
    assert sx.linear(1.0, 3.0, 0) == sx.constant(3.0)
    assert sx.linear(1.0, 3.0, 0) != sx.constant(1.0)


def test_constant_value_everywhere() -> None:
    s = sx.constant(0.1)
    assert (s(0), s(-5), s(FAR), s(2.5)) == (0.1, 0.1, 0.1, 0.1)
    assert s.duration == 0
    np.testing.assert_array_equal(s(np.arange(4)), [0.1] * 4)


# --------------------------------------------------------------------- from_fn


def test_from_fn_scalar() -> None:
    s = sx.from_fn(lambda step: 0.95**step)
    assert s(0) == 1.0
    assert s(10) == 0.95**10
    assert type(s(3)) is float
    assert s.duration is None


def test_from_fn_receives_the_step_as_given() -> None:
    seen: list[object] = []

    def f(step: object) -> float:
        seen.append(step)
        return 1.0

    s = sx.from_fn(f)
    s(-3)
    s(2.5)
    assert seen == [-3, 2.5]
    assert sx.from_fn(lambda t: t)(-3) == -3.0


def test_from_fn_numpy_calls_per_element_with_python_numbers() -> None:
    seen: list[object] = []

    def f(step: int) -> float:
        seen.append(step)
        return 0.5**step

    got = sx.from_fn(f)(np.array([[0, 1], [2, 3]]))
    assert isinstance(got, np.ndarray)
    assert got.shape == (2, 2)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, [[1.0, 0.5], [0.25, 0.125]])
    assert seen == [0, 1, 2, 3]
    assert all(type(x) is int for x in seen)


def test_from_fn_vectorized_receives_the_array() -> None:
    seen: list[object] = []

    def f(t: np.ndarray) -> np.ndarray:
        seen.append(t)
        return np.exp(-t)

    got = sx.from_fn(f, vectorized=True)(np.arange(4))
    np.testing.assert_allclose(got, [math.exp(-k) for k in range(4)], rtol=1e-15)
    assert len(seen) == 1
    assert isinstance(seen[0], np.ndarray)
    assert sx.from_fn(f, vectorized=True)(2) == math.exp(-2)


def test_from_fn_jax_pure_callback_under_jit() -> None:
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    s = sx.from_fn(lambda step: 0.5**step)
    got = jax.jit(s)(jnp.arange(5))
    np.testing.assert_allclose(np.asarray(got), [0.5**k for k in range(5)], rtol=1e-6)
    assert got.shape == (5,)


def test_from_fn_vectorized_jax_grad() -> None:
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    s = sx.from_fn(lambda t: jnp.exp(-t), vectorized=True)
    assert float(jax.grad(s)(1.0)) == pytest.approx(-math.exp(-1.0), rel=1e-6)


def test_from_fn_accepts_module_qualname_string() -> None:
    s = sx.from_fn("math:sqrt")
    assert s(16) == 4.0


# -------------------------------------------------------------- multiplicative


def test_multiplicative_callable() -> None:
    s = sx.multiplicative(lambda k: 0.5, start=2.0)
    assert (s(0), s(1), s(3)) == (2.0, 1.0, 0.25)
    assert s(2.7) == 0.5  # floor(t)
    assert s(-4) == 2.0
    assert type(s(3)) is float
    assert s.duration is None


def test_multiplicative_product_starts_at_k_1() -> None:
    calls: list[int] = []

    def f(k: int) -> float:
        calls.append(k)
        return k / (k + 1)

    s = sx.multiplicative(f, start=3.0)
    # prod_{k=1}^{t} k / (k + 1) = 1 / (t + 1)
    assert s(0) == 3.0
    assert s(9) == pytest.approx(3.0 / 10, rel=1e-12)
    assert s(99) == pytest.approx(3.0 / 100, rel=1e-12)
    assert 0 not in calls
    assert sorted(calls) == list(range(1, 100))
    assert s(50) == pytest.approx(3.0 / 51, rel=1e-12)
    assert sorted(calls) == list(range(1, 100))  # prefix products reused


def test_multiplicative_numpy() -> None:
    s = sx.multiplicative(lambda k: 0.5, start=1.0)
    got = s(np.array([0, 1, 2, 3, -1, 10]))
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, [1.0, 0.5, 0.25, 0.125, 1.0, 0.5**10])


def test_multiplicative_with_schedule_factor() -> None:
    factor = sx.linear(1.0, 0.5, 10)
    s = sx.multiplicative(factor, start=2.0)

    def ref(t: int) -> float:
        return 2.0 * math.prod(1.0 + (0.5 - 1.0) * min(k / 10, 1.0) for k in range(1, t + 1))

    for t in (0, 1, 5, 10, 15):
        assert s(t) == pytest.approx(ref(t), rel=1e-12), t
    np.testing.assert_allclose(s(np.arange(16)), [ref(t) for t in range(16)], rtol=1e-12)


def test_multiplicative_far_step_with_schedule_factor() -> None:
    # factor 0.5 for k = 1..4, then 1: the product settles at 0.5 ** 4
    s = sx.multiplicative(sx.piecewise([5], [0.5, 1.0]))
    assert s(4) == 0.0625
    assert s(10**5) == 0.0625
    assert s(-1) == 1.0


def test_multiplicative_jax_eager() -> None:
    jax = pytest.importorskip("jax")
    s = sx.multiplicative(lambda k: 0.5, start=1.0)
    got = s(jax.numpy.arange(4))
    np.testing.assert_allclose(np.asarray(got), [1.0, 0.5, 0.25, 0.125])


# ------------------------------------------- peer options: k_decay, cycle


@pytest.mark.parametrize("k", [0.5, 1.0, 2.0])
def test_k_decay_raises_the_progress_to_k(k: float) -> None:
    # timm's k-decay: cos(π (t/T)^k) and (1 - (t/T)^k)^p
    c = sx.cosine(2.0, 0.5, 40, k_decay=k)
    p = sx.polynomial(2.0, 0.5, 40, power=1.5, k_decay=k)
    for t in (0, 1, 13, 39, 40, 100):
        x = min(t / 40, 1.0) ** k
        assert c(t) == pytest.approx(0.5 + 1.5 * 0.5 * (1 + math.cos(math.pi * x)), rel=1e-12)
        assert p(t) == pytest.approx(0.5 + 1.5 * (1 - x) ** 1.5, rel=1e-12)
    steps = np.arange(-3, 60)
    np.testing.assert_allclose(c(steps), [c(int(t)) for t in steps], rtol=1e-12)
    np.testing.assert_allclose(p(steps), [p(int(t)) for t in steps], rtol=1e-12)
    assert ("k_decay" in repr(c)) == (k != 1.0)
    assert sx.from_dict(c.to_dict()) == c


def test_polynomial_cycle_is_keras_cycling() -> None:
    # the decay stretches to the first multiple of T that is >= t (T at t = 0)
    s = sx.polynomial(1.0, 0.1, 10, power=2.0, cycle=True)

    def keras(t: int) -> float:
        n = 10 * (1 if t == 0 else math.ceil(t / 10))
        return 0.9 * (1 - t / n) ** 2 + 0.1

    steps = list(range(65))
    assert [s(t) for t in steps] == pytest.approx([keras(t) for t in steps], rel=1e-12)
    np.testing.assert_allclose(s(np.asarray(steps)), [keras(t) for t in steps], rtol=1e-12)
    assert s.duration is None
    assert s(10) == pytest.approx(0.1)
    assert s(11) > 0.1
    assert sx.from_dict(s.to_dict()) == s


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: sx.cosine(1.0, 0.0, 10, k_decay=0.0), "k_decay"),
        (lambda: sx.polynomial(1.0, 0.0, 10, k_decay=-1.0), "k_decay"),
        (lambda: sx.polynomial(1.0, 0.0, 10, cycle=1), "cycle"),
    ],
)
def test_peer_options_are_validated(call: Callable[[], object], match: str) -> None:
    with pytest.raises((ValueError, TypeError), match=match):
        call()
