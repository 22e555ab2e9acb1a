"""schedax schedules inside optax, and the ``schedax.adapters.optax`` helpers."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schedax as sx

from . import strategies as sts

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
import jax.numpy as jnp  # noqa: E402

from schedax.adapters.optax import (  # noqa: E402
    PlateauScaleState,
    hyperparams,
    inject,
    per_group,
    reduce_on_plateau,
)

LR = sx.warmup(sx.cosine(1e-2, 1e-4, 40), 10)
INT32_MAX = 2**31 - 1


def f32(x: float) -> float:
    return float(np.float32(x))


def train(tx: Any, params: Any, grads: Any, n: int, **extra: Any) -> tuple[list[Any], Any, Any]:
    """``n`` jitted updates; the updates of each, the final params and state, the jit."""
    state = tx.init(params)

    @jax.jit
    def step(params: Any, state: Any) -> Any:
        updates, state = tx.update(grads, state, params, **extra)
        return optax.apply_updates(params, updates), updates, state

    seen = []
    for _ in range(n):
        params, updates, state = step(params, state)
        seen.append(updates)
    return seen, (params, state), step


# ------------------------------------------------- a schedule is an optax schedule


@pytest.mark.parametrize("name", ["sgd", "adam", "adamw"])
@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_schedule_as_learning_rate_under_jit(name, dtype):
    dtype = jnp.dtype(dtype)
    params = {"w": jnp.linspace(-1.0, 1.0, 5, dtype=dtype), "b": jnp.ones((), dtype)}
    grads = jax.tree.map(lambda p: (p * 0.5 + 0.25).astype(dtype), params)
    factory = getattr(optax, name)
    kw = {"weight_decay": 0.0} if name == "adamw" else {}
    ours, (final, _), step = train(factory(LR, **kw), params, grads, 30)
    unit, _, _ = train(factory(1.0, **kw), params, grads, 30)
    for k, (u, one) in enumerate(zip(ours, unit, strict=True)):
        for leaf, ref in zip(jax.tree.leaves(u), jax.tree.leaves(one), strict=True):
            assert leaf.dtype == dtype  # bf16 updates for bf16 params
            # optax multiplies the unit-lr update by the lr cast to the update dtype
            lr = np.asarray(np.float32(LR(k))).astype(dtype)
            expected = (ref.astype(np.float32) * np.float32(lr)).astype(dtype)
            np.testing.assert_allclose(
                np.asarray(leaf, np.float32), np.asarray(expected, np.float32), rtol=1e-2
            )
    assert all(leaf.dtype == dtype for leaf in jax.tree.leaves(final))
    assert step._cache_size() == 1  # compiled once: the step is traced, not a constant


def test_sgd_updates_are_minus_lr_times_grad_exactly():
    g = jnp.asarray([1.0, -2.0, 0.5], jnp.float32)
    ours, _, _ = train(optax.sgd(LR), jnp.zeros(3), g, 50)
    jit_lr = jax.jit(LR)  # XLA may fuse differently from eager op-by-op evaluation
    for k, u in enumerate(ours):
        lr = jit_lr(jnp.int32(k))
        np.testing.assert_array_equal(u, -lr * g)
        assert math.isclose(float(lr), LR(k), rel_tol=1e-6, abs_tol=1e-8)  # float32


def test_weakly_typed_like_optax_schedules():
    c = jnp.int32(7)
    assert LR(c).weak_type == optax.cosine_decay_schedule(1.0, 10)(c).weak_type is True
    assert LR(c).dtype == jnp.float32
    assert not LR(jnp.float32(7.0)).weak_type  # a float32 step: a float32 value
    assert not sx.cosine(jnp.float32(0.1), 0.0, 10)(c).weak_type  # JAX parameters: strong
    assert (LR(c) * jnp.ones(2, jnp.bfloat16)).dtype == jnp.bfloat16


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_inject_hyperparams_stores_the_parameters_dtype(dtype):
    params = jnp.ones(4, dtype)
    tx = optax.inject_hyperparams(optax.adamw)(learning_rate=LR, b1=0.9, weight_decay=LR)
    _, (final, state), step = train(tx, params, jnp.ones(4, dtype), 12)
    assert state.hyperparams["learning_rate"].dtype == jnp.dtype(dtype)
    assert final.dtype == jnp.dtype(dtype)
    assert math.isclose(float(state.hyperparams["learning_rate"]), LR(11), rel_tol=1e-2)
    assert step._cache_size() == 1


# ------------------------------------------------------------------ inject


def test_inject_schedules_several_hyperparameters():
    b1 = sx.linear(0.95, 0.85, 20)
    wd = sx.linear(0.0, 0.1, 20)
    tx = inject(optax.adamw, learning_rate=LR, b1=b1, weight_decay=wd, b2=0.99)
    _, (_, state), _ = train(tx, jnp.ones(3), jnp.ones(3), 15)
    h = hyperparams(state)
    assert set(h) == {"learning_rate", "b1", "b2", "eps", "eps_root", "weight_decay"}
    for name, s in (("learning_rate", LR), ("b1", b1), ("weight_decay", wd)):
        assert float(h[name]) == float(s(jnp.int32(14))), name  # the 15th update used step 14
    assert float(h["b2"]) == f32(0.99)


def test_inject_keeps_masks_and_flags_static():
    mask = lambda p: jax.tree.map(lambda x: x.ndim > 1, p)  # noqa: E731
    params = {"w": jnp.ones((2, 2)), "b": jnp.ones(2)}
    tx = inject(optax.adamw, learning_rate=LR, weight_decay=0.5, mask=mask, nesterov=True)
    _, (final, _), _ = train(tx, params, jax.tree.map(jnp.zeros_like, params), 3)
    # zero gradients: only the masked-in weights decay
    assert bool(jnp.all(final["b"] == 1.0))
    assert bool(jnp.all(final["w"] < 1.0))
    # optax alone takes the mask for a schedule of the step count: no decay at all
    raw = optax.inject_hyperparams(optax.adamw)(learning_rate=LR, weight_decay=0.5, mask=mask)
    _, (final, state), _ = train(raw, params, jax.tree.map(jnp.zeros_like, params), 3)
    assert "mask" in state.hyperparams
    assert bool(jnp.all(final["w"] == 1.0))


def test_inject_checks_names():
    with pytest.raises(TypeError, match=r"'lr' is not a parameter of 'adamw' \(its parameters: "):
        inject(optax.adamw, lr=LR)
    with pytest.raises(TypeError, match="'factory' must be an optax transformation factory"):
        inject(LR(3), learning_rate=LR)


# ------------------------------------------------------------------ per_group


@pytest.mark.parametrize("label_fn", [False, True])
def test_per_group_schedules(label_fn):
    head = sx.cosine(0.1, 0.0, 10)
    params = {"body": jnp.ones(3), "head": jnp.ones(2)}
    labels: Any = {"body": "body", "head": "head"}
    if label_fn:
        labels = lambda p: {k: k for k in p}  # noqa: E731
    tx = per_group(
        optax.sgd, labels, {"body": {}, "head": {"learning_rate": head}}, learning_rate=LR
    )
    grads = {"body": jnp.ones(3), "head": jnp.ones(2)}
    seen, (_, state), step = train(tx, params, grads, 8)
    for k, u in enumerate(seen):
        np.testing.assert_array_equal(u["body"], -LR(jnp.int32(k)) * grads["body"])
        np.testing.assert_array_equal(u["head"], -head(jnp.int32(k)) * grads["head"])
    h = hyperparams(state)
    assert float(h["body/learning_rate"]) == float(LR(jnp.int32(7)))
    assert float(h["head/learning_rate"]) == float(head(jnp.int32(7)))
    assert step._cache_size() == 1


def test_per_group_checks_groups():
    with pytest.raises(ValueError, match="'groups' must be a non-empty mapping"):
        per_group(optax.sgd, {}, {}, learning_rate=LR)
    with pytest.raises(TypeError, match=r"'groups\['a'\]' must be a mapping"):
        per_group(optax.sgd, {}, {"a": 0.1})
    with pytest.raises(TypeError, match="'learnin_rate' is not a parameter of 'sgd'"):
        per_group(optax.sgd, {}, {"a": {"learnin_rate": LR}})


# ------------------------------------------------------------------ plateau


def _ours_and_optax(config: dict[str, Any], size: int, metrics: list[float]) -> tuple:
    machine = sx.reduce_on_plateau(
        factor=config["factor"],
        patience=config["patience"],
        threshold=config["rtol"],
        cooldown=config["cooldown"],
        min_scale=config["min_scale"],
        eps=0.0,
        convention="optax",
    )
    ours = reduce_on_plateau(machine, accumulation_size=size)
    theirs = optax.contrib.reduce_on_plateau(**config, accumulation_size=size)
    out = []
    for tx in (ours, theirs):
        params = jnp.zeros((), jnp.float64)

        @jax.jit
        def run(xs: Any, tx: Any = tx, params: Any = params) -> Any:
            def body(state: Any, x: Any) -> Any:
                updates, state = tx.update(jnp.ones((), jnp.float64), state, params, value=x)
                return state, updates

            return jax.lax.scan(body, tx.init(params), xs)

        out.append(run(jnp.asarray(metrics, jnp.float64)))
    return out


@settings(max_examples=30)
@given(
    factor=st.sampled_from([0.1, 0.5, 0.3]),
    patience=st.integers(1, 4),
    rtol=st.sampled_from([1e-4, 0.1, 0.5]),
    cooldown=st.integers(0, 3),
    min_scale=st.sampled_from([0.0, 0.01, 0.2]),
    size=st.integers(1, 3),
    metrics=st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 3.0]), min_size=1, max_size=40),
)
def test_plateau_transformation_matches_optax_contrib(
    factor, patience, rtol, cooldown, min_scale, size, metrics
):
    config = {
        "factor": factor,
        "patience": patience,
        "rtol": rtol,
        "cooldown": cooldown,
        "min_scale": min_scale,
    }
    with jax.enable_x64(True):
        (our_state, ours), (their_state, theirs) = _ours_and_optax(config, size, metrics)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-12)
    assert isinstance(our_state, PlateauScaleState)
    assert float(our_state.plateau.scale) == float(their_state.scale)
    assert int(our_state.count) == int(their_state.count)


def test_plateau_transformation_in_a_chain_and_read_back():
    machine = sx.reduce_on_plateau(factor=0.5, patience=0)
    tx = optax.chain(inject(optax.sgd, learning_rate=LR), reduce_on_plateau(machine))
    params = jnp.ones(2, jnp.bfloat16)
    seen, (final, state), step = train(tx, params, jnp.ones(2, jnp.bfloat16), 4, value=1.0)
    assert [u.dtype for u in seen] == [jnp.bfloat16] * 4
    h = hyperparams(state)
    assert set(h) == {"learning_rate", "plateau"}
    assert float(h["plateau"]) == 0.125  # three bad values after the first
    assert final.dtype == jnp.bfloat16
    assert step._cache_size() == 1


def test_plateau_transformation_checks_arguments():
    with pytest.raises(TypeError, match=r"'machine' must be a schedax\.reduce_on_plateau"):
        reduce_on_plateau(optax.contrib.reduce_on_plateau())
    with pytest.raises(ValueError, match="'accumulation_size' must be a positive integer"):
        reduce_on_plateau(sx.reduce_on_plateau(), accumulation_size=0)


# ------------------------------------------------------------------ reading


def test_hyperparams_disambiguates_chained_names():
    tx = optax.chain(
        inject(optax.scale_by_adam, b1=sx.linear(0.9, 0.8, 10)),
        inject(optax.scale, step_size=-0.5),
        inject(optax.sgd, learning_rate=LR),
    )
    h = hyperparams(tx.init(jnp.ones(2)))
    assert set(h) == {"b1", "b2", "eps", "eps_root", "step_size", "learning_rate"} | set()
    tx = optax.chain(inject(optax.sgd, learning_rate=LR), inject(optax.sgd, learning_rate=0.5))
    h = hyperparams(tx.init(jnp.ones(2)))
    assert set(h) == {"0/learning_rate", "1/learning_rate"}
    assert float(h["1/learning_rate"]) == 0.5
    assert hyperparams(optax.adam(LR).init(jnp.ones(2))) == {}


def test_hyperparams_under_jit():
    tx = inject(optax.sgd, learning_rate=LR)
    state = tx.init(jnp.ones(1))
    got = jax.jit(lambda s: hyperparams(s)["learning_rate"])(state)
    assert float(got) == float(LR(jnp.int32(0)))


# ------------------------------------------------------- optax's int32 counter


def at_count(state: Any, count: int) -> Any:
    """An inject_hyperparams state moved to ``count`` (its schedules keep their own counts)."""
    c = jnp.asarray(count, jnp.int32)
    wrapped = {k: v._replace(count=c) for k, v in state.hyperparams_states.items()}
    return state._replace(count=c, hyperparams_states=wrapped)


@settings(max_examples=15)  # one compilation per schedule
@given(sts.trees())
def test_the_int32_counter_saturates_and_the_value_holds(s):
    tx = inject(optax.sgd, learning_rate=s)
    state = at_count(tx.init(jnp.zeros(1)), INT32_MAX - 2)
    step = jax.jit(lambda st: tx.update(jnp.ones(1), st)[1])
    values = []
    for _ in range(4):
        state = step(state)
        values.append(float(hyperparams(state)["learning_rate"]))
    assert int(state.count) == INT32_MAX  # optax.safe_increment stops there
    assert int(state.hyperparams_states["learning_rate"].count) == INT32_MAX
    assert all(math.isfinite(x) for x in values)
    assert values[-1] == values[-2]  # evaluated at 2**31 - 1 from then on
    expected = s(INT32_MAX)
    assert math.isclose(values[-1], expected, rel_tol=1e-4, abs_tol=1e-5 * max(1.0, abs(expected)))
