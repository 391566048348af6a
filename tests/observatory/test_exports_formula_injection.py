"""Every observatory download writes a hostile name as text (``gealc.core.tabular``): CSV, XLSX,
SDMX-CSV 1.0 and 2.0, the every-year files, a correction's changes and the EGDI benchmark."""

from __future__ import annotations

import pytest

from gealc.network.models import Country
from gealc.observatory import bulk, exports, sdmx
from gealc.observatory.models import EgdiValue, IndexRun
from tests.core.formula_checks import (
    HYPERLINK,
    NEUTRALISED,
    assert_csv_neutralised,
    assert_xlsx_neutralised,
    csv_cells,
)

LANGUAGES = ("es", "pt", "en", "fr")


def _name_every_country_hostile() -> None:
    Country.objects.update(**{f"name_{code}": HYPERLINK for code in LANGUAGES})


@pytest.fixture
def hostile_run(published_run: IndexRun) -> IndexRun:
    _name_every_country_hostile()
    return published_run


def test_a_runs_scores_and_a_rounds_values(hostile_run: IndexRun) -> None:
    assert_csv_neutralised(exports.run_exports(hostile_run, ("csv",))["csv"])
    assert_xlsx_neutralised(exports.run_exports(hostile_run, ("xlsx",))["xlsx"])
    assert_csv_neutralised(exports.values_exports(hostile_run.round, ("csv",))["csv"])
    assert_xlsx_neutralised(exports.values_exports(hostile_run.round, ("xlsx",))["xlsx"])


@pytest.mark.parametrize("collection", ["index", "values"])
def test_the_every_year_files(hostile_run: IndexRun, collection: str) -> None:
    assert_csv_neutralised(bulk.bulk_export(collection, "csv"))
    assert_xlsx_neutralised(bulk.bulk_export(collection, "xlsx"))


@pytest.mark.parametrize("version", ["1.0", "2.0"])
def test_sdmx_csv(hostile_run: IndexRun, version: str) -> None:
    values = exports.value_rows(hostile_run.round)
    values[0]["code"] = HYPERLINK
    scores = exports.score_rows(hostile_run)
    scores[0]["node"] = HYPERLINK

    for data in (sdmx.values_csv(values, version), sdmx.scores_csv(scores, version)):
        assert not data.startswith(b"\xef\xbb\xbf")  # SDMX-CSV has no byte-order mark
        assert_csv_neutralised(data)


def test_a_corrections_changes(correction_run: IndexRun) -> None:
    _name_every_country_hostile()
    assert exports.change_rows(correction_run)
    assert_csv_neutralised(exports.changes_exports(correction_run, ("csv",))["csv"])
    assert_xlsx_neutralised(exports.changes_exports(correction_run, ("xlsx",))["xlsx"])


def test_the_egdi_benchmark(egdi_loaded: int) -> None:
    EgdiValue.objects.filter(pk=EgdiValue.objects.order_by("pk").first().pk).update(name=HYPERLINK)

    assert NEUTRALISED in csv_cells(exports.egdi_export())
