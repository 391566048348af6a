"""The knowledge hub's pages: every page in four languages, filters, visibility of drafts and
contacts, the map and chart text, the publiccode.yml download and the unified search."""

from __future__ import annotations

import pytest
import yaml
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gealc.knowledge.models import Practice, SoftwareEntry

LANGUAGES = ("es", "pt", "en", "fr")


def client_for(user: User | AnonymousUser | None) -> Client:
    client = Client()
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client


def url(name: str, *args: object, language: str = "en", query: str = "") -> str:
    with translation.override(language):
        address = reverse(name, args=args)
    return f"{address}?{query}" if query else address


@pytest.fixture
def hub(
    practice_draft: Practice,
    practice_published: Practice,
    award: object,
    practice_published_bra: Practice,
    software_participa: SoftwareEntry,
    software_regional: SoftwareEntry,
    software_draft_ury: SoftwareEntry,
    status_ury_budget: object,
    dataset_procurement: object,
    assessment_ury: object,
    head_ury: object,
) -> dict[str, object]:
    return {
        "draft": practice_draft,
        "published": practice_published,
        "published_bra": practice_published_bra,
        "software": software_participa,
        "regional": software_regional,
        "software_draft": software_draft_ury,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_render_in_every_language(hub: dict, language: str) -> None:
    client = Client()
    practice, software = hub["published"], hub["software"]
    names = [
        ("practice_list", ()),
        ("practice_detail", (practice.slug,)),
        ("software_list", ()),
        ("software_detail", (software.slug,)),
        ("dataset_list", ()),
        ("dataset_detail", ("budget",)),
        ("maturity_comparison", ()),
        ("maturity_assessment", ("ury",)),
        ("search", ()),
    ]
    for name, args in names:
        response = client.get(url(name, *args, language=language))
        assert response.status_code == 200, name
        assert f'lang="{language}"' in response.content.decode()


@pytest.mark.django_db
def test_practice_list_shows_published_only_to_the_public_with_a_map(hub: dict) -> None:
    page = Client().get(url("practice_list")).content.decode()

    assert hub["published"].title in page
    assert hub["published_bra"].title in page
    assert hub["draft"].title not in page
    assert 'role="img"' in page  # the map, with its summary and table
    assert "Practices per country" in page
    assert "?country=URY" in page


@pytest.mark.django_db
def test_practice_list_shows_own_drafts_to_members(hub: dict, member_ury: User) -> None:
    page = client_for(member_ury).get(url("practice_list")).content.decode()

    assert hub["draft"].title in page
    assert "Propose a practice" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("country=URY", "published", "published_bra"),
        ("country=BRA", "published_bra", "published"),
        ("working_line=open-data", "published", "published_bra"),
        ("award=any", "published", "published_bra"),
        ("award=excellence", "published", "published_bra"),
        ("year=2022", "published", None),
    ],
)
def test_practice_filters(hub: dict, query: str, shown: str, hidden: str | None) -> None:
    page = Client().get(url("practice_list", query=query)).content.decode()

    assert hub[shown].title in page
    if hidden:
        assert hub[hidden].title not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["country=ZZZ", "year=abc", "award=nonsense", "working_line=%00", "page=999"]
)
def test_practice_filters_with_odd_values_are_never_an_error(hub: dict, query: str) -> None:
    response = Client().get(url("practice_list", query=query))

    # A control character is refused at the edge, naming the parameter (gealc.core.middleware).
    assert response.status_code == (400 if "%00" in query else 200)


@pytest.mark.django_db
def test_practice_detail_shows_structured_fields_metrics_and_awards(hub: dict) -> None:
    practice = hub["published"]
    page = Client().get(url("practice_detail", practice.slug, language="es")).content.decode()

    for text in (
        "Los trámites exigían ir varias veces a la oficina.",
        "Una plataforma en línea con firma digital.",
        "Una identidad digital nacional.",
        "Trámites en línea",
        "Horas ahorradas",
        "Premio excelencia 2024 (demo)",
        "Python, PostgreSQL",
        "https://proyecto.example.org",
        "250.000",  # the amount in the reader's grouping
    ):
        assert text in page, text
    assert '<table id="metrics">' in page


@pytest.mark.django_db
def test_draft_practice_is_hidden_from_the_public_and_other_countries(
    hub: dict, member_bra: User, member_ury: User, secretariat: User
) -> None:
    address = url("practice_detail", hub["draft"].slug)

    assert Client().get(address).status_code == 404
    assert client_for(member_bra).get(address).status_code == 404
    assert client_for(member_ury).get(address).status_code == 200
    assert client_for(secretariat).get(address).status_code == 200


@pytest.mark.django_db
def test_unknown_slugs_are_404(hub: dict) -> None:
    client = Client()
    for name, args in (
        ("practice_detail", ("nothing-here",)),
        ("software_detail", ("nothing-here",)),
        ("software_publiccode", ("nothing-here",)),
        ("dataset_detail", ("nothing-here",)),
        ("maturity_assessment", ("zzz",)),
        ("maturity_assessment", ("toolong",)),
    ):
        assert client.get(url(name, *args)).status_code == 404, name


@pytest.mark.django_db
def test_contact_details_only_for_network_members(
    hub: dict, practice_published: Practice, member_bra: User, stakeholder: User, head_ury
) -> None:
    practice_published.contacts.set([head_ury.person])
    address = url("practice_detail", practice_published.slug)

    for user in (None, stakeholder):
        page = client_for(user).get(address).content.decode()
        assert "head.ury@example.org" not in page
        assert "Contact details are shown to members of the network only." in page
    member_page = client_for(member_bra).get(address).content.decode()
    assert "head.ury@example.org" in member_page


@pytest.mark.django_db
def test_replicating_is_a_cooperation_request_about_the_practice(
    hub: dict, stakeholder: User
) -> None:
    """The practice's page leads to the cooperation request form, the practice pre-filled."""
    slug = hub["published"].slug
    address = url("practice_detail", slug)
    new_request = url("cooperation_request_create", query=f"practice={slug}")

    anonymous = Client().get(address).content.decode()
    assert "Sign in to request cooperation on this practice." in anonymous
    assert new_request not in anonymous
    signed_in = client_for(stakeholder).get(address).content.decode()
    assert new_request in signed_in
    assert url("cooperation_request_list", query=f"practice={slug}") in signed_in


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "edit", "review"),
    [
        ("public", 302, 302),
        ("stakeholder", 404, 404),
        ("member_own", 200, 403),
        ("member_other", 404, 404),
        ("reviewer", 404, 404),
        ("secretariat", 200, 200),
        ("administrator", 200, 200),
    ],
)
def test_edit_and_review_pages_by_role(
    hub: dict, users_by_role: dict, role: str, edit: int, review: int
) -> None:
    client = client_for(users_by_role[role])
    slug = hub["draft"].slug

    assert client.get(url("practice_edit", slug)).status_code == edit
    assert client.get(url("practice_review", slug)).status_code == review


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("public", 302),
        ("stakeholder", 403),
        ("member_own", 200),
        ("member_other", 200),
        ("reviewer", 403),
        ("secretariat", 200),
    ],
)
def test_propose_and_import_pages_by_role(
    hub: dict, users_by_role: dict, role: str, expected: int
) -> None:
    client = client_for(users_by_role[role])

    assert client.get(url("practice_propose")).status_code == expected
    assert client.get(url("software_import")).status_code == expected


@pytest.mark.django_db
def test_software_list_filters(hub: dict) -> None:
    client = Client()
    participa, regional = hub["software"], hub["regional"]

    everything = client.get(url("software_list")).content.decode()
    assert participa.name in everything
    assert hub["software_draft"].name not in everything
    by_licence = client.get(url("software_list", query=f"licence={participa.licence}"))
    assert by_licence.status_code == 200
    assert participa.name in by_licence.content.decode()
    status = client.get(
        url("software_list", query=f"development_status={participa.development_status}")
    ).content.decode()
    assert participa.name in status
    odd = client.get(url("software_list", query="category=nope&licence=%25"))
    assert odd.status_code == 200
    assert regional.name not in odd.content.decode()
    # A control character is refused at the edge, naming the parameter.
    assert client.get(url("software_list", query="licence=%00")).status_code == 400


@pytest.mark.django_db
def test_software_detail_shows_regional_versions_and_repository(hub: dict) -> None:
    participa, regional = hub["software"], hub["regional"]

    page = Client().get(url("software_detail", participa.slug)).content.decode()
    assert participa.url in page
    assert url("software_detail", regional.slug) in page
    assert url("software_publiccode", participa.slug) in page
    regional_page = Client().get(url("software_detail", regional.slug)).content.decode()
    assert url("software_detail", participa.slug) in regional_page


@pytest.mark.django_db
def test_publiccode_download_round_trips(hub: dict) -> None:
    entry = hub["software"]
    response = Client().get(url("software_publiccode", entry.slug))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    assert "publiccode.yml" in response["Content-Disposition"]
    document = yaml.safe_load(response.content)
    assert document["name"] == entry.name
    assert document["url"] == entry.url


@pytest.mark.django_db
def test_draft_software_hidden_from_public(hub: dict, member_ury: User) -> None:
    slug = hub["software_draft"].slug

    assert Client().get(url("software_detail", slug)).status_code == 404
    assert Client().get(url("software_publiccode", slug)).status_code == 404
    assert client_for(member_ury).get(url("software_detail", slug)).status_code == 200


@pytest.mark.django_db
def test_open_data_matrix_says_each_status_in_words(hub: dict, brazil: object) -> None:
    page = Client().get(url("dataset_list")).content.decode()

    assert '<table id="dataset-matrix">' in page
    assert "Published" in page
    assert "No information" in page
    assert "machine-readable" in page
    assert "https://catalogodatos.example.org/presupuesto" in page


@pytest.mark.django_db
def test_dataset_detail_offers_editing_own_country_only(hub: dict, member_ury: User) -> None:
    page = client_for(member_ury).get(url("dataset_detail", "budget")).content.decode()

    assert url("dataset_status_edit", "budget", "ury") in page
    assert url("dataset_status_edit", "budget", "bra") not in page
    assert (
        url("dataset_status_edit", "budget", "ury")
        not in Client().get(url("dataset_detail", "budget")).content.decode()
    )


@pytest.mark.django_db
def test_maturity_results_per_dimension_with_recommendations(hub: dict) -> None:
    page = Client().get(url("maturity_assessment", "ury")).content.decode()

    assert '<table id="maturity-results">' in page
    for dimension in ("Policy", "Portal", "Quality", "Impact"):
        assert dimension in page
    assert "66.7" in page  # every answer at level 2 of 3
    assert "Extend the network of officers" in page  # the medium-band recommendation
    assert 'type="radio"' not in page  # the questionnaire is for the country's members


@pytest.mark.django_db
def test_maturity_questionnaire_for_own_members_in_fieldsets(hub: dict, member_ury: User) -> None:
    page = client_for(member_ury).get(url("maturity_assessment", "ury")).content.decode()

    assert page.count('class="field dimension"') == 4
    assert 'type="radio"' in page
    assert "checked" in page  # the saved answers are shown again


@pytest.mark.django_db
def test_maturity_comparison_has_chart_table_and_regional_mean(hub: dict) -> None:
    page = Client().get(url("maturity_comparison")).content.decode()

    assert 'role="img"' in page
    assert '<table id="maturity-comparison">' in page
    assert "Regional mean" in page
    assert "Uruguay" in page


@pytest.mark.django_db
def test_search_finds_entries_with_facets_and_links(hub: dict) -> None:
    page = Client().get(url("search", query="q=educacion")).content.decode()

    assert hub["published"].title in page
    assert url("practice_detail", hub["published"].slug) in page
    assert "Practices (1)" in page
    assert 'aria-current="page">All' in page


@pytest.mark.django_db
def test_search_links_countries_and_narrows_by_kind(hub: dict) -> None:
    page = Client().get(url("search", query="q=uruguay&kind=country")).content.decode()

    assert url("country_detail", "URY") in page
    assert hub["published"].title not in page


@pytest.mark.django_db
def test_search_shows_people_to_network_members_only(hub: dict, member_bra: User) -> None:
    query = "q=delegada"

    public_page = Client().get(url("search", query=query)).content.decode()
    member_page = client_for(member_bra).get(url("search", query=query)).content.decode()
    assert "People (" not in public_page
    assert "People (1)" in member_page
    assert "Daniela Delegada" in member_page


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=", "q=%00", "q=" + "x" * 5000, "kind=nope&q=a", "q=(&|!)"])
def test_search_never_fails_on_odd_input(hub: dict, query: str) -> None:
    expected = 400 if "%00" in query else 200  # a control character: refused at the edge
    assert Client().get(url("search", query=query)).status_code == expected


@pytest.mark.django_db
def test_nav_links_the_knowledge_hub_and_search(hub: dict) -> None:
    page = Client().get(url("software_list")).content.decode()

    assert f'href="{url("practice_list")}" aria-current="true"' in page
    assert f'href="{url("search")}"' in page
