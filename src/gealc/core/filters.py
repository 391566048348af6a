"""Query-string filters of every public API list, parsed and validated.

A small declared parser instead of django-filter: the endpoints have a handful of typed
filters each, and what matters is that a bad one is a 400 naming the parameter
(``{"message": "year: must be a whole number", "field": "year"}``) rather than a silently
ignored filter or a 500. Each filter also describes itself to the OpenAPI schema.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

ISO3_PATTERN = re.compile(r"^[A-Za-z]{3}$")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,63}$")
# Values larger than this are not ids or years of anything we store (and overflow databases).
LARGEST_NUMBER = 2**31 - 1


@dataclass(frozen=True)
class Filter:
    """One query parameter: its name, how to read it, and its description for the schema."""

    name: str
    parse: Callable[[str], Any]
    schema_type: Any
    description: Any
    pattern: str | None = None

    def parameter(self) -> OpenApiParameter:
        # The schema admits the empty value too: an empty filter is no filter.
        extra = {"pattern": f"^(?:{self.pattern.strip('^$')})?$"} if self.pattern else {}
        return OpenApiParameter(
            self.name,
            self.schema_type,
            description=str(self.description),
            required=False,
            **extra,
        )


def _problem(name: str, message: str) -> ValidationError:
    return ValidationError({name: [f"{name}: {message}"]})


def _whole_number(name: str, minimum: int, maximum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not re.fullmatch(r"[0-9]{1,10}", text):
            raise _problem(name, _("must be a whole number"))
        number = int(text)
        if not minimum <= number <= maximum:
            bounds = {"low": minimum, "high": maximum}
            raise _problem(name, _("must be between %(low)s and %(high)s") % bounds)
        return number

    return parse


def _iso3(name: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not ISO3_PATTERN.fullmatch(text):
            raise _problem(name, _("must be a three-letter ISO 3166-1 alpha-3 code, such as URY"))
        return text.upper()

    return parse


def _code(name: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not CODE_PATTERN.fullmatch(text):
            raise _problem(
                name, _("must be a code of letters, digits, '.', '_' or '-' (at most 63)")
            )
        return text

    return parse


def _choice(name: str, choices: Sequence[str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in choices:
            raise _problem(name, _("must be one of %(choices)s") % {"choices": ", ".join(choices)})
        return text

    return parse


BOOLEAN_ANSWERS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def _boolean(name: str) -> Callable[[str], bool]:
    def parse(text: str) -> bool:
        if text not in BOOLEAN_ANSWERS:
            raise _problem(name, _("must be true or false"))
        return BOOLEAN_ANSWERS[text]

    return parse


# Longer queries are not searches anyone types (and only make the database work).
LONGEST_WORDS = 200


def _words(name: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if len(text) > LONGEST_WORDS:
            raise _problem(
                name, _("must be at most %(count)s characters") % {"count": LONGEST_WORDS}
            )
        return text

    return parse


def whole_number(
    name: str, description: Any, minimum: int = 1, maximum: int = LARGEST_NUMBER
) -> Filter:
    schema = {"type": "integer", "minimum": minimum, "maximum": maximum}
    return Filter(name, _whole_number(name, minimum, maximum), schema, description)


def calendar_year(name: str, description: Any) -> Filter:
    """A year whose moments dates can hold in any time zone (1 to 9998): a filter on a
    moment's year past that would overflow the date arithmetic instead of being refused."""
    return whole_number(name, description, maximum=datetime.MAXYEAR - 1)


def iso3(name: str, description: Any) -> Filter:
    return Filter(name, _iso3(name), OpenApiTypes.STR, description, ISO3_PATTERN.pattern)


def code(name: str, description: Any) -> Filter:
    return Filter(name, _code(name), OpenApiTypes.STR, description, CODE_PATTERN.pattern)


def choice(name: str, description: Any, choices: Sequence[str]) -> Filter:
    """One of a closed list of values (model choices), exactly as spelt."""
    schema = {"type": "string", "enum": ["", *choices]}
    return Filter(name, _choice(name, tuple(choices)), schema, description)


def boolean(name: str, description: Any) -> Filter:
    pattern = "^(?:true|false|1|0|yes|no)$"
    return Filter(name, _boolean(name), OpenApiTypes.STR, description, pattern)


def words(name: str, description: Any) -> Filter:
    """Free text to search for; only its length is bounded."""
    schema = {"type": "string", "maxLength": LONGEST_WORDS, "pattern": "^[^\\u0000]*$"}
    return Filter(name, _words(name), schema, description)


def parse(filters: Sequence[Filter], query: Mapping[str, str]) -> dict[str, Any]:
    """The declared filters found in ``query``, parsed: ``{name: value}``; an empty value is
    no filter, but for a number, which it cannot be (spaces around a value are not trimmed:
    the schema's patterns say what is accepted). Raises a DRF ``ValidationError`` naming the
    first bad parameter."""
    parsed: dict[str, Any] = {}
    for item in filters:
        text = query.get(item.name)
        if text == "" and _is_number(item):
            raise _problem(item.name, _("must be a whole number"))
        if text is None or text == "":
            continue
        if "\x00" in text:
            raise _problem(item.name, _("must not contain a NUL character"))
        parsed[item.name] = item.parse(text)
    return parsed


def _is_number(item: Filter) -> bool:
    """An integer parameter: the schema says an empty value is no number, so it is refused."""
    return isinstance(item.schema_type, dict) and item.schema_type.get("type") == "integer"


def parameters(filters: Sequence[Filter]) -> list[OpenApiParameter]:
    return [item.parameter() for item in filters]


# The filters the endpoints share.
COUNTRY = iso3("country", gettext_lazy("ISO 3166-1 alpha-3 code of a country, any case"))
YEAR = whole_number("year", gettext_lazy("Reference year of the round (EGDI: the edition)"))
ROUND = whole_number("round", gettext_lazy("Id of a measurement round"))
RUN = whole_number("run", gettext_lazy("Id of a published index run"))
INDICATOR = code("indicator", gettext_lazy("Code of an indicator or a reported variable"))
FRAMEWORK = code("framework", gettext_lazy("Code of a framework (such as GEALC-DGI)"))
DIMENSION = code("dimension", gettext_lazy("Code of a dimension of the framework"))
NODE = code("node", gettext_lazy("Code of a node: the index, a dimension or an indicator"))
LEVEL = whole_number("level", gettext_lazy("Level of the node: 1 for indicators, up to the index"))
