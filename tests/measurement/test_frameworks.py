"""Framework documents: import validates both parts with paths, all or nothing; export
reproduces the document exactly; frozen versions change only through a new version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.forms.models import model_to_dict

from gealc import index as engine
from gealc.measurement import frameworks, services
from gealc.measurement.models import FrameworkVersion

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parents[2] / "src" / "gealc" / "measurement" / "data"


def _rows(version: FrameworkVersion) -> dict[str, list[dict[str, Any]]]:
    skip = {"id", "framework", "dimension", "previous"}

    def plain(queryset: Any) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in model_to_dict(row).items() if k not in skip}
            for row in queryset.order_by("code")
        ]

    return {
        "variables": plain(version.variables),
        "dimensions": plain(version.dimensions),
        "indicators": plain(version.indicators),
        "rules": plain(version.rules),
    }


def test_shipped_framework_has_fifteen_indicators_in_six_dimensions(
    dgi_framework: FrameworkVersion,
) -> None:
    assert dgi_framework.dimensions.count() == 6
    assert dgi_framework.indicators.count() == 15
    for indicator in dgi_framework.indicators.all():
        for code in ("es", "pt", "en", "fr"):
            assert getattr(indicator, f"name_{code}")
            assert getattr(indicator, f"definition_{code}")
            assert getattr(indicator, f"evidence_expected_{code}")
    assert dgi_framework.rules.filter(
        left="procedures_transactional", right="procedures_total"
    ).exists()
    spec = engine.parse_spec(dgi_framework.index_spec)
    assert len(spec.nodes) == 15 + 6 + 1


def test_round_trip_is_exact(administrator: User, dgi_framework: FrameworkVersion) -> None:
    exported = services.framework_export(version=dgi_framework)
    text = frameworks.dump_yaml(exported)
    exported["framework"]["version"] = "copy"
    copy = services.framework_import(actor=administrator, document=exported)
    assert _rows(copy) == _rows(dgi_framework)
    assert copy.index_spec == dgi_framework.index_spec
    again = services.framework_export(version=copy)
    again["framework"]["version"] = dgi_framework.version
    assert frameworks.dump_yaml(again) == text


def test_both_versions_import_and_2025_says_what_changed(administrator: User) -> None:
    for version in ("2024.1", "2025.1"):
        call_command("framework_import", str(DATA / f"gealc-dgi-{version}.yaml"))
    new = FrameworkVersion.objects.get(version="2025.1")
    assert new.previous.version == "2024.1"
    assert "satisfaction_measured" in new.changelog
    assert new.indicators.count() == new.previous.indicators.count() + 1


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["framework"].pop("code"), "framework.code"),
        (
            lambda d: d["framework"]["variables"][0].update(type="text"),
            "framework.variables[0].type",
        ),
        (
            lambda d: d["framework"]["dimensions"][0]["indicators"][0].update(formula="100 * x"),
            "framework.dimensions[0].indicators[0].formula",
        ),
        (
            lambda d: d["framework"]["rules"][0].update(right="import os"),
            "framework.rules[0].right",
        ),
        (
            lambda d: d["framework"]["variables"][1].update(code="Bad Code"),
            "framework.variables[1].code",
        ),
        (lambda d: d["framework"]["name"].update(xx="?"), "framework.name.xx"),
        (lambda d: d.update(index={"steps": {"normalise": {"method": "magic"}}}), "index.steps"),
        (
            lambda d: d.update(index={"nodes": [{"code": "elsewhere", "level": 1}]}),
            "index.nodes",
        ),
    ],
)
def test_invalid_documents_name_the_path_and_create_nothing(
    administrator: User, framework_document: dict[str, Any], change: Any, path: str
) -> None:
    change(framework_document)
    with pytest.raises(ValidationError) as error:
        services.framework_import(actor=administrator, document=framework_document)
    assert any(key.startswith(path) for key in error.value.message_dict), error.value.message_dict
    assert not FrameworkVersion.objects.exists()


def test_shipped_versions_declare_the_natural_scale_of_percentages_and_yes_no(
    administrator: User,
) -> None:
    for version in ("2024.1", "2025.1"):
        call_command("framework_import", str(DATA / f"gealc-dgi-{version}.yaml"))
    for framework in FrameworkVersion.objects.all():
        nodes = {node["code"]: node for node in framework.index_spec["nodes"]}
        for indicator in framework.indicators.all():
            natural = indicator.unit in ("%", "0/100", "points")
            assert indicator.goalposts == ((0.0, 100.0) if natural else None), indicator.code
            assert nodes[indicator.code].get("goalposts") == ([0.0, 100.0] if natural else None)
        assert engine.parse_spec(framework.index_spec).node("esignature_framework").goalposts


def _first_indicator(document: dict[str, Any]) -> dict[str, Any]:
    indicator: dict[str, Any] = document["framework"]["dimensions"][0]["indicators"][0]
    return indicator


def test_goalposts_are_stored_exported_and_reach_the_engine_spec(
    administrator: User, framework_document: dict[str, Any]
) -> None:
    _first_indicator(framework_document)["goalposts"] = [0, 1]
    version = services.framework_import(actor=administrator, document=framework_document)
    indicator = version.indicators.get(code=_first_indicator(framework_document)["code"])
    assert indicator.goalposts == (0.0, 1.0)
    node = next(n for n in version.index_spec["nodes"] if n["code"] == indicator.code)
    assert node["goalposts"] == [0.0, 1.0]
    others = [n for n in version.index_spec["nodes"] if n["code"] != indicator.code]
    assert not any("goalposts" in n for n in others)
    exported = services.framework_export(version=version)
    assert _first_indicator(exported)["goalposts"] == [0.0, 1.0]


@pytest.mark.parametrize(
    ("goalposts", "words"),
    [
        ([100, 0], "must be below"),
        ([5, 5], "must be below"),
        (["low", "high"], "two numbers"),
        ("0-100", "two numbers"),
        ([0], "two numbers"),
        ([0, 1, 2], "two numbers"),
        ([True, 2], "two numbers"),
        ([0, float("inf")], "two numbers"),
        ([0, 10**400], "two numbers"),
    ],
)
def test_bad_goalposts_are_refused_naming_the_field(
    administrator: User,
    framework_document: dict[str, Any],
    goalposts: Any,
    words: str,
    english: None,
) -> None:
    _first_indicator(framework_document)["goalposts"] = goalposts
    with pytest.raises(ValidationError) as error:
        services.framework_import(actor=administrator, document=framework_document)
    path = "framework.dimensions[0].indicators[0].goalposts"
    assert list(error.value.message_dict) == [path]
    assert words in error.value.message_dict[path][0]
    assert not FrameworkVersion.objects.exists()


def test_index_nodes_that_disagree_on_goalposts_are_refused(
    administrator: User, framework_document: dict[str, Any]
) -> None:
    exported_nodes = frameworks.parse_document(framework_document).index_spec["nodes"]
    exported_nodes[0]["goalposts"] = [0, 100]
    framework_document["index"] = {"nodes": exported_nodes}
    with pytest.raises(ValidationError) as error:
        services.framework_import(actor=administrator, document=framework_document)
    assert "index.nodes[0].goalposts" in error.value.message_dict


@pytest.mark.parametrize("text", ["", "framework: [", "- a\n- b", "\x00\xff", "framework: 3"])
def test_broken_yaml_is_a_clear_error(administrator: User, text: str) -> None:
    with pytest.raises(ValidationError):
        services.framework_import(actor=administrator, document=text)


def test_only_the_secretariat_imports(member_ury: User, framework_document: dict) -> None:
    with pytest.raises(PermissionDenied):
        services.framework_import(actor=member_ury, document=framework_document)
