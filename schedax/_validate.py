"""Argument checks shared by every constructor.

Each check names the function, the parameter, the rule and the value received,
e.g. ``cosine: 'steps' must be a non-negative integer (got -1)``. Values that
are JAX arrays or tracers are passed through unchecked: they may be traced
under ``jax.jit``/``jax.grad`` and cannot be inspected.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from ._backend import is_jax


def fail(fn: str, name: str, rule: str, got: object, exc: type[Exception] = ValueError) -> NoReturn:
    """Raise ``exc`` with the standard message."""
    raise exc(f"{fn}: '{name}' must be {rule} (got {got!r})")


def _number(fn: str, name: str, x: object, rule: str) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        if hasattr(x, "shape") and getattr(x, "shape", None) == () and hasattr(x, "item"):
            # 0-d numpy / torch values
            return _number(fn, name, x.item(), rule)
        fail(fn, name, rule, x, TypeError)
    value = float(x)
    if not math.isfinite(value):
        fail(fn, name, rule, x)
    return value


def real(fn: str, name: str, x: object) -> Any:
    """A finite real number (as ``float``), or a JAX value."""
    if is_jax(x):
        return x
    return _number(fn, name, x, "a finite real number")


def positive(fn: str, name: str, x: object) -> Any:
    """A finite number ``> 0``, or a JAX value."""
    if is_jax(x):
        return x
    value = _number(fn, name, x, "a finite number > 0")
    if value <= 0:
        fail(fn, name, "a finite number > 0", x)
    return value


def nonnegative(fn: str, name: str, x: object) -> Any:
    """A finite number ``>= 0``, or a JAX value."""
    if is_jax(x):
        return x
    value = _number(fn, name, x, "a finite number >= 0")
    if value < 0:
        fail(fn, name, "a finite number >= 0", x)
    return value


def in_range(fn: str, name: str, x: object, lo: float, hi: float, rule: str) -> Any:
    """A finite number with ``lo < x <= hi``, or a JAX value."""
    if is_jax(x):
        return x
    value = _number(fn, name, x, rule)
    if not lo < value <= hi:
        fail(fn, name, rule, x)
    return value


def integer(fn: str, name: str, x: object, minimum: int | None = 0) -> int:
    """An integer (an integral float such as ``1e5`` is accepted) ``>= minimum``.

    Durations, boundaries and periods are structural: they are never traced.
    """
    if minimum is None:
        rule = "an integer"
    elif minimum == 0:
        rule = "a non-negative integer"
    elif minimum == 1:
        rule = "a positive integer"
    else:
        rule = f"an integer >= {minimum}"
    if is_jax(x):
        fail(
            fn,
            name,
            rule + " known before tracing (a concrete Python int)",
            x,
            TypeError,
        )
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        if hasattr(x, "shape") and getattr(x, "shape", None) == () and hasattr(x, "item"):
            return integer(fn, name, x.item(), minimum)
        fail(fn, name, rule, x, TypeError)
    if isinstance(x, numbers.Integral):
        value = int(x)
    else:
        f = float(x)
        if not (math.isfinite(f) and f.is_integer()):
            fail(fn, name, rule, x)
        value = int(f)
    if minimum is not None and value < minimum:
        fail(fn, name, rule, x)
    return value


def integers(
    fn: str, name: str, xs: object, *, minimum: int = 0, strict: bool = True
) -> tuple[int, ...]:
    """A sorted sequence of integers (strictly increasing when ``strict``)."""
    if is_jax(xs):
        fail(
            fn,
            name,
            "a list of concrete integers known before tracing (not a JAX array)",
            xs,
            TypeError,
        )
    if isinstance(xs, str | bytes) or not isinstance(xs, Sequence | range):
        if hasattr(xs, "tolist"):
            return integers(fn, name, xs.tolist(), minimum=minimum, strict=strict)
        fail(fn, name, "a list of integers", xs, TypeError)
    out = tuple(integer(fn, f"{name}[{i}]", x, minimum) for i, x in enumerate(xs))
    for i in range(1, len(out)):
        if out[i] < out[i - 1] or (strict and out[i] == out[i - 1]):
            order = "strictly increasing" if strict else "sorted (non-decreasing)"
            fail(fn, name, order, list(out))
    return out


def choice(fn: str, name: str, x: object, options: Sequence[str]) -> str:
    """One of ``options``."""
    if not isinstance(x, str) or x not in options:
        listed = ", ".join(repr(o) for o in options)
        fail(
            fn,
            name,
            f"one of {listed}",
            x,
            ValueError if isinstance(x, str) else TypeError,
        )
    return x


def flag(fn: str, name: str, x: object) -> bool:
    """A bool."""
    if not isinstance(x, bool):
        fail(fn, name, "True or False", x, TypeError)
    return x


def function(fn: str, name: str, x: object) -> Callable[..., Any]:
    """A callable."""
    if not callable(x):
        fail(fn, name, "callable", x, TypeError)
    return x
