"""Adapters that drive training loops from schedax schedules.

* :mod:`schedax.adapters.torch` -- ``ScheduleLR``, a
  ``torch.optim.lr_scheduler.LRScheduler`` that writes schedules into param
  groups (lr, momentum / ``betas[0]``, weight decay, any numeric entry).
* :mod:`schedax.adapters.optax` -- ``inject``, ``per_group``,
  ``reduce_on_plateau`` and ``hyperparams`` around ``optax.inject_hyperparams``.

A schedax schedule is already a valid optax schedule: pass it as
``optax.adam(learning_rate=s)``. Adapters are built on top of the algebra,
never beside it: they only count steps and write values. Importing this
package imports neither torch nor optax; each submodule imports its library.
"""
