"""Requests with a safe method read only: their transactions take no write lock on SQLite."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .base import reading_only

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReadingRequestMiddleware:
    """Wraps GET, HEAD and OPTIONS requests in :func:`reading_only` (see ``gealc.core.sqlite``).

    A safe request that still writes (rare: marking an abandoned run failed) writes in a
    deferred transaction, which SQLite may refuse when another writer is busy; every request
    that changes data is a POST, PUT, PATCH or DELETE and takes the lock when it begins.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            with reading_only():
                return self.get_response(request)
        return self.get_response(request)
