"""The knowledge API: filters, visibility, publiccode.yml export with its content type, import
for members with every problem named, per-country status PATCH, search; refused writes change
nothing; the schema lists every endpoint."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.contrib.auth.models import AnonymousUser, User
from rest_framework.test import APIClient

from gealc.knowledge.models import DatasetStatus, OpenDataSet, Practice, SoftwareEntry

from .conftest import publiccode_text

pytestmark = pytest.mark.usefixtures("english")

API = "/api/v1"


def client_for(user: User | AnonymousUser) -> APIClient:
    client = APIClient()
    if user.is_authenticated:
        client.force_authenticate(user)
    return client


@pytest.fixture
def catalogue(
    practice_published: Practice,
    award: Any,
    practice_draft: Practice,
    practice_published_bra: Practice,
    software_participa: SoftwareEntry,
    software_regional: SoftwareEntry,
    software_draft_ury: SoftwareEntry,
    status_ury_budget: DatasetStatus,
    datasets: list[OpenDataSet],
) -> None:
    return None


def _slugs(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(item["slug"] for item in response.json()["results"])


def test_practices_public_list_and_filters(catalogue: None) -> None:
    client = APIClient()
    everything = _slugs(client.get(f"{API}/practices/"))
    assert everything == ["educacion-digital-en-escuelas-rurales-demo", "govbr-identidade-demo"]
    assert _slugs(client.get(f"{API}/practices/", {"country": "bra"})) == ["govbr-identidade-demo"]
    assert _slugs(client.get(f"{API}/practices/", {"award": "any"})) == [
        "educacion-digital-en-escuelas-rurales-demo"
    ]
    assert _slugs(client.get(f"{API}/practices/", {"working_line": "open-data"})) == [
        "educacion-digital-en-escuelas-rurales-demo"
    ]
    assert len(_slugs(client.get(f"{API}/practices/", {"year": 2022}))) == 2
    assert _slugs(client.get(f"{API}/practices/", {"year": 2030})) == []
    for impossible in ("soon", "", 0, -5, 9_999, 10**30):  # as the schema says: 1 to 9998
        refused = client.get(f"{API}/practices/", {"year": impossible})
        assert (refused.status_code, refused.json()["field"]) == (400, "year")
    assert _slugs(client.get(f"{API}/practices/", {"q": "EDUCACION"})) == [
        "educacion-digital-en-escuelas-rurales-demo"
    ]


def test_practice_detail_and_draft_visibility(
    catalogue: None, member_ury: User, member_bra: User
) -> None:
    body = APIClient().get(f"{API}/practices/educacion-digital-en-escuelas-rurales-demo/").json()
    assert body["country"]["iso3"] == "URY"
    assert body["awards"][0]["year"] == 2024
    assert len(body["metrics"]) == 2
    assert body["titles"]["es"] == "Educación digital en escuelas rurales (demo)"
    draft = f"{API}/practices/ventanilla-unica-de-tramites-demo/"
    assert APIClient().get(draft).status_code == 404
    assert client_for(member_bra).get(draft).status_code == 404
    assert client_for(member_ury).get(draft).status_code == 200
    assert len(_slugs(client_for(member_ury).get(f"{API}/practices/"))) == 3


def test_software_list_filters(catalogue: None) -> None:
    client = APIClient()
    assert _slugs(client.get(f"{API}/software/")) == ["participa-caribe-demo", "participa-demo"]
    assert _slugs(client.get(f"{API}/software/", {"development_status": "beta"})) == [
        "participa-caribe-demo"
    ]
    assert _slugs(client.get(f"{API}/software/", {"category": "collaboration"})) == [
        "participa-demo"
    ]
    assert _slugs(client.get(f"{API}/software/", {"licence": "AGPL-3.0-only"})) == [
        "participa-caribe-demo",
        "participa-demo",
    ]
    assert _slugs(client.get(f"{API}/software/", {"country": "URY"})) == []


def test_software_detail_and_publiccode_export(catalogue: None) -> None:
    entry = SoftwareEntry.objects.get(slug="participa-caribe-demo")
    body = APIClient().get(f"{API}/software/{entry.pk}/").json()
    assert body["is_based_on"] == "participa-demo"
    # Every language of the file's description, as imported.
    assert set(body["descriptions"]) == {"en", "fr"}
    assert body["descriptions"]["fr"]["shortDescription"] == entry.short_description_fr
    assert body["publiccode_url"].endswith(f"/api/v1/software/{entry.pk}/publiccode.yml")
    assert APIClient().get(f"{API}/software/participa-caribe-demo/").status_code == 200
    response = APIClient().get(f"{API}/software/{entry.pk}/publiccode.yml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    document = yaml.safe_load(response.content.decode())
    assert document["name"] == "Participa Caribe (demo)"
    assert document["maintenance"]["contractors"][0]["name"].startswith("Island Code")


def test_draft_software_is_hidden(catalogue: None, member_ury: User) -> None:
    draft = SoftwareEntry.objects.get(slug="firma-digital-movil-demo")
    for path in (f"{API}/software/{draft.pk}/", f"{API}/software/{draft.pk}/publiccode.yml"):
        assert APIClient().get(path).status_code == 404
        assert client_for(member_ury).get(path).status_code == 200
    assert APIClient().get(f"{API}/software/99999/publiccode.yml").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("public", 403),
        ("stakeholder", 403),
        ("reviewer", 403),
        ("member_own", 201),
        ("member_other", 201),
        ("secretariat", 201),
        ("administrator", 201),
    ],
)
def test_import_by_role(role: str, status: int, users_by_role: dict[str, Any]) -> None:
    response = client_for(users_by_role[role]).post(
        f"{API}/software/import/",
        {"publiccode": publiccode_text("participa.yml")},
        format="json",
    )
    assert response.status_code == status, response.content
    assert SoftwareEntry.objects.exists() is (status == 201)
    if status == 201:
        assert response.json()["state"] == "draft"


def test_import_problems_name_their_key(member_ury: User) -> None:
    text = (
        publiccode_text("participa.yml")
        .replace("AGPL-3.0-only", "GPL-9")
        .replace("developmentStatus: stable", "developmentStatus: done")
    )
    response = client_for(member_ury).post(
        f"{API}/software/import/", {"publiccode": text}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"legal.license", "developmentStatus"}
    assert body["field"] in {"legal.license", "developmentStatus"}
    broken = client_for(member_ury).post(
        f"{API}/software/import/", {"publiccode": "name: ["}, format="json"
    )
    assert broken.status_code == 400
    assert "YAML" in broken.json()["message"]
    missing = client_for(member_ury).post(f"{API}/software/import/", {}, format="json")
    assert missing.json()["field"] == "publiccode"
    assert not SoftwareEntry.objects.exists()


def test_import_again_updates(member_ury: User) -> None:
    client = client_for(member_ury)
    text = publiccode_text("firma-digital-movil.yml")
    assert (
        client.post(f"{API}/software/import/", {"publiccode": text}, format="json").status_code
        == 201
    )
    again = client.post(
        f"{API}/software/import/", {"publiccode": text.replace("2.4.1", "2.5.0")}, format="json"
    )
    assert again.status_code == 200
    assert SoftwareEntry.objects.get().software_version == "2.5.0"


def test_datasets_with_statuses(catalogue: None) -> None:
    body = APIClient().get(f"{API}/datasets/").json()
    assert [d["slug"] for d in body["results"]] == ["budget", "public-procurement"]
    budget = body["results"][0]
    assert budget["statuses"][0]["country"]["iso3"] == "URY"
    assert budget["statuses"][0]["licence"] == "CC-BY-4.0"
    assert APIClient().get(f"{API}/datasets/unknown/").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("public", 403),
        ("stakeholder", 403),
        ("reviewer", 403),
        ("member_own", 200),
        ("member_other", 403),
        ("secretariat", 200),
        ("administrator", 200),
    ],
)
def test_status_patch_by_role(
    role: str, status: int, catalogue: None, users_by_role: dict[str, Any]
) -> None:
    response = client_for(users_by_role[role]).patch(
        f"{API}/datasets/budget/", {"country": "ury", "format": "JSON"}, format="json"
    )
    assert response.status_code == status, response.content
    row = DatasetStatus.objects.get(dataset__slug="budget", country__iso3="URY")
    assert row.format == ("JSON" if status == 200 else "CSV")


def test_status_patch_errors(catalogue: None, member_ury: User) -> None:
    client = client_for(member_ury)
    assert (
        client.patch(f"{API}/datasets/budget/", {"format": "JSON"}, format="json").json()["field"]
        == "country"
    )
    assert (
        client.patch(f"{API}/datasets/budget/", {"country": "XXX"}, format="json").status_code
        == 404
    )
    bad = client.patch(f"{API}/datasets/budget/", {"country": "URY", "url": ""}, format="json")
    assert bad.status_code == 400
    assert bad.json()["field"] == "url"
    bad = client.patch(
        f"{API}/datasets/budget/", {"country": "URY", "update_frequency": "hourly"}, format="json"
    )
    assert bad.json()["field"] == "update_frequency"
    created = client.patch(
        f"{API}/datasets/public-procurement/", {"country": "URY", "published": False}, format="json"
    )
    assert created.status_code == 200
    assert DatasetStatus.objects.filter(dataset__slug="public-procurement").count() == 1


def test_search_endpoint(catalogue: None, member_ury: User) -> None:
    body = APIClient().get(f"{API}/search/", {"q": "participa", "language": "es"}).json()
    assert body["facets"]["software"] == 2
    assert body["total"] == sum(body["facets"].values())
    assert {r["kind"] for r in body["results"]} == {"software"}
    assert "person" not in body["facets"]
    member = client_for(member_ury).get(f"{API}/search/", {"q": "delegada", "kind": "person"})
    assert member.json()["facets"]["person"] == 1
    assert APIClient().get(f"{API}/search/").json()["total"] == 0


def test_schema_lists_the_endpoints(db: None) -> None:
    response = APIClient().get(f"{API}/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    for path in (
        "/api/v1/practices/",
        "/api/v1/practices/{slug}/",
        "/api/v1/software/",
        "/api/v1/software/{id}/publiccode.yml",
        "/api/v1/software/import/",
        "/api/v1/datasets/",
        "/api/v1/datasets/{slug}/",
        "/api/v1/search/",
    ):
        assert path in schema["paths"], path
