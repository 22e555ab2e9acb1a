"""``schedax.adapters.torch.ScheduleLR``: exact values, checkpoints, plateau, errors.

Values are compared for exact equality with the schedule evaluated on numpy
int64 steps (what the adapter documents it writes), and with the Python scalar
path for the usual recipes, where the two agree to the last bit.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import schedax as sx
from schedax.presets import torch as pt

from . import strategies as sts

torch = pytest.importorskip("torch")
from schedax.adapters.torch import ScheduleLR  # noqa: E402

LRScheduler = torch.optim.lr_scheduler.LRScheduler


def sgd(groups: int = 1, lr: float = 0.1, **kw: object) -> torch.optim.Optimizer:
    params = [{"params": [torch.nn.Parameter(torch.zeros(2))]} for _ in range(groups)]
    return torch.optim.SGD(params, lr=lr, **kw)


def adam(groups: int = 1, lr: object = 0.1, cls: type = torch.optim.Adam, **kw: object):
    params = [{"params": [torch.nn.Parameter(torch.zeros(2))]} for _ in range(groups)]
    return cls(params, lr=lr, **kw)


def run(opt: torch.optim.Optimizer, sched: ScheduleLR, n: int, key: str = "lr") -> list:
    """The values of ``key`` in every group after construction and each of ``n`` steps."""
    out = [[g[key] for g in opt.param_groups]]
    for _ in range(n):
        opt.step()
        sched.step()
        out.append([g[key] for g in opt.param_groups])
    return out


RECIPES = {
    "warmup_cosine": sx.warmup(sx.cosine(0.1, 1e-4, 90), 10),
    "wsd": sx.wsd(0.01, 10, 60, 30, decay_shape="1-sqrt"),
    "one_cycle": pt.OneCycleLR(max_lr=0.1, total_steps=100),
    "one_cycle_momentum": pt.OneCycleLR_momentum(max_lr=0.1, total_steps=100),
    "sgdr": pt.CosineAnnealingWarmRestarts(T_0=7, T_mult=2, base_lr=0.1),
    "exponential": sx.exponential(0.1, 0.97),
    "multistep": sx.multistep(0.1, [20, 50, 70], factor=0.3),
    "triangular": sx.triangular(0.001, 0.1, 12),
}


# ---------------------------------------------------------------- basics


def test_is_a_torch_lr_scheduler():
    # what Lightning and the Hugging Face Trainer check
    sched = ScheduleLR(sgd(), sx.constant(0.1))
    assert isinstance(sched, LRScheduler)
    assert isinstance(sched, torch.optim.lr_scheduler.LRScheduler)


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_values_are_the_schedule_at_each_step(name):
    s = RECIPES[name]
    opt = sgd(groups=3)
    sched = ScheduleLR(opt, s, block=16)  # several refills
    seen = run(opt, sched, 120)
    for k, row in enumerate(seen):
        assert row == [s(k)] * 3, k
    assert sched.get_last_lr() == [s(120)] * 3
    assert sched.last_epoch == sched.step_count == 120


@given(sts.trees(), st.integers(1, 70), st.sampled_from([1, 3, 64, 1024]))
def test_values_are_exact_for_any_schedule(s, n, block):
    opt = sgd()
    sched = ScheduleLR(opt, s, block=block)
    seen = [row[0] for row in run(opt, sched, n)]
    if block == 1:
        expected = [s(k) for k in range(n + 1)]
    else:
        expected = s(np.arange(n + 1, dtype=np.int64)).tolist()
    assert seen == expected
    assert all(isinstance(x, float) for x in seen)


@given(sts.trees(), st.integers(0, 10**9))
def test_start_step_resumes_from_a_step_number(s, k):
    opt = sgd()
    sched = ScheduleLR(opt, s, step=k)
    assert opt.param_groups[0]["lr"] == s(np.arange(k, k + 1))[0]
    opt.step()
    sched.step()
    assert opt.param_groups[0]["lr"] == s(np.arange(k + 1, k + 2))[0]
    assert sched.last_epoch == k + 1


def test_one_schedule_per_group_as_list_index_or_name():
    a, b, c = sx.constant(0.1), sx.linear(1.0, 0.0, 10), sx.cosine(0.5, 0.0, 10)
    opt = sgd(groups=3, lr=7.0)
    run(opt, ScheduleLR(opt, [a, None, c]), 4)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 7.0, c(4)]

    opt = sgd(groups=3, lr=7.0)
    run(opt, ScheduleLR(opt, {2: b, 0: 0.25}), 3)
    assert [g["lr"] for g in opt.param_groups] == [0.25, 7.0, b(3)]

    opt = sgd(groups=3, lr=7.0)
    opt.param_groups[1]["name"] = "head"
    opt.param_groups[2]["name"] = "body"
    sched = ScheduleLR(opt, {"head": b, "body": c})
    run(opt, sched, 5)
    assert [g["lr"] for g in opt.param_groups] == [7.0, b(5), c(5)]
    assert sched.schedules == {"lr": [None, b, c]}


def test_factor_mode_multiplies_each_groups_initial_lr():
    s = sx.warmup(sx.cosine(1.0, 0.1, 20), 5)
    opt = sgd(groups=2)
    opt.param_groups[1]["lr"] = 0.03
    sched = ScheduleLR(opt, s, factor=True)
    seen = run(opt, sched, 30)
    for k, row in enumerate(seen):
        assert row == [0.1 * s(k), 0.03 * s(k)]
    assert sched.base_lrs == [0.1, 0.03]
    # torch's LambdaLR does the same with the same function
    opt2 = sgd(groups=2)
    opt2.param_groups[1]["lr"] = 0.03
    lam = torch.optim.lr_scheduler.LambdaLR(opt2, lambda k: s(k))
    for k in range(30):
        opt2.step()
        lam.step()
        assert lam.get_last_lr() == seen[k + 1]


def test_factor_mode_of_other_hyperparameters_uses_their_initial_value():
    opt = adam(weight_decay=0.5, betas=(0.8, 0.99))
    s = sx.linear(1.0, 0.5, 10)
    sched = ScheduleLR(opt, None, factor=True, weight_decay=s, momentum=s)
    run(opt, sched, 4)
    g = opt.param_groups[0]
    assert g["weight_decay"] == 0.5 * s(4)
    assert g["betas"] == (0.8 * s(4), 0.99)
    assert g["lr"] == 0.1  # not scheduled


def test_momentum_betas_weight_decay_and_any_entry():
    m = RECIPES["one_cycle_momentum"]
    lr = RECIPES["one_cycle"]
    wd = sx.linear(0.0, 0.1, 50)
    opt = sgd(momentum=0.9, weight_decay=0.0)
    sched = ScheduleLR(opt, lr, momentum=m, weight_decay=wd, hyperparams={"dampening": 0.1})
    run(opt, sched, 60)
    g = opt.param_groups[0]
    assert (g["lr"], g["momentum"], g["weight_decay"], g["dampening"]) == (
        lr(60),
        m(60),
        wd(60),
        0.1,
    )
    assert sched.values() == {
        "lr": [lr(60)],
        "momentum": [m(60)],
        "weight_decay": [wd(60)],
        "dampening": [0.1],
    }

    # Adam-style: momentum= writes betas[0]; betas[1] and eps by name
    opt = adam(cls=torch.optim.AdamW)
    b2 = sx.linear(0.95, 0.999, 20)
    sched = ScheduleLR(opt, lr, momentum=m, hyperparams={"betas[1]": b2, "eps": 1e-6})
    run(opt, sched, 25)
    g = opt.param_groups[0]
    assert g["betas"] == (m(25), b2(25))
    assert isinstance(g["betas"], tuple)
    assert g["eps"] == 1e-6


def test_torch_onecycle_lr_and_momentum_match_exactly_in_one_scheduler():
    kw = {"max_lr": 0.1, "total_steps": 60, "pct_start": 0.3}
    opt_t = sgd(momentum=0.9)
    ref = torch.optim.lr_scheduler.OneCycleLR(opt_t, **kw)
    opt = sgd(momentum=0.9)
    sched = ScheduleLR(opt, pt.OneCycleLR(**kw), momentum=pt.OneCycleLR_momentum(**kw))
    for _ in range(59):
        for o, s in ((opt_t, ref), (opt, sched)):
            o.step()
            s.step()
        g, h = opt.param_groups[0], opt_t.param_groups[0]
        assert math.isclose(g["lr"], h["lr"], rel_tol=1e-9, abs_tol=1e-15)
        assert math.isclose(g["momentum"], h["momentum"], rel_tol=1e-9)


# ---------------------------------------------------------------- tensors


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_tensor_lrs_are_filled_in_place(dtype):
    s = RECIPES["warmup_cosine"]
    lr = torch.tensor(0.01, dtype=dtype)
    betas = (torch.tensor(0.9, dtype=dtype), torch.tensor(0.999, dtype=dtype))
    opt = adam(groups=2, lr=lr, betas=betas, foreach=False)
    tensors = [g["lr"] for g in opt.param_groups]
    beta_tensors = [g["betas"][0] for g in opt.param_groups]
    m = sx.linear(0.95, 0.85, 50)
    sched = ScheduleLR(opt, s, momentum=m)
    for k in range(1, 40):
        opt.step()
        sched.step()
        for g, t, b in zip(opt.param_groups, tensors, beta_tensors, strict=True):
            assert g["lr"] is t  # the same tensor, updated in place
            assert g["betas"][0] is b
            assert t.item() == torch.tensor(s(k), dtype=dtype).item()
            assert b.item() == torch.tensor(m(k), dtype=dtype).item()
    last = sched.get_last_lr()
    assert isinstance(last[0], torch.Tensor)
    assert last[0] is not tensors[0]  # a copy, as torch's get_last_lr


def test_rebinds_after_optimizer_load_state_dict():
    # Optimizer.load_state_dict builds new param group dicts
    s = sx.linear(1.0, 0.0, 10)
    opt = sgd()
    sched = ScheduleLR(opt, s)
    saved = opt.state_dict()
    run(opt, sched, 2)
    opt.load_state_dict(saved)
    run(opt, sched, 3)
    assert opt.param_groups[0]["lr"] == s(5)


# ---------------------------------------------------------------- checkpoints


def roundtrip(state: dict) -> dict:
    buf = io.BytesIO()
    torch.save(state, buf)
    buf.seek(0)
    return torch.load(buf, weights_only=True)


@given(sts.trees(), st.integers(0, 40), st.integers(1, 40), st.booleans())
def test_resume_from_state_dict_is_exact(s, k, m, factor):
    opt = sgd(groups=2, momentum=0.9)
    sched = ScheduleLR(opt, s, factor=factor, momentum=sx.linear(0.9, 0.8, 30), block=8)
    straight = run(opt, sched, k + m)

    opt1 = sgd(groups=2, momentum=0.9)
    s1 = ScheduleLR(opt1, s, factor=factor, momentum=sx.linear(0.9, 0.8, 30), block=8)
    run(opt1, s1, k)
    state, opt_state = roundtrip(s1.state_dict()), roundtrip(opt1.state_dict())

    opt2 = sgd(groups=2, momentum=0.9)
    s2 = ScheduleLR(opt2, s, factor=factor, momentum=sx.linear(0.9, 0.8, 30), block=8)
    opt2.load_state_dict(opt_state)
    s2.load_state_dict(state)
    assert s2.last_epoch == k
    resumed = run(opt2, s2, m)
    assert resumed == straight[k:]


def test_checkpoint_of_another_schedule_is_refused():
    opt = sgd()
    a = ScheduleLR(opt, sx.cosine(0.1, 0.0, 100))
    run(opt, a, 3)
    state = a.state_dict()
    other = ScheduleLR(sgd(), sx.cosine(0.1, 0.0, 200))
    with pytest.raises(ValueError, match=r"step 3\) was made with other schedules"):
        other.load_state_dict(state)
    with pytest.raises(ValueError, match=r"cosine\(0\.1, 0\.0, 100\)"):
        other.load_state_dict(state)
    with pytest.raises(ValueError, match="other schedules"):
        ScheduleLR(sgd(), sx.cosine(0.1, 0.0, 100), factor=True).load_state_dict(state)
    # explicitly accepted: continue at that step with this scheduler's schedule
    other.load_state_dict(state, check_schedule=False)
    assert other.last_epoch == 3
    assert other.get_last_lr() == [sx.cosine(0.1, 0.0, 200)(3)]
    with pytest.raises(ValueError, match="not a ScheduleLR state_dict"):
        other.load_state_dict({"last_epoch": 3})


def test_state_dict_is_small_and_plain():
    opt = sgd()
    sched = ScheduleLR(opt, sx.piecewise(list(range(1, 1000)), [0.1] * 1000))
    state = sched.state_dict()
    assert set(state) == {
        "version",
        "step",
        "fingerprint",
        "schedules",
        "bases",
        "plateau_state",
        "_step_count",
    }
    assert len(state["schedules"]) <= 420
    assert roundtrip(state) == state


# ---------------------------------------------------------------- plateau


def test_plateau_scales_the_lr_and_resumes():
    s = sx.warmup(sx.constant(0.1), 3)
    machine = sx.reduce_on_plateau(factor=0.5, patience=1)
    metrics = [5.0, 4.0, 4.0, 4.0, 4.0, 3.0, 3.0, 3.0, 3.0, 3.0]
    opt = sgd(momentum=0.9)
    sched = ScheduleLR(opt, s, plateau=machine, momentum=0.9)
    state = machine.init()
    for k, metric in enumerate(metrics, start=1):
        opt.step()
        sched.step(metric)
        state = machine.update(state, metric)
        assert opt.param_groups[0]["lr"] == s(k) * state.scale
        assert opt.param_groups[0]["momentum"] == 0.9  # not scaled
        assert sched.plateau_state == state
    assert state.scale == 0.125
    # steps without a metric keep the scale
    opt.step()
    sched.step()
    assert opt.param_groups[0]["lr"] == s(11) * 0.125
    # resume keeps the plateau state
    again = ScheduleLR(sgd(momentum=0.9), s, plateau=machine, momentum=0.9)
    again.load_state_dict(roundtrip(sched.state_dict()))
    assert again.plateau_state == sched.plateau_state
    assert again.get_last_lr() == sched.get_last_lr()


def test_plateau_follows_torch_reduce_lr_on_plateau():
    rng = np.random.default_rng(0)
    metrics = np.round(rng.uniform(0, 1, 60), 1).tolist()
    opt_t = sgd()
    ref = torch.optim.lr_scheduler.ReduceLROnPlateau(opt_t, factor=0.5, patience=2)
    opt = sgd()
    sched = ScheduleLR(opt, 0.1, plateau=sx.reduce_on_plateau(factor=0.5, patience=2))
    for metric in metrics:
        opt_t.step()
        ref.step(metric)
        opt.step()
        sched.step(metric)
        assert math.isclose(opt.param_groups[0]["lr"], opt_t.param_groups[0]["lr"], rel_tol=1e-12)


def test_a_metric_without_a_plateau_machine_is_refused():
    opt = sgd()
    sched = ScheduleLR(opt, 0.1)
    opt.step()
    with pytest.raises(TypeError, match="no plateau machine"):
        sched.step(0.5)
    sched = ScheduleLR(opt, 0.1, plateau=sx.reduce_on_plateau())
    with pytest.raises(TypeError, match="'metric' must be a real number"):
        sched.step("low")


# ---------------------------------------------------------------- errors


def test_bad_arguments_name_the_parameter():
    s = sx.constant(0.1)
    with pytest.raises(TypeError, match=r"'optimizer' must be a torch\.optim\.Optimizer"):
        ScheduleLR(object(), s)
    with pytest.raises(TypeError, match="'schedule' must be a schedule, a number"):
        ScheduleLR(sgd(), "cosine")
    with pytest.raises(TypeError, match="'factor' must be True or False"):
        ScheduleLR(sgd(), s, factor=1)
    with pytest.raises(ValueError, match="'step' must be a non-negative integer"):
        ScheduleLR(sgd(), s, step=-1)
    with pytest.raises(ValueError, match="'block' must be"):
        ScheduleLR(sgd(), s, block=0)
    with pytest.raises(TypeError, match=r"'plateau' must be a schedax\.reduce_on_plateau"):
        ScheduleLR(sgd(), s, plateau=torch.optim.lr_scheduler.ReduceLROnPlateau)
    with pytest.raises(ValueError, match="'schedule' has 1 entries but the optimizer has 2"):
        ScheduleLR(sgd(groups=2), [s])
    with pytest.raises(ValueError, match="param group 3, but the optimizer has 2"):
        ScheduleLR(sgd(groups=2), {3: s})
    with pytest.raises(ValueError, match="names param group 'head'"):
        ScheduleLR(sgd(groups=2), {"head": s})
    with pytest.raises(ValueError, match=r"no 'momentum' entry.*neither 'momentum' nor 'betas'"):
        ScheduleLR(torch.optim.Adagrad([torch.nn.Parameter(torch.zeros(1))]), momentum=s)
    with pytest.raises(ValueError, match="has no 'gamma' entry"):
        ScheduleLR(sgd(), hyperparams={"gamma": s})
    with pytest.raises(ValueError, match="no element 2"):
        ScheduleLR(adam(), hyperparams={"betas[2]": s})
    with pytest.raises(TypeError, match="'nesterov': param group 0 holds False"):
        ScheduleLR(sgd(), hyperparams={"nesterov": s})
    with pytest.raises(ValueError, match="entry 'betas\\[0\\]' is scheduled twice"):
        ScheduleLR(adam(), momentum=s, hyperparams={"betas[0]": s})
    with pytest.raises(ValueError, match="nothing to schedule"):
        ScheduleLR(sgd())


def test_jax_parameters_are_refused():
    jnp = pytest.importorskip("jax.numpy")
    with pytest.raises(TypeError, match="concrete numbers"):
        ScheduleLR(sgd(), sx.cosine(jnp.float32(0.1), 0.0, 10))


def test_stepping_before_the_optimizer_warns_as_torch_does():
    sched = ScheduleLR(sgd(), 0.1)
    with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
        sched.step()


# ---------------------------------------------------------------- heavy


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:`torch.jit.script_method` is deprecated:DeprecationWarning")
def test_compiled_optimizer_step_does_not_recompile_with_tensor_lrs():
    def count_compiles(lr: object, steps: int) -> tuple[int, list[float]]:
        torch._dynamo.reset()
        compiles: list[int] = []

        def backend(gm, example_inputs):
            compiles.append(1)
            return gm.forward

        model = torch.nn.Linear(4, 1)
        opt = torch.optim.Adam(model.parameters(), lr=lr, foreach=False)
        sched = ScheduleLR(opt, RECIPES["warmup_cosine"])

        @torch.compile(backend=backend)
        def opt_step():
            opt.step()

        x = torch.randn(8, 4)
        lrs = []
        for _ in range(steps):
            model(x).sum().backward()
            opt_step()
            opt.zero_grad()
            sched.step()
            lrs.append(float(opt.param_groups[0]["lr"]))
        return len(compiles), lrs

    n, lrs = count_compiles(torch.tensor(0.01), 12)
    s = RECIPES["warmup_cosine"]
    assert lrs == [float(torch.tensor(s(k), dtype=torch.float32)) for k in range(1, 13)]
    assert len(set(lrs)) == 12  # the lr changed at every step...
    assert n == 1  # ...and the compiled step was compiled once
    # the control: a Python float lr is a constant of the graph
    n_float, _ = count_compiles(0.01, 4)
    assert n_float > 1
    torch._dynamo.reset()


@pytest.mark.slow
def test_ddp_ranks_hold_the_same_values_and_resume(tmp_path):
    import json

    import torch.multiprocessing as mp

    from . import _ddp_worker as w

    mp.spawn(w.worker, args=(2, str(tmp_path)), nprocs=2, join=True)
    ranks = [json.loads((tmp_path / f"rank{r}.json").read_text()) for r in range(2)]
    for run_ in ranks:
        for phase in ("first", "straight", "resumed"):
            for rec in run_[phase]:
                k = rec["step"]
                assert rec["values"] == [[w.LR(k), w.MOMENTUM(k)]] * 2, (phase, k)
        assert [r["step"] for r in run_["first"]] == list(range(1, w.HALF + 1))
        assert [r["step"] for r in run_["resumed"]] == list(range(w.HALF + 1, w.STEPS + 1))
        assert run_["resumed"] == run_["straight"]  # weights too: resume is exact
    assert ranks[0]["resumed"] == ranks[1]["resumed"]  # DDP keeps the weights in sync
