"""Anonymous readers of a published run's pages share one stored copy per address, language
and encoding; nothing of one reader reaches another, and signed-in readers get their own."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gealc.observatory.models import IndexRun

OVERVIEW = "/en/observatory/"


@pytest.fixture
def published(published_run: IndexRun) -> IndexRun:
    return published_run


def test_a_repeated_anonymous_page_read_is_answered_from_the_copy(
    published: IndexRun, django_assert_num_queries: Callable[..., Any]
) -> None:
    first = Client().get(OVERVIEW)
    with django_assert_num_queries(0):
        second = Client().get(OVERVIEW)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    # The view's Content-Security-Policy (the interactive view's unsafe-eval) comes along.
    assert "'unsafe-eval'" in second["Content-Security-Policy"]
    for response in (first, second):
        assert not response.cookies
        assert b"csrfmiddlewaretoken" not in response.content
        assert b"X-CSRFToken" not in response.content


def test_each_language_and_encoding_has_its_own_copy(published: IndexRun) -> None:
    english = Client().get(OVERVIEW)
    french = Client().get("/fr/observatory/")
    zipped = Client().get(OVERVIEW, HTTP_ACCEPT_ENCODING="gzip")
    again = Client().get(OVERVIEW, HTTP_ACCEPT_ENCODING="gzip")

    assert b'lang="en"' in english.content
    assert b'lang="fr"' in french.content
    assert zipped["Content-Encoding"] == again["Content-Encoding"] == "gzip"
    assert gzip.decompress(again.content) == english.content
    assert "Accept-Encoding" in zipped["Vary"]


def test_a_signed_in_reader_gets_their_own_page_and_it_is_never_shared(
    published: IndexRun, secretariat: User
) -> None:
    Client().get(OVERVIEW)  # the anonymous copy
    signed_in = Client()
    signed_in.force_login(secretariat)

    own = signed_in.get(OVERVIEW)
    anonymous = Client().get(OVERVIEW)

    assert secretariat.username.encode() in own.content
    assert b"X-CSRFToken" in own.content
    assert secretariat.username.encode() not in anonymous.content
    assert b"X-CSRFToken" not in anonymous.content


def test_a_reader_with_stored_messages_gets_the_page_rendered_for_them(
    published: IndexRun,
) -> None:
    Client().get(OVERVIEW)
    reader = Client()
    reader.cookies["messages"] = "anything"

    with CaptureQueriesContext(connection) as queries:
        response = reader.get(OVERVIEW)

    assert response.status_code == 200
    assert len(queries) > 0  # rendered, not the shared copy


def test_a_current_copy_is_answered_304(published: IndexRun) -> None:
    first = Client().get(OVERVIEW)
    Client().get(OVERVIEW)

    again = Client().get(OVERVIEW, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert not again.content


def test_a_country_profile_is_shared_too(
    published: IndexRun, django_assert_num_queries: Callable[..., Any]
) -> None:
    path = "/en/observatory/countries/ury/"
    first = Client().get(path)
    with django_assert_num_queries(0):
        second = Client().get(path)

    assert first.status_code == 200
    assert second.content == first.content
