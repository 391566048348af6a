"""The run lifecycle: queued → computing → preview (or failed), computed by a worker.

New statuses, where the worker writes its progress and a failure, and the database guard of
0002 rewritten so that only published and superseded runs are frozen (a queued or computing
run is updated by its worker). On SQLite, altering the table rebuilds it and drops its
trigger, so the guard is installed again after the fields change.
"""

import importlib

from django.db import migrations, models

GUARD = importlib.import_module("gealc.observatory.migrations.0002_published_run_guard")
LOCKED = "('published', 'superseded')"


def rewritten(sql: str) -> str:
    """0002's statements with "not a preview" replaced by "published or superseded"."""
    for old, new in (
        ("IF OLD.status = 'preview' THEN", f"IF OLD.status NOT IN {LOCKED} THEN"),
        ("WHEN OLD.status <> 'preview'", f"WHEN OLD.status IN {LOCKED}"),
        ("status <> 'preview'", f"status IN {LOCKED}"),
    ):
        sql = sql.replace(old, new)
    assert "'preview'" not in sql, sql
    return sql


def reinstall_guard(apps, schema_editor) -> None:  # noqa: ANN001  (migration signature)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(GUARD.POSTGRESQL_REVERSE)
        schema_editor.execute(rewritten(GUARD.POSTGRESQL_RUN))
    elif vendor == "sqlite":
        for statement in GUARD.SQLITE_REVERSE:
            schema_editor.execute(statement)
        for statement in [GUARD.SQLITE_RUN, *GUARD.SQLITE_ROWS]:
            schema_editor.execute(rewritten(statement))


def drop_guard(apps, schema_editor) -> None:  # noqa: ANN001
    """SQLite rebuilds the table to alter it, and refuses while triggers name the table."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(GUARD.POSTGRESQL_REVERSE)
    elif vendor == "sqlite":
        for statement in GUARD.SQLITE_REVERSE:
            schema_editor.execute(statement)


def restore_guard(apps, schema_editor) -> None:  # noqa: ANN001
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(GUARD.POSTGRESQL_REVERSE)
        schema_editor.execute(GUARD.POSTGRESQL_RUN)
    elif vendor == "sqlite":
        for statement in GUARD.SQLITE_REVERSE:
            schema_editor.execute(statement)
        for statement in [GUARD.SQLITE_RUN, *GUARD.SQLITE_ROWS]:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("observatory", "0003_one_published_run_per_round")]

    operations = [
        migrations.RunPython(drop_guard, restore_guard, elidable=False),
        migrations.RemoveConstraint(
            model_name="indexrun",
            name="observatory_published_run_has_date",
        ),
        migrations.AddField(
            model_name="indexrun",
            name="failure_log",
            field=models.TextField(blank=True, verbose_name="failure detail (English)"),
        ),
        migrations.AddField(
            model_name="indexrun",
            name="failure_reason",
            field=models.TextField(blank=True, verbose_name="why the computation failed"),
        ),
        migrations.AddField(
            model_name="indexrun",
            name="finished_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="computation finished at"
            ),
        ),
        migrations.AddField(
            model_name="indexrun",
            name="heartbeat_at",
            field=models.DateTimeField(
                blank=True,
                help_text="A worker computing the run updates it; a stale one means it died.",
                null=True,
                verbose_name="worker last seen at",
            ),
        ),
        migrations.AddField(
            model_name="indexrun",
            name="language",
            field=models.CharField(
                blank=True,
                help_text="The language of who asked for the run: its failure reason is in it.",
                max_length=10,
                verbose_name="language",
            ),
        ),
        migrations.AddField(
            model_name="indexrun",
            name="started_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="computation started at"
            ),
        ),
        migrations.AlterField(
            model_name="indexrun",
            name="engine_version",
            field=models.CharField(blank=True, max_length=40, verbose_name="engine version"),
        ),
        migrations.AlterField(
            model_name="indexrun",
            name="input_hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="input data hash"),
        ),
        migrations.AlterField(
            model_name="indexrun",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("computing", "Computing"),
                    ("failed", "Failed"),
                    ("preview", "Preview"),
                    ("published", "Published"),
                    ("superseded", "Superseded by a correction"),
                ],
                default="queued",
                max_length=12,
                verbose_name="status",
            ),
        ),
        migrations.AddConstraint(
            model_name="indexrun",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status__in", ["published", "superseded"]), _negated=True),
                    ("published_at__isnull", False),
                    _connector="OR",
                ),
                name="observatory_published_run_has_date",
                violation_error_message="A published run needs a publication date.",
            ),
        ),
        migrations.RunPython(reinstall_guard, drop_guard, elidable=False),
    ]
