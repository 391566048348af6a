"""Safe requests run inside reading_only; the others do not."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from gealc.core.sqlite.base import _READING_ONLY
from gealc.core.sqlite.middleware import ReadingRequestMiddleware


def _seen(request: HttpRequest) -> HttpResponse:
    return HttpResponse("reading" if _READING_ONLY.get() else "writing")


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("get", b"reading"),
        ("head", b"reading"),
        ("options", b"reading"),
        ("post", b"writing"),
        ("put", b"writing"),
        ("patch", b"writing"),
        ("delete", b"writing"),
    ],
)
def test_the_method_decides(method: str, expected: bytes) -> None:
    request = getattr(RequestFactory(), method)("/")
    assert ReadingRequestMiddleware(_seen)(request).content == expected
    assert _READING_ONLY.get() is False
