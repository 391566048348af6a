"""The database wrapper of ``gealc.core.sqlite`` (see the package docstring)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.backends.sqlite3 import base

_READING_ONLY: ContextVar[bool] = ContextVar("gealc_sqlite_reading_only", default=False)


@contextmanager
def reading_only() -> Iterator[None]:
    """Transactions begun inside start deferred: they take no lock until they write."""
    token = _READING_ONLY.set(True)
    try:
        yield
    finally:
        _READING_ONLY.reset(token)


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self) -> None:
        if _READING_ONLY.get():
            self.cursor().execute("BEGIN DEFERRED")
        else:
            super()._start_transaction_under_autocommit()
