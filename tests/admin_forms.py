"""What a browser would post from an admin page's form: every field with its current value,
inline management forms included, so a test changes only what it means to change."""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: defaultdict[str, list[str]] = defaultdict(list)
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type") not in ("submit", "file"):
            if attributes.get("type") in ("checkbox", "radio"):
                if "checked" in attributes:
                    self.values[name].append(attributes.get("value") or "on")
            else:
                self.values[name].append(attributes.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attributes:
            self.values[self._select].append(attributes.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea][-1] += data.removeprefix("\n")


def form_values(html: str) -> dict[str, list[str]]:
    """Field name → the values the page's form would post (the CSRF token left out)."""
    reader = _FormReader()
    reader.feed(html)
    reader.values.pop("csrfmiddlewaretoken", None)
    return dict(reader.values)
