"""HTTP for every public read: validators, caching headers, throttling and CORS.

- every successful GET or HEAD of a public read path (:func:`is_public_read_path`: the public
  API, the downloads, the charts' specs) gets a weak ``ETag`` over its body and a 304 for a
  current copy (:class:`PublicReadValidatorsMiddleware`); an app whose content changes only
  at known moments registers a ``Last-Modified`` for its paths (:func:`register_last_modified`,
  as the observatory does for published results);
- ``Access-Control-Allow-Origin: *`` on reads of those paths only
  (:class:`ReadOnlyCorsMiddleware`, :data:`DEFAULT_CORS_PATHS`), never on writes;
- anonymous clients are throttled per scope (:class:`PublicReadThrottle`);
- :func:`is_not_modified` and :func:`add_validators` for views that know their own version.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponseBase,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

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
    r"|governance|institutions|people|appointments|practices|software|datasets|search"
    r"|groups|plans|commitments|meetings|courses|cooperation|agreements|consultations)(/|$)",
    r"^/api/v1/rounds/$",
    r"^/api/v1/rounds/[0-9]+/(published-values/)?$",
    r"^/api/v1/schema/$",
    r"^/data/",
    r"^/[a-z]{2}(-[a-z]+)?/observatory/(.+/)?charts/[^/]+\.json$",
)

# (path pattern, when its content last changed): see register_last_modified.
_LAST_MODIFIED: list[tuple[str, Callable[[], datetime.datetime | None]]] = []


def register_last_modified(
    patterns: tuple[str, ...], last_modified: Callable[[], datetime.datetime | None]
) -> None:
    """Give the public reads of these paths (regular expressions) a ``Last-Modified``: when
    their content last changed, as ``last_modified()`` says (called once per such read).
    Apps register in ``AppConfig.ready``."""
    for pattern in patterns:
        if (pattern, last_modified) not in _LAST_MODIFIED:
            _LAST_MODIFIED.append((pattern, last_modified))


def _last_modified(path: str) -> datetime.datetime | None:
    for pattern, last_modified in _LAST_MODIFIED:
        if re.search(pattern, path):
            return last_modified()
    return None


# Validators ---------------------------------------------------------------------------------


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
    since_header = request.headers.get("If-Modified-Since")
    if not since_header:  # most requests: nothing to parse
        return False
    since = parse_http_date_safe(since_header)
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


# Validators on every public read --------------------------------------------------------------


class PublicReadValidatorsMiddleware:
    """``ETag``, ``Last-Modified``, ``Cache-Control`` and 304 answers on every public read.

    Views that know a version of what they send (the observatory's ``PublishedReadView``, its
    catalogue and bulk downloads) set their own validators, kept as they are. Every other
    successful GET or HEAD of a public read path (:func:`is_public_read_path`) gets a weak ETag
    over its body, the ``Last-Modified`` registered for its path
    (:func:`register_last_modified`), and a 304 when the client's copy is current. Anonymous
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
    modified = _last_modified(request.path)
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
