"""Observatory pages: every page in four languages with a published run, 404 for unknown
countries and indicators, the compare form's validation, the page cache, and the run pages'
permission matrix (built through the real services; fixtures in ``conftest``)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache as django_cache
from django.db import connection
from django.template.defaultfilters import floatformat
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gealc.observatory import selectors, services
from gealc.observatory.models import IndexRun
from tests.observatory.round_builder import framework_of, validated_round

LANGUAGES = ("es", "pt", "en", "fr")
HEADINGS = {
    "es": "La red en cifras",
    "pt": "A rede em números",
    "en": "The network in numbers",
    "fr": "Le réseau en chiffres",
}
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    django_cache.clear()


def get(client: Client, path: str, **extra: Any) -> Any:
    return client.get(path, **extra)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_answers_in_every_language(
    client: Client, published_run: IndexRun, egdi_loaded: int, language: str
) -> None:
    pages = [
        f"/{language}/observatory/",
        f"/{language}/observatory/countries/ury/",
        f"/{language}/observatory/countries/URY/",
        f"/{language}/observatory/compare/",
        f"/{language}/observatory/compare/?countries=URY,BRA",
        f"/{language}/observatory/compare/?countries=ury&countries=chl&countries=mex",
        f"/{language}/observatory/indicators/transactional_share/",
        f"/{language}/observatory/methodology/",
        f"/{language}/observatory/downloads/",
        f"/{language}/observatory/charts/map.json",
        f"/{language}/observatory/countries/ury/charts/egdi.json",
        f"/{language}/observatory/indicators/signature/charts/distribution.json",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        if path.endswith(".json"):
            assert response.json()["$schema"].startswith("https://vega.github.io/")
        else:
            body = response.content.decode()
            assert f'lang="{language}"' in body
            assert HEADINGS[language] in body, path


def test_every_page_labels_a_demo_run(
    client: Client, computed_round: Any, secretariat: User, egdi_loaded: int
) -> None:
    from gealc.observatory import services

    run = services.run_compute(
        actor=secretariat, round=computed_round, uncertainty_runs=50, seed=1, is_demo=True
    )
    services.run_publish(actor=secretariat, run=run)
    for path in (
        "/en/observatory/",
        "/en/observatory/countries/ury/",
        "/en/observatory/compare/?countries=URY,BRA",
        "/en/observatory/indicators/signature/",
        "/en/observatory/methodology/",
        "/en/observatory/downloads/",
    ):
        assert 'class="demo-notice"' in client.get(path).content.decode(), path


def test_overview_ranks_every_country_with_its_interval(
    client: Client, published_run: IndexRun
) -> None:
    body = client.get("/en/observatory/").content.decode()
    for iso3 in ("ury", "bra", "chl", "arg", "mex"):
        assert f"/en/observatory/countries/{iso3}/" in body
    # Paraguay's submission was a draft: never in the run.
    assert "/en/observatory/countries/pry/" not in body
    assert '<td class="num">1\u2013' in body


@pytest.mark.parametrize(
    "path",
    [
        "/en/observatory/countries/xxx/",
        "/en/observatory/countries/pry/",  # a member without scores in the run
        "/en/observatory/countries/1234/",
        "/en/observatory/countries/%C3%91%C3%91%C3%91/",
        "/en/observatory/countries/xxx/profile.pdf",
        "/en/observatory/indicators/nope/",
        "/en/observatory/indicators/" + "x" * 300 + "/",
        "/en/observatory/charts/nope.json",
        "/en/observatory/countries/xxx/charts/egdi.json",
        "/en/observatory/indicators/nope/charts/distribution.json",
        "/en/observatory/runs/999999/",
    ],
)
def test_unknown_things_are_404(client: Client, published_run: IndexRun, path: str) -> None:
    assert client.get(path).status_code == 404


def test_nothing_published_yet(client: Client, preview_run: IndexRun) -> None:
    response = client.get("/fr/observatory/")
    assert response.status_code == 200
    assert "Rien n'a encore été publié" in response.content.decode()
    assert client.get("/fr/observatory/countries/ury/").status_code == 404
    assert client.get(f"/fr/observatory/runs/{preview_run.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?countries=URY", "Choose from 2 to 6 countries"),
        ("?countries=URY,BRA,CHL,ARG,MEX,URY,PRY", "PRY"),
        ("?countries=URY,ZZZ", "ZZZ"),
        ("?countries=" + ",".join(["URY"] * 3), "Choose from 2 to 6"),
        # Control characters are refused before the page (tests/site/test_edge_validation.py).
    ],
)
def test_compare_says_what_is_wrong(
    client: Client, published_run: IndexRun, query: str, message: str
) -> None:
    response = client.get("/en/observatory/compare/" + query)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="errors"' in body
    assert message in body
    assert "compare-result" not in body


def test_compare_shows_the_chosen_countries_side_by_side(
    client: Client, published_run: IndexRun
) -> None:
    body = client.get("/en/observatory/compare/?countries=ury,mex,chl").content.decode()
    assert "compare-result" in body
    assert body.index("Uruguay", body.index("compare-result")) < body.index(
        "México", body.index("compare-result")
    )
    assert 'value="URY" checked' in body or 'value="URY"\n' in body or "checked" in body


def test_public_pages_come_from_the_cache_after_the_first_request(
    client: Client, published_run: IndexRun, egdi_loaded: int
) -> None:
    for path in (
        "/en/observatory/",
        "/en/observatory/countries/ury/",
        "/en/observatory/methodology/",
    ):
        with CaptureQueriesContext(connection) as first:
            assert client.get(path).status_code == 200
        with CaptureQueriesContext(connection) as second:
            assert client.get(path).status_code == 200
        assert len(second) < len(first), path
        # The figures are not read again (at most the generation's fingerprint is).
        figures = ("observatory_runscore", "observatory_runinput", "observatory_egdivalue")
        assert not [q for q in second if any(table in q["sql"] for table in figures)], path


def test_a_publication_invalidates_the_cached_pages(
    client: Client,
    correction_run: IndexRun,
    secretariat: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from gealc.observatory import services

    assert "Paraguay" not in client.get("/en/observatory/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.run_publish(actor=secretariat, run=correction_run)
    assert "Paraguay" in client.get("/en/observatory/").content.decode()


def test_indicator_page_lists_every_value_with_its_status(
    client: Client, published_run: IndexRun
) -> None:
    body = client.get("/en/observatory/indicators/user_satisfaction/").content.decode()
    assert "México" in body
    assert "Not available" in body
    assert "chart-" in body


def test_methodology_comes_from_the_stored_spec(client: Client, published_run: IndexRun) -> None:
    body = client.get("/en/observatory/methodology/").content.decode()
    assert "Sensitivity indices" in body
    assert "min-max, from 0 to 100" in body
    assert "arithmetic mean" in body
    assert "Weights at level 1 (Indicator)" in body
    assert published_run.engine_version in body
    assert "scale from" not in body  # TEST-DGI declares no goalposts
    assert "declares its scale" not in body


def test_methodology_shows_each_indicators_declared_scale(
    client: Client, secretariat: User, administrator: User, uruguay: Any, brazil: Any, chile: Any
) -> None:
    document = framework_of(
        {"law": [("law", "boolean", [0, 1])], "use": [("users", "number", None)]}
    )
    values = {uruguay: {"law": 1, "users": 5}, brazil: {"law": 1, "users": 9}}
    values[chile] = {"law": 0, "users": 2}
    measurement_round = validated_round(
        secretariat=secretariat, administrator=administrator, document=document, values=values
    )
    run = services.run_compute(actor=secretariat, round=measurement_round, uncertainty_runs=20)
    services.run_publish(actor=secretariat, run=run)
    body = client.get("/en/observatory/methodology/").content.decode()
    law = body[body.index("Indicator law</a>") :].split("</li>")[0]
    assert "scale from 0 to 1" in law
    users = body[body.index("Indicator users</a>") :].split("</li>")[0]
    assert "scale from" not in users
    assert "is normalised between those goalposts" in body


def test_downloads_page_lists_every_format_with_its_size(
    client: Client, published_run: IndexRun
) -> None:
    body = client.get("/en/observatory/downloads/").content.decode()
    for extension in ("csv", "xlsx", "json", "sdmx.csv", "sdmx2.csv"):
        assert f"/data/runs/{published_run.pk}.{extension}" in body
    assert "/data/sdmx/structure.xml" in body
    assert "/data/catalogue.jsonld" in body
    assert "/data/dictionary.csv" in body
    assert "CC BY 4.0" in body
    # Every link on the page answers (the files are observatory-core's download views; the
    # "latest" address redirects to the newest run's file).
    for link in re.findall(r'href="(/data/[^"]+)"', body):
        assert client.get(link, follow=True).status_code == 200, link


# Run pages: who may see, compute, publish and correct ------------------------------------

CAN_MANAGE = {"secretariat", "administrator"}


def _client_for(user: Any) -> Client:
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client


def test_run_pages_by_role(users_by_role: dict[str, Any], preview_run: IndexRun) -> None:
    for role, user in users_by_role.items():
        client = _client_for(user)
        listing = client.get("/en/observatory/runs/")
        preview = client.get(f"/en/observatory/runs/{preview_run.pk}/")
        if role in CAN_MANAGE:
            assert listing.status_code == 200, role
            assert preview.status_code == 200, role
            assert "Publish this run" in preview.content.decode()
        elif role == "public":
            assert listing.status_code == 302, role
            assert preview.status_code == 404, role
        else:
            assert listing.status_code == 403, role
            assert preview.status_code == 404, role


def test_only_the_secretariat_publishes(
    users_by_role: dict[str, Any], preview_run: IndexRun
) -> None:
    for role, user in users_by_role.items():
        if role in CAN_MANAGE:
            continue
        response = _client_for(user).post(
            f"/en/observatory/runs/{preview_run.pk}/publish/", {"confirm": "on"}
        )
        assert response.status_code in (403, 404), role
        preview_run.refresh_from_db()
        assert preview_run.status == IndexRun.Status.PREVIEW, role


def test_publishing_needs_the_confirmation(secretariat: User, preview_run: IndexRun) -> None:
    client = _client_for(secretariat)
    refused = client.post(f"/en/observatory/runs/{preview_run.pk}/publish/", {})
    assert refused.status_code == 400
    preview_run.refresh_from_db()
    assert preview_run.status == IndexRun.Status.PREVIEW

    done = client.post(f"/en/observatory/runs/{preview_run.pk}/publish/", {"confirm": "on"})
    assert done.status_code == 302
    preview_run.refresh_from_db()
    assert preview_run.status == IndexRun.Status.PUBLISHED
    again = client.post(f"/en/observatory/runs/{preview_run.pk}/publish/", {"confirm": "on"})
    assert again.status_code in (400, 403)  # a published run is no longer a preview
    assert IndexRun.objects.get().status == IndexRun.Status.PUBLISHED
    page = client.get(f"/en/observatory/runs/{preview_run.pk}/").content.decode()
    assert "Publish this run" not in page
    assert "Compute the correction" in page


def test_a_correction_needs_a_changelog(
    secretariat: User, member_ury: User, published_run: IndexRun
) -> None:
    path = f"/en/observatory/runs/{published_run.pk}/correct/"
    assert _client_for(member_ury).post(path, {"changelog": "x"}).status_code == 403
    client = _client_for(secretariat)
    refused = client.post(path, {"changelog": "   "})
    assert refused.status_code == 400
    assert IndexRun.objects.count() == 1
    done = client.post(
        path, {"changelog": "A typing mistake in Chile's value.", "uncertainty_runs": 50}
    )
    assert done.status_code == 302
    correction = IndexRun.objects.exclude(pk=published_run.pk).get()
    assert correction.corrects_id == published_run.pk
    assert done["Location"].endswith(f"/runs/{correction.pk}/")


def test_computing_a_run_from_the_form(secretariat: User, computed_round: Any) -> None:
    client = _client_for(secretariat)
    bad = client.post("/en/observatory/runs/", {"round": computed_round.pk, "uncertainty_runs": 1})
    assert bad.status_code == 400
    assert not IndexRun.objects.exists()
    done = client.post(
        "/en/observatory/runs/",
        {"round": computed_round.pk, "uncertainty_runs": 50, "seed": 3, "title": "Trial"},
    )
    assert done.status_code == 302
    run = IndexRun.objects.get()
    assert run.status == IndexRun.Status.PREVIEW
    assert run.title == "Trial"
    page = client.get(done["Location"])
    assert "Coherence report" in page.content.decode()


def test_pages_are_compressed_and_answer_head(client: Client, published_run: IndexRun) -> None:
    plain = client.get("/en/observatory/")
    compressed = client.get("/en/observatory/", HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["Content-Encoding"] == "gzip"
    assert len(compressed.content) * 3 < len(plain.content)
    assert client.head("/en/observatory/countries/ury/").status_code == 200


# Nothing a visitor sends gives a server error ------------------------------------------------

ODD_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=ODD_TEXT)
def test_odd_input_never_gives_a_server_error(
    client: Client, published_run: IndexRun, text: str
) -> None:
    quoted = quote(text, safe="")
    answers = [
        client.get("/en/observatory/compare/", {"countries": text}),
        client.get("/en/observatory/compare/", {"countries": [text, "URY"]}),
        client.get(f"/en/observatory/countries/{quoted}/"),
        client.get(f"/en/observatory/indicators/{quoted}/"),
        client.get(f"/en/observatory/countries/{quoted}/charts/egdi.json"),
    ]
    for response in answers:  # 400: a control character, refused at the edge
        assert response.status_code in (200, 301, 302, 400, 404), response.status_code


# What a correction changed -----------------------------------------------------------------


def _changes_section(page: str) -> str:
    return page[page.index('id="changes-heading"') : page.index('id="ranking-heading"')]


def test_a_correction_page_says_what_changed(
    secretariat: User, published_run: IndexRun, correction_run: IndexRun
) -> None:
    changes = selectors.run_changes(correction_run)
    client = _client_for(secretariat)
    section = _changes_section(
        client.get(f"/en/observatory/runs/{correction_run.pk}/").content.decode()
    )
    assert "What changed" in section
    counts, countries = changes.counts, len(changes.countries)
    assert min(counts["score"], counts["rank"], counts["input"]) > 1  # plurals below
    summary = (
        f"Compared with run #{published_run.pk}, {counts['score']} scores, {counts['rank']} "
        f"ranks, {counts['rank_median']} median ranks, {counts['rank_bound']} rank interval "
        f"bounds, {counts['score_bound']} score interval bounds, {counts['input']} reported or "
        f"computed values changed, for {countries} countries."
    )
    assert summary in section
    assert f"Scores, ranks and intervals that differ from run #{published_run.pk}" in section
    assert f"Values that went in and differ from run #{published_run.pk}" in section
    # A header row per table, then a row per change; Paraguay in every row of its own.
    assert section.count("<tr>") == 2 + len(changes.scores) + len(changes.inputs)
    paraguay_scores = [c for c in changes.scores if c.iso3 == "PRY"]
    nodes = {node.code for node in selectors.run_nodes(correction_run)}
    assert {change.node for change in paraguay_scores} == nodes
    paraguay_rows = len(paraguay_scores) + len(changes.inputs)
    assert section.count('<th scope="row">Paraguay</th>') == paraguay_rows
    assert "<strong>— → " in section  # Paraguay had no score before
    assert "data/runs/" not in section  # a preview's changes are not open data yet
    assert "No reported or computed value changed." not in section

    original = client.get(f"/en/observatory/runs/{published_run.pk}/").content.decode()
    assert 'id="changes-heading"' not in original
    assert ">What changed</h2>" not in original  # (its correction form asks "What changed and why")


def test_what_changed_uses_the_page_language_number_format(
    secretariat: User, correction_run: IndexRun
) -> None:
    paraguay = selectors.run_changes(correction_run).scores[0]
    page = _client_for(secretariat).get(f"/es/observatory/runs/{correction_run.pk}/")
    with translation.override("es"):
        score = floatformat(paraguay.after_score, 1)
    assert "," in score  # a decimal comma in Spanish
    assert f"<strong>— → {score}</strong>" in _changes_section(page.content.decode())


def test_a_correction_that_moved_only_intervals_says_so(
    secretariat: User, published_run: IndexRun
) -> None:
    correction = services.run_correct(
        actor=secretariat, run=published_run, changelog="Another seed.", seed=99
    )
    services.run_publish(actor=secretariat, run=correction)
    section = _changes_section(
        _client_for(secretariat).get(f"/en/observatory/runs/{correction.pk}/").content.decode()
    )
    counts = selectors.run_changes(correction).counts
    assert counts["score"] == counts["rank"] == 0
    assert counts["score_bound"] > 1  # the scores' Monte Carlo percentiles moved
    assert f"{counts['score_bound']} score interval bounds" in section
    assert " 0 " not in section
    assert "No score, rank or interval changed." not in section
    assert "No reported or computed value changed." in section
    assert f'href="/data/runs/{correction.pk}.changes.csv"' in section


def test_who_sees_what_a_correction_changed(
    users_by_role: dict[str, Any], correction_run: IndexRun, secretariat: User
) -> None:
    path = f"/en/observatory/runs/{correction_run.pk}/"
    for role, user in users_by_role.items():
        preview = _client_for(user).get(path)
        assert preview.status_code == (200 if role in CAN_MANAGE else 404), role
    services.run_publish(actor=secretariat, run=correction_run)
    for role, user in users_by_role.items():
        published = _client_for(user).get(path)
        assert published.status_code == 200, role
        assert 'id="changes-heading"' in published.content.decode(), role
