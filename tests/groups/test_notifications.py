"""What the working groups tell people goes through the one notification service, under the
kinds the app declares: a meeting scheduled or changed reaches the group's members, an action
reaches its owner, each in their language with dates written for it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from gealc.core import l10n
from gealc.groups import notifications as group_notifications
from gealc.groups import services
from gealc.notifications import kinds
from gealc.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_app_registers_its_own_declarations() -> None:
    assert kinds.get("meeting") is group_notifications.MEETING
    assert kinds.get("action_assigned") is group_notifications.ACTION_ASSIGNED


def test_scheduling_and_changing_a_meeting_tells_the_groups_members(
    meeting_ury, member_ury, member_bra, secretariat
) -> None:
    scheduled = Notification.objects.filter(kind="meeting", recipient=member_bra)
    assert scheduled.count() == 1
    assert meeting_ury.title in scheduled.get().subject
    services.meeting_update(actor=secretariat, meeting=meeting_ury, data={"place": "Brasília"})
    assert Notification.objects.filter(kind="meeting", recipient=member_ury).count() == 2


def test_an_action_reaches_its_owner_with_the_due_date_in_their_language(
    meeting_ury, member_ury, secretariat
) -> None:
    due = datetime.date(2031, 3, 1)
    services.minutes_record(
        actor=secretariat,
        meeting=meeting_ury,
        actions=[services.ActionInput("Publish the catalogue", member_ury.person, due)],
    )
    notification = Notification.objects.get(kind="action_assigned", recipient=member_ury)
    assert "Publish the catalogue" in notification.subject
    with translation.override(notification.language):
        assert l10n.format_date(due) in notification.body
    assert "2031-03-01" not in notification.body
