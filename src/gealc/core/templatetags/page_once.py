"""``{% first_on_page "name" as first %}``: true only the first time a page asks, so a label
that applies to every row (the Demo badge) is shown once per page, not on each row."""

from typing import Any

from django import template

register = template.Library()

SHOWN_ATTRIBUTE = "_gealc_shown_once"


@register.simple_tag(takes_context=True)
def first_on_page(context: Any, name: str) -> bool:
    request = context.get("request")
    if request is None:  # a fragment rendered on its own: it is its own page
        return True
    shown: set[str] = request.__dict__.setdefault(SHOWN_ATTRIBUTE, set())
    if name in shown:
        return False
    shown.add(name)
    return True
