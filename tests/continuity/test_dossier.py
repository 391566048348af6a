"""The dossier's sections against hand-built data, what each reader may see, a country with
no data yet, and the PDF cached under the dossier's fingerprint."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.storage import default_storage
from django.test import Client
from pypdf import PdfReader

from gealc.continuity import pdf, selectors
from gealc.continuity.selectors import Section
from gealc.cooperation import services as cooperation_services
from gealc.core import l10n
from gealc.groups.models import WorkingLine
from gealc.knowledge.models import Practice
from gealc.measurement.models import Submission
from gealc.network import services as network_services
from gealc.network.models import Appointment, Country, Institution
from gealc.observatory.models import IndexRun

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MEMBERS_ONLY = {"groups", "cooperation", "round", "contacts", "first_days"}


def _sections(dossier: selectors.Dossier) -> dict[str, Section]:
    return {section.key: section for section in dossier.sections}


def _cells(section: Section) -> list[str]:
    return [cell for table in section.tables for row in table.rows for cell in row]


def test_a_country_with_no_data_yet_has_every_section_saying_nothing_yet(
    uruguay: Country, secretariat: User
) -> None:
    dossier = selectors.dossier(uruguay, secretariat)
    sections = _sections(dossier)
    assert list(sections) == [
        "people",
        "groups",
        "index",
        "cooperation",
        "contributions",
        "round",
        "calendar",
        "contacts",
        "first_days",
    ]
    for key, section in sections.items():
        assert section.source, key
        if key != "contacts":  # the secretariat itself is a contact
            assert _cells(section) == [], key
            assert all(table.empty for table in section.tables), key
    page = _client(secretariat).get("/en/countries/URY/dossier/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "No current appointment is recorded yet." in html
    assert "No index including this country has been published yet." in html
    assert "Nothing falls due in the next 90 days." in html


def test_the_sections_read_the_live_data(
    uruguay: Country,
    member_ury: User,
    head_ury: Appointment,
    submission_ury: Submission,
    secretariat: User,
) -> None:
    today = submission_ury.round.closes_on - datetime.timedelta(days=10)
    sections = _sections(selectors.dossier(uruguay, member_ury, today=today))
    people = _cells(sections["people"])
    assert "Daniela Delegada" in people
    assert "Héctor Jefe" in people  # a member of the network reads every name
    assert _cells(sections["round"]) == [
        "2025",
        "Draft",
        l10n.format_date(submission_ury.round.closes_on),
        "10",
    ]
    first_days = _cells(sections["first_days"])
    assert "Deadline of measurement round 2025" in first_days
    assert secretariat.username in " ".join(_cells(sections["contacts"]))


def test_the_index_section_shows_each_year_with_rank_intervals_and_means(
    published_run: IndexRun, uruguay: Country, stakeholder: User
) -> None:
    section = _sections(selectors.dossier(uruguay, stakeholder))["index"]
    [table] = section.tables
    assert table.rows
    years = {row[0] for row in table.rows}
    assert years == {str(published_run.round.reference_year)}
    first = table.rows[0]
    assert first[3] != "—"  # a rank
    assert "\u2013" in first[4]  # its rank interval
    assert first[5] != "—"  # the region's mean
    assert "South America" in table.columns[6]


def test_contributions_and_cooperation_requests(
    uruguay: Country,
    brazil: Country,
    member_ury: User,
    member_bra: User,
    secretariat: User,
    practice_published: Practice,
) -> None:
    """Brazil asks to replicate Uruguay's practice; the secretariat matches Uruguay."""
    request = cooperation_services.request_create(
        actor=member_bra,
        country=brazil,
        working_line=WorkingLine.objects.get(slug="open-data"),
        data={"title_es": "Replicar la práctica", "need_es": "Hola", "modality": "workshop"},
        practice=practice_published,
        submit=True,
    )
    cooperation_services.request_accept(actor=secretariat, request=request)
    cooperation_services.request_match(actor=secretariat, request=request, provider=uruguay)
    ury = _sections(selectors.dossier(uruguay, member_ury))
    assert practice_published.title in _cells(ury["contributions"])
    assert brazil.name in _cells(ury["cooperation"])
    bra = _sections(selectors.dossier(brazil, member_bra))
    assert "Replicar la práctica" in _cells(bra["cooperation"])
    assert uruguay.name in _cells(bra["cooperation"])


@pytest.mark.parametrize(
    ("role", "members_view"),
    [
        ("public", False),
        ("stakeholder", False),
        ("member_other", False),
        ("reviewer", False),
        ("member_own", True),
        ("secretariat", True),
        ("administrator", True),
    ],
)
def test_who_reads_the_members_only_sections(
    users_by_role: dict[str, Any],
    uruguay: Country,
    head_ury: Appointment,
    role: str,
    members_view: bool,
) -> None:
    viewer = users_by_role[role]
    dossier = selectors.dossier(uruguay, viewer)
    assert dossier.members_view is members_view
    for section in dossier.sections:
        hidden = section.key in MEMBERS_ONLY and not members_view
        assert section.hidden is hidden, section.key
        if hidden:
            assert section.tables == []
    names = " ".join(_cells(_sections(dossier)["people"]))
    assert ("Héctor Jefe" in names) is (role not in {"public", "stakeholder"})
    html = _client(viewer).get("/en/countries/URY/dossier/").content.decode()
    assert ("Only the country's members and the secretariat see this section." in html) is (
        not members_view
    )
    assert ("Welcome checklist of the secretariat" in html) is members_view


def test_an_unknown_country_is_not_found() -> None:
    assert _client(None).get("/en/countries/XXX/dossier/").status_code == 404
    assert _client(None).get("/en/countries/%00%01/dossier/").status_code in {400, 404}


def test_the_pdf_is_rendered_once_and_again_when_the_data_changes(
    uruguay: Country, member_ury: User, administrator: User, authority_ury: Institution
) -> None:
    client = _client(member_ury)
    first = client.get("/en/countries/URY/dossier.pdf")
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    name = pdf.dossier_pdf_name(selectors.dossier(uruguay, member_ury), "en")
    assert default_storage.exists(name)
    stored_at = default_storage.get_modified_time(name)
    assert client.get("/en/countries/URY/dossier.pdf").content == first.content
    assert default_storage.get_modified_time(name) == stored_at  # served, not rendered

    person = network_services.person_create(
        actor=administrator, given_name="Nueva", family_name="Persona"
    )
    network_services.appointment_start(
        actor=administrator,
        person=person,
        institution=authority_ury,
        role=Appointment.Role.ALTERNATE,
        start=datetime.date(2024, 1, 1),
    )
    changed = pdf.dossier_pdf_name(selectors.dossier(uruguay, member_ury), "en")
    assert changed != name
    assert client.get("/en/countries/URY/dossier.pdf").status_code == 200
    assert default_storage.exists(changed)
    public = pdf.dossier_pdf_name(selectors.dossier(uruguay, AnonymousUser()), "en")
    assert public not in {name, changed}  # the public reads less: another file


def test_the_dossier_pdf_names_the_dossier_in_its_running_header(
    uruguay: Country, member_ury: User
) -> None:
    """Not the observatory's "The network in numbers", which it once fell back to."""
    response = _client(member_ury).get("/en/countries/URY/dossier.pdf")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert text.splitlines()[0] == "GEALC Hub · Welcome dossier: Uruguay"


def _client(user: User | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client
