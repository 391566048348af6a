"""Demo accounts and access: the administrator and the secretariat with a second factor
enrolled, an invitation accepted (an official of Uruguay who now has an account) and one
pending — all fictional and labelled demo.

The TOTP secrets are fixed so that the demo can be used from an authenticator app (or
``oathtool --totp -b SECRET``); they are printed by ``gealc demo`` and written in the
README. They are DEMO-ONLY: anyone can read them here.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import AnonymousUser, User

from gealc.accounts import services
from gealc.accounts.models import Invitation
from gealc.core.demo_loading import DemoAccount
from gealc.network import services as network_services
from gealc.network.models import Appointment, Country, Person

PASSWORD = "demo-password"
# Base32, as authenticator apps take them. Demo only: published in the source and README.
TOTP_SECRETS = {
    "admin": "GEALCDEMOADMINONLYFORTHEDEMOSITE",
    "secretariat": "GEALCDEMOSECRETARIATONLYFORDEMOS",
}
INVITED_USERNAME = "invited-ury"


def load() -> list[DemoAccount]:
    accounts = [_second_factor(username, secret) for username, secret in TOTP_SECRETS.items()]
    _invitations()
    accounts.append(
        DemoAccount(
            INVITED_USERNAME,
            PASSWORD,
            "country member",
            "Focal point of Uruguay for open data, who accepted an invitation of delegate-ury.",
        )
    )
    return accounts


def _second_factor(username: str, secret: str) -> DemoAccount:
    user = User.objects.get(username=username)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    return DemoAccount(
        username,
        PASSWORD,
        "second factor",
        f"TOTP secret {secret} (demo only): add it to an authenticator app, then type its code.",
    )


def _demo_person(admin: User, given: str, family: str, email: str) -> Person:
    person = Person.objects.filter(email=email, is_demo=True).first()
    return person or network_services.person_create(
        actor=admin,
        given_name=given,
        family_name=family,
        email=email,
        languages=["es"],
        is_demo=True,
    )


def _invitations() -> None:
    if Invitation.objects.filter(is_demo=True).exists():
        return
    admin = User.objects.get(username="admin")
    delegate = User.objects.get(username="delegate-ury")
    uruguay = Country.objects.get(iso3="URY")
    accepted = services.invitation_create(
        actor=delegate,
        person=_demo_person(admin, "Inés", "Invitada", "ines.invitada.demo@example.org"),
        role="member",
        country=uruguay,
        appointment_role=Appointment.Role.FOCAL_POINT,
        working_line="open data",
        send_email=False,
        is_demo=True,
    )
    services.invitation_accept(
        token=accepted.token, user=AnonymousUser(), username=INVITED_USERNAME, password=PASSWORD
    )
    services.invitation_create(
        actor=delegate,
        person=_demo_person(admin, "Pedro", "Pendiente", "pedro.pendiente.demo@example.org"),
        role="member",
        country=uruguay,
        appointment_role=Appointment.Role.ALTERNATE,
        send_email=False,
        is_demo=True,
    )
