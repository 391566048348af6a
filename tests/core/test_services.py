"""The service helpers every app's services use: who may, which fields, a validated save."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gealc.core.services import (
    apply_changes,
    authorise,
    locked_unchanged,
    save_validated,
    translated_fields,
)
from gealc.network.models import Country, Institution


@pytest.fixture
def country(db: None) -> Country:
    return Country.objects.create(
        iso3="URY",
        iso_numeric="858",
        name_es="Uruguay",
        subregion=Country.Subregion.SOUTH_AMERICA,
        member_since=datetime.date(2003, 1, 1),
    )


def test_a_translated_field_comes_with_one_column_per_language():
    assert translated_fields("name") == {"name", "name_es", "name_pt", "name_en", "name_fr"}


def test_authorise_refuses_whoever_lacks_the_permission(country, db):
    with pytest.raises(PermissionDenied):
        authorise(AnonymousUser(), "network.change_country", country)
    authorise(User.objects.create_superuser("root"), "network.change_country", country)


def test_a_field_the_service_does_not_change_is_refused_by_name_and_nothing_is_set(country):
    with pytest.raises(ValidationError) as refused:
        apply_changes(country, {"name": "Otro", "iso3": "XXX"}, frozenset({"name"}))

    assert set(refused.value.message_dict) == {"iso3"}
    assert (country.name_es, country.iso3) == ("Uruguay", "URY")


def test_save_validated_refuses_an_invalid_value_and_saves_nothing(country):
    country.subregion = "atlantis"

    with pytest.raises(ValidationError) as refused:
        save_validated(country, AnonymousUser())

    assert "subregion" in refused.value.message_dict
    country.refresh_from_db()
    assert country.subregion == Country.Subregion.SOUTH_AMERICA


def test_save_validated_records_who_made_the_change(country):
    editor = User.objects.create_user("editor")
    country.name_es = "República Oriental del Uruguay"

    save_validated(country, editor)

    latest = country.history.latest()
    assert latest.history_user == editor
    assert latest.name_es == "República Oriental del Uruguay"


def test_a_record_changed_since_the_editor_read_it_is_refused_and_left_alone(
    country: Country, english: None
) -> None:
    agency = Institution.objects.create(country=country, name_es="Agesic")
    Institution.objects.filter(pk=agency.pk).update(version=2)  # someone else saved meanwhile
    with transaction.atomic(), pytest.raises(ValidationError) as refused:
        locked_unchanged(agency, 1)
    assert refused.value.code == "stale"
    assert "Someone else changed this" in refused.value.messages[0]
    with transaction.atomic():
        current = locked_unchanged(agency, 2, "The agency changed.")
    assert (current.version, Institution.objects.get(pk=agency.pk).version) == (3, 2)
