"""Plotting with matplotlib, an optional dependency imported only when drawing.

:meth:`schedax.Schedule.plot` draws one schedule on an ``Axes``;
:func:`plot` draws several -- overlaid on one ``Axes``, or stacked on axes
that share the step axis for hyperparameters on different scales. Both mark
phase boundaries and sample long curves to a bounded number of points, so a
billion-step schedule plots as fast as a thousand-step one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from ._validate import flag, integer
from .schedules._base import Schedule, _short

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: curves longer than this are drawn from this many evenly spaced steps
MAX_POINTS = 1_000_000
#: curves are reduced to the min and max of this many bins (about one per pixel)
BINS = 2_000
#: at most this many phase boundaries are marked per curve
MAX_MARKS = 60

_INSTALL = 'plotting needs matplotlib: pip install "schedax[plot]"'


def require_matplotlib() -> None:
    """Import matplotlib, or raise an ``ImportError`` that says how to install it."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise ImportError(_INSTALL) from exc


def boundaries(s: Schedule, steps: int) -> list[int]:
    """The steps in ``(0, steps)`` where a phase of ``s`` starts.

    >>> import schedax as sx
    >>> from schedax._plot import boundaries
    >>> boundaries(sx.warmup(sx.cycle(sx.cosine(1.0, 0.0, 10), 10), 5), 30)
    [5, 15, 25]
    """
    out: set[int] = set()
    for p in s._phases(steps):
        for edge in (p.start, p.end):
            if edge is not None and 0 < edge < steps:
                out.add(edge)
    return sorted(out)


def sample(s: Schedule, steps: int, max_points: int = MAX_POINTS) -> tuple[Any, Any]:
    """Steps and float64 values of ``s`` over ``0 .. steps - 1``.

    Every step when ``steps <= max_points``; otherwise ``max_points`` evenly
    spaced steps plus each phase boundary and the step before it.

    >>> import schedax as sx
    >>> from schedax._plot import sample
    >>> x, y = sample(sx.linear(0.0, 1.0, 4), 6)
    >>> x.tolist(), y.tolist()
    ([0, 1, 2, 3, 4, 5], [0.0, 0.25, 0.5, 0.75, 1.0, 1.0])
    """
    if steps <= max_points:
        x = np.arange(steps, dtype=np.int64)
        if s._jax:
            return x, np.asarray(s(x), dtype=np.float64)
        return x, np.asarray(s.curve(steps), dtype=np.float64)
    grid = np.linspace(0, steps - 1, max_points).round().astype(np.int64)
    edges = np.asarray(boundaries(s, steps), dtype=np.int64)
    x = np.unique(np.concatenate([grid, edges, edges - 1]))
    return x, np.asarray(s(x), dtype=np.float64)


def envelope(x: Any, y: Any, bins: int = BINS) -> tuple[Any, Any]:
    """At most ``2 * bins`` points that draw like ``(x, y)``: per bin, its
    minimum and maximum in step order (the first and last points are kept).

    >>> import numpy as np
    >>> from schedax._plot import envelope
    >>> x = np.arange(12)
    >>> y = np.array([0, 5, 1, 0, 9, 2, 3, 3, 3, 8, 1, 4], dtype=float)
    >>> ex, ey = envelope(x, y, bins=3)
    >>> ex.tolist(), ey.tolist()
    ([0, 1, 4, 5, 9, 10, 11], [0.0, 5.0, 9.0, 2.0, 8.0, 1.0, 4.0])
    """
    n = len(x)
    if n <= 2 * bins:
        return x, y
    edges = np.linspace(0, n, bins + 1).astype(np.int64)
    lo = np.minimum.reduceat(y, edges[:-1])
    hi = np.maximum.reduceat(y, edges[:-1])
    # the position of each bin's min and max inside the bin
    idx = np.arange(n)
    bin_of = np.repeat(np.arange(bins), np.diff(edges))
    at_lo = np.where(y == lo[bin_of], idx, n)
    at_hi = np.where(y == hi[bin_of], idx, n)
    i_lo = np.minimum.reduceat(at_lo, edges[:-1])
    i_hi = np.minimum.reduceat(at_hi, edges[:-1])
    keep = np.unique(np.concatenate([i_lo, i_hi, [0, n - 1]]))
    return x[keep], y[keep]


def plot_schedule(
    s: Schedule,
    steps: int,
    ax: Axes | None = None,
    *,
    label: str | None = None,
    log: bool = False,
    phases: bool = True,
    **line_kwargs: Any,
) -> Axes:
    """The work of :meth:`schedax.Schedule.plot` (see there)."""
    steps = integer("plot", "steps", steps, minimum=1)
    log = flag("plot", "log", log)
    phases = flag("plot", "phases", phases)
    if label is not None and not isinstance(label, str):
        raise TypeError(f"plot: 'label' must be a string or None (got {label!r})")
    require_matplotlib()
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
    elif not hasattr(ax, "plot") or not hasattr(ax, "axvline"):
        raise TypeError(f"plot: 'ax' must be a matplotlib Axes or None (got {ax!r})")
    x, y = envelope(*sample(s, steps))
    (line,) = ax.plot(x, y, label=_short(s, 60) if label is None else label, **line_kwargs)
    if phases:
        marks = boundaries(s, steps)
        if len(marks) <= MAX_MARKS:
            for edge in marks:
                ax.axvline(edge, color=line.get_color(), lw=0.7, ls=":", alpha=0.6, zorder=0)
    if log:
        ax.set_yscale("log", nonpositive="mask")
    if not ax.get_xlabel():
        ax.set_xlabel("step")
    ax.set_xlim(0, max(steps - 1, 1))
    return ax


def plot(
    schedules: Schedule | Mapping[str, Schedule] | Sequence[Schedule],
    steps: int,
    ax: Axes | Sequence[Axes] | None = None,
    *,
    stack: bool = False,
    log: bool = False,
    phases: bool = True,
    title: str | None = None,
) -> Figure:
    """Draw several schedules on one figure: overlaid, or stacked for different scales.

    Every schedule is drawn over steps ``0`` to ``steps - 1`` as by
    :meth:`Schedule.plot`, labelled by its key (a list is labelled by the
    expressions). Overlaid on one ``Axes`` (with a legend) by default, to
    compare learning-rate schedules; with ``stack=True``, one ``Axes`` per
    schedule, one above the other, sharing the step axis -- for a learning
    rate and a momentum, whose scales differ.

    Needs matplotlib (``pip install "schedax[plot]"``), imported only here.

    Args:
        schedules: a schedule, a dict from names to schedules, or a list.
        steps: the number of steps to draw, a positive integer.
        ax: an ``Axes`` to draw on (overlaid), a sequence of one ``Axes`` per
            schedule (stacked), or ``None`` for a new pyplot figure.
        stack: one ``Axes`` per schedule instead of one for all.
        log: logarithmic value axes.
        phases: mark the phase boundaries of every schedule.
        title: the figure's title.

    Returns:
        The matplotlib ``Figure``: ``fig.axes`` are its axes, ``fig.savefig``
        writes it.

    >>> import matplotlib
    >>> matplotlib.use("Agg")  # draw off-screen: no window
    >>> import schedax as sx
    >>> from schedax.presets import torch as pt
    >>> kw = dict(max_lr=1e-3, total_steps=1_000)
    >>> fig = sx.plot(
    ...     {"lr": pt.OneCycleLR(**kw), "momentum": pt.OneCycleLR_momentum(**kw)},
    ...     1_000,
    ...     stack=True,
    ... )
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['lr', 'momentum']
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    named = _named(schedules)
    steps = integer("plot", "steps", steps, minimum=1)
    stack = flag("plot", "stack", stack)
    if title is not None and not isinstance(title, str):
        raise TypeError(f"plot: 'title' must be a string or None (got {title!r})")
    require_matplotlib()
    axes = _axes(ax, len(named) if stack else 1, stack)
    for i, (name, s) in enumerate(named.items()):
        target = axes[i] if stack else axes[0]
        plot_schedule(s, steps, target, label=name, log=log, phases=phases, color=f"C{i}")
        if stack:
            target.set_ylabel(name)
    if stack:
        for a in axes[:-1]:
            a.set_xlabel("")
    elif len(named) > 1:
        axes[0].legend(fontsize="small")
    fig = cast("Figure", axes[0].figure)
    if title is not None:
        fig.suptitle(title)
    return fig


def _named(schedules: object) -> dict[str, Schedule]:
    if isinstance(schedules, Schedule):
        return {_short(schedules, 60): schedules}
    if isinstance(schedules, Mapping):
        items = list(schedules.items())
    elif isinstance(schedules, Sequence) and not isinstance(schedules, str):
        items = [
            (_short(s, 60) if isinstance(s, Schedule) else str(i), s)
            for i, s in enumerate(schedules)
        ]
    else:
        raise TypeError(
            "plot: 'schedules' must be a schedule, a dict of schedules or a list of "
            f"schedules (got {type(schedules).__name__})"
        )
    if not items:
        raise ValueError("plot: 'schedules' must not be empty")
    out: dict[str, Schedule] = {}
    for key, s in items:
        if not isinstance(s, Schedule):
            raise TypeError(f"plot: 'schedules[{key!r}]' must be a schedule (got {s!r})")
        name, n = str(key), 1
        while name in out:  # equal expressions in a list: number them
            n += 1
            name = f"{key} ({n})"
        out[name] = s
    return out


def _axes(ax: object, n: int, stack: bool) -> list[Axes]:
    if ax is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(7, 2.2 + 1.6 * n if stack else 3.5), layout="constrained")
        made = fig.subplots(n, 1, sharex=True, squeeze=False)
        return list(made[:, 0])
    if hasattr(ax, "plot"):
        if stack and n != 1:
            raise ValueError(
                f"plot: with stack=True, 'ax' must be a sequence of {n} Axes, one per schedule "
                "(got one Axes)"
            )
        return [ax]  # type: ignore[list-item]
    if isinstance(ax, Sequence) or hasattr(ax, "flat"):
        axes: list[Axes] = list(cast("Iterable[Axes]", getattr(ax, "flat", ax)))
        if len(axes) != n or not all(hasattr(a, "plot") for a in axes):
            raise ValueError(f"plot: 'ax' must hold {n} Axes (got {len(axes)} items)")
        return axes
    raise TypeError(f"plot: 'ax' must be an Axes, a sequence of Axes or None (got {ax!r})")
