"""The demo: Paraguay changed government last month and is being welcomed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gealc.continuity import demo, selectors
from gealc.continuity.models import Welcome
from gealc.network import demo as network_demo
from gealc.network.models import Appointment, Country

pytestmark = pytest.mark.django_db


def test_paraguay_changed_government_last_month_and_is_being_welcomed() -> None:
    network_demo.load()
    demo.load()
    demo.load()  # idempotent
    welcome = Welcome.objects.get()
    assert welcome.is_demo
    head = welcome.appointment
    assert head.institution.country.iso3 == "PRY"
    assert head.role == Appointment.Role.HEAD_OF_AUTHORITY
    assert head.start == timezone.localdate() - datetime.timedelta(days=demo.DAYS_AGO)
    assert "(demo)" in head.person.family_name
    assert welcome.steps.count() == 2
    ended = Appointment.objects.filter(
        institution__country=head.institution.country, end=head.start - datetime.timedelta(days=1)
    )
    assert ended.exists()  # the former team's appointments ended the day before
    country = Country.objects.get(iso3="PRY")
    assert selectors.latest_welcome(country) == welcome
