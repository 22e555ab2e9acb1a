"""The main job of ``make demo``: representative schedules, shown, timed and drawn.

``python -m schedax demo -o docs/gallery.png`` regenerates the README's gallery.
"""

from __future__ import annotations

import importlib.util
import os
import time
import warnings
from typing import TYPE_CHECKING, Any

import schedax as sx
from schedax.presets import torch as pt

if TYPE_CHECKING:
    from matplotlib.axes import Axes

STEPS = 100_000
AT = (0, 500, 1_000, 10_000, 50_000, 90_000, 99_999)

#: the torch comparison panel: CosineAnnealingWarmRestarts(T_0, T_mult, eta_min)
TORCH_STEPS = 3_000
TORCH_ARGS: dict[str, Any] = {"T_0": 200, "T_mult": 2, "eta_min": 1e-5}
TORCH_LR = 1e-3
ONE_CYCLE: dict[str, Any] = {"max_lr": 1e-3, "total_steps": STEPS}


def gallery() -> dict[str, sx.Schedule]:
    """The representative schedules of the demo, by title (over ``STEPS`` steps)."""
    return {
        "warmup + cosine (1k warmup, cosine to 10% over 99k)": sx.warmup(
            sx.cosine(1e-3, 1e-4, 99_000), 1_000
        ),
        "WSD with 1-sqrt cooldown (2k / 78k / 20k)": sx.wsd(
            1e-3, 2_000, 78_000, 20_000, decay_shape="1-sqrt"
        ),
        "SGDR: period x2 per restart, peak x0.7 per cycle": sx.warmup(
            sx.cycle(sx.cosine(1e-3, 1e-5, 10_000), 10_000, period_mult=2.0, decay=0.7), 1_000
        ),
        "one-cycle (torch OneCycleLR preset): lr": pt.OneCycleLR(**ONE_CYCLE),
        "one-cycle (torch OneCycleLR preset): momentum": pt.OneCycleLR_momentum(**ONE_CYCLE),
        "triangular2 cyclical lr (CyclicLR preset)": pt.CyclicLR(
            1e-4, 1e-3, step_size_up=10_000, mode="triangular2"
        ),
    }


def torch_reference(steps: int = TORCH_STEPS) -> list[float] | None:
    """The lr torch's ``CosineAnnealingWarmRestarts`` reports after 0..steps-1 calls of
    ``step()``, or ``None`` without torch."""
    if importlib.util.find_spec("torch") is None:
        return None
    import torch

    param = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([param], lr=TORCH_LR)
    sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, **TORCH_ARGS)
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's own deprecation notes are not ours
        for _ in range(steps):
            out.append(float(sched.get_last_lr()[0]))
            opt.step()
            sched.step()
    return out


def _worst(preset: sx.Schedule, reference: list[float]) -> float:
    """The largest relative difference between ``preset`` and torch's values."""
    ours = preset.curve(len(reference)).tolist()
    return float(max(abs(a - b) / abs(b) for a, b in zip(ours, reference, strict=True) if b))


def _time_curve(schedule: sx.Schedule, n: int) -> str:
    if importlib.util.find_spec("jax") is None:
        return "jax is not installed: pip install 'schedax[jax]' to time the jax.jit curve"
    import jax

    fn = jax.jit(lambda: schedule.curve(n, "jax"))
    t0 = time.perf_counter()
    compiled = fn.lower().compile()
    t1 = time.perf_counter()
    compiled().block_until_ready()
    t2 = time.perf_counter()
    runs = []
    for _ in range(3):
        a = time.perf_counter()
        out = compiled().block_until_ready()
        runs.append(time.perf_counter() - a)
    best = min(runs)
    return (
        f"{n:,}-step curve under jax.jit: compile {1e3 * (t1 - t0):.0f} ms, "
        f"first run {1e3 * (t2 - t1):.1f} ms, best of 3 {1e3 * best:.1f} ms "
        f"({1e9 * best / n:.2f} ns/step, {out.dtype}, last value {float(out[-1]):.3g})"
    )


def _panel(ax: Axes, title: str) -> None:
    ax.set_title(title, fontsize=9.5)
    ax.ticklabel_format(axis="y", style="sci", scilimits=(-3, 3))
    ax.tick_params(labelsize=8)
    ax.xaxis.label.set_fontsize(8.5)


def draw(out: str, reference: list[float] | None) -> str:
    """Write the gallery image to ``out``; return what to print."""
    if importlib.util.find_spec("matplotlib") is None:
        return 'matplotlib is not installed: pip install "schedax[plot]" for the gallery'
    from matplotlib.figure import Figure

    schedules = gallery()
    titles = list(schedules)
    fig = Figure(figsize=(13, 6.6), layout="constrained")
    axes = fig.subplots(2, 3).flat
    for ax, title in zip(axes, titles[:3], strict=False):
        schedules[title].plot(STEPS, ax, color="C0", lw=1.5)
        _panel(ax, title)
    # one-cycle: lr and momentum on twin axes
    ax = axes[3]
    schedules[titles[3]].plot(STEPS, ax, label="lr", color="C0", lw=1.5)
    twin = ax.twinx()
    schedules[titles[4]].plot(STEPS, twin, label="momentum", color="C1", lw=1.5, phases=False)
    twin.set_ylabel("momentum", color="C1", fontsize=8.5)
    twin.tick_params(labelsize=8, colors="C1")
    ax.set_ylabel("lr", color="C0", fontsize=8.5)
    _panel(ax, "one-cycle (torch OneCycleLR preset): lr and its momentum")
    # a torch preset beside the torch original
    ax = axes[4]
    preset = pt.CosineAnnealingWarmRestarts(**TORCH_ARGS, base_lr=TORCH_LR)
    label = "schedax preset"
    if reference is not None:
        ax.plot(reference, color="0.65", lw=4.5, label="torch CosineAnnealingWarmRestarts")
        label += f" (max relative difference {_worst(preset, reference):.0e})"
    preset.plot(TORCH_STEPS, ax, label=label, color="C3", lw=1.2)
    ax.legend(fontsize=7.5, loc="upper right", framealpha=0.95)
    suffix = "" if reference is not None else " (torch not installed)"
    _panel(ax, f"torch original vs schedax preset (T_0=200, T_mult=2){suffix}")
    ax = axes[5]
    schedules[titles[5]].plot(STEPS, ax, color="C2", lw=1.2)
    _panel(ax, titles[5])
    fig.suptitle(
        "schedax gallery: each curve is one closed-form schedule (dotted: phase boundaries)",
        fontsize=11,
    )
    fig.savefig(out, dpi=100)
    return f"gallery written to {os.path.abspath(out)}"


def run(out: str = "schedax-demo.png", curve_steps: int = 10_000_000) -> int:
    """Print the demo and write its gallery; return the exit status."""
    schedules = gallery()
    for title, s in schedules.items():
        print(f"== {title}")
        print(f"   {s!r}".replace("\n", "\n   "))
        print()
        print("   " + s.describe(STEPS).replace("\n", "\n   "))
        values = "  ".join(f"s({t:,})={s(t):.3e}" for t in AT)
        print(f"\n   {values}\n")
    reference = torch_reference()
    preset = pt.CosineAnnealingWarmRestarts(**TORCH_ARGS, base_lr=TORCH_LR)
    if reference is None:
        print("torch is not installed: pip install 'schedax[torch]' to compare with torch")
    else:
        print(
            f"torch CosineAnnealingWarmRestarts({TORCH_ARGS}) over {TORCH_STEPS:,} steps: "
            f"the schedax preset {preset!r} matches to a relative "
            f"{_worst(preset, reference):.1e}"
        )
    first = next(iter(schedules.values()))
    print(_time_curve(first, curve_steps))
    print(draw(out, reference))
    return 0
