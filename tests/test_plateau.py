"""reduce_on_plateau: parity with torch and optax, JAX paths, validation, value semantics."""

from __future__ import annotations

import copy
import math
import pickle
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schedax as sx
from schedax.presets._torch_plateau import ReduceLROnPlateau
from schedax.schedules import PlateauState, ReduceOnPlateau

torch = pytest.importorskip("torch")
jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")
optax = pytest.importorskip("optax")

NAN, INF = math.nan, math.inf

# ---------------------------------------------------------------- strategies

#: metrics with plateaus (repeated values), trends, negatives, NaN and infinities
metric_values = st.one_of(
    st.sampled_from([0.0, 1.0, 1.0, 2.0, 0.5, -1.0, 3.0]),
    st.floats(-10.0, 10.0),
    st.sampled_from([NAN, INF, -INF]),
)
metric_lists = st.lists(metric_values, max_size=100)
#: the same without subnormal floats: XLA on CPU flushes them to zero
xla_metric_values = st.one_of(
    st.sampled_from([0.0, 1.0, 2.0, -1.0, NAN, INF, -INF]),
    st.floats(-10.0, 10.0, allow_subnormal=False),
)
xla_metric_lists = st.lists(xla_metric_values, max_size=100)
#: finite metrics on a dyadic grid: float32 and float64 agree on every comparison
dyadic_metrics = st.lists(st.integers(-64, 64).map(lambda k: k / 8), max_size=100)


@st.composite
def torch_configs(draw: st.DrawFn) -> dict[str, Any]:
    """Keyword arguments of torch's ReduceLROnPlateau (minus optimizer and min_lr)."""
    return {
        "mode": draw(st.sampled_from(["min", "max"])),
        "factor": draw(st.one_of(st.sampled_from([0.1, 0.5]), st.floats(0.01, 0.99))),
        "patience": draw(st.integers(0, 5)),
        "threshold": draw(
            st.one_of(st.sampled_from([0.0, 1e-4, 0.1, 0.5, 1.0, 1.5]), st.floats(0.0, 0.3))
        ),
        "threshold_mode": draw(st.sampled_from(["rel", "abs"])),
        "cooldown": draw(st.integers(0, 4)),
        "eps": draw(st.sampled_from([0.0, 1e-8, 1e-3, 0.05])),
    }


min_scales = st.sampled_from([0.0, 1e-3, 0.05, 0.3, 0.9])


@st.composite
def dyadic_machines(draw: st.DrawFn) -> ReduceOnPlateau:
    """Machines whose every operation is exact in float32 on dyadic metrics."""
    convention = draw(st.sampled_from(["torch", "optax"]))
    return sx.reduce_on_plateau(
        mode=draw(st.sampled_from(["min", "max"])),
        factor=draw(st.sampled_from([0.5, 0.25, 0.75])),
        patience=draw(st.integers(int(convention == "optax"), 4)),
        threshold=draw(st.sampled_from([0.0, 0.125, 0.5, 1.0])),
        threshold_mode=draw(st.sampled_from(["rel", "abs"])),
        cooldown=draw(st.integers(0, 3)),
        min_scale=draw(st.sampled_from([0.0, 0.0625, 0.25])),
        eps=draw(st.sampled_from([0.0, 2.0**-12])),
        convention=convention,
    )


def machines() -> st.SearchStrategy[ReduceOnPlateau]:
    return st.builds(
        lambda kw, ms, conv: sx.reduce_on_plateau(
            **kw | {"patience": max(kw["patience"], int(conv == "optax"))},
            min_scale=ms,
            convention=conv,
        ),
        torch_configs(),
        min_scales,
        st.sampled_from(["torch", "optax"]),
    )


# ------------------------------------------------------------------- helpers


def torch_lrs(metrics: list[float], base_lr: float = 1.0, **kwargs: Any) -> list[float]:
    """The lr torch's optimizer holds after each ``scheduler.step(metric)``."""
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=base_lr)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
    out = []
    for metric in metrics:
        scheduler.step(metric)
        out.append(opt.param_groups[0]["lr"])
    return out


def python_values(m: ReduceOnPlateau, metrics: list[float]) -> list[float]:
    state = m.init()
    out = []
    for metric in metrics:
        state = m.update(state, metric)
        out.append(m.value(state))
    return out


# ------------------------------------------------------------- torch parity


@given(torch_configs(), min_scales, metric_lists)
def test_matches_torch(config: dict[str, Any], min_scale: float, metrics: list[float]) -> None:
    m = sx.reduce_on_plateau(**config, min_scale=min_scale)
    ours = python_values(m, metrics)
    assert all(type(x) is float for x in ours)
    np.testing.assert_allclose(ours, torch_lrs(metrics, min_lr=min_scale, **config), rtol=1e-6)
    np.testing.assert_allclose(m.trajectory(metrics), ours, rtol=0, atol=0)


@given(
    torch_configs(),
    st.floats(1e-4, 10.0),
    st.sampled_from([0.0, 1e-5, 1e-3, 0.01, 0.5, 20.0]),
    metric_lists,
)
def test_preset_holds_torch_lr(
    config: dict[str, Any], base_lr: float, min_lr: float, metrics: list[float]
) -> None:
    m = ReduceLROnPlateau(base_lr=base_lr, min_lr=min_lr, **config)
    assert m == sx.reduce_on_plateau(**config, min_scale=min_lr, start=base_lr)
    assert m.value(m.init()) == base_lr
    expected = torch_lrs(metrics, base_lr=base_lr, min_lr=min_lr, **config)
    np.testing.assert_allclose(python_values(m, metrics), expected, rtol=1e-6)


def test_torch_defaults_are_ours() -> None:
    import inspect

    theirs = inspect.signature(torch.optim.lr_scheduler.ReduceLROnPlateau).parameters
    ours = inspect.signature(ReduceLROnPlateau).parameters
    for name in ("mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "eps"):
        assert ours[name].default == theirs[name].default, name
        assert inspect.signature(sx.reduce_on_plateau).parameters[name].default == (
            theirs[name].default
        )
    assert ours["min_lr"].default == theirs["min_lr"].default


def test_torch_reduces_after_more_than_patience_bad_epochs() -> None:
    m = sx.reduce_on_plateau(factor=0.5, patience=2)
    # the first metric sets the best; then 3 bad epochs (> 2) trigger a reduction
    assert python_values(m, [1.0] * 5) == [1.0, 1.0, 1.0, 0.5, 0.5]
    assert python_values(m, [1.0] * 5) == torch_lrs([1.0] * 5, factor=0.5, patience=2)


def test_nan_metric_is_a_bad_epoch_and_never_the_best() -> None:
    m = sx.reduce_on_plateau(factor=0.5, patience=0)
    state = m.update(m.init(), NAN)
    assert state.best == INF
    assert state.num_bad_epochs == 0  # the reduction reset it
    assert m.value(state) == 0.5
    assert python_values(m, [NAN, 1.0, NAN]) == torch_lrs([NAN, 1.0, NAN], factor=0.5, patience=0)


def test_eps_skips_small_reductions_but_still_starts_the_cooldown() -> None:
    m = sx.reduce_on_plateau(factor=0.5, patience=0, cooldown=1, min_scale=0.9, eps=0.2)
    state = m.update(m.init(), 1.0)  # best
    state = m.update(state, 1.0)  # reduction to max(0.5, 0.9) = 0.9: a change of 0.1 <= eps
    assert m.value(state) == 1.0
    assert state.cooldown_counter == 1


def test_metric_may_be_a_numpy_or_torch_scalar() -> None:
    m = sx.reduce_on_plateau(patience=0)
    state = m.update(m.init(), np.float32(2.0))
    state = m.update(state, torch.tensor(3.0))
    assert type(state.best) is float
    assert state.best == 2.0
    assert m.value(state) == pytest.approx(0.1)


# ------------------------------------------------------------------ optax


def _optax_scales(m: ReduceOnPlateau, metrics: list[float]) -> np.ndarray[Any, Any]:
    """The scale optax's own ``contrib.reduce_on_plateau`` applies after each metric (float64)."""
    tx = optax.contrib.reduce_on_plateau(
        factor=m.factor,
        patience=m.patience,
        rtol=m.threshold if m.threshold_mode == "rel" else 0.0,
        atol=m.threshold if m.threshold_mode == "abs" else 0.0,
        cooldown=m.cooldown,
        min_scale=m.min_scale,
    )
    params = jnp.zeros((), dtype=jnp.float64)

    @jax.jit
    def run(xs: Any) -> Any:
        def body(state: Any, x: Any) -> Any:
            updates, state = tx.update(jnp.ones((), jnp.float64), state, params, value=x)
            return state, updates

        return jax.lax.scan(body, tx.init(params), xs)[1]

    return np.asarray(run(jnp.asarray(metrics, dtype=jnp.float64)))


@settings(max_examples=25)
@given(
    factor=st.sampled_from([0.1, 0.5, 0.3]),
    patience=st.integers(1, 5),
    threshold=st.sampled_from([1e-4, 0.1, 0.5, 1.0]),
    threshold_mode=st.sampled_from(["rel", "abs"]),
    cooldown=st.integers(0, 3),
    min_scale=min_scales,
    metrics=st.lists(xla_metric_values, min_size=1, max_size=60),
)
def test_optax_convention_matches_optax(
    factor: float,
    patience: int,
    threshold: float,
    threshold_mode: str,
    cooldown: int,
    min_scale: float,
    metrics: list[float],
) -> None:
    # optax: mode "min" only, no eps (it clips to min_scale), and rtol/atol both positive-able
    m = sx.reduce_on_plateau(
        factor=factor,
        patience=patience,
        threshold=threshold,
        threshold_mode=threshold_mode,
        cooldown=cooldown,
        min_scale=min_scale,
        eps=0.0,
        convention="optax",
    )
    with jax.enable_x64(True):
        theirs = _optax_scales(m, metrics)
    np.testing.assert_allclose(python_values(m, metrics), theirs, rtol=1e-12)


@given(torch_configs(), min_scales, metric_lists)
def test_optax_convention_is_torch_with_one_less_patience(
    config: dict[str, Any], min_scale: float, metrics: list[float]
) -> None:
    patience = config["patience"] + 1
    optax_style = sx.reduce_on_plateau(
        **config | {"patience": patience}, min_scale=min_scale, convention="optax"
    )
    torch_style = sx.reduce_on_plateau(**config, min_scale=min_scale)
    assert python_values(optax_style, metrics) == python_values(torch_style, metrics)


def test_optax_convention_reduces_one_evaluation_earlier() -> None:
    metrics = [1.0] * 6
    torch_style = python_values(sx.reduce_on_plateau(factor=0.5, patience=3), metrics)
    optax_style = python_values(
        sx.reduce_on_plateau(factor=0.5, patience=3, convention="optax"), metrics
    )
    assert torch_style == [1.0, 1.0, 1.0, 1.0, 0.5, 0.5]
    assert optax_style == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5]


# -------------------------------------------------------------------- JAX


def _assert_states_equal(a: PlateauState, b: PlateauState) -> None:
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(np.asarray(x, dtype=np.float64), float(y))


@settings(max_examples=20)
@given(machines(), xla_metric_lists)
def test_jit_update_and_scan_equal_the_python_path_x64(
    m: ReduceOnPlateau, metrics: list[float]
) -> None:
    expected_state = m.init()
    expected = []
    for metric in metrics:
        expected_state = m.update(expected_state, metric)
        expected.append(expected_state.scale)
    with jax.enable_x64(True):
        update = jax.jit(m.update)
        state = m.init()
        got = []
        for metric in metrics:
            state = update(state, jnp.asarray(metric))
            got.append(float(m.value(state)))
        np.testing.assert_array_equal(got, expected)
        if metrics:
            _assert_states_equal(state, expected_state)
        final, values = jax.jit(m.run)(jnp.asarray(metrics, dtype=jnp.float64))
        assert values.dtype == jnp.float64
        np.testing.assert_array_equal(np.asarray(values), expected)
        _assert_states_equal(final, expected_state)


@settings(max_examples=20)
@given(dyadic_machines(), dyadic_metrics)
def test_float32_jax_paths_equal_the_python_path(m: ReduceOnPlateau, metrics: list[float]) -> None:
    expected = python_values(m, metrics)
    xs = jnp.asarray(metrics, dtype=jnp.float32)
    values = m.trajectory(xs)
    assert values.dtype == jnp.float32
    assert values.shape == (len(metrics),)
    np.testing.assert_allclose(np.asarray(values), expected, rtol=1e-6)
    state = m.init()
    update = jax.jit(m.update)
    for i, metric in enumerate(metrics):
        state = update(state, metric)
        assert state.num_bad_epochs.dtype == jnp.int32
        assert state.scale.dtype == jnp.float32
        np.testing.assert_allclose(float(m.value(state)), expected[i], rtol=1e-6)


def test_update_with_a_jax_metric_outside_jit_gives_jax_state() -> None:
    m = sx.reduce_on_plateau(patience=0)
    state = m.update(m.update(m.init(), jnp.asarray(1.0)), 2.0)
    assert all(isinstance(x, jax.Array) for x in state)
    assert float(m.value(state)) == pytest.approx(0.1)


def test_state_is_a_pytree_and_scan_carry() -> None:
    m = sx.reduce_on_plateau(patience=1)
    leaves, treedef = jax.tree.flatten(m.init())
    assert len(leaves) == 4
    assert jax.tree.unflatten(treedef, leaves) == m.init()
    final, values = m.run(jnp.asarray([1.0, 1.0, 1.0]))
    assert isinstance(final, PlateauState)
    np.testing.assert_allclose(np.asarray(values), [1.0, 1.0, 0.1], rtol=1e-6)


def test_run_resumes_from_a_state() -> None:
    m = sx.reduce_on_plateau(factor=0.5, patience=1, cooldown=1)
    metrics = [3.0, 2.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0]
    whole = m.trajectory(metrics)
    state, first = m.run(metrics[:4])
    np.testing.assert_array_equal(np.concatenate([first, m.trajectory(metrics[4:], state)]), whole)
    jstate, jfirst = m.run(jnp.asarray(metrics[:4]))
    rest = m.trajectory(metrics[4:], jstate)  # a JAX state runs the scan
    assert isinstance(rest, jax.Array)
    np.testing.assert_allclose(np.concatenate([jfirst, rest]), whole, rtol=1e-6)


def test_trajectory_of_numpy_and_empty_histories() -> None:
    m = sx.reduce_on_plateau(patience=0)
    out = m.trajectory(np.array([1.0, 1.0]))
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, [1.0, 0.1])
    assert m.trajectory([]).shape == (0,)
    assert m.trajectory(jnp.zeros((0,))).shape == (0,)
    with pytest.raises(ValueError, match=r"run: 'metrics' must be a 1-D sequence"):
        m.trajectory([[1.0]])
    with pytest.raises(ValueError, match=r"run: 'metrics' must be a 1-D sequence"):
        m.trajectory(jnp.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"update: 'metric' must be a scalar"):
        m.update(m.init(), jnp.zeros(2))


# ------------------------------------------------------------ composition


def test_composes_with_a_closed_form_schedule() -> None:
    base = sx.warmup(sx.cosine(1e-2, 1e-4, 90), 10)
    m = sx.reduce_on_plateau(factor=0.5, patience=2)
    metrics = [1.0 / (1 + t) if t < 40 else 0.025 for t in range(100)]
    state = m.init()
    lrs = []
    for t, metric in enumerate(metrics):
        lrs.append(base(t) * m.value(state))  # the lr used at step t
        state = m.update(state, metric)
    scales = np.concatenate([[1.0], m.trajectory(metrics)[:-1]])
    np.testing.assert_allclose(lrs, base.curve(100) * scales, rtol=1e-12)
    assert min(scales) < 1.0  # the plateau after step 40 reduced the lr

    @jax.jit
    def jax_lrs(xs: Any) -> Any:
        values = m.trajectory(xs)
        held = jnp.concatenate([jnp.ones(1, values.dtype), values[:-1]])
        return base(jnp.arange(xs.shape[0])) * held

    np.testing.assert_allclose(np.asarray(jax_lrs(jnp.asarray(metrics))), lrs, rtol=1e-5)


def test_torch_loop_drives_a_composed_lr() -> None:
    # warmup * plateau in a torch loop: set each group's lr from the schedule and machine
    base = sx.warmup(sx.constant(0.1), 5)
    m = sx.reduce_on_plateau(patience=1)
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.0)
    state = m.init()
    used = []
    for step, loss in enumerate([1.0] * 10):
        opt.param_groups[0]["lr"] = base(step) * m.value(state)
        used.append(opt.param_groups[0]["lr"])
        state = m.update(state, loss)
    # reductions after the updates at steps 2, 4, 6 and 8; warmup ends at step 5
    np.testing.assert_allclose(used[:3], [0.0, 0.02, 0.04], rtol=1e-12)
    assert used[5] == pytest.approx(0.1 * 0.1**2)
    assert used[-1] == pytest.approx(0.1 * 0.1**4)


# -------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"mode": "mean"}, ValueError, r"reduce_on_plateau: 'mode' must be one of 'min', 'max'"),
        ({"mode": 1}, TypeError, r"'mode' must be one of 'min', 'max' \(got 1\)"),
        ({"factor": 1.0}, ValueError, r"'factor' must be a number in \(0, 1\) \(got 1.0\)"),
        ({"factor": 0}, ValueError, r"'factor' must be a number in \(0, 1\) \(got 0\)"),
        ({"factor": NAN}, ValueError, r"'factor' must be a finite real number"),
        ({"factor": "0.1"}, TypeError, r"'factor' must be a finite real number"),
        ({"patience": -1}, ValueError, r"'patience' must be a non-negative integer \(got -1\)"),
        ({"patience": 1.5}, ValueError, r"'patience' must be a non-negative integer"),
        (
            {"patience": 0, "convention": "optax"},
            ValueError,
            r"'patience' must be a positive integer with convention='optax' \(got 0\)",
        ),
        ({"threshold": -1e-4}, ValueError, r"'threshold' must be a finite number >= 0"),
        ({"threshold_mode": "relative"}, ValueError, r"'threshold_mode' must be one of 'rel'"),
        ({"cooldown": -2}, ValueError, r"'cooldown' must be a non-negative integer \(got -2\)"),
        ({"min_scale": -0.1}, ValueError, r"'min_scale' must be a finite number >= 0"),
        ({"eps": -1.0}, ValueError, r"'eps' must be a finite number >= 0 \(got -1.0\)"),
        ({"eps": INF}, ValueError, r"'eps' must be a finite number >= 0 \(got inf\)"),
        ({"convention": "keras"}, ValueError, r"'convention' must be one of 'torch', 'optax'"),
        ({"start": -1.0}, ValueError, r"'start' must be a finite number >= 0"),
    ],
)
def test_validation(kwargs: dict[str, Any], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        sx.reduce_on_plateau(**kwargs)


def test_jax_parameters_are_rejected() -> None:
    with pytest.raises(TypeError, match=r"'factor' must be a concrete number \(not a JAX array\)"):
        sx.reduce_on_plateau(factor=jnp.asarray(0.5))


def test_preset_validation_uses_torch_names() -> None:
    with pytest.raises(ValueError, match=r"ReduceLROnPlateau: 'min_lr' must be a finite number"):
        ReduceLROnPlateau(min_lr=-1.0)
    with pytest.raises(ValueError, match=r"ReduceLROnPlateau: 'base_lr' must be a finite number"):
        ReduceLROnPlateau(base_lr=-1.0)
    with pytest.raises(ValueError, match=r"ReduceLROnPlateau: 'factor' must be a number in"):
        ReduceLROnPlateau(factor=2.0)
    with pytest.raises(TypeError, match=r"ReduceLROnPlateau: 'min_lr' must be a finite number"):
        ReduceLROnPlateau(min_lr=[0.1, 0.2])  # type: ignore[arg-type]


# --------------------------------------------------------- value semantics


@given(machines())
def test_repr_rebuilds_hash_eq_pickle(m: ReduceOnPlateau) -> None:
    assert eval(repr(m), dict(vars(sx))) == m
    assert hash(eval(repr(m), dict(vars(sx)))) == hash(m)
    assert pickle.loads(pickle.dumps(m)) == m
    assert copy.deepcopy(m) == m


def test_repr_shows_only_non_defaults() -> None:
    assert repr(sx.reduce_on_plateau()) == "reduce_on_plateau()"
    m = sx.reduce_on_plateau("max", 0.5, 3, cooldown=2, convention="optax")
    assert repr(m) == (
        "reduce_on_plateau(\n    mode='max',\n    factor=0.5,\n    patience=3,\n"
        "    cooldown=2,\n    convention='optax',\n)"
    )
    assert (
        repr(sx.reduce_on_plateau("max", patience=3)) == "reduce_on_plateau(mode='max', patience=3)"
    )
    assert m == sx.reduce_on_plateau(
        mode="max", factor=0.5, patience=3.0, cooldown=2, convention="optax"
    )
    assert m != sx.reduce_on_plateau(mode="max", factor=0.5, patience=3, cooldown=2)
    assert len({m, sx.reduce_on_plateau(mode="max", factor=0.5, patience=3, cooldown=2)}) == 2
    long = sx.reduce_on_plateau(
        "max", 0.5, 3, 0.25, "abs", 2, 0.001, 0.0, convention="optax", start=0.125
    )
    assert "\n" in repr(long)
    assert eval(repr(long), dict(vars(sx))) == long


def test_machine_is_immutable_not_callable_not_a_schedule() -> None:
    m = sx.reduce_on_plateau()
    assert not callable(m)  # optax.inject_hyperparams: callable + init + update = stateful
    assert not isinstance(m, sx.Schedule)
    with pytest.raises(AttributeError):
        m.factor = 0.5  # type: ignore[misc]


def test_state_is_immutable_python_numbers() -> None:
    m = sx.reduce_on_plateau(mode="max")
    state = m.init()
    assert state == PlateauState(best=-INF, num_bad_epochs=0, cooldown_counter=0, scale=1.0)
    with pytest.raises(AttributeError):
        state.scale = 0.5  # type: ignore[misc]
    new = m.update(state, 1.0)
    assert state.best == -INF  # update returned a new state
    assert (type(new.best), type(new.num_bad_epochs), type(new.scale)) == (float, int, float)
