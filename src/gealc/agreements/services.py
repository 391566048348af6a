"""Every change to integration agreements goes through these functions.

Each one checks the actor's permission (``PermissionDenied``), validates the whole change
(``ValidationError`` naming the field: ``status``, ``date``, ``reason``, ``parties``,
``country`` …) and runs in one transaction, so a refused call changes nothing: an agreement
with one party, or a country named twice, is not created at all.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gealc.agreements.models import (
    STATUS_ORDER,
    Agreement,
    AgreementDocument,
    Party,
    Status,
    Transition,
)
from gealc.core.records import unique_slug
from gealc.core.services import apply_changes, authorise, save_validated, translated_fields
from gealc.core.types import AnyUser
from gealc.groups.models import WorkingLine
from gealc.network.models import Country

AGREEMENT_FIELDS = translated_fields("title", "summary")
MINIMUM_PARTIES = 2
# The date each status sets; going back to an earlier status clears the later ones.
STATUS_DATES = {
    Status.SIGNED: "signed_on",
    Status.IN_FORCE: "in_force_on",
    Status.ENDED: "ended_on",
}


@dataclass(frozen=True)
class PartyInput:
    country: Country
    start: datetime.date


def _check_parties(parties: Sequence[PartyInput]) -> None:
    countries = [party.country.pk for party in parties]
    if len(set(countries)) != len(countries):
        raise ValidationError({"parties": _("A country is named twice: name each party once.")})
    if len(countries) < MINIMUM_PARTIES:
        raise ValidationError(
            {"parties": _("An agreement is between at least two countries: name the parties.")}
        )


@transaction.atomic
def agreement_create(
    *,
    actor: AnyUser,
    kind: str,
    data: Mapping[str, Any],
    negotiation_start: datetime.date,
    parties: Sequence[PartyInput],
    working_lines: Iterable[WorkingLine] = (),
    is_demo: bool = False,
) -> Agreement:
    """A new agreement, negotiating since ``negotiation_start``, with its first parties;
    its later steps are transitions (:func:`agreement_transition`)."""
    authorise(actor, "agreements.add_agreement")
    _check_parties(parties)
    agreement = apply_changes(Agreement(), data, AGREEMENT_FIELDS)
    agreement.kind, agreement.negotiation_start, agreement.is_demo = (
        kind,
        negotiation_start,
        is_demo,
    )
    agreement.slug = unique_slug(
        Agreement, agreement.title_en or agreement.title or "", fallback="agreement"
    )
    save_validated(agreement, actor)
    agreement.working_lines.set(working_lines)
    for party in parties:
        save_validated(
            Party(agreement=agreement, country=party.country, start=party.start, is_demo=is_demo),
            actor,
        )
    _record(agreement, actor, "", Status.NEGOTIATING, negotiation_start, "")
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor: AnyUser,
    agreement: Agreement,
    data: Mapping[str, Any],
    working_lines: Iterable[WorkingLine] | None = None,
) -> Agreement:
    """Change an agreement's texts (and its working lines, when given)."""
    authorise(actor, "agreements.change_agreement", agreement)
    save_validated(apply_changes(agreement, data, AGREEMENT_FIELDS), actor)
    if working_lines is not None:
        agreement.working_lines.set(working_lines)
    return agreement


@transaction.atomic
def party_add(
    *, actor: AnyUser, agreement: Agreement, country: Country, start: datetime.date
) -> Party:
    """A country joins the agreement on ``start`` (a multilateral agreement grows)."""
    authorise(actor, "agreements.change_parties", agreement)
    party = Party(agreement=agreement, country=country, start=start, is_demo=agreement.is_demo)
    return save_validated(party, actor)


@transaction.atomic
def party_remove(*, actor: AnyUser, party: Party, end: datetime.date, reason: str) -> Party:
    """A country leaves the agreement on ``end`` (the record stays, with the reason); at least
    two parties remain, or the agreement ends instead."""
    authorise(actor, "agreements.change_parties", party.agreement)
    if party.end is not None:
        raise ValidationError({"end": _("This country has already left the agreement.")})
    if not reason.strip():
        raise ValidationError({"end_reason": _("Say why the country leaves the agreement.")})
    remaining = party.agreement.parties.filter(end__isnull=True).exclude(pk=party.pk).count()
    if remaining < MINIMUM_PARTIES:
        raise ValidationError(
            {"country": _("An agreement keeps at least two parties: end the agreement instead.")}
        )
    party.end, party.end_reason = end, reason.strip()
    return save_validated(party, actor)


def _check_move(agreement: Agreement, to_status: str, day: datetime.date, reason: str) -> None:
    """Refuse an unknown status, a step that skips one, a move back without a reason, and a
    date before the last change or in the future, naming the field."""
    if to_status not in STATUS_ORDER:
        choices = ", ".join(str(label) for label in Status.labels)
        message = _("Unknown status “%(status)s”: choose one of %(choices)s.")
        raise ValidationError({"status": message % {"status": to_status, "choices": choices}})
    current, target = STATUS_ORDER[agreement.status], STATUS_ORDER[to_status]
    label = Status(to_status).label
    if target == current:
        raise ValidationError(
            {"status": _("The agreement is already %(status)s.") % {"status": label}}
        )
    if target > current + 1 and to_status != Status.ENDED:
        message = _("An agreement cannot become %(status)s from %(current)s: take each step.")
        raise ValidationError(
            {"status": message % {"status": label, "current": agreement.get_status_display()}}
        )
    if target < current and not reason.strip():
        message = _("Say why the agreement goes back to %(status)s.")
        raise ValidationError({"reason": message % {"status": label}})
    last = agreement.transitions.order_by("-date", "-pk").first()
    if last is not None and day < last.date:
        message = _("The date cannot be before the last change of status, on %(date)s.")
        raise ValidationError({"date": message % {"date": last.date.isoformat()}})
    if day > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})


@transaction.atomic
def agreement_transition(
    *,
    actor: AnyUser,
    agreement: Agreement,
    to_status: str,
    date: datetime.date,
    reason: str = "",
) -> Transition:
    """Move the agreement to ``to_status`` on ``date``: forward one step (or to ended from
    any status), or back with a reason; a step forward sets its date, a step back clears the
    dates of the steps after it."""
    authorise(actor, "agreements.change_status", agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _check_move(agreement, to_status, date, reason)
    from_status = agreement.status
    target = STATUS_ORDER[to_status]
    for status, field in STATUS_DATES.items():
        if STATUS_ORDER[status] > target:
            setattr(agreement, field, None)
    # Going back to a step keeps the date it was first reached (a suspension is still signed).
    if to_status in STATUS_DATES and target > STATUS_ORDER[from_status]:
        setattr(agreement, STATUS_DATES[Status(to_status)], date)
    agreement.status = to_status
    save_validated(agreement, actor)
    return _record(agreement, actor, from_status, to_status, date, reason.strip())


def _record(
    agreement: Agreement,
    actor: AnyUser,
    from_status: str,
    to_status: str,
    day: datetime.date,
    reason: str,
) -> Transition:
    transition = Transition(
        agreement=agreement,
        from_status=from_status,
        to_status=to_status,
        date=day,
        reason=reason,
        actor=actor if actor.is_authenticated else None,
    )
    return save_validated(transition, actor)


@transaction.atomic
def document_add(
    *, actor: AnyUser, agreement: Agreement, title: str, file: File, is_demo: bool = False
) -> AgreementDocument:
    """The text of the agreement, an annex or an act, checked like evidence files."""
    authorise(actor, "agreements.add_document", agreement)
    document = AgreementDocument(agreement=agreement, title=title, file=file, is_demo=is_demo)
    return save_validated(document, actor)
