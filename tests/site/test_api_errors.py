"""Every API error is JSON ``{"message", "field", "errors"}`` naming the offending field."""

from typing import Any

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.site.error_urls")]

URL = "/api/v1/test-failing/"


def _post(client: Client, body: Any, **extra: Any) -> Any:
    return client.post(URL, body, content_type="application/json", **extra)


def test_service_validation_error_names_the_field(client: Client) -> None:
    response = _post(client, {"raise": "field"})
    assert response.status_code == 400
    assert response.json() == {
        "message": "The end must be after the start.",
        "field": "end",
        "errors": {"end": ["The end must be after the start."]},
    }


def test_service_validation_error_without_field(client: Client) -> None:
    response = _post(client, {"raise": "plain"})
    assert response.status_code == 400
    assert response.json()["message"] == "The mandate overlaps another one."
    assert response.json()["field"] is None


def test_model_wide_validation_error_has_no_field(client: Client) -> None:
    response = _post(client, {"raise": "model"})
    assert response.status_code == 400
    assert response.json()["message"] == "Another appointment holds this role."
    assert response.json()["field"] is None


def test_permission_denied_is_403_json(client: Client) -> None:
    response = _post(client, {"raise": "forbidden"})
    assert response.status_code == 403
    assert response.json()["message"] == "Only members of this country may change it."
    assert response.json()["field"] is None


def test_not_found_is_404_json(client: Client) -> None:
    response = _post(client, {"raise": "missing"})
    assert response.status_code == 404
    assert response.json()["message"] == "No such institution."
    assert response.json()["field"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"address": {"city": "Montevideo"}, "tags": [1]}, "name"),
        ({"name": "x", "address": {}, "tags": [1]}, "address.city"),
        ({"name": "x", "address": {"city": "Lima"}, "tags": [1, "two"]}, "tags.1"),
        (
            {
                "name": "x",
                "address": {"city": "Lima"},
                "tags": [],
                "offices": [{"city": "Quito"}, {}],
            },
            "offices.1.city",
        ),
        ({"name": "", "address": {"city": ""}, "tags": []}, "name"),
    ],
)
def test_nested_serializer_errors_name_the_path(client: Client, body: Any, field: str) -> None:
    response = _post(client, body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["message"]


def test_valid_request_passes(client: Client) -> None:
    response = _post(client, {"name": "x", "address": {"city": "Quito"}, "tags": [1, 2]})
    assert response.status_code == 200


@pytest.mark.parametrize("body", ["{not json", '{"name": ', "\x00\xff"])
def test_malformed_json_is_400_json(client: Client, body: str) -> None:
    response = _post(client, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "JSON" in response.json()["message"]


def test_unexpected_error_is_500_json(client: Client) -> None:
    client.raise_request_exception = False
    response = _post(client, {"raise": "crash"})
    assert response.status_code == 500
    assert response.json()["message"]
    assert response.json()["field"] is None


def test_unknown_api_address_is_404_json(client: Client) -> None:
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json()["field"] is None
    assert response.json()["message"]
