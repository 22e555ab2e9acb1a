"""Drive a ``torch.optim`` optimizer from schedax schedules: :class:`ScheduleLR`.

``ScheduleLR`` is a ``torch.optim.lr_scheduler.LRScheduler``, so PyTorch
Lightning, the Hugging Face ``Trainer`` (``optimizers=(optimizer, scheduler)``)
and any torch loop accept it. It only counts steps and writes values: after
construction every scheduled param group holds ``schedule(0)``, and after
``k`` calls of ``step()`` it holds ``schedule(k)``::

    >>> import torch
    >>> import schedax as sx
    >>> from schedax.adapters.torch import ScheduleLR
    >>> model = torch.nn.Linear(2, 1)
    >>> opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    >>> s = sx.warmup(sx.cosine(0.1, 0.001, 90), 10)
    >>> sched = ScheduleLR(opt, s, momentum=sx.linear(0.95, 0.85, 100))
    >>> for _ in range(10):
    ...     opt.step()
    ...     sched.step()
    >>> sched.get_last_lr() == [s(10)], opt.param_groups[0]["momentum"]
    (True, 0.94)

Importing this module imports torch; ``import schedax`` never does.
"""

from __future__ import annotations

import hashlib
import re
import warnings
import weakref
from collections.abc import Mapping, Sequence
from typing import Any, cast

import numpy as np
import torch
from torch.optim import Optimizer
from torch.optim.lr_scheduler import LRScheduler

from .. import _validate as v
from ..schedules._base import Schedule, lift
from ..schedules._plateau import PlateauState, ReduceOnPlateau

__all__ = ["ScheduleLR"]

_FN = "ScheduleLR"
_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?$")
_STATE_VERSION = 1

# One schedule spec: a schedule or number for every group, a sequence with one
# entry per group (None: leave that group alone), or a mapping from group index
# or group ``"name"`` to a schedule.
Spec = Schedule | float | Sequence[Schedule | float | None] | Mapping[int | str, Schedule | float]


class _Track:
    """One scheduled number: ``group[key]`` or ``group[key][index]``."""

    __slots__ = ("base", "group", "index", "key", "name", "schedule", "table")

    def __init__(self, name: str, key: str, index: int | None, group: int, schedule: Schedule):
        self.name = name  # as the user wrote it: "lr", "momentum", "betas[0]"
        self.key = key
        self.index = index
        self.group = group
        self.schedule = schedule
        self.base = 1.0  # factor mode: the group's value at construction
        self.table: list[float] = []  # the current block; updated in place

    def read(self, groups: list[dict[str, Any]]) -> Any:
        value = groups[self.group][self.key]
        return value if self.index is None else value[self.index]


def _number(x: object) -> float | None:
    """``x`` as a float if it is a real number or a one-element tensor."""
    if isinstance(x, bool):
        return None
    if isinstance(x, int | float):
        return float(x)
    if isinstance(x, torch.Tensor) and x.numel() == 1 and x.is_floating_point():
        return float(x.item())
    return None


class ScheduleLR(LRScheduler):
    """An ``LRScheduler`` that writes schedax schedules into param groups.

    After construction every scheduled value holds ``schedule(step)``; each
    call of :meth:`step` adds one to the step and writes the next values. In
    factor mode (``factor=True``, torch ``LambdaLR``'s convention) each group
    gets ``initial * schedule(k)`` instead, where ``initial`` is the group's
    value at construction (``initial_lr`` for the lr, as torch records it).

    .. math::
        \\text{absolute: } h_g(k) = s_g(k)
        \\qquad
        \\text{factor: } h_g(k) = h_g^{(0)}\\, s_g(k)
        \\qquad
        \\text{with a plateau machine: } \\mathrm{lr}_g(k) = h_g(k)\\, m

    Args:
        optimizer: the ``torch.optim.Optimizer`` whose param groups are written.
        schedule: the learning-rate schedule(s): a schedule or number for every
            group; a list with one entry per group (``None`` leaves a group's
            lr alone); or a mapping from group index, or from a group's
            ``"name"`` entry, to a schedule (unlisted groups are left alone).
            ``None`` schedules no lr.
        factor: multiply each group's initial value by the schedule instead of
            writing the schedule's value.
        momentum: schedule(s) for the momentum, in the same forms. Written to
            ``momentum`` where the group has one (SGD, RMSprop) and otherwise to
            ``betas[0]`` (Adam and friends), as torch's ``OneCycleLR`` does.
        weight_decay: schedule(s) for ``weight_decay``.
        hyperparams: schedules for any other numeric entry of the param groups,
            keyed by entry name, or ``name[i]`` for one element of a tuple
            entry, e.g. ``{"betas[1]": s, "eps": e}``.
        plateau: a :func:`schedax.reduce_on_plateau` machine. ``step(metric)``
            feeds it the metric, and its value multiplies every lr written
            (the other hyperparameters are not scaled).
        step: the step to start at: the groups hold ``schedule(step)`` after
            construction. Resuming from a step number alone is
            ``ScheduleLR(optimizer, schedule, step=k)``.
        block: values are computed this many steps at a time with numpy (one
            vectorised evaluation, then one list lookup per step), which keeps
            :meth:`step` within a few hundred nanoseconds whatever the
            schedule costs. The values are those of ``schedule`` on an int64
            numpy step array; ``block=1`` evaluates ``schedule(k)`` on a
            Python int every step instead (the two agree to the last bit for
            everything but ``tanh`` and a few compositions, which may differ
            by one unit in the last place).

    Tensor-valued hyperparameters (``lr=torch.tensor(...)``, used by
    capturable and ``torch.compile``-d optimizers) are updated in place with
    ``fill_``, so a compiled optimizer step is not recompiled when they
    change. :meth:`state_dict` holds the step, the plateau state, the factor
    bases and a fingerprint of the schedules; :meth:`load_state_dict` resumes
    exactly and refuses a checkpoint made with other schedules.

    Every rank of a distributed run computes the same values from the same
    step, without communication.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        schedule: Spec | None = None,
        *,
        factor: bool = False,
        momentum: Spec | None = None,
        weight_decay: Spec | None = None,
        hyperparams: Mapping[str, Spec] | None = None,
        plateau: ReduceOnPlateau | None = None,
        step: int = 0,
        block: int = 4096,
    ) -> None:
        if not isinstance(optimizer, Optimizer):
            v.fail(_FN, "optimizer", "a torch.optim.Optimizer", type(optimizer).__name__, TypeError)
        if not isinstance(factor, bool):
            v.fail(_FN, "factor", "True or False", factor, TypeError)
        if plateau is not None and not isinstance(plateau, ReduceOnPlateau):
            v.fail(_FN, "plateau", "a schedax.reduce_on_plateau(...) machine", plateau, TypeError)
        start = v.integer(_FN, "step", step)
        self._block = v.integer(_FN, "block", block, minimum=1)
        groups = optimizer.param_groups
        # (parameter named in errors, group entry, spec)
        specs: list[tuple[str, str, Spec]] = []
        if schedule is not None:
            specs.append(("schedule", "lr", schedule))
        if momentum is not None:
            specs.append(("momentum", "momentum", momentum))
        if weight_decay is not None:
            specs.append(("weight_decay", "weight_decay", weight_decay))
        if hyperparams is not None:
            if not isinstance(hyperparams, Mapping):
                v.fail(_FN, "hyperparams", "a mapping from entry name to schedule", hyperparams)
            for name, spec in hyperparams.items():
                if not isinstance(name, str):
                    v.fail(_FN, "hyperparams", "keyed by entry names (str)", name, TypeError)
                specs.append((f"hyperparams[{name!r}]", name, spec))
        self.factor = factor
        self.plateau = plateau
        self.plateau_state: PlateauState | None = None if plateau is None else plateau.init()
        self._tracks: list[_Track] = []
        seen: set[tuple[str, int | None, int]] = set()
        for param, name, spec in specs:
            for gi, sched in _per_group(param, spec, groups):
                key, index = _target(name, gi, groups[gi])
                if (key, index, gi) in seen:
                    raise ValueError(
                        f"{_FN}: param group {gi} entry {name!r} is scheduled twice "
                        "(momentum= writes betas[0] on Adam-style optimizers)"
                    )
                seen.add((key, index, gi))
                self._tracks.append(_Track(name, key, index, gi, sched))
        if not self._tracks:
            raise ValueError(
                f"{_FN}: nothing to schedule: pass 'schedule' or another hyperparameter"
            )
        # torch's convention: ``initial_lr`` is the lr when the first scheduler
        # was built; a resumed optimizer state brings its own.
        for group in groups:
            lr = group["lr"]
            group.setdefault("initial_lr", lr.clone() if isinstance(lr, torch.Tensor) else lr)
        for t in self._tracks:
            initial = groups[t.group]["initial_lr"] if t.key == "lr" else t.read(groups)
            t.base = cast(float, _number(initial))
        self._fingerprint = _fingerprint(self._tracks, factor, plateau)
        # One table of values per schedule (and per plateau scaling): groups that
        # share a schedule share its table; factor bases are applied when writing.
        self._tables: dict[tuple[Schedule, bool], list[float]] = {}
        for t in self._tracks:
            scaled = plateau is not None and t.key == "lr" and t.index is None
            t.table = self._tables.setdefault((t.schedule, scaled), [])
        self._start = start
        self._block_start = 0
        self._block_size = 0  # empty: the first write fills a block
        self._next = min(256, self._block)
        super().__init__(optimizer)
        # Optimizer.load_state_dict builds new param group dicts: write to those
        ref = weakref.ref(self)

        def rebind(optimizer: Optimizer) -> None:
            sched = ref()
            if sched is not None:
                sched._bind()

        self._hook = optimizer.register_load_state_dict_post_hook(rebind)

    # ------------------------------------------------------------ the loop

    def _initial_step(self) -> None:
        # Called by LRScheduler.__init__: write the values of the start step.
        self._step_count = 1
        self.last_epoch = self._start
        self._write(self._start)

    def step(self, metric: Any = None) -> None:
        """Advance one step and write the values of the new step.

        Args:
            metric: with a plateau machine, the metric to feed it first (its
                new value then scales the lr of the new step). ``None``
                (default) advances without a metric.

        Call it after ``optimizer.step()``, as every torch scheduler.
        """
        if metric is not None:
            self._observe(metric)
        if self._step_count == 1:
            self._check_order()
        self._step_count += 1
        k = self.last_epoch + 1
        self.last_epoch = k
        i = k - self._block_start
        if i >= self._block_size or i < 0:
            i = self._fill(k)
        self._writer(i)

    def _write(self, k: int) -> None:
        """Write the values of step ``k`` (from a fresh block)."""
        self._bind()
        self._writer(self._fill(k))

    def _fill(self, k: int) -> int:
        """Compute the values of the block of steps from ``k``; the index of ``k``.

        Blocks grow from 256 steps to ``block``, so that construction stays
        cheap and a long run pays for numpy's per-call overhead rarely.
        """
        n = self._next
        self._next = min(2 * n, self._block)
        steps = np.arange(k, k + n, dtype=np.int64)
        scale = 1.0 if self.plateau_state is None else float(self.plateau_state.scale)
        for (schedule, scaled), table in self._tables.items():
            if n == 1:
                column: Any = np.array([schedule(k)], dtype=np.float64)
            else:
                column = np.broadcast_to(np.asarray(schedule(steps), np.float64), (n,))
            if scaled and scale != 1.0:
                column = column * scale
            table[:] = column.tolist()  # in place: the writer holds these lists
        self._block_start, self._block_size = k, n
        return 0

    def _bind(self, *_: Any) -> None:
        """Compile the writer of the current param group dicts.

        The writer is straight-line code, one statement per scheduled value
        (``group[key] = table[i]``, ``tensor.fill_(table[i])`` or a rebuilt
        tuple for ``betas[0]``), with every object a closure variable: no
        loop, no attribute lookups. Only the statements are generated; keys,
        groups and tables are passed as values. Rebuilt when the optimizer
        loads a state dict, which replaces its param group dicts.
        """
        groups = self.optimizer.param_groups
        lines: list[str] = []
        names: list[str] = []
        objects: list[Any] = []
        for j, t in enumerate(self._tracks):
            if t.group >= len(groups):
                raise RuntimeError(
                    f"{_FN}: the optimizer has {len(groups)} param groups now; "
                    f"param group {t.group} was scheduled"
                )
            value = f"t{j}[i]"
            names.append(f"t{j}")
            objects.append(t.table)
            if self.factor and t.base != 1.0:
                value = f"b{j} * t{j}[i]"  # the same IEEE product numpy would give
                names.append(f"b{j}")
                objects.append(t.base)
            current = t.read(groups)
            if isinstance(current, torch.Tensor):
                lines.append(f"o{j}.fill_({value})")
                names.append(f"o{j}")
                objects.append(current)
            elif t.index is None:
                lines.append(f"o{j}[k{j}] = {value}")
                names += [f"o{j}", f"k{j}"]
                objects += [groups[t.group], t.key]
            else:
                a, b = t.index, t.index + 1
                lines.append(f"o{j}[k{j}] = (*o{j}[k{j}][:{a}], {value}, *o{j}[k{j}][{b}:])")
                names += [f"o{j}", f"k{j}"]
                objects += [groups[t.group], t.key]
        body = "".join(f"        {line}\n" for line in lines)
        source = f"def make({', '.join(names)}):\n    def write(i):\n{body}    return write\n"
        namespace: dict[str, Any] = {}
        exec(compile(source, f"<{_FN} writer>", "exec"), namespace)
        self._writer = namespace["make"](*objects)

    def _observe(self, metric: Any) -> None:
        if self.plateau is None or self.plateau_state is None:
            raise TypeError(
                f"{_FN}.step: got a metric ({metric!r}) but this scheduler has no plateau "
                "machine; pass plateau=sx.reduce_on_plateau(...) at construction (to jump "
                "to a step, build ScheduleLR(..., step=k) or load a state_dict)"
            )
        value = _number(metric)
        if value is None:
            raise TypeError(f"{_FN}.step: 'metric' must be a real number (got {metric!r})")
        old = self.plateau_state.scale
        self.plateau_state = self.plateau.update(self.plateau_state, value)
        if self.plateau_state.scale != old:
            self._block_size = 0  # the lr tables hold the old scale

    def _check_order(self) -> None:
        # torch's warnings for a scheduler stepped before its optimizer.
        opt_step = self.optimizer.step
        if not hasattr(opt_step, "_wrapped_by_lr_sched"):
            warnings.warn(
                "Seems like `optimizer.step()` has been overridden after learning rate "
                "scheduler initialization. Please, make sure to call `optimizer.step()` "
                "before `lr_scheduler.step()`.",
                UserWarning,
                stacklevel=3,
            )
        elif not getattr(self.optimizer, "_opt_called", False):
            warnings.warn(
                "Detected call of `lr_scheduler.step()` before `optimizer.step()`: call "
                "them in the opposite order, or the first value of the schedule is skipped.",
                UserWarning,
                stacklevel=3,
            )

    # ------------------------------------------------------------ reading

    @property
    def step_count(self) -> int:
        """The current step ``k``: the groups hold ``schedule(k)``."""
        return self.last_epoch

    @property
    def schedules(self) -> dict[str, list[Schedule | None]]:
        """The schedule of each entry, per param group (``None``: not scheduled)."""
        out: dict[str, list[Schedule | None]] = {}
        n = len(self.optimizer.param_groups)
        for t in self._tracks:
            out.setdefault(t.name, [None] * n)[t.group] = t.schedule
        return out

    def get_lr(self) -> list[float | torch.Tensor]:
        """The lr of every param group at the current step (as written)."""
        return self.get_last_lr()

    def get_last_lr(self) -> list[float | torch.Tensor]:
        """The current lr of every param group (copies of tensor lrs)."""
        return [
            g["lr"].clone() if isinstance(g["lr"], torch.Tensor) else g["lr"]
            for g in self.optimizer.param_groups
        ]

    def values(self) -> dict[str, list[float | None]]:
        """Every scheduled entry's current value, per param group.

        >>> import torch, schedax as sx
        >>> from schedax.adapters.torch import ScheduleLR
        >>> opt = torch.optim.AdamW(torch.nn.Linear(1, 1).parameters())
        >>> ScheduleLR(opt, 0.5, momentum=0.9, weight_decay=0.01).values()
        {'lr': [0.5], 'momentum': [0.9], 'weight_decay': [0.01]}
        """
        groups = self.optimizer.param_groups
        out: dict[str, list[float | None]] = {}
        for t in self._tracks:
            out.setdefault(t.name, [None] * len(groups))[t.group] = _number(t.read(groups))
        return out

    # --------------------------------------------------------- checkpoints

    def state_dict(self) -> dict[str, Any]:
        """The step, the plateau state, the factor bases and a schedule fingerprint.

        The schedules themselves are code, not state: build the same
        ``ScheduleLR`` and call :meth:`load_state_dict` to resume.
        """
        return {
            "version": _STATE_VERSION,
            "step": self.last_epoch,
            "fingerprint": self._fingerprint,
            "schedules": _summary(self._tracks, self.factor, self.plateau),
            "bases": [t.base for t in self._tracks],
            "plateau_state": None if self.plateau_state is None else list(self.plateau_state),
            "_step_count": self._step_count,
        }

    def load_state_dict(self, state_dict: dict[str, Any], check_schedule: bool = True) -> None:
        """Resume from :meth:`state_dict`: the groups hold the values of its step.

        Args:
            state_dict: what :meth:`state_dict` returned (possibly through
                ``torch.save``/``torch.load``).
            check_schedule: refuse a checkpoint whose schedules differ from
                this scheduler's (default). ``False`` resumes at its step with
                this scheduler's schedules.

        Raises:
            ValueError: the checkpoint was made with other schedules, another
                factor mode or another plateau machine, or is not a
                ``ScheduleLR`` state.
        """
        if not isinstance(state_dict, Mapping) or "step" not in state_dict:
            raise ValueError(
                f"{_FN}.load_state_dict: not a ScheduleLR state_dict "
                f"(keys: {sorted(state_dict) if isinstance(state_dict, Mapping) else state_dict!r})"
            )
        k = v.integer(f"{_FN}.load_state_dict", "step", state_dict["step"])
        if check_schedule and state_dict.get("fingerprint") != self._fingerprint:
            raise ValueError(
                f"{_FN}.load_state_dict: the checkpoint (step {k}) was made with other "
                f"schedules.\n  checkpoint: {state_dict.get('schedules')}\n"
                f"  this scheduler: {_summary(self._tracks, self.factor, self.plateau)}\n"
                "Build the scheduler with the checkpoint's schedules, or pass "
                "check_schedule=False to continue at that step with these ones."
            )
        bases = state_dict.get("bases")
        if check_schedule and isinstance(bases, list) and len(bases) == len(self._tracks):
            for t, b in zip(self._tracks, bases, strict=True):
                t.base = float(b)
        saved = state_dict.get("plateau_state")
        if self.plateau is not None and saved is not None:
            best, bad, cooldown, scale = saved
            self.plateau_state = PlateauState(float(best), int(bad), int(cooldown), float(scale))
        self._step_count = int(state_dict.get("_step_count", 1))
        self.last_epoch = k
        self._write(k)


def _per_group(name: str, spec: Spec, groups: list[dict[str, Any]]) -> list[tuple[int, Schedule]]:
    """``(group index, schedule)`` for every group that ``spec`` schedules."""
    n = len(groups)
    if isinstance(spec, Schedule) or (isinstance(spec, int | float) and not isinstance(spec, bool)):
        return [(gi, _schedule(name, spec)) for gi in range(n)]
    if isinstance(spec, Mapping):
        names: dict[str, int] = {
            g["name"]: gi for gi, g in enumerate(groups) if isinstance(g.get("name"), str)
        }
        out = []
        for key, item in spec.items():
            if isinstance(key, bool) or not isinstance(key, int | str):
                v.fail(_FN, name, "keyed by group index (int) or group name (str)", key, TypeError)
            if isinstance(key, str):
                if key not in names:
                    raise ValueError(
                        f"{_FN}: {name!r} names param group {key!r}, but the group names "
                        f"are {sorted(names)} (set a group's 'name' entry to refer to it)"
                    )
                gi = names[key]
            else:
                if not 0 <= key < n:
                    raise ValueError(
                        f"{_FN}: {name!r} schedules param group {key}, but the optimizer "
                        f"has {n} param group(s)"
                    )
                gi = key
            out.append((gi, _schedule(name, item)))
        return sorted(out, key=lambda p: p[0])
    if isinstance(spec, list | tuple):
        if len(spec) != n:
            raise ValueError(
                f"{_FN}: {name!r} has {len(spec)} entries but the optimizer has {n} param "
                "group(s): give one per group (None leaves a group alone)"
            )
        return [(gi, _schedule(name, item)) for gi, item in enumerate(spec) if item is not None]
    raise TypeError(
        f"{_FN}: {name!r} must be a schedule, a number, a list with one per param group "
        f"or a mapping from group index or name (got {spec!r})"
    )


def _schedule(name: str, x: object) -> Schedule:
    s = lift(_FN, name, x)
    if s._jax:
        v.fail(_FN, name, "a schedule of concrete numbers (not JAX values)", s, TypeError)
    return s


def _target(name: str, gi: int, group: dict[str, Any]) -> tuple[str, int | None]:
    """The group entry (and tuple index) that ``name`` writes."""
    if name == "momentum" and "momentum" not in group and "betas" in group:
        name = "betas[0]"
    m = _KEY.match(name)
    if m is None or name == "params":
        v.fail(_FN, "hyperparams", "keyed by an entry name or 'name[i]'", name)
    key, index = m.group(1), None if m.group(2) is None else int(m.group(2))
    if key not in group:
        hint = ""
        if name == "momentum":
            hint = " (the optimizer has neither 'momentum' nor 'betas')"
        raise ValueError(
            f"{_FN}: param group {gi} has no {key!r} entry to schedule{hint}; "
            f"its entries are {sorted(k for k in group if k != 'params')}"
        )
    value = group[key]
    if index is not None:
        if not isinstance(value, tuple | list) or index >= len(value):
            raise ValueError(
                f"{_FN}: {name!r}: param group {gi} entry {key!r} is {value!r}, which has "
                f"no element {index}"
            )
        value = value[index]
    if _number(value) is None:
        raise TypeError(
            f"{_FN}: {name!r}: param group {gi} holds {value!r}, not a number or a "
            "one-element float tensor"
        )
    return key, index


def _summary(tracks: list[_Track], factor: bool, plateau: ReduceOnPlateau | None) -> str:
    """A readable account of what is scheduled (shown when checkpoints differ)."""
    parts = [f"{t.name}[group {t.group}] = {t.schedule!r}" for t in tracks]
    text = "; ".join(parts)
    if len(text) > 400:
        text = text[:397] + "..."
    extra = (", factor" if factor else "") + ("" if plateau is None else f", {plateau!r}")
    return text + extra


def _fingerprint(tracks: list[_Track], factor: bool, plateau: ReduceOnPlateau | None) -> str:
    """A digest of the schedules (their ``repr``, which rebuilds them), mode and plateau."""
    h = hashlib.sha256()
    h.update(repr((factor, repr(plateau))).encode())
    for t in tracks:
        h.update(repr((t.name, t.group, repr(t.schedule))).encode())
    return h.hexdigest()[:16]
