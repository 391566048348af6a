"""Notifications of the knowledge hub: a replication request reaches the owning country.

Everything goes through the one notification service (``gealc.notifications.services.notify``):
each contact reads the request in their own language (the first of ``Person.languages``), in
the platform and by e-mail as they chose (a contact without an account gets the e-mail), and
a refused or rolled-back request tells nobody anything.
"""

from __future__ import annotations

from functools import partial

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gealc.knowledge.models import Practice, ReplicationRequest
from gealc.network.models import Appointment, Country, Person
from gealc.notifications.kinds import Kind
from gealc.notifications.services import Message, notify

CONTACT_ROLES = (Appointment.Role.FOCAL_POINT, Appointment.Role.DELEGATE)

REPLICATION_REQUEST = Kind(
    "replication_request", gettext_lazy("A country asks to replicate a practice of mine")
)
KINDS = (REPLICATION_REQUEST,)


def country_contacts(country: Country) -> list[str]:
    """E-mail addresses of the country's current focal points, else its delegates."""
    return sorted(_contact_people(country))


def _contact_people(country: Country) -> dict[str, Person]:
    """The country's current focal points, else its delegates, by e-mail address."""
    for role in CONTACT_ROLES:
        appointments = (
            Appointment.objects.current()
            .filter(institution__country=country, role=role)
            .select_related("person__user")
        )
        people = {_address(a.person): a.person for a in appointments}
        people.pop("", None)
        if people:
            return people
    return {}


def _address(person: Person) -> str:
    return person.email or (person.user.email if person.user else "")


def replication_requested(request: ReplicationRequest, practice: Practice) -> None:
    people = _contact_people(practice.country)
    recipients = [people[email] for email in sorted(request.recipients) if email in people]
    notify(
        kind=REPLICATION_REQUEST.code,
        recipients=recipients,
        compose=partial(_replication_text, request, practice),
    )


def _replication_text(request: ReplicationRequest, practice: Practice) -> Message:
    requester = request.requester
    country = request.requester_country.name if request.requester_country else _("no country")
    subject = _("Replication request: %(title)s") % {"title": practice.title}
    body = _(
        "%(name)s (%(email)s, %(country)s) would like to replicate the practice "
        "“%(title)s”.\n\n%(message)s\n\nReply to them directly at %(email)s."
    ) % {
        "name": requester.get_full_name() or requester.get_username(),
        "email": requester.email or _("no e-mail"),
        "country": country,
        "title": practice.title,
        "message": request.message,
    }
    return Message(subject, body, reverse("practice_detail", args=[practice.slug]))
