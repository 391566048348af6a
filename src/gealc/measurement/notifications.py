"""Who is told what, by e-mail, when a submission moves or a comment is written.

Each message is composed here once per language of its recipients (see
``network.selectors.users_languages``), so a Brazilian focal point reads Portuguese and a
Uruguayan delegate Spanish; the shared ``gealc.core.mail.send_emails`` task sends them after
the transaction commits, so a rolled-back change sends nothing.

- submitted → the assigned reviewers (all reviewers when none is assigned) and the secretariat;
- returned, validated, published → the country's members (delegates, focal points …);
- a comment → the other side: the country if a reviewer or the secretariat wrote it, the
  reviewers and the secretariat if the country did;
- reminders: ``MEASUREMENT_REMINDER_DAYS`` days before the deadline (default 14, 7 and 1) and
  once a week after it, to countries whose submission is still draft or returned.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from operator import attrgetter

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from gealc.core.mail import send_emails
from gealc.measurement.models import Comment, Round, Submission, Transition
from gealc.network.models import Appointment
from gealc.network.rules import REVIEWER, SECRETARIAT
from gealc.network.selectors import users_languages

DEFAULT_REMINDER_DAYS = (14, 7, 1)
_muted: ContextVar[bool] = ContextVar("measurement_notifications_muted", default=False)
OVERDUE_EVERY_DAYS = 7

# [subject, body, recipients]: what the ``send_emails`` task takes.
Message = tuple[str, str, list[str]]


def _by_language(users: list[User]) -> dict[str, list[str]]:
    """The e-mail addresses of the active users, sorted, grouped by the language each reads."""
    reachable = [user for user in users if user.email and user.is_active]
    reachable.sort(key=attrgetter("email"))
    languages = users_languages(reachable)
    language_of: dict[str, str] = {}
    for user in reachable:  # an address shared by two accounts gets one message
        language_of.setdefault(user.email, languages[user.pk])
    groups: dict[str, list[str]] = {}
    for email, language in language_of.items():
        groups.setdefault(language, []).append(email)
    return groups


def _per_language(
    recipients: dict[str, list[str]], compose: Callable[[], tuple[str, str]]
) -> list[Message]:
    """One message per language group, its subject and body composed while that language is
    active (translated strings, country names and dates follow it)."""
    messages = []
    for language, emails in recipients.items():
        with translation.override(language):
            subject, body = compose()
        messages.append((subject, body, emails))
    return messages


def country_members(submission: Submission) -> list[User]:
    appointments = Appointment.objects.current().filter(
        institution__country_id=submission.country_id, person__user__isnull=False
    )
    return [a.person.user for a in appointments.select_related("person__user")]


def review_side(submission: Submission) -> list[User]:
    reviewers = list(submission.reviewers.all())
    if not reviewers:
        reviewers = list(User.objects.filter(groups__name=REVIEWER))
    secretariat = list(User.objects.filter(groups__name=SECRETARIAT))
    return reviewers + secretariat


@contextmanager
def muted() -> Iterator[None]:
    """Send nothing inside the block (loading demo data must not e-mail anyone)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _send(messages: list[Message]) -> None:
    if _muted.get():
        return
    payload = [[subject, body, recipients] for subject, body, recipients in messages if recipients]
    if not payload:
        return

    transaction.on_commit(lambda: send_emails.enqueue(payload))


def transition_recorded(transition: Transition) -> None:
    submission = transition.submission
    recipients = (
        review_side(submission)
        if transition.to_state == Submission.State.SUBMITTED
        else country_members(submission)
    )
    _send(_per_language(_by_language(recipients), partial(_transition_text, transition)))


def _transition_text(transition: Transition) -> tuple[str, str]:
    submission = transition.submission
    subject = _("%(country)s, round %(year)s: %(state)s") % {
        "country": submission.country.name,
        "year": submission.round.reference_year,
        "state": submission.get_state_display(),
    }
    body = _("%(actor)s changed the submission from “%(old)s” to “%(new)s”.") % {
        "actor": transition.actor or _("The system"),
        "old": transition.get_from_state_display() or "—",
        "new": transition.get_to_state_display(),
    }
    if transition.reason:
        body += "\n\n" + _("Reason: %(reason)s") % {"reason": transition.reason}
    return subject, body


def comment_added(comment: Comment) -> None:
    submission = comment.value.submission
    from_country = submission.country in _countries(comment.author)
    recipients = review_side(submission) if from_country else country_members(submission)
    recipients = [user for user in recipients if user.email != comment.author.email]
    _send(_per_language(_by_language(recipients), partial(_comment_text, comment)))


def _comment_text(comment: Comment) -> tuple[str, str]:
    submission = comment.value.submission
    subject = _("%(country)s, round %(year)s: comment on %(variable)s") % {
        "country": submission.country.name,
        "year": submission.round.reference_year,
        "variable": comment.value.variable.code,
    }
    return subject, f"{comment.author}: {comment.text}"


def _countries(user: User) -> list[object]:
    from gealc.measurement.selectors import countries_of

    return list(countries_of(user))


def reminder_days() -> tuple[int, ...]:
    return tuple(getattr(settings, "MEASUREMENT_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def round_reminders(today: datetime.date) -> int:
    """Send today's reminders for every open round; returns the number of messages (one per
    submission and language of its country's members)."""
    messages: list[Message] = []
    for measurement_round in Round.objects.filter(status=Round.Status.OPEN):
        days_left = (measurement_round.closes_on - today).days
        overdue = days_left < 0 and (-days_left - 1) % OVERDUE_EVERY_DAYS == 0
        if days_left not in reminder_days() and not overdue:
            continue
        pending = measurement_round.submissions.filter(
            state__in=Submission.EDITABLE_STATES
        ).select_related("country", "round")
        for submission in pending:
            recipients = _by_language(country_members(submission))
            messages += _per_language(recipients, partial(_reminder_text, submission, days_left))
    _send(messages)
    return len(messages)


def _reminder_text(submission: Submission, days_left: int) -> tuple[str, str]:
    deadline = formats.date_format(submission.round.closes_on)
    if days_left < 0:
        subject = _("Overdue: %(country)s, round %(year)s")
        body = _("The deadline was %(deadline)s and the submission is not yet submitted.")
    else:
        subject = _("Reminder: %(country)s, round %(year)s closes on %(deadline)s")
        body = _("%(days)s day(s) left to submit; the round closes on %(deadline)s.")
    context = {
        "country": submission.country.name,
        "year": submission.round.reference_year,
        "deadline": deadline,
        "days": days_left,
    }
    return subject % context, body % context
