"""Keras' ``keras.optimizers.schedules`` as schedax schedules, exactly.

One function per Keras ``LearningRateSchedule`` class, with its class name and
keyword names (``name`` is accepted and ignored). The value at step ``t`` is
what the Keras schedule returns for ``step = t`` (the optimizer's
``iterations``, starting at 0). Every function is built only from the public
algebra, so ``repr`` shows what runs::

    >>> from schedax.presets import keras
    >>> keras.CosineDecay(0.0, decay_steps=100, warmup_target=0.1, warmup_steps=10)
    warmup(cosine(0.1, 0.0, 100), 10)

Nothing here imports Keras.

Keras conventions kept: ``PiecewiseConstantDecay`` boundaries are inclusive
(``step <= boundary`` still has the old value: it changes one step after the
boundary, built as ``piecewise([b + 1, ...], values)``); ``PolynomialDecay``
with ``cycle=True`` stretches the decay to the next multiple of
``decay_steps`` instead of restarting it; ``CosineDecayRestarts``' ``m_mul``
scales the amplitude above the ``alpha`` floor.
"""

from __future__ import annotations

from collections.abc import Sequence

import schedax as sx

from .. import _validate as v
from ._common import power

__all__ = [
    "CosineDecay",
    "CosineDecayRestarts",
    "ExponentialDecay",
    "InverseTimeDecay",
    "PiecewiseConstantDecay",
    "PolynomialDecay",
]


def _name(fn: str, name: object) -> None:
    if name is not None and not isinstance(name, str):
        v.fail(fn, "name", "a string", name, TypeError)


def ExponentialDecay(
    initial_learning_rate: float,
    decay_steps: int,
    decay_rate: float,
    staircase: bool = False,
    name: str = "ExponentialDecay",
) -> sx.Schedule:
    """Keras ``ExponentialDecay``: ``initial_learning_rate * decay_rate ** (t / decay_steps)``.

    .. math::
        \\eta_t = \\eta_0\\, r^{t / n} \\quad (r^{\\lfloor t / n \\rfloor} \\text{ if staircase})

    ``r > 1`` grows until ``1e300 · η₀`` (Keras overflows to ``inf`` later).

    Args:
        initial_learning_rate: ``η₀``.
        decay_steps: ``n``, a positive integer.
        decay_rate: ``r >= 0``.
        staircase: decay in whole multiples of ``n``.
        name: accepted for Keras' signature.

    >>> from schedax.presets import keras
    >>> keras.ExponentialDecay(0.1, decay_steps=1000, decay_rate=0.96, staircase=True)
    exponential(0.1, 0.96, every=1000, staircase=True)
    """
    fn = "ExponentialDecay"
    _name(fn, name)
    lr = v.real(fn, "initial_learning_rate", initial_learning_rate)
    n = v.integer(fn, "decay_steps", decay_steps, minimum=1)
    rate = float(v.nonnegative(fn, "decay_rate", decay_rate))
    return power(lr, rate, n, v.flag(fn, "staircase", staircase))


def PiecewiseConstantDecay(
    boundaries: Sequence[int], values: Sequence[float], name: str = "PiecewiseConstant"
) -> sx.Schedule:
    """Keras ``PiecewiseConstantDecay``: ``values[i]`` for ``b_{i-1} < t <= b_i``.

    .. math:: \\eta_t = y_i \\quad (b_{i-1} < t \\le b_i)

    The boundary step still has the *old* value (Keras compares
    ``step <= boundary``), unlike optax and :func:`schedax.piecewise`, where
    it has the new one: this is ``piecewise([b + 1 for b in boundaries], values)``.

    Args:
        boundaries: strictly increasing non-negative integer steps ``b_i``.
        values: ``len(boundaries) + 1`` numbers ``y_i``.
        name: accepted for Keras' signature.

    >>> from schedax.presets import keras
    >>> s = keras.PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
    >>> s
    piecewise([11, 21], [1.0, 0.5, 0.1])
    >>> s(10), s(11)
    (1.0, 0.5)
    """
    fn = "PiecewiseConstantDecay"
    _name(fn, name)
    bounds = v.integers(fn, "boundaries", boundaries)
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        v.fail(fn, "values", "a list of numbers", values, TypeError)
    ys = [v.real(fn, f"values[{i}]", y) for i, y in enumerate(values)]
    if len(ys) != len(bounds) + 1:
        v.fail(fn, "values", f"of length len(boundaries) + 1 = {len(bounds) + 1}", list(values))
    return sx.piecewise([b + 1 for b in bounds], ys)


def PolynomialDecay(
    initial_learning_rate: float,
    decay_steps: int,
    end_learning_rate: float = 0.0001,
    power: float = 1.0,
    cycle: bool = False,
    name: str = "PolynomialDecay",
) -> sx.Schedule:
    """Keras ``PolynomialDecay``: polynomial from ``initial_learning_rate`` to the end.

    .. math::
        \\eta_t = (\\eta_0 - \\eta_e)(1 - t / N_t)^p + \\eta_e, \\quad
        N_t = n \\;\\text{ and }\\; t \\le n \\quad
        (\\text{cycle: } N_t = n \\max(\\lceil t / n \\rceil, 1))

    Without ``cycle`` the value holds ``η_e`` after ``n``; with it, each
    multiple of ``n`` ends at ``η_e`` and the next step jumps back up part way
    (``polynomial(..., cycle=True)``). ``power=0`` is the constant ``η₀``
    (Keras' ``0 ** 0 == 1``).

    Args:
        initial_learning_rate: ``η₀``.
        decay_steps: ``n``, a positive integer.
        end_learning_rate: ``η_e``.
        power: ``p >= 0``.
        cycle: Keras' cycling.
        name: accepted for Keras' signature.

    >>> from schedax.presets import keras
    >>> s = keras.PolynomialDecay(1.0, 10, 0.0, cycle=True)
    >>> s(10), s(15), s(20)
    (0.0, 0.25, 0.0)
    """
    fn = "PolynomialDecay"
    _name(fn, name)
    lr = v.real(fn, "initial_learning_rate", initial_learning_rate)
    n = v.integer(fn, "decay_steps", decay_steps, minimum=1)
    end = v.real(fn, "end_learning_rate", end_learning_rate)
    p = float(v.nonnegative(fn, "power", power))
    cyc = v.flag(fn, "cycle", cycle)
    if p == 0.0:
        return sx.constant(lr)
    if not cyc and p == 1.0:
        return sx.linear(lr, end, n)
    return sx.polynomial(lr, end, n, power=p, cycle=cyc)


def InverseTimeDecay(
    initial_learning_rate: float,
    decay_steps: int,
    decay_rate: float,
    staircase: bool = False,
    name: str = "InverseTimeDecay",
) -> sx.Schedule:
    """Keras ``InverseTimeDecay``: ``initial_learning_rate / (1 + decay_rate * t / decay_steps)``.

    .. math::
        \\eta_t = \\eta_0 / (1 + r\\, t / n) \\quad (\\lfloor t / n \\rfloor \\text{ if staircase})

    Args:
        initial_learning_rate: ``η₀``.
        decay_steps: ``n``, a positive integer.
        decay_rate: ``r >= 0``.
        staircase: decay in whole multiples of ``n``.
        name: accepted for Keras' signature.

    >>> from schedax.presets import keras
    >>> keras.InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5)
    inverse_time(0.1, 0.5, every=10)
    """
    fn = "InverseTimeDecay"
    _name(fn, name)
    lr = v.real(fn, "initial_learning_rate", initial_learning_rate)
    n = v.integer(fn, "decay_steps", decay_steps, minimum=1)
    rate = v.nonnegative(fn, "decay_rate", decay_rate)
    return sx.inverse_time(lr, rate, n, v.flag(fn, "staircase", staircase))


def CosineDecay(
    initial_learning_rate: float,
    decay_steps: int,
    alpha: float = 0.0,
    name: str = "CosineDecay",
    warmup_target: float | None = None,
    warmup_steps: int = 0,
) -> sx.Schedule:
    """Keras ``CosineDecay``: optional linear warmup, then a cosine to ``alpha`` times the peak.

    .. math::
        \\eta_t = \\begin{cases}
        \\eta_0 + (\\eta_w - \\eta_0)\\, t / W & t < W \\\\
        \\eta_w\\bigl((1 - \\alpha)\\tfrac12(1 + \\cos(\\pi \\min(t - W, n) / n)) + \\alpha\\bigr)
        & t \\ge W \\end{cases}

    with ``η_w`` = ``warmup_target``; without it (``None``) there is no
    warmup and the cosine starts from ``η₀``.

    Args:
        initial_learning_rate: ``η₀``.
        decay_steps: ``n``, a positive integer.
        alpha: ``α``, the floor as a fraction of the peak.
        name: accepted for Keras' signature.
        warmup_target: ``η_w``, the peak after the warmup, or ``None``.
        warmup_steps: ``W``, a non-negative integer.

    >>> from schedax.presets import keras
    >>> keras.CosineDecay(0.1, decay_steps=100, alpha=0.1)
    cosine(0.1, 0.010000000000000002, 100)
    """
    fn = "CosineDecay"
    _name(fn, name)
    lr = v.real(fn, "initial_learning_rate", initial_learning_rate)
    n = v.integer(fn, "decay_steps", decay_steps, minimum=1)
    a = v.real(fn, "alpha", alpha)
    w = v.integer(fn, "warmup_steps", warmup_steps)
    if warmup_target is None:
        return sx.cosine(lr, lr * a, n)
    peak = v.real(fn, "warmup_target", warmup_target)
    return sx.warmup(sx.cosine(peak, peak * a, n), w, start=lr)


def CosineDecayRestarts(
    initial_learning_rate: float,
    first_decay_steps: int,
    t_mul: float = 2.0,
    m_mul: float = 1.0,
    alpha: float = 0.0,
    name: str = "SGDRDecay",
) -> sx.Schedule:
    """Keras ``CosineDecayRestarts``: SGDR, cosine cycles of growing length.

    In restart ``i`` (of length ``n t^i``, at progress ``x``):

    .. math::
        \\eta = \\eta_0\\bigl((1 - \\alpha)\\, m^i\\, \\tfrac12(1 + \\cos \\pi x) + \\alpha\\bigr)

    so ``m_mul`` scales the amplitude above the floor ``α η₀``: built as
    ``α η₀ + cycle(cosine((1 - α) η₀, 0, n), n, period_mult=t, decay=m)``.
    Keras finds the restart with a float ``log`` when ``t != 1`` and can
    miss one by a step where it falls exactly on an integer; these are exact.

    Args:
        initial_learning_rate: ``η₀``.
        first_decay_steps: ``n``, a positive integer.
        t_mul: ``t >= 1``, the growth of each cycle.
        m_mul: ``m`` in ``[0, 1]``, the amplitude's decay per restart.
        alpha: ``α``.
        name: accepted for Keras' signature.

    >>> from schedax.presets import keras
    >>> s = keras.CosineDecayRestarts(1.0, 10, t_mul=2.0, m_mul=0.5)
    >>> s
    cycle(cosine(1.0, 0.0, 10), 10, period_mult=2.0, decay=0.5)
    >>> print(f"{s(10):.2f} {s(20):.2f} {s(30):.2f}")
    0.50 0.25 0.25
    """
    fn = "CosineDecayRestarts"
    _name(fn, name)
    lr = v.real(fn, "initial_learning_rate", initial_learning_rate)
    n = v.integer(fn, "first_decay_steps", first_decay_steps, minimum=1)
    t = float(v.real(fn, "t_mul", t_mul))
    if t < 1.0:
        v.fail(fn, "t_mul", ">= 1 (Keras returns nan once shrinking cycles run out)", t_mul)
    m = float(v.real(fn, "m_mul", m_mul))
    if not 0.0 <= m <= 1.0:
        v.fail(fn, "m_mul", "in [0, 1] (growing restarts are not supported)", m_mul)
    a = float(v.real(fn, "alpha", alpha))
    amplitude = sx.cosine((1.0 - a) * lr, 0.0, n)
    # m = 0: the first cycle only (0 ** 0 == 1)
    waves = amplitude if m == 0.0 else sx.cycle(amplitude, n, period_mult=t, decay=m)
    return waves if a == 0.0 else a * lr + waves
