"""A framework version's changelog becomes translatable (modeltranslation): the text a version
has so far is its default-language (Spanish) text."""

from typing import Any

from django.db import migrations, models
from django.db.models import F


def _to_default_language(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("measurement", "frameworkversion")
    model.objects.filter(changelog_es__isnull=True).update(changelog_es=F("changelog"))


class Migration(migrations.Migration):
    dependencies = [
        ("measurement", "0003_gealc_dgi_goalposts"),
    ]

    operations = [
        migrations.AddField(
            model_name="frameworkversion",
            name="changelog_en",
            field=models.TextField(blank=True, null=True, verbose_name="changelog"),
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="changelog_es",
            field=models.TextField(blank=True, null=True, verbose_name="changelog"),
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="changelog_fr",
            field=models.TextField(blank=True, null=True, verbose_name="changelog"),
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="changelog_pt",
            field=models.TextField(blank=True, null=True, verbose_name="changelog"),
        ),
        migrations.AddField(
            model_name="historicalframeworkversion",
            name="changelog_en",
            field=models.TextField(blank=True, null=True, verbose_name="changelog"),
        ),
        migrations.AddField(
            model_name="historicalframeworkversion",
            name="changelog_es",
            field=models.TextField(blank=True, null=True, verbose_name="changelog"),
        ),
        migrations.AddField(
            model_name="historicalframeworkversion",
            name="changelog_fr",
            field=models.TextField(blank=True, null=True, verbose_name="changelog"),
        ),
        migrations.AddField(
            model_name="historicalframeworkversion",
            name="changelog_pt",
            field=models.TextField(blank=True, null=True, verbose_name="changelog"),
        ),
        migrations.RunPython(_to_default_language, migrations.RunPython.noop),
    ]
