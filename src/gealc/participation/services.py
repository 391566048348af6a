"""Every change to stakeholders, consultations and contributions goes through these functions.

Each one checks the actor's permission (``PermissionDenied``), validates the whole object and
the database constraints (``ValidationError`` naming the field) and runs in one transaction,
so a refused call changes nothing. Contributing and reporting are rate-limited per person
(:class:`RateLimited`); texts are sanitised (``sanitise.clean_html``) before they are stored.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext as _

from gealc.core.records import unique_slug
from gealc.core.results import Saved
from gealc.core.services import apply_changes, authorise, save_validated, translated_fields
from gealc.core.types import AnyUser
from gealc.measurement.models import Dimension, FrameworkVersion, Indicator
from gealc.network import selectors as network_selectors
from gealc.network import services as network_services
from gealc.network.models import Country, Person
from gealc.participation import notifications
from gealc.participation.models import (
    Consultation,
    Contribution,
    Follow,
    Option,
    Question,
    Report,
    Sector,
    Stakeholder,
    StakeholderOrganisation,
    Verification,
)
from gealc.participation.sanitise import clean_html, plain_text

CONSULTATION_FIELDS = translated_fields("title", "description") | {
    "opens_at",
    "closes_at",
    "time_zone",
    "languages",
}
SUMMARY_FIELDS = translated_fields("synthesis", "response")
QUESTION_FIELDS = translated_fields("text", "help_text")
LABEL_FIELDS = translated_fields("label")
# (how many, in how many seconds) per person; settings may change them.
DEFAULT_RATES = {"contribute": (20, 3600), "report": (10, 3600)}
DEFAULT_REPORTS_TO_HIDE = 3


class RateLimited(Exception):
    """Too many contributions or reports in a short time; ``wait`` seconds until the next."""

    def __init__(self, wait: int) -> None:
        super().__init__(_("Too many at once: try again in a few minutes."))
        self.wait = wait


def _take_rate(actor: AnyUser, action: str) -> None:
    """Count one ``action`` of the actor in the current window; refuse past the limit.

    One counter per person, action and window, incremented atomically in the cache (shared
    between servers in production), as the public read throttle does.
    """
    rates = {**DEFAULT_RATES, **getattr(settings, "GEALC_PARTICIPATION_RATES", {})}
    limit, seconds = rates[action]
    now = int(timezone.now().timestamp())
    window = now // seconds
    key = f"participation-rate:{action}:{actor.pk}:{window}"
    cache.add(key, 0, seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds + 1)
        count = 1
    if count > limit:
        raise RateLimited(wait=(window + 1) * seconds - now)


# Stakeholders ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewOrganisation:
    name: str
    website: str = ""


@transaction.atomic
def stakeholder_register(
    *,
    actor: AnyUser,
    display_name: str,
    sector: str,
    country: Country,
    languages: Sequence[str] = (),
    organisation: StakeholderOrganisation | None = None,
    new_organisation: NewOrganisation | None = None,
    is_demo: bool = False,
) -> Stakeholder:
    """The signed-in actor's stakeholder profile, pending the secretariat's verification; with
    an existing organisation, or a new one (pending too)."""
    authorise(actor, "participation.register")
    if Stakeholder.objects.filter(user=actor).exists():
        raise ValidationError(_("You are already registered as a stakeholder."))
    if sector == Sector.NETWORK:
        raise ValidationError({"sector": _("Choose the sector of your organisation.")})
    if (organisation is None) == (new_organisation is None):
        raise ValidationError(
            {"organisation": _("Choose your organisation, or name a new one (one of the two).")}
        )
    if organisation is not None and organisation.is_rejected:
        raise ValidationError({"organisation": _("This organisation was not verified.")})
    if new_organisation is not None:
        organisation = save_validated(
            StakeholderOrganisation(
                name=new_organisation.name.strip(),
                website=new_organisation.website,
                sector=sector,
                country=country,
                is_demo=is_demo,
            ),
            actor,
        )
    stakeholder = Stakeholder(
        user=actor,
        display_name=display_name.strip(),
        organisation=organisation,
        sector=sector,
        country=country,
        languages=list(languages),
        is_demo=is_demo,
    )
    return save_validated(stakeholder, actor)


def _review(
    actor: AnyUser, item: Stakeholder | StakeholderOrganisation, verification: str, reason: str
) -> None:
    authorise(actor, "participation.verify_stakeholder", item)
    if verification == Verification.REJECTED and not reason.strip():
        raise ValidationError({"rejection_reason": _("Say why.")})
    item.verification = verification
    item.rejection_reason = reason.strip() if verification == Verification.REJECTED else ""
    if isinstance(item, StakeholderOrganisation):
        item.verified_at = timezone.now()
    save_validated(item, actor)


@transaction.atomic
def stakeholder_verify(*, actor: AnyUser, stakeholder: Stakeholder) -> Stakeholder:
    """Verify a person's registration; a new organisation they named is verified with them."""
    if stakeholder.has_left:
        raise ValidationError(_("This person has left."))
    organisation = stakeholder.organisation
    if organisation is not None and organisation.is_rejected:
        raise ValidationError(
            {"organisation": _("The organisation was rejected: the person cannot be verified.")}
        )
    if organisation is not None and not organisation.is_verified:
        _review(actor, organisation, Verification.VERIFIED, "")
    _review(actor, stakeholder, Verification.VERIFIED, "")
    notifications.stakeholder_reviewed(stakeholder)
    return stakeholder


@transaction.atomic
def stakeholder_reject(*, actor: AnyUser, stakeholder: Stakeholder, reason: str) -> Stakeholder:
    _review(actor, stakeholder, Verification.REJECTED, reason)
    notifications.stakeholder_reviewed(stakeholder)
    return stakeholder


@transaction.atomic
def organisation_verify(
    *, actor: AnyUser, organisation: StakeholderOrganisation
) -> StakeholderOrganisation:
    _review(actor, organisation, Verification.VERIFIED, "")
    return organisation


@transaction.atomic
def organisation_reject(
    *, actor: AnyUser, organisation: StakeholderOrganisation, reason: str
) -> StakeholderOrganisation:
    _review(actor, organisation, Verification.REJECTED, reason)
    return organisation


@transaction.atomic
def stakeholder_leave(*, actor: AnyUser) -> None:
    """The actor leaves: their personal data are erased (their name, languages, account
    name, e-mail addresses, password, follows, and the names kept in the change history);
    their contributions stay, attributed to "a former participant". An account linked to a
    directory person is unlinked from it (``network.services.person_forget``)."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("You are not allowed to do this."))
    user: User = actor  # type: ignore[assignment]
    stakeholder = Stakeholder.objects.filter(user=user).first()
    if stakeholder is not None:
        stakeholder.user = None
        stakeholder.display_name = ""
        stakeholder.languages = []
        stakeholder.left_at = timezone.now()
        save_validated(stakeholder, actor, exclude=["display_name"])
        Stakeholder.history.filter(id=stakeholder.pk).update(display_name="", languages=[])
    person = Person.objects.filter(user=user).first()
    if person is not None:
        network_services.person_forget(actor=actor, person=person)
    Follow.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    user.username = f"former-participant-{user.pk}"
    user.email = user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


def participant_of(actor: AnyUser) -> Stakeholder:
    """The actor's profile in consultations: their stakeholder registration, or for a member
    of the network one made for them (sector "member of the network") on first use."""
    existing = Stakeholder.objects.filter(user_id=actor.pk).select_related("organisation").first()
    if existing is not None:
        return existing
    person = getattr(actor, "person", None)
    name = person.full_name if person is not None else actor.get_username()
    country = network_selectors.countries_of_user(actor).first()
    stakeholder = Stakeholder(
        user=actor,
        display_name=name,
        sector=Sector.NETWORK,
        country=country,
        verification=Verification.VERIFIED,
    )
    return save_validated(stakeholder, actor)


# Consultations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    text: Mapping[str, str]  # text_es, text_en … and help_text_* for the explanation
    options: Sequence[Mapping[str, str]] = field(default_factory=tuple)  # label_es, label_en …
    dimension: Dimension | None = None
    indicator: Indicator | None = None
    pk: int | None = None  # in an update: the question it changes (None: a new one)


def _check_framework_draft(framework: FrameworkVersion | None) -> None:
    """People comment on a framework version while it is a draft: once a round uses it, it
    no longer changes, and a comment could change nothing."""
    if framework is not None and framework.is_frozen:
        message = _(
            "%(version)s is no longer a draft (a round uses it): a consultation is on a draft "
            "version."
        )
        raise ValidationError({"framework": message % {"version": framework}})


@transaction.atomic
def consultation_create(
    *,
    actor: AnyUser,
    data: Mapping[str, Any],
    subject: str,
    subject_object: Any = None,
    questions: Sequence[QuestionInput] = (),
    is_demo: bool = False,
) -> Consultation:
    """A draft consultation on a subject (with its questions): only the secretariat sees it
    until it is announced."""
    authorise(actor, "participation.manage_consultation")
    consultation = apply_changes(Consultation(), data, CONSULTATION_FIELDS)
    consultation.subject = subject
    links = {
        Consultation.Subject.FRAMEWORK: "framework",
        Consultation.Subject.WORK_PLAN: "work_plan",
        Consultation.Subject.COMMITMENT: "commitment",
        Consultation.Subject.PRACTICE: "practice",
    }
    if subject in links:
        setattr(consultation, links[subject], subject_object)
    consultation.is_demo = is_demo
    title = consultation.title_en or consultation.title_es or consultation.title or ""
    # ``contributions`` is a fixed word of the addresses a consultation's slug goes into.
    consultation.slug = unique_slug(Consultation, title, reserved={"contributions"})
    _check_framework_draft(consultation.framework)
    save_validated(consultation, actor)
    for question in questions:
        question_add(actor=actor, consultation=consultation, question=question)
    if consultation.framework is not None:
        framework_questions_add(actor=actor, consultation=consultation)
    return consultation


@transaction.atomic
def consultation_update(
    *,
    actor: AnyUser,
    consultation: Consultation,
    data: Mapping[str, Any],
    questions: Sequence[QuestionInput] | None = None,
) -> Consultation:
    """Change a consultation's texts, dates, time zone and languages, and (given
    ``questions``, in their new order) its questions: a question answered keeps its kind and
    its options (their wording may change) and stays; new ones come before the opening. Its
    subject stays what it was created on; a closed consultation no longer changes."""
    authorise(actor, "participation.manage_consultation", consultation)
    if consultation.is_closed or consultation.has_summary:
        raise ValidationError(_("A closed consultation no longer changes."))
    apply_changes(consultation, data, CONSULTATION_FIELDS)
    save_validated(consultation, actor)
    if questions is not None:
        _questions_replace(actor, consultation, questions)
    return consultation


def _questions_replace(
    actor: AnyUser, consultation: Consultation, questions: Sequence[QuestionInput]
) -> None:
    existing = {item.pk: item for item in consultation.questions.all()}
    kept = {question.pk for question in questions if question.pk is not None}
    unknown = kept - set(existing)
    if unknown:
        raise ValidationError({"questions": _("A question changed is not of this consultation.")})
    for item in existing.values():
        if item.pk not in kept:
            _question_remove(item)
    for order, question in enumerate(questions, start=1):
        if question.pk is None:
            item = question_add(actor=actor, consultation=consultation, question=question)
        else:
            item = _question_change(actor, existing[question.pk], question)
        Question.objects.filter(pk=item.pk).update(order=order)


def _answered(item: Question) -> bool:
    return item.contributions.exists()


def _question_remove(item: Question) -> None:
    if _answered(item):
        message = _("“%(question)s” has answers: it cannot be removed.")
        raise ValidationError({"questions": message % {"question": item.text}})
    item.options.all().delete()
    item.delete()


def _question_change(actor: AnyUser, item: Question, question: QuestionInput) -> Question:
    """Reword a question and its options; its kind and options change only unanswered."""
    apply_changes(item, question.text, QUESTION_FIELDS)
    options = list(item.options.all())
    same_shape = question.kind == item.kind and len(question.options) == len(options)
    if not same_shape and _answered(item):
        message = _(
            "“%(question)s” has answers: its wording and its options' wording may change, not "
            "its kind nor how many options it has."
        )
        raise ValidationError({"questions": message % {"question": item.text}})
    item.kind = question.kind
    _check_options(item, question.options)
    save_validated(item, actor)
    if same_shape:
        for option, labels in zip(options, question.options, strict=True):
            save_validated(apply_changes(option, labels, LABEL_FIELDS), actor)
    else:
        item.options.all().delete()
        _options_add(actor, item, question.options)
    return item


def _check_options(question: Question, options: Sequence[Mapping[str, str]]) -> None:
    if question.has_options and len(options) < 2:
        raise ValidationError({"options": _("Give at least two options.")})
    if not question.has_options and options:
        raise ValidationError({"options": _("Only a choice or a ranking has options.")})


@transaction.atomic
def question_add(
    *, actor: AnyUser, consultation: Consultation, question: QuestionInput
) -> Question:
    authorise(actor, "participation.manage_consultation", consultation)
    if consultation.phase not in (Consultation.Phase.DRAFT, Consultation.Phase.ANNOUNCED):
        raise ValidationError(_("Questions change only before the consultation opens."))
    item = apply_changes(Question(), question.text, QUESTION_FIELDS)
    item.consultation = consultation
    item.kind = question.kind
    item.dimension = question.dimension
    item.indicator = question.indicator
    item.is_demo = consultation.is_demo
    item.order = consultation.questions.count() + 1
    _check_options(item, question.options)
    save_validated(item, actor)
    _options_add(actor, item, question.options)
    return item


def _options_add(actor: AnyUser, item: Question, options: Sequence[Mapping[str, str]]) -> None:
    for order, labels in enumerate(options, start=1):
        option = Option(question=item, order=order)
        apply_changes(option, labels, LABEL_FIELDS)
        save_validated(option, actor)


@transaction.atomic
def framework_questions_add(*, actor: AnyUser, consultation: Consultation) -> list[Question]:
    """A comment question on every dimension and every indicator of the consultation's
    framework version, in each language of the site."""
    if consultation.framework is None:
        raise ValidationError(_("This consultation is not on a framework version."))
    framework = consultation.framework
    added = []
    for dimension in framework.dimensions.all():
        texts = _comment_texts(_("Comments on the dimension “%(name)s”"), dimension.name)
        question = QuestionInput(kind=Question.Kind.TEXT, text=texts, dimension=dimension)
        added.append(question_add(actor=actor, consultation=consultation, question=question))
    for indicator in framework.indicators.all():
        texts = _comment_texts(_("Comments on the indicator “%(name)s”"), indicator.name)
        question = QuestionInput(kind=Question.Kind.TEXT, text=texts, indicator=indicator)
        added.append(question_add(actor=actor, consultation=consultation, question=question))
    return added


def _comment_texts(template: str, name: str) -> dict[str, str]:
    texts = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            texts[f"text_{code}"] = gettext(str(template)) % {"name": name}
    return texts


def _move(
    actor: AnyUser, consultation: Consultation, source: str, target: str, message: str
) -> Consultation:
    authorise(actor, "participation.manage_consultation", consultation)
    if consultation.phase != source:
        raise ValidationError({"phase": message})
    consultation.phase = target
    return save_validated(consultation, actor)


@transaction.atomic
def consultation_announce(*, actor: AnyUser, consultation: Consultation) -> Consultation:
    """Make a draft public: people read it and follow it before it opens."""
    message = _("Only a draft can be announced.")
    source, target = Consultation.Phase.DRAFT, Consultation.Phase.ANNOUNCED
    return _move(actor, consultation, source, target, message)


@transaction.atomic
def consultation_open(
    *, actor: AnyUser, consultation: Consultation, now: datetime.datetime | None = None
) -> Consultation:
    """Open an announced consultation (it must have questions); its followers are told.
    ``now`` is when it happens (the demo records a past consultation)."""
    if not consultation.questions.exists():
        raise ValidationError({"questions": _("Add at least one question before opening.")})
    if consultation.closes_at <= (now or timezone.now()):
        raise ValidationError({"closes_at": _("The closing date has passed: change it first.")})
    message = _("Only an announced consultation can open.")
    _move(actor, consultation, Consultation.Phase.ANNOUNCED, Consultation.Phase.OPEN, message)
    notifications.consultation_opened(consultation)
    return consultation


@transaction.atomic
def consultation_close(
    *, actor: AnyUser, consultation: Consultation, now: datetime.datetime | None = None
) -> Consultation:
    """Close an open consultation now, or record that its closing time has passed."""
    now = now or timezone.now()
    if consultation.closes_at > now:
        consultation.closes_at = max(now, consultation.opens_at + datetime.timedelta(seconds=1))
    message = _("Only an open consultation can close.")
    return _move(actor, consultation, Consultation.Phase.OPEN, Consultation.Phase.CLOSED, message)


@transaction.atomic
def consultation_publish_summary(
    *,
    actor: AnyUser,
    consultation: Consultation,
    data: Mapping[str, Any],
    now: datetime.datetime | None = None,
) -> Consultation:
    """Publish the secretariat's synthesis and the network's response of a closed
    consultation; its followers and contributors are told."""
    authorise(actor, "participation.manage_consultation", consultation)
    if not consultation.is_closed:
        message = _("Only a closed consultation gets its summary published.")
        raise ValidationError({"phase": message})
    apply_changes(consultation, data, SUMMARY_FIELDS)
    codes = [code for code, _name in settings.LANGUAGES]
    if not any((getattr(consultation, f"synthesis_{code}") or "").strip() for code in codes):
        raise ValidationError({"synthesis": _("Write the synthesis before publishing.")})
    consultation.summary_published_at = now or timezone.now()
    consultation.phase = Consultation.Phase.SUMMARY_PUBLISHED
    save_validated(consultation, actor)
    contributors = User.objects.filter(
        stakeholder__contributions__question__consultation=consultation
    ).distinct()
    notifications.summary_published(consultation, contributors)
    return consultation


@transaction.atomic
def consultation_follow(*, actor: AnyUser, consultation: Consultation, follow: bool) -> None:
    """Follow (or stop following) a public consultation."""
    authorise(actor, "participation.follow_consultation", consultation)
    authorise(actor, "participation.view_consultation", consultation)
    if follow:
        Follow.objects.get_or_create(consultation=consultation, user=actor)
    else:
        Follow.objects.filter(consultation=consultation, user=actor).delete()


# Contributions --------------------------------------------------------------------------------


def _option_ids(question: Question) -> list[int]:
    return list(question.options.values_list("pk", flat=True))


def _check_answer(question: Question, text: str, choices: list[int], scale: int | None) -> None:
    """The answer fits the question's kind: refused with the field at fault otherwise."""
    kind, known = question.kind, _option_ids(question)
    if any(choice not in known for choice in choices) or len(set(choices)) != len(choices):
        raise ValidationError({"choices": _("Choose among the options of this question.")})
    if kind == Question.Kind.TEXT and not text:
        raise ValidationError({"text": _("Write your answer.")})
    if kind == Question.Kind.SINGLE and len(choices) != 1:
        raise ValidationError({"choices": _("Choose one option.")})
    if kind == Question.Kind.MULTIPLE and not choices:
        raise ValidationError({"choices": _("Choose at least one option.")})
    if kind == Question.Kind.RANKING and sorted(choices) != sorted(known):
        raise ValidationError({"choices": _("Rank every option, each once.")})
    if kind != Question.Kind.SCALE and scale is not None:
        raise ValidationError({"scale": _("Only a scale question takes a rating.")})
    if kind == Question.Kind.SCALE and scale is None:
        raise ValidationError({"scale": _("Give a rating from 1 to 5.")})
    if kind in (Question.Kind.TEXT, Question.Kind.SCALE) and choices:
        raise ValidationError({"choices": _("This question has no options.")})


def _check_open(consultation: Consultation, now: datetime.datetime | None) -> None:
    if not consultation.accepts_contributions_at(now or timezone.now()):
        raise ValidationError(_("This consultation is not open for contributions."))
    framework = consultation.framework
    if framework is not None and FrameworkVersion.objects.get(pk=framework.pk).is_frozen:
        message = _(
            "%(version)s is no longer a draft (a round uses it): this consultation takes no "
            "more contributions."
        )
        raise ValidationError(message % {"version": framework})


@transaction.atomic
def contribution_submit(
    *,
    actor: AnyUser,
    question: Question,
    language: str,
    text: str = "",
    choices: Sequence[int] = (),
    scale: int | None = None,
    now: datetime.datetime | None = None,
) -> Saved[Contribution]:
    """Answer a question, or change one's answer: once per person and question, until the
    consultation closes. ``created`` says whether it is the person's first answer."""
    consultation = question.consultation
    authorise(actor, "participation.contribute", consultation)
    _take_rate(actor, "contribute")
    _check_open(consultation, now)
    author = participant_of(actor)
    cleaned = clean_html(text)
    _check_answer(question, cleaned, list(choices), scale)
    contribution = Contribution.objects.filter(
        question=question, author=author, parent__isnull=True
    ).first()
    if contribution is None:
        contribution = Contribution(
            question=question, author=author, created_at=now or timezone.now()
        )
    elif contribution.is_hidden:
        raise ValidationError(_("Your answer is hidden by the moderators and cannot change."))
    contribution.language = language
    contribution.text = cleaned
    contribution.choices = list(choices)
    contribution.scale = scale
    contribution.updated_at = now or timezone.now()
    contribution.is_demo = consultation.is_demo
    created = contribution.pk is None
    return Saved(save_validated(contribution, actor), created)


@transaction.atomic
def contribution_reply(
    *,
    actor: AnyUser,
    parent: Contribution,
    language: str,
    text: str,
    now: datetime.datetime | None = None,
) -> Contribution:
    """A member of the network answers a contribution in its thread."""
    authorise(actor, "participation.reply", parent)
    _take_rate(actor, "contribute")
    _check_open(parent.question.consultation, now)
    if parent.is_reply or not parent.is_visible:
        raise ValidationError(_("Reply to a visible answer."))
    cleaned = clean_html(text)
    if not cleaned:
        raise ValidationError({"text": _("Write your reply.")})
    reply = Contribution(
        question=parent.question,
        parent=parent,
        author=participant_of(actor),
        language=language,
        text=cleaned,
        created_at=now or timezone.now(),
        updated_at=now or timezone.now(),
        is_demo=parent.is_demo,
    )
    return save_validated(reply, actor)


def reports_to_hide() -> int:
    return int(getattr(settings, "GEALC_PARTICIPATION_REPORTS_TO_HIDE", DEFAULT_REPORTS_TO_HIDE))


@transaction.atomic
def contribution_report(
    *, actor: AnyUser, contribution: Contribution, reason: str, note: str = ""
) -> Report:
    """Report a contribution with a reason; after enough reports from different people not
    yet reviewed, it is hidden pending the secretariat's review and its author is told."""
    authorise(actor, "participation.report_contribution", contribution)
    _take_rate(actor, "report")
    if not contribution.is_visible or not contribution.question.consultation.is_public:
        raise ValidationError(_("This contribution is not shown: there is nothing to report."))
    if contribution.author.user_id == actor.pk:
        raise ValidationError(_("You cannot report your own contribution."))
    if Report.objects.filter(contribution=contribution, reporter=actor).exists():
        raise ValidationError(_("You have already reported this contribution."))
    report = Report(
        contribution=contribution,
        reporter=actor,
        reason=reason,
        note=plain_text(note),
        is_demo=contribution.is_demo,
    )
    save_validated(report, actor)
    pending = contribution.reports.filter(reviewed_at__isnull=True)
    if pending.values("reporter").distinct().count() >= reports_to_hide():
        contribution.is_hidden = True
        contribution.under_review = True
        contribution.moderation_reason = _("Hidden after several reports, pending review.")
        save_validated(contribution, actor)
        notifications.contribution_moderated(
            contribution, hidden=True, reason=contribution.moderation_reason
        )
    return report


def _moderate(
    actor: AnyUser, contribution: Contribution, *, hidden: bool, reason: str
) -> Contribution:
    authorise(actor, "participation.moderate", contribution)
    # The author reads the reason as stored, the same text the page shows.
    reason = plain_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why.")})
    contribution.is_hidden = hidden
    contribution.under_review = False
    contribution.moderation_reason = reason
    save_validated(contribution, actor)
    contribution.reports.filter(reviewed_at__isnull=True).update(reviewed_at=timezone.now())
    notifications.contribution_moderated(contribution, hidden=hidden, reason=reason)
    return contribution


@transaction.atomic
def contribution_hide(*, actor: AnyUser, contribution: Contribution, reason: str) -> Contribution:
    """The secretariat hides a contribution with a reason; the author is told."""
    return _moderate(actor, contribution, hidden=True, reason=reason)


@transaction.atomic
def contribution_restore(
    *, actor: AnyUser, contribution: Contribution, reason: str
) -> Contribution:
    """The secretariat shows a hidden contribution again with a reason; the author is told."""
    return _moderate(actor, contribution, hidden=False, reason=reason)


def demo_address_confirm(*, user: User) -> None:
    """The demo's stakeholders have confirmed their e-mail address (nobody follows a link in a
    demo); on a real site allauth records it when the person opens the link it sent."""
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
