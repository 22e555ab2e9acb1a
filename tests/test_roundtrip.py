"""A schedule is a value: repr, equality, hashing, pickling, dicts, immutability."""

from __future__ import annotations

import copy
import dataclasses
import json
import math
import pickle
import re

import numpy as np
import pytest
from hypothesis import given, settings, target
from hypothesis import strategies as st

import schedax as sx
from tests import strategies as sts

WIDTH = 80


def rebuild(s: sx.Schedule) -> sx.Schedule:
    return eval(repr(s), dict(vars(sx)))


def nodes(s: sx.Schedule):
    """Every schedule in the tree ``s``, ``s`` first."""
    yield s
    for f in dataclasses.fields(s):
        value = getattr(s, f.name)
        if isinstance(value, sx.Schedule):
            yield from nodes(value)
        elif isinstance(value, tuple):
            for v in value:
                if isinstance(v, sx.Schedule):
                    yield from nodes(v)


# ---------------------------------------------------------------------- repr


@given(sts.trees(), st.lists(sts.steps, min_size=1, max_size=5))
def test_repr_evaluates_back_to_an_equal_schedule(s, ts):
    back = rebuild(s)
    assert back == s
    assert hash(back) == hash(s)
    assert repr(back) == repr(s)
    for t in ts:
        assert back(t) == s(t)


@settings(max_examples=400)  # cheap: repr only
@given(sts.trees(12))
def test_repr_wraps_at_80_columns(s):
    text = repr(s)
    target(float(max(len(line) for line in text.splitlines())))  # seek the longest lines
    too_long = [line for line in text.splitlines() if len(line) > WIDTH]
    assert not too_long, text
    # it wraps only when the one-line form does not fit
    flat = re.sub(r"\s+", " ", text)
    for a, b in [("( ", "("), ("[ ", "["), (", )", ")"), (", ]", "]")]:
        flat = flat.replace(a, b)
    assert eval(flat, dict(vars(sx))) == s
    assert ("\n" in text) == (len(flat) > WIDTH)


def test_repr_counts_the_trailing_comma_of_a_wrapped_item():
    # the inner line is exactly 80 characters with its comma
    s = sx.clip(sx.exponential(0.8189965192541315, 0.5721790076773512, 4, True), high=0.5)
    lines = repr(s).splitlines()
    assert max(len(line) for line in lines) <= WIDTH, repr(s)
    assert rebuild(s) == s


# ------------------------------------------------------ equality and hashing


@given(sts.trees())
def test_equal_schedules_hash_equal_and_differ_from_a_changed_one(s):
    twin = sx.from_dict(s.to_dict())
    assert twin == s
    assert hash(twin) == hash(s)
    assert len({s, twin}) == 1
    assert sx.shift(s, 1) != s
    assert s != repr(s)


# ------------------------------------------------------------------ pickling


@given(sts.trees(), st.lists(sts.steps, min_size=1, max_size=8))
def test_pickle_round_trips(s, ts):
    back = pickle.loads(pickle.dumps(s))
    assert back == s
    assert hash(back) == hash(s)
    assert [back(t) for t in ts] == [s(t) for t in ts]
    steps = np.asarray(ts, dtype=np.int64)
    np.testing.assert_array_equal(back(steps), s(steps))


# ---------------------------------------------------------------- to_dict


@given(sts.trees(), st.lists(sts.steps, min_size=1, max_size=5))
def test_dict_round_trips_through_json(s, ts):
    d = s.to_dict()
    text = json.dumps(d, allow_nan=False)  # JSON-safe: no tuples, NaN or objects
    assert json.loads(text) == d
    back = sx.from_dict(json.loads(text))
    assert back == s
    assert sx.from_dict(d) == s
    assert back.to_dict() == d
    for t in ts:
        assert back(t) == s(t)


def test_from_fn_with_an_importable_function_round_trips():
    # `math.exp` is a stdlib function: it is written as "math:exp". A function of
    # this test suite works too, because tests/ is a package (tests/__init__.py)
    # importable from the project root, where pytest puts it on sys.path.
    for fn, path in [(math.exp, "math:exp"), (sts.double, "tests.strategies:double")]:
        s = sx.warmup(sx.from_fn(fn) * 0.01, 5)
        d = s.to_dict()
        assert d["schedule"]["schedules"][1] == {"type": "from_fn", "fn": path, "vectorized": False}
        back = sx.from_dict(json.loads(json.dumps(d)))
        assert back == s
        assert back(7) == s(7) == 0.01 * fn(2)
        assert pickle.loads(pickle.dumps(s)) == s


def test_from_fn_accepts_the_path_it_writes():
    assert sx.from_fn("math:exp") == sx.from_fn(math.exp)


def test_from_fn_with_a_lambda_or_closure_cannot_be_written_to_a_dict():
    with pytest.raises(TypeError, match=r"from_fn: cannot serialise 'fn' = .*lambda"):
        sx.from_fn(lambda t: 0.1).to_dict()

    def local(t):
        return 0.1

    with pytest.raises(TypeError, match="not lambdas, closures or __main__ functions"):
        sx.join([sx.constant(1.0), sx.from_fn(local)], [10]).to_dict()


# ---------------------------------------------------------- copy and freeze


@given(sts.trees())
def test_copies_are_the_schedule_itself(s):
    assert copy.copy(s) is s
    deep = copy.deepcopy(s)
    assert deep is s or deep == s
    holder = copy.deepcopy({"lr": s})
    assert holder["lr"] == s


@given(sts.trees())
def test_schedules_are_immutable(s):
    for node in nodes(s):
        field = dataclasses.fields(node)[0].name
        with pytest.raises(
            dataclasses.FrozenInstanceError, match=f"cannot assign to field '{field}'"
        ):
            setattr(node, field, 0.5)
        assert getattr(node, field) is not None


@given(sts.trees())
def test_no_schedule_looks_stateful_to_optax(s):
    # optax.inject_hyperparams takes a callable with `init` and `update` for a
    # stateful schedule: no node of a tree may have both
    for node in nodes(s):
        assert not (hasattr(node, "init") and hasattr(node, "update")), node
