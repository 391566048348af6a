"""Who is told what, by e-mail, when a submission moves or a comment is written.

Messages are composed here (in the recipient-neutral site language) and sent by the
``send_emails`` task after the transaction commits, so a rolled-back change sends nothing.

- submitted → the assigned reviewers (all reviewers when none is assigned) and the secretariat;
- returned, validated, published → the country's members (delegates, focal points …);
- a comment → the other side: the country if a reviewer or the secretariat wrote it, the
  reviewers and the secretariat if the country did;
- reminders: ``MEASUREMENT_REMINDER_DAYS`` days before the deadline (default 14, 7 and 1) and
  once a week after it, to countries whose submission is still draft or returned.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gealc.measurement.models import Comment, Round, Submission, Transition
from gealc.network.models import Appointment
from gealc.network.rules import REVIEWER, SECRETARIAT

DEFAULT_REMINDER_DAYS = (14, 7, 1)
_muted: ContextVar[bool] = ContextVar("measurement_notifications_muted", default=False)
OVERDUE_EVERY_DAYS = 7


def _emails(users: QuerySet[User] | list[User]) -> list[str]:
    return sorted({user.email for user in users if user.email and user.is_active})


def country_members(submission: Submission) -> list[str]:
    appointments = Appointment.objects.current().filter(
        institution__country_id=submission.country_id, person__user__isnull=False
    )
    return _emails([a.person.user for a in appointments.select_related("person__user")])


def review_side(submission: Submission) -> list[str]:
    reviewers = list(submission.reviewers.all())
    if not reviewers:
        reviewers = list(User.objects.filter(groups__name=REVIEWER))
    secretariat = list(User.objects.filter(groups__name=SECRETARIAT))
    return _emails(reviewers + secretariat)


@contextmanager
def muted() -> Iterator[None]:
    """Send nothing inside the block (loading demo data must not e-mail anyone)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _send(messages: list[tuple[str, str, list[str]]]) -> None:
    if _muted.get():
        return
    payload = [[subject, body, recipients] for subject, body, recipients in messages if recipients]
    if not payload:
        return

    def enqueue() -> None:
        from gealc.measurement.tasks import send_emails

        send_emails.enqueue(payload)

    transaction.on_commit(enqueue)


def transition_recorded(transition: Transition) -> None:
    submission = transition.submission
    recipients = (
        review_side(submission)
        if transition.to_state == Submission.State.SUBMITTED
        else country_members(submission)
    )
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
    _send([(subject, body, recipients)])


def comment_added(comment: Comment) -> None:
    submission = comment.value.submission
    from_country = submission.country in _countries(comment.author)
    recipients = review_side(submission) if from_country else country_members(submission)
    recipients = [email for email in recipients if email != comment.author.email]
    subject = _("%(country)s, round %(year)s: comment on %(variable)s") % {
        "country": submission.country.name,
        "year": submission.round.reference_year,
        "variable": comment.value.variable.code,
    }
    _send([(subject, f"{comment.author}: {comment.text}", recipients)])


def _countries(user: User) -> list[object]:
    from gealc.measurement.selectors import countries_of

    return list(countries_of(user))


def reminder_days() -> tuple[int, ...]:
    return tuple(getattr(settings, "MEASUREMENT_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def round_reminders(today: datetime.date) -> int:
    """Send today's reminders for every open round; returns the number of messages."""
    messages: list[tuple[str, str, list[str]]] = []
    for measurement_round in Round.objects.filter(status=Round.Status.OPEN):
        days_left = (measurement_round.closes_on - today).days
        overdue = days_left < 0 and (-days_left - 1) % OVERDUE_EVERY_DAYS == 0
        if days_left not in reminder_days() and not overdue:
            continue
        pending = measurement_round.submissions.filter(
            state__in=Submission.EDITABLE_STATES
        ).select_related("country", "round")
        for submission in pending:
            messages.append(_reminder(submission, days_left))
    sent = [m for m in messages if m[2]]
    _send(sent)
    return len(sent)


def _reminder(submission: Submission, days_left: int) -> tuple[str, str, list[str]]:
    deadline = submission.round.closes_on.isoformat()
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
    return (subject % context, body % context, country_members(submission))
