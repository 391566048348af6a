"""What participation tells people, through the shared notification service
(``gealc.notifications``): a consultation opened (to its followers), its summary published
(to its followers and contributors), a contribution hidden or restored (to its author), a
registration verified or rejected (to the person)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gealc.core import l10n
from gealc.notifications import kinds
from gealc.notifications.services import Message, notify
from gealc.participation.models import Consultation, Contribution, Stakeholder

CONSULTATION_OPENED = kinds.Kind(
    "consultation_opened", gettext_lazy("A public consultation opened"), kinds.Frequency.WEEKLY
)
CONSULTATION_SUMMARY = kinds.Kind(
    "consultation_summary", gettext_lazy("The summary of a consultation I follow was published")
)
CONTRIBUTION_MODERATED = kinds.Kind(
    "contribution_moderated", gettext_lazy("A contribution of mine was hidden or restored")
)
STAKEHOLDER_VERIFICATION = kinds.Kind(
    "stakeholder_verification", gettext_lazy("My registration as a stakeholder was reviewed")
)


def register_kinds() -> None:
    kinds.register(
        CONSULTATION_OPENED, CONSULTATION_SUMMARY, CONTRIBUTION_MODERATED, STAKEHOLDER_VERIFICATION
    )


def _followers(consultation: Consultation) -> list[User]:
    return [follow.user for follow in consultation.follows.select_related("user")]


def consultation_opened(consultation: Consultation) -> None:
    def compose() -> Message:
        return Message(
            subject=_("Consultation open: %(title)s") % {"title": consultation.title},
            body=_("Contributions are welcome until %(closes)s (%(zone)s).")
            % {
                "closes": l10n.format_datetime(consultation.local_closes, consultation.time_zone),
                "zone": consultation.time_zone,
            },
            link=reverse("consultation_detail", args=[consultation.slug]),
        )

    notify(kind=CONSULTATION_OPENED.code, recipients=_followers(consultation), compose=compose)


def summary_published(consultation: Consultation, contributors: Iterable[User]) -> None:
    recipients = {user.pk: user for user in [*_followers(consultation), *contributors]}

    def compose() -> Message:
        return Message(
            subject=_("Summary published: %(title)s") % {"title": consultation.title},
            link=reverse("consultation_summary", args=[consultation.slug]),
        )

    notify(
        kind=CONSULTATION_SUMMARY.code,
        recipients=[recipients[pk] for pk in sorted(recipients)],
        compose=compose,
    )


def contribution_moderated(contribution: Contribution, *, hidden: bool, reason: str) -> None:
    user = contribution.author.user
    if user is None:  # the author has left
        return

    def compose() -> Message:
        subject = (
            _("Your contribution was hidden: %(question)s")
            if hidden
            else _("Your contribution was restored: %(question)s")
        ) % {"question": contribution.question.text}
        return Message(
            subject=subject,
            body=_("Reason: %(reason)s") % {"reason": reason},
            link=reverse("consultation_detail", args=[contribution.question.consultation.slug]),
        )

    notify(kind=CONTRIBUTION_MODERATED.code, recipients=[user], compose=compose)


def stakeholder_reviewed(stakeholder: Stakeholder) -> None:
    user = stakeholder.user
    if user is None:
        return

    def compose() -> Message:
        if stakeholder.is_verified:
            return Message(
                subject=_("Your registration is verified: you can now contribute"),
                link=reverse("consultation_list"),
            )
        return Message(
            subject=_("Your registration was not verified"),
            body=_("Reason: %(reason)s") % {"reason": stakeholder.rejection_reason},
            link=reverse("stakeholder_profile"),
        )

    notify(kind=STAKEHOLDER_VERIFICATION.code, recipients=[user], compose=compose)
