"""Hypothesis strategies for schedax: primitives, recipes and schedule trees.

Every strategy draws *valid* arguments, so building the schedule never raises.
Durations stay within a few hundred steps and values within about ``1e-3..10``
(times the few constants the combinators multiply by), so every tree is finite
at every step, including ``2**31 - 1``.

``trees()`` draws random compositions of the combinators, depth-bounded with
``st.recursive``; ``finite_trees()`` draws those with a finite positive
``duration`` (what ``join`` needs to infer its boundaries).
"""

from __future__ import annotations

import dataclasses
import math

from hypothesis import strategies as st

import schedax as sx

# ------------------------------------------------------------------ numbers

#: schedule values: positive and in a sane range
values = st.floats(1e-3, 10.0, allow_nan=False, allow_infinity=False)
#: values that may be negative or zero (constants, `add` terms), never tiny:
#: every value must survive float32 (JAX and torch compute in float32)
signed_values = st.one_of(st.just(0.0), values, values.map(lambda x: -x))
#: non-zero factors for `multiply` and `divide`
factors = st.one_of(st.floats(0.1, 4.0), st.floats(-4.0, -0.1))
#: durations in steps
durations = st.integers(1, 200)
#: time-stretch factors: dyadic, so float32 and float64 agree on where ``t / f``
#: lands (an inexact factor could put a jump a step early in float32 only)
stretches = st.sampled_from([0.25, 0.5, 0.75, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0])


def double(step: float) -> float:
    """A module-level function of the step: `from_fn` can serialise it by path."""
    return 2.0 * float(step)


def increasing(lo: int, hi: int, min_size: int, max_size: int) -> st.SearchStrategy[list[int]]:
    """Strictly increasing integers in ``[lo, hi]``."""
    return st.lists(st.integers(lo, hi), min_size=min_size, max_size=max_size, unique=True).map(
        sorted
    )


# --------------------------------------------------------------- primitives


def constants() -> st.SearchStrategy[sx.Schedule]:
    return st.builds(sx.constant, signed_values)


def linears() -> st.SearchStrategy[sx.Schedule]:
    return st.builds(sx.linear, values, values, durations)


def cosines() -> st.SearchStrategy[sx.Schedule]:
    exponents = st.one_of(st.just(1.0), st.floats(0.25, 4.0))
    return st.builds(sx.cosine, values, values, durations, exponents)


def polynomials() -> st.SearchStrategy[sx.Schedule]:
    return st.builds(sx.polynomial, values, values, durations, st.floats(0.25, 4.0))


def sqrt_decays() -> st.SearchStrategy[sx.Schedule]:
    return st.builds(sx.sqrt_decay, values, values, durations)


@st.composite
def exponentials(draw: st.DrawFn) -> sx.Schedule:
    """Decay (continuous or staircase, with or without a floor) or bounded growth."""
    start = draw(st.floats(1e-2, 1.0))
    every = draw(st.integers(1, 10))
    staircase = draw(st.booleans())
    if draw(st.booleans()):  # growth: needs `end`
        rate = draw(st.floats(1.01, 1.5))
        end = start * draw(st.floats(1.5, 10.0))
        return sx.exponential(start, rate, every, staircase, end)
    rate = draw(st.floats(0.5, 0.99))
    end = draw(st.none() | st.floats(0.05, 0.9).map(lambda r: start * r))
    if end is None and draw(st.booleans()):
        return sx.exponential(start, rate, every, staircase)
    return sx.exponential(start, rate, every=every, staircase=staircase, end=end)


def step_decays() -> st.SearchStrategy[sx.Schedule]:
    return st.builds(sx.step_decay, values, st.integers(1, 100), st.floats(0.1, 1.0))


def multisteps() -> st.SearchStrategy[sx.Schedule]:
    milestones = st.lists(st.integers(0, 300), max_size=5).map(sorted)  # repeats allowed
    return st.builds(sx.multistep, values, milestones, st.floats(0.1, 2.0))


def inverse_sqrts() -> st.SearchStrategy[sx.Schedule]:
    return st.builds(sx.inverse_sqrt, values, st.floats(1.0, 1000.0))


def inverse_times() -> st.SearchStrategy[sx.Schedule]:
    return st.builds(
        sx.inverse_time, values, st.floats(0.0, 1.0), st.integers(1, 20), st.booleans()
    )


@st.composite
def tanhs(draw: st.DrawFn) -> sx.Schedule:
    lower = draw(st.floats(-10.0, 0.0))
    upper = lower + draw(st.floats(0.5, 12.0))
    return sx.tanh(draw(values), draw(values), draw(durations), lower, upper)


def primitives() -> st.SearchStrategy[sx.Schedule]:
    """Every public primitive but `from_fn` and `multiplicative` (host callbacks)."""
    return st.one_of(
        constants(),
        linears(),
        cosines(),
        polynomials(),
        sqrt_decays(),
        exponentials(),
        step_decays(),
        multisteps(),
        inverse_sqrts(),
        inverse_times(),
        tanhs(),
    )


# ------------------------------------------------------------------ recipes


@st.composite
def wsds(draw: st.DrawFn) -> sx.Schedule:
    return sx.wsd(
        draw(values),
        draw(st.integers(0, 100)),
        draw(st.integers(0, 200)),
        draw(st.integers(0, 100)),
        start=draw(st.floats(0.0, 1.0)),
        end=draw(st.floats(0.0, 1e-2)),
        decay_shape=draw(st.sampled_from(["linear", "cosine", "1-sqrt"])),
    )


@st.composite
def one_cycles(draw: st.DrawFn) -> sx.Schedule:
    return sx.one_cycle(
        draw(values),
        draw(st.integers(2, 300)),
        draw(st.floats(0.05, 0.95)),
        start=draw(st.none() | values),
        end=draw(st.none() | values),
        shape=draw(st.sampled_from(["cosine", "linear"])),
    )


@st.composite
def triangulars(draw: st.DrawFn) -> sx.Schedule:
    low = draw(values)
    return sx.triangular(
        low,
        low + draw(values),
        draw(st.integers(1, 100)),
        draw(st.just(1.0) | st.floats(0.1, 1.0)),
    )


def recipes() -> st.SearchStrategy[sx.Schedule]:
    return st.one_of(wsds(), one_cycles(), triangulars())


def leaves() -> st.SearchStrategy[sx.Schedule]:
    return st.one_of(primitives(), recipes())


# -------------------------------------------------------------- combinators


def finite(s: sx.Schedule, cut: int) -> sx.Schedule:
    """``s`` with a finite positive duration: cut to its first ``cut`` steps if needed."""
    if s.duration:
        return s
    # a constant has duration 0, so the join lasts exactly `cut` steps
    return sx.join([s, sx.constant(1.0)], [cut])


@st.composite
def _join_given(draw: st.DrawFn, children: st.SearchStrategy[sx.Schedule]) -> sx.Schedule:
    pieces = draw(st.lists(children, min_size=1, max_size=4))
    bounds = draw(increasing(1, 300, len(pieces) - 1, len(pieces) - 1))
    return sx.join(pieces, bounds)


@st.composite
def _join_inferred(draw: st.DrawFn, children: st.SearchStrategy[sx.Schedule]) -> sx.Schedule:
    pieces = draw(st.lists(children, min_size=1, max_size=4))
    cuts = draw(st.lists(durations, min_size=len(pieces), max_size=len(pieces)))
    pieces = [finite(p, c) for p, c in zip(pieces[:-1], cuts, strict=False)] + pieces[-1:]
    return sx.join(pieces)


@st.composite
def _warmup(draw: st.DrawFn, children: st.SearchStrategy[sx.Schedule]) -> sx.Schedule:
    inner = draw(children)
    steps = draw(st.integers(0, 100))
    shape = draw(st.sampled_from(["linear", "cosine", "exponential", "constant"]))
    peak = inner(0)
    if shape == "exponential":
        if peak == 0.0:
            shape = "linear"
        else:  # same sign as the peak, non-zero
            start = peak * draw(st.floats(1e-3, 2.0))
            return sx.warmup(inner, steps, start=start, shape=shape)
    if draw(st.booleans()):
        return sx.warmup(inner, steps, shape=shape)
    return sx.warmup(inner, steps, draw(st.floats(0.0, 1.0)), shape)


@st.composite
def _cycle(draw: st.DrawFn, children: st.SearchStrategy[sx.Schedule]) -> sx.Schedule:
    return sx.cycle(
        draw(children),
        draw(st.integers(1, 100)),
        period_mult=draw(st.sampled_from([1.0, 2.0, 3.0, 1.5])),
        decay=draw(st.just(1.0) | st.floats(0.1, 1.0)),
        limit=draw(st.none() | st.integers(1, 5)),
    )


@st.composite
def _arithmetic(draw: st.DrawFn, children: st.SearchStrategy[sx.Schedule]) -> sx.Schedule:
    s = draw(children)
    c = draw(factors)
    op = draw(st.sampled_from(["c*s", "s*c", "multiply", "s/c", "s+c", "c+s", "c-s", "s-c"]))
    if op == "c*s":
        return c * s
    if op == "s*c":
        return s * c
    if op == "multiply":
        return sx.multiply(s, c, draw(children))
    if op == "s/c":
        return s / c
    if op == "s+c":
        return s + c
    if op == "c+s":
        return sx.add(c, s, draw(children))
    if op == "c-s":
        return c - s
    return s - c


@st.composite
def _piecewise(draw: st.DrawFn, children: st.SearchStrategy[sx.Schedule]) -> sx.Schedule:
    interpolation = draw(st.sampled_from(["constant", "linear"]))
    bounds = draw(increasing(0, 300, 1, 4))
    n = len(bounds) + (interpolation == "constant")
    vals = draw(st.lists(children | signed_values, min_size=n, max_size=n))
    return sx.piecewise(bounds, vals, interpolation)


@st.composite
def _extremum(draw: st.DrawFn, children: st.SearchStrategy[sx.Schedule]) -> sx.Schedule:
    fn = draw(st.sampled_from([sx.minimum, sx.maximum]))
    args = draw(st.lists(children | signed_values, min_size=1, max_size=3))
    return fn(draw(children), *args)


@st.composite
def _clip(draw: st.DrawFn, children: st.SearchStrategy[sx.Schedule]) -> sx.Schedule:
    s = draw(children)
    a, b = sorted(draw(st.lists(signed_values, min_size=2, max_size=2)))
    which = draw(st.sampled_from(["low", "high", "both"]))
    if which == "low":
        return sx.clip(s, low=a)
    if which == "high":
        return sx.clip(s, high=b)
    return sx.clip(s, a, b)


def _shift(children: st.SearchStrategy[sx.Schedule]) -> st.SearchStrategy[sx.Schedule]:
    return st.builds(sx.shift, children, st.integers(-50, 50).filter(bool))


def _stretch(children: st.SearchStrategy[sx.Schedule]) -> st.SearchStrategy[sx.Schedule]:
    return st.builds(sx.stretch, children, stretches)


def _extend(children: st.SearchStrategy[sx.Schedule]) -> st.SearchStrategy[sx.Schedule]:
    return st.one_of(
        _join_given(children),
        _join_inferred(children),
        _warmup(children),
        _cycle(children),
        _arithmetic(children),
        _piecewise(children),
        _extremum(children),
        _clip(children),
        _shift(children),
        _stretch(children),
    )


def trees(max_leaves: int = 6) -> st.SearchStrategy[sx.Schedule]:
    """Random schedule trees: primitives and recipes composed by the combinators."""
    return st.recursive(leaves(), _extend, max_leaves=max_leaves)


def finite_trees(max_leaves: int = 6) -> st.SearchStrategy[sx.Schedule]:
    """Trees with a finite positive duration."""
    return st.tuples(trees(max_leaves), durations).map(lambda p: finite(*p))


# ---------------------------------------------------------------- landmarks


def _kind(s: sx.Schedule) -> str:
    return repr(s).split("(", 1)[0]  # the constructor's name


def _children(s: sx.Schedule) -> list[sx.Schedule]:
    out: list[sx.Schedule] = []
    for f in dataclasses.fields(s):
        value = getattr(s, f.name)
        if isinstance(value, sx.Schedule):
            out.append(value)
        elif isinstance(value, tuple):
            out.extend(v for v in value if isinstance(v, sx.Schedule))
    return out


def _ints(s: sx.Schedule) -> set[int]:
    out: set[int] = set()
    for f in dataclasses.fields(s):
        value = getattr(s, f.name)
        items = value if isinstance(value, tuple) else (value,)
        out.update(v for v in items if type(v) is int)
    return out


def _local_landmarks(s: sx.Schedule) -> set[int]:
    """Steps of ``s``'s own time where something happens (kinks, jumps, restarts)."""
    kind = _kind(s)
    children = _children(s)
    if kind == "join":
        out = set(s.boundaries)
        for piece, start in zip(s.schedules, (0, *s.boundaries), strict=True):
            out.update(start + x for x in _local_landmarks(piece))
        return out
    if kind == "warmup":
        return {s.steps} | {s.steps + x for x in _local_landmarks(s.schedule)}
    if kind == "shift":
        return {s.steps + x for x in _local_landmarks(s.schedule)}
    if kind == "stretch":
        inner = _local_landmarks(s.schedule)
        return {f(x * s.factor) for x in inner for f in (math.floor, math.ceil)}
    if kind == "cycle":
        inner = {x for x in _local_landmarks(s.schedule) if x < s.period}
        out = set(inner)
        start, length = 0.0, float(s.period)
        for _ in range(6 if s.limit is None else min(s.limit + 1, 6)):
            out.add(math.ceil(start))
            if s.period_mult in (1.0, 2.0):  # exact rescaling of local time
                out.update(int(start + x * length / s.period) for x in inner)
            start, length = start + length, length * s.period_mult
        return out
    out = _ints(s)
    if kind == "step_decay":
        out.update({2 * s.every, 3 * s.every})
    for child in children:  # every other combinator: children on the same time
        out |= _local_landmarks(child)
    return out


def landmarks(s: sx.Schedule, limit: int = 48) -> list[int]:
    """Non-negative steps at and next to the landmarks of ``s`` (at most ``limit``)."""
    near = {t + d for t in _local_landmarks(s) for d in (-1, 0, 1)}
    if s.duration is not None:
        near |= {s.duration - 1, s.duration, s.duration + 1}
    return sorted(t for t in near if 0 <= t <= 10**6)[:limit]


#: steps in and around the interesting range of every tree
steps = st.integers(0, 2_000)
#: non-integer steps (no local time lands exactly on a kink)
float_steps = st.integers(0, 1_500).map(lambda n: n + 0.3)
