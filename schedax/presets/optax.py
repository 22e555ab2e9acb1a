"""Every schedule of ``optax.schedules`` as a schedax schedule, exactly.

One function per optax function, with optax's name and keyword names. The
value of the returned schedule at step ``t`` is what optax's schedule returns
for ``count = t`` (compared against optax itself, in float64). Every
function is built only from the public algebra, so ``repr`` shows what runs::

    >>> from schedax.presets import optax as ox
    >>> ox.warmup_cosine_decay_schedule(0.0, 1.0, warmup_steps=10, decay_steps=100)
    warmup(cosine(1.0, 0.0, 90), 10)

Nothing here imports optax or JAX: presets only build schedules, and the
schedules evaluate on Python numbers, numpy, JAX and torch alike. Unlike
optax's own ``piecewise_interpolate_schedule`` and one-cycle schedules, which
take a scalar step only (``jax.vmap`` them for arrays), these take step arrays
directly.

optax conventions kept: a boundary step belongs to the *new* phase
(``piecewise_constant_schedule`` scales at ``count >= boundary``);
``warmup_constant_schedule`` with ``warmup_steps=0`` stays at ``init_value``;
``exponential_decay`` with ``decay_rate=0`` or ``transition_steps <= 0`` is
the constant ``init_value`` (optax logs and returns a constant).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import schedax as sx

from .. import _validate as v
from ._common import power

__all__ = [
    "constant_schedule",
    "cosine_decay_schedule",
    "cosine_onecycle_schedule",
    "exponential_decay",
    "join_schedules",
    "linear_onecycle_schedule",
    "linear_schedule",
    "piecewise_constant_schedule",
    "piecewise_interpolate_schedule",
    "polynomial_schedule",
    "sgdr_schedule",
    "warmup_constant_schedule",
    "warmup_cosine_decay_schedule",
    "warmup_exponential_decay_schedule",
]


def _begin(fn: str, transition_begin: object) -> int:
    # optax turns a negative transition_begin into 0 (and logs it)
    return max(v.integer(fn, "transition_begin", transition_begin, minimum=None), 0)


def constant_schedule(value: float) -> sx.Schedule:
    """optax ``constant_schedule``: the same value at every step.

    .. math:: v(t) = c

    Args:
        value: ``c``.

    >>> from schedax.presets import optax as ox
    >>> ox.constant_schedule(5.0)
    constant(5.0)
    """
    return sx.constant(v.real("constant_schedule", "value", value))


def polynomial_schedule(
    init_value: float,
    end_value: float,
    power: float,
    transition_steps: int,
    transition_begin: int = 0,
) -> sx.Schedule:
    """optax ``polynomial_schedule``: polynomial from ``init_value`` to ``end_value``.

    .. math::
        v(t) = (I - E)\\,\\bigl(1 - \\mathrm{clip}((t - B) / T, 0, 1)\\bigr)^P + E

    ``transition_steps <= 0`` gives the constant ``init_value`` and a negative
    ``transition_begin`` counts as 0, as in optax. ``power=0`` is the constant
    ``init_value`` (optax's ``0 ** 0 == 1``).

    Args:
        init_value: ``I``, held until ``B``.
        end_value: ``E``, reached at ``B + T`` and held.
        power: ``P >= 0``.
        transition_steps: ``T``, an integer.
        transition_begin: ``B``, an integer.

    >>> from schedax.presets import optax as ox
    >>> ox.polynomial_schedule(1.0, 0.01, power=2, transition_steps=100, transition_begin=5)
    shift(polynomial(1.0, 0.01, 100, power=2.0), 5)
    """
    fn = "polynomial_schedule"
    init, end = v.real(fn, "init_value", init_value), v.real(fn, "end_value", end_value)
    p = float(v.nonnegative(fn, "power", power))
    steps = v.integer(fn, "transition_steps", transition_steps, minimum=None)
    begin = _begin(fn, transition_begin)
    if steps <= 0 or p == 0.0:
        return sx.constant(init)
    body = sx.linear(init, end, steps) if p == 1.0 else sx.polynomial(init, end, steps, power=p)
    return sx.shift(body, begin)


def linear_schedule(
    init_value: float,
    end_value: float,
    transition_steps: int,
    transition_begin: int = 0,
) -> sx.Schedule:
    """optax ``linear_schedule``: a line from ``init_value`` to ``end_value``.

    .. math:: v(t) = I + (E - I)\\,\\mathrm{clip}((t - B) / T, 0, 1)

    ``transition_steps <= 0`` gives the constant ``init_value``, as in optax.

    Args:
        init_value: ``I``, held until ``B``.
        end_value: ``E``, reached at ``B + T`` and held.
        transition_steps: ``T``, an integer.
        transition_begin: ``B``, an integer (negative counts as 0).

    >>> from schedax.presets import optax as ox
    >>> s = ox.linear_schedule(1.0, 0.0, transition_steps=100)
    >>> s
    linear(1.0, 0.0, 100)
    >>> s(25), s(200)
    (0.75, 0.0)
    """
    fn = "linear_schedule"
    init, end = v.real(fn, "init_value", init_value), v.real(fn, "end_value", end_value)
    steps = v.integer(fn, "transition_steps", transition_steps, minimum=None)
    begin = _begin(fn, transition_begin)
    if steps <= 0:
        return sx.constant(init)
    return sx.shift(sx.linear(init, end, steps), begin)


def _boundaries_and_scales(fn: str, boundaries_and_scales: object) -> list[tuple[int, float]]:
    """Sorted ``(boundary, scale)`` pairs: integer boundaries ``>= 0``, scales ``>= 0``."""
    if boundaries_and_scales is None:
        return []
    if not isinstance(boundaries_and_scales, Mapping):
        v.fail(
            fn, "boundaries_and_scales", "a dict {step: scale}", boundaries_and_scales, TypeError
        )
    pairs = []
    for b, s in boundaries_and_scales.items():
        step = v.integer(fn, f"boundaries_and_scales key {b!r}", b)
        scale = float(v.nonnegative(fn, f"boundaries_and_scales[{b!r}]", s))
        pairs.append((step, scale))
    return sorted(pairs)


def piecewise_constant_schedule(
    init_value: float, boundaries_and_scales: Mapping[int, float] | None = None
) -> sx.Schedule:
    """optax ``piecewise_constant_schedule``: scale the value at each boundary.

    .. math:: v(t) = I \\prod_{i : b_i \\le t} s_i

    A boundary step already has the new value (``count >= b_i``); a boundary
    at 0 scales from the start.

    Args:
        init_value: ``I``.
        boundaries_and_scales: ``{b_i: s_i}``, non-negative integer steps and
            non-negative scales (or ``None``: a constant).

    >>> from schedax.presets import optax as ox
    >>> s = ox.piecewise_constant_schedule(1.0, {100: 0.1, 200: 0.5})
    >>> s
    piecewise([100, 200], [1.0, 0.1, 0.05])
    >>> s(99), s(100), s(250)
    (1.0, 0.1, 0.05)
    """
    fn = "piecewise_constant_schedule"
    value = v.real(fn, "init_value", init_value)
    bounds: list[int] = []
    values = [value]
    for b, scale in _boundaries_and_scales(fn, boundaries_and_scales):
        value = value * scale
        if b == 0:
            values[0] = value
        else:
            bounds.append(b)
            values.append(value)
    return sx.piecewise(bounds, values)


def exponential_decay(
    init_value: float,
    transition_steps: int,
    decay_rate: float,
    transition_begin: int = 0,
    staircase: bool = False,
    end_value: float | None = None,
) -> sx.Schedule:
    """optax ``exponential_decay``: ``init_value * decay_rate ** ((t - B) / T)``.

    .. math::
        v(t) = \\mathrm{clip}_E\\bigl(I\\, r^{p}\\bigr), \\quad
        p = \\max(t - B, 0) / T \\;(\\lfloor\\cdot\\rfloor \\text{ if staircase})

    ``clip_E`` is ``max(·, E)`` when ``r < 1`` and ``min(·, E)`` otherwise
    (optax clips every step, the held ``init_value`` before ``B`` too). As in
    optax, ``transition_steps <= 0`` or ``decay_rate == 0`` gives the constant
    ``init_value`` (without the clip), and a negative ``transition_begin``
    counts as 0. ``decay_rate > 1`` without ``end_value`` grows until the
    value reaches ``1e300 * I`` (optax overflows to ``inf`` a little later).

    Args:
        init_value: ``I``.
        transition_steps: ``T``, an integer.
        decay_rate: ``r >= 0``.
        transition_begin: ``B``, an integer.
        staircase: decay in whole multiples of ``T``.
        end_value: ``E``, a floor (``r < 1``) or a ceiling (``r >= 1``), or ``None``.

    >>> from schedax.presets import optax as ox
    >>> s = ox.exponential_decay(1.0, transition_steps=10, decay_rate=0.5, end_value=0.2)
    >>> s
    exponential(1.0, 0.5, every=10, end=0.2)
    >>> print(f"{s(10):.3f} {s(100):.3f}")
    0.500 0.200
    """
    fn = "exponential_decay"
    init = v.real(fn, "init_value", init_value)
    args = (transition_steps, decay_rate, transition_begin, staircase, end_value)
    return _exponential_decay(fn, init, *args)


def _exponential_decay(
    fn: str,
    init: float,
    transition_steps: object,
    decay_rate: object,
    transition_begin: object,
    staircase: object,
    end_value: object,
) -> sx.Schedule:
    """:func:`exponential_decay` from a checked ``init``, its other arguments checked as ``fn``."""
    steps = v.integer(fn, "transition_steps", transition_steps, minimum=None)
    rate = float(v.nonnegative(fn, "decay_rate", decay_rate))
    begin = _begin(fn, transition_begin)
    stairs = v.flag(fn, "staircase", staircase)
    end = None if end_value is None else float(v.real(fn, "end_value", end_value))
    if steps <= 0 or rate == 0.0:
        return sx.constant(init)
    return sx.shift(_exponential(init, rate, steps, stairs, end), begin)


def _exponential(
    init: float, rate: float, every: int, staircase: bool, end: float | None
) -> sx.Schedule:
    """``clip_E(init * rate ** p)`` for ``rate > 0``, as optax computes it."""
    raw = power(init, rate, every, staircase)
    if end is None:
        return raw
    floor = rate < 1.0
    if rate != 1.0 and init > 0.0 and (0.0 < end < init if floor else end > init):
        # a positive value decays (grows) until it reaches end: exponential's own end
        return sx.exponential(init, rate, every, staircase, end=end)
    return sx.clip(raw, low=end) if floor else sx.clip(raw, high=end)


def cosine_decay_schedule(
    init_value: float, decay_steps: int, alpha: float = 0.0, exponent: float = 1.0
) -> sx.Schedule:
    """optax ``cosine_decay_schedule``: cosine from ``init_value`` to ``alpha * init_value``.

    .. math::
        v(t) = I\\left((1 - \\alpha)
        \\left[\\tfrac12\\bigl(1 + \\cos(\\pi \\min(t, T) / T)\\bigr)\\right]^p + \\alpha\\right)

    Args:
        init_value: ``I``.
        decay_steps: ``T``, a positive integer (optax raises otherwise).
        alpha: ``α``, the final value as a fraction of ``I``.
        exponent: ``p >= 0`` (0 gives the constant ``I``, as ``0 ** 0 == 1`` in optax).

    >>> from schedax.presets import optax as ox
    >>> s = ox.cosine_decay_schedule(1.0, decay_steps=100, alpha=0.1)
    >>> s
    cosine(1.0, 0.1, 100)
    >>> print(f"{s(50):.2f} {s(1000):.2f}")
    0.55 0.10
    """
    fn = "cosine_decay_schedule"
    init = v.real(fn, "init_value", init_value)
    steps = v.integer(fn, "decay_steps", decay_steps, minimum=1)
    a = v.real(fn, "alpha", alpha)
    p = float(v.nonnegative(fn, "exponent", exponent))
    if p == 0.0:
        return sx.constant(init)
    return sx.cosine(init, a * init, steps, exponent=p)


def _interpolate(
    fn: str, interpolate_type: str, init_value: float, pairs: list[tuple[int, float]]
) -> sx.Schedule:
    """optax's piecewise interpolation through ``(0, I), (b_1, I s_1), ...``."""
    kind = v.choice(fn, "interpolate_type", interpolate_type, ("linear", "cosine"))
    points = [(0, float(init_value))]
    value = float(init_value)
    for b, scale in pairs:
        value = value * scale
        if b == 0:  # the interval [0, 0) is empty: the curve starts at (0, I s_0)
            points = [(0, value)]
        else:
            points.append((b, value))
    if len(points) == 1:
        return sx.constant(points[0][1])
    if kind == "linear":
        return sx.piecewise([b for b, _ in points], [y for _, y in points], "linear")
    pieces = [sx.cosine(y0, y1, b1 - b0) for (b0, y0), (b1, y1) in itertools.pairwise(points)]
    return sx.join([*pieces, points[-1][1]], [b for b, _ in points[1:]])


def piecewise_interpolate_schedule(
    interpolate_type: str,
    init_value: float,
    boundaries_and_scales: Mapping[int, float] | None = None,
) -> sx.Schedule:
    """optax ``piecewise_interpolate_schedule``: interpolate between scaled values.

    .. math::
        v(t) = \\mathrm{interp}\\bigl(y_{i-1}, y_i, (t - b_{i-1}) / (b_i - b_{i-1})\\bigr)
        \\quad (b_{i-1} \\le t < b_i), \\qquad y_i = I \\prod_{j \\le i} s_j

    with ``b_0 = 0``, ``y_0 = I``; ``interp`` is linear or cosine
    (``y_1 + (y_0 - y_1)(1 + cos(πx))/2``), and the last value holds after
    the last boundary. Unlike optax's (which needs ``jax.vmap``), the
    schedule takes step arrays.

    Args:
        interpolate_type: ``"linear"`` or ``"cosine"``.
        init_value: ``I``.
        boundaries_and_scales: ``{b_i: s_i}``, non-negative integer steps and
            non-negative scales (or ``None``: a constant).

    >>> from schedax.presets import optax as ox
    >>> s = ox.piecewise_interpolate_schedule("linear", 1.0, {4: 0.1, 8: 0.01})
    >>> s
    piecewise([0, 4, 8], [1.0, 0.1, 0.001], interpolation='linear')
    >>> print(f"{s(2):.6f} {s(6):.6f} {s(10):.6f}")
    0.550000 0.050500 0.001000
    """
    fn = "piecewise_interpolate_schedule"
    init = v.real(fn, "init_value", init_value)
    pairs = _boundaries_and_scales(fn, boundaries_and_scales)
    return _interpolate(fn, interpolate_type, init, pairs)


def _pct(fn: str, name: str, x: object) -> float:
    value = float(v.real(fn, name, x))
    if not 0.0 <= value <= 1.0:
        v.fail(fn, name, "in [0, 1]", x)
    return value


def linear_onecycle_schedule(
    transition_steps: int,
    peak_value: float,
    pct_start: float = 0.3,
    pct_final: float = 0.85,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
) -> sx.Schedule:
    """optax ``linear_onecycle_schedule``: three linear phases.

    .. math::
        a = \\frac{\\eta}{d}: \\quad
        a \\xrightarrow{[0,\\,\\lfloor\\rho_1 T\\rfloor]} \\eta
        \\xrightarrow{[\\lfloor\\rho_1 T\\rfloor,\\,\\lfloor\\rho_2 T\\rfloor]} a
        \\xrightarrow{[\\lfloor\\rho_2 T\\rfloor,\\,T]} \\frac{a}{f}

    optax's phase ends are ``int(pct * T)`` (truncated, so the peak is *at*
    step ``⌊ρ₁T⌋``); torch ``OneCycleLR`` ends its phases one step earlier, at
    the float ``ρT - 1``. Coinciding ends merge as in optax (a later phase
    replaces an earlier one that ends at the same step).

    Args:
        transition_steps: ``T``, a positive integer.
        peak_value: ``η``.
        pct_start: ``ρ₁`` in ``[0, 1]``.
        pct_final: ``ρ₂`` in ``[0, 1]``.
        div_factor: ``d > 0``.
        final_div_factor: ``f > 0``.

    >>> from schedax.presets import optax as ox
    >>> s = ox.linear_onecycle_schedule(100, 1.0)
    >>> print(f"{s(0):.2f} {s(30):.2f} {s(85):.2f} {s(100):.6f}")
    0.04 1.00 0.04 0.000004
    """
    fn = "linear_onecycle_schedule"
    total = v.integer(fn, "transition_steps", transition_steps, minimum=1)
    peak = v.real(fn, "peak_value", peak_value)
    rho1, rho2 = _pct(fn, "pct_start", pct_start), _pct(fn, "pct_final", pct_final)
    div = float(v.positive(fn, "div_factor", div_factor))
    final = float(v.positive(fn, "final_div_factor", final_div_factor))
    scales = {int(rho1 * total): div, int(rho2 * total): 1.0 / div, total: 1.0 / final}
    return _interpolate(fn, "linear", peak / div, sorted(scales.items()))


def cosine_onecycle_schedule(
    transition_steps: int,
    peak_value: float,
    pct_start: float = 0.3,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
) -> sx.Schedule:
    """optax ``cosine_onecycle_schedule``: cosine up to ``peak_value``, cosine down.

    .. math::
        \\frac{\\eta}{d} \\xrightarrow{[0,\\,\\lfloor\\rho T\\rfloor]} \\eta
        \\xrightarrow{[\\lfloor\\rho T\\rfloor,\\,T]} \\frac{\\eta}{d f}

    Phase ends are ``int(pct_start * T)`` and ``T`` (torch ``OneCycleLR``'s
    are one step earlier: ``ρT - 1`` and ``T - 1``).

    Args:
        transition_steps: ``T``, a positive integer.
        peak_value: ``η``.
        pct_start: ``ρ`` in ``[0, 1]``.
        div_factor: ``d > 0``.
        final_div_factor: ``f > 0``.

    >>> from schedax.presets import optax as ox
    >>> s = ox.cosine_onecycle_schedule(100, 1.0)
    >>> s
    join([cosine(0.04, 1.0, 30), cosine(1.0, 4e-06, 70), 4e-06], [30, 100])
    """
    fn = "cosine_onecycle_schedule"
    total = v.integer(fn, "transition_steps", transition_steps, minimum=1)
    peak = v.real(fn, "peak_value", peak_value)
    rho = _pct(fn, "pct_start", pct_start)
    div = float(v.positive(fn, "div_factor", div_factor))
    final = float(v.positive(fn, "final_div_factor", final_div_factor))
    scales = {int(rho * total): div, total: 1.0 / (div * final)}
    return _interpolate(fn, "cosine", peak / div, sorted(scales.items()))


def warmup_constant_schedule(
    init_value: float, peak_value: float, warmup_steps: int
) -> sx.Schedule:
    """optax ``warmup_constant_schedule``: a linear warmup, then constant.

    .. math:: v(t) = I + (P - I) \\min(t / W, 1)

    optax quirk kept: ``warmup_steps=0`` gives the constant ``init_value``
    (it is ``linear_schedule(init_value, peak_value, 0)``), not ``peak_value``.

    Args:
        init_value: ``I``, the value at step 0.
        peak_value: ``P``, reached at ``W`` and held.
        warmup_steps: ``W``, a non-negative integer.

    >>> from schedax.presets import optax as ox
    >>> ox.warmup_constant_schedule(0.0, 1.0, 10)
    linear(0.0, 1.0, 10)
    """
    fn = "warmup_constant_schedule"
    init, peak = v.real(fn, "init_value", init_value), v.real(fn, "peak_value", peak_value)
    w = v.integer(fn, "warmup_steps", warmup_steps)
    return sx.constant(init) if w == 0 else sx.linear(init, peak, w)


def _warmup(init: float, peak: float, w: int, body: sx.Schedule) -> sx.Schedule:
    """optax's ``join_schedules([linear_schedule(init, peak, w), body], [w])``."""
    if w == 0:
        return body
    if body(0) == peak:
        return sx.warmup(body, w, start=init)
    return sx.join([sx.linear(init, peak, w), body], [w])


def warmup_cosine_decay_schedule(
    init_value: float,
    peak_value: float,
    warmup_steps: int,
    decay_steps: int,
    end_value: float = 0.0,
    exponent: float = 1.0,
) -> sx.Schedule:
    """optax ``warmup_cosine_decay_schedule``: linear warmup, then cosine decay.

    .. math::
        v(t) = \\begin{cases}
        I + (P - I)\\, t / W & t < W \\\\
        E + (P - E)\\left[\\tfrac12\\bigl(1 + \\cos(\\pi x)\\bigr)\\right]^p
        & t \\ge W \\end{cases}, \\quad x = \\min\\Bigl(\\frac{t - W}{D - W}, 1\\Bigr)

    ``decay_steps`` counts the warmup: the cosine lasts ``D - W`` steps.

    Args:
        init_value: ``I``, the value at step 0.
        peak_value: ``P``, at step ``W``.
        warmup_steps: ``W``, a non-negative integer.
        decay_steps: ``D > W``, the whole length.
        end_value: ``E``, held from step ``D``.
        exponent: ``p >= 0``.

    >>> from schedax.presets import optax as ox
    >>> s = ox.warmup_cosine_decay_schedule(0.0, 1.0, 10, 110, end_value=0.1)
    >>> print(f"{s(5):.2f} {s(10):.2f} {s(60):.2f} {s(500):.2f}")
    0.50 1.00 0.55 0.10
    """
    fn = "warmup_cosine_decay_schedule"
    init, peak = v.real(fn, "init_value", init_value), v.real(fn, "peak_value", peak_value)
    w = v.integer(fn, "warmup_steps", warmup_steps)
    d = v.integer(fn, "decay_steps", decay_steps, minimum=1)
    if d <= w:
        v.fail(fn, "decay_steps", f"> warmup_steps={w} (it includes the warmup)", decay_steps)
    end = v.real(fn, "end_value", end_value)
    p = float(v.nonnegative(fn, "exponent", exponent))
    alpha = 0.0 if peak == 0.0 else end / peak
    body = sx.constant(peak) if p == 0.0 else sx.cosine(peak, alpha * peak, d - w, exponent=p)
    return _warmup(init, peak, w, body)


def warmup_exponential_decay_schedule(
    init_value: float,
    peak_value: float,
    warmup_steps: int,
    transition_steps: int,
    decay_rate: float,
    transition_begin: int = 0,
    staircase: bool = False,
    end_value: float | None = None,
) -> sx.Schedule:
    """optax ``warmup_exponential_decay_schedule``: linear warmup, then exponential decay.

    .. math::
        v(t) = \\begin{cases}
        I + (P - I)\\, t / W & t < W \\\\
        \\mathrm{exponential\\_decay}(P, T, r, B, \\ldots)(t - W) & t \\ge W
        \\end{cases}

    The decay is :func:`exponential_decay` from ``peak_value`` on local time
    (its ``transition_begin`` counts from the end of the warmup).

    Args:
        init_value: ``I``, the value at step 0.
        peak_value: ``P``, at step ``W``.
        warmup_steps: ``W``, a non-negative integer.
        transition_steps: ``T``, an integer.
        decay_rate: ``r >= 0``.
        transition_begin: ``B``, an integer.
        staircase: decay in whole multiples of ``T``.
        end_value: floor (``r < 1``) or ceiling (``r >= 1``), or ``None``.

    >>> from schedax.presets import optax as ox
    >>> s = ox.warmup_exponential_decay_schedule(0.0, 1.0, 10, 10, 0.5)
    >>> s
    warmup(exponential(1.0, 0.5, every=10), 10)
    """
    fn = "warmup_exponential_decay_schedule"
    init, peak = v.real(fn, "init_value", init_value), v.real(fn, "peak_value", peak_value)
    w = v.integer(fn, "warmup_steps", warmup_steps)
    args = (transition_steps, decay_rate, transition_begin, staircase, end_value)
    return _warmup(init, peak, w, _exponential_decay(fn, peak, *args))


def sgdr_schedule(cosine_kwargs: Iterable[Mapping[str, Any]]) -> sx.Schedule:
    """optax ``sgdr_schedule``: warm restarts of :func:`warmup_cosine_decay_schedule`.

    .. math:: v(t) = c_i(t - S_i), \\quad S_i = \\sum_{j < i} D_j \\le t < S_{i+1}

    Cycle ``i`` is ``warmup_cosine_decay_schedule(**cosine_kwargs[i])`` and
    lasts its ``decay_steps`` ``D_i``; the last one holds its end value. When
    every cycle is the same, the result is one :func:`schedax.cycle` with a
    ``limit`` -- O(1) per step whatever the number of restarts -- instead of
    optax's chain of copies.

    Args:
        cosine_kwargs: a non-empty iterable of keyword dicts of
            :func:`warmup_cosine_decay_schedule`.

    >>> from schedax.presets import optax as ox
    >>> kw = dict(init_value=0.0, peak_value=1.0, warmup_steps=10, decay_steps=100)
    >>> ox.sgdr_schedule([kw] * 3)
    cycle(warmup(cosine(1.0, 0.0, 90), 10), 100, limit=3)
    """
    fn = "sgdr_schedule"
    if isinstance(cosine_kwargs, Mapping | str) or not isinstance(cosine_kwargs, Iterable):
        v.fail(fn, "cosine_kwargs", "an iterable of keyword dicts", cosine_kwargs, TypeError)
    kwargs = list(cosine_kwargs)
    if not kwargs:
        v.fail(fn, "cosine_kwargs", "non-empty", kwargs)
    pieces: list[sx.Schedule] = []
    lengths: list[int] = []
    for i, kw in enumerate(kwargs):
        if not isinstance(kw, Mapping):
            v.fail(fn, f"cosine_kwargs[{i}]", "a dict of keyword arguments", kw, TypeError)
        try:
            pieces.append(warmup_cosine_decay_schedule(**kw))
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{fn}: cosine_kwargs[{i}]: {exc}") from None
        lengths.append(v.integer(fn, f"cosine_kwargs[{i}]['decay_steps']", kw["decay_steps"]))
    if len(pieces) > 1 and all(p == pieces[0] for p in pieces) and len(set(lengths)) == 1:
        return sx.cycle(pieces[0], lengths[0], limit=len(pieces))
    starts = [sum(lengths[: i + 1]) for i in range(len(lengths) - 1)]
    return sx.join(pieces, starts)


def join_schedules(
    schedules: Sequence[sx.Schedule | float], boundaries: Sequence[int]
) -> sx.Schedule:
    """optax ``join_schedules``: each schedule from its boundary, on local time.

    .. math:: v(t) = s_i(t - b_{i-1}) \\quad (b_{i-1} \\le t < b_i)

    This is :func:`schedax.join`. Where optax silently accepts unsorted or too
    few boundaries, this raises.

    Args:
        schedules: schedax schedules (presets, or any schedule) or numbers.
        boundaries: ``len(schedules) - 1`` strictly increasing positive integers.

    >>> from schedax.presets import optax as ox
    >>> ox.join_schedules([ox.linear_schedule(0.0, 1.0, 10), ox.constant_schedule(1.0)], [10])
    join([linear(0.0, 1.0, 10), 1.0], [10])
    """
    fn = "join_schedules"
    if isinstance(schedules, sx.Schedule | str) or not isinstance(schedules, Sequence):
        v.fail(fn, "schedules", "a list of schedules", schedules, TypeError)
    if not schedules:
        v.fail(fn, "schedules", "a non-empty list", schedules)
    for i, s in enumerate(schedules):
        if not isinstance(s, sx.Schedule | int | float) or isinstance(s, bool):
            v.fail(fn, f"schedules[{i}]", "a schedax schedule or a number", s, TypeError)
    bounds = v.integers(fn, "boundaries", boundaries, minimum=1)
    if len(bounds) != len(schedules) - 1:
        v.fail(fn, "boundaries", f"of length len(schedules) - 1 = {len(schedules) - 1}", bounds)
    return sx.join(list(schedules), list(bounds))
