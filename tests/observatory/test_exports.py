"""Downloads parse back with the documented columns and the right number of rows; a round's
values file (the one definition of a round's published values) withholds confidential numbers
and marks demo data in every format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from gealc.measurement.models import Round, Submission, Value
from gealc.observatory import exports, files, selectors, services
from gealc.observatory.models import IndexRun

COUNTRIES = {"URY", "BRA", "CHL", "ARG", "MEX"}  # in the published run
SCORE_ROWS = 5 * 7  # countries x (3 indicators + 3 dimensions + index)
VALUE_ROWS = 5 * 7  # countries x (4 variables + 3 indicators)


def _csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_run_csv(published_run: IndexRun) -> None:
    rows = _csv(exports.run_exports(published_run, ("csv",))["csv"])
    assert list(rows[0]) == list(exports.SCORE_COLUMNS)
    assert len(rows) == SCORE_ROWS
    index = next(r for r in rows if r["node"] == "index" and r["country_iso3"] == "URY")
    assert index["rank"] == "1"


def test_run_xlsx(published_run: IndexRun) -> None:
    workbook = load_workbook(io.BytesIO(exports.run_exports(published_run, ("xlsx",))["xlsx"]))
    sheet = workbook["scores"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(exports.SCORE_COLUMNS)
    assert len(rows) == SCORE_ROWS + 1
    assert "CC BY 4.0" in workbook["licence"]["A1"].value


def test_run_json(published_run: IndexRun) -> None:
    document = json.loads(exports.run_exports(published_run, ("json",))["json"])
    assert document["run"]["id"] == published_run.pk
    assert document["licence"]["name"] == "CC BY 4.0"
    assert len(document["scores"]) == SCORE_ROWS
    assert set(document["scores"][0]) == set(exports.SCORE_COLUMNS)


def test_values_of_a_round(published_run: IndexRun) -> None:
    rows = _csv(exports.values_exports(published_run.round, ("csv",))["csv"])
    assert list(rows[0]) == list(exports.VALUE_COLUMNS)
    assert len(rows) == VALUE_ROWS
    missing = next(
        r for r in rows if r["country_iso3"] == "MEX" and r["code"] == "user_satisfaction"
    )
    assert missing["value"] == ""
    assert missing["status"] == "not_available"
    document = json.loads(exports.values_exports(published_run.round, ("json",))["json"])
    assert len(document["values"]) == VALUE_ROWS


HIDDEN = "87.125"  # Uruguay's confidential satisfaction score: in no file


@pytest.fixture
def confidential_run(
    computed_round: Round, compute: Callable[..., IndexRun], secretariat: User
) -> IndexRun:
    """As ``published_run``, but Uruguay reported its satisfaction score as confidential."""
    Value.objects.filter(
        submission__round=computed_round,
        submission__country__iso3="URY",
        variable__code="satisfaction_score",
    ).update(status=Value.Status.CONFIDENTIAL, value=Decimal(HIDDEN))
    return services.run_publish(actor=secretariat, run=compute(computed_round))


def test_values_withhold_confidential_numbers_in_every_format(confidential_run: IndexRun) -> None:
    """The variable and the indicator computed from it keep their status, not the number."""
    written = exports.values_exports(confidential_run.round, files.FILE_FORMATS)
    uruguay = {
        row["code"]: row
        for row in json.loads(written["json"])["values"]
        if row["country_iso3"] == "URY"
    }
    for code in ("satisfaction_score", "user_satisfaction"):
        assert uruguay[code]["status"] == "confidential"
        assert uruguay[code]["value"] is None
    for file_format in ("csv", "json", "sdmx.csv", "sdmx2.csv"):
        assert HIDDEN.encode() not in written[file_format], file_format
    cells = load_workbook(io.BytesIO(written["xlsx"]))["values"].iter_rows(values_only=True)
    assert float(HIDDEN) not in {cell for row in cells for cell in row}


@pytest.mark.parametrize(
    ("demo", "demo_countries"),
    [("round", COUNTRIES), ("run", COUNTRIES), ("submission", {"URY"})],
)
def test_values_say_which_are_demo_data(
    preview_run: IndexRun, secretariat: User, demo: str, demo_countries: set[str]
) -> None:
    """Whether the round, the run or a submission is demo data, its rows say so."""
    measurement_round = preview_run.round
    if demo == "round":
        Round.objects.filter(pk=measurement_round.pk).update(is_demo=True)
        measurement_round.refresh_from_db()
    elif demo == "run":
        IndexRun.objects.filter(pk=preview_run.pk).update(is_demo=True)
    else:
        Submission.objects.filter(round=measurement_round, country__iso3="URY").update(is_demo=True)
    preview_run.refresh_from_db()
    services.run_publish(actor=secretariat, run=preview_run)
    written = exports.values_exports(measurement_round, ("csv", "json", "xlsx", "sdmx.csv"))
    expected = {(iso3, iso3 in demo_countries) for iso3 in COUNTRIES}
    observations = _csv(written["sdmx.csv"])
    assert {(r["REF_AREA"], r["IS_DEMO"] == "true") for r in observations} == expected
    rows = _csv(written["csv"])
    assert {(row["country_iso3"], row["is_demo"] == "True") for row in rows} == expected
    document = json.loads(written["json"])["values"]
    assert {(row["country_iso3"], row["is_demo"]) for row in document} == expected
    header, *cells = load_workbook(io.BytesIO(written["xlsx"]))["values"].iter_rows(
        values_only=True
    )
    country, flag = header.index("country_iso3"), header.index("is_demo")
    assert {(row[country], row[flag]) for row in cells} == expected


@pytest.mark.parametrize("demo", ["round", "run", None])
def test_scores_say_when_they_are_demo_data(
    preview_run: IndexRun, secretariat: User, demo: str | None
) -> None:
    if demo == "round":
        Round.objects.filter(pk=preview_run.round_id).update(is_demo=True)
    elif demo == "run":
        IndexRun.objects.filter(pk=preview_run.pk).update(is_demo=True)
    preview_run.refresh_from_db()
    run = services.run_publish(actor=secretariat, run=preview_run)

    written = exports.run_exports(run, ("csv", "sdmx.csv", "sdmx2.csv"))

    flag = str(demo is not None)
    assert {row["is_demo"] for row in _csv(written["csv"])} == {flag}
    for file_format in ("sdmx.csv", "sdmx2.csv"):
        assert {row["IS_DEMO"] for row in _csv(written[file_format])} == {flag.lower()}


def test_dictionary_documents_every_column() -> None:
    rows = _csv(exports.dictionary_csv())
    documented = {(r["file"], r["column"]) for r in rows}
    assert {("runs", c) for c in exports.SCORE_COLUMNS} <= documented
    assert {("values", c) for c in exports.VALUE_COLUMNS} <= documented
    assert {("changes", c) for c in exports.CHANGE_COLUMNS} <= documented


@pytest.mark.parametrize("file_format", exports.FORMATS)
def test_download_views(published_run: IndexRun, client: Client, file_format: str) -> None:
    response = client.get(f"/data/runs/{published_run.pk}.{file_format}")
    assert response.status_code == 200
    assert f"gealc-run-{published_run.pk}.{file_format}" in response["Content-Disposition"]
    assert response["Content-Type"] == exports.MEDIA_TYPES[file_format]
    values = client.get(f"/data/values/{published_run.round_id}.{file_format}")
    assert values.status_code == 200


def test_previews_and_unknown_runs_are_not_served(preview_run: IndexRun, client: Client) -> None:
    assert client.get(f"/data/runs/{preview_run.pk}.csv").status_code == 404
    assert client.get(f"/data/values/{preview_run.round_id}.csv").status_code == 404
    assert client.get("/data/runs/999999999999.csv").status_code == 404
    assert client.get("/data/runs/1.exe").status_code == 404
    assert client.post(f"/data/runs/{preview_run.pk}.csv").status_code in (404, 405)


def test_licence_names_both_terms(client: Client, db: None) -> None:
    text = client.get("/data/LICENCE").content.decode()
    assert "CC BY 4.0" in text
    assert "United Nations E-Government Survey" in text


# What a correction changed ---------------------------------------------------------------


@pytest.fixture
def published_correction(correction_run: IndexRun, secretariat: User) -> IndexRun:
    return services.run_publish(actor=secretariat, run=correction_run)


def test_changes_csv_lists_every_changed_measure_and_input(published_correction: IndexRun) -> None:
    changes = selectors.run_changes(published_correction)
    rows = _csv(exports.changes_exports(published_correction, ("csv",))["csv"])
    assert list(rows[0]) == list(exports.CHANGE_COLUMNS)
    results = [r for r in rows if r["kind"] == "node"]
    expected = [(c.iso3, c.node, m) for c in changes.scores for m in c.changed]
    assert [(r["country_iso3"], r["code"], r["measure"]) for r in results] == expected
    per_measure = {m: sum(r["measure"] == m for r in results) for m in selectors.SCORE_MEASURES}
    assert per_measure["rank_q05"] + per_measure["rank_q95"] == changes.counts["rank_bound"]
    assert per_measure["score"] == changes.counts["score"]
    inputs = [r for r in rows if r["kind"] != "node"]
    assert {(r["country_iso3"], r["code"]) for r in inputs} == {
        (c.iso3, c.code) for c in changes.inputs
    }
    paraguay_index = next(r for r in results if r["code"] == "index" and r["measure"] == "score")
    assert paraguay_index["before"] == ""
    assert float(paraguay_index["after"]) == pytest.approx(changes.scores[0].after_score)
    assert {r["corrects_run_id"] for r in rows} == {str(changes.corrects_id)}


def test_changes_in_every_format_and_in_the_run_json(
    published_correction: IndexRun, client: Client
) -> None:
    csv_rows = _csv(exports.changes_exports(published_correction, ("csv",))["csv"])
    document = json.loads(exports.changes_exports(published_correction, ("json",))["json"])
    assert len(document["changes"]) == len(csv_rows)
    run_document = json.loads(exports.run_exports(published_correction, ("json",))["json"])
    assert run_document["changes"] == document["changes"]
    sheet = load_workbook(
        io.BytesIO(exports.changes_exports(published_correction, ("xlsx",))["xlsx"])
    )
    assert len(list(sheet["changes"].iter_rows(values_only=True))) == len(csv_rows) + 1
    for file_format in exports.FORMATS:
        response = client.get(f"/data/runs/{published_correction.pk}.changes.{file_format}")
        assert response.status_code == 200, file_format
        assert response["Content-Type"] == exports.MEDIA_TYPES[file_format]
    page = client.get("/en/observatory/downloads/").content.decode()
    for file_format in exports.FORMATS:
        assert f'href="/data/runs/{published_correction.pk}.changes.{file_format}"' in page
    assert f"/data/runs/{published_correction.corrects_id}.changes." not in page


def test_changes_of_a_run_that_corrects_nothing_or_of_a_preview_are_not_served(
    published_run: IndexRun, correction_run: IndexRun, client: Client
) -> None:
    assert client.get(f"/data/runs/{published_run.pk}.changes.csv").status_code == 404
    assert client.get(f"/data/runs/{correction_run.pk}.changes.csv").status_code == 404
    assert "changes" not in json.loads(exports.run_exports(published_run, ("json",))["json"])
