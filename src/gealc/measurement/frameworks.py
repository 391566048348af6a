"""The framework document: one file that says what countries report and how the index is built.

Format (YAML or the same mapping)::

    framework:
      code: GEALC-DGI
      version: "2025.1"
      previous: "2024.1"            # optional: the version this one replaces
      name: {es: …, pt: …, en: …, fr: …}
      description: {…}              # optional, same languages
      changelog: {…}                # optional, same languages (or a text in the importer's)
      variables:
        - {code, name{…}, definition{…}, guidance{…}, unit, type, min, max, evidence_required}
      dimensions:
        - code, name{…}, description{…}, weight
          indicators:
            - {code, name{…}, definition{…}, guidance{…}, evidence_expected{…}, unit,
               direction, formula, plausible_min, plausible_max, goalposts, weight,
               evidence_required}
      rules:
        - {code, kind: range|cross|yoy, left, operator, right, threshold, severity, message{…}}
    index:                          # a gealc.index spec; nodes are derived from the structure
      levels: [Indicator, Dimension, Index]
      steps: {normalise: {method: minmax, range: [0, 100]}, aggregate: {method: arithmetic}}

:func:`parse_document` checks both parts (the ``index`` part with
:func:`gealc.index.parse_spec`) and reports every problem with its path, e.g.
``framework.dimensions[0].indicators[2].formula``; :func:`export_document` writes a stored
version back in the same format, so import → export → import is exact.

An indicator declares its scale. ``goalposts: [low, high]`` gives its natural or agreed
bounds in its own unit (``[0, 100]`` for a percentage, ``[0, 1]`` for a yes/no, or bounds the
working group agrees, as the UN EGDI and the OECD DGI do); the index normalises it against
them, so a round where every country gives the same value (every country has a portal) is
still scored. An indicator without goalposts is normalised from the round's data by the
method's ``normalise`` step. Goalposts are exported into the engine spec as the indicator
node's ``goalposts`` (applied before the direction: ``low`` stays the low end of the unit).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gealc import index as engine
from gealc.measurement import formulas
from gealc.measurement.models import (
    Dimension,
    FrameworkVersion,
    Indicator,
    ValidationRule,
    Variable,
)
from gealc.network.models import LANGUAGE_CODES

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
INDEX_ROOT = "index"
DEFAULT_METHOD: dict[str, Any] = {
    "levels": ["Indicator", "Dimension", "Index"],
    "steps": {
        "normalise": {"method": "minmax", "range": [0, 100]},
        "aggregate": {"method": "arithmetic"},
    },
}
NODE_DEFAULTS: dict[str, Any] = {
    "level": None,
    "parent": None,
    "weight": 1.0,
    "direction": 1,
    "goalposts": None,
}
VALUE_TYPES = {choice.value for choice in Variable.ValueType}
RULE_KINDS = {choice.value for choice in ValidationRule.Kind}
OPERATORS = {choice.value for choice in ValidationRule.Operator}
SEVERITIES = {choice.value for choice in ValidationRule.Severity}


@dataclass
class Part:
    """One row to create: plain field values and translated texts by field and language."""

    values: dict[str, Any]
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    children: list[Part] = field(default_factory=list)

    def model_fields(self) -> dict[str, Any]:
        translated = {
            f"{name}_{code}": text.get(code, "")
            for name, text in self.texts.items()
            for code in LANGUAGE_CODES
        }
        return {**self.values, **translated}


@dataclass
class FrameworkDocument:
    header: Part
    previous: str | None
    variables: list[Part]
    dimensions: list[Part]  # each with its indicators as children
    rules: list[Part]
    index_spec: dict[str, Any]


class _Errors:
    """Collects every problem with its path, so one import reports them all."""

    def __init__(self) -> None:
        self.by_path: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.by_path.setdefault(path, []).append(str(message))

    def raise_if_any(self) -> None:
        if self.by_path:
            raise ValidationError(self.by_path)


# Reading ----------------------------------------------------------------------------------


def load_yaml(text: str | bytes) -> Any:
    """YAML text → data; a broken file is a ValidationError naming the line."""
    if len(text) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"document": _("The framework file is larger than 2 MB.")})
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else "?"
        raise ValidationError(
            {"document": _("The file is not valid YAML (line %(line)s).") % {"line": line}}
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        raise ValidationError({"document": _("The file is not valid YAML.")}) from None


def parse_document(document: Any) -> FrameworkDocument:
    """Validate a framework document (a mapping or YAML text); every problem has its path."""
    if isinstance(document, str | bytes):
        document = load_yaml(document)
    errors = _Errors()
    if not isinstance(document, Mapping) or not isinstance(document.get("framework"), Mapping):
        raise ValidationError({"framework": _("The document needs a “framework” section.")})
    section = document["framework"]
    header = _header(section, errors)
    variables = [
        _variable(item, f"framework.variables[{i}]", errors)
        for i, item in enumerate(_list(section, "variables", "framework", errors))
    ]
    codes = _unique_codes(variables, "framework.variables", errors)
    dimensions = [
        _dimension(item, f"framework.dimensions[{i}]", codes, errors)
        for i, item in enumerate(_list(section, "dimensions", "framework", errors))
    ]
    indicators = [indicator for dimension in dimensions for indicator in dimension.children]
    dimension_codes = _unique_codes(dimensions, "framework.dimensions", errors)
    indicator_codes = _unique_codes(indicators, "framework.indicators", errors)
    for code in sorted(dimension_codes & indicator_codes):
        errors.add(
            "framework.dimensions",
            _("“%(code)s” names both a dimension and an indicator.") % {"code": code},
        )
    rules = [
        _rule(item, f"framework.rules[{i}]", codes, errors)
        for i, item in enumerate(_list(section, "rules", "framework", errors, required=False))
    ]
    _unique_codes(rules, "framework.rules", errors)
    errors.raise_if_any()
    index_spec = _index_spec(document.get("index"), dimensions, errors)
    errors.raise_if_any()
    previous = section.get("previous")
    return FrameworkDocument(
        header=header,
        previous=str(previous) if previous is not None else None,
        variables=variables,
        dimensions=dimensions,
        rules=rules,
        index_spec=index_spec,
    )


def _header(section: Mapping[str, Any], errors: _Errors) -> Part:
    values = {
        "code": _text(section, "code", "framework", errors, required=True),
        "version": _text(section, "version", "framework", errors, required=True),
    }
    texts = {
        "name": _translated(section, "name", "framework", errors, required=True),
        "description": _translated(section, "description", "framework", errors),
        "changelog": _changelog(section, errors),
    }
    return Part(values=values, texts=texts)


def _variable(item: Any, path: str, errors: _Errors) -> Part:
    if not _is_mapping(item, path, errors):
        return Part(values={})
    value_type = item.get("type", Variable.ValueType.NUMBER)
    if value_type not in VALUE_TYPES:
        errors.add(
            f"{path}.type", _("Use one of: %(choices)s.") % {"choices": ", ".join(VALUE_TYPES)}
        )
    values = {
        "code": _code(item, path, errors),
        "unit": _text(item, "unit", path, errors),
        "value_type": value_type,
        "min_value": _number(item, "min", path, errors),
        "max_value": _number(item, "max", path, errors),
        "evidence_required": _boolean(item, "evidence_required", path, errors),
    }
    if _out_of_order(values["min_value"], values["max_value"]):
        errors.add(f"{path}.max", _("The maximum must not be below the minimum."))
    texts = {
        name: _translated(item, name, path, errors, required=name == "name")
        for name in ("name", "definition", "guidance")
    }
    return Part(values=values, texts=texts)


def _dimension(item: Any, path: str, variables: set[str], errors: _Errors) -> Part:
    if not _is_mapping(item, path, errors):
        return Part(values={})
    values = {
        "code": _code(item, path, errors),
        "weight": _number(item, "weight", path, errors, default=1.0, low=0.0),
    }
    texts = {
        "name": _translated(item, "name", path, errors, required=True),
        "description": _translated(item, "description", path, errors),
    }
    indicators = [
        _indicator(entry, f"{path}.indicators[{i}]", variables, errors)
        for i, entry in enumerate(_list(item, "indicators", path, errors))
    ]
    return Part(values=values, texts=texts, children=indicators)


def _indicator(item: Any, path: str, variables: set[str], errors: _Errors) -> Part:
    if not _is_mapping(item, path, errors):
        return Part(values={})
    formula = _text(item, "formula", path, errors, required=True)
    if formula:
        try:
            formulas.parse(formula, variables)
        except formulas.FormulaError as error:
            errors.add(f"{path}.formula", str(error))
    direction = item.get("direction", 1)
    if direction not in (1, -1) or isinstance(direction, bool):
        errors.add(f"{path}.direction", _("Use 1 (higher is better) or -1 (lower is better)."))
    low, high = _goalposts(item, path, errors)
    values = {
        "code": _code(item, path, errors),
        "unit": _text(item, "unit", path, errors),
        "direction": direction,
        "formula": formula,
        "plausible_min": _number(item, "plausible_min", path, errors),
        "plausible_max": _number(item, "plausible_max", path, errors),
        "goalpost_low": low,
        "goalpost_high": high,
        "weight": _number(item, "weight", path, errors, default=1.0, low=0.0),
        "evidence_required": _boolean(item, "evidence_required", path, errors),
    }
    if _out_of_order(values["plausible_min"], values["plausible_max"]):
        errors.add(f"{path}.plausible_max", _("The maximum must not be below the minimum."))
    texts = {
        name: _translated(item, name, path, errors, required=name == "name")
        for name in ("name", "definition", "guidance", "evidence_expected")
    }
    return Part(values=values, texts=texts)


def _goalposts(
    item: Mapping[str, Any], path: str, errors: _Errors
) -> tuple[float | None, float | None]:
    """``goalposts: [low, high]`` (two numbers, low below high) or absent: data-driven."""
    raw = item.get("goalposts")
    if raw is None:
        return None, None
    key = f"{path}.goalposts"
    numbers = raw if isinstance(raw, list) else []
    if len(numbers) != 2 or not all(_is_number(number) for number in numbers):
        errors.add(key, _("Give two numbers, low and high, such as [0, 100]."))
        return None, None
    low, high = float(numbers[0]), float(numbers[1])
    if not low < high:
        errors.add(
            key,
            _("The low goalpost (%(low)s) must be below the high goalpost (%(high)s).")
            % {"low": numbers[0], "high": numbers[1]},
        )
        return None, None
    return low, high


def _is_number(raw: Any) -> bool:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return False
    try:
        return math.isfinite(float(raw))
    except OverflowError:  # an integer too large for a float
        return False


def _rule(item: Any, path: str, variables: set[str], errors: _Errors) -> Part:
    if not _is_mapping(item, path, errors):
        return Part(values={})
    kind = _choice(item, "kind", path, RULE_KINDS, errors, default=None)
    operator = _choice(item, "operator", path, OPERATORS, errors, default="<=")
    severity = _choice(item, "severity", path, SEVERITIES, errors, default="error")
    values = {
        "code": _code(item, path, errors),
        "kind": kind,
        "left": _expression(item, "left", path, variables, errors, required=True),
        "operator": operator if kind != ValidationRule.Kind.YEAR_ON_YEAR else "",
        "right": _expression(item, "right", path, variables, errors),
        "threshold": _number(item, "threshold", path, errors, low=0.0),
        "severity": severity,
    }
    if kind == ValidationRule.Kind.CROSS and not values["right"]:
        errors.add(f"{path}.right", _("A comparison needs a right side."))
    if kind == ValidationRule.Kind.YEAR_ON_YEAR and values["threshold"] is None:
        errors.add(f"{path}.threshold", _("A year-on-year rule needs a threshold in percent."))
    if kind == ValidationRule.Kind.RANGE and values["left"] not in variables:
        errors.add(f"{path}.left", _("A range rule applies to one variable code."))
    texts = {"message": _translated(item, "message", path, errors, required=True)}
    return Part(values=values, texts=texts)


def _expression(
    item: Mapping[str, Any],
    key: str,
    path: str,
    variables: set[str],
    errors: _Errors,
    required: bool = False,
) -> str:
    raw = item.get(key)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = str(raw)
    text = _text({key: raw}, key, path, errors, required=required)
    if text:
        try:
            formulas.parse(text, variables)
        except formulas.FormulaError as error:
            errors.add(f"{path}.{key}", str(error))
    return text


# The index part ---------------------------------------------------------------------------


def derive_nodes(dimensions: list[Part], root: str = INDEX_ROOT) -> list[dict[str, Any]]:
    """The engine's nodes from the structure: indicators → dimensions → the index."""
    nodes: list[dict[str, Any]] = []
    for dimension in dimensions:
        for indicator in dimension.children:
            nodes.append(
                {
                    "code": indicator.values["code"],
                    "level": 1,
                    "parent": dimension.values["code"],
                    "weight": float(indicator.values["weight"]),
                    "direction": int(indicator.values["direction"]),
                    "name": indicator.texts["name"].get("en") or indicator.values["code"],
                    **({"unit": indicator.values["unit"]} if indicator.values["unit"] else {}),
                    **_goalposts_node(indicator.values),
                }
            )
    for dimension in dimensions:
        nodes.append(
            {
                "code": dimension.values["code"],
                "level": 2,
                "parent": root,
                "weight": float(dimension.values["weight"]),
                "name": dimension.texts["name"].get("en") or dimension.values["code"],
            }
        )
    nodes.append({"code": root, "level": 3, "name": "Index"})
    return nodes


def _goalposts_node(values: Mapping[str, Any]) -> dict[str, Any]:
    low, high = values.get("goalpost_low"), values.get("goalpost_high")
    if low is None or high is None:
        return {}
    return {"goalposts": [low, high]}


def _index_spec(raw: Any, dimensions: list[Part], errors: _Errors) -> dict[str, Any]:
    """The method from the document (default: min-max 0-100, arithmetic means) with nodes
    derived from the structure; nodes given in the document must agree with it."""
    if raw is None:
        raw = copy.deepcopy(DEFAULT_METHOD)
    if not isinstance(raw, Mapping):
        errors.add("index", _("The index section must be a mapping (a gealc.index spec)."))
        return {}
    spec = copy.deepcopy(dict(raw))
    given = spec.pop("nodes", None)
    root = _root_code(given)
    derived = derive_nodes(dimensions, root)
    if given is not None:
        _compare_nodes(given, derived, errors)
    spec["nodes"] = derived
    spec.setdefault("levels", DEFAULT_METHOD["levels"])
    spec.setdefault("steps", copy.deepcopy(DEFAULT_METHOD["steps"]))
    try:
        engine.parse_spec(spec)
    except engine.SpecError as error:
        errors.add(f"index.{error.path}" if error.path else "index", error.reason)
    except (TypeError, ValueError) as error:
        errors.add("index", str(error))
    return spec


def _root_code(given: Any) -> str:
    if isinstance(given, list):
        roots = [n.get("code") for n in given if isinstance(n, Mapping) and not n.get("parent")]
        if len(roots) == 1 and isinstance(roots[0], str) and roots[0]:
            return roots[0]
    return INDEX_ROOT


def _compare_nodes(given: Any, derived: list[dict[str, Any]], errors: _Errors) -> None:
    if not isinstance(given, list):
        errors.add("index.nodes", _("Nodes must be a list."))
        return
    expected = {node["code"]: node for node in derived}
    seen: set[str] = set()
    for i, node in enumerate(given):
        code = node.get("code") if isinstance(node, Mapping) else None
        if code not in expected:
            errors.add(
                f"index.nodes[{i}].code",
                _("“%(code)s” is not an indicator, a dimension or the index.") % {"code": code},
            )
            continue
        seen.add(code)
        for key, default in NODE_DEFAULTS.items():
            wanted = expected[code].get(key, default)
            if key in node and node[key] != wanted:
                errors.add(
                    f"index.nodes[{i}].{key}",
                    _("Disagrees with the framework structure (expected %(value)s).")
                    % {"value": wanted},
                )
    for code in sorted(set(expected) - seen):
        errors.add("index.nodes", _("Node “%(code)s” is missing.") % {"code": code})


# Writing ----------------------------------------------------------------------------------


def export_document(version: FrameworkVersion) -> dict[str, Any]:
    """A stored framework version in the document format (the inverse of the import)."""
    section: dict[str, Any] = {"code": version.code, "version": version.version}
    if version.previous_id:
        section["previous"] = version.previous.version
    section["name"] = _texts_of(version, "name")
    _put(section, "description", _texts_of(version, "description"))
    _put(section, "changelog", _texts_of(version, "changelog"))
    section["variables"] = [_export_variable(v) for v in version.variables.order_by("order")]
    section["dimensions"] = [
        _export_dimension(dimension) for dimension in version.dimensions.order_by("order")
    ]
    section["rules"] = [_export_rule(rule) for rule in version.rules.order_by("code")]
    index = {key: value for key, value in version.index_spec.items() if key != "nodes"}
    index["nodes"] = version.index_spec.get("nodes", [])
    return {"framework": section, "index": index}


def dump_yaml(document: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(document), allow_unicode=True, sort_keys=False, width=100)


def _export_variable(variable: Variable) -> dict[str, Any]:
    item: dict[str, Any] = {"code": variable.code, "name": _texts_of(variable, "name")}
    _put(item, "definition", _texts_of(variable, "definition"))
    _put(item, "guidance", _texts_of(variable, "guidance"))
    _put(item, "unit", variable.unit)
    item["type"] = variable.value_type
    _put(item, "min", variable.min_value)
    _put(item, "max", variable.max_value)
    item["evidence_required"] = variable.evidence_required
    return item


def _export_dimension(dimension: Dimension) -> dict[str, Any]:
    item: dict[str, Any] = {"code": dimension.code, "name": _texts_of(dimension, "name")}
    _put(item, "description", _texts_of(dimension, "description"))
    item["weight"] = dimension.weight
    item["indicators"] = [
        _export_indicator(indicator) for indicator in dimension.indicators.order_by("order")
    ]
    return item


def _export_indicator(indicator: Indicator) -> dict[str, Any]:
    item: dict[str, Any] = {"code": indicator.code, "name": _texts_of(indicator, "name")}
    for name in ("definition", "guidance", "evidence_expected"):
        _put(item, name, _texts_of(indicator, name))
    _put(item, "unit", indicator.unit)
    item["direction"] = indicator.direction
    item["formula"] = indicator.formula
    _put(item, "plausible_min", indicator.plausible_min)
    _put(item, "plausible_max", indicator.plausible_max)
    if indicator.goalposts is not None:
        item["goalposts"] = list(indicator.goalposts)
    item["weight"] = indicator.weight
    item["evidence_required"] = indicator.evidence_required
    return item


def _export_rule(rule: ValidationRule) -> dict[str, Any]:
    item: dict[str, Any] = {"code": rule.code, "kind": rule.kind, "left": rule.left}
    _put(item, "operator", rule.operator)
    _put(item, "right", rule.right)
    _put(item, "threshold", rule.threshold)
    item["severity"] = rule.severity
    item["message"] = _texts_of(rule, "message")
    return item


def _texts_of(instance: Any, name: str) -> dict[str, str]:
    texts = {code: getattr(instance, f"{name}_{code}", "") or "" for code in LANGUAGE_CODES}
    return {code: text for code, text in texts.items() if text}


def _put(item: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, "", {}):
        item[key] = value


# Field helpers ----------------------------------------------------------------------------


def _is_mapping(item: Any, path: str, errors: _Errors) -> bool:
    if isinstance(item, Mapping):
        return True
    errors.add(path, _("Each entry must be a mapping of fields."))
    return False


def _list(
    item: Mapping[str, Any], key: str, path: str, errors: _Errors, required: bool = True
) -> list[Any]:
    raw = item.get(key)
    if raw is None and not required:
        return []
    if not isinstance(raw, list) or (required and not raw):
        errors.add(f"{path}.{key}", _("Give a non-empty list."))
        return []
    return raw


def _text(
    item: Mapping[str, Any], key: str, path: str, errors: _Errors, required: bool = False
) -> str:
    raw = item.get(key)
    if raw is None:
        raw = ""
    if isinstance(raw, int | float) and not isinstance(raw, bool) and key == "version":
        raw = str(raw)
    if not isinstance(raw, str):
        errors.add(f"{path}.{key}", _("Give text."))
        return ""
    if required and not raw.strip():
        errors.add(f"{path}.{key}", _("This field is required."))
    return raw.strip()


def _translated(
    item: Mapping[str, Any], key: str, path: str, errors: _Errors, required: bool = False
) -> dict[str, str]:
    raw = item.get(key)
    if raw is None:
        if required:
            errors.add(f"{path}.{key}", _("Give this text in at least one of es, pt, en, fr."))
        return {}
    if not isinstance(raw, Mapping):
        errors.add(f"{path}.{key}", _("Give a mapping of language codes (es, pt, en, fr)."))
        return {}
    texts: dict[str, str] = {}
    for code, text in raw.items():
        if code not in LANGUAGE_CODES:
            errors.add(f"{path}.{key}.{code}", _("Unknown language code; use es, pt, en or fr."))
        elif not isinstance(text, str):
            errors.add(f"{path}.{key}.{code}", _("Give text."))
        elif text.strip():
            texts[code] = text.strip()
    if required and not texts:
        errors.add(f"{path}.{key}", _("Give this text in at least one of es, pt, en, fr."))
    return texts


def _changelog(section: Mapping[str, Any], errors: _Errors) -> dict[str, str]:
    """The changelog by language; a plain text is in the language of who gives it (a new
    version made on the site, or an older document)."""
    if isinstance(section.get("changelog"), str):
        text = _text(section, "changelog", "framework", errors)
        return {get_language() or settings.LANGUAGE_CODE: text} if text else {}
    return _translated(section, "changelog", "framework", errors)


def _code(item: Mapping[str, Any], path: str, errors: _Errors) -> str:
    code = _text(item, "code", path, errors, required=True)
    if code:
        try:
            Variable._meta.get_field("code").run_validators(code)
        except ValidationError as error:
            errors.add(f"{path}.code", " ".join(error.messages))
    return code


def _number(
    item: Mapping[str, Any],
    key: str,
    path: str,
    errors: _Errors,
    default: float | None = None,
    low: float | None = None,
) -> float | None:
    raw = item.get(key, default)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != raw:
        errors.add(f"{path}.{key}", _("Give a number."))
        return None
    if low is not None and raw < low:
        errors.add(f"{path}.{key}", _("Must be at least %(low)s.") % {"low": low})
    return float(raw)


def _boolean(item: Mapping[str, Any], key: str, path: str, errors: _Errors) -> bool:
    raw = item.get(key, False)
    if not isinstance(raw, bool):
        errors.add(f"{path}.{key}", _("Give true or false."))
        return False
    return raw


def _choice(
    item: Mapping[str, Any],
    key: str,
    path: str,
    choices: set[str],
    errors: _Errors,
    default: str | None,
) -> str:
    raw = item.get(key, default)
    if raw not in choices:
        errors.add(
            f"{path}.{key}", _("Use one of: %(choices)s.") % {"choices": ", ".join(sorted(choices))}
        )
        return ""
    return str(raw)


def _unique_codes(parts: list[Part], path: str, errors: _Errors) -> set[str]:
    codes: set[str] = set()
    for part in parts:
        code = part.values.get("code")
        if not code:
            continue
        if code in codes:
            errors.add(path, _("The code “%(code)s” is used twice.") % {"code": code})
        codes.add(code)
    return codes


def _out_of_order(low: float | None, high: float | None) -> bool:
    return low is not None and high is not None and low > high
