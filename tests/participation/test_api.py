"""Participation's API: public reads (never a hidden contribution or a draft), answering with a
session or a token (verified stakeholders and members only; anonymous writes refused), and the
refusals: closed, a bad answer, flooding."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gealc.participation import services
from gealc.participation.models import Consultation, Contribution
from tests.participation.conftest import option_ids, question


def _client(user: User | None = None, *, token: bool = False) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None and token:
        key = Token.objects.get_or_create(user=user)[0].key
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    elif user is not None:
        client.force_login(user)
    return client


def _answer_url(consultation: Consultation, kind: str) -> str:
    item = question(consultation, kind)
    return f"/api/v1/consultations/{consultation.slug}/questions/{item.pk}/answer/"


def test_the_public_reads_consultations_questions_and_contributions(
    verified: User, secretariat: User, consultation: Consultation
) -> None:
    shown = services.contribution_submit(
        actor=verified, question=question(consultation, "text"), language="es", text="<b>Sí</b>"
    ).instance
    hidden = services.contribution_submit(
        actor=verified, question=question(consultation, "scale"), language="es", scale=2
    ).instance
    services.contribution_hide(actor=secretariat, contribution=hidden, reason="Spam")
    client = _client()
    listed = client.get("/api/v1/consultations/").json()
    assert [item["slug"] for item in listed["results"]] == [consultation.slug]
    detail = client.get(f"/api/v1/consultations/{consultation.slug}/").json()
    assert [q["kind"] for q in detail["questions"]] == [
        "text",
        "single",
        "multiple",
        "scale",
        "ranking",
    ]
    assert len(detail["questions"][1]["options"]) == 3
    contributions = f"/api/v1/consultations/{consultation.slug}/contributions/"
    items = client.get(contributions).json()
    assert [item["id"] for item in items["results"]] == [shown.pk]
    item = items["results"][0]
    assert item["author"]["organisation"] == "Civic Tech Uruguay (test)"
    assert item["author"]["organisation_verified"] is True
    assert item["text_plain"] == "Sí"
    assert "email" not in str(item)
    assert client.get(f"{contributions}{hidden.pk}/").status_code == 404
    assert client.get(f"{contributions}{shown.pk}/").status_code == 200
    # A contribution is found under its own consultation only.
    assert client.get(f"/api/v1/consultations/other/contributions/{shown.pk}/").status_code == 404


def test_filters_are_checked(consultation: Consultation) -> None:
    client = _client()
    bad = client.get("/api/v1/consultations/?phase=nonsense")
    assert bad.status_code == 400
    assert bad.json()["field"] == "phase"
    assert client.get("/api/v1/consultations/?phase=open").json()["count"] == 1
    assert client.get("/api/v1/consultations/?phase=closed").json()["count"] == 0


def test_a_draft_is_not_found(secretariat: User, consultation: Consultation) -> None:
    Consultation.objects.filter(pk=consultation.pk).update(phase="draft")
    assert _client().get(f"/api/v1/consultations/{consultation.slug}/").status_code == 404
    assert (
        _client(secretariat).get(f"/api/v1/consultations/{consultation.slug}/").status_code == 200
    )


def test_anonymous_writes_are_refused(consultation: Consultation) -> None:
    response = _client().post(_answer_url(consultation, "text"), {"language": "es", "text": "x"})
    assert response.status_code in (401, 403)
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("token", [False, True])
def test_a_verified_stakeholder_answers_then_edits(
    verified: User, consultation: Consultation, token: bool
) -> None:
    client = _client(verified, token=token)
    item = question(consultation, "multiple")
    body = {"language": "es", "choices": option_ids(item)[:2], "text": "<script>x()</script>Ok"}
    created = client.post(_answer_url(consultation, "multiple"), body, format="json")
    assert created.status_code == 201
    assert created.json()["text"] == "Ok"
    body["choices"] = option_ids(item)[:1]
    edited = client.post(_answer_url(consultation, "multiple"), body, format="json")
    assert edited.status_code == 200
    assert Contribution.objects.get().choices == option_ids(item)[:1]


def test_a_pending_newcomer_is_refused(pending: User, consultation: Consultation) -> None:
    body = {"language": "es", "text": "x"}
    response = _client(pending, token=True).post(_answer_url(consultation, "text"), body)
    assert response.status_code == 403
    assert not Contribution.objects.exists()


def test_a_bad_answer_names_the_field(verified: User, consultation: Consultation) -> None:
    client = _client(verified)
    body = {"language": "es", "choices": [999999]}
    response = client.post(_answer_url(consultation, "single"), body, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "choices"
    bad_language = client.post(_answer_url(consultation, "text"), {"language": "xx", "text": "a"})
    assert bad_language.json()["field"] == "language"
    assert not Contribution.objects.exists()


def test_a_closed_consultation_refuses(verified: User, closed_consultation: Consultation) -> None:
    body = {"language": "es", "text": "Late"}
    response = _client(verified).post(_answer_url(closed_consultation, "text"), body)
    assert response.status_code == 400
    assert "not open" in response.json()["message"]


def test_flooding_is_throttled(
    settings: object, verified: User, consultation: Consultation
) -> None:
    settings.GEALC_PARTICIPATION_RATES = {"contribute": (1, 3600)}  # type: ignore[attr-defined]
    client = _client(verified, token=True)
    body = {"language": "es", "text": "One"}
    assert client.post(_answer_url(consultation, "text"), body).status_code == 201
    flooded = client.post(_answer_url(consultation, "text"), {"language": "es", "text": "Two"})
    assert flooded.status_code == 429
    assert "Retry-After" in flooded
    assert Contribution.objects.get().text == "One"
