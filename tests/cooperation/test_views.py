"""Cooperation pages: filing a request (the practice pre-filled), reading it with its history
and suggestions, acting on it; bad input shown on the form, nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gealc.cooperation import selectors
from gealc.cooperation import services as cooperation_services
from gealc.cooperation.models import Offer, Request, State
from gealc.groups.models import WorkingLine
from gealc.network.models import Country
from tests.cooperation.conftest import file_request

pytestmark = pytest.mark.django_db

Advance = Callable[[Request, str], Request]


def url(name: str, *args: object, query: str = "") -> str:
    with translation.override("en"):
        address = reverse(name, args=args)
    return f"{address}?{query}" if query else address


def client_for(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "country": "URY",
        "title": "Firma digital transfronteriza",
        "need": "Queremos reconocer firmas de otros países.",
        "working_line": "digital-identity",
        "modality": "virtual_session",
        "languages": ["es", "pt"],
        "preferred_partners": ["BRA"],
        "submit": "1",
    }
    return data | changes


def test_a_delegate_files_a_request_and_reads_it(member_ury: User, brazil: Country) -> None:
    client = client_for(member_ury)
    assert client.get(url("cooperation_request_create")).status_code == 200
    response = client.post(url("cooperation_request_create"), _form())
    created = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("cooperation_request_detail", created.pk)
    assert created.state == State.SUBMITTED
    assert created.title_en == "Firma digital transfronteriza"
    assert list(created.preferred_partners.all()) == [brazil]
    page = client.get(response["Location"]).content.decode()
    assert "Submitted" in page
    assert "Withdraw" in page


def test_own_country_as_partner_and_backward_dates_are_shown_on_the_form(
    member_ury: User, uruguay: Country, brazil: Country
) -> None:
    client = client_for(member_ury)
    own = client.post(url("cooperation_request_create"), _form(preferred_partners=["URY"]))
    assert own.status_code == 400
    assert "A request cannot name its own country as a partner." in own.content.decode()
    backwards = client.post(
        url("cooperation_request_create"),
        _form(preferred_start="2026-05-01", preferred_end="2026-04-01"),
    )
    assert backwards.status_code == 400
    assert "The preferred end cannot be before the preferred start." in backwards.content.decode()
    assert not Request.objects.exists()


def test_only_a_country_representative_files(stakeholder: User, secretariat: User) -> None:
    assert client_for(stakeholder).get(url("cooperation_request_create")).status_code == 403
    assert client_for(secretariat).get(url("cooperation_request_create")).status_code == 403
    assert Client().get(url("cooperation_request_create")).status_code == 302


def test_drafts_stay_with_their_country(
    request_draft: Request, member_ury: User, member_bra: User, secretariat: User
) -> None:
    address = url("cooperation_request_detail", request_draft.pk)
    assert client_for(member_ury).get(address).status_code == 200
    assert client_for(secretariat).get(address).status_code == 200
    assert client_for(member_bra).get(address).status_code == 404
    assert Client().get(address).status_code == 404


def test_the_public_reads_accepted_requests_without_people(
    request_draft: Request, advance: Advance
) -> None:
    advance(request_draft, State.MATCHED)
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        url("cooperation_request_detail", request_draft.pk)
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Matched" in text
    assert "member_ury" not in text  # who filed it is for members
    listed = Client().get(url("cooperation_request_list")).content.decode()
    assert request_draft.title in listed


def test_the_secretariat_returns_with_a_reason_from_the_page(
    request_draft: Request, advance: Advance, secretariat: User
) -> None:
    advance(request_draft, State.SUBMITTED)
    client = client_for(secretariat)
    action = url("cooperation_request_act", request_draft.pk, "return")
    empty = client.post(action, {"return-reason": ""})
    assert empty.status_code == 400
    assert "This field is required." in empty.content.decode()
    client.post(action, {"return-reason": "Name the registry."})
    request_draft.refresh_from_db()
    assert request_draft.state == State.RETURNED


def test_an_action_sent_twice_is_refused_on_the_page(
    request_draft: Request, advance: Advance, secretariat: User
) -> None:
    """A double click: the second accept finds the request accepted and says so."""
    advance(request_draft, State.SUBMITTED)
    client = client_for(secretariat)
    action = url("cooperation_request_act", request_draft.pk, "accept")
    assert client.post(action).status_code == 302

    again = client.post(action)

    assert again.status_code == 400
    assert again.context["actions"]
    request_draft.refresh_from_db()
    assert request_draft.state == State.ACCEPTED
    assert request_draft.transitions.filter(to_state=State.ACCEPTED).count() == 1


def test_someone_else_cannot_act(
    request_draft: Request, advance: Advance, member_bra: User
) -> None:
    advance(request_draft, State.SUBMITTED)
    response = client_for(member_bra).post(
        url("cooperation_request_act", request_draft.pk, "accept")
    )
    assert response.status_code == 403
    request_draft.refresh_from_db()
    assert request_draft.state == State.SUBMITTED


def test_the_list_filters_by_practice_and_the_queue_is_the_secretariats(
    request_draft: Request, advance: Advance, secretariat: User, member_ury: User
) -> None:
    advance(request_draft, State.SUBMITTED)
    assert client_for(secretariat).get(url("cooperation_queue")).status_code == 200
    assert client_for(member_ury).get(url("cooperation_queue")).status_code == 403
    filtered = Client().get(url("cooperation_request_list", query="practice=nope"))
    assert filtered.status_code == 400
    assert Client().get(url("cooperation_offer_list")).status_code == 200


def test_the_numbers_and_the_graph_of_who_helped_whom(
    request_draft: Request,
    advance: Advance,
    member_ury: User,
    uruguay: Country,
    line_interop: WorkingLine,
) -> None:
    advance(request_draft, State.CLOSED)  # Brazil helped Uruguay
    file_request(member_ury, uruguay, line_interop, "A draft nobody sees")
    [year] = selectors.numbers_by_year()
    assert (year.requests, year.countries_received, year.countries_gave) == (1, 1, 1)
    assert year.modalities == {"expert_mission": 1}
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(url("cooperation_numbers"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "helped 1 in 1 exchange." in text
    assert f"{request_draft.provider_country.name} helped most (1)." in text
    assert "<svg" in text
    record = Client(HTTP_ACCEPT_LANGUAGE="en").get(url("cooperation_country", "URY"))
    assert request_draft.title in record.content.decode()
    assert "A draft nobody sees" not in record.content.decode()
    assert Client().get(url("cooperation_country", "XXX")).status_code == 404
    profile = Client(HTTP_ACCEPT_LANGUAGE="en").get(url("country_detail", "URY")).content
    assert f'href="{url("cooperation_country", "URY")}"' in profile.decode()


def test_the_roster_is_for_members_and_an_expert_can_decline(
    secretariat: User, member_bra: User, member_ury: User, stakeholder: User
) -> None:
    expert = cooperation_services.expert_add(
        actor=secretariat, person=member_bra.person, languages=["pt", "es"]
    )
    assert client_for(stakeholder).get(url("cooperation_expert_list")).status_code == 403
    listed = client_for(member_ury).get(url("cooperation_expert_list")).content.decode()
    assert "Fábio" in listed
    assert "Leave the roster" not in listed
    decline = url("cooperation_expert_decline", expert.pk)
    assert client_for(member_ury).post(decline).status_code == 403
    own = client_for(member_bra)
    assert "Leave the roster" in own.get(url("cooperation_expert_list")).content.decode()
    assert own.post(decline).status_code == 302
    expert.refresh_from_db()
    assert not expert.is_available
    assert (
        "Fábio" not in client_for(member_ury).get(url("cooperation_expert_list")).content.decode()
    )


def test_a_declined_expert_cannot_be_matched(
    request_draft: Request,
    advance: Advance,
    secretariat: User,
    member_bra: User,
    brazil: Country,
    english: None,
) -> None:
    expert = cooperation_services.expert_add(actor=secretariat, person=member_bra.person)
    cooperation_services.expert_decline(actor=member_bra, expert=expert)
    advance(request_draft, State.ACCEPTED)
    with pytest.raises(ValidationError, match="No longer on the roster"):
        cooperation_services.request_match(
            actor=secretariat, request=request_draft, provider=brazil, experts=[expert]
        )
    request_draft.refresh_from_db()
    assert request_draft.state == State.ACCEPTED


def test_a_country_publishes_an_offer(member_bra: User, stakeholder: User) -> None:
    client = client_for(member_bra)
    assert client.get(url("cooperation_offer_create")).status_code == 200
    response = client.post(
        url("cooperation_offer_create"),
        {
            "country": "BRA",
            "title": "Gov.br",
            "working_line": "digital-identity",
            "modalities": ["study_visit"],
            "start": "2025-01-01",
        },
    )
    assert response.status_code == 302
    listed = Client(HTTP_ACCEPT_LANGUAGE="en").get(url("cooperation_offer_list"))
    assert "Gov.br" in listed.content.decode()
    assert client_for(stakeholder).get(url("cooperation_offer_create")).status_code == 403


def test_the_offering_country_ends_its_offer_and_others_cannot(
    member_bra: User, member_ury: User
) -> None:
    client = client_for(member_bra)
    client.post(
        url("cooperation_offer_create"),
        {
            "country": "BRA",
            "title": "Gov.br",
            "working_line": "digital-identity",
            "modalities": ["study_visit"],
            "start": "2025-01-01",
        },
    )
    offer = Offer.objects.get()
    end = url("cooperation_offer_end", offer.pk)
    assert end in client.get(url("cooperation_offer_list")).content.decode()
    assert end not in client_for(member_ury).get(url("cooperation_offer_list")).content.decode()
    assert client_for(member_ury).post(end).status_code == 403
    offer.refresh_from_db()
    assert offer.end is None
    assert client.post(end).status_code == 302
    offer.refresh_from_db()
    assert offer.end is not None  # ended, kept on record
    assert client.post(end).status_code == 404  # already ended
    assert Client().post(end).status_code in (302, 403)  # anonymous: to the sign-in


def test_the_secretariat_arranges_a_mission_and_bad_dates_change_nothing(
    request_draft: Request,
    advance: Advance,
    secretariat: User,
    member_bra: User,
    budget_2026: Any,
) -> None:
    expert = cooperation_services.expert_add(actor=secretariat, person=member_bra.person)
    advance(request_draft, State.PLANNED)
    client = client_for(secretariat)
    action = url("cooperation_request_act", request_draft.pk, "mission")
    fields = {
        "mission-expert": expert.pk,
        "mission-from_institution": "Agencia de Brasil",
        "mission-to_institution": "Agesic",
        "mission-start": "2026-03-12",
        "mission-end": "2026-03-10",
        "mission-currency": "USD",
        "mission-travel_cost": "800",
        "mission-per_diem": "400",
        "mission-fund_share": "1000",
        "mission-co_financing": "200",
        "mission-budget_line": budget_2026.pk,
    }
    backwards = client.post(action, fields)
    assert backwards.status_code == 400
    assert "The end date cannot be before the start date." in backwards.content.decode()
    assert not request_draft.missions.exists()
    assert client.post(action, fields | {"mission-end": "2026-03-14"}).status_code == 302
    mission = request_draft.missions.get()
    costs = (mission.travel_cost, mission.per_diem, mission.fund_share)
    assert costs == (Decimal("800"), Decimal("400"), Decimal("1000"))
    page = client.get(url("cooperation_request_detail", request_draft.pk)).content.decode()
    assert "Agesic" in page
    assert (
        "Agesic"
        not in Client().get(url("cooperation_request_detail", request_draft.pk)).content.decode()
    )
