"""The schedule type: an immutable value mapping a step to a number.

Every concrete schedule is a frozen dataclass whose fields are exactly the
arguments of its public constructor function (``cosine``, ``join``, ...), so
that ``repr``, ``to_dict`` and ``from_dict`` are derived from the fields.
Fields come in three kinds, declared per class:

* *leaves* (``_leaves``): numbers that only enter arithmetic. They may be JAX
  tracers (``jax.grad`` with respect to a parameter) and, inside ``join`` and
  ``piecewise``, arrays that hold one value per element (see ``_select``).
* *children* (``_children``): a schedule, or a tuple of schedules.
* everything else is *static*: it shapes the computation (durations used as
  boundaries, shape names, flags) and is always a concrete Python value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, overload

from .. import _backend
from .._backend import PY, Backend, is_jax
from .._pretty import Doc, Group, render
from .._validate import fail, real

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

Array = Any

_PY_STEPS = frozenset((int, float))

#: public constructor name -> (class, constructor function)
_REGISTRY: dict[str, tuple[type[Schedule], Callable[..., Schedule]]] = {}

_FIELDS: dict[type, tuple[dataclasses.Field[Any], ...]] = {}


def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    try:
        return _FIELDS[cls]
    except KeyError:
        _FIELDS[cls] = dataclasses.fields(cls)
        return _FIELDS[cls]


_F = TypeVar("_F", bound=Callable[..., "Schedule"])


def register(cls: type[Schedule]) -> Callable[[_F], _F]:
    """Mark a function as the public constructor of ``cls`` (for ``from_dict``)."""

    def deco(fn: _F) -> _F:
        _REGISTRY[cls._ctor] = (cls, fn)
        return fn

    return deco


class Schedule:
    """A training schedule: an immutable function from a step to a number.

    Build schedules with the constructors of :mod:`schedax` (``cosine``,
    ``warmup``, ``join``, ...) and combine them with ``*``, ``/``, ``+``, ``-``.
    A schedule is a value: equal by structure, hashable, picklable, printed as
    the expression that rebuilds it, and serialisable with :meth:`to_dict`.

    ``s(step)`` follows the type of ``step``: a Python ``int``/``float`` gives a
    Python ``float``; a numpy array gives numpy (``float64`` for integer steps);
    a JAX array or tracer gives JAX (under ``jax.jit``, ``jax.vmap`` and
    ``jax.grad``); a torch tensor gives a tensor on the same device.

    >>> import schedax as sx
    >>> s = sx.warmup(sx.cosine(1.0, 0.1, 900), 100)
    >>> print(f"{s(0):.3f} {s(50):.3f} {s(100):.3f} {s(1000):.3f}")
    0.000 0.500 1.000 0.100
    """

    _ctor: ClassVar[str] = ""
    _leaves: ClassVar[tuple[str, ...]] = ()
    _children: ClassVar[tuple[str, ...]] = ()
    _varargs: ClassVar[str | None] = None

    # Arrays must defer to our reflected operators (``array * schedule``).
    __array_ufunc__ = None

    if TYPE_CHECKING:
        _jax: bool

    def __post_init__(self) -> None:
        traced = any(is_jax(getattr(self, name)) for name in self._leaves) or any(
            child._jax for child in self._child_schedules()
        )
        object.__setattr__(self, "_jax", traced)

    # ----------------------------------------------------------- evaluation

    def _eval(self, t: Array, xp: Backend) -> Any:
        """The value at steps ``t`` (ints or floats of backend ``xp``)."""
        raise NotImplementedError

    def _eval_range(self, start: int, n: int, xp: Backend) -> Any:
        """The value at steps ``start, ..., start + n - 1`` (array backends)."""
        return self._eval(xp.arange(start, start + n), xp)

    @overload
    def __call__(self, step: int | float) -> float: ...
    @overload
    def __call__(self, step: npt.NDArray[Any]) -> npt.NDArray[np.floating[Any]]: ...
    @overload
    def __call__(self, step: Any) -> Any: ...

    def __call__(self, step: Any) -> Any:
        """The value at ``step``; see the class docstring for the types."""
        # Fast path: on the Python backend every formula returns a float.
        if type(step) in _PY_STEPS and not self._jax:
            return self._eval(step, PY)
        xp, t = _backend.prepare(step, self._jax)
        return xp.finish(self._eval(t, xp), t, weak=not self._jax)

    def curve(self, n: int, backend: str = "numpy") -> Any:
        """The whole curve over steps ``0, 1, ..., n - 1``.

        Joined pieces are evaluated only on their own segment, so a curve costs
        one evaluation per step whatever the number of pieces (under JAX, a
        warmup is evaluated directly instead: XLA fuses its two branches into
        one kernel, which beats cutting the curve in two). ``backend`` is
        ``"numpy"`` (float64), ``"jax"`` (default float dtype; call it inside
        ``jax.jit`` to fuse the whole curve) or ``"torch"``.

        >>> import schedax as sx
        >>> sx.linear(0.0, 1.0, 4).curve(6).tolist()
        [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
        """
        from .._validate import choice, integer

        n = integer("curve", "n", n)
        choice("curve", "backend", backend, ("numpy", "jax", "torch"))
        xp = _backend.backend_named(backend)
        if self._jax and xp.name != "jax":
            raise TypeError("curve: a schedule with JAX parameters needs backend='jax'")
        if n == 0:
            return xp.finish_n(0.0, 0)
        return xp.finish_n(self._eval_range(0, n, xp), n)

    @property
    def duration(self) -> int | None:
        """Steps after which the value no longer changes, or ``None`` if never.

        >>> import schedax as sx
        >>> sx.warmup(sx.cosine(1.0, 0.0, 900), 100).duration
        1000
        """
        return None

    # --------------------------------------------------------------- phases

    def _phases(self) -> list[tuple[int, int | None, str]]:
        """``(start, end, label)`` of each phase on this schedule's own time."""
        d = self.duration
        return [(0, d if d else None, _short(self))]

    def describe(self, steps: int | None = None) -> str:
        """A table of the phases: step range, shape and values at both ends.

        Values are those of the whole schedule at the first and last step of
        each phase. With ``steps``, phases are cut at the end of a run of that
        many steps (so a cycle that does not end on a whole period shows).

        >>> import schedax as sx
        >>> print(sx.warmup(sx.cosine(1.0, 0.1, 900), 100).describe())
        steps        phase                    first    last
        0 - 99       warmup (linear)          0        0.99
        100 - 999    cosine(1.0, 0.1, 900)    1        0.1
        1000 -       hold                     0.1      0.1
        """
        from .._validate import integer

        limit = None if steps is None else integer("describe", "steps", steps, minimum=1)
        phases = [p for p in self._phases() if limit is None or p[0] < limit]
        last_end = phases[-1][1] if phases else None
        if last_end is not None and (limit is None or last_end < limit):
            phases.append((last_end, None, "hold"))
        rows = [("steps", "phase", "first", "last")]
        for start, end, label in phases:
            stop = end if limit is None else (limit if end is None else min(end, limit))
            last_step = start if stop is None else max(stop - 1, start)
            span = f"{start} - " + ("" if stop is None else f"{last_step}")
            rows.append((span, label, f"{self(start):.4g}", f"{self(last_step):.4g}"))
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        lines = [
            f"{r[0]:<{widths[0]}}    {r[1]:<{widths[1]}}    {r[2]:<{widths[2]}}    {r[3]}"
            for r in rows
        ]
        return "\n".join(line.rstrip() for line in lines)

    # ------------------------------------------------------------ structure

    def _child_schedules(self) -> Iterator[Schedule]:
        for name in self._children:
            value = getattr(self, name)
            if isinstance(value, Schedule):
                yield value
            else:
                yield from value

    @cached_property
    def _structure(self) -> tuple[Any, ...]:
        """Everything but the leaf values: equal structures evaluate alike."""
        parts: list[Any] = [type(self)]
        for f in _fields(type(self)):
            value = getattr(self, f.name)
            if f.name in self._children:
                if isinstance(value, Schedule):
                    parts.append(value._structure)
                else:
                    parts.append(tuple(c._structure for c in value))
            elif f.name in self._leaves:
                parts.append(value is None)
            else:
                parts.append(value)
        return tuple(parts)

    def _leaf_values(self, out: list[Any]) -> list[Any]:
        for f in _fields(type(self)):
            value = getattr(self, f.name)
            if f.name in self._children:
                if isinstance(value, Schedule):
                    value._leaf_values(out)
                else:
                    for child in value:
                        child._leaf_values(out)
            elif f.name in self._leaves and value is not None:
                out.append(value)
        return out

    def _with_leaves(self, leaves: Iterator[Any]) -> Schedule:
        """A copy whose leaves are taken in order from ``leaves`` (unchecked)."""
        kwargs: dict[str, Any] = {}
        for f in _fields(type(self)):
            value = getattr(self, f.name)
            if f.name in self._children:
                if isinstance(value, Schedule):
                    value = value._with_leaves(leaves)
                else:
                    value = tuple(child._with_leaves(leaves) for child in value)
            elif f.name in self._leaves and value is not None:
                value = next(leaves)
            kwargs[f.name] = value
        return type(self)(**kwargs)

    # ----------------------------------------------------- repr & serialise

    def _doc(self) -> Doc:
        items: list[tuple[str, Doc]] = []
        for f in _fields(type(self)):
            value = getattr(self, f.name)
            if f.name == self._varargs:
                items.extend(("", _value_doc(v)) for v in value)
            elif f.default is dataclasses.MISSING:
                items.append(("", _value_doc(value)))
            elif is_jax(value) or value != f.default:
                items.append((f"{f.name}=", _value_doc(value)))
        return Group(f"{self._ctor}(", tuple(items), ")")

    def __repr__(self) -> str:
        return render(self._doc())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict that :func:`schedax.from_dict` turns back into ``self``.

        >>> import schedax as sx
        >>> sx.cosine(1.0, 0.0, 100).to_dict()
        {'type': 'cosine', 'start': 1.0, 'end': 0.0, 'steps': 100, 'exponent': 1.0}
        """
        out: dict[str, Any] = {"type": self._ctor}
        for f in _fields(type(self)):
            out[f.name] = _encode(getattr(self, f.name), self._ctor, f.name)
        return out

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {f.name: getattr(self, f.name) for f in _fields(type(self))}
        return (_rebuild, (type(self), kwargs))

    def __copy__(self) -> Schedule:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Schedule:
        return self

    # ------------------------------------------------------------ operators

    def __add__(self, other: Schedule | float) -> Schedule:
        return add(self, other) if _liftable(other) else NotImplemented

    def __radd__(self, other: Schedule | float) -> Schedule:
        return add(other, self) if _liftable(other) else NotImplemented

    def __sub__(self, other: Schedule | float) -> Schedule:
        return add(self, multiply(-1.0, other)) if _liftable(other) else NotImplemented

    def __rsub__(self, other: Schedule | float) -> Schedule:
        return add(other, multiply(-1.0, self)) if _liftable(other) else NotImplemented

    def __mul__(self, other: Schedule | float) -> Schedule:
        return multiply(self, other) if _liftable(other) else NotImplemented

    def __rmul__(self, other: Schedule | float) -> Schedule:
        return multiply(other, self) if _liftable(other) else NotImplemented

    def __truediv__(self, other: Schedule | float) -> Schedule:
        return divide(self, other) if _liftable(other) else NotImplemented

    def __rtruediv__(self, other: Schedule | float) -> Schedule:
        return divide(other, self) if _liftable(other) else NotImplemented

    def __neg__(self) -> Schedule:
        return multiply(-1.0, self)


def _short(s: Schedule, width: int = 40) -> str:
    text = repr(s).replace("\n", " ")
    text = " ".join(text.split()).replace("( ", "(").replace(", )", ")").replace(",)", ")")
    return text if len(text) <= width else text[: width - 3] + "..."


def shifted(
    phases: list[tuple[int, int | None, str]], offset: int, stop: int | None = None
) -> list[tuple[int, int | None, str]]:
    """``phases`` moved by ``offset`` steps and cut at ``stop``."""
    out: list[tuple[int, int | None, str]] = []
    for a, b, label in phases:
        a2 = a + offset
        b2 = None if b is None else b + offset
        if stop is not None:
            if a2 >= stop:
                break
            b2 = stop if b2 is None else min(b2, stop)
        out.append((a2, b2, label))
    if stop is not None and out and out[-1][1] is not None and out[-1][1] < stop:
        out.append((out[-1][1], stop, "hold"))
    return out


def _rebuild(cls: type[Schedule], kwargs: dict[str, Any]) -> Schedule:
    return cls(**kwargs)


def _value_doc(value: Any) -> Doc:
    if isinstance(value, Schedule):
        c = _concrete_constant(value)
        # a constant inside a combinator prints as the number it was lifted from
        return repr(c) if c is not None else value._doc()
    if isinstance(value, tuple | list):
        return Group("[", tuple(("", _value_doc(v)) for v in value), "]")
    if callable(value):
        return _callable_name(value)
    return repr(value)


def _callable_name(fn: Callable[..., Any]) -> str:
    module = getattr(fn, "__module__", None)
    qualname = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None)
    if qualname is None:
        return repr(fn)
    return f"{module}.{qualname}" if module and module != "__main__" else qualname


def _encode(value: Any, ctor: str, name: str) -> Any:
    if isinstance(value, Schedule):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_encode(v, ctor, name) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if is_jax(value):
        raise TypeError(f"{ctor}: cannot serialise '{name}': it is a JAX value")
    if callable(value):
        return _function_path(value, ctor, name)
    raise TypeError(f"{ctor}: cannot serialise '{name}' of type {type(value).__name__}")


def _function_path(fn: Callable[..., Any], ctor: str, name: str) -> str:
    """``"module:qualname"`` for an importable module-level function."""
    module = getattr(fn, "__module__", None)
    qualname = getattr(fn, "__qualname__", "")
    if not module or module == "__main__" or "<" in qualname:
        raise TypeError(
            f"{ctor}: cannot serialise '{name}' = {fn!r}: only functions importable "
            "by module and name (not lambdas, closures or __main__ functions) can be "
            "written to a dict"
        )
    return f"{module}:{qualname}"


def from_dict(data: Mapping[str, Any]) -> Schedule:
    """Rebuild a schedule from the dict written by :meth:`Schedule.to_dict`.

    The dict is checked as thoroughly as the constructors check their
    arguments; unknown types raise ``ValueError``.

    >>> import json
    >>> import schedax as sx
    >>> s = sx.warmup(sx.cosine(1.0, 0.0, 900), 100)
    >>> sx.from_dict(json.loads(json.dumps(s.to_dict()))) == s
    True
    """
    if not isinstance(data, Mapping):
        raise TypeError(f"from_dict: expected a dict (got {type(data).__name__})")
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY))
        raise ValueError(f"from_dict: unknown schedule type {kind!r}; known types: {known}")
    cls, ctor = _REGISTRY[kind]
    kwargs = {k: _decode(v) for k, v in data.items() if k != "type"}
    names = {f.name for f in _fields(cls)}
    unknown = sorted(set(kwargs) - names)
    if unknown:
        raise ValueError(f"from_dict: {kind} has no parameter(s) {', '.join(unknown)}")
    if cls._varargs is not None:
        return ctor(*kwargs.pop(cls._varargs, ()), **kwargs)
    return ctor(**kwargs)


def _decode(value: Any) -> Any:
    if isinstance(value, Mapping):
        return from_dict(value)
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


# ---------------------------------------------------------------- constants


def _liftable(x: object) -> bool:
    return (isinstance(x, Schedule | int | float) and not isinstance(x, bool)) or is_jax(x)


def lift(fn: str, name: str, x: object) -> Schedule:
    """``x`` as a schedule: a schedule is itself, a number a constant."""
    if isinstance(x, Schedule):
        return x
    if isinstance(x, bool) or not (isinstance(x, int | float) or is_jax(x) or _is_scalar(x)):
        fail(fn, name, "a schedule or a real number", x, TypeError)
    return Constant(real(fn, name, x))


def _is_scalar(x: object) -> bool:
    return getattr(x, "shape", None) == () and hasattr(x, "item")


@dataclasses.dataclass(frozen=True, repr=False)
class Constant(Schedule):
    value: Any

    _ctor = "constant"
    _leaves = ("value",)

    def _eval(self, t: Array, xp: Backend) -> Any:
        return self.value

    @property
    def duration(self) -> int:
        return 0


@register(Constant)
def constant(value: float) -> Schedule:
    """A schedule that is ``value`` at every step.

    .. math:: v(t) = c

    Args:
        value: the value ``c``; a finite real number (or a JAX value).

    >>> import schedax as sx
    >>> sx.constant(0.1)(10**9)
    0.1
    """
    return Constant(real("constant", "value", value))


def _concrete_constant(s: Schedule) -> float | None:
    if isinstance(s, Constant) and not is_jax(s.value):
        return float(s.value)
    return None


@dataclasses.dataclass(frozen=True, repr=False)
class Reduce(Schedule):
    """An n-ary node that folds its children with ``_combine``, all on global time."""

    schedules: tuple[Schedule, ...]

    _children = ("schedules",)
    _varargs = "schedules"

    @staticmethod
    def _combine(a: Any, b: Any, xp: Backend) -> Any:
        raise NotImplementedError

    def _eval(self, t: Array, xp: Backend) -> Any:
        it = iter(self.schedules)
        out = next(it)._eval(t, xp)
        for s in it:
            out = self._combine(out, s._eval(t, xp), xp)
        return out

    @property
    def duration(self) -> int | None:
        return max_duration(self.schedules)


@dataclasses.dataclass(frozen=True, repr=False)
class Sum(Reduce):
    _ctor = "add"

    @staticmethod
    def _combine(a: Any, b: Any, xp: Backend) -> Any:
        return a + b


@dataclasses.dataclass(frozen=True, repr=False)
class Product(Reduce):
    _ctor = "multiply"

    @staticmethod
    def _combine(a: Any, b: Any, xp: Backend) -> Any:
        return a * b


@dataclasses.dataclass(frozen=True, repr=False)
class Quotient(Schedule):
    numerator: Schedule
    denominator: Schedule

    _ctor = "divide"
    _children = ("numerator", "denominator")

    def _eval(self, t: Array, xp: Backend) -> Any:
        return self.numerator._eval(t, xp) / self.denominator._eval(t, xp)

    @property
    def duration(self) -> int | None:
        return max_duration((self.numerator, self.denominator))


def max_duration(schedules: tuple[Schedule, ...]) -> int | None:
    """The longest duration of ``schedules``, or ``None`` if one never settles."""
    durations = [s.duration for s in schedules]
    if any(d is None for d in durations):
        return None
    return max(d for d in durations if d is not None)


def _fold(
    fn: str,
    node: type[Sum] | type[Product],
    args: tuple[object, ...],
    identity: float,
    combine: Callable[[float, float], float],
) -> Schedule:
    flat: list[Schedule] = []
    for i, arg in enumerate(args):
        s = lift(fn, f"schedules[{i}]", arg)
        flat.extend(s.schedules if isinstance(s, node) else (s,))
    folded = identity
    rest: list[Schedule] = []
    for s in flat:
        c = _concrete_constant(s)
        if c is None:
            rest.append(s)
        else:
            folded = combine(folded, c)
    if not rest:
        return Constant(folded)
    if folded != identity:
        rest.insert(0, Constant(folded))
    if len(rest) == 1:
        return rest[0]
    return node(tuple(rest))


@register(Product)
def multiply(*schedules: Schedule | float) -> Schedule:
    """The product of schedules and numbers, step by step.

    .. math:: v(t) = \\prod_i s_i(t)

    Every factor sees the same (global) step. Numbers are lifted to constants
    and folded into one leading factor; nested products are flattened and a
    factor of 1 is dropped, so ``multiply(s) == s`` and ``2 * s == s * 2``.
    ``s * ramp`` is how to *overlay* a warmup on the start of ``s``
    (detectron2's convention), where :func:`warmup` *prepends* one. torch's
    ``ChainedScheduler`` is a product of factors.

    Args:
        *schedules: schedules or real numbers.

    >>> import schedax as sx
    >>> s = sx.multiply(0.5, sx.linear(1.0, 0.0, 10))
    >>> s(0), s(5)
    (0.5, 0.25)
    """
    return _fold("multiply", Product, schedules, 1.0, lambda a, b: a * b)


@register(Sum)
def add(*schedules: Schedule | float) -> Schedule:
    """The sum of schedules and numbers, step by step (also ``a + b``, ``a - b``).

    .. math:: v(t) = \\sum_i s_i(t)

    Every term sees the same (global) step. Numbers are folded into one
    leading constant; nested sums are flattened and a term of 0 is dropped.

    Args:
        *schedules: schedules or real numbers.

    >>> import schedax as sx
    >>> s = 0.1 + sx.cosine(0.9, 0.0, 100)
    >>> s
    add(0.1, cosine(0.9, 0.0, 100))
    >>> print(f"{s(0):.2f} {s(100):.2f}")
    1.00 0.10
    """
    return _fold("add", Sum, schedules, 0.0, lambda a, b: a + b)


@register(Quotient)
def divide(numerator: Schedule | float, denominator: Schedule | float) -> Schedule:
    """The ratio of two schedules (or numbers), step by step (also ``a / b``).

    .. math:: v(t) = a(t) / b(t)

    Both see the same (global) step. A denominator that is a number must not
    be 0; a denominator schedule must not reach 0 (that is not checked).

    Args:
        numerator: schedule or real number ``a``.
        denominator: schedule or real number ``b``.

    >>> import schedax as sx
    >>> (sx.linear(1.0, 0.0, 10) / 2)(0)
    0.5
    """
    num = lift("divide", "numerator", numerator)
    den = lift("divide", "denominator", denominator)
    c = _concrete_constant(den)
    if c is not None:
        if c == 0:
            fail("divide", "denominator", "non-zero", denominator)
        if c == 1:
            return num
    return Quotient(num, den)
