"""Project-wide fixtures: every test gets its own media directory, an empty cache, a fast
password hasher and no language left active by an earlier test; ``english`` is there for tests
that read messages built outside a request.

Tests must never write into ``var/`` (it belongs to the local demo) nor see what an earlier
test left in the cache: the chart renderer keeps its SVGs there, the observatory its published
pages and downloads, the search its "did you mean" vocabulary, and the API throttle its counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core.cache import caches
from django.utils import translation

if TYPE_CHECKING:  # the class was renamed across pytest-django versions
    from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def _media_root(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Point MEDIA_ROOT (hence ``default_storage``) at a fresh temporary directory."""
    media_root = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = media_root
    return media_root


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    """Hashing with a million PBKDF2 rounds would make every test that creates a user slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _second_factor_optional(settings: Settings) -> None:
    """The secretariat and administrators must enrol a second factor before using the site
    (``gealc.accounts.middleware``); tests of other areas sign them in without one. The tests
    of accounts turn the requirement back on (``tests/accounts``)."""
    settings.GEALC_MFA_REQUIRED = False


@pytest.fixture(autouse=True)
def _clear_caches() -> Iterator[None]:
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _no_language_left_active() -> Iterator[None]:
    """A request to an /en/ page leaves English active in the thread after the response: every
    test starts and ends with no language activated (the site's default applies)."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def english() -> Iterator[None]:
    """Messages built outside a request read in English, the msgid language.

    Ask for it last, after the fixtures that create data: modeltranslation writes a plain
    ``name=`` into the active language's column, and fixtures and the demo write Spanish, the
    site's default language.
    """
    with translation.override("en"):
        yield
