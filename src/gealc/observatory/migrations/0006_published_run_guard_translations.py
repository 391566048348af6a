"""The published-run guard covers the translated titles and changelogs too (added by 0005):
a bulk update of a translated column, which modeltranslation makes of ``update(title=…)``,
must not alter a published run any more than the original columns."""

import importlib

from django.db import migrations

guard = importlib.import_module("gealc.observatory.migrations.0002_published_run_guard")
lifecycle = importlib.import_module("gealc.observatory.migrations.0004_run_lifecycle")

LANGUAGES = ("es", "pt", "en", "fr")
TRANSLATED_COLUMNS = tuple(
    f"{field}_{language}" for field in ("title", "changelog") for language in LANGUAGES
)


def _install(schema_editor, run_columns: tuple[str, ...]) -> None:  # noqa: ANN001
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(lifecycle.rewritten(guard.postgresql_run_function(run_columns)))
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS observatory_guard_run;")
        schema_editor.execute(lifecycle.rewritten(guard.sqlite_run(run_columns)))


def cover_translations(apps, schema_editor) -> None:  # noqa: ANN001  (migration signature)
    _install(schema_editor, guard.RUN_COLUMNS + TRANSLATED_COLUMNS)


def uncover_translations(apps, schema_editor) -> None:  # noqa: ANN001
    _install(schema_editor, guard.RUN_COLUMNS)


class Migration(migrations.Migration):
    dependencies = [("observatory", "0005_run_title_changelog_translations")]
    operations = [migrations.RunPython(cover_translations, uncover_translations, elidable=False)]
