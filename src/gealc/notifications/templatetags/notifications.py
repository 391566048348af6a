"""``{% notifications_link %}``: the header's link to my notifications with the unread count."""

from __future__ import annotations

from typing import Any

from django import template

from gealc.notifications import selectors

register = template.Library()


@register.inclusion_tag("notifications/includes/header_link.html", takes_context=True)
def notifications_link(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    return {"unread": selectors.unread_count(user), "request": context["request"]}
