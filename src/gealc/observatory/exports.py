"""Open data: a run's scores and a round's published values as CSV, XLSX and JSON, and the
data dictionary that documents every column (SDMX-CSV is in ``sdmx``).

Rows are plain dicts with the columns of ``SCORE_COLUMNS`` / ``VALUE_COLUMNS``; every format
writes the same rows, so the files agree with one another and with the API. ``value_rows`` is
the only definition of a round's published values: ``/data/values/<round>.*`` and
``/api/v1/rounds/<id>/published-values/`` serve the same files (``files.values_files``). CSV
and XLSX are written by ``gealc.core.tabular``: text that looks like a formula never runs as
one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db.models import F
from django.utils import timezone
from openpyxl import Workbook

from gealc.core import tabular
from gealc.measurement.models import Indicator, Round, Variable
from gealc.observatory import selectors
from gealc.observatory.benchmarks_egdi import SOURCE_NAME, SOURCE_URL, TERMS
from gealc.observatory.models import EgdiValue, IndexRun
from gealc.observatory.sdmx_structures import unit_code, unit_dictionary_rows

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "GEALC Hub observatory"
SCORE_COLUMNS = (
    "run_id", "year", "country_iso3", "country_name", "node", "node_name", "level", "score",
    "rank", "rank_median", "rank_q05", "rank_q95", "score_q05", "score_q95", "run_status",
    "is_demo",
)  # fmt: skip
VALUE_COLUMNS = (
    "round_id", "year", "run_id", "country_iso3", "country_name", "kind", "code", "value",
    "unit", "status", "evidence_url", "is_demo",
)  # fmt: skip
CHANGE_COLUMNS = (
    "run_id", "corrects_run_id", "year", "country_iso3", "country_name", "kind", "code",
    "name", "level", "measure", "before", "after", "is_demo",
)  # fmt: skip
EGDI_COLUMNS = ("year", "iso3", "name", "egdi", "egdi_rank", "osi", "hci", "tii", "epi")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "sdmx.csv": "application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8",
}
FORMATS = tuple(MEDIA_TYPES)


# Rows -------------------------------------------------------------------------------------


def is_demo_run(run: IndexRun) -> bool:
    """Whether a run's results are demo data: the run's own flag or its round's."""
    return run.is_demo or run.round.is_demo


def score_rows(run: IndexRun) -> list[dict[str, Any]]:
    """The run's scores and ranks, one row per country and node; ``is_demo`` marks a demo
    run or round."""
    names = {node.code: node.name for node in selectors.run_nodes(run)}
    is_demo = is_demo_run(run)
    return [
        {
            "run_id": run.pk,
            "year": run.round.reference_year,
            "country_iso3": row.country.iso3,
            "country_name": row.country.name,
            "node": row.node,
            "node_name": names.get(row.node, row.node),
            "level": row.level,
            "score": row.score,
            "rank": row.rank,
            "rank_median": row.rank_median,
            "rank_q05": row.rank_q05,
            "rank_q95": row.rank_q95,
            "score_q05": row.score_q05,
            "score_q95": row.score_q95,
            "run_status": run.status,
            "is_demo": is_demo,
        }
        for row in selectors.run_scores(run)
    ]


def value_rows(measurement_round: Round) -> list[dict[str, Any]]:
    """The round's published values (its current published run's inputs): the one definition
    of this table, whatever serves it. A confidential value has no number (the run stored
    none); ``is_demo`` marks demo data (the round's, the run's or the submission's), so a file
    that has left the site is never taken for official statistics."""
    units = _units(measurement_round)
    inputs = selectors.round_values(measurement_round.pk).annotate(
        run_is_demo=F("run__is_demo"), submission_is_demo=F("submission__is_demo")
    )
    return [
        {
            "round_id": measurement_round.pk,
            "year": measurement_round.reference_year,
            "run_id": item.run_id,
            "country_iso3": item.country.iso3,
            "country_name": item.country.name,
            "kind": item.kind,
            "code": item.code,
            "value": item.value,
            "unit": unit_code(units.get((item.kind, item.code), "")),
            "status": item.status,
            "evidence_url": item.evidence_url,
            "is_demo": measurement_round.is_demo or item.run_is_demo or item.submission_is_demo,
        }
        for item in inputs
    ]


def _units(measurement_round: Round) -> dict[tuple[str, str], str]:
    framework = measurement_round.framework_version_id
    units = {
        ("variable", code): unit
        for code, unit in Variable.objects.filter(framework=framework).values_list("code", "unit")
    }
    units.update(
        {
            ("indicator", code): unit
            for code, unit in Indicator.objects.filter(framework=framework).values_list(
                "code", "unit"
            )
        }
    )
    return units


def change_rows(run: IndexRun, changes: selectors.RunChanges | None = None) -> list[dict[str, Any]]:
    """What a correction changed (``selectors.run_changes``, read here unless given), one row
    per changed measure: ``kind`` ``node`` (a score, rank or interval bound at the index, a
    dimension or an indicator) or ``variable``/``indicator`` (an input's ``value`` or
    ``status``). Empty for a run that corrects nothing."""
    if changes is None:
        changes = selectors.run_changes(run)
    if changes is None:
        return []
    common = {"run_id": run.pk, "corrects_run_id": changes.corrects_id}
    common.update(year=run.round.reference_year, is_demo=is_demo_run(run))
    rows = [
        {
            **common,
            "country_iso3": change.iso3,
            "country_name": change.name,
            "kind": "node",
            "code": change.node,
            "name": change.node_name,
            "level": change.level,
            "measure": measure,
            "before": change.before[measure],
            "after": change.after[measure],
        }
        for change in changes.scores
        for measure in change.changed
    ]
    for item in changes.inputs:
        base = {**common, "country_iso3": item.iso3, "country_name": item.name}
        base.update(kind=item.kind, code=item.code, name=item.code, level=None)
        sides = {
            "value": (item.before_value, item.after_value),
            "status": (item.before_status, item.after_status),
        }
        for measure, (before, after) in sides.items():
            if _input_moved(before, after):
                rows.append({**base, "measure": measure, "before": before, "after": after})
    return rows


def _input_moved(before: Any, after: Any) -> bool:
    if isinstance(before, float) and isinstance(after, float):
        return abs(after - before) > selectors.TOLERANCE
    return bool(before != after)


def egdi_rows() -> list[dict[str, Any]]:
    return list(EgdiValue.objects.order_by("year", "iso3").values(*EGDI_COLUMNS))


# Formats ----------------------------------------------------------------------------------


def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """UTF-8 with a byte-order mark (spreadsheets then read accents right); empty = missing."""
    return tabular.csv_bytes(tabular.dict_rows(rows, columns), columns)


def to_xlsx(rows: Iterable[dict[str, Any]], columns: Sequence[str], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "data")
    tabular.append_row(sheet, columns)
    for values in tabular.dict_rows(rows, columns):
        tabular.append_row(sheet, values)
    _definitions_sheet(workbook, columns, DICTIONARY_FILES.get(title, title))
    notes = workbook.create_sheet(title="licence")
    tabular.append_row(notes, [f"{ATTRIBUTION}: {LICENCE_NAME} {LICENCE_URL}"])
    return tabular.workbook_bytes(workbook)


def _definitions_sheet(workbook: Workbook, columns: Sequence[str], file: str) -> None:
    """What each column of the data sheet means and its unit (the data dictionary's rows)."""
    sheet = workbook.create_sheet(title="definitions")
    tabular.append_row(sheet, DICTIONARY_COLUMNS[1:])
    entries = {
        column: (kind, description)
        for name, column, kind, description in DICTIONARY
        if name == file
    }
    for column in columns:
        kind, description = entries[column]
        tabular.append_row(sheet, [column, kind, unit_of(file, column), description])


def to_json(metadata: dict[str, Any], rows: list[dict[str, Any]], key: str) -> bytes:
    document = {**metadata, "licence": licence_metadata(), key: rows}
    return json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


def licence_metadata() -> dict[str, str]:
    return {"name": LICENCE_NAME, "url": LICENCE_URL, "attribution": ATTRIBUTION}


def run_metadata(run: IndexRun) -> dict[str, Any]:
    return {
        "run": {
            "id": run.pk,
            "title": run.title,
            "status": run.status,
            "round_id": run.round_id,
            "year": run.round.reference_year,
            "framework": str(run.framework_version),
            "engine_version": run.engine_version,
            "input_hash": run.input_hash,
            "seed": run.seed,
            "uncertainty_runs": run.uncertainty_runs,
            "published_at": run.published_at.isoformat() if run.published_at else None,
            "corrects": run.corrects_id,
            "changelog": run.changelog,
            "is_demo": is_demo_run(run),
        }
    }


def run_exports(run: IndexRun, file_formats: Iterable[str]) -> dict[str, bytes]:
    """A run's scores in each of ``file_formats``, written from one read of its rows."""
    from gealc.observatory import sdmx

    rows = score_rows(run)

    def metadata() -> dict[str, Any]:
        document = run_metadata(run)
        if run.corrects_id is not None:
            document["changes"] = change_rows(run)
        return document

    return {
        file_format: _write(file_format, rows, SCORE_COLUMNS, "scores", metadata, sdmx.scores_csv)
        for file_format in file_formats
    }


def changes_exports(run: IndexRun, file_formats: Iterable[str]) -> dict[str, bytes]:
    """What a correction changed in each of ``file_formats``, compared once."""
    from gealc.observatory import sdmx

    changes = selectors.run_changes(run)
    rows = change_rows(run, changes)
    file_formats = tuple(file_formats)
    units = {}
    if any(file_format in sdmx.VERSIONS for file_format in file_formats):
        units = {code: unit for (_kind, code), unit in _units(run.round).items()}

    def write(file_format: str) -> bytes:
        # SDMX lists each change as it was and as it is, not the rows of the other formats.
        if file_format in sdmx.VERSIONS:
            year = run.round.reference_year
            return sdmx.changes_csv(
                changes,
                year,
                units,
                version=sdmx.VERSIONS[file_format],
                is_demo=is_demo_run(run),
            )
        return _write(file_format, rows, CHANGE_COLUMNS, "changes", lambda: run_metadata(run))

    return {file_format: write(file_format) for file_format in file_formats}


def values_exports(measurement_round: Round, file_formats: Iterable[str]) -> dict[str, bytes]:
    """A round's published values in each of ``file_formats``, from one read of its rows."""
    from gealc.observatory import sdmx

    rows = value_rows(measurement_round)
    year = measurement_round.reference_year
    metadata = {"round": {"id": measurement_round.pk, "year": year}}
    return {
        file_format: _write(
            file_format, rows, VALUE_COLUMNS, "values", lambda: metadata, sdmx.values_csv
        )
        for file_format in file_formats
    }


def _write(
    file_format: str,
    rows: list[dict[str, Any]],
    columns: Sequence[str],
    name: str,
    metadata: Callable[[], dict[str, Any]],
    to_sdmx: Callable[..., bytes] | None = None,
) -> bytes:
    """``rows`` as one file; ``name`` is the workbook's data sheet and the JSON's key."""
    from gealc.observatory import sdmx

    if file_format == "csv":
        return to_csv(rows, columns)
    if file_format == "xlsx":
        return to_xlsx(rows, columns, name)
    if file_format == "json":
        return to_json(metadata(), rows, name)
    if to_sdmx is not None and file_format in sdmx.VERSIONS:
        return to_sdmx(rows, version=sdmx.VERSIONS[file_format])
    raise ValueError(file_format)


def egdi_export() -> bytes:
    return to_csv(egdi_rows(), EGDI_COLUMNS)


# Data dictionary --------------------------------------------------------------------------

DICTIONARY_COLUMNS = ("file", "column", "type", "unit", "description")
# The data dictionary's file of a workbook's data sheet.
DICTIONARY_FILES = {"scores": "runs"}
SCORE_UNIT = "points (0-100)"
RANK_UNIT = "rank (1 = best)"
UNITS = {
    "year": "calendar year",
    "level": "level (1 indicator, 2 dimension, 3 index)",
    "score": SCORE_UNIT,
    "score_q05": SCORE_UNIT,
    "score_q95": SCORE_UNIT,
    "rank": RANK_UNIT,
    "rank_median": RANK_UNIT,
    "rank_q05": RANK_UNIT,
    "rank_q95": RANK_UNIT,
    "egdi_rank": RANK_UNIT,
    "value": "the row's unit",
    "OBS_VALUE": "the row's UNIT_MEASURE",
}
UNITS.update(dict.fromkeys(("egdi", "osi", "hci", "tii", "epi"), "index (0-1)"))
DEMO_DATA = "True for demo data (fictional, for demonstration): never official statistics."
DICTIONARY: list[tuple[str, str, str, str]] = [
    ("runs", "run_id", "integer", "Index run identifier; a correction is a new run."),
    ("runs", "year", "integer", "Reference year of the measurement round."),
    ("runs", "country_iso3", "text", "ISO 3166-1 alpha-3 code of the country."),
    ("runs", "country_name", "text", "Country name."),
    ("runs", "node", "text", "Code of the index, a dimension or an indicator."),
    ("runs", "node_name", "text", "Name of the node."),
    ("runs", "level", "integer", "1 indicator, 2 dimension, 3 index."),
    ("runs", "score", "number", "Score (0-100 after min-max normalisation); empty if missing."),
    ("runs", "rank", "integer", "Rank, 1 best; ties share the lowest rank."),
    ("runs", "rank_median", "number", "Median rank over the uncertainty runs."),
    ("runs", "rank_q05", "number", "5th percentile of the rank over the uncertainty runs."),
    ("runs", "rank_q95", "number", "95th percentile of the rank over the uncertainty runs."),
    ("runs", "score_q05", "number", "5th percentile of the score over the uncertainty runs."),
    ("runs", "score_q95", "number", "95th percentile of the score over the uncertainty runs."),
    ("runs", "run_status", "text", "published, or superseded by a correction."),
    ("runs", "is_demo", "boolean", DEMO_DATA),
    ("changes", "run_id", "integer", "The correction."),
    ("changes", "corrects_run_id", "integer", "The run it corrects."),
    ("changes", "year", "integer", "Reference year of the measurement round."),
    ("changes", "country_iso3", "text", "ISO 3166-1 alpha-3 code of the country."),
    ("changes", "country_name", "text", "Country name."),
    (
        "changes",
        "kind",
        "text",
        "node (a result at the index, a dimension or an indicator), variable or indicator "
        "(an input).",
    ),
    ("changes", "code", "text", "Node, variable or indicator code."),
    ("changes", "name", "text", "Name of the node (the code for an input)."),
    ("changes", "level", "integer", "1 indicator, 2 dimension, 3 index; empty for an input."),
    (
        "changes",
        "measure",
        "text",
        "score, rank, rank_median, rank_q05, rank_q95, score_q05, score_q95 (a node); value "
        "or status (an input).",
    ),
    ("changes", "before", "text", "In the corrected run; empty where it had none."),
    ("changes", "after", "text", "In the correction; empty where it has none."),
    ("changes", "is_demo", "boolean", DEMO_DATA),
    ("values", "round_id", "integer", "Measurement round identifier."),
    ("values", "year", "integer", "Reference year."),
    ("values", "run_id", "integer", "The published run these values went into."),
    ("values", "country_iso3", "text", "ISO 3166-1 alpha-3 code."),
    ("values", "country_name", "text", "Country name."),
    ("values", "kind", "text", "variable (reported) or indicator (computed by formula)."),
    ("values", "code", "text", "Variable or indicator code of the framework."),
    ("values", "value", "number", "The value; empty when not reported."),
    ("values", "unit", "text", "Unit code (the UNIT_MEASURE codes of this dictionary)."),
    (
        "values",
        "status",
        "text",
        "reported, not_available, not_applicable or confidential (never with a number).",
    ),
    ("values", "evidence_url", "text", "Link to the evidence the country gave."),
    ("values", "is_demo", "boolean", DEMO_DATA),
    (
        "sdmx",
        "DATAFLOW",
        "text",
        "GEALC:DGI_INDEX(1.0) for scores, GEALC:DGI_VALUES(1.0), GEALC:DGI_CHANGES(1.0).",
    ),
    ("sdmx", "STRUCTURE", "text", "SDMX-CSV 2.0 (*.sdmx2.csv) instead of DATAFLOW: dataflow."),
    ("sdmx", "STRUCTURE_ID", "text", "SDMX-CSV 2.0: the dataflow, as DATAFLOW in 1.0."),
    ("sdmx", "ACTION", "text", "SDMX-CSV 2.0: I (information: the observations as they are)."),
    (
        "sdmx",
        "RUN_ID",
        "dimension",
        "Changes only: the run of the observation (the corrected run, or the correction).",
    ),
    ("sdmx", "REF_AREA", "dimension", "ISO 3166-1 alpha-3 code of the country."),
    ("sdmx", "INDICATOR", "dimension", "Node code (scores) or variable/indicator code."),
    ("sdmx", "TIME_PERIOD", "dimension", "Reference year."),
    (
        "sdmx",
        "MEASURE",
        "dimension",
        "SCORE, RANK, RANK_MEDIAN, RANK_Q05, RANK_Q95, SCORE_Q05, SCORE_Q95 (scores); "
        "VALUE (values).",
    ),
    ("sdmx", "OBS_VALUE", "measure", "The observation; empty when missing."),
    (
        "sdmx",
        "UNIT_MEASURE",
        "attribute",
        "Unit code (code list CL_UNIT_MEASURE): INDEX_0_100, RANK, or the code of the "
        "framework's unit (PC for %, PER_1000_INHAB…); the unit codes are in this dictionary.",
    ),
    (
        "sdmx",
        "OBS_STATUS",
        "attribute",
        "A normal; L not available; M not applicable or missing; C confidential.",
    ),
    ("sdmx", "IS_DEMO", "attribute", "true for demo data (fictional): never official statistics."),
    ("egdi", "year", "integer", "Edition of the UN E-Government Survey."),
    ("egdi", "iso3", "text", "ISO 3166-1 alpha-3 code (all 193 UN member states)."),
    ("egdi", "name", "text", "Country name (English)."),
    ("egdi", "egdi", "number", "E-Government Development Index (mean of OSI, HCI, TII)."),
    ("egdi", "egdi_rank", "integer", "World rank in that edition."),
    ("egdi", "osi", "number", "Online Service Index."),
    ("egdi", "hci", "number", "Human Capital Index."),
    ("egdi", "tii", "number", "Telecommunication Infrastructure Index."),
    ("egdi", "epi", "number", "E-Participation Index."),
]


def unit_of(file: str, column: str) -> str:
    """The unit of a column's numbers; empty for codes, names and identifiers. Before and
    after in a correction's changes are in the unit of their measure."""
    if file == "changes" and column in ("before", "after"):
        return "the measure's unit"
    return UNITS.get(column, "")


def dictionary_csv() -> bytes:
    """Every column of every file, then the unit codes (labelled in four languages)."""
    rows = [
        {
            "file": file,
            "column": column,
            "type": kind,
            "unit": unit_of(file, column),
            "description": description,
        }
        for file, column, kind, description in [*DICTIONARY, *unit_dictionary_rows()]
    ]
    return to_csv(rows, DICTIONARY_COLUMNS)


def licence_text() -> str:
    year = timezone.now().year
    return (
        f"Data published by the {ATTRIBUTION} (index runs, scores, ranks and the published "
        f"indicator values) are licensed under the Creative Commons Attribution 4.0 "
        f"International licence ({LICENCE_NAME}): {LICENCE_URL}\n"
        f'Attribute as: "{ATTRIBUTION}, {year}". Data marked as demo are fictional.\n\n'
        f"UN E-Government Development Index (benchmarks/egdi.csv): source {SOURCE_NAME}, "
        f"{SOURCE_URL}. {TERMS}\n"
    )
