"""Notifications of the observatory: a newly published index reaches the network's members
(country members, reviewers and the secretariat) through the one notification service, each
in their language and as they chose for the kind ``index_published``."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.models import User
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gealc.network.models import Appointment
from gealc.network.rules import REVIEWER, SECRETARIAT
from gealc.notifications.kinds import Kind
from gealc.notifications.services import Message, notify
from gealc.observatory.models import IndexRun

INDEX_PUBLISHED = Kind("index_published", gettext_lazy("A new index was published"))
KINDS = (INDEX_PUBLISHED,)


def network_members() -> list[User]:
    """Active accounts of people currently appointed in a country, reviewers and secretariat."""
    appointed = Appointment.objects.current().values("person__user")
    return list(
        User.objects.filter(
            Q(pk__in=appointed) | Q(groups__name__in=[REVIEWER, SECRETARIAT]), is_active=True
        )
        .distinct()
        .order_by("pk")
    )


def run_published(run: IndexRun) -> None:
    notify(kind=INDEX_PUBLISHED.code, recipients=network_members(), compose=partial(_text, run))


def _text(run: IndexRun) -> Message:
    year = run.round.reference_year
    if run.corrects_id:
        subject = _("The index of %(year)s was corrected") % {"year": year}
    else:
        subject = _("The index of %(year)s is published") % {"year": year}
    body = _("“%(title)s” is now public in the network in numbers.") % {"title": run.title}
    return Message(subject, body, reverse("run_detail", args=[run.pk]))
