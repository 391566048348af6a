"""Browser tests: the live server with the demo network, driven by Debian's Chromium.

Playwright's sync API runs an event loop in this thread, which trips Django's check for
database access from async code; the access is in fact synchronous, so allow it.
"""

import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
from django.test import override_settings
from playwright.sync_api import Browser, Page, Playwright, Request, expect, sync_playwright

from gealc.accounts.demo import TOTP_SECRETS as DEMO_TOTP_SECRETS
from gealc.core.demo_loading import load_all
from tests.accounts.totp import totp_code

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
PAGE_TIMEOUT_MS = 30_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
DEMO_PASSWORD = "demo-password"  # every demo account's password, printed by `gealc demo`
# Fast hashing for the demo accounts, used both when the snapshot is made and when signing in.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    # Assertions wait as long as page actions do (see ``page``), not Playwright's 5 s.
    expect.set_options(timeout=PAGE_TIMEOUT_MS)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM} (Playwright cannot "
            "download browsers here): run `make browser` or `sudo apt-get install chromium`.",
            pytrace=False,
        )
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup: None, django_db_blocker) -> str:
    """The demo network and measurement data, loaded once and kept as serialised JSON.

    Loading runs every app's services (about ten seconds); restoring the snapshot for each
    test takes one or two. The load is rolled back, so other tests see an empty database.
    Under pytest-xdist it is once per worker that runs browser tests: ``make test`` hands them
    all to one worker (``tests/conftest.py``).
    """
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        load_all()
        snapshot = connection.creation.serialize_db_to_string()
        transaction.set_rollback(True)
    return snapshot


@pytest.fixture
def demo_site(transactional_db: None, live_server, settings, demo_snapshot: str) -> str:
    """The live server's address, with the demo data restored into the test database."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
    _empty_tables()
    _restore(demo_snapshot)
    ContentType.objects.clear_cache()
    _reset_sequences()
    return live_server.url


def _empty_tables() -> None:
    """Empty the tables that have rows (the content types and permissions that migrations
    create), since the snapshot holds its own. A full flush takes seconds on PostgreSQL. In
    one transaction, so that PostgreSQL checks the (deferred) foreign keys once all is gone."""
    models = apps.get_models(include_auto_created=True)
    tables = [m._meta.db_table for m in models if m._meta.managed and m._base_manager.exists()]
    with (
        connection.constraint_checks_disabled(),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
            cursor.execute(statement)


def _restore(snapshot: str) -> None:
    """Insert the snapshot's rows model by model (several times faster than one by one)."""
    rows: dict[type[Model], list[Model]] = defaultdict(list)
    with_relations = []
    for item in serializers.deserialize("json", snapshot):
        rows[type(item.object)].append(item.object)
        if item.m2m_data:
            with_relations.append(item)
    with transaction.atomic(), connection.constraint_checks_disabled():
        for model, objects in rows.items():
            if model._meta.parents:  # multi-table inheritance: bulk_create cannot do it
                for obj in objects:
                    obj.save_base(raw=True)
            else:
                model._base_manager.bulk_create(objects, batch_size=500)
        for item in with_relations:
            for field, values in item.m2m_data.items():
                getattr(item.object, field).set(values)


def _reset_sequences() -> None:
    """Rows came in with their primary keys; new rows must not reuse them (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def wait_for_answers(page: Page) -> Callable[[], None]:
    """Count the page's requests in flight; the returned function waits (10 s at most) until
    the server has answered every one.

    Call it at the end of a test, before its database is flushed: a request still running on
    the live server then (an htmx search fired by typing, say) holds locks that deadlock
    PostgreSQL's TRUNCATE, or finds the database closed to it.
    """
    in_flight: set[Request] = set()
    # Playwright takes Python functions as handlers, not built-in methods.
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))

    def wait() -> None:
        deadline = time.monotonic() + 10
        while in_flight and time.monotonic() < deadline and not page.is_closed():
            page.wait_for_timeout(50)

    return wait


def sign_in(page: Page, site: str, username: str, then: str = "/en/") -> None:
    """Sign in through the real pages; the administrator and the secretariat, who have a
    second factor in the demo, type the code an authenticator app would show."""
    page.context.clear_cookies()
    page.goto(f"{site}/en/accounts/login/?next={then}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in", exact=True).click()
    if username in DEMO_TOTP_SECRETS:
        page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
        # A code is accepted once; an earlier test may have used this period's.
        cache.clear()
        page.get_by_label("Code").fill(totp_code(DEMO_TOTP_SECRETS[username]))
        page.get_by_role("main").get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_url(re.compile(re.escape(then)))


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # bypass_csp lets the tests inject axe-core; the pages themselves keep the site's policy.
    context = browser.new_context(viewport=DESKTOP, locale="es-ES", bypass_csp=True)
    page = context.new_page()
    # Generous: under xdist the other worker's tests share the two cores with the live server
    # and Chromium, and a page rendered for the first time (its charts, its files) is slow.
    # A page that never comes still fails.
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    answered = wait_for_answers(page)
    yield page
    answered()
    context.close()
