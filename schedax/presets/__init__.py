"""Peer presets: other libraries' schedules reproduced exactly as schedax schedules.

Each submodule mirrors one library, with that library's own names and keywords,
and returns ordinary schedules built from the public algebra, so that ``repr``
shows what runs and the result composes like any other schedule:

* :mod:`schedax.presets.torch` -- every class of ``torch.optim.lr_scheduler``.

Presets only *build* schedules: importing them never imports the library they
mirror (``schedax.presets.torch`` does not import torch).
"""
