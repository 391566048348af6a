"""Data migrations of the network, run on rows created through the real services."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from gealc.network import services
from gealc.network.models import Organisation

pytestmark = pytest.mark.django_db
ACRONYM_MIGRATION = "0003_organisation_acronym_translated"
acronym_migration = importlib.import_module(f"gealc.network.migrations.{ACRONYM_MIGRATION}")


def test_an_acronym_from_before_its_translation_is_kept_in_every_language(
    administrator: User,
) -> None:
    """The one acronym an organisation had (the untranslated column, which the migration's
    models read without modeltranslation) goes to each language's empty column."""
    state = MigrationExecutor(connection).loader.project_state(("network", ACRONYM_MIGRATION))
    historical = state.apps.get_model("network", "Organisation")
    oas = services.organisation_create(actor=administrator, name="OEA", kind="multilateral")
    plain = services.organisation_create(actor=administrator, name="Sin sigla", kind="donor")
    empty = {f"acronym_{code}": None for code in ("es", "pt", "en", "fr")}
    historical.objects.filter(pk=oas.pk).update(acronym="OAS", **empty | {"acronym_en": "OAS"})
    historical.objects.filter(pk=plain.pk).update(acronym="", **empty)

    acronym_migration.acronym_in_every_language(state.apps, None)

    oas.refresh_from_db()
    assert (oas.acronym_es, oas.acronym_pt, oas.acronym_en, oas.acronym_fr) == ("OAS",) * 4
    with translation.override("pt"):
        assert str(Organisation.objects.get(pk=plain.pk)) == "Sin sigla"
