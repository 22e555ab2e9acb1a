"""Side-by-side measurement: every variant of a comparison runs in one process,
in alternating order, repeat after repeat.

A *comparison* holds variants of two sides -- ``schedax`` and ``peer`` -- that
compute the same thing, and the *rows* (pairs of one schedax variant and one
peer variant) to report. Measuring a comparison:

1. **Warm-up and check.** Each variant is called once (this compiles JAX code
   and fills caches); the values of each row's two variants must agree to the
   comparison's tolerance, or :class:`ValueMismatch` is raised: a benchmark of
   two different computations is not published.
2. **Calibrate.** A cheap call is repeated ``number`` times per sample, so that
   one sample lasts about ``target`` seconds (like :mod:`timeit`).
3. **Alternate.** Each repeat takes one sample of every variant, in an order
   rotated by one at every repeat, so slow drift (another process, thermal
   state) spreads over all variants alike. The time budget is shared equally,
   so a variant much slower than the others stops after fewer repeats while
   the cheap ones go on. The garbage collector is off while timing.
4. **Summarise.** Per variant: the median and the min--max over repeats. Per
   row: the ratio of medians (schedax / peer: below 1 schedax is faster) and
   the min--max of the ratios of the samples taken side by side.

Comparisons of cold compilations (``warmup=False``) skip steps 1 and 2: every
call is timed, the first one included.

A ``memory`` comparison records, instead of a time, the peak of the memory
traced by :mod:`tracemalloc` during a call (numpy reports its buffers to it),
divided by the size of the call's output.
"""

from __future__ import annotations

import gc
import math
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

Side = Literal["schedax", "peer"]
Metric = Literal["time", "memory"]


class ValueMismatch(AssertionError):
    """Two variants of one row compute different values."""


@dataclass(frozen=True)
class Variant:
    """One way to compute the result: ``fn()`` does the whole work, waits for
    it (``block_until_ready``) and returns the value."""

    name: str
    side: Side
    fn: Callable[[], Any]


@dataclass(frozen=True)
class Aim:
    """A target from the issue: ``value <= limit`` where ``value`` is the row's
    ratio (``on="ratio"``) or the schedax variant's own number (``on="schedax"``,
    in the comparison's display unit)."""

    text: str
    limit: float
    on: Literal["ratio", "schedax"] = "ratio"


@dataclass(frozen=True)
class Tolerance:
    """``np.allclose`` tolerance of the values check."""

    rtol: float
    atol: float


@dataclass(frozen=True)
class Row:
    schedax: str
    peer: str
    aim: Aim | None = None
    tol: Tolerance | None = None  # overrides the comparison's tolerance


@dataclass(frozen=True)
class Comparison:
    """Variants measured together and the rows reported from them.

    ``per`` and ``unit`` turn seconds per call into the display unit:
    ``value = seconds / per * scale(unit)`` (``ns/step`` with ``per`` = steps,
    ``µs/call``, ``ms``, ``s``); a memory comparison displays ``x output``.
    ``check`` is the tolerance of the values check (``None``: the variants
    return no comparable value, e.g. compiled executables). ``warmup=False``
    times the first call too (cold compilations).
    """

    case: str
    title: str
    tag: str  # identifies the comparison within its case (e.g. "50 pieces")
    variants: tuple[Variant, ...]
    rows: tuple[Row, ...]
    unit: str
    per: int = 1
    metric: Metric = "time"
    check: Tolerance | None = None
    warmup: bool = True

    def variant(self, name: str) -> Variant:
        for v in self.variants:
            if v.name == name:
                return v
        raise KeyError(f"{self.case}: no variant {name!r}")


_SCALE = {"ns/step": 1e9, "µs/call": 1e6, "ms": 1e3, "s": 1.0, "x output": 1.0}


@dataclass(frozen=True)
class Settings:
    """How hard to measure.

    ``target``: seconds per sample (cheap calls are looped); ``budget``: seconds
    of timed work per comparison, shared equally by its variants, which sets
    each variant's number of repeats between ``min_repeats`` and
    ``max_repeats`` (a variant whose sample takes more than a third of its
    share gets fewer, down to one). ``quick``: one call per sample, one repeat.
    """

    target: float = 0.02
    budget: float = 4.0
    min_repeats: int = 3
    max_repeats: int = 21
    quick: bool = False

    def repeats(self, round_seconds: float) -> int:
        """Repeats that fit the budget when one round of samples lasts ``round_seconds``."""
        if self.quick:
            return 1
        fit = int(self.budget // max(round_seconds, 1e-9))
        if fit < self.min_repeats:
            return max(1, fit)
        return min(fit, self.max_repeats)


QUICK = Settings(quick=True)


@dataclass
class VariantResult:
    name: str
    side: Side
    samples: list[float]  # display unit, one per repeat
    number: int  # calls per sample

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def lo(self) -> float:
        return min(self.samples)

    @property
    def hi(self) -> float:
        return max(self.samples)


@dataclass
class RowResult:
    row: Row
    schedax: VariantResult
    peer: VariantResult
    max_abs_diff: float | None  # from the values check; None if not checked

    @property
    def ratio(self) -> float:
        return self.schedax.median / self.peer.median

    @property
    def paired(self) -> list[float]:
        """Ratios of the samples taken side by side (the shorter list's length)."""
        return [a / b for a, b in zip(self.schedax.samples, self.peer.samples, strict=False)]

    @property
    def repeats(self) -> str:
        a, b = len(self.schedax.samples), len(self.peer.samples)
        return str(a) if a == b else f"{a}/{b}"

    @property
    def aim_met(self) -> bool | None:
        aim = self.row.aim
        if aim is None:
            return None
        value = self.ratio if aim.on == "ratio" else self.schedax.median
        return value <= aim.limit


@dataclass
class ComparisonResult:
    comparison: Comparison
    variants: dict[str, VariantResult]
    rows: list[RowResult]
    cpu_per_wall: float  # process CPU time / wall time while timing
    values: dict[str, Any] = field(default_factory=dict)  # warm-up values (kept if asked)


# ------------------------------------------------------------------ checking


def as_array(value: Any) -> np.ndarray[Any, np.dtype[np.float64]]:
    return np.asarray(value, dtype=np.float64)


def check_values(comparison: Comparison, values: dict[str, Any]) -> dict[tuple[str, str], float]:
    """Max abs difference per row; raises :class:`ValueMismatch` beyond tolerance."""
    out: dict[tuple[str, str], float] = {}
    if comparison.check is None:
        return out
    for row in comparison.rows:
        tol = row.tol or comparison.check
        a, b = as_array(values[row.schedax]), as_array(values[row.peer])
        where = f"{comparison.title}: {row.schedax!r} vs {row.peer!r}"
        if a.shape != b.shape:
            raise ValueMismatch(f"{where}: shapes {a.shape} and {b.shape} differ")
        diff = float(np.max(np.abs(a - b))) if a.size else 0.0
        if not np.allclose(a, b, rtol=tol.rtol, atol=tol.atol):
            bad = int(np.argmax(np.abs(a - b) - tol.rtol * np.abs(b)))
            raise ValueMismatch(
                f"{where}: values differ (max |diff| {diff:.3g}; at index {bad}: "
                f"{a.flat[bad]!r} vs {b.flat[bad]!r}; rtol={tol.rtol}, atol={tol.atol})"
            )
        out[(row.schedax, row.peer)] = diff
    return out


# ----------------------------------------------------------------- measuring


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _time_calls(fn: Callable[[], Any], number: int) -> float:
    """Seconds per call over ``number`` back-to-back calls."""
    start = time.perf_counter_ns()
    for _ in range(number):
        fn()
    return (time.perf_counter_ns() - start) / 1e9 / number


def _calibrate(fn: Callable[[], Any], first: float, settings: Settings) -> tuple[int, float]:
    """Calls per sample so a sample lasts ``settings.target``; and the seconds per call."""
    if settings.quick:
        return 1, first
    # the warm-up call included compilation: time a warm call, unless that is
    # expensive (then the warm-up time stands as an upper bound)
    per_call = _time_calls(fn, 1) if first < settings.budget / 2 else first
    if per_call < settings.target / 10:
        # one call is too short to trust: time growing loops (timeit.autorange)
        number = 1
        while True:
            elapsed = _time_calls(fn, number) * number
            if elapsed >= settings.target / 4 or number >= 10**7:
                per_call = elapsed / number
                break
            number *= 10
    return max(1, math.ceil(settings.target / max(per_call, 1e-9))), per_call


def _peak_ratio(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Peak traced bytes during ``fn()`` over the size of its output."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        out = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / max(int(np.asarray(out).nbytes), 1), out


def measure(
    comparison: Comparison, settings: Settings, *, keep_values: bool = False
) -> ComparisonResult:
    """Measure every variant of ``comparison`` side by side (see the module doc)."""
    variants = comparison.variants
    scale = _SCALE[comparison.unit] / comparison.per
    values: dict[str, Any] = {}
    samples: dict[str, list[float]] = {v.name: [] for v in variants}
    numbers: dict[str, int] = {v.name: 1 for v in variants}
    per_call: dict[str, float] = {}

    if comparison.metric == "memory":
        for v in variants:
            ratio, values[v.name] = _peak_ratio(v.fn)
            samples[v.name].append(ratio)
        diffs = check_values(comparison, values)
        if not keep_values:
            values.clear()
        wall, cpu = time.perf_counter(), _cpu()
        for r in range(1, 1 if settings.quick else 2):
            for v in _rotated(variants, r):
                samples[v.name].append(_peak_ratio(v.fn)[0])
        cpu_ratio = (_cpu() - cpu) / max(time.perf_counter() - wall, 1e-9)
        return _result(comparison, samples, numbers, diffs, cpu_ratio, values, keep_values)

    # 1. warm-up (compiles) and values check
    for v in variants:
        if comparison.warmup:
            start = time.perf_counter()
            values[v.name] = v.fn()
            per_call[v.name] = time.perf_counter() - start
    diffs = check_values(comparison, values) if comparison.warmup else {}
    if not keep_values:
        values.clear()

    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        wall, cpu = time.perf_counter(), _cpu()
        first = 0
        if comparison.warmup:
            # 2. calibrate
            for v in variants:
                numbers[v.name], per_call[v.name] = _calibrate(v.fn, per_call[v.name], settings)
        else:
            # cold calls: the first round is timed, and tells each call's length
            for v in variants:
                samples[v.name].append(_time_calls(v.fn, 1) * scale)
                per_call[v.name] = samples[v.name][0] / scale
            first = 1
        # each variant gets an equal share of the budget: a cheap one gets
        # more repeats than an expensive one (they alternate while both run)
        share = len(variants)
        reps = {
            v.name: settings.repeats(numbers[v.name] * per_call[v.name] * share) for v in variants
        }
        # 3. alternate
        for r in range(first, max(reps.values())):
            for v in _rotated(variants, r):
                if r < reps[v.name]:
                    samples[v.name].append(_time_calls(v.fn, numbers[v.name]) * scale)
        cpu_ratio = (_cpu() - cpu) / max(time.perf_counter() - wall, 1e-9)
    finally:
        if gc_was_enabled:
            gc.enable()
    return _result(comparison, samples, numbers, diffs, cpu_ratio, values, keep_values)


def _rotated(variants: Sequence[Variant], r: int) -> list[Variant]:
    k = r % len(variants)
    return [*variants[k:], *variants[:k]]


def _result(
    comparison: Comparison,
    samples: dict[str, list[float]],
    numbers: dict[str, int],
    diffs: dict[tuple[str, str], float],
    cpu_ratio: float,
    values: dict[str, Any],
    keep_values: bool,
) -> ComparisonResult:
    results = {
        v.name: VariantResult(v.name, v.side, samples[v.name], numbers[v.name])
        for v in comparison.variants
    }
    rows = [
        RowResult(
            row,
            results[row.schedax],
            results[row.peer],
            diffs.get((row.schedax, row.peer)),
        )
        for row in comparison.rows
    ]
    return ComparisonResult(comparison, results, rows, cpu_ratio, values if keep_values else {})


def validate(comparison: Comparison) -> None:
    """Structural checks: rows name existing variants of the right sides."""
    names = [v.name for v in comparison.variants]
    if len(set(names)) != len(names):
        raise ValueError(f"{comparison.title}: duplicate variant names {names}")
    sides = {v.name: v.side for v in comparison.variants}
    for row in comparison.rows:
        if sides.get(row.schedax) != "schedax" or sides.get(row.peer) != "peer":
            raise ValueError(f"{comparison.title}: bad row {row}")
    if comparison.unit not in _SCALE:
        raise ValueError(f"{comparison.title}: unknown unit {comparison.unit!r}")
