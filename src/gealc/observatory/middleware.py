"""Shared answers to anonymous reads of published results (the public API and the pages),
served before the site's middleware.

A public API answer about published data is the same for every anonymous client (see
``gealc.observatory.http.PublishedReadView``). Once the view has answered a request and marked
its response *shareable*, :class:`PublishedResponseMiddleware` keeps the response — body and
headers as the inner middleware left them — under a key of the published generation, the path,
the query, the language and the ``Accept`` header. The next such request is answered from that
copy right after whitenoise, without the session, CSRF, authentication, message, history and
login-throttling middleware that a public read does not need; it is still rate-limited, and
still answered 304 when the client's copy is current.

The public pages of a published run (the observatory's overview, profiles, indicators,
methodology and downloads) are shared the same way: their views mark them (``shareable_page``)
and the copy is keyed on the page's address, its query, the language of its address and
whether the client takes gzip. Only a page read with no session and no stored messages is
answered from a copy, and a page is kept only when rendering it gave the reader nothing of
their own (no CSRF token, no session, no cookie): anonymous pages carry no token (see
``templates/base.html``). A signed-in reader always gets their own page.

Anything else — writes, signed-in clients (a session cookie or an ``Authorization`` header),
throttled clients, answers nobody marked — goes the usual way.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils import translation
from django.utils.http import parse_http_date_safe

from gealc.core.http import (
    BODY_TIMEOUT,
    PublicReadThrottle,
    is_not_modified,
    is_public_read_path,
)
from gealc.core.middleware import CSP_UPDATE_ATTRIBUTE
from gealc.observatory import cache as published_cache
from gealc.observatory.http import SHAREABLE

# A 304 carries the validators and the representation's metadata, not the body's own.
BODY_HEADERS = frozenset({"content-type", "content-length"})


class StoredResponse(NamedTuple):
    body: bytes
    headers: list[tuple[str, str]]
    etag: str
    modified: datetime.datetime | None
    # The extra Content-Security-Policy sources the view asked for (csp_update): the policy
    # header itself is added outside this middleware, on the copy too.
    csp_update: dict[str, list[str]] | None = None


def shared_read(request: HttpRequest) -> bool | None:
    """Whether this request may be answered from a shared copy: ``None`` when not (a write, a
    client with a session or credentials, a page with stored messages, anything else), else
    whether it is a page (``True``) or a public API read (``False``). Each test of the
    address runs once: this is on the path of every request."""
    if (
        request.method != "GET"
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    ):
        return None
    public = is_public_read_path(request.path)
    if is_page_path(request.path):
        # Stored messages would show on the page: a reader with some gets their own.
        return None if public or CookieStorage.cookie_name in request.COOKIES else True
    return False if public else None


def is_page_path(path: str) -> bool:
    """A page under a language prefix (``/es/…``): its language comes from the address."""
    return translation.get_language_from_path(path) is not None


def response_key(request: HttpRequest) -> str:
    """The key of the answer to this request in the current published generation.

    The language is found as ``LocaleMiddleware`` will find it (a page's address, else the
    cookie, then Accept-Language), the raw ``Accept`` header stands for the representation
    content negotiation will pick, and whether the client takes gzip for the body's encoding
    (pages are compressed by the view).
    """
    parts = [
        published_cache.published_generation(),
        request.path,
        repr(sorted(request.GET.lists())),
        translation.get_language_from_path(request.path)
        or translation.get_language_from_request(request),
        request.headers.get("Accept", ""),
        str(_accepts_gzip(request)),
    ]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{published_cache.PREFIX}:shared:{digest}"


class PublishedResponseMiddleware:
    """Answer repeated anonymous public API reads from the cache (place it after whitenoise)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        page = shared_read(request)
        if page is None:
            return self.get_response(request)
        key = response_key(request)
        stored: StoredResponse | None = cache.get(key)
        # A throttled client goes the usual way, which answers 429 with its message (pages
        # are not throttled).
        if stored is not None and (page or PublicReadThrottle().allow_request(request, None)):
            return _replay(request, stored)
        response = self.get_response(request)
        if _is_storable(response) and not (page and _carries_the_readers_own(request)):
            cache.set(key, _stored(response), BODY_TIMEOUT)
        return response


def _is_storable(response: Any) -> bool:
    return (
        getattr(response, SHAREABLE, False)
        and response.status_code == 200
        and not response.cookies
        and not response.streaming
        and response.has_header("ETag")
    )


def _carries_the_readers_own(request: HttpRequest) -> bool:
    """Whether rendering the page gave this reader a CSRF token of their own (a form that
    posts); a session or any other cookie shows in the response's cookies."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def _stored(response: HttpResponse) -> StoredResponse:
    modified = response.get("Last-Modified")
    return StoredResponse(
        body=response.content,
        headers=list(response.items()),
        etag=response["ETag"],
        modified=_parse_http_date(modified) if modified else None,
        csp_update=getattr(response, CSP_UPDATE_ATTRIBUTE, None),
    )


def _replay(request: HttpRequest, stored: StoredResponse) -> HttpResponseBase:
    response: HttpResponseBase
    if is_not_modified(request, stored.etag, stored.modified):
        response = HttpResponseNotModified()
        for name, value in stored.headers:
            if name.lower() not in BODY_HEADERS:
                response[name] = value
        return response
    response = HttpResponse(stored.body)
    for name, value in stored.headers:
        response[name] = value
    if stored.csp_update:
        setattr(response, CSP_UPDATE_ATTRIBUTE, stored.csp_update)
    return response


def _parse_http_date(text: str) -> datetime.datetime | None:
    seconds = parse_http_date_safe(text)
    return None if seconds is None else datetime.datetime.fromtimestamp(seconds, datetime.UTC)
