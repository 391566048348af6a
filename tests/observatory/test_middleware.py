"""Shared answers to anonymous public API reads: what is kept, for whom, and what still runs.

The middleware wraps the real API view (called directly, so a test can count how often the
usual way is taken); the whole stack is exercised through the test client at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.test import Client, RequestFactory
from django.urls import resolve

from gealc.observatory.middleware import PublishedResponseMiddleware
from gealc.observatory.models import IndexRun

API = "/api/v1"


class CountingView:
    """The real view behind the middleware, counting the requests that reach it."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        self.calls += 1
        match = resolve(request.path)
        return match.func(request, *match.args, **match.kwargs)


@pytest.fixture
def view() -> CountingView:
    return CountingView()


@pytest.fixture
def middleware(view: CountingView) -> PublishedResponseMiddleware:
    return PublishedResponseMiddleware(view)


@pytest.fixture
def scores_path(published_run: IndexRun) -> str:
    return f"{API}/runs/{published_run.pk}/scores/"


def test_a_repeated_anonymous_read_is_answered_from_the_copy(
    middleware: PublishedResponseMiddleware,
    view: CountingView,
    scores_path: str,
    django_assert_num_queries: Callable[..., Any],
) -> None:
    first = middleware(RequestFactory().get(scores_path))
    with django_assert_num_queries(0):
        second = middleware(RequestFactory().get(scores_path))
    assert view.calls == 1
    assert second.status_code == 200
    assert second.content == first.content
    assert list(second.items()) == list(first.items())


def test_the_copy_answers_304_to_a_current_client(
    middleware: PublishedResponseMiddleware, view: CountingView, scores_path: str
) -> None:
    etag = middleware(RequestFactory().get(scores_path))["ETag"]
    response = middleware(RequestFactory().get(scores_path, headers={"If-None-Match": etag}))
    assert view.calls == 1
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert not response.has_header("Content-Length")


@pytest.mark.parametrize(
    "variant",
    [
        {"QUERY_STRING": "node=index"},
        {"HTTP_ACCEPT_LANGUAGE": "pt"},
        {"HTTP_COOKIE": "django_language=fr"},
        {"HTTP_ACCEPT": "application/json; indent=2"},
    ],
    ids=["query", "accept-language", "language-cookie", "accept"],
)
def test_every_part_of_the_request_that_changes_the_answer_is_in_the_key(
    middleware: PublishedResponseMiddleware,
    view: CountingView,
    scores_path: str,
    variant: dict[str, str],
) -> None:
    middleware(RequestFactory().get(scores_path))
    varied = middleware(RequestFactory().get(scores_path, **variant))
    assert view.calls == 2
    again = middleware(RequestFactory().get(scores_path, **variant))
    assert view.calls == 2
    assert again.content == varied.content


@pytest.mark.parametrize(
    "credentials",
    [{"HTTP_COOKIE": "sessionid=anything"}, {"HTTP_AUTHORIZATION": "Token anything"}],
    ids=["session-cookie", "authorization"],
)
def test_clients_that_may_be_signed_in_go_the_usual_way(
    middleware: PublishedResponseMiddleware,
    view: CountingView,
    scores_path: str,
    credentials: dict[str, str],
) -> None:
    middleware(RequestFactory().get(scores_path))
    middleware(RequestFactory().get(scores_path, **credentials))
    assert view.calls == 2


def test_writes_and_unmarked_answers_are_never_kept(published_run: IndexRun) -> None:
    calls = []

    def unmarked(request: HttpRequest) -> HttpResponse:
        calls.append(request.method)
        return HttpResponse("private", headers={"ETag": '"x"'})

    middleware = PublishedResponseMiddleware(unmarked)
    for _ in range(2):
        middleware(RequestFactory().get(f"{API}/rounds/"))
        middleware(RequestFactory().post(f"{API}/runs/"))
    assert calls == ["GET", "POST", "GET", "POST"]


@pytest.fixture
def two_per_minute(settings: Any) -> None:
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "observatory": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


@pytest.mark.usefixtures("two_per_minute")
def test_answers_from_the_copy_count_against_the_rate_limit(
    middleware: PublishedResponseMiddleware, view: CountingView, scores_path: str
) -> None:
    assert middleware(RequestFactory().get(scores_path)).status_code == 200
    assert middleware(RequestFactory().get(scores_path)).status_code == 200
    assert view.calls == 1
    throttled = middleware(RequestFactory().get(scores_path))
    assert view.calls == 2  # the usual way words the refusal
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0


def _without_request_id(response: HttpResponseBase) -> dict[str, str]:
    return {name: value for name, value in response.items() if name != "X-Request-ID"}


def test_through_the_whole_stack_the_copy_carries_the_same_headers(
    client: Client, scores_path: str, secretariat: User
) -> None:
    origin = {"Origin": "https://example.org"}
    first = client.get(scores_path, headers=origin)
    second = client.get(scores_path, headers=origin)
    assert second["X-Request-ID"] != first["X-Request-ID"]  # each request has its own id
    assert _without_request_id(second) == _without_request_id(first)
    assert second["Access-Control-Allow-Origin"] == "*"
    assert "Content-Security-Policy" in second
    revalidated = client.get(scores_path, headers={**origin, "If-None-Match": first["ETag"]})
    assert revalidated.status_code == 304
    assert revalidated["Access-Control-Allow-Origin"] == "*"
    client.force_login(secretariat)
    assert client.get(scores_path).content == first.content
