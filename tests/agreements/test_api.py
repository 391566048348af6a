"""The agreements API: what the caller may read, validated filters, pagination, the matrix."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _get(path: str, user=None, **params):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client.get(f"/api/v1/{path}", params)


def test_agreements_with_parties_and_statuses(signatures_ury_chl, talks_ury_chl) -> None:
    body = _get("agreements/").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["slug"] == signatures_ury_chl.slug
    assert [p["country"]["iso3"] for p in item["parties"]] == ["URY", "CHL"] or [
        p["country"]["iso3"] for p in item["parties"]
    ] == ["CHL", "URY"]
    assert [t["to_status"] for t in item["transitions"]] == ["negotiating", "signed", "in_force"]
    assert "actor" not in item["transitions"][0]


def test_negotiating_agreements_for_their_parties(
    talks_ury_chl, member_ury, member_bra, secretariat
) -> None:
    assert _get("agreements/", status="negotiating").json()["count"] == 0
    assert _get("agreements/", member_bra, status="negotiating").json()["count"] == 0
    assert _get("agreements/", member_ury, status="negotiating").json()["count"] == 1
    assert _get("agreements/", secretariat, status="negotiating").json()["count"] == 1


def test_filters(signatures_ury_chl) -> None:
    assert _get("agreements/", kind="signatures", country="chl").json()["count"] == 1
    assert _get("agreements/", kind="memorandum").json()["count"] == 0
    assert _get("agreements/", year="2019").json()["count"] == 0
    assert _get("agreements/", year="2020").json()["count"] == 1
    assert _get("agreements/", page_size="1").json()["count"] == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "treaty"}, "kind"),
        ({"status": "frozen"}, "status"),
        ({"country": "XYZ"}, "country"),
        ({"country": "U1"}, "country"),
        ({"year": "10000"}, "year"),
        ({"year": "soon"}, "year"),
    ],
)
def test_bad_filters_are_a_400_naming_the_parameter(db, params, field) -> None:
    response = _get("agreements/", **params)
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_matrix_as_json(signatures_ury_chl, brazil) -> None:
    body = _get("agreements/matrix/", year="2021").json()
    assert body["kind"] == "signatures"
    assert body["as_of"] == "2021-12-31"
    assert (body["linked_pairs"], body["possible_pairs"], body["member_countries"]) == (1, 3, 3)
    assert body["pairs"] == [
        {
            "countries": ["CHL", "URY"],
            "agreement": signatures_ury_chl.slug,
            "title": signatures_ury_chl.title,
            "since": "2021-01-15",
        }
    ]
    assert _get("agreements/matrix/", year="2020").json()["pairs"] == []
    assert _get("agreements/matrix/", kind="data_exchange").json()["linked_pairs"] == 0
    assert _get("agreements/matrix/", kind="memorandum").status_code == 400
    assert _get("agreements/matrix/", year="0").json()["field"] == "year"
