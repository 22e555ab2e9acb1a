"""The benchmark cases: schedax against optax and hand-written code.

Every case builds :class:`~benchmarks._harness.Comparison` objects at a
:class:`Size` (the real one, or the tiny ``QUICK`` one of the smoke test).
Each variant returns its value, and the harness checks that the schedax and
peer variants of every row agree before timing them.

JAX runs in its default precision (float32 values, int32 steps); numpy in
float64. Steps are ``0 .. n - 1`` and every schedule spans them.
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import optax

import schedax as sx

from ._harness import Aim, Comparison, ComparisonResult, Row, Tolerance, Variant, validate

PEAK = 1.0
END = 0.01

#: float32 results of two formulas of the same function
JAX_TOL = Tolerance(rtol=1e-5, atol=1e-6)
#: float64 results of two formulas of the same function
NUMPY_TOL = Tolerance(rtol=1e-9, atol=1e-12)


@dataclass(frozen=True)
class Size:
    """Problem sizes: the real run, or a tiny one for the smoke test."""

    n: int  # steps of the whole-curve cases
    mem_n: int  # steps of the memory case
    join_pieces: tuple[int, ...]
    breakpoints: tuple[int, ...]
    restarts: tuple[int, ...]
    scalar_step: int = 12_345
    quick: bool = False


FULL = Size(
    n=1_000_000,
    mem_n=10_000_000,
    join_pieces=(2, 10, 50),
    breakpoints=(10, 100, 1000),
    restarts=(10, 100, 1000),
)
QUICK = Size(
    n=2_000,
    mem_n=20_000,
    join_pieces=(2, 10, 50),
    breakpoints=(10, 100),
    restarts=(10, 100),
    quick=True,
)


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    build: Callable[[Size], list[Comparison]]
    notes: Callable[[list[ComparisonResult]], list[str]] | None = None


def _ready(x: Any) -> Any:
    return x.block_until_ready()


def _steps(n: int) -> Any:
    return jnp.arange(n)


def _warmup_steps(n: int) -> int:
    return max(1, n // 100)


def warmup_cosine(n: int) -> sx.Schedule:
    """Linear warmup over 1% of ``n`` steps from 0 to PEAK, then cosine to END."""
    w = _warmup_steps(n)
    return sx.warmup(sx.cosine(PEAK, END, n - w), w)


def fresh(s: sx.Schedule) -> sx.Schedule:
    """An equal schedule that shares no cached state with ``s``.

    Every JAX variant gets its own copy: schedax (at the time of writing)
    caches the lookup tables of ``join``/``piecewise`` per schedule object,
    and a table cached while tracing one ``jax.jit`` is a leaked tracer in the
    next trace of the same object (``UnexpectedTracerError``).
    """
    copy: sx.Schedule = pickle.loads(pickle.dumps(s))
    return copy


class Copies:
    """Fresh copies of a schedule made ahead of time, one per cold compilation."""

    def __init__(self, s: sx.Schedule, count: int = 20) -> None:
        self.schedule = s
        self.pool = [fresh(s) for _ in range(count)]

    def __call__(self) -> sx.Schedule:
        return self.pool.pop() if self.pool else fresh(self.schedule)


def _median(results: list[ComparisonResult], tag: str, variant: str) -> float | None:
    for r in results:
        if r.comparison.tag == tag and variant in r.variants:
            return r.variants[variant].median
    return None


def _scaling(
    results: list[ComparisonResult], big: str, small: str, variants: Sequence[tuple[str, str]]
) -> str:
    """``label big/small = x`` for each (label, variant) present in both."""
    parts = []
    for label, name in variants:
        a, b = _median(results, big, name), _median(results, small, name)
        if a is not None and b is not None:
            parts.append(f"{label} {a / b:.2f}x")
    return ", ".join(parts)


# ----------------------------------------------------- 1. whole curve under jit


def _hand_warmup_cosine_jnp(n: int) -> Callable[[Any], Any]:
    w = _warmup_steps(n)
    decay = n - w

    def f(t: Any) -> Any:
        t = t.astype(jnp.result_type(float))
        warm = PEAK * t / w
        frac = jnp.clip((t - w) / decay, 0.0, 1.0)
        cos = END + (PEAK - END) * 0.5 * (1.0 + jnp.cos(jnp.pi * frac))
        return jnp.where(t < w, warm, cos)

    return f


def build_jit_curve(size: Size) -> list[Comparison]:
    n = size.n
    s = warmup_cosine(n)
    o = optax.warmup_cosine_decay_schedule(
        init_value=0.0,
        peak_value=PEAK,
        warmup_steps=_warmup_steps(n),
        decay_steps=n,
        end_value=END,
    )
    hand = _hand_warmup_cosine_jnp(n)
    x = _steps(n)
    s_curve, s_call = fresh(s), fresh(s)
    curve = jax.jit(lambda: s_curve.curve(n, "jax"))
    call = jax.jit(s_call)
    o_jit, o_vmap = jax.jit(o), jax.jit(jax.vmap(o))
    h_arg, h_in = jax.jit(hand), jax.jit(lambda: hand(jnp.arange(n)))
    v_curve, v_call = "jit(lambda: s.curve(n, 'jax'))", "jit(s)(x)"
    v_ojit, v_ovmap = "optax: jit(o)(x)", "optax: jit(vmap(o))(x)"
    v_harg, v_hin = "hand jnp: jit(f)(x)", "hand jnp: jit(lambda: f(arange(n)))"
    parity = Aim("parity (≤ 1.10x)", 1.10)
    return [
        Comparison(
            case="jit_curve",
            title=f"warmup+cosine, whole curve under jax.jit, {n:,} steps",
            tag="",
            variants=(
                Variant(v_curve, "schedax", lambda: _ready(curve())),
                Variant(v_call, "schedax", lambda: _ready(call(x))),
                Variant(v_ojit, "peer", lambda: _ready(o_jit(x))),
                Variant(v_ovmap, "peer", lambda: _ready(o_vmap(x))),
                Variant(v_harg, "peer", lambda: _ready(h_arg(x))),
                Variant(v_hin, "peer", lambda: _ready(h_in())),
            ),
            rows=(
                Row(v_curve, v_hin, parity),
                Row(v_call, v_harg, parity),
                Row(v_curve, v_ojit),
                Row(v_call, v_ojit),
                Row(v_call, v_ovmap),
            ),
            unit="ns/step",
            per=n,
            check=JAX_TOL,
        )
    ]


# ---------------------------------------------------------------- 2. join


def join_pieces(k: int, n: int) -> tuple[sx.Schedule, Any, list[int]]:
    """``k`` alternating linear / cosine pieces of lengths 1:2:3:1:2:3... over ``n``
    steps, as a schedax join and as an optax ``join_schedules`` (and the boundaries)."""
    weights = np.cumsum([1 + i % 3 for i in range(k)])
    bounds = [round(n * int(c) / int(weights[-1])) for c in weights[:-1]]
    lengths = np.diff([0, *bounds, n]).tolist()
    if min(lengths) < 1:
        raise ValueError(f"{n} steps are too few for {k} pieces")
    ours: list[sx.Schedule] = []
    theirs: list[Any] = []
    for i, length in enumerate(lengths):
        if i % 2 == 0:
            start = 0.1 * (i % 4)
            ours.append(sx.linear(start, PEAK, length))
            theirs.append(optax.linear_schedule(start, PEAK, length))
        else:
            end = END * (1 + i % 5)
            ours.append(sx.cosine(PEAK, end, length))
            theirs.append(optax.cosine_decay_schedule(PEAK, length, alpha=end / PEAK))
    return sx.join(ours, bounds), optax.join_schedules(theirs, bounds), bounds


def _join_comparison(k: int, n: int, x: Any) -> Comparison:
    s, o, _ = join_pieces(k, n)
    s_curve = fresh(s)
    call, curve, o_jit = jax.jit(s), jax.jit(lambda: s_curve.curve(n, "jax")), jax.jit(o)
    v_call, v_curve, v_optax = "jit(s)(x)", "jit(lambda: s.curve(n, 'jax'))", "optax: jit(o)(x)"
    return Comparison(
        case="join",
        title=f"join of {k} linear/cosine pieces under jax.jit, {n:,} steps "
        "(optax.join_schedules of the same pieces)",
        tag=f"{k}",
        variants=(
            Variant(v_call, "schedax", lambda: _ready(call(x))),
            Variant(v_curve, "schedax", lambda: _ready(curve())),
            Variant(v_optax, "peer", lambda: _ready(o_jit(x))),
        ),
        rows=(Row(v_call, v_optax), Row(v_curve, v_optax)),
        unit="ns/step",
        per=n,
        check=JAX_TOL,
    )


def build_join(size: Size) -> list[Comparison]:
    x = _steps(size.n)
    return [_join_comparison(k, size.n, x) for k in size.join_pieces]


def _join_notes(results: list[ComparisonResult]) -> list[str]:
    tags = [r.comparison.tag for r in results]
    if len(tags) < 2:
        return []
    big, small = tags[-1], tags[0]
    line = _scaling(
        results,
        big,
        small,
        [
            ("schedax jit(s)(x)", "jit(s)(x)"),
            ("schedax curve", "jit(lambda: s.curve(n, 'jax'))"),
            ("optax", "optax: jit(o)(x)"),
        ],
    )
    return [f"{big}-piece / {small}-piece time (aim for schedax ≤ 1.5x): {line}"]


# ---------------------------------------------------------- 3. piecewise


def piecewise_pair(k: int, n: int) -> tuple[sx.Schedule, Any]:
    """``k`` evenly spread breakpoints; values cycle through 1, 1/2, ..., 1/64
    (powers of two, so optax's running product of *scales* is exact)."""
    if n < k + 1:
        raise ValueError(f"{n} steps are too few for {k} breakpoints")
    bounds = [round((i + 1) * n / (k + 1)) for i in range(k)]
    values = [2.0 ** -(i % 7) for i in range(k + 1)]
    scales = {b: values[i + 1] / values[i] for i, b in enumerate(bounds)}
    return sx.piecewise(bounds, values), optax.piecewise_constant_schedule(values[0], scales)


def _compile_comparison(
    case: str, title: str, tag: str, ours: sx.Schedule, theirs: Callable[[Any], Any], x: Any
) -> Comparison:
    """Cold ``jax.jit(f).lower(x).compile()``: a fresh wrapper each time defeats
    JAX's caches, so every call traces, lowers and compiles (each schedax call
    on its own copy of the schedule, see :func:`fresh`)."""
    copies = Copies(ours)

    def compile_ours() -> Any:
        s = copies()
        return jax.jit(lambda t: s(t)).lower(x).compile()

    def compile_theirs() -> Any:
        return jax.jit(lambda t: theirs(t)).lower(x).compile()

    return Comparison(
        case=case,
        title=title,
        tag=tag,
        variants=(
            Variant("compile jit(s)", "schedax", compile_ours),
            Variant("compile jit(optax)", "peer", compile_theirs),
        ),
        rows=(Row("compile jit(s)", "compile jit(optax)", Aim("schedax < 0.3 s", 0.3, "schedax")),),
        unit="s",
        warmup=False,
    )


def _piecewise_comparison(k: int, n: int, x: Any) -> Comparison:
    s, o = piecewise_pair(k, n)
    call, o_jit = jax.jit(s), jax.jit(o)
    aim = Aim("≥ 100x faster (≤ 0.01x)", 0.01) if k >= 1000 else None
    v_call, v_optax = "jit(s)(x)", "optax: jit(o)(x)"
    return Comparison(
        case="piecewise",
        title=f"piecewise constant, {k} breakpoints, under jax.jit, {n:,} steps "
        "(optax.piecewise_constant_schedule with the equivalent scales)",
        tag=f"{k}",
        variants=(
            Variant(v_call, "schedax", lambda: _ready(call(x))),
            Variant(v_optax, "peer", lambda: _ready(o_jit(x))),
        ),
        rows=(Row(v_call, v_optax, aim),),
        unit="ns/step",
        per=n,
        check=JAX_TOL,
    )


def build_piecewise(size: Size) -> list[Comparison]:
    n = size.n
    x = _steps(n)
    out = []
    for k in size.breakpoints:
        out.append(_piecewise_comparison(k, n, x))
        s, o = piecewise_pair(k, n)
        out.append(
            _compile_comparison(
                "piecewise",
                f"piecewise constant, {k} breakpoints: trace + lower + compile",
                f"{k} compile",
                s,
                o,
                x,
            )
        )
    return out


def _run_time_scaling(results: list[ComparisonResult], what: str) -> list[str]:
    """The largest / smallest run-time note of a case whose rows also time compiles."""
    runs = [r.comparison.tag for r in results if not r.comparison.tag.endswith("compile")]
    if len(runs) < 2:
        return []
    big, small = runs[-1], runs[0]
    line = _scaling(
        results,
        big,
        small,
        [("schedax", "jit(s)(x)"), ("optax", "optax: jit(o)(x)")],
    )
    return [f"{big} / {small} {what}, run time: {line}"]


def _piecewise_notes(results: list[ComparisonResult]) -> list[str]:
    return _run_time_scaling(results, "breakpoints")


# --------------------------------------------------------------- 4. SGDR


def sgdr_pair(k: int, n: int) -> tuple[sx.Schedule, Any]:
    """``k`` cosine cycles from PEAK to END over ``n`` steps."""
    period = n // k
    if period < 1:
        raise ValueError(f"{n} steps are too few for {k} restarts")
    ours = sx.cycle(sx.cosine(PEAK, END, period), period)
    kwargs = {
        "init_value": PEAK,
        "peak_value": PEAK,
        "warmup_steps": 0,
        "decay_steps": period,
        "end_value": END,
    }
    return ours, optax.sgdr_schedule([dict(kwargs) for _ in range(k)])


def _sgdr_comparison(k: int, s: sx.Schedule, o: Any, x: Any) -> Comparison:
    m = int(x.shape[0])
    call, o_jit = jax.jit(s), jax.jit(o)
    v_call, v_optax = "jit(s)(x)", "optax: jit(o)(x)"
    return Comparison(
        case="sgdr",
        title=f"SGDR, {k} restarts, under jax.jit, {m:,} steps: "
        "cycle(cosine(...), period) vs optax.sgdr_schedule (one dict per restart)",
        tag=f"{k}",
        variants=(
            Variant(v_call, "schedax", lambda: _ready(call(x))),
            Variant(v_optax, "peer", lambda: _ready(o_jit(x))),
        ),
        rows=(Row(v_call, v_optax),),
        unit="ns/step",
        per=m,
        check=JAX_TOL,
    )


def build_sgdr(size: Size) -> list[Comparison]:
    n = size.n
    out = []
    for k in size.restarts:
        s, o = sgdr_pair(k, n)
        x = _steps((n // k) * k)  # the steps covered by the k cycles
        out.append(_sgdr_comparison(k, s, o, x))
        out.append(
            _compile_comparison(
                "sgdr", f"SGDR, {k} restarts: trace + lower + compile", f"{k} compile", s, o, x
            )
        )
    return out


def _sgdr_notes(results: list[ComparisonResult]) -> list[str]:
    return _run_time_scaling(results, "restarts (closed form: schedax should stay ≈ 1x)")


# ----------------------------------------------------- 5. numpy whole curve


def hand_warmup_cosine_np(n: int) -> Callable[[Any], Any]:
    """The formula as one would write it with numpy: both branches, one ``where``."""
    w = _warmup_steps(n)
    decay = n - w

    def f(x: Any) -> Any:
        t = x.astype(np.float64)
        warm = PEAK * t / w
        frac = np.clip((t - w) / decay, 0.0, 1.0)
        cos = END + (PEAK - END) * 0.5 * (1.0 + np.cos(np.pi * frac))
        return np.where(t < w, warm, cos)

    return f


def hand_warmup_cosine_np_segments(n: int) -> Callable[[], Any]:
    """The careful version: each branch only on its own segment, into one buffer."""
    w = _warmup_steps(n)
    decay = n - w

    def f() -> Any:
        out = np.empty(n, dtype=np.float64)
        out[:w] = np.arange(w, dtype=np.float64) * (PEAK / w)
        tail = out[w:]
        np.multiply(np.arange(n - w, dtype=np.float64), math.pi / decay, out=tail)
        np.cos(tail, out=tail)
        tail *= 0.5 * (PEAK - END)
        tail += END + 0.5 * (PEAK - END)
        return out

    return f


def build_numpy(size: Size) -> list[Comparison]:
    n = size.n
    s = warmup_cosine(n)
    x = np.arange(n)
    hand, seg = hand_warmup_cosine_np(n), hand_warmup_cosine_np_segments(n)
    v_call, v_curve = "s(x)", "s.curve(n)"
    v_hand, v_seg = "hand numpy: np.where(...)(x)", "hand numpy: per segment, in place"
    return [
        Comparison(
            case="numpy",
            title=f"warmup+cosine, numpy float64 whole curve, {n:,} steps",
            tag="",
            variants=(
                Variant(v_call, "schedax", lambda: s(x)),
                Variant(v_curve, "schedax", lambda: s.curve(n)),
                Variant(v_hand, "peer", lambda: hand(x)),
                Variant(v_seg, "peer", seg),
            ),
            rows=(Row(v_call, v_hand), Row(v_curve, v_hand), Row(v_curve, v_seg)),
            unit="ns/step",
            per=n,
            check=NUMPY_TOL,
        )
    ]


# ------------------------------------------------------------ 6. scalar call


def hand_warmup_cosine_py(n: int) -> Callable[[int], float]:
    w = _warmup_steps(n)
    decay = n - w
    cos, pi = math.cos, math.pi

    def f(t: int) -> float:
        if t < w:
            return PEAK * t / w
        frac = min((t - w) / decay, 1.0)
        return END + (PEAK - END) * 0.5 * (1.0 + cos(pi * frac))

    return f


def build_scalar(size: Size) -> list[Comparison]:
    n = FULL.n  # the schedule of the real run; a scalar call does not depend on n
    step = size.scalar_step
    s = warmup_cosine(n)
    py = hand_warmup_cosine_py(n)
    o = optax.warmup_cosine_decay_schedule(0.0, PEAK, _warmup_steps(n), n, END)
    o_jit = jax.jit(o)
    v_s, v_py = f"s({step})", f"pure Python math: f({step})"
    v_eager, v_jit = f"optax eager: float(o({step}))", f"optax jitted: float(jit(o)({step}))"
    f32 = Tolerance(rtol=1e-6, atol=1e-7)
    return [
        Comparison(
            case="scalar",
            title=f"scalar call s({step}) of warmup+cosine (Python int step)",
            tag="",
            variants=(
                Variant(v_s, "schedax", lambda: s(step)),
                Variant(v_py, "peer", lambda: py(step)),
                Variant(v_eager, "peer", lambda: float(o(step))),
                Variant(v_jit, "peer", lambda: float(o_jit(step))),
            ),
            rows=(
                Row(v_s, v_py, Aim("< 0.5 µs where Python takes 0.23 µs (≤ 2.17x)", 0.5 / 0.23)),
                Row(v_s, v_eager, tol=f32),
                Row(v_s, v_jit, tol=f32),
            ),
            unit="µs/call",
            check=Tolerance(rtol=1e-12, atol=1e-15),
        )
    ]


def _scalar_notes(results: list[ComparisonResult]) -> list[str]:
    out = []
    for r in results:
        ours = [v for v in r.variants.values() if v.side == "schedax"]
        py = [v for v in r.variants.values() if v.name.startswith("pure Python")]
        if ours and py:
            out.append(
                f"{ours[0].name}: {ours[0].median:.3f} µs/call against {py[0].median:.3f} µs/call "
                "for the pure-Python formula on this machine (the issue's anchor: < 0.5 µs "
                "where pure Python takes 0.23 µs, so the aim is read as a ratio)"
            )
    return out


# ------------------------------------------------------------ 7. peak memory


def _hand_join_np_where(pieces: Sequence[Callable[[Any], Any]], bounds: Sequence[int]) -> Any:
    def f(x: Any) -> Any:
        t = x.astype(np.float64)
        out = pieces[0](t)
        for b, piece in zip(bounds, pieces[1:], strict=True):
            out = np.where(t < b, out, piece(t - b))
        return out

    return f


def _hand_join_np_segments(
    pieces: Sequence[Callable[[Any], Any]], bounds: Sequence[int], n: int
) -> Callable[[], Any]:
    def f() -> Any:
        out = np.empty(n, dtype=np.float64)
        for piece, lo, hi in zip(pieces, [0, *bounds], [*bounds, n], strict=True):
            out[lo:hi] = piece(np.arange(hi - lo, dtype=np.float64))
        return out

    return f


def _np_join_pieces(k: int, n: int) -> tuple[list[Callable[[Any], Any]], list[int]]:
    """numpy formulas of the pieces of :func:`join_pieces`."""
    _, _, bounds = join_pieces(k, n)
    lengths = np.diff([0, *bounds, n]).tolist()
    pieces: list[Callable[[Any], Any]] = []
    for i, length in enumerate(lengths):
        if i % 2 == 0:
            start = 0.1 * (i % 4)

            def lin(t: Any, a: float = start, d: int = length) -> Any:
                return a + (PEAK - a) * np.clip(t / d, 0.0, 1.0)

            pieces.append(lin)
        else:
            end = END * (1 + i % 5)

            def cos(t: Any, e: float = end, d: int = length) -> Any:
                return e + (PEAK - e) * 0.5 * (1.0 + np.cos(np.pi * np.clip(t / d, 0.0, 1.0)))

            pieces.append(cos)
    return pieces, bounds


def _memory_comparison(
    tag: str, n: int, s: sx.Schedule, where: Callable[[Any], Any], segments: Callable[[], Any]
) -> Comparison:
    x = np.arange(n)
    v_curve, v_call = "s.curve(n)", "s(x)"
    v_where, v_seg = "hand numpy: np.where(...)(x)", "hand numpy: per segment, in place"
    return Comparison(
        case="memory",
        title=f"peak traced memory / output size, {tag}, numpy float64, {n:,} steps "
        "(the step array x of s(x) and np.where is allocated beforehand, not counted)",
        tag=tag,
        variants=(
            Variant(v_curve, "schedax", lambda: s.curve(n)),
            Variant(v_call, "schedax", lambda: s(x)),
            Variant(v_where, "peer", lambda: where(x)),
            Variant(v_seg, "peer", segments),
        ),
        rows=(Row(v_curve, v_seg), Row(v_call, v_where)),
        unit="x output",
        metric="memory",
        check=NUMPY_TOL,
    )


def build_memory(size: Size) -> list[Comparison]:
    n, k = size.mem_n, 10
    s_join, _, _ = join_pieces(k, n)
    np_pieces, bounds = _np_join_pieces(k, n)
    return [
        _memory_comparison(
            "warmup+cosine",
            n,
            warmup_cosine(n),
            hand_warmup_cosine_np(n),
            hand_warmup_cosine_np_segments(n),
        ),
        _memory_comparison(
            f"join of {k}",
            n,
            s_join,
            _hand_join_np_where(np_pieces, bounds),
            _hand_join_np_segments(np_pieces, bounds, n),
        ),
    ]


# ------------------------------------------------------ 8. ScheduleLR.step()

#: long enough that no run of the suite steps past the end of a schedule
_TORCH_T = 10**9


def _torch_optimizer(groups: int) -> Any:
    import torch

    params = [torch.nn.Parameter(torch.zeros(1)) for _ in range(groups)]
    return torch.optim.SGD(
        [{"params": [p], "lr": 0.1 * (1 + i / groups)} for i, p in enumerate(params)], lr=0.1
    )


def _scheduler(make: Callable[[Any], Any], groups: int) -> Any:
    """A scheduler on a fresh optimizer, after one ``optimizer.step()`` (as torch asks)."""
    opt = _torch_optimizer(groups)
    sched = make(opt)
    opt.step()  # no gradients: a no-op that tells torch the optimizer ran first
    return sched


def _torch_pairs(groups: int) -> list[tuple[str, Callable[[Any], Any], str, Callable[[Any], Any]]]:
    """(schedax name, make ScheduleLR, torch name, make torch scheduler) on one optimizer."""
    import torch

    from schedax.adapters.torch import ScheduleLR
    from schedax.presets import torch as pt

    lrs = torch.optim.lr_scheduler
    s = warmup_cosine(_TORCH_T)
    return [
        (
            "ScheduleLR(opt, pt.CosineAnnealingLR(T), factor=True).step()",
            lambda o: ScheduleLR(o, pt.CosineAnnealingLR(T_max=_TORCH_T), factor=True),
            "torch: CosineAnnealingLR(opt, T).step()",
            lambda o: lrs.CosineAnnealingLR(o, T_max=_TORCH_T),
        ),
        (
            "ScheduleLR(opt, s, factor=True).step()",
            lambda o: ScheduleLR(o, s, factor=True),
            "torch: LambdaLR(opt, s).step()",
            lambda o: lrs.LambdaLR(o, s),
        ),
        (
            "ScheduleLR(opt, pt.OneCycleLR(...), momentum=...).step()",
            lambda o: ScheduleLR(
                o,
                pt.OneCycleLR(max_lr=0.1, total_steps=_TORCH_T),
                momentum=pt.OneCycleLR_momentum(max_lr=0.1, total_steps=_TORCH_T),
            ),
            "torch: OneCycleLR(opt, ...).step()",
            lambda o: lrs.OneCycleLR(o, max_lr=0.1, total_steps=_TORCH_T),
        ),
    ]


def _lrs_after(make: Callable[[Any], Any], groups: int, steps: int) -> Callable[[], Any]:
    """A fresh optimizer and scheduler, ``steps`` steps: the lrs and momenta of every step."""

    def run() -> Any:
        sched = _scheduler(make, groups)
        opt = sched.optimizer
        out = []
        for _ in range(steps):
            sched.step()
            out.append([g.get(k, 0.0) for g in opt.param_groups for k in ("lr", "momentum")])
        return np.asarray(out)

    return run


def build_torch_step(size: Size) -> list[Comparison]:
    import torch

    torch.set_num_threads(1)
    out = []
    aims = {
        1: Aim("< 0.35 µs where torch's CosineAnnealingLR takes 2 µs (≤ 0.175x)", 0.35 / 2),
        10: Aim("< 0.5 µs where torch's CosineAnnealingLR takes 7 µs (≤ 0.071x)", 0.5 / 7),
    }
    for groups in (1, 10):
        variants, rows = [], []
        for i, (ours, make_ours, theirs, make_theirs) in enumerate(_torch_pairs(groups)):
            variants.append(Variant(ours, "schedax", _scheduler(make_ours, groups).step))
            variants.append(Variant(theirs, "peer", _scheduler(make_theirs, groups).step))
            rows.append(Row(ours, theirs, aims[groups] if i == 0 else None))
        out.append(
            Comparison(
                case="torch_step",
                title=f"one scheduler.step() on an SGD optimizer with {groups} param group(s) "
                "(what the optimizer holds is checked separately below)",
                tag=f"{groups} group{'s' if groups > 1 else ''}",
                variants=tuple(variants),
                rows=tuple(rows),
                unit="µs/call",
                check=None,
            )
        )
    # the values: fresh schedulers, a run of steps, every lr and momentum written
    steps = 50 if size.quick else 2_000
    variants, rows = [], []
    for ours, make_ours, theirs, make_theirs in _torch_pairs(10):
        variants.append(Variant(ours, "schedax", _lrs_after(make_ours, 10, steps)))
        variants.append(Variant(theirs, "peer", _lrs_after(make_theirs, 10, steps)))
        rows.append(Row(ours, theirs))
    out.append(
        Comparison(
            case="torch_step",
            title=f"build the scheduler and run {steps:,} steps on 10 param groups; the lr and "
            "momentum of every group at every step are checked to agree",
            tag=f"{steps} steps",
            variants=tuple(variants),
            rows=tuple(rows),
            unit="ns/step",
            per=steps,
            check=Tolerance(rtol=1e-9, atol=1e-15),
        )
    )
    return out


# ------------------------------------------------------------------ registry

CASES: tuple[Case, ...] = (
    Case("jit_curve", "1. Whole curve under jax.jit (warmup+cosine)", build_jit_curve),
    Case("join", "2. join of 2 / 10 / 50 pieces under jax.jit", build_join, _join_notes),
    Case(
        "piecewise",
        "3. piecewise constant, 10 / 100 / 1000 breakpoints, under jax.jit",
        build_piecewise,
        _piecewise_notes,
    ),
    Case("sgdr", "4. SGDR, 10 / 100 / 1000 restarts, under jax.jit", build_sgdr, _sgdr_notes),
    Case("numpy", "5. numpy whole curve (warmup+cosine, float64)", build_numpy),
    Case(
        "scalar",
        "6. Scalar call with a Python int (pure-Python path)",
        build_scalar,
        _scalar_notes,
    ),
    Case("memory", "7. Peak memory of a numpy curve, relative to the output", build_memory),
    Case(
        "torch_step",
        "8. ScheduleLR.step() against torch's own schedulers (1 and 10 param groups)",
        build_torch_step,
    ),
)


def case_named(name: str) -> Case:
    for c in CASES:
        if c.name == name:
            return c
    known = ", ".join(c.name for c in CASES)
    raise ValueError(f"unknown case {name!r}; known cases: {known}")


def build(case: Case, size: Size) -> list[Comparison]:
    comparisons = case.build(size)
    for c in comparisons:
        validate(c)
    return comparisons
