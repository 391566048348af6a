"""The shared form markup: every control's aria-describedby names elements that exist, so a
screen reader reads a field's help and its error with the field."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django import forms
from django.template.loader import render_to_string


class Sample(forms.Form):
    name = forms.CharField(help_text="As on the official register.")
    code = forms.CharField()
    agreed = forms.BooleanField()
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if found.get("aria-describedby") and found.get("name"):
            self.described[str(found["name"])] = str(found["aria-describedby"]).split()


def _parsed(form: forms.Form) -> tuple[_Ids, str]:
    html = render_to_string("includes/form_fields.html", {"form": form})
    parser = _Ids()
    parser.feed(html)
    return parser, html


def test_errors_and_help_are_tied_to_their_controls() -> None:
    form = Sample(data={"name": "", "code": "", "kind": "z"})
    assert not form.is_valid()
    parsed, html = _parsed(form)
    assert parsed.described["name"] == ["id_name_helptext", "id_name_error"]
    assert parsed.described["code"] == ["id_code_error"]
    assert parsed.described["agreed"] == ["id_agreed_error"]
    for name, ids in parsed.described.items():
        assert set(ids) <= parsed.ids, f"{name}: {ids} not all in the page"
    # The message comes before its control, and the summary links to each field.
    assert html.index('id="id_code_error"') < html.index('name="code"')
    assert re.search(r'<a href="#id_code">', html)


def test_a_valid_form_shows_no_error_element() -> None:
    form = Sample(data={"name": "x", "code": "y", "agreed": "on", "kind": "a"})
    assert form.is_valid()
    parsed, html = _parsed(form)
    assert "field-error" not in html
    assert parsed.described == {"name": ["id_name_helptext"]}
