"""The outcome link: the requester's published scores on the request's indicators in the
last round before the exchange and the latest round since, read from real published runs and
checked against values computed by hand; shown on the request's page as a fact, never as
what the exchange caused."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from gealc.cooperation import selectors
from gealc.cooperation import services as cooperation
from gealc.cooperation.models import Request, State
from gealc.measurement import services as measurement_services
from gealc.measurement.models import Indicator
from gealc.network.models import Country
from gealc.observatory import services as observatory_services
from gealc.observatory.models import IndexRun
from tests.cooperation.test_views import url
from tests.observatory.conftest import *  # noqa: F403  (a published 2025 run and its countries)
from tests.observatory.conftest import ROUND_VALUES

pytestmark = pytest.mark.usefixtures("english")

# 2026: 2025's values (no year-on-year warning) but other shares of procedures online:
# Uruguay 70 %, Brazil 60 %, Chile 90 %; Chile without a signature law (so that no indicator
# is the same for every country, which min-max could not scale).
VALUES_2026 = {
    "URY": ROUND_VALUES["URY"] | {"procedures_transactional": 70},
    "BRA": ROUND_VALUES["BRA"] | {"procedures_transactional": 120},
    "CHL": ROUND_VALUES["CHL"] | {"procedures_transactional": 135, "signature_law": 0},
}
# transactional_share = 100 * transactional / total, then min-max over the run's countries:
# 2025 (URY 90, CHL 66.7, BRA 60, ARG 30, MEX 10): Uruguay, the highest, scores 100.
# 2026 (URY 70, BRA 60, CHL 90): Uruguay scores 100 * (70 - 60) / (90 - 60) = 33.33.
BEFORE, AFTER = 100.0, 100 * (70 - 60) / (90 - 60)


@pytest.fixture
def round_2026(
    published_run: IndexRun,
    secretariat: User,
    administrator: User,
    fill: Callable[..., Any],
) -> Any:
    """A validated 2026 round of the same framework for Uruguay, Brazil and Chile."""
    later = measurement_services.round_open(
        actor=secretariat,
        framework_version=published_run.framework_version,
        reference_year=2026,
        opens_on=datetime.date(2027, 1, 15),
        closes_on=datetime.date(2027, 12, 31),
        countries=list(Country.objects.filter(iso3__in=VALUES_2026)),
    )
    for submission in later.submissions.select_related("country"):
        fill(submission, **VALUES_2026[submission.country.iso3])
        measurement_services.submission_submit(actor=administrator, submission=submission)
        measurement_services.submission_validate(actor=secretariat, submission=submission)
    return later


@pytest.fixture
def helped(
    request_draft: Request,
    advance: Callable[[Request, str], Request],
    secretariat: User,
    published_run: IndexRun,
) -> Request:
    """Uruguay's request about the share of procedures online, which Brazil helped with: filed
    on 4 May 2026, carried out on 9 May 2026 (a day a step), reported."""
    share = Indicator.objects.get(code="transactional_share")
    request_draft.indicators.set([share])
    advance(request_draft, State.REPORTED)
    filed = timezone.make_aware(datetime.datetime(2026, 5, 4, 10))
    cooperation.request_date_past(
        actor=secretariat, request=request_draft, filed_at=filed, step=datetime.timedelta(days=1)
    )
    return request_draft


def test_the_scores_before_and_after_are_the_published_ones(
    helped: Request,
    round_2026: Any,
    published_run: IndexRun,
    secretariat: User,
    compute: Callable[..., IndexRun],
) -> None:
    preview = compute(round_2026)
    assert selectors.request_outcome(helped) == []  # a preview is no published evidence
    observatory_services.run_publish(actor=secretariat, run=preview)

    [outcome] = selectors.request_outcome(helped)

    assert (outcome.node, outcome.before_year, outcome.after_year) == (
        "Transactional procedures",
        2025,
        2026,
    )
    assert outcome.before == pytest.approx(BEFORE)
    assert outcome.after == pytest.approx(AFTER)
    assert outcome.change == pytest.approx(AFTER - BEFORE)  # a fall, shown as it is


def test_the_page_states_the_fact_and_claims_no_cause(
    helped: Request, round_2026: Any, secretariat: User, compute: Callable[..., IndexRun]
) -> None:
    observatory_services.run_publish(actor=secretariat, run=compute(round_2026))
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(url("cooperation_request_detail", helped.pk))
    text = page.content.decode()
    assert page.status_code == 200  # public: the request is past acceptance
    assert "What was measured before and after" in text
    assert "Transactional procedures: 100.0 in 2025, 33.3 in 2026" in text
    assert "not a claim that the exchange caused it" in text
    section = text[text.index("What was measured before and after") :]
    section = section[: section.index("</section>")].lower()
    for causal in ("thanks to", "because of", "as a result", "led to", "improved", "impact"):
        assert causal not in section, causal


def test_no_outcome_without_a_round_on_each_side(helped: Request, published_run: IndexRun) -> None:
    """Only the 2025 run is published: nothing measured since the exchange of May 2026."""
    assert selectors.request_outcome(helped) == []
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(url("cooperation_request_detail", helped.pk))
    assert "What was measured before and after" not in page.content.decode()
