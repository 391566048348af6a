"""publiccode.yml checked against the rules of the version a file declares (0.2 to 0.7);
descriptions kept in every language, shown in the reader's language or marked as a fallback."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
import yaml
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gealc.knowledge import publiccode, services
from gealc.knowledge.models import SoftwareEntry
from gealc.knowledge.publiccode import PubliccodeError

from .conftest import publiccode_text

pytestmark = pytest.mark.usefixtures("english")

ITALIAN_LONG = (
    "Un'applicazione per gestire le prenotazioni degli sportelli comunali: i cittadini "
    "scelgono giorno e ora, ricevono un promemoria e gli uffici vedono l'agenda del giorno. "
) * 5


def _document(version: str = "0.7", **changes: Any) -> dict[str, Any]:
    """participa.yml at ``version``, made valid for 0.2 (genericName, long enough texts), with
    ``changes`` applied (a value of None deletes the key)."""
    document = yaml.safe_load(publiccode_text("participa.yml"))
    document["publiccodeYmlVersion"] = version
    document.pop("organisation")
    for block in document["description"].values():
        block["genericName"] = "Participation"
        block["longDescription"] = block["longDescription"] * 2
    for key, value in changes.items():
        if value is None:
            document.pop(key, None)
        else:
            document[key] = value
    return document


def _problems(document: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(PubliccodeError) as caught:
        publiccode.parse(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    return {problem.path: problem.message for problem in caught.value.problems}


def _parses(document: dict[str, Any]) -> publiccode.Parsed:
    return publiccode.parse(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))


@pytest.mark.parametrize(
    "version", ["0.2", "0.2.0", "0.2.2", "0.3", "0.3.0", "0.4", "0.4.0", "0.5", "0.6", "0.7", "0"]
)
def test_every_published_version_is_read(version: str) -> None:
    assert _parses(_document(version)).fields["name"] == "Participa (demo)"


@pytest.mark.parametrize("version", ["0.1", "0.8", "1.0", "latest"])
def test_unpublished_versions_are_refused(version: str) -> None:
    assert "not a published version" in _problems(_document(version))["publiccodeYmlVersion"]


def test_platforms_outside_the_suggested_list_are_allowed() -> None:
    assert _parses(_document(platforms=["macos", "web"])).fields["platforms"] == ["macos", "web"]
    assert _parses(_document(platforms="linux")).fields["platforms"] == ["linux"]


def test_long_description_and_features_are_needed_in_one_language_only() -> None:
    document = _document()
    del document["description"]["pt"]["longDescription"]
    del document["description"]["en"]["features"]
    assert _parses(document).fields["long_description_pt"] == ""
    for key in ("longDescription", "features"):
        for block in document["description"].values():
            block.pop(key, None)
        assert _problems(document)[f"description.es.{key}"] == "This key is required."


def test_categories_are_mandatory_before_0_5_and_versioned() -> None:
    assert _problems(_document("0.4", categories=None))["categories"] == "This key is required."
    assert _parses(_document("0.5", categories=None)).fields["categories"] == []
    assert "categories[0]" in _problems(_document("0.4", categories=["other"]))
    assert _parses(_document("0.5", categories=["other"]))
    assert "categories[0]" in _problems(_document("0.2", categories=["whistleblowing"]))
    assert _parses(_document("0.3", categories=["whistleblowing"]))
    assert "categories[0]" in _problems(_document(categories=["e-participation"]))


def test_release_date_is_mandatory_before_0_4() -> None:
    assert _problems(_document("0.3", releaseDate=None)) == {"releaseDate": "This key is required."}
    assert _parses(_document("0.4", releaseDate=None)).fields["release_date"] is None
    assert "releaseDate" in _problems(_document(releaseDate="2025-2-1"))


def test_version_0_2_needs_generic_name_and_longer_descriptions() -> None:
    document = _document("0.2")
    del document["description"]["en"]["genericName"]
    document["description"]["es"]["longDescription"] = "x" * 300
    document["description"]["pt"]["features"] = ["y" * 101]
    assert _problems(document) == {
        "description.en.genericName": "This key is required.",
        "description.es.longDescription": "Between 500 and 10000 characters.",
        "description.pt.features[0]": "At most 100 characters.",
    }
    document["publiccodeYmlVersion"] = "0.3"
    assert _parses(document)


def test_countries_languages_and_scope_follow_their_lists() -> None:
    audience = {"countries": ["NL"], "scope": ["government"]}
    assert "intendedAudience.countries[0]" in _problems(_document("0.4", intendedAudience=audience))
    assert _parses(_document("0.5", intendedAudience=audience))
    wrong = {"countries": ["xx"], "unsupportedCountries": ["it"], "scope": ["governance"]}
    assert set(_problems(_document(intendedAudience=wrong))) == {
        "intendedAudience.countries[0]",
        "intendedAudience.scope[0]",
    }
    document = _document()
    document["description"]["qq-ZZ"] = document["description"].pop("en")
    document["localisation"]["availableLanguages"] = ["es", "klingon"]
    assert set(_problems(document)) == {
        "description.qq-ZZ",
        "localisation.availableLanguages[1]",
    }


def test_keys_added_later_are_refused_in_earlier_versions() -> None:
    funders = [{"name": "Red GEALC", "uri": "https://example.org/red"}]
    assert "0.5" in _problems(_document("0.4", fundedBy=funders))["fundedBy"]
    assert _parses(_document("0.5", fundedBy=funders))
    supports = [{"id": "alias:gdpr"}, {"id": "https://eur-lex.europa.eu/eli/reg/2016/679/oj"}]
    assert "supports" in _problems(_document("0.6", supports=supports))
    assert _parses(_document("0.7", supports=supports))
    unknown = [{"id": "alias:lgpd"}, {"id": "not a uri"}, {}]
    assert set(_problems(_document(supports=unknown))) == {
        "supports[0].id",
        "supports[1].id",
        "supports[2].id",
    }
    assert _problems(_document(organisation={"name": "Red"})) == {
        "organisation.uri": "This key is required."
    }


def test_contractors_belong_to_contract_maintenance_only() -> None:
    maintenance = {
        "type": "community",
        "contacts": [{"name": "Ana", "phone": 5551234}],
        "contractors": [{"name": "Empresa", "until": "2027-01-01"}],
    }
    assert set(_problems(_document(maintenance=maintenance))) == {
        "maintenance.contacts[0].phone",
        "maintenance.contractors",
    }
    contract = {"type": "contract", "contractors": [{"name": "Empresa"}]}
    assert _problems(_document(maintenance=contract)) == {
        "maintenance.contractors[0].until": "This key is required."
    }


def test_the_italian_section_has_its_version_and_yes_no_keys() -> None:
    italian = {"countryExtensionVersion": "1.0", "piattaforme": {"spid": True}}
    assert _parses(_document(it=italian))
    wrong = {"countryExtensionVersion": "3", "conforme": {"gdpr": "sì"}}
    assert set(_problems(_document(IT=wrong))) == {
        "IT.countryExtensionVersion",
        "IT.conforme.gdpr",
    }
    assert _problems(_document(it={"riuso": {"codiceIPA": "agid"}})) == {
        "it.countryExtensionVersion": "This key is required."
    }


# Descriptions in every language -------------------------------------------------------------


def _italian_only_text() -> str:
    document = _document(localisation={"localisationReady": True, "availableLanguages": ["it"]})
    document["description"] = {
        "it": {
            "shortDescription": "Prenotazione degli sportelli comunali.",
            "longDescription": ITALIAN_LONG,
            "features": ["Prenotazioni online", "Promemoria"],
            "documentation": "https://docs.example.org/it",
        }
    }
    return yaml.safe_dump(document, allow_unicode=True)


def test_an_italian_only_entry_keeps_and_shows_its_description(secretariat: User) -> None:
    entry = services.software_import_publiccode(
        actor=secretariat, text=_italian_only_text()
    ).instance
    entry = services.software_publish(actor=secretariat, entry=entry)
    description = entry.description_in("es")
    assert description is not None
    assert (description.language, description.is_fallback) == ("it", True)
    assert description.short == "Prenotazione degli sportelli comunali."
    assert description.features == ["Prenotazioni online", "Promemoria"]
    with translation.override("en"):
        assert description.language_name == "Italian"
        page = Client().get(reverse("software_detail", args=[entry.slug])).content.decode()
    assert "Shown in Italian" in page
    assert 'lang="it"' in page
    assert "Prenotazioni online" in page
    with translation.override("fr"):
        listing = Client().get(reverse("software_list")).content.decode()
    assert "Prenotazione degli sportelli comunali." in listing


def test_the_readers_language_is_chosen_by_primary_language(secretariat: User) -> None:
    document = _document()
    document["description"]["pt-BR"] = document["description"].pop("pt")
    entry = services.software_import_publiccode(
        actor=secretariat, text=yaml.safe_dump(document, allow_unicode=True)
    ).instance
    description = entry.description_in("pt")
    assert description is not None
    assert (description.language, description.is_fallback) == ("pt-BR", False)
    assert entry.short_description_pt.startswith("Plataforma de participação")
    page = Client().get(reverse("software_detail", args=[entry.slug])).content.decode()
    assert "Shown in" not in page


def test_an_edit_on_the_site_is_exported_and_the_rest_kept(secretariat: User) -> None:
    entry = services.software_import_publiccode(
        actor=secretariat, text=_italian_only_text()
    ).instance
    entry.short_description_en = "Booking for town-hall counters."
    entry.long_description_en = ITALIAN_LONG
    entry.features_en = "Online booking"
    entry.software_version = "9.9"
    entry.main_copyright_owner = ""
    entry.save()
    exported = yaml.safe_load(services.software_export_publiccode(entry=entry))
    original = yaml.safe_load(_italian_only_text())
    assert exported["description"]["it"] == original["description"]["it"]
    assert exported["description"]["en"]["features"] == ["Online booking"]
    assert exported["softwareVersion"] == "9.9"
    assert exported["releaseDate"] == original["releaseDate"]
    assert exported["legal"] == {
        k: v for k, v in original["legal"].items() if k != "mainCopyrightOwner"
    }
    assert publiccode.parse(yaml.safe_dump(exported, allow_unicode=True))


def test_the_migration_carries_descriptions_over(secretariat: User) -> None:
    migration = importlib.import_module("gealc.knowledge.migrations.0003_software_descriptions")
    imported = services.software_import_publiccode(
        actor=secretariat, text=_italian_only_text()
    ).instance
    typed = SoftwareEntry.objects.create(
        slug="typed",
        name="Typed in",
        url="https://git.example.org/typed",
        development_status="stable",
        software_type="library",
        licence="MIT",
        maintenance_type="none",
        short_description_fr="Saisi à la main.",
        features_fr="Une\nDeux",
    )
    SoftwareEntry.objects.update(descriptions={})
    migration.carry_descriptions_over(apps, None)
    imported.refresh_from_db()
    typed.refresh_from_db()
    assert list(imported.descriptions) == ["it"]
    assert imported.descriptions["it"]["documentation"] == "https://docs.example.org/it"
    assert typed.descriptions == {
        "fr": {"shortDescription": "Saisi à la main.", "features": ["Une", "Deux"]}
    }
