"""E-mail of the knowledge hub: a replication request reaches the owning country.

Each contact reads the request in their own language (the first of ``Person.languages``, see
``network.selectors.person_language``): one message per language. Messages are sent by the
shared ``gealc.core.mail.send_emails`` task after the transaction commits, so a refused or
rolled-back request sends nothing; with the database task backend a slow mail server never
slows the request.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gealc.core.mail import send_emails
from gealc.knowledge.models import Practice, ReplicationRequest
from gealc.network.models import Appointment, Country, Person
from gealc.network.selectors import person_language

CONTACT_ROLES = (Appointment.Role.FOCAL_POINT, Appointment.Role.DELEGATE)


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


def _by_language(emails: list[str], people: dict[str, Person]) -> dict[str, list[str]]:
    """The addresses, sorted, grouped by the language of the person each belongs to."""
    groups: dict[str, list[str]] = {}
    for email in sorted(emails):
        groups.setdefault(person_language(people.get(email)), []).append(email)
    return groups


def replication_requested(request: ReplicationRequest, practice: Practice) -> None:
    if not request.recipients:
        return
    payload: list[list[object]] = []
    people = _contact_people(practice.country)
    for language, emails in _by_language(request.recipients, people).items():
        with translation.override(language):
            payload.append([*_replication_text(request, practice), emails])
    transaction.on_commit(lambda: send_emails.enqueue(payload))


def _replication_text(request: ReplicationRequest, practice: Practice) -> tuple[str, str]:
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
    return subject, body
