"""Observatory pages: every page in four languages with a published run, 404 for unknown
countries and indicators, the compare form's validation, the page cache, and the run pages'
permission matrix (built through the real services; fixtures in ``conftest``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache as django_cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gealc.observatory.models import IndexRun

LANGUAGES = ("es", "pt", "en", "fr")
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
            assert f'lang="{language}"' in response.content.decode()
