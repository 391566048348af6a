from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gealc.network import selectors as network_selectors


@never_cache
@require_GET
@transaction.non_atomic_requests  # ATOMIC_REQUESTS would connect (and fail) before the check
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:  # the database is down or unreachable: take me out of rotation
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "site/home.html", network_selectors.home_summary())


_ERRORS = {
    400: (_("Bad request"), _("The request could not be understood. Check the address or form.")),
    403: (_("Access denied"), _("You do not have permission to see or change this.")),
    404: (_("Page not found"), _("There is nothing at this address. It may have moved.")),
    500: (_("Server error"), _("Something went wrong on our side. The team has been told.")),
}


def _error(request: HttpRequest, status: int, text: str | Promise | None = None) -> HttpResponse:
    """The error page for pages, ``{"message", "field"}`` for the API."""
    title, default_text = _ERRORS[status]
    text = text or default_text
    if request.path.startswith("/api/"):
        return JsonResponse({"message": str(text), "field": None, "errors": {}}, status=status)
    context = {"error_title": title, "error_text": text}
    return render(request, "site/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        limit = filesizeformat(settings.GEALC_MAX_UPLOAD_BYTES)
        text = gettext("The upload is too large: the limit is %(limit)s per request.") % {
            "limit": limit
        }
        return _error(request, 400, text)
    return _error(request, 400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: say what to do instead of Django's developer-oriented page."""
    text = _(
        "The form could not be accepted because its security token is missing or expired. "
        "Reload the page (cookies must be enabled) and send it again."
    )
    return _error(request, 403, text)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)
