"""Who may do what with notifications: each person reads and marks only their own; the
secretariat sees the e-mails that failed and sends them again."""

from __future__ import annotations

import rules
from django.db.models import Model

from gealc.core.types import AnyUser
from gealc.network.rules import runs_the_network
from gealc.notifications.models import Notification


@rules.predicate
def is_recipient(user: AnyUser, obj: Model | None) -> bool:
    return isinstance(obj, Notification) and user.is_authenticated and obj.recipient_id == user.pk


rules.add_perm("notifications.change_notification", is_recipient)
rules.add_perm("notifications.view_delivery", runs_the_network)
rules.add_perm("notifications.retry_delivery", runs_the_network)
