"""Files a researcher can load and cite: every published year in one file, the newest at a
stable address, a Data Package that validates with frictionless, definitions and units in
the workbook and the dictionary, and licence headers that say the truth."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client
from frictionless import validate
from openpyxl import load_workbook

from gealc.measurement import services as measurement_services
from gealc.network.models import Country
from gealc.observatory import exports, services
from gealc.observatory.models import IndexRun
from tests.observatory.conftest import ROUND_VALUES


def _csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def second_year(
    published_run: IndexRun,
    secretariat: User,
    administrator: User,
    fill: Callable[..., Any],
    compute: Callable[..., IndexRun],
) -> IndexRun:
    """A 2026 round of the same framework for Uruguay, Brazil and Chile, published."""
    later = measurement_services.round_open(
        actor=secretariat,
        framework_version=published_run.framework_version,
        reference_year=2026,
        opens_on=datetime.date(2027, 1, 15),
        closes_on=datetime.date(2027, 12, 31),
        countries=list(Country.objects.filter(iso3__in=["URY", "BRA", "CHL"])),
    )
    for submission in later.submissions.select_related("country"):
        iso3 = submission.country.iso3
        # 2025's values (no year-on-year warning); Chile without a signature law, so the
        # yes/no indicator is not the same for every country.
        fill(submission, **ROUND_VALUES[iso3], **({"signature_law": 0} if iso3 == "CHL" else {}))
        measurement_services.submission_submit(actor=administrator, submission=submission)
        measurement_services.submission_validate(actor=secretariat, submission=submission)
    return services.run_publish(actor=secretariat, run=compute(later))


def test_every_published_year_in_one_file_oldest_first(
    published_run: IndexRun, second_year: IndexRun, client: Client
) -> None:
    rows = _csv(client.get("/data/index/all.csv").content)
    first = _csv(client.get(f"/data/runs/{published_run.pk}.csv").content)
    second = _csv(client.get(f"/data/runs/{second_year.pk}.csv").content)
    assert rows == first + second
    assert [row["year"] for row in rows[:1] + rows[-1:]] == ["2025", "2026"]
    values = _csv(client.get("/data/values/all.csv").content)
    assert {row["year"] for row in values} == {"2025", "2026"}
    latest = client.get("/data/index/latest.csv")
    assert latest["Location"] == f"/data/runs/{second_year.pk}.csv"
    workbook = load_workbook(io.BytesIO(client.get("/data/index/all.xlsx").content))
    assert workbook["scores"].max_row == len(rows) + 1


def test_a_corrected_year_is_its_correction(
    published_run: IndexRun, correction_run: IndexRun, secretariat: User, client: Client
) -> None:
    correction = services.run_publish(actor=secretariat, run=correction_run)
    rows = _csv(client.get("/data/index/all.csv").content)
    single = _csv(client.get(f"/data/runs/{correction.pk}.csv").content)
    assert rows == single  # the superseded run's year is its correction's figures only
    assert {row["run_id"] for row in rows} == {str(correction.pk)}
    values = _csv(client.get("/data/values/all.csv").content)
    round_values = _csv(client.get(f"/data/values/{correction.round_id}.csv").content)
    assert values == round_values
    sdmx_lines = client.get("/data/index/all.sdmx.csv").content.decode().splitlines()
    assert sdmx_lines[0].startswith("DATAFLOW,REF_AREA")
    assert len(sdmx_lines) > len(rows)
    sdmx2_lines = client.get("/data/index/all.sdmx2.csv").content.decode().splitlines()
    assert sdmx2_lines[0].startswith("STRUCTURE,STRUCTURE_ID,ACTION")
    assert len(sdmx2_lines) == len(sdmx_lines)


def test_latest_redirects_to_the_newest_published_run(
    published_run: IndexRun, client: Client
) -> None:
    for file_format in ("csv", "xlsx", "json", "sdmx.csv", "sdmx2.csv"):
        response = client.get(f"/data/index/latest.{file_format}")
        assert response.status_code == 302
        assert response["Location"] == f"/data/runs/{published_run.pk}.{file_format}"


def test_nothing_published_is_a_404(db: None, client: Client) -> None:
    assert client.get("/data/index/latest.csv").status_code == 404
    empty = _csv(client.get("/data/index/all.csv").content)
    assert empty == []


def test_the_workbook_carries_definitions_and_units(
    published_run: IndexRun, client: Client
) -> None:
    workbook = load_workbook(io.BytesIO(client.get("/data/index/all.xlsx").content))
    assert workbook.sheetnames == ["scores", "definitions", "licence"]
    definitions = list(workbook["definitions"].iter_rows(values_only=True))
    assert definitions[0] == ("column", "type", "unit", "description")
    by_column = {row[0]: row for row in definitions[1:]}
    assert list(by_column) == list(exports.SCORE_COLUMNS)
    assert by_column["score"][2] == "points (0-100)"
    assert by_column["rank"][2] == "rank (1 = best)"
    dictionary = _csv(client.get("/data/dictionary.csv").content)
    assert {"file", "column", "type", "unit", "description"} == set(dictionary[0])
    assert {row["unit"] for row in dictionary if row["column"] == "egdi"} == {"index (0-1)"}


def test_licence_headers_say_the_truth(
    published_run: IndexRun, egdi_loaded: int, client: Client
) -> None:
    cc_by = f'<{exports.LICENCE_URL}>; rel="license"'
    for path in (
        "/data/index/all.csv",
        f"/data/runs/{published_run.pk}.xlsx",
        "/data/datapackage.json",
    ):
        assert client.get(path)["Link"].startswith(cc_by), path
    assert 'rel="describedby"' in client.get("/data/index/all.csv")["Link"]
    egdi = client.get("/data/benchmarks/egdi.csv")["Link"]
    assert "creativecommons" not in egdi
    assert egdi == '<http://testserver/data/LICENCE#un-egdi>; rel="license"'
    assert "United Nations" in client.get("/data/LICENCE").content.decode()


def test_the_data_package_validates_with_frictionless(
    published_run: IndexRun, egdi_loaded: int, client: Client, tmp_path: Path
) -> None:
    """The descriptor and every file it lists, downloaded beside it as a user would."""
    response = client.get("/data/datapackage.json")
    assert response.status_code == 200
    descriptor = json.loads(response.content)
    (tmp_path / "datapackage.json").write_bytes(response.content)
    for resource in descriptor["resources"]:
        target = tmp_path / resource["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        download = client.get("/data/" + resource["path"])
        assert download.status_code == 200, resource["path"]
        target.write_bytes(download.content)
        assert resource["licenses"], resource["name"]
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])
    names = {resource["name"] for resource in descriptor["resources"]}
    assert {
        "index-all-csv",
        "index-all-xlsx",
        "values-all-csv",
        "un-egdi",
        "data-dictionary",
    } <= names
    egdi = next(r for r in descriptor["resources"] if r["name"] == "un-egdi")
    assert "creativecommons" not in json.dumps(egdi["licenses"])
    score = next(
        field
        for field in descriptor["resources"][0]["schema"]["fields"]
        if field["name"] == "score"
    )
    assert score == {
        "name": "score",
        "type": "number",
        "description": score["description"],
        "unit": "points (0-100)",
    }


def test_a_wrong_type_fails_the_package(
    published_run: IndexRun, client: Client, tmp_path: Path
) -> None:
    """The validation bites: a score that is not a number is reported."""
    descriptor = json.loads(client.get("/data/datapackage.json").content)
    index = next(r for r in descriptor["resources"] if r["name"] == "index-all-csv")
    content = client.get("/data/" + index["path"]).content.decode("utf-8-sig")
    header, first, *rest = content.split("\r\n")
    columns = header.split(",")
    cells = next(csv.reader([first]))
    cells[columns.index("score")] = "high"
    broken = "\r\n".join([header, ",".join(cells), *rest])
    target = tmp_path / index["path"]
    target.parent.mkdir(parents=True)
    target.write_text(broken, encoding="utf-8-sig")
    (tmp_path / "datapackage.json").write_text(
        json.dumps({**descriptor, "resources": [index]}), encoding="utf-8"
    )
    report = validate(tmp_path / "datapackage.json")
    assert not report.valid
    assert "score" in json.dumps(report.flatten(["fieldName"]))


def test_the_downloads_page_says_how_to_cite(published_run: IndexRun, client: Client) -> None:
    page = client.get("/en/observatory/downloads/").content.decode()
    assert "How to cite" in page
    assert "http://testserver/data/index/all.csv" in page
    assert f"version: run {published_run.pk}" in page
    assert published_run.published_at.date().isoformat() in page
    for path in ("/data/index/all.csv", "/data/index/latest.csv", "/data/datapackage.json"):
        assert path in page


def test_every_catalogued_bulk_file_downloads(published_run: IndexRun, client: Client) -> None:
    document = json.loads(client.get("/data/catalogue.jsonld").content)
    bulk = [d for d in document["dcat:dataset"] if d["dct:identifier"].endswith("-all")]
    assert {d["dct:identifier"] for d in bulk} == {"index-all", "values-all"}
    for dataset in bulk:
        for distribution in dataset["dcat:distribution"]:
            url = urlsplit(distribution["dcat:downloadURL"]).path
            assert client.get(url).status_code == 200, url


def test_the_every_year_files_and_the_package_answer_304(
    published_run: IndexRun,
    secretariat: User,
    correction_run: IndexRun,
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    for path in ("/data/index/all.csv", "/data/values/all.xlsx", "/data/datapackage.json"):
        first = client.get(path)
        assert first["Last-Modified"], path
        assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304, path
    before = client.get("/data/index/all.csv")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):  # the new generation, on commit
        services.run_publish(actor=secretariat, run=correction_run)
    assert client.get("/data/index/all.csv", HTTP_IF_NONE_MATCH=before).status_code == 200
