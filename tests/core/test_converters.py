"""Ids in addresses: a number too large for the database is a 404, never a server error."""

import pytest

HUGE = "9" * 30


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/en/rounds/{HUGE}/",
        f"/en/people/{HUGE}/",
        f"/en/observatory/runs/{HUGE}/",
        f"/api/v1/rounds/{HUGE}/",
        f"/api/v1/rounds/{HUGE}/submissions/URY/values/",
        f"/api/v1/runs/{HUGE}/scores/",
        f"/api/v1/institutions/{HUGE}/",
        f"/api/v1/software/{HUGE}/publiccode.yml",
    ],
)
def test_an_id_too_large_for_the_database_is_not_found(client, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_an_ordinary_id_still_reaches_its_view(client) -> None:
    assert client.get("/api/v1/rounds/1/").status_code == 404
    assert client.get("/api/v1/rounds/").status_code == 200
