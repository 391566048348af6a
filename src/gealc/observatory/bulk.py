"""Files a researcher can load and cite: every published year in one file, the newest year at
a stable address, a Frictionless Data Package describing the files, and a citation.

- ``/data/index/all.{csv,xlsx,sdmx.csv,sdmx2.csv}``: the scores of every round's current
  published run (the same columns as ``/data/runs/<id>.csv``), oldest year first;
- ``/data/values/all.{csv,xlsx,sdmx.csv,sdmx2.csv}``: the published values of every round;
- ``/data/index/latest.<format>``: a redirect to the newest published run's file;
- ``/data/datapackage.json``: a Data Package (https://datapackage.org) of the every-year files,
  the UN EGDI file and the data dictionary, each field typed, described and with its unit,
  and the licence of each file (the UN EGDI file is under the UN's terms, not CC BY).

Superseded runs are left out of the every-year files: a year's figures are those of its
current run (the superseded ones stay at ``/data/runs/<id>.*``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from gealc import __version__
from gealc.observatory import catalogue, exports, sdmx, selectors
from gealc.observatory.benchmarks_egdi import SOURCE_NAME, SOURCE_URL, TERMS
from gealc.observatory.models import IndexRun

FORMATS = ("csv", "xlsx", "sdmx.csv", "sdmx2.csv")
COLLECTIONS = ("index", "values")
PACKAGE_NAME = "gealc-hub-observatory"
FIELD_TYPES = {"integer": "integer", "number": "number", "boolean": "boolean"}  # else string

Absolute = Callable[[str], str]


# Rows and files -----------------------------------------------------------------------------


def current_runs() -> list[IndexRun]:
    """Every round's current published run, oldest year first."""
    runs = selectors.published_runs(include_superseded=False)
    return sorted(runs, key=lambda run: (run.round.reference_year, run.pk))


def index_rows() -> list[dict[str, Any]]:
    return [row for run in current_runs() for row in exports.score_rows(run)]


def values_rows() -> list[dict[str, Any]]:
    rounds = selectors.rounds_with_published_values()
    return [row for measurement_round in rounds for row in exports.value_rows(measurement_round)]


def bulk_export(collection: str, file_format: str) -> bytes:
    """Every published year of ``index`` (scores) or ``values`` in ``csv``, ``xlsx``,
    ``sdmx.csv`` (SDMX-CSV 1.0) or ``sdmx2.csv`` (SDMX-CSV 2.0)."""
    columns: tuple[str, ...]
    if collection == "index":
        rows, columns, sheet = index_rows(), exports.SCORE_COLUMNS, "scores"
        to_sdmx = sdmx.scores_csv
    else:
        rows, columns, sheet = values_rows(), exports.VALUE_COLUMNS, "values"
        to_sdmx = sdmx.values_csv
    if file_format == "csv":
        return exports.to_csv(rows, columns)
    if file_format == "xlsx":
        return exports.to_xlsx(rows, columns, sheet)
    if file_format in sdmx.VERSIONS:
        return to_sdmx(rows, version=sdmx.VERSIONS[file_format])
    raise ValueError(file_format)


def latest_path(file_format: str) -> str | None:
    """The newest published run's file, or None when nothing is published."""
    run = selectors.latest_published_run()
    return reverse("data_run", args=[run.pk, file_format]) if run else None


# Citation -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    author: str
    years: str
    version: str
    date: str
    url: str
    licence: str

    @property
    def text(self) -> str:
        return str(
            gettext(
                "%(author)s (%(year)s). Digital government index %(years)s, version: run "
                "%(version)s (%(date)s). %(url)s. Licence: %(licence)s."
            )
            % {**asdict(self), "year": self.date[:4]}
        )


def citation(absolute: Absolute) -> Citation | None:
    """How to cite the every-year index file: the version is the newest published run, the
    date its publication's; None when nothing is published."""
    runs = current_runs()
    if not runs:
        return None
    published = [run.published_at for run in runs if run.published_at]
    return Citation(
        author=exports.ATTRIBUTION,
        years=_years(runs),
        version=str(max(run.pk for run in runs)),
        date=max(published).date().isoformat() if published else "",
        url=absolute(reverse("data_bulk", args=["index", "csv"])),
        licence=exports.LICENCE_NAME,
    )


def _years(runs: list[IndexRun]) -> str:
    first, last = runs[0].round.reference_year, runs[-1].round.reference_year
    return str(first) if first == last else f"{first}-{last}"


# Data Package -------------------------------------------------------------------------------


def datapackage(absolute: Absolute) -> dict[str, Any]:
    """The Data Package descriptor; resource paths are relative to ``/data/`` (where the
    descriptor is), so a copy of the folder validates offline."""
    resources = [
        _resource(collection, file_format, absolute)
        for collection in COLLECTIONS
        for file_format in ("csv", "xlsx")
    ]
    resources.append(_egdi_resource(absolute))
    resources.append(_dictionary_resource())
    return {
        "name": PACKAGE_NAME,
        "title": "GEALC Hub observatory open data",
        "description": (
            "The network's digital government index and the indicator values behind it, every "
            "published year, with the UN E-Government Development Index and the data dictionary."
        ),
        "version": __version__,
        "homepage": absolute(reverse("data_catalogue_negotiated")),
        "licenses": [_open_licence()],
        "contributors": [{"title": exports.ATTRIBUTION, "role": "publisher"}],
        "keywords": ["digital government", "composite index", "Latin America", "Caribbean"],
        "resources": resources,
    }


def _open_licence() -> dict[str, str]:
    return {"name": "CC-BY-4.0", "path": exports.LICENCE_URL, "title": exports.LICENCE_NAME}


def _relative(name: str, *args: str) -> str:
    folder = str(reverse("data_licence")).removesuffix("LICENCE")
    return str(reverse(name, args=args)).removeprefix(folder)


def _resource(collection: str, file_format: str, absolute: Absolute) -> dict[str, Any]:
    columns = exports.SCORE_COLUMNS if collection == "index" else exports.VALUE_COLUMNS
    dictionary_file = "runs" if collection == "index" else "values"
    resource = {
        "name": f"{collection}-all-{file_format}",
        "path": _relative("data_bulk", collection, file_format),
        "format": file_format,
        "mediatype": exports.MEDIA_TYPES[file_format].split(";")[0],
        "title": f"{collection.capitalize()}, every published year ({file_format.upper()})",
        "licenses": [_open_licence()],
        "schema": _schema(dictionary_file, columns),
    }
    if file_format == "csv":
        resource["encoding"] = "utf-8-sig"
    else:
        resource["dialect"] = {"excel": {"sheet": "scores" if collection == "index" else "values"}}
    return resource


def _egdi_resource(absolute: Absolute) -> dict[str, Any]:
    return {
        "name": "un-egdi",
        "path": _relative("data_egdi"),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "title": "UN E-Government Development Index 2014-2024",
        "sources": [{"title": SOURCE_NAME, "path": SOURCE_URL}],
        "licenses": [
            {"path": catalogue.egdi_licence_url(absolute), "title": TERMS},
        ],
        "schema": _schema("egdi", exports.EGDI_COLUMNS),
    }


def _dictionary_resource() -> dict[str, Any]:
    return {
        "name": "data-dictionary",
        "path": _relative("data_dictionary"),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "title": "Data dictionary: every column, its type, unit and definition",
        "licenses": [_open_licence()],
        "schema": {
            "fields": [{"name": column, "type": "string"} for column in exports.DICTIONARY_COLUMNS]
        },
    }


def _schema(file: str, columns: tuple[str, ...]) -> dict[str, Any]:
    entries = {
        column: (kind, text) for name, column, kind, text in exports.DICTIONARY if name == file
    }
    fields = []
    for column in columns:
        kind, description = entries[column]
        field = {
            "name": column,
            "type": FIELD_TYPES.get(kind, "string"),
            "description": description,
        }
        unit = exports.unit_of(file, column)
        if unit:
            field["unit"] = unit
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


# Catalogue ----------------------------------------------------------------------------------

TITLES = {
    "index": gettext_noop("Digital government index, every published year"),
    "values": gettext_noop("Published indicator values, every published year"),
}
DESCRIPTIONS = {
    "index": gettext_noop(
        "The scores, ranks and uncertainty intervals of every round's current published run "
        "in one file, oldest year first."
    ),
    "values": gettext_noop(
        "The published variables and indicators of every round in one file, with their units."
    ),
}


def catalogue_datasets(absolute: Absolute) -> list[dict[str, Any]]:
    """The every-year files as DCAT-AP data sets (none before anything is published)."""
    runs = current_runs()
    if not runs:
        return []
    moments = [run.published_at.isoformat() for run in runs if run.published_at]
    return [_bulk_dataset(collection, absolute, runs, moments) for collection in COLLECTIONS]


def _bulk_dataset(
    collection: str, absolute: Absolute, runs: list[IndexRun], moments: list[str]
) -> dict[str, Any]:
    first, last = runs[0].round.reference_year, runs[-1].round.reference_year
    dates = {"issued": min(moments), "modified": max(moments)} if moments else {}
    licence, rights = catalogue.open_licence(), catalogue.open_rights()
    distributions = [
        catalogue.distribution(
            absolute(reverse("data_bulk", args=[collection, file_format])),
            file_format,
            licence=licence,
            rights=rights,
            **dates,
        )
        for file_format in FORMATS
    ]
    distributions.append(
        catalogue.distribution(
            absolute(reverse("data_package")),
            "datapackage",
            licence=licence,
            rights=rights,
            fragment=f"{collection}-distribution",
            **dates,
        )
    )
    return {
        "@id": absolute(reverse("data_bulk", args=[collection, "csv"])) + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{collection}-all",
        "dct:title": catalogue.in_languages(TITLES[collection]),
        "dct:description": catalogue.in_languages(DESCRIPTIONS[collection]),
        "dcat:keyword": ["digital government", "time series"],
        "dct:spatial": catalogue.countries(
            iso3
            for run in runs
            for iso3 in selectors.run_scores(run).values_list("country__iso3", flat=True)
        ),
        "dct:temporal": catalogue.period(first, last),
        **catalogue.common(absolute),
        **{f"dct:{key}": value for key, value in dates.items()},
        "dcat:distribution": distributions,
    }
