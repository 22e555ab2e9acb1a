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
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar, overload

from .. import _backend
from .._backend import PY, Backend, is_jax
from .._pretty import Doc, Group, flat, render
from .._validate import fail, real

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from matplotlib.axes import Axes

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

    def _phases(self, until: int | None = None) -> list[Phase]:
        """The phases of this schedule on its own (local) time, in order.

        Phases that start at or after ``until`` may be left out, and long runs
        of repeated phases (cycles) summarised in one; the last phase may end
        before the schedule's :attr:`duration` (what follows is a hold).
        """
        d = self.duration
        return [Phase(0, d if d else None, _shape(self))]

    def describe(self, steps: int | None = None) -> str:
        """A readable table of the phases: step range, shape and values at both ends.

        One row per phase (a warmup, each piece of a join, each cycle, the
        final hold), with its first and last step and the value of the whole
        schedule there, then a summary line. With ``steps``, the table covers
        a run of that many steps (steps ``0`` to ``steps - 1``) and the summary
        says how the run ends: at the end of a phase, in the final hold, or
        cut mid-phase -- e.g. a cycle schedule whose run does not end on a
        whole period -- and how many cycles it completes. Long runs of cycles
        are summarised in one row.

        Args:
            steps: the length of the run, a positive integer, or ``None`` for
                the whole schedule.

        >>> import schedax as sx
        >>> print(sx.warmup(sx.cosine(1.0, 0.1, 900), 100).describe())
        steps          phase              first    last
        0 - 99         warmup (linear)    0        0.99
        100 - 999      cosine             1        0.1
        1,000 - ...    hold               0.1      0.1
        constant from step 1,000 (value 0.1)
        >>> print(sx.cycle(sx.cosine(1.0, 0.0, 100), 100).describe(steps=250))
        steps        phase              first    last
        0 - 99       cycle 0: cosine    1        0.0002467
        100 - 199    cycle 1: cosine    1        0.0002467
        200 - 249    cycle 2: cosine    1        0.5157
        run of 250 steps: ends mid-phase, 50% into cycle 2 (50 of 100 steps)
        cycles: 2.5 (2 complete)
        """
        from .._validate import integer

        limit = None if steps is None else integer("describe", "steps", steps, minimum=1)
        phases = self._phases(limit)
        duration = self.duration
        rows: list[tuple[int, int | None, str]] = []
        for p in phases:
            if limit is not None and p.start >= limit:
                break
            end = p.end if limit is None else (limit if p.end is None else min(p.end, limit))
            rows.append((p.start, end, p.label))
        last_end = rows[-1][1] if rows else 0
        if last_end is not None and (limit is None or last_end < limit):
            rows.append((last_end, limit, "hold"))
        if len(rows) > _MAX_ROWS:
            head, tail = rows[: _MAX_ROWS - 9], rows[-8:]
            hidden = len(rows) - len(head) - len(tail)
            rows = [*head, (head[-1][1] or 0, tail[0][0], f"... {hidden} more phases ..."), *tail]
        table = [("steps", "phase", "first", "last")]
        for start, end, label in rows:
            if label.startswith("... "):
                table.append(("...", label, "", ""))
            elif end is None:
                final = "..." if duration is None else _fmt(self(max(duration, start)))
                table.append((f"{start:,} - ...", label, _fmt(self(start)), final))
            else:
                last_step = max(end - 1, start)
                span = f"{start:,} - {last_step:,}"
                table.append((span, label, _fmt(self(start)), _fmt(self(last_step))))
        widths = [max(len(r[i]) for r in table) for i in range(3)]
        lines = [
            f"{r[0]:<{widths[0]}}    {r[1]:<{widths[1]}}    {r[2]:<{widths[2]}}    {r[3]}".rstrip()
            for r in table
        ]
        lines.extend(self._summary(phases, limit, duration))
        return "\n".join(lines)

    def _summary(self, phases: list[Phase], limit: int | None, duration: int | None) -> list[str]:
        """The lines under the :meth:`describe` table."""
        if limit is None:
            if duration is None:
                return ["never settles (no finite duration)"]
            return [f"constant from step {duration:,} (value {_fmt(self(duration))})"]
        last = limit - 1
        head = f"run of {limit:,} steps: "
        current = next(
            (p for p in phases if p.start <= last and (p.end is None or last < p.end)), None
        )
        if current is None:  # past every phase: the final hold
            settled = duration if duration is not None else (phases[-1].end or 0)
            lines = [
                head + f"ends in the final hold, {limit - settled:,} steps after the "
                f"schedule settles at step {settled:,}"
            ]
            tagged = [p for p in phases if p.cycle is not None]
            if tagged:
                n = tagged[-1].cycle + 1  # type: ignore[operator]
                lines.append(f"cycles: {n:,} (all complete)")
            return lines
        name = current.label.split(":")[0]
        if current.end is None:
            lines = [head + f"ends in {name!r}, which runs on"]
        elif current.end == limit:
            lines = [head + f"ends exactly at the end of a phase ({name})"]
        else:
            done, length = limit - current.start, current.end - current.start
            lines = [
                head + f"ends mid-phase, {_pct(done / length)} into {name} "
                f"({done:,} of {length:,} steps)"
            ]
        if current.cycle is not None and current.end is not None:
            k = current.cycle
            done, length = limit - current.start, current.end - current.start
            if done == length:
                lines.append(f"cycles: {k + 1:,} (all complete)")
            else:
                count = f"{k + done / length:,.2f}".rstrip("0").rstrip(".")
                lines.append(f"cycles: {count} ({k:,} complete)")
        return lines

    def plot(
        self,
        steps: int,
        ax: Axes | None = None,
        *,
        label: str | None = None,
        log: bool = False,
        phases: bool = True,
        **line_kwargs: Any,
    ) -> Axes:
        """Draw the schedule over steps ``0`` to ``steps - 1`` with matplotlib.

        Phase boundaries (the end of a warmup, each join boundary, each
        restart) are marked with thin dotted lines of the curve's colour.
        Above a million steps the curve is drawn from a million evenly spaced
        steps plus the phase boundaries; every curve is reduced to the minimum
        and maximum per pixel-sized bin, so dense restarts stay visible.
        Calling ``plot`` again with the same ``ax`` overlays several
        schedules; :func:`schedax.plot` does that for a dict of schedules,
        also on stacked axes for hyperparameters on different scales.

        Needs matplotlib (``pip install "schedax[plot]"``), imported only
        here. Without ``ax``, a new pyplot figure is made.

        Args:
            steps: the number of steps to draw, a positive integer.
            ax: the matplotlib ``Axes`` to draw on, or ``None`` for a new figure.
            label: the legend label of the curve (default: the schedule's
                expression, shortened).
            log: use a logarithmic value axis (non-positive values are clipped).
            phases: mark the phase boundaries.
            **line_kwargs: passed to ``ax.plot`` (``color``, ``lw``, ``ls``, ...).

        Returns:
            The ``Axes``: its ``figure`` saves the image, ``ax.lines[-1]`` is
            the curve, for any further styling.

        >>> import matplotlib
        >>> matplotlib.use("Agg")  # draw off-screen: no window
        >>> import schedax as sx
        >>> s = sx.warmup(sx.cosine(1e-3, 1e-5, 900), 100)
        >>> ax = s.plot(1_000, log=True, color="C1")
        >>> ax.get_yscale(), len(ax.lines[0].get_xdata())
        ('log', 1000)
        >>> import matplotlib.pyplot as plt
        >>> plt.close(ax.figure)
        """
        from .._plot import plot_schedule

        return plot_schedule(self, steps, ax, label=label, log=log, phases=phases, **line_kwargs)

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
        >>> sx.linear(1.0, 0.0, 100).to_dict()
        {'type': 'linear', 'start': 1.0, 'end': 0.0, 'steps': 100}
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


class Phase(NamedTuple):
    """One row of :meth:`Schedule.describe`: steps ``[start, end)`` of one shape.

    ``end`` is ``None`` for a phase that runs on; ``cycle`` is the index of the
    cycle the phase is (the last one, for a row that sums up several), or
    ``None`` outside cycles.
    """

    start: int
    end: int | None
    label: str
    cycle: int | None = None


#: describe() sums up the middle rows of longer tables
_MAX_ROWS = 30
#: parameters shown by the value columns of describe(), not in the shape label
_VALUE_FIELDS = frozenset({"start", "end", "steps", "value"})


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def _pct(x: float) -> str:
    text = f"{100 * x:.1f}".rstrip("0").rstrip(".")
    return text + "%"


def _short(s: Schedule, width: int = 40) -> str:
    text = repr(s).replace("\n", " ")
    text = " ".join(text.split()).replace("( ", "(").replace(", )", ")").replace(",)", ")")
    return text if len(text) <= width else text[: width - 3] + "..."


def _shape(s: Schedule, width: int = 40) -> str:
    """The shape of ``s`` for a phase label: its constructor and the parameters
    that are not shown by the values (``cosine``, ``exponential (rate=0.5)``)."""
    if s._children:
        return _short(s, width)
    extras: list[str] = []
    for f in _fields(type(s)):
        if f.name in _VALUE_FIELDS:
            continue
        value = getattr(s, f.name)
        if not is_jax(value) and f.default is not dataclasses.MISSING and value == f.default:
            continue
        doc = _value_doc(value)
        extras.append(f"{f.name}={flat(doc)}")
    text = s._ctor + (f" ({', '.join(extras)})" if extras else "")
    return text if len(text) <= width else text[: width - 4] + "...)"


def overlay(
    children: tuple[Schedule, ...],
    until: int | None,
    combine: Callable[[list[str]], str],
    keep_held: bool = True,
) -> list[Phase]:
    """The phases of children that all see the same (global) time, cut where
    any of them changes phase; ``combine`` makes one label of theirs.

    A constant child reads as its number; a child past its last phase reads
    ``hold`` (or is left out of the label unless ``keep_held``); where every
    child holds, the whole schedule does and no phase is listed.
    """
    lists = [[] if _concrete_constant(c) is not None else c._phases(until) for c in children]
    cuts = {0}
    for phases in lists:
        for p in phases:
            cuts.add(p.start)
            if p.end is not None:
                cuts.add(p.end)
    ordered = sorted(cuts)
    open_ended = any(p.end is None for phases in lists for p in phases)
    out: list[Phase] = []
    for i, a in enumerate(ordered):
        if until is not None and a >= until:
            break
        b = ordered[i + 1] if i + 1 < len(ordered) else None
        if b is None and not open_ended:
            break
        active = [
            next((p for p in phases if p.start <= a and (p.end is None or a < p.end)), None)
            for phases in lists
        ]
        labels = []
        for c, q in zip(children, active, strict=True):
            value = _concrete_constant(c)
            if value is not None:
                labels.append(_fmt(value))
            elif q is not None:
                labels.append(q.label)
            elif keep_held:
                labels.append("hold")
        cycle = next((q.cycle for q in active if q is not None and q.cycle is not None), None)
        out.append(Phase(a, b, combine(labels), cycle))
    if not out:  # every child is a number
        out.append(Phase(0, None, combine([_fmt(c(0)) for c in children])))
    return out


def shifted(phases: list[Phase], offset: int, stop: int | None = None) -> list[Phase]:
    """``phases`` moved by ``offset`` steps and cut at ``stop``; a phase moved
    before step 0 starts at 0, and one that ends there is dropped."""
    out: list[Phase] = []
    for a, b, label, cycle in phases:
        a2 = max(a + offset, 0)
        b2 = None if b is None else b + offset
        if b2 is not None and b2 <= 0:
            continue
        if stop is not None:
            if a2 >= stop:
                break
            b2 = stop if b2 is None else min(b2, stop)
        out.append(Phase(a2, b2, label, cycle))
    if stop is not None and out and out[-1].end is not None and out[-1].end < stop:
        out.append(Phase(out[-1].end or 0, stop, "hold"))
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

    def _phases(self, until: int | None = None) -> list[Phase]:
        symbol = {"add": " + ", "multiply": " × "}.get(self._ctor)

        def combine(labels: list[str]) -> str:
            if symbol is not None:
                return symbol.join(labels)
            return f"{self._ctor}({', '.join(labels)})"

        # a held term or factor only adds or scales: leave it out of the label
        return overlay(self.schedules, until, combine, keep_held=symbol is None)


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

    def _phases(self, until: int | None = None) -> list[Phase]:
        return overlay((self.numerator, self.denominator), until, " / ".join)


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
