"""Formulas are parsed with ast and evaluated over a whitelist; nothing else ever runs."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gealc.measurement.formulas import FormulaError, evaluate, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100 * a / b", 50.0),
        ("-a + b ** 2", 15.0),
        ("min(a, b) + max(a, b, 7) + abs(-a)", 9.0),
        ("a", 1.0),
        ("(a + b) / 2", 1.5),
    ],
)
def test_evaluates_arithmetic(text: str, expected: float) -> None:
    assert evaluate(text, {"a": 1, "b": 4} if "**" in text else {"a": 1, "b": 2}) == expected


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("a +", None),
        ("__import__('os')", 1),
        ("a.b", 1),
        ("a if b else c", 1),
        ("[a]", 1),
        ("'text'", 1),
        ("min()", 1),
        ("abs(a, b)", 1),
        ("lambda: 1", 1),
        ("a and b", 1),
        ("max(*a)", 1),
        ("True + 1", 1),
        ("a < b", 1),
    ],
)
def test_refuses_everything_else(text: str, column: int | None) -> None:
    with pytest.raises(FormulaError) as error:
        parse(text)
    if column is not None:
        assert error.value.column == column


def test_unknown_names_with_position() -> None:
    with pytest.raises(FormulaError) as error:
        parse("100 * procedures_online / procedures_total", {"procedures_total"})
    assert error.value.column == 7
    assert "procedures_online" in error.value.message


def test_division_by_zero_and_overflow(english: None) -> None:
    with pytest.raises(FormulaError, match="Division by zero"):
        evaluate("a / b", {"a": 1, "b": 0})
    with pytest.raises(FormulaError):
        evaluate("10 ** 1000", {})
    with pytest.raises(FormulaError):
        evaluate("9 ** 9 ** 9", {})
    with pytest.raises(FormulaError):
        evaluate("1e308 * 10", {})
    with pytest.raises(FormulaError):
        evaluate("(-8) ** 0.5", {})
    with pytest.raises(FormulaError):
        evaluate("a", {})


def test_too_long_or_deep() -> None:
    with pytest.raises(FormulaError):
        parse("a + " * 400 + "a")
    with pytest.raises(FormulaError):
        parse("-" * 200 + "a")


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_only_raises_formula_error(text: str) -> None:
    with contextlib.suppress(FormulaError):
        parse(text).evaluate({})


_ATOMS = st.one_of(st.sampled_from(["a", "b", "0", "1", "2.5", "1e308", "-3"]))


@settings(max_examples=400, deadline=None)
@given(
    st.recursive(
        _ATOMS,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(
                lambda t: f"{t[0]}({t[1]}, {t[2]})"
            ),
            inner.map(lambda t: f"abs(-{t})"),
        ),
        max_leaves=12,
    ),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
def test_arbitrary_arithmetic_gives_a_finite_number_or_formula_error(
    text: str, a: float, b: float
) -> None:
    try:
        result = evaluate(text, {"a": a, "b": b})
    except FormulaError:
        return
    assert result == result
    assert abs(result) != float("inf")
