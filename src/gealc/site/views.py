import logging
import sys

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.html import escape
from django.utils.log import AdminEmailHandler
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from gealc.continuity import selectors as continuity_selectors
from gealc.core.middleware import ControlCharacterInInput
from gealc.knowledge import selectors as knowledge_selectors
from gealc.network import selectors as network_selectors
from gealc.observatory import views as observatory_views
from gealc.site import selectors as site_selectors
from gealc.site.styleguide import styleguide_context

# How long a client is told to wait before trying again while the database is unavailable.
RETRY_AFTER_SECONDS = 60


@never_cache
@require_GET
@transaction.non_atomic_requests  # ATOMIC_REQUESTS would connect (and fail) before the check
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 otherwise."""
    if not database_answers():  # take me out of rotation
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:  # down or unreachable
        return False
    return True


HOME_PRACTICES = 3


@require_GET
@gzip_page
def home(request: HttpRequest) -> HttpResponse:
    """How the region is doing: the latest index, what is due and what meets next, the latest
    practices."""
    context = {
        "glance": observatory_views.region_at_a_glance(),
        "deadlines": site_selectors.next_deadlines(),
        "events": site_selectors.next_events(request.user),
        "practices": list(
            knowledge_selectors.practices_visible_to(AnonymousUser()).select_related("country")[
                :HOME_PRACTICES
            ]
        ),
        **network_selectors.home_summary(),
        # A head or delegate appointed in the last 90 days finds their first days here.
        "newcomer": continuity_selectors.newcomer_appointment(request.user),
    }
    return render(request, "site/home.html", context)


@require_GET
@gzip_page
def styleguide(request: HttpRequest) -> HttpResponse:
    """The living style guide: every token and component, drawn by the site's own CSS."""
    return render(request, "site/styleguide.html", styleguide_context())


_ERRORS = {
    400: (_("Bad request"), _("The request could not be understood. Check the address or form.")),
    403: (_("Access denied"), _("You do not have permission to see or change this.")),
    404: (_("Page not found"), _("There is nothing at this address. It may have moved.")),
    500: (
        _("Server error"),
        _(
            "Something went wrong on our side. Try again later; if it keeps happening, tell the "
            "site's administrators."
        ),
    ),
    503: (
        _("Service unavailable"),
        _("The site cannot reach its data at the moment. Try again in a few minutes."),
    ),
}
TEAM_TOLD = _("Something went wrong on our side. The team has been told.")


def _error(
    request: HttpRequest,
    status: int,
    text: str | Promise | None = None,
    field: str | None = None,
) -> HttpResponse:
    """The error page for pages, ``{"message", "field"}`` for the API, in the reader's language
    (also when the error comes before the language middleware) and without the database when
    it is down."""
    language = getattr(request, "LANGUAGE_CODE", None)
    with translation.override(language or translation.get_language_from_request(request, True)):
        title, default_text = _ERRORS[status]
        text = str(text or default_text)
        if request.path.startswith("/api/"):
            body = {"message": text, "field": field, "errors": {}}
            response: HttpResponse = JsonResponse(body, status=status)
        else:
            context = {"error_title": title, "error_text": text}
            try:
                response = render(request, "site/error.html", context, status=status)
            except DatabaseError:  # the signed-in user or the messages: the database is down
                _forget_what_needs_the_database(request)
                response = render(request, "site/error.html", context, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _forget_what_needs_the_database(request: HttpRequest) -> None:
    """Render as for an anonymous reader with no stored messages: the user and the session's
    messages are read from the database. The session itself is left untouched (not read, not
    emptied), so nobody is signed out by an outage."""
    request.user = AnonymousUser()  # type: ignore[assignment]
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # The messages are built lazily: _error renders them in the reader's language, which is
    # not active yet when the refusal comes before the language middleware.
    if isinstance(exception, RequestDataTooBig):
        return _error(request, 400, lazy(_upload_too_large, str)())
    if isinstance(exception, ControlCharacterInInput):
        message = lazy(lambda: exception.message, str)()
        return _error(request, 400, message, field=exception.parameter)
    return _error(request, 400)


def _upload_too_large() -> str:
    limit = filesizeformat(settings.GEALC_MAX_UPLOAD_BYTES)
    return gettext("The upload is too large: the limit is %(limit)s per request.") % {
        "limit": limit
    }


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
    """503 when the database does not answer (the reader can only wait), else 500; says that
    the team has been told only when the error is e-mailed to ADMINS. Never fails itself:
    gunicorn's bare page would be all the reader got."""
    try:
        if isinstance(sys.exc_info()[1], DatabaseError) and not database_answers():
            return _error(request, 503)
        return _error(request, 500, TEAM_TOLD if _team_is_told() else None)
    except Exception:  # the last resort must answer
        logging.getLogger(__name__).exception("The error page itself failed.")
        return _plain_server_error()


def _team_is_told() -> bool:
    """Whether Django's logging e-mails server errors to somebody (ADMINS, and an
    AdminEmailHandler on the way up from the ``django.request`` logger)."""
    if not settings.ADMINS:
        return False
    logger: logging.Logger | None = logging.getLogger("django.request")
    while logger is not None:
        if any(isinstance(handler, AdminEmailHandler) for handler in logger.handlers):
            return True
        logger = logger.parent if logger.propagate else None
    return False


def _plain_server_error() -> HttpResponse:
    title, text = (escape(str(part)) for part in _ERRORS[500])
    page = f"<!DOCTYPE html><title>{title}</title><h1>{title}</h1><p>{text}</p>"
    return HttpResponse(page, status=500)
