"""A database-level guard: a published run and the rows it stored never change.

The models refuse in ``save()``/``delete()``; these triggers refuse in the database too, so a
bulk ``update()``, a raw query or a mistaken admin action cannot alter a published result.
A published run may only become superseded. On PostgreSQL deletions are refused as well; on
SQLite only updates, because its flush (used between browser tests) empties tables with
DELETE, whereas PostgreSQL's uses TRUNCATE, which fires no row trigger.
"""

from django.db import migrations

RUN_COLUMNS = (
    "round_id", "framework_version_id", "title", "input_hash", "engine_version", "seed",
    "uncertainty_runs", "corrects_id", "changelog", "created_by_id", "created_at",
    "published_by_id", "published_at", "is_demo",
)  # fmt: skip
CHILD_TABLES = ("observatory_runscore", "observatory_runinput", "observatory_rundiagnostics")
MESSAGE = "a published index run cannot change; publish a correction instead"


def _changed(old: str, new: str, spec: str, run_columns: tuple[str, ...]) -> str:
    columns = " OR ".join(f"{old}.{c} IS DISTINCT FROM {new}.{c}" for c in run_columns)
    return f"{columns} OR {spec}"


def postgresql_run_function(run_columns: tuple[str, ...]) -> str:
    """The PostgreSQL function that guards a published run's ``run_columns``."""
    spec = "OLD.spec::jsonb IS DISTINCT FROM NEW.spec::jsonb"
    return _POSTGRESQL_RUN_FUNCTION.replace("{changed}", _changed("OLD", "NEW", spec, run_columns))


def sqlite_run(run_columns: tuple[str, ...]) -> str:
    """The SQLite guard of a published run over ``run_columns``."""
    changed = _changed("OLD", "NEW", "OLD.spec IS NOT NEW.spec", run_columns)
    return _SQLITE_RUN.replace("{changed}", changed.replace("IS DISTINCT FROM", "IS NOT"))


_POSTGRESQL_RUN_FUNCTION = f"""
CREATE OR REPLACE FUNCTION observatory_guard_run() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'preview' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE'
     OR {{changed}}
     OR NOT (NEW.status = OLD.status OR (OLD.status = 'published' AND NEW.status = 'superseded'))
  THEN
    RAISE EXCEPTION '{MESSAGE}';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""
_POSTGRESQL_TRIGGERS = f"""
CREATE TRIGGER observatory_guard_run BEFORE UPDATE OR DELETE ON observatory_indexrun
  FOR EACH ROW EXECUTE FUNCTION observatory_guard_run();
CREATE OR REPLACE FUNCTION observatory_guard_run_rows() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM observatory_indexrun WHERE id = OLD.run_id AND status <> 'preview')
  THEN
    RAISE EXCEPTION '{MESSAGE}';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
""" + "".join(
    f"CREATE TRIGGER {table}_guard BEFORE UPDATE OR DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION observatory_guard_run_rows();\n"
    for table in CHILD_TABLES
)
POSTGRESQL_REVERSE = (
    "".join(f"DROP TRIGGER IF EXISTS {table}_guard ON {table};\n" for table in CHILD_TABLES)
    + "DROP TRIGGER IF EXISTS observatory_guard_run ON observatory_indexrun;\n"
    + "DROP FUNCTION IF EXISTS observatory_guard_run_rows();\n"
    + "DROP FUNCTION IF EXISTS observatory_guard_run();\n"
)

_SQLITE_RUN = f"""
CREATE TRIGGER observatory_guard_run BEFORE UPDATE ON observatory_indexrun
FOR EACH ROW WHEN OLD.status <> 'preview' AND (
  {{changed}}
  OR NOT (NEW.status = OLD.status OR (OLD.status = 'published' AND NEW.status = 'superseded'))
)
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
"""
SQLITE_ROWS = [
    f"""
CREATE TRIGGER {table}_guard BEFORE UPDATE ON {table}
FOR EACH ROW WHEN EXISTS (
  SELECT 1 FROM observatory_indexrun WHERE id = OLD.run_id AND status <> 'preview'
)
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
"""
    for table in CHILD_TABLES
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {table}_guard;" for table in CHILD_TABLES] + [
    "DROP TRIGGER IF EXISTS observatory_guard_run;"
]


# The guard as 0002 installed it (0004 rewrites these statements).
POSTGRESQL_RUN = postgresql_run_function(RUN_COLUMNS) + _POSTGRESQL_TRIGGERS
SQLITE_RUN = sqlite_run(RUN_COLUMNS)


def install(apps, schema_editor) -> None:  # noqa: ANN001  (migration signature)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_RUN)
    elif vendor == "sqlite":
        for statement in [SQLITE_RUN, *SQLITE_ROWS]:
            schema_editor.execute(statement)


def remove(apps, schema_editor) -> None:  # noqa: ANN001
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("observatory", "0001_initial")]
    operations = [migrations.RunPython(install, remove, elidable=False)]
