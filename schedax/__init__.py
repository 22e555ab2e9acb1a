"""schedax: training schedules as a small algebra of pure functions.

>>> import schedax as sx
>>> lr = sx.warmup(sx.cosine(1e-3, 1e-5, 99_000), 1_000)
>>> print(f"{lr(0):.1e} {lr(1_000):.1e} {lr(100_000):.1e}")
0.0e+00 1.0e-03 1.0e-05

Importing schedax imports numpy only: JAX, torch, optax and matplotlib are
imported when a value of theirs arrives.
"""

from ._plot import plot as plot
from .schedules import Schedule as Schedule
from .schedules import add as add
from .schedules import clip as clip
from .schedules import constant as constant
from .schedules import cosine as cosine
from .schedules import cycle as cycle
from .schedules import divide as divide
from .schedules import exponential as exponential
from .schedules import from_dict as from_dict
from .schedules import from_fn as from_fn
from .schedules import inverse_sqrt as inverse_sqrt
from .schedules import inverse_time as inverse_time
from .schedules import join as join
from .schedules import linear as linear
from .schedules import maximum as maximum
from .schedules import minimum as minimum
from .schedules import multiplicative as multiplicative
from .schedules import multiply as multiply
from .schedules import multistep as multistep
from .schedules import one_cycle as one_cycle
from .schedules import piecewise as piecewise
from .schedules import polynomial as polynomial
from .schedules import reduce_on_plateau as reduce_on_plateau
from .schedules import shift as shift
from .schedules import sqrt_decay as sqrt_decay
from .schedules import step_decay as step_decay
from .schedules import stretch as stretch
from .schedules import tanh as tanh
from .schedules import triangular as triangular
from .schedules import warmup as warmup
from .schedules import wsd as wsd

__version__ = "0.1.0"

__all__ = [
    # the type and serialisation
    "Schedule",
    "from_dict",
    # primitives
    "constant",
    "linear",
    "cosine",
    "polynomial",
    "sqrt_decay",
    "exponential",
    "step_decay",
    "multistep",
    "inverse_sqrt",
    "inverse_time",
    "tanh",
    "from_fn",
    "multiplicative",
    # recipes
    "wsd",
    "one_cycle",
    "triangular",
    # combinators
    "join",
    "warmup",
    "cycle",
    "multiply",
    "add",
    "divide",
    "piecewise",
    "minimum",
    "maximum",
    "clip",
    "shift",
    "stretch",
    # metric-driven: a state machine, not a schedule
    "reduce_on_plateau",
    # seeing a schedule (matplotlib, imported when drawing)
    "plot",
]
