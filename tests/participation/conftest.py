"""Participation fixtures, built through the real services; reuse them in any participation
test. The network fixtures (``uruguay``, ``brazil``, ``secretariat``, ``member_ury`` …) are
available too.

``org_ury`` — "Civic Tech Uruguay (test)", civil society, verified.
``verified`` — user ``ana`` (e-mail confirmed), stakeholder "Ana Civic" of ``org_ury``, verified.
``pending`` — user ``pablo`` (e-mail confirmed), stakeholder of a new organisation, pending.
``other_verified`` — user ``bea``, verified stakeholder (academia, Brazil), for reports.
``consultation`` — "Digital identity roadmap (test)", a free topic, open now for ten days
    (America/Montevideo) with five questions, one of each kind: text, single (3 options),
    multiple (3 options), scale, ranking (3 options).
``closed_consultation`` — the same consultation closed by the secretariat.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gealc.network.models import Country
from gealc.participation import services as participation_services
from gealc.participation.models import Consultation, Question, Stakeholder, StakeholderOrganisation
from gealc.participation.services import NewOrganisation, QuestionInput
from tests.network.conftest import *  # noqa: F403  (network fixtures for participation tests)


def english_client(user: User | None = None) -> Client:
    """A browser asking for English (tests read English messages), signed in as ``user``."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def english_url(name: str, *args: object) -> str:
    return reverse(name, args=args).replace("/es/", "/en/", 1)


def signup_data(username: str, country: Country, **fields: object) -> dict[str, object]:
    """What the sign-up page posts for a newcomer ``username`` in ``country``, with ``fields``."""
    password = "a long pass phrase 2026"
    data = {"email": f"{username}@example.org", "username": username, "password1": password}
    data.update(password2=password, sector="academia", country=country.pk)
    return {**data, **fields}


def confirmed_user(make_user: Callable[..., User], username: str) -> User:
    user = make_user(username)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def register(
    user: User,
    country: Country,
    *,
    name: str,
    sector: str = "civil_society",
    organisation: StakeholderOrganisation | None = None,
    new_organisation: str = "",
) -> Stakeholder:
    return participation_services.stakeholder_register(
        actor=user,
        display_name=name,
        sector=sector,
        country=country,
        languages=["es"],
        organisation=organisation,
        new_organisation=NewOrganisation(new_organisation) if new_organisation else None,
    )


@pytest.fixture
def org_ury(
    make_user: Callable[..., User], secretariat: User, uruguay: Country
) -> StakeholderOrganisation:
    founder = confirmed_user(make_user, "founder")
    person = register(
        founder, uruguay, name="Founder", new_organisation="Civic Tech Uruguay (test)"
    )
    participation_services.stakeholder_verify(actor=secretariat, stakeholder=person)
    return person.organisation


@pytest.fixture
def verified(
    make_user: Callable[..., User],
    secretariat: User,
    uruguay: Country,
    org_ury: StakeholderOrganisation,
) -> User:
    user = confirmed_user(make_user, "ana")
    person = register(user, uruguay, name="Ana Civic", organisation=org_ury)
    participation_services.stakeholder_verify(actor=secretariat, stakeholder=person)
    return user


@pytest.fixture
def other_verified(make_user: Callable[..., User], secretariat: User, brazil: Country) -> User:
    user = confirmed_user(make_user, "bea")
    person = register(
        user, brazil, name="Bea Academia", sector="academia", new_organisation="Universidade (test)"
    )
    participation_services.stakeholder_verify(actor=secretariat, stakeholder=person)
    return user


@pytest.fixture
def pending(make_user: Callable[..., User], uruguay: Country) -> User:
    user = confirmed_user(make_user, "pablo")
    register(user, uruguay, name="Pablo Pending", new_organisation="New NGO (test)")
    return user


def _options(*labels: str) -> list[dict[str, str]]:
    return [{"label_en": label, "label_es": label} for label in labels]


QUESTIONS = [
    QuestionInput(kind="text", text={"text_en": "What should change?", "text_es": "¿Qué cambiar?"}),
    QuestionInput(
        kind="single",
        text={"text_en": "Which first?", "text_es": "¿Cuál primero?"},
        options=_options("Identity", "Signature", "Wallet"),
    ),
    QuestionInput(
        kind="multiple",
        text={"text_en": "Which matter?", "text_es": "¿Cuáles importan?"},
        options=_options("Privacy", "Access", "Cost"),
    ),
    QuestionInput(kind="scale", text={"text_en": "How urgent?", "text_es": "¿Qué urgencia?"}),
    QuestionInput(
        kind="ranking",
        text={"text_en": "Rank the goals", "text_es": "Ordene los objetivos"},
        options=_options("Trust", "Reach", "Speed"),
    ),
]


@pytest.fixture
def consultation(secretariat: User) -> Consultation:
    now = timezone.now()
    item = participation_services.consultation_create(
        actor=secretariat,
        data={
            "title_en": "Digital identity roadmap (test)",
            "title_es": "Hoja de ruta de identidad digital (test)",
            "description_en": "What the network should do next.",
            "opens_at": now - datetime.timedelta(hours=1),
            "closes_at": now + datetime.timedelta(days=10),
            "time_zone": "America/Montevideo",
            "languages": ["es", "en"],
        },
        subject=Consultation.Subject.TOPIC,
        questions=QUESTIONS,
    )
    participation_services.consultation_announce(actor=secretariat, consultation=item)
    participation_services.consultation_open(actor=secretariat, consultation=item)
    return item


@pytest.fixture
def closed_consultation(secretariat: User, consultation: Consultation) -> Consultation:
    return participation_services.consultation_close(actor=secretariat, consultation=consultation)


def question(consultation: Consultation, kind: str) -> Question:
    return consultation.questions.get(kind=kind)


def option_ids(item: Question) -> list[int]:
    return list(item.options.values_list("pk", flat=True))
