"""What the API's input serializers share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# The JSON type each kind of field takes, as the OpenAPI schema documents it. DRF's fields
# also take look-alikes ("true" or 1 for a boolean, 0 for a text, "12" for a number), which a
# client checked against the schema never sends and which hide a client's mistake.
_JSON_TYPES: tuple[tuple[type[serializers.Field], tuple[type, ...], Any], ...] = (
    (serializers.BooleanField, (bool,), _("Must be true or false.")),
    (serializers.CharField, (str,), _("Must be a text (a JSON string).")),
    (serializers.IntegerField, (int,), _("Must be a whole number.")),
    (serializers.FloatField, (int, float), _("Must be a number.")),
    (serializers.PrimaryKeyRelatedField, (int,), _("Must be a whole number (an id).")),
)


class JsonTypedSerializer(serializers.Serializer):
    """In a JSON body every field takes the JSON type its schema says, else a 400 naming the
    field; a form-encoded body (text only) keeps DRF's conversions."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping) and not isinstance(data, QueryDict):
            errors = {
                name: [message]
                for name, field in self.fields.items()
                if not field.read_only
                and (message := _type_error(field, data.get(field.field_name))) is not None
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


def _type_error(field: serializers.Field, value: Any) -> Any:
    if value is None:
        return None  # null is the field's own rule (allow_null)
    for kind, types, message in _JSON_TYPES:
        if isinstance(field, kind):
            wrong_bool = isinstance(value, bool) and bool not in types
            return message if wrong_bool or not isinstance(value, types) else None
    return None
