"""Safe arithmetic over variable codes: ``100 * procedures_transactional / procedures_total``.

Formulas come from framework files and from people, so they are never ``eval``'d: the text is
parsed with :mod:`ast` and only a whitelist of nodes is accepted (numbers, variable names,
``+ - * / **``, unary minus and plus, and the functions ``min``, ``max`` and ``abs``). Every
problem — a syntax error, an unknown name, a division by zero, an overflow — is a
:class:`FormulaError` that says where in the formula it is.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

MAX_LENGTH = 1000
MAX_DEPTH = 50
MAX_EXPONENT = 100.0

_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}
_UNARY: dict[type[ast.unaryop], Callable[[float], float]] = {
    ast.USub: lambda a: -a,
    ast.UAdd: lambda a: a,
}
_FUNCTIONS: dict[str, Callable[..., float]] = {"min": min, "max": max, "abs": abs}
_ARITY = {"min": (2, None), "max": (2, None), "abs": (1, 1)}


class FormulaError(ValueError):
    """An invalid formula or one that cannot be evaluated; ``column`` is 1-based (or None)."""

    def __init__(self, message: str, *, formula: str = "", column: int | None = None) -> None:
        self.message = message
        self.formula = formula
        self.column = column
        where = _(" (at character %(column)s)") % {"column": column} if column else ""
        super().__init__(f"{message}{where}")


@dataclass(frozen=True)
class Formula:
    """A parsed, checked formula; evaluate it with :meth:`evaluate`."""

    text: str
    tree: ast.expr
    names: frozenset[str]

    def evaluate(self, values: Mapping[str, float]) -> float:
        missing = sorted(self.names - set(values))
        if missing:
            raise FormulaError(
                _("No value for %(names)s.") % {"names": ", ".join(missing)}, formula=self.text
            )
        try:
            result = _evaluate(self.tree, values, self.text)
        except (OverflowError, TypeError, ValueError) as error:
            if isinstance(error, FormulaError):
                raise
            raise FormulaError(
                _("The result is too large to compute."), formula=self.text
            ) from None
        if not math.isfinite(result):
            raise FormulaError(_("The result is not a finite number."), formula=self.text)
        return result


def parse(text: object, known_names: Iterable[str] | None = None) -> Formula:
    """Parse and check ``text``; with ``known_names``, every name must be one of them."""
    if not isinstance(text, str):
        raise FormulaError(_("A formula must be text."))
    formula = _parse_cached(text)
    if known_names is not None:
        known = set(known_names)
        for node in _variables(formula.tree):
            if node.id not in known:
                raise FormulaError(
                    _("Unknown variable “%(name)s”.") % {"name": node.id},
                    formula=text,
                    column=node.col_offset + 1,
                )
    return formula


def evaluate(text: str, values: Mapping[str, float]) -> float:
    return parse(text).evaluate(values)


@lru_cache(maxsize=1024)
def _parse_cached(text: str) -> Formula:
    if not text.strip():
        raise FormulaError(_("The formula is empty."), formula=text)
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            _("The formula is longer than %(max)s characters.") % {"max": MAX_LENGTH},
            formula=text,
        )
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as error:
        raise FormulaError(
            _("This is not a valid formula: %(reason)s.") % {"reason": error.msg},
            formula=text,
            column=error.offset,
        ) from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError(_("This is not a valid formula."), formula=text) from None
    _check(tree, text, depth=0)
    return Formula(text=text, tree=tree, names=frozenset(n.id for n in _variables(tree)))


def _variables(tree: ast.expr) -> list[ast.Name]:
    """Names that stand for variables (not the function names of calls)."""
    functions = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return [n for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in functions]


def _refuse(node: ast.AST, text: str, message: str) -> FormulaError:
    return FormulaError(message, formula=text, column=getattr(node, "col_offset", -1) + 1)


def _check(node: ast.AST, text: str, depth: int) -> None:
    """Accept only the whitelisted nodes, recursively."""
    if depth > MAX_DEPTH:
        raise _refuse(node, text, _("The formula is nested too deeply."))
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise _refuse(node, text, _("Only numbers are allowed as constants."))
        return
    if isinstance(node, ast.Name):
        if node.id in _FUNCTIONS:
            raise _refuse(node, text, _("“%(name)s” is a function.") % {"name": node.id})
        return
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        _check(node.left, text, depth + 1)
        _check(node.right, text, depth + 1)
        return
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        _check(node.operand, text, depth + 1)
        return
    if isinstance(node, ast.Call):
        _check_call(node, text, depth)
        return
    raise _refuse(
        node,
        text,
        _("Only numbers, variable codes, + - * / **, min, max and abs are allowed."),
    )


def _check_call(node: ast.Call, text: str, depth: int) -> None:
    if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS or node.keywords:
        raise _refuse(node, text, _("Only the functions min, max and abs are allowed."))
    low, high = _ARITY[node.func.id]
    count = len(node.args)
    if count < low or (high is not None and count > high):
        raise _refuse(
            node, text, _("Wrong number of arguments to %(name)s.") % {"name": node.func.id}
        )
    for argument in node.args:
        if isinstance(argument, ast.Starred):
            raise _refuse(argument, text, _("Only the functions min, max and abs are allowed."))
        _check(argument, text, depth + 1)


def _evaluate(node: ast.expr, values: Mapping[str, float], text: str) -> float:
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return float(values[node.id])
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_evaluate(node.operand, values, text))
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        arguments = [_evaluate(a, values, text) for a in node.args]
        return float(_FUNCTIONS[node.func.id](*arguments))
    assert isinstance(node, ast.BinOp)
    left = _evaluate(node.left, values, text)
    right = _evaluate(node.right, values, text)
    return _binary(node, left, right, text)


def _binary(node: ast.BinOp, left: float, right: float, text: str) -> float:
    if isinstance(node.op, ast.Div) and right == 0:
        raise _refuse(node, text, _("Division by zero."))
    if isinstance(node.op, ast.Pow) and (abs(right) > MAX_EXPONENT or (left == 0 and right < 0)):
        raise _refuse(node, text, _("This power cannot be computed."))
    try:
        result = _BINARY[type(node.op)](left, right)
    except (OverflowError, ZeroDivisionError, ValueError):
        raise _refuse(node, text, _("The result is too large to compute.")) from None
    if isinstance(result, complex) or not math.isfinite(result):
        raise _refuse(node, text, _("The result is not a finite number."))
    return float(result)
