"""Parity of ``schedax.presets.timm`` with ``timm.scheduler`` itself.

timm is installed with ``--no-deps``; its ``scheduler`` subpackage is loaded
without timm's top-level ``__init__`` (see ``tests/_peers.py``). Each test
builds timm's scheduler on a one-parameter optimizer with
``t_in_epochs=False`` and reads the lr after ``step_update(num_updates=t)``
for every probed step (per-update semantics), to ``rtol=1e-6``.
"""

from __future__ import annotations

import bisect
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
from schedax.presets import timm as tp

from ._peers import check, probe_steps, timm_scheduler, timm_version

torch = pytest.importorskip("torch")
scheduler = timm_scheduler()


def test_timm_version_compared() -> None:
    assert timm_version() == "1.0.31"  # the version named in the README


def record(cls: str, base: float, steps: Any, **kwargs: Any) -> np.ndarray[Any, Any]:
    """The lr timm sets after ``step_update(t)`` at each of ``steps``."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=base)
    sched = getattr(scheduler, cls)(opt, t_in_epochs=False, **kwargs)
    out = []
    for t in steps:
        try:
            sched.step_update(num_updates=int(t))
        except OverflowError:  # growth past the float range: Python's ** raises
            out.append(math.inf)
            continue
        out.append(float(opt.param_groups[0]["lr"]))
    return np.asarray(out)


def missed_restarts(steps: Any, kw: dict[str, Any]) -> list[int]:
    """Steps where timm's float ``log`` puts a step in the wrong cycle."""
    m = kw.get("cycle_mul", 1.0)
    if m == 1.0:
        return []
    period = kw["t_initial"]
    w = kw.get("warmup_t", 0)
    mf = Fraction(m)
    starts = [Fraction(0)]  # exact cycle starts T (m^i - 1) / (m - 1)
    while starts[-1] <= max(int(x) for x in steps):
        starts.append(period * (mf ** len(starts) - 1) / (mf - 1))
    out = []
    for t in (int(x) for x in steps):
        if t < w:
            continue
        local = t - w if kw.get("warmup_prefix", False) else t
        i = math.floor(math.log(1 - local / period * (1 - m), m))
        if i != bisect.bisect_right(starts, local) - 1:
            out.append(t)
    return out


lrs = st.floats(1e-3, 10.0)


@st.composite
def cycle_configs(draw: st.DrawFn, poly: bool = False) -> dict[str, Any]:
    kw: dict[str, Any] = {
        "t_initial": draw(st.integers(1, 40)),
        "lr_min": draw(st.one_of(st.just(0.0), st.floats(0.0, 1e-2))),
        # exact binary fractions: the exact restarts are cheap to find (Fraction)
        "cycle_mul": draw(st.sampled_from([1.0, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0])),
        "cycle_decay": draw(st.one_of(st.just(1.0), st.floats(0.1, 1.0))),
        "cycle_limit": draw(st.integers(0, 6)),
        "warmup_t": draw(st.integers(0, 20)),
        "warmup_lr_init": draw(st.one_of(st.just(0.0), st.floats(0.0, 1e-2))),
        "warmup_prefix": draw(st.booleans()),
    }
    return kw


def total_length(kw: dict[str, Any]) -> int:
    m, limit = kw.get("cycle_mul", 1.0), max(kw.get("cycle_limit", 1), 1)
    length = sum(kw["t_initial"] * m**i for i in range(limit))
    return math.ceil(length) + kw.get("warmup_t", 0)


def parity(
    preset: Callable[..., sx.Schedule], cls: str, base: float, kw: dict[str, Any], length: int
) -> None:
    steps = probe_steps(min(length, 600))
    want = record(cls, base, steps, **kw)
    s = preset(base_lr=base, **kw)
    check(s, want, steps, skip=missed_restarts(steps, kw))


@settings(max_examples=60)
@given(base=lrs, kw=cycle_configs(), k=st.one_of(st.just(1.0), st.floats(0.3, 3.0)))
def test_cosine(base: float, kw: dict[str, Any], k: float) -> None:
    kw["k_decay"] = k
    parity(tp.CosineLRScheduler, "CosineLRScheduler", base, kw, total_length(kw))


@settings(max_examples=50)
@given(
    base=lrs,
    kw=cycle_configs(),
    lb=st.floats(-8.0, 0.0),
    width=st.floats(0.5, 10.0),
)
def test_tanh(base: float, kw: dict[str, Any], lb: float, width: float) -> None:
    kw.update(lb=lb, ub=lb + width)
    parity(tp.TanhLRScheduler, "TanhLRScheduler", base, kw, total_length(kw))


@settings(max_examples=50)
@given(
    base=lrs,
    kw=cycle_configs(),
    p=st.one_of(st.sampled_from([0.5, 1.0, 2.0]), st.floats(0.1, 4.0)),
    k=st.one_of(st.just(1.0), st.floats(0.3, 3.0)),
)
def test_poly(base: float, kw: dict[str, Any], p: float, k: float) -> None:
    kw.update(power=p, k_decay=k)
    parity(tp.PolyLRScheduler, "PolyLRScheduler", base, kw, total_length(kw))


warmups = st.fixed_dictionaries(
    {
        "warmup_t": st.integers(0, 20),
        "warmup_lr_init": st.one_of(st.just(0.0), st.floats(0.0, 1e-2)),
        "warmup_prefix": st.booleans(),
    }
)


@settings(max_examples=50)
@given(
    base=lrs,
    n=st.integers(1, 40),
    rate=st.one_of(st.floats(0.0, 1.0), st.floats(1.0, 1.5), st.sampled_from([0.0, 1.0])),
    kw=warmups,
)
def test_step(base: float, n: int, rate: float, kw: dict[str, Any]) -> None:
    kw.update(decay_t=n, decay_rate=rate)
    steps = probe_steps(8 * n + kw["warmup_t"])
    want = record("StepLRScheduler", base, steps, **kw)
    # growth (rate > 1): schedax stops at 1e300 * base_lr where timm goes on to inf
    check(tp.StepLRScheduler(base_lr=base, **kw), want, steps, skip=steps[~(want <= 1e280)])


@settings(max_examples=50)
@given(
    base=lrs,
    milestones=st.lists(st.integers(0, 80), max_size=5).map(sorted),
    rate=st.one_of(st.floats(0.0, 1.0), st.floats(1.0, 2.0), st.sampled_from([0.0, 1.0])),
    kw=warmups,
)
def test_multistep(base: float, milestones: list[int], rate: float, kw: dict[str, Any]) -> None:
    kw.update(decay_t=milestones, decay_rate=rate)
    steps = probe_steps(max(milestones, default=0) + kw["warmup_t"])
    want = record("MultiStepLRScheduler", base, steps, **kw)
    check(tp.MultiStepLRScheduler(base_lr=base, **kw), want, steps)


def test_a_restart_timm_misses() -> None:
    # math.log(243, 3) == 4.999...: timm misses the restart at step 121 (sum of 3**i)
    kw = {"t_initial": 1, "cycle_mul": 3.0, "cycle_limit": 10}
    steps = np.arange(400)
    assert 121 in missed_restarts(steps, kw)
    want = record("CosineLRScheduler", 1.0, steps, **kw)
    s = tp.CosineLRScheduler(**kw)
    assert want[121] < 1e-6
    assert s(121) == 1.0


# ------------------------------------------------------------------------ values


@pytest.mark.parametrize(
    "s",
    [
        tp.CosineLRScheduler(100, 1e-5, 2.0, 0.5, 4, 5, 1e-6, k_decay=2.0, base_lr=0.1),
        tp.CosineLRScheduler(10, warmup_t=3, warmup_prefix=True),
        tp.TanhLRScheduler(50, lr_min=0.01, cycle_limit=3, warmup_t=5),
        tp.PolyLRScheduler(50, 2.0, 0.01, 1.5, 0.5, 3, 5, k_decay=0.5),
        tp.StepLRScheduler(10, 0.5, 3),
        tp.StepLRScheduler(10, 1.5),
        tp.MultiStepLRScheduler([10, 20, 20], 0.1, 2, warmup_prefix=False),
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
        (lambda: tp.CosineLRScheduler(0), "t_initial"),
        (lambda: tp.CosineLRScheduler(10, lr_min=-1.0), "lr_min"),
        (lambda: tp.CosineLRScheduler(10, cycle_mul=0.5), "cycle_mul"),
        (lambda: tp.CosineLRScheduler(10, cycle_decay=1.5), "cycle_decay"),
        (lambda: tp.CosineLRScheduler(10, noise_range_t=5), "noise_range_t"),
        (lambda: tp.CosineLRScheduler(10, k_decay=0.0), "k_decay"),
        (lambda: tp.TanhLRScheduler(10, lb=3.0, ub=-7.0), "ub"),
        (lambda: tp.PolyLRScheduler(10, power=0.0), "power"),
        (lambda: tp.StepLRScheduler(0), "decay_t"),
        (lambda: tp.StepLRScheduler(10, -0.5), "decay_rate"),
        (lambda: tp.MultiStepLRScheduler([20, 10]), "decay_t"),
        (lambda: tp.MultiStepLRScheduler([10], warmup_t=-1), "warmup_t"),
    ],
)
def test_bad_arguments_name_the_parameter(call: Callable[[], object], match: str) -> None:
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_presets_do_not_import_timm() -> None:
    code = (
        "import sys, schedax.presets.timm as tp\n"
        "tp.CosineLRScheduler(10, cycle_mul=2.0, cycle_limit=3)(3)\n"
        "assert not {'timm', 'torch'} & set(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
