"""The demo loads through the services, is labelled demo, forms a partial recognition matrix
that changes over the years, and loading it twice writes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from gealc.agreements import demo, selectors
from gealc.agreements.models import Agreement, Party
from gealc.network import demo as network_demo

pytestmark = pytest.mark.django_db


def _pairs(year: int, kind: str = "signatures") -> set[frozenset[str]]:
    matrix = selectors.matrix(AnonymousUser(), kind=kind, year=year)
    return {frozenset((a.iso3, b.iso3)) for a, b, _cell in matrix.pairs}


def test_the_demo() -> None:
    network_demo.load()  # the countries and the administrator it builds on
    demo.load()
    assert not Agreement.objects.filter(is_demo=False).exists()
    assert set(Agreement.objects.values_list("status", flat=True)) == {
        "negotiating",
        "signed",
        "in_force",
        "ended",
    }
    assert _pairs(2018) == {frozenset(("ARG", "CHL"))}
    assert _pairs(2022) == {
        frozenset(("ARG", "CHL")),
        frozenset(("URY", "ARG")),
        frozenset(("URY", "BRA")),
        frozenset(("CHL", "COL")),
    }
    assert frozenset(("ARG", "CHL")) not in _pairs(2023)  # that agreement ended mid-2023
    data_2022, data_2023 = _pairs(2022, "data_exchange"), _pairs(2023, "data_exchange")
    assert len(data_2022) == 6  # four parties
    assert len(data_2023) == 10  # Chile joined
    counts = (Agreement.objects.count(), Party.objects.count())
    demo.load()
    assert (Agreement.objects.count(), Party.objects.count()) == counts
