"""The public observatory API: every endpoint, its filters (valid and invalid) and its 404s."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gealc.network.models import Country
from gealc.observatory import files, selectors, services
from gealc.observatory.models import IndexRun
from tests.observatory.round_builder import framework_of, validated_round

API = "/api/v1"
COUNTRIES = 5  # validated in the published run (Paraguay's draft is not)
NODES = 7  # index + 3 dimensions + 3 indicators


def _get(client: Client, path: str, **headers: str) -> Any:
    return client.get(f"{API}{path}", headers=headers)


def _bad_filter(client: Client, path: str, field: str) -> dict[str, Any]:
    response = _get(client, path)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field
    assert body["message"].startswith(f"{field}: ")
    return body


# Runs ------------------------------------------------------------------------------------------


def test_runs_lists_published_runs_not_previews(
    client: Client, published_run: IndexRun, correction_run: IndexRun
) -> None:
    body = _get(client, "/runs/").json()
    assert [run["id"] for run in body["results"]] == [published_run.pk]
    run = body["results"][0]
    assert run["status"] == "published"
    assert run["year"] == 2025
    assert run["framework"] == published_run.framework_version.code
    assert run["uncertainty_runs"] == published_run.uncertainty_runs
    assert run["downloads"]["sdmx.csv"] == f"/data/runs/{published_run.pk}.sdmx.csv"


def test_runs_filters(client: Client, published_run: IndexRun) -> None:
    assert _get(client, "/runs/?year=2025").json()["count"] == 1
    assert _get(client, "/runs/?year=2024").json()["count"] == 0
    assert _get(client, f"/runs/?round={published_run.round_id}").json()["count"] == 1
    assert _get(client, f"/runs/?round={published_run.round_id + 1}").json()["count"] == 0
    assert _get(client, "/runs/?year=").status_code == 400  # empty: no number


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("year=abc", "year"),
        ("year=-1", "year"),
        ("year=0", "year"),
        ("year=99999999999", "year"),
        ("round=1.5", "round"),
        ("round=%201", "round"),  # no trimming: the schema's pattern is what is accepted
    ],
)
def test_runs_invalid_filters(
    client: Client, published_run: IndexRun, query: str, field: str
) -> None:
    _bad_filter(client, f"/runs/?{query}", field)


def test_invalid_filter_message_in_the_clients_language(
    client: Client, published_run: IndexRun
) -> None:
    english = _get(client, "/runs/?year=abc", **{"Accept-Language": "en"}).json()
    assert english == {
        "message": "year: must be a whole number",
        "field": "year",
        "errors": {"year": ["year: must be a whole number"]},
    }
    spanish = _get(client, "/runs/?year=abc", **{"Accept-Language": "es"}).json()
    assert spanish["field"] == "year"
    assert spanish["message"].startswith("year: ")


def test_run_detail(client: Client, published_run: IndexRun) -> None:
    body = _get(client, f"/runs/{published_run.pk}/").json()
    assert body["id"] == published_run.pk
    assert body["spec"] == published_run.spec
    assert next(node["code"] for node in body["nodes"]) == "index"
    assert len(body["nodes"]) == NODES
    assert body["coherence"] == published_run.diagnostics.coherence
    assert body["sensitivity"] == published_run.diagnostics.sensitivity
    assert body["input_hash"] == published_run.input_hash


def test_run_detail_unknown_or_preview_is_404(
    client: Client, published_run: IndexRun, correction_run: IndexRun
) -> None:
    for pk in (correction_run.pk, correction_run.pk + 100, 2**40):
        response = _get(client, f"/runs/{pk}/")
        assert response.status_code == 404
        assert str(pk) in response.json()["message"]
        assert response.json()["field"] is None
    assert _get(client, f"/runs/{correction_run.pk}/scores/").status_code == 404


# Scores ----------------------------------------------------------------------------------------


def test_run_scores_every_country_at_every_node(client: Client, published_run: IndexRun) -> None:
    body = _get(client, f"/runs/{published_run.pk}/scores/?page_size=500").json()
    assert body["count"] == COUNTRIES * NODES
    index = [row for row in body["results"] if row["node"] == "index"]
    assert next(row["country"] for row in index) == "URY"
    for row in index:
        assert row["rank_q05"] <= row["rank_median"] <= row["rank_q95"]
        assert row["score_q05"] <= row["score_q95"]
        assert row["node_name"]


def test_run_scores_filters(client: Client, published_run: IndexRun) -> None:
    path = f"/runs/{published_run.pk}/scores/"
    index = _get(client, f"{path}?node=index").json()
    assert index["count"] == COUNTRIES
    assert next(row["rank"] for row in index["results"]) == 1
    assert _get(client, f"{path}?level=1").json()["count"] == COUNTRIES * 3
    uruguay = _get(client, f"{path}?country=ury").json()
    assert {row["country"] for row in uruguay["results"]} == {"URY"}
    assert uruguay["count"] == NODES
    assert _get(client, f"{path}?country=PRY").json()["count"] == 0
    assert _get(client, f"{path}?node=index&country=URY&level=1").json()["count"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("country=UR1", "country"),
        ("country=URUG", "country"),
        ("level=one", "level"),
        ("node=a%20b", "node"),
        ("node=" + "x" * 64, "node"),
    ],
)
def test_run_scores_invalid_filters(
    client: Client, published_run: IndexRun, query: str, field: str
) -> None:
    _bad_filter(client, f"/runs/{published_run.pk}/scores/?{query}", field)


def test_invalid_page_is_404_json(client: Client, published_run: IndexRun) -> None:
    response = _get(client, f"/runs/{published_run.pk}/scores/?page=99")
    assert response.status_code == 404
    assert response.json()["message"]


# A country's scores ----------------------------------------------------------------------------


def test_country_scores_latest_published_run(client: Client, published_run: IndexRun) -> None:
    body = _get(client, "/countries/ury/scores/").json()
    assert body["country"] == "URY"
    assert body["run"]["id"] == published_run.pk
    assert len(body["scores"]) == NODES
    assert {row["country"] for row in body["scores"]} == {"URY"}


def test_country_scores_of_a_chosen_run(client: Client, published_run: IndexRun) -> None:
    body = _get(client, f"/countries/BRA/scores/?run={published_run.pk}").json()
    assert body["run"]["id"] == published_run.pk
    assert _get(client, f"/countries/BRA/scores/?run={published_run.pk + 9}").status_code == 404
    _bad_filter(client, "/countries/BRA/scores/?run=x", "run")


def test_country_scores_without_scores_or_publication(
    client: Client, uruguay: Country, paraguay: Country
) -> None:
    body = _get(client, "/countries/URY/scores/").json()
    assert body == {"country": "URY", "country_name": uruguay.name, "run": None, "scores": []}
    assert _get(client, "/countries/ZZZ/scores/").status_code == 404
    assert _get(client, "/countries/toolong/scores/").status_code == 404


def test_country_detail_of_the_network_still_answers(
    client: Client, published_run: IndexRun
) -> None:
    assert _get(client, "/countries/URY/").json()["iso3"] == "URY"


# Values ----------------------------------------------------------------------------------------


def test_values_with_status_and_evidence(client: Client, published_run: IndexRun) -> None:
    body = _get(client, "/values/?country=mex&indicator=satisfaction_score").json()
    assert body["count"] == 1
    value = body["results"][0]
    assert value["status"] == "not_available"
    assert value["value"] is None
    assert value["kind"] == "variable"
    assert value["year"] == 2025
    assert value["run"] == published_run.pk
    assert "evidence_url" in value


def test_values_filters(client: Client, published_run: IndexRun) -> None:
    everything = _get(client, "/values/?page_size=500").json()["count"]
    assert everything == COUNTRIES * 7  # 4 variables + 3 indicators
    assert _get(client, "/values/?year=2025").json()["count"] == everything
    assert _get(client, "/values/?year=2024").json()["count"] == 0
    assert _get(client, f"/values/?round={published_run.round_id}").json()["count"] == everything
    assert _get(client, "/values/?indicator=signature").json()["count"] == COUNTRIES
    assert _get(client, "/values/?country=URY").json()["count"] == 7


def test_values_of_a_preview_are_not_published(
    client: Client, published_run: IndexRun, correction_run: IndexRun
) -> None:
    assert _get(client, "/values/?country=PRY").json()["count"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("country=1", "country"),
        ("indicator=a;b", "indicator"),
        ("year=20x5", "year"),
        ("round=-3", "round"),
    ],
)
def test_values_invalid_filters(
    client: Client, published_run: IndexRun, query: str, field: str
) -> None:
    _bad_filter(client, f"/values/?{query}", field)


# A round's published values as a file ------------------------------------------------------------


def _values_file(client: Client, round_id: int, query: str = "", **headers: str) -> Any:
    return _get(client, f"/rounds/{round_id}/published-values/{query}", **headers)


@pytest.mark.parametrize("file_format", files.FILE_FORMATS)
def test_a_rounds_values_file_is_the_open_data_file(
    client: Client, published_run: IndexRun, file_format: str
) -> None:
    answer = _values_file(client, published_run.round_id, f"?format={file_format}")
    data_file = client.get(f"/data/values/{published_run.round_id}.{file_format}")
    assert answer.status_code == 200
    assert answer.content == data_file.content
    for header in ("Content-Type", "Content-Disposition"):
        assert answer[header] == data_file[header]


def test_a_rounds_values_file_is_csv_by_default_with_only_published_values(
    client: Client, published_run: IndexRun, correction_run: IndexRun
) -> None:
    """Paraguay's submission is only in a preview correction: not published, not listed."""
    answer = _values_file(client, published_run.round_id)
    assert answer.content == _values_file(client, published_run.round_id, "?format=csv").content
    assert answer["Content-Disposition"] == 'attachment; filename="gealc-values-2025.csv"'
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert len(rows) == COUNTRIES * 7
    assert "PRY" not in {row["country_iso3"] for row in rows}
    assert {row["run_id"] for row in rows} == {str(published_run.pk)}


@pytest.mark.parametrize("role", ["stakeholder", "member_other", "member_own", "secretariat"])
def test_a_rounds_values_file_is_the_same_for_everyone(
    client: Client, published_run: IndexRun, users_by_role: dict[str, Any], role: str
) -> None:
    anonymous = _values_file(client, published_run.round_id).content
    signed_in = Client()
    signed_in.force_login(users_by_role[role])
    answer = _values_file(signed_in, published_run.round_id)
    assert answer.status_code == 200
    assert answer.content == anonymous


def test_a_round_without_published_values_is_404(client: Client, preview_run: IndexRun) -> None:
    for round_id in (preview_run.round_id, preview_run.round_id + 1):
        answer = _values_file(client, round_id, **{"Accept-Language": "en"})
        assert answer.status_code == 404
        assert answer.json()["message"] == f"No published values for the round {round_id}."


@pytest.mark.parametrize("query", ["format=pdf", "format=CSV", "format=csv.exe"])
def test_a_rounds_values_file_in_an_unknown_format_is_400(
    client: Client, published_run: IndexRun, query: str
) -> None:
    _bad_filter(client, f"/rounds/{published_run.round_id}/published-values/?{query}", "format")


# Indicators ------------------------------------------------------------------------------------


def test_indicators(client: Client, published_run: IndexRun) -> None:
    body = _get(client, "/indicators/").json()
    codes = {row["code"] for row in body["results"]}
    assert {"transactional_share", "user_satisfaction", "signature"} <= codes
    framework = published_run.framework_version.code
    assert _get(client, f"/indicators/?framework={framework}").json()["count"] == 3
    assert _get(client, "/indicators/?framework=NONE").json()["count"] == 0
    services = _get(client, "/indicators/?dimension=services").json()
    assert [row["code"] for row in services["results"]] == ["transactional_share"]
    assert services["results"][0]["names"]["en"]
    _bad_filter(client, "/indicators/?dimension=a b", "dimension")


def test_indicator_detail(client: Client, published_run: IndexRun) -> None:
    body = _get(client, "/indicators/transactional_share/").json()
    assert body["dimension"] == "services"
    assert body["formula"]
    for code in ("nothing", "a b"):
        response = _get(client, f"/indicators/{code}/")
        assert response.status_code == 404
        assert response.json()["message"]
    # A control character is refused at the edge (gealc.core.middleware), naming the parameter.
    assert _get(client, "/indicators/%00/").json()["field"] == "code"


# Benchmark -------------------------------------------------------------------------------------


def test_egdi(client: Client, egdi_loaded: int) -> None:
    uruguay = _get(client, "/benchmarks/egdi/?country=ury").json()
    assert uruguay["count"] == 6
    years = [row["year"] for row in uruguay["results"]]
    assert years == sorted(years, reverse=True)
    row = _get(client, "/benchmarks/egdi/?country=URY&year=2024").json()["results"][0]
    assert set(row) >= {"egdi", "egdi_rank", "osi", "hci", "tii", "epi"}
    assert 0 < row["egdi"] <= 1
    assert _get(client, "/benchmarks/egdi/?year=2024").json()["count"] == 193
    _bad_filter(client, "/benchmarks/egdi/?year=2024.0", "year")
    _bad_filter(client, "/benchmarks/egdi/?country=U", "country")


def test_schema_lists_every_endpoint(client: Client, db: None) -> None:
    schema = _get(client, "/schema/?format=json").json()
    for path in (
        "/api/v1/indicators/",
        "/api/v1/indicators/{code}/",
        "/api/v1/runs/",
        "/api/v1/runs/{id}/",
        "/api/v1/runs/{id}/scores/",
        "/api/v1/countries/{iso3}/scores/",
        "/api/v1/values/",
        "/api/v1/rounds/{id}/published-values/",
        "/api/v1/benchmarks/egdi/",
    ):
        assert "get" in schema["paths"][path]


# What a correction changed ---------------------------------------------------------------------


def test_run_detail_says_what_a_published_correction_changed(
    client: Client, published_run: IndexRun, correction_run: IndexRun, secretariat: User
) -> None:
    assert _get(client, f"/runs/{published_run.pk}/").json()["changes"] is None
    services.run_publish(actor=secretariat, run=correction_run)
    expected = selectors.run_changes(correction_run)

    changes = _get(client, f"/runs/{correction_run.pk}/").json()["changes"]
    assert changes["corrects"] == published_run.pk
    assert [row["country"] for row in changes["scores"]] == [c.iso3 for c in expected.scores]
    assert [row["node"] for row in changes["scores"]] == [c.node for c in expected.scores]
    first = expected.scores[0]
    nothing = dict.fromkeys(selectors.SCORE_MEASURES)
    assert changes["scores"][0] == {
        "country": "PRY",
        "country_name": "Paraguay",
        "node": "index",
        "node_name": "Index",
        "level": 3,
        "before_score": None,
        "after_score": first.after_score,
        "before_rank": None,
        "after_rank": first.after_rank,
        "before": nothing,
        "after": first.after,
        "changed": list(selectors.SCORE_MEASURES),
    }
    assert changes["counts"] == expected.counts
    assert changes["countries"] == expected.countries
    assert len(changes["inputs"]) == len(expected.inputs)
    share = next(row for row in changes["inputs"] if row["code"] == "transactional_share")
    assert share["country"] == "PRY"
    assert share["kind"] == "indicator"
    assert (share["before_value"], share["before_status"]) == (None, None)
    assert share["after_value"] == pytest.approx(50)
    assert share["after_status"] == "reported"
    # The superseded run corrects nothing.
    assert _get(client, f"/runs/{published_run.pk}/").json()["changes"] is None


def test_schema_types_a_corrections_changes(client: Client, db: None) -> None:
    components = _get(client, "/schema/?format=json").json()["components"]["schemas"]
    assert "changes" in components["RunDetail"]["properties"]
    changes = components["RunChanges"]["properties"]
    assert changes["corrects"]["type"] == "integer"
    assert set(components["ScoreChange"]["properties"]) == {
        "country",
        "country_name",
        "node",
        "node_name",
        "level",
        "before_score",
        "after_score",
        "before_rank",
        "after_rank",
        "before",
        "after",
        "changed",
    }
    assert set(components["Measures"]["properties"]) == set(selectors.SCORE_MEASURES)
    assert components["Measures"]["properties"]["rank_q05"]["nullable"] is True
    assert changes["counts"]["$ref"].endswith("/ChangeCounts")
    assert "rank_bound" in components["ChangeCounts"]["properties"]
    assert components["ScoreChange"]["properties"]["after_rank"]["type"] == "integer"
    assert components["ScoreChange"]["properties"]["after_rank"]["nullable"] is True
    assert "before_status" in components["InputChange"]["properties"]


def test_an_indicator_says_its_declared_scale(
    client: Client, secretariat: User, administrator: User, uruguay: Any, brazil: Any, chile: Any
) -> None:
    document = framework_of(
        {"law": [("law", "boolean", [0, 1])], "use": [("users", "number", None)]}
    )
    values = {uruguay: {"law": 1, "users": 5}, brazil: {"law": 1, "users": 9}}
    values[chile] = {"law": 0, "users": 2}
    measurement_round = validated_round(
        secretariat=secretariat, administrator=administrator, document=document, values=values
    )
    run = services.run_compute(actor=secretariat, round=measurement_round, uncertainty_runs=20)
    services.run_publish(actor=secretariat, run=run)
    law = _get(client, "/indicators/law_indicator/").json()
    assert (law["goalpost_low"], law["goalpost_high"]) == (0.0, 1.0)
    users = _get(client, "/indicators/users_indicator/").json()
    assert (users["goalpost_low"], users["goalpost_high"]) == (None, None)
