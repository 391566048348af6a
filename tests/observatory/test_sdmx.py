"""SDMX-CSV 1.0: the header is exact, one observation per measure, statuses coded."""

from __future__ import annotations

import csv
import io

from gealc.observatory import exports, sdmx
from gealc.observatory.models import IndexRun

HEADER = "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,MEASURE,OBS_VALUE,UNIT_MEASURE,OBS_STATUS"


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_scores_header_and_rows(published_run: IndexRun) -> None:
    content = exports.run_export(published_run, "sdmx.csv")
    assert content.decode("utf-8").splitlines()[0] == HEADER
    rows = _rows(content)
    assert len(rows) == 5 * 7 * len(sdmx.SCORE_MEASURES)
    assert {r["DATAFLOW"] for r in rows} == {"GEALC:DGI_INDEX(1.0)"}
    rank = next(
        r
        for r in rows
        if r["REF_AREA"] == "URY" and r["INDICATOR"] == "index" and r["MEASURE"] == "RANK"
    )
    assert (rank["OBS_VALUE"], rank["UNIT_MEASURE"], rank["OBS_STATUS"]) == ("1", "RANK", "A")
    assert rank["TIME_PERIOD"] == str(published_run.round.reference_year)


def test_values_statuses(published_run: IndexRun) -> None:
    rows = _rows(exports.values_export(published_run.round, "sdmx.csv"))
    assert len(rows) == 5 * 7
    assert {r["DATAFLOW"] for r in rows} == {"GEALC:DGI_VALUES(1.0)"}
    missing = next(
        r for r in rows if r["REF_AREA"] == "MEX" and r["INDICATOR"] == "user_satisfaction"
    )
    assert (missing["OBS_VALUE"], missing["OBS_STATUS"]) == ("", "L")
    reported = next(
        r for r in rows if r["REF_AREA"] == "URY" and r["INDICATOR"] == "transactional_share"
    )
    assert (reported["OBS_VALUE"], reported["UNIT_MEASURE"], reported["OBS_STATUS"]) == (
        "90",
        "%",
        "A",
    )
