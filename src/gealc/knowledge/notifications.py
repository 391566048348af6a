"""E-mail of the knowledge hub: a replication request reaches the owning country.

Messages are sent by the ``send_emails`` task after the transaction commits, so a refused or
rolled-back request sends nothing; with the database task backend a slow mail server never
slows the request.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from gealc.knowledge.models import Practice, ReplicationRequest
from gealc.network.models import Appointment, Country

CONTACT_ROLES = (Appointment.Role.FOCAL_POINT, Appointment.Role.DELEGATE)


@task()
def send_emails(messages: list[list[object]]) -> int:
    """Send ``[subject, body, [recipients]]`` messages; returns how many were sent."""
    sender = settings.DEFAULT_FROM_EMAIL
    datatuple = [
        (str(subject), str(body), sender, [str(r) for r in recipients])  # type: ignore[union-attr]
        for subject, body, recipients in messages
        if recipients
    ]
    return send_mass_mail(datatuple, fail_silently=False) if datatuple else 0


def country_contacts(country: Country) -> list[str]:
    """E-mail addresses of the country's current focal points, else its delegates."""
    for role in CONTACT_ROLES:
        appointments = (
            Appointment.objects.current()
            .filter(institution__country=country, role=role)
            .select_related("person__user")
        )
        emails = {
            a.person.email or (a.person.user.email if a.person.user else "") for a in appointments
        }
        emails.discard("")
        if emails:
            return sorted(emails)
    return []


def replication_requested(request: ReplicationRequest, practice: Practice) -> None:
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
    payload = [[subject, body, list(request.recipients)]]
    if request.recipients:
        transaction.on_commit(lambda: send_emails.enqueue(payload))
