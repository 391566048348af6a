"""API conventions shared by every app: pagination and JSON errors that name the field; a
token that is sent and refused is a 401 with ``WWW-Authenticate: Token``; every operation shows
an example answer (:func:`list_example`, :func:`answer_example`) and every body an example
request (:func:`request_example`). The project's settings point DRF at :class:`Pagination` and
:func:`exception_handler`."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, pagination, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def list_example(item: dict[str, Any]) -> Any:
    """Document a list operation's answer with one item as example (drf-spectacular puts it in
    a list, and a paginated list in the page: ``count``, ``next``, ``previous``, ``results``)."""
    example = OpenApiExample("An answer", value=item, response_only=True, status_codes=["200"])
    return extend_schema(examples=[example])


def answer_example(value: Any, status: str = "200") -> Any:
    """Document a non-list operation's answer (a detail, the result of a write) with an
    example body, for the given status."""
    example = OpenApiExample("An answer", value=value, response_only=True, status_codes=[status])
    return extend_schema(examples=[example])


def request_example(value: Any) -> Any:
    """Document a write's body with an example request (stacks with :func:`answer_example`)."""
    return extend_schema(examples=[OpenApiExample("A request", value=value, request_only=True)])


class Pagination(pagination.PageNumberPagination):
    """``page`` (from 1; past the last page is a 404) and ``page_size`` (1 to 500); anything
    else in either, an empty value included, is a 400 naming it rather than silently the
    default."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Request) -> int:
        sent = request.query_params.get(self.page_size_query_param)
        if sent is None:
            return self.page_size
        if not sent.isdigit() or not 1 <= int(sent) <= self.max_page_size:
            message = gettext("Give a whole number from 1 to %(most)s.") % {
                "most": self.max_page_size
            }
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        return int(sent)

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any] | None:
        # DRF reads an empty or non-numeric ``page`` as the first page; a client that sent one
        # made a mistake it should hear about, as with ``page_size``.
        sent = request.query_params.get(self.page_query_param)
        if sent is not None and not (sent.isdigit() and int(sent) >= 1):
            message = gettext("Give a whole number from 1.")
            raise exceptions.ValidationError({self.page_query_param: [message]})
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


# Keys that hold errors about the whole object rather than one field.
_NON_FIELD_KEYS = frozenset({"non_field_errors", NON_FIELD_ERRORS})


def _first_message(detail: Any) -> tuple[str | None, str] | None:
    """(dotted field path, message) of the first problem in a DRF error detail, if any.

    ``{"address": {"city": [...]}}`` gives ``address.city``; ``{"tags": {1: [...]}}`` gives
    ``tags.1``; items of a list of objects (``many=True``) are named by their index, and the
    empty entries DRF keeps for the valid items are skipped.
    """
    if isinstance(detail, dict):
        entries = [
            (None if key in _NON_FIELD_KEYS else str(key), value) for key, value in detail.items()
        ]
    elif isinstance(detail, list):
        entries = [
            (str(index) if isinstance(value, dict | list) else None, value)
            for index, value in enumerate(detail)
        ]
    else:
        return (None, str(detail)) if str(detail) else None
    for name, value in entries:
        if found := _first_message(value):
            inner, message = found
            return ".".join(part for part in (name, inner) if part) or None, message
    return None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Render every API error as ``{"message", "field", "errors"}``.

    Django's own ``ValidationError`` from a service becomes a 400 like a serializer error.
    """
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.AuthenticationFailed):
        # Credentials were sent and refused (an unknown token): DRF makes that a 403 because
        # the first authenticator, the session's, names no scheme; it is a 401 naming ours.
        response.status_code = status.HTTP_401_UNAUTHORIZED
        response["WWW-Authenticate"] = TokenAuthentication.keyword
    if isinstance(exc, exceptions.ValidationError):
        field, message = _first_message(response.data) or (None, str(exc))
    else:  # {"detail": ...}: about the request, not about a field
        field, message = None, str(getattr(exc, "detail", exc))
    response.data = {"message": message, "field": field, "errors": response.data}
    return response
