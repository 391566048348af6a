"""The OpenAPI document is valid OpenAPI 3 (checked by openapi-spec-validator, as client
generators and API gateways check it) and says what each operation does: a client reading
it needs no other document to know what an endpoint answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

pytestmark = pytest.mark.django_db

METHODS = frozenset({"get", "put", "patch", "post", "delete", "head", "options"})


@pytest.fixture
def document(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method in METHODS
    ]


def test_the_document_is_valid_openapi(document: dict[str, Any]) -> None:
    validate(document)


def test_the_validator_refuses_a_broken_document(document: dict[str, Any]) -> None:
    """The check above can fail: an operation without its responses is refused."""
    path, method, _operation = _operations(document)[0]
    del document["paths"][path][method]["responses"]
    with pytest.raises(OpenAPIValidationError):
        validate(document)


def test_every_operation_has_a_description(document: dict[str, Any]) -> None:
    operations = _operations(document)
    assert len(operations) >= 50
    undescribed = [
        f"{method.upper()} {path}"
        for path, method, operation in operations
        if not operation.get("description", "").strip()
    ]
    assert not undescribed, f"operations without a description: {undescribed}"


def _component(document: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    return dict(document["components"]["schemas"][reference["$ref"].rsplit("/", 1)[1]])


def _example_rows(
    document: dict[str, Any], path: str, content: dict[str, Any], value: Any
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The example's items and the schema of an item (in a page, or a plain list)."""
    schema = content["schema"]
    if "$ref" in schema:
        page = _component(document, schema)
        assert set(value) == {"count", "next", "previous", "results"}, path
        return value["results"], _component(document, page["properties"]["results"]["items"])
    assert isinstance(value, list), path
    return value, _component(document, schema["items"])


def test_every_list_operation_has_an_example_of_its_items(document: dict[str, Any]) -> None:
    lists = [
        (path, operation)
        for path, method, operation in _operations(document)
        if method == "get" and operation["operationId"].endswith("_list")
    ]
    assert len(lists) >= 20
    for path, operation in lists:
        content = operation["responses"]["200"]["content"]["application/json"]
        assert content.get("examples"), f"GET {path} has no example answer"
        for example in content["examples"].values():
            rows, item = _example_rows(document, path, content, example["value"])
            assert rows, path
            for row in rows:
                # Members see a few more fields (contacts): the example shows the public's.
                assert set(row) <= set(item["properties"]), (
                    path,
                    set(row) - set(item["properties"]),
                )
                assert set(item.get("required", ())) <= set(row), (path, item.get("required"))


def _check_fields(document: dict[str, Any], where: str, schema: dict[str, Any], value: Any) -> None:
    """The example's fields are the schema's (no unknown field, every required one given)."""
    if schema.get("type") == "array":
        assert isinstance(value, list), where
        assert value, where
        for item in value:
            _check_fields(document, where, schema["items"], item)
        return
    if schema.get("type") == "object" and "$ref" not in schema:
        assert isinstance(value, dict), where
        assert value, where
        return
    assert "$ref" in schema, (where, schema)
    component = _component(document, schema)
    assert isinstance(value, dict), where
    assert set(value) <= set(component["properties"]), (
        where,
        set(value) - set(component["properties"]),
    )
    assert set(component.get("required", ())) <= set(value), (
        where,
        set(component.get("required", ())) - set(value),
    )


def _json_answers(operation: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (code, response["content"]["application/json"])
        for code, response in operation["responses"].items()
        if code.startswith("2") and "application/json" in response.get("content", {})
    ]


def test_every_operation_has_an_example_answer(document: dict[str, Any]) -> None:
    """Beyond the lists (checked above): details, writes, imports, reports, the spec."""
    missing, checked = [], 0
    for path, method, operation in _operations(document):
        if operation["operationId"].endswith("_list") and method == "get":
            continue
        for code, content in _json_answers(operation):
            where = f"{method.upper()} {path} {code}"
            if not content.get("examples"):
                missing.append(where)
                continue
            for example in content["examples"].values():
                _check_fields(document, where, content["schema"], example["value"])
                checked += 1
    assert not missing, f"operations without an example answer: {missing}"
    assert checked >= 25


def test_every_json_body_has_an_example_request(document: dict[str, Any]) -> None:
    missing, checked = [], 0
    for path, method, operation in _operations(document):
        content = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if content is None:
            continue
        where = f"{method.upper()} {path} (body)"
        if not content.get("examples"):
            missing.append(where)
            continue
        for example in content["examples"].values():
            _check_fields(document, where, content["schema"], example["value"])
            checked += 1
    assert not missing, f"operations without an example request: {missing}"
    assert checked >= 10


def test_the_example_check_refuses_an_unknown_or_missing_field(document: dict[str, Any]) -> None:
    """The checks above can fail: a field the schema lacks, or a required one left out."""
    schema = {"$ref": "#/components/schemas/Error"}
    good = {"message": "Bad value.", "field": "value", "errors": {"value": ["Bad value."]}}
    _check_fields(document, "Error", schema, good)
    with pytest.raises(AssertionError):
        _check_fields(document, "Error", schema, {**good, "colour": "red"})
    with pytest.raises(AssertionError):
        _check_fields(document, "Error", schema, {"message": "Bad value.", "field": None})
