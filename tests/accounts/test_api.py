"""The invitations API through the real services: who lists which invitations, who creates
and revokes them (the same rules as the pages), filters, and bad input answered with the
field at fault and nothing written."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from gealc.accounts import services
from gealc.accounts.models import Invitation
from gealc.network.models import Country, Institution, Person
from gealc.notifications.models import Delivery

from .conftest import enrol_totp

LIST = "/api/v1/invitations/"

pytestmark = pytest.mark.django_db


def _client(user: User | None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None and user.is_authenticated:
        client.force_authenticate(user)
    return client


@pytest.fixture
def invitations(
    secretariat: User,
    newcomer: Person,
    authority_ury: Institution,
    authority_bra: Institution,
) -> dict[str, Invitation]:
    """A pending invitation to each of Uruguay and Brazil, and one to be a reviewer."""
    made = {}
    for key, role, country in (
        ("URY", "member", authority_ury.country),
        ("BRA", "member", authority_bra.country),
        ("reviewer", "reviewer", None),
    ):
        made[key] = services.invitation_create(
            actor=secretariat, person=newcomer, role=role, country=country
        ).invitation
    return made


LISTING = [
    ("public", None),
    ("stakeholder", None),
    ("reviewer", None),
    ("member_other", None),  # Brazil's focal point: not a delegate
    ("member_own", ["URY"]),  # Uruguay's delegate: their country's only
    ("secretariat", ["URY", "BRA", "reviewer"]),
    ("administrator", ["URY", "BRA", "reviewer"]),
]


@pytest.mark.parametrize(("viewer", "visible"), LISTING)
def test_who_lists_which_invitations(
    users_by_role: dict[str, User],
    invitations: dict[str, Invitation],
    viewer: str,
    visible: list[str] | None,
) -> None:
    user = users_by_role[viewer]
    if viewer in ("secretariat", "administrator"):
        enrol_totp(user)
    answer = _client(user).get(LIST)
    if visible is None:
        assert answer.status_code == 403
        return
    assert answer.status_code == 200
    ids = {row["id"] for row in answer.json()["results"]}
    assert ids == {invitations[key].pk for key in visible}
    assert all("token" not in str(row) for row in answer.json()["results"])


def test_filters_and_a_bad_filter(
    secretariat: User, invitations: dict[str, Invitation], english: None
) -> None:
    enrol_totp(secretariat)
    client = _client(secretariat)
    services.invitation_revoke(actor=secretariat, invitation=invitations["BRA"])

    def ids(query: str) -> set[int]:
        return {row["id"] for row in client.get(LIST + query).json()["results"]}

    assert ids("?state=pending") == {invitations["URY"].pk, invitations["reviewer"].pk}
    assert ids("?state=revoked") == {invitations["BRA"].pk}
    assert ids("?role=reviewer") == {invitations["reviewer"].pk}
    assert ids("?country=ury") == {invitations["URY"].pk}
    bad = client.get(LIST + "?state=lost")
    assert bad.status_code == 400
    assert bad.json()["field"] == "state"


def test_a_delegate_invites_for_their_country_only(
    member_ury: User,
    newcomer: Person,
    authority_ury: Institution,
    authority_bra: Institution,
    english: None,
) -> None:
    client = _client(member_ury)
    created = client.post(
        LIST, {"person": newcomer.pk, "role": "member", "country": "ury"}, format="json"
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["country"], body["state"], body["person"]["id"]) == ("URY", "pending", newcomer.pk)
    invitation = Invitation.objects.get()
    assert Delivery.objects.get().key == f"invitation-{invitation.pk}"  # the e-mail is queued
    assert "token" not in str(body)
    assert "/invitation/" not in str(body)

    refused = client.post(
        LIST, {"person": newcomer.pk, "role": "member", "country": "BRA"}, format="json"
    )
    assert refused.status_code == 403
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"person": 999999, "role": "reviewer"}, "person"),
        ({"person": 0, "role": "reviewer"}, "person"),
        ({"role": "member", "country": "ZZZ"}, "country"),
        ({"role": "member"}, "country"),  # a country member needs a country
        ({"role": "stakeholder", "organisation": 424242}, "organisation"),
        ({"role": "boss"}, "role"),
        ({"role": "reviewer", "email": "not an address"}, "email"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    secretariat: User, newcomer: Person, uruguay: Country, body: dict, field: str, english: None
) -> None:
    enrol_totp(secretariat)
    answer = _client(secretariat).post(LIST, {"person": newcomer.pk, **body}, format="json")
    assert answer.status_code == 400, answer.json()
    assert answer.json()["field"] == field
    assert not Invitation.objects.exists()
    assert not Delivery.objects.exists()


def test_revoking_follows_the_same_rules(
    member_ury: User, member_bra: User, invitations: dict[str, Invitation], english: None
) -> None:
    ury = invitations["URY"]
    address = f"{LIST}{ury.pk}/revoke/"
    assert _client(member_bra).post(address).status_code == 403  # not a delegate
    assert _client(member_ury).post(f"{LIST}{invitations['BRA'].pk}/revoke/").status_code == 404

    revoked = _client(member_ury).post(address)
    assert revoked.status_code == 200
    assert revoked.json()["state"] == "revoked"
    again = _client(member_ury).post(address)
    assert again.status_code == 400
    assert "only a pending invitation can be revoked" in again.json()["message"]
    assert Invitation.objects.get(pk=invitations["BRA"].pk).state == "pending"
