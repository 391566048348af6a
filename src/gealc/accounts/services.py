"""Invitations to a role, their acceptance, and the handover of an appointment.

Each function checks the actor's permission (``PermissionDenied``), validates everything
(``ValidationError`` naming the field) and runs in one transaction: a refused or invalid call
changes nothing. An invitation's e-mail is queued only once its transaction commits.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gealc.accounts import audit, notifications
from gealc.accounts import rules as account_rules
from gealc.accounts.models import Invitation, Representation, Role, SecurityEvent, token_hash
from gealc.core import l10n
from gealc.core.services import authorise
from gealc.core.types import AnyUser
from gealc.network import services as network_services
from gealc.network.models import Appointment, Country, Organisation, Person

Kind = SecurityEvent.Kind


@dataclass(frozen=True)
class InvitationSent:
    invitation: Invitation
    token: str  # only here: the database keeps its hash
    link: str


def _check_target(*, role: str, country: Country | None, organisation: Organisation | None) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles offered.")})
    if role == Role.MEMBER and country is None:
        raise ValidationError({"country": _("A country member needs a country.")})
    if role != Role.MEMBER and country is not None:
        raise ValidationError({"country": _("Only a country member has a country.")})
    if role == Role.STAKEHOLDER and organisation is None:
        raise ValidationError({"organisation": _("A stakeholder represents an organisation.")})
    if role != Role.STAKEHOLDER and organisation is not None:
        raise ValidationError({"organisation": _("Only a stakeholder has an organisation.")})
    if country is not None and not country.institutions.filter(is_national_authority=True).exists():
        raise ValidationError(
            {
                "country": _(
                    "%(country)s has no national authority in the directory to appoint members at."
                )
                % {"country": country.name}
            }
        )


def _check_not_holding(
    person: Person, role: str, country: Country | None, organisation: Organisation | None
) -> None:
    pending = Invitation.objects.filter(
        person=person,
        role=role,
        country=country,
        organisation=organisation,
        accepted_at=None,
        revoked_at=None,
        expires__gt=timezone.now(),
    )
    if pending.exists():
        raise ValidationError(
            {
                "person": _("%(person)s already has a pending invitation to this role.")
                % {"person": person}
            }
        )
    user = person.user
    if user is None:
        return
    if role == Role.MEMBER:
        holds = (
            Appointment.objects.current().filter(person=person, institution__country=country)
        ).exists()
    elif role == Role.STAKEHOLDER:  # a stakeholder of one organisation may join another
        holds = Representation.objects.filter(
            user=user, organisation=organisation, end__isnull=True
        ).exists()
    else:
        holds = user.groups.filter(name=role).exists()
    if holds:
        raise ValidationError(
            {"person": _("%(person)s already holds this role.") % {"person": person}}
        )


@transaction.atomic
def invitation_create(
    *,
    actor: AnyUser,
    person: Person,
    role: str,
    country: Country | None = None,
    organisation: Organisation | None = None,
    appointment_role: str = Appointment.Role.DELEGATE,
    working_line: str = "",
    email: str = "",
    site_url: str = "",
    send_email: bool = True,
    is_demo: bool = False,
) -> InvitationSent:
    """Invite ``person`` to ``role`` and e-mail them a link (``site_url`` + the accept page)
    that works for ``GEALC_INVITATION_DAYS`` days (the demo sends no e-mail)."""
    _check_target(role=role, country=country, organisation=organisation)
    authorise(actor, "accounts.add_invitation", account_rules.InvitationTarget(role, country))
    address = (email or person.email or (person.user.email if person.user else "")).strip()
    if not address:
        raise ValidationError(
            {
                "email": _("%(person)s has no e-mail address: give one to send the invitation to.")
                % {"person": person}
            }
        )
    validate_email_field(address)
    if (
        role == Role.MEMBER
        and appointment_role == Appointment.Role.FOCAL_POINT
        and not working_line.strip()
    ):
        raise ValidationError({"working_line": _("A focal point needs a working line.")})
    if appointment_role not in Appointment.Role.values:
        raise ValidationError({"appointment_role": _("Choose one of the appointments offered.")})
    _check_not_holding(person, role, country, organisation)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation(
        person=person,
        email=address,
        role=role,
        country=country,
        organisation=organisation,
        appointment_role=appointment_role if role == Role.MEMBER else Appointment.Role.DELEGATE,
        working_line=working_line.strip() if role == Role.MEMBER else "",
        token_hash=token_hash(token),
        invited_by=actor,
        created=now,
        expires=now + datetime.timedelta(days=settings.GEALC_INVITATION_DAYS),
        is_demo=is_demo,
    )
    invitation._history_user = actor
    invitation.full_clean()
    invitation.save()
    audit.event_record(
        kind=Kind.INVITATION_CREATED,
        user=person.user,
        username=person.full_name,
        detail=f"{invitation.role_label_en} for {person.full_name} <{address}>",
    )
    link = site_url.rstrip("/") + accept_path(token, person)
    if send_email:
        notifications.invitation_sent(invitation, link=link, language=reader_language(person))
    return InvitationSent(invitation=invitation, token=token, link=link)


def validate_email_field(address: str) -> None:
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None


def reader_language(person: Person) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    return next((code for code in person.languages if code in codes), settings.LANGUAGE_CODE)


def accept_path(token: str, person: Person) -> str:
    with translation.override(reader_language(person)):
        return reverse("invitation_accept", kwargs={"token": token})


@transaction.atomic
def invitation_revoke(*, actor: AnyUser, invitation: Invitation) -> Invitation:
    authorise(actor, "accounts.revoke_invitation", invitation)
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not current.is_pending:
        raise ValidationError(
            _("This invitation is %(state)s: only a pending invitation can be revoked.")
            % {"state": current.get_state_display().lower()}
        )
    _revoke(current, actor)
    invitation.refresh_from_db()
    return invitation


def _revoke(invitation: Invitation, actor: AnyUser | None) -> None:
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = actor if actor is not None and actor.is_authenticated else None
    invitation._history_user = invitation.revoked_by
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    audit.event_record(
        kind=Kind.INVITATION_REVOKED,
        user=invitation.person.user,
        username=invitation.person.full_name,
        detail=f"{invitation.role_label_en} for {invitation.person.full_name}",
    )


class InvitationUnusable(Exception):
    """A link that cannot be used: ``message`` says why, ``status`` is the HTTP answer."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def invitation_for_token(token: str, *, for_update: bool = False) -> Invitation:
    """The pending invitation behind a link, or ``InvitationUnusable`` saying why not."""
    invitations = Invitation.objects.select_related(
        "person", "country", "organisation", "invited_by"
    )
    if for_update:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=token_hash(token)).first()
    if invitation is None:
        raise InvitationUnusable(
            _(
                "This invitation link is not valid. Check that you copied the whole "
                "address from the e-mail."
            ),
            404,
        )
    state = invitation.state
    when = {
        Invitation.State.ACCEPTED: invitation.accepted_at,
        Invitation.State.REVOKED: invitation.revoked_at,
        Invitation.State.EXPIRED: invitation.expires,
    }.get(state)
    stamp = l10n.format_datetime(when) if when else ""
    if state == Invitation.State.ACCEPTED:
        raise InvitationUnusable(
            _(
                "This invitation was already accepted on %(date)s: sign in with the "
                "account it created."
            )
            % {"date": stamp},
            410,
        )
    if state == Invitation.State.REVOKED:
        raise InvitationUnusable(
            _(
                "This invitation was revoked on %(date)s. Ask whoever invited you for "
                "a new one if you still need access."
            )
            % {"date": stamp},
            410,
        )
    if state == Invitation.State.EXPIRED:
        raise InvitationUnusable(
            _("This invitation expired on %(date)s. Ask whoever invited you to send a new one.")
            % {"date": stamp},
            410,
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: AnyUser, username: str = "", password: str = "") -> User:
    """Accept an invitation: the invitee's new account (``username``, ``password``) or, when
    their person already has one, that account (``user`` must be it, signed in), gets the
    role. The grant runs with the inviter's authority, checked again now."""
    invitation = invitation_for_token(token, for_update=True)
    inviter = invitation.invited_by
    target = account_rules.InvitationTarget(invitation.role, invitation.country)
    if not inviter.is_active or not account_rules.inviter.test(inviter, target):
        raise PermissionDenied(
            _(
                "Whoever invited you can no longer give this role. Ask the technical "
                "secretariat for a new invitation."
            )
        )
    account = _invitee_account(invitation, user=user, username=username, password=password)
    _grant(invitation, account)
    invitation.accepted_at = timezone.now()
    invitation.user = account
    invitation._history_user = account
    invitation.save(update_fields=["accepted_at", "user"])
    audit.event_record(kind=Kind.INVITATION_ACCEPTED, user=account, detail=invitation.role_label_en)
    return account


def _invitee_account(
    invitation: Invitation, *, user: AnyUser, username: str, password: str
) -> User:
    person = invitation.person
    if person.user is not None:
        if not user.is_authenticated or user.pk != person.user_id:
            raise ValidationError(
                _(
                    "%(person)s already has an account: sign in as %(username)s, then open "
                    "the link again."
                )
                % {"person": person, "username": person.user.get_username()}
            )
        return person.user
    account = User(
        username=username.strip(),
        email=invitation.email,
        first_name=person.given_name[:150],
        last_name=person.family_name[:150],
    )
    errors: dict[str, list[str]] = {}
    try:
        account.full_clean(exclude=["password"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if User.objects.filter(username__iexact=account.username).exists():
        errors["username"] = [_("This username is taken: choose another.")]
    try:
        validate_password(password, account)
    except ValidationError as error:
        errors["password"] = error.messages
    if errors:
        raise ValidationError(errors)
    account.set_password(password)
    account.save()
    # The link reached this address: it is verified.
    EmailAddress.objects.create(user=account, email=invitation.email, primary=True, verified=True)
    # The account is the invitation's own effect, authorised when it was created.
    person.user = account
    person._history_user = account
    person.save(update_fields=["user"])
    return account


def _grant(invitation: Invitation, account: User) -> None:
    inviter = invitation.invited_by
    if invitation.role == Role.STAKEHOLDER:
        _represent(invitation, account)
    if invitation.role != Role.MEMBER:
        network_services.role_grant(actor=inviter, user=account, role=invitation.role)
        return
    country = invitation.country
    # A handover appoints the successor from tomorrow: that appointment is theirs already.
    already = Appointment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=timezone.localdate()),
        person=invitation.person,
        institution__country=country,
    )
    if already.exists():
        return
    network_services.appointment_start(
        actor=inviter,
        person=invitation.person,
        institution=country.institutions.get(is_national_authority=True),
        role=invitation.appointment_role,
        start=timezone.localdate(),
        working_line=invitation.working_line,
    )


def _represent(invitation: Invitation, account: User) -> None:
    """The stakeholder's account speaks for the invitation's organisation from now on."""
    if Representation.objects.filter(
        user=account, organisation=invitation.organisation, end__isnull=True
    ).exists():
        return
    representation = Representation(
        user=account, organisation=invitation.organisation, invitation=invitation
    )
    representation._history_user = account
    representation.full_clean()
    representation.save()


# Handover ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Handover:
    ended: Appointment
    started: Appointment
    invitation: InvitationSent | None  # None when the successor already has an account


@transaction.atomic
def appointment_handover(
    *,
    actor: AnyUser,
    appointment: Appointment,
    successor: Person,
    end: datetime.date,
    reason: str,
    site_url: str = "",
) -> Handover:
    """End ``appointment`` on ``end`` (its person's country role ends with it; account and
    history stay), appoint ``successor`` to the same role from the next day, and invite the
    successor to the country's membership when they have no account yet — in one step."""
    if successor.pk == appointment.person_id:
        raise ValidationError({"successor": _("The successor must be another person.")})
    ended = network_services.appointment_end(
        actor=actor, appointment=appointment, end=end, reason=reason
    )
    started = network_services.appointment_start(
        actor=actor,
        person=successor,
        institution=appointment.institution,
        role=appointment.role,
        start=end + datetime.timedelta(days=1),
        working_line=appointment.working_line,
    )
    invitation = None
    if successor.user_id is None:
        invitation = invitation_create(
            actor=actor,
            person=successor,
            role=Role.MEMBER,
            country=appointment.institution.country,
            appointment_role=appointment.role,
            working_line=appointment.working_line,
            site_url=site_url,
        )
    return Handover(ended=ended, started=started, invitation=invitation)


def on_appointment_ended(
    sender: object, appointment: Appointment, actor: AnyUser, **kwargs: object
) -> None:
    """The person's pending invitations to the country's membership end with their last
    appointment there."""
    country_id = appointment.institution.country_id
    still_serving = Appointment.objects.filter(
        person=appointment.person, institution__country_id=country_id, end__isnull=True
    ).exists()
    if still_serving:
        return
    pending = Invitation.objects.select_for_update().filter(
        person=appointment.person,
        role=Role.MEMBER,
        country_id=country_id,
        accepted_at=None,
        revoked_at=None,
        expires__gt=timezone.now(),
    )
    for invitation in pending:
        _revoke(invitation, actor)
