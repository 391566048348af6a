"""Structured logs: one JSON object per line on stderr, each carrying the id of the request
it belongs to, so the lines of one request (and a user's report quoting the id) can be found
across servers.

``RequestIdMiddleware`` takes the id from an incoming ``X-Request-ID`` header when it is sane
(a load balancer or proxy set it), or makes one; it is returned in the ``X-Request-ID``
response header. ``RequestIdFilter`` puts it on every record; ``JsonLineFormatter`` writes the
record (a traceback included) as one line.
"""

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# Ids made by proxies (UUIDs, hex, Heroku's, AWS's "Root=1-…") fit; anything else, e.g. a
# header smuggling new lines or markup into the logs, is replaced by our own id.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:=+-]{8,128}")
NO_REQUEST = "-"

current_request_id: ContextVar[str] = ContextVar("current_request_id", default=NO_REQUEST)


def request_id_from(header: str | None) -> str:
    """The incoming id when sane, otherwise a new random one."""
    if header and SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the chain, so every log line of the request (errors included) has the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        # Kept until the response is closed (``forget_request_id``): Django logs a 4xx
        # response after the middleware has returned it.
        current_request_id.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


def forget_request_id(**kwargs: object) -> None:
    """On ``request_finished``: lines logged between requests carry no request's id."""
    current_request_id.set(NO_REQUEST)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class JsonLineFormatter(logging.Formatter):
    """time, level, logger, request id, message (and the traceback) as one JSON line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", NO_REQUEST),
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            line["status_code"] = status_code
        return json.dumps(line, ensure_ascii=False, default=str)
