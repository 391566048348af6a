"""Demo: Paraguay changed government last month (through the network's services) and the
secretariat is welcoming its new head of authority: half of the checklist is done.

Idempotent (a demo welcome already there means nothing to do); every record is labelled demo.
Dates follow the day the demo is loaded, so the change is always "last month".
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from gealc.continuity import services
from gealc.continuity.models import Welcome, WelcomeStep
from gealc.core.demo_loading import DemoAccount
from gealc.network import services as network_services
from gealc.network.models import Appointment, Country
from gealc.network.services import NewAppointment
from gealc.notifications.services import muted

DEMO_COUNTRY = "PRY"
DAYS_AGO = 30


def load() -> list[DemoAccount]:
    if Welcome.objects.filter(is_demo=True).exists():
        return []
    country = Country.objects.filter(iso3=DEMO_COUNTRY).first()
    if country is None:
        return []
    admin = User.objects.get(username="admin")
    secretariat = User.objects.get(username="secretariat")
    today = timezone.localdate()
    with muted():
        head = _change_government(admin, country, today - datetime.timedelta(days=DAYS_AGO))
        welcome = services.welcome_open(actor=secretariat, appointment=head, is_demo=True)
        for step, days_ago in ((WelcomeStep.Step.INVITE_TEAM, 25), (WelcomeStep.Step.BRIEF, 12)):
            services.welcome_step_set(
                actor=secretariat,
                welcome=welcome,
                step=step,
                done=True,
                done_on=today - datetime.timedelta(days=days_ago),
                note="Demo",
            )
    return []


def _change_government(admin: User, country: Country, date: datetime.date) -> Appointment:
    transition = network_services.government_transition(
        actor=admin,
        country=country,
        date=date,
        ended_reason="Demo: change of government",
        new_appointments=[
            NewAppointment(
                role=Appointment.Role.HEAD_OF_AUTHORITY,
                given_name="Lucía",
                family_name="Benítez (demo)",
                email="lucia.benitez.demo@example.org",
            ),
            NewAppointment(
                role=Appointment.Role.DELEGATE,
                given_name="Andrés",
                family_name="Giménez (demo)",
                email="andres.gimenez.demo@example.org",
            ),
        ],
        is_demo=True,
    )
    return next(a for a in transition.started if a.role == Appointment.Role.HEAD_OF_AUTHORITY)
