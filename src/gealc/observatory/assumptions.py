"""A run's method in words: its normalisation and aggregation, the assumptions its uncertainty
analysis varies, and the names of the factors its sensitivity analysis reports.

The spec (``gealc.index``) is data written for the engine; readers of the methodology page
need sentences in their language. Anything this module has no words for is shown as the
spec's own compact JSON, so nothing a spec can say is ever hidden.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from gealc.core.l10n import format_number


@dataclass(frozen=True)
class Assumption:
    """One line of the method: what (``label``) and how (``description``)."""

    label: str
    description: str


def step_label(name: str) -> str:
    labels = {
        "denominate": _("Denomination"),
        "impute": _("Imputation"),
        "screen": _("Screening of units"),
        "treat": _("Outlier treatment"),
        "normalise": _("Normalisation"),
        "weights": _("Weighting"),
        "aggregate": _("Aggregation"),
    }
    return labels.get(name, name)


def factor_label(factor: str) -> str:
    """``weights`` or a spec path such as ``steps.normalise`` (or ``steps.treat.winmax``)."""
    if factor == "weights":
        return _("Weights")
    parts = factor.split(".")
    if len(parts) >= 2 and parts[0] == "steps":
        label = step_label(parts[1])
        return label if len(parts) == 2 else f"{label}: {'.'.join(parts[2:])}"
    return factor


def describe_step(name: str, settings: Any) -> str:
    """A step's settings in words (``normalise``, ``aggregate``, ``weights``), else as JSON."""
    describe = _DESCRIBERS.get(name)
    text = describe(settings) if describe and isinstance(settings, Mapping) else None
    return text if text is not None else _json(settings)


def describe_steps(steps: Mapping[str, Any]) -> list[Assumption]:
    return [
        Assumption(step_label(name), describe_step(name, value)) for name, value in steps.items()
    ]


def level_label(name: str) -> str:
    """The levels of the network's frameworks in the reader's language (others as named)."""
    return {"Indicator": _("Indicator"), "Dimension": _("Dimension"), "Index": _("Index")}.get(
        name, name
    )


def describe_uncertainty(settings: Mapping[str, Any], levels: Sequence[str]) -> list[Assumption]:
    """The weight noise per level, then each set of alternatives, drawn with equal chances."""
    lines = []
    for noise in settings.get("weight_noise", []):
        level = int(noise.get("level", 0))
        name = level_label(levels[level - 1]) if 0 < level <= len(levels) else str(level)
        lines.append(
            Assumption(
                _("Weights at level %(level)s (%(name)s)") % {"level": level, "name": name},
                _("each varies at random by up to ±%(percent)s %%")
                % {"percent": format_number(100 * float(noise.get("factor", 0)), 0)},
            )
        )
    for alternative in settings.get("alternatives", []):
        path = str(alternative.get("path", ""))
        choices = "; ".join(_describe_value(path, value) for value in alternative["values"])
        lines.append(
            Assumption(
                factor_label(path),
                _("one of, with equal chances: %(choices)s") % {"choices": choices},
            )
        )
    return lines


def _describe_value(path: str, value: Any) -> str:
    parts = path.split(".")
    if len(parts) == 2 and parts[0] == "steps":
        return describe_step(parts[1], value)
    if len(parts) == 3 and parts[0] == "steps" and parts[2] == "method":
        return describe_step(parts[1], {"method": value})
    return _json(value)


def _normalise(settings: Mapping[str, Any]) -> str | None:
    method = settings.get("method", "minmax")
    if method == "minmax":
        low, high = settings.get("range", [0, 100])
        return _("min-max, from %(low)s to %(high)s") % {"low": _number(low), "high": _number(high)}
    if method == "zscore":
        return _("z-score, mean %(mean)s and standard deviation %(sd)s") % {
            "mean": _number(settings.get("mean", 0)),
            "sd": _number(settings.get("sd", 1)),
        }
    if method == "percentile_rank":
        return _("percentile rank, from 0 to %(high)s") % {
            "high": _number(settings.get("scale", 1))
        }
    words = {
        "rank": _("rank"),
        "borda": _("Borda count (units ranked below)"),
        "goalposts": _("distance between goalposts"),
        "target": _("distance to target"),
        "max": _("distance to the best unit"),
        "reference": _("ratio to a reference unit"),
    }
    return words.get(method)


def _aggregate(settings: Mapping[str, Any]) -> str | None:
    method = settings.get("method", "arithmetic")
    if settings.get("by_level"):
        return None  # a different method per level: the JSON says it exactly
    if method == "generalised":
        return _("generalised mean with p = %(p)s") % {"p": _number(settings.get("p", 1))}
    words = {
        "arithmetic": _("arithmetic mean (a strength makes up fully for a weakness)"),
        "geometric": _("geometric mean (a strength makes up only partly for a weakness)"),
        "harmonic": _("harmonic mean"),
        "mazziotta_pareto": _("Mazziotta-Pareto index (unbalanced profiles are penalised)"),
        "copeland": _("Copeland outranking (pairwise comparisons)"),
    }
    return words.get(method)


def _weights(settings: Mapping[str, Any]) -> str | None:
    words = {
        "explicit": _("the weights the framework gives each node"),
        "equal": _("equal weights within each parent"),
        "pca": _("weights from the first principal component"),
    }
    return words.get(settings.get("method", "explicit"))


_DESCRIBERS: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    "normalise": _normalise,
    "aggregate": _aggregate,
    "weights": _weights,
}


def _number(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return format_number(number, 0 if number.is_integer() else 2)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
