"""Demo accounts and access: the administrator and the secretariat with a second factor
enrolled. The invitations of the demo are Paraguay's, whose government changed last month
(``gealc.continuity.demo``, which loads after the directory's change): its new head accepted
one and enrolled a second factor, its new delegate's is pending.

The TOTP secrets are fixed so that the demo can be used from an authenticator app (or
``oathtool --totp -b SECRET``); they are printed by ``gealc demo`` and written in the
README. They are DEMO-ONLY: anyone can read them here.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import User

from gealc.core.demo_loading import DemoAccount

PASSWORD = "demo-password"
# Base32, as authenticator apps take them. Demo only: published in the source and README.
TOTP_SECRETS = {
    "admin": "GEALCDEMOADMINONLYFORTHEDEMOSITE",
    "secretariat": "GEALCDEMOSECRETARIATONLYFORDEMOS",
}


def load() -> list[DemoAccount]:
    return [
        second_factor(User.objects.get(username=username), secret)
        for username, secret in TOTP_SECRETS.items()
    ]


def second_factor(user: User, secret: str) -> DemoAccount:
    """Enrol ``user``'s demo TOTP secret (once) and say so in the list of demo accounts."""
    username = user.get_username()
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    return DemoAccount(
        username,
        PASSWORD,
        "second factor",
        f"TOTP secret {secret} (demo only): add it to an authenticator app, then type its code.",
    )
