"""The cooperation read API: public parts only (drafts never, people never), validated
filters, pagination, offers and the numbers per year."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gealc.cooperation import services as cooperation
from gealc.cooperation.models import Request, State
from gealc.groups.models import WorkingLine
from gealc.network.models import Country
from tests.cooperation.conftest import file_request

pytestmark = pytest.mark.django_db


def _get(path: str, user: User | None = None, **params: Any) -> Any:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client.get(f"/api/v1/cooperation/{path}", params)


def test_requests_public_parts_and_filters(
    request_draft: Request,
    advance: Callable[[Request, str], Request],
    member_ury: User,
    uruguay: Country,
    line_interop: WorkingLine,
) -> None:
    advance(request_draft, State.CLOSED)
    draft = file_request(member_ury, uruguay, line_interop, "Still a draft")
    public = _get("requests/").json()
    assert [r["id"] for r in public["results"]] == [request_draft.pk]
    shown = public["results"][0]
    assert shown["provider_country"]["iso3"] == "BRA"
    assert "created_by" not in shown
    assert _get(f"requests/{draft.pk}/").status_code == 404
    assert _get(f"requests/{draft.pk}/", member_ury).status_code == 200
    assert _get("requests/", country="bra").json()["count"] == 1
    assert _get("requests/", state="draft").json()["count"] == 0
    assert _get("requests/", modality="workshop").json()["count"] == 0
    bad = _get("requests/", state="finished")
    assert bad.status_code == 400
    assert "state" in bad.content.decode()
    assert _get("requests/", page_size=1).json()["count"] == 1


def test_offers_and_statistics(
    secretariat: User,
    request_draft: Request,
    advance: Callable[[Request, str], Request],
    brazil: Country,
    line_interop: WorkingLine,
) -> None:
    advance(request_draft, State.CARRIED_OUT)
    cooperation.offer_create(
        actor=secretariat,
        country=brazil,
        working_line=line_interop,
        data={"title_en": "Our bus", "start": datetime.date(2024, 1, 1)},
    )
    offers = _get("offers/", country="BRA").json()
    assert [o["title"] for o in offers["results"]] == ["Our bus"]
    assert _get("offers/", country="URY").json()["count"] == 0
    [year] = _get("statistics/").json()
    assert year["requests"] == 1
    assert (year["countries_received"], year["countries_gave"]) == (1, 1)
    assert year["modalities"] == {"expert_mission": 1}
