"""The registry of notification kinds: what a person can be told about.

Each app declares its kinds in its ``AppConfig.ready()`` with ``register``, so this app never
imports the apps above it. A kind has a stable code (stored with each notification and each
person's preference), a translatable label for the preferences page, and the delivery a person
gets until they choose another.

The kinds that belong to apps not built yet (invitations, meetings, actions, cooperation,
consultations) are declared below so that people can choose their delivery for them now; the
app that sends them registers its own declaration, which replaces this one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    """How a person receives a kind of notification by e-mail (in-app it is always shown)."""

    IMMEDIATE = "immediate", _("E-mail at once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("No e-mail")


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    default: str = Frequency.IMMEDIATE


_registry: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    """Add kinds (or replace the declaration of a kind with the same code)."""
    for kind in kinds:
        if kind.default not in Frequency.values:
            raise ValueError(f"Unknown frequency {kind.default!r} for kind {kind.code!r}")
        _registry[kind.code] = kind


def get(code: str) -> Kind:
    """The kind with this code; an unknown code is a programming error (``KeyError``)."""
    return _registry[code]


def all_kinds() -> list[Kind]:
    """Every registered kind, in the order they were first registered."""
    return list(_registry.values())


INVITATION = Kind("invitation", _("An invitation to the platform or to a role"))
MEETING = Kind("meeting", _("A meeting scheduled or changed"))
ACTION_ASSIGNED = Kind("action_assigned", _("An action assigned to me"))
COOPERATION_REQUEST = Kind("cooperation_request", _("A cooperation request changed state"))
CONSULTATION_OPENED = Kind(
    "consultation_opened", _("A public consultation opened"), Frequency.WEEKLY
)

register(INVITATION, MEETING, ACTION_ASSIGNED, COOPERATION_REQUEST, CONSULTATION_OPENED)
