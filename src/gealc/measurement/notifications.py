"""Who is told what when a submission moves, a comment is written or a deadline nears.

Everything goes through the one notification service (``gealc.notifications.services.notify``):
each recipient reads it in their language, in the platform and by e-mail as they chose for its
kind, and nothing is sent when the change is rolled back.

- submitted → the assigned reviewers (all reviewers when none is assigned) and the secretariat
  (kind ``submission_submitted``);
- returned, validated, published → the country's members (``review_outcome``);
- a comment → the other side: the country if a reviewer or the secretariat wrote it, the
  reviewers and the secretariat if the country did (``value_comment``);
- reminders: ``MEASUREMENT_REMINDER_DAYS`` days before the deadline (default 14, 7 and 1) and
  once a week after it, to countries whose submission is still draft or returned
  (``round_deadline``).
"""

from __future__ import annotations

import datetime
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gealc.core import l10n
from gealc.measurement.models import Comment, Round, Submission, Transition
from gealc.network.models import Appointment
from gealc.network.rules import REVIEWER, SECRETARIAT
from gealc.notifications.kinds import Kind
from gealc.notifications.services import Message, notify
from gealc.notifications.services import muted as muted

DEFAULT_REMINDER_DAYS = (14, 7, 1)
OVERDUE_EVERY_DAYS = 7

SUBMISSION_SUBMITTED = Kind(
    "submission_submitted", gettext_lazy("A submission was sent for review")
)
REVIEW_OUTCOME = Kind(
    "review_outcome",
    gettext_lazy("A submission of my country was returned, validated or published"),
)
VALUE_COMMENT = Kind("value_comment", gettext_lazy("A comment on a value I report or review"))
ROUND_DEADLINE = Kind(
    "round_deadline", gettext_lazy("A measurement round's deadline is near or has passed")
)
KINDS = (SUBMISSION_SUBMITTED, REVIEW_OUTCOME, VALUE_COMMENT, ROUND_DEADLINE)


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


def _submission_link(submission: Submission) -> str:
    return reverse("submission_detail", args=[submission.round_id, submission.country.iso3])


def transition_recorded(transition: Transition) -> None:
    submission = transition.submission
    if transition.to_state == Submission.State.SUBMITTED:
        kind, recipients = SUBMISSION_SUBMITTED, review_side(submission)
    else:
        kind, recipients = REVIEW_OUTCOME, country_members(submission)
    notify(kind=kind.code, recipients=recipients, compose=partial(_transition_text, transition))


def _transition_text(transition: Transition) -> Message:
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
    return Message(subject, body, _submission_link(submission))


def comment_added(comment: Comment) -> None:
    submission = comment.value.submission
    from_country = submission.country in _countries(comment.author)
    recipients = review_side(submission) if from_country else country_members(submission)
    recipients = [user for user in recipients if user.email != comment.author.email]
    notify(kind=VALUE_COMMENT.code, recipients=recipients, compose=partial(_comment_text, comment))


def _comment_text(comment: Comment) -> Message:
    submission = comment.value.submission
    subject = _("%(country)s, round %(year)s: comment on %(variable)s") % {
        "country": submission.country.name,
        "year": submission.round.reference_year,
        "variable": comment.value.variable.code,
    }
    return Message(subject, f"{comment.author}: {comment.text}", _submission_link(submission))


def _countries(user: User) -> list[object]:
    from gealc.measurement.selectors import countries_of

    return list(countries_of(user))


def reminder_days() -> tuple[int, ...]:
    return tuple(getattr(settings, "MEASUREMENT_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def round_reminders(today: datetime.date) -> int:
    """Send today's reminders for every open round; returns the number of notifications (one
    per member of each country whose submission is pending)."""
    told = 0
    for measurement_round in Round.objects.filter(status=Round.Status.OPEN):
        days_left = (measurement_round.closes_on - today).days
        overdue = days_left < 0 and (-days_left - 1) % OVERDUE_EVERY_DAYS == 0
        if days_left not in reminder_days() and not overdue:
            continue
        pending = measurement_round.submissions.filter(
            state__in=Submission.EDITABLE_STATES
        ).select_related("country", "round")
        for submission in pending:
            told += len(
                notify(
                    kind=ROUND_DEADLINE.code,
                    recipients=country_members(submission),
                    compose=partial(_reminder_text, submission, days_left),
                )
            )
    return told


def _reminder_text(submission: Submission, days_left: int) -> Message:
    deadline = l10n.format_date(submission.round.closes_on)
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
    return Message(subject % context, body % context, _submission_link(submission))
