"""Invitations to a role, and the log of security events.

An invitation names a person of the directory and the role they are invited to; the link
sent to them carries a random token of which only a hash is stored, so a copy of the database
cannot be used to accept one. It is pending until it is accepted, revoked or expires, and is
never deleted: with its history it records who let whom in, and when.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from gealc.network.models import Appointment, Country, Organisation, Person


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Role(models.TextChoices):
    MEMBER = "member", _("Country member")
    REVIEWER = "reviewer", _("Reviewer")
    SECRETARIAT = "secretariat", _("Technical secretariat")
    STAKEHOLDER = "stakeholder", _("Stakeholder")


class Invitation(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("person")
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("country"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    appointment_role = models.CharField(
        _("appointment"),
        max_length=32,
        choices=Appointment.Role.choices,
        default=Appointment.Role.DELEGATE,
        help_text=_("What a country member is appointed as at the national authority."),
    )
    working_line = models.CharField(_("working line"), max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    expires = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
        verbose_name=_("account"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_revoked",
        verbose_name=_("revoked by"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="accounts_invitation_accepted_or_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.role_label}"

    @property
    def state(self) -> str:
        if self.accepted_at is not None:
            return self.State.ACCEPTED
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING

    @property
    def role_label_en(self) -> str:
        """The role in English, for the security log."""
        with override("en"):
            return self.role_label

    @property
    def role_label(self) -> str:
        label = str(Role(self.role).label)
        holder = self.country or self.organisation
        return f"{label} ({holder})" if holder else label


class SecurityEvent(models.Model):
    """One line of the security log: written once, never changed."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        SIGN_OUT = "sign_out", _("Signed out")
        PASSWORD_CHANGED = "password_changed", _("Password changed or reset")
        MFA_ENROLLED = "mfa_enrolled", _("Second factor added")
        MFA_REMOVED = "mfa_removed", _("Second factor removed")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_REVOKED = "role_revoked", _("Role revoked")
        INVITATION_CREATED = "invitation_created", _("Invitation created")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")

    kind = models.CharField(_("event"), max_length=32, choices=Kind.choices, db_index=True)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_events",
        verbose_name=_("account"),
    )
    # Kept as text: a failed sign-in may name no account, and the log outlives accounts.
    username = models.CharField(_("username"), max_length=254, blank=True)
    actor = models.CharField(_("done by"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"


class Representation(models.Model):
    """An account speaking for an organisation of the directory: what a stakeholder is the
    stakeholder of. Written when a stakeholder invitation is accepted; it ends, never goes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="representations",
        verbose_name=_("account"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="representatives",
        verbose_name=_("organisation"),
    )
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representation",
        verbose_name=_("invitation"),
    )
    start = models.DateTimeField(_("since"), default=timezone.now)
    end = models.DateTimeField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name = _("representation of an organisation")
        verbose_name_plural = _("representations of organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(end__isnull=True),
                name="accounts_representation_current_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"
