"""The demo loads through the services, is labelled demo, covers what the issue asks for, and
loading it twice writes nothing."""

from __future__ import annotations

import pytest

from gealc.groups import demo
from gealc.groups.models import (
    Certificate,
    Commitment,
    Course,
    Meeting,
    WorkingGroup,
    WorkPlan,
)
from gealc.network import demo as network_demo

pytestmark = pytest.mark.django_db


def test_the_demo() -> None:
    network_demo.load()  # the people and accounts it builds on
    demo.load()
    assert WorkingGroup.objects.filter(is_demo=True).count() == 5
    assert WorkPlan.objects.filter(adopted_on__isnull=False).count() == 2
    latest = WorkPlan.objects.order_by("-year").first()
    levels = {c.level for c in Commitment.objects.filter(plan=latest)}
    assert levels == {"not_started", "limited", "substantial", "complete"}
    outcomes = set(Commitment.objects.exclude(plan=latest).values_list("outcome", flat=True))
    assert {"completed", "carried_over", "dropped", "replaced"} <= outcomes
    assert Commitment.objects.filter(plan=latest, carried_from__isnull=False).exists()
    assert Meeting.objects.filter(decisions__isnull=False).exists()
    assert Meeting.objects.filter(agenda__carried_action__isnull=False).exists()
    assert any(not m.is_past for m in Meeting.objects.all())
    assert Course.objects.count() == 3
    assert Certificate.objects.exists()
    assert not Commitment.objects.filter(is_demo=False).exists()
    counts = (WorkingGroup.objects.count(), Commitment.objects.count(), Meeting.objects.count())
    demo.load()
    assert (
        WorkingGroup.objects.count(),
        Commitment.objects.count(),
        Meeting.objects.count(),
    ) == counts
