"""Engine errors as sentences for people, in the reader's language.

The engine (``gealc.index``) raises ``SpecError`` and ``DataError`` with an English message for
the command line and the logs, and a stable ``code`` with its ``params`` (listed in
``gealc.index._errors``). :func:`describe` turns them into a sentence in the active language
that names the indicator, dimension or country by its name in the framework (with its code)
and says what to do. A code this module has no sentence for still gets a translated sentence,
with the engine's English detail after it, so nothing the engine says is hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from gealc import index as engine
from gealc.measurement.models import Dimension, FrameworkVersion, Indicator
from gealc.network.models import Country

EngineError = engine.SpecError | engine.DataError


class Names:
    """The framework's names of nodes and the countries' names, read once when first used."""

    def __init__(self, framework: FrameworkVersion | None, root: str = "index") -> None:
        self.framework = framework
        self.root = root
        self._nodes: dict[str, str] | None = None

    def node(self, code: Any) -> str:
        if code == self.root:
            return _("the index")
        if self._nodes is None:
            self._nodes = self._load_nodes()
        name = self._nodes.get(str(code))
        if not name or name == code:
            return _("“%(code)s”") % {"code": code}
        return _("“%(name)s” (%(code)s)") % {"name": name, "code": code}

    def nodes(self, codes: Iterable[Any]) -> str:
        return ", ".join(self.node(code) for code in codes)

    def country(self, iso3: Any) -> str:
        country = Country.objects.filter(iso3=str(iso3)).first()
        if country is None:
            return str(iso3)
        return _("%(name)s (%(code)s)") % {"name": country.name, "code": iso3}

    def _load_nodes(self) -> dict[str, str]:
        if self.framework is None:
            return {}
        parts = [
            *Indicator.objects.filter(framework=self.framework),
            *Dimension.objects.filter(framework=self.framework),
        ]
        return {part.code: part.name for part in parts}


def describe(error: EngineError, *, framework: FrameworkVersion | None = None) -> str:
    """``error`` as a sentence in the active language, naming what to fix and how."""
    root = _root_code(framework)
    names = Names(framework, root)
    params: Mapping[str, Any] = getattr(error, "params", {}) or {}
    sentence = _SENTENCES.get(getattr(error, "code", ""))
    if sentence is not None:
        try:
            return sentence(params, names)
        except (KeyError, TypeError, ValueError):
            pass  # params of another engine version: fall back to the generic sentence
    return _fallback(error)


def _root_code(framework: FrameworkVersion | None) -> str:
    nodes = (framework.index_spec or {}).get("nodes", []) if framework is not None else []
    roots = [n.get("code") for n in nodes if isinstance(n, dict) and not n.get("parent")]
    return str(roots[0]) if len(roots) == 1 else "index"


def _fallback(error: EngineError) -> str:
    if isinstance(error, engine.SpecError):
        return _(
            "The framework's index method is not valid (%(detail)s). Correct the index section "
            "of the framework document."
        ) % {"detail": str(error)}
    return _("The round's data cannot be computed (%(detail)s). Check the submissions' values.") % {
        "detail": str(error)
    }


def _method(name: Any) -> str:
    words = {
        "minmax": _("min-max"),
        "zscore": _("z-score"),
        "max": _("distance to the best unit"),
        "rank": _("rank"),
        "percentile_rank": _("percentile rank"),
        "goalposts": _("distance between goalposts"),
        "target": _("distance to target"),
        "arithmetic": _("arithmetic mean"),
        "geometric": _("geometric mean"),
        "harmonic": _("harmonic mean"),
        "generalised": _("generalised mean"),
        "mazziotta_pareto": _("Mazziotta-Pareto index"),
        "copeland": _("Copeland outranking"),
    }
    return words.get(str(name), str(name))


def _constant_indicator(params: Mapping[str, Any], names: Names) -> str:
    return _(
        "The indicator %(indicator)s has the same value for every country, so the "
        "%(method)s normalisation cannot put it on a scale. Declare goalposts for it in the "
        "framework (its natural bounds, such as [0, 100] for a percentage or [0, 1] for a "
        "yes/no), then compute again."
    ) % {"indicator": names.node(params["indicator"]), "method": _method(params["method"])}


def _all_missing_indicator(params: Mapping[str, Any], names: Names) -> str:
    return _(
        "No country has a value for the indicator %(indicator)s, so it cannot be normalised. "
        "Collect at least one value (check the submissions' statuses), or remove the "
        "indicator from a new version of the framework."
    ) % {"indicator": names.node(params["indicator"])}


def _missing_goalposts(params: Mapping[str, Any], names: Names) -> str:
    return _(
        "The framework's method puts the indicator %(indicator)s on a scale by its goalposts, "
        "but it has none. Declare goalposts for it in the framework."
    ) % {"indicator": names.node(params["indicator"])}


def _unknown_reference(params: Mapping[str, Any], names: Names) -> str:
    kinds = {
        "node": _("node"),
        "level": _("level"),
        "column": _("column"),
        "step": _("step"),
        "unit": _("country"),
        "field": _("field"),
    }
    return _(
        "The framework's index method refers to the %(kind)s “%(name)s” (at %(path)s), which "
        "it does not declare. Correct the index section of the framework document."
    ) % {
        "kind": kinds.get(str(params["kind"]), str(params["kind"])),
        "name": params["name"],
        "path": params.get("path") or "index",
    }


def _dataset_mismatch(params: Mapping[str, Any], names: Names) -> str:
    missing = names.nodes(params.get("missing") or []) or "—"
    extra = ", ".join(str(code) for code in params.get("extra") or []) or "—"
    return _(
        "The round's data do not match the framework's indicators (missing: %(missing)s; "
        "not in the framework: %(extra)s). Compute the run again from the round."
    ) % {"missing": missing, "extra": extra}


def _undefined_aggregate(params: Mapping[str, Any], names: Names) -> str:
    reasons = {
        "non_positive": _("a score below it is zero or negative"),
        "negative": _("a score below it is negative"),
        "zero_mean": _("the mean of the scores below it is zero"),
    }
    reason = reasons.get(str(params.get("reason")), str(params.get("reason", "")))
    return _(
        "The %(method)s cannot score %(node)s for %(country)s: %(reason)s. Normalise to a "
        "positive range (such as min-max from 1 to 100) or choose another aggregation in the "
        "framework's method."
    ) % {
        "method": _method(params["method"]),
        "node": names.node(params["node"]),
        "country": names.country(params["unit"]),
        "reason": reason,
    }


def _too_few_units(params: Mapping[str, Any], names: Names) -> str:
    return _(
        "An index needs at least %(minimum)s countries with enough data; %(count)s remain. "
        "Validate more submissions, or lower the data-availability threshold of the method."
    ) % {"minimum": params["minimum"], "count": params["count"]}


def _duplicate_unit(params: Mapping[str, Any], names: Names) -> str:
    return _("%(country)s appears twice in the round's data; each country reports once.") % {
        "country": names.country(params["unit"])
    }


def _non_numeric_value(params: Mapping[str, Any], names: Names) -> str:
    return _(
        "The value “%(value)s” of %(indicator)s for %(country)s is not a number. Correct it in "
        "the country's submission."
    ) % {
        "value": params["value"],
        "indicator": names.node(params["column"]),
        "country": names.country(params["row"]),
    }


def _infinite_value(params: Mapping[str, Any], names: Names) -> str:
    return _(
        "The value of %(indicator)s for %(country)s is infinite. Correct the country's "
        "submission (a division by zero in the indicator's formula?)."
    ) % {"indicator": names.node(params["column"]), "country": names.country(params["row"])}


def _zero_denominator(params: Mapping[str, Any], names: Names) -> str:
    return _(
        "The indicator %(indicator)s is divided by %(column)s, which is zero for %(country)s. "
        "Correct the country's submission or mark the value as not available."
    ) % {
        "indicator": names.node(params["indicator"]),
        "column": params["column"],
        "country": names.country(params["row"]),
    }


def _target_not_above_worst(params: Mapping[str, Any], names: Names) -> str:
    return _(
        "The target of the indicator %(indicator)s is not above the worst country's value, so "
        "the distance to it is undefined. Set a higher target in the framework."
    ) % {"indicator": names.node(params["indicator"])}


def _pca_undefined(params: Mapping[str, Any], names: Names) -> str:
    return _(
        "Weights from principal components cannot be computed for %(node)s: its indicators "
        "need more complete, varying data. Use explicit or equal weights in the method."
    ) % {"node": names.node(params["node"])}


def _unusable_reference(params: Mapping[str, Any], names: Names) -> str:
    return _(
        "The indicator %(indicator)s is compared with %(country)s, which has no usable value "
        "for it (missing, or zero). Choose another reference country in the framework's "
        "method, or correct that country's submission."
    ) % {"indicator": names.node(params["indicator"]), "country": names.country(params["unit"])}


def _panel_required(params: Mapping[str, Any], names: Names) -> str:
    return _(
        "The framework's method imputes missing values from other years (%(method)s), but a "
        "round has one year. Choose another imputation in the framework's method."
    ) % {"method": params["method"]}


_SENTENCES: dict[str, Callable[[Mapping[str, Any], Names], str]] = {
    "unusable_reference": _unusable_reference,
    "panel_required": _panel_required,
    "constant_indicator": _constant_indicator,
    "all_missing_indicator": _all_missing_indicator,
    "missing_goalposts": _missing_goalposts,
    "unknown_reference": _unknown_reference,
    "dataset_mismatch": _dataset_mismatch,
    "undefined_aggregate": _undefined_aggregate,
    "too_few_units": _too_few_units,
    "duplicate_unit": _duplicate_unit,
    "non_numeric_value": _non_numeric_value,
    "infinite_value": _infinite_value,
    "zero_denominator": _zero_denominator,
    "target_not_above_worst": _target_not_above_worst,
    "pca_undefined": _pca_undefined,
}
