"""Backend dispatch: one formula, four namespaces.

Every schedule formula is written once, against a small namespace ``xp`` that
offers the array-API names it needs (``cos``, ``where``, ``clip``, ...). Four
namespaces implement them:

* :data:`PY` -- pure Python on ``float``; the fast path for ``s(123)``.
* numpy -- ``numpy`` itself (numpy 2 follows the array API).
* jax -- ``jax.numpy``, imported only when a JAX value arrives.
* torch -- ``torch`` with scalar-friendly wrappers, imported only when a
  tensor arrives.

array-api-compat was the candidate for picking namespaces; it is not used:
the formulas also need Python-scalar arguments everywhere (torch functions
reject them), per-device lookup tables and the static-boundary ``Picker``,
which a compatibility layer does not provide, and detecting a backend by the
type's module imports nothing.

Beside the element-wise functions, a namespace knows how to turn a constant
Python sequence into a lookup table on its device (``table``), how to search
and index such tables (``searchsorted``, ``take``) and how to shape a result
(``finish``).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

Array = Any

INT32_MAX = 2**31 - 1


def is_jax(x: object) -> bool:
    """Whether ``x`` is a JAX array or tracer (checked without importing jax)."""
    module = type(x).__module__
    return module.startswith(("jax", "jaxlib"))


def is_torch(x: object) -> bool:
    """Whether ``x`` is a torch tensor (checked without importing torch)."""
    return type(x).__module__.startswith("torch")


#: up to this many static boundaries, a fusing backend (XLA) selects per-segment
#: values with a chain of ``where`` on the step: one fused kernel, several
#: times faster than a binary search followed by gathers (slow on XLA CPU)
CHAIN_MAX = 128


def _same(a: Any, b: Any) -> bool:
    """Whether ``a`` and ``b`` are the same concrete Python number."""
    return type(a) is type(b) and type(a) in (int, float, bool) and a == b


def _wide(x: Any) -> Any:
    """A Python int past the int32 range as a float (JAX rejects it as an int)."""
    return float(x) if type(x) is int and not -INT32_MAX <= x <= INT32_MAX else x


class Picker:
    """Maps per-segment values to per-element values for steps ``t``.

    Segment ``i`` holds the steps with exactly ``i`` boundaries ``<= t``; a
    picker built for ``K`` boundaries takes sequences of ``K + 1`` values.
    """

    def __init__(self, xp: Backend, bounds: Sequence[Any], t: Array) -> None:
        self.xp, self.bounds, self.t = xp, bounds, t
        self.chain = xp.fuses and len(bounds) <= CHAIN_MAX
        if not self.chain:
            self.index = xp.searchsorted(xp.table(bounds), t)
        elif xp.is_int32(t):
            # int32 steps never reach (sorted) boundaries past INT32_MAX
            self.bounds = [b for b in bounds if b <= INT32_MAX]
        else:
            self.bounds = [_wide(b) for b in bounds]

    def __call__(self, values: Sequence[Any]) -> Array:
        xp = self.xp
        if self.chain:
            t = self.t
            prev = values[0]
            out = _wide(prev)
            for bound, value in zip(self.bounds, values[1:], strict=False):
                if not _same(value, prev):  # no link where the value does not change
                    out = xp.where(t >= bound, _wide(value), out)
                    prev = value
            return out
        return xp.take(xp.table(values), self.index)

    def count(self) -> Array:
        """The segment index itself: the number of boundaries ``<= t``."""
        if self.chain:
            t = self.t
            out: Any = 0
            for bound in self.bounds:
                out = out + (t >= bound)
            return out
        return self.index


class Backend:
    """The namespace a formula is evaluated against."""

    name: str
    scalar: bool
    #: whether element-wise work fuses into one kernel (XLA): evaluating a few
    #: branches everywhere then costs less than cutting a curve into segments
    fuses: bool = False
    pi: float
    cos: Callable[[Any], Any]
    exp: Callable[[Any], Any]
    log: Callable[[Any], Any]
    sqrt: Callable[[Any], Any]
    tanh: Callable[[Any], Any]
    floor: Callable[[Any], Any]
    where: Callable[[Any, Any, Any], Any]
    clip: Callable[[Any, Any, Any], Any]
    minimum: Callable[[Any, Any], Any]
    maximum: Callable[[Any, Any], Any]

    def table(self, values: Sequence[Any]) -> Array:
        """A 1-D lookup table of ``values`` (numbers, or traced JAX scalars)."""
        raise NotImplementedError

    def take(self, table: Array, index: Array) -> Array:
        """``table[index]`` element-wise."""
        raise NotImplementedError

    def searchsorted(self, table: Array, t: Array) -> Array:
        """Number of entries of the sorted ``table`` that are ``<= t``."""
        raise NotImplementedError

    def is_integer(self, t: Array) -> bool:
        """Whether ``t`` holds integers (a Python int or an integer array)."""
        dtype = getattr(t, "dtype", None)
        if dtype is None:
            return isinstance(t, int)
        return str(dtype).replace("torch.", "").startswith(("int", "uint"))

    def floor_div(self, t: Array, n: Any) -> Array:
        """``floor(t / n)`` exactly, for steps ``t >= 0`` and a period ``n > 0``.

        XLA turns ``t / n`` into ``t * (1 / n)``, so a plain ``floor(t / n)`` in
        float32 misses some exact multiples (``floor(47 * (1/47)) == 0``).
        """
        if self.scalar or (self.is_integer(t) and isinstance(n, int)):
            return t // n
        q = self.floor(t / n)
        q = self.where((q + 1) * n <= t, q + 1, q)
        return self.where(q * n > t, q - 1, q)

    def is_int32(self, t: Array) -> bool:
        """Whether ``t`` holds 32-bit integers."""
        return str(getattr(t, "dtype", "")) == "int32"

    def picker(self, bounds: Sequence[Any], t: Array) -> Picker:
        """A :class:`Picker` of the segments that the sorted ``bounds`` cut."""
        return Picker(self, bounds, t)

    def arange(self, start: int, stop: int) -> Array:
        """Integer steps ``start, ..., stop - 1``."""
        raise NotImplementedError

    def concat(self, parts: Sequence[Array]) -> Array:
        """Concatenate 1-D arrays."""
        raise NotImplementedError

    def float_dtype(self, t: Array) -> Any:
        """The floating dtype of a schedule's value at steps ``t``."""
        raise NotImplementedError

    def finish(self, value: Any, t: Array, weak: bool = False) -> Array:
        """Give ``value`` the shape of ``t`` and the floating dtype of the result.

        ``weak``: the schedule's parameters are Python numbers, so under JAX an
        integer step gives a *weakly typed* float, as ``int32_array * 0.5``
        does in JAX (and as optax's schedules do): the value then takes the
        dtype of what it multiplies, e.g. bf16 updates, and
        ``optax.inject_hyperparams`` stores it in the parameters' dtype.
        """
        raise NotImplementedError

    def finish_n(self, value: Any, n: int) -> Array:
        """``value`` as a 1-D array of ``n`` values of integer steps (no template array)."""
        raise NotImplementedError


# --------------------------------------------------------------------- Python


def _where(c: Any, a: Any, b: Any) -> Any:
    return a if c else b


def _clip(x: Any, lo: Any, hi: Any) -> Any:
    return lo if x < lo else (hi if x > hi else x)


def _minimum(a: Any, b: Any) -> Any:
    return a if a <= b else b


def _maximum(a: Any, b: Any) -> Any:
    return a if a >= b else b


class _Python(Backend):
    name = "python"
    scalar = True

    def __init__(self) -> None:
        self.pi = math.pi
        self.cos = math.cos
        self.exp = math.exp
        self.log = math.log
        self.sqrt = math.sqrt
        self.tanh = math.tanh
        self.floor = math.floor
        self.where = _where
        self.clip = _clip
        self.minimum = _minimum
        self.maximum = _maximum

    def table(self, values: Sequence[Any]) -> Array:
        return tuple(values)

    def take(self, table: Array, index: Array) -> Array:
        return table[index]

    def searchsorted(self, table: Array, t: Array) -> Array:
        return bisect.bisect_right(table, t)

    def arange(self, start: int, stop: int) -> Array:
        return range(start, stop)

    def concat(self, parts: Sequence[Array]) -> Array:
        raise TypeError("the Python backend evaluates one step at a time")

    def float_dtype(self, t: Array) -> Any:
        return float

    def finish(self, value: Any, t: Array, weak: bool = False) -> Array:
        return float(value)


PY = _Python()


# ---------------------------------------------------------------------- numpy


def _np_table(values: Sequence[Any]) -> np.ndarray[Any, Any]:
    if values and all(type(v) is bool for v in values):
        return np.asarray(values, dtype=np.bool_)
    if all(type(v) is int for v in values):
        return np.asarray(values, dtype=np.int64)
    return np.asarray(values, dtype=np.float64)


class _Numpy(Backend):
    name = "numpy"
    scalar = False

    def __init__(self) -> None:
        self.pi = math.pi
        self.cos = np.cos
        self.exp = np.exp
        self.log = np.log
        self.sqrt = np.sqrt
        self.tanh = np.tanh
        self.floor = np.floor
        self.where = np.where
        self.clip = np.clip
        self.minimum = np.minimum
        self.maximum = np.maximum

    def table(self, values: Sequence[Any]) -> Array:
        return _np_table(values)

    def take(self, table: Array, index: Array) -> Array:
        return np.take(table, index)

    def searchsorted(self, table: Array, t: Array) -> Array:
        return np.searchsorted(table, t, side="right")

    def arange(self, start: int, stop: int) -> Array:
        return np.arange(start, stop, dtype=np.int64)

    def concat(self, parts: Sequence[Array]) -> Array:
        return np.concatenate(parts)

    def float_dtype(self, t: Array) -> Any:
        dtype = np.asarray(t).dtype
        return dtype if np.issubdtype(dtype, np.floating) else np.dtype(np.float64)

    def finish(self, value: Any, t: Array, weak: bool = False) -> Array:
        t = np.asarray(t)
        out = np.asarray(value, dtype=self.float_dtype(t))
        if out.shape != t.shape:
            out = np.broadcast_to(out, t.shape).copy()
        return out[()] if out.ndim == 0 else out

    def finish_n(self, value: Any, n: int) -> Array:
        out = np.asarray(value, dtype=np.float64)
        if out.shape != (n,):
            out = np.broadcast_to(out, (n,)).copy()
        return out


NUMPY = _Numpy()


# ------------------------------------------------------------------------ jax


class _Jax(Backend):
    name = "jax"
    scalar = False
    fuses = True

    def __init__(self) -> None:
        import jax
        import jax.numpy as jnp

        self._jax = jax
        self._jnp = jnp
        self._weak: Any = None
        try:  # JAX has no public way to mark a value weakly typed
            from jax._src.lax.lax import _convert_element_type

            self._weak = _convert_element_type
        except ImportError:  # pragma: no cover - other JAX versions: strong values
            pass
        self.pi = math.pi
        self.cos = jnp.cos
        self.exp = jnp.exp
        self.log = jnp.log
        self.sqrt = jnp.sqrt
        self.tanh = jnp.tanh
        self.floor = jnp.floor
        self.where = jnp.where
        self.clip = jnp.clip
        self.minimum = jnp.minimum
        self.maximum = jnp.maximum

    def table(self, values: Sequence[Any]) -> Array:
        jnp = self._jnp
        if any(is_jax(v) for v in values):
            return jnp.stack([jnp.asarray(v, dtype=jnp.result_type(float)) for v in values])
        arr = _np_table(values)
        x64 = bool(self._jax.config.read("jax_enable_x64"))  # type: ignore[no-untyped-call]
        if arr.dtype == np.int64 and not x64:
            if arr.size and arr.max() > INT32_MAX:
                if np.all(arr[1:] >= arr[:-1]):
                    # A sorted table of boundaries: int32 steps never reach
                    # the entries past INT32_MAX, so searching without them
                    # gives the same answer.
                    arr = arr[arr <= INT32_MAX]
                else:
                    arr = arr.astype(np.float64)
            if arr.dtype == np.int64:
                arr = arr.astype(np.int32)
        return jnp.asarray(arr)

    def take(self, table: Array, index: Array) -> Array:
        return self._jnp.take(table, index, mode="clip")

    def searchsorted(self, table: Array, t: Array) -> Array:
        # Only reached for tables longer than CHAIN_MAX (shorter ones are
        # picked with where-chains): there a binary search ("scan") is best.
        return self._jnp.searchsorted(table, t, side="right", method="scan")

    def arange(self, start: int, stop: int) -> Array:
        return self._jnp.arange(start, stop)

    def concat(self, parts: Sequence[Array]) -> Array:
        return self._jnp.concatenate(parts)

    def float_dtype(self, t: Array) -> Any:
        jnp = self._jnp
        dtype = jnp.result_type(t)
        if jnp.issubdtype(dtype, jnp.floating):
            return dtype
        return jnp.result_type(float)

    def finish(self, value: Any, t: Array, weak: bool = False) -> Array:
        jnp = self._jnp
        out = jnp.asarray(value, dtype=self.float_dtype(t))
        shape = jnp.shape(t)
        out = out if out.shape == shape else jnp.broadcast_to(out, shape)
        if weak and self._weak is not None and jnp.asarray(t).dtype.kind in "iu":
            out = self._weak(out, out.dtype, weak_type=True)
        return out

    def finish_n(self, value: Any, n: int) -> Array:
        jnp = self._jnp
        out = jnp.asarray(value, dtype=jnp.result_type(float))
        return out if out.shape == (n,) else jnp.broadcast_to(out, (n,))

    def step(self, step: Any) -> Array:
        t = self._jnp.asarray(step)
        if t.dtype.kind not in "iuf":
            raise TypeError(
                f"schedule step must be an int, a float or a numeric array (got dtype {t.dtype})"
            )
        return t


_JAX: _Jax | None = None


def jax_backend() -> _Jax:
    """The JAX namespace (imports jax on first use)."""
    global _JAX
    if _JAX is None:
        _JAX = _Jax()
    return _JAX


# ---------------------------------------------------------------------- torch


class _Torch(Backend):
    """Torch namespace bound to one device and default float dtype."""

    name = "torch"
    scalar = False

    def __init__(self, device: Any) -> None:
        import torch

        self._torch = torch
        self.device = device
        self.pi = math.pi
        self.cos = self._unary(torch.cos, math.cos)
        self.exp = self._unary(torch.exp, math.exp)
        self.log = self._unary(torch.log, math.log)
        self.sqrt = self._unary(torch.sqrt, math.sqrt)
        self.tanh = self._unary(torch.tanh, math.tanh)
        self.floor = self._unary(torch.floor, math.floor)
        self.where = self._where
        self.clip = self._clip
        self.minimum = self._binary(torch.minimum, _minimum)
        self.maximum = self._binary(torch.maximum, _maximum)

    def _unary(self, fn: Callable[[Any], Any], py: Callable[[Any], Any]) -> Callable[[Any], Any]:
        tensor = self._torch.Tensor

        def apply(x: Any) -> Any:
            return fn(x) if isinstance(x, tensor) else py(x)

        return apply

    def _as(self, x: Any, like: Any) -> Any:
        """``x`` as a tensor beside ``like``, promoted as torch promotes ``like`` op ``x``."""
        torch = self._torch
        if isinstance(x, torch.Tensor):
            return x
        return torch.as_tensor(x, dtype=torch.result_type(like, x), device=like.device)

    def _binary(
        self, fn: Callable[[Any, Any], Any], py: Callable[[Any, Any], Any]
    ) -> Callable[[Any, Any], Any]:
        tensor = self._torch.Tensor

        def apply(a: Any, b: Any) -> Any:
            a_t, b_t = isinstance(a, tensor), isinstance(b, tensor)
            if not (a_t or b_t):
                return py(a, b)
            if a_t and b_t:
                if a.dtype != b.dtype:
                    dtype = self._torch.promote_types(a.dtype, b.dtype)
                    a, b = a.to(dtype), b.to(dtype)
                return fn(a, b)
            if a_t:
                b = self._as(b, a)
            else:
                a = self._as(a, b)
            if a.dtype != b.dtype:
                dtype = self._torch.promote_types(a.dtype, b.dtype)
                a, b = a.to(dtype), b.to(dtype)
            return fn(a, b)

        return apply

    def _where(self, c: Any, a: Any, b: Any) -> Any:
        torch = self._torch
        if not isinstance(c, torch.Tensor):
            return a if c else b
        if isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and a.dtype != b.dtype:
            dtype = torch.promote_types(a.dtype, b.dtype)
            a, b = a.to(dtype), b.to(dtype)
        return torch.where(c, a, b)

    def _clip(self, x: Any, lo: Any, hi: Any) -> Any:
        return self.minimum(self.maximum(x, lo), hi)

    def table(self, values: Sequence[Any]) -> Array:
        arr = _np_table(values)
        torch = self._torch
        dtype = {np.dtype(np.int64): torch.int64, np.dtype(np.bool_): torch.bool}.get(
            arr.dtype, torch.get_default_dtype()
        )
        return self._torch.as_tensor(arr, dtype=dtype, device=self.device)

    def take(self, table: Array, index: Array) -> Array:
        index = (
            self._as(index, table).long() if not isinstance(index, self._torch.Tensor) else index
        )
        return table[index.long()]

    def searchsorted(self, table: Array, t: Array) -> Array:
        torch = self._torch
        t = self._as(t, table)
        if t.dtype != table.dtype:
            dtype = torch.promote_types(t.dtype, table.dtype)
            t, table = t.to(dtype), table.to(dtype)
        return torch.searchsorted(table, t.contiguous(), right=True)

    def arange(self, start: int, stop: int) -> Array:
        return self._torch.arange(start, stop, device=self.device)

    def concat(self, parts: Sequence[Array]) -> Array:
        return self._torch.cat(list(parts))

    def float_dtype(self, t: Array) -> Any:
        if isinstance(t, self._torch.Tensor) and t.is_floating_point():
            return t.dtype
        return self._torch.get_default_dtype()

    def finish(self, value: Any, t: Array, weak: bool = False) -> Array:
        torch = self._torch
        out = torch.as_tensor(value, dtype=self.float_dtype(t), device=t.device)
        return out if out.shape == t.shape else out.expand(t.shape).clone()

    def finish_n(self, value: Any, n: int) -> Array:
        torch = self._torch
        out = torch.as_tensor(value, dtype=torch.get_default_dtype(), device=self.device)
        return out if out.shape == (n,) else out.expand(n).clone()


def torch_backend(device: Any = "cpu") -> _Torch:
    """The torch namespace for ``device`` (imports torch on first use)."""
    return _Torch(device)


def backend_named(name: str) -> Backend:
    """The array backend called ``name`` (``numpy``, ``jax`` or ``torch``)."""
    if name == "numpy":
        return NUMPY
    if name == "jax":
        return jax_backend()
    if name == "torch":
        return torch_backend()
    raise ValueError(f"backend must be 'numpy', 'jax' or 'torch' (got {name!r})")


def prepare(step: Any, traced_params: bool) -> tuple[Backend, Array]:
    """Pick the backend for ``step`` and convert it to that backend's array."""
    if traced_params or is_jax(step):
        jb = jax_backend()
        if is_torch(step):
            raise TypeError("a schedule with JAX parameters cannot take a torch tensor step")
        return jb, jb.step(step)
    if is_torch(step):
        if str(step.dtype) == "torch.bool":
            raise TypeError("schedule step must be a number or a numeric array (got bool)")
        if not step.is_floating_point():
            step = step.long()  # 64-bit integer steps: local times never wrap
        return torch_backend(step.device), step
    t = np.asarray(step)
    if t.dtype.kind not in "iuf":
        raise TypeError(
            "schedule step must be an int, a float or a numeric array "
            f"(got {type(step).__name__} with dtype {t.dtype})"
        )
    if t.dtype.kind in "iu" and t.dtype != np.int64:
        t = t.astype(np.int64)  # 64-bit integer steps: local times never wrap
    return NUMPY, t
