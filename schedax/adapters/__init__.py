"""Adapters that drive training loops from schedax schedules.

A schedax schedule is already a valid optax schedule: pass it as
``optax.adam(learning_rate=s)``. The torch ``ScheduleLR`` and the optax
helpers are built on top of the algebra, never beside it: adapters only count
steps and write values.
"""
