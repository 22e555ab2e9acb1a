"""Smoke test of the benchmark suite: every case once, at a tiny size.

No timing is asserted. What is asserted: the suite runs, its table has a ratio
for every case, and in every case schedax and its peer compute the same
values (which is what makes the benchmark honest).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("jax")
pytest.importorskip("optax")

from benchmarks import cases
from benchmarks._harness import (
    QUICK,
    Comparison,
    Row,
    Tolerance,
    ValueMismatch,
    Variant,
    measure,
)
from benchmarks.cli import Report, main, run_suite

RATIO = re.compile(r"\*\*(\d[\d.,]*(?:e[-+]\d+)?)x")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    out = tmp_path_factory.mktemp("bench") / "results.md"
    return run_suite(quick=True, out=out, keep_values=True, log=False)


def test_writes_markdown_with_environment(report: Report) -> None:
    assert report.path is not None
    text = report.path.read_text(encoding="utf-8")
    assert text == report.markdown
    for needle in ("## Environment", "machine:", "jax ", "numpy ", "Python ", "| case |"):
        assert needle in text


def test_every_case_has_a_ratio(report: Report) -> None:
    lines = report.markdown.splitlines()
    assert [c.case.name for c in report.cases] == [c.name for c in cases.CASES]
    for case in cases.CASES:
        rows = [line for line in lines if line.startswith(f"| {case.name}")]
        assert rows, f"no row for case {case.name}"
        for line in rows:
            match = RATIO.search(line)
            assert match, line
            assert float(match.group(1).replace(",", "")) > 0


def test_schedax_and_peer_compute_the_same_values(report: Report) -> None:
    for case in report.cases:
        checked = 0
        for res in case.results:
            comparison = res.comparison
            if comparison.check is None:  # compile times: no value
                continue
            for row in comparison.rows:
                tol = row.tol or comparison.check
                ours = np.asarray(res.values[row.schedax], dtype=np.float64)
                peer = np.asarray(res.values[row.peer], dtype=np.float64)
                assert ours.shape == peer.shape
                np.testing.assert_allclose(
                    ours, peer, rtol=tol.rtol, atol=tol.atol, err_msg=f"{comparison.title}: {row}"
                )
                checked += 1
        assert checked, f"case {case.case.name} checks no values"


def test_harness_refuses_different_values() -> None:
    comparison = Comparison(
        case="t",
        title="wrong peer",
        tag="",
        variants=(
            Variant("a", "schedax", lambda: np.arange(3.0)),
            Variant("b", "peer", lambda: np.arange(3.0) + 1e-3),
        ),
        rows=(Row("a", "b"),),
        unit="µs/call",
        check=Tolerance(rtol=1e-9, atol=1e-12),
    )
    with pytest.raises(ValueMismatch, match="values differ"):
        measure(comparison, QUICK)


def test_command_line_only_and_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "scalar.md"
    assert main(["--quick", "--only", "scalar", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "| scalar |" in text
    assert "| join" not in text
    assert "| scalar |" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--only", "no-such-case"])
