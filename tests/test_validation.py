"""One test per validation rule: bad arguments fail at construction.

Each message names the function, the parameter and the value received, e.g.
``cosine: 'steps' must be a non-negative integer (got -1)``; every check below
matches all three.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import schedax as sx

NAN = float("nan")
INF = float("inf")


def message(fn: str, name: str, got: str) -> str:
    """A regex for ``fn: 'name' must be ... (got <got>)``."""
    return rf"^{re.escape(fn)}: '{re.escape(name)}' must be .*\(got {re.escape(got)}\)$"


def check(exc: type[Exception], fn: str, name: str, got: str, build: Callable[[], object]) -> None:
    with pytest.raises(exc, match=message(fn, name, got)):
        build()


# ------------------------------------------------------------------ durations


@pytest.mark.parametrize(
    ("fn", "build"),
    [
        ("linear", lambda x: sx.linear(0.0, 1.0, x)),
        ("cosine", lambda x: sx.cosine(1.0, 0.0, x)),
        ("polynomial", lambda x: sx.polynomial(1.0, 0.0, x)),
        ("sqrt_decay", lambda x: sx.sqrt_decay(1.0, 0.0, x)),
        ("tanh", lambda x: sx.tanh(1.0, 0.0, x)),
        ("warmup", lambda x: sx.warmup(1.0, x)),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
@pytest.mark.parametrize(
    ("value", "exc", "got"),
    [
        (-1, ValueError, "-1"),
        (1.5, ValueError, "1.5"),
        (INF, ValueError, "inf"),
        (NAN, ValueError, "nan"),
        (True, TypeError, "True"),
        ("10", TypeError, "'10'"),
        (None, TypeError, "None"),
    ],
    ids=["negative", "fractional", "inf", "nan", "bool", "str", "none"],
)
def test_steps_must_be_a_non_negative_integer(
    fn: str, build: Callable[[Any], object], value: object, exc: type[Exception], got: str
) -> None:
    with pytest.raises(exc, match=message(fn, "steps", got)) as info:
        build(value)
    assert "must be a non-negative integer" in str(info.value)


def test_steps_message_exact() -> None:
    with pytest.raises(
        ValueError, match=re.escape("cosine: 'steps' must be a non-negative integer (got -1)")
    ):
        sx.cosine(1.0, 0.0, -1)


@pytest.mark.parametrize(
    ("fn", "name", "build"),
    [
        ("wsd", "warmup_steps", lambda x: sx.wsd(1.0, x, 1, 1)),
        ("wsd", "stable_steps", lambda x: sx.wsd(1.0, 1, x, 1)),
        ("wsd", "decay_steps", lambda x: sx.wsd(1.0, 1, 1, x)),
        ("one_cycle", "steps", lambda x: sx.one_cycle(1.0, x)),
        ("curve", "n", lambda x: sx.constant(1.0).curve(x)),
        ("shift", "steps", lambda x: sx.shift(sx.linear(0.0, 1.0, 5), x + 0.5)),
    ],
)
def test_other_durations(fn: str, name: str, build: Callable[[Any], object]) -> None:
    got = "-0.5" if fn == "shift" else "-1"
    with pytest.raises(ValueError, match=message(fn, name, got)):
        build(-1)
    with pytest.raises(TypeError, match=message(fn, name, "True")):
        build(True) if fn != "shift" else sx.shift(1.0, True)


def test_one_cycle_needs_two_steps() -> None:
    check(ValueError, "one_cycle", "steps", "1", lambda: sx.one_cycle(1.0, 1))


def test_curve_rejects_negative_n() -> None:
    check(ValueError, "curve", "n", "-1", lambda: sx.linear(0.0, 1.0, 10).curve(-1))
    check(ValueError, "curve", "n", "2.5", lambda: sx.linear(0.0, 1.0, 10).curve(2.5))


def test_integral_floats_are_accepted_as_integers() -> None:
    s = sx.linear(0.0, 1.0, 1e5)
    assert s.duration == 100_000
    assert type(s.steps) is int
    assert repr(s) == "linear(0.0, 1.0, 100000)"
    assert s == sx.linear(0.0, 1.0, 100_000)
    assert sx.cosine(1.0, 0.0, 10.0) == sx.cosine(1.0, 0.0, 10)
    assert sx.cycle(1.0, 10.0) == sx.cycle(1.0, 10)
    assert sx.join([1.0, 2.0], [5.0]).boundaries == (5,)
    assert type(sx.join([1.0, 2.0], [5.0]).boundaries[0]) is int
    assert sx.multistep(1.0, [10.0, 20.0]) == sx.multistep(1.0, [10, 20])
    assert sx.step_decay(1.0, 3.0) == sx.step_decay(1.0, 3)
    assert sx.linear(0.0, 1.0, np.int64(7)).duration == 7
    assert sx.constant(1.0).curve(3.0).shape == (3,)


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("fn", "name", "build"),
    [
        ("constant", "value", lambda x: sx.constant(x)),
        ("linear", "start", lambda x: sx.linear(x, 0.0, 10)),
        ("linear", "end", lambda x: sx.linear(1.0, x, 10)),
        ("cosine", "start", lambda x: sx.cosine(x, 0.0, 10)),
        ("cosine", "end", lambda x: sx.cosine(1.0, x, 10)),
        ("polynomial", "start", lambda x: sx.polynomial(x, 0.0, 10)),
        ("sqrt_decay", "end", lambda x: sx.sqrt_decay(1.0, x, 10)),
        ("tanh", "start", lambda x: sx.tanh(x, 0.0, 10)),
        ("tanh", "lower", lambda x: sx.tanh(1.0, 0.0, 10, lower=x)),
        ("exponential", "start", lambda x: sx.exponential(x, 0.5)),
        ("exponential", "end", lambda x: sx.exponential(1.0, 0.5, end=x)),
        ("step_decay", "start", lambda x: sx.step_decay(x, 10)),
        ("multistep", "start", lambda x: sx.multistep(x, [10])),
        ("inverse_sqrt", "start", lambda x: sx.inverse_sqrt(x)),
        ("inverse_time", "start", lambda x: sx.inverse_time(x, 0.5)),
        ("multiplicative", "start", lambda x: sx.multiplicative(abs, start=x)),
        ("warmup", "start", lambda x: sx.warmup(1.0, 10, start=x)),
        ("clip", "low", lambda x: sx.clip(1.0, low=x)),
        ("clip", "high", lambda x: sx.clip(1.0, high=x)),
        ("wsd", "peak", lambda x: sx.wsd(x, 1, 1, 1)),
        ("wsd", "end", lambda x: sx.wsd(1.0, 1, 1, 1, end=x)),
        ("one_cycle", "peak", lambda x: sx.one_cycle(x, 10)),
        ("one_cycle", "start", lambda x: sx.one_cycle(1.0, 10, start=x)),
        ("triangular", "low", lambda x: sx.triangular(x, 1.0, 10)),
        ("triangular", "high", lambda x: sx.triangular(0.0, x, 10)),
    ],
)
@pytest.mark.parametrize(
    ("value", "exc", "got"),
    [
        (NAN, ValueError, "nan"),
        (INF, ValueError, "inf"),
        (-INF, ValueError, "-inf"),
        (True, TypeError, "True"),
        ("0.1", TypeError, "'0.1'"),
        ([1.0], TypeError, "[1.0]"),
    ],
    ids=["nan", "inf", "-inf", "bool", "str", "list"],
)
def test_numbers_must_be_finite_reals(
    fn: str,
    name: str,
    build: Callable[[Any], object],
    value: object,
    exc: type[Exception],
    got: str,
) -> None:
    check(exc, fn, name, got, lambda: build(value))


def test_numpy_nan_is_rejected() -> None:
    check(ValueError, "constant", "value", "np.float64(nan)", lambda: sx.constant(np.float64(NAN)))


def test_non_scalar_array_is_rejected() -> None:
    with pytest.raises(
        TypeError, match=r"^constant: 'value' must be .*\(got array\(\[1\., 2\.\]\)"
    ):
        sx.constant(np.array([1.0, 2.0]))


def test_combinator_operands_must_be_schedules_or_numbers() -> None:
    s = sx.linear(0.0, 1.0, 10)
    check(TypeError, "multiply", "schedules[1]", "'a'", lambda: sx.multiply(s, "a"))
    check(TypeError, "add", "schedules[0]", "True", lambda: sx.add(True, s))
    check(TypeError, "divide", "denominator", "None", lambda: sx.divide(s, None))
    check(TypeError, "warmup", "schedule", "'a'", lambda: sx.warmup("a", 10))
    check(TypeError, "cycle", "schedule", "None", lambda: sx.cycle(None, 10))
    check(TypeError, "join", "schedules[1]", "'x'", lambda: sx.join([s, "x"], [5]))
    check(TypeError, "piecewise", "values[0]", "True", lambda: sx.piecewise([5], [True, 1.0]))
    check(TypeError, "minimum", "schedules[0]", "'a'", lambda: sx.minimum("a"))
    check(TypeError, "clip", "schedule", "'a'", lambda: sx.clip("a", 0.0, 1.0))
    check(TypeError, "shift", "schedule", "'a'", lambda: sx.shift("a", 1))
    check(TypeError, "stretch", "schedule", "'a'", lambda: sx.stretch("a", 2.0))


def test_operators_with_unsupported_types_raise_type_error() -> None:
    s = sx.linear(0.0, 1.0, 10)
    with pytest.raises(TypeError, match="unsupported operand"):
        s * object()
    with pytest.raises(TypeError, match="unsupported operand"):
        s / None
    with pytest.raises(TypeError, match="unsupported operand"):
        s + True


# --------------------------------------------------------------- join bounds


def test_join_boundaries_unsorted() -> None:
    check(
        ValueError,
        "join",
        "boundaries",
        "[20, 10]",
        lambda: sx.join([1.0, 2.0, 3.0], [20, 10]),
    )
    with pytest.raises(ValueError, match="strictly increasing"):
        sx.join([1.0, 2.0, 3.0], [20, 10])


def test_join_boundaries_duplicate() -> None:
    check(
        ValueError,
        "join",
        "boundaries",
        "[10, 10]",
        lambda: sx.join([1.0, 2.0, 3.0], [10, 10]),
    )


@pytest.mark.parametrize(
    ("pieces", "boundaries"),
    [([1.0, 2.0], [10, 20]), ([1.0, 2.0, 3.0], [10]), ([1.0, 2.0], [])],
)
def test_join_boundaries_wrong_length(pieces: list[float], boundaries: list[int]) -> None:
    check(ValueError, "join", "boundaries", str(boundaries), lambda: sx.join(pieces, boundaries))
    with pytest.raises(ValueError, match=re.escape(f"= {len(pieces) - 1}")):
        sx.join(pieces, boundaries)


def test_join_boundary_zero() -> None:
    check(ValueError, "join", "boundaries[0]", "0", lambda: sx.join([1.0, 2.0], [0]))
    check(ValueError, "join", "boundaries[0]", "-5", lambda: sx.join([1.0, 2.0], [-5]))


def test_join_boundary_not_integer() -> None:
    check(ValueError, "join", "boundaries[0]", "1.5", lambda: sx.join([1.0, 2.0], [1.5]))
    check(TypeError, "join", "boundaries[0]", "True", lambda: sx.join([1.0, 2.0], [True]))
    check(TypeError, "join", "boundaries", "'10'", lambda: sx.join([1.0, 2.0], "10"))


def test_join_empty() -> None:
    check(ValueError, "join", "schedules", "[]", lambda: sx.join([]))


def test_join_not_a_list() -> None:
    check(TypeError, "join", "schedules", "constant(1.0)", lambda: sx.join(sx.constant(1.0)))


def test_join_cannot_infer_boundaries_infinite_piece() -> None:
    piece = sx.exponential(1.0, 0.5)
    with pytest.raises(
        ValueError,
        match=re.escape("join: cannot infer 'boundaries': schedules[0] = exponential(1.0, 0.5)")
        + ".*no finite duration",
    ):
        sx.join([piece, 1.0])


def test_join_cannot_infer_boundaries_constant_piece() -> None:
    with pytest.raises(
        ValueError,
        match=re.escape("join: cannot infer 'boundaries': schedules[1] = constant(2.0)")
        + ".*zero duration",
    ):
        sx.join([sx.linear(0.0, 1.0, 5), 2.0, 3.0])


# --------------------------------------------------------- piecewise checks


def test_piecewise_boundaries_unsorted() -> None:
    check(
        ValueError,
        "piecewise",
        "boundaries",
        "[20, 10]",
        lambda: sx.piecewise([20, 10], [1.0, 2.0, 3.0]),
    )


def test_piecewise_boundaries_duplicate() -> None:
    check(
        ValueError,
        "piecewise",
        "boundaries",
        "[10, 10]",
        lambda: sx.piecewise([10, 10], [1.0, 2.0, 3.0]),
    )


def test_piecewise_boundary_negative() -> None:
    check(ValueError, "piecewise", "boundaries[0]", "-1", lambda: sx.piecewise([-1], [1.0, 2.0]))


def test_piecewise_values_wrong_length_constant() -> None:
    check(
        ValueError,
        "piecewise",
        "values",
        "[1.0, 2.0]",
        lambda: sx.piecewise([10, 20], [1.0, 2.0]),
    )


def test_piecewise_values_wrong_length_linear() -> None:
    check(
        ValueError,
        "piecewise",
        "values",
        "[1.0, 2.0, 3.0]",
        lambda: sx.piecewise([10, 20], [1.0, 2.0, 3.0], "linear"),
    )


def test_piecewise_linear_needs_a_boundary() -> None:
    check(ValueError, "piecewise", "boundaries", "[]", lambda: sx.piecewise([], [], "linear"))


def test_piecewise_values_not_a_list() -> None:
    check(TypeError, "piecewise", "values", "1.0", lambda: sx.piecewise([], 1.0))


# ------------------------------------------------------------- shape names


@pytest.mark.parametrize(
    ("fn", "name", "build"),
    [
        ("warmup", "shape", lambda x: sx.warmup(1.0, 10, shape=x)),
        ("wsd", "decay_shape", lambda x: sx.wsd(1.0, 1, 1, 1, decay_shape=x)),
        ("piecewise", "interpolation", lambda x: sx.piecewise([10], [1.0, 2.0], x)),
        ("one_cycle", "shape", lambda x: sx.one_cycle(1.0, 100, shape=x)),
    ],
)
def test_unknown_shape_names(fn: str, name: str, build: Callable[[Any], object]) -> None:
    check(ValueError, fn, name, "'quadratic'", lambda: build("quadratic"))
    with pytest.raises(ValueError, match="one of "):
        build("Linear")
    check(TypeError, fn, name, "None", lambda: build(None))


def test_warmup_exponential_needs_same_sign_start() -> None:
    check(
        ValueError,
        "warmup",
        "start",
        "0.0",
        lambda: sx.warmup(1.0, 10, shape="exponential"),
    )
    check(
        ValueError,
        "warmup",
        "start",
        "-0.1",
        lambda: sx.warmup(1.0, 10, start=-0.1, shape="exponential"),
    )


# ------------------------------------------------------------ periods/decay


@pytest.mark.parametrize(
    ("fn", "name", "build"),
    [
        ("cycle", "period", lambda x: sx.cycle(1.0, x)),
        ("step_decay", "every", lambda x: sx.step_decay(1.0, x)),
        ("exponential", "every", lambda x: sx.exponential(1.0, 0.5, every=x)),
        ("inverse_time", "every", lambda x: sx.inverse_time(1.0, 0.5, every=x)),
        ("triangular", "step_size", lambda x: sx.triangular(0.0, 1.0, x)),
        ("cycle", "limit", lambda x: sx.cycle(1.0, 10, limit=x)),
    ],
)
def test_zero_periods(fn: str, name: str, build: Callable[[Any], object]) -> None:
    check(ValueError, fn, name, "0", lambda: build(0))
    check(ValueError, fn, name, "-3", lambda: build(-3))
    check(ValueError, fn, name, "2.5", lambda: build(2.5))
    with pytest.raises(ValueError, match="positive integer"):
        build(0)


def test_cycle_period_mult_below_one() -> None:
    check(ValueError, "cycle", "period_mult", "0.5", lambda: sx.cycle(1.0, 10, period_mult=0.5))
    check(ValueError, "cycle", "period_mult", "nan", lambda: sx.cycle(1.0, 10, period_mult=NAN))


def test_cycle_period_mult_too_close_to_one() -> None:
    with pytest.raises(
        ValueError,
        match=re.escape("cycle: 'period_mult' must be 1 or far enough from 1")
        + r".*\(got 1\.00001\); use period_mult=1\.0 or pass limit",
    ):
        sx.cycle(1.0, 10, period_mult=1.00001)
    # the table is bounded by a limit: fine even that close to 1
    assert sx.cycle(1.0, 10, period_mult=1.00001, limit=5).duration == 51


@pytest.mark.parametrize("decay", [0, 0.0, -0.5, 1.5, NAN])
def test_decay_outside_unit_interval(decay: float) -> None:
    check(ValueError, "cycle", "decay", repr(decay), lambda: sx.cycle(1.0, 10, decay=decay))
    check(
        ValueError,
        "triangular",
        "decay",
        repr(decay),
        lambda: sx.triangular(0.0, 1.0, 10, decay=decay),
    )


# ---------------------------------------------------------------- factors


@pytest.mark.parametrize("factor", [0, 0.0, -0.1, 1.5, 2])
def test_step_decay_factor(factor: float) -> None:
    check(
        ValueError,
        "step_decay",
        "factor",
        repr(factor),
        lambda: sx.step_decay(1.0, 10, factor),
    )


@pytest.mark.parametrize("factor", [0, 0.0, -0.5])
def test_multistep_factor(factor: float) -> None:
    check(ValueError, "multistep", "factor", repr(factor), lambda: sx.multistep(1.0, [10], factor))
    assert sx.multistep(1.0, [10], 2.0)(10) == 2.0  # growth is allowed


def test_multistep_milestones() -> None:
    check(
        ValueError,
        "multistep",
        "milestones",
        "[20, 10]",
        lambda: sx.multistep(1.0, [20, 10]),
    )
    check(ValueError, "multistep", "milestones[0]", "-1", lambda: sx.multistep(1.0, [-1]))
    check(TypeError, "multistep", "milestones", "10", lambda: sx.multistep(1.0, 10))


@pytest.mark.parametrize(
    ("fn", "name", "build"),
    [
        ("cosine", "exponent", lambda x: sx.cosine(1.0, 0.0, 10, exponent=x)),
        ("polynomial", "power", lambda x: sx.polynomial(1.0, 0.0, 10, power=x)),
        ("inverse_sqrt", "timescale", lambda x: sx.inverse_sqrt(1.0, timescale=x)),
        ("stretch", "factor", lambda x: sx.stretch(sx.linear(0.0, 1.0, 10), x)),
        ("exponential", "rate", lambda x: sx.exponential(1.0, x)),
    ],
)
@pytest.mark.parametrize("value", [0, -1.0])
def test_positive_parameters(
    fn: str, name: str, build: Callable[[Any], object], value: float
) -> None:
    check(ValueError, fn, name, repr(value), lambda: build(value))


def test_inverse_time_rate_non_negative() -> None:
    check(ValueError, "inverse_time", "rate", "-0.5", lambda: sx.inverse_time(1.0, -0.5))


# ----------------------------------------------------------------- exponential


def test_exponential_growth_needs_end() -> None:
    check(ValueError, "exponential", "end", "None", lambda: sx.exponential(1.0, 2.0))
    with pytest.raises(ValueError, match=re.escape("rate > 1")):
        sx.exponential(1.0, 2.0)


@pytest.mark.parametrize(
    ("start", "rate", "end"),
    [
        (1.0, 0.5, 2.0),  # decaying towards a larger value
        (1.0, 2.0, 0.5),  # growing towards a smaller value
        (1.0, 0.5, -0.1),  # wrong sign
        (1.0, 0.5, 0.0),  # never reached
        (-1.0, 0.5, -2.0),  # negative start, decaying magnitude
        (0.0, 0.5, 0.1),  # zero start never moves
    ],
)
def test_exponential_end_on_the_wrong_side(start: float, rate: float, end: float) -> None:
    check(ValueError, "exponential", "end", repr(end), lambda: sx.exponential(start, rate, end=end))


def test_exponential_rate_one_with_end() -> None:
    check(ValueError, "exponential", "rate", "1.0", lambda: sx.exponential(1.0, 1.0, end=0.5))


@pytest.mark.parametrize(
    ("fn", "name", "build"),
    [
        ("exponential", "staircase", lambda x: sx.exponential(1.0, 0.5, staircase=x)),
        ("inverse_time", "staircase", lambda x: sx.inverse_time(1.0, 0.5, staircase=x)),
        ("from_fn", "vectorized", lambda x: sx.from_fn(abs, vectorized=x)),
    ],
)
def test_flags_must_be_bool(fn: str, name: str, build: Callable[[Any], object]) -> None:
    check(TypeError, fn, name, "1", lambda: build(1))
    check(TypeError, fn, name, "'yes'", lambda: build("yes"))


# ------------------------------------------------------------ other rules


def test_from_fn_not_callable() -> None:
    check(TypeError, "from_fn", "fn", "3", lambda: sx.from_fn(3))
    check(TypeError, "from_fn", "fn", "'abs'", lambda: sx.from_fn("abs"))


def test_from_fn_unimportable_path() -> None:
    # "module:qualname" strings name a function; a wrong one must say which argument
    with pytest.raises(
        (ValueError, TypeError, ImportError),
        match=r"^from_fn: 'fn' .*'no_such_module_schedax:f'",
    ):
        sx.from_fn("no_such_module_schedax:f")


def test_multiplicative_factor_not_callable() -> None:
    check(TypeError, "multiplicative", "factor", "0.5", lambda: sx.multiplicative(0.5))


def test_clip_low_above_high() -> None:
    check(ValueError, "clip", "high", "0.5", lambda: sx.clip(1.0, low=1.0, high=0.5))
    with pytest.raises(ValueError, match=re.escape("low=1.0")):
        sx.clip(1.0, low=1.0, high=0.5)


def test_divide_by_constant_zero() -> None:
    s = sx.linear(0.0, 1.0, 10)
    check(ValueError, "divide", "denominator", "0", lambda: sx.divide(s, 0))
    check(ValueError, "divide", "denominator", "0.0", lambda: s / 0.0)
    check(ValueError, "divide", "denominator", "constant(0.0)", lambda: s / sx.constant(0.0))


def test_tanh_upper_not_above_lower() -> None:
    check(ValueError, "tanh", "upper", "3.0", lambda: sx.tanh(1.0, 0.0, 10, lower=3.0, upper=3.0))
    check(ValueError, "tanh", "upper", "-8.0", lambda: sx.tanh(1.0, 0.0, 10, upper=-8.0))


def test_one_cycle_pct_start() -> None:
    for pct in (0.0, 1.0, 1.5, -0.1):
        check(
            ValueError,
            "one_cycle",
            "pct_start",
            repr(pct),
            lambda pct=pct: sx.one_cycle(1.0, 100, pct),
        )


def test_minimum_maximum_need_an_argument() -> None:
    check(ValueError, "minimum", "schedules", "()", lambda: sx.minimum())
    check(ValueError, "maximum", "schedules", "()", lambda: sx.maximum())


# ------------------------------------------------------------------ from_dict


def test_from_dict_unknown_type() -> None:
    with pytest.raises(
        ValueError, match=re.escape("from_dict: unknown schedule type 'bogus'") + ".*cosine"
    ):
        sx.from_dict({"type": "bogus"})
    with pytest.raises(ValueError, match=re.escape("from_dict: unknown schedule type None")):
        sx.from_dict({"start": 1.0})


def test_from_dict_unknown_keys() -> None:
    with pytest.raises(
        ValueError, match=re.escape("from_dict: constant has no parameter(s) bogus")
    ):
        sx.from_dict({"type": "constant", "value": 1.0, "bogus": 2})


def test_from_dict_not_a_dict() -> None:
    with pytest.raises(TypeError, match=re.escape("from_dict: expected a dict (got list)")):
        sx.from_dict([("type", "constant")])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("from_dict: expected a dict (got str)")):
        sx.from_dict("constant")  # type: ignore[arg-type]


def test_from_dict_checks_values_like_constructors() -> None:
    bad = {"type": "cosine", "start": 1.0, "end": 0.0, "steps": -1, "exponent": 1.0}
    check(ValueError, "cosine", "steps", "-1", lambda: sx.from_dict(bad))
    nested = {"type": "warmup", "schedule": {"type": "constant", "value": "x"}, "steps": 3}
    check(TypeError, "constant", "value", "'x'", lambda: sx.from_dict(nested))


# ---------------------------------------------------------------------- steps


def test_string_step() -> None:
    s = sx.linear(0.0, 1.0, 10)
    with pytest.raises(TypeError, match=r"step must be .*\(got str"):
        s("a")


def test_bool_steps() -> None:
    s = sx.linear(0.0, 1.0, 10)
    with pytest.raises(TypeError, match=r"step must be .*\(got ndarray with dtype bool\)"):
        s(np.array([True, False]))
    with pytest.raises(TypeError, match=r"step must be .*\(got bool"):
        s(True)


def test_none_and_complex_steps() -> None:
    s = sx.linear(0.0, 1.0, 10)
    with pytest.raises(TypeError, match=r"step must be .*\(got NoneType"):
        s(None)
    with pytest.raises(TypeError, match=r"step must be .*complex"):
        s(np.array([1 + 2j]))


def test_curve_unknown_backend() -> None:
    check(
        ValueError, "curve", "backend", "'cupy'", lambda: sx.constant(1.0).curve(3, backend="cupy")
    )


# ------------------------------------------------------------------------ JAX


def test_jax_tracers_skip_validation() -> None:
    jax = pytest.importorskip("jax")
    g = jax.grad(lambda v: sx.cosine(v, 0.0, 10)(3))(1.0)
    assert float(g) == pytest.approx(0.5 * (1 + np.cos(np.pi * 0.3)), rel=1e-6)
    g = jax.grad(lambda f: sx.step_decay(1.0, 10, f)(25))(0.5)
    assert float(g) == pytest.approx(2 * 0.5, rel=1e-6)
    g = jax.grad(lambda r: sx.exponential(1.0, r)(3))(0.5)
    assert float(g) == pytest.approx(3 * 0.5**2, rel=1e-6)
    g = jax.grad(lambda d: sx.cycle(sx.linear(1.0, 0.0, 10), 10, decay=d)(15))(0.5)
    assert float(g) == pytest.approx(0.5, rel=1e-6)


def test_jax_traced_steps_must_be_concrete() -> None:
    jax = pytest.importorskip("jax")
    with pytest.raises(
        TypeError,
        match=r"^cosine: 'steps' must be a non-negative integer known before tracing "
        r"\(a concrete Python int\) \(got .*Tracer",
    ):
        jax.jit(lambda n: sx.cosine(1.0, 0.0, n)(3))(10)


@pytest.mark.parametrize(
    ("fn", "name", "build"),
    [
        ("join", "boundaries[0]", lambda b: sx.join([1.0, 2.0], [b])),
        ("piecewise", "boundaries[0]", lambda b: sx.piecewise([b], [1.0, 2.0])),
        ("multistep", "milestones[0]", lambda b: sx.multistep(1.0, [b])),
        ("cycle", "period", lambda b: sx.cycle(1.0, b)),
        ("warmup", "steps", lambda b: sx.warmup(1.0, b)),
        ("shift", "steps", lambda b: sx.shift(sx.linear(0.0, 1.0, 3), b)),
        ("step_decay", "every", lambda b: sx.step_decay(1.0, b)),
    ],
)
def test_jax_traced_structure_must_be_concrete(
    fn: str, name: str, build: Callable[[Any], sx.Schedule]
) -> None:
    jax = pytest.importorskip("jax")
    pattern = rf"^{re.escape(fn)}: '{re.escape(name)}' must be .*concrete.*\(got .*Tracer"
    with pytest.raises(TypeError, match=pattern):
        jax.make_jaxpr(lambda b: build(b)(3))(5)


@pytest.mark.parametrize(
    ("fn", "name", "build"),
    [
        ("cosine", "exponent", lambda x: sx.cosine(1.0, 0.0, 10, exponent=x)),
        ("cycle", "period_mult", lambda x: sx.cycle(1.0, 10, period_mult=x)),
        ("multiplicative", "start", lambda x: sx.multiplicative(abs, start=x)),
    ],
)
def test_jax_traced_static_numbers_must_be_concrete(
    fn: str, name: str, build: Callable[[Any], sx.Schedule]
) -> None:
    jax = pytest.importorskip("jax")
    pattern = rf"^{re.escape(fn)}: '{re.escape(name)}' must be a concrete .*\(got .*Tracer"
    with pytest.raises(TypeError, match=pattern):
        jax.make_jaxpr(lambda x: build(x)(3))(2.0)


@pytest.mark.parametrize(
    ("fn", "build"),
    [
        ("join", lambda b: sx.join([1.0, 2.0], b)),
        ("piecewise", lambda b: sx.piecewise(b, [1.0, 2.0])),
    ],
)
def test_jax_traced_boundary_array_must_be_concrete(
    fn: str, build: Callable[[Any], sx.Schedule]
) -> None:
    jax = pytest.importorskip("jax")
    pattern = rf"^{re.escape(fn)}: 'boundaries' must be .*concrete"
    with pytest.raises(TypeError, match=pattern):
        jax.make_jaxpr(lambda b: build(b)(3))(jax.numpy.array([5]))
