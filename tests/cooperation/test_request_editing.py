"""Changing a request: its country (and the secretariat) change its texts and fields while it
is a draft or returned, from the request's page; a request sent on stays as it was sent; a
change based on an older version is refused instead of overwriting; the history keeps who
changed what."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import rules
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from gealc.cooperation import services as cooperation
from gealc.cooperation.models import Request, State
from gealc.network.models import Country
from tests.cooperation.test_views import client_for, url

pytestmark = pytest.mark.django_db

Advance = Callable[[Request, str], Request]
REASON = "Name the systems to connect."


def change(actor: Any, request: Request, version: int = 1, **data: Any) -> Request:
    topic = {name: data.pop(name) for name in ("indicators", "partners") if name in data}
    return cooperation.request_update(
        actor=actor,
        request=request,
        expected_version=version,
        working_line=request.working_line,
        data=data or {"title_en": "Changed"},
        **topic,
    )


@pytest.fixture
def returned(request_draft: Request, advance: Advance, secretariat: User) -> Request:
    """Uruguay's request, sent and returned by the secretariat with what to change."""
    advance(request_draft, State.SUBMITTED)
    return cooperation.request_return(actor=secretariat, request=request_draft, reason=REASON)


# The service ------------------------------------------------------------------------------


def test_the_country_changes_a_returned_request_and_the_history_keeps_who(
    returned: Request, member_ury: User, brazil: Country
) -> None:
    changed = change(
        member_ury,
        returned,
        title_en="Civil and health registries",
        need_en="Connect the civil registry with the health records.",
        modality="virtual_session",
        partners=[brazil],
    )
    assert (changed.title_en, changed.title_es) == (
        "Civil and health registries",
        "Interoperability platform (test)",  # the other languages keep their text
    )
    assert (changed.modality, changed.version, changed.state) == ("virtual_session", 2, "returned")
    assert list(changed.preferred_partners.all()) == [brazil]
    latest = changed.history.first()
    assert (latest.title_en, latest.version, latest.history_user) == (
        "Civil and health registries",
        2,
        member_ury,
    )
    cooperation.request_submit(actor=member_ury, request=changed)  # and sends it again
    assert changed.state == State.SUBMITTED


def test_a_request_sent_on_cannot_be_changed(
    request_draft: Request, advance: Advance, member_ury: User, secretariat: User, english: None
) -> None:
    advance(request_draft, State.SUBMITTED)
    for actor, version in ((member_ury, 1), (secretariat, 1), (member_ury, 7)):
        # The state is said even to an editor who read another version.
        with pytest.raises(ValidationError) as error:
            change(actor, request_draft, version)
        assert error.value.messages == [
            "Only a draft or a returned request can be changed; this one is Submitted."
        ]
    advance(request_draft, State.ACCEPTED)
    with pytest.raises(ValidationError, match="this one is Accepted"):
        change(secretariat, request_draft)
    request_draft.refresh_from_db()
    assert (request_draft.title_en, request_draft.version) == (
        "Interoperability platform (test)",
        1,
    )


def test_a_change_based_on_an_older_version_is_refused(
    request_draft: Request, member_ury: User, secretariat: User, english: None
) -> None:
    change(secretariat, request_draft, title_en="The secretariat's title")
    with pytest.raises(ValidationError) as error:
        change(member_ury, request_draft, title_en="The country's title")  # it read version 1
    assert error.value.code == "stale"
    assert "changed by someone else since you opened it" in error.value.messages[0]
    request_draft.refresh_from_db()
    assert (request_draft.title_en, request_draft.version) == ("The secretariat's title", 2)


def test_bad_input_names_the_field_and_changes_nothing(
    request_draft: Request, member_ury: User, uruguay: Country, english: None
) -> None:
    with pytest.raises(ValidationError) as own:
        change(member_ury, request_draft, title_en="Changed", partners=[uruguay])
    assert own.value.message_dict == {
        "preferred_partners": ["A request cannot name its own country as a partner."]
    }
    with pytest.raises(ValidationError) as state:
        change(member_ury, request_draft, state=State.ACCEPTED)
    assert state.value.message_dict == {"state": ["This field cannot be changed here."]}
    request_draft.refresh_from_db()
    assert (request_draft.title_en, request_draft.version) == (
        "Interoperability platform (test)",
        1,
    )
    assert request_draft.state == State.DRAFT


def test_a_step_taken_with_the_request_read_before_a_change_keeps_the_change(
    request_draft: Request, member_ury: User
) -> None:
    read_before = Request.objects.get(pk=request_draft.pk)
    change(member_ury, request_draft, title_en="Changed meanwhile")
    cooperation.request_submit(actor=member_ury, request=read_before)
    request_draft.refresh_from_db()
    assert (request_draft.title_en, request_draft.version) == ("Changed meanwhile", 2)
    assert request_draft.state == State.SUBMITTED


def test_the_page_is_offered_while_the_request_is_with_its_country(
    users_by_role: dict[str, Any], request_draft: Request, advance: Advance
) -> None:
    def offered_to(request: Request) -> set[str]:
        return {
            role
            for role, user in users_by_role.items()
            if rules.test_rule("cooperation.change_request_now", user, request)
        }

    assert offered_to(request_draft) == {"member_own", "secretariat", "administrator"}
    advance(request_draft, State.SUBMITTED)
    assert offered_to(request_draft) == set()


# The page ---------------------------------------------------------------------------------


def _fields(**changes: object) -> dict[str, object]:
    return {
        "title": "Civil and health registries",
        "need": "Connect the civil registry with the health records.",
        "working_line": "interoperability",
        "modality": "virtual_session",
        "languages": ["es", "en"],
        "preferred_partners": ["BRA"],
        "expected_version": "1",
    } | changes


def test_the_delegate_changes_a_returned_request_from_its_page(
    returned: Request, member_ury: User, brazil: Country
) -> None:
    client = client_for(member_ury)
    address = url("cooperation_request_edit", returned.pk)
    assert address in client.get(url("cooperation_request_detail", returned.pk)).content.decode()
    page = client.get(address).content.decode()
    assert REASON in page  # what the secretariat asked, above the form
    assert 'value="Interoperability platform (test)"' in page
    response = client.post(address, _fields())
    assert response.status_code == 302
    assert response["Location"] == url("cooperation_request_detail", returned.pk)
    returned.refresh_from_db()
    assert returned.title_en == "Civil and health registries"  # the page's language
    assert returned.title_es == "Interoperability platform (test)"
    assert (returned.modality, returned.languages) == ("virtual_session", ["es", "en"])
    assert list(returned.preferred_partners.all()) == [brazil]
    assert (returned.state, returned.history.first().history_user) == ("returned", member_ury)


def test_the_page_refuses_other_countries_and_the_public(
    returned: Request, member_bra: User, secretariat: User
) -> None:
    address = url("cooperation_request_edit", returned.pk)
    other = client_for(member_bra)  # a member of the network: reads the request
    assert address not in other.get(url("cooperation_request_detail", returned.pk)).content.decode()
    assert other.get(address).status_code == 403
    assert other.post(address, _fields()).status_code == 403
    assert Client().post(address, _fields()).status_code == 302  # to the sign-in
    assert client_for(secretariat).get(address).status_code == 200
    assert client_for(secretariat).get(url("cooperation_request_edit", 99999)).status_code == 404
    returned.refresh_from_db()
    assert (returned.title_en, returned.version) == ("Interoperability platform (test)", 1)


def test_the_page_keeps_a_request_sent_on_as_it_was_sent(
    request_draft: Request, advance: Advance, member_ury: User
) -> None:
    advance(request_draft, State.ACCEPTED)
    client = client_for(member_ury)
    address = url("cooperation_request_edit", request_draft.pk)
    detail = client.get(url("cooperation_request_detail", request_draft.pk)).content.decode()
    assert address not in detail
    page = client.get(address).content.decode()
    assert "Only a draft or a returned request can be changed; this one is Accepted." in page
    assert 'name="title"' not in page
    assert client.post(address, _fields()).status_code == 409
    request_draft.refresh_from_db()
    assert (request_draft.title_en, request_draft.version) == (
        "Interoperability platform (test)",
        1,
    )


def test_the_page_shows_bad_input_on_its_field(request_draft: Request, member_ury: User) -> None:
    client = client_for(member_ury)
    address = url("cooperation_request_edit", request_draft.pk)
    empty = client.post(address, _fields(title=""))
    assert empty.status_code == 400
    assert empty.context["form"].errors["title"] == ["This field is required."]
    own = client.post(address, _fields(preferred_partners=["URY"]))
    assert own.status_code == 400
    assert own.context["form"].errors["preferred_partners"] == [
        "A request cannot name its own country as a partner."
    ]
    request_draft.refresh_from_db()
    assert (request_draft.title_en, request_draft.version) == (
        "Interoperability platform (test)",
        1,
    )


def test_a_stale_save_shows_the_saved_values_beside_the_editors(
    request_draft: Request, member_ury: User, secretariat: User, brazil: Country
) -> None:
    change(secretariat, request_draft, title_en="Saved meanwhile")
    address = url("cooperation_request_edit", request_draft.pk)
    stale = client_for(member_ury).post(address, _fields(title="The country's title"))
    page = stale.content.decode()
    assert stale.status_code == 400
    assert "This request was changed by someone else since you opened it." in page
    assert "Someone else changed this meanwhile" in page
    row = '<th scope="row">Title</th><td>Saved meanwhile</td><td>The country&#x27;s title</td>'
    assert row in page
    assert "Working line" not in {conflict.label for conflict in stale.context["conflicts"]}
    assert 'name="expected_version" value="2"' in page  # sending again applies it knowingly
    request_draft.refresh_from_db()
    assert request_draft.title_en == "Saved meanwhile"
