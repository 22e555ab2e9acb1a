"""Parity of ``schedax.presets.torch`` with ``torch.optim.lr_scheduler`` itself.

Every test builds the torch scheduler on a one-parameter optimizer, records the
lr torch reports after each ``step()`` (``optimizer.step()`` first, as torch
asks), and compares the preset's scalar path (``s(t)`` with Python ints) and
numpy path (``s(np.arange(n))``) with it, to ``rtol=1e-6``. A tiny absolute
tolerance (``1e-12`` times the lr scale) covers the steps where both are 0 up
to rounding (the bottom of a cosine).
"""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schedax as sx
from schedax.presets import torch as pt

torch = pytest.importorskip("torch")
lrs = torch.optim.lr_scheduler

Factory = Callable[[Any], Any]

lr_values = st.floats(1e-3, 10.0)
lengths = st.integers(1, 120)
extra = st.integers(0, 150)
gammas = st.floats(0.5, 1.0)
factors = st.floats(0.05, 1.0)


def record(
    make: Factory, n: int, base_lr: float = 1.0, optimizer: str = "sgd"
) -> tuple[list[float], list[float]]:
    """lrs (and momenta) torch reports at steps ``0..n``; stops where torch raises."""
    param = torch.nn.Parameter(torch.zeros(1))
    if optimizer == "sgd":
        opt = torch.optim.SGD([param], lr=base_lr, momentum=0.5)
    else:
        opt = torch.optim.Adam([param], lr=base_lr)
    sched = make(opt)

    def momentum() -> float:
        group = opt.param_groups[0]
        return float(group["betas"][0] if optimizer == "adam" else group["momentum"])

    out, moms = [float(sched.get_last_lr()[0])], [momentum()]
    for _ in range(n):
        opt.step()
        try:
            sched.step()
        except (ZeroDivisionError, ValueError):
            break
        out.append(float(sched.get_last_lr()[0]))
        assert out[-1] == opt.param_groups[0]["lr"]
        moms.append(momentum())
    return out, moms


def check(s: sx.Schedule, expected: list[float]) -> None:
    want = np.asarray(expected, dtype=np.float64)
    atol = 1e-12 * max(1.0, float(np.max(np.abs(want))))
    scalar = np.asarray([s(t) for t in range(len(want))])
    np.testing.assert_allclose(scalar, want, rtol=1e-6, atol=atol, err_msg=repr(s))
    array = s(np.arange(len(want)))
    np.testing.assert_allclose(array, want, rtol=1e-6, atol=atol, err_msg=repr(s))


def parity(s: sx.Schedule, make: Factory, n: int, base_lr: float = 1.0) -> None:
    check(s, record(make, n, base_lr)[0])


# ------------------------------------------------------------------ factor-based


def ramp(t: int) -> float:
    return 1.0 / (1.0 + 0.1 * t)


def wobble(t: int) -> float:
    return 0.97 if t % 3 else 1.02


@settings(max_examples=15)
@given(base=lr_values, fn=st.sampled_from([ramp, wobble]), n=lengths)
def test_lambda_lr(base: float, fn: Callable[[int], float], n: int) -> None:
    parity(pt.LambdaLR(fn, base_lr=base), lambda o: lrs.LambdaLR(o, fn), n, base)


@settings(max_examples=15)
@given(base=lr_values, fn=st.sampled_from([ramp, wobble]), n=lengths)
def test_multiplicative_lr(base: float, fn: Callable[[int], float], n: int) -> None:
    parity(pt.MultiplicativeLR(fn, base_lr=base), lambda o: lrs.MultiplicativeLR(o, fn), n, base)


@settings(max_examples=30)
@given(
    base=lr_values,
    step=st.integers(1, 40),
    gamma=st.one_of(gammas, st.floats(1.0, 1.1), st.just(0.0)),
    n=st.integers(1, 300),
)
def test_step_lr(base: float, step: int, gamma: float, n: int) -> None:
    s = pt.StepLR(step, gamma, base_lr=base)
    parity(s, lambda o: lrs.StepLR(o, step, gamma), n, base)


@settings(max_examples=30)
@given(
    base=lr_values,
    milestones=st.lists(st.integers(0, 100), max_size=6),
    gamma=st.one_of(gammas, st.floats(1.0, 1.5), st.just(0.0)),
    n=st.integers(1, 200),
)
def test_multistep_lr(base: float, milestones: list[int], gamma: float, n: int) -> None:
    # unsorted, repeated (they compound) and 0 (applies at step 0), as torch allows
    s = pt.MultiStepLR(milestones, gamma, base_lr=base)
    parity(s, lambda o: lrs.MultiStepLR(o, milestones, gamma), n, base)


@settings(max_examples=20)
@given(
    base=lr_values,
    gamma=st.one_of(st.floats(0.9, 1.0), st.floats(1.0, 1.02), st.just(0.0)),
    n=st.integers(1, 300),
)
def test_exponential_lr(base: float, gamma: float, n: int) -> None:
    parity(pt.ExponentialLR(gamma, base_lr=base), lambda o: lrs.ExponentialLR(o, gamma), n, base)


@settings(max_examples=30)
@given(base=lr_values, factor=factors, total=st.integers(0, 100), more=extra)
def test_constant_lr(base: float, factor: float, total: int, more: int) -> None:
    s = pt.ConstantLR(factor, total, base_lr=base)
    parity(s, lambda o: lrs.ConstantLR(o, factor, total), total + more, base)


@settings(max_examples=30)
@given(
    base=lr_values,
    a=st.floats(0.01, 1.0),
    b=st.one_of(st.floats(0.0, 1.0), st.just(0.0)),
    total=st.integers(0, 200),
    more=extra,
)
def test_linear_lr(base: float, a: float, b: float, total: int, more: int) -> None:
    s = pt.LinearLR(a, b, total, base_lr=base)
    parity(s, lambda o: lrs.LinearLR(o, a, b, total), total + more, base)


@settings(max_examples=30)
@given(
    base=lr_values,
    total=st.integers(0, 200),
    power=st.one_of(st.floats(0.1, 4.0), st.sampled_from([0.0, 1.0, 2.0])),
    more=extra,
)
def test_polynomial_lr(base: float, total: int, power: float, more: int) -> None:
    s = pt.PolynomialLR(total, power, base_lr=base)
    parity(s, lambda o: lrs.PolynomialLR(o, total, power), total + more, base)


@settings(max_examples=30)
@given(
    base=lr_values,
    T=st.integers(1, 60),
    eta=st.one_of(st.just(0.0), st.floats(0.0, 1e-3)),
    periods=st.integers(1, 5),
)
def test_cosine_annealing_lr_keeps_following_the_cosine(
    base: float, T: int, eta: float, periods: int
) -> None:
    # several whole periods of 2 * T_max: torch climbs back up after T_max
    s = pt.CosineAnnealingLR(T, eta, base_lr=base)
    parity(s, lambda o: lrs.CosineAnnealingLR(o, T, eta), 2 * T * periods + 3, base)


@settings(max_examples=30)
@given(
    base=lr_values,
    T0=st.integers(1, 30),
    mult=st.integers(1, 4),
    eta=st.one_of(st.just(0.0), st.floats(0.0, 1e-3)),
    n=st.integers(1, 400),
)
def test_cosine_annealing_warm_restarts(
    base: float, T0: int, mult: int, eta: float, n: int
) -> None:
    s = pt.CosineAnnealingWarmRestarts(T0, mult, eta, base_lr=base)
    parity(s, lambda o: lrs.CosineAnnealingWarmRestarts(o, T0, mult, eta), n, base)


def test_warm_restarts_are_exact_at_every_restart() -> None:
    s = pt.CosineAnnealingWarmRestarts(T_0=1, T_mult=3)
    starts = [(3**k - 1) // 2 for k in range(1, 20)]
    assert all(s(t) == 1.0 for t in starts)
    assert all(s(np.asarray(starts)) == 1.0)


# ---------------------------------------------------------------------- CyclicLR


def halve_per_cycle(x: float) -> float:
    return 1.0 / (1.0 + x)


def decay_per_step(x: float) -> float:
    return 0.995**x


cyclic_configs = st.fixed_dictionaries(
    {
        "base_lr": st.floats(1e-3, 1.0),
        "max_lr": st.floats(1.0, 5.0),
        "step_size_up": st.integers(1, 30),
        "step_size_down": st.one_of(st.none(), st.integers(0, 30)),
        "mode": st.sampled_from(["triangular", "triangular2", "exp_range"]),
        "gamma": st.floats(0.98, 1.0),
        "base_momentum": st.floats(0.5, 0.85),
        "max_momentum": st.floats(0.85, 0.99),
    },
    optional={
        "scale_fn": st.sampled_from([halve_per_cycle, decay_per_step]),
        "scale_mode": st.sampled_from(["cycle", "iterations"]),
    },
)


@settings(max_examples=60)
@given(kw=cyclic_configs, n=st.integers(1, 300), optimizer=st.sampled_from(["sgd", "adam"]))
def test_cyclic_lr_and_momentum(kw: dict[str, Any], n: int, optimizer: str) -> None:
    got_lr, got_mom = record(lambda o: lrs.CyclicLR(o, **kw), n, optimizer=optimizer)
    check(pt.CyclicLR(**kw), got_lr)
    check(pt.CyclicLR_momentum(**kw), got_mom)


# -------------------------------------------------------------------- OneCycleLR


one_cycle_configs = st.fixed_dictionaries(
    {
        "max_lr": st.floats(1e-3, 10.0),
        "total_steps": st.integers(1, 300),
        "pct_start": st.floats(0.0, 1.0),
        "anneal_strategy": st.sampled_from(["cos", "linear"]),
        "base_momentum": st.floats(0.5, 0.85),
        "max_momentum": st.floats(0.85, 0.99),
        "div_factor": st.floats(1.0, 100.0),
        "final_div_factor": st.floats(1.0, 1e5),
        "three_phase": st.booleans(),
    }
)


@st.composite
def one_cycles(draw: st.DrawFn) -> dict[str, Any]:
    kw = draw(one_cycle_configs)
    if draw(st.booleans()):
        # phase ends on whole steps (the usual case: pct_start * total_steps whole,
        # up to float error as in 0.3 * 100)
        k = draw(st.integers(0, kw["total_steps"]))
        kw["pct_start"] = k / kw["total_steps"]
    if float(kw["pct_start"] * kw["total_steps"]) - 1 == 0.0:
        kw["pct_start"] = 0.0  # torch divides 0 by 0 at step 0 (rejected by the preset)
    return kw


@settings(max_examples=80)
@given(kw=one_cycles(), optimizer=st.sampled_from(["sgd", "adam"]))
def test_one_cycle_lr_and_momentum(kw: dict[str, Any], optimizer: str) -> None:
    T = kw["total_steps"]
    got_lr, got_mom = record(lambda o: lrs.OneCycleLR(o, **kw), T + 5, optimizer=optimizer)
    assert len(got_lr) <= T + 1  # torch raises past total_steps
    s, m = pt.OneCycleLR(**kw), pt.OneCycleLR_momentum(**kw)
    check(s, got_lr)
    check(m, got_mom)
    # past the end the preset holds its last value
    assert s(T + 10) == s(T)
    assert m(T + 10) == m(T)


def test_one_cycle_defaults_and_epochs() -> None:
    got, _ = record(lambda o: lrs.OneCycleLR(o, 0.1, epochs=3, steps_per_epoch=40), 120)
    check(pt.OneCycleLR(0.1, epochs=3, steps_per_epoch=40), got)


def test_one_cycle_rejects_what_torch_cannot_run() -> None:
    with pytest.raises(ValueError, match="pct_start"):
        pt.OneCycleLR(1.0, total_steps=10, pct_start=0.1)
    with pytest.raises(ValueError, match="total_steps"):
        pt.OneCycleLR(1.0)
    with pytest.raises(ValueError, match="cycle_momentum"):
        pt.OneCycleLR_momentum(1.0, total_steps=10, cycle_momentum=False)


# -------------------------------------------------------------------- composites


def chainable_classes(min_iters: int = 0) -> st.SearchStrategy[tuple[sx.Schedule, Factory]]:
    """(preset, torch factory) pairs of chainable classes, drawn with their arguments."""
    return st.one_of(
        st.builds(lambda g: (pt.ExponentialLR(g), lambda o: lrs.ExponentialLR(o, g)), gammas),
        st.builds(
            lambda n, g: (pt.StepLR(n, g), lambda o: lrs.StepLR(o, n, g)),
            st.integers(1, 20),
            gammas,
        ),
        st.builds(
            lambda ms, g: (pt.MultiStepLR(ms, g), lambda o: lrs.MultiStepLR(o, ms, g)),
            st.lists(st.integers(0, 60), max_size=4),
            gammas,
        ),
        st.builds(
            lambda f, n: (pt.ConstantLR(f, n), lambda o: lrs.ConstantLR(o, f, n)),
            factors,
            st.integers(min_iters, 30),
        ),
        st.builds(
            lambda a, b, n: (pt.LinearLR(a, b, n), lambda o: lrs.LinearLR(o, a, b, n)),
            st.floats(0.05, 1.0),
            st.floats(0.05, 1.0),
            st.integers(min_iters, 30),
        ),
        st.builds(
            lambda n, p: (pt.PolynomialLR(n, p), lambda o: lrs.PolynomialLR(o, n, p)),
            st.integers(1, 80),
            st.floats(0.5, 3.0),
        ),
        st.builds(
            lambda fn: (pt.MultiplicativeLR(fn), lambda o: lrs.MultiplicativeLR(o, fn)),
            st.sampled_from([ramp, wobble]),
        ),
    )


chainable = chainable_classes()


@settings(max_examples=40)
@given(
    base=lr_values,
    children=st.lists(chainable, min_size=1, max_size=4),
    cosine_T=st.one_of(st.none(), st.integers(1, 80)),
    n=st.integers(1, 150),
)
def test_chained_scheduler(
    base: float, children: list[tuple[sx.Schedule, Factory]], cosine_T: int | None, n: int
) -> None:
    if cosine_T is not None:
        # a cosine (eta_min=0) is a factor up to T_max, where torch's chain stops being one
        T = cosine_T
        children = [(pt.CosineAnnealingLR(T), lambda o: lrs.CosineAnnealingLR(o, T)), *children]
        n = min(n, T)

    def make(opt: Any) -> Any:
        return lrs.ChainedScheduler([factory(opt) for _, factory in children])

    s = pt.ChainedScheduler([p for p, _ in children], base_lr=base)
    parity(s, make, n, base)


# The children SequentialLR restarts exactly as torch does (built with the lr).
# Not drawn: a MultiplicativeLR after the first position (torch starts it from the
# previous child's lr), and ConstantLR/LinearLR with total_iters=0 after the first
# position (torch's closed form at the milestone gives base_lr, or divides by 0).
def sequential_children(base: float) -> st.SearchStrategy[tuple[sx.Schedule, Factory]]:
    return st.one_of(
        chainable_classes(min_iters=1)
        .filter(lambda c: "multiplicative" not in repr(c[0]))
        .map(lambda c: (base * c[0], c[1])),
        st.builds(
            lambda T, e: (
                pt.CosineAnnealingLR(T, e, base_lr=base),
                lambda o: lrs.CosineAnnealingLR(o, T, e),
            ),
            st.integers(1, 40),
            st.floats(0.0, 1e-3),
        ),
        st.builds(
            lambda T, m: (
                pt.CosineAnnealingWarmRestarts(T, m, base_lr=base),
                lambda o: lrs.CosineAnnealingWarmRestarts(o, T, m),
            ),
            st.integers(1, 20),
            st.integers(1, 3),
        ),
        st.builds(
            lambda fn: (pt.LambdaLR(fn, base_lr=base), lambda o: lrs.LambdaLR(o, fn)),
            st.sampled_from([ramp, wobble]),
        ),
    )


@st.composite
def sequentials(draw: st.DrawFn) -> tuple[float, list[tuple[sx.Schedule, Factory]], list[int]]:
    base = draw(lr_values)
    children = draw(st.lists(sequential_children(base), min_size=1, max_size=4))
    gaps = draw(
        st.lists(st.integers(1, 60), min_size=len(children) - 1, max_size=len(children) - 1)
    )
    milestones = list(np.cumsum(gaps).tolist())
    return base, children, milestones


@settings(max_examples=50)
@given(config=sequentials(), more=extra)
def test_sequential_lr(
    config: tuple[float, list[tuple[sx.Schedule, Factory]], list[int]], more: int
) -> None:
    base, children, milestones = config

    def make(opt: Any) -> Any:
        return lrs.SequentialLR(opt, [f(opt) for _, f in children], milestones)

    s = pt.SequentialLR([p for p, _ in children], milestones)
    parity(s, make, (milestones[-1] if milestones else 0) + more, base)


def test_sequential_lr_with_a_first_multiplicative_child() -> None:
    children = [pt.MultiplicativeLR(wobble, base_lr=0.5), pt.ExponentialLR(0.9, base_lr=0.5)]

    def make(opt: Any) -> Any:
        return lrs.SequentialLR(
            opt, [lrs.MultiplicativeLR(opt, wobble), lrs.ExponentialLR(opt, 0.9)], [10]
        )

    parity(pt.SequentialLR(children, [10]), make, 40, 0.5)


# ------------------------------------------------------------------------ values


@pytest.mark.parametrize(
    "s",
    [
        pt.StepLR(10, 0.5, base_lr=0.1),
        pt.StepLR(10, 1.5, base_lr=0.1),
        pt.MultiStepLR([30, 10], 0.1),
        pt.ExponentialLR(0.9),
        pt.ConstantLR(),
        pt.LinearLR(),
        pt.PolynomialLR(),
        pt.CosineAnnealingLR(10, 0.01),
        pt.CosineAnnealingWarmRestarts(10, 2),
        pt.CyclicLR(0.1, 1.0, 10, mode="exp_range", gamma=0.99),
        pt.OneCycleLR(1.0, 100),
        pt.OneCycleLR(1.0, 10, pct_start=0.25, three_phase=True),
        pt.ChainedScheduler([pt.ConstantLR(), pt.ExponentialLR(0.9)], base_lr=0.1),
        pt.SequentialLR([pt.LinearLR(), pt.CosineAnnealingLR(10)], [5], base_lr=0.1),
    ],
    ids=repr,
)
def test_presets_are_ordinary_schedules(s: sx.Schedule) -> None:
    # built from the public algebra: the repr rebuilds it, and it round-trips
    assert eval(repr(s), vars(sx)) == s
    assert sx.from_dict(s.to_dict()) == s


def test_fractional_one_cycle_phases_use_shift_and_stretch() -> None:
    s = pt.OneCycleLR(1.0, 10, pct_start=0.25)  # phase end at step 1.5
    assert "stretch(shift(" in repr(s)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: pt.StepLR(0), "step_size"),
        (lambda: pt.StepLR(10, gamma=-1.0), "gamma"),
        (lambda: pt.ConstantLR(factor=2.0), "factor"),
        (lambda: pt.LinearLR(start_factor=0.0), "start_factor"),
        (lambda: pt.CosineAnnealingLR(0), "T_max"),
        (lambda: pt.CosineAnnealingWarmRestarts(10, T_mult=1.5), "T_mult"),
        (lambda: pt.CyclicLR(0.1, 1.0, mode="sine"), "mode"),
        (lambda: pt.CyclicLR_momentum(0.1, 1.0, cycle_momentum=False), "cycle_momentum"),
        (lambda: pt.SequentialLR([pt.ExponentialLR(0.9)], [5]), "milestones"),
        (lambda: pt.SequentialLR([pt.LinearLR(), pt.LinearLR()], [0]), "milestones"),
        (lambda: pt.ChainedScheduler([]), "schedulers"),
    ],
)
def test_bad_arguments_name_the_parameter(call: Callable[[], object], match: str) -> None:
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_presets_do_not_import_torch() -> None:
    code = "import sys, schedax.presets.torch; assert 'torch' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_adjust_learning_rate_pattern() -> None:
    def adjust_learning_rate(epoch: int) -> float:
        return 0.1 * (0.1 ** (epoch // 30)) * (1.0 if epoch >= 2 else 0.5)

    s = sx.from_fn(adjust_learning_rate)
    assert [s(t) for t in (0, 2, 30)] == [0.05, 0.1, 0.1 * 0.1]
    assert math.isclose(pt.LambdaLR(lambda e: adjust_learning_rate(e) / 0.1, 0.1)(31), 0.01)


@pytest.mark.parametrize(
    "s",
    [
        pt.ExponentialLR(gamma=1.5),
        pt.StepLR(step_size=3, gamma=2.0, base_lr=0.1),
        pt.MultiStepLR(milestones=[1, 2], gamma=1e100),
    ],
)
def test_growth_is_capped_not_infinite(s: sx.Schedule) -> None:
    # torch overflows to inf (or raises) after enough growth; schedax stops at 1e300 x
    for t in (0, 10, 2_000, 2**31 - 1):
        assert math.isfinite(s(t))
        assert np.isfinite(s(np.asarray([t]))).all()


def test_growth_that_overflows_is_refused() -> None:
    with pytest.raises(ValueError, match=r"'factor' must be small enough that start \* factor"):
        pt.MultiStepLR(milestones=[1, 2], gamma=1e200)
