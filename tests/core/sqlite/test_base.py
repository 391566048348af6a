"""gealc.core.sqlite: transactions take the write lock when they begin, except reading ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from gealc.core.sqlite import reading_only
from gealc.core.sqlite.base import DatabaseWrapper


def _connection(path: Path) -> DatabaseWrapper:
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "gealc.core.sqlite",
                "NAME": str(path),
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 0.1},
            }
        }
    )
    connection = handler["default"]
    assert isinstance(connection, DatabaseWrapper)
    return connection


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker: Any) -> Iterator[None]:
    """These tests open their own SQLite files, not the test database."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def writer_holding_the_lock(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "db.sqlite3"
    writer = _connection(path)
    with writer.cursor() as cursor:
        cursor.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)")
        cursor.execute("INSERT INTO item DEFAULT VALUES")
    writer._start_transaction_under_autocommit()
    writer.cursor().execute("INSERT INTO item DEFAULT VALUES")
    yield path
    writer.cursor().execute("ROLLBACK")
    writer.close()


def test_a_transaction_waits_for_the_write_lock_then_fails(writer_holding_the_lock: Path) -> None:
    other = _connection(writer_holding_the_lock)
    other.ensure_connection()
    with pytest.raises(OperationalError, match="locked"):
        other._start_transaction_under_autocommit()
    other.close()


def test_a_reading_transaction_reads_while_another_writes(writer_holding_the_lock: Path) -> None:
    reader = _connection(writer_holding_the_lock)
    reader.ensure_connection()
    with reading_only():
        reader._start_transaction_under_autocommit()
        with reader.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM item")
            assert cursor.fetchone() == (1,)  # the writer's row is not committed
        reader.cursor().execute("COMMIT")
    reader.close()


def test_reading_only_ends_with_its_block(writer_holding_the_lock: Path) -> None:
    connection = _connection(writer_holding_the_lock)
    connection.ensure_connection()
    with reading_only():
        pass
    with pytest.raises(OperationalError, match="locked"):
        connection._start_transaction_under_autocommit()
    connection.close()
