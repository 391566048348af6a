"""Validation of a submission's values against its framework's rules.

Pure functions over plain data (no queries), so a whole round can be validated quickly and the
same code serves the entry form, imports, the API and the submit step:

- built-in checks per variable: a value is given (or a status says why not), its type (whole
  number, yes/no), its range (min/max, 0 to 100 for percentages), evidence when required; and
  every indicator formula can be computed and falls in its plausible range;
- the framework's rules: ``range`` and ``cross`` compare two expressions over variable codes
  (``procedures_transactional <= procedures_total``); ``yoy`` compares with the country's
  published value of the previous round and flags a change above ``threshold`` percent.

Errors block submission; warnings need a written justification (per rule code). Each issue
names the variables whose numbers it shows (``inputs``, ``previous_inputs``), so that
``without_numbers`` can blank it for a reader to whom one of them is confidential.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from gealc.measurement import formulas
from gealc.measurement.models import Indicator, ValidationRule, Value, Variable

ERROR = ValidationRule.Severity.ERROR.value
WARNING = ValidationRule.Severity.WARNING.value
MAX_ABS_VALUE = Decimal("1e17")
COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
    "==": lambda a, b: abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b)),
    "!=": lambda a, b: abs(a - b) > 1e-9 * max(1.0, abs(a), abs(b)),
}


@dataclass(frozen=True)
class Issue:
    """One problem: ``rule`` is a framework rule code or a built-in one (``range:code``).

    ``inputs`` and ``previous_inputs`` are the variables of this round and of the previous one
    whose numbers ``values`` and the message reveal; ``message_without_numbers`` replaces a
    message that quotes a computed number when those numbers are withheld."""

    severity: str
    rule: str
    variable: str
    message: str
    values: dict[str, float | None] = field(default_factory=dict)
    inputs: frozenset[str] = frozenset()
    previous_inputs: frozenset[str] = frozenset()
    message_without_numbers: str = ""

    def without_numbers(self) -> Issue:
        return replace(self, values={}, message=self.message_without_numbers or self.message)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass(frozen=True)
class ValidationReport:
    errors: list[Issue]
    warnings: list[Issue]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def warning_rules(self) -> list[str]:
        return sorted({issue.rule for issue in self.warnings})

    def without_numbers_of(self, current: set[str], previous: set[str]) -> ValidationReport:
        """The report with no number of the ``current`` variables nor of the ``previous``
        round's: an issue involving one of them keeps its rule and message, not its numbers
        (a ratio or a change would let one compute them)."""

        def shown(issue: Issue) -> Issue:
            if issue.inputs & current or issue.previous_inputs & previous:
                return issue.without_numbers()
            return issue

        return ValidationReport(
            errors=[shown(issue) for issue in self.errors],
            warnings=[shown(issue) for issue in self.warnings],
        )


@dataclass(frozen=True)
class EnteredValue:
    """What validation needs to know of a stored value."""

    status: str
    value: Decimal | None
    has_evidence: bool = False


def parse_number(raw: Any) -> Decimal | None:
    """Text or a number → Decimal; empty → None. Raises ValidationError with a clear message."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValidationError(_("Give a number, not true or false."), code="invalid")
    try:
        number = Decimal(raw.strip() if isinstance(raw, str) else str(raw))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(
            _("“%(value)s” is not a number; use a dot for decimals (12.5).")
            % {"value": str(raw)[:40]},
            code="invalid",
        ) from None
    if not number.is_finite():
        raise ValidationError(_("Give a finite number."), code="invalid")
    if abs(number) >= MAX_ABS_VALUE:
        raise ValidationError(_("The number is too large."), code="invalid")
    return number.quantize(Decimal("0.000001"))


def check_type(variable: Variable, number: Decimal | None) -> None:
    """Refuse values that cannot be of the variable's type (raised at save time)."""
    if number is None:
        return
    whole = (Variable.ValueType.INTEGER, Variable.ValueType.BOOLEAN)
    if variable.value_type in whole and number != number.to_integral_value():
        raise ValidationError(_("Give a whole number."), code="invalid")
    if variable.value_type == Variable.ValueType.BOOLEAN and number not in (0, 1):
        raise ValidationError(_("Give 1 for yes or 0 for no."), code="invalid")


def validate(
    *,
    variables: Iterable[Variable],
    indicators: Iterable[Indicator],
    rules: Iterable[ValidationRule],
    entered: Mapping[str, EnteredValue],
    previous: Mapping[str, Decimal] | None = None,
) -> ValidationReport:
    issues: list[Issue] = []
    numbers: dict[str, float] = {}
    for variable in variables:
        issues.extend(_check_variable(variable, entered.get(variable.code)))
        value = entered.get(variable.code)
        if value is not None and value.value is not None and value.status in _WITH_VALUE:
            numbers[variable.code] = float(value.value)
    fired = [
        (rule, issue)
        for rule in rules
        if (issue := _check_rule(rule, numbers, previous or {})) is not None
    ]
    # One cause, one issue: an indicator's plausible range is not checked when a rule of the
    # framework that compares the same variables already fired (its message, error or warning,
    # says more, and a warning must be justifiable on its own, with no error beside it).
    compared = [issue.inputs for rule, issue in fired if not rule.compares_with_last_round]
    for indicator in indicators:
        issues.extend(_check_indicator(indicator, numbers, compared))
    issues.extend(issue for _rule, issue in fired)
    return ValidationReport(
        errors=[issue for issue in issues if issue.is_error],
        warnings=[issue for issue in issues if not issue.is_error],
    )


_WITH_VALUE = (Value.Status.REPORTED, Value.Status.CONFIDENTIAL)


def _check_variable(variable: Variable, entered: EnteredValue | None) -> list[Issue]:
    code = variable.code

    def error(kind: str, message: str) -> Issue:
        number = float(entered.value) if entered and entered.value is not None else None
        return Issue(ERROR, f"{kind}:{code}", code, message, {code: number}, frozenset({code}))

    if entered is None or (entered.status in _WITH_VALUE and entered.value is None):
        return [error("missing", _("Give a value, or say why there is none."))]
    if entered.status not in _WITH_VALUE:
        return []
    issues: list[Issue] = []
    try:
        check_type(variable, entered.value)
    except ValidationError as problem:
        issues.append(error("type", problem.messages[0]))
    low, high = _range_of(variable)
    if (low is not None and entered.value < low) or (high is not None and entered.value > high):
        issues.append(error("range", _range_message(low, high)))
    if variable.evidence_required and not entered.has_evidence:
        issues.append(error("evidence", _("Attach evidence: a link or a file.")))
    return issues


def _range_of(variable: Variable) -> tuple[Decimal | None, Decimal | None]:
    low = variable.min_value
    high = variable.max_value
    if variable.value_type == Variable.ValueType.PERCENTAGE:
        low = 0.0 if low is None else low
        high = 100.0 if high is None else high
    return (
        None if low is None else Decimal(str(low)),
        None if high is None else Decimal(str(high)),
    )


def _range_message(low: Decimal | None, high: Decimal | None) -> str:
    if low is not None and high is not None:
        return _("The value must be between %(low)s and %(high)s.") % {"low": low, "high": high}
    if low is not None:
        return _("The value must be at least %(low)s.") % {"low": low}
    return _("The value must be at most %(high)s.") % {"high": high}


def _check_indicator(
    indicator: Indicator, numbers: Mapping[str, float], compared: Iterable[frozenset[str]] = ()
) -> list[Issue]:
    """An indicator that cannot be computed, or falls outside its plausible range (unless a
    rule already compares a subset of its variables: ``compared``)."""
    try:
        formula = formulas.parse(indicator.formula)
        if not formula.names <= set(numbers):
            return []  # missing inputs are reported on the variables themselves
        result = formula.evaluate(numbers)
    except formulas.FormulaError as problem:
        return [
            Issue(
                ERROR,
                f"indicator:{indicator.code}",
                "",
                _("“%(indicator)s” cannot be computed: %(reason)s")
                % {"indicator": indicator.name, "reason": problem.message},
                inputs=_names_of(indicator.formula),
            )
        ]
    low, high = indicator.plausible_min, indicator.plausible_max
    if any(names <= formula.names for names in compared):
        return []
    if (low is not None and result < low) or (high is not None and result > high):
        bounds = {"indicator": indicator.name, "low": _number(low), "high": _number(high)}
        return [
            Issue(
                ERROR,
                f"plausible:{indicator.code}",
                _first(formula.names),
                _(
                    "“%(indicator)s” comes to %(value)s, outside its plausible range "
                    "(%(low)s to %(high)s): check the values it is computed from."
                )
                % {**bounds, "value": _number(result)},
                {indicator.code: result},
                formula.names,
                message_without_numbers=_(
                    "“%(indicator)s” is outside its plausible range (%(low)s to %(high)s): "
                    "check the values it is computed from."
                )
                % bounds,
            )
        ]
    return []


def _number(number: float | None) -> str:
    """A bound or a result as the reader writes numbers (“1 200”, “285,71”); open: “—”."""
    if number is None:
        return "—"
    rounded = round(float(number), 2)
    return number_format(int(rounded) if rounded.is_integer() else rounded, force_grouping=True)


def _names_of(formula: str) -> frozenset[str]:
    try:
        return formulas.parse(formula).names
    except formulas.FormulaError:
        return frozenset()


def _check_rule(
    rule: ValidationRule, numbers: Mapping[str, float], previous: Mapping[str, Decimal]
) -> Issue | None:
    try:
        left = formulas.parse(rule.left)
        if not left.names <= set(numbers):
            return None
        left_value = left.evaluate(numbers)
        if rule.kind == ValidationRule.Kind.YEAR_ON_YEAR:
            return _check_change(rule, left, left_value, previous)
        right = formulas.parse(rule.right or "0")
        if not right.names <= set(numbers):
            return None
        right_value = right.evaluate(numbers)
    except formulas.FormulaError:
        return None  # e.g. a division by zero in a ratio: the indicator check reports it
    if COMPARE[rule.operator or "<="](left_value, right_value):
        return None
    names = left.names | right.names
    involved = {name: numbers[name] for name in sorted(names)}
    return Issue(rule.severity, rule.code, _first(left.names), rule.message, involved, names)


def _check_change(
    rule: ValidationRule,
    left: formulas.Formula,
    current: float,
    previous: Mapping[str, Decimal],
) -> Issue | None:
    if not left.names or not left.names <= set(previous):
        return None
    before = left.evaluate({name: float(previous[name]) for name in left.names})
    if before == 0:
        change = 0.0 if current == 0 else float("inf")
    else:
        change = abs(current - before) / abs(before) * 100
    if change <= (rule.threshold or 0):
        return None
    message = rule.message or _("Changed by more than %(threshold)s%% since last year.") % {
        "threshold": rule.threshold
    }
    return Issue(
        rule.severity,
        rule.code,
        _first(left.names),
        message,
        {"previous": before, "current": current},
        inputs=left.names,
        previous_inputs=left.names,
    )


def _first(names: frozenset[str]) -> str:
    return sorted(names)[0] if names else ""
