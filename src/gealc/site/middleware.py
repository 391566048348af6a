"""Site-wide HTTP safeguards: a Content-Security-Policy header and the upload size limit."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponseBase

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
