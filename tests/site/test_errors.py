"""Error pages: HTML for pages, JSON for the API; bad input gets a 4xx with a clear message.

With the database down they still render (without the signed-in user and the demo banner):
a missing page stays a 404, a page or API call that needs data is a 503, on both databases.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.site.error_urls")]


def _is_html(response: object) -> bool:
    return response["Content-Type"].startswith("text/html")  # type: ignore[index]


def test_unknown_page_is_html_404(client: Client) -> None:
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert _is_html(response)
    assert "Page not found" in response.content.decode()


def test_unknown_page_is_translated(client: Client) -> None:
    response = client.get("/es/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="es"' in response.content.decode()


def test_forbidden_page_is_html_403(client: Client) -> None:
    response = client.get("/forbidden/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert _is_html(response)
    assert "Access denied" in response.content.decode()


def test_crashing_page_is_html_500(client: Client) -> None:
    client.raise_request_exception = False
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert _is_html(response)
    assert "Server error" in response.content.decode()


def test_oversized_upload_to_a_page_is_400_with_the_limit(
    client: Client, settings: Settings
) -> None:
    settings.GEALC_MAX_UPLOAD_BYTES = 10_000
    upload = SimpleUploadedFile("evidence.pdf", b"%PDF" + b"x" * 20_000)
    response = client.post("/en/accounts/login/", {"login": "someone", "file": upload})
    assert response.status_code == 400
    assert _is_html(response)
    message = "The upload is too large: the limit is 9.8\xa0KB per request."
    assert message in response.content.decode()


def test_oversized_request_to_the_api_is_400_json(client: Client, settings: Settings) -> None:
    settings.GEALC_MAX_UPLOAD_BYTES = 1_000
    body = {"name": "x" * 5_000}
    response = client.post(
        "/api/v1/test-failing/",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("The upload is too large")
    assert response.json()["field"] is None


def test_upload_within_the_limit_is_processed(client: Client, settings: Settings) -> None:
    settings.GEALC_MAX_UPLOAD_BYTES = 100_000
    upload = SimpleUploadedFile("evidence.pdf", b"%PDF" + b"x" * 20_000)
    response = client.post("/en/accounts/login/", {"login": "someone", "file": upload})
    assert response.status_code == 200  # the login form again, with its own error


# With the database down -------------------------------------------------------------------


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def database_down() -> Iterator[None]:
    """Every connection to the database fails until the test ends: on PostgreSQL it goes to a
    port where nothing listens, on SQLite to a file that cannot be opened. The test's own
    connection (with the test database) is set aside meanwhile, then put back."""
    working = connections["default"]
    original = connections.settings["default"]
    if working.vendor == "postgresql":
        unreachable = {**original, "HOST": "127.0.0.1", "PORT": _unused_port()}
    else:
        unreachable = {**original, "NAME": "/nonexistent-directory/gealc.sqlite3"}
    connections.settings["default"] = unreachable
    connections["default"] = connections.create_connection("default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = working
        connections.settings["default"] = original


@pytest.fixture
def signed_in(client: Client) -> Client:
    """A reader with a session, whose user the error page would load from the database."""
    client.force_login(User.objects.create_user("reader", password="x"))
    return client


@pytest.mark.parametrize("language", ["es", "pt", "en", "fr"])
def test_a_missing_page_stays_404_with_the_database_down(
    signed_in: Client, database_down: None, language: str
) -> None:
    signed_in.raise_request_exception = False
    response = signed_in.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    assert _is_html(response)
    assert f'<html lang="{language}"' in response.content.decode()


def test_a_page_that_needs_data_is_503_with_the_product_page(
    signed_in: Client, database_down: None
) -> None:
    signed_in.raise_request_exception = False
    response = signed_in.get("/en/countries/")
    assert response.status_code == 503
    assert _is_html(response)
    page = response.content.decode()
    assert "Service unavailable" in page
    assert "cannot reach its data" in page
    assert 'class="site-header"' in page  # the site's own page, not a bare error
    assert response["Retry-After"] == "60"
    assert "sessionid" not in response.cookies  # nobody is signed out by an outage


def test_the_503_page_is_in_the_readers_language(client: Client, database_down: None) -> None:
    client.raise_request_exception = False
    response = client.get("/fr/countries/")
    assert response.status_code == 503
    assert '<html lang="fr"' in response.content.decode()


@pytest.mark.parametrize("address", ["/api/v1/countries/", "/api/v1/runs/"])
def test_the_api_is_503_json_with_the_database_down(
    client: Client, database_down: None, address: str
) -> None:
    client.raise_request_exception = False
    response = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response.json()["message"].startswith("The site cannot reach its data")


def test_a_download_is_503_with_the_database_down(client: Client, database_down: None) -> None:
    client.raise_request_exception = False
    response = client.get("/data/dictionary.csv", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503


def test_health_is_503_with_the_database_down(client: Client, database_down: None) -> None:
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}


def test_the_500_page_does_not_claim_the_team_was_told_without_admins(
    client: Client, settings: Settings
) -> None:
    settings.ADMINS = []
    client.raise_request_exception = False
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert "The team has been told" not in response.content.decode()
    assert "tell the site&#x27;s administrators" in response.content.decode()


def test_the_500_page_says_the_team_was_told_when_errors_are_mailed_to_admins(
    client: Client, settings: Settings
) -> None:
    settings.ADMINS = [("Secretariat", "secretariat@example.org")]
    client.raise_request_exception = False
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert "The team has been told" in response.content.decode()
