"""HTTP for published results: validators, caching, throttling and CORS.

What the public API serves about published runs changes only when something is published, so
every response is identified by the *published generation* (``gealc.observatory.cache``):

- ``ETag``: a hash of the generation, the path, the query, the language and the format, so it
  is known before anything is read and a client's copy is confirmed with a 304 at once;
- ``Last-Modified``: when the latest publication (or supersession) happened;
- the rendered body is kept in Django's cache under a key of the generation: a second
  request costs no database query, and a publication makes every older key unreachable;
- ``Cache-Control: public, max-age`` lets browsers and proxies keep it a little while;
- every other public read (the directory, the knowledge hub, rounds, downloads, charts) gets
  the same validators from one middleware (:class:`PublicReadValidatorsMiddleware`): a weak
  ETag over its body, and a 304 for a current copy;
- ``Access-Control-Allow-Origin: *`` on reads of the public endpoints only
  (:class:`ReadOnlyCorsMiddleware`, :data:`DEFAULT_CORS_PATHS`), never on writes;
- anonymous clients are throttled per scope (:class:`PublicReadThrottle`);
- a JSON answer is marked *shareable* (:func:`mark_shareable`), and
  ``gealc.observatory.middleware`` answers the next anonymous client that asks the same from
  a copy, before the rest of the site's middleware.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import Max
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import get_language
from rest_framework import permissions
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from gealc.observatory import cache as published_cache
from gealc.observatory.models import IndexRun

DEFAULT_MAX_AGE = 300
# Cached bodies outlive no generation, so a long timeout only bounds memory use.
BODY_TIMEOUT = 24 * 3600
CORS_ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOWED_HEADERS = ("Accept", "Accept-Language", "If-None-Match", "If-Modified-Since")
CORS_EXPOSED_HEADERS = ("ETag", "Last-Modified", "Retry-After")
# Public reads: the same answer for every anonymous client. A submission's endpoints are not
# among them: what they show depends on who asks (a country sees its confidential values).
DEFAULT_CORS_PATHS = (
    r"^/api/v1/(countries|frameworks|indicators|runs|values|benchmarks|organisations"
    r"|governance|institutions|people|appointments|practices|software|datasets|search)(/|$)",
    r"^/api/v1/rounds/$",
    r"^/api/v1/rounds/[0-9]+/(published-values/)?$",
    r"^/api/v1/schema/$",
    r"^/data/",
    r"^/[a-z]{2}(-[a-z]+)?/observatory/(.+/)?charts/[^/]+\.json$",
)
# Public reads whose content changes only when results are published or superseded: their
# Last-Modified is the latest publication. The others (the directory, the knowledge hub,
# rounds, frameworks, the schema) keep no modification time, and send an ETag only.
PUBLISHED_RESULT_PATHS = (
    r"^/api/v1/(runs|values|benchmarks)(/|$)",
    r"^/api/v1/countries/[^/]+/scores/$",
    r"^/api/v1/rounds/[0-9]+/published-values/$",
    r"^/data/",
    r"^/[a-z]{2}(-[a-z]+)?/observatory/(.+/)?charts/[^/]+\.json$",
)


# Validators ---------------------------------------------------------------------------------


def entity_tag(request: HttpRequest | Request, representation: str) -> str:
    """A strong tag for this request's representation in the current generation."""
    query = sorted(request.GET.lists())
    parts = [
        published_cache.published_generation(),
        request.path,
        repr(query),
        get_language() or "",
        representation,
    ]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return quote_etag(digest[:32])


def last_publication() -> datetime.datetime | None:
    """When anything was last published or superseded (cached for the generation)."""
    key = published_cache.cache_key("api", "last-publication")
    found = cache.get(key)
    if found is None:
        moments = IndexRun.objects.exclude(status=IndexRun.Status.PREVIEW).aggregate(
            published=Max("published_at"), superseded=Max("superseded_at")
        )
        latest = max((m for m in moments.values() if m is not None), default=None)
        found = latest.timestamp() if latest else 0.0
        cache.set(key, found, BODY_TIMEOUT)
    return datetime.datetime.fromtimestamp(found, datetime.UTC) if found else None


def _matches(header: str, etag: str) -> bool:
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags


def is_not_modified(
    request: HttpRequest | Request, etag: str, modified: datetime.datetime | None
) -> bool:
    """RFC 9110: If-None-Match decides when present; otherwise If-Modified-Since."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return _matches(if_none_match, etag)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since") or "")
    return bool(modified and since is not None and int(modified.timestamp()) <= since)


def add_validators(
    response: HttpResponseBase, etag: str, modified: datetime.datetime | None, max_age: int
) -> HttpResponseBase:
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ("Accept", "Accept-Language"))
    return response


# Throttling ---------------------------------------------------------------------------------


class PublicReadThrottle(AnonRateThrottle):
    """Anonymous clients, per address and scope, counted in fixed windows.

    The rate is the scope's in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``
    (``observatory``), else the ``anon`` rate, read when the request comes, so settings changed
    in tests or at run time apply. Each window is one counter incremented in the cache, so a
    request costs the same however high the rate (DRF's own throttle keeps, and rewrites, a
    list of every request in the period), and the count is atomic on a shared cache such as
    Redis. It needs no ``request.user``, so the middleware can apply it before authentication.
    """

    scope = "observatory"

    def get_rate(self) -> str | None:
        rates = api_settings.DEFAULT_THROTTLE_RATES
        return rates.get(self.scope) or rates.get("anon")

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        counter = f"{key}:{window}"
        self.cache.add(counter, 0, self.duration + 1)
        try:
            count = self.cache.incr(counter)
        except ValueError:  # expired between add and incr
            self.cache.set(counter, 1, self.duration + 1)
            count = 1
        return bool(count <= self.num_requests)

    def wait(self) -> float:
        return max(self.window_ends - self.now, 1.0)


# Views ---------------------------------------------------------------------------------------

SHAREABLE = "published_shareable"


def mark_shareable(response: HttpResponseBase) -> HttpResponseBase:
    """Let ``PublishedResponseMiddleware`` keep this answer for every anonymous client that
    sends the same request."""
    setattr(response, SHAREABLE, True)
    return response


class PublishedReadView(GenericAPIView, ABC):
    """A read-only endpoint whose answer depends only on published data (never on who asks).

    Subclasses implement ``read(request, **kwargs) -> Response``; ``get`` answers 304 when the
    client's copy is current, else the cached body, else reads, renders and caches it. Errors
    (400, 404) are neither cached nor tagged.
    """

    permission_classes = [permissions.AllowAny]
    throttle_classes = [PublicReadThrottle]
    max_age = DEFAULT_MAX_AGE

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Callable[..., HttpResponseBase]:
        # Only reads: no transaction (ATOMIC_REQUESTS) around them, so a cached answer costs
        # no round trip to the database at all.
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    @abstractmethod
    def read(self, request: Request, **kwargs: Any) -> Response:
        """Read and serialise the published data of this endpoint."""

    def handle_exception(self, exc: Exception) -> Response:
        # DRF marks any enclosing atomic block for rollback on an API error (a 404, a 400).
        # These views run outside the request's transaction and write nothing, so a block
        # that encloses them is a caller's (a test's, a script's) and stays as it was.
        enclosing = [
            (connection, connection.needs_rollback)
            for connection in connections.all(initialized_only=True)
            if connection.in_atomic_block
        ]
        try:
            return super().handle_exception(exc)
        finally:
            for connection, needs_rollback in enclosing:
                connection.needs_rollback = needs_rollback

    def get(self, request: Request, **kwargs: Any) -> HttpResponseBase:
        representation = request.accepted_renderer.format
        etag = entity_tag(request, representation)
        # The tag hashes the generation in, so a key made of it dies with the generation; the
        # modification time is stored with the body: a cached answer is one cache read.
        key = f"{published_cache.PREFIX}:api:{etag.strip(chr(34))}"
        # The browsable API shows who is signed in: only the JSON is shared between clients.
        cacheable = representation == "json"
        stored = cache.get(key) if cacheable else None
        if stored is None:
            modified = last_publication()
            if is_not_modified(request, etag, modified):
                return add_validators(HttpResponse(status=304), etag, modified, self.max_age)
            rendered = self._render(self.read(request, **kwargs))
            if rendered.status_code != 200:
                return rendered
            stored = (rendered.content, rendered["Content-Type"], modified)
            if cacheable:
                cache.set(key, stored, BODY_TIMEOUT)
        body, content_type, modified = stored
        if is_not_modified(request, etag, modified):
            return add_validators(HttpResponse(status=304), etag, modified, self.max_age)
        response = add_validators(
            HttpResponse(body, content_type=content_type), etag, modified, self.max_age
        )
        # Only the JSON is the same for every client (see ``gealc.observatory.middleware``).
        return mark_shareable(response) if cacheable else response

    def _render(self, response: Response) -> HttpResponseBase:
        response = self.finalize_response(self.request, response)
        response.render()
        return response


# Validators on every public read --------------------------------------------------------------


class PublicReadValidatorsMiddleware:
    """``ETag``, ``Last-Modified``, ``Cache-Control`` and 304 answers on every public read.

    Views that know a version of what they send (``PublishedReadView``, the catalogue and bulk
    downloads) set their own validators, kept as they are. Every other successful GET or HEAD
    of a public read path (:func:`is_public_read_path`) gets a weak ETag over its body, the
    latest publication as ``Last-Modified`` where the content is published results
    (``PUBLISHED_RESULT_PATHS``), and a 304 when the client's copy is current. Anonymous
    clients may keep a copy (``public, max-age``); a signed-in client's answer may show what
    only members see, so it is ``private`` and revalidated. Other API reads depend on who
    asks and are never stored (``private, no-store``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return response
        if is_public_read_path(request.path):
            return _validated_public_read(request, response)
        if request.path.startswith("/api/") and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _validated_public_read(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    if response.status_code != 200 or response.has_header("ETag"):
        return response
    if isinstance(response, StreamingHttpResponse):
        # A file sent in pieces: read once here so that its tag is over what is sent.
        content = b"".join(response.streaming_content)
        response.streaming_content = [content]
    else:
        content = response.content
    etag = f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'
    modified = last_publication() if _is_published_result(request.path) else None
    shared = not _is_signed_in(request) and "html" not in response.get("Content-Type", "")
    if shared:
        patch_cache_control(response, public=True, max_age=DEFAULT_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    patch_vary_headers(response, ("Accept", "Accept-Language"))
    if not is_not_modified(request, etag.removeprefix("W/"), modified):
        return response
    not_modified = HttpResponseNotModified()
    for header in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
        if response.has_header(header):
            not_modified[header] = response[header]
    return not_modified


def _is_published_result(path: str) -> bool:
    return any(re.search(pattern, path) for pattern in PUBLISHED_RESULT_PATHS)


def _is_signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated) or (
        "HTTP_AUTHORIZATION" in request.META
    )


# CORS ----------------------------------------------------------------------------------------


class ReadOnlyCorsMiddleware:
    """``Access-Control-Allow-Origin: *`` on GET, HEAD and OPTIONS of public read-only paths.

    Writes never get it, nor do paths outside ``GEALC_CORS_READ_ONLY_PATHS`` (regular
    expressions; by default the public API, the downloads and the charts' specs). No
    credentials are allowed, so a page elsewhere can read only what the public can.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.method in CORS_ALLOWED_METHODS and is_public_read_path(request.path):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = ", ".join(CORS_EXPOSED_HEADERS)
            if request.method == "OPTIONS":
                response["Access-Control-Allow-Methods"] = ", ".join(CORS_ALLOWED_METHODS)
                response["Access-Control-Allow-Headers"] = ", ".join(CORS_ALLOWED_HEADERS)
                response["Access-Control-Max-Age"] = "86400"
        return response


def is_public_read_path(path: str) -> bool:
    """A path of a public read (``GEALC_CORS_READ_ONLY_PATHS``, regular expressions; by default
    :data:`DEFAULT_CORS_PATHS`)."""
    patterns = getattr(settings, "GEALC_CORS_READ_ONLY_PATHS", DEFAULT_CORS_PATHS)
    return any(re.search(pattern, path) for pattern in patterns)
