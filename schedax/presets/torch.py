"""Every ``torch.optim.lr_scheduler`` class as a schedax schedule, exactly.

One function per class, with torch's class name and keyword names (minus
``optimizer``, ``last_epoch`` and ``verbose``). Where torch takes the learning
rate from the optimizer, the function takes ``base_lr=1.0`` instead: with the
default the result is the *factor* torch applies to the optimizer's lr.

The value of the returned schedule at step ``t`` is the lr torch reports
(``scheduler.get_last_lr()[0]``) after ``t`` calls of ``scheduler.step()``:
that of torch's *recursive* ("chainable") update, which is what runs, not of
the closed forms in torch's docstrings where the two differ. Every function is
built only from the public algebra, so ``repr`` shows what runs::

    >>> from schedax.presets import torch as pt
    >>> pt.CosineAnnealingLR(T_max=10, base_lr=0.1)
    cycle(join([cosine(0.1, 0.0, 10), cosine(0.0, 0.1, 10)], [10]), 20)

Nothing here imports torch: presets only build schedules. ``ReduceLROnPlateau``
is a state machine rather than a schedule (``init`` / ``update`` / ``value``);
see :func:`schedax.reduce_on_plateau`.

The momentum side of ``CyclicLR`` and ``OneCycleLR`` (``cycle_momentum``) is
:func:`CyclicLR_momentum` / :func:`OneCycleLR_momentum`: they take the very
same keywords as their lr function and return the schedule torch writes into
``momentum`` (SGD, RMSprop) or ``betas[0]`` (Adam and friends).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence

import schedax as sx

from .. import _validate as v
from ._common import power
from ._torch_plateau import ReduceLROnPlateau as ReduceLROnPlateau

__all__ = [
    "ChainedScheduler",
    "ConstantLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "CyclicLR",
    "CyclicLR_momentum",
    "ExponentialLR",
    "LambdaLR",
    "LinearLR",
    "MultiStepLR",
    "MultiplicativeLR",
    "OneCycleLR",
    "OneCycleLR_momentum",
    "PolynomialLR",
    "ReduceLROnPlateau",
    "SequentialLR",
    "StepLR",
]


def _power(base: float, gamma: float, every: int = 1) -> sx.Schedule:
    """``base * gamma ** (t // every)`` for any ``gamma >= 0`` (torch allows growth).

    Growth (``gamma > 1``) stops at ``1e300 * base``, where torch overflows to
    ``inf`` a little later: schedax never returns ``inf``.
    """
    if gamma == 0.0:
        return sx.piecewise([every], [base, 0.0])
    if gamma > 1.0:
        return power(base, gamma, every, staircase=every != 1)
    if every == 1:
        return sx.exponential(base, gamma)
    return sx.step_decay(base, every, gamma)


def _gamma(fn: str, gamma: object) -> float:
    return float(v.nonnegative(fn, "gamma", gamma))


# ------------------------------------------------------------------ factor-based


def LambdaLR(lr_lambda: Callable[[int], float], base_lr: float = 1.0) -> sx.Schedule:
    """torch ``LambdaLR``: the lr is ``base_lr`` times a function of the step.

    .. math:: \\eta_t = \\eta_0 \\, \\lambda(t)

    The user's function becomes ``from_fn(lr_lambda)``; this is also the way to
    move a hand-written ``adjust_learning_rate(optimizer, epoch)`` to schedax.

    Args:
        lr_lambda: ``λ``, a function of the integer step.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import torch as pt
    >>> s = pt.LambdaLR(lambda t: 0.9**t, base_lr=0.1)
    >>> print(f"{s(0):.4f} {s(2):.4f}")
    0.1000 0.0810
    """
    fn = sx.from_fn(v.function("LambdaLR", "lr_lambda", lr_lambda))
    return sx.multiply(v.real("LambdaLR", "base_lr", base_lr), fn)


def MultiplicativeLR(lr_lambda: Callable[[int], float], base_lr: float = 1.0) -> sx.Schedule:
    """torch ``MultiplicativeLR``: every step multiplies the lr by ``lr_lambda(step)``.

    .. math:: \\eta_t = \\eta_0 \\prod_{k=1}^{t} \\lambda(k)

    ``λ(0)`` is never used (torch's first step keeps the lr). This is the one
    torch class that needs history: it is :func:`schedax.multiplicative`.

    Args:
        lr_lambda: ``λ``, a function of the integer step ``k >= 1``.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import torch as pt
    >>> s = pt.MultiplicativeLR(lambda k: 0.5, base_lr=1.0)
    >>> s(0), s(3)
    (1.0, 0.125)
    """
    fn = v.function("MultiplicativeLR", "lr_lambda", lr_lambda)
    return sx.multiplicative(fn, start=v.real("MultiplicativeLR", "base_lr", base_lr))


def StepLR(step_size: int, gamma: float = 0.1, base_lr: float = 1.0) -> sx.Schedule:
    """torch ``StepLR``: multiply the lr by ``gamma`` every ``step_size`` steps.

    .. math:: \\eta_t = \\eta_0 \\, \\gamma^{\\lfloor t / n \\rfloor}

    ``gamma > 1`` (growth, which torch allows) is ``η₀ / step_decay(1, n, 1/γ)``;
    ``gamma = 0`` is a single drop to 0.

    Args:
        step_size: ``n``, a positive integer.
        gamma: ``γ >= 0``.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import torch as pt
    >>> pt.StepLR(step_size=30, gamma=0.5, base_lr=0.1)
    step_decay(0.1, 30, factor=0.5)
    """
    fn = "StepLR"
    n = v.integer(fn, "step_size", step_size, minimum=1)
    return _power(v.real(fn, "base_lr", base_lr), _gamma(fn, gamma), n)


def MultiStepLR(milestones: Sequence[int], gamma: float = 0.1, base_lr: float = 1.0) -> sx.Schedule:
    """torch ``MultiStepLR``: multiply the lr by ``gamma`` at each milestone.

    .. math:: \\eta_t = \\eta_0 \\, \\gamma^{\\#\\{i : m_i \\le t\\}}

    As in torch, milestones may come in any order and a milestone listed twice
    multiplies twice (torch counts them); a milestone at 0 already applies at
    step 0.

    Args:
        milestones: non-negative integer steps ``m_i``, in any order.
        gamma: ``γ >= 0``.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import torch as pt
    >>> s = pt.MultiStepLR(milestones=[20, 10, 20], gamma=0.5)
    >>> s
    multistep(1.0, [10, 20, 20], factor=0.5)
    >>> s(9), s(10), s(20)
    (1.0, 0.5, 0.125)
    """
    fn = "MultiStepLR"
    if isinstance(milestones, str | bytes) or not isinstance(milestones, Sequence | set):
        v.fail(fn, "milestones", "a list of integers", milestones, TypeError)
    ms = sorted(v.integer(fn, f"milestones[{i}]", m) for i, m in enumerate(milestones))
    base = v.real(fn, "base_lr", base_lr)
    gamma_ = _gamma(fn, gamma)
    if not ms:
        return sx.constant(base)
    if gamma_ == 0.0:
        return sx.constant(0.0) if ms[0] == 0 else sx.piecewise([ms[0]], [base, 0.0])
    return sx.multistep(base, ms, gamma_)


def ExponentialLR(gamma: float, base_lr: float = 1.0) -> sx.Schedule:
    """torch ``ExponentialLR``: multiply the lr by ``gamma`` every step.

    .. math:: \\eta_t = \\eta_0 \\, \\gamma^{t}

    ``gamma > 1`` grows without bound as in torch (``η₀ / exponential(1, 1/γ)``).

    Args:
        gamma: ``γ >= 0``.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import torch as pt
    >>> s = pt.ExponentialLR(gamma=0.9, base_lr=0.1)
    >>> s
    exponential(0.1, 0.9)
    >>> print(f"{s(10):.6f}")
    0.034868
    """
    fn = "ExponentialLR"
    return _power(v.real(fn, "base_lr", base_lr), _gamma(fn, gamma))


def ConstantLR(factor: float = 1.0 / 3, total_iters: int = 5, base_lr: float = 1.0) -> sx.Schedule:
    """torch ``ConstantLR``: ``factor * base_lr`` until ``total_iters``, then ``base_lr``.

    .. math:: \\eta_t = \\eta_0 \\, (f \\text{ if } t < n \\text{ else } 1)

    torch quirk: with ``total_iters=0`` its recursive update applies the factor
    at step 0 and never removes it, so the lr is ``f η₀`` forever (its closed
    form says ``η₀``); this preset follows what torch reports. With
    ``factor=0`` torch divides by zero at step ``n``; the preset gives ``η₀``.

    Args:
        factor: ``f`` in ``[0, 1]``.
        total_iters: ``n``, a non-negative integer.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import torch as pt
    >>> s = pt.ConstantLR(factor=0.5, total_iters=4, base_lr=0.1)
    >>> s
    warmup(0.1, 4, start=0.05, shape='constant')
    >>> s(3), s(4)
    (0.05, 0.1)
    """
    fn = "ConstantLR"
    f = v.real(fn, "factor", factor)
    if not 0.0 <= f <= 1.0:
        v.fail(fn, "factor", "in [0, 1]", factor)
    n = v.integer(fn, "total_iters", total_iters)
    base = v.real(fn, "base_lr", base_lr)
    if n == 0:
        return sx.constant(base * f)
    return sx.warmup(base, n, start=base * f, shape="constant")


def LinearLR(
    start_factor: float = 1.0 / 3,
    end_factor: float = 1.0,
    total_iters: int = 5,
    base_lr: float = 1.0,
) -> sx.Schedule:
    """torch ``LinearLR``: the factor goes linearly from ``start_factor`` to ``end_factor``.

    .. math:: \\eta_t = \\eta_0 \\bigl(a + (b - a) \\min(t, n) / n\\bigr)

    torch's recursive update multiplies by ratios whose product is this line.
    torch quirk: with ``total_iters=0`` the lr stays ``a η₀`` forever (its
    closed form would divide by zero); the preset follows that.

    Args:
        start_factor: ``a`` in ``(0, 1]``.
        end_factor: ``b`` in ``[0, 1]``.
        total_iters: ``n``, a non-negative integer.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import torch as pt
    >>> s = pt.LinearLR(start_factor=0.25, total_iters=3, base_lr=0.1)
    >>> s
    multiply(0.1, linear(0.25, 1.0, 3))
    >>> print(f"{s(0):.3f} {s(2):.3f} {s(10):.3f}")
    0.025 0.075 0.100
    """
    fn = "LinearLR"
    a = v.real(fn, "start_factor", start_factor)
    if not 0.0 < a <= 1.0:
        v.fail(fn, "start_factor", "in (0, 1]", start_factor)
    b = v.real(fn, "end_factor", end_factor)
    if not 0.0 <= b <= 1.0:
        v.fail(fn, "end_factor", "in [0, 1]", end_factor)
    n = v.integer(fn, "total_iters", total_iters)
    base = v.real(fn, "base_lr", base_lr)
    if n == 0:
        return sx.constant(base * a)
    return sx.multiply(base, sx.linear(a, b, n))


def PolynomialLR(total_iters: int = 5, power: float = 1.0, base_lr: float = 1.0) -> sx.Schedule:
    """torch ``PolynomialLR``: polynomial decay to 0 over ``total_iters`` steps.

    .. math:: \\eta_t = \\eta_0 \\, (1 - \\min(t, n) / n)^{p}

    torch runs it as a product of ratios ``((1 - t/n) / (1 - (t-1)/n))^p``,
    which telescopes to this closed form (and to exactly 0 at step ``n``).
    With ``total_iters=0`` torch never changes the lr: ``η₀`` forever.

    Args:
        total_iters: ``n``, a non-negative integer.
        power: ``p >= 0``.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import torch as pt
    >>> s = pt.PolynomialLR(total_iters=4, power=2.0, base_lr=1.0)
    >>> s
    polynomial(1.0, 0.0, 4, power=2.0)
    >>> s(2), s(4), s(9)
    (0.25, 0.0, 0.0)
    """
    fn = "PolynomialLR"
    n = v.integer(fn, "total_iters", total_iters)
    p = v.nonnegative(fn, "power", power)
    base = v.real(fn, "base_lr", base_lr)
    if n == 0 or p == 0:
        return sx.constant(base)
    return sx.polynomial(base, 0.0, n, power=p)


def CosineAnnealingLR(T_max: int, eta_min: float = 0.0, base_lr: float = 1.0) -> sx.Schedule:
    """torch ``CosineAnnealingLR``: a cosine from ``base_lr`` to ``eta_min``, and back.

    .. math::
        \\eta_t = \\eta_{min} + \\tfrac12 (\\eta_0 - \\eta_{min})
        \\bigl(1 + \\cos(\\pi t / T)\\bigr)

    torch quirk: nothing stops at ``T_max``. Its recursive update keeps
    following the cosine, so the lr climbs back to ``base_lr`` at ``2 T`` and
    the schedule is periodic with period ``2 T``: a cosine down, then a cosine
    up (built as exactly that). For a cosine that holds ``eta_min`` after
    ``T_max``, use ``sx.cosine(base_lr, eta_min, T_max)``.

    Args:
        T_max: ``T``, half the period, a positive integer.
        eta_min: ``η_min``.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import torch as pt
    >>> s = pt.CosineAnnealingLR(T_max=10)
    >>> print(f"{s(5):.2f} {s(10):.2f} {s(15):.2f} {s(20):.2f}")
    0.50 0.00 0.50 1.00
    """
    fn = "CosineAnnealingLR"
    T = v.integer(fn, "T_max", T_max, minimum=1)
    lo = v.real(fn, "eta_min", eta_min)
    base = v.real(fn, "base_lr", base_lr)
    return sx.cycle(sx.join([sx.cosine(base, lo, T), sx.cosine(lo, base, T)], [T]), 2 * T)


def CosineAnnealingWarmRestarts(
    T_0: int, T_mult: int = 1, eta_min: float = 0.0, base_lr: float = 1.0
) -> sx.Schedule:
    """torch ``CosineAnnealingWarmRestarts`` (SGDR): cosines restarted at growing periods.

    .. math::
        \\eta_t = \\eta_{min} + \\tfrac12 (\\eta_0 - \\eta_{min})
        \\bigl(1 + \\cos(\\pi T_{cur} / T_i)\\bigr), \\quad T_i = T_0 m^i

    where ``T_cur`` counts the steps since the last restart. The restart steps
    are exact integers (``cycle`` finds them by binary search, as torch's
    step-by-step counter does).

    Args:
        T_0: first period, a positive integer.
        T_mult: ``m``, a positive integer, the growth of each next period.
        eta_min: ``η_min``.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import torch as pt
    >>> s = pt.CosineAnnealingWarmRestarts(T_0=10, T_mult=2)
    >>> s
    cycle(cosine(1.0, 0.0, 10), 10, period_mult=2.0)
    >>> print(f"{s(9):.3f} {s(10):.3f} {s(20):.3f} {s(30):.3f}")
    0.024 1.000 0.500 1.000
    """
    fn = "CosineAnnealingWarmRestarts"
    T0 = v.integer(fn, "T_0", T_0, minimum=1)
    m = v.integer(fn, "T_mult", T_mult, minimum=1)
    lo = v.real(fn, "eta_min", eta_min)
    base = v.real(fn, "base_lr", base_lr)
    return sx.cycle(sx.cosine(base, lo, T0), T0, period_mult=float(m))


# ------------------------------------------------------------------------ CyclicLR


@dataclasses.dataclass(frozen=True)
class _PerCycle:
    """``scale_fn(cycle)`` with torch's 1-based cycle index ``⌊1 + t / period⌋``.

    schedax has no time transform that floors the step, so the user's
    ``scale_fn`` is wrapped in this picklable callable before ``from_fn``.
    """

    scale_fn: Callable[[float], float]
    period: int

    def __call__(self, step: float) -> float:
        return float(self.scale_fn(math.floor(1 + step / self.period)))

    def __repr__(self) -> str:
        name = getattr(self.scale_fn, "__qualname__", None) or repr(self.scale_fn)
        return f"per_cycle({name}, period={self.period})"


_CYCLIC_MODES = ("triangular", "triangular2", "exp_range")


def _cyclic(
    fn: str,
    low: float,
    high: float,
    step_size_up: int,
    step_size_down: int | None,
    mode: str,
    gamma: float,
    scale_fn: Callable[[float], float] | None,
    scale_mode: str,
) -> sx.Schedule:
    """``low + (high - low) * triangle(t) * scale``, on torch's cycle."""
    up = v.integer(fn, "step_size_up", step_size_up, minimum=1)
    down = up if step_size_down is None else v.integer(fn, "step_size_down", step_size_down)
    period = up + down
    amp = high - low
    if scale_fn is None:
        mode = v.choice(fn, "mode", mode, _CYCLIC_MODES)
    else:
        scale_fn = v.function(fn, "scale_fn", scale_fn)
        scale_mode = v.choice(fn, "scale_mode", scale_mode, ("cycle", "iterations"))

    def wave(lo: float, hi: float) -> sx.Schedule:
        if down == 0:  # a sawtooth: torch's phase never leaves the rise
            return sx.cycle(sx.linear(lo, hi, up), period)
        return sx.cycle(sx.join([sx.linear(lo, hi, up), sx.linear(hi, lo, down)], [up]), period)

    if scale_fn is None and mode == "triangular":
        return wave(low, high)
    if scale_fn is None and mode == "triangular2":
        tri = sx.join([sx.linear(0.0, amp, up), sx.linear(amp, 0.0, down)], [up])
        if down == 0:
            tri = sx.linear(0.0, amp, up)
        return low + sx.cycle(tri, period, decay=0.5)
    if scale_fn is None:  # exp_range: gamma ** iterations
        scale = _power(1.0, v.nonnegative(fn, "gamma", gamma))
    elif scale_mode == "iterations":
        scale = sx.from_fn(scale_fn)
    else:
        scale = sx.from_fn(_PerCycle(scale_fn, period))
    return low + wave(0.0, amp) * scale


def CyclicLR(
    base_lr: float,
    max_lr: float,
    step_size_up: int = 2000,
    step_size_down: int | None = None,
    mode: str = "triangular",
    gamma: float = 1.0,
    scale_fn: Callable[[float], float] | None = None,
    scale_mode: str = "cycle",
    cycle_momentum: bool = True,
    base_momentum: float = 0.8,
    max_momentum: float = 0.9,
) -> sx.Schedule:
    """torch ``CyclicLR``: triangular cycles between ``base_lr`` and ``max_lr``.

    .. math::
        \\eta_t = \\eta_{lo} + (\\eta_{hi} - \\eta_{lo})\\,\\mathrm{tri}(t)\\,\\sigma

    ``tri`` rises linearly from 0 to 1 over ``step_size_up`` steps and falls
    back over ``step_size_down`` (default: ``step_size_up``), periodically.
    ``σ`` is 1 (``"triangular"``), ``0.5^k`` in cycle ``k = 0, 1, ...``
    (``"triangular2"``), ``γ^t`` (``"exp_range"``), or the user's
    ``scale_fn`` applied to torch's 1-based cycle number (``scale_mode="cycle"``)
    or to the step (``"iterations"``); with ``scale_fn``, ``mode`` is ignored,
    as in torch. ``step_size_down=0`` gives a sawtooth, as in torch.

    The momentum keywords are accepted (torch's signature) and do not change
    the lr; :func:`CyclicLR_momentum` takes the same keywords and returns the
    momentum schedule.

    >>> from schedax.presets import torch as pt
    >>> s = pt.CyclicLR(base_lr=0.1, max_lr=1.0, step_size_up=10, mode="triangular2")
    >>> print(f"{s(0):.2f} {s(10):.2f} {s(20):.2f} {s(30):.2f}")
    0.10 1.00 0.10 0.55
    """
    fn = "CyclicLR"
    v.flag(fn, "cycle_momentum", cycle_momentum)
    v.real(fn, "base_momentum", base_momentum)
    v.real(fn, "max_momentum", max_momentum)
    lo, hi = v.real(fn, "base_lr", base_lr), v.real(fn, "max_lr", max_lr)
    args = (step_size_up, step_size_down, mode, gamma, scale_fn, scale_mode)
    return _cyclic(fn, lo, hi, *args)


def CyclicLR_momentum(
    base_lr: float,
    max_lr: float,
    step_size_up: int = 2000,
    step_size_down: int | None = None,
    mode: str = "triangular",
    gamma: float = 1.0,
    scale_fn: Callable[[float], float] | None = None,
    scale_mode: str = "cycle",
    cycle_momentum: bool = True,
    base_momentum: float = 0.8,
    max_momentum: float = 0.9,
) -> sx.Schedule:
    """The momentum torch ``CyclicLR`` writes (``cycle_momentum=True``): inverse to the lr.

    .. math::
        m_t = m_{hi} - (m_{hi} - m_{lo})\\,\\mathrm{tri}(t)\\,\\sigma

    Same keywords as :func:`CyclicLR` (pass the same ``**kwargs`` to both).
    torch writes this value into ``momentum`` (SGD, RMSprop) or into
    ``betas[0]`` (optimizers with ``betas``); drive the same field with it.
    With ``cycle_momentum=False`` torch leaves momentum alone and there is no
    schedule to return (``ValueError``).

    >>> from schedax.presets import torch as pt
    >>> kw = dict(base_lr=0.1, max_lr=1.0, step_size_up=10)
    >>> lr, mom = pt.CyclicLR(**kw), pt.CyclicLR_momentum(**kw)
    >>> print(f"{mom(0):.2f} {mom(5):.2f} {mom(10):.2f}")
    0.90 0.85 0.80
    """
    fn = "CyclicLR_momentum"
    if not v.flag(fn, "cycle_momentum", cycle_momentum):
        v.fail(fn, "cycle_momentum", "True (torch leaves momentum alone otherwise)", False)
    v.real(fn, "base_lr", base_lr)
    v.real(fn, "max_lr", max_lr)
    lo, hi = v.real(fn, "max_momentum", max_momentum), v.real(fn, "base_momentum", base_momentum)
    args = (step_size_up, step_size_down, mode, gamma, scale_fn, scale_mode)
    return _cyclic(fn, lo, hi, *args)


# ---------------------------------------------------------------------- OneCycleLR


def _snap(x: float) -> float:
    """``x`` rounded to the nearest integer when it is one up to float error
    (``0.3 * 100 - 1`` is ``29.000000000000004``)."""
    r = round(x)
    return float(r) if abs(x - r) <= 1e-9 * max(1.0, abs(x)) else x


def _one_cycle_path(
    fn: str,
    total: int,
    phases: list[tuple[float, float, float]],
    anneal: str,
) -> sx.Schedule:
    """torch's ``OneCycleLR.get_lr`` at steps ``0..total``, then held.

    ``phases`` holds ``(end_step, start_value, end_value)``: step ``t`` is in the
    first phase whose (float) end is ``>= t`` (the last phase takes the rest),
    at progress ``(t - start) / (end - start)`` from the previous phase's end.
    """
    maker = sx.cosine if anneal == "cos" else sx.linear
    ends = [_snap(e) for e, _, _ in phases]
    n = len(phases)

    def value(t: int) -> float:
        i = next((j for j in range(n) if t <= ends[j]), n - 1)
        c = 0.0 if i == 0 else ends[i - 1]
        pct = (t - c) / (ends[i] - c)
        s, f = phases[i][1], phases[i][2]
        if anneal == "cos":
            return f + (s - f) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (f - s) * pct + s

    pieces: list[sx.Schedule] = []
    starts: list[int] = []
    seen = -math.inf  # the largest end so far: steps above it left those phases
    for i, (_, s, f) in enumerate(phases):
        a = 0 if seen == -math.inf else max(0, math.floor(seen) + 1)
        last = i == n - 1
        b = total - 1 if last else min(math.floor(max(seen, ends[i])), total - 1)
        seen = max(seen, ends[i])
        if a > b:
            continue
        c = 0.0 if i == 0 else ends[i - 1]
        width = ends[i] - c
        offset = (a - c) / width if width else 0.0
        if width == 0:
            piece = sx.constant(s)
        elif abs(offset) < 1e-12:
            piece = (
                maker(s, f, int(width))
                if width == int(width)
                else sx.stretch(maker(s, f, 1), width)
            )
        else:
            # progress offset + τ / width on local time τ: a fractional shift,
            # written as stretch(shift(stretch(...), -1), ...)
            inner = sx.stretch(maker(s, f, 1), 1.0 / offset)
            piece = sx.stretch(sx.shift(inner, -1), width * offset)
        pieces.append(piece)
        starts.append(a)
    try:
        tail = value(total)
    except ZeroDivisionError:  # torch divides by zero at this step: hold the last value
        tail = value(total - 1)
    pieces.append(sx.constant(tail))
    starts.append(total)
    return sx.join(pieces, starts[1:])


def _one_cycle_args(
    fn: str,
    total_steps: int | None,
    epochs: int | None,
    steps_per_epoch: int | None,
    pct_start: float,
    anneal_strategy: str,
) -> tuple[int, float, str]:
    if total_steps is not None:
        total = v.integer(fn, "total_steps", total_steps, minimum=1)
    elif epochs is not None and steps_per_epoch is not None:
        total = v.integer(fn, "epochs", epochs, minimum=1) * v.integer(
            fn, "steps_per_epoch", steps_per_epoch, minimum=1
        )
    else:
        raise ValueError(f"{fn}: give 'total_steps', or both 'epochs' and 'steps_per_epoch'")
    pct = v.real(fn, "pct_start", pct_start)
    if not 0.0 <= pct <= 1.0:
        v.fail(fn, "pct_start", "in [0, 1]", pct_start)
    if float(pct * total) - 1 == 0.0:
        v.fail(
            fn,
            "pct_start",
            f"such that pct_start * total_steps != 1 (torch divides 0 by 0 at step 0; "
            f"total_steps={total})",
            pct_start,
        )
    anneal = v.choice(fn, "anneal_strategy", anneal_strategy, ("cos", "linear"))
    return total, pct, anneal


def OneCycleLR(
    max_lr: float,
    total_steps: int | None = None,
    epochs: int | None = None,
    steps_per_epoch: int | None = None,
    pct_start: float = 0.3,
    anneal_strategy: str = "cos",
    cycle_momentum: bool = True,
    base_momentum: float = 0.85,
    max_momentum: float = 0.95,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
    three_phase: bool = False,
) -> sx.Schedule:
    """torch ``OneCycleLR``: up from ``max_lr / div_factor`` to ``max_lr``, then down.

    With ``a = max_lr / div_factor``, ``e = a / final_div_factor``, ``T`` the
    total steps and ``ρ`` = ``pct_start``, torch's phases end at the *float*
    steps ``E_1 = ρT - 1`` and ``T - 1`` (three-phase: ``ρT - 1``, ``2ρT - 2``,
    ``T - 1``), and step ``t`` in phase ``i`` anneals (cosine or linear) over
    progress ``(t - E_{i-1}) / (E_i - E_{i-1})``:

    .. math::
        a \\to \\eta_{max} \\to e \\qquad
        (\\text{three-phase: } a \\to \\eta_{max} \\to a \\to e)

    A phase whose ends are not integers is placed exactly with ``stretch`` and
    ``shift``. torch quirks kept: the lr at step ``T`` (the last one torch
    allows) is the last phase *extrapolated* one step past ``e``. Past ``T``
    torch raises; the preset holds its value at ``T``. ``ρT = 1`` makes torch
    divide 0 by 0 at step 0 and is rejected here.

    Momentum keywords are accepted and do not change the lr; see
    :func:`OneCycleLR_momentum`.

    >>> from schedax.presets import torch as pt
    >>> s = pt.OneCycleLR(max_lr=1.0, total_steps=100)
    >>> print(f"{s(0):.2f} {s(29):.2f} {s(99):.6f}")
    0.04 1.00 0.000004
    """
    fn = "OneCycleLR"
    total, pct, anneal = _one_cycle_args(
        fn, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy
    )
    v.flag(fn, "cycle_momentum", cycle_momentum)
    v.real(fn, "base_momentum", base_momentum)
    v.real(fn, "max_momentum", max_momentum)
    peak = v.real(fn, "max_lr", max_lr)
    a = peak / v.positive(fn, "div_factor", div_factor)
    e = a / v.positive(fn, "final_div_factor", final_div_factor)
    e1 = float(pct * total) - 1
    if v.flag(fn, "three_phase", three_phase):
        phases = [(e1, a, peak), (float(2 * pct * total) - 2, peak, a), (total - 1.0, a, e)]
    else:
        phases = [(e1, a, peak), (total - 1.0, peak, e)]
    return _one_cycle_path(fn, total, phases, anneal)


def OneCycleLR_momentum(
    max_lr: float,
    total_steps: int | None = None,
    epochs: int | None = None,
    steps_per_epoch: int | None = None,
    pct_start: float = 0.3,
    anneal_strategy: str = "cos",
    cycle_momentum: bool = True,
    base_momentum: float = 0.85,
    max_momentum: float = 0.95,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
    three_phase: bool = False,
) -> sx.Schedule:
    """The momentum torch ``OneCycleLR`` writes (``cycle_momentum=True``): inverse to the lr.

    On the same phases as :func:`OneCycleLR`, momentum goes
    ``max_momentum → base_momentum → max_momentum`` (three-phase:
    ``max → base → max``, then held at ``max``). Same keywords as
    :func:`OneCycleLR`; torch writes the value into ``momentum`` or
    ``betas[0]``. With ``cycle_momentum=False`` there is nothing to schedule
    (``ValueError``).

    >>> from schedax.presets import torch as pt
    >>> m = pt.OneCycleLR_momentum(max_lr=1.0, total_steps=100)
    >>> print(f"{m(0):.2f} {m(29):.2f} {m(99):.2f}")
    0.95 0.85 0.95
    """
    fn = "OneCycleLR_momentum"
    total, pct, anneal = _one_cycle_args(
        fn, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy
    )
    if not v.flag(fn, "cycle_momentum", cycle_momentum):
        v.fail(fn, "cycle_momentum", "True (torch leaves momentum alone otherwise)", False)
    v.real(fn, "max_lr", max_lr)
    v.positive(fn, "div_factor", div_factor)
    v.positive(fn, "final_div_factor", final_div_factor)
    lo, hi = v.real(fn, "base_momentum", base_momentum), v.real(fn, "max_momentum", max_momentum)
    e1 = float(pct * total) - 1
    if v.flag(fn, "three_phase", three_phase):
        phases = [(e1, hi, lo), (float(2 * pct * total) - 2, lo, hi), (total - 1.0, hi, hi)]
    else:
        phases = [(e1, hi, lo), (total - 1.0, lo, hi)]
    return _one_cycle_path(fn, total, phases, anneal)


# -------------------------------------------------------------------- composites


def _schedules(fn: str, schedulers: object) -> list[sx.Schedule]:
    if isinstance(schedulers, sx.Schedule) or not isinstance(schedulers, Sequence):
        v.fail(fn, "schedulers", "a list of schedules", schedulers, TypeError)
    out = list(schedulers)
    if not out:
        v.fail(fn, "schedulers", "a non-empty list", out)
    for i, s in enumerate(out):
        if not isinstance(s, sx.Schedule):
            v.fail(fn, f"schedulers[{i}]", "a schedule (e.g. a preset)", s, TypeError)
    return out


def ChainedScheduler(schedulers: Sequence[sx.Schedule], base_lr: float = 1.0) -> sx.Schedule:
    """torch ``ChainedScheduler``: every child steps the same lr, in turn.

    .. math:: \\eta_t = \\eta_0 \\prod_i s_i(t)

    Build the children as *factors* -- presets with the default
    ``base_lr=1.0`` -- and give the optimizer's lr here: torch's chainable
    schedulers each multiply the current lr by their own ratio, so the chain is
    the product of their factors. (A child built with ``base_lr=b`` simply
    contributes a factor ``b``.)

    This is exactly what torch reports for the chainable classes (``StepLR``,
    ``MultiStepLR``, ``ExponentialLR``, ``ConstantLR``, ``LinearLR``,
    ``PolynomialLR``, ``MultiplicativeLR``, and ``CosineAnnealingLR`` with
    ``eta_min=0`` up to ``T_max``). torch differs from the product where a
    child *overwrites* the lr instead of scaling it: ``LambdaLR``,
    ``CyclicLR``, ``OneCycleLR``, ``CosineAnnealingWarmRestarts``, and
    ``CosineAnnealingLR`` past ``T_max`` or with ``eta_min != 0`` (its update is
    affine, and it restarts from 0 after its minimum) -- there torch's result
    depends on the children's order; schedax keeps the product.

    >>> from schedax.presets import torch as pt
    >>> s = pt.ChainedScheduler([pt.ConstantLR(0.1, 20), pt.ExponentialLR(0.9)], base_lr=0.05)
    >>> print(f"{s(0):.5f} {s(19):.5f} {s(20):.5f}")
    0.00500 0.00068 0.00608
    """
    fn = "ChainedScheduler"
    children = _schedules(fn, schedulers)
    return sx.multiply(v.real(fn, "base_lr", base_lr), *children)


def SequentialLR(
    schedulers: Sequence[sx.Schedule], milestones: Sequence[int], base_lr: float = 1.0
) -> sx.Schedule:
    """torch ``SequentialLR``: run the children one after another, each from its own step 0.

    .. math:: \\eta_t = \\eta_0 \\, s_i(t - m_{i-1}) \\quad (m_{i-1} \\le t < m_i)

    At each milestone torch resets the next child to its step 0 (it calls the
    child's closed form at 0, then steps it), so every child sees local time:
    this is :func:`schedax.join`. Build the children with the optimizer's lr
    (and keep ``base_lr=1.0``), or as factors and give the lr here.

    torch quirks not reproduced: a ``MultiplicativeLR`` after the first
    position starts from the *previous* child's lr (its update scales whatever
    lr it finds); children that set the optimizer's lr themselves
    (``CyclicLR``, ``OneCycleLR``) change the ``initial_lr`` the others start
    from. Milestones must be strictly increasing positive integers (torch
    accepts others, and then skips children).

    >>> from schedax.presets import torch as pt
    >>> s = pt.SequentialLR(
    ...     [pt.LinearLR(0.1, 1.0, 5, base_lr=0.1), pt.ExponentialLR(0.9, base_lr=0.1)], [5]
    ... )
    >>> print(f"{s(0):.3f} {s(4):.3f} {s(5):.3f} {s(6):.3f}")
    0.010 0.082 0.100 0.090
    """
    fn = "SequentialLR"
    children = _schedules(fn, schedulers)
    ms = v.integers(fn, "milestones", milestones, minimum=1)
    if len(ms) != len(children) - 1:
        v.fail(fn, "milestones", f"of length len(schedulers) - 1 = {len(children) - 1}", ms)
    return sx.multiply(v.real(fn, "base_lr", base_lr), sx.join(children, list(ms)))
