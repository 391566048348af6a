"""What the working groups tell people, through the shared notification service
(``gealc.notifications``): a meeting scheduled or changed reaches the group's current members
(the network's meetings reach the people registered for them), an action reaches its owner."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gealc.core import l10n
from gealc.groups.models import Action, Meeting, Membership
from gealc.network.models import Person
from gealc.notifications.kinds import Kind
from gealc.notifications.services import Message, notify

# The groups' own declarations of the kinds ``gealc.notifications.kinds`` holds places for;
# ``GroupsConfig.ready`` registers them.
MEETING = Kind("meeting", gettext_lazy("A meeting scheduled or changed"))
ACTION_ASSIGNED = Kind("action_assigned", gettext_lazy("An action assigned to me"))
KINDS = (MEETING, ACTION_ASSIGNED)


def _meeting_audience(meeting: Meeting) -> list[Person]:
    if meeting.group is not None:
        members = Membership.objects.current().filter(group=meeting.group)
        people = {m.person for m in members.select_related("person__user")}
    else:
        people = set()
    people |= {r.person for r in meeting.registrations.select_related("person__user")}
    return sorted(people, key=lambda person: person.pk)


def meeting_changed(meeting: Meeting, *, created: bool) -> None:
    def compose() -> Message:
        subject = (
            _("Meeting scheduled: %(title)s") if created else _("Meeting changed: %(title)s")
        ) % {"title": meeting.title}
        # In the recipient's language, at the meeting's own hour.
        when = l10n.format_datetime(meeting.local_start, meeting.time_zone)
        body = _("%(when)s (%(zone)s). %(place)s") % {
            "when": when,
            "zone": meeting.time_zone,
            "place": meeting.place or meeting.online_link,
        }
        link = reverse("meeting_detail", args=[meeting.pk])
        return Message(subject=subject, body=body, link=link)

    notify(kind=MEETING.code, recipients=_meeting_audience(meeting), compose=compose)


def action_assigned(action: Action) -> None:
    def compose() -> Message:
        return Message(
            subject=_("Action assigned to you: %(title)s") % {"title": action.title},
            body=_("Due %(due)s, from the minutes of %(meeting)s.")
            % {"due": l10n.format_date(action.due), "meeting": action.meeting.title},
            link=reverse("meeting_detail", args=[action.meeting_id]),
        )

    notify(kind=ACTION_ASSIGNED.code, recipients=[action.owner], compose=compose)
