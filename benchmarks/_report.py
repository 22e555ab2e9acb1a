"""The results as a markdown table, with the machine and versions measured."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ._harness import ComparisonResult, RowResult

HOW_TO_READ = """\
Run with `make bench` (or `.venv/bin/python -m benchmarks`; `--only join` runs one
case, `--quick` a tiny smoke run, `--out FILE` writes the markdown elsewhere).
Each row times a schedax variant and a peer (optax, or the same formula written
by hand in numpy / jnp / pure Python) **side by side in one process**: the
repeats alternate between all variants of a comparison, and every cell is the
median over the repeats with the min–max in parentheses. **ratio** = schedax
time / peer time: below 1 schedax is faster (0.01x is 100 times faster, 2x is
twice as slow); its range is the min–max of the ratios of samples taken side
by side. Times are per step (`ns/step`, whole curves), per call (`µs/call`,
scalar steps) or per compilation (`s`, a cold trace + lower + compile);
memory rows give the peak memory traced by `tracemalloc` during the call over
the size of the output. Before timing, the values of both sides of each row
are checked to agree (`max |Δ|`); **aim** is the target from the issue, ✓ met
or ✗ missed; **reps** counts the samples (`a/b` when the cheaper side got more
within the time budget, each sample looping cheap calls for ~20 ms). Absolute
numbers depend on the machine and its load; ratios travel better.
"""


@dataclass
class Environment:
    date: str
    processor: str
    machine: str
    cpu: str
    python: str
    versions: dict[str, str]
    commit: str
    threads: str
    load: str
    extra: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        vers = ", ".join(f"{k} {v}" for k, v in self.versions.items())
        return [
            f"- date: {self.date}",
            f"- machine: processor={self.processor!r} / machine={self.machine!r}"
            f" ({self.cpu}, {os.cpu_count()} logical cores)",
            f"- Python {self.python}; {vers}",
            f"- schedax commit: {self.commit}",
            f"- threads: {self.threads}",
            f"- load average at start: {self.load}",
            *(f"- {x}" for x in self.extra),
        ]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git(*args: str) -> str:
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=True
    )
    return done.stdout.strip()


def _commit() -> str:
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no", "schedax")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head} (schedax/ modified)" if dirty else head


def environment(threads: str) -> Environment:
    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    return Environment(
        date=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        processor=platform.processor(),
        machine=platform.machine(),
        cpu=_cpu_model(),
        python=platform.python_version(),
        versions={d: _version(d) for d in ("schedax", "jax", "jaxlib", "numpy", "optax")},
        commit=_commit(),
        threads=threads,
        load=load,
    )


# ------------------------------------------------------------------ numbers


def fmt_num(x: float) -> str:
    """Three significant digits, no exponent for everyday magnitudes."""
    if x == 0 or not (1e-3 <= abs(x) < 1e6):
        return f"{x:.2e}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3g}"


def fmt_ratio(x: float) -> str:
    return f"{fmt_num(x)}x"


def _cell(median: float, lo: float, hi: float, unit: str, n: int) -> str:
    spread = f" ({fmt_num(lo)}–{fmt_num(hi)})" if n > 1 else ""
    return f"{fmt_num(median)} {unit}{spread}"


def _aim(row: RowResult) -> str:
    aim = row.row.aim
    if aim is None:
        return ""
    return f"{aim.text} {'✓' if row.aim_met else '✗'}"


def _label(result: ComparisonResult) -> str:
    c = result.comparison
    return f"{c.case} {c.tag}".strip()


HEADER = (
    "| case | schedax | peer | schedax | peer | ratio (min–max) | aim | max \\|Δ\\| | reps |",
    "|---|---|---|---|---|---|---|---|---|",
)


def table(results: Sequence[ComparisonResult]) -> list[str]:
    lines = list(HEADER)
    for res in results:
        unit = res.comparison.unit
        for row in res.rows:
            a, b = row.schedax, row.peer
            paired = row.paired
            ratio = fmt_ratio(row.ratio)
            if len(paired) > 1:
                ratio += f" ({fmt_num(min(paired))}–{fmt_num(max(paired))})"
            diff = "" if row.max_abs_diff is None else f"{row.max_abs_diff:.1e}"
            lines.append(
                "| "
                + " | ".join(
                    [
                        _label(res),
                        f"`{a.name}`",
                        f"`{b.name}`",
                        _cell(a.median, a.lo, a.hi, unit, len(a.samples)),
                        _cell(b.median, b.lo, b.hi, unit, len(b.samples)),
                        f"**{ratio}**",
                        _aim(row),
                        diff,
                        row.repeats,
                    ]
                )
                + " |"
            )
    return lines


def markdown(
    env: Environment,
    sections: Sequence[tuple[str, Sequence[ComparisonResult], Sequence[str]]],
    *,
    title: str = "schedax benchmarks",
    quick: bool = False,
) -> str:
    """The whole report: how to read it, the environment, one table, notes."""
    results = [r for _, rs, _ in sections for r in rs]
    out = [f"# {title}", "", HOW_TO_READ, "## Environment", "", *env.lines()]
    if quick:
        out.append("- **quick run** (tiny sizes, one repeat): numbers are not meaningful")
    if results:
        cpu = max(r.cpu_per_wall for r in results)
        out.append(
            f"- process CPU time / wall time while timing: at most {cpu:.2f} "
            "(≤ 1: the timed work ran on one core)"
        )
    out += ["", "## Results", "", *table(results), ""]
    out += ["## Cases", ""]
    for case_title, rs, case_notes in sections:
        out.append(f"**{case_title}**")
        out.append("")
        for r in rs:
            out.append(f"- `{_label(r)}`: {r.comparison.title}")
        for note in case_notes:
            out.append(f"- {note}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
