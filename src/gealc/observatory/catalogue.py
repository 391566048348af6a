"""A DCAT-AP-style catalogue (JSON-LD) of the open data: one ``dcat:Dataset`` per published
run and per round's published values, plus the UN EGDI benchmark, each with a
``dcat:Distribution`` per format (media type, download URL, licence, issued, modified)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from gealc.observatory import exports, selectors
from gealc.observatory.benchmarks_egdi import SOURCE_URL, TERMS
from gealc.observatory.models import IndexRun

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:issued": {"@type": "xsd:dateTime"},
    "dct:modified": {"@type": "xsd:dateTime"},
    "dcat:downloadURL": {"@type": "@id"},
    "dct:license": {"@type": "@id"},
}
FORMAT_NAMES = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON", "sdmx.csv": "SDMX-CSV"}

Absolute = Callable[[str], str]


def catalogue(absolute: Absolute) -> dict[str, Any]:
    """The catalogue; ``absolute`` turns a path into a full URL (``request.build_absolute_uri``)."""
    datasets = [_run_dataset(run, absolute) for run in selectors.published_runs()]
    datasets += [
        _values_dataset(measurement_round, absolute)
        for measurement_round in selectors.rounds_with_published_values()
    ]
    datasets.append(_egdi_dataset(absolute))
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("data_catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": "GEALC Hub observatory open data",
        "dct:description": (
            "Composite-index runs published by the network, the indicator values behind them "
            "and the UN E-Government Development Index benchmark."
        ),
        "dct:license": exports.LICENCE_URL,
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": exports.ATTRIBUTION},
        "dcat:dataset": datasets,
    }


def _distribution(
    url: str, file_format: str, licence: str, issued: str | None, modified: str | None
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "@type": "dcat:Distribution",
        "dcat:downloadURL": url,
        "dcat:mediaType": exports.MEDIA_TYPES[file_format].split(";")[0],
        "dct:format": FORMAT_NAMES[file_format],
        "dct:license": licence,
    }
    if issued:
        item["dct:issued"] = issued
    if modified:
        item["dct:modified"] = modified
    return item


def _run_dataset(run: IndexRun, absolute: Absolute) -> dict[str, Any]:
    issued = run.published_at.isoformat() if run.published_at else None
    modified = run.superseded_at.isoformat() if run.superseded_at else issued
    return {
        "@id": absolute(reverse("data_run", args=[run.pk, "json"])) + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": f"run-{run.pk}",
        "dct:title": run.title,
        "dct:description": run.changelog or f"Index run {run.pk} ({run.status}).",
        "dct:temporal": str(run.round.reference_year),
        "dct:issued": issued,
        "dct:modified": modified,
        "dcat:distribution": [
            _distribution(
                absolute(reverse(url_name, args=[run.pk, file_format])),
                file_format,
                exports.LICENCE_URL,
                issued,
                modified,
            )
            for url_name in _run_files(run)
            for file_format in exports.FORMATS
        ],
        **({"dct:isReplacedBy": f"run-{_replacement(run)}"} if run.superseded_at else {}),
    }


def _run_files(run: IndexRun) -> list[str]:
    """A run's scores; a correction also what it changed against the run it corrects."""
    return ["data_run", "data_run_changes"] if run.corrects_id else ["data_run"]


def _replacement(run: IndexRun) -> int | None:
    correction = run.corrections.filter(status__in=selectors.PUBLIC_STATUSES).first()
    return correction.pk if correction else None


def _values_dataset(measurement_round: Any, absolute: Absolute) -> dict[str, Any]:
    run = measurement_round.index_runs.filter(status=IndexRun.Status.PUBLISHED).first()
    issued = run.published_at.isoformat() if run and run.published_at else None
    return {
        "@id": absolute(reverse("data_values", args=[measurement_round.pk, "json"])) + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": f"values-{measurement_round.pk}",
        "dct:title": f"Published indicator values {measurement_round.reference_year}",
        "dct:temporal": str(measurement_round.reference_year),
        "dct:issued": issued,
        "dct:modified": issued,
        "dcat:distribution": [
            _distribution(
                absolute(reverse("data_values", args=[measurement_round.pk, file_format])),
                file_format,
                exports.LICENCE_URL,
                issued,
                issued,
            )
            for file_format in exports.FORMATS
        ],
    }


def _egdi_dataset(absolute: Absolute) -> dict[str, Any]:
    return {
        "@id": absolute(reverse("data_egdi")) + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": "un-egdi-2014-2024",
        "dct:title": "UN E-Government Development Index 2014-2024",
        "dct:source": SOURCE_URL,
        "dct:rights": TERMS,
        "dcat:distribution": [
            _distribution(absolute(reverse("data_egdi")), "csv", SOURCE_URL, None, None)
        ],
    }
