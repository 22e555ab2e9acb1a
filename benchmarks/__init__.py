"""schedax benchmarks: schedax against optax and hand-written numpy / jnp / Python.

Run ``python -m benchmarks`` (``make bench``); see ``python -m benchmarks --help``.
Modules: :mod:`benchmarks._harness` (side-by-side timing), :mod:`benchmarks.cases`
(what is compared), :mod:`benchmarks._report` (the markdown table),
:mod:`benchmarks.cli` (options and the suite). Importing this package imports
nothing heavy, so that ``__main__`` can pin threads before JAX starts.
"""
