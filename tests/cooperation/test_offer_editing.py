"""Changing a standing offer: the offering country (and the secretariat) change its texts,
topic and links from a page; an ended offer stays as it ended; a change based on an older
version is refused instead of overwriting; every change is in the history."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from gealc.cooperation import services as cooperation
from gealc.cooperation.models import Offer
from gealc.groups.models import WorkingLine
from gealc.network.models import Country
from tests.cooperation.conftest import roles_allowed
from tests.cooperation.test_views import client_for, url

pytestmark = pytest.mark.django_db

ROLES = ("public", "stakeholder", "member_own", "member_other", "reviewer", "secretariat")


def publish(actor: User, country: Country, title: str = "Gov.br") -> Offer:
    return cooperation.offer_create(
        actor=actor,
        country=country,
        working_line=WorkingLine.objects.get(slug="digital-identity"),
        data={"title_en": title, "title_es": f"{title} (es)", "start": datetime.date(2025, 1, 1)},
    )


def change(actor: Any, offer: Offer, version: int = 1, **data: Any) -> Offer:
    links = {"practices": data.pop("practices", ()), "software": data.pop("software", ())}
    return cooperation.offer_update(
        actor=actor,
        offer=offer,
        expected_version=version,
        working_line=offer.working_line,
        data=data or {"title_en": "Changed"},
        **links,
    )


@pytest.fixture
def offer_bra(member_bra: User, brazil: Country) -> Offer:
    """Brazil's offer, published by its focal point."""
    return publish(member_bra, brazil)


def test_the_country_changes_its_offer_and_the_history_keeps_it(
    offer_bra: Offer,
    member_bra: User,
    practice_published_bra: Any,
    software_participa: Any,
) -> None:
    changed = change(
        member_bra,
        offer_bra,
        title_en="Gov.br login for every service",
        description_en="We show how.",
        modalities=["study_visit"],
        practices=[practice_published_bra],
        software=[software_participa],
    )
    assert (changed.title_en, changed.title_es) == ("Gov.br login for every service", "Gov.br (es)")
    assert changed.modalities == ["study_visit"]
    assert list(changed.practices.all()) == [practice_published_bra]
    assert list(changed.software.all()) == [software_participa]
    assert changed.version == 2
    latest = changed.history.first()
    assert (latest.title_en, latest.history_user) == ("Gov.br login for every service", member_bra)
    assert changed.history.count() == 2


def test_bad_input_changes_nothing(
    offer_bra: Offer, member_bra: User, practice_published: Any, english: None
) -> None:
    with pytest.raises(ValidationError) as foreign:
        change(member_bra, offer_bra, title_en="Changed", practices=[practice_published])
    assert foreign.value.message_dict == {"practices": ["Link only the country's own practices."]}
    with pytest.raises(ValidationError) as ending:
        change(member_bra, offer_bra, end=datetime.date(2026, 1, 1))
    assert ending.value.message_dict == {"end": ["This field cannot be changed here."]}
    with pytest.raises(ValidationError, match=r"Choose modalities from the list\."):
        change(member_bra, offer_bra, modalities=["lunch"])
    offer_bra.refresh_from_db()
    assert (offer_bra.title_en, offer_bra.version, offer_bra.end) == ("Gov.br", 1, None)


def test_an_ended_offer_cannot_be_changed(
    offer_bra: Offer, member_bra: User, secretariat: User, english: None
) -> None:
    change(secretariat, offer_bra, title_en="Before the end")
    cooperation.offer_end(actor=member_bra, offer=offer_bra, on=datetime.date(2026, 2, 1))
    for version in (2, 1):  # the end is said even to an editor who read an older version
        with pytest.raises(ValidationError) as error:
            change(member_bra, offer_bra, version)
        assert error.value.messages == [
            "This offer ended on February 1, 2026; an ended offer cannot be changed."
        ]
    offer_bra.refresh_from_db()
    assert (offer_bra.title_en, offer_bra.version) == ("Before the end", 2)


def test_a_change_based_on_an_older_version_is_refused(
    offer_bra: Offer, member_bra: User, secretariat: User, english: None
) -> None:
    change(secretariat, offer_bra, title_en="The secretariat's title")
    with pytest.raises(ValidationError) as error:
        change(member_bra, offer_bra, title_en="The country's title")  # it had read version 1
    assert error.value.code == "stale"
    assert "changed by someone else since you opened it" in error.value.messages[0]
    offer_bra.refresh_from_db()
    assert (offer_bra.title_en, offer_bra.version) == ("The secretariat's title", 2)


def test_who_may_change_an_offer(
    users_by_role: dict[str, Any], member_ury: User, uruguay: Country
) -> None:
    """An offer of Uruguay: its delegate (``member_own``) and the secretariat change it."""
    allowed = roles_allowed(
        users_by_role,
        ROLES,
        lambda user, role: change(user, publish(member_ury, uruguay, f"Offer for {role}")),
    )
    assert allowed == {"member_own", "secretariat"}
    assert Offer.objects.filter(version=1).count() == len(ROLES) - 2  # the refused: unchanged


# The page ---------------------------------------------------------------------------------


def _fields(**changes: object) -> dict[str, object]:
    return {
        "title": "Gov.br, step by step",
        "description": "Login, signature and notifications.",
        "working_line": "digital-identity",
        "modalities": ["virtual_session"],
        "start": "2025-01-01",
        "expected_version": "1",
    } | changes


def test_the_focal_point_changes_the_offer_from_its_page(
    offer_bra: Offer, member_bra: User
) -> None:
    client = client_for(member_bra)
    listed = client.get(url("cooperation_offer_list")).content.decode()
    assert url("cooperation_offer_edit", offer_bra.pk) in listed
    page = client.get(url("cooperation_offer_edit", offer_bra.pk))
    assert page.status_code == 200
    assert 'value="Gov.br"' in page.content.decode()
    response = client.post(url("cooperation_offer_edit", offer_bra.pk), _fields())
    assert response.status_code == 302
    assert response["Location"] == url("cooperation_offer_list")
    offer_bra.refresh_from_db()
    assert offer_bra.title_en == "Gov.br, step by step"  # the page's language
    assert offer_bra.title_es == "Gov.br (es)"  # the other languages keep their text
    assert offer_bra.modalities == ["virtual_session"]


def test_the_page_refuses_other_countries_and_the_public(
    offer_bra: Offer, member_ury: User, secretariat: User
) -> None:
    address = url("cooperation_offer_edit", offer_bra.pk)
    other = client_for(member_ury)
    assert url("cooperation_offer_edit", offer_bra.pk) not in (
        other.get(url("cooperation_offer_list")).content.decode()
    )
    assert other.get(address).status_code == 403
    assert other.post(address, _fields()).status_code == 403
    assert Client().post(address, _fields()).status_code == 302  # to the sign-in
    assert client_for(secretariat).get(address).status_code == 200
    assert client_for(secretariat).get(url("cooperation_offer_edit", 99999)).status_code == 404
    offer_bra.refresh_from_db()
    assert offer_bra.title_en == "Gov.br"


def test_the_page_shows_bad_input_an_ended_offer_and_a_conflict(
    offer_bra: Offer, member_bra: User, secretariat: User
) -> None:
    client = client_for(member_bra)
    address = url("cooperation_offer_edit", offer_bra.pk)
    empty = client.post(address, _fields(title=""))
    assert empty.status_code == 400
    assert "This field is required." in empty.content.decode()

    change(secretariat, offer_bra, title_en="Saved meanwhile")
    stale = client.post(address, _fields())  # still based on version 1
    text = stale.content.decode()
    assert stale.status_code == 400
    assert "This offer was changed by someone else since you opened it." in text
    assert 'name="expected_version" value="2"' in text  # sending again applies it knowingly
    offer_bra.refresh_from_db()
    assert offer_bra.title_en == "Saved meanwhile"

    cooperation.offer_end(actor=member_bra, offer=offer_bra)
    ended = client.get(address).content.decode()
    assert "an ended offer cannot be changed" in ended
    assert 'name="title"' not in ended
    assert client.post(address, _fields(expected_version="2")).status_code == 409
    offer_bra.refresh_from_db()
    assert offer_bra.title_en == "Saved meanwhile"


def test_a_conflict_shows_the_saved_values_beside_the_editors(
    offer_bra: Offer, member_bra: User, secretariat: User
) -> None:
    change(secretariat, offer_bra, title_en="Saved meanwhile", modalities=["virtual_session"])
    address = url("cooperation_offer_edit", offer_bra.pk)
    stale = client_for(member_bra).post(address, _fields(title="The country's title"))
    page = stale.content.decode()
    assert stale.status_code == 400
    assert "Someone else changed this meanwhile" in page
    row = '<th scope="row">Title</th><td>Saved meanwhile</td><td>The country&#x27;s title</td>'
    assert row in page
    # Only what differs: the working line, modalities, links and start are the same.
    assert [conflict.label for conflict in stale.context["conflicts"]] == ["Title", "Description"]
