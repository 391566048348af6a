from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_and_empty_cache() -> Iterator[None]:
    """Summaries are checked in English; each test starts without cached SVG."""
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()
