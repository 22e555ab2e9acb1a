"""The main job of ``make demo``: representative schedules, shown and timed."""

from __future__ import annotations

import importlib.util
import os
import time

import schedax as sx

STEPS = 100_000
AT = (0, 500, 1_000, 10_000, 50_000, 90_000, 99_999)


def gallery() -> dict[str, sx.Schedule]:
    """The representative schedules of the demo, by title."""
    return {
        "warmup + cosine (1k warmup, cosine to 10% over 99k)": sx.warmup(
            sx.cosine(1e-3, 1e-4, 99_000), 1_000
        ),
        "WSD with 1-sqrt cooldown (2k / 78k / 20k)": sx.wsd(
            1e-3, 2_000, 78_000, 20_000, decay_shape="1-sqrt"
        ),
        "SGDR: cosine restarts every 20k, peak x0.7 per cycle": sx.warmup(
            sx.cycle(sx.cosine(1e-3, 1e-5, 20_000), 20_000, decay=0.7), 1_000
        ),
        "one-cycle (30% up, cosine)": sx.one_cycle(1e-3, STEPS, 0.3),
    }


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


def _plot(schedules: dict[str, sx.Schedule], out: str) -> str:
    if importlib.util.find_spec("matplotlib") is None:
        return "matplotlib is not installed: pip install 'schedax[plot]' for the PNG"
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(11, 6.5), constrained_layout=True)
    for ax, (title, s) in zip(axes.flat, schedules.items(), strict=True):
        values = s.curve(STEPS)
        ax.plot(values, lw=1.6)
        for start, _, _ in s._phases()[1:]:
            if 0 < start < STEPS:
                ax.axvline(start, color="0.8", lw=0.8, zorder=0)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("step")
        ax.set_ylabel("learning rate")
        ax.ticklabel_format(axis="y", style="sci", scilimits=(-3, 3))
    fig.suptitle("schedax demo: one definition, evaluated in closed form", fontsize=12)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return f"plot written to {os.path.abspath(out)}"


def run(out: str = "schedax-demo.png", curve_steps: int = 10_000_000) -> int:
    """Print the demo and write its plot; return the exit status."""
    schedules = gallery()
    for title, s in schedules.items():
        print(f"== {title}")
        print(f"   {s!r}\n")
        print("   " + s.describe(STEPS).replace("\n", "\n   "))
        values = "  ".join(f"s({t:,})={s(t):.3e}" for t in AT)
        print(f"\n   {values}\n")
    first = next(iter(schedules.values()))
    print(_time_curve(first, curve_steps))
    print(_plot(schedules, out))
    return 0
