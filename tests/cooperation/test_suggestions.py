"""Partner suggestions: the rank-interval rule and the scoring checked by hand on plain
evidence, then read from a real published run, practices and offers."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from gealc.cooperation import services as cooperation
from gealc.cooperation import suggestions
from gealc.cooperation.models import Request
from gealc.cooperation.suggestions import Evidence, Improvement, Interval, Standing
from gealc.groups.models import WorkingLine
from gealc.measurement.models import Indicator
from gealc.network.models import Country
from gealc.observatory import selectors as observatory_selectors
from gealc.observatory.models import IndexRun
from tests.observatory.conftest import *  # noqa: F403  (a published run and its countries)

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    ("candidate", "requester", "ahead"),
    [
        (Interval(1, 1, 2), Interval(3, 3, 5), True),  # 2 < 3: clearly better
        (Interval(2, 1.5, 4), Interval(3, 3, 5), False),  # 4 overlaps 3-5: cannot tell
        (Interval(1, 1, 3), Interval(4, 3, 6), False),  # touching at 3 is overlapping
        (Interval(4, 4, 4), Interval(3, 3, 5), False),  # behind
        (Interval(2, 1, 3), None, True),  # requester unranked: a top-three place counts
        (Interval(3, 2, 4), None, False),  # ... but not an interval reaching 4th
    ],
)
def test_the_rank_interval_rule(
    candidate: Interval, requester: Interval | None, ahead: bool
) -> None:
    assert suggestions.is_clearly_ahead(candidate, requester) is ahead


def _country(iso3: str, name: str) -> Country:
    return Country(iso3=iso3, name=name)


def test_scoring_and_explaining_by_hand() -> None:
    uruguay = Evidence(
        _country("URY", "Uruguay"),
        ahead=[Standing("Interoperability", 2024, Interval(1, 1, 2))],
        practices=2,
        offers=["Our platform"],
    )  # 3 + 2 + 2 = 7
    chile = Evidence(
        _country("CHL", "Chile"),
        improved=[Improvement("Interoperability", 12.34, 2023)],
        satisfaction=(4.5, 2),
    )  # 2 + 2 = 4
    brazil = Evidence(_country("BRA", "Brazil"), practices=5, software=1)  # 3 (capped) + 1 = 4
    mexico = Evidence(_country("MEX", "Mexico"), satisfaction=(3.0, 1))  # poorly rated: 0
    peru = Evidence(_country("PER", "Peru"), preferred=True)  # 1

    ranked = suggestions.rank([peru, mexico, brazil, chile, uruguay])

    assert [(s.country.iso3, s.points) for s in ranked] == [
        ("URY", 7),
        ("BRA", 4),  # ties by name: Brazil before Chile
        ("CHL", 4),
        ("PER", 1),
    ]
    assert ranked[0].line == (
        "Uruguay: rank 1 in Interoperability 2024 (interval 1\u20132), 2 practices, "
        "offers “Our platform”"
    )
    assert ranked[2].line == (
        "Chile: improved Interoperability by 12.3 points since 2023, "
        "rated 4.5/5 as provider (2 evaluations)"
    )
    assert ranked[3].line == "Peru: named by the requester"
    assert suggestions.rank([uruguay, chile], shown=1) == ranked[:1]


@pytest.fixture
def request_bra(member_bra: User, brazil: Country, published_run: IndexRun) -> Request:
    return cooperation.request_create(
        actor=member_bra,
        country=brazil,
        working_line=WorkingLine.objects.get(slug="innovation"),
        data={"title_en": "Online procedures", "need_en": "More of them.", "modality": "workshop"},
        indicators=[Indicator.objects.get(code="transactional_share")],
    )


def test_suggestions_from_a_published_run(
    request_bra: Request,
    published_run: IndexRun,
    chile: Country,
    administrator: User,
    english: None,
) -> None:
    """transactional_share = 100 * transactional / total: URY 90, CHL 66.7, BRA 60, ARG 30,
    MEX 10. Brazil is 3rd, so only Uruguay and Chile are ahead — and only if their whole
    intervals are; the test reads the stored intervals to apply the rule by hand."""
    rows = {
        row.iso3: row for row in observatory_selectors.ranking(published_run, "transactional_share")
    }
    assert [rows[iso].rank for iso in ("URY", "CHL", "BRA", "ARG", "MEX")] == [1, 2, 3, 4, 5]
    brazil_low = rows["BRA"].rank_q05 if rows["BRA"].rank_q05 is not None else 3
    expected_ahead = {
        iso
        for iso, row in rows.items()
        if iso != "BRA" and (row.rank_q95 if row.rank_q95 is not None else row.rank) < brazil_low
    }
    assert expected_ahead <= {"URY", "CHL"}

    cooperation.offer_create(
        actor=administrator,
        country=chile,
        working_line=request_bra.working_line,
        data={"title_en": "Procedures online, step by step", "start": datetime.date(2024, 1, 1)},
    )
    found = suggestions.suggest(request_bra)

    by_iso = {s.country.iso3: s for s in found}
    assert "BRA" not in by_iso
    year = published_run.round.reference_year
    for iso in expected_ahead:
        assert f"rank {rows[iso].rank} in " in by_iso[iso].line
        assert f" {year} (interval " in by_iso[iso].line
    for iso in {"ARG", "MEX"}:
        assert iso not in by_iso
    assert "offers “Procedures online, step by step”" in by_iso["CHL"].line
