"""Participation services: registration and verification, phases, contributing to each kind
of question, rate limits, reports and moderation, leaving, the summary and its open data."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gealc.notifications.models import Notification
from gealc.participation import selectors, services
from gealc.participation.models import (
    Consultation,
    Contribution,
    Stakeholder,
    StakeholderOrganisation,
    Verification,
)
from tests.participation.conftest import confirmed_user, option_ids, question, register


def _answer(user: User, consultation: Consultation, kind: str, **answer: object) -> Contribution:
    return services.contribution_submit(
        actor=user, question=question(consultation, kind), language="es", **answer
    ).instance


# Registration and verification ------------------------------------------------------------


def test_a_newcomer_is_pending_and_cannot_contribute(
    pending: User, consultation: Consultation
) -> None:
    assert pending.stakeholder.verification == Verification.PENDING
    assert pending.stakeholder.organisation.verification == Verification.PENDING
    with pytest.raises(PermissionDenied):
        _answer(pending, consultation, "text", text="Hola")
    assert not Contribution.objects.exists()


def test_verifying_a_person_verifies_their_new_organisation(
    pending: User, secretariat: User
) -> None:
    services.stakeholder_verify(actor=secretariat, stakeholder=pending.stakeholder)
    pending.stakeholder.refresh_from_db()
    assert pending.stakeholder.is_verified
    assert pending.stakeholder.organisation.is_verified
    assert Notification.objects.filter(recipient=pending, kind="stakeholder_verification").exists()


def test_a_rejection_needs_a_reason_and_only_the_secretariat_reviews(
    pending: User, secretariat: User, verified: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.stakeholder_reject(actor=secretariat, stakeholder=pending.stakeholder, reason=" ")
    assert "rejection_reason" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.stakeholder_verify(actor=verified, stakeholder=pending.stakeholder)
    services.stakeholder_reject(
        actor=secretariat, stakeholder=pending.stakeholder, reason="Not an organisation"
    )
    assert Stakeholder.objects.get(user=pending).rejection_reason == "Not an organisation"


def test_a_rejected_organisation_cannot_be_chosen(
    make_user: Callable[..., User], secretariat: User, pending: User, uruguay: object
) -> None:
    organisation = pending.stakeholder.organisation
    services.organisation_reject(actor=secretariat, organisation=organisation, reason="Unknown")
    newcomer = confirmed_user(make_user, "newcomer")
    with pytest.raises(ValidationError) as refused:
        register(newcomer, uruguay, name="New", organisation=organisation)  # type: ignore[arg-type]
    assert "organisation" in refused.value.message_dict
    assert not Stakeholder.objects.filter(user=newcomer).exists()


def test_an_unconfirmed_address_cannot_contribute(
    make_user: Callable[..., User],
    secretariat: User,
    uruguay: object,
    org_ury: object,
    consultation: Consultation,
) -> None:
    user = make_user("unconfirmed")
    person = register(user, uruguay, name="Unconfirmed", organisation=org_ury)  # type: ignore[arg-type]
    services.stakeholder_verify(actor=secretariat, stakeholder=person)
    with pytest.raises(PermissionDenied):
        _answer(user, consultation, "text", text="Hola")


def test_registering_twice_or_as_the_network_is_refused(verified: User, uruguay: object) -> None:
    with pytest.raises(ValidationError):
        register(verified, uruguay, name="Again", new_organisation="Other")  # type: ignore[arg-type]


# Phases -----------------------------------------------------------------------------------


def test_phases_move_in_order(secretariat: User, consultation: Consultation) -> None:
    with pytest.raises(ValidationError):
        services.consultation_open(actor=secretariat, consultation=consultation)
    with pytest.raises(ValidationError):
        services.consultation_publish_summary(
            actor=secretariat, consultation=consultation, data={"synthesis_en": "Early"}
        )
    services.consultation_close(actor=secretariat, consultation=consultation)
    assert consultation.closes_at <= timezone.now()
    with pytest.raises(ValidationError) as refused:
        services.consultation_publish_summary(actor=secretariat, consultation=consultation, data={})
    assert "synthesis" in refused.value.message_dict
    services.consultation_publish_summary(
        actor=secretariat, consultation=consultation, data={"synthesis_en": "We heard you."}
    )
    consultation.refresh_from_db()
    assert consultation.has_summary
    assert consultation.summary_published_at is not None


def test_a_draft_is_hidden_from_the_public(secretariat: User, public: object) -> None:
    now = timezone.now()
    draft = services.consultation_create(
        actor=secretariat,
        data={
            "title_en": "Draft (test)",
            "opens_at": now,
            "closes_at": now + datetime.timedelta(days=1),
        },
        subject=Consultation.Subject.TOPIC,
    )
    assert draft not in selectors.consultations_visible(public)  # type: ignore[arg-type]
    assert draft in selectors.consultations_visible(secretariat)


def test_a_subject_must_be_linked(secretariat: User) -> None:
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        services.consultation_create(
            actor=secretariat,
            data={
                "title_en": "Plan (test)",
                "opens_at": now,
                "closes_at": now + datetime.timedelta(days=1),
            },
            subject=Consultation.Subject.WORK_PLAN,
        )
    assert "work_plan" in refused.value.message_dict
    assert not Consultation.objects.exists()


def test_opening_tells_the_followers(secretariat: User, verified: User, pending: User) -> None:
    now = timezone.now()
    item = services.consultation_create(
        actor=secretariat,
        data={
            "title_en": "Followed (test)",
            "opens_at": now,
            "closes_at": now + datetime.timedelta(days=1),
        },
        subject=Consultation.Subject.TOPIC,
        questions=[services.QuestionInput(kind="text", text={"text_en": "Why?"})],
    )
    services.consultation_announce(actor=secretariat, consultation=item)
    services.consultation_follow(actor=pending, consultation=item, follow=True)
    services.consultation_open(actor=secretariat, consultation=item)
    assert Notification.objects.filter(recipient=pending, kind="consultation_opened").exists()
    assert not Notification.objects.filter(recipient=verified, kind="consultation_opened").exists()


# Contributing -----------------------------------------------------------------------------


def test_every_kind_of_question_is_answered(verified: User, consultation: Consultation) -> None:
    single, multiple, ranking = (
        option_ids(question(consultation, k)) for k in ("single", "multiple", "ranking")
    )
    _answer(verified, consultation, "text", text="More identity")
    _answer(verified, consultation, "single", choices=[single[1]])
    _answer(verified, consultation, "multiple", choices=multiple[:2], text="Both")
    _answer(verified, consultation, "scale", scale=4)
    _answer(verified, consultation, "ranking", choices=list(reversed(ranking)))
    assert Contribution.objects.filter(author__user=verified).count() == 5
    stored = Contribution.objects.get(question__kind="ranking")
    assert stored.chosen_labels == ["Speed", "Reach", "Trust"]


@pytest.mark.parametrize(
    ("kind", "answer", "field"),
    [
        ("text", {"text": "  "}, "text"),
        ("single", {"choices": []}, "choices"),
        ("single", {"choices": [999999]}, "choices"),
        ("multiple", {"choices": []}, "choices"),
        ("scale", {}, "scale"),
        ("scale", {"scale": 9}, "scale"),
        ("ranking", {"choices": []}, "choices"),
        ("text", {"text": "x", "scale": 3}, "scale"),
    ],
)
def test_an_answer_that_does_not_fit_is_refused_by_field(
    verified: User, consultation: Consultation, kind: str, answer: dict, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _answer(verified, consultation, kind, **answer)
    assert field in refused.value.message_dict
    assert not Contribution.objects.exists()


def test_answering_twice_edits_the_one_answer(verified: User, consultation: Consultation) -> None:
    first = _answer(verified, consultation, "text", text="First")
    second = _answer(verified, consultation, "text", text="Second")
    assert first.pk == second.pk
    assert Contribution.objects.get().text == "Second"


def test_nothing_is_accepted_once_closed(
    verified: User, closed_consultation: Consultation, english: None
) -> None:
    with pytest.raises(ValidationError) as refused:
        _answer(verified, closed_consultation, "text", text="Late")
    assert "not open" in str(refused.value)
    assert not Contribution.objects.exists()


def test_nothing_is_accepted_past_the_closing_time(
    verified: User, consultation: Consultation
) -> None:
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1),
        opens_at=timezone.now() - datetime.timedelta(days=1),
    )
    consultation.refresh_from_db()
    with pytest.raises(ValidationError):
        _answer(verified, consultation, "text", text="Late")


def test_markup_is_sanitised(verified: User, consultation: Consultation) -> None:
    text = '<script>alert(1)</script><b onclick="x()">bold</b> <a href="javascript:x">j</a>'
    saved = _answer(verified, consultation, "text", text=text)
    assert "<script" not in saved.text
    assert "onclick" not in saved.text
    assert "javascript" not in saved.text
    assert "<b>bold</b>" in saved.text


def test_flooding_is_refused_past_the_rate(
    settings: object, verified: User, consultation: Consultation
) -> None:
    settings.GEALC_PARTICIPATION_RATES = {"contribute": (2, 3600)}  # type: ignore[attr-defined]
    _answer(verified, consultation, "text", text="One")
    _answer(verified, consultation, "text", text="Two")
    with pytest.raises(services.RateLimited):
        _answer(verified, consultation, "text", text="Three")
    assert Contribution.objects.get().text == "Two"


def test_members_answer_in_the_thread_and_stakeholders_do_not(
    verified: User,
    other_verified: User,
    member_ury: User,
    consultation: Consultation,
    english: None,
) -> None:
    answer = _answer(verified, consultation, "text", text="Idea")
    reply = services.contribution_reply(
        actor=member_ury, parent=answer, language="es", text="Gracias"
    )
    assert reply.author.get_sector_display() == "Member of the network"
    assert reply.author.country.iso3 == "URY"
    with pytest.raises(PermissionDenied):
        services.contribution_reply(
            actor=other_verified, parent=answer, language="es", text="Me too"
        )


# Reports and moderation -------------------------------------------------------------------


def test_reports_from_different_people_hide_it_pending_review(
    settings: object,
    verified: User,
    other_verified: User,
    pending: User,
    consultation: Consultation,
) -> None:
    settings.GEALC_PARTICIPATION_REPORTS_TO_HIDE = 2  # type: ignore[attr-defined]
    answer = _answer(verified, consultation, "text", text="Spam spam")
    services.contribution_report(actor=other_verified, contribution=answer, reason="spam")
    with pytest.raises(ValidationError):
        services.contribution_report(actor=other_verified, contribution=answer, reason="spam")
    with pytest.raises(ValidationError):
        services.contribution_report(actor=verified, contribution=answer, reason="spam")
    answer.refresh_from_db()
    assert answer.is_visible
    services.contribution_report(actor=pending, contribution=answer, reason="offensive")
    answer.refresh_from_db()
    assert answer.is_hidden
    assert answer.under_review
    assert Notification.objects.filter(recipient=verified, kind="contribution_moderated").exists()
    assert answer not in selectors.public_contributions()


def test_the_secretariat_hides_and_restores_with_a_reason(
    secretariat: User, verified: User, other_verified: User, consultation: Consultation
) -> None:
    answer = _answer(verified, consultation, "text", text="Borderline")
    with pytest.raises(PermissionDenied):
        services.contribution_hide(actor=other_verified, contribution=answer, reason="No")
    with pytest.raises(ValidationError):
        services.contribution_hide(actor=secretariat, contribution=answer, reason="")
    services.contribution_hide(actor=secretariat, contribution=answer, reason="Personal data")
    assert Contribution.objects.get().is_hidden
    with pytest.raises(ValidationError):
        _answer(verified, consultation, "text", text="Changed after hiding")
    services.contribution_restore(actor=secretariat, contribution=answer, reason="Fixed")
    restored = Contribution.objects.get()
    assert restored.is_visible
    assert restored.moderation_reason == "Fixed"
    assert (
        Notification.objects.filter(recipient=verified, kind="contribution_moderated").count() == 2
    )


def test_the_author_reads_the_reason_as_stored(
    secretariat: User, verified: User, consultation: Consultation, english: None
) -> None:
    answer = _answer(verified, consultation, "text", text="Borderline")
    with pytest.raises(ValidationError) as refused:
        services.contribution_hide(actor=secretariat, contribution=answer, reason="<i> </i>")
    assert refused.value.message_dict == {"reason": ["Say why."]}
    services.contribution_hide(
        actor=secretariat, contribution=answer, reason="<b>Personal</b> data &amp; phone"
    )
    assert Contribution.objects.get().moderation_reason == "Personal data & phone"
    told = Notification.objects.get(recipient=verified, kind="contribution_moderated")
    assert told.body.endswith(": Personal data & phone")  # in the author's language


def test_reports_are_rate_limited(
    settings: object, verified: User, other_verified: User, consultation: Consultation
) -> None:
    settings.GEALC_PARTICIPATION_RATES = {"report": (1, 3600)}  # type: ignore[attr-defined]
    first = _answer(verified, consultation, "text", text="One")
    second = _answer(verified, consultation, "scale", scale=2)
    services.contribution_report(actor=other_verified, contribution=first, reason="spam")
    with pytest.raises(services.RateLimited):
        services.contribution_report(actor=other_verified, contribution=second, reason="spam")
    assert second.reports.count() == 0


# Leaving ----------------------------------------------------------------------------------


def test_leaving_erases_personal_data_and_keeps_contributions(
    verified: User, consultation: Consultation, english: None
) -> None:
    answer = _answer(verified, consultation, "text", text="Keep me")
    services.consultation_follow(actor=verified, consultation=consultation, follow=True)
    services.stakeholder_leave(actor=verified)
    verified.refresh_from_db()
    person = Stakeholder.objects.get(pk=answer.author_id)
    assert person.user is None
    assert person.display_name == ""
    assert person.has_left
    assert str(person.public_name) == "A former participant"
    assert not verified.is_active
    assert verified.email == ""
    assert "ana" not in verified.username
    assert not verified.has_usable_password()
    assert not verified.emailaddress_set.exists()
    assert not consultation.follows.exists()
    assert not person.history.exclude(display_name="").exists()
    assert Contribution.objects.get().text == "Keep me"


def test_a_member_who_leaves_keeps_the_public_record_of_their_office(
    member_ury: User, consultation: Consultation
) -> None:
    """The directory keeps the person's name and appointments (a public office is public
    record); their account is unlinked and the contact data they gave are erased."""
    answer = _answer(member_ury, consultation, "text", text="As a delegate")
    person = member_ury.person
    services.stakeholder_leave(actor=member_ury)
    person.refresh_from_db()
    assert person.user is None
    assert (person.email, person.phone, person.biography) == ("", "", "")
    assert not person.public_profile
    assert person.full_name == "Daniela Delegada"
    assert person.appointments.filter(role="delegate").exists()
    history = person.history.all()
    assert history.exists()
    assert not history.exclude(email="").exists()
    assert not history.exclude(phone="").exists()
    assert not history.filter(user__isnull=False).exists()
    author = Stakeholder.objects.get(pk=answer.author_id)
    assert author.has_left
    assert author.display_name == ""
    member_ury.refresh_from_db()
    assert not member_ury.is_active


# Summary and open data --------------------------------------------------------------------


def test_the_summary_counts_and_adds_up_closed_questions(
    secretariat: User,
    verified: User,
    other_verified: User,
    consultation: Consultation,
    english: None,
) -> None:
    single = option_ids(question(consultation, "single"))
    ranking = option_ids(question(consultation, "ranking"))
    _answer(verified, consultation, "single", choices=[single[0]])
    _answer(other_verified, consultation, "single", choices=[single[0]])
    _answer(verified, consultation, "ranking", choices=ranking)
    services.contribution_submit(
        actor=other_verified, question=question(consultation, "scale"), language="pt", scale=5
    )
    summary = selectors.consultation_summary(consultation)
    assert summary.participants == 2
    assert summary.answers == 4
    assert dict(summary.by_sector) == {"Civil society": 1, "Academia": 1}
    assert dict(summary.by_country) == {"Uruguay": 1, "Brasil": 1}
    results = {result.question.kind: dict(result.rows) for result in summary.results}
    assert results["single"] == {"Identity": 2.0, "Signature": 0.0, "Wallet": 0.0}
    assert results["ranking"] == {"Trust": 2.0, "Reach": 1.0, "Speed": 0.0}
    assert results["scale"]["5"] == 1.0


def test_open_data_carries_no_personal_data(
    secretariat: User, verified: User, consultation: Consultation
) -> None:
    _answer(verified, consultation, "text", text="=HYPERLINK(1) <i>mine</i>")
    services.stakeholder_leave(actor=verified)
    rows = selectors.export_rows(consultation)
    assert len(rows) == 1
    row = rows[0]
    assert row["organisation"] == ""
    assert row["country"] == "URY"
    assert row["sector"] == "civil_society"
    assert "Ana" not in str(row)
    assert "ana@" not in str(row)
    assert row["text"] == "=HYPERLINK(1) mine"
    from gealc.participation.exports import contributions_csv

    assert b"'=HYPERLINK" in contributions_csv(rows)


def test_hidden_contributions_are_left_out_of_the_data(
    secretariat: User, verified: User, consultation: Consultation
) -> None:
    answer = _answer(verified, consultation, "text", text="Hidden")
    services.contribution_hide(actor=secretariat, contribution=answer, reason="Spam")
    assert selectors.export_rows(consultation) == []
    assert selectors.consultation_summary(consultation).answers == 0


def test_organisations_have_unique_names_per_country(
    make_user: Callable[..., User], uruguay: object, org_ury: StakeholderOrganisation
) -> None:
    user = confirmed_user(make_user, "copycat")
    with pytest.raises(ValidationError):
        register(user, uruguay, name="Copy", new_organisation=org_ury.name)  # type: ignore[arg-type]
    assert StakeholderOrganisation.objects.count() == 1
