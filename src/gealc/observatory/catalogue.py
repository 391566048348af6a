"""The open-data catalogue in DCAT-AP 3.0 (JSON-LD, and Turtle through rdflib).

One ``dcat:Dataset`` per published run and per round's published values, the UN EGDI
benchmark and the data dictionary, each with a ``dcat:Distribution`` per file; the public API
is a ``dcat:DataService`` that serves them. Everything DCAT-AP wants as a resource is one:
media types are IANA IRIs, formats EU file types, languages, themes and countries EU
authority IRIs, licences ``dct:LicenseDocument`` s, coverage a ``dct:PeriodOfTime``. Titles
and descriptions come in the four site languages. ``tests/observatory/test_dcat_ap.py``
validates the result against the official SHACL shapes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from gealc.observatory import exports, sdmx, selectors
from gealc.observatory.benchmarks_egdi import SOURCE_URL, TERMS
from gealc.observatory.models import IndexRun

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "adms": "http://www.w3.org/ns/adms#",
    "dcatap": "http://data.europa.eu/r5r/",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:issued": {"@type": "xsd:dateTime"},
    "dct:modified": {"@type": "xsd:dateTime"},
    "dcat:startDate": {"@type": "xsd:date"},
    "dcat:endDate": {"@type": "xsd:date"},
    "dcat:accessURL": {"@type": "@id"},
    "dcat:downloadURL": {"@type": "@id"},
    "dcat:endpointURL": {"@type": "@id"},
    "dcat:endpointDescription": {"@type": "@id"},
    "dcat:servesDataset": {"@type": "@id"},
    "vcard:hasURL": {"@type": "@id"},
}
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
THEME_SCHEME = EU + "data-theme"
THEMES = {"GOVE": "Government and public sector", "TECH": "Science and technology"}
LANGUAGES = {"es": "SPA", "pt": "POR", "en": "ENG", "fr": "FRA"}
# Column headings, codes and the dictionary are English; the site's four languages are
# the catalogue's.
DATA_LANGUAGE = "en"
FILE_TYPES = {
    "csv": "CSV",
    "xlsx": "XLSX",
    "json": "JSON",
    "sdmx.csv": "CSV",
    "sdmx2.csv": "CSV",
    "jsonld": "JSON_LD",
    "ttl": "RDF_TURTLE",
    "datapackage": "JSON",
}
MEDIA_TYPES = {**exports.MEDIA_TYPES, **sdmx.MEDIA_TYPES, "datapackage": "application/json"}
# The SDMX-CSV specification (both versions), by the SDMX Technical Working Group.
SDMX_CSV = "https://github.com/sdmx-twg/sdmx-csv"
ATTRIBUTION_LICENCE = "http://purl.org/adms/licencetype/Attribution"
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/SupraNationalAuthority"
AVAILABLE = EU + "planned-availability/AVAILABLE"

Absolute = Callable[[str], str]


# Shared resources --------------------------------------------------------------------------


def in_languages(message: str, **params: Any) -> list[dict[str, str]]:
    """``message`` (a msgid marked with gettext_noop) in every site language, tagged."""
    texts = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.append({"@value": gettext(message) % params, "@language": code})
    return texts


def _concept(iri: str, label: str) -> dict[str, Any]:
    return {
        "@id": iri,
        "@type": "skos:Concept",
        "skos:prefLabel": {"@value": label, "@language": "en"},
    }


def _language(code: str) -> dict[str, Any]:
    return {"@id": EU + "language/" + LANGUAGES[code], "@type": "dct:LinguisticSystem"}


def _media_type(file_format: str) -> dict[str, Any]:
    media_type = MEDIA_TYPES[file_format].split(";")[0]
    return {"@id": IANA + media_type, "@type": "dct:MediaType"}


def _file_type(file_format: str) -> dict[str, Any]:
    return {"@id": EU + "file-type/" + FILE_TYPES[file_format], "@type": "dct:MediaTypeOrExtent"}


def countries(iso3_codes: Iterable[str]) -> list[dict[str, Any]]:
    return [
        {"@id": EU + "country/" + iso3, "@type": "dct:Location"} for iso3 in sorted(set(iso3_codes))
    ]


def period(first_year: int, last_year: int) -> dict[str, Any]:
    return {
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": f"{first_year}-01-01",
        "dcat:endDate": f"{last_year}-12-31",
    }


def open_licence() -> dict[str, Any]:
    return {
        "@id": exports.LICENCE_URL,
        "@type": "dct:LicenseDocument",
        "rdfs:label": exports.LICENCE_NAME,
        "dct:type": _concept(ATTRIBUTION_LICENCE, "Attribution"),
    }


def egdi_licence(absolute: Absolute) -> dict[str, Any]:
    """The UN's terms, stated in the site's LICENCE file: not CC BY."""
    return {
        "@id": egdi_licence_url(absolute),
        "@type": "dct:LicenseDocument",
        "rdfs:label": TERMS,
        "dct:type": _concept(ATTRIBUTION_LICENCE, "Attribution"),
    }


def egdi_licence_url(absolute: Absolute) -> str:
    return absolute(reverse("data_licence")) + "#un-egdi"


def _rights(text: str) -> dict[str, Any]:
    return {"@type": "dct:RightsStatement", "rdfs:label": text}


def open_rights() -> dict[str, Any]:
    return _rights(f'{exports.LICENCE_NAME}: attribute as "{exports.ATTRIBUTION}".')


def _publisher() -> dict[str, Any]:
    return {
        "@type": "foaf:Agent",
        "foaf:name": exports.ATTRIBUTION,
        "dct:type": _concept(PUBLISHER_TYPE, "Supra-national authority"),
    }


def _contact(absolute: Absolute) -> dict[str, Any]:
    return {
        "@type": ["vcard:Kind", "vcard:Organization"],
        "vcard:fn": exports.ATTRIBUTION,
        "vcard:hasURL": _page(absolute, "observatory_downloads"),
    }


def _page(absolute: Absolute, name: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return absolute(reverse(name))


def _themes() -> list[dict[str, Any]]:
    return [_concept(f"{THEME_SCHEME}/{code}", label) for code, label in THEMES.items()]


def common(absolute: Absolute) -> dict[str, Any]:
    """What every data set of the network shares."""
    return {
        "dct:publisher": _publisher(),
        "dcat:contactPoint": _contact(absolute),
        "dcat:theme": _themes(),
        "dct:language": _language(DATA_LANGUAGE),
        "dcat:landingPage": {
            "@id": _page(absolute, "observatory_downloads"),
            "@type": "foaf:Document",
        },
        "foaf:page": {"@id": absolute(reverse("data_dictionary")), "@type": "foaf:Document"},
    }


# The catalogue -----------------------------------------------------------------------------


def catalogue(absolute: Absolute) -> dict[str, Any]:
    """The catalogue; ``absolute`` turns a path into a full URL (``request.build_absolute_uri``)."""
    datasets = [_run_dataset(run, absolute) for run in selectors.published_runs()]
    datasets += [
        _values_dataset(measurement_round, absolute)
        for measurement_round in selectors.rounds_with_published_values()
    ]
    datasets.append(_egdi_dataset(absolute))
    datasets.append(_dictionary_dataset(absolute))
    datasets += _bulk_datasets(absolute)
    issued = [d["dct:issued"] for d in datasets if "dct:issued" in d]
    modified = [d["dct:modified"] for d in datasets if "dct:modified" in d]
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("data_catalogue_negotiated")),
        "@type": "dcat:Catalog",
        "dct:title": in_languages(gettext_noop("GEALC Hub observatory open data")),
        "dct:description": in_languages(
            gettext_noop(
                "Composite-index runs published by the network, the indicator values behind them, "
                "their data dictionary and the UN E-Government Development Index benchmark."
            )
        ),
        "dct:publisher": _publisher(),
        "dct:license": open_licence(),
        "dct:language": [_language(code) for code, _name in settings.LANGUAGES],
        "foaf:homepage": {"@id": _page(absolute, "observatory"), "@type": "foaf:Document"},
        "dcat:themeTaxonomy": {
            "@id": THEME_SCHEME,
            "@type": "skos:ConceptScheme",
            "dct:title": {"@value": "Data theme", "@language": "en"},
        },
        **({"dct:issued": min(issued)} if issued else {}),
        **({"dct:modified": max(modified)} if modified else {}),
        "dcat:service": _api_service(absolute, [d["@id"] for d in datasets]),
        "dcat:dataset": datasets,
    }


def _api_service(absolute: Absolute, dataset_ids: list[str]) -> dict[str, Any]:
    return {
        "@id": absolute(reverse("api:schema")) + "#service",
        "@type": "dcat:DataService",
        "dct:title": in_languages(gettext_noop("GEALC Hub API")),
        "dct:description": in_languages(
            gettext_noop(
                "Read-only JSON API of the published runs, scores, values, indicators, countries "
                "and benchmarks; its OpenAPI document describes every operation."
            )
        ),
        "dcat:endpointURL": absolute("/api/v1/"),
        "dcat:endpointDescription": absolute(reverse("api:schema")),
        "dct:conformsTo": {"@id": "https://spec.openapis.org/oas/v3.0.3", "@type": "dct:Standard"},
        "dcat:servesDataset": dataset_ids,
        "dct:license": open_licence(),
        "dct:publisher": _publisher(),
        "dcat:contactPoint": _contact(absolute),
        "dcat:theme": _themes(),
        "dcat:keyword": ["API", "OpenAPI"],
    }


def distribution(
    url: str,
    file_format: str,
    *,
    licence: dict[str, Any],
    rights: dict[str, Any],
    issued: str | None = None,
    modified: str | None = None,
    fragment: str = "distribution",
) -> dict[str, Any]:
    """A file; ``fragment`` tells apart the distributions of one file in several data sets
    (each has its own rights statement, a blank node)."""
    item: dict[str, Any] = {
        "@id": f"{url}#{fragment}",
        "@type": "dcat:Distribution",
        "dct:title": {"@value": url.rsplit("/", 1)[-1], "@language": "en"},
        "dct:description": in_languages(FORMAT_DESCRIPTIONS[file_format]),
        "dcat:accessURL": url,
        "dcat:downloadURL": url,
        "dcat:mediaType": _media_type(file_format),
        "dct:format": _file_type(file_format),
        "dct:license": licence,
        "dct:rights": rights,
        "dcatap:availability": _concept(AVAILABLE, "Available"),
    }
    if file_format.startswith("sdmx"):
        item["dct:conformsTo"] = {"@id": SDMX_CSV, "@type": "dct:Standard"}
    if issued:
        item["dct:issued"] = issued
    if modified:
        item["dct:modified"] = modified
    return item


FORMAT_DESCRIPTIONS = {
    "csv": gettext_noop("CSV, UTF-8; every column is described in the data dictionary."),
    "xlsx": gettext_noop(
        "Excel workbook: the data, the definitions and units of its columns, the licence."
    ),
    "json": gettext_noop("JSON with the metadata and the licence."),
    "sdmx.csv": gettext_noop("SDMX-CSV 1.0."),
    "sdmx2.csv": gettext_noop("SDMX-CSV 2.0."),
    "datapackage": gettext_noop(
        "Frictionless Data Package describing every file, its fields and licence."
    ),
}


def _open_distributions(
    path_of: Callable[[str], str], absolute: Absolute, issued: str | None, modified: str | None
) -> list[dict[str, Any]]:
    return [
        distribution(
            absolute(path_of(file_format)),
            file_format,
            licence=open_licence(),
            rights=open_rights(),
            issued=issued,
            modified=modified,
        )
        for file_format in exports.FORMATS
    ]


def _run_dataset(run: IndexRun, absolute: Absolute) -> dict[str, Any]:
    issued = run.published_at.isoformat() if run.published_at else None
    modified = run.superseded_at.isoformat() if run.superseded_at else issued
    year = run.round.reference_year
    dataset = {
        "@id": absolute(reverse("data_run", args=[run.pk, "json"])) + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": f"run-{run.pk}",
        "dct:title": in_languages(
            gettext_noop("Digital government index %(year)s, run %(run)s"), year=year, run=run.pk
        ),
        "dct:description": in_languages(
            gettext_noop(
                "Scores, ranks and uncertainty intervals of every country at the index, its "
                "dimensions and indicators for %(year)s (run %(run)s, %(status)s)."
            ),
            year=year,
            run=run.pk,
            status=run.status,
        ),
        "dct:alternative": run.title,
        "dcat:keyword": ["digital government", "composite index", str(year)],
        "dct:spatial": countries(selectors.run_scores(run).values_list("country__iso3", flat=True)),
        "dct:temporal": period(year, year),
        **common(absolute),
        "dcat:distribution": [
            item
            for url_name in _run_files(run)
            for item in _open_distributions(
                _run_file_path(url_name, run.pk),
                absolute,
                issued,
                modified,
            )
        ],
    }
    if run.changelog:
        dataset["adms:versionNotes"] = run.changelog
    if issued:
        dataset["dct:issued"] = issued
    if modified:
        dataset["dct:modified"] = modified
    replacement = _replacement(run)
    if run.superseded_at and replacement:
        replaced_by = absolute(reverse("data_run", args=[replacement, "json"])) + "#dataset"
        dataset["dct:isReplacedBy"] = {"@id": replaced_by}
    return dataset


def _run_file_path(url_name: str, run_id: int) -> Callable[[str], str]:
    return lambda file_format: reverse(url_name, args=[run_id, file_format])


def _run_files(run: IndexRun) -> list[str]:
    """A run's scores; a correction also what it changed against the run it corrects."""
    return ["data_run", "data_run_changes"] if run.corrects_id else ["data_run"]


def _replacement(run: IndexRun) -> int | None:
    correction = run.corrections.filter(status__in=selectors.PUBLIC_STATUSES).first()
    return correction.pk if correction else None


def _values_dataset(measurement_round: Any, absolute: Absolute) -> dict[str, Any]:
    run = measurement_round.index_runs.filter(status=IndexRun.Status.PUBLISHED).first()
    issued = run.published_at.isoformat() if run and run.published_at else None
    year = measurement_round.reference_year
    values = selectors.published_values(round_id=measurement_round.pk)
    dataset = {
        "@id": absolute(reverse("data_values", args=[measurement_round.pk, "json"])) + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": f"values-{measurement_round.pk}",
        "dct:title": in_languages(gettext_noop("Published indicator values %(year)s"), year=year),
        "dct:description": in_languages(
            gettext_noop(
                "The variables countries reported and the indicators computed from them for "
                "%(year)s, with their units, status and evidence, as used by the published run."
            ),
            year=year,
        ),
        "dcat:keyword": ["digital government", "indicators", str(year)],
        "dct:spatial": countries(values.values_list("country__iso3", flat=True)),
        "dct:temporal": period(year, year),
        **common(absolute),
        "dcat:distribution": _open_distributions(
            lambda file_format: reverse("data_values", args=[measurement_round.pk, file_format]),
            absolute,
            issued,
            issued,
        ),
    }
    if issued:
        dataset["dct:issued"] = issued
        dataset["dct:modified"] = issued
    return dataset


def _egdi_dataset(absolute: Absolute) -> dict[str, Any]:
    years = sorted(set(selectors.egdi_values().values_list("year", flat=True))) or [2014, 2024]
    return {
        "@id": absolute(reverse("data_egdi")) + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": "un-egdi-2014-2024",
        "dct:title": in_languages(gettext_noop("UN E-Government Development Index 2014-2024")),
        "dct:description": in_languages(
            gettext_noop(
                "The United Nations E-Government Survey's index and its three components for the "
                "193 UN member states, every edition from 2014 to 2024 (UN DESA data, not covered "
                "by this site's CC BY licence)."
            )
        ),
        "dcat:keyword": ["EGDI", "UN E-Government Survey"],
        "dct:spatial": countries(selectors.egdi_values().values_list("iso3", flat=True)),
        "dct:temporal": period(years[0], years[-1]),
        "dct:provenance": {
            "@type": "dct:ProvenanceStatement",
            "rdfs:label": f"UN DESA, {SOURCE_URL}",
        },
        "dct:rights": _rights(TERMS),
        **common(absolute),
        "dcat:distribution": [
            distribution(
                absolute(reverse("data_egdi")),
                "csv",
                licence=egdi_licence(absolute),
                rights=_rights(TERMS),
            )
        ],
    }


def _dictionary_dataset(absolute: Absolute) -> dict[str, Any]:
    url = absolute(reverse("data_dictionary"))
    return {
        "@id": url + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": "data-dictionary",
        "dct:title": in_languages(gettext_noop("Data dictionary of the open data")),
        "dct:description": in_languages(
            gettext_noop("Every column of every file: its type, unit and definition.")
        ),
        "dcat:keyword": ["data dictionary", "metadata"],
        **common(absolute),
        "dcat:distribution": [
            distribution(url, "csv", licence=open_licence(), rights=open_rights())
        ],
    }


def _bulk_datasets(absolute: Absolute) -> list[dict[str, Any]]:
    """The every-year files and the Data Package (``gealc.observatory.bulk``)."""
    from gealc.observatory import bulk

    return bulk.catalogue_datasets(absolute)


# Serialisations ----------------------------------------------------------------------------


def as_jsonld(absolute: Absolute) -> bytes:
    return json.dumps(catalogue(absolute), ensure_ascii=False, indent=1).encode("utf-8")


def as_turtle(absolute: Absolute) -> bytes:
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=as_jsonld(absolute), format="json-ld")
    for prefix, namespace in CONTEXT.items():
        if isinstance(namespace, str):
            graph.bind(prefix, namespace, replace=True)
    return graph.serialize(format="turtle", encoding="utf-8")
