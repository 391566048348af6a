"""Declare the natural scale of GEALC-DGI's percentage-like indicators in versions already
installed (the shipped framework files declare them since this release).

Without goalposts, min-max normalisation refuses an indicator every country answers the same
way (every country has an e-signature law), so the installed 2025 round could not be
computed. Versions in use by a round are frozen for users; this migration changes only the
method of future runs (a computed run keeps its own copy of the spec) and only indicators
whose formula is the shipped one.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

FRAMEWORK_CODE = "GEALC-DGI"
VERSIONS = ("2024.1", "2025.1")
NATURAL_SCALE = [0.0, 100.0]
# indicator code → its shipped formula (a percentage, a 0/100 yes-no or 0-100 points)
ON_A_NATURAL_SCALE = {
    "transactional_procedures": "100 * procedures_transactional / procedures_total",
    "services_portal": "100 * portal_exists * procedures_on_portal / procedures_total",
    "mobile_services": "100 * procedures_mobile / procedures_total",
    "esignature_framework": "100 * esignature_law",
    "institutions_connected_share": "100 * institutions_connected / institutions_total",
    "base_registries": "20 * base_registries_connected",
    "egov_use": "egov_users_pct",
    "online_transactions": "100 * top_transactions_online / top_transactions_total",
    "user_satisfaction": "satisfaction_score",
    "satisfaction_measured": "100 * services_measured / top_services_total",
}


def declare_goalposts(apps: Any, schema_editor: Any) -> None:
    FrameworkVersion = apps.get_model("measurement", "FrameworkVersion")
    Indicator = apps.get_model("measurement", "Indicator")
    for version in FrameworkVersion.objects.filter(code=FRAMEWORK_CODE, version__in=VERSIONS):
        declared = set()
        for indicator in Indicator.objects.filter(framework=version, goalpost_low=None):
            if ON_A_NATURAL_SCALE.get(indicator.code) == indicator.formula:
                indicator.goalpost_low, indicator.goalpost_high = NATURAL_SCALE
                indicator.save(update_fields=["goalpost_low", "goalpost_high"])
                declared.add(indicator.code)
        nodes = version.index_spec.get("nodes", [])
        for node in nodes:
            if node.get("code") in declared:
                node["goalposts"] = list(NATURAL_SCALE)
        if declared:
            version.save(update_fields=["index_spec"])


class Migration(migrations.Migration):
    dependencies = [("measurement", "0002_indicator_goalposts")]

    operations = [migrations.RunPython(declare_goalposts, migrations.RunPython.noop)]
