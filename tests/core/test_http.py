"""The shared HTTP of public reads: validators, a registered Last-Modified, CORS on reads only."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.test import RequestFactory

from gealc.core import http

MOMENT = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)


def _answer(path: str, method: str = "get", **headers: str):
    request = getattr(RequestFactory(), method)(path, headers=headers)
    return http.ReadOnlyCorsMiddleware(
        http.PublicReadValidatorsMiddleware(lambda request: HttpResponse(b"{}"))
    )(request)


def test_a_public_read_gets_a_weak_etag_and_a_304_for_a_current_copy():
    first = _answer("/api/v1/countries/")
    assert first["ETag"].startswith('W/"')
    assert "Last-Modified" not in first

    again = _answer("/api/v1/countries/", **{"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_a_registered_path_gets_its_last_modified(monkeypatch):
    monkeypatch.setattr(http, "_LAST_MODIFIED", [])
    http.register_last_modified((r"^/api/v1/countries/",), lambda: MOMENT)

    assert _answer("/api/v1/countries/")["Last-Modified"] == "Sat, 01 Mar 2025 12:00:00 GMT"


def test_cors_on_public_reads_only():
    assert _answer("/api/v1/countries/")["Access-Control-Allow-Origin"] == "*"
    assert not _answer("/api/v1/countries/", method="post").has_header(
        "Access-Control-Allow-Origin"
    )
    assert not _answer("/en/accounts/login/").has_header("Access-Control-Allow-Origin")
