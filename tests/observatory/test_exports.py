"""Downloads parse back with the documented columns and the right number of rows."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from gealc.observatory import exports, selectors, services
from gealc.observatory.models import IndexRun

SCORE_ROWS = 5 * 7  # countries x (3 indicators + 3 dimensions + index)
VALUE_ROWS = 5 * 7  # countries x (4 variables + 3 indicators)


def _csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_run_csv(published_run: IndexRun) -> None:
    rows = _csv(exports.run_export(published_run, "csv"))
    assert list(rows[0]) == list(exports.SCORE_COLUMNS)
    assert len(rows) == SCORE_ROWS
    index = next(r for r in rows if r["node"] == "index" and r["country_iso3"] == "URY")
    assert index["rank"] == "1"


def test_run_xlsx(published_run: IndexRun) -> None:
    workbook = load_workbook(io.BytesIO(exports.run_export(published_run, "xlsx")))
    sheet = workbook["scores"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(exports.SCORE_COLUMNS)
    assert len(rows) == SCORE_ROWS + 1
    assert "CC BY 4.0" in workbook["licence"]["A1"].value


def test_run_json(published_run: IndexRun) -> None:
    document = json.loads(exports.run_export(published_run, "json"))
    assert document["run"]["id"] == published_run.pk
    assert document["licence"]["name"] == "CC BY 4.0"
    assert len(document["scores"]) == SCORE_ROWS
    assert set(document["scores"][0]) == set(exports.SCORE_COLUMNS)


def test_values_of_a_round(published_run: IndexRun) -> None:
    rows = _csv(exports.values_export(published_run.round, "csv"))
    assert list(rows[0]) == list(exports.VALUE_COLUMNS)
    assert len(rows) == VALUE_ROWS
    missing = next(
        r for r in rows if r["country_iso3"] == "MEX" and r["code"] == "user_satisfaction"
    )
    assert missing["value"] == ""
    assert missing["status"] == "not_available"
    document = json.loads(exports.values_export(published_run.round, "json"))
    assert len(document["values"]) == VALUE_ROWS


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
    rows = _csv(exports.changes_export(published_correction, "csv"))
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
    csv_rows = _csv(exports.changes_export(published_correction, "csv"))
    document = json.loads(exports.changes_export(published_correction, "json"))
    assert len(document["changes"]) == len(csv_rows)
    run_document = json.loads(exports.run_export(published_correction, "json"))
    assert run_document["changes"] == document["changes"]
    sheet = load_workbook(io.BytesIO(exports.changes_export(published_correction, "xlsx")))
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
    assert "changes" not in json.loads(exports.run_export(published_run, "json"))
