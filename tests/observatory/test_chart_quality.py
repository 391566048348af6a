"""Every chart of the demo, in English and French (its longest names): no label cut with an
ellipsis or reaching outside the picture, and never two legends for one encoding."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from gealc.charts import Chart
from gealc.core.demo_loading import load_all
from gealc.knowledge import charts as knowledge_charts
from gealc.knowledge import selectors as knowledge_selectors
from gealc.measurement.models import Round
from gealc.measurement.pages import round_detail
from gealc.network.models import Country
from gealc.network.views import _country_map
from gealc.observatory import pages, selectors
from tests.charts.svg_checks import clipped_texts, duplicate_legends

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The longest country names, the trickiest labels.
PROFILES = ("VCT", "KNA", "DOM", "URY")


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        load_all()
        yield
        transaction.set_rollback(True)


def _charts_of(context: dict[str, Any]) -> dict[str, Chart]:
    return {key: value for key, value in context.items() if isinstance(value, Chart)}


def every_demo_chart() -> dict[str, Chart]:
    run = selectors.latest_published_run()
    assert run is not None
    found: dict[str, Chart] = {}
    found.update({f"overview {k}": c for k, c in _charts_of(pages.overview(run)).items()})
    found.update({f"home {k}": c for k, c in _charts_of(pages.at_a_glance(run)).items()})
    for iso3 in PROFILES:
        context = pages.country(run, iso3)
        found.update({f"{iso3} {k}": c for k, c in _charts_of(context).items()})
    compared = pages.compare(run, list(PROFILES))
    found.update({f"compare {k}": c for k, c in _charts_of(compared).items()})
    for node in selectors.run_nodes(run):
        if node.level == 1:
            context = pages.indicator(run, node.code)
            found.update({f"{node.code} {k}": c for k, c in _charts_of(context).items()})
    countries = list(Country.objects.order_by("name"))
    found["country map"] = _country_map(countries)
    practices = knowledge_selectors.practice_map_counts(AnonymousUser())
    by_country = [(c, practices.get(c.iso3, 0)) for c in countries if practices.get(c.iso3)]
    practice_map = knowledge_charts.practice_map(by_country)
    if practice_map is not None:
        found["practice map"] = practice_map
    secretariat = User.objects.get(username="secretariat")  # sees every country's progress
    for measurement_round in Round.objects.all():
        context = round_detail(measurement_round, secretariat)
        found.update({f"round {k}": c for k, c in _charts_of(context).items()})
    return found


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_demo_chart_cuts_a_label_or_repeats_a_legend(
    loaded_demo: None, db: None, language: str
) -> None:
    with translation.override(language):
        charts = every_demo_chart()

    assert len(charts) > 25
    problems = {
        name: clipped_texts(chart.raw_svg)
        + [f"two legends: {t}" for t in duplicate_legends(chart.raw_svg)]
        for name, chart in charts.items()
    }
    assert {name: found for name, found in problems.items() if found} == {}
