"""One schedule, three consumers: plain Python, a jitted JAX curve, a torch loop.

Run with ``.venv/bin/python examples/quickstart.py``.
"""

from __future__ import annotations

import schedax as sx


def main() -> None:
    """Build a schedule, inspect it, and evaluate it three ways."""
    lr = sx.warmup(sx.cosine(3e-4, 3e-5, 9_000), 1_000)
    print(lr)
    print(lr.describe())

    # 1. plain Python: a float per call
    print("lr at 0, 500, 1000, 10000:", [f"{lr(t):.2e}" for t in (0, 500, 1_000, 10_000)])

    # 2. JAX: the whole curve in one jitted call
    try:
        import jax

        curve = jax.jit(lambda: lr.curve(10_000, "jax"))()
        print("jax curve:", curve.shape, curve.dtype, f"max {float(curve.max()):.2e}")
    except ImportError:
        print("jax not installed: pip install 'schedax[jax]'")

    # 3. torch: drive an optimizer with the same object
    try:
        import torch

        model = torch.nn.Linear(3, 1)
        opt = torch.optim.AdamW(model.parameters(), lr=lr(0))
        used = []
        for step in range(20):
            for group in opt.param_groups:
                group["lr"] = lr(step)
            used.append(opt.param_groups[0]["lr"])
            opt.zero_grad()
            model(torch.randn(4, 3)).square().mean().backward()
            opt.step()
        assert used == [lr(t) for t in range(20)]
        print("torch used the same lrs:", f"{used[1]:.2e}", "...", f"{used[-1]:.2e}")
    except ImportError:
        print("torch not installed: pip install 'schedax[torch]'")


if __name__ == "__main__":
    main()
