"""The error answers of the project's API document: every operation of the schema gets the
errors it can give, with the shared error body that ``gealc.core.api.exception_handler``
writes."""

from typing import Any

# The body of every error answer (see exception_handler and gealc.site.views).
ERROR_COMPONENT = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "required": ["message", "field", "errors"],
    "properties": {
        "message": {"type": "string", "description": "What is wrong, for a person."},
        "field": {
            "type": "string",
            "nullable": True,
            "description": "The parameter or field at fault (dotted for nested fields), if one.",
        },
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "Every problem, keyed by field, as the serializer reported them.",
        },
    },
}
ERROR_DESCRIPTIONS = {
    "400": "Invalid input: a parameter or a field of the body (a control character, a value "
    "out of range, a bad filter); `field` names it.",
    "401": "The credentials sent (an API token) are not valid.",
    "403": "Not allowed for this client: sign in, or ask for the role that may do this.",
    "404": "Nothing at this address, or no such page of results.",
    "409": "Someone else changed this since the version sent (`expected_version`).",
    "429": "Too many requests from this client; try again after `Retry-After` seconds.",
    "503": "The database is unavailable; try again after `Retry-After` seconds.",
}


def _error_statuses(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    """The error statuses an operation can answer, beyond those its view documents itself:
    every request may be refused at the edge (400), throttled (429) or meet a database that is
    down (503), and may carry a token that is not valid (401)."""
    statuses = ["400", "401", "429", "503"]
    names = {parameter["name"] for parameter in operation.get("parameters", [])}
    if "{" in path or {"page", "format"} & names:
        statuses.append("404")
    if method != "get" or "/submissions/" in path:
        statuses.append("403")
    if method != "get" and "/rounds/" in path:
        statuses.append("409")
    return statuses


def document_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: give every operation the error answers it can
    give, with the shared error body (added beside a body the view already documents)."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    reference = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in _error_statuses(path, method, operation):
                response = responses.setdefault(code, {"description": ""})
                response["description"] = response["description"] or ERROR_DESCRIPTIONS[code]
                content = response.setdefault("content", {})
                documented = content.get("application/json", {}).get("schema")
                if documented is None:
                    content["application/json"] = {"schema": reference}
                elif documented != reference:
                    content["application/json"] = {"schema": {"anyOf": [documented, reference]}}
    return result
