"""Accounts fixtures. The network fixtures of ``tests/network/conftest.py`` are available too
(``uruguay``, ``brazil``, ``authority_ury``, ``member_ury`` — Uruguay's delegate, ``member_bra``
— Brazil's focal point, ``secretariat``, ``administrator``, ``users_by_role`` …).

Here the second factor is required again of the secretariat and administrators, as in
production (the project-wide conftest turns it off for the other areas).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User

from gealc.network import services as network_services
from gealc.network.models import Person
from tests.network.conftest import *  # noqa: F403  (network fixtures for accounts tests)

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def _second_factor_required(settings: Settings) -> None:
    settings.GEALC_MFA_REQUIRED = True


def enrol_totp(user: User, secret: str = "JBSWY3DPEHPK3PXP") -> str:
    """Give ``user`` a TOTP second factor (as the enrolment page would), return its secret."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def newcomer(administrator: User) -> Person:
    """A person of the directory without an account, who works in Spanish."""
    return network_services.person_create(
        actor=administrator,
        given_name="Nora",
        family_name="Nueva",
        email="nora.nueva@example.org",
        languages=["es"],
    )
