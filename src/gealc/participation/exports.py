"""A consultation's contributions as open data (CSV and JSON), through the shared tabular
writer (``gealc.core.tabular``, one formula-injection policy for every export). The rows come
from ``selectors.export_rows``: no names, accounts or addresses."""

from __future__ import annotations

import json
from typing import Any

from gealc.core.tabular import csv_bytes, dict_rows
from gealc.participation.selectors import EXPORT_COLUMNS


def contributions_csv(rows: list[dict[str, Any]]) -> bytes:
    return csv_bytes(dict_rows(rows, EXPORT_COLUMNS), EXPORT_COLUMNS)


def contributions_json(rows: list[dict[str, Any]], *, consultation: str) -> bytes:
    document = {"consultation": consultation, "columns": list(EXPORT_COLUMNS), "rows": rows}
    return json.dumps(document, ensure_ascii=False, indent=1).encode()
