"""torch ``ReduceLROnPlateau`` as a schedax plateau machine holding the lr."""

from __future__ import annotations

from ..schedules._plateau import ReduceOnPlateau, _build


def ReduceLROnPlateau(
    base_lr: float = 1.0,
    mode: str = "min",
    factor: float = 0.1,
    patience: int = 10,
    threshold: float = 1e-4,
    threshold_mode: str = "rel",
    cooldown: int = 0,
    min_lr: float = 0.0,
    eps: float = 1e-8,
) -> ReduceOnPlateau:
    """torch ``ReduceLROnPlateau``: a plateau machine whose value is the lr torch holds.

    ``sx.reduce_on_plateau(..., min_scale=min_lr, start=base_lr)``: the machine
    holds the lr itself rather than a multiplier, so that torch's absolute
    floor ``min_lr`` and its ``eps`` test (``old_lr - new_lr > eps``) act on
    the same numbers, computed with the same operations, as in torch. After
    ``update`` with the metrics passed to ``scheduler.step(metric)``,
    ``value(state)`` equals ``optimizer.param_groups[0]["lr"]``.

    .. math:: \\mathrm{lr} \\leftarrow \\mathrm{lr}' = \\max(\\gamma\\,\\mathrm{lr},
        \\mathrm{lr}_{\\min}) \\text{ if more than } P \\text{ bad epochs and }
        \\mathrm{lr} - \\mathrm{lr}' > \\epsilon

    Args:
        base_lr: the optimizer's lr before any reduction.
        mode: ``"min"`` or ``"max"``.
        factor: the reduction factor, in ``(0, 1)``.
        patience: bad epochs tolerated before a reduction.
        threshold: the least improvement that counts, ``>= 0``.
        threshold_mode: ``"rel"`` or ``"abs"``.
        cooldown: epochs after a reduction during which bad epochs are ignored.
        min_lr: the lr floor, a number (torch's per-group list is not supported).
        eps: a reduction changing the lr by ``eps`` or less is skipped.

    >>> from schedax.presets._torch_plateau import ReduceLROnPlateau
    >>> m = ReduceLROnPlateau(base_lr=0.1, patience=0, min_lr=0.02)
    >>> print(m)
    reduce_on_plateau(patience=0, min_scale=0.02, start=0.1)
    >>> m.trajectory([1.0, 1.0, 1.0, 1.0]).tolist()
    [0.1, 0.02, 0.02, 0.02]
    """
    return _build(
        "ReduceLROnPlateau",
        mode,
        factor,
        patience,
        threshold,
        threshold_mode,
        cooldown,
        min_lr,
        eps,
        "torch",
        base_lr,
        min_name="min_lr",
        start_name="base_lr",
    )
