"""The agreement pages: what each role sees and may do, the secretariat's forms, and bad input
answered with a clear message that changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gealc.agreements.models import Agreement

pytestmark = pytest.mark.django_db


def _url(name: str, *args: object) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def _client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["public", "stakeholder", "member_own", "secretariat"])
def test_public_pages_answer_every_role(users_by_role, role, signatures_ury_chl) -> None:
    client = _client(users_by_role[role])
    for address in (
        _url("agreement_list"),
        _url("agreement_matrix"),
        _url("agreement_detail", signatures_ury_chl.slug),
        _url("country_agreements", "ury"),
    ):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "Uruguay-Chile signature recognition (test)" in response.content.decode()


def test_negotiating_agreement_page_is_for_parties_and_the_secretariat(
    users_by_role, talks_ury_chl
) -> None:
    address = _url("agreement_detail", talks_ury_chl.slug)
    for role, status in [
        ("public", 404),
        ("stakeholder", 404),
        ("member_other", 404),
        ("member_own", 200),
        ("secretariat", 200),
    ]:
        assert _client(users_by_role[role]).get(address).status_code == status, role
    listing = _client().get(_url("agreement_list")).content.decode()
    assert "data exchange talks" not in listing


def test_list_filters(signatures_ury_chl, talks_ury_chl, secretariat, brazil) -> None:
    client = _client(secretariat)
    page = client.get(_url("agreement_list"), {"status": "negotiating"}).content.decode()
    assert "data exchange talks" in page
    assert "signature recognition" not in page
    page = client.get(_url("agreement_list"), {"country": "BRA"}).content.decode()
    assert "No agreement matches these filters." in page
    page = client.get(_url("agreement_list"), {"year": "2019"}).content.decode()
    assert "No agreement matches these filters." in page
    bad = client.get(_url("agreement_list"), {"year": "abc", "kind": "nonsense"})
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()


def test_matrix_page_as_of_a_year(signatures_ury_chl, brazil) -> None:
    client = _client()
    page = client.get(_url("agreement_matrix"), {"kind": "signatures", "year": "2021"})
    text = page.content.decode()
    assert page.status_code == 200
    assert '<table id="agreements-matrix">' in text
    assert "1 of 3 pairs of the network" in text
    assert "since " in text
    assert "<svg" in text  # the heat-map
    before = client.get(_url("agreement_matrix"), {"kind": "signatures", "year": "2020"})
    assert "0 of 3 pairs" in before.content.decode()
    assert "No pair of countries" in before.content.decode()
    data = client.get(_url("agreement_matrix"), {"kind": "data_exchange", "year": "2021"})
    assert "exchange data" in data.content.decode()
    bad = client.get(_url("agreement_matrix"), {"year": "1800"})
    assert bad.status_code == 400


def test_secretariat_records_an_agreement(secretariat, uruguay, brazil) -> None:
    client = _client(secretariat)
    response = client.post(
        _url("agreement_create"),
        {
            "kind": "signatures",
            "title": "Brazil and Uruguay signatures (page)",
            "summary": "",
            "negotiation_start": "2023-02-01",
            "countries": ["URY", "BRA"],
        },
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert agreement.title_en == "Brazil and Uruguay signatures (page)"
    assert agreement.parties.count() == 2
    detail = _url("agreement_detail", agreement.slug)
    moved = client.post(
        _url("agreement_status", agreement.slug),
        {"move-status": "signed", "move-date": "2023-06-01", "move-reason": ""},
    )
    assert moved.status_code == 302
    assert moved["Location"] == detail
    agreement.refresh_from_db()
    assert agreement.signed_on == datetime.date(2023, 6, 1)


def test_create_with_one_party_is_refused_naming_the_field(secretariat, uruguay) -> None:
    response = _client(secretariat).post(
        _url("agreement_create"),
        {
            "kind": "signatures",
            "title": "Alone",
            "negotiation_start": "2023-02-01",
            "countries": ["URY"],
        },
    )
    assert response.status_code == 400
    assert "Parties: An agreement is between at least two countries" in response.content.decode()
    assert not Agreement.objects.exists()


def test_bad_transition_is_shown_on_the_form(secretariat, signatures_ury_chl) -> None:
    response = _client(secretariat).post(
        _url("agreement_status", signatures_ury_chl.slug),
        {"move-status": "ended", "move-date": "2019-01-01"},
    )
    assert response.status_code == 400
    assert "Date: The date cannot be before the last change of status" in response.content.decode()
    signatures_ury_chl.refresh_from_db()
    assert signatures_ury_chl.status == "in_force"
    unknown = _client(secretariat).post(
        _url("agreement_status", signatures_ury_chl.slug),
        {"move-status": "frozen", "move-date": "2024-01-01"},
    )
    assert unknown.status_code == 400
    assert "New status: Select a valid choice" in unknown.content.decode()


def test_parties_join_and_leave_on_the_page(secretariat, signatures_ury_chl, brazil) -> None:
    client = _client(secretariat)
    slug = signatures_ury_chl.slug
    joined = client.post(
        _url("agreement_party_add", slug), {"party-country": "BRA", "party-start": "2022-01-01"}
    )
    assert joined.status_code == 302
    twice = client.post(
        _url("agreement_party_add", slug), {"party-country": "BRA", "party-start": "2023-01-01"}
    )
    assert twice.status_code == 400
    assert "already a party" in twice.content.decode()
    party = signatures_ury_chl.parties.get(country=brazil)
    no_reason = client.post(
        _url("agreement_party_leave", slug, party.pk),
        {"leave-end": "2023-01-01", "leave-end_reason": ""},
    )
    assert no_reason.status_code == 400
    left = client.post(
        _url("agreement_party_leave", slug, party.pk),
        {"leave-end": "2023-01-01", "leave-end_reason": "Withdrew."},
    )
    assert left.status_code == 302
    party.refresh_from_db()
    assert party.end == datetime.date(2023, 1, 1)


def test_party_member_edits_and_uploads_but_cannot_move(
    member_ury, member_bra, signatures_ury_chl
) -> None:
    slug = signatures_ury_chl.slug
    own = _client(member_ury)
    page = own.get(_url("agreement_detail", slug)).content.decode()
    assert "Edit the texts" in page
    assert "Record a change of status" not in page
    edited = own.post(_url("agreement_edit", slug), {"title": "Renamed (test)", "summary": ""})
    assert edited.status_code == 302
    signatures_ury_chl.refresh_from_db()
    assert signatures_ury_chl.title_en == "Renamed (test)"
    upload = own.post(
        _url("agreement_upload", slug),
        {
            "document-title": "Text",
            "document-file": SimpleUploadedFile("text.txt", b"The agreement text.\n"),
        },
    )
    assert upload.status_code == 302
    document = signatures_ury_chl.documents.get()
    download = _client().get(_url("agreement_document", document.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    move = own.post(
        _url("agreement_status", slug), {"move-status": "ended", "move-date": "2024-01-01"}
    )
    assert move.status_code == 403
    other = _client(member_bra)
    assert other.get(_url("agreement_edit", slug)).status_code == 403


def test_a_bad_upload_is_refused_naming_the_file(member_ury, signatures_ury_chl) -> None:
    response = _client(member_ury).post(
        _url("agreement_upload", signatures_ury_chl.slug),
        {
            "document-title": "Fake",
            "document-file": SimpleUploadedFile("fake.pdf", b"not a pdf"),
        },
    )
    assert response.status_code == 400
    assert "File:" in response.content.decode()
    assert not signatures_ury_chl.documents.exists()


def test_country_page_and_unknown_country(signatures_ury_chl, brazil) -> None:
    assert _client().get(_url("country_agreements", "XYZ")).status_code == 404
    page = _client().get(_url("country_agreements", "BRA")).content.decode()
    assert "is not party to any agreement" in page
    profile = _client().get(_url("country_detail", "URY")).content.decode()
    assert f'href="{_url("country_agreements", "URY")}"' in profile


def test_negotiating_documents_are_not_public(member_ury, talks_ury_chl) -> None:
    _client(member_ury).post(
        _url("agreement_upload", talks_ury_chl.slug),
        {"document-title": "Draft", "document-file": SimpleUploadedFile("d.txt", b"Draft.\n")},
    )
    document = talks_ury_chl.documents.get()
    assert _client().get(_url("agreement_document", document.pk)).status_code == 404
    assert _client(member_ury).get(_url("agreement_document", document.pk)).status_code == 200
