"""The country profile as PDF: a real PDF (WeasyPrint) named for the country, with the
charts drawn, in every language; cached after the first request; 404 for unknown countries."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.cache import cache as django_cache
from django.test import Client
from pypdf import PdfReader

from gealc.observatory.models import IndexRun

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    django_cache.clear()


def _titles(pdf: bytes) -> list[str]:
    """The document title and the outline's entries, read by pypdf (a hand-written reader of
    the compressed streams lost one whenever its last byte was a carriage return)."""
    reader = PdfReader(io.BytesIO(pdf))
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    return [reader.metadata.title or "", *outline] if reader.metadata else outline


@pytest.mark.parametrize("language", ["es", "pt", "en", "fr"])
def test_profile_pdf(
    client: Client, published_run: IndexRun, egdi_loaded: int, language: str
) -> None:
    response = client.get(f"/{language}/observatory/countries/ury/profile.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="ury-{language}.pdf"' in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    titles = _titles(pdf)
    assert any(title.startswith("Uruguay") for title in titles), titles  # the document title
    assert "Uruguay" in titles  # the outline: the page's heading
    assert len(pdf) > 20_000  # the charts are drawn as vectors, not left out


def test_profile_pdf_is_cached_and_unknown_countries_are_404(
    client: Client, published_run: IndexRun
) -> None:
    first = client.get("/en/observatory/countries/chl/profile.pdf")
    second = client.get("/en/observatory/countries/chl/profile.pdf")
    assert first.content == second.content
    assert client.get("/en/observatory/countries/zzz/profile.pdf").status_code == 404
    assert client.get("/en/observatory/countries/pry/profile.pdf").status_code == 404


def test_profile_pdf_is_rendered_by_a_worker_while_the_page_says_so(
    client: Client, published_run: IndexRun, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    pending = client.get("/en/observatory/countries/ury/profile.pdf")
    assert pending.status_code == 202
    assert "The PDF is being prepared" in pending.content.decode()
    assert 'href="/en/observatory/countries/ury/profile.pdf"' in pending.content.decode()
    assert client.get("/en/observatory/countries/ury/profile.pdf").status_code == 202
    [queued] = default_task_backend.results  # asked of the workers once, not per request
    assert queued.kwargs["iso3"] == "URY"
    assert queued.kwargs["language"] == "en"
    queued.task.call(*queued.args, **queued.kwargs)  # what the worker does
    default_task_backend.clear()
    response = client.get("/en/observatory/countries/ury/profile.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert "Uruguay" in _titles(response.content)
