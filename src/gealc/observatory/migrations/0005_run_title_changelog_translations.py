"""An index run's title and changelog become translatable (modeltranslation): the text a
run has so far is its default-language (Spanish) text. The guard triggers watch the original
columns only, so filling the new ones is allowed on a published run."""

from typing import Any

from django.db import migrations, models
from django.db.models import F


def _to_default_language(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("observatory", "indexrun")
    model.objects.filter(title_es__isnull=True).update(title_es=F("title"))
    model.objects.filter(changelog_es__isnull=True).update(changelog_es=F("changelog"))


class Migration(migrations.Migration):
    dependencies = [
        ("observatory", "0004_run_lifecycle"),
    ]

    operations = [
        migrations.AddField(
            model_name="indexrun",
            name="changelog_en",
            field=models.TextField(blank=True, null=True, verbose_name="what changed and why"),
        ),
        migrations.AddField(
            model_name="indexrun",
            name="changelog_es",
            field=models.TextField(blank=True, null=True, verbose_name="what changed and why"),
        ),
        migrations.AddField(
            model_name="indexrun",
            name="changelog_fr",
            field=models.TextField(blank=True, null=True, verbose_name="what changed and why"),
        ),
        migrations.AddField(
            model_name="indexrun",
            name="changelog_pt",
            field=models.TextField(blank=True, null=True, verbose_name="what changed and why"),
        ),
        migrations.AddField(
            model_name="indexrun",
            name="title_en",
            field=models.CharField(max_length=300, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="indexrun",
            name="title_es",
            field=models.CharField(max_length=300, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="indexrun",
            name="title_fr",
            field=models.CharField(max_length=300, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="indexrun",
            name="title_pt",
            field=models.CharField(max_length=300, null=True, verbose_name="title"),
        ),
        migrations.RunPython(_to_default_language, migrations.RunPython.noop),
    ]
