"""HTTP for published results: validators and a cached body for every public API answer.

What the public API serves about published runs changes only when something is published, so
every response is identified by the *published generation* (``gealc.observatory.cache``):

- ``ETag``: a hash of the generation, the path, the query, the language and the format, so it
  is known before anything is read and a client's copy is confirmed with a 304 at once;
- ``Last-Modified``: when the latest publication (or supersession) happened; the other public
  reads of published results get it from ``gealc.core.http.PublicReadValidatorsMiddleware``
  (registered in ``apps.ObservatoryConfig.ready``);
- the rendered body is kept in Django's cache under a key of the generation: a second
  request costs no database query, and a publication makes every older key unreachable;
- ``Cache-Control: public, max-age`` lets browsers and proxies keep it a little while;
- anonymous clients are throttled (``gealc.core.http.PublicReadThrottle``); CORS is
  ``gealc.core.http.ReadOnlyCorsMiddleware``'s;
- a JSON answer is marked *shareable* (:func:`mark_shareable`), and
  ``gealc.observatory.middleware`` answers the next anonymous client that asks the same from
  a copy, before the rest of the site's middleware.
"""

from __future__ import annotations

import datetime
import hashlib
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.http import quote_etag
from django.utils.translation import get_language
from rest_framework import permissions
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from gealc.core.http import (
    BODY_TIMEOUT,
    DEFAULT_MAX_AGE,
    PublicReadThrottle,
    add_validators,
    is_not_modified,
)
from gealc.observatory import cache as published_cache
from gealc.observatory.models import IndexRun

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
