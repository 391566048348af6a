"""JsonTypedSerializer: a JSON body's fields have the JSON type the schema says."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict
from rest_framework import serializers

from gealc.core.fields import JsonTypedSerializer


class _Input(JsonTypedSerializer):
    flag = serializers.BooleanField(required=False)
    text = serializers.CharField(required=False, allow_null=True)
    count = serializers.IntegerField(required=False)
    share = serializers.FloatField(required=False)


@pytest.mark.parametrize(
    "data",
    [
        {"flag": True, "text": "x", "count": 3, "share": 0.5},
        {"flag": False, "text": None, "count": 0, "share": 2},
        {},
    ],
)
def test_json_values_of_the_right_type_are_taken(data: dict[str, Any]) -> None:
    form = _Input(data=data)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("flag", "true"),
        ("flag", 1),
        ("text", 0),
        ("text", True),
        ("text", ["x"]),
        ("count", "3"),
        ("count", True),
        ("count", 2.5),
        ("share", "0.5"),
        ("share", False),
    ],
)
def test_a_look_alike_is_refused_naming_the_field(field: str, value: Any) -> None:
    form = _Input(data={field: value})
    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_a_form_body_keeps_drf_conversions() -> None:
    form = _Input(data=QueryDict("flag=true&count=3&text=x"))
    assert form.is_valid(), form.errors
    assert form.validated_data == {"flag": True, "count": 3, "text": "x"}
