"""A replication request reaches each of the owning country's contacts in their own language,
whatever language is active when it is sent."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gealc.knowledge import services
from gealc.knowledge.models import Practice
from gealc.network import services as network_services
from gealc.network.models import Appointment, Institution, Person

pytestmark = pytest.mark.django_db

TITLE_ES = "Educación digital en escuelas rurales (demo)"
TITLE_PT = "Educação digital em escolas rurais (demo)"


def _focal_point(
    administrator: User,
    institution: Institution,
    name: str,
    languages: list[str],
    *,
    email: str = "",
    user: User | None = None,
) -> Person:
    person = network_services.person_create(
        actor=administrator,
        given_name=name,
        family_name="Focal",
        email=email,
        languages=languages,
        user=user,
    )
    network_services.appointment_start(
        actor=administrator,
        person=person,
        institution=institution,
        role=Appointment.Role.FOCAL_POINT,
        start=datetime.date(2023, 1, 1),
        working_line="open data",
    )
    return person


@pytest.fixture
def practice_in_portuguese_too(secretariat: User, practice_published: Practice) -> Practice:
    return services.practice_update(
        actor=secretariat, practice=practice_published, data={"title_pt": TITLE_PT}
    )


def test_each_contact_reads_the_request_in_their_language(
    practice_in_portuguese_too: Practice,
    member_bra: User,
    administrator: User,
    authority_ury: Institution,
    make_user: Callable[..., User],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    english: None,
) -> None:
    """English is active (as after an English page): it decides nothing."""
    _focal_point(administrator, authority_ury, "Paula", ["pt", "es"], email="pt@example.org")
    # No address of their own: the account's, and the account's person gives the language.
    _focal_point(administrator, authority_ury, "Sara", ["es"], user=make_user("focal_es"))
    with django_capture_on_commit_callbacks(execute=True):
        services.replication_request_send(
            actor=member_bra, practice=practice_in_portuguese_too, message="Olá!"
        )
    assert len(mailoutbox) == 2
    messages = {address: message for message in mailoutbox for address in message.to}
    portuguese = messages["pt@example.org"]
    spanish = messages["focal_es@example.org"]
    assert portuguese.subject == f"Solicitação de replicação: {TITLE_PT}"
    assert f"gostaria de replicar a prática “{TITLE_PT}”" in portuguese.body
    assert "Responda diretamente para member_bra@example.org." in portuguese.body
    assert spanish.subject == f"Solicitud de replicación: {TITLE_ES}"
    assert f"desea replicar la práctica «{TITLE_ES}»" in spanish.body
    assert "Olá!" in spanish.body


def test_a_contact_without_languages_reads_the_site_default(
    practice_published: Practice,
    member_bra: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    english: None,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.replication_request_send(
            actor=member_bra, practice=practice_published, message="Hola"
        )
    [message] = mailoutbox
    assert message.to == ["delegate.ury@example.org"]  # Uruguay's delegate gave no language
    assert message.subject == f"Solicitud de replicación: {TITLE_ES}"


def test_queries_do_not_grow_with_the_contacts(
    practice_published: Practice,
    member_bra: User,
    administrator: User,
    authority_ury: Institution,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    def request() -> CaptureQueriesContext:
        with CaptureQueriesContext(connection) as queries:
            services.replication_request_send(
                actor=member_bra, practice=practice_published, message="Hola"
            )
        return queries

    _focal_point(administrator, authority_ury, "Uno", ["es"], email="focal0@example.org")
    one_contact = request()
    languages = ["es", "pt", "en", "fr"]
    for number in range(1, 30):
        language = languages[number % 4]
        email = f"focal{number}@example.org"
        _focal_point(administrator, authority_ury, str(number), [language], email=email)
    with django_capture_on_commit_callbacks(execute=True):
        many_contacts = request()
    assert len(many_contacts) == len(one_contact)
    assert all(len(message.to) == 1 for message in mailoutbox)  # one e-mail per contact
    sizes = Counter(message.subject.split(":")[0] for message in mailoutbox)
    assert sizes == {
        "Solicitud de replicación": 8,
        "Solicitação de replicação": 8,
        "Replication request": 7,
        "Demande de reproduction ": 7,
    }
