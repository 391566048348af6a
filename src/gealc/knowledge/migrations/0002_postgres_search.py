"""PostgreSQL search support: the ``unaccent`` extension and GIN indexes on the vectors.

``UnaccentExtension`` does nothing on other databases; the indexes are created with SQL only
on PostgreSQL (SQLite has no GIN), so the same migrations run everywhere.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

TABLES = ("knowledge_practice", "knowledge_softwareentry", "knowledge_opendataset")


def _on_postgres(schema_editor: object) -> bool:
    return schema_editor.connection.vendor == "postgresql"  # type: ignore[attr-defined]


def create_indexes(apps: object, schema_editor: object) -> None:
    if _on_postgres(schema_editor):
        for table in TABLES:
            schema_editor.execute(  # type: ignore[attr-defined]
                f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} "
                "USING gin (search_vector)"
            )


def drop_indexes(apps: object, schema_editor: object) -> None:
    if _on_postgres(schema_editor):
        for table in TABLES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")  # type: ignore[attr-defined]


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
