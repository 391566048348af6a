"""Project-wide fixtures: every test gets its own media directory, an empty cache, a fast
password hasher and no language left active by an earlier test; ``english`` is there for tests
that read messages built outside a request. Under pytest-xdist each worker has its own test
database, and ``--dist loadfile`` hands the browser tests to one worker together.

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
from django.db import connections
from django.utils import translation
from xdist.scheduler import LoadFileScheduling

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings  # the class was renamed across versions
    from xdist.remote import Producer
    from xdist.workermanage import WorkerController


BROWSER_TESTS = "tests/e2e/"


class FilesWithBrowserTestsTogether(LoadFileScheduling):
    """pytest-xdist's ``loadfile``, a file's tests to one worker, with the browser tests
    (``tests/e2e/``) handed out as one unit, first.

    The worker that takes them builds the demo snapshot once, and only one Chromium and one
    live server run at a time beside the other worker's tests, as in a serial run, for which
    the pages' timeouts are set. They start first because they are the longest unit.
    """

    def _split_scope(self, nodeid: str) -> str:
        return BROWSER_TESTS if nodeid.startswith(BROWSER_TESTS) else super()._split_scope(nodeid)

    def _assign_work_unit(self, node: WorkerController) -> None:
        if BROWSER_TESTS in self.workqueue:
            self.workqueue.move_to_end(BROWSER_TESTS, last=False)
        super()._assign_work_unit(node)


@pytest.hookimpl(optionalhook=True, tryfirst=True)  # before xdist's own, which would answer
def pytest_xdist_make_scheduler(config: pytest.Config, log: Producer) -> LoadFileScheduling | None:
    """``--dist loadfile`` (as ``make test`` runs) keeps the browser tests together."""
    if config.getvalue("dist") == "loadfile":
        return FilesWithBrowserTestsTogether(config, log)
    return None


@pytest.fixture(scope="session")
def django_db_modify_db_settings_xdist_suffix(request: pytest.FixtureRequest) -> None:
    """Each pytest-xdist worker (gw0, gw1 …) creates and drops a test database of its own.

    On PostgreSQL the worker's id ends the name (``test_gealc_gw0``), as pytest-django does.
    SQLite's test database is in memory, a process's own, so it stays as it is: pytest-django
    knows SQLite only by Django's engine name, and with ours (``gealc.core.sqlite``) it would
    make the file name ``test_/…/gealc.sqlite3_gw0``, which cannot be opened.
    """
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    if not worker:
        return
    for alias in connections:
        database = connections[alias].settings_dict
        test = database.setdefault("TEST", {})
        if connections[alias].vendor == "sqlite" and test.get("NAME") in (None, "", ":memory:"):
            continue
        test["NAME"] = f"{test.get('NAME') or 'test_' + database['NAME']}_{worker}"


@pytest.fixture(scope="session", autouse=True)
def _flush_by_deleting() -> Iterator[None]:
    """After a test that commits (the browser tests, the races), PostgreSQL's test database is
    emptied by deleting every row rather than by Django's ``TRUNCATE`` of every table: on
    this machine ``TRUNCATE`` of the 190 tables takes about 3 s, deleting the rows a test
    leaves a tenth of that. The deletes run in one transaction as a replica would apply them
    (``session_replication_role``), so neither the foreign keys nor the triggers that keep
    published results from changing stop the emptying, as they do not stop ``TRUNCATE``.
    That takes a superuser (the test database's owner here and in CI); for another user, or
    a flush that resets sequences, Django's statements stay."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncating = DatabaseOperations.sql_flush

    def deleting(
        self: DatabaseOperations,
        style: object,
        tables: list[str],
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if reset_sequences or not tables or not _is_superuser(self.connection):
            return truncating(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        deletes = [f"DELETE FROM {self.quote_name(table)};" for table in tables]
        return ["SET LOCAL session_replication_role = replica;", *deletes]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", deleting)
        yield


def _is_superuser(connection: object) -> bool:
    with connection.cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute("SELECT current_setting('is_superuser')")
        return bool(cursor.fetchone()[0] == "on")


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
