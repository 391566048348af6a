"""Data migrations of measurement, run on rows created through the real services."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.contrib.auth.models import User

from gealc import index as engine
from gealc.measurement import services

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parents[2] / "src" / "gealc" / "measurement" / "data"
goalposts_migration = importlib.import_module(
    "gealc.measurement.migrations.0003_gealc_dgi_goalposts"
)


def test_installed_gealc_dgi_versions_get_the_goalposts_of_the_shipped_files(
    administrator: User,
) -> None:
    document = yaml.safe_load((DATA / "gealc-dgi-2025.1.yaml").read_text())
    shipped = {
        indicator["code"]: indicator.pop("goalposts", None)
        for dimension in document["framework"]["dimensions"]
        for indicator in dimension["indicators"]
    }
    document["framework"]["previous"] = None
    version = services.framework_import(actor=administrator, document=document)
    assert not version.indicators.exclude(goalpost_low=None).exists()

    goalposts_migration.declare_goalposts(apps, None)

    version.refresh_from_db()
    spec = engine.parse_spec(version.index_spec)
    for indicator in version.indicators.all():
        expected = tuple(shipped[indicator.code]) if shipped[indicator.code] else None
        assert indicator.goalposts == expected, indicator.code
        assert spec.node(indicator.code).goalposts == expected
