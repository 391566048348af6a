"""Reads of consultations, contributions and their summaries, for the pages and the API.

What the public reads is decided here once: consultations past their draft, and
contributions that are not hidden. A hidden contribution is shown to the secretariat and to
its author only. Summaries and exports carry no personal data: no names, accounts or
addresses; a contribution is described by its sector, country and language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gealc.core.types import AnyUser
from gealc.participation.models import (
    Consultation,
    Contribution,
    Question,
    Sector,
    Stakeholder,
    StakeholderOrganisation,
    Verification,
)
from gealc.participation.sanitise import plain_text

SCALE_POINTS = (1, 2, 3, 4, 5)


def consultations_visible(user: AnyUser) -> QuerySet[Consultation]:
    consultations = Consultation.objects.all()
    if not user.has_perm("participation.manage_consultation"):
        consultations = consultations.exclude(phase=Consultation.Phase.DRAFT)
    return consultations


def consultations_by_phase(user: AnyUser) -> list[tuple[str, list[Consultation]]]:
    """The consultations this user sees, grouped under their phase's label in the phases'
    order; a phase with none is left out."""
    consultations = list(consultations_visible(user))
    grouped = [
        (label, [c for c in consultations if c.phase == value])
        for value, label in Consultation.Phase.choices
    ]
    return [(label, items) for label, items in grouped if items]


def consultation_get(slug: str, user: AnyUser) -> Consultation:
    consultation = consultations_visible(user).filter(slug=slug).first()
    if consultation is None:
        raise Http404(_("There is no consultation at this address."))
    return consultation


def questions_of(consultation: Consultation) -> QuerySet[Question]:
    return consultation.questions.prefetch_related("options").select_related(
        "dimension", "indicator"
    )


def _shown(user: AnyUser) -> Q:
    """Contributions a user is shown: the visible ones, their own, or every one for the
    secretariat."""
    if user.has_perm("participation.moderate"):
        return Q()
    if user.is_authenticated:
        return Q(is_hidden=False) | Q(author__user=user)
    return Q(is_hidden=False)


def contributions_shown(user: AnyUser, consultation: Consultation) -> QuerySet[Contribution]:
    """Answers (not replies) to the consultation's questions that the user is shown, each
    with its shown replies."""
    replies = Contribution.objects.filter(_shown(user)).select_related(
        "author__organisation", "author__country"
    )
    return (
        Contribution.objects.filter(
            _shown(user), question__consultation=consultation, parent__isnull=True
        )
        .select_related("author__organisation", "author__country", "question")
        .prefetch_related(Prefetch("replies", queryset=replies), "question__options")
        .order_by("question__order", "created_at", "pk")
    )


def contribution_get(pk: int, user: AnyUser) -> Contribution:
    """A contribution the user may see; a hidden one is no page for the public."""
    contribution = (
        Contribution.objects.filter(pk=pk, question__consultation__in=consultations_visible(user))
        .filter(_shown(user))
        .select_related("question__consultation", "author__organisation", "author__country")
        .first()
    )
    if contribution is None:
        raise Http404(_("There is no contribution to show here."))
    return contribution


def public_contributions(consultation: Consultation | None = None) -> QuerySet[Contribution]:
    """Every visible contribution of public consultations (the API's public list)."""
    items = Contribution.objects.filter(is_hidden=False).exclude(
        question__consultation__phase=Consultation.Phase.DRAFT
    )
    if consultation is not None:
        items = items.filter(question__consultation=consultation)
    return items.select_related(
        "author__organisation", "author__country", "question__consultation"
    ).order_by("pk")


def own_answers(user: AnyUser, consultation: Consultation) -> dict[int, Contribution]:
    """The user's answer to each question of the consultation, by question id."""
    if not user.is_authenticated:
        return {}
    answers = Contribution.objects.filter(
        author__user=user, question__consultation=consultation, parent__isnull=True
    )
    return {answer.question_id: answer for answer in answers}


def follows(user: AnyUser, consultation: Consultation) -> bool:
    return bool(user.is_authenticated) and consultation.follows.filter(user=user).exists()


def stakeholder_of(user: AnyUser) -> Stakeholder | None:
    if not user.is_authenticated:
        return None
    return Stakeholder.objects.filter(user=user).select_related("organisation").first()


def organisations_choosable() -> QuerySet[StakeholderOrganisation]:
    """Organisations a newcomer may say they belong to (not rejected ones)."""
    return StakeholderOrganisation.objects.exclude(
        verification=Verification.REJECTED
    ).select_related("country")


def organisation_page(pk: int) -> tuple[StakeholderOrganisation, QuerySet[Stakeholder]]:
    """A verified organisation's public page: itself and its verified people who stay."""
    organisation = StakeholderOrganisation.objects.filter(
        pk=pk, verification=Verification.VERIFIED
    ).first()
    if organisation is None:
        raise Http404(_("There is no verified organisation at this address."))
    people = organisation.stakeholders.filter(
        verification=Verification.VERIFIED, left_at__isnull=True
    )
    return organisation, people


def stakeholder_public(pk: int) -> tuple[Stakeholder, QuerySet[Contribution]]:
    """A verified person's public profile (who stays) and their visible answers."""
    person = (
        Stakeholder.objects.filter(pk=pk, verification=Verification.VERIFIED, left_at__isnull=True)
        .exclude(sector=Sector.NETWORK)
        .select_related("organisation", "country")
        .first()
    )
    if person is None:
        raise Http404(_("There is no such participant."))
    answers = public_contributions().filter(author=person, parent__isnull=True)
    return person, answers.prefetch_related("question__options")


def stakeholders_pending() -> QuerySet[Stakeholder]:
    return Stakeholder.objects.filter(
        verification=Verification.PENDING, left_at__isnull=True
    ).select_related("organisation", "country", "user")


def organisations_pending() -> QuerySet[StakeholderOrganisation]:
    return StakeholderOrganisation.objects.filter(verification=Verification.PENDING).select_related(
        "country"
    )


def contributions_to_review() -> QuerySet[Contribution]:
    """Contributions reported and not yet reviewed, and those hidden pending review."""
    return (
        Contribution.objects.filter(
            Q(under_review=True) | Q(reports__reviewed_at__isnull=True, reports__isnull=False)
        )
        .annotate(open_reports=Count("reports", filter=Q(reports__reviewed_at__isnull=True)))
        .select_related("question__consultation", "author")
        .distinct()
        .order_by("-under_review", "pk")
    )


# Summary ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    """What the answers to one closed question add up to: (label, value) pairs, and what
    the value is (a count of people, or Borda points for a ranking)."""

    question: Question
    rows: list[tuple[str, float]]
    answers: int


@dataclass
class Summary:
    consultation: Consultation
    answers: int = 0
    participants: int = 0
    by_sector: list[tuple[str, int]] = field(default_factory=list)
    by_country: list[tuple[str, int]] = field(default_factory=list)
    by_language: list[tuple[str, int]] = field(default_factory=list)
    results: list[QuestionResult] = field(default_factory=list)


def _counted(labels: Sequence[str]) -> list[tuple[str, int]]:
    return sorted(Counter(labels).items(), key=lambda pair: (-pair[1], pair[0]))


def consultation_summary(consultation: Consultation) -> Summary:
    """Counts by sector, country and language of the visible answers, and the results of
    every closed question."""
    answers = list(
        Contribution.objects.filter(
            question__consultation=consultation, parent__isnull=True, is_hidden=False
        ).select_related("author__country")
    )
    people = {answer.author_id: answer.author for answer in answers}
    languages = dict(Contribution._meta.get_field("language").choices)
    summary = Summary(
        consultation=consultation,
        answers=len(answers),
        participants=len(people),
        by_sector=_counted([str(Sector(p.sector).label) for p in people.values()]),
        by_country=_counted(
            [p.country.name if p.country else _("No country") for p in people.values()]
        ),
        by_language=_counted([str(languages.get(a.language, a.language)) for a in answers]),
    )
    by_question: dict[int, list[Contribution]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    for question in questions_of(consultation):
        if question.is_closed_question:
            given = by_question.get(question.pk, [])
            summary.results.append(
                QuestionResult(question, _result_rows(question, given), len(given))
            )
    return summary


def _result_rows(question: Question, answers: Sequence[Contribution]) -> list[tuple[str, float]]:
    if question.kind == Question.Kind.SCALE:
        counts = Counter(answer.scale for answer in answers)
        return [(str(point), float(counts.get(point, 0))) for point in SCALE_POINTS]
    options = list(question.options.all())
    points: Counter[int] = Counter()
    for answer in answers:
        if question.kind == Question.Kind.RANKING:
            # Borda: first of n options gets n - 1 points, the last none.
            for position, option in enumerate(answer.choices):
                points[option] += len(answer.choices) - 1 - position
        else:
            points.update(answer.choices)
    return [(option.label, float(points.get(option.pk, 0))) for option in options]


# Exports ------------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "consultation",
    "question",
    "question_kind",
    "contribution",
    "in_reply_to",
    "date",
    "language",
    "sector",
    "country",
    "organisation",
    "text",
    "options",
    "rating",
)


def export_rows(consultation: Consultation) -> list[dict[str, Any]]:
    """The visible contributions as open data, without personal data: no names, no accounts;
    a former participant's organisation is left out too, as it could name them."""
    items = (
        Contribution.objects.filter(question__consultation=consultation, is_hidden=False)
        .filter(Q(parent__isnull=True) | Q(parent__is_hidden=False))
        .select_related("question", "author__organisation", "author__country")
        .prefetch_related("question__options")
        .order_by("question__order", "pk")
    )
    return [_export_row(consultation, item) for item in items]


def _export_row(consultation: Consultation, item: Contribution) -> dict[str, Any]:
    author = item.author
    labels = {option.pk: option.label for option in item.question.options.all()}
    organisation = author.organisation.name if author.organisation and not author.has_left else ""
    return {
        "consultation": consultation.slug,
        "question": item.question.order,
        "question_kind": item.question.kind,
        "contribution": item.pk,
        "in_reply_to": item.parent_id,
        "date": item.created_at.date().isoformat(),
        "language": item.language,
        "sector": author.sector,
        "country": author.country.iso3 if author.country else "",
        "organisation": organisation,
        "text": plain_text(item.text),
        "options": " | ".join(labels.get(choice, "") for choice in item.choices),
        "rating": item.scale,
    }
