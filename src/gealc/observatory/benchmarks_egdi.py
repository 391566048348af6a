"""The UN E-Government Development Index as an external benchmark.

The shipped file ``gealc/data/un_egdi/egdi_2014_2024.csv`` (see its ``PROVENANCE.md``) holds
the 193 UN member states in the editions 2014-2024. ``egdi_rows`` reads it (or a file in the
same format) and ``services.egdi_load`` stores it (idempotent: a row per edition and country is
updated, never duplicated).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gealc.observatory.models import EgdiValue

SOURCE = "data/un_egdi/egdi_2014_2024.csv"
COLUMNS = ("year", "iso3", "name", "egdi", "egdi_rank", "osi", "hci", "tii", "epi")
NUMBERS = ("egdi", "osi", "hci", "tii", "epi")
UPDATED_FIELDS = ["name", "egdi", "egdi_rank", "osi", "hci", "tii", "epi"]
SOURCE_NAME = "United Nations E-Government Survey (UN DESA)"
SOURCE_URL = "https://publicadministration.un.org/egovkb/"
TERMS = (
    "UN DESA publishes the E-Government Survey data for public use with attribution "
    "(“United Nations E-Government Survey”); it is not covered by this site's CC BY 4.0 "
    "licence."
)


def egdi_rows(path: Path | None = None) -> list[EgdiValue]:
    """Every row of the file (the shipped one by default), validated, not saved; a bad row
    raises ``ValidationError`` naming its line."""
    if path is None:
        with resources.files("gealc").joinpath(SOURCE).open(encoding="utf-8") as handle:
            return list(_parse(handle))
    with path.open(encoding="utf-8") as handle:
        return list(_parse(handle))


def _parse(handle: IO[str]) -> Iterator[EgdiValue]:
    reader = csv.DictReader(handle)
    missing = set(COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise ValidationError(
            _("The EGDI file lacks the columns %(columns)s.")
            % {"columns": ", ".join(sorted(missing))}
        )
    for line, row in enumerate(reader, start=2):
        yield _value(row, line)


def _value(row: dict[str, str], line: int) -> EgdiValue:
    try:
        numbers = {key: float(row[key]) if row[key] not in ("", None) else None for key in NUMBERS}
        value = EgdiValue(
            year=int(row["year"]),
            iso3=row["iso3"].strip().upper(),
            name=row["name"].strip(),
            egdi_rank=int(row["egdi_rank"]),
            **numbers,
        )
    except (TypeError, ValueError):
        raise ValidationError(
            _("Line %(line)s of the EGDI file is not valid.") % {"line": line}
        ) from None
    value.full_clean(validate_unique=False, validate_constraints=False)
    return value
