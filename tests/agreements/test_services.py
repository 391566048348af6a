"""Agreement services: the rules of parties and status moves, and bad input refused with a
message naming the field and nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gealc.agreements import services
from gealc.agreements.models import Agreement, AgreementDocument, Party, Transition
from gealc.agreements.services import PartyInput
from gealc.network.models import Country

DAY = datetime.date(2022, 5, 2)


def _create(actor: User, parties: list[PartyInput], start: datetime.date = DAY) -> Agreement:
    return services.agreement_create(
        actor=actor,
        kind=Agreement.Kind.SIGNATURES,
        data={"title_en": "Recognition (test)"},
        negotiation_start=start,
        parties=parties,
    )


def test_create_records_parties_and_first_transition(
    secretariat: User, uruguay: Country, chile: Country
) -> None:
    agreement = _create(secretariat, [PartyInput(uruguay, DAY), PartyInput(chile, DAY)])
    assert agreement.status == "negotiating"
    assert sorted(agreement.parties.values_list("country__iso3", flat=True)) == ["CHL", "URY"]
    first = agreement.transitions.get()
    assert (first.from_status, first.to_status, first.date, first.actor) == (
        "",
        "negotiating",
        DAY,
        secretariat,
    )
    assert agreement.history.count() == 1


def test_one_party_is_refused_and_nothing_is_created(
    secretariat: User, uruguay: Country, english: None
) -> None:
    with pytest.raises(ValidationError) as error:
        _create(secretariat, [PartyInput(uruguay, DAY)])
    assert "at least two countries" in error.value.message_dict["parties"][0]
    assert not Agreement.objects.exists()


def test_a_country_named_twice_is_refused(
    secretariat: User, uruguay: Country, chile: Country, english: None
) -> None:
    parties = [PartyInput(uruguay, DAY), PartyInput(uruguay, DAY), PartyInput(chile, DAY)]
    with pytest.raises(ValidationError) as error:
        _create(secretariat, parties)
    assert "named twice" in error.value.message_dict["parties"][0]
    assert not Agreement.objects.exists()
    assert not Party.objects.exists()


def test_a_party_joining_before_the_negotiation_is_refused_and_nothing_is_created(
    secretariat: User, uruguay: Country, chile: Country, english: None
) -> None:
    early = DAY - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _create(secretariat, [PartyInput(uruguay, DAY), PartyInput(chile, early)])
    assert "before the negotiation" in error.value.message_dict["start"][0]
    assert not Agreement.objects.exists()
    assert not Party.objects.exists()


def test_only_the_secretariat_creates(member_ury: User, uruguay: Country, chile: Country) -> None:
    with pytest.raises(PermissionDenied):
        _create(member_ury, [PartyInput(uruguay, DAY), PartyInput(chile, DAY)])


def test_forward_steps_set_their_dates(secretariat: User, signatures_ury_chl: Agreement) -> None:
    agreement = signatures_ury_chl
    assert agreement.status == "in_force"
    assert agreement.signed_on == datetime.date(2020, 6, 1)
    assert agreement.in_force_on == datetime.date(2021, 1, 15)
    steps = list(agreement.transitions.values_list("from_status", "to_status"))
    assert steps == [("", "negotiating"), ("negotiating", "signed"), ("signed", "in_force")]


def test_an_unknown_status_is_refused(
    secretariat: User, signatures_ury_chl: Agreement, english: None
) -> None:
    with pytest.raises(ValidationError) as error:
        services.agreement_transition(
            actor=secretariat, agreement=signatures_ury_chl, to_status="frozen", date=DAY
        )
    assert "Unknown status “frozen”" in error.value.message_dict["status"][0]
    assert signatures_ury_chl.transitions.count() == 3


def test_a_skipped_step_is_refused(secretariat: User, talks_ury_chl: Agreement) -> None:
    with pytest.raises(ValidationError) as error:
        services.agreement_transition(
            actor=secretariat,
            agreement=talks_ury_chl,
            to_status="in_force",
            date=datetime.date(2024, 6, 1),
        )
    assert "status" in error.value.message_dict
    talks_ury_chl.refresh_from_db()
    assert talks_ury_chl.status == "negotiating"


def test_going_back_needs_a_reason_and_clears_later_dates(
    secretariat: User, signatures_ury_chl: Agreement, english: None
) -> None:
    day = datetime.date(2023, 3, 1)
    with pytest.raises(ValidationError) as error:
        services.agreement_transition(
            actor=secretariat, agreement=signatures_ury_chl, to_status="signed", date=day
        )
    assert "Say why" in error.value.message_dict["reason"][0]
    services.agreement_transition(
        actor=secretariat,
        agreement=signatures_ury_chl,
        to_status="signed",
        date=day,
        reason="Suspended while the certificates are renewed.",
    )
    signatures_ury_chl.refresh_from_db()
    assert signatures_ury_chl.status == "signed"
    assert signatures_ury_chl.in_force_on is None
    assert signatures_ury_chl.signed_on == datetime.date(2020, 6, 1)
    last = signatures_ury_chl.transitions.last()
    assert last.reason == "Suspended while the certificates are renewed."


def test_a_date_before_the_last_change_is_refused_and_nothing_changes(
    secretariat: User, signatures_ury_chl: Agreement, english: None
) -> None:
    with pytest.raises(ValidationError) as error:
        services.agreement_transition(
            actor=secretariat,
            agreement=signatures_ury_chl,
            to_status="ended",
            date=datetime.date(2020, 12, 31),
        )
    assert "before the last change of status" in error.value.message_dict["date"][0]
    signatures_ury_chl.refresh_from_db()
    assert (signatures_ury_chl.status, signatures_ury_chl.ended_on) == ("in_force", None)
    assert signatures_ury_chl.transitions.count() == 3


def test_a_date_in_the_future_is_refused(secretariat: User, talks_ury_chl: Agreement) -> None:
    with pytest.raises(ValidationError) as error:
        services.agreement_transition(
            actor=secretariat,
            agreement=talks_ury_chl,
            to_status="signed",
            date=datetime.date.today() + datetime.timedelta(days=30),
        )
    assert "date" in error.value.message_dict


def test_ending_from_any_status(secretariat: User, talks_ury_chl: Agreement) -> None:
    services.agreement_transition(
        actor=secretariat,
        agreement=talks_ury_chl,
        to_status="ended",
        date=datetime.date(2024, 9, 1),
    )
    talks_ury_chl.refresh_from_db()
    assert (talks_ury_chl.status, talks_ury_chl.ended_on) == ("ended", datetime.date(2024, 9, 1))


def test_a_party_joins_later_and_never_twice_at_once(
    secretariat: User, signatures_ury_chl: Agreement, brazil: Country, english: None
) -> None:
    joined = datetime.date(2022, 4, 1)
    services.party_add(
        actor=secretariat, agreement=signatures_ury_chl, country=brazil, start=joined
    )
    with pytest.raises(ValidationError) as error:
        services.party_add(
            actor=secretariat,
            agreement=signatures_ury_chl,
            country=brazil,
            start=datetime.date(2023, 1, 1),
        )
    assert "already a party" in " ".join(error.value.messages)
    assert signatures_ury_chl.parties.filter(country=brazil).count() == 1


def test_a_party_that_left_may_join_again_after_leaving(
    secretariat: User, signatures_ury_chl: Agreement, brazil: Country
) -> None:
    party = services.party_add(
        actor=secretariat,
        agreement=signatures_ury_chl,
        country=brazil,
        start=datetime.date(2022, 4, 1),
    )
    services.party_remove(
        actor=secretariat, party=party, end=datetime.date(2022, 12, 31), reason="Withdrew."
    )
    with pytest.raises(ValidationError):  # overlapping the first period
        services.party_add(
            actor=secretariat,
            agreement=signatures_ury_chl,
            country=brazil,
            start=datetime.date(2022, 6, 1),
        )
    services.party_add(
        actor=secretariat,
        agreement=signatures_ury_chl,
        country=brazil,
        start=datetime.date(2023, 2, 1),
    )
    assert signatures_ury_chl.parties.filter(country=brazil).count() == 2


def test_removing_a_party_keeps_two_and_needs_a_reason(
    secretariat: User, signatures_ury_chl: Agreement, english: None
) -> None:
    party = signatures_ury_chl.parties.first()
    with pytest.raises(ValidationError) as error:
        services.party_remove(actor=secretariat, party=party, end=DAY, reason="")
    assert "end_reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.party_remove(actor=secretariat, party=party, end=DAY, reason="Left.")
    assert "at least two parties" in error.value.message_dict["country"][0]
    party.refresh_from_db()
    assert party.end is None


def test_a_party_cannot_leave_before_it_joined(
    secretariat: User, signatures_ury_chl: Agreement, brazil: Country
) -> None:
    party = services.party_add(
        actor=secretariat,
        agreement=signatures_ury_chl,
        country=brazil,
        start=datetime.date(2022, 4, 1),
    )
    with pytest.raises(ValidationError):
        services.party_remove(
            actor=secretariat, party=party, end=datetime.date(2022, 1, 1), reason="Left."
        )
    party.refresh_from_db()
    assert party.end is None


def test_a_party_member_edits_the_text_but_not_the_status(
    member_ury: User, member_bra: User, signatures_ury_chl: Agreement
) -> None:
    services.agreement_update(
        actor=member_ury, agreement=signatures_ury_chl, data={"summary_en": "Better summary."}
    )
    signatures_ury_chl.refresh_from_db()
    assert signatures_ury_chl.summary_en == "Better summary."
    with pytest.raises(PermissionDenied):
        services.agreement_update(
            actor=member_bra, agreement=signatures_ury_chl, data={"summary_en": "No."}
        )
    with pytest.raises(PermissionDenied):
        services.agreement_transition(
            actor=member_ury,
            agreement=signatures_ury_chl,
            to_status="ended",
            date=datetime.date(2023, 1, 1),
        )


def test_a_field_outside_the_texts_is_refused(
    secretariat: User, signatures_ury_chl: Agreement
) -> None:
    with pytest.raises(ValidationError) as error:
        services.agreement_update(
            actor=secretariat, agreement=signatures_ury_chl, data={"status": "ended"}
        )
    assert "status" in error.value.message_dict


def test_documents_are_checked_like_evidence(
    member_ury: User, signatures_ury_chl: Agreement
) -> None:
    text = SimpleUploadedFile("agreement.txt", b"The text of the agreement.\n")
    document = services.document_add(
        actor=member_ury, agreement=signatures_ury_chl, title="Text", file=text
    )
    assert document.file.read() == b"The text of the agreement.\n"
    fake = SimpleUploadedFile("agreement.pdf", b"not a pdf at all")
    with pytest.raises(ValidationError) as error:
        services.document_add(
            actor=member_ury, agreement=signatures_ury_chl, title="Fake", file=fake
        )
    assert "file" in error.value.message_dict
    assert AgreementDocument.objects.count() == 1


def test_transitions_are_attributed(secretariat: User, signatures_ury_chl: Agreement) -> None:
    assert set(Transition.objects.values_list("actor", flat=True)) == {secretariat.pk}
