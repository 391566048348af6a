"""The API's pagination refuses what a client got wrong, naming the parameter, instead of
answering with the default page."""

import pytest
from rest_framework.test import APIClient

COUNTRIES = "/api/v1/countries/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({}, 200),
        ({"page": "1"}, 200),
        ({"page_size": "500"}, 200),
        ({"page": "2"}, 404),
    ],
)
def test_pagination_accepts_what_the_schema_allows(query: dict[str, str], status: int) -> None:
    assert APIClient().get(COUNTRIES, query).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parameter", "sent"),
    [
        ("page", ""),
        ("page", "0"),
        ("page", "-1"),
        ("page", "one"),
        ("page", "last"),
        ("page_size", ""),
        ("page_size", "0"),
        ("page_size", "501"),
        ("page_size", "2.5"),
    ],
)
def test_pagination_refuses_a_wrong_parameter_by_name(parameter: str, sent: str) -> None:
    response = APIClient().get(COUNTRIES, {parameter: sent}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert parameter in str(response.json())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/cooperation/requests/", "/api/v1/agreements/", "/api/v1/commitments/"]
)
def test_a_year_no_date_can_hold_is_refused_by_name(path: str) -> None:
    """A filter on a moment's year past 9998 would overflow the date arithmetic (a 500)."""
    response = APIClient().get(path, {"year": "2147483646"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "year" in str(response.json())
    assert APIClient().get(path, {"year": "9998"}).status_code == 200


@pytest.mark.django_db
def test_an_empty_number_filter_is_refused_by_name() -> None:
    response = APIClient().get("/api/v1/values/", {"year": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "year" in str(response.json())
