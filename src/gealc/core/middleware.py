"""HTTP safeguards for every request: a Content-Security-Policy header, the upload size limit
and the refusal of control characters in every input (listed in the settings' MIDDLEWARE)."""

import json
import re
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext

CSP_HEADER = "Content-Security-Policy"
# Set on a response by @csp_update: directive -> extra sources for that response only.
CSP_UPDATE_ATTRIBUTE = "_gealc_csp_update"

View = Callable[..., HttpResponseBase]


def csp_update(**directives: list[str]) -> Callable[[View], View]:
    """Widen the policy for one view, e.g. ``@csp_update(script_src=["'unsafe-eval'"])``.

    Directive names use underscores for dashes. Meant for the rare page that needs more than
    the site-wide policy (the optional interactive Vega view compiles expressions at runtime).
    """
    extra = {name.replace("_", "-"): sources for name, sources in directives.items()}

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> HttpResponseBase:
            response = view(*args, **kwargs)
            setattr(response, CSP_UPDATE_ATTRIBUTE, extra)
            return response

        return wrapper

    return decorator


def content_security_policy(extra: dict[str, list[str]] | None = None) -> str:
    """The header value: ``settings.GEALC_CONTENT_SECURITY_POLICY`` plus ``extra`` sources."""
    configured = settings.GEALC_CONTENT_SECURITY_POLICY
    policy = {name: list(sources) for name, sources in configured.items()}
    for name, sources in (extra or {}).items():
        current = policy.setdefault(name, [])
        current.extend(source for source in sources if source not in current)
    return "; ".join(" ".join([name, *sources]) for name, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Add the site's Content-Security-Policy to every response that has none yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if CSP_HEADER not in response:
            response[CSP_HEADER] = content_security_policy(
                getattr(response, CSP_UPDATE_ATTRIBUTE, None)
            )
        return response


class UploadSizeLimitMiddleware:
    """Refuse a request body over ``GEALC_MAX_UPLOAD_BYTES`` before anything reads it.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, so without this a
    large file would be streamed to disk first. Raising RequestDataTooBig hands the request
    to the 400 handler, which explains the limit (HTML for pages, JSON for the API).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.GEALC_MAX_UPLOAD_BYTES:
            raise RequestDataTooBig(
                f"Request body of {length} bytes exceeds GEALC_MAX_UPLOAD_BYTES."
            )
        return self.get_response(request)


# C0 controls and DEL. NUL alone breaks PostgreSQL text ("cannot contain NUL characters");
# none of them has a meaning in an address, a query or a cookie. Text typed into a form or a
# JSON body may hold tabs and line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class ControlCharacterInInput(BadRequest):
    """A parameter holds a control character; the 400 handler names the parameter."""

    def __init__(self, parameter: str, character: str) -> None:
        self.parameter = parameter
        self.character = f"U+{ord(character):04X}"
        super().__init__(f"Control character {self.character} in {parameter!r}.")

    @property
    def message(self) -> str:
        return gettext(
            "“%(parameter)s” contains a control character (%(character)s), which is not "
            "allowed. Remove it and send the request again."
        ) % {"parameter": self.parameter, "character": self.character}


def _refuse(pattern: re.Pattern[str], named_texts: Iterator[tuple[str, str]]) -> None:
    for name, text in named_texts:
        if found := pattern.search(text):
            raise ControlCharacterInInput(name, found.group())


def _path_parameters(path: str) -> Iterator[tuple[str, str]]:
    """The address's parameters by the name the URL gives them (``iso3``, ``code``…), then
    the whole path for what no parameter holds."""
    try:  # pages are under a language prefix, which resolves only in its own language
        with translation.override(translation.get_language_from_path(path)):
            match = resolve(path)
    except Resolver404:
        match = None
    if match is not None:
        yield from ((name, str(value)) for name, value in match.kwargs.items())
    yield "path", path


def _pairs(data: Any) -> Iterator[tuple[str, str]]:
    """(name, text) of every key and value of a QueryDict, the names included."""
    for name, values in data.lists():
        yield name, name
        yield from ((name, str(value)) for value in values)


def _cookies(cookies: dict[str, str]) -> Iterator[tuple[str, str]]:
    for name, value in cookies.items():
        yield f"cookie {name}", name
        yield f"cookie {name}", value


def _json_texts(value: Any, name: str = "") -> Iterator[tuple[str, str]]:
    """(dotted name, text) of every string in a decoded JSON document, keys included."""
    if isinstance(value, dict):
        for key, inner in value.items():
            dotted = f"{name}.{key}" if name else str(key)
            yield dotted, str(key)
            yield from _json_texts(inner, dotted)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _json_texts(inner, f"{name}.{index}" if name else str(index))
    elif isinstance(value, str):
        yield name or "body", value


class ControlCharacterAddressMiddleware:
    """Refuse control characters in the path, the query string and the cookies with a 400
    naming the parameter, before anything (the session, a cache, a query) uses them.

    Place it right after whitenoise: it needs no session, language or database.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if _CONTROL.search(request.path_info):  # resolve only then, to name the parameter
            _refuse(_CONTROL, _path_parameters(request.path_info))
        _refuse(_CONTROL, _pairs(request.GET))
        _refuse(_CONTROL, _cookies(request.COOKIES))
        return self.get_response(request)


class ControlCharacterBodyMiddleware:
    """Refuse control characters other than tab and line breaks in a form or JSON body (field
    names and values) with a 400 naming the field. Django already drops the non-printable
    characters of an uploaded file's name.

    Place it after :class:`UploadSizeLimitMiddleware`, so that an oversized body is refused
    before this reads it. A body that is not valid JSON is left to the view to refuse.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        content_type = request.content_type or ""
        if request.method in ("GET", "HEAD", "OPTIONS"):
            pass
        elif content_type in _FORM_TYPES:
            _refuse(_CONTROL_IN_TEXT, _pairs(request.POST))
        elif content_type == "application/json" or content_type.endswith("+json"):
            _refuse(_CONTROL_IN_TEXT, _json_texts(_decoded_json(request.body)))
        return self.get_response(request)


def _decoded_json(body: bytes) -> Any:
    try:
        return json.loads(body or b"null")
    except ValueError:  # the view's parser answers with its own message
        return None
