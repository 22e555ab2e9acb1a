"""Combinators: schedules in, schedule out.

Each docstring says which time every child sees: *local* time (restarted at
the child's own start, as in ``join``, ``warmup``, ``cycle``) or *global*
time (the step given to the combinator, as in ``multiply``, ``piecewise``
values, ``minimum``).
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from .. import _validate as v
from .._backend import INT32_MAX, Backend, Picker, is_jax
from ._base import Phase, Reduce, Schedule, lift, overlay, register, shifted
from ._primitives import _pow

Array = Any


def _safe_time(s: Schedule) -> float:
    """A local time where ``s`` is smooth: mid-way through its duration.

    A piece rebuilt on gathered per-element parameters (see ``_Selector``)
    has no single duration: it gets local time 0, where it is finite too.
    """
    try:
        d = s.duration
    except (TypeError, ValueError):  # int() of a gathered array or tensor
        return 0.0
    return d / 2 if d else 0.0


def _is_one(x: Any) -> bool:
    """Whether the leaf ``x`` is the concrete number 1 (not a traced or gathered array)."""
    return isinstance(x, int | float) and x == 1.0


def _has_array_leaves(pieces: Sequence[Schedule]) -> bool:
    return any(getattr(x, "ndim", 0) > 0 for p in pieces for x in p._leaf_values([]))


class _Selector:
    """Evaluates, element-wise, the piece that each step's segment selects.

    ``pick`` (a :class:`~schedax._backend.Picker`) maps per-segment values to
    per-element values; ``which[i]`` is the piece of segment ``i``.

    Pieces of equal structure (same type, same static arguments) form a
    group evaluated *once*, on parameters picked per element: a join of 50
    cosines costs one cosine plus the picks, not 50 cosines. Elements
    outside a group see a safe local time, so an inactive piece never feeds
    NaN or inf into a value or a gradient.
    """

    def __init__(self, pieces: tuple[Schedule, ...]) -> None:
        self.pieces = pieces
        if _has_array_leaves(pieces):
            # Pieces that already hold per-element parameters (a join nested in
            # a grouped join) cannot be stacked again: evaluate them one by one.
            self.groups = [[i] for i in range(len(pieces))]
        else:
            by_structure: dict[Any, list[int]] = {}
            for i, p in enumerate(pieces):
                by_structure.setdefault(p._structure, []).append(i)
            self.groups = list(by_structure.values())
        # the leaves of every piece, as numbers where they are concrete
        self.leaves = [
            [float(x) if isinstance(x, int | float) else x for x in p._leaf_values([])]
            for p in pieces
        ]

    def __call__(
        self, pick: Picker, local: Array, xp: Backend, which: Sequence[int] | None = None
    ) -> Any:
        pieces, groups = self.pieces, self.groups
        seg = list(range(len(pieces))) if which is None else list(which)
        if len(groups) > 1:
            group_of = {m: g for g, members in enumerate(groups) for m in members}
            gid = pick([group_of[piece] for piece in seg])
        out = None
        for g, members in enumerate(groups):
            first = pieces[members[0]]
            if len(groups) > 1:
                mask = gid == g
                loc = xp.where(mask, local, _safe_time(first))
            else:
                mask = None
                loc = local
            if len(members) == 1:
                piece = first
            else:
                rows = _fill_rows([self.leaves[p] if p in members else None for p in seg])
                picked = [pick([row[c] for row in rows]) for c in range(len(rows[0]))]
                piece = first._with_leaves(iter(picked))
            value = piece._eval(loc, xp)
            out = value if out is None or mask is None else xp.where(mask, value, out)
        return out


def _fill_rows(rows: list[list[Any] | None]) -> list[list[Any]]:
    """Give segments outside a group (``None``) the parameters of the nearest
    member before them (after them, at the start): they are masked out anyway,
    and repeating a value costs nothing in a chain of ``where``."""
    first = next(row for row in rows if row is not None)
    out: list[list[Any]] = []
    for row in rows:
        out.append(row if row is not None else (out[-1] if out else first))
    return out


# --------------------------------------------------------------------- join


@dataclasses.dataclass(frozen=True, repr=False)
class Join(Schedule):
    schedules: tuple[Schedule, ...]
    boundaries: tuple[int, ...]

    _ctor = "join"
    _children = ("schedules",)

    @cached_property
    def _starts(self) -> tuple[int, ...]:
        return (0, *self.boundaries)

    @cached_property
    def _select(self) -> _Selector:
        return _Selector(self.schedules)

    def _eval(self, t: Array, xp: Backend) -> Any:
        if xp.scalar:
            i = bisect.bisect_right(self.boundaries, t)
            return self.schedules[i]._eval(t - self._starts[i], xp)
        pick = xp.picker(self.boundaries, t)
        return self._select(pick, t - pick(self._starts), xp)

    def _eval_range(self, start: int, n: int, xp: Backend) -> Any:
        parts = []
        stop = start + n
        ends = (*self.boundaries, None)
        for i, (s, lo, hi) in enumerate(zip(self.schedules, self._starts, ends, strict=True)):
            # the first piece also covers negative steps (it clamps them)
            a = start if i == 0 else max(start, lo)
            b = stop if hi is None else min(stop, hi)
            if b > a:
                parts.append(xp.finish_n(s._eval_range(a - lo, b - a, xp), b - a))
        if not parts:
            return xp.finish_n(0.0, 0)
        return parts[0] if len(parts) == 1 else xp.concat(parts)

    @property
    def duration(self) -> int | None:
        last = self.schedules[-1].duration
        return None if last is None else self.boundaries[-1] + last

    def _phases(self, until: int | None = None) -> list[Phase]:
        out: list[Phase] = []
        ends = (*self.boundaries, None)
        for s, start, end in zip(self.schedules, self._starts, ends, strict=True):
            if until is not None and start >= until:
                break
            local = None if until is None else (until if end is None else min(end, until)) - start
            out.extend(shifted(s._phases(local), start, end) or [Phase(start, end, "hold")])
        return out


@register(Join)
def join(
    schedules: Sequence[Schedule | float], boundaries: Sequence[int] | None = None
) -> Schedule:
    """Run schedules one after another, each on its own local time.

    .. math:: v(t) = s_i(t - b_{i-1}) \\quad \\text{for } b_{i-1} \\le t < b_i, \\quad b_{-1} = 0

    Piece ``i`` starts at global step ``b_{i-1}`` and sees local time
    ``t - b_{i-1}``; the last piece runs forever. optax ``join_schedules``;
    torch ``SequentialLR`` (whose pieces see the same local time).

    Without ``boundaries``, each piece but the last must have a finite
    :attr:`~Schedule.duration` and the boundaries are their running sums.
    Nested joins are flattened (join is associative) and ``join([s])`` is ``s``.

    Evaluation costs one binary search plus one evaluation per *kind* of piece
    (pieces of the same type with different numbers share one), and
    :meth:`~Schedule.curve` evaluates every piece only on its own segment.

    Args:
        schedules: the pieces ``s_i`` (numbers are lifted to constants).
        boundaries: ``len(schedules) - 1`` strictly increasing positive step
            numbers ``b_i``, or ``None`` to infer them.

    >>> import schedax as sx
    >>> s = sx.join([sx.linear(0.0, 1.0, 10), sx.cosine(1.0, 0.0, 90)])
    >>> s.boundaries
    (10,)
    >>> print(f"{s(5):.2f} {s(10):.2f} {s(55):.2f} {s(100):.2f}")
    0.50 1.00 0.50 0.00
    """
    fn = "join"
    if isinstance(schedules, Schedule | str) or not isinstance(schedules, Sequence):
        v.fail(fn, "schedules", "a list of schedules", schedules, TypeError)
    pieces = [lift(fn, f"schedules[{i}]", s) for i, s in enumerate(schedules)]
    if not pieces:
        v.fail(fn, "schedules", "a non-empty list", list(schedules))
    if boundaries is None:
        bounds: list[int] = []
        total = 0
        for i, p in enumerate(pieces[:-1]):
            d = p.duration
            if not d:
                raise ValueError(
                    f"join: cannot infer 'boundaries': schedules[{i}] = {p!r} has "
                    f"{'no finite' if d is None else 'a zero'} duration; pass boundaries"
                )
            total += d
            bounds.append(total)
    else:
        bounds = list(v.integers(fn, "boundaries", boundaries, minimum=1))
        if len(bounds) != len(pieces) - 1:
            v.fail(
                fn,
                "boundaries",
                f"of length len(schedules) - 1 = {len(pieces) - 1}",
                list(boundaries),
            )
    if len(pieces) == 1:
        return pieces[0]
    # Flatten nested joins: their boundaries shift by the piece's start.
    flat_pieces: list[Schedule] = []
    flat_bounds: list[int] = []
    starts = [0, *bounds]
    for i, p in enumerate(pieces):
        if i > 0:
            flat_bounds.append(starts[i])
        if isinstance(p, Join):
            end = starts[i + 1] if i + 1 < len(starts) else None
            inner = [b for b in p.boundaries if end is None or starts[i] + b < end]
            flat_pieces.extend(p.schedules[: len(inner) + 1])
            flat_bounds.extend(starts[i] + b for b in inner)
        else:
            flat_pieces.append(p)
    return Join(tuple(flat_pieces), tuple(flat_bounds))


# ------------------------------------------------------------------- warmup

_WARMUP_SHAPES = ("linear", "cosine", "exponential", "constant", "1-sqrt")


@dataclasses.dataclass(frozen=True, repr=False)
class Warmup(Schedule):
    schedule: Schedule
    steps: Any
    start: Any = 0.0
    shape: str = "linear"

    _ctor = "warmup"
    _leaves = ("steps", "start")
    _children = ("schedule",)

    @cached_property
    def _peak(self) -> float:
        from .._backend import PY

        return float(self.schedule._eval(0, PY))

    def _array_peak(self, xp: Backend) -> Any:
        """``schedule(0)``: in float64 Python when every number is concrete
        (precise, and computed once), else on the backend."""
        if not self._jax and isinstance(self.start, float) and isinstance(self.steps, int):
            return self._peak
        return self.schedule._eval(0, xp)

    def _ramp(self, t: Array, peak: Any, xp: Backend) -> Any:
        shape = self.shape
        if shape == "constant":
            return self.start + 0.0 * t
        frac = xp.clip(t / self.steps, 0.0, 1.0)
        if shape == "linear":
            return self.start + (peak - self.start) * frac
        if shape == "cosine":
            return self.start + (peak - self.start) * 0.5 * (1.0 - xp.cos(xp.pi * frac))
        if shape == "1-sqrt":
            return self.start + (peak - self.start) * (1.0 - _pow(1.0 - frac, 0.5, xp))
        ratio = peak / self.start  # a float64 Python number when concrete
        return self.start * ratio**frac

    def _eval(self, t: Array, xp: Backend) -> Any:
        steps = self.steps
        if xp.scalar:
            if t < steps:
                return self._ramp(t, self._peak, xp)
            return self.schedule._eval(t - steps, xp)
        peak = self._array_peak(xp)
        warm = t < steps
        inner = self.schedule._eval(xp.where(warm, _safe_time(self.schedule), t - steps), xp)
        return xp.where(warm, self._ramp(t, peak, xp), inner)

    def _eval_range(self, start: int, n: int, xp: Backend) -> Any:
        if xp.fuses:
            return self._eval(xp.arange(start, start + n), xp)
        steps = int(self.steps)
        parts = []
        if start < steps:
            m = min(n, steps - start)
            t = xp.arange(start, start + m)
            parts.append(xp.finish_n(self._ramp(t, self._array_peak(xp), xp), m))
        if start + n > steps:
            a = max(start, steps)
            m = start + n - a
            parts.append(xp.finish_n(self.schedule._eval_range(a - steps, m, xp), m))
        return parts[0] if len(parts) == 1 else xp.concat(parts)

    @property
    def duration(self) -> int | None:
        d = self.schedule.duration
        return None if d is None else int(self.steps) + d

    def _phases(self, until: int | None = None) -> list[Phase]:
        steps = int(self.steps)
        local = None if until is None else max(until - steps, 1)
        ramp = Phase(0, steps, f"warmup ({self.shape})")
        return [ramp, *shifted(self.schedule._phases(local), steps)]


@register(Warmup)
def warmup(
    schedule: Schedule | float, steps: int, start: float = 0.0, shape: str = "linear"
) -> Schedule:
    """Prepend a warmup: ramp from ``start`` to ``schedule(0)``, then run ``schedule``.

    .. math::
        v(t) = \\begin{cases}
        \\mathrm{ramp}(t / W) & t < W \\\\ s(t - W) & t \\ge W
        \\end{cases}

    The schedule sees local time ``t - W``: the warmup is *prepended* and the
    whole run lasts ``W`` steps longer (optax / transformers style). To
    *overlay* a warmup on the first ``W`` steps instead (detectron2 style),
    multiply: ``s * sx.linear(0.0, 1.0, W)``.

    Shapes of the ramp from ``a = start`` to ``p = schedule(0)``, with
    ``x = t / W``: ``"linear"`` ``a + (p - a) x``; ``"cosine"``
    ``a + (p - a)(1 - cos(πx))/2``; ``"exponential"`` ``a (p / a)^x`` (``a``
    and ``p`` of the same sign, non-zero); ``"constant"`` ``a`` (then a jump
    to ``p`` at ``W``; torch ``ConstantLR``); ``"1-sqrt"``
    ``a + (p - a)(1 - \\sqrt{1 - x})`` (transformers' WSD ``warmup_type``).

    Args:
        schedule: the main schedule ``s`` (a number is lifted to a constant).
        steps: warmup length ``W``, a non-negative integer; ``warmup(s, 0)`` is ``s``.
        start: ramp start value ``a``.
        shape: ``"linear"``, ``"cosine"``, ``"exponential"``, ``"constant"`` or
            ``"1-sqrt"``.

    >>> import schedax as sx
    >>> s = sx.warmup(sx.constant(1.0), 4)
    >>> [s(t) for t in range(6)]
    [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    """
    fn = "warmup"
    inner = lift(fn, "schedule", schedule)
    steps_ = v.integer(fn, "steps", steps)
    start_ = v.real(fn, "start", start)
    shape_ = v.choice(fn, "shape", shape, _WARMUP_SHAPES)
    if steps_ == 0:
        return inner
    out = Warmup(inner, steps_, start_, shape_)
    if shape_ == "exponential" and not (out._jax or is_jax(start_)):
        peak = out._peak
        if start_ == 0 or peak / start_ <= 0:
            v.fail(
                fn,
                "start",
                f"non-zero with the sign of schedule(0)={peak!r} for shape='exponential'",
                start,
            )
    return out


# -------------------------------------------------------------------- cycle

_MAX_RESTART_TABLE = 100_000
_TABLE_HORIZON = 2**53


@dataclasses.dataclass(frozen=True, repr=False)
class Cycle(Schedule):
    schedule: Schedule
    period: int
    period_mult: float = 1.0
    decay: Any = 1.0
    limit: int | None = None

    _ctor = "cycle"
    _leaves = ("decay",)
    _children = ("schedule",)

    @cached_property
    def _restarts(self) -> tuple[tuple[int | float, ...], tuple[float, ...]]:
        """Start step of every cycle (exact integers when possible) and the
        factor ``P / P_k`` that maps its local time onto ``[0, P)``."""
        starts, lengths = _restart_table(self.period, self.period_mult, self.limit)
        return starts, tuple(self.period / n for n in lengths)

    def _eval(self, t: Array, xp: Backend) -> Any:
        period, limit = self.period, self.limit
        t = xp.maximum(t, 0)
        if self.period_mult == 1.0:
            k = t // period
            if limit is not None:
                done = k >= limit
                k = xp.minimum(k, limit - 1)
            local = t - k * period
        else:
            starts, scales = self._restarts
            # segment k: the steps of cycle k (cycle 0 also takes negative steps)
            pick = xp.picker(starts[1:], t)
            k = pick.count()
            if limit is not None:
                done = k >= limit
            # past the last tabulated cycle (limit, or 2**53 steps) the last one holds
            last = len(scales) - 1 if limit is None else limit - 1
            k = xp.minimum(k, last)
            held = [min(i, last) for i in range(len(starts))]
            local = (t - pick([starts[i] for i in held])) * pick([scales[i] for i in held])
        if limit is not None:
            local = xp.where(done, period, local)
        value = self.schedule._eval(local, xp)
        if not _is_one(self.decay):
            value = value * self.decay**k
        return value

    @property
    def duration(self) -> int | None:
        if self.limit is None:
            return None
        if self.period_mult == 1.0:
            return self.period * self.limit
        return math.ceil(self._restarts[0][self.limit])

    def _phases(self, until: int | None = None) -> list[Phase]:
        inner = self.schedule._phases(self.period)
        label = " → ".join(p.label for p in inner)
        if self.period_mult == 1.0:
            period = self.period

            def start(k: int) -> int:
                return k * period

            tabulated = None
        else:
            starts = self._restarts[0]
            tabulated = len(starts) - 1

            def start(k: int) -> int:
                return math.ceil(starts[min(k, len(starts) - 1)])

        # the number of cycles to show: those that start before `until`
        if until is None:
            wanted = 6
        elif tabulated is None:
            wanted = -(-until // self.period)
        else:
            wanted = bisect.bisect_left([start(k) for k in range(tabulated + 1)], until)
        total = wanted if self.limit is None else min(wanted, self.limit)
        if tabulated is not None:
            total = min(total, tabulated)
        shown = list(range(total)) if total <= 8 else [0, 1, 2, -1, total - 2, total - 1]
        out: list[Phase] = []
        for k in shown:
            if k == -1:  # the cycles in between, in one row
                a, b = 3, total - 3
                out.append(Phase(start(a), start(b + 1), f"cycles {a:,} - {b:,}: {label}", b))
            else:
                out.append(Phase(start(k), start(k + 1), f"cycle {k:,}: {label}", k))
        more = self.limit is None or self.limit > total
        if more and (tabulated is None or total < tabulated):
            out.append(Phase(start(total), None, f"cycles {total:,} - ...: {label}", None))
        return out


def _restart_table(
    period: int, mult: float, limit: int | None
) -> tuple[tuple[int | float, ...], tuple[int | float, ...]]:
    exact = float(mult).is_integer()
    m: int | float = int(mult) if exact else mult
    starts: list[int | float] = [0]
    lengths: list[int | float] = []
    length: int | float = period
    while True:
        lengths.append(length)
        starts.append(starts[-1] + length)
        if limit is not None and len(lengths) >= limit:
            break
        if starts[-1] > _TABLE_HORIZON:
            break
        if len(lengths) > _MAX_RESTART_TABLE:
            raise ValueError(
                f"cycle: 'period_mult' must be 1 or far enough from 1 that fewer than "
                f"{_MAX_RESTART_TABLE} cycles cover 2**53 steps (got {mult!r}); "
                "use period_mult=1.0 or pass limit"
            )
        length = length * m
    return tuple(starts), tuple(lengths)


@register(Cycle)
def cycle(
    schedule: Schedule | float,
    period: int,
    period_mult: float = 1.0,
    decay: float = 1.0,
    limit: int | None = None,
) -> Schedule:
    """Restart ``schedule`` periodically: SGDR, ``CosineAnnealingWarmRestarts``, timm cycles.

    .. math::
        v(t) = \\gamma^{k}\\, s\\bigl((t - S_k)\\, P / P_k\\bigr), \\quad
        P_k = P m^k, \\quad S_k = \\sum_{j<k} P_j \\le t < S_{k+1}

    Cycle ``k`` lasts ``P_k`` steps and the schedule sees local time rescaled
    so that it always spans ``[0, P)``: define ``schedule`` over ``period``
    steps (e.g. ``cosine(1.0, 0.0, period)``). The cycle index is found in
    closed form -- integer division when ``m = 1``, a binary search over the
    exact restart steps otherwise -- so a thousand restarts cost what one
    costs, and no restart is missed (float ``log`` formulas in torch and timm
    miss some for ``m = 3``).

    The peak ``decay`` multiplies the whole value; to decay only the
    amplitude above a floor, add the floor outside:
    ``lo + cycle(cosine(hi - lo, 0.0, P), P, decay=0.5)`` (torch ``CyclicLR``'s
    ``triangular2``). timm's ``cycle_decay`` scales the peak only, which is
    ``cycle(cosine(hi, 0.0, P), P, decay=d) + cycle(cosine(0.0, lo, P), P)``.

    Args:
        schedule: ``s``, defined on local time ``[0, P)``.
        period: ``P``, the first cycle's length, a positive integer.
        period_mult: ``m >= 1``, the growth of each next cycle (torch ``T_mult``,
            timm ``cycle_mul``).
        decay: ``γ`` in ``(0, 1]``, the factor applied per completed cycle.
        limit: optional number of cycles after which the value at the end of
            the last cycle is held (timm ``cycle_limit``).

    >>> import schedax as sx
    >>> s = sx.cycle(sx.linear(1.0, 0.0, 10), 10, period_mult=2.0)
    >>> [s(t) for t in (0, 5, 10, 20, 30)]
    [1.0, 0.5, 1.0, 0.5, 1.0]
    """
    fn = "cycle"
    inner = lift(fn, "schedule", schedule)
    period_ = v.integer(fn, "period", period, minimum=1)
    if is_jax(period_mult):
        v.fail(fn, "period_mult", "a concrete number >= 1", period_mult, TypeError)
    mult = float(v.real(fn, "period_mult", period_mult))
    if mult < 1.0:
        v.fail(fn, "period_mult", "a number >= 1", period_mult)
    decay_ = v.in_range(fn, "decay", decay, 0.0, 1.0, "in (0, 1]")
    limit_ = None if limit is None else v.integer(fn, "limit", limit, minimum=1)
    out = Cycle(inner, period_, mult, decay_, limit_)
    if mult != 1.0:
        out._restarts  # noqa: B018 -- build (and check) the restart table now
    return out


# ---------------------------------------------------------------- piecewise

_INTERPOLATIONS = ("constant", "linear")


@dataclasses.dataclass(frozen=True, repr=False)
class Piecewise(Schedule):
    boundaries: tuple[int, ...]
    values: tuple[Schedule, ...]
    interpolation: str = "constant"

    _ctor = "piecewise"
    _children = ("values",)

    @cached_property
    def _select(self) -> _Selector:
        return _Selector(self.values)

    @cached_property
    def _widths(self) -> tuple[int, ...]:
        b = self.boundaries
        return (1, *(b[i] - b[i - 1] for i in range(1, len(b))))

    def _eval(self, t: Array, xp: Backend) -> Any:
        b = self.boundaries
        if self.interpolation == "constant":
            if xp.scalar:
                return self.values[bisect.bisect_right(b, t)]._eval(t, xp)
            return self._select(xp.picker(b, t), t, xp)
        last = len(b) - 1
        if xp.scalar:
            i = bisect.bisect_right(b, t)
            lo, hi = max(i - 1, 0), min(i, last)
            if lo == hi:
                return self.values[lo]._eval(t, xp)
            w = (t - b[lo]) / (b[hi] - b[lo])
            return (1.0 - w) * self.values[lo]._eval(t, xp) + w * self.values[hi]._eval(t, xp)
        # segment i (i boundaries <= t) interpolates between values lo and hi
        below = [max(i - 1, 0) for i in range(last + 2)]
        above = [min(i, last) for i in range(last + 2)]
        pick = xp.picker(b, t)
        base = pick([b[i] for i in below])
        width = pick([self._widths[i] for i in above])
        w = xp.clip((t - base) / width, 0.0, 1.0)
        return (1.0 - w) * self._select(pick, t, xp, below) + w * self._select(pick, t, xp, above)

    @property
    def duration(self) -> int | None:
        d = [s.duration for s in self.values]
        if any(x is None for x in d):
            return None
        return max(
            [
                *(x for x in d if x is not None),
                self.boundaries[-1] if self.boundaries else 0,
            ]
        )

    def _phases(self, until: int | None = None) -> list[Phase]:
        b = self.boundaries
        if self.interpolation == "linear":
            out = [Phase(0, b[0], "hold")] if b[0] > 0 else []
            out.extend(Phase(b[i], b[i + 1], "interpolate") for i in range(len(b) - 1))
            return out
        # each value sees global time: its own phases, cut to its segment
        out = []
        for i, value in enumerate(self.values):
            lo, hi = (0 if i == 0 else b[i - 1]), (b[i] if i < len(b) else None)
            if hi is not None and hi <= lo:
                continue
            if until is not None and lo >= until:
                break
            cursor: int | None = lo
            horizon = until if hi is None else hi
            own = [] if value.duration == 0 else overlay((value,), horizon, " ".join)
            for p in own:
                a = max(p.start, lo)
                end = p.end if hi is None else (hi if p.end is None else min(p.end, hi))
                if end is not None and end <= a:
                    continue
                out.append(Phase(a, end, p.label, p.cycle))
                cursor = end
                if end is None or end == hi:
                    break
            if cursor is not None and (hi is None or cursor < hi):
                # a number, or a schedule that holds its last value
                out.append(Phase(cursor, hi, "constant" if value.duration == 0 else "hold"))
        return out


@register(Piecewise)
def piecewise(
    boundaries: Sequence[int],
    values: Sequence[Schedule | float],
    interpolation: str = "constant",
) -> Schedule:
    """Values that change at given steps, by jumps or by linear interpolation.

    With ``interpolation="constant"``, ``len(values) == len(boundaries) + 1``
    and the value changes *at* each boundary:

    .. math:: v(t) = y_i \\quad \\text{for } b_{i-1} \\le t < b_i

    With ``interpolation="linear"``, ``len(values) == len(boundaries)``:
    ``y_i`` is the value at step ``b_i``, interpolated linearly in between and
    held before the first and after the last boundary.

    Values may be numbers or schedules; a schedule value sees *global* time
    (unlike :func:`join`). Evaluation is a binary search, ``O(log K)`` per
    step for ``K`` boundaries. optax ``piecewise_constant_schedule`` and
    ``piecewise_interpolate_schedule`` (with absolute values, not scales).

    Args:
        boundaries: strictly increasing non-negative integer steps ``b_i``.
        values: numbers or schedules ``y_i``.
        interpolation: ``"constant"`` or ``"linear"``.

    >>> import schedax as sx
    >>> s = sx.piecewise([10, 20], [1.0, 0.1, 0.01])
    >>> s(9), s(10), s(20)
    (1.0, 0.1, 0.01)
    >>> sx.piecewise([0, 10], [0.0, 1.0], "linear")(5)
    0.5
    """
    fn = "piecewise"
    bounds = v.integers(fn, "boundaries", boundaries, minimum=0)
    if isinstance(values, Schedule | str) or not isinstance(values, Sequence):
        v.fail(fn, "values", "a list of numbers or schedules", values, TypeError)
    vals = tuple(lift(fn, f"values[{i}]", x) for i, x in enumerate(values))
    mode = v.choice(fn, "interpolation", interpolation, _INTERPOLATIONS)
    want = len(bounds) + 1 if mode == "constant" else len(bounds)
    if len(vals) != want:
        rule = "len(boundaries) + 1" if mode == "constant" else "len(boundaries)"
        v.fail(
            fn,
            "values",
            f"of length {rule} = {want} for interpolation={mode!r}",
            list(values),
        )
    if want == 0:
        v.fail(fn, "boundaries", "non-empty for interpolation='linear'", list(boundaries))
    if len(vals) == 1:
        return vals[0]
    return Piecewise(bounds, vals, mode)


# ----------------------------------------------------- minimum / maximum / clip


@dataclasses.dataclass(frozen=True, repr=False)
class Minimum(Reduce):
    _ctor = "minimum"

    @staticmethod
    def _combine(a: Any, b: Any, xp: Backend) -> Any:
        return xp.minimum(a, b)


@dataclasses.dataclass(frozen=True, repr=False)
class Maximum(Reduce):
    _ctor = "maximum"

    @staticmethod
    def _combine(a: Any, b: Any, xp: Backend) -> Any:
        return xp.maximum(a, b)


def _extremum(fn: str, node: type[Reduce], args: tuple[object, ...]) -> Schedule:
    if not args:
        v.fail(fn, "schedules", "at least one schedule", args)
    pieces = [lift(fn, f"schedules[{i}]", a) for i, a in enumerate(args)]
    flat: list[Schedule] = []
    for p in pieces:
        flat.extend(p.schedules if type(p) is node else (p,))
    return flat[0] if len(flat) == 1 else node(tuple(flat))


@register(Minimum)
def minimum(*schedules: Schedule | float) -> Schedule:
    """The smallest of several schedules, step by step (all on global time).

    .. math:: v(t) = \\min_i s_i(t)

    Args:
        *schedules: schedules or numbers (at least one).

    >>> import schedax as sx
    >>> sx.minimum(sx.linear(0.0, 2.0, 10), 1.0)(8)
    1.0
    """
    return _extremum("minimum", Minimum, schedules)


@register(Maximum)
def maximum(*schedules: Schedule | float) -> Schedule:
    """The largest of several schedules, step by step (all on global time).

    .. math:: v(t) = \\max_i s_i(t)

    Args:
        *schedules: schedules or numbers (at least one).

    >>> import schedax as sx
    >>> sx.maximum(sx.exponential(1.0, 0.5), 0.1)(10)
    0.1
    """
    return _extremum("maximum", Maximum, schedules)


@dataclasses.dataclass(frozen=True, repr=False)
class Clip(Schedule):
    schedule: Schedule
    low: Any = None
    high: Any = None

    _ctor = "clip"
    _leaves = ("low", "high")
    _children = ("schedule",)

    def _eval(self, t: Array, xp: Backend) -> Any:
        out = self.schedule._eval(t, xp)
        if self.low is not None:
            out = xp.maximum(out, self.low)
        if self.high is not None:
            out = xp.minimum(out, self.high)
        return out

    @property
    def duration(self) -> int | None:
        return self.schedule.duration

    def _phases(self, until: int | None = None) -> list[Phase]:
        return [p._replace(label=f"clip({p.label})") for p in self.schedule._phases(until)]


@register(Clip)
def clip(
    schedule: Schedule | float, low: float | None = None, high: float | None = None
) -> Schedule:
    """Bound a schedule below by ``low`` and/or above by ``high`` (global time).

    .. math:: v(t) = \\min(\\max(s(t), l), h)

    Args:
        schedule: the schedule ``s``.
        low: lower bound ``l`` or ``None``.
        high: upper bound ``h`` or ``None``; ``l <= h``.

    >>> import schedax as sx
    >>> sx.clip(sx.linear(0.0, 1.0, 10), low=0.2, high=0.8)(0)
    0.2
    """
    fn = "clip"
    inner = lift(fn, "schedule", schedule)
    lo = None if low is None else v.real(fn, "low", low)
    hi = None if high is None else v.real(fn, "high", high)
    if lo is not None and hi is not None and not (is_jax(lo) or is_jax(hi)) and lo > hi:
        v.fail(fn, "high", f">= low={lo!r}", high)
    if lo is None and hi is None:
        return inner
    return Clip(inner, lo, hi)


# ---------------------------------------------------------- time transforms


@dataclasses.dataclass(frozen=True, repr=False)
class Shift(Schedule):
    schedule: Schedule
    steps: int

    _ctor = "shift"
    _children = ("schedule",)

    def _eval(self, t: Array, xp: Backend) -> Any:
        if self.steps < 0 and xp.is_int32(t):
            # int32 cannot hold t - steps past 2**31 - 1: saturate, never wrap
            t = xp.minimum(t, INT32_MAX + self.steps)
        return self.schedule._eval(t - self.steps, xp)

    def _eval_range(self, start: int, n: int, xp: Backend) -> Any:
        return self.schedule._eval_range(start - self.steps, n, xp)

    @property
    def duration(self) -> int | None:
        d = self.schedule.duration
        return None if d is None else max(d + self.steps, 0)

    def _phases(self, until: int | None = None) -> list[Phase]:
        k = self.steps
        inner = self.schedule._phases(None if until is None else max(until - k, 1))
        before = [Phase(0, k, "hold (before the shifted start)")] if k > 0 else []
        return before + shifted(inner, k) or [Phase(0, None, "hold")]


@register(Shift)
def shift(schedule: Schedule | float, steps: int) -> Schedule:
    """Delay a schedule by ``steps`` (or advance it, if negative).

    .. math:: v(t) = s(t - k)

    Before step ``k`` the schedule holds its value at 0 (primitives clamp
    negative local time). ``shift(s, -k)`` starts ``s`` ``k`` steps in.

    Args:
        schedule: the schedule ``s``.
        steps: the integer delay ``k`` (any sign); ``shift(s, 0)`` is ``s``.

    >>> import schedax as sx
    >>> s = sx.shift(sx.linear(0.0, 1.0, 10), 5)
    >>> s(0), s(10)
    (0.0, 0.5)
    """
    inner = lift("shift", "schedule", schedule)
    k = v.integer("shift", "steps", steps, minimum=None)
    if k == 0:
        return inner
    if isinstance(inner, Shift):
        return shift(inner.schedule, inner.steps + k)
    return Shift(inner, k)


@dataclasses.dataclass(frozen=True, repr=False)
class Stretch(Schedule):
    schedule: Schedule
    factor: Any

    _ctor = "stretch"
    _leaves = ("factor",)
    _children = ("schedule",)

    def _eval(self, t: Array, xp: Backend) -> Any:
        return self.schedule._eval(t / self.factor, xp)

    @property
    def duration(self) -> int | None:
        d = self.schedule.duration
        return None if d is None or is_jax(self.factor) else math.ceil(d * self.factor)

    def _phases(self, until: int | None = None) -> list[Phase]:
        f = self.factor
        if is_jax(f):
            return super()._phases(until)
        inner = self.schedule._phases(None if until is None else max(math.ceil(until / f), 1))
        out = []
        for p in inner:
            a = math.ceil(p.start * f)
            b = None if p.end is None else math.ceil(p.end * f)
            if b is None or b > a:
                out.append(Phase(a, b, p.label, p.cycle))
        return out


@register(Stretch)
def stretch(schedule: Schedule | float, factor: float) -> Schedule:
    """Stretch a schedule in time by ``factor``.

    .. math:: v(t) = s(t / f)

    A schedule written on a fraction of the run (fvcore / Composer style:
    e.g. over 100 "percent" steps) becomes a schedule over the real run with
    ``stretch(s, total_steps / 100)``. ``f < 1`` compresses.

    Args:
        schedule: the schedule ``s``.
        factor: ``f > 0``; ``stretch(s, 1)`` is ``s``.

    >>> import schedax as sx
    >>> s = sx.stretch(sx.cosine(1.0, 0.0, 100), 1000)   # cosine over 100k steps
    >>> print(f"{s(50_000):.2f}")
    0.50
    """
    inner = lift("stretch", "schedule", schedule)
    f = v.positive("stretch", "factor", factor)
    if not is_jax(f) and f == 1.0:
        return inner
    return Stretch(inner, f)


__all__ = [
    "Clip",
    "Cycle",
    "Join",
    "Maximum",
    "Minimum",
    "Piecewise",
    "Shift",
    "Stretch",
    "Warmup",
    "clip",
    "cycle",
    "join",
    "maximum",
    "minimum",
    "piecewise",
    "shift",
    "stretch",
    "warmup",
]
