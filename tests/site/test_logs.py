"""Every response carries a request id, every log line is one JSON object with it, and errors
are mailed to ADMINS."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from django.core import mail
from django.test import Client

from gealc.site.logs import JsonLineFormatter, RequestIdFilter

if TYPE_CHECKING:  # the class was renamed across pytest-django versions
    from pytest_django.fixtures import Settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.site.error_urls")]


class _Lines(logging.Handler):
    """The settings' stderr handler, writing to a list: the same filter and formatter."""

    def __init__(self) -> None:
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonLineFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def request_log() -> Iterator[_Lines]:
    handler = _Lines()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def test_a_response_gets_a_new_request_id(client: Client) -> None:
    first = client.get("/health/")["X-Request-ID"]
    second = client.get("/health/")["X-Request-ID"]

    assert len(first) == 32
    assert first != second


def test_a_sane_incoming_request_id_is_kept(client: Client) -> None:
    response = client.get("/health/", headers={"X-Request-ID": "lb-7f3c1a9e-5b2d"})
    assert response["X-Request-ID"] == "lb-7f3c1a9e-5b2d"


@pytest.mark.parametrize(
    "incoming", ["short", "x" * 129, "id with spaces", "<script>alert(1)</script>", "a\u00e9" * 6]
)
def test_an_odd_incoming_request_id_is_replaced(client: Client, incoming: str) -> None:
    response = client.get("/health/", headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32


def test_a_log_line_is_one_json_object_with_the_request_id(
    client: Client, request_log: _Lines
) -> None:
    response = client.get("/en/no-such-page/", headers={"X-Request-ID": "trace-0001-abcd"})

    assert response.status_code == 404
    (line,) = request_log.lines
    record = json.loads(line)
    assert record["request_id"] == "trace-0001-abcd"
    assert record["level"] == "WARNING"
    assert record["logger"] == "django.request"
    assert record["status_code"] == 404
    assert "Not Found: /en/no-such-page/" in record["message"]


def test_an_error_is_one_line_with_its_traceback_and_is_mailed_to_admins(
    settings: Settings, request_log: _Lines
) -> None:
    settings.ADMINS = [("Ops", "ops@example.org")]
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    (line,) = request_log.lines
    record = json.loads(line)
    assert "\n" not in line
    assert record["level"] == "ERROR"
    assert record["request_id"] == response["X-Request-ID"]
    assert 'RuntimeError("a bug")' in record["exception"]
    (message,) = mail.outbox
    assert message.to == ["ops@example.org"]
    assert "/boom/" in message.subject


def test_no_mail_without_admins(settings: Settings) -> None:
    settings.ADMINS = []
    Client(raise_request_exception=False).get("/boom/")
    assert mail.outbox == []


def test_outside_a_request_the_id_is_a_dash() -> None:
    handler = _Lines()
    record = logging.LogRecord("gealc", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    handler.handle(record)
    assert json.loads(handler.lines[0])["request_id"] == "-"
    assert json.loads(handler.lines[0])["message"] == "hello world"
