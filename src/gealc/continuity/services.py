"""Every change to welcomes goes through these functions: each checks the actor's
permission (``PermissionDenied``), validates (``ValidationError`` naming the field) and runs
in one transaction, so a refused call changes nothing."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gealc.continuity import notifications
from gealc.continuity.models import Welcome, WelcomeStep
from gealc.continuity.selectors import WELCOMED_ROLES
from gealc.core.services import authorise
from gealc.core.types import AnyUser
from gealc.network.models import Appointment


@transaction.atomic
def welcome_open(*, actor: AnyUser, appointment: Appointment, is_demo: bool = False) -> Welcome:
    """Open the welcome of a new head of authority or delegate (once per appointment); the
    secretariat is told (``welcome_opened``)."""
    authorise(actor, "continuity.change_welcome", appointment.institution.country)
    if appointment.role not in WELCOMED_ROLES:
        raise ValidationError(
            {"appointment": _("Only a head of authority or a delegate is welcomed this way.")}
        )
    if not appointment.is_current:
        raise ValidationError({"appointment": _("This appointment has ended.")})
    welcome, created = Welcome.objects.get_or_create(
        appointment=appointment,
        defaults={"opened_by": actor if actor.is_authenticated else None, "is_demo": is_demo},
    )
    if created:
        notifications.welcome_opened(welcome)
    return welcome


@transaction.atomic
def welcome_step_set(
    *,
    actor: AnyUser,
    welcome: Welcome,
    step: str,
    done: bool,
    done_on: datetime.date | None = None,
    note: str = "",
) -> WelcomeStep | None:
    """Mark a step of the checklist done (on ``done_on``, default today) or not done."""
    authorise(actor, "continuity.change_welcome", welcome.appointment.institution.country)
    if step not in WelcomeStep.Step.values:
        raise ValidationError({"step": _("There is no such step in the checklist.")})
    existing = WelcomeStep.objects.filter(welcome=welcome, step=step).first()
    if not done:
        if existing is not None:
            existing.delete()
        return None
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A step cannot be done in the future.")})
    record = existing or WelcomeStep(welcome=welcome, step=step, done_by=actor)
    record.done_on, record.note, record.done_by = done_on, note.strip(), actor
    record.full_clean()
    record.save()
    return record
