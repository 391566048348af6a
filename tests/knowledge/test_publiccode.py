"""publiccode.yml: the shipped examples (written in the shape of real published files) round
trip; every problem is reported with its key path; a refused import changes nothing."""

from __future__ import annotations

import pytest
import yaml
from django.contrib.auth.models import User

from gealc.knowledge import publiccode, services
from gealc.knowledge.models import SoftwareEntry
from gealc.knowledge.publiccode import PubliccodeError, licence_problem

from .conftest import PUBLICCODE_DIR, publiccode_text

pytestmark = pytest.mark.usefixtures("english")

EXAMPLES = sorted(path.name for path in PUBLICCODE_DIR.glob("*.yml"))
MODELLED_KEYS = (
    "name",
    "url",
    "platforms",
    "developmentStatus",
    "softwareType",
    "legal",
    "maintenance",
    "localisation",
    "description",
)


def _problems(text: str) -> dict[str, str]:
    with pytest.raises(PubliccodeError) as caught:
        publiccode.parse(text)
    return {problem.path: problem.message for problem in caught.value.problems}


def _without(key_path: str, name: str = "participa.yml") -> str:
    document = yaml.safe_load(publiccode_text(name))
    *parents, last = key_path.split(".")
    node = document
    for key in parents:
        node = node[key]
    del node[last]
    return yaml.safe_dump(document, allow_unicode=True)


def _with(key_path: str, value: object, name: str = "participa.yml") -> str:
    document = yaml.safe_load(publiccode_text(name))
    *parents, last = key_path.split(".")
    node = document
    for key in parents:
        node = node[key]
    node[last] = value
    return yaml.safe_dump(document, allow_unicode=True)


def test_there_are_four_examples_of_three_versions() -> None:
    assert len(EXAMPLES) == 4
    versions = {str(yaml.safe_load(publiccode_text(n))["publiccodeYmlVersion"]) for n in EXAMPLES}
    assert {"0.2", "0.3", "0.4"} <= {v[:3] for v in versions}


@pytest.mark.parametrize("name", EXAMPLES)
def test_round_trip(name: str, secretariat: User) -> None:
    """Import, export, re-parse: the same modelled values; keys we do not model survive."""
    original = yaml.safe_load(publiccode_text(name))
    entry = services.software_import_publiccode(
        actor=secretariat, text=publiccode_text(name)
    ).instance
    exported = services.software_export_publiccode(entry=entry)
    again = yaml.safe_load(exported)
    assert publiccode.parse(exported).fields == publiccode.parse(publiccode_text(name)).fields
    for key in original:
        assert key in again, key
    for key in ("name", "url", "platforms", "developmentStatus", "softwareType"):
        assert again[key] == original[key]
    assert again["legal"]["license"] == original["legal"]["license"]
    assert set(again["description"]) == set(original["description"])
    # Importing the export again updates the same entry and changes no field.
    before = {
        f.name: getattr(entry, f.name)
        for f in SoftwareEntry._meta.fields
        if f.name not in ("publiccode_yml", "updated_at", "search_vector")
    }
    same = services.software_import_publiccode(actor=secretariat, text=exported).instance
    assert same.pk == entry.pk
    after = {
        f.name: getattr(same, f.name)
        for f in SoftwareEntry._meta.fields
        if f.name not in ("publiccode_yml", "updated_at", "search_vector")
    }
    assert after == before


def test_version_0_2_language_keys_map_to_the_site_languages(secretariat: User) -> None:
    entry = services.software_import_publiccode(
        actor=secretariat, text=publiccode_text("firma-digital-movil.yml")
    ).instance
    assert entry.short_description_es.startswith("Firme documentos")
    assert entry.short_description_en.startswith("Sign legally")
    assert entry.feature_list  # in the active language or its fallback
    assert entry.release_date.isoformat() == "2024-09-12"
    assert entry.maintenance_contacts[0]["email"] == "firma@example.org"
    exported = yaml.safe_load(services.software_export_publiccode(entry=entry))
    assert set(exported["description"]) == {"spa", "eng"}
    assert exported["dependsOn"]["open"][0]["name"] == "OpenSC"


def test_regional_version_links_to_its_base(
    software_participa: SoftwareEntry, software_regional: SoftwareEntry
) -> None:
    assert software_regional.is_based_on == software_participa
    assert list(software_participa.regional_versions.all()) == [software_regional]
    exported = yaml.safe_load(services.software_export_publiccode(entry=software_regional))
    # Written as the file wrote it (one address or a list of them).
    assert exported["isBasedOn"] in (software_participa.url, [software_participa.url])


def test_broken_yaml_is_one_clear_error(english: None) -> None:
    problems = _problems("name: [unclosed\nurl: x")
    assert list(problems) == [""]
    assert "not valid YAML" in problems[""]
    assert "line" in problems[""]


@pytest.mark.parametrize(
    "text",
    ["releaseDate: 2026-02-29", "releaseDate: 2026-13-01", "a: " + "[" * 5000 + "]" * 5000],
)
def test_yaml_that_cannot_be_read_is_one_clear_error(text: str, english: None) -> None:
    """A date that does not exist (YAML reads it as a date) or nesting deeper than the reader
    goes: refused with the same message, not a crash."""
    assert _problems(text) == {"": "This is not valid YAML."}


@pytest.mark.parametrize("text", ["", "just a string", "- a\n- list", "42"])
def test_a_document_that_is_not_a_mapping(text: str, english: None) -> None:
    assert "mapping" in _problems(text)[""]


@pytest.mark.parametrize(
    "key_path",
    [
        "publiccodeYmlVersion",
        "name",
        "url",
        "platforms",
        "developmentStatus",
        "softwareType",
        "legal.license",
        "maintenance.type",
        "localisation.localisationReady",
        "localisation.availableLanguages",
        "description",
        "description.en.shortDescription",
    ],
)
def test_each_missing_required_key_is_named(key_path: str, english: None) -> None:
    problems = _problems(_without(key_path))
    assert problems[key_path] == "This key is required."


def test_every_problem_is_reported_at_once(english: None) -> None:
    document = yaml.safe_load(publiccode_text("participa.yml"))
    document["legal"]["license"] = "GPL-9"
    document["developmentStatus"] = "finished"
    document["softwareType"] = "standalone"
    document["platforms"] = ["web", 7]
    document["releaseDate"] = "31/12/2024"
    document["url"] = "not a url"
    document["maintenance"]["type"] = "volunteers"
    document["categories"] = ["Bad Category"]
    document["description"]["en"]["shortDescription"] = "x" * 151
    document["publiccodeYmlVersion"] = "1.0"
    del document["name"]
    problems = _problems(yaml.safe_dump(document, allow_unicode=True))
    assert problems["legal.license"] == "“GPL-9” is not an SPDX licence."
    assert "finished" in problems["developmentStatus"]
    assert "standalone" in problems["softwareType"]
    assert problems["platforms"] == "Give a list of texts."
    assert "31/12/2024" in problems["releaseDate"]
    assert "web address" in problems["url"]
    assert "volunteers" in problems["maintenance.type"]
    assert "categories[0]" in problems
    assert "150" in problems["description.en.shortDescription"]
    assert problems["publiccodeYmlVersion"] == "“1.0” is not a published version; use 0.2 to 0.7."
    assert problems["name"] == "This key is required."
    assert len(problems) == 11


def test_error_message_is_prefixed_by_its_key_path(english: None) -> None:
    with pytest.raises(PubliccodeError) as caught:
        publiccode.parse(_with("legal.license", "GPL-9"))
    assert [str(p) for p in caught.value.problems] == [
        "legal.license: “GPL-9” is not an SPDX licence."
    ]
    assert caught.value.message_dict == {"legal.license": ["“GPL-9” is not an SPDX licence."]}


def test_maintenance_rules() -> None:
    assert "maintenance.contacts" in _problems(_without("maintenance.contacts"))
    contract = yaml.safe_load(publiccode_text("participa-caribe.yml"))
    del contract["maintenance"]["contractors"]
    assert "maintenance.contractors" in _problems(yaml.safe_dump(contract))
    nameless = _with("maintenance.contacts", [{"email": "a@example.org"}])
    assert "maintenance.contacts[0].name" in _problems(nameless)


def test_is_based_on_must_be_addresses() -> None:
    assert "isBasedOn[1]" in _problems(_with("isBasedOn", ["https://a.example.org", "nope"]))


def test_refused_import_changes_nothing(
    secretariat: User, software_participa: SoftwareEntry
) -> None:
    before = list(SoftwareEntry.objects.values())
    broken = _with("legal.license", "Proprietary-9")
    with pytest.raises(PubliccodeError):
        services.software_import_publiccode(actor=secretariat, text=broken)
    with pytest.raises(PubliccodeError):
        services.software_import_publiccode(actor=secretariat, text="name: [")
    assert list(SoftwareEntry.objects.values()) == before


def test_bytes_and_size_limits() -> None:
    assert "UTF-8" in _problems(b"\xff\xfe\x00name")[""]  # type: ignore[arg-type]
    assert "512 KB" in _problems("name: " + "x" * (600 * 1024))[""]
    parsed = publiccode.parse(publiccode_text("participa.yml").encode("utf-8"))
    assert parsed.fields["name"] == "Participa (demo)"


@pytest.mark.parametrize(
    "expression",
    [
        "MIT",
        "Apache-2.0",
        "AGPL-3.0-or-later",
        "GPL-2.0+",
        "MIT OR Apache-2.0",
        "(MIT AND BSD-3-Clause) OR GPL-3.0-only",
        "GPL-2.0-only WITH Classpath-exception-2.0",
        "LicenseRef-Proprietary",
        "mit",
        "EUPL-1.2",
    ],
)
def test_valid_spdx_expressions(expression: str) -> None:
    assert licence_problem(expression) is None


@pytest.mark.parametrize(
    ("expression", "fragment"),
    [
        ("GPL-9", "GPL-9"),
        ("MIT OR", "incomplete"),
        ("(MIT", "incomplete"),
        ("MIT MIT", "MIT"),
        ("MIT WITH Nope-exception", "Nope-exception"),
        ("", "SPDX"),
        ("MIT; rm -rf", "SPDX"),
        ("AND MIT", "AND"),
    ],
)
def test_invalid_spdx_expressions(expression: str, fragment: str, english: None) -> None:
    problem = licence_problem(expression)
    assert problem is not None
    assert fragment in problem
