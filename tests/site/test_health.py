"""The health endpoint for load balancers and the language redirect of the root."""

import socket
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client


@pytest.mark.django_db
def test_health_reports_database_ok(client: Client) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def database_unreachable() -> Iterator[None]:
    """Point the real connection at a port where no PostgreSQL listens, then put it back.

    SQLite cannot be made unreachable this way: the test database lives in memory and
    closing its connection would destroy it, so this branch runs on PostgreSQL (as in CI).
    """
    if connection.vendor != "postgresql":
        pytest.skip("an in-memory SQLite test database cannot be made unreachable")
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = _unused_port()
    connection.settings_dict["HOST"] = "127.0.0.1"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)


@pytest.mark.django_db(transaction=True)
def test_health_is_503_when_the_database_is_down(
    client: Client, database_unreachable: None
) -> None:
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "target"),
    [
        ("es-UY,es;q=0.9,en;q=0.5", "/es/"),
        ("pt-BR,pt;q=0.9", "/pt/"),
        ("en-TT,en;q=0.9", "/en/"),
        ("fr-HT,fr;q=0.9,ht;q=0.5", "/fr/"),
        ("de-DE,de;q=0.9", "/es/"),
        (None, "/es/"),
    ],
)
def test_root_redirects_by_accept_language(
    client: Client, accept_language: str | None, target: str
) -> None:
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.get("/", **headers)
    assert response.status_code == 302
    assert response["Location"] == target
