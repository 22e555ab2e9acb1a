"""Small helpers shared by the peer presets (built from the public algebra only)."""

from __future__ import annotations

import schedax as sx

#: Unbounded growth (a decay rate above 1) stops at ``start * GROWTH_CAP``: the
#: peers overflow to ``inf`` somewhat later, schedax never returns ``inf``.
GROWTH_CAP = 1e300


def power(start: float, rate: float, every: int = 1, staircase: bool = False) -> sx.Schedule:
    """``start * rate ** (t / every)`` (floored when ``staircase``) for any ``rate >= 0``.

    ``rate > 1`` grows until ``|value|`` reaches ``GROWTH_CAP * |start|``;
    ``rate == 0`` is ``start`` before the first decay (``0 ** 0 == 1``), then 0.
    """
    if start == 0.0 or rate == 1.0:
        return sx.constant(start)
    if rate == 0.0:
        return sx.piecewise([every if staircase else 1], [start, 0.0])
    if rate > 1.0:
        return sx.exponential(start, rate, every, staircase, end=start * GROWTH_CAP)
    return sx.exponential(start, rate, every, staircase)
