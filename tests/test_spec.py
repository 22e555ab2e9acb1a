"""Schedules from text: the restricted expression parser and JSON / YAML documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given

import schedax as sx
from schedax._spec import (
    MAX_NODES,
    SpecError,
    constructors,
    load,
    parse_document,
    parse_expression,
)
from schedax.presets import torch as pt
from tests import strategies as sts

# ------------------------------------------------------------- round trips


@given(sts.trees())
def test_repr_parses_back_to_an_equal_schedule(s: sx.Schedule) -> None:
    assert parse_expression(repr(s)) == s


@given(sts.trees())
def test_to_dict_as_json_parses_back(s: sx.Schedule) -> None:
    assert parse_document(json.dumps(s.to_dict())) == s


@pytest.mark.parametrize(
    "s",
    [
        pt.OneCycleLR(1e-3, 1_000),
        pt.CosineAnnealingLR(10, 0.01, base_lr=0.1),
        pt.CyclicLR(0.1, 1.0, 5, mode="exp_range", gamma=0.99),
        sx.cycle(sx.cosine(1.0, 0.0, 10), 10, period_mult=2.0, limit=3),
        -sx.linear(0.0, 1.0, 10),
    ],
)
def test_presets_and_negative_numbers_round_trip(s: sx.Schedule) -> None:
    assert parse_expression(repr(s)) == s


# ------------------------------------------------------------------ grammar


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "warmup(cosine(1e-3, 1e-5, 99_000), 1_000)",
            sx.warmup(sx.cosine(1e-3, 1e-5, 99_000), 1_000),
        ),
        ("0.5 * cosine(1, 0, 10)", 0.5 * sx.cosine(1.0, 0.0, 10)),
        ("cosine(1, 0, 10) / 2 + 0.1", sx.cosine(1.0, 0.0, 10) / 2 + 0.1),
        ("1 - linear(0, 1, 10)", 1 - sx.linear(0.0, 1.0, 10)),
        ("-cosine(1, 0, 10)", -sx.cosine(1.0, 0.0, 10)),
        ("cosine(+1, -1, 10)", sx.cosine(1.0, -1.0, 10)),
        ("cosine(1, 0, 10**3)", sx.cosine(1.0, 0.0, 1_000)),
        ("cosine(2**-1, 0, 8)", sx.cosine(0.5, 0.0, 8)),
        ("join((cosine(1, 0, 5), 0.1), (5,))", sx.join([sx.cosine(1.0, 0.0, 5), 0.1], [5])),
        ("exponential(1.0, 0.5, every=10, staircase=True)", sx.exponential(1.0, 0.5, 10, True)),
        ("clip(linear(0, 1, 10), low=None, high=0.5)", sx.clip(sx.linear(0.0, 1.0, 10), None, 0.5)),
        (
            "wsd(1.0, 10, 80, 10, decay_shape='1-sqrt')",
            sx.wsd(1.0, 10, 80, 10, decay_shape="1-sqrt"),
        ),
        ("torch.StepLR(30, 0.1, base_lr=0.1)", pt.StepLR(30, 0.1, base_lr=0.1)),
        ("0.1", sx.constant(0.1)),
        ("  cosine(1, 0, 10)\n", sx.cosine(1.0, 0.0, 10)),
        ("cosine(\n  1,\n  0,\n  10,\n)", sx.cosine(1.0, 0.0, 10)),
    ],
)
def test_expressions_build_what_python_builds(text: str, expected: sx.Schedule) -> None:
    assert parse_expression(text) == expected


def test_constructors_are_the_public_schedule_functions_and_presets() -> None:
    names = constructors()
    for name in ("cosine", "join", "warmup", "cycle", "wsd", "one_cycle", "triangular"):
        assert names[name] is getattr(sx, name)
    assert names["torch.OneCycleLR"] is pt.OneCycleLR
    for refused in ("from_fn", "multiplicative", "from_dict", "plot", "reduce_on_plateau"):
        assert refused not in names
    assert "torch.LambdaLR" not in names
    assert "torch.ReduceLROnPlateau" not in names


# ------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    ("text", "match", "column"),
    [
        ("__import__('os').system('ls')", "attribute access is refused", 1),
        ("cosine(1, 0, __import__('os'))", r"names starting with '_' are refused", 14),
        ("os.system('ls')", r"attribute access is refused \(got 'os.system'\)", 1),
        ("cosine.__class__", "attribute access is refused", 1),
        ("cosine(1, 0, 10).__class__", "attribute access is refused", 1),
        ("lambda: 0", "lambdas are not allowed", 1),
        ("[s for s in (1,)]", "comprehensions are not allowed", 1),
        ("cosine(1, 0, 10)[0]", "subscripts are not allowed", 1),
        ("{'type': 'cosine'}", "dicts are not allowed", 1),
        ("cosine(1, 0, 10) if 1 else 0", "conditional expressions are not allowed", 1),
        ("cosine(1, 0, 10) < 1", "comparisons are not allowed", 1),
        ("cosine(1, 0, *[10])", r"\* unpacking is not allowed", 14),
        ("cosine(1, 0, 10, **{})", r"\*\* unpacking is not allowed", 20),
        ("eval('1')", r"unknown name 'eval'", 1),
        ("open('/etc/passwd')", r"unknown name 'open'", 1),
        ("cosin(1, 0, 10)", r"unknown name 'cosin'; did you mean cosine", 1),
        ("torch.StepLr(30)", r"unknown preset 'torch.StepLr'; did you mean torch.StepLR", 1),
        ("torch.LambdaLR(abs)", r"torch.LambdaLR takes a Python function", 1),
        ("from_fn('os:system')", r"from_fn takes a Python function", 1),
        ("multiplicative(0.5)", r"multiplicative takes a Python function", 1),
        ("cosine", r"'cosine' must be called: cosine\(...\)", 1),
        ("2 ** 10_000", r"exponents must be at most 1024", 1),
        ("9 ** 999", r"'9 \*\* 999' is too large", 1),
        ("10 ** 30", "too large", 1),
        ("cosine(1, 0, 10 ** 19)", r"integers must be at most 2\*\*63 - 1", 14),
        ("cosine(1, 0, 99999999999999999999)", r"integers must be at most 2\*\*63 - 1", 14),
        ("cosine(1e999, 0, 10)", "numbers must be finite", 8),
        ("cosine(1e308 * 10, 0, 10)", "is not finite", 8),
        ("(-8) ** 0.5", "not a finite real number", 1),
        ("cosine(1j, 0, 10)", "complex literals are not allowed", 8),
        ("cosine(b'1', 0, 10)", "bytes literals are not allowed", 8),
        ("cosine(1, 0, 10, exponent='x' * 3)", r"'\*' needs numbers or schedules", 27),
        ("warmup(cosine(1, 0, 10), 5, shape='os:system')", "strings are option names", 35),
        ("[1] * 10", r"'\*' needs numbers or schedules", 1),
        ("cosine(1, 0, -1)", r"cosine: 'steps' must be a non-negative integer \(got -1\)", 1),
        ("warmup(cosine(1, 0, -1), 5)", r"cosine: 'steps' must be", 8),
        ("cosine(1, 0)", r"missing 1 required positional argument: 'steps'", 1),
        ("cosine(1, 0, 10, bogus=1)", "unexpected keyword argument 'bogus'", 1),
        ("not cosine(1, 0, 10)", r"only unary \+ and - are allowed", 1),
        ("-'a'", r"unary - needs a number or a schedule", 1),
        ("'cosine'", "the expression must build a schedule", 1),
        ("cosine(1, 0, 10", r"invalid syntax: '\(' was never closed", 7),
        ("import os", "invalid syntax", 1),
        ("x = 1", "invalid syntax", 3),
        ("cosine(1, 0, 10)\nos", "invalid syntax", None),
    ],
)
def test_everything_else_is_refused_with_its_position(
    text: str, match: str, column: int | None
) -> None:
    with pytest.raises(SpecError, match=match) as err:
        parse_expression(text)
    assert err.value.line is not None
    if column is not None:
        assert err.value.column == column, str(err.value)
    assert str(err.value).startswith(f"line {err.value.line}")


def test_nothing_is_evaluated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "pwned"
    monkeypatch.chdir(tmp_path)
    for text in (
        f"open({str(marker)!r}, 'w')",
        f"__import__('pathlib').Path({str(marker)!r}).touch()",
        "[c for c in ().__class__.__base__.__subclasses__()]",
    ):
        with pytest.raises(SpecError):
            parse_expression(text)
    assert not marker.exists()


def test_size_limits() -> None:
    with pytest.raises(SpecError, match="too long"):
        parse_expression("1" + " " * 200_000)
    many = "join([" + ", ".join(["0.1"] * (MAX_NODES + 1)) + "], None)"
    with pytest.raises(SpecError, match="too large"):
        parse_expression(many)
    deep = "-" * 150 + "1"
    with pytest.raises(SpecError, match="nests deeper than 100 levels"):
        parse_expression(deep)
    with pytest.raises(SpecError, match="empty"):
        parse_expression("   ")


def test_pointer_marks_the_column() -> None:
    with pytest.raises(SpecError) as err:
        parse_expression("warmup(cosin(1, 0, 10), 5)")
    assert err.value.pointer() == "  warmup(cosin(1, 0, 10), 5)\n         ^"


def test_type_of_the_text_is_checked() -> None:
    with pytest.raises(TypeError, match="'text' must be a string"):
        parse_expression(b"cosine(1, 0, 10)")  # type: ignore[arg-type]


# ---------------------------------------------------------------- documents

COSINE = {"type": "cosine", "start": 1.0, "end": 0.0, "steps": 10}


def test_json_and_yaml_documents() -> None:
    s = sx.warmup(sx.cosine(1.0, 0.0, 10), 5)
    import yaml

    assert parse_document(json.dumps(s.to_dict())) == s
    assert parse_document(yaml.safe_dump(s.to_dict()), fmt="yaml") == s
    assert parse_document(yaml.safe_dump(s.to_dict())) == s


@pytest.mark.parametrize(
    ("text", "fmt", "match", "line"),
    [
        ('{"type": "cosine", "start": 1.0,,}', "json", "invalid JSON", 1),
        ('{"type": "cosine",\n "start": [}', None, "invalid JSON or YAML", 2),
        ("type: cosine\n  start: [1.0\n", "yaml", "invalid YAML", 2),
        (
            '{"type": "join", "schedules": [{"type": "cosin"}], "boundaries": []}',
            "json",
            r"at \$.schedules\[0\].type: unknown schedule type 'cosin'; did you mean cosine",
            None,
        ),
        (
            "type: warmup\nsteps: 5\nschedule:\n  type: cosine\n  start: 1.0\n  end: 0.0\n"
            "  steps: -1\n",
            "yaml",
            r"at \$.schedule: cosine: 'steps' must be a non-negative integer \(got -1\)",
            4,
        ),
        ("type: cosine\nstart: 1\nend: 0\nsteps: 5\nbogus: 1\n", "yaml", "no parameter", 1),
        ('{"start": 1.0}', "json", "a schedule needs a 'type'", None),
        ("[1, 2]", "json", "expected a schedule dict", None),
        ('{"type": "from_fn", "fn": "os:system"}', "json", "names a Python function", None),
    ],
)
def test_document_errors_name_the_position(
    text: str, fmt: str | None, match: str, line: int | None
) -> None:
    with pytest.raises(SpecError, match=match) as err:
        parse_document(text, "spec.txt", fmt)
    assert str(err.value).startswith("spec.txt")
    assert err.value.line == line


def test_load_reads_files_documents_and_expressions(tmp_path: Path) -> None:
    s = sx.cosine(1.0, 0.0, 10)
    (tmp_path / "s.json").write_text(json.dumps(COSINE), encoding="utf-8")
    (tmp_path / "s.yaml").write_text("type: cosine\nstart: 1.0\nend: 0.0\nsteps: 10\n")
    (tmp_path / "spec").write_text(json.dumps(COSINE), encoding="utf-8")
    assert load(str(tmp_path / "s.json")) == s
    assert load(str(tmp_path / "s.yaml")) == s
    assert load(str(tmp_path / "spec")) == s
    assert load(json.dumps(COSINE)) == s
    assert load("cosine(1.0, 0.0, 10)") == s
    with pytest.raises(SpecError, match=r"missing.yaml: no such file"):
        load(str(tmp_path / "missing.yaml"))
