"""Shared test configuration: hypothesis profiles and backend fixtures."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# JAX compiles on first use of a shape: no per-example deadline. CI runs the
# same number of examples as a developer, so a green local run means green CI.
settings.register_profile(
    "schedax",
    max_examples=int(os.environ.get("SCHEDAX_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile("schedax")
