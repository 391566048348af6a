"""SQLite with one writer: transactions that may write take the lock when they begin.

``ENGINE = "gealc.core.sqlite"`` is Django's SQLite backend with one difference. A
transaction begins as ``BEGIN IMMEDIATE`` (it takes the write lock and waits for it up to the
busy timeout), because a deferred transaction that reads and then writes cannot wait: SQLite
answers "database is locked" at once. Inside :func:`reading_only` it begins as ``BEGIN
DEFERRED`` instead, so that requests which only read (GET, HEAD, OPTIONS) never queue behind a
writer or hold the lock while a page renders; WAL lets them read while one writes.
"""

from .base import reading_only

__all__ = ["reading_only"]
