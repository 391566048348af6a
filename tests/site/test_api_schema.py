"""The OpenAPI schema says what the API does: every operation documents its error answers with
the shared error body, parameters state their bounds (and the API refuses what is outside
them), and fields that can be null say so. Schemathesis checks the same against live answers
(tests/observatory/test_schemathesis.py); these name each rule."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ERROR = {"$ref": "#/components/schemas/Error"}


@pytest.fixture
def schema(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]


def _documents_the_error_body(response: dict[str, Any]) -> bool:
    documented = response["content"]["application/json"]["schema"]
    return documented == ERROR or ERROR in documented.get("anyOf", [])


def test_every_operation_documents_its_error_answers(schema: dict[str, Any]) -> None:
    operations = _operations(schema)
    assert len(operations) >= 50
    for path, method, operation in operations:
        responses = operation["responses"]
        expected = {"400", "401", "429", "503"}
        if "{" in path:
            expected.add("404")
        if method != "get":
            expected.add("403")
        assert expected <= responses.keys(), (method, path, sorted(responses))
        for status in expected:
            assert _documents_the_error_body(responses[status]), (method, path, status)
            assert responses[status]["description"], (method, path, status)


def test_a_body_the_view_documents_for_an_error_is_kept_beside_the_shared_one(
    schema: dict[str, Any],
) -> None:
    response = schema["paths"]["/api/v1/rounds/{id}/submissions/{iso3}/import/"]["post"][
        "responses"
    ]["400"]
    alternatives = response["content"]["application/json"]["schema"]["anyOf"]
    assert {"$ref": "#/components/schemas/ImportReport"} in alternatives
    assert ERROR in alternatives


def _parameter(schema: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    parameters = schema["paths"][path]["get"]["parameters"]
    return next(parameter["schema"] for parameter in parameters if parameter["name"] == name)


def test_pagination_and_years_state_their_bounds(schema: dict[str, Any]) -> None:
    assert _parameter(schema, "/api/v1/countries/", "page_size") == {
        "type": "integer",
        "minimum": 1,
        "maximum": 500,
    }
    assert _parameter(schema, "/api/v1/countries/", "page")["minimum"] == 1
    assert _parameter(schema, "/api/v1/runs/", "year")["minimum"] == 1
    assert _parameter(schema, "/api/v1/practices/", "year") == {
        "type": "integer",
        "minimum": 1,
        "maximum": 9998,
    }
    # An empty filter is no filter, and the pattern says so.
    assert _parameter(schema, "/api/v1/values/", "country")["pattern"] == "^(?:[A-Za-z]{3})?$"


@pytest.mark.parametrize("page_size", ["null", "0", "501", "-1", "1.5", "ten"])
def test_a_page_size_outside_its_bounds_is_400_naming_it(client: Client, page_size: str) -> None:
    response = client.get("/api/v1/countries/", {"page_size": page_size})
    assert response.status_code == 400
    assert response.json()["field"] == "page_size"


def test_a_page_size_within_its_bounds_is_used(client: Client) -> None:
    response = client.get("/api/v1/countries/", {"page_size": "500"})
    assert response.status_code == 200


@pytest.mark.parametrize("current", ["null", "", "maybe"])
def test_a_flag_that_is_not_true_or_false_is_400_naming_it(client: Client, current: str) -> None:
    response = client.get("/api/v1/governance/mandates/", {"current": current})
    assert (response.status_code, response.json()["field"]) == (400, "current")


def test_fields_that_can_be_null_say_so(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    assert components["Mandate"]["properties"]["organisation"]["nullable"] is True
    assert components["Mandate"]["properties"]["country"]["nullable"] is True
    assert components["Software"]["properties"]["is_based_on"]["nullable"] is True
    software_country = components["Software"]["properties"]["country"]
    assert software_country.get("nullable") or {"nullable": True} in software_country.get(
        "allOf", []
    )


def test_publiccode_yml_is_documented_as_a_yaml_document(schema: dict[str, Any]) -> None:
    answer = schema["paths"]["/api/v1/software/{id}/publiccode.yml"]["get"]["responses"]["200"]
    assert answer["content"]["application/yaml"]["schema"]["type"] == "object"


@pytest.mark.parametrize("address", ["/api/v1/countries/", "/api/v1/runs/", "/api/v1/search/"])
def test_a_token_that_is_not_valid_is_the_documented_401(client: Client, address: str) -> None:
    response = client.get(address, HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401
    assert response.json()["message"]
