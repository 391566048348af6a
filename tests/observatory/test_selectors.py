"""Selectors read stored rows: rankings, averages, profiles, comparisons, indicators."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from gealc.measurement.models import Value
from gealc.network.models import Country
from gealc.observatory import selectors, services
from gealc.observatory.models import EgdiValue, IndexRun
from tests.observatory.conftest import SEED


def test_previews_are_hidden_from_the_public(
    preview_run: IndexRun, secretariat: User, member_ury: User
) -> None:
    assert selectors.latest_published_run() is None
    with pytest.raises(IndexRun.DoesNotExist):
        selectors.run_get(preview_run.pk, member_ury)
    assert selectors.run_get(preview_run.pk, secretariat) == preview_run
    with pytest.raises(IndexRun.DoesNotExist):
        selectors.run_get("not a number")


def test_ranking_has_intervals_and_missing_last(published_run: IndexRun) -> None:
    assert selectors.latest_published_run() == published_run
    ranking = selectors.ranking(published_run)
    assert next(r.iso3 for r in ranking) == "URY"
    assert all(r.rank_q05 <= r.rank_q95 for r in ranking)
    satisfaction = selectors.ranking(published_run, "satisfaction")
    assert satisfaction[-1].iso3 == "MEX"
    assert satisfaction[-1].score is None


def test_nodes_and_breakdown(published_run: IndexRun) -> None:
    assert selectors.root_code(published_run) == "index"
    assert selectors.dimension_codes(published_run) == ["services", "satisfaction", "identity"]
    breakdown = selectors.dimension_breakdown(published_run)
    assert set(breakdown["URY"]) == {"services", "satisfaction", "identity"}
    assert "satisfaction" not in breakdown["MEX"]


def test_regional_and_subregional_averages(published_run: IndexRun) -> None:
    averages = selectors.regional_averages(published_run)
    region = next(a for a in averages if a.group == "region" and a.node == "index")
    scores = [r.score for r in selectors.ranking(published_run)]
    assert region.count == 5
    assert region.mean == pytest.approx(statistics.fmean(scores))
    south = next(a for a in averages if a.group == "south_america" and a.node == "index")
    assert south.count == 4  # URY, BRA, CHL, ARG


def test_country_profile(published_run: IndexRun, egdi_loaded: int) -> None:
    profile = selectors.country_profile(published_run, "ury")
    assert profile.index.rank == 1
    assert profile.strengths
    assert not profile.weaknesses
    assert len(profile.similar) == 3
    assert profile.similar == sorted(profile.similar, key=lambda s: s.distance)
    assert [p.year for p in profile.history] == [2025]
    assert len(profile.egdi) == 6
    with pytest.raises(Country.DoesNotExist):
        selectors.country_profile(published_run, "PRY")  # in the round, not in the run
    with pytest.raises(Country.DoesNotExist):
        selectors.country_profile(published_run, "x'; --")


def test_similar_countries_are_nearest_by_dimension_scores(published_run: IndexRun) -> None:
    breakdown = selectors.dimension_breakdown(published_run)
    nearest = selectors.similar_countries(published_run, "BRA", count=1)[0]
    distances = {
        iso3: sum((breakdown["BRA"][d] - scores[d]) ** 2 for d in breakdown["BRA"] if d in scores)
        for iso3, scores in breakdown.items()
        if iso3 != "BRA"
    }
    assert nearest.iso3 == min(distances, key=lambda k: (distances[k], k))


def test_egdi_correlation(published_run: IndexRun, egdi_loaded: int) -> None:
    correlation = selectors.egdi_correlation(published_run)
    assert correlation.year == 2024
    assert correlation.count == 5
    assert -1 <= correlation.pearson <= 1
    assert -1 <= correlation.spearman <= 1
    assert selectors.egdi_values(members_only=True, year=2024).count() == 6  # incl. Paraguay
    assert EgdiValue.objects.count() == 1158


def test_compare(published_run: IndexRun) -> None:
    codes = selectors.parse_countries("ury, BRA,ury")
    assert codes == ["URY", "BRA"]
    compared = selectors.compare(published_run, codes)
    assert [c.country.iso3 for c in compared] == ["URY", "BRA"]
    assert compared[0].rank == 1
    for bad in ["URY", "", "URY,BRA,CHL,ARG,MEX,PRY,COL", "UR1,BRA", None]:
        with pytest.raises(ValidationError) as raised:
            selectors.parse_countries(bad)
        assert "countries" in raised.value.message_dict
    with pytest.raises(ValidationError):
        selectors.compare(published_run, ["URY", "PRY"])


def test_indicator_data(published_run: IndexRun) -> None:
    data = selectors.indicator_data(published_run, "user_satisfaction")
    assert data.reported == 4
    assert data.missing == 1
    assert data.minimum == 65
    assert data.maximum == 90
    statuses = {v.country.iso3: v.status for v in data.values}
    assert statuses["MEX"] == "not_available"
    with pytest.raises(data.indicator.DoesNotExist):
        selectors.indicator_data(published_run, "nope")


def test_trend_follows_the_current_publication(correction_run: IndexRun, secretariat: User) -> None:
    services.run_publish(actor=secretariat, run=correction_run)
    points = selectors.trend()
    assert {p.run_id for p in points} == {correction_run.pk}
    assert selectors.published_values(iso3="PRY").exists()


def test_methodology(published_run: IndexRun) -> None:
    method = selectors.methodology(published_run)
    assert method.steps["normalise"]["method"] == "minmax"
    assert method.uncertainty["runs"] == published_run.uncertainty_runs
    assert method.sensitivity["indices"]
    assert next(n.level for n in method.nodes) == 3


@pytest.mark.parametrize("bad", ["0", "-1", str(2**70), "1e3", "\x00"])
def test_odd_run_ids_are_unknown_runs(published_run: IndexRun, bad: str) -> None:
    with pytest.raises(IndexRun.DoesNotExist):
        selectors.run_get(bad)


@pytest.mark.parametrize("bad", ["\x00", "a" * 300, "Nope!", "ÜRY"])
def test_odd_codes_are_unknown(published_run: IndexRun, bad: str) -> None:
    from gealc.measurement.models import Indicator

    with pytest.raises(Indicator.DoesNotExist):
        selectors.indicator_data(published_run, bad)
    with pytest.raises(Country.DoesNotExist):
        selectors.country_profile(published_run, bad)


# What a correction changed ---------------------------------------------------------------


def _index(run: IndexRun) -> dict[str, selectors.Ranked]:
    return {row.iso3: row for row in selectors.ranking(run)}


def _index_changes(changes: selectors.RunChanges) -> list[selectors.ScoreChange]:
    return [change for change in changes.scores if change.node == "index"]


def test_run_changes_lists_the_added_country_and_every_moved_score_or_rank(
    published_run: IndexRun, correction_run: IndexRun
) -> None:
    changes = selectors.run_changes(correction_run)
    before, after = _index(published_run), _index(correction_run)
    assert changes.corrects_id == published_run.pk
    assert changes.run_id == correction_run.pk
    index_changes = _index_changes(changes)
    assert changes.scores[: len(index_changes)] == index_changes  # the index comes first
    paraguay = index_changes[0]  # an appearance has no size: the largest change
    assert (paraguay.iso3, paraguay.name) == ("PRY", "Paraguay")
    assert (paraguay.before_score, paraguay.before_rank) == (None, None)
    assert (paraguay.after_score, paraguay.after_rank) == (after["PRY"].score, after["PRY"].rank)
    moved = {
        iso3
        for iso3, row in before.items()
        if row.rank != after[iso3].rank or abs(row.score - after[iso3].score) > 1e-9
    }
    assert moved  # at least the countries Paraguay now outranks
    assert {change.iso3 for change in index_changes} >= moved | {"PRY"}
    for change in index_changes[1:]:
        assert (change.before_score, change.before_rank) == (
            before[change.iso3].score,
            before[change.iso3].rank,
        )
        assert (change.after_score, change.after_rank) == (
            after[change.iso3].score,
            after[change.iso3].rank,
        )
    rest = index_changes[1:]
    assert rest == sorted(rest, key=lambda c: (-abs(c.difference), c.iso3))


def test_run_changes_compare_every_measure_at_every_node_from_the_stored_rows(
    published_run: IndexRun, correction_run: IndexRun
) -> None:
    changes = selectors.run_changes(correction_run)
    listed = {(c.iso3, c.node): c for c in changes.scores}
    old = {(r.country.iso3, r.node): r for r in published_run.scores.select_related("country")}
    new = {(r.country.iso3, r.node): r for r in correction_run.scores.select_related("country")}
    counts = dict.fromkeys(selectors.CHANGE_KINDS, 0)
    for key in old.keys() | new.keys():
        differ = [
            m
            for m in selectors.SCORE_MEASURES
            if (getattr(old.get(key), m, None) is None) != (getattr(new.get(key), m, None) is None)
            or (
                key in old
                and key in new
                and getattr(old[key], m) is not None
                and abs(getattr(old[key], m) - getattr(new[key], m)) > 1e-9
            )
        ]
        assert tuple(differ) == (listed[key].changed if key in listed else ()), key
        for kind, measures in selectors.CHANGE_KINDS.items():
            counts[kind] += sum(m in differ for m in measures)
    assert {node for _, node in listed} >= {"index", "services", "transactional_share"}
    assert changes.counts == {**counts, "input": len(changes.inputs)}
    assert "PRY" in changes.countries


def test_a_correction_that_moved_only_intervals_lists_them(
    published_run: IndexRun, secretariat: User
) -> None:
    """The case that said "0 countries changed": the same data with another seed changes no
    score or rank, only the Monte Carlo intervals, bounds and median ranks."""
    correction = services.run_correct(
        actor=secretariat, run=published_run, changelog="Another seed.", seed=SEED + 1
    )
    changes = selectors.run_changes(correction)
    counts = changes.counts
    assert counts["score"] == counts["rank"] == counts["input"] == 0
    assert counts["rank_bound"] + counts["score_bound"] > 0
    assert changes.countries
    uncertain = {"rank_median", "rank_q05", "rank_q95", "score_q05", "score_q95"}
    assert all(set(c.changed) <= uncertain for c in changes.scores)
    assert all(c.level > 1 for c in changes.scores)  # an indicator's interval is nominal


def test_run_changes_lists_the_inputs_of_the_added_country(
    published_run: IndexRun, correction_run: IndexRun
) -> None:
    changes = selectors.run_changes(correction_run)
    assert {change.iso3 for change in changes.inputs} == {"PRY"}
    assert len(changes.inputs) == correction_run.inputs.filter(country__iso3="PRY").count()
    assert all(c.before_value is None and c.before_status is None for c in changes.inputs)
    assert changes.inputs == sorted(changes.inputs, key=lambda c: (c.iso3, c.kind, c.code))
    share = next(c for c in changes.inputs if c.code == "transactional_share")
    assert (share.kind, share.after_status) == ("indicator", "reported")
    assert share.after_value == pytest.approx(50)  # 100 * 60 / 120, the fixture's values


def test_run_changes_finds_changed_values_statuses_and_scores(
    published_run: IndexRun, correction_run: IndexRun
) -> None:
    # A preview's stored rows may still change: alter some as a different recomputation would.
    def stored(code: str, iso3: str) -> Any:
        return correction_run.inputs.get(country__iso3=iso3, kind="variable", code=code)

    total = stored("procedures_total", "CHL")
    total.value += 10
    total.save()
    satisfaction = stored("satisfaction_score", "MEX")
    satisfaction.status = Value.Status.CONFIDENTIAL
    satisfaction.save()
    noise = stored("procedures_total", "URY")
    noise.value += 1e-12  # below the tolerance: rounding, not a change
    noise.save()
    score = correction_run.scores.get(country__iso3="URY", node="index")
    score.score -= 5
    score.save()

    changes = selectors.run_changes(correction_run)
    changed = [c for c in changes.inputs if c.iso3 != "PRY"]
    assert [(c.iso3, c.code) for c in changed] == [
        ("CHL", "procedures_total"),
        ("MEX", "satisfaction_score"),
    ]
    assert (changed[0].before_value, changed[0].after_value) == (150, 160)
    assert (changed[0].before_status, changed[0].after_status) == ("reported", "reported")
    assert (changed[1].before_status, changed[1].after_status) == (
        "not_available",
        "confidential",
    )
    uruguay = next(c for c in changes.scores if c.iso3 == "URY")
    expected = score.score - _index(published_run)["URY"].score
    assert uruguay.difference == pytest.approx(expected)
    assert (uruguay.before_rank, uruguay.after_rank) == (1, 1)


def test_run_changes_of_a_run_that_corrects_nothing_is_none(
    published_run: IndexRun, django_assert_num_queries: Callable[..., Any]
) -> None:
    with django_assert_num_queries(0):
        assert selectors.run_changes(published_run) is None


def test_run_changes_costs_two_queries_whatever_the_countries(
    correction_run: IndexRun, secretariat: User, django_assert_num_queries: Callable[..., Any]
) -> None:
    run = selectors.run_get(correction_run.pk, secretariat)  # with the run it corrects
    with django_assert_num_queries(2):
        changes = selectors.run_changes(run)
    assert changes.scores
    assert changes.inputs
