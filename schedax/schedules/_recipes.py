"""Modern schedule shapes, built from the primitives and combinators.

These are plain functions: the schedule they return prints as the
composition it is, so ``repr`` shows exactly what runs.
"""

from __future__ import annotations

from .. import _validate as v
from .._backend import is_jax
from ._base import Constant, Schedule, add
from ._combinators import cycle, join, warmup
from ._primitives import cosine, linear, sqrt_decay

_DECAY_SHAPES = ("linear", "cosine", "1-sqrt")


def wsd(
    peak: float,
    warmup_steps: int,
    stable_steps: int,
    decay_steps: int,
    *,
    start: float = 0.0,
    end: float = 0.0,
    decay_shape: str = "linear",
) -> Schedule:
    """Warmup-stable-decay (WSD, "trapezoidal"): ramp up, hold, cool down.

    .. math::
        v(t) = \\begin{cases}
        a + (p - a)\\, t / W & t < W \\\\
        p & W \\le t < W + S \\\\
        \\mathrm{decay}(t - W - S) & t \\ge W + S
        \\end{cases}

    The decay goes from ``p`` to ``e`` over ``D`` steps, then holds ``e``:
    ``"linear"``, ``"cosine"`` or ``"1-sqrt"`` (``p + (e - p)\\sqrt{x}``,
    Hägele et al. 2024). Built as
    ``warmup(join([p, decay], [S]), W, start=a)``.

    Args:
        peak: ``p``, the stable value.
        warmup_steps: ``W``, non-negative integer.
        stable_steps: ``S``, non-negative integer.
        decay_steps: ``D``, non-negative integer.
        start: ``a``, the value at step 0.
        end: ``e``, the value after the decay.
        decay_shape: ``"linear"``, ``"cosine"`` or ``"1-sqrt"``.

    >>> import schedax as sx
    >>> s = sx.wsd(1.0, 10, 80, 10, decay_shape="1-sqrt")
    >>> print(f"{s(5):.2f} {s(50):.2f} {s(92):.3f} {s(100):.2f}")
    0.50 1.00 0.553 0.00
    """
    fn = "wsd"
    peak = v.real(fn, "peak", peak)
    w = v.integer(fn, "warmup_steps", warmup_steps)
    s = v.integer(fn, "stable_steps", stable_steps)
    d = v.integer(fn, "decay_steps", decay_steps)
    start = v.real(fn, "start", start)
    end = v.real(fn, "end", end)
    shape = v.choice(fn, "decay_shape", decay_shape, _DECAY_SHAPES)
    maker = {"linear": linear, "cosine": cosine, "1-sqrt": sqrt_decay}[shape]
    tail = maker(peak, end, d)
    body = join([Constant(peak), tail], [s]) if s > 0 else tail
    return warmup(body, w, start=start)


def one_cycle(
    peak: float,
    steps: int,
    pct_start: float = 0.3,
    *,
    start: float | None = None,
    end: float | None = None,
    shape: str = "cosine",
) -> Schedule:
    """The one-cycle policy: up from ``start`` to ``peak``, then down to ``end``.

    .. math::
        v(t) = \\begin{cases}
        \\mathrm{anneal}(a, p, t / U) & t < U \\\\
        \\mathrm{anneal}(p, e, (t - U) / (T - U)) & t \\ge U
        \\end{cases}, \\quad U = \\mathrm{round}(\\rho T)

    Smith & Topin, *Super-Convergence* (2018). ``anneal`` is cosine or
    linear. Defaults follow torch ``OneCycleLR``: ``a = p / 25`` and
    ``e = a / 10^4``. (torch's own phase boundaries are one step earlier;
    its exact reproduction is ``schedax.presets.torch.OneCycleLR``.)

    Args:
        peak: ``p``, the maximum value.
        steps: ``T``, the total length (a positive integer).
        pct_start: ``ρ`` in ``(0, 1)``, the fraction of ``T`` spent going up.
        start: ``a``; default ``p / 25``.
        end: ``e``; default ``a / 10^4``.
        shape: ``"cosine"`` or ``"linear"``.

    >>> import schedax as sx
    >>> s = sx.one_cycle(1.0, 100, 0.3)
    >>> print(f"{s(0):.2f} {s(30):.2f} {s(100):.6f}")
    0.04 1.00 0.000004
    """
    fn = "one_cycle"
    peak = v.real(fn, "peak", peak)
    total = v.integer(fn, "steps", steps, minimum=2)
    rho = v.real(fn, "pct_start", pct_start)
    if not 0.0 < rho < 1.0:
        v.fail(fn, "pct_start", "in (0, 1)", pct_start)
    a = peak / 25.0 if start is None else v.real(fn, "start", start)
    e = a / 1e4 if end is None else v.real(fn, "end", end)
    shape = v.choice(fn, "shape", shape, ("cosine", "linear"))
    up = min(max(round(rho * total), 1), total - 1)
    maker = cosine if shape == "cosine" else linear
    return join([maker(a, peak, up), maker(peak, e, total - up)], [up])


def triangular(low: float, high: float, step_size: int, decay: float = 1.0) -> Schedule:
    """Triangular cycles between ``low`` and ``high`` (torch ``CyclicLR``).

    .. math::
        v(t) = l + (h - l)\\, \\gamma^{k}\\, (1 - |x|), \\quad
        x = t / n - 2k - 1, \\quad k = \\lfloor t / 2n \\rfloor

    Each cycle rises for ``n`` steps and falls for ``n`` steps. ``decay=0.5``
    halves the amplitude every cycle (``triangular2``). Smith, *Cyclical
    Learning Rates* (2017). Built as ``cycle(join([up, down]), 2n)``.

    Args:
        low: ``l``, the value at the start of every cycle.
        high: ``h``, the value at the top of the first cycle.
        step_size: ``n``, half a cycle, a positive integer.
        decay: ``γ`` in ``(0, 1]``, applied to the amplitude per cycle.

    >>> import schedax as sx
    >>> s = sx.triangular(0.1, 1.0, 10, decay=0.5)
    >>> print(f"{s(0):.2f} {s(10):.2f} {s(20):.2f} {s(30):.2f}")
    0.10 1.00 0.10 0.55
    """
    fn = "triangular"
    lo = v.real(fn, "low", low)
    hi = v.real(fn, "high", high)
    n = v.integer(fn, "step_size", step_size, minimum=1)
    gamma = v.in_range(fn, "decay", decay, 0.0, 1.0, "in (0, 1]")
    if is_jax(gamma) or gamma != 1.0:
        amp = hi - lo
        tri = join([linear(0.0, amp, n), linear(amp, 0.0, n)], [n])
        return add(lo, cycle(tri, 2 * n, decay=gamma))
    return cycle(join([linear(lo, hi, n), linear(hi, lo, n)], [n]), 2 * n)
