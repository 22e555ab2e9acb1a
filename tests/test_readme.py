"""The README's Python examples run as written (so the README tells the truth)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_block_runs(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(code, str(README), "exec"), {"__name__": "readme"})
    capsys.readouterr()


def test_readme_first_block_prints_what_it_says(capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(BLOCKS[0], str(README), "exec"), {"__name__": "readme"})
    out = capsys.readouterr().out.splitlines()
    assert out == ["warmup(cosine(0.001, 0.0001, 99000), 1000)", "0.0005"]
