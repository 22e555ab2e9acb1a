"""Plotting: ``Schedule.plot`` and ``schedax.plot`` (matplotlib, off-screen)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import matplotlib
import numpy as np
import pytest

import schedax as sx
from schedax._plot import boundaries, envelope, sample
from schedax.presets import torch as pt

matplotlib.use("Agg")
import matplotlib.pyplot as plt

LR = sx.warmup(sx.cosine(1e-3, 1e-5, 900), 100)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def test_plot_draws_the_curve_and_marks_the_phases() -> None:
    ax = LR.plot(1_000)
    (line,) = ax.lines[:1]
    x, y = line.get_xdata(), line.get_ydata()
    assert list(x) == list(range(1_000))
    np.testing.assert_allclose(y, LR.curve(1_000))
    marks = [a.get_xdata()[0] for a in ax.lines[1:]]
    assert marks == [100]
    assert line.get_label() == "warmup(cosine(0.001, 1e-05, 900), 100)"
    assert ax.get_xlabel() == "step"
    assert ax.get_xlim() == (0.0, 999.0)


def test_plot_options_reach_matplotlib() -> None:
    fig, ax = plt.subplots()
    out = LR.plot(1_000, ax, label="lr", log=True, phases=False, color="red", lw=3)
    assert out is ax
    (line,) = ax.lines
    assert line.get_label() == "lr"
    assert line.get_color() == "red"
    assert line.get_linewidth() == 3
    assert ax.get_yscale() == "log"
    fig.savefig(__import__("io").BytesIO(), format="png")  # zero at step 0: masked, no warning


def test_plot_overlays_on_the_same_axes() -> None:
    ax = LR.plot(1_000)
    sx.cosine(1e-3, 0.0, 1_000).plot(1_000, ax)
    curves = [line for line in ax.lines if len(line.get_xdata()) > 2]
    assert len(curves) == 2


def test_long_runs_are_sampled_and_reduced_but_keep_every_restart() -> None:
    s = sx.cycle(sx.cosine(1.0, 0.0, 1_000), 1_000)
    ax = s.plot(10**9, phases=False)
    (line,) = ax.lines
    assert len(line.get_xdata()) <= 2 * 2_000 + 2
    y = np.asarray(line.get_ydata())
    assert y.max() == pytest.approx(1.0, abs=1e-3)
    assert y.min() == pytest.approx(0.0, abs=1e-3)


def test_sample_adds_phase_boundaries_when_sampling() -> None:
    s = sx.warmup(sx.cosine(1.0, 0.0, 10**8), 12_345)
    x, y = sample(s, 10**8, max_points=1_000)
    assert {12_344, 12_345} <= set(x.tolist())
    assert y[x.tolist().index(12_345)] == 1.0
    assert boundaries(s, 10**8) == [12_345]


def test_envelope_keeps_the_extremes_in_order() -> None:
    x = np.arange(10_000)
    y = np.sin(x / 7.0)
    ex, ey = envelope(x, y, bins=100)
    assert len(ex) <= 202
    assert np.all(np.diff(ex) > 0)
    assert (ey.max(), ey.min()) == (y.max(), y.min())
    small_x, _ = envelope(x[:50], y[:50], bins=100)
    assert len(small_x) == 50


def test_module_plot_overlays_a_dict_with_a_legend() -> None:
    fig = sx.plot({"cosine": LR, "linear": sx.linear(1e-3, 0.0, 1_000)}, 1_000, title="two")
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["cosine", "linear"]
    assert fig.get_suptitle() == "two"


def test_module_plot_stacks_hyperparameters() -> None:
    kw = {"max_lr": 1e-3, "total_steps": 1_000}
    lr, mom = pt.OneCycleLR(**kw), pt.OneCycleLR_momentum(**kw)
    fig = sx.plot({"lr": lr, "momentum": mom}, 1_000, stack=True)
    assert [a.get_ylabel() for a in fig.axes] == ["lr", "momentum"]
    assert [a.get_xlabel() for a in fig.axes] == ["", "step"]
    fig2, axes = plt.subplots(2, 1)
    assert sx.plot([lr, mom], 1_000, axes, stack=True) is fig2


def test_module_plot_accepts_a_list_and_one_schedule() -> None:
    fig = sx.plot([LR, sx.linear(0.0, 1e-3, 10), LR], 100)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    first = "warmup(cosine(0.001, 1e-05, 900), 100)"
    assert labels == [first, "linear(0.0, 0.001, 10)", f"{first} (2)"]
    assert sx.plot(LR, 100).axes[0].get_legend() is None


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: LR.plot(0), ValueError, r"plot: 'steps' must be a positive integer \(got 0\)"),
        (lambda: LR.plot(10, log="yes"), TypeError, r"'log' must be True or False"),
        (lambda: LR.plot(10, ax="axes"), TypeError, r"'ax' must be a matplotlib Axes"),
        (lambda: LR.plot(10, label=3), TypeError, r"'label' must be a string or None"),
        (lambda: sx.plot({}, 10), ValueError, r"'schedules' must not be empty"),
        (lambda: sx.plot({"a": 1.0}, 10), TypeError, r"'schedules\['a'\]' must be a schedule"),
        (lambda: sx.plot("cosine", 10), TypeError, r"'schedules' must be a schedule, a dict"),
        (lambda: sx.plot([LR, LR], 10, stack="no"), TypeError, r"'stack' must be True or False"),
        (lambda: sx.plot([LR], 10, title=1), TypeError, r"'title' must be a string or None"),
        (
            lambda: sx.plot([LR, LR], 10, plt.subplots()[1], stack=True),
            ValueError,
            r"'ax' must be a sequence of 2 Axes",
        ),
        (
            lambda: sx.plot([LR, LR], 10, plt.subplots(3)[1], stack=True),
            ValueError,
            r"'ax' must hold 2 Axes \(got 3 items\)",
        ),
    ],
)
def test_bad_arguments_name_the_parameter(call, exc, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(exc, match=match):
        call()


def test_missing_matplotlib_says_how_to_install() -> None:
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "import schedax as sx\n"
        "try:\n"
        "    sx.cosine(1.0, 0.0, 10).plot(10)\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == 'plotting needs matplotlib: pip install "schedax[plot]"'
