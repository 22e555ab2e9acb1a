"""``Schedule.describe``: the phase table, its summary, and ``_phases`` of every combinator."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import schedax as sx
from schedax.presets import torch as pt
from tests import strategies as sts


def rows(text: str) -> list[tuple[str, str, str, str]]:
    """The table rows of a description: (steps, phase, first, last)."""
    out = []
    for line in text.splitlines()[1:]:
        cells = re.split(r" {4,}", line)
        if not re.match(r"^(\d[\d,]* - |\.\.\.)", line):
            break
        out.append((*cells, "", "", "")[:4])
    return out


def test_warmup_cosine_table() -> None:
    text = sx.warmup(sx.cosine(1e-3, 1e-5, 99_000), 1_000).describe()
    assert text == (
        "steps             phase              first    last\n"
        "0 - 999           warmup (linear)    0        0.000999\n"
        "1,000 - 99,999    cosine             0.001    1e-05\n"
        "100,000 - ...     hold               1e-05    1e-05\n"
        "constant from step 100,000 (value 1e-05)"
    )


def test_a_cycle_run_that_does_not_end_on_a_whole_period() -> None:
    s = sx.cycle(sx.cosine(1e-3, 1e-5, 20_000), 20_000)
    text = s.describe(99_000)
    assert rows(text)[-1] == ("80,000 - 98,999", "cycle 4: cosine", "0.001", "1.611e-05")
    assert text.splitlines()[-2:] == [
        "run of 99,000 steps: ends mid-phase, 95% into cycle 4 (19,000 of 20,000 steps)",
        "cycles: 4.95 (4 complete)",
    ]
    whole = s.describe(100_000).splitlines()[-2:]
    assert whole == [
        "run of 100,000 steps: ends exactly at the end of a phase (cycle 4)",
        "cycles: 5 (all complete)",
    ]


def test_growing_periods_and_a_cycle_limit() -> None:
    s = pt.CosineAnnealingWarmRestarts(10, 2)
    assert [r[0] for r in rows(s.describe(100))] == ["0 - 9", "10 - 29", "30 - 69", "70 - 99"]
    assert s.describe(100).splitlines()[-1] == "cycles: 3.38 (3 complete)"
    limited = sx.cycle(sx.cosine(1.0, 0.0, 10), 10, limit=3).describe(100)
    assert rows(limited)[-1] == ("30 - 99", "hold", "0", "0")
    assert limited.splitlines()[-2:] == [
        "run of 100 steps: ends in the final hold, 70 steps after the schedule settles at step 30",
        "cycles: 3 (all complete)",
    ]


def test_many_cycles_are_summed_up_in_closed_form() -> None:
    text = sx.cycle(sx.cosine(1.0, 0.0, 10), 10).describe(10**12 + 5)
    table = rows(text)
    assert len(table) == 6
    assert table[3][:2] == ("30 - 999,999,999,989", "cycles 3 - 99,999,999,998: cosine")
    assert text.splitlines()[-1] == "cycles: 100,000,000,000.5 (100,000,000,000 complete)"


def test_without_steps_cycles_run_on() -> None:
    text = sx.cycle(sx.linear(1.0, 0.0, 10), 10).describe()
    assert rows(text)[-1] == ("60 - ...", "cycles 6 - ...: linear", "1", "...")
    assert text.splitlines()[-1] == "never settles (no finite duration)"


def test_long_tables_are_shortened() -> None:
    s = sx.join([sx.linear(float(i), float(i + 1), 10) for i in range(50)])
    table = rows(s.describe())
    assert len(table) == 30
    assert table[21] == ("...", "... 22 more phases ...", "", "")
    assert table[-1][1] == "hold"


@pytest.mark.parametrize(
    ("s", "labels"),
    [
        (sx.exponential(1.0, 0.5, every=10), ["exponential (rate=0.5, every=10)"]),
        (sx.cosine(1.0, 0.0, 10, exponent=2.0), ["cosine (exponent=2.0)", "hold"]),
        (
            0.5 * sx.warmup(sx.cosine(1.0, 0.0, 90), 10),
            ["0.5 × warmup (linear)", "0.5 × cosine", "hold"],
        ),
        (sx.cosine(1.0, 0.0, 100) * sx.linear(0.0, 1.0, 10), ["cosine × linear", "cosine", "hold"]),
        (0.1 + sx.linear(1.0, 0.0, 10), ["0.1 + linear", "hold"]),
        (
            sx.cosine(1.0, 0.0, 10) / sx.linear(1.0, 2.0, 5),
            ["cosine / linear", "cosine / hold", "hold"],
        ),
        (sx.minimum(sx.cosine(1.0, 0.0, 10), 0.5), ["minimum(cosine, 0.5)", "hold"]),
        (
            sx.maximum(sx.cosine(1.0, 0.0, 10), sx.linear(0.0, 1.0, 5)),
            ["maximum(cosine, linear)", "maximum(cosine, hold)", "hold"],
        ),
        (sx.clip(sx.linear(0.0, 1.0, 10), low=0.2), ["clip(linear)", "hold"]),
        (
            sx.shift(sx.cosine(1.0, 0.0, 10), 5),
            ["hold (before the shifted start)", "cosine", "hold"],
        ),
        (sx.shift(sx.cosine(1.0, 0.0, 10), -5), ["cosine", "hold"]),
        (
            sx.stretch(sx.join([sx.linear(0.0, 1.0, 4), sx.cosine(1.0, 0.0, 4)]), 2.5),
            ["linear", "cosine", "hold"],
        ),
        (sx.piecewise([10, 20], [1.0, 0.1, 0.01]), ["constant", "constant", "constant"]),
        (sx.piecewise([10, 20], [1.0, 0.1], "linear"), ["hold", "interpolate", "hold"]),
        (sx.piecewise([10], [0.1, sx.cosine(1.0, 0.0, 30)]), ["constant", "cosine", "hold"]),
        (
            sx.triangular(0.1, 1.0, 10),
            [f"cycle {k}: linear → linear" for k in range(6)] + ["cycles 6 - ...: linear → linear"],
        ),
    ],
)
def test_phase_labels(s: sx.Schedule, labels: list[str]) -> None:
    assert [r[1] for r in rows(s.describe())] == labels


def test_stretch_and_shift_move_the_boundaries() -> None:
    s = sx.stretch(sx.join([sx.linear(0.0, 1.0, 4), sx.cosine(1.0, 0.0, 4)]), 2.5)
    assert [r[0] for r in rows(s.describe())] == ["0 - 9", "10 - 19", "20 - ..."]
    late = sx.shift(sx.cosine(1.0, 0.0, 10), 5)
    assert [r[0] for r in rows(late.describe())] == ["0 - 4", "5 - 14", "15 - ..."]


def test_steps_is_checked() -> None:
    with pytest.raises(ValueError, match=r"describe: 'steps' must be a positive integer \(got 0\)"):
        sx.cosine(1.0, 0.0, 10).describe(0)
    with pytest.raises(TypeError, match=r"describe: 'steps' must be a positive integer"):
        sx.cosine(1.0, 0.0, 10).describe("10")  # type: ignore[arg-type]


def _span(cell: str) -> tuple[int, int | None]:
    a, _, b = cell.partition(" - ")
    return int(a.replace(",", "")), None if b == "..." else int(b.replace(",", ""))


@given(sts.trees(), st.integers(1, 600))
def test_rows_cover_the_run_and_show_its_values(s: sx.Schedule, steps: int) -> None:
    text = s.describe(steps)
    table = rows(text)
    assert table, text
    expected_start = 0
    for cell, _, first, last in table:
        if cell == "...":
            expected_start = None
            continue
        a, b = _span(cell)
        assert b is not None, text
        if expected_start is not None:
            assert a == expected_start, text
        assert a <= b < steps, text
        assert first == f"{s(a):.4g}", text
        assert last == f"{s(b):.4g}", text
        expected_start = b + 1
    assert expected_start == steps, text
    assert text.splitlines()[len(table) + 1].startswith(f"run of {steps:,} steps: "), text


@given(sts.trees())
def test_describe_without_steps_never_fails(s: sx.Schedule) -> None:
    text = s.describe()
    assert rows(text)[0][0].startswith("0 - ")
    assert text.splitlines()[-1].startswith(("constant from step", "never settles")), text
