"""Primitive schedules.

One vocabulary: ``start`` is the value at step 0, ``end`` the value held after
``steps`` steps. Every primitive runs on its own *local* time starting at 0,
clamps steps below 0 to 0, and holds its end value after its duration (values
are clamped, never extrapolated). ``frac`` below is ``clip(t / steps, 0, 1)``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from functools import cached_property
from typing import Any

import numpy as np

from .. import _validate as v
from .._backend import Backend, is_jax
from ._base import Constant, Schedule, register

Array = Any

_PI = math.pi


def _frac(t: Array, steps: Any, xp: Backend) -> Array:
    """Progress ``clip(t / steps, 0, 1)``, exactly 1 from ``steps`` on.

    XLA computes ``t / steps`` as ``t * (1 / steps)``, which can land just
    below 1 at ``t == steps`` in float32 (and ``p < 1`` powers magnify that).
    """
    frac = xp.clip(t / steps, 0.0, 1.0)
    return frac if xp.scalar else xp.where(t >= steps, 1.0, frac)


def _pow(base: Array, p: Any, xp: Backend) -> Array:
    """``base ** p`` for ``base`` in ``[0, 1]``, with a zero (not NaN) gradient
    where ``base`` is 0: ``p < 1`` has an infinite slope there, and the
    clamped progress would multiply it by 0."""
    if xp.scalar:
        return base**p
    positive = base > 0
    return xp.where(positive, xp.where(positive, base, 1.0) ** p, 0.0)


def _steps(fn: str, steps: object) -> int:
    return v.integer(fn, "steps", steps)


def _k_decay(fn: str, k: object) -> float:
    """A concrete ``k > 0`` (it shapes the computation: never traced)."""
    if is_jax(k):
        v.fail(fn, "k_decay", "a concrete number > 0", k, TypeError)
    return float(v.positive(fn, "k_decay", k))


@dataclasses.dataclass(frozen=True, repr=False)
class Linear(Schedule):
    start: Any
    end: Any
    steps: Any

    _ctor = "linear"
    _leaves = ("start", "end", "steps")

    def _eval(self, t: Array, xp: Backend) -> Any:
        return self.start + (self.end - self.start) * _frac(t, self.steps, xp)

    @property
    def duration(self) -> int:
        return int(self.steps)


@register(Linear)
def linear(start: float, end: float, steps: int) -> Schedule:
    """Linear interpolation from ``start`` to ``end`` over ``steps`` steps, then ``end``.

    .. math:: v(t) = s + (e - s)\\,\\min(t / T, 1)

    Args:
        start: value ``s`` at step 0.
        end: value ``e`` reached at step ``T`` and held after.
        steps: duration ``T``, a non-negative integer (0 gives ``constant(end)``).

    >>> import schedax as sx
    >>> s = sx.linear(0.0, 1.0, 100)
    >>> s(0), s(25), s(100), s(10**6)
    (0.0, 0.25, 1.0, 1.0)
    """
    start, end = v.real("linear", "start", start), v.real("linear", "end", end)
    steps = _steps("linear", steps)
    return Constant(end) if steps == 0 else Linear(start, end, steps)


@dataclasses.dataclass(frozen=True, repr=False)
class Cosine(Schedule):
    start: Any
    end: Any
    steps: Any
    exponent: float = 1.0
    k_decay: float = 1.0

    _ctor = "cosine"
    _leaves = ("start", "end", "steps")

    def _eval(self, t: Array, xp: Backend) -> Any:
        # one expression: no named temporary stays alive (peak memory of curves)
        if self.k_decay == 1.0:
            w = 0.5 + 0.5 * xp.cos(_PI * _frac(t, self.steps, xp))
        else:
            w = 0.5 + 0.5 * xp.cos(_PI * _pow(_frac(t, self.steps, xp), self.k_decay, xp))
        if self.exponent != 1.0:
            w = _pow(xp.maximum(w, 0.0), self.exponent, xp)
        return self.end + (self.start - self.end) * w

    @property
    def duration(self) -> int:
        return int(self.steps)


@register(Cosine)
def cosine(
    start: float, end: float, steps: int, exponent: float = 1.0, k_decay: float = 1.0
) -> Schedule:
    """Half-cosine annealing from ``start`` to ``end`` over ``steps`` steps, then ``end``.

    .. math::
        v(t) = e + (s - e)
        \\left[\\tfrac12\\bigl(1 + \\cos(\\pi\\,\\min(t/T, 1)^k)\\bigr)\\right]^p

    Loshchilov & Hutter, *SGDR* (2017); optax ``cosine_decay_schedule`` with
    ``alpha = e / s``; torch ``CosineAnnealingLR`` up to ``T_max``.

    Args:
        start: value ``s`` at step 0.
        end: value ``e`` at step ``T`` and after.
        steps: duration ``T``, a non-negative integer (0 gives ``constant(end)``).
        exponent: power ``p > 0`` applied to the cosine factor (optax's ``exponent``).
        k_decay: power ``k > 0`` applied to the progress ``t / T`` (k-decay,
            Zhang & Li 2020; timm's ``k_decay``): ``k > 1`` stays high longer.

    >>> import schedax as sx
    >>> s = sx.cosine(1.0, 0.0, 100)
    >>> print(f"{s(0):.3f} {s(50):.3f} {s(100):.3f} {s(500):.3f}")
    1.000 0.500 0.000 0.000
    """
    start, end = v.real("cosine", "start", start), v.real("cosine", "end", end)
    steps = _steps("cosine", steps)
    exponent = v.positive("cosine", "exponent", exponent)
    if is_jax(exponent):
        v.fail("cosine", "exponent", "a concrete number", exponent, TypeError)
    k = _k_decay("cosine", k_decay)
    return Constant(end) if steps == 0 else Cosine(start, end, steps, exponent, k)


@dataclasses.dataclass(frozen=True, repr=False)
class Polynomial(Schedule):
    start: Any
    end: Any
    steps: Any
    power: Any = 1.0
    k_decay: float = 1.0
    cycle: bool = False

    _ctor = "polynomial"
    _leaves = ("start", "end", "steps", "power")

    def _eval(self, t: Array, xp: Backend) -> Any:
        # one expression: no named temporary stays alive (peak memory of curves)
        return self.end + (self.start - self.end) * _pow(
            1.0 - self._progress(t, xp), self.power, xp
        )

    def _progress(self, t: Array, xp: Backend) -> Array:
        if self.cycle:
            # keras: over the first multiple of T that is >= t (T itself at t = 0)
            t = xp.maximum(t, 0)
            q = xp.floor_div(t, self.steps)
            k = xp.maximum(xp.where(q * self.steps == t, q, q + 1), 1)
            frac = t / (k * self.steps)
        else:
            frac = _frac(t, self.steps, xp)
        return frac if self.k_decay == 1.0 else _pow(frac, self.k_decay, xp)

    @property
    def duration(self) -> int | None:
        return None if self.cycle else int(self.steps)


@register(Polynomial)
def polynomial(
    start: float,
    end: float,
    steps: int,
    power: float = 1.0,
    k_decay: float = 1.0,
    cycle: bool = False,
) -> Schedule:
    """Polynomial decay from ``start`` to ``end`` over ``steps`` steps, then ``end``.

    .. math:: v(t) = e + (s - e)\\,(1 - \\min(t/T, 1)^k)^p

    optax ``polynomial_schedule``; torch ``PolynomialLR`` (with ``e = 0``).
    With ``cycle=True`` (keras ``PolynomialDecay(cycle=True)``) the value does
    not hold after ``T``: step ``t`` decays over the first multiple of ``T``
    that is ``>= t``, ``T_t = T \\max(\\lceil t/T \\rceil, 1)``, so the value
    reaches ``e`` at every multiple of ``T`` and jumps back up one step later.

    Args:
        start: value ``s`` at step 0.
        end: value ``e`` at step ``T`` and after.
        steps: duration ``T``, a non-negative integer (0 gives ``constant(end)``).
        power: exponent ``p > 0``.
        k_decay: power ``k > 0`` applied to the progress ``t / T`` (k-decay,
            Zhang & Li 2020; timm's ``k_decay``).
        cycle: keras' cycling: progress ``t / T_t`` instead of ``min(t/T, 1)``.

    >>> import schedax as sx
    >>> print(f"{sx.polynomial(1.0, 0.0, 100, power=2.0)(50):.4f}")
    0.2500
    >>> s = sx.polynomial(1.0, 0.0, 10, cycle=True)
    >>> s(10), s(15), s(20)
    (0.0, 0.25, 0.0)
    """
    fn = "polynomial"
    start, end = v.real(fn, "start", start), v.real(fn, "end", end)
    steps = _steps(fn, steps)
    power = v.positive(fn, "power", power)
    k = _k_decay(fn, k_decay)
    cycle = v.flag(fn, "cycle", cycle)
    return Constant(end) if steps == 0 else Polynomial(start, end, steps, power, k, cycle)


@dataclasses.dataclass(frozen=True, repr=False)
class SqrtDecay(Schedule):
    start: Any
    end: Any
    steps: Any

    _ctor = "sqrt_decay"
    _leaves = ("start", "end", "steps")

    def _eval(self, t: Array, xp: Backend) -> Any:
        return self.start + (self.end - self.start) * _pow(_frac(t, self.steps, xp), 0.5, xp)

    @property
    def duration(self) -> int:
        return int(self.steps)


@register(SqrtDecay)
def sqrt_decay(start: float, end: float, steps: int) -> Schedule:
    """The "1-sqrt" cooldown: from ``start`` to ``end`` as the square root of progress.

    .. math:: v(t) = s + (e - s)\\sqrt{\\min(t/T, 1)}

    With ``e = 0`` this is ``s (1 - \\sqrt{t/T})``, the cooldown of
    warmup-stable-decay runs (Hägele et al., *Scaling Laws and Compute-Optimal
    Training Beyond Fixed Training Durations*, 2024). See :func:`wsd`.

    Args:
        start: value ``s`` at step 0.
        end: value ``e`` at step ``T`` and after.
        steps: duration ``T``, a non-negative integer (0 gives ``constant(end)``).

    >>> import schedax as sx
    >>> print(f"{sx.sqrt_decay(1.0, 0.0, 100)(25):.2f}")
    0.50
    """
    start, end = v.real("sqrt_decay", "start", start), v.real("sqrt_decay", "end", end)
    steps = _steps("sqrt_decay", steps)
    return Constant(end) if steps == 0 else SqrtDecay(start, end, steps)


@dataclasses.dataclass(frozen=True, repr=False)
class Tanh(Schedule):
    start: Any
    end: Any
    steps: Any
    lower: Any = -7.0
    upper: Any = 3.0

    _ctor = "tanh"
    _leaves = ("start", "end", "steps", "lower", "upper")

    def _eval(self, t: Array, xp: Backend) -> Any:
        x = self.lower + (self.upper - self.lower) * _frac(t, self.steps, xp)
        value = self.end + (self.start - self.end) * 0.5 * (1.0 - xp.tanh(x))
        return xp.where(t >= self.steps, self.end, value)

    @property
    def duration(self) -> int:
        return int(self.steps)


@register(Tanh)
def tanh(start: float, end: float, steps: int, lower: float = -7.0, upper: float = 3.0) -> Schedule:
    """Hyperbolic-tangent decay (timm ``TanhLRScheduler``), ``end`` from step ``steps`` on.

    .. math::
        v(t) = e + (s - e)\\,\\tfrac12\\bigl(1 - \\tanh(l + (u - l)\\,t/T)\\bigr)
        \\quad (t < T), \\qquad v(t) = e \\quad (t \\ge T)

    Hsueh et al., *Stochastic Gradient Descent with Hyperbolic-Tangent Decay*
    (2019). As in timm, the value at step 0 is slightly below ``s`` (by the
    factor ``(1 - tanh(l)) / 2``) and it reaches ``e`` exactly at ``T``.

    Args:
        start: value ``s`` (the peak).
        end: value ``e`` from step ``T`` on.
        steps: duration ``T``, a non-negative integer (0 gives ``constant(end)``).
        lower: ``l``, the tanh argument at step 0 (timm ``lb``).
        upper: ``u``, the tanh argument at step ``T`` (timm ``ub``); ``u > l``.

    >>> import schedax as sx
    >>> s = sx.tanh(1.0, 0.0, 100)
    >>> print(f"{s(0):.6f} {s(70):.4f} {s(100):.1f}")
    0.999999 0.5000 0.0
    """
    fn = "tanh"
    start, end = v.real(fn, "start", start), v.real(fn, "end", end)
    steps = _steps(fn, steps)
    lower, upper = v.real(fn, "lower", lower), v.real(fn, "upper", upper)
    if not (is_jax(lower) or is_jax(upper)) and lower >= upper:
        v.fail(fn, "upper", f"greater than lower={lower!r}", upper)
    return Constant(end) if steps == 0 else Tanh(start, end, steps, lower, upper)


@dataclasses.dataclass(frozen=True, repr=False)
class Exponential(Schedule):
    start: Any
    rate: Any
    every: Any = 1
    staircase: bool = False
    end: Any = None

    _ctor = "exponential"
    _leaves = ("start", "rate", "every", "end")

    def _eval(self, t: Array, xp: Backend) -> Any:
        t = xp.maximum(t, 0)
        k = xp.floor_div(t, self.every) if self.staircase else t / self.every
        if self.end is not None:
            k = xp.minimum(k, xp.log(self.end / self.start) / xp.log(self.rate))
        return self.start * self.rate**k

    @property
    def duration(self) -> int | None:
        if self.end is None or is_jax(self.end):
            return None
        k = math.log(self.end / self.start) / math.log(self.rate)
        return math.ceil(k) * int(self.every) if self.staircase else math.ceil(k * self.every)


@register(Exponential)
def exponential(
    start: float,
    rate: float,
    every: int = 1,
    staircase: bool = False,
    end: float | None = None,
) -> Schedule:
    """Exponential decay (or growth) by ``rate`` every ``every`` steps.

    .. math::
        v(t) = s \\cdot r^{\\min(k,\\,k_e)}, \\quad
        k = t / n \\;(\\text{or } \\lfloor t / n \\rfloor \\text{ if staircase}), \\quad
        k_e = \\log(e / s) / \\log r

    optax ``exponential_decay``; torch ``ExponentialLR`` (``every=1``); keras
    ``ExponentialDecay``.

    Args:
        start: value ``s`` at step 0.
        rate: factor ``r > 0`` applied every ``n`` steps; ``r > 1`` grows and
            then needs ``end`` (an unbounded schedule would overflow).
        every: ``n``, a positive integer.
        staircase: decay in whole multiples of ``n`` steps (a step function).
        end: optional value ``e`` at which the decay (or growth) stops and is
            held: a floor when decaying, a ceiling when growing. It must lie
            on the path from ``s`` (same sign, in the direction of ``r``).

    >>> import schedax as sx
    >>> s = sx.exponential(1.0, 0.5, every=10, end=0.2)
    >>> print(f"{s(10):.3f} {s(15):.3f} {s(100):.3f}")
    0.500 0.354 0.200
    """
    fn = "exponential"
    start = v.real(fn, "start", start)
    rate = v.positive(fn, "rate", rate)
    every = v.integer(fn, "every", every, minimum=1)
    staircase = v.flag(fn, "staircase", staircase)
    if end is not None:
        end = v.real(fn, "end", end)
    concrete = not any(is_jax(x) for x in (start, rate, end))
    if concrete:
        if end is None and rate > 1:
            v.fail(fn, "end", "given when rate > 1 (growth must stop somewhere)", end)
        if end is not None:
            if rate == 1:
                v.fail(fn, "rate", "different from 1 when end is given", rate)
            if start == 0 or end / start <= 0:
                v.fail(fn, "end", f"non-zero with the sign of start={start!r}", end)
            if (abs(end) > abs(start)) != (rate > 1) and end != start:
                direction = "above" if rate > 1 else "below"
                v.fail(
                    fn,
                    "end",
                    f"{direction} start={start!r} in magnitude for rate={rate!r}",
                    end,
                )
    return Exponential(start, rate, every, staircase, end)


@dataclasses.dataclass(frozen=True, repr=False)
class StepDecay(Schedule):
    start: Any
    every: Any
    factor: Any = 0.1

    _ctor = "step_decay"
    _leaves = ("start", "every", "factor")

    def _eval(self, t: Array, xp: Backend) -> Any:
        return self.start * self.factor ** xp.floor_div(xp.maximum(t, 0), self.every)


@register(StepDecay)
def step_decay(start: float, every: int, factor: float = 0.1) -> Schedule:
    """Multiply by ``factor`` every ``every`` steps (torch ``StepLR``).

    .. math:: v(t) = s \\cdot f^{\\lfloor t / n \\rfloor}

    Args:
        start: value ``s`` at step 0.
        every: ``n``, a positive integer (torch ``step_size``).
        factor: ``f`` in ``(0, 1]`` (torch ``gamma``).

    >>> import schedax as sx
    >>> s = sx.step_decay(1.0, 30, 0.1)
    >>> print(f"{s(29):.2f} {s(30):.2f} {s(60):.3f}")
    1.00 0.10 0.010
    """
    fn = "step_decay"
    start = v.real(fn, "start", start)
    every = v.integer(fn, "every", every, minimum=1)
    factor = v.in_range(fn, "factor", factor, 0.0, 1.0, "in (0, 1]")
    return StepDecay(start, every, factor)


@dataclasses.dataclass(frozen=True, repr=False)
class Multistep(Schedule):
    start: Any
    milestones: tuple[int, ...]
    factor: Any = 0.1

    _ctor = "multistep"
    _leaves = ("start", "factor")

    def _eval(self, t: Array, xp: Backend) -> Any:
        k = xp.picker(self.milestones, xp.maximum(t, 0)).count()
        return self.start * self.factor**k

    @property
    def duration(self) -> int:
        return self.milestones[-1] if self.milestones else 0


@register(Multistep)
def multistep(start: float, milestones: list[int], factor: float = 0.1) -> Schedule:
    """Multiply by ``factor`` at each milestone (torch ``MultiStepLR``).

    .. math:: v(t) = s \\cdot f^{\\#\\{i : m_i \\le t\\}}

    A milestone listed twice multiplies twice, as in torch.

    Args:
        start: value ``s`` at step 0.
        milestones: sorted non-negative integer steps ``m_i``.
        factor: ``f > 0`` (torch ``gamma``).

    >>> import schedax as sx
    >>> s = sx.multistep(1.0, [10, 20, 20], 0.5)
    >>> s(9), s(10), s(20)
    (1.0, 0.5, 0.125)
    """
    fn = "multistep"
    start = v.real(fn, "start", start)
    milestones_ = v.integers(fn, "milestones", milestones, strict=False)
    factor = v.positive(fn, "factor", factor)
    if not (is_jax(start) or is_jax(factor)) and factor > 1.0:
        try:
            peak = abs(start) * factor ** len(milestones_)
        except OverflowError:
            peak = math.inf
        if not math.isfinite(peak):
            v.fail(
                fn,
                "factor",
                f"small enough that start * factor ** {len(milestones_)} is finite",
                factor,
            )
    return Multistep(start, milestones_, factor)


@dataclasses.dataclass(frozen=True, repr=False)
class InverseSqrt(Schedule):
    start: Any
    timescale: Any = 10_000.0

    _ctor = "inverse_sqrt"
    _leaves = ("start", "timescale")

    def _eval(self, t: Array, xp: Backend) -> Any:
        return self.start / xp.sqrt(1.0 + xp.maximum(t, 0) / self.timescale)


@register(InverseSqrt)
def inverse_sqrt(start: float, timescale: float = 10_000.0) -> Schedule:
    """Inverse square-root decay with a timescale.

    .. math:: v(t) = s / \\sqrt{1 + t / \\tau}

    After a warmup of ``W`` steps, ``warmup(inverse_sqrt(peak, W), W)`` is
    fairseq's / the Transformer's ``peak * sqrt(W / t)``; ``timescale=τ`` is the
    form of transformers' ``get_inverse_sqrt_schedule`` and big_vision's
    ``rsqrt``.

    Args:
        start: value ``s`` at step 0.
        timescale: ``τ > 0``; the value halves at ``t = 3τ``.

    >>> import schedax as sx
    >>> s = sx.inverse_sqrt(1.0, timescale=100)
    >>> s(0), s(300)
    (1.0, 0.5)
    """
    fn = "inverse_sqrt"
    return InverseSqrt(v.real(fn, "start", start), v.positive(fn, "timescale", timescale))


@dataclasses.dataclass(frozen=True, repr=False)
class InverseTime(Schedule):
    start: Any
    rate: Any
    every: Any = 1
    staircase: bool = False

    _ctor = "inverse_time"
    _leaves = ("start", "rate", "every")

    def _eval(self, t: Array, xp: Backend) -> Any:
        t = xp.maximum(t, 0)
        k = xp.floor_div(t, self.every) if self.staircase else t / self.every
        return self.start / (1.0 + self.rate * k)


@register(InverseTime)
def inverse_time(start: float, rate: float, every: int = 1, staircase: bool = False) -> Schedule:
    """Inverse-time decay (keras ``InverseTimeDecay``).

    .. math::
        v(t) = s / (1 + r k), \\quad
        k = t / n \\;(\\lfloor t/n \\rfloor \\text{ if staircase})

    Args:
        start: value ``s`` at step 0.
        rate: ``r >= 0``.
        every: ``n``, a positive integer.
        staircase: decay in whole multiples of ``n`` steps.

    >>> import schedax as sx
    >>> sx.inverse_time(1.0, 0.5, every=10)(20)
    0.5
    """
    fn = "inverse_time"
    return InverseTime(
        v.real(fn, "start", start),
        v.nonnegative(fn, "rate", rate),
        v.integer(fn, "every", every, minimum=1),
        v.flag(fn, "staircase", staircase),
    )


# ------------------------------------------------------------ user functions


def _host_loop(fn: Callable[[Any], Any], t: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    flat = [float(fn(x)) for x in t.ravel().tolist()]
    return np.asarray(flat, dtype=np.float64).reshape(t.shape)


def _on_host(xp: Backend, t: Array, compute: Callable[[np.ndarray[Any, Any]], Any]) -> Any:
    """Run a numpy ``compute`` on the steps ``t`` of any backend."""
    if xp.name == "numpy":
        return compute(np.asarray(t))
    if xp.name == "jax":
        import jax

        dtype = xp.float_dtype(t)
        shape = jax.ShapeDtypeStruct(np.shape(t), dtype)  # type: ignore[no-untyped-call]
        return jax.pure_callback(
            lambda a: np.asarray(compute(np.asarray(a)), dtype=dtype),
            shape,
            t,
            vmap_method="broadcast_all",
        )
    import torch

    host = compute(np.asarray(t.detach().cpu()) if isinstance(t, torch.Tensor) else np.asarray(t))
    return torch.as_tensor(host, dtype=xp.float_dtype(t), device=getattr(t, "device", None))


@dataclasses.dataclass(frozen=True, repr=False)
class FromFn(Schedule):
    fn: Callable[[Any], Any]
    vectorized: bool = False

    _ctor = "from_fn"

    def _eval(self, t: Array, xp: Backend) -> Any:
        if xp.scalar:
            return float(self.fn(t))
        if self.vectorized:
            return self.fn(t)
        return _on_host(xp, t, lambda a: _host_loop(self.fn, a))


def _resolve(fn_name: str, name: str, fn: object) -> object:
    """``fn`` itself, or the function a ``"module:qualname"`` string names."""
    if isinstance(fn, str) and ":" in fn:
        import importlib

        module, _, qualname = fn.partition(":")
        try:
            obj: object = importlib.import_module(module)
            for part in qualname.split("."):
                obj = getattr(obj, part)
        except (ImportError, AttributeError) as exc:
            raise ValueError(
                f"{fn_name}: '{name}' must be a callable or an importable "
                f"'module:qualname' (got {fn!r}: {exc})"
            ) from None
        return obj
    return fn


@register(FromFn)
def from_fn(fn: Callable[[Any], float], vectorized: bool = False) -> Schedule:
    """Any function of the step as a schedule (torch ``LambdaLR``'s ``lr_lambda``).

    .. math:: v(t) = f(t)

    ``f`` receives the step as it was given to the schedule (inside a
    combinator: its local time). Unless ``vectorized``, ``f`` is called once
    per step with a Python number, also for array steps: on numpy and torch
    in a loop, under JAX through ``jax.pure_callback`` (works under
    ``jax.jit``/``jax.vmap``, not ``jax.grad``). With ``vectorized=True``, ``f``
    receives the array itself and must handle it (e.g. written with
    ``jax.numpy``); it then runs natively, including under ``jax.grad``.

    This is also how a hand-written ``adjust_learning_rate(optimizer, epoch)``
    moves to schedax: pass the function that computes the lr from the epoch.

    Args:
        fn: callable of one argument, the step. A ``"module:qualname"`` string
            names an importable function (this is how ``to_dict`` writes it).
        vectorized: whether ``fn`` accepts arrays.

    >>> import schedax as sx
    >>> s = sx.from_fn(lambda step: 0.95**step)
    >>> print(f"{s(10):.4f}")
    0.5987
    """
    fn = v.function("from_fn", "fn", _resolve("from_fn", "fn", fn))
    return FromFn(fn, v.flag("from_fn", "vectorized", vectorized))


@dataclasses.dataclass(frozen=True, repr=False)
class Multiplicative(Schedule):
    factor: Any
    start: float = 1.0

    _ctor = "multiplicative"

    @cached_property
    def _prefix(self) -> list[float]:
        # _prefix[k] = start * factor(1) * ... * factor(k); grown on demand.
        return [float(self.start)]

    def _products(self, upto: int) -> list[float]:
        prefix = self._prefix
        n = len(prefix)
        if upto >= n:
            if isinstance(self.factor, Schedule):
                factors = self.factor.curve(upto + 1)[n:].tolist()
            else:
                factors = [float(self.factor(k)) for k in range(n, upto + 1)]
            acc = prefix[-1]
            for f in factors:
                acc *= f
                prefix.append(acc)
        return prefix

    def _eval(self, t: Array, xp: Backend) -> Any:
        if xp.scalar:
            k = max(math.floor(t), 0)
            return float(self._products(k)[k])

        def compute(a: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
            k = np.maximum(np.floor(a), 0).astype(np.int64)
            table = np.asarray(self._products(int(k.max()) if k.size else 0))
            out: np.ndarray[Any, Any] = table[k]
            return out

        return _on_host(xp, t, compute)


@register(Multiplicative)
def multiplicative(factor: Callable[[int], float] | Schedule, start: float = 1.0) -> Schedule:
    """The running product of a factor: torch ``MultiplicativeLR``.

    .. math:: v(t) = s \\prod_{k=1}^{\\lfloor t \\rfloor} f(k)

    This is the one primitive that needs history: evaluating step ``t`` costs
    ``O(t)`` the first time (prefix products are then kept and reused). The
    factor is a schedax schedule (evaluated as a whole curve) or any Python
    function of the integer step. Under JAX it runs through
    ``jax.pure_callback`` (no ``jax.grad``).

    Args:
        factor: ``f``, a schedule or a callable of the step ``k >= 1``.
        start: ``s``, the value at step 0.

    >>> import schedax as sx
    >>> s = sx.multiplicative(lambda k: 0.5, start=1.0)
    >>> s(0), s(3)
    (1.0, 0.125)
    """
    fn = "multiplicative"
    if not isinstance(factor, Schedule):
        factor = v.function(fn, "factor", _resolve(fn, "factor", factor))
    start_ = v.real(fn, "start", start)
    if is_jax(start_):
        v.fail(fn, "start", "a concrete number", start_, TypeError)
    return Multiplicative(factor, start_)
