"""Every Hugging Face ``transformers`` schedule as a schedax schedule, exactly.

One function per ``get_*_schedule*`` function of ``transformers.optimization``,
with its name and keyword names (minus ``optimizer`` and ``last_epoch``), and
:func:`get_scheduler` for the ``SchedulerType`` names (``"linear"``,
``"cosine"``, ..., ``"warmup_stable_decay"``). transformers' functions return a
torch ``LambdaLR`` whose lr at step ``t`` is the optimizer's lr times a
*factor*; these return that factor (``base_lr=1.0``), or the lr itself with
``base_lr=`` the optimizer's lr. Every function is built only from the public
algebra, so ``repr`` shows what runs::

    >>> from schedax.presets import transformers as hf
    >>> hf.get_linear_schedule_with_warmup(num_warmup_steps=10, num_training_steps=100)
    warmup(linear(1.0, 0.0, 90), 10)

Nothing here imports transformers or torch.

transformers conventions kept: the warmup factor is ``t / W`` (0 at step 0,
1 at step ``W``), except in ``get_cosine_with_min_lr_schedule_with_warmup_lr_rate``
(``"cosine_warmup_with_min_lr"``), whose warmup starts at ``1 / W`` (or
``warmup_lr_rate``), reaches 1 at step ``W - 1``, and whose cosine then runs one
step ahead. The cosine schedules are *not* clamped at ``num_training_steps``:
past it, ``"cosine"`` climbs back up (a periodic wave), as transformers computes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import schedax as sx

from .. import _validate as v

__all__ = [
    "get_constant_schedule",
    "get_constant_schedule_with_warmup",
    "get_cosine_schedule_with_warmup",
    "get_cosine_with_hard_restarts_schedule_with_warmup",
    "get_cosine_with_min_lr_schedule_with_warmup",
    "get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
    "get_inverse_sqrt_schedule",
    "get_linear_schedule_with_warmup",
    "get_polynomial_decay_schedule_with_warmup",
    "get_scheduler",
    "get_wsd_schedule",
]


def _integral(x: float) -> int | None:
    """``x`` as an int when it is one up to float error (``5.000000000000001``)
    and a usable period (at most ``2**31``; longer ones are stretched floats)."""
    if not 1.0 <= x <= 2.0**31:
        return None
    r = round(x)
    return r if abs(x - r) <= 1e-9 * x else None


def _scaled(fn: str, base_lr: object, factor: sx.Schedule) -> sx.Schedule:
    return sx.multiply(v.real(fn, "base_lr", base_lr), factor)


def _warmup(w: int, tail: sx.Schedule) -> sx.Schedule:
    """transformers' warmup ``t / max(1, W)`` for ``t < W``, then ``tail`` on local time."""
    if w == 0:
        return tail
    if tail(0) == 1.0:
        return sx.warmup(tail, w)
    return sx.join([sx.linear(0.0, 1.0, w), tail], [w])


def _wave(length: int, cycles: float, low: float) -> sx.Schedule:
    """``low + (1 - low) (1 + cos(2π c τ / D)) / 2``: a periodic cosine wave, unclamped."""
    half = length / (2.0 * cycles) if cycles else math.inf
    if not math.isfinite(half):  # no cycles (or so few that cos(2πcp) is 1.0 in floats)
        return sx.constant(1.0)
    h = _integral(half)
    if h is not None:
        return sx.cycle(sx.join([sx.cosine(1.0, low, h), sx.cosine(low, 1.0, h)], [h]), 2 * h)
    unit = sx.cycle(sx.join([sx.cosine(1.0, low, 1), sx.cosine(low, 1.0, 1)], [1]), 2)
    return sx.stretch(unit, half)


def _steps(fn: str, num_warmup_steps: object, num_training_steps: object) -> tuple[int, int]:
    w = v.integer(fn, "num_warmup_steps", num_warmup_steps)
    n = v.integer(fn, "num_training_steps", num_training_steps)
    return w, n


def _cycles(fn: str, num_cycles: object) -> float:
    return float(v.nonnegative(fn, "num_cycles", num_cycles))


def get_constant_schedule(base_lr: float = 1.0) -> sx.Schedule:
    """transformers ``get_constant_schedule``: the factor 1.

    .. math:: \\eta_t = \\eta_0

    Args:
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import transformers as hf
    >>> hf.get_constant_schedule(base_lr=0.1)
    constant(0.1)
    """
    return sx.constant(v.real("get_constant_schedule", "base_lr", base_lr))


def get_constant_schedule_with_warmup(num_warmup_steps: int, base_lr: float = 1.0) -> sx.Schedule:
    """transformers ``get_constant_schedule_with_warmup``: linear warmup, then 1.

    .. math:: f(t) = \\min(t / W, 1)

    Args:
        num_warmup_steps: ``W``, a non-negative integer.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import transformers as hf
    >>> s = hf.get_constant_schedule_with_warmup(4)
    >>> [s(t) for t in range(6)]
    [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    """
    fn = "get_constant_schedule_with_warmup"
    w = v.integer(fn, "num_warmup_steps", num_warmup_steps)
    return _scaled(fn, base_lr, _warmup(w, sx.constant(1.0)))


def get_linear_schedule_with_warmup(
    num_warmup_steps: int, num_training_steps: int, base_lr: float = 1.0
) -> sx.Schedule:
    """transformers ``get_linear_schedule_with_warmup``: warmup, then a line down to 0.

    .. math::
        f(t) = \\begin{cases} t / W & t < W \\\\
        \\max\\bigl(0, (N - t) / \\max(1, N - W)\\bigr) & t \\ge W \\end{cases}

    Args:
        num_warmup_steps: ``W``, a non-negative integer.
        num_training_steps: ``N``, a non-negative integer (``N <= W`` gives 0
            after the warmup, as in transformers).
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import transformers as hf
    >>> s = hf.get_linear_schedule_with_warmup(10, 110, base_lr=0.1)
    >>> print(f"{s(5):.3f} {s(10):.3f} {s(60):.3f} {s(200):.3f}")
    0.050 0.100 0.050 0.000
    """
    fn = "get_linear_schedule_with_warmup"
    w, n = _steps(fn, num_warmup_steps, num_training_steps)
    tail = sx.linear(1.0, 0.0, n - w) if n > w else sx.constant(0.0)
    return _scaled(fn, base_lr, _warmup(w, tail))


def get_cosine_schedule_with_warmup(
    num_warmup_steps: int,
    num_training_steps: int,
    num_cycles: float = 0.5,
    base_lr: float = 1.0,
) -> sx.Schedule:
    """transformers ``get_cosine_schedule_with_warmup``: warmup, then a cosine wave.

    .. math::
        f(t) = \\tfrac12\\bigl(1 + \\cos(2\\pi c\\,(t - W) / \\max(1, N - W))\\bigr)
        \\quad (t \\ge W)

    after the warmup ``t / W``. With the default ``c = 0.5`` this is a half
    cosine from 1 to 0 at ``N``; like transformers, it is not clamped there:
    past ``N`` the wave climbs back up (a ``cycle`` of two cosines).

    Args:
        num_warmup_steps: ``W``, a non-negative integer.
        num_training_steps: ``N``, a non-negative integer.
        num_cycles: ``c >= 0``, the number of waves over ``N - W`` steps.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import transformers as hf
    >>> s = hf.get_cosine_schedule_with_warmup(10, 110)
    >>> s.schedule
    cycle(join([cosine(1.0, 0.0, 100), cosine(0.0, 1.0, 100)], [100]), 200)
    >>> print(f"{s(60):.2f} {s(110):.2f} {s(160):.2f}")
    0.50 0.00 0.50
    """
    fn = "get_cosine_schedule_with_warmup"
    w, n = _steps(fn, num_warmup_steps, num_training_steps)
    c = _cycles(fn, num_cycles)
    return _scaled(fn, base_lr, _warmup(w, _wave(max(1, n - w), c, 0.0)))


def get_cosine_with_hard_restarts_schedule_with_warmup(
    num_warmup_steps: int,
    num_training_steps: int,
    num_cycles: int = 1,
    base_lr: float = 1.0,
) -> sx.Schedule:
    """transformers ``get_cosine_with_hard_restarts_schedule_with_warmup``: ``c`` restarts.

    .. math::
        f(t) = \\tfrac12\\bigl(1 + \\cos(\\pi\\,\\{c\\,p\\})\\bigr), \\quad
        p = (t - W) / \\max(1, N - W) < 1; \\qquad f(t) = 0 \\quad (p \\ge 1)

    after the warmup ``t / W`` (``{x}`` is the fractional part). Each restart
    lasts ``(N - W) / c`` steps (placed exactly with ``stretch`` when that is
    not an integer). transformers computes ``{c p}`` in floats and misses a
    restart where ``c p`` rounds just below an integer (e.g. ``49 * (1/49)``):
    there it gives about 0 for one step; schedax restarts exactly.

    Args:
        num_warmup_steps: ``W``, a non-negative integer.
        num_training_steps: ``N``, a non-negative integer.
        num_cycles: ``c >= 0``, the number of cosines over ``N - W`` steps.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import transformers as hf
    >>> s = hf.get_cosine_with_hard_restarts_schedule_with_warmup(0, 100, num_cycles=2)
    >>> s
    join([cycle(cosine(1.0, 0.0, 50), 50), 0.0], [100])
    >>> print(f"{s(25):.2f} {s(50):.2f} {s(100):.2f}")
    0.50 1.00 0.00
    """
    fn = "get_cosine_with_hard_restarts_schedule_with_warmup"
    w, n = _steps(fn, num_warmup_steps, num_training_steps)
    c = _cycles(fn, num_cycles)
    d = max(1, n - w)
    length = d / c if c else math.inf  # of one cosine
    period = _integral(length) if math.isfinite(length) else None
    if not math.isfinite(length):
        tail = sx.join([1.0, 0.0], [d])
    elif c == 1.0:
        tail = sx.cosine(1.0, 0.0, d)
    else:
        one = sx.cosine(1.0, 0.0, period) if period else sx.stretch(sx.cosine(1.0, 0.0, 1), length)
        waves = (
            one
            if c < 1.0
            else sx.cycle(one, period)
            if period
            else sx.stretch(sx.cycle(sx.cosine(1.0, 0.0, 1), 1), length)
        )
        tail = sx.join([waves, 0.0], [d])
    return _scaled(fn, base_lr, _warmup(w, tail))


def get_polynomial_decay_schedule_with_warmup(
    num_warmup_steps: int,
    num_training_steps: int,
    lr_end: float = 1e-7,
    power: float = 1.0,
    base_lr: float = 1.0,
) -> sx.Schedule:
    """transformers ``get_polynomial_decay_schedule_with_warmup``: warmup, then to ``lr_end``.

    .. math::
        \\eta_t = (\\eta_0 - \\eta_e)\\bigl(1 - (t - W)/(N - W)\\bigr)^p + \\eta_e
        \\quad (W \\le t \\le N), \\qquad \\eta_t = \\eta_e \\quad (t > N)

    after the warmup ``η₀ t / W``. Here the factor depends on the lr
    (transformers reads ``lr_end / lr_init`` from the optimizer): give the
    optimizer's lr as ``base_lr``.

    Args:
        num_warmup_steps: ``W``, a non-negative integer.
        num_training_steps: ``N != W`` (transformers divides by ``N - W``).
        lr_end: ``η_e < η₀``.
        power: ``p > 0``.
        base_lr: ``η₀``, the optimizer's lr (transformers' ``lr_init``).

    >>> from schedax.presets import transformers as hf
    >>> s = hf.get_polynomial_decay_schedule_with_warmup(10, 110, lr_end=0.0, power=2.0)
    >>> print(f"{s(5):.2f} {s(60):.2f} {s(200):.2f}")
    0.50 0.25 0.00
    """
    fn = "get_polynomial_decay_schedule_with_warmup"
    w, n = _steps(fn, num_warmup_steps, num_training_steps)
    if n == w:
        v.fail(fn, "num_training_steps", f"!= num_warmup_steps={w} (transformers divides by 0)", n)
    base = v.real(fn, "base_lr", base_lr)
    end = v.real(fn, "lr_end", lr_end)
    if not base > end:
        v.fail(fn, "lr_end", f"smaller than the initial lr base_lr={base!r}", lr_end)
    p = float(v.positive(fn, "power", power))
    ratio = end / base
    if n < w:
        tail = sx.constant(ratio)
    elif p == 1.0:
        tail = sx.linear(1.0, ratio, n - w)
    else:
        tail = sx.polynomial(1.0, ratio, n - w, power=p)
    return sx.multiply(base, _warmup(w, tail))


def get_inverse_sqrt_schedule(
    num_warmup_steps: int, timescale: int | None = None, base_lr: float = 1.0
) -> sx.Schedule:
    """transformers ``get_inverse_sqrt_schedule``: warmup, then ``1 / sqrt``.

    .. math:: f(t) = 1 / \\sqrt{1 + (t - W) / \\tau} \\quad (t \\ge W)

    after the warmup ``t / W``.

    Args:
        num_warmup_steps: ``W``, a non-negative integer.
        timescale: ``τ > 0``; default ``W`` (or 10,000 when ``W = 0``).
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import transformers as hf
    >>> s = hf.get_inverse_sqrt_schedule(100)
    >>> s
    warmup(inverse_sqrt(1.0, timescale=100.0), 100)
    >>> s(400)
    0.5
    """
    fn = "get_inverse_sqrt_schedule"
    w = v.integer(fn, "num_warmup_steps", num_warmup_steps)
    tau = (w or 10_000) if timescale is None else v.positive(fn, "timescale", timescale)
    return _scaled(fn, base_lr, _warmup(w, sx.inverse_sqrt(1.0, float(tau))))


def _min_rate(fn: str, base_lr: float, min_lr: object, min_lr_rate: object) -> float:
    if min_lr is not None and min_lr_rate is not None:
        raise ValueError(f"{fn}: give only one of 'min_lr' and 'min_lr_rate'")
    if min_lr is not None:
        if base_lr == 0.0:
            v.fail(fn, "base_lr", "non-zero with min_lr (min_lr_rate = min_lr / base_lr)", 0.0)
        return float(v.nonnegative(fn, "min_lr", min_lr)) / base_lr
    if min_lr_rate is None:
        raise ValueError(f"{fn}: give one of 'min_lr' and 'min_lr_rate'")
    return float(v.nonnegative(fn, "min_lr_rate", min_lr_rate))


def get_cosine_with_min_lr_schedule_with_warmup(
    num_warmup_steps: int,
    num_training_steps: int,
    num_cycles: float = 0.5,
    min_lr: float | None = None,
    min_lr_rate: float | None = None,
    base_lr: float = 1.0,
) -> sx.Schedule:
    """transformers ``get_cosine_with_min_lr_schedule_with_warmup``: cosine down to a floor.

    .. math::
        f(t) = r + (1 - r)\\,\\tfrac12\\bigl(1 + \\cos(2\\pi c\\,(t - W)/\\max(1, N - W))\\bigr)
        \\quad (t \\ge W)

    after the warmup ``t / W``, with ``r`` = ``min_lr_rate`` or
    ``min_lr / base_lr``; not clamped at ``N`` (the wave climbs back up).

    Args:
        num_warmup_steps: ``W``, a non-negative integer.
        num_training_steps: ``N``, a non-negative integer.
        num_cycles: ``c >= 0``.
        min_lr: the floor as an lr (exclusive with ``min_lr_rate``).
        min_lr_rate: ``r >= 0``, the floor as a fraction of the lr.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import transformers as hf
    >>> s = hf.get_cosine_with_min_lr_schedule_with_warmup(0, 100, min_lr_rate=0.1)
    >>> print(f"{s(0):.2f} {s(50):.2f} {s(100):.2f}")
    1.00 0.55 0.10
    """
    fn = "get_cosine_with_min_lr_schedule_with_warmup"
    w, n = _steps(fn, num_warmup_steps, num_training_steps)
    c = _cycles(fn, num_cycles)
    base = v.real(fn, "base_lr", base_lr)
    r = _min_rate(fn, base, min_lr, min_lr_rate)
    return sx.multiply(base, _warmup(w, _wave(max(1, n - w), c, r)))


def get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
    num_warmup_steps: int,
    num_training_steps: int,
    num_cycles: float = 0.5,
    min_lr: float | None = None,
    min_lr_rate: float | None = None,
    warmup_lr_rate: float | None = None,
    base_lr: float = 1.0,
) -> sx.Schedule:
    """transformers ``get_cosine_with_min_lr_schedule_with_warmup_lr_rate``.

    The ``"cosine_warmup_with_min_lr"`` scheduler. Its warmup counts from 1:

    .. math::
        f(t) = \\begin{cases}
        (t + 1) / W \\;\\text{ or }\\; a + (1 - a)\\, t / \\max(1, W - 1) & t < W \\\\
        r + (1 - r)\\,\\tfrac12\\bigl(1 + \\cos(2\\pi c\\,(t - W + 1)/\\max(1, N - W))\\bigr)
        & t \\ge W \\end{cases}

    so the factor is ``1 / W`` (or ``a`` = ``warmup_lr_rate``) at step 0,
    reaches 1 at step ``W - 1``, and the cosine is one step ahead (it is built
    as ``join([linear(...), shift(wave, -1)])``).

    Args:
        num_warmup_steps: ``W``, a non-negative integer.
        num_training_steps: ``N``, a non-negative integer.
        num_cycles: ``c >= 0``.
        min_lr: the floor as an lr (exclusive with ``min_lr_rate``).
        min_lr_rate: ``r >= 0``, the floor as a fraction of the lr.
        warmup_lr_rate: ``a``, the factor at step 0 (default ``1 / W``).
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import transformers as hf
    >>> s = hf.get_cosine_with_min_lr_schedule_with_warmup_lr_rate(4, 104, min_lr_rate=0.0)
    >>> print(f"{s(0):.2f} {s(3):.2f} {s(4):.4f} {s(103):.2f}")
    0.25 1.00 0.9998 0.00
    """
    fn = "get_cosine_with_min_lr_schedule_with_warmup_lr_rate"
    w, n = _steps(fn, num_warmup_steps, num_training_steps)
    c = _cycles(fn, num_cycles)
    base = v.real(fn, "base_lr", base_lr)
    r = _min_rate(fn, base, min_lr, min_lr_rate)
    tail = sx.shift(_wave(max(1, n - w), c, r), -1)
    if w == 0:
        return sx.multiply(base, tail)
    a = 1.0 / w if warmup_lr_rate is None else float(v.real(fn, "warmup_lr_rate", warmup_lr_rate))
    ramp = sx.linear(a, 1.0, w - 1) if w >= 2 else sx.constant(a)
    return sx.multiply(base, sx.join([ramp, tail], [w]))


_SHAPES = ("linear", "cosine", "1-sqrt")


def get_wsd_schedule(
    num_warmup_steps: int,
    num_decay_steps: int,
    num_training_steps: int | None = None,
    num_stable_steps: int | None = None,
    warmup_type: str = "linear",
    decay_type: str = "cosine",
    min_lr_ratio: float = 0.0,
    num_cycles: float = 0.5,
    base_lr: float = 1.0,
) -> sx.Schedule:
    """transformers ``get_wsd_schedule``: warmup, stable, decay (``"warmup_stable_decay"``).

    .. math::
        f(t) = \\begin{cases}
        r + (1 - r)\\,\\mathrm{up}(t / W) & t < W \\\\
        1 & t < W + S \\\\
        r + (1 - r)\\,\\mathrm{down}((t - W - S) / D) & t < W + S + D \\\\
        r & \\text{after}
        \\end{cases}

    ``up``: ``x``, ``(1 - cos πx)/2`` or ``1 - sqrt(1 - x)``
    (``warmup_type`` ``"linear"``, ``"cosine"``, ``"1-sqrt"``); ``down``:
    ``1 - x``, ``(1 + cos 2πcx)/2`` or ``1 - sqrt(x)``. ``S`` is
    ``num_stable_steps``, or ``N - W - D``. (transformers warns when both
    ``num_training_steps`` and ``num_stable_steps`` are given, and uses the
    latter; so does this, silently.)

    Args:
        num_warmup_steps: ``W``, a non-negative integer.
        num_decay_steps: ``D``, a non-negative integer.
        num_training_steps: ``N >= W + D`` (or give ``num_stable_steps``).
        num_stable_steps: ``S``, a non-negative integer.
        warmup_type: ``"linear"``, ``"cosine"`` or ``"1-sqrt"``.
        decay_type: ``"linear"``, ``"cosine"`` or ``"1-sqrt"``.
        min_lr_ratio: ``r >= 0``.
        num_cycles: ``c >= 0`` for the cosine decay.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import transformers as hf
    >>> s = hf.get_wsd_schedule(10, 20, num_training_steps=100, decay_type="1-sqrt")
    >>> s
    warmup(join([1.0, sqrt_decay(1.0, 0.0, 20)], [70]), 10)
    """
    fn = "get_wsd_schedule"
    w = v.integer(fn, "num_warmup_steps", num_warmup_steps)
    d = v.integer(fn, "num_decay_steps", num_decay_steps)
    if num_stable_steps is not None:
        s = v.integer(fn, "num_stable_steps", num_stable_steps)
    elif num_training_steps is not None:
        n = v.integer(fn, "num_training_steps", num_training_steps)
        if n < w + d:
            v.fail(fn, "num_training_steps", f">= num_warmup_steps + num_decay_steps = {w + d}", n)
        s = n - w - d
    else:
        raise ValueError(f"{fn}: give 'num_training_steps' or 'num_stable_steps'")
    up = v.choice(fn, "warmup_type", warmup_type, _SHAPES)
    down = v.choice(fn, "decay_type", decay_type, _SHAPES)
    r = float(v.nonnegative(fn, "min_lr_ratio", min_lr_ratio))
    c = _cycles(fn, num_cycles)
    if d == 0:
        decay: sx.Schedule = sx.constant(r)
    elif down == "linear":
        decay = sx.linear(1.0, r, d)
    elif down == "1-sqrt":
        decay = sx.sqrt_decay(1.0, r, d)
    elif c == 0.5:
        decay = sx.cosine(1.0, r, d)
    else:
        decay = sx.join([_wave(d, c, r), r], [d])
    body = sx.join([1.0, decay], [s]) if s > 0 else decay
    if w == 0:
        return _scaled(fn, base_lr, body)
    if body(0) == 1.0:
        return _scaled(fn, base_lr, sx.warmup(body, w, start=r, shape=up))
    ramp = sx.warmup(1.0, w, start=r, shape=up)
    return _scaled(fn, base_lr, sx.join([ramp, body], [w]))


_NAMES = (
    "linear",
    "cosine",
    "cosine_with_restarts",
    "polynomial",
    "constant",
    "constant_with_warmup",
    "inverse_sqrt",
    "reduce_lr_on_plateau",
    "cosine_with_min_lr",
    "cosine_warmup_with_min_lr",
    "warmup_stable_decay",
    "greedy",
)

_BY_NAME: dict[str, Any] = {
    "linear": get_linear_schedule_with_warmup,
    "cosine": get_cosine_schedule_with_warmup,
    "cosine_with_restarts": get_cosine_with_hard_restarts_schedule_with_warmup,
    "polynomial": get_polynomial_decay_schedule_with_warmup,
    "cosine_with_min_lr": get_cosine_with_min_lr_schedule_with_warmup,
    "cosine_warmup_with_min_lr": get_cosine_with_min_lr_schedule_with_warmup_lr_rate,
}


def get_scheduler(
    name: str,
    num_warmup_steps: int | None = None,
    num_training_steps: int | None = None,
    scheduler_specific_kwargs: Mapping[str, Any] | None = None,
    base_lr: float = 1.0,
) -> Any:
    """transformers ``get_scheduler``: any ``SchedulerType`` by name.

    .. math:: \\eta_t = \\eta_0\\, f_{\\text{name}}(t)

    Dispatches like transformers: ``"constant"`` ignores the other arguments,
    ``"constant_with_warmup"`` needs ``num_warmup_steps``,
    ``"inverse_sqrt"`` and ``"warmup_stable_decay"`` need
    ``num_warmup_steps`` (plus ``num_training_steps`` or
    ``num_stable_steps`` for the latter), the others both.
    ``"reduce_lr_on_plateau"`` returns the state machine of
    :func:`schedax.presets.torch.ReduceLROnPlateau` (metric-driven, not a
    schedule); ``"greedy"`` (metric-driven, transformers' own) is not
    available and raises.

    Args:
        name: a ``SchedulerType`` value (or the enum itself).
        num_warmup_steps: ``W``.
        num_training_steps: ``N``.
        scheduler_specific_kwargs: extra keywords of the schedule's function.
        base_lr: ``η₀``, the optimizer's lr.

    >>> from schedax.presets import transformers as hf
    >>> s = hf.get_scheduler("linear", num_warmup_steps=10, num_training_steps=110, base_lr=0.1)
    >>> s
    multiply(0.1, warmup(linear(1.0, 0.0, 100), 10))
    """
    fn = "get_scheduler"
    key = getattr(name, "value", name)
    key = v.choice(fn, "name", key, _NAMES)
    kwargs = dict(scheduler_specific_kwargs or {})
    if key == "constant":
        return get_constant_schedule(base_lr=base_lr)
    if key == "reduce_lr_on_plateau":
        from .torch import ReduceLROnPlateau

        return ReduceLROnPlateau(base_lr=base_lr, **kwargs)
    if key == "greedy":
        raise ValueError(
            f"{fn}: 'name' must be a schedule; 'greedy' (transformers' GreedyLR) is "
            "metric-driven and has no schedax preset"
        )
    if num_warmup_steps is None:
        raise ValueError(f"{fn}: {key!r} requires 'num_warmup_steps'")
    if key == "constant_with_warmup":
        return get_constant_schedule_with_warmup(num_warmup_steps, base_lr=base_lr)
    if key == "inverse_sqrt":
        return get_inverse_sqrt_schedule(num_warmup_steps, base_lr=base_lr, **kwargs)
    if key == "warmup_stable_decay":
        return get_wsd_schedule(
            num_warmup_steps=num_warmup_steps,
            num_training_steps=num_training_steps,
            base_lr=base_lr,
            **kwargs,
        )
    if num_training_steps is None:
        raise ValueError(f"{fn}: {key!r} requires 'num_training_steps'")
    return _BY_NAME[key](num_warmup_steps, num_training_steps, base_lr=base_lr, **kwargs)
