"""The es, pt, en and fr catalogues are complete, compiled and in step with the code.

``make messages`` refreshes and compiles them; a failure here lists every message to fix.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import gealc

PACKAGE = Path(gealc.__file__).resolve().parent
LOCALE = PACKAGE / "locale"
TEMPLATES = PACKAGE / "templates"
TRANSLATED = ("es", "pt", "fr")  # English msgids are English: empty msgstr means "as is"
LANGUAGES = (*TRANSLATED, "en")


def _po(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _key(entry: polib.POEntry | polib.MOEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _describe(entry: polib.POEntry) -> str:
    where = ", ".join(path for path, _line in entry.occurrences[:2])
    context = f" [context {entry.msgctxt}]" if entry.msgctxt else ""
    return f"  {entry.msgid!r}{context} ({where})"


def _is_translated(entry: polib.POEntry) -> bool:
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_exists_with_a_proper_header(language: str) -> None:
    catalogue = _po(language)
    assert catalogue.metadata.get("Language") == language
    assert "charset=UTF-8" in catalogue.metadata.get("Content-Type", "")
    assert "Plural-Forms" in catalogue.metadata
    assert not catalogue.metadata_is_fuzzy


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language: str) -> None:
    missing = [
        _describe(entry)
        for entry in _po(language)
        if not entry.obsolete and not _is_translated(entry)
    ]
    assert not missing, (
        f"{len(missing)} messages have no (or only a fuzzy) {language} translation "
        f"in {LOCALE / language / 'LC_MESSAGES' / 'django.po'}:\n" + "\n".join(missing)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    """The committed .mo holds exactly the .po's translations (run `make messages`)."""
    messages = LOCALE / language / "LC_MESSAGES"
    source = {
        _key(entry): (entry.msgstr, entry.msgstr_plural)
        for entry in _po(language).translated_entries()
    }
    compiled = {
        _key(entry): (entry.msgstr, entry.msgstr_plural)
        for entry in polib.mofile(str(messages / "django.mo"))
        if entry.msgid  # the header
    }
    stale = sorted(str(key) for key in source.keys() ^ compiled.keys())
    stale += sorted(
        str(key) for key in source.keys() & compiled.keys() if source[key] != compiled[key]
    )
    assert not stale, f"{messages / 'django.mo'} is out of date for: " + ", ".join(stale[:20])


def test_catalogues_contain_every_message_of_the_code(tmp_path: Path) -> None:
    """Extract the messages afresh (needs GNU gettext) and compare with the catalogue."""
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext is not installed (only `make messages` needs it)")
    copy = tmp_path / "gealc"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("static", "locale", "migrations", "__pycache__", "index"),
    )
    (copy / "locale").mkdir()
    # Without settings, makemessages writes into ./locale of the copy, never into ours.
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "es", "--add-location", "file"],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        timeout=300,
    )
    fresh = polib.pofile(str(copy / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    known = {_key(entry) for entry in _po("es") if not entry.obsolete}
    new = sorted(_describe(entry) for entry in fresh if _key(entry) not in known)
    assert not new, (
        f"{len(new)} messages of the code are missing from the catalogues; "
        "run `make messages` and translate them:\n" + "\n".join(new)
    )


# Visible text left in a template once every template tag, HTML tag and comment is removed.
_NOT_VISIBLE = [
    re.compile(pattern, re.DOTALL)
    for pattern in (
        r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}",
        r"\{%\s*blocktrans(late)?\b.*?\{%\s*endblocktrans(late)?\s*%\}",
        r"\{#.*?#\}",
        r"<(script|style)\b.*?</\1>",
        r"<!--.*?-->",
        r"\{%.*?%\}",
        r"\{\{.*?\}\}",
        r"<[^>]*>",
        r"&[#\w]+;",
    )
]


# A word with a lower-case letter: acronyms and format names (CSV, XLSX, ISO) need no translation.
_WORD = re.compile(r"\b(?=[^\W\d_]*[a-z])[^\W\d_]{2,}\b")


def _visible_text(template: str) -> str:
    for pattern in _NOT_VISIBLE:
        template = pattern.sub(" ", template)
    return " ".join(template.split())


def test_templates_have_no_untranslated_text() -> None:
    """Every word a reader sees comes from {% translate %}/{% blocktranslate %} or data."""
    untranslated = {
        str(path.relative_to(TEMPLATES)): text
        for path in sorted(TEMPLATES.rglob("*.html"))
        if _WORD.search(text := _visible_text(path.read_text(encoding="utf-8")))
    }
    assert not untranslated, "Untranslated text in templates:\n" + "\n".join(
        f"  {name}: {text[:120]!r}" for name, text in untranslated.items()
    )
