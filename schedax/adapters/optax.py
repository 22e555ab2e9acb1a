"""optax helpers around schedax schedules.

A schedax schedule is already a valid optax schedule: ``optax.adam(s)`` and
``optax.inject_hyperparams(optax.adamw)(learning_rate=s, weight_decay=w)``
work under ``jax.jit`` as they are. On optax's int32 step counter a schedule
whose parameters are Python numbers returns a *weakly typed* float, as optax's
own schedules do, so the value takes the dtype of the parameters (bf16 updates
for bf16 parameters) and the jitted update is compiled once: the step is a
traced argument, never a constant.

This module adds what optax makes awkward:

* :func:`inject` -- several scheduled hyperparameters of one optimizer in one
  call, with the parameter names checked and non-numeric arguments static;
* :func:`per_group` -- other schedules for other parameter groups
  (``optax.partition``, formerly ``multi_transform``, with a label tree or a
  label function);
* :func:`reduce_on_plateau` -- a gradient transformation driven by the pure
  :func:`schedax.reduce_on_plateau` machine;
* :func:`hyperparams` -- the current value of every injected hyperparameter,
  read back from an optimizer state.

optax's step counter is an int32 that stops at ``2**31 - 1``
(``optax.safe_increment``): from that step on, every schedule is evaluated at
``2**31 - 1`` forever. schedax schedules are finite there (boundaries past
``2**31 - 1`` are dropped from int32 tables, and shifts saturate instead of
wrapping), so a run that long holds the value of its last step.

Importing this module imports jax and optax; ``import schedax`` never does.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import optax

from .. import _validate as v
from ..schedules._base import Schedule
from ..schedules._plateau import PlateauState, ReduceOnPlateau

__all__ = [
    "PlateauScaleState",
    "hyperparams",
    "inject",
    "per_group",
    "reduce_on_plateau",
]


def _is_number(x: object) -> bool:
    if isinstance(x, bool):
        return False
    if isinstance(x, int | float):
        return True
    return isinstance(x, jax.Array | jnp.ndarray) and getattr(x, "ndim", 1) == 0


def inject(
    factory: Callable[..., optax.GradientTransformation],
    /,
    *,
    hyperparam_dtype: Any = None,
    **hyperparameters: Any,
) -> optax.GradientTransformationExtraArgs:
    """``optax.inject_hyperparams(factory)(**hyperparameters)``, checked.

    Each schedax schedule becomes a scheduled hyperparameter, evaluated at
    optax's step count at every update; each number becomes an injected
    constant (readable with :func:`hyperparams`, and overridable in the
    state); everything else -- booleans, masks, functions that are not schedax
    schedules -- is a static argument of ``factory``, never mistaken for a
    schedule (``optax.inject_hyperparams`` treats *every* callable as one
    unless told otherwise).

    .. math:: h_{\\text{name}}(c) = s_{\\text{name}}(c), \\quad c = \\text{optax's update count}

    Args:
        factory: an optax optimizer or transformation factory, e.g.
            ``optax.adamw``.
        hyperparam_dtype: the dtype of injected numbers (default: that of the
            parameters, as optax).
        **hyperparameters: ``factory``'s keyword arguments.

    Raises:
        TypeError: ``factory`` is not callable, or a name is not one of its
            parameters (the message lists them).

    >>> import optax, schedax as sx
    >>> from schedax.adapters.optax import inject, hyperparams
    >>> import jax.numpy as jnp
    >>> lr = sx.warmup(sx.cosine(1e-3, 1e-5, 90), 10)
    >>> tx = inject(optax.adamw, learning_rate=lr, weight_decay=sx.linear(0.0, 0.1, 100))
    >>> state = tx.init(jnp.zeros(3))
    >>> sorted(hyperparams(state))[:3]
    ['b1', 'b2', 'eps']
    """
    if not callable(factory):
        v.fail("inject", "factory", "an optax transformation factory", factory, TypeError)
    try:
        params = inspect.signature(factory).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins without signatures
        params = {}  # type: ignore[assignment]
    if params and not any(p.kind is p.VAR_KEYWORD for p in params.values()):
        for name in hyperparameters:
            if name not in params:
                raise TypeError(
                    f"inject: {name!r} is not a parameter of "
                    f"{getattr(factory, '__name__', factory)!r} "
                    f"(its parameters: {', '.join(params)})"
                )
    static = [
        name
        for name, value in hyperparameters.items()
        if not isinstance(value, Schedule) and not _is_number(value)
    ]
    return optax.inject_hyperparams(factory, static_args=static, hyperparam_dtype=hyperparam_dtype)(
        **hyperparameters
    )


def per_group(
    factory: Callable[..., optax.GradientTransformation],
    labels: Any,
    groups: Mapping[str, Mapping[str, Any]],
    /,
    *,
    hyperparam_dtype: Any = None,
    **shared: Any,
) -> optax.GradientTransformationExtraArgs:
    """One ``factory`` optimizer per parameter group, each with its own schedules.

    Builds ``optax.partition`` (``multi_transform`` in older optax) of
    ``inject(factory, **shared, **groups[label])`` for every label: parameters
    labelled ``label`` are updated with that group's hyperparameters, and the
    ``shared`` ones fill in what a group does not set.

    Args:
        factory: the optimizer factory, e.g. ``optax.adamw``.
        labels: a pytree of labels with the structure of the parameters, or a
            function from the parameters to one (as ``optax.partition``).
        groups: for every label, the hyperparameters (schedules or numbers)
            of that group.
        hyperparam_dtype: as in :func:`inject`.
        **shared: hyperparameters common to every group.

    Raises:
        ValueError: ``groups`` is empty or not keyed by strings.

    >>> import jax.numpy as jnp, optax, schedax as sx
    >>> from schedax.adapters.optax import per_group, hyperparams
    >>> params = {"w": jnp.ones(3), "b": jnp.zeros(1)}
    >>> tx = per_group(
    ...     optax.adamw,
    ...     {"w": "decay", "b": "no_decay"},
    ...     {"decay": {"weight_decay": 0.1}, "no_decay": {"weight_decay": 0.0}},
    ...     learning_rate=sx.cosine(1e-3, 0.0, 100),
    ... )
    >>> h = hyperparams(tx.init(params))
    >>> sorted(h)[:3]
    ['decay/b1', 'decay/b2', 'decay/eps']
    >>> round(float(h["decay/weight_decay"]), 6), float(h["no_decay/weight_decay"])
    (0.1, 0.0)
    """
    if not isinstance(groups, Mapping) or not groups:
        v.fail("per_group", "groups", "a non-empty mapping from label to hyperparameters", groups)
    transforms = {}
    for label, hps in groups.items():
        if not isinstance(label, str):
            v.fail("per_group", "groups", "keyed by labels (str)", label, TypeError)
        if not isinstance(hps, Mapping):
            v.fail(
                "per_group", f"groups[{label!r}]", "a mapping of hyperparameters", hps, TypeError
            )
        transforms[label] = inject(factory, hyperparam_dtype=hyperparam_dtype, **{**shared, **hps})
    partition = getattr(optax, "partition", None) or optax.multi_transform
    out: optax.GradientTransformationExtraArgs = partition(transforms, labels)
    return out


# ------------------------------------------------------------------ plateau


class PlateauScaleState(NamedTuple):
    """The state of :func:`reduce_on_plateau`: the machine's state and the running mean."""

    #: the plateau machine's state (its ``scale`` multiplies the updates)
    plateau: PlateauState
    #: values accumulated since the last machine update (int32)
    count: Any
    #: their mean
    avg_value: Any


def reduce_on_plateau(
    machine: ReduceOnPlateau, *, accumulation_size: int = 1
) -> optax.GradientTransformationExtraArgs:
    """Scale updates by a :func:`schedax.reduce_on_plateau` machine's value.

    Chain it after an optimizer (``optax.chain(optax.adam(s), tx)``) and pass
    the monitored value to every update as ``update(..., value=loss)``. Every
    ``accumulation_size`` values, their mean is fed to the machine; the
    updates are multiplied by its current value (cast to each update's dtype):

    .. math::
        u' = m \\cdot u, \\qquad
        m \\leftarrow \\mathrm{update}\\Big(m, \\tfrac{1}{A}\\sum_{i=1}^{A} x_i\\Big)
        \\text{ every } A \\text{ values}

    With ``machine = sx.reduce_on_plateau(..., convention="optax", eps=0.0)``
    (``threshold`` = optax's ``rtol``) this is ``optax.contrib.reduce_on_plateau``;
    the default ``"torch"`` convention reduces one evaluation later, as torch.
    The whole update runs under ``jax.jit`` (no Python control flow depends on
    a value).

    Args:
        machine: the plateau machine (mode, factor, patience, ...).
        accumulation_size: how many values to average per machine update.

    >>> import jax.numpy as jnp, optax, schedax as sx
    >>> from schedax.adapters.optax import reduce_on_plateau, hyperparams
    >>> tx = reduce_on_plateau(sx.reduce_on_plateau(factor=0.5, patience=0))
    >>> state = tx.init(jnp.zeros(2))
    >>> for loss in [1.0, 1.0, 1.0]:
    ...     updates, state = tx.update(jnp.ones(2), state, value=loss)
    >>> updates.tolist(), float(hyperparams(state)["plateau"])
    ([0.25, 0.25], 0.25)
    """
    if not isinstance(machine, ReduceOnPlateau):
        v.fail(
            "reduce_on_plateau",
            "machine",
            "a schedax.reduce_on_plateau(...) machine",
            machine,
            TypeError,
        )
    size = v.integer("reduce_on_plateau", "accumulation_size", accumulation_size, minimum=1)

    def init_fn(params: Any) -> PlateauScaleState:
        del params
        f = jnp.result_type(float)
        return PlateauScaleState(
            machine._jax_state(machine.init()), jnp.zeros((), jnp.int32), jnp.zeros((), f)
        )

    def update_fn(
        updates: Any, state: PlateauScaleState, params: Any = None, *, value: Any, **extra: Any
    ) -> tuple[Any, PlateauScaleState]:
        del params, extra
        count = state.count + 1
        x = jnp.asarray(value, state.avg_value.dtype)
        avg = (state.avg_value * state.count + x) / count
        full = count >= size
        stepped = machine.update(state.plateau, avg)
        plateau = jax.tree.map(lambda new, old: jnp.where(full, new, old), stepped, state.plateau)
        scale = plateau.scale
        updates = jax.tree.map(lambda g: jnp.asarray(scale, g.dtype) * g, updates)
        return updates, PlateauScaleState(
            PlateauState(*plateau),
            jnp.where(full, 0, count).astype(jnp.int32),
            jnp.where(full, 0.0, avg).astype(state.avg_value.dtype),
        )

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


# ------------------------------------------------------------------ reading


def hyperparams(state: Any) -> dict[str, Any]:
    """The current value of every injected hyperparameter in an optimizer state.

    Walks the state (chains, ``optax.partition`` groups, masks) and collects
    the ``hyperparams`` of every ``optax.inject_hyperparams`` state -- what
    :func:`inject` and :func:`per_group` build -- and the scale of every
    :func:`reduce_on_plateau` (as ``"plateau"``). After ``k`` updates the
    values are those the ``k``-th update used (after ``init``, those of step
    0). Keys are the hyperparameter names, prefixed by the group label inside
    a partition (``"decay/learning_rate"``) and by the position in a chain
    where two transformations would otherwise clash (``"1/learning_rate"``).
    Values are 0-d JAX arrays (``float(v)`` to log them); this works under
    ``jax.jit`` too.

    >>> import jax.numpy as jnp, optax, schedax as sx
    >>> from schedax.adapters.optax import inject, hyperparams
    >>> tx = inject(optax.sgd, learning_rate=sx.linear(1.0, 0.0, 10))
    >>> state = tx.init(jnp.zeros(1))
    >>> for _ in range(3):
    ...     _, state = tx.update(jnp.ones(1), state)
    >>> round(float(hyperparams(state)["learning_rate"]), 6)
    0.8
    """
    found: list[tuple[tuple[str, ...], tuple[str, ...], str, Any]] = []
    _collect(state, (), (), found)
    short = ["/".join((*labels, name)) for labels, _, name, _ in found]
    out: dict[str, Any] = {}
    for key, (labels, positions, name, value) in zip(short, found, strict=True):
        if short.count(key) > 1:
            key = "/".join((*labels, *positions, name))
        out[key] = value
    return out


_INJECT_STATES = tuple(
    cls
    for cls in (
        getattr(optax, "InjectStatefulHyperparamsState", None),
        getattr(optax, "InjectHyperparamsState", None),
    )
    if cls is not None
)


def _collect(
    node: Any,
    labels: tuple[str, ...],
    positions: tuple[str, ...],
    found: list[tuple[tuple[str, ...], tuple[str, ...], str, Any]],
) -> None:
    if isinstance(node, _INJECT_STATES):
        for name, value in node.hyperparams.items():
            found.append((labels, positions, name, value))
        _collect(node.inner_state, labels, positions, found)
        return
    if isinstance(node, PlateauScaleState):
        found.append((labels, positions, "plateau", node.plateau.scale))
        return
    if isinstance(node, jax.Array | int | float) or node is None:
        return
    inner = getattr(node, "inner_states", None)
    if isinstance(node, tuple) and isinstance(inner, Mapping):  # partition / multi_transform
        for label, sub in inner.items():
            _collect(sub, (*labels, str(label)), positions, found)
        return
    if isinstance(node, tuple) and hasattr(node, "_fields"):  # other NamedTuple states
        for field in node._fields:
            _collect(getattr(node, field), labels, positions, found)
        return
    if isinstance(node, tuple | list):
        for i, sub in enumerate(node):
            _collect(sub, labels, (*positions, str(i)), found)
        return
    if isinstance(node, Mapping):
        for key, sub in node.items():
            _collect(sub, labels, (*positions, str(key)), found)
