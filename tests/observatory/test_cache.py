"""Publication invalidates everything cached about published results."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from gealc.observatory import services
from gealc.observatory.cache import cache_key, published_generation
from gealc.observatory.models import IndexRun


def test_publication_changes_the_generation(
    preview_run: IndexRun, secretariat: User, django_capture_on_commit_callbacks
) -> None:
    key = cache_key("overview", "es")
    cache.set(key, "old page")
    before = published_generation()
    with django_capture_on_commit_callbacks(execute=True):
        services.run_publish(actor=secretariat, run=preview_run)
    assert published_generation() != before
    assert cache_key("overview", "es") != key
    assert cache.get(cache_key("overview", "es")) is None


def test_keys_are_safe_for_any_cache(db: None) -> None:
    key = cache_key("search", "a b\u00e9" * 100)
    assert len(key) <= 250
    assert " " not in key


def test_a_cached_download_changes_after_a_correction_is_published(
    correction_run: IndexRun, client: Client, secretariat: User, django_capture_on_commit_callbacks
) -> None:
    old = correction_run.corrects
    first = client.get(f"/data/runs/{old.pk}.json").json()
    assert first["run"]["status"] == "published"
    with django_capture_on_commit_callbacks(execute=True):
        services.run_publish(actor=secretariat, run=correction_run)
    second = client.get(f"/data/runs/{old.pk}.json").json()
    assert second["run"]["status"] == "superseded"


def test_another_process_sees_the_publication_without_a_shared_cache(
    preview_run: IndexRun, secretariat: User
) -> None:
    before = published_generation()
    services.run_publish(actor=secretariat, run=preview_run)  # on_commit never runs here
    cache.clear()  # what another worker's empty (or expired) local cache looks like
    assert published_generation() != before


def test_loading_the_egdi_changes_the_generation(
    db: None, django_capture_on_commit_callbacks
) -> None:
    from gealc.observatory.services import egdi_load

    before = published_generation()
    with django_capture_on_commit_callbacks(execute=True):
        egdi_load()
    assert published_generation() != before
