"""What every app's services share: the permission check, applying only the fields a service
allows, the check that nobody changed a record since the editor read it, and a validated save
that records who made the change.

Services stay the only place that changes state; these helpers make each of them refuse the
same way: ``PermissionDenied`` for a user without the permission, ``ValidationError`` naming
the field for a field the service does not change or a value that fails validation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from gealc.core.types import AnyUser

ModelT = TypeVar("ModelT", bound=models.Model)


def translated_fields(*fields: str) -> frozenset[str]:
    """A translated field and its per-language columns (``name``, ``name_es`` …)."""
    codes = [code for code, _name in settings.LANGUAGES]
    return frozenset(name for field in fields for name in (field, *(f"{field}_{c}" for c in codes)))


def authorise(actor: AnyUser, permission: str, obj: Any = None) -> None:
    """Refuse with ``PermissionDenied`` unless the actor has the permission (on the object)."""
    if not actor.has_perm(permission, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def apply_changes(instance: ModelT, data: Mapping[str, Any], allowed: frozenset[str]) -> ModelT:
    """Set the given fields on the instance; any field outside ``allowed`` refuses them all."""
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    for name, value in data.items():
        setattr(instance, name, value)
    return instance


class Versioned(Protocol):
    """A model whose ``version`` goes up by one at each change (an edit form sends the one it
    started from)."""

    pk: Any
    version: int


VersionedT = TypeVar("VersionedT", bound=Versioned)


def locked_unchanged(record: VersionedT, expected_version: int, message: str = "") -> VersionedT:
    """The record as stored now, locked until the transaction ends, with its next version set;
    refused (code ``stale``) if someone changed it since ``expected_version``, so that nothing
    is overwritten unseen. ``message`` names the record for the editor."""
    manager = type(record)._default_manager  # type: ignore[attr-defined]
    current: VersionedT = manager.select_for_update().get(pk=record.pk)
    if current.version != expected_version:
        raise ValidationError(
            message
            or _(
                "Someone else changed this since you opened it. Review the values saved now "
                "and send your change again."
            ),
            code="stale",
        )
    current.version = expected_version + 1
    return current


def save_validated(instance: ModelT, actor: AnyUser, exclude: Sequence[str] = ()) -> ModelT:
    """Validate everything (fields, ``clean``, constraints) and save, recording the actor.

    A constraint can still fail at the database if another request won a race; that becomes
    the same kind of error rather than a crash.
    """
    instance.full_clean(exclude=list(exclude) or None)
    instance._history_user = actor if actor.is_authenticated else None  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise ValidationError(
            {NON_FIELD_ERRORS: _("This conflicts with data saved at the same time. Try again.")}
        ) from error
    return instance
