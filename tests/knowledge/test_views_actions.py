"""The buttons and forms on the software and practice pages: publishing an entry, recording a
country's use of it and granting an award.

Each action by role and own/other country: allowed roles succeed and the data changes; the
others are refused and nothing changes — 403 when they may see the page, a sign-in redirect
when anonymous, and 404 for a draft they may not even see (drafts are never revealed). Bad
input is a 400 with the error tied to its field, and the forms are shown only to those allowed.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User

from gealc.knowledge import services
from gealc.knowledge.models import Award, Practice, SoftwareEntry, SoftwareUsage
from gealc.network.models import Country

from .conftest import publiccode_text
from .test_rules import _snapshot
from .test_views import client_for, url

# The snapshot reads translated fields: keep them in one language before and after a request.
pytestmark = pytest.mark.usefixtures("english")

SIGN_IN = 302  # the anonymous visitor is sent to the sign-in page
DONE = "done"  # the change is made and the browser goes back to the page


def _post(user: Any, address: str, data: dict[str, object]) -> Any:
    return client_for(user).post(address, data)


def _assert_refused(response: Any, expected: int, before: list[Any]) -> None:
    assert response.status_code == expected
    if expected == SIGN_IN:
        assert "/accounts/login/" in response["Location"]
    assert _snapshot() == before


# Publishing a software entry --------------------------------------------------------------


@pytest.fixture
def draft_bra(member_bra: User) -> SoftwareEntry:
    """A draft of Brazil, as ``software_draft_ury`` is one of Uruguay."""
    return services.software_import_publiccode(
        actor=member_bra, text=publiccode_text("participa.yml"), is_demo=True
    ).instance


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "own", "other"),
    [
        ("public", SIGN_IN, SIGN_IN),
        ("stakeholder", 404, 404),
        ("member_own", 403, 404),  # member_own serves Uruguay: "own" is Uruguay's draft
        ("member_other", 404, 403),
        ("reviewer", 404, 404),
        ("secretariat", DONE, DONE),
        ("administrator", DONE, DONE),
    ],
)
def test_publish_software_by_role_and_country(
    users_by_role: dict[str, Any],
    software_draft_ury: SoftwareEntry,
    draft_bra: SoftwareEntry,
    role: str,
    own: int | str,
    other: int | str,
) -> None:
    user = users_by_role[role]
    for entry, expected in ((software_draft_ury, own), (draft_bra, other)):
        before = _snapshot()
        response = _post(user, url("software_publish", entry.slug), {"publish-confirm": "on"})

        entry.refresh_from_db()
        if expected == DONE:
            assert response.status_code == 302
            assert response["Location"] == url("software_detail", entry.slug)
            assert entry.state == SoftwareEntry.State.PUBLISHED
        else:
            _assert_refused(response, expected, before)
            assert entry.state == SoftwareEntry.State.DRAFT


@pytest.mark.django_db
def test_publishing_needs_the_confirmation(
    secretariat: User, software_draft_ury: SoftwareEntry
) -> None:
    before = _snapshot()
    response = _post(secretariat, url("software_publish", software_draft_ury.slug), {})

    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_publish-confirm"' in page  # the error summary links to the checkbox
    assert "This field is required." in page
    assert _snapshot() == before


@pytest.mark.django_db
def test_an_entry_the_checks_refuse_stays_a_draft_and_says_why(
    secretariat: User, software_draft_ury: SoftwareEntry
) -> None:
    # A licence saved before the SPDX list changed: written directly, as no service takes it now.
    SoftwareEntry.objects.filter(pk=software_draft_ury.pk).update(licence="Made-Up-1.0")
    response = _post(
        secretariat, url("software_publish", software_draft_ury.slug), {"publish-confirm": "on"}
    )

    page = response.content.decode()
    software_draft_ury.refresh_from_db()
    assert response.status_code == 400
    assert "“Made-Up-1.0” is not an SPDX licence." in page
    assert "State: Draft" in page
    assert software_draft_ury.state == SoftwareEntry.State.DRAFT


@pytest.mark.django_db
def test_publish_and_usage_accept_only_post(
    secretariat: User, software_draft_ury: SoftwareEntry, practice_published: Practice
) -> None:
    client = client_for(secretariat)

    assert client.get(url("software_publish", software_draft_ury.slug)).status_code == 405
    assert client.get(url("software_usage", software_draft_ury.slug)).status_code == 405
    assert client.get(url("practice_award", practice_published.slug)).status_code == 405


@pytest.mark.django_db
def test_publish_button_only_for_the_secretariat_while_a_draft(
    users_by_role: dict[str, Any],
    software_draft_ury: SoftwareEntry,
    software_participa: SoftwareEntry,
) -> None:
    publish = url("software_publish", software_draft_ury.slug)
    for role in ("member_own", "secretariat", "administrator"):
        page = client_for(users_by_role[role]).get(url("software_detail", software_draft_ury.slug))
        assert (publish in page.content.decode()) is (role != "member_own"), role
    published = client_for(users_by_role["secretariat"]).get(
        url("software_detail", software_participa.slug)
    )
    assert url("software_publish", software_participa.slug) not in published.content.decode()


@pytest.mark.django_db
def test_publish_shows_a_message(secretariat: User, software_draft_ury: SoftwareEntry) -> None:
    response = client_for(secretariat).post(
        url("software_publish", software_draft_ury.slug), {"publish-confirm": "on"}, follow=True
    )

    assert "The software entry is published." in response.content.decode()


# Recording a country's use ----------------------------------------------------------------


def usage_post(country: Country, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "usage-country": country.pk,
        "usage-relation": "uses",
        "usage-since": "2023-05-01",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "uruguay_expected", "brazil_expected"),
    [
        ("public", SIGN_IN, SIGN_IN),
        ("stakeholder", 403, 403),
        ("member_own", DONE, 403),  # member_own serves Uruguay
        ("member_other", 403, DONE),  # member_other serves Brazil
        ("reviewer", 403, 403),
        ("secretariat", DONE, DONE),
        ("administrator", DONE, DONE),
    ],
)
def test_record_usage_by_role_and_country(
    users_by_role: dict[str, Any],
    software_participa: SoftwareEntry,
    uruguay: Country,
    brazil: Country,
    role: str,
    uruguay_expected: int | str,
    brazil_expected: int | str,
) -> None:
    user = users_by_role[role]
    address = url("software_usage", software_participa.slug)
    for country, expected in ((uruguay, uruguay_expected), (brazil, brazil_expected)):
        before = _snapshot()
        response = _post(user, address, usage_post(country))

        usage = SoftwareUsage.objects.filter(entry=software_participa, country=country).first()
        if expected == DONE:
            assert response.status_code == 302
            assert response["Location"] == url("software_detail", software_participa.slug)
            assert usage is not None
            assert usage.relation == "uses"
            assert usage.since == datetime.date(2023, 5, 1)
        else:
            _assert_refused(response, expected, before)
            assert usage is None


@pytest.mark.django_db
def test_a_draft_usage_of_another_country_is_not_revealed(
    member_bra: User, software_draft_ury: SoftwareEntry, brazil: Country
) -> None:
    before = _snapshot()
    response = _post(member_bra, url("software_usage", software_draft_ury.slug), usage_post(brazil))

    _assert_refused(response, 404, before)


@pytest.mark.django_db
def test_usage_is_updated_then_removed(
    member_ury: User, software_participa: SoftwareEntry, uruguay: Country
) -> None:
    address = url("software_usage", software_participa.slug)
    _post(member_ury, address, usage_post(uruguay))

    updated = client_for(member_ury).post(
        address, usage_post(uruguay, **{"usage-since": "2021-01-15"}), follow=True
    )
    usage = SoftwareUsage.objects.get(entry=software_participa, country=uruguay)
    assert usage.since == datetime.date(2021, 1, 15)
    assert "The record of Uruguay was updated." in updated.content.decode()

    removed = _post(member_ury, address, usage_post(uruguay, **{"usage-remove": "on"}))
    assert removed.status_code == 302
    assert not SoftwareUsage.objects.filter(entry=software_participa).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"usage-relation": "owns"}, "relation", "Select a valid choice."),
        ({"usage-relation": None}, "relation", "This field is required."),
        ({"usage-since": "yesterday"}, "since", "Enter a valid date."),
        ({"usage-country": "999999"}, "country", "Select a valid choice."),
        ({"usage-country": "%00"}, "country", "Select a valid choice."),
        # A NUL is refused before the form (tests/site/test_edge_validation.py).
        ({"usage-country": None}, "country", "This field is required."),
    ],
)
def test_invalid_usage_is_a_400_naming_the_field(
    secretariat: User,
    software_participa: SoftwareEntry,
    uruguay: Country,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    before = _snapshot()
    response = _post(
        secretariat, url("software_usage", software_participa.slug), usage_post(uruguay, **changes)
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert f'href="#id_usage-{field}"' in page
    assert message in page
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("public", False),
        ("stakeholder", False),
        ("member_own", True),
        ("member_other", True),
        ("reviewer", False),
        ("secretariat", True),
        ("administrator", True),
    ],
)
def test_usage_form_only_for_those_who_speak_for_a_country(
    users_by_role: dict[str, Any], software_participa: SoftwareEntry, role: str, shown: bool
) -> None:
    page = client_for(users_by_role[role]).get(url("software_detail", software_participa.slug))

    assert (url("software_usage", software_participa.slug) in page.content.decode()) is shown


@pytest.mark.django_db
def test_usage_form_offers_members_their_own_country_and_the_secretariat_all(
    member_ury: User,
    secretariat: User,
    software_participa: SoftwareEntry,
    uruguay: Country,
    brazil: Country,
) -> None:
    address = url("software_detail", software_participa.slug)

    member_page = client_for(member_ury).get(address).content.decode()
    assert f'<option value="{uruguay.pk}" selected>' in member_page
    assert f'<option value="{brazil.pk}"' not in member_page
    secretariat_page = client_for(secretariat).get(address).content.decode()
    assert f'<option value="{uruguay.pk}"' in secretariat_page
    assert f'<option value="{brazil.pk}"' in secretariat_page
    assert '<label for="id_usage-country">' in secretariat_page


# Granting an award ------------------------------------------------------------------------


def award_post(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "award-year": "2025",
        "award-category": "innovation",
        "award-title_es": "Premio innovación 2025 (demo)",
        "award-title_en": "Innovation award 2025 (demo)",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("public", SIGN_IN),
        ("stakeholder", 403),
        ("member_own", 403),
        ("member_other", 403),
        ("reviewer", 403),
        ("secretariat", DONE),
        ("administrator", DONE),
    ],
)
def test_grant_award_by_role_and_country(
    users_by_role: dict[str, Any],
    practice_published: Practice,
    practice_published_bra: Practice,
    role: str,
    expected: int | str,
) -> None:
    # Uruguay's practice is member_own's own, Brazil's is member_other's own.
    user = users_by_role[role]
    for practice in (practice_published, practice_published_bra):
        before = _snapshot()
        response = _post(user, url("practice_award", practice.slug), award_post())

        if expected == DONE:
            assert response.status_code == 302
            assert response["Location"] == url("practice_detail", practice.slug)
            award = Award.objects.get(practice=practice)
            assert (award.year, award.category) == (2025, "innovation")
            assert award.title_es == "Premio innovación 2025 (demo)"
            assert award.title_en == "Innovation award 2025 (demo)"
        else:
            _assert_refused(response, expected, before)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"award-year": "1999"}, "year", "Ensure this value is greater than or equal to 2000."),
        ({"award-year": "next"}, "year", "Enter a whole number."),
        ({"award-category": "bravery"}, "category", "Select a valid choice."),
        ({"award-title_es": ""}, "title_es", "This field is required."),
        ({"award-title_fr": "x" * 301}, "title_fr", "at most 300 characters"),
    ],
)
def test_invalid_award_is_a_400_naming_the_field(
    secretariat: User,
    practice_published: Practice,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    before = _snapshot()
    response = _post(
        secretariat, url("practice_award", practice_published.slug), award_post(**changes)
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert f'href="#id_award-{field}"' in page
    assert message in page
    assert _snapshot() == before


@pytest.mark.django_db
def test_the_same_award_twice_is_refused_with_a_reason(
    secretariat: User, award: Award, practice_published: Practice
) -> None:
    before = _snapshot()
    response = _post(
        secretariat,
        url("practice_award", practice_published.slug),
        award_post(**{"award-year": str(award.year), "award-category": award.category}),
    )

    assert response.status_code == 400
    assert "This practice already has this award for this year and category." in (
        response.content.decode()
    )
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_draft_practice_cannot_be_awarded(secretariat: User, practice_draft: Practice) -> None:
    before = _snapshot()
    response = _post(secretariat, url("practice_award", practice_draft.slug), award_post())

    assert response.status_code == 400
    assert "Only a published practice can be awarded." in response.content.decode()
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("public", False),
        ("stakeholder", False),
        ("member_own", False),
        ("member_other", False),
        ("reviewer", False),
        ("secretariat", True),
        ("administrator", True),
    ],
)
def test_award_form_only_for_the_secretariat(
    users_by_role: dict[str, Any], practice_published: Practice, role: str, shown: bool
) -> None:
    page = client_for(users_by_role[role]).get(url("practice_detail", practice_published.slug))

    assert (url("practice_award", practice_published.slug) in page.content.decode()) is shown


@pytest.mark.django_db
def test_award_form_not_offered_on_a_draft(secretariat: User, practice_draft: Practice) -> None:
    page = client_for(secretariat).get(url("practice_detail", practice_draft.slug))

    assert page.status_code == 200
    assert url("practice_award", practice_draft.slug) not in page.content.decode()


@pytest.mark.django_db
def test_granted_award_is_listed_with_a_message(
    secretariat: User, practice_published: Practice
) -> None:
    response = client_for(secretariat).post(
        url("practice_award", practice_published.slug), award_post(), follow=True
    )

    page = response.content.decode()
    assert "The award was granted." in page
    assert "Innovation award 2025 (demo)" in page
