"""The ``schedax`` command line.

``schedax demo`` builds representative schedules, prints their phase tables
and values at chosen steps, times a 10-million-step curve under ``jax.jit`` and
writes a plot of them to a PNG (what ``make demo`` runs).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``)."""
    parser = argparse.ArgumentParser(
        prog="schedax", description="Training schedules as a small algebra of pure functions."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="show representative schedules, time a 10M-step curve")
    demo.add_argument("-o", "--out", default="schedax-demo.png", help="PNG file to write")
    demo.add_argument(
        "--steps", type=int, default=10_000_000, help="length of the timed jax.jit curve"
    )
    args = parser.parse_args(argv)
    if args.command == "demo":
        from ._demo import run

        if args.steps < 1:
            parser.error(f"--steps must be a positive integer (got {args.steps})")
        return run(out=args.out, curve_steps=args.steps)
    return 2  # pragma: no cover - argparse rejects unknown commands
