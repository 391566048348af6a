"""Error pages: HTML for pages, JSON for the API; bad input gets a 4xx with a clear message."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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
    response = client.post("/en/accounts/login/", {"username": "someone", "file": upload})
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
    response = client.post("/en/accounts/login/", {"username": "someone", "file": upload})
    assert response.status_code == 200  # the login form again, with its own error
