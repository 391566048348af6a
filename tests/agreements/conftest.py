"""Agreement fixtures, built through the real services; reuse them in any agreements test.

The network fixtures of ``tests/network/conftest.py`` are available too (``uruguay``,
``brazil``, ``chile``, ``secretariat``, ``member_ury``, ``member_bra``, ``users_by_role`` …).

``make_agreement(kind, parties, negotiation_start, steps)`` — an agreement created by the
    secretariat, then moved through ``steps`` ((status, date) pairs).
``signatures_ury_chl`` — Uruguay and Chile recognise each other's signatures: negotiating
    from 2020-01-10, signed 2020-06-01, in force 2021-01-15 (public).
``talks_ury_chl`` — a data-exchange agreement of Uruguay and Chile still negotiating since
    2024-02-01 (members only: Uruguay's and Chile's members and the secretariat).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

import pytest
from django.contrib.auth.models import User

from gealc.agreements import services as agreement_services
from gealc.agreements.models import Agreement
from gealc.agreements.services import PartyInput
from gealc.network.models import Country
from tests.network.conftest import *  # noqa: F403  (network fixtures for agreements tests)

MakeAgreement = Callable[..., Agreement]


@pytest.fixture
def make_agreement(secretariat: User) -> MakeAgreement:
    def make(
        kind: str,
        parties: Sequence[tuple[Country, datetime.date]],
        negotiation_start: datetime.date,
        steps: Sequence[tuple[str, datetime.date]] = (),
        title: str = "Agreement (test)",
    ) -> Agreement:
        agreement = agreement_services.agreement_create(
            actor=secretariat,
            kind=kind,
            data={"title_es": title, "title_en": title, "summary_en": f"About {title}."},
            negotiation_start=negotiation_start,
            parties=[PartyInput(country, start) for country, start in parties],
        )
        for status, day in steps:
            agreement_services.agreement_transition(
                actor=secretariat, agreement=agreement, to_status=status, date=day
            )
        agreement.refresh_from_db()
        return agreement

    return make


@pytest.fixture
def signatures_ury_chl(
    make_agreement: MakeAgreement, uruguay: Country, chile: Country
) -> Agreement:
    start = datetime.date(2020, 1, 10)
    return make_agreement(
        Agreement.Kind.SIGNATURES,
        [(uruguay, start), (chile, start)],
        start,
        [("signed", datetime.date(2020, 6, 1)), ("in_force", datetime.date(2021, 1, 15))],
        title="Uruguay-Chile signature recognition (test)",
    )


@pytest.fixture
def talks_ury_chl(make_agreement: MakeAgreement, uruguay: Country, chile: Country) -> Agreement:
    start = datetime.date(2024, 2, 1)
    return make_agreement(
        Agreement.Kind.DATA_EXCHANGE,
        [(uruguay, start), (chile, start)],
        start,
        title="Uruguay-Chile data exchange talks (test)",
    )
