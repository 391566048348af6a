"""The role groups (secretariat, reviewer, stakeholder) and their permissions, so that a fresh
installation has them without the demo. Idempotent; ``roles.ROLE_GROUPS`` declares them and a
``post_migrate`` receiver keeps them equal to it after every later ``migrate``."""

from django.db import migrations


def create_role_groups(apps, schema_editor):
    from gealc.network.services import role_groups_sync

    role_groups_sync(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    # The secretariat's permissions name the models of these apps.
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("network", "0001_initial"),
        ("measurement", "0001_initial"),
        ("observatory", "0001_initial"),
        ("knowledge", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
