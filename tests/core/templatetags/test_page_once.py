"""``first_on_page``: a label for every row (the Demo badge) is shown once per page."""

from django.template import Context, Template
from django.test import RequestFactory

ASKED_TWICE = Template(
    '{% load page_once %}{% first_on_page "demo-badge" as first %}'
    '{% first_on_page "demo-badge" as second %}{% first_on_page "other" as other %}'
    "{{ first }} {{ second }} {{ other }}"
)


def test_only_the_first_ask_of_a_name_on_a_page_is_true() -> None:
    request = RequestFactory().get("/")
    assert ASKED_TWICE.render(Context({"request": request})) == "True False True"
    # The same request rendering another fragment: the page already showed it.
    assert ASKED_TWICE.render(Context({"request": request})) == "False False False"


def test_a_fragment_rendered_without_a_request_is_its_own_page() -> None:
    assert ASKED_TWICE.render(Context({})) == "True True True"
