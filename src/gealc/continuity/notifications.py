"""What the welcome tells people, through the shared notification service
(``gealc.notifications``): when a welcome opens for a new head of authority or delegate, the
technical secretariat is told, so that someone takes up its checklist."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gealc.continuity.models import Welcome
from gealc.core import l10n
from gealc.network.rules import SECRETARIAT
from gealc.notifications.kinds import Kind
from gealc.notifications.services import Message, notify

WELCOME_OPENED = Kind("welcome_opened", gettext_lazy("A welcome opened for a new authority"))
KINDS = (WELCOME_OPENED,)


def welcome_opened(welcome: Welcome) -> None:
    appointment = welcome.appointment
    country = appointment.institution.country

    def compose() -> Message:
        subject = _("Welcome opened: %(person)s, %(role)s of %(country)s") % {
            "person": appointment.person.full_name,
            "role": appointment.get_role_display().lower(),
            "country": country.name,
        }
        body = _(
            "Appointed on %(date)s. The checklist is open: invite the new team, brief them, "
            "introduce them to the group coordinators and schedule the first meeting."
        ) % {"date": l10n.format_date(appointment.start)}
        link = reverse("dossier", args=[country.iso3])
        return Message(subject=subject, body=body, link=link)

    secretariat = User.objects.filter(groups__name=SECRETARIAT, is_active=True)
    notify(kind=WELCOME_OPENED.code, recipients=secretariat, compose=compose)
