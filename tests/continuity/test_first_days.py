"""The first-90-days view of a new head or delegate: their checklist read from live data,
what falls due, the round, the calendar and whom to contact; for the country's members and
the secretariat only; linked from the dossier and from the newcomer's home."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from gealc.continuity import selectors, services
from gealc.continuity.models import Welcome, WelcomeStep
from gealc.network import services as network_services
from gealc.network.models import Appointment, Country, Institution
from tests.accounts.conftest import enrol_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PAGE = "/en/countries/URY/first-90-days/"


def _client(user: User | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def _tasks(country: Country, viewer: User) -> dict[str, bool]:
    return {task.key: task.done for task in selectors.first_days(country, viewer).tasks}


def test_the_checklist_follows_the_newcomers_account_and_the_welcome(
    secretariat: User,
    welcome_ury: Welcome,
    uruguay: Country,
    make_user: Callable[..., User],
) -> None:
    assert _tasks(uruguay, secretariat) == {
        "account": False,  # Uruguay's new head has no account yet
        "second_factor": False,
        "team": False,
        "submission": True,  # no round is open
        "coordinators": False,
        "first_meeting": False,
    }
    head = welcome_ury.appointment.person
    network_services.person_update(
        actor=secretariat, person=head, data={"user": make_user("head_ury")}
    )
    enrol_totp(User.objects.get(username="head_ury"))
    services.welcome_step_set(
        actor=secretariat, welcome=welcome_ury, step=WelcomeStep.Step.INVITE_TEAM, done=True
    )
    done = _tasks(uruguay, secretariat)
    assert (done["account"], done["second_factor"], done["team"]) == (True, True, True)


def test_only_the_countrys_members_and_the_secretariat_read_it(
    member_ury: User,
    member_bra: User,
    secretariat: User,
    stakeholder: User,
    welcome_ury: Welcome,
) -> None:
    page = _client(member_ury).get(PAGE)
    assert page.status_code == 200
    text = page.content.decode()
    assert "The first 90 days: Uruguay" in text
    assert "Your checklist" in text
    assert "Protect your account with a second factor" in text
    assert "People to contact" in text
    assert "Pending submissions and deadlines" in text
    assert _client(secretariat).get(PAGE).status_code == 200
    assert _client(member_bra).get(PAGE).status_code == 403
    assert _client(stakeholder).get(PAGE).status_code == 403
    assert _client(None).get(PAGE).status_code == 302  # to sign in


def test_a_country_with_no_welcome_yet_says_so(member_ury: User) -> None:
    page = _client(member_ury).get(PAGE)
    assert page.status_code == 200
    assert "No welcome is open for this country" in page.content.decode()


def test_the_dossier_links_to_it_for_members_only(member_ury: User, stakeholder: User) -> None:
    assert PAGE in _client(member_ury).get("/en/countries/URY/dossier/").content.decode()
    assert PAGE not in _client(stakeholder).get("/en/countries/URY/dossier/").content.decode()


def test_a_newcomer_finds_it_on_their_home_for_90_days(
    member_ury: User,
    delegate_ury: Appointment,
    administrator: User,
    authority_ury: Institution,
    make_user: Callable[..., User],
) -> None:
    start = delegate_ury.start
    assert selectors.newcomer_appointment(member_ury, start + datetime.timedelta(days=90))
    assert selectors.newcomer_appointment(member_ury, start + datetime.timedelta(days=91)) is None
    assert PAGE not in _client(member_ury).get("/en/").content.decode()  # appointed in 2022

    newcomer = make_user("new_head")
    person = network_services.person_create(
        actor=administrator, given_name="Nueva", family_name="Jefa", user=newcomer
    )
    network_services.appointment_start(
        actor=administrator,
        person=person,
        institution=authority_ury,
        role=Appointment.Role.HEAD_OF_AUTHORITY,
        start=timezone.localdate(),
    )
    assert PAGE in _client(newcomer).get("/en/").content.decode()
