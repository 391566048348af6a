"""Demo: Paraguay changed government last month (through the network's services) and the
secretariat is welcoming its new head of authority: half of the checklist is done. The new
team was invited: the head accepted (the account ``head-pry``, with a second factor) and the
delegate's invitation is pending.

Idempotent (a demo welcome already there means nothing to do); every record is labelled demo.
Dates follow the day the demo is loaded, so the change is always "last month".
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from gealc.accounts import demo as account_demo
from gealc.accounts import services as account_services
from gealc.continuity import services
from gealc.continuity.models import Welcome, WelcomeStep
from gealc.continuity.selectors import WELCOMED_ROLES
from gealc.core.demo_loading import DemoAccount
from gealc.network import services as network_services
from gealc.network.models import Appointment, Country
from gealc.network.services import NewAppointment
from gealc.notifications.services import muted

DEMO_COUNTRY = "PRY"
DAYS_AGO = 30
HEAD_USERNAME = "head-pry"
# Base32, as authenticator apps take it. Demo only: published in the source and README.
HEAD_TOTP_SECRET = "GEALCDEMOPARAGUAYHEADONLYFORDEMO"


def load() -> list[DemoAccount]:
    if Welcome.objects.filter(is_demo=True).exists():
        head = User.objects.filter(username=HEAD_USERNAME).first()
        return [_head_account(head)] if head else []
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
        head_account = _invite_the_new_team(secretariat, head)
    return [_head_account(head_account)]


def _invite_the_new_team(secretariat: User, head: Appointment) -> User:
    """The head accepted the secretariat's invitation; the delegate's is still pending."""
    country = head.institution.country
    invitations = {}
    team = Appointment.objects.current().filter(institution=head.institution, is_demo=True)
    for role in WELCOMED_ROLES:  # the head first
        appointment = team.get(role=role)
        invitations[role] = account_services.invitation_create(
            actor=secretariat,
            person=appointment.person,
            role="member",
            country=country,
            appointment_role=appointment.role,
            send_email=False,
            is_demo=True,
        )
    accepted = invitations[Appointment.Role.HEAD_OF_AUTHORITY]
    return account_services.invitation_accept(
        token=accepted.token,
        user=AnonymousUser(),
        username=HEAD_USERNAME,
        password=account_demo.PASSWORD,
    )


def _head_account(head: User) -> DemoAccount:
    enrolled = account_demo.second_factor(head, HEAD_TOTP_SECRET)
    return DemoAccount(
        head.get_username(),
        account_demo.PASSWORD,
        "country member",
        "New head of authority of Paraguay (appointed last month), who accepted the "
        "secretariat's invitation; " + enrolled.description,
    )


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
