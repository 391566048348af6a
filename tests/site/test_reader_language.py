"""Every word in the reader's language: the public pages and the main member pages of the demo,
rendered in Portuguese and French, show no Spanish or English text that comes from the code
(a msgid, or its Spanish translation) or from the demo's translated content (a practice's
Spanish title where a Portuguese one exists). Text in an element whose ``lang`` says it is in
another language (a practice not yet translated, marked so) is allowed, as are proper names
(they are the same in every language, so they are in no list) and code.

Also: an evidence field's "Accepted types" note is in the reader's language (it was written
once, in Spanish, when the form module was imported), and so are the API's messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polib
import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation
from modeltranslation.translator import translator

from gealc.core.demo_loading import load_all
from gealc.knowledge.models import OpenDataSet, Practice, SoftwareEntry
from gealc.measurement.forms import ValueRowForm
from gealc.measurement.models import FrameworkVersion, Round
from gealc.observatory.models import IndexRun

LOCALE = Path(apps.get_app_config("site").path).parent / "locale"
READER_LANGUAGES = ("pt", "fr")
# A phrase shorter than this many words may well be the same in the reader's language
# ("Costa Rica", "Total", "Software") or a name: only longer ones are looked for.
MIN_WORDS = 3
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}")
# A document's <title> cannot mark a part of it as another language: the page's heading does.
SKIPPED_ELEMENTS = {"script", "style", "code", "kbd", "samp", "pre", "template", "title"}
VOID_ELEMENTS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
READ_ATTRIBUTES = ("aria-label", "alt", "title", "placeholder")
PUNCTUATION = " .,:;()«»\"'\u2014\u2013-"

pytestmark = pytest.mark.django_db


# What the page says --------------------------------------------------------------------------


class _ReaderText(HTMLParser):
    """The text a reader of ``language`` sees or hears, leaving out code and elements marked
    as written in another language."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.texts: list[str] = []

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = (values.get("lang") or self.language).split("-")[0]
        skipped = self.skipping or tag in SKIPPED_ELEMENTS or lang != self.language
        if not skipped:
            self.texts += [values[a] or "" for a in READ_ATTRIBUTES if values.get(a)]
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.texts.append(data)


def reader_text(html: str, language: str) -> str:
    parser = _ReaderText(language)
    parser.feed(html)
    return _normalised(" ¶ ".join(parser.texts))


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\xa0", " ")).strip()


# What must not be there ----------------------------------------------------------------------


def _phrases(text: str) -> set[str]:
    """The runs of words between placeholders and line breaks, long enough to be a tell."""
    parts = PLACEHOLDER.split(re.sub(r"<[^>]+>", " ", text))
    phrases = set()
    for part in parts:
        for line in part.splitlines():
            phrase = _normalised(line).strip(PUNCTUATION)
            if len(phrase.split()) >= MIN_WORDS:
                phrases.add(phrase)
    return phrases


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _catalogue_texts(entries: polib.POFile, *, msgid: bool) -> set[str]:
    texts = set()
    for entry in entries:
        if entry.obsolete:
            continue
        if msgid:
            texts |= _phrases(entry.msgid) | _phrases(entry.msgid_plural or "")
        else:
            texts |= _phrases(entry.msgstr)
            texts |= {p for form in entry.msgstr_plural.values() for p in _phrases(form)}
    return texts


def _content_texts() -> dict[str, set[str]]:
    """Every translated field's text in each language, from the demo's database."""
    texts: dict[str, set[str]] = {code: set() for code in ("es", "pt", "en", "fr")}
    for model in translator.get_registered_models():
        fields = translator.get_options_for_model(model).fields
        for name in fields:
            for code in texts:
                values = model._default_manager.values_list(f"{name}_{code}", flat=True)
                for value in values:
                    texts[code] |= _phrases(value or "")
    return texts


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, set[str]]]:
    """The demo, loaded once for the module and rolled back at its end, and for each reader
    language the phrases that would betray Spanish or English on its pages."""
    fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast_hashing),
        transaction.atomic(),
    ):
        load_all()
        content = _content_texts()
        code_texts = _catalogue_texts(_catalogue("pt"), msgid=True) | _catalogue_texts(
            _catalogue("es"), msgid=False
        )
        foreign = {}
        for language in READER_LANGUAGES:
            own = _catalogue_texts(_catalogue(language), msgid=False) | content[language]
            foreign[language] = (code_texts | content["es"] | content["en"]) - own
        yield foreign
        transaction.set_rollback(True)


# The pages -------------------------------------------------------------------------------------


def _public_pages() -> list[str]:
    practice = Practice.objects.filter(state=Practice.State.PUBLISHED).order_by("pk").first()
    software = SoftwareEntry.objects.filter(state="published").order_by("pk").first()
    dataset = OpenDataSet.objects.order_by("pk").first()
    framework = FrameworkVersion.objects.get(code="GEALC-DGI", version="2025.1")
    assert practice is not None
    assert software is not None
    assert dataset is not None
    indicator = framework.indicators.order_by("order").first()
    assert indicator is not None
    return [
        "/",
        "/countries/",
        "/countries/per/",
        "/countries/per/history/",
        "/directory/?q=agencia",
        "/governance/",
        "/organisations/",
        "/frameworks/",
        f"/frameworks/{framework.code}/{framework.version}/",
        "/observatory/",
        "/observatory/countries/per/",
        "/observatory/compare/?countries=PER&countries=URY&countries=BRA",
        "/observatory/methodology/",
        "/observatory/downloads/",
        f"/observatory/indicators/{indicator.code}/",
        "/practices/",
        f"/practices/{practice.slug}/",
        "/software/",
        f"/software/{software.slug}/",
        "/open-data/",
        f"/open-data/{dataset.slug}/",
        "/open-data/maturity/",
        "/search/?q=digital",
    ]


def _member_pages() -> list[tuple[str, str]]:
    """(account, address) of the pages members use most."""
    current = Round.objects.get(is_demo=True, status=Round.Status.OPEN)
    run = IndexRun.objects.order_by("-pk").first()
    assert run is not None
    return [
        ("focal-bra", "/rounds/"),
        ("focal-bra", f"/rounds/{current.pk}/bra/"),
        ("focal-bra", f"/rounds/{current.pk}/bra/history/"),
        ("reviewer", f"/rounds/{current.pk}/ury/"),
        ("secretariat", f"/rounds/{current.pk}/"),
        ("secretariat", "/observatory/runs/"),
        ("secretariat", f"/observatory/runs/{run.pk}/"),
    ]


def _foreign_phrases(html: str, language: str, foreign: set[str]) -> list[str]:
    text = reader_text(html, language)
    return sorted(
        phrase
        for phrase in foreign
        # Whole words: "Índices de sensibilidad" is not in "Índices de sensibilidade".
        if phrase in text and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
    )


@pytest.mark.parametrize("language", READER_LANGUAGES)
def test_public_pages_speak_only_the_readers_language(
    loaded_demo: dict[str, set[str]], client: Client, language: str
) -> None:
    found = {}
    for address in _public_pages():
        response = client.get(f"/{language}{address}")
        assert response.status_code == 200, address
        phrases = _foreign_phrases(response.content.decode(), language, loaded_demo[language])
        if phrases:
            found[address] = phrases
    assert not found, f"Spanish or English on {language} pages: {found}"


@pytest.mark.parametrize("language", READER_LANGUAGES)
def test_member_pages_speak_only_the_readers_language(
    loaded_demo: dict[str, set[str]], client: Client, language: str
) -> None:
    found = {}
    for username, address in _member_pages():
        client.force_login(User.objects.get(username=username))
        path = f"/{language}{address}"
        response = client.get(path)
        assert response.status_code == 200, (username, path)
        phrases = _foreign_phrases(response.content.decode(), language, loaded_demo[language])
        if phrases:
            found[f"{username} {path}"] = phrases
    assert not found, f"Spanish or English on {language} pages: {found}"


# The checker itself ---------------------------------------------------------------------------


def test_text_marked_as_another_language_is_left_out() -> None:
    html = (
        '<p>Olá <span lang="es">Práctica de demostración</span> <code>x = 1</code>'
        '<img alt="Uma imagem" src="x.png"> <a title="Abrir o mapa">mapa</a></p>'
    )
    assert reader_text(html, "pt") == "Olá ¶ Uma imagem ¶ Abrir o mapa ¶ mapa"


def test_only_whole_words_count() -> None:
    foreign = {"Índices de sensibilidad"}
    assert _foreign_phrases("<p>Índices de sensibilidade</p>", "pt", foreign) == []
    assert _foreign_phrases("<p>Os Índices de sensibilidad.</p>", "pt", foreign) == [
        "Índices de sensibilidad"
    ]


def test_phrases_are_cut_at_placeholders_and_short_ones_dropped() -> None:
    assert _phrases("Computing since %(started)s: the engine builds the index.") == {
        "the engine builds the index"
    }
    assert _phrases("Costa Rica") == set()


# The evidence note and the API ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "start"),
    [("es", "Tipos aceptados"), ("pt", "Tipos aceitos"), ("en", "Accepted types")],
)
def test_the_accepted_types_note_is_in_the_readers_language(language: str, start: str) -> None:
    with translation.override(language):
        assert str(ValueRowForm.base_fields["evidence_file"].help_text).startswith(start)


@pytest.mark.parametrize(
    ("language", "message", "peru"),
    [
        ("es", "year: debe ser un número entero", "Perú"),
        ("pt", "year: deve ser um número inteiro", "Peru"),
        ("en", "year: must be a whole number", "Peru"),
        ("fr", "year: doit être un nombre entier", "Pérou"),
    ],
)
def test_the_api_answers_in_the_language_of_accept_language(
    loaded_demo: dict[str, set[str]], client: Client, language: str, message: str, peru: str
) -> None:
    error = client.get("/api/v1/runs/?year=abc", HTTP_ACCEPT_LANGUAGE=language)
    assert error.status_code == 400
    assert error.json()["message"] == message
    assert error.headers["Content-Language"] == language
    country = client.get("/api/v1/countries/PER/", HTTP_ACCEPT_LANGUAGE=language).json()
    assert country["name"] == peru
    assert country["names"]["fr"] == "Pérou"
    runs = client.get("/api/v1/runs/", HTTP_ACCEPT_LANGUAGE=language).json()["results"]
    assert runs[0]["title"] == getattr(IndexRun.objects.get(pk=runs[0]["id"]), f"title_{language}")


# Dates that did not go through gealc.core.l10n: Django's own formats.
DJANGO_DATES = {
    # Django's Portuguese months are capitalised ("4 de Dezembro de 2026"); the CLDR's are not.
    "pt": re.compile(
        r"\bde (?:Janeiro|Fevereiro|Março|Abril|Maio|Junho|Julho|Agosto|Setembro|Outubro"
        r"|Novembro|Dezembro) de \d{4}"
    ),
    # Django's English dates abbreviate months with a dot and write "a.m."/"p.m." and m/d/Y.
    "en": re.compile(
        r"\b(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec)\. \d{1,2}, \d{4}|\d\s?[ap]\.m\.|\b\d{2}/\d{2}/\d{4}\b"
    ),
}


@pytest.mark.parametrize("language", sorted(DJANGO_DATES))
def test_pages_write_dates_through_the_locale(
    loaded_demo: dict[str, set[str]], client: Client, language: str
) -> None:
    found = {}
    for username, address in [("", a) for a in _public_pages()] + _member_pages():
        if username:
            client.force_login(User.objects.get(username=username))
        html = client.get(f"/{language}{address}").content.decode()
        dates = DJANGO_DATES[language].findall(reader_text(html, language))
        if dates:
            found[f"{username} {address}"] = dates
    assert not found, f"dates in Django's {language} format: {found}"
