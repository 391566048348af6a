"""What cooperation tells people, through the shared notification service: a change of a
request's state reaches the requesting country's delegates and focal points, the provider
country's once it is matched (and the country of the practice a submitted request wants to
replicate), and the secretariat when a request waits for it. Each person reads it in their
own language."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gealc.cooperation.models import Request, State
from gealc.network import rules as network_rules
from gealc.network import selectors as network_selectors
from gealc.network.models import Country, Person
from gealc.notifications.kinds import Kind
from gealc.notifications.services import Message, notify

# The declaration of the kind ``gealc.notifications.kinds`` holds a place for;
# ``CooperationConfig.ready`` registers it.
COOPERATION_REQUEST = Kind(
    "cooperation_request", gettext_lazy("A cooperation request changed state")
)

# The secretariat acts on these states.
SECRETARIAT_STATES = frozenset({State.SUBMITTED, State.ACCEPTED, State.MATCHED, State.REPORTED})


def country_contacts(country: Country) -> list[Person]:
    """The country's current delegates, alternates and focal points."""
    appointments = network_selectors.country_delegates(country) | (
        network_selectors.country_focal_points(country)
    )
    return sorted({a.person for a in appointments}, key=lambda person: person.pk)


def _audience(request: Request) -> list[object]:
    people: list[object] = list(country_contacts(request.requesting_country))
    if request.provider_country is not None:
        people += country_contacts(request.provider_country)
    if request.practice is not None and request.state == State.SUBMITTED:
        # Asked to replicate its practice: the owning country hears of it from the start.
        people += country_contacts(request.practice.country)
    if request.state in SECRETARIAT_STATES:
        users = get_user_model().objects.filter(
            groups__name=network_rules.SECRETARIAT, is_active=True
        )
        people += list(users)
    return list(dict.fromkeys(people))  # once each, in order


def request_changed(request: Request) -> None:
    def compose() -> Message:
        return Message(
            subject=_("Cooperation request %(state)s: %(title)s")
            % {"state": request.get_state_display(), "title": request.title},
            body=_("%(country)s asked for help in %(line)s.")
            % {
                "country": request.requesting_country.name,
                "line": request.working_line.name,
            },
            link=reverse("cooperation_request_detail", args=[request.pk]),
        )

    notify(kind=COOPERATION_REQUEST.code, recipients=_audience(request), compose=compose)


FOLLOW_UP = Kind(
    "cooperation_follow_up",
    gettext_lazy("A cooperation exchange asks what changed six months on"),
)
KINDS = (COOPERATION_REQUEST, FOLLOW_UP)


def follow_up_due(request: Request) -> None:
    """Six months after the exchange: the requester, the provider and the experts."""
    people: list[object] = list(country_contacts(request.requesting_country))
    if request.provider_country is not None:
        people += country_contacts(request.provider_country)
    people += list(request.experts.all())

    def compose() -> Message:
        return Message(
            subject=_("Six months on: what changed after “%(title)s”?") % {"title": request.title},
            body=_(
                "The exchange between %(provider)s and %(requester)s was six months ago. "
                "Tell the network what changed since, in the follow-up on the request's page."
            )
            % {
                "provider": request.provider_country.name if request.provider_country else "",
                "requester": request.requesting_country.name,
            },
            link=reverse("cooperation_request_detail", args=[request.pk]),
        )

    notify(kind=FOLLOW_UP.code, recipients=list(dict.fromkeys(people)), compose=compose)
