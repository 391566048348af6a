"""Contributions are sanitised by nh3 (the Rust ``ammonia`` sanitiser), never by hand.

What a contributor types is kept as a small safe subset of HTML: paragraphs, line breaks,
emphasis, lists, quotations and links (``http``, ``https`` and ``mailto`` only, marked
``nofollow noopener ugc``). Scripts, styles, event handlers and every other tag or attribute
are removed before the text is stored, so a page may show it as it is. Exports and the API's
plain form use :func:`plain_text`.
"""

from __future__ import annotations

import html

import nh3

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "a"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener ugc"


def clean_html(text: str) -> str:
    """The text as safe HTML: allowed markup kept, everything else removed; plain line breaks
    become ``<br>`` so a paragraph typed in a text box reads as typed."""
    cleaned = nh3.clean(
        text.replace("\r\n", "\n").strip(),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
    )
    return cleaned.replace("\n", "<br>")


def plain_text(text: str) -> str:
    """The words of a stored contribution without any markup (for exports and the API)."""
    without_tags = nh3.clean(text.replace("<br>", "\n"), tags=set())
    return html.unescape(without_tags).strip()
