"""HTTP behaviour of the public observatory API: validators and 304s, caching under the
published generation, invalidation by publication, CORS on reads only, anonymous throttling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils.http import http_date, parse_http_date

from gealc.core.http import PublicReadThrottle
from gealc.observatory import services
from gealc.observatory.models import IndexRun

API = "/api/v1"


@pytest.fixture
def scores_path(published_run: IndexRun) -> str:
    return f"{API}/runs/{published_run.pk}/scores/"


def test_validators_and_cache_control(client: Client, scores_path: str) -> None:
    response = client.get(scores_path)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    published_at = IndexRun.objects.get(status="published").published_at
    assert parse_http_date(response["Last-Modified"]) == int(published_at.timestamp())
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]


def test_if_none_match_gives_304(client: Client, scores_path: str) -> None:
    etag = client.get(scores_path)["ETag"]
    response = client.get(scores_path, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert client.get(scores_path, headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    assert client.get(scores_path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_if_modified_since_gives_304(client: Client, scores_path: str) -> None:
    modified = client.get(scores_path)["Last-Modified"]
    assert client.get(scores_path, headers={"If-Modified-Since": modified}).status_code == 304
    earlier = http_date(parse_http_date(modified) - 60)
    assert client.get(scores_path, headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(scores_path, headers={"If-Modified-Since": "garbage"}).status_code == 200


def test_tag_differs_by_query_and_language(client: Client, scores_path: str) -> None:
    tags = {
        client.get(scores_path)["ETag"],
        client.get(f"{scores_path}?node=index")["ETag"],
        client.get(scores_path, headers={"Accept-Language": "en"})["ETag"],
        client.get(scores_path, headers={"Accept-Language": "pt"})["ETag"],
    }
    assert len(tags) == 4


def test_errors_are_neither_tagged_nor_cached(client: Client, published_run: IndexRun) -> None:
    response = client.get(f"{API}/runs/?year=x")
    assert response.status_code == 400
    assert not response.has_header("ETag")
    assert client.get(f"{API}/runs/{published_run.pk + 1}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/runs/",
        "/runs/{run}/",
        "/runs/{run}/scores/?node=index",
        "/countries/URY/scores/",
        "/values/?country=URY",
        "/indicators/",
        "/indicators/signature/",
    ],
)
def test_second_request_is_served_from_the_cache(
    client: Client,
    published_run: IndexRun,
    django_assert_num_queries: Callable[..., Any],
    path: str,
) -> None:
    url = API + path.format(run=published_run.pk)
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_publication_invalidates(
    client: Client,
    correction_run: IndexRun,
    secretariat: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    before = client.get(f"{API}/runs/")
    assert before.json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.run_publish(actor=secretariat, run=correction_run)
    after = client.get(f"{API}/runs/")
    assert after["ETag"] != before["ETag"]
    statuses = {run["id"]: run["status"] for run in after.json()["results"]}
    assert statuses == {correction_run.pk: "published", correction_run.corrects_id: "superseded"}
    stale = client.get(f"{API}/runs/", headers={"If-None-Match": before["ETag"]})
    assert stale.status_code == 200
    scores = client.get(f"{API}/countries/PRY/scores/").json()
    assert scores["run"]["id"] == correction_run.pk
    assert scores["scores"]


# CORS ------------------------------------------------------------------------------------------


def test_cors_on_reads(client: Client, scores_path: str) -> None:
    response = client.get(scores_path, headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        scores_path,
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    head = client.head(scores_path)
    assert head.status_code == 200
    assert head["Access-Control-Allow-Origin"] == "*"


def test_no_cors_on_writes(client: Client, secretariat: User, published_run: IndexRun) -> None:
    client.force_login(secretariat)
    origin = {"Origin": "https://example.org"}
    refused = client.post(f"{API}/runs/", {}, headers=origin)
    assert refused.status_code in (403, 405)
    assert not refused.has_header("Access-Control-Allow-Origin")
    write = client.post(f"{API}/institutions/", {}, headers=origin)
    assert not write.has_header("Access-Control-Allow-Origin")
    # Rounds are public reads now; what a submission shows depends on who asks.
    member_read = client.get(f"{API}/rounds/{published_run.round_id}/submissions/", headers=origin)
    assert member_read.status_code == 200
    assert not member_read.has_header("Access-Control-Allow-Origin")


# Throttling ------------------------------------------------------------------------------------


@pytest.fixture
def two_per_minute(settings: Any) -> None:
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "observatory": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


@pytest.mark.usefixtures("two_per_minute")
def test_anonymous_clients_are_throttled(client: Client, published_run: IndexRun) -> None:
    for _ in range(2):
        assert client.get(f"{API}/runs/").status_code == 200
    response = client.get(f"{API}/runs/")
    assert response.status_code == 429
    assert response.json()["message"]
    assert int(response["Retry-After"]) > 0
    # Another address has its own allowance.
    assert client.get(f"{API}/runs/", REMOTE_ADDR="10.0.0.9").status_code == 200


@pytest.mark.usefixtures("two_per_minute")
def test_signed_in_users_are_not_throttled_as_anonymous(
    client: Client, published_run: IndexRun, secretariat: User
) -> None:
    client.force_login(secretariat)
    for _ in range(4):
        assert client.get(f"{API}/runs/").status_code == 200


@pytest.mark.usefixtures("two_per_minute")
def test_the_allowance_comes_back_in_the_next_window(published_run: IndexRun) -> None:
    request = RequestFactory().get(f"{API}/runs/")
    throttle = PublicReadThrottle()
    throttle.timer = lambda: 600.0  # the start of a one-minute window
    assert [throttle.allow_request(request, None) for _ in range(3)] == [True, True, False]
    assert throttle.wait() == 60
    throttle.timer = lambda: 659.5
    assert not throttle.allow_request(request, None)
    assert throttle.wait() == 1.0  # never less than a second
    throttle.timer = lambda: 660.0
    assert throttle.allow_request(request, None)


def test_a_high_rate_costs_one_counter(settings: Any, published_run: IndexRun) -> None:
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "observatory": "1000000/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    request = RequestFactory().get(f"{API}/runs/")
    throttle = PublicReadThrottle()
    throttle.timer = lambda: 7200.0
    for _ in range(500):
        assert throttle.allow_request(request, None)
    key = throttle.get_cache_key(request, None)
    assert cache.get(f"{key}:2") == 500
