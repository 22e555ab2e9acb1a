"""timm's ``timm.scheduler`` learning-rate schedulers as schedax schedules, exactly.

One function per scheduler class, with timm's class name and keyword names
(minus ``optimizer`` and ``initialize``); the optimizer's lr is ``base_lr``.
The value of the returned schedule at step ``t`` is timm's ``_get_lr(t)``: the
lr after ``scheduler.step_update(num_updates=t)`` (per-update use,
``t_in_epochs=False``) -- or after ``scheduler.step(epoch=t)`` with the default
``t_in_epochs=True``: the function of ``t`` is the same, only the counter
differs, so ``t_in_epochs`` is accepted and has no effect. Every function is
built only from the public algebra, so ``repr`` shows what runs::

    >>> from schedax.presets import timm
    >>> timm.CosineLRScheduler(t_initial=100, lr_min=1e-5, warmup_t=5, base_lr=0.1)
    join([linear(0.0, 0.1, 5), shift(cosine(0.1, 1e-05, 100), -5)], [5])

Nothing here imports timm or torch.

timm conventions kept: the warmup ramps from ``warmup_lr_init`` to the lr at
step ``warmup_t``; with ``warmup_prefix=False`` (the default of the cosine,
tanh and poly schedulers) it *overlays* the start of the schedule, which
keeps running on global time; with ``warmup_prefix=True`` (the default of the
step schedulers) it is prepended. ``cycle_decay`` scales the peak only, not
``lr_min``. ``MultiStepLRScheduler`` applies milestone ``m`` at step
``m - 1`` (timm compares milestones with ``t + 1``). timm finds the cycle of a
step with a float ``log`` when ``cycle_mul != 1`` and can miss a restart by
one step where it falls exactly on an integer; schedax's restarts are exact.
Noise (``noise_range_t``) is not reproduced: it raises.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import schedax as sx

from .. import _validate as v
from ._common import power

__all__ = [
    "CosineLRScheduler",
    "MultiStepLRScheduler",
    "PolyLRScheduler",
    "StepLRScheduler",
    "TanhLRScheduler",
]

Shape = Callable[[float, float, int], sx.Schedule]


def _common_args(
    fn: str,
    t_in_epochs: object,
    noise_range_t: object,
    noise_pct: object,
    noise_std: object,
    noise_seed: object,
) -> None:
    v.flag(fn, "t_in_epochs", t_in_epochs)
    if noise_range_t is not None:
        v.fail(fn, "noise_range_t", "None (timm's lr noise is not reproduced)", noise_range_t)
    v.real(fn, "noise_pct", noise_pct)
    v.real(fn, "noise_std", noise_std)
    v.integer(fn, "noise_seed", noise_seed, minimum=None)


def _warmup(
    fn: str,
    body: sx.Schedule,
    target: float,
    warmup_t: object,
    warmup_lr_init: object,
    warmup_prefix: object,
) -> sx.Schedule:
    """timm's warmup: ``init + t (target - init) / W`` for ``t < W``, then ``body``.

    ``body`` is on global time; with ``warmup_prefix`` it starts at ``W``.
    """
    w = v.integer(fn, "warmup_t", warmup_t)
    init = v.real(fn, "warmup_lr_init", warmup_lr_init)
    prefix = v.flag(fn, "warmup_prefix", warmup_prefix)
    if w == 0:
        return body
    if prefix and body(0) == target:
        return sx.warmup(body, w, start=init)
    ramp = sx.linear(init, target, w)
    return sx.join([ramp, body if prefix else sx.shift(body, -w)], [w])


def _cycles(
    fn: str,
    shape: Shape,
    base: float,
    lr_min: object,
    t_initial: object,
    cycle_mul: object,
    cycle_decay: object,
    cycle_limit: object,
) -> sx.Schedule:
    """timm's cycles of ``shape`` from ``base * cycle_decay**i`` down to ``lr_min``."""
    lo = float(v.nonnegative(fn, "lr_min", lr_min))
    period = v.integer(fn, "t_initial", t_initial, minimum=1)
    mult = float(v.real(fn, "cycle_mul", cycle_mul))
    if mult < 1.0:
        v.fail(fn, "cycle_mul", ">= 1 (timm fails once shrinking cycles run out)", cycle_mul)
    decay = float(v.in_range(fn, "cycle_decay", cycle_decay, 0.0, 1.0, "in (0, 1]"))
    limit = v.integer(fn, "cycle_limit", cycle_limit)
    if limit == 0:
        return sx.constant(lo)
    if limit == 1:
        return shape(base, lo, period)
    if decay == 1.0:
        return sx.cycle(shape(base, lo, period), period, period_mult=mult, limit=limit)
    # the peak decays, lr_min does not: lr_min + (base γ^i - lr_min) h = base γ^i h + lr_min (1 - h)
    peaks = sx.cycle(shape(base, 0.0, period), period, period_mult=mult, decay=decay, limit=limit)
    if lo == 0.0:
        return peaks
    return peaks + sx.cycle(shape(0.0, lo, period), period, period_mult=mult, limit=limit)


def CosineLRScheduler(
    t_initial: int,
    lr_min: float = 0.0,
    cycle_mul: float = 1.0,
    cycle_decay: float = 1.0,
    cycle_limit: int = 1,
    warmup_t: int = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = False,
    t_in_epochs: bool = True,
    noise_range_t: int | Sequence[int] | None = None,
    noise_pct: float = 0.67,
    noise_std: float = 1.0,
    noise_seed: int = 42,
    k_decay: float = 1.0,
    base_lr: float = 1.0,
) -> sx.Schedule:
    """timm ``CosineLRScheduler``: cosine cycles (SGDR) with warmup and k-decay.

    In cycle ``i`` (length ``T m^i``, at local step ``τ``):

    .. math::
        \\eta = \\eta_{min} + \\tfrac12(\\eta_0 d^i - \\eta_{min})
        \\bigl(1 + \\cos(\\pi\\, (\\tau / T m^i)^k)\\bigr)

    and ``η_min`` after ``cycle_limit`` cycles. Built as
    ``cycle(cosine(...), T, period_mult=m, decay=d, limit=L)`` (plus a floor
    term when both ``d < 1`` and ``η_min > 0``).

    Args:
        t_initial: ``T``, the first cycle's length, a positive integer.
        lr_min: ``η_min >= 0``.
        cycle_mul: ``m >= 1``, the growth of each cycle.
        cycle_decay: ``d`` in ``(0, 1]``, the peak's decay per cycle.
        cycle_limit: ``L``, the number of cycles (0: ``η_min`` throughout).
        warmup_t: ``W``, warmup steps (a non-negative integer).
        warmup_lr_init: the lr at step 0 when ``W > 0``.
        warmup_prefix: prepend the warmup (``True``) or overlay it (``False``,
            timm's default here: the cosine runs on global time).
        t_in_epochs: accepted for timm's signature; no effect (see the module).
        noise_range_t: must be ``None`` (noise is not reproduced).
        noise_pct: accepted for timm's signature.
        noise_std: accepted for timm's signature.
        noise_seed: accepted for timm's signature.
        k_decay: ``k > 0``.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import timm
    >>> s = timm.CosineLRScheduler(t_initial=10, cycle_limit=3, cycle_decay=0.5)
    >>> print(f"{s(0):.2f} {s(5):.2f} {s(10):.2f} {s(20):.2f} {s(30):.2f}")
    1.00 0.50 0.50 0.25 0.00
    """
    fn = "CosineLRScheduler"
    _common_args(fn, t_in_epochs, noise_range_t, noise_pct, noise_std, noise_seed)
    base = v.real(fn, "base_lr", base_lr)
    k = float(v.positive(fn, "k_decay", k_decay))

    def shape(hi: float, lo: float, steps: int) -> sx.Schedule:
        return sx.cosine(hi, lo, steps, k_decay=k)

    args = (lr_min, t_initial, cycle_mul, cycle_decay, cycle_limit)
    body = _cycles(fn, shape, base, *args)
    return _warmup(fn, body, base, warmup_t, warmup_lr_init, warmup_prefix)


def TanhLRScheduler(
    t_initial: int,
    lb: float = -7.0,
    ub: float = 3.0,
    lr_min: float = 0.0,
    cycle_mul: float = 1.0,
    cycle_decay: float = 1.0,
    cycle_limit: int = 1,
    warmup_t: int = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = False,
    t_in_epochs: bool = True,
    noise_range_t: int | Sequence[int] | None = None,
    noise_pct: float = 0.67,
    noise_std: float = 1.0,
    noise_seed: int = 42,
    base_lr: float = 1.0,
) -> sx.Schedule:
    """timm ``TanhLRScheduler``: hyperbolic-tangent decay cycles.

    In cycle ``i`` (length ``T m^i``, at progress ``x = τ / T m^i``):

    .. math::
        \\eta = \\eta_{min} + \\tfrac12(\\eta_0 d^i - \\eta_{min})
        \\bigl(1 - \\tanh(l (1 - x) + u x)\\bigr)

    With ``warmup_prefix=False`` timm's warmup ramps to the value at step
    ``W`` (not to ``η₀``, as the other schedulers do).

    Args:
        t_initial: ``T``, a positive integer.
        lb: ``l``, the tanh argument at the start of a cycle.
        ub: ``u > l``, the tanh argument at its end.
        lr_min: ``η_min >= 0``.
        cycle_mul: ``m >= 1``.
        cycle_decay: ``d`` in ``(0, 1]``.
        cycle_limit: ``L``, the number of cycles (0: ``η_min`` throughout).
        warmup_t: ``W``, warmup steps.
        warmup_lr_init: the lr at step 0 when ``W > 0``.
        warmup_prefix: prepend (``True``) or overlay (``False``) the warmup.
        t_in_epochs: accepted for timm's signature; no effect.
        noise_range_t: must be ``None``.
        noise_pct: accepted for timm's signature.
        noise_std: accepted for timm's signature.
        noise_seed: accepted for timm's signature.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import timm
    >>> timm.TanhLRScheduler(t_initial=100, lr_min=0.01)
    tanh(1.0, 0.01, 100)
    """
    fn = "TanhLRScheduler"
    _common_args(fn, t_in_epochs, noise_range_t, noise_pct, noise_std, noise_seed)
    base = v.real(fn, "base_lr", base_lr)
    lo_arg, hi_arg = float(v.real(fn, "lb", lb)), float(v.real(fn, "ub", ub))
    if lo_arg >= hi_arg:
        v.fail(fn, "ub", f"> lb={lo_arg!r}", ub)

    def shape(hi: float, lo: float, steps: int) -> sx.Schedule:
        return sx.tanh(hi, lo, steps, lower=lo_arg, upper=hi_arg)

    args = (lr_min, t_initial, cycle_mul, cycle_decay, cycle_limit)
    body = _cycles(fn, shape, base, *args)
    w = v.integer(fn, "warmup_t", warmup_t)
    target = base if v.flag(fn, "warmup_prefix", warmup_prefix) else body(w)
    return _warmup(fn, body, target, warmup_t, warmup_lr_init, warmup_prefix)


def PolyLRScheduler(
    t_initial: int,
    power: float = 0.5,
    lr_min: float = 0.0,
    cycle_mul: float = 1.0,
    cycle_decay: float = 1.0,
    cycle_limit: int = 1,
    warmup_t: int = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = False,
    t_in_epochs: bool = True,
    noise_range_t: int | Sequence[int] | None = None,
    noise_pct: float = 0.67,
    noise_std: float = 1.0,
    noise_seed: int = 42,
    k_decay: float = 1.0,
    base_lr: float = 1.0,
) -> sx.Schedule:
    """timm ``PolyLRScheduler``: polynomial decay cycles with k-decay.

    In cycle ``i`` (length ``T m^i``, at local step ``τ``):

    .. math::
        \\eta = \\eta_{min} + (\\eta_0 d^i - \\eta_{min})
        \\bigl(1 - (\\tau / T m^i)^k\\bigr)^p

    Args:
        t_initial: ``T``, a positive integer.
        power: ``p > 0``.
        lr_min: ``η_min >= 0``.
        cycle_mul: ``m >= 1``.
        cycle_decay: ``d`` in ``(0, 1]``.
        cycle_limit: ``L``, the number of cycles (0: ``η_min`` throughout).
        warmup_t: ``W``, warmup steps.
        warmup_lr_init: the lr at step 0 when ``W > 0``.
        warmup_prefix: prepend (``True``) or overlay (``False``) the warmup.
        t_in_epochs: accepted for timm's signature; no effect.
        noise_range_t: must be ``None``.
        noise_pct: accepted for timm's signature.
        noise_std: accepted for timm's signature.
        noise_seed: accepted for timm's signature.
        k_decay: ``k > 0``.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import timm
    >>> timm.PolyLRScheduler(t_initial=100, power=2.0, base_lr=0.1)
    polynomial(0.1, 0.0, 100, power=2.0)
    """
    fn = "PolyLRScheduler"
    _common_args(fn, t_in_epochs, noise_range_t, noise_pct, noise_std, noise_seed)
    base = v.real(fn, "base_lr", base_lr)
    p = float(v.positive(fn, "power", power))
    k = float(v.positive(fn, "k_decay", k_decay))

    def shape(hi: float, lo: float, steps: int) -> sx.Schedule:
        return sx.polynomial(hi, lo, steps, power=p, k_decay=k)

    args = (lr_min, t_initial, cycle_mul, cycle_decay, cycle_limit)
    body = _cycles(fn, shape, base, *args)
    return _warmup(fn, body, base, warmup_t, warmup_lr_init, warmup_prefix)


def StepLRScheduler(
    decay_t: int,
    decay_rate: float = 1.0,
    warmup_t: int = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = True,
    t_in_epochs: bool = True,
    noise_range_t: int | Sequence[int] | None = None,
    noise_pct: float = 0.67,
    noise_std: float = 1.0,
    noise_seed: int = 42,
    base_lr: float = 1.0,
) -> sx.Schedule:
    """timm ``StepLRScheduler``: multiply by ``decay_rate`` every ``decay_t`` steps.

    .. math:: \\eta_t = \\eta_0\\, r^{\\lfloor t' / n \\rfloor}

    with ``t' = t - W`` (``warmup_prefix=True``, timm's default here) or
    ``t``. ``r > 1`` grows until ``1e300 · η₀`` (timm overflows later).

    Args:
        decay_t: ``n``, a positive integer.
        decay_rate: ``r >= 0``.
        warmup_t: ``W``, warmup steps.
        warmup_lr_init: the lr at step 0 when ``W > 0``.
        warmup_prefix: prepend (``True``) or overlay (``False``) the warmup.
        t_in_epochs: accepted for timm's signature; no effect.
        noise_range_t: must be ``None``.
        noise_pct: accepted for timm's signature.
        noise_std: accepted for timm's signature.
        noise_seed: accepted for timm's signature.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import timm
    >>> timm.StepLRScheduler(decay_t=30, decay_rate=0.1, warmup_t=5, base_lr=0.1)
    warmup(exponential(0.1, 0.1, every=30, staircase=True), 5)
    """
    fn = "StepLRScheduler"
    _common_args(fn, t_in_epochs, noise_range_t, noise_pct, noise_std, noise_seed)
    base = v.real(fn, "base_lr", base_lr)
    n = v.integer(fn, "decay_t", decay_t, minimum=1)
    rate = float(v.nonnegative(fn, "decay_rate", decay_rate))
    body = power(base, rate, n, staircase=True)
    return _warmup(fn, body, base, warmup_t, warmup_lr_init, warmup_prefix)


def MultiStepLRScheduler(
    decay_t: Sequence[int],
    decay_rate: float = 1.0,
    warmup_t: int = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = True,
    t_in_epochs: bool = True,
    noise_range_t: int | Sequence[int] | None = None,
    noise_pct: float = 0.67,
    noise_std: float = 1.0,
    noise_seed: int = 42,
    base_lr: float = 1.0,
) -> sx.Schedule:
    """timm ``MultiStepLRScheduler``: multiply by ``decay_rate`` one step *before* each milestone.

    .. math:: \\eta_t = \\eta_0\\, r^{\\#\\{i : m_i \\le t' + 1\\}}

    timm compares milestones with ``t' + 1`` (``t' = t - W`` with
    ``warmup_prefix=True``, its default here), so milestone ``m`` applies at
    step ``m - 1`` -- one step earlier than torch ``MultiStepLR``. Built as
    ``multistep(η₀, [m - 1, ...], r)``.

    Args:
        decay_t: sorted integer milestones ``m_i`` (repeats compound).
        decay_rate: ``r >= 0``.
        warmup_t: ``W``, warmup steps.
        warmup_lr_init: the lr at step 0 when ``W > 0``.
        warmup_prefix: prepend (``True``) or overlay (``False``) the warmup.
        t_in_epochs: accepted for timm's signature; no effect.
        noise_range_t: must be ``None``.
        noise_pct: accepted for timm's signature.
        noise_std: accepted for timm's signature.
        noise_seed: accepted for timm's signature.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import timm
    >>> s = timm.MultiStepLRScheduler(decay_t=[10, 20], decay_rate=0.5)
    >>> s
    multistep(1.0, [9, 19], factor=0.5)
    >>> s(8), s(9)
    (1.0, 0.5)
    """
    fn = "MultiStepLRScheduler"
    _common_args(fn, t_in_epochs, noise_range_t, noise_pct, noise_std, noise_seed)
    base = v.real(fn, "base_lr", base_lr)
    ms = v.integers(fn, "decay_t", decay_t, minimum=None, strict=False)  # type: ignore[arg-type]
    rate = float(v.nonnegative(fn, "decay_rate", decay_rate))
    at = [max(m - 1, 0) for m in ms]
    if not at or rate == 1.0:
        body = sx.constant(base)
    elif rate == 0.0:
        body = sx.constant(0.0) if at[0] == 0 else sx.piecewise([at[0]], [base, 0.0])
    else:
        body = sx.multistep(base, at, rate)
    return _warmup(fn, body, base, warmup_t, warmup_lr_init, warmup_prefix)
