"""The ``schedax`` command line: ``show``, ``plot`` and ``demo``; errors exit with 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import schedax as sx
from schedax._cli import SPARKS, main, sparkline

PNG = b"\x89PNG\r\n\x1a\n"
WARMUP_COSINE = "warmup(cosine(1e-3, 1e-5, 99_000), 1_000)"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


# ---------------------------------------------------------------------- show


def test_show_prints_values_phases_and_a_sparkline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["show", WARMUP_COSINE, "--steps", "100_000"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "warmup(cosine(0.001, 1e-05, 99000), 1000)"
    assert "1,000     0.001" in out  # the values table: a spread with the phase edges
    assert "99,999    1e-05" in out
    assert "0 - 999           warmup (linear)" in out
    assert "run of 100,000 steps: ends exactly at the end of a phase (cosine)" in out
    spark = lines[-1].split()[0]
    assert len(spark) == 40
    assert set(spark) <= set(SPARKS)
    assert lines[-1].endswith("0 .. 0.001")


def test_show_at_steps_and_a_run_that_ends_mid_cycle(capsys: pytest.CaptureFixture[str]) -> None:
    spec = "cycle(cosine(1e-3, 1e-5, 20_000), 20_000)"
    code, out, _ = run(["show", spec, "--steps", "99000", "--at", "0,20_000,98999"], capsys)
    assert code == 0
    assert "20,000    0.001\n98,999    1.611e-05\n" in out
    assert "ends mid-phase, 95% into cycle 4 (19,000 of 20,000 steps)" in out
    assert "cycles: 4.95 (4 complete)" in out


def test_show_reads_json_and_yaml_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = sx.wsd(1.0, 10, 80, 10, decay_shape="1-sqrt")
    import yaml

    (tmp_path / "s.json").write_text(json.dumps(s.to_dict()), encoding="utf-8")
    (tmp_path / "s.yml").write_text(yaml.safe_dump(s.to_dict()), encoding="utf-8")
    for name in ("s.json", "s.yml"):
        code, out, _ = run(["show", str(tmp_path / name), "--width", "10"], capsys)
        assert code == 0
        assert out.splitlines()[0] == repr(s)
        assert "run of 100 steps" in out  # --steps defaults to the duration


def test_show_log_sparkline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["show", "exponential(1.0, 0.5, end=1e-6)", "--log", "--width", "8"], capsys)
    assert code == 0
    assert out.splitlines()[-1] == "█▇▆▄▃▂▁▁  1.907e-06 .. 1 (log)"  # 20 steps, 1 -> 2e-6


def test_sparkline() -> None:
    assert sparkline([0, 1, 2, 3, 4, 5, 6, 7], width=8) == "▁▂▃▄▅▆▇█"
    assert sparkline([1.0] * 5, width=3) == "▁▁▁"
    assert sparkline([1, 10, 100, 1000], width=4, log=True) == "▁▃▆█"
    assert sparkline([0, 0], width=2, log=True) == "  "


# ---------------------------------------------------------------------- plot


def test_plot_png_and_svg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png, svg = tmp_path / "a.png", tmp_path / "b.svg"
    code, out, _ = run(["plot", WARMUP_COSINE, "--steps", "100000", "-o", str(png)], capsys)
    assert code == 0
    assert png.read_bytes()[:8] == PNG
    assert out.strip() == f"wrote {png}"
    code, _, _ = run(["plot", WARMUP_COSINE, "--svg", "--log", "-o", str(svg)], capsys)
    assert code == 0
    assert b"<svg" in svg.read_bytes()[:500]
    forced = tmp_path / "c.out"
    assert main(["plot", "cosine(1, 0, 10)", "--svg", "-o", str(forced)]) == 0
    assert b"<svg" in forced.read_bytes()[:500]


def test_plot_several_labelled_schedules_stacked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "oc.svg"
    kw = "max_lr=1e-3, total_steps=1000"
    argv = [
        "plot",
        f"lr=torch.OneCycleLR({kw})",
        f"momentum=torch.OneCycleLR_momentum({kw})",
        "--stack",
        "--title",
        "one cycle",
        "--no-phases",
        "-o",
        str(out),
    ]
    code, _, err = run(argv, capsys)
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert ">momentum<" in text or "momentum" in text
    assert "one cycle" in text


# -------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "warmup(cosin(1, 0, 10), 5)"], "line 1, column 8: unknown name 'cosin'"),
        (["show", "__import__('os').system('ls')"], "attribute access is refused"),
        (["show", "lambda: 0"], "lambdas are not allowed"),
        (["show", "2 ** 99999"], "exponents must be at most 1024"),
        (["show", "cosine(1, 0, -1)"], "cosine: 'steps' must be a non-negative integer"),
        (["show", "inverse_sqrt(1.0)"], "--steps is needed: the schedule never settles"),
        (["show", "constant(1.0)"], "--steps is needed: the schedule is constant"),
        (["plot", "missing.yaml"], "missing.yaml: no such file"),
        (["plot", "cosine(1, 0, 10)", "-o", "/no/such/dir/x.png"], "cannot write /no/such/dir"),
        (["plot", "cosine(1, 0, 10)", "-o", "x.unknownformat"], "unknownformat"),
    ],
)
def test_errors_are_one_message_and_exit_code_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"schedax {argv[0]}: error: ")
    assert message in err
    assert "Traceback" not in err


def test_bad_files_report_their_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("type: cosine\nstart: [1.0\nend: 0.0\n", encoding="utf-8")
    code, _, err = run(["show", str(bad_yaml)], capsys)
    assert code == 2
    assert f"{bad_yaml}, line 3, column 4: invalid YAML" in err
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"type": "cosine",\n "start": 1.0,,}', encoding="utf-8")
    code, _, err = run(["show", str(bad_json)], capsys)
    assert code == 2
    assert f"{bad_json}, line 2, column 15: invalid JSON" in err
    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps({"type": "warmup", "schedule": {"type": "cosinus"}}))
    code, _, err = run(["show", str(unknown)], capsys)
    assert code == 2
    assert "at $.schedule.type: unknown schedule type 'cosinus'; did you mean cosine?" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "cosine(1, 0, 10)", "--steps", "0"], "--steps: must be a positive integer"),
        (["show", "cosine(1, 0, 10)", "--steps", "1.5"], "not a whole step number"),
        (["show", "cosine(1, 0, 10)", "--at", "1,x"], "--at: not a step number: 'x'"),
        (["show", "cosine(1, 0, 10)", "--at", "-1"], "--at: steps must be >= 0"),
        (["demo", "--steps", "0"], "--steps: must be a positive integer (got '0')"),
    ],
)
def test_bad_options_are_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


# ---------------------------------------------------------------------- demo


def test_demo_prints_phases_values_timing_and_writes_the_gallery(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "gallery.png"
    assert main(["demo", "--steps", "10000", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "warmup (linear)" in text
    assert "cycle 1: cosine" in text
    assert "s(50,000)=" in text
    assert "the schedax preset cycle(cosine(0.001, 1e-05, 200), 200, period_mult=2.0)" in text
    assert "10,000-step curve under jax.jit" in text
    assert f"gallery written to {out}" in text
    assert out.read_bytes()[:8] == PNG


def test_committed_gallery_is_small() -> None:
    gallery = Path(__file__).resolve().parent.parent / "docs" / "gallery.png"
    assert gallery.read_bytes()[:8] == PNG
    assert gallery.stat().st_size < 200_000


def test_python_dash_m_schedax(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "schedax", "--help"], capture_output=True, text=True, check=True
    )
    assert "show" in done.stdout
    assert "plot" in done.stdout
    assert "demo" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "schedax", "show", "os.system('true')"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "attribute access is refused" in bad.stderr
    assert "Traceback" not in bad.stderr
