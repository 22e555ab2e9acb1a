"""Reduce-on-plateau: a metric-driven multiplier as a pure state machine.

Unlike every other schedule, the value after a plateau depends on the history
of a metric, not on the step. The machine is therefore a value with three pure
functions -- ``init()``, ``update(state, metric)`` and ``value(state)`` -- and
its state is a small immutable record (a ``NamedTuple``, hence a JAX pytree).

The update is written once against a namespace (:data:`schedax._backend.PY`
for Python numbers, ``jax.numpy`` for JAX values): no Python control flow
depends on a metric, so the same code runs in a Python loop, under
``jax.jit`` and inside ``jax.lax.scan``.

The machine is deliberately *not* a :class:`~schedax.Schedule` and not
callable: ``optax.inject_hyperparams`` treats a callable with ``init`` and
``update`` as a stateful schedule of its own protocol.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, NamedTuple

import numpy as np

from .. import _validate as v
from .._backend import PY, Backend, is_jax, jax_backend
from .._pretty import Group, render

Array = Any

_MODES = ("min", "max")
_THRESHOLD_MODES = ("rel", "abs")
_CONVENTIONS = ("torch", "optax")


class PlateauState(NamedTuple):
    """The state of a :func:`~schedax.reduce_on_plateau` machine.

    Python numbers after a Python-loop update; 0-d JAX arrays (float, int32)
    after an update under JAX. A ``NamedTuple`` is a JAX pytree, so the state
    can be a ``jax.lax.scan`` carry or a leaf of an optimizer state.
    """

    #: the best metric seen so far (``inf`` in mode ``min``, ``-inf`` in ``max``, at first)
    best: Any
    #: consecutive evaluations without improvement (torch ``num_bad_epochs``)
    num_bad_epochs: Any
    #: evaluations left in the cooldown after a reduction
    cooldown_counter: Any
    #: the current value: the multiplier (``start``, 1.0 by default, at first)
    scale: Any


def _concrete(fn: str, name: str, x: object) -> None:
    if is_jax(x):
        v.fail(fn, name, "a concrete number (not a JAX array)", x, TypeError)


@dataclasses.dataclass(frozen=True, repr=False)
class ReduceOnPlateau:
    """A reduce-on-plateau machine; build it with :func:`schedax.reduce_on_plateau`."""

    mode: str = "min"
    factor: float = 0.1
    patience: int = 10
    threshold: float = 1e-4
    threshold_mode: str = "rel"
    cooldown: int = 0
    min_scale: float = 0.0
    eps: float = 1e-8
    convention: str = "torch"
    start: float = 1.0

    # ---------------------------------------------------------- the machine

    def init(self) -> PlateauState:
        """The state before any metric: no best yet, no bad epochs, value ``start``."""
        best = math.inf if self.mode == "min" else -math.inf
        return PlateauState(best, 0, 0, self.start)

    def update(self, state: PlateauState, metric: Any) -> PlateauState:
        """The state after one more evaluation of the metric.

        Python numbers (or a numpy/torch scalar, read with ``float`` as torch
        does) give a state of Python numbers; a JAX metric or state gives a
        state of 0-d JAX arrays, under ``jax.jit`` too.
        """
        xp: Backend
        if is_jax(metric) or any(is_jax(x) for x in state):
            xp = jax_backend()
            state, metric = self._jax_state(state), self._jax_metric(metric)
        else:
            xp = PY
            best, bad, cooldown, scale = state
            state = PlateauState(float(best), int(bad), int(cooldown), float(scale))
            metric = float(metric)
        return self._step(xp, state, metric)

    def value(self, state: PlateauState) -> Any:
        """The current value: the multiplier held in ``state``."""
        return state.scale

    def run(self, metrics: Any, state: PlateauState | None = None) -> tuple[PlateauState, Any]:
        """The final state and the values after each of ``metrics``, in one call.

        ``values[i]`` is the value after ``metrics[: i + 1]``. A JAX array (or
        a JAX ``state``) runs one ``jax.lax.scan`` and gives JAX results, and
        works under ``jax.jit``; anything else (a list, a numpy array) runs a
        Python loop and gives a ``float64`` numpy array.
        """
        if state is None:
            state = self.init()
        if is_jax(metrics) or any(is_jax(x) for x in state):
            import jax
            import jax.numpy as jnp

            xs = jnp.asarray(metrics, dtype=jnp.result_type(float))
            if xs.ndim != 1:
                v.fail("run", "metrics", "a 1-D sequence of numbers", f"shape {xs.shape}")
            xp = jax_backend()

            def body(carry: PlateauState, metric: Array) -> tuple[PlateauState, Array]:
                new = self._step(xp, carry, metric)
                return new, new.scale

            final, values = jax.lax.scan(body, self._jax_state(state), xs)
            return final, values
        arr = np.asarray(metrics, dtype=np.float64)
        if arr.ndim != 1:
            v.fail("run", "metrics", "a 1-D sequence of numbers", f"shape {arr.shape}")
        out = np.empty(arr.shape[0], dtype=np.float64)
        for i, metric in enumerate(arr.tolist()):
            state = self.update(state, metric)
            out[i] = state.scale
        return state, out

    def trajectory(self, metrics: Any, state: PlateauState | None = None) -> Any:
        """The values after each of ``metrics``: ``run(metrics, state)[1]``.

        >>> import schedax as sx
        >>> m = sx.reduce_on_plateau(factor=0.5, patience=1)
        >>> m.trajectory([3.0, 2.0, 2.0, 2.0, 2.0, 1.0]).tolist()
        [1.0, 1.0, 1.0, 0.5, 0.5, 0.5]
        """
        return self.run(metrics, state)[1]

    # ------------------------------------------------------------ internals

    def _jax_state(self, state: PlateauState) -> PlateauState:
        import jax.numpy as jnp

        f = jnp.result_type(float)
        best, bad, cooldown, scale = state
        return PlateauState(
            jnp.asarray(best, dtype=f),
            jnp.asarray(bad, dtype=jnp.int32),
            jnp.asarray(cooldown, dtype=jnp.int32),
            jnp.asarray(scale, dtype=f),
        )

    def _jax_metric(self, metric: Any) -> Array:
        import jax.numpy as jnp

        x = jnp.asarray(metric, dtype=jnp.result_type(float))
        if x.ndim != 0:
            v.fail("update", "metric", "a scalar", f"shape {x.shape}")
        return x

    def _is_better(self, metric: Any, best: Any) -> Any:
        # Torch's expressions, operation for operation: ``1.0 - threshold`` is
        # rounded first, then multiplied by ``best``. A NaN metric is never better.
        t = self.threshold
        if self.mode == "min":
            bound = best * (1.0 - t) if self.threshold_mode == "rel" else best - t
            return metric < bound
        bound = best * (t + 1.0) if self.threshold_mode == "rel" else best + t
        return metric > bound

    def _step(self, xp: Backend, s: PlateauState, metric: Any) -> PlateauState:
        better = self._is_better(metric, s.best)
        best = xp.where(better, metric, s.best)
        bad = xp.where(better, 0, s.num_bad_epochs + 1)
        in_cooldown = s.cooldown_counter > 0
        cooldown = xp.where(in_cooldown, s.cooldown_counter - 1, s.cooldown_counter)
        bad = xp.where(in_cooldown, 0, bad)  # bad epochs in cooldown are ignored
        # torch: more than ``patience`` bad epochs; optax: ``patience`` of them
        limit = self.patience if self.convention == "torch" else self.patience - 1
        reduce = bad > limit
        old = s.scale
        new = xp.maximum(old * self.factor, self.min_scale)
        # torch skips a reduction that changes the value by ``eps`` or less
        scale = xp.where(reduce & (old - new > self.eps), new, old)
        cooldown = xp.where(reduce, self.cooldown, cooldown)
        bad = xp.where(reduce, 0, bad)
        return PlateauState(best, bad, cooldown, scale)

    # ------------------------------------------------------ value semantics

    def __repr__(self) -> str:
        items = tuple(
            (f"{f.name}=", repr(getattr(self, f.name)))
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != f.default
        )
        return render(Group("reduce_on_plateau(", items, ")"))


def _build(
    fn: str,
    mode: str,
    factor: float,
    patience: int,
    threshold: float,
    threshold_mode: str,
    cooldown: int,
    min_scale: float,
    eps: float,
    convention: str,
    start: float,
    min_name: str = "min_scale",
    start_name: str = "start",
) -> ReduceOnPlateau:
    """Validate and build; ``fn``/``min_name``/``start_name`` name things in errors."""
    mode = v.choice(fn, "mode", mode, _MODES)
    threshold_mode = v.choice(fn, "threshold_mode", threshold_mode, _THRESHOLD_MODES)
    convention = v.choice(fn, "convention", convention, _CONVENTIONS)
    for name, x in (
        ("factor", factor),
        ("threshold", threshold),
        (min_name, min_scale),
        ("eps", eps),
        (start_name, start),
    ):
        _concrete(fn, name, x)
    factor_ = v.real(fn, "factor", factor)
    if not 0.0 < factor_ < 1.0:
        v.fail(fn, "factor", "a number in (0, 1)", factor)
    patience = v.integer(fn, "patience", patience)
    if convention == "optax" and patience < 1:
        v.fail(fn, "patience", "a positive integer with convention='optax'", patience)
    return ReduceOnPlateau(
        mode=mode,
        factor=factor_,
        patience=patience,
        threshold=v.nonnegative(fn, "threshold", threshold),
        threshold_mode=threshold_mode,
        cooldown=v.integer(fn, "cooldown", cooldown),
        min_scale=v.nonnegative(fn, min_name, min_scale),
        eps=v.nonnegative(fn, "eps", eps),
        convention=convention,
        start=v.nonnegative(fn, start_name, start),
    )


def reduce_on_plateau(
    mode: str = "min",
    factor: float = 0.1,
    patience: int = 10,
    threshold: float = 1e-4,
    threshold_mode: str = "rel",
    cooldown: int = 0,
    min_scale: float = 0.0,
    eps: float = 1e-8,
    convention: str = "torch",
    start: float = 1.0,
) -> ReduceOnPlateau:
    """A multiplier that drops by ``factor`` when a metric stops improving.

    A pure state machine, torch ``ReduceLROnPlateau`` operation for operation:
    ``m.init()`` gives the first state, ``m.update(state, metric)`` the next
    one, ``m.value(state)`` the current multiplier (``start`` at first), and
    ``m.trajectory(metrics)`` the values after each metric of a whole history
    at once (one ``jax.lax.scan`` for a JAX array, a loop for a list or numpy
    array). The state is a :class:`~schedax.schedules.PlateauState`
    ``NamedTuple`` (a JAX pytree) of ``best``, ``num_bad_epochs``,
    ``cooldown_counter`` and ``scale``; updates run in a Python loop (Python
    floats), under ``jax.jit`` and inside ``jax.lax.scan``. Each update with a
    metric ``x`` does, in order (shown for mode ``min``):

    .. math::
        \\begin{aligned}
        &\\text{better} = x < b\\,(1 - \\tau) \\ \\text{(rel)}
          \\quad\\text{or}\\quad x < b - \\tau \\ \\text{(abs)};\\qquad
          b \\leftarrow x,\\ n \\leftarrow 0 \\text{ if better, else } n \\leftarrow n + 1 \\\\
        &\\text{if } c > 0:\\ c \\leftarrow c - 1,\\ n \\leftarrow 0 \\\\
        &\\text{if } n > P:\\ s' = \\max(\\gamma s, s_{\\min}),\\
          s \\leftarrow s' \\text{ if } s - s' > \\epsilon,\\
          c \\leftarrow C,\\ n \\leftarrow 0
        \\end{aligned}

    with best metric ``b`` (``inf`` at first; ``-inf`` in mode ``max``, where
    better is ``x > b (1 + τ)`` or ``x > b + τ``), bad-epoch count ``n``,
    cooldown counter ``c`` and value ``s``. A NaN metric is never better. The
    multiplier composes with any closed-form schedule: the learning rate is
    ``base(step) * m.value(state)`` (see ``examples/plateau.py`` for warmup,
    plateau-driven phase, then a cooldown).

    ``convention="optax"`` reduces one evaluation earlier, when ``n`` reaches
    ``P`` (``n >= P``, as optax ``contrib.reduce_on_plateau``; torch's
    ``patience = P - 1``). optax also differs in ways this option does not
    copy: it has mode ``min`` only (negate the metric for ``max``), adds
    ``rtol`` and ``atol`` thresholds (``threshold_mode`` picks one), clips to
    ``min_scale`` without ``eps`` (pass ``eps=0.0`` for its rule), can average
    the metric over ``accumulation_size`` calls, and with ``patience=0``
    reduces on every *improving* evaluation (its test is ``n == P``), which is
    why this convention asks for ``P >= 1``.

    Args:
        mode: ``"min"`` (a lower metric is better, e.g. a loss) or ``"max"``.
        factor: ``γ`` in ``(0, 1)``: each reduction multiplies the value by it.
        patience: ``P``, a non-negative integer: bad evaluations tolerated
            before a reduction (a positive integer with ``convention="optax"``).
        threshold: ``τ >= 0``, the least improvement that counts as better.
        threshold_mode: ``"rel"`` (``τ`` relative to the best) or ``"abs"``.
        cooldown: ``C``, a non-negative integer: evaluations after a reduction
            during which bad evaluations are not counted.
        min_scale: ``s_min >= 0``, the floor of the value, in the units of
            ``start`` (torch's ``min_lr`` when ``start`` is the lr). A floor
            above the current value stops reductions; it never raises the value.
        eps: ``ε >= 0``: a reduction that would change the value by ``ε`` or
            less is skipped (torch's ``eps``).
        convention: ``"torch"`` (reduce when ``n > P``) or ``"optax"``
            (``n >= P``).
        start: the value ``s`` before any reduction, ``>= 0``; 1.0 makes the
            value a multiplier, a learning rate makes it torch's lr
            (``schedax.presets.torch.ReduceLROnPlateau``).

    >>> import schedax as sx
    >>> m = sx.reduce_on_plateau(factor=0.5, patience=1)
    >>> state = m.init()
    >>> for loss in [1.0, 0.5, 0.6, 0.7, 0.8, 0.9]:
    ...     state = m.update(state, loss)
    >>> print(m.value(state), state.num_bad_epochs)
    0.25 0
    >>> base = sx.cosine(1e-2, 1e-4, 1_000)
    >>> print(f"{base(100) * m.value(state):.6f}")
    0.002439
    """
    return _build(
        "reduce_on_plateau",
        mode,
        factor,
        patience,
        threshold,
        threshold_mode,
        cooldown,
        min_scale,
        eps,
        convention,
        start,
    )
