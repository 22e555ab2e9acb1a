"""The ``schedax`` command line (also ``python -m schedax``).

* ``schedax show SPEC --steps N [--at 0,1000,...]``: the schedule, its values at
  chosen steps, its phase table and a terminal sparkline.
* ``schedax plot SPEC [SPEC ...] --steps N -o out.png`` (``--svg``, ``--log``,
  ``--stack``): the curve(s), with phase boundaries marked, written to a file.
* ``schedax demo``: the gallery of ``make demo``.

``SPEC`` is a schedax expression (``"warmup(cosine(1e-3, 1e-5, 99_000), 1_000)"``,
parsed with :mod:`ast` and never evaluated), a JSON or YAML file of the
``to_dict`` form, ``-`` for such a document on stdin, or ``NAME=SPEC`` to label
a curve. Errors print one message to stderr (with the position in the spec)
and exit with status 2.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ._spec import SpecError
from .schedules._base import Schedule

SPARKS = "▁▂▃▄▅▆▇█"
_LABELLED = re.compile(r"([A-Za-z_][\w\-. ]*)=(?!=)(.+)", re.S)
_SPEC_HELP = (
    'a schedax expression such as "warmup(cosine(1e-3, 1e-5, 99_000), 1_000)", '
    "a JSON/YAML file of the to_dict form, or - (a document on stdin)"
)


class CommandError(Exception):
    """An error the command line reports in one line, with exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Args:
        argv: the arguments, without the program name.

    >>> from schedax._cli import main
    >>> main(["show", "cosine(1.0, 0.0, 100)", "--steps", "100", "--at", "0,50"])
    cosine(1.0, 0.0, 100)
    <BLANKLINE>
    step    value
    0       1
    50      0.5
    <BLANKLINE>
    steps     phase     first    last
    0 - 99    cosine    1        0.0002467
    run of 100 steps: ends exactly at the end of a phase (cosine)
    <BLANKLINE>
    ████████▇▇▇▆▆▆▅▅▅▄▄▄▃▃▃▃▂▂▂▂▂▁▁▁▁▁▁▁▁▁▁▁  0.0002467 .. 1
    0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except BrokenPipeError:  # `schedax show ... | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except SpecError as exc:
        pointer = exc.pointer()
        _error(args.command, str(exc) + ("\n" + pointer if pointer else ""))
    except (CommandError, ValueError, TypeError, OSError, ImportError) as exc:
        _error(args.command, str(exc))
    return 2


def _error(command: str, message: str) -> None:
    print(f"schedax {command}: error: {message}", file=sys.stderr)


def _steps(text: str) -> int:
    """An argparse type: a positive step count (``100_000`` and ``1e5`` work)."""
    value = _step(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer (got {text!r})")
    return value


def _step(text: str) -> int:
    try:
        return int(text.replace(",", "_"))
    except ValueError:
        pass
    try:
        f = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a step number: {text!r}") from None
    if not (math.isfinite(f) and f.is_integer()):
        raise argparse.ArgumentTypeError(f"not a whole step number: {text!r}")
    return int(f)


def _at(text: str) -> list[int]:
    """An argparse type: comma-separated non-negative steps."""
    out = []
    for part in text.split(","):
        if not part.strip():
            continue
        value = _step(part.strip())
        if value < 0:
            raise argparse.ArgumentTypeError(f"steps must be >= 0 (got {part.strip()!r})")
        out.append(value)
    if not out:
        raise argparse.ArgumentTypeError(f"no steps in {text!r}")
    return out


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="schedax",
        description="Training schedules as a small algebra of pure functions: "
        "see a schedule as a table or a plot.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{show,plot,demo}")

    show = sub.add_parser(
        "show",
        help="values at chosen steps, the phase table and a sparkline",
        description="Print the schedule, its values at --at steps, its phase table and a "
        "sparkline of the run.",
    )
    show.add_argument("spec", metavar="SPEC", help=_SPEC_HELP)
    show.add_argument(
        "--steps", type=_steps, help="length of the run (default: the schedule's duration)"
    )
    show.add_argument(
        "--at", type=_at, help="comma-separated steps to print (default: a spread over the run)"
    )
    show.add_argument("--width", type=_steps, default=40, help="sparkline width (default 40)")
    show.add_argument("--log", action="store_true", help="logarithmic sparkline")
    show.set_defaults(run=_show)

    plot = sub.add_parser(
        "plot",
        help="plot schedules to a PNG or SVG file",
        description="Plot one or several schedules over --steps steps, phase boundaries "
        "marked. Label a curve with NAME=SPEC.",
    )
    plot.add_argument("spec", metavar="SPEC", nargs="+", help=_SPEC_HELP + "; NAME=SPEC labels it")
    plot.add_argument("--steps", type=_steps, help="steps to draw (default: the longest duration)")
    plot.add_argument(
        "-o", "--out", help="file to write (default schedax-plot.png, or .svg with --svg)"
    )
    plot.add_argument("--svg", action="store_true", help="write SVG instead of PNG")
    plot.add_argument("--log", action="store_true", help="logarithmic value axis")
    plot.add_argument(
        "--stack", action="store_true", help="one panel per schedule (different scales)"
    )
    plot.add_argument("--no-phases", action="store_true", help="do not mark phase boundaries")
    plot.add_argument("--title", help="figure title")
    plot.add_argument("--dpi", type=_steps, default=100, help="PNG resolution (default 100)")
    plot.set_defaults(run=_plot)

    demo = sub.add_parser(
        "demo",
        help="representative schedules: tables, a timed 10M-step curve and a gallery PNG",
        description="Print representative schedules, time a long curve under jax.jit and "
        "write the gallery image (what `make demo` runs).",
    )
    demo.add_argument("-o", "--out", default="schedax-gallery.png", help="gallery PNG to write")
    demo.add_argument(
        "--steps", type=_steps, default=10_000_000, help="length of the timed jax.jit curve"
    )
    demo.set_defaults(run=_demo)
    return parser


# --------------------------------------------------------------------- specs


def _load(spec: str) -> tuple[str, Schedule]:
    """``(label, schedule)`` of a ``SPEC`` or ``NAME=SPEC`` argument."""
    from ._spec import load

    match = _LABELLED.fullmatch(spec)
    if match and "(" not in match.group(1):
        return match.group(1).strip(), load(match.group(2))
    return spec, load(spec)


def _run_length(schedules: Sequence[Schedule], steps: int | None) -> int:
    if steps is not None:
        return steps
    durations = [s.duration for s in schedules]
    if any(d is None for d in durations) or not any(durations):
        raise CommandError(
            "--steps is needed: the schedule never settles (no finite duration)"
            if any(d is None for d in durations)
            else "--steps is needed: the schedule is constant"
        )
    return max(d for d in durations if d is not None)


# ---------------------------------------------------------------------- show


def _spread(steps: int) -> list[int]:
    fractions = (0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9)
    return sorted({round(steps * f) for f in fractions} | {steps - 1})


def sparkline(values: Any, width: int = 40, log: bool = False) -> str:
    """``values`` as a line of block characters ``▁▂▃▄▅▆▇█``, ``width`` wide.

    Each character is the mean of its share of the values, scaled between
    their minimum and maximum (logarithmically with ``log``, for positive
    values).

    Args:
        values: a 1-d sequence of numbers.
        width: the number of characters.
        log: scale logarithmically.

    >>> from schedax._cli import sparkline
    >>> sparkline([0, 1, 2, 3, 4, 5, 6, 7], width=8)
    '▁▂▃▄▅▆▇█'
    """
    import numpy as np

    y = np.asarray(values, dtype=np.float64)
    if log:
        y = np.where(y > 0, y, np.nan)
        y = np.log10(y, where=~np.isnan(y), out=np.full_like(y, np.nan))
    chunks = np.array_split(y, min(width, len(y)))
    means = np.array(
        [np.nanmean(c) if np.isfinite(c).any() else np.nan for c in chunks], dtype=np.float64
    )
    finite = means[np.isfinite(means)]
    if finite.size == 0:
        return " " * len(means)
    lo, hi = float(finite.min()), float(finite.max())
    out = []
    for m in means:
        if not math.isfinite(m):
            out.append(" ")
        elif hi == lo:
            out.append(SPARKS[0])
        else:
            out.append(SPARKS[min(int((m - lo) / (hi - lo) * len(SPARKS)), len(SPARKS) - 1)])
    return "".join(out)


def _show(args: argparse.Namespace) -> int:
    from ._plot import sample
    from .schedules._base import _fmt

    _, s = _load(args.spec)
    steps = _run_length([s], args.steps)
    at = args.at if args.at is not None else _spread(steps)
    print(s)
    print()
    rows = [("step", "value")] + [(f"{t:,}", _fmt(s(t))) for t in at]
    width = max(len(r[0]) for r in rows)
    for step, value in rows:
        print(f"{step:<{width}}    {value}")
    print()
    print(s.describe(steps))
    print()
    _, y = sample(s, steps, max_points=200_000)
    lo, hi = float(y.min()), float(y.max())
    scale = " (log)" if args.log else ""
    print(f"{sparkline(y, args.width, args.log)}  {_fmt(lo)} .. {_fmt(hi)}{scale}")
    return 0


# ---------------------------------------------------------------------- plot


def _plot(args: argparse.Namespace) -> int:
    from ._plot import plot, require_matplotlib

    named = dict(_load(spec) for spec in args.spec)
    steps = _run_length(list(named.values()), args.steps)
    out = args.out or ("schedax-plot.svg" if args.svg else "schedax-plot.png")
    fmt = "svg" if args.svg or out.lower().endswith(".svg") else None
    require_matplotlib()
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    n = len(named) if args.stack else 1
    fig = Figure(figsize=(8, 2.4 + 1.6 * n if args.stack else 4), layout="constrained")
    axes = list(fig.subplots(n, 1, sharex=True, squeeze=False)[:, 0])
    plot(
        named,
        steps,
        axes if args.stack else axes[0],
        stack=args.stack,
        log=args.log,
        phases=not args.no_phases,
        title=args.title,
    )
    try:
        fig.savefig(out, format=fmt, dpi=args.dpi)
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"wrote {os.path.abspath(out)}")
    return 0


# ---------------------------------------------------------------------- demo


def _demo(args: argparse.Namespace) -> int:
    from ._demo import run

    return run(out=args.out, curve_steps=args.steps)
