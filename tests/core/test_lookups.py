"""A number no integer column can hold finds no row, in ``in`` and through a foreign key too,
instead of failing (SQLite's driver raised OverflowError: a 500 on a posted id)."""

from __future__ import annotations

import pytest
from django import forms

from gealc.network.models import Country, Institution
from tests.network.conftest import *  # noqa: F403  (the countries and institutions)

HUGE = 99_999_999_999_999_999_999_999


@pytest.mark.django_db
def test_a_number_out_of_range_finds_nothing(uruguay: Country, authority_ury: Institution) -> None:
    assert list(Country.objects.filter(pk__in=[HUGE])) == []
    assert list(Country.objects.filter(pk__in=[HUGE, -HUGE, uruguay.pk])) == [uruguay]
    assert list(Institution.objects.filter(country=HUGE)) == []
    assert list(Institution.objects.filter(country__in=[HUGE])) == []
    assert list(Institution.objects.filter(country__in=[HUGE, uruguay.pk])) == [authority_ury]
    assert authority_ury in Institution.objects.exclude(country=HUGE)
    assert authority_ury in Institution.objects.exclude(country__in=[HUGE])


@pytest.mark.django_db
def test_a_multiple_choice_of_an_id_out_of_range_is_refused(
    uruguay: Country, english: None
) -> None:
    class Choose(forms.Form):
        countries = forms.ModelMultipleChoiceField(Country.objects.all())

    form = Choose(data={"countries": [str(HUGE)]})

    assert not form.is_valid()
    assert "not one of the available choices" in form.errors["countries"][0]
    assert Choose(data={"countries": [str(uruguay.pk)]}).is_valid()
