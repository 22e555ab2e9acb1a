"""The public surface: exact names, documentation, packaging."""

from __future__ import annotations

import importlib
import importlib.resources
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import schedax as sx
from schedax.schedules._base import _REGISTRY, Schedule

EXPECTED = {
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
    # seeing a schedule
    "plot",
}
RECIPES = {"wsd", "one_cycle", "triangular"}
DESCRIBED = {"Schedule", "from_dict", "plot"}  # no formula: a description instead
MACHINES = {"reduce_on_plateau"}  # state machines: not schedules, not in the registry
PUBLIC = sorted(EXPECTED)


def test_all_is_exactly_the_public_names() -> None:
    assert set(sx.__all__) == EXPECTED
    assert len(sx.__all__) == len(EXPECTED), "duplicates in __all__"


def test_all_names_exist() -> None:
    for name in sx.__all__:
        assert hasattr(sx, name), name


def test_no_other_public_callables_at_top_level() -> None:
    extra = {
        name
        for name, obj in vars(sx).items()
        if not name.startswith("_") and callable(obj) and not inspect.ismodule(obj)
    }
    assert extra <= EXPECTED, extra - EXPECTED


@pytest.mark.parametrize("name", PUBLIC)
def test_docstring_has_formula_or_description_and_example(name: str) -> None:
    obj = getattr(sx, name)
    doc = inspect.getdoc(obj)
    assert doc, f"{name} has no docstring"
    if name in DESCRIBED:
        summary = doc.split("\n\n")[0]
        assert len(summary.split()) >= 5, f"{name}: the description is too short"
    else:
        assert ".. math::" in doc, f"{name}: no formula line"
    assert ">>>" in doc, f"{name}: no example"


@pytest.mark.parametrize("name", sorted(EXPECTED - DESCRIBED))
def test_docstring_documents_every_parameter(name: str) -> None:
    obj = getattr(sx, name)
    doc = inspect.getdoc(obj) or ""
    assert "Args:" in doc, name
    for param in inspect.signature(obj).parameters.values():
        label = ("*" + param.name) if param.kind is param.VAR_POSITIONAL else param.name
        assert f"{label}:" in doc, f"{name}: parameter {param.name!r} is not documented"


@pytest.mark.parametrize("name", PUBLIC)
def test_no_public_name_is_a_bare_lambda(name: str) -> None:
    obj = getattr(sx, name)
    assert getattr(obj, "__name__", None) == name, (name, getattr(obj, "__name__", None))
    assert inspect.isfunction(obj) or inspect.isclass(obj), name
    assert obj.__qualname__ == name


def test_every_registered_constructor_is_exported() -> None:
    assert _REGISTRY, "the registry is empty"
    for ctor, (cls, fn) in _REGISTRY.items():
        assert ctor in sx.__all__, ctor
        assert getattr(sx, ctor) is fn, ctor
        assert cls._ctor == ctor
        assert issubclass(cls, Schedule)


def test_every_non_recipe_constructor_is_registered() -> None:
    # from_dict can rebuild everything but the recipes, which build compositions
    assert set(_REGISTRY) == EXPECTED - DESCRIBED - RECIPES - MACHINES


def test_package_ships_py_typed() -> None:
    package_dir = Path(sx.__file__).parent
    assert (package_dir / "py.typed").is_file()
    assert importlib.resources.files("schedax").joinpath("py.typed").is_file()


def _all_subclasses(cls: type) -> set[type]:
    out: set[type] = set()
    for sub in cls.__subclasses__():
        out.add(sub)
        out |= _all_subclasses(sub)
    return out


def test_schedule_classes_never_define_both_init_and_update() -> None:
    # optax.inject_hyperparams treats a callable with init and update as stateful
    classes = {Schedule} | _all_subclasses(Schedule)
    assert len(classes) >= len(_REGISTRY)
    for cls in classes:
        assert not (hasattr(cls, "init") and hasattr(cls, "update")), cls


def test_schedule_instances_never_have_both_init_and_update() -> None:
    s = sx.warmup(sx.cycle(sx.cosine(1.0, 0.0, 10), 10), 5) * 2 + sx.from_fn(abs)
    for obj in (s, sx.wsd(1.0, 1, 2, 3), sx.multiplicative(abs)):
        assert not (hasattr(obj, "init") and hasattr(obj, "update")), obj


@pytest.mark.parametrize("module", ["schedax.schedules", "schedax.adapters"])
def test_subpackages_import(module: str) -> None:
    mod = importlib.import_module(module)
    assert mod.__name__ == module
    assert mod.__doc__
    assert Path(mod.__file__ or "").name == "__init__.py"


def test_schedules_subpackage_reexports_the_algebra() -> None:
    import schedax.schedules as schedules

    for name in EXPECTED - {"plot"}:  # plotting is not part of the algebra
        assert getattr(schedules, name) is getattr(sx, name), name


def test_version() -> None:
    assert isinstance(sx.__version__, str)
    assert sx.__version__.count(".") >= 2


def test_importing_schedax_imports_no_optional_dependency() -> None:
    code = (
        "import sys, schedax\n"
        "s = schedax.warmup(schedax.cosine(1.0, 0.0, 10), 5)\n"
        "s(3)\n"
        "bad = [m for m in ('jax', 'torch', 'optax', 'matplotlib', 'array_api_compat')"
        " if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""
