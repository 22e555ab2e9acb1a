"""Warmup, a plateau-driven phase, then a cooldown: a closed-form schedule times a plateau.

The learning rate at step ``t`` is ``base(t) * m.value(state)``: ``base`` is an
ordinary schedax schedule (a linear warmup, a flat phase, a linear cooldown)
and ``m`` a reduce-on-plateau machine fed the validation loss every
``EVAL_EVERY`` steps of the flat phase. Once the cooldown starts the machine
is no longer updated, so its multiplier is frozen and the cooldown decays
from wherever the plateau left the lr.

The "model" is noisy gradient descent on a quadratic, in numpy: its loss
settles at a floor proportional to the lr, so each reduction lowers the floor.

Run with ``.venv/bin/python examples/plateau.py``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

import schedax as sx
from schedax.schedules import PlateauState

STEPS = 300
WARMUP = 20
COOLDOWN_AT = 240
EVAL_EVERY = 10
PEAK = 0.1

#: warmup 0 -> PEAK over WARMUP steps, flat until COOLDOWN_AT, then linear to 0
BASE = sx.join(
    [sx.warmup(sx.constant(PEAK), WARMUP), sx.linear(PEAK, 0.0, STEPS - COOLDOWN_AT)],
    [COOLDOWN_AT],
)
PLATEAU = sx.reduce_on_plateau(factor=0.5, patience=2, threshold=0.02, cooldown=1)


def train(seed: int = 0) -> tuple[list[float], list[float], PlateauState]:
    """Run the toy training; return the lr of every step, the evaluated losses, the state."""
    rng = np.random.default_rng(seed)
    target: npt.NDArray[np.float64] = rng.normal(size=16)
    w: npt.NDArray[np.float64] = np.zeros(16)
    state = PLATEAU.init()
    lrs: list[float] = []
    losses: list[float] = []
    for step in range(STEPS):
        lr = BASE(step) * PLATEAU.value(state)
        lrs.append(lr)
        grad = (w - target) + rng.normal(scale=2.0, size=16)
        w = w - lr * grad
        if (step + 1) % EVAL_EVERY == 0 and step < COOLDOWN_AT:
            loss = float(0.5 * np.sum((w - target) ** 2))
            losses.append(loss)
            state = PLATEAU.update(state, loss)
    return lrs, losses, state


def main() -> None:
    """Train, print the lr beside each evaluation, and replay the plateau from the losses."""
    print("base:", BASE)
    print("plateau:", PLATEAU)
    lrs, losses, state = train()
    print(f"{'step':>5}  {'val loss':>9}  {'next lr':>9}")
    for i, loss in enumerate(losses):
        step = (i + 1) * EVAL_EVERY
        print(f"{step:>5}  {loss:>9.4f}  {lrs[step]:>9.2e}")
    print(f"cooldown from step {COOLDOWN_AT}: lr {lrs[COOLDOWN_AT]:.2e} -> {lrs[-1]:.2e}")
    assert PLATEAU.value(state) < 1.0, "the plateau should have reduced the lr"

    # The machine is pure: replaying the losses gives the same multipliers.
    scales = PLATEAU.trajectory(losses)
    for i, scale in enumerate(scales.tolist()):
        step = (i + 1) * EVAL_EVERY
        assert lrs[step] == BASE(step) * scale
    print("multipliers after each evaluation:", [f"{s:g}" for s in scales.tolist()])

    # Under JAX the whole history is one jax.lax.scan, inside jax.jit too.
    try:
        import jax
        import jax.numpy as jnp

        jax_scales = jax.jit(PLATEAU.trajectory)(jnp.asarray(losses))
        assert np.allclose(np.asarray(jax_scales), scales, rtol=1e-6)
        print("jax.lax.scan replay agrees:", jax_scales.shape, jax_scales.dtype)
    except ImportError:
        print("jax not installed: pip install 'schedax[jax]'")


if __name__ == "__main__":
    main()
