"""Continuity fixtures, built through the real services.

The network, measurement and observatory fixtures (``tests/observatory/conftest.py``) are
available: ``uruguay``, ``member_ury`` (delegate of Uruguay), ``head_ury`` (its head of
authority, no account), ``member_bra``, ``secretariat``, ``stakeholder``, ``users_by_role``,
``open_round``/``submission_ury``, ``published_run`` (Uruguay and five more countries) …
``welcome_ury`` — the secretariat's welcome of Uruguay's head of authority.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from gealc.continuity import services as continuity_services
from gealc.continuity.models import Welcome
from gealc.network.models import Appointment
from tests.knowledge.conftest import dimension_tag, practice_published, working_line_tag
from tests.observatory.conftest import *  # noqa: F403  (network, measurement, observatory)

__all__ = ["dimension_tag", "practice_published", "working_line_tag"]


@pytest.fixture
def welcome_ury(secretariat: User, head_ury: Appointment) -> Welcome:
    return continuity_services.welcome_open(actor=secretariat, appointment=head_ury)
