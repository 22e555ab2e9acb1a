"""Schedules from text: a restricted schedax expression, or a JSON / YAML document.

An *expression* is what ``repr`` prints, e.g.
``warmup(cosine(1e-3, 1e-5, 99_000), 1_000)``. It is parsed with :mod:`ast`
and built by calling the public schedax constructors directly: nothing is
ever passed to ``eval``. Allowed are

* calls of schedax constructors (``cosine``, ``join``, ``wsd``, ...) and of the
  peer presets under their namespace (``torch.OneCycleLR(max_lr=1e-3,
  total_steps=1_000)``), with positional and keyword arguments;
* numbers (``1e-3``, ``99_000``, ``-0.5``), ``True``/``False``/``None``, short
  strings (shape names such as ``"cosine"``), lists and tuples of these;
* ``+``, ``-``, ``*``, ``/`` between numbers and schedules, and ``**`` between
  numbers with a small exponent.

Everything else -- other names, attribute access, subscripts, lambdas,
comprehensions, ``**kwargs`` -- is refused with a :class:`SpecError` that
carries the line and column. The text, the number of syntax nodes, the
nesting depth, integer literals and exponents are bounded, so no expression
can make the parser allocate or compute without limit.

``from_fn`` and ``multiplicative`` (and the presets built on them) take a
Python function, which text cannot name safely: build those in Python.

A *document* is the dict of :meth:`schedax.Schedule.to_dict` as JSON or YAML
(``yaml.safe_load``); errors name the position of the offending entry.
"""

from __future__ import annotations

import ast
import difflib
import importlib
import importlib.util
import inspect
import json
import math
import operator
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .schedules._base import Schedule, constant, from_dict

#: bounds on what an expression may ask of the parser
MAX_CHARS = 100_000
MAX_NODES = 10_000
MAX_DEPTH = 100
MAX_INT = 2**63 - 1
MAX_EXPONENT = 1_024
MAX_STRING = 64

#: public names that take Python functions: text cannot name one safely
_TAKE_FUNCTIONS = frozenset({"from_fn", "multiplicative", "LambdaLR", "MultiplicativeLR"})
#: public names that are not schedule constructors callable from text
_NOT_CONSTRUCTORS = frozenset({"from_dict"})
#: peer preset namespaces, as written in an expression: ``torch.OneCycleLR(...)``
_PRESET_NAMESPACES = ("torch", "optax", "transformers", "timm", "keras")

_STRING = re.compile(r"[A-Za-z0-9_\-. ]*")

_NODE_NAMES = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscripts",
    ast.Lambda: "lambdas",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.Compare: "comparisons",
    ast.BoolOp: "'and' / 'or'",
    ast.IfExp: "conditional expressions",
    ast.NamedExpr: "assignments",
    ast.JoinedStr: "f-strings",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Starred: "* unpacking",
    ast.Slice: "slices",
}

_BINOPS: dict[type[ast.operator], tuple[str, Callable[[Any, Any], Any]]] = {
    ast.Add: ("+", operator.add),
    ast.Sub: ("-", operator.sub),
    ast.Mult: ("*", operator.mul),
    ast.Div: ("/", operator.truediv),
    ast.Pow: ("**", operator.pow),
}


class SpecError(ValueError):
    """A schedule spec that cannot be read, with its position when known.

    ``line`` and ``column`` are 1-based; ``source`` is the text the position
    refers to and ``name`` where it comes from (a file name), if anything.
    ``str(err)`` starts with the name and the position.

    >>> from schedax._spec import SpecError, parse_expression
    >>> try:
    ...     parse_expression("cosine(1.0, 0.0, __import__('os'))")
    ... except SpecError as err:
    ...     print(err)
    line 1, column 18: names starting with '_' are refused (got '__import__')
    """

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        source: str | None = None,
        name: str | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.source = source
        self.name = name
        parts = [] if name is None else [name]
        if line is not None:
            parts.append(f"line {line}")
            if column is not None:
                parts.append(f"column {column}")
        super().__init__(", ".join(parts) + ": " + message if parts else message)

    def pointer(self) -> str:
        """The offending line of ``source`` with a caret under the column ("" if unknown).

        >>> from schedax._spec import SpecError
        >>> print(SpecError("bad", 1, 5, "abc(def)").pointer())
          abc(def)
              ^
        """
        if self.source is None or self.line is None:
            return ""
        lines = self.source.splitlines()
        if not 0 < self.line <= len(lines):
            return ""
        text = lines[self.line - 1]
        caret = "" if self.column is None else "\n  " + " " * (self.column - 1) + "^"
        return "  " + text + caret


# ---------------------------------------------------------------- the names


def _returns_schedule(fn: Callable[..., Any]) -> bool:
    try:
        ann = inspect.signature(fn).return_annotation
    except (TypeError, ValueError):  # pragma: no cover - builtins without signatures
        return False
    return ann is Schedule or (isinstance(ann, str) and ann.split(".")[-1] == "Schedule")


@cache
def constructors() -> dict[str, Callable[..., Any]]:
    """The schedax functions an expression may call, by the name it uses.

    Every public function that returns a schedule (``cosine``, ``join``,
    ``wsd``, ...) and the peer presets under their namespace
    (``torch.OneCycleLR``), except those that take a Python function.

    >>> from schedax._spec import constructors
    >>> "warmup" in constructors(), "torch.OneCycleLR" in constructors()
    (True, True)
    >>> "from_fn" in constructors()
    False
    """
    import schedax

    out: dict[str, Callable[..., Any]] = {}
    for name in schedax.__all__:
        fn = getattr(schedax, name)
        if (
            inspect.isfunction(fn)
            and name not in _TAKE_FUNCTIONS | _NOT_CONSTRUCTORS
            and _returns_schedule(fn)
        ):
            out[name] = fn
    for ns in _PRESET_NAMESPACES:
        module_name = f"schedax.presets.{ns}"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            fn = getattr(module, name)
            if inspect.isfunction(fn) and name not in _TAKE_FUNCTIONS and _returns_schedule(fn):
                out[f"{ns}.{name}"] = fn
    return out


# --------------------------------------------------------------- expressions


def parse_expression(text: str) -> Schedule:
    """Build the schedule a schedax expression describes, without evaluating the text.

    The expression is what ``repr`` prints (``repr(s)`` parses back to ``s``),
    or any combination of schedax constructor calls, numbers, strings, lists
    and ``+ - * /``; a bare number gives a constant schedule. See the module
    docstring for the whole grammar.

    Args:
        text: the expression, e.g. ``"warmup(cosine(1e-3, 1e-5, 99_000), 1_000)"``.

    Raises:
        SpecError: for a syntax error, anything outside the grammar, an unknown
            name, or arguments the constructor refuses; with line and column.

    >>> from schedax._spec import parse_expression
    >>> parse_expression("warmup(cosine(1e-3, 1e-5, 99_000), 1_000)")
    warmup(cosine(0.001, 1e-05, 99000), 1000)
    >>> parse_expression("0.5 * wsd(1.0, 10, 80, 10, decay_shape='1-sqrt')")(50)
    0.5
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_expression: 'text' must be a string (got {type(text).__name__})")
    if len(text) > MAX_CHARS:
        raise SpecError(f"the expression is too long ({len(text):,} > {MAX_CHARS:,} characters)")
    if not text.strip():
        raise SpecError("the expression is empty", source=text)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        col = None if exc.offset is None else max(exc.offset, 1)
        raise SpecError(f"invalid syntax: {exc.msg}", exc.lineno, col, text.strip()) from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise SpecError(f"the expression cannot be parsed: {exc}") from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise SpecError(f"the expression is too large ({count:,} > {MAX_NODES:,} syntax nodes)")
    value = _Builder(text.strip()).build(tree.body, 0)
    if _is_number(value):
        return constant(value)
    if not isinstance(value, Schedule):
        raise _error(tree.body, f"the expression must build a schedule (got {value!r})", text)
    return value


def _error(node: ast.AST, message: str, source: str) -> SpecError:
    line = getattr(node, "lineno", None)
    col = getattr(node, "col_offset", None)
    return SpecError(message, line, None if col is None else col + 1, source)


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _check_int(node: ast.AST, x: int, source: str) -> int:
    if abs(x) > MAX_INT:
        raise _error(node, f"integers must be at most 2**63 - 1 in magnitude (got {x:.3g})", source)
    return x


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.names = constructors()

    def fail(self, node: ast.AST, message: str) -> SpecError:
        return _error(node, message, self.source)

    def build(self, node: ast.AST, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(node, f"the expression nests deeper than {MAX_DEPTH} levels")
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.List | ast.Tuple):
            return [self.build(item, depth + 1) for item in node.elts]
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, depth)
        if isinstance(node, ast.BinOp):
            return self.binop(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, ast.Name):
            raise self.fail(node, self.name_problem(node.id))
        if isinstance(node, ast.Attribute):
            dotted = _dotted(node)
            if dotted in self.names:
                raise self.fail(node, f"'{dotted}' must be called: {dotted}(...)")
            raise self.fail(
                node, f"attribute access is refused (got '{ast.unparse(node)}'){self.presets()}"
            )
        what = _NODE_NAMES.get(type(node), type(node).__name__)
        raise self.fail(
            node,
            f"{what} are not allowed in a schedule expression (got '{ast.unparse(node)}'); "
            "only schedax calls, numbers, strings, lists and + - * / are",
        )

    def presets(self) -> str:
        namespaces = sorted({n.split(".")[0] for n in self.names if "." in n})
        if not namespaces:
            return ""
        return "; presets are called by namespace: " + ", ".join(
            f"{ns}.Name(...)" for ns in namespaces
        )

    def name_problem(self, name: str) -> str:
        if name.startswith("_"):
            return f"names starting with '_' are refused (got {name!r})"
        if name in self.names:
            return f"'{name}' must be called: {name}(...)"
        if name in _TAKE_FUNCTIONS:
            return (
                f"{name} takes a Python function, which an expression cannot name; "
                "build it in Python"
            )
        close = difflib.get_close_matches(name, list(self.names), n=3)
        if close:
            return f"unknown name {name!r}; did you mean {' or '.join(close)}?"
        plain = ", ".join(sorted(n for n in self.names if "." not in n))
        return f"unknown name {name!r} (known: {plain}{self.presets()})"

    def constant(self, node: ast.Constant) -> Any:
        value = node.value
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int):
            return _check_int(node, value, self.source)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise self.fail(node, f"numbers must be finite (got {ast.unparse(node)})")
            return value
        if isinstance(value, str):
            if len(value) > MAX_STRING or not _STRING.fullmatch(value):
                raise self.fail(
                    node,
                    f"strings are option names of at most {MAX_STRING} letters, digits, "
                    f"'_', '-', '.' or spaces (got {value[:MAX_STRING]!r})",
                )
            return value
        raise self.fail(node, f"{type(value).__name__} literals are not allowed (got {value!r})")

    def unary(self, node: ast.UnaryOp, depth: int) -> Any:
        if not isinstance(node.op, ast.USub | ast.UAdd):
            raise self.fail(node, f"only unary + and - are allowed (got '{ast.unparse(node)}')")
        value = self.build(node.operand, depth + 1)
        if not (_is_number(value) or isinstance(value, Schedule)):
            sign = "-" if isinstance(node.op, ast.USub) else "+"
            raise self.fail(node, f"unary {sign} needs a number or a schedule (got {value!r})")
        return -value if isinstance(node.op, ast.USub) else value

    def binop(self, node: ast.BinOp, depth: int) -> Any:
        if type(node.op) not in _BINOPS:
            raise self.fail(node, f"only + - * / and ** are allowed (got '{ast.unparse(node)}')")
        symbol, fn = _BINOPS[type(node.op)]
        left = self.build(node.left, depth + 1)
        right = self.build(node.right, depth + 1)
        for side in (left, right):
            if not (_is_number(side) or isinstance(side, Schedule)):
                raise self.fail(node, f"'{symbol}' needs numbers or schedules (got {side!r})")
        if symbol == "**":
            return self.power(node, left, right)
        try:
            out = fn(left, right)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise self.fail(node, f"'{ast.unparse(node)}': {exc}") from None
        if isinstance(out, int):
            _check_int(node, out, self.source)
        if isinstance(out, float) and not math.isfinite(out):
            raise self.fail(node, f"'{ast.unparse(node)}' is not finite")
        return out

    def power(self, node: ast.BinOp, base: Any, exponent: Any) -> Any:
        if not (_is_number(base) and _is_number(exponent)):
            raise self.fail(node, "'**' works between numbers only")
        if abs(exponent) > MAX_EXPONENT:
            raise self.fail(
                node, f"exponents must be at most {MAX_EXPONENT} in magnitude (got {exponent})"
            )
        big = isinstance(base, int) and isinstance(exponent, int) and exponent > 0
        if big and (abs(base).bit_length() - 1) * exponent > 64:
            raise self.fail(node, f"'{ast.unparse(node)}' is too large")
        try:
            out = base**exponent
        except (ArithmeticError, ValueError) as exc:
            raise self.fail(node, f"'{ast.unparse(node)}': {exc}") from None
        if isinstance(out, complex) or (isinstance(out, float) and not math.isfinite(out)):
            raise self.fail(node, f"'{ast.unparse(node)}' is not a finite real number")
        if isinstance(out, int):
            _check_int(node, out, self.source)
        return out

    def call(self, node: ast.Call, depth: int) -> Any:
        func = node.func
        if isinstance(func, ast.Name):
            name = func.id
            if name not in self.names:
                raise self.fail(func, self.name_problem(name))
        elif isinstance(func, ast.Attribute):
            name = _dotted(func) or ast.unparse(func)
            if name not in self.names:
                ns, _, attr = name.rpartition(".")
                if attr in _TAKE_FUNCTIONS:
                    raise self.fail(
                        func,
                        f"{name} takes a Python function, which an expression cannot name; "
                        "build it in Python",
                    )
                known = sorted(n for n in self.names if n.startswith(ns + "."))
                if known:
                    close = difflib.get_close_matches(name, known, n=3)
                    hint = f"; did you mean {' or '.join(close)}?" if close else ""
                    raise self.fail(func, f"unknown preset {name!r}{hint}")
                raise self.fail(func, f"attribute access is refused (got '{name}'){self.presets()}")
        else:
            raise self.fail(
                func, f"only schedax functions can be called (got '{ast.unparse(func)}')"
            )
        args: list[Any] = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail(arg, "* unpacking is not allowed")
            args.append(self.build(arg, depth + 1))
        kwargs: dict[str, Any] = {}
        for kw in node.keywords:
            if kw.arg is None:
                raise self.fail(kw.value, "** unpacking is not allowed")
            kwargs[kw.arg] = self.build(kw.value, depth + 1)
        try:
            out = self.names[name](*args, **kwargs)
        except (TypeError, ValueError, ArithmeticError) as exc:
            message = str(exc)
            if not message.startswith(name.split(".")[-1]):
                message = f"{name}: {message}"
            raise self.fail(node, message) from None
        if not isinstance(out, Schedule):  # pragma: no cover - constructors() checks
            raise self.fail(node, f"{name}(...) does not build a schedule")
        return out


def _dotted(node: ast.AST) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


# ---------------------------------------------------------------- documents


def parse_document(text: str, source: str = "<spec>", fmt: str | None = None) -> Schedule:
    """Build the schedule of a :meth:`~schedax.Schedule.to_dict` dict written as JSON or YAML.

    Args:
        text: the document.
        source: its name, for messages (a file name).
        fmt: ``"json"``, ``"yaml"``, or ``None`` to try JSON and then YAML.

    Raises:
        SpecError: for a syntax error (with its line and column), an unknown
            schedule type or parameter, or a value the constructor refuses
            (with the path of the entry, and for YAML its line).

    >>> from schedax._spec import parse_document
    >>> parse_document('{"type": "cosine", "start": 1.0, "end": 0.0, "steps": 10}')
    cosine(1.0, 0.0, 10)
    >>> parse_document("type: linear\\nstart: 0.0\\nend: 1.0\\nsteps: 5\\n", fmt="yaml")
    linear(0.0, 1.0, 5)
    """
    marks: dict[tuple[Any, ...], tuple[int, int]] = {}
    if fmt == "json" or (fmt is None and text.lstrip()[:1] in ("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            if fmt == "json":
                raise SpecError(
                    f"invalid JSON: {exc.msg}", exc.lineno, exc.colno, text, source
                ) from None
            data, marks = _load_yaml(text, source, json_error=exc)
    else:
        data, marks = _load_yaml(text, source)
    out: Schedule = _build_document(data, (), marks, source, text)
    return out


def _load_yaml(
    text: str, source: str, json_error: json.JSONDecodeError | None = None
) -> tuple[Any, dict[tuple[Any, ...], tuple[int, int]]]:
    try:
        import yaml
    except ImportError:
        if json_error is not None:
            raise SpecError(
                f"invalid JSON: {json_error.msg}",
                json_error.lineno,
                json_error.colno,
                text,
                source,
            ) from None
        raise SpecError(
            "reading YAML needs PyYAML: pip install pyyaml (or write the spec as JSON)",
            name=source,
        ) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        kind = "invalid JSON or YAML" if json_error is not None else "invalid YAML"
        if mark is None:  # pragma: no cover - PyYAML always marks its errors
            raise SpecError(f"{kind}: {what}", name=source) from None
        raise SpecError(f"{kind}: {what}", mark.line + 1, mark.column + 1, text, source) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors
        raise SpecError(f"invalid YAML: {exc}", name=source) from None
    marks: dict[tuple[Any, ...], tuple[int, int]] = {}
    if node is not None:
        _collect_marks(node, (), marks)
    return data, marks


def _collect_marks(
    node: Any, path: tuple[Any, ...], out: dict[tuple[Any, ...], tuple[int, int]]
) -> None:
    import yaml

    out[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _collect_marks(value, (*path, key.value), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _collect_marks(item, (*path, i), out)


def _path_text(path: tuple[Any, ...]) -> str:
    out = "$"
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def _build_document(
    data: Any,
    path: tuple[Any, ...],
    marks: dict[tuple[Any, ...], tuple[int, int]],
    source: str,
    text: str,
) -> Any:
    def fail(message: str, at: tuple[Any, ...] = path) -> SpecError:
        line, col = marks.get(at, (None, None))
        return SpecError(f"at {_path_text(at)}: {message}", line, col, text, source)

    if isinstance(data, Mapping):
        if "type" not in data:
            raise fail('a schedule needs a \'type\' (e.g. {"type": "cosine", ...})')
        kind = data["type"]
        known = sorted(constructors())
        if kind in _TAKE_FUNCTIONS:
            raise fail(
                f"{kind} names a Python function to import: build it in Python", (*path, "type")
            )
        from .schedules._base import _REGISTRY

        if not isinstance(kind, str) or kind not in _REGISTRY:
            close = difflib.get_close_matches(str(kind), known, n=3)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise fail(f"unknown schedule type {kind!r}{hint}", (*path, "type"))
        built = {
            key: _build_document(value, (*path, key), marks, source, text)
            for key, value in data.items()
            if key != "type"
        }
        try:
            return from_dict({"type": kind, **built})
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise fail(str(exc)) from None
    if path == ():
        raise fail(f"expected a schedule dict (got {type(data).__name__})")
    if isinstance(data, list):
        return [_build_document(v, (*path, i), marks, source, text) for i, v in enumerate(data)]
    return data


def load(spec: str) -> Schedule:
    """The schedule that ``spec`` names: a file, ``-`` (stdin), a document or an expression.

    ``spec`` is read as a file when it ends in ``.json``, ``.yaml`` or ``.yml``
    or names an existing file; as a JSON/YAML document when it starts with
    ``{``; otherwise as an expression (:func:`parse_expression`).

    Args:
        spec: a path, ``-``, a document or an expression.

    Raises:
        SpecError: for a missing file or any error of the spec.

    >>> from schedax._spec import load
    >>> load("cycle(cosine(1.0, 0.0, 10), 10)")
    cycle(cosine(1.0, 0.0, 10), 10)
    """
    if spec == "-":
        import sys

        return parse_document(sys.stdin.read(), "<stdin>")
    stripped = spec.strip()
    if stripped.startswith("{"):
        return parse_document(stripped, "<spec>")
    suffix = Path(stripped).suffix.lower()
    is_file_name = suffix in (".json", ".yaml", ".yml")
    path = Path(stripped)
    if is_file_name or (len(stripped) < 4096 and "(" not in stripped and path.is_file()):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SpecError("no such file", name=stripped) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError(f"cannot read the file: {exc}", name=stripped) from None
        fmt = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}.get(suffix)
        return parse_document(text, stripped, fmt)
    return parse_expression(stripped)
