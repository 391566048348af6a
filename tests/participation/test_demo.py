"""The demo loads through the services, is labelled demo, covers what the issue asks for
(stakeholders of every sector from several countries, two closed consultations with their
summaries, one on the framework, one open, reported and hidden contributions), and loading it
twice writes nothing."""

from __future__ import annotations

from importlib import resources

import pytest
from django.contrib.auth.models import User

from gealc.groups import services as group_services
from gealc.measurement import services as measurement_services
from gealc.measurement.models import FrameworkVersion
from gealc.network import demo as network_demo
from gealc.participation import demo, rules
from gealc.participation.models import (
    Consultation,
    Contribution,
    Report,
    Sector,
    Stakeholder,
)

pytestmark = pytest.mark.django_db


def _what_it_builds_on() -> None:
    network_demo.load()
    admin = User.objects.get(username="admin")
    document = resources.files("gealc.measurement").joinpath("data/gealc-dgi-2025.1.yaml")
    measurement_services.framework_import(
        actor=admin, document=document.read_text(encoding="utf-8"), is_demo=True
    )
    group_services.plan_create(actor=admin, year=2025, is_demo=True)


def test_the_demo() -> None:
    _what_it_builds_on()
    accounts = demo.load()
    assert {account.username for account in accounts} == {"stakeholder-pending", "academia-bra"}
    people = Stakeholder.objects.exclude(sector=Sector.NETWORK)
    assert {p.sector for p in people} == set(Sector.values) - {Sector.NETWORK}
    assert people.values("country").distinct().count() >= 4
    assert people.filter(verification="pending").count() == 1
    assert rules.is_verified_stakeholder(User.objects.get(username="academia-bra"))
    closed = Consultation.objects.filter(phase=Consultation.Phase.SUMMARY_PUBLISHED)
    assert closed.count() == 2
    framework = closed.get(subject=Consultation.Subject.FRAMEWORK)
    assert framework.questions.filter(indicator__isnull=False).exists()
    assert framework.questions.filter(dimension__isnull=False).exists()
    open_ones = Consultation.objects.filter(phase=Consultation.Phase.OPEN)
    assert open_ones.count() == 1
    assert open_ones.get().accepts_contributions
    assert Contribution.objects.filter(is_hidden=True, under_review=True).exists()
    assert Contribution.objects.filter(is_hidden=True, under_review=False).exists()
    assert Report.objects.filter(reviewed_at__isnull=True).exists()
    assert Contribution.objects.filter(parent__isnull=False).exists()
    assert not Consultation.objects.filter(is_demo=False).exists()
    assert not Contribution.objects.filter(is_demo=False).exists()
    counts = (Consultation.objects.count(), Contribution.objects.count(), Report.objects.count())
    assert demo.load() == demo.ACCOUNTS
    assert (
        Consultation.objects.count(),
        Contribution.objects.count(),
        Report.objects.count(),
    ) == counts


def test_the_demo_consults_on_a_draft_of_the_next_version_when_rounds_use_the_latest() -> None:
    """A consultation is on a draft version; the demo's rounds freeze the versions they use,
    so the demo consults on the draft of the next one, made from the latest."""
    _what_it_builds_on()
    FrameworkVersion.objects.update(status=FrameworkVersion.Status.FROZEN)
    demo.load()
    consultation = Consultation.objects.get(subject=Consultation.Subject.FRAMEWORK)
    draft = consultation.framework
    assert not draft.is_frozen
    assert draft.is_demo
    assert (draft.version, draft.previous.version) == ("2026.1", "2025.1")
    assert consultation.questions.filter(indicator__isnull=False).exists()
