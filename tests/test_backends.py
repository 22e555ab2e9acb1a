"""One definition, every backend: numpy, JAX (jit, vmap, grad) and torch agree.

numpy (float64) is the reference; JAX and torch compute in float32, so they are
compared with ``rtol=2e-5`` and an absolute tolerance of ``1e-6`` times the
largest value of the curve (float32 cancellation in ``a - b`` is relative to the
terms, not to the difference). Every JAX example compiles once or twice, so the
JAX properties run fewer examples than the profile's default.
"""

from __future__ import annotations

import math
import subprocess
import sys

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import schedax as sx
from tests import strategies as sts

RTOL = 2e-5
ATOL = 1e-6
INT32_MAX = 2**31 - 1

# jax.jit compiles every new schedule: keep these properties to a few dozen examples
jax_settings = settings(max_examples=25)


def assert_close32(actual, expected):
    """float32 results against a float64 reference, relative to the curve's scale."""
    expected = np.asarray(expected, dtype=np.float64)
    scale = max(1.0, float(np.max(np.abs(expected)))) if expected.size else 1.0
    np.testing.assert_allclose(
        np.asarray(actual, dtype=np.float64), expected, rtol=RTOL, atol=ATOL * scale
    )


step_lists = st.lists(sts.steps, min_size=1, max_size=16)


# ------------------------------------------------------------ values agree


@jax_settings
@given(sts.trees(), step_lists)
def test_numpy_jax_and_torch_agree(s, ts):
    ts = ts + sts.landmarks(s, limit=32)
    ref = s(np.asarray(ts, dtype=np.int64))
    steps32 = jnp.asarray(ts, dtype=jnp.int32)

    # one compilation: the array call and the vmap of scalar calls, under jit
    jitted, mapped = jax.jit(lambda t: (s(t), jax.vmap(s)(t)))(steps32)
    assert jitted.dtype == mapped.dtype == jnp.float32
    assert jitted.shape == mapped.shape == (len(ts),)
    assert_close32(jitted, ref)
    assert_close32(mapped, ref)

    for dtype in (torch.int64, torch.float32):
        t = torch.tensor(ts, dtype=dtype)
        out = s(t)
        assert isinstance(out, torch.Tensor)
        assert out.dtype == torch.get_default_dtype()
        assert out.device == t.device
        assert out.shape == t.shape
        assert_close32(out.numpy(), ref)


@jax_settings
@given(sts.trees(), st.lists(sts.float_steps, min_size=1, max_size=8))
def test_float_steps_agree(s, xs):
    # the reference runs on the float32 steps themselves: 1024.3 is 1024.30005 in float32
    xs = np.asarray(xs, dtype=np.float32).astype(np.float64).tolist()
    ref = s(np.asarray(xs, dtype=np.float64))
    np.testing.assert_allclose(ref, [s(x) for x in xs], rtol=1e-12, atol=1e-12)
    assert_close32(jax.jit(s)(jnp.asarray(xs, dtype=jnp.float32)), ref)
    assert_close32(s(torch.tensor(xs, dtype=torch.float32)).numpy(), ref)


@settings(max_examples=20)
@given(sts.trees(4), step_lists)
def test_torch_follows_the_default_dtype(s, ts):
    ref = s(np.asarray(ts, dtype=np.int64))
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        out = s(torch.tensor(ts, dtype=torch.int64))
    finally:
        torch.set_default_dtype(previous)
    assert out.dtype == torch.float64
    scale = max(1.0, float(np.max(np.abs(ref))))
    np.testing.assert_allclose(out.numpy(), ref, rtol=1e-12, atol=1e-12 * scale)


@jax_settings
@given(sts.trees(4), st.integers(1, 3), st.data())
def test_joined_copies_of_a_tree_agree_on_every_backend(s, n, data):
    # pieces of equal structure are evaluated once, on parameters gathered per
    # element: nested combinators must accept those per-element parameters
    bounds = data.draw(sts.increasing(1, 300, n, n))
    j = sx.join([s] * (n + 1), bounds)
    ts = sorted({*data.draw(st.lists(sts.steps, min_size=1, max_size=8)), *sts.landmarks(j, 24)})
    loop = [j(t) for t in ts]
    ref = j(np.asarray(ts, dtype=np.int64))
    scale = max(1.0, float(np.max(np.abs(loop))))
    np.testing.assert_allclose(ref, loop, rtol=1e-12, atol=1e-12 * scale)
    assert_close32(s_torch := j(torch.tensor(ts)), ref)
    assert s_torch.dtype == torch.get_default_dtype()
    # eager JAX: no compilation per example (jit is covered above)
    assert_close32(j(jnp.asarray(ts, dtype=jnp.int32)), ref)


def test_grouped_join_of_warmups_on_torch():
    s = sx.join(
        [sx.warmup(sx.linear(1.0, 0.0, 10), 5), sx.warmup(sx.linear(0.5, 0.0, 10), 5)], [20]
    )
    ref = s(np.arange(30))
    np.testing.assert_allclose(ref[18:24], [0.0, 0.0, 0.0, 0.1, 0.2, 0.3], atol=1e-12)
    assert_close32(s(torch.arange(30)).numpy(), ref)
    assert_close32(s(torch.arange(30, dtype=torch.float32)).numpy(), ref)
    assert_close32(jax.jit(s)(jnp.arange(30)), ref)


@pytest.mark.parametrize(
    "make",
    [
        lambda every: sx.step_decay(1.0, every, 0.5),
        lambda every: sx.exponential(1.0, 0.5, every, staircase=True),
        lambda every: sx.inverse_time(1.0, 1.0, every, staircase=True),
    ],
    ids=["step_decay", "exponential-staircase", "inverse_time-staircase"],
)
def test_staircases_jump_exactly_at_multiples_of_every_under_jax(make):
    # XLA turns `t / every` into `t * (1 / every)`: in float32, 47 * (1 / 47) is
    # 0.99999994 and its floor 0, so a jump would come one step late
    for every in range(1, 101):
        s = make(every)
        jumps = np.arange(0, 50 * every + 1, every)
        steps = np.concatenate([jumps, jumps[1:] - 1])
        ref = s(steps)
        assert_close32(s(jnp.asarray(steps, dtype=jnp.int32)), ref)
        assert_close32(s(torch.tensor(steps)).numpy(), ref)
    s = make(47)
    assert float(jax.jit(s)(47)) == s(47) < s(46)


def test_a_schedule_traced_twice_by_jax_still_evaluates():
    # tables cached inside a join must not keep tracers of a finished trace
    s = sx.join([sx.linear(0.0, 1.0, 10), sx.cosine(1.0, 0.0, 90)], [10])
    assert float(jax.jit(s)(5)) == pytest.approx(0.5)
    assert float(jax.jit(s)(5.5)) == pytest.approx(0.55)
    assert float(s(jnp.int32(5))) == pytest.approx(0.5)
    assert float(jax.grad(s)(5.0)) == pytest.approx(0.1)
    p = sx.piecewise([0, 10], [0.0, 1.0], "linear")
    assert float(jax.jit(p)(5)) == pytest.approx(0.5)
    assert float(jax.jit(jax.grad(p))(5.0)) == pytest.approx(0.1)


# --------------------------------------------------------------------- curve


@jax_settings
@given(sts.trees(), st.sampled_from([1, 37, 400]))
def test_curve_equals_evaluation_on_arange(s, n):
    ref = s(np.arange(n))
    curve = s.curve(n)
    assert curve.dtype == np.float64
    assert curve.shape == (n,)
    scale = max(1.0, float(np.max(np.abs(ref))))
    np.testing.assert_allclose(curve, ref, rtol=1e-12, atol=1e-12 * scale)

    fused = jax.jit(lambda: s.curve(n, "jax"))()
    assert fused.shape == (n,)
    assert_close32(fused, ref)

    assert_close32(s.curve(n, "torch").numpy(), ref)


# ---------------------------------------------------------------- gradients


def _grads(s, xs):
    return np.asarray(jax.jit(jax.vmap(jax.grad(s)))(jnp.asarray(xs, dtype=jnp.float32)))


@jax_settings
@given(sts.trees(), st.lists(sts.float_steps, min_size=1, max_size=16))
def test_gradient_with_respect_to_the_step_is_finite(s, xs):
    # non-integer steps: no local time lands exactly where a primitive's slope is
    # infinite (sqrt_decay at 0); held and inactive regions must give 0, not NaN
    g = _grads(s, xs)
    assert np.all(np.isfinite(g)), dict(zip(xs, g, strict=True))


def _smooth_pieces():
    """Pieces whose slope is finite at every step, integer or not."""
    return st.one_of(
        sts.constants(),
        sts.linears(),
        st.builds(sx.cosine, sts.values, sts.values, sts.durations),
        st.builds(sx.polynomial, sts.values, sts.values, sts.durations, st.floats(1.0, 4.0)),
        sts.exponentials(),
        sts.step_decays(),
        sts.inverse_sqrts(),
        sts.tanhs(),
    )


@settings(max_examples=15)
@given(
    st.builds(sx.sqrt_decay, sts.values, sts.values, sts.durations),
    st.lists(_smooth_pieces(), min_size=1, max_size=4),
    st.data(),
)
def test_inactive_join_piece_never_poisons_the_gradient(first, rest, data):
    # sqrt_decay has an infinite slope at its local 0: steps in the other pieces
    # must not see it, whatever local time the inactive piece is given
    bounds = data.draw(sts.increasing(1, 300, len(rest), len(rest)))
    s = sx.join([first, *rest], bounds)
    ints = data.draw(st.lists(st.integers(bounds[0], 1_000), min_size=1, max_size=8))
    xs = [*ints, bounds[0], *(t + 0.5 for t in ints)]
    p = sx.piecewise([bounds[0]], [first, s])  # values on global time
    w = sx.warmup(first, bounds[0])  # the main schedule is inactive during the ramp
    ramp = [0.0, 0.5, bounds[0] / 2, bounds[0] - 0.5]

    def grads(x, y):
        return [jax.vmap(jax.grad(f))(z) for f, z in ((s, x), (p, x), (w, y))]

    g_s, g_p, g_w = jax.jit(grads)(
        jnp.asarray(xs, dtype=jnp.float32), jnp.asarray(ramp, dtype=jnp.float32)
    )
    assert np.all(np.isfinite(g_s)), dict(zip(xs, np.asarray(g_s), strict=True))
    assert np.all(np.isfinite(g_p)), dict(zip(xs, np.asarray(g_p), strict=True))
    assert np.all(np.isfinite(g_w)), dict(zip(ramp, np.asarray(g_w), strict=True))


def test_join_gradient_in_later_pieces_is_exact():
    s = sx.join([sx.sqrt_decay(1.0, 0.0, 100), sx.linear(1.0, 0.0, 50)], [100])
    g = _grads(s, [100.5, 120.0, 149.5, 150.5, 500.0])
    np.testing.assert_allclose(g, [-0.02, -0.02, -0.02, 0.0, 0.0], atol=1e-6)


@pytest.mark.parametrize(
    ("schedule", "step"),
    [
        (sx.polynomial(1.0, 0.0, 100, power=0.5), 150.0),
        (sx.cosine(1.0, 0.0, 100, exponent=0.5), 150.0),
        (sx.sqrt_decay(1.0, 0.0, 100), -5.0),
        (sx.shift(sx.sqrt_decay(1.0, 0.0, 100), 10), 5.0),
    ],
    ids=["polynomial-held", "cosine-exponent-held", "sqrt-negative", "shifted-sqrt"],
)
def test_held_values_have_zero_gradient(schedule, step):
    # the value does not change around `step`, so the slope there is 0 (not NaN)
    assert schedule(step - 0.5) == schedule(step) == schedule(step + 0.5)
    assert float(jax.grad(schedule)(step)) == 0.0


def _central_difference(f, x, h=1e-4):
    return (f(x + h) - f(x - h)) / (2 * h)


@settings(max_examples=15)
@given(st.floats(0.1, 10.0), st.integers(0, 200))
def test_gradient_with_respect_to_a_parameter(v, t):
    def f(peak):
        return sx.warmup(sx.cosine(peak, 0.0, 100), 10)(t)

    g = float(jax.grad(f)(v))
    # the value is linear in the peak: the derivative is the value at peak 1
    assert g == pytest.approx(f(1.0), rel=1e-5, abs=1e-6)
    assert g == pytest.approx(_central_difference(f, v), rel=1e-4, abs=1e-5)


@settings(max_examples=10)
@given(
    st.lists(st.floats(0.1, 10.0), min_size=10, max_size=10),
    st.lists(st.integers(0, 250), min_size=4, max_size=4),
)
def test_gradient_through_a_join_of_traced_pieces(vs, ts):
    bounds = [20 * (i + 1) for i in range(9)]

    def f(params, t):
        pieces = [
            sx.warmup(sx.cosine(params[i], 0.1 * params[i], 15), 5, start=0.01) for i in range(10)
        ]
        return sx.join(pieces, bounds)(t)

    grad = jax.jit(jax.vmap(jax.grad(f), in_axes=(None, 0)))
    g = np.asarray(grad(jnp.asarray(vs, dtype=jnp.float32), jnp.asarray(ts, dtype=jnp.int32)))
    for row, t in zip(g, ts, strict=True):
        for i in range(10):

            def fi(x, i=i, t=t):
                return f([*vs[:i], x, *vs[i + 1 :]], t)

            assert row[i] == pytest.approx(_central_difference(fi, vs[i]), rel=1e-4, abs=1e-5)


# ----------------------------------------------------------- extreme steps


@jax_settings
@given(sts.trees(), st.integers(2, INT32_MAX - 1))
def test_values_are_finite_up_to_int32_max(s, mid):
    ts = [0, 1, mid, INT32_MAX]
    for t in ts:
        assert math.isfinite(s(t)), t
    assert np.all(np.isfinite(s(np.asarray(ts, dtype=np.int64))))
    assert np.all(np.isfinite(np.asarray(jax.jit(s)(jnp.asarray(ts, dtype=jnp.int32)))))
    assert math.isfinite(float(s(jnp.int32(INT32_MAX))))
    assert torch.all(torch.isfinite(s(torch.tensor(ts, dtype=torch.int64))))


@pytest.mark.parametrize(
    "step",
    [
        np.asarray([INT32_MAX], dtype=np.int32),
        jnp.asarray([INT32_MAX], dtype=jnp.int32),
        torch.tensor([INT32_MAX], dtype=torch.int32),
    ],
    ids=["numpy", "jax", "torch"],
)
def test_negative_shift_does_not_wrap_int32_steps(step):
    # shift(s, -5) at 2**31 - 1 is s at 2**31 + 4: the end value, not s(0)
    s = sx.shift(sx.linear(1.0, 0.0, 10), -5)
    assert s(INT32_MAX) == 0.0
    assert float(s(step)[0]) == 0.0


def test_python_int_beyond_int32_on_a_jax_path_raises_overflow():
    # without jax_enable_x64, JAX refuses a Python int that int32 cannot hold
    s = sx.cosine(1.0, 0.0, 100)
    assert float(jax.jit(s)(INT32_MAX)) == 0.0
    with pytest.raises(OverflowError, match="2147483648"):
        jax.jit(s)(2**31)
    traced = sx.cosine(jnp.float32(1.0), 0.0, 100)
    with pytest.raises(OverflowError, match="2147483648"):
        traced(2**31)
    with pytest.raises(OverflowError, match="2147483648"):
        s(jnp.asarray(2**31))
    # the pure-Python and numpy paths take any int
    assert s(2**40) == 0.0
    assert float(s(np.int64(2**40))) == 0.0


# ------------------------------------------------------------ import weight


def test_importing_schedax_imports_no_optional_dependency():
    code = (
        "import sys\n"
        "import numpy as np\n"
        "import schedax as sx\n"
        "s = sx.warmup(sx.cycle(sx.cosine(1.0, 0.0, 10), 10, period_mult=2.0), 5)\n"
        "s(3); s(np.arange(50)); s.curve(20); repr(s); sx.from_dict(s.to_dict())\n"
        "heavy = ('jax', 'jaxlib', 'torch', 'optax', 'matplotlib', 'array_api_compat')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
