"""The filter of the common open-data sets: words narrow the list, a bad value is a 400
naming the parameter, and the OpenAPI schema documents it."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from gealc.knowledge.models import OpenDataSet

API = "/api/v1"


def _slugs(**query: str) -> list[str]:
    response = APIClient().get(f"{API}/datasets/", query)
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_datasets_by_words_in_any_language(datasets: list[OpenDataSet]) -> None:
    assert _slugs() == ["budget", "public-procurement"]
    assert _slugs(q="compras PUBLICAS") == ["public-procurement"]
    assert _slugs(q="marchés") == ["public-procurement"]
    assert _slugs(q="executed") == ["budget"]
    assert _slugs(q="budget procurement") == []
    assert _slugs(q="") == ["budget", "public-procurement"]


def test_a_bad_query_is_refused_and_the_schema_says_why(datasets: list[OpenDataSet]) -> None:
    response = APIClient().get(f"{API}/datasets/", {"q": "x" * 201})
    assert response.status_code == 400, response.content
    body: dict[str, Any] = response.json()
    assert body["field"] == "q"
    assert body["message"].startswith("q: ")
    schema = APIClient().get(f"{API}/schema/", {"format": "json"}).json()
    parameters = schema["paths"][f"{API}/datasets/"]["get"]["parameters"]
    q = next(p for p in parameters if p["name"] == "q")
    assert q["schema"]["maxLength"] == 200
