"""Parity of ``schedax.presets.transformers`` with ``transformers.optimization``.

transformers' schedule functions return a torch ``LambdaLR``: the lr after
``t`` calls of ``step()`` is the optimizer's lr times ``lr_lambdas[0](t)``.
The tests build transformers' own scheduler (through ``get_scheduler``) on a
one-parameter optimizer and evaluate its lambda at every step, including far
past the end; one test also steps the ``LambdaLR`` to confirm that reading.
"""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schedax as sx
from schedax.presets import transformers as hf

from ._peers import check, probe_steps

torch = pytest.importorskip("torch")
optimization = pytest.importorskip("transformers.optimization")


def peer(
    name: str,
    base: float,
    length: int,
    *,
    warmup: int | None = None,
    total: int | None = None,
    **kwargs: Any,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Steps and transformers' lrs at them (``base * lr_lambda(t)``)."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=base)
    sched = optimization.get_scheduler(
        name,
        opt,
        num_warmup_steps=warmup,
        num_training_steps=total,
        scheduler_specific_kwargs=kwargs or None,
    )
    fn = sched.lr_lambdas[0]
    # transformers' cosine waves take cos of an unreduced angle: ~1e-6 off at 2**31
    steps = probe_steps(length, last="cosine" not in name)
    return steps, np.asarray([base * fn(int(t)) for t in steps], dtype=np.float64)


lrs = st.floats(1e-3, 10.0)
warmups = st.integers(0, 40)
totals = st.integers(0, 160)
cycles = st.one_of(st.sampled_from([0.0, 0.5, 1.0, 2.0]), st.floats(0.0, 3.0))


@settings(max_examples=15)
@given(base=lrs)
def test_constant(base: float) -> None:
    steps, want = peer("constant", base, 5)
    check(hf.get_scheduler("constant", base_lr=base), want, steps)
    check(hf.get_constant_schedule(base_lr=base), want, steps)


@settings(max_examples=25)
@given(base=lrs, w=warmups)
def test_constant_with_warmup(base: float, w: int) -> None:
    steps, want = peer("constant_with_warmup", base, w, warmup=w)
    check(hf.get_constant_schedule_with_warmup(w, base_lr=base), want, steps)


@settings(max_examples=40)
@given(base=lrs, w=warmups, n=totals)
def test_linear(base: float, w: int, n: int) -> None:
    steps, want = peer("linear", base, max(w, n), warmup=w, total=n)
    check(hf.get_linear_schedule_with_warmup(w, n, base_lr=base), want, steps)


@settings(max_examples=50)
@given(base=lrs, w=warmups, n=totals, c=cycles)
def test_cosine(base: float, w: int, n: int, c: float) -> None:
    steps, want = peer("cosine", base, 3 * max(w, n), warmup=w, total=n, num_cycles=c)
    check(hf.get_cosine_schedule_with_warmup(w, n, c, base_lr=base), want, steps)


def missed_restarts(steps: Any, w: int, n: int, c: float) -> list[int]:
    """Steps where transformers' float ``(c * p) % 1`` misses an exact restart."""
    d = max(1, n - w)
    out = []
    for t in (int(x) for x in steps):
        if t < w or t - w >= d:
            continue
        float_part = (float(c) * (float(t - w) / float(d))) % 1.0
        exact = (Fraction(c) * Fraction(t - w, d)) % 1
        if exact == 0 and float_part > 0.5:
            out.append(t)
    return out


@settings(max_examples=50)
@given(
    base=lrs,
    w=warmups,
    n=totals,
    c=st.one_of(st.integers(0, 7).map(float), st.floats(0.0, 5.0)),
)
def test_cosine_with_restarts(base: float, w: int, n: int, c: float) -> None:
    steps, want = peer("cosine_with_restarts", base, max(w, n), warmup=w, total=n, num_cycles=c)
    s = hf.get_cosine_with_hard_restarts_schedule_with_warmup(w, n, c, base_lr=base)
    missed = missed_restarts(steps, w, n, c)
    check(s, want, steps, skip=missed)
    for t in missed:  # transformers misses the restart by rounding; schedax does not
        assert s(t) == pytest.approx(base)


def test_a_restart_transformers_misses() -> None:
    # 49 cycles over 49 steps: float(49) * (1/49) % 1 is 0.999..., not 0
    steps, want = peer("cosine_with_restarts", 1.0, 49, warmup=0, total=49, num_cycles=49)
    assert 1 in missed_restarts(steps, 0, 49, 49.0)
    assert want[1] < 1e-12
    assert hf.get_cosine_with_hard_restarts_schedule_with_warmup(0, 49, 49)(1) == 1.0


@settings(max_examples=40)
@given(
    base=st.floats(0.1, 10.0),
    w=warmups,
    n=totals,
    end=st.one_of(st.just(1e-7), st.just(0.0), st.floats(0.0, 0.09)),
    power=st.one_of(st.sampled_from([1.0, 2.0, 0.5]), st.floats(0.1, 4.0)),
)
def test_polynomial(base: float, w: int, n: int, end: float, power: float) -> None:
    if n == w:
        n += 1  # transformers divides by num_training_steps - num_warmup_steps
    steps, want = peer("polynomial", base, max(w, n), warmup=w, total=n, lr_end=end, power=power)
    check(hf.get_polynomial_decay_schedule_with_warmup(w, n, end, power, base_lr=base), want, steps)


@settings(max_examples=30)
@given(base=lrs, w=warmups, tau=st.one_of(st.none(), st.integers(1, 500)))
def test_inverse_sqrt(base: float, w: int, tau: int | None) -> None:
    kw = {} if tau is None else {"timescale": tau}
    steps, want = peer("inverse_sqrt", base, w, warmup=w, **kw)
    check(hf.get_inverse_sqrt_schedule(w, tau, base_lr=base), want, steps)


min_lrs = st.one_of(
    st.fixed_dictionaries({"min_lr_rate": st.floats(0.0, 1.0)}),
    st.fixed_dictionaries({"min_lr": st.floats(0.0, 1e-3)}),
)


@settings(max_examples=50)
@given(base=lrs, w=warmups, n=totals, c=cycles, floor=min_lrs)
def test_cosine_with_min_lr(base: float, w: int, n: int, c: float, floor: dict[str, float]) -> None:
    steps, want = peer(
        "cosine_with_min_lr", base, 3 * max(w, n), warmup=w, total=n, num_cycles=c, **floor
    )
    s = hf.get_cosine_with_min_lr_schedule_with_warmup(w, n, c, base_lr=base, **floor)
    check(s, want, steps)


@settings(max_examples=50)
@given(
    base=lrs,
    w=warmups,
    n=totals,
    c=cycles,
    floor=min_lrs,
    a=st.one_of(st.none(), st.floats(0.0, 1.0)),
)
def test_cosine_warmup_with_min_lr(
    base: float, w: int, n: int, c: float, floor: dict[str, float], a: float | None
) -> None:
    kw = dict(floor, num_cycles=c, warmup_lr_rate=a)
    steps, want = peer("cosine_warmup_with_min_lr", base, 3 * max(w, n), warmup=w, total=n, **kw)
    s = hf.get_cosine_with_min_lr_schedule_with_warmup_lr_rate(w, n, base_lr=base, **kw)
    check(s, want, steps)


@st.composite
def wsd_configs(draw: st.DrawFn) -> dict[str, Any]:
    w = draw(warmups)
    d = draw(st.integers(0, 60))
    kw: dict[str, Any] = {
        "num_warmup_steps": w,
        "num_decay_steps": d,
        "warmup_type": draw(st.sampled_from(["linear", "cosine", "1-sqrt"])),
        "decay_type": draw(st.sampled_from(["linear", "cosine", "1-sqrt"])),
        "min_lr_ratio": draw(st.one_of(st.just(0.0), st.floats(0.0, 1.0))),
        "num_cycles": draw(cycles),
    }
    if draw(st.booleans()):
        kw["num_stable_steps"] = draw(st.integers(0, 60))
    else:
        kw["num_training_steps"] = w + d + draw(st.integers(0, 60))
    return kw


@settings(max_examples=60)
@given(base=lrs, kw=wsd_configs())
def test_warmup_stable_decay(base: float, kw: dict[str, Any]) -> None:
    w, n = kw.pop("num_warmup_steps"), kw.pop("num_training_steps", None)
    length = w + kw["num_decay_steps"] + kw.get("num_stable_steps", n or 0)
    steps, want = peer("warmup_stable_decay", base, length, warmup=w, total=n, **kw)
    s = hf.get_scheduler("warmup_stable_decay", w, n, scheduler_specific_kwargs=kw, base_lr=base)
    check(s, want, steps)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("linear", {}),
        ("cosine", {"num_cycles": 0.3}),
        ("cosine_with_restarts", {"num_cycles": 3}),
        ("polynomial", {"lr_end": 1e-4, "power": 2.0}),
        ("constant_with_warmup", {}),
        ("inverse_sqrt", {}),
        ("cosine_with_min_lr", {"min_lr": 1e-3}),
        ("cosine_warmup_with_min_lr", {"min_lr_rate": 0.1}),
        ("warmup_stable_decay", {"num_decay_steps": 20}),
    ],
)
def test_get_scheduler_matches_stepping_the_lambda_lr(name: str, kwargs: dict[str, Any]) -> None:
    base = 0.05
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=base)
    sched = optimization.get_scheduler(name, opt, 10, 100, scheduler_specific_kwargs=kwargs)
    got = [sched.get_last_lr()[0]]
    for _ in range(130):
        opt.step()
        sched.step()
        got.append(sched.get_last_lr()[0])
    s = hf.get_scheduler(name, 10, 100, scheduler_specific_kwargs=kwargs, base_lr=base)
    check(s, got)
    assert all(math.isfinite(s(t)) for t in (0, 10, 99, 100, 2**31 - 1))
    assert eval(repr(s), vars(sx)) == s
    assert sx.from_dict(s.to_dict()) == s


def test_get_scheduler_reduce_on_plateau_and_greedy() -> None:
    machine = hf.get_scheduler(
        "reduce_lr_on_plateau",
        base_lr=0.1,
        scheduler_specific_kwargs={"patience": 0, "factor": 0.5},
    )
    state = machine.update(machine.update(machine.init(), 1.0), 1.0)
    assert machine.value(state) == pytest.approx(0.05)
    with pytest.raises(ValueError, match="greedy"):
        hf.get_scheduler("greedy")


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: hf.get_scheduler("cosine_restarts", 1, 2), "name"),
        (lambda: hf.get_scheduler("linear"), "num_warmup_steps"),
        (lambda: hf.get_scheduler("linear", 10), "num_training_steps"),
        (lambda: hf.get_linear_schedule_with_warmup(-1, 10), "num_warmup_steps"),
        (lambda: hf.get_cosine_schedule_with_warmup(1, 10, num_cycles=-1), "num_cycles"),
        (lambda: hf.get_polynomial_decay_schedule_with_warmup(10, 10), "num_training_steps"),
        (lambda: hf.get_polynomial_decay_schedule_with_warmup(1, 10, lr_end=2.0), "lr_end"),
        (lambda: hf.get_polynomial_decay_schedule_with_warmup(1, 10, power=0.0), "power"),
        (lambda: hf.get_inverse_sqrt_schedule(10, timescale=0), "timescale"),
        (lambda: hf.get_cosine_with_min_lr_schedule_with_warmup(1, 10), "min_lr"),
        (
            lambda: hf.get_cosine_with_min_lr_schedule_with_warmup(1, 10, min_lr=0, min_lr_rate=0),
            "min_lr",
        ),
        (lambda: hf.get_wsd_schedule(10, 10), "num_training_steps"),
        (lambda: hf.get_wsd_schedule(10, 10, num_training_steps=15), "num_training_steps"),
        (lambda: hf.get_wsd_schedule(10, 10, 30, decay_type="cos"), "decay_type"),
    ],
)
def test_bad_arguments_name_the_parameter(call: Callable[[], object], match: str) -> None:
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_presets_do_not_import_transformers() -> None:
    code = (
        "import sys, schedax.presets.transformers as hf\n"
        "hf.get_wsd_schedule(10, 10, 100)(3)\n"
        "assert not {'transformers', 'torch'} & set(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
