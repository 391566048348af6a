"""The filters of the frameworks, rounds and a round's submissions: each narrows the list, a
bad value is a 400 naming the parameter, and the OpenAPI schema documents it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from gealc.measurement import services
from gealc.measurement.models import FrameworkVersion, Round, Submission

API = "/api/v1"


def _rows(path: str, user: User | None = None, **query: str) -> list[dict[str, Any]]:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"{API}/{path}", query)
    assert response.status_code == 200, response.content
    body = response.json()
    return list(body["results"] if isinstance(body, dict) else body)


def _refused(path: str, name: str, value: str) -> None:
    response = APIClient().get(f"{API}/{path}", {name: value})
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == name
    assert body["message"].startswith(f"{name}: ")


def _documented(path: str) -> dict[str, dict[str, Any]]:
    schema = APIClient().get(f"{API}/schema/", {"format": "json"}).json()
    parameters = schema["paths"][f"{API}/{path}"]["get"]["parameters"]
    return {p["name"]: p for p in parameters if p["in"] == "query"}


def test_frameworks_by_code_and_status(
    open_round: Round, framework: FrameworkVersion, dgi_framework: FrameworkVersion
) -> None:
    framework.refresh_from_db()
    assert framework.status == FrameworkVersion.Status.FROZEN  # the round uses it
    assert [f["code"] for f in _rows("frameworks/", code="gealc-dgi")] == ["GEALC-DGI"]
    frozen = _rows("frameworks/", status="frozen")
    assert [(f["code"], f["version"]) for f in frozen] == [(framework.code, framework.version)]
    assert [f["code"] for f in _rows("frameworks/", status="draft")] == ["GEALC-DGI"]
    _refused("frameworks/", "code", "GEALC DGI")
    _refused("frameworks/", "status", "Frozen")
    documented = _documented("frameworks/")
    assert documented["code"]["schema"]["pattern"]
    assert documented["status"]["schema"]["enum"] == ["", "draft", "frozen"]


def test_rounds_by_year_status_and_framework(
    previous_round: Round, open_round: Round, secretariat: User, framework: FrameworkVersion
) -> None:
    services.round_close(actor=secretariat, round=open_round, reason="Plazo vencido")
    assert [r["id"] for r in _rows("rounds/", year="2024")] == [previous_round.pk]
    assert [r["id"] for r in _rows("rounds/", status="closed")] == [open_round.pk]
    both = _rows("rounds/", framework=framework.code.lower())
    assert [r["id"] for r in both] == [open_round.pk, previous_round.pk]
    assert _rows("rounds/", framework="GEALC-DGI") == []
    _refused("rounds/", "year", "2024.5")
    _refused("rounds/", "year", "0")
    _refused("rounds/", "status", "archived")
    _refused("rounds/", "framework", "a/b")
    documented = _documented("rounds/")
    assert documented["year"]["schema"]["minimum"] == 1
    assert documented["status"]["schema"]["enum"] == ["", "open", "closed", "published"]


def test_round_submissions_by_state_and_country(
    previous_round: Round,
    open_round: Round,
    submission_bra: Submission,
    administrator: User,
    fill: Any,
) -> None:
    fill(submission_bra)
    services.submission_submit(actor=administrator, submission=submission_bra)
    path = f"rounds/{open_round.pk}/submissions/"
    drafts = _rows(path, administrator, state="draft")
    assert [s["country"] for s in drafts] == ["CHL", "URY"]
    assert [s["country"] for s in _rows(path, administrator, state="submitted")] == ["BRA"]
    assert [s["country"] for s in _rows(path, administrator, country="ury")] == ["URY"]
    assert _rows(path, administrator, state="submitted", country="URY") == []
    published = _rows(f"rounds/{previous_round.pk}/submissions/", state="published")
    assert [s["country"] for s in published] == ["URY"]
    _refused(path, "state", "sent")
    _refused(path, "country", "URU1")
    documented = _documented("rounds/{id}/submissions/")
    assert "returned" in documented["state"]["schema"]["enum"]
    assert documented["country"]["schema"]["pattern"]
