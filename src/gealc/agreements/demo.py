"""Demo agreements: a partial matrix of mutual recognition of digital signatures that changes
over the years (bilateral agreements entering into force from 2018, one ended in 2023, one
still negotiating), a multilateral data-exchange agreement that gained a party, a memorandum
and a shared service.

Everything is fictional, titled "(demo)" and flagged ``is_demo``; it is recorded through the
real services by the demo administrator, on fixed dates. Loading twice writes nothing: it is
skipped when demo agreements exist.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from gealc.agreements import services
from gealc.agreements.models import Agreement
from gealc.agreements.services import PartyInput
from gealc.core.demo_loading import DemoAccount
from gealc.groups.models import WorkingLine
from gealc.network.models import Country

D = datetime.date
K = Agreement.Kind
# kind, parties, negotiation start, steps (status, date), joins later (iso3, date), working
# line, Spanish title, English title
AGREEMENTS = [
    (K.SIGNATURES, ("ARG", "CHL"), D(2017, 5, 2),
     (("signed", D(2017, 12, 1)), ("in_force", D(2018, 6, 1)), ("ended", D(2023, 6, 30))), (),
     "digital-identity",
     "Reconocimiento de firmas digitales Argentina-Chile (demo)",
     "Argentina-Chile digital signature recognition (demo)"),
    (K.SIGNATURES, ("URY", "ARG"), D(2018, 3, 1),
     (("signed", D(2019, 4, 10)), ("in_force", D(2019, 11, 1))), (),
     "digital-identity",
     "Reconocimiento de firmas digitales Uruguay-Argentina (demo)",
     "Uruguay-Argentina digital signature recognition (demo)"),
    (K.SIGNATURES, ("URY", "BRA"), D(2019, 6, 3),
     (("signed", D(2020, 8, 20)), ("in_force", D(2021, 3, 1))), (),
     "digital-identity",
     "Reconocimiento de firmas digitales Uruguay-Brasil (demo)",
     "Uruguay-Brazil digital signature recognition (demo)"),
    (K.SIGNATURES, ("CHL", "COL"), D(2020, 2, 3),
     (("signed", D(2021, 5, 5)), ("in_force", D(2022, 1, 10))), (),
     "digital-identity",
     "Reconocimiento de firmas digitales Chile-Colombia (demo)",
     "Chile-Colombia digital signature recognition (demo)"),
    (K.SIGNATURES, ("MEX", "COL"), D(2024, 9, 2), (), (),
     "digital-identity",
     "Reconocimiento de firmas digitales México-Colombia (demo)",
     "Mexico-Colombia digital signature recognition (demo)"),
    (K.DATA_EXCHANGE, ("URY", "ARG", "PRY", "BRA"), D(2020, 3, 2),
     (("signed", D(2021, 2, 1)), ("in_force", D(2021, 9, 1))), (("CHL", D(2023, 4, 3)),),
     "interoperability",
     "Acuerdo regional de intercambio de datos (demo)",
     "Regional data-exchange agreement (demo)"),
    (K.MEMORANDUM, ("CRI", "PAN"), D(2022, 1, 17), (("signed", D(2022, 10, 5)),), (),
     "interoperability",
     "Memorando de entendimiento Costa Rica-Panamá (demo)",
     "Costa Rica-Panama memorandum of understanding (demo)"),
    (K.SHARED_SERVICE, ("ECU", "PER"), D(2022, 6, 1),
     (("signed", D(2023, 3, 15)), ("in_force", D(2024, 2, 1))), (),
     "digital-identity",
     "Autoridad certificadora compartida Ecuador-Perú (demo)",
     "Ecuador-Peru shared certification authority (demo)"),
]  # fmt: skip


def load() -> list[DemoAccount]:
    if Agreement.objects.filter(is_demo=True).exists():
        return []
    admin = User.objects.get(username="admin")
    countries = {country.iso3: country for country in Country.objects.all()}
    for kind, parties, start, steps, joins, line, title_es, title_en in AGREEMENTS:
        if not all(iso3 in countries for iso3 in parties):
            continue  # a network without these countries gets the agreements it can hold
        agreement = services.agreement_create(
            actor=admin,
            kind=kind,
            data={
                "title_es": title_es,
                "title_en": title_en,
                "summary_es": "Acuerdo ficticio de demostración.",
                "summary_en": "A fictional agreement of the demo.",
            },
            negotiation_start=start,
            parties=[PartyInput(countries[iso3], start) for iso3 in parties],
            working_lines=WorkingLine.objects.filter(slug=line),
            is_demo=True,
        )
        _steps(admin, agreement, steps, joins, countries)
    return []


def _steps(
    admin: User,
    agreement: Agreement,
    steps: tuple[tuple[str, datetime.date], ...],
    joins: tuple[tuple[str, datetime.date], ...],
    countries: dict[str, Country],
) -> None:
    for status, day in steps:
        services.agreement_transition(actor=admin, agreement=agreement, to_status=status, date=day)
    for iso3, day in joins:
        if iso3 in countries:
            services.party_add(actor=admin, agreement=agreement, country=countries[iso3], start=day)
