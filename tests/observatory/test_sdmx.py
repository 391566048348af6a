"""SDMX-CSV 1.0: the header is exact, one observation per measure, statuses and units coded;
a correction's changes give each changed observation in both runs."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.models import User

from gealc.observatory import exports, sdmx, selectors, services
from gealc.observatory.models import IndexRun

HEADER = "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,MEASURE,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,IS_DEMO"


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_scores_header_and_rows(published_run: IndexRun) -> None:
    content = exports.run_exports(published_run, ("sdmx.csv",))["sdmx.csv"]
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
    assert {r["IS_DEMO"] for r in rows} == {"false"}


def test_values_statuses(published_run: IndexRun) -> None:
    rows = _rows(exports.values_exports(published_run.round, ("sdmx.csv",))["sdmx.csv"])
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
        "PC",
        "A",
    )


def test_changes_give_each_changed_observation_in_both_runs(
    correction_run: IndexRun, secretariat: User
) -> None:
    correction = services.run_publish(actor=secretariat, run=correction_run)
    changes = selectors.run_changes(correction)
    content = exports.changes_exports(correction, ("sdmx.csv",))["sdmx.csv"]
    assert content.decode("utf-8").splitlines()[0] == (
        "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,MEASURE,RUN_ID,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,"
        "IS_DEMO"
    )
    rows = _rows(content)
    measures = sum(len(change.changed) for change in changes.scores)
    assert len(rows) == 2 * (measures + len(changes.inputs))
    assert {r["DATAFLOW"] for r in rows} == {"GEALC:DGI_CHANGES(1.0)"}
    runs = {str(changes.corrects_id), str(correction.pk)}
    assert {r["RUN_ID"] for r in rows} == runs
    paraguay = [
        r for r in rows if (r["REF_AREA"], r["INDICATOR"], r["MEASURE"]) == ("PRY", "index", "RANK")
    ]
    before, after = sorted(paraguay, key=lambda r: r["RUN_ID"] != str(changes.corrects_id))
    assert (before["OBS_VALUE"], before["OBS_STATUS"]) == ("", "M")
    assert (after["OBS_VALUE"], after["OBS_STATUS"]) == (str(changes.scores[0].after_rank), "A")
    share = [
        r
        for r in rows
        if (r["REF_AREA"], r["INDICATOR"], r["MEASURE"]) == ("PRY", "transactional_share", "VALUE")
    ]
    assert [(r["OBS_VALUE"], r["OBS_STATUS"]) for r in share] == [("", "M"), ("50", "A")]
