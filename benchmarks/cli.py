"""Command line and suite runner: ``python -m benchmarks [--quick] [--only NAME] [--out FILE]``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import _report
from ._harness import QUICK as QUICK_SETTINGS
from ._harness import ComparisonResult, Settings, measure
from ._threads import describe
from .cases import CASES, FULL, QUICK, Case, build, case_named

DEFAULT_OUT = Path(__file__).resolve().parent / "results-latest.md"


@dataclass
class CaseResult:
    case: Case
    results: list[ComparisonResult]
    notes: list[str]


@dataclass
class Report:
    cases: list[CaseResult]
    markdown: str
    path: Path | None
    seconds: float


def run_suite(
    *,
    quick: bool = False,
    only: Sequence[str] = (),
    out: Path | None = DEFAULT_OUT,
    settings: Settings | None = None,
    keep_values: bool = False,
    threads: str | None = None,
    log: bool = True,
) -> Report:
    """Measure the cases (all, or those named in ``only``), write the markdown
    to ``out`` (unless ``None``) and return everything."""
    start = time.perf_counter()
    cases = [case_named(n) for n in only] if only else list(CASES)
    size = QUICK if quick else FULL
    settings = settings or (QUICK_SETTINGS if quick else Settings())
    env = _report.environment(threads or describe())
    done: list[CaseResult] = []
    for case in cases:
        results = []
        for comparison in build(case, size):
            t0 = time.perf_counter()
            res = measure(comparison, settings, keep_values=keep_values)
            results.append(res)
            if log:
                ratios = ", ".join(_report.fmt_ratio(r.ratio) for r in res.rows)
                print(
                    f"[{case.name} {comparison.tag}]".replace(" ]", "]")
                    + f" {time.perf_counter() - t0:.1f} s: {ratios}",
                    file=sys.stderr,
                    flush=True,
                )
        notes = case.notes(results) if case.notes else []
        done.append(CaseResult(case, results, notes))
    seconds = time.perf_counter() - start
    env.extra.append(f"suite run time: {seconds:.0f} s")
    text = _report.markdown(env, [(c.case.title, c.results, c.notes) for c in done], quick=quick)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return Report(done, text, out, seconds)


def main(argv: Sequence[str] | None = None, *, threads: str | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="schedax against optax and hand-written numpy / jnp / Python, side by side.",
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repeat (smoke test)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="run only this case (repeatable, or comma-separated): "
        + ", ".join(c.name for c in CASES),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"markdown output (default: {DEFAULT_OUT.name} next to this package)",
    )
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    args = parser.parse_args(argv)
    if args.list:
        for c in CASES:
            print(f"{c.name:10} {c.title}")
        return 0
    only = [name.strip() for item in args.only for name in item.split(",") if name.strip()]
    try:
        for name in only:
            case_named(name)
    except ValueError as e:
        parser.error(str(e))
    report = run_suite(quick=args.quick, only=only, out=args.out, threads=threads)
    print(report.markdown)
    if report.path is not None:
        print(f"written to {report.path}", file=sys.stderr)
    return 0
