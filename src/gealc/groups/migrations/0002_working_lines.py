"""The network's eight working lines, in the four languages of the site (``groups.lines``)."""

from django.db import migrations


def seed(apps, schema_editor):
    from gealc.groups.services import working_lines_sync

    working_lines_sync(
        model=apps.get_model("groups", "WorkingLine"), using=schema_editor.connection.alias
    )


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
