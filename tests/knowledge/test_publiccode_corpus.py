"""Real publiccode.yml files (``publiccode_corpus/``, sources in its SOURCES.md) import, or fail
for the reason the standard gives; those that import export back to the same document."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import User

from gealc.knowledge import services
from gealc.knowledge.models import SoftwareEntry
from gealc.knowledge.publiccode import PubliccodeError

CORPUS = Path(__file__).parent / "publiccode_corpus"

# File → None when it conforms, else every problem's key path with a word of its message.
EXPECTED: dict[str, dict[str, str] | None] = {
    "it-agid-wai-portal.yml": None,  # 0.2, contract maintenance, Italian only
    "it-agid-pat.yml": None,
    "it-arpa-simc-dballe.yml": None,
    "it-arpapiemonte-openoise-meter.yml": None,  # Italian and English
    "it-comune-milano-whistleblowing.yml": {
        # 0.3 still requires releaseDate (optional from 0.4).
        "releaseDate": "required",
    },
    "de-aitema-terminvergabe.yml": {
        "categories[1]": "“government”",  # a scope, not a category
        "maintenance.type": "“commercial”",
    },
    "de-aitema-hinweisgebersystem.yml": {
        "categories[0]": "“compliance”",
        "maintenance.type": "“commercial”",
        "description.de.shortDescription": "150",
    },
    "nl-amsterdam-signals-frontend.yml": None,
    "nl-amsterdam-design-system.yml": None,  # 0.7 without categories: optional since 0.5
    "nl-bzk-bouwmeester.yml": None,  # upper-case country code, allowed since 0.5
    "nl-cisofy-lynis.yml": None,  # platform "mac"
    "se-riksarkivet-htrflow.yml": None,  # version "0", the latest 0.x
    "fr-catalalang-catala.yml": {
        "fundedBy": "0.5",
        "releaseDate": "required",
        "platforms": "required",
        "categories": "required",
        "developmentStatus": "required",
        "localisation.localisationReady": "required",
        "localisation.availableLanguages": "required",
        "description.en.genericName": "required",
        "description.fr.genericName": "required",
        "description.en.longDescription": "required",
        "description.en.features": "required",
    },
    "lt-card-ai-blkt-vms-validavimas.yml": {
        "categories": "required",  # 0.4: categories became optional only in 0.5
        "legal.license": "SPDX",
        "maintenance.contacts": "contact",
    },
    "us-codeforbaltimore-bmore-responsive.yml": {
        "categories[0]": "“emergency-response”",
        "developmentStatus": "“production”",
        "description.en.longDescription": "500",  # 0.2's minimum
    },
}


def test_the_corpus_is_listed_whole() -> None:
    files = {path.name for path in CORPUS.glob("*.yml")}
    assert files == set(EXPECTED)
    assert len(files) >= 15
    sources = (CORPUS / "SOURCES.md").read_text()
    assert all(f"`{name}`" in sources for name in files)


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e is None))
def test_conforming_file_imports_and_exports_the_same_document(
    name: str, secretariat: User, english: None
) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    original = yaml.safe_load(text)
    entry = services.software_import_publiccode(actor=secretariat, text=text).instance
    entry.refresh_from_db()
    assert entry.descriptions == original["description"]
    exported = services.software_export_publiccode(entry=entry)
    assert yaml.safe_load(exported) == original


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e is not None))
def test_nonconforming_file_fails_for_the_standards_reason(
    name: str, secretariat: User, english: None
) -> None:
    expected = EXPECTED[name]
    assert expected is not None
    with pytest.raises(PubliccodeError) as caught:
        services.software_import_publiccode(
            actor=secretariat, text=(CORPUS / name).read_text(encoding="utf-8")
        )
    problems = {problem.path: problem.message for problem in caught.value.problems}
    assert set(problems) == set(expected)
    for path, word in expected.items():
        assert word in problems[path], (path, problems[path])
    assert not SoftwareEntry.objects.exists()
