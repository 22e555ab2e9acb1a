"""The ``schedax`` command line: ``demo`` (the main job of ``make demo``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from schedax._cli import main


def test_demo_prints_phases_values_timing_and_writes_png(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo.png"
    assert main(["demo", "--steps", "10000", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "warmup (linear)" in text
    assert "cycle 1:" in text
    assert "s(50,000)=" in text
    assert "10,000-step curve under jax.jit" in text
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_demo_rejects_a_bad_step_count(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["demo", "--steps", "0"])
    assert exc.value.code == 2
    assert "--steps must be a positive integer (got 0)" in capsys.readouterr().err


def test_python_dash_m_schedax_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "schedax", "--help"], capture_output=True, text=True, check=True
    )
    assert "demo" in done.stdout
