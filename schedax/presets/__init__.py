"""Peer presets: other libraries' schedules reproduced exactly as schedax schedules.

Each submodule mirrors one library, with that library's own names and keywords,
and returns ordinary schedules built from the public algebra, so that ``repr``
shows what runs and the result composes like any other schedule:

* :mod:`schedax.presets.torch` -- every class of ``torch.optim.lr_scheduler``.
* :mod:`schedax.presets.optax` -- every schedule of ``optax.schedules``.
* :mod:`schedax.presets.transformers` -- every ``SchedulerType`` of Hugging Face
  ``transformers.get_scheduler`` (as factors, or lrs with ``base_lr=``).
* :mod:`schedax.presets.timm` -- timm's ``CosineLRScheduler``,
  ``TanhLRScheduler``, ``StepLRScheduler``, ``MultiStepLRScheduler`` and
  ``PolyLRScheduler`` (per-update semantics).
* :mod:`schedax.presets.keras` -- Keras' ``keras.optimizers.schedules``.

Presets only *build* schedules: importing them never imports the library they
mirror (``schedax.presets.torch`` does not import torch, ``.keras`` not Keras).
"""
