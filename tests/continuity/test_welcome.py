"""The welcome checklist: only the secretariat opens a welcome and ticks its steps; the
country's members read its status; bad input is refused and changes nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gealc.continuity import selectors, services
from gealc.continuity.models import Welcome, WelcomeStep
from gealc.network import services as network_services
from gealc.network.models import Appointment, Institution
from gealc.notifications import kinds

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

STEP = WelcomeStep.Step.BRIEF


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client


def test_a_welcome_is_opened_once_and_only_for_a_head_or_delegate(
    secretariat: User, head_ury: Appointment, member_bra: User
) -> None:
    first = services.welcome_open(actor=secretariat, appointment=head_ury)
    assert services.welcome_open(actor=secretariat, appointment=head_ury) == first
    with pytest.raises(ValidationError) as refused:
        services.welcome_open(actor=secretariat, appointment=member_bra.person.appointments.get())
    assert "appointment" in refused.value.message_dict  # a focal point
    with pytest.raises(PermissionDenied):
        services.welcome_open(actor=member_bra, appointment=head_ury)
    assert Welcome.objects.count() == 1


def test_the_secretariat_is_told_once_when_a_welcome_opens(
    secretariat: User, head_ury: Appointment, member_ury: User
) -> None:
    from gealc.notifications.models import Notification

    services.welcome_open(actor=secretariat, appointment=head_ury)
    services.welcome_open(actor=secretariat, appointment=head_ury)  # already open: no news

    told = Notification.objects.get()
    assert (told.recipient, told.kind) == (secretariat, "welcome_opened")
    with translation.override(told.language):  # the secretariat's own language
        expected = _("Welcome opened: %(person)s, %(role)s of %(country)s") % {
            "person": head_ury.person.full_name,
            "role": head_ury.get_role_display().lower(),
            "country": head_ury.institution.country.name,
        }
        assert told.link == reverse("dossier", args=["URY"])
    assert told.subject == expected
    assert "welcome_opened" in {kind.code for kind in kinds.all_kinds()}


def test_steps_are_ticked_and_unticked_and_a_future_date_is_refused(
    secretariat: User, welcome_ury: Welcome
) -> None:
    done = services.welcome_step_set(
        actor=secretariat, welcome=welcome_ury, step=STEP, done=True, note=" Call "
    )
    assert done.done_on == timezone.localdate()
    assert done.note == "Call"
    checklist = {status.step: status.done for status in selectors.welcome_checklist(welcome_ury)}
    assert checklist[STEP] == done
    assert checklist[WelcomeStep.Step.INVITE_TEAM] is None
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.welcome_step_set(
            actor=secretariat, welcome=welcome_ury, step=STEP, done=True, done_on=tomorrow
        )
    with pytest.raises(ValidationError):
        services.welcome_step_set(actor=secretariat, welcome=welcome_ury, step="nope", done=True)
    assert WelcomeStep.objects.get().done_on == timezone.localdate()  # unchanged
    services.welcome_step_set(actor=secretariat, welcome=welcome_ury, step=STEP, done=False)
    assert not WelcomeStep.objects.exists()


@pytest.mark.parametrize(
    ("role", "sees", "changes"),
    [
        ("public", False, False),
        ("stakeholder", False, False),
        ("member_other", False, False),
        ("reviewer", False, False),
        ("member_own", True, False),
        ("secretariat", True, True),
        ("administrator", True, True),
    ],
)
def test_the_checklist_matrix(
    users_by_role: dict[str, Any], welcome_ury: Welcome, role: str, sees: bool, changes: bool
) -> None:
    client = _client(users_by_role[role])
    html = client.get("/en/countries/URY/dossier/").content.decode()
    assert ("Steps of the welcome and their status" in html) is sees
    assert ("Mark as done" in html) is changes
    response = client.post(f"/en/countries/URY/dossier/welcome/{STEP}/", {"done": "1"})
    if role == "public":
        assert response.status_code == 302
        assert "login" in response["Location"]
    elif changes:
        assert response.status_code == 302
    else:
        assert response.status_code == 403
    assert WelcomeStep.objects.filter(step=STEP).exists() is changes
    welcomes = client.get("/en/welcomes/")
    assert welcomes.status_code == (200 if changes else 302 if role == "public" else 403)


def test_the_secretariat_opens_a_welcome_from_the_list_of_arrivals(
    secretariat: User, administrator: User, head_ury: Appointment, authority_ury: Institution
) -> None:
    person = network_services.person_create(
        actor=administrator, given_name="Nadia", family_name="Nueva"
    )
    arrival = network_services.appointment_start(
        actor=administrator,
        person=person,
        institution=authority_ury,
        role=Appointment.Role.DELEGATE,
        start=timezone.localdate() - datetime.timedelta(days=10),
    )
    client = _client(secretariat)
    page = client.get("/en/welcomes/").content.decode()
    assert "Nadia Nueva" in page
    assert "Héctor Jefe" not in page  # appointed years ago: not a recent arrival
    response = client.post(f"/en/welcomes/open/{arrival.pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith("/en/countries/URY/dossier/")
    assert Welcome.objects.get().appointment == arrival
    assert "Every recent arrival has a welcome." in client.get("/en/welcomes/").content.decode()
    assert client.post("/en/welcomes/open/999999/").status_code == 404


def test_a_step_of_a_country_without_a_welcome_says_so(secretariat: User, uruguay: Any) -> None:
    response = _client(secretariat).post(
        f"/en/countries/URY/dossier/welcome/{STEP}/", {"done": "1"}, follow=True
    )
    assert "No welcome is open for this country." in response.content.decode()
    assert not WelcomeStep.objects.exists()
